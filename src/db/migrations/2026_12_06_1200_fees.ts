import type { Kysely } from 'kysely';
import { withId } from './_helpers.js';

/*
 * Price and fee lists (条例 Art. 20(八)): an agency's items of 行政事业性收费 and of
 * 政府定价, and their changes. A change is a proposal until its announcement (an
 * Art. 20(八) publication) is published; then it is a numbered version, never
 * rewritten. The list as of a date is read from the versions' effective dates.
 *
 * An item's name is unique within its agency's list while the item lives
 * (name_key); an item whose first change was cancelled gives its name back (NULL,
 * which a unique index lets repeat on both engines).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('fee_items'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    // admin_fee | price
    .addColumn('list', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text')
    // '' until the first version is published, then active | stopped | abolished
    .addColumn('status', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('published_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('fee_items_name').on('fee_items').columns(['agency_id', 'list', 'name_key']).unique().execute();

  await withId(db, db.schema.createTable('fee_changes'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('fee_items.id'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    // add | amend | stop | abolish | restore
    .addColumn('kind', 'text', (c) => c.notNull())
    // pending | published | cancelled
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version_no', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('standard', 'text', (c) => c.notNull())
    // canonical decimal text, for sorting only; the standard's text is what is published
    .addColumn('amount', 'text')
    .addColumn('amount_unit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('collecting_unit', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('written_date', 'text', (c) => c.notNull())
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('publication_id', 'integer', (c) => c.references('publications.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('published_at', 'text')
    .addUniqueConstraint('fee_changes_item_version', ['item_id', 'version_no'])
    .execute();
  await db.schema.createIndex('fee_changes_item').on('fee_changes').columns(['item_id', 'state']).execute();
  await db.schema.createIndex('fee_changes_publication').on('fee_changes').column('publication_id').execute();
  await db.schema.createIndex('fee_changes_agency').on('fee_changes').columns(['agency_id', 'state']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('fee_changes').execute();
  await db.schema.dropTable('fee_items').execute();
}
