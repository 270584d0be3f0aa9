/**
 * The 登记台账 as CSV: how an agency that kept its register in a spreadsheet brings it
 * in (for the annual report's tables 三 and 四), and how the platform hands it back.
 * Two ledgers with fixed headers — applications, and reconsideration/litigation cases —
 * told apart by the header row.
 *
 * Parsing reports every problem at once, by the row number the user sees in the
 * spreadsheet (the header is row 1) and the column's header name, because a ledger is
 * fixed in the spreadsheet, not here, and one round trip per mistake wears people out.
 * Decoding bytes (BOM, GBK from Excel on Chinese Windows) is the caller's business.
 */
import { type IsoDate, isIsoDate } from '../../lib/dates.js';
import {
  APPEAL_RESULTS,
  APPEAL_TYPES,
  APPLICANT_KINDS,
  type AppealResult,
  type AppealType,
  type ApplicantKind,
  REQUEST_OUTCOMES,
  REQUEST_OUTCOME_KEYS,
  type RequestOutcome,
  outcomeFromLedger,
  outcomeLedgerText,
} from './request.js';

export const LEDGER_KINDS = {
  requests: { label: '政府信息公开申请登记台账', headers: ['收到日期', '申请人类型', '申请人', '申请内容', '答复日期', '处理结果'] },
  appeals: { label: '政府信息公开行政复议、行政诉讼台账', headers: ['类型', '结果', '立案日期', '结案日期'] },
} as const;
export type LedgerKind = keyof typeof LEDGER_KINDS;

/** Rows above this are refused: a county's ledger has hundreds; this is a wrong file or an attack. */
export const MAX_LEDGER_ROWS = 200_000;
/** Longest 申请人 and 申请内容 accepted, in characters. */
export const MAX_APPLICANT_LENGTH = 200;
export const MAX_CONTENT_LENGTH = 10_000;

export interface RequestLedgerRow {
  receivedDate: IsoDate;
  applicantKind: ApplicantKind;
  applicant: string;
  content: string;
  /** null while the application is still open. */
  repliedDate: IsoDate | null;
  /** null exactly when `repliedDate` is. */
  outcome: RequestOutcome | null;
}

export interface AppealLedgerRow {
  type: AppealType;
  /** `pending` exactly when `closedDate` is null. */
  result: AppealResult;
  filedDate: IsoDate;
  closedDate: IsoDate | null;
}

/** A parsed row knows the spreadsheet row it came from, for later messages (duplicates, …). */
export type Lined<T> = T & { line: number };

export type ParsedLedger = { kind: 'requests'; rows: Lined<RequestLedgerRow>[] } | { kind: 'appeals'; rows: Lined<AppealLedgerRow>[] };

export interface LedgerProblem {
  /** Spreadsheet row: the header is row 1. */
  line: number;
  /** The column's header name; null for the whole row (or the file). */
  field: string | null;
  message: string;
}

export class LedgerError extends Error {
  constructor(readonly problems: LedgerProblem[]) {
    const first = problems
      .slice(0, 3)
      .map((p) => `第${p.line}行${p.field ? `“${p.field}”` : ''}：${p.message}`)
      .join('；');
    super(`台账有${problems.length}处问题：${first}${problems.length > 3 ? '……' : ''}`);
    this.name = 'LedgerError';
  }
}

// ---------------------------------------------------------------------------------
// CSV (RFC 4180, read leniently)

export interface CsvRecord {
  /** The record's spreadsheet row (1-based); a quoted line break does not start a new row. */
  line: number;
  fields: string[];
}

/**
 * Splits CSV text into records. Fields are trimmed (spaces around a field, inside or
 * outside its quotes, are never meaningful in a ledger); a line break inside quotes
 * is kept as `\n`. Like Excel, text after a closing quote is appended rather than
 * refused. An unclosed quote is reported by the row where it opened.
 */
