/**
 * Consultations and hearings: the use cases, each authorized, validated and
 * written in one transaction with its audit event. The rules themselves are in
 * participation.ts; this file applies them to the records.
 */
import { z } from 'zod';
import { inTransaction, type Db, type DbOrTrx } from '../../db/database.js';
import { announce, nowOf, todayOf } from '../../db/runtime.js';
import { AppError, notFound, staleEdit, validationError, type FieldErrors } from '../../errors.js';
import { compareDates, formatChineseDate, isIsoDate, type IsoDate } from '../../lib/dates.js';
import { fieldErrorsOf, intField, optionalText, text } from '../../lib/validation.js';
import { agenciesWith, authorize, can } from '../access/policy.js';
import { SYSTEM_ACTOR, type Actor } from '../access/roles.js';
import { agencyLabels, findAgency } from '../agencies/agency.service.js';
import * as audit from '../audit/audit.service.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { addWorkdays } from '../calendar/workdays.js';
import { findForRecording as findPublication } from '../publications/publication.service.js';
import {
  checkPeriod,
  COMMENT_LIMITS,
  CONSULTATION_KIND_KEYS,
  CONSULTATION_KINDS,
  describePeriod,
  FEEDBACK_ALARM_WORKDAYS,
  materialDeadline,
  parseSections,
  phaseOf,
  REJECT_REASON_KEYS,
  REJECT_REASONS,
  type ConsultationKind,
  type PeriodCheck,
  type Section,
} from './participation.js';
import * as repo from './participation.repository.js';
import type { ConsultationRow, HearingRow } from './participation.table.js';

/** Who writes a public comment: nobody signed in; the audit names the channel, never the person. */
export const PUBLIC_ACTOR: Actor = { ...SYSTEM_ACTOR, username: 'public', displayName: '公众（网上意见）', platformAdmin: false };

const dateField = (label: string) =>
  z.preprocess((v) => (v === '' || v == null ? null : v), z.string().refine((v) => isIsoDate(v), `${label}应为有效日期，如 2026-12-01`).nullable());

const sectionList = z.array(z.object({ heading: text(200, { required: true }), body: text(20000, { required: true }) })).max(200, '章节不能超过 200 个');

/** The draft's sections from the API (a list) or the office form (one text box, `## ` headings). */
const sectionsField = z.preprocess((v) => (typeof v === 'string' ? parseSections(v) : v), sectionList);

const boolField = z.preprocess((v) => v === true || v === 'on' || v === '1' || v === 'true', z.boolean());

const consultationInput = z.object({
  title: text(200, { required: true }),
  kind: z.enum(CONSULTATION_KIND_KEYS, { message: '请选择征集类别' }),
  marketRelated: boolField,
  explanation: optionalText(20000),
  commentMethod: optionalText(2000),
  startDate: dateField('开始日期'),
  endDate: dateField('截止日期'),
  shortReason: optionalText(1000),
  sections: sectionsField.default([]),
});
export type ConsultationInput = z.infer<typeof consultationInput>;

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const r = schema.safeParse(raw ?? {});
  if (r.success) return r.data;
  throw validationError(fieldErrorsOf(r.error));
}

function mayManage(actor: Actor, agencyId: number) {
  authorize(actor, 'participation.manage', { agencyId });
}

async function loadConsultation(db: DbOrTrx, id: number): Promise<ConsultationRow> {
  const row = await repo.findConsultation(db, id);
  if (!row) throw notFound('意见征集');
  return row;
}

async function loadHearing(db: DbOrTrx, id: number): Promise<HearingRow> {
  const row = await repo.findHearing(db, id);
  if (!row) throw notFound('听证会');
  return row;
}

const kindOf = (row: { kind: string }) => row.kind as ConsultationKind;

// ---------------------------------------------------------------- consultations: drafting and opening

