import { z } from 'zod';
import { chinaDateOf } from '../../lib/dates.js';
import { intField, text } from '../../lib/validation.js';
import {
  DISCLOSURE_CATEGORIES,
  isDisclosureCategory,
  TOPICS,
  VALIDITY,
  type DisclosureCategory,
  type Topic,
  type Validity,
} from '../publications/categories.js';

/**
 * The column tree (栏目) of an agency's portal. The 政府信息公开 column and its
 * five first-level sub-columns follow 国办公开办函〔2019〕61号 and the national
 * practice (disclosure-structure §1, §5 requirements 1–6); the second level of
 * 法定主动公开内容 is one column per Art. 20 item and per Art. 21 area of the agency's
 * level (the county list, or the township list for 乡镇); beside
 * the disclosure column each agency may show the other columns county bureaus keep
 * (工作动态, 通知公告, …), in an order it chooses.
 */
export const COLUMN_KINDS = {
  root: { label: '政府信息公开', columnType: '信息公开目录' },
  guide: { label: '公开指南', columnType: '信息公开指南' },
  list: { label: '信息列表', columnType: '信息公开目录' },
  statutory: { label: '法定主动公开内容', columnType: '信息公开目录' },
  reports: { label: '年度报告', columnType: '信息公开年报' },
  request: { label: '依申请公开', columnType: '依法申请公开' },
} as const;
export type NationalColumnKind = keyof typeof COLUMN_KINDS;
/**
 * A column's kind: one of the national structure's (above), or one a feature
 * contributes through the registry (catalog.kinds.ts), which also renders it.
 */
export type ColumnKind = NationalColumnKind | (string & {});

export interface ColumnSeed {
  key: string;
  parentKey: string | null;
  kind: ColumnKind;
  category: DisclosureCategory | null;
  name: string;
  slug: string;
  article: string;
  fixed: boolean;
  hidden: boolean;
  hiddenReason: string;
  sortOrder: number;
}

export const ROOT_KEY = 'zfxxgk';
export const STATUTORY_KEY = 'fdzdgknr';

/** The national structure: titled exactly 政府信息公开, its sub-columns in this order. */
export const FIXED_COLUMNS: readonly ColumnSeed[] = [
  { key: 'zfxxgk', parentKey: null, kind: 'root', category: null, name: '政府信息公开', slug: 'zfxxgk', article: '', fixed: true, hidden: false, hiddenReason: '', sortOrder: 0 },
  { key: 'zfxxgkzn', parentKey: 'zfxxgk', kind: 'guide', category: null, name: '政府信息公开指南', slug: 'zfxxgkzn', article: '第十二条', fixed: true, hidden: false, hiddenReason: '', sortOrder: 10 },
  { key: 'zfxxgkzd', parentKey: 'zfxxgk', kind: 'list', category: 'disclosure_rules', name: '政府信息公开制度', slug: 'zfxxgkzd', article: '', fixed: true, hidden: false, hiddenReason: '', sortOrder: 20 },
  { key: 'fdzdgknr', parentKey: 'zfxxgk', kind: 'statutory', category: null, name: '法定主动公开内容', slug: 'fdzdgknr', article: '第二十条、第二十一条', fixed: true, hidden: false, hiddenReason: '', sortOrder: 30 },
  { key: 'zfxxgknb', parentKey: 'zfxxgk', kind: 'reports', category: 'annual_report', name: '政府信息公开年报', slug: 'zfxxgknb', article: '第四十九条', fixed: true, hidden: false, hiddenReason: '', sortOrder: 40 },
  { key: 'ysqgk', parentKey: 'zfxxgk', kind: 'request', category: null, name: '依申请公开', slug: 'ysqgk', article: '第二十七条', fixed: true, hidden: false, hiddenReason: '', sortOrder: 50 },
];

/** Fixed columns an agency may still switch off: only 依申请公开 (default on). */
export const HIDEABLE_FIXED_KEYS = new Set(['ysqgk']);

