/**
 * The publication clock: publish within the period the item's rule sets (Art. 26's
 * 20 working days from forming or change, or the period another law sets, see
 * publication.periods.ts), counted from the latest start event of that rule; and
 * the deadline source the calendar recomputes when a year changes.
 */
import type { DbOrTrx } from '../../db/database.js';
import { type IsoDate, addDays, isIsoDate } from '../../lib/dates.js';
import type { Calendar } from '../calendar/calendar.js';
import {
  type ClockOptions,
  type ClockResult,
  type ClockState,
  calendarNotes,
  countFrom,
  checkToday,
  DEFAULT_CLOCK_SETTINGS,
  fmt,
  requireDate,
  sortEvents,
  startRuleText,
} from '../calendar/clock-kit.js';
import type { DeadlineSource } from '../calendar/deadline-sources.js';
import { DEFAULT_PERIOD, PERIOD_KINDS, PERIOD_LAWS, type PeriodRule, periodEnd, periodLength, periodRuleOf, periodStartOf } from './publication.periods.js';

/** Art. 26: publish within 20 working days of forming or changing (the default rule). */
export const PUBLICATION_WORKDAYS = DEFAULT_PERIOD.n;

export type PublicationEvent =
  | { type: 'formed'; date: IsoDate }
  | { type: 'changed'; date: IsoDate }
  /** The 批复 of a budget or final accounts (预算法 Art. 14). */
  | { type: 'approved'; date: IsoDate }
  /** A 行政许可 or 行政处罚 decision is made (双公示). */
  | { type: 'decided'; date: IsoDate }
  | { type: 'published'; date: IsoDate };

export interface PublicationDerived {
  /** The latest start event of the rule: the day the period runs from. */
  startDate: IsoDate | null;
  /** First publication on or after `startDate`; an earlier one does not cover a later change. */
  publishedDate: IsoDate | null;
  overdue: boolean;
}

export interface PublicationClockOptions extends ClockOptions {
  /** The period rule; Art. 26's 20 working days from forming or change when omitted. */
  rule?: PeriodRule;
}

const PUBLICATION_ORDER = ['formed', 'changed', 'approved', 'decided', 'published'] as const;

/** The events each kind of period runs from. */
const START_EVENTS: Record<PeriodRule['kind'], readonly PublicationEvent['type'][]> = {
  wd_from_formed: ['formed', 'changed'],
  days_from_approval: ['approved'],
  wd_from_decision: ['decided'],
};

/** The citation in an explanation; a period set by another law also names Art. 26's deferral to it. */
export function periodCitation(rule: PeriodRule): string {
  const law = PERIOD_LAWS[rule.law].citation;
  return rule.law === 'art26' ? law : `${law}；${PERIOD_LAWS.art26.citation}：法律、法规另有规定的，从其规定`;
}

function startSentence(rule: PeriodRule, start: PublicationEvent, startDay: NonNullable<ClockOptions['startDay']>): string {
  const kind = PERIOD_KINDS[rule.kind];
  const what =
    start.type === 'changed' ? '该信息于' + fmt(start.date) + '变更'
    : start.type === 'formed' ? '该信息于' + fmt(start.date) + '形成'
    : start.type === 'approved' ? '该预算、决算于' + fmt(start.date) + '批复'
    : '该决定于' + fmt(start.date) + '作出';
  return `${what}，应${startRuleText(startDay, kind.from)}${periodLength(rule)}内公开（${periodCitation(rule)}）。`;
}

/**
 * Proactive disclosure: publish within the rule's period, counted from the latest
 * start event of the rule (forming or change, 批复, or decision). Without that event
 * the clock does not start and says which date is missing.
 */