export async function createConsultation(db: Db, actor: Actor, agencyId: number, raw: unknown): Promise<ConsultationRow> {
  mayManage(actor, agencyId);
  if (!(await findAgency(db, agencyId))) throw notFound('机关');
  const input = parse(consultationInput, raw);
  return inTransaction(db, async (trx) => {
    const now = nowOf(trx);
    const row = await repo.insertConsultation(trx, {
      agencyId,
      title: input.title,
      kind: input.kind,
      marketRelated: input.marketRelated ? 1 : 0,
      explanation: input.explanation,
      commentMethod: input.commentMethod,
      startDate: input.startDate,
      endDate: input.endDate,
      shortReason: input.shortReason,
      state: 'draft',
      feedbackText: '',
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    await repo.replaceSections(trx, row.id, input.sections);
    await audit.record(trx, actor, {
      action: 'consultation.create',
      entityType: 'consultation',
      entityId: row.id,
      agencyId,
      summary: `新建意见征集：${row.title}`,
      after: { kind: row.kind, sections: input.sections.length },
    });
    return row;
  });
}

/** A draft is edited whole; once open, the text the public comments on no longer changes. */
export async function updateConsultation(db: Db, actor: Actor, id: number, raw: unknown): Promise<ConsultationRow> {
  const row = await loadConsultation(db, id);
  mayManage(actor, row.agencyId);
  if (row.state !== 'draft') throw new AppError('INVALID_TRANSITION', '意见征集已发布，草案和征集期限不能再修改');
  const body = (raw ?? {}) as Record<string, unknown>;
  const version = parse(z.object({ version: intField('版本') }), body).version;
  const input = parse(consultationInput, body);
  return inTransaction(db, async (trx) => {
    const next = await repo.updateConsultation(trx, id, version, {
      title: input.title,
      kind: input.kind,
      marketRelated: input.marketRelated ? 1 : 0,
      explanation: input.explanation,
      commentMethod: input.commentMethod,
      startDate: input.startDate,
      endDate: input.endDate,
      shortReason: input.shortReason,
      updatedAt: nowOf(trx),
    });
    if (!next) throw staleEdit();
    await repo.replaceSections(trx, id, input.sections);
    await audit.record(trx, actor, {
      action: 'consultation.update',
      entityType: 'consultation',
      entityId: id,
      agencyId: row.agencyId,
      summary: `修改意见征集：${next.title}`,
      before: { title: row.title, kind: row.kind, startDate: row.startDate, endDate: row.endDate },
      after: { title: next.title, kind: next.kind, startDate: next.startDate, endDate: next.endDate, sections: input.sections.length },
    });
    return next;
  });
}

/**
 * Everything a consultation must carry before the public sees it (Art. 15): the
 * draft in sections, its 说明, how and until when to comment, and a reason for a
 * period shorter than the minimum. Returns one message per missing field.
 */
export function openingProblems(
  row: Pick<ConsultationRow, 'title' | 'kind' | 'marketRelated' | 'explanation' | 'commentMethod' | 'startDate' | 'endDate' | 'shortReason'>,
  sections: readonly Section[],
  period: PeriodCheck | null,
  today: IsoDate,
): FieldErrors {
  const f: FieldErrors = {};
  if (!row.title.trim()) f.title = '请填写标题';
  if (!sections.length) f.sections = '请填写草案正文（至少一个章节，每节以“## 标题”开头）';
  else if (sections.some((s) => !s.heading.trim() || !s.body.trim())) f.sections = '每个章节都要有标题和正文';
  if (!row.explanation.trim()) f.explanation = '请填写起草说明';
  if (!row.commentMethod.trim()) f.commentMethod = '请填写意见反馈方式（如信函地址、电子邮箱）';
  if (!row.startDate) f.startDate = '请填写征集开始日期';
  if (!row.endDate) f.endDate = '请填写征集截止日期';
  if (row.startDate && row.endDate) {
    if (compareDates(row.endDate, row.startDate) < 0) f.endDate = '截止日期不能早于开始日期';
    else if (compareDates(row.endDate, today) < 0) f.endDate = `截止日期已过（今天是${formatChineseDate(today)}）`;
    else if (period?.short && !row.shortReason.trim()) {
      f.shortReason = `${CONSULTATION_KINDS[kindOf(row)].label}${row.marketRelated ? '（涉及市场主体）' : ''}的征集期一般不少于${describePeriod(period.minimum)}，本次仅${period.length}${period.minimum.unit === 'days' ? '日' : '个工作日'}（须至${formatChineseDate(period.earliestEnd)}）：缩短期限须说明理由，理由将向社会公开`;
    }
  }
  return f;
}

export async function periodOf(db: Db, row: Pick<ConsultationRow, 'kind' | 'marketRelated' | 'startDate' | 'endDate'>): Promise<PeriodCheck | null> {
  if (!row.startDate || !row.endDate || compareDates(row.endDate, row.startDate) < 0) return null;
  return checkPeriod(await getCalendar(db), kindOf(row), row.marketRelated === 1, row.startDate, row.endDate);
}

export async function openConsultation(db: Db, actor: Actor, id: number, raw: unknown = {}): Promise<ConsultationRow> {
  const row = await loadConsultation(db, id);
  mayManage(actor, row.agencyId);
  if (row.state !== 'draft') throw new AppError('INVALID_TRANSITION', '意见征集已发布');
  const { version } = parse(z.object({ version: intField('版本').optional() }), raw);
  const sections = await repo.listSections(db, id);
  const period = await periodOf(db, row);
  const problems = openingProblems(row, sections, period, todayOf(db));
  if (Object.keys(problems).length) throw validationError(problems, '发布前请补全以下内容');
  return inTransaction(db, async (trx) => {
    const now = nowOf(trx);
    const next = await repo.updateConsultation(trx, id, version ?? row.version, { state: 'open', openedAt: now, updatedAt: now });
    if (!next) throw staleEdit();
    await audit.record(trx, actor, {
      action: 'consultation.open',
      entityType: 'consultation',
      entityId: id,
      agencyId: row.agencyId,
      summary: `发布意见征集：${row.title}（${row.startDate}至${row.endDate}${period?.short ? '，期限缩短' : ''}）`,
      after: { startDate: row.startDate, endDate: row.endDate, short: period?.short ?? false, shortReason: period?.short ? row.shortReason : '' },
    });
    await announce(trx, { entity: 'consultation', id, agencyId: row.agencyId, action: 'consultation.open', public: true });
    return next;
  });
}

/** The office records the end; comments already stop at the end date, so only a consultation past it is closed. */
export async function closeConsultation(db: Db, actor: Actor, id: number): Promise<ConsultationRow> {
  const row = await loadConsultation(db, id);
  mayManage(actor, row.agencyId);
  const today = todayOf(db);
  if (row.state !== 'open') throw new AppError('INVALID_TRANSITION', row.state === 'draft' ? '意见征集尚未发布' : '意见征集已结束');
  if (row.endDate && compareDates(today, row.endDate) <= 0) {
    throw new AppError('INVALID_TRANSITION', `征集期至${formatChineseDate(row.endDate)}止，期满后方可结束（已公布的征集期不能缩短）`);
  }
  return inTransaction(db, async (trx) => closeIn(trx, actor, row));
}

async function closeIn(trx: DbOrTrx, actor: Actor, row: ConsultationRow): Promise<ConsultationRow> {
  const now = nowOf(trx);
  const next = await repo.updateConsultation(trx, row.id, row.version, { state: 'closed', closedAt: now, updatedAt: now });
  if (!next) throw staleEdit();
  await audit.record(trx, actor, {
    action: 'consultation.close',
    entityType: 'consultation',
    entityId: row.id,
    agencyId: row.agencyId,
    summary: `结束意见征集：${row.title}`,
    before: { state: row.state },
    after: { state: 'closed' },
  });
  await announce(trx, { entity: 'consultation', id: row.id, agencyId: row.agencyId, action: 'consultation.close', public: true });
  return next;
}

// ---------------------------------------------------------------- public comments

const commentInput = z.object({
  section: z.preprocess((v) => (v === '' || v == null || v === 'general' ? null : v), intField('章节').nullable()),
  name: optionalText(COMMENT_LIMITS.name),
  contact: optionalText(COMMENT_LIMITS.contact),
  body: text(COMMENT_LIMITS.body, { required: true, min: 5 }),
});

/**
 * A comment from the public, without an account. Accepted from the start date to
 * the end date (China dates, by the platform clock); later: CONSULTATION_CLOSED.
 * It waits for moderation before anyone else sees it.
 */
export async function submitComment(db: Db, id: number, raw: unknown): Promise<{ id: number; status: 'pending' }> {
  const row = await repo.findConsultation(db, id);
  if (!row || row.state === 'draft') throw notFound('意见征集');
  const today = todayOf(db);
  const phase = phaseOf(row, today);
  if (phase === 'upcoming') throw new AppError('CONSULTATION_CLOSED', `意见征集将于${formatChineseDate(row.startDate!)}开始，届时方可提交意见`);
  if (phase !== 'accepting') throw new AppError('CONSULTATION_CLOSED', `意见征集已于${formatChineseDate(row.endDate!)}截止，不再接受意见`);
  const input = parse(commentInput, raw);
  if (input.section !== null) {
    const sections = await repo.listSections(db, id);
    if (!sections.some((s) => s.id === input.section)) throw validationError({ section: '所选章节不属于此草案' });
  }
  return inTransaction(db, async (trx) => {
    const c = await repo.insertComment(trx, {
      consultationId: id,
      sectionId: input.section,
      authorName: input.name,
      contact: input.contact,
      body: input.body,
      status: 'pending',
      moderationNote: '',
      createdAt: nowOf(trx),
    });
    await audit.record(trx, PUBLIC_ACTOR, {
      action: 'consultation.comment',
      entityType: 'consultation',
      entityId: id,
      agencyId: row.agencyId,
      summary: `收到意见（编号 ${c.id}）：${row.title}`,
      after: { commentId: c.id, sectionId: input.section, length: [...input.body].length },
    });
    return { id: c.id, status: 'pending' as const };
  });
}

const moderationInput = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), note: optionalText(500) }),
  z.object({ decision: z.literal('reject'), reason: z.enum(REJECT_REASON_KEYS, { message: '请选择不予公开的理由' }), note: optionalText(500) }),
]);

