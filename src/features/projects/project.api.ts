/**
 * The JSON API of key projects and yearly work plans: the public reads without an
 * account (the registry, a project with its timeline and grouped items, a stage's
 * bulletin-notice content, a published plan), the office's changes with a token.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../errors.js';
import { intField, parseInput } from '../../lib/validation.js';
import { filesOf, readMultipartBody } from '../../web/multipart.js';
import { getAgencyBySlug } from '../agencies/agency.service.js';
import { PROJECT_LIFECYCLE_ORDER } from './project.lifecycle.js';
import type { Actor } from '../access/roles.js';
import { sendAttachment } from '../publications/publication.api.js';
import { PROJECT_STATUSES, sumInvestments } from './project.js';
import * as service from './project.service.js';
import * as plans from './work-plan.service.js';

const idParam = z.object({ id: intField('项目编号') });
const stageParam = idParam.extend({ stageId: intField('阶段编号') });
const linkParam = idParam.extend({ publicationId: intField('信息编号') });
const planParam = z.object({ agency: z.string().max(64), year: z.string().regex(/^\d{4}$/, '年度应为四位数字').transform(Number) });

const projectRowShape = z.object({
  id: z.number().int(),
  agencyId: z.number().int(),
  name: z.string(),
  code: z.string().describe('项目统一代码'),
  owner: z.string().describe('项目单位'),
  investment: z.string().describe('总投资（万元），十进制文本，精确'),
  location: z.string(),
  plannedStart: z.string(),
  plannedEnd: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  percent: z.number().int().nullable().describe('最新进展的完成百分比'),
  lastEntryDate: z.string().nullable(),
  url: z.string(),
});
const listShape = z.object({ items: z.array(projectRowShape), totalInvestment: z.string().describe('合计总投资（万元）') });

const stageShape = z.object({
  id: z.number().int(),
  name: z.string(),
  plannedStart: z.string().nullable(),
  plannedEnd: z.string().nullable(),
  actualStart: z.string().nullable(),
  actualEnd: z.string().nullable(),
  description: z.string(),
});
const entryShape = z.object({
  id: z.number().int(),
  stageId: z.number().int().nullable(),
  date: z.string(),
  percent: z.number().int(),
  body: z.string(),
  photos: z.array(z.object({ id: z.number().int(), name: z.string(), url: z.string(), mimeType: z.string(), size: z.number().int() })),
});
const approvalShape = z
  .object({
    kind: z.enum(['approval', 'filing']),
    approvalResult: z.string(),
    decidedOn: z.string().nullable(),
    documentNumber: z.string(),
    decidingUnit: z.string(),
    projectName: z.string(),
    projectCode: z.string(),
  })
  .nullable();
const itemShape = z.object({
  publicationId: z.number().int(),
  title: z.string(),
  lifecycle: z.string(),
  published: z.boolean(),
  url: z.string().nullable(),
  approval: approvalShape,
});
const projectShape = projectRowShape.extend({
  summary: z.string(),
  agency: z.object({ id: z.number().int(), slug: z.string(), name: z.string() }),
  stages: z.array(stageShape),
  progress: z.array(entryShape),
  groups: z.array(z.object({ key: z.string(), label: z.string(), items: z.array(itemShape) })).describe('八类信息，按项目生命周期排序'),
  items: z.array(itemShape).optional().describe('全部关联信息（含未发布），仅工作人员可见'),
});
const noticeShape = z.object({
  title: z.string(),
  sections: z.array(z.object({ heading: z.string(), text: z.string() })),
  pageUrl: z.string(),
  agencyId: z.number().int(),
});
const planShape = z.object({
  id: z.number().int(),
  agencyId: z.number().int(),
  year: z.number().int(),
  title: z.string(),
  intro: z.string(),
  summary: z.string(),
  summaryOn: z.string().nullable(),
  publishedAt: z.string().nullable(),
  targets: z.array(z.object({ id: z.number().int(), text: z.string(), responsible: z.string() })),
  progress: z.array(z.object({ id: z.number().int(), targetId: z.number().int().nullable(), date: z.string(), body: z.string() })),
});

const projectBody = z.object({
  agencyId: z.number().int().optional(),
  name: z.string(),
  code: z.string(),
  owner: z.string(),
  investment: z.string().describe('万元，最多 4 位小数'),
  location: z.string().optional(),
  plannedStart: z.string(),
  plannedEnd: z.string(),
  status: z.string(),
  summary: z.string().optional(),
  version: z.number().int().optional(),
});

const approvalOf = (l: { lifecycle: string; approvalKind: string; approvalResult: string; decidedOn: string | null; documentNumber: string; decidingUnit: string; projectName: string; projectCode: string }) =>
  l.lifecycle === 'approval_result' && (l.approvalKind === 'approval' || l.approvalKind === 'filing')
    ? { kind: l.approvalKind, approvalResult: l.approvalResult, decidedOn: l.decidedOn, documentNumber: l.documentNumber, decidingUnit: l.decidingUnit, projectName: l.projectName, projectCode: l.projectCode }
    : null;

const rowJson = (p: { id: number; agencyId: number; name: string; code: string; owner: string; investment: string; location: string; plannedStart: string; plannedEnd: string; status: string }, slug: string, percent: number | null, lastEntryDate: string | null) => ({
  id: p.id,
  agencyId: p.agencyId,
  name: p.name,
  code: p.code,
  owner: p.owner,
  investment: p.investment,
  location: p.location,
  plannedStart: p.plannedStart,
  plannedEnd: p.plannedEnd,
  status: p.status,
  statusLabel: statusLabel(p.status),
  percent,
  lastEntryDate,
  url: `/${slug}/zdxm/${p.id}`,
});

const statusLabel = (s: string) => PROJECT_STATUSES[s as keyof typeof PROJECT_STATUSES]?.label ?? s;

/** A project as the API shows it; `staff` adds the unpublished links. */
export function projectJson(v: service.ProjectView, staff: boolean) {
  const item = (i: service.ProjectView['items'][number]) => ({ publicationId: i.publicationId, title: i.title, lifecycle: i.lifecycle, published: i.published, url: i.url, approval: approvalOf(i) });
  return {
    ...rowJson(v.project, v.agency.slug, v.percent, v.entries[0]?.entryDate ?? null),
    summary: v.project.summary,
    agency: v.agency,
    stages: v.stages.map((s) => ({ id: s.id, name: s.name, plannedStart: s.plannedStart, plannedEnd: s.plannedEnd, actualStart: s.actualStart, actualEnd: s.actualEnd, description: s.description })),
    progress: v.entries.map((e) => ({ id: e.id, stageId: e.stageId, date: e.entryDate, percent: e.percent, body: e.body, photos: e.photos })),
    groups: v.groups.map((g) => ({ key: g.key, label: g.label, items: g.items.map(item) })),
    ...(staff ? { items: v.items.map(item) } : {}),
  };
}

