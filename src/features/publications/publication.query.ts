/**
 * Read-only queries over what the public may see: the portal (catalog feature),
 * feeds, the sitemap and the public API read publications only through here.
 * Everything returned is the current published revision of an item whose public
 * status is 'published'; withdrawn items answer with a withdrawal notice.
 */
import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import { countAll, likePattern } from '../../db/database.js';
import type { DisclosureAttribute, Validity } from './categories.js';
import { agencyLabels } from '../agencies/agency.service.js';
import { BODY_HEAD_CHARS, catalogSummary, generatedDate } from './publication.directory.js';

export type PublicSort = 'date' | 'title';

export interface PublicListQuery {
  agencyId?: number | undefined;
  /** Disclosure category keys (DISCLOSURE_CATEGORIES); any of them. */
  categories?: readonly string[] | undefined;
  topic?: string | undefined;
  genre?: string | undefined;
  /** Year of the 发布日期 in China time. */
  year?: number | undefined;
  validity?: Validity | undefined;
  /** Substring of the title, 文号 or 索引号. */
  q?: string | undefined;
  /** 1-based. */
  page: number;
  pageSize: number;
  sort: PublicSort;
}

export interface PublicIssuer {
  agencyId: number | null;
  name: string;
}

export interface PublicListItem {
  id: number;
  agencyId: number;
  agencySlug: string;
  agencyName: string;
  indexNumber: string;
  title: string;
  /** 内容概述 as the office wrote it ('' when none). */
  summary: string;
  /** 内容概述 as the 目录 shows it (Art. 12): `summary`, or the start of the body text when there is none. */
  catalogSummary: string;
  documentNumber: string;
  category: string;
  topic: string;
  genre: string;
  validity: Validity;
  /** 成文日期, YYYY-MM-DD. */
  writtenDate: string;
  /** 生成日期 of the 目录 (Art. 12), YYYY-MM-DD: 成文日期, else 形成或变更日期, else the 发布日期. */
  generatedDate: string;
  /** 公开方式: always 'proactive' for a published item (publishing refuses the others), read rather than assumed. */
  disclosureAttribute: DisclosureAttribute;
  /** 发布日期: first publication, ISO instant. */
  publishedAt: string;
  /** When the current revision was published, if it is not the first; ISO instant. */
  revisedAt: string | null;
  issuers: PublicIssuer[];
  /** Site-relative URL of the public page. */
  url: string;
}

export interface PublicAttachment {
  id: number;
  name: string;
  size: number;
  mimeType: string;
  /** Site-relative download URL. */
  url: string;
}

export interface PublicRevisionNote {
  revisionNo: number;
  publishedAt: string;
  changeNote: string;
}

export interface PublicPublication extends PublicListItem {
  withdrawn: false;
  body: string;
  formedDate: string;
  keywords: string[];
  disclosureAttribute: DisclosureAttribute;
  validityDate: string | null;
  /** What replaced this document, when it is 失效 or 废止. */
  replacedBy: { id: number; title: string; url: string } | null;
  replacedByUrl: string;
  revisionNo: number;
  attachments: PublicAttachment[];
  /** Every published revision, newest first. */
  revisions: PublicRevisionNote[];
  /** For a 政策解读: the published documents it interprets (原文). */
  interprets: PublicLink[];
  /** For a document: its published 解读. */
  interpretedBy: PublicLink[];
}

/** A link from one public page to another published item. */
export interface PublicLink {
  id: number;
  title: string;
  url: string;
}

export interface WithdrawnNotice {
  withdrawn: true;
  id: number;
  agencyId: number;
  agencySlug: string;
  agencyName: string;
  title: string;
  indexNumber: string;
  reason: string;
  /** ISO instant of the withdrawal. */
  at: string;
  url: string;
}

export const publicationUrl = (agencySlug: string, id: number) => `/${agencySlug}/zfxxgk/content/${id}`;
export const attachmentUrl = (attachmentId: number) => `/files/${attachmentId}`;

/** The ISO-instant bounds [from, to) of a calendar year in China time (UTC+8, no DST). */
export function chinaYearBounds(year: number): { from: string; to: string } {
  return { from: `${year - 1}-12-31T16:00:00.000Z`, to: `${year}-12-31T16:00:00.000Z` };
}

