import type { DbOrTrx } from '../../db/database.js';
import { listPublished, type PublicListItem } from '../publications/publication.query.js';
import { reportYearOf } from './catalog.js';

export interface ReportYear {
  year: number;
  items: PublicListItem[];
}

/** Every published annual report of an agency grouped by the year it covers, newest year first. */
export async function annualReports(db: DbOrTrx, agencyId: number): Promise<ReportYear[]> {
  const { items } = await listPublished(db, { agencyId, categories: ['annual_report'], page: 1, pageSize: 200, sort: 'date' });
  const byYear = new Map<number, PublicListItem[]>();
  for (const it of items) {
    const y = reportYearOf(it.title, it.publishedAt);
    byYear.set(y, [...(byYear.get(y) ?? []), it]);
  }
  return [...byYear.entries()].sort(([a], [b]) => b - a).map(([year, list]) => ({ year, items: list }));
}
