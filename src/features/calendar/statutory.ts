/**
 * The statutory holidays of 《全国年节及纪念日放假办法》 as amended by 国务院令第795号
 * (in force from 2025-01-01), Art. 2: 元旦 1 day, 春节 4 days (除夕 to 正月初三),
 * 清明节 1 day (the day of the 清明 solar term), 劳动节 2 days (5月1日、2日), 端午节 1 day
 * (五月初五), 中秋节 1 day (八月十五), 国庆节 3 days (10月1日至3日).
 *
 * They are known years ahead; what each year's State Council notice adds is the 调休
 * (make-up working days and bridge days) and the 补假 for a holiday on a weekend, which
 * nobody can know in advance. A year without a notice therefore rests on these days
 * (provisionally) plus the weekend rule, and every result that touches it says so.
 *
 * The lunar and solar-term dates come from chinese-days, fixed into
 * seed/statutory-dates.json by seed/generate-statutory.ts (so runtime neither depends on
 * the package nor on the process time zone, which its conversions read).
 */
import seed from './seed/statutory-dates.json' with { type: 'json' };
import { type IsoDate, addDays } from '../../lib/dates.js';
import type { HolidaySpan } from './calendar.js';

export const STATUTORY_RULE = {
  title: '《全国年节及纪念日放假办法》',
  amendment: '国务院令第795号',
  inForceFrom: '2025-01-01' as IsoDate,
} as const;

/** The explanation's wording for what a provisional year still lacks. */
export const PROVISIONAL_NOTE = '调休安排尚未公布，按法定节假日推算';

interface StatutoryDates {
  year: number;
  springFestival: IsoDate;
  qingming: IsoDate;
  dragonBoat: IsoDate;
  midAutumn: IsoDate;
}

const DATES: ReadonlyMap<number, StatutoryDates> = new Map((seed.years as StatutoryDates[]).map((y) => [y.year, y]));

/** First and last year the statutory holidays can be computed for (the amended rule; the lunar table). */
export const STATUTORY_FIRST_YEAR = 2025;
export const STATUTORY_LAST_YEAR: number = Math.max(...DATES.keys());

/** Where the lunar dates came from, for the admin screen and the docs. */
export const STATUTORY_SOURCE: string = seed.package;

/**
 * The statutory holidays of `year` as spans, in date order; `null` outside
 * STATUTORY_FIRST_YEAR..STATUTORY_LAST_YEAR (before the amended rule, or past the
 * lunar table), where only the weekend rule can be applied.
 *
 * 中秋节 can fall on 10月1日–3日 (2028-10-03); it is then named inside the 国庆节 span,
 * as the notices do when they join the two.
 */
export function statutoryHolidays(year: number): HolidaySpan[] | null {
  const d = DATES.get(year);
  if (!d || year < STATUTORY_FIRST_YEAR) return null;
  const day = (md: string) => `${year}-${md}` as IsoDate;
  const nationalStart = day('10-01');
  const nationalEnd = day('10-03');
  const midAutumnInside = d.midAutumn >= nationalStart && d.midAutumn <= nationalEnd;
  const spans: HolidaySpan[] = [
    { name: 'new_year', start: day('01-01'), end: day('01-01') },
    { name: 'spring_festival', start: addDays(d.springFestival, -1), end: addDays(d.springFestival, 2) },
    { name: 'qingming', start: d.qingming, end: d.qingming },
    { name: 'labour_day', start: day('05-01'), end: day('05-02') },
    { name: 'dragon_boat', start: d.dragonBoat, end: d.dragonBoat },
    ...(midAutumnInside ? [] : [{ name: 'mid_autumn' as const, start: d.midAutumn, end: d.midAutumn }]),
    {
      name: 'national_day',
      ...(midAutumnInside ? { combinedWith: ['mid_autumn' as const] } : {}),
      start: nationalStart,
      end: nationalEnd,
    },
  ];
  return spans.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}
