import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import { countAll, likePattern } from '../../db/database.js';
import type {
  NewPublicationRow,
  PublicationFindingTable,
  PublicationRevisionTable,
  PublicationReviewTable,
  PublicationRowUpdate,
} from './publication.table.js';
import type { Insertable } from 'kysely';
import { PUBLICATION_SETTLED_STATES } from './publication.clock.js';

export function findPublication(db: DbOrTrx, id: number) {
  return db.selectFrom('publications').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertPublication(db: DbOrTrx, row: NewPublicationRow) {
  return db.insertInto('publications').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Updates only if the row still has `version`; returns the new row, or undefined on a stale edit. */
export function updatePublication(db: DbOrTrx, id: number, version: number, patch: PublicationRowUpdate) {
  return db
    .updateTable('publications')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export function countPublications(db: DbOrTrx) {
  return db.selectFrom('publications').select(countAll().as('n')).executeTakeFirstOrThrow();
}

// ---------------------------------------------------------------- issuers

export function listIssuers(db: DbOrTrx, publicationIds: number[]) {
  if (!publicationIds.length) return Promise.resolve([]);
  return db
    .selectFrom('publicationIssuers')
    .selectAll()
    .where('publicationId', 'in', publicationIds)
    .orderBy('publicationId')
    .orderBy('position')
    .execute();
}

export async function replaceIssuers(db: DbOrTrx, publicationId: number, issuers: { agencyId: number | null; name: string }[]) {
  await db.deleteFrom('publicationIssuers').where('publicationId', '=', publicationId).execute();
  if (issuers.length) {
    await db
      .insertInto('publicationIssuers')
      .values(issuers.map((i, position) => ({ publicationId, position, agencyId: i.agencyId, name: i.name })))
      .execute();
  }
}

// ---------------------------------------------------------------- attachments

export function insertAttachment(db: DbOrTrx, row: Insertable<import('./publication.table.js').AttachmentTable>) {
  return db.insertInto('attachments').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findAttachment(db: DbOrTrx, id: number) {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The working copy's attachments, in order, with their files. */
export function listAttachments(db: DbOrTrx, publicationId: number) {
  return db
    .selectFrom('publicationAttachments as pa')
    .innerJoin('attachments as f', 'f.id', 'pa.attachmentId')
    .select(['pa.id as linkId', 'pa.position', 'pa.name', 'f.id', 'f.sha256', 'f.size', 'f.mimeType', 'f.extension', 'f.createdAt'])
    .where('pa.publicationId', '=', publicationId)
    .orderBy('pa.position')
    .orderBy('pa.id')
    .execute();
}

export async function linkAttachment(db: DbOrTrx, publicationId: number, attachmentId: number, name: string) {
  const last = await db
    .selectFrom('publicationAttachments')
    .select(sql<number>`coalesce(max(position), -1)`.as('p'))
    .where('publicationId', '=', publicationId)
    .executeTakeFirst();
  return db
    .insertInto('publicationAttachments')
    .values({ publicationId, attachmentId, name, position: Number(last?.p ?? -1) + 1 })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function unlinkAttachment(db: DbOrTrx, publicationId: number, attachmentId: number) {
  return db.deleteFrom('publicationAttachments').where('publicationId', '=', publicationId).where('attachmentId', '=', attachmentId).executeTakeFirst();
}

export async function replaceAttachmentLinks(db: DbOrTrx, publicationId: number, links: { attachmentId: number; name: string }[]) {
  await db.deleteFrom('publicationAttachments').where('publicationId', '=', publicationId).execute();
  if (links.length) {
    await db
      .insertInto('publicationAttachments')
      .values(links.map((l, position) => ({ publicationId, attachmentId: l.attachmentId, name: l.name, position })))
      .execute();
  }
}

/** Publications whose working copy or any revision holds this attachment. */
export async function publicationsHoldingAttachment(db: DbOrTrx, attachmentId: number): Promise<number[]> {
  const a = await db.selectFrom('publicationAttachments').select('publicationId').where('attachmentId', '=', attachmentId).execute();
  const b = await db
    .selectFrom('revisionAttachments as ra')
    .innerJoin('publicationRevisions as r', 'r.id', 'ra.revisionId')
    .select('r.publicationId')
    .where('ra.attachmentId', '=', attachmentId)
    .execute();
  return [...new Set([...a, ...b].map((r) => r.publicationId))];
}

// ---------------------------------------------------------------- index numbers

/** The next serial of an agency in a year (1, 2, …); atomic on both engines. */
export async function nextSerial(db: DbOrTrx, agencyId: number, year: number): Promise<number> {
  const row = await db
    .insertInto('publicationSerials')
    .values({ agencyId, year, lastSerial: 1 })
    .onConflict((oc) => oc.columns(['agencyId', 'year']).doUpdateSet({ lastSerial: sql<number>`publication_serials.last_serial + 1` }))
    .returning('lastSerial')
    .executeTakeFirstOrThrow();
  return Number(row.lastSerial);
}

export async function indexNumberTaken(db: DbOrTrx, indexNumber: string): Promise<boolean> {
  return !!(await db.selectFrom('publications').select('id').where('indexNumber', '=', indexNumber).executeTakeFirst());
}

// ---------------------------------------------------------------- revisions

export function insertRevision(db: DbOrTrx, row: Insertable<PublicationRevisionTable>) {
  return db.insertInto('publicationRevisions').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findRevision(db: DbOrTrx, id: number) {
  return db.selectFrom('publicationRevisions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listRevisions(db: DbOrTrx, publicationId: number) {
  return db.selectFrom('publicationRevisions').selectAll().where('publicationId', '=', publicationId).orderBy('revisionNo', 'desc').execute();
}

export async function copyAttachmentsToRevision(db: DbOrTrx, publicationId: number, revisionId: number) {
  const links = await db.selectFrom('publicationAttachments').selectAll().where('publicationId', '=', publicationId).orderBy('position').execute();
  if (links.length) {
    await db
      .insertInto('revisionAttachments')
      .values(links.map((l, position) => ({ revisionId, attachmentId: l.attachmentId, name: l.name, position })))
      .execute();
  }
}

export function listRevisionAttachments(db: DbOrTrx, revisionId: number) {
  return db.selectFrom('revisionAttachments').selectAll().where('revisionId', '=', revisionId).orderBy('position').execute();
}

// ---------------------------------------------------------------- reviews and findings

export function insertReview(db: DbOrTrx, row: Insertable<PublicationReviewTable>) {
  return db.insertInto('publicationReviews').values(row).returningAll().executeTakeFirstOrThrow();
}

export function listReviews(db: DbOrTrx, publicationId: number) {
  return db.selectFrom('publicationReviews').selectAll().where('publicationId', '=', publicationId).orderBy('id', 'desc').execute();
}

export function listFindings(db: DbOrTrx, publicationId: number) {
  return db.selectFrom('publicationFindings').selectAll().where('publicationId', '=', publicationId).orderBy('id').execute();
}

export async function replaceFindings(db: DbOrTrx, publicationId: number, rows: Insertable<PublicationFindingTable>[]) {
  await db.deleteFrom('publicationFindings').where('publicationId', '=', publicationId).execute();
  if (rows.length) await db.insertInto('publicationFindings').values(rows).execute();
}

export function confirmFindings(
  db: DbOrTrx,
  publicationId: number,
  ids: number[],
  by: { userId: number | null; name: string; at: string; note: string },
) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .updateTable('publicationFindings')
    .set({ confirmedBy: by.userId, confirmedByName: by.name, confirmedAt: by.at, confirmationNote: by.note })
    .where('publicationId', '=', publicationId)
    .where('id', 'in', ids)
    .where('confirmedAt', 'is', null)
    .returningAll()
    .execute();
}

// ---------------------------------------------------------------- office lists

/** Where an actor may read: whole agencies, or single departments of an agency (editors). */
export interface ReadScope {
  all: boolean;
  agencies: number[];
  departments: { agencyId: number; departmentId: number }[];
}

export interface OfficeListFilter {
  scope: ReadScope;
  agencyId?: number | undefined;
  states?: string[] | undefined;
  category?: string | undefined;
  departmentId?: number | undefined;
  createdBy?: number | undefined;
  q?: string | undefined;
  withUnconfirmedFindings?: boolean | undefined;
  /** Items not yet public or being revised, with a date a period can run from: the timeliness watch list. */
  unpublishedWithFormedDate?: boolean | undefined;
  limit: number;
  offset: number;
}

function officeBase(db: DbOrTrx, f: OfficeListFilter) {
  let q = db.selectFrom('publications as p');
  if (!f.scope.all) {
    const { agencies, departments } = f.scope;
    q = q.where((eb) =>
      eb.or([
        ...(agencies.length ? [eb('p.agencyId', 'in', agencies)] : []),
        ...departments.map((s) =>
          eb.and([eb('p.agencyId', '=', s.agencyId), eb.or([eb('p.departmentId', '=', s.departmentId), eb('p.departmentId', 'is', null)])]),
        ),
        sql<boolean>`1 = 0`,
      ]),
    );
  }
  q = q.where('p.state', '!=', 'discarded');
  if (f.agencyId !== undefined) q = q.where('p.agencyId', '=', f.agencyId);
  if (f.states?.length) q = q.where('p.state', 'in', f.states);
  if (f.category) q = q.where('p.category', '=', f.category);
  if (f.departmentId !== undefined) q = q.where('p.departmentId', '=', f.departmentId);
  if (f.createdBy !== undefined) q = q.where('p.createdBy', '=', f.createdBy);
  if (f.unpublishedWithFormedDate) {
    // Any date a period rule runs from (形成或变更日期, 成文日期 of a decision, 批复日期); the
    // category's rule decides which one counts, and says so when it is the missing one.
    q = q
      .where((eb) => eb.or([eb('p.formedDate', 'is not', null), eb('p.writtenDate', 'is not', null), eb('p.approvedOn', 'is not', null)]))
      .where('p.state', 'in', ['draft', 'returned', 'submitted', 'pending_approval', 'approved', 'scheduled']);
  }
  if (f.withUnconfirmedFindings) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('publicationFindings as pf')
          .select('pf.id')
          .whereRef('pf.publicationId', '=', 'p.id')
          .where('pf.confirmedAt', 'is', null),
      ),
    );
  }
  const text = f.q?.trim();
  if (text) {
    const pattern = likePattern(text.toLowerCase());
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`lower(${eb.ref('p.title')}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${eb.ref('p.documentNumber')}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(coalesce(${eb.ref('p.indexNumber')}, '')) like ${pattern} escape '\\'`,
      ]),
    );
  }
  return q;
}

export async function listForOffice(db: DbOrTrx, f: OfficeListFilter) {
  const base = officeBase(db, f);
  const [items, count] = await Promise.all([
    base
      .select([
        'p.id',
        'p.agencyId',
        'p.departmentId',
        'p.state',
        'p.publicStatus',
        'p.indexNumber',
        'p.title',
        'p.summary',
        'p.category',
        'p.topic',
        'p.genre',
        'p.documentNumber',
        'p.formedDate',
        'p.writtenDate',
        'p.approvedOn',
        'p.firstPublishedAt',
        'p.lastPublishedAt',
        'p.submittedAt',
        'p.scheduledAt',
        'p.revisionCount',
        'p.validity',
        'p.updatedAt',
        'p.createdBy',
        (eb) =>
          eb
            .selectFrom('publicationFindings as pf')
            .select(countAll().as('n'))
            .whereRef('pf.publicationId', '=', 'p.id')
            .where('pf.confirmedAt', 'is', null)
            .as('openFindings'),
      ])
      .orderBy('p.updatedAt', 'desc')
      .orderBy('p.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    base.select(countAll().as('n')).executeTakeFirst(),
  ]);
  return { items: items.map((i) => ({ ...i, openFindings: Number(i.openFindings ?? 0) })), total: Number(count?.n ?? 0) };
}

export type OfficeRow = Awaited<ReturnType<typeof listForOffice>>['items'][number];

/** Items per state within a scope, for the queue counters. */
export async function countByState(db: DbOrTrx, scope: ReadScope, agencyId?: number) {
  const rows = await officeBase(db, { scope, agencyId, limit: 0, offset: 0 })
    .select(['p.state', countAll().as('n')])
    .groupBy('p.state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)])) as Record<string, number>;
}

/** Scheduled items whose time has come. */
export function dueScheduled(db: DbOrTrx, nowIso: string) {
  return db
    .selectFrom('publications')
    .select(['id', 'version', 'scheduledAt'])
    .where('state', '=', 'scheduled')
    .where('scheduledAt', '<=', nowIso)
    .orderBy('scheduledAt')
    .limit(100)
    .execute();
}

/**
 * Items that still owe publication (not yet public, not withdrawn or discarded) with
 * a date some period rule can run from; the source picks the one the category's rule needs.
 */
export async function listOwingPublication(db: DbOrTrx): Promise<{ id: number; agencyId: number; title: string; category: string; formedDate: string | null; writtenDate: string | null; approvedOn: string | null }[]> {
  return db
    .selectFrom('publications')
    .select(['id', 'agencyId', 'title', 'category', 'formedDate', 'writtenDate', 'approvedOn'])
    .where((eb) => eb.or([eb('formedDate', 'is not', null), eb('writtenDate', 'is not', null), eb('approvedOn', 'is not', null)]))
    .where('state', 'not in', [...PUBLICATION_SETTLED_STATES])
    .orderBy('id')
    .execute();
}

// ---------------------------------------------------------------- 解读 ↔ 原文

/** The links of a 解读 or of a document, each side's id, title, state and public facts. */
export async function interpretationLinks(db: DbOrTrx, id: number) {
  const cols = ['p.id', 'p.agencyId', 'p.title', 'p.state', 'p.publicStatus', 'p.indexNumber', 'p.firstPublishedAt', 'l.position'] as const;
  const [interprets, interpretedBy] = await Promise.all([
    db
      .selectFrom('publicationInterpretations as l')
      .innerJoin('publications as p', 'p.id', 'l.documentId')
      .select(cols)
      .where('l.interpretationId', '=', id)
      .where('p.state', '!=', 'discarded')
      .orderBy('l.position')
      .orderBy('p.id')
      .execute(),
    db
      .selectFrom('publicationInterpretations as l')
      .innerJoin('publications as p', 'p.id', 'l.interpretationId')
      .select(cols)
      .where('l.documentId', '=', id)
      .where('p.state', '!=', 'discarded')
      .orderBy('p.id')
      .execute(),
  ]);
  return { interprets, interpretedBy };
}

export function findByIndexNumber(db: DbOrTrx, indexNumber: string) {
  return db.selectFrom('publications').selectAll().where('indexNumber', '=', indexNumber).executeTakeFirst();
}

export async function replaceInterpreted(db: DbOrTrx, interpretationId: number, documentIds: readonly number[], at: string) {
  await db.deleteFrom('publicationInterpretations').where('interpretationId', '=', interpretationId).execute();
  if (documentIds.length) {
    await db
      .insertInto('publicationInterpretations')
      .values(documentIds.map((documentId, position) => ({ interpretationId, documentId, position, createdAt: at })))
      .execute();
  }
}

/**
 * Published 规章 and 规范性文件 that have a linked 解读 but no published one yet
 * (requirement 16's 3-working-day rule), with the earliest linked 解读 to chase.
 */
export async function listAwaitingInterpretation(db: DbOrTrx) {
  return db
    .selectFrom('publications as d')
    .select(['d.id', 'd.agencyId', 'd.departmentId', 'd.title', 'd.firstPublishedAt'])
    .where('d.publicStatus', '=', 'published')
    .where('d.documentKind', 'in', ['regulation', 'normative'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('publicationInterpretations as l')
          .innerJoin('publications as i', 'i.id', 'l.interpretationId')
          .select('l.id')
          .whereRef('l.documentId', '=', 'd.id')
          .where('i.state', 'not in', ['discarded', 'withdrawn']),
      ),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('publicationInterpretations as l')
            .innerJoin('publications as i', 'i.id', 'l.interpretationId')
            .select('l.id')
            .whereRef('l.documentId', '=', 'd.id')
            .where('i.publicStatus', '=', 'published'),
        ),
      ),
    )
    .orderBy('d.firstPublishedAt')
    .orderBy('d.id')
    .execute();
}

/** The heads of some items: working title and state, and the public title and date of the current revision. */
export async function heads(db: DbOrTrx, ids: readonly number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('publications as p')
    .leftJoin('publicationRevisions as r', 'r.id', 'p.currentRevisionId')
    .select(['p.id', 'p.agencyId', 'p.category', 'p.title', 'p.state', 'p.publicStatus', 'r.title as publicTitle', 'r.publishedAt'])
    .where('p.id', 'in', [...ids])
    .execute();
}

/** Ids of an agency's published items of one category. */
export async function publishedIdsIn(db: DbOrTrx, agencyId: number, category: string): Promise<number[]> {
  const rows = await db.selectFrom('publications').select('id').where('agencyId', '=', agencyId).where('publicStatus', '=', 'published').where('category', '=', category).execute();
  return rows.map((r) => r.id);
}
