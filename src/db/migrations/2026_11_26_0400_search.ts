import { sql, type Kysely } from 'kysely';
import { isPostgres } from './_helpers.js';

/*
 * Full-text search over published publications. Both engines index the same
 * tokens, cut by jieba in the application and stored pre-segmented:
 *
 * - search_documents: one row per published item with the columns the filters
 *   and the result list need (no joins at query time), plus on PostgreSQL the
 *   tsvector built by the application (`'token':pos[weight]` literal, so the
 *   'simple' parser never re-splits a token) under a GIN index.
 * - search_content: the folded plain text of the item (ASCII lower case), for
 *   quoted-phrase checks and snippets; kept apart so the filter table stays narrow.
 * - search_fts (SQLite): a contentless FTS5 table (rowid = search_documents.fts_rowid,
 *   which sorts by 发布日期) over the same tokens with
 *   detail=column. Phrases are checked on search_content, not by FTS positions
 *   (jieba's search mode puts sub-words between the words of a phrase), so
 *   positions would only cost space; column detail keeps bm25's column weights.
 * - attachment_texts: text extracted from attachments (PDF, DOCX, …) by content
 *   hash, extracted once and reused by indexing and screening.
 *
 * No pg_trgm: jieba tokens plus the phrase check on search_content need no
 * trigram index, and not every production role may CREATE EXTENSION.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  let docs = db.schema
    .createTable('search_documents')
    .addColumn('publication_id', 'integer', (c) => c.primaryKey().references('publications.id').onDelete('cascade'))
    // The item's key in the token index (FTS5 rowid): the 发布日期 in seconds × 65536
    // plus a slot, so rowid order is newest-first order and FTS5 can stop early.
    .addColumn('fts_rowid', 'bigint', (c) => c.notNull().unique())
    .addColumn('agency_id', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('topic', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('validity', 'text', (c) => c.notNull().defaultTo('valid'))
    // Year of the 发布日期 in China time, for the year filter.
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('document_number', 'text', (c) => c.notNull().defaultTo(''))
    // The 文号 folded for comparison (brackets 〔〕, no spaces, lower case).
    .addColumn('document_number_key', 'text', (c) => c.notNull().defaultTo(''))
    // Where the body starts in search_content (before it: title, 文号, keywords).
    .addColumn('snippet_from', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('indexed_at', 'text', (c) => c.notNull());
  // The whole item, and the heading alone (title, 文号, keywords, title pinyin).
  if (pg) docs = docs.addColumn('tsv', sql`tsvector`, (c) => c.notNull()).addColumn('tsv_heading', sql`tsvector`, (c) => c.notNull());
  await docs.execute();
  // No other indexes: filters apply to what the token index found, and an index on
  // a filter column tempts PostgreSQL into scanning it and detoasting every tsvector.
  if (pg) {
    await sql`CREATE INDEX search_documents_tsv ON search_documents USING gin (tsv)`.execute(db);
    await sql`CREATE INDEX search_documents_tsv_heading ON search_documents USING gin (tsv_heading)`.execute(db);
  }

  await db.schema
    .createTable('search_content')
    .addColumn('publication_id', 'integer', (c) => c.primaryKey().references('publications.id').onDelete('cascade'))
    .addColumn('content', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('attachment_texts')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    // ok | empty (no text layer, e.g. a scan) | unsupported | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('extracted_at', 'text', (c) => c.notNull())
    .execute();

  if (!pg) {
    await sql`CREATE VIRTUAL TABLE search_fts USING fts5(
      title, docno, keywords, pinyin, body,
      content='', contentless_delete=1, detail=column,
      tokenize='unicode61 remove_diacritics 0'
    )`.execute(db);
    // Column weights for ORDER BY rank: title and 文号 first, then pinyin/initials of the title, keywords, body.
    await sql`INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25(10.0, 10.0, 5.0, 6.0, 1.0)')`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) await sql`DROP TABLE IF EXISTS search_fts`.execute(db);
  for (const t of ['attachment_texts', 'search_content', 'search_documents']) await db.schema.dropTable(t).ifExists().execute();
}
