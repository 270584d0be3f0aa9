/**
 * Building a report's figures from counts over the platform's records, what each
 * cell counts (so the office can open the records behind it), and the draft of
 * the narrative sections. Pure: the counts come from the features that own the
 * records (publication.statistics, request.statistics).
 */
import { DISCLOSURE_CATEGORIES } from '../publications/categories.js';
import type { DocumentKindFigures, DocumentMeasure } from '../publications/publication.statistics.js';
import {
  APPEAL_RESULTS,
  APPEAL_TYPES,
  APPLICANT_KINDS,
  OUTCOME_GROUPS,
  REQUEST_OUTCOMES,
  type AppealResult,
  type AppealType,
  type ApplicantKind,
  type RequestOutcome,
} from '../requests/request.js';
import type { AppealYearCount, RequestYearCount, YearEnd, YearStart } from '../requests/request.statistics.js';
import { emptyFigures, PROACTIVE_2021, REQUEST_COLUMNS, REQUEST_ROWS_2021, REVIEW_GROUPS, REVIEW_RESULTS, type ReportFigures } from './annual-report.js';

/** The cells of table 二 the platform does not hold: entered in the office with their source. */
export const ENTERED_CELLS = [
  { key: 'licensing', row: '行政许可', column: '本年处理决定数量', unit: '件' },
  { key: 'penalties', row: '行政处罚', column: '本年处理决定数量', unit: '件' },
  { key: 'enforcement', row: '行政强制', column: '本年处理决定数量', unit: '件' },
  { key: 'fees', row: '行政事业性收费', column: '本年收费金额（单位：万元）', unit: '万元' },
] as const;
export type EnteredKey = (typeof ENTERED_CELLS)[number]['key'];

/** An entered figure: its value and where it comes from (a system, a ledger, a department's return). */
export interface EnteredFigure {
  value: number | null;
  source: string;
}
export type ReportInputs = Partial<Record<EnteredKey, EnteredFigure>>;

/** Table 三's columns by applicant kind, in REQUEST_COLUMNS order. */
export const APPLICANT_COLUMN: Record<ApplicantKind, number> = {
  natural_person: 0,
  commercial: 1,
  research: 2,
  public_interest: 3,
  legal_service: 4,
  other_org: 5,
};

const REVIEW_TYPE_GROUP: Record<AppealType, number> = { reconsideration: 0, litigation_direct: 1, litigation_after_reconsideration: 2 };
const REVIEW_RESULT_COLUMN: Record<AppealResult, number> = { upheld: 0, corrected: 1, other: 2, pending: 3 };

const KIND_ROWS = { regulation: '规章', normative: '行政规范性文件' } as const;
const MEASURE_COLUMNS: Record<DocumentMeasure, string> = { made: '本年制发件数', abolished: '本年废止件数', in_force: '现行有效件数' };

export interface ReportSources {
  documents: DocumentKindFigures;
  inputs: ReportInputs;
  requests: readonly RequestYearCount[];
  appeals: readonly AppealYearCount[];
}

const rowOfStart = (s: YearStart) => REQUEST_ROWS_2021.find((r) => r.role === s)!.label;
const rowOfEnd = (e: YearEnd) => (e === 'forward' ? REQUEST_ROWS_2021.find((r) => r.role === 'carried_forward')!.label : REQUEST_ROWS_2021.find((r) => r.outcome === e)!.label);
const TOTAL_ROW = REQUEST_ROWS_2021.find((r) => r.role === 'total')!.label;

