/**
 * Working-day arithmetic over a `Calendar`. A working day is Monday–Friday, minus
 * statutory holidays, plus 调休 make-up weekend days (spec §1.4).
 *
 * Counting rule: the start day is never counted. `addWorkdays(d, n)` is the n-th
 * working day strictly after d, and `countWorkdays(a, b)` counts working days in
 * (a, b], so `countWorkdays(d, addWorkdays(d, n).date).count === n`. Whether a
 * statutory period treats the start day as day 1 is a clock setting (clocks.ts).
 *
 * Days in years the calendar does not cover rest on the statutory holidays of
 * 《全国年节及纪念日放假办法》 (statutory.ts; 2025–2099) and otherwise fall back to
 * Monday–Friday. Only the 调休 and 补假 of such a year are unknown, so any result that
 * looked at one of its days says `provisional: true`; it is never silent, and the
 * explanation marks the statutory holidays it skipped as provisional.
 *
 * Both operations are O(log n) at worst: per-day codes and a prefix sum of working
 * days are precomputed in `buildCalendar`, and the weekday rule outside the covered
 * range is closed-form, so no call walks day by day.
 */
import { type IsoDate, formatChineseDate, fromDayNumber, isIsoDate, toDayNumber, yearOf } from '../../lib/dates.js';
import {
  type Calendar,
  type CalendarIndex,
  type DayKind,
  type HolidayKey,
  CalendarError,
  DAY_CODE,
  DAY_KIND_BY_CODE,
  DAY_KINDS,
  HOLIDAYS,
} from './calendar.js';
import { PROVISIONAL_NOTE, STATUTORY_FIRST_YEAR, STATUTORY_LAST_YEAR, STATUTORY_RULE } from './statutory.js';

/** Far beyond any statutory period; guards against runaway input such as a year typed as days. */
export const MAX_DAY_COUNT = 10_000;

export interface WorkdayOptions {
  /**
   * Fill `holidaysSkipped`, `makeupDaysCounted` and `explain` (default true). Bulk
   * recomputation can turn it off; `provisional` is always computed.
   */
  details?: boolean;
}

export interface WorkdayDetails {
  /** True if any day looked at lies in a year the calendar does not cover. */
  provisional: boolean;
  /** Every date marked holiday in the interval (weekend ones included): not counted. */
  holidaysSkipped: IsoDate[];
  /** Those of `holidaysSkipped` that only the statutory rule gives (no notice yet). */
  provisionalHolidaysSkipped: IsoDate[];
  /** Every make-up weekend working day in the interval: counted. */
  makeupDaysCounted: IsoDate[];
  /** Chinese sentences for letters and the office UI. */
  explain: string[];
}

export interface AddWorkdaysResult extends WorkdayDetails {
  date: IsoDate;
}

export interface CountWorkdaysResult extends WorkdayDetails {
  count: number;
}

export interface DayInfo {
  date: IsoDate;
  kind: DayKind;
  working: boolean;
  /** The festival, for holidays. */
  holiday: HolidayKey | null;
  /**
   * The year is outside the calendar's coverage, so `kind` follows the statutory
   * holidays (2025–2099) and the weekend rule; its 调休 is unknown.
   */
  provisional: boolean;
}

// 1970-01-05 (day 4) was a Monday; weekday arithmetic counts whole weeks from it.
const MONDAY = 4;

/** Monday–Friday days with day number < d. */
function weekdaysBefore(d: number): number {
  const m = d - MONDAY;
  const weeks = Math.floor(m / 7);
  return 5 * weeks + Math.min(m - 7 * weeks, 5);
}

/** The weekday with exactly k weekdays before it (inverse of `weekdaysBefore`). */
function nthWeekday(k: number): number {
  const weeks = Math.floor(k / 5);
  return MONDAY + 7 * weeks + (k - 5 * weeks);
}

/** Working days with day number < d, up to a constant that cancels in differences. */
function rank(ix: CalendarIndex, d: number): number {
  const len = ix.kinds.length;
  if (d <= ix.base) return weekdaysBefore(d);
  const atBase = weekdaysBefore(ix.base);
  if (d <= ix.base + len) return atBase + ix.cum[d - ix.base]!;
  return atBase + ix.cum[len]! + weekdaysBefore(d) - weekdaysBefore(ix.base + len);
}

/** The working day whose rank is k. */
function unrank(ix: CalendarIndex, k: number): number {
  const len = ix.kinds.length;
  const j = k - weekdaysBefore(ix.base);
  if (j < 0) return nthWeekday(k);
  const total = ix.cum[len]!;
  if (j < total) return ix.base + ix.workdayOffsets[j]!;
  return nthWeekday(weekdaysBefore(ix.base + len) + (j - total));
}

function dayCode(ix: CalendarIndex, d: number): number {
  const i = d - ix.base;
  if (i >= 0 && i < ix.kinds.length) return ix.kinds[i]!;
  const dow = (((d + 4) % 7) + 7) % 7;
  return dow === 0 || dow === 6 ? DAY_CODE.weekend : DAY_CODE.workday;
}

function lowerBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Day numbers in `a` within [from, to]. */
function slice(a: Int32Array, from: number, to: number): IsoDate[] {
  const out: IsoDate[] = [];
  for (let i = lowerBound(a, from); i < a.length && a[i]! <= to; i++) out.push(fromDayNumber(a[i]!));
  return out;
}

function isCoveredDay(cal: Calendar, d: number): boolean {
  return cal.coverage !== null && d >= cal.index.firstCoveredDay && d <= cal.index.lastCoveredDay;
}

/** Whether days first..last (inclusive) all lie in covered years. An empty range is covered. */
function rangeCovered(cal: Calendar, first: number, last: number): boolean {
  return first > last || (isCoveredDay(cal, first) && isCoveredDay(cal, last));
}

function requireDate(date: unknown, what: string): IsoDate {
  if (!isIsoDate(date)) throw new CalendarError('INVALID_DATE', `${what}“${String(date)}”不是有效日期（应为YYYY-MM-DD）`);
  return date;
}

function requireDayCount(n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_DAY_COUNT) {
    throw new CalendarError('INVALID_DAY_COUNT', `工作日天数应为0至${MAX_DAY_COUNT}之间的整数，收到“${String(n)}”`);
  }
  return n;
}

/** True when the date lies in a year the calendar covers, so its kind is official. */
export function coversDate(cal: Calendar, date: IsoDate): boolean {
  return isCoveredDay(cal, toDayNumber(requireDate(date, '日期')));
}

/** What kind of day `date` is. Throws `INVALID_DATE` for a malformed date. */
export function dayInfo(cal: Calendar, date: IsoDate): DayInfo {
  const d = toDayNumber(requireDate(date, '日期'));
  const kind = DAY_KIND_BY_CODE[dayCode(cal.index, d)]!;
  return {
    date,
    kind,
    working: DAY_KINDS[kind].working,
    holiday: kind === 'holiday' ? (cal.index.holidayNames.get(d) ?? null) : null,
    provisional: !isCoveredDay(cal, d),
  };
}

/** `isWorkday`'s answer: read `working`, and `provisional` before relying on it. */
export interface WorkdayAnswer {
  working: boolean;
  /** The year is not covered by a notice: statutory holidays and the weekend rule only. */
  provisional: boolean;
}

/**
 * Whether `date` is a working day, and whether that is provisional. An object, not a
 * boolean, so no caller can drop the flag; `dayInfo` adds the kind and the festival.
 */
export function isWorkday(cal: Calendar, date: IsoDate): WorkdayAnswer {
  const d = toDayNumber(requireDate(date, '日期'));
  const code = dayCode(cal.index, d);
  return { working: code === DAY_CODE.workday || code === DAY_CODE.makeup, provisional: !isCoveredDay(cal, d) };
}

type Lists = Omit<WorkdayDetails, 'provisional'>;

/** Empty lists, fresh per result (callers may push onto theirs). */
function noDetails(): Lists {
  return { holidaysSkipped: [], provisionalHolidaysSkipped: [], makeupDaysCounted: [], explain: [] };
}

/** The lists and explanation lines (after the first) for days first..last. */
function detailsOf(cal: Calendar, first: number, last: number): Lists {
  const ix = cal.index;
  const holidaysSkipped = slice(ix.holidayDays, first, last);
  const provisionalHolidaysSkipped = slice(ix.provisionalHolidayDays, first, last);
  const makeupDaysCounted = slice(ix.makeupDays, first, last);
  const explain = describe(cal, first, last, holidaysSkipped, makeupDaysCounted);
  return { holidaysSkipped, provisionalHolidaysSkipped, makeupDaysCounted, explain };
}

/**
 * The n-th working day strictly after `date` (the start day is never counted).
 * n = 0 returns `date` unchanged and examines nothing, so it is never provisional;
 * statutory deadlines always use n ≥ 1. Throws `INVALID_DATE` / `INVALID_DAY_COUNT`.
 */
export function addWorkdays(cal: Calendar, date: IsoDate, n: number, options: WorkdayOptions = {}): AddWorkdaysResult {
  requireDate(date, '起算日期');
  requireDayCount(n);
  const d0 = toDayNumber(date);
  if (n === 0) return { date, provisional: false, ...noDetails() };
  const ix = cal.index;
  const d = unrank(ix, rank(ix, d0 + 1) + n - 1);
  const result = fromDayNumber(d);
  const provisional = !rangeCovered(cal, d0 + 1, d);
  if (options.details === false) return { date: result, provisional, ...noDetails() };
  const details = detailsOf(cal, d0 + 1, d);
  details.explain.unshift(`自${formatChineseDate(date)}的次日起算（当日不计），第${n}个工作日为${formatChineseDate(result)}。`);
  return { date: result, provisional, ...details };
}

