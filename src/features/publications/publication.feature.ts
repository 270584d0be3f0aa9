import type { Feature } from '../../platform/feature.js';
import { publicationApiRoutes } from './publication.api.js';
import { publicationDeadlineSource } from './publication.clock.js';
import { publicationDashboard } from './publication.dashboard.js';
import { interpretationDeadlineSource } from './publication.interpretation.js';
import { publicationOfficeRoutes } from './publication.office.js';
import { periodRulesFor } from './publication.read.js';
import { listOwingPublication } from './publication.repository.js';
import { publishDue } from './publication.transitions.js';
import { publicationChartKnown, WORKFLOW } from './publication.workflow.js';

/** Proactive disclosure: drafting, review, publishing, the Art. 26 clock. */
export const publicationsFeature: Feature = {
  key: 'publications',
  label: '主动公开',
  routes: [publicationApiRoutes, publicationOfficeRoutes],
  officeMenu: [{ href: '/office/publications', label: '信息发布', permission: 'publication.read', order: 10 }],
  dashboard: publicationDashboard,
  deadlineSources: [publicationDeadlineSource(listOwingPublication, periodRulesFor), interpretationDeadlineSource],
  // Scheduled items go live within a minute of their time (each claimed by its version).
  jobs: [{ name: 'publications.publish_due', everyMs: 60_000, run: async (db) => ((await publishDue(db)).length ? 'published scheduled items' : undefined) }],
  procedures: [
    {
      heading: '主动公开工作流程图',
      workflow: WORKFLOW,
      known: (agency) => publicationChartKnown(agency.requiresLeaderApproval === 1),
      caption: '本图由平台根据实际运行的审核发布流程自动生成。',
    },
  ],
  entityPages: [{ entity: 'publication', label: '信息', href: (id) => `/office/publications/${id}` }],
};
