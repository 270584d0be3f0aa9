/**
 * `/office/participation`: consultations (draft, open, moderate, close, feedback,
 * link to the resulting document) and hearings (draft, publish, materials).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, isAppError, type FieldErrors } from '../../errors.js';
import { intField, parseInput } from '../../lib/validation.js';
import { pageContext, redirectWithFlash } from '../../web/core.js';
import { formValues } from '../../web/forms.js';
import { agenciesWith } from '../access/policy.js';
import { agencyLabels, listAgencies } from '../agencies/agency.service.js';
import * as service from './participation.service.js';
import {
  ConsultationOfficePage,
  HearingOfficePage,
  NewConsultationPage,
  NewHearingPage,
  ParticipationHome,
} from './views/ParticipationOfficeViews.js';

const MANAGE = { access: 'participation.manage' } as const;
const READ = { access: 'office.access' } as const;
const idParams = z.object({ id: intField('编号') });

/** Errors the person can correct on the page they came from; anything else is an error page. */
function correctable(e: unknown): { status: number; message: string; errors: FieldErrors } | null {
  if (!isAppError(e)) return null;
  if (!['VALIDATION_FAILED', 'CONFLICT', 'STALE_EDIT', 'INVALID_TRANSITION', 'CONSULTATION_CLOSED', 'FEEDBACK_REQUIRED', 'HEARING_MATERIAL_LATE'].includes(e.code)) return null;
  return { status: e.status, message: e.message, errors: e.fields ?? {} };
}