/** Agency-level columns beside 政府信息公开; 其他 starts hidden so a new agency has no needless blank column. */
const AGENCY_COLUMN_CATEGORIES: { category: DisclosureCategory; hidden: boolean }[] = [
  { category: 'work_news', hidden: false },
  { category: 'notices', hidden: false },
  { category: 'policy_interpretation', hidden: false },
  { category: 'personnel', hidden: false },
  { category: 'other', hidden: true },
];

export const DEFAULT_HIDDEN_REASON = '默认未启用';

/**
 * Art. 21 ¶1: what 设区的市级、县级 governments and their departments add to Art. 20,
 * "根据本地方的具体情况". The platform's `government` and `department` levels are these.
 */
export const ART21_COUNTY: readonly DisclosureCategory[] = [
  'art21_municipal',
  'art21_public_service',
  'art21_public_welfare',
  'art21_land_expropriation',
  'art21_housing_expropriation',
  'art21_public_security',
  'art21_social_assistance',
];

/** Art. 21 ¶2: the 乡（镇）人民政府's own list, in the Regulation's order. */
export const ART21_TOWNSHIP: readonly DisclosureCategory[] = [
  'art21_rural_policy',
  'art21_farmland_irrigation',
  'art21_land_contract_transfer',
  'art21_homestead_review',
  'art21_land_expropriation',
  'art21_housing_expropriation',
  'art21_pooled_funds_labour',
  'art21_social_assistance',
];

/** The second level of 法定主动公开内容 for an agency of this level: Art. 20's fifteen items, then its Art. 21 list. */
export function statutoryCategoriesFor(level: string): DisclosureCategory[] {
  const art20 = (Object.keys(DISCLOSURE_CATEGORIES) as DisclosureCategory[]).filter((k) => DISCLOSURE_CATEGORIES[k].group === 'art20');
  return [...art20, ...(level === 'township' ? ART21_TOWNSHIP : ART21_COUNTY)];
}

/**
 * Every column an agency of `level` starts with: the fixed ones, the statutory
 * columns of its level (15 + 7 for governments and departments, 15 + 8 for
 * townships), the agency-level ones.
 */
export function defaultColumns(level: string = 'department'): ColumnSeed[] {
  const statutory = statutoryCategoriesFor(level).map((key, i): ColumnSeed => {
    const c = DISCLOSURE_CATEGORIES[key];
    return {
      key,
      parentKey: STATUTORY_KEY,
      kind: 'list',
      category: key,
      name: c.label,
      slug: c.slug,
      article: c.article,
      fixed: false,
      hidden: false,
      hiddenReason: '',
      sortOrder: (i + 1) * 10,
    };
  });
  const agencyLevel = AGENCY_COLUMN_CATEGORIES.map(({ category, hidden }, i): ColumnSeed => {
    const c = DISCLOSURE_CATEGORIES[category];
    return {
      key: category,
      parentKey: null,
      kind: 'list',
      category,
      name: c.label,
      slug: c.slug,
      article: c.article,
      fixed: false,
      hidden,
      hiddenReason: hidden ? DEFAULT_HIDDEN_REASON : '',
      sortOrder: 100 + (i + 1) * 10,
    };
  });
  return [...FIXED_COLUMNS, ...statutory, ...agencyLevel];
}

/** What decides whether a column must stay visible: the agency's level and whether it is a 预算单位. */
export interface MandatoryContext {
  level: string;
  /** 1/true when the agency draws up its own budget (部门预算) and so must publish it. */
  budgetUnit: number | boolean;
}

/**
 * Columns an agency may not hide, with why (null when it may): (二) 机构职能 is
 * every administrative organ's, and (七) 财政预算、决算 every budget unit's
 * (预算法 Art. 14 requires 部门预算、决算 to be published). Others may be hidden
 * with a reason, as Art. 21's "根据本地方的具体情况" and an agency's remit allow.
 */
