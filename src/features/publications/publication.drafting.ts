/**
 * Drafting: creating and editing the working copy, and its attachments. Each
 * change runs in one transaction with its audit event.
 */
import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { nowDateOf, todayOf } from '../../db/runtime.js';
import { AppError, notFound, staleEdit, validationError, type FieldErrors } from '../../errors.js';
import { chinaDateOf } from '../../lib/dates.js';
import { parseInput } from '../../lib/validation.js';
import { authorize, PERMISSIONS } from '../access/policy.js';
import { type Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import { checkUpload, storeFile } from '../files/files.js';
import { textOf } from '../files/files.service.js';
import { bodyShapeProblem, sanitizeBody } from './publication.html.js';
import { LIMITS, dateProblems, newItemBookkeeping, publicationCreateInput, publicationUpdateInput } from './publication.js';
import * as repo from './publication.repository.js';
import { replaceInterpretedIn } from './publication.interpretation.js';
import { findAgency, findDepartment } from '../agencies/agency.service.js';
import type { AttachmentRow, PublicationRow } from './publication.table.js';
import { WORKFLOW } from './publication.workflow.js';

import {
  agencyOf,
  loadRow,
  mayRead,
  stateOf,
  viewOf,
  type AttachmentView,
  type IssuerView,
  type PublicationView,
  type ServiceOptions,
  type FileSettings,
} from './publication.read.js';
import { screen } from './publication.screening.js';
import { cutCodePoints, wellFormed } from '../../lib/unicode.js';

// ---------------------------------------------------------------- drafting

async function resolveIssuers(db: DbOrTrx, raw: { agencyId?: number | null | undefined; name: string }[] | undefined, ownerId: number, ownerName: string) {
  if (raw === undefined) return [{ agencyId: ownerId, name: ownerName }];
  const out: IssuerView[] = [];
  const fields: FieldErrors = {};
  for (const [i, r] of raw.entries()) {
    if (r.agencyId != null) {
      const a = await findAgency(db, r.agencyId);
      if (!a) fields.issuers = `第 ${i + 1} 个发布机构不存在`;
      else if (!out.some((o) => o.agencyId === a.id)) out.push({ agencyId: a.id, name: a.name });
    } else if (r.name.trim()) {
      if (!out.some((o) => o.name === r.name.trim())) out.push({ agencyId: null, name: r.name.trim() });
    } else fields.issuers = `第 ${i + 1} 个发布机构未填写`;
  }
  if (Object.keys(fields).length) throw validationError(fields);
  return out;
}

function sanitizedBody(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const problem = bodyShapeProblem(raw);
  if (problem) throw validationError({ body: problem });
  const clean = sanitizeBody(raw);
  if (clean.length > LIMITS.body) throw validationError({ body: `正文过长（不能超过 ${LIMITS.body} 个字符）` });
  return clean;
}

/** Which department an item belongs to: an editor's own; others choose one of the agency's, or none. */
async function departmentFor(db: DbOrTrx, actor: Actor, agencyId: number, requested: number | null | undefined): Promise<number | null> {
  const own = actor.memberships.find((m) => m.agencyId === agencyId && m.role === 'department_editor');
  const office = actor.platformAdmin || actor.memberships.some((m) => m.agencyId === agencyId && m.role !== 'department_editor');
  if (!office && own) return own.departmentId;
  if (requested == null) return own?.departmentId ?? null;
  const d = await findDepartment(db, requested);
  if (!d || d.agencyId !== agencyId) throw validationError({ departmentId: '所选股室不属于本机关' });
  return d.id;
}

/** The agency a new draft belongs to: as given, or the only one where the actor may draft. */
function draftAgency(actor: Actor, requested: number | undefined): number {
  if (requested !== undefined) return requested;
  const ids = [...new Set(actor.memberships.filter((m) => (PERMISSIONS['publication.draft'].roles as readonly string[]).includes(m.role)).map((m) => m.agencyId))];
  if (ids.length === 1) return ids[0]!;
  throw validationError({ agencyId: ids.length ? '请选择机关' : '您不属于任何可起草信息的机关' });
}

export async function createDraft(db: Db, actor: Actor, raw: unknown): Promise<PublicationView> {
  const row = await inTransaction(db, (trx) => createDraftIn(trx, actor, raw));
  return viewOf(db, row, todayOf(db));
}

/** `createDraft` inside the caller's transaction (a feature that drafts an item as part of its own use case). */
export async function createDraftIn(db: DbOrTrx, actor: Actor, raw: unknown): Promise<PublicationRow> {
  const input = parseInput(publicationCreateInput, raw);
  const agencyId = draftAgency(actor, input.agencyId);
  authorize(actor, 'publication.draft', { agencyId });
  const agency = await agencyOf(db, agencyId);
  const departmentId = await departmentFor(db, actor, agencyId, input.departmentId);
  authorize(actor, 'publication.draft', { agencyId, departmentId });
  const now = nowDateOf(db);
  const problems = dateProblems(input, chinaDateOf(now));
  if (Object.keys(problems).length) throw validationError(problems);
  const body = sanitizedBody(input.body) ?? '';
  const issuers = await resolveIssuers(db, input.issuers, agency.id, agency.name);
  const at = now.toISOString();
  const created = await repo.insertPublication(db, {
    agencyId,
    departmentId,
    title: input.title,
    summary: input.summary,
    body,
    documentNumber: input.documentNumber,
    writtenDate: input.writtenDate ?? null,
    formedDate: input.formedDate ?? null,
    approvedOn: input.approvedOn ?? null,
    category: input.category,
    topic: input.topic,
    genre: input.genre,
    keywords: input.keywords,
    disclosureAttribute: input.disclosureAttribute,
    disclosureBasis: input.disclosureBasis,
    documentKind: input.documentKind,
    changeNote: input.changeNote,
    ...newItemBookkeeping(actor.userId, at),
  });
  await repo.replaceIssuers(db, created.id, issuers);
  if (input.interprets?.length) await replaceInterpretedIn(db, actor, created, input.interprets);
  await audit.record(db, actor, {
    action: 'publication.create',
    entityType: 'publication',
    entityId: created.id,
    agencyId,
    summary: `起草信息：${created.title}`,
    after: { ...input, body: `（${body.length} 字符）`, issuers },
  });
  await screen(db, created, now);
  return created;
}

/** Who may edit the working copy in each state: editors while drafting, the office also during review. */
export function authorizeEdit(actor: Actor, row: PublicationRow) {
  const state = stateOf(row);
  const scope = { agencyId: row.agencyId, departmentId: row.departmentId };
  if (state === 'draft' || state === 'returned') return authorize(actor, 'publication.draft', scope);
  if (state === 'submitted') return authorize(actor, 'publication.review', scope);
  throw new AppError('INVALID_TRANSITION', `“${WORKFLOW.states[state].label}”状态下不能修改内容${state === 'published' ? '，请先“修订”' : ''}`);
}

export async function updateDraft(db: Db, actor: Actor, id: number, raw: unknown): Promise<PublicationView> {
  const updated = await inTransaction(db, (trx) => updateDraftIn(trx, actor, id, raw));
  return viewOf(db, updated, todayOf(db));
}

/** `updateDraft` inside the caller's transaction (the save of "save and submit"). */
export async function updateDraftIn(db: DbOrTrx, actor: Actor, id: number, raw: unknown): Promise<PublicationRow> {
  const row = await loadRow(db, id);
  if (!mayRead(actor, row)) throw new AppError('FORBIDDEN', '您没有查看此信息的权限');
  authorizeEdit(actor, row);
  const { version, ...patch } = parseInput(publicationUpdateInput, raw);
  const now = nowDateOf(db);
  // Only the dates this save changes are checked: an old date already stored is not re-judged.
  const problems = dateProblems({ writtenDate: patch.writtenDate ?? null, formedDate: patch.formedDate ?? null, approvedOn: patch.approvedOn ?? null }, chinaDateOf(now));
  if (Object.keys(problems).length) throw validationError(problems);
  const body = sanitizedBody(patch.body);
  const departmentId = patch.departmentId !== undefined ? await departmentFor(db, actor, row.agencyId, patch.departmentId) : row.departmentId;
  if (departmentId !== row.departmentId) authorize(actor, 'publication.draft', { agencyId: row.agencyId, departmentId });
  const agency = await agencyOf(db, row.agencyId);
  const issuers = patch.issuers !== undefined ? await resolveIssuers(db, patch.issuers, agency.id, agency.name) : undefined;
  const values = {
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.summary !== undefined ? { summary: patch.summary } : {}),
    ...(body !== undefined ? { body } : {}),
    ...(patch.documentNumber !== undefined ? { documentNumber: patch.documentNumber } : {}),
    ...('writtenDate' in patch ? { writtenDate: patch.writtenDate ?? null } : {}),
    ...('formedDate' in patch ? { formedDate: patch.formedDate ?? null } : {}),
    ...('approvedOn' in patch ? { approvedOn: patch.approvedOn ?? null } : {}),
    ...(patch.category !== undefined ? { category: patch.category } : {}),
    ...(patch.topic !== undefined ? { topic: patch.topic } : {}),
    ...(patch.genre !== undefined ? { genre: patch.genre } : {}),
    ...(patch.keywords !== undefined ? { keywords: patch.keywords } : {}),
    ...(patch.disclosureAttribute !== undefined ? { disclosureAttribute: patch.disclosureAttribute } : {}),
    ...(patch.disclosureBasis !== undefined ? { disclosureBasis: patch.disclosureBasis } : {}),
    ...(patch.documentKind !== undefined ? { documentKind: patch.documentKind } : {}),
    ...(patch.changeNote !== undefined ? { changeNote: patch.changeNote } : {}),
    ...(departmentId !== row.departmentId ? { departmentId } : {}),
  };
  const next = await repo.updatePublication(db, id, version, { ...values, updatedAt: now.toISOString(), updatedBy: actor.userId, editedBy: actor.userId });
  if (!next) throw staleEdit();
  if (issuers) await repo.replaceIssuers(db, id, issuers);
  if (patch.interprets !== undefined) await replaceInterpretedIn(db, actor, next, patch.interprets);
  const change = audit.diff(row as unknown as Record<string, unknown>, values as Record<string, unknown>);
  if (change.before.body !== undefined) {
    change.before.body = `（${String(row.body).length} 字符）`;
    change.after.body = `（${String(values.body).length} 字符）`;
  }
  await audit.record(db, actor, {
    action: 'publication.update',
    entityType: 'publication',
    entityId: id,
    agencyId: row.agencyId,
    summary: `修改信息：${Object.keys(change.after).join('、') || (issuers ? 'issuers' : '无变化')}`,
    before: change.before,
    after: issuers ? { ...change.after, issuers } : change.after,
  });
  // Screened on every save, so the editor sees findings before submitting and the
  // reviewer sees findings that describe what is actually being reviewed.
  await screen(db, next, now);
  return next;
}


