import type { Generated, Selectable } from 'kysely';

export interface AuditEventTable {
  id: Generated<number>;
  at: string;
  actorUserId: number | null;
  actorName: string;
  actorRole: Generated<string>;
  ip: Generated<string>;
  action: string;
  entityType: string;
  entityId: string;
  agencyId: number | null;
  summary: Generated<string>;
  beforeJson: string | null;
  afterJson: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditChainTable {
  id: number;
  lastHash: string;
  /** Events in the chain: the anchor of its tail. */
  eventCount: Generated<number>;
  /** How many of the first events carry the unkeyed hash of before AUDIT_KEY (migration 2026_12_05_0500). */
  legacyCount: Generated<number>;
  /** The last self-check: when, and its outcome as JSON `{ ok, line }`. */
  checkedAt: string | null;
  checkResult: string | null;
  /** Events removed by retention (the oldest), and the hash the first remaining event follows. */
  purgedCount: Generated<number>;
  firstPrevHash: string | null;
  /** Events up to this id may be deleted (the database's guard lets the retention purge, and only it, through). */
  purgeThroughId: Generated<number>;
  /** Days the log is kept, set by the security administrator; NULL is the legal floor. */
  retentionDays: number | null;
}

export type AuditEventRow = Selectable<AuditEventTable>;

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
export interface AuditTables {
  auditEvents: AuditEventTable;
  auditChain: AuditChainTable;
}
