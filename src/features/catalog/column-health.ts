import { chinaDateOf, toDayNumber, fromDayNumber, type IsoDate } from '../../lib/dates.js';
import { ANNUAL_REPORT_DUE, type AnnualReportLevel } from './annual-report.clock.js';
import type { DisclosureCategory } from '../publications/categories.js';
import type { Column } from './catalog.js';

/**
 * Column health: which columns an inspector would call stale (栏目不更新) or blank
 * (空白栏目), found before the inspection does. Thresholds follow the 2019
 * 检查指标 (disclosure-rules §4.2, inspection-security R1.2); every number is a
 * parameter so an agency or platform can tighten it.
 *
 * Classes:
 * - `news`: 动态、要闻 columns, expected every 14 days;
 * - `policy`: 通知公告、政策文件 columns, expected every 6 months (180 days, a few
 *   days earlier than a calendar half-year so the warning always comes first);
 * - `other`: every other list column: "should be updated but not for a long time"
 *   counts them, default once a year.
 */
export const COLUMN_CLASSES = {
  news: { label: '动态要闻类', defaultIntervalDays: 14 },
  policy: { label: '通知公告、政策文件类', defaultIntervalDays: 180 },
  other: { label: '其他栏目', defaultIntervalDays: 365 },
} as const;
export type ColumnClass = keyof typeof COLUMN_CLASSES;

const NEWS_CATEGORIES = new Set<string>(['work_news']);
const POLICY_CATEGORIES = new Set<string>(['notices', 'policy_interpretation', 'art20_01']);

export function columnClassOf(category: DisclosureCategory | string | null): ColumnClass {
  if (category && NEWS_CATEGORIES.has(category)) return 'news';
  if (category && POLICY_CATEGORIES.has(category)) return 'policy';
  return 'other';
}

/** Site-level alarm thresholds (单项否决 in the 2019 检查指标). */
export interface HealthThresholds {
  /** Stale 动态 + 通知公告/政策文件 columns, together. */
  stale: number;
  /** Other columns idle past their interval. */
  longIdle: number;
  blank: number;
}
export const DEFAULT_THRESHOLDS: HealthThresholds = { stale: 5, longIdle: 10, blank: 5 };

export const HEALTH_STATES = {
  ok: { label: '正常' },
  due_soon: { label: '即将到期' },
  stale: { label: '未按期更新' },
  blank: { label: '空白栏目' },
  hidden: { label: '已隐藏' },
} as const;
export type HealthState = keyof typeof HEALTH_STATES;

export interface ColumnStats {
  count: number;
  /** ISO instant of the newest publication in the column, or null. */
  lastPublishedAt: string | null;
}

export interface ColumnHealth {
  column: Pick<Column, 'id' | 'key' | 'name' | 'path' | 'category' | 'hidden'>;
  /** A column the agency must publish: hiding it does not take it out of the check. */
  mandatory: boolean;
  class: ColumnClass;
  intervalDays: number;
  count: number;
  lastPublishedDate: IsoDate | null;
  /** Days since the last publication (China dates), null when blank. */
  idleDays: number | null;
  /** The last day the column is still in time, null when blank. */
  dueDate: IsoDate | null;
  state: HealthState;
}

/** Days before the due date when a column turns `due_soon`: a fifth of the interval, at least 2. */
export function warningDays(intervalDays: number): number {
  return Math.max(2, Math.round(intervalDays / 5));
}

/** Columns the rule looks at: those that list publications (not the guide, the request page or containers). */
export function isMonitored(column: Pick<Column, 'kind' | 'category'>): boolean {
  return column.kind === 'list' && !!column.category;
}

/**
 * The health of one list column on `today`. A hidden column is `hidden` unless
 * it is one the agency must publish (hidden before it became mandatory, say):
 * that one an inspector still counts, blank or stale.
 */
export function columnHealth(column: Column, stats: ColumnStats, today: IsoDate, mandatory = false): ColumnHealth {
  const cls = columnClassOf(column.category);
  const intervalDays = column.updateIntervalDays ?? COLUMN_CLASSES[cls].defaultIntervalDays;
  const last = stats.lastPublishedAt ? chinaDateOf(new Date(stats.lastPublishedAt)) : null;
  const idleDays = last ? toDayNumber(today) - toDayNumber(last) : null;
  const dueDate = last ? fromDayNumber(toDayNumber(last) + intervalDays) : null;
  let state: HealthState;
  if (column.hidden && !mandatory) state = 'hidden';
  else if (stats.count === 0 || idleDays === null) state = 'blank';
  else if (idleDays > intervalDays) state = 'stale';
  else if (intervalDays - idleDays <= warningDays(intervalDays)) state = 'due_soon';
  else state = 'ok';
  return {
    column: { id: column.id, key: column.key, name: column.name, path: column.path, category: column.category, hidden: column.hidden },
    mandatory,
    class: cls,
    intervalDays,
    count: stats.count,
    lastPublishedDate: last,
    idleDays,
    dueDate,
    state,
  };
}

export interface SiteHealth {
  columns: ColumnHealth[];
  counts: { stale: number; longIdle: number; blank: number; dueSoon: number };
  thresholds: HealthThresholds;
  /** Which site-level alarms fire (an inspection would fail the site on any). */
  alarms: { stale: boolean; longIdle: boolean; blank: boolean };
  /** One short of an alarm: the last chance to fix it. */
  warnings: { stale: boolean; longIdle: boolean; blank: boolean };
}

