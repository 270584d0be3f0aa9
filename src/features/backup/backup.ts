/**
 * Backups: what is copied, in which order tables are restored, and how values travel.
 * Pure functions; the service does the reading and writing.
 *
 * A backup is a folder, engine-neutral (a SQLite platform restores into PostgreSQL and
 * back):
 *   manifest.json                  format, migrations, per-table row count and SHA-256,
 *                                  attachments, the audit chain's head
 *   tables/<table>.jsonl           first line the column names, then one JSON array per row
 *   attachments/aa/bb/<sha256>     the attachment store, content-addressed as in DATA_DIR
 */
import type { Engine } from '../../db/database.js';

export const BACKUP_FORMAT = 'gongkai-backup';
export const BACKUP_VERSION = 1;

export interface TableManifest {
  rows: number;
  sha256: string;
  columns: string[];
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  createdAt: string;
  engine: Engine;
  /** Migrations applied to the backed-up database, in order: a restore brings the target to the same point first. */
  migrations: string[];
  /** Tables in restore order. */
  tables: Record<string, TableManifest>;
  attachments: { count: number; bytes: number; missing: string[] };
  auditChain: { eventCount: number; lastHash: string; verified: boolean | null };
}

/**
 * Tables that are not copied: the migrator's own bookkeeping, and the search index,
 * which is derived from the publications and rebuilt after a restore (its SQLite and
 * PostgreSQL forms differ, so it could not cross engines anyway).
 */
export function isDerivedTable(name: string): boolean {
  return /^kysely_migration/.test(name) || /^search_(documents|content|fts|grams)(_|$)/.test(name) || name.startsWith('sqlite_');
}

export interface ForeignKey {
  table: string;
  column: string;
  references: string;
}

export interface RestorePlan {
  /** Tables parents first. */
  order: string[];
  /**
   * Columns written as NULL on insert and filled in afterwards, because they point at
   * the same table (e.g. an item replaced by a later one) or close a cycle.
   */
  deferred: Record<string, string[]>;
}

/**
 * Orders tables so that every foreign key points at a table restored earlier. Keys
 * that cannot be satisfied that way (self references, cycles) are deferred.
 */
export function restorePlan(tables: readonly string[], keys: readonly ForeignKey[]): RestorePlan {
  const known = new Set(tables);
  const deferred: Record<string, string[]> = {};
  const defer = (k: ForeignKey) => {
    const list = (deferred[k.table] ??= []);
    if (!list.includes(k.column)) list.push(k.column);
  };
  const parents = new Map<string, ForeignKey[]>(tables.map((t) => [t, []]));
  for (const k of keys) {
    if (!known.has(k.table) || !known.has(k.references)) continue;
    if (k.table === k.references) defer(k);
    else parents.get(k.table)!.push(k);
  }
  const order: string[] = [];
  const placed = new Set<string>();
  const sorted = [...tables].sort();
  while (order.length < sorted.length) {
    const ready = sorted.find((t) => !placed.has(t) && parents.get(t)!.every((k) => placed.has(k.references)));
    if (ready) {
      order.push(ready);
      placed.add(ready);
      continue;
    }
    // A cycle: place the first waiting table and defer its keys to tables not yet placed.
    const t = sorted.find((x) => !placed.has(x))!;
    for (const k of parents.get(t)!) if (!placed.has(k.references)) defer(k);
    order.push(t);
    placed.add(t);
  }
  return { order, deferred };
}

/** A value as it goes into a backup line: bytes as base64, dates as ISO text, JSON as text. */
export function encodeValue(v: unknown, jsonColumn: boolean): unknown {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return { $b64: Buffer.from(v).toString('base64') };
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  if (jsonColumn && typeof v === 'object') return JSON.stringify(v);
  return v;
}

/** The value to write back. */
export function decodeValue(v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { $b64?: unknown }).$b64 === 'string') {
    return Buffer.from((v as { $b64: string }).$b64, 'base64');
  }
  return v;
}

/** Double-quoted SQL identifier (both engines). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Rows per INSERT: both engines cap bound parameters (SQLite 32,766; PostgreSQL 65,535). */
export function rowsPerInsert(columnCount: number): number {
  return Math.max(1, Math.min(500, Math.floor(30000 / Math.max(1, columnCount))));
}
