import type { Kysely } from 'kysely';
import { withId } from './_helpers.js';

/*
 * Key projects (重点项目, 国办发〔2017〕94号): the registry, stages with planned and
 * actual dates, dated progress entries with photos, the link from a catalog item to a
 * project and one of the eight lifecycle categories with the approval-result and
 * filing elements, per-agency overrides of the project settings, and the yearly work
 * plans (年度工作目标/计划) with targets and progress entries.
 *
 * Investment is kept as the decimal text the person typed (万元, canonical form):
 * totals are summed as scaled integers in code, so no engine rounds it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('projects'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // 项目统一代码, normalised (half-width, upper case).
    .addColumn('code', 'text', (c) => c.notNull())
    // 项目单位
    .addColumn('owner', 'text', (c) => c.notNull())
    // 总投资（万元）, canonical decimal text
    .addColumn('investment', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('planned_start', 'text', (c) => c.notNull())
    .addColumn('planned_end', 'text', (c) => c.notNull())
    // A key of PROJECT_STATUSES.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('projects_agency_code', ['agency_id', 'code'])
    .execute();

  await withId(db, db.schema.createTable('project_stages'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('planned_start', 'text')
    .addColumn('planned_end', 'text')
    .addColumn('actual_start', 'text')
    .addColumn('actual_end', 'text')
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('project_stages_project').on('project_stages').columns(['project_id', 'sort_order']).execute();

  await withId(db, db.schema.createTable('project_progress'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('stage_id', 'integer', (c) => c.references('project_stages.id').onDelete('set null'))
    .addColumn('entry_date', 'text', (c) => c.notNull())
    // % done of the project, 0–100
    .addColumn('percent', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('project_progress_project').on('project_progress').columns(['project_id', 'entry_date']).execute();

  await withId(db, db.schema.createTable('project_photos'))
    .addColumn('progress_id', 'integer', (c) => c.notNull().references('project_progress.id').onDelete('cascade'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('project_photos_progress').on('project_photos').column('progress_id').execute();

  await db.schema
    .createTable('project_publications')
    .addColumn('publication_id', 'integer', (c) => c.primaryKey().references('publications.id').onDelete('cascade'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    // A key of PROJECT_LIFECYCLE.
    .addColumn('lifecycle', 'text', (c) => c.notNull())
    // approval (批准结果: 审批/核准) | filing (备案) | '' for the other categories
    .addColumn('approval_kind', 'text', (c) => c.notNull().defaultTo(''))
    // 审批结果 (approval only)
    .addColumn('approval_result', 'text', (c) => c.notNull().defaultTo(''))
    // 批复时间 / 备案时间
    .addColumn('decided_on', 'text')
    // 批复文号 / 备案号
    .addColumn('document_number', 'text', (c) => c.notNull().defaultTo(''))
    // 批复单位 / 备案单位
    .addColumn('deciding_unit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('project_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('project_code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('project_publications_project').on('project_publications').column('project_id').execute();

  await db.schema
    .createTable('project_agency_settings')
    .addColumn('agency_id', 'integer', (c) => c.primaryKey().references('agencies.id').onDelete('cascade'))
    // Empty: the platform setting applies.
    .addColumn('code_pattern', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('stale_days', 'integer')
    .addColumn('plan_due', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('work_plans'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('intro', 'text', (c) => c.notNull().defaultTo(''))
    // 年度工作总结, written at the year's end
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('summary_on', 'text')
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('work_plans_agency_year', ['agency_id', 'year'])
    .execute();

  await withId(db, db.schema.createTable('work_plan_targets'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('work_plans.id').onDelete('cascade'))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    // 责任单位
    .addColumn('responsible', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('work_plan_targets_plan').on('work_plan_targets').column('plan_id').execute();

  await withId(db, db.schema.createTable('work_plan_progress'))
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('work_plans.id').onDelete('cascade'))
    .addColumn('target_id', 'integer', (c) => c.references('work_plan_targets.id').onDelete('set null'))
    .addColumn('entry_date', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('work_plan_progress_plan').on('work_plan_progress').columns(['plan_id', 'entry_date']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['work_plan_progress', 'work_plan_targets', 'work_plans', 'project_agency_settings', 'project_publications', 'project_photos', 'project_progress', 'project_stages', 'projects']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
