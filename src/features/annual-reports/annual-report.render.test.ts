/**
 * The report's tables as HTML, DOCX, XLSX and CSV, checked against the printed
 * national layout (disclosure-rules §2.2–2.5): each rendering is read back into a
 * grid of slots (a merged cell fills every slot it covers), and every number must
 * sit where its row and column labels meet; the labels are transcribed here from
 * the spec, not taken from the model, so the model is checked too.
 *
 * Every assert.ok here carries a message: without one, a failing assert.ok makes
 * Node 20 parse the source to word its message, and far into this file (which tsx
 * hands over as one long line) that took minutes instead of failing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { parseXml } from '../../../test/xml.js';
import { extractAttachmentText } from '../files/extract.js';
import { listZip, readEntry } from '../files/zip.js';
import { type ReportFigures, REQUEST_COLUMNS, checkFigures, emptyFigures, proactiveLayout, requestRows } from './annual-report.js';
import { reportDocx } from './annual-report.docx.js';
import { type CellRef, type ReportTableId, REPORT_TABLES, cellRefKey, reportCsv, reportGrid, reportXlsx } from './annual-report.export.js';
import { ProactiveTable, ReportTables, RequestTable, ReviewLitigationTable } from './views/ReportTables.js';

type Format = '2021' | '2019';
const FORMATS: Format[] = ['2021', '2019'];

// ------------------------------------------------------------------ the printed labels (spec §2.2–2.5)

const NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';

const PROACTIVE: Record<Format, { title: string; columns: string[]; rows: string[] }[]> = {
  '2021': [
    { title: '第二十条第（一）项', columns: ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'], rows: ['规章', '行政规范性文件'] },
    { title: '第二十条第（五）项', columns: ['信息内容', '本年处理决定数量'], rows: ['行政许可'] },
    { title: '第二十条第（六）项', columns: ['信息内容', '本年处理决定数量'], rows: ['行政处罚', '行政强制'] },
    { title: '第二十条第（八）项', columns: ['信息内容', '本年收费金额（单位：万元）'], rows: ['行政事业性收费'] },
  ],
  '2019': [
    { title: '第二十条第（一）项', columns: ['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'], rows: ['规章', '规范性文件'] },
    { title: '第二十条第（五）项', columns: ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'], rows: ['行政许可', '其他对外管理服务事项'] },
    { title: '第二十条第（六）项', columns: ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'], rows: ['行政处罚', '行政强制'] },
    { title: '第二十条第（八）项', columns: ['信息内容', '上一年项目数量', '本年增/减'], rows: ['行政事业性收费'] },
    { title: '第二十条第（九）项', columns: ['信息内容', '采购项目数量', '采购总金额'], rows: ['政府集中采购'] },
  ],
};

const RESULTS = '三、本年度办理结果';
/** Table 三's rows: [group path, label]. */
function requestRowPaths(format: Format): string[][] {
  const sub = (group: string, labels: string[]) => labels.map((l) => [RESULTS, group, l]);
  return [
    ['一、本年新收政府信息公开申请数量'],
    ['二、上年结转政府信息公开申请数量'],
    [RESULTS, '（一）予以公开'],
    [RESULTS, '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'],
    ...sub('（三）不予公开', ['1.属于国家秘密', '2.其他法律行政法规禁止公开', '3.危及“三安全一稳定”', '4.保护第三方合法权益', '5.属于三类内部事务信息', '6.属于四类过程性信息', '7.属于行政执法案卷', '8.属于行政查询事项']),
    ...sub('（四）无法提供', ['1.本机关不掌握相关政府信息', '2.没有现成信息需要另行制作', '3.补正后申请内容仍不明确']),
    ...sub('（五）不予处理', ['1.信访举报投诉类申请', '2.重复申请', '3.要求提供公开出版物', '4.无正当理由大量反复申请', '5.要求行政机关确认或重新出具已获取信息']),
    ...(format === '2021'
      ? sub('（六）其他处理', [
          '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
          '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
          '3.其他',
        ])
      : [[RESULTS, '（六）其他处理']]),
    [RESULTS, '（七）总计'],
    ['四、结转下年度继续办理'],
  ];
}
const REQUEST_COLUMN_PATHS = [
  ['申请人情况', '自然人'],
  ...['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].map((k) => ['申请人情况', '法人或其他组织', k]),
  ['申请人情况', '总计'],
];
const REVIEW = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
const REVIEW_COLUMN_PATHS = [
  ...REVIEW.map((r) => ['行政复议', r]),
  ...REVIEW.map((r) => ['行政诉讼', '未经复议直接起诉', r]),
  ...REVIEW.map((r) => ['行政诉讼', '复议后起诉', r]),
];

/** Every printed label of a table, in reading order (row by row, left to right). */
function printedLabels(format: Format, table: ReportTableId): string[] {
  if (table === '二') return PROACTIVE[format].flatMap((b) => [b.title, ...b.columns, ...b.rows]);
  if (table === '四') return ['行政复议', '行政诉讼', ...REVIEW, '未经复议直接起诉', '复议后起诉', ...REVIEW, ...REVIEW];
  const labels = [NOTE, '申请人情况', '自然人', '法人或其他组织', '总计', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'];
  for (const p of requestRowPaths(format)) for (const l of p) if (!labels.includes(l) || l === p[p.length - 1]) labels.push(l);
  return labels;
}

// ------------------------------------------------------------------ figures with a different number in every cell

function distinctFigures(format: Format): ReportFigures {
  let n = format === '2021' ? 1001 : 5001;
  const f = emptyFigures(format);
  for (const b of proactiveLayout(format)) for (const r of b.rows) for (const c of b.columns.slice(1)) f.proactive[r]![c] = n++;
  if (format === '2021') f.proactive['行政事业性收费']!['本年收费金额（单位：万元）'] = 12.5;
  for (const r of requestRows(format)) f.requests[r.label] = REQUEST_COLUMNS.map(() => n++);
  f.reviewLitigation = f.reviewLitigation.map(() => n++);
  return f;
}

/** Every number of the figures with its place: [table, row path, column path, value]. */
function expectedCells(format: Format, f: ReportFigures): { table: ReportTableId; row: string[]; column: string[]; value: number }[] {
  const out: { table: ReportTableId; row: string[]; column: string[]; value: number }[] = [];
  for (const b of PROACTIVE[format]) {
    for (const r of b.rows) for (const c of b.columns.slice(1)) out.push({ table: '二', row: [b.title, r], column: [c], value: f.proactive[r]![c]! });
  }
  for (const p of requestRowPaths(format)) {
    REQUEST_COLUMN_PATHS.forEach((c, i) => out.push({ table: '三', row: p, column: c, value: f.requests[p[p.length - 1]!]![i]! }));
  }
  REVIEW_COLUMN_PATHS.forEach((c, i) => out.push({ table: '四', row: [], column: c, value: f.reviewLitigation[i]! }));
  return out;
}

// ------------------------------------------------------------------ grids read back from each rendering

/** A cell read back; the same object fills every slot of a merged cell. */
interface Slot {
  text: string;
  tag?: 'th' | 'td';
  attrs?: Record<string, string>;
  inner?: string;
}
type Grid = Slot[][];

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Places cells, each with its spans, on a grid the way HTML's table model does. */
function placeCells(rows: { slot: Slot; rowSpan: number; colSpan: number; continues?: boolean }[][]): Grid {
  const grid: Grid = [];
  rows.forEach((row, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const cell of row) {
      while (grid[r]![c]) c++;
      const slot = cell.continues ? grid[r - 1]![c]! : cell.slot;
      for (let i = 0; i < cell.rowSpan; i++) for (let k = 0; k < cell.colSpan; k++) (grid[r + i] ??= [])[c + k] = slot;
      c += cell.colSpan;
    }
  });
  return grid;
}

/** The tables of an HTML page: caption, header rows and a grid. */
function htmlTables(html: string) {
  return [...html.matchAll(/<table([^>]*)>([\s\S]*?)<\/table>/g)].map((t) => {
    const caption = /<caption[^>]*>([\s\S]*?)<\/caption>/.exec(t[2]!)?.[1]?.replace(/<[^>]+>/g, '') ?? '';
    const headRows = /<thead>([\s\S]*?)<\/thead>/.exec(t[2]!)?.[1]?.match(/<tr>/g)?.length ?? 0;
    const cells: Slot[] = [];
    const rows = [...t[2]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((tr) =>
      [...tr[1]!.matchAll(/<(td|th)((?:\s+[a-z-]+="[^"]*")*)>([\s\S]*?)<\/\1>/g)].map((m) => {
        const attrs = Object.fromEntries([...m[2]!.matchAll(/([a-z-]+)="([^"]*)"/g)].map((a) => [a[1]!, decode(a[2]!)]));
        // A tag's quoted attributes may hold a '>' (HTML does not escape it there).
        const text = decode(m[3]!.replace(/<span class="visually-hidden">[\s\S]*?<\/span>/g, '').replace(/<(?:[^>"]|"[^"]*")*>/g, ''));
        const slot: Slot = { text, tag: m[1] as 'td' | 'th', attrs, inner: m[3]! };
        cells.push(slot);
        return { slot, rowSpan: Number(attrs.rowspan ?? 1), colSpan: Number(attrs.colspan ?? 1) };
      }),
    );
    return { attrs: t[1]!, caption: decode(caption), headRows, cells, grid: placeCells(rows) };
  });
}

/** The tables of a DOCX's document.xml, honouring w:gridSpan and w:vMerge. */
function docxTables(xml: string): { rows: string[]; grid: Grid }[] {
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) => {
    const rows = [...t[1]!.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((r) => r[1]!);
    const grid = placeCells(
      rows.map((r) =>
        [...r.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((tc) => {
          const body = tc[1]!;
          const text = decode([...body.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
          const vMerge = /<w:vMerge(?: w:val="(\w+)")?\/>/.exec(body);
          return {
            slot: { text },
            rowSpan: 1,
            colSpan: Number(/<w:gridSpan w:val="(\d+)"\/>/.exec(body)?.[1] ?? 1),
            continues: !!vMerge && vMerge[1] !== 'restart',
          };
        }),
      ),
    );
    return { rows, grid };
  });
}

/** A worksheet's cells as a grid (a merged range is one slot), from a row on. */
function sheetGrid(ws: ExcelJS.Worksheet, fromRow: number, columns: number): Grid {
  const slots = new Map<string, Slot>();
  const grid: Grid = [];
  for (let r = fromRow; r <= ws.rowCount; r++) {
    const row: Slot[] = [];
    for (let c = 1; c <= columns; c++) {
      const cell = ws.getCell(r, c);
      const master = cell.master ?? cell;
      let slot = slots.get(master.address);
      if (!slot) slots.set(master.address, (slot = { text: master.value === null || master.value === undefined ? '' : String(master.value) }));
      row.push(slot);
    }
    grid.push(row);
  }
  return grid;
}

// ------------------------------------------------------------------ the layout checks, for any grid

const same = (a: Slot | undefined, b: Slot | undefined, what: string) => assert.ok(a && a === b, what);

/** Checks the merges of a table as printed (the grid starts at the table's first row). */
function checkLayout(grid: Grid, format: Format, table: ReportTableId) {
  const at = (r: number, c: number) => grid[r]?.[c];
  const columns = { 二: 4, 三: 10, 四: 15 }[table];
  grid.forEach((row, r) => assert.ok(row.length === columns && row.every(Boolean), `row ${r} covers exactly ${columns} columns`));
  if (table === '二') {
    let r = 0;
    for (const b of PROACTIVE[format]) {
      assert.equal(at(r, 0)?.text, b.title);
      for (let c = 1; c < 4; c++) same(at(r, 0), at(r, c), `${b.title} spans the 4 columns`);
      const last = b.columns.length - 1;
      for (let c = last + 1; c < 4; c++) {
        for (let k = r + 1; k < r + 2 + b.rows.length; k++) same(at(k, last), at(k, c), `${b.title}: the last column spans ${4 - last}`);
      }
      r += 2 + b.rows.length;
    }
    assert.equal(grid.length, r, 'nothing after the last block');
    return;
  }
  if (table === '三') {
    const n = format === '2021' ? 22 : 20;
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) same(at(0, 0), at(r, c), 'the note spans 3 rows × 3 columns');
    assert.equal(at(0, 0)?.text, NOTE);
    for (let c = 3; c < 10; c++) same(at(0, 3), at(0, c), '申请人情况 spans 7');
    same(at(1, 3), at(2, 3), '自然人 spans 2 rows');
    for (let c = 4; c < 9; c++) same(at(1, 4), at(1, c), '法人或其他组织 spans 5');
    same(at(1, 9), at(2, 9), '总计 spans 2 rows');
    for (const r of [3, 4, 5 + n]) for (let c = 0; c < 3; c++) same(at(r, 0), at(r, c), `${at(r, 0)?.text} spans the 3 label columns`);
    for (let r = 5; r < 5 + n; r++) same(at(5, 0), at(r, 0), `${RESULTS} spans ${n} rows`);
    assert.equal(at(5, 0)?.text, RESULTS);
    assert.notEqual(at(5 + n, 0), at(5, 0));
    const groups = { '（三）不予公开': 8, '（四）无法提供': 3, '（五）不予处理': 5, ...(format === '2021' ? { '（六）其他处理': 3 } : {}) };
    for (const [group, count] of Object.entries(groups)) {
      const first = grid.findIndex((row) => row[1]?.text === group);
      assert.ok(first > 0, group);
      for (let r = first; r < first + count; r++) same(at(first, 1), at(r, 1), `${group} spans ${count} rows`);
      assert.notEqual(at(first + count, 1), at(first, 1));
    }
    for (const label of ['（一）予以公开', '（七）总计', ...(format === '2019' ? ['（六）其他处理'] : [])]) {
      const r = grid.findIndex((row) => row[1]?.text === label);
      same(at(r, 1), at(r, 2), `${label} spans 2 columns`);
    }
    assert.equal(grid.length, 6 + n);
    return;
  }
  for (let c = 0; c < 5; c++) same(at(0, 0), at(0, c), '行政复议 spans 5');
  for (let c = 5; c < 15; c++) same(at(0, 5), at(0, c), '行政诉讼 spans 10');
  for (let c = 0; c < 5; c++) same(at(1, c), at(2, c), `${at(1, c)?.text} spans 2 rows`);
  for (let c = 5; c < 10; c++) same(at(1, 5), at(1, c), '未经复议直接起诉 spans 5');
  for (let c = 10; c < 15; c++) same(at(1, 10), at(1, c), '复议后起诉 spans 5');
  assert.equal(grid.length, 4);
}

/** Every number sits where its row's and its column's labels meet. */
function checkNumbers(grid: Grid, format: Format, table: ReportTableId, f: ReportFigures) {
  const texts = (slots: (Slot | undefined)[]) => [...new Set(slots.filter((s): s is Slot => !!s))].map((s) => s.text);
  for (const e of expectedCells(format, f).filter((x) => x.table === table)) {
    let r: number;
    let c: number;
    if (table === '二') {
      const title = grid.findIndex((row) => row[0]?.text === e.row[0]);
      const count = PROACTIVE[format].find((b) => b.title === e.row[0])!.rows.length;
      r = grid.findIndex((row, i) => i > title + 1 && i <= title + 1 + count && row[0]?.text === e.row[1]);
      c = grid[title + 1]!.findIndex((s) => s.text === e.column[0]);
    } else {
      const labelColumns = table === '三' ? 3 : 0;
      const headRows = 3;
      const rows = grid.map((row, i) => i).filter((i) => i >= headRows && JSON.stringify(texts(grid[i]!.slice(0, labelColumns))) === JSON.stringify(e.row));
      assert.equal(rows.length, 1, `one row for ${e.row.join('/')}`);
      r = rows[0]!;
      const cols = grid[0]!.map((_, k) => k).filter((k) => k >= labelColumns && JSON.stringify(texts(grid.slice(0, headRows).map((row) => row[k]))) === JSON.stringify(e.column));
      assert.equal(cols.length, 1, `one column for ${e.column.join('/')}`);
      c = cols[0]!;
    }
    assert.ok(r >= 0 && c >= 0, `${e.row.join('/')} × ${e.column.join('/')} found`);
    assert.equal(grid[r]![c]!.text, String(e.value), `${table}: ${e.row.join('/')} × ${e.column.join('/')}`);
  }
}

const tableComponents = { 二: ProactiveTable, 三: RequestTable, 四: ReviewLitigationTable } as const;
const html = (table: ReportTableId, props: Parameters<typeof ProactiveTable>[0]) => render(h(tableComponents[table], props));

// ------------------------------------------------------------------ HTML

describe('report tables as HTML', () => {
  for (const format of FORMATS) {
    const f = distinctFigures(format);
    for (const table of REPORT_TABLES) {
      it(`${format} table ${table}: labels in printed order, merged as printed, every number in its cell`, () => {
        const out = html(table, { figures: f });
        const [t] = htmlTables(out);
        assert.ok(t, 'a table');
        const labels = t.cells.filter((c) => c.tag === 'th' || c.attrs?.class === 'rt-note').map((c) => c.text);
        assert.deepEqual(labels, printedLabels(format, table));
        checkLayout(t.grid, format, table);
        checkNumbers(t.grid, format, table, f);
        // Every data cell is a td holding a number; every label a th (the note excepted).
        for (const c of t.cells.filter((x) => x.tag === 'td' && x.attrs?.class !== 'rt-note')) assert.match(c.text, /^\d+(\.\d+)?$/);
        assert.equal(t.headRows, table === '二' ? 0 : 3);
      });
    }
  }

  it('names every header a number has, by id, row path first', () => {
    const f = distinctFigures('2021');
    const out = render(h(ReportTables, { figures: f }));
    const tables = htmlTables(out);
    assert.equal(tables.length, 3);
    const ids = tables.flatMap((t) => t.cells.filter((c) => c.attrs?.id).map((c) => c.attrs!.id!));
    assert.equal(new Set(ids).size, ids.length, 'ids are unique on the page');
    const byId = new Map(tables.flatMap((t) => t.cells.filter((c) => c.attrs?.id).map((c) => [c.attrs!.id!, c] as const)));
    const headersOf = (t: (typeof tables)[number], value: number) => {
      const cell = t.cells.find((c) => c.tag === 'td' && c.text === String(value))!;
      return cell.attrs!.headers!.split(' ').map((id) => {
        assert.equal(byId.get(id)?.tag, 'th', `${id} is a header`);
        return byId.get(id)!.text;
      });
    };
    const [two, three, four] = tables as [(typeof tables)[number], (typeof tables)[number], (typeof tables)[number]];
    assert.deepEqual(headersOf(three, f.requests['1.属于国家秘密']![0]!), ['三、本年度办理结果', '（三）不予公开', '1.属于国家秘密', '申请人情况', '自然人']);
    assert.deepEqual(headersOf(three, f.requests['2.重复申请']![2]!), ['三、本年度办理结果', '（五）不予处理', '2.重复申请', '申请人情况', '法人或其他组织', '科研机构']);
    assert.deepEqual(headersOf(three, f.requests['（七）总计']![6]!), ['三、本年度办理结果', '（七）总计', '申请人情况', '总计']);
    assert.deepEqual(headersOf(three, f.requests['一、本年新收政府信息公开申请数量']![5]!), ['一、本年新收政府信息公开申请数量', '申请人情况', '法人或其他组织', '其他']);
    assert.deepEqual(headersOf(four, f.reviewLitigation[11]!), ['行政诉讼', '复议后起诉', '结果纠正']);
    assert.deepEqual(headersOf(four, f.reviewLitigation[4]!), ['行政复议', '总计']);
    assert.deepEqual(headersOf(two, f.proactive['行政许可']!['本年处理决定数量']!), ['第二十条第（五）项', '行政许可', '本年处理决定数量']);
    // Every number names its headers; every id it names exists.
    for (const t of tables) {
      for (const c of t.cells.filter((x) => x.tag === 'td' && x.attrs?.class !== 'rt-note')) {
        assert.ok(c.attrs?.headers, 'a number without headers');
        for (const id of c.attrs.headers.split(' ')) assert.ok(byId.has(id), id);
      }
    }
    // Simple scopes where they work.
    const scope = (t: (typeof tables)[number], text: string) => t.cells.find((c) => c.text === text)!.attrs!.scope;
    assert.equal(scope(three, '申请人情况'), 'colgroup');
    assert.equal(scope(three, '法人或其他组织'), 'colgroup');
    assert.equal(scope(three, '自然人'), 'col');
    assert.equal(scope(three, '三、本年度办理结果'), 'rowgroup');
    assert.equal(scope(three, '1.属于国家秘密'), 'row');
    assert.equal(scope(four, '行政诉讼'), 'colgroup');
    assert.equal(scope(two, '第二十条第（一）项'), 'rowgroup');
  });

  it('puts each table in a named, focusable region with a caption, under its section heading', () => {
    const out = render(h(ReportTables, { figures: emptyFigures('2021'), idPrefix: 'y2025' }));
    for (const [key, heading, caption] of [
      ['2', '二、主动公开政府信息情况', '主动公开政府信息情况'],
      ['3', '三、收到和处理政府信息公开申请情况', '收到和处理政府信息公开申请情况'],
      ['4', '四、政府信息公开行政复议、行政诉讼情况', '政府信息公开行政复议、行政诉讼情况'],
    ] as const) {
      assert.ok(out.includes(`<section class="report-tables-section" aria-labelledby="y2025-${key}-heading"><h2 id="y2025-${key}-heading">${heading}</h2>`), heading);
      assert.ok(out.includes(`<div class="report-table-scroll" tabindex="0" role="region" aria-labelledby="y2025-${key}-caption">`), `region ${key}`);
      assert.ok(out.includes(`<caption id="y2025-${key}-caption"><span class="visually-hidden">${caption}</span></caption>`), `caption ${key}`);
    }
    assert.ok(out.indexOf('二、主动公开') < out.indexOf('三、收到和处理') && out.indexOf('三、收到和处理') < out.indexOf('四、政府信息公开'), 'in order');
    // Alone, a table shows its caption (or the one given).
    assert.ok(html('三', { figures: emptyFigures('2021') }).includes('<caption id="rt-3-caption">收到和处理政府信息公开申请情况</caption>'));
    assert.ok(html('四', { figures: emptyFigures('2021'), caption: '表四' }).includes('>表四</caption>'));
  });

  it('has no inline style (the CSP forbids it) and no script', () => {
    for (const format of FORMATS) {
      const out = render(h(ReportTables, { figures: distinctFigures(format), failing: new Set(['三:2.重复申请:自然人']), cellHref: () => '/office/x' }));
      assert.doesNotMatch(out, /\sstyle=/i);
      assert.doesNotMatch(out, /<script|\son[a-z]+=/i);
    }
  });

  it('marks failing cells with a class and words, not colour alone', () => {
    const f = distinctFigures('2021');
    const failing = new Set(['三:1.属于国家秘密:商业企业', '三:（七）总计:总计', '四:复议后起诉:总计', '二:规章:本年废止件数']);
    const tables = htmlTables(render(h(ReportTables, { figures: f, failing })));
    const marked = tables.flatMap((t) => t.cells.filter((c) => c.attrs?.class === 'rt-failing'));
    assert.deepEqual(
      marked.map((c) => c.text).sort(),
      [f.requests['1.属于国家秘密']![1]!, f.requests['（七）总计']![6]!, f.reviewLitigation[14]!, f.proactive['规章']!['本年废止件数']!].map(String).sort(),
    );
    for (const c of marked) assert.ok(c.inner!.includes('<span class="visually-hidden">（核对不一致）</span>'), `words in ${c.text}`);
    const others = tables.flatMap((t) => t.cells.filter((c) => c.tag === 'td' && c.attrs?.class !== 'rt-failing'));
    for (const c of others) assert.ok(!c.inner!.includes('核对不一致'), `no words in ${c.text}`);
  });

  it('uses the cell references of checkFigures, so its failing cells can be marked', () => {
    for (const format of FORMATS) {
      const f = distinctFigures(format);
      const refs = new Set(REPORT_TABLES.flatMap((t) => reportGrid(f, t).rows.flat().flatMap((c) => (c.ref ? [cellRefKey(c.ref)] : []))));
      const checks = checkFigures(f);
      assert.ok(checks.some((c) => !c.ok), 'distinct figures fail the checks');
      for (const check of checks) for (const cell of check.cells) assert.ok(refs.has(cell), `${cell} is a cell of the tables`);
      const failing = new Set(checks.filter((c) => !c.ok).flatMap((c) => c.cells));
      const out = render(h(ReportTables, { figures: f, failing }));
      assert.equal((out.match(/class="rt-failing"/g) ?? []).length, failing.size);
    }
  });

  it('links numbers to the records behind them where cellHref gives a link, escaped', () => {
    const f = distinctFigures('2021');
    const seen: CellRef[] = [];
    const out = render(
      h(ReportTables, {
        figures: f,
        cellHref: (ref) => {
          seen.push(ref);
          return ref.table === '四' ? undefined : `/office/annual-reports/records?table=${ref.table}&row=${encodeURIComponent(ref.row)}&q="<x>"`;
        },
      }),
    );
    const tables = htmlTables(out);
    const cell = tables[1]!.cells.find((c) => c.text === String(f.requests['1.属于国家秘密']![0]))!;
    assert.equal(cell.inner, `<a href="/office/annual-reports/records?table=三&amp;row=${encodeURIComponent('1.属于国家秘密')}&amp;q=&quot;&lt;x>&quot;">${f.requests['1.属于国家秘密']![0]}</a>`);
    assert.ok(!tables[2]!.cells.some((c) => c.inner?.includes('<a ')), 'no links where none is given');
    assert.ok(seen.some((r) => r.table === '四' && r.row === '复议后起诉' && r.column === '结果维持'), 'table 四 refs');
    assert.ok(seen.some((r) => r.table === '二' && r.row === '行政许可' && r.column === '本年处理决定数量'), 'table 二 refs');
  });

  it('leaves a number that is missing empty (the format prints 0; a missing number is not 0)', () => {
    const f = emptyFigures('2021');
    f.proactive['规章']!['本年制发件数'] = null;
    f.requests['（一）予以公开'] = [1, 2];
    f.reviewLitigation = [3];
    const [two, three, four] = htmlTables(render(h(ReportTables, { figures: f, cellHref: () => '/x' })));
    const row = (t: NonNullable<typeof two>, label: string) => t.grid.find((r) => r.some((s) => s.text === label))!;
    assert.deepEqual(
      [...new Set(row(two!, '规章').slice(1))].map((s) => s.text),
      ['', '0', '0'],
    );
    assert.ok(!row(two!, '规章')[1]!.inner!.includes('<a '), 'no link on an empty cell');
    assert.deepEqual(row(three!, '（一）予以公开').slice(3).map((s) => s.text), ['1', '2', '', '', '', '', '']);
    assert.deepEqual(four!.grid[3]!.map((s) => s.text), ['3', ...Array(14).fill('')]);
  });

  it('escapes by default', () => {
    // Labels are fixed, but a caption comes from the caller.
    assert.ok(html('二', { figures: emptyFigures('2021'), caption: '<b>表二</b>' }).includes('&lt;b>表二&lt;/b>'));
  });
});

// ------------------------------------------------------------------ DOCX

const LIMITS = { maxEntries: 1000, maxTotalBytes: 64 * 1024 * 1024 };
const entries = (docx: Buffer) => new Map(listZip(docx, LIMITS).map((e) => [e.name, readEntry(docx, e).toString('utf8')]));
const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const report = (format: Format) => ({
  agencyName: '某某县人民政府办公室',
  year: format === '2021' ? 2025 : 2020,
  title: `某某县人民政府办公室${format === '2021' ? 2025 : 2020}年政府信息公开工作年度报告`,
  sections: [
    { heading: '六、其他需要报告的事项', paragraphs: ['本年度未收取信息处理费。'] },
    { heading: '一、总体情况', paragraphs: ['本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。', '（一）主动公开：A & B <示例>'] },
    { heading: '五、存在的主要问题及改进情况', paragraphs: ['主动公开的及时性有待提高。'] },
  ],
  figures: distinctFigures(format),
});

describe('the report as DOCX', () => {
  for (const format of FORMATS) {
    it(`${format}: every label and number, the tables merged as printed, in the national order`, async () => {
      const r = report(format);
      const docx = await reportDocx(r);
      const files = entries(docx);
      const xml = files.get('word/document.xml')!;
      for (const part of ['word/styles.xml', 'word/fontTable.xml']) assert.doesNotThrow(() => parseXml(files.get(part)!), part);
      // test/xml.ts is quadratic in a document this size: here only the elements' nesting.
      assertNested(xml);
      const tables = docxTables(xml);
      assert.equal(tables.length, 3);
      for (const [i, table] of REPORT_TABLES.entries()) {
        for (const label of printedLabels(format, table)) assert.ok(xml.includes(`>${xmlText(label)}<`), label);
        checkLayout(tables[i]!.grid, format, table);
        checkNumbers(tables[i]!.grid, format, table, r.figures);
      }
      for (const e of expectedCells(format, r.figures)) assert.ok(xml.includes(`>${e.value}<`), String(e.value));
      // Merges are Word's own: gridSpan across, vMerge down.
      for (const span of [3, 4, 7, 5, 10, 2]) assert.ok(xml.includes(`<w:gridSpan w:val="${span}"/>`), `gridSpan ${span}`);
      assert.ok(xml.includes('<w:vMerge w:val="restart"/>') && xml.includes('<w:vMerge w:val="continue"/>'), 'vMerge');
      // The heads of tables 三 and 四 repeat on every page; no body row does.
      for (const t of tables.slice(1)) assert.deepEqual(t.rows.map((row) => row.includes('<w:tblHeader/>')), t.rows.map((_, i) => i < 3));
      // 一, 二 + table, 三 + table, 四 + table, 五, 六.
      const at = (s: string) => xml.indexOf(`>${xmlText(s)}<`);
      const tableAt = [...xml.matchAll(/<w:tbl>/g)].map((m) => m.index);
      const order = [at(r.title), at('一、总体情况'), at(r.sections[1]!.paragraphs[1]!), at('二、主动公开政府信息情况'), tableAt[0], at('三、收到和处理政府信息公开申请情况'), tableAt[1], at('四、政府信息公开行政复议、行政诉讼情况'), tableAt[2], at('五、存在的主要问题及改进情况'), at('六、其他需要报告的事项'), at('本年度未收取信息处理费。')];
      assert.ok(order.every((x) => x !== undefined && x >= 0), 'every part is there');
      assert.deepEqual(order, [...order].sort((a, b) => a! - b!), 'in the national order');
      // The platform's own extractor (search, attachments) reads it.
      const { status, text } = await extractAttachmentText(docx, 'docx');
      assert.equal(status, 'ok');
      for (const s of [r.title, '1.属于国家秘密', '复议后起诉', String(r.figures.reviewLitigation[14])]) assert.ok(text.includes(s), s);
    });
  }

  it('lays it out as an official document: A4, 小标宋 title, 黑体 headings, 仿宋 body indented, 宋体 10.5pt tables centred', async () => {
    const files = entries(await reportDocx(report('2021')));
    const xml = files.get('word/document.xml')!;
    assert.match(xml, /<w:pgSz w:w="11906" w:h="16838"/);
    const paragraphs = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '').match(/<w:p>.*?<\/w:p>/g)!;
    const find = (text: string) => paragraphs.find((p) => p.includes(`>${xmlText(text)}<`))!;
    const title = find(report('2021').title);
    assert.match(title, /<w:jc w:val="center"\/>/);
    assert.match(title, /w:eastAsia="方正小标宋简体"/);
    assert.match(title, /<w:b\/>/);
    assert.match(title, /<w:sz w:val="44"\/>/);
    const heading = find('三、收到和处理政府信息公开申请情况');
    assert.match(heading, /w:eastAsia="黑体"/);
    assert.match(heading, /<w:sz w:val="32"\/>/);
    const para = find('主动公开的及时性有待提高。');
    assert.match(para, /w:eastAsia="仿宋_GB2312"/);
    assert.match(para, /<w:sz w:val="32"\/>/);
    assert.match(para, /<w:ind w:firstLineChars="200"\/>/);
    assert.ok(xml.includes('>（一）主动公开：A &amp; B &lt;示例&gt;<'), 'text escaped');
    const tableXml = xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g)!;
    for (const t of tableXml) {
      for (const p of t.match(/<w:p>.*?<\/w:p>/g)!.filter((p) => p.includes('<w:t'))) {
        assert.match(p, /<w:jc w:val="center"\/>/);
        assert.match(p, /w:eastAsia="宋体"/);
        assert.match(p, /<w:sz w:val="21"\/>/);
      }
    }
    const fonts = files.get('word/fontTable.xml')!;
    assert.match(fonts, /<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"\/>/);
    assert.match(fonts, /<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"\/>/);
    assert.match(fonts, /<w:font w:name="宋体">/);
    assert.match(fonts, /<w:font w:name="黑体">/);
  });

  it('prints the heading of a national section no one wrote, so the gap shows', async () => {
    const xml = entries(await reportDocx({ ...report('2021'), sections: [] })).get('word/document.xml')!;
    for (const h of ['一、总体情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项']) assert.ok(xml.includes(`>${h}<`), h);
  });

  it('converts to PDF with LibreOffice, when it is installed', async (t) => {
    const soffice = findOnPath('soffice');
    if (!soffice) {
      t.skip('LibreOffice (soffice) is not installed');
      return;
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-report-'));
    try {
      const input = path.join(dir, 'report.docx');
      writeFileSync(input, await reportDocx(report('2021')));
      const r = spawnSync(soffice, [`-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input], {
        timeout: 180_000,
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, `soffice failed: ${r.stderr || r.error}`);
      const pdf = readFileSync(path.join(dir, 'report.pdf'));
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Every element closed, in order, and no bare '<' or '&' in text. */
function assertNested(xml: string) {
  const stack: string[] = [];
  for (const m of xml.replace(/^<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([A-Za-z_][\w.:-]*)(?:\s+[\w.:-]+="[^"<]*")*\s*(\/?)>|([^<]+)|(<)/g)) {
    if (m[5]) assert.fail(`bare < at ${m.index}`);
    if (m[4] !== undefined) {
      assert.ok(!m[4].replace(/&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, '').includes('&'), 'bare &');
      continue;
    }
    if (m[1]) assert.equal(stack.pop(), m[2], `</${m[2]}> closes what it opened`);
    else if (!m[3]) stack.push(m[2]!);
  }
  assert.deepEqual(stack, [], 'every element closed');
}

function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

// ------------------------------------------------------------------ XLSX and CSV

describe('the report as XLSX', () => {
  for (const format of FORMATS) {
    it(`${format}: one worksheet per table, merged as printed, numbers as numbers`, async () => {
      const f = distinctFigures(format);
      const xlsx = await reportXlsx(f, { agencyName: '某某县人民政府办公室', year: 2025 });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
      const { status, text } = await extractAttachmentText(xlsx, 'xlsx');
      assert.equal(status, 'ok');
      // It reads the labels (the shared strings); numbers are not text to it.
      assert.ok(text.includes('1.属于国家秘密') && text.includes('四、政府信息公开行政复议、行政诉讼情况'), 'the extractor reads the labels');
      assert.deepEqual(
        wb.worksheets.map((ws) => ws.name),
        ['二、主动公开', '三、申请情况', '四、复议诉讼'],
      );
      for (const [i, table] of REPORT_TABLES.entries()) {
        const ws = wb.worksheets[i]!;
        const columns = { 二: 4, 三: 10, 四: 15 }[table];
        assert.equal(ws.getCell(1, 1).value, '某某县人民政府办公室2025年政府信息公开工作年度报告');
        assert.equal(ws.getCell(2, 1).value, reportGrid(f, table).heading);
        const grid = sheetGrid(ws, 3, columns);
        checkLayout(grid, format, table);
        checkNumbers(grid, format, table, f);
      }
      const merges = (i: number) => (wb.worksheets[i]!.model as unknown as { merges: string[] }).merges;
      if (format === '2021') {
        for (const range of ['A1:D1', 'A2:D2', 'A3:D3', 'B8:D8', 'B9:D9', 'A10:D10', 'B16:D16']) assert.ok(merges(0).includes(range), range);
        // Table 三 starts on row 3: the note A3:C5, then 一 (6), 二 (7), 三 (8–29), 四 (30).
        for (const range of ['A3:C5', 'D3:J3', 'D4:D5', 'E4:I4', 'J4:J5', 'A6:C6', 'A8:A29', 'B8:C8', 'B10:B17', 'B26:B28', 'B29:C29', 'A30:C30']) {
          assert.ok(merges(1).includes(range), range);
        }
        for (const range of ['A3:E3', 'F3:O3', 'A4:A5', 'E4:E5', 'F4:J4', 'K4:O4']) assert.ok(merges(2).includes(range), range);
        const three = wb.worksheets[1]!;
        assert.equal(three.getCell('D10').value, f.requests['1.属于国家秘密']![0]);
        assert.equal(typeof three.getCell('J29').value, 'number');
        assert.equal(three.getCell('J29').value, f.requests['（七）总计']![6]);
        assert.equal(three.getCell('D3').font.bold, true);
        assert.ok(three.getColumn(3).width! >= 30, 'the long labels get a wide column');
        assert.ok(three.getColumn(4).width! >= 8, 'number columns');
        assert.equal(wb.worksheets[0]!.getCell('B16').value, 12.5);
        assert.equal(wb.worksheets[2]!.getCell('O6').value, f.reviewLitigation[14]);
      } else {
        assert.ok(merges(1).includes('A8:A27'), '本年度办理结果 spans 20 rows in the 2019 format');
        assert.ok(merges(1).includes('B26:C26'), '（六）其他处理 is one row across two columns');
      }
    });
  }
});

/** RFC 4180, enough for the exports. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  assert.equal(field, '', 'the last line ends with CRLF');
  return rows;
}

describe('the report as CSV', () => {
  for (const format of FORMATS) {
    it(`${format}: BOM, CRLF, column paths, one line per row with its label path`, () => {
      const f = distinctFigures(format);
      for (const table of REPORT_TABLES) {
        const csv = reportCsv(f, table);
        assert.ok(csv.startsWith('\uFEFF'), 'BOM');
        assert.doesNotMatch(csv.replace(/\r\n/g, ''), /[\r\n]/, 'CRLF only');
        const [head, ...rows] = parseCsv(csv.slice(1));
        const expected = expectedCells(format, f).filter((e) => e.table === table);
        if (table === '二') {
          const columns = [...new Set(PROACTIVE[format].flatMap((b) => b.columns.slice(1)))];
          assert.deepEqual(head, ['信息内容', ...columns]);
          assert.deepEqual(
            rows,
            PROACTIVE[format].flatMap((b) => b.rows.map((r) => [`${b.title}/${r}`, ...columns.map((c) => (b.columns.includes(c) ? String(f.proactive[r]![c]) : ''))])),
          );
        } else if (table === '三') {
          assert.deepEqual(head, ['项目', ...REQUEST_COLUMN_PATHS.map((p) => p.join('/'))]);
          assert.deepEqual(
            rows,
            requestRowPaths(format).map((p) => [p.join('/'), ...f.requests[p[p.length - 1]!]!.map(String)]),
          );
          assert.ok(head!.includes('申请人情况/法人或其他组织/商业企业'), 'column path');
          assert.ok(rows.some((r) => r[0] === '三、本年度办理结果/（三）不予公开/1.属于国家秘密'), 'row path');
        } else {
          assert.deepEqual(head, ['项目', ...REVIEW_COLUMN_PATHS.map((p) => p.join('/'))]);
          assert.deepEqual(rows, [['数量', ...f.reviewLitigation.map(String)]]);
        }
        assert.equal(rows.flat().filter((x) => /^\d/.test(x)).length, expected.length, 'every number once');
      }
    });
  }

  it('leaves a missing number empty', () => {
    const f = emptyFigures('2021');
    f.requests['（一）予以公开'] = [1];
    const rows = parseCsv(reportCsv(f, '三').slice(1));
    assert.deepEqual(rows.find((r) => r[0] === '三、本年度办理结果/（一）予以公开'), ['三、本年度办理结果/（一）予以公开', '1', '', '', '', '', '', '']);
  });
});
