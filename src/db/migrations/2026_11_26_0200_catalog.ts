import type { Kysely } from 'kysely';
import { withId } from './_helpers.js';

/*
 * The portal's column tree (栏目) per agency and the redirects left behind when a
 * column's URL changes. Default columns are created by the application on first
 * use of an agency (idempotently, by `key`), so new agencies and new vocabulary
 * entries get theirs without a migration.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('catalog_columns'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id').onDelete('cascade'))
    // Stable identity within the agency: a fixed column's code or a disclosure category key.
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'integer', (c) => c.references('catalog_columns.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    // Slugs from the root, e.g. zfxxgk/fdzdgknr/fgwj: what the URL is made of.
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('article', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('fixed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hidden_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('update_interval_days', 'integer')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('catalog_columns_agency_key', ['agency_id', 'key'])
    .addUniqueConstraint('catalog_columns_agency_path', ['agency_id', 'path'])
    .execute();

  await withId(db, db.schema.createTable('catalog_redirects'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id').onDelete('cascade'))
    .addColumn('old_path', 'text', (c) => c.notNull())
    .addColumn('column_id', 'integer', (c) => c.notNull().references('catalog_columns.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('catalog_redirects_agency_path', ['agency_id', 'old_path'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('catalog_redirects').ifExists().execute();
  await db.schema.dropTable('catalog_columns').ifExists().execute();
}
