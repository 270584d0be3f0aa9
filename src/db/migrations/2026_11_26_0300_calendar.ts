import type { Kysely } from 'kysely';
import { withId } from './_helpers.js';
// A frozen copy of the 2008–2026 arrangements as shipped on this date: the app's own
// seed may be corrected later, but this migration must insert the same rows forever.
import snapshot from './snapshots/calendar-2008-2026.json' with { type: 'json' };

interface SnapshotYear {
  year: number;
  holidays: unknown[];
  makeupWorkdays: string[];
  source: { noticeNumber: string | null; noticeDate: string | null; title: string; origin: string; amendments?: unknown[] };
}

/*
 * Versioned calendar years. A year is never updated in place: saving it inserts the
 * next version, and the current arrangement of a year is its highest version.
 * `calendar_revision` is one row bumped with every save, so any process can tell
 * cheaply whether its cached calendar is stale; saves lock it to serialise writers.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('calendar_years'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    // JSON: [{name, combinedWith?, start, end}] and ["YYYY-MM-DD", …].
    .addColumn('holidays', 'text', (c) => c.notNull())
    .addColumn('makeup_workdays', 'text', (c) => c.notNull())
    .addColumn('notice_number', 'text')
    .addColumn('notice_date', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    // JSON: [{noticeNumber, noticeDate, title}] of later notices that changed the year.
    .addColumn('amendments', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('entered_by_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('entered_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // What saving this version did to open deadlines: a count and the first few changes (JSON).
    .addColumn('deadlines_changed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deadline_changes', 'text')
    .addUniqueConstraint('calendar_years_year_version', ['year', 'version'])
    .execute();

  await db.schema
    .createTable('calendar_revision')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  const now = new Date().toISOString();
  const years = (snapshot as { years: SnapshotYear[] }).years;
  await db
    .insertInto('calendar_years')
    .values(
      years.map((y) => ({
        year: y.year,
        version: 1,
        holidays: JSON.stringify(y.holidays),
        makeup_workdays: JSON.stringify(y.makeupWorkdays),
        notice_number: y.source.noticeNumber,
        notice_date: y.source.noticeDate,
        title: y.source.title,
        origin: y.source.origin,
        amendments: y.source.amendments ? JSON.stringify(y.source.amendments) : null,
        note: `随平台安装的内置数据（${(snapshot as { package: string }).package}）`,
        entered_by_user_id: null,
        entered_by_name: '系统',
        created_at: now,
        deadlines_changed: 0,
        deadline_changes: null,
      })),
    )
    .execute();
  await db.insertInto('calendar_revision').values({ id: 1, revision: 1, updated_at: now }).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_revision').ifExists().execute();
  await db.schema.dropTable('calendar_years').ifExists().execute();
}
