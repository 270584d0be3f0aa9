import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDb, ENGINES, type TestDb } from '../../../test/helpers.js';
import { type IsoDate, addDays } from '../../lib/dates.js';
import { isAppError } from '../../errors.js';
import { CalendarFileError, normaliseYearInput, parseCalendarFile } from './calendar-import.js';
import { importCalendarFile, showCalendar } from './calendar.cli.js';
import * as service from './calendar.service.js';
import { publicationClock } from '../publications/publication.clock.js';
import { publicationsFeature } from '../publications/publication.feature.js';
import { officialCalendar } from './seed-data.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** A made-up 2027 arrangement for tests; NOT the official 2027 schedule. */
const CSV_2027 = `# 测试用虚构数据，并非官方安排
year,2027
notice_number,国办发明电〔2026〕99号
notice_date,2026-11-20
title,国务院办公厅关于2027年部分节假日安排的通知
holiday,元旦,2027-01-01,2027-01-03
holiday,春节,2027-02-05,2027-02-13
holiday,qingming,2027-04-03,2027-04-05
holiday,劳动节,2027-05-01,2027-05-05
holiday,端午节,2027-06-09,2027-06-09
holiday,国庆节,2027-09-30,2027-10-07,中秋节
makeup,2027-02-20
makeup,2027-04-25
makeup,2027-09-26
makeup,2027-10-09
`;

function tmpFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cal-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('calendar import files', () => {
  it('reads CSV and JSON into the same year, festival names in Chinese or as keys', () => {
    const [fromCsv] = parseCalendarFile(CSV_2027, '2027.csv');
    const json = JSON.stringify({ years: [normaliseYearInput(fromCsv, 'import')] });
    const [fromJson] = parseCalendarFile(json, '2027.json');
    assert.deepEqual(normaliseYearInput(fromJson, 'import'), normaliseYearInput(fromCsv, 'import'));
    const y = normaliseYearInput(fromCsv, 'import') as { year: number; holidays: { name: string; combinedWith?: string[] }[] };
    assert.equal(y.year, 2027);
    assert.deepEqual(y.holidays.map((h) => h.name), ['new_year', 'spring_festival', 'qingming', 'labour_day', 'dragon_boat', 'national_day']);
    assert.deepEqual(y.holidays.at(-1)!.combinedWith, ['mid_autumn']);
    // A single object and a bare array are accepted too; the format follows the content without an extension.
    assert.equal(parseCalendarFile(JSON.stringify(fromJson)).length, 1);
    assert.equal(parseCalendarFile(JSON.stringify([fromJson, fromJson])).length, 2);
    assert.equal(parseCalendarFile(CSV_2027).length, 1);
  });

  it('refuses files in the wrong shape with a message saying what was expected', () => {
    const cases: [string, string, RegExp][] = [
      ['{"foo": 1}', 'x.json', /缺少 year、holidays 或 makeupWorkdays/],
      ['[1, 2]', 'x.json', /应为一个对象/],
      ['[]', 'x.json', /没有任何年度安排/],
      ['{"year": 2027,', 'x.json', /JSON 格式错误/],
      ['holiday,春节,2027-02-05,2027-02-13', 'x.csv', /第一条记录应为 year 行/],
      ['year,2027\nfestival,春节', 'x.csv', /第2行：无法识别的类型“festival”/],
      ['year,2027\nholiday,春节,2027-02-05', 'x.csv', /holiday 行应为/],
      ['# nothing', 'x.csv', /缺少 year 行/],
    ];
    for (const [text, name, message] of cases) {
      assert.throws(() => parseCalendarFile(text, name), (e: unknown) => e instanceof CalendarFileError && message.test(e.message), text);
    }
  });

  it('computes the publication deadline exactly as publicationClock does', () => {
    const cal = officialCalendar();
    const publicationDeadlineSource = publicationsFeature.deadlineSources![0]!;
    for (let d = '2025-11-01' as IsoDate; d <= '2026-12-31'; d = addDays(d, 3)) {
      const clock = publicationClock(cal, [{ type: 'formed', date: d }]);
      assert.deepEqual(publicationDeadlineSource.compute(cal, { formedDate: d }), { deadline: clock.deadline, provisional: clock.provisional }, d);
    }
  });
});

