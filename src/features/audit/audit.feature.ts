import type { Feature } from '../../platform/feature.js';
import { auditApiRoutes, auditManageRoutes, auditOfficeRoutes } from './audit.routes.js';
import { describeChain, lastCheck, purgeAuditLog, selfCheck } from './audit.service.js';
import { nowOf } from '../../db/runtime.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The append-only, hash-chained log of every state change. */
export const auditFeature: Feature = {
  key: 'audit',
  label: '审计日志',
  routes: [auditOfficeRoutes, auditManageRoutes, auditApiRoutes],
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
    // Retention (≥ 180 days, the security administrator's setting): the oldest events go, the chain stays verifiable.
    { name: 'audit.purge', everyMs: 24 * 60 * 60 * 1000, run: async (db) => ((await purgeAuditLog(db)) ? 'purged audit events past their retention' : undefined) },
  ],
  officeMenu: [
    { href: '/office/audit', label: '审计日志', permission: 'audit.read', order: 70 },
    { href: '/office/audit/retention', label: '审计保存期限', permission: 'security.policy', order: 71 },
  ],
};
