import type { Feature } from '../../platform/feature.js';
import { mailOfficeRoutes } from './mail.office.js';

/** Outgoing e-mail: every letter recorded, sent through SMTP when configured, readable in the office's outbox. */
export const mailFeature: Feature = {
  key: 'mail',
  label: '电子邮件',
  routes: [mailOfficeRoutes],
  officeMenu: [{ href: '/office/mail', label: '邮件发件箱', permission: 'mail.read', order: 65 }],
};
