/**
 * Handling an application, step by step along the request workflow: acceptance,
 * assignment, 补正, consultations, extensions, fees, and the reply with its letter.
 * Each step is checked against the workflow and the clock before anything is
 * written, runs in one transaction with its events, letter and audit record, and
 * recomputes the stored deadline.
 */
import { z } from 'zod';
import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { announce, nowOf, todayOf } from '../../db/runtime.js';
import { AppError, staleEdit, validationError } from '../../errors.js';
import { compareDates, formatChineseDate, isIsoDate, type IsoDate } from '../../lib/dates.js';
import { intField, optionalText, parseInput } from '../../lib/validation.js';
import { checkTransition } from '../../lib/workflow.js';
import type { Actor } from '../access/roles.js';
import { agencyStaff } from '../accounts/account.service.js';
import { findAgency, findDepartment } from '../agencies/agency.service.js';
import * as audit from '../audit/audit.service.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { addWorkdays } from '../calendar/workdays.js';
import { getSettings } from '../settings/settings.js';
import { feeBreakdown, FEE_METHODS, type FeeMethod } from './request.fees.js';
import { isRequestOutcome, REQUEST_OUTCOMES, type RequestOutcome } from './request.js';
import { clockOf, detailsOf, loadRequest, mayRead, pendingExtensionOf, subjectOf, viewOf, type RequestView } from './request.read.js';
import { storeDeadline } from './request.deadlines.js';
import { issueLetter } from './request.replies.js';
import * as repo from './request.repository.js';
import type { RequestEventRow, RequestRow } from './request.table.js';
import { REQUEST_WORKFLOW, type RequestAction, type RequestState } from './request.workflow.js';

const dateField = z.preprocess((v) => (v === '' || v == null ? undefined : v), z.string().refine(isIsoDate, '日期格式应为 YYYY-MM-DD').optional());

const stepInput = z.object({
  action: z.string({ message: '请选择操作' }),
  version: z.preprocess((v) => (v === '' || v == null ? undefined : v), intField('版本').optional()),
  /** The day the step happened (a letter posted, a correction received); today when left out. */
  date: dateField,
  comment: optionalText(2000),
  departmentId: z.preprocess((v) => (v === '' || v == null ? undefined : v), intField('股室').optional()),
  handlerId: z.preprocess((v) => (v === '' || v == null ? undefined : v), intField('承办人').optional()),
  correctionDue: dateField,
  party: z.preprocess((v) => (v === '' || v == null ? undefined : v), z.enum(['third_party', 'agency'], { message: '请选择征求意见的对象' }).optional()),
  consultee: optionalText(100),
  deliveredDate: dateField,
  consultation: z.preprocess((v) => (v === '' || v == null ? undefined : v), intField('征求意见').optional()),
  consultationStep: z.preprocess((v) => (v === '' || v == null ? undefined : v), z.enum(['delivered', 'answered']).optional()),
  days: z.preprocess((v) => (v === '' || v == null ? undefined : v), intField('延长天数').optional()),
  feeMethod: z.preprocess((v) => (v === '' || v == null ? undefined : v), z.enum(Object.keys(FEE_METHODS) as [FeeMethod, ...FeeMethod[]]).optional()),
  pages: z.preprocess((v) => (v === '' || v == null ? undefined : v), intField('页数').optional()),
  receivedDate: dateField,
  outcome: z.preprocess((v) => (v === '' || v == null ? undefined : v), z.string().optional()),
});
export type StepInput = z.infer<typeof stepInput>;

/** What a step needs, prepared before its transaction. */
interface Step {
  input: StepInput;
  row: RequestRow;
  events: RequestEventRow[];
  date: IsoDate;
  today: IsoDate;
}

function need<T>(v: T | undefined | null, field: string, message: string): T {
  if (v === undefined || v === null || v === '') throw validationError({ [field]: message });
  return v;
}

/**
 * Applies one step (`action` and its fields) to an application, as this person.
 * Refusals (not allowed now, a second 补正, an extension past 20 working days or
 * after the deadline, a fee notice after the deadline) come before anything is
 * written.
 */
