import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type IsoDate, fromDayNumber, toDayNumber } from '../../lib/dates.js';
import { type Calendar, type CalendarYear, CalendarError, buildCalendar } from './calendar.js';
import { OFFICIAL_YEARS, officialCalendar } from './seed-data.js';
import { MAX_DAY_COUNT, addWorkdays, countWorkdays, coversDate, dayInfo, isWorkday } from './workdays.js';

const cal = officialCalendar();

/** Day-by-day reference, independent of the prefix sums. */
function naiveAdd(c: Calendar, date: IsoDate, n: number): IsoDate {
  let d = date;
  for (let left = n; left > 0; ) {
    d = fromDayNumber(toDayNumber(d) + 1);
    if (isWorkday(c, d).working) left--;
  }
  return d;
}

const isCode = (code: string) => (e: unknown) => e instanceof CalendarError && e.code === code;

describe('2026 schedule (spec §6)', () => {
  const table: [IsoDate, boolean][] = [
    ['2026-01-01', false],
    ['2026-01-03', false],
    ['2026-01-04', true], // Sunday, 补班
    ['2026-01-05', true],
    ['2026-02-13', true],
    ['2026-02-14', true], // Saturday, 补班
    ['2026-02-15', false],
    ['2026-02-19', false],
    ['2026-02-23', false], // Monday, 春节
    ['2026-02-24', true],
    ['2026-02-28', true], // Saturday, 补班
    ['2026-03-01', false],
    ['2026-04-03', true],
    ['2026-04-06', false], // Monday, 清明
    ['2026-05-01', false],
    ['2026-05-05', false], // Tuesday, 劳动节
    ['2026-05-06', true],
    ['2026-05-09', true], // Saturday, 补班
    ['2026-05-10', false],
    ['2026-06-19', false], // Friday, 端午
    ['2026-09-20', true], // Sunday, 补班
    ['2026-09-25', false], // Friday, 中秋
    ['2026-09-28', true],
    ['2026-10-01', false],
    ['2026-10-07', false], // Wednesday, 国庆
    ['2026-10-08', true],
    ['2026-10-10', true], // Saturday, 补班
    ['2026-10-11', false],
  ];
  for (const [date, working] of table) {
    it(`${date} is ${working ? 'a working day' : 'a rest day'}`, () => {
      assert.deepEqual(isWorkday(cal, date), { working, provisional: false });
      assert.equal(dayInfo(cal, date).working, working);
      assert.equal(dayInfo(cal, date).provisional, false);
    });
  }

  it('names the festival and the kind of day', () => {
    assert.deepEqual(dayInfo(cal, '2026-02-17'), {
      date: '2026-02-17',
      kind: 'holiday',
      working: false,
      holiday: 'spring_festival',
      provisional: false,
    });
    assert.equal(dayInfo(cal, '2026-02-14').kind, 'makeup');
    assert.equal(dayInfo(cal, '2026-03-07').kind, 'weekend');
    assert.equal(dayInfo(cal, '2026-03-09').kind, 'workday');
  });

  it('20 working days after 2026-09-15 is 2026-10-19, across 中秋 and 国庆', () => {
    const r = addWorkdays(cal, '2026-09-15', 20);
    assert.equal(r.date, '2026-10-19');
    assert.equal(r.provisional, false);
    assert.deepEqual(r.makeupDaysCounted, ['2026-09-20', '2026-10-10']);
    assert.deepEqual(r.holidaysSkipped, [
      '2026-09-25', '2026-09-26', '2026-09-27',
      '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
    ]);
    assert.equal(r.explain[0], '自2026年9月15日的次日起算（当日不计），第20个工作日为2026年10月19日。');
    assert.match(r.explain[1]!, /2026年9月25日至2026年9月27日（中秋节）；2026年10月1日至2026年10月7日（国庆节）/);
    assert.match(r.explain[2]!, /2026年9月20日、2026年10月10日/);
  });

  it("matches chinese-days' findWorkday(20, '2026-09-21') = 2026-10-26", () => {
    assert.equal(addWorkdays(cal, '2026-09-21', 20).date, '2026-10-26');
  });

  const adds: [IsoDate, number, IsoDate][] = [
    ['2025-12-31', 1, '2026-01-04'], // 元旦 1/1–1/3, then the Sunday 补班
    ['2026-02-12', 2, '2026-02-14'],
    ['2026-02-12', 3, '2026-02-24'], // 春节 2/15–2/23
    ['2026-02-24', 4, '2026-02-28'],
    ['2026-04-02', 2, '2026-04-07'], // 清明 4/4–4/6
    ['2026-04-30', 2, '2026-05-07'], // 劳动节 5/1–5/5
    ['2026-04-30', 4, '2026-05-09'],
    ['2026-04-30', 5, '2026-05-11'],
    ['2026-06-18', 1, '2026-06-22'], // 端午 6/19–6/21
    ['2026-09-18', 1, '2026-09-20'],
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-10-09', 1, '2026-10-10'],
  ];
  for (const [from, n, expected] of adds) {
    it(`addWorkdays(${from}, ${n}) = ${expected}`, () => {
      assert.equal(addWorkdays(cal, from, n).date, expected);
      assert.equal(countWorkdays(cal, from, expected).count, n);
    });
  }

  it('lists the holidays skipped and the make-up day counted around 春节', () => {
    const r = addWorkdays(cal, '2026-02-12', 3);
    assert.equal(r.holidaysSkipped.length, 9);
    assert.equal(r.holidaysSkipped[0], '2026-02-15');
    assert.equal(r.holidaysSkipped[8], '2026-02-23');
    assert.deepEqual(r.makeupDaysCounted, ['2026-02-14']);
  });
});

