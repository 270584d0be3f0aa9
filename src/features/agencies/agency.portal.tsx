import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import { pageContext } from '../../web/core.js';
import { getSettings } from '../settings/settings.js';
import { getAgencyBySlug } from './agency.service.js';
import { AgencyHome } from './views/AgencyHome.js';
import { GuidePage } from './views/GuidePage.js';

export async function agencyPortalRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get<{ Params: { agency: string } }>('/:agency', { config: { access: 'public' } }, async (req, reply) => {
    const agency = await getAgencyBySlug(db, req.params.agency);
    if (!agency) throw notFound('机关');
    return reply.page(AgencyHome({ ctx: pageContext(req, reply), settings: await getSettings(db), agency }));
  });

  app.get<{ Params: { agency: string } }>('/:agency/zfxxgk/zfxxgkzn', { config: { access: 'public' } }, async (req, reply) => {
    const agency = await getAgencyBySlug(db, req.params.agency);
    if (!agency) throw notFound('机关');
    return reply.page(GuidePage({ ctx: pageContext(req, reply), settings: await getSettings(db), agency }));
  });
}
