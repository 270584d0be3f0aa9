import { formatChinaDateTime } from '../../../lib/dates.js';
import type { PageContext } from '../../../web/context.js';
import { PortalLayout } from '../../../web/layouts/PortalLayout.js';
import type { AgencyWithDepartments } from '../../agencies/agency.service.js';
import type { Settings } from '../../settings/settings.js';
import { columnUrl, type Column, type ColumnTree } from '../catalog.js';
import { columnType, portalMeta } from '../catalog.meta.js';
import { annualReportRule, type AnnualReportStatus } from '../column-health.js';
import { columnCrumbs } from './ColumnPage.js';
import type { ReportYear } from './DisclosureHome.js';
import { DisclosureNav, pubDay } from './parts.js';

/** 政府信息公开年报: one entry per year, newest first, with a notice when last year's is missing. */
export function AnnualReportsPage(p: {
  ctx: PageContext;
  settings: Settings;
  agency: AgencyWithDepartments;
  tree: ColumnTree;
  column: Column;
  reports: ReportYear[];
  status: AnnualReportStatus;
}) {
  const { agency: a, tree: t, column: c } = p;
  const path = columnUrl(a.slug, c);
  const newest = p.reports[0]?.items[0];
  return (
    <PortalLayout
      ctx={p.ctx}
      siteName={p.settings.siteName}
      title={`${c.name} - ${a.name}`}
      crumbs={columnCrumbs(a, t, c)}
      canonicalPath={path}
      feeds={[{ title: `${a.name} ${c.name}`, href: `${path}/feed.xml` }]}
      meta={portalMeta(p.ctx, p.settings, a, {
        columnName: c.name,
        columnType: columnType(c),
        description: `${a.name}政府信息公开工作年度报告，按年度排列。`,
        keywords: `政府信息公开工作年度报告,${a.name}`,
        pubDate: newest ? formatChinaDateTime(newest.publishedAt) : undefined,
        path,
      })}
    >
      <h1>{c.name}</h1>
      <DisclosureNav agencySlug={a.slug} tree={t} current={c} />
      {p.status.state === 'overdue' || p.status.state === 'due_today' ? (
        <p class="alert alert-warning" role="note">
          {p.status.message}
        </p>
      ) : null}
      {p.reports.length === 0 ? (
        <p class="empty">暂无年度报告。</p>
      ) : (
        <ol class="report-years">
          {p.reports.map((r) => (
            <li key={r.year}>
              <h2>{r.year}年度</h2>
              <ul class="catalog-list">
                {r.items.map((it) => (
                  <li key={it.id}>
                    <a class="item-title" href={it.url}>
                      {it.title}
                    </a>
                    <p class="item-meta">
                      <span class="index-no">{it.indexNumber}</span>
                      <time dateTime={it.publishedAt}>发布日期：{pubDay(it.publishedAt)}</time>
                    </p>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
      {a.level === 'township' ? (
        <p class="muted">{annualReportRule(a.level, p.settings.townshipReportDue)}</p>
      ) : (
        <p class="muted">
          依据《中华人民共和国政府信息公开条例》第四十九条，县级以上人民政府部门应当在每年1月31日前、县级以上地方人民政府应当在每年3月31日前公布上一年度政府信息公开工作年度报告。
        </p>
      )}
    </PortalLayout>
  );
}