describe('2025 schedule (国办发明电〔2024〕12号)', () => {
  const adds: [IsoDate, number, IsoDate][] = [
    ['2024-12-31', 1, '2025-01-02'], // 元旦 1/1 only
    ['2025-01-24', 1, '2025-01-26'], // Sunday 补班
    ['2025-01-24', 2, '2025-01-27'],
    ['2025-01-24', 3, '2025-02-05'], // 春节 1/28–2/4
    ['2025-01-24', 5, '2025-02-07'],
    ['2025-01-24', 6, '2025-02-08'], // Saturday 补班
    ['2025-04-03', 1, '2025-04-07'], // 清明 4/4–4/6
    ['2025-04-25', 1, '2025-04-27'], // Sunday 补班
    ['2025-04-25', 4, '2025-04-30'],
    ['2025-04-25', 5, '2025-05-06'], // 劳动节 5/1–5/5
    ['2025-05-30', 1, '2025-06-03'], // 端午 5/31–6/2
    ['2025-09-26', 1, '2025-09-28'], // Sunday 补班
    ['2025-09-26', 3, '2025-09-30'],
    ['2025-09-26', 4, '2025-10-09'], // 国庆中秋 10/1–10/8
    ['2025-09-26', 6, '2025-10-11'], // Saturday 补班
  ];
  for (const [from, n, expected] of adds) {
    it(`addWorkdays(${from}, ${n}) = ${expected}`, () => {
      assert.equal(addWorkdays(cal, from, n).date, expected);
    });
  }

  it('October 2025 has 18 working days: 23 weekdays − 6 holidays + Saturday 10/11', () => {
    const r = countWorkdays(cal, '2025-09-30', '2025-10-31');
    assert.equal(r.count, 18);
    assert.deepEqual(r.makeupDaysCounted, ['2025-10-11']);
    assert.equal(r.holidaysSkipped.length, 8);
    assert.match(r.explain[1]!, /2025年10月1日至2025年10月8日（国庆节）/);
  });
});

