import type { FastifyInstance, FastifyReply } from 'fastify';
import { nowOf } from '../../db/runtime.js';
import { pageContext } from '../../web/core.js';
import { listAgenciesWithDepartments } from '../agencies/agency.service.js';
import { getTree } from '../catalog/catalog.service.js';
import { atomFeed, type FeedEntry } from '../catalog/feeds.js';
import { DISCLOSURE_CATEGORIES, isDisclosureCategory } from '../publications/categories.js';
import { latestPublished, listPublished, type PublicListItem } from '../publications/publication.query.js';
import { getSettings } from '../settings/settings.js';
import { POLICY_CATEGORIES, PORTAL_PATHS } from '../../web/portal-paths.js';
import { ContactPage, PoliciesPage, ReportsHubPage, RequestsHubPage, SiteMapPage } from './views/PortalPages.js';

const PORTAL = { access: 'public', pageCache: true } as const;
const FEED_SIZE = 50;
const POLICY_PAGE_SIZE = 20;
/** Pages of 政策文件 a link may ask for; beyond it the list is the search's job. */
const POLICY_MAX_PAGE = 500;

/** The site map, 联系我们, the 政策文件 list and the hubs the main navigation opens, with the platform-wide feeds. */
export async function portalShellRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const abs = (path: string) => config.publicUrl + path;

  function sendFeed(reply: FastifyReply, title: string, pagePath: string, selfPath: string, author: string, items: PublicListItem[]) {
    const entries: FeedEntry[] = items.map((it) => ({
      title: it.title,
      url: abs(it.url),
      published: it.publishedAt,
      updated: it.revisedAt ?? it.publishedAt,
      authors: it.issuers.map((i) => i.name),
      summary: it.summary,
      category: isDisclosureCategory(it.category) ? { term: it.category, label: DISCLOSURE_CATEGORIES[it.category].label } : undefined,
    }));
    const xml = atomFeed({ title, subtitle: author, pageUrl: abs(pagePath), selfUrl: abs(selfPath), author, fallbackUpdated: nowOf(db), entries });
    return reply.type('application/atom+xml; charset=utf-8').send(xml);
  }

  app.get(PORTAL_PATHS.siteMap, { config: PORTAL }, async (req, reply) => {
    const [settings, agencies] = await Promise.all([getSettings(db), listAgenciesWithDepartments(db)]);
    const withTrees = [];
    for (const agency of agencies) withTrees.push({ agency, tree: await getTree(db, agency.id) });
    return reply.page(SiteMapPage({ ctx: pageContext(req, reply), settings, agencies: withTrees }));
  });

  app.get(PORTAL_PATHS.contact, { config: PORTAL }, async (req, reply) => {
    const [settings, agencies] = await Promise.all([getSettings(db), listAgenciesWithDepartments(db)]);
    return reply.page(ContactPage({ ctx: pageContext(req, reply), settings, agencies }));
  });

  app.get(PORTAL_PATHS.requests, { config: PORTAL }, async (req, reply) => {
    const [settings, agencies] = await Promise.all([getSettings(db), listAgenciesWithDepartments(db)]);
    return reply.page(RequestsHubPage({ ctx: pageContext(req, reply), settings, agencies }));
  });

  app.get(PORTAL_PATHS.reports, { config: PORTAL }, async (req, reply) => {
    const [settings, agencies] = await Promise.all([getSettings(db), listAgenciesWithDepartments(db)]);
    const rows = [];
    for (const agency of agencies) {
      const { items } = await listPublished(db, { agencyId: agency.id, categories: ['annual_report'], page: 1, pageSize: 1, sort: 'date' });
      rows.push({ agency, latest: items[0] });
    }
    return reply.page(ReportsHubPage({ ctx: pageContext(req, reply), settings, rows }));
  });

  app.get<{ Querystring: { page?: string } }>(PORTAL_PATHS.policies, { config: PORTAL }, async (req, reply) => {
    const raw = Number(req.query.page ?? '1');
    const page = Number.isInteger(raw) && raw >= 1 && raw <= POLICY_MAX_PAGE ? raw : 1;
    const [settings, list] = await Promise.all([
      getSettings(db),
      listPublished(db, { categories: POLICY_CATEGORIES, page, pageSize: POLICY_PAGE_SIZE, sort: 'date' }),
    ]);
    return reply.page(PoliciesPage({ ctx: pageContext(req, reply), settings, items: list.items, total: list.total, page, pageSize: POLICY_PAGE_SIZE }));
  });

  app.get(PORTAL_PATHS.policiesFeed, { config: PORTAL }, async (_req, reply) => {
    const [settings, list] = await Promise.all([getSettings(db), listPublished(db, { categories: POLICY_CATEGORIES, page: 1, pageSize: FEED_SIZE, sort: 'date' })]);
    return sendFeed(reply, `${settings.siteName} 政策文件`, PORTAL_PATHS.policies, PORTAL_PATHS.policiesFeed, settings.siteName, list.items);
  });

  app.get(PORTAL_PATHS.latestFeed, { config: PORTAL }, async (_req, reply) => {
    const [settings, items] = await Promise.all([getSettings(db), latestPublished(db, null, FEED_SIZE)]);
    return sendFeed(reply, `${settings.siteName} 最新信息`, '/', PORTAL_PATHS.latestFeed, settings.siteName, items);
  });
}
