import { createHash, createHmac } from 'node:crypto';
import type { DbOrTrx } from '../../db/database.js';
import type { Actor } from '../access/roles.js';
import { actorRoleLabel } from '../access/roles.js';
import * as repo from './audit.repository.js';
import type { AuditEventRow } from './audit.table.js';

export type { AuditEventRow };
import { nowDateOf, nowOf, runtimeOf } from '../../db/runtime.js';
import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { conflict, validationError } from '../../errors.js';
import { authorize } from '../access/policy.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
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
  | { kind: 'extra'; count: number; expected: number }
  /** The retention anchor (purged count, first kept event's previous hash) is not the one the last keyed purge event recorded. */
  | { kind: 'anchor'; count: number; expected: number };

export interface ChainReport {
  ok: boolean;
  /** Events read. */
  count: number;
  /** Hash of the last event read (the genesis value for an empty log). */
  lastHash: string;
  /** How many of the first events carry the unkeyed hash of before the upgrade. */
  legacyCount: number;
  /** How many of the oldest events the retention purge removed (counted in `count`). */
  purgedCount: number;
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
  // After a retention purge the chain starts at the anchor: the hash the first kept event follows.
  let prev = head.purgedCount > 0 && head.firstPrevHash ? head.firstPrevHash : GENESIS;
  let position = head.purgedCount;
  const seen: { lastPurge: { purgedCount?: unknown; firstPrevHash?: unknown } | null } = { lastPurge: null };
  const report = (problem: ChainProblem | null): ChainReport => ({ ok: problem === null, count: position, lastHash: prev, legacyCount: head.legacyCount, purgedCount: head.purgedCount, problem });
  for (let after = 0; ; ) {
    const page = await repo.eventsAfter(db, after, 1000);
    if (!page.length) break;
    for (const e of page) {
      const { id, hash, prevHash, ...fields } = e;
      position++;
      if (prevHash !== prev) return report({ kind: 'unlinked', id, position });
      const expected = position <= head.legacyCount ? legacyHash(prev, fields) : keyedHash(key, prev, fields);
      if (expected !== hash) return report({ kind: 'edited', id, position });
      if (fields.action === 'audit.purge' && fields.afterJson) seen.lastPurge = JSON.parse(fields.afterJson) as typeof seen.lastPurge;
      prev = hash;
      after = id;
    }
  }
  // The anchor in audit_chain is unkeyed; the keyed event each purge writes says what it
  // set, so moving the anchor (to hide a deleted head) does not verify.
  if (head.purgedCount > 0 && (seen.lastPurge?.purgedCount !== head.purgedCount || seen.lastPurge?.firstPrevHash !== head.firstPrevHash)) {
    return report({ kind: 'anchor', count: position - head.purgedCount, expected: head.eventCount });
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
    const purged = r.purgedCount ? `，其中最早的 ${r.purgedCount} 条已按保存期限清除` : '';
    return `审计日志完整：共 ${r.count} 条${legacy}${purged}，末条哈希 ${r.lastHash}`;
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
    case 'anchor':
      return `审计日志的清除记录与链头不符：链头所记已清除条数或起点哈希与最后一次清除事件不同（最早的记录可能被删除）`;
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

// ---------------------------------------------------------------- retention and export

/** 网络安全法 Art. 21: network logs are kept at least six months; the setting cannot go lower. */
export const AUDIT_RETENTION_FLOOR_DAYS = 180;

/** Days the audit log is kept: the security administrator's setting, on the audit chain's row (not among the system administrator's platform settings). */
export async function auditRetentionDays(db: DbOrTrx): Promise<number> {
  const n = await repo.retentionDays(db);
  return n !== null && Number.isInteger(n) && n >= AUDIT_RETENTION_FLOOR_DAYS ? n : AUDIT_RETENTION_FLOOR_DAYS;
}

export async function setAuditRetentionDays(db: Db, actor: Actor, raw: unknown): Promise<void> {
  authorize(actor, 'security.policy');
  const days = Number(raw);
  if (!Number.isInteger(days) || days < AUDIT_RETENTION_FLOOR_DAYS || days > 3650) {
    throw validationError({ auditRetentionDays: `审计日志保存期限应为 ${AUDIT_RETENTION_FLOOR_DAYS}–3650 天的整数（网络安全法要求不少于六个月）` });
  }
  const before = await auditRetentionDays(db);
  await inTransaction(db, async (trx) => {
    await repo.setRetentionDays(trx, days);
    await record(trx, actor, { action: 'audit.retention', entityType: 'audit_policy', entityId: 'retention', summary: `审计日志保存期限：${before} → ${days} 天`, before: { days: before }, after: { days } });
  });
}

/**
 * Removes the events older than the retention period, oldest first and only as one
 * unbroken run from the start (an event younger than the cut stops it, whatever its
 * id). The chain must verify first: a broken log is evidence and is not trimmed. The
 * anchor (how many were removed, the hash the first kept event follows) goes into
 * `audit_chain` and into the keyed `audit.purge` event written right after, so the
 * rest still verifies and a moved anchor does not.
 */
export async function purgeAuditLog(db: Db, actor: Actor = SYSTEM_ACTOR, opts: { days?: number } = {}): Promise<number> {
  const days = opts.days ?? (await auditRetentionDays(db));
  if (!Number.isInteger(days) || days < AUDIT_RETENTION_FLOOR_DAYS) {
    throw validationError({ days: `审计日志至少保存 ${AUDIT_RETENTION_FLOOR_DAYS} 天，不能清除更新的记录` });
  }
  const cutoff = new Date(nowDateOf(db).getTime() - days * 86_400_000).toISOString();
  if (!(await repo.lastOfOldestRun(db, cutoff))) return 0;
  // Verified before the chain's lock is taken: a full re-hash can take a while on a long
  // log, and every audited write waits on that lock. The events it covers cannot change
  // meanwhile (the database refuses updates and deletes of audit rows outside a purge).
  const check = await verifyChain(db);
  if (!check.ok) throw conflict(`审计日志校验未通过，暂不清除：${describeChain(check)}`);
  return inTransaction(db, async (trx) => {
    await repo.lockChainHead(trx);
    const through = await repo.lastOfOldestRun(trx, cutoff);
    if (!through) return 0;
    const next = await repo.firstAfter(trx, through);
    if (!next) return 0; // never empties the log: the newest event stays as the anchor's witness
    const removed = await repo.purgeThrough(trx, through, next.prevHash);
    const head = await repo.readChainHead(trx);
    await record(trx, actor, {
      action: 'audit.purge',
      entityType: 'audit',
      entityId: String(through),
      summary: `按保存期限（${days} 天）清除 ${cutoff.slice(0, 10)} 之前的审计记录 ${removed} 条`,
      after: { purgedCount: head.purgedCount, firstPrevHash: head.firstPrevHash, throughId: through, cutoff, days },
    });
    return removed;
  });
}

export type ExportFormat = 'csv' | 'json';

/** China dates, inclusive, to instants: [from 00:00, to+1 00:00) Asia/Shanghai. */
function rangeOf(from: string, to: string) {
  const ok = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00+08:00`));
  const fields: Record<string, string> = {};
  if (!ok(from)) fields.from = '请填写开始日期（YYYY-MM-DD）';
  if (!ok(to)) fields.to = '请填写结束日期（YYYY-MM-DD）';
  if (!fields.from && !fields.to && from > to) fields.to = '结束日期不能早于开始日期';
  if (Object.keys(fields).length) throw validationError(fields);
  const start = new Date(`${from}T00:00:00+08:00`).toISOString();
  const end = new Date(Date.parse(`${to}T00:00:00+08:00`) + 86_400_000).toISOString();
  return { start, end };
}

const CSV_COLUMNS = ['id', 'at', 'actorUserId', 'actorName', 'actorRole', 'ip', 'action', 'entityType', 'entityId', 'agencyId', 'summary', 'beforeJson', 'afterJson', 'prevHash', 'hash'] as const;

/** A CSV cell: quoted, and a leading = + - @ neutralised so a spreadsheet does not run it. */
function csvCell(v: unknown): string {
  let s = v == null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * The events of a date range as CSV (UTF-8 with BOM, for Excel) or JSON, hashes
 * included so the copy can be checked against the chain. The export is itself an
 * audited event, written before the file is made.
 */
export async function exportAuditLog(db: Db, actor: Actor, input: { from: string; to: string; format: string }): Promise<{ body: string; filename: string; type: string; count: number }> {
  authorize(actor, 'audit.export');
  const format: ExportFormat = input.format === 'json' ? 'json' : 'csv';
  const { start, end } = rangeOf(input.from ?? '', input.to ?? '');
  const rows = await repo.eventsBetween(db, start, end);
  await inTransaction(db, (trx) =>
    record(trx, actor, { action: 'audit.export', entityType: 'audit', entityId: `${input.from}..${input.to}`, summary: `导出审计日志 ${input.from} 至 ${input.to}（${format.toUpperCase()}，${rows.length} 条）`, after: { from: input.from, to: input.to, format, count: rows.length } }),
  );
  const filename = `audit-${input.from}-${input.to}.${format}`;
  if (format === 'json') return { body: JSON.stringify({ from: input.from, to: input.to, count: rows.length, events: rows }, null, 1), filename, type: 'application/json; charset=utf-8', count: rows.length };
  const lines = [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(','))];
  return { body: `\ufeff${lines.join('\r\n')}\r\n`, filename, type: 'text/csv; charset=utf-8', count: rows.length };
}