/** The 2021-format figures from the records' counts and the entered figures. */
export function buildFigures(src: ReportSources): ReportFigures {
  const f = emptyFigures('2021');
  for (const [kind, row] of Object.entries(KIND_ROWS) as [keyof typeof KIND_ROWS, string][]) {
    for (const [m, col] of Object.entries(MEASURE_COLUMNS) as [DocumentMeasure, string][]) f.proactive[row]![col] = src.documents[kind][m];
  }
  for (const c of ENTERED_CELLS) f.proactive[c.row]![c.column] = src.inputs[c.key]?.value ?? null;
  for (const c of src.requests) {
    const col = APPLICANT_COLUMN[c.applicantKind];
    const add = (label: string) => {
      const v = f.requests[label]!;
      v[col]! += c.n;
      v[6]! += c.n;
    };
    add(rowOfStart(c.start));
    add(rowOfEnd(c.end));
    if (c.end !== 'forward') add(TOTAL_ROW);
  }
  for (const a of src.appeals) {
    const from = REVIEW_GROUPS[REVIEW_TYPE_GROUP[a.type]]!.from;
    f.reviewLitigation[from + REVIEW_RESULT_COLUMN[a.result]]! += a.n;
    f.reviewLitigation[from + 4]! += a.n;
  }
  return f;
}

// ---------------------------------------------------------------- what a cell counts

export type CellSource =
  | { table: '二'; kind: 'regulation' | 'normative'; measure: DocumentMeasure }
  | { table: '二'; entered: EnteredKey }
  | { table: '三'; start?: YearStart; end?: YearEnd | 'closed'; applicantKind?: ApplicantKind }
  | { table: '四'; type: AppealType; result?: AppealResult };

/**
 * What a cell of a platform-built report counts, from its `table:row:column`
 * reference (the form checks and the rendered tables use); null for a reference
 * that names no cell of the 2021 layout.
 */
export function cellSource(ref: string): CellSource | null {
  const [table, row, column, ...rest] = ref.split(':');
  if (rest.length || !table || row === undefined || column === undefined) return null;
  if (table === '二') {
    const kind = (Object.entries(KIND_ROWS).find(([, label]) => label === row)?.[0] ?? null) as 'regulation' | 'normative' | null;
    const measure = (Object.entries(MEASURE_COLUMNS).find(([, label]) => label === column)?.[0] ?? null) as DocumentMeasure | null;
    if (kind && measure) return { table: '二', kind, measure };
    const entered = ENTERED_CELLS.find((c) => c.row === row && c.column === column);
    return entered ? { table: '二', entered: entered.key } : null;
  }
  if (table === '三') {
    const def = REQUEST_ROWS_2021.find((r) => r.label === row);
    const col = REQUEST_COLUMNS.indexOf(column as (typeof REQUEST_COLUMNS)[number]);
    if (!def || col < 0) return null;
    const applicantKind = col < 6 ? (Object.entries(APPLICANT_COLUMN).find(([, i]) => i === col)![0] as ApplicantKind) : undefined;
    const by = applicantKind ? { applicantKind } : {};
    if (def.role === 'new' || def.role === 'carried_over') return { table: '三', start: def.role, ...by };
    if (def.role === 'carried_forward') return { table: '三', end: 'forward', ...by };
    if (def.role === 'total') return { table: '三', end: 'closed', ...by };
    if (def.outcome) return { table: '三', end: def.outcome as RequestOutcome, ...by };
    return null;
  }
  if (table === '四') {
    const g = REVIEW_GROUPS.findIndex((x) => x.label === row);
    const r = REVIEW_RESULTS.indexOf(column as (typeof REVIEW_RESULTS)[number]);
    if (g < 0 || r < 0) return null;
    const type = (Object.entries(REVIEW_TYPE_GROUP).find(([, i]) => i === g)![0]) as AppealType;
    const result = r < 4 ? (Object.entries(REVIEW_RESULT_COLUMN).find(([, i]) => i === r)![0] as AppealResult) : undefined;
    return result ? { table: '四', type, result } : { table: '四', type };
  }
  return null;
}

