import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, ENGINES, json, type TestApp } from '../../../test/helpers.js';
import { openDatabase } from '../../db/database.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
import * as service from './calendar.service.js';

/**
 * A made-up 2027 arrangement for tests, shaped like a real notice. It is NOT the
 * official 2027 schedule (none had been published when this was written).
 */
export const FICTIONAL_2027 = {
  year: 2027,
  holidays: [
    { name: 'new_year', start: '2027-01-01', end: '2027-01-03' },
    { name: 'spring_festival', start: '2027-02-05', end: '2027-02-13' },
    { name: 'qingming', start: '2027-04-03', end: '2027-04-05' },
    { name: 'labour_day', start: '2027-05-01', end: '2027-05-05' },
    { name: 'dragon_boat', start: '2027-06-09', end: '2027-06-09' },
    { name: 'mid_autumn', start: '2027-09-15', end: '2027-09-15' },
    { name: 'national_day', start: '2027-10-01', end: '2027-10-07' },
  ],
  makeupWorkdays: ['2027-02-20', '2027-04-25', '2027-09-26', '2027-10-09'],
  source: { noticeNumber: '国办发明电〔2026〕99号', noticeDate: '2026-11-20', title: '国务院办公厅关于2027年部分节假日安排的通知' },
};

/** The office form body for a year. */
function formOf(y: typeof FICTIONAL_2027, baseVersion: number, note = '录入2027年通知（测试用虚构数据）') {
  const form: Record<string, string> = {
    baseVersion: String(baseVersion),
    note,
    'source.title': y.source.title,
    'source.noticeNumber': y.source.noticeNumber,
    'source.noticeDate': y.source.noticeDate,
  };
  y.holidays.forEach((h, i) => {
    form[`holidays.${i}.name`] = h.name;
    form[`holidays.${i}.start`] = h.start;
    form[`holidays.${i}.end`] = h.end;
    form[`holidays.${i}.combinedWith`] = '';
  });
  form[`holidays.${y.holidays.length}.name`] = '';
  form[`holidays.${y.holidays.length}.start`] = '';
  y.makeupWorkdays.forEach((d, i) => (form[`makeupWorkdays.${i}`] = d));
  form[`makeupWorkdays.${y.makeupWorkdays.length}`] = '';
  return form;
}

