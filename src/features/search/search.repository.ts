/**
 * Queries of the search index, for both engines. SQLite keeps tokens in the FTS5
 * table `search_fts`; PostgreSQL keeps them in `search_documents.tsv`. Each item
 * has an `fts_rowid` that sorts like its 发布日期, so "newest first" walks the
 * index in rowid order and stops after one page on both engines. Raw SQL uses
 * snake_case names (CamelCasePlugin maps the result columns back).
 */
import { sql, type RawBuilder } from 'kysely';
import { engineOf, type DbOrTrx, type Engine } from '../../db/database.js';
import { chinaYearBounds } from '../publications/publication.query.js';
import { ftsMatch, gramsMatch, type Identifier, rankMatches, tsqueryLiteral, tsvectorLiteral, type CompiledQuery, type DocumentFields, type SearchSort } from './search.js';
import type { SearchDocumentTable } from './search.table.js';

const joinTokens = (t: readonly string[]) => t.join(' ');

/** Slots per second of 发布日期 in `fts_rowid`. */
const SLOTS = 65_536;

/**
 * Matches counted exactly; beyond this the total is reported as "more than". A
 * reader pages through at most 100 pages of 10, so counting further only costs.
 */
export const COUNT_CAP = 1_000;
/**
 * Above this many matches, relevance order is: heading matches, newest first, then
 * the rest, newest first. Up to it, the matches are fetched in one pass and ranked
 * by `rankMatches`; fetching 300,000 to rank them orders nothing a reader pages through.
 */
export const RANK_LIMIT = 1_000;
/**
 * Quoted phrases are checked in the text of at most this many candidates (items
 * holding the phrase's trigrams on SQLite, its words on PostgreSQL), newest first;
 * `phraseScanLimited` says when older candidates were not looked at. Keeps a phrase
 * of very common words fast.
 */
export const PHRASE_CANDIDATES = 10_000;
/** Phrase matches counted exactly: each one means reading an item's text. */
export const PHRASE_COUNT_CAP = 200;
/** The same for a 文号 typed as a query: items citing it come after the item itself. */
export const DOCUMENT_NUMBER_CANDIDATES = 2_000;

async function ftsRowidFor(trx: DbOrTrx, publicationId: number, publishedAt: string): Promise<{ rowid: number; previous: number | null }> {
  const existing = await trx.selectFrom('searchDocuments').select(['ftsRowid', 'publishedAt']).where('publicationId', '=', publicationId).executeTakeFirst();
  if (existing && existing.publishedAt === publishedAt) return { rowid: Number(existing.ftsRowid), previous: Number(existing.ftsRowid) };
  const base = Math.floor(Date.parse(publishedAt) / 1000) * SLOTS;
  const max = await trx
    .selectFrom('searchDocuments')
    .select((eb) => eb.fn.max('ftsRowid').as('m'))
    .where('ftsRowid', '>=', base)
    .where('ftsRowid', '<', base + SLOTS)
    .executeTakeFirst();
  const rowid = max?.m == null ? base : Number(max.m) + 1;
  if (rowid >= base + SLOTS) throw new Error(`more than ${SLOTS} items share the 发布日期 ${publishedAt}`);
  return { rowid, previous: existing ? Number(existing.ftsRowid) : null };
}

