import type { Kysely } from 'kysely';
import { withId } from './_helpers.js';

/*
 * Outgoing e-mail: every message the platform sends (a receipt, a letter to an
 * applicant), whether it went out through SMTP or, with no SMTP server
 * configured, only landed here for the office to read and pass on.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('mail_messages'))
    .addColumn('agency_id', 'integer', (c) => c.references('agencies.id').onDelete('set null'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text')
    // What the message is about, e.g. request / 12, for the office's links.
    .addColumn('related_type', 'text')
    .addColumn('related_id', 'text')
    // outbox (no SMTP configured) | smtp
    .addColumn('transport', 'text', (c) => c.notNull())
    // queued | sent | failed | held (outbox only)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('mail_messages_created').on('mail_messages').columns(['created_at']).execute();
  await db.schema.createIndex('mail_messages_related').on('mail_messages').columns(['related_type', 'related_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mail_messages').ifExists().execute();
}
