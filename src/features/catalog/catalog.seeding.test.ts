import assert from 'node:assert/strict';
import { Migrator } from 'kysely';
import { after, before, describe, it } from 'node:test';
import { createTestApp, createTestDb, ENGINES, type Client, type TestApp } from '../../../test/helpers.js';
import { createEmptyAgency } from '../../../test/publication-fixture.js';
import { migrateToLatest } from '../../db/migrate.js';
import { migrations } from '../../db/migrations/index.js';
import { isAppError } from '../../errors.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
import { findAgency, updateAgency } from '../agencies/agency.service.js';
import { setSettings } from '../settings/settings.js';
import { ART21_COUNTY, ART21_TOWNSHIP } from './catalog.js';
import { getTree, hideColumn } from './catalog.service.js';

const ART20 = Array.from({ length: 15 }, (_, i) => `art20_${String(i + 1).padStart(2, '0')}`);

/** The column names in the grid of 法定主动公开内容 on a public page. */
function gridNames(html: string): string[] {
  const grid = html.split('<ul class="column-grid">')[1]!.split('</ul>')[0]!;
  return [...grid.matchAll(/<a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]!);
}

for (const engine of ENGINES) {
  describe(`${engine}: statutory columns by agency level`, () => {
    let t: TestApp;
    let anon: Client;
    let gov: number;
    let dept: number;
    let town: number;

    async function column(agencyId: number, key: string) {
      const c = (await getTree(t.db, agencyId)).all.find((x) => x.key === key);
      assert.ok(c, key);
      return c;
    }

    before(async () => {
      t = await createTestApp(engine, { demo: true });
      anon = t.anonymous();
      gov = await createEmptyAgency(t.db, 'sxzf', '示例县人民政府', 'government');
      dept = await createEmptyAgency(t.db, 'sxjyj', '示例县教育局', 'department');
      town = await createEmptyAgency(t.db, 'hxz', '示例县河西镇人民政府', 'township');
    });
    after(async () => t.close());

    it('seeds Art. 20 and Art. 21 ¶1 for a county government and a county department, Art. 20 and ¶2 for a township, all visible', async () => {
      for (const id of [gov, dept]) {
        const tree = await getTree(t.db, id);
        assert.deepEqual(tree.statutory.map((c) => c.key), [...ART20, ...ART21_COUNTY]);
        assert.ok(tree.statutory.every((c) => !c.hidden));
      }
      const tree = await getTree(t.db, town);
      assert.deepEqual(tree.statutory.map((c) => c.key), [...ART20, ...ART21_TOWNSHIP]);
      assert.ok(tree.statutory.every((c) => !c.hidden && c.article.startsWith('第二十')));
      const names = gridNames((await anon.get('/hxz/zfxxgk/fdzdgknr')).body);
      assert.equal(names.length, 23);
      assert.deepEqual(names.slice(15), ['贯彻落实农业农村政策', '农田水利工程建设运营', '农村土地承包经营权流转', '宅基地使用情况审核', '土地征收', '房屋征收', '筹资筹劳', '社会救助']);
      const county = gridNames((await anon.get('/sxjyj/zfxxgk/fdzdgknr')).body);
      assert.deepEqual(county.slice(15), ['市政建设', '公共服务', '公益事业', '土地征收', '房屋征收', '治安管理', '社会救助']);
      assert.equal((await anon.get('/hxz/zfxxgk/fdzdgknr/czcl')).statusCode, 200);
    });

    it('words a township’s report date as the platform’s setting (default: the department rule), never as 县级以上人民政府部门', async () => {
      const page = (await anon.get('/hxz/zfxxgk/zfxxgknb')).body;
      assert.match(page, /乡（镇）人民政府（街道办事处）应于每年1月31日前公布上一年度政府信息公开工作年度报告（《中华人民共和国政府信息公开条例》第四十九条未规定乡镇的期限，此为本平台设定的期限）/);
      assert.doesNotMatch(page, /县级以上人民政府部门/);
      assert.match((await anon.get('/sxjyj/zfxxgk/zfxxgknb')).body, /县级以上人民政府部门应当在每年1月31日前/, 'a department keeps the Regulation’s sentence');
      const admin = await t.login('demo-admin');
      const settings = (await admin.get('/office/settings')).body;
      assert.match(settings, /乡镇（街道）年度报告公布期限/);
      assert.match(settings, /<option value="department" selected/);
      await setSettings(t.db, SYSTEM_ACTOR, { townshipReportDue: 'government' });
      try {
        const later = (await anon.get('/hxz/zfxxgk/zfxxgknb')).body;
        assert.match(later, /乡（镇）人民政府（街道办事处）应于每年3月31日前公布/);
        assert.doesNotMatch(later, /县级以上/);
      } finally {
        await setSettings(t.db, SYSTEM_ACTOR, { townshipReportDue: 'department' });
      }
    });

    it('refuses to hide 机构职能 anywhere and 财政预算、决算 in a budget unit (COLUMN_MANDATORY), with a field message in the office', async () => {
      for (const [id, key] of [[town, 'art20_02'], [gov, 'art20_02'], [dept, 'art20_07'], [town, 'art20_07']] as const) {
        const c = await column(id, key);
        await assert.rejects(hideColumn(t.db, SYSTEM_ACTOR, c.id, { reason: '本机关不涉及该项内容', version: c.version }), (e) => {
          assert.ok(isAppError(e));
          assert.equal(e.code, 'COLUMN_MANDATORY');
          assert.equal(e.status, 409);
          assert.match(e.fields?.reason ?? '', /不能隐藏/);
          return true;
        });
        const after = await column(id, key);
        assert.equal(after.hidden, false);
        assert.equal(after.version, c.version, 'nothing written');
      }
      const admin = await t.login('demo-admin');
      const budget = await column(dept, 'art20_07');
      const form = await admin.get(`/office/catalog/columns/${budget.id}`);
      assert.match(form.body, /本机关是预算单位，必须公开财政预算、决算信息/);
      assert.doesNotMatch(form.body, new RegExp(`action="/office/catalog/columns/${budget.id}/hide"`), 'no hide form is offered');
      const res = await admin.post(`/office/catalog/columns/${budget.id}/hide`, { reason: '本机关不涉及该项内容', version: String(budget.version) });
      assert.equal(res.statusCode, 409);
      assert.match(res.body, /<a href="#f-reason">本机关是预算单位，必须公开财政预算、决算信息（条例第二十条第（七）项，预算法第十四条），该栏目不能隐藏<\/a>/);
      assert.match(res.body, /id="f-reason"/, 'the message links to its place on the page');
      const events = await t.db.selectFrom('auditEvents').select('id').where('action', '=', 'catalog.column.hide').where('entityId', '=', String(budget.id)).execute();
      assert.equal(events.length, 0);
    });

    it('lets an agency that is not a budget unit hide 财政预算、决算, with its reason', async () => {
      const row = (await findAgency(t.db, dept))!;
      assert.equal(row.budgetUnit, 1, 'agencies are budget units unless set otherwise');
      // The API sends a boolean, the office form '0'/'1'.
      await updateAgency(t.db, SYSTEM_ACTOR, dept, { budgetUnit: false, version: row.version });
      assert.equal((await findAgency(t.db, dept))!.budgetUnit, 0);
      const c = await column(dept, 'art20_07');
      const hidden = await hideColumn(t.db, SYSTEM_ACTOR, c.id, { reason: '本单位经费由县教育局统一核算，不单独编制部门预算', version: c.version });
      assert.equal(hidden.hidden, true);
      assert.match((await anon.get('/sxjyj/zfxxgk/fdzdgknr/czyjs')).body, /本栏目不适用：本单位经费由县教育局统一核算，不单独编制部门预算/);
    });

    it('hides an inapplicable column only with a reason, audits it, and shows 本栏目不适用 with the reason on the public site', async () => {
      const admin = await t.login('demo-admin');
      const c = await column(town, 'art20_14');
      const none = await admin.post(`/office/catalog/columns/${c.id}/hide`, { reason: '', version: String(c.version) });
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /<a href="#f-reason">/);
      assert.equal((await column(town, 'art20_14')).hidden, false);
      const reason = '公务员考试录用由县公务员主管部门统一组织并公开';
      assert.equal((await admin.post(`/office/catalog/columns/${c.id}/hide`, { reason, version: String(c.version) })).statusCode, 303);
      const events = await t.db.selectFrom('auditEvents').selectAll().where('action', '=', 'catalog.column.hide').where('entityId', '=', String(c.id)).execute();
      assert.equal(events.length, 1);
      assert.match(events[0]!.afterJson ?? '', new RegExp(reason));
      const home = (await anon.get('/hxz/zfxxgk')).body;
      assert.match(home, /不适用于本机关的栏目（1）/);
      assert.match(home, new RegExp(`公务员招考的职位、名额、报考条件等事项以及录用结果：${reason}`));
      assert.doesNotMatch(gridNames(home).join('|'), /公务员招考/);
      const page = await anon.get('/hxz/zfxxgk/fdzdgknr/gwyzk');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`本栏目不适用：${reason}`));
      // The office shows it too, and what the health check leaves out.
      assert.match((await admin.get(`/office/catalog/${town}`)).body, new RegExp(reason));
    });

    it('gives an agency that becomes a township the township list, keeping every column it had as it was', async () => {
      const id = await createEmptyAgency(t.db, 'xbz', '示例县西北镇人民政府');
      const before = await getTree(t.db, id);
      assert.ok(before.statutory.some((c) => c.key === 'art21_public_security'));
      await updateAgency(t.db, SYSTEM_ACTOR, id, { level: 'township', version: (await findAgency(t.db, id))!.version });
      const tree = await getTree(t.db, id);
      const keys = tree.statutory.map((c) => c.key);
      for (const k of [...ART20, ...ART21_TOWNSHIP, ...ART21_COUNTY]) assert.ok(keys.includes(k), k);
      assert.ok(tree.statutory.every((c) => !c.hidden), 'nothing hidden for it');
    });
  });

  describe(`${engine}: upgrading an existing platform`, () => {
    it('makes every agency a budget unit and leaves every column as it was; a township gains its list, visible', async () => {
      const d = await createTestDb(engine);
      try {
        const migrator = new Migrator({ db: d.db, provider: { getMigrations: async () => migrations } });
        const down = await migrator.migrateTo('2026_12_04_0400_annual_reports');
        assert.equal(down.error, undefined);
        const now = new Date().toISOString();
        const agency = await d.db
          .insertInto('agencies')
          .values({ slug: 'lxz', code: '11449900T00000990X', name: '示例县老乡镇人民政府', shortName: '老乡镇', level: 'township', siteIdCode: null, guidePublished: null, guidePublishedAt: null, createdAt: now, updatedAt: now } as never)
          .returning('id')
          .executeTakeFirstOrThrow();
        const col = (key: string, parentId: number | null, hidden = 0, hiddenReason = '') => ({
          agencyId: agency.id, key, parentId, kind: key === 'fdzdgknr' ? 'statutory' : key === 'zfxxgk' ? 'root' : 'list', category: key.startsWith('art') ? key : null,
          name: key, slug: key, path: key, hidden, hiddenReason, updateIntervalDays: null, createdAt: now, updatedAt: now,
        });
        const root = await d.db.insertInto('catalogColumns').values(col('zfxxgk', null)).returning('id').executeTakeFirstOrThrow();
        const stat = await d.db.insertInto('catalogColumns').values({ ...col('fdzdgknr', root.id), path: 'zfxxgk/fdzdgknr' }).returning('id').executeTakeFirstOrThrow();
        await d.db.insertInto('catalogColumns').values([
          { ...col('art21_municipal', stat.id), path: 'zfxxgk/fdzdgknr/szjs' },
          { ...col('art20_14', stat.id, 1, '由县统一招考'), path: 'zfxxgk/fdzdgknr/gwyzk' },
        ]).execute();
        const snapshot = async () => d.db.selectFrom('catalogColumns').select(['key', 'hidden', 'hiddenReason', 'version']).where('agencyId', '=', agency.id).orderBy('key').execute();
        const was = await snapshot();
        await migrateToLatest(d.db);
        assert.equal((await d.db.selectFrom('agencies').select('budgetUnit').where('id', '=', agency.id).executeTakeFirstOrThrow()).budgetUnit, 1);
        assert.deepEqual(await snapshot(), was, 'the migration changes no column');
        const tree = await getTree(d.db, agency.id);
        const byKey = new Map(tree.all.map((c) => [c.key, c]));
        assert.equal(byKey.get('art21_municipal')!.hidden, false, 'still visible: nothing is hidden on upgrade');
        assert.equal(byKey.get('art20_14')!.hiddenReason, '由县统一招考');
        for (const k of ART21_TOWNSHIP) assert.equal(byKey.get(k)?.hidden, false, k);
      } finally {
        await d.close();
      }
    });
  });
}