/** Writes (or replaces) one item in the index. */
export async function upsertDocument(trx: DbOrTrx, doc: Omit<SearchDocumentTable, 'ftsRowid' | 'heading'>, fields: DocumentFields): Promise<void> {
  const pg = engineOf(trx) === 'postgres';
  const id = doc.publicationId;
  const { rowid, previous } = await ftsRowidFor(trx, id, doc.publishedAt);
  const columns = {
    ftsRowid: rowid,
    agencyId: doc.agencyId,
    category: doc.category,
    topic: doc.topic,
    validity: doc.validity,
    year: doc.year,
    publishedAt: doc.publishedAt,
    title: doc.title,
    documentNumber: doc.documentNumber,
    documentNumberKey: doc.documentNumberKey,
    snippetFrom: doc.snippetFrom,
    heading: fields.heading,
    indexedAt: doc.indexedAt,
  };
  if (pg) {
    const tsv = sql`cast(${tsvectorLiteral(fields)} as tsvector)`;
    const tsvHeading = sql`cast(${tsvectorLiteral(fields, true)} as tsvector)`;
    await trx
      .insertInto('searchDocuments')
      .values({ publicationId: id, ...columns, tsv, tsvHeading } as never)
      .onConflict((oc) => oc.column('publicationId').doUpdateSet({ ...columns, tsv, tsvHeading } as never))
      .execute();
  } else {
    if (previous !== null) {
      await sql`DELETE FROM search_fts WHERE rowid = ${previous}`.execute(trx);
      await sql`DELETE FROM search_grams WHERE rowid = ${previous}`.execute(trx);
    }
    await sql`INSERT INTO search_fts (rowid, title, docno, keywords, pinyin, body) VALUES (${rowid}, ${joinTokens(fields.title)}, ${joinTokens(fields.docno)}, ${joinTokens(fields.keywords)}, ${joinTokens(fields.pinyin)}, ${joinTokens(fields.body)})`.execute(trx);
    await sql`INSERT INTO search_grams (rowid, head, body) VALUES (${rowid}, ${fields.content.slice(0, fields.snippetFrom)}, ${fields.content.slice(fields.snippetFrom)})`.execute(trx);
    await trx
      .insertInto('searchDocuments')
      .values({ publicationId: id, ...columns })
      .onConflict((oc) => oc.column('publicationId').doUpdateSet(columns))
      .execute();
  }
  await trx
    .insertInto('searchContent')
    .values({ publicationId: id, content: fields.content })
    .onConflict((oc) => oc.column('publicationId').doUpdateSet({ content: fields.content }))
    .execute();
}

/** Removes one item from the index; a no-op when it is not there. */
export async function deleteDocument(trx: DbOrTrx, publicationId: number): Promise<void> {
  if (engineOf(trx) === 'sqlite') {
    const row = await trx.selectFrom('searchDocuments').select('ftsRowid').where('publicationId', '=', publicationId).executeTakeFirst();
    if (row) {
      await sql`DELETE FROM search_fts WHERE rowid = ${Number(row.ftsRowid)}`.execute(trx);
      await sql`DELETE FROM search_grams WHERE rowid = ${Number(row.ftsRowid)}`.execute(trx);
    }
  }
  await trx.deleteFrom('searchContent').where('publicationId', '=', publicationId).execute();
  await trx.deleteFrom('searchDocuments').where('publicationId', '=', publicationId).execute();
}

/** Ids of every indexed item. */
export async function indexedIds(db: DbOrTrx): Promise<number[]> {
  return (await db.selectFrom('searchDocuments').select('publicationId').execute()).map((r) => r.publicationId);
}

/** Drops the index entries of these items (FTS5 rows have no foreign key to cascade from). */
export async function deleteDocuments(trx: DbOrTrx, ids: readonly number[]): Promise<void> {
  for (const id of ids) await deleteDocument(trx, id);
}

export async function countIndexed(db: DbOrTrx): Promise<number> {
  const r = await db.selectFrom('searchDocuments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export interface SearchFilters {
  agencyId?: number | undefined;
  category?: string | undefined;
  topic?: string | undefined;
  year?: number | undefined;
  validity?: string | undefined;
}

export interface SearchPage {
  query: CompiledQuery;
  filters: SearchFilters;
  sort: SearchSort;
  limit: number;
  offset: number;
  /** Overrides RANK_LIMIT (tests). */
  rankLimit?: number | undefined;
  /** Overrides PHRASE_CANDIDATES (tests). */
  phraseCandidates?: number | undefined;
}

export interface SearchIds {
  ids: number[];
  /** Exact up to COUNT_CAP; COUNT_CAP when `totalCapped`. */
  total: number;
  totalCapped: boolean;
  /** Phrases were checked only in the newest PHRASE_CANDIDATES candidates. */
  phraseScanLimited: boolean;
  /** How the page was ordered: by relevance, or (many matches, or sort=date) newest first. */
  order: 'relevance' | 'heading_then_date' | 'date';
}

export interface SearchHitRow {
  id: number;
  title: string;
  documentNumber: string;
  category: string;
  topic: string;
  validity: string;
  publishedAt: string;
  snippetFrom: number;
  agencyId: number;
  content: string;
}

/** The filters as conditions on `d` (search_documents) and the index key. */
function filterSql(f: SearchFilters, key: RawBuilder<unknown>, exclude: readonly number[] = []): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (exclude.length) where.push(sql`d.publication_id NOT IN (${sql.join(exclude.map((id) => sql`${id}`))})`);
  if (f.agencyId !== undefined) where.push(sql`d.agency_id = ${f.agencyId}`);
  if (f.category) where.push(sql`d.category = ${f.category}`);
  if (f.topic) where.push(sql`d.topic = ${f.topic}`);
  if (f.validity) where.push(sql`d.validity = ${f.validity}`);
  if (f.year !== undefined) {
    // The year as an fts_rowid range: SQLite hands it to FTS5, PostgreSQL to the btree.
    const { from, to } = chinaYearBounds(f.year);
    const lo = Math.floor(Date.parse(from) / 1000) * SLOTS;
    const hi = Math.floor(Date.parse(to) / 1000) * SLOTS;
    where.push(sql`${key} >= ${lo} AND ${key} < ${hi}`);
  }
  return where;
}

