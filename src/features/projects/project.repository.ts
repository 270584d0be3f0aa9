/** Queries of key projects and work plans; no rules here. */
import type { Insertable, Updateable } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import type {
  ProjectProgressTable,
  ProjectPublicationTable,
  ProjectStageTable,
  ProjectTable,
  WorkPlanProgressTable,
  WorkPlanTable,
  WorkPlanTargetTable,
} from './project.table.js';

export const findProject = (db: DbOrTrx, id: number) => db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();

export const findProjectByCode = (db: DbOrTrx, agencyId: number, code: string) =>
  db.selectFrom('projects').select('id').where('agencyId', '=', agencyId).where('code', '=', code).executeTakeFirst();

export const insertProject = (db: DbOrTrx, row: Insertable<ProjectTable>) => db.insertInto('projects').values(row).returningAll().executeTakeFirstOrThrow();

/** Updates when the version still matches; undefined when someone changed it first. */
export const updateProject = (db: DbOrTrx, id: number, version: number, patch: Updateable<ProjectTable>) =>
  db
    .updateTable('projects')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();

export const touchProject = (db: DbOrTrx, id: number, at: string, by: string) =>
  db.updateTable('projects').set({ updatedAt: at, updatedByName: by }).where('id', '=', id).execute();

/** An agency's projects (all agencies when null) with their latest progress entry's date and % done. */
export async function listProjects(db: DbOrTrx, agencyIds: number[] | null) {
  if (agencyIds && agencyIds.length === 0) return [];
  let q = db.selectFrom('projects').selectAll().orderBy('plannedStart', 'desc').orderBy('id', 'desc');
  if (agencyIds) q = q.where('agencyId', 'in', agencyIds);
  const projects = await q.execute();
  if (!projects.length) return [];
  const latest = await latestEntries(
    db,
    projects.map((p) => p.id),
  );
  return projects.map((p) => ({ ...p, lastEntryDate: latest.get(p.id)?.entryDate ?? null, percent: latest.get(p.id)?.percent ?? null }));
}

/** Each project's latest progress entry (by date, then by id). */
export async function latestEntries(db: DbOrTrx, projectIds: number[]) {
  const out = new Map<number, { entryDate: string; percent: number }>();
  if (!projectIds.length) return out;
  const rows = await db
    .selectFrom('projectProgress')
    .select(['projectId', 'entryDate', 'percent', 'id'])
    .where('projectId', 'in', projectIds)
    .orderBy('projectId')
    .orderBy('entryDate', 'desc')
    .orderBy('id', 'desc')
    .execute();
  for (const r of rows) if (!out.has(r.projectId)) out.set(r.projectId, { entryDate: r.entryDate, percent: r.percent });
  return out;
}

export const listStages = (db: DbOrTrx, projectId: number) =>
  db.selectFrom('projectStages').selectAll().where('projectId', '=', projectId).orderBy('sortOrder').orderBy('id').execute();

export const findStage = (db: DbOrTrx, id: number) => db.selectFrom('projectStages').selectAll().where('id', '=', id).executeTakeFirst();

