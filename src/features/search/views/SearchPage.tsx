import { formatChinaDateTime } from '../../../lib/dates.js';
import type { PageContext } from '../../../web/context.js';
import { PortalLayout } from '../../../web/layouts/PortalLayout.js';
import { DISCLOSURE_CATEGORIES, TOPICS, VALIDITY } from '../../publications/categories.js';
import { SEARCH_LIMITS, SEARCH_SORTS } from '../search.js';
import type { SearchRequest, SearchResult } from '../search.service.js';

export interface SearchPageProps {
  ctx: PageContext;
  siteName: string;
  agencies: { slug: string; name: string }[];
  years: number[];
  request: SearchRequest | null;
  result: SearchResult | null;
  /** A message about the filters (unknown value) or the query. */
  message?: string | undefined;
}

const ORDER_NOTES = {
  relevance: '按相关度排列',
  heading_then_date: '结果较多：标题含检索词的排在前面，各自按发布日期从新到旧排列；可增加检索词或筛选条件缩小范围',
  date: '按发布日期从新到旧排列',
} as const;

/** The URL of this search with some parameters changed (page, sort). */
export function searchUrl(r: SearchRequest, change: Partial<Record<keyof SearchRequest, string | number | undefined>>): string {
  const params = new URLSearchParams();
  const merged: Record<string, unknown> = { ...r, ...change };
  for (const key of ['q', 'agency', 'category', 'topic', 'year', 'validity', 'sort', 'page'] as const) {
    const v = merged[key];
    if (v === undefined || v === '' || (key === 'page' && v === 1) || (key === 'sort' && v === 'relevance')) continue;
    params.set(key, String(v));
  }
  const s = params.toString();
  return s ? `/search?${s}` : '/search';
}

