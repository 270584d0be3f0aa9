import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { AppError, validationError, type FieldErrors } from '../../errors.js';
import { indexPrefixOf } from '../../lib/codes.js';
import { chinaDateOf } from '../../lib/dates.js';
import { intField, parseInput } from '../../lib/validation.js';
import { LARGE_BODY_LIMIT, pageContext, redirectWithFlash } from '../../web/core.js';
import { formFailure, formValues } from '../../web/forms.js';
import { filesOf, readMultipartBody } from '../../web/multipart.js';
import { agenciesWith, can } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import { isDisclosureCategory } from './categories.js';
import { formatIndexNumber, timeliness, validateIndexPattern } from './publication.js';
import { withPeriodRules } from './publication.read.js';
import * as service from './publication.service.js';
import { isWorkflowState, type WorkflowState } from './publication.workflow.js';
import { NewPublicationPage, valuesOf } from './views/PublicationEditViews.js';
import { PublicationListPage, type ListFilters } from './views/PublicationListViews.js';
import { HistoryPage, PublicationPage, ReviewPage } from './views/PublicationReviewViews.js';
import { SettingsPage } from './views/PublicationSettingsViews.js';
import type { FormContext, Values } from './views/parts.js';
import { interpretationTemplate, waiveInterpretation } from './publication.interpretation.js';
import { todayOf } from '../../db/runtime.js';
import { findAgency, getAgency, listAgencies } from '../agencies/agency.service.js';

const idParam = z.object({ id: intField('编号') });
const PAGE_SIZE = 20;

type RawBody = Record<string, string | string[] | undefined>;

const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The form's fields as service input: issuers come from repeated checkboxes plus
 * a text box of other bodies, one per line.
 */
