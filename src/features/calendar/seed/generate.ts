/**
 * Regenerate official-years.json from the npm package chinese-days 1.5.7:
 *
 *   node --import tsx src/features/calendar/seed/generate.ts
 *
 * The committed JSON is what the platform loads, so runtime never depends on the
 * package's file layout. Rerun only when upgrading the package, and review the diff.
 *
 * The package ships three maps keyed by date (`dist/chinese-days.json`):
 * - `holidays`: every rest day of an arrangement, weekend days inside a block included;
 * - `workdays`: 调休 make-up weekend days;
 * - `inLieuDays`: weekdays off *because of* a 调休 swap (the days "paid for" by a
 *   make-up day). Every one is also in `holidays` (checked below), so they carry no
 *   working-day meaning of their own; we drop them.
 * Each value is "English,中文,N". The package files a date under its calendar year, so
 * the December dates of a 元旦 arrangement (2007-12-29/30/31, 2011-12-31, 2018-12-29/30/31,
 * 2022-12-31) are moved here to the next year's notice, which is where they were published.
 *
 * Spans are rebuilt from the dates: adjacent dates join even across festivals (the
 * notices combine 中秋节 and 国庆节 into one block), and a gap of weekend days only is
 * closed within one festival (the package omits 2011-06-05, 2012-06-23 and 2015-06-21,
 * Sundays/Saturdays inside the notices' 端午节 blocks). A weekend day the notice counts
 * at the very edge of a block (2015-09-05) may still be missing; it is a rest day
 * either way, so no working-day result changes.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type IsoDate, fromDayNumber, isWeekend, toDayNumber } from '../../../lib/dates.js';
import {
  type CalendarNotice,
  type CalendarYear,
  type HolidayKey,
  type HolidaySpan,
  buildCalendar,
  validateCalendarYear,
} from '../calendar.js';

const PACKAGE_VERSION = '1.5.7';
const FIRST_YEAR = 2008;
const LAST_YEAR = 2026;
const OUT = new URL('./official-years.json', import.meta.url);

const NAMES: Record<string, HolidayKey> = {
  元旦: 'new_year',
  春节: 'spring_festival',
  清明: 'qingming',
  劳动节: 'labour_day',
  端午: 'dragon_boat',
  中秋: 'mid_autumn',
  国庆节: 'national_day',
  中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日: 'victory_day',
};

const title = (y: number) => `国务院办公厅关于${y}年部分节假日安排的通知`;

/**
 * Number and 成文日期 of each year's notice. Each was read off a reposted copy of the
 * notice (signature date, not the website's posting date). Where no copy showed it,
 * the field is null: 2008's number and date, 2009's date.
 * 2026: the Xinhua release omits the number; 国办发明电〔2025〕7号 is how many secondary
 * sources cite it, and the date 2025-11-04 is under the signature.
 */
const NOTICES: Record<number, [string | null, string | null]> = {
  2008: [null, null],
  2009: ['国办发明电〔2008〕42号', null],
  2010: ['国办发明电〔2009〕27号', '2009-12-07'],
  2011: ['国办发明电〔2010〕40号', '2010-12-09'],
  2012: ['国办发明电〔2011〕45号', '2011-12-05'],
  2013: ['国办发明电〔2012〕33号', '2012-12-08'],
  2014: ['国办发明电〔2013〕28号', '2013-12-11'],
  2015: ['国办发明电〔2014〕28号', '2014-12-16'],
  2016: ['国办发明电〔2015〕18号', '2015-12-10'],
  2017: ['国办发明电〔2016〕17号', '2016-12-01'],
  2018: ['国办发明电〔2017〕12号', '2017-11-30'],
  2019: ['国办发明电〔2018〕15号', '2018-12-04'],
  2020: ['国办发明电〔2019〕16号', '2019-11-21'],
  2021: ['国办发明电〔2020〕27号', '2020-11-25'],
  2022: ['国办发明电〔2021〕11号', '2021-10-25'],
  2023: ['国办发明电〔2022〕16号', '2022-12-08'],
  2024: ['国办发明电〔2023〕7号', '2023-10-25'],
  2025: ['国办发明电〔2024〕12号', '2024-11-12'],
  2026: ['国办发明电〔2025〕7号', '2025-11-04'],
};

/** Notices that changed a year after its main notice; the package already applies their dates. */
const AMENDMENTS: Record<number, CalendarNotice[]> = {
  2015: [
    {
      noticeNumber: '国发明电〔2015〕1号',
      noticeDate: '2015-05-13',
      title: '国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知',
    },
  ],
  2019: [{ noticeNumber: '国办发明电〔2019〕3号', noticeDate: '2019-03-22', title: '国务院办公厅关于调整2019年劳动节假期安排的通知' }],
  2020: [{ noticeNumber: '国办发明电〔2020〕1号', noticeDate: '2020-01-26', title: '国务院办公厅关于延长2020年春节假期的通知' }],
};

/** The notice names both festivals but the package tags only one (2020: 国庆节、中秋节 10月1日至8日). */
const COMBINED: Record<number, Partial<Record<HolidayKey, HolidayKey[]>>> = {
  2020: { national_day: ['mid_autumn'] },
};

