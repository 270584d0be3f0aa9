/**
 * Key projects: the registry, stages, progress entries with photos, the link from a
 * catalog item to a project and a lifecycle category, and the approval-result and
 * filing elements, which a listener checks before the item can be submitted or
 * published. Every change is audited in its own transaction and announced, so the
 * portal's page cache drops the project's pages.
 */
import { z } from 'zod';
import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { announce, nowOf, todayOf } from '../../db/runtime.js';
import { AppError, conflict, notFound, staleEdit, validationError, type FieldErrors } from '../../errors.js';
import { isIsoDate, type IsoDate } from '../../lib/dates.js';
import { intField, optionalText, parseInput, text } from '../../lib/validation.js';
import { authorize, can } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import { checkUpload, storeFile } from '../files/files.js';
import { isProjectLifecycle, PROJECT_LIFECYCLE, type ProjectLifecycle } from './project.lifecycle.js';
import {
  APPROVAL_KINDS,
  approvalProblems,
  codeProblem,
  groupByLifecycle,
  isApprovalKind,
  normalizeCode,
  parseInvestment,
  progressProblems,
  PROJECT_STATUSES,
  rangeProblem,
  stageNoticeContent,
  type ApprovalElements,
  type NoticeContent,
} from './project.js';
import * as repo from './project.repository.js';
import { agencySettingsInput, projectSettingsOf } from './project.settings.js';
import type { ProjectPublicationRow, ProjectRow } from './project.table.js';
import { findAgency } from '../agencies/agency.service.js';
import { publicationHeads } from '../publications/publication.read.js';

export interface FileSettings {
  dataDir: string;
  maxUploadBytes: number;
}

/** At most this many photos per progress entry. */
export const MAX_PHOTOS = 9;
const IMAGE_KINDS = new Set(['png', 'jpeg', 'gif', 'webp']);

const dateField = (label: string, required = false) =>
  z.preprocess(
    (v) => (v === '' || v === null ? undefined : typeof v === 'string' ? v.trim() : v),
    required
      ? z.string({ message: `请填写${label}` }).refine((v) => isIsoDate(v), `${label}不是有效日期，应为 YYYY-MM-DD`)
      : z
          .string({ message: `${label}应为日期（YYYY-MM-DD）` })
          .refine((v) => isIsoDate(v), `${label}不是有效日期，应为 YYYY-MM-DD`)
          .optional(),
  );

const versionField = z.preprocess((v) => (v === '' || v == null ? undefined : Number(v)), z.number().int().optional());

export const projectInput = z.object({
  name: text(200, { required: true }),
  code: text(64, { required: true }),
  owner: text(200, { required: true }),
  investment: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), text(40, { required: true })),
  location: optionalText(200),
  plannedStart: dateField('计划开工日期', true),
  plannedEnd: dateField('计划竣工日期', true),
  status: z.enum(Object.keys(PROJECT_STATUSES) as [keyof typeof PROJECT_STATUSES], { message: '请选择项目状态' }),
  summary: optionalText(4000),
  version: versionField,
});

export const stageInput = z.object({
  name: text(100, { required: true }),
  plannedStart: dateField('计划开始日期'),
  plannedEnd: dateField('计划完成日期'),
  actualStart: dateField('实际开始日期'),
  actualEnd: dateField('实际完成日期'),
  description: optionalText(2000),
});

export const progressInput = z.object({
  date: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ message: '请填写进展日期' })),
  percent: intField('完成进度'),
  stageId: z.preprocess((v) => (v === '' || v == null ? undefined : Number(v)), z.number().int().positive().optional()),
  body: text(4000, { required: true }),
});

export const linkInput = z.object({
  publicationId: intField('信息编号'),
  lifecycle: z.string().refine((v) => isProjectLifecycle(v), '请选择重大建设项目信息类别'),
  approvalKind: z.preprocess((v) => (v == null ? '' : v), z.string().refine((v) => v === '' || isApprovalKind(v), '请选择审批（核准）结果或备案')),
});

