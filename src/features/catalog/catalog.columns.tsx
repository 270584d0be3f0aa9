/**
 * The catalog's own column kinds: the 政府信息公开 home, the guide (with every
 * registered procedure's chart), lists of published items, 法定主动公开内容 and
 * the annual reports. Other features contribute theirs (依申请公开: requests).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import { runtimeOf, todayOf } from '../../db/runtime.js';
import { pageContext } from '../../web/core.js';
import { workflowChartSvg } from '../../web/workflow-chart.js';
import type { AgencyWithDepartments } from '../agencies/agency.service.js';
import { countsByCategory, latestPublished, listPublished } from '../publications/publication.query.js';
import { getSettings } from '../settings/settings.js';
import { categoriesOf, COLUMN_KINDS, PAGE_SIZE, parseListFilters, type ColumnTree } from './catalog.js';
import { guideProceduresOf, guideSectionsOf, type ColumnKindDef, type ColumnPageContext } from './catalog.kinds.js';
import { annualReports } from './catalog.reports.js';
import { annualReportStatus } from './column-health.js';
import { AnnualReportsPage } from './views/AnnualReportsPage.js';
import { ColumnPage } from './views/ColumnPage.js';
import { DisclosureHome } from './views/DisclosureHome.js';
import { GuidePage } from './views/GuidePage.js';
import { DisclosureNav, filterYears } from './views/parts.js';

/** The 政府信息公开 home of an agency. */
export async function disclosureHome(db: Db, req: FastifyRequest, reply: FastifyReply, agency: AgencyWithDepartments, tree: ColumnTree) {
  const [settings, counts, latest, reports] = await Promise.all([
    getSettings(db),
    countsByCategory(db, agency.id),
    latestPublished(db, agency.id, 10),
    annualReports(db, agency.id),
  ]);
  const reportStatus = annualReportStatus(agency.level, reports.map((r) => r.year), todayOf(db), settings.townshipReportDue);
  return reply.page(DisclosureHome({ ctx: pageContext(req, reply), settings, agency, tree, counts, latest, reports, reportStatus }));
}

async function listPage({ req, reply, db, agency, tree, column, settings }: ColumnPageContext) {
  const own = categoriesOf(tree, column);
  const filters = parseListFilters(req.query as Record<string, unknown>, own);
  const categories = filters.category ? [filters.category] : own;
  const [list, counts] = await Promise.all([
    categories.length
      ? listPublished(db, {
          agencyId: agency.id,
          categories,
          topic: filters.topic,
          year: filters.year,
          validity: filters.validity,
          q: filters.q,
          page: filters.page,
          pageSize: PAGE_SIZE,
          sort: filters.sort,
        })
      : Promise.resolve({ items: [], total: 0 }),
    column.kind === 'statutory' ? countsByCategory(db, agency.id) : Promise.resolve({}),
  ]);
  const addenda = (await Promise.all(runtimeOf(db).registry.columnAddenda.map((add) => add(db, { agencyId: agency.id, agencySlug: agency.slug, category: column.category, kind: column.kind })))).filter((v) => v !== null);
  return reply.page(
    ColumnPage({ ctx: pageContext(req, reply), settings, agency, tree, column, filters, years: filterYears(todayOf(db)), items: list.items, total: list.total, counts, addenda }),
  );
}

/** Every registered procedure's chart, with what is known of this agency's guards. */
function guideCharts(db: Db, agency: AgencyWithDepartments) {
  return guideProceduresOf(db).map((p) => ({
    heading: p.heading,
    caption: p.caption,
    svg: workflowChartSvg(p.workflow, { known: p.known?.(agency) ?? {}, idPrefix: `wf-${p.workflow.key}` }),
  }));
}

export const catalogColumnKinds: ColumnKindDef[] = [
  {
    kind: 'root',
    ...COLUMN_KINDS.root,
    render: ({ db, req, reply, agency, tree }) => disclosureHome(db, req, reply, agency, tree),
  },
  {
    kind: 'guide',
    ...COLUMN_KINDS.guide,
    render: async ({ db, req, reply, agency, tree, column, settings }) =>
      reply.page(
        GuidePage({
          ctx: pageContext(req, reply),
          settings,
          agency,
          charts: guideCharts(db, agency),
          sections: guideSectionsOf(db),
          nav: <DisclosureNav agencySlug={agency.slug} tree={tree} current={column} />,
        }),
      ),
  },
  { kind: 'list', ...COLUMN_KINDS.list, render: listPage },
  { kind: 'statutory', ...COLUMN_KINDS.statutory, render: listPage },
  {
    kind: 'reports',
    ...COLUMN_KINDS.reports,
    render: async ({ db, req, reply, agency, tree, column, settings }) => {
      const reports = await annualReports(db, agency.id);
      const status = annualReportStatus(agency.level, reports.map((r) => r.year), todayOf(db), settings.townshipReportDue);
      return reply.page(AnnualReportsPage({ ctx: pageContext(req, reply), settings, agency, tree, column, reports, status }));
    },
  },
];

/** Renders a column by its kind's renderer; a kind no feature renders is not found. */
export async function renderColumn(c: Omit<ColumnPageContext, 'settings'>, kinds: readonly ColumnKindDef[]) {
  const def = kinds.find((k) => k.kind === c.column.kind);
  if (!def) return null;
  return def.render({ ...c, settings: await getSettings(c.db) });
}
