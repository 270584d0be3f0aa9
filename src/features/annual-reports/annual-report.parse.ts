/**
 * Reading published annual reports back into figures: agencies have ten or more
 * years of reports on their old sites, as web pages. A page in the 2021 or the
 * 2019 format gives its three tables (二, 三, 四) as `ReportFigures`; a free-form
 * report from before 2019 gives at most its proactive total.
 *
 * Tables are found by what they say, not where they are: a saved page carries
 * menus, metadata tables and layout tables around the report. Rows and columns are
 * matched by their printed labels through `labelKey`, which keeps only letters and
 * digits (after NFKC), so spacing, full-width or half-width punctuation and
 * parentheses, quote styles and 、 versus ， never decide a match; wording does.
 *
 * Figures are returned as printed. A report whose numbers do not add up is still
 * that agency's report: the caller runs `checkFigures` and shows what does not
 * reconcile. Pure: no I/O.
 */
import { decodePage } from '../files/charset.js';
import { attrValue, decodeEntities, parseHtml, type HtmlElement, type HtmlNode } from '../text/html.js';
import {
  emptyFigures,
  proactiveLayout,
  REQUEST_COLUMNS,
  REQUEST_ROWS_2019,
  REQUEST_ROWS_2021,
  requestRows,
  REVIEW_GROUPS,
  REVIEW_RESULTS,
  type ProactiveFigures,
  type ReportFigures,
} from './annual-report.js';

export interface ParsedReport {
  year: number | null;
  agencyName: string | null;
  format: '2021' | '2019';
  figures: ReportFigures;
  /** In Chinese, for the person importing: what was read leniently or not found. */
  warnings: string[];
}

/** One reason a page cannot be read; `row` and `column` are the printed labels concerned. */
export interface ReportParseProblem {
  row: string | null;
  column: string | null;
  message: string;
}

export class ReportParseError extends Error {
  readonly problems: ReportParseProblem[];
  constructor(problems: ReportParseProblem[]) {
    super(problems.map((p) => p.message).join('；'));
    this.name = 'ReportParseError';
    this.problems = problems;
  }
}

/** A saved report page is a few hundred kilobytes; anything far larger is not one. */
export const MAX_REPORT_PAGE_BYTES = 5 * 1024 * 1024;

const NOT_A_REPORT = '未找到年度报告的表格';

// ---------------------------------------------------------------- text

/**
 * The matching key of a label: NFKC (full-width letters, digits and punctuation
 * become half-width), then letters and digits only. `（二）部分公开` and `(二) 部分公开`
 * share a key; `3.其他` (a row) and `其他` (a column) do not.
 */
export function labelKey(s: string): string {
  return s.normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The label without a trailing parenthesised note: `（二）部分公开（区分处理的……）` → `（二）部分公开`. */
function withoutNote(s: string): string {
  const t = s.trim();
  const m = /^(.+?)\s*[（(][^（()）]*[)）]$/.exec(t);
  return m && labelKey(m[1]!) !== '' ? m[1]! : t;
}

/** Every key a printed label is known by: itself, and itself without its trailing note. */
function keysOf(label: string): string[] {
  return [...new Set([labelKey(label), labelKey(withoutNote(label))])];
}

const ALL_SPACE = /[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff]+/g;

/** Text for messages: runs of any space collapsed, cut to a readable length. */
function shown(s: string, max = 40): string {
  const t = s.replace(ALL_SPACE, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

const HANZI_DIGITS: Readonly<Record<string, string>> = {
  〇: '0', '○': '0', 零: '0', O: '0', o: '0', Ο: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9',
};

/**
 * Text for finding years and totals: NFKC (full-width digits), spaces gone (but
 * line breaks kept, they end sentences), digits' thousands separators gone, and a
 * year written in characters (二〇二二年, also with a letter O for 〇) in digits.
 */
function plainText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[ \t\f\v\u00a0\u3000\u200b-\u200d\u2060\ufeff]+/g, '')
    .replace(/([〇○零OoΟ一二三四五六七八九]{4})(?=年)/g, (m) => {
      const digits = [...m].map((c) => HANZI_DIGITS[c] ?? '').join('');
      return /^(?:19|20)\d\d$/.test(digits) ? digits : m;
    })
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
}

// ---------------------------------------------------------------- tables into grids

interface Cell {
  /** The cell's text, entities decoded, spaces kept as they were. */
  text: string;
  key: string;
  /** The grid row of its own <tr> (a rowspan carries it into the rows below). */
  row: number;
}

/** A table as a grid: rowspan and colspan expanded, so a merged cell is the same object in every slot it covers. */
type Grid = Array<Array<Cell | undefined>>;

// ---------------------------------------------------------------- walking the tree
// Without recursion: a saved page can nest elements thousands deep (unclosed tags
// in old CMS templates), and a stack overflow is no answer to give.

/** Pre-order over the elements under `root` (itself included); `enter` returning false skips an element's subtree. */
function walkElements(root: HtmlElement, enter: (el: HtmlElement) => boolean | void): void {
  const stack: HtmlElement[] = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (enter(el) === false) continue;
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i]!;
      if (c.type === 'element') stack.push(c);
    }
  }
}