export const approvalInput = z.object({
  approvalKind: z.string().refine((v) => isApprovalKind(v), '请选择审批（核准）结果或备案'),
  approvalResult: optionalText(500),
  decidedOn: z.preprocess((v) => (v === '' || v == null ? null : typeof v === 'string' ? v.trim() : v), z.string().nullable()),
  documentNumber: optionalText(100),
  decidingUnit: optionalText(200),
  projectName: optionalText(200),
  projectCode: optionalText(64),
});

function mayManage(actor: Actor | null, agencyId: number): asserts actor is Actor {
  authorize(actor, 'project.manage', { agencyId });
}

export function canManageProjects(actor: Actor | null, agencyId: number): boolean {
  return can(actor, 'project.manage', { agencyId });
}

async function loadProject(db: DbOrTrx, id: number): Promise<ProjectRow> {
  const p = await repo.findProject(db, id);
  if (!p) throw notFound('项目');
  return p;
}

const announceProject = (trx: DbOrTrx, p: { id: number; agencyId: number }, action: string) =>
  announce(trx, { entity: 'project', id: p.id, agencyId: p.agencyId, action, public: true });

/** Checks the parts of a project form the schema cannot: the code against the agency's pattern, the investment, the dates. */
async function checkProject(db: DbOrTrx, agencyId: number, input: z.infer<typeof projectInput>, selfId: number | null) {
  const fields: FieldErrors = {};
  const { codePattern } = await projectSettingsOf(db, agencyId);
  const code = normalizeCode(input.code);
  const problem = codeProblem(code, codePattern);
  if (problem) fields.code = problem;
  const investment = parseInvestment(input.investment);
  if (investment === null) fields.investment = '总投资应为以万元计的数字，最多 4 位小数，例如 12500 或 3860.25';
  const range = rangeProblem(input.plannedStart, input.plannedEnd);
  if (range) fields.plannedEnd = `计划竣工日期不能早于计划开工日期`;
  if (!problem) {
    const clash = await repo.findProjectByCode(db, agencyId, code);
    if (clash && clash.id !== selfId) fields.code = `本机关已登记项目统一代码为 ${code} 的项目`;
  }
  if (Object.keys(fields).length) throw validationError(fields);
  return { code, investment: investment! };
}

export async function createProject(db: Db, actor: Actor, agencyId: number, raw: unknown): Promise<ProjectRow> {
  mayManage(actor, agencyId);
  const input = parseInput(projectInput, raw);
  return inTransaction(db, async (trx) => {
    const { code, investment } = await checkProject(trx, agencyId, input, null);
    const at = nowOf(trx);
    const row = await repo.insertProject(trx, {
      agencyId,
      name: input.name,
      code,
      owner: input.owner,
      investment,
      location: input.location,
      plannedStart: input.plannedStart!,
      plannedEnd: input.plannedEnd!,
      status: input.status,
      summary: input.summary,
      createdAt: at,
      updatedAt: at,
      updatedByName: actor.displayName,
    });
    await audit.record(trx, actor, {
      action: 'project.create',
      entityType: 'project',
      entityId: row.id,
      agencyId,
      summary: `登记重点项目：${row.name}（${row.code}）`,
      after: { name: row.name, code: row.code, owner: row.owner, investment: row.investment, status: row.status },
    });
    await announceProject(trx, row, 'project.create');
    return row;
  });
}

export async function updateProject(db: Db, actor: Actor, id: number, raw: unknown): Promise<ProjectRow> {
  const before = await loadProject(db, id);
  mayManage(actor, before.agencyId);
  const input = parseInput(projectInput, raw);
  return inTransaction(db, async (trx) => {
    const { code, investment } = await checkProject(trx, before.agencyId, input, id);
    const patch = {
      name: input.name,
      code,
      owner: input.owner,
      investment,
      location: input.location,
      plannedStart: input.plannedStart!,
      plannedEnd: input.plannedEnd!,
      status: input.status,
      summary: input.summary,
      updatedAt: nowOf(trx),
      updatedByName: actor.displayName,
    };
    const row = await repo.updateProject(trx, id, input.version ?? before.version, patch);
    if (!row) throw staleEdit();
    await audit.record(trx, actor, {
      action: 'project.update',
      entityType: 'project',
      entityId: id,
      agencyId: before.agencyId,
      summary: `修改重点项目：${row.name}`,
      ...audit.diff(
        { name: before.name, code: before.code, owner: before.owner, investment: before.investment, location: before.location, plannedStart: before.plannedStart, plannedEnd: before.plannedEnd, status: before.status },
        { name: row.name, code: row.code, owner: row.owner, investment: row.investment, location: row.location, plannedStart: row.plannedStart, plannedEnd: row.plannedEnd, status: row.status },
      ),
    });
    await announceProject(trx, row, 'project.update');
    return row;
  });
}

