/**
 * The office's pages of price and fee lists: thin routes over the service.
 *   /office/fees                      the agencies' lists, counted
 *   /office/fees/{agencyId}           an agency's lists and the add form (?item= one item, &form=amend|status)
 *   /office/fees/{agencyId}/changes   POST: propose a change (drafts its announcement)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { todayOf } from '../../db/runtime.js';
import { forbidden, isAppError, notFound } from '../../errors.js';
import { pageContext, redirectWithFlash } from '../../web/core.js';
import { formFailure, formValues } from '../../web/forms.js';
import { can } from '../access/policy.js';
import { findAgency, listAgencies } from '../agencies/agency.service.js';
import { FEE_CHANGE_KINDS, FEE_LIST_KEYS, isFeeChangeKind, type FeeList } from './fee.js';
import * as service from './fee.service.js';
import { FeeAgencyPage, FeeItemOfficePage, FeesIndexPage, type Failure } from './views/FeeOffice.js';

const num = (raw: string, what: string) => {
  if (!/^\d{1,9}$/.test(raw)) throw notFound(what);
  return Number(raw);
};

/** A failure the person can fix on the form; a pending change too. */
function failureOf(e: unknown) {
  const f = formFailure(e);
  if (f) return f;
  if (isAppError(e) && e.code === 'FEE_CHANGE_PENDING') return { status: e.status, message: e.message, errors: e.fields ?? {} };
  return null;
}

export async function feeOfficeRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get('/office/fees', { config: { access: 'office.access' } }, async (req, reply) => {
    const actor = req.actor!;
    const agencies = await listAgencies(db, actor.platformAdmin ? null : [...new Set(actor.memberships.map((m) => m.agencyId))]);
    const rows = await Promise.all(
      agencies.map(async (a) => {
        const lists = await service.listsOn(db, a.id, todayOf(db));
        const counts = Object.fromEntries(FEE_LIST_KEYS.map((k) => [k, lists[k].filter((r) => r.current).length])) as Record<FeeList, number>;
        const pending = FEE_LIST_KEYS.reduce((n, k) => n + lists[k].filter((r) => r.pending).length, 0);
        return { id: a.id, name: a.name, counts, pending };
      }),
    );
    return reply.page(FeesIndexPage({ ctx: pageContext(req, reply), agencies: rows }));
  });

  async function agencyPage(req: FastifyRequest, reply: FastifyReply, agencyId: number, query: { item?: string; form?: string }, failure?: Failure, status = 200) {
    const agency = await findAgency(db, agencyId);
    if (!agency) throw notFound('机关');
    const actor = req.actor!;
    if (!can(actor, 'publication.read', { agencyId })) throw forbidden('您没有查看该机关收费和价格清单的权限');
    const today = todayOf(db);
    const lists = await service.listsOn(db, agencyId, today);
    const canManage = service.canManageFees(actor, agencyId);
    const ctx = pageContext(req, reply);
    const itemId = query.item && /^\d{1,9}$/.test(query.item) ? Number(query.item) : null;
    if (itemId !== null) {
      const row = FEE_LIST_KEYS.flatMap((k) => lists[k]).find((r) => r.item.id === itemId);
      if (!row) throw notFound('收费（价格）项目');
      const h = await service.itemHistory(db, agencyId, itemId, { staff: true });
      const states = new Map([...h.publications.values()].map((p) => [p.id, p.state]));
      const form = query.form === 'amend' || query.form === 'status' ? query.form : null;
      return reply.page(FeeItemOfficePage({ ctx, agency, row, changes: h.changes, pubStates: states, canManage, form, today, failure }), status);
    }
    const pendingIds = FEE_LIST_KEYS.flatMap((k) => lists[k].map((r) => r.pending?.publicationId)).filter((id): id is number => !!id);
    const heads = await service.announcementHeads(db, pendingIds);
    return reply.page(FeeAgencyPage({ ctx, agency, lists, canManage, pubStates: new Map(heads.map((h) => [h.id, h.state])), today, failure: failure?.form === 'add' ? failure : undefined }), status);
  }

  app.get<{ Params: { agencyId: string }; Querystring: { item?: string; form?: string } }>('/office/fees/:agencyId', { config: { access: 'office.access' } }, async (req, reply) =>
    agencyPage(req, reply, num(req.params.agencyId, '机关'), req.query),
  );

  app.post<{ Params: { agencyId: string } }>('/office/fees/:agencyId/changes', { config: { access: 'fee.manage' } }, async (req, reply) => {
    const agencyId = num(req.params.agencyId, '机关');
    // An unknown agency is a 404 for everyone, before any permission is weighed.
    if (!(await findAgency(db, agencyId))) throw notFound('机关');
    const values = formValues(req.body);
    try {
      const r = await service.proposeChange(db, req.actor!, agencyId, values);
      const kind = isFeeChangeKind(values.kind) ? FEE_CHANGE_KINDS[values.kind].label : '变更';
      return redirectWithFlash(reply, `/office/publications/${r.publicationId}`, `已起草“${r.item.name}”的${kind}公告；请提交审核，公告发布后变更生效`);
    } catch (e) {
      const f = failureOf(e);
      if (!f) throw e;
      const failure: Failure = { form: values.kind === 'add' ? 'add' : values.kind === 'amend' ? 'amend' : 'status', errors: f.errors, message: f.message, values };
      return agencyPage(req, reply, agencyId, values.kind === 'add' ? {} : { item: values.itemId ?? '' }, failure, f.status);
    }
  });
}
