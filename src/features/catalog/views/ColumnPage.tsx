import type { VNode } from 'preact';
import { formatChinaDateTime } from '../../../lib/dates.js';
import type { PageContext } from '../../../web/context.js';
import type { Crumb } from '../../../web/layouts/PortalLayout.js';
import { PortalLayout } from '../../../web/layouts/PortalLayout.js';
import type { AgencyWithDepartments } from '../../agencies/agency.service.js';
import type { PublicListItem } from '../../publications/publication.query.js';
import type { Settings } from '../../settings/settings.js';
import { columnUrl, filterQuery, hasFilters, type Column, type ColumnTree, type ListFilters } from '../catalog.js';
import { directoryUrl } from '../catalog.directory.js';
import { columnType, portalMeta } from '../catalog.meta.js';
import { StatutoryTree } from './DisclosureHome.js';
import { CatalogList, ColumnTreeNav, EmptyColumn, FilterForm, Pager } from './parts.js';

/** Breadcrumbs from the agency down to a column. */
export function columnCrumbs(agency: { name: string; slug: string }, tree: ColumnTree, column: Column, linkLast = false): Crumb[] {
  const chain: Column[] = [];
  for (let c: Column | undefined = column; c; c = c.parentId ? tree.byId.get(c.parentId) : undefined) chain.unshift(c);
  return [
    { label: agency.name, href: `/${agency.slug}` },
    ...chain.map((c, i) => (i === chain.length - 1 && !linkLast ? { label: c.name } : { label: c.name, href: columnUrl(agency.slug, c) })),
  ];
}

/** On a hidden column's page (its URL keeps working): why the column does not apply, for the public and inspectors. */
export function HiddenNotice({ column }: { column: Column }) {
  return (
    <p class="notice" role="note">
      {column.hiddenReason ? `本栏目不适用：${column.hiddenReason}` : '本栏目不适用。'}
    </p>
  );
}

/** A column that lists publications: a category column, or 法定主动公开内容 with its sub-columns. */
export function ColumnPage(p: {
  ctx: PageContext;
  settings: Settings;
  agency: AgencyWithDepartments;
  tree: ColumnTree;
  column: Column;
  filters: ListFilters;
  years: number[];
  items: PublicListItem[];
  total: number;
  counts: Record<string, number>;
  /** What features add to the column (a link to the fee list). */
  addenda?: VNode[];
}) {
  const { agency: a, tree: t, column: c, filters: f } = p;
  const path = columnUrl(a.slug, c);
  const inDisclosure = c.path.startsWith(`${t.root.path}/`);
  // Nothing published and nothing filtered away: say so, without a form or a feed for nothing.
  const empty = p.total === 0 && !hasFilters(f) && f.page === 1;
  return (
    <PortalLayout
      ctx={p.ctx}
      siteName={p.settings.siteName}
      title={`${c.name} - ${a.name}`}
      crumbs={columnCrumbs(a, t, c)}
      canonicalPath={path + filterQuery(f)}
      stylesheets={['portal-pages.css']}
      feeds={empty ? [] : [{ title: `${a.name} ${c.name}`, href: `${path}/feed.xml` }]}
      meta={portalMeta(p.ctx, p.settings, a, {
        columnName: c.name,
        columnType: columnType(c),
        description: `${a.name}${c.name}${c.article ? `（《中华人民共和国政府信息公开条例》${c.article}）` : ''}`,
        keywords: `${c.name},${a.name}`,
        pubDate: p.items[0] && f.page === 1 && f.sort === 'date' ? formatChinaDateTime(p.items[0].publishedAt) : undefined,
        path,
      })}
    >
      <div class="column-layout">
        <ColumnTreeNav agencySlug={a.slug} tree={t} current={c} />
        <div class="column-main">
          <h1>{c.name}</h1>
          {c.article ? <p class="muted">依据：《中华人民共和国政府信息公开条例》{c.article}</p> : null}
          {c.hidden ? <HiddenNotice column={c} /> : null}
          {p.addenda?.length ? p.addenda : null}
          {c.kind === 'statutory' ? (
            <section class="panel" aria-labelledby="h-sub">
              <h2 id="h-sub">栏目</h2>
              <StatutoryTree agencySlug={a.slug} tree={t} counts={p.counts} />
            </section>
          ) : null}
          <section aria-labelledby="h-list">
            <h2 id="h-list">{c.kind === 'statutory' ? '全部信息' : '信息列表'}</h2>
            {empty ? (
              <EmptyColumn column={c} />
            ) : (
              <>
                <FilterForm action={path} filters={f} years={p.years} categories={c.kind === 'statutory' ? t.statutory.filter((s) => !s.hidden) : undefined} />
                <p class="result-count" role="status">
                  共 {p.total} 条信息
                </p>
                <CatalogList items={p.items} />
                <Pager basePath={path} filters={f} total={p.total} />
              </>
            )}
            <p class="feed-link">
              {empty ? null : <a href={`${path}/feed.xml`}>订阅本栏目（Atom）</a>}
              {inDisclosure ? (
                <>
                  {empty ? null : ' · '}
                  <a href={f.year ? directoryUrl(a.slug, f.year) : directoryUrl(a.slug)}>{f.year ? `${f.year}年` : ''}政府信息公开目录（打印、下载 CSV、Excel）</a>
                </>
              ) : null}
            </p>
          </section>
        </div>
      </div>
    </PortalLayout>
  );
}