export async function act(db: Db, actor: Actor, id: number, raw: unknown, opts: { dataDir?: string } = {}): Promise<RequestView> {
  const input = parseInput(stepInput, raw);
  const row = await loadRequest(db, id);
  if (!mayRead(actor, row)) throw new AppError('NOT_FOUND', '申请不存在');
  const t = checkTransition(REQUEST_WORKFLOW, actor, subjectOf(row), input.action, {});
  if (t.comment === 'required' && !input.comment) throw validationError({ comment: '请填写说明' });
  if (input.version !== undefined && input.version !== row.version) throw staleEdit();
  const today = todayOf(db);
  const date = (input.date ?? today) as IsoDate;
  if (compareDates(date, today) > 0) throw validationError({ date: '日期不能晚于今天' });
  if (row.receivedDate && compareDates(date, row.receivedDate as IsoDate) < 0) throw validationError({ date: `日期不能早于收到申请之日（${row.receivedDate}）` });
  const events = await repo.listEvents(db, id);
  const step: Step = { input, row, events, date, today };
  const clock = await clockOf(db, row, events, today);
  await precheck(db, actor, t.action as RequestAction, step, clock.deadline, clock.derived.feePaymentDue);
  const updated = await inTransaction(db, async (trx) => {
    const next = await apply(trx, actor, t.action as RequestAction, t.to, step, opts);
    const stored = await storeDeadline(trx, next);
    await audit.record(trx, actor, {
      action: `request.${t.action}`,
      entityType: 'request',
      entityId: id,
      agencyId: row.agencyId,
      summary: `${t.label}（申请编号 ${id}）${input.comment ? `：${input.comment.slice(0, 200)}` : ''}`,
      before: { state: row.state },
      after: { state: stored.state, date, ...(stored.outcome && stored.outcome !== row.outcome ? { outcome: stored.outcome } : {}) },
    });
    await announce(trx, { entity: 'request', id, agencyId: row.agencyId, action: `request.${t.action}`, public: false });
    return stored;
  });
  return viewOf(db, actor, updated);
}

