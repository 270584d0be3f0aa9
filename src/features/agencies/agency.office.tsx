import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isAppError } from '../../errors.js';
import { authorize } from '../access/policy.js';
import { parseInput, intField } from '../../lib/validation.js';
import { pageContext, redirectWithFlash } from '../../web/core.js';
import { formFailure, formValues } from '../../web/forms.js';
import { GUIDE_KEYS, type GuideFields } from './agency.js';
import * as service from './agency.service.js';
import { AgencyForm, AgencyList, DepartmentsPage, GuideForm } from './views/AgencyOfficeViews.js';

const idParam = z.object({ id: intField('编号') });

function agencyValues(a: service.AgencyWithDepartments) {
  return {
    name: a.name, shortName: a.shortName, slug: a.slug, code: a.code, level: a.level, budgetUnit: String(a.budgetUnit), siteIdCode: a.siteIdCode ?? '',
    address: a.address, postcode: a.postcode, officeHours: a.officeHours, phone: a.phone, fax: a.fax, email: a.email,
    website: a.website, supervisionPhone: a.supervisionPhone, functions: a.functions, headName: a.headName,
    sortOrder: a.sortOrder, version: a.version,
  };
}

export async function agencyOfficeRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get('/office/agencies', { config: { access: 'office.access' } }, async (req, reply) => {
    const agencies = await service.listAgenciesFor(db, req.actor!);
    return reply.page(AgencyList({ ctx: pageContext(req, reply), agencies }));
  });

  app.get('/office/agencies/new', { config: { access: 'agency.create' } }, async (req, reply) =>
    reply.page(AgencyForm({ ctx: pageContext(req, reply), values: { level: 'department', budgetUnit: '1' } })),
  );

  app.post('/office/agencies', { config: { access: 'agency.create' } }, async (req, reply) => {
    try {
      const a = await service.createAgency(db, req.actor!, formValues(req.body));
      return redirectWithFlash(reply, `/office/agencies/${a.id}`, `已创建机关“${a.name}”`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return reply.page(AgencyForm({ ctx: pageContext(req, reply), values: formValues(req.body), errors: f.errors, message: f.message }), f.status);
    }
  });

  app.get('/office/agencies/:id', { config: { access: 'agency.update' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const agency = await service.getAgency(db, id);
    authorize(req.actor, 'agency.update', { agencyId: id });
    return reply.page(AgencyForm({ ctx: pageContext(req, reply), agency, values: agencyValues(agency) }));
  });

  app.post('/office/agencies/:id', { config: { access: 'agency.update' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    try {
      const a = await service.updateAgency(db, req.actor!, id, formValues(req.body));
      return redirectWithFlash(reply, `/office/agencies/${a.id}`, '已保存');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      const agency = await service.getAgency(db, id);
      return reply.page(AgencyForm({ ctx: pageContext(req, reply), agency, values: formValues(req.body), errors: f.errors, message: f.message }), f.status);
    }
  });

  app.get('/office/agencies/:id/guide', { config: { access: 'agency.guide.edit' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const agency = await service.getAgency(db, id);
    authorize(req.actor, 'agency.guide.edit', { agencyId: id });
    return reply.page(GuideForm({ ctx: pageContext(req, reply), agency, values: agency.guideDraft, version: agency.version }));
  });

  app.post('/office/agencies/:id/guide', { config: { access: 'agency.guide.edit' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const body = formValues(req.body);
    const publish = body.intent === 'publish';
    try {
      const version = parseInput(z.object({ version: intField('版本') }), body).version;
      await service.saveGuide(db, req.actor!, id, body, { publish, version });
      return redirectWithFlash(reply, `/office/agencies/${id}/guide`, publish ? '指南已发布，门户已更新' : '草稿已保存');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      const agency = await service.getAgency(db, id);
      const values = Object.fromEntries(GUIDE_KEYS.map((k) => [k, body[k] ?? ''])) as GuideFields;
      // When publishing was refused for empty fields the draft was still saved: carry on from the new version.
      const version = isAppError(e) && e.details?.draftSaved ? agency.version : Number(body.version) || agency.version;
      return reply.page(GuideForm({ ctx: pageContext(req, reply), agency, values, version, errors: f.errors, message: f.message }), f.status);
    }
  });

  app.get('/office/agencies/:id/departments', { config: { access: 'department.manage' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const agency = await service.getAgency(db, id);
    authorize(req.actor, 'department.manage', { agencyId: id });
    return reply.page(DepartmentsPage({ ctx: pageContext(req, reply), agency }));
  });

  app.post('/office/agencies/:id/departments', { config: { access: 'department.manage' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    try {
      const d = await service.addDepartment(db, req.actor!, id, formValues(req.body));
      return redirectWithFlash(reply, `/office/agencies/${id}/departments`, `已新增股室“${d.name}”`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      const agency = await service.getAgency(db, id);
      return reply.page(DepartmentsPage({ ctx: pageContext(req, reply), agency, values: formValues(req.body), errors: f.errors, message: f.message }), f.status);
    }
  });

  app.post('/office/departments/:id', { config: { access: 'department.manage' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    try {
      const d = await service.updateDepartment(db, req.actor!, id, formValues(req.body));
      return redirectWithFlash(reply, `/office/agencies/${d.agencyId}/departments`, '已保存');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      const dept = await service.findDepartment(db, id);
      const agency = await service.getAgency(db, dept!.agencyId);
      return reply.page(DepartmentsPage({ ctx: pageContext(req, reply), agency, values: formValues(req.body), errors: f.errors, message: f.message, editingId: id }), f.status);
    }
  });

  app.post('/office/departments/:id/delete', { config: { access: 'department.manage' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const dept = await service.findDepartment(db, id);
    try {
      await service.removeDepartment(db, req.actor!, id);
      return redirectWithFlash(reply, `/office/agencies/${dept!.agencyId}/departments`, `已删除股室“${dept!.name}”`);
    } catch (e) {
      const f = formFailure(e);
      if (!f || !dept) throw e;
      const agency = await service.getAgency(db, dept.agencyId);
      return reply.page(DepartmentsPage({ ctx: pageContext(req, reply), agency, errors: f.errors, message: f.message }), f.status);
    }
  });
}
