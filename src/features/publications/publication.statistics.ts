/**
 * Counts over the catalog for reports (the annual report's table 二 and its
 * narrative, the statistics dashboard), each with the list of items behind it so
 * that a figure can always be traced to its records. Read-only.
 */
import type { DbOrTrx } from '../../db/database.js';
import { countAll } from '../../db/database.js';
import type { DocumentKind } from './categories.js';
import { chinaYearBounds } from './publication.query.js';

/** What table 二's first block counts per kind: 本年制发, 本年废止, 现行有效. */
export const DOCUMENT_MEASURES = {
  made: { label: '本年制发件数' },
  abolished: { label: '本年废止件数' },
  in_force: { label: '现行有效件数' },
} as const;
export type DocumentMeasure = keyof typeof DOCUMENT_MEASURES;
export const DOCUMENT_MEASURE_KEYS = Object.keys(DOCUMENT_MEASURES) as DocumentMeasure[];

/** Validities that take a document out of force: 废止 and 失效 (its term ended) alike. */
const ENDED = ['abolished', 'expired'];

/**
 * The items a measure counts for an agency and year. The kind is the published
 * revision's, so a revision being drafted does not move a figure. An item is
 * 制发 in the year it was first published (China time), 废止 in the year its
 * 废止/失效 date falls, and 现行有效 at the year's end when it was published by
 * then, not withdrawn by then, and not abolished or expired on or before 31 December.
 */
function measured(db: DbOrTrx, agencyId: number, year: number, kind: DocumentKind, measure: DocumentMeasure) {
  const { from, to } = chinaYearBounds(year);
  let q = db
    .selectFrom('publications as p')
    .innerJoin('publicationRevisions as r', 'r.id', 'p.currentRevisionId')
    .where('p.agencyId', '=', agencyId)
    .where('r.documentKind', '=', kind)
    .where('p.firstPublishedAt', 'is not', null);
  if (measure === 'made') q = q.where('p.firstPublishedAt', '>=', from).where('p.firstPublishedAt', '<', to);
  else if (measure === 'abolished') q = q.where('p.validity', 'in', ENDED).where('p.validityDate', '>=', `${year}-01-01`).where('p.validityDate', '<=', `${year}-12-31`);
  else {
    q = q
      .where('p.firstPublishedAt', '<', to)
      .where((eb) => eb.or([eb('p.withdrawnAt', 'is', null), eb('p.withdrawnAt', '>=', to)]))
      .where((eb) => eb.or([eb('p.validity', 'not in', ENDED), eb('p.validityDate', 'is', null), eb('p.validityDate', '>', `${year}-12-31`)]));
  }
  return q;
}

export type DocumentKindFigures = Record<'regulation' | 'normative', Record<DocumentMeasure, number>>;

/** Table 二's first block for an agency and year, from the catalog. */
export async function documentKindFigures(db: DbOrTrx, agencyId: number, year: number): Promise<DocumentKindFigures> {
  const out = { regulation: { made: 0, abolished: 0, in_force: 0 }, normative: { made: 0, abolished: 0, in_force: 0 } };
  for (const kind of ['regulation', 'normative'] as const) {
    for (const m of DOCUMENT_MEASURE_KEYS) {
      const row = await measured(db, agencyId, year, kind, m).select(countAll().as('n')).executeTakeFirst();
      out[kind][m] = Number(row?.n ?? 0);
    }
  }
  return out;
}

export interface CountedItem {
  id: number;
  title: string;
  indexNumber: string;
  documentNumber: string;
  firstPublishedAt: string;
  validity: string;
  validityDate: string | null;
  withdrawnAt: string | null;
}

/** The items behind one figure of documentKindFigures, newest first. */
export async function documentKindRecords(db: DbOrTrx, agencyId: number, year: number, kind: DocumentKind, measure: DocumentMeasure): Promise<CountedItem[]> {
  const rows = await measured(db, agencyId, year, kind, measure)
    .select(['p.id', 'r.title', 'r.indexNumber', 'r.documentNumber', 'p.firstPublishedAt', 'p.validity', 'p.validityDate', 'p.withdrawnAt'])
    .orderBy('p.firstPublishedAt', 'desc')
    .orderBy('p.id', 'desc')
    .limit(5000)
    .execute();
  return rows.map((r) => ({ ...r, firstPublishedAt: r.firstPublishedAt ?? '' }));
}

/** Items an agency first published in a year (China time), per category and per month (1–12). */
export async function publishedInYear(db: DbOrTrx, agencyId: number, year: number): Promise<{ total: number; byCategory: Record<string, number>; byMonth: { category: string; month: number; n: number }[] }> {
  const { from, to } = chinaYearBounds(year);
  // One short row per item: an agency publishes thousands a year, not millions, and
  // bucketing by China's month is exact in code where SQL would need each engine's date functions.
  const rows = await db
    .selectFrom('publications as p')
    .innerJoin('publicationRevisions as r', 'r.id', 'p.currentRevisionId')
    .select(['r.category', 'p.firstPublishedAt'])
    .where('p.agencyId', '=', agencyId)
    .where('p.firstPublishedAt', '>=', from)
    .where('p.firstPublishedAt', '<', to)
    .execute();
  const byCategory: Record<string, number> = {};
  const byMonth = new Map<string, { category: string; month: number; n: number }>();
  for (const r of rows) {
    byCategory[r.category] = (byCategory[r.category] ?? 0) + 1;
    const month = new Date(Date.parse(r.firstPublishedAt!) + 8 * 3600_000).getUTCMonth() + 1;
    const key = `${r.category}|${month}`;
    const b = byMonth.get(key) ?? { category: r.category, month, n: 0 };
    b.n++;
    byMonth.set(key, b);
  }
  return { total: rows.length, byCategory, byMonth: [...byMonth.values()] };
}
