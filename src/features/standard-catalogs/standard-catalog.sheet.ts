/**
 * A domain's catalog as the standard's workbook (requirement 8) and back: a title
 * line naming the domain, the two header rows of §2.2 (公开事项, 公开对象, 公开方式
 * and 公开层级 split into their sub-columns), one line per row in the cell notation
 * of standard-catalog.ts. Reading checks the headers first: a sheet whose columns
 * are not the standard's is refused naming the unknown and the missing ones.
 */
import type ExcelJSModule from 'exceljs';
import { AppError, type FieldErrors } from '../../errors.js';
import { listZip, ZipError } from '../files/zip.js';
import { cellsOf, headingOf, OPTIONAL_SHEET_KEYS, parseCells, SHEET_COLUMNS, sheetColumnsFor, type Cells, type RowContent, type RowInput, type SheetKey } from './standard-catalog.js';

export const titleOf = (domain: string) => `${domain}领域基层政务公开标准目录`;
const TITLE = /^(.+?)领域基层政务公开标准目录$/;

/** Most rows a sheet may carry, and the most bytes of an upload. */
export const SHEET_LIMITS = { maxRows: 2000, maxBytes: 5 * 1024 * 1024 };

const WIDTHS: Record<SheetKey, number> = {
  seq: 6, level1: 14, level2: 22, level3: 18, elements: 40, basis: 36, timeRule: 22, subject: 18, channels: 26,
  audienceAll: 8, audienceSpecific: 12, modeProactive: 7, modeOnRequest: 7, levelCounty: 7, levelTownship: 7,
};

