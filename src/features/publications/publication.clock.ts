/**
 * The publication clock: publish within 20 working days of the day the information
 * was formed or changed (Art. 26), counted from the latest `formed`/`changed`
 * event; and the deadline source the calendar recomputes when a year changes.
 */
import type { DbOrTrx } from '../../db/database.js';
import { type IsoDate } from '../../lib/dates.js';
import type { Calendar } from '../calendar/calendar.js';
import {
  type ClockOptions,
  type ClockResult,
  type ClockState,
  calendarNotes,
  countFrom,
  checkToday,
  DEFAULT_CLOCK_SETTINGS,
  deadlineAfter,
  fmt,
  requireDate,
  sortEvents,
  startRuleText,
} from '../calendar/clock-kit.js';
import type { DeadlineSource } from '../calendar/deadline-sources.js';
import { addWorkdays } from '../calendar/workdays.js';

/** Art. 26: publish within 20 working days of forming or changing. */
export const PUBLICATION_WORKDAYS = 20;

export type PublicationEvent =
  | { type: 'formed'; date: IsoDate }
  | { type: 'changed'; date: IsoDate }
  | { type: 'published'; date: IsoDate };

export interface PublicationDerived {
  /** The latest formation or change: the day the 20 working days run from. */
  startDate: IsoDate | null;
  /** First publication on or after `startDate`; an earlier one does not cover a later change. */
  publishedDate: IsoDate | null;
  overdue: boolean;
}

const PUBLICATION_ORDER = ['formed', 'changed', 'published'] as const;

/**
 * Proactive disclosure: publish within 20 working days of the day the information was
 * formed or changed (Art. 26), counted from the latest `formed`/`changed` event.
 */
export function publicationClock(
  cal: Calendar,
  events: readonly PublicationEvent[],
  options: ClockOptions = {},
): ClockResult<PublicationDerived> {
  const today = checkToday(options);
  const rule = options.startDay ?? DEFAULT_CLOCK_SETTINGS.startDay;
  events.forEach((e, i) => requireDate(e.date, `第${i + 1}个事件的日期`));
  const sorted = sortEvents(events, PUBLICATION_ORDER);
  let start: PublicationEvent | null = null;
  for (const e of sorted) if (e.type !== 'published') start = e;
  if (!start) {
    return {
      deadline: null,
      provisional: false,
      state: 'not_started',
      explanation: ['尚无信息形成或变更的记录，公开期限未起算。'],
      issues: [],
      derived: { startDate: null, publishedDate: null, overdue: false },
    };
  }
  const startDate = start.date;
  const end = addWorkdays(cal, countFrom(startDate, rule), PUBLICATION_WORKDAYS, { details: false });
  const published = sorted.find((e) => e.type === 'published' && e.date >= startDate)?.date ?? null;
  const explanation = [
    `该信息于${fmt(startDate)}${start.type === 'changed' ? '变更' : '形成'}，应${startRuleText(rule, '形成或变更之日')}20个工作日内公开（第二十六条）。`,
    `公开期限届满日：${fmt(end.date)}。`,
    ...calendarNotes(cal, countFrom(startDate, rule), end.date),
  ];
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
// ---------------------------------------------------------------- deadline source

/**
 * States of a publication's working copy (publication.workflow.ts) that owe nothing
 * under Art. 26: the working copy is the published one, the item was withdrawn, or
 * a never-published draft was deleted. Every other state waits to be published.
 */
export const PUBLICATION_SETTLED_STATES = ['published', 'withdrawn', 'discarded'] as const;

export interface PublicationDeadlineInput {
  formedDate: IsoDate;
}

/**
 * Open publications for the calendar's recomputation. Publications computes its
 * deadlines on the fly (publication.ts `timeliness`) and stores none, so the
 * source has no `store`.
 */
export function publicationDeadlineSource(listOpen: (db: DbOrTrx) => Promise<{ id: number; agencyId: number; title: string; formedDate: IsoDate }[]>): DeadlineSource<PublicationDeadlineInput> {
  return {
    key: 'publication',
    label: '公开期限',
    entityType: 'publication',
    async listOpen(db) {
      return (await listOpen(db)).map((r) => ({
        id: r.id,
        agencyId: r.agencyId,
        label: r.title,
        href: `/office/publications/${r.id}`,
        stored: null,
        input: { formedDate: r.formedDate },
      }));
    },
    // The same date as `publicationClock` with the default start-day rule (tested), without
    // building its explanation: this runs for every open item on every calendar change.
    compute(cal: Calendar, input) {
      const r = deadlineAfter(cal, input.formedDate, PUBLICATION_WORKDAYS);
      return { deadline: r.date, provisional: r.provisional };
    },
  };
}
