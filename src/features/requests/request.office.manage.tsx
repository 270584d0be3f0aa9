/**
 * The office's management pages of disclosure on request: letter templates,
 * reconsideration and litigation records, the 登记台账 (export and import) and the
 * Art. 44 proposals. The day-to-day handling is in request.office.tsx.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { todayOf } from '../../db/runtime.js';
import { AppError, isAppError, notFound, validationError, type FieldErrors } from '../../errors.js';
import { intField, parseInput } from '../../lib/validation.js';
import { pageContext, redirectWithFlash } from '../../web/core.js';
import { formFailure, formValues } from '../../web/forms.js';
import { filesOf, readMultipartBody } from '../../web/multipart.js';
import { agenciesWith, can } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { listAgencies } from '../agencies/agency.service.js';
import { decodePage } from '../files/charset.js';
import { contentDisposition, extensionOf } from '../files/files.js';
import { LEDGER_KINDS, type LedgerProblem } from './request.ledger.js';
import * as service from './request.service.js';
import { AppealsPage, appealValues } from './views/RequestOfficeAppeals.js';
import { LedgerPage, type LedgerLine } from './views/RequestOfficeLedger.js';
import { ProposalsPage, type ProposalFailure } from './views/RequestOfficeProposals.js';
import { TemplatesPage, type TemplateFailure } from './views/RequestOfficeTemplates.js';

type Failure = { errors: FieldErrors; message: string; status: number };

/** An agency id from a form or query, or undefined. */
const agencyIdOf = (v: string | undefined) => (v && /^\d{1,9}$/.test(v) ? Number(v) : undefined);