const and = (parts: RawBuilder<unknown>[]) => (parts.length ? sql` AND ${sql.join(parts, sql` AND `)}` : sql``);

/** One engine's way of matching a compiled query, with or without the heading restriction. */
interface Matcher {
  /**
   * FROM … WHERE <match> for the whole query, the heading part, or the whole minus the
   * heading part. `walk` (PostgreSQL): test each row newest first instead of using the
   * GIN index, for a part known to be dense (see HEADING_DENSE).
   */
  from(part: 'all' | 'heading' | 'rest', walk?: boolean): RawBuilder<unknown>;
  /** The row's fts_rowid as the driving index knows it: a range on it stops the index early. */
  key: RawBuilder<unknown>;
  newest: RawBuilder<unknown>;
  /** FROM … WHERE <match> over the token index alone (no join), for counting without filters; null when there is none. */
  bare: RawBuilder<unknown> | null;
  /**
   * A test per candidate (on `c.key`) that the index could not apply while driving:
   * on SQLite, the words of a query that also has phrases (the trigram index drives).
   */
  check: RawBuilder<unknown> | null;
}

function matcher(engine: Engine, q: CompiledQuery): Matcher {
  if (engine === 'postgres') {
    const all = sql`cast(${tsqueryLiteral(q)} as tsquery)`;
    return {
      from: (part, walk = false) =>
        part === 'all'
          ? sql`FROM search_documents d WHERE d.tsv @@ ${all}`
          : part === 'heading'
            ? walk
              ? sql`FROM search_documents d WHERE (d.tsv_heading @@ ${all}) IS TRUE`
              : sql`FROM search_documents d WHERE d.tsv_heading @@ ${all}`
            : sql`FROM search_documents d WHERE d.tsv @@ ${all} AND NOT (d.tsv_heading @@ ${all})`,
      key: sql`d.fts_rowid`,
      newest: sql`d.fts_rowid DESC`,
      bare: null,
      check: null,
    };
  }
  // Phrases of three characters or more: the trigram index drives (its candidates
  // are nearly exactly the matches); other words are probed per candidate, which
  // the candidate budget bounds. Otherwise the word index alone.
  const grams = q.grams.length > 0;
  const table = grams ? 'search_grams' : 'search_fts';
  const all = grams ? gramsMatch(q) : ftsMatch(q);
  const heading = grams ? gramsMatch(q, true) : ftsMatch(q, true);
  const t = sql.raw(table);
  return {
    from: (part) => sql`FROM ${t} JOIN search_documents d ON d.fts_rowid = ${t}.rowid WHERE ${t} MATCH ${part === 'all' ? all : part === 'heading' ? heading : `(${all}) NOT (${heading})`}`,
    key: sql`${t}.rowid`,
    newest: sql`${t}.rowid DESC`,
    bare: sql`FROM ${t} WHERE ${t} MATCH ${all}`,
    check: grams && q.clauses.length ? sql`EXISTS (SELECT 1 FROM search_fts f WHERE f.rowid = c.key AND search_fts MATCH ${ftsMatch(q)})` : null,
  };
}

/**
 * PostgreSQL estimates the heading matches of several words as if the words were
 * independent (政府 & 信息 & 公开: 1,720 estimated, 100,949 real at 1,000,000 items), then
 * sorts them all to find the newest ten. When at least this many headings match, the
 * newest are found by walking the date index and testing each row instead.
 */
const HEADING_DENSE = 2_000;

/** Words probed per candidate cost a lookup each: fewer candidates than a phrase alone gets. */
const PROBED_CANDIDATES = 2_000;

