import type { AgencyWithDepartments } from '../../agencies/agency.service.js';
import type { Settings } from '../../settings/settings.js';
import type { PageContext } from '../../../web/context.js';
import { PortalLayout } from '../../../web/layouts/PortalLayout.js';
import type { PublicListItem } from '../../publications/publication.query.js';
import { PORTAL_PATHS } from '../../../web/portal-paths.js';
import { CatalogList } from './parts.js';

/** One of the home page's two lists, with its feed and a link to the whole list. */
function HomeList(p: { id: string; title: string; items: PublicListItem[]; more: string; moreLabel: string; feed: string }) {
  return (
    <section class="panel" aria-labelledby={p.id}>
      <div class="panel-head">
        <h2 id={p.id}>{p.title}</h2>
        <a class="feed-link" href={p.feed}>
          订阅（Atom）<span class="visually-hidden">{p.title}</span>
        </a>
      </div>
      <CatalogList items={p.items} showSummary={false} />
      <p>
        <a href={p.more}>{p.moreLabel}</a>
      </p>
    </section>
  );
}

export function HomePage(p: { ctx: PageContext; settings: Settings; agencies: AgencyWithDepartments[]; latest: PublicListItem[]; policies: PublicListItem[] }) {
  return (
    <PortalLayout
      ctx={p.ctx}
      siteName={p.settings.siteName}
      title="首页"
      headerSearch={false}
      meta={{ ColumnName: '首页', SiteIDCode: p.settings.siteIdCode }}
      feeds={[
        { title: '最新信息', href: PORTAL_PATHS.latestFeed },
        { title: '政策文件', href: PORTAL_PATHS.policiesFeed },
      ]}
    >
      <section class="hero">
        <h1>{p.settings.siteName}</h1>
        <p>依据《中华人民共和国政府信息公开条例》，集中发布本级政府及其部门主动公开的政府信息，提供检索、查阅、下载和依申请公开服务。</p>
        <form class="hero-search" action="/search" method="get" role="search">
          <label for="home-q">搜索政府信息</label>
          <div class="search-row">
            <input id="home-q" name="q" type="search" placeholder="输入标题、文号或关键词，例如：年度报告" />
            <button type="submit">搜索</button>
          </div>
        </form>
      </section>
      <div class="home-lists">
        <HomeList id="latest-h" title="最新信息" items={p.latest} more="/search?sort=date" moreLabel="更多信息" feed={PORTAL_PATHS.latestFeed} />
        <HomeList id="policies-h" title="政策文件" items={p.policies} more={PORTAL_PATHS.policies} moreLabel="全部政策文件" feed={PORTAL_PATHS.policiesFeed} />
      </div>
      <section id="agencies" aria-labelledby="agencies-h">
        <h2 id="agencies-h">公开机关</h2>
        {p.agencies.length === 0 ? (
          <p>平台尚未添加机关。</p>
        ) : (
          <ul class="agency-grid">
            {p.agencies.map((a) => (
              <li key={a.id} class="agency-card">
                <h3>
                  <a href={`/${a.slug}`}>{a.name}</a>
                </h3>
                <p class="muted">
                  {a.departments.length ? `${a.departments.length} 个内设机构` : '暂无内设机构'}
                  {a.supervisionPhone ? ` · 监督电话 ${a.supervisionPhone}` : ''}
                </p>
                <p>
                  <a href={`/${a.slug}/zfxxgk/zfxxgkzn`} aria-label={`${a.name}政府信息公开指南`}>
                    政府信息公开指南
                  </a>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </PortalLayout>
  );
}
