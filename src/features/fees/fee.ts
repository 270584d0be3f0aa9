/**
 * The rules of an agency's price and fee lists (条例 Art. 20(八), spec §2.5 and
 * requirement 19), as plain functions: the two lists, an item's status and the
 * changes that move it, what a change needs (dates in order, a basis, a standard),
 * which version of an item stands on a given date, the wording of the dated
 * announcement each change is published as, the bulletin notice, and the CSV.
 * No I/O here; the service applies them.
 */
import type { FieldErrors } from '../../errors.js';
import { isIsoDate, type IsoDate } from '../../lib/dates.js';
import { parseDecimal4 } from '../../lib/decimal.js';

/** The two lists an agency keeps. Both live under Art. 20(八) in the catalog. */
export const FEE_LISTS = {
  admin_fee: { label: '行政事业性收费', noun: '收费项目', standardNoun: '收费标准', topic: 'finance' },
  price: { label: '政府定价（定价目录）', noun: '价格项目', standardNoun: '价格', topic: 'economy' },
} as const;
export type FeeList = keyof typeof FEE_LISTS;
export const FEE_LIST_KEYS = Object.keys(FEE_LISTS) as FeeList[];
export const isFeeList = (v: unknown): v is FeeList => typeof v === 'string' && Object.hasOwn(FEE_LISTS, v);

/** An item's status as of a version. */
export const FEE_STATUSES = {
  active: { label: '有效' },
  stopped: { label: '已停征' },
  abolished: { label: '已废止' },
} as const;
export type FeeStatus = keyof typeof FEE_STATUSES;

/**
 * The changes that make versions: from which statuses each may be made and the
 * status it leaves. An add has no status before it; only an add and an amendment
 * carry new terms, the others keep the terms of the version they follow.
 */
export const FEE_CHANGE_KINDS = {
  add: { label: '新增', from: [], to: 'active', terms: true },
  amend: { label: '调整', from: ['active'], to: 'active', terms: true },
  stop: { label: '停征', from: ['active'], to: 'stopped', terms: false },
  abolish: { label: '废止', from: ['active', 'stopped'], to: 'abolished', terms: false },
  restore: { label: '恢复', from: ['stopped', 'abolished'], to: 'active', terms: false },
} as const satisfies Record<string, { label: string; from: readonly FeeStatus[]; to: FeeStatus; terms: boolean }>;
export type FeeChangeKind = keyof typeof FEE_CHANGE_KINDS;
export const FEE_CHANGE_KIND_KEYS = Object.keys(FEE_CHANGE_KINDS) as FeeChangeKind[];
export const isFeeChangeKind = (v: unknown): v is FeeChangeKind => typeof v === 'string' && Object.hasOwn(FEE_CHANGE_KINDS, v);

/**
 * Where a change stands. It is `pending` from the moment it is proposed until
 * its announcement is published (then `published`, a version of the item), or
 * the announcement's draft is deleted (then `cancelled`, kept for the record).
 */
export const FEE_CHANGE_STATES = {
  pending: { label: '待公告发布' },
  published: { label: '已公布' },
  cancelled: { label: '已取消' },
} as const;
export type FeeChangeState = keyof typeof FEE_CHANGE_STATES;

export interface FeeBasis {
  /** 文件名称, e.g. 《示例省发展和改革委员会关于…的通知》 */
  title: string;
  /** 文号, e.g. 示发改价格〔2024〕12号; may be empty for a law. */
  number: string;
  /** Where the document can be read, http(s). */
  url: string;
}

/** What an item says in one version. */
export interface FeeTerms {
  name: string;
  basis: FeeBasis[];
  /** 标准 exactly as published, e.g. 每立方米 2.80 元. */
  standard: string;
  /** The standard's number, for sorting (canonical decimal text), when it has one. */
  amount: string | null;
  /** The unit of `amount`, e.g. 元/立方米. */
  amountUnit: string;
  /** 收费单位 (or, for a price, 执行单位). */
  collectingUnit: string;
  validFrom: IsoDate;
  /** Null: 长期. */
  validTo: IsoDate | null;
  notes: string;
}

/** A version as the rules see it. */
export interface FeeVersion extends FeeTerms {
  versionNo: number;
  kind: FeeChangeKind;
  status: FeeStatus;
  effectiveDate: IsoDate;
  writtenDate: IsoDate;
  reason: string;
}

