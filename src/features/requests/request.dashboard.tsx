import type { Db } from '../../db/database.js';
import type { DashboardSection } from '../../web/dashboard.js';
import { can } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { agencyQueues, pendingExtensionsFor } from './request.queues.js';
import { PendingExtensions, RequestQueues } from './views/RequestOfficeDashboard.js';

/**
 * The morning's applications: per agency what is open, due within five working
 * days and overdue; for whoever approves extensions, those waiting, since an
 * extension decided after the deadline is no longer allowed.
 */
export async function requestDashboard(db: Db, actor: Actor): Promise<DashboardSection[]> {
  if (!can(actor, 'request.read')) return [];
  const sections: DashboardSection[] = [];
  if (can(actor, 'request.approve')) {
    const pending = await pendingExtensionsFor(db, actor);
    if (pending.length) sections.push({ title: `待批准的延期申请（${pending.length}）`, order: 11, body: <PendingExtensions items={pending} /> });
  }
  const queues = await agencyQueues(db, actor);
  if (queues.length) {
    const late = queues.some((q) => q.overdue > 0);
    const soon = queues.some((q) => q.dueSoon > 0);
    sections.push({ title: '依申请公开', order: late ? 12 : soon ? 20 : 45, body: <RequestQueues queues={queues} /> });
  }
  return sections;
}