// ---------------------------------------------------------------- attachments

export async function addAttachment(
  db: Db,
  files: FileSettings,
  actor: Actor,
  id: number,
  upload: { bytes: Buffer; filename: string; name?: string | undefined },
  opts: ServiceOptions = {},
): Promise<AttachmentView> {
  const row = await loadRow(db, id);
  if (!mayRead(actor, row)) throw new AppError('FORBIDDEN', '您没有查看此信息的权限');
  authorizeEdit(actor, row);
  const display = upload.name?.trim() ? `${upload.name.trim()}` : upload.filename;
  const checked = checkUpload(upload.bytes, upload.filename, files.maxUploadBytes);
  const name = display === upload.filename ? checked.name : `${cutCodePoints(wellFormed(display), LIMITS.attachmentName - 8)}.${checked.extension}`;
  storeFile(files.dataDir, checked.sha256, upload.bytes);
  // Extracted once, outside the transaction: the search index and screening read it.
  await textOf(db, checked.sha256, upload.bytes, checked.kind);
  const now = nowDateOf(db);
  return inTransaction(db, async (trx) => {
    const file = await repo.insertAttachment(trx, {
      agencyId: row.agencyId,
      sha256: checked.sha256,
      size: checked.size,
      mimeType: checked.mimeType,
      extension: checked.extension,
      originalName: checked.name,
      uploadedBy: actor.userId,
      createdAt: now.toISOString(),
    });
    await repo.linkAttachment(trx, id, file.id, name);
    await trx.updateTable('publications').set({ updatedAt: now.toISOString(), updatedBy: actor.userId, editedBy: actor.userId }).where('id', '=', id).execute();
    await audit.record(trx, actor, {
      action: 'publication.attachment.add',
      entityType: 'publication',
      entityId: id,
      agencyId: row.agencyId,
      summary: `上传附件：${name}（${checked.mimeType}，${checked.size} 字节）`,
      after: { attachmentId: file.id, name, sha256: checked.sha256, size: checked.size, mimeType: checked.mimeType },
    });
    await screen(trx, row, now, files.dataDir);
    return { id: file.id, name, size: file.size, mimeType: file.mimeType, extension: file.extension, sha256: file.sha256, officeUrl: `/office/attachments/${file.id}` };
  });
}

