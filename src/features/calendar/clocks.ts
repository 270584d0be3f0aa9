/**
 * Statutory clocks of 《政府信息公开条例》 (2019) as pure functions: dated events in,
 * a deadline with its reasoning out. Nothing here reads the clock or a database;
 * "today" is an input, and it only ever changes `state`, never `deadline`.
 *
 * Event order: events are sorted by date, then by `EVENT_ORDER` (the order things
 * happen on one day: receipt before a correction notice before a consultation …
 * before the reply), then by their canonical JSON. That is a total order, so the same
 * events in any input order give the same result, explanation included.
 */
import { type IsoDate, addDays, formatChineseDate, isIsoDate, toDayNumber } from '../../lib/dates.js';
import { type Calendar, CalendarError } from './calendar.js';
import { addWorkdays, countWorkdays } from './workdays.js';

export const CLOCK_STATES = {
  not_started: { label: '未起算' },
  running: { label: '计时中' },
  paused: { label: '暂停计时' },
  awaiting_correction: { label: '等待补正' },
  abandoned: { label: '视为放弃' },
  met: { label: '按期完成' },
  late: { label: '逾期完成' },
  overdue: { label: '已逾期' },
} as const;
export type ClockState = keyof typeof CLOCK_STATES;

/**
 * Whether the day of receipt is day 1. 民法典 Art. 201 does not count the start day,
 * and the spec (§1.4) makes that the default; whether agencies apply it to 条例
 * periods is unverified [U], so it is a setting.
 */
export const START_DAY_RULES = {
  next_day: { label: '次日起算（收到当日不计入）' },
  same_day: { label: '当日起算（收到当日为第1日）' },
} as const;
export type StartDayRule = keyof typeof START_DAY_RULES;

export interface ClockOptions {
  /** The date "now" for `state` and `overdue`; omit to judge from the events alone. */
  today?: IsoDate;
  startDay?: StartDayRule;
}

export interface RequestClockOptions extends ClockOptions {
  /**
   * Whether working days between receiving a fee notice and paying (at most the
   * 20-working-day payment window) are left out of the reply period. The national
   * rule is unverified [U] (spec §3), so this is a configurable assumption.
   *
   * Default true: the wait is in the applicant's hands, the information cannot be
   * provided before payment anyway, and it mirrors the Art. 33 exclusion of
   * consultation time; provincial implementing notices (e.g. 四川) treat the payment
   * period the same way. The pause is capped at the payment window, so the
   * applicant's clock cannot be held open indefinitely.
   */
  feePausesReplyClock?: boolean;
}

export const DEFAULT_CLOCK_SETTINGS = { startDay: 'next_day', feePausesReplyClock: true } as const satisfies {
  startDay: StartDayRule;
  feePausesReplyClock: boolean;
};

/** `error` = the event was rejected and not applied; `warning` = applied, but someone should look. */
export const CLOCK_ISSUES = {
  RECEIPT_UNCONFIRMED: { label: '收到申请日期未确认', severity: 'warning' },
  DUPLICATE_RECEIPT: { label: '重复的收到申请记录', severity: 'warning' },
  EVENT_BEFORE_RECEIPT: { label: '事件早于收到申请', severity: 'warning' },
  CORRECTION_NOTICE_LATE: { label: '补正通知超过7个工作日', severity: 'warning' },
  CORRECTION_REPEATED: { label: '多次要求补正', severity: 'warning' },
  CORRECTION_WITHOUT_REQUEST: { label: '未发补正通知即收到补正', severity: 'warning' },
  CORRECTION_PERIOD_EXPIRED: { label: '补正期限已过', severity: 'warning' },
  ANSWER_WITHOUT_CONSULTATION: { label: '找不到对应的征求意见', severity: 'warning' },
  ANSWER_BEFORE_CONSULTATION: { label: '答复早于征求意见', severity: 'error' },
  EXTENSION_INVALID: { label: '延长天数无效', severity: 'error' },
  EXTENSION_NOT_APPROVED: { label: '延长未经负责人同意', severity: 'error' },
  EXTENSION_EXCEEDS_LIMIT: { label: '延长超过20个工作日', severity: 'error' },
  EXTENSION_OUTSIDE_PERIOD: { label: '延长不在答复期限内', severity: 'error' },
  DUPLICATE_FEE_NOTICE: { label: '重复的收费通知', severity: 'warning' },
  FEE_PAID_WITHOUT_NOTICE: { label: '没有收费通知的缴费记录', severity: 'warning' },
  FEE_PAID_LATE: { label: '逾期缴费', severity: 'warning' },
  FEE_UNPAID: { label: '逾期未缴费', severity: 'warning' },
  DUPLICATE_REPLY: { label: '重复的答复记录', severity: 'warning' },
} as const satisfies Record<string, { label: string; severity: 'error' | 'warning' }>;
export type ClockIssueCode = keyof typeof CLOCK_ISSUES;

