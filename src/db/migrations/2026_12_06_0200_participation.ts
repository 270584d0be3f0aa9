import type { Kysely } from 'kysely';
import { withId } from './_helpers.js';

/*
 * Public participation: consultations on drafts (sections, moderated comments,
 * the 采纳情况), hearings and the materials sent to their participants.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('consultations'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('market_related', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('explanation', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('comment_method', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('start_date', 'text')
    .addColumn('end_date', 'text')
    .addColumn('short_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('publication_id', 'integer', (c) => c.references('publications.id').onDelete('set null'))
    .addColumn('feedback_received', 'integer')
    .addColumn('feedback_adopted', 'integer')
    .addColumn('feedback_partly', 'integer')
    .addColumn('feedback_not_adopted', 'integer')
    .addColumn('feedback_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('feedback_published_at', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('consultations_agency').on('consultations').columns(['agency_id', 'state', 'end_date']).execute();
  await db.schema.createIndex('consultations_publication').on('consultations').columns(['publication_id']).execute();

  await withId(db, db.schema.createTable('consultation_sections'))
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('heading', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consultation_sections_position').on('consultation_sections').columns(['consultation_id', 'position']).unique().execute();

  await withId(db, db.schema.createTable('consultation_comments'))
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('section_id', 'integer', (c) => c.references('consultation_sections.id').onDelete('set null'))
    .addColumn('author_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('contact', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reject_reason', 'text')
    .addColumn('moderation_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('moderated_by', 'integer')
    .addColumn('moderated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consultation_comments_status').on('consultation_comments').columns(['consultation_id', 'status']).execute();

  await withId(db, db.schema.createTable('hearings'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('consultation_id', 'integer', (c) => c.references('consultations.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('draft', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('hearing_date', 'text')
    .addColumn('hearing_time', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('selection_method', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('participants', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('hearings_agency').on('hearings').columns(['agency_id', 'state', 'hearing_date']).execute();

  await withId(db, db.schema.createTable('hearing_materials'))
    .addColumn('hearing_id', 'integer', (c) => c.notNull().references('hearings.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('sent_on', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['hearing_materials', 'hearings', 'consultation_comments', 'consultation_sections', 'consultations']) await db.schema.dropTable(t).ifExists().execute();
}
