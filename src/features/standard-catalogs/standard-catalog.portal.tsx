/**
 * Public pages of the standard catalogs:
 *
 *   /{agency}/zfxxgk/bzml                    the agency's catalog, one table per domain
 *   /{agency}/zfxxgk/bzml/{domain}.xlsx      a domain's catalog as the standard's workbook
 *   /{agency}/zfxxgk/bzml/{domain}.html      the same table as a standalone HTML file
 *
 * and the column kind of the 重大建设项目 lifecycle columns: the catalog rows that map
 * to the column, and the publications filed under them.
 */
import type { FastifyInstance } from 'fastify';
import { render } from 'preact-render-to-string';
import { notFound } from '../../errors.js';
import { pageContext } from '../../web/core.js';
import { PortalLayout } from '../../web/layouts/PortalLayout.js';
import { findAgencyByCodeOrSlug } from '../agencies/agency.service.js';
import type { ColumnKindDef, ColumnPageContext } from '../catalog/catalog.kinds.js';
import { contentDisposition } from '../files/files.js';
import { publicListItemsByIds } from '../publications/publication.query.js';
import { getSettings } from '../settings/settings.js';
import * as service from './standard-catalog.service.js';
import { isDevelopmentReformAgency, lifecycleColumnSeeds } from './standard-catalog.seed.js';
import { catalogXlsx, titleOf } from './standard-catalog.sheet.js';
import { catalogPath, CatalogHtmlFile, CatalogPortalPage, CatalogTable } from './views/CatalogViews.js';

const PORTAL = { access: 'public', pageCache: true } as const;

export async function standardCatalogPortalRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  async function agencyOf(slug: string) {
    const a = await findAgencyByCodeOrSlug(db, slug);
    if (!a || a.slug !== slug) throw notFound('机关');
    return a;
  }

  app.get<{ Params: { agency: string } }>('/:agency/zfxxgk/bzml', { config: PORTAL }, async (req, reply) => {
    const a = await agencyOf(req.params.agency);
    const [c, settings] = await Promise.all([service.getCatalog(db, a.id), getSettings(db)]);
    return reply.page(CatalogPortalPage({ ctx: pageContext(req, reply), settings, agency: a, rows: c.rows, assigned: c.assigned }));
  });

  app.get<{ Params: { agency: string; file: string } }>('/:agency/zfxxgk/bzml/:file', { config: { access: 'public' } }, async (req, reply) => {
    const a = await agencyOf(req.params.agency);
    const m = /^(.+)\.(xlsx|html)$/.exec(req.params.file);
    if (!m) throw notFound('目录');
    const domain = m[1]!;
    const rows = (await service.getCatalog(db, a.id)).rows.filter((r) => r.domain === domain);
    if (rows.length === 0) throw notFound('目录');
    const name = `${a.name}${titleOf(domain)}`;
    if (m[2] === 'xlsx') {
      return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('Content-Disposition', contentDisposition(`${name}.xlsx`)).send(await catalogXlsx(domain, rows));
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('Content-Disposition', contentDisposition(`${name}.html`))
      .send(`<!doctype html>${render(CatalogHtmlFile({ agencyName: a.name, domain, rows }))}`);
  });
}

/** A 重大建设项目 lifecycle column: its rows of the catalog and what is filed under them. */
async function sectionPage({ req, reply, db, agency, tree, column, settings }: ColumnPageContext) {
  const rows = (await service.getCatalog(db, agency.id)).rows.filter((r) => r.columnKey === column.key);
  const linked = await service.linkedPublications(db, rows.map((r) => r.id));
  const items = await publicListItemsByIds(db, [...linked.values()].flat());
  const parent = tree.all.find((c) => c.id === column.parentId);
  return reply.page(
    <PortalLayout
      ctx={pageContext(req, reply)}
      siteName={settings.siteName}
      title={`${column.name} - ${agency.name}`}
      crumbs={[
        { label: agency.name, href: `/${agency.slug}` },
        { label: '政府信息公开', href: `/${agency.slug}/zfxxgk` },
        ...(parent ? [{ label: parent.name, href: `/${agency.slug}/${parent.path}` }] : []),
        { label: column.name },
      ]}
    >
      <h1>{column.name}</h1>
      <p class="lead">{agency.name}</p>
      <h2>已公开的信息</h2>
      {items.length ? (
        <ul class="item-list">
          {items.map((i) => (
            <li key={i.id}>
              <a href={i.url}>{i.title}</a> <span class="muted">{i.publishedAt.slice(0, 10)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>暂无信息。</p>
      )}
      {rows.length ? (
        <>
          <h2>本栏目的标准目录事项</h2>
          <div class="table-scroll" role="region" aria-label="本栏目的标准目录事项（可横向滚动）" tabIndex={0}>
            <CatalogTable domain={rows[0]!.domain} rows={rows} />
          </div>
        </>
      ) : null}
      <p>
        <a href={catalogPath(agency.slug)}>查看完整的政务公开事项标准目录</a>
      </p>
    </PortalLayout>,
  );
}

export const standardCatalogColumnKinds: readonly ColumnKindDef[] = [
  {
    kind: 'standard_catalog_section',
    label: '标准目录事项栏目',
    columnType: '信息公开目录',
    // A 发展和改革局 gets the eight 重大建设项目 columns, in lifecycle order (requirement 10).
    seedsFor: (agency) => (isDevelopmentReformAgency(agency.name) ? lifecycleColumnSeeds() : []),
    render: sectionPage,
  },
];