export function readCsv(text: string, onRecord: (r: CsvRecord) => boolean | void): LedgerProblem | null {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = s.length;
  let i = 0;
  let line = 0;
  // A final line break ends the last record; it does not start an empty one.
  while (i < n) {
    const startLine = ++line;
    const fields: string[] = [];
    for (;;) {
      // One field.
      let value = '';
      let j = i;
      while (j < n && (s[j] === ' ' || s[j] === '\t')) j++;
      if (s[j] === '"') {
        let k = j + 1;
        let closed = false;
        while (k < n) {
          const q = s.indexOf('"', k);
          if (q < 0) break;
          value += s.slice(k, q);
          if (s[q + 1] === '"') {
            value += '"';
            k = q + 2;
          } else {
            k = q + 1;
            closed = true;
            break;
          }
        }
        if (!closed) return { line: startLine, field: null, message: '引号没有闭合（从本行开始的单元格缺少结束的英文双引号）' };
        // Text after the closing quote, up to the delimiter, joins the field (as in Excel).
        let e = k;
        while (e < n && s[e] !== ',' && s[e] !== '\n' && s[e] !== '\r') e++;
        value = (value + s.slice(k, e)).replace(/\r\n?/g, '\n');
        i = e;
      } else {
        let e = j;
        while (e < n && s[e] !== ',' && s[e] !== '\n' && s[e] !== '\r') e++;
        value = s.slice(j, e);
        i = e;
      }
      fields.push(value.trim());
      if (i < n && s[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (s[i] === '\r' && s[i + 1] === '\n') i += 2;
    else if (i < n) i++;
    if (onRecord({ line: startLine, fields }) === false) return null;
  }
  return null;
}

/** Quotes a field when it must be (RFC 4180), and defuses spreadsheet formulas. */
function csvField(value: string): string {
  // A cell that starts with = + - @ is a formula to Excel: an applicant could write one
  // into the ledger the office exports. An apostrophe in front keeps it text; the
  // parser takes exactly one off again, so text that already starts that way survives.
  const v = /^'*[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const unguard = (v: string) => (/^'+[=+\-@]/.test(v) ? v.slice(1) : v);

// ---------------------------------------------------------------------------------
// Values

const DATE_FORMS = [/^(\d{4})-(\d{1,2})-(\d{1,2})$/, /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, /^(\d{4})年(\d{1,2})月(\d{1,2})日$/];

/**
 * A ledger date as `YYYY-MM-DD`: accepts 2026-09-15, 2026-9-15, 2026/9/15 and
 * 2026年9月15日 (full-width digits too), and a time after it as Excel writes date-time
 * cells (`2026/9/15 0:00`). Null when it is not a real date.
 */
export function parseLedgerDate(text: string): IsoDate | null {
  // The usual case first: a large ledger is mostly dates already written this way.
  if (text.length === 10 && /^\d{4}-\d{2}-\d{2}$/.test(text)) return isIsoDate(text) ? text : null;
  const t = text
    .normalize('NFKC')
    .trim()
    .replace(/\s+\d{1,2}:\d{2}(?::\d{2})?$/, '')
    .replace(/\s+/g, '');
  for (const re of DATE_FORMS) {
    const m = re.exec(t);
    if (!m) continue;
    const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
    return isIsoDate(iso) ? iso : null;
  }
  return null;
}

const looksLikeDate = (t: string) => DATE_FORMS.some((re) => re.test(t.normalize('NFKC').replace(/\s+/g, '')));

const byLabel = <K extends string>(vocab: Record<K, { label: string }>) =>
  new Map(Object.entries<{ label: string }>(vocab).map(([k, v]) => [v.label, k as K]));
const APPLICANT_KIND_BY_LABEL = byLabel(APPLICANT_KINDS);
const APPEAL_TYPE_BY_LABEL = byLabel(APPEAL_TYPES);
// The ledger writes 维持 / 纠正 / 其他 / 尚未审结; the report's captions (结果维持 …) are read too.
const APPEAL_RESULT_BY_TEXT = new Map<string, AppealResult>(
  (Object.entries(APPEAL_RESULTS) as [AppealResult, { label: string; ledger: string }][]).flatMap(([k, v]) => [
    [v.ledger, k],
    [v.label, k],
  ]),
);

const quoteList = (labels: Iterable<string>) => {
  const all = [...labels].map((l) => `“${l}”`);
  return `${all.slice(0, -1).join('、')}或${all.at(-1)}`;
};

// ---------------------------------------------------------------------------------
// Rows

type Problems = LedgerProblem[];

function dateField(value: string, line: number, field: string, problems: Problems, required: boolean): IsoDate | null | undefined {
  if (value === '') {
    if (required) problems.push({ line, field, message: `请填写${field}` });
    return required ? undefined : null;
  }
  const d = parseLedgerDate(value);
  if (d) return d;
  problems.push({
    line,
    field,
    message: looksLikeDate(value)
      ? `“${value}”不是实际存在的日期`
      : `“${value}”不是有效日期，应写作2026-09-15、2026/9/15或2026年9月15日`,
  });
  return undefined;
}

const chars = (s: string) => [...s].length;

function requestRow(f: string[], line: number, problems: Problems): Lined<RequestLedgerRow> | null {
  const [received, kindText, applicantText, contentText, replied, outcomeText] = f as [string, string, string, string, string, string];
  const before = problems.length;
  const receivedDate = dateField(received, line, '收到日期', problems, true);
  const applicantKind = APPLICANT_KIND_BY_LABEL.get(kindText.replace(/\s+/g, ''));
  if (!applicantKind) {
    problems.push({
      line,
      field: '申请人类型',
      message: kindText === '' ? '请填写申请人类型' : `申请人类型“${kindText}”不正确，应为${quoteList(APPLICANT_KIND_BY_LABEL.keys())}`,
    });
  }
  const applicant = unguard(applicantText);
  if (applicant === '') problems.push({ line, field: '申请人', message: '请填写申请人' });
  else if (chars(applicant) > MAX_APPLICANT_LENGTH) problems.push({ line, field: '申请人', message: `申请人过长（最多${MAX_APPLICANT_LENGTH}个字）` });
  const content = unguard(contentText);
  if (content === '') problems.push({ line, field: '申请内容', message: '请填写申请内容' });
  else if (chars(content) > MAX_CONTENT_LENGTH) problems.push({ line, field: '申请内容', message: `申请内容过长（最多${MAX_CONTENT_LENGTH}个字）` });
  const repliedDate = dateField(replied, line, '答复日期', problems, false);
  if (receivedDate && repliedDate && repliedDate < receivedDate) {
    problems.push({ line, field: '答复日期', message: `答复日期${repliedDate}早于收到日期${receivedDate}` });
  }
  let outcome: RequestOutcome | null = null;
  if (outcomeText !== '') {
    outcome = ledgerOutcome(outcomeText);
    if (!outcome) problems.push({ line, field: '处理结果', message: outcomeMessage(outcomeText) });
    else if (repliedDate === null) problems.push({ line, field: '处理结果', message: '答复日期为空表示尚未办结，处理结果应留空；已答复的请填写答复日期' });
  } else if (repliedDate) {
    problems.push({ line, field: '处理结果', message: '已填写答复日期，请填写处理结果' });
  }
  if (problems.length > before) return null;
  return { line, receivedDate: receivedDate!, applicantKind: applicantKind!, applicant, content, repliedDate: repliedDate ?? null, outcome };
}

// outcomeFromLedger reads the report's row numbers and labels. People also type the
// short names the office shows (不予公开：国家秘密) and full-width digits from an IME
// (不予公开：５); both are read here too.
const FULL_WIDTH_DIGIT = /[\uFF10-\uFF19]/g;
const squeeze = (s: string) => s.replace(/\s+/g, '').replace(/:/g, '：');
const OUTCOME_BY_SHORT = new Map(REQUEST_OUTCOME_KEYS.map((k) => [squeeze(REQUEST_OUTCOMES[k].short), k]));

function ledgerOutcome(text: string): RequestOutcome | null {
  const t = text.replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  return outcomeFromLedger(t) ?? OUTCOME_BY_SHORT.get(squeeze(t)) ?? null;
}

const GROUP_ONLY = /^(?:（[三四五六]）)?(不予公开|无法提供|不予处理|其他处理)[:：]?$/;

function outcomeMessage(text: string): string {
  const group = GROUP_ONLY.exec(text.replace(/\s+/g, ''));
  if (group) return `处理结果“${text}”缺少具体情形，请写明序号或原因，如“${group[1]}：1”`;
  return `处理结果“${text}”无法识别，应为“予以公开”“部分公开”，或写明类别和序号或原因，如“不予公开：5”“无法提供：本机关不掌握相关政府信息”`;
}

function appealRow(f: string[], line: number, problems: Problems): Lined<AppealLedgerRow> | null {
  const [typeText, resultText, filed, closed] = f as [string, string, string, string];
  const before = problems.length;
  const type = APPEAL_TYPE_BY_LABEL.get(typeText.replace(/\s+/g, ''));
  if (!type) {
    problems.push({ line, field: '类型', message: typeText === '' ? '请填写类型' : `类型“${typeText}”不正确，应为${quoteList(APPEAL_TYPE_BY_LABEL.keys())}` });
  }
  const filedDate = dateField(filed, line, '立案日期', problems, true);
  const closedDate = dateField(closed, line, '结案日期', problems, false);
  if (filedDate && closedDate && closedDate < filedDate) {
    problems.push({ line, field: '结案日期', message: `结案日期${closedDate}早于立案日期${filedDate}` });
  }
  let result: AppealResult | undefined;
  if (resultText === '') {
    if (closedDate === null) result = 'pending';
    else if (closedDate) problems.push({ line, field: '结果', message: '已填写结案日期，请填写结果（维持、纠正或其他）' });
  } else {
    result = APPEAL_RESULT_BY_TEXT.get(resultText.replace(/\s+/g, ''));
    if (!result) {
      problems.push({ line, field: '结果', message: `结果“${resultText}”不正确，应为“维持”“纠正”“其他”或“尚未审结”` });
    } else if (result === 'pending' && closedDate) {
      problems.push({ line, field: '结果', message: '已填写结案日期的案件不能是“尚未审结”，请填写结果（维持、纠正或其他）' });
    } else if (result !== 'pending' && closedDate === null) {
      problems.push({ line, field: '结果', message: `结案日期为空表示尚未审结，结果应为“尚未审结”或留空；已结案的请填写结案日期` });
    }
  }
  if (problems.length > before) return null;
  return { line, type: type!, result: result!, filedDate: filedDate!, closedDate: closedDate ?? null };
}

// Excel (some versions) leaves out the trailing commas of empty cells after its first
// rows, so a short row is accepted when only columns that may be empty are missing.
const OPTIONAL_TAIL: Record<LedgerKind, number> = { requests: 2, appeals: 1 };

const sameHeader = (got: string[], want: readonly string[]) => got.length === want.length && got.every((h, i) => h === want[i]);

/** Parses a ledger; throws `LedgerError` listing every problem found. */
export function parseLedger(text: string): ParsedLedger {
  if (typeof text !== 'string') throw new LedgerError([{ line: 1, field: null, message: '台账内容不是文本' }]);
  const problems: Problems = [];
  // Set by the header row, inside the callback (a holder, so the type checker sees it change).
  const state: { kind: LedgerKind | null } = { kind: null };
  const requestRows: Lined<RequestLedgerRow>[] = [];
  const appealRows: Lined<AppealLedgerRow>[] = [];
  let dataRows = 0;

  const csvProblem = readCsv(text, ({ line, fields }) => {
    if (fields.every((f) => f === '')) return; // a blank row, before the header or between rows
    if (state.kind === null) {
      // Cells emptied in a spreadsheet still export as commas: ignore empty trailing cells.
      let end = fields.length;
      while (fields[end - 1] === '') end--;
      const header = fields.slice(0, end).map((h) => h.replace(/\s+/g, ''));
      state.kind = (Object.keys(LEDGER_KINDS) as LedgerKind[]).find((k) => sameHeader(header, LEDGER_KINDS[k].headers)) ?? null;
      if (state.kind === null) {
        problems.push({ line, field: null, message: headerMessage(header) });
        return false;
      }
      return;
    }
    const kind: LedgerKind = state.kind;
    const width = LEDGER_KINDS[kind].headers.length;
    if (++dataRows > MAX_LEDGER_ROWS) {
      problems.push({ line, field: null, message: `台账超过${MAX_LEDGER_ROWS}行，请分成多个文件导入` });
      return false;
    }
    let row = fields;
    if (fields.length > width) {
      const extra = fields.slice(width);
      if (extra.some((f) => f !== '')) {
        problems.push({
          line,
          field: null,
          message: `本行有${fields.length}列，多于表头的${width}列（多出的内容：“${extra.join(',').slice(0, 40)}”）；含逗号的内容请用英文双引号括起来`,
        });
        return;
      }
      row = fields.slice(0, width);
    } else if (fields.length < width) {
      if (fields.length < width - OPTIONAL_TAIL[kind]) {
        problems.push({ line, field: null, message: `本行只有${fields.length}列，少于表头的${width}列` });
        return;
      }
      row = [...fields, ...Array<string>(width - fields.length).fill('')];
    }
    if (kind === 'requests') {
      const r = requestRow(row, line, problems);
      if (r) requestRows.push(r);
    } else {
      const r = appealRow(row, line, problems);
      if (r) appealRows.push(r);
    }
  });
  if (csvProblem) problems.push(csvProblem);
  if (state.kind === null && problems.length === 0) problems.push({ line: 1, field: null, message: '台账是空的，没有表头' });
  if (problems.length > 0) throw new LedgerError(problems);
  return state.kind === 'requests' ? { kind: 'requests', rows: requestRows } : { kind: 'appeals', rows: appealRows };
}

function headerMessage(header: string[]): string {
  const expected = (Object.keys(LEDGER_KINDS) as LedgerKind[]).map((k) => `${LEDGER_KINDS[k].label}：“${LEDGER_KINDS[k].headers.join(',')}”`);
  return `无法识别的表头“${header.join(',').slice(0, 80)}”。第一行应为以下之一——${expected.join('；')}`;
}

// ---------------------------------------------------------------------------------
// Writing

const CRLF = '\r\n';

/**
 * The ledger as CSV text for Excel: a BOM (without it Excel on Chinese Windows reads
 * UTF-8 as GBK), the fixed header, CRLF line ends, quotes only where needed.
 * `parseLedger` reads it back to the same rows.
 */
export function formatLedgerCsv(kind: 'requests', rows: readonly RequestLedgerRow[]): string;
export function formatLedgerCsv(kind: 'appeals', rows: readonly AppealLedgerRow[]): string;
export function formatLedgerCsv(kind: LedgerKind, rows: readonly RequestLedgerRow[] | readonly AppealLedgerRow[]): string {
  const lines = [LEDGER_KINDS[kind].headers.join(',')];
  if (kind === 'requests') {
    for (const r of rows as readonly RequestLedgerRow[]) {
      lines.push(
        [
          r.receivedDate,
          APPLICANT_KINDS[r.applicantKind].label,
          r.applicant,
          r.content,
          r.repliedDate ?? '',
          r.outcome ? outcomeLedgerText(r.outcome) : '',
        ]
          .map(csvField)
          .join(','),
      );
    }
  } else {
    for (const r of rows as readonly AppealLedgerRow[]) {
      lines.push([APPEAL_TYPES[r.type].label, APPEAL_RESULTS[r.result].ledger, r.filedDate, r.closedDate ?? ''].map(csvField).join(','));
    }
  }
  return `\uFEFF${lines.join(CRLF)}${CRLF}`;
}