function stageProblems(s: z.infer<typeof stageInput>): FieldErrors {
  const f: FieldErrors = {};
  if (rangeProblem(s.plannedStart, s.plannedEnd)) f.plannedEnd = '计划完成日期不能早于计划开始日期';
  if (rangeProblem(s.actualStart, s.actualEnd)) f.actualEnd = '实际完成日期不能早于实际开始日期';
  if (s.actualEnd && !s.actualStart) f.actualStart = '填写实际完成日期前，请先填写实际开始日期';
  return f;
}

/** Actual dates record what happened, so they cannot lie ahead of today. */
function actualInFuture(s: z.infer<typeof stageInput>, today: IsoDate): FieldErrors {
  const f: FieldErrors = {};
  if (s.actualStart && s.actualStart > today) f.actualStart = `实际开始日期不能晚于今天（${today}）`;
  if (s.actualEnd && s.actualEnd > today) f.actualEnd = `实际完成日期不能晚于今天（${today}）`;
  return f;
}

export async function addStage(db: Db, actor: Actor, projectId: number, raw: unknown) {
  const p = await loadProject(db, projectId);
  mayManage(actor, p.agencyId);
  const input = parseInput(stageInput, raw);
  const problems = { ...stageProblems(input), ...actualInFuture(input, todayOf(db)) };
  if (Object.keys(problems).length) throw validationError(problems);
  return inTransaction(db, async (trx) => {
    const stage = await repo.insertStage(trx, {
      projectId,
      name: input.name,
      sortOrder: await repo.nextStageOrder(trx, projectId),
      plannedStart: input.plannedStart ?? null,
      plannedEnd: input.plannedEnd ?? null,
      actualStart: input.actualStart ?? null,
      actualEnd: input.actualEnd ?? null,
      description: input.description,
    });
    await repo.touchProject(trx, projectId, nowOf(trx), actor.displayName);
    await audit.record(trx, actor, { action: 'project.stage.add', entityType: 'project', entityId: projectId, agencyId: p.agencyId, summary: `增加建设阶段：${stage.name}（${p.name}）`, after: input });
    await announceProject(trx, p, 'project.stage.add');
    return stage;
  });
}

export async function updateStage(db: Db, actor: Actor, projectId: number, stageId: number, raw: unknown) {
  const p = await loadProject(db, projectId);
  mayManage(actor, p.agencyId);
  const before = await repo.findStage(db, stageId);
  if (!before || before.projectId !== projectId) throw notFound('建设阶段');
  const input = parseInput(stageInput, raw);
  const problems = { ...stageProblems(input), ...actualInFuture(input, todayOf(db)) };
  if (Object.keys(problems).length) throw validationError(problems);
  return inTransaction(db, async (trx) => {
    const stage = await repo.updateStage(trx, stageId, {
      name: input.name,
      plannedStart: input.plannedStart ?? null,
      plannedEnd: input.plannedEnd ?? null,
      actualStart: input.actualStart ?? null,
      actualEnd: input.actualEnd ?? null,
      description: input.description,
    });
    await repo.touchProject(trx, projectId, nowOf(trx), actor.displayName);
    await audit.record(trx, actor, {
      action: 'project.stage.update',
      entityType: 'project',
      entityId: projectId,
      agencyId: p.agencyId,
      summary: `修改建设阶段：${stage.name}（${p.name}）`,
      ...audit.diff(
        { name: before.name, plannedStart: before.plannedStart, plannedEnd: before.plannedEnd, actualStart: before.actualStart, actualEnd: before.actualEnd },
        { name: stage.name, plannedStart: stage.plannedStart, plannedEnd: stage.plannedEnd, actualStart: stage.actualStart, actualEnd: stage.actualEnd },
      ),
    });
    await announceProject(trx, p, 'project.stage.update');
    return stage;
  });
}