/** Every cell of the 2021 layout, as `table:row:column` references, in reading order. */
export function allCells(): string[] {
  const out: string[] = [];
  for (const b of PROACTIVE_2021) for (const r of b.rows) for (const c of b.columns.slice(1)) out.push(`二:${r}:${c}`);
  for (const r of REQUEST_ROWS_2021) for (const c of REQUEST_COLUMNS) out.push(`三:${r.label}:${c}`);
  for (const g of REVIEW_GROUPS) for (const r of REVIEW_RESULTS) out.push(`四:${g.label}:${r}`);
  return out;
}

/** A cell's value in a set of figures, by its reference. */
export function cellValue(f: ReportFigures, ref: string): number | null {
  const [table, row = '', column = ''] = ref.split(':');
  if (table === '二') return f.proactive[row]?.[column] ?? null;
  if (table === '三') return f.requests[row]?.[REQUEST_COLUMNS.indexOf(column as (typeof REQUEST_COLUMNS)[number])] ?? null;
  if (table === '四') {
    const g = REVIEW_GROUPS.find((x) => x.label === row);
    const r = REVIEW_RESULTS.indexOf(column as (typeof REVIEW_RESULTS)[number]);
    return g && r >= 0 ? (f.reviewLitigation[g.from + r] ?? null) : null;
  }
  return null;
}

// ---------------------------------------------------------------- the narrative draft

export interface Narrative {
  /** 一、总体情况 */
  overview: string;
  /** 五、存在的主要问题及改进情况 */
  problems: string;
  /** 六、其他需要报告的事项 */
  other: string;
}
export const NARRATIVE_SECTIONS = [
  { key: 'overview', heading: '一、总体情况' },
  { key: 'problems', heading: '五、存在的主要问题及改进情况' },
  { key: 'other', heading: '六、其他需要报告的事项' },
] as const satisfies readonly { key: keyof Narrative; heading: string }[];

export interface YearFacts {
  year: number;
  figures: ReportFigures;
  /** Items first published in the year, in all and per disclosure category. */
  published: { total: number; byCategory: Record<string, number> } | null;
  /** Median working days to reply and the share replied in time (0–1). */
  timing?: { medianWorkdays: number | null; onTimeShare: number | null };
  fees?: { notices: number; paid: number; amountYuan: number };
}

const n = (v: number | null | undefined) => String(v ?? 0);
const beside = (now: number, before: number | null | undefined, unit: string) => (before == null ? '' : `（上年${before}${unit}）`) + (before == null || before === now ? '' : now > before ? `，增加${now - before}${unit}` : `，减少${before - now}${unit}`);

function requestSummary(f: ReportFigures) {
  const row = (label: string) => f.requests[label]?.[6] ?? 0;
  const newCount = row(REQUEST_ROWS_2021[0]!.label);
  const carried = row(REQUEST_ROWS_2021[1]!.label);
  const forward = row(REQUEST_ROWS_2021.at(-1)!.label);
  const groups = Object.entries(OUTCOME_GROUPS).map(([g, def]) => {
    const count = REQUEST_ROWS_2021.filter((r) => r.outcome && REQUEST_OUTCOMES[r.outcome as RequestOutcome].group === g).reduce((s, r) => s + row(r.label), 0);
    return { label: def.label.replace(/^（.）/, '').replace(/（.*）$/, ''), count };
  });
  return { newCount, carried, closed: row(TOTAL_ROW), forward, groups };
}

/**
 * The first draft of sections 一, 五 and 六, from the year's figures with the
 * previous year's beside them. The office rewrites it; what the data cannot say
 * (measures taken, problems found) is left as bracketed prompts to fill in.
 */
