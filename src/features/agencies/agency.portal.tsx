import type { FastifyInstance } from 'fastify';
import { pageContext } from '../../web/core.js';
import { agencyForRequest } from '../catalog/catalog.portal.js';
import { getTree } from '../catalog/catalog.service.js';
import { annualReports } from '../catalog/catalog.reports.js';
import { latestPublished } from '../publications/publication.query.js';
import { getSettings } from '../settings/settings.js';
import { AgencyHome } from './views/AgencyHome.js';

/** The agency home. Its disclosure pages (`/:agency/zfxxgk/…`, the guide included) are the catalog feature's. */
export async function agencyPortalRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get<{ Params: { agency: string } }>('/:agency', { config: { access: 'public', pageCache: true } }, async (req, reply) => {
    const agency = await agencyForRequest(db, req, reply, req.params.agency);
    if (!agency) return reply;
    const [settings, tree, latest, reports] = await Promise.all([
      getSettings(db),
      getTree(db, agency.id),
      latestPublished(db, agency.id, 8),
      annualReports(db, agency.id),
    ]);
    return reply.page(AgencyHome({ ctx: pageContext(req, reply), settings, agency, tree, latest, reports }));
  });
}