export interface PhotoUpload {
  bytes: Buffer;
  filename: string;
}

/**
 * Adds a dated progress entry with its photos. The photos are checked (type read
 * from the bytes, images only, size limit) and stored before the transaction, so
 * a refused photo leaves no entry; stored files are content-addressed and shared.
 */
export async function addProgress(db: Db, files: FileSettings, actor: Actor, projectId: number, raw: unknown, photos: readonly PhotoUpload[] = []) {
  const p = await loadProject(db, projectId);
  mayManage(actor, p.agencyId);
  const input = parseInput(progressInput, raw);
  const today = todayOf(db);
  const problems = progressProblems({ date: input.date, percent: input.percent }, today);
  if (input.stageId) {
    const stage = await repo.findStage(db, input.stageId);
    if (!stage || stage.projectId !== projectId) problems.stageId = '所选阶段不属于本项目';
  }
  if (photos.length > MAX_PHOTOS) problems.photos = `每条进展最多上传 ${MAX_PHOTOS} 张照片`;
  if (Object.keys(problems).length) throw validationError(problems);
  const checked = photos.map((ph) => {
    const c = checkUpload(ph.bytes, ph.filename, files.maxUploadBytes);
    if (!IMAGE_KINDS.has(c.kind)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '现场照片只能是 PNG、JPEG、GIF 或 WebP 图片', { photos: `“${c.name}”不是图片，现场照片只能是 PNG、JPEG、GIF 或 WebP 图片` });
    return { c, bytes: ph.bytes };
  });
  for (const { c, bytes } of checked) storeFile(files.dataDir, c.sha256, bytes);
  return inTransaction(db, async (trx) => {
    const at = nowOf(trx);
    const entry = await repo.insertEntry(trx, {
      projectId,
      stageId: input.stageId ?? null,
      entryDate: input.date,
      percent: input.percent,
      body: input.body,
      createdAt: at,
      createdByName: actor.displayName,
    });
    for (const { c } of checked) await repo.insertPhoto(trx, { progressId: entry.id, sha256: c.sha256, size: c.size, mimeType: c.mimeType, name: c.name, createdAt: at });
    await repo.touchProject(trx, projectId, at, actor.displayName);
    await audit.record(trx, actor, {
      action: 'project.progress.add',
      entityType: 'project',
      entityId: projectId,
      agencyId: p.agencyId,
      summary: `登记项目进展：${p.name}，${input.date} 完成 ${input.percent}%${checked.length ? `，照片 ${checked.length} 张` : ''}`,
      after: { entryId: entry.id, date: input.date, percent: input.percent, stageId: input.stageId ?? null, photos: checked.map(({ c }) => c.sha256) },
    });
    await announceProject(trx, p, 'project.progress.add');
    return entry;
  });
}

// ---------------------------------------------------------------- links and approval elements

/** The working copy's state in which its approval elements may still change: before review. */
const EDITABLE_STATES = new Set(['draft', 'returned']);