describe('years without official data', () => {
  it('a deadline running into 2027 is provisional, skips 元旦 and says why', () => {
    const r = addWorkdays(cal, '2026-12-15', 20);
    assert.equal(r.date, '2027-01-13');
    assert.equal(r.provisional, true);
    assert.deepEqual(r.provisionalHolidaysSkipped, ['2027-01-01']);
    assert.match(r.explain.at(-1)!, /2027年的节假日安排未录入（现有安排覆盖2008年至2026年），暂按《全国年节及纪念日放假办法》规定的法定节假日放假、其余周一至周五为工作日计算：调休安排尚未公布，按法定节假日推算/);
  });

  it('a deadline that ends on 2026-12-31 is not provisional', () => {
    const r = addWorkdays(cal, '2026-12-30', 1);
    assert.deepEqual([r.date, r.provisional], ['2026-12-31', false]);
  });

  it('2027-01-01 is 元旦: a day off, flagged provisional', () => {
    assert.deepEqual(dayInfo(cal, '2027-01-01'), {
      date: '2027-01-01',
      kind: 'holiday',
      working: false,
      holiday: 'new_year',
      provisional: true,
    });
    assert.deepEqual(isWorkday(cal, '2027-01-01'), { working: false, provisional: true });
    assert.deepEqual(isWorkday(cal, '2027-01-04'), { working: true, provisional: true });
    assert.equal(coversDate(cal, '2027-01-01'), false);
    assert.equal(coversDate(cal, '2026-12-31'), true);
    assert.equal(coversDate(cal, '2007-12-31'), false);
  });

  it('counting across 2027 is provisional, even with details off', () => {
    assert.equal(countWorkdays(cal, '2026-12-01', '2027-02-01', { details: false }).provisional, true);
    assert.equal(countWorkdays(cal, '2026-01-01', '2026-12-31', { details: false }).provisional, false);
  });

  it('before 2008 only the 2008 notice’s December days are known, and results are provisional', () => {
    const r = addWorkdays(cal, '2007-12-27', 3);
    assert.equal(r.date, '2008-01-02');
    assert.equal(r.provisional, true);
    assert.deepEqual(r.makeupDaysCounted, ['2007-12-29']);
    assert.deepEqual(r.provisionalHolidaysSkipped, []);
    assert.match(r.explain.at(-1)!, /2007年的节假日安排未录入（现有安排覆盖2008年至2026年），暂按周一至周五为工作日计算/);
    assert.equal(addWorkdays(cal, '1999-12-30', 2).date, '2000-01-03');
  });
});

