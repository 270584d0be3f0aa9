import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import type { MailStatus } from './mail.js';
import type { MailMessageTable } from './mail.table.js';

export async function insertMessage(db: DbOrTrx, row: Insertable<MailMessageTable>): Promise<number> {
  const r = await db.insertInto('mailMessages').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function setOutcome(
  db: DbOrTrx,
  id: number,
  outcome: { status: MailStatus; error: string; messageId: string | null; sentAt: string | null },
): Promise<void> {
  await db.updateTable('mailMessages').set(outcome).where('id', '=', id).execute();
}

export interface MailQuery {
  /** The agencies whose letters to list; null: every letter, the platform's own included. */
  agencyIds: number[] | null;
  status?: MailStatus | undefined;
  beforeId?: number | undefined;
  limit: number;
}

/** Newest first; without the bodies, which only the detail page shows. */
export async function listMessages(db: DbOrTrx, q: MailQuery) {
  let query = db
    .selectFrom('mailMessages')
    .select(['id', 'agencyId', 'toAddress', 'subject', 'relatedType', 'relatedId', 'transport', 'status', 'error', 'createdAt', 'sentAt'])
    .orderBy('id', 'desc')
    .limit(q.limit);
  if (q.agencyIds) query = query.where('agencyId', 'in', q.agencyIds.length ? q.agencyIds : [-1]);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.execute();
}

export async function findMessage(db: DbOrTrx, id: number) {
  return db.selectFrom('mailMessages').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listMessagesAbout(db: DbOrTrx, relatedType: string, relatedId: string) {
  return db
    .selectFrom('mailMessages')
    .select(['id', 'agencyId', 'toAddress', 'subject', 'transport', 'status', 'error', 'createdAt', 'sentAt'])
    .where('relatedType', '=', relatedType)
    .where('relatedId', '=', relatedId)
    .orderBy('id', 'asc')
    .execute();
}
