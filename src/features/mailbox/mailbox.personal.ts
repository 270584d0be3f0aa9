import type { DbOrTrx } from '../../db/database.js';
import { openPersonal, sealPersonal, type PersonalFields } from '../../db/personal-data/fields.js';
import type { MailboxRow } from './mailbox.table.js';

/**
 * The writer's personal data in a letter (name, phone, e-mail, IP address): sealed at
 * rest with DATA_KEY like an applicant's. Nothing looks a writer up by these fields (the
 * spam limits count keyed hashes of the address, `ipHash`/`networkHash`), so there are
 * no blind indexes. The repository seals what it writes and opens what it reads.
 */
export const WRITER_FIELDS: PersonalFields<MailboxRow> = {
  table: 'mailbox_messages',
  fields: ['writerName', 'writerPhone', 'writerEmail', 'writerIp'],
};

export const sealWriter = <T extends object>(db: DbOrTrx, row: T): T => sealPersonal(db, WRITER_FIELDS, row);
export const openWriter = <T extends object>(db: DbOrTrx, row: T): T => openPersonal(db, WRITER_FIELDS, row);
export const openWriterMaybe = <T extends object>(db: DbOrTrx, row: T | undefined): T | undefined => (row ? openWriter(db, row) : undefined);
