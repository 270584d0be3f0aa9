/**
 * The 政府信息公开目录 of an agency and year (Art. 12), as rows and as files: the
 * printable page, CSV and XLSX are built from the same rows, so they list the same
 * fields in the same order. Pure but for loading exceljs when a workbook is asked for.
 */
import type ExcelJSModule from 'exceljs';
import { DISCLOSURE_ATTRIBUTES, TOPICS, VALIDITY, type Topic } from '../publications/categories.js';
import type { PublicListItem } from '../publications/publication.query.js';
import { categoryLabel, pubDay } from './views/parts.js';

/** The columns of the 目录, in order: Art. 12's four first, then what a reader filters and checks by. */
export const DIRECTORY_COLUMNS = [
  { key: 'no', label: '序号', width: 6 },
  { key: 'indexNumber', label: '索引号', width: 30 },
  { key: 'title', label: '名称', width: 44 },
  { key: 'summary', label: '内容概述', width: 60 },
  { key: 'generatedDate', label: '生成日期', width: 12 },
  { key: 'publishedDate', label: '发布日期', width: 12 },
  { key: 'issuers', label: '发布机构', width: 24 },
  { key: 'documentNumber', label: '文号', width: 22 },
  { key: 'category', label: '公开类别', width: 30 },
  { key: 'topic', label: '主题分类', width: 18 },
  { key: 'disclosure', label: '公开方式', width: 10 },
  { key: 'validity', label: '有效性', width: 8 },
  { key: 'url', label: '链接', width: 50 },
] as const;

export type DirectoryKey = (typeof DIRECTORY_COLUMNS)[number]['key'];
export type DirectoryRow = Record<DirectoryKey, string>;

/** Years a 目录 may be asked for: from the first Regulation (2008) to this year. */
export const FIRST_DIRECTORY_YEAR = 2008;

/** `/{agency}/zfxxgk/ml` and the year's page and files under it. */
export const directoryUrl = (agencySlug: string, year?: number, ext?: 'csv' | 'xlsx') =>
  `/${agencySlug}/zfxxgk/ml${year === undefined ? '' : `/${year}${ext ? `.${ext}` : ''}`}`;

/** One row per item; the link is absolute so that a downloaded file still leads back to the page. */
export function directoryRows(items: readonly PublicListItem[], publicUrl: string): DirectoryRow[] {
  return items.map((it, i) => ({
    no: String(i + 1),
    indexNumber: it.indexNumber,
    title: it.title,
    summary: it.catalogSummary,
    generatedDate: it.generatedDate,
    publishedDate: pubDay(it.publishedAt),
    issuers: it.issuers.map((x) => x.name).join('、') || it.agencyName,
    documentNumber: it.documentNumber,
    category: categoryLabel(it.category),
    topic: Object.hasOwn(TOPICS, it.topic) ? TOPICS[it.topic as Topic] : it.topic,
    disclosure: DISCLOSURE_ATTRIBUTES[it.disclosureAttribute] ?? it.disclosureAttribute,
    validity: VALIDITY[it.validity] ?? it.validity,
    url: publicUrl + it.url,
  }));
}

export const directoryTitle = (agencyName: string, year: number) => `${agencyName}${year}年政府信息公开目录`;

/**
 * A spreadsheet program runs a cell that starts with = + - @ as a formula; a title
 * typed that way (or an imported page) must not become one in the reader's Excel.
 */
function inert(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The 目录 as CSV for Excel: UTF-8 with a BOM (Excel on Chinese Windows reads it as GBK otherwise), CRLF. */
export function directoryCsv(rows: readonly DirectoryRow[]): string {
  const lines = [DIRECTORY_COLUMNS.map((c) => c.label), ...rows.map((r) => DIRECTORY_COLUMNS.map((c) => inert(r[c.key])))];
  return `\uFEFF${lines.map((l) => l.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/**
 * The 目录 as a workbook: one sheet, a title line, the header row frozen and
 * filterable, the link a hyperlink. Cells are text, so 索引号 and dates stay as printed.
 */
export async function directoryXlsx(title: string, rows: readonly DirectoryRow[]): Promise<Buffer> {
  const ExcelJS: typeof ExcelJSModule = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.title = title;
  const ws = wb.addWorksheet('政府信息公开目录', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = DIRECTORY_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  ws.mergeCells(1, 1, 1, DIRECTORY_COLUMNS.length);
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  const head = ws.getRow(2);
  DIRECTORY_COLUMNS.forEach((c, i) => {
    head.getCell(i + 1).value = c.label;
  });
  head.font = { bold: true };
  for (const r of rows) {
    const row = ws.addRow(DIRECTORY_COLUMNS.map((c) => (c.key === 'url' ? { text: r.url, hyperlink: r.url } : r[c.key])));
    row.getCell(DIRECTORY_COLUMNS.findIndex((c) => c.key === 'summary') + 1).alignment = { wrapText: true, vertical: 'top' };
  }
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: DIRECTORY_COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
