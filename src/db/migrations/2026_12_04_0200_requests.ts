import type { Kysely } from 'kysely';
import { withId } from './_helpers.js';

/*
 * Disclosure on request (依申请公开): applications with their applicant (personal
 * data, purged after its retention period), the dated events of their reply clock,
 * the letters sent, the files released, the agency's letter templates, appeals
 * (行政复议 and 行政诉讼) and proposals to disclose proactively what several
 * applicants asked for (Art. 44).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('requests'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    // sha256 of the tracking code (查询码); the code itself is shown once, on the receipt.
    .addColumn('tracking_hash', 'text', (c) => c.notNull().unique())
    // online | in_person | post | fax | email
    .addColumn('channel', 'text', (c) => c.notNull())
    // online (portal or API) | office (registered by staff) | ledger (imported 登记台账)
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('applicant_kind', 'text', (c) => c.notNull())
    .addColumn('applicant_name', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('id_type', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('id_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    // What is asked for (Art. 29(二)): its name, 文号, or other describing features.
    .addColumn('info_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('info_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull())
    // paper | electronic | on_site; post | email | pickup | online
    .addColumn('info_form', 'text', (c) => c.notNull())
    .addColumn('delivery', 'text', (c) => c.notNull())
    // A key of the request workflow's states.
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('department_id', 'integer', (c) => c.references('departments.id').onDelete('set null'))
    .addColumn('handler_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('handler_name', 'text', (c) => c.notNull().defaultTo(''))
    // When the application was handed in, posted or sent (instant), and the legal date of receipt (Art. 31).
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('received_date', 'text')
    // The reply deadline as last computed (for lists and sorting), and whether it relies on a provisional year.
    .addColumn('due_date', 'text')
    .addColumn('due_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    // A key of REQUEST_OUTCOMES, once decided; for 部分公开, what was withheld and why.
    .addColumn('outcome', 'text')
    .addColumn('outcome_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('replied_date', 'text')
    // Kept at the reply for statistics: working days from receipt to reply, and whether it was in time.
    .addColumn('workdays_taken', 'integer')
    .addColumn('on_time', 'integer')
    .addColumn('delivered_date', 'text')
    .addColumn('delivery_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('archived_at', 'text')
    .addColumn('withdrawn_date', 'text')
    // An earlier application for the same information by the same applicant (Art. 35, 不予处理 2/4).
    .addColumn('repeat_of', 'integer', (c) => c.references('requests.id').onDelete('set null'))
    // When the applicant's personal data is purged (after archiving), and when it was.
    .addColumn('purge_after', 'text')
    .addColumn('purged_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('requests_agency_state').on('requests').columns(['agency_id', 'state', 'due_date']).execute();
  await db.schema.createIndex('requests_agency_received').on('requests').columns(['agency_id', 'received_date']).execute();
  // Covers the statistics (outcomes, handling times, timeliness per year) without reading rows.
  await db.schema
    .createIndex('requests_agency_replied')
    .on('requests')
    .columns(['agency_id', 'replied_date', 'outcome', 'workdays_taken', 'on_time'])
    .execute();
  await db.schema.createIndex('requests_due').on('requests').columns(['state', 'due_date']).execute();

  await withId(db, db.schema.createTable('request_events'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id').onDelete('cascade'))
    // received | correction_requested | correction_received | consultation_sent | consultation_delivered |
    // consultation_answered | extension | fee_notice | fee_paid | replied | assigned | delivered | withdrawn | note
    .addColumn('type', 'text', (c) => c.notNull())
    // The legal date the event happened on (China date).
    .addColumn('date', 'text', (c) => c.notNull())
    // Type-specific details as JSON (party, days, approver, amount, …).
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('actor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_events_request').on('request_events').columns(['request_id', 'date']).execute();

  await withId(db, db.schema.createTable('request_letters'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id').onDelete('cascade'))
    // acknowledgement | correction | extension | consultation | fee | reply
    .addColumn('kind', 'text', (c) => c.notNull())
    // For a reply, the outcome it states.
    .addColumn('outcome', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    // The letter as issued (its text), kept even after the template changes.
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('document_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('addressee', 'text', (c) => c.notNull())
    .addColumn('issued_date', 'text', (c) => c.notNull())
    // How it went out: email | post | in_person | online; when it was delivered, if known.
    .addColumn('sent_via', 'text', (c) => c.notNull())
    .addColumn('delivered_date', 'text')
    // Letters to a third party or another agency are not shown to the applicant.
    .addColumn('to_applicant', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_letters_request').on('request_letters').columns(['request_id']).execute();

  await withId(db, db.schema.createTable('request_files'))
    .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id').onDelete('cascade'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('extension', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_files_request').on('request_files').columns(['request_id']).execute();

  await withId(db, db.schema.createTable('request_templates'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id').onDelete('cascade'))
    // A letter kind or a reply outcome key.
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('request_templates_key', ['agency_id', 'key'])
    .execute();

  await withId(db, db.schema.createTable('request_appeals'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('request_id', 'integer', (c) => c.references('requests.id').onDelete('set null'))
    // reconsideration | litigation_direct | litigation_after_reconsideration
    .addColumn('type', 'text', (c) => c.notNull())
    // upheld | corrected | other | pending
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('filed_date', 'text', (c) => c.notNull())
    .addColumn('closed_date', 'text')
    .addColumn('case_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('request_appeals_agency').on('request_appeals').columns(['agency_id', 'filed_date']).execute();

  await withId(db, db.schema.createTable('request_proposals'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    // What several applicants asked for, normalised, and as first asked.
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('request_count', 'integer', (c) => c.notNull())
    // open | accepted | dismissed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by_name', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('request_proposals_subject', ['agency_id', 'subject_key'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['request_proposals', 'request_appeals', 'request_templates', 'request_files', 'request_letters', 'request_events', 'requests']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
