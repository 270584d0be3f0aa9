import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type IsoDate, addDays, fromDayNumber, isWeekend, toDayNumber } from '../../lib/dates.js';
import { type HolidayKey, buildCalendar } from './calendar.js';
import { FIRST_YEAR, LAST_YEAR, generate, loadChineseDays, lunarYearDates } from './seed/generate-statutory.js';
import seed from './seed/statutory-dates.json' with { type: 'json' };
import { OFFICIAL_YEARS } from './seed-data.js';
import { STATUTORY_FIRST_YEAR, STATUTORY_LAST_YEAR, statutoryHolidays } from './statutory.js';

const lib = loadChineseDays();

/** Every date of the spans, with the festival each belongs to (a combined span counts for both). */
function days(spans: { name: HolidayKey; combinedWith?: HolidayKey[]; start: IsoDate; end: IsoDate }[]) {
  const out = new Map<IsoDate, HolidayKey[]>();
  for (const s of spans) {
    for (let d = toDayNumber(s.start); d <= toDayNumber(s.end); d++) out.set(fromDayNumber(d), [s.name, ...(s.combinedWith ?? [])]);
  }
  return out;
}

describe('statutory holidays (全国年节及纪念日放假办法, 国务院令第795号)', () => {
  it('2027: 元旦 1 day, 春节 除夕 to 初三, 清明, 劳动节 2 days, 端午, 中秋, 国庆 3 days', () => {
    assert.deepEqual(statutoryHolidays(2027), [
      { name: 'new_year', start: '2027-01-01', end: '2027-01-01' },
      { name: 'spring_festival', start: '2027-02-05', end: '2027-02-08' },
      { name: 'qingming', start: '2027-04-05', end: '2027-04-05' },
      { name: 'labour_day', start: '2027-05-01', end: '2027-05-02' },
      { name: 'dragon_boat', start: '2027-06-09', end: '2027-06-09' },
      { name: 'mid_autumn', start: '2027-09-15', end: '2027-09-15' },
      { name: 'national_day', start: '2027-10-01', end: '2027-10-03' },
    ]);
  });

  it('2028: 春节 from 除夕 2028-01-25; 中秋 on 10月3日 is named inside 国庆节', () => {
    assert.deepEqual(statutoryHolidays(2028), [
      { name: 'new_year', start: '2028-01-01', end: '2028-01-01' },
      { name: 'spring_festival', start: '2028-01-25', end: '2028-01-28' },
      { name: 'qingming', start: '2028-04-04', end: '2028-04-04' },
      { name: 'labour_day', start: '2028-05-01', end: '2028-05-02' },
      { name: 'dragon_boat', start: '2028-05-28', end: '2028-05-28' },
      { name: 'national_day', combinedWith: ['mid_autumn'], start: '2028-10-01', end: '2028-10-03' },
    ]);
  });

  it('has 13 days in every year it reaches, except when 中秋 falls on 10月1日–3日', () => {
    for (let y = STATUTORY_FIRST_YEAR; y <= STATUTORY_LAST_YEAR; y++) {
      const spans = statutoryHolidays(y)!;
      const all = days(spans);
      const joined = spans.some((s) => s.combinedWith?.includes('mid_autumn'));
      assert.equal(all.size, joined ? 12 : 13, String(y));
      assert.ok([...all.keys()].every((d) => d.startsWith(`${y}-`)), String(y));
    }
  });

  it('reaches 2025–2099 only: before the amended rule and past the lunar table there is nothing to compute', () => {
    assert.equal(STATUTORY_FIRST_YEAR, 2025);
    assert.equal(STATUTORY_LAST_YEAR, 2099);
    assert.equal(statutoryHolidays(2024), null);
    assert.equal(statutoryHolidays(2100), null);
  });

  it('2025 and 2026: every statutory day is a day off in the State Council notice', () => {
    const official = buildCalendar(OFFICIAL_YEARS);
    for (const y of [2025, 2026]) {
      const notice = days(OFFICIAL_YEARS.find((o) => o.year === y)!.holidays);
      for (const [d, names] of days(statutoryHolidays(y)!)) {
        assert.ok(notice.has(d), `${d} (${names.join('/')}) is not a holiday in the ${y} notice`);
      }
      assert.equal(official.coverage?.lastYear, 2026);
    }
  });
});

