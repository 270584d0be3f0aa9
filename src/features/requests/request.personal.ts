import type { DbOrTrx } from '../../db/database.js';
import { openPersonal, sealPersonal, type PersonalFields } from '../../db/personal-data/fields.js';
import type { RequestRow } from './request.table.js';

/**
 * The applicant's personal data in an application: sealed at rest with DATA_KEY
 * (src/lib/personal-data), with keyed blind indexes for the lookups by equality
 * (an applicant's earlier applications). The repository seals what it writes and opens
 * what it reads, so services and views see plaintext and never a ciphertext.
 */
export const APPLICANT_FIELDS: PersonalFields<RequestRow> = {
  table: 'requests',
  fields: ['applicantName', 'contactName', 'idNumber', 'phone', 'email', 'address'],
  index: { applicantName: 'nameBidx', idNumber: 'idNumberBidx', phone: 'phoneBidx', email: 'emailBidx' },
};

export const sealApplicant = <T extends object>(db: DbOrTrx, row: T): T => sealPersonal(db, APPLICANT_FIELDS, row);
export const openApplicant = <T extends object>(db: DbOrTrx, row: T): T => openPersonal(db, APPLICANT_FIELDS, row);
export function openApplicantMaybe<T extends object>(db: DbOrTrx, row: T | undefined): T | undefined {
  return row ? openApplicant(db, row) : undefined;
}
