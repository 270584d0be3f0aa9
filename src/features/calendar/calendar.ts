/**
 * The official working-day calendar: one record per year, each keyed to the State
 * Council General Office notice (《国务院办公厅关于YYYY年部分节假日安排的通知》) that
 * arranges that year, and a `Calendar` built from a contiguous run of such years.
 *
 * A notice for year Y may reach back into late December of Y-1: the 2012 notice made
 * Saturday 2011-12-31 a make-up working day, the 2019 and 2023 notices start 元旦 on
 * 2018-12-30 and 2022-12-31. Those dates belong to notice Y, never to Y-1, and all
 * lookups merge every notice, so callers never care which notice a date came from.
 */
import {
  type IsoDate,
  compareDates,
  dayOfWeek,
  fromDayNumber,
  isIsoDate,
  toDayNumber,
  yearOf,
} from '../../lib/dates.js';
import { STATUTORY_FIRST_YEAR, STATUTORY_LAST_YEAR, statutoryHolidays } from './statutory.js';

/** Festivals that appear in the notices. `victory_day` was a one-off, 2015-09-03 (国发明电〔2015〕1号). */
export const HOLIDAYS = {
  new_year: { label: '元旦' },
  spring_festival: { label: '春节' },
  qingming: { label: '清明节' },
  labour_day: { label: '劳动节' },
  dragon_boat: { label: '端午节' },
  mid_autumn: { label: '中秋节' },
  national_day: { label: '国庆节' },
  victory_day: { label: '抗战胜利纪念日' },
} as const;
export type HolidayKey = keyof typeof HOLIDAYS;

export function isHolidayKey(v: unknown): v is HolidayKey {
  return typeof v === 'string' && Object.hasOwn(HOLIDAYS, v);
}

/** Where a year's data came from; an admin entering next year's notice by hand is `manual`. */
export const CALENDAR_ORIGINS = {
  'seed:chinese-days@1.5.7': { label: '内置数据（chinese-days 1.5.7）' },
  manual: { label: '人工录入' },
  import: { label: '文件导入' },
} as const;
export type CalendarOrigin = keyof typeof CALENDAR_ORIGINS;

/**
 * A run of rest days the notice gives for one festival (a single date is a span with
 * start = end). Weekend days inside the run are included, as the notices count them.
 */
export interface HolidaySpan {
  name: HolidayKey;
  /** Festivals the notice joins into this span, e.g. 中秋节 inside an eight-day 国庆节. */
  combinedWith?: HolidayKey[];
  start: IsoDate;
  end: IsoDate;
}

/** A notice as published. Unknown number or date is `null`: we record ignorance, never a guess. */
export interface CalendarNotice {
  /** 发文字号, e.g. 国办发明电〔2024〕12号. */
  noticeNumber: string | null;
  /** 成文日期 (the date under the signature, not the date a website reposted it). */
  noticeDate: IsoDate | null;
  title: string;
}

export interface CalendarSource extends CalendarNotice {
  origin: CalendarOrigin;
  /** Later notices that changed this year (2015 抗战胜利纪念日, 2019 劳动节, 2020 春节 extension). */
  amendments?: CalendarNotice[];
}

/** One year's arrangement as the notice (plus amendments) gives it. */
export interface CalendarYear {
  year: number;
  holidays: HolidaySpan[];
  /** 调休上班日: Saturdays or Sundays that are working days. */
  makeupWorkdays: IsoDate[];
  source: CalendarSource;
}

export const PROBLEM_SEVERITIES = {
  error: { label: '错误' },
  warning: { label: '提醒' },
} as const;
export type ProblemSeverity = keyof typeof PROBLEM_SEVERITIES;

