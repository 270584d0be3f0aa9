import type { Feature } from '../../platform/feature.js';
import { auditApiRoutes, auditOfficeRoutes } from './audit.routes.js';

/** The append-only, hash-chained log of every state change. */
export const auditFeature: Feature = {
  key: 'audit',
  label: '审计日志',
  routes: [auditOfficeRoutes, auditApiRoutes],
  officeMenu: [{ href: '/office/audit', label: '审计日志', permission: 'audit.read', order: 70 }],
};
