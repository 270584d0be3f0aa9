/**
 * The feature registry: every feature of the platform, one line each. The
 * composition root (src/platform/open.ts, used by the app, the CLI and the tests)
 * builds the registry from this list; nothing else imports it.
 *
 * Order matters only for display (dashboard sections sort by their own order) and
 * for `lateRoutes`, which are registered after every feature's `routes`.
 */
import type { Feature } from '../platform/feature.js';
import { accountsFeature } from './accounts/account.feature.js';
import { agenciesFeature } from './agencies/agency.feature.js';
import { auditFeature } from './audit/audit.feature.js';
import { calendarFeature } from './calendar/calendar.feature.js';
import { catalogFeature } from './catalog/catalog.feature.js';
import { importsFeature } from './imports/import.feature.js';
import { mailFeature } from './mail/mail.feature.js';
import { publicationsFeature } from './publications/publication.feature.js';
import { requestsFeature } from './requests/request.feature.js';
import { searchFeature } from './search/search.feature.js';
import { settingsFeature } from './settings/settings.feature.js';
import { annualReportsFeature } from './annual-reports/annual-report.feature.js';
import { participationFeature } from './participation/participation.feature.js';
import { standardCatalogsFeature } from './standard-catalogs/standard-catalog.feature.js';
import { bulletinFeature } from './bulletin/bulletin.feature.js';
import { mailboxFeature } from './mailbox/mailbox.feature.js';
import { projectsFeature } from './projects/project.feature.js';
import { portalFeature } from './portal/portal.feature.js';
import { feesFeature } from './fees/fee.feature.js';

export const FEATURES: readonly Feature[] = [
  accountsFeature,
  agenciesFeature,
  auditFeature,
  settingsFeature,
  calendarFeature,
  publicationsFeature,
  searchFeature,
  importsFeature,
  catalogFeature,
  mailFeature,
  requestsFeature,
  annualReportsFeature,
  participationFeature,
  standardCatalogsFeature,
  bulletinFeature,
  mailboxFeature,
  projectsFeature,
  portalFeature,
  feesFeature,
];
