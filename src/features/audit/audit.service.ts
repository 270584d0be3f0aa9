import { createHash, createHmac } from 'node:crypto';
import type { DbOrTrx } from '../../db/database.js';
import type { Actor } from '../access/roles.js';
import { actorRoleLabel } from '../access/roles.js';
import * as repo from './audit.repository.js';
import type { AuditEventRow } from './audit.table.js';

export type { AuditEventRow };
import { nowOf, runtimeOf } from '../../db/runtime.js';
import { wellFormed, wellFormedDeep } from '../../lib/unicode.js';

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

type HashedFields = Omit<AuditEventRow, 'id' | 'hash' | 'prevHash'>;

const GENESIS = '0'.repeat(64);

/**
 * The keyed link: HMAC-SHA256 under AUDIT_KEY, which lives outside the database, so
 * whoever can write the database cannot re-seal a rewritten event or a forged one.
 */
function keyedHash(key: string, prevHash: string, fields: HashedFields): string {
  return createHmac('sha256', key).update('gongkai-audit-v2\n').update(prevHash).update('\n').update(canonical(fields)).digest('hex');
}

/** The unkeyed link of events written before the chain was keyed (`audit_chain.legacy_count`). */
function legacyHash(prevHash: string, fields: HashedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(fields)).digest('hex');
}

/**
 * Appends an audit event. Call it with the same transaction as the change it
 * records, so the change and its record land together or not at all. Events are
 * chained by HMAC and counted in `audit_chain`: altering, inserting or removing one
 * (the newest included) fails `verifyChain`. Text is made well-formed Unicode first,
 * so what is hashed is exactly what the database keeps.
 */
export async function record(trx: DbOrTrx, actor: Actor, input: AuditInput): Promise<number> {
  const head = await repo.lockChainHead(trx);
  const fields: HashedFields = {
    at: nowOf(trx),
    actorUserId: actor.userId,
    actorName: wellFormed(actor.userId ? `${actor.displayName}（${actor.username}）` : actor.displayName),
    actorRole: wellFormed(actorRoleLabel(actor, input.agencyId)),
    ip: wellFormed(actor.ip ?? ''),
    action: wellFormed(input.action),
    entityType: wellFormed(input.entityType),
    entityId: wellFormed(String(input.entityId)),
    agencyId: input.agencyId ?? null,
    summary: wellFormed(input.summary ?? ''),
    beforeJson: input.before === undefined ? null : canonical(wellFormedDeep(input.before)),
    afterJson: input.after === undefined ? null : canonical(wellFormedDeep(input.after)),
  };
  const hash = keyedHash(runtimeOf(trx).auditKey, head.lastHash, fields);
  return repo.insertEvent(trx, { ...fields, prevHash: head.lastHash, hash });
}

/** Where and how a chain failed to verify. */
export type ChainProblem =
  /** The event's content no longer matches its hash (edited, or written without the key). */
  | { kind: 'edited'; id: number; position: number }
  /** The event does not follow the one before it (an event removed or inserted before it). */
  | { kind: 'unlinked'; id: number; position: number }
  /** Fewer events than `audit_chain` counts, or a last event that is not the one it names: the newest removed. */
  | { kind: 'truncated'; count: number; expected: number }
  /** More events than `audit_chain` counts: written past the platform. */
  | { kind: 'extra'; count: number; expected: number };

export interface ChainReport {
  ok: boolean;
  /** Events read. */
  count: number;
  /** Hash of the last event read (the genesis value for an empty log). */
  lastHash: string;
  /** How many of the first events carry the unkeyed hash of before the upgrade. */
  legacyCount: number;
  problem: ChainProblem | null;
}

/**
 * Re-computes the whole chain with the key of `db`'s runtime and compares its end
 * with `audit_chain` (count and last hash). Reads in pages, so a long log does not
 * sit in memory at once.
 */
export async function verifyChain(db: DbOrTrx): Promise<ChainReport> {
  const key = runtimeOf(db).auditKey;
  const head = await repo.readChainHead(db);
  let prev = GENESIS;
  let position = 0;
  const report = (problem: ChainProblem | null): ChainReport => ({ ok: problem === null, count: position, lastHash: prev, legacyCount: head.legacyCount, problem });
  for (let after = 0; ; ) {
    const page = await repo.eventsAfter(db, after, 1000);
    if (!page.length) break;
    for (const e of page) {
      const { id, hash, prevHash, ...fields } = e;
      position++;
      if (prevHash !== prev) return report({ kind: 'unlinked', id, position });
      const expected = position <= head.legacyCount ? legacyHash(prev, fields) : keyedHash(key, prev, fields);
      if (expected !== hash) return report({ kind: 'edited', id, position });
      prev = hash;
      after = id;
    }
  }
  if (position < head.eventCount) return report({ kind: 'truncated', count: position, expected: head.eventCount });
  if (position > head.eventCount) return report({ kind: 'extra', count: position, expected: head.eventCount });
  if (prev !== head.lastHash) return report({ kind: 'truncated', count: position, expected: head.eventCount });
  return report(null);
}

/** One line saying whether the log verified and, if not, where it broke. */
export function describeChain(r: ChainReport): string {
  const p = r.problem;
  if (!p) {
    const legacy = r.legacyCount ? `（其中前 ${r.legacyCount} 条为启用密钥前的记录）` : '';
    return `审计日志完整：共 ${r.count} 条${legacy}，末条哈希 ${r.lastHash}`;
  }
  switch (p.kind) {
    case 'edited':
      return `审计日志已被改动：第 ${p.position} 条（编号 ${p.id}）的内容与其哈希不符`;
    case 'unlinked':
      return `审计日志已被改动：第 ${p.position} 条（编号 ${p.id}）与前一条衔接不上（其前有记录被删除或插入）`;
    case 'truncated':
      return `审计日志已被截断：现有 ${p.count} 条，链头记录应有 ${p.expected} 条且末条哈希不同`;
    case 'extra':
      return `审计日志有来历不明的记录：现有 ${p.count} 条，链头记录只有 ${p.expected} 条`;
  }
}

/** Verifies the chain and keeps the outcome in `audit_chain`, for the office's audit page. */
export async function selfCheck(db: DbOrTrx): Promise<ChainReport> {
  const r = await verifyChain(db);
  await repo.saveCheck(db, nowOf(db), JSON.stringify({ ok: r.ok, line: describeChain(r) }));
  return r;
}

export interface LastCheck {
  at: string;
  ok: boolean;
  line: string;
}

export async function lastCheck(db: DbOrTrx): Promise<LastCheck | null> {
  const head = await repo.readChainHead(db);
  if (!head.checkedAt || !head.checkResult) return null;
  const r = JSON.parse(head.checkResult) as { ok: boolean; line: string };
  return { at: head.checkedAt, ok: r.ok, line: r.line };
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
