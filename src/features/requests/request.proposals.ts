/**
 * Art. 44: information that several applicants ask for is proposed for proactive
 * disclosure. Registering an application records the proposal (request.apply.ts);
 * here the office lists the proposals and decides each one: accepted (the
 * information goes into proactive disclosure, drafted in the publications feature)
 * or dismissed, with the reason on record.
 */
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { nowOf } from '../../db/runtime.js';
import { conflict, notFound } from '../../errors.js';
import { optionalText, parseInput } from '../../lib/validation.js';
import { authorize, can } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { agencyLabels } from '../agencies/agency.service.js';
import * as audit from '../audit/audit.service.js';
import { requestScope } from './request.read.js';
import * as repo from './request.repository.js';
import type { RequestProposalRow } from './request.table.js';

export const PROPOSAL_STATUSES = {
  open: { label: '待决定' },
  accepted: { label: '已采纳，转为主动公开' },
  dismissed: { label: '不予采纳' },
} as const;
export type ProposalStatus = keyof typeof PROPOSAL_STATUSES;

export const proposalDecisionInput = z
  .object({
    decision: z.enum(['accepted', 'dismissed'], { message: '请选择是否采纳' }),
    note: optionalText(1000),
  })
  .superRefine((v, ctx) => {
    // A dismissal is a decision not to publish: its reason must be on record.
    if (v.decision === 'dismissed' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: '不予采纳的，请写明理由' });
  });

export interface ProposalView extends RequestProposalRow {
  agencyName: string;
  statusLabel: string;
  /** Whether this person may decide it. */
  decidable: boolean;
}

/**
 * The proposals of the agencies whose every application the person reads (the
 * office, leaders, administrators; a department editor, who sees only their
 * department's applications, sees none): open ones first, then the decided.
 */
export async function listProposals(db: Db, actor: Actor): Promise<{ open: ProposalView[]; decided: ProposalView[] }> {
  authorize(actor, 'request.read');
  const agencies = requestScope(actor).agencies;
  if (agencies !== null && agencies.length === 0) return { open: [], decided: [] };
  const rows = await repo.listProposals(db, agencies);
  const labels = await agencyLabels(
    db,
    rows.map((r) => r.agencyId),
  );
  const views = rows.map((r) => ({
    ...r,
    agencyName: labels.get(r.agencyId)?.name ?? '',
    statusLabel: PROPOSAL_STATUSES[r.status as ProposalStatus]?.label ?? r.status,
    decidable: r.status === 'open' && can(actor, 'request.manage', { agencyId: r.agencyId }),
  }));
  return { open: views.filter((v) => v.status === 'open'), decided: views.filter((v) => v.status !== 'open') };
}

/** Accepts or dismisses an open proposal, once; audited in the same transaction. */
export async function decideProposal(db: Db, actor: Actor, id: number, raw: unknown): Promise<RequestProposalRow> {
  const proposal = await repo.findProposalById(db, id);
  if (!proposal) throw notFound('公开建议');
  authorize(actor, 'request.manage', { agencyId: proposal.agencyId });
  const input = parseInput(proposalDecisionInput, raw);
  return inTransaction(db, async (trx) => {
    const decided = await repo.decideProposal(trx, id, { status: input.decision, note: input.note, decidedAt: nowOf(trx), decidedByName: actor.displayName });
    if (!decided) throw conflict('该建议已由他人作出决定，请刷新后查看');
    await audit.record(trx, actor, {
      action: `request.proposal.${input.decision === 'accepted' ? 'accept' : 'dismiss'}`,
      entityType: 'request_proposal',
      entityId: id,
      agencyId: proposal.agencyId,
      summary: `${input.decision === 'accepted' ? '采纳' : '不予采纳'}转为主动公开的建议：${proposal.subject.slice(0, 80)}${input.note ? `（${input.note.slice(0, 200)}）` : ''}`,
      before: { status: proposal.status },
      after: { status: input.decision, note: input.note },
    });
    return decided;
  });
}
