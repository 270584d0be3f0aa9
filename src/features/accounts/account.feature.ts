import type { Feature } from '../../platform/feature.js';
import { accountOfficeRoutes } from './account.office.js';

/** People, sign-in, sessions and API tokens, and the office's front page (the dashboard). */
export const accountsFeature: Feature = {
  key: 'accounts',
  label: '人员与账号',
  routes: [accountOfficeRoutes],
  officeMenu: [{ href: '/office/users', label: '人员与角色', permission: 'user.manage', order: 40 }],
};