export async function linkPublication(db: Db, actor: Actor, projectId: number, raw: unknown): Promise<ProjectPublicationRow> {
  const p = await loadProject(db, projectId);
  mayManage(actor, p.agencyId);
  const input = parseInput(linkInput, raw);
  const pub = (await publicationHeads(db, [input.publicationId]))[0];
  if (!pub || pub.state === 'discarded') throw validationError({ publicationId: `没有编号为 ${input.publicationId} 的信息` });
  if (pub.agencyId !== p.agencyId) throw validationError({ publicationId: '只能关联本机关的信息' });
  const lifecycle = input.lifecycle as ProjectLifecycle;
  return inTransaction(db, async (trx) => {
    const before = await repo.findLink(trx, pub.id);
    // The project's own name and code are the usual values of the elements; staff can change them.
    const approval = lifecycle === 'approval_result';
    const row = await repo.upsertLink(trx, {
      publicationId: pub.id,
      projectId,
      lifecycle,
      approvalKind: approval ? input.approvalKind || 'approval' : '',
      approvalResult: approval && before?.lifecycle === 'approval_result' ? before.approvalResult : '',
      decidedOn: approval && before?.lifecycle === 'approval_result' ? before.decidedOn : null,
      documentNumber: approval && before?.lifecycle === 'approval_result' ? before.documentNumber : '',
      decidingUnit: approval && before?.lifecycle === 'approval_result' ? before.decidingUnit : '',
      projectName: approval ? before?.projectName || p.name : '',
      projectCode: approval ? before?.projectCode || p.code : '',
      updatedAt: nowOf(trx),
    });
    await audit.record(trx, actor, {
      action: 'project.link',
      entityType: 'project',
      entityId: projectId,
      agencyId: p.agencyId,
      summary: `关联信息：《${pub.title}》归入“${PROJECT_LIFECYCLE[lifecycle].label}”（${p.name}）`,
      ...(before ? { before: { projectId: before.projectId, lifecycle: before.lifecycle } } : {}),
      after: { publicationId: pub.id, lifecycle },
    });
    await announceProject(trx, p, 'project.link');
    return row;
  });
}

export async function unlinkPublication(db: Db, actor: Actor, projectId: number, publicationId: number) {
  const p = await loadProject(db, projectId);
  mayManage(actor, p.agencyId);
  const link = await repo.findLink(db, publicationId);
  if (!link || link.projectId !== projectId) throw notFound('关联');
  await inTransaction(db, async (trx) => {
    await repo.deleteLink(trx, publicationId);
    await audit.record(trx, actor, { action: 'project.unlink', entityType: 'project', entityId: projectId, agencyId: p.agencyId, summary: `取消关联信息 ${publicationId}（${p.name}）`, before: { publicationId, lifecycle: link.lifecycle } });
    await announceProject(trx, p, 'project.unlink');
  });
}

/**
 * Saves the approval-result or filing elements of a linked 批准结果 item. Each given
 * value must be well formed (a date not ahead of today, a code of the pattern);
 * completeness is checked when the item is submitted or published. They change only
 * before review, like the item's own text.
 */
export async function saveApprovalElements(db: Db, actor: Actor, publicationId: number, raw: unknown): Promise<ProjectPublicationRow> {
  const link = await repo.findLink(db, publicationId);
  if (!link) throw notFound('项目关联');
  const p = await loadProject(db, link.projectId);
  mayManage(actor, p.agencyId);
  if (link.lifecycle !== 'approval_result') throw conflict('只有“批准结果信息”需要填写批准结果要素');
  const pub = (await publicationHeads(db, [publicationId]))[0];
  if (!pub || !EDITABLE_STATES.has(pub.state)) throw new AppError('INVALID_TRANSITION', '信息已提交审核或已发布，批准结果要素不能修改；请先退回或修订该信息');
  const input = parseInput(approvalInput, raw);
  const { codePattern } = await projectSettingsOf(db, p.agencyId);
  const values: ApprovalElements = { lifecycle: link.lifecycle, ...input, projectCode: input.projectCode ? normalizeCode(input.projectCode) : '' };
  // Only the form of what was typed; what is missing is for the submission to refuse.
  const problems = Object.fromEntries(Object.entries(approvalProblems(values, codePattern, todayOf(db))).filter(([, m]) => !m.startsWith('请填写')));
  if (Object.keys(problems).length) throw validationError(problems);
  return inTransaction(db, async (trx) => {
    const row = await repo.updateLink(trx, publicationId, {
      approvalKind: values.approvalKind,
      approvalResult: values.approvalKind === 'approval' ? values.approvalResult : '',
      decidedOn: values.decidedOn,
      documentNumber: values.documentNumber,
      decidingUnit: values.decidingUnit,
      projectName: values.projectName,
      projectCode: values.projectCode,
      updatedAt: nowOf(trx),
    });
    await audit.record(trx, actor, {
      action: 'project.approval.save',
      entityType: 'publication',
      entityId: publicationId,
      agencyId: p.agencyId,
      summary: `填写${APPROVAL_KINDS[values.approvalKind as keyof typeof APPROVAL_KINDS].label}要素：《${pub.title}》`,
      ...audit.diff(
        { approvalKind: link.approvalKind, approvalResult: link.approvalResult, decidedOn: link.decidedOn, documentNumber: link.documentNumber, decidingUnit: link.decidingUnit, projectName: link.projectName, projectCode: link.projectCode },
        { approvalKind: row.approvalKind, approvalResult: row.approvalResult, decidedOn: row.decidedOn, documentNumber: row.documentNumber, decidingUnit: row.decidingUnit, projectName: row.projectName, projectCode: row.projectCode },
      ),
    });
    await announceProject(trx, p, 'project.approval.save');
    return row;
  });
}

