import { sql, type Kysely } from 'kysely';

/*
 * Four-eyes review (先审查后发布 by a second person): each agency chooses, on by
 * default, whether the author or last content editor of an item may approve or
 * publish it. `edited_by` is the last person who changed the working copy's content
 * (updated_by also moves with every workflow step, so it cannot tell). Existing
 * items: for those still being written or waiting for review, the last updater is
 * the last editor (submitting is done by the editor); for the rest, the author is
 * the best the data knows.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('agencies').addColumn('four_eyes_review', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('publications').addColumn('edited_by', 'integer').execute();
  await sql`UPDATE publications SET edited_by = CASE WHEN state IN ('draft', 'returned', 'submitted') THEN updated_by ELSE created_by END`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('publications').dropColumn('edited_by').execute();
  await db.schema.alterTable('agencies').dropColumn('four_eyes_review').execute();
}
