import type { Feature } from '../../platform/feature.js';
import { agencyApiRoutes } from './agency.api.js';
import { agencyDashboard } from './agency.dashboard.js';
import { agencyOfficeRoutes } from './agency.office.js';

/** Agencies (机关), their departments (股室) and their disclosure guides (指南). */
export const agenciesFeature: Feature = {
  key: 'agencies',
  label: '机关与股室',
  routes: [agencyOfficeRoutes, agencyApiRoutes],
  officeMenu: [{ href: '/office/agencies', label: '机关与股室', permission: 'office.access', order: 30 }],
  dashboard: agencyDashboard,
};
