import type { Feature } from '../../platform/feature.js';
import { mailboxApiRoutes } from './mailbox.api.js';
import { mailboxBulletinRoutes } from './mailbox.bulletin.js';
import { mailboxDashboard } from './mailbox.dashboard.js';
import { mailboxDeadlineSource } from './mailbox.deadlines.js';
import { mailboxOfficeRoutes } from './mailbox.office.js';
import { WRITER_FIELDS } from './mailbox.personal.js';
import { purgeExpiredWriters } from './mailbox.service.js';
import { mailboxPortalRoutes } from './mailbox.portal.js';

/** The 政务信箱 (complaints, reports, questions, suggestions, letters to the head), the supervision phone and the 网站纠错 channel. */
export const mailboxFeature: Feature = {
  key: 'mailbox',
  label: '政务信箱',
  routes: [mailboxPortalRoutes, mailboxApiRoutes, mailboxOfficeRoutes, mailboxBulletinRoutes],
  officeMenu: [{ href: '/office/mailbox', label: '政务信箱', permission: 'mailbox.read', order: 16 }],
  dashboard: mailboxDashboard,
  deadlineSources: [mailboxDeadlineSource],
  entityPages: [{ entity: 'mailbox', label: '信箱留言', href: (id) => `/office/mailbox/${id}` }],
  personalData: [WRITER_FIELDS],
  jobs: [{ name: 'mailbox.purge', everyMs: 6 * 60 * 60_000, run: async (db) => ((await purgeExpiredWriters(db)) ? 'cleared expired letter writers’ personal data' : undefined) }],
};
