import type { Feature } from '../../platform/feature.js';
import { auditApiRoutes, auditOfficeRoutes } from './audit.routes.js';
import { describeChain, lastCheck, selfCheck } from './audit.service.js';
import { nowOf } from '../../db/runtime.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The append-only, hash-chained log of every state change. */
export const auditFeature: Feature = {
  key: 'audit',
  label: '审计日志',
  routes: [auditOfficeRoutes, auditApiRoutes],
  // The nightly self-check: hourly ticks, a full check when the last is a day old (so
  // restarts do not postpone it forever). Its outcome shows on the office's audit page.
  jobs: [
    {
      name: 'audit.self_check',
      everyMs: 60 * 60 * 1000,
      run: async (db) => {
        const last = await lastCheck(db);
        if (last && Date.parse(nowOf(db)) - Date.parse(last.at) < DAY_MS - 60_000) return undefined;
        const r = await selfCheck(db);
        if (!r.ok) throw new Error(describeChain(r));
        return describeChain(r);
      },
    },
  ],
  officeMenu: [{ href: '/office/audit', label: '审计日志', permission: 'audit.read', order: 70 }],
};
