/**
 * The three settings of key projects and work plans: the project-code pattern,
 * the days without progress before the alarm, and the day a year's plan is due.
 * The platform sets defaults (平台设置); an agency may override each (its own
 * province's code form, a quarterly cadence).
 */
import { z } from 'zod';
import type { DbOrTrx } from '../../db/database.js';
import { getSettings } from '../settings/settings.js';
import { DEFAULT_CODE_PATTERN, DEFAULT_PLAN_DUE, patternProblem, planDueProblem } from './project.js';

export interface ProjectSettings {
  codePattern: string;
  staleDays: number;
  planDue: string;
  /** Which of them the agency set itself. */
  overridden: { codePattern: boolean; staleDays: boolean; planDue: boolean };
}

export const DEFAULT_STALE_DAYS = 90;

const patternField = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine((v) => v === '' || patternProblem(v) === null, { message: '代码格式只能由 Y（数字）、X（数字或大写字母）和 - / _ . 等字符组成，例如 YYYY-XXXXXX-XX-XX-XXXXXX' });
const staleField = z
  .string()
  .trim()
  .refine((v) => v === '' || (/^\d{1,3}$/.test(v) && Number(v) >= 7 && Number(v) <= 366), { message: '提醒天数应为 7—366 的整数' });
const dueField = z
  .string()
  .trim()
  .refine((v) => v === '' || planDueProblem(v) === null, { message: '期限应写作 月-日，例如 03-31' });

/** The platform settings form's fields (absent: left as they are). */
export const projectSettingsInput = {
  projectCodePattern: patternField.refine((v) => v !== '', { message: '请填写项目统一代码格式' }).optional(),
  projectStaleDays: staleField.refine((v) => v !== '', { message: '请填写提醒天数' }).optional(),
  workPlanDue: dueField.refine((v) => v !== '', { message: '请填写公开期限' }).optional(),
};

/** An agency's overrides; empty means "as the platform". */
export const agencySettingsInput = z.object({
  codePattern: patternField.default(''),
  staleDays: staleField.default(''),
  planDue: dueField.default(''),
});

function platformValues(s: Awaited<ReturnType<typeof getSettings>>) {
  const pattern = s.projectCodePattern && patternProblem(s.projectCodePattern) === null ? s.projectCodePattern : DEFAULT_CODE_PATTERN;
  const stale = Number(s.projectStaleDays);
  const due = s.workPlanDue && planDueProblem(s.workPlanDue) === null ? s.workPlanDue : DEFAULT_PLAN_DUE;
  return { codePattern: pattern, staleDays: Number.isInteger(stale) && stale > 0 ? stale : DEFAULT_STALE_DAYS, planDue: due };
}

/** The settings in effect for an agency. */
export async function projectSettingsOf(db: DbOrTrx, agencyId: number): Promise<ProjectSettings> {
  const [platform, own] = await Promise.all([
    getSettings(db),
    db.selectFrom('projectAgencySettings').selectAll().where('agencyId', '=', agencyId).executeTakeFirst(),
  ]);
  const base = platformValues(platform);
  return {
    codePattern: own?.codePattern || base.codePattern,
    staleDays: own?.staleDays ?? base.staleDays,
    planDue: own?.planDue || base.planDue,
    overridden: { codePattern: !!own?.codePattern, staleDays: own?.staleDays != null, planDue: !!own?.planDue },
  };
}
