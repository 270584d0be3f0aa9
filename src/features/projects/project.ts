/**
 * The rules of key projects and yearly work plans, as plain functions: the project
 * code against its configurable pattern, investment as an exact decimal of 万元,
 * progress dates and % done, the approval-result and filing elements (requirement
 * 11), when a project has gone quiet, when a year's plan is late, and what a
 * stage's bulletin notice says. No I/O here; the service applies them.
 */
import type { FieldErrors } from '../../errors.js';
import { addDays, isIsoDate, toDayNumber, type IsoDate } from '../../lib/dates.js';
import { PROJECT_LIFECYCLE, PROJECT_LIFECYCLE_ORDER, type ProjectLifecycle } from './project.lifecycle.js';
import { parseDecimal4 } from '../../lib/decimal.js';

export const PROJECT_STATUSES = {
  preparing: { label: '前期工作' },
  under_construction: { label: '在建' },
  suspended: { label: '暂停' },
  completed: { label: '已竣工' },
} as const;
export type ProjectStatus = keyof typeof PROJECT_STATUSES;
export const isProjectStatus = (v: unknown): v is ProjectStatus => typeof v === 'string' && Object.hasOwn(PROJECT_STATUSES, v);

/** Which elements a 批准结果 item carries: an approval (审批、核准) or a filing (备案). */
export const APPROVAL_KINDS = {
  approval: { label: '审批（核准）结果' },
  filing: { label: '备案信息' },
} as const;
export type ApprovalKind = keyof typeof APPROVAL_KINDS;
export const isApprovalKind = (v: unknown): v is ApprovalKind => typeof v === 'string' && Object.hasOwn(APPROVAL_KINDS, v);

/** The elements of requirement 11, with their labels per kind (the same columns hold both). */
export const APPROVAL_FIELDS = {
  approvalResult: { approval: '审批结果', filing: null },
  decidedOn: { approval: '批复时间', filing: '备案时间' },
  documentNumber: { approval: '批复文号', filing: '备案号' },
  decidingUnit: { approval: '批复单位', filing: '备案单位' },
  projectName: { approval: '项目名称', filing: '项目名称' },
  projectCode: { approval: '项目统一代码', filing: '项目统一代码' },
} as const;
export type ApprovalField = keyof typeof APPROVAL_FIELDS;

// ---------------------------------------------------------------- project code

/**
 * The 项目统一代码 form assumed by default (spec §5 req. 11, marked unverified): year,
 * six-digit area code, two-digit industry, two-digit kind, six-digit serial.
 */
export const DEFAULT_CODE_PATTERN = 'YYYY-XXXXXX-XX-XX-XXXXXX';

/**
 * A pattern is a template: `Y` a digit, `X` a digit or capital letter, any other
 * character itself. Null when usable, else why not.
 */
export function patternProblem(pattern: string): string | null {
  if (!pattern || pattern.length > 64) return '代码格式应为 1—64 个字符';
  if (!/[YX]/.test(pattern)) return '代码格式至少应含一个 Y（数字）或 X（数字或大写字母）';
  if (!/^[A-Z0-9\-/_.]+$/.test(pattern)) return '代码格式只能由 Y、X、数字、大写字母和 - / _ . 组成';
  return null;
}

/** Full-width digits, letters and dashes typed in a Chinese input method, as half-width; upper case; no spaces. */
export function normalizeCode(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63]/g, '-')
    .replace(/\s+/g, '')
    .toUpperCase();
}

export function codeMatches(code: string, pattern: string): boolean {
  if (code.length !== pattern.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const c = code[i]!;
    if (p === 'Y' ? !/[0-9]/.test(c) : p === 'X' ? !/[0-9A-Z]/.test(c) : c !== p) return false;
  }
  return true;
}

/** An example code of the pattern, for the error message. */
export function exampleCode(pattern: string): string {
  let y = 0;
  let x = 0;
  return [...pattern].map((p) => (p === 'Y' ? '2026'[y++ % 4] : p === 'X' ? String(++x % 10) : p)).join('');
}

/** Null when the (normalised) code fits the pattern, else a message naming the expected form. */
export function codeProblem(code: string, pattern: string): string | null {
  if (codeMatches(code, pattern)) return null;
  return `项目统一代码应为 ${pattern.length} 位，格式为 ${pattern}（Y 为数字，X 为数字或大写字母，其余字符照写），例如 ${exampleCode(pattern)}`;
}

// ---------------------------------------------------------------- investment

const SCALE = 10_000n;

/** 万元 with at most four decimals (one 元), as canonical text; null when not such a number. */
export const parseInvestment = (raw: string): string | null => parseDecimal4(raw);

