/**
 * Key projects and work plans on both engines: the registry's bad input leaves
 * nothing behind, progress dated ahead or over 100% is refused, photos must be
 * images, a linked 批准结果 item cannot be submitted without its elements, the
 * alarms follow the clock, and the public pages and API need no account.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, json, uploadFile, type TestApp } from '../../../test/helpers.js';
import { minimalPdf, minimalPng } from '../../demo/files.demo.js';
import type { Db } from '../../db/database.js';
import { withClock } from '../../db/runtime.js';
import { isAppError } from '../../errors.js';
import { chinaInstant, fixedClock } from '../../lib/clock.js';
import { actorForUsername } from '../accounts/account.service.js';
import type { Actor } from '../access/roles.js';
import { createDraft, transition, getPublication } from '../publications/publication.service.js';
import { projectAlarms } from './project.dashboard.js';
import * as service from './project.service.js';
import * as plans from './work-plan.service.js';

const on = (t: TestApp, date: string): Db => withClock(t.db, fixedClock(chinaInstant(date as never, '10:00')));
const files = (t: TestApp) => ({ dataDir: t.config.dataDir, maxUploadBytes: t.config.maxUploadBytes });
const PROJECT = {
  name: '示例市滨江路综合改造工程',
  code: '2026-330102-48-01-000123',
  owner: '示例市城市建设投资有限公司',
  investment: '12500.50',
  location: '示例市滨江路',
  plannedStart: '2026-01-15',
  plannedEnd: '2027-06-30',
  status: 'under_construction',
};

async function rejects(p: Promise<unknown>, code: string, field?: string) {
  try {
    await p;
  } catch (e) {
    assert.ok(isAppError(e), String(e));
    assert.equal(e.code, code, e.message);
    if (field) assert.ok(e.fields?.[field], `expected a message for ${field}: ${JSON.stringify(e.fields)}`);
    return e;
  }
  assert.fail(`expected ${code}`);
}

for (const engine of ENGINES) {
  describe(`key projects (${engine})`, () => {
    let t: TestApp;
    let reviewer: Actor;
    let editor: Actor;
    let agencyId: number;
    before(async () => {
      t = await createTestApp(engine, { demo: true, demoPublications: false });
      reviewer = (await actorForUsername(t.db, 'demo-reviewer', 'cli'))!;
      editor = (await actorForUsername(t.db, 'demo-editor', 'cli'))!;
      agencyId = (await t.db.selectFrom('agencies').select('id').where('slug', '=', 'fgj').executeTakeFirstOrThrow()).id;
    });
    after(async () => t?.close());

    test('a code failing its pattern is refused naming the form, and nothing is written', async () => {
      const db = on(t, '2026-06-15');
      const e = await rejects(service.createProject(db, reviewer, agencyId, { ...PROJECT, code: '2026-33010-48-01-000123' }), 'VALIDATION_FAILED', 'code');
      assert.match(e.fields!.code!, /YYYY-XXXXXX-XX-XX-XXXXXX/);
      await rejects(service.createProject(db, reviewer, agencyId, { ...PROJECT, investment: '12.345678' }), 'VALIDATION_FAILED', 'investment');
      assert.equal((await t.db.selectFrom('projects').select('id').execute()).length, 0);
      await rejects(service.createProject(db, editor, agencyId, PROJECT), 'FORBIDDEN');
    });

    test('an agency may set its own code pattern', async () => {
      const admin = (await actorForUsername(t.db, 'demo-admin', 'cli'))!;
      const other = (await t.db.selectFrom('agencies').select('id').where('slug', '!=', 'fgj').executeTakeFirstOrThrow()).id;
      await service.saveAgencyProjectSettings(t.db, admin, other, { codePattern: 'XX-YYYY-YYYY', staleDays: '30', planDue: '' });
      const db = on(t, '2026-06-15');
      await rejects(service.createProject(db, admin, other, { ...PROJECT }), 'VALIDATION_FAILED', 'code');
      const p = await service.createProject(db, admin, other, { ...PROJECT, code: 'zj-2026-0001' });
      assert.equal(p.code, 'ZJ-2026-0001');
      await rejects(service.saveAgencyProjectSettings(t.db, admin, other, { codePattern: 'abc?' }), 'VALIDATION_FAILED', 'codePattern');
    });

    test('progress: dated after today refused, over 100% refused, photos must be images, a good entry lands with its photos', async () => {
      const db = on(t, '2026-06-15');
      const p = await service.createProject(db, reviewer, agencyId, PROJECT);
      assert.equal(p.investment, '12500.5');
      const stage = await service.addStage(db, reviewer, p.id, { name: '主体施工', plannedStart: '2026-03-01', plannedEnd: '2026-12-31', actualStart: '2026-03-10' });
      await rejects(service.addStage(db, reviewer, p.id, { name: '竣工验收', actualStart: '2026-07-01' }), 'VALIDATION_FAILED', 'actualStart');
      await rejects(service.addProgress(db, files(t), reviewer, p.id, { date: '2026-06-16', percent: 30, body: '明天的进展' }), 'VALIDATION_FAILED', 'date');
      await rejects(service.addProgress(db, files(t), reviewer, p.id, { date: '2026-06-15', percent: 101, body: '超额' }), 'VALIDATION_FAILED', 'percent');
      await rejects(
        service.addProgress(db, files(t), reviewer, p.id, { date: '2026-06-15', percent: 30, body: '附 PDF' }, [{ bytes: minimalPdf(['x']), filename: '照片.pdf' }]),
        'UNSUPPORTED_MEDIA_TYPE',
        'photos',
      );
      assert.equal((await t.db.selectFrom('projectProgress').select('id').where('projectId', '=', p.id).execute()).length, 0, 'nothing half-written');
      const e = await service.addProgress(db, files(t), reviewer, p.id, { date: '2026-06-15', percent: 35, stageId: String(stage.id), body: '管网铺设过半' }, [{ bytes: minimalPng(), filename: '现场.png' }]);
      const v = await service.projectView(t.db, p.id);
      assert.equal(v.percent, 35);
      assert.equal(v.entries[0]!.id, e.id);
      assert.equal(v.entries[0]!.photos.length, 1);
      const audit = await t.db.selectFrom('auditEvents').select('action').where('entityType', '=', 'project').where('entityId', '=', String(p.id)).execute();
      assert.deepEqual(audit.map((a) => a.action).sort(), ['project.create', 'project.progress.add', 'project.stage.add']);
      const photo = await t.anonymous().get(v.entries[0]!.photos[0]!.url);
      assert.equal(photo.statusCode, 200);
      assert.equal(photo.headers['content-type'], 'image/png');
    });

    test('a linked 批准结果 item cannot be submitted until its elements are complete', async () => {
      const db = on(t, '2026-06-15');
      const p = (await service.listProjects(t.db, [agencyId]))[0]!;
      const draft = await createDraft(db, editor, {
        agencyId,
        title: '关于示例市滨江路综合改造工程可行性研究报告的批复',
        summary: '批复滨江路综合改造工程可行性研究报告。',
        body: '<p>同意该项目可行性研究报告。</p>',
        documentNumber: '示发改投资〔2026〕12号',
        writtenDate: '2026-06-10',
        formedDate: '2026-06-10',
        category: 'art20_03',
        topic: 'economy',
        genre: 'notice',
        keywords: ['滨江路', '可研批复'],
      });
      await service.linkPublication(db, reviewer, p.id, { publicationId: draft.id, lifecycle: 'approval_result', approvalKind: 'approval' });
      const refused = await rejects(transition(db, editor, draft.id, { action: 'submit', version: draft.version }), 'PROJECT_APPROVAL_INCOMPLETE');
      assert.match(refused.message, /批复文号/);
      assert.equal((await getPublication(t.db, editor, draft.id)).state, 'draft', 'the refused submission rolled back');
      // Project name and code came from the project; a bad code is refused when typed.
      await rejects(service.saveApprovalElements(db, reviewer, draft.id, { approvalKind: 'approval', projectCode: '12345' }), 'VALIDATION_FAILED', 'projectCode');
      await rejects(service.saveApprovalElements(db, reviewer, draft.id, { approvalKind: 'approval', decidedOn: '2026-06-20' }), 'VALIDATION_FAILED', 'decidedOn');
      await service.saveApprovalElements(db, reviewer, draft.id, {
        approvalKind: 'approval',
        approvalResult: '同意',
        decidedOn: '2026-06-10',
        documentNumber: '示发改投资〔2026〕12号',
        decidingUnit: '示例市发展和改革局',
        projectName: PROJECT.name,
        projectCode: PROJECT.code,
      });
      const submitted = await transition(db, editor, draft.id, { action: 'submit', version: draft.version });
      assert.equal(submitted.state, 'submitted');
      await rejects(service.saveApprovalElements(db, reviewer, draft.id, { approvalKind: 'approval' }), 'INVALID_TRANSITION');
      // A filing needs its own elements.
      const filing = await createDraft(db, editor, { agencyId, title: '企业投资项目备案信息', category: 'art20_03', summary: '备案', body: '<p>备案</p>', topic: 'economy', genre: 'notice', keywords: ['备案'], writtenDate: '2026-06-10', formedDate: '2026-06-10' });
      await service.linkPublication(db, reviewer, p.id, { publicationId: filing.id, lifecycle: 'approval_result', approvalKind: 'filing' });
      const f = await rejects(transition(db, editor, filing.id, { action: 'submit', version: filing.version }), 'PROJECT_APPROVAL_INCOMPLETE');
      assert.ok(f.fields?.documentNumber?.includes('备案号'));
      // Other categories carry no elements.
      const tender = await createDraft(db, editor, { agencyId, title: '滨江路工程中标结果公示', category: 'art20_03', summary: '中标', body: '<p>中标</p>', topic: 'economy', genre: 'notice', keywords: ['中标'], writtenDate: '2026-06-10', formedDate: '2026-06-10' });
      await service.linkPublication(db, reviewer, p.id, { publicationId: tender.id, lifecycle: 'tendering' });
      assert.equal((await transition(db, editor, tender.id, { action: 'submit', version: tender.version })).state, 'submitted');
    });

    test('the alarm fires when no progress entry has appeared for the interval', async () => {
      const p = (await service.listProjects(t.db, [agencyId]))[0]!;
      const of = async (date: string) => (await projectAlarms(on(t, date), [agencyId]))[0]!;
      assert.equal((await of('2026-09-12')).stale.length, 0, '89 days after 2026-06-15');
      const late = await of('2026-09-13');
      assert.deepEqual(late.stale.map((s) => s.project.id), [p.id]);
      assert.equal(late.stale[0]!.s.days, 90);
      await service.addProgress(on(t, '2026-09-13'), files(t), reviewer, p.id, { date: '2026-09-13', percent: 60, body: '主体完工' });
      assert.equal((await of('2026-09-13')).stale.length, 0);
    });

    test('public pages and reads need no account; changes need a token; items group by the eight categories', async () => {
      const anon = t.anonymous();
      const p = (await service.listProjects(t.db, [agencyId]))[0]!;
      const list = await anon.get('/fgj/zdxm');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /示例市滨江路综合改造工程/);
      const page = await anon.get(`/fgj/zdxm/${p.id}`);
      assert.equal(page.statusCode, 200);
      const order = ['批准服务信息', '批准结果信息', '招标投标信息', '征收土地信息', '重大设计变更信息', '施工有关信息', '质量安全监督信息', '竣工有关信息'].map((l) => page.body.indexOf(`>${l}</h3>`));
      assert.ok(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1]!)), `categories in lifecycle order: ${order}`);
      assert.ok((page.body.match(/暂无<\/p>/g) ?? []).length >= 7, 'empty categories say 暂无');
      assert.match(page.body, /主体完工/);
      const api = json(await anon.get(`/api/v1/projects/${p.id}`));
      assert.equal(api.groups.length, 8);
      assert.equal(api.items, undefined, 'the public sees no unpublished links');
      assert.equal(json(await anon.get('/api/v1/projects?agency=fgj')).totalInvestment, '12500.5');
      const denied = await anon.api('POST', `/api/v1/projects/${p.id}/progress`, { date: '2026-01-01', percent: 1, body: 'x' });
      assert.equal(denied.statusCode, 401);
      const staff = await t.login('demo-reviewer');
      const upload = await uploadFile(t, staff, `/api/v1/projects/${p.id}/progress`, '现场.txt', Buffer.from('not an image'));
      assert.ok([400, 415].includes(upload.statusCode), upload.body);
      const notice = json(await anon.get(`/api/v1/projects/${p.id}/stages/${api.stages[0].id}/notice`));
      assert.equal(notice.pageUrl, `http://gk.test/fgj/zdxm/${p.id}`);
    });
  });

  describe(`work plans (${engine})`, () => {
    let t: TestApp;
    let reviewer: Actor;
    let agencyId: number;
    before(async () => {
      t = await createTestApp(engine, { demo: true, demoPublications: false });
      reviewer = (await actorForUsername(t.db, 'demo-reviewer', 'cli'))!;
      agencyId = (await t.db.selectFrom('agencies').select('id').where('slug', '=', 'fgj').executeTakeFirstOrThrow()).id;
    });
    after(async () => t?.close());

    test('one plan per year; targets, progress within the year and not ahead; a summary from 1 December; publication needs a target', async () => {
      const db = on(t, '2026-02-10');
      const plan = await plans.savePlan(db, reviewer, agencyId, 2026, { title: '示例市发展和改革局2026年工作要点' });
      const again = await plans.savePlan(db, reviewer, agencyId, 2026, { title: '示例市发展和改革局2026年工作要点（修订）', version: plan.version });
      assert.equal(again.id, plan.id, 'one plan per agency and year');
      await rejects(plans.publishPlan(db, reviewer, plan.id), 'VALIDATION_FAILED', 'targets');
      await plans.addTarget(db, reviewer, plan.id, { text: '全年完成固定资产投资增长 6%', responsible: '投资科' });
      await rejects(plans.addPlanProgress(db, reviewer, plan.id, { date: '2026-02-11', body: '明天' }), 'VALIDATION_FAILED', 'date');
      await rejects(plans.addPlanProgress(db, reviewer, plan.id, { date: '2025-12-30', body: '去年' }), 'VALIDATION_FAILED', 'date');
      await plans.addPlanProgress(db, reviewer, plan.id, { date: '2026-02-10', body: '一季度重点项目集中开工' });
      await rejects(plans.saveSummary(db, reviewer, plan.id, { summary: '太早' }), 'VALIDATION_FAILED', 'summary');
      assert.equal((await t.anonymous().get('/fgj/ndjh/2026')).statusCode, 404, 'unpublished plans are not public');
    });

    test('the plan alarm: reminded in March, overdue from 1 April, quiet once published', async () => {
      const state = async (date: string) => (await projectAlarms(on(t, date), [agencyId]))[0]!.plan.state;
      assert.equal(await state('2026-02-10'), 'ok');
      assert.equal(await state('2026-03-15'), 'upcoming');
      assert.equal(await state('2026-04-01'), 'overdue');
      const plan = (await plans.planView(t.db, agencyId, 2026))!.plan;
      await plans.publishPlan(on(t, '2026-04-02'), reviewer, plan.id);
      assert.equal(await state('2026-04-02'), 'ok');
      const page = await t.anonymous().get('/fgj/ndjh/2026');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /全年完成固定资产投资增长 6%/);
      await plans.saveSummary(on(t, '2026-12-01'), reviewer, plan.id, { summary: '全年目标全部完成。' });
      assert.equal(json(await t.anonymous().get('/api/v1/work-plans/fgj/2026')).summaryOn, '2026-12-01');
    });
  });
}
