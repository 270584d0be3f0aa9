/**
 * The office's lists and work queues, and the Art. 26 timeliness watch.
 */
import type { Db } from '../../db/database.js';
import { nowDateOf } from '../../db/runtime.js';
import { chinaDateOf } from '../../lib/dates.js';
import { authorize, can } from '../access/policy.js';
import { type Actor } from '../access/roles.js';
import { timeliness, type Timeliness } from './publication.js';
import * as repo from './publication.repository.js';
import { type WorkflowState } from './publication.workflow.js';

import { loadCalendar, readScope, withPeriodRules } from './publication.read.js';
import { agencyLabels, departmentNames } from '../agencies/agency.service.js';

// ---------------------------------------------------------------- lists and queues

export interface OfficeListQuery {
  agencyId?: number | undefined;
  states?: WorkflowState[] | undefined;
  category?: string | undefined;
  departmentId?: number | undefined;
  q?: string | undefined;
  mine?: boolean | undefined;
  withFindings?: boolean | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** An office list row with the names of its agency and department. */
export type OfficeListRow = repo.OfficeRow & { agencyName: string; agencySlug: string; departmentName: string | null };

/** The agencies' and departments' names beside each row (asked of the agencies feature, once per page). */
async function named(db: Db, page: { items: repo.OfficeRow[]; total: number }): Promise<{ items: OfficeListRow[]; total: number }> {
  const [agencies, departments] = await Promise.all([
    agencyLabels(db, page.items.map((i) => i.agencyId)),
    departmentNames(db, page.items.map((i) => i.departmentId)),
  ]);
  return {
    total: page.total,
    items: page.items.map((i) => ({
      ...i,
      agencyName: agencies.get(i.agencyId)?.name ?? '',
      agencySlug: agencies.get(i.agencyId)?.slug ?? '',
      departmentName: i.departmentId === null ? null : (departments.get(i.departmentId) ?? null),
    })),
  };
}

const officeList = async (db: Db, f: repo.OfficeListFilter) => named(db, await repo.listForOffice(db, f));

export async function listForOffice(db: Db, actor: Actor, q: OfficeListQuery) {
  authorize(actor, 'publication.read');
  const pageSize = Math.min(100, Math.max(1, q.pageSize ?? 20));
  const page = Math.max(1, q.page ?? 1);
  return officeList(db, {
    scope: readScope(actor),
    agencyId: q.agencyId,
    states: q.states,
    category: q.category,
    departmentId: q.departmentId,
    createdBy: q.mine ? (actor.userId ?? -1) : undefined,
    q: q.q,
    withUnconfirmedFindings: q.withFindings,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
}

export interface QueueItem extends OfficeListRow {
  timeliness: Timeliness;
}

export interface Queue {
  key: string;
  title: string;
  /** Who the queue is for, for the dashboard. */
  role: 'editor' | 'reviewer' | 'leader';
  items: QueueItem[];
  total: number;
  /** Office list link showing the whole queue. */
  href: string;
}

/**
 * The per-role work queues: editors' drafts and returned items, the office's
 * review queue with what is nearly overdue and what carries screening findings,
 * the leader's approvals.
 */
export async function queuesFor(db: Db, actor: Actor): Promise<Queue[]> {
  const scope = readScope(actor);
  const today = chinaDateOf(nowDateOf(db));
  const cal = await loadCalendar(db);
  const withClock = async (items: OfficeListRow[]): Promise<QueueItem[]> =>
    (await withPeriodRules(db, items)).map(({ rule, ...i }) => ({ ...i, timeliness: timeliness(cal, { ...i, rule }, today) }));
  const list = async (f: Partial<repo.OfficeListFilter>, limit = 20) => {
    const r = await officeList(db, { scope, limit, offset: 0, ...f });
    return { items: await withClock(r.items), total: r.total };
  };
  const queues: Queue[] = [];
  const hasRole = (role: string) => actor.memberships.some((m) => m.role === role);
  if (hasRole('department_editor') || hasRole('office_reviewer') || hasRole('agency_admin')) {
    const mine = await list({ states: ['draft'], createdBy: actor.userId ?? -1 });
    queues.push({ key: 'my_drafts', title: '我的草稿', role: 'editor', ...mine, href: '/office/publications?state=draft&mine=1' });
    const returned = await list({ states: ['returned'] });
    queues.push({ key: 'returned', title: '退回修改', role: 'editor', ...returned, href: '/office/publications?state=returned' });
  }
  if (can(actor, 'publication.review')) {
    const reviewScope: repo.ReadScope = { all: false, agencies: [...new Set(actor.memberships.filter((m) => m.role === 'office_reviewer').map((m) => m.agencyId))], departments: [] };
    const l = async (f: Partial<repo.OfficeListFilter>, limit = 20) => {
      const r = await officeList(db, { scope: reviewScope, limit, offset: 0, ...f });
      return { items: await withClock(r.items), total: r.total };
    };
    queues.push({ key: 'to_review', title: '待审核', role: 'reviewer', ...(await l({ states: ['submitted'] })), href: '/office/publications?state=submitted' });
    queues.push({ key: 'findings', title: '有筛查结果待确认', role: 'reviewer', ...(await l({ withUnconfirmedFindings: true, states: ['submitted', 'pending_approval', 'approved', 'scheduled'] })), href: '/office/publications?findings=1' });
    queues.push({ key: 'to_publish', title: '待发布', role: 'reviewer', ...(await l({ states: ['approved'] })), href: '/office/publications?state=approved' });
    const watch = await l({ unpublishedWithFormedDate: true }, 500);
    const urgent = watch.items
      .filter((i) => i.timeliness.status === 'overdue' || i.timeliness.status === 'due_soon')
      .sort((a, b) => (a.timeliness.workdaysLeft ?? 0) - (b.timeliness.workdaysLeft ?? 0));
    queues.push({ key: 'deadline', title: '即将到期或已逾期', role: 'reviewer', items: urgent.slice(0, 20), total: urgent.length, href: '/office/publications?deadline=1' });
  }
  if (can(actor, 'publication.approve')) {
    const leaderScope: repo.ReadScope = { all: false, agencies: [...new Set(actor.memberships.filter((m) => m.role === 'leader').map((m) => m.agencyId))], departments: [] };
    const r = await officeList(db, { scope: leaderScope, states: ['pending_approval'], limit: 20, offset: 0 });
    queues.push({ key: 'to_approve', title: '待领导审批', role: 'leader', items: await withClock(r.items), total: r.total, href: '/office/publications?state=pending_approval' });
  }
  return queues;
}

/** Unpublished items with a running Art. 26 clock, for the timeliness views. */
export async function timelinessWatch(db: Db, actor: Actor) {
  const scope = readScope(actor);
  const today = chinaDateOf(nowDateOf(db));
  const cal = await loadCalendar(db);
  const r = await officeList(db, { scope, unpublishedWithFormedDate: true, limit: 2000, offset: 0 });
  return (await withPeriodRules(db, r.items)).map(({ rule, ...i }) => ({ ...i, timeliness: timeliness(cal, { ...i, rule }, today) }));
}
