/**
 * Reading a year's arrangement from what a person supplies — a JSON or CSV file for
 * `gongkai calendar import`, the office form, or the API — into the `CalendarYear`
 * shape that `validateCalendarYear` checks. Nothing here decides validity: it only
 * reshapes, and leaves anything odd in place for the validator to name. The file
 * formats are documented in docs/calendar-import.md.
 */
import { type IsoDate, dayOfWeek, formatChineseDate } from '../../lib/dates.js';
import { type CalendarOrigin, type CalendarYear, type HolidayKey, HOLIDAYS } from './calendar.js';

/** A problem with the file itself (not with the arrangement it describes). */
export class CalendarFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarFileError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const LABEL_TO_KEY = new Map<string, HolidayKey>(
  (Object.entries(HOLIDAYS) as [HolidayKey, { label: string }][]).flatMap(([key, { label }]) => [
    [label, key],
    [label.replace(/节$/, ''), key],
  ]),
);

/** A festival given by key (`spring_festival`) or by its Chinese name (春节); anything else is kept for the validator to reject. */
export function holidayKeyOf(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  return Object.hasOwn(HOLIDAYS, t) ? t : (LABEL_TO_KEY.get(t) ?? t);
}

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);

/**
 * One year from JSON-like input, in `CalendarYear` shape with `origin` set. Accepts
 * the notice fields inside `source` (as `calendar show --json` prints them) or at the
 * top level. Holiday spans and make-up days are sorted by date.
 */
export function normaliseYearInput(raw: unknown, origin: CalendarOrigin): unknown {
  if (!isRecord(raw)) return raw;
  const src = isRecord(raw.source) ? raw.source : raw;
  const holidays = Array.isArray(raw.holidays)
    ? raw.holidays.map((h: unknown) => {
        if (!isRecord(h)) return h;
        const span: Record<string, unknown> = { name: holidayKeyOf(h.name), start: trimmed(h.start), end: trimmed(h.end) };
        if (h.combinedWith !== undefined && h.combinedWith !== null && !(Array.isArray(h.combinedWith) && h.combinedWith.length === 0)) {
          span.combinedWith = Array.isArray(h.combinedWith) ? h.combinedWith.map(holidayKeyOf) : h.combinedWith;
        }
        return span;
      })
    : raw.holidays;
  const makeupWorkdays = Array.isArray(raw.makeupWorkdays) ? raw.makeupWorkdays.map(trimmed) : raw.makeupWorkdays;
  const byText = (a: unknown, b: unknown) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);
  const source: Record<string, unknown> = {
    noticeNumber: trimmed(src.noticeNumber),
    noticeDate: trimmed(src.noticeDate),
    title: trimmed(src.title),
    origin,
  };
  if (Array.isArray(src.amendments) && src.amendments.length > 0) source.amendments = src.amendments;
  return {
    year: typeof raw.year === 'string' && /^\s*\d{4}\s*$/.test(raw.year) ? Number(raw.year) : raw.year,
    holidays: Array.isArray(holidays)
      ? [...holidays].sort((a, b) => (isRecord(a) && isRecord(b) ? byText(a.start, b.start) : 0))
      : holidays,
    makeupWorkdays: Array.isArray(makeupWorkdays) ? [...makeupWorkdays].sort(byText) : makeupWorkdays,
    source,
  };
}

