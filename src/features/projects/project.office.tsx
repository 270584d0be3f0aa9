/** The office's pages of key projects and yearly work plans: thin routes over the services. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { todayOf } from '../../db/runtime.js';
import { forbidden, notFound, validationError } from '../../errors.js';
import { pageContext, redirectWithFlash } from '../../web/core.js';
import { formFailure, formValues } from '../../web/forms.js';
import { filesOf, readMultipartBody } from '../../web/multipart.js';
import { can } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { getAgency, listAgenciesWithDepartments } from '../agencies/agency.service.js';
import * as service from './project.service.js';
import { projectSettingsOf } from './project.settings.js';
import * as plans from './work-plan.service.js';
import { PlanOfficePage, ProjectOfficePage, ProjectsIndexPage, type Failure } from './views/ProjectOffice.js';

const num = (raw: string, what: string) => {
  if (!/^\d{1,9}$/.test(raw)) throw notFound(what);
  return Number(raw);
};

/** Who may read an agency's projects in the office: its members and platform administrators. */
const mayRead = (actor: Actor, agencyId: number) => actor.platformAdmin || actor.memberships.some((m) => m.agencyId === agencyId);

export async function projectOfficeRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const files = { dataDir: config.dataDir, maxUploadBytes: config.maxUploadBytes };

  async function index(req: FastifyRequest, reply: FastifyReply, failure?: Failure, status = 200) {
    const actor = req.actor!;
    const agencies = await listAgenciesWithDepartments(db, actor.platformAdmin ? null : [...new Set(actor.memberships.map((m) => m.agencyId))]);
    const rows = await Promise.all(
      agencies.map(async (a) => ({
        id: a.id,
        name: a.name,
        slug: a.slug,
        projects: await service.listProjects(db, [a.id]),
        canManage: service.canManageProjects(actor, a.id),
        pattern: (await projectSettingsOf(db, a.id)).codePattern,
      })),
    );
    return reply.page(ProjectsIndexPage({ ctx: pageContext(req, reply), agencies: rows, year: Number(todayOf(db).slice(0, 4)), failure }), status);
  }

  app.get('/office/projects', { config: { access: 'office.access' } }, async (req, reply) => index(req, reply));

  app.post('/office/projects', { config: { access: 'project.manage' } }, async (req, reply) => {
    const values = formValues(req.body);
    try {
      // A missing or unknown agency is the form's fault (or nobody's), not a refusal.
      if (!/^\d{1,9}$/.test(values.agencyId ?? '')) throw validationError({ agencyId: '请选择机关' });
      await getAgency(db, Number(values.agencyId));
      const row = await service.createProject(db, req.actor!, Number(values.agencyId), values);
      return redirectWithFlash(reply, `/office/projects/${row.id}`, `已登记项目：${row.name}`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return index(req, reply, { form: 'create', errors: f.errors, message: f.message, values }, f.status);
    }
  });

  async function projectPage(req: FastifyRequest, reply: FastifyReply, id: number, failure?: Failure, status = 200) {
    const v = await service.projectView(db, id, config.publicUrl);
    if (!mayRead(req.actor!, v.project.agencyId)) throw forbidden('您没有查看该机关项目的权限');
    return reply.page(ProjectOfficePage({ ctx: pageContext(req, reply), v, canManage: service.canManageProjects(req.actor!, v.project.agencyId), today: todayOf(db), failure }), status);
  }

  app.get<{ Params: { id: string } }>('/office/projects/:id', { config: { access: 'office.access' } }, async (req, reply) => projectPage(req, reply, num(req.params.id, '项目')));

  /** A form post on a project's page: success goes back with a message, a fixable failure re-renders the form that failed. */
  const post = <P extends Record<string, string>>(
    path: string,
    form: string | ((params: P) => string),
    run: (actor: Actor, id: number, values: Record<string, string>, req: FastifyRequest<{ Params: P }>) => Promise<string>,
    opts: { multipart?: boolean } = {},
  ) =>
    app.post(`/office/projects/:id${path}`, { config: { access: 'project.manage' }, ...(opts.multipart ? { preValidation: readMultipartBody } : {}) }, async (req, reply) => {
      const params = req.params as P & { id: string };
      const id = num(params.id, '项目');
      const values = formValues(req.body);
      try {
        const flash = await run(req.actor!, id, values, req as unknown as FastifyRequest<{ Params: P }>);
        return redirectWithFlash(reply, `/office/projects/${id}`, flash);
      } catch (e) {
        const f = formFailure(e);
        if (!f) throw e;
        return projectPage(req, reply, id, { form: typeof form === 'string' ? form : form(params), errors: f.errors, message: f.message, values }, f.status);
      }
    });

  post('', 'project', async (actor, id, values) => {
    await service.updateProject(db, actor, id, values);
    return '项目登记信息已保存';
  });
  post('/stages', 'stage', async (actor, id, values) => {
    const s = await service.addStage(db, actor, id, values);
    return `已增加阶段：${s.name}`;
  });
  post(
    '/progress',
    'progress',
    async (actor, id, values, req) => {
      const photos = filesOf(req.body).filter((f) => f.fieldname === 'photos');
      const e = await service.addProgress(db, files, actor, id, values, photos.map((f) => ({ bytes: f.bytes, filename: f.filename })));
      return `已登记 ${e.entryDate} 的进展`;
    },
    { multipart: true },
  );
  post('/links', 'link', async (actor, id, values) => {
    await service.linkPublication(db, actor, id, values);
    return '已关联信息';
  });
  post<{ publicationId: string }>(
    '/links/:publicationId/approval',
    (params) => `approval-${params.publicationId}`,
    async (actor, _id, values, req) => {
      await service.saveApprovalElements(db, actor, num(req.params.publicationId, '信息'), values);
      return '批准结果要素已保存';
    },
  );
  post<{ publicationId: string }>('/links/:publicationId/delete', 'link', async (actor, id, _values, req) => {
    await service.unlinkPublication(db, actor, id, num(req.params.publicationId, '信息'));
    return '已取消关联';
  });

  // ------------------------------------------------------------ work plans

  async function planPage(req: FastifyRequest, reply: FastifyReply, agencyId: number, year: number, failure?: Failure, status = 200) {
    const agency = await getAgency(db, agencyId);
    if (!mayRead(req.actor!, agencyId)) throw forbidden('您没有查看该机关计划的权限');
    const v = await plans.planView(db, agencyId, year);
    return reply.page(
      PlanOfficePage({
        ctx: pageContext(req, reply),
        agency,
        year,
        v,
        canManage: service.canManageProjects(req.actor!, agencyId),
        canPublish: can(req.actor!, 'publication.publish', { agencyId }),
        today: todayOf(db),
        failure,
      }),
      status,
    );
  }

  app.get<{ Params: { agency: string; year: string } }>('/office/work-plans/:agency/:year', { config: { access: 'office.access' } }, async (req, reply) =>
    planPage(req, reply, num(req.params.agency, '机关'), num(req.params.year, '年度')),
  );

  const planPost = (path: string, form: string, run: (actor: Actor, agencyId: number, year: number, values: Record<string, string>) => Promise<string>) =>
    app.post<{ Params: { agency: string; year: string } }>(`/office/work-plans/:agency/:year${path}`, { config: { access: 'office.access' } }, async (req, reply) => {
      const agencyId = num(req.params.agency, '机关');
      const year = num(req.params.year, '年度');
      const values = formValues(req.body);
      await getAgency(db, agencyId);
      try {
        const flash = await run(req.actor!, agencyId, year, values);
        return redirectWithFlash(reply, `/office/work-plans/${agencyId}/${year}`, flash);
      } catch (e) {
        const f = formFailure(e);
        if (!f) throw e;
        return planPage(req, reply, agencyId, year, { form, errors: f.errors, message: f.message, values }, f.status);
      }
    });
  const planId = async (agencyId: number, year: number) => {
    const v = await plans.planView(db, agencyId, year);
    if (!v) throw notFound('年度工作计划');
    return v.plan.id;
  };
  planPost('', 'plan', async (actor, agencyId, year, values) => {
    await plans.savePlan(db, actor, agencyId, year, values);
    return '年度工作计划已保存';
  });
  planPost('/targets', 'target', async (actor, agencyId, year, values) => {
    await plans.addTarget(db, actor, await planId(agencyId, year), values);
    return '已增加目标';
  });
  planPost('/progress', 'progress', async (actor, agencyId, year, values) => {
    await plans.addPlanProgress(db, actor, await planId(agencyId, year), values);
    return '已登记进展';
  });
  planPost('/summary', 'summary', async (actor, agencyId, year, values) => {
    await plans.saveSummary(db, actor, await planId(agencyId, year), values);
    return '年度工作总结已保存';
  });
  planPost('/publish', 'publish', async (actor, agencyId, year) => {
    await plans.publishPlan(db, actor, await planId(agencyId, year));
    return '年度工作计划已公开';
  });
}
