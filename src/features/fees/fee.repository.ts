/** Queries of price and fee lists; no rules here. */
import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import type { FeeChangeTable, FeeItemTable } from './fee.table.js';

export const findItem = (db: DbOrTrx, id: number) => db.selectFrom('feeItems').selectAll().where('id', '=', id).executeTakeFirst();

/** A live item of the list with this name key (any status, or still proposed). */
export const findItemByName = (db: DbOrTrx, agencyId: number, list: string, key: string) =>
  db.selectFrom('feeItems').selectAll().where('agencyId', '=', agencyId).where('list', '=', list).where('nameKey', '=', key).executeTakeFirst();

export async function insertItem(db: DbOrTrx, row: Omit<Insertable<FeeItemTable>, 'sortOrder'>) {
  const r = await db.selectFrom('feeItems').select((eb) => eb.fn.max('sortOrder').as('m')).where('agencyId', '=', row.agencyId).where('list', '=', row.list).executeTakeFirst();
  return db
    .insertInto('feeItems')
    .values({ ...row, sortOrder: Number(r?.m ?? 0) + 1 })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Moves the item's lock on when it still reads `version`; undefined when someone moved it first. */
export const claimItem = (db: DbOrTrx, id: number, version: number, patch: { updatedAt: string; status?: string; publishedVersion?: number; nameKey?: string | null }) =>
  db
    .updateTable('feeItems')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();

export const listItems = (db: DbOrTrx, agencyId: number) =>
  db.selectFrom('feeItems').selectAll().where('agencyId', '=', agencyId).where('nameKey', 'is not', null).orderBy('list').orderBy('sortOrder').orderBy('id').execute();

export const insertChange = (db: DbOrTrx, row: Insertable<FeeChangeTable>) => db.insertInto('feeChanges').values(row).returningAll().executeTakeFirstOrThrow();

export const findChange = (db: DbOrTrx, id: number) => db.selectFrom('feeChanges').selectAll().where('id', '=', id).executeTakeFirst();

export const pendingOf = (db: DbOrTrx, itemId: number) => db.selectFrom('feeChanges').selectAll().where('itemId', '=', itemId).where('state', '=', 'pending').executeTakeFirst();

export const pendingByPublication = (db: DbOrTrx, publicationId: number) =>
  db.selectFrom('feeChanges').selectAll().where('publicationId', '=', publicationId).where('state', '=', 'pending').executeTakeFirst();

export const changeByPublication = (db: DbOrTrx, publicationId: number) =>
  db.selectFrom('feeChanges').selectAll().where('publicationId', '=', publicationId).orderBy('id', 'desc').executeTakeFirst();

/** Marks a pending change published as version `versionNo`; undefined when it was no longer pending. */
export const markPublished = (db: DbOrTrx, id: number, versionNo: number, at: string) =>
  db.updateTable('feeChanges').set({ state: 'published', versionNo, publishedAt: at }).where('id', '=', id).where('state', '=', 'pending').returningAll().executeTakeFirst();

export const markCancelled = (db: DbOrTrx, id: number) =>
  db.updateTable('feeChanges').set({ state: 'cancelled' }).where('id', '=', id).where('state', '=', 'pending').returningAll().executeTakeFirst();

/** Every change of the given items (or of an agency), oldest first. */
export async function changesOfItems(db: DbOrTrx, itemIds: number[]) {
  if (!itemIds.length) return [];
  return db.selectFrom('feeChanges').selectAll().where('itemId', 'in', itemIds).orderBy('itemId').orderBy('id').execute();
}

export const changesOfAgency = (db: DbOrTrx, agencyId: number, states: string[]) =>
  db.selectFrom('feeChanges').selectAll().where('agencyId', '=', agencyId).where('state', 'in', states).orderBy('itemId').orderBy('id').execute();

