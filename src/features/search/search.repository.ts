/**
 * Queries of the search index, for both engines. SQLite keeps tokens in the FTS5
 * table `search_fts` (rowid = publication id); PostgreSQL keeps them in
 * `search_documents.tsv`. Raw SQL uses snake_case names (CamelCasePlugin maps the
 * result columns back).
 */
import { sql, type RawBuilder } from 'kysely';
import { engineOf, type DbOrTrx, type Engine } from '../../db/database.js';
import { chinaYearBounds } from '../publications/publication.query.js';
import { ftsMatch, tsqueryLiteral, tsvectorLiteral, type CompiledQuery, type DocumentFields, type SearchSort } from './search.js';
import type { SearchDocumentTable } from './search.table.js';

const joinTokens = (t: readonly string[]) => t.join(' ');

/** Writes (or replaces) one item in the index. */
export async function upsertDocument(trx: DbOrTrx, doc: SearchDocumentTable, fields: DocumentFields): Promise<void> {
  const pg = engineOf(trx) === 'postgres';
  const id = doc.publicationId;
  const columns = {
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
    indexedAt: doc.indexedAt,
  };
  if (pg) {
    const tsv = sql`cast(${tsvectorLiteral(fields)} as tsvector)`;
    await trx
      .insertInto('searchDocuments')
      .values({ publicationId: id, ...columns, tsv } as never)
      .onConflict((oc) => oc.column('publicationId').doUpdateSet({ ...columns, tsv } as never))
      .execute();
  } else {
    await sql`DELETE FROM search_fts WHERE rowid = ${id}`.execute(trx);
    await sql`INSERT INTO search_fts (rowid, title, docno, keywords, pinyin, body) VALUES (${id}, ${joinTokens(fields.title)}, ${joinTokens(fields.docno)}, ${joinTokens(fields.keywords)}, ${joinTokens(fields.pinyin)}, ${joinTokens(fields.body)})`.execute(trx);
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

/** Only the columns that filters use, without touching the tokens (有效性 changes). */
export async function updateDocumentColumns(trx: DbOrTrx, publicationId: number, patch: Partial<Pick<SearchDocumentTable, 'validity' | 'category' | 'topic'>>) {
  await trx.updateTable('searchDocuments').set(patch).where('publicationId', '=', publicationId).execute();
}

/** Removes one item from the index; a no-op when it is not there. */
export async function deleteDocument(trx: DbOrTrx, publicationId: number): Promise<void> {
  if (engineOf(trx) === 'sqlite') await sql`DELETE FROM search_fts WHERE rowid = ${publicationId}`.execute(trx);
  await trx.deleteFrom('searchContent').where('publicationId', '=', publicationId).execute();
  await trx.deleteFrom('searchDocuments').where('publicationId', '=', publicationId).execute();
}

/**
 * Drops index entries of items that are no longer published or no longer exist
 * (FTS5 rows have no foreign key to cascade from).
 */
export async function deleteStale(trx: DbOrTrx): Promise<number> {
  const stale = await trx
    .deleteFrom('searchDocuments')
    .where('publicationId', 'not in', (eb) => eb.selectFrom('publications').select('id').where('publicStatus', '=', 'published'))
    .executeTakeFirst();
  await trx
    .deleteFrom('searchContent')
    .where('publicationId', 'not in', (eb) => eb.selectFrom('searchDocuments').select('publicationId'))
    .execute();
  if (engineOf(trx) === 'sqlite') await sql`DELETE FROM search_fts WHERE rowid NOT IN (SELECT publication_id FROM search_documents)`.execute(trx);
  return Number(stale.numDeletedRows);
}

/** Empties the whole index (before a full rebuild). */
export async function clearIndex(trx: DbOrTrx): Promise<void> {
  if (engineOf(trx) === 'sqlite') await sql`DELETE FROM search_fts`.execute(trx);
  await trx.deleteFrom('searchContent').execute();
  await trx.deleteFrom('searchDocuments').execute();
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
  agencySlug: string;
  agencyName: string;
  content: string;
}

function filterSql(engine: Engine, f: SearchFilters, q: CompiledQuery): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (f.agencyId !== undefined) where.push(sql`d.agency_id = ${f.agencyId}`);
  if (f.category) where.push(sql`d.category = ${f.category}`);
  if (f.topic) where.push(sql`d.topic = ${f.topic}`);
  if (f.validity) where.push(sql`d.validity = ${f.validity}`);
  if (f.year !== undefined) {
    const { from, to } = chinaYearBounds(f.year);
    where.push(sql`d.published_at >= ${from} AND d.published_at < ${to}`);
  }
  for (const p of q.phrases) {
    // Phrases are checked on the folded text: jieba's search mode puts sub-words
    // between a phrase's words, so token positions cannot say what is adjacent.
    const test = engine === 'postgres' ? sql`strpos(lower(c.content), ${p}) > 0` : sql`instr(lower(c.content), ${p}) > 0`;
    where.push(sql`EXISTS (SELECT 1 FROM search_content c WHERE c.publication_id = d.publication_id AND ${test})`);
  }
  return where;
}

const and = (parts: RawBuilder<unknown>[]) => (parts.length ? sql` AND ${sql.join(parts, sql` AND `)}` : sql``);

/** Ids and scores of one page of matches, best first (or newest first), and the total. */
export async function searchIds(db: DbOrTrx, page: SearchPage): Promise<{ ids: number[]; total: number }> {
  const engine = engineOf(db);
  const where = and(filterSql(engine, page.filters, page.query));
  // An item whose own 文号 is the one asked for comes before items that cite it.
  const own = page.query.documentNumbers.map((k) => (engine === 'postgres' ? sql`strpos(d.document_number_key, ${k}) > 0` : sql`instr(d.document_number_key, ${k}) > 0`));
  const docFirst = own.length && page.sort === 'relevance' ? sql`CASE WHEN ${sql.join(own, sql` OR `)} THEN 0 ELSE 1 END, ` : sql``;
  // Relevance: an item whose own 文号 is the one asked for, then items with every
  // word in the title (or 文号, keywords, title pinyin), then bm25 / ts_rank. Small
  // collections give bm25 unstable weights; the heading rule keeps the obvious
  // answer on top whatever the collection's size.
  if (engine === 'postgres') {
    const tsq = sql`cast(${tsqueryLiteral(page.query)} as tsquery)`;
    const heading = sql`cast(${tsqueryLiteral(page.query, true)} as tsquery)`;
    const order =
      page.sort === 'date'
        ? sql`d.published_at DESC, d.publication_id DESC`
        : sql`${docFirst}CASE WHEN d.tsv @@ ${heading} THEN 0 ELSE 1 END, score DESC, d.published_at DESC, d.publication_id DESC`;
    const [rows, count] = await Promise.all([
      sql<{ id: number }>`SELECT d.publication_id AS id, ts_rank(d.tsv, q.q) AS score
        FROM search_documents d, (SELECT ${tsq} AS q) q
        WHERE d.tsv @@ q.q${where}
        ORDER BY ${order} LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db),
      sql<{ n: number }>`SELECT count(*) AS n FROM search_documents d WHERE d.tsv @@ ${tsq}${where}`.execute(db),
    ]);
    return { ids: rows.rows.map((r) => Number(r.id)), total: Number(count.rows[0]?.n ?? 0) };
  }
  const match = ftsMatch(page.query);
  const order =
    page.sort === 'date'
      ? sql`d.published_at DESC, d.publication_id DESC`
      : sql`${docFirst}CASE WHEN d.publication_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ${ftsMatch(page.query, true)}) THEN 0 ELSE 1 END, search_fts.rank, d.published_at DESC, d.publication_id DESC`;
  const rows = await sql<{ id: number }>`SELECT d.publication_id AS id
    FROM search_fts JOIN search_documents d ON d.publication_id = search_fts.rowid
    WHERE search_fts MATCH ${match}${where}
    ORDER BY ${order} LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  const count = await sql<{ n: number }>`SELECT count(*) AS n
    FROM search_fts JOIN search_documents d ON d.publication_id = search_fts.rowid
    WHERE search_fts MATCH ${match}${where}`.execute(db);
  return { ids: rows.rows.map((r) => Number(r.id)), total: Number(count.rows[0]?.n ?? 0) };
}

/** What the result list shows for the given ids (order not kept). */
export async function hitRows(db: DbOrTrx, ids: readonly number[]): Promise<SearchHitRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('searchDocuments as d')
    .innerJoin('searchContent as c', 'c.publicationId', 'd.publicationId')
    .innerJoin('agencies as a', 'a.id', 'd.agencyId')
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
      'a.slug as agencySlug',
      'a.name as agencyName',
      'c.content',
    ])
    .where('d.publicationId', 'in', [...ids])
    .execute();
}