/** Checks that need the clock or other rows, before the transaction. */
async function precheck(db: Db, actor: Actor, action: RequestAction, s: Step, deadline: IsoDate | null, feeDue: IsoDate | null) {
  const { input, row, events, date } = s;
  switch (action) {
    case 'accept':
    case 'assign':
      if (input.departmentId !== undefined) {
        const d = await findDepartment(db, input.departmentId);
        if (!d || d.agencyId !== row.agencyId) throw validationError({ departmentId: '所选股室不属于本机关' });
      }
      if (input.handlerId !== undefined) {
        const roles = (await agencyStaff(db, row.agencyId)).filter((p) => p.userId === input.handlerId);
        if (!roles.length) throw validationError({ handlerId: '承办人应为本机关工作人员' });
        if (roles.every((p) => p.role === 'leader')) throw validationError({ handlerId: '分管领导负责审批，请选择办公室或股室的工作人员承办' });
        // A department editor reads only their department's applications: the application goes to that department.
        const editor = roles.find((p) => p.role === 'department_editor');
        const other = roles.some((p) => p.role === 'office_reviewer' || p.role === 'agency_admin');
        const department = input.departmentId ?? row.departmentId;
        if (editor && !other && department !== null && department !== editor.departmentId) {
          throw validationError({ handlerId: '所选承办人不属于所选股室' });
        }
      }
      if (action === 'assign' && input.departmentId === undefined && input.handlerId === undefined) throw validationError({ departmentId: '请选择承办股室或承办人' });
      break;
    case 'request_correction':
      if (events.some((e) => e.type === 'correction_requested')) throw new AppError('INVALID_TRANSITION', '补正应一次性告知：本申请已经告知过补正（第三十条）');
      need(input.correctionDue, 'correctionDue', '请填写补正期限');
      if (compareDates(input.correctionDue as IsoDate, date) <= 0) throw validationError({ correctionDue: '补正期限应晚于告知之日' });
      break;
    case 'close_uncorrected': {
      const due = [...events].reverse().find((e) => e.type === 'correction_requested');
      const until = due ? String(detailsOf(due).dueDate ?? '') : '';
      if (until && compareDates(s.today, until as IsoDate) <= 0) throw new AppError('INVALID_TRANSITION', `补正期限（${until}）尚未届满`);
      break;
    }
    case 'consult':
      need(input.party, 'party', '请选择征求意见的对象');
      need(input.consultee, 'consultee', '请填写第三方或机关的名称');
      if (input.deliveredDate && compareDates(input.deliveredDate as IsoDate, date) < 0) throw validationError({ deliveredDate: '送达日期不能早于发函日期' });
      break;
    case 'record_consultation': {
      const c = events.find((e) => e.id === input.consultation && e.type === 'consultation_sent');
      if (!c) throw validationError({ consultation: '请选择征求意见函' });
      need(input.consultationStep, 'consultationStep', '请选择记录送达还是答复');
      if (compareDates(date, c.date as IsoDate) < 0) throw validationError({ date: '日期不能早于发函日期' });
      break;
    }
    case 'request_extension': {
      const days = need(input.days, 'days', '请填写延长的工作日数');
      if (days < 1 || days > 20) throw validationError({ days: '延长不超过20个工作日（第三十三条第二款）' });
      const used = events.filter((e) => e.type === 'extension').reduce((n, e) => n + Number(detailsOf(e).days), 0);
      if (used + days > 20) throw validationError({ days: `已延长${used}个工作日，累计不能超过20个工作日（第三十三条第二款）` });
      if (pendingExtensionOf(events)) throw new AppError('INVALID_TRANSITION', '已有待批准的延期申请');
      if (deadline && compareDates(date, deadline) > 0) throw new AppError('INVALID_TRANSITION', `答复期限已于${deadline}届满，不能再延长：延长应在期限届满前决定`);
      break;
    }
    case 'approve_extension':
    case 'refuse_extension': {
      const pending = pendingExtensionOf(events);
      if (!pending) throw new AppError('INVALID_TRANSITION', '没有待批准的延期申请');
      if (action === 'approve_extension' && deadline && compareDates(date, deadline) > 0) {
        throw new AppError('INVALID_TRANSITION', `答复期限已于${deadline}届满，不能再延长：延长应在期限届满前决定（第三十三条第二款）`);
      }
      break;
    }
    case 'fee_notice': {
      const method = need(input.feeMethod, 'feeMethod', '请选择计收方式');
      if (method === 'by_pages') need(input.pages, 'pages', '请填写页数');
      if (deadline && compareDates(date, deadline) > 0) throw new AppError('INVALID_TRANSITION', `收费通知应在答复期限（${deadline}）内发出`);
      if (events.some((e) => e.type === 'fee_notice')) throw new AppError('INVALID_TRANSITION', '本申请已发出过收费通知');
      if (input.receivedDate && compareDates(input.receivedDate as IsoDate, date) < 0) throw validationError({ receivedDate: '收到通知之日不能早于发出之日' });
      break;
    }
    case 'fee_paid':
      if (feeDue && compareDates(date, feeDue) > 0) throw new AppError('INVALID_TRANSITION', `已超过缴费期限（${feeDue}），请按“逾期未缴费”处理`);
      break;
    case 'close_unpaid':
      if (!feeDue) throw new AppError('INVALID_TRANSITION', '尚未记录申请人收到收费通知的日期');
      if (compareDates(s.today, feeDue) <= 0) throw new AppError('INVALID_TRANSITION', `缴费期限（${feeDue}）尚未届满`);
      break;
    case 'reply': {
      const outcome = need(input.outcome, 'outcome', '请选择答复决定');
      if (!isRequestOutcome(outcome)) throw validationError({ outcome: '没有这种答复决定' });
      if (outcome === 'other_no_correction' || outcome === 'other_fee_unpaid') throw validationError({ outcome: '请用“逾期不补正”或“逾期未缴费”办理' });
      const group = REQUEST_OUTCOMES[outcome].group;
      if ((group === 'partial' || group === 'withhold' || outcome === 'other') && !input.comment) {
        throw validationError({ comment: group === 'partial' ? '部分公开的，请写明不予公开的部分及理由' : '请写明理由' });
      }
      if ((outcome === 'disclose' || outcome === 'partial') && row.infoForm === 'electronic' && (await repo.listFiles(db, row.id)).length === 0 && !input.comment) {
        throw validationError({ comment: '予以公开或部分公开且申请电子数据的，请先上传所提供的信息，或说明获取方式' });
      }
      break;
    }
    default:
      break;
  }
}

