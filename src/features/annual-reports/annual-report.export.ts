/**
 * The annual report's three tables as printed in the national format, and their
 * exports: XLSX (one worksheet per table, merged cells as printed) and CSV (one
 * flat table per table, for people who compute with the figures).
 *
 * `reportGrid` is the one description of the printed layout — which cell spans which
 * rows and columns, which headers head which number — so the HTML view, the DOCX and
 * the exports cannot drift apart. It is pure; exceljs is loaded only when a workbook
 * is asked for, so the views that import the grid do not load it.
 */
import type ExcelJSModule from 'exceljs';
import { type ReportFigures, REQUEST_COLUMNS, REVIEW_GROUPS, REVIEW_RESULTS, SECTION_HEADINGS, proactiveLayout, requestRows } from './annual-report.js';

export type ReportTableId = '二' | '三' | '四';
export const REPORT_TABLES: readonly ReportTableId[] = ['二', '三', '四'];

/**
 * A number's place in a table, in the terms `checkFigures` uses for `Check.cells`
 * (`table:row:column`). Table 二: the row and column labels. Table 三: the row label and
 * one of REQUEST_COLUMNS. Table 四 has one row of 15 numbers whose captions repeat, so
 * its `row` is the group (行政复议, 未经复议直接起诉, 复议后起诉) and `column` the result.
 */
export interface CellRef {
  table: ReportTableId;
  row: string;
  column: string;
}

export const cellRefKey = (r: CellRef) => `${r.table}:${r.row}:${r.column}`;

// Labels of the printed tables that are not rows or columns of the model.
export const REQUEST_TABLE_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';
export const APPLICANTS_LABEL = '申请人情况';
export const ORGANISATIONS_LABEL = '法人或其他组织';
export const LITIGATION_LABEL = '行政诉讼';

export interface GridCell {
  /**
   * note: the top-left cell of table 三 (explains, heads nothing); title: a block
   * title of table 二; column / row: column and row headers; data: a number.
   */
  kind: 'note' | 'title' | 'column' | 'row' | 'data';
  text: string;
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  scope?: 'col' | 'row' | 'colgroup' | 'rowgroup';
  /** Header cells: an id unique within the table. */
  id?: string;
  /** Data cells: the ids of every header that applies, the row's path first, then the column's. */
  headers?: string[];
  ref?: CellRef;
  value?: number | null;
}

export interface ReportGrid {
  table: ReportTableId;
  /** The section heading the table belongs to, e.g. 二、主动公开政府信息情况. */
  heading: string;
  columns: number;
  /** How many rows at the top are column headers (repeated on every printed page). */
  head: number;
  /** Each row's cells in order, a spanned cell only in the row and column where it starts. */
  rows: GridCell[][];
  /** The first row of each row group after the head (a block of table 二; 一二, 三 and 四 of table 三). */
  bodies: number[];
}

const hid = (row: number, col: number) => `h${row}-${col}`;
/** A number from the figures; whatever is missing or not a finite number is left empty. */
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function header(kind: GridCell['kind'], text: string, row: number, col: number, rowSpan: number, colSpan: number, scope?: GridCell['scope']): GridCell {
  const c: GridCell = { kind, text, row, col, rowSpan, colSpan };
  if (scope) c.scope = scope;
  if (kind !== 'note') c.id = hid(row, col);
  return c;
}

// ---------------------------------------------------------------- table 二

/**
 * One 4-column table; each block's title spans all 4 columns and a block's last
 * column spans what its own columns leave (3 columns in a one-value block, as printed;
 * 2 in the 2019 format's two-value blocks).
 */
function proactiveGrid(f: ReportFigures): ReportGrid {
  const W = 4;
  const rows: GridCell[][] = [];
  const bodies: number[] = [];
  for (const block of proactiveLayout(f.format)) {
    const values = block.columns.slice(1);
    if (values.length < 1 || values.length > W - 1) throw new Error(`block ${block.title} has ${values.length} value columns`);
    const span = (i: number) => (i === values.length - 1 ? W - values.length : 1);
    bodies.push(rows.length);
    const t = rows.length;
    const title = header('title', block.title, t, 0, 1, W, 'rowgroup');
    rows.push([title]);
    const h = rows.length;
    const heads = [header('column', block.columns[0]!, h, 0, 1, 1, 'col'), ...values.map((c, i) => header('column', c, h, 1 + i, 1, span(i), 'col'))];
    rows.push(heads);
    for (const label of block.rows) {
      const r = rows.length;
      const rowHead = header('row', label, r, 0, 1, 1, 'row');
      rows.push([
        rowHead,
        ...values.map((column, i): GridCell => ({
          kind: 'data',
          text: '',
          row: r,
          col: 1 + i,
          rowSpan: 1,
          colSpan: span(i),
          headers: [title.id!, rowHead.id!, heads[1 + i]!.id!],
          ref: { table: '二', row: label, column },
          value: num(f.proactive[label]?.[column]),
        })),
      ]);
    }
  }
  return { table: '二', heading: SECTION_HEADINGS[1], columns: W, head: 0, rows, bodies };
}

