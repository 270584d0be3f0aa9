import type { Feature } from '../../platform/feature.js';
import { annualReportDashboard } from './annual-report.dashboard.js';
import { annualReportApiRoutes } from './annual-report.api.js';
import { annualReportOfficeRoutes } from './annual-report.office.js';
import { annualReportPortalRoutes } from './annual-report.portal.js';
import { guardReportPublication, importPublishedReport } from './annual-report.service.js';

/**
 * The annual report (Arts. 49–50): built from the platform's records in the national
 * format, checked, reviewed and published as a catalog item; past years' figures
 * read from old pages or typed in; the government's report summing its departments'.
 */
export const annualReportsFeature: Feature = {
  key: 'annual-reports',
  label: '年度报告',
  routes: [annualReportApiRoutes, annualReportOfficeRoutes, annualReportPortalRoutes],
  dashboard: annualReportDashboard,
  officeMenu: [{ href: '/office/annual-reports', label: '年度报告', permission: 'office.access', order: 40 }],
  listeners: [
    {
      phase: 'transaction',
      name: 'annual-reports.publication',
      async handle(trx, change) {
        if (change.entity !== 'publication' || typeof change.id !== 'number') return;
        await guardReportPublication(trx, change.id, change.action);
        if (change.action === 'publication.publish' || change.action === 'publication.publish_due') await importPublishedReport(trx, change.id);
      },
    },
  ],
};
