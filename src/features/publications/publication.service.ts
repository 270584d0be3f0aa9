/**
 * Publications' use cases: drafting, editing, attachments, every workflow
 * transition, screening and scheduled publishing. Each change runs in one
 * transaction with its audit event; the workflow definition decides what is
 * allowed, the policy table who may do it.
 */
import { createHash } from 'node:crypto';
import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { nowDateOf, nowOf, todayOf } from '../../db/runtime.js';
import { AppError, notFound, staleEdit, validationError, type FieldErrors } from '../../errors.js';
import { indexPrefixOf } from '../../lib/codes.js';
import { chinaDateOf, type IsoDate } from '../../lib/dates.js';
import { intField, parseInput } from '../../lib/validation.js';
import { z } from 'zod';
import { authorize, can, PERMISSIONS } from '../access/policy.js';
import { SYSTEM_ACTOR, actorRoleLabel, type Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import type { Calendar } from '../calendar/calendar.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { maskPersonalData, screenText } from '../text/screening.js';
import { bumpContentVersion } from '../../web/page-cache.js';
import { DISCLOSURE_CATEGORIES, type DisclosureCategory } from './categories.js';
import { checkUpload, readStored, storeFile } from '../files/files.js';
import { plainText, textOf, textOfStored } from '../files/files.service.js';
import { bodyText, sanitizeBody } from './publication.html.js';
import {
  CONFIDENTIALITY_OUTCOMES,
  LIMITS,
  basisProblems,
  dateProblems,
  formatIndexNumber,
  missingForSubmit,
  parseScheduleTime,
  publicationCreateInput,
  publicationUpdateInput,
  timeliness,
  transitionInput,
  validateIndexPattern,
  type Timeliness,
  type TransitionInput,
  type WorkingCopy,
} from './publication.js';
import * as repo from './publication.repository.js';
import { indexPublication } from '../search/search.service.js';
import type { AttachmentRow, PublicationFindingRow, PublicationRevisionRow, PublicationReviewRow, PublicationRow } from './publication.table.js';
import { availableTransitions, checkTransition } from '../../lib/workflow.js';
import {
  isWorkflowState,
  WORKFLOW,
  type TransitionContext,
  type TransitionDef,
  type WorkflowState,
} from './publication.workflow.js';

/** Where attachments live and how big they may be (from Config). */
export interface FileSettings {
  dataDir: string;
  maxUploadBytes: number;
}

/** Where attachments are stored, for the use cases that read or screen them. */
export interface ServiceOptions {
  dataDir?: string;
}

/** The working-day calendar for deadlines: the live one, with the years administrators entered. */
export async function loadCalendar(db: Db): Promise<Calendar> {
  return getCalendar(db);
}

// ---------------------------------------------------------------- views

export interface IssuerView {
  agencyId: number | null;
  name: string;
}

export interface AttachmentView {
  id: number;
  name: string;
  size: number;
  mimeType: string;
  extension: string;
  sha256: string;
  /** Staff download URL (works before publication). */
  officeUrl: string;
}

export interface PublicationView extends PublicationRow {
  agencyName: string;
  agencySlug: string;
  agencyCode: string;
  requiresLeaderApproval: boolean;
  departmentName: string | null;
  issuers: IssuerView[];
  attachments: AttachmentView[];
  timeliness: Timeliness;
  findings: PublicationFindingRow[];
  openFindings: number;
  reviews: PublicationReviewRow[];
  revisions: PublicationRevisionRow[];
  /** The public URL, site-relative, once published. */
  publicUrl: string | null;
  transitionContext: TransitionContext;
}

const ctxOf = (row: PublicationRow, agency: { requiresLeaderApproval: number }): TransitionContext => ({
  leaderApprovalRequired: agency.requiresLeaderApproval === 1,
  everPublished: row.revisionCount > 0,
});

function stateOf(row: PublicationRow): WorkflowState {
  if (!isWorkflowState(row.state)) throw new AppError('INTERNAL', `unknown state ${row.state}`);
  return row.state;
}

const subjectOf = (row: PublicationRow) => ({ state: stateOf(row), agencyId: row.agencyId, departmentId: row.departmentId });

/** Open findings: not yet confirmed by a reviewer. */
const isOpen = (f: PublicationFindingRow) => f.confirmedAt === null;

async function agencyOf(db: DbOrTrx, agencyId: number) {
  const a = await db.selectFrom('agencies').selectAll().where('id', '=', agencyId).executeTakeFirst();
  if (!a) throw notFound('机关');
  return a;
}

/** Where the actor may read publications: the office list and single items obey it. */
export function readScope(actor: Actor): repo.ReadScope {
  if (actor.platformAdmin && PERMISSIONS['publication.read'].platform) return { all: true, agencies: [], departments: [] };
  const roles: readonly string[] = PERMISSIONS['publication.read'].roles;
  const agencies = new Set<number>();
  const departments: { agencyId: number; departmentId: number }[] = [];
  for (const m of actor.memberships) {
    if (!roles.includes(m.role)) continue;
    if (m.role === 'department_editor' && m.departmentId != null) departments.push({ agencyId: m.agencyId, departmentId: m.departmentId });
    else agencies.add(m.agencyId);
  }
  return { all: false, agencies: [...agencies], departments: departments.filter((d) => !agencies.has(d.agencyId)) };
}

/** Editors read their own department's items (and those filed under no department); the others their agency's. */
function mayRead(actor: Actor, row: PublicationRow): boolean {
  return can(actor, 'publication.read', { agencyId: row.agencyId, departmentId: row.departmentId });
}

async function loadRow(db: DbOrTrx, id: number): Promise<PublicationRow> {
  const row = await repo.findPublication(db, id);
  if (!row || row.state === 'discarded') throw notFound('信息');
  return row;
}

export async function viewOf(db: Db, row: PublicationRow, today: IsoDate = todayOf(db)): Promise<PublicationView> {
  const agency = await agencyOf(db, row.agencyId);
  const [issuers, attachments, findings, reviews, revisions, department, cal] = await Promise.all([
    repo.listIssuers(db, [row.id]),
    repo.listAttachments(db, row.id),
    repo.listFindings(db, row.id),
    repo.listReviews(db, row.id),
    repo.listRevisions(db, row.id),
    row.departmentId ? db.selectFrom('departments').select('name').where('id', '=', row.departmentId).executeTakeFirst() : Promise.resolve(undefined),
    loadCalendar(db),
  ]);
  // The working copy is being prepared until it is published; a published one is judged by its publication date.
  const working = row.state !== 'published' && row.state !== 'withdrawn';
  const current = revisions[0];
  const t = timeliness(
    cal,
    { formedDate: working ? row.formedDate : (current?.formedDate ?? row.formedDate), publishedDate: working ? null : current ? chinaDateOf(new Date(current.publishedAt)) : null },
    today,
  );
  return {
    ...row,
    agencyName: agency.name,
    agencySlug: agency.slug,
    agencyCode: agency.code,
    requiresLeaderApproval: agency.requiresLeaderApproval === 1,
    departmentName: department?.name ?? null,
    issuers: issuers.map((i) => ({ agencyId: i.agencyId, name: i.name })),
    attachments: attachments.map((f) => ({
      id: f.id,
      name: f.name,
      size: f.size,
      mimeType: f.mimeType,
      extension: f.extension,
      sha256: f.sha256,
      officeUrl: `/office/attachments/${f.id}`,
    })),
    timeliness: t,
    findings,
    openFindings: findings.filter(isOpen).length,
    reviews,
    revisions,
    publicUrl: row.publicStatus === 'none' ? null : `/${agency.slug}/zfxxgk/content/${row.id}`,
    transitionContext: ctxOf(row, agency),
  };
}

/** One item for the office or the staff API. */
export async function getPublication(db: Db, actor: Actor, id: number): Promise<PublicationView> {
  const row = await loadRow(db, id);
  if (!mayRead(actor, row)) throw new AppError('FORBIDDEN', '您没有查看此信息的权限');
  return viewOf(db, row, todayOf(db));
}

/** Whether the actor may read this item (no error): the API uses it to choose the staff or public view. */
export async function canRead(db: Db, actor: Actor | null, id: number): Promise<boolean> {
  if (!actor) return false;
  const row = await repo.findPublication(db, id);
  return !!row && row.state !== 'discarded' && mayRead(actor, row);
}

export function actionsFor(actor: Actor, view: PublicationView): TransitionDef[] {
  return availableTransitions(WORKFLOW, actor, subjectOf(view), view.transitionContext);
}

// ---------------------------------------------------------------- drafting

async function resolveIssuers(db: DbOrTrx, raw: { agencyId?: number | null | undefined; name: string }[] | undefined, ownerId: number, ownerName: string) {
  if (raw === undefined) return [{ agencyId: ownerId, name: ownerName }];
  const out: IssuerView[] = [];
  const fields: FieldErrors = {};
  for (const [i, r] of raw.entries()) {
    if (r.agencyId != null) {
      const a = await db.selectFrom('agencies').select(['id', 'name']).where('id', '=', r.agencyId).executeTakeFirst();
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
  const d = await db.selectFrom('departments').select(['id', 'agencyId']).where('id', '=', requested).executeTakeFirst();
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
  const row = await inTransaction(db, async (trx) => {
    const at = now.toISOString();
    const created = await repo.insertPublication(trx, {
      agencyId,
      departmentId,
      title: input.title,
      summary: input.summary,
      body,
      documentNumber: input.documentNumber,
      writtenDate: input.writtenDate ?? null,
      formedDate: input.formedDate ?? null,
      category: input.category,
      topic: input.topic,
      genre: input.genre,
      keywords: input.keywords,
      disclosureAttribute: input.disclosureAttribute,
      disclosureBasis: input.disclosureBasis,
      changeNote: input.changeNote,
      indexNumber: null,
      currentRevisionId: null,
      validityDate: null,
      replacedById: null,
      scheduledAt: null,
      submittedAt: null,
      firstPublishedAt: null,
      lastPublishedAt: null,
      withdrawnAt: null,
      createdBy: actor.userId,
      updatedBy: actor.userId,
      createdAt: at,
      updatedAt: at,
    });
    await repo.replaceIssuers(trx, created.id, issuers);
    await audit.record(trx, actor, {
      action: 'publication.create',
      entityType: 'publication',
      entityId: created.id,
      agencyId,
      summary: `起草信息：${created.title}`,
      after: { ...input, body: `（${body.length} 字符）`, issuers },
    });
    return created;
  });
  return viewOf(db, row, chinaDateOf(now));
}

/** Who may edit the working copy in each state: editors while drafting, the office also during review. */
function authorizeEdit(actor: Actor, row: PublicationRow) {
  const state = stateOf(row);
  const scope = { agencyId: row.agencyId, departmentId: row.departmentId };
  if (state === 'draft' || state === 'returned') return authorize(actor, 'publication.draft', scope);
  if (state === 'submitted') return authorize(actor, 'publication.review', scope);
  throw new AppError('INVALID_TRANSITION', `“${WORKFLOW.states[state].label}”状态下不能修改内容${state === 'published' ? '，请先“修订”' : ''}`);
}

export async function updateDraft(db: Db, actor: Actor, id: number, raw: unknown): Promise<PublicationView> {
  const row = await loadRow(db, id);
  if (!mayRead(actor, row)) throw new AppError('FORBIDDEN', '您没有查看此信息的权限');
  authorizeEdit(actor, row);
  const { version, ...patch } = parseInput(publicationUpdateInput, raw);
  const now = nowDateOf(db);
  const merged = { writtenDate: patch.writtenDate === undefined ? row.writtenDate : patch.writtenDate, formedDate: patch.formedDate === undefined ? row.formedDate : patch.formedDate };
  const problems = dateProblems(
    { writtenDate: patch.writtenDate !== undefined ? merged.writtenDate : null, formedDate: patch.formedDate !== undefined ? merged.formedDate : null },
    chinaDateOf(now),
  );
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
    ...(patch.category !== undefined ? { category: patch.category } : {}),
    ...(patch.topic !== undefined ? { topic: patch.topic } : {}),
    ...(patch.genre !== undefined ? { genre: patch.genre } : {}),
    ...(patch.keywords !== undefined ? { keywords: patch.keywords } : {}),
    ...(patch.disclosureAttribute !== undefined ? { disclosureAttribute: patch.disclosureAttribute } : {}),
    ...(patch.disclosureBasis !== undefined ? { disclosureBasis: patch.disclosureBasis } : {}),
    ...(patch.changeNote !== undefined ? { changeNote: patch.changeNote } : {}),
    ...(departmentId !== row.departmentId ? { departmentId } : {}),
  };
  const updated = await inTransaction(db, async (trx) => {
    const next = await repo.updatePublication(trx, id, version, { ...values, updatedAt: now.toISOString(), updatedBy: actor.userId });
    if (!next) throw staleEdit();
    if (issuers) await repo.replaceIssuers(trx, id, issuers);
    const change = audit.diff(row as unknown as Record<string, unknown>, values as Record<string, unknown>);
    if (change.before.body !== undefined) {
      change.before.body = `（${String(row.body).length} 字符）`;
      change.after.body = `（${String(values.body).length} 字符）`;
    }
    await audit.record(trx, actor, {
      action: 'publication.update',
      entityType: 'publication',
      entityId: id,
      agencyId: row.agencyId,
      summary: `修改信息：${Object.keys(change.after).join('、') || (issuers ? 'issuers' : '无变化')}`,
      before: change.before,
      after: issuers ? { ...change.after, issuers } : change.after,
    });
    // During review the findings must describe what is actually being reviewed.
    if (next.state === 'submitted') await screen(trx, next, now);
    return next;
  });
  return viewOf(db, updated, chinaDateOf(now));
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
  const name = display === upload.filename ? checked.name : `${display.slice(0, LIMITS.attachmentName - 8)}.${checked.extension}`;
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
    await trx.updateTable('publications').set({ updatedAt: now.toISOString(), updatedBy: actor.userId }).where('id', '=', id).execute();
    await audit.record(trx, actor, {
      action: 'publication.attachment.add',
      entityType: 'publication',
      entityId: id,
      agencyId: row.agencyId,
      summary: `上传附件：${name}（${checked.mimeType}，${checked.size} 字节）`,
      after: { attachmentId: file.id, name, sha256: checked.sha256, size: checked.size, mimeType: checked.mimeType },
    });
    if (row.state === 'submitted') await screen(trx, row, now, files.dataDir);
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
    await trx.updateTable('publications').set({ updatedAt: now.toISOString(), updatedBy: actor.userId }).where('id', '=', id).execute();
    await audit.record(trx, actor, {
      action: 'publication.attachment.remove',
      entityType: 'publication',
      entityId: id,
      agencyId: row.agencyId,
      summary: `删除附件：${link.name}`,
      before: { attachmentId, name: link.name },
    });
    if (row.state === 'submitted') await screen(trx, row, now, opts.dataDir);
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

// ---------------------------------------------------------------- screening

interface ScreenSource {
  source: string;
  label: string;
  text: string;
}

/**
 * The finding in context, with every piece of personal data in the context masked
 * too: the whole text is masked first (the maskers keep lengths, so offsets hold),
 * and a cut through a number at either edge drops the partial digits.
 */
function excerptOf(text: string, start: number, end: number): string {
  const masked = maskPersonalData(text);
  const source = masked.length === text.length ? masked : text;
  const from = Math.max(0, start - 15);
  const to = Math.min(text.length, end + 15);
  let before = source.slice(from, start);
  let after = source.slice(end, to);
  if (from > 0) before = before.replace(/^[0-9A-Za-z*\-]+/, '');
  if (to < text.length) after = after.replace(/[0-9A-Za-z*\-]+$/, '');
  if (source !== masked) {
    before = maskPersonalData(before);
    after = maskPersonalData(after);
  }
  const match = maskPersonalData(text.slice(start, end));
  return `${from > 0 ? '…' : ''}${before}【${match}】${after}${to < text.length ? '…' : ''}`.replace(/\s+/g, ' ');
}

/**
 * Screens the working copy (title, summary, 文号, body and attachment text) and
 * stores what needs a reviewer's confirmation. A finding already confirmed keeps
 * its confirmation when it is found again unchanged (same place, same text).
 */
async function screen(trx: DbOrTrx, row: PublicationRow, now: Date, dataDir?: string): Promise<PublicationFindingRow[]> {
  const current = (await repo.findPublication(trx, row.id)) ?? row;
  const sources: ScreenSource[] = [
    { source: 'title', label: '名称', text: current.title },
    { source: 'summary', label: '内容概述', text: current.summary },
    { source: 'documentNumber', label: '文号', text: current.documentNumber },
    { source: 'body', label: '正文', text: bodyText(current.body) },
  ];
  // Attachments are screened on every path (an edit in review too), from the text stored
  // at upload; the files are read only when that text is missing and the folder is known.
  for (const a of await repo.listAttachments(trx, row.id)) {
    let text = await plainText(trx, a.sha256);
    if (!text && dataDir) {
      const t = await textOfStored(trx, a.sha256, (sha) => readStored(dataDir, sha));
      text = t.status === 'ok' ? t.text : '';
    }
    if (text) sources.push({ source: `attachment:${a.id}`, label: `附件“${a.name}”`, text });
  }
  const previous = await repo.listFindings(trx, row.id);
  const rows = [];
  const seen = new Set<string>();
  for (const s of sources) {
    for (const f of screenText(s.text)) {
      if (f.severity === 'info') continue;
      const fingerprint = createHash('sha256').update(`${s.source}\u0000${f.kind}\u0000${f.match}`).digest('hex').slice(0, 32);
      if (seen.has(fingerprint)) continue;
      seen.add(fingerprint);
      const prior = previous.find((p) => p.fingerprint === fingerprint && p.confirmedAt);
      rows.push({
        publicationId: row.id,
        fingerprint,
        source: s.source,
        sourceLabel: s.label,
        kind: f.kind,
        severity: f.severity,
        label: f.label,
        excerpt: excerptOf(s.text, f.start, f.end),
        suggestion: f.suggestion ?? '',
        screenedAt: now.toISOString(),
        confirmedBy: prior?.confirmedBy ?? null,
        confirmedByName: prior?.confirmedByName ?? null,
        confirmedAt: prior?.confirmedAt ?? null,
        confirmationNote: prior?.confirmationNote ?? '',
      });
    }
  }
  await repo.replaceFindings(trx, row.id, rows);
  return repo.listFindings(trx, row.id);
}

/** The reviewer confirms findings they have checked (each recorded in the audit log). */
export async function confirmFindings(db: Db, actor: Actor, id: number, ids: number[], note: string) {
  const row = await loadRow(db, id);
  authorize(actor, 'publication.review', { agencyId: row.agencyId, departmentId: row.departmentId });
  return inTransaction(db, (trx) => confirmIn(trx, actor, row, ids, note, nowDateOf(db)));
}

async function confirmIn(trx: DbOrTrx, actor: Actor, row: PublicationRow, ids: number[], note: string, now: Date) {
  const existing = await repo.listFindings(trx, row.id);
  const unknown = ids.filter((i) => !existing.some((f) => f.id === i));
  if (unknown.length) throw validationError({ confirmFindings: `筛查结果 ${unknown.join('、')} 不属于此信息` });
  const confirmed = await repo.confirmFindings(trx, row.id, ids, {
    userId: actor.userId,
    name: actor.displayName,
    at: now.toISOString(),
    note: note.slice(0, LIMITS.comment),
  });
  for (const f of confirmed) {
    await audit.record(trx, actor, {
      action: 'publication.finding.confirm',
      entityType: 'publication',
      entityId: row.id,
      agencyId: row.agencyId,
      summary: `确认筛查结果：${f.sourceLabel}中的${f.label}（${f.excerpt}）`,
      after: { findingId: f.id, kind: f.kind, severity: f.severity, source: f.source, excerpt: f.excerpt, note },
    });
  }
  return confirmed;
}

// ---------------------------------------------------------------- transitions

function reviewerName(actor: Actor) {
  return actor.displayName;
}

/** The index number for a first publication: the agency's pattern, its next serial this year. */
export async function allocateIndexNumber(trx: DbOrTrx, agency: { id: number; code: string; indexPattern: string }, publishedOn: IsoDate): Promise<string> {
  const year = Number(publishedOn.slice(0, 4));
  const month = Number(publishedOn.slice(5, 7));
  const pattern = validateIndexPattern(agency.indexPattern).length ? '{agencyCode}/{yyyy}-{serial:5}' : agency.indexPattern;
  // A pattern changed mid-year can meet numbers already given: skip to the next free one.
  for (let tries = 0; tries < 1000; tries++) {
    const serial = await repo.nextSerial(trx, agency.id, year);
    const n = formatIndexNumber(pattern, { agencyCode: indexPrefixOf(agency.code), year, month, serial });
    if (!(await repo.indexNumberTaken(trx, n))) return n;
  }
  throw new AppError('CONFLICT', '无法生成不重复的索引号，请检查本机关的索引号格式');
}

/**
 * The published snapshot of a working copy: what the public sees for this revision.
 * Missing 成文/形成 dates default to the publication day.
 */
export function revisionSnapshot(
  row: PublicationRow,
  s: { revisionNo: number; indexNumber: string; date: IsoDate; issuers: readonly { agencyId: number | null; name: string }[]; publishedAt: string; actor: Actor },
) {
  return {
    publicationId: row.id,
    revisionNo: s.revisionNo,
    agencyId: row.agencyId,
    indexNumber: s.indexNumber,
    title: row.title,
    summary: row.summary,
    body: row.body,
    documentNumber: row.documentNumber,
    writtenDate: row.writtenDate ?? s.date,
    formedDate: row.formedDate ?? s.date,
    category: row.category,
    topic: row.topic,
    genre: row.genre,
    keywords: row.keywords,
    disclosureAttribute: row.disclosureAttribute,
    disclosureBasis: row.disclosureBasis,
    issuersJson: JSON.stringify(s.issuers.map((i) => ({ agencyId: i.agencyId, name: i.name }))),
    changeNote: s.revisionNo > 1 ? row.changeNote : '',
    publishedAt: s.publishedAt,
    publishedBy: s.actor.userId,
    publishedByName: s.actor.displayName,
  };
}

/** Publishes the working copy as a new revision; the caller has already claimed the row. */
async function publishIn(trx: DbOrTrx, actor: Actor, row: PublicationRow, now: Date): Promise<PublicationRow> {
  const agency = await agencyOf(trx, row.agencyId);
  const at = now.toISOString();
  const today = chinaDateOf(now);
  if (row.formedDate && row.formedDate > today) throw validationError({ formedDate: '形成或变更日期晚于发布日期' });
  if (row.writtenDate && row.writtenDate > today) throw validationError({ writtenDate: '成文日期晚于发布日期' });
  const indexNumber = row.indexNumber ?? (await allocateIndexNumber(trx, agency, today));
  const issuers = await repo.listIssuers(trx, [row.id]);
  const revisionNo = row.revisionCount + 1;
  const revision = await repo.insertRevision(
    trx,
    revisionSnapshot(row, { revisionNo, indexNumber, date: today, issuers, publishedAt: at, actor }),
  );
  await repo.copyAttachmentsToRevision(trx, row.id, revision.id);
  const updated = await trx
    .updateTable('publications')
    .set({
      indexNumber,
      publicStatus: 'published',
      currentRevisionId: revision.id,
      revisionCount: revisionNo,
      firstPublishedAt: row.firstPublishedAt ?? at,
      lastPublishedAt: at,
      scheduledAt: null,
      changeNote: '',
    })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit.record(trx, actor, {
    action: 'publication.published',
    entityType: 'publication',
    entityId: row.id,
    agencyId: row.agencyId,
    summary: `${revisionNo > 1 ? `发布第 ${revisionNo} 版` : '发布'}：${row.title}（索引号 ${indexNumber}，发布日期由系统记录为 ${at}）`,
    after: { indexNumber, revisionNo, revisionId: revision.id, publishedAt: at, category: row.category },
  });
  return updated;
}

/** What must hold before publishing or scheduling: every finding confirmed, and a proactive item. */
async function assertPublishable(trx: DbOrTrx, row: PublicationRow) {
  const fields: FieldErrors = {};
  if (row.disclosureAttribute !== 'proactive') fields.disclosureAttribute = '只有“主动公开”的信息才能发布到政府信息公开目录';
  const open = (await repo.listFindings(trx, row.id)).filter(isOpen);
  if (open.length) fields.confirmFindings = `尚有 ${open.length} 项筛查结果未经审核人确认，确认后才能发布`;
  if (Object.keys(fields).length) throw validationError(fields, '暂不能发布');
}

/** Transitions the public sees: cached portal pages must go. */
const PUBLIC_ACTIONS = new Set(['publish', 'publish_due', 'withdraw', 'set_validity']);

function requireComment(t: TransitionDef, input: TransitionInput) {
  if (t.comment === 'required' && !input.comment) {
    throw validationError({ comment: t.action === 'withdraw' ? '撤回必须说明理由' : '请填写意见，告知编辑需要修改的地方' });
  }
}

/**
 * Applies a workflow transition: `{action, comment, version?, …}` with the extra
 * fields some actions need (confidentiality outcome, schedule time, validity).
 */
export async function transition(db: Db, actor: Actor, id: number, raw: unknown, opts: ServiceOptions = {}): Promise<PublicationView> {
  const input = parseInput(transitionInput.extend({ confirmFindings: z.array(intField('筛查结果')).max(500).optional() }), raw);
  const row = await loadRow(db, id);
  if (!mayRead(actor, row) && actor.via !== 'system') throw new AppError('FORBIDDEN', '您没有查看此信息的权限');
  const agency = await agencyOf(db, row.agencyId);
  const t = checkTransition(WORKFLOW, actor, subjectOf(row), input.action, ctxOf(row, agency));
  requireComment(t, input);
  if (input.version !== undefined && input.version !== row.version) throw staleEdit();
  const now = nowDateOf(db);
  const at = now.toISOString();
  const today = chinaDateOf(now);

  // Checks that need no transaction come first, so a refusal writes nothing.
  const extra: Record<string, unknown> = {};
  if (t.action === 'submit') {
    const issuers = await repo.listIssuers(db, [id]);
    const attachments = await repo.listAttachments(db, id);
    const fields = { ...missingForSubmit(row as WorkingCopy, { issuerCount: issuers.length, attachmentCount: attachments.length }), ...dateProblems(row, today) };
    if (Object.keys(fields).length) throw validationError(fields, `还有 ${Object.keys(fields).length} 项需要填写或更正，暂不能提交`);
  }
  if (t.records === 'office_review' && t.action === 'approve') {
    if (!input.confidentiality) throw validationError({ confidentiality: '请填写保密审查结论' });
    if (!CONFIDENTIALITY_OUTCOMES[input.confidentiality].allowsPublishing) {
      throw validationError({ confidentiality: '保密审查结论为不同意公开时，只能退回' });
    }
  }
  if (t.action === 'schedule') {
    const when = input.scheduledAt ? parseScheduleTime(input.scheduledAt) : null;
    if (!when) throw validationError({ scheduledAt: '请填写定时发布的日期和时间，例：2026-12-01T09:00' });
    if (when <= at) throw validationError({ scheduledAt: '定时发布时间应晚于现在' });
    if (new Date(when).getTime() - now.getTime() > 366 * 86_400_000) throw validationError({ scheduledAt: '定时发布时间不能超过一年' });
    extra.scheduledAt = when;
  }
  if (t.action === 'set_validity') {
    const fields: FieldErrors = {};
    if (!input.validity) fields.validity = '请选择有效性';
    else if (input.validity !== 'valid') {
      if (!input.validityDate) fields.validityDate = '请填写失效或废止的日期';
      else if (input.validityDate > today) fields.validityDate = `日期不能晚于今天（${today}）`;
    }
    if (input.replacedById !== undefined) {
      if (input.replacedById === id) fields.replacedById = '替代文件不能是本文件';
      else {
        const other = await repo.findPublication(db, input.replacedById);
        if (!other || other.publicStatus !== 'published') fields.replacedById = '替代文件应为已发布的信息';
      }
    }
    if (Object.keys(fields).length) throw validationError(fields);
  }

  const updated = await inTransaction(db, async (trx) => {
    if (input.confirmFindings?.length) {
      authorize(actor, 'publication.review', { agencyId: row.agencyId, departmentId: row.departmentId });
      await confirmIn(trx, actor, row, input.confirmFindings, input.comment, now);
    }
    const patch: Record<string, unknown> = { state: t.to, updatedAt: at, updatedBy: actor.userId ?? row.updatedBy };
    switch (t.action) {
      case 'submit':
        patch.submittedAt = at;
        break;
      case 'schedule':
        await assertPublishable(trx, row);
        patch.scheduledAt = extra.scheduledAt;
        break;
      case 'unschedule':
        patch.scheduledAt = null;
        break;
      case 'publish':
        await assertPublishable(trx, row);
        break;
      case 'reject':
        patch.scheduledAt = null;
        break;
      case 'revise':
        // The revision runs its own Art. 26 clock from the day of the change.
        patch.formedDate = null;
        patch.changeNote = '';
        patch.submittedAt = null;
        break;
      case 'withdraw':
        patch.publicStatus = 'withdrawn';
        patch.withdrawnAt = at;
        patch.withdrawalReason = input.comment;
        break;
      case 'set_validity':
        patch.validity = input.validity;
        patch.validityDate = input.validity === 'valid' ? null : input.validityDate;
        patch.replacedById = input.replacedById ?? null;
        patch.replacedByUrl = input.replacedByUrl;
        break;
    }
    // Claim the row first: of two concurrent transitions (or two schedulers) only one proceeds.
    let next = await repo.updatePublication(trx, id, row.version, patch);
    if (!next) throw staleEdit();
    if (t.action === 'cancel_revision') next = await restoreFromCurrentRevision(trx, next);
    if (t.action === 'submit') await screen(trx, next, now, opts.dataDir);
    if (t.records) {
      await repo.insertReview(trx, {
        publicationId: id,
        revisionNo: row.revisionCount + 1,
        step: t.records,
        decision: t.action === 'approve' ? 'approved' : 'rejected',
        confidentiality: t.records === 'office_review' ? (input.confidentiality ?? '') : '',
        comment: input.comment,
        reviewerId: actor.userId,
        reviewerName: reviewerName(actor),
        reviewerRole: actorRoleLabel(actor, row.agencyId),
        createdAt: at,
      });
    }
    await audit.record(trx, actor, {
      action: `publication.${t.action}`,
      entityType: 'publication',
      entityId: id,
      agencyId: row.agencyId,
      summary: `${t.label}：${row.title}${input.comment ? `（意见：${input.comment}）` : ''}`,
      before: { state: row.state, ...(t.action === 'set_validity' ? { validity: row.validity, validityDate: row.validityDate } : {}) },
      after: {
        state: t.to,
        ...(input.comment ? { comment: input.comment } : {}),
        ...(t.records === 'office_review' && input.confidentiality ? { confidentiality: input.confidentiality } : {}),
        ...(extra.scheduledAt ? { scheduledAt: extra.scheduledAt } : {}),
        ...(t.action === 'set_validity' ? { validity: input.validity, validityDate: patch.validityDate, replacedById: patch.replacedById, replacedByUrl: input.replacedByUrl } : {}),
      },
    });
    if (t.to === 'published' && (t.action === 'publish' || t.action === 'publish_due')) next = await publishIn(trx, actor, next, now);
    // The search index follows what the public sees, in the same transaction.
    if (t.action === 'publish' || t.action === 'publish_due' || t.action === 'withdraw' || t.action === 'set_validity') await indexPublication(trx, id);
    return next;
  });
  if (PUBLIC_ACTIONS.has(t.action)) bumpContentVersion();
  return viewOf(db, updated, today);
}

/** Abandoning a revision: the working copy goes back to what the public sees. */
async function restoreFromCurrentRevision(trx: DbOrTrx, row: PublicationRow): Promise<PublicationRow> {
  if (!row.currentRevisionId) return row;
  const rev = await repo.findRevision(trx, row.currentRevisionId);
  if (!rev) return row;
  const restored = await trx
    .updateTable('publications')
    .set({
      title: rev.title,
      summary: rev.summary,
      body: rev.body,
      documentNumber: rev.documentNumber,
      writtenDate: rev.writtenDate,
      formedDate: rev.formedDate,
      category: rev.category,
      topic: rev.topic,
      genre: rev.genre,
      keywords: rev.keywords,
      disclosureAttribute: rev.disclosureAttribute,
      disclosureBasis: rev.disclosureBasis,
      changeNote: '',
      submittedAt: null,
    })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const issuers = JSON.parse(rev.issuersJson) as { agencyId: number | null; name: string }[];
  await repo.replaceIssuers(trx, row.id, issuers);
  const atts = await repo.listRevisionAttachments(trx, rev.id);
  await repo.replaceAttachmentLinks(trx, row.id, atts.map((a) => ({ attachmentId: a.attachmentId, name: a.name })));
  await repo.replaceFindings(trx, row.id, []);
  return restored;
}

/**
 * Publishes every scheduled item whose time has come, as the system. Safe to run
 * from several processes at once: each item is claimed by its version.
 */
export async function publishDue(db: Db): Promise<number[]> {
  const now = nowDateOf(db);
  const due = await repo.dueScheduled(db, now.toISOString());
  const done: number[] = [];
  for (const d of due) {
    try {
      await transition(db, SYSTEM_ACTOR, d.id, { action: 'publish_due', version: d.version });
      done.push(d.id);
    } catch (e) {
      // Another process got there first, or the item changed meanwhile: nothing to do.
      if (!(e instanceof AppError && (e.code === 'STALE_EDIT' || e.code === 'INVALID_TRANSITION'))) throw e;
    }
  }
  return done;
}

// ---------------------------------------------------------------- lists and queues

export interface OfficeListQuery {
  agencyId?: number | undefined;
  states?: WorkflowState[] | undefined;
  category?: string | undefined;
  departmentId?: number | undefined;
  q?: string | undefined;
  mine?: boolean | undefined;
  withFindings?: boolean | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

export async function listForOffice(db: Db, actor: Actor, q: OfficeListQuery) {
  authorize(actor, 'publication.read');
  const pageSize = Math.min(100, Math.max(1, q.pageSize ?? 20));
  const page = Math.max(1, q.page ?? 1);
  return repo.listForOffice(db, {
    scope: readScope(actor),
    agencyId: q.agencyId,
    states: q.states,
    category: q.category,
    departmentId: q.departmentId,
    createdBy: q.mine ? (actor.userId ?? -1) : undefined,
    q: q.q,
    withUnconfirmedFindings: q.withFindings,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
}

export interface QueueItem extends repo.OfficeListRow {
  timeliness: Timeliness;
}

export interface Queue {
  key: string;
  title: string;
  /** Who the queue is for, for the dashboard. */
  role: 'editor' | 'reviewer' | 'leader';
  items: QueueItem[];
  total: number;
  /** Office list link showing the whole queue. */
  href: string;
}

/**
 * The per-role work queues: editors' drafts and returned items, the office's
 * review queue with what is nearly overdue and what carries screening findings,
 * the leader's approvals.
 */
export async function queuesFor(db: Db, actor: Actor): Promise<Queue[]> {
  const scope = readScope(actor);
  const today = chinaDateOf(nowDateOf(db));
  const cal = await loadCalendar(db);
  const withClock = (items: repo.OfficeListRow[]): QueueItem[] =>
    items.map((i) => ({ ...i, timeliness: timeliness(cal, { formedDate: i.formedDate }, today) }));
  const list = async (f: Partial<repo.OfficeListFilter>, limit = 20) => {
    const r = await repo.listForOffice(db, { scope, limit, offset: 0, ...f });
    return { items: withClock(r.items), total: r.total };
  };
  const queues: Queue[] = [];
  const hasRole = (role: string) => actor.memberships.some((m) => m.role === role);
  if (hasRole('department_editor') || hasRole('office_reviewer') || hasRole('agency_admin')) {
    const mine = await list({ states: ['draft'], createdBy: actor.userId ?? -1 });
    queues.push({ key: 'my_drafts', title: '我的草稿', role: 'editor', ...mine, href: '/office/publications?state=draft&mine=1' });
    const returned = await list({ states: ['returned'] });
    queues.push({ key: 'returned', title: '退回修改', role: 'editor', ...returned, href: '/office/publications?state=returned' });
  }
  if (can(actor, 'publication.review')) {
    const reviewScope: repo.ReadScope = { all: false, agencies: [...new Set(actor.memberships.filter((m) => m.role === 'office_reviewer').map((m) => m.agencyId))], departments: [] };
    const l = async (f: Partial<repo.OfficeListFilter>, limit = 20) => {
      const r = await repo.listForOffice(db, { scope: reviewScope, limit, offset: 0, ...f });
      return { items: withClock(r.items), total: r.total };
    };
    queues.push({ key: 'to_review', title: '待审核', role: 'reviewer', ...(await l({ states: ['submitted'] })), href: '/office/publications?state=submitted' });
    queues.push({ key: 'findings', title: '有筛查结果待确认', role: 'reviewer', ...(await l({ withUnconfirmedFindings: true })), href: '/office/publications?findings=1' });
    queues.push({ key: 'to_publish', title: '待发布', role: 'reviewer', ...(await l({ states: ['approved'] })), href: '/office/publications?state=approved' });
    const watch = await l({ unpublishedWithFormedDate: true }, 500);
    const urgent = watch.items
      .filter((i) => i.timeliness.status === 'overdue' || i.timeliness.status === 'due_soon')
      .sort((a, b) => (a.timeliness.workdaysLeft ?? 0) - (b.timeliness.workdaysLeft ?? 0));
    queues.push({ key: 'deadline', title: '即将到期或已逾期', role: 'reviewer', items: urgent.slice(0, 20), total: urgent.length, href: '/office/publications?deadline=1' });
  }
  if (can(actor, 'publication.approve')) {
    const leaderScope: repo.ReadScope = { all: false, agencies: [...new Set(actor.memberships.filter((m) => m.role === 'leader').map((m) => m.agencyId))], departments: [] };
    const r = await repo.listForOffice(db, { scope: leaderScope, states: ['pending_approval'], limit: 20, offset: 0 });
    queues.push({ key: 'to_approve', title: '待领导审批', role: 'leader', items: withClock(r.items), total: r.total, href: '/office/publications?state=pending_approval' });
  }
  return queues;
}

/** Unpublished items with a running Art. 26 clock, for the timeliness views. */
export async function timelinessWatch(db: Db, actor: Actor) {
  const scope = readScope(actor);
  const today = chinaDateOf(nowDateOf(db));
  const cal = await loadCalendar(db);
  const r = await repo.listForOffice(db, { scope, unpublishedWithFormedDate: true, limit: 2000, offset: 0 });
  return r.items.map((i) => ({ ...i, timeliness: timeliness(cal, { formedDate: i.formedDate }, today) }));
}

// ---------------------------------------------------------------- agency settings

export const agencySettingsInput = z.object({
  indexPattern: z
    .string({ message: '请填写索引号格式' })
    .transform((v) => v.trim())
    .superRefine((v, ctx) => {
      for (const p of validateIndexPattern(v)) ctx.addIssue({ code: 'custom', message: p });
    }),
  requiresLeaderApproval: z.preprocess((v) => v === true || v === 'on' || v === '1' || v === 'true' || v === 1, z.boolean()),
  version: intField('版本'),
});

/** The agency's catalog settings: its 索引号 pattern and whether the leader approves. */
export async function updateAgencySettings(db: Db, actor: Actor, agencyId: number, raw: unknown) {
  const existing = await agencyOf(db, agencyId);
  authorize(actor, 'agency.update', { agencyId });
  const input = parseInput(agencySettingsInput, raw);
  return inTransaction(db, async (trx) => {
    const row = await trx
      .updateTable('agencies')
      .set({ indexPattern: input.indexPattern, requiresLeaderApproval: input.requiresLeaderApproval ? 1 : 0, version: input.version + 1, updatedAt: nowOf(trx) })
      .where('id', '=', agencyId)
      .where('version', '=', input.version)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw staleEdit();
    await audit.record(trx, actor, {
      action: 'agency.publication_settings',
      entityType: 'agency',
      entityId: agencyId,
      agencyId,
      summary: `修改信息发布设置：索引号格式 ${input.indexPattern}，${input.requiresLeaderApproval ? '需要' : '不需要'}领导审批`,
      before: { indexPattern: existing.indexPattern, requiresLeaderApproval: existing.requiresLeaderApproval === 1 },
      after: { indexPattern: input.indexPattern, requiresLeaderApproval: input.requiresLeaderApproval },
    });
    return row;
  });
}

export const categoryLabel = (key: string) => (DISCLOSURE_CATEGORIES as Record<string, { label: string } | undefined>)[key]?.label ?? key;
export type { DisclosureCategory };