export async function participationOfficeRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  async function managedAgencies(req: FastifyRequest) {
    const ids = agenciesWith(req.actor!, 'participation.manage');
    return (await listAgencies(db, ids)).map((a) => ({ id: a.id, name: a.name }));
  }

  app.get('/office/participation', { config: READ }, async (req, reply) => {
    const [consultations, hearings] = await Promise.all([service.listOfficeConsultations(db, req.actor!), service.listOfficeHearings(db, req.actor!)]);
    return reply.page(ParticipationHome({ ctx: pageContext(req, reply), consultations, hearings }));
  });

  // ---------------------------------------------------------------- consultations

  /** The "new draft" form of a consultation or hearing: the agency chosen on the form, then the service creates the draft. */
  function newDraftRoutes(kind: 'consultations' | 'hearings', Page: typeof NewConsultationPage | typeof NewHearingPage, create: (agencyId: number, values: Record<string, string>, req: FastifyRequest) => Promise<{ id: number }>) {
    app.get(`/office/participation/${kind}/new`, { config: MANAGE }, async (req, reply) => {
      return reply.page(Page({ ctx: pageContext(req, reply), agencies: await managedAgencies(req), values: {} }));
    });

    app.post(`/office/participation/${kind}/new`, { config: MANAGE }, async (req, reply) => {
      const values = formValues(req.body);
      try {
        const agencyId = parseInput(z.object({ agencyId: intField('机关') }), values).agencyId;
        const row = await create(agencyId, values, req);
        return redirectWithFlash(reply, `/office/participation/${kind}/${row.id}`, '草稿已保存');
      } catch (e) {
        const f = correctable(e);
        if (!f) throw e;
        return reply.page(Page({ ctx: pageContext(req, reply), agencies: await managedAgencies(req), values, errors: f.errors, message: f.message }), f.status);
      }
    });
  }

  newDraftRoutes('consultations', NewConsultationPage, (agencyId, values, req) => service.createConsultation(db, req.actor!, agencyId, values));

  async function consultationPage(req: FastifyRequest, reply: FastifyReply, id: number, failure?: { values?: Record<string, string>; errors: FieldErrors; message: string; status: number }) {
    const c = await service.getConsultationForOffice(db, req.actor!, id);
    return reply.page(
      ConsultationOfficePage({ ctx: pageContext(req, reply), c, ...(failure?.values ? { values: failure.values } : {}), ...(failure ? { errors: failure.errors, message: failure.message } : {}) }),
      failure?.status ?? 200,
    );
  }

  app.get('/office/participation/consultations/:id', { config: READ }, async (req, reply) => consultationPage(req, reply, parseInput(idParams, req.params).id));

  /** One POST per action: run it, then back to the page with a message, or the page with the errors. */
  function post(path: string, run: (id: number, values: Record<string, string>, req: FastifyRequest) => Promise<unknown>, done: string, keepValues = true) {
    app.post(`/office/participation/consultations/:id${path}`, { config: MANAGE }, async (req, reply) => {
      const { id } = parseInput(idParams, req.params);
      const values = formValues(req.body);
      try {
        await run(id, values, req);
      } catch (e) {
        const f = correctable(e);
        if (!f) throw e;
        return consultationPage(req, reply, id, { ...(keepValues ? { values } : {}), ...f });
      }
      return redirectWithFlash(reply, `/office/participation/consultations/${id}`, done);
    });
  }
  post('', (id, v, req) => service.updateConsultation(db, req.actor!, id, v), '草稿已保存');
  post('/open', (id, v, req) => service.openConsultation(db, req.actor!, id, v), '意见征集已发布', false);
  post('/close', (id, _v, req) => service.closeConsultation(db, req.actor!, id), '意见征集已结束', false);
  post('/feedback', (id, v, req) => service.publishFeedback(db, req.actor!, id, v), '意见采纳情况已公布');
  post('/link', (id, v, req) => service.linkPublication(db, req.actor!, id, v), '关联已保存');

  app.post('/office/participation/consultations/:id/comments/:commentId', { config: MANAGE }, async (req, reply) => {
    const { id, commentId } = parseInput(z.object({ id: intField('编号'), commentId: intField('意见编号') }), req.params);
    try {
      await service.moderateComment(db, req.actor!, id, commentId, formValues(req.body));
    } catch (e) {
      const f = correctable(e);
      if (!f) throw e;
      return consultationPage(req, reply, id, f);
    }
    return redirectWithFlash(reply, `/office/participation/consultations/${id}#comment-${commentId}`, '审核结果已保存');
  });

  // ---------------------------------------------------------------- hearings

  newDraftRoutes('hearings', NewHearingPage, (agencyId, values, req) => service.createHearing(db, req.actor!, agencyId, values));

  async function hearingPage(req: FastifyRequest, reply: FastifyReply, id: number, failure?: { values?: Record<string, string>; errors: FieldErrors; message: string; status: number }) {
    const h = await service.getHearingForOffice(db, req.actor!, id);
    const slug = (await agencyLabels(db, [h.row.agencyId])).get(h.row.agencyId)?.slug ?? '';
    return reply.page(
      HearingOfficePage({ ctx: pageContext(req, reply), h, slug, ...(failure?.values ? { values: failure.values } : {}), ...(failure ? { errors: failure.errors, message: failure.message } : {}) }),
      failure?.status ?? 200,
    );
  }

  app.get('/office/participation/hearings/:id', { config: READ }, async (req, reply) => hearingPage(req, reply, parseInput(idParams, req.params).id));

  function hearingPost(path: string, run: (id: number, values: Record<string, string>, req: FastifyRequest) => Promise<unknown>, done: string) {
    app.post(`/office/participation/hearings/:id${path}`, { config: MANAGE }, async (req, reply) => {
      const { id } = parseInput(idParams, req.params);
      const values = formValues(req.body);
      try {
        await run(id, values, req);
      } catch (e) {
        const f = correctable(e);
        if (!f) throw e;
        return hearingPage(req, reply, id, { values: path === '' || path === '/materials' ? values : {}, ...f });
      }
      return redirectWithFlash(reply, `/office/participation/hearings/${id}`, done);
    });
  }
  hearingPost('', (id, v, req) => service.updateHearing(db, req.actor!, id, v), '草稿已保存');
  hearingPost('/publish', (id, _v, req) => service.publishHearing(db, req.actor!, id), '听证公告已发布');
  hearingPost(
    '/materials',
    async (id, v, req) => {
      try {
        return await service.addMaterial(db, req.actor!, id, { title: v.materialTitle, description: v.materialDescription });
      } catch (e) {
        // The form names its fields apart from the hearing's own title.
        if (isAppError(e) && e.fields) {
          const renamed = Object.fromEntries(Object.entries(e.fields).map(([k, m]) => [k === 'title' ? 'materialTitle' : k === 'description' ? 'materialDescription' : k, m]));
          throw new AppError(e.code, e.message, renamed);
        }
        throw e;
      }
    },
    '材料送达已登记',
  );
}