export interface ClockIssue {
  code: ClockIssueCode;
  severity: 'error' | 'warning';
  message: string;
}

export interface ClockResult<D> {
  /** Last day to act, inclusive; null while the clock has not started or is stopped. */
  deadline: IsoDate | null;
  /** The deadline relies on a year with no official calendar (weekday rule). */
  provisional: boolean;
  state: ClockState;
  explanation: string[];
  issues: ClockIssue[];
  derived: D;
}

const STATUTORY_DAYS = 20;
const CORRECTION_NOTICE_DAYS = 7;
const CONSULTATION_DAYS = 15;
const MAX_EXTENSION_DAYS = 20;
const FEE_PAYMENT_DAYS = 20;

// ---------------------------------------------------------------- shared helpers

function issue(code: ClockIssueCode, message: string): ClockIssue {
  return { code, severity: CLOCK_ISSUES[code].severity, message };
}

function requireDate(v: unknown, what: string): IsoDate {
  if (!isIsoDate(v)) throw new CalendarError('INVALID_DATE', `${what}“${String(v)}”不是有效日期（应为YYYY-MM-DD）`);
  return v;
}

const fmt = formatChineseDate;
const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);
const minDate = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Date, then `order` of the type, then canonical JSON: a total order, independent of input order. */
function sortEvents<E extends { type: string; date: IsoDate }>(events: readonly E[], order: readonly string[]): E[] {
  const keyed = events.map((e) => ({ e, rank: order.indexOf(e.type), json: canonical(e) }));
  keyed.sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.rank - b.rank || (a.json < b.json ? -1 : a.json > b.json ? 1 : 0)));
  return keyed.map((k) => k.e);
}

/** The day after which counting starts, so that `StartDayRule` needs no other special case. */
function countFrom(start: IsoDate, rule: StartDayRule): IsoDate {
  return rule === 'same_day' ? addDays(start, -1) : start;
}

function startRuleText(rule: StartDayRule, what: string): string {
  return rule === 'same_day' ? `自${what}起算（当日计入）` : `自${what}的次日起算（当日不计入）`;
}

/** Lines about holidays, make-up days and provisional years in (from, to], reusing workdays' wording. */
function calendarNotes(cal: Calendar, from: IsoDate, to: IsoDate): string[] {
  return countWorkdays(cal, from, to).explain.slice(1);
}

/** Working days in (from, to] are not counted. */
interface Exclusion {
  from: IsoDate;
  to: IsoDate;
}

function mergeExclusions(list: Exclusion[]): Exclusion[] {
  const sorted = list.filter((x) => x.to > x.from).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: Exclusion[] = [];
  for (const x of sorted) {
    const last = out[out.length - 1];
    if (last && x.from <= last.to) last.to = maxDate(last.to, x.to);
    else out.push({ ...x });
  }
  return out;
}

/**
 * The day on which `n` counted working days after `from` are used up, skipping the
 * working days inside exclusions. Walks the (few) exclusions, not the days.
 */
function walk(cal: Calendar, from: IsoDate, n: number, exclusions: Exclusion[]): { date: IsoDate; provisional: boolean } {
  let cursor = from;
  let remaining = n;
  let provisional = false;
  for (const x of exclusions) {
    if (x.to <= cursor) continue;
    const pauseStart = maxDate(x.from, cursor);
    const available = countWorkdays(cal, cursor, pauseStart, { details: false });
    provisional ||= available.provisional;
    if (available.count >= remaining) break;
    remaining -= available.count;
    cursor = x.to;
  }
  const end = addWorkdays(cal, cursor, remaining, { details: false });
  return { date: end.date, provisional: provisional || end.provisional };
}

/** Counted (not excluded) working days in (from, to]. */
function countedBetween(cal: Calendar, from: IsoDate, to: IsoDate, exclusions: Exclusion[]): number {
  let n = countWorkdays(cal, from, to, { details: false }).count;
  for (const x of exclusions) {
    const a = maxDate(x.from, from);
    const b = minDate(x.to, to);
    if (b > a) n -= countWorkdays(cal, a, b, { details: false }).count;
  }
  return n;
}

function excludedBetween(cal: Calendar, x: Exclusion, after: IsoDate): number {
  const a = maxDate(x.from, after);
  return x.to > a ? countWorkdays(cal, a, x.to, { details: false }).count : 0;
}

