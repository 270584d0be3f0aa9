import type { Feature } from '../../platform/feature.js';
import { importOfficeRoutes } from './import.office.js';

/** Legacy pages from an agency's old site, brought in as drafts or published items. */
export const importsFeature: Feature = {
  key: 'imports',
  label: '历史信息导入',
  routes: [importOfficeRoutes],
  officeMenu: [{ href: '/office/imports', label: '历史信息导入', permission: 'import.run', order: 50 }],
};
