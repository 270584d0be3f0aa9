/**
 * The clock kit: what every statutory clock is built from. A feature's clock
 * (publications/publication.clock.ts, requests/request.clock.ts, …) is a pure
 * function from dated events to a deadline with its reasoning; this module gives
 * it the shared pieces: counting working days from a start under the start-day
 * rule, pausing (working days left out of the count), restarting, extending,
 * the provisional flag of years without an official calendar, a total order of
 * events, and the result's shape and states.
 *
 * Nothing here reads the clock or a database; "today" is an input, and it only
 * ever changes `state`, never `deadline`.
 */
import { type IsoDate, formatChineseDate, isIsoDate, addDays } from '../../lib/dates.js';
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


export const DEFAULT_CLOCK_SETTINGS = { startDay: 'next_day', feePausesReplyClock: true } as const satisfies {
  startDay: StartDayRule;
  feePausesReplyClock: boolean;
};

export interface ClockIssue<Code extends string = string> {
  code: Code;
  /** `error` = the event was rejected and not applied; `warning` = applied, but someone should look. */
  severity: 'error' | 'warning';
  message: string;
}

export interface ClockResult<D, Code extends string = string> {
  /** Last day to act, inclusive; null while the clock has not started or is stopped. */
  deadline: IsoDate | null;
  /** The deadline relies on a year with no official calendar (statutory holidays and weekends; 调休 unknown). */
  provisional: boolean;
  state: ClockState;
  explanation: string[];
  issues: ClockIssue<Code>[];
  derived: D;
}

/** A closed list of a clock's issue codes, each with its label and severity. */
export type IssueVocabulary = Record<string, { label: string; severity: 'error' | 'warning' }>;

/** An issue from a clock's vocabulary. */
export function issueOf<V extends IssueVocabulary>(vocabulary: V, code: keyof V & string, message: string): ClockIssue<keyof V & string> {
  return { code, severity: vocabulary[code]!.severity, message };
}

export function requireDate(v: unknown, what: string): IsoDate {
  if (!isIsoDate(v)) throw new CalendarError('INVALID_DATE', `${what}“${String(v)}”不是有效日期（应为YYYY-MM-DD）`);
  return v;
}

export const fmt = formatChineseDate;
export const maxDate = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);
export const minDate = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);

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

/**
 * Date, then `order` of the type (the order things happen on one day), then
 * canonical JSON: a total order, so the same events in any input order give the
 * same result, explanation included.
 */
export function sortEvents<E extends { type: string; date: IsoDate }>(events: readonly E[], order: readonly string[]): E[] {
  const keyed = events.map((e) => ({ e, rank: order.indexOf(e.type), json: canonical(e) }));
  keyed.sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.rank - b.rank || (a.json < b.json ? -1 : a.json > b.json ? 1 : 0)));
  return keyed.map((k) => k.e);
}

/** The day after which counting starts, so that `StartDayRule` needs no other special case. */
export function countFrom(start: IsoDate, rule: StartDayRule): IsoDate {
  return rule === 'same_day' ? addDays(start, -1) : start;
}

export function startRuleText(rule: StartDayRule, what: string): string {
  return rule === 'same_day' ? `自${what}起算（当日计入）` : `自${what}的次日起算（当日不计入）`;
}

/** Lines about holidays, make-up days and provisional years in (from, to], in the working-day engine's wording. */
export function calendarNotes(cal: Calendar, from: IsoDate, to: IsoDate): string[] {
  return countWorkdays(cal, from, to).explain.slice(1);
}

/** A pause: working days in (from, to] are not counted. */
export interface Exclusion {
  from: IsoDate;
  to: IsoDate;
}

export function mergeExclusions(list: Exclusion[]): Exclusion[] {
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
 * working days inside pauses (merged, in order). Walks the (few) pauses, not the days.
 */
export function walk(cal: Calendar, from: IsoDate, n: number, exclusions: Exclusion[]): { date: IsoDate; provisional: boolean } {
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

/** `n` working days counted from `start` under the start-day rule: the simplest clock. */
export function deadlineAfter(cal: Calendar, start: IsoDate, n: number, rule: StartDayRule = DEFAULT_CLOCK_SETTINGS.startDay): { date: IsoDate; provisional: boolean } {
  const r = addWorkdays(cal, countFrom(start, rule), n, { details: false });
  return { date: r.date, provisional: r.provisional };
}

/** Counted (not excluded) working days in (from, to]. */
export function countedBetween(cal: Calendar, from: IsoDate, to: IsoDate, exclusions: Exclusion[]): number {
  let n = countWorkdays(cal, from, to, { details: false }).count;
  for (const x of exclusions) {
    const a = maxDate(x.from, from);
    const b = minDate(x.to, to);
    if (b > a) n -= countWorkdays(cal, a, b, { details: false }).count;
  }
  return n;
}

/** Working days of a pause that fall after `after`. */
export function excludedBetween(cal: Calendar, x: Exclusion, after: IsoDate): number {
  const a = maxDate(x.from, after);
  return x.to > a ? countWorkdays(cal, a, x.to, { details: false }).count : 0;
}

export function checkToday(options: ClockOptions): IsoDate | undefined {
  return options.today === undefined ? undefined : requireDate(options.today, '当前日期');
}
