import type { Insertable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import type { AnnualReportRevisionTable, AnnualReportTable, NewAnnualReportRow } from './annual-report.table.js';

export function findReport(db: DbOrTrx, agencyId: number, year: number) {
  return db.selectFrom('annualReports').selectAll().where('agencyId', '=', agencyId).where('year', '=', year).executeTakeFirst();
}

export function findByPublication(db: DbOrTrx, publicationId: number) {
  return db.selectFrom('annualReports').selectAll().where('publicationId', '=', publicationId).executeTakeFirst();
}

export function listReports(db: DbOrTrx, agencyId: number) {
  return db.selectFrom('annualReports').selectAll().where('agencyId', '=', agencyId).orderBy('year', 'desc').execute();
}

/** Reports of many agencies for one year (the government's report, the dashboard). */
export function reportsOfYear(db: DbOrTrx, year: number, agencyIds?: readonly number[]) {
  let q = db.selectFrom('annualReports').selectAll().where('year', '=', year);
  if (agencyIds) q = q.where('agencyId', 'in', agencyIds.length ? [...agencyIds] : [0]);
  return q.execute();
}

export function insertReport(db: DbOrTrx, row: NewAnnualReportRow) {
  return db.insertInto('annualReports').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Updates a report if it is still at `version`; undefined otherwise (a stale edit). */
export function updateReport(db: DbOrTrx, id: number, version: number, patch: Updateable<AnnualReportTable>) {
  return db
    .updateTable('annualReports')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function lastRevisionNo(db: DbOrTrx, reportId: number): Promise<number> {
  const r = await db.selectFrom('annualReportRevisions').select((eb) => eb.fn.max('revisionNo').as('n')).where('reportId', '=', reportId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export function insertRevision(db: DbOrTrx, row: Insertable<AnnualReportRevisionTable>) {
  return db.insertInto('annualReportRevisions').values(row).returningAll().executeTakeFirstOrThrow();
}

export function listRevisions(db: DbOrTrx, reportId: number) {
  return db.selectFrom('annualReportRevisions').selectAll().where('reportId', '=', reportId).orderBy('revisionNo', 'desc').execute();
}

export function findRevision(db: DbOrTrx, reportId: number, revisionNo: number) {
  return db.selectFrom('annualReportRevisions').selectAll().where('reportId', '=', reportId).where('revisionNo', '=', revisionNo).executeTakeFirst();
}

export function lastRevisionWithNote(db: DbOrTrx, reportId: number, note: string) {
  return db.selectFrom('annualReportRevisions').selectAll().where('reportId', '=', reportId).where('note', '=', note).orderBy('revisionNo', 'desc').limit(1).executeTakeFirst();
}
