/**
 * The public side: the 互动参与 list per agency, each consultation's page with its
 * comment form (no account, no JavaScript), and hearing notices.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError } from '../../errors.js';
import { intField, parseInput } from '../../lib/validation.js';
import { pageContext, redirectWithFlash } from '../../web/core.js';
import { formValues } from '../../web/forms.js';
import { z } from 'zod';
import { agencyForRequest } from '../catalog/catalog.portal.js';
import { getSettings } from '../settings/settings.js';
import { getPublicConsultation, getPublicHearing, listPublicConsultations, listPublicHearings, submitComment } from './participation.service.js';
import { consultationUrl, ConsultationPage, HearingPage, ParticipationListPage, type CommentFormState } from './views/ParticipationPortalViews.js';

/** Comments per address: a person writes a few; a flood from one address is turned away (429). */
export const COMMENT_RATE_LIMIT = { max: 10, timeWindow: '10 minutes' };

const noStore = (reply: FastifyReply) => reply.header('Cache-Control', 'no-store');

export async function participationPortalRoutes(app: FastifyInstance) {
  const { db } = app.deps;
  const idParams = z.object({ agency: z.string(), id: intField('编号') });

  // Not in the page cache: which consultations are open changes at midnight, with no content change to drop the cache.
  app.get<{ Params: { agency: string } }>('/:agency/hdcy', { config: { access: 'public' } }, async (req, reply) => {
    const agency = await agencyForRequest(db, req, reply, req.params.agency);
    if (!agency) return reply;
    const [settings, items, hearings] = await Promise.all([getSettings(db), listPublicConsultations(db, agency.id), listPublicHearings(db, agency.id)]);
    return reply.page(ParticipationListPage({ ctx: pageContext(req, reply), siteName: settings.siteName, agency, items, hearings }));
  });

  async function consultationPage(req: FastifyRequest<{ Params: { agency: string; id: string } }>, reply: FastifyReply, form: CommentFormState, status = 200) {
    const agency = await agencyForRequest(db, req, reply, req.params.agency);
    if (!agency) return reply;
    const { id } = parseInput(idParams, req.params);
    const [settings, c] = await Promise.all([getSettings(db), getPublicConsultation(db, id, agency.id)]);
    // The page carries the comment form's token and depends on today's date: never cached.
    noStore(reply);
    return reply.page(ConsultationPage({ ctx: pageContext(req, reply, { csrf: true }), siteName: settings.siteName, c, form }), status);
  }

  app.get<{ Params: { agency: string; id: string }; Querystring: { section?: string } }>('/:agency/hdcy/yjzj/:id', { config: { access: 'public' } }, async (req, reply) => {
    const ctx = pageContext(req, reply);
    return consultationPage(req, reply, { values: { section: String(req.query.section ?? '') }, sent: ctx.flash === '意见已提交' });
  });

  app.post<{ Params: { agency: string; id: string } }>(
    '/:agency/hdcy/yjzj/:id/comments',
    { config: { access: 'public', rateLimit: COMMENT_RATE_LIMIT }, bodyLimit: 64 * 1024 },
    async (req, reply) => {
      const values = formValues(req.body);
      // A robot fills the hidden field too: turned away, nothing stored.
      if (values.website) return reply.code(400).send('请求无效');
      const { id } = parseInput(idParams, req.params);
      try {
        await submitComment(db, id, values);
      } catch (e) {
        if (isAppError(e) && (e.code === 'VALIDATION_FAILED' || e.code === 'CONSULTATION_CLOSED')) {
          return consultationPage(req, reply, { values, errors: e.fields ?? {}, message: e.message }, e.status);
        }
        throw e;
      }
      return redirectWithFlash(reply, `${consultationUrl(req.params.agency, id)}#comment-form`, '意见已提交');
    },
  );

  app.get<{ Params: { agency: string; id: string } }>('/:agency/hdcy/tzh/:id', { config: { access: 'public', pageCache: true } }, async (req, reply) => {
    const agency = await agencyForRequest(db, req, reply, req.params.agency);
    if (!agency) return reply;
    const { id } = parseInput(idParams, req.params);
    const [settings, h] = await Promise.all([getSettings(db), getPublicHearing(db, id, agency.id)]);
    return reply.page(HearingPage({ ctx: pageContext(req, reply), siteName: settings.siteName, h }));
  });
}
