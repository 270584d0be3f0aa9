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
 * Each feature owns its sources (publications/publication.clock.ts, …) and lists
 * them in its `*.feature.ts`; the composition root hands the registry's sources to
 * the calendar through the database handle's runtime (`deadlineSourcesOf`).
 */
import type { DbOrTrx } from '../../db/database.js';
import { runtimeOf } from '../../db/runtime.js';
import { type IsoDate, formatChineseDate } from '../../lib/dates.js';
import type { Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import type { Calendar } from './calendar.js';

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
  sources: readonly DeadlineSource<unknown>[],
  before: Calendar,
  after: Calendar,
  actor: Actor,
  reason: string,
): Promise<DeadlineChange[]> {
  const all: DeadlineChange[] = [];
  for (const source of sources) {
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

/** The open-deadline sources of the platform: the registry's, carried by the database handle. */
export function deadlineSourcesOf(db: DbOrTrx): readonly DeadlineSource<unknown>[] {
  return runtimeOf(db).registry.deadlineSources;
}