const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
const NO_TEXT = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'object']);

function hidden(el: HtmlElement): boolean {
  return /display\s*:\s*none/i.test(attrValue(el.attrs, 'style') ?? '');
}

/**
 * The text under `el`, entities decoded, a line break around each block element;
 * elements for which `skip` holds are left out. Stops once `limit` characters are read.
 */
function textOf(el: HtmlElement, skip: (el: HtmlElement) => boolean, limit = Number.POSITIVE_INFINITY): string {
  const out: string[] = [];
  let length = 0;
  const stack: Array<HtmlNode | '\n'> = [...el.children].reverse();
  while (stack.length > 0 && length <= limit) {
    const n = stack.pop()!;
    if (n === '\n') out.push(n);
    else if (n.type === 'text') {
      const t = decodeEntities(n.raw);
      out.push(t);
      length += t.length;
    } else if (n.name === 'br') out.push('\n');
    else if (!skip(n)) {
      const block = BLOCKS.has(n.name);
      if (block) {
        out.push('\n');
        stack.push('\n');
      }
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
    }
  }
  return out.join('');
}

// A cell's text without the text of any table nested in it: a layout table's cell
// would otherwise "contain" every label of the report inside it.
const cellText = (el: HtmlElement) => textOf(el, (e) => e.name === 'table' || NO_TEXT.has(e.name) || hidden(e)).trim();

/** The rows of a table, not of the tables nested in it, through thead/tbody/tfoot and stray wrappers. */
function rowsOf(table: HtmlElement): HtmlElement[] {
  const rows: HtmlElement[] = [];
  walkElements(table, (el) => {
    if (el === table) return true;
    if (el.name === 'tr') rows.push(el);
    return el.name !== 'tr' && el.name !== 'table';
  });
  return rows;
}

function cellsOf(tr: HtmlElement): HtmlElement[] {
  const cells: HtmlElement[] = [];
  walkElements(tr, (el) => {
    if (el === tr) return true;
    if (el.name === 'td' || el.name === 'th') cells.push(el);
    return !['td', 'th', 'tr', 'table'].includes(el.name);
  });
  return cells;
}

function span(el: HtmlElement, name: string): number | null {
  const n = Number.parseInt(attrValue(el.attrs, name) ?? '', 10);
  return Number.isFinite(n) ? n : null;
}

/** The HTML table model, leniently: spans are clamped to the table, rowspan="0" runs to its end. */
function gridOf(table: HtmlElement): Grid {
  const trs = rowsOf(table);
  const grid: Grid = trs.map(() => []);
  trs.forEach((tr, r) => {
    const row = grid[r]!;
    let c = 0;
    for (const td of cellsOf(tr)) {
      while (row[c] !== undefined) c++;
      const colspan = Math.min(Math.max(span(td, 'colspan') ?? 1, 1), 200);
      const rs = span(td, 'rowspan');
      const rowspan = Math.min(rs === 0 ? trs.length - r : Math.max(rs ?? 1, 1), trs.length - r);
      const text = cellText(td);
      const cell: Cell = { text, key: labelKey(text), row: r };
      for (let i = 0; i < rowspan; i++) for (let j = 0; j < colspan; j++) grid[r + i]![c + j] = cell;
      c += colspan;
    }
  });
  return grid;
}

interface Span {
  cell: Cell;
  from: number;
}

/** A grid row's cells, each once, with the first column it covers. */
function spansOf(row: Array<Cell | undefined>, end = row.length): Span[] {
  const out: Span[] = [];
  for (let c = 0; c < Math.min(end, row.length); c++) {
    const cell = row[c];
    if (cell && (out.length === 0 || out[out.length - 1]!.cell !== cell)) out.push({ cell, from: c });
  }
  return out;
}

