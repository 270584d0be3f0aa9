import type { Feature } from '../../platform/feature.js';
import { settingsOfficeRoutes } from './settings.office.js';

/** Platform-wide settings (site name, 标识码). */
export const settingsFeature: Feature = {
  key: 'settings',
  label: '平台设置',
  routes: [settingsOfficeRoutes],
  officeMenu: [{ href: '/office/settings', label: '平台设置', permission: 'settings.manage', order: 80 }],
};
