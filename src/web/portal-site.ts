import type { FastifyInstance } from 'fastify';
import { getSettings } from '../features/settings/settings.js';
import type { PortalSite } from './context.js';
import { isApi, isOffice } from './core.js';

/** The 公安机关 record number's digits, which the 全国互联网安全管理服务平台 query takes. */
export function psbCode(record: string): string {
  return /\d{10,}/.exec(record)?.[0] ?? '';
}

export const ICP_URL = 'https://beian.miit.gov.cn/';
export const psbUrl = (record: string) => `https://beian.mps.gov.cn/#/query/webSearch?code=${psbCode(record)}`;

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
      const agency = await db.selectFrom('agencies').select(['name', 'slug', 'siteIdCode']).where('slug', '=', slug).executeTakeFirst();
      if (agency) {
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
