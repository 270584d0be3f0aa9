/**
 * Search use cases: keeping the index in step with what the public sees, and
 * answering the portal and the API. `indexPublication` is called by the
 * publications service inside the transaction that publishes, withdraws or
 * changes the 有效性 of an item, so the index can never show a withdrawn item or
 * miss a published one.
 */
import type { Db, DbOrTrx } from '../../db/database.js';
import { nowOf } from '../../db/runtime.js';
import { validationError } from '../../errors.js';
import { parseInput } from '../../lib/validation.js';
import { DISCLOSURE_CATEGORIES, TOPICS, VALIDITY, type Validity } from '../publications/categories.js';
import { publicIds, publicIdsByIndexNumber, publicationUrl, searchableDocument } from '../publications/publication.query.js';
import { agencyLabels, findAgencyByCodeOrSlug } from '../agencies/agency.service.js';
import { parseHtml, textContent } from '../text/html.js';
import { plainText, textOfStored } from '../files/files.service.js';
import * as repo from './search.repository.js';
import { compileQuery, documentFields, documentNumberKey, identifierOf, SEARCH_LIMITS, searchInput, type CompiledQuery, type SearchSort } from './search.js';
import { synonymsForQuery } from './synonym.service.js';
import { buildSnippet, highlightTitle } from './snippet.js';

/** The China-time year of an ISO instant (UTC+8, no daylight saving). */
export function chinaYearOf(iso: string): number {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).getUTCFullYear();
}

export interface IndexOptions {
  /**
   * Reads a stored attachment by hash; when given, texts not yet extracted are
   * extracted now (for `reindexAll` from the CLI; uploads extract at upload time).
   */
  readAttachment?: ((sha256: string) => Buffer | null) | undefined;
}

/**
 * Brings one item's index entry in line with what the public sees: the current
 * published revision (title, summary, body, 文号, keywords, attachment texts), or
 * nothing when it is not published. Returns whether the item is now indexed.
 */
export async function indexPublication(trx: DbOrTrx, publicationId: number, opts: IndexOptions = {}): Promise<boolean> {
  const row = await searchableDocument(trx, publicationId);
  if (!row) {
    await repo.deleteDocument(trx, publicationId);
    return false;
  }
  const attachmentTexts: string[] = [];
  for (const f of row.files) {
    const text = opts.readAttachment ? (await textOfStored(trx, f.sha256, opts.readAttachment)).text : await plainText(trx, f.sha256);
    if (text) attachmentTexts.push(text);
  }
  const fields = documentFields({
    title: row.title,
    documentNumber: row.documentNumber,
    keywords: row.keywords,
    summary: row.summary,
    bodyText: textContent(parseHtml(row.body)),
    attachmentTexts,
  });
  await repo.upsertDocument(
    trx,
    {
      publicationId: row.id,
      agencyId: row.agencyId,
      category: row.category,
      topic: row.topic,
      validity: row.validity,
      year: chinaYearOf(row.firstPublishedAt),
      publishedAt: row.firstPublishedAt,
      title: row.title,
      documentNumber: row.documentNumber,
      documentNumberKey: documentNumberKey(row.documentNumber),
      snippetFrom: fields.snippetFrom,
      indexedAt: nowOf(trx),
    },
    fields,
  );
  return true;
}

/** Removes an item from the index (withdrawn, deleted); a no-op when absent. */
export async function unindexPublication(trx: DbOrTrx, publicationId: number): Promise<void> {
  await repo.deleteDocument(trx, publicationId);
}

/**
 * Rebuilds the whole index from the publications table, in batches of one
 * transaction each (a failure leaves earlier batches indexed and is reported).
 * Items no longer published are dropped first.
 */
export async function reindexAll(
  db: Db,
  opts: IndexOptions & { batch?: number; progress?: (done: number, total: number) => void } = {},
): Promise<{ indexed: number; removed: number }> {
  const batch = opts.batch ?? 500;
  const ids = await publicIds(db);
  const live = new Set(ids);
  const stale = (await repo.indexedIds(db)).filter((id) => !live.has(id));
  await db.transaction().execute((trx) => repo.deleteDocuments(trx, stale));
  const removed = stale.length;
  let done = 0;
  for (let i = 0; i < ids.length; i += batch) {
    const slice = ids.slice(i, i + batch);
    await db.transaction().execute(async (trx) => {
      for (const id of slice) await indexPublication(trx, id, opts);
    });
    done += slice.length;
    opts.progress?.(done, ids.length);
  }
  return { indexed: ids.length, removed };
}

// ------------------------------------------------------------------ search

export interface SearchItem {
  id: number;
  title: string;
  /** The title as HTML, matches in <mark>. */
  titleHtml: string;
  url: string;
  /** HTML: escaped text with matches in <mark>, … where cut. */
  snippet: string;
  /** 发布机构 name. */
  agency: string;
  agencySlug: string;
  documentNumber: string;
  category: string;
  categoryLabel: string;
  validity: Validity;
  validityLabel: string;
  /** 发布日期, ISO instant. */
  publishedAt: string;
}

export interface SearchRequest {
  q: string;
  agency: string;
  category: string;
  topic: string;
  year: number | undefined;
  validity: string;
  sort: SearchSort;
  page: number;
  pageSize: number;
}