// ---------------------------------------------------------------- numbers

type ReadNumber = { kind: 'number'; value: number; dash: boolean } | { kind: 'text' };

// How sites write "nothing here" in a number cell. A dash or slash is read as 0,
// but said: it can also mean "not applicable" or "not counted".
const DASH = /^(?:[-‐‑‒–—―─━−~/\\]+|无)$/;

/**
 * A printed number: full-width digits and thousands separators accepted; empty is 0.
 * Table 三 and 四 hold counts; table 二 also holds amounts in 万元 (decimals) and the
 * 2019 format's 本年增/减 (a sign).
 */
function readNumber(text: string, allow: { decimal?: boolean; sign?: boolean } = {}): ReadNumber {
  const t = text.normalize('NFKC').replace(ALL_SPACE, '').replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
  if (t === '') return { kind: 'number', value: 0, dash: false };
  if (DASH.test(t)) return { kind: 'number', value: 0, dash: true };
  const re = new RegExp(`^${allow.sign ? '[+-]?' : ''}\\d+${allow.decimal ? '(?:\\.\\d+)?' : ''}$`);
  if (!re.test(t)) return { kind: 'text' };
  return { kind: 'number', value: Number(t), dash: false };
}

// ---------------------------------------------------------------- finding the tables

type TableKind = '二' | '三' | '四';

const REQUEST_LABEL_BY_KEY = new Map<string, string>();
for (const r of [...REQUEST_ROWS_2021, ...REQUEST_ROWS_2019]) for (const k of keysOf(r.label)) REQUEST_LABEL_BY_KEY.set(k, r.label);
const REQUEST_HEADER_KEYS = new Set(['申请人情况', '自然人', '法人或其他组织', '商业企业', '科研机构', '社会公益组织', '法律服务机构'].map(labelKey));
const REQUEST_COLUMN_KEYS = REQUEST_COLUMNS.map(labelKey);
const BLOCK_TITLE = /^第二十条第([一二三四五六七八九十]+)项$/;
const PROACTIVE_ROW_KEYS = new Set([...proactiveLayout('2021'), ...proactiveLayout('2019')].flatMap((b) => b.rows).map(labelKey));

/** What a table is, by its cells: 四 by its header, 三 by its labels, 二 by its block titles. */
function kindOf(grid: Grid, previous: TableKind | null): TableKind | null {
  const keys = new Set<string>();
  for (const row of grid) for (const s of spansOf(row)) keys.add(s.cell.key);
  if (keys.has('行政复议') && keys.has('结果维持')) return '四';
  let rowLabels = 0;
  let headers = 0;
  for (const k of keys) {
    if (REQUEST_LABEL_BY_KEY.has(k)) rowLabels++;
    if (REQUEST_HEADER_KEYS.has(k)) headers++;
  }
  // A navigation table may well say 自然人 and 法人; only several labels make table 三.
  // The continuation of a 三 split over two tables may hold a single row.
  if (rowLabels + headers >= 3 || (previous === '三' && rowLabels >= 1)) return '三';
  if ([...keys].some((k) => BLOCK_TITLE.test(k))) return '二';
  if (keys.has('信息内容') && [...keys].some((k) => PROACTIVE_ROW_KEYS.has(k))) return '二';
  return null;
}

/** The report's tables, in page order; a table split in two gives two parts of one kind. */
function findTables(root: HtmlElement): Record<TableKind, Grid[]> {
  const found: Record<TableKind, Grid[]> = { 二: [], 三: [], 四: [] };
  // Report tables hold no tables; a table that does is page layout around them.
  const tables: HtmlElement[] = [];
  const layout = new Set<HtmlElement>();
  const tableAbove = new Map<HtmlElement, HtmlElement | null>([[root, null]]);
  walkElements(root, (el) => {
    const above = tableAbove.get(el) ?? null;
    if (el.name === 'table') {
      tables.push(el);
      if (above) layout.add(above);
    }
    for (const c of el.children) if (c.type === 'element') tableAbove.set(c, el.name === 'table' ? el : above);
  });
  const leaves = tables.filter((t) => !layout.has(t));
  let previous: TableKind | null = null;
  for (const t of leaves) {
    const grid = gridOf(t);
    const kind = kindOf(grid, previous);
    if (kind) found[kind].push(grid);
    previous = kind;
  }
  return found;
}

// ---------------------------------------------------------------- table 三

