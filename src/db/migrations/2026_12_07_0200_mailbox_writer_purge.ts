import type { Kysely } from 'kysely';

/*
 * When a letter's writer details (name, phone, e-mail, IP address) were cleared at the
 * end of their retention period; the letter itself, its reply and the published masked
 * copy stay as the record.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mailbox_messages').addColumn('writer_purged_at', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mailbox_messages').dropColumn('writer_purged_at').execute();
}