export async function moderateComment(db: Db, actor: Actor, consultationId: number, commentId: number, raw: unknown) {
  const row = await loadConsultation(db, consultationId);
  mayManage(actor, row.agencyId);
  const comment = await repo.findComment(db, commentId);
  if (!comment || comment.consultationId !== consultationId) throw notFound('意见');
  const body = (raw ?? {}) as Record<string, unknown>;
  if (body.decision !== 'approve' && body.decision !== 'reject') throw validationError({ decision: '请选择“公开”或“不予公开”' });
  const input = parse(moderationInput, body);
  return inTransaction(db, async (trx) => {
    const next = await repo.moderateComment(trx, commentId, {
      status: input.decision === 'approve' ? 'approved' : 'rejected',
      rejectReason: input.decision === 'reject' ? input.reason : null,
      moderationNote: input.note,
      moderatedBy: actor.userId,
      moderatedAt: nowOf(trx),
    });
    if (!next) throw new AppError('INVALID_TRANSITION', '该意见已审核过');
    await audit.record(trx, actor, {
      action: input.decision === 'approve' ? 'consultation.comment_approve' : 'consultation.comment_reject',
      entityType: 'consultation',
      entityId: consultationId,
      agencyId: row.agencyId,
      summary: `${input.decision === 'approve' ? '公开' : '不予公开'}意见（编号 ${commentId}）${input.decision === 'reject' ? `：${REJECT_REASONS[input.reason].label}` : ''}${input.note ? `（${input.note}）` : ''}`,
      before: { status: 'pending' },
      after: { status: next.status, reason: next.rejectReason, note: input.note },
    });
    if (input.decision === 'approve') await announce(trx, { entity: 'consultation', id: consultationId, agencyId: row.agencyId, action: 'consultation.comment_approve', public: true });
    return next;
  });
}