export function parseIssuers(json: string): PublicIssuer[] {
  try {
    const v = JSON.parse(json) as unknown;
    if (!Array.isArray(v)) return [];
    return v
      .filter((x): x is { agencyId?: unknown; name: string } => !!x && typeof x === 'object' && typeof (x as { name?: unknown }).name === 'string')
      .map((x) => ({ agencyId: typeof x.agencyId === 'number' ? x.agencyId : null, name: x.name }));
  } catch {
    return [];
  }
}

function publicBase(db: DbOrTrx) {
  return db
    .selectFrom('publications as p')
    .innerJoin('publicationRevisions as r', 'r.id', 'p.currentRevisionId')
    .where('p.publicStatus', '=', 'published');
}

type Base = ReturnType<typeof publicBase>;

type Filters = Omit<PublicListQuery, 'page' | 'pageSize' | 'sort'>;

/** The filters that the publications row itself answers (its listing index covers them). */
function applyRowFilters<Q extends { where: Base['where'] }>(q: Q, f: Filters): Q {
  let out = q as unknown as Base;
  if (f.agencyId !== undefined) out = out.where('p.agencyId', '=', f.agencyId);
  if (f.categories && f.categories.length) out = out.where('p.publicCategory', 'in', [...f.categories]);
  if (f.topic) out = out.where('p.publicTopic', '=', f.topic);
  if (f.validity) out = out.where('p.validity', '=', f.validity);
  if (f.year !== undefined) {
    const { from, to } = chinaYearBounds(f.year);
    out = out.where('p.firstPublishedAt', '>=', from).where('p.firstPublishedAt', '<', to);
  }
  return out as unknown as Q;
}

/** Whether a query needs the revision row to filter (genre and text live only there). */
const needsRevisionFilter = (f: Filters) => !!f.genre || !!f.q?.trim();

function applyFilters(q: Base, f: Filters): Base {
  q = applyRowFilters(q, f);
  if (f.genre) q = q.where('r.genre', '=', f.genre);
  const text = f.q?.trim();
  if (text) {
    const pattern = likePattern(text.toLowerCase());
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`lower(${eb.ref('r.title')}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${eb.ref('r.documentNumber')}) like ${pattern} escape '\\'`,
        sql<boolean>`lower(${eb.ref('r.indexNumber')}) like ${pattern} escape '\\'`,
      ]),
    );
  }
  return q;
}

const LIST_COLUMNS = [
  'p.id',
  'p.agencyId',
  'r.indexNumber',
  'r.title',
  'r.summary',
  'r.documentNumber',
  'r.category',
  'r.topic',
  'r.genre',
  'p.validity',
  'r.writtenDate',
  'r.formedDate',
  'r.disclosureAttribute',
  'p.firstPublishedAt',
  'p.lastPublishedAt',
  'p.revisionCount',
  'r.issuersJson',
  // Only an item without a 内容概述 needs the start of its body (see catalogSummary).
  sql<string>`case when trim(${sql.ref('r.summary')}) = '' then substr(${sql.ref('r.body')}, 1, ${sql.lit(BODY_HEAD_CHARS)}) else '' end`.as('bodyHead'),
] as const;

interface ListRow {
  id: number;
  agencyId: number;
  indexNumber: string;
  title: string;
  summary: string;
  documentNumber: string;
  category: string;
  topic: string;
  genre: string;
  validity: string;
  writtenDate: string;
  formedDate: string;
  disclosureAttribute: string;
  firstPublishedAt: string | null;
  lastPublishedAt: string | null;
  revisionCount: number;
  issuersJson: string;
  bodyHead: string;
}

type Labels = Awaited<ReturnType<typeof agencyLabels>>;

/** The agencies' names and slugs for list rows (agencies are few: one small query per page). */
async function labelsFor(db: DbOrTrx, rows: readonly { agencyId: number }[]): Promise<Labels> {
  return agencyLabels(db, rows.map((r) => r.agencyId));
}

function toListItem(r: ListRow, labels: Labels): PublicListItem {
  const a = labels.get(r.agencyId);
  const agencySlug = a?.slug ?? '';
  return {
    id: r.id,
    agencyId: r.agencyId,
    agencySlug,
    agencyName: a?.name ?? '',
    indexNumber: r.indexNumber,
    title: r.title,
    summary: r.summary,
    catalogSummary: catalogSummary(r.summary, r.bodyHead ?? '').text,
    documentNumber: r.documentNumber,
    category: r.category,
    topic: r.topic,
    genre: r.genre,
    validity: r.validity as Validity,
    writtenDate: r.writtenDate,
    generatedDate: generatedDate({ writtenDate: r.writtenDate, formedDate: r.formedDate, publishedAt: r.firstPublishedAt }),
    disclosureAttribute: r.disclosureAttribute as DisclosureAttribute,
    publishedAt: r.firstPublishedAt ?? '',
    revisedAt: r.revisionCount > 1 ? r.lastPublishedAt : null,
    issuers: parseIssuers(r.issuersJson),
    url: publicationUrl(agencySlug, r.id),
  };
}

