import fs from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { todayOf } from '../../db/runtime.js';
import { notFound, validationError, type FieldErrors } from '../../errors.js';
import { intField, parseInput } from '../../lib/validation.js';
import { pageContext, redirectWithFlash } from '../../web/core.js';
import { formFailure, formValues } from '../../web/forms.js';
import { filesOf, readMultipartBody } from '../../web/multipart.js';
import { agenciesWith, can } from '../access/policy.js';
import { AGENCY_ROLES, type Actor, type AgencyRole } from '../access/roles.js';
import { getAgency, listAgencies } from '../agencies/agency.service.js';
import { contentDisposition, storagePath } from '../files/files.js';
import { letterDocx } from './request.docx.js';
import * as service from './request.service.js';
import { REQUEST_TRANSITIONS } from './request.workflow.js';
import type { ActionContext, ActionFailure } from './views/RequestOfficeActions.js';
import { RequestDetailPage } from './views/RequestOfficeDetail.js';
import { LetterPrintPage } from './views/RequestOfficeLetter.js';
import { LIST_TABS, RequestListPage, type ListFilters } from './views/RequestOfficeList.js';
import { ReceiptPage, RegisterPage, registerDefaults } from './views/RequestOfficeRegister.js';
import { letterOf } from './request.replies.js';

const idParam = z.object({ id: intField('申请编号') });
const PAGE_SIZE = 20;

/**
 * The registration form's flat fields as the nested input the application schema
 * wants: `applicant.idNumber` → `{ applicant: { idNumber } }` (the schema's error
 * keys are the same dotted names, so each message lands beside its field).
 */
function applicationBody(values: Record<string, string>): Record<string, unknown> {
  const entries = Object.entries(values);
  const applicant = Object.fromEntries(entries.filter(([k]) => k.startsWith('applicant.')).map(([k, v]) => [k.slice('applicant.'.length), v]));
  return { ...Object.fromEntries(entries.filter(([k]) => !k.startsWith('applicant.'))), applicant };
}

const DONE: Record<string, string> = {
  accept: '已受理',
  assign: '已指定承办',
  request_correction: '已告知补正，补正申请告知书已生成',
  consult: '已记录征求意见，征求意见函已生成',
  approve_extension: '已批准延期，延长答复期限告知书已生成',
  fee_notice: '已发出收费通知，收费通知书已生成',
  reply: '已答复，答复告知书已生成',
  close_uncorrected: '已按逾期不补正办结，告知书已生成',
  close_unpaid: '已按逾期未缴费办结，告知书已生成',
};

/** Staff may pick a handler from the agency's people; each named once, with where they sit. */
async function actionContext(db: FastifyInstance['deps']['db'], agencyId: number): Promise<ActionContext> {
  const agency = await getAgency(db, agencyId);
  const departments = agency.departments.map((d) => ({ id: d.id, name: d.name }));
  const names = new Map(departments.map((d) => [d.id, d.name]));
  const seen = new Set<number>();
  const handlers = [];
  for (const h of await service.handlersFor(db, agencyId)) {
    if (seen.has(h.userId)) continue;
    seen.add(h.userId);
    const where = h.departmentId !== null ? names.get(h.departmentId) : undefined;
    handlers.push({ value: String(h.userId), label: `${h.displayName}（${[where, AGENCY_ROLES[h.role as AgencyRole]?.label].filter(Boolean).join('·')}）` });
  }
  return { departments, handlers };
}

function mayEditFiles(actor: Actor, v: service.RequestView): boolean {
  return ['handling', 'registered'].includes(v.row.state) && can(actor, 'request.handle', { agencyId: v.row.agencyId, departmentId: v.row.departmentId });
}