interface RequestRead {
  /** Printed label (canonical) → the 7 cells as printed, in REQUEST_COLUMNS order. */
  rows: Map<string, Array<Cell | undefined>>;
  problems: ReportParseProblem[];
  warnings: string[];
}

function readRequests(parts: Grid[]): RequestRead {
  const rows = new Map<string, Array<Cell | undefined>>();
  const problems: ReportParseProblem[] = [];
  const warnings: string[] = [];
  // Where the 7 number columns are, counted from the right end of a row: a table
  // split over two <table>s (or a row cut short by a stray rowspan) keeps its
  // numbers at the right even when the label columns on the left differ.
  let fromRight: number[] = REQUEST_COLUMNS.map((_, i) => 7 - i);
  for (const grid of parts) {
    let header = -1;
    grid.forEach((row, r) => {
      if (spansOf(row).filter((s) => REQUEST_COLUMN_KEYS.includes(s.cell.key)).length >= 5) header = r;
    });
    if (header >= 0) {
      const row = grid[header]!;
      const at = REQUEST_COLUMN_KEYS.map((k) => row.findIndex((c) => c?.key === k));
      const missing = REQUEST_COLUMNS.filter((_, i) => at[i]! < 0);
      for (const column of missing) problems.push({ row: null, column, message: `表三缺少“${column}”列` });
      if (missing.length > 0) continue;
      fromRight = at.map((c) => row.length - c);
    }
    for (let r = header + 1; r < grid.length; r++) {
      const row = grid[r]!;
      const cols = fromRight.map((d) => row.length - d);
      const labels = spansOf(row, Math.max(0, Math.min(...cols))).filter((s) => s.cell.key !== '');
      const values = cols.map((c) => (c >= 0 ? row[c] : undefined));
      if (labels.length === 0) continue;
      // The row's label is the last one its own <tr> brings; group cells (（三）不予公开)
      // come down from above, and a stray rowspan can push one to the right of it.
      const own = labels.filter((s) => s.cell.row === r);
      const last = (own.length > 0 ? own : labels).at(-1)!.cell;
      // A caption (三、收到和处理政府信息公开申请情况, 续表) spans the number columns too.
      if (values.includes(last)) continue;
      const label = keysOf(last.text).map((k) => REQUEST_LABEL_BY_KEY.get(k)).find((l) => l !== undefined);
      if (!label) {
        if (values.some((v) => v && v.key !== '')) warnings.push(`表三有一行无法识别：“${shown(last.text)}”，已忽略`);
        continue;
      }
      if (rows.has(label)) {
        warnings.push(`表三“${label}”行出现了两次，取第一次`);
        continue;
      }
      rows.set(label, values);
    }
  }
  return { rows, problems, warnings };
}

const OTHER_SUBROWS = REQUEST_ROWS_2021.filter((r) => r.group === '（六）其他处理').map((r) => r.label);
const OTHER_SINGLE = '（六）其他处理';

// ---------------------------------------------------------------- table 二

interface ProactiveEntry {
  blockKey: string | null;
  label: Cell;
  /** By header when the block printed its 信息内容 row, else by position. */
  values: Array<{ headerKeys: string[] | null; cell: Cell | undefined }>;
}

function readProactiveRows(parts: Grid[]): ProactiveEntry[] {
  const entries: ProactiveEntry[] = [];
  let blockKey: string | null = null;
  let header: Array<{ keys: string[]; from: number }> | null = null;
  for (const grid of parts) {
    for (const row of grid) {
      const spans = spansOf(row);
      if (spans.every((s) => s.cell.key === '')) continue;
      const title = spans.find((s) => BLOCK_TITLE.test(s.cell.key));
      if (title) {
        blockKey = title.cell.key;
        header = null;
        continue;
      }
      const first = spans[0]!;
      if (first.cell.key === '信息内容') {
        header = spans.slice(1).map((s) => ({ keys: keysOf(s.cell.text), from: s.from }));
        continue;
      }
      if (first.cell.key === '' || spans.length < 2) continue;
      const values = header
        ? header.map((h) => {
            const cell = row[h.from];
            return { headerKeys: h.keys, cell: cell === first.cell ? undefined : cell };
          })
        : spans.slice(1).map((s) => ({ headerKeys: null, cell: s.cell }));
      entries.push({ blockKey, label: first.cell, values });
    }
  }
  return entries;
}

