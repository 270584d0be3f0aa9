import type { Db } from '../../db/database.js';
import type { DashboardSection } from '../../web/dashboard.js';
import { can } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { DISCLOSURE_CATEGORIES, type DisclosureCategory } from './categories.js';
import { CATEGORY_PERIODS, DEFAULT_PERIOD, type PeriodRule, periodSummary } from './publication.periods.js';
import * as service from './publication.service.js';
import { awaitingInterpretation } from './publication.interpretation.js';
import { loadCalendar } from './publication.read.js';
import { QueueSummary } from './views/PublicationListViews.js';
import { TimelinessBadge, stateLabel } from './views/parts.js';

interface DepartmentClock {
  agency: string;
  department: string;
  overdue: number;
  dueSoon: number;
  running: number;
  noDate: number;
}

/** The period rules in force, each with the categories it covers and the law that sets it. */
function PeriodRules() {
  const byRule = new Map<string, { rule: PeriodRule; categories: string[] }>();
  for (const [category, rule] of Object.entries(CATEGORY_PERIODS) as [DisclosureCategory, PeriodRule][]) {
    const key = `${rule.kind}:${rule.n}:${rule.law}`;
    const entry = byRule.get(key) ?? { rule, categories: [] };
    entry.categories.push(DISCLOSURE_CATEGORIES[category].label);
    byRule.set(key, entry);
  }
  return (
    <ul class="hint">
      <li>一般信息：{periodSummary(DEFAULT_PERIOD)}。</li>
      {[...byRule.values()].map(({ rule, categories }) => (
        <li key={`${rule.kind}-${rule.law}`}>
          {categories.join('；')}：{periodSummary(rule)}。
        </li>
      ))}
    </ul>
  );
}

/**
 * Each morning's work: the queues of the person's roles, and for the office the
 * publication clock per department (each item under its category's period rule) (overdue and due within five working days), so a
 * late item is chased before an inspection finds it (journeys 8 and 12).
 */
export async function publicationDashboard(db: Db, actor: Actor): Promise<DashboardSection[]> {
  if (!can(actor, 'publication.read')) return [];
  const sections: DashboardSection[] = [];
  const queues = await service.queuesFor(db, actor);
  if (queues.length) {
    const urgent = queues.some((q) => q.total > 0 && ['to_review', 'to_approve', 'deadline', 'returned'].includes(q.key));
    sections.push({ title: '信息发布待办', order: urgent ? 10 : 40, body: <QueueSummary queues={queues} /> });
  }
  if (!can(actor, 'publication.review') && !actor.platformAdmin && !actor.memberships.some((m) => m.role === 'agency_admin')) return sections;

  const agencies = actor.platformAdmin ? null : [...new Set(actor.memberships.filter((m) => m.role === 'office_reviewer' || m.role === 'agency_admin').map((m) => m.agencyId))];
  const awaiting = await awaitingInterpretation(db, await loadCalendar(db), agencies);
  if (awaiting.length) {
    const overdue = awaiting.filter((i) => i.due.overdue).length;
    sections.push({
      title: '政策解读待发布',
      order: overdue ? 16 : 52,
      body: (
        <>
          <p class="hint">规章、行政规范性文件的解读材料应于文件公开后 3 个工作日内发布（国办发〔2016〕19号）。</p>
          <ul>
            {awaiting.slice(0, 20).map((i) => (
              <li key={i.id}>
                <a href={`/office/publications/${i.id}`}>{i.title}</a>（{i.publishedOn} 公开，解读应于 {i.due.deadline}
                {i.due.provisional ? '（临时）' : ''} 前发布）{' '}
                {i.due.overdue ? <span class="badge danger">已逾期</span> : <span class="badge warn">待发布</span>}
              </li>
            ))}
          </ul>
        </>
      ),
    });
  }
  const watch = await service.timelinessWatch(db, actor);
  const rows = new Map<string, DepartmentClock>();
  for (const i of watch) {
    const key = `${i.agencyName}\u0000${i.departmentName ?? '（未指定股室）'}`;
    const r = rows.get(key) ?? { agency: i.agencyName, department: i.departmentName ?? '（未指定股室）', overdue: 0, dueSoon: 0, running: 0, noDate: 0 };
    if (i.timeliness.status === 'overdue') r.overdue++;
    else if (i.timeliness.status === 'due_soon') r.dueSoon++;
    else if (i.timeliness.status === 'no_date') r.noDate++;
    else r.running++;
    rows.set(key, r);
  }
  const list = [...rows.values()].sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon || a.department.localeCompare(b.department));
  const late = watch
    .filter((i) => i.timeliness.status === 'overdue' || i.timeliness.status === 'due_soon')
    .sort((a, b) => (a.timeliness.workdaysLeft ?? 0) - (b.timeliness.workdaysLeft ?? 0));
  const multiAgency = new Set(list.map((r) => r.agency)).size > 1;
  sections.push({
    title: '公开时限',
    order: late.some((i) => i.timeliness.status === 'overdue') ? 15 : 50,
    body: (
      <>
        <PeriodRules />
        <p class="hint">下表统计尚未发布（含修订中）的信息，各按所属类别的公开期限计算。</p>
        {list.length ? (
          <table class="table">
            <caption class="visually-hidden">各股室公开时限情况</caption>
            <thead>
              <tr>
                {multiAgency ? <th scope="col">机关</th> : null}
                <th scope="col">股室</th>
                <th scope="col">已逾期</th>
                <th scope="col">5个工作日内到期</th>
                <th scope="col">期限内</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={`${r.agency}-${r.department}`}>
                  {multiAgency ? <td>{r.agency}</td> : null}
                  <th scope="row">{r.department}</th>
                  <td>{r.overdue ? <span class="badge danger">{r.overdue}</span> : 0}</td>
                  <td>{r.dueSoon ? <span class="badge warn">{r.dueSoon}</span> : 0}</td>
                  <td>{r.running}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>没有正在计时的信息。</p>
        )}
        {late.length ? (
          <ul>
            {late.slice(0, 10).map((i) => (
              <li key={i.id}>
                <a href={`/office/publications/${i.id}`}>{i.title}</a>（{i.departmentName ?? '未指定股室'}，{stateLabel(i.state)}） <TimelinessBadge t={i.timeliness} />
              </li>
            ))}
          </ul>
        ) : null}
        {late.length > 10 ? (
          <p>
            <a href="/office/publications?deadline=1">查看全部 {late.length} 条</a>
          </p>
        ) : null}
      </>
    ),
  });
  return sections;
}
