/**
 * Price and fee lists on both engines: a change is pending until its announcement
 * is published through the review workflow, then it is a numbered version; the
 * list on any date follows the effective dates; deleting the announcement's draft
 * cancels the change; bad input (missing fields, dates out of order, a duplicate
 * name, amending a stopped item, a stale version, a second pending change) is
 * refused per field and leaves nothing behind.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, type TestApp } from '../../../test/helpers.js';
import type { Db } from '../../db/database.js';
import { withClock } from '../../db/runtime.js';
import { isAppError } from '../../errors.js';
import { chinaInstant, fixedClock } from '../../lib/clock.js';
import { actorForUsername } from '../accounts/account.service.js';
import type { Actor } from '../access/roles.js';
import { getPublication, transition } from '../publications/publication.service.js';
import * as service from './fee.service.js';

const on = (t: TestApp, date: string): Db => withClock(t.db, fixedClock(chinaInstant(date as never, '10:00')));

const WATER = {
  kind: 'add',
  list: 'price',
  name: '居民生活用水价格（第一阶梯）',
  basis: [{ title: '《示例省定价目录》', number: '示发改规〔2023〕5号', url: '' }],
  standard: '每立方米 2.50 元',
  amount: '2.5',
  amountUnit: '元/立方米',
  collectingUnit: '示例市自来水有限公司',
  validFrom: '2026-01-01',
  longTerm: true,
  reason: '实行阶梯水价',
  writtenDate: '2026-03-01',
  effectiveDate: '2026-04-01',
};

async function rejects(p: Promise<unknown>, code: string, field?: string) {
  try {
    await p;
  } catch (e) {
    assert.ok(isAppError(e), String(e));
    assert.equal(e.code, code, `${e.message} ${JSON.stringify(e.fields)}`);
    if (field) assert.ok(e.fields?.[field], `expected a message for ${field}: ${JSON.stringify(e.fields)}`);
    return e;
  }
  assert.fail(`expected ${code}`);
}

for (const engine of ENGINES) {
  describe(`price and fee lists (${engine})`, () => {
    let t: TestApp;
    let admin: Actor;
    let reviewer: Actor;
    let editor: Actor;
    let agencyId: number;
    const counts = async () => ({
      items: (await t.db.selectFrom('feeItems').select('id').execute()).length,
      changes: (await t.db.selectFrom('feeChanges').select('id').execute()).length,
      pubs: (await t.db.selectFrom('publications').select('id').where('category', '=', 'art20_08').execute()).length,
    });
    /** Office review and publication of an announcement, on a day. */
    const publish = async (db: Db, id: number) => {
      await transition(db, admin, id, { action: 'submit' });
      await transition(db, reviewer, id, { action: 'approve', confidentiality: 'cleared' });
      await transition(db, reviewer, id, { action: 'publish' });
    };

    before(async () => {
      t = await createTestApp(engine, { demo: true, demoPublications: false });
      admin = (await actorForUsername(t.db, 'demo-admin', 'cli'))!;
      reviewer = (await actorForUsername(t.db, 'demo-reviewer', 'cli'))!;
      editor = (await actorForUsername(t.db, 'demo-editor', 'cli'))!;
      agencyId = (await t.db.selectFrom('agencies').select('id').where('slug', '=', 'fgj').executeTakeFirstOrThrow()).id;
    });
    after(async () => t?.close());

    test('bad input is refused field by field, and nothing is written', async () => {
      const db = on(t, '2026-03-05');
      const before = await counts();
      const e = await rejects(service.proposeChange(db, admin, agencyId, { kind: 'add', list: 'price' }), 'VALIDATION_FAILED');
      for (const f of ['name', 'basis', 'standard', 'collectingUnit', 'reason', 'writtenDate', 'effectiveDate']) assert.ok(e.fields?.[f], `missing field ${f}: ${JSON.stringify(e.fields)}`);
      const dates = await rejects(service.proposeChange(db, admin, agencyId, { ...WATER, writtenDate: '2026-03-01', effectiveDate: '2026-02-28' }), 'VALIDATION_FAILED', 'effectiveDate');
      assert.match(dates.fields!.effectiveDate!, /不能早于成文日期/);
      await rejects(service.proposeChange(db, admin, agencyId, { ...WATER, writtenDate: '2026-03-06' }), 'VALIDATION_FAILED', 'writtenDate');
      await rejects(service.proposeChange(db, admin, agencyId, { ...WATER, writtenDate: '2026-02-30' }), 'VALIDATION_FAILED', 'writtenDate');
      const validity = await rejects(service.proposeChange(db, admin, agencyId, { ...WATER, longTerm: false, validFrom: '2026-05-01', validTo: '2026-04-30' }), 'VALIDATION_FAILED', 'validTo');
      assert.match(validity.fields!.validTo!, /不能早于起始日期/);
      await rejects(service.proposeChange(db, admin, agencyId, { ...WATER, longTerm: false }), 'VALIDATION_FAILED', 'validTo');
      await rejects(service.proposeChange(db, admin, agencyId, { ...WATER, amount: '2.5元' }), 'VALIDATION_FAILED', 'amount');
      await rejects(service.proposeChange(db, admin, agencyId, { ...WATER, basis: [{ title: '文件', url: 'javascript:alert(1)' }] }), 'VALIDATION_FAILED', 'basis.0.url');
      await rejects(service.proposeChange(db, admin, agencyId, { ...WATER, list: 'tax' }), 'VALIDATION_FAILED', 'list');
      await rejects(service.proposeChange(db, admin, agencyId, { ...WATER, kind: 'raise' }), 'VALIDATION_FAILED', 'kind');
      await rejects(service.proposeChange(db, editor, agencyId, WATER), 'FORBIDDEN');
      assert.deepEqual(await counts(), before);
    });

    test('a change is pending until its announcement is published, then it is version 1 from its effective date', async () => {
      const db = on(t, '2026-03-05');
      const r = await service.proposeChange(db, admin, agencyId, WATER);
      assert.equal(r.change.state, 'pending');
      const pub = await getPublication(db, admin, r.publicationId);
      assert.equal(pub.category, 'art20_08');
      assert.equal(pub.title, '关于制定居民生活用水价格（第一阶梯）的公告');
      assert.equal(pub.writtenDate, '2026-03-01');
      assert.match(pub.body, /每立方米 2.50 元/);
      // Not public while pending.
      let lists = await service.listsOn(db, agencyId, '2026-12-31');
      assert.equal(lists.price[0]!.pending?.standard, '每立方米 2.50 元');
      assert.equal(lists.price[0]!.current, null);
      await rejects(service.proposeChange(db, admin, agencyId, WATER), 'VALIDATION_FAILED', 'name');
      await rejects(service.proposeChange(db, admin, agencyId, { ...WATER, kind: 'amend', itemId: r.item.id, standard: '每立方米 2.60 元' }), 'FEE_CHANGE_PENDING');

      await publish(on(t, '2026-03-10'), r.publicationId);
      const change = (await t.db.selectFrom('feeChanges').selectAll().where('id', '=', r.change.id).executeTakeFirstOrThrow());
      assert.equal(change.state, 'published');
      assert.equal(change.versionNo, 1);
      lists = await service.listsOn(db, agencyId, '2026-03-31');
      assert.equal(lists.price[0]!.current, null, 'not before its effective date');
      assert.equal(lists.price[0]!.upcoming[0]!.effectiveDate, '2026-04-01');
      const inForce = await service.listsOn(db, agencyId, '2026-04-01');
      assert.equal(inForce.price[0]!.current?.standard, '每立方米 2.50 元');
      const audit = await t.db.selectFrom('auditEvents').select('action').where('entityType', '=', 'fee_item').execute();
      assert.deepEqual(audit.map((a) => a.action).sort(), ['fee.add', 'fee.publish']);
    });

    test('an amendment is a new version; the old one stands for the dates before it, and a stale version is refused', async () => {
      const db = on(t, '2026-06-01');
      const item = (await t.db.selectFrom('feeItems').selectAll().where('agencyId', '=', agencyId).executeTakeFirstOrThrow());
      const amend = { ...WATER, kind: 'amend', itemId: item.id, version: item.version, standard: '每立方米 2.80 元', amount: '2.8', writtenDate: '2026-05-20', effectiveDate: '2026-07-01', reason: '成本监审后调整' };
      await rejects(service.proposeChange(db, admin, agencyId, { ...amend, version: item.version - 1 }), 'STALE_EDIT');
      await rejects(service.proposeChange(db, admin, agencyId, { ...amend, name: '居民用水价格' }), 'VALIDATION_FAILED', 'name');
      const early = await rejects(service.proposeChange(db, admin, agencyId, { ...amend, writtenDate: '2026-03-02', effectiveDate: '2026-03-20' }), 'VALIDATION_FAILED', 'effectiveDate');
      assert.match(early.fields!.effectiveDate!, /现行版本的生效日期/);
      const { name: _n, ...withoutName } = amend;
      const r = await service.proposeChange(db, admin, agencyId, withoutName);
      const pub = await getPublication(db, admin, r.publicationId);
      assert.equal(pub.title, '关于调整居民生活用水价格（第一阶梯）的公告');
      assert.match(pub.body, /原价格/);
      await publish(on(t, '2026-06-02'), r.publicationId);
      const lists = (d: string) => service.listsOn(db, agencyId, d as never);
      assert.equal((await lists('2026-06-30')).price[0]!.current?.standard, '每立方米 2.50 元');
      assert.equal((await lists('2026-07-01')).price[0]!.current?.standard, '每立方米 2.80 元');
      const h = await service.itemHistory(db, agencyId, item.id);
      assert.deepEqual(h.versions.map((v) => [v.versionNo, v.standard]), [[2, '每立方米 2.80 元'], [1, '每立方米 2.50 元']]);
    });

    test('a stopped item cannot be amended, only restored or abolished', async () => {
      const db = on(t, '2026-08-01');
      let item = (await t.db.selectFrom('feeItems').selectAll().where('agencyId', '=', agencyId).executeTakeFirstOrThrow());
      const stop = await service.proposeChange(db, admin, agencyId, { kind: 'stop', itemId: item.id, version: item.version, reason: '停止执行', writtenDate: '2026-08-01', effectiveDate: '2026-08-01' });
      await publish(db, stop.publicationId);
      item = (await t.db.selectFrom('feeItems').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow());
      assert.equal(item.status, 'stopped');
      const before = await counts();
      const e = await rejects(service.proposeChange(db, admin, agencyId, { ...WATER, kind: 'amend', itemId: item.id, standard: '每立方米 3 元', writtenDate: '2026-08-01', effectiveDate: '2026-08-01' }), 'INVALID_TRANSITION');
      assert.match(e.message, /已停征/);
      await rejects(service.proposeChange(db, admin, agencyId, { kind: 'stop', itemId: item.id, reason: '再停', writtenDate: '2026-08-01', effectiveDate: '2026-08-01' }), 'INVALID_TRANSITION');
      assert.deepEqual(await counts(), before);
      const lists = await service.listsOn(db, agencyId, '2026-08-01');
      const rows = service.publicRows(lists.price);
      assert.equal(rows.active.length, 0);
      assert.equal(rows.inactive[0]!.current?.status, 'stopped');
      // Stopping kept the standard of the version before it.
      assert.equal(rows.inactive[0]!.current?.standard, '每立方米 2.80 元');
      const restore = await service.proposeChange(db, admin, agencyId, { kind: 'restore', itemId: item.id, reason: '恢复执行', writtenDate: '2026-08-01', effectiveDate: '2026-09-01' });
      assert.equal((await getPublication(db, admin, restore.publicationId)).title, '关于恢复执行居民生活用水价格（第一阶梯）的公告');
    });

    test('deleting the announcement draft cancels the change and gives a new item its name back', async () => {
      const db = on(t, '2026-08-01');
      const gas = { ...WATER, name: '管道天然气居民用气价格', standard: '每立方米 3.15 元', writtenDate: '2026-08-01', effectiveDate: '2026-08-01' };
      const r = await service.proposeChange(db, admin, agencyId, gas);
      await transition(db, admin, r.publicationId, { action: 'discard' });
      const change = await t.db.selectFrom('feeChanges').selectAll().where('id', '=', r.change.id).executeTakeFirstOrThrow();
      assert.equal(change.state, 'cancelled');
      const again = await service.proposeChange(db, admin, agencyId, gas);
      assert.notEqual(again.item.id, r.item.id);
      // The pending restore of the water price is still there; its discard frees the item for another change.
      const water = (await t.db.selectFrom('feeItems').selectAll().where('agencyId', '=', agencyId).where('name', '=', WATER.name).executeTakeFirstOrThrow());
      const pending = (await t.db.selectFrom('feeChanges').selectAll().where('itemId', '=', water.id).where('state', '=', 'pending').executeTakeFirstOrThrow());
      await transition(db, admin, pending.publicationId!, { action: 'discard' });
      const water2 = (await t.db.selectFrom('feeItems').selectAll().where('id', '=', water.id).executeTakeFirstOrThrow());
      assert.equal(water2.nameKey !== null, true, 'a published item keeps its name');
      await service.proposeChange(db, admin, agencyId, { kind: 'abolish', itemId: water.id, reason: '废止', writtenDate: '2026-08-01', effectiveDate: '2026-08-01' });
    });

    test('the same name may stand in the other list, and widths do not make a new name', async () => {
      const db = on(t, '2026-08-01');
      await rejects(service.proposeChange(db, admin, agencyId, { ...WATER, name: '居民生活用水价格(第一阶梯)', writtenDate: '2026-08-01', effectiveDate: '2026-08-01' }), 'VALIDATION_FAILED', 'name');
      const r = await service.proposeChange(db, admin, agencyId, { ...WATER, list: 'admin_fee', writtenDate: '2026-08-01', effectiveDate: '2026-08-01' });
      assert.equal(r.item.list, 'admin_fee');
    });

    test('exports: CSV with BOM and formula guard, XLSX readable, the bulletin notice', async () => {
      const db = on(t, '2026-09-01');
      const r = await service.proposeChange(db, admin, agencyId, {
        ...WATER,
        list: 'admin_fee',
        name: '=HYPERLINK("http://x")',
        standard: '+每件 10 元',
        collectingUnit: '示例市"城市"管理局',
        writtenDate: '2026-09-01',
        effectiveDate: '2026-09-01',
      });
      await publish(db, r.publicationId);
      const csv = await service.exportCsv(db, agencyId, 'admin_fee', '2026-09-01');
      assert.ok(csv.startsWith('\uFEFF项目,依据,标准'));
      assert.match(csv, /"'=HYPERLINK\(""http:\/\/x""\)"/);
      assert.match(csv, /'\+每件 10 元/);
      assert.match(csv, /"示例市""城市""管理局"/);
      const xlsx = await service.exportXlsx(db, agencyId, '清单', 'admin_fee', '2026-09-01');
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      assert.equal(ws.getCell(2, 1).value, '项目');
      assert.equal(ws.getCell(3, 1).value, `'=HYPERLINK("http://x")`);
      const notice = await service.listNotice(db, agencyId, 'admin_fee', 'https://gk.example.gov.cn', '2026-09-01');
      assert.equal(notice.pageUrl, 'https://gk.example.gov.cn/fgj/zfxxgk/sfxm?list=admin_fee');
      assert.equal(notice.agencyId, agencyId);
      assert.match(notice.title, /行政事业性收费清单（截至 2026-09-01）/);
      assert.ok(notice.sections.some((s) => s.heading === '=HYPERLINK("http://x")' && s.text.includes('收费单位：示例市"城市"管理局')));
    });
  });
}
