import { sql, type Kysely } from 'kysely';
import { isPostgres } from './_helpers.js';

/*
 * Quoted phrases and 文号 on SQLite: a trigram index over the folded text.
 *
 * Until now a phrase was found through its jieba words and then checked in the text
 * of each candidate; at 1,000,000 items "应当自收到申请之日起" meant reading the text
 * of up to 10,000 items holding 应当, 收到, 申请 and 之日起 (100–170 ms). Every
 * substring of three characters or more is made of trigrams that this index holds,
 * so a phrase's candidates are nearly exactly its matches, and the text check
 * (kept, for exactness) reads only those.
 *
 * search_grams: contentless FTS5 (rowid = search_documents.fts_rowid, like search_fts)
 * with the built-in trigram tokenizer, case-sensitive because the text is folded and
 * ASCII-lower-cased before it is stored; two columns, the heading (title, 文号,
 * keywords) and the rest, so "the phrase is in the heading" is an index query.
 * detail=column: phrases are AND-ed trigrams, positions would only cost space.
 * Filled here from search_content (split at snippet_from; SQLite's substr counts
 * characters where snippet_from counts UTF-16 units, so a title holding characters
 * outside the BMP may lend a character to the other column until reindexed).
 *
 * PostgreSQL keeps finding phrases through their words plus the text check.
 *
 * search_documents.heading (both engines): the folded heading text, so relevance can
 * say how many of the query's words an item's heading holds without FTS5's bm25,
 * whose document frequencies cost a walk of every query word's whole posting list
 * (60 ms and more for a word like 行政 at 1,000,000 items).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('search_documents').addColumn('heading', 'text', (c) => c.notNull().defaultTo('')).execute();
  await sql`UPDATE search_documents SET heading = coalesce((SELECT substr(c.content, 1, search_documents.snippet_from) FROM search_content c WHERE c.publication_id = search_documents.publication_id), '')`.execute(db);
  if (isPostgres(db)) return;
  await sql`CREATE VIRTUAL TABLE search_grams USING fts5(
    head, body,
    content='', contentless_delete=1, detail=column,
    tokenize='trigram case_sensitive 1'
  )`.execute(db);
  await sql`INSERT INTO search_grams (rowid, head, body)
    SELECT d.fts_rowid, substr(c.content, 1, d.snippet_from), substr(c.content, d.snippet_from + 1)
    FROM search_documents d JOIN search_content c ON c.publication_id = d.publication_id`.execute(db);
  await sql`INSERT INTO search_grams (search_grams) VALUES ('optimize')`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) await sql`DROP TABLE IF EXISTS search_grams`.execute(db);
  await db.schema.alterTable('search_documents').dropColumn('heading').execute();
}