// ---------------------------------------------------------------- table 三

/**
 * Three label columns and 7 numbers. The head: the 勾稽关系 note (3 rows × 3 columns),
 * 申请人情况 over the 7; then 自然人 (2 rows), 法人或其他组织 over 5, 总计 (2 rows); then
 * the five kinds of organisation. The body: 一 and 二 across the 3 label columns; 三、
 * 本年度办理结果 down the first column over all its rows, its groups （三）–（六） down the
 * second over their sub-rows, the rows without sub-rows across the second and third; 四
 * across the 3.
 */
function requestGrid(f: ReportFigures): ReportGrid {
  const L = 3;
  const defs = requestRows(f.format);
  const top = defs.find((d) => d.role === 'total')!.group!;
  const inTop = (d: (typeof defs)[number]) => d.group !== undefined;

  const note = header('note', REQUEST_TABLE_NOTE, 0, 0, 3, L);
  const applicants = header('column', APPLICANTS_LABEL, 0, L, 1, REQUEST_COLUMNS.length, 'colgroup');
  const natural = header('column', REQUEST_COLUMNS[0], 1, L, 2, 1, 'col');
  const organisations = header('column', ORGANISATIONS_LABEL, 1, L + 1, 1, 5, 'colgroup');
  const total = header('column', REQUEST_COLUMNS[6], 1, L + 6, 2, 1, 'col');
  const kinds = REQUEST_COLUMNS.slice(1, 6).map((k, i) => header('column', k, 2, L + 1 + i, 1, 1, 'col'));
  const rows: GridCell[][] = [[note, applicants], [natural, organisations, total], kinds];
  const columnPath = (i: number): string[] =>
    i === 0 ? [applicants.id!, natural.id!] : i === 6 ? [applicants.id!, total.id!] : [applicants.id!, organisations.id!, kinds[i - 1]!.id!];

  const bodies: number[] = [];
  let topCell: GridCell | undefined;
  let groupCell: GridCell | undefined;
  defs.forEach((d, i) => {
    const r = rows.length;
    if (i === 0 || inTop(d) !== inTop(defs[i - 1]!)) bodies.push(r);
    const cells: GridCell[] = [];
    const path: string[] = [];
    if (!inTop(d)) {
      topCell = groupCell = undefined;
      const label = header('row', d.label, r, 0, 1, L, 'row');
      cells.push(label);
      path.push(label.id!);
    } else {
      if (!topCell) {
        topCell = header('row', top, r, 0, defs.filter(inTop).length, 1, 'rowgroup');
        cells.push(topCell);
      }
      path.push(topCell.id!);
      if (d.group === top) {
        groupCell = undefined;
        const label = header('row', d.label, r, 1, 1, L - 1, 'row');
        cells.push(label);
        path.push(label.id!);
      } else {
        let group = groupCell;
        if (!group || group.text !== d.group) {
          // Rows of one group are consecutive in the layout.
          let n = 0;
          while (defs[i + n]?.group === d.group) n++;
          group = groupCell = header('row', d.group!, r, 1, n, 1, 'row');
          cells.push(group);
        }
        path.push(group.id!);
        const label = header('row', d.label, r, 2, 1, 1, 'row');
        cells.push(label);
        path.push(label.id!);
      }
    }
    const values = f.requests[d.label] ?? [];
    REQUEST_COLUMNS.forEach((column, k) =>
      cells.push({
        kind: 'data',
        text: '',
        row: r,
        col: L + k,
        rowSpan: 1,
        colSpan: 1,
        headers: [...path, ...columnPath(k)],
        ref: { table: '三', row: d.label, column },
        value: num(values[k]),
      }),
    );
    rows.push(cells);
  });
  return { table: '三', heading: SECTION_HEADINGS[2], columns: L + REQUEST_COLUMNS.length, head: 3, rows, bodies };
}

