import { sql, type Kysely } from 'kysely';
import { isPostgres } from './_helpers.js';

/*
 * API tokens expire (90 days unless asked otherwise). Tokens issued before had no
 * end: they get 90 days from the upgrade, so no integration stops without warning
 * on the day of the upgrade, and none lives for ever.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
  const in90 = isPostgres(db)
    ? sql`to_char((now() AT TIME ZONE 'UTC') + interval '90 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+90 days')`;
  await sql`UPDATE api_tokens SET expires_at = ${in90} WHERE revoked_at IS NULL`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
}
