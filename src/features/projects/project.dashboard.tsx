import type { Db } from '../../db/database.js';
import { todayOf } from '../../db/runtime.js';
import type { DashboardSection } from '../../web/dashboard.js';
import { agenciesWith } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { listAgencies } from '../agencies/agency.service.js';
import { planStatus, staleness } from './project.js';
import * as repo from './project.repository.js';
import { projectSettingsOf } from './project.settings.js';

/** What the alarms find for the agencies given (all when null); pure of rendering so tests read it. */
export async function projectAlarms(db: Db, agencyIds: number[] | null) {
  const today = todayOf(db);
  const agencies = await listAgencies(db, agencyIds);
  const out = [];
  for (const a of agencies) {
    const settings = await projectSettingsOf(db, a.id);
    const projects = await repo.listProjects(db, [a.id]);
    const stale = projects
      .map((p) => ({ project: p, s: staleness({ status: p.status, lastEntryDate: p.lastEntryDate, registeredOn: p.createdAt.slice(0, 10) }, today, settings.staleDays) }))
      .filter((x) => x.s.stale);
    const plan = await repo.findPlan(db, a.id, Number(today.slice(0, 4)));
    const planState = planStatus(today, settings.planDue, !!plan?.publishedAt);
    out.push({ agency: a, staleDays: settings.staleDays, stale, plan: planState });
  }
  return out;
}

/**
 * The alarms of key projects for those who keep them: a project without a progress
 * entry for the agency's interval (default 90 days), and this year's work plan
 * unpublished near or past its due date.
 */
export async function projectDashboard(db: Db, actor: Actor): Promise<DashboardSection[]> {
  const ids = agenciesWith(actor, 'project.manage');
  if (ids !== null && ids.length === 0) return [];
  const alarms = (await projectAlarms(db, ids)).filter((a) => a.stale.length || a.plan.state !== 'ok');
  if (!alarms.length) return [];
  const late = alarms.some((a) => a.stale.length || a.plan.state === 'overdue');
  return [
    {
      title: '重点项目和年度计划',
      order: late ? 14 : 31,
      body: (
        <ul>
          {alarms.flatMap((a) => [
            ...a.stale.map((x) => (
              <li key={`p${x.project.id}`} class="text-danger">
                <a href={`/office/projects/${x.project.id}`}>{x.project.name}</a>：已 {x.s.days} 天没有登记进展（{x.project.lastEntryDate ? `最近一次 ${x.project.lastEntryDate}` : '尚无进展'}，提醒间隔 {a.staleDays} 天）
              </li>
            )),
            ...(a.plan.state !== 'ok'
              ? [
                  <li key={`plan${a.agency.id}`} class={a.plan.state === 'overdue' ? 'text-danger' : undefined}>
                    <a href={`/office/work-plans/${a.agency.id}/${a.plan.year}`}>{a.agency.name}</a>：{a.plan.message}
                  </li>,
                ]
              : []),
          ])}
        </ul>
      ),
    },
  ];
}
