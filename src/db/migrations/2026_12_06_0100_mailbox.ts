import type { Kysely } from 'kysely';
import { withId } from './_helpers.js';

/*
 * The 政务信箱 (mailbox) and the 网站纠错 channel: messages with their reply clock,
 * per-agency reply limits per kind, and the proof-of-work challenges already spent.
 *
 * Personal data sits in columns of its own, named writer_*, so that encryption at
 * rest can wrap exactly them: writer_name, writer_phone, writer_email, writer_ip.
 * Rate limits and duplicate checks use keyed hashes (ip_hash, network_hash,
 * body_hash), never the plain values.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('mailbox_messages'))
    // Null for a 网站纠错 report on a page no agency owns: the platform administrators answer it.
    .addColumn('agency_id', 'integer', (c) => c.references('agencies.id'))
    .addColumn('department_id', 'integer', (c) => c.references('departments.id').onDelete('set null'))
    // complaint | report | consultation | suggestion | leader | site_error
    .addColumn('kind', 'text', (c) => c.notNull())
    // web | phone | api
    .addColumn('channel', 'text', (c) => c.notNull())
    // sha256 of the tracking code; the code is shown once, on the receipt.
    .addColumn('tracking_hash', 'text', (c) => c.notNull().unique())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // Personal data (to be encrypted at rest).
    .addColumn('writer_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('writer_phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('writer_email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('writer_ip', 'text', (c) => c.notNull().defaultTo(''))
    // Keyed hashes for rate limits (address, /24 or /48 network) and duplicates (normalised body).
    .addColumn('ip_hash', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('network_hash', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_hash', 'text', (c) => c.notNull())
    // 网站纠错: the page reported and the error type.
    .addColumn('page_url', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('error_type', 'text', (c) => c.notNull().defaultTo(''))
    // open | replied | closed
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('received_date', 'text', (c) => c.notNull())
    .addColumn('limit_days', 'integer', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('due_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reply_body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('replied_at', 'text')
    .addColumn('replied_date', 'text')
    .addColumn('replied_by_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('workdays_taken', 'integer')
    .addColumn('on_time', 'integer')
    // The published Q&A: masked copies as approved at publishing (the originals stay unchanged).
    .addColumn('published_at', 'text')
    .addColumn('public_subject', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('public_body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('public_reply', 'text', (c) => c.notNull().defaultTo(''))
    // The writer's rating of the reply (1–5), given with the tracking code.
    .addColumn('rating', 'integer')
    .addColumn('rating_comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rated_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // The inbox: an agency's open messages, oldest due first.
  await db.schema.createIndex('mailbox_inbox').on('mailbox_messages').columns(['agency_id', 'state', 'due_date', 'id']).execute();
  await db.schema.createIndex('mailbox_agency_due').on('mailbox_messages').columns(['agency_id', 'due_date', 'id']).execute();
  await db.schema.createIndex('mailbox_department').on('mailbox_messages').columns(['department_id', 'state', 'due_date']).execute();
  // The public Q&A list: published items of an agency, newest first.
  await db.schema.createIndex('mailbox_published').on('mailbox_messages').columns(['agency_id', 'published_at']).execute();
  await db.schema.createIndex('mailbox_open_due').on('mailbox_messages').columns(['state', 'due_date']).execute();
  await db.schema.createIndex('mailbox_ip').on('mailbox_messages').columns(['ip_hash', 'submitted_at']).execute();
  await db.schema.createIndex('mailbox_network').on('mailbox_messages').columns(['network_hash', 'submitted_at']).execute();
  await db.schema.createIndex('mailbox_body').on('mailbox_messages').columns(['body_hash', 'submitted_at']).execute();

  await withId(db, db.schema.createTable('mailbox_limits'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('mailbox_limits_kind', ['agency_id', 'kind'])
    .execute();

  // A form challenge can be spent once: its nonce lands here with the message it let in.
  await db.schema
    .createTable('mailbox_challenges')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('used_at', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['mailbox_challenges', 'mailbox_limits', 'mailbox_messages']) await db.schema.dropTable(t).ifExists().execute();
}
