/**
 * Bulletin-board prints (公示栏): any page of the platform as a notice to post on a
 * physical board, A4 or A3, with the agency's name, the posting dates, the 监督电话
 * and a QR code to the page. One input shape for every feature (a publication, a
 * project stage, a fee list, a consultation, a mailbox reply): the feature builds a
 * `BulletinNotice` and answers with `sendBulletin` (bulletin.http.ts).
 */
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { addDays, type IsoDate, isIsoDate } from '../../lib/dates.js';

export const BULLETIN_SIZES = {
  A4: { label: 'A4', widthMm: 210, heightMm: 297, baseFontPt: 12 },
  A3: { label: 'A3', widthMm: 297, heightMm: 420, baseFontPt: 16 },
} as const;
export type BulletinSize = keyof typeof BULLETIN_SIZES;

/** One section of the notice: an optional heading, then plain paragraphs or sanitized HTML. */
export interface BulletinSection {
  heading?: string | undefined;
  paragraphs?: readonly string[] | undefined;
  /** Already sanitized HTML (a publication's body); rendered as is, so never raw user input. */
  html?: string | undefined;
}

export interface BulletinNotice {
  title: string;
  sections: readonly BulletinSection[];
  /** Absolute URL of the page the notice stands for: the QR code's content. */
  pageUrl: string;
  agency: { name: string; supervisionPhone: string };
  /** 公示期, calendar dates in Asia/Shanghai. */
  postedFrom: IsoDate;
  postedTo: IsoDate;
  /** A line under the title, e.g. the 索引号 and 文号. */
  subtitle?: string | undefined;
}

/** A posting period a page proposes for its notice (e.g. until a consultation closes). */
export interface PostingPeriod {
  from: IsoDate;
  to: IsoDate;
}

/** Days a notice is posted when the caller names no period (a default, not a rule). */
export const DEFAULT_POSTING_DAYS = 7;

const sizeQuery = z.object({
  size: z.preprocess((v) => (v === undefined || v === '' ? 'A4' : typeof v === 'string' ? v.toUpperCase() : v), z.enum(['A4', 'A3'], { message: '纸张只能是 A4 或 A3' })),
  from: z.string().optional(),
  to: z.string().optional(),
});

/**
 * The print options of a request (`?size=A3&from=…&to=…`): A4 unless A3 is asked
 * for; posting from `today` for DEFAULT_POSTING_DAYS unless dates are given. Bad
 * values answer 400 VALIDATION_FAILED naming the field.
 */
export function printOptions(query: unknown, today: IsoDate, posting?: PostingPeriod | null): { size: BulletinSize; postedFrom: IsoDate; postedTo: IsoDate } {
  const r = sizeQuery.safeParse(query ?? {});
  if (!r.success) throw new AppError('VALIDATION_FAILED', '纸张只能是 A4 或 A3', { size: '纸张只能是 A4 或 A3' });
  // The page's own period (a consultation's, a hearing's) applies only when the request names neither date.
  const own = r.data.from === undefined && r.data.to === undefined && posting && isIsoDate(posting.from) && isIsoDate(posting.to) && posting.from <= posting.to && posting.to <= addDays(posting.from, 366) ? posting : null;
  const from = r.data.from ?? own?.from ?? today;
  if (!isIsoDate(from)) throw new AppError('VALIDATION_FAILED', '公示开始日期格式应为 YYYY-MM-DD', { from: '公示开始日期格式应为 YYYY-MM-DD' });
  const to = r.data.to ?? own?.to ?? addDays(from, DEFAULT_POSTING_DAYS - 1);
  if (!isIsoDate(to) || to < from || to > addDays(from, 366)) throw new AppError('VALIDATION_FAILED', '公示结束日期应在开始日期之后一年以内', { to: '公示结束日期应在开始日期之后一年以内' });
  return { size: r.data.size, postedFrom: from, postedTo: to };
}

/** 2026年3月2日. */
export function chineseDate(d: IsoDate): string {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
}