describe('lunar and solar-term dates (chinese-days 1.5.7)', () => {
  it('confirmed dates: 2027 除夕 02-05, 正月初一 02-06, 清明 04-05, 端午 06-09, 中秋 09-15; 2028 正月初一 01-26, 清明 04-04', () => {
    // Cross-checked with Hong Kong's 2027 general holidays (农历年初一 2月6日, 清明 4月5日,
    // 端午 6月9日, 中秋节翌日 9月16日) and published 2028 calendars (春节 1月26日).
    assert.deepEqual(lunarYearDates(lib, 2027), { year: 2027, springFestival: '2027-02-06', qingming: '2027-04-05', dragonBoat: '2027-06-09', midAutumn: '2027-09-15' });
    assert.deepEqual(lunarYearDates(lib, 2028), { year: 2028, springFestival: '2028-01-26', qingming: '2028-04-04', dragonBoat: '2028-05-28', midAutumn: '2028-10-03' });
    assert.equal(lib.getLunarDate('2027-02-05').lunarDay, 29, '2027 除夕 is 腊月廿九: 腊月 has 29 days');
  });

  it('the committed JSON is what the generator makes now, whatever the process time zone', () => {
    assert.deepEqual(seed.years, generate(lib));
    assert.equal(seed.years[0]!.year, FIRST_YEAR);
    assert.equal(seed.years.at(-1)!.year, LAST_YEAR);
    const saved = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      assert.deepEqual(lunarYearDates(lib, 2027), seed.years.find((y) => y.year === 2027));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('agrees with every State Council notice 2008–2026: 正月初一, 清明, 端午 and 中秋 lie in their festival’s block', () => {
    for (const year of OFFICIAL_YEARS) {
      const d = lunarYearDates(lib, year.year);
      const notice = days(year.holidays);
      const check = (date: IsoDate, name: HolidayKey) => assert.ok(notice.get(date)?.includes(name), `${year.year}: ${date} should be ${name}`);
      check(d.springFestival, 'spring_festival');
      check(d.qingming, 'qingming');
      check(d.dragonBoat, 'dragon_boat');
      check(d.midAutumn, 'mid_autumn');
    }
  });

  it('agrees with ICU’s astronomical Chinese calendar, except 正月初一 2027 and 2030 (new moon minutes from midnight)', (t) => {
    const icu = new Intl.DateTimeFormat('en-US-u-ca-chinese', { timeZone: 'UTC', month: 'numeric', day: 'numeric' });
    if (icu.resolvedOptions().calendar !== 'chinese') return t.skip('this Node has no ICU Chinese calendar');
    const lunar = (date: IsoDate) => {
      const parts = icu.formatToParts(new Date(`${date}T00:00:00Z`));
      return `${parts.find((p) => p.type === 'month')!.value}-${parts.find((p) => p.type === 'day')!.value}`;
    };
    const known = new Map([
      // New moon 2027-02-06 15:56 UTC = 23:56 Beijing; 2030-02-02 16:07 UTC = 00:07 Beijing.
      // ICU's approximation puts them across midnight; the observatories' tables (and Hong Kong's
      // 2027 holidays) have 2027-02-06 and 2030-02-03.
      [2027, '2027-02-07'],
      [2030, '2030-02-02'],
    ]);
    for (const y of seed.years) {
      assert.equal(lunar(y.dragonBoat), '5-5', `${y.year} 端午`);
      assert.equal(lunar(y.midAutumn), '8-15', `${y.year} 中秋`);
      const icuNewYear = known.get(y.year);
      if (icuNewYear) {
        assert.equal(lunar(icuNewYear), '1-1', `${y.year}: ICU still disagrees as recorded`);
        assert.equal(Math.abs(toDayNumber(icuNewYear) - toDayNumber(y.springFestival)), 1);
      } else {
        assert.equal(lunar(y.springFestival), '1-1', `${y.year} 正月初一`);
      }
    }
  });

  it('清明 agrees with the Sun reaching longitude 15°, computed here independently', () => {
    // Low-precision apparent solar longitude (about 0.01°, a quarter of an hour): a date is
    // asserted only when the moment lies more than 45 minutes from Beijing midnight.
    const rad = Math.PI / 180;
    const longitude = (jd: number) => {
      const t = (jd - 2451545) / 36525;
      const l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
      const m = (357.52911 + 35999.05029 * t - 0.0001537 * t * t) * rad;
      const c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * Math.sin(m) + (0.019993 - 0.000101 * t) * Math.sin(2 * m) + 0.000289 * Math.sin(3 * m);
      const omega = (125.04 - 1934.136 * t) * rad;
      return (((l0 + c - 0.00569 - 0.00478 * Math.sin(omega)) % 360) + 360) % 360;
    };
    let asserted = 0;
    for (const y of seed.years) {
      let jd = 2440587.5 + toDayNumber(`${y.year}-04-04`);
      for (let i = 0; i < 5; i++) jd += ((15 - longitude(jd) + 540) % 360 - 180) / (360 / 365.2422);
      const beijing = jd + 8 / 24 - 2440587.5;
      const day = Math.floor(beijing);
      const minutesFromMidnight = Math.min(beijing - day, day + 1 - beijing) * 1440;
      if (minutesFromMidnight < 45) continue;
      assert.equal(y.qingming, fromDayNumber(day), String(y.year));
      asserted++;
    }
    assert.ok(asserted > 65, `only ${asserted} years far enough from midnight`);
  });

  it('除夕 is the day before 正月初一 and can be a weekday or a weekend day', () => {
    const eves = seed.years.map((y) => addDays(y.springFestival as IsoDate, -1));
    assert.ok(eves.some(isWeekend) && eves.some((d) => !isWeekend(d)));
  });
});
