/**
 * The reply clock of a 政务信箱 letter, built from the calendar's clock kit.
 */
import { type IsoDate } from '../../lib/dates.js';
import type { Calendar } from '../calendar/calendar.js';
import {
  type ClockOptions,
  type ClockResult,
  type ClockState,
  calendarNotes,
  checkToday,
  countFrom,
  DEFAULT_CLOCK_SETTINGS,
  fmt,
  requireDate,
  sortEvents,
  startRuleText,
} from '../calendar/clock-kit.js';
import { addWorkdays } from '../calendar/workdays.js';

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