/**
 * Ids of one page of matches and the total (capped), ordered as described on
 * SearchIds. A 文号 query first lists the items whose own 文号 it is (through the
 * heading index, whatever their age), then the items citing it.
 */
export async function searchIds(db: DbOrTrx, page: SearchPage): Promise<SearchIds> {
  if (page.query.documentNumbers.length === 0) return searchMatches(db, page, [], page.phraseCandidates ?? PHRASE_CANDIDATES);
  const engine = engineOf(db);
  const m = matcher(engine, page.query);
  const own = page.query.documentNumbers.map((k) => (engine === 'postgres' ? sql`strpos(d.document_number_key, ${k}) > 0` : sql`instr(d.document_number_key, ${k}) > 0`));
  const inner = sql`SELECT ${m.key} AS key, d.publication_id AS id ${m.from('heading')}${and([...filterSql(page.filters, m.key), sql`(${sql.join(own, sql` OR `)})`])} ORDER BY ${m.newest}`;
  // Other words of the query must hold too: probed per item where the trigrams drive.
  const ownRows = m.check
    ? await sql<{ id: number }>`SELECT c.id FROM (${inner} LIMIT ${PROBED_CANDIDATES}) c WHERE ${m.check} LIMIT ${COUNT_CAP}`.execute(db)
    : await sql<{ id: number }>`${inner} LIMIT ${COUNT_CAP}`.execute(db);
  const ownIds = ownRows.rows.map((r) => Number(r.id));
  const budget = page.phraseCandidates ?? DOCUMENT_NUMBER_CANDIDATES;
  if (ownIds.length === 0) return searchMatches(db, page, [], budget);
  const ownSlice = ownIds.slice(page.offset, page.offset + page.limit);
  const rest = await searchMatches(db, { ...page, offset: Math.max(0, page.offset - ownIds.length), limit: page.limit - ownSlice.length }, ownIds, budget);
  const sum = ownIds.length + rest.total;
  return {
    ids: [...ownSlice, ...rest.ids],
    total: Math.min(sum, COUNT_CAP),
    totalCapped: rest.totalCapped || sum > COUNT_CAP,
    phraseScanLimited: rest.phraseScanLimited,
    order: rest.order === 'heading_then_date' ? 'heading_then_date' : 'relevance',
  };
}

interface MatchRow {
  key: number;
  id: number;
}