/** The other name each 二 row went by: 行政规范性文件 (2021) was 规范性文件 (2019), and sites mix them. */
const ROW_ALIASES: Readonly<Record<string, string>> = { 行政规范性文件: '规范性文件', 规范性文件: '行政规范性文件' };

function proactiveEvidence(entries: ProactiveEntry[]): '2021' | '2019' | null {
  const only = (a: '2021' | '2019', b: '2021' | '2019') => {
    const other = new Set(proactiveLayout(b).flatMap((x) => [...x.columns, ...x.rows, x.title]).flatMap(keysOf));
    return new Set(proactiveLayout(a).flatMap((x) => [...x.columns, ...x.rows, x.title]).flatMap(keysOf).filter((k) => !other.has(k)));
  };
  const seen = new Set<string>();
  for (const e of entries) {
    if (e.blockKey) seen.add(e.blockKey);
    seen.add(e.label.key);
    for (const v of e.values) for (const k of v.headerKeys ?? []) seen.add(k);
  }
  const score = (keys: Set<string>) => [...keys].filter((k) => seen.has(k)).length;
  const s21 = score(only('2021', '2019'));
  const s19 = score(only('2019', '2021'));
  return s21 > s19 ? '2021' : s19 > s21 ? '2019' : null;
}

// ---------------------------------------------------------------- table 四

interface ReviewRead {
  values: Array<Cell | undefined> | null;
  problems: ReportParseProblem[];
  warnings: string[];
}

const REVIEW_RESULT_KEYS = REVIEW_RESULTS.map(labelKey);

function readReview(parts: Grid[]): ReviewRead {
  const grid = parts.flat();
  const warnings: string[] = [];
  let header = -1;
  grid.forEach((row, r) => {
    if (spansOf(row).filter((s) => REVIEW_RESULT_KEYS.includes(s.cell.key)).length >= 5) header = r;
  });
  const column: number[] = Array.from({ length: 15 }, () => -1);
  if (header >= 0) {
    const row = grid[header]!;
    for (let c = 0; c < row.length; c++) {
      const result = REVIEW_RESULT_KEYS.indexOf(row[c]?.key ?? '');
      if (result < 0) continue;
      // The group is the lowest header cell above that names one: 行政诉讼's two groups sit under it.
      let from = -1;
      for (let r = 0; r <= header; r++) {
        const k = grid[r]![c]?.key ?? '';
        const g = REVIEW_GROUPS.find((x) => k.startsWith(labelKey(x.label)));
        if (g) from = g.from;
      }
      if (from >= 0 && column[from + result] === -1) column[from + result] = c;
    }
  }
  const complete = column.every((c) => c >= 0);
  if (complete && header + 1 < grid.length) {
    // The row of numbers; a row left blank below it is no second one. All zeros may be all blank.
    const rows = grid.slice(header + 1).map((row) => column.map((c) => row[c]));
    const values = rows.find((vs) => vs.some((v) => v && v.key !== '')) ?? rows[0]!;
    return { values, problems: [], warnings };
  }
  for (let r = header + 1; r < grid.length; r++) {
    const row = grid[r]!;
    // Without a readable header, a row of exactly 15 cells is still table 四's numbers.
    const spans = spansOf(row);
    if (spans.length === 15 && spans.every((s) => readNumber(s.cell.text).kind === 'number')) {
      warnings.push('表四的表头无法识别，已按位置读取15个数字');
      return { values: spans.map((s) => s.cell), problems: [], warnings };
    }
  }
  return {
    values: null,
    warnings,
    problems: [{ row: null, column: null, message: complete ? '表四没有数字' : '表四的表头无法识别（应有行政复议、未经复议直接起诉、复议后起诉各5列）' }],
  };
}

// ---------------------------------------------------------------- year and agency

const REPORT_TITLE = /(\d{4})年度?(?:的)?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)/;

function validYear(y: number): number | null {
  return y >= 1990 && y <= 2100 ? y : null;
}

/** The agency in front of the year in a title, after any site name or separator. */
function agencyBefore(prefix: string): string | null {
  const parts = prefix.split(/[_|\-—–>»:：\]】\n]/);
  const name = (parts[parts.length - 1] ?? '').replace(/^(?:关于)+|(?:关于)+$/g, '').replace(/^[“"《]+|[”"》]+$/g, '');
  return name.length >= 2 && name.length <= 40 && /\p{Script=Han}/u.test(name) ? name : null;
}

