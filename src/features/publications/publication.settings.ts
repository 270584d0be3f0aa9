/**
 * An agency's publishing settings: its 索引号 pattern and whether the leader approves.
 */
import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { staleEdit } from '../../errors.js';
import { intField, parseInput } from '../../lib/validation.js';
import { z } from 'zod';
import { authorize } from '../access/policy.js';
import { type Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import { DISCLOSURE_CATEGORIES, type DisclosureCategory } from './categories.js';
import { validateIndexPattern } from './publication.js';

import { agencyOf } from './publication.read.js';
import { writePublishingSettingsIn } from '../agencies/agency.service.js';

// ---------------------------------------------------------------- agency settings

export const agencySettingsInput = z.object({
  indexPattern: z
    .string({ message: '请填写索引号格式' })
    .transform((v) => v.trim())
    .superRefine((v, ctx) => {
      for (const p of validateIndexPattern(v)) ctx.addIssue({ code: 'custom', message: p });
    }),
  requiresLeaderApproval: z.preprocess((v) => v === true || v === 'on' || v === '1' || v === 'true' || v === 1, z.boolean()),
  // Absent (an older form or client): left as it is, so that leaving it out never switches it off.
  fourEyesReview: z
    .preprocess((v) => (v === undefined || v === '' ? undefined : v === true || v === '1' || v === 1 ? true : v === false || v === '0' || v === 0 ? false : v), z.boolean({ message: '请选择是否须由另一人审核发布' }).optional()),
  version: intField('版本'),
});

/** The agency's catalog settings: its 索引号 pattern and whether the leader approves. */
export async function updateAgencySettings(db: Db, actor: Actor, agencyId: number, raw: unknown) {
  const existing = await agencyOf(db, agencyId);
  authorize(actor, 'agency.update', { agencyId });
  const input = parseInput(agencySettingsInput, raw);
  return inTransaction(db, async (trx) => {
    const fourEyesReview = input.fourEyesReview ?? existing.fourEyesReview === 1;
    const row = await writePublishingSettingsIn(trx, agencyId, input.version, { ...input, fourEyesReview });
    if (!row) throw staleEdit();
    await audit.record(trx, actor, {
      action: 'agency.publication_settings',
      entityType: 'agency',
      entityId: agencyId,
      agencyId,
      summary: `修改信息发布设置：索引号格式 ${input.indexPattern}，${input.requiresLeaderApproval ? '需要' : '不需要'}领导审批，${fourEyesReview ? '须由另一人审核发布' : '允许起草人自行审核发布'}`,
      before: { indexPattern: existing.indexPattern, requiresLeaderApproval: existing.requiresLeaderApproval === 1, fourEyesReview: existing.fourEyesReview === 1 },
      after: { indexPattern: input.indexPattern, requiresLeaderApproval: input.requiresLeaderApproval, fourEyesReview },
    });
    return row;
  });
}

export const categoryLabel = (key: string) => (DISCLOSURE_CATEGORIES as Record<string, { label: string } | undefined>)[key]?.label ?? key;
export type { DisclosureCategory };
