/**
 * What the office sees first in the morning: per agency, the open applications,
 * those due within five working days and those overdue; for whoever approves
 * extensions, the extensions a handler asked for and nobody has decided yet
 * (an extension must be decided before the deadline, Art. 33 ¶2).
 */
import type { Db } from '../../db/database.js';
import { agenciesWith, can } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { agencyLabels, listAgencies } from '../agencies/agency.service.js';
import { listRequests, pendingExtensionOf } from './request.read.js';
import * as repo from './request.repository.js';

export interface AgencyQueue {
  agencyId: number;
  agencyName: string;
  open: number;
  /** Due within five working days and not yet overdue. */
  dueSoon: number;
  overdue: number;
}

/** Counts per agency the person reads (as far as they read it: a department editor counts their department's). */
export async function agencyQueues(db: Db, actor: Actor): Promise<AgencyQueue[]> {
  if (!can(actor, 'request.read')) return [];
  const agencies = await listAgencies(db, agenciesWith(actor, 'request.read'));
  const count = async (agencyId: number, view: string) => (await listRequests(db, actor, { agencyId, view, pageSize: 1 })).total;
  return Promise.all(
    agencies.map(async (a) => {
      const [open, soonOrLate, overdue] = await Promise.all([count(a.id, 'open'), count(a.id, 'due_soon'), count(a.id, 'overdue')]);
      // The list's 即将到期 includes the overdue; the dashboard counts each once.
      return { agencyId: a.id, agencyName: a.name, open, dueSoon: soonOrLate - overdue, overdue };
    }),
  );
}

export interface PendingExtension {
  requestId: number;
  agencyName: string;
  days: number;
  reason: string;
  requestedBy: string;
  dueDate: string | null;
}

/** Extensions waiting for this person's approval, nearest deadline first. */
export async function pendingExtensionsFor(db: Db, actor: Actor): Promise<PendingExtension[]> {
  const agencies = agenciesWith(actor, 'request.approve');
  if (agencies !== null && agencies.length === 0) return [];
  const { items } = await repo.listForOffice(db, { scope: { agencies, departments: [] }, states: ['handling'], limit: 1000, offset: 0 });
  const events = await repo.eventsOf(
    db,
    items.map((i) => i.id),
  );
  const labels = await agencyLabels(
    db,
    items.map((i) => i.agencyId),
  );
  const out: PendingExtension[] = [];
  for (const i of items) {
    const pending = pendingExtensionOf(events.get(i.id) ?? []);
    if (!pending || !can(actor, 'request.approve', { agencyId: i.agencyId, departmentId: i.departmentId })) continue;
    out.push({ requestId: i.id, agencyName: labels.get(i.agencyId)?.name ?? '', days: pending.days, reason: pending.reason, requestedBy: pending.requestedBy, dueDate: i.dueDate });
  }
  return out;
}