// ---------------------------------------------------------------- table 四

/**
 * 15 numbers under a 3-row head: 行政复议 over 5 and 行政诉讼 over 10; the 5
 * reconsideration captions (2 rows), 未经复议直接起诉 over 5, 复议后起诉 over 5; the
 * 10 litigation captions. One row of numbers, no row header.
 */
function reviewGrid(f: ReportFigures): ReportGrid {
  const [review, direct, after] = REVIEW_GROUPS;
  const reviewHead = header('column', review.label, 0, 0, 1, 5, 'colgroup');
  const litigation = header('column', LITIGATION_LABEL, 0, 5, 1, 10, 'colgroup');
  const reviewResults = REVIEW_RESULTS.map((r, i) => header('column', r, 1, i, 2, 1, 'col'));
  const groups = [direct, after].map((g) => header('column', g.label, 1, g.from, 1, 5, 'colgroup'));
  const litigationResults = [direct, after].flatMap((g) => REVIEW_RESULTS.map((r, i) => header('column', r, 2, g.from + i, 1, 1, 'col')));
  const data: GridCell[] = REVIEW_GROUPS.flatMap((g, gi) =>
    REVIEW_RESULTS.map((result, i): GridCell => {
      const col = g.from + i;
      return {
        kind: 'data',
        text: '',
        row: 3,
        col,
        rowSpan: 1,
        colSpan: 1,
        headers: gi === 0 ? [reviewHead.id!, reviewResults[i]!.id!] : [litigation.id!, groups[gi - 1]!.id!, litigationResults[col - 5]!.id!],
        ref: { table: '四', row: g.label, column: result },
        value: num(f.reviewLitigation[col]),
      };
    }),
  );
  const rows = [[reviewHead, litigation], [...reviewResults, ...groups], litigationResults, data];
  return { table: '四', heading: SECTION_HEADINGS[3], columns: 15, head: 3, rows, bodies: [3] };
}

/** A table of the report laid out as printed, for figures in either format. */
export function reportGrid(figures: ReportFigures, table: ReportTableId): ReportGrid {
  return table === '二' ? proactiveGrid(figures) : table === '三' ? requestGrid(figures) : reviewGrid(figures);
}

/** The grid's slots: for each row and column, the cell that covers it. */
export function gridSlots(grid: ReportGrid): GridCell[][] {
  const slots: GridCell[][] = Array.from({ length: grid.rows.length }, () => Array<GridCell>(grid.columns));
  for (const row of grid.rows) {
    for (const c of row) {
      for (let r = c.row; r < c.row + c.rowSpan; r++) {
        for (let k = c.col; k < c.col + c.colSpan; k++) {
          if (slots[r]?.[k] || r >= grid.rows.length || k >= grid.columns) throw new Error(`table ${grid.table}: slot ${r},${k} covered twice or outside`);
          slots[r]![k] = c;
        }
      }
    }
  }
  slots.forEach((row, r) => {
    for (let k = 0; k < grid.columns; k++) if (!row[k]) throw new Error(`table ${grid.table}: slot ${r},${k} not covered`);
  });
  return slots;
}

// ---------------------------------------------------------------- CSV

/**
 * One table as a flat list: a row's label is the path of its row headers
 * (三、本年度办理结果/（三）不予公开/1.属于国家秘密), a column's the path of its column
 * headers (申请人情况/法人或其他组织/商业企业). In table 二 a row's path starts with its
 * block title, and a block's columns are its own: a row leaves other blocks' columns
 * empty. Table 四's one row is labelled 数量.
 */
export function flatTable(figures: ReportFigures, table: ReportTableId): { corner: string; columns: string[]; rows: { label: string; values: (number | null)[] }[] } {
  const grid = reportGrid(figures, table);
  const byId = new Map(grid.rows.flat().flatMap((c) => (c.id ? [[c.id, c] as const] : [])));
  const columns: string[] = [];
  const rows: { label: string; values: Map<string, number | null> }[] = [];
  for (const row of grid.rows) {
    const data = row.filter((c) => c.kind === 'data');
    if (!data.length) continue;
    const path = (c: GridCell, kinds: GridCell['kind'][]) =>
      c.headers!.map((h) => byId.get(h)!).filter((h) => kinds.includes(h.kind)).map((h) => h.text).join('/');
    const values = new Map<string, number | null>();
    for (const c of data) {
      const column = path(c, ['column']);
      if (!columns.includes(column)) columns.push(column);
      values.set(column, c.value ?? null);
    }
    rows.push({ label: path(data[0]!, ['title', 'row']) || '数量', values });
  }
  return {
    corner: table === '二' ? '信息内容' : '项目',
    columns,
    rows: rows.map((r) => ({ label: r.label, values: columns.map((c) => r.values.get(c) ?? null) })),
  };
}

