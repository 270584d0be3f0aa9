/**
 * Reading the calculator's inputs (portal form and API query alike) and turning the
 * calendar's own errors into the platform's error codes.
 */
import { z } from 'zod';
import { AppError, type FieldErrors } from '../../errors.js';
import { type IsoDate, isIsoDate } from '../../lib/dates.js';
import { CalendarError } from './calendar.js';
import { MAX_DAY_COUNT } from './workdays.js';

function dateProblem(v: unknown, what: string): string | null {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return `请填写${what}`;
  if (typeof v !== 'string') return `${what}格式不正确`;
  const t = v.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t)) return `${what}“${t.slice(0, 40)}”格式不正确，应为YYYY-MM-DD，例如2026-09-15`;
  if (!isIsoDate(t)) return `${what}${t}不存在（请检查月份和日期）`;
  return null;
}

function dayCountProblem(v: unknown): string | null {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return '请填写工作日天数';
  const t = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (/^-\d+$/.test(t)) return '工作日天数不能为负数';
  if (!/^\d+$/.test(t)) return `工作日天数“${t.slice(0, 20)}”应为整数，例如20`;
  if (Number(t) > MAX_DAY_COUNT) return `工作日天数${t.length > 12 ? '过大' : t}超出范围，最多${MAX_DAY_COUNT}天`;
  return null;
}

export interface AddWorkdaysQuery {
  from: IsoDate;
  days: number;
}

/** Checks `from` and `days`; throws INVALID_DATE (or INVALID_DAY_COUNT) with a message per field. */
export function parseAddWorkdaysQuery(raw: Record<string, unknown>): AddWorkdaysQuery {
  const fields: FieldErrors = {};
  const fromProblem = dateProblem(raw.from, '起算日期');
  if (fromProblem) fields.from = fromProblem;
  const daysProblem = dayCountProblem(raw.days);
  if (daysProblem) fields.days = daysProblem;
  if (fromProblem) throw new AppError('INVALID_DATE', fromProblem, fields);
  if (daysProblem) throw new AppError('INVALID_DAY_COUNT', daysProblem, fields);
  return { from: String(raw.from).trim() as IsoDate, days: Number(String(raw.days).trim()) };
}

export interface CountWorkdaysQuery {
  from: IsoDate;
  to: IsoDate;
}

export function parseCountWorkdaysQuery(raw: Record<string, unknown>): CountWorkdaysQuery {
  const fields: FieldErrors = {};
  const a = dateProblem(raw.from, '起算日期');
  const b = dateProblem(raw.to, '截止日期');
  if (a) fields.from = a;
  if (b) fields.to = b;
  if (a || b) throw new AppError('INVALID_DATE', (a ?? b)!, fields);
  return { from: String(raw.from).trim() as IsoDate, to: String(raw.to).trim() as IsoDate };
}

/** A `CalendarError` as the platform error with the same meaning. */
export function calendarAppError(e: CalendarError, field?: string): AppError {
  const fields = field ? { [field]: e.message } : undefined;
  if (e.code === 'INVALID_DATE') return new AppError('INVALID_DATE', e.message, fields);
  if (e.code === 'INVALID_DAY_COUNT') return new AppError('INVALID_DAY_COUNT', e.message, fields);
  return new AppError('VALIDATION_FAILED', e.message, fields);
}

/** Runs pure calendar arithmetic, mapping its errors to platform errors. */
export function withCalendarErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CalendarError) throw calendarAppError(e);
    throw e;
  }
}

/** Query schemas for the API description (validation itself is the functions above). */
export const addWorkdaysQueryDoc = z.object({
  from: z.string().describe('起算日期 YYYY-MM-DD（当日不计入）'),
  days: z.string().describe(`工作日天数，0 至 ${MAX_DAY_COUNT} 的整数`),
});
export const countWorkdaysQueryDoc = z.object({
  from: z.string().describe('起算日期 YYYY-MM-DD（当日不计入）'),
  to: z.string().describe('截止日期 YYYY-MM-DD（计入）'),
});
