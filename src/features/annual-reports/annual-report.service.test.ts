import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { ENGINES, createStaff, createTestApp, json, type TestApp } from '../../../test/helpers.js';
import { createEmptyAgency, insertPublished } from '../../../test/publication-fixture.js';
import type { Db } from '../../db/database.js';
import { withClock } from '../../db/runtime.js';
import { isAppError } from '../../errors.js';
import { chinaInstant, clockFrom } from '../../lib/clock.js';
import { actorForUsername } from '../accounts/account.service.js';
import { SYSTEM_ACTOR, type Actor } from '../access/roles.js';
import { transition } from '../publications/publication.service.js';
import { importLedger, saveAppeal } from '../requests/request.service.js';
import { checkFigures, emptyFigures, REQUEST_COLUMNS, REQUEST_ROWS_2021, REVIEW_LITIGATION_COLUMNS, type ReportFigures } from './annual-report.js';
import * as service from './annual-report.service.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const on = (t: TestApp, date: string): Db => withClock(t.db, clockFrom(chinaInstant(date as never, '10:00')));
const col = (label: (typeof REQUEST_COLUMNS)[number]) => REQUEST_COLUMNS.indexOf(label);
const row = (start: string) => REQUEST_ROWS_2021.find((r) => r.label.startsWith(start))!.label;

/** Sets a cell of table 三 and adds it to the row's 总计. */
function put(f: ReportFigures, rowStart: string, column: (typeof REQUEST_COLUMNS)[number], n: number) {
  const r = f.requests[row(rowStart)]!;
  r[col(column)]! += n;
  r[6]! += n;
}

const LEDGER_2025 = [
  '收到日期,申请人类型,申请人,申请内容,答复日期,处理结果',
  // Counted in no 2025 cell: received and replied in 2024.
  '2024-06-01,自然人,甲,申请2024年已办结的材料,2024-06-20,予以公开',
  // 二、上年结转: open on 1 January 2025.
  '2024-12-20,自然人,乙,申请年底收到的材料,2025-01-10,予以公开',
  '2024-12-28,商业企业,某公司,申请仍在办理的合同,,',
  // 一、本年新收
  '2025-03-03,自然人,张三,申请某项目批复文件,2025-03-20,予以公开',
  '2025-04-10,商业企业,某科技有限公司,申请某采购合同,2025-05-06,不予公开：4',
  '2025-06-01,法律服务机构,某律师事务所,申请某执法案卷,2025-06-25,无法提供：本机关不掌握相关政府信息',
  '2025-07-01,社会公益组织,某基金会,申请会议材料,2025-07-02,其他处理：3',
  '2025-08-08,自然人,丙,重复申请同一材料,2025-08-12,不予处理：2',
  // Received in 2025, replied in 2026: 四、结转下年度 of 2025.
  '2025-12-30,科研机构,某研究所,申请统计数据,2026-01-05,部分公开',
  '2025-12-29,其他,某协会,申请会议纪要,,',
  // Counted in no 2025 cell: received in 2026.
  '2026-01-05,自然人,丁,申请2026年的材料,,',
].join('\r\n');

/** The 2025 table 三 and 四 the records above must give, cell by cell. */
function expected2025(): ReportFigures {
  const f = emptyFigures('2021');
  put(f, '二、', '自然人', 1);
  put(f, '二、', '商业企业', 1);
  put(f, '一、', '自然人', 2);
  put(f, '一、', '商业企业', 1);
  put(f, '一、', '法律服务机构', 1);
  put(f, '一、', '社会公益组织', 1);
  put(f, '一、', '科研机构', 1);
  put(f, '一、', '其他', 1);
  put(f, '（一）予以公开', '自然人', 2);
  put(f, '4.保护第三方合法权益', '商业企业', 1);
  put(f, '1.本机关不掌握相关政府信息', '法律服务机构', 1);
  put(f, '3.其他', '社会公益组织', 1);
  put(f, '2.重复申请', '自然人', 1);
  put(f, '（七）总计', '自然人', 3);
  put(f, '（七）总计', '商业企业', 1);
  put(f, '（七）总计', '法律服务机构', 1);
  put(f, '（七）总计', '社会公益组织', 1);
  put(f, '四、', '商业企业', 1);
  put(f, '四、', '科研机构', 1);
  put(f, '四、', '其他', 1);
  // Table 二: two normative documents made in 2025, one abolished in 2025, four in force at its end (one is abolished only in 2026); one regulation made.
  f.proactive['规章'] = { 本年制发件数: 1, 本年废止件数: 0, 现行有效件数: 1 };
  f.proactive['行政规范性文件'] = { 本年制发件数: 2, 本年废止件数: 1, 现行有效件数: 4 };
  f.proactive['行政许可'] = { 本年处理决定数量: 356 };
  f.proactive['行政处罚'] = { 本年处理决定数量: 12 };
  f.proactive['行政强制'] = { 本年处理决定数量: 0 };
  f.proactive['行政事业性收费'] = { '本年收费金额（单位：万元）': 12.5 };
  // Table 四: 复议 filed 2025, one upheld in 2025, one decided only in 2026 (尚未审结 at the year's end); one direct suit pending.
  f.reviewLitigation = [1, 0, 0, 1, 2, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0];
  return f;
}

