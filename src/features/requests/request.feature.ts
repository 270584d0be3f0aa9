import type { Feature } from '../../platform/feature.js';
import { pageContext } from '../../web/core.js';
import { COLUMN_KINDS } from '../catalog/catalog.js';
import { requestApiRoutes } from './request.api.js';
import { requestDashboard } from './request.dashboard.js';
import { requestDeadlineSource } from './request.deadlines.js';
import { FEE_STANDARD_TEXT } from './request.fees.js';
import { requestManageRoutes } from './request.office.manage.js';
import { requestOfficeRoutes } from './request.office.js';
import { requestPortalRoutes } from './request.portal.js';
import { APPLICANT_FIELDS } from './request.personal.js';
import { purgeExpired } from './request.records.js';
import { remindDeadlines } from './request.reminders.js';
import { REQUEST_WORKFLOW } from './request.workflow.js';
import { RequestPage } from './views/RequestPage.js';

/** Disclosure on request (依申请公开): applying, tracking, handling within the statutory clock, replies, appeals. */
export const requestsFeature: Feature = {
  key: 'requests',
  label: '依申请公开',
  routes: [requestPortalRoutes, requestApiRoutes, requestOfficeRoutes, requestManageRoutes],
  officeMenu: [{ href: '/office/requests', label: '依申请公开', permission: 'request.read', order: 15 }],
  dashboard: requestDashboard,
  columnKinds: [
    {
      kind: 'request',
      ...COLUMN_KINDS.request,
      render: async ({ req, reply, agency, tree, column, settings }) => reply.page(RequestPage({ ctx: pageContext(req, reply), settings, agency, tree, column })),
    },
  ],
  procedures: [
    {
      heading: '依申请公开工作流程图',
      workflow: REQUEST_WORKFLOW,
      caption: '本图由平台根据实际运行的依申请公开办理流程自动生成；征求意见、延期、收费不改变办理阶段。',
    },
  ],
  deadlineSources: [requestDeadlineSource],
  guideSections: [{ heading: '信息处理费收费标准', paragraphs: FEE_STANDARD_TEXT }],
  jobs: [
    { name: 'requests.remind', everyMs: 60 * 60_000, run: async (db) => ((await remindDeadlines(db)) ? 'sent deadline reminders' : undefined) },
    { name: 'requests.purge', everyMs: 6 * 60 * 60_000, run: async (db) => ((await purgeExpired(db)) ? 'purged expired personal data' : undefined) },
  ],
  entityPages: [{ entity: 'request', label: '申请', href: (id) => `/office/requests/${id}` }],
  personalData: [APPLICANT_FIELDS],
};