function checkToday(options: ClockOptions): IsoDate | undefined {
  return options.today === undefined ? undefined : requireDate(options.today, '当前日期');
}

// ---------------------------------------------------------------- publication (Art. 26)

export type PublicationEvent =
  | { type: 'formed'; date: IsoDate }
  | { type: 'changed'; date: IsoDate }
  | { type: 'published'; date: IsoDate };

export interface PublicationDerived {
  /** The latest formation or change: the day the 20 working days run from. */
  startDate: IsoDate | null;
  /** First publication on or after `startDate`; an earlier one does not cover a later change. */
  publishedDate: IsoDate | null;
  overdue: boolean;
}

const PUBLICATION_ORDER = ['formed', 'changed', 'published'] as const;

/**
 * Proactive disclosure: publish within 20 working days of the day the information was
 * formed or changed (Art. 26), counted from the latest `formed`/`changed` event.
 */
export function publicationClock(
  cal: Calendar,
  events: readonly PublicationEvent[],
  options: ClockOptions = {},
): ClockResult<PublicationDerived> {
  const today = checkToday(options);
  const rule = options.startDay ?? DEFAULT_CLOCK_SETTINGS.startDay;
  events.forEach((e, i) => requireDate(e.date, `第${i + 1}个事件的日期`));
  const sorted = sortEvents(events, PUBLICATION_ORDER);
  let start: PublicationEvent | null = null;
  for (const e of sorted) if (e.type !== 'published') start = e;
  if (!start) {
    return {
      deadline: null,
      provisional: false,
      state: 'not_started',
      explanation: ['尚无信息形成或变更的记录，公开期限未起算。'],
      issues: [],
      derived: { startDate: null, publishedDate: null, overdue: false },
    };
  }
  const startDate = start.date;
  const end = addWorkdays(cal, countFrom(startDate, rule), STATUTORY_DAYS, { details: false });
  const published = sorted.find((e) => e.type === 'published' && e.date >= startDate)?.date ?? null;
  const explanation = [
    `该信息于${fmt(startDate)}${start.type === 'changed' ? '变更' : '形成'}，应${startRuleText(rule, '形成或变更之日')}20个工作日内公开（第二十六条）。`,
    `公开期限届满日：${fmt(end.date)}。`,
    ...calendarNotes(cal, countFrom(startDate, rule), end.date),
  ];
  let state: ClockState = 'running';
  const overdue = published === null && today !== undefined && today > end.date;
  if (published) {
    state = published <= end.date ? 'met' : 'late';
    explanation.push(`已于${fmt(published)}公开，${state === 'met' ? '在期限内' : '超过期限'}。`);
  } else if (overdue) {
    state = 'overdue';
    explanation.push(`截至${fmt(today!)}尚未公开，已逾期。`);
  }
  return { deadline: end.date, provisional: end.provisional, state, explanation, issues: [], derived: { startDate, publishedDate: published, overdue } };
}

// ---------------------------------------------------------------- requests (Arts. 30–33)

export const REQUEST_CHANNELS = {
  in_person: { label: '当面提交' },
  post: { label: '邮寄' },
  online: { label: '互联网渠道' },
  fax: { label: '传真' },
} as const;
export type RequestChannel = keyof typeof REQUEST_CHANNELS;

export const CONSULTED_PARTIES = {
  third_party: { label: '第三方' },
  agency: { label: '其他机关' },
} as const;
export type ConsultedParty = keyof typeof CONSULTED_PARTIES;

export type RequestEvent =
  | {
      type: 'received';
      channel: RequestChannel;
      /** When the application was handed in, posted or sent; orders the event. */
      date: IsoDate;
      /** Post: the day the agency signed for it. */
      signedDate?: IsoDate;
      /** Online, fax, or unsigned ordinary mail: the day both sides confirmed receipt. */
      confirmedDate?: IsoDate;
    }
  | { type: 'correction_requested'; date: IsoDate; /** Correction period the notice gave the applicant. */ dueDate?: IsoDate }
  | { type: 'correction_received'; date: IsoDate }
  | { type: 'consultation_sent'; date: IsoDate; party: ConsultedParty; id?: string }
  | { type: 'consultation_answered'; date: IsoDate; id?: string; party?: ConsultedParty }
  | { type: 'extension'; date: IsoDate; days: number; approver: string }
  | { type: 'fee_notice_received'; date: IsoDate }
  | { type: 'fee_paid'; date: IsoDate }
  | { type: 'replied'; date: IsoDate };

const REQUEST_ORDER = [
  'received',
  'correction_requested',
  'correction_received',
  'consultation_sent',
  'consultation_answered',
  'fee_notice_received',
  'fee_paid',
  'extension',
  'replied',
] as const;

