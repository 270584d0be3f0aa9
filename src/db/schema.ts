import type { AccountTables } from '../features/accounts/account.table.js';
import type { AgencyTables } from '../features/agencies/agency.table.js';
import type { AuditTables } from '../features/audit/audit.table.js';
import type { CalendarTables } from '../features/calendar/calendar.table.js';
import type { PublicationTables } from '../features/publications/publication.table.js';
import type { CatalogTables } from '../features/catalog/catalog.table.js';
import type { ImportTables } from '../features/imports/import.table.js';
import type { MailTables } from '../features/mail/mail.table.js';
import type { SearchTables } from '../features/search/search.table.js';
import type { FileTables } from '../features/files/files.table.js';
import type { AnnualReportTables } from '../features/annual-reports/annual-report.table.js';
import type { RequestTables } from '../features/requests/request.table.js';
import type { SettingsTables } from '../features/settings/settings.table.js';
import type { ParticipationTables } from '../features/participation/participation.table.js';
import type { StandardCatalogTables } from '../features/standard-catalogs/standard-catalog.table.js';
import type { MailboxTables } from '../features/mailbox/mailbox.table.js';
import type { ProjectTables } from '../features/projects/project.table.js';
import type { FeeTables } from '../features/fees/fee.table.js';

/**
 * The whole schema as Kysely sees it, assembled from each feature's tables.
 * A feature adds one line here for its own `*.table.ts` type.
 */
export interface Database extends AgencyTables, AccountTables, AuditTables, SettingsTables, CatalogTables, PublicationTables, CalendarTables, SearchTables, ImportTables, FileTables, MailTables, RequestTables, AnnualReportTables, ParticipationTables, StandardCatalogTables, MailboxTables, ProjectTables, FeeTables {}
