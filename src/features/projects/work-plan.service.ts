/**
 * Yearly work targets and plans (年度工作目标/计划, requirement 18): one plan per
 * agency and year, its targets, dated progress entries, a year-end summary, and
 * its release to the public, which takes the same permission as publishing an item
 * (the office reviewer), so what the public reads has passed the office.
 */
import { z } from 'zod';
import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { announce, nowOf, todayOf } from '../../db/runtime.js';
import { conflict, notFound, staleEdit, validationError } from '../../errors.js';
import { intField, optionalText, parseInput, text } from '../../lib/validation.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import { progressProblems } from './project.js';
import * as repo from './project.repository.js';
import type { WorkPlanRow } from './project.table.js';

export const planInput = z.object({
  title: text(200, { required: true }),
  intro: optionalText(8000),
  version: z.preprocess((v) => (v === '' || v == null ? undefined : Number(v)), z.number().int().optional()),
});
export const targetInput = z.object({ text: text(1000, { required: true }), responsible: optionalText(200) });
export const planProgressInput = z.object({
  date: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ message: '请填写进展日期' })),
  targetId: z.preprocess((v) => (v === '' || v == null ? undefined : Number(v)), z.number().int().positive().optional()),
  body: text(4000, { required: true }),
});
export const summaryInput = z.object({ summary: text(20000, { required: true }) });

/** The earliest day a year-end summary may be written: the plan year's 1 December. */
export const summaryOpensOn = (year: number) => `${year}-12-01`;

export function checkPlanYear(year: number, today: string) {
  const current = Number(today.slice(0, 4));
  // A plan for next year may be prepared in the autumn; older years are kept as they were.
  if (!Number.isInteger(year) || year < 2000 || year > current + 1) throw validationError({ year: `年度应在 2000 至 ${current + 1} 之间` });
}

const mayManage = (actor: Actor, agencyId: number) => authorize(actor, 'project.manage', { agencyId });

async function loadPlan(db: DbOrTrx, id: number): Promise<WorkPlanRow> {
  const p = await repo.findPlanById(db, id);
  if (!p) throw notFound('年度工作计划');
  return p;
}

const announcePlan = (trx: DbOrTrx, p: WorkPlanRow, action: string) => announce(trx, { entity: 'work_plan', id: p.id, agencyId: p.agencyId, action, public: !!p.publishedAt || action === 'work_plan.publish' });

/** Creates the year's plan, or changes its title and introduction. */
export async function savePlan(db: Db, actor: Actor, agencyId: number, year: number, raw: unknown): Promise<WorkPlanRow> {
  mayManage(actor, agencyId);
  checkPlanYear(year, todayOf(db));
  const input = parseInput(planInput, raw);
  return inTransaction(db, async (trx) => {
    const at = nowOf(trx);
    const existing = await repo.findPlan(trx, agencyId, year);
    if (!existing) {
      const row = await repo.insertPlan(trx, { agencyId, year, title: input.title, intro: input.intro, createdAt: at, updatedAt: at });
      await audit.record(trx, actor, { action: 'work_plan.create', entityType: 'work_plan', entityId: row.id, agencyId, summary: `新建${year}年度工作目标和计划：${row.title}` });
      await announcePlan(trx, row, 'work_plan.create');
      return row;
    }
    const row = await repo.updatePlan(trx, existing.id, input.version ?? existing.version, { title: input.title, intro: input.intro, updatedAt: at });
    if (!row) throw staleEdit();
    await audit.record(trx, actor, {
      action: 'work_plan.update',
      entityType: 'work_plan',
      entityId: row.id,
      agencyId,
      summary: `修改${year}年度工作目标和计划`,
      ...audit.diff({ title: existing.title, intro: existing.intro }, { title: row.title, intro: row.intro }),
    });
    await announcePlan(trx, row, 'work_plan.update');
    return row;
  });
}

export async function addTarget(db: Db, actor: Actor, planId: number, raw: unknown) {
  const plan = await loadPlan(db, planId);
  mayManage(actor, plan.agencyId);
  const input = parseInput(targetInput, raw);
  return inTransaction(db, async (trx) => {
    const t = await repo.insertTarget(trx, { planId, text: input.text, responsible: input.responsible });
    await trx.updateTable('workPlans').set({ updatedAt: nowOf(trx) }).where('id', '=', planId).execute();
    await audit.record(trx, actor, { action: 'work_plan.target.add', entityType: 'work_plan', entityId: planId, agencyId: plan.agencyId, summary: `增加工作目标：${input.text.slice(0, 60)}`, after: input });
    await announcePlan(trx, plan, 'work_plan.target.add');
    return t;
  });
}