function Select(p: { id: string; name: string; label: string; value: string; options: [string, string][] }) {
  return (
    <div class="filter">
      <label for={p.id}>{p.label}</label>
      <select id={p.id} name={p.name}>
        <option value="">全部</option>
        {p.options.map(([v, label]) => (
          <option key={v} value={v} selected={p.value === v}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Pager(p: { request: SearchRequest; total: number }) {
  const pages = Math.min(SEARCH_LIMITS.maxPage, Math.ceil(p.total / p.request.pageSize));
  if (pages <= 1) return null;
  const cur = p.request.page;
  const shown = [...new Set([1, cur - 2, cur - 1, cur, cur + 1, cur + 2, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  return (
    <nav class="pager" aria-label="分页">
      <ul>
        {cur > 1 ? (
          <li>
            <a href={searchUrl(p.request, { page: cur - 1 })} rel="prev">
              上一页
            </a>
          </li>
        ) : null}
        {shown.map((n) => (
          <li key={n}>
            {n === cur ? (
              <span aria-current="page">{n}</span>
            ) : (
              <a href={searchUrl(p.request, { page: n })}>{n}</a>
            )}
          </li>
        ))}
        {cur < pages ? (
          <li>
            <a href={searchUrl(p.request, { page: cur + 1 })} rel="next">
              下一页
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/**
 * 信息检索: a GET form (works without JavaScript, every result page has a URL),
 * filters, sort, and the results with their 发布机构, 文号, 发布日期 and a snippet
 * in which the matched words are marked.
 */
export function SearchPage(p: SearchPageProps) {
  const r = p.request;
  const res = p.result;
  const values = {
    q: r?.q ?? '',
    agency: r?.agency ?? '',
    category: r?.category ?? '',
    topic: r?.topic ?? '',
    year: r?.year !== undefined ? String(r.year) : '',
    validity: r?.validity ?? '',
    sort: r?.sort ?? 'relevance',
  };
  const title = values.q ? `“${values.q}”的检索结果` : '信息检索';
  return (
    <PortalLayout
      ctx={p.ctx}
      siteName={p.siteName}
      headerSearch={false}
      title={title}
      crumbs={[{ label: '信息检索' }]}
      meta={{ ColumnName: '信息检索' }}
      // The page's QR code encodes its URL; a huge query string would not fit in one.
      canonicalPath={p.ctx.path.length <= 600 ? p.ctx.path : r ? searchUrl({ ...r, q: r.q.slice(0, 100) }, {}) : '/search'}
    >
      <h1>信息检索</h1>
      <form method="get" action="/search" role="search" class="panel search-form" aria-label="检索政府信息">
        <div class="field">
          <label for="s-q">检索词</label>
          <p class="hint" id="s-q-hint">
            多个词用空格分开（须同时出现）；用引号查整句，如 "政府信息公开"；可查文号，如 示发改〔2025〕12号；标题可用拼音或首字母，如 ndbg；简体、繁体均可。
          </p>
          <div class="search-row">
            <input id="s-q" name="q" type="search" value={values.q} maxLength={SEARCH_LIMITS.queryChars * 2} aria-describedby="s-q-hint" />
            <button type="submit">检索</button>
          </div>
        </div>
        {/* Folded on a phone unless a filter is set, so the first result is on the first screen. */}
        <details class="filter-fold fold-wide" open={values.agency || values.category || values.topic || values.year || values.validity || values.sort !== 'relevance' ? true : undefined}>
          <summary>筛选与排序</summary>
        <fieldset class="filters">
          <legend>筛选与排序</legend>
          <Select id="s-agency" name="agency" label="发布机构" value={values.agency} options={p.agencies.map((a) => [a.slug, a.name])} />
          <Select id="s-category" name="category" label="公开类别" value={values.category} options={Object.entries(DISCLOSURE_CATEGORIES).map(([k, c]) => [k, c.label])} />
          <Select id="s-topic" name="topic" label="主题分类" value={values.topic} options={Object.entries(TOPICS)} />
          <Select id="s-year" name="year" label="发布年份" value={values.year} options={p.years.map((y) => [String(y), `${y}年`])} />
          <Select id="s-validity" name="validity" label="有效性" value={values.validity} options={Object.entries(VALIDITY)} />
          <div class="filter">
            <label for="s-sort">排序</label>
            <select id="s-sort" name="sort">
              {Object.entries(SEARCH_SORTS).map(([k, label]) => (
                <option key={k} value={k} selected={values.sort === k}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        </details>
      </form>

      {p.message ? (
        <div class="alert alert-error" role="alert">
          {p.message}
        </div>
      ) : null}

      {r && res && !res.problem ? (
        <section aria-labelledby="h-results">
          <h2 id="h-results" class="visually-hidden">
            检索结果
          </h2>
          <p class="result-count" role="status">
            {res.total === 0
              ? `没有找到与“${r.q}”相关的信息。请检查用字，减少检索词，或去掉筛选条件。`
              : `找到${res.totalCapped ? '超过' : ''} ${res.total} 条相关信息${res.total > r.pageSize ? `，第 ${r.page} 页` : ''}（${ORDER_NOTES[res.order]}）`}
          </p>
          {res.phraseScanLimited ? (
            <p class="hint">带引号的短语（或文号）可能出现的信息很多，为保证速度，只在最新的一部分候选信息中查找了整句（文号本身所在的信息总会列出）；如需更早的信息，请加上年份等筛选条件。</p>
          ) : null}
          {res.items.length ? (
            <ol class="catalog-list search-results" start={(r.page - 1) * r.pageSize + 1}>
              {res.items.map((it) => (
                <li key={it.id}>
                  <a class="item-title" href={it.url} dangerouslySetInnerHTML={{ __html: it.titleHtml }} />
                  {it.validity !== 'valid' ? <span class={`mark mark-${it.validity}`}>{`已${it.validityLabel}`}</span> : null}
                  <p class="item-snippet" dangerouslySetInnerHTML={{ __html: it.snippet }} />
                  <p class="item-meta">
                    <span>
                      <span class="visually-hidden">发布机构：</span>
                      {it.agency}
                    </span>
                    {it.documentNumber ? <span>{it.documentNumber}</span> : null}
                    {it.categoryLabel ? <span>{it.categoryLabel}</span> : null}
                    <span>
                      <span class="visually-hidden">发布日期：</span>
                      <time dateTime={it.publishedAt}>{formatChinaDateTime(it.publishedAt).slice(0, 10)}</time>
                    </span>
                  </p>
                </li>
              ))}
            </ol>
          ) : null}
          <Pager request={r} total={res.total} />
        </section>
      ) : null}
    </PortalLayout>
  );
}