// ---------------------------------------------------------------- adoption feedback (采纳情况)

const count = (label: string) => intField(label).pipe(z.number().min(0, `${label}不能为负数`).max(1_000_000, `${label}过大`));
const feedbackInput = z.object({
  received: count('收到意见数'),
  adopted: count('采纳数'),
  partly: count('部分采纳数'),
  notAdopted: count('未采纳数'),
  text: text(20000, { required: true }),
});

/**
 * Publishes (or corrects) the 采纳情况 once comments have closed: how many comments
 * came in and how many were adopted, partly adopted or not, with the reasons. The
 * counts must add up; comments received off the platform (letters) may make the
 * total larger than the platform's own count.
 */
export async function publishFeedback(db: Db, actor: Actor, id: number, raw: unknown): Promise<ConsultationRow> {
  const row = await loadConsultation(db, id);
  mayManage(actor, row.agencyId);
  if (phaseOf(row, todayOf(db)) !== 'ended') {
    throw new AppError('INVALID_TRANSITION', row.state === 'draft' ? '意见征集尚未发布' : `征集期至${formatChineseDate(row.endDate!)}止，截止后方可公布采纳情况`);
  }
  const input = parse(feedbackInput, raw);
  const onPlatform = (await repo.listComments(db, id)).filter((c) => c.status !== 'rejected' || c.rejectReason !== 'advertising').length;
  const f: FieldErrors = {};
  if (input.adopted + input.partly + input.notAdopted !== input.received) f.received = `采纳、部分采纳、未采纳之和（${input.adopted + input.partly + input.notAdopted}）应等于收到意见数`;
  if (input.received < onPlatform) f.received = `平台已收到 ${onPlatform} 条意见（不含垃圾信息），收到意见数不能少于此数`;
  if (Object.keys(f).length) throw validationError(f);
  return inTransaction(db, async (trx) => {
    let current = row;
    if (current.state === 'open') current = await closeIn(trx, actor, current);
    const now = nowOf(trx);
    const next = await repo.updateConsultation(trx, id, current.version, {
      feedbackReceived: input.received,
      feedbackAdopted: input.adopted,
      feedbackPartly: input.partly,
      feedbackNotAdopted: input.notAdopted,
      feedbackText: input.text,
      feedbackPublishedAt: current.feedbackPublishedAt ?? now,
      updatedAt: now,
    });
    if (!next) throw staleEdit();
    await audit.record(trx, actor, {
      action: row.feedbackPublishedAt ? 'consultation.feedback_update' : 'consultation.feedback',
      entityType: 'consultation',
      entityId: id,
      agencyId: row.agencyId,
      summary: `${row.feedbackPublishedAt ? '更正' : '公布'}意见采纳情况：收到${input.received}条，采纳${input.adopted}条，部分采纳${input.partly}条，未采纳${input.notAdopted}条`,
      before: row.feedbackPublishedAt ? { received: row.feedbackReceived, adopted: row.feedbackAdopted, partly: row.feedbackPartly, notAdopted: row.feedbackNotAdopted } : undefined,
      after: { received: input.received, adopted: input.adopted, partly: input.partly, notAdopted: input.notAdopted },
    });
    await announce(trx, { entity: 'consultation', id, agencyId: row.agencyId, action: 'consultation.feedback', public: true });
    // The linked document's public page shows the feedback too.
    if (next.publicationId) await announce(trx, { entity: 'publication', id: next.publicationId, agencyId: row.agencyId, action: 'consultation.feedback', public: true });
    return next;
  });
}