const storedRows = async (t: TestApp) => (await t.db.selectFrom('calendarYears').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
const revision = async (t: TestApp) => (await t.db.selectFrom('calendarRevision').select('revision').executeTakeFirstOrThrow()).revision;

async function addPublication(t: TestApp, title: string, formedDate: string, state: string) {
  const agency = await t.db.selectFrom('agencies').select('id').where('slug', '=', 'czj').executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const row = await t.db
    .insertInto('publications')
    .values({ agencyId: agency.id, title, formedDate, state, createdAt: now, updatedAt: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

for (const engine of ENGINES) {
  describe(`${engine}: calendar API and calculator`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
    });
    after(() => t.close());

    it('seeds 2008–2026 from the frozen snapshot, with coverage up to 2026', async () => {
      const body = json(await t.anonymous().get('/api/v1/calendar/years'));
      assert.deepEqual(body.coverage, { firstYear: 2008, lastYear: 2026 });
      assert.deepEqual(
        body.items.map((y: { year: number }) => y.year),
        Array.from({ length: 19 }, (_, i) => 2008 + i),
      );
      const y2026 = body.items.find((y: { year: number }) => y.year === 2026);
      assert.equal(y2026.version, 1);
      assert.equal(y2026.source.noticeNumber, '国办发明电〔2025〕7号');
      assert.equal(y2026.source.noticeDate, '2025-11-04');
      assert.equal(y2026.source.origin, 'seed:chinese-days@1.5.7');
      assert.deepEqual(y2026.makeupWorkdays, ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    });

    it('answers 20 working days after 2026-09-15 with 2026-10-19, naming the holidays and make-up days', async () => {
      const res = await t.anonymous().get('/api/v1/calendar/add-workdays?from=2026-09-15&days=20');
      assert.equal(res.statusCode, 200);
      const body = json(res);
      assert.equal(body.date, '2026-10-19');
      assert.equal(body.provisional, false);
      assert.deepEqual(body.makeupDaysCounted, ['2026-09-20', '2026-10-10']);
      assert.deepEqual(body.holidaysSkipped, [
        '2026-09-25', '2026-09-26', '2026-09-27',
        '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
      ]);
    });

    it('marks a range running into 2027 as provisional', async () => {
      const body = json(await t.anonymous().get('/api/v1/calendar/add-workdays?from=2026-12-20&days=20'));
      assert.equal(body.provisional, true);
      assert.ok(body.explain.some((l: string) => l.includes('2027年') && l.includes('临时')));
      const count = json(await t.anonymous().get('/api/v1/calendar/count-workdays?from=2026-09-15&to=2026-10-19'));
      assert.equal(count.count, 20);
      assert.equal(count.provisional, false);
    });

    it('refuses bad dates and day counts with stable codes and a message per field', async () => {
      const cases: [string, string, string][] = [
        ['from=2026-02-30&days=20', 'INVALID_DATE', 'from'],
        ['from=2026-9-15&days=20', 'INVALID_DATE', 'from'],
        ['from=tomorrow&days=20', 'INVALID_DATE', 'from'],
        ['days=20', 'INVALID_DATE', 'from'],
        ['from=2026-09-15&days=-3', 'INVALID_DAY_COUNT', 'days'],
        ['from=2026-09-15&days=1.5', 'INVALID_DAY_COUNT', 'days'],
        ['from=2026-09-15&days=99999999999999999999', 'INVALID_DAY_COUNT', 'days'],
        ['from=2026-09-15&days=10001', 'INVALID_DAY_COUNT', 'days'],
        ['from=2026-09-15', 'INVALID_DAY_COUNT', 'days'],
        ['from=2026-09-15&from=2026-09-16&days=20', 'INVALID_DATE', 'from'],
      ];
      for (const [q, code, field] of cases) {
        const res = await t.anonymous().get(`/api/v1/calendar/add-workdays?${q}`);
        assert.equal(res.statusCode, 400, q);
        const err = json(res).error;
        assert.equal(err.code, code, q);
        assert.ok(err.fields[field], q);
        assert.ok(err.message.length > 4, q);
      }
      const res = await t.anonymous().get('/api/v1/calendar/count-workdays?from=2026-13-01&to=2026-10-19');
      assert.equal(json(res).error.code, 'INVALID_DATE');
    });

    it('shows the calculator without JavaScript: result, provisional note, holidays, make-up days and month tables', async () => {
      const empty = await t.anonymous().get('/calendar');
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /<form method="get" action="\/calendar"/);
      assert.doesNotMatch(empty.body, /<script/);

      const res = await t.anonymous().get('/calendar?from=2026-09-15&days=20');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /2026年10月19日（星期一）/);
      assert.match(res.body, /中秋节：2026年9月25日至2026年9月27日/);
      assert.match(res.body, /国庆节：2026年10月1日至2026年10月7日/);
      assert.match(res.body, /2026年9月20日（星期日）/);
      assert.match(res.body, /<caption>2026年9月<\/caption>/);
      assert.match(res.body, /<caption>2026年10月<\/caption>/);
      assert.match(res.body, /第20个工作日（结果）/);
      assert.match(res.body, /班·调休上班/);

      const prov = await t.anonymous().get('/calendar?from=2026-12-20&days=20');
      assert.match(prov.body, /临时结果/);
      assert.match(prov.body, /<caption>2027年1月<span class="month-note">（该年节假日安排尚未公布，暂按法定节假日推算，调休未定）<\/span><\/caption>/);
      assert.match(prov.body, /元旦（暂按法定节假日推算）：2027年1月1日/);
      assert.match(prov.body, /休·元旦（暂定）/);
      assert.match(prov.body, /调休安排尚未公布，按法定节假日推算/);
    });

    it('shows a clear message, never a 500, for bad calculator input', async () => {
      for (const q of ['from=2026-02-30&days=20', 'from=x&days=y', 'from=2026-09-15&days=-1', 'from=&days=']) {
        const res = await t.anonymous().get(`/calendar?${q}`);
        assert.equal(res.statusCode, 400, q);
        assert.match(res.body, /role="alert"/, q);
        assert.match(res.body, /起算日期|工作日天数/, q);
      }
      // A NUL is refused before any route runs (one rule for every form), still with a message.
      const nul = await t.anonymous().get('/calendar?days=%00');
      assert.equal(nul.statusCode, 400);
      assert.match(nul.body, /空字符/);
      const res = await t.anonymous().get('/calendar?from=%3Cscript%3Ealert(1)%3C%2Fscript%3E&days=20');
      assert.equal(res.statusCode, 400);
      assert.doesNotMatch(res.body, /<script>alert/);
    });
  });

  describe(`${engine}: entering a year's notice`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
    });
    after(() => t.close());

    it('lists the years with coverage and sources in the office, for calendar managers only', async () => {
      const admin = await t.login('czj-admin');
      const res = await admin.get('/office/calendar');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /2008年至2026年/);
      assert.match(res.body, /国办发明电〔2025〕7号/);
      assert.match(res.body, /2027年暂按以下法定节假日放假（调休未定）：元旦 2027年1月1日；春节 2027年2月5日至2027年2月8日；/);
      assert.match(res.body, /录入2027年安排/);
      const year = await admin.get('/office/calendar/2026');
      assert.equal(year.statusCode, 200);
      assert.match(year.body, /<caption>2026年2月<\/caption>/);
      assert.match(year.body, /休·春节/);
      const editor = await t.login('demo-editor');
      assert.equal((await editor.get('/office/calendar')).statusCode, 403);
      assert.equal((await t.anonymous().api('PUT', '/api/v1/calendar/years/2027', FICTIONAL_2027)).statusCode, 401);
      assert.equal((await editor.api('PUT', '/api/v1/calendar/years/2027', FICTIONAL_2027)).statusCode, 403);
    });

    it('refuses a bad notice with a message per field and leaves the stored calendar unchanged', async () => {
      const admin = await t.login('czj-admin');
      const rows = await storedRows(t);
      const rev = await revision(t);
      const bad = (patch: (y: typeof FICTIONAL_2027) => void) => {
        const y = structuredClone(FICTIONAL_2027);
        patch(y);
        return formOf(y, 0);
      };
      const cases: [Record<string, string>, RegExp][] = [
        [bad((y) => (y.holidays[1]!.start = '2027-01-02')), /重叠/],
        [bad((y) => y.makeupWorkdays.push('2027-02-22')), /星期一，调休上班日只能是周六或周日/],
        [bad((y) => y.makeupWorkdays.push('2027-02-06')), /落在第2个放假区间（春节/],
        [bad((y) => (y.holidays[2]!.end = '2027-04-31')), /不是有效日期/],
        [bad((y) => (y.holidays[2]!.end = '2027-04-01')), /早于开始日期/],
        [bad((y) => (y.source.noticeNumber = '')), /缺少文号/],
        [bad((y) => (y.holidays[0]!.name = 'christmas')), /不在清单内/],
      ];
      for (const [form, message] of cases) {
        const res = await admin.post('/office/calendar/2027', form);
        assert.equal(res.statusCode, 400, `${message}: ${res.body.slice(0, 200)}`);
        assert.match(res.body, message);
        assert.match(res.body, /class="error-text"/);
      }
      // A year after a gap would make the missing year silently Monday–Friday.
      const gap = await admin.post('/office/calendar/2029', { ...formOf({ ...FICTIONAL_2027, year: 2029, holidays: [{ name: 'new_year', start: '2029-01-01', end: '2029-01-01' }], makeupWorkdays: [], source: { noticeNumber: '国办发明电〔2028〕1号', noticeDate: '2028-11-20', title: '2029年（测试）' } }, 0) });
      assert.equal(gap.statusCode, 400);
      assert.match(gap.body, /缺少2027年至2028年的安排/);
      // The API refuses the wrong shape just as clearly.
      const api = await admin.api('PUT', '/api/v1/calendar/years/2027', { holidays: 'none', makeupWorkdays: [] });
      assert.equal(api.statusCode, 400);
      assert.equal(json(api).error.code, 'VALIDATION_FAILED');
      assert.ok(json(api).error.fields.holidays);
      assert.equal(await storedRows(t), rows);
      assert.equal(await revision(t), rev);
      assert.equal(json(await t.anonymous().get('/api/v1/calendar/add-workdays?from=2026-12-20&days=20')).provisional, true);
    });

    it('entering 2027 makes 2027 results official, keeps history, and moves open deadlines with an audit event each', async () => {
      // Provisionally 2027 already rests on the statutory holidays, so a deadline that only
      // crosses 元旦 stays put and is confirmed; one across 春节 moves, because the notice's
      // (fictional) 春节 block is longer than the statutory four days and adds a make-up day.
      const open = await addPublication(t, '关于2027年元旦假期值班安排的通知', '2026-12-28', 'submitted');
      const spring = await addPublication(t, '关于2027年春节假期值班安排的通知', '2027-01-20', 'submitted');
      const settled = await addPublication(t, '已发布的信息', '2026-12-28', 'published');
      const before = json(await t.anonymous().get('/api/v1/calendar/add-workdays?from=2026-12-28&days=20'));
      assert.equal(before.date, '2027-01-26');
      assert.equal(before.provisional, true);
      assert.deepEqual(before.provisionalHolidaysSkipped, ['2027-01-01']);
      const beforeSpring = json(await t.anonymous().get('/api/v1/calendar/add-workdays?from=2027-01-20&days=20'));
      assert.deepEqual([beforeSpring.date, beforeSpring.provisional], ['2027-02-19', true]);
      assert.deepEqual(beforeSpring.provisionalHolidaysSkipped, ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']);

      const admin = await t.login('czj-admin');
      const form = await admin.get('/office/calendar/2027/edit');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /国务院办公厅关于2027年部分节假日安排的通知/);
      const res = await admin.post('/office/calendar/2027', formOf(FICTIONAL_2027, 0));
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      assert.equal(res.headers.location, '/office/calendar/2027?version=1#changes-h');
      const page = await admin.get('/office/calendar/2027?version=1');
      assert.match(page.body, /2项未结期限随之变动/);
      assert.match(page.body, /关于2027年元旦假期值班安排的通知/);
      assert.match(page.body, /2027年1月26日（临时）/);
      assert.match(page.body, /2027年2月19日（临时）/);
      assert.match(page.body, /2027年2月24日/);
      assert.doesNotMatch(page.body, /已发布的信息/);

      const after = json(await t.anonymous().get('/api/v1/calendar/add-workdays?from=2026-12-28&days=20'));
      assert.equal(after.date, '2027-01-26');
      assert.equal(after.provisional, false);
      assert.deepEqual(after.holidaysSkipped, ['2027-01-01', '2027-01-02', '2027-01-03']);
      assert.deepEqual(after.provisionalHolidaysSkipped, []);
      const years = json(await t.anonymous().get('/api/v1/calendar/years'));
      assert.equal(years.coverage.lastYear, 2027);
      assert.match(years.items.at(-1).enteredBy, /czj-admin/);
      assert.equal(years.items.at(-1).source.origin, 'manual');

      const events = async (action: string) => t.db.selectFrom('auditEvents').selectAll().where('action', '=', action).execute();
      const moved = await events('calendar.deadline_moved');
      assert.equal(moved.length, 1);
      assert.equal(moved[0]!.entityType, 'publication');
      assert.equal(moved[0]!.entityId, String(spring));
      assert.deepEqual(JSON.parse(moved[0]!.beforeJson!), { deadline: '2027-02-19', provisional: true });
      assert.deepEqual(JSON.parse(moved[0]!.afterJson!), { deadline: '2027-02-24', provisional: false });
      const confirmed = await events('calendar.deadline_confirmed');
      assert.equal(confirmed.length, 1);
      assert.equal(confirmed[0]!.entityId, String(open));
      assert.deepEqual(JSON.parse(confirmed[0]!.afterJson!), { deadline: '2027-01-26', provisional: false });
      assert.ok(![...moved, ...confirmed].some((e) => e.entityId === String(settled)));
      const created = await t.db.selectFrom('auditEvents').selectAll().where('action', '=', 'calendar.year_create').execute();
      assert.equal(created.length, 1);

      // A correction is a new version; the first one stays.
      const corrected = structuredClone(FICTIONAL_2027);
      corrected.holidays[0]!.end = '2027-01-04';
      const fix = await admin.post('/office/calendar/2027', formOf(corrected, 1, '更正元旦假期'));
      assert.equal(fix.statusCode, 303, fix.body.slice(0, 300));
      const history = json(await t.anonymous().get('/api/v1/calendar/years/2027'));
      assert.equal(history.version, 2);
      assert.deepEqual(history.versions.map((v: { version: number }) => v.version), [2, 1]);
      assert.equal(history.versions[1].holidays[0].end, '2027-01-03');
      assert.equal(json(await t.anonymous().get('/api/v1/calendar/add-workdays?from=2026-12-28&days=20')).date, '2027-01-27');
      assert.equal((await t.db.selectFrom('auditEvents').select('id').where('action', '=', 'calendar.deadline_moved').execute()).length, 2);
      const old = await admin.get('/office/calendar/2027?version=1');
      assert.match(old.body, /历史版本/);
    });

    it('rejects a stale edit and saves nothing when the content is unchanged', async () => {
      const admin = await t.login('demo-admin');
      const rows = await storedRows(t);
      const stale = await admin.post('/office/calendar/2027', formOf(FICTIONAL_2027, 1, 'stale'));
      assert.equal(stale.statusCode, 409);
      assert.match(stale.body, /已被他人修改/);
      const same = await admin.api('PUT', '/api/v1/calendar/years/2026', { ...service.rowToYear((await t.db.selectFrom('calendarYears').selectAll().where('year', '=', 2026).executeTakeFirstOrThrow())), baseVersion: 1 });
      assert.equal(same.statusCode, 200, same.body);
      assert.equal(json(same).saved, false);
      assert.equal(await storedRows(t), rows);
    });

    it('lets another process notice a save through the revision counter', async () => {
      // A second handle on the same database stands for another app process.
      const other = openDatabase(t.url);
      try {
        const cached = await service.getCalendar(other);
        const y2028 = { year: 2028, holidays: [{ name: 'new_year', start: '2028-01-01', end: '2028-01-01' }], makeupWorkdays: [], source: { noticeNumber: null, noticeDate: null, title: '测试用虚构的2028年安排' } };
        await service.saveYear(t.db, SYSTEM_ACTOR, y2028, { origin: 'import' });
        assert.equal((await service.getCalendar(t.db)).coverage?.lastYear, 2028);
        // Within the check interval the other process may still use its copy …
        assert.equal(await service.getCalendar(other), cached);
        await new Promise((r) => setTimeout(r, service.REVISION_CHECK_MS + 100));
        // … and after it, it sees the new revision and reloads.
        assert.equal((await service.getCalendar(other)).coverage?.lastYear, 2028);
      } finally {
        await other.destroy();
      }
    });
  });
}