export function draftNarrative(agencyName: string, now: YearFacts, before: YearFacts | null): Narrative {
  const y = now.year;
  const p = now.published;
  const cats = p
    ? Object.entries(p.byCategory)
        .sort(([, a], [, b]) => b - a)
        .map(([c, k]) => `${(DISCLOSURE_CATEGORIES as Record<string, { label: string }>)[c]?.label ?? c}${k}条`)
    : [];
  const norm = now.figures.proactive['行政规范性文件'] ?? {};
  const reg = now.figures.proactive['规章'] ?? {};
  const r = requestSummary(now.figures);
  const rb = before ? requestSummary(before.figures) : null;
  const rl = now.figures.reviewLitigation;
  const litigation = (rl[9] ?? 0) + (rl[14] ?? 0);
  const rlb = before?.figures.reviewLitigation;
  const feeWan = now.figures.proactive['行政事业性收费']?.['本年收费金额（单位：万元）'];
  const overview = [
    `${y}年，${agencyName}认真贯彻落实《中华人民共和国政府信息公开条例》，依托政务公开平台统一审核、统一发布政府信息，现将本年度政府信息公开工作情况报告如下。`,
    `（一）主动公开。${p ? `全年共主动公开政府信息${p.total}条${beside(p.total, before?.published?.total, '条')}` : '全年主动公开政府信息【请填写】条'}${cats.length ? `，其中${cats.join('、')}` : ''}。` +
      `本年制发规章${n(reg['本年制发件数'])}件、行政规范性文件${n(norm['本年制发件数'])}件，废止行政规范性文件${n(norm['本年废止件数'])}件，现行有效行政规范性文件${n(norm['现行有效件数'])}件。`,
    `（二）依申请公开。本年新收政府信息公开申请${r.newCount}件${beside(r.newCount, rb?.newCount, '件')}，上年结转${r.carried}件；` +
      `办结${r.closed}件，其中${r.groups.map((g) => `${g.label}${g.count}件`).join('、')}；结转下年度继续办理${r.forward}件。` +
      (now.timing?.medianWorkdays != null ? `办理时间中位数为${now.timing.medianWorkdays}个工作日` : '') +
      (now.timing?.onTimeShare != null ? `，按期答复率${Math.round(now.timing.onTimeShare * 1000) / 10}%。` : now.timing?.medianWorkdays != null ? '。' : ''),
    '（三）政府信息管理。信息发布实行“先审查、后公开”，发布前经办公室审核和保密审查；对已公开的规范性文件及时标注有效性。【请补充本年度信息管理工作】',
    '（四）平台建设。政府信息公开专栏按照统一的目录体系设置栏目，页面提供移动端阅读和无障碍浏览。【请补充本年度平台建设情况】',
    `（五）监督保障。本年因政府信息公开工作被申请行政复议${n(rl[4])}件${rlb ? beside(rl[4] ?? 0, rlb[4], '件') : ''}，被提起行政诉讼${litigation}件。【请补充培训、考核、社会评议等情况】`,
  ].join('\n\n');
  const late = now.timing?.onTimeShare != null && now.timing.onTimeShare < 1;
  const problems = [
    `（一）上年度问题整改情况。【请填写${y - 1}年度报告所列问题的整改情况】`,
    `（二）存在的主要问题。${late ? '部分政府信息公开申请未在法定期限内答复。' : ''}【请填写】`,
    '（三）改进措施。【请填写】',
  ].join('\n\n');
  const fees = now.fees;
  const other = [
    `（一）收取信息处理费情况。依据《政府信息公开信息处理费管理办法》，本年${fees && fees.notices ? `发出收费通知${fees.notices}件，收取信息处理费${fees.paid}件，共${(fees.amountYuan / 10000).toFixed(4).replace(/\.?0+$/, '')}万元` : '未收取信息处理费'}。`,
    `（二）行政事业性收费。${feeWan == null ? '【请在第二部分填写本年收费金额】' : `本年行政事业性收费金额${feeWan}万元。`}`,
    '（三）人大代表建议和政协提案办理结果公开情况。【请填写】',
    `（四）${y}年度政务公开工作要点落实情况。【请填写】`,
  ].join('\n\n');
  return { overview, problems, other };
}

/** Labels for the applicant kinds and appeal vocabularies, for the drill-down pages. */
export const LABELS = { applicant: APPLICANT_KINDS, appealType: APPEAL_TYPES, appealResult: APPEAL_RESULTS } as const;