/**
 * Links the consultation to the decision or document it led to (or unlinks it
 * with null). That document cannot be published before the feedback exists, so a
 * document already public may be linked only to a consultation with feedback.
 */
export async function linkPublication(db: Db, actor: Actor, id: number, raw: unknown): Promise<ConsultationRow> {
  const row = await loadConsultation(db, id);
  mayManage(actor, row.agencyId);
  const { publicationId } = parse(z.object({ publicationId: z.preprocess((v) => (v === '' || v == null ? null : v), intField('信息编号').nullable()) }), raw);
  if (publicationId !== null) {
    const pub = await findPublication(db, publicationId);
    if (!pub || pub.agencyId !== row.agencyId) throw validationError({ publicationId: '本机关没有这个编号的信息' });
    if (pub.publicStatus === 'published' && !row.feedbackPublishedAt) {
      throw new AppError('FEEDBACK_REQUIRED', '该信息已经发布，而本次意见征集尚未公布采纳情况：请先公布采纳情况再关联', { publicationId: '请先公布采纳情况' });
    }
  }
  return inTransaction(db, async (trx) => {
    const next = await repo.updateConsultation(trx, id, row.version, { publicationId, updatedAt: nowOf(trx) });
    if (!next) throw staleEdit();
    await audit.record(trx, actor, {
      action: 'consultation.link',
      entityType: 'consultation',
      entityId: id,
      agencyId: row.agencyId,
      summary: publicationId ? `关联信息（编号 ${publicationId}）：${row.title}` : `取消关联信息：${row.title}`,
      before: { publicationId: row.publicationId },
      after: { publicationId },
    });
    for (const p of new Set([row.publicationId, publicationId])) if (p) await announce(trx, { entity: 'publication', id: p, agencyId: row.agencyId, action: 'consultation.link', public: true });
    return next;
  });
}

/**
 * Called in the transaction of every publication transition: a document linked to
 * a consultation is published (now or on schedule) only once the consultation's
 * 采纳情况 is public (Art. 32, spec §5 requirement 14).
 */
export async function guardFeedbackBeforePublishing(trx: DbOrTrx, publicationId: number, action: string): Promise<void> {
  if (!['publication.publish', 'publication.publish_due', 'publication.schedule'].includes(action)) return;
  const linked = await repo.consultationsOfPublication(trx, publicationId);
  const missing = linked.filter((c) => !c.feedbackPublishedAt);
  if (missing.length) {
    throw new AppError('FEEDBACK_REQUIRED', `此信息关联的意见征集“${missing[0]!.title}”尚未公布意见采纳情况，须先公布采纳情况才能发布`, undefined, {
      consultations: missing.map((c) => c.id),
    });
  }
}

// ---------------------------------------------------------------- hearings

const hearingInput = z.object({
  title: text(200, { required: true }),
  consultationId: z.preprocess((v) => (v === '' || v == null ? null : v), intField('意见征集编号').nullable()),
  draft: optionalText(50000),
  hearingDate: dateField('听证日期'),
  hearingTime: z.preprocess((v) => (v == null ? '' : v), text(5).refine((v) => v === '' || /^([01]\d|2[0-3]):[0-5]\d$/.test(v), '时间格式应为 09:30')),
  place: optionalText(300),
  selectionMethod: optionalText(5000),
  participants: optionalText(10000),
});