export interface ConsultationInfo {
  party: ConsultedParty;
  sent: IsoDate;
  answered: IsoDate | null;
  /** End of the consultee's 15 working days. */
  due: IsoDate;
  /** Working days of this consultation left out of the reply period (overlaps counted once in the total). */
  excludedWorkdays: number;
}

export interface RequestDerived {
  /** Date of receipt under Art. 31 for the channel; null until confirmed. */
  receiptDate: IsoDate | null;
  /** Start of the current reply period: the receipt, or the receipt of the corrected application. */
  periodStart: IsoDate | null;
  /** Last day to send a 补正 notice (7 working days, Art. 30). */
  correctionNoticeDue: IsoDate | null;
  /** Correction period given to the applicant, while a correction is pending. */
  correctionDue: IsoDate | null;
  consultations: ConsultationInfo[];
  /** Last day to pay (20 working days from the day after receiving the fee notice). */
  feePaymentDue: IsoDate | null;
  /** Reply deadline without any extension. */
  baseDeadline: IsoDate | null;
  /** Accepted extension, working days (≤ 20). */
  extensionDays: number;
  /** Working days not counted (consultations, and the fee wait when it pauses the clock). */
  excludedWorkdays: number;
  overdue: boolean;
  /** Counted working days left after `today` (0 when overdue); null without `today` or a deadline. */
  remainingWorkdays: number | null;
}

function receiptOf(e: Extract<RequestEvent, { type: 'received' }>): { date: IsoDate | null; how: string } {
  switch (e.channel) {
    case 'in_person':
      return { date: e.date, how: '当面提交，以提交之日为收到申请之日（第三十一条第一项）' };
    case 'post':
      if (e.signedDate) return { date: e.signedDate, how: '邮寄，以签收之日为收到申请之日（第三十一条第二项）' };
      return {
        date: e.confirmedDate ?? null,
        how: '平常信函，以与申请人确认之日为收到申请之日（第三十一条第二项）',
      };
    case 'online':
      return { date: e.confirmedDate ?? null, how: '通过互联网渠道提交，以双方确认之日为收到申请之日（第三十一条第三项）' };
    case 'fax':
      return { date: e.confirmedDate ?? null, how: '通过传真提交，以双方确认之日为收到申请之日（第三十一条第三项）' };
    default:
      return { date: null, how: `未知的提交渠道“${String((e as { channel: unknown }).channel)}”` };
  }
}

function validateRequestEvents(events: readonly RequestEvent[]): void {
  events.forEach((e, i) => {
    const at = `第${i + 1}个事件`;
    requireDate(e.date, `${at}的日期`);
    if (e.type === 'received') {
      if (e.signedDate !== undefined) requireDate(e.signedDate, `${at}的签收日期`);
      if (e.confirmedDate !== undefined) requireDate(e.confirmedDate, `${at}的确认日期`);
    }
    if (e.type === 'correction_requested' && e.dueDate !== undefined) requireDate(e.dueDate, `${at}的补正期限`);
  });
}

/**
 * The reply clock for an application (Arts. 30–33):
 * - receipt date by channel (Art. 31);
 * - 20 working days (Art. 33), or 20 fresh ones from receipt of a corrected
 *   application after a 补正 notice, which must go out within 7 working days (Art. 30);
 *   while a correction is pending there is no deadline;
 * - working days after a consultation letter is sent, through the answer day or the
 *   end of the consultee's 15 working days if that comes first (Arts. 32, 34), are
 *   not counted (Art. 33 ¶3). An unanswered consultation is assumed to run its full
 *   15 days, so the deadline does not depend on `today`;
 * - extensions approved by the head of the office add up to 20 working days in total
 *   after the original deadline (Art. 33 ¶2); an extension decided after the deadline
 *   in force, or beyond 20 in total, is rejected;
 * - the fee payment window (20 working days from the day after the notice) optionally
 *   pauses the clock (`feePausesReplyClock`).
 */
