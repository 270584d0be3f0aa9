/**
 * Regenerate statutory-dates.json (the lunar and solar-term dates of the statutory
 * holidays, 2025–2099) from the npm package chinese-days 1.5.7:
 *
 *   node --import tsx src/features/calendar/seed/generate-statutory.ts
 *
 * Per Gregorian year Y it records 正月初一 of lunar year Y (除夕 is the day before it,
 * whether that is 腊月廿九 or 三十), 五月初五 and 八月十五 of lunar year Y (the ordinary
 * month, never a leap month of the same number), and the day of the 清明 solar term.
 *
 * The package's lunar table stops at 2100 and its solar-term formula is the 21st-century
 * one, so 2099 is the last year. Its conversions read the process's local time zone (run
 * under America/Los_Angeles they come out a day early), so this script pins TZ to
 * Asia/Shanghai before calling them. Every date is converted back with `getLunarDate`
 * as a check. Rerun only when upgrading the package, and review the diff.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type IsoDate, addDays, isIsoDate } from '../../../lib/dates.js';

export const PACKAGE_VERSION = '1.5.7';
export const FIRST_YEAR = 2025;
export const LAST_YEAR = 2099;
const OUT = new URL('./statutory-dates.json', import.meta.url);

/** The dates of one Gregorian year that the lunar calendar and the solar terms decide. */
export interface LunarYearDates {
  year: number;
  /** 正月初一. */
  springFestival: IsoDate;
  /** 清明 solar term. */
  qingming: IsoDate;
  /** 五月初五. */
  dragonBoat: IsoDate;
  /** 八月十五. */
  midAutumn: IsoDate;
}

interface ChineseDays {
  getSolarDateFromLunar(lunar: string): { date: string; leapMonthDate?: string };
  getSolarTermDate(year: number, month: number, term: 'pure_brightness'): string;
  getLunarDate(date: string): { lunarYear: number; lunarMon: number; lunarDay: number; isLeap: boolean };
  getSolarTerms(start: string, end: string): { date: string; term: string }[];
}

/** Runs `f` with the process time zone set to China, restoring it afterwards. */
function inChinaTime<T>(f: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = 'Asia/Shanghai';
  try {
    return f();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

export function loadChineseDays(): ChineseDays {
  const require = createRequire(import.meta.url);
  const pkg = require('chinese-days/package.json') as { version: string };
  if (pkg.version !== PACKAGE_VERSION) {
    throw new Error(`expected chinese-days ${PACKAGE_VERSION}, found ${pkg.version}; review the data before bumping`);
  }
  return require('chinese-days') as ChineseDays;
}

/** The dates for `year` from the package, each converted back and checked. Throws on any disagreement. */
export function lunarYearDates(lib: ChineseDays, year: number): LunarYearDates {
  return inChinaTime(() => {
    const lunar = (month: number, day: number): IsoDate => {
      const mm = String(month).padStart(2, '0');
      const dd = String(day).padStart(2, '0');
      const date = lib.getSolarDateFromLunar(`${year}-${mm}-${dd}`).date;
      if (!isIsoDate(date)) throw new Error(`${year}: ${mm}-${dd} gave ${date}`);
      const back = lib.getLunarDate(date);
      if (back.lunarYear !== year || back.lunarMon !== month || back.lunarDay !== day || back.isLeap) {
        throw new Error(`${year}: lunar ${mm}-${dd} → ${date} → ${JSON.stringify(back)}`);
      }
      return date;
    };
    const springFestival = lunar(1, 1);
    const eve = lib.getLunarDate(addDays(springFestival, -1));
    if (eve.lunarYear !== year - 1 || eve.lunarMon !== 12 || eve.lunarDay < 29) {
      throw new Error(`${year}: the day before 正月初一 is not the last day of 腊月: ${JSON.stringify(eve)}`);
    }
    const qingming = lib.getSolarTermDate(year, 4, 'pure_brightness');
    const listed = lib.getSolarTerms(`${year}-04-01`, `${year}-04-30`).find((t) => t.term === 'pure_brightness');
    if (!isIsoDate(qingming) || listed?.date !== qingming) throw new Error(`${year}: 清明 ${qingming} / ${listed?.date}`);
    return { year, springFestival, qingming, dragonBoat: lunar(5, 5), midAutumn: lunar(8, 15) };
  });
}

export function generate(lib: ChineseDays): LunarYearDates[] {
  const out: LunarYearDates[] = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) out.push(lunarYearDates(lib, y));
  return out;
}

function format(years: LunarYearDates[]): string {
  return [
    '{',
    `  "package": "chinese-days@${PACKAGE_VERSION}",`,
    '  "generatedBy": "src/features/calendar/seed/generate-statutory.ts",',
    '  "years": [',
    years.map((y) => `    ${JSON.stringify(y)}`).join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const years = generate(loadChineseDays());
  writeFileSync(OUT, format(years));
  console.log(`wrote ${years.length} years (${FIRST_YEAR}–${LAST_YEAR}) to ${OUT.pathname}`);
}
