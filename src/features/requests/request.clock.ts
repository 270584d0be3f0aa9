/**
 * The reply clock of an application for disclosure (Arts. 30–34), built from the
 * calendar's clock kit.
 */
import { type IsoDate } from '../../lib/dates.js';
import type { Calendar } from '../calendar/calendar.js';
import {
  type ClockIssue,
  type ClockOptions,
  type ClockResult,
  type ClockState,
  type Exclusion,
  calendarNotes,
  checkToday,
  countedBetween,
  countFrom,
  DEFAULT_CLOCK_SETTINGS,
  excludedBetween,
  fmt,
  issueOf,
  maxDate,
  mergeExclusions,
  minDate,
  requireDate,
  sortEvents,
  startRuleText,
  walk,
} from '../calendar/clock-kit.js';
import { addWorkdays } from '../calendar/workdays.js';

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

export type RequestClockIssue = ClockIssue<ClockIssueCode>;

const issue = (code: ClockIssueCode, message: string): RequestClockIssue => issueOf(CLOCK_ISSUES, code, message);

const STATUTORY_DAYS = 20;
const CORRECTION_NOTICE_DAYS = 7;
const CONSULTATION_DAYS = 15;
const MAX_EXTENSION_DAYS = 20;
const FEE_PAYMENT_DAYS = 20;

export const REQUEST_CHANNELS = {
  in_person: { label: '当面提交' },
  post: { label: '邮寄' },
  online: { label: '互联网渠道' },
  fax: { label: '传真' },
} as const;
export type RequestChannel = keyof typeof REQUEST_CHANNELS;

export const CONSULTED_PARTIES = {
  // The third party's 15 working days run from its receipt of the letter (Art. 32).
  third_party: { label: '第三方', article: '第三十二条' },
  // Another agency consulted on information made jointly: silence means consent (Art. 34).
  agency: { label: '其他机关', article: '第三十四条' },
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
  | {
      type: 'consultation_sent';
      date: IsoDate;
      party: ConsultedParty;
      id?: string;
      /** The day the consultee received the letter: its 15 working days run from then. */
      deliveredDate?: IsoDate;
    }
  | { type: 'consultation_delivered'; date: IsoDate; id?: string; party?: ConsultedParty }
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
  'consultation_delivered',
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
  /** The consultee's receipt of the letter, if recorded. */
  delivered: IsoDate | null;
  /** End of the consultee's 15 working days (from its receipt of the letter; from the sending while that is unknown). */
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
): ClockResult<RequestDerived, ClockIssueCode> {
  const today = checkToday(options);
  const rule = options.startDay ?? DEFAULT_CLOCK_SETTINGS.startDay;
  const feePauses = options.feePausesReplyClock ?? DEFAULT_CLOCK_SETTINGS.feePausesReplyClock;
  validateRequestEvents(events);
  const sorted = sortEvents(events, REQUEST_ORDER);

  const issues: RequestClockIssue[] = [];
  const explanation: string[] = [];
  let receiptDate: IsoDate | null = null;
  let periodStart: IsoDate | null = null;
  let correctionNoticeDue: IsoDate | null = null;
  let pendingCorrection: { requested: IsoDate; due: IsoDate | null } | null = null;
  let corrections = 0;
  let receivedSeen = false;
  const consultations: { party: ConsultedParty; sent: IsoDate; id?: string; delivered: IsoDate | null; answered: IsoDate | null }[] = [];
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
        consultations.push({ party: e.party, sent: e.date, delivered: e.deliveredDate ?? null, answered: null, ...(e.id !== undefined ? { id: e.id } : {}) });
        break;
      case 'consultation_delivered': {
        const open = consultations.find(
          (c) => c.delivered === null && (e.id !== undefined ? c.id === e.id : e.party === undefined || c.party === e.party),
        );
        if (!open) issues.push(issue('ANSWER_WITHOUT_CONSULTATION', `${fmt(e.date)}的送达记录找不到对应的征求意见函`));
        else if (e.date < open.sent) issues.push(issue('ANSWER_BEFORE_CONSULTATION', `${fmt(e.date)}的送达早于征求意见函发出日${fmt(open.sent)}，未计入`));
        else open.delivered = e.date;
        break;
      }
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
    // The consultee's 15 working days run from its receipt of the letter; until that
    // day is recorded, from the sending (the earliest it can be, so never too late).
    const due = addWorkdays(cal, c.delivered ?? c.sent, CONSULTATION_DAYS, { details: false });
    const end = c.answered ? minDate(c.answered, due.date) : due.date;
    // The consultee's due date only shapes the deadline when the pause runs to it.
    if (end === due.date) provisional ||= due.provisional;
    const x = { from: c.sent, to: end };
    exclusions.push(x);
    const excluded = excludedBetween(cal, x, from);
    derived.consultations.push({ party: c.party, sent: c.sent, delivered: c.delivered, answered: c.answered, due: due.date, excludedWorkdays: excluded });
    const { label: who, article } = CONSULTED_PARTIES[c.party];
    const receipt = c.delivered
      ? `，${fmt(c.delivered)}送达，${who}的15个工作日自送达之日起算至${fmt(due.date)}（${article}）`
      : `，送达日期尚未记录，${who}的15个工作日暂自发出之日起算至${fmt(due.date)}（${article}）`;
    if (c.answered && c.answered <= due.date) {
      explanation.push(`${fmt(c.sent)}向${who}发出征求意见函${receipt}；${fmt(c.answered)}答复，其间${excluded}个工作日不计入答复期限（第三十三条第三款）。`);
    } else if (c.answered) {
      explanation.push(
        `${fmt(c.sent)}向${who}发出征求意见函${receipt}；${fmt(c.answered)}才答复，只有期满前的${excluded}个工作日不计入答复期限（第三十三条第三款）。`,
      );
    } else {
      const silence = c.party === 'agency' ? '逾期未答复的视为同意公开，' : '逾期未提出意见的由本机关依法决定，';
      explanation.push(
        `${fmt(c.sent)}向${who}发出征求意见函${receipt}；尚无答复，${silence}按期满计，其间${excluded}个工作日不计入答复期限（第三十三条第三款）；提前答复的，答复期限相应提前。`,
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