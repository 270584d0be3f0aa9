import type { Db } from '../../db/database.js';
import { todayOf } from '../../db/runtime.js';
import type { DashboardSection } from '../../web/dashboard.js';
import { agenciesWith } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { listAgencies } from '../agencies/agency.service.js';
import { annualReportStatus } from '../catalog/column-health.js';
import { annualReports } from '../catalog/catalog.reports.js';
import { getSettings } from '../settings/settings.js';
import { reportPath } from './views/ReportOffice.js';

/**
 * The report's alarm for those who prepare it: from 30 days before the due date
 * (31 January, or 31 March for a government and, by setting, townships) until
 * the report is published, and loudly once it is late.
 */
export async function annualReportDashboard(db: Db, actor: Actor): Promise<DashboardSection[]> {
  const ids = agenciesWith(actor, 'report.manage');
  if (ids !== null && ids.length === 0) return [];
  const [agencies, settings] = await Promise.all([listAgencies(db, ids), getSettings(db)]);
  const today = todayOf(db);
  const due = [];
  for (const a of agencies) {
    const published = (await annualReports(db, a.id)).map((r) => r.year);
    const s = annualReportStatus(a.level, published, today, settings.townshipReportDue);
    if (s.state !== 'ok') due.push({ agency: a, status: s });
  }
  if (!due.length) return [];
  const late = due.some((d) => d.status.state === 'overdue' || d.status.state === 'due_today');
  return [
    {
      title: '年度报告',
      order: late ? 13 : 30,
      body: (
        <ul>
          {due.map((d) => (
            <li key={d.agency.id} class={d.status.state === 'upcoming' ? undefined : 'text-danger'}>
              <a href={reportPath(d.agency.id, d.status.reportYear)}>
                {d.agency.name}
                {d.status.reportYear}年度报告
              </a>
              ：{d.status.message}
            </li>
          ))}
        </ul>
      ),
    },
  ];
}