async function checkConsultationLink(db: DbOrTrx, agencyId: number, consultationId: number | null) {
  if (consultationId === null) return;
  const c = await repo.findConsultation(db, consultationId);
  if (!c || c.agencyId !== agencyId) throw validationError({ consultationId: '本机关没有这个编号的意见征集' });
}

export async function createHearing(db: Db, actor: Actor, agencyId: number, raw: unknown): Promise<HearingRow> {
  mayManage(actor, agencyId);
  if (!(await findAgency(db, agencyId))) throw notFound('机关');
  const input = parse(hearingInput, raw);
  await checkConsultationLink(db, agencyId, input.consultationId);
  return inTransaction(db, async (trx) => {
    const now = nowOf(trx);
    const row = await repo.insertHearing(trx, { agencyId, ...input, state: 'draft', createdBy: actor.userId, createdAt: now, updatedAt: now, version: 1 });
    await audit.record(trx, actor, { action: 'hearing.create', entityType: 'hearing', entityId: row.id, agencyId, summary: `新建听证会：${row.title}`, after: { hearingDate: row.hearingDate } });
    return row;
  });
}

export async function updateHearing(db: Db, actor: Actor, id: number, raw: unknown): Promise<HearingRow> {
  const row = await loadHearing(db, id);
  mayManage(actor, row.agencyId);
  if (row.state !== 'draft') throw new AppError('INVALID_TRANSITION', '听证公告已发布，不能再修改');
  const body = (raw ?? {}) as Record<string, unknown>;
  const { version } = parse(z.object({ version: intField('版本') }), body);
  const input = parse(hearingInput, body);
  await checkConsultationLink(db, row.agencyId, input.consultationId);
  return inTransaction(db, async (trx) => {
    const next = await repo.updateHearing(trx, id, version, { ...input, updatedAt: nowOf(trx) });
    if (!next) throw staleEdit();
    await audit.record(trx, actor, {
      action: 'hearing.update', entityType: 'hearing', entityId: id, agencyId: row.agencyId, summary: `修改听证会：${next.title}`,
      before: { hearingDate: row.hearingDate, place: row.place }, after: { hearingDate: next.hearingDate, place: next.place },
    });
    return next;
  });
}

/** Arts. 16–17: the draft, time, place, 遴选办法 and participants are published before the hearing day. */
export function hearingProblems(row: HearingRow, today: IsoDate): FieldErrors {
  const f: FieldErrors = {};
  if (!row.draft.trim()) f.draft = '请填写听证事项草案及说明';
  if (!row.hearingDate) f.hearingDate = '请填写听证日期';
  else if (compareDates(row.hearingDate, today) <= 0) f.hearingDate = `听证公告须在听证日（${formatChineseDate(row.hearingDate)}）之前发布`;
  if (!row.hearingTime) f.hearingTime = '请填写听证时间';
  if (!row.place.trim()) f.place = '请填写听证地点';
  if (!row.selectionMethod.trim()) f.selectionMethod = '请填写听证参加人遴选办法';
  if (!row.participants.trim()) f.participants = '请填写听证参加人名单';
  return f;
}

export async function publishHearing(db: Db, actor: Actor, id: number): Promise<HearingRow> {
  const row = await loadHearing(db, id);
  mayManage(actor, row.agencyId);
  if (row.state !== 'draft') throw new AppError('INVALID_TRANSITION', '听证公告已发布');
  const problems = hearingProblems(row, todayOf(db));
  if (Object.keys(problems).length) throw validationError(problems, '发布前请补全以下内容');
  return inTransaction(db, async (trx) => {
    const now = nowOf(trx);
    const next = await repo.updateHearing(trx, id, row.version, { state: 'published', publishedAt: now, updatedAt: now });
    if (!next) throw staleEdit();
    await audit.record(trx, actor, {
      action: 'hearing.publish', entityType: 'hearing', entityId: id, agencyId: row.agencyId,
      summary: `发布听证公告：${row.title}（${row.hearingDate} ${row.hearingTime}，${row.place}）`, after: { state: 'published' },
    });
    await announce(trx, { entity: 'hearing', id, agencyId: row.agencyId, action: 'hearing.publish', public: true });
    return next;
  });
}

const materialInput = z.object({ title: text(200, { required: true }), description: optionalText(5000) });

/**
 * Records materials sent to the participants, stamped by the platform clock.
 * They must reach participants at least 7 days before the hearing (Art. 17): a
 * later recording is refused, not back-dated.
 */
