import { sql, type Insertable } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import { countAll, likePattern } from '../../db/database.js';
import type {
  NewRequestRow,
  RequestAppealTable,
  RequestEventRow,
  RequestEventTable,
  RequestFileTable,
  RequestLetterTable,
  RequestRowUpdate,
} from './request.table.js';
import { APPLICANT_FIELDS, openApplicant, openApplicantMaybe, sealApplicant } from './request.personal.js';
import { blindIndexOf } from '../../db/personal-data/fields.js';

// Personal fields are sealed on the way in and opened on the way out (request.personal.ts).

export async function insertRequest(db: DbOrTrx, row: NewRequestRow) {
  return openApplicant(db, await db.insertInto('requests').values(sealApplicant(db, row)).returningAll().executeTakeFirstOrThrow());
}

export async function findRequest(db: DbOrTrx, id: number) {
  return openApplicantMaybe(db, await db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst());
}

export async function findByTrackingHash(db: DbOrTrx, hash: string) {
  return openApplicantMaybe(db, await db.selectFrom('requests').selectAll().where('trackingHash', '=', hash).executeTakeFirst());
}

/** Updates a row if it is still at `version`; undefined otherwise (a stale edit). */
export async function updateRequest(db: DbOrTrx, id: number, version: number, patch: RequestRowUpdate) {
  const row = await db
    .updateTable('requests')
    .set({ ...sealApplicant(db, patch), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  return openApplicantMaybe(db, row);
}

export function insertEvent(db: DbOrTrx, row: Insertable<RequestEventTable>) {
  return db.insertInto('requestEvents').values(row).returningAll().executeTakeFirstOrThrow();
}

export function listEvents(db: DbOrTrx, requestId: number) {
  return db.selectFrom('requestEvents').selectAll().where('requestId', '=', requestId).orderBy('date').orderBy('id').execute();
}

/** Events of many applications at once (deadline recomputation), grouped by application. */
export async function eventsOf(db: DbOrTrx, requestIds: readonly number[]): Promise<Map<number, RequestEventRow[]>> {
  const out = new Map<number, RequestEventRow[]>();
  for (let i = 0; i < requestIds.length; i += 500) {
    const slice = requestIds.slice(i, i + 500);
    const rows = await db.selectFrom('requestEvents').selectAll().where('requestId', 'in', slice).orderBy('date').orderBy('id').execute();
    for (const r of rows) out.set(r.requestId, [...(out.get(r.requestId) ?? []), r]);
  }
  return out;
}

export function insertLetter(db: DbOrTrx, row: Insertable<RequestLetterTable>) {
  return db.insertInto('requestLetters').values(row).returningAll().executeTakeFirstOrThrow();
}

export function listLetters(db: DbOrTrx, requestId: number, opts: { applicantOnly?: boolean } = {}) {
  let q = db.selectFrom('requestLetters').selectAll().where('requestId', '=', requestId);
  if (opts.applicantOnly) q = q.where('toApplicant', '=', 1);
  return q.orderBy('issuedDate').orderBy('id').execute();
}

export function findLetter(db: DbOrTrx, id: number) {
  return db.selectFrom('requestLetters').selectAll().where('id', '=', id).executeTakeFirst();
}

export function setLetterDelivered(db: DbOrTrx, id: number, date: string) {
  return db.updateTable('requestLetters').set({ deliveredDate: date }).where('id', '=', id).execute();
}

export function insertFile(db: DbOrTrx, row: Insertable<RequestFileTable>) {
  return db.insertInto('requestFiles').values(row).returningAll().executeTakeFirstOrThrow();
}

export function listFiles(db: DbOrTrx, requestId: number) {
  return db.selectFrom('requestFiles').selectAll().where('requestId', '=', requestId).orderBy('id').execute();
}

export function findFile(db: DbOrTrx, id: number) {
  return db.selectFrom('requestFiles').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listTemplates(db: DbOrTrx, agencyId: number) {
  return db.selectFrom('requestTemplates').selectAll().where('agencyId', '=', agencyId).execute();
}

export function findTemplate(db: DbOrTrx, agencyId: number, key: string) {
  return db.selectFrom('requestTemplates').selectAll().where('agencyId', '=', agencyId).where('key', '=', key).executeTakeFirst();
}

export async function saveTemplate(db: DbOrTrx, row: { agencyId: number; key: string; title: string; body: string; updatedAt: string }, version: number) {
  if (version === 0) {
    return db.insertInto('requestTemplates').values(row).onConflict((oc) => oc.columns(['agencyId', 'key']).doNothing()).returningAll().executeTakeFirst();
  }
  return db
    .updateTable('requestTemplates')
    .set({ title: row.title, body: row.body, updatedAt: row.updatedAt, version: version + 1 })
    .where('agencyId', '=', row.agencyId)
    .where('key', '=', row.key)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export function deleteTemplate(db: DbOrTrx, agencyId: number, key: string) {
  return db.deleteFrom('requestTemplates').where('agencyId', '=', agencyId).where('key', '=', key).execute();
}

export function insertAppeal(db: DbOrTrx, row: Insertable<RequestAppealTable>) {
  return db.insertInto('requestAppeals').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findAppeal(db: DbOrTrx, id: number) {
  return db.selectFrom('requestAppeals').selectAll().where('id', '=', id).executeTakeFirst();
}

export function updateAppeal(db: DbOrTrx, id: number, version: number, patch: Partial<Insertable<RequestAppealTable>>) {
  return db
    .updateTable('requestAppeals')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export function listAppeals(db: DbOrTrx, agencyIds: readonly number[] | null, opts: { requestId?: number; limit?: number } = {}) {
  let q = db.selectFrom('requestAppeals').selectAll();
  if (agencyIds) q = q.where('agencyId', 'in', agencyIds.length ? [...agencyIds] : [-1]);
  if (opts.requestId !== undefined) q = q.where('requestId', '=', opts.requestId);
  return q
    .orderBy('filedDate', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit ?? 500)
    .execute();
}

/** Proposes a subject for proactive disclosure, or updates how many applications asked for it. */
export async function recordProposal(db: DbOrTrx, p: { agencyId: number; subjectKey: string; subject: string; requestCount: number; createdAt: string }) {
  const existing = await findProposal(db, p.agencyId, p.subjectKey);
  if (existing) {
    await db.updateTable('requestProposals').set({ requestCount: p.requestCount }).where('id', '=', existing.id).execute();
    return;
  }
  await db
    .insertInto('requestProposals')
    .values({ ...p, status: 'open' })
    .onConflict((oc) => oc.columns(['agencyId', 'subjectKey']).doNothing())
    .execute();
}

export function findProposal(db: DbOrTrx, agencyId: number, subjectKey: string) {
  return db.selectFrom('requestProposals').selectAll().where('agencyId', '=', agencyId).where('subjectKey', '=', subjectKey).executeTakeFirst();
}

export function listProposals(db: DbOrTrx, agencyIds: readonly number[] | null, status?: string) {
  let q = db.selectFrom('requestProposals').selectAll();
  if (agencyIds) q = q.where('agencyId', 'in', agencyIds.length ? [...agencyIds] : [-1]);
  if (status) q = q.where('status', '=', status);
  return q.orderBy('createdAt', 'desc').limit(200).execute();
}

// ---------------------------------------------------------------- lists

export interface RequestScope {
  /** Agencies whose every application the person sees; null = all. */
  agencies: number[] | null;
  /** Departments (of other agencies) whose assigned applications the person sees. */
  departments: { agencyId: number; departmentId: number }[];
}

export interface OfficeRequestFilter {
  scope: RequestScope;
  agencyId?: number | undefined;
  states?: readonly string[] | undefined;
  /** Open applications whose deadline is on or before this date. */
  dueBy?: string | undefined;
  handlerId?: number | undefined;
  q?: string | undefined;
  /** `deadline`: nearest deadline first (the open tabs); `newest`: latest first. */
  order?: 'deadline' | 'newest';
  limit: number;
  offset: number;
}

function officeBase(db: DbOrTrx, f: OfficeRequestFilter) {
  let q = db.selectFrom('requests as r');
  const { agencies, departments } = f.scope;
  if (agencies !== null) {
    q = q.where((eb) =>
      eb.or([
        ...(agencies.length ? [eb('r.agencyId', 'in', agencies)] : []),
        ...departments.map((d) => eb.and([eb('r.agencyId', '=', d.agencyId), eb('r.departmentId', '=', d.departmentId)])),
        sql<boolean>`1 = 0`,
      ]),
    );
  }
  if (f.agencyId !== undefined) q = q.where('r.agencyId', '=', f.agencyId);
  if (f.states?.length) q = q.where('r.state', 'in', [...f.states]);
  if (f.dueBy) q = q.where('r.dueDate', '<=', f.dueBy);
  if (f.handlerId !== undefined) q = q.where('r.handlerId', '=', f.handlerId);
  const text = f.q?.trim();
  if (text) {
    const pattern = likePattern(text.toLowerCase());
    const number = /^\d{1,9}$/.test(text) ? Number(text) : null;
    q = q.where((eb) =>
      eb.or([
        ...(number !== null ? [eb('r.id', '=', number)] : []),
        sql<boolean>`lower(${eb.ref('r.description')}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${eb.ref('r.infoName')}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${eb.ref('r.infoNumber')}) like ${pattern} escape '\\'`,
      ]),
    );
  }
  return q;
}

const LIST_COLUMNS = [
  'r.id',
  'r.agencyId',
  'r.departmentId',
  'r.handlerName',
  'r.state',
  'r.channel',
  'r.applicantKind',
  'r.applicantName',
  'r.infoName',
  'r.description',
  'r.receivedDate',
  'r.submittedAt',
  'r.dueDate',
  'r.dueProvisional',
  'r.outcome',
  'r.repliedDate',
  'r.purgedAt',
  'r.version',
] as const;

/**
 * A page of the office list: by nearest deadline (the open tabs, read along the
 * state-and-deadline index) or newest first (along the primary key).
 */
export async function listForOffice(db: DbOrTrx, f: OfficeRequestFilter) {
  const base = officeBase(db, f);
  const rows = base.select(LIST_COLUMNS);
  const ordered = f.order === 'deadline' ? rows.orderBy('r.dueDate').orderBy('r.id') : rows.orderBy('r.id', 'desc');
  const [items, count] = await Promise.all([
    ordered.limit(f.limit).offset(f.offset).execute(),
    base.select(countAll().as('n')).executeTakeFirst(),
  ]);
  return { items: items.map((r) => openApplicant(db, r)), total: Number(count?.n ?? 0) };
}

export type OfficeRequestRow = Awaited<ReturnType<typeof listForOffice>>['items'][number];

/** Open applications, for the deadline source and reminders. */
export async function listOpen(db: DbOrTrx, states: readonly string[]) {
  return (await db.selectFrom('requests').selectAll().where('state', 'in', [...states]).orderBy('id').execute()).map((r) => openApplicant(db, r));
}

/**
 * An applicant's earlier applications to an agency (by identity number, else by name
 * and contact), compared through the keyed blind indexes: the sealed values differ
 * each time they are written.
 */
export function applicantHistory(db: DbOrTrx, agencyId: number, who: { idNumber: string; applicantName: string; phone: string; email: string }, excludeId?: number) {
  let q = db
    .selectFrom('requests')
    .select(['id', 'infoName', 'infoNumber', 'description', 'receivedDate', 'submittedAt', 'state', 'outcome'])
    .where('agencyId', '=', agencyId)
    .where('purgedAt', 'is', null);
  const idx = (field: 'applicantName' | 'idNumber' | 'phone' | 'email', v: string) => blindIndexOf(db, APPLICANT_FIELDS, field, v);
  q = who.idNumber
    ? q.where('idNumberBidx', '=', idx('idNumber', who.idNumber))
    : q
        .where('nameBidx', '=', idx('applicantName', who.applicantName))
        .where((eb) => eb.or([...(who.phone ? [eb('phoneBidx', '=', idx('phone', who.phone))] : []), ...(who.email ? [eb('emailBidx', '=', idx('email', who.email))] : []), sql<boolean>`1 = 0`]));
  if (excludeId !== undefined) q = q.where('id', '!=', excludeId);
  return q.orderBy('id').execute();
}

/** Recent applications of an agency with their described information, for finding what several applicants asked for. */
export async function recentSubjects(db: DbOrTrx, agencyId: number, sinceInstant: string) {
  const rows = await db
    .selectFrom('requests')
    .select(['id', 'infoName', 'infoNumber', 'description', 'idNumber', 'applicantName'])
    .where('agencyId', '=', agencyId)
    .where('submittedAt', '>=', sinceInstant)
    .execute();
  return rows.map((r) => openApplicant(db, r));
}

// ---------------------------------------------------------------- statistics

/** Outcome counts of an agency's applications replied in [from, to] (dates). */
export function outcomeCounts(db: DbOrTrx, agencyId: number, from: string, to: string) {
  return db
    .selectFrom('requests')
    .select(['outcome', countAll().as('n')])
    .where('agencyId', '=', agencyId)
    .where('repliedDate', '>=', from)
    .where('repliedDate', '<=', to)
    .where('outcome', 'is not', null)
    .groupBy('outcome')
    .execute();
}

/**
 * Handling times of the applications replied in [from, to] as a histogram (working
 * days → how many, how many of them in time): a few dozen rows whatever the volume,
 * read from the statistics index alone.
 */
export function repliedTimes(db: DbOrTrx, agencyId: number, from: string, to: string) {
  return db
    .selectFrom('requests')
    .select(['workdaysTaken', countAll().as('n'), sql<number>`sum(case when on_time = 1 then 1 else 0 end)`.as('inTime'), sql<number>`sum(case when on_time is null then 0 else 1 end)`.as('timed')])
    .where('agencyId', '=', agencyId)
    .where('repliedDate', '>=', from)
    .where('repliedDate', '<=', to)
    .where('workdaysTaken', 'is not', null)
    .groupBy('workdaysTaken')
    .orderBy('workdaysTaken')
    .execute();
}

export function countOpen(db: DbOrTrx, agencyId: number, states: readonly string[]) {
  return db
    .selectFrom('requests')
    .select(countAll().as('n'))
    .where('agencyId', '=', agencyId)
    .where('state', 'in', [...states])
    .executeTakeFirst();
}

/**
 * Clears an application's personal data, ciphertext and blind indexes included: what
 * remains is a fixed placeholder, not a sealed value someone with the key could open.
 */
export async function purgePersonal(db: DbOrTrx, id: number, version: number, at: string) {
  const row = await db
    .updateTable('requests')
    .set({ applicantName: '（已清除）', contactName: '', idNumber: '', phone: '', email: '', address: '', nameBidx: '', idNumberBidx: '', phoneBidx: '', emailBidx: '', purgedAt: at, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Applications whose personal data is past its retention date and not yet purged. */
export function dueForPurge(db: DbOrTrx, today: string, limit = 500) {
  return db.selectFrom('requests').select(['id', 'agencyId', 'version']).where('purgedAt', 'is', null).where('purgeAfter', '<=', today).limit(limit).execute();
}

export async function requestsInAgency(db: DbOrTrx, agencyId: number) {
  return (await db.selectFrom('requests').selectAll().where('agencyId', '=', agencyId).orderBy('id').execute()).map((r) => openApplicant(db, r));
}

export function eventsBetween(db: DbOrTrx, requestId: number) {
  return db.selectFrom('requestEvents').select(['type', 'date']).where('requestId', '=', requestId).orderBy('date').execute();
}

// ---------------------------------------------------------------- proposals (Art. 44)

export function findProposalById(db: DbOrTrx, id: number) {
  return db.selectFrom('requestProposals').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Decides an open proposal; undefined when it was no longer open (someone decided it meanwhile). */
export function decideProposal(db: DbOrTrx, id: number, patch: { status: string; note: string; decidedAt: string; decidedByName: string }) {
  return db.updateTable('requestProposals').set(patch).where('id', '=', id).where('status', '=', 'open').returningAll().executeTakeFirst();
}
