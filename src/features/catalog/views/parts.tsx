import { formatChinaDateTime } from '../../../lib/dates.js';
import { DISCLOSURE_CATEGORIES, TOPICS, VALIDITY, type DisclosureCategory } from '../../publications/categories.js';
import type { PublicListItem } from '../../publications/publication.query.js';
import { columnUrl, filterQuery, hasFilters, PAGE_SIZE, type Column, type ColumnTree, type ListFilters } from '../catalog.js';

/** `2026-11-26` from an ISO instant, in China time. */
export function pubDay(instant: string): string {
  return instant ? formatChinaDateTime(instant).slice(0, 10) : '';
}

/** 政府信息公开's five sub-columns: the column navigation on every disclosure page. */
export function DisclosureNav(p: { agencySlug: string; tree: ColumnTree; current?: Column | undefined }) {
  const visible = p.tree.disclosure.filter((c) => !c.hidden);
  return (
    <nav class="column-nav" aria-label="政府信息公开栏目">
      <ul>
        {visible.map((c) => (
          <li key={c.id}>
            <a href={columnUrl(p.agencySlug, c)} aria-current={p.current && (p.current.id === c.id || p.current.parentId === c.id) ? 'page' : undefined}>
              {c.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function ValidityMark({ validity }: { validity: string }) {
  if (validity === 'abolished') return <span class="mark mark-abolished">已废止</span>;
  if (validity === 'expired') return <span class="mark mark-expired">已失效</span>;
  return null;
}

/**
 * A catalog list: each entry is a 目录 entry (Art. 12) — its title, 内容概述 and
 * 生成日期 — with 发布机构, 文号, 索引号 and 发布日期. The fields are a definition
 * list, so each value keeps its name for screen readers and on screen; the pairs
 * wrap, so on a phone they fold to as many lines as they need.
 */
export function CatalogList(p: {
  items: PublicListItem[];
  showAgency?: boolean;
  headingLevel?: 'h2' | 'h3';
  /** Off in the home pages' short "latest" panels; the columns' lists are the 目录 and show it. */
  showSummary?: boolean;
}) {
  if (p.items.length === 0) return <p class="empty">暂无信息。</p>;
  return (
    <ul class="catalog-list">
      {p.items.map((it) => (
        <li key={it.id}>
          <a class="item-title" href={it.url}>
            {it.title}
          </a>
          <ValidityMark validity={it.validity} />
          <dl class="item-meta">
            {it.catalogSummary && p.showSummary !== false ? (
              <div class="item-summary">
                <dt class="visually-hidden">内容概述</dt>
                <dd>{it.catalogSummary}</dd>
              </div>
            ) : null}
            {p.showAgency !== false ? (
              <div>
                <dt>发布机构</dt>
                <dd>{it.issuers.map((i) => i.name).join('、') || it.agencyName}</dd>
              </div>
            ) : null}
            {it.documentNumber ? (
              <div>
                <dt>文号</dt>
                <dd>{it.documentNumber}</dd>
              </div>
            ) : null}
            <div>
              <dt>索引号</dt>
              <dd class="index-no">{it.indexNumber}</dd>
            </div>
            <div>
              <dt>生成日期</dt>
              <dd>
                <time dateTime={it.generatedDate}>{it.generatedDate}</time>
              </dd>
            </div>
            <div>
              <dt>发布日期</dt>
              <dd>
                <time dateTime={it.publishedAt}>{pubDay(it.publishedAt)}</time>
              </dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}

/** The filter form: a GET form, so it works without JavaScript and every result page has a shareable URL. */
export function FilterForm(p: { action: string; filters: ListFilters; categories?: Column[] | undefined; years: number[] }) {
  const f = p.filters;
  return (
    // Folded behind a summary on a phone (open when a filter is set), so the list starts on the first screen.
    <details class="filter-fold fold-wide" open={hasFilters(f) || f.sort !== 'date' ? true : undefined}>
      <summary>筛选条件（主题、年份、有效性、排序）</summary>
    <form class="filters" method="get" action={p.action} aria-label="筛选信息">
      {p.categories && p.categories.length > 1 ? (
        <div class="filter">
          <label for="f-category">类别</label>
          <select id="f-category" name="category">
            <option value="">全部</option>
            {p.categories.map((c) => (
              <option key={c.id} value={c.category ?? ''} selected={f.category === c.category}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div class="filter">
        <label for="f-topic">主题分类</label>
        <select id="f-topic" name="topic">
          <option value="">全部</option>
          {Object.entries(TOPICS).map(([k, label]) => (
            <option key={k} value={k} selected={f.topic === k}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div class="filter">
        <label for="f-year">发布年份</label>
        <select id="f-year" name="year">
          <option value="">全部</option>
          {p.years.map((y) => (
            <option key={y} value={String(y)} selected={f.year === y}>
              {y}年
            </option>
          ))}
        </select>
      </div>
      <div class="filter">
        <label for="f-validity">有效性</label>
        <select id="f-validity" name="validity">
          <option value="">全部</option>
          {Object.entries(VALIDITY).map(([k, label]) => (
            <option key={k} value={k} selected={f.validity === k}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div class="filter">
        <label for="f-q">标题或文号</label>
        <input id="f-q" name="q" type="search" value={f.q ?? ''} maxLength={100} />
      </div>
      <div class="filter">
        <label for="f-sort">排序</label>
        <select id="f-sort" name="sort">
          <option value="date" selected={f.sort === 'date'}>
            按发布日期（新→旧）
          </option>
          <option value="title" selected={f.sort === 'title'}>
            按名称
          </option>
        </select>
      </div>
      <div class="filter filter-actions">
        <button type="submit">筛选</button>
        {hasFilters(f) || f.sort !== 'date' ? <a href={p.action}>清除条件</a> : null}
      </div>
    </form>
    </details>
  );
}

/** Page links: previous, a window of numbers, next; plain links, no script. */
export function Pager(p: { basePath: string; filters: ListFilters; total: number }) {
  const pages = Math.max(1, Math.ceil(p.total / PAGE_SIZE));
  const current = Math.min(p.filters.page, pages);
  if (pages <= 1) return null;
  const href = (n: number) => p.basePath + filterQuery(p.filters, { page: n });
  const from = Math.max(1, current - 3);
  const to = Math.min(pages, current + 3);
  const numbers: number[] = [];
  for (let n = from; n <= to; n++) numbers.push(n);
  return (
    <nav class="pager" aria-label="分页">
      <ul>
        {current > 1 ? (
          <li>
            <a href={href(current - 1)} rel="prev">
              上一页
            </a>
          </li>
        ) : null}
        {from > 1 ? (
          <li>
            <a href={href(1)} aria-label="第1页">1</a>
            {from > 2 ? <span aria-hidden="true"> …</span> : null}
          </li>
        ) : null}
        {numbers.map((n) => (
          <li key={n}>
            {n === current ? (
              <span aria-current="page">
                <span class="visually-hidden">第</span>
                {n}
                <span class="visually-hidden">页</span>
              </span>
            ) : (
              <a href={href(n)} aria-label={`第${n}页`}>
                {n}
              </a>
            )}
          </li>
        ))}
        {to < pages ? (
          <li>
            {to < pages - 1 ? <span aria-hidden="true">… </span> : null}
            <a href={href(pages)} aria-label={`第${pages}页`}>
              {pages}
            </a>
          </li>
        ) : null}
        {current < pages ? (
          <li>
            <a href={href(current + 1)} rel="next">
              下一页
            </a>
          </li>
        ) : null}
      </ul>
      <p class="muted">
        共 {p.total} 条，第 {current}/{pages} 页
      </p>
    </nav>
  );
}

export function categoryLabel(category: string): string {
  return Object.hasOwn(DISCLOSURE_CATEGORIES, category) ? DISCLOSURE_CATEGORIES[category as DisclosureCategory].label : category;
}

/** Years offered by the year filter: this year back to 2008, when the first Regulation took effect. */
export function filterYears(today: string): number[] {
  const years: number[] = [];
  for (let y = Number(today.slice(0, 4)); y >= 2008; y--) years.push(y);
  return years;
}

/**
 * The 栏目 tree on column and item pages: the agency's columns from 政府信息公开
 * down, the branch holding the current column opened so that a leaf column shows
 * its siblings, the current column marked. A `<details>`: on a phone it folds
 * to one line (the list would push the content below the first screen); on a wide
 * screen portal-pages.css shows it open with no toggle where the browser lets
 * CSS open it (`::details-content`), and elsewhere it stays a one-click toggle.
 * No script either way.
 */
export function ColumnTreeNav(p: {
  agencySlug: string;
  tree: ColumnTree;
  current: Column | undefined;
  /** On an item page the column is where the page sits, not the page itself. */
  currentKind?: 'page' | 'location';
}) {
  const t = p.tree;
  const cur = p.current;
  const shown = (c: Column) => !c.hidden || c.id === cur?.id;
  const inStatutory = !!cur && (cur.id === t.statutoryParent.id || cur.parentId === t.statutoryParent.id);
  const mark = (c: Column) => (cur && c.id === cur.id ? (p.currentKind ?? 'page') : undefined);
  const link = (c: Column) => (
    <a href={columnUrl(p.agencySlug, c)} aria-current={mark(c)}>
      {c.name}
    </a>
  );
  return (
    <nav class="column-tree-nav" aria-label="栏目导航">
      <details class="column-tree">
        <summary>
          栏目导航{cur ? <span class="muted">：{cur.name}</span> : null}
        </summary>
        <ul class="tree">
          <li>
            {link(t.root)}
            <ul>
              {t.disclosure.filter(shown).map((c) => (
                <li key={c.id} class={c.id === t.statutoryParent.id && inStatutory ? 'open-branch' : undefined}>
                  {link(c)}
                  {c.id === t.statutoryParent.id && inStatutory ? <ul>{t.statutory.filter(shown).map((s) => <li key={s.id}>{link(s)}</li>)}</ul> : null}
                </li>
              ))}
            </ul>
          </li>
          {t.agencyLevel.filter(shown).map((c) => (
            <li key={c.id}>{link(c)}</li>
          ))}
        </ul>
      </details>
    </nav>
  );
}

/**
 * An empty column: what people and inspectors expect to read ("本机关暂无此类信息"),
 * with the agency's recorded reason, instead of a filter form over "共 0 条".
 */
export function EmptyColumn({ column }: { column: Column }) {
  return (
    <div class="empty-column" role="note">
      <p class="empty-title">本机关暂无此类信息。</p>
      {column.emptyReason ? <p class="empty-reason">说明：{column.emptyReason}</p> : null}
    </div>
  );
}
