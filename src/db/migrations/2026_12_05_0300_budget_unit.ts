import type { Kysely } from 'kysely';

/*
 * Whether an agency is a 预算单位 (draws up its own 部门预算): such an agency must
 * publish its budget and final accounts (条例 Art. 20(七), 预算法 Art. 14), so its
 * 财政预算、决算 column cannot be hidden. Governments and departments are, so every
 * existing agency starts as one. Nothing else changes on upgrade: the columns an
 * agency already has keep their visibility (a township's new Art. 21 ¶2 columns are
 * added, visible, the next time its tree is read; none is hidden for it).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('agencies').addColumn('budget_unit', 'integer', (c) => c.notNull().defaultTo(1)).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('agencies').dropColumn('budget_unit').execute();
}
