import type { Kysely } from 'kysely';

/*
 * 批复日期: the day a budget or final accounts was approved (批复). 预算法 Art. 14
 * sets its publication period, 20 calendar days from the 批复, which Art. 26 of
 * the Regulation defers to; the clock needs the date on the working copy and on
 * every published revision (a published item is judged by the revision's dates).
 * Nullable: older items and other categories have none, and a missing date makes
 * the clock say it cannot compute rather than guess.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('publications').addColumn('approved_on', 'text').execute();
  await db.schema.alterTable('publication_revisions').addColumn('approved_on', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('publication_revisions').dropColumn('approved_on').execute();
  await db.schema.alterTable('publications').dropColumn('approved_on').execute();
}