export function requestReplyClock(
  cal: Calendar,
  events: readonly RequestEvent[],
  options: RequestClockOptions = {},
): ClockResult<RequestDerived> {
  const today = checkToday(options);
  const rule = options.startDay ?? DEFAULT_CLOCK_SETTINGS.startDay;
  const feePauses = options.feePausesReplyClock ?? DEFAULT_CLOCK_SETTINGS.feePausesReplyClock;
  validateRequestEvents(events);
  const sorted = sortEvents(events, REQUEST_ORDER);

  const issues: ClockIssue[] = [];
  const explanation: string[] = [];
  let receiptDate: IsoDate | null = null;
  let periodStart: IsoDate | null = null;
  let correctionNoticeDue: IsoDate | null = null;
  let pendingCorrection: { requested: IsoDate; due: IsoDate | null } | null = null;
  let corrections = 0;
  let receivedSeen = false;
  const consultations: { party: ConsultedParty; sent: IsoDate; id?: string; answered: IsoDate | null }[] = [];
  let fee: { notice: IsoDate; paid: IsoDate | null } | null = null;
  const extensions: Extract<RequestEvent, { type: 'extension' }>[] = [];
  let reply: IsoDate | null = null;
  let provisional = false;

  for (const e of sorted) {
    if (e.type !== 'received' && periodStart === null && e.type !== 'replied') {
      issues.push(issue('EVENT_BEFORE_RECEIPT', `${fmt(e.date)}的记录早于确认收到申请，未计入`));
      continue;
    }
    switch (e.type) {
      case 'received': {
        if (receivedSeen) {
          issues.push(issue('DUPLICATE_RECEIPT', `${fmt(e.date)}的收到申请记录重复，已忽略`));
          break;
        }
        receivedSeen = true;
        const r = receiptOf(e);
        if (!r.date) {
          issues.push(issue('RECEIPT_UNCONFIRMED', `${r.how}；尚未记录该日期，答复期限未起算`));
          explanation.push(`申请于${fmt(e.date)}提交：${r.how}，尚未确认，答复期限未起算。`);
          break;
        }
        receiptDate = periodStart = r.date;
        const noticeDue = addWorkdays(cal, countFrom(r.date, rule), CORRECTION_NOTICE_DAYS, { details: false });
        correctionNoticeDue = noticeDue.date;
        explanation.push(`收到申请之日为${fmt(r.date)}：${r.how}。`);
        explanation.push(`答复期限为20个工作日，${startRuleText(rule, '收到申请之日')}（第三十三条第二款）。`);
        break;
      }
      case 'correction_requested': {
        corrections++;
        if (corrections > 1) {
          issues.push(issue('CORRECTION_REPEATED', `${fmt(e.date)}再次要求补正：补正事项应一次性告知（第三十条）`));
        }
        if (correctionNoticeDue && e.date > correctionNoticeDue && corrections === 1) {
          issues.push(
            issue('CORRECTION_NOTICE_LATE', `补正通知于${fmt(e.date)}发出，晚于收到申请后7个工作日（${fmt(correctionNoticeDue)}）（第三十条）`),
          );
        }
        pendingCorrection = { requested: e.date, due: e.dueDate ?? null };
        explanation.push(
          `${fmt(e.date)}发出补正通知${e.dueDate ? `，补正期限至${fmt(e.dueDate)}` : ''}；答复期限停止计算，自收到补正后的申请之日重新起算（第三十条）。`,
        );
        break;
      }
      case 'correction_received': {
        if (!pendingCorrection) {
          issues.push(issue('CORRECTION_WITHOUT_REQUEST', `${fmt(e.date)}收到补正材料，但此前没有补正通知的记录`));
        }
        pendingCorrection = null;
        periodStart = e.date;
        explanation.push(`${fmt(e.date)}收到补正后的申请，答复期限重新计算20个工作日。`);
        break;
      }
      case 'consultation_sent':
        consultations.push({ party: e.party, sent: e.date, answered: null, ...(e.id !== undefined ? { id: e.id } : {}) });
        break;
      case 'consultation_answered': {
        const open = consultations.find(
          (c) => c.answered === null && (e.id !== undefined ? c.id === e.id : e.party === undefined || c.party === e.party),
        );
        if (!open) {
          issues.push(issue('ANSWER_WITHOUT_CONSULTATION', `${fmt(e.date)}的征求意见答复找不到对应的征求意见函`));
        } else if (e.date < open.sent) {
          issues.push(issue('ANSWER_BEFORE_CONSULTATION', `${fmt(e.date)}的答复早于征求意见函发出日${fmt(open.sent)}，未计入`));
        } else {
          open.answered = e.date;
        }
        break;
      }
      case 'fee_notice_received':
        if (fee) issues.push(issue('DUPLICATE_FEE_NOTICE', `${fmt(e.date)}的收费通知重复，以${fmt(fee.notice)}的为准`));
        else fee = { notice: e.date, paid: null };
        break;
      case 'fee_paid':
        if (!fee) issues.push(issue('FEE_PAID_WITHOUT_NOTICE', `${fmt(e.date)}的缴费记录没有对应的收费通知，未计入`));
        else if (fee.paid === null) fee.paid = e.date;
        break;
      case 'extension':
        extensions.push(e);
        break;
      case 'replied':
        if (reply) issues.push(issue('DUPLICATE_REPLY', `${fmt(e.date)}的答复记录重复，以${fmt(reply)}的为准`));
        else reply = e.date;
        break;
    }
  }

  const derived: RequestDerived = {
    receiptDate,
    periodStart,
    correctionNoticeDue,
    correctionDue: pendingCorrection?.due ?? null,
    consultations: [],
    feePaymentDue: null,
    baseDeadline: null,
    extensionDays: 0,
    excludedWorkdays: 0,
    overdue: false,
    remainingWorkdays: null,
  };

  if (periodStart === null || pendingCorrection) {
    let state: ClockState = periodStart === null ? 'not_started' : 'awaiting_correction';
    if (pendingCorrection?.due && today && today > pendingCorrection.due && !reply) {
      issues.push(
        issue('CORRECTION_PERIOD_EXPIRED', `补正期限${fmt(pendingCorrection.due)}已过，申请人无正当理由逾期不补正的，视为放弃申请（第三十条）`),
      );
    }
    if (reply) {
      state = 'met';
      explanation.push(`已于${fmt(reply)}答复。`);
    }
    return { deadline: null, provisional: false, state, explanation, issues, derived };
  }

  const start = periodStart;
  const from = countFrom(start, rule);
  const exclusions: Exclusion[] = [];

  for (const c of consultations) {
    const due = addWorkdays(cal, c.sent, CONSULTATION_DAYS, { details: false });
    const end = c.answered ? minDate(c.answered, due.date) : due.date;
    // The consultee's due date only shapes the deadline when the pause runs to it.
    if (end === due.date) provisional ||= due.provisional;
    const x = { from: c.sent, to: end };
    exclusions.push(x);
    const excluded = excludedBetween(cal, x, from);
    derived.consultations.push({ party: c.party, sent: c.sent, answered: c.answered, due: due.date, excludedWorkdays: excluded });
    const who = CONSULTED_PARTIES[c.party].label;
    if (c.answered && c.answered <= due.date) {
      explanation.push(`${fmt(c.sent)}向${who}征求意见，${fmt(c.answered)}答复，其间${excluded}个工作日不计入答复期限（第三十三条第三款）。`);
    } else if (c.answered) {
      explanation.push(
        `${fmt(c.sent)}向${who}征求意见，${who}的15个工作日至${fmt(due.date)}届满，${fmt(c.answered)}才答复；只有期满前的${excluded}个工作日不计入答复期限（第三十二条、第三十三条第三款）。`,
      );
    } else {
      explanation.push(
        `${fmt(c.sent)}向${who}征求意见，尚无答复：按${who}15个工作日期满（${fmt(due.date)}）计，其间${excluded}个工作日不计入答复期限（第三十二条、第三十三条第三款）；提前答复的，答复期限相应提前。`,
      );
    }
  }

  let abandoned = false;
  if (fee) {
    const due = addWorkdays(cal, fee.notice, FEE_PAYMENT_DAYS, { details: false });
    if (feePauses && (!fee.paid || fee.paid >= due.date)) provisional ||= due.provisional;
    derived.feePaymentDue = due.date;
    if (fee.paid && fee.paid > due.date) {
      issues.push(issue('FEE_PAID_LATE', `${fmt(fee.paid)}缴费，晚于缴费期限${fmt(due.date)}`));
    }
    if (!fee.paid && today && today > due.date && !reply) {
      abandoned = true;
      issues.push(issue('FEE_UNPAID', `申请人未在${fmt(due.date)}前缴纳信息处理费，视为放弃申请`));
    }
    const x = { from: fee.notice, to: fee.paid ? minDate(fee.paid, due.date) : due.date };
    if (feePauses) {
      exclusions.push(x);
      const excluded = excludedBetween(cal, x, from);
      explanation.push(
        `${fmt(fee.notice)}收到收费通知，应在${fmt(due.date)}前缴费；${fee.paid ? `${fmt(fee.paid)}缴费，` : '尚未缴费，按缴费期满计，'}其间${excluded}个工作日不计入答复期限（本平台设置：缴费期间暂停计算，可调整）。`,
      );
    } else {
      explanation.push(`${fmt(fee.notice)}收到收费通知，应在${fmt(due.date)}前缴费；缴费期间照常计算答复期限（本平台设置，可调整）。`);
    }
  }

  const merged = mergeExclusions(exclusions);
  const base = walk(cal, from, STATUTORY_DAYS, merged);
  provisional ||= base.provisional;
  derived.baseDeadline = base.date;

  let extensionDays = 0;
  for (const x of extensions) {
    const days = x.days;
    if (!Number.isInteger(days) || days < 1) {
      issues.push(issue('EXTENSION_INVALID', `${fmt(x.date)}的延长天数“${String(days)}”无效，应为1至20的整数，未予计入`));
      continue;
    }
    if (typeof x.approver !== 'string' || x.approver.trim() === '') {
      issues.push(issue('EXTENSION_NOT_APPROVED', `${fmt(x.date)}的延长没有记录同意的负责人，未予计入（第三十三条第二款）`));
      continue;
    }
    if (extensionDays + days > MAX_EXTENSION_DAYS) {
      issues.push(
        issue(
          'EXTENSION_EXCEEDS_LIMIT',
          `${fmt(x.date)}延长${days}个工作日后累计${extensionDays + days}个工作日，超过最长20个工作日（第三十三条第二款），未予计入`,
        ),
      );
      continue;
    }
    const inForce = walk(cal, from, STATUTORY_DAYS + extensionDays, merged);
    if (x.date < start || x.date > inForce.date) {
      issues.push(
        issue('EXTENSION_OUTSIDE_PERIOD', `${fmt(x.date)}的延长不在答复期限内（${fmt(start)}至${fmt(inForce.date)}），未予计入：延长应在期限届满前决定`),
      );
      continue;
    }
    extensionDays += days;
    explanation.push(`${fmt(x.date)}经${x.approver.trim()}同意，延长答复期限${days}个工作日（第三十三条第二款）。`);
  }
  derived.extensionDays = extensionDays;

  const final = extensionDays > 0 ? walk(cal, from, STATUTORY_DAYS + extensionDays, merged) : base;
  provisional ||= final.provisional;
  const deadline = final.date;
  derived.excludedWorkdays = merged.reduce((n, x) => n + excludedBetween(cal, x, from), 0);
  if (extensionDays > 0) explanation.push(`原答复期限届满日：${fmt(base.date)}。`);
  explanation.push(`答复期限届满日：${fmt(deadline)}。`);
  explanation.push(...calendarNotes(cal, from, deadline));

  let state: ClockState = 'running';
  if (reply) {
    state = reply <= deadline ? 'met' : 'late';
    explanation.push(
      state === 'met'
        ? `已于${fmt(reply)}答复，在期限内。`
        : `已于${fmt(reply)}答复，超过期限${countedBetween(cal, deadline, reply, merged)}个工作日。`,
    );
  } else if (abandoned) {
    state = 'abandoned';
    explanation.push(`申请人逾期未缴纳信息处理费，视为放弃申请。`);
  } else if (today) {
    derived.remainingWorkdays = today >= deadline ? 0 : countedBetween(cal, maxDate(today, from), deadline, merged);
    if (today > deadline) {
      state = 'overdue';
      derived.overdue = true;
      explanation.push(`截至${fmt(today)}尚未答复，已逾期。`);
    } else if (merged.some((x) => x.from < today && today <= x.to)) {
      state = 'paused';
      explanation.push(`截至${fmt(today)}答复期限暂停计算，剩余${derived.remainingWorkdays}个工作日。`);
    } else {
      explanation.push(`截至${fmt(today)}尚未答复，剩余${derived.remainingWorkdays}个工作日。`);
    }
  }
  return { deadline, provisional, state, explanation, issues, derived };
}

