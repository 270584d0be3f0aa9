/**
 * Written by the catalog (portal) side for the sitemap, kept apart from
 * publication.query.ts so the publications owner can fold it in or replace it:
 * the public URLs of every published item in id order, cheaply, a page at a time.
 */
import type { DbOrTrx } from '../../db/database.js';
import { countAll } from '../../db/database.js';
import { publicationUrl } from './publication.query.js';
import { agencyLabels } from '../agencies/agency.service.js';

export interface PublicUrl {
  id: number;
  url: string;
  /** ISO instant of the current revision's publication. */
  lastModified: string;
}

export async function countPublicUrls(db: DbOrTrx): Promise<number> {
  const row = await db.selectFrom('publications').select(countAll().as('n')).where('publicStatus', '=', 'published').executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function listPublicUrls(db: DbOrTrx, offset: number, limit: number): Promise<PublicUrl[]> {
  const rows = await db
    .selectFrom('publications as p')
    .select(['p.id', 'p.agencyId', 'p.firstPublishedAt', 'p.lastPublishedAt'])
    .where('p.publicStatus', '=', 'published')
    .orderBy('p.id')
    .limit(limit)
    .offset(offset)
    .execute();
  const agencies = await agencyLabels(db, rows.map((r) => r.agencyId));
  return rows.map((r) => ({ id: r.id, url: publicationUrl(agencies.get(r.agencyId)?.slug ?? '', r.id), lastModified: r.lastPublishedAt ?? r.firstPublishedAt ?? '' }));
}
