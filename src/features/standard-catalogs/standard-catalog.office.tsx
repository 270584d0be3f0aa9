import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { validationError } from '../../errors.js';
import { intField, parseInput } from '../../lib/validation.js';
import { pageContext, redirectWithFlash } from '../../web/core.js';
import { formFailure, formValues } from '../../web/forms.js';
import { filesOf, readMultipartBody } from '../../web/multipart.js';
import { authorize } from '../access/policy.js';
import { getAgency, listAgenciesWithDepartments } from '../agencies/agency.service.js';
import * as service from './standard-catalog.service.js';
import { CatalogOfficePage, CELL_KEYS, formValuesOf, RowEditPage } from './views/CatalogViews.js';
import { OfficeLayout } from '../../web/layouts/OfficeLayout.js';

const idParam = z.object({ id: intField('编号') });
const ACCESS = { access: 'catalog.manage' } as const;

/** The office form as the service's input: the row's cells, its column and assignment. */
function formInput(body: unknown) {
  const v = formValues(body);
  return {
    domain: v.domain ?? '',
    cells: Object.fromEntries(CELL_KEYS.map((k) => [k, v[k] ?? ''])),
    columnKey: v.columnKey ?? '',
    subjectAgencyId: v.subjectAgencyId ? v.subjectAgencyId : null,
    version: v.version,
  };
}

export async function standardCatalogOfficeRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get('/office/standard-catalogs', { config: ACCESS }, async (req, reply) => {
    const agencies = await listAgenciesWithDepartments(db, service.manageableAgencyIds(req.actor!));
    if (agencies.length === 1) return reply.redirect(`/office/standard-catalogs/${agencies[0]!.id}`, 303);
    return reply.page(
      <OfficeLayout ctx={pageContext(req, reply)} title="标准目录">
        <h1>政务公开事项标准目录</h1>
        <ul>
          {agencies.map((a) => (
            <li key={a.id}>
              <a href={`/office/standard-catalogs/${a.id}`}>{a.name}</a>
            </li>
          ))}
        </ul>
      </OfficeLayout>,
    );
  });

  async function catalogPage(req: FastifyRequest, reply: FastifyReply, agencyId: number, extra: { importErrors?: Record<string, string>; importMessage?: string } = {}, status = 200) {
    // An agency that does not exist is not found, for anyone, before whether they may manage it.
    const agency = await getAgency(db, agencyId);
    authorize(req.actor, 'catalog.manage', { agencyId });
    const c = await service.getCatalog(db, agencyId);
    const [ambiguous, linked] = await Promise.all([service.ambiguousColumns(db, agencyId), service.linkedPublications(db, c.rows.map((r) => r.id))]);
    return reply.page(CatalogOfficePage({ ctx: pageContext(req, reply), agency, rows: c.rows, assigned: c.assigned, subjectNames: c.subjectNames, ambiguous, linked, ...extra }), status);
  }

  app.get('/office/standard-catalogs/:id', { config: ACCESS }, async (req, reply) => catalogPage(req, reply, parseInput(idParam, req.params).id));

  app.post('/office/standard-catalogs/:id/import', { preValidation: readMultipartBody, config: ACCESS }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    await getAgency(db, id);
    try {
      const file = filesOf(req.body)[0];
      if (!file) throw validationError({ file: '请选择要导入的 .xlsx 文件' });
      const r = await service.importSheet(db, req.actor!, id, file.bytes);
      return redirectWithFlash(reply, `/office/standard-catalogs/${id}`, `已导入${r.domain}领域目录：新增 ${r.added}、更新 ${r.updated}、删除 ${r.removed} 个事项`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return catalogPage(req, reply, id, { importErrors: f.errors, importMessage: f.message }, f.status);
    }
  });

  async function rowPage(req: FastifyRequest, reply: FastifyReply, rowId: number | null, agencyId: number, extra: { values?: Record<string, string>; errors?: Record<string, string>; message?: string } = {}, status = 200) {
    const agency = await getAgency(db, agencyId);
    authorize(req.actor, 'catalog.manage', { agencyId });
    const row = rowId === null ? null : await service.getRow(db, rowId);
    const linked = row ? ((await service.linkedPublications(db, [row.id])).get(row.id) ?? []) : [];
    return reply.page(RowEditPage({ ctx: pageContext(req, reply), agency, row, values: extra.values ?? formValuesOf(row), errors: extra.errors, message: extra.message, linked }), status);
  }

  app.get('/office/standard-catalogs/:id/rows/new', { config: ACCESS }, async (req, reply) => rowPage(req, reply, null, parseInput(idParam, req.params).id));

  app.post('/office/standard-catalogs/:id/rows', { config: ACCESS }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    await getAgency(db, id);
    try {
      const row = await service.createRow(db, req.actor!, id, formInput(req.body));
      return redirectWithFlash(reply, `/office/standard-catalogs/${id}`, `已新增事项“${row.level2}”`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return rowPage(req, reply, null, id, { values: formValues(req.body), errors: f.errors, message: f.message }, f.status);
    }
  });

  app.get('/office/standard-catalogs/rows/:id', { config: ACCESS }, async (req, reply) => {
    const row = await service.getRow(db, parseInput(idParam, req.params).id);
    return rowPage(req, reply, row.id, row.agencyId);
  });

  app.post('/office/standard-catalogs/rows/:id', { config: ACCESS }, async (req, reply) => {
    const row = await service.getRow(db, parseInput(idParam, req.params).id);
    try {
      const r = await service.updateRow(db, req.actor!, row.id, formInput(req.body));
      return redirectWithFlash(reply, `/office/standard-catalogs/${r.agencyId}`, `已保存事项“${r.level2}”`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return rowPage(req, reply, row.id, row.agencyId, { values: formValues(req.body), errors: f.errors, message: f.message }, f.status);
    }
  });

  app.post('/office/standard-catalogs/rows/:id/delete', { config: ACCESS }, async (req, reply) => {
    const row = await service.getRow(db, parseInput(idParam, req.params).id);
    try {
      await service.deleteRow(db, req.actor!, row.id, formValues(req.body));
      return redirectWithFlash(reply, `/office/standard-catalogs/${row.agencyId}`, `已删除事项“${row.level2}”`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return rowPage(req, reply, row.id, row.agencyId, { errors: f.errors, message: f.message }, f.status);
    }
  });

  app.post('/office/standard-catalogs/rows/:id/link', { config: ACCESS }, async (req, reply) => {
    const row = await service.getRow(db, parseInput(idParam, req.params).id);
    const v = formValues(req.body);
    try {
      const pid = Number(v.publicationId);
      if (!Number.isInteger(pid) || pid <= 0) throw validationError({ publicationId: '请填写信息编号（数字）' });
      await service.linkPublication(db, req.actor!, pid, { rowId: row.id });
      return redirectWithFlash(reply, `/office/standard-catalogs/rows/${row.id}`, `已把信息 #${pid} 归入本事项`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return rowPage(req, reply, row.id, row.agencyId, { errors: f.errors, message: f.message }, f.status);
    }
  });
}