for (const engine of ENGINES) {
  describe(`${engine}: calendar import into the database`, () => {
    let t: TestDb;
    before(async () => {
      t = await createTestDb(engine);
    });
    after(() => t.close());

    const rows = async () => (await t.db.selectFrom('calendarYears').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

    it('leaves the stored calendar unchanged when a file is refused', async () => {
      const before = await rows();
      const bad: [string, string, RegExp][] = [
        ['wrong.json', '{"holidays": "none"}', /文件格式不正确/],
        ['wrong.csv', 'year,2027\nholiday,圣诞节,2027-12-25,2027-12-25\nmakeup,2027-02-22\nnotice_number,x\nnotice_date,2026-11-20\ntitle,t', /不在清单内/],
        ['two.csv', `${CSV_2027}\n${CSV_2027.replace('year,2027', 'year,2028').replaceAll('2027-', '2028-').replace('〔2026〕', '〔2027〕').replace('2026-11-20', '2027-11-20').replace('makeup,2028-02-20', 'makeup,2028-02-21')}`, /2028年：第1个调休上班日2028-02-21是星期一/],
      ];
      for (const [name, text, message] of bad) {
        await assert.rejects(importCalendarFile(t.db, tmpFile(name, text)), (e: unknown) => isAppError(e) && (message.test(e.message) || Object.values(e.fields ?? {}).some((m) => message.test(m))), name);
      }
      await assert.rejects(importCalendarFile(t.db, '/nonexistent/2027.json'), /无法读取文件/);
      assert.equal(await rows(), before);
      assert.equal((await service.getCalendar(t.db)).coverage?.lastYear, 2026);
    });

    it('imports a CSV file as a new version, skips an unchanged re-import, and shows the year', async () => {
      const file = tmpFile('2027.csv', CSV_2027);
      const out = await importCalendarFile(t.db, file);
      assert.equal(out[0], '已导入2027年节假日安排（第1版）');
      assert.equal((await service.getCalendar(t.db)).coverage?.lastYear, 2027);
      assert.match((await importCalendarFile(t.db, file)).join('\n'), /2027年的内容与当前版本相同/);
      const text = await showCalendar(t.db, 2027);
      assert.match(text, /2027年节假日安排（第1版）/);
      assert.match(text, /国庆节、中秋节 2027-09-30 至 2027-10-07/);
      assert.match(text, /2027-02-20（星期六）/);
      assert.match(text, /来源：文件导入/);
      // --json output imports back as the same content.
      const again = await importCalendarFile(t.db, tmpFile('2027.json', await showCalendar(t.db, 2027, { json: true })));
      assert.match(again.join('\n'), /相同/);
      const uncovered = await showCalendar(t.db, 2031);
      assert.match(uncovered, /^2031年尚未录入国务院办公厅的节假日安排通知（已录入2008年至2027年）。/);
      assert.match(uncovered, /春节　+ 2031-01-22 至 2031-01-25（星期三至星期六，共4天，除夕至正月初三）/);
      assert.match(uncovered, /国庆节、中秋节 2031-10-01 至 2031-10-03/);
      assert.doesNotMatch(uncovered, /不存在|已删除/);
      await assert.rejects(showCalendar(t.db, 2031, { json: true }), /2031年尚未录入节假日安排，没有可导出的安排/);
      await assert.rejects(showCalendar(t.db, 2027, { version: 9 }), /2027年节假日安排没有第9版（现有：第1版）/);
      assert.match(await showCalendar(t.db), /已录入2008年至2027年/);
    });
  });
}

describe('gongkai calendar (command line)', () => {
  it('migrates, shows 2026, imports a file and refuses a bad one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-'));
    const env = { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, 'cli.db')}`, DATA_DIR: dir, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, env, encoding: 'utf8' });
    try {
      assert.equal(run('migrate').status, 0);
      const show = run('calendar', 'show', '2026');
      assert.equal(show.status, 0, show.stderr);
      assert.match(show.stdout, /2026年节假日安排（第1版）/);
      assert.match(show.stdout, /国办发明电〔2025〕7号/);
      assert.match(show.stdout, /春节[　 ]+2026-02-15 至 2026-02-23/);
      assert.match(show.stdout, /2026-02-14（星期六）/);

      // Before its notice is imported, 2027 is not an error: the statutory holidays it rests on.
      const provisional = run('calendar', 'show', '2027');
      assert.equal(provisional.status, 0, provisional.stderr);
      assert.equal(provisional.stderr, '');
      assert.match(provisional.stdout, /^2027年尚未录入国务院办公厅的节假日安排通知（已录入2008年至2026年）。\n/);
      assert.match(provisional.stdout, /调休安排尚未公布，按法定节假日推算/);
      assert.match(provisional.stdout, /元旦　+ 2027-01-01（星期五）/);
      assert.match(provisional.stdout, /春节　+ 2027-02-05 至 2027-02-08（星期五至星期一，共4天，除夕至正月初三）/);
      assert.match(provisional.stdout, /清明节　+ 2027-04-05（星期一）/);
      assert.match(provisional.stdout, /中秋节　+ 2027-09-15（星期三）/);
      assert.match(provisional.stdout, /国庆节　+ 2027-10-01 至 2027-10-03/);
      assert.match(run('calendar', 'show').stdout, /2027年及以后的期限暂按法定节假日和周一至周五推算，调休未定/);

      const imported = run('calendar', 'import', tmpFile('2027.csv', CSV_2027));
      assert.equal(imported.status, 0, imported.stderr);
      assert.match(imported.stdout, /已导入2027年节假日安排（第1版）/);

      const bad = run('calendar', 'import', tmpFile('bad.json', '{"year": 2028, "holidays": [], "makeupWorkdays": ["2028-02-22"], "source": {"noticeNumber": "国办发明电〔2027〕1号", "noticeDate": "2027-11-20", "title": "x"}}'));
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /调休上班日只能是周六或周日/);
      assert.match(run('calendar', 'show').stdout, /2008年至2027年/);

      const usage = run('calendar', 'show', 'next');
      assert.equal(usage.status, 2);
      assert.match(usage.stderr, /用法/);
      assert.match(run('help').stdout, /calendar import FILE/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