/** Workflow steps a 批准结果 item cannot take while its elements are incomplete. */
const GATED = new Set(['publication.submit', 'publication.approve', 'publication.publish', 'publication.publish_due', 'publication.schedule']);

/**
 * The publications workflow's guard for requirement 11 (a transaction listener, as
 * the annual report's): refuses submitting, approving, scheduling or publishing a
 * linked 批准结果 item whose elements are incomplete, so the transition rolls back.
 */
export async function guardApprovalElements(trx: DbOrTrx, publicationId: number, action: string): Promise<void> {
  if (!GATED.has(action)) return;
  const link = await repo.findLink(trx, publicationId);
  if (!link || link.lifecycle !== 'approval_result') return;
  const project = await repo.findProject(trx, link.projectId);
  if (!project) return;
  const { codePattern } = await projectSettingsOf(trx, project.agencyId);
  const problems = approvalProblems(link, codePattern, todayOf(trx));
  if (!Object.keys(problems).length) return;
  const kind = isApprovalKind(link.approvalKind) ? APPROVAL_KINDS[link.approvalKind].label : '批准结果';
  throw new AppError(
    'PROJECT_APPROVAL_INCOMPLETE',
    `该信息属于重点项目“${project.name}”的批准结果信息，${kind}要素不全，不能提交或发布：${Object.values(problems).join('；')}。请在办公系统“重点项目”该项目页面补全。`,
    problems,
  );
}

// ---------------------------------------------------------------- reading

export async function projectView(db: DbOrTrx, id: number, publicUrl = '') {
  const project = await loadProject(db, id);
  const [stages, entries, links, settings, agency] = await Promise.all([
    repo.listStages(db, id),
    repo.listEntries(db, id),
    listLinks(db, id),
    projectSettingsOf(db, project.agencyId),
    agencyOf(db, project.agencyId),
  ]);
  const photos = await repo.listPhotos(
    db,
    entries.map((e) => e.id),
  );
  const withPhotos = entries.map((e) => ({
    ...e,
    photos: photos.filter((ph) => ph.progressId === e.id).map((ph) => ({ id: ph.id, name: ph.name, url: `/projects/photos/${ph.id}`, mimeType: ph.mimeType, size: ph.size })),
  }));
  const percent = entries[0]?.percent ?? null;
  const items = links.map((l) => ({
    ...l,
    title: l.publicTitle ?? l.workingTitle,
    published: l.publicStatus === 'published',
    url: l.publicStatus === 'published' ? `/${agency.slug}/zfxxgk/content/${l.publicationId}` : null,
    officeUrl: `/office/publications/${l.publicationId}`,
  }));
  return {
    project,
    agency,
    stages,
    entries: withPhotos,
    percent,
    items,
    groups: groupByLifecycle(items.filter((i) => i.published)),
    settings,
    pageUrl: `${publicUrl}/${agency.slug}/zdxm/${project.id}`,
  };
}
export type ProjectView = Awaited<ReturnType<typeof projectView>>;

/** A stage's bulletin-notice content, for the 公示栏 print. */
export async function stageNotice(db: DbOrTrx, projectId: number, stageId: number, publicUrl: string): Promise<NoticeContent> {
  const project = await loadProject(db, projectId);
  const stage = await repo.findStage(db, stageId);
  if (!stage || stage.projectId !== projectId) throw notFound('建设阶段');
  const entries = (await repo.listEntries(db, projectId)).filter((e) => e.stageId === stageId);
  const agency = await agencyOf(db, project.agencyId);
  return stageNoticeContent(project, stage, entries, { publicUrl, agencySlug: agency.slug });
}

