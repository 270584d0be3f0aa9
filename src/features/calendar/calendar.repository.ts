import type { DbOrTrx } from '../../db/database.js';
import { engineOf } from '../../db/database.js';
import type { NewCalendarYearRow } from './calendar.table.js';

/** The current (highest) version of every year, oldest year first. */
export function listCurrentYears(db: DbOrTrx) {
  return db
    .selectFrom('calendarYears as cy')
    .selectAll('cy')
    .where('cy.version', '=', (eb) =>
      eb.selectFrom('calendarYears as c2').select((e) => e.fn.max('c2.version').as('v')).whereRef('c2.year', '=', 'cy.year'),
    )
    .orderBy('cy.year')
    .execute();
}

/** Every version of one year, newest first. */
export function listYearVersions(db: DbOrTrx, year: number) {
  return db.selectFrom('calendarYears').selectAll().where('year', '=', year).orderBy('version', 'desc').execute();
}

export function findYearVersion(db: DbOrTrx, year: number, version: number) {
  return db.selectFrom('calendarYears').selectAll().where('year', '=', year).where('version', '=', version).executeTakeFirst();
}

/** Number of versions per year, for the overview. */
export function countVersionsByYear(db: DbOrTrx) {
  return db
    .selectFrom('calendarYears')
    .select((e) => ['year', e.fn.countAll<number>().as('versions')])
    .groupBy('year')
    .execute();
}

export async function readRevision(db: DbOrTrx): Promise<number> {
  const row = await db.selectFrom('calendarRevision').select('revision').where('id', '=', 1).executeTakeFirst();
  return row?.revision ?? 0;
}

/** Reads the revision under a row lock (PostgreSQL) so concurrent saves of the calendar run one after another. */
export async function lockRevision(db: DbOrTrx): Promise<number> {
  let q = db.selectFrom('calendarRevision').select('revision').where('id', '=', 1);
  if (engineOf(db) === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirstOrThrow();
  return row.revision;
}

export async function bumpRevision(db: DbOrTrx, now: string): Promise<void> {
  await db
    .updateTable('calendarRevision')
    .set((eb) => ({ revision: eb('revision', '+', 1), updatedAt: now }))
    .where('id', '=', 1)
    .execute();
}

export function insertYearVersion(db: DbOrTrx, row: NewCalendarYearRow) {
  return db.insertInto('calendarYears').values(row).returningAll().executeTakeFirstOrThrow();
}
