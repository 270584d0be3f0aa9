/**
 * The OpenAPI document against the responses: every documented operation has a
 * sample here, fetched from the running app on a demo database, and each sample
 * must conform to the schema the document gives for its status. Response objects
 * are closed in the document, so a field added to a response without its
 * schema fails as surely as a documented field that is not sent.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { minimalPng } from '../src/demo/files.demo.js';
import { usccCheckChar } from '../src/lib/codes.js';
import { addDays, chinaDateOf } from '../src/lib/dates.js';
import { chinaInstant, fixedClock } from '../src/lib/clock.js';
import { withClock } from '../src/db/runtime.js';
import { actorForUsername } from '../src/features/accounts/account.service.js';
import { createConsultation, openConsultation } from '../src/features/participation/participation.service.js';
import { useBulletinPdfRenderer, type PdfRenderer } from '../src/features/bulletin/bulletin.pdf.js';
import { STAFF_ONLY_FIELDS } from '../src/features/publications/publication.representation.js';
import { ENGINES, createTestApp, json, uploadFile, type TestApp } from './helpers.js';
import { openObjects, validate, type Schema } from './json-schema.js';

const ID = '11010519491231002X'; // GB 11643's example number: passes its checksum
const REPORT_PAGE = path.join(import.meta.dirname, '../src/features/annual-reports/fixtures/report-2021.html');

/** A multipart upload with this client's session, as the office page sends it. */

type Op = `${'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'} ${string}`;

