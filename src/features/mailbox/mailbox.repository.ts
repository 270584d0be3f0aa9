/** Queries of the mailbox; rules and transactions are in mailbox.service.ts. */
import { sql } from 'kysely';
import { countAll, type DbOrTrx } from '../../db/database.js';
import { openWriter, openWriterMaybe, sealWriter } from './mailbox.personal.js';
import type { MailboxRow, NewMailboxRow } from './mailbox.table.js';

// Rows with the writer's fields go through sealWriter/openWriter: sealed at rest, plaintext to the service.

export async function insertMessage(db: DbOrTrx, row: NewMailboxRow): Promise<MailboxRow> {
  return openWriter(db, await db.insertInto('mailboxMessages').values(sealWriter(db, row)).returningAll().executeTakeFirstOrThrow());
}

export async function findMessage(db: DbOrTrx, id: number): Promise<MailboxRow | undefined> {
  return openWriterMaybe(db, await db.selectFrom('mailboxMessages').selectAll().where('id', '=', id).executeTakeFirst());
}

export async function findByTrackingHash(db: DbOrTrx, hash: string): Promise<MailboxRow | undefined> {
  return openWriterMaybe(db, await db.selectFrom('mailboxMessages').selectAll().where('trackingHash', '=', hash).executeTakeFirst());
}

/** Updates a row at the version read; undefined when someone else changed it first. */
export async function updateMessage(db: DbOrTrx, id: number, version: number, set: Partial<Omit<MailboxRow, 'id' | 'version'>>): Promise<MailboxRow | undefined> {
  const row = await db
    .updateTable('mailboxMessages')
    .set({ ...sealWriter(db, set), version: sql`version + 1` } as never)
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  return openWriterMaybe(db, row);
}

