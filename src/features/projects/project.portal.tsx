/** The public pages: an agency's key projects, a project's timeline, a year's work plan. */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import { pageContext } from '../../web/core.js';
import { agencyForRequest } from '../catalog/catalog.portal.js';
import { getSettings } from '../settings/settings.js';
import { sumInvestments } from './project.js';
import * as service from './project.service.js';
import * as plans from './work-plan.service.js';
import { PlanPage, ProjectListPage, ProjectPage } from './views/ProjectPortal.js';

export async function projectPortalRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const PORTAL = { access: 'public' as const, pageCache: true };

  app.get<{ Params: { agency: string } }>('/:agency/zdxm', { config: PORTAL }, async (req, reply) => {
    const agency = await agencyForRequest(db, req, reply, req.params.agency);
    if (!agency) return reply;
    const [settings, projects, planRows] = await Promise.all([getSettings(db), service.listProjects(db, [agency.id]), plans.listPlans(db, agency.id)]);
    const planYears = planRows.filter((p) => p.publishedAt).map((p) => p.year);
    return reply.page(ProjectListPage({ ctx: pageContext(req, reply), settings, agency, projects, total: sumInvestments(projects.map((p) => p.investment)), planYears }));
  });

  app.get<{ Params: { agency: string; id: string } }>('/:agency/zdxm/:id', { config: PORTAL }, async (req, reply) => {
    if (!/^\d{1,9}$/.test(req.params.id)) throw notFound('项目');
    const agency = await agencyForRequest(db, req, reply, req.params.agency);
    if (!agency) return reply;
    const v = await service.projectView(db, Number(req.params.id), config.publicUrl);
    if (v.project.agencyId !== agency.id) throw notFound('项目');
    return reply.page(ProjectPage({ ctx: pageContext(req, reply), settings: await getSettings(db), agency, v }));
  });

  app.get<{ Params: { agency: string; year: string } }>('/:agency/ndjh/:year', { config: PORTAL }, async (req, reply) => {
    if (!/^\d{4}$/.test(req.params.year)) throw notFound('年度工作计划');
    const agency = await agencyForRequest(db, req, reply, req.params.agency);
    if (!agency) return reply;
    const v = await plans.planView(db, agency.id, Number(req.params.year));
    if (!v || !v.plan.publishedAt) throw notFound('年度工作计划');
    return reply.page(PlanPage({ ctx: pageContext(req, reply), settings: await getSettings(db), agency, v }));
  });
}
