import type { Kysely } from 'kysely';
import { withId } from './_helpers.js';

/*
 * 基层政务公开标准目录 (disclosure-structure §2, requirement 7): one row per 事项,
 * kept per agency (the agency whose catalog it is). A row whose 公开主体 is another
 * agency of the platform names it (`subject_agency_id`), and that agency sees the
 * row as assigned to it. A row may map to a portal column (requirement 9). The
 * list-valued fields (要素, 依据, 渠道, 层级) and the time rule are JSON text, read
 * and written whole by the feature's own code.
 *
 * `standard_catalog_links` files a publication under one row, so it inherits the
 * row's time rule in the timeliness monitor. `standard_catalog_seeds` records that an
 * agency was given a domain's catalog (the 发改 seed), so deleting its rows does not
 * bring them back.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('standard_catalog_rows'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('level1', 'text', (c) => c.notNull())
    .addColumn('level2', 'text', (c) => c.notNull())
    .addColumn('level3', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('elements_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('basis_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('time_rule_json', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('subject_agency_id', 'integer', (c) => c.references('agencies.id').onDelete('set null'))
    .addColumn('channels_json', 'text', (c) => c.notNull().defaultTo('[]'))
    // all | specific
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('audience_group', 'text', (c) => c.notNull().defaultTo(''))
    // proactive | on_request
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('levels_json', 'text', (c) => c.notNull().defaultTo('[]'))
    // The portal column the row maps to, by its stable key within the agency (catalog_columns.key).
    .addColumn('column_key', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('standard_catalog_rows_agency').on('standard_catalog_rows').columns(['agency_id', 'sort_order']).execute();
  await db.schema.createIndex('standard_catalog_rows_subject').on('standard_catalog_rows').column('subject_agency_id').execute();

  await db.schema
    .createTable('standard_catalog_links')
    .addColumn('publication_id', 'integer', (c) => c.primaryKey().references('publications.id').onDelete('cascade'))
    .addColumn('row_id', 'integer', (c) => c.notNull().references('standard_catalog_rows.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('standard_catalog_seeds')
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('seeded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('standard_catalog_seeds_pk', ['agency_id', 'domain'])
    .execute();
  await db.schema.createIndex('standard_catalog_links_row').on('standard_catalog_links').column('row_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('standard_catalog_seeds').ifExists().execute();
  await db.schema.dropTable('standard_catalog_links').ifExists().execute();
  await db.schema.dropTable('standard_catalog_rows').ifExists().execute();
}
