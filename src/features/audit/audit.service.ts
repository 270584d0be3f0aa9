import { createHash } from 'node:crypto';
import type { DbOrTrx } from '../../db/database.js';
import type { Actor } from '../access/roles.js';
import { actorRoleLabel } from '../access/roles.js';
import * as repo from './audit.repository.js';
import type { AuditEventRow } from './audit.table.js';

export type { AuditEventRow };
import { nowOf } from '../../db/runtime.js';

export interface AuditInput {
  /** Dotted verb, e.g. `agency.update`, `publication.publish`, `calendar.deadline_moved`. */
  action: string;
  entityType: string;
  entityId: string | number;
  agencyId?: number | null;
  /** One line a person reads in the history, in Chinese. */
  summary?: string;
  before?: unknown;
  after?: unknown;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function eventHash(prevHash: string, fields: Omit<AuditEventRow, 'id' | 'hash' | 'prevHash'>): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(fields)).digest('hex');
}

/**
 * Appends an audit event. Call it with the same transaction as the change it
 * records, so the change and its record land together or not at all. Events are
 * hash-chained: altering or removing one breaks `verifyChain`.
 */
export async function record(trx: DbOrTrx, actor: Actor, input: AuditInput): Promise<number> {
  const prevHash = await repo.lockChainHead(trx);
  const fields = {
    at: nowOf(trx),
    actorUserId: actor.userId,
    actorName: actor.userId ? `${actor.displayName}（${actor.username}）` : actor.displayName,
    actorRole: actorRoleLabel(actor, input.agencyId),
    ip: actor.ip ?? '',
    action: input.action,
    entityType: input.entityType,
    entityId: String(input.entityId),
    agencyId: input.agencyId ?? null,
    summary: input.summary ?? '',
    beforeJson: input.before === undefined ? null : canonical(input.before),
    afterJson: input.after === undefined ? null : canonical(input.after),
  };
  const hash = eventHash(prevHash, fields);
  return repo.insertEvent(trx, { ...fields, prevHash, hash });
}

/** Re-computes the chain; returns the id of the first event that does not match, or null. */
export async function verifyChain(db: DbOrTrx): Promise<number | null> {
  let prev = '0'.repeat(64);
  for (const e of await repo.allEventsInOrder(db)) {
    const { id, hash, prevHash, ...fields } = e;
    if (prevHash !== prev || eventHash(prev, fields) !== hash) return id;
    prev = hash;
  }
  return null;
}

export const listEvents = repo.listEvents;

/** Only the keys that differ, for a compact before/after pair. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const k of Object.keys(after) as (keyof T)[]) {
    if (canonical(before[k]) !== canonical(after[k])) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return { before: b, after: a };
}
