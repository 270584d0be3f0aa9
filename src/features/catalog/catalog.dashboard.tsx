import type { Db } from '../../db/database.js';
import type { DashboardSection } from '../../web/dashboard.js';
import { listAgenciesWithDepartments } from '../agencies/agency.service.js';
import type { Actor } from '../access/roles.js';
import { agencyHealth } from './catalog.health.js';
import { manageableAgencyIds } from './catalog.service.js';
import { HEALTH_STATES } from './column-health.js';
import { HealthSummary } from './views/ColumnAdmin.js';

/**
 * For those who manage columns: stale and blank columns and a missing annual
 * report, per agency, before an inspection finds them (journey 12).
 */
export async function catalogDashboard(db: Db, actor: Actor): Promise<DashboardSection[]> {
  const ids = manageableAgencyIds(actor);
  if (ids && ids.length === 0) return [];
  const agencies = await listAgenciesWithDepartments(db, ids);
  if (!agencies.length) return [];
  const rows = await Promise.all(agencies.map(async (a) => ({ agency: a, health: await agencyHealth(db, a) })));
  const urgent = rows.some(
    ({ health: h }) => Object.values(h.site.alarms).some(Boolean) || h.annualReport.state === 'overdue' || h.annualReport.state === 'due_today',
  );
  return [
    {
      title: '栏目健康',
      order: urgent ? 20 : 60,
      body: (
        <div class="catalog-health">
          {rows.map(({ agency: a, health: h }) => {
            const problems = h.site.columns.filter((c) => c.state === 'stale' || c.state === 'blank' || c.state === 'due_soon');
            return (
              <section key={a.id} aria-labelledby={`ch-${a.id}`}>
                <h3 id={`ch-${a.id}`}>
                  <a href={`/office/catalog/${a.id}`}>{a.name}</a>
                </h3>
                <HealthSummary health={h} />
                {problems.length ? (
                  <details>
                    <summary>需要处理的栏目（{problems.length}）</summary>
                    <ul>
                      {problems.map((c) => (
                        <li key={c.column.id}>
                          <a href={`/office/catalog/columns/${c.column.id}`}>{c.column.name}</a>：{HEALTH_STATES[c.state].label}
                          {c.lastPublishedDate ? `，最近发布 ${c.lastPublishedDate}，周期 ${c.intervalDays} 天` : ''}
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </section>
            );
          })}
        </div>
      ),
    },
  ];
}