/** The canonical text as a count of 元 (万元 × 10⁴), exactly. */
export function investmentUnits(s: string): bigint {
  const [int, frac = ''] = s.split('.');
  return BigInt(int!) * SCALE + BigInt(frac.padEnd(4, '0'));
}

export function unitsToInvestment(n: bigint): string {
  const int = n / SCALE;
  const frac = (n % SCALE).toString().padStart(4, '0').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : String(int);
}

/** The exact sum of several investments. */
export function sumInvestments(values: readonly string[]): string {
  return unitsToInvestment(values.reduce((acc, v) => acc + investmentUnits(v), 0n));
}

/** 123456.5 → "123,456.5" (grouping the integer part only; the decimals as typed). */
export function formatInvestment(s: string): string {
  const [int, frac] = s.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac ? `${grouped}.${frac}` : grouped;
}

// ---------------------------------------------------------------- progress

/** Problems of a progress entry: a date after today (China date) or a % outside 0–100. */
export function progressProblems(entry: { date: string; percent: number }, today: IsoDate): FieldErrors {
  const f: FieldErrors = {};
  if (!isIsoDate(entry.date)) f.date = '请填写进展日期（年-月-日）';
  else if (entry.date > today) f.date = `进展日期不能晚于今天（${today}）`;
  if (!Number.isInteger(entry.percent) || entry.percent < 0) f.percent = '完成进度应为 0—100 的整数';
  else if (entry.percent > 100) f.percent = '完成进度不能超过 100%';
  return f;
}

/** A date range where both ends are given must not run backwards. */
export function rangeProblem(start: string | null | undefined, end: string | null | undefined): string | null {
  if (start && end && end < start) return '结束日期不能早于开始日期';
  return null;
}

export interface Staleness {
  stale: boolean;
  /** The last progress entry's date, or the date counting starts from when there is none. */
  since: IsoDate;
  /** Days since then. */
  days: number;
  /** The day the alarm fires (or fired). */
  dueOn: IsoDate;
}

/**
 * Whether a project has gone `staleDays` days without a progress entry. A project
 * with none counts from the day it was registered; a completed one never alarms.
 */
export function staleness(p: { status: string; lastEntryDate: string | null; registeredOn: IsoDate }, today: IsoDate, staleDays: number): Staleness {
  const since = (p.lastEntryDate ?? p.registeredOn) as IsoDate;
  const days = toDayNumber(today) - toDayNumber(since);
  return { stale: p.status !== 'completed' && days >= staleDays, since, days, dueOn: addDays(since, staleDays) };
}

// ---------------------------------------------------------------- approval elements

export interface ApprovalElements {
  lifecycle: string;
  approvalKind: string;
  approvalResult: string;
  decidedOn: string | null;
  documentNumber: string;
  decidingUnit: string;
  projectName: string;
  projectCode: string;
}

/**
 * What a 批准结果 item still lacks (requirement 11): a kind, then each element of
 * that kind, and a code that fits the pattern. Other categories need nothing.
 */
export function approvalProblems(e: ApprovalElements, pattern: string, today: IsoDate): FieldErrors {
  if (e.lifecycle !== 'approval_result') return {};
  const f: FieldErrors = {};
  if (!isApprovalKind(e.approvalKind)) return { approvalKind: '请选择批准结果信息的类型：审批（核准）结果或备案' };
  const kind = e.approvalKind;
  for (const [field, labels] of Object.entries(APPROVAL_FIELDS) as [ApprovalField, (typeof APPROVAL_FIELDS)[ApprovalField]][]) {
    const label = labels[kind];
    if (!label) continue;
    const v = e[field];
    if (v == null || String(v).trim() === '') f[field] = `请填写${label}`;
  }
  if (e.decidedOn && !f.decidedOn) {
    if (!isIsoDate(e.decidedOn)) f.decidedOn = `${APPROVAL_FIELDS.decidedOn[kind]}应为日期（年-月-日）`;
    else if (e.decidedOn > today) f.decidedOn = `${APPROVAL_FIELDS.decidedOn[kind]}不能晚于今天（${today}）`;
  }
  if (e.projectCode && !f.projectCode) {
    const problem = codeProblem(normalizeCode(e.projectCode), pattern);
    if (problem) f.projectCode = problem;
  }
  return f;
}

// ---------------------------------------------------------------- grouping

