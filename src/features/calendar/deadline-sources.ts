/**
 * Every open deadline on the platform, whichever feature owns it, so that a change
 * to the calendar can recompute them all. A feature registers a `DeadlineSource`:
 * it lists its open items with the dated inputs of their clock, computes a deadline
 * from those inputs with a given `Calendar`, and, if it keeps a stored copy of the
 * deadline (for sorting and dashboards in SQL), writes the new one back.
 *
 * A change is found by computing each item's deadline with the calendar before and
 * after the save, never by trusting a stored copy: a source that computes its
 * deadlines on the fly takes part just the same.
 *
 * Shipped here: publications (Art. 26, 20 working days after forming or changing).
 * Requests and the mailbox register theirs when they exist (see `registerDeadlineSource`).
 */
import type { DbOrTrx } from '../../db/database.js';
import { type IsoDate, addDays, formatChineseDate, isIsoDate } from '../../lib/dates.js';
import type { Actor } from '../accounts/roles.js';
import * as audit from '../audit/audit.service.js';
import type { Calendar } from './calendar.js';
import { DEFAULT_CLOCK_SETTINGS, type StartDayRule } from './clocks.js';
import { addWorkdays } from './workdays.js';

export interface ComputedDeadline {
  deadline: IsoDate | null;
  provisional: boolean;
}

export interface OpenItem<I = unknown> {
  id: number | string;
  agencyId: number | null;
  /** What a person recognises the item by, e.g. its title. */
  label: string;
  /** The office page of the item, if there is one. */
  href: string | null;
  /** The deadline the source has stored, or null when it computes deadlines on the fly. */
  stored: ComputedDeadline | null;
  /** The clock's inputs (dated events), handed back to `compute`. */
  input: I;
}

export interface DeadlineSource<I = unknown> {
  /** Stable key, e.g. `publication`. */
  key: string;
  /** What kind of deadline, in Chinese: 主动公开期限. */
  label: string;
  /** The audit `entityType` of the items. */
  entityType: string;
  listOpen(db: DbOrTrx): Promise<OpenItem<I>[]>;
  /** Pure: the deadline for `input` under `cal`. */
  compute(cal: Calendar, input: I): ComputedDeadline;
  /** Writes recomputed deadlines back, for sources that store them. */
  store?(db: DbOrTrx, updates: { item: OpenItem<I>; next: ComputedDeadline }[]): Promise<void>;
}

export const DEADLINE_CHANGE_KINDS = {
  moved: { label: '期限变动', action: 'calendar.deadline_moved' },
  confirmed: { label: '期限由临时转为正式', action: 'calendar.deadline_confirmed' },
  became_provisional: { label: '期限变为临时', action: 'calendar.deadline_provisional' },
} as const;
export type DeadlineChangeKind = keyof typeof DEADLINE_CHANGE_KINDS;

