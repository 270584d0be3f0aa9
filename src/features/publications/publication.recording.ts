/**
 * Recording items that were published before they reached the platform: pages
 * of an agency's old site (imports), the demo's history, test fixtures. They skip
 * the review workflow, which happened elsewhere, but not the publishing path: the
 * same revision snapshot, index-number allocation, audit event and change
 * announcement as an item the office publishes (`publishIn`), dated by the clock
 * of the handle they are recorded through or by an explicit instant.
 *
 * These run inside the caller's transaction; the caller has authorized the work
 * (the importer checks `import.run` and `publication.publish`).
 */
import type { DbOrTrx } from '../../db/database.js';
import { announce, nowDateOf } from '../../db/runtime.js';
import { staleEdit } from '../../errors.js';
import type { IsoDate } from '../../lib/dates.js';
import type { Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import { newItemBookkeeping, type ConfidentialityOutcome } from './publication.js';
import * as repo from './publication.repository.js';
import type { PublicationRow } from './publication.table.js';
import { publishIn } from './publication.transitions.js';
import type { DocumentKind } from './categories.js';

export interface RecordedDraft {
  agencyId: number;
  departmentId?: number | null;
  title: string;
  summary?: string;
  body?: string;
  documentNumber?: string;
  writtenDate?: IsoDate | null;
  formedDate?: IsoDate | null;
  approvedOn?: IsoDate | null;
  category: string;
  topic?: string;
  genre?: string;
  keywords?: string;
  documentKind?: DocumentKind;
  issuers: readonly { agencyId: number | null; name: string }[];
}

/** Writes a draft as it comes (the caller validated it), with its issuers. */
export async function insertDraftIn(trx: DbOrTrx, actor: Actor, d: RecordedDraft): Promise<PublicationRow> {
  const at = nowDateOf(trx).toISOString();
  const row = await repo.insertPublication(trx, {
    agencyId: d.agencyId,
    departmentId: d.departmentId ?? null,
    title: d.title,
    summary: d.summary ?? '',
    body: d.body ?? '',
    documentNumber: d.documentNumber ?? '',
    writtenDate: d.writtenDate ?? null,
    formedDate: d.formedDate ?? null,
    approvedOn: d.approvedOn ?? null,
    category: d.category,
    topic: d.topic ?? '',
    genre: d.genre ?? '',
    keywords: d.keywords ?? '',
    disclosureAttribute: 'proactive',
    disclosureBasis: '',
    documentKind: d.documentKind ?? 'other',
    changeNote: '',
    ...newItemBookkeeping(actor.userId, at),
  });
  await repo.replaceIssuers(trx, row.id, [...d.issuers]);
  return row;
}

export interface RecordedReview {
  reviewer: Actor;
  reviewerRole: string;
  confidentiality: ConfidentialityOutcome;
  comment: string;
}

/**
 * Publishes a recorded draft at `at` (default: the handle's clock) through the one
 * publishing path, optionally with the office review that cleared it elsewhere.
 */
export async function publishRecordedIn(trx: DbOrTrx, actor: Actor, row: PublicationRow, opts: { at?: Date; review?: RecordedReview } = {}): Promise<PublicationRow> {
  const at = opts.at ?? nowDateOf(trx);
  const claimed = await repo.updatePublication(trx, row.id, row.version, { state: 'published', submittedAt: row.submittedAt ?? at.toISOString() });
  if (!claimed) throw staleEdit();
  if (opts.review) {
    await repo.insertReview(trx, {
      publicationId: row.id,
      revisionNo: row.revisionCount + 1,
      step: 'office_review',
      decision: 'approved',
      confidentiality: opts.review.confidentiality,
      comment: opts.review.comment,
      reviewerId: opts.review.reviewer.userId,
      reviewerName: opts.review.reviewer.displayName,
      reviewerRole: opts.review.reviewerRole,
      createdAt: at.toISOString(),
    });
  }
  const published = await publishIn(trx, actor, claimed, at);
  await announce(trx, { entity: 'publication', id: row.id, agencyId: row.agencyId, action: 'publication.publish', public: true });
  return published;
}

/**
 * Edits the working copy of a published item and publishes it again at `at` as a
 * new revision (the demo's corrections), through the same path.
 */
export async function republishRecordedIn(
  trx: DbOrTrx,
  actor: Actor,
  row: PublicationRow,
  patch: { body?: string; changeNote: string },
  at: Date,
): Promise<PublicationRow> {
  const edited = await repo.updatePublication(trx, row.id, row.version, { ...patch, updatedAt: at.toISOString() });
  if (!edited) throw staleEdit();
  const published = await publishIn(trx, actor, edited, at);
  await announce(trx, { entity: 'publication', id: row.id, agencyId: row.agencyId, action: 'publication.publish', public: true });
  return published;
}

/** Marks a recorded item expired or abolished (replaced by another) as of `date`. */
export async function setValidityRecordedIn(
  trx: DbOrTrx,
  actor: Actor,
  row: PublicationRow,
  v: { validity: 'expired' | 'abolished'; date: IsoDate; replacedById?: number | null; note: string },
): Promise<void> {
  const next = await repo.updatePublication(trx, row.id, row.version, { validity: v.validity, validityDate: v.date, replacedById: v.replacedById ?? null });
  if (!next) throw staleEdit();
  await audit.record(trx, actor, {
    action: 'publication.set_validity',
    entityType: 'publication',
    entityId: row.id,
    agencyId: row.agencyId,
    summary: v.note,
    before: { validity: row.validity },
    after: { validity: v.validity, validityDate: v.date, replacedById: v.replacedById ?? null },
  });
  await announce(trx, { entity: 'publication', id: row.id, agencyId: row.agencyId, action: 'publication.set_validity', public: true });
}

/** Withdraws a recorded item at `at`, the reason shown where it stood. */
export async function withdrawRecordedIn(trx: DbOrTrx, actor: Actor, row: PublicationRow, reason: string, at: Date): Promise<void> {
  const next = await repo.updatePublication(trx, row.id, row.version, { state: 'withdrawn', publicStatus: 'withdrawn', withdrawnAt: at.toISOString(), withdrawalReason: reason });
  if (!next) throw staleEdit();
  await audit.record(trx, actor, {
    action: 'publication.withdraw',
    entityType: 'publication',
    entityId: row.id,
    agencyId: row.agencyId,
    summary: `撤回：${row.title}（${reason}）`,
    before: { state: row.state },
    after: { state: 'withdrawn', comment: reason },
  });
  await announce(trx, { entity: 'publication', id: row.id, agencyId: row.agencyId, action: 'publication.withdraw', public: true });
}

/** An item by id, for the recording paths and other features that check access themselves (no access check here). */
export async function findForRecording(trx: DbOrTrx, id: number): Promise<PublicationRow | undefined> {
  return repo.findPublication(trx, id);
}

/** Attaches a file already in storage to a recorded draft (the caller checked the upload with `checkUpload`). */
export async function attachRecordedIn(
  trx: DbOrTrx,
  actor: Actor,
  row: PublicationRow,
  file: { sha256: string; size: number; mimeType: string; extension: string; name: string },
): Promise<number> {
  const at = nowDateOf(trx).toISOString();
  const stored = await repo.insertAttachment(trx, {
    agencyId: row.agencyId,
    sha256: file.sha256,
    size: file.size,
    mimeType: file.mimeType,
    extension: file.extension,
    originalName: file.name,
    uploadedBy: actor.userId,
    createdAt: at,
  });
  await repo.linkAttachment(trx, row.id, stored.id, file.name);
  return stored.id;
}