/** Splits one CSV line; fields may be quoted with "", a doubled "" inside is a quote. */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur.trim() === '') {
      quoted = true;
      cur = '';
    } else if (ch === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

const CSV_KINDS = ['year', 'notice_number', 'notice_date', 'title', 'holiday', 'makeup'] as const;

/**
 * The CSV format: one fact per line, its kind first. `year` starts a year; the
 * lines after it belong to that year until the next `year` line.
 *
 *     year,2027
 *     notice_number,国办发明电〔2026〕9号
 *     notice_date,2026-11-05
 *     title,国务院办公厅关于2027年部分节假日安排的通知
 *     holiday,春节,2027-02-05,2027-02-12
 *     makeup,2027-02-14
 *
 * Empty lines and lines starting with # are ignored; `notice_number` or `notice_date`
 * given as `unknown` (or 未知) record that the value is not known.
 */
export function parseCalendarCsv(text: string): Record<string, unknown>[] {
  const years: Record<string, unknown>[] = [];
  let cur: { year: unknown; holidays: unknown[]; makeupWorkdays: unknown[]; source: Record<string, unknown> } | null = null;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    const at = `第${i + 1}行`;
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    const [kind = '', ...rest] = csvFields(line);
    const k = kind.toLowerCase();
    if (k === 'kind') return; // an optional header line
    if (!(CSV_KINDS as readonly string[]).includes(k)) {
      throw new CalendarFileError(`${at}：无法识别的类型“${kind}”，应为 ${CSV_KINDS.join('、')} 之一`);
    }
    if (k === 'year') {
      cur = { year: rest[0] ?? '', holidays: [], makeupWorkdays: [], source: {} };
      years.push(cur);
      return;
    }
    if (!cur) throw new CalendarFileError(`${at}：第一条记录应为 year 行（例如“year,2027”）`);
    const value = rest[0] ?? '';
    const unknownValue = (v: string) => (/^(unknown|未知)$/i.test(v) ? null : v);
    switch (k) {
      case 'notice_number':
        cur.source.noticeNumber = unknownValue(value);
        break;
      case 'notice_date':
        cur.source.noticeDate = unknownValue(value);
        break;
      case 'title':
        cur.source.title = rest.join(',');
        break;
      case 'holiday': {
        if (rest.length < 3) throw new CalendarFileError(`${at}：holiday 行应为“holiday,节日,开始日期,结束日期[,合并的节日]”`);
        const span: Record<string, unknown> = { name: rest[0], start: rest[1], end: rest[2] };
        if (rest[3]) span.combinedWith = rest[3].split(/[;；、]/).map((s) => s.trim()).filter(Boolean);
        cur.holidays.push(span);
        break;
      }
      case 'makeup':
        if (!value) throw new CalendarFileError(`${at}：makeup 行应为“makeup,日期”`);
        cur.makeupWorkdays.push(value);
        break;
    }
  });
  if (years.length === 0) throw new CalendarFileError('文件中没有任何年度安排（缺少 year 行）');
  return years;
}

/**
 * The years in an import file. JSON: one year object, an array of them, or
 * `{"years": [...]}`. CSV: as `parseCalendarCsv`. The format follows the file name's
 * extension, or the content when there is none. Throws `CalendarFileError`.
 */
export function parseCalendarFile(text: string, fileName = ''): Record<string, unknown>[] {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  const body = text.replace(/^\uFEFF/, '');
  const looksJson = /^\s*[[{]/.test(body);
  if (ext === 'csv' || (ext !== 'json' && !looksJson)) return parseCalendarCsv(body);
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    throw new CalendarFileError(`JSON 格式错误：${(e as Error).message}`);
  }
  const list = Array.isArray(data) ? data : isRecord(data) && Array.isArray(data.years) ? data.years : [data];
  if (list.length === 0) throw new CalendarFileError('文件中没有任何年度安排');
  return list.map((y, i) => {
    if (!isRecord(y)) throw new CalendarFileError(`第${i + 1}个年度安排应为一个对象（含 year、holidays、makeupWorkdays、source）`);
    if (!('year' in y) || !('holidays' in y || 'makeupWorkdays' in y)) {
      throw new CalendarFileError(`第${i + 1}个年度安排缺少 year、holidays 或 makeupWorkdays：请按 docs/calendar-import.md 的格式准备文件`);
    }
    return y;
  });
}

const WEEKDAYS = '日一二三四五六';

/** A year as readable text, for `gongkai calendar show`. */
export function formatYearText(y: CalendarYear, meta: { version?: number; enteredBy?: string; createdAt?: string; note?: string } = {}): string {
  const lines: string[] = [];
  lines.push(`${y.year}年节假日安排${meta.version ? `（第${meta.version}版）` : ''}`);
  lines.push(`  通知：${y.source.title}`);
  lines.push(`  文号：${y.source.noticeNumber ?? '未知'}`);
  lines.push(`  成文日期：${y.source.noticeDate ?? '未知'}`);
  for (const a of y.source.amendments ?? []) lines.push(`  调整通知：${a.title}（${a.noticeNumber ?? '文号未知'}，${a.noticeDate ?? '日期未知'}）`);
  if (meta.enteredBy) lines.push(`  录入：${meta.enteredBy}${meta.createdAt ? `，${meta.createdAt}` : ''}`);
  if (meta.note) lines.push(`  说明：${meta.note}`);
  lines.push('  放假：');
  for (const h of y.holidays) {
    const days = Math.round((Date.parse(h.end) - Date.parse(h.start)) / 86_400_000) + 1;
    const name = [h.name, ...(h.combinedWith ?? [])].map((k) => HOLIDAYS[k].label).join('、');
    lines.push(`    ${name.padEnd(6, '　')} ${h.start} 至 ${h.end}（${formatChineseDate(h.start)}起，共${days}天）`);
  }
  lines.push('  调休上班：');
  if (y.makeupWorkdays.length === 0) lines.push('    无');
  for (const d of y.makeupWorkdays) lines.push(`    ${d}（星期${WEEKDAYS[dayOfWeek(d as IsoDate)]}）`);
  return lines.join('\n');
}
