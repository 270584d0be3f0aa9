/**
 * The 基层政务公开标准目录 row (disclosure-structure §2.2, requirement 7) and its
 * closed vocabularies, the typed 公开时限 rule, and how each field is written in a
 * cell of the standard's table and read back. The cell notation is the one the
 * county catalogs print (■/□ for channels, √ for 对象/方式/层级), so an exported
 * sheet, the office's row form and an uploaded sheet all read and write the same
 * text: `cellsOf(parseCells(x)) === x` for every valid row (tested).
 */
import { z } from 'zod';
import type { FieldErrors } from '../../errors.js';
import { DEFAULT_PERIOD, type PeriodRule } from '../publications/publication.periods.js';

// ---------------------------------------------------------------- vocabularies

/**
 * 公开渠道和载体, the closed list of §2.2 (建德, 奉节). A row may add a domain
 * platform (投资项目在线审批监管平台, 信用中国网站…) as free text beside these.
 */
export const STANDARD_CHANNELS = [
  '政府网站',
  '政府公报',
  '两微一端',
  '发布会/听证会',
  '广播电视',
  '纸质媒体',
  '公开查阅点',
  '政务服务中心',
  '便民服务站',
  '入户/现场',
  '社区/企事业单位/村公示栏（电子屏）',
  '精准推送',
] as const;

/** Domain platforms the sources name, offered as suggestions (any other name is accepted). */
export const DOMAIN_PLATFORMS = ['投资项目在线审批监管平台', '公共资源交易平台', '信用中国网站', '招投标公共服务平台', '中国政府采购网'] as const;

export const isStandardChannel = (name: string): boolean => (STANDARD_CHANNELS as readonly string[]).includes(name);

/** 公开对象. */
export const AUDIENCES = { all: '全社会', specific: '特定群众' } as const;
export type Audience = keyof typeof AUDIENCES;

/** 公开方式. */
export const MODES = { proactive: '主动', on_request: '依申请' } as const;
export type Mode = keyof typeof MODES;

/** 公开层级: the two columns of the standard's table. */
export const LEVELS = { county: '县级', township: '乡级' } as const;
export type Level = keyof typeof LEVELS;
const LEVEL_KEYS = Object.keys(LEVELS) as Level[];

// ---------------------------------------------------------------- 公开时限

/** 公开时限 as a typed rule (requirement 7). */
export type TimeRule =
  | { kind: 'realtime' }
  | { kind: 'timely' }
  | { kind: 'wd_from_formed'; n: number }
  | { kind: 'wd_from_decision'; n: number }
  | { kind: 'annual_by'; date: string }
  | { kind: 'with_notice'; notice: string };

export const TIME_RULE_KINDS = {
  realtime: '实时公开',
  timely: '及时公开',
  wd_from_formed: '自信息形成（或者变更）之日起若干个工作日内',
  wd_from_decision: '自作出决定之日起若干个工作日内',
  annual_by: '每年某月某日前',
  with_notice: '随某项公告一并公开',
} as const;

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The rule as the catalogs print it. */
export function timeRuleText(r: TimeRule): string {
  switch (r.kind) {
    case 'realtime':
      return '实时公开';
    case 'timely':
      return '及时公开';
    case 'wd_from_formed':
      return `信息形成（或者变更）之日起${r.n}个工作日内`;
    case 'wd_from_decision':
      return `作出决定之日起${r.n}个工作日内`;
    case 'annual_by': {
      const [m, d] = r.date.split('-').map(Number);
      return `每年${m}月${d}日前`;
    }
    case 'with_notice':
      return `随${r.notice}公开`;
  }
}

