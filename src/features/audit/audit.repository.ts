import type { DbOrTrx } from '../../db/database.js';
import { engineOf } from '../../db/database.js';
import type { AuditEventTable } from './audit.table.js';
import type { Insertable } from 'kysely';

export async function lockChainHead(db: DbOrTrx) {
  let q = db.selectFrom('auditChain').select(['lastHash', 'eventCount']).where('id', '=', 1);
  // Row lock on PostgreSQL serialises concurrent writers; SQLite transactions are already serial.
  if (engineOf(db) === 'postgres') q = q.forUpdate();
  return q.executeTakeFirstOrThrow();
}

export async function readChainHead(db: DbOrTrx) {
  return db.selectFrom('auditChain').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}

export async function insertEvent(db: DbOrTrx, event: Insertable<AuditEventTable>): Promise<number> {
  const row = await db.insertInto('auditEvents').values(event).returning('id').executeTakeFirstOrThrow();
  await db
    .updateTable('auditChain')
    .set((eb) => ({ lastHash: event.hash, eventCount: eb('eventCount', '+', 1) }))
    .where('id', '=', 1)
    .execute();
  return row.id;
}

export async function saveCheck(db: DbOrTrx, at: string, result: string): Promise<void> {
  await db.updateTable('auditChain').set({ checkedAt: at, checkResult: result }).where('id', '=', 1).execute();
}

export interface AuditQuery {
  agencyIds?: number[] | null;
  entityType?: string;
  entityId?: string;
  actorUserId?: number;
  action?: string;
  beforeId?: number;
  limit: number;
}

export async function listEvents(db: DbOrTrx, q: AuditQuery) {
  let query = db.selectFrom('auditEvents').selectAll().orderBy('id', 'desc').limit(q.limit);
  if (q.agencyIds) query = query.where('agencyId', 'in', q.agencyIds.length ? q.agencyIds : [-1]);
  if (q.entityType) query = query.where('entityType', '=', q.entityType);
  if (q.entityId) query = query.where('entityId', '=', q.entityId);
  if (q.actorUserId) query = query.where('actorUserId', '=', q.actorUserId);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.execute();
}

export async function eventsAfter(db: DbOrTrx, afterId: number, limit: number) {
  return db.selectFrom('auditEvents').selectAll().where('id', '>', afterId).orderBy('id', 'asc').limit(limit).execute();
}

/** The id of the last event of the unbroken run from the start that is older than `cutoff`, or null. */
export async function lastOfOldestRun(db: DbOrTrx, cutoff: string): Promise<number | null> {
  const firstYoung = await db.selectFrom('auditEvents').select((eb) => eb.fn.min('id').as('id')).where('at', '>=', cutoff).executeTakeFirst();
  let q = db.selectFrom('auditEvents').select((eb) => eb.fn.max('id').as('id')).where('at', '<', cutoff);
  if (firstYoung?.id != null) q = q.where('id', '<', Number(firstYoung.id));
  const r = await q.executeTakeFirst();
  return r?.id == null ? null : Number(r.id);
}

export function firstAfter(db: DbOrTrx, id: number) {
  return db.selectFrom('auditEvents').select(['id', 'prevHash']).where('id', '>', id).orderBy('id').limit(1).executeTakeFirst();
}

/** Opens the database's guard up to `through`, deletes those events and moves the anchor. */
export async function purgeThrough(db: DbOrTrx, through: number, firstPrevHash: string): Promise<number> {
  await db.updateTable('auditChain').set({ purgeThroughId: through }).where('id', '=', 1).execute();
  const r = await db.deleteFrom('auditEvents').where('id', '<=', through).executeTakeFirst();
  const n = Number(r.numDeletedRows);
  await db
    .updateTable('auditChain')
    .set((eb) => ({ purgedCount: eb('purgedCount', '+', n), firstPrevHash }))
    .where('id', '=', 1)
    .execute();
  return n;
}

export function eventsBetween(db: DbOrTrx, start: string, end: string) {
  return db.selectFrom('auditEvents').selectAll().where('at', '>=', start).where('at', '<', end).orderBy('id').execute();
}

export async function retentionDays(db: DbOrTrx): Promise<number | null> {
  const row = await db.selectFrom('auditChain').select('retentionDays').where('id', '=', 1).executeTakeFirst();
  return row?.retentionDays ?? null;
}

export async function setRetentionDays(db: DbOrTrx, days: number): Promise<void> {
  await db.updateTable('auditChain').set({ retentionDays: days }).where('id', '=', 1).execute();
}