const CRLF = '\r\n';
const csvField = (s: string) => (/[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * One table as CSV for Excel and WPS: a BOM (without it Excel on Chinese Windows
 * reads UTF-8 as GBK), CRLF line ends, a header row of column paths, one line per
 * row of numbers; an empty field where the table has no number.
 */
export function reportCsv(figures: ReportFigures, table: ReportTableId): string {
  const flat = flatTable(figures, table);
  const lines = [[flat.corner, ...flat.columns], ...flat.rows.map((r) => [r.label, ...r.values.map((v) => (v === null ? '' : String(v)))])];
  return `\uFEFF${lines.map((l) => l.map(csvField).join(',')).join(CRLF)}${CRLF}`;
}

// ---------------------------------------------------------------- XLSX

export const SHEET_NAMES: Record<ReportTableId, string> = { 二: '二、主动公开', 三: '三、申请情况', 四: '四、复议诉讼' };

/** Display width of a text in Excel's column units: a CJK character takes two. */
const textWidth = (s: string) => [...s].reduce((n, ch) => n + (ch.codePointAt(0)! > 0xff ? 2 : 1), 0);

/** Rows above each table: the report's title and the section heading. */
const SHEET_OFFSET = 2;

/**
 * The three tables as a workbook, one worksheet each, laid out as printed: merged
 * cells where the national table merges them, numbers as numbers, the column headers
 * bold, every cell bordered, centred and wrapped, and the head repeated on each
 * printed page.
 */
export async function reportXlsx(figures: ReportFigures, meta: { agencyName: string; year: number }): Promise<Buffer> {
  const ExcelJS: typeof ExcelJSModule = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = meta.agencyName;
  wb.title = `${meta.agencyName}${meta.year}年政府信息公开工作年度报告`;
  const thin = { style: 'thin' as const };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  for (const table of REPORT_TABLES) {
    const grid = reportGrid(figures, table);
    const ws = wb.addWorksheet(SHEET_NAMES[table], {
      pageSetup: {
        paperSize: 9, // A4
        orientation: table === '二' ? 'portrait' : 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        horizontalCentered: true,
        ...(grid.head ? { printTitlesRow: `${SHEET_OFFSET + 1}:${SHEET_OFFSET + grid.head}` } : {}),
      },
      views: [{ state: 'frozen', ySplit: SHEET_OFFSET + grid.head }],
    });
    const heading = (r: number, text: string, size: number) => {
      ws.mergeCells(r, 1, r, grid.columns);
      const c = ws.getCell(r, 1);
      c.value = text;
      c.font = { name: '宋体', size, bold: true };
      c.alignment = { horizontal: 'center', vertical: 'middle' };
    };
    heading(1, wb.title, 14);
    heading(2, grid.heading, 12);

    const slots = gridSlots(grid);
    for (const [r, row] of slots.entries()) {
      for (const [k, c] of row.entries()) {
        const cell = ws.getCell(SHEET_OFFSET + r + 1, k + 1);
        cell.border = border;
        cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
        cell.font = { name: '宋体', size: 10.5, bold: c.kind === 'column' || c.kind === 'title' };
        if (c.row !== r || c.col !== k) continue;
        if (c.kind === 'data') {
          if (c.value !== null && c.value !== undefined) cell.value = c.value;
        } else cell.value = c.text;
      }
    }
    for (const c of grid.rows.flat()) {
      if (c.rowSpan > 1 || c.colSpan > 1) {
        ws.mergeCells(SHEET_OFFSET + c.row + 1, c.col + 1, SHEET_OFFSET + c.row + c.rowSpan, c.col + c.colSpan);
      }
    }
    // Each column as wide as its widest unspanned label (long labels wrap), numbers at least 8.
    for (let k = 0; k < grid.columns; k++) {
      const widths = grid.rows
        .flat()
        .filter((c) => c.col === k && c.colSpan === 1 && c.kind !== 'data')
        .map((c) => textWidth(c.text));
      ws.getColumn(k + 1).width = Math.min(40, Math.max(8, ...widths) + 2);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