/** A page of published items matching the filters, with the total count. */
export async function listPublished(db: DbOrTrx, query: PublicListQuery): Promise<{ items: PublicListItem[]; total: number }> {
  const pageSize = Math.max(1, Math.min(200, Math.floor(query.pageSize)));
  const page = Math.max(1, Math.floor(query.page));
  if (needsRevisionFilter(query) || query.sort === 'title') {
    const filtered = applyFilters(publicBase(db), query);
    let rows = filtered.select(LIST_COLUMNS);
    rows =
      query.sort === 'title'
        ? rows.orderBy('r.title').orderBy('p.id', 'desc')
        : rows.orderBy('p.firstPublishedAt', 'desc').orderBy('p.id', 'desc');
    const [items, count] = await Promise.all([
      rows.limit(pageSize).offset((page - 1) * pageSize).execute(),
      filtered.select(countAll().as('n')).executeTakeFirst(),
    ]);
    const labels = await labelsFor(db, items);
    return { items: items.map((r) => toListItem(r, labels)), total: Number(count?.n ?? 0) };
  }
  // The common case, newest first by column, year, topic or validity: count and pick the
  // page's ids from the listing index alone, then read only those rows with their revisions.
  const own = applyRowFilters(db.selectFrom('publications as p').where('p.publicStatus', '=', 'published'), query);
  const [idRows, count] = await Promise.all([
    own.select('p.id').orderBy('p.firstPublishedAt', 'desc').orderBy('p.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
    own.select(countAll().as('n')).executeTakeFirst(),
  ]);
  // A literal id list makes both engines fetch the rows by primary key; as a subquery,
  // SQLite preferred to walk the date index again with a filter.
  const ids = idRows.map((r) => r.id);
  const rows = ids.length ? await publicBase(db).select(LIST_COLUMNS).where('p.id', 'in', ids).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = ids.map((id) => byId.get(id)).filter((r): r is (typeof rows)[number] => r !== undefined);
  const labels = await labelsFor(db, items);
  return { items: items.map((r) => toListItem(r, labels)), total: Number(count?.n ?? 0) };
}

/** The newest `n` published items of an agency (all agencies when `agencyId` is null). */
export async function latestPublished(db: DbOrTrx, agencyId: number | null, n: number): Promise<PublicListItem[]> {
  let q = publicBase(db).select(LIST_COLUMNS);
  if (agencyId !== null) q = q.where('p.agencyId', '=', agencyId);
  const rows = await q.orderBy('p.firstPublishedAt', 'desc').orderBy('p.id', 'desc').limit(Math.max(0, n)).execute();
  const labels = await labelsFor(db, rows);
  return rows.map((r) => toListItem(r, labels));
}

/** The list rows of the given published items, in the order given (unpublished ids are left out). */
export async function publicListItemsByIds(db: DbOrTrx, ids: readonly number[]): Promise<PublicListItem[]> {
  if (!ids.length) return [];
  const rows = await publicBase(db).select(LIST_COLUMNS).where('p.id', 'in', [...ids]).execute();
  const labels = await labelsFor(db, rows);
  const byId = new Map(rows.map((r) => [r.id, toListItem(r, labels)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * The 政府信息公开目录 of an agency for one year (Art. 12): every item it published
 * that year (China time) and still shows, in the order they were published, which
 * is the order of their 索引号 serials. Expired and abolished documents stay in it,
 * marked by their 有效性; withdrawn ones are no longer public and leave it.
 */
export async function directoryOfYear(db: DbOrTrx, agencyId: number, year: number): Promise<PublicListItem[]> {
  const { from, to } = chinaYearBounds(year);
  const rows = await publicBase(db)
    .select(LIST_COLUMNS)
    .where('p.agencyId', '=', agencyId)
    .where('p.firstPublishedAt', '>=', from)
    .where('p.firstPublishedAt', '<', to)
    .orderBy('p.firstPublishedAt')
    .orderBy('p.id')
    .execute();
  const labels = await labelsFor(db, rows);
  return rows.map((r) => toListItem(r, labels));
}

/** The 发布日期 (ISO instant) of an agency's first item still public, or null when it has none. */
export async function firstPublishedAtOf(db: DbOrTrx, agencyId: number): Promise<string | null> {
  const row = await db
    .selectFrom('publications as p')
    .select(sql<string | null>`min(${sql.ref('p.first_published_at')})`.as('first'))
    .where('p.agencyId', '=', agencyId)
    .where('p.publicStatus', '=', 'published')
    .executeTakeFirst();
  return row?.first ?? null;
}

/**
 * What the public URL `/{agencySlug}/zfxxgk/content/{id}` shows: the current
 * revision with all its metadata, a withdrawal notice, or null (no such public
 * item of that agency: never published, or another agency's).
 */
export async function getPublicPublication(db: DbOrTrx, agencySlug: string, id: number): Promise<PublicPublication | WithdrawnNotice | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const found = await db
    .selectFrom('publications as p')
    .leftJoin('publicationRevisions as r', 'r.id', 'p.currentRevisionId')
    .select([
      'p.id',
      'p.agencyId',
      'p.publicStatus',
      'p.indexNumber as itemIndexNumber',
      'p.validity',
      'p.validityDate',
      'p.replacedById',
      'p.replacedByUrl',
      'p.firstPublishedAt',
      'p.lastPublishedAt',
      'p.revisionCount',
      'p.withdrawnAt',
      'p.withdrawalReason',
      'r.id as revisionId',
      'r.revisionNo',
      'r.indexNumber',
      'r.title',
      'r.summary',
      'r.body',
      'r.documentNumber',
      'r.writtenDate',
      'r.formedDate',
      'r.category',
      'r.topic',
      'r.genre',
      'r.keywords',
      'r.disclosureAttribute',
      'r.issuersJson',
    ])
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!found || found.revisionId === null || found.publicStatus === 'none') return null;
  // Another agency's item is not found under this agency's URL.
  const agency = (await agencyLabels(db, [found.agencyId])).get(found.agencyId);
  if (!agency || agency.slug !== agencySlug) return null;
  const row = { ...found, agencySlug: agency.slug, agencyName: agency.name };
  const url = publicationUrl(row.agencySlug, row.id);
  if (row.publicStatus === 'withdrawn') {
    return {
      withdrawn: true,
      id: row.id,
      agencyId: row.agencyId,
      agencySlug: row.agencySlug,
      agencyName: row.agencyName,
      title: row.title ?? '',
      indexNumber: row.itemIndexNumber ?? row.indexNumber ?? '',
      reason: row.withdrawalReason,
      at: row.withdrawnAt ?? '',
      url,
    };
  }
  const [attachments, revisions, replacedBy, links] = await Promise.all([
    db
      .selectFrom('revisionAttachments as ra')
      .innerJoin('attachments as f', 'f.id', 'ra.attachmentId')
      .select(['f.id', 'ra.name', 'f.size', 'f.mimeType'])
      .where('ra.revisionId', '=', row.revisionId)
      .orderBy('ra.position')
      .execute(),
    db
      .selectFrom('publicationRevisions')
      .select(['revisionNo', 'publishedAt', 'changeNote'])
      .where('publicationId', '=', row.id)
      .orderBy('revisionNo', 'desc')
      .execute(),
    row.replacedById
      ? publicBase(db)
          .select(['p.id', 'r.title', 'p.agencyId'])
          .where('p.id', '=', row.replacedById)
          .executeTakeFirst()
          .then(async (r) => (r ? { ...r, slug: (await agencyLabels(db, [r.agencyId])).get(r.agencyId)?.slug ?? '' } : undefined))
      : Promise.resolve(undefined),
    publicInterpretationLinks(db, row.id),
  ]);
  return {
    withdrawn: false,
    id: row.id,
    agencyId: row.agencyId,
    agencySlug: row.agencySlug,
    agencyName: row.agencyName,
    indexNumber: row.indexNumber ?? '',
    title: row.title ?? '',
    summary: row.summary ?? '',
    catalogSummary: catalogSummary(row.summary ?? '', (row.body ?? '').slice(0, BODY_HEAD_CHARS)).text,
    body: row.body ?? '',
    documentNumber: row.documentNumber ?? '',
    category: row.category ?? '',
    topic: row.topic ?? '',
    genre: row.genre ?? '',
    validity: row.validity as Validity,
    validityDate: row.validityDate,
    replacedBy: replacedBy ? { id: replacedBy.id, title: replacedBy.title, url: publicationUrl(replacedBy.slug, replacedBy.id) } : null,
    replacedByUrl: row.replacedByUrl,
    writtenDate: row.writtenDate ?? '',
    formedDate: row.formedDate ?? '',
    generatedDate: generatedDate({ writtenDate: row.writtenDate, formedDate: row.formedDate, publishedAt: row.firstPublishedAt }),
    publishedAt: row.firstPublishedAt ?? '',
    revisedAt: row.revisionCount > 1 ? row.lastPublishedAt : null,
    revisionNo: row.revisionNo ?? 1,
    keywords: (row.keywords ?? '').split('、').filter(Boolean),
    disclosureAttribute: (row.disclosureAttribute ?? 'proactive') as DisclosureAttribute,
    issuers: parseIssuers(row.issuersJson ?? '[]'),
    attachments: attachments.map((f) => ({ id: f.id, name: f.name, size: f.size, mimeType: f.mimeType, url: attachmentUrl(f.id) })),
    revisions: revisions.map((r) => ({ revisionNo: r.revisionNo, publishedAt: r.publishedAt, changeNote: r.changeNote })),
    interprets: links.interprets,
    interpretedBy: links.interpretedBy,
    url,
  };
}

/** The published ends of a item's 解读 ↔ 原文 links, each side by its current title. */
export async function publicInterpretationLinks(db: DbOrTrx, id: number): Promise<{ interprets: PublicLink[]; interpretedBy: PublicLink[] }> {
  const side = (mine: 'l.interpretationId' | 'l.documentId', other: 'l.documentId' | 'l.interpretationId') =>
    publicBase(db)
      .innerJoin('publicationInterpretations as l', other, 'p.id')
      .select(['p.id', 'p.agencyId', 'r.title'])
      .where(mine, '=', id)
      .orderBy('l.position')
      .orderBy('p.id')
      .execute();
  const [a, b] = await Promise.all([side('l.interpretationId', 'l.documentId'), side('l.documentId', 'l.interpretationId')]);
  const labels = await agencyLabels(db, [...a, ...b].map((r) => r.agencyId));
  const toLink = (r: { id: number; agencyId: number; title: string }): PublicLink => ({ id: r.id, title: r.title, url: publicationUrl(labels.get(r.agencyId)?.slug ?? '', r.id) });
  return { interprets: a.map(toLink), interpretedBy: b.map(toLink) };
}

/**
 * 上一篇 and 下一篇 of a published item within its column, in the column's own order
 * (newest first, as the list shows it): 上一篇 is the one listed just above (newer),
 * 下一篇 the one just below (older).
 */
export async function publicNeighbours(
  db: DbOrTrx,
  item: { id: number; agencyId: number; category: string; publishedAt: string },
): Promise<{ previous: PublicLink | null; next: PublicLink | null }> {
  const base = () =>
    publicBase(db).select(['p.id', 'p.agencyId', 'r.title']).where('p.agencyId', '=', item.agencyId).where('p.publicCategory', '=', item.category);
  const [newer, older] = await Promise.all([
    base()
      .where((eb) => eb.or([eb('p.firstPublishedAt', '>', item.publishedAt), eb.and([eb('p.firstPublishedAt', '=', item.publishedAt), eb('p.id', '>', item.id)])]))
      .orderBy('p.firstPublishedAt')
      .orderBy('p.id')
      .limit(1)
      .executeTakeFirst(),
    base()
      .where((eb) => eb.or([eb('p.firstPublishedAt', '<', item.publishedAt), eb.and([eb('p.firstPublishedAt', '=', item.publishedAt), eb('p.id', '<', item.id)])]))
      .orderBy('p.firstPublishedAt', 'desc')
      .orderBy('p.id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const labels = await agencyLabels(db, [item.agencyId]);
  const slug = labels.get(item.agencyId)?.slug ?? '';
  const toLink = (r: { id: number; title: string } | undefined) => (r ? { id: r.id, title: r.title, url: publicationUrl(slug, r.id) } : null);
  return { previous: toLink(newer), next: toLink(older) };
}

/** `getPublicPublication` for an id alone (the API's `/publications/{id}`): the item's own agency's URL. */
export async function getPublicPublicationById(db: DbOrTrx, id: number): Promise<PublicPublication | WithdrawnNotice | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const row = await db.selectFrom('publications').select('agencyId').where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const slug = (await agencyLabels(db, [row.agencyId])).get(row.agencyId)?.slug;
  return slug ? getPublicPublication(db, slug, id) : null;
}

/** Published items per disclosure category of an agency (categories without items are absent). */
export async function countsByCategory(db: DbOrTrx, agencyId: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('publications as p')
    .select(['p.publicCategory as category', countAll().as('n')])
    .where('p.agencyId', '=', agencyId)
    .where('p.publicStatus', '=', 'published')
    .groupBy('p.publicCategory')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.category, Number(r.n)]));
}

/**
 * The 发布日期 of the newest published item per category of an agency, for column
 * health. A revision of an old item does not count as an update: re-posting old
 * items to look fresh (旧稿重发) is itself an inspection finding.
 */
export async function lastPublishedAtByCategory(db: DbOrTrx, agencyId: number): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('publications as p')
    .select(['p.publicCategory as category', sql<string>`max(${sql.ref('p.first_published_at')})`.as('last')])
    .where('p.agencyId', '=', agencyId)
    .where('p.publicStatus', '=', 'published')
    .groupBy('p.publicCategory')
    .execute();
  return Object.fromEntries(rows.filter((r) => r.last).map((r) => [r.category, r.last]));
}

/**
 * Whether an attachment may be downloaded by anyone: it belongs to the current
 * revision of a published item. Returns the name it was published under.
 */
export async function publicAttachment(db: DbOrTrx, attachmentId: number): Promise<{ name: string; sha256: string; mimeType: string; size: number } | null> {
  if (!Number.isSafeInteger(attachmentId) || attachmentId <= 0) return null;
  const row = await db
    .selectFrom('revisionAttachments as ra')
    .innerJoin('publications as p', 'p.currentRevisionId', 'ra.revisionId')
    .innerJoin('attachments as f', 'f.id', 'ra.attachmentId')
    .select(['ra.name', 'f.sha256', 'f.mimeType', 'f.size'])
    .where('ra.attachmentId', '=', attachmentId)
    .where('p.publicStatus', '=', 'published')
    .executeTakeFirst();
  return row ?? null;
}

/** What the search index holds of a public item: its current published revision and that revision's files. */
export interface SearchableDocument {
  id: number;
  agencyId: number;
  validity: string;
  /** ISO instant of first publication. */
  firstPublishedAt: string;
  title: string;
  summary: string;
  body: string;
  documentNumber: string;
  keywords: string;
  category: string;
  topic: string;
  /** The revision's attachments, in order, by content hash. */
  files: { sha256: string }[];
}

/** The search index's read of an item, or null when the public does not see it (not published, withdrawn, gone). */
export async function searchableDocument(db: DbOrTrx, id: number): Promise<SearchableDocument | null> {
  const row = await db
    .selectFrom('publications as p')
    .innerJoin('publicationRevisions as r', 'r.id', 'p.currentRevisionId')
    .select([
      'p.id',
      'p.agencyId',
      'p.publicStatus',
      'p.validity',
      'p.firstPublishedAt',
      'r.id as revisionId',
      'r.title',
      'r.summary',
      'r.body',
      'r.documentNumber',
      'r.keywords',
      'r.category',
      'r.topic',
    ])
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!row || row.publicStatus !== 'published' || !row.firstPublishedAt) return null;
  const files = await db
    .selectFrom('revisionAttachments as ra')
    .innerJoin('attachments as f', 'f.id', 'ra.attachmentId')
    .select(['f.sha256'])
    .where('ra.revisionId', '=', row.revisionId)
    .orderBy('ra.position')
    .execute();
  const { revisionId: _r, publicStatus: _s, firstPublishedAt, ...rest } = row;
  return { ...rest, firstPublishedAt, files };
}

/** Ids of the public items with one of these 索引号 (at most `limit`), through the index number's unique index. */
export async function publicIdsByIndexNumber(db: DbOrTrx, indexNumbers: readonly string[], limit = 2): Promise<number[]> {
  if (!indexNumbers.length) return [];
  const rows = await db.selectFrom('publications').select('id').where('indexNumber', 'in', [...indexNumbers]).where('publicStatus', '=', 'published').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Ids of every public item, in id order (to rebuild an index). */
export async function publicIds(db: DbOrTrx): Promise<number[]> {
  return (await db.selectFrom('publications').select('id').where('publicStatus', '=', 'published').orderBy('id').execute()).map((r) => r.id);
}
