import type { Kysely } from 'kysely';
import { withId } from './_helpers.js';

/*
 * Publications (主动公开信息): the item with its working copy, every published
 * revision as a snapshot, co-issuing agencies, attachments (content-addressed
 * files), review records, screening findings, and the per-agency index-number
 * serials. Same conventions as the foundation: instants are ISO UTC text, legal
 * dates YYYY-MM-DD text, flags 0/1 integers.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Per-agency settings of the disclosure catalog.
  await db.schema
    .alterTable('agencies')
    .addColumn('index_pattern', 'text', (c) => c.notNull().defaultTo('{agencyCode}/{yyyy}-{serial:5}'))
    .execute();
  await db.schema
    .alterTable('agencies')
    .addColumn('requires_leader_approval', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // The last 索引号 serial used per agency and year.
  await db.schema
    .createTable('publication_serials')
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_serial', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('publication_serials_pk', ['agency_id', 'year'])
    .execute();

  await withId(db, db.schema.createTable('publications'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('department_id', 'integer', (c) => c.references('departments.id').onDelete('set null'))
    // Workflow state of the working copy (see publication.workflow.ts).
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft'))
    // What the public sees: none | published | withdrawn.
    .addColumn('public_status', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('index_number', 'text', (c) => c.unique())
    .addColumn('current_revision_id', 'integer')
    .addColumn('revision_count', 'integer', (c) => c.notNull().defaultTo(0))
    // The working copy: what is being drafted, reviewed or revised.
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('document_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('written_date', 'text')
    .addColumn('formed_date', 'text')
    .addColumn('category', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('topic', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('genre', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('keywords', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('disclosure_attribute', 'text', (c) => c.notNull().defaultTo('proactive'))
    .addColumn('disclosure_basis', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('change_note', 'text', (c) => c.notNull().defaultTo(''))
    // 有效性 is a status of the document, changed by its own action, not by editing.
    .addColumn('validity', 'text', (c) => c.notNull().defaultTo('valid'))
    .addColumn('validity_date', 'text')
    .addColumn('replaced_by_id', 'integer')
    .addColumn('replaced_by_url', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('scheduled_at', 'text')
    .addColumn('submitted_at', 'text')
    // 发布日期: stamped by the system at first publication, never editable.
    .addColumn('first_published_at', 'text')
    .addColumn('last_published_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawal_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('publications_agency_state').on('publications').columns(['agency_id', 'state']).execute();
  await db.schema
    .createIndex('publications_agency_public')
    .on('publications')
    .columns(['agency_id', 'public_status', 'first_published_at'])
    .execute();
  await db.schema.createIndex('publications_public').on('publications').columns(['public_status', 'first_published_at']).execute();
  await db.schema.createIndex('publications_scheduled').on('publications').columns(['state', 'scheduled_at']).execute();

  // Every published revision, as it was published: the public reads the current one.
  await withId(db, db.schema.createTable('publication_revisions'))
    .addColumn('publication_id', 'integer', (c) => c.notNull().references('publications.id').onDelete('cascade'))
    .addColumn('revision_no', 'integer', (c) => c.notNull())
    .addColumn('agency_id', 'integer', (c) => c.notNull())
    .addColumn('index_number', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('document_number', 'text', (c) => c.notNull())
    .addColumn('written_date', 'text', (c) => c.notNull())
    .addColumn('formed_date', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('genre', 'text', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('disclosure_attribute', 'text', (c) => c.notNull())
    .addColumn('disclosure_basis', 'text', (c) => c.notNull())
    // [{agencyId, name}] as published.
    .addColumn('issuers_json', 'text', (c) => c.notNull())
    .addColumn('change_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('published_by_name', 'text', (c) => c.notNull())
    .addUniqueConstraint('publication_revisions_no', ['publication_id', 'revision_no'])
    .execute();
  await db.schema.createIndex('publication_revisions_category').on('publication_revisions').columns(['agency_id', 'category']).execute();

  await withId(db, db.schema.createTable('publication_issuers'))
    .addColumn('publication_id', 'integer', (c) => c.notNull().references('publications.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('agency_id', 'integer', (c) => c.references('agencies.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('publication_issuers_pub').on('publication_issuers').column('publication_id').execute();

  // One row per upload; the bytes live once per SHA-256 under DATA_DIR/attachments.
  await withId(db, db.schema.createTable('attachments'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('extension', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_sha').on('attachments').column('sha256').execute();

  await withId(db, db.schema.createTable('publication_attachments'))
    .addColumn('publication_id', 'integer', (c) => c.notNull().references('publications.id').onDelete('cascade'))
    .addColumn('attachment_id', 'integer', (c) => c.notNull().references('attachments.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addUniqueConstraint('publication_attachments_unique', ['publication_id', 'attachment_id'])
    .execute();

  await withId(db, db.schema.createTable('revision_attachments'))
    .addColumn('revision_id', 'integer', (c) => c.notNull().references('publication_revisions.id').onDelete('cascade'))
    .addColumn('attachment_id', 'integer', (c) => c.notNull().references('attachments.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('revision_attachments_rev').on('revision_attachments').column('revision_id').execute();
  await db.schema.createIndex('revision_attachments_att').on('revision_attachments').column('attachment_id').execute();

  // Office review (with the confidentiality-review outcome) and leader approval, each a named decision.
  await withId(db, db.schema.createTable('publication_reviews'))
    .addColumn('publication_id', 'integer', (c) => c.notNull().references('publications.id').onDelete('cascade'))
    .addColumn('revision_no', 'integer', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('confidentiality', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reviewer_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reviewer_name', 'text', (c) => c.notNull())
    .addColumn('reviewer_role', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('publication_reviews_pub').on('publication_reviews').column('publication_id').execute();

  // Screening findings on the working copy; each must be confirmed by a reviewer before publishing.
  await withId(db, db.schema.createTable('publication_findings'))
    .addColumn('publication_id', 'integer', (c) => c.notNull().references('publications.id').onDelete('cascade'))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_label', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .addColumn('suggestion', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('screened_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('confirmed_by_name', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('confirmation_note', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('publication_findings_pub').on('publication_findings').column('publication_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'publication_findings',
    'publication_reviews',
    'revision_attachments',
    'publication_attachments',
    'attachments',
    'publication_issuers',
    'publication_revisions',
    'publications',
    'publication_serials',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await db.schema.alterTable('agencies').dropColumn('requires_leader_approval').execute();
  await db.schema.alterTable('agencies').dropColumn('index_pattern').execute();
}
