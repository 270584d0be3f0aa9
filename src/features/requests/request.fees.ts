/**
 * 信息处理费 (Regulation Art. 42; 《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号):
 * providing information on request is free, and only an applicant whose applications
 * clearly exceed a reasonable quantity or frequency pays. Both methods are marginal
 * progressive bands (超额累进, Art. 3): each application or page is charged at the rate
 * of the band it falls in, never the whole lot at the highest rate. Pure, so the fee
 * notice, the office's calculator and the 指南's published standard agree to the yuan.
 */

export const FEE_BASIS = '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）';

/** The two ways of charging (Art. 3); for any one application an agency picks one, never both. */
export const FEE_METHODS = {
  by_count: { label: '按件计收', unit: '件', basis: `${FEE_BASIS}第四条` },
  by_pages: { label: '按量计收', unit: '页', basis: `${FEE_BASIS}第五条` },
} as const;
export type FeeMethod = keyof typeof FEE_METHODS;
export const FEE_METHOD_KEYS = Object.keys(FEE_METHODS) as FeeMethod[];

export interface FeeBand {
  /** First unit (application or page) of the band, counted from 1. */
  from: number;
  /** Last unit of the band, inclusive; null for the open top band. */
  to: number | null;
  /** Yuan per unit. */
  rate: number;
}

/** Art. 5: pages of one application. */
export const PAGE_BANDS: readonly FeeBand[] = [
  { from: 1, to: 30, rate: 0 },
  { from: 31, to: 100, rate: 10 },
  { from: 101, to: 200, rate: 20 },
  { from: 201, to: null, rate: 40 },
];

/**
 * Art. 4: one applicant's applications in one natural month. The first two bands
 * are fixed; from the 31st on, every further 10 applications cost 100 元 more each
 * (31–40 at 200, 41–50 at 300, …), so the bands are generated, not listed.
 */
const COUNT_FREE = 10;
const COUNT_FIRST_PAID_TO = 30;
const COUNT_STEP = 10;
const COUNT_STEP_RATE = 100;

/**
 * Above this the total no longer fits exactly in a double (≈5×10¹⁴ 元 at ten million
 * applications is still exact); no real month gets near it, so refusing costs nothing.
 */
export const MAX_FEE_QUANTITY = 10_000_000;