export async function addMaterial(db: Db, actor: Actor, hearingId: number, raw: unknown) {
  const row = await loadHearing(db, hearingId);
  mayManage(actor, row.agencyId);
  if (!row.hearingDate) throw validationError({ hearingDate: '请先确定听证日期' });
  const input = parse(materialInput, raw);
  const today = todayOf(db);
  const last = materialDeadline(row.hearingDate);
  if (compareDates(today, last) > 0) {
    throw new AppError(
      'HEARING_MATERIAL_LATE',
      `听证会定于${formatChineseDate(row.hearingDate)}举行，材料须在${formatChineseDate(last)}（含）之前送达听证参加人；今天（${formatChineseDate(today)}）已不足七日`,
    );
  }
  return inTransaction(db, async (trx) => {
    const m = await repo.insertMaterial(trx, { hearingId, title: input.title, description: input.description, sentAt: nowOf(trx), sentOn: today, createdBy: actor.userId });
    await audit.record(trx, actor, {
      action: 'hearing.material', entityType: 'hearing', entityId: hearingId, agencyId: row.agencyId,
      summary: `送达听证材料：${input.title}（${today}）`, after: { materialId: m.id, sentOn: today },
    });
    if (row.state === 'published') await announce(trx, { entity: 'hearing', id: hearingId, agencyId: row.agencyId, action: 'hearing.material', public: true });
    return m;
  });
}

// ---------------------------------------------------------------- reading

export interface ConsultationView {
  row: ConsultationRow;
  agency: { id: number; name: string; slug: string };
  phase: ReturnType<typeof phaseOf>;
  period: PeriodCheck | null;
  sections: { id: number; position: number; heading: string; body: string }[];
  counts: { pending: number; approved: number; rejected: number };
  publication: { id: number; title: string; published: boolean } | null;
  hearings: { id: number; title: string; hearingDate: string | null }[];
}

async function viewOf(db: Db, row: ConsultationRow): Promise<ConsultationView> {
  const [labels, sections, counts, period, pub, hearings] = await Promise.all([
    agencyLabels(db, [row.agencyId]),
    repo.listSections(db, row.id),
    repo.commentCounts(db, [row.id]),
    periodOf(db, row),
    row.publicationId ? findPublication(db, row.publicationId) : Promise.resolve(undefined),
    db.selectFrom('hearings').select(['id', 'title', 'hearingDate']).where('consultationId', '=', row.id).where('state', '=', 'published').execute(),
  ]);
  const a = labels.get(row.agencyId)!;
  const c = { pending: 0, approved: 0, rejected: 0 };
  for (const x of counts) if (x.status in c) c[x.status as keyof typeof c] = Number(x.n);
  return {
    row,
    agency: { id: a.id, name: a.name, slug: a.slug },
    phase: phaseOf(row, todayOf(db)),
    period,
    sections: sections.map((s) => ({ id: s.id, position: s.position, heading: s.heading, body: s.body })),
    counts: c,
    publication: pub ? { id: pub.id, title: pub.title, published: pub.publicStatus === 'published' } : null,
    hearings,
  };
}

export async function getConsultationForOffice(db: Db, actor: Actor, id: number) {
  const row = await loadConsultation(db, id);
  if (!can(actor, 'office.access', { agencyId: row.agencyId })) throw notFound('意见征集');
  const view = await viewOf(db, row);
  const comments = await repo.listComments(db, id);
  return { ...view, comments, mayManage: can(actor, 'participation.manage', { agencyId: row.agencyId }) };
}

/** A consultation as the public sees it (never a draft), with the approved comments only. */
export async function getPublicConsultation(db: Db, id: number, agencyId?: number) {
  const row = await repo.findConsultation(db, id);
  if (!row || row.state === 'draft' || (agencyId !== undefined && row.agencyId !== agencyId)) throw notFound('意见征集');
  const view = await viewOf(db, row);
  const comments = (await repo.listComments(db, id, 'approved')).map((c) => ({
    id: c.id,
    sectionId: c.sectionId,
    name: c.authorName || '网友',
    body: c.body,
    createdAt: c.createdAt,
  }));
  return { ...view, comments };
}
export type PublicConsultation = Awaited<ReturnType<typeof getPublicConsultation>>;

const PHASE_ORDER = { accepting: 0, upcoming: 1, ended: 2, draft: 3 } as const;

