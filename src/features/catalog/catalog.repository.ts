import type { DbOrTrx } from '../../db/database.js';
import type { CatalogColumnRowUpdate } from './catalog.table.js';

export function listColumns(db: DbOrTrx, agencyId: number) {
  return db.selectFrom('catalogColumns').selectAll().where('agencyId', '=', agencyId).orderBy('sortOrder').orderBy('id').execute();
}

export function listAllColumns(db: DbOrTrx) {
  return db.selectFrom('catalogColumns').selectAll().orderBy('agencyId').orderBy('sortOrder').orderBy('id').execute();
}

export function findColumn(db: DbOrTrx, id: number) {
  return db.selectFrom('catalogColumns').selectAll().where('id', '=', id).executeTakeFirst();
}

export function columnKeys(db: DbOrTrx, agencyId: number) {
  return db.selectFrom('catalogColumns').select(['id', 'key']).where('agencyId', '=', agencyId).execute();
}

export async function insertColumnIfAbsent(
  db: DbOrTrx,
  row: {
    agencyId: number;
    key: string;
    parentId: number | null;
    kind: string;
    category: string | null;
    name: string;
    slug: string;
    path: string;
    article: string;
    fixed: number;
    hidden: number;
    hiddenReason: string;
    sortOrder: number;
    createdAt: string;
    updatedAt: string;
  },
) {
  const inserted = await db
    .insertInto('catalogColumns')
    .values({ ...row, updateIntervalDays: null })
    .onConflict((oc) => oc.columns(['agencyId', 'key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

export function findColumnByPath(db: DbOrTrx, agencyId: number, path: string) {
  return db.selectFrom('catalogColumns').selectAll().where('agencyId', '=', agencyId).where('path', '=', path).executeTakeFirst();
}

/** Updates only if the row still has `version`; undefined on a stale edit. */
export function updateColumn(db: DbOrTrx, id: number, version: number, patch: CatalogColumnRowUpdate) {
  return db
    .updateTable('catalogColumns')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export function setSortOrder(db: DbOrTrx, id: number, sortOrder: number, updatedAt: string) {
  return db.updateTable('catalogColumns').set({ sortOrder, updatedAt }).where('id', '=', id).execute();
}

export function findRedirect(db: DbOrTrx, agencyId: number, oldPath: string) {
  return db
    .selectFrom('catalogRedirects')
    .innerJoin('catalogColumns', 'catalogColumns.id', 'catalogRedirects.columnId')
    .select(['catalogRedirects.columnId', 'catalogColumns.path'])
    .where('catalogRedirects.agencyId', '=', agencyId)
    .where('catalogRedirects.oldPath', '=', oldPath)
    .executeTakeFirst();
}

export function findRedirectRow(db: DbOrTrx, agencyId: number, oldPath: string) {
  return db.selectFrom('catalogRedirects').selectAll().where('agencyId', '=', agencyId).where('oldPath', '=', oldPath).executeTakeFirst();
}

export function insertRedirect(db: DbOrTrx, row: { agencyId: number; oldPath: string; columnId: number; createdAt: string }) {
  return db.insertInto('catalogRedirects').values(row).execute();
}

export function deleteRedirect(db: DbOrTrx, agencyId: number, oldPath: string) {
  return db.deleteFrom('catalogRedirects').where('agencyId', '=', agencyId).where('oldPath', '=', oldPath).execute();
}

export function listRedirects(db: DbOrTrx, columnId: number) {
  return db.selectFrom('catalogRedirects').selectAll().where('columnId', '=', columnId).orderBy('id').execute();
}



