import type { Insertable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import type { ConsultationCommentTable, ConsultationTable, HearingMaterialTable, HearingTable } from './participation.table.js';

// ---------------------------------------------------------------- consultations

export async function insertConsultation(db: DbOrTrx, row: Insertable<ConsultationTable>) {
  return db.insertInto('consultations').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findConsultation(db: DbOrTrx, id: number) {
  return db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Updates when the version still matches (optimistic lock); undefined when someone else changed it. */
export async function updateConsultation(db: DbOrTrx, id: number, version: number, patch: Updateable<ConsultationTable>) {
  return db
    .updateTable('consultations')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function listConsultations(db: DbOrTrx, q: { agencyIds: number[] | null; publicOnly: boolean }) {
  let query = db.selectFrom('consultations').selectAll().orderBy('id', 'desc').limit(500);
  if (q.agencyIds) query = query.where('agencyId', 'in', q.agencyIds.length ? q.agencyIds : [-1]);
  if (q.publicOnly) query = query.where('state', '<>', 'draft');
  return query.execute();
}

export async function consultationsOfPublication(db: DbOrTrx, publicationId: number) {
  return db.selectFrom('consultations').selectAll().where('publicationId', '=', publicationId).where('state', '<>', 'draft').execute();
}

/** Consultations whose comments have closed (by date or by the office) and that have no feedback yet. */
export async function awaitingFeedback(db: DbOrTrx, today: string, agencyIds: number[] | null) {
  let query = db
    .selectFrom('consultations')
    .selectAll()
    .where('state', '<>', 'draft')
    .where('feedbackPublishedAt', 'is', null)
    .where((eb) => eb.or([eb('state', '=', 'closed'), eb('endDate', '<', today)]))
    .orderBy('endDate', 'asc');
  if (agencyIds) query = query.where('agencyId', 'in', agencyIds.length ? agencyIds : [-1]);
  return query.execute();
}

export async function replaceSections(db: DbOrTrx, consultationId: number, sections: { heading: string; body: string }[]) {
  await db.deleteFrom('consultationSections').where('consultationId', '=', consultationId).execute();
  if (sections.length) {
    await db
      .insertInto('consultationSections')
      .values(sections.map((s, i) => ({ consultationId, position: i + 1, heading: s.heading, body: s.body })))
      .execute();
  }
}

export async function listSections(db: DbOrTrx, consultationId: number) {
  return db.selectFrom('consultationSections').selectAll().where('consultationId', '=', consultationId).orderBy('position').execute();
}

// ---------------------------------------------------------------- comments

export async function insertComment(db: DbOrTrx, row: Insertable<ConsultationCommentTable>) {
  return db.insertInto('consultationComments').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findComment(db: DbOrTrx, id: number) {
  return db.selectFrom('consultationComments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function moderateComment(db: DbOrTrx, id: number, patch: Updateable<ConsultationCommentTable>) {
  // Only a pending comment is decided: of two moderators at once, the second finds nothing to update.
  return db.updateTable('consultationComments').set(patch).where('id', '=', id).where('status', '=', 'pending').returningAll().executeTakeFirst();
}

export async function listComments(db: DbOrTrx, consultationId: number, status?: string) {
  let query = db.selectFrom('consultationComments').selectAll().where('consultationId', '=', consultationId).orderBy('id');
  if (status) query = query.where('status', '=', status);
  return query.execute();
}

export async function commentCounts(db: DbOrTrx, consultationIds: number[]) {
  if (!consultationIds.length) return [];
  return db
    .selectFrom('consultationComments')
    .select(['consultationId', 'status', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('consultationId', 'in', consultationIds)
    .groupBy(['consultationId', 'status'])
    .execute();
}

// ---------------------------------------------------------------- hearings

export async function insertHearing(db: DbOrTrx, row: Insertable<HearingTable>) {
  return db.insertInto('hearings').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findHearing(db: DbOrTrx, id: number) {
  return db.selectFrom('hearings').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateHearing(db: DbOrTrx, id: number, version: number, patch: Updateable<HearingTable>) {
  return db
    .updateTable('hearings')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function listHearings(db: DbOrTrx, q: { agencyIds: number[] | null; publicOnly: boolean }) {
  let query = db.selectFrom('hearings').selectAll().orderBy('hearingDate', 'desc').orderBy('id', 'desc').limit(200);
  if (q.agencyIds) query = query.where('agencyId', 'in', q.agencyIds.length ? q.agencyIds : [-1]);
  if (q.publicOnly) query = query.where('state', '=', 'published');
  return query.execute();
}

export async function insertMaterial(db: DbOrTrx, row: Insertable<HearingMaterialTable>) {
  return db.insertInto('hearingMaterials').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listMaterials(db: DbOrTrx, hearingId: number) {
  return db.selectFrom('hearingMaterials').selectAll().where('hearingId', '=', hearingId).orderBy('sentAt').execute();
}