/** Stable codes for what can be wrong with a year's data; the message says which item and why. */
export const CALENDAR_PROBLEMS = {
  MALFORMED_INPUT: { label: '数据结构不正确', severity: 'error' },
  INVALID_YEAR: { label: '年份无效', severity: 'error' },
  EMPTY_YEAR: { label: '没有任何放假或调休安排', severity: 'error' },
  MALFORMED_DATE: { label: '日期格式错误或日期不存在', severity: 'error' },
  DATE_OUTSIDE_YEAR: { label: '日期不在该年安排的范围内', severity: 'error' },
  UNKNOWN_HOLIDAY: { label: '节日名称不在清单内', severity: 'error' },
  SPAN_REVERSED: { label: '结束日期早于开始日期', severity: 'error' },
  SPAN_UNUSUALLY_LONG: { label: '放假区间异常地长', severity: 'warning' },
  SPANS_OVERLAP: { label: '放假区间相互重叠', severity: 'error' },
  DUPLICATE_DATE: { label: '日期重复', severity: 'error' },
  MAKEUP_NOT_WEEKEND: { label: '调休上班日不是周六或周日', severity: 'error' },
  HOLIDAY_IS_MAKEUP: { label: '同一天既放假又调休上班', severity: 'error' },
  NOTICE_NUMBER_MISSING: { label: '缺少通知文号', severity: 'error' },
  NOTICE_NUMBER_GARBLED: { label: '通知文号格式不正确', severity: 'error' },
  NOTICE_NUMBER_UNKNOWN: { label: '通知文号未知', severity: 'warning' },
  NOTICE_NUMBER_YEAR_MISMATCH: { label: '通知文号年份与安排年份不符', severity: 'warning' },
  NOTICE_DATE_MISSING: { label: '缺少通知成文日期', severity: 'error' },
  NOTICE_DATE_UNKNOWN: { label: '通知成文日期未知', severity: 'warning' },
  NOTICE_DATE_IMPLAUSIBLE: { label: '通知成文日期不合常理', severity: 'error' },
  TITLE_MISSING: { label: '缺少通知标题', severity: 'error' },
  ORIGIN_INVALID: { label: '数据来源无效', severity: 'error' },
} as const satisfies Record<string, { label: string; severity: ProblemSeverity }>;
export type CalendarProblemCode = keyof typeof CALENDAR_PROBLEMS;

export interface CalendarProblem {
  code: CalendarProblemCode;
  severity: ProblemSeverity;
  /** Where in the input, e.g. `holidays[2].end`. */
  path: string;
  /** Chinese, names the item: 第3个放假区间（春节）的结束日期2026-02-13早于开始日期2026-02-15. */
  message: string;
}

/**
 * Errors the calendar functions throw. `INVALID_DATE` and `INVALID_DAY_COUNT` match the
 * platform's error codes so the web layer can map them one to one.
 */
export const CALENDAR_ERRORS = {
  INVALID_DATE: { label: '日期无效' },
  INVALID_DAY_COUNT: { label: '天数无效' },
  INVALID_CALENDAR: { label: '日历数据有误' },
} as const;
export type CalendarErrorCode = keyof typeof CALENDAR_ERRORS;

export class CalendarError extends RangeError {
  constructor(
    readonly code: CalendarErrorCode,
    message: string,
    readonly problems: readonly CalendarProblem[] = [],
  ) {
    super(message);
    this.name = 'CalendarError';
  }
}

/** Longest holiday block so far is 10 days (春节 2020 after the extension); more is likely a typo. */
const LONGEST_PLAUSIBLE_SPAN = 12;

const NOTICE_NUMBER = /^国(?:务院)?(?:办)?发明电〔(\d{4})〕([1-9]\d*)号$/;

/** First date a notice for `year` may mention: its 元旦 and make-up days can fall in December of year-1. */
export function noticeWindowStart(year: number): IsoDate {
  return `${year - 1}-12-01` as IsoDate;
}

function label(name: HolidayKey): string {
  return HOLIDAYS[name].label;
}