export function mandatoryReason(category: string | null, agency: MandatoryContext): string | null {
  if (category === 'art20_02') return '机关职能、机构设置、办公地址等是每个行政机关都必须主动公开的内容（条例第二十条第（二）项），该栏目不能隐藏';
  if (category === 'art20_07' && (agency.budgetUnit === true || agency.budgetUnit === 1)) {
    return '本机关是预算单位，必须公开财政预算、决算信息（条例第二十条第（七）项，预算法第十四条），该栏目不能隐藏';
  }
  return null;
}

/** Path segments a column slug may not take, because pages or other features use them. */
export const RESERVED_COLUMN_SLUGS = new Set([
  ...FIXED_COLUMNS.map((c) => c.slug),
  'content', 'ml', 'bzml', 'feed', 'feeds', 'files', 'attachments', 'search', 'office', 'api', 'static', 'requests', 'mailbox', 'rss', 'atom',
]);

export const SLUG_PATTERN = /^[a-z][a-z0-9-]{1,31}$/;

export const renameInput = z.object({
  name: text(40, { required: true, min: 2 }),
  slug: text(32, { required: true })
    .transform((v) => v.toLowerCase())
    .refine((v) => SLUG_PATTERN.test(v), '网址标识只能用小写字母、数字和连字符，以字母开头，2–32 位'),
  updateIntervalDays: z.preprocess(
    (v) => (v === '' || v == null ? null : v),
    intField('更新周期').pipe(z.number().min(1, '更新周期至少 1 天').max(3650, '更新周期不能超过 3650 天')).nullable(),
  ),
  /** Shown under "本机关暂无此类信息" while the column is empty; absent leaves it as it is. */
  emptyReason: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ message: '暂无信息的说明应为文本' }).max(200, '暂无信息的说明不能超过 200 字').optional()),
  version: intField('版本'),
});
export type RenameInput = z.infer<typeof renameInput>;

export const hideInput = z.object({
  reason: text(200, { required: true, min: 4 }),
  version: intField('版本'),
});

export const versionInput = z.object({ version: intField('版本') });

export const moveInput = z.object({
  direction: z.enum(['up', 'down'], { message: '方向应为 up 或 down' }),
  version: intField('版本'),
});

/** A column with its place in the tree, as pages and rules use it. */
export interface Column {
  id: number;
  agencyId: number;
  key: string;
  parentId: number | null;
  kind: ColumnKind;
  category: DisclosureCategory | null;
  name: string;
  slug: string;
  path: string;
  article: string;
  fixed: boolean;
  hidden: boolean;
  hiddenReason: string;
  sortOrder: number;
  updateIntervalDays: number | null;
  /** Why the column is empty, if the agency says: shown under "本机关暂无此类信息". */
  emptyReason: string;
  version: number;
}

export interface ColumnTree {
  /** Every column, in tree order (parents before children, siblings by sort order). */
  all: Column[];
  root: Column;
  /** First-level sub-columns of 政府信息公开, in the national order. */
  disclosure: Column[];
  statutoryParent: Column;
  /** The second level of 法定主动公开内容. */
  statutory: Column[];
  /** Columns beside 政府信息公开 at the agency level. */
  agencyLevel: Column[];
  byId: Map<number, Column>;
}

/** Builds the tree from flat rows; throws if the structure is incomplete (call `ensureColumns` first). */
export function buildTree(columns: Column[]): ColumnTree {
  const bySort = (a: Column, b: Column) => a.sortOrder - b.sortOrder || a.id - b.id;
  const byId = new Map(columns.map((c) => [c.id, c]));
  const root = columns.find((c) => c.key === ROOT_KEY);
  const statutoryParent = columns.find((c) => c.key === STATUTORY_KEY);
  if (!root || !statutoryParent) throw new Error('catalog: column structure incomplete');
  const disclosure = columns.filter((c) => c.parentId === root.id).sort(bySort);
  const statutory = columns.filter((c) => c.parentId === statutoryParent.id).sort(bySort);
  const agencyLevel = columns.filter((c) => c.parentId === null && c.id !== root.id).sort(bySort);
  const all: Column[] = [root];
  // Columns a feature hangs under a statutory column (the 发改 lifecycle columns under 重大建设项目).
  const withDescendants = (c: Column): Column[] => [c, ...columns.filter((x) => x.parentId === c.id).sort(bySort).flatMap(withDescendants)];
  for (const c of disclosure) {
    all.push(c);
    if (c.id === statutoryParent.id) all.push(...statutory.flatMap(withDescendants));
  }
  all.push(...agencyLevel);
  return { all, root, disclosure, statutoryParent, statutory, agencyLevel, byId };
}

