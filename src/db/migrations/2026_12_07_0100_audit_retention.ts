import { sql, type Kysely } from 'kysely';

/*
 * The audit log's retention period moves from the platform settings (the system
 * administrator's table) onto the audit chain's own row: it is the security
 * administrator's setting (三员分立), and the audit feature owns the chain.
 * NULL means the legal floor (180 days).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_chain').addColumn('retention_days', 'integer').execute();
  await sql`UPDATE audit_chain SET retention_days = (SELECT CAST(value AS integer) FROM settings WHERE key = 'auditRetentionDays') WHERE id = 1`.execute(db);
  await sql`DELETE FROM settings WHERE key = 'auditRetentionDays'`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`INSERT INTO settings (key, value, updated_at) SELECT 'auditRetentionDays', CAST(retention_days AS text), '1970-01-01T00:00:00.000Z' FROM audit_chain WHERE id = 1 AND retention_days IS NOT NULL`.execute(db);
  await db.schema.alterTable('audit_chain').dropColumn('retention_days').execute();
}