export async function requestOfficeRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const files = { dataDir: config.dataDir, maxUploadBytes: config.maxUploadBytes };

  async function showDetail(
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    failure?: { action?: ActionFailure; fileErrors?: FieldErrors; message?: string; status: number },
  ) {
    const actor = req.actor!;
    const v = await service.getRequest(db, actor, id);
    return reply.page(
      RequestDetailPage({
        ctx: pageContext(req, reply),
        v,
        ac: await actionContext(db, v.row.agencyId),
        filesEditable: mayEditFiles(actor, v),
        failure: failure?.action,
        fileErrors: failure?.fileErrors,
        message: failure?.message,
      }),
      failure?.status ?? 200,
    );
  }

  app.get('/office/requests', { config: { access: 'request.read' } }, async (req, reply) => {
    const actor = req.actor!;
    const raw = formValues(req.query);
    const agencies = (await listAgencies(db, agenciesWith(actor, 'request.read'))).map((a) => ({ id: a.id, name: a.name }));
    const filters: ListFilters = {
      view: LIST_TABS.some((t) => t.view === raw.view) ? raw.view! : 'open',
      agency: agencies.some((a) => String(a.id) === raw.agency) ? raw.agency : undefined,
      q: raw.q?.trim().slice(0, 100) || undefined,
      page: Math.min(10_000, Math.max(1, Math.floor(Number(raw.page)) || 1)),
    };
    const r = await service.listRequests(db, actor, {
      view: filters.view === 'all' ? undefined : filters.view,
      agencyId: filters.agency ? Number(filters.agency) : undefined,
      q: filters.q,
      page: filters.page,
      pageSize: PAGE_SIZE,
    });
    return reply.page(RequestListPage({ ctx: pageContext(req, reply), items: r.items, total: r.total, filters, pageSize: PAGE_SIZE, agencies }));
  });

  async function registrable(actor: Actor) {
    return (await listAgencies(db, service.registrableAgencies(actor))).map((a) => ({ id: a.id, name: a.name }));
  }

  app.get('/office/requests/new', { config: { access: 'request.register' } }, async (req, reply) => {
    const agencies = await registrable(req.actor!);
    return reply.page(RegisterPage({ ctx: pageContext(req, reply), agencies, values: registerDefaults(agencies[0]?.id, todayOf(db)) }));
  });

  app.post('/office/requests/new', { config: { access: 'request.register' } }, async (req, reply) => {
    const actor = req.actor!;
    const values = formValues(req.body);
    try {
      if (!/^\d{1,9}$/.test(values.agencyId ?? '')) throw validationError({ agencyId: '请选择受理机关' });
      const receipt = await service.registerApplication(db, actor, Number(values.agencyId), applicationBody(values));
      // The tracking code is shown on this answer and never again: only its hash is kept.
      return reply.page(ReceiptPage({ ctx: pageContext(req, reply), receipt }));
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return reply.page(RegisterPage({ ctx: pageContext(req, reply), agencies: await registrable(actor), values, errors: f.errors, message: f.message }), f.status);
    }
  });

  app.get('/office/requests/:id', { config: { access: 'request.read' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    return showDetail(req, reply, id);
  });

  app.post('/office/requests/:id/act', { config: { access: 'request.read' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const values = formValues(req.body);
    try {
      await service.act(db, req.actor!, id, values, { dataDir: config.dataDir });
      const label = REQUEST_TRANSITIONS.find((t) => t.action === values.action)?.label ?? '';
      return redirectWithFlash(reply, `/office/requests/${id}`, DONE[values.action ?? ''] ?? `${label}：已办理`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      // Nothing was written: the step's form comes back open, as typed, with its messages.
      return showDetail(req, reply, id, { action: { action: values.action ?? '', errors: f.errors, message: f.message, values }, message: f.message, status: f.status });
    }
  });

  async function letterFor(req: FastifyRequest) {
    const { id, letterId } = parseInput(idParam.extend({ letterId: intField('告知书编号') }), req.params);
    const v = await service.getRequest(db, req.actor!, id);
    const l = v.letters.find((x) => x.id === letterId);
    if (!l) throw notFound('告知书');
    return { id, l, letter: letterOf(l, v.agency.name) };
  }

  app.get('/office/requests/:id/letters/:letterId', { config: { access: 'request.read' } }, async (req, reply) => {
    const { id, l, letter } = await letterFor(req);
    return reply.page(LetterPrintPage({ ctx: pageContext(req, reply), requestId: id, letterId: l.id, letter }));
  });

  app.get('/office/requests/:id/letters/:letterId.docx', { config: { access: 'request.read' } }, async (req, reply) => {
    const { id, l, letter } = await letterFor(req);
    const bytes = await letterDocx(letter);
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('Content-Disposition', contentDisposition(`${l.title}（申请${id}）.docx`))
      .header('Cache-Control', 'private, no-store')
      .send(bytes);
  });

  app.post('/office/requests/:id/files', { preValidation: readMultipartBody, config: { access: 'request.handle' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    try {
      const file = filesOf(req.body).find((f) => f.fieldname === 'file');
      if (!file) throw validationError({ file: '请选择要上传的文件' });
      const saved = await service.addFile(db, req.actor!, id, { bytes: file.bytes, filename: file.filename }, files);
      return redirectWithFlash(reply, `/office/requests/${id}`, `已上传“${saved.name}”`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return showDetail(req, reply, id, { fileErrors: Object.keys(f.errors).length ? f.errors : { file: f.message }, message: f.message, status: f.status });
    }
  });

  app.post('/office/requests/:id/files/:fileId/delete', { config: { access: 'request.handle' } }, async (req, reply) => {
    const { id, fileId } = parseInput(idParam.extend({ fileId: intField('文件编号') }), req.params);
    try {
      await service.removeFile(db, req.actor!, id, fileId);
      return redirectWithFlash(reply, `/office/requests/${id}`, '文件已删除');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return showDetail(req, reply, id, { message: f.message, status: f.status });
    }
  });

  // Staff download of a released file, before the reply too; never cached, never rendered inline.
  app.get('/office/requests/files/:fileId', { config: { access: 'request.read' } }, async (req, reply) => {
    const { fileId } = parseInput(z.object({ fileId: intField('文件编号') }), req.params);
    const file = await service.fileFor(db, { actor: req.actor! }, fileId);
    const p = storagePath(config.dataDir, file.sha256);
    if (!fs.existsSync(p)) throw notFound('文件');
    return reply
      .type(file.mimeType)
      .header('Content-Length', String(file.size))
      .header('Content-Disposition', contentDisposition(file.name))
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .header('Cache-Control', 'private, no-store')
      .send(fs.createReadStream(p));
  });
}
