/**
 * The reply clock of a 政务信箱 letter, built from the calendar's clock kit.
 */
import { type IsoDate, toDayNumber } from '../../lib/dates.js';
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
import { addWorkdays, countWorkdays } from '../calendar/workdays.js';

/**
 * Kinds of 政务信箱 letters and their default reply limits in working days. There is
 * no national rule in the spec; these are platform defaults [U], overridable per
 * agency. 网站纠错 reports come through the site's error-report channel: practice
 * closes most within one working day (inspection research §1.2 item 9); three
 * working days is the ceiling the platform sets [U].
 */
export const MAILBOX_KINDS = {
  consultation: { label: '咨询', days: 7 },
  suggestion: { label: '建议', days: 7 },
  complaint: { label: '投诉', days: 15 },
  report: { label: '举报', days: 15 },
  leader: { label: '领导信箱', days: 15 },
  site_error: { label: '网站纠错', days: 3 },
} as const;
export const MAILBOX_KIND_KEYS = Object.keys(MAILBOX_KINDS) as MailboxKind[];
/** The kinds a citizen picks in an agency's mailbox form (纠错 has its own form). */
export const LETTER_KIND_KEYS = ['complaint', 'report', 'consultation', 'suggestion', 'leader'] as const satisfies readonly MailboxKind[];
export const MAX_LIMIT_DAYS = 60;
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
/**
 * How loud an unanswered message is. Inspections veto a site whose messages go
 * unanswered for three months (inspection research R1.6), so the alarm starts
 * before the reply limit and escalates by calendar days since receipt, well before
 * 90 days.
 */
export const MAILBOX_ALARMS = {
  none: { label: '正常', rank: 0 },
  due_soon: { label: '即将到期', rank: 1 },
  overdue: { label: '已超过答复期限', rank: 2 },
  day30: { label: '超过30天未答复', rank: 3 },
  day60: { label: '超过60天未答复，临近检查否决线', rank: 4 },
  day90: { label: '超过三个月未答复（网站检查单项否决）', rank: 5 },
} as const;
export type MailboxAlarm = keyof typeof MAILBOX_ALARMS;

export interface AlarmSettings {
  /** Warn this many working days before the due date. */
  warnWorkdays: number;
  /** Calendar days since receipt at which the alarm escalates. */
  escalateDays: readonly [number, number, number];
}
export const DEFAULT_ALARM_SETTINGS: AlarmSettings = { warnWorkdays: 2, escalateDays: [30, 60, 90] };

/** The alarm of an unanswered message on `today`; a replied or closed message has none. */
export function mailboxAlarm(
  cal: Calendar,
  m: { receivedDate: IsoDate; dueDate: IsoDate | null; answered: boolean },
  today: IsoDate,
  settings: AlarmSettings = DEFAULT_ALARM_SETTINGS,
): MailboxAlarm {
  if (m.answered) return 'none';
  const age = toDayNumber(today) - toDayNumber(m.receivedDate);
  const [d30, d60, d90] = settings.escalateDays;
  if (age >= d90) return 'day90';
  if (age >= d60) return 'day60';
  if (age >= d30) return 'day30';
  if (!m.dueDate) return 'none';
  if (today > m.dueDate) return 'overdue';
  return countWorkdays(cal, today, m.dueDate, { details: false }).count <= settings.warnWorkdays ? 'due_soon' : 'none';
}
