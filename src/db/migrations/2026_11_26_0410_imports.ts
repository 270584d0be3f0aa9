import type { Kysely } from 'kysely';
import { withId } from './_helpers.js';

/*
 * Legacy import: one job per run (CLI or office upload) with its progress and
 * report, and one row per imported page with the hash of its extracted content,
 * unique per agency, so importing the same page again does not duplicate it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('import_jobs'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    // cli | office
    .addColumn('source', 'text', (c) => c.notNull())
    // What was given: file names, shortened.
    .addColumn('label', 'text', (c) => c.notNull())
    // draft | publish
    .addColumn('mode', 'text', (c) => c.notNull())
    // queued | running | done | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    // [{name, outcome, reason, publicationId, title, warnings}]
    .addColumn('report_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('import_jobs_agency').on('import_jobs').columns(['agency_id', 'created_at']).execute();

  await withId(db, db.schema.createTable('import_pages'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    // sha256 of the normalised title and body text.
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('publication_id', 'integer', (c) => c.references('publications.id').onDelete('set null'))
    .addColumn('job_id', 'integer', (c) => c.references('import_jobs.id').onDelete('set null'))
    .addColumn('source_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('import_pages_hash', ['agency_id', 'content_hash'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_pages').ifExists().execute();
  await db.schema.dropTable('import_jobs').ifExists().execute();
}