export const listProjects = repo.listProjects;

/**
 * A project's linked items with their working copy and, when published, their public
 * revision: newest published first, then drafts, by id descending.
 */
async function listLinks(db: DbOrTrx, projectId: number) {
  const links = await repo.listLinkRows(db, projectId);
  const heads = new Map((await publicationHeads(db, links.map((l) => l.publicationId))).map((h) => [h.id, h]));
  return links
    .flatMap((l) => {
      const h = heads.get(l.publicationId);
      return h ? [{ ...l, workingTitle: h.title, state: h.state, publicStatus: h.publicStatus, agencyId: h.agencyId, publicTitle: h.publicTitle, publishedAt: h.publishedAt }] : [];
    })
    .sort((a, b) => (a.publishedAt === b.publishedAt ? b.publicationId - a.publicationId : a.publishedAt === null ? 1 : b.publishedAt === null ? -1 : a.publishedAt < b.publishedAt ? 1 : -1));
}

/** A project's agency, as the project's views name it (it always has one: the foreign key). */
async function agencyOf(db: DbOrTrx, agencyId: number): Promise<{ id: number; slug: string; name: string }> {
  const agency = await findAgency(db, agencyId);
  if (!agency) throw notFound('机关');
  return { id: agency.id, slug: agency.slug, name: agency.name };
}

/** What the public item page shows of an item's project: the link, and for 批准结果 the elements. */
export async function publicationProjectInfo(db: DbOrTrx, publicationId: number) {
  const link = await repo.findLink(db, publicationId);
  if (!link) return null;
  const project = await repo.findProject(db, link.projectId);
  if (!project) return null;
  const agency = await agencyOf(db, project.agencyId);
  return {
    project: { id: project.id, name: project.name, code: project.code, url: `/${agency.slug}/zdxm/${project.id}` },
    lifecycle: link.lifecycle,
    lifecycleLabel: isProjectLifecycle(link.lifecycle) ? PROJECT_LIFECYCLE[link.lifecycle].label : link.lifecycle,
    approval:
      link.lifecycle === 'approval_result' && isApprovalKind(link.approvalKind)
        ? {
            kind: link.approvalKind,
            approvalResult: link.approvalResult,
            decidedOn: link.decidedOn,
            documentNumber: link.documentNumber,
            decidingUnit: link.decidingUnit,
            projectName: link.projectName,
            projectCode: link.projectCode,
          }
        : null,
  };
}
export type PublicationProjectInfo = NonNullable<Awaited<ReturnType<typeof publicationProjectInfo>>>;

export async function photoForPublic(db: DbOrTrx, id: number) {
  const ph = await repo.findPhoto(db, id);
  if (!ph) throw notFound('照片');
  return ph;
}

/** Saves an agency's overrides of the project settings (empty: as the platform). */
export async function saveAgencyProjectSettings(db: Db, actor: Actor, agencyId: number, raw: unknown) {
  authorize(actor, 'agency.update', { agencyId });
  const input = parseInput(agencySettingsInput, raw);
  const before = await projectSettingsOf(db, agencyId);
  await inTransaction(db, async (trx) => {
    const at = nowOf(trx);
    const values = { codePattern: input.codePattern, staleDays: input.staleDays === '' ? null : Number(input.staleDays), planDue: input.planDue, updatedAt: at };
    await trx
      .insertInto('projectAgencySettings')
      .values({ agencyId, ...values })
      .onConflict((oc) => oc.column('agencyId').doUpdateSet(values))
      .execute();
    await audit.record(trx, actor, {
      action: 'project.settings',
      entityType: 'agency',
      entityId: agencyId,
      agencyId,
      summary: '修改本机关重点项目和年度计划设置',
      before: { codePattern: before.codePattern, staleDays: before.staleDays, planDue: before.planDue },
      after: values,
    });
    await announce(trx, { entity: 'settings', id: `projects:${agencyId}`, agencyId, action: 'project.settings', public: true });
  });
}
