import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { intField, parseInput } from '../../lib/validation.js';
import { pageContext, redirectWithFlash } from '../../web/core.js';
import { formFailure, formValues } from '../../web/forms.js';
import { authorize } from '../access/policy.js';
import { getAgency, listAgenciesWithDepartments } from '../agencies/agency.service.js';
import { agencyHealth } from './catalog.health.js';
import * as service from './catalog.service.js';
import { AgencyPicker, ColumnAdminPage, ColumnEditPage } from './views/ColumnAdmin.js';

const idParam = z.object({ id: intField('编号') });
const ACCESS = { access: 'catalog.manage' } as const;

export async function catalogOfficeRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get('/office/catalog', { config: ACCESS }, async (req, reply) => {
    const agencies = await listAgenciesWithDepartments(db, service.manageableAgencyIds(req.actor!));
    if (agencies.length === 1) return reply.redirect(`/office/catalog/${agencies[0]!.id}`, 303);
    return reply.page(AgencyPicker({ ctx: pageContext(req, reply), agencies }));
  });

  app.get('/office/catalog/:id', { config: ACCESS }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const agency = await getAgency(db, id);
    authorize(req.actor, 'catalog.manage', { agencyId: id });
    return reply.page(ColumnAdminPage({ ctx: pageContext(req, reply), agency, health: await agencyHealth(db, agency) }));
  });

  async function editPage(req: FastifyRequest, reply: FastifyReply, id: number, extra: Partial<Parameters<typeof ColumnEditPage>[0]> = {}, status = 200) {
    const { column, redirects } = await service.getColumnForOffice(db, req.actor!, id);
    const agency = await getAgency(db, column.agencyId);
    return reply.page(ColumnEditPage({ ctx: pageContext(req, reply), agency, column, redirects, ...extra }), status);
  }

  app.get('/office/catalog/columns/:id', { config: ACCESS }, async (req, reply) => editPage(req, reply, parseInput(idParam, req.params).id));

  app.post('/office/catalog/columns/:id', { config: ACCESS }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    try {
      const c = await service.updateColumn(db, req.actor!, id, formValues(req.body));
      return redirectWithFlash(reply, `/office/catalog/columns/${id}`, `已保存栏目“${c.name}”`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return editPage(req, reply, id, { values: formValues(req.body), errors: f.errors, message: f.message }, f.status);
    }
  });

  app.post('/office/catalog/columns/:id/hide', { config: ACCESS }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    try {
      const c = await service.hideColumn(db, req.actor!, id, formValues(req.body));
      return redirectWithFlash(reply, `/office/catalog/${c.agencyId}`, `已隐藏栏目“${c.name}”`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return editPage(req, reply, id, { hideErrors: f.errors, hideMessage: f.message }, f.status);
    }
  });

  app.post('/office/catalog/columns/:id/show', { config: ACCESS }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    try {
      const c = await service.showColumn(db, req.actor!, id, formValues(req.body));
      return redirectWithFlash(reply, `/office/catalog/${c.agencyId}`, `已恢复显示栏目“${c.name}”`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return editPage(req, reply, id, { hideErrors: f.errors, hideMessage: f.message }, f.status);
    }
  });

  app.post('/office/catalog/columns/:id/move', { config: ACCESS }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    try {
      const c = await service.moveColumn(db, req.actor!, id, formValues(req.body));
      return redirectWithFlash(reply, `/office/catalog/${c.agencyId}`, `已调整栏目“${c.name}”的顺序`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return editPage(req, reply, id, { message: f.message, errors: f.errors }, f.status);
    }
  });
}