function formInput(body: unknown): Record<string, unknown> {
  const raw = (body ?? {}) as RawBody;
  const values = formValues(body);
  const ids = all(raw.issuerAgencies).filter((s) => /^\d+$/.test(s)).map(Number);
  const others = (values.issuerOther ?? '')
    .split(/[\n、;；]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((name) => ({ name }));
  // The upload's own fields and the submission's note travel with the edit form but are not fields of the item.
  const { issuerAgencies: _ids, issuerOther: _others, intent: _intent, attachmentName: _an, file: _file, ...rest } = values;
  return { ...rest, issuers: [...ids, ...others] };
}

/** Values to put back in the form after a failed save. */
function formBack(body: unknown): Record<string, string> {
  const raw = (body ?? {}) as RawBody;
  return { ...formValues(body), issuerAgencies: all(raw.issuerAgencies).join(',') };
}

async function formContext(db: Db, actor: Actor, agencyId: number): Promise<FormContext> {
  const agencies = (await listAgencies(db)).map((a) => ({ id: a.id, name: a.name }));
  const departments = (await getAgency(db, agencyId)).departments.map((d) => ({ id: d.id, name: d.name }));
  const chooseDepartment = actor.platformAdmin || actor.memberships.some((m) => m.agencyId === agencyId && m.role !== 'department_editor');
  return { agencies, departments, chooseDepartment };
}

function isEditable(actor: Actor, v: service.PublicationView): boolean {
  const scope = { agencyId: v.agencyId, departmentId: v.departmentId };
  if (v.state === 'draft' || v.state === 'returned') return can(actor, 'publication.draft', scope);
  if (v.state === 'submitted') return can(actor, 'publication.review', scope);
  return false;
}

export async function publicationOfficeRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const files = { dataDir: config.dataDir, maxUploadBytes: config.maxUploadBytes };

  async function showItem(req: FastifyRequest, reply: FastifyReply, id: number, failure?: { errors: FieldErrors; message: string; status: number; values?: Record<string, string> }) {
    const actor = req.actor!;
    const v = await service.getPublication(db, actor, id);
    const page = PublicationPage({
      ctx: pageContext(req, reply),
      v,
      actions: service.actionsFor(actor, v),
      editable: isEditable(actor, v),
      fc: await formContext(db, actor, v.agencyId),
      ...(failure?.values ? { values: { ...valuesOf(v), ...failure.values } } : {}),
      ...(failure ? { errors: failure.errors, message: failure.message } : {}),
    });
    return reply.page(page, failure?.status ?? 200);
  }

  async function showReview(req: FastifyRequest, reply: FastifyReply, id: number, failure?: { errors: FieldErrors; message: string; status: number; values?: Record<string, string> }) {
    const actor = req.actor!;
    const v = await service.getPublication(db, actor, id);
    return reply.page(
      ReviewPage({
        ctx: pageContext(req, reply),
        v,
        actions: service.actionsFor(actor, v),
        ...(failure ? { errors: failure.errors, message: failure.message, ...(failure.values ? { values: failure.values } : {}) } : {}),
      }),
      failure?.status ?? 200,
    );
  }

  app.get('/office/publications', { config: { access: 'publication.read' } }, async (req, reply) => {
    const actor = req.actor!;
    const raw = formValues(req.query);
    const filters: ListFilters = {
      state: raw.state && isWorkflowState(raw.state) ? raw.state : undefined,
      category: raw.category && isDisclosureCategory(raw.category) ? raw.category : undefined,
      q: raw.q?.slice(0, 100) || undefined,
      agencyId: raw.agencyId && /^\d+$/.test(raw.agencyId) ? raw.agencyId : undefined,
      mine: raw.mine === '1' ? '1' : undefined,
      findings: raw.findings === '1' ? '1' : undefined,
      deadline: raw.deadline === '1' ? '1' : undefined,
      page: Math.max(1, Number(raw.page) || 1),
    };
    const agencyIds = agenciesWith(actor, 'publication.read');
    const agencies = (await listAgencies(db, agencyIds)).map((a) => ({ id: a.id, name: a.name }));
    let items;
    let total;
    if (filters.deadline) {
      const watch = (await service.timelinessWatch(db, actor)).filter((i) => i.timeliness.status === 'overdue' || i.timeliness.status === 'due_soon');
      watch.sort((a, b) => (a.timeliness.workdaysLeft ?? 0) - (b.timeliness.workdaysLeft ?? 0));
      total = watch.length;
      items = watch.slice((filters.page! - 1) * PAGE_SIZE, filters.page! * PAGE_SIZE);
    } else {
      const r = await service.listForOffice(db, actor, {
        states: filters.state ? [filters.state as WorkflowState] : undefined,
        category: filters.category,
        q: filters.q,
        agencyId: filters.agencyId ? Number(filters.agencyId) : undefined,
        mine: !!filters.mine,
        withFindings: !!filters.findings,
        page: filters.page,
        pageSize: PAGE_SIZE,
      });
      const cal = await service.loadCalendar(db);
      const today = todayOf(db);
      items = (await withPeriodRules(db, r.items)).map(({ rule, ...i }) => ({ ...i, timeliness: timeliness(cal, { ...i, rule }, today) }));
      total = r.total;
    }
    const queues = await service.queuesFor(db, actor);
    const settingsAgencies = agencies.filter((a) => can(actor, 'agency.update', { agencyId: a.id }));
    return reply.page(
      PublicationListPage({
        ctx: pageContext(req, reply),
        items,
        total,
        filters,
        queues,
        agencies,
        canDraft: can(actor, 'publication.draft'),
        pageSize: PAGE_SIZE,
        settingsAgencies,
      }),
    );
  });

  async function draftAgencies(actor: Actor) {
    const ids = agenciesWith(actor, 'publication.draft');
    return (await listAgencies(db, ids)).map((a) => ({ id: a.id, name: a.name }));
  }

  app.get('/office/publications/new', { config: { access: 'publication.draft' } }, async (req, reply) => {
    const actor = req.actor!;
    const agencies = await draftAgencies(actor);
    const first = agencies[0];
    if (!first) throw new AppError('FORBIDDEN', '您不属于任何可起草信息的机关');
    const values: Values = { agencyId: String(first.id), issuerAgencies: String(first.id), disclosureAttribute: 'proactive' };
    // "起草本文件的解读" on a document's page: a 解读 linked to it, starting from the template's headings.
    const interprets = (req.query as Record<string, unknown>).interprets;
    if (typeof interprets === 'string' && /^\d{1,12}$/.test(interprets)) {
      const doc = await service.getPublication(db, actor, Number(interprets)).catch(() => null);
      if (doc) {
        Object.assign(values, {
          agencyId: String(doc.agencyId),
          issuerAgencies: String(doc.agencyId),
          title: `《${doc.title}》政策解读`,
          category: 'policy_interpretation',
          genre: 'interpretation',
          topic: doc.topic,
          body: interpretationTemplate(),
          interprets: doc.indexNumber ?? String(doc.id),
        });
      }
    }
    return reply.page(NewPublicationPage({ ctx: pageContext(req, reply), values, fc: await formContext(db, actor, first.id), agencies }));
  });

  app.post('/office/publications', { bodyLimit: LARGE_BODY_LIMIT, config: { access: 'publication.draft' } }, async (req, reply) => {
    const actor = req.actor!;
    try {
      const v = await service.createDraft(db, actor, formInput(req.body));
      return redirectWithFlash(reply, `/office/publications/${v.id}`, '草稿已保存。可继续上传附件，填写完整后提交审核。');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      const agencies = await draftAgencies(actor);
      const values = formBack(req.body);
      const agencyId = Number(values.agencyId) || agencies[0]?.id || 0;
      return reply.page(NewPublicationPage({ ctx: pageContext(req, reply), values, fc: await formContext(db, actor, agencyId), agencies, errors: f.errors, message: f.message }), f.status);
    }
  });

  app.get('/office/publications/:id', { config: { access: 'publication.read' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    return showItem(req, reply, id);
  });

  app.post('/office/publications/:id', { bodyLimit: LARGE_BODY_LIMIT, config: { access: 'publication.read' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const actor = req.actor!;
    const intent = formValues(req.body).intent;
    try {
      if (intent === 'submit') {
        await service.saveAndSubmit(db, actor, id, formInput(req.body), { dataDir: config.dataDir });
        return redirectWithFlash(reply, `/office/publications/${id}`, '已保存并提交办公室审核');
      }
      const { comment: _comment, ...edit } = formInput(req.body);
      const v = await service.updateDraft(db, actor, id, edit);
      return redirectWithFlash(reply, `/office/publications/${id}`, v.openFindings ? `已保存。内容筛查发现 ${v.openFindings} 项，请查看“提交前检查”` : '已保存');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      // Nothing was written: the form comes back as typed, with a message per field.
      return showItem(req, reply, id, { errors: f.errors, message: f.message, status: f.status, values: formBack(req.body) });
    }
  });

  app.post('/office/publications/:id/interpretation-waiver', { config: { access: 'publication.waive_interpretation' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    try {
      await waiveInterpretation(db, req.actor!, id, formValues(req.body));
      return redirectWithFlash(reply, `/office/publications/${id}`, '已记录不同步发布解读的理由');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return showItem(req, reply, id, { errors: f.errors, message: f.message, status: f.status });
    }
  });

  app.post('/office/publications/:id/transition', { config: { access: 'publication.read' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const actor = req.actor!;
    const raw = (req.body ?? {}) as RawBody;
    const values = formValues(req.body);
    const confirm = all(raw.confirmFindings).filter((s) => /^\d+$/.test(s)).map(Number);
    const input = {
      ...values,
      ...(confirm.length ? { confirmFindings: confirm } : {}),
    };
    const from = values.from === 'review' ? 'review' : 'detail';
    try {
      // The reason is shown to the public at the item's address: the office form asks the person to confirm that first.
      if (values.action === 'withdraw' && values.confirmWithdraw !== '1') {
        throw validationError({ confirmWithdraw: '请勾选确认：撤回理由将在原网址公开显示' }, '撤回前请确认');
      }
      if (values.action === 'approve_publish') {
        await service.approveAndPublish(db, actor, id, input, { dataDir: config.dataDir });
        return redirectWithFlash(reply, `/office/publications/${id}`, '审核通过，已发布');
      }
      const v = await service.transition(db, actor, id, input, { dataDir: config.dataDir });
      const done: Record<string, string> = {
        submit: '已提交办公室审核',
        withdraw_submission: '已撤回提交，回到草稿',
        approve: v.state === 'pending_approval' ? '审核通过，已报领导审批' : '已通过，等待发布',
        reject: '已退回编辑修改',
        publish: `已发布，索引号 ${v.indexNumber ?? ''}`,
        schedule: '已设定定时发布',
        unschedule: '已取消定时发布',
        revise: '已开始修订：新版本审核通过并发布前，门户仍显示原版本',
        cancel_revision: '已放弃修订',
        discard: '草稿已删除',
        withdraw: '已撤回，门户页面显示撤回说明',
        set_validity: '有效性已更新',
      };
      const target = v.state === 'discarded' ? '/office/publications' : `/office/publications/${id}`;
      return redirectWithFlash(reply, target, done[values.action ?? ''] ?? '已完成');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return from === 'review'
        ? showReview(req, reply, id, { errors: f.errors, message: f.message, status: f.status, values })
        : showItem(req, reply, id, { errors: f.errors, message: f.message, status: f.status });
    }
  });

  app.get('/office/publications/:id/review', { config: { access: 'publication.read' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    return showReview(req, reply, id);
  });

  app.get('/office/publications/:id/history', { config: { access: 'publication.read' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const v = await service.getPublication(db, req.actor!, id);
    const events = await audit.listEvents(db, { entityType: 'publication', entityId: String(id), limit: 500 });
    return reply.page(HistoryPage({ ctx: pageContext(req, reply), v, events }));
  });

  app.post('/office/publications/:id/attachments', { preValidation: readMultipartBody, config: { access: 'publication.read' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const body = (req.body ?? {}) as Record<string, unknown>;
    // Sent by the edit form's upload button: what was typed is saved first, so it is never lost.
    if (typeof body.version === 'string') {
      try {
        const { comment: _comment, ...edit } = formInput(req.body);
        await service.updateDraft(db, req.actor!, id, edit);
      } catch (e) {
        const f = formFailure(e);
        if (!f) throw e;
        return showItem(req, reply, id, { errors: f.errors, message: `${f.message}（附件未上传）`, status: f.status, values: formBack(req.body) });
      }
    }
    try {
      const file = filesOf(req.body).find((f) => f.fieldname === 'file');
      if (!file) throw validationError({ file: '请选择要上传的文件' });
      const name = typeof body.attachmentName === 'string' ? body.attachmentName : typeof body.name === 'string' ? body.name : undefined;
      const a = await service.addAttachment(db, files, req.actor!, id, { bytes: file.bytes, filename: file.filename, name });
      return redirectWithFlash(reply, `/office/publications/${id}`, `已上传附件“${a.name}”`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      // Edits sent along were saved above: the page shows the saved item, not the sent version number.
      return showItem(req, reply, id, { errors: Object.keys(f.errors).length ? f.errors : { file: f.message }, message: f.message, status: f.status });
    }
  });

  app.post('/office/publications/:id/findings', { config: { access: 'publication.read' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const raw = (req.body ?? {}) as RawBody;
    const values = formValues(req.body);
    const ids = all(raw.confirmFindings).filter((s) => /^\d+$/.test(s)).map(Number);
    const back = values.from === 'review' ? `/office/publications/${id}/review` : `/office/publications/${id}`;
    try {
      if (!ids.length) throw validationError({ confirmFindings: '请勾选已核实的筛查结果' });
      const done = await service.confirmFindings(db, req.actor!, id, ids, values.note ?? '');
      return redirectWithFlash(reply, back, `已确认 ${done.length} 项筛查结果`);
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return values.from === 'review'
        ? showReview(req, reply, id, { errors: f.errors, message: f.message, status: f.status })
        : showItem(req, reply, id, { errors: f.errors, message: f.message, status: f.status });
    }
  });

  app.post('/office/publications/:id/attachments/:attachmentId/delete', { config: { access: 'publication.read' } }, async (req, reply) => {
    const { id, attachmentId } = parseInput(idParam.extend({ attachmentId: intField('附件编号') }), req.params);
    // Sent by the edit form's delete button: the typed fields are saved first, so they are never lost.
    if (typeof (req.body as Record<string, unknown> | undefined)?.version === 'string') {
      try {
        const { comment: _comment, ...edit } = formInput(req.body);
        await service.updateDraft(db, req.actor!, id, edit);
      } catch (e) {
        const f = formFailure(e);
        if (!f) throw e;
        return showItem(req, reply, id, { errors: f.errors, message: `${f.message}（附件未删除）`, status: f.status, values: formBack(req.body) });
      }
    }
    try {
      await service.removeAttachment(db, req.actor!, id, attachmentId, { dataDir: config.dataDir });
      return redirectWithFlash(reply, `/office/publications/${id}`, '附件已删除');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return showItem(req, reply, id, { errors: f.errors, message: f.message, status: f.status });
    }
  });

  async function settingsPage(req: FastifyRequest, reply: FastifyReply, agencyId: number, failure?: { errors: FieldErrors; message: string; status: number; values: Record<string, string> }) {
    const agency = await findAgency(db, agencyId);
    if (!agency) throw new AppError('NOT_FOUND', '机关不存在');
    const values = failure?.values ?? { indexPattern: agency.indexPattern, requiresLeaderApproval: agency.requiresLeaderApproval ? '1' : '', fourEyesReview: agency.fourEyesReview ? '1' : '0' };
    const pattern = values.indexPattern ?? '';
    const example = validateIndexPattern(pattern).length
      ? null
      : formatIndexNumber(pattern, { agencyCode: indexPrefixOf(agency.code), year: Number(todayOf(db).slice(0, 4)), month: Number(todayOf(db).slice(5, 7)), serial: 42 });
    return reply.page(
      SettingsPage({ ctx: pageContext(req, reply), agency, values, example, ...(failure ? { errors: failure.errors, message: failure.message } : {}) }),
      failure?.status ?? 200,
    );
  }

  app.get('/office/publications/settings/:id', { config: { access: 'agency.update' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    if (!(await findAgency(db, id))) throw new AppError('NOT_FOUND', '机关不存在');
    if (!can(req.actor, 'agency.update', { agencyId: id })) throw new AppError('FORBIDDEN', '您没有修改此机关设置的权限');
    return settingsPage(req, reply, id);
  });

  app.post('/office/publications/settings/:id', { config: { access: 'agency.update' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const values = formValues(req.body);
    try {
      await service.updateAgencySettings(db, req.actor!, id, { ...values, requiresLeaderApproval: values.requiresLeaderApproval === '1' });
      return redirectWithFlash(reply, `/office/publications/settings/${id}`, '发布设置已保存');
    } catch (e) {
      const f = formFailure(e);
      if (!f) throw e;
      return settingsPage(req, reply, id, { errors: f.errors, message: f.message, status: f.status, values: { ...values, requiresLeaderApproval: values.requiresLeaderApproval === '1' ? '1' : '' } });
    }
  });
}