/** Reads a 公开时限 cell back; null when it is none of the rule's forms. */
export function parseTimeRule(text: string): TimeRule | null {
  const s = text.trim();
  if (s === '实时公开') return { kind: 'realtime' };
  if (s === '及时公开') return { kind: 'timely' };
  let m = /^(?:自)?信息形成[（(]或者?变更[)）]之日起(\d{1,3})个工作日内(?:公开)?$/.exec(s);
  if (m) return wd('wd_from_formed', Number(m[1]));
  m = /^(?:自)?作出(?:行政)?决定之日起(\d{1,3})个工作日内(?:公开)?$/.exec(s);
  if (m) return wd('wd_from_decision', Number(m[1]));
  m = /^每年(\d{1,2})月(\d{1,2})日前$/.exec(s);
  if (m) {
    const month = Number(m[1]);
    const day = Number(m[2]);
    if (month < 1 || month > 12 || day < 1 || day > MONTH_DAYS[month - 1]!) return null;
    return { kind: 'annual_by', date: `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
  }
  m = /^随(.+)公开$/.exec(s);
  if (m && !/[\r\n]/.test(m[1]!)) return { kind: 'with_notice', notice: m[1]!.trim() };
  return null;
}

function wd(kind: 'wd_from_formed' | 'wd_from_decision', n: number): TimeRule | null {
  return n >= 1 && n <= 365 ? { kind, n } : null;
}

/**
 * The publication period a row's rule gives the timeliness monitor, or null when
 * the rule sets no countable period of its own (实时, 及时, 随公告, and 每年…前,
 * which is a date not a period from the item): then the category's rule (Art. 26
 * or the law that sets another) stays the upper bound.
 */
export function periodRuleOfRow(r: TimeRule): PeriodRule | null {
  if (r.kind === 'wd_from_formed') return r.n === DEFAULT_PERIOD.n ? DEFAULT_PERIOD : { kind: 'wd_from_formed', n: r.n, law: 'standard_catalog' };
  if (r.kind === 'wd_from_decision') return { kind: 'wd_from_decision', n: r.n, law: r.n === 7 ? 'double_publicity' : 'standard_catalog' };
  return null;
}

export const sameRule = (a: PeriodRule, b: PeriodRule) => a.kind === b.kind && a.n === b.n;

// ---------------------------------------------------------------- the row

export interface Basis {
  title: string;
  url: string;
}

export interface Channel {
  name: string;
  required: boolean;
}

/** The fields of a row that the standard's table shows, i.e. what a sheet carries. */
export interface RowContent {
  level1: string;
  level2: string;
  level3: string;
  elements: string[];
  basis: Basis[];
  timeRule: TimeRule;
  subject: string;
  channels: Channel[];
  audience: Audience;
  audienceGroup: string;
  mode: Mode;
  levels: Level[];
}

export interface CatalogRow extends RowContent {
  id: number;
  agencyId: number;
  domain: string;
  subjectAgencyId: number | null;
  columnKey: string | null;
  sortOrder: number;
  version: number;
}

// ---------------------------------------------------------------- structured input (API)

const cellText = (max: number, label: string) =>
  z
    .string({ message: `${label}应为文本` })
    .transform((v) => v.trim())
    .pipe(z.string().max(max, `${label}不能超过 ${max} 个字`).refine((v) => !/[\r\n]/.test(v), `${label}不能换行`));

const timeRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('realtime') }),
  z.object({ kind: z.literal('timely') }),
  z.object({ kind: z.literal('wd_from_formed'), n: z.number().int().min(1).max(365) }),
  z.object({ kind: z.literal('wd_from_decision'), n: z.number().int().min(1).max(365) }),
  z.object({ kind: z.literal('annual_by'), date: z.string().regex(/^\d{2}-\d{2}$/, '日期格式为 MM-DD') }),
  z.object({ kind: z.literal('with_notice'), notice: cellText(60, '随附公告').pipe(z.string().min(1, '请填写随哪项公告公开')) }),
], { message: '公开时限的类型无效' });

/** A row as the API takes it. */
export const rowInput = z
  .object({
    domain: cellText(60, '领域').pipe(z.string().min(1, '请填写领域')),
    level1: cellText(100, '一级事项').pipe(z.string().min(1, '请填写一级事项')),
    level2: cellText(200, '二级事项').pipe(z.string().min(1, '请填写二级事项')),
    level3: z.preprocess((v) => v ?? '', cellText(200, '三级事项')),
    elements: z.array(cellText(200, '公开内容').pipe(z.string().min(1).refine((v) => !v.includes('、'), '每个要素单独一项，不要用顿号连接'))).min(1, '至少一个公开要素').max(60),
    basis: z.array(z.object({ title: cellText(200, '依据名称').pipe(z.string().min(1)), url: z.preprocess((v) => v ?? '', z.string().trim().refine((v) => v === '' || /^https?:\/\/\S+$/.test(v), '网址应以 http:// 或 https:// 开头')) })).max(30),
    timeRule: timeRuleSchema,
    subject: cellText(100, '公开主体').pipe(z.string().min(1, '请填写公开主体')),
    subjectAgencyId: z.number().int().positive().nullable().optional(),
    channels: z.array(z.object({ name: cellText(60, '渠道').pipe(z.string().min(1).refine((v) => !/^[■□]/.test(v), '渠道名称不要带■/□')), required: z.boolean() })).min(1, '至少一个公开渠道').max(30),
    audience: z.enum(['all', 'specific'], { message: '公开对象应为 all（全社会）或 specific（特定群众）' }),
    audienceGroup: z.preprocess((v) => v ?? '', cellText(60, '特定群众')),
    mode: z.enum(['proactive', 'on_request'], { message: '公开方式应为 proactive（主动）或 on_request（依申请）' }),
    levels: z.array(z.enum(['county', 'township'])).min(1, '至少一个公开层级'),
    columnKey: z.string().trim().max(60).nullable().optional(),
  })
  .superRefine((r, ctx) => {
    if (r.audience === 'all' && r.audienceGroup) ctx.addIssue({ code: 'custom', path: ['audienceGroup'], message: '公开对象为全社会时不填群体' });
    if (r.timeRule.kind === 'annual_by') {
      const [m, d] = r.timeRule.date.split('-').map(Number);
      if (!m || m > 12 || !d || d > MONTH_DAYS[m - 1]!) ctx.addIssue({ code: 'custom', path: ['timeRule', 'date'], message: '日期无效' });
    }
    const names = r.channels.map((c) => c.name);
    if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', path: ['channels'], message: '渠道重复' });
  });
export type RowInput = z.infer<typeof rowInput>;

// ---------------------------------------------------------------- cells (sheet, HTML, office form)

/** The standard's table: group heading, sub-heading (or null for a single column). */
export const SHEET_COLUMNS = [
  { key: 'seq', group: '序号', sub: null },
  { key: 'level1', group: '公开事项', sub: '一级事项' },
  { key: 'level2', group: '公开事项', sub: '二级事项' },
  { key: 'level3', group: '公开事项', sub: '三级事项' },
  { key: 'elements', group: '公开内容（要素）', sub: null },
  { key: 'basis', group: '公开依据', sub: null },
  { key: 'timeRule', group: '公开时限', sub: null },
  { key: 'subject', group: '公开主体', sub: null },
  { key: 'channels', group: '公开渠道和载体', sub: null },
  { key: 'audienceAll', group: '公开对象', sub: '全社会' },
  { key: 'audienceSpecific', group: '公开对象', sub: '特定群众' },
  { key: 'modeProactive', group: '公开方式', sub: '主动' },
  { key: 'modeOnRequest', group: '公开方式', sub: '依申请' },
  { key: 'levelCounty', group: '公开层级', sub: '县级' },
  { key: 'levelTownship', group: '公开层级', sub: '乡级' },
] as const;
export type SheetKey = (typeof SHEET_COLUMNS)[number]['key'];
export type Cells = Record<Exclude<SheetKey, 'seq'>, string>;

/** Only 三级事项 may be left out (most catalogs have two levels). */
export const OPTIONAL_SHEET_KEYS: ReadonlySet<SheetKey> = new Set(['level3']);

export const headingOf = (c: (typeof SHEET_COLUMNS)[number]) => (c.sub ? `${c.group}/${c.sub}` : c.group);

/** The columns a sheet of these rows shows: 三级事项 only when a row has one. */
export function sheetColumnsFor(rows: readonly RowContent[]) {
  const level3 = rows.some((r) => r.level3 !== '');
  return SHEET_COLUMNS.filter((c) => c.key !== 'level3' || level3);
}

export const TICK = '√';
const LINK = /^(.*)（链接：(https?:\/\/\S+)）$/;

export function cellsOf(r: RowContent): Cells {
  return {
    level1: r.level1,
    level2: r.level2,
    level3: r.level3,
    elements: r.elements.length ? `${r.elements.join('、')}等` : '',
    basis: r.basis.map((b) => (b.url ? `${b.title}（链接：${b.url}）` : b.title)).join('\n'),
    timeRule: timeRuleText(r.timeRule),
    subject: r.subject,
    channels: r.channels.map((c) => `${c.required ? '■' : '□'}${c.name}`).join('\n'),
    audienceAll: r.audience === 'all' ? TICK : '',
    audienceSpecific: r.audience === 'specific' ? (r.audienceGroup ? `${TICK}（${r.audienceGroup}）` : TICK) : '',
    modeProactive: r.mode === 'proactive' ? TICK : '',
    modeOnRequest: r.mode === 'on_request' ? TICK : '',
    levelCounty: r.levels.includes('county') ? TICK : '',
    levelTownship: r.levels.includes('township') ? TICK : '',
  };
}

const lines = (s: string) => s.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
const ticked = (s: string) => s.trim().startsWith(TICK) || s.trim() === '✓' || s.trim() === '✔';

/**
 * A row from the cells of one line of a sheet (or the office's row form), with
 * a message per field for whatever does not read: the result goes through
 * `rowInput` as well, so a sheet and the API accept exactly the same rows.
 */
export function parseCells(cells: Partial<Cells>, domain: string): { row: RowInput; errors: null } | { row: null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const c = (k: keyof Cells) => (cells[k] ?? '').trim();
  const elementsCell = c('elements').replace(/等$/, '');
  const elements = elementsCell === '' ? [] : elementsCell.split('、').map((e) => e.trim());
  const basis = lines(c('basis')).map((l) => {
    const m = LINK.exec(l);
    return m ? { title: m[1]!.trim(), url: m[2]! } : { title: l, url: '' };
  });
  const timeRule = parseTimeRule(c('timeRule'));
  if (!timeRule) errors.timeRule = `无法识别的公开时限“${c('timeRule')}”：应为“实时公开”“及时公开”“信息形成（或者变更）之日起N个工作日内”“作出决定之日起N个工作日内”“每年M月D日前”或“随……公开”`;
  const channels: Channel[] = [];
  for (const l of lines(c('channels'))) {
    if (l.startsWith('■') || l.startsWith('□')) channels.push({ name: l.slice(1).trim(), required: l.startsWith('■') });
    else errors.channels = `渠道“${l}”前应标“■”（必选）或“□”（可选）`;
  }
  const all = ticked(c('audienceAll'));
  const specificCell = c('audienceSpecific');
  const specific = ticked(specificCell);
  if (all === specific) errors.audience = '公开对象须在“全社会”或“特定群众”中勾选一项';
  const group = specific ? (/^[√✓✔][（(](.*)[)）]$/.exec(specificCell)?.[1]?.trim() ?? '') : '';
  const proactive = ticked(c('modeProactive'));
  const onRequest = ticked(c('modeOnRequest'));
  if (proactive === onRequest) errors.mode = '公开方式须在“主动”或“依申请”中勾选一项';
  const levels = LEVEL_KEYS.filter((l) => ticked(c(l === 'county' ? 'levelCounty' : 'levelTownship')));
  for (const [k, v] of Object.entries({ audienceAll: c('audienceAll'), modeProactive: c('modeProactive'), modeOnRequest: c('modeOnRequest'), levelCounty: c('levelCounty'), levelTownship: c('levelTownship') })) {
    if (v !== '' && !ticked(v)) errors[k] = `“${v}”不是勾选标记，应为“√”或留空`;
  }
  if (specificCell !== '' && !specific) errors.audienceSpecific = `“${specificCell}”不是勾选标记，应为“√”或“√（群体名称）”`;
  const candidate = {
    domain,
    level1: c('level1'),
    level2: c('level2'),
    level3: c('level3'),
    elements,
    basis,
    timeRule: timeRule ?? { kind: 'timely' },
    subject: c('subject'),
    channels,
    audience: specific && !all ? 'specific' : 'all',
    audienceGroup: group,
    mode: onRequest && !proactive ? 'on_request' : 'proactive',
    levels,
  };
  const parsed = rowInput.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '_');
      errors[key] ??= issue.message;
    }
  }
  return Object.keys(errors).length || !parsed.success ? { row: null, errors } : { row: parsed.data, errors: null };
}

/** What a row's content is, compared for a lossless round trip. */
export function contentOf(r: RowContent): RowContent {
  return {
    level1: r.level1,
    level2: r.level2,
    level3: r.level3,
    elements: [...r.elements],
    basis: r.basis.map((b) => ({ title: b.title, url: b.url })),
    timeRule: r.timeRule,
    subject: r.subject,
    channels: r.channels.map((c) => ({ name: c.name, required: c.required })),
    audience: r.audience,
    audienceGroup: r.audienceGroup,
    mode: r.mode,
    levels: LEVEL_KEYS.filter((l) => r.levels.includes(l)),
  };
}

/** The identity of a row within a domain, by which an import keeps a row's column and links. */
export const rowKey = (r: Pick<RowContent, 'level1' | 'level2' | 'level3'>) => `${r.level1}\u0000${r.level2}\u0000${r.level3}`;