/** Public URL path of a column in an agency: `/{agency}/{column path}`. */
export function columnUrl(agencySlug: string, column: Pick<Column, 'path'>): string {
  return `/${agencySlug}/${column.path}`;
}

export function publicationUrl(agencySlug: string, id: number): string {
  return `/${agencySlug}/zfxxgk/content/${id}`;
}

/** The categories a column's list shows: its own, or all its children's for 法定主动公开内容. */
export function categoriesOf(tree: ColumnTree, column: Column): DisclosureCategory[] {
  if (column.kind === 'statutory') return tree.statutory.map((c) => c.category).filter((c): c is DisclosureCategory => !!c);
  return column.category ? [column.category] : [];
}

/** The column that lists publications of a category (the one a publication page sits in). */
export function columnOfCategory(tree: ColumnTree, category: string): Column | undefined {
  return tree.all.find((c) => c.category === category);
}

/** The year an annual report covers: from its title (“2025年政府信息公开工作年度报告”), else the year before publication. */
export function reportYearOf(title: string, publishedAt: string): number {
  const m = /((?:19|20)\d{2})\s*年度?/.exec(title);
  if (m) return Number(m[1]);
  return Number(chinaDateOf(new Date(publishedAt)).slice(0, 4)) - 1;
}

/** The filters of a catalog list page, read leniently from the query string: unknown values are ignored. */
export interface ListFilters {
  category?: DisclosureCategory | undefined;
  topic?: Topic | undefined;
  year?: number | undefined;
  validity?: Validity | undefined;
  q?: string | undefined;
  sort: 'date' | 'title';
  page: number;
}

export const PAGE_SIZE = 20;
export const MAX_PAGE = 5000;

export function parseListFilters(raw: Record<string, unknown>, allowedCategories: readonly string[]): ListFilters {
  const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string).trim() : '');
  const category = str('category');
  const topic = str('topic');
  const validity = str('validity');
  const year = Number(str('year'));
  const page = Number(str('page'));
  const q = str('q').slice(0, 100);
  return {
    category: allowedCategories.includes(category) && isDisclosureCategory(category) ? category : undefined,
    topic: Object.hasOwn(TOPICS, topic) ? (topic as Topic) : undefined,
    year: Number.isInteger(year) && year >= 2000 && year <= 2999 ? year : undefined,
    validity: Object.hasOwn(VALIDITY, validity) ? (validity as Validity) : undefined,
    q: q || undefined,
    sort: str('sort') === 'title' ? 'title' : 'date',
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1,
  };
}

/** The query string for a list page with these filters (defaults left out), for links and the pager. */
export function filterQuery(f: ListFilters, overrides: Partial<ListFilters> = {}): string {
  const all = { ...f, ...overrides };
  const params = new URLSearchParams();
  if (all.category) params.set('category', all.category);
  if (all.topic) params.set('topic', all.topic);
  if (all.year) params.set('year', String(all.year));
  if (all.validity) params.set('validity', all.validity);
  if (all.q) params.set('q', all.q);
  if (all.sort !== 'date') params.set('sort', all.sort);
  if (all.page > 1) params.set('page', String(all.page));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function hasFilters(f: ListFilters): boolean {
  return !!(f.category || f.topic || f.year || f.validity || f.q);
}