// ---------------------------------------------------------------- names and amounts

/** Two names are the same item when they differ only in width, spaces or brackets' width. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** A non-negative decimal with at most four places, canonical; null when not one. */
export const parseAmount = (raw: string): string | null => parseDecimal4(raw);

/** Orders canonical amounts exactly (as scaled integers); a missing amount sorts last. */
export function compareAmounts(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const scaled = (s: string) => {
    const [i, f = ''] = s.split('.');
    return BigInt(i!) * 10_000n + BigInt(f.padEnd(4, '0'));
  };
  const d = scaled(a) - scaled(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

// ---------------------------------------------------------------- a change's problems

export interface ChangeDates {
  writtenDate: string | null | undefined;
  effectiveDate: string | null | undefined;
}

/**
 * Problems of a change's dates: 成文日期 not after today (it is the date of a
 * document that exists), 生效日期 not before 成文日期, and not before the date the
 * current version took effect (history is appended to, never rewritten).
 */
export function changeDateProblems(d: ChangeDates, today: IsoDate, currentEffective: IsoDate | null): FieldErrors {
  const f: FieldErrors = {};
  if (!d.writtenDate) f.writtenDate = '请填写成文日期';
  else if (!isIsoDate(d.writtenDate)) f.writtenDate = '成文日期不是有效日期，应为 YYYY-MM-DD';
  else if (d.writtenDate > today) f.writtenDate = `成文日期不能晚于今天（${today}）`;
  if (!d.effectiveDate) f.effectiveDate = '请填写生效日期';
  else if (!isIsoDate(d.effectiveDate)) f.effectiveDate = '生效日期不是有效日期，应为 YYYY-MM-DD';
  else if (d.writtenDate && isIsoDate(d.writtenDate) && d.effectiveDate < d.writtenDate) f.effectiveDate = `生效日期不能早于成文日期（${d.writtenDate}）`;
  else if (currentEffective && d.effectiveDate < currentEffective) f.effectiveDate = `生效日期不能早于现行版本的生效日期（${currentEffective}）`;
  return f;
}

/** Problems of the terms the schema cannot see: validity in order, an amount that is a number, a unit with it. */
export function termsProblems(t: { validFrom: string | null | undefined; validTo: string | null | undefined; longTerm: boolean; amount: string; amountUnit: string }): FieldErrors {
  const f: FieldErrors = {};
  if (!t.validFrom) f.validFrom = '请填写有效期起始日期';
  else if (!isIsoDate(t.validFrom)) f.validFrom = '有效期起始日期不是有效日期，应为 YYYY-MM-DD';
  if (t.longTerm) {
    if (t.validTo) f.validTo = '选择“长期有效”时不填写截止日期';
  } else if (!t.validTo) f.validTo = '请填写有效期截止日期，或选择“长期有效”';
  else if (!isIsoDate(t.validTo)) f.validTo = '有效期截止日期不是有效日期，应为 YYYY-MM-DD';
  else if (t.validFrom && isIsoDate(t.validFrom) && t.validTo < t.validFrom) f.validTo = `有效期截止日期不能早于起始日期（${t.validFrom}）`;
  if (t.amount !== '' && parseAmount(t.amount) === null) f.amount = '金额应为不带单位的数字，最多 4 位小数，例如 2.8；标准原文写在“标准”中';
  if (t.amount !== '' && !t.amountUnit) f.amountUnit = '填写了金额时请填写计量单位，例如 元/立方米';
  return f;
}

/** Whether a change of `kind` may follow an item in `status` (null: no version yet); a message when not. */
export function transitionProblem(kind: FeeChangeKind, status: FeeStatus | null): string | null {
  const def = FEE_CHANGE_KINDS[kind];
  if (kind === 'add') return status === null ? null : '该项目已在清单中';
  if (status === null) return '该项目尚未公布，不能变更';
  if ((def.from as readonly FeeStatus[]).includes(status)) return null;
  const st = FEE_STATUSES[status].label;
  if (kind === 'amend') return `该项目${st}，不能调整标准；如需继续征收，请先“恢复”`;
  return `该项目${st}，不能${def.label}`;
}

// ---------------------------------------------------------------- versions over time

/**
 * The version of an item that stands on `date`: of the published versions whose
 * 生效日期 has come, the one that took effect last (a later version number wins a
 * tie). Undefined when none had taken effect by then.
 */
export function versionOn<V extends { versionNo: number; effectiveDate: string }>(versions: readonly V[], date: IsoDate): V | undefined {
  let best: V | undefined;
  for (const v of versions) {
    if (v.effectiveDate > date) continue;
    if (!best || v.effectiveDate > best.effectiveDate || (v.effectiveDate === best.effectiveDate && v.versionNo > best.versionNo)) best = v;
  }
  return best;
}

/** Published versions not yet in effect on `date`, earliest first: what the public is told is coming. */
export function upcoming<V extends { versionNo: number; effectiveDate: string }>(versions: readonly V[], date: IsoDate): V[] {
  return versions.filter((v) => v.effectiveDate > date).sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.versionNo - b.versionNo);
}

/** How an item's validity reads in the list. */
export function validityText(t: { validFrom: string; validTo: string | null }): string {
  return t.validTo ? `${t.validFrom} 至 ${t.validTo}` : `${t.validFrom} 起长期有效`;
}

/** The status shown for a version on `date`: its own, or 已过有效期 once the validity has run out. */
export function statusOn(v: { status: FeeStatus; validTo: string | null }, date: IsoDate): string {
  if (v.status === 'active' && v.validTo && v.validTo < date) return '已过有效期';
  return FEE_STATUSES[v.status].label;
}

export const basisText = (basis: readonly FeeBasis[]) => basis.map((b) => (b.number ? `${b.title}（${b.number}）` : b.title)).join('；');

// ---------------------------------------------------------------- the announcement

/** The announcement's title, e.g. 关于调整居民生活用水价格的公告. */
export function announcementTitle(list: FeeList, kind: FeeChangeKind, name: string): string {
  const noun = list === 'price' ? '价格' : '收费标准';
  switch (kind) {
    case 'add':
      return list === 'price' ? `关于制定${name}的公告` : `关于新增${name}收费项目的公告`;
    case 'amend':
      return list === 'price' && name.includes('价格') ? `关于调整${name}的公告` : `关于调整${name}${noun}的公告`;
    case 'stop':
      return list === 'price' ? `关于停止执行${name}的公告` : `关于停止征收${name}的公告`;
    case 'abolish':
      return `关于废止${name}的公告`;
    case 'restore':
      return list === 'price' ? `关于恢复执行${name}的公告` : `关于恢复征收${name}的公告`;
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The announcement's body (HTML the publications sanitizer accepts): what changes,
 * from when and why, with the item's terms in a table and, for an amendment, the
 * standard before and after. Staff may polish the wording in the draft; the list
 * itself is driven by the change record, not by this text.
 */
export function announcementBody(c: { agencyName: string; list: FeeList; kind: FeeChangeKind; reason: string; effectiveDate: IsoDate; terms: FeeTerms; previous: FeeTerms | null; listUrl: string }): string {
  const L = FEE_LISTS[c.list];
  const t = c.terms;
  const what = FEE_CHANGE_KINDS[c.kind].label;
  const rows: [string, string][] = [
    ['项目', t.name],
    ['依据', basisText(t.basis)],
    [L.standardNoun, t.standard],
    ...(c.kind === 'amend' && c.previous && c.previous.standard !== t.standard ? ([[`原${L.standardNoun}`, c.previous.standard]] as [string, string][]) : []),
    [c.list === 'price' ? '执行单位' : '收费单位', t.collectingUnit],
    ['有效期', validityText(t)],
    ...(t.notes ? ([['备注', t.notes]] as [string, string][]) : []),
  ];
  const lead =
    c.kind === 'add'
      ? `经研究，决定将“${t.name}”列入本机关${L.label}清单，自 ${c.effectiveDate} 起执行。`
      : c.kind === 'amend'
        ? `经研究，决定调整“${t.name}”的${L.standardNoun}，自 ${c.effectiveDate} 起执行。`
        : `经研究，决定${what}“${t.name}”，自 ${c.effectiveDate} 起执行。`;
  return [
    `<p>${esc(lead)}</p>`,
    `<p>${esc(`${what}理由：${c.reason}`)}</p>`,
    '<table>',
    `<caption>${esc(`${t.name}（${what}后）`)}</caption>`,
    '<tbody>',
    ...rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`),
    '</tbody>',
    '</table>',
    `<p>${esc(`${c.agencyName}${L.label}清单及历次变更记录见：`)}<a href="${esc(c.listUrl)}">${esc(c.listUrl)}</a></p>`,
    `<p>${esc(`特此公告。`)}</p>`,
  ].join('');
}

/** The announcement's summary line (摘要). */
export function announcementSummary(list: FeeList, kind: FeeChangeKind, t: FeeTerms, effectiveDate: IsoDate): string {
  return `${FEE_CHANGE_KINDS[kind].label}${FEE_LISTS[list].label}项目“${t.name}”，${FEE_LISTS[list].standardNoun}：${t.standard}，自 ${effectiveDate} 起执行。`;
}

// ---------------------------------------------------------------- exports

export const FEE_EXPORT_COLUMNS = [
  { key: 'name', label: '项目', width: 28 },
  { key: 'basis', label: '依据', width: 48 },
  { key: 'standard', label: '标准', width: 30 },
  { key: 'amount', label: '金额', width: 10 },
  { key: 'amountUnit', label: '计量单位', width: 12 },
  { key: 'collectingUnit', label: '收费（执行）单位', width: 26 },
  { key: 'validity', label: '有效期', width: 26 },
  { key: 'status', label: '状态', width: 10 },
  { key: 'effectiveDate', label: '现行版本生效日期', width: 14 },
  { key: 'versionNo', label: '版本', width: 6 },
  { key: 'notes', label: '备注', width: 30 },
] as const;
export type FeeExportRow = Record<(typeof FEE_EXPORT_COLUMNS)[number]['key'], string>;

export function exportRow(v: FeeVersion, date: IsoDate): FeeExportRow {
  return {
    name: v.name,
    basis: basisText(v.basis),
    standard: v.standard,
    amount: v.amount ?? '',
    amountUnit: v.amountUnit,
    collectingUnit: v.collectingUnit,
    validity: validityText(v),
    status: statusOn(v, date),
    effectiveDate: v.effectiveDate,
    versionNo: String(v.versionNo),
    notes: v.notes,
  };
}

/** A cell a spreadsheet would run as a formula (= + - @, tab, CR) is kept as text by a leading apostrophe. */
export function inertCell(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The list as CSV for Excel: UTF-8 with a BOM, CRLF, every cell formula-guarded. */
export function feeCsv(rows: readonly FeeExportRow[]): string {
  const lines = [FEE_EXPORT_COLUMNS.map((c) => c.label), ...rows.map((r) => FEE_EXPORT_COLUMNS.map((c) => inertCell(r[c.key])))];
  return `\uFEFF${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------- bulletin notice

export interface NoticeContent {
  title: string;
  sections: { heading: string; text: string }[];
  pageUrl: string;
  agencyId: number;
}

/**
 * What a fee list's bulletin notice (公示栏) says: the list as of a date, one
 * section per item with its basis, standard, unit and validity, pointing at the
 * public list page. Pure, so the print feature renders it as it likes.
 */
export function feeListNotice(
  agency: { id: number; name: string; slug: string },
  list: FeeList,
  items: readonly FeeVersion[],
  where: { publicUrl: string; asOf: IsoDate },
): NoticeContent {
  const L = FEE_LISTS[list];
  const shown = items.filter((v) => v.status === 'active');
  const sections = shown.length
    ? shown.map((v) => ({
        heading: v.name,
        text: [
          `${L.standardNoun}：${v.standard}`,
          `依据：${basisText(v.basis)}`,
          `${list === 'price' ? '执行单位' : '收费单位'}：${v.collectingUnit}`,
          `有效期：${validityText(v)}`,
          ...(v.notes ? [`备注：${v.notes}`] : []),
        ].join('\n'),
      }))
    : [{ heading: L.label, text: `截至 ${where.asOf}，本机关无现行${L.label}项目。` }];
  return {
    title: `${agency.name}${L.label}清单（截至 ${where.asOf}）`,
    sections,
    pageUrl: `${where.publicUrl}${feeListPath(agency.slug, list)}`,
    agencyId: agency.id,
  };
}

/** The public page of an agency's list. */
export const feeListPath = (agencySlug: string, list?: FeeList) => `/${agencySlug}/zfxxgk/sfxm${list ? `?list=${list}` : ''}`;
export const feeItemPath = (agencySlug: string, itemId: number) => `/${agencySlug}/zfxxgk/sfxm/${itemId}`;

/** Rows of basis documents an office form offers (the API takes up to MAX_BASIS). */
export const MAX_BASIS_ROWS = 3;
