/**
 * The fee lists' pages and API over the demo lists, on both engines: the public
 * list, its date and downloads, an item's history, the link from the Art. 20(八)
 * column and from an announcement, the office's forms with their per-field errors,
 * and the API's stable codes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';
import { ENGINES, createTestApp, json, type TestApp } from '../../../test/helpers.js';
import { todayOf } from '../../db/runtime.js';
import { addDays } from '../../lib/dates.js';
import { seedFees } from '../../demo/fees.demo.js';

for (const engine of ENGINES) {
  describe(`fee list pages and API (${engine})`, () => {
    let t: TestApp;
    let fgj: number;
    before(async () => {
      t = await createTestApp(engine, { demo: true, demoPublications: false });
      assert.equal(await seedFees(t.db), 7);
      fgj = (await t.db.selectFrom('agencies').select('id').where('slug', '=', 'fgj').executeTakeFirstOrThrow()).id;
    });
    after(async () => t?.close());

    test('the public list needs no account, follows the date, and tells what is announced ahead', async () => {
      const anon = t.anonymous();
      const now = await anon.get('/fgj/zfxxgk/sfxm');
      assert.equal(now.statusCode, 200);
      assert.match(now.body, /<caption>示例市发展和改革局政府定价（定价目录）项目/);
      assert.match(now.body, /<td>每立方米 2.80 元/);
      assert.doesNotMatch(now.body, /每立方米 2.50 元/);
      assert.match(now.body, new RegExp(`自 ${addDays(todayOf(t.db), 25)} 起：每立方米 3.25 元`));
      const then = await anon.get(`/fgj/zfxxgk/sfxm?date=${addDays(todayOf(t.db), -200)}`);
      assert.match(then.body, /<td>每立方米 2.50 元/);
      assert.doesNotMatch(then.body, /<td>每立方米 2.80 元/);
      assert.match(then.body, /起：每立方米 2.80 元/, 'the amendment announced ahead of that date is noted');
      const czj = await anon.get('/czj/zfxxgk/sfxm');
      assert.match(czj.body, /已停征或已废止的行政事业性收费项目/);
      assert.match(czj.body, /房屋租赁登记备案手续费/);
      const sorted = await anon.get('/czj/zfxxgk/sfxm?sort=amount');
      assert.ok(sorted.body.indexOf('城市生活垃圾处理费') < sorted.body.indexOf('居民身份证工本费'), '5 元 before 20 元');
      assert.equal((await anon.get('/nosuch/zfxxgk/sfxm')).statusCode, 404);
    });

    test('downloads: CSV with a BOM and XLSX', async () => {
      const anon = t.anonymous();
      const csv = await anon.get('/czj/zfxxgk/sfxm/admin_fee.csv');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      assert.ok(csv.body.startsWith('\uFEFF项目,依据,标准'));
      assert.match(csv.body, /居民身份证工本费/);
      const xlsx = await anon.get('/fgj/zfxxgk/sfxm/price.xlsx');
      assert.equal(xlsx.statusCode, 200);
      assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
      assert.equal((await anon.get('/fgj/zfxxgk/sfxm/tax.csv')).statusCode, 404);
    });

    test('an item page shows every version with its announcement; another agency’s item is not found', async () => {
      const anon = t.anonymous();
      const water = await t.db.selectFrom('feeItems').select('id').where('name', '=', '居民生活用水价格（第一阶梯）').executeTakeFirstOrThrow();
      const page = await anon.get(`/fgj/zfxxgk/sfxm/${water.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /第 2 版/);
      assert.match(page.body, /第 1 版/);
      const link = /href="(\/fgj\/zfxxgk\/content\/\d+)">公告/.exec(page.body);
      assert.ok(link, 'the version links its announcement');
      const pub = await anon.get(link[1]!);
      assert.equal(pub.statusCode, 200);
      assert.match(pub.body, /为该项目第 \d 版/);
      assert.equal((await anon.get(`/czj/zfxxgk/sfxm/${water.id}`)).statusCode, 404);
      const column = await anon.get('/fgj/zfxxgk/fdzdgknr/xzsf');
      assert.equal(column.statusCode, 200);
      assert.match(column.body, /href="\/fgj\/zfxxgk\/sfxm">查看现行收费和价格清单/);
    });

    test('the API reads without an account and proposes with one, with stable codes', async () => {
      const anon = t.anonymous();
      const lists = json(await anon.get('/api/v1/fees/fgj'));
      const price = lists.lists.find((l: { key: string }) => l.key === 'price');
      const water = price.items.find((i: { name: string }) => i.name.startsWith('居民生活用水'));
      assert.equal(water.current.standard, '每立方米 2.80 元（年用水量 180 立方米以内）');
      assert.equal(water.versions.length, 2);
      assert.match(water.current.announcementUrl, /^\/fgj\/zfxxgk\/content\/\d+$/);
      const notice = json(await anon.get('/api/v1/fees/czj/notice?list=admin_fee'));
      assert.ok(notice.sections.length >= 3);
      assert.equal((await anon.get('/api/v1/fees/czj/notice?list=tax')).statusCode, 400);
      assert.equal((await anon.api('POST', '/api/v1/fees/changes', { agencyId: fgj, kind: 'add' })).statusCode, 401);

      const reviewer = await t.login('demo-reviewer');
      const today = todayOf(t.db);
      const bad = await reviewer.api('POST', '/api/v1/fees/changes', { agencyId: fgj, kind: 'add', list: 'price', name: '居民生活用水价格（第一阶梯）', standard: '', writtenDate: today, effectiveDate: addDays(today, -1) });
      assert.equal(bad.statusCode, 400);
      const err = json(bad).error;
      assert.equal(err.code, 'VALIDATION_FAILED');
      for (const f of ['name', 'standard', 'basis', 'effectiveDate', 'collectingUnit', 'reason']) assert.ok(err.fields[f], `field ${f}`);
      const gas = price.items.find((i: { name: string }) => i.name.startsWith('管道天然气'));
      // The gas price has a version announced for a later date: history is not rewritten before it.
      const early = await reviewer.api('POST', '/api/v1/fees/changes', { agencyId: fgj, kind: 'stop', itemId: gas.id, reason: '停', writtenDate: today, effectiveDate: today });
      assert.match(json(early).error.fields.effectiveDate, /现行版本的生效日期/);
      const parking = price.items.find((i: { name: string }) => i.name.startsWith('城区公共停车场'));
      const pending = await reviewer.api('POST', '/api/v1/fees/changes', { agencyId: fgj, kind: 'stop', itemId: parking.id, reason: '停', writtenDate: today, effectiveDate: today });
      assert.equal(pending.statusCode, 201, pending.body);
      const again = await reviewer.api('POST', '/api/v1/fees/changes', { agencyId: fgj, kind: 'abolish', itemId: parking.id, reason: '废止', writtenDate: today, effectiveDate: today });
      assert.equal(json(again).error.code, 'FEE_CHANGE_PENDING');
    });

    test('the office form re-renders with a message per field and writes nothing; a good one drafts the announcement', async () => {
      const reviewer = await t.login('demo-reviewer');
      assert.equal((await reviewer.get('/office/fees')).statusCode, 200);
      const page = await reviewer.get(`/office/fees/${fgj}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /起草新增公告/);
      const before = (await t.db.selectFrom('feeChanges').select('id').execute()).length;
      const today = todayOf(t.db);
      const bad = await reviewer.post(`/office/fees/${fgj}/changes`, { kind: 'add', list: 'price', name: '普通高中学费', 'basis.0.title': '', standard: '每生每学期 800 元', collectingUnit: '各公办普通高中', validFrom: '2026-09-01', validTo: '2026-08-31', reason: '制定学费标准', writtenDate: today, effectiveDate: today });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /有效期截止日期不能早于起始日期/);
      assert.match(bad.body, /请至少填写一份依据文件/);
      assert.match(bad.body, /value="普通高中学费"/);
      assert.equal((await t.db.selectFrom('feeChanges').select('id').execute()).length, before);
      const ok = await reviewer.post(`/office/fees/${fgj}/changes`, { kind: 'add', list: 'price', name: '普通高中学费', 'basis.0.title': '《示例市公办普通高中学费标准》', 'basis.0.number': '示发改价格〔2026〕40号', standard: '每生每学期 800 元', collectingUnit: '各公办普通高中', validFrom: today, longTerm: '1', reason: '制定学费标准', writtenDate: today, effectiveDate: today });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 400));
      assert.match(String(ok.headers.location), /^\/office\/publications\/\d+$/);
      const item = await t.db.selectFrom('feeItems').select('id').where('name', '=', '普通高中学费').executeTakeFirstOrThrow();
      const itemPage = await reviewer.get(`/office/fees/${fgj}?item=${item.id}`);
      assert.match(itemPage.body, /待公告发布/);
      const czjAdmin = await t.login('czj-admin');
      assert.equal((await czjAdmin.get(`/office/fees/${fgj}`)).statusCode, 403);
      const editor = await t.login('demo-editor');
      assert.equal((await editor.post(`/office/fees/${fgj}/changes`, { kind: 'add' })).statusCode, 403);
    });
  });
}

// The list's bulletin notice (公示栏): the items in force, the agency and its 监督电话.
for (const engine of ENGINES) {
  describe(`fee list bulletin notice (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true, demoPublications: true });
    });
    after(async () => t?.close());

    it('prints the list in force with the 监督电话, and refuses an unknown list', async () => {
      const c = t.anonymous();
      const page = await c.get('/fgj/zfxxgk/sfxm');
      assert.match(page.body, /href="\/fgj\/zfxxgk\/sfxm\/bulletin\?list=price&amp;date=/);
      const res = await c.get('/fgj/zfxxgk/sfxm/bulletin?list=price');
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      assert.match(res.body, /示例市发展和改革局/);
      assert.match(res.body, /居民生活用水价格/);
      assert.match(res.body, /监督电话/);
      assert.equal((await c.get('/fgj/zfxxgk/sfxm/bulletin?list=nonsense')).statusCode, 400);
      assert.equal((await c.get('/fgj/zfxxgk/sfxm/bulletin?list=price&size=B5')).statusCode, 400);
    });
  });
}