/** Column health for an agency's columns and the site-level alarms; `isMandatory` names the columns the agency must publish. */
export function siteHealth(
  columns: Column[],
  statsByCategory: Map<string, ColumnStats>,
  today: IsoDate,
  thresholds: HealthThresholds = DEFAULT_THRESHOLDS,
  isMandatory: (column: Column) => boolean = () => false,
): SiteHealth {
  const health = columns
    .filter(isMonitored)
    .map((c) => columnHealth(c, statsByCategory.get(c.category!) ?? { count: 0, lastPublishedAt: null }, today, isMandatory(c)));
  const stale = health.filter((h) => h.state === 'stale' && h.class !== 'other').length;
  const longIdle = health.filter((h) => h.state === 'stale' && h.class === 'other').length;
  const blank = health.filter((h) => h.state === 'blank').length;
  const dueSoon = health.filter((h) => h.state === 'due_soon').length;
  return {
    columns: health,
    counts: { stale, longIdle, blank, dueSoon },
    thresholds,
    alarms: { stale: stale >= thresholds.stale, longIdle: longIdle >= thresholds.longIdle, blank: blank >= thresholds.blank },
    warnings: {
      stale: stale === thresholds.stale - 1,
      longIdle: longIdle === thresholds.longIdle - 1,
      blank: blank === thresholds.blank - 1,
    },
  };
}

export interface AnnualReportStatus {
  /** The year whose report is due this year (today's year − 1). */
  reportYear: number;
  dueDate: IsoDate;
  published: boolean;
  /**
   * `upcoming`: due within 30 days; `due_today`: the last day; `overdue`: missing
   * after the deadline; `ok`: published, or not yet near.
   */
  state: 'ok' | 'upcoming' | 'due_today' | 'overdue';
  message: string;
}

/**
 * Art. 49: departments publish last year's report by 31 January, the 主管部门 the
 * government's by 31 March. Townships (乡镇、街道) are not named: they follow the
 * platform's setting (`townshipReportDue`), 31 January unless set otherwise.
 */
export function annualReportLevelOf(agencyLevel: string, townshipRule: string = 'department'): AnnualReportLevel {
  if (agencyLevel === 'government') return 'government';
  if (agencyLevel === 'township') return townshipRule === 'government' ? 'government' : 'department';
  return 'department';
}

/** Who must publish the report, in the Regulation's words (a township is not among them: Art. 49 names none). */
export function annualReportObligor(agencyLevel: string): string {
  if (agencyLevel === 'government') return '县级以上地方人民政府的政府信息公开工作主管部门';
  if (agencyLevel === 'township') return '乡（镇）人民政府（街道办事处）';
  return '县级以上人民政府部门';
}

/**
 * The sentence stating the report's deadline for an agency of this level. Art. 49
 * names no date for townships: theirs is the platform's setting, and the sentence
 * says so instead of citing Art. 49 for it.
 */
export function annualReportRule(agencyLevel: string, townshipRule: string = 'department'): string {
  const due = ANNUAL_REPORT_DUE[annualReportLevelOf(agencyLevel, townshipRule)];
  const when = `每年${due.month}月${due.day}日前`;
  if (agencyLevel === 'township') {
    return `${annualReportObligor(agencyLevel)}应于${when}公布上一年度政府信息公开工作年度报告（《中华人民共和国政府信息公开条例》第四十九条未规定乡镇的期限，此为本平台设定的期限）。`;
  }
  return `依照《中华人民共和国政府信息公开条例》第四十九条，${annualReportObligor(agencyLevel)}应于${when}公布上一年度政府信息公开工作年度报告。`;
}

/**
 * Whether last year's annual report is missing when it should be there. The alert
 * fires on the due date itself (a report published that day is still in time, but
 * a missing one must be chased that morning) and every day after; the message
 * names the obligor the law names.
 */
export function annualReportStatus(agencyLevel: string, publishedYears: Iterable<number>, today: IsoDate, townshipRule: string = 'department'): AnnualReportStatus {
  const level = annualReportLevelOf(agencyLevel, townshipRule);
  const due = ANNUAL_REPORT_DUE[level];
  const reportYear = Number(today.slice(0, 4)) - 1;
  const dueDate = `${reportYear + 1}-${String(due.month).padStart(2, '0')}-${String(due.day).padStart(2, '0')}` as IsoDate;
  const published = new Set(publishedYears).has(reportYear);
  const daysLeft = toDayNumber(dueDate) - toDayNumber(today);
  let state: AnnualReportStatus['state'] = 'ok';
  if (!published) {
    if (daysLeft < 0) state = 'overdue';
    else if (daysLeft === 0) state = 'due_today';
    else if (daysLeft <= 30) state = 'upcoming';
  }
  const when = `${Number(dueDate.slice(5, 7))}月${Number(dueDate.slice(8, 10))}日`;
  const rule = annualReportRule(agencyLevel, townshipRule);
  const message = published
    ? `${reportYear}年度报告已公布。`
    : state === 'overdue'
      ? `${rule}${reportYear}年度报告应于${reportYear + 1}年${when}前公布，目前尚未公布。`
      : state === 'due_today'
        ? `${rule}${reportYear}年度报告应于今天（${reportYear + 1}年${when}）前公布，目前尚未公布。`
        : state === 'upcoming'
          ? `${reportYear}年度报告应于${reportYear + 1}年${when}前公布，还有 ${daysLeft} 天。`
          : `${reportYear}年度报告应于${reportYear + 1}年${when}前公布。`;
  return { reportYear, dueDate, published, state, message };
}
