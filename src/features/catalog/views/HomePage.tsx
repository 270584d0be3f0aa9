import type { AgencyWithDepartments } from '../../agencies/agency.service.js';
import type { Settings } from '../../settings/settings.js';
import type { PageContext } from '../../../web/context.js';
import { PortalLayout } from '../../../web/layouts/PortalLayout.js';

export function HomePage(p: { ctx: PageContext; settings: Settings; agencies: AgencyWithDepartments[] }) {
  return (
    <PortalLayout ctx={p.ctx} siteName={p.settings.siteName} title="首页" meta={{ ColumnName: '首页', SiteIDCode: p.settings.siteIdCode }}>
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