function fromTitle(title: string): { year: number; agencyName: string | null } | null {
  const t = plainText(title);
  const m = REPORT_TITLE.exec(t);
  if (!m) return null;
  const year = validYear(Number(m[1]));
  return year === null ? null : { year, agencyName: agencyBefore(t.slice(0, m.index)) };
}

/** The year a report's text covers, when the title did not say it. */
function yearInText(text: string): number | null {
  const t = plainText(text);
  const period = /自(\d{4})年1月1日(?:起)?至\1年12月31日/.exec(t);
  if (period) return validYear(Number(period[1]));
  const titled = REPORT_TITLE.exec(t);
  if (titled) return validYear(Number(titled[1]));
  const annual = /(\d{4})年度/.exec(t);
  if (annual) return validYear(Number(annual[1]));
  // "2016年，我局……" / "2016年全年……": the year the sentence is about.
  const opening = /(?:^|[。\n])(\d{4})年(?![\d月])/m.exec(t);
  return opening ? validYear(Number(opening[1])) : null;
}

/**
 * The page's running text for the year, without links: 上一篇/下一篇 and the column's
 * list name other years' reports, and a report's own year is never a link.
 */
const pageText = (root: HtmlElement) => textOf(root, (e) => e.name === 'a' || e.name === 'title' || NO_TEXT.has(e.name));

/** Where a page states its title, most trusted first: metadata, headings, elements called title, <title>. */
function titlesOf(root: HtmlElement): string[] {
  const metas: string[] = [];
  const headings: HtmlElement[] = [];
  const titled: HtmlElement[] = [];
  const titles: HtmlElement[] = [];
  walkElements(root, (el) => {
    if (el.name === 'meta') {
      const name = (attrValue(el.attrs, 'name') ?? attrValue(el.attrs, 'property') ?? '').toLowerCase();
      if (['articletitle', 'title', 'og:title', 'dc.title'].includes(name)) metas.push(attrValue(el.attrs, 'content') ?? '');
    } else if (el.name === 'title') titles.push(el);
    else if (/^h[1-4]$/.test(el.name)) headings.push(el);
    else if (/title|\bbt\b/i.test(`${attrValue(el.attrs, 'class') ?? ''} ${attrValue(el.attrs, 'id') ?? ''}`)) titled.push(el);
    return !NO_TEXT.has(el.name);
  });
  const text = (el: HtmlElement) => textOf(el, (e) => NO_TEXT.has(e.name), 200).replace(ALL_SPACE, ' ').trim();
  // A container whose class says "title" may hold a whole article, links to other years' reports included.
  return [...metas, ...[...headings, ...titled, ...titles].map(text)].filter((t) => t !== '' && t.length <= 100);
}

// ---------------------------------------------------------------- the page

/**
 * Reads a saved report page (2021 or 2019 format) into its figures, as printed.
 * Throws ReportParseError when the page is not a report, a row of table 三 is
 * missing, a number cell holds text, or the page is over 5 MB.
 */