interface PackageData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays: Record<string, string>;
}

function load(): PackageData {
  const require = createRequire(import.meta.url);
  const pkg = require('chinese-days/package.json') as { version: string };
  if (pkg.version !== PACKAGE_VERSION) {
    throw new Error(`expected chinese-days ${PACKAGE_VERSION}, found ${pkg.version}; review the data before bumping`);
  }
  return require('chinese-days/dist/chinese-days.json') as PackageData;
}

function festival(value: string, date: string): HolidayKey {
  const key = NAMES[value.split(',')[1] ?? ''];
  if (!key) throw new Error(`unknown festival in chinese-days for ${date}: ${value}`);
  return key;
}

/** The notice year a date belongs to: December dates of a 元旦 arrangement go to the next year. */
function noticeYear(date: string, key: HolidayKey): number {
  const y = Number(date.slice(0, 4));
  return key === 'new_year' && date.slice(5, 7) === '12' ? y + 1 : y;
}

function onlyWeekendsBetween(a: number, b: number): boolean {
  for (let d = a + 1; d < b; d++) if (!isWeekend(fromDayNumber(d))) return false;
  return true;
}

function spansOf(dates: { date: IsoDate; key: HolidayKey }[]): HolidaySpan[] {
  const runs: { names: HolidayKey[]; start: number; end: number; lastKey: HolidayKey }[] = [];
  for (const { date, key } of dates) {
    const d = toDayNumber(date);
    const run = runs[runs.length - 1];
    const joins = run && (d === run.end + 1 || (key === run.lastKey && onlyWeekendsBetween(run.end, d)));
    if (run && joins) {
      run.end = d;
      run.lastKey = key;
      if (!run.names.includes(key)) run.names.push(key);
    } else {
      runs.push({ names: [key], start: d, end: d, lastKey: key });
    }
  }
  return runs.map((r) => {
    const [name, ...rest] = r.names as [HolidayKey, ...HolidayKey[]];
    return {
      name,
      ...(rest.length > 0 ? { combinedWith: rest } : {}),
      start: fromDayNumber(r.start),
      end: fromDayNumber(r.end),
    };
  });
}

export function generate(data: PackageData): CalendarYear[] {
  for (const d of Object.keys(data.inLieuDays)) {
    if (!data.holidays[d]) throw new Error(`inLieuDays ${d} is not a holiday: the package semantics changed`);
  }
  const byYear = new Map<number, { holidays: { date: IsoDate; key: HolidayKey }[]; makeups: IsoDate[] }>();
  const slot = (y: number) => {
    let s = byYear.get(y);
    if (!s) byYear.set(y, (s = { holidays: [], makeups: [] }));
    return s;
  };
  for (const [date, value] of Object.entries(data.holidays)) {
    const key = festival(value, date);
    slot(noticeYear(date, key)).holidays.push({ date: date as IsoDate, key });
  }
  for (const [date, value] of Object.entries(data.workdays)) {
    slot(noticeYear(date, festival(value, date))).makeups.push(date as IsoDate);
  }

  const years: CalendarYear[] = [];
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    const s = byYear.get(year);
    if (!s) throw new Error(`chinese-days has no data for ${year}`);
    s.holidays.sort((a, b) => (a.date < b.date ? -1 : 1));
    const holidays = spansOf(s.holidays).map((span) => {
      const extra = COMBINED[year]?.[span.name];
      return extra ? { ...span, combinedWith: [...(span.combinedWith ?? []), ...extra] } : span;
    });
    const [noticeNumber, noticeDate] = NOTICES[year] ?? [null, null];
    const cy: CalendarYear = {
      year,
      holidays,
      makeupWorkdays: [...s.makeups].sort(),
      source: {
        noticeNumber,
        noticeDate: noticeDate as IsoDate | null,
        title: title(year),
        origin: `seed:chinese-days@${PACKAGE_VERSION}`,
        ...(AMENDMENTS[year] ? { amendments: AMENDMENTS[year] } : {}),
      },
    };
    const errors = validateCalendarYear(cy).filter((p) => p.severity === 'error');
    if (errors.length > 0) throw new Error(`${year}: ${errors.map((e) => e.message).join('; ')}`);
    years.push(cy);
  }
  buildCalendar(years);
  return years;
}

/** JSON with one span or notice per line, so a reviewer can read the diff. */
function format(years: CalendarYear[]): string {
  const line = (v: unknown) => JSON.stringify(v);
  const blocks = years.map((y) =>
    [
      '    {',
      `      "year": ${y.year},`,
      '      "holidays": [',
      y.holidays.map((h) => `        ${line(h)}`).join(',\n'),
      '      ],',
      `      "makeupWorkdays": ${line(y.makeupWorkdays)},`,
      `      "source": ${line(y.source)}`,
      '    }',
    ].join('\n'),
  );
  return [
    '{',
    `  "package": "chinese-days@${PACKAGE_VERSION}",`,
    '  "generatedBy": "src/features/calendar/seed/generate.ts",',
    '  "years": [',
    blocks.join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const years = generate(load());
  writeFileSync(OUT, format(years));
  console.log(`wrote ${years.length} years (${FIRST_YEAR}–${LAST_YEAR}) to ${OUT.pathname}`);
}