function planJson(v: plans.PlanView) {
  const p = v.plan;
  return {
    id: p.id,
    agencyId: p.agencyId,
    year: p.year,
    title: p.title,
    intro: p.intro,
    summary: p.summary,
    summaryOn: p.summaryOn,
    publishedAt: p.publishedAt,
    targets: v.targets.map((t) => ({ id: t.id, text: t.text, responsible: t.responsible })),
    progress: v.entries.map((e) => ({ id: e.id, targetId: e.targetId, date: e.entryDate, body: e.body })),
  };
}

export async function projectApiRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const files = { dataDir: config.dataDir, maxUploadBytes: config.maxUploadBytes };
  const TAG = ['重点项目'];

  async function agencyBySlug(slug: string) {
    const a = await getAgencyBySlug(db, slug);
    if (!a) throw notFound('机关');
    return a;
  }
  const view = async (id: number, staff: boolean) => projectJson(await service.projectView(db, id, config.publicUrl), staff);

  app.get(
    '/api/v1/projects',
    { config: { access: 'public', doc: { summary: '某机关的重点项目名录（含最新完成进度和合计总投资）', tags: TAG, query: z.object({ agency: z.string().describe('机关标识，如 fgj') }), response: listShape } } },
    async (req) => {
      const { agency } = parseInput(z.object({ agency: z.string({ message: '请指定机关' }).max(64) }), req.query);
      const a = await agencyBySlug(agency);
      const rows = await service.listProjects(db, [a.id]);
      return { items: rows.map((p) => rowJson(p, a.slug, p.percent, p.lastEntryDate)), totalInvestment: sumInvestments(rows.map((r) => r.investment)) };
    },
  );

  app.get('/api/v1/projects/:id', { config: { access: 'public', doc: { summary: '一个重点项目：登记信息、建设阶段、进展（含照片）和按八类归集的已发布信息', tags: TAG, response: projectShape } } }, async (req) => {
    const { id } = parseInput(idParam, req.params);
    return view(id, false);
  });

  app.get(
    '/api/v1/projects/:id/stages/:stageId/notice',
    { config: { access: 'public', doc: { summary: '某建设阶段的公示栏公告内容（标题、分节文字、项目页面网址），供打印', tags: TAG, response: noticeShape } } },
    async (req) => {
      const { id, stageId } = parseInput(stageParam, req.params);
      return service.stageNotice(db, id, stageId, config.publicUrl);
    },
  );

  app.post(
    '/api/v1/projects',
    { config: { access: 'project.manage', doc: { summary: '登记重点项目（项目统一代码按本机关或平台设置的格式校验）', tags: TAG, status: 201, body: projectBody, response: projectShape } } },
    async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const { agencyId } = parseInput(z.object({ agencyId: intField('机关') }), body);
      const row = await service.createProject(db, req.actor!, agencyId, body);
      return reply.code(201).send(await view(row.id, true));
    },
  );

  app.patch('/api/v1/projects/:id', { config: { access: 'project.manage', doc: { summary: '修改重点项目登记信息（带 version 防止覆盖他人修改）', tags: TAG, body: projectBody, response: projectShape } } }, async (req) => {
    const { id } = parseInput(idParam, req.params);
    await service.updateProject(db, req.actor!, id, req.body);
    return view(id, true);
  });

  app.post(
    '/api/v1/projects/:id/stages',
    { config: { access: 'project.manage', doc: { summary: '增加建设阶段（计划和实际起止日期）', tags: TAG, status: 201, body: stageShape.omit({ id: true }).partial({ plannedStart: true, plannedEnd: true, actualStart: true, actualEnd: true, description: true }), response: projectShape } } },
    async (req, reply) => {
      const { id } = parseInput(idParam, req.params);
      await service.addStage(db, req.actor!, id, req.body);
      return reply.code(201).send(await view(id, true));
    },
  );

  app.patch(
    '/api/v1/projects/:id/stages/:stageId',
    { config: { access: 'project.manage', doc: { summary: '修改建设阶段', tags: TAG, body: stageShape.omit({ id: true }).partial({ plannedStart: true, plannedEnd: true, actualStart: true, actualEnd: true, description: true }), response: projectShape } } },
    async (req) => {
      const { id, stageId } = parseInput(stageParam, req.params);
      await service.updateStage(db, req.actor!, id, stageId, req.body);
      return view(id, true);
    },
  );

  app.post(
    '/api/v1/projects/:id/progress',
    {
      preValidation: readMultipartBody,
      config: {
        access: 'project.manage',
        doc: {
          summary: '登记项目进展：日期（不晚于今天）、完成进度 0—100、阶段、说明；照片以 multipart/form-data 的 photos 字段上传（PNG、JPEG、GIF、WebP）',
          tags: TAG,
          status: 201,
          body: z.object({ date: z.string(), percent: z.number().int(), stageId: z.number().int().optional(), body: z.string() }),
          response: projectShape,
        },
      },
    },
    async (req, reply) => {
      const { id } = parseInput(idParam, req.params);
      const photos = filesOf(req.body).filter((f) => f.fieldname === 'photos' || f.fieldname === 'photo');
      await service.addProgress(db, files, req.actor!, id, req.body, photos.map((f) => ({ bytes: f.bytes, filename: f.filename })));
      return reply.code(201).send(await view(id, true));
    },
  );

  app.post(
    '/api/v1/projects/:id/links',
    {
      config: {
        access: 'project.manage',
        doc: {
          summary: '把本机关的一条信息关联到项目，并归入八类之一（批准结果信息另选审批（核准）结果或备案）',
          tags: TAG,
          status: 201,
          body: z.object({ publicationId: z.number().int(), lifecycle: z.enum(PROJECT_LIFECYCLE_ORDER as [string, ...string[]]), approvalKind: z.enum(['approval', 'filing']).optional() }),
          response: projectShape,
        },
      },
    },
    async (req, reply) => {
      const { id } = parseInput(idParam, req.params);
      await service.linkPublication(db, req.actor!, id, req.body);
      return reply.code(201).send(await view(id, true));
    },
  );

  app.put(
    '/api/v1/projects/:id/links/:publicationId/approval',
    {
      config: {
        access: 'project.manage',
        doc: {
          summary: '填写批准结果信息的要素：审批结果、批复时间、批复文号、批复单位（备案为备案号、备案时间、备案单位）、项目名称、项目统一代码；要素不全的信息不能提交或发布',
          tags: TAG,
          body: approvalShape.unwrap().extend({ approvalKind: z.enum(['approval', 'filing']) }).omit({ kind: true }).partial({ approvalResult: true, decidedOn: true, documentNumber: true, decidingUnit: true, projectName: true, projectCode: true }),
          response: projectShape,
        },
      },
    },
    async (req) => {
      const { id, publicationId } = parseInput(linkParam, req.params);
      const link = await service.publicationProjectInfo(db, publicationId);
      if (!link || link.project.id !== id) throw notFound('项目关联');
      await service.saveApprovalElements(db, req.actor!, publicationId, req.body);
      return view(id, true);
    },
  );

  app.delete('/api/v1/projects/:id/links/:publicationId', { config: { access: 'project.manage', doc: { summary: '取消信息与项目的关联', tags: TAG, status: 204 } } }, async (req, reply) => {
    const { id, publicationId } = parseInput(linkParam, req.params);
    await service.unlinkPublication(db, req.actor!, id, publicationId);
    return reply.code(204).send();
  });

  // ---------------------------------------------------------------- work plans

  async function planOf(agencySlug: string, year: number) {
    const a = await agencyBySlug(agencySlug);
    const v = await plans.planView(db, a.id, year);
    if (!v) throw notFound('年度工作计划');
    return { agency: a, v };
  }

  app.get('/api/v1/work-plans/:agency/:year', { config: { access: 'public', doc: { summary: '机关某年度已公开的工作目标和计划：目标、进展和年度总结', tags: TAG, response: planShape } } }, async (req) => {
    const { agency, year } = parseInput(planParam, req.params);
    const { v } = await planOf(agency, year);
    if (!v.plan.publishedAt) throw notFound('年度工作计划');
    return planJson(v);
  });

  app.put(
    '/api/v1/work-plans/:agency/:year',
    { config: { access: 'project.manage', doc: { summary: '新建或修改机关某年度的工作目标和计划（标题、说明）', tags: TAG, body: z.object({ title: z.string(), intro: z.string().optional(), version: z.number().int().optional() }), response: planShape } } },
    async (req) => {
      const { agency, year } = parseInput(planParam, req.params);
      const a = await agencyBySlug(agency);
      await plans.savePlan(db, req.actor!, a.id, year, req.body);
      return planJson((await plans.planView(db, a.id, year))!);
    },
  );

  const planAction = (path: string, summary: string, body: z.ZodType | undefined, status: number, run: (planId: number, raw: unknown, actor: Actor) => Promise<unknown>) =>
    app.post(`/api/v1/work-plans/:agency/:year/${path}`, { config: { access: 'project.manage', doc: { summary, tags: TAG, status, ...(body ? { body } : {}), response: planShape } } }, async (req, reply) => {
      const { agency, year } = parseInput(planParam, req.params);
      const { agency: a } = await planOf(agency, year);
      const plan = (await plans.planView(db, a.id, year))!.plan;
      await run(plan.id, req.body, req.actor!);
      return reply.code(status).send(planJson((await plans.planView(db, a.id, year))!));
    });

  planAction('targets', '增加一项年度工作目标', z.object({ text: z.string(), responsible: z.string().optional() }), 201, (id, raw, actor) => plans.addTarget(db, actor, id, raw));
  planAction('progress', '登记年度计划进展（日期不晚于今天，且在计划年度内）', z.object({ date: z.string(), targetId: z.number().int().optional(), body: z.string() }), 201, (id, raw, actor) => plans.addPlanProgress(db, actor, id, raw));
  planAction('summary', '填写年度工作总结（计划年度 12 月 1 日起）', z.object({ summary: z.string() }), 200, (id, raw, actor) => plans.saveSummary(db, actor, id, raw));
  planAction('publish', '公开年度工作计划（须有发布信息的权限，至少一项目标）', undefined, 200, (id, _raw, actor) => plans.publishPlan(db, actor, id));

  // Public photo of a progress entry: every project's page is public.
  app.get('/projects/photos/:id', { config: { access: 'public' } }, async (req, reply) => {
    const { id } = parseInput(z.object({ id: intField('照片编号') }), req.params);
    const ph = await service.photoForPublic(db, id);
    if (req.headers['if-none-match'] === `"${ph.sha256}"`) return reply.code(304).send();
    return sendAttachment(reply, config.dataDir, { sha256: ph.sha256, mimeType: ph.mimeType, size: ph.size, name: ph.name }, 'public, max-age=300');
  });

}
