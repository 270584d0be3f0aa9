import type { Feature } from '../../platform/feature.js';
import { catalogColumnKinds } from './catalog.columns.js';
import { catalogDashboard } from './catalog.dashboard.js';
import { catalogOfficeRoutes } from './catalog.office.js';
import { catalogPortalRoutes } from './catalog.portal.js';
import { noteAgencyChange } from './catalog.service.js';

/** The portal: the front page, agency pages, the 政府信息公开 column tree, item pages, feeds, the sitemap. */
export const catalogFeature: Feature = {
  key: 'catalog',
  label: '栏目与门户',
  routes: [catalogOfficeRoutes],
  // `/:agency` and `/:agency/:column` take any top-level name: after everything else.
  lateRoutes: [catalogPortalRoutes],
  officeMenu: [{ href: '/office/catalog', label: '栏目管理', permission: 'catalog.manage', order: 20 }],
  dashboard: catalogDashboard,
  columnKinds: catalogColumnKinds,
  // An agency's level decides its statutory columns: look again once it has changed.
  listeners: [{ phase: 'commit', name: 'catalog.agency-level', handle: (c) => (c.action === 'agency.update' ? noteAgencyChange() : undefined) }],
};