for (const engine of ENGINES) {
  describe(`annual report from the records (${engine})`, () => {
    let t: TestApp;
    let agencyId: number;
    let clerk: Actor;
    // A second reviewer: the clerk who prepares the report cannot approve it (four eyes).
    let checker: Actor;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
      agencyId = await createEmptyAgency(t.db, 'nbj', '示例市年报测试局');
      await createStaff(t.db, { username: 'nb.clerk', displayName: '年报办', password: 'Valid#Pass2026', memberships: [{ agencyId, role: 'office_reviewer' }] });
      await t.db.updateTable('users').set({ mustChangePassword: 0 }).where('username', '=', 'nb.clerk').execute();
      clerk = (await actorForUsername(t.db, 'nb.clerk', 'session'))!;
      await createStaff(t.db, { username: 'nb.checker', displayName: '年报审核', password: 'Valid#Pass2026', memberships: [{ agencyId, role: 'office_reviewer' }] });
      checker = (await actorForUsername(t.db, 'nb.checker', 'session'))!;
      const docs = [
        { title: '规范性文件甲', documentKind: 'normative', publishedAt: '2025-03-01T02:00:00.000Z' },
        // Published at 00:30 on 1 January in China: 2025, though the instant is in 2024 UTC.
        { title: '规范性文件乙', documentKind: 'normative', publishedAt: '2024-12-31T16:30:00.000Z' },
        { title: '规范性文件丙（2023，2025年废止）', documentKind: 'normative', publishedAt: '2023-05-01T02:00:00.000Z', validity: 'abolished', validityDate: '2025-06-01' },
        { title: '规范性文件丁（2024，有效）', documentKind: 'normative', publishedAt: '2024-05-01T02:00:00.000Z' },
        { title: '规范性文件戊（2024，2025年撤回）', documentKind: 'normative', publishedAt: '2024-06-01T02:00:00.000Z', withdrawn: { at: '2025-02-01T02:00:00.000Z', reason: '误发' } },
        { title: '规范性文件己（2026年才废止）', documentKind: 'normative', publishedAt: '2022-06-01T02:00:00.000Z', validity: 'abolished', validityDate: '2026-02-01' },
        { title: '某规章', documentKind: 'regulation', publishedAt: '2025-09-01T02:00:00.000Z' },
        { title: '工作动态', documentKind: 'other', publishedAt: '2025-09-02T02:00:00.000Z' },
      ] as const;
      for (const d of docs) await insertPublished(on(t, '2026-03-01'), { agencyId, category: d.documentKind === 'other' ? 'work_news' : 'art20_01', ...d });
      await importLedger(on(t, '2026-03-01'), SYSTEM_ACTOR, agencyId, LEDGER_2025);
      for (const a of [
        { type: 'reconsideration', result: 'upheld', filedDate: '2025-02-01', closedDate: '2025-04-01' },
        { type: 'reconsideration', result: 'corrected', filedDate: '2025-11-01', closedDate: '2026-01-20' },
        { type: 'litigation_direct', result: 'pending', filedDate: '2025-05-05' },
        { type: 'litigation_after_reconsideration', result: 'upheld', filedDate: '2024-05-05', closedDate: '2025-01-01' },
      ]) {
        await saveAppeal(on(t, '2026-03-01'), SYSTEM_ACTOR, agencyId, a);
      }
    });
    after(async () => t?.close());

    test('every cell of tables 二, 三 and 四 comes from the records (and the entered figures), and the report reconciles', async () => {
      const db = on(t, '2026-03-02');
      await service.saveInputs(db, clerk, agencyId, 2025, {
        licensing: '356',
        licensingSource: '政务服务系统导出',
        penalties: '12',
        penaltiesSource: '执法股台账',
        enforcement: '0',
        enforcementSource: '执法股台账',
        fees: '12.5',
        feesSource: '财务股',
      });
      const v = await service.reportView(db, agencyId, 2025);
      assert.deepEqual(v.figures, expected2025());
      assert.ok(v.ok, 'the checks pass');
      assert.equal(v.empty, false);
      assert.match(v.narrative.overview, /本年新收政府信息公开申请7件/);
      assert.match(v.narrative.overview, /上年结转2件/);
    });

    test('an entered figure needs its source, and a number that is not one is refused per field', async () => {
      const db = on(t, '2026-03-02');
      await assert.rejects(service.saveInputs(db, clerk, agencyId, 2025, { licensing: '5' }), (e: unknown) => isAppError(e) && !!e.fields?.licensingSource);
      await assert.rejects(service.saveInputs(db, clerk, agencyId, 2025, { licensing: '五', licensingSource: 'x' }), (e: unknown) => isAppError(e) && !!e.fields?.licensing);
      await assert.rejects(service.saveInputs(db, clerk, agencyId, 2025, { fees: '1.23456', feesSource: 'x' }), (e: unknown) => isAppError(e) && !!e.fields?.fees);
      const v = await service.reportView(db, agencyId, 2025);
      assert.equal(v.figures!.proactive['行政许可']!['本年处理决定数量'], 356, 'a refused save changes nothing');
    });

    test('GET /api/v1/annual-reports/{agency}/{year}: the labels as printed, 7 request columns, 15 review columns, checks and balances', async () => {
      for (const key of ['nbj', (await service.agencyByKey(t.db, agencyId)).code]) {
        const res = await t.anonymous().get(`/api/v1/annual-reports/${encodeURIComponent(key)}/2025`);
        assert.equal(res.statusCode, 200, res.body);
        const body = json(res);
        assert.equal(body.year, 2025);
        assert.equal(body.format, '2021');
        assert.equal(body.agency.slug, 'nbj');
        assert.deepEqual(body.requests.columns, ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']);
        assert.deepEqual(
          body.requests.rows.map((r: { label: string }) => r.label),
          REQUEST_ROWS_2021.map((r) => r.label),
        );
        assert.equal(body.requests.rows.length, 25);
        assert.deepEqual(body.requests.rows[0].values, [2, 1, 1, 1, 1, 1, 7]);
        assert.deepEqual(body.reviewLitigation.columns, [...REVIEW_LITIGATION_COLUMNS]);
        assert.deepEqual(body.reviewLitigation.values, [1, 0, 0, 1, 2, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
        assert.deepEqual(body.proactive.rows[1], { label: '行政规范性文件', values: { 本年制发件数: 2, 本年废止件数: 1, 现行有效件数: 4 } });
        assert.ok(body.checks.length > 20 && body.checks.every((c: { ok: boolean }) => c.ok));
        assert.deepEqual(body.balances.at(-1), { column: '总计', received: 9, settled: 9, ok: true });
      }
      const missing = await t.anonymous().get('/api/v1/annual-reports/no-such-agency/2025');
      assert.equal(missing.statusCode, 404);
      assert.equal(json(missing).error.code, 'NOT_FOUND');
    });

    test('a year with no records is an empty report that says so', async () => {
      const res = await t.anonymous().get('/api/v1/annual-reports/nbj/2019');
      assert.equal(res.statusCode, 200, res.body);
      const body = json(res);
      assert.equal(body.empty, true);
      assert.match(body.notice, /没有/);
      assert.ok(body.requests.rows.every((r: { values: number[] }) => r.values.every((n) => n === 0)));
      assert.ok(body.checks.every((c: { ok: boolean }) => c.ok));
    });

    test('every cell links to its records in the office', async () => {
      const office = await t.login('nb.clerk', 'Valid#Pass2026');
      const page = await office.get(`/office/annual-reports/${agencyId}/2025`);
      assert.equal(page.statusCode, 200, page.body.slice(0, 500));
      const links = [...page.body.matchAll(/href="(\/office\/annual-reports\/\d+\/2025\/cell\?ref=[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
      assert.ok(links.length > 20, `cell links: ${links.length}`);
      const cell = await office.get(`/office/annual-reports/${agencyId}/2025/cell?ref=${encodeURIComponent('三:四、结转下年度继续办理:总计')}`);
      assert.equal(cell.statusCode, 200);
      assert.equal([...cell.body.matchAll(/href="\/office\/requests\/\d+"/g)].length, 3, 'the three applications carried into 2026');
      const norm = await office.get(`/office/annual-reports/${agencyId}/2025/cell?ref=${encodeURIComponent('二:行政规范性文件:现行有效件数')}`);
      assert.match(norm.body, /规范性文件甲/);
      assert.match(norm.body, /规范性文件丁/);
      assert.match(norm.body, /规范性文件己/);
      assert.doesNotMatch(norm.body, /规范性文件戊|规范性文件丙/);
      const appeal = await office.get(`/office/annual-reports/${agencyId}/2025/cell?ref=${encodeURIComponent('四:行政复议:尚未审结')}`);
      assert.equal([...appeal.body.matchAll(/appeals\?edit=\d+/g)].length, 1);
    });

    test('prepared, reviewed and published as a catalog item with real tables; a version is kept; editing makes a revision', async () => {
      const db = on(t, '2026-03-03');
      const r = await service.prepareForPublication(db, clerk, agencyId, 2025);
      assert.ok(r.ok);
      let p = await transition(db, clerk, r.publicationId, { action: 'submit' });
      p = await transition(db, checker, r.publicationId, { action: 'approve', confidentiality: 'cleared', version: p.version });
      p = await transition(db, checker, r.publicationId, { action: 'publish', version: p.version });
      assert.equal(p.publicStatus, 'published');
      assert.equal(p.category, 'annual_report');
      const page = await t.anonymous().get(`/nbj/zfxxgk/content/${r.publicationId}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<th[^>]*colspan="7"|<th[^>]*colspan="2"/);
      assert.match(page.body, /<td[^>]*headers="rt-3-[^"]+ rt-3-[^"]+"/, 'numbers name their headers for screen readers');
      assert.match(page.body, /report-tables\.css/);
      const v = await service.reportView(db, agencyId, 2025);
      assert.equal(v.revisions.length, 1);
      assert.equal(v.revisions[0]!.note, '发布');

      // New records after publication: preparing again drafts a revision; the published version stays public.
      await saveAppeal(on(t, '2026-03-04'), SYSTEM_ACTOR, agencyId, { type: 'reconsideration', result: 'pending', filedDate: '2025-12-01' });
      const stale = await service.reportView(on(t, '2026-03-04'), agencyId, 2025);
      assert.equal(stale.stale, true);
      await service.prepareForPublication(on(t, '2026-03-04'), clerk, agencyId, 2025);
      const api = json(await t.anonymous().get('/api/v1/annual-reports/nbj/2025'));
      assert.equal(api.status, 'published');
      assert.equal(api.reviewLitigation.values[4], 2, 'the public sees the published version until the revision is published');
      const working = await service.reportView(on(t, '2026-03-04'), agencyId, 2025);
      assert.equal(working.stored!.figures!.reviewLitigation[4], 3, 'the revision being prepared holds the new figures');
      const still = await t.anonymous().get(`/nbj/zfxxgk/content/${r.publicationId}`);
      assert.equal(still.statusCode, 200, 'the published version stays public while the revision is drafted');
    });

    test('figures that do not reconcile cannot be submitted or published, whatever put them there', async () => {
      const db = on(t, '2026-03-05');
      const s = (await service.storedReport(db, agencyId, 2025))!;
      const bad = structuredClone(s.figures!);
      bad.requests['（七）总计']![0] = 99;
      await t.db.updateTable('annualReports').set({ figuresJson: JSON.stringify(bad) }).where('id', '=', s.row.id).execute();
      await assert.rejects(transition(db, clerk, s.row.publicationId!, { action: 'submit' }), (e: unknown) => isAppError(e) && e.code === 'REPORT_NOT_RECONCILED' && /（七）总计/.test(e.message));
      const office = await t.login('nb.clerk', 'Valid#Pass2026');
      const res = await office.api('POST', `/api/v1/publications/${s.row.publicationId}/transitions`, { action: 'submit' });
      assert.equal(res.statusCode, 409);
      assert.equal(json(res).error.code, 'REPORT_NOT_RECONCILED');
      await t.db.updateTable('annualReports').set({ figuresJson: JSON.stringify(s.figures) }).where('id', '=', s.row.id).execute();
    });

    test('past years: a published page is read, stored as its year with its mismatches as printed; replacing it keeps a version; a platform report is never overwritten', async () => {
      const db = on(t, '2026-03-05');
      const html = fs.readFileSync(path.join(FIXTURES, 'report-2021-mismatch.html'));
      const parsed = json(await t.anonymous().api('POST', '/api/v1/annual-reports/parse'));
      assert.equal(parsed.error.code, 'VALIDATION_FAILED', 'no page, a clear error');
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/annual-reports/parse', headers: { 'content-type': 'text/html; charset=utf-8' }, payload: html });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      const body = json(res);
      assert.equal(body.format, '2021');
      assert.ok(body.checks.some((c: { ok: boolean }) => !c.ok), 'the original does not reconcile');
      const notReport = await t.app.inject({
        method: 'POST',
        url: '/api/v1/annual-reports/parse',
        headers: { 'content-type': 'text/html' },
        payload: fs.readFileSync(path.join(FIXTURES, 'not-a-report.html')),
      });
      assert.equal(notReport.statusCode, 422);
      assert.equal(json(notReport).error.code, 'REPORT_UNREADABLE');

      const figures = { ...body, requests: Object.fromEntries(body.requests.rows.map((r: { label: string; values: number[] }) => [r.label, r.values])) };
      const f: ReportFigures = {
        format: '2021',
        proactive: Object.fromEntries(body.proactive.rows.map((r: { label: string; values: Record<string, number | null> }) => [r.label, r.values])),
        requests: figures.requests,
        reviewLitigation: body.reviewLitigation.values,
      };
      await service.storeHistorical(db, clerk, agencyId, 2022, f, { origin: 'imported', sourceUrl: 'http://old.example.gov.cn/2022.html' });
      const v = await service.reportView(db, agencyId, 2022);
      assert.equal(v.origin, 'imported');
      assert.deepEqual(v.figures, f, 'kept as printed, not "fixed"');
      assert.equal(v.ok, false);
      await assert.rejects(service.saveInputs(db, clerk, agencyId, 2022, {}), (e: unknown) => isAppError(e) && e.code === 'CONFLICT');
      // Replacing it keeps the old figures as a version.
      await service.storeHistorical(db, clerk, agencyId, 2022, emptyFigures('2021'), { origin: 'typed' });
      const replaced = await service.reportView(db, agencyId, 2022);
      assert.equal(replaced.origin, 'typed');
      assert.equal(replaced.revisions.length, 1);
      assert.deepEqual((await service.revisionOf(db, agencyId, 2022, 1))!.figures, f);
      await assert.rejects(service.storeHistorical(db, clerk, agencyId, 2025, emptyFigures('2021'), { origin: 'typed' }), (e: unknown) => isAppError(e) && e.code === 'CONFLICT');
    });

    test('a report arriving as a catalog item (the legacy import) is read into its year: tables as figures, free text as its proactive total', async () => {
      const db = on(t, '2026-03-06');
      const html2019 = fs.readFileSync(path.join(FIXTURES, 'report-2019.html'), 'utf8');
      await insertPublished(db, { agencyId, category: 'annual_report', title: '示例市年报测试局2020年政府信息公开工作年度报告', publishedAt: '2021-01-20T02:00:00.000Z', body: html2019 });
      const free = fs.readFileSync(path.join(FIXTURES, 'report-free-2017.html'), 'utf8');
      await insertPublished(db, { agencyId, category: 'annual_report', title: '示例市年报测试局2017年政府信息公开工作年度报告', publishedAt: '2018-03-20T02:00:00.000Z', body: free });
      const history = await service.historyOf(db, agencyId);
      const y2020 = history.find((h) => h.year === 2020);
      assert.equal(y2020?.origin, 'imported');
      assert.equal(y2020?.format, '2019');
      const y2017 = history.find((h) => h.year === 2017);
      assert.equal(y2017?.origin, 'text');
      assert.ok(typeof y2017?.proactiveTotal === 'number' && y2017.proactiveTotal > 0);
      const page = await t.anonymous().get('/nbj/zfxxgk/zfxxgknb/history');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<svg[^>]*role="img"/);
      assert.match(page.body, /<th scope="row">2020<\/th>/);
    });

    test('office pages: statistics as SVG charts with CSV and XLSX, the report as DOCX, XLSX, CSV and print, pasting a page, typing a year in', async () => {
      const office = await t.login('nb.clerk', 'Valid#Pass2026');
      const base = `/office/annual-reports/${agencyId}/2025`;
      const stats = await office.get(`${base}/statistics`);
      assert.equal(stats.statusCode, 200, stats.body.slice(0, 300));
      assert.equal([...stats.body.matchAll(/<svg[^>]*role="img"/g)].length, 4);
      assert.doesNotMatch(stats.body, /<script(?![^>]*src=)/, 'no inline script');
      const outcomes = await office.get(`${base}/statistics/outcomes.csv`);
      assert.equal(outcomes.statusCode, 200);
      assert.match(outcomes.body, /^\uFEFF办理结果,件数（件）\r\n予以公开,2\r\n/);
      for (const [url, type] of [
        [`${base}/statistics.xlsx`, /spreadsheetml/],
        [`${base}/report.xlsx`, /spreadsheetml/],
        [`${base}/report.docx`, /wordprocessingml/],
        [`${base}/table-3.csv`, /text\/csv/],
      ] as const) {
        const res = await office.get(url);
        assert.equal(res.statusCode, 200, url);
        assert.match(String(res.headers['content-type']), type, url);
        assert.ok(res.rawPayload.length > 100, url);
      }
      const print = await office.get(`${base}/print`);
      assert.match(print.body, /一、总体情况/);
      assert.match(print.body, /六、其他需要报告的事项/);

      const preview = await office.post(`/office/annual-reports/${agencyId}/import`, { html: fs.readFileSync(path.join(FIXTURES, 'report-2021.html'), 'utf8') });
      assert.equal(preview.statusCode, 200, preview.body.slice(0, 300));
      const figures = /name="figures" value="([^"]*)"/.exec(preview.body)![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      const stored = await office.post(`/office/annual-reports/${agencyId}/import/store`, { figures, year: '2021', sourceUrl: '' });
      assert.equal(stored.statusCode, 303, stored.body.slice(0, 300));
      assert.equal((await service.reportView(t.db, agencyId, 2021)).origin, 'imported');
      const bad = await office.post(`/office/annual-reports/${agencyId}/import`, { html: '<html><body><p>通知</p></body></html>' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /未找到年度报告的表格/);

      const typedForm = await office.get(`/office/annual-reports/${agencyId}/2020/typed?format=2019`);
      const names = [...typedForm.body.matchAll(/<input id="f-(c[^"]+)" name="c[^"]+"/g)].map((m) => m[1]!);
      assert.equal(names.length, 22 + 23 * 7 + 15, 'every cell of the 2019 layout: 22 in table 二, 23 rows of 7 in 三, 15 in 四');
      const refused = await office.post(`/office/annual-reports/${agencyId}/2020/typed`, { format: '2019', [names[22]!]: '十二' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /应为不小于0的整数，现为“十二”/);
      const ok = await office.post(`/office/annual-reports/${agencyId}/2020/typed`, { format: '2019', [names[22]!]: '12' });
      assert.equal(ok.statusCode, 303);
      const typed = await service.reportView(t.db, agencyId, 2020);
      assert.equal(typed.origin, 'typed');
      assert.equal(typed.format, '2019');
      assert.equal(typed.ok, false, 'one number alone does not reconcile, and the report says so');
    });

    test("the government's report sums its departments', each with its check status", async () => {
      const db = on(t, '2026-03-07');
      const gov = await createEmptyAgency(t.db, 'nbzf', '示例市年报测试政府', 'government');
      const before = await service.governmentFigures(db, gov, 2022);
      const bad = emptyFigures('2021');
      bad.requests[row('一、')]![0] = 5; // 5 received, nothing else: does not reconcile
      bad.requests[row('一、')]![6] = 5;
      const other = await createEmptyAgency(t.db, 'nbqt', '示例市年报测试另一局');
      await service.storeHistorical(db, SYSTEM_ACTOR, other, 2022, bad, { origin: 'typed' });
      const g = await service.governmentFigures(db, gov, 2022);
      const part = g.departments.find((d) => d.agency.id === other)!;
      assert.equal(part.ok, false);
      assert.equal(part.failing > 0, true);
      assert.equal(g.figures.requests[row('一、')]![6], before.figures.requests[row('一、')]![6]! + 5);
      assert.equal(checkFigures(g.figures).every((c) => c.ok), false, 'a failing department makes the sum fail, visibly');
    });
  });
}

describe('any records give a reconciling report (property)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp(ENGINES[0]!);
  });
  after(async () => t?.close());

  const day = fc.integer({ min: 0, max: 1300 }).map((n) => new Date(Date.UTC(2023, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const kind = fc.constantFrom('natural_person', 'commercial', 'research', 'public_interest', 'legal_service', 'other_org', 'unknown_kind');
  const outcome = fc.constantFrom(null, 'disclose', 'partial', 'withhold_process', 'unavailable_not_held', 'not_processed_repeat', 'other_no_correction', 'other', 'made_up');
  const record = fc.record({ received: fc.option(day, { nil: null }), replyAfter: fc.option(fc.integer({ min: -30, max: 400 }), { nil: null }), kind, outcome });
  const appeal = fc.record({ type: fc.constantFrom('reconsideration', 'litigation_direct', 'litigation_after_reconsideration'), filed: day, closeAfter: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }), result: fc.constantFrom('upheld', 'corrected', 'other', 'pending') });
  let n = 0;

  test('for random applications and appeals, every check of every year passes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 40 }), fc.array(appeal, { maxLength: 8 }), fc.integer({ min: 2023, max: 2026 }), async (records, appeals, year) => {
        n++;
        const agencyId = await createEmptyAgency(t.db, `prop${n}`, `性质测试局${n}`);
        const add = (d: string, k: number) => new Date(Date.parse(d) + k * 86_400_000).toISOString().slice(0, 10);
        for (const [i, r] of records.entries()) {
          const replied = r.received && r.replyAfter !== null ? add(r.received, r.replyAfter) : null;
          await t.db
            .insertInto('requests')
            .values({
              agencyId,
              trackingHash: `prop-${n}-${i}`,
              channel: 'online',
              source: 'ledger',
              applicantKind: r.kind,
              applicantName: '测试',
              description: '性质测试',
              infoForm: 'electronic',
              delivery: 'online',
              state: replied ? 'replied' : 'handling',
              submittedAt: `${r.received ?? '2024-01-01'}T02:00:00.000Z`,
              receivedDate: r.received,
              dueDate: null,
              outcome: replied ? r.outcome : null,
              repliedDate: replied,
              workdaysTaken: null,
              onTime: null,
              deliveredDate: null,
              archivedAt: null,
              withdrawnDate: null,
              repeatOf: null,
              purgeAfter: null,
              purgedAt: null,
              departmentId: null,
              handlerId: null,
              createdBy: null,
              createdAt: '2026-01-01T00:00:00.000Z',
              updatedAt: '2026-01-01T00:00:00.000Z',
            })
            .execute();
        }
        for (const a of appeals) {
          const closed = a.closeAfter !== null && a.result !== 'pending' ? add(a.filed, a.closeAfter) : null;
          await t.db
            .insertInto('requestAppeals')
            .values({ agencyId, requestId: null, type: a.type, result: closed ? a.result : 'pending', filedDate: a.filed, closedDate: closed, source: 'ledger', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' })
            .execute();
        }
        const { figures } = await service.fromRecords(on(t, '2026-12-01'), agencyId, year, {});
        const failing = checkFigures(figures).filter((c) => !c.ok);
        assert.deepEqual(failing, []);
        const counted = records.filter((r) => r.received && r.received <= `${year}-12-31` && (r.received >= `${year}-01-01` || r.replyAfter === null || add(r.received, r.replyAfter) >= `${year}-01-01`)).length;
        assert.equal(figures.requests[row('一、')]![6]! + figures.requests[row('二、')]![6]!, counted);
      }),
      { numRuns: 25 },
    );
  });
});