function requireCount(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got ${String(value)}`);
  }
  if (value > MAX_FEE_QUANTITY) throw new Error(`${name} must be at most ${MAX_FEE_QUANTITY}, got ${value}`);
}

/** The rate for the n-th application of a month (n counted from 1). */
function countRate(n: number): number {
  if (n <= COUNT_FREE) return 0;
  if (n <= COUNT_FIRST_PAID_TO) return COUNT_STEP_RATE;
  return 2 * COUNT_STEP_RATE + COUNT_STEP_RATE * Math.floor((n - COUNT_FIRST_PAID_TO - 1) / COUNT_STEP);
}

/** The band of the month's count that holds the n-th application. */
function countBandOf(n: number): FeeBand {
  if (n <= COUNT_FREE) return { from: 1, to: COUNT_FREE, rate: 0 };
  if (n <= COUNT_FIRST_PAID_TO) return { from: COUNT_FREE + 1, to: COUNT_FIRST_PAID_TO, rate: COUNT_STEP_RATE };
  const step = Math.floor((n - COUNT_FIRST_PAID_TO - 1) / COUNT_STEP);
  const from = COUNT_FIRST_PAID_TO + 1 + step * COUNT_STEP;
  return { from, to: from + COUNT_STEP - 1, rate: countRate(n) };
}

function pageBandOf(n: number): FeeBand {
  return PAGE_BANDS.find((b) => b.to === null || n <= b.to)!;
}

/**
 * The fee in yuan for ONE more application by an applicant who has already made
 * `priorApplicationsThisMonth` applications in the same natural month.
 */
export function feeByCount(priorApplicationsThisMonth: number): number {
  requireCount('priorApplicationsThisMonth', priorApplicationsThisMonth);
  return countRate(priorApplicationsThisMonth + 1);
}

/** The total in yuan for `applications` applications by one applicant in one natural month. */
export function feeByCountTotal(applications: number): number {
  requireCount('applications', applications);
  const n = applications;
  if (n <= COUNT_FREE) return 0;
  const firstPaid = COUNT_STEP_RATE * (Math.min(n, COUNT_FIRST_PAID_TO) - COUNT_FREE);
  if (n <= COUNT_FIRST_PAID_TO) return firstPaid;
  // Beyond the 30th: `full` complete steps of 10 at 200, 300, … and `rest` in the next.
  // Closed form, so that a large count costs no more than a small one.
  const full = Math.floor((n - COUNT_FIRST_PAID_TO) / COUNT_STEP);
  const rest = (n - COUNT_FIRST_PAID_TO) % COUNT_STEP;
  const stepRate = (j: number) => 2 * COUNT_STEP_RATE + COUNT_STEP_RATE * j;
  const fullSteps = COUNT_STEP * (2 * COUNT_STEP_RATE * full + (COUNT_STEP_RATE * full * (full - 1)) / 2);
  return firstPaid + fullSteps + rest * stepRate(full);
}

/** The fee in yuan for one application of `pages` pages (marginal bands of Art. 5). */
export function feeByPages(pages: number): number {
  requireCount('pages', pages);
  return sumLines(pageLines(pages));
}

export interface FeeLine {
  /** First unit charged on this line (the month's n-th application, or page n). */
  from: number;
  /** Last unit, inclusive. */
  to: number;
  /** Yuan per unit. */
  rate: number;
  count: number;
  subtotal: number;
}

export interface FeeBreakdown {
  method: FeeMethod;
  /** Yuan. */
  amount: number;
  lines: FeeLine[];
  /** Chinese sentences for the fee notice (收费通知): basis, standard, the count, each line, the total. */
  explanation: string[];
}

const sumLines = (lines: readonly FeeLine[]) => lines.reduce((s, l) => s + l.subtotal, 0);

/** Lines for units first..last (inclusive) cut at band boundaries. */
function linesOver(first: number, last: number, bandOf: (n: number) => FeeBand): FeeLine[] {
  const lines: FeeLine[] = [];
  for (let n = first; n <= last; ) {
    const band = bandOf(n);
    const to = band.to === null ? last : Math.min(band.to, last);
    const count = to - n + 1;
    lines.push({ from: n, to, rate: band.rate, count, subtotal: band.rate * count });
    n = to + 1;
  }
  return lines;
}

function countLines(first: number, last: number): FeeLine[] {
  return last < first ? [] : linesOver(first, last, countBandOf);
}

function pageLines(pages: number): FeeLine[] {
  return linesOver(1, pages, pageBandOf);
}

const yuan = (n: number) => `${n}元`;
const range = (from: number, to: number, unit: string) => (from === to ? `第${from}${unit}` : `第${from}—${to}${unit}`);

/**
 * The fee for `quantity` units by one method, line by line, with the sentences a fee
 * notice states (依据、标准、数额). For `by_count`, `quantity` is the number of
 * applications charged now and `prior` those the applicant already made this natural
 * month; `by_pages` is per application and takes no `prior`.
 */
export function feeBreakdown(method: FeeMethod, quantity: number, prior?: number): FeeBreakdown {
  if (!Object.hasOwn(FEE_METHODS, method)) throw new Error(`method must be one of ${FEE_METHOD_KEYS.join(', ')}, got ${String(method)}`);
  requireCount('quantity', quantity);
  const def = FEE_METHODS[method];
  const explanation: string[] = [`收费依据：${def.basis}，${def.label}。`];
  let lines: FeeLine[];
  if (method === 'by_count') {
    const before = prior ?? 0;
    requireCount('prior', before);
    requireCount('prior + quantity', before + quantity);
    explanation.push(`收费标准：${COUNT_STANDARD}`);
    lines = countLines(before + 1, before + quantity);
    explanation.push(
      quantity === 0
        ? `申请人本自然月内此前已提出${before}件申请，本次未计件。`
        : `申请人本自然月内此前已提出${before}件申请，本次${quantity}件为本月${range(before + 1, before + quantity, '件')}。`,
    );
  } else {
    if (prior !== undefined && prior !== 0) throw new Error(`prior applies only to by_count, got ${String(prior)} for by_pages`);
    explanation.push(`收费标准：${PAGES_STANDARD}`);
    lines = pageLines(quantity);
    explanation.push(`本次申请提供的政府信息共${quantity}页。`);
  }
  for (const l of lines) {
    explanation.push(
      l.rate === 0
        ? `${range(l.from, l.to, def.unit)}：免费。`
        : `${range(l.from, l.to, def.unit)}：按${l.rate}元/${def.unit}计，${l.count}${def.unit}，${yuan(l.subtotal)}。`,
    );
  }
  const amount = sumLines(lines);
  explanation.push(amount === 0 ? '合计：不收取信息处理费。' : `合计：${yuan(amount)}。`);
  return { method, amount, lines, explanation };
}

const COUNT_STANDARD =
  '同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；11—30件（含30件）的部分，按100元/件收取；31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件（31—40件按200元/件，41—50件按300元/件，依此类推）。';
const PAGES_STANDARD =
  '同一申请人同一件申请中要求提供纸质件、发送电子邮件或复制电子数据的，30页以下（含30页）的，不收费；31—100页（含100页）的部分，按10元/页收取；101—200页（含200页）的部分，按20元/页收取；201页以上的部分，按40元/页收取。';

/** The published standard (收费项目、标准和依据), for the agency's 政府信息公开指南. */
export const FEE_STANDARD_TEXT: readonly string[] = [
  '根据《中华人民共和国政府信息公开条例》第四十二条，行政机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过合理范围的，行政机关可以收取信息处理费。',
  `信息处理费依照${FEE_BASIS}收取，采取按件计收或者按量计收的方式，均实行超额累进计费。对同一政府信息公开申请，只适用其中一种计收方式，不同时适用两种方式。`,
  `按件计收：${COUNT_STANDARD}`,
  `按量计收：${PAGES_STANDARD}`,
  '需要收费的，本机关在答复期限内向申请人出具收费通知，说明收费的依据、标准、数额和缴纳方式。申请人逾期未按收费通知要求缴纳费用的，本机关不再处理该政府信息公开申请。信息处理费作为政府非税收入全额上缴国库。',
];