export async function catalogXlsx(domain: string, rows: readonly RowContent[]): Promise<Buffer> {
  const ExcelJS: typeof ExcelJSModule = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const title = titleOf(domain);
  wb.title = title;
  const cols = sheetColumnsFor(rows);
  const ws = wb.addWorksheet(domain.slice(0, 31) || '标准目录', { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.columns = cols.map((c) => ({ key: c.key, width: WIDTHS[c.key] }));
  ws.mergeCells(1, 1, 1, cols.length);
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  // Header rows 2–3: a single column spans both rows; a group spans its sub-columns.
  let i = 0;
  while (i < cols.length) {
    const c = cols[i]!;
    if (!c.sub) {
      ws.getCell(2, i + 1).value = c.group;
      ws.mergeCells(2, i + 1, 3, i + 1);
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < cols.length && cols[j + 1]!.group === c.group) j++;
    ws.getCell(2, i + 1).value = c.group;
    if (j > i) ws.mergeCells(2, i + 1, 2, j + 1);
    for (let k = i; k <= j; k++) ws.getCell(3, k + 1).value = cols[k]!.sub;
    i = j + 1;
  }
  for (const r of [2, 3]) {
    ws.getRow(r).font = { bold: true };
    ws.getRow(r).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
  rows.forEach((row, n) => {
    const cells = cellsOf(row);
    const line = ws.addRow(cols.map((c) => (c.key === 'seq' ? n + 1 : cells[c.key])));
    line.alignment = { wrapText: true, vertical: 'top' };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const textOf = (v: ExcelJSModule.CellValue): string => {
  if (v == null) return '';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return v.result == null ? '' : String(v.result);
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v);
};

export interface ParsedSheet {
  domain: string;
  rows: RowInput[];
}

function unreadable(message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { file: message });
}

/**
 * Reads an uploaded catalog workbook. Refuses, writing nothing: a file that is not
 * an XLSX workbook; a title line that names no domain; headers that are not the
 * standard's (CATALOG_COLUMNS_INVALID, naming each unknown and missing column); any
 * row that does not read (VALIDATION_FAILED with a message per row and column).
 */
export async function readCatalogXlsx(bytes: Buffer): Promise<ParsedSheet> {
  if (bytes.length > SHEET_LIMITS.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `目录文件不能超过 ${SHEET_LIMITS.maxBytes / 1024 / 1024} MB`);
  try {
    listZip(bytes, { maxEntries: 500, maxTotalBytes: 64 * 1024 * 1024 });
  } catch (e) {
    if (e instanceof ZipError) throw unreadable(`不是有效的 XLSX 工作簿：${e.message}`);
    throw e;
  }
  const ExcelJS: typeof ExcelJSModule = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ExcelJSModule.Buffer);
  } catch {
    throw unreadable('不是有效的 XLSX 工作簿，请上传由本平台导出或按标准目录格式编制的 .xlsx 文件');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw unreadable('工作簿中没有工作表');
  const title = textOf(ws.getCell(1, 1).value).trim();
  const domain = TITLE.exec(title)?.[1]?.trim() ?? '';
  if (!domain) throw unreadable(`第1行应为标题“××领域基层政务公开标准目录”，实际为“${title}”`);

  // Headers: a merged cell reads as its master's value in every cell it covers.
  const width = Math.max(ws.getRow(2).cellCount, ws.getRow(3).cellCount, ws.columnCount);
  const headings: { col: number; heading: string }[] = [];
  for (let col = 1; col <= width; col++) {
    const top = textOf(ws.getCell(2, col).value).trim();
    const sub = textOf(ws.getCell(3, col).value).trim();
    if (!top && !sub) continue;
    headings.push({ col, heading: !sub || sub === top ? top : `${top}/${sub}` });
  }
  const known = new Map(SHEET_COLUMNS.map((c) => [headingOf(c), c.key] as const));
  const unknown = headings.filter((h) => !known.has(h.heading)).map((h) => h.heading);
  const seen = new Set(headings.map((h) => h.heading));
  const missing = SHEET_COLUMNS.filter((c) => !OPTIONAL_SHEET_KEYS.has(c.key) && !seen.has(headingOf(c))).map(headingOf);
  const repeated = [...new Set(headings.map((h) => h.heading).filter((h, i, all) => all.indexOf(h) !== i))];
  if (unknown.length || missing.length || repeated.length) {
    const parts = [
      unknown.length ? `无法识别的列：${unknown.join('、')}` : '',
      missing.length ? `缺少的列：${missing.join('、')}` : '',
      repeated.length ? `重复的列：${repeated.join('、')}` : '',
    ].filter(Boolean);
    throw new AppError('CATALOG_COLUMNS_INVALID', `目录表格的列与标准目录不一致。${parts.join('；')}。未导入任何内容。`, undefined, { unknown, missing, repeated });
  }
  const keyAt = new Map(headings.map((h) => [h.col, known.get(h.heading)!]));

  const rows: RowInput[] = [];
  const errors: FieldErrors = {};
  for (let r = 4; r <= ws.rowCount; r++) {
    const cells: Partial<Cells> = {};
    let any = false;
    for (const [col, key] of keyAt) {
      if (key === 'seq') continue;
      const v = textOf(ws.getCell(r, col).value);
      if (v.trim() !== '') any = true;
      cells[key] = v;
    }
    if (!any) continue;
    if (rows.length + Object.keys(errors).length >= SHEET_LIMITS.maxRows) throw unreadable(`目录不能超过 ${SHEET_LIMITS.maxRows} 行`);
    const parsed = parseCells(cells, domain);
    if (parsed.errors) {
      errors[`row${r}`] = `第${r}行：${Object.entries(parsed.errors).map(([k, m]) => `${labelOf(k)}：${m}`).join('；')}`;
    } else rows.push(parsed.row);
  }
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', `目录中有 ${Object.keys(errors).length} 行无法读取，未导入任何内容`, errors);
  if (rows.length === 0) throw unreadable('目录中没有事项');
  return { domain, rows };
}

const FIELD_LABELS: Record<string, string> = {
  level1: '一级事项', level2: '二级事项', level3: '三级事项', elements: '公开内容（要素）', basis: '公开依据', timeRule: '公开时限',
  subject: '公开主体', channels: '公开渠道和载体', audience: '公开对象', audienceAll: '公开对象/全社会', audienceSpecific: '公开对象/特定群众',
  audienceGroup: '公开对象/特定群众', mode: '公开方式', modeProactive: '公开方式/主动', modeOnRequest: '公开方式/依申请', levels: '公开层级',
  levelCounty: '公开层级/县级', levelTownship: '公开层级/乡级', domain: '领域',
};
export const labelOf = (k: string) => FIELD_LABELS[k] ?? k;