function problem(code: CalendarProblemCode, path: string, message: string): CalendarProblem {
  return { code, severity: CALENDAR_PROBLEMS[code].severity, path, message };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Check one year's data as an admin or an import supplies it. Returns every problem
 * found (empty = valid); severity `warning` does not block `buildCalendar`.
 *
 * Window rule: notice Y may use dates from (Y-1)-12-01 to Y-12-31, but a date before
 * Y-01-01 must be a make-up day or part of a 元旦 span — the only cases in practice.
 * A 元旦 span that starts on Y-12-31 belongs to notice Y+1 and is rejected here.
 */
export function validateCalendarYear(input: unknown): CalendarProblem[] {
  const out: CalendarProblem[] = [];
  if (!isRecord(input)) return [problem('MALFORMED_INPUT', '', '年度安排应为一个对象')];

  const year = input.year;
  const yearOk = typeof year === 'number' && Number.isInteger(year) && year >= 1901 && year <= 2999;
  if (!yearOk) out.push(problem('INVALID_YEAR', 'year', `年份“${String(year)}”无效，应为四位整数`));
  const y = yearOk ? (year as number) : null;
  const windowStart = y === null ? null : noticeWindowStart(y);
  const windowEnd = y === null ? null : (`${y}-12-31` as IsoDate);
  const newYearsDay = y === null ? null : (`${y}-01-01` as IsoDate);

  const holidaysIn = input.holidays;
  const makeupIn = input.makeupWorkdays;
  if (!Array.isArray(holidaysIn)) out.push(problem('MALFORMED_INPUT', 'holidays', '放假区间应为列表'));
  if (!Array.isArray(makeupIn)) out.push(problem('MALFORMED_INPUT', 'makeupWorkdays', '调休上班日应为列表'));
  const holidays = Array.isArray(holidaysIn) ? holidaysIn : [];
  const makeups = Array.isArray(makeupIn) ? makeupIn : [];
  if (Array.isArray(holidaysIn) && Array.isArray(makeupIn) && holidays.length === 0 && makeups.length === 0) {
    out.push(problem('EMPTY_YEAR', '', `${y ?? ''}年没有任何放假区间或调休上班日`));
  }

  // Valid spans, kept for the overlap and make-up checks below.
  const spans: { index: number; name: HolidayKey; start: IsoDate; end: IsoDate }[] = [];
  holidays.forEach((h: unknown, i) => {
    const at = `holidays[${i}]`;
    const nth = `第${i + 1}个放假区间`;
    if (!isRecord(h)) {
      out.push(problem('MALFORMED_INPUT', at, `${nth}应为一个对象`));
      return;
    }
    const nameOk = isHolidayKey(h.name);
    if (!nameOk) out.push(problem('UNKNOWN_HOLIDAY', `${at}.name`, `${nth}的节日名称“${String(h.name)}”不在清单内`));
    const who = nameOk ? `${nth}（${label(h.name as HolidayKey)}）` : nth;
    if (h.combinedWith !== undefined) {
      if (!Array.isArray(h.combinedWith)) {
        out.push(problem('MALFORMED_INPUT', `${at}.combinedWith`, `${who}的合并节日应为列表`));
      } else {
        h.combinedWith.forEach((c: unknown, j) => {
          if (!isHolidayKey(c) || c === h.name) {
            out.push(problem('UNKNOWN_HOLIDAY', `${at}.combinedWith[${j}]`, `${who}合并的节日“${String(c)}”无效`));
          }
        });
      }
    }
    let ok = nameOk;
    for (const end of ['start', 'end'] as const) {
      const v = h[end];
      const what = end === 'start' ? '开始日期' : '结束日期';
      if (!isIsoDate(v)) {
        out.push(problem('MALFORMED_DATE', `${at}.${end}`, `${who}的${what}“${String(v)}”不是有效日期（应为YYYY-MM-DD）`));
        ok = false;
      } else if (windowStart && windowEnd && (v < windowStart || v > windowEnd)) {
        out.push(problem('DATE_OUTSIDE_YEAR', `${at}.${end}`, `${who}的${what}${v}不在${y}年安排的范围内`));
        ok = false;
      }
    }
    if (!isIsoDate(h.start) || !isIsoDate(h.end)) return;
    if (h.end < h.start) {
      out.push(problem('SPAN_REVERSED', at, `${who}的结束日期${h.end}早于开始日期${h.start}`));
      return;
    }
    const days = toDayNumber(h.end) - toDayNumber(h.start) + 1;
    if (days > LONGEST_PLAUSIBLE_SPAN) {
      out.push(problem('SPAN_UNUSUALLY_LONG', at, `${who}长达${days}天，请核对是否录入有误`));
    }
    if (ok && newYearsDay && h.start < newYearsDay && h.name !== 'new_year') {
      out.push(
        problem('DATE_OUTSIDE_YEAR', `${at}.start`, `${who}从${h.start}开始：只有元旦假期可以从上一年12月开始`),
      );
      ok = false;
    }
    if (ok) spans.push({ index: i, name: h.name as HolidayKey, start: h.start, end: h.end });
  });

  const bySpanStart = [...spans].sort((a, b) => compareDates(a.start, b.start) || a.index - b.index);
  for (let i = 1; i < bySpanStart.length; i++) {
    const prev = bySpanStart[i - 1]!;
    const cur = bySpanStart[i]!;
    if (cur.start <= prev.end) {
      out.push(
        problem(
          'SPANS_OVERLAP',
          `holidays[${cur.index}]`,
          `第${cur.index + 1}个放假区间（${label(cur.name)}，${cur.start}至${cur.end}）与第${prev.index + 1}个放假区间（${label(prev.name)}，${prev.start}至${prev.end}）重叠`,
        ),
      );
    }
  }

  const seenMakeup = new Map<string, number>();
  makeups.forEach((d: unknown, i) => {
    const at = `makeupWorkdays[${i}]`;
    const nth = `第${i + 1}个调休上班日`;
    if (!isIsoDate(d)) {
      out.push(problem('MALFORMED_DATE', at, `${nth}“${String(d)}”不是有效日期（应为YYYY-MM-DD）`));
      return;
    }
    const first = seenMakeup.get(d);
    if (first !== undefined) {
      out.push(problem('DUPLICATE_DATE', at, `${nth}${d}与第${first + 1}个调休上班日重复`));
      return;
    }
    seenMakeup.set(d, i);
    if (windowStart && windowEnd && (d < windowStart || d > windowEnd)) {
      out.push(problem('DATE_OUTSIDE_YEAR', at, `${nth}${d}不在${y}年安排的范围内`));
    }
    const dow = dayOfWeek(d);
    if (dow !== 0 && dow !== 6) {
      out.push(problem('MAKEUP_NOT_WEEKEND', at, `${nth}${d}是星期${'日一二三四五六'[dow]}，调休上班日只能是周六或周日`));
    }
    const span = spans.find((s) => s.start <= d && d <= s.end);
    if (span) {
      out.push(
        problem(
          'HOLIDAY_IS_MAKEUP',
          at,
          `${nth}${d}落在第${span.index + 1}个放假区间（${label(span.name)}，${span.start}至${span.end}）内`,
        ),
      );
    }
  });

  if (!isRecord(input.source)) {
    out.push(problem('MALFORMED_INPUT', 'source', '缺少通知来源信息'));
  } else {
    const src = input.source;
    out.push(...validateNotice(src, 'source', y, '通知'));
    if (!Object.hasOwn(CALENDAR_ORIGINS, String(src.origin))) {
      out.push(problem('ORIGIN_INVALID', 'source.origin', `数据来源“${String(src.origin)}”无效`));
    }
    if (src.amendments !== undefined) {
      if (!Array.isArray(src.amendments)) {
        out.push(problem('MALFORMED_INPUT', 'source.amendments', '调整通知应为列表'));
      } else {
        src.amendments.forEach((a: unknown, i) => {
          const at = `source.amendments[${i}]`;
          if (!isRecord(a)) out.push(problem('MALFORMED_INPUT', at, `第${i + 1}个调整通知应为一个对象`));
          else out.push(...validateNotice(a, at, y, `第${i + 1}个调整通知`));
        });
      }
    }
  }
  return out;
}

function validateNotice(n: Record<string, unknown>, at: string, year: number | null, who: string): CalendarProblem[] {
  const out: CalendarProblem[] = [];
  const num = n.noticeNumber;
  if (num === null) {
    out.push(problem('NOTICE_NUMBER_UNKNOWN', `${at}.noticeNumber`, `${who}文号未知，请在取得通知原文后补录`));
  } else if (typeof num !== 'string' || num.trim() === '') {
    out.push(problem('NOTICE_NUMBER_MISSING', `${at}.noticeNumber`, `${who}缺少文号；确实不知道时请明确标记为未知`));
  } else {
    const m = NOTICE_NUMBER.exec(num);
    if (!m) {
      out.push(
        problem('NOTICE_NUMBER_GARBLED', `${at}.noticeNumber`, `${who}文号“${num}”格式不正确，应形如“国办发明电〔2024〕12号”`),
      );
    } else if (year !== null) {
      const numberYear = Number(m[1]);
      if (numberYear !== year - 1 && numberYear !== year) {
        out.push(
          problem(
            'NOTICE_NUMBER_YEAR_MISMATCH',
            `${at}.noticeNumber`,
            `${who}文号“${num}”的年份${numberYear}与${year}年的安排不符（通常为${year - 1}年或${year}年）`,
          ),
        );
      }
    }
  }
  const date = n.noticeDate;
  if (date === null) {
    out.push(problem('NOTICE_DATE_UNKNOWN', `${at}.noticeDate`, `${who}成文日期未知，请在取得通知原文后补录`));
  } else if (date === undefined || date === '') {
    out.push(problem('NOTICE_DATE_MISSING', `${at}.noticeDate`, `${who}缺少成文日期；确实不知道时请明确标记为未知`));
  } else if (!isIsoDate(date)) {
    out.push(problem('MALFORMED_DATE', `${at}.noticeDate`, `${who}成文日期“${String(date)}”不是有效日期（应为YYYY-MM-DD）`));
  } else if (year !== null && (yearOf(date) < year - 2 || date > `${year}-12-31`)) {
    out.push(problem('NOTICE_DATE_IMPLAUSIBLE', `${at}.noticeDate`, `${who}成文日期${date}与${year}年的安排不符`));
  }
  if (typeof n.title !== 'string' || n.title.trim() === '') {
    out.push(problem('TITLE_MISSING', `${at}.title`, `${who}缺少标题`));
  }
  return out;
}

/** What a day is. `makeup` is a weekend day worked under a 调休 arrangement. */
export const DAY_KINDS = {
  workday: { label: '工作日', working: true },
  weekend: { label: '休息日', working: false },
  holiday: { label: '节假日', working: false },
  makeup: { label: '调休上班日', working: true },
} as const;
export type DayKind = keyof typeof DAY_KINDS;

/** Codes stored per day in the index; order matters only to `DAY_KIND_BY_CODE`. */
export const DAY_CODE = { workday: 0, weekend: 1, holiday: 2, makeup: 3 } as const;
export const DAY_KIND_BY_CODE: readonly DayKind[] = ['workday', 'weekend', 'holiday', 'makeup'];

/**
 * Precomputed lookups. Day numbers are days since 1970-01-01 (`toDayNumber`). The
 * index covers [base, base + kinds.length): the covered years and the uncovered years
 * the statutory rule reaches (2025–2099); outside it the weekday rule applies.
 */
export interface CalendarIndex {
  readonly base: number;
  /** `DAY_CODE` per day from `base`. */
  readonly kinds: Uint8Array;
  /** cum[i] = working days in [base, base + i); length kinds.length + 1. */
  readonly cum: Int32Array;
  /** Offsets from `base` of every working day in the index, ascending. */
  readonly workdayOffsets: Int32Array;
  /** Day numbers of every holiday date (any weekday), ascending. */
  readonly holidayDays: Int32Array;
  /** Day numbers of every make-up working day, ascending. */
  readonly makeupDays: Int32Array;
  /**
   * Statutory holidays of uncovered years (statutory.ts), ascending; also in
   * `holidayDays`. They are days off, but no notice has confirmed them.
   */
  readonly provisionalHolidayDays: Int32Array;
  /** Holiday date → festival, for explanations. */
  readonly holidayNames: ReadonlyMap<number, HolidayKey>;
  /** Day numbers of Jan 1 of the first covered year and Dec 31 of the last; NaN when empty. */
  readonly firstCoveredDay: number;
  readonly lastCoveredDay: number;
}

/** An immutable calendar over a contiguous run of officially arranged years. */
export interface Calendar {
  /** Years whose every day is known. `null` when built from no years: everything is provisional. */
  readonly coverage: { readonly firstYear: number; readonly lastYear: number } | null;
  readonly years: readonly CalendarYear[];
  /** Internal lookup tables for `workdays.ts`; treat as opaque. */
  readonly index: CalendarIndex;
}

function enumerate(start: IsoDate, end: IsoDate): number[] {
  const out: number[] = [];
  for (let d = toDayNumber(start), e = toDayNumber(end); d <= e; d++) out.push(d);
  return out;
}

/**
 * Build a calendar from official years. Throws `CalendarError('INVALID_CALENDAR')` with
 * the problems when a year has errors, a year repeats, the years are not contiguous
 * (a gap would silently fall back to the weekday rule inside the covered range), or two
 * notices disagree about a date they both mention.
 */
export function buildCalendar(years: readonly CalendarYear[]): Calendar {
  const problems: CalendarProblem[] = [];
  years.forEach((y, i) => {
    for (const p of validateCalendarYear(y)) {
      if (p.severity === 'error') problems.push({ ...p, path: `[${i}]${p.path ? `.${p.path}` : ''}`, message: `${y?.year ?? ''}年：${p.message}` });
    }
  });
  if (problems.length > 0) {
    throw new CalendarError('INVALID_CALENDAR', `日历数据有误：${problems[0]!.message}`, problems);
  }

  const sorted = [...years].sort((a, b) => a.year - b.year);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!.year;
    const cur = sorted[i]!.year;
    if (cur === prev) {
      problems.push(problem('MALFORMED_INPUT', '', `${cur}年的安排重复出现`));
    } else if (cur !== prev + 1) {
      const missing = cur === prev + 2 ? `${prev + 1}年` : `${prev + 1}年至${cur - 1}年`;
      problems.push(problem('MALFORMED_INPUT', '', `缺少${missing}的安排：年份必须连续，否则中间年份会被误当作没有节假日`));
    }
  }

  const holidayNames = new Map<number, HolidayKey>();
  const holidayYear = new Map<number, number>();
  const makeupYear = new Map<number, number>();
  for (const y of sorted) {
    for (const span of y.holidays) {
      for (const d of enumerate(span.start, span.end)) {
        const other = holidayYear.get(d);
        if (other !== undefined && other !== y.year) {
          problems.push(problem('SPANS_OVERLAP', '', `${span.start}至${span.end}（${label(span.name)}）同时出现在${other}年和${y.year}年的安排中`));
        }
        holidayYear.set(d, y.year);
        holidayNames.set(d, span.name);
      }
    }
    for (const m of y.makeupWorkdays) {
      const d = toDayNumber(m);
      const other = makeupYear.get(d);
      if (other !== undefined && other !== y.year) {
        problems.push(problem('DUPLICATE_DATE', '', `调休上班日${m}同时出现在${other}年和${y.year}年的安排中`));
      }
      makeupYear.set(d, y.year);
    }
  }
  for (const [d, y] of makeupYear) {
    const hy = holidayYear.get(d);
    if (hy !== undefined) {
      problems.push(problem('HOLIDAY_IS_MAKEUP', '', `${fromDayNumber(d)}在${hy}年的安排中放假，在${y}年的安排中却是调休上班日`));
    }
  }
  if (problems.length > 0) {
    throw new CalendarError('INVALID_CALENDAR', `日历数据有误：${problems[0]!.message}`, problems);
  }

  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const coverage = first && last ? Object.freeze({ firstYear: first.year, lastYear: last.year }) : null;

  // Uncovered years the statutory rule reaches rest on its holidays, provisionally. A date
  // some notice mentions (December before the first covered year) keeps the notice's kind.
  const provisionalHolidays: number[] = [];
  let provisionalFirst = Number.POSITIVE_INFINITY;
  let provisionalLast = Number.NEGATIVE_INFINITY;
  for (let y = STATUTORY_FIRST_YEAR; y <= STATUTORY_LAST_YEAR; y++) {
    if (coverage && y >= coverage.firstYear && y <= coverage.lastYear) continue;
    provisionalFirst = Math.min(provisionalFirst, toDayNumber(`${y}-01-01`));
    provisionalLast = Math.max(provisionalLast, toDayNumber(`${y}-12-31`));
    for (const span of statutoryHolidays(y) ?? []) {
      for (const d of enumerate(span.start, span.end)) {
        if (holidayYear.has(d) || makeupYear.has(d)) continue;
        provisionalHolidays.push(d);
        holidayNames.set(d, span.name);
      }
    }
  }

  let base = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  if (first && last) {
    base = toDayNumber(noticeWindowStart(first.year));
    end = toDayNumber(`${last.year}-12-31`);
  }
  base = Math.min(base, provisionalFirst);
  end = Math.max(end, provisionalLast);
  if (!Number.isFinite(base)) {
    base = 0;
    end = -1;
  }
  const len = Math.max(0, end - base + 1);
  const kinds = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    const dow = (((base + i + 4) % 7) + 7) % 7;
    kinds[i] = dow === 0 || dow === 6 ? DAY_CODE.weekend : DAY_CODE.workday;
  }
  for (const d of holidayYear.keys()) kinds[d - base] = DAY_CODE.holiday;
  for (const d of makeupYear.keys()) kinds[d - base] = DAY_CODE.makeup;
  for (const d of provisionalHolidays) kinds[d - base] = DAY_CODE.holiday;

  const cum = new Int32Array(len + 1);
  const offsets: number[] = [];
  for (let i = 0; i < len; i++) {
    const working = kinds[i] === DAY_CODE.workday || kinds[i] === DAY_CODE.makeup;
    cum[i + 1] = cum[i]! + (working ? 1 : 0);
    if (working) offsets.push(i);
  }

  const index: CalendarIndex = {
    base,
    kinds,
    cum,
    workdayOffsets: Int32Array.from(offsets),
    holidayDays: Int32Array.from([...holidayYear.keys(), ...provisionalHolidays].sort((a, b) => a - b)),
    provisionalHolidayDays: Int32Array.from(provisionalHolidays.sort((a, b) => a - b)),
    makeupDays: Int32Array.from([...makeupYear.keys()].sort((a, b) => a - b)),
    holidayNames,
    firstCoveredDay: coverage ? toDayNumber(`${coverage.firstYear}-01-01`) : Number.NaN,
    lastCoveredDay: coverage ? toDayNumber(`${coverage.lastYear}-12-31`) : Number.NaN,
  };
  return Object.freeze({ coverage, years: Object.freeze(sorted), index });
}