for (const engine of ENGINES) {
  describe(`OpenAPI document against the responses (${engine})`, () => {
    let t: TestApp;
    let doc: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>; components: Schema };
    const samples = new Map<Op, LightMyRequestResponse[]>();
    let previousRenderer: PdfRenderer | null = null;

    before(async () => {
      t = await createTestApp(engine, { demo: true });
      previousRenderer = useBulletinPdfRenderer({ stats: { printed: 0, cached: 0 }, render: async () => Buffer.from('%PDF-1.7 stand-in'), close: async () => {} });
      doc = json(await t.anonymous().get('/api/v1/openapi.json'));
      const anon = t.anonymous();
      const [editor, reviewer, admin] = [await t.login('demo-editor'), await t.login('demo-reviewer'), await t.login('demo-admin')];
      const take = (op: Op, res: LightMyRequestResponse) => {
        samples.set(op, [...(samples.get(op) ?? []), res]);
        return res;
      };
      const ok = (op: Op, res: LightMyRequestResponse) => {
        assert.ok(res.statusCode < 300, `${op}: ${res.statusCode} ${res.body.slice(0, 400)}`);
        return json(take(op, res));
      };
      const today = chinaDateOf(new Date());

      // ---- publications: a draft through review to publication, its files, findings and withdrawal.
      ok('GET /api/v1/categories', await anon.get('/api/v1/categories'));
      ok('GET /api/v1/workflow', await anon.get('/api/v1/workflow'));
      const fields = {
        summary: '印发示例市老旧小区改造实施方案，明确改造范围、标准和进度。',
        body: `<p>各有关单位：</p><p>现将《实施方案》印发给你们。联系人身份证号 ${ID}。</p>`,
        documentNumber: '示发改规〔2026〕7号',
        writtenDate: today,
        formedDate: today,
        category: 'art20_03',
        topic: 'economy',
        genre: 'notice',
        keywords: ['老旧小区', '实施方案'],
      };
      const draft = ok('POST /api/v1/publications', await editor.api('POST', '/api/v1/publications', { title: '关于印发示例市老旧小区改造实施方案的通知' }));
      const patched = ok('PATCH /api/v1/publications/{id}', await editor.api('PATCH', `/api/v1/publications/${draft.id}`, { ...fields, version: draft.version }));
      const png = ok('POST /api/v1/publications/{id}/attachments', await uploadFile(t, editor, `/api/v1/publications/${draft.id}/attachments`, '示意图.png', minimalPng()));
      const extra = ok('POST /api/v1/publications/{id}/attachments', await uploadFile(t, editor, `/api/v1/publications/${draft.id}/attachments`, '多余的图.png', minimalPng()));
      take('DELETE /api/v1/publications/{id}/attachments/{attachmentId}', await editor.api('DELETE', `/api/v1/publications/${draft.id}/attachments/${extra.id}`));
      assert.ok(png.id);
      const submitted = ok(
        'POST /api/v1/publications/{id}/save-and-submit',
        await editor.api('POST', `/api/v1/publications/${draft.id}/save-and-submit`, { ...fields, version: (json(await editor.get(`/api/v1/publications/${draft.id}`)) as { version: number }).version, comment: '请审核' }),
      );
      assert.ok(submitted.findings.length > 0, 'the ID number is found');
      ok('GET /api/v1/publications', await reviewer.get('/api/v1/publications?state=draft,submitted'));
      ok('GET /api/v1/publications/{id}', await reviewer.get(`/api/v1/publications/${draft.id}`));
      ok('POST /api/v1/publications/{id}/findings/confirm', await reviewer.api('POST', `/api/v1/publications/${draft.id}/findings/confirm`, { ids: submitted.findings.map((f: { id: number }) => f.id) }));
      ok('POST /api/v1/publications/{id}/transitions', await reviewer.api('POST', `/api/v1/publications/${draft.id}/transitions`, { action: 'approve', confidentiality: 'cleared' }));
      ok('POST /api/v1/publications/{id}/transitions', await reviewer.api('POST', `/api/v1/publications/${draft.id}/transitions`, { action: 'publish' }));
      ok('GET /api/v1/publications', await anon.get('/api/v1/publications'));
      ok('GET /api/v1/publications/{id}', await anon.get(`/api/v1/publications/${draft.id}`));
      ok('GET /api/v1/search', await anon.get(`/api/v1/search?q=${encodeURIComponent('改造实施方案')}`));
      // A second item, published and withdrawn: its public notice.
      const other = ok('POST /api/v1/publications', await editor.api('POST', '/api/v1/publications', { title: '关于暂停受理的通知', ...fields, documentNumber: '示发改〔2026〕8号', body: '<p>暂停受理。</p>' }));
      ok('POST /api/v1/publications/{id}/transitions', await editor.api('POST', `/api/v1/publications/${other.id}/transitions`, { action: 'submit' }));
      ok('POST /api/v1/publications/{id}/transitions', await reviewer.api('POST', `/api/v1/publications/${other.id}/transitions`, { action: 'approve_publish', confidentiality: 'cleared' }));
      ok('POST /api/v1/publications/{id}/transitions', await reviewer.api('POST', `/api/v1/publications/${other.id}/transitions`, { action: 'withdraw', comment: '内容有误，已撤回' }));
      ok('GET /api/v1/publications/{id}', await anon.get(`/api/v1/publications/${other.id}`));
      assert.equal(samples.get('GET /api/v1/publications/{id}')!.length, 3);
      void patched;

      // ---- agencies and accounts.
      const agencies = ok('GET /api/v1/agencies', await anon.get('/api/v1/agencies'));
      const fgj = agencies.items.find((a: { slug: string }) => a.slug === 'fgj');
      ok('GET /api/v1/agencies/{id}', await anon.get(`/api/v1/agencies/${fgj.id}`));
      const created = ok('POST /api/v1/agencies', await admin.api('POST', '/api/v1/agencies', { name: '示例市测试局', shortName: '测试局', slug: 'csj', code: `11449900MB0000991${usccCheckChar('11449900MB0000991')}`, level: 'department' }));
      const changed = ok('PATCH /api/v1/agencies/{id}', await admin.api('PATCH', `/api/v1/agencies/${created.id}`, { version: created.version, phone: '0763-1111111' }));
      ok('PUT /api/v1/agencies/{id}/guide', await admin.api('PUT', `/api/v1/agencies/${created.id}/guide`, { classification: '按条例第二十条分类', version: changed.version }));
      const dept = ok('POST /api/v1/agencies/{id}/departments', await admin.api('POST', `/api/v1/agencies/${created.id}/departments`, { name: '综合科' }));
      ok('PATCH /api/v1/departments/{id}', await admin.api('PATCH', `/api/v1/departments/${dept.id}`, { name: '综合股' }));
      take('DELETE /api/v1/departments/{id}', await admin.api('DELETE', `/api/v1/departments/${dept.id}`));
      ok('GET /api/v1/me', await editor.get('/api/v1/me'));
      // 三员分立: the audit administrator reads the log.
      const auditor = await t.login('demo-auditor');
      ok('GET /api/v1/audit', await auditor.get('/api/v1/audit'));
      ok('GET /api/v1/audit/export', await auditor.get(`/api/v1/audit/export?from=${today}&to=${today}&format=json`));

      // ---- requests.
      const application = {
        agency: 'fgj',
        applicant: { kind: 'natural_person', name: '王小明', idType: 'resident_id', idNumber: ID, phone: '13800138000', email: 'wang@example.com', address: '示例市人民路 1 号' },
        infoName: '示例市2025年重点建设项目计划',
        description: '请提供计划全文及附表。',
        form: 'electronic',
        delivery: 'email',
      };
      const receipt = ok('POST /api/v1/requests', await anon.api('POST', '/api/v1/requests', application));
      ok('GET /api/v1/requests/track/{trackingCode}', await anon.get(`/api/v1/requests/track/${receipt.trackingCode}`));
      ok('GET /api/v1/requests/outcomes', await anon.get('/api/v1/requests/outcomes'));
      ok('GET /api/v1/requests/vocabularies', await anon.get('/api/v1/requests/vocabularies'));
      ok('GET /api/v1/requests/stats/{agency}', await anon.get('/api/v1/requests/stats/fgj'));
      ok('GET /api/v1/requests', await reviewer.get('/api/v1/requests'));
      const r = ok('GET /api/v1/requests/{id}', await reviewer.get(`/api/v1/requests/${receipt.id}`));
      ok('POST /api/v1/requests/{id}/actions', await reviewer.api('POST', `/api/v1/requests/${receipt.id}/actions`, { action: 'accept', version: r.version }));
      ok('POST /api/v1/requests/register', await reviewer.api('POST', '/api/v1/requests/register', { ...application, channel: 'in_person', submittedDate: today }));

      // ---- mailbox.
      const letter = ok('POST /api/v1/mailbox', await anon.api('POST', '/api/v1/mailbox', { agency: 'fgj', kind: 'consultation', name: '王小明', phone: '13800138000', email: 'wang@example.com', subject: '咨询项目备案', body: '企业投资项目备案需要哪些材料？' }));
      ok('GET /api/v1/mailbox/track/{trackingCode}', await anon.get(`/api/v1/mailbox/track/${letter.trackingCode}`));
      ok('GET /api/v1/mailbox', await reviewer.get('/api/v1/mailbox'));
      ok('GET /api/v1/mailbox/{id}', await reviewer.get(`/api/v1/mailbox/${letter.id}`));
      ok('POST /api/v1/mailbox/{id}/assign', await reviewer.api('POST', `/api/v1/mailbox/${letter.id}/assign`, { departmentId: null }));
      const mreplied = ok('POST /api/v1/mailbox/{id}/reply', await reviewer.api('POST', `/api/v1/mailbox/${letter.id}/reply`, { reply: '需要项目基本情况表。' }));
      ok('POST /api/v1/mailbox/{id}/publish', await reviewer.api('POST', `/api/v1/mailbox/${letter.id}/publish`, { subject: '咨询项目备案', body: '企业投资项目备案需要哪些材料？', reply: '需要项目基本情况表。', version: mreplied.version }));
      ok('POST /api/v1/mailbox/{id}/close', await reviewer.api('POST', `/api/v1/mailbox/${letter.id}/close`, {}));
      ok('GET /api/v1/mailbox/qa/{agency}', await anon.get('/api/v1/mailbox/qa/fgj'));
      ok('GET /api/v1/mailbox/qa/{agency}/{id}', await anon.get(`/api/v1/mailbox/qa/fgj/${letter.id}`));
      ok('POST /api/v1/mailbox/phone', await reviewer.api('POST', '/api/v1/mailbox/phone', { agency: 'fgj', kind: 'report', subject: '来电反映', body: '反映价格问题。' }));

      // ---- annual reports.
      ok('GET /api/v1/annual-reports/{agency}/{year}', await anon.get(`/api/v1/annual-reports/fgj/${Number(today.slice(0, 4)) - 1}`));
      take(
        'POST /api/v1/annual-reports/parse',
        await t.app.inject({ method: 'POST', url: '/api/v1/annual-reports/parse', headers: { 'content-type': 'text/html; charset=utf-8' }, payload: fs.readFileSync(REPORT_PAGE) }),
      );

      // ---- standard catalogs (the demo 发展和改革局 starts from the 重大建设项目 catalog).
      const sc = ok('GET /api/v1/standard-catalogs/{agency}', await anon.get('/api/v1/standard-catalogs/fgj'));
      const scInput = { domain: '价格收费', level1: '收费信息', level2: '行政事业性收费目录清单', elements: ['收费项目', '收费标准'], basis: [{ title: '《中华人民共和国政府信息公开条例》', url: '' }], timeRule: { kind: 'annual_by', date: '01-31' }, subject: '发展和改革局', channels: [{ name: '政府网站', required: true }], audience: 'all', mode: 'proactive', levels: ['county'] };
      const scRow = ok('POST /api/v1/standard-catalogs/{agency}/rows', await admin.api('POST', '/api/v1/standard-catalogs/fgj/rows', scInput));
      const scChanged = ok('PUT /api/v1/standard-catalogs/rows/{id}', await admin.api('PUT', `/api/v1/standard-catalogs/rows/${scRow.id}`, { ...scInput, timeRule: { kind: 'timely' }, version: scRow.version }));
      take('DELETE /api/v1/standard-catalogs/rows/{id}', await admin.api('DELETE', `/api/v1/standard-catalogs/rows/${scRow.id}?version=${scChanged.version}`));
      ok('PUT /api/v1/standard-catalogs/links/{id}', await admin.api('PUT', `/api/v1/standard-catalogs/links/${draft.id}`, { rowId: sc.rows[3].id }));
      const sheet = (await anon.get(`/fgj/zfxxgk/bzml/${encodeURIComponent('重大建设项目')}.xlsx`)).rawPayload;
      ok(
        'POST /api/v1/standard-catalogs/{agency}/import',
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/standard-catalogs/fgj/import',
          headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': admin.csrf, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
          payload: sheet,
        }),
      );
      // ---- key projects and work plans.
      const fgjId = (await t.db.selectFrom('agencies').select('id').where('slug', '=', 'fgj').executeTakeFirstOrThrow()).id;
      const project = ok(
        'POST /api/v1/projects',
        await reviewer.api('POST', '/api/v1/projects', {
          agencyId: fgjId, name: '示例市滨江路综合改造工程', code: '2026-330102-48-01-000123', owner: '示例市城市建设投资有限公司', investment: '12500.5', plannedStart: '2026-01-15', plannedEnd: '2027-06-30', status: 'under_construction',
        }),
      );
      ok('PATCH /api/v1/projects/{id}', await reviewer.api('PATCH', `/api/v1/projects/${project.id}`, { name: project.name, code: project.code, owner: project.owner, investment: '12600', plannedStart: project.plannedStart, plannedEnd: project.plannedEnd, status: project.status, location: '滨江路' }));
      const staged = ok('POST /api/v1/projects/{id}/stages', await reviewer.api('POST', `/api/v1/projects/${project.id}/stages`, { name: '主体施工', plannedStart: '2026-03-01' }));
      ok('PATCH /api/v1/projects/{id}/stages/{stageId}', await reviewer.api('PATCH', `/api/v1/projects/${project.id}/stages/${staged.stages[0].id}`, { name: '主体施工', plannedStart: '2026-03-01', plannedEnd: '2026-12-31' }));
      ok('POST /api/v1/projects/{id}/progress', await reviewer.api('POST', `/api/v1/projects/${project.id}/progress`, { date: today, percent: 20, body: '路基完成' }));
      const linkDraft = ok('POST /api/v1/publications', await editor.api('POST', '/api/v1/publications', { title: '关于示例市滨江路综合改造工程可行性研究报告的批复' }));
      ok('POST /api/v1/projects/{id}/links', await reviewer.api('POST', `/api/v1/projects/${project.id}/links`, { publicationId: linkDraft.id, lifecycle: 'approval_result', approvalKind: 'approval' }));
      ok('PUT /api/v1/projects/{id}/links/{publicationId}/approval', await reviewer.api('PUT', `/api/v1/projects/${project.id}/links/${linkDraft.id}/approval`, { approvalKind: 'approval', approvalResult: '同意', decidedOn: today, documentNumber: '示发改投资〔2026〕12号', decidingUnit: '示例市发展和改革局', projectName: project.name, projectCode: project.code }));
      ok('GET /api/v1/projects', await anon.get('/api/v1/projects?agency=fgj'));
      ok('GET /api/v1/projects/{id}', await anon.get(`/api/v1/projects/${project.id}`));
      ok('GET /api/v1/projects/{id}/stages/{stageId}/notice', await anon.get(`/api/v1/projects/${project.id}/stages/${staged.stages[0].id}/notice`));
      take('DELETE /api/v1/projects/{id}/links/{publicationId}', await reviewer.api('DELETE', `/api/v1/projects/${project.id}/links/${linkDraft.id}`));
      // ---- price and fee lists: a change drafts its announcement; published, it is a version.
      const feeChange = ok(
        'POST /api/v1/fees/changes',
        await admin.api('POST', '/api/v1/fees/changes', {
          agencyId: fgjId, kind: 'add', list: 'price', name: '居民生活用水价格（第一阶梯）', basis: [{ title: '《示例省定价目录》', number: '示发改规〔2023〕5号' }],
          standard: '每立方米 2.80 元', amount: '2.8', amountUnit: '元/立方米', collectingUnit: '示例市自来水有限公司', validFrom: today, longTerm: true, reason: '制定居民生活用水价格', writtenDate: today, effectiveDate: today,
        }),
      );
      ok('POST /api/v1/publications/{id}/transitions', await admin.api('POST', `/api/v1/publications/${feeChange.publicationId}/transitions`, { action: 'submit' }));
      ok('POST /api/v1/publications/{id}/transitions', await reviewer.api('POST', `/api/v1/publications/${feeChange.publicationId}/transitions`, { action: 'approve_publish', confidentiality: 'cleared' }));
      const feeLists = ok('GET /api/v1/fees/{agency}', await anon.get('/api/v1/fees/fgj'));
      assert.equal(feeLists.lists[1].items[0].current.versionNo, 1, 'the published announcement made version 1');
      ok('GET /api/v1/fees/{agency}/notice', await anon.get('/api/v1/fees/fgj/notice?list=price'));
      // Last year's plan: its summary is open whatever today is.
      const planYear = String(Number(today.slice(0, 4)) - 1);
      ok('PUT /api/v1/work-plans/{agency}/{year}', await reviewer.api('PUT', `/api/v1/work-plans/fgj/${planYear}`, { title: `示例市发展和改革局${planYear}年工作要点` }));
      ok('POST /api/v1/work-plans/{agency}/{year}/targets', await reviewer.api('POST', `/api/v1/work-plans/fgj/${planYear}/targets`, { text: '全年完成固定资产投资增长 6%', responsible: '投资科' }));
      ok('POST /api/v1/work-plans/{agency}/{year}/progress', await reviewer.api('POST', `/api/v1/work-plans/fgj/${planYear}/progress`, { date: `${planYear}-06-30`, body: '重点项目集中开工' }));
      ok('POST /api/v1/work-plans/{agency}/{year}/summary', await reviewer.api('POST', `/api/v1/work-plans/fgj/${planYear}/summary`, { summary: '全年目标全部完成。' }));
      ok('POST /api/v1/work-plans/{agency}/{year}/publish', await reviewer.api('POST', `/api/v1/work-plans/fgj/${planYear}/publish`, {}));
      ok('GET /api/v1/work-plans/{agency}/{year}', await anon.get(`/api/v1/work-plans/fgj/${planYear}`));

      // ---- calendar.
      ok('GET /api/v1/calendar/add-workdays', await anon.get('/api/v1/calendar/add-workdays?from=2026-09-15&days=20'));
      ok('GET /api/v1/calendar/count-workdays', await anon.get('/api/v1/calendar/count-workdays?from=2026-09-15&to=2026-10-19'));
      ok('GET /api/v1/calendar/years', await anon.get('/api/v1/calendar/years'));
      const year = ok('GET /api/v1/calendar/years/{year}', await anon.get('/api/v1/calendar/years/2026'));
      const { year: _y, version: _v, versions: _vs, enteredBy: _e, enteredAt: _a, note: _n, ...rest } = year;
      ok(
        'PUT /api/v1/calendar/years/{year}',
        await admin.api('PUT', '/api/v1/calendar/years/2026', {
          ...rest,
          holidays: rest.holidays.map(({ label: _l, ...h }: { label: string }) => h),
          source: { noticeNumber: rest.source.noticeNumber, noticeDate: rest.source.noticeDate, title: rest.source.title },
          baseVersion: year.version,
          note: '原样保存',
        }),
      );

      // ---- participation: the demo's open consultation and hearing, a draft through to its feedback.
      const consultations = ok('GET /api/v1/consultations', await anon.get('/api/v1/consultations?agency=fgj'));
      const openOne = consultations.items.find((c: { phase: string }) => c.phase === 'accepting');
      ok('GET /api/v1/consultations/{id}', await anon.get(`/api/v1/consultations/${openOne.id}`));
      const comment = ok('POST /api/v1/consultations/{id}/comments', await anon.api('POST', `/api/v1/consultations/${openOne.id}/comments`, { body: '建议公开停车场的成本测算。', name: '网友甲' }));
      ok('GET /api/v1/consultations/{id}/comments', await reviewer.get(`/api/v1/consultations/${openOne.id}/comments`));
      ok('POST /api/v1/consultations/{id}/comments/{commentId}/moderation', await reviewer.api('POST', `/api/v1/consultations/${openOne.id}/comments/${comment.id}/moderation`, { decision: 'approve' }));
      const sections = [{ heading: '第一条', body: '正文。' }];
      const cDraft = ok('POST /api/v1/consultations', await reviewer.api('POST', '/api/v1/consultations', { agencyId: fgj.id, title: '关于某办法的意见征集', kind: 'normative', sections }));
      ok('PATCH /api/v1/consultations/{id}', await reviewer.api('PATCH', `/api/v1/consultations/${cDraft.id}`, {
        title: '关于某办法的意见征集', kind: 'normative', explanation: '说明。', commentMethod: '信函', startDate: today, endDate: addDays(today, 40), sections, version: cDraft.version,
      }));
      ok('POST /api/v1/consultations/{id}/open', await reviewer.api('POST', `/api/v1/consultations/${cDraft.id}/open`, {}));
      // One whose period lies in the past: opened through the service on an earlier day, closed and answered through the API.
      const past = withClock(t.db, fixedClock(chinaInstant(addDays(today, -60))));
      const staff = (await actorForUsername(t.db, 'demo-reviewer', 'session'))!;
      const old = await createConsultation(past, staff, fgj.id, { title: '往期意见征集', kind: 'rule', explanation: '说明。', commentMethod: '信函', startDate: addDays(today, -59), endDate: addDays(today, -20), sections });
      await openConsultation(past, staff, old.id);
      ok('POST /api/v1/consultations/{id}/close', await reviewer.api('POST', `/api/v1/consultations/${old.id}/close`, {}));
      take('POST /api/v1/consultations/{id}/close', await reviewer.api('POST', `/api/v1/consultations/${old.id}/close`, {}));
      ok('PUT /api/v1/consultations/{id}/feedback', await reviewer.api('PUT', `/api/v1/consultations/${old.id}/feedback`, { received: 0, adopted: 0, partly: 0, notAdopted: 0, text: '未收到意见。' }));
      ok('PUT /api/v1/consultations/{id}/publication', await reviewer.api('PUT', `/api/v1/consultations/${old.id}/publication`, { publicationId: draft.id }));
      const hearing = ok('POST /api/v1/hearings', await reviewer.api('POST', '/api/v1/hearings', { agencyId: fgj.id, title: '某价格听证会', hearingDate: addDays(today, 30), hearingTime: '09:30' }));
      ok('PATCH /api/v1/hearings/{id}', await reviewer.api('PATCH', `/api/v1/hearings/${hearing.id}`, {
        title: '某价格听证会', hearingDate: addDays(today, 30), hearingTime: '09:30', draft: '方案。', place: '会议室', selectionMethod: '随机抽取', participants: '甲\n乙', version: hearing.version,
      }));
      ok('POST /api/v1/hearings/{id}/publish', await reviewer.api('POST', `/api/v1/hearings/${hearing.id}/publish`, {}));
      ok('POST /api/v1/hearings/{id}/materials', await reviewer.api('POST', `/api/v1/hearings/${hearing.id}/materials`, { title: '方案全文' }));
      ok('GET /api/v1/hearings/{id}', await anon.get(`/api/v1/hearings/${hearing.id}`));

      // ---- bulletin notices beside their pages: the HTML print view and the PDF (a stand-in prints it here; Chromium's PDF is the browser tests').
      const notices: [string, string][] = [
        ['/{agency}/zfxxgk/content/{id}', `/fgj/zfxxgk/content/${draft.id}`],
        ['/{agency}/zdxm/{id}/stages/{stageId}', `/fgj/zdxm/${project.id}/stages/${staged.stages[0].id}`],
        ['/{agency}/hdcy/yjzj/{id}', `/fgj/hdcy/yjzj/${openOne.id}`],
        ['/{agency}/hdcy/tzh/{id}', `/fgj/hdcy/tzh/${hearing.id}`],
        ['/{agency}/mailbox/qa/{id}', `/fgj/mailbox/qa/${letter.id}`],
        ['/{agency}/zfxxgk/sfxm', '/fgj/zfxxgk/sfxm'],
      ];
      for (const [doc, url] of notices) {
        take(`GET ${doc}/bulletin`, await anon.get(`${url}/bulletin`));
        take(`GET ${doc}/bulletin.pdf`, await anon.get(`${url}/bulletin.pdf?size=A3`));
      }
      take('GET /{agency}/hdcy/tzh/{id}/bulletin', await anon.get('/fgj/hdcy/tzh/99999999/bulletin'));
    });
    after(async () => {
      useBulletinPdfRenderer(previousRenderer);
      await t?.close();
    });

    const operations = () => Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}` as Op));

    test('every documented operation has a sample, and every sample a documented operation', () => {
      const documented = operations();
      assert.ok(documented.length >= 30, `only ${documented.length} operations documented`);
      assert.deepEqual(documented.filter((op) => !samples.has(op)), [], 'operations without a sample: add one to this test');
      assert.deepEqual([...samples.keys()].filter((op) => !documented.includes(op)), [], 'samples of operations the document does not list');
    });

    test('every /api/v1 route is in the document (a route without `doc` would escape this test)', () => {
      const undocumented = t.app.routeTable
        .filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD' && r.url !== '/api/v1/openapi.json' && !r.doc)
        .map((r) => `${r.method} ${r.url}`);
      assert.deepEqual(undocumented, []);
    });

    test('every response schema is closed: each object lists its fields and allows no others', () => {
      const open: string[] = [];
      for (const op of operations()) {
        const [method, p] = op.split(' ') as [string, string];
        for (const [status, r] of Object.entries(doc.paths[p]![method.toLowerCase()]!.responses)) {
          const schema = r.content?.['application/json']?.schema;
          if (schema) open.push(...openObjects(schema).map((at) => `${op} ${status} ${at}`));
        }
      }
      assert.deepEqual(open, []);
    });

    test('each sample conforms to the schema the document gives for its status', () => {
      const problems: string[] = [];
      for (const [op, responses] of samples) {
        const [method, p] = op.split(' ') as [string, string];
        const responsesDoc = doc.paths[p]?.[method.toLowerCase()]?.responses;
        if (!responsesDoc) continue; // reported by the coverage test
        assert.ok(responses.some((r) => r.statusCode < 300), `${op}: no successful sample`);
        for (const res of responses) {
          const documented = responsesDoc[String(res.statusCode)] ?? (res.statusCode >= 400 ? responsesDoc.default : undefined);
          if (!documented) {
            problems.push(`${op}: status ${res.statusCode} is not documented (${res.body.slice(0, 200)})`);
            continue;
          }
          const schema = documented.content?.['application/json']?.schema;
          if (!schema) {
            // A page or file (a bulletin notice): the answer must be of a media type the document names.
            const types = Object.keys(documented.content ?? {});
            if (types.length) {
              if (!types.some((type) => String(res.headers['content-type']).startsWith(type))) problems.push(`${op} ${res.statusCode}: answered ${res.headers['content-type']}, the document says ${types.join(' or ')}`);
              continue;
            }
            if (res.body !== '') problems.push(`${op} ${res.statusCode}: the document says no body, the response has one`);
            continue;
          }
          assert.match(String(res.headers['content-type']), /^application\/json/, `${op} ${res.statusCode}`);
          problems.push(...validate(schema, json(res), doc as unknown as Schema).map((x) => `${op} ${res.statusCode} ${x}`));
        }
      }
      assert.deepEqual(problems, []);
    });

    test('the check fails on drift either way: a field the document lacks, a documented field missing, a wrong type', () => {
      const schema = doc.paths['/api/v1/publications']!.get!.responses['200']!.content!['application/json']!.schema;
      const body = json(samples.get('GET /api/v1/publications')!.at(-1)!);
      const item = body.items[0];
      assert.deepEqual(validate(schema, body, doc as unknown as Schema), []);
      const { title: _t, ...withoutTitle } = item;
      for (const bad of [{ ...item, surprise: 1 }, withoutTitle, { ...item, categoryLabel: 7 }, { ...item, agency: { ...item.agency, code: 'x' } }]) {
        assert.notDeepEqual(validate(schema, { ...body, items: [bad] }, doc as unknown as Schema), [], JSON.stringify(bad).slice(0, 120));
      }
    });

    test('errors conform to the Error schema', async () => {
      const anon = t.anonymous();
      const errors = [
        await anon.get('/api/v1/publications/999999'),
        await anon.get('/api/v1/publications?category=nope'),
        await anon.get('/api/v1/publications?state=draft'),
        await anon.api('POST', '/api/v1/requests', {}),
        await anon.api('POST', '/api/v1/mailbox', { agency: 'fgj', kind: 'complaint', subject: '', body: '' }),
      ];
      for (const res of errors) {
        assert.ok(res.statusCode >= 400, res.body);
        assert.deepEqual(validate({ $ref: '#/components/schemas/Error' }, json(res), doc as unknown as Schema), [], res.body);
      }
    });

    test('the public never sees a staff-only field of a publication', () => {
      const publicOps: Op[] = ['GET /api/v1/publications', 'GET /api/v1/publications/{id}', 'GET /api/v1/search'];
      for (const op of publicOps) {
        for (const res of samples.get(op)!) {
          const body = json(res);
          const items: Record<string, unknown>[] = body.items ?? [body];
          // Staff samples are those with a workflow state; the public ones must carry none of the staff fields.
          for (const item of items.filter((i) => !('state' in i))) {
            assert.deepEqual(STAFF_ONLY_FIELDS.filter((f) => f in item), [], `${op}: ${JSON.stringify(item).slice(0, 200)}`);
          }
        }
      }
    });

    test('one representation: a fact has the same name and value in every view of the item', () => {
      const staff = json(samples.get('GET /api/v1/publications/{id}')![0]!);
      const pub = json(samples.get('GET /api/v1/publications/{id}')![1]!);
      const row = json(samples.get('GET /api/v1/publications')!.at(-1)!).items.find((i: { id: number }) => i.id === pub.id);
      const hit = json(samples.get('GET /api/v1/search')![0]!).items.find((i: { id: number }) => i.id === pub.id);
      assert.ok(row && hit, 'the published item is listed and found');
      for (const k of ['indexNumber', 'title', 'summary', 'agency', 'category', 'categoryLabel', 'topicLabel', 'genreLabel', 'documentNumber', 'validityLabel', 'publishedAt', 'publishedOn', 'url', 'issuers']) {
        assert.deepEqual(row[k], pub[k], `list and detail: ${k}`);
        assert.deepEqual(hit[k], pub[k], `search and detail: ${k}`);
      }
      // The staff detail was read before publication: the same names, the working copy's values.
      for (const k of ['title', 'summary', 'agency', 'category', 'categoryLabel', 'documentNumber', 'issuers']) assert.deepEqual(staff[k], pub[k], `staff and public: ${k}`);
      assert.equal(staff.categoryLabel, '国民经济和社会发展规划、专项规划、区域规划及相关政策');
      assert.equal(staff.publishedAt, null);
      assert.match(pub.publishedOn, /^\d{4}-\d{2}-\d{2}$/);
    });
  });
}
