import type { Db } from '../../db/database.js';
import type { DashboardSection } from '../../web/dashboard.js';
import { can } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { missingGuideFields } from './agency.js';
import { listAgenciesFor } from './agency.service.js';

/** For administrators: agencies whose disclosure guide is unpublished or incomplete. */
export async function agencyDashboard(db: Db, actor: Actor): Promise<DashboardSection[]> {
  const agencies = (await listAgenciesFor(db, actor)).filter((a) => can(actor, 'agency.guide.edit', { agencyId: a.id }));
  if (!agencies.length) return [];
  return [
    {
      title: '机关与公开指南',
      order: 80,
      body: (
        <table class="table">
          <caption class="visually-hidden">机关与公开指南状态</caption>
          <thead>
            <tr>
              <th scope="col">机关</th>
              <th scope="col">股室</th>
              <th scope="col">公开指南</th>
            </tr>
          </thead>
          <tbody>
            {agencies.map((a) => {
              const missing = missingGuideFields(a.guideDraft).length;
              return (
                <tr key={a.id}>
                  <td>
                    <a href={`/office/agencies/${a.id}`}>{a.name}</a>
                  </td>
                  <td>{a.departments.length}</td>
                  <td>
                    <a href={`/office/agencies/${a.id}/guide`}>
                      {a.guidePublishedAt ? '已发布' : '未发布'}
                      {missing ? `（${missing} 项未填）` : ''}
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ),
    },
  ];
}
