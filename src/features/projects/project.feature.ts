import type { Feature } from '../../platform/feature.js';
import { projectApiRoutes } from './project.api.js';
import { projectBulletinRoutes } from './project.bulletin.js';
import { projectDashboard } from './project.dashboard.js';
import { projectOfficeRoutes } from './project.office.js';
import { projectPortalRoutes } from './project.portal.js';
import { guardApprovalElements } from './project.service.js';

/**
 * Key projects (重点项目, 国办发〔2017〕94号) and yearly work plans (年度工作目标/计划):
 * the registry, stages and dated progress with photos, items grouped by the eight
 * lifecycle categories, the approval-result elements guarded before publication,
 * and the alarms for projects gone quiet and plans not yet public.
 */
export const projectsFeature: Feature = {
  key: 'projects',
  label: '重点项目',
  routes: [projectApiRoutes, projectOfficeRoutes, projectPortalRoutes, projectBulletinRoutes],
  dashboard: projectDashboard,
  officeMenu: [{ href: '/office/projects', label: '重点项目', permission: 'office.access', order: 45 }],
  entityPages: [{ entity: 'project', label: '重点项目', href: (id) => `/office/projects/${id}` }],
  listeners: [
    {
      phase: 'transaction',
      name: 'projects.approval-elements',
      async handle(trx, change) {
        if (change.entity !== 'publication' || typeof change.id !== 'number') return;
        await guardApprovalElements(trx, change.id, change.action);
      },
    },
  ],
};
