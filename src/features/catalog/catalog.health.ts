import type { Db } from '../../db/database.js';
import { chinaDateOf, type IsoDate } from '../../lib/dates.js';
import { countsByCategory, lastPublishedAtByCategory } from '../publications/publication.query.js';
import { mandatoryReason, type ColumnTree } from './catalog.js';
import { annualReports } from './catalog.reports.js';
import { getTree } from './catalog.service.js';
import { annualReportStatus, siteHealth, type AnnualReportStatus, type ColumnStats, type SiteHealth } from './column-health.js';
import { todayOf } from '../../db/runtime.js';
import { getSettings } from '../settings/settings.js';

export interface AgencyHealth {
  tree: ColumnTree;
  site: SiteHealth;
  annualReport: AnnualReportStatus;
}

/**
 * Column health and the annual-report alert of one agency, as of `today` (China
 * date). Columns the agency must publish count even when hidden.
 */
export async function agencyHealth(db: Db, agency: { id: number; level: string; budgetUnit: number }, today: IsoDate = todayOf(db)): Promise<AgencyHealth> {
  const [tree, counts, last, reports, settings] = await Promise.all([
    getTree(db, agency.id),
    countsByCategory(db, agency.id),
    lastPublishedAtByCategory(db, agency.id),
    annualReports(db, agency.id),
    getSettings(db),
  ]);
  const stats = new Map<string, ColumnStats>(
    Object.keys({ ...counts, ...last }).map((category) => [category, { count: counts[category] ?? 0, lastPublishedAt: last[category] ?? null }]),
  );
  return {
    tree,
    site: siteHealth(tree.all, stats, today, undefined, (c) => mandatoryReason(c.category, agency) !== null),
    annualReport: annualReportStatus(agency.level, reports.map((r) => r.year), today, settings.townshipReportDue),
  };
}
