import { formatChinaDateTime } from '../../../lib/dates.js';
import type { PageContext } from '../../../web/context.js';
import { PortalLayout } from '../../../web/layouts/PortalLayout.js';
import type { AgencyWithDepartments } from '../../agencies/agency.service.js';
import type { PublicListItem } from '../../publications/publication.query.js';
import type { Settings } from '../../settings/settings.js';
import { columnUrl, type ColumnTree } from '../catalog.js';
import { directoryUrl } from '../catalog.directory.js';
import { portalMeta } from '../catalog.meta.js';
import type { ReportYear } from '../catalog.reports.js';
import type { AnnualReportStatus } from '../column-health.js';
import { CatalogList, DisclosureNav, pubDay } from './parts.js';

export type { ReportYear };

/** The numbered statutory columns with their item counts: the catalog tree of 法定主动公开内容. */
export function StatutoryTree(p: { agencySlug: string; tree: ColumnTree; counts: Record<string, number>; headingId?: string }) {
  const visible = p.tree.statutory.filter((c) => !c.hidden);
  return (
    <ul class="column-grid">
      {visible.map((c) => (
        <li key={c.id}>
          <a href={columnUrl(p.agencySlug, c)}>{c.name}</a>
          <span class="muted">
            {c.article ? `${c.article} · ` : ''}
            {p.counts[c.category ?? ''] ? `${p.counts[c.category ?? '']} 条` : '暂无信息'}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function DisclosureHome(p: {
  ctx: PageContext;
  settings: Settings;
  agency: AgencyWithDepartments;
  tree: ColumnTree;
  counts: Record<string, number>;
  latest: PublicListItem[];
  reports: ReportYear[];
  reportStatus: AnnualReportStatus;
}) {
  const a = p.agency;
  const t = p.tree;
  const path = columnUrl(a.slug, t.root);
  const byKey = new Map(t.disclosure.map((c) => [c.key, c]));
  const hiddenStatutory = t.statutory.filter((c) => c.hidden);
  const col = (key: string) => byKey.get(key);
  const guide = col('zfxxgkzn');
  const rules = col('zfxxgkzd');
  const statutory = col('fdzdgknr');
  const reports = col('zfxxgknb');
  const request = col('ysqgk');
  return (
    <PortalLayout
      ctx={p.ctx}
      siteName={p.settings.siteName}
      title={`政府信息公开 - ${a.name}`}
      crumbs={[{ label: a.name, href: `/${a.slug}` }, { label: '政府信息公开' }]}
      canonicalPath={path}
      feeds={[{ title: `${a.name}政府信息公开`, href: `${path}/feed.xml` }]}
      meta={portalMeta(p.ctx, p.settings, a, {
        columnName: '政府信息公开',
        columnType: '信息公开目录',
        description: `${a.name}政府信息公开：公开指南、公开制度、法定主动公开内容、年度报告和依申请公开。`,
        keywords: `政府信息公开,${a.name}`,
        pubDate: p.latest[0] ? formatChinaDateTime(p.latest[0].publishedAt) : undefined,
        path,
      })}
    >
      <h1>政府信息公开</h1>
      <p class="lead">{a.name}</p>
      <DisclosureNav agencySlug={a.slug} tree={t} />
      <div class="two-col">
        <div>
          {statutory ? (
            <section class="panel" aria-labelledby="h-fdzdgknr">
              <h2 id="h-fdzdgknr">
                <a href={columnUrl(a.slug, statutory)}>{statutory.name}</a>
              </h2>
              <StatutoryTree agencySlug={a.slug} tree={t} counts={p.counts} />
              {hiddenStatutory.length ? (
                <details class="not-applicable">
                  <summary>不适用于本机关的栏目（{hiddenStatutory.length}）</summary>
                  <ul>
                    {hiddenStatutory.map((c) => (
                      <li key={c.id}>
                        {c.name}：{c.hiddenReason}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </section>
          ) : null}
          <section class="panel" aria-labelledby="h-latest">
            <h2 id="h-latest">最新公开信息</h2>
            <CatalogList items={p.latest} showAgency={false} showSummary={false} />
          </section>
        </div>
        <div>
          {guide ? (
            <section class="panel" aria-labelledby="h-zn">
              <h2 id="h-zn">
                <a href={columnUrl(a.slug, guide)}>{guide.name}</a>
              </h2>
              <p>主动公开信息的分类、编排体系、获取方式，依申请公开的受理渠道和办理方式。</p>
              {a.guidePublishedAt ? <p class="muted">更新时间：{pubDay(a.guidePublishedAt)}</p> : <p class="muted">正在编制中。</p>}
            </section>
          ) : null}
          <section class="panel" aria-labelledby="h-ml">
            <h2 id="h-ml">
              <a href={directoryUrl(a.slug)}>政府信息公开目录</a>
            </h2>
            <p>按年度列出本机关主动公开的信息：索引号、名称、内容概述、生成日期等，可打印，可下载 CSV、Excel。</p>
          </section>
          {rules ? (
            <section class="panel" aria-labelledby="h-zd">
              <h2 id="h-zd">
                <a href={columnUrl(a.slug, rules)}>{rules.name}</a>
              </h2>
              <p>本机关政府信息公开工作制度性文件，{p.counts[rules.category ?? ''] ?? 0} 条。</p>
            </section>
          ) : null}
          {reports ? (
            <section class="panel" aria-labelledby="h-nb">
              <h2 id="h-nb">
                <a href={columnUrl(a.slug, reports)}>{reports.name}</a>
              </h2>
              {p.reportStatus.state === 'overdue' || p.reportStatus.state === 'due_today' ? (
                <p class="alert alert-warning">{p.reportStatus.message}</p>
              ) : null}
              {p.reports.length === 0 ? (
                <p>暂无年度报告。</p>
              ) : (
                <ul class="link-list">
                  {p.reports.slice(0, 3).map((r) =>
                    r.items[0] ? (
                      <li key={r.year}>
                        <a href={r.items[0].url}>{r.year}年度报告</a>
                      </li>
                    ) : null,
                  )}
                </ul>
              )}
            </section>
          ) : null}
          {request && !request.hidden ? (
            <section class="panel" aria-labelledby="h-ysq">
              <h2 id="h-ysq">
                <a href={columnUrl(a.slug, request)}>{request.name}</a>
              </h2>
              <p>公民、法人或者其他组织可以向本机关申请获取政府信息。</p>
            </section>
          ) : null}
          {a.supervisionPhone ? (
            <p class="supervision">
              监督电话：<a href={`tel:${a.supervisionPhone.replace(/[^0-9+-]/g, '')}`}>{a.supervisionPhone}</a>
            </p>
          ) : null}
        </div>
      </div>
    </PortalLayout>
  );
}
