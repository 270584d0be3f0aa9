import type { FastifyInstance } from 'fastify';
import { findAgencyByCodeOrSlug } from '../agencies/agency.service.js';
import { getSettings } from '../settings/settings.js';
import type { PortalSite } from '../../web/context.js';
import { isApi, isOffice } from '../../web/core.js';

/**
 * Loads what a public page's footer shows (platform settings, cached, and the agency the
 * URL names) before the handler runs, so every portal view gets it through its PageContext
 * without each route passing it along.
 */
export function registerPortalSite(app: FastifyInstance): void {
  const { db } = app.deps;
  app.decorateRequest('portalSite', null);
  app.addHook('preHandler', async (req) => {
    if (isOffice(req) || isApi(req)) return;
    const s = await getSettings(db);
    const site: PortalSite = {
      siteName: s.siteName,
      hostedBy: s.hostedBy,
      undertakenBy: s.undertakenBy,
      siteIdCode: s.siteIdCode,
      icp: s.icp,
      psbRecord: s.psbRecord,
      conacUrl: s.conacUrl,
    };
    const slug = (req.params as { agency?: unknown } | undefined)?.agency;
    if (typeof slug === 'string' && /^[a-z][a-z0-9-]{1,31}$/.test(slug)) {
      const agency = await findAgencyByCodeOrSlug(db, slug);
      if (agency && agency.slug === slug) {
        site.agency = { name: agency.name, slug: agency.slug };
        // An agency with its own 标识码 is a site of its own hosted on the platform.
        if (agency.siteIdCode) {
          site.hostedBy = agency.name;
          site.siteIdCode = agency.siteIdCode;
        }
      }
    }
    req.portalSite = site;
  });
}
