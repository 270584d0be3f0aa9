import type { Migration } from 'kysely';
import * as foundation from './2026_11_26_0001_foundation.js';
import * as publications from './2026_11_26_0100_publications.js';
import * as catalog from './2026_11_26_0200_catalog.js';
import * as calendar from './2026_11_26_0300_calendar.js';
import * as search from './2026_11_26_0400_search.js';
import * as imports from './2026_11_26_0410_imports.js';
import * as agencySlugRedirects from './2026_11_26_0500_agency_slug_redirects.js';
import * as publicListing from './2026_11_26_0600_public_listing.js';
import * as searchGrams from './2026_11_26_0700_search_grams.js';
import * as mail from './2026_12_04_0100_mail.js';
import * as requests from './2026_12_04_0200_requests.js';
import * as documentKind from './2026_12_04_0300_document_kind.js';
import * as annualReports from './2026_12_04_0400_annual_reports.js';
import * as searchSynonyms from './2026_12_05_0100_search_synonyms.js';
import * as approvedOn from './2026_12_05_0200_approved_on.js';
import * as budgetUnit from './2026_12_05_0300_budget_unit.js';
import * as auditKey from './2026_12_05_0500_audit_key.js';
import * as fourEyes from './2026_12_05_0510_four_eyes.js';
import * as tokenExpiry from './2026_12_05_0520_token_expiry.js';
import * as participation from './2026_12_06_0200_participation.js';
import * as standardCatalogs from './2026_12_06_0400_standard_catalogs.js';
import * as mailbox from './2026_12_06_0100_mailbox.js';
import * as projects from './2026_12_06_0300_projects.js';
import * as interpretations from './2026_12_06_0600_interpretations.js';
import * as fees from './2026_12_06_1200_fees.js';
import * as staffSecurity from './2026_12_07_0050_staff_security.js';
import * as auditRetention from './2026_12_07_0100_audit_retention.js';
import * as mailboxWriterPurge from './2026_12_07_0200_mailbox_writer_purge.js';

/**
 * Every migration, keyed by a timestamped name; Kysely runs them in name order.
 * Add new ones at the end, never edit one that has shipped.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_26_0001_foundation': foundation,
  '2026_11_26_0100_publications': publications,
  '2026_11_26_0200_catalog': catalog,
  '2026_11_26_0300_calendar': calendar,
  '2026_11_26_0400_search': search,
  '2026_11_26_0410_imports': imports,
  '2026_11_26_0500_agency_slug_redirects': agencySlugRedirects,
  '2026_11_26_0600_public_listing': publicListing,
  '2026_11_26_0700_search_grams': searchGrams,
  '2026_12_04_0100_mail': mail,
  '2026_12_04_0200_requests': requests,
  '2026_12_04_0300_document_kind': documentKind,
  '2026_12_04_0400_annual_reports': annualReports,
  '2026_12_05_0100_search_synonyms': searchSynonyms,
  '2026_12_05_0200_approved_on': approvedOn,
  '2026_12_05_0300_budget_unit': budgetUnit,
  '2026_12_05_0500_audit_key': auditKey,
  '2026_12_05_0510_four_eyes': fourEyes,
  '2026_12_05_0520_token_expiry': tokenExpiry,
  '2026_12_06_0200_participation': participation,
  '2026_12_06_0400_standard_catalogs': standardCatalogs,
  '2026_12_06_0100_mailbox': mailbox,
  '2026_12_06_0300_projects': projects,
  '2026_12_06_0600_interpretations': interpretations,
  '2026_12_06_1200_fees': fees,
  '2026_12_07_0050_staff_security': staffSecurity,
  '2026_12_07_0100_audit_retention': auditRetention,
  '2026_12_07_0200_mailbox_writer_purge': mailboxWriterPurge,
};
