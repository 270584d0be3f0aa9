import type { Kysely } from 'kysely';
import { withId } from './_helpers.js';

/*
 * Annual reports on disclosure work (Arts. 49–50): one row per agency and year,
 * whether the platform built it from its records, it was read from a page of an
 * agency's old site, typed in, or (before 2019) kept only as text with its stated
 * proactive total. Every version of a report's figures is kept in the revisions.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('annual_reports'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    // 2021 | 2019 | free
    .addColumn('format', 'text', (c) => c.notNull())
    // platform (built from records) | imported (read from a page) | typed | text (before 2019)
    .addColumn('origin', 'text', (c) => c.notNull())
    // The figures in effect (JSON of ReportFigures), null for a report kept as text.
    .addColumn('figures_json', 'text')
    // Figures the platform does not hold, entered in the office with their source.
    .addColumn('inputs_json', 'text', (c) => c.notNull().defaultTo('{}'))
    // Sections 一, 五 and 六.
    .addColumn('narrative_json', 'text', (c) => c.notNull().defaultTo('{}'))
    // 主动公开 total a free-form report states, when it states one.
    .addColumn('proactive_total', 'integer')
    .addColumn('source_url', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source_note', 'text', (c) => c.notNull().defaultTo(''))
    // The catalog item the report is published as.
    .addColumn('publication_id', 'integer', (c) => c.references('publications.id').onDelete('set null'))
    .addColumn('generated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('annual_reports_agency_year', ['agency_id', 'year'])
    .execute();
  await db.schema.createIndex('annual_reports_publication').on('annual_reports').column('publication_id').execute();

  await withId(db, db.schema.createTable('annual_report_revisions'))
    .addColumn('report_id', 'integer', (c) => c.notNull().references('annual_reports.id').onDelete('cascade'))
    .addColumn('revision_no', 'integer', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('figures_json', 'text')
    .addColumn('inputs_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('narrative_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('proactive_total', 'integer')
    // Why this version was kept: published, replaced by an import, edited after publication.
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('annual_report_revisions_no', ['report_id', 'revision_no'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('annual_report_revisions').ifExists().execute();
  await db.schema.dropTable('annual_reports').ifExists().execute();
}
