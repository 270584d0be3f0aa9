import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import { runtimeOf } from '../../db/runtime.js';
import { notFound } from '../../errors.js';
import { pageContext } from '../../web/core.js';
import { findAgencyByFormerSlug, getAgencyBySlug, listAgenciesWithDepartments, type AgencyWithDepartments } from '../agencies/agency.service.js';
import { AgencyHome } from './views/AgencyHome.js';
import { HomePage } from './views/HomePage.js';
import { DISCLOSURE_CATEGORIES, isDisclosureCategory } from '../publications/categories.js';
import { getPublicPublication, latestPublished, listPublished, publicNeighbours } from '../publications/publication.query.js';
import { countPublicUrls, listPublicUrls } from '../publications/publication.sitemap.js';
import { getSettings } from '../settings/settings.js';
import { categoriesOf, columnUrl, type Column, type ColumnTree } from './catalog.js';
import { disclosureHome, renderColumn } from './catalog.columns.js';
import { columnKindsOf } from './catalog.kinds.js';
import { annualReports } from './catalog.reports.js';
import { serveDirectory } from './catalog.directory.portal.js';
import { ensureColumns, getTree, listAllVisibleColumns, resolvePath } from './catalog.service.js';
import { atomFeed, SITEMAP_LIMIT, sitemapIndex, sitemapUrlset, type FeedEntry, type SitemapUrl } from './feeds.js';
import { PublicationPage, WithdrawnPage } from './views/PublicationPage.js';
import { POLICY_CATEGORIES } from '../../web/portal-paths.js';

const PORTAL = { access: 'public', pageCache: true } as const;

/** URLs per sitemap file: the protocol's 50,000 (tests lower it to reach the index without 50,000 rows). */
export const sitemapOptions = { limit: SITEMAP_LIMIT };
const FEED_SIZE = 50;

/** Thrown when an agency's URL slug has changed: the handler answers with a 301 to the new one. */
class MovedAgency {
  constructor(readonly slug: string) {}
}

async function loadAgency(db: Db, slug: string): Promise<AgencyWithDepartments> {
  const agency = await getAgencyBySlug(db, slug);
  if (agency) return agency;
  const moved = await findAgencyByFormerSlug(db, slug);
  if (moved) throw new MovedAgency(moved.slug);
  throw notFound('机关');
}

/**
 * The agency a portal URL names, or null after answering with a permanent
 * redirect when the URL uses one of its former slugs (the rest of the path and
 * the query are kept).
 */
export async function agencyForRequest(db: Db, req: FastifyRequest, reply: FastifyReply, slug: string): Promise<AgencyWithDepartments | null> {
  try {
    return await loadAgency(db, slug);
  } catch (e) {
    if (!(e instanceof MovedAgency)) throw e;
    const rest = req.url.slice(1 + encodeURIComponent(slug).length);
    reply.header('Cache-Control', 'public, max-age=3600');
    reply.redirect(`/${e.slug}${rest}`, 301);
    return null;
  }
}

function redirectTo(reply: FastifyReply, req: FastifyRequest, path: string) {
  const q = req.url.indexOf('?');
  reply.header('Cache-Control', 'public, max-age=3600');
  return reply.redirect(path + (q >= 0 ? req.url.slice(q) : ''), 301);
}

