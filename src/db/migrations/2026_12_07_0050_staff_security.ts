import { sql, type Kysely } from 'kysely';
import { isPostgres, withId } from './_helpers.js';

/*
 * 等保 2.0 level 3 controls for staff (decision 0019):
 * - 三员分立: `platform_admin` keeps meaning 系统管理员 (existing platform administrators
 *   become system administrators, nothing to rewrite); `admin_role` names the other two,
 *   `security` (安全管理员) or `audit` (审计管理员).
 * - TOTP second factor: the secret (sealed with DATA_KEY), when it was activated, and the
 *   last time step accepted (a code is refused a second time); one-time recovery codes,
 *   hashed; sessions remember when their second factor was given.
 * - Personal data sealed at rest: keyed blind indexes for the request lookups by
 *   equality (an applicant's history, duplicate detection). Existing plaintext is sealed
 *   by the start-up step (src/db/personal-data/reseal.ts), which has the key; a migration
 *   never sees it.
 * - Audit retention: how many of the oldest events were purged and the hash the first
 *   remaining event follows, so the chain still verifies from there.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('admin_role', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_enabled_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();
  await db.schema.alterTable('sessions').addColumn('second_factor_at', 'text').execute();

  await withId(db, db.schema.createTable('recovery_codes'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recovery_codes_user').on('recovery_codes').column('user_id').execute();

  for (const c of ['name_bidx', 'id_number_bidx', 'phone_bidx', 'email_bidx']) {
    await db.schema.alterTable('requests').addColumn(c, 'text', (col) => col.notNull().defaultTo('')).execute();
  }
  await db.schema.createIndex('requests_agency_id_number_bidx').on('requests').columns(['agency_id', 'id_number_bidx']).execute();
  await db.schema.createIndex('requests_agency_name_bidx').on('requests').columns(['agency_id', 'name_bidx']).execute();

  await db.schema.alterTable('audit_chain').addColumn('purged_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('audit_chain').addColumn('first_prev_hash', 'text').execute();
  await db.schema.alterTable('audit_chain').addColumn('purge_through_id', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
  // The log stays append-only, except that the retention purge may remove the oldest
  // events up to the id it first records in audit_chain (purge_through_id), in the same
  // transaction. Any other delete, and every update, is still refused by the database.
  if (isPostgres(db)) {
    await sql`CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND OLD.id <= (SELECT purge_through_id FROM audit_chain WHERE id = 1) THEN RETURN OLD; END IF;
        RAISE EXCEPTION 'audit_events is append-only';
      END $$`.execute(db);
  } else {
    await sql`DROP TRIGGER audit_events_no_delete`.execute(db);
    await sql`CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      WHEN OLD.id > (SELECT purge_through_id FROM audit_chain WHERE id = 1)
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`.execute(db);
  } else {
    await sql`DROP TRIGGER audit_events_no_delete`.execute(db);
    await sql`CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`.execute(db);
  }
  await db.schema.dropIndex('audit_events_at').execute();
  for (const c of ['purge_through_id', 'first_prev_hash', 'purged_count']) await db.schema.alterTable('audit_chain').dropColumn(c).execute();
  await db.schema.dropIndex('requests_agency_name_bidx').execute();
  await db.schema.dropIndex('requests_agency_id_number_bidx').execute();
  for (const c of ['email_bidx', 'phone_bidx', 'id_number_bidx', 'name_bidx']) await db.schema.alterTable('requests').dropColumn(c).execute();
  await db.schema.dropTable('recovery_codes').execute();
  await db.schema.alterTable('sessions').dropColumn('second_factor_at').execute();
  for (const c of ['totp_last_step', 'totp_enabled_at', 'totp_secret', 'admin_role']) await db.schema.alterTable('users').dropColumn(c).execute();
}