async function event(trx: DbOrTrx, actor: Actor, row: RequestRow, type: string, date: IsoDate, details: Record<string, unknown> = {}) {
  return repo.insertEvent(trx, {
    requestId: row.id,
    type,
    date,
    details: JSON.stringify(details),
    actorId: actor.userId,
    actorName: actor.displayName,
    createdAt: nowOf(trx),
  });
}

async function update(trx: DbOrTrx, row: RequestRow, patch: Partial<RequestRow>): Promise<RequestRow> {
  const next = await repo.updateRequest(trx, row.id, row.version, { ...patch, updatedAt: nowOf(trx) });
  if (!next) throw staleEdit();
  return next;
}

async function apply(trx: DbOrTrx, actor: Actor, action: RequestAction, to: RequestState, s: Step, opts: { dataDir?: string }): Promise<RequestRow> {
  const { input, date } = s;
  let row = s.row;
  const roles = input.handlerId !== undefined ? (await agencyStaff(trx, row.agencyId)).filter((p) => p.userId === input.handlerId) : [];
  const staff = roles[0];
  const editorDepartment = roles.some((p) => p.role === 'office_reviewer' || p.role === 'agency_admin') ? undefined : roles.find((p) => p.role === 'department_editor')?.departmentId;
  const departmentId = input.departmentId ?? editorDepartment ?? undefined;
  const assignment = {
    ...(departmentId !== undefined && departmentId !== null ? { departmentId } : {}),
    ...(staff ? { handlerId: staff.userId, handlerName: staff.displayName } : {}),
  };
  switch (action) {
    case 'accept':
      row = await update(trx, row, { state: to, ...assignment });
      await event(trx, actor, row, 'accepted', date, assignment);
      return row;
    case 'assign':
      row = await update(trx, row, { state: to, ...assignment });
      await event(trx, actor, row, 'assigned', date, { ...assignment, handlerName: staff?.displayName ?? null });
      return row;
    case 'request_correction':
      row = await update(trx, row, { state: to });
      await event(trx, actor, row, 'correction_requested', date, { dueDate: input.correctionDue, items: input.comment });
      await issueLetter(trx, actor, row, 'correction', date, { 补正事项: input.comment, 补正期限: formatChineseDate(input.correctionDue as IsoDate) });
      return row;
    case 'receive_correction':
      row = await update(trx, row, { state: to });
      await event(trx, actor, row, 'correction_received', date, { note: input.comment });
      return row;
    case 'consult': {
      const sent = await event(trx, actor, row, 'consultation_sent', date, { party: input.party, consultee: input.consultee, deliveredDate: input.deliveredDate });
      await issueLetter(trx, actor, row, 'consultation', date, { 第三方: input.consultee }, { toApplicant: false, addressee: input.consultee!, related: sent.id });
      return update(trx, row, { state: to });
    }
    case 'record_consultation':
      await event(trx, actor, row, input.consultationStep === 'delivered' ? 'consultation_delivered' : 'consultation_answered', date, {
        consultation: input.consultation,
        opinion: input.comment,
      });
      return update(trx, row, { state: to });
    case 'request_extension':
      await event(trx, actor, row, 'extension_requested', date, { days: input.days, reason: input.comment });
      return update(trx, row, { state: to });
    case 'approve_extension': {
      const pending = pendingExtensionOf(s.events)!;
      await event(trx, actor, row, 'extension', date, { days: pending.days, approver: actor.displayName, request: pending.eventId, reason: pending.reason });
      row = await update(trx, row, { state: to });
      const stored = await storeDeadline(trx, row);
      await issueLetter(trx, actor, stored, 'extension', date, {
        延长天数: String(pending.days),
        答复期限: stored.dueDate ? formatChineseDate(stored.dueDate as IsoDate) : '',
        延期理由: pending.reason,
      });
      return stored;
    }
    case 'refuse_extension': {
      const pending = pendingExtensionOf(s.events)!;
      await event(trx, actor, row, 'extension_refused', date, { request: pending.eventId, reason: input.comment });
      return update(trx, row, { state: to });
    }
    case 'fee_notice': {
      const method = input.feeMethod!;
      const prior = method === 'by_count' ? await priorThisMonth(trx, row, date) : 0;
      const fee = feeBreakdown(method, method === 'by_count' ? 1 : input.pages!, prior);
      if (fee.amount === 0) throw validationError({ feeMethod: '按此方式计算不应收费（未超过免费额度），无需发出收费通知' });
      // E-mailed or online notices reach the applicant the day they go out; posted ones when delivered.
      const receivedDate = input.receivedDate ?? (row.delivery === 'email' || row.delivery === 'online' ? date : undefined);
      await event(trx, actor, row, 'fee_notice', date, { method, quantity: input.pages ?? 1, prior, amount: fee.amount, receivedDate });
      const cal = await getCalendar(trx as Db);
      const payBy = receivedDate ? addWorkdays(cal, receivedDate as IsoDate, 20, { details: false }).date : null;
      await issueLetter(trx, actor, row, 'fee', date, {
        收费金额: String(fee.amount),
        收费依据: fee.explanation.join('\n'),
        缴费期限: payBy ? formatChineseDate(payBy) : '收到本通知次日起20个工作日届满之日',
      });
      return update(trx, row, { state: to });
    }
    case 'fee_paid':
      await event(trx, actor, row, 'fee_paid', date, { note: input.comment });
      return update(trx, row, { state: to });
    case 'close_uncorrected':
      return closeWith(trx, actor, row, to, 'other_no_correction', date, input.comment);
    case 'close_unpaid':
      return closeWith(trx, actor, row, to, 'other_fee_unpaid', date, input.comment);
    case 'reply':
      return closeWith(trx, actor, row, to, input.outcome as RequestOutcome, date, input.comment);
    case 'record_delivery':
      await event(trx, actor, row, 'delivered', date, { note: input.comment });
      return update(trx, row, { deliveredDate: date, deliveryNote: input.comment });
    case 'archive': {
      const days = Number((await getSettings(trx)).requestRetentionDays) || 730;
      const purge = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
      await event(trx, actor, row, 'archived', date, { purgeAfter: purge });
      return update(trx, row, { state: to, archivedAt: nowOf(trx), purgeAfter: purge });
    }
    case 'withdraw':
      await event(trx, actor, row, 'withdrawn', date, { reason: input.comment });
      return update(trx, row, { state: to, withdrawnDate: date, outcome: 'other', outcomeNote: `申请人撤回申请：${input.comment}`, repliedDate: date });
  }
  void opts;
  throw new AppError('INVALID_TRANSITION', `未知的操作：${action}`);
}