export async function nextStageOrder(db: DbOrTrx, projectId: number): Promise<number> {
  const r = await db.selectFrom('projectStages').select((eb) => eb.fn.max('sortOrder').as('m')).where('projectId', '=', projectId).executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

export const insertStage = (db: DbOrTrx, row: Insertable<ProjectStageTable>) => db.insertInto('projectStages').values(row).returningAll().executeTakeFirstOrThrow();

export const updateStage = (db: DbOrTrx, id: number, patch: Updateable<ProjectStageTable>) =>
  db.updateTable('projectStages').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const listEntries = (db: DbOrTrx, projectId: number) =>
  db.selectFrom('projectProgress').selectAll().where('projectId', '=', projectId).orderBy('entryDate', 'desc').orderBy('id', 'desc').execute();

export const insertEntry = (db: DbOrTrx, row: Insertable<ProjectProgressTable>) => db.insertInto('projectProgress').values(row).returningAll().executeTakeFirstOrThrow();

export async function listPhotos(db: DbOrTrx, progressIds: number[]) {
  if (!progressIds.length) return [];
  return db.selectFrom('projectPhotos').selectAll().where('progressId', 'in', progressIds).orderBy('id').execute();
}

export const insertPhoto = (db: DbOrTrx, row: { progressId: number; sha256: string; size: number; mimeType: string; name: string; createdAt: string }) =>
  db.insertInto('projectPhotos').values(row).returningAll().executeTakeFirstOrThrow();

/** A photo with the project it belongs to. */
export const findPhoto = (db: DbOrTrx, id: number) =>
  db
    .selectFrom('projectPhotos as ph')
    .innerJoin('projectProgress as e', 'e.id', 'ph.progressId')
    .innerJoin('projects as p', 'p.id', 'e.projectId')
    .select(['ph.id', 'ph.sha256', 'ph.size', 'ph.mimeType', 'ph.name', 'p.agencyId', 'p.id as projectId'])
    .where('ph.id', '=', id)
    .executeTakeFirst();

export const findLink = (db: DbOrTrx, publicationId: number) => db.selectFrom('projectPublications').selectAll().where('publicationId', '=', publicationId).executeTakeFirst();

export async function upsertLink(db: DbOrTrx, row: Insertable<ProjectPublicationTable>) {
  await db.deleteFrom('projectPublications').where('publicationId', '=', row.publicationId).execute();
  return db.insertInto('projectPublications').values(row).returningAll().executeTakeFirstOrThrow();
}

export const updateLink = (db: DbOrTrx, publicationId: number, patch: Updateable<ProjectPublicationTable>) =>
  db.updateTable('projectPublications').set(patch).where('publicationId', '=', publicationId).returningAll().executeTakeFirstOrThrow();

export const deleteLink = (db: DbOrTrx, publicationId: number) => db.deleteFrom('projectPublications').where('publicationId', '=', publicationId).execute();

/** A project's links (the items themselves are read through the publications service). */
export const listLinkRows = (db: DbOrTrx, projectId: number) =>
  db
    .selectFrom('projectPublications')
    .select(['publicationId', 'lifecycle', 'approvalKind', 'approvalResult', 'decidedOn', 'documentNumber', 'decidingUnit', 'projectName', 'projectCode'])
    .where('projectId', '=', projectId)
    .execute();

// ---------------------------------------------------------------- work plans

export const findPlan = (db: DbOrTrx, agencyId: number, year: number) =>
  db.selectFrom('workPlans').selectAll().where('agencyId', '=', agencyId).where('year', '=', year).executeTakeFirst();

export const findPlanById = (db: DbOrTrx, id: number) => db.selectFrom('workPlans').selectAll().where('id', '=', id).executeTakeFirst();

export const insertPlan = (db: DbOrTrx, row: Insertable<WorkPlanTable>) => db.insertInto('workPlans').values(row).returningAll().executeTakeFirstOrThrow();

export const updatePlan = (db: DbOrTrx, id: number, version: number, patch: Updateable<WorkPlanTable>) =>
  db
    .updateTable('workPlans')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();

export const listPlans = (db: DbOrTrx, agencyId: number) => db.selectFrom('workPlans').selectAll().where('agencyId', '=', agencyId).orderBy('year', 'desc').execute();

export const listTargets = (db: DbOrTrx, planId: number) => db.selectFrom('workPlanTargets').selectAll().where('planId', '=', planId).orderBy('sortOrder').orderBy('id').execute();

export async function insertTarget(db: DbOrTrx, row: Omit<Insertable<WorkPlanTargetTable>, 'sortOrder'>) {
  const r = await db.selectFrom('workPlanTargets').select((eb) => eb.fn.max('sortOrder').as('m')).where('planId', '=', row.planId).executeTakeFirst();
  return db
    .insertInto('workPlanTargets')
    .values({ ...row, sortOrder: Number(r?.m ?? 0) + 1 })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const listPlanEntries = (db: DbOrTrx, planId: number) =>
  db.selectFrom('workPlanProgress').selectAll().where('planId', '=', planId).orderBy('entryDate', 'desc').orderBy('id', 'desc').execute();

export const insertPlanEntry = (db: DbOrTrx, row: Insertable<WorkPlanProgressTable>) => db.insertInto('workPlanProgress').values(row).returningAll().executeTakeFirstOrThrow();
