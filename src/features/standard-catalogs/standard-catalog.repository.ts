import type { DbOrTrx } from '../../db/database.js';
import type { StandardCatalogRowTable } from './standard-catalog.table.js';
import type { Insertable, Updateable } from 'kysely';

/** An agency's own rows, and the rows of other agencies assigned to it, in catalog order. */
export function listRows(db: DbOrTrx, agencyId: number) {
  return db
    .selectFrom('standardCatalogRows')
    .selectAll()
    .where((eb) => eb.or([eb('agencyId', '=', agencyId), eb('subjectAgencyId', '=', agencyId)]))
    .orderBy('agencyId')
    .orderBy('domain')
    .orderBy('sortOrder')
    .orderBy('id')
    .execute();
}

export function listRowsOfAgencies(db: DbOrTrx, agencyIds: readonly number[]) {
  return db.selectFrom('standardCatalogRows').selectAll().where('agencyId', 'in', [...agencyIds]).where('columnKey', 'is not', null).execute();
}

export function findRow(db: DbOrTrx, id: number) {
  return db.selectFrom('standardCatalogRows').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findRows(db: DbOrTrx, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('standardCatalogRows').selectAll().where('id', 'in', [...ids]).execute();
}

export function maxSortOrder(db: DbOrTrx, agencyId: number, domain: string) {
  return db
    .selectFrom('standardCatalogRows')
    .select((eb) => eb.fn.max('sortOrder').as('max'))
    .where('agencyId', '=', agencyId)
    .where('domain', '=', domain)
    .executeTakeFirst()
    .then((r) => Number(r?.max ?? 0));
}

export async function insertRow(db: DbOrTrx, row: Insertable<StandardCatalogRowTable>): Promise<number> {
  const r = await db.insertInto('standardCatalogRows').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Updates a row at `version`; undefined when someone changed it first. */
export function updateRow(db: DbOrTrx, id: number, version: number, patch: Updateable<StandardCatalogRowTable>) {
  return db
    .updateTable('standardCatalogRows')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export function deleteRow(db: DbOrTrx, id: number) {
  return db.deleteFrom('standardCatalogRows').where('id', '=', id).executeTakeFirst();
}

export function deleteRows(db: DbOrTrx, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve();
  return db.deleteFrom('standardCatalogRows').where('id', 'in', [...ids]).execute();
}

export function domainRows(db: DbOrTrx, agencyId: number, domain: string) {
  return db.selectFrom('standardCatalogRows').selectAll().where('agencyId', '=', agencyId).where('domain', '=', domain).orderBy('sortOrder').orderBy('id').execute();
}

/** Records that an agency was given a domain's catalog; false when it already had been. */
export async function markSeeded(db: DbOrTrx, agencyId: number, domain: string, at: string): Promise<boolean> {
  const r = await db
    .insertInto('standardCatalogSeeds')
    .values({ agencyId, domain, seededAt: at })
    .onConflict((oc) => oc.columns(['agencyId', 'domain']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export function wasSeeded(db: DbOrTrx, agencyId: number, domain: string) {
  return db.selectFrom('standardCatalogSeeds').select('agencyId').where('agencyId', '=', agencyId).where('domain', '=', domain).executeTakeFirst().then((r) => !!r);
}

export function linksOf(db: DbOrTrx, publicationIds: readonly number[]) {
  if (publicationIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('standardCatalogLinks').selectAll().where('publicationId', 'in', [...publicationIds]).execute();
}

export function linksOfRows(db: DbOrTrx, rowIds: readonly number[]) {
  if (rowIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('standardCatalogLinks').selectAll().where('rowId', 'in', [...rowIds]).orderBy('publicationId', 'desc').execute();
}

export async function setLink(db: DbOrTrx, publicationId: number, rowId: number, at: string) {
  await db.deleteFrom('standardCatalogLinks').where('publicationId', '=', publicationId).execute();
  await db.insertInto('standardCatalogLinks').values({ publicationId, rowId, createdAt: at }).execute();
}

export function removeLink(db: DbOrTrx, publicationId: number) {
  return db.deleteFrom('standardCatalogLinks').where('publicationId', '=', publicationId).executeTakeFirst();
}

/** Assigns rows of other agencies with this 主体 and no assignment yet to `agencyId`. */
export function assignWaiting(db: DbOrTrx, subject: string, agencyId: number) {
  return db.updateTable('standardCatalogRows').set({ subjectAgencyId: agencyId }).where('subject', '=', subject).where('subjectAgencyId', 'is', null).where('agencyId', '!=', agencyId).execute();
}
