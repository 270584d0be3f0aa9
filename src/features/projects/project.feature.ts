import type { Feature } from '../../platform/feature.js';
import { projectApiRoutes } from './project.api.js';
import { projectBulletinRoutes } from './project.bulletin.js';
import { projectDashboard } from './project.dashboard.js';
import { projectOfficeRoutes } from './project.office.js';
import { projectPortalRoutes } from './project.portal.js';
import { guardApprovalElements, publicationProjectInfo } from './project.service.js';
import { ProjectItemBlock } from './views/ProjectPortal.js';
import { projectSettingsInput } from './project.settings.js';

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
  settingsInput: projectSettingsInput,
  // The item page shows the project an item belongs to, with its approval or filing fields.
  publicationMetaAddenda: [
    async (db, pub) => {
      const info = await publicationProjectInfo(db, pub.id);
      return info ? ProjectItemBlock({ info }) : null;
    },
  ],
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