describe('provisional years rest on the statutory holidays (2027 and 2028 uncovered)', () => {
  const cases: [string, IsoDate, number, IsoDate, IsoDate[]][] = [
    // The counterexample: Monday–Friday alone gave 2027-01-01.
    ['元旦 2027', '2026-12-30', 2, '2027-01-04', ['2027-01-01']],
    ['春节 2027: 除夕 Friday 02-05 to 初三 Monday 02-08', '2027-02-04', 1, '2027-02-09', ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']],
    ['清明 2027 (Monday 04-05)', '2027-04-02', 1, '2027-04-06', ['2027-04-05']],
    ['劳动节 2027 (Saturday and Sunday: nothing moves)', '2027-04-30', 1, '2027-05-03', ['2027-05-01', '2027-05-02']],
    ['端午 2027 (Wednesday 06-09)', '2027-06-08', 1, '2027-06-10', ['2027-06-09']],
    ['中秋 2027 (Wednesday 09-15)', '2027-09-14', 1, '2027-09-16', ['2027-09-15']],
    ['国庆 2027 (Friday to Sunday)', '2027-09-30', 1, '2027-10-04', ['2027-10-01', '2027-10-02', '2027-10-03']],
    ['元旦 2028 (Saturday; its 补假 is unknown)', '2027-12-31', 1, '2028-01-03', ['2028-01-01']],
    ['春节 2028: 除夕 Tuesday 01-25 to 初三 Friday 01-28', '2028-01-24', 1, '2028-01-31', ['2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28']],
    ['国庆 2028 with 中秋 on 10-03', '2028-09-29', 1, '2028-10-04', ['2028-10-01', '2028-10-02', '2028-10-03']],
  ];
  for (const [what, from, n, expected, skipped] of cases) {
    it(`${what}: ${n} working day after ${from} is ${expected}`, () => {
      const r = addWorkdays(cal, from, n);
      assert.equal(r.date, expected);
      assert.equal(r.provisional, true);
      assert.deepEqual(r.holidaysSkipped, skipped);
      assert.deepEqual(r.provisionalHolidaysSkipped, skipped);
      assert.ok(r.explain.some((l) => l.includes('暂按法定节假日推算')), r.explain.join('\n'));
      assert.ok(r.explain.some((l) => l.includes('调休安排尚未公布')), r.explain.join('\n'));
      assert.equal(countWorkdays(cal, from, expected).count, n);
    });
  }

  it('names each provisional holiday in the explanation', () => {
    const r = countWorkdays(cal, '2026-12-01', '2028-10-31');
    const holidays = r.explain.find((l) => l.startsWith('其间的节假日不计入'))!;
    assert.match(holidays, /2027年1月1日（元旦，暂按法定节假日推算）/);
    assert.match(holidays, /2027年2月5日至2027年2月8日（春节，暂按法定节假日推算）/);
    assert.match(holidays, /2028年1月25日至2028年1月28日（春节，暂按法定节假日推算）/);
    assert.match(holidays, /2028年10月1日至2028年10月3日（国庆节，暂按法定节假日推算）/);
    assert.match(r.explain.at(-1)!, /^2027年至2028年的节假日安排未录入/);
    assert.equal(r.provisionalHolidaysSkipped.length, 13 + 12);
  });

  it('a year of working days: 2027 has 261 weekdays less 9 statutory holidays on weekdays', () => {
    // 2027's statutory days on weekdays: 01-01, 02-05, 02-08, 04-05, 06-09, 09-15, 10-01 (7);
    // 02-06, 02-07, 05-01, 05-02, 10-02, 10-03 fall on weekends.
    assert.equal(countWorkdays(cal, '2026-12-31', '2027-12-31').count, 261 - 7);
  });

  it('an official notice for a year overrides the statutory rule: the year is no longer provisional', () => {
    const notice: CalendarYear = {
      year: 2027,
      holidays: [
        { name: 'new_year', start: '2027-01-01', end: '2027-01-03' },
        { name: 'spring_festival', start: '2027-02-05', end: '2027-02-11' },
      ],
      makeupWorkdays: ['2027-02-20'],
      source: { noticeNumber: null, noticeDate: null, title: '测试用虚构安排，并非官方通知', origin: 'manual' },
    };
    const covered = buildCalendar([...OFFICIAL_YEARS, notice]);
    const r = addWorkdays(covered, '2027-02-04', 1);
    assert.deepEqual([r.date, r.provisional, r.provisionalHolidaysSkipped], ['2027-02-12', false, []]);
    assert.ok(!r.explain.some((l) => l.includes('暂按')), r.explain.join('\n'));
    // The notice, not the statute, decides 2027: it gives no 清明 here, so 04-05 is worked.
    assert.deepEqual(isWorkday(covered, '2027-04-05'), { working: true, provisional: false });
    assert.deepEqual(isWorkday(covered, '2027-02-20'), { working: true, provisional: false });
    // 2028 is still provisional, on the statutory holidays.
    assert.deepEqual(dayInfo(covered, '2028-01-26'), { date: '2028-01-26', kind: 'holiday', working: false, holiday: 'spring_festival', provisional: true });
    // A calendar of 2027 alone: the years on both sides rest on the statutory rule.
    const alone = buildCalendar([notice]);
    assert.deepEqual(isWorkday(alone, '2026-10-02'), { working: false, provisional: true });
    assert.deepEqual(isWorkday(alone, '2027-04-05'), { working: true, provisional: false });
    assert.deepEqual(isWorkday(alone, '2028-10-03'), { working: false, provisional: true });
    assert.equal(addWorkdays(alone, '2026-12-31', 1).date, '2027-01-04');
  });

  it('before the amended rule (2024 and earlier) and past the lunar table (2100) only weekends are known', () => {
    const empty = buildCalendar([]);
    assert.equal(dayInfo(empty, '2024-10-01').kind, 'workday');
    assert.equal(dayInfo(empty, '2025-10-01').kind, 'holiday');
    assert.equal(dayInfo(empty, '2099-10-01').kind, 'holiday');
    assert.equal(dayInfo(empty, '2100-01-01').kind, 'workday');
    const r = addWorkdays(cal, '2099-12-30', 2);
    assert.equal(r.date, '2100-01-01');
    assert.match(r.explain.at(-1)!, /^2100年的节假日安排未录入（现有安排覆盖2008年至2026年），暂按周一至周五为工作日计算/);
    assert.match(r.explain.at(-2)!, /^2099年的节假日安排未录入.*按法定节假日推算/);
  });
});

describe('isWorkday callers', () => {
  it('read .working (or the flag): the answer is an object, always truthy', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const root = path.resolve(import.meta.dirname, '../../..');
    const misuse = /(?:\bif\s*\(|!|&&|\|\||\?|\breturn)\s*isWorkday\([^()]*\)(?![.\w])/;
    const found: string[] = [];
    for (const dir of ['src', 'bench', 'scripts', 'test']) {
      for (const f of readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })) {
        if (!/\.tsx?$/.test(f)) continue;
        const text = readFileSync(path.join(root, dir, f), 'utf8');
        text.split('\n').forEach((line, i) => {
          if (misuse.test(line)) found.push(`${dir}/${f}:${i + 1}`);
        });
      }
    }
    assert.deepEqual(found, []);
  });
});

