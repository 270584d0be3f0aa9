import type { DbOrTrx } from '../../db/database.js';
import type { AgencyRowUpdate, NewAgencyRow } from './agency.table.js';

export function listAgencies(db: DbOrTrx, ids?: number[] | null) {
  let q = db.selectFrom('agencies').selectAll().orderBy('sortOrder').orderBy('id');
  if (ids) q = q.where('id', 'in', ids.length ? ids : [-1]);
  return q.execute();
}

export function findAgencyByCodeOrSlug(db: DbOrTrx, key: string) {
  const v = key.trim();
  return db.selectFrom('agencies').selectAll().where((eb) => eb.or([eb('code', '=', v), eb('slug', '=', v)])).executeTakeFirst();
}

export function agencyLabels(db: DbOrTrx, ids: number[]) {
  return db.selectFrom('agencies').select(['id', 'name', 'shortName', 'slug', 'code']).where('id', 'in', ids).execute();
}

export function departmentNames(db: DbOrTrx, ids: number[]) {
  return db.selectFrom('departments').select(['id', 'name']).where('id', 'in', ids).execute();
}

export function findAgency(db: DbOrTrx, id: number) {
  return db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findAgencyBySlug(db: DbOrTrx, slug: string) {
  return db.selectFrom('agencies').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function findAgencyByCode(db: DbOrTrx, code: string) {
  return db.selectFrom('agencies').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Which of the unique values are taken by another agency than `exceptId`. */
export async function findClashes(
  db: DbOrTrx,
  values: { slug?: string; code?: string; name?: string },
  exceptId?: number,
) {
  const taken: ('slug' | 'code' | 'name')[] = [];
  for (const key of ['slug', 'code', 'name'] as const) {
    const v = values[key];
    if (v === undefined) continue;
    let q = db.selectFrom('agencies').select('id').where(key, '=', v);
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    if (await q.executeTakeFirst()) taken.push(key);
  }
  return taken;
}

export async function insertAgency(db: DbOrTrx, row: NewAgencyRow) {
  return db.insertInto('agencies').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Updates only if the row still has `version`; returns the new row or undefined on a stale edit. */
export function updateAgency(db: DbOrTrx, id: number, version: number, patch: AgencyRowUpdate) {
  return db
    .updateTable('agencies')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export function listDepartments(db: DbOrTrx, agencyIds: number[]) {
  if (!agencyIds.length) return Promise.resolve([]);
  return db
    .selectFrom('departments')
    .selectAll()
    .where('agencyId', 'in', agencyIds)
    .orderBy('sortOrder')
    .orderBy('id')
    .execute();
}

export function findDepartment(db: DbOrTrx, id: number) {
  return db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findDepartmentByName(db: DbOrTrx, agencyId: number, name: string) {
  return db
    .selectFrom('departments')
    .selectAll()
    .where('agencyId', '=', agencyId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export function insertDepartment(
  db: DbOrTrx,
  row: { agencyId: number; name: string; duties: string; phone: string; sortOrder: number; createdAt: string },
) {
  return db.insertInto('departments').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateDepartment(
  db: DbOrTrx,
  id: number,
  patch: { name?: string; duties?: string; phone?: string; sortOrder?: number },
) {
  return db.updateTable('departments').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function deleteDepartment(db: DbOrTrx, id: number) {
  return db.deleteFrom('departments').where('id', '=', id).execute();
}


// ---------------------------------------------------------------- former slugs

export function findAgencySlugRedirect(db: DbOrTrx, oldSlug: string) {
  return db
    .selectFrom('agencySlugRedirects')
    .innerJoin('agencies', 'agencies.id', 'agencySlugRedirects.agencyId')
    .select(['agencies.id', 'agencies.slug'])
    .where('agencySlugRedirects.oldSlug', '=', oldSlug)
    .executeTakeFirst();
}

/** Whether `slug` is a former slug of an agency other than `agencyId` (its old links still point there). */
export async function isFormerSlugOfOther(db: DbOrTrx, slug: string, agencyId: number) {
  const row = await db.selectFrom('agencySlugRedirects').select('agencyId').where('oldSlug', '=', slug).executeTakeFirst();
  return !!row && row.agencyId !== agencyId;
}

export async function recordAgencySlugChange(db: DbOrTrx, agencyId: number, oldSlug: string, newSlug: string, at: string) {
  // Taking back a former slug makes it the agency's own again.
  await db.deleteFrom('agencySlugRedirects').where('oldSlug', '=', newSlug).where('agencyId', '=', agencyId).execute();
  await db
    .insertInto('agencySlugRedirects')
    .values({ oldSlug, agencyId, createdAt: at })
    .onConflict((oc) => oc.column('oldSlug').doNothing())
    .execute();
}
