import type { Kysely } from 'kysely';

/*
 * The kind of document an item is: 规章, 行政规范性文件 or another. The annual report
 * counts the first two (made, abolished and in force) from the catalog, and the
 * 文件 category holds both, so the kind is recorded on the working copy and on
 * every published revision.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('publications').addColumn('document_kind', 'text', (c) => c.notNull().defaultTo('other')).execute();
  await db.schema.alterTable('publication_revisions').addColumn('document_kind', 'text', (c) => c.notNull().defaultTo('other')).execute();
  await db.schema.createIndex('publications_document_kind').on('publications').columns(['agency_id', 'document_kind', 'first_published_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('publications_document_kind').ifExists().execute();
  await db.schema.alterTable('publication_revisions').dropColumn('document_kind').execute();
  await db.schema.alterTable('publications').dropColumn('document_kind').execute();
}