export function publicationClock(
  cal: Calendar,
  events: readonly PublicationEvent[],
  options: PublicationClockOptions = {},
): ClockResult<PublicationDerived> {
  const today = checkToday(options);
  const startDay = options.startDay ?? DEFAULT_CLOCK_SETTINGS.startDay;
  const rule = options.rule ?? DEFAULT_PERIOD;
  events.forEach((e, i) => requireDate(e.date, `第${i + 1}个事件的日期`));
  const sorted = sortEvents(events, PUBLICATION_ORDER);
  const starts = START_EVENTS[rule.kind];
  let start: PublicationEvent | null = null;
  for (const e of sorted) if (starts.includes(e.type)) start = e;
  if (!start) {
    const missing = PERIOD_KINDS[rule.kind].dateLabel;
    return {
      deadline: null,
      provisional: false,
      state: 'not_started',
      explanation: [
        rule.kind === 'wd_from_formed'
          ? `尚无信息形成或变更的记录，公开期限未起算（${periodCitation(rule)}）。`
          : `尚未填写${missing}，无法计算公开期限：应自${PERIOD_KINDS[rule.kind].from}起${periodLength(rule)}内公开（${periodCitation(rule)}）。`,
      ],
      issues: [],
      derived: { startDate: null, publishedDate: null, overdue: false },
    };
  }
  const startDate = start.date;
  const end = periodEnd(cal, rule, startDate, startDay);
  const published = sorted.find((e) => e.type === 'published' && e.date >= startDate)?.date ?? null;
  const explanation = [startSentence(rule, start, startDay)];
  if (end.movedFrom) {
    explanation.push(`期间最后一日${fmt(end.movedFrom)}为休息日或法定节假日，顺延至其后第一个工作日（《中华人民共和国民法典》第二百零三条）。`);
  }
  explanation.push(`公开期限届满日：${fmt(end.date)}。`);
  if (PERIOD_KINDS[rule.kind].unit === 'workdays') explanation.push(...calendarNotes(cal, countFrom(startDate, startDay), end.date));
  else explanation.push(...calendarNotes(cal, addDays(end.movedFrom ?? end.date, -1), end.date));
  let state: ClockState = 'running';
  const overdue = published === null && today !== undefined && today > end.date;
  if (published) {
    state = published <= end.date ? 'met' : 'late';
    explanation.push(`已于${fmt(published)}公开，${state === 'met' ? '在期限内' : '超过期限'}。`);
  } else if (overdue) {
    state = 'overdue';
    explanation.push(`截至${fmt(today!)}尚未公开，已逾期。`);
  }
  return { deadline: end.date, provisional: end.provisional, state, explanation, issues: [], derived: { startDate, publishedDate: published, overdue } };
}

/** The dates a publication holds, as the clock's events for its category's rule. */
export interface PublicationDates {
  category?: string | null | undefined;
  /** A rule the agency's standard catalog sets for the item, before the category's. */
  rule?: PeriodRule | null | undefined;
  formedDate?: string | null | undefined;
  writtenDate?: string | null | undefined;
  approvedOn?: string | null | undefined;
}

/** The start event of a publication under `rule`, from its fields, or none when the field is empty. */
export function startEventOf(rule: PeriodRule, p: PublicationDates): PublicationEvent | null {
  const date = periodStartOf(rule, p);
  if (!date || !isIsoDate(date)) return null;
  const type = rule.kind === 'wd_from_formed' ? 'formed' : rule.kind === 'days_from_approval' ? 'approved' : 'decided';
  return { type, date };
}

// ---------------------------------------------------------------- deadline source

/**
 * States of a publication's working copy (publication.workflow.ts) that owe nothing
 * under Art. 26: the working copy is the published one, the item was withdrawn, or
 * a never-published draft was deleted. Every other state waits to be published.
 */
export const PUBLICATION_SETTLED_STATES = ['published', 'withdrawn', 'discarded'] as const;

export type PublicationDeadlineInput = PublicationDates;

/**
 * Open publications for the calendar's recomputation. Publications computes its
 * deadlines on the fly (publication.ts `timeliness`) and stores none, so the
 * source has no `store`.
 */
export function publicationDeadlineSource(
  listOpen: (db: DbOrTrx) => Promise<({ id: number; agencyId: number; title: string; category: string } & PublicationDates)[]>,
  rulesFor: (db: DbOrTrx, items: readonly { id: number; agencyId: number; category: string }[]) => Promise<Map<number, PeriodRule>> = async () => new Map(),
): DeadlineSource<PublicationDeadlineInput> {
  return {
    key: 'publication',
    label: '公开期限',
    entityType: 'publication',
    async listOpen(db) {
      const open = await listOpen(db);
      const rules = await rulesFor(db, open);
      return open.map((r) => ({
        id: r.id,
        agencyId: r.agencyId,
        label: r.title,
        href: `/office/publications/${r.id}`,
        stored: null,
        input: { category: r.category, rule: rules.get(r.id) ?? null, formedDate: r.formedDate, writtenDate: r.writtenDate, approvedOn: r.approvedOn },
      }));
    },
    // The same date as `publicationClock` under the item's period rule and the default
    // start-day rule (tested), without building its explanation: this runs for every
    // open item on every calendar change.
    compute(cal: Calendar, input) {
      const rule = input.rule ?? periodRuleOf(input.category);
      const start = startEventOf(rule, input);
      if (!start) return { deadline: null, provisional: false };
      const r = periodEnd(cal, rule, start.date);
      return { deadline: r.date, provisional: r.provisional };
    },
  };
}
