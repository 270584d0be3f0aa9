import { sql, type Kysely } from 'kysely';

/*
 * The audit chain becomes keyed (HMAC-SHA256 with AUDIT_KEY, which never enters the
 * database) and its tail is anchored: audit_chain counts the events, so removing the
 * newest ones is caught. Events written before this migration keep their unkeyed
 * SHA-256 hashes (the log is append-only; rewriting it would destroy the very record
 * it protects): `legacy_count` says how many there are, they are still checked as
 * before, and the first keyed event covers the last of them, so none can be altered
 * unseen once one keyed event follows. The last self-check's outcome is kept here too.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_chain').addColumn('event_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('audit_chain').addColumn('legacy_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('audit_chain').addColumn('checked_at', 'text').execute();
  await db.schema.alterTable('audit_chain').addColumn('check_result', 'text').execute();
  await sql`UPDATE audit_chain SET event_count = (SELECT count(*) FROM audit_events), legacy_count = (SELECT count(*) FROM audit_events) WHERE id = 1`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ['check_result', 'checked_at', 'legacy_count', 'event_count']) await db.schema.alterTable('audit_chain').dropColumn(c).execute();
}