export async function catalogPortalRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const abs = (path: string) => config.publicUrl + path;

  async function columnPage(req: FastifyRequest, reply: FastifyReply, agency: AgencyWithDepartments, tree: ColumnTree, column: Column) {
    const page = await renderColumn({ req, reply, db, agency, tree, column }, columnKindsOf(db));
    if (!page) throw notFound('栏目');
    return page;
  }

  async function feed(reply: FastifyReply, agency: AgencyWithDepartments, tree: ColumnTree, column: Column) {
    const settings = await getSettings(db);
    const categories = column.kind === 'root' ? [] : categoriesOf(tree, column);
    if (column.kind !== 'root' && categories.length === 0) throw notFound('订阅');
    const items =
      column.kind === 'root'
        ? await latestPublished(db, agency.id, FEED_SIZE)
        : (await listPublished(db, { agencyId: agency.id, categories, page: 1, pageSize: FEED_SIZE, sort: 'date' })).items;
    const pagePath = columnUrl(agency.slug, column);
    const entries: FeedEntry[] = items.map((it) => ({
      title: it.title,
      url: abs(it.url),
      published: it.publishedAt,
      updated: it.revisedAt ?? it.publishedAt,
      authors: it.issuers.map((i) => i.name),
      summary: it.summary,
      category: isDisclosureCategory(it.category) ? { term: it.category, label: DISCLOSURE_CATEGORIES[it.category].label } : undefined,
    }));
    const xml = atomFeed({
      title: column.kind === 'root' ? `${agency.name} 政府信息公开` : `${agency.name} ${column.name}`,
      subtitle: settings.siteName,
      pageUrl: abs(pagePath),
      selfUrl: abs(`${pagePath}/feed.xml`),
      author: agency.name,
      fallbackUpdated: agency.updatedAt,
      entries,
    });
    return reply.type('application/atom+xml; charset=utf-8').send(xml);
  }

  /** One column path under an agency: the page, its feed, or a redirect from a former path. */
  async function serve(req: FastifyRequest, reply: FastifyReply, agencySlug: string, path: string, isFeed: boolean) {
    const agency = await agencyForRequest(db, req, reply, agencySlug);
    if (!agency) return reply;
    const found = await resolvePath(db, agency.id, path);
    if (!found) throw notFound('栏目');
    if ('redirectPath' in found) return redirectTo(reply, req, `/${agency.slug}/${found.redirectPath}${isFeed ? '/feed.xml' : ''}`);
    return isFeed ? feed(reply, agency, found.tree, found.column) : columnPage(req, reply, agency, found.tree, found.column);
  }

  /** The portal's front page: the platform's agencies. */
  app.get('/', { config: PORTAL }, async (req, reply) => {
    const [settings, agencies, latest, policies] = await Promise.all([
      getSettings(db),
      listAgenciesWithDepartments(db),
      latestPublished(db, null, 8),
      listPublished(db, { categories: POLICY_CATEGORIES, page: 1, pageSize: 6, sort: 'date' }),
    ]);
    return reply.page(HomePage({ ctx: pageContext(req, reply), settings, agencies, latest, policies: policies.items }));
  });

  /** An agency's home page; its disclosure pages are under `/:agency/zfxxgk/…`. */
  app.get<{ Params: { agency: string } }>('/:agency', { config: PORTAL }, async (req, reply) => {
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

  app.get<{ Params: { agency: string } }>('/:agency/zfxxgk', { config: PORTAL }, async (req, reply) => {
    const agency = await agencyForRequest(db, req, reply, req.params.agency);
    if (!agency) return reply;
    return disclosureHome(db, req, reply, agency, await getTree(db, agency.id));
  });

  app.get<{ Params: { agency: string; '*': string } }>('/:agency/zfxxgk/*', { config: PORTAL }, async (req, reply) => {
    const segments = req.params['*'].split('/').filter(Boolean);
    if (segments[0] === 'content') {
      const id = Number(segments[1]);
      if (segments.length !== 2 || !/^\d{1,12}$/.test(segments[1] ?? '')) throw notFound('信息');
      const agency = await agencyForRequest(db, req, reply, req.params.agency);
      if (!agency) return reply;
      const pub = await getPublicPublication(db, agency.slug, id);
      if (!pub) throw notFound('信息');
      const [settings, tree] = await Promise.all([getSettings(db), getTree(db, agency.id)]);
      const ctx = pageContext(req, reply);
      if (pub.withdrawn) return reply.page(WithdrawnPage({ ctx, settings, agency, tree, notice: pub }), 410);
      const blocks = (slot: 'publicationAddenda' | 'publicationMetaAddenda') =>
        Promise.all(runtimeOf(db).registry[slot].map((add) => add(db, { id: pub.id, agencyId: agency.id }))).then((vs) => vs.filter((v) => v !== null));
      const [addenda, metaAddenda] = await Promise.all([blocks('publicationAddenda'), blocks('publicationMetaAddenda')]);
      const neighbours = await publicNeighbours(db, pub);
      const printView = (req.query as Record<string, unknown>).print !== undefined;
      return reply.page(PublicationPage({ ctx, settings, agency, tree, pub, neighbours, printView, addenda, metaAddenda }));
    }
    if (segments[0] === 'ml') {
      const agency = await agencyForRequest(db, req, reply, req.params.agency);
      if (!agency) return reply;
      return serveDirectory(db, req, reply, agency, segments.slice(1), config.publicUrl);
    }
    const isFeed = segments[segments.length - 1] === 'feed.xml';
    const path = ['zfxxgk', ...(isFeed ? segments.slice(0, -1) : segments)].join('/');
    return serve(req, reply, req.params.agency, path, isFeed);
  });

  app.get<{ Params: { agency: string; column: string } }>('/:agency/:column', { config: PORTAL }, async (req, reply) =>
    serve(req, reply, req.params.agency, req.params.column, false),
  );

  app.get<{ Params: { agency: string; column: string } }>('/:agency/:column/feed.xml', { config: PORTAL }, async (req, reply) =>
    serve(req, reply, req.params.agency, req.params.column, true),
  );

  /**
   * The sitemap: one file while the platform has at most 50,000 URLs, otherwise
   * an index of parts (`?part=1` the agencies and columns, then the publications
   * 50,000 at a time).
   */
  app.get<{ Querystring: { part?: string } }>('/sitemap.xml', { config: PORTAL }, async (req, reply) => {
    const agencies = await listAgenciesWithDepartments(db);
    for (const a of agencies) await ensureColumns(db, a.id);
    const slugOf = new Map(agencies.map((a) => [a.id, a.slug]));
    const pages: SitemapUrl[] = [
      { loc: abs('/') },
      ...agencies.map((a) => ({ loc: abs(`/${a.slug}`), lastmod: a.updatedAt })),
      ...(await listAllVisibleColumns(db))
        .filter((c) => slugOf.has(c.agencyId))
        .map((c) => ({ loc: abs(columnUrl(slugOf.get(c.agencyId)!, c)) })),
    ];
    const publications = await countPublicUrls(db);
    reply.type('application/xml; charset=utf-8');
    const toUrls = (rows: { url: string; lastModified: string }[]) => rows.map((r) => ({ loc: abs(r.url), lastmod: r.lastModified || undefined }));
    const limit = sitemapOptions.limit;
    if (pages.length + publications <= limit && req.query.part === undefined) {
      return reply.send(sitemapUrlset([...pages, ...toUrls(await listPublicUrls(db, 0, limit))]));
    }
    const parts = 1 + Math.ceil(publications / limit);
    const part = Number(req.query.part);
    if (req.query.part === undefined) {
      return reply.send(sitemapIndex(Array.from({ length: parts }, (_, i) => abs(`/sitemap.xml?part=${i + 1}`))));
    }
    if (!Number.isInteger(part) || part < 1 || part > parts) throw notFound('网站地图分卷');
    if (part === 1) return reply.send(sitemapUrlset(pages));
    return reply.send(sitemapUrlset(toUrls(await listPublicUrls(db, (part - 2) * limit, limit))));
  });
}
