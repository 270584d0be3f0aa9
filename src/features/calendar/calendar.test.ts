import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { fromDayNumber, isWeekend, toDayNumber } from '../../lib/dates.js';
import {
  type CalendarProblemCode,
  type CalendarYear,
  CalendarError,
  buildCalendar,
  validateCalendarYear,
} from './calendar.js';
import { OFFICIAL_YEARS, officialCalendar } from './seed-data.js';
import { addWorkdays, countWorkdays, dayInfo, isWorkday } from './workdays.js';

const year2026 = (): CalendarYear => structuredClone(OFFICIAL_YEARS.find((y) => y.year === 2026)!);

function codes(input: unknown): CalendarProblemCode[] {
  return validateCalendarYear(input).map((p) => p.code);
}

function only(input: unknown, code: CalendarProblemCode) {
  const found = validateCalendarYear(input).filter((p) => p.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(validateCalendarYear(input))}`);
  return found[0]!;
}

describe('validateCalendarYear', () => {
  it('accepts the official 2026 arrangement without any problem', () => {
    assert.deepEqual(validateCalendarYear(year2026()), []);
  });

  it('rejects a value that is not an object and an invalid year', () => {
    assert.deepEqual(codes(null), ['MALFORMED_INPUT']);
    assert.deepEqual(codes('2026'), ['MALFORMED_INPUT']);
    const y = { ...year2026(), year: 26.5 };
    assert.ok(codes(y).includes('INVALID_YEAR'));
  });

  it('rejects an empty year', () => {
    const y = { ...year2026(), holidays: [], makeupWorkdays: [] };
    const p = only(y, 'EMPTY_YEAR');
    assert.equal(p.severity, 'error');
    assert.match(p.message, /2026年/);
  });

  it('rejects malformed and impossible dates, naming the span', () => {
    const y = year2026();
    y.holidays[1]!.end = '2026-02-30';
    const p = only(y, 'MALFORMED_DATE');
    assert.equal(p.path, 'holidays[1].end');
    assert.match(p.message, /第2个放假区间（春节）的结束日期“2026-02-30”/);

    const z = year2026();
    z.makeupWorkdays[0] = '2026-1-4';
    assert.equal(only(z, 'MALFORMED_DATE').path, 'makeupWorkdays[0]');
  });

  it('rejects dates outside the notice window', () => {
    const y = year2026();
    y.holidays[6] = { name: 'national_day', start: '2027-10-01', end: '2027-10-07' };
    assert.ok(codes(y).includes('DATE_OUTSIDE_YEAR'));

    const z = year2026();
    z.makeupWorkdays.push('2025-11-29');
    assert.match(only(z, 'DATE_OUTSIDE_YEAR').message, /2025-11-29不在2026年安排的范围内/);
  });

  it('lets a 元旦 span and make-up days reach into December of the previous year, nothing else', () => {
    const y = year2026();
    y.holidays[0] = { name: 'new_year', start: '2025-12-31', end: '2026-01-02' };
    y.makeupWorkdays = ['2025-12-27', ...y.makeupWorkdays.filter((d) => d !== '2026-01-04')];
    assert.deepEqual(validateCalendarYear(y), []);

    const z = year2026();
    z.holidays[1] = { name: 'spring_festival', start: '2025-12-30', end: '2026-01-02' };
    assert.match(only(z, 'DATE_OUTSIDE_YEAR').message, /只有元旦假期可以从上一年12月开始/);
  });

  it('sends a 元旦 span starting on 12-31 to the next notice', () => {
    const y = year2026();
    y.holidays.push({ name: 'new_year', start: '2026-12-31', end: '2027-01-02' });
    assert.equal(only(y, 'DATE_OUTSIDE_YEAR').path, `holidays[${y.holidays.length - 1}].end`);
  });

  it('rejects a span whose end is before its start', () => {
    const y = year2026();
    y.holidays[1] = { name: 'spring_festival', start: '2026-02-23', end: '2026-02-15' };
    const p = only(y, 'SPAN_REVERSED');
    assert.match(p.message, /结束日期2026-02-15早于开始日期2026-02-23/);
  });

  it('warns about an implausibly long span', () => {
    const y = year2026();
    y.holidays[6] = { name: 'national_day', start: '2026-10-01', end: '2026-10-31' };
    assert.equal(only(y, 'SPAN_UNUSUALLY_LONG').severity, 'warning');
  });

  it('rejects spans that overlap within one notice', () => {
    const y = year2026();
    y.holidays.push({ name: 'mid_autumn', start: '2026-10-06', end: '2026-10-08' });
    const p = only(y, 'SPANS_OVERLAP');
    assert.match(p.message, /中秋节.*与第7个放假区间（国庆节/);
  });

  it('rejects a make-up day that is not a Saturday or Sunday', () => {
    const y = year2026();
    y.makeupWorkdays.push('2026-10-09');
    assert.match(only(y, 'MAKEUP_NOT_WEEKEND').message, /2026-10-09是星期五/);
  });

  it('rejects a date that is both a holiday and a make-up day', () => {
    const y = year2026();
    y.makeupWorkdays.push('2026-10-03');
    assert.match(only(y, 'HOLIDAY_IS_MAKEUP').message, /2026-10-03落在第7个放假区间（国庆节/);
  });

  it('rejects duplicate make-up days', () => {
    const y = year2026();
    y.makeupWorkdays.push('2026-02-14');
    assert.match(only(y, 'DUPLICATE_DATE').message, /2026-02-14与第2个调休上班日重复/);
  });

  it('rejects unknown festival names', () => {
    const y = year2026() as unknown as { holidays: { name: string }[] };
    y.holidays[0]!.name = 'christmas';
    assert.ok(codes(y).includes('UNKNOWN_HOLIDAY'));
  });

  it('tells a missing notice number from an unknown one and a garbled one', () => {
    const missing = year2026() as unknown as { source: Record<string, unknown> };
    delete missing.source.noticeNumber;
    assert.equal(only(missing, 'NOTICE_NUMBER_MISSING').severity, 'error');

    const blank = year2026();
    blank.source.noticeNumber = '  ';
    assert.equal(only(blank, 'NOTICE_NUMBER_MISSING').path, 'source.noticeNumber');

    const unknown = year2026();
    unknown.source.noticeNumber = null;
    assert.equal(only(unknown, 'NOTICE_NUMBER_UNKNOWN').severity, 'warning');

    for (const garbled of ['国办发明电[2025]7号', '国办发明电〔2025〕7', '2025年7号', '国办发明电〔2025〕07号']) {
      const g = year2026();
      g.source.noticeNumber = garbled;
      assert.match(only(g, 'NOTICE_NUMBER_GARBLED').message, /应形如“国办发明电〔2024〕12号”/, garbled);
    }

    const wrongYear = year2026();
    wrongYear.source.noticeNumber = '国办发明电〔2019〕16号';
    assert.equal(only(wrongYear, 'NOTICE_NUMBER_YEAR_MISMATCH').severity, 'warning');
  });

  it('tells a missing notice date from an unknown, malformed or implausible one', () => {
    const missing = year2026() as unknown as { source: Record<string, unknown> };
    delete missing.source.noticeDate;
    assert.equal(only(missing, 'NOTICE_DATE_MISSING').severity, 'error');

    const unknown = year2026();
    unknown.source.noticeDate = null;
    assert.equal(only(unknown, 'NOTICE_DATE_UNKNOWN').severity, 'warning');

    const bad = year2026();
    bad.source.noticeDate = '2025-11-31';
    assert.equal(only(bad, 'MALFORMED_DATE').path, 'source.noticeDate');

    const late = year2026();
    late.source.noticeDate = '2027-01-05';
    assert.equal(only(late, 'NOTICE_DATE_IMPLAUSIBLE').severity, 'error');
  });

  it('checks the title, the origin and amendments', () => {
    const y = year2026();
    y.source.title = '';
    (y.source as { origin: string }).origin = 'wikipedia';
    y.source.amendments = [{ noticeNumber: 'x', noticeDate: '2026-03-01', title: '调整' }];
    const c = codes(y);
    assert.ok(c.includes('TITLE_MISSING'));
    assert.ok(c.includes('ORIGIN_INVALID'));
    assert.equal(only(y, 'NOTICE_NUMBER_GARBLED').path, 'source.amendments[0].noticeNumber');
  });
});

describe('buildCalendar', () => {
  it('refuses a gap between years, naming the missing year', () => {
    const years = OFFICIAL_YEARS.filter((y) => y.year !== 2025);
    assert.throws(
      () => buildCalendar(years),
      (e: unknown) => e instanceof CalendarError && e.code === 'INVALID_CALENDAR' && /缺少2025年的安排/.test(e.message),
    );
  });

  it('refuses a repeated year and a year with errors', () => {
    assert.throws(() => buildCalendar([year2026(), year2026()]), /2026年的安排重复出现/);
    const bad = year2026();
    bad.makeupWorkdays.push('2026-10-09');
    assert.throws(
      () => buildCalendar([bad]),
      (e: unknown) => e instanceof CalendarError && e.problems.some((p) => p.code === 'MAKEUP_NOT_WEEKEND'),
    );
  });

  it('refuses two notices that disagree about a December date', () => {
    const y2025 = structuredClone(OFFICIAL_YEARS.find((y) => y.year === 2025)!);
    y2025.holidays.push({ name: 'national_day', start: '2025-12-27', end: '2025-12-28' });
    const y2026 = year2026();
    y2026.makeupWorkdays.push('2025-12-27');
    assert.throws(() => buildCalendar([y2025, y2026]), /2025-12-27在2025年的安排中放假，在2026年的安排中却是调休上班日/);
  });

  it('accepts warnings: the seed has unknown 2008/2009 notice data and still builds', () => {
    const warnings = OFFICIAL_YEARS.flatMap((y) => validateCalendarYear(y).map((p) => `${y.year}:${p.code}`));
    assert.deepEqual(warnings.sort(), ['2008:NOTICE_DATE_UNKNOWN', '2008:NOTICE_NUMBER_UNKNOWN', '2009:NOTICE_DATE_UNKNOWN']);
    assert.deepEqual(officialCalendar().coverage, { firstYear: 2008, lastYear: 2026 });
  });

  it('is immutable', () => {
    const cal = officialCalendar();
    assert.ok(Object.isFrozen(cal));
    assert.ok(Object.isFrozen(cal.years));
    assert.throws(() => (cal.years as CalendarYear[]).push(year2026()), TypeError);
  });

  it('with no years covers nothing, flags every result as provisional and rests on the statutory holidays', () => {
    const cal = buildCalendar([]);
    assert.equal(cal.coverage, null);
    const r = addWorkdays(cal, '2026-09-30', 3);
    assert.equal(r.date, '2026-10-07');
    assert.equal(r.provisional, true);
    assert.deepEqual(r.provisionalHolidaysSkipped, ['2026-10-01', '2026-10-02', '2026-10-03']);
    assert.equal(dayInfo(cal, '2026-10-01').kind, 'holiday');
    assert.equal(dayInfo(cal, '2026-10-05').kind, 'workday');
  });

  it('takes a manually entered 2027 year and then stops flagging 2027 as provisional', () => {
    const y2027: CalendarYear = {
      year: 2027,
      holidays: [{ name: 'new_year', start: '2027-01-01', end: '2027-01-03' }],
      makeupWorkdays: [],
      source: { noticeNumber: null, noticeDate: null, title: '国务院办公厅关于2027年部分节假日安排的通知', origin: 'manual' },
    };
    const cal = buildCalendar([...OFFICIAL_YEARS, y2027]);
    assert.deepEqual(cal.coverage, { firstYear: 2008, lastYear: 2027 });
    const r = addWorkdays(cal, '2026-12-31', 1);
    assert.deepEqual([r.date, r.provisional], ['2027-01-04', false]);
  });
});

describe('seed data (chinese-days 1.5.7, 2008–2026)', () => {
  const require = createRequire(import.meta.url);
  const pkg = require('chinese-days/dist/chinese-days.json') as {
    holidays: Record<string, string>;
    workdays: Record<string, string>;
    inLieuDays: Record<string, string>;
  };

  it('agrees with the package on every day from 2007-12-01 to 2026-12-31', () => {
    const cal = officialCalendar();
    let checked = 0;
    for (let d = toDayNumber('2007-12-01'); d <= toDayNumber('2026-12-31'); d++) {
      const date = fromDayNumber(d);
      const expected = pkg.holidays[date] ? false : pkg.workdays[date] ? true : !isWeekend(date);
      assert.deepEqual(isWorkday(cal, date), { working: expected, provisional: date < '2008-01-01' }, date);
      checked++;
    }
    assert.equal(checked, 6971);
  });

  it('drops inLieuDays because every one of them is already a holiday', () => {
    const inLieu = Object.keys(pkg.inLieuDays).filter((d) => d >= '2008' && d < '2027');
    assert.ok(inLieu.length > 100);
    for (const d of inLieu) assert.equal(dayInfo(officialCalendar(), d).kind, 'holiday', d);
  });

  it('files the December dates of a 元旦 arrangement under the next year', () => {
    const byYear = new Map(OFFICIAL_YEARS.map((y) => [y.year, y]));
    assert.ok(byYear.get(2012)!.makeupWorkdays.includes('2011-12-31'));
    assert.ok(byYear.get(2008)!.makeupWorkdays.includes('2007-12-29'));
    assert.deepEqual(byYear.get(2019)!.holidays[0], { name: 'new_year', start: '2018-12-30', end: '2019-01-01' });
    assert.deepEqual(byYear.get(2023)!.holidays[0], { name: 'new_year', start: '2022-12-31', end: '2023-01-02' });
    assert.ok(!byYear.get(2022)!.holidays.some((h) => h.start.startsWith('2022-12')));
  });

  it('rebuilds notice spans: combined 国庆/中秋 blocks and weekend gaps closed', () => {
    const byYear = new Map(OFFICIAL_YEARS.map((y) => [y.year, y]));
    assert.deepEqual(byYear.get(2025)!.holidays.at(-1), {
      name: 'national_day',
      combinedWith: ['mid_autumn'],
      start: '2025-10-01',
      end: '2025-10-08',
    });
    assert.deepEqual(
      byYear.get(2012)!.holidays.find((h) => h.name === 'dragon_boat'),
      { name: 'dragon_boat', start: '2012-06-22', end: '2012-06-24' },
    );
    assert.ok(byYear.get(2015)!.holidays.some((h) => h.name === 'victory_day' && h.start === '2015-09-03'));
  });

  it('records notice numbers and dates, and null where unknown', () => {
    const src = new Map(OFFICIAL_YEARS.map((y) => [y.year, y.source]));
    assert.equal(src.get(2025)!.noticeNumber, '国办发明电〔2024〕12号');
    assert.equal(src.get(2025)!.noticeDate, '2024-11-12');
    assert.equal(src.get(2017)!.noticeNumber, '国办发明电〔2016〕17号');
    assert.equal(src.get(2017)!.noticeDate, '2016-12-01');
    assert.equal(src.get(2026)!.noticeDate, '2025-11-04');
    assert.equal(src.get(2008)!.noticeNumber, null);
    assert.equal(src.get(2020)!.amendments?.[0]?.noticeNumber, '国办发明电〔2020〕1号');
    for (const y of OFFICIAL_YEARS) {
      assert.equal(y.source.title, `国务院办公厅关于${y.year}年部分节假日安排的通知`);
      assert.equal(y.source.origin, 'seed:chinese-days@1.5.7');
    }
  });

  it('2026 has 248 working days, as all three packages agree', () => {
    assert.equal(countWorkdays(officialCalendar(), '2025-12-31', '2026-12-31', { details: false }).count, 248);
  });

  it('the 2020 Spring Festival extension made Saturday 2020-02-01 a rest day', () => {
    const cal = officialCalendar();
    assert.equal(dayInfo(cal, '2020-02-01').kind, 'holiday');
    assert.equal(dayInfo(cal, '2020-02-03').kind, 'workday');
    assert.equal(addWorkdays(cal, '2020-01-23', 1).date, '2020-02-03');
  });
});
