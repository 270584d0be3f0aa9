import type { DbOrTrx } from '../../db/database.js';
import { engineOf } from '../../db/database.js';
import type { AuditEventTable } from './audit.table.js';
import type { Insertable } from 'kysely';

export async function lockChainHead(db: DbOrTrx): Promise<string> {
  let q = db.selectFrom('auditChain').select('lastHash').where('id', '=', 1);
  // Row lock on PostgreSQL serialises concurrent writers; SQLite transactions are already serial.
  if (engineOf(db) === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirstOrThrow();
  return row.lastHash;
}

export async function insertEvent(db: DbOrTrx, event: Insertable<AuditEventTable>): Promise<number> {
  const row = await db.insertInto('auditEvents').values(event).returning('id').executeTakeFirstOrThrow();
  await db.updateTable('auditChain').set({ lastHash: event.hash }).where('id', '=', 1).execute();
  return row.id;
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

export async function allEventsInOrder(db: DbOrTrx) {
  return db.selectFrom('auditEvents').selectAll().orderBy('id', 'asc').execute();
}
