/**
 * The statistics dashboard's data sets: items per category and month, requests by
 * outcome, handling time in working days, timeliness by month. Each is a small
 * table (categories × series) that the page draws as an SVG chart and exports as
 * CSV and XLSX. Pure except for `statisticsOf`, which gathers the counts.
 */
import type { Db } from '../../db/database.js';
import { DISCLOSURE_CATEGORIES } from '../publications/categories.js';
import { publishedInYear } from '../publications/publication.statistics.js';
import { OUTCOME_GROUPS, REQUEST_OUTCOMES, type RequestOutcome } from '../requests/request.js';
import { replyTimings, requestYearCounts, type ReplyTiming, type RequestYearCount } from '../requests/request.statistics.js';

export interface DataSet {
  key: string;
  title: string;
  unit: string;
  /** What each row is (the first column's heading). */
  category: string;
  categories: string[];
  series: { label: string; values: number[] }[];
  stacked: boolean;
}

const MONTHS = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);

export function itemsByMonth(byMonth: readonly { category: string; month: number; n: number }[]): DataSet {
  const totals = new Map<string, number>();
  for (const b of byMonth) totals.set(b.category, (totals.get(b.category) ?? 0) + b.n);
  // The five busiest categories by name, the rest together: a chart of twenty series is unreadable.
  const top = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([c]) => c);
  const label = (c: string) => (DISCLOSURE_CATEGORIES as Record<string, { label: string }>)[c]?.label ?? c;
  const series = top.map((c) => ({ label: label(c), values: MONTHS.map((_, m) => byMonth.filter((b) => b.category === c && b.month === m + 1).reduce((s, b) => s + b.n, 0)) }));
  const rest = MONTHS.map((_, m) => byMonth.filter((b) => !top.includes(b.category) && b.month === m + 1).reduce((s, b) => s + b.n, 0));
  if (rest.some((v) => v > 0)) series.push({ label: '其他类别', values: rest });
  return { key: 'items', title: '主动公开信息数量（按月份和类别）', unit: '条', category: '月份', categories: MONTHS, series, stacked: true };
}

export function requestsByOutcome(counts: readonly RequestYearCount[]): DataSet {
  const groups = Object.keys(OUTCOME_GROUPS) as (keyof typeof OUTCOME_GROUPS)[];
  const values = groups.map((g) => counts.filter((c) => c.end !== 'forward' && REQUEST_OUTCOMES[c.end as RequestOutcome].group === g).reduce((s, c) => s + c.n, 0));
  return {
    key: 'outcomes',
    title: '本年办结的政府信息公开申请（按办理结果）',
    unit: '件',
    category: '办理结果',
    categories: groups.map((g) => OUTCOME_GROUPS[g].label.replace(/^（.）/, '').replace(/（.*）$/, '')),
    series: [{ label: '件数', values }],
    stacked: false,
  };
}

export const HANDLING_BUCKETS = [
  { label: '5个工作日以内', max: 5 },
  { label: '6—10个', max: 10 },
  { label: '11—15个', max: 15 },
  { label: '16—20个', max: 20 },
  { label: '21—30个（延期）', max: 30 },
  { label: '31—40个（延期）', max: 40 },
  { label: '超过40个', max: Infinity },
] as const;

export function handlingTime(timings: readonly ReplyTiming[]): DataSet {
  const values: number[] = HANDLING_BUCKETS.map(() => 0);
  let unknown = 0;
  for (const t of timings) {
    if (t.workdays === null) {
      unknown += t.n;
      continue;
    }
    const i = HANDLING_BUCKETS.findIndex((b) => t.workdays! <= b.max);
    values[i]! += t.n;
  }
  return {
    key: 'handling',
    title: '答复用时（自收到申请之日起的工作日数）',
    unit: '件',
    category: '用时',
    categories: [...HANDLING_BUCKETS.map((b) => b.label), '未计算'],
    series: [{ label: '件数', values: [...values, unknown] }],
    stacked: false,
  };
}

export function timeliness(timings: readonly ReplyTiming[]): DataSet {
  const sum = (pred: (t: ReplyTiming) => boolean) => MONTHS.map((_, m) => timings.filter((t) => t.month === m + 1 && pred(t)).reduce((s, t) => s + t.n, 0));
  return {
    key: 'timeliness',
    title: '按期答复情况（按答复月份）',
    unit: '件',
    category: '月份',
    categories: MONTHS,
    series: [
      { label: '按期答复', values: sum((t) => t.onTime === 1) },
      { label: '逾期答复', values: sum((t) => t.onTime === 0) },
      { label: '期限未知', values: sum((t) => t.onTime === null) },
    ],
    stacked: true,
  };
}

export async function statisticsOf(db: Db, agencyId: number, year: number): Promise<DataSet[]> {
  const [published, counts, timings] = await Promise.all([publishedInYear(db, agencyId, year), requestYearCounts(db, agencyId, year), replyTimings(db, agencyId, year)]);
  return [itemsByMonth(published.byMonth), requestsByOutcome(counts), handlingTime(timings), timeliness(timings)];
}

const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A data set as CSV for Excel and WPS (BOM, CRLF). */
export function dataSetCsv(d: DataSet): string {
  const lines = [[d.category, ...d.series.map((s) => `${s.label}（${d.unit}）`)], ...d.categories.map((c, i) => [c, ...d.series.map((s) => String(s.values[i] ?? 0))])];
  return `\uFEFF${lines.map((l) => l.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** Every data set as a worksheet of one workbook. */
export async function dataSetsXlsx(sets: readonly DataSet[], meta: { agencyName: string; year: number }): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = meta.agencyName;
  for (const d of sets) {
    const ws = wb.addWorksheet(d.title.slice(0, 31).replace(/[\\/?*[\]:]/g, ''));
    ws.addRow([`${meta.agencyName}${meta.year}年 ${d.title}`]).font = { bold: true };
    const head = ws.addRow([d.category, ...d.series.map((s) => `${s.label}（${d.unit}）`)]);
    head.font = { bold: true };
    d.categories.forEach((c, i) => ws.addRow([c, ...d.series.map((s) => s.values[i] ?? 0)]));
    ws.columns.forEach((col, i) => (col.width = i === 0 ? 22 : 16));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