// ---------------------------------------------------------------- mailbox

/**
 * Kinds of 政务信箱 letters and their default reply limits in working days. There is
 * no national rule in the spec; these are platform defaults [U], overridable per call.
 */
export const MAILBOX_KINDS = {
  consultation: { label: '咨询', days: 7 },
  suggestion: { label: '建议', days: 7 },
  complaint: { label: '投诉', days: 15 },
  report: { label: '举报', days: 15 },
} as const;
export type MailboxKind = keyof typeof MAILBOX_KINDS;

export type MailboxEvent = { type: 'received'; date: IsoDate; kind: MailboxKind } | { type: 'replied'; date: IsoDate };

export interface MailboxClockOptions extends ClockOptions {
  limits?: Partial<Record<MailboxKind, number>>;
}

export interface MailboxDerived {
  receivedDate: IsoDate | null;
  kind: MailboxKind | null;
  limitDays: number | null;
  repliedDate: IsoDate | null;
  overdue: boolean;
}

/** A mailbox letter must be answered within its kind's limit, counted like the other clocks. */
export function mailboxClock(cal: Calendar, events: readonly MailboxEvent[], options: MailboxClockOptions = {}): ClockResult<MailboxDerived> {
  const today = checkToday(options);
  const rule = options.startDay ?? DEFAULT_CLOCK_SETTINGS.startDay;
  events.forEach((e, i) => requireDate(e.date, `第${i + 1}个事件的日期`));
  const sorted = sortEvents(events, ['received', 'replied']);
  const received = sorted.find((e): e is Extract<MailboxEvent, { type: 'received' }> => e.type === 'received');
  const replied = sorted.find((e) => e.type === 'replied')?.date ?? null;
  if (!received) {
    return {
      deadline: null,
      provisional: false,
      state: 'not_started',
      explanation: ['尚无收信记录，答复期限未起算。'],
      issues: [],
      derived: { receivedDate: null, kind: null, limitDays: null, repliedDate: replied, overdue: false },
    };
  }
  const kind = received.kind;
  const limit = options.limits?.[kind] ?? MAILBOX_KINDS[kind].days;
  const end = addWorkdays(cal, countFrom(received.date, rule), limit, { details: false });
  const explanation = [
    `${fmt(received.date)}收到${MAILBOX_KINDS[kind].label}类来信，应${startRuleText(rule, '收信之日')}${limit}个工作日内答复（本平台设置）。`,
    `答复期限届满日：${fmt(end.date)}。`,
    ...calendarNotes(cal, countFrom(received.date, rule), end.date),
  ];
  let state: ClockState = 'running';
  const overdue = replied === null && today !== undefined && today > end.date;
  if (replied) {
    state = replied <= end.date ? 'met' : 'late';
    explanation.push(`已于${fmt(replied)}答复，${state === 'met' ? '在期限内' : '超过期限'}。`);
  } else if (overdue) {
    state = 'overdue';
    explanation.push(`截至${fmt(today!)}尚未答复，已逾期。`);
  }
  return {
    deadline: end.date,
    provisional: end.provisional,
    state,
    explanation,
    issues: [],
    derived: { receivedDate: received.date, kind, limitDays: limit, repliedDate: replied, overdue },
  };
}