describe('input checks', () => {
  it('n = 0 returns the date itself, examining nothing', () => {
    assert.deepEqual(addWorkdays(cal, '2026-10-03', 0), {
      date: '2026-10-03',
      provisional: false,
      holidaysSkipped: [],
      provisionalHolidaysSkipped: [],
      makeupDaysCounted: [],
      explain: [],
    });
  });

  it('rejects negative, fractional, huge and non-numeric day counts', () => {
    for (const n of [-1, 1.5, MAX_DAY_COUNT + 1, Number.NaN, Number.POSITIVE_INFINITY, '20' as unknown as number]) {
      assert.throws(() => addWorkdays(cal, '2026-09-15', n), isCode('INVALID_DAY_COUNT'), String(n));
    }
    assert.equal(addWorkdays(cal, '2026-09-15', MAX_DAY_COUNT).provisional, true);
  });

  it('rejects malformed and impossible dates', () => {
    for (const d of ['2026-02-30', '2026-2-3', '20260915', '', 'today', null]) {
      assert.throws(() => addWorkdays(cal, d as IsoDate, 1), isCode('INVALID_DATE'), String(d));
      assert.throws(() => countWorkdays(cal, '2026-01-01', d as IsoDate), isCode('INVALID_DATE'), String(d));
      assert.throws(() => isWorkday(cal, d as IsoDate), isCode('INVALID_DATE'), String(d));
    }
  });

  it('counts nothing when the end is not after the start', () => {
    assert.equal(countWorkdays(cal, '2026-09-15', '2026-09-15').count, 0);
    assert.equal(countWorkdays(cal, '2026-09-15', '2026-09-01').count, 0);
  });

  it('details off gives the same date and flag with empty lists', () => {
    const full = addWorkdays(cal, '2026-09-15', 20);
    const fast = addWorkdays(cal, '2026-09-15', 20, { details: false });
    assert.deepEqual(fast, { date: full.date, provisional: full.provisional, holidaysSkipped: [], provisionalHolidaysSkipped: [], makeupDaysCounted: [], explain: [] });
  });
});

describe('properties', () => {
  // 2000-01-01 .. 2035-12-31: before, inside and after the covered years.
  const day = fc.integer({ min: toDayNumber('2000-01-01'), max: toDayNumber('2035-12-31') }).map(fromDayNumber);
  const count = fc.integer({ min: 0, max: 400 });

  it('countWorkdays(d, addWorkdays(d, n)) = n', () => {
    fc.assert(
      fc.property(day, count, (d, n) => countWorkdays(cal, d, addWorkdays(cal, d, n).date, { details: false }).count === n),
      { numRuns: 2000 },
    );
  });

  it('addWorkdays is strictly increasing in n', () => {
    fc.assert(
      fc.property(day, count, count, (d, a, b) => {
        fc.pre(a !== b);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        return addWorkdays(cal, d, lo).date < addWorkdays(cal, d, hi).date;
      }),
      { numRuns: 1000 },
    );
  });

  it('results are working days, official ones inside coverage', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 400 }), (d, n) => {
        const r = addWorkdays(cal, d, n, { details: false });
        const info = dayInfo(cal, r.date);
        return info.working && (info.provisional || info.kind === 'workday' || info.kind === 'makeup');
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with a day-by-day walk, lists included', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 60 }), (d, n) => {
        const r = addWorkdays(cal, d, n);
        assert.equal(r.date, naiveAdd(cal, d, n));
        const between: IsoDate[] = [];
        for (let x = toDayNumber(d) + 1; x <= toDayNumber(r.date); x++) between.push(fromDayNumber(x));
        assert.deepEqual(r.holidaysSkipped, between.filter((x) => dayInfo(cal, x).kind === 'holiday'));
        assert.deepEqual(r.makeupDaysCounted, between.filter((x) => dayInfo(cal, x).kind === 'makeup'));
        assert.equal(r.provisional, between.some((x) => dayInfo(cal, x).provisional));
      }),
      { numRuns: 500 },
    );
  });

  it('counts add up over adjacent intervals', () => {
    fc.assert(
      fc.property(day, day, day, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort();
        const n = (p: IsoDate, q: IsoDate) => countWorkdays(cal, p, q, { details: false }).count;
        return n(a!, b!) + n(b!, c!) === n(a!, c!);
      }),
      { numRuns: 1000 },
    );
  });
});
// Speed is measured in bench/calendar-recompute.ts, never asserted here: a loaded CI machine must not fail a correct build.