/** Answered or closed letters whose writer fields are due to be cleared (the cut-off as an instant). */
export function dueForWriterPurge(db: DbOrTrx, cutoff: string, limit: number) {
  return db
    .selectFrom('mailboxMessages')
    .select(['id', 'agencyId', 'version'])
    .where('state', '!=', 'open')
    .where('writerPurgedAt', 'is', null)
    .where((eb) => eb(eb.fn.coalesce('closedAt', 'repliedAt'), '<=', cutoff))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Clears the writer fields (ciphertext included) at the version read; false when someone else changed the row first. */
export async function purgeWriter(db: DbOrTrx, id: number, version: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('mailboxMessages')
    .set({ writerName: '', writerPhone: '', writerEmail: '', writerIp: '', writerPurgedAt: now, version: sql`version + 1` } as never)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countSince(db: DbOrTrx, column: 'ipHash' | 'networkHash', hash: string, since: string): Promise<number> {
  const r = await db.selectFrom('mailboxMessages').select(countAll().as('n')).where(column, '=', hash).where('submittedAt', '>=', since).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findDuplicate(db: DbOrTrx, agencyId: number | null, bodyHash: string, since: string): Promise<{ id: number } | undefined> {
  let q = db.selectFrom('mailboxMessages').select('id').where('bodyHash', '=', bodyHash).where('submittedAt', '>=', since);
  q = agencyId === null ? q.where('agencyId', 'is', null) : q.where('agencyId', '=', agencyId);
  return q.limit(1).executeTakeFirst();
}

export async function challengeUsed(db: DbOrTrx, nonce: string): Promise<boolean> {
  return !!(await db.selectFrom('mailboxChallenges').select('nonce').where('nonce', '=', nonce).executeTakeFirst());
}

export async function spendChallenge(db: DbOrTrx, nonce: string, usedAt: string): Promise<void> {
  await db.insertInto('mailboxChallenges').values({ nonce, usedAt }).execute();
}

export async function limitsOf(db: DbOrTrx, agencyId: number): Promise<Map<string, number>> {
  const rows = await db.selectFrom('mailboxLimits').select(['kind', 'days']).where('agencyId', '=', agencyId).execute();
  return new Map(rows.map((r) => [r.kind, r.days]));
}

export async function upsertLimit(db: DbOrTrx, agencyId: number, kind: string, days: number, now: string): Promise<void> {
  await db
    .insertInto('mailboxLimits')
    .values({ agencyId, kind, days, updatedAt: now })
    .onConflict((oc) => oc.columns(['agencyId', 'kind']).doUpdateSet({ days, updatedAt: now }))
    .execute();
}

export interface InboxFilter {
  /** Agencies the reader may see; null = every agency (platform administrators). */
  agencyIds: number[] | null;
  /** Whether messages no agency owns (网站纠错 on platform pages) are included. */
  platform: boolean;
  agencyId?: number | undefined;
  departmentId?: number | 'none' | undefined;
  /** In the agencies named here the reader is only a department editor: those departments' letters only. */
  editorDepartments?: { agencyId: number; departmentId: number }[] | undefined;
  state?: 'open' | 'replied' | 'closed' | 'all' | undefined;
  kind?: string | undefined;
  page: number;
  pageSize: number;
}

/** The columns an inbox row shows: never the writer's personal data. */
const INBOX_COLUMNS = ['id', 'agencyId', 'departmentId', 'kind', 'channel', 'subject', 'state', 'receivedDate', 'dueDate', 'dueProvisional', 'repliedDate', 'publishedAt', 'version'] as const;

export async function listInbox(db: DbOrTrx, f: InboxFilter) {
  let q = db.selectFrom('mailboxMessages');
  if (f.agencyId !== undefined) q = q.where('agencyId', '=', f.agencyId);
  else if (f.agencyIds !== null) {
    const ids = f.agencyIds;
    q = q.where((eb) => {
      const parts = [];
      if (ids.length) parts.push(eb('agencyId', 'in', ids));
      if (f.platform) parts.push(eb('agencyId', 'is', null));
      return parts.length ? eb.or(parts) : eb.val(false);
    });
  } else if (!f.platform) q = q.where('agencyId', 'is not', null);
  const editorOnly = [...new Set((f.editorDepartments ?? []).map((d) => d.agencyId))];
  if (editorOnly.length) {
    const own = f.editorDepartments!;
    q = q.where((eb) =>
      eb.or([
        eb('agencyId', 'not in', editorOnly),
        ...own.map((d) => eb.and([eb('agencyId', '=', d.agencyId), eb('departmentId', '=', d.departmentId)])),
      ]),
    );
  }
  if (f.departmentId === 'none') q = q.where('departmentId', 'is', null);
  else if (f.departmentId !== undefined) q = q.where('departmentId', '=', f.departmentId);
  const state = f.state ?? 'open';
  if (state !== 'all') q = q.where('state', '=', state);
  if (f.kind) q = q.where('kind', '=', f.kind);
  const [{ n }, items] = await Promise.all([
    q.select(countAll().as('n')).executeTakeFirstOrThrow(),
    // Overdue first falls out of the order: the earliest due date is the most overdue
    // (every message gets its due date when it arrives, so none sorts as null).
    q
      .select([...INBOX_COLUMNS])
      .orderBy('dueDate', 'asc')
      .orderBy('id', 'asc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  return { total: Number(n), items };
}

export async function listPublished(db: DbOrTrx, agencyId: number, page: number, pageSize: number) {
  const base = db.selectFrom('mailboxMessages').where('agencyId', '=', agencyId).where('publishedAt', 'is not', null);
  const [{ n }, items] = await Promise.all([
    base.select(countAll().as('n')).executeTakeFirstOrThrow(),
    base
      .select(['id', 'kind', 'publicSubject', 'receivedDate', 'repliedDate', 'publishedAt'])
      .orderBy('publishedAt', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  return { total: Number(n), items };
}

/** Open messages (for the calendar's recomputation and the alarms). */
export function listOpen(db: DbOrTrx, agencyIds?: number[] | null) {
  let q = db.selectFrom('mailboxMessages').select(['id', 'agencyId', 'departmentId', 'kind', 'subject', 'receivedDate', 'limitDays', 'dueDate', 'dueProvisional']).where('state', '=', 'open');
  if (agencyIds) q = agencyIds.length ? q.where('agencyId', 'in', agencyIds) : q.where(sql<boolean>`1 = 0`);
  return q.execute();
}

export function statsRows(db: DbOrTrx, agencyId: number | null, from: string, to: string) {
  let q = db
    .selectFrom('mailboxMessages')
    .select(['kind', 'state', 'channel', 'dueDate', 'repliedDate', 'workdaysTaken', 'onTime', 'rating', 'publishedAt'])
    .where('receivedDate', '>=', from)
    .where('receivedDate', '<=', to);
  q = agencyId === null ? q.where('agencyId', 'is', null) : q.where('agencyId', '=', agencyId);
  return q.execute();
}