/**
 * Working days d with from < d ≤ to; 0 when to ≤ from. Throws `INVALID_DATE`.
 * Inverse of `addWorkdays`: countWorkdays(cal, d, addWorkdays(cal, d, n).date).count === n.
 */
export function countWorkdays(cal: Calendar, from: IsoDate, to: IsoDate, options: WorkdayOptions = {}): CountWorkdaysResult {
  requireDate(from, '起算日期');
  requireDate(to, '截止日期');
  const a = toDayNumber(from);
  const b = toDayNumber(to);
  if (b <= a) return { count: 0, provisional: false, ...noDetails() };
  const ix = cal.index;
  const count = rank(ix, b + 1) - rank(ix, a + 1);
  const provisional = !rangeCovered(cal, a + 1, b);
  if (options.details === false) return { count, provisional, ...noDetails() };
  const details = detailsOf(cal, a + 1, b);
  details.explain.unshift(`${formatChineseDate(from)}（不计）至${formatChineseDate(to)}共有${count}个工作日。`);
  return { count, provisional, ...details };
}

/** Whether day `d` is a statutory holiday of an uncovered year, not one a notice gives. */
function isProvisionalHoliday(ix: CalendarIndex, d: number): boolean {
  const i = lowerBound(ix.provisionalHolidayDays, d);
  return i < ix.provisionalHolidayDays.length && ix.provisionalHolidayDays[i] === d;
}

/**
 * Consecutive holiday dates of one festival, as 2026年10月1日至2026年10月7日（国庆节）;
 * a statutory holiday no notice has confirmed yet reads （元旦，暂按法定节假日推算）.
 */
function holidayRuns(cal: Calendar, dates: IsoDate[]): string[] {
  const runs: { start: IsoDate; end: IsoDate; last: number; name: HolidayKey | undefined; provisional: boolean }[] = [];
  for (const date of dates) {
    const d = toDayNumber(date);
    const name = cal.index.holidayNames.get(d);
    const provisional = isProvisionalHoliday(cal.index, d);
    const run = runs[runs.length - 1];
    if (run && run.last === d - 1 && run.name === name && run.provisional === provisional) {
      run.end = date;
      run.last = d;
    } else {
      runs.push({ start: date, end: date, last: d, name, provisional });
    }
  }
  return runs.map((r) => {
    const when = r.start === r.end ? formatChineseDate(r.start) : `${formatChineseDate(r.start)}至${formatChineseDate(r.end)}`;
    const what = [r.name ? HOLIDAYS[r.name].label : null, r.provisional ? '暂按法定节假日推算' : null].filter(Boolean);
    return what.length ? `${when}（${what.join('，')}）` : when;
  });
}

function yearRanges(years: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < years.length; ) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j]! + 1) j++;
    parts.push(i === j ? `${years[i]}年` : `${years[i]}年至${years[j]}年`);
    i = j + 1;
  }
  return parts.join('、');
}

/** Uncovered years between the days first..last, split by whether the statutory rule reaches them. */
function uncoveredYears(cal: Calendar, first: number, last: number): { statutory: number[]; weekdayOnly: number[] } {
  const out = { statutory: [] as number[], weekdayOnly: [] as number[] };
  const c = cal.coverage;
  for (let y = yearOf(fromDayNumber(first)), e = yearOf(fromDayNumber(last)); y <= e; y++) {
    if (c && y >= c.firstYear && y <= c.lastYear) continue;
    (y >= STATUTORY_FIRST_YEAR && y <= STATUTORY_LAST_YEAR ? out.statutory : out.weekdayOnly).push(y);
  }
  return out;
}

function uncoveredNotes(cal: Calendar, first: number, last: number): string[] {
  const { statutory, weekdayOnly } = uncoveredYears(cal, first, last);
  const scope = cal.coverage ? `（现有安排覆盖${cal.coverage.firstYear}年至${cal.coverage.lastYear}年）` : '';
  const out: string[] = [];
  if (statutory.length > 0) {
    out.push(
      `${yearRanges(statutory)}的节假日安排未录入${scope}，暂按${STATUTORY_RULE.title}规定的法定节假日放假、其余周一至周五为工作日计算：${PROVISIONAL_NOTE}，结果为临时结果；国务院办公厅公布该年安排后须重新核对。`,
    );
  }
  if (weekdayOnly.length > 0) {
    out.push(
      `${yearRanges(weekdayOnly)}的节假日安排未录入${scope}，暂按周一至周五为工作日计算，结果为临时结果；国务院办公厅公布该年安排后须重新核对。`,
    );
  }
  return out;
}

function describe(cal: Calendar, first: number, last: number, holidays: IsoDate[], makeups: IsoDate[]): string[] {
  const out: string[] = [];
  if (holidays.length > 0) out.push(`其间的节假日不计入：${holidayRuns(cal, holidays).join('；')}。`);
  if (makeups.length > 0) out.push(`其间的调休上班日计为工作日：${makeups.map(formatChineseDate).join('、')}。`);
  if (!rangeCovered(cal, first, last)) out.push(...uncoveredNotes(cal, first, last));
  return out;
}