export interface DeadlineChange {
  source: string;
  sourceLabel: string;
  entityType: string;
  entityId: string;
  agencyId: number | null;
  label: string;
  href: string | null;
  kind: DeadlineChangeKind;
  before: ComputedDeadline;
  after: ComputedDeadline;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const registry = new Map<string, DeadlineSource<any>>();

/** Adds (or replaces, by key) a source of open deadlines. */
export function registerDeadlineSource<I>(source: DeadlineSource<I>): void {
  registry.set(source.key, source);
}

export function unregisterDeadlineSource(key: string): void {
  registry.delete(key);
}

export function deadlineSources(): DeadlineSource<unknown>[] {
  return [...registry.values()];
}

function same(a: ComputedDeadline, b: ComputedDeadline): boolean {
  return a.deadline === b.deadline && a.provisional === b.provisional;
}

function changeKind(before: ComputedDeadline, after: ComputedDeadline): DeadlineChangeKind {
  if (before.deadline !== after.deadline) return 'moved';
  return after.provisional ? 'became_provisional' : 'confirmed';
}

/**
 * Pure: which items' deadlines differ between two calendars, and which stored
 * copies no longer match the new calendar (a stale copy is fixed without being news).
 */
export function diffDeadlines<I>(
  source: DeadlineSource<I>,
  items: readonly OpenItem<I>[],
  before: Calendar,
  after: Calendar,
): { changes: DeadlineChange[]; toStore: { item: OpenItem<I>; next: ComputedDeadline }[] } {
  const changes: DeadlineChange[] = [];
  const toStore: { item: OpenItem<I>; next: ComputedDeadline }[] = [];
  for (const item of items) {
    const next = source.compute(after, item.input);
    const prev = source.compute(before, item.input);
    if (!same(prev, next)) {
      changes.push({
        source: source.key,
        sourceLabel: source.label,
        entityType: source.entityType,
        entityId: String(item.id),
        agencyId: item.agencyId,
        label: item.label,
        href: item.href,
        kind: changeKind(prev, next),
        before: prev,
        after: next,
      });
    }
    if (item.stored ? !same(item.stored, next) : false) toStore.push({ item, next });
  }
  return { changes, toStore };
}

function describe(d: ComputedDeadline): string {
  if (!d.deadline) return '无';
  return `${formatChineseDate(d.deadline)}${d.provisional ? '（临时）' : ''}`;
}

/**
 * Recomputes every open deadline of every registered source after a calendar change,
 * stores the new ones, and writes one audit event per change. Runs in the caller's
 * transaction, so the calendar save and its consequences land together.
 */
export async function recomputeOpenDeadlines(
  trx: DbOrTrx,
  before: Calendar,
  after: Calendar,
  actor: Actor,
  reason: string,
): Promise<DeadlineChange[]> {
  const all: DeadlineChange[] = [];
  for (const source of registry.values()) {
    const items = await source.listOpen(trx);
    const { changes, toStore } = diffDeadlines(source, items, before, after);
    if (toStore.length && source.store) await source.store(trx, toStore);
    for (const c of changes) {
      await audit.record(trx, actor, {
        action: DEADLINE_CHANGE_KINDS[c.kind].action,
        entityType: c.entityType,
        entityId: c.entityId,
        agencyId: c.agencyId,
        summary: `${reason}：“${c.label}”的${c.sourceLabel}由${describe(c.before)}改为${describe(c.after)}`,
        before: c.before,
        after: c.after,
      });
    }
    all.push(...changes);
  }
  return all;
}

// ---------------------------------------------------------------- publications

/**
 * States of a publication's working copy (publication.workflow.ts WORKFLOW_STATES)
 * that owe nothing under Art. 26: the working copy is the published one, the item
 * was withdrawn, or a never-published draft was deleted. Every other state (draft,
 * returned, submitted, pending approval, approved, scheduled) waits to be published.
 *
 * Written against the publications schema as it stands (publications.formed_date,
 * state): publications computes its deadlines on the fly (publication.ts
 * `timeliness`) and stores none, so this source has no `store`. When publications gains stored deadline and
 * provisional columns, add a `store` here that writes them.
 */
/** Art. 26: publish within 20 working days of forming or changing. */
const PUBLICATION_WORKDAYS = 20;

export const PUBLICATION_SETTLED_STATES = ['published', 'withdrawn', 'discarded'] as const;

export interface PublicationDeadlineInput {
  formedDate: IsoDate;
}

export const publicationDeadlineSource: DeadlineSource<PublicationDeadlineInput> = {
  key: 'publication',
  label: '公开期限',
  entityType: 'publication',
  async listOpen(db) {
    const rows = await db
      .selectFrom('publications')
      .select(['id', 'agencyId', 'title', 'formedDate'])
      .where('formedDate', 'is not', null)
      .where('state', 'not in', [...PUBLICATION_SETTLED_STATES])
      .orderBy('id')
      .execute();
    return rows
      .filter((r): r is typeof r & { formedDate: IsoDate } => isIsoDate(r.formedDate))
      .map((r) => ({
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
  compute(cal, input) {
    const from = (DEFAULT_CLOCK_SETTINGS.startDay as StartDayRule) === 'same_day' ? addDays(input.formedDate, -1) : input.formedDate;
    const r = addWorkdays(cal, from, PUBLICATION_WORKDAYS, { details: false });
    return { deadline: r.date, provisional: r.provisional };
  },
};

registerDeadlineSource(publicationDeadlineSource);