export interface SearchResult {
  request: SearchRequest;
  /** Set when the query cannot be searched (empty, too long, only punctuation): say it, show nothing. */
  problem: { code: string; message: string } | null;
  items: SearchItem[];
  /** Exact up to 1,000 (200 with a phrase); with `totalCapped`, "more than" that. */
  total: number;
  totalCapped: boolean;
  /** Quoted phrases were looked for only in the newest 10,000 items holding their words (2,000 for a 文号). */
  phraseScanLimited: boolean;
  /** relevance; heading_then_date when there are too many matches to rank; date when asked. */
  order: 'relevance' | 'heading_then_date' | 'date';
  /**
   * The query was exactly a 索引号 or a whole 文号 and named one public item: `items`
   * is that item alone (the portal goes straight to it), whatever the filters.
   */
  exact: boolean;
}

/** Validates the parameters (portal form or API query string); throws VALIDATION_FAILED for unknown filter values. */
export function parseSearchRequest(raw: unknown): SearchRequest {
  const input = parseInput(searchInput, raw);
  const fields: Record<string, string> = {};
  if (input.category && !Object.hasOwn(DISCLOSURE_CATEGORIES, input.category)) fields.category = '没有这个公开类别';
  if (input.topic && !Object.hasOwn(TOPICS, input.topic)) fields.topic = '没有这个主题分类';
  if (input.validity && !Object.hasOwn(VALIDITY, input.validity)) fields.validity = '有效性应为 valid、expired 或 abolished';
  if (Object.keys(fields).length) throw validationError(fields);
  return {
    q: input.q,
    agency: input.agency,
    category: input.category,
    topic: input.topic,
    year: input.year,
    validity: input.validity,
    sort: input.sort ?? 'relevance',
    page: input.page ?? 1,
    pageSize: input.pageSize ?? SEARCH_LIMITS.pageSize,
  };
}

/** Runs a search. Query problems come back as `problem`, never as an error. */
export async function search(db: Db, request: SearchRequest): Promise<SearchResult> {
  const compiled = compileQuery(request.q, await synonymsForQuery(db));
  const none: Omit<SearchResult, 'request' | 'problem'> = { items: [], total: 0, totalCapped: false, phraseScanLimited: false, order: request.sort === 'date' ? 'date' : 'relevance', exact: false };
  if (!compiled.ok) return { request, problem: { code: compiled.problem, message: compiled.message }, ...none };
  const identifier = identifierOf(request.q);
  if (identifier) {
    // A 索引号 belongs to the publications feature (as typed, or upper-cased); a 文号 is compared folded, as indexed here.
    const named =
      identifier.kind === 'index_number'
        ? await publicIdsByIndexNumber(db, [...new Set([identifier.value, identifier.value.toUpperCase()])])
        : await repo.idsByDocumentNumberKey(db, identifier.key);
    if (named.length === 1) {
      const items = await itemsOf(db, named, compiled.query);
      if (items.length === 1) return { request, problem: null, items, total: 1, totalCapped: false, phraseScanLimited: false, order: 'relevance', exact: true };
    }
  }
  let agencyId: number | undefined;
  if (request.agency) {
    const agency = await findAgencyByCodeOrSlug(db, request.agency);
    if (!agency) return { request, problem: null, ...none };
    agencyId = agency.id;
  }
  const { ids, total, totalCapped, phraseScanLimited, order } = await repo.searchIds(db, {
    query: compiled.query,
    filters: { agencyId, category: request.category || undefined, topic: request.topic || undefined, year: request.year, validity: request.validity || undefined },
    sort: request.sort,
    limit: request.pageSize,
    offset: (request.page - 1) * request.pageSize,
  });
  const items = await itemsOf(db, ids, compiled.query);
  return { request, problem: null, items, total, totalCapped, phraseScanLimited, order, exact: false };
}

/** The result rows of these ids, in their order. */
async function itemsOf(db: Db, ids: readonly number[], q: CompiledQuery): Promise<SearchItem[]> {
  const hits = await repo.hitRows(db, ids);
  const labels = await agencyLabels(db, hits.map((h) => h.agencyId));
  const rows = new Map(hits.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = rows.get(id);
    const a = r && labels.get(r.agencyId);
    return r && a ? [toItem({ ...r, agencySlug: a.slug, agencyName: a.name }, q)] : [];
  });
}

function toItem(r: repo.SearchHitRow & { agencySlug: string; agencyName: string }, q: CompiledQuery): SearchItem {
  const validity = (Object.hasOwn(VALIDITY, r.validity) ? r.validity : 'valid') as Validity;
  return {
    id: r.id,
    title: r.title,
    titleHtml: highlightTitle(r.title, q),
    url: publicationUrl(r.agencySlug, r.id),
    snippet: buildSnippet(r.content, r.snippetFrom, q),
    agency: r.agencyName,
    agencySlug: r.agencySlug,
    documentNumber: r.documentNumber,
    category: r.category,
    categoryLabel: (DISCLOSURE_CATEGORIES as Record<string, { label: string }>)[r.category]?.label ?? '',
    validity,
    validityLabel: VALIDITY[validity],
    publishedAt: r.publishedAt,
  };
}