/** Decides: the outcome, the reply event, the letter. */
async function closeWith(trx: DbOrTrx, actor: Actor, row: RequestRow, to: RequestState, outcome: RequestOutcome, date: IsoDate, note: string): Promise<RequestRow> {
  await event(trx, actor, row, 'replied', date, { outcome, note });
  const next = await update(trx, row, { state: to, outcome, outcomeNote: note, repliedDate: date });
  await issueLetter(trx, actor, next, 'reply', date, { 说明: note });
  return next;
}

/** The applicant's applications to this agency earlier in the same natural month (按件计收 counts them). */
async function priorThisMonth(trx: DbOrTrx, row: RequestRow, date: IsoDate): Promise<number> {
  const month = date.slice(0, 7);
  const history = await repo.applicantHistory(trx, row.agencyId, { idNumber: row.idNumber, applicantName: row.applicantName, phone: row.phone, email: row.email }, row.id);
  return history.filter((h) => (h.receivedDate ?? h.submittedAt.slice(0, 10)).slice(0, 7) === month && h.id < row.id).length;
}

/** Agencies' staff a handler can be chosen from. */
export async function handlersFor(db: Db, agencyId: number) {
  const agency = await findAgency(db, agencyId);
  if (!agency) return [];
  return (await agencyStaff(db, agencyId)).filter((p) => p.role !== 'leader');
}