export async function requestManageRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  /** The agencies whose templates, appeals and ledger this person manages. */
  async function managed(actor: Actor) {
    return (await listAgencies(db, agenciesWith(actor, 'request.manage'))).map((a) => ({ id: a.id, name: a.name }));
  }

  /** The agency a page is about: the one asked for if the person manages it, else their first. */
  async function chosen(actor: Actor, raw: string | undefined) {
    const agencies = await managed(actor);
    const wanted = agencyIdOf(raw);
    const agency = agencies.find((a) => a.id === wanted) ?? (wanted === undefined ? agencies[0] : undefined);
    if (!agency) throw notFound('机关');
    return { agencies, agency };
  }

  // ------------------------------------------------------------ templates

  async function templatesPage(req: FastifyRequest, reply: FastifyReply, agencyRaw: string | undefined, failure?: TemplateFailure & { status: number }) {
    const actor = req.actor!;
    const { agencies, agency } = await chosen(actor, agencyRaw);
    const templates = await service.listTemplates(db, actor, agency.id);
    return reply.page(TemplatesPage({ ctx: pageContext(req, reply), agencies, agencyId: agency.id, templates, failure }), failure?.status ?? 200);
  }

  app.get('/office/requests/templates', { config: { access: 'request.manage' } }, async (req, reply) => templatesPage(req, reply, formValues(req.query).agency));

  app.post('/office/requests/templates', { config: { access: 'request.manage' } }, async (req, reply) => {
    const values = formValues(req.body);
    const agencyId = agencyIdOf(values.agencyId);
    const key = values.key ?? '';
    try {
      if (agencyId === undefined) throw validationError({ agencyId: '请选择机关' });
      if (values.intent === 'reset') {
        await service.resetTemplate(db, req.actor!, agencyId, key);
        return redirectWithFlash(reply, `/office/requests/templates?agency=${agencyId}`, '模板已恢复为平台默认文本');
      }
      await service.saveTemplate(db, req.actor!, agencyId, key, values);
      return redirectWithFlash(reply, `/office/requests/templates?agency=${agencyId}`, '模板已保存，此后出具的告知书使用新模板');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return templatesPage(req, reply, values.agencyId, { key, errors: f.errors, message: f.message, values, status: f.status });
    }
  });

  // ------------------------------------------------------------ appeals

  async function appealsPage(req: FastifyRequest, reply: FastifyReply, opts: { editId?: number; values?: Record<string, string>; failure?: Failure } = {}) {
    const actor = req.actor!;
    const agencies = await managed(actor);
    const ids = new Set(agencies.map((a) => a.id));
    const appeals = (await service.listAppealsFor(db, actor)).filter((a) => ids.has(a.agencyId));
    const editing = opts.editId === undefined ? undefined : appeals.find((a) => a.id === opts.editId);
    if (opts.editId !== undefined && !editing) throw notFound('复议诉讼记录');
    const values = opts.values ?? (editing ? appealValues(editing) : { agencyId: String(agencies[0]?.id ?? ''), result: 'pending' });
    return reply.page(
      AppealsPage({ ctx: pageContext(req, reply), agencies, appeals, editing, values, errors: opts.failure?.errors, message: opts.failure?.message }),
      opts.failure?.status ?? 200,
    );
  }

  app.get('/office/requests/appeals', { config: { access: 'request.manage' } }, async (req, reply) => {
    const edit = formValues(req.query).edit;
    return appealsPage(req, reply, { editId: agencyIdOf(edit) });
  });

  app.post('/office/requests/appeals', { config: { access: 'request.manage' } }, async (req, reply) => {
    const values = formValues(req.body);
    try {
      const agencyId = agencyIdOf(values.agencyId);
      if (agencyId === undefined) throw validationError({ agencyId: '请选择机关' });
      await service.saveAppeal(db, req.actor!, agencyId, values);
      return redirectWithFlash(reply, '/office/requests/appeals', '已新增复议诉讼记录');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return appealsPage(req, reply, { values, failure: f });
    }
  });

  app.post('/office/requests/appeals/:appealId', { config: { access: 'request.manage' } }, async (req, reply) => {
    const { appealId } = parseInput(z.object({ appealId: intField('记录编号') }), req.params);
    const actor = req.actor!;
    const values = formValues(req.body);
    // The record's own agency, never one named by the form.
    const existing = (await service.listAppealsFor(db, actor)).find((a) => a.id === appealId);
    if (!existing) throw notFound('复议诉讼记录');
    try {
      await service.saveAppeal(db, actor, existing.agencyId, values, appealId);
      return redirectWithFlash(reply, '/office/requests/appeals', '复议诉讼记录已保存');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return appealsPage(req, reply, { editId: appealId, values, failure: f });
    }
  });

  // ------------------------------------------------------------ the ledger

  app.get('/office/requests/ledger', { config: { access: 'request.manage' } }, async (req, reply) => {
    const agencies = await managed(req.actor!);
    return reply.page(LedgerPage({ ctx: pageContext(req, reply), agencies, agencyId: agencies[0] ? String(agencies[0].id) : undefined }));
  });

  for (const kind of ['requests', 'appeals'] as const) {
    app.get(`/office/requests/ledger/${kind}.csv`, { config: { access: 'request.manage' } }, async (req, reply) => {
      const { agency } = await chosen(req.actor!, formValues(req.query).agency);
      const csv = await service.exportLedger(db, req.actor!, agency.id, kind);
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', contentDisposition(`${agency.name}${LEDGER_KINDS[kind].label}（${todayOf(db)}）.csv`))
        .header('Cache-Control', 'private, no-store')
        .send(csv);
    });
  }

  app.post('/office/requests/ledger', { preValidation: readMultipartBody, config: { access: 'request.manage' } }, async (req, reply) => {
    const actor = req.actor!;
    const values = formValues(req.body);
    try {
      const agencyId = agencyIdOf(values.agencyId);
      if (agencyId === undefined) throw validationError({ agencyId: '请选择机关' });
      const file = filesOf(req.body).find((f) => f.fieldname === 'file');
      if (!file) throw validationError({ file: '请选择台账文件' });
      if (extensionOf(file.filename) !== 'csv') {
        throw validationError({ file: '请上传 CSV 文件：在 Excel 或 WPS 中用“另存为 → CSV（逗号分隔）”保存后再导入' }, '文件类型不对');
      }
      // Exported by Excel on Chinese Windows the file is GBK; saved as "CSV UTF-8" it has a BOM; decodePage tells them apart.
      const result = await service.importLedger(db, actor, agencyId, decodePage(file.bytes).text);
      return redirectWithFlash(reply, '/office/requests/ledger', `已导入${LEDGER_KINDS[result.kind].label} ${result.imported} 行`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      const problems = ledgerProblems(e);
      return reply.page(
        LedgerPage({ ctx: pageContext(req, reply), agencies: await managed(actor), agencyId: values.agencyId, errors: f.errors, message: f.message, problems }),
        f.status,
      );
    }
  });

  // ------------------------------------------------------------ Art. 44 proposals

  async function proposalsPage(req: FastifyRequest, reply: FastifyReply, failure?: ProposalFailure & { status: number }) {
    const actor = req.actor!;
    const { open, decided } = await service.listProposals(db, actor);
    return reply.page(ProposalsPage({ ctx: pageContext(req, reply), open, decided, canDraft: can(actor, 'publication.draft'), failure }), failure?.status ?? 200);
  }

  app.get('/office/requests/proposals', { config: { access: 'request.read' } }, async (req, reply) => proposalsPage(req, reply));

  app.post('/office/requests/proposals/:proposalId', { config: { access: 'request.manage' } }, async (req, reply) => {
    const { proposalId } = parseInput(z.object({ proposalId: intField('建议编号') }), req.params);
    const values = formValues(req.body);
    try {
      const decided = await service.decideProposal(db, req.actor!, proposalId, values);
      return redirectWithFlash(reply, '/office/requests/proposals', decided.status === 'accepted' ? '已采纳，请安排起草发布' : '已记录不予采纳的决定');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return proposalsPage(req, reply, { id: proposalId, errors: f.errors, message: f.message, values, status: f.status });
    }
  });
}

/** The problems of a refused ledger, line by line: the parser's list, or the fields of a later check. */
function ledgerProblems(e: unknown): LedgerLine[] | undefined {
  if (!isAppError(e) || e.code !== 'VALIDATION_FAILED') return undefined;
  const listed = (e as AppError).details?.problems;
  if (Array.isArray(listed)) return (listed as LedgerProblem[]).map((p) => ({ line: p.line, field: p.field, message: p.message }));
  const fields = Object.entries(e.fields ?? {}).filter(([k]) => /^line\d+/.test(k));
  if (!fields.length) return undefined;
  return fields.map(([k, message]) => ({ line: Number(/^line(\d+)/.exec(k)![1]), field: null, message }));
}