/** Open first (taking comments, then upcoming), then closed ones, newest end date first. */
export async function listPublicConsultations(db: Db, agencyId: number | null) {
  const rows = await repo.listConsultations(db, { agencyIds: agencyId === null ? null : [agencyId], publicOnly: true });
  const today = todayOf(db);
  const labels = await agencyLabels(db, [...new Set(rows.map((r) => r.agencyId))]);
  return rows
    .map((row) => ({ row, phase: phaseOf(row, today), agency: labels.get(row.agencyId)! }))
    .sort((a, b) => PHASE_ORDER[a.phase] - PHASE_ORDER[b.phase] || (b.row.endDate ?? '').localeCompare(a.row.endDate ?? '') || b.row.id - a.row.id);
}

export async function listOfficeConsultations(db: Db, actor: Actor) {
  const agencyIds = agenciesWith(actor, 'office.access');
  const rows = await repo.listConsultations(db, { agencyIds, publicOnly: false });
  const today = todayOf(db);
  const counts = await repo.commentCounts(db, rows.map((r) => r.id));
  const pending = new Map<number, number>();
  for (const c of counts) if (c.status === 'pending') pending.set(c.consultationId, Number(c.n));
  return rows.map((row) => ({ row, phase: phaseOf(row, today), pending: pending.get(row.id) ?? 0 }));
}

export async function listOfficeHearings(db: Db, actor: Actor) {
  return repo.listHearings(db, { agencyIds: agenciesWith(actor, 'office.access'), publicOnly: false });
}

export async function listPublicHearings(db: Db, agencyId: number | null) {
  return repo.listHearings(db, { agencyIds: agencyId === null ? null : [agencyId], publicOnly: true });
}

export async function getHearingForOffice(db: Db, actor: Actor, id: number) {
  const row = await loadHearing(db, id);
  if (!can(actor, 'office.access', { agencyId: row.agencyId })) throw notFound('听证会');
  return { row, materials: await repo.listMaterials(db, id), mayManage: can(actor, 'participation.manage', { agencyId: row.agencyId }), materialDeadline: row.hearingDate ? materialDeadline(row.hearingDate) : null };
}

export async function getPublicHearing(db: Db, id: number, agencyId?: number) {
  const row = await repo.findHearing(db, id);
  if (!row || row.state !== 'published' || (agencyId !== undefined && row.agencyId !== agencyId)) throw notFound('听证会');
  const [labels, materials, consultation] = await Promise.all([
    agencyLabels(db, [row.agencyId]),
    repo.listMaterials(db, id),
    row.consultationId ? repo.findConsultation(db, row.consultationId) : Promise.resolve(undefined),
  ]);
  const a = labels.get(row.agencyId)!;
  return {
    row,
    agency: { id: a.id, name: a.name, slug: a.slug },
    materials,
    participants: row.participants.split(/\r?\n/).map((s) => s.trim()).filter(Boolean),
    consultation: consultation && consultation.state !== 'draft' ? { id: consultation.id, title: consultation.title } : null,
  };
}
export type PublicHearing = Awaited<ReturnType<typeof getPublicHearing>>;

/** The published feedback of the consultations that led to a document, for its public page. */
export async function feedbackForPublication(db: DbOrTrx, publicationId: number) {
  const rows = await repo.consultationsOfPublication(db, publicationId);
  if (!rows.length) return [];
  const labels = await agencyLabels(db, [...new Set(rows.map((r) => r.agencyId))]);
  return rows.filter((r) => r.feedbackPublishedAt).map((r) => ({ row: r, agencySlug: labels.get(r.agencyId)?.slug ?? '' }));
}

// ---------------------------------------------------------------- alarms

export interface FeedbackAlarm {
  id: number;
  agencyId: number;
  title: string;
  endDate: IsoDate;
  dueDate: IsoDate;
  overdue: boolean;
}

/** When the 采纳情况 is expected: FEEDBACK_ALARM_WORKDAYS working days after comments closed. */
export function feedbackDue(cal: Awaited<ReturnType<typeof getCalendar>>, endDate: IsoDate) {
  const r = addWorkdays(cal, endDate, FEEDBACK_ALARM_WORKDAYS, { details: false });
  return { deadline: r.date, provisional: r.provisional };
}

export async function feedbackAlarms(db: Db, actor: Actor): Promise<FeedbackAlarm[]> {
  const today = todayOf(db);
  const rows = await repo.awaitingFeedback(db, today, agenciesWith(actor, 'participation.manage'));
  if (!rows.length) return [];
  const cal = await getCalendar(db);
  return rows.map((r) => {
    const end = (r.endDate ?? today) as IsoDate;
    const due = feedbackDue(cal, end).deadline;
    return { id: r.id, agencyId: r.agencyId, title: r.title, endDate: end, dueDate: due, overdue: compareDates(today, due) > 0 };
  });
}
