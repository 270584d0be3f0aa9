import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type ExcelJSModule from 'exceljs';
import { createTestApp, ENGINES, json, uploadFile, type Client, type TestApp } from '../../../test/helpers.js';
import { createEmptyAgency } from '../../../test/publication-fixture.js';
import { withClock } from '../../db/runtime.js';
import { isAppError } from '../../errors.js';
import { fixedClock } from '../../lib/clock.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
import { getTree } from '../catalog/catalog.service.js';
import { PROJECT_LIFECYCLE, PROJECT_LIFECYCLE_ORDER } from '../projects/project.lifecycle.js';
import { getPublication, insertDraftIn, loadCalendar, timelinessWatch } from '../publications/publication.service.js';
import { timeliness } from '../publications/publication.js';
import { DEFAULT_PERIOD } from '../publications/publication.periods.js';
import { cellsOf, contentOf, parseCells, parseTimeRule, periodRuleOfRow, SHEET_COLUMNS, headingOf, timeRuleText, type TimeRule } from './standard-catalog.js';
import { lifecycleColumnKey, majorProjectRows, MAJOR_PROJECTS_DOMAIN } from './standard-catalog.seed.js';
import { catalogXlsx, readCatalogXlsx } from './standard-catalog.sheet.js';
import * as service from './standard-catalog.service.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Posts a workbook as the request body, signed in as `c`. */
function postXlsx(t: TestApp, c: Client, url: string, bytes: Buffer) {
  return t.app.inject({ method: 'POST', url, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': XLSX, 'x-csrf-token': c.csrf }, payload: bytes });
}

describe('standard catalog rows (pure)', () => {
  it('prints every kind of 公开时限 and reads it back', () => {
    const rules: TimeRule[] = [
      { kind: 'realtime' },
      { kind: 'timely' },
      { kind: 'wd_from_formed', n: 20 },
      { kind: 'wd_from_decision', n: 7 },
      { kind: 'annual_by', date: '01-31' },
      { kind: 'with_notice', notice: '采购公告、采购文件' },
    ];
    for (const r of rules) assert.deepEqual(parseTimeRule(timeRuleText(r)), r, timeRuleText(r));
    assert.equal(timeRuleText({ kind: 'annual_by', date: '01-31' }), '每年1月31日前');
    assert.equal(parseTimeRule('每年2月30日前'), null);
    assert.equal(parseTimeRule('尽快公开'), null);
  });

  it('gives the monitor a period only for countable rules: 7 wd from the decision is 双公示, 20 wd from forming is Art. 26', () => {
    assert.deepEqual(periodRuleOfRow({ kind: 'wd_from_decision', n: 7 }), { kind: 'wd_from_decision', n: 7, law: 'double_publicity' });
    assert.deepEqual(periodRuleOfRow({ kind: 'wd_from_formed', n: 20 }), DEFAULT_PERIOD);
    assert.deepEqual(periodRuleOfRow({ kind: 'wd_from_formed', n: 10 }), { kind: 'wd_from_formed', n: 10, law: 'standard_catalog' });
    assert.equal(periodRuleOfRow({ kind: 'realtime' }), null);
    assert.equal(periodRuleOfRow({ kind: 'annual_by', date: '01-31' }), null);
  });

  it('writes each seed row in the standard’s cells (■/□, √) and reads the same row back', () => {
    for (const r of majorProjectRows()) {
      const cells = cellsOf(r);
      const back = parseCells(cells, MAJOR_PROJECTS_DOMAIN);
      assert.equal(back.errors, null, JSON.stringify(back.errors));
      assert.deepEqual(contentOf(back.row! as never), contentOf(r), r.level2);
    }
    const c = cellsOf({ ...majorProjectRows()[3]!, audience: 'specific', audienceGroup: '项目单位', levels: ['county', 'township'] });
    assert.equal(c.audienceSpecific, '√（项目单位）');
    assert.equal(c.audienceAll, '');
    assert.match(c.channels, /^■政府网站\n■投资项目在线审批监管平台\n□两微一端/);
    assert.match(c.elements, /项目统一代码等$/);
  });

  it('names what is wrong in a row: an unknown time rule, a channel without its mark, both audiences ticked', () => {
    const cells = { ...cellsOf(majorProjectRows()[0]!), timeRule: '尽快', channels: '政府网站', audienceSpecific: '√' };
    const r = parseCells(cells, '重大建设项目');
    assert.equal(r.row, null);
    assert.match(r.errors!.timeRule!, /无法识别的公开时限“尽快”/);
    assert.match(r.errors!.channels!, /“■”（必选）或“□”（可选）/);
    assert.match(r.errors!.audience!, /勾选一项/);
  });

  it('has the §2.2 headings in the standard’s order', () => {
    assert.deepEqual(
      SHEET_COLUMNS.map(headingOf),
      ['序号', '公开事项/一级事项', '公开事项/二级事项', '公开事项/三级事项', '公开内容（要素）', '公开依据', '公开时限', '公开主体', '公开渠道和载体', '公开对象/全社会', '公开对象/特定群众', '公开方式/主动', '公开方式/依申请', '公开层级/县级', '公开层级/乡级'],
    );
  });
});

/** A workbook whose headers were edited: one renamed column, one added. */
async function tamperedSheet(bytes: Buffer): Promise<Buffer> {
  const ExcelJS: typeof ExcelJSModule = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJSModule.Buffer);
  const ws = wb.worksheets[0]!;
  // 公开主体 (a single column spanning rows 2–3) becomes 责任单位; a 备注 column is added.
  const col = [...Array(ws.columnCount).keys()].map((i) => i + 1).find((c) => ws.getCell(2, c).value === '公开主体')!;
  ws.unMergeCells(2, col, 3, col);
  ws.getCell(2, col).value = '责任单位';
  ws.getCell(2, ws.columnCount + 1).value = '备注';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

for (const engine of ENGINES) {
  describe(`${engine}: standard catalogs`, () => {
    let t: TestApp;
    let admin: Client;
    let drc: number;
    let housing: number;

    before(async () => {
      t = await createTestApp(engine, { demo: true });
      admin = await t.login('demo-admin');
      drc = await createEmptyAgency(t.db, 'sxfgj', '示例县发展和改革局');
      housing = await createEmptyAgency(t.db, 'sxzjj', '示例县住房和城乡建设局');
    });
    after(async () => t.close());

    it('starts a 发展和改革局 from the 重大建设项目 catalog, rows 1–19, each mapped to its lifecycle column in order', async () => {
      const c = await service.getCatalog(t.db, drc);
      assert.equal(c.rows.length, 19);
      assert.deepEqual([...new Set(c.rows.map((r) => r.level1))], PROJECT_LIFECYCLE_ORDER.map((k) => PROJECT_LIFECYCLE[k].label));
      assert.deepEqual(c.rows.slice(0, 4).map((r) => r.level2), ['办事指南', '办理过程', '咨询监督', '政府投资项目建议书审批']);
      assert.ok(c.rows.every((r) => r.columnKey?.startsWith('zdjsxm_')));
      const tree = await getTree(t.db, drc);
      const parent = tree.all.find((x) => x.key === 'art20_10')!;
      const children = tree.all.filter((x) => x.parentId === parent.id).sort((a, b) => a.sortOrder - b.sortOrder);
      assert.deepEqual(children.map((x) => x.name), ['批准服务信息', '批准结果信息', '招标投标信息', '征收土地信息', '重大设计变更信息', '施工有关信息', '质量安全监督信息', '竣工有关信息']);
      assert.equal((await service.getCatalog(t.db, housing)).rows.length, 0, 'other agencies start with no catalog');
      // Only once: reading again adds nothing.
      assert.equal((await service.getCatalog(t.db, drc)).rows.length, 19);
    });

    it('assigns rows whose 主体 is another agency to it; that agency lists them', async () => {
      const c = await service.getCatalog(t.db, drc);
      const toHousing = c.rows.filter((r) => r.subject === '住房和城乡建设部门');
      assert.equal(toHousing.length, 4);
      assert.ok(toHousing.every((r) => r.subjectAgencyId === housing));
      assert.ok(c.rows.filter((r) => r.subject === '发展和改革局').every((r) => r.subjectAgencyId === null));
      const h = await service.getCatalog(t.db, housing);
      assert.deepEqual(h.assigned.map((r) => r.level2), toHousing.map((r) => r.level2));
      assert.ok(h.assigned.every((r) => r.ownerName === '示例县发展和改革局'));
      const page = await t.anonymous().get('/sxzjj/zfxxgk/bzml');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /其他机关目录中由本机关公开的事项/);
      assert.match(page.body, /建筑工程施工许可证核发/);
    });

    it('exports XLSX and imports it back losslessly, keeping ids; the HTML export has the same columns and marks', async () => {
      const before = (await service.getCatalog(t.db, drc)).rows;
      const anon = t.anonymous();
      const file = await anon.get(`/sxfgj/zfxxgk/bzml/${encodeURIComponent(MAJOR_PROJECTS_DOMAIN)}.xlsx`);
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], XLSX);
      const parsed = await readCatalogXlsx(file.rawPayload);
      assert.equal(parsed.domain, MAJOR_PROJECTS_DOMAIN);
      assert.deepEqual(parsed.rows.map((r) => contentOf(r as never)), before.map(contentOf));
      const res = await postXlsx(t, admin, '/api/v1/standard-catalogs/sxfgj/import', file.rawPayload);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(json(res), { domain: MAJOR_PROJECTS_DOMAIN, added: 0, updated: 19, removed: 0 });
      const afterRows = (await service.getCatalog(t.db, drc)).rows;
      assert.deepEqual(afterRows.map((r) => [r.id, r.columnKey, r.subjectAgencyId]), before.map((r) => [r.id, r.columnKey, r.subjectAgencyId]));
      assert.deepEqual(afterRows.map(contentOf), before.map(contentOf));
      const html = await anon.get(`/sxfgj/zfxxgk/bzml/${encodeURIComponent(MAJOR_PROJECTS_DOMAIN)}.html`);
      assert.equal(html.statusCode, 200);
      for (const h of ['公开事项', '一级事项', '二级事项', '公开内容（要素）', '公开依据', '公开时限', '公开主体', '公开渠道和载体', '公开对象', '全社会', '特定群众', '公开方式', '主动', '依申请', '公开层级', '县级', '乡级']) assert.match(html.body, new RegExp(`<th[^>]*>${h}</th>`), h);
      assert.doesNotMatch(html.body, /<th[^>]*>三级事项<\/th>/, 'no 三级事项 column when no row has one');
      assert.match(html.body, /■<\/span>/);
      assert.match(html.body, /□<\/span>/);
      assert.match(html.body, /√<\/span>/);
    });

    it('refuses a sheet with unknown and missing columns, naming them, and writes nothing', async () => {
      const before = (await service.getCatalog(t.db, drc)).rows;
      const good = await catalogXlsx(MAJOR_PROJECTS_DOMAIN, before.slice(0, 3));
      const bad = await tamperedSheet(good);
      const res = await postXlsx(t, admin, '/api/v1/standard-catalogs/sxfgj/import', bad);
      assert.equal(res.statusCode, 422);
      const e = json(res).error;
      assert.equal(e.code, 'CATALOG_COLUMNS_INVALID');
      assert.match(e.message, /无法识别的列：责任单位、备注/);
      assert.match(e.message, /缺少的列：公开主体/);
      assert.deepEqual((await service.getCatalog(t.db, drc)).rows, before, 'nothing written');
      // A row that does not read refuses the whole sheet too.
      const rows = before.slice(0, 2).map((r, i) => (i === 1 ? { ...r, timeRule: { kind: 'with_notice' as const, notice: '' } } : r));
      const broken = await catalogXlsx(MAJOR_PROJECTS_DOMAIN, rows);
      const r2 = await postXlsx(t, admin, '/api/v1/standard-catalogs/sxfgj/import', broken);
      assert.equal(r2.statusCode, 400);
      assert.match(json(r2).error.fields.row5, /第5行：公开时限/);
      assert.deepEqual((await service.getCatalog(t.db, drc)).rows, before);
      // Through the office upload: the page shows the same message.
      const office = await uploadFile(t, admin, `/office/standard-catalogs/${drc}/import`, 'catalog.xlsx', bad, true);
      assert.equal(office.statusCode, 422);
      assert.match(office.body, /无法识别的列：责任单位、备注/);
    });

    it('judges a publication under a 7-working-day row by that rule: overdue where Art. 26 would call it in time', async () => {
      const today = '2026-03-13';
      const db = withClock(t.db, fixedClock(`${today}T02:00:00Z`));
      const { id } = await insertDraftIn(db, SYSTEM_ACTOR, {
        agencyId: drc,
        title: '关于某道路改造工程项目建议书的批复',
        summary: '批复',
        body: '<p>批复</p>',
        documentNumber: '示发改投〔2026〕3号',
        writtenDate: '2026-03-02',
        formedDate: '2026-03-02',
        category: 'art20_10',
        topic: 'economy',
        genre: 'notice',
        keywords: '',
        documentKind: 'other',
        issuers: [{ agencyId: drc, name: '示例县发展和改革局' }],
      });
      const cal = await loadCalendar(db);
      // Without the catalog: Art. 26, 20 working days from forming; in time on the 13th.
      assert.equal(timeliness(cal, { category: 'art20_10', formedDate: '2026-03-02', writtenDate: '2026-03-02' }, today).status, 'on_track');
      const row = (await service.getCatalog(t.db, drc)).rows.find((r) => r.level2 === '政府投资项目建议书审批')!;
      const link = await admin.api('PUT', `/api/v1/standard-catalogs/links/${id}`, { rowId: row.id });
      assert.equal(link.statusCode, 200, link.body);
      const view = await admin.get(`/api/v1/publications/${id}`);
      assert.equal(view.statusCode, 200);
      const watch = await timelinessWatch(db, SYSTEM_ACTOR);
      const mine = watch.find((w) => w.id === id)!;
      assert.equal(mine.timeliness.status, 'overdue');
      assert.equal(mine.timeliness.deadline, '2026-03-11');
      assert.match(mine.timeliness.basis, /双公示/);
      // Filed elsewhere (a 20 wd row), the same item is in time again.
      const filing = (await service.getCatalog(t.db, drc)).rows.find((r) => r.level2 === '企业投资项目备案')!;
      await admin.api('PUT', `/api/v1/standard-catalogs/links/${id}`, { rowId: filing.id });
      const again = (await timelinessWatch(db, SYSTEM_ACTOR)).find((w) => w.id === id)!;
      assert.equal(again.timeliness.status, 'on_track');
      const pub = await getPublication(db, SYSTEM_ACTOR, id);
      assert.equal(pub.timeliness.status, 'on_track');
    });

    it('gives items of a category column the rule of the rows mapped to it, when they agree', async () => {
      const today = '2026-03-13';
      const db = withClock(t.db, fixedClock(`${today}T02:00:00Z`));
      const created = await admin.api('POST', '/api/v1/standard-catalogs/sxzjj/rows', {
        domain: '城市综合执法',
        level1: '行政处罚',
        level2: '行政处罚决定',
        elements: ['处罚决定书'],
        basis: [{ title: '《中华人民共和国行政处罚法》', url: 'https://flk.npc.gov.cn/' }],
        timeRule: { kind: 'wd_from_formed', n: 5 },
        subject: '住房和城乡建设局',
        channels: [{ name: '政府网站', required: true }, { name: '信用中国网站', required: false }],
        audience: 'all',
        mode: 'proactive',
        levels: ['county'],
        columnKey: 'art20_06',
      });
      assert.equal(created.statusCode, 201, created.body);
      const { id } = await insertDraftIn(db, SYSTEM_ACTOR, {
        agencyId: housing, title: '行政处罚决定书', summary: 's', body: '<p>b</p>', documentNumber: '', writtenDate: '2026-03-02', formedDate: '2026-03-02',
        category: 'art20_06', topic: 'general', genre: 'notice', keywords: '', documentKind: 'other', issuers: [{ agencyId: housing, name: '示例县住房和城乡建设局' }],
      });
      const w = (await timelinessWatch(db, SYSTEM_ACTOR)).find((x) => x.id === id)!;
      // 5 working days after 2026-03-02: the 9th; overdue on the 13th, while 双公示's 7 would end on the 11th.
      assert.equal(w.timeliness.deadline, '2026-03-09');
      assert.equal(w.timeliness.status, 'overdue');
      assert.match(w.timeliness.basis, /标准目录/);
    });

    it('validates rows through the API with a message per field and keeps nothing half-written', async () => {
      const count = (await service.getCatalog(t.db, housing)).rows.length;
      const res = await admin.api('POST', '/api/v1/standard-catalogs/sxzjj/rows', { domain: 'x', level1: '', level2: 'y', elements: ['a、b'], basis: [], timeRule: { kind: 'soon' }, subject: 's', channels: [], audience: 'nobody', mode: 'proactive', levels: [] });
      assert.equal(res.statusCode, 400);
      const f = json(res).error.fields;
      for (const k of ['level1', 'elements.0', 'timeRule', 'channels', 'audience', 'levels']) assert.ok(f[k] ?? Object.keys(f).find((x) => x.startsWith(k)), `${k}: ${JSON.stringify(f)}`);
      assert.equal((await service.getCatalog(t.db, housing)).rows.length, count);
      const anon = await t.anonymous().api('POST', '/api/v1/standard-catalogs/sxzjj/rows', {});
      assert.equal(anon.statusCode, 401);
    });

    it('shows the catalog publicly as an accessible table with downloads, and the lifecycle column lists filed items', async () => {
      const anon = t.anonymous();
      const page = await anon.get('/sxfgj/zfxxgk/bzml');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<caption>重大建设项目领域基层政务公开标准目录<\/caption>/);
      assert.match(page.body, /<th scope="colgroup" colspan="2" rowspan="1">公开事项<\/th>/);
      assert.match(page.body, /（必选）/);
      const api = json(await anon.get('/api/v1/standard-catalogs/sxfgj'));
      assert.equal(api.rows.length, 19);
      assert.equal(api.rows[3].timeRuleText, '作出决定之日起7个工作日内');
      const tree = await getTree(t.db, drc);
      const col = tree.all.find((c) => c.key === lifecycleColumnKey('approval_result'))!;
      const colPage = await anon.get(`/sxfgj/${col.path}`);
      assert.equal(colPage.statusCode, 200);
      assert.match(colPage.body, /政府投资项目建议书审批/);
    });

    it('refuses a catalog workbook that is not one', async () => {
      try {
        await readCatalogXlsx(Buffer.from('not a zip'));
        assert.fail('should refuse');
      } catch (e) {
        assert.ok(isAppError(e) && e.code === 'VALIDATION_FAILED', String(e));
      }
    });
  });
}