export function parseReportPage(html: string): ParsedReport {
  if (html.length > MAX_REPORT_PAGE_BYTES || Buffer.byteLength(html, 'utf8') > MAX_REPORT_PAGE_BYTES) {
    throw new ReportParseError([{ row: null, column: null, message: '页面超过 5 MB，不是一篇年度报告' }]);
  }
  const root = parseHtml(html);
  const tables = findTables(root);
  if (tables.三.length === 0) {
    const which = tables.二.length + tables.四.length > 0 ? '：表三（收到和处理政府信息公开申请情况）' : '';
    throw new ReportParseError([{ row: null, column: null, message: `${NOT_A_REPORT}${which}` }]);
  }

  const problems: ReportParseProblem[] = [];
  const warnings: string[] = [];
  const requests = readRequests(tables.三);
  problems.push(...requests.problems);
  warnings.push(...requests.warnings);
  const proactiveEntries = readProactiveRows(tables.二);

  // The format: table 三's （六）其他处理 decides (sub-rows in 2021, one row in 2019);
  // table 二's blocks decide when 三 shows neither; the current format otherwise.
  const hasSubrows = OTHER_SUBROWS.some((l) => requests.rows.has(l));
  const fromRequests = hasSubrows ? '2021' : requests.rows.has(OTHER_SINGLE) ? '2019' : null;
  const fromProactive = proactiveEvidence(proactiveEntries);
  const format = fromRequests ?? fromProactive ?? '2021';
  if (fromRequests && fromProactive && fromRequests !== fromProactive) {
    warnings.push(`表二为${fromProactive}年格式，表三为${fromRequests}年格式，按${format}年格式读取`);
  }
  if (!fromRequests && !fromProactive) warnings.push('无法从表格判断报告格式，按2021年格式读取');

  const figures = emptyFigures(format);
  const dashes: Record<TableKind, string[]> = { 二: [], 三: [], 四: [] };
  const number = (
    table: TableKind,
    cell: Cell | undefined,
    row: string,
    column: string,
    allow: { decimal?: boolean; sign?: boolean } = {},
  ): number | null => {
    if (!cell) {
      problems.push({ row, column, message: `表${table}“${row}”行“${column}”列没有单元格` });
      return null;
    }
    const n = readNumber(cell.text, allow);
    if (n.kind === 'text') {
      problems.push({ row, column, message: `表${table}“${row}”行“${column}”列应为数字，却是“${shown(cell.text)}”` });
      return null;
    }
    if (n.dash) dashes[table].push(`“${row}”行“${column}”列为“${shown(cell.text, 6)}”`);
    return n.value;
  };

  // 三
  for (const def of requestRows(format)) {
    const cells = requests.rows.get(def.label);
    if (!cells) {
      problems.push({ row: def.label, column: null, message: `表三缺少“${def.label}”行` });
      continue;
    }
    figures.requests[def.label] = REQUEST_COLUMNS.map((column, i) => number('三', cells[i], def.label, column) ?? 0);
  }
  const inFormat = new Set(requestRows(format).map((r) => r.label));
  for (const label of requests.rows.keys()) {
    if (!inFormat.has(label)) warnings.push(`表三“${label}”行不属于${format}年格式，已忽略`);
  }

  // 二
  if (tables.二.length === 0) {
    // Not printed is not zero: null, as figuresJson shows a value that is not there.
    for (const values of Object.values(figures.proactive)) for (const c of Object.keys(values)) values[c] = null;
    warnings.push('未找到表二（主动公开政府信息情况），其数字记为空');
  } else {
    const { proactive, missing, unused } = mapProactive(format, proactiveEntries, number);
    figures.proactive = proactive;
    if (missing.length > 0) {
      warnings.push(`表二缺少${missing.length}项数字，记为空：${missing.slice(0, 6).join('、')}${missing.length > 6 ? '等' : ''}`);
    }
    for (const u of unused) warnings.push(`表二有一行无法识别：“${shown(u)}”，已忽略`);
  }

  // 四
  if (tables.四.length === 0) {
    problems.push({ row: null, column: null, message: `${NOT_A_REPORT}：表四（政府信息公开行政复议、行政诉讼情况）` });
  } else {
    const review = readReview(tables.四);
    problems.push(...review.problems);
    warnings.push(...review.warnings);
    if (review.values) {
      figures.reviewLitigation = review.values.map((cell, i) => {
        const g = REVIEW_GROUPS[Math.floor(i / 5)]!;
        return number('四', cell, g.label, REVIEW_RESULTS[i % 5]!) ?? 0;
      });
    }
  }

  if (problems.length > 0) throw new ReportParseError(problems);

  for (const table of ['二', '三', '四'] as const) {
    const d = dashes[table];
    if (d.length > 0) warnings.push(`表${table}有${d.length}处数字写作横线、斜线或“无”，已按0计：${d.slice(0, 3).join('，')}${d.length > 3 ? '等' : ''}`);
  }

  let year: number | null = null;
  let agencyName: string | null = null;
  for (const t of titlesOf(root)) {
    const found = fromTitle(t);
    if (found) {
      year = found.year;
      agencyName = found.agencyName;
      break;
    }
  }
  year ??= yearInText(pageText(root));
  if (year === null) warnings.push('未找到报告年度');
  else if ((format === '2021' && year < 2021) || (format === '2019' && year >= 2021)) {
    warnings.push(`报告年度为${year}年，表格却是${format}年格式（2019、2020年度用2019年格式，2021年度起用2021年格式）`);
  }

  return { year, agencyName, format, figures, warnings };
}

