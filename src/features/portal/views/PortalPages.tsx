import type { AgencyWithDepartments } from '../../agencies/agency.service.js';
import { columnUrl, type ColumnTree, type Column } from '../../catalog/catalog.js';
import { CatalogList, pubDay } from '../../catalog/views/parts.js';
import type { PublicListItem } from '../../publications/publication.query.js';
import type { Settings } from '../../settings/settings.js';
import type { PageContext } from '../../../web/context.js';
import { PortalLayout } from '../../../web/layouts/PortalLayout.js';
import { PORTAL_PATHS } from '../../../web/portal-paths.js';

interface Base {
  ctx: PageContext;
  settings: Settings;
}

/** A column and its visible sub-columns, nested. */
function ColumnBranch({ slug, tree, column }: { slug: string; tree: ColumnTree; column: Column }) {
  const children = tree.all.filter((c) => c.parentId === column.id && !c.hidden);
  return (
    <li>
      <a href={columnUrl(slug, column)}>{column.name}</a>
      {children.length ? (
        <ul>
          {children.map((c) => (
            <ColumnBranch key={c.id} slug={slug} tree={tree} column={c} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** 网站地图: the platform's own pages, then every agency with its column tree. */
export function SiteMapPage(p: Base & { agencies: { agency: AgencyWithDepartments; tree: ColumnTree }[] }) {
  return (
    <PortalLayout ctx={p.ctx} siteName={p.settings.siteName} title="网站地图" crumbs={[{ label: '网站地图' }]} meta={{ ColumnName: '网站地图' }}>
      <h1>网站地图</h1>
      <p class="muted">
        本页列出平台的全部栏目。供搜索引擎使用的 <a href="/sitemap.xml">XML 网站地图</a> 另行提供。
      </p>
      <ul class="site-map">
        <li>
          <h2 id="map-platform">平台栏目</h2>
          <ul aria-labelledby="map-platform">
            <li><a href="/">首页</a></li>
            <li><a href="/search">信息检索</a></li>
            <li><a href={PORTAL_PATHS.policies}>政策文件</a></li>
            <li><a href={PORTAL_PATHS.requests}>依申请公开</a>（<a href="/requests/track">申请办理进度查询</a>）</li>
            <li><a href={PORTAL_PATHS.reports}>政府信息公开工作年度报告</a></li>
            <li><a href="/calendar">工作日计算</a></li>
            <li><a href={PORTAL_PATHS.contact}>联系我们</a></li>
            <li><a href={PORTAL_PATHS.errorReport}>网站纠错</a></li>
          </ul>
        </li>
        {p.agencies.map(({ agency: a, tree }) => (
          <li key={a.id}>
            <h2 id={`map-${a.slug}`}>
              <a href={`/${a.slug}`}>{a.name}</a>
            </h2>
            <ul aria-labelledby={`map-${a.slug}`}>
              <ColumnBranch slug={a.slug} tree={tree} column={tree.root} />
              {tree.agencyLevel.filter((c) => !c.hidden).map((c) => (
                <ColumnBranch key={c.id} slug={a.slug} tree={tree} column={c} />
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </PortalLayout>
  );
}

function Fact({ label, value, href }: { label: string; value: string; href?: string }) {
  if (!value) return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd>{href ? <a href={href}>{value}</a> : value}</dd>
    </div>
  );
}

/** 联系我们: who runs the platform and how to reach each agency's 政府信息公开 office. */
export function ContactPage(p: Base & { agencies: AgencyWithDepartments[] }) {
  const s = p.settings;
  return (
    <PortalLayout ctx={p.ctx} siteName={s.siteName} title="联系我们" crumbs={[{ label: '联系我们' }]} meta={{ ColumnName: '联系我们' }}>
      <h1>联系我们</h1>
      <section class="panel" aria-labelledby="contact-site">
        <h2 id="contact-site">网站运行维护</h2>
        <dl class="facts">
          <Fact label="主办单位" value={s.hostedBy} />
          <Fact label="承办单位" value={s.undertakenBy} />
          <Fact label="联系电话" value={s.contactPhone} href={s.contactPhone ? `tel:${s.contactPhone.replace(/[^\d+]/g, '')}` : undefined} />
          <Fact label="电子邮箱" value={s.contactEmail} href={s.contactEmail ? `mailto:${s.contactEmail}` : undefined} />
        </dl>
        <p>
          发现网页内容错误、链接失效或无法访问，请通过<a href={PORTAL_PATHS.errorReport}>网站纠错</a>告诉我们。
        </p>
      </section>
      <h2>各机关政府信息公开工作机构</h2>
      <ul class="hub-list">
        {p.agencies.map((a) => (
          <li key={a.id} id={a.slug}>
            <h3>
              <a href={`/${a.slug}`}>{a.name}</a>
            </h3>
            <dl class="facts">
              <Fact label="办公地址" value={a.address + (a.postcode ? `（邮编 ${a.postcode}）` : '')} />
              <Fact label="办公时间" value={a.officeHours} />
              <Fact label="联系电话" value={a.phone} />
              <Fact label="传真" value={a.fax} />
              <Fact label="电子邮箱" value={a.email} href={a.email ? `mailto:${a.email}` : undefined} />
              <Fact label="监督电话" value={a.supervisionPhone} />
            </dl>
            <p>
              <a href={`/${a.slug}/zfxxgk/zfxxgkzn`} aria-label={`${a.name}政府信息公开指南`}>
                政府信息公开指南
              </a>
            </p>
          </li>
        ))}
      </ul>
    </PortalLayout>
  );
}

/** 依申请公开: where to apply to each agency, and the progress query. */
export function RequestsHubPage(p: Base & { agencies: AgencyWithDepartments[] }) {
  return (
    <PortalLayout ctx={p.ctx} siteName={p.settings.siteName} title="依申请公开" crumbs={[{ label: '依申请公开' }]} meta={{ ColumnName: '依申请公开' }}>
      <h1>依申请公开</h1>
      <p>
        公民、法人或者其他组织可以向行政机关申请获取主动公开以外的政府信息（《中华人民共和国政府信息公开条例》第二十七条）。请向保存该信息的机关提出申请；已提交的申请可凭查询码<a href="/requests/track">查询办理进度</a>。
      </p>
      <ul class="hub-list">
        {p.agencies.map((a) => (
          <li key={a.id}>
            <h2>{a.name}</h2>
            <ul>
              <li><a href={`/${a.slug}/zfxxgk/ysqgk`} aria-label={`${a.name}依申请公开办理说明`}>办理说明</a></li>
              <li><a href={`/${a.slug}/zfxxgk/ysqgk/apply`} aria-label={`向${a.name}在线申请`}>在线申请</a></li>
              <li><a href={`/${a.slug}/zfxxgk/ysqgk/form`} aria-label={`${a.name}申请表`}>申请表（打印填写）</a></li>
              <li><a href={`/${a.slug}/zfxxgk/ysqgk/stats`} aria-label={`${a.name}依申请公开办理情况`}>办理情况统计</a></li>
            </ul>
          </li>
        ))}
      </ul>
    </PortalLayout>
  );
}

/** 年报: each agency's 政府信息公开工作年度报告, the newest one named. */
export function ReportsHubPage(p: Base & { rows: { agency: AgencyWithDepartments; latest: PublicListItem | undefined }[] }) {
  return (
    <PortalLayout ctx={p.ctx} siteName={p.settings.siteName} title="政府信息公开工作年度报告" crumbs={[{ label: '年报' }]} meta={{ ColumnName: '政府信息公开工作年度报告' }}>
      <h1>政府信息公开工作年度报告</h1>
      <p class="muted">各机关每年向社会公布上一年度政府信息公开工作年度报告（条例第四十九条、第五十条）。</p>
      <ul class="hub-list">
        {p.rows.map(({ agency: a, latest }) => (
          <li key={a.id}>
            <h2>
              <a href={`/${a.slug}/zfxxgk/zfxxgknb`} aria-label={`${a.name}政府信息公开年报`}>{a.name}</a>
            </h2>
            {latest ? (
              <p>
                最新：<a href={latest.url}>{latest.title}</a>（{pubDay(latest.publishedAt)}）
              </p>
            ) : (
              <p class="muted">尚未公布年度报告。</p>
            )}
          </li>
        ))}
      </ul>
    </PortalLayout>
  );
}

/** 政策文件: every agency's 行政法规、规章和规范性文件, newest first. */
export function PoliciesPage(p: Base & { items: PublicListItem[]; total: number; page: number; pageSize: number }) {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  return (
    <PortalLayout
      ctx={p.ctx}
      siteName={p.settings.siteName}
      title="政策文件"
      crumbs={[{ label: '政策文件' }]}
      meta={{ ColumnName: '政策文件' }}
      feeds={[{ title: '政策文件', href: PORTAL_PATHS.policiesFeed }]}
      canonicalPath={p.page > 1 ? `${PORTAL_PATHS.policies}?page=${p.page}` : PORTAL_PATHS.policies}
    >
      <h1>政策文件</h1>
      <p class="muted">
        各机关公开的行政法规、规章和规范性文件（条例第二十条第（一）项），按发布日期排列。按机关、年份、有效性查找请用<a href="/search?category=art20_01">信息检索</a>。
      </p>
      <p class="result-count" role="status">共 {p.total} 件</p>
      <CatalogList items={p.items} />
      {pages > 1 ? (
        <nav class="pager" aria-label="分页">
          <ul>
            {p.page > 1 ? <li><a href={`${PORTAL_PATHS.policies}?page=${p.page - 1}`} rel="prev">上一页</a></li> : null}
            <li><span aria-current="page">第 {p.page} / {pages} 页</span></li>
            {p.page < pages ? <li><a href={`${PORTAL_PATHS.policies}?page=${p.page + 1}`} rel="next">下一页</a></li> : null}
          </ul>
        </nav>
      ) : null}
      <p class="feed-link">
        <a href={PORTAL_PATHS.policiesFeed}>订阅政策文件（Atom）</a>
      </p>
    </PortalLayout>
  );
}
