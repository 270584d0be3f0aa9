import type { Feature } from '../../platform/feature.js';
import { catalogColumnKinds } from './catalog.columns.js';
import { catalogDashboard } from './catalog.dashboard.js';
import { catalogOfficeRoutes } from './catalog.office.js';
import { catalogPortalRoutes } from './catalog.portal.js';

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
};