function mapProactive(
  format: '2021' | '2019',
  entries: ProactiveEntry[],
  number: (table: TableKind, cell: Cell | undefined, row: string, column: string, allow?: { decimal?: boolean; sign?: boolean }) => number | null,
): { proactive: ProactiveFigures; missing: string[]; unused: string[] } {
  const proactive: ProactiveFigures = {};
  const missing: string[] = [];
  const used = new Set<ProactiveEntry>();
  for (const block of proactiveLayout(format)) {
    const blockKey = labelKey(block.title);
    for (const rowLabel of block.rows) {
      const rowKeys = new Set([...keysOf(rowLabel), ...keysOf(ROW_ALIASES[rowLabel] ?? rowLabel)]);
      // A row is looked for in its own block first; a table without block titles still has unique row labels.
      const entry =
        entries.find((e) => e.blockKey === blockKey && rowKeys.has(e.label.key) && !used.has(e)) ??
        entries.find((e) => e.blockKey === null && rowKeys.has(e.label.key) && !used.has(e));
      if (entry) used.add(entry);
      const values: Record<string, number | null> = {};
      block.columns.slice(1).forEach((column, i) => {
        const colKeys = new Set(keysOf(column));
        const v = entry?.values.find((x) => x.headerKeys?.some((k) => colKeys.has(k))) ?? (entry?.values[i]?.headerKeys === null ? entry.values[i] : undefined);
        if (!entry || !v || !v.cell) {
          missing.push(`${rowLabel}（${column}）`);
          values[column] = null;
          return;
        }
        values[column] = number('二', v.cell, rowLabel, column, { decimal: column.includes('金额'), sign: column.includes('增/减') });
      });
      proactive[rowLabel] = values;
    }
  }
  const unused = entries.filter((e) => !used.has(e)).map((e) => e.label.text);
  return { proactive, missing, unused };
}

// ---------------------------------------------------------------- bytes

/** A saved page's text: UTF-8 or GBK/GB18030, by its BOM, its `<meta charset>`, or by trying UTF-8 strictly. */
export function decodeReportPage(bytes: Buffer): string {
  if (bytes.length > MAX_REPORT_PAGE_BYTES) {
    throw new ReportParseError([{ row: null, column: null, message: '页面超过 5 MB，不是一篇年度报告' }]);
  }
  return decodePage(bytes).text;
}

// ---------------------------------------------------------------- free-form reports (before 2019)

// "全年共主动公开政府信息1234条": a verb of publishing, then what (it must say 信息),
// then the count and its unit, in one sentence.
const PROACTIVE_STATEMENT = /(主动公开|主动发布|公开发布|发布|公布|公开)([^\d。;!?\n]{0,24}?)(\d+)(?=[条件篇项])/g;
const TOTAL_MARKER = /共|全年|累计|总计|合计|总数|各类|全部/;

/**
 * The proactive total a free-form report (before 2019) states, and its year. Only a
 * statement of what was published counts: a number after 主动公开/发布…信息, not
 * a part (其中…), not requests (依申请公开), not an approximation (1200余条).
 * Several different unmarked figures (one per channel) are not added up: null.
 */
export function extractProactiveTotal(text: string): { year: number | null; total: number | null } {
  const plain = /<\/?[a-z][^>]*>/i.test(text) ? textOf(parseHtml(text), (e) => NO_TEXT.has(e.name)) : decodeEntities(text);
  const year = yearInText(plain);
  const marked: number[] = [];
  const unmarked: number[] = [];
  for (const sentence of plainText(plain).split(/[。;!?\n]/)) {
    for (const m of sentence.matchAll(PROACTIVE_STATEMENT)) {
      const verb = m[1]!;
      const what = m[2]!;
      // The clause before the verb, from the last comma: where 共, 其中, 依申请 would be.
      const before = sentence.slice(0, m.index).split(/[,、]/).pop() ?? '';
      if (!what.includes('信息')) continue;
      if (/申请|不予/.test(before.slice(-4)) || /申请|其中/.test(what) || before.includes('其中')) continue;
      // "主动公开信息，印发文件12件": past a comma only 共计/合计… may lead to the number.
      if (/[,、]/.test(what) && !/^(?:共计|总计|合计|累计|共|计)$/.test(what.split(/[,、]/).pop()!)) continue;
      // Approximations are not a total: 约1200条, 超过1200条 (1200余条 never matches: 余 stands before the unit).
      if (/(?:约|近|超过|逾|将近)$/.test(what)) continue;
      const isMarked = TOTAL_MARKER.test(before) || TOTAL_MARKER.test(what);
      if (!isMarked && !verb.startsWith('主动')) continue;
      (isMarked ? marked : unmarked).push(Number(m[3]));
    }
  }
  if (marked.length > 0) return { year, total: marked[0]! };
  const distinct = [...new Set(unmarked)];
  return { year, total: distinct.length === 1 ? distinct[0]! : null };
}
