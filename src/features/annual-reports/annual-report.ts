/**
 * The annual report on government information disclosure (Regulation Arts. 49–50)
 * in the national format of 国办公开办函〔2021〕30号, and the 2019 format it replaced:
 * its sections, its three tables with their labels exactly as printed, in order, and
 * the cross-checks the tables must pass. Pure: no I/O.
 */

export const REPORT_FORMATS = {
  '2021': { label: '2021年格式（国办公开办函〔2021〕30号）' },
  '2019': { label: '2019年格式（2019、2020年度报告）' },
  free: { label: '2019年以前的自由格式' },
} as const;
export type ReportFormat = keyof typeof REPORT_FORMATS;

export const SECTION_HEADINGS = ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项'] as const;

// ---------------------------------------------------------------- table 二 (proactive)

/** A block of table 二: its title, its column labels (the first is 信息内容), its rows. */
export interface ProactiveBlock {
  title: string;
  columns: readonly string[];
  rows: readonly string[];
}

export const PROACTIVE_2021: readonly ProactiveBlock[] = [
  { title: '第二十条第（一）项', columns: ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'], rows: ['规章', '行政规范性文件'] },
  { title: '第二十条第（五）项', columns: ['信息内容', '本年处理决定数量'], rows: ['行政许可'] },
  { title: '第二十条第（六）项', columns: ['信息内容', '本年处理决定数量'], rows: ['行政处罚', '行政强制'] },
  { title: '第二十条第（八）项', columns: ['信息内容', '本年收费金额（单位：万元）'], rows: ['行政事业性收费'] },
];

export const PROACTIVE_2019: readonly ProactiveBlock[] = [
  { title: '第二十条第（一）项', columns: ['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'], rows: ['规章', '规范性文件'] },
  { title: '第二十条第（五）项', columns: ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'], rows: ['行政许可', '其他对外管理服务事项'] },
  { title: '第二十条第（六）项', columns: ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'], rows: ['行政处罚', '行政强制'] },
  { title: '第二十条第（八）项', columns: ['信息内容', '上一年项目数量', '本年增/减'], rows: ['行政事业性收费'] },
  { title: '第二十条第（九）项', columns: ['信息内容', '采购项目数量', '采购总金额'], rows: ['政府集中采购'] },
];

export const proactiveLayout = (format: '2021' | '2019') => (format === '2021' ? PROACTIVE_2021 : PROACTIVE_2019);

// ---------------------------------------------------------------- table 三 (requests)

/** The 7 numeric columns of table 三. */
export const REQUEST_COLUMNS = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'] as const;

export interface RequestRowDef {
  /** The row's label exactly as printed. */
  label: string;
  /** The heading it sits under in the printed table (for 三、本年度办理结果 and its groups). */
  group?: string;
  /** A key of REQUEST_OUTCOMES for a result row. */
  outcome?: string;
  role: 'new' | 'carried_over' | 'result' | 'subtotal_group' | 'total' | 'carried_forward';
}

const WITHHOLD = '（三）不予公开';
const UNAVAILABLE = '（四）无法提供';
const NOT_PROCESSED = '（五）不予处理';
const OTHER = '（六）其他处理';

/** Table 三 rows in the 2021 format, in order: 一, 二, the 22 rows of 三 (21 results and （七）总计), 四. */
export const REQUEST_ROWS_2021: readonly RequestRowDef[] = [
  { label: '一、本年新收政府信息公开申请数量', role: 'new' },
  { label: '二、上年结转政府信息公开申请数量', role: 'carried_over' },
  { label: '（一）予以公开', group: '三、本年度办理结果', outcome: 'disclose', role: 'result' },
  { label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', group: '三、本年度办理结果', outcome: 'partial', role: 'result' },
  { label: '1.属于国家秘密', group: WITHHOLD, outcome: 'withhold_state_secret', role: 'result' },
  { label: '2.其他法律行政法规禁止公开', group: WITHHOLD, outcome: 'withhold_law_forbids', role: 'result' },
  { label: '3.危及“三安全一稳定”', group: WITHHOLD, outcome: 'withhold_three_safety', role: 'result' },
  { label: '4.保护第三方合法权益', group: WITHHOLD, outcome: 'withhold_third_party', role: 'result' },
  { label: '5.属于三类内部事务信息', group: WITHHOLD, outcome: 'withhold_internal', role: 'result' },
  { label: '6.属于四类过程性信息', group: WITHHOLD, outcome: 'withhold_process', role: 'result' },
  { label: '7.属于行政执法案卷', group: WITHHOLD, outcome: 'withhold_enforcement_file', role: 'result' },
  { label: '8.属于行政查询事项', group: WITHHOLD, outcome: 'withhold_query', role: 'result' },
  { label: '1.本机关不掌握相关政府信息', group: UNAVAILABLE, outcome: 'unavailable_not_held', role: 'result' },
  { label: '2.没有现成信息需要另行制作', group: UNAVAILABLE, outcome: 'unavailable_needs_creation', role: 'result' },
  { label: '3.补正后申请内容仍不明确', group: UNAVAILABLE, outcome: 'unavailable_unclear', role: 'result' },
  { label: '1.信访举报投诉类申请', group: NOT_PROCESSED, outcome: 'not_processed_petition', role: 'result' },
  { label: '2.重复申请', group: NOT_PROCESSED, outcome: 'not_processed_repeat', role: 'result' },
  { label: '3.要求提供公开出版物', group: NOT_PROCESSED, outcome: 'not_processed_publication', role: 'result' },
  { label: '4.无正当理由大量反复申请', group: NOT_PROCESSED, outcome: 'not_processed_excessive', role: 'result' },
  { label: '5.要求行政机关确认或重新出具已获取信息', group: NOT_PROCESSED, outcome: 'not_processed_confirmation', role: 'result' },
  { label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', group: OTHER, outcome: 'other_no_correction', role: 'result' },
  { label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', group: OTHER, outcome: 'other_fee_unpaid', role: 'result' },
  { label: '3.其他', group: OTHER, outcome: 'other', role: 'result' },
  { label: '（七）总计', group: '三、本年度办理结果', role: 'total' },
  { label: '四、结转下年度继续办理', role: 'carried_forward' },
];

/** Table 三 in the 2019 format: （六）其他处理 is one row, so 本年度办理结果 spans 20 rows. */
export const REQUEST_ROWS_2019: readonly RequestRowDef[] = [
  ...REQUEST_ROWS_2021.filter((r) => r.group !== OTHER && r.role !== 'total' && r.role !== 'carried_forward'),
  { label: '（六）其他处理', group: '三、本年度办理结果', role: 'subtotal_group' },
  { label: '（七）总计', group: '三、本年度办理结果', role: 'total' },
  { label: '四、结转下年度继续办理', role: 'carried_forward' },
];

export const requestRows = (format: '2021' | '2019') => (format === '2021' ? REQUEST_ROWS_2021 : REQUEST_ROWS_2019);

// ---------------------------------------------------------------- table 四 (reconsideration and litigation)

export const REVIEW_RESULTS = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'] as const;
/** The 15 columns of table 四: 行政复议 (5), then 行政诉讼: 未经复议直接起诉 (5), 复议后起诉 (5). */
export const REVIEW_LITIGATION_COLUMNS: readonly string[] = [
  ...REVIEW_RESULTS.map((r) => r),
  ...REVIEW_RESULTS.map((r) => r),
  ...REVIEW_RESULTS.map((r) => r),
];
export const REVIEW_GROUPS = [
  { label: '行政复议', from: 0 },
  { label: '未经复议直接起诉', from: 5 },
  { label: '复议后起诉', from: 10 },
] as const;

// ---------------------------------------------------------------- figures

/** Table 二's figures: per block row label, per column label (without 信息内容). */
export type ProactiveFigures = Record<string, Record<string, number | null>>;

export interface ReportFigures {
  format: '2021' | '2019';
  proactive: ProactiveFigures;
  /** Table 三: row label → the 7 numbers in REQUEST_COLUMNS order. */
  requests: Record<string, number[]>;
  /** Table 四: the 15 numbers. */
  reviewLitigation: number[];
}

export interface Check {
  ok: boolean;
  message: string;
  /** The cells concerned, as `table:row:column` references. */
  cells: string[];
}

const cell = (table: string, row: string, column: string) => `${table}:${row}:${column}`;

/**
 * The cross-checks of the national format, for each column of table 三:
 * 一 + 二 = （七）总计 + 四; （七）总计 = the sum of the result rows; 总计 = the six
 * applicant columns; and in table 四 each group's 总计 = its four results.
 * Every check is reported, passing or not, so the office sees what was checked.
 */
export function checkFigures(f: ReportFigures): Check[] {
  const rows = requestRows(f.format);
  const get = (label: string) => f.requests[label] ?? [];
  const num = (label: string, i: number) => get(label)[i] ?? 0;
  const checks: Check[] = [];
  const newRow = rows.find((r) => r.role === 'new')!.label;
  const carriedOver = rows.find((r) => r.role === 'carried_over')!.label;
  const total = rows.find((r) => r.role === 'total')!.label;
  const forward = rows.find((r) => r.role === 'carried_forward')!.label;
  const results = rows.filter((r) => r.role === 'result' || r.role === 'subtotal_group');
  for (const [i, col] of REQUEST_COLUMNS.entries()) {
    const left = num(newRow, i) + num(carriedOver, i);
    const right = num(total, i) + num(forward, i);
    checks.push({
      ok: left === right,
      message: `“${col}”列：一、新收（${num(newRow, i)}）加二、上年结转（${num(carriedOver, i)}）为${left}，（七）总计（${num(total, i)}）加四、结转下年度（${num(forward, i)}）为${right}${left === right ? '，相等' : '，不相等'}`,
      cells: [cell('三', newRow, col), cell('三', carriedOver, col), cell('三', total, col), cell('三', forward, col)],
    });
    const sum = results.reduce((n, r) => n + num(r.label, i), 0);
    checks.push({
      ok: sum === num(total, i),
      message: `“${col}”列：各项办理结果之和为${sum}，（七）总计为${num(total, i)}${sum === num(total, i) ? '，相等' : '，不相等'}`,
      cells: [cell('三', total, col), ...results.map((r) => cell('三', r.label, col))],
    });
  }
  for (const r of rows) {
    const v = get(r.label);
    const parts = v.slice(0, 6).reduce((n, x) => n + (x ?? 0), 0);
    const t = v[6] ?? 0;
    checks.push({
      ok: parts === t,
      message: `“${r.label}”行：六类申请人之和为${parts}，总计为${t}${parts === t ? '，相等' : '，不相等'}`,
      cells: REQUEST_COLUMNS.map((c) => cell('三', r.label, c)),
    });
  }
  for (const g of REVIEW_GROUPS) {
    const v = Array.from({ length: 5 }, (_, k) => f.reviewLitigation[g.from + k] ?? 0);
    const parts = v[0]! + v[1]! + v[2]! + v[3]!;
    checks.push({
      ok: parts === v[4],
      message: `${g.label}：维持、纠正、其他、尚未审结之和为${parts}，总计为${v[4]}${parts === v[4] ? '，相等' : '，不相等'}`,
      cells: REVIEW_RESULTS.map((r) => cell('四', g.label, r)),
    });
  }
  return checks;
}

export const reconciles = (f: ReportFigures) => checkFigures(f).every((c) => c.ok);

/** Figures with every number zero (a year with no records), in a format. */
export function emptyFigures(format: '2021' | '2019'): ReportFigures {
  const proactive: ProactiveFigures = {};
  for (const b of proactiveLayout(format)) for (const r of b.rows) proactive[r] = Object.fromEntries(b.columns.slice(1).map((c) => [c, 0]));
  return {
    format,
    proactive,
    requests: Object.fromEntries(requestRows(format).map((r) => [r.label, [0, 0, 0, 0, 0, 0, 0]])),
    reviewLitigation: Array.from({ length: 15 }, () => 0),
  };
}

/** The JSON the API gives for a report's figures (GET /api/v1/annual-reports/{agency}/{year}, and the parser). */
export function figuresJson(f: ReportFigures) {
  return {
    format: f.format,
    proactive: {
      rows: proactiveLayout(f.format).flatMap((b) =>
        b.rows.map((label) => ({ label, values: Object.fromEntries(b.columns.slice(1).map((c) => [c, f.proactive[label]?.[c] ?? null])) })),
      ),
    },
    requests: {
      columns: [...REQUEST_COLUMNS],
      rows: requestRows(f.format).map((r) => ({ label: r.label, values: (f.requests[r.label] ?? []).slice(0, 7).concat(Array(7).fill(0)).slice(0, 7) })),
    },
    reviewLitigation: { columns: [...REVIEW_LITIGATION_COLUMNS], values: f.reviewLitigation.slice(0, 15) },
  };
}

/** Per column of table 三: what came in (一 + 二) against what was settled or carried (（七）总计 + 四). */
export function balancesOf(f: ReportFigures) {
  const rows = requestRows(f.format);
  const v = (role: RequestRowDef['role'], i: number) => f.requests[rows.find((r) => r.role === role)!.label]?.[i] ?? 0;
  return REQUEST_COLUMNS.map((column, i) => {
    const received = v('new', i) + v('carried_over', i);
    const settled = v('total', i) + v('carried_forward', i);
    return { column, received, settled, ok: received === settled };
  });
}
