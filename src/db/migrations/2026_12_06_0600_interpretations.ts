import type { Kysely } from 'kysely';
import { withId } from './_helpers.js';

/*
 * The portal's column and item pages (issue 13 points 4–6) and the 解读 linkage
 * (disclosure-structure §5 requirement 16):
 * - a 政策解读 names the documents it interprets (原文), one or more, in
 *   `publication_interpretations`;
 * - a 规章 or 规范性文件 published without a linked 解读 needs an administrator's
 *   recorded reason, kept on the publication (`interpretation_waiver*`);
 * - a column may say why it has nothing (`empty_reason`), shown under
 *   "本机关暂无此类信息".
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('publication_interpretations'))
    .addColumn('interpretation_id', 'integer', (c) => c.notNull().references('publications.id'))
    .addColumn('document_id', 'integer', (c) => c.notNull().references('publications.id'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('publication_interpretations_pair', ['interpretation_id', 'document_id'])
    .execute();
  await db.schema.createIndex('publication_interpretations_document').on('publication_interpretations').columns(['document_id']).execute();
  await db.schema.alterTable('publications').addColumn('interpretation_waiver', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('publications').addColumn('interpretation_waiver_by', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('publications').addColumn('interpretation_waiver_at', 'text').execute();
  await db.schema.alterTable('catalog_columns').addColumn('empty_reason', 'text', (c) => c.notNull().defaultTo('')).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('catalog_columns').dropColumn('empty_reason').execute();
  await db.schema.alterTable('publications').dropColumn('interpretation_waiver_at').execute();
  await db.schema.alterTable('publications').dropColumn('interpretation_waiver_by').execute();
  await db.schema.alterTable('publications').dropColumn('interpretation_waiver').execute();
  await db.schema.dropIndex('publication_interpretations_document').ifExists().execute();
  await db.schema.dropTable('publication_interpretations').execute();
}