/** Items of a project grouped by the eight categories, in lifecycle order, empty ones kept. */
export function groupByLifecycle<T extends { lifecycle: string }>(items: readonly T[]): { key: ProjectLifecycle; label: string; slug: string; items: T[] }[] {
  return PROJECT_LIFECYCLE_ORDER.map((key) => ({ key, label: PROJECT_LIFECYCLE[key].label, slug: PROJECT_LIFECYCLE[key].slug, items: items.filter((i) => i.lifecycle === key) }));
}

// ---------------------------------------------------------------- work plans

/**
 * The day a year's plan (年度工作目标/计划) is due published. 03-31 by default: the
 * first quarter, when 年度工作要点 are usually issued, and the date a government's
 * annual report is due (Art. 49), so offices meet one spring deadline.
 */
export const DEFAULT_PLAN_DUE = '03-31';

export function planDueProblem(v: string): string | null {
  const m = /^(\d{2})-(\d{2})$/.exec(v);
  if (!m) return '期限应写作 月-日，例如 03-31';
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12 || day < 1 || day > [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!) return '期限不是有效的月-日';
  return null;
}

export interface PlanStatus {
  state: 'ok' | 'upcoming' | 'overdue';
  year: number;
  dueDate: IsoDate;
  message: string;
}

/** Days before the due date from which the office is reminded. */
export const PLAN_REMINDER_DAYS = 30;

/**
 * This year's plan against its due date: ok once published, a reminder in the last
 * 30 days, overdue after it. 02-29 in a common year falls on 03-01.
 */
export function planStatus(today: IsoDate, due: string, published: boolean): PlanStatus {
  const year = Number(today.slice(0, 4));
  let dueDate = `${year}-${due}` as IsoDate;
  if (!isIsoDate(dueDate)) dueDate = `${year}-03-01` as IsoDate;
  if (published) return { state: 'ok', year, dueDate, message: `${year}年度工作计划已公开` };
  const left = toDayNumber(dueDate) - toDayNumber(today);
  if (left < 0) return { state: 'overdue', year, dueDate, message: `${year}年度工作目标和计划应于${dueDate}前公开，已超期 ${-left} 天` };
  if (left <= PLAN_REMINDER_DAYS) return { state: 'upcoming', year, dueDate, message: `${year}年度工作目标和计划应于${dueDate}前公开，还有 ${left} 天` };
  return { state: 'ok', year, dueDate, message: '' };
}

// ---------------------------------------------------------------- bulletin notice

export interface NoticeContent {
  title: string;
  sections: { heading: string; text: string }[];
  pageUrl: string;
  agencyId: number;
}

/**
 * What a stage's bulletin notice (公示栏) says: the project's registry facts, the
 * stage's planned and actual dates, and its latest progress, pointing at the
 * project's public page. Pure, so the print feature can render it as it likes.
 */
export function stageNoticeContent(
  project: { id: number; agencyId: number; name: string; code: string; owner: string; investment: string; location: string; plannedStart: string; plannedEnd: string; status: string },
  stage: { name: string; plannedStart: string | null; plannedEnd: string | null; actualStart: string | null; actualEnd: string | null; description: string },
  entries: readonly { entryDate: string; percent: number; body: string }[],
  where: { publicUrl: string; agencySlug: string },
): NoticeContent {
  const period = (a: string | null, b: string | null) => (a || b ? `${a ?? '—'} 至 ${b ?? '—'}` : '未定');
  const latest = [...entries].sort((a, b) => b.entryDate.localeCompare(a.entryDate))[0];
  const sections = [
    {
      heading: '项目概况',
      text: [
        `项目名称：${project.name}`,
        `项目统一代码：${project.code}`,
        `项目单位：${project.owner}`,
        `总投资：${formatInvestment(project.investment)} 万元`,
        ...(project.location ? [`建设地点：${project.location}`] : []),
        `计划工期：${project.plannedStart} 至 ${project.plannedEnd}`,
        `项目状态：${PROJECT_STATUSES[project.status as ProjectStatus]?.label ?? project.status}`,
      ].join('\n'),
    },
    {
      heading: `建设阶段：${stage.name}`,
      text: [`计划时间：${period(stage.plannedStart, stage.plannedEnd)}`, `实际时间：${period(stage.actualStart, stage.actualEnd)}`, ...(stage.description ? [stage.description] : [])].join('\n'),
    },
    latest
      ? { heading: '最新进展', text: `${latest.entryDate}，项目完成 ${latest.percent}%：${latest.body}` }
      : { heading: '最新进展', text: '本阶段暂无进展记录。' },
  ];
  return {
    title: `${project.name}（${stage.name}）公示`,
    sections,
    pageUrl: `${where.publicUrl}/${where.agencySlug}/zdxm/${project.id}`,
    agencyId: project.agencyId,
  };
}
