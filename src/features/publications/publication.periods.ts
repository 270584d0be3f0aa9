/**
 * Statutory publication periods as data. Art. 26 gives proactive information 20
 * working days from its forming or change "unless a law or regulation sets another
 * period"; some do. A period rule says what the period runs from, how long it is
 * and which law sets it, so that the clock, the timeliness monitor, the dashboard
 * and the deadline registry all read the same rule and cite the same article.
 *
 * A rule is plain JSON-able data, so a 标准目录 row can carry one as well as a
 * category; a category without an explicit rule gets Art. 26's.
 */
import { type IsoDate, addDays } from '../../lib/dates.js';
import type { Calendar } from '../calendar/calendar.js';
import { type StartDayRule, countFrom, DEFAULT_CLOCK_SETTINGS } from '../calendar/clock-kit.js';
import { addWorkdays } from '../calendar/workdays.js';
import type { DisclosureCategory } from './categories.js';

/** The laws that set publication periods, each with the words that set it. */
export const PERIOD_LAWS = {
  art26: {
    citation: '《中华人民共和国政府信息公开条例》第二十六条',
    short: '条例第二十六条',
    text: '属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。法律、法规对政府信息公开的期限另有规定的，从其规定。',
  },
  budget_law_art14: {
    citation: '《中华人民共和国预算法》第十四条第二款',
    short: '预算法第十四条',
    text: '经本级政府财政部门批复的部门预算、决算及报表，应当在批复后二十日内由各部门向社会公开。',
  },
  // Not an article of a statute: the State Council's 双公示 requirement for
  // 行政许可 and 行政处罚 decisions, which the standard catalogs (e.g. 重大建设项目领域)
  // restate as "行政许可、行政处罚 7个工作日内". Cited by its common name, not by a
  // document number this platform has not verified.
  double_publicity: {
    citation: '行政许可、行政处罚信息“双公示”要求',
    short: '“双公示”要求',
    text: '除法律法规另有规定外，行政许可、行政处罚等信息自作出行政决定之日起7个工作日内上网公开。',
  },
  // A period the agency's own 基层政务公开标准目录 sets for an item (standard-catalogs):
  // the row's 公开时限, when it is a countable period other than the laws' above.
  standard_catalog: {
    citation: '本机关政务公开事项标准目录',
    short: '标准目录',
    text: '基层政务公开标准目录对该事项规定的公开时限。',
  },
} as const;
export type PeriodLaw = keyof typeof PERIOD_LAWS;

/**
 * What a period runs from, and in what unit. `dateField` names the publication
 * field that holds the start: 形成或变更日期, 批复日期, or the 成文日期 of the
 * decision (a 决定书's 成文日期 is the day the decision was made).
 */
export const PERIOD_KINDS = {
  wd_from_formed: { from: '形成或变更之日', unit: 'workdays', dateField: 'formedDate', dateLabel: '形成或变更日期' },
  days_from_approval: { from: '批复之日', unit: 'days', dateField: 'approvedOn', dateLabel: '批复日期' },
  wd_from_decision: { from: '作出决定之日', unit: 'workdays', dateField: 'writtenDate', dateLabel: '成文日期（即作出决定之日）' },
} as const;
export type PeriodKind = keyof typeof PERIOD_KINDS;
export type PeriodDateField = (typeof PERIOD_KINDS)[PeriodKind]['dateField'];

export interface PeriodRule {
  kind: PeriodKind;
  /** Length of the period, in working days or calendar days as `kind` says. */
  n: number;
  law: PeriodLaw;
}

/** Art. 26: 20 working days from forming or change; every category without a rule of its own. */
export const DEFAULT_PERIOD: PeriodRule = { kind: 'wd_from_formed', n: 20, law: 'art26' };

/**
 * The categories whose period another law sets. 财政预算、决算: 20 calendar days
 * from the 批复 (预算法 Art. 14). Items (五) and (六), whose 办理结果 and 处罚决定
 * are the 行政许可/行政处罚 decisions: 7 working days from the decision (双公示).
 */
export const CATEGORY_PERIODS: Partial<Record<DisclosureCategory, PeriodRule>> = {
  art20_05: { kind: 'wd_from_decision', n: 7, law: 'double_publicity' },
  art20_06: { kind: 'wd_from_decision', n: 7, law: 'double_publicity' },
  art20_07: { kind: 'days_from_approval', n: 20, law: 'budget_law_art14' },
};

/**
 * The rule of one item: the one the agency's standard catalog gives it (a row it is
 * filed under or its column maps to; see `periodRulesFor` in publication.read.ts),
 * otherwise its category's.
 */
export function effectiveRule(p: { category?: string | null | undefined; rule?: PeriodRule | null | undefined }): PeriodRule {
  return p.rule ?? periodRuleOf(p.category);
}

/**
 * A feature that gives items period rules of their own (the standard catalogs'
 * rows): the rule for each item it has one for, by item id. Contributed through
 * the registry, so publications never imports the feature that sets them.
 */
export type PeriodRuleProvider = (db: import('../../db/database.js').DbOrTrx, items: readonly { id: number; agencyId: number; category: string }[]) => Promise<Map<number, PeriodRule>>;

export function periodRuleOf(category: string | null | undefined): PeriodRule {
  return (category && Object.hasOwn(CATEGORY_PERIODS, category) ? CATEGORY_PERIODS[category as DisclosureCategory] : undefined) ?? DEFAULT_PERIOD;
}

/** "20个工作日" or "20日". */
export function periodLength(rule: PeriodRule): string {
  return PERIOD_KINDS[rule.kind].unit === 'days' ? `${rule.n}日` : `${rule.n}个工作日`;
}

/** One line naming the rule and its law, e.g. for the dashboard. */
export function periodSummary(rule: PeriodRule): string {
  return `自${PERIOD_KINDS[rule.kind].from}起${periodLength(rule)}内公开（${PERIOD_LAWS[rule.law].citation}）`;
}

/** The start date a rule needs, taken from a publication's fields. */
export function periodStartOf(rule: PeriodRule, p: { formedDate?: string | null | undefined; writtenDate?: string | null | undefined; approvedOn?: string | null | undefined }): string | null {
  return p[PERIOD_KINDS[rule.kind].dateField] ?? null;
}

export interface PeriodEnd {
  date: IsoDate;
  provisional: boolean;
  /** For a calendar-day period whose last day is not a working day: the day it would have ended. */
  movedFrom: IsoDate | null;
}

/**
 * The last day of a period that starts on `start`. Working-day periods count
 * working days after the start (under the start-day rule). Calendar-day periods
 * count calendar days the same way, and when the last day is a rest day or
 * holiday the period ends on the next working day (民法典 Art. 203), so a day the
 * law treats as in time is never called late.
 */
export function periodEnd(cal: Calendar, rule: PeriodRule, start: IsoDate, startDay: StartDayRule = DEFAULT_CLOCK_SETTINGS.startDay): PeriodEnd {
  const from = countFrom(start, startDay);
  if (PERIOD_KINDS[rule.kind].unit === 'workdays') {
    const r = addWorkdays(cal, from, rule.n, { details: false });
    return { date: r.date, provisional: r.provisional, movedFrom: null };
  }
  const last = addDays(from, rule.n);
  // The first working day on or after `last`.
  const r = addWorkdays(cal, addDays(last, -1), 1, { details: false });
  return { date: r.date, provisional: r.provisional, movedFrom: r.date === last ? null : last };
}