export async function addPlanProgress(db: Db, actor: Actor, planId: number, raw: unknown) {
  const plan = await loadPlan(db, planId);
  mayManage(actor, plan.agencyId);
  const input = parseInput(planProgressInput, raw);
  const problems = progressProblems({ date: input.date, percent: 0 }, todayOf(db));
  if (!problems.date && Number(input.date.slice(0, 4)) !== plan.year) problems.date = `进展日期应在${plan.year}年内`;
  if (input.targetId) {
    const targets = await repo.listTargets(db, planId);
    if (!targets.some((t) => t.id === input.targetId)) problems.targetId = '所选目标不属于本计划';
  }
  if (Object.keys(problems).length) throw validationError(problems);
  return inTransaction(db, async (trx) => {
    const e = await repo.insertPlanEntry(trx, { planId, targetId: input.targetId ?? null, entryDate: input.date, body: input.body, createdAt: nowOf(trx), createdByName: actor.displayName });
    await audit.record(trx, actor, { action: 'work_plan.progress.add', entityType: 'work_plan', entityId: planId, agencyId: plan.agencyId, summary: `登记${plan.year}年度计划进展（${input.date}）`, after: input });
    await announcePlan(trx, plan, 'work_plan.progress.add');
    return e;
  });
}

/** The year-end summary: from 1 December of the plan's year on. */
export async function saveSummary(db: Db, actor: Actor, planId: number, raw: unknown) {
  const plan = await loadPlan(db, planId);
  mayManage(actor, plan.agencyId);
  const input = parseInput(summaryInput, raw);
  const today = todayOf(db);
  if (today < summaryOpensOn(plan.year)) throw validationError({ summary: `年度工作总结自${summaryOpensOn(plan.year)}起填写` });
  return inTransaction(db, async (trx) => {
    const row = await repo.updatePlan(trx, planId, plan.version, { summary: input.summary, summaryOn: today, updatedAt: nowOf(trx) });
    if (!row) throw staleEdit();
    await audit.record(trx, actor, { action: 'work_plan.summary', entityType: 'work_plan', entityId: planId, agencyId: plan.agencyId, summary: `填写${plan.year}年度工作总结`, ...audit.diff({ summary: plan.summary }, { summary: row.summary }) });
    await announcePlan(trx, row, 'work_plan.summary');
    return row;
  });
}

/** Releases the plan to the public; it needs at least one target. */
export async function publishPlan(db: Db, actor: Actor, planId: number) {
  const plan = await loadPlan(db, planId);
  authorize(actor, 'publication.publish', { agencyId: plan.agencyId });
  if (plan.publishedAt) throw conflict('该年度工作计划已公开');
  const targets = await repo.listTargets(db, planId);
  if (!targets.length) throw validationError({ targets: '请先填写至少一项工作目标，再公开计划' });
  return inTransaction(db, async (trx) => {
    const at = nowOf(trx);
    const row = await repo.updatePlan(trx, planId, plan.version, { publishedAt: at, updatedAt: at });
    if (!row) throw staleEdit();
    await audit.record(trx, actor, { action: 'work_plan.publish', entityType: 'work_plan', entityId: planId, agencyId: plan.agencyId, summary: `公开${plan.year}年度工作目标和计划（${targets.length} 项目标）`, after: { publishedAt: at } });
    await announcePlan(trx, row, 'work_plan.publish');
    return row;
  });
}

export async function planView(db: DbOrTrx, agencyId: number, year: number) {
  const plan = await repo.findPlan(db, agencyId, year);
  if (!plan) return null;
  const [targets, entries] = await Promise.all([repo.listTargets(db, plan.id), repo.listPlanEntries(db, plan.id)]);
  return { plan, targets, entries: entries.map((e) => ({ ...e, target: targets.find((t) => t.id === e.targetId) ?? null })) };
}
export type PlanView = NonNullable<Awaited<ReturnType<typeof planView>>>;

export const listPlans = repo.listPlans;
export const planIdParam = z.object({ id: intField('计划编号') });