async function searchMatches(db: DbOrTrx, page: SearchPage, exclude: readonly number[], phraseCandidates: number): Promise<SearchIds> {
  const engine = engineOf(db);
  const q = page.query;
  const m = matcher(engine, q);
  const phrased = q.phrases.length > 0;
  const budget = m.check ? Math.min(phraseCandidates, PROBED_CANDIDATES) : phraseCandidates;
  const filterList = filterSql(page.filters, m.key, exclude);
  const filters = and(filterList);
  // Phrases are checked in the folded text: jieba's search mode puts sub-words
  // between a phrase's words, and trigrams say what is there, not where.
  const holds = (p: string) => (engine === 'postgres' ? sql`strpos(s.content, ${p}) > 0` : sql`instr(s.content, ${p}) > 0`);
  const checks = q.phrases.map((alts) => sql`EXISTS (SELECT 1 FROM search_content s WHERE s.publication_id = c.id AND (${sql.join(alts.map(holds), sql` OR `)}))`);
  if (m.check) checks.unshift(m.check);

  /**
   * Matches of one part, newest first. With phrases (or probed words) only the
   * newest `budget` candidates are checked: the inner query streams them in index
   * order and the outer one stops as soon as it has enough.
   */
  const fetch = async (part: 'all' | 'heading' | 'rest', limit: number, offset: number, walk = false): Promise<MatchRow[]> => {
    // Only the key and the id: on SQLite both are in the fts_rowid index, so no table row is read.
    const inner = sql`SELECT ${m.key} AS key, d.publication_id AS id ${m.from(part, walk)}${filters} ORDER BY ${m.newest}`;
    const r = checks.length
      ? await sql<MatchRow>`SELECT c.key, c.id FROM (${inner} LIMIT ${budget}) c WHERE ${sql.join(checks, sql` AND `)} ORDER BY c.key DESC LIMIT ${limit} OFFSET ${offset}`.execute(db)
      : await sql<MatchRow>`${inner} LIMIT ${limit} OFFSET ${offset}`.execute(db);
    return r.rows.map((x) => ({ key: Number(x.key), id: Number(x.id) }));
  };
  const ids = (rows: MatchRow[]) => rows.map((r) => r.id);

  const cap = phrased ? PHRASE_COUNT_CAP : COUNT_CAP;
  // PostgreSQL finds a word's matches through a GIN bitmap in no particular order:
  // a count that may stop anywhere is cheap, the newest 1,001 of 300,000 are not.
  // So it counts first and fetches (at most 1,000) only when it can rank them all.
  let counted: number | null = null;
  if (engine === 'postgres' && checks.length === 0) {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 ${m.from('all')}${filters} LIMIT ${cap + 1}) x`.execute(db);
    counted = Number(r.rows[0]?.n ?? 0);
  }
  const first = counted !== null && counted > cap ? [] : await fetch('all', cap + 1, 0);
  const totalCapped = (counted ?? first.length) > cap;
  const total = Math.min(counted ?? first.length, cap);
  let phraseScanLimited = false;
  if (checks.length && !totalCapped) {
    // Fewer matches than the cap: were older candidates left unchecked?
    const from = m.bare && filterList.length === 0 ? m.bare : sql`${m.from('all')}${filters}`;
    const n = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 ${from} LIMIT ${budget + 1}) x`.execute(db);
    phraseScanLimited = Number(n.rows[0]?.n ?? 0) > budget;
  }
  const result = (list: number[], order: SearchIds['order']): SearchIds => ({ ids: list, total, totalCapped, phraseScanLimited, order });
  if (total === 0 || page.offset >= total || page.limit <= 0) return result([], page.sort === 'date' ? 'date' : 'relevance');
  if (page.sort === 'date') return result(ids(first.length ? first.slice(page.offset, page.offset + page.limit) : await fetch('all', page.limit, page.offset)), 'date');

  // Too many to rank (or more than were counted): heading matches first, newest first.
  if (totalCapped || first.length > (page.rankLimit ?? RANK_LIMIT)) {
    let walk = false;
    // One word's estimate comes from the column's statistics and is sound; only several words' is not.
    const lexemes = [...q.clauses, ...q.phraseClauses].flat(2).length;
    if (engine === 'postgres' && lexemes > 1) {
      const r = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 ${m.from('heading')}${filters} LIMIT ${HEADING_DENSE}) x`.execute(db);
      walk = Number(r.rows[0]?.n ?? 0) >= HEADING_DENSE;
    }
    const heading = await fetch('heading', page.offset + page.limit, 0, walk);
    const list = ids(heading.slice(page.offset, page.offset + page.limit));
    if (list.length < page.limit) list.push(...ids(await fetch('rest', page.limit - list.length, Math.max(0, page.offset - heading.length))));
    return result(list, 'heading_then_date');
  }
  const facts = await db
    .selectFrom('searchDocuments')
    .select(['publicationId as id', 'title', 'heading', 'documentNumberKey'])
    .where('publicationId', 'in', ids(first))
    .execute();
  const keyOf = new Map(first.map((r) => [r.id, r.key]));
  const ranked = rankMatches(facts.map((f) => ({ ...f, key: keyOf.get(f.id)! })), q);
  return result(ranked.slice(page.offset, page.offset + page.limit).map((r) => r.id), 'relevance');
}

/** What the result list shows for the given ids (order not kept). */
export async function hitRows(db: DbOrTrx, ids: readonly number[]): Promise<SearchHitRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('searchDocuments as d')
    .innerJoin('searchContent as c', 'c.publicationId', 'd.publicationId')
    .select([
      'd.publicationId as id',
      'd.title',
      'd.documentNumber',
      'd.category',
      'd.topic',
      'd.validity',
      'd.publishedAt',
      'd.snippetFrom',
      'd.agencyId',
      'c.content',
    ])
    .where('d.publicationId', 'in', [...ids])
    .execute();
}

/** The indexed items whose folded 文号 is exactly `key` (at most `limit`), through an index. */
export async function idsByDocumentNumberKey(db: DbOrTrx, key: string, limit = 2): Promise<number[]> {
  const rows = await db.selectFrom('searchDocuments').select('publicationId as id').where('documentNumberKey', '=', key).limit(limit).execute();
  return rows.map((r) => r.id);
}