export async function removeAttachment(db: Db, actor: Actor, id: number, attachmentId: number, opts: ServiceOptions = {}) {
  const row = await loadRow(db, id);
  if (!mayRead(actor, row)) throw new AppError('FORBIDDEN', '您没有查看此信息的权限');
  authorizeEdit(actor, row);
  const now = nowDateOf(db);
  await inTransaction(db, async (trx) => {
    const link = await trx.selectFrom('publicationAttachments').selectAll().where('publicationId', '=', id).where('attachmentId', '=', attachmentId).executeTakeFirst();
    if (!link) throw notFound('附件');
    await repo.unlinkAttachment(trx, id, attachmentId);
    await trx.updateTable('publications').set({ updatedAt: now.toISOString(), updatedBy: actor.userId, editedBy: actor.userId }).where('id', '=', id).execute();
    await audit.record(trx, actor, {
      action: 'publication.attachment.remove',
      entityType: 'publication',
      entityId: id,
      agencyId: row.agencyId,
      summary: `删除附件：${link.name}`,
      before: { attachmentId, name: link.name },
    });
    await screen(trx, row, now, opts.dataDir);
  });
}

/** An attachment a staff member may download: one of an item they may read. */
export async function attachmentForStaff(db: Db, actor: Actor, attachmentId: number): Promise<AttachmentRow & { name: string }> {
  const file = await repo.findAttachment(db, attachmentId);
  if (!file) throw notFound('附件');
  for (const pid of await repo.publicationsHoldingAttachment(db, attachmentId)) {
    const row = await repo.findPublication(db, pid);
    if (row && mayRead(actor, row)) {
      const link = await db.selectFrom('publicationAttachments').select('name').where('attachmentId', '=', attachmentId).executeTakeFirst();
      return { ...file, name: link?.name ?? file.originalName };
    }
  }
  throw new AppError('FORBIDDEN', '您没有下载此附件的权限');
}