// ---------------------------------------------------------------- annual report (Art. 49)

/**
 * Art. 49: departments publish the previous year's report 每年1月31日前; the 主管部门
 * of a local government publishes the government's own 每年3月31日前. These are
 * calendar dates, not periods of working days: the date itself counts as in time
 * ("前" read inclusively, as agencies do), and it does not move when it falls on a
 * holiday — publication is online, and an earlier date is always safe.
 */
export const ANNUAL_REPORT_DUE = {
  department: { label: '县级以上人民政府部门', month: 1, day: 31 },
  government: { label: '县级以上地方人民政府', month: 3, day: 31 },
} as const;
export type AnnualReportLevel = keyof typeof ANNUAL_REPORT_DUE;

export type AnnualReportEvent = { type: 'published'; date: IsoDate };

export interface AnnualReportDerived {
  reportYear: number;
  publishedDate: IsoDate | null;
  overdue: boolean;
}

export function annualReportClock(
  reportYear: number,
  level: AnnualReportLevel,
  events: readonly AnnualReportEvent[],
  options: Pick<ClockOptions, 'today'> = {},
): ClockResult<AnnualReportDerived> {
  if (!Number.isInteger(reportYear) || reportYear < 2008 || reportYear > 2998) {
    throw new CalendarError('INVALID_DATE', `报告年度“${String(reportYear)}”无效`);
  }
  const today = checkToday(options);
  events.forEach((e, i) => requireDate(e.date, `第${i + 1}个事件的日期`));
  const due = ANNUAL_REPORT_DUE[level];
  const deadline = `${reportYear + 1}-${String(due.month).padStart(2, '0')}-${String(due.day).padStart(2, '0')}` as IsoDate;
  const published = sortEvents(events, ['published']).find((e) => toDayNumber(e.date) > toDayNumber(`${reportYear}-12-31`))?.date ?? null;
  const explanation = [
    `${due.label}应于每年${due.month}月${due.day}日前公布上一年度政府信息公开工作年度报告（第四十九条），${reportYear}年度报告的期限为${fmt(deadline)}（当日仍在期限内，遇节假日不顺延）。`,
  ];
  let state: ClockState = 'running';
  const overdue = published === null && today !== undefined && today > deadline;
  if (published) {
    state = published <= deadline ? 'met' : 'late';
    explanation.push(`已于${fmt(published)}公布，${state === 'met' ? '在期限内' : '超过期限'}。`);
  } else if (overdue) {
    state = 'overdue';
    explanation.push(`截至${fmt(today!)}尚未公布，已逾期。`);
  }
  return { deadline, provisional: false, state, explanation, issues: [], derived: { reportYear, publishedDate: published, overdue } };
}
