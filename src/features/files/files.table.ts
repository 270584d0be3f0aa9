import type { Selectable } from 'kysely';

/** Text extracted from a file's bytes, by content hash: one row per distinct file, whoever uploaded it. */
export interface AttachmentTextTable {
  sha256: string;
  /** A key of ATTACHMENT_TEXT_STATUSES. */
  status: string;
  text: string;
  message: string;
  extractedAt: string;
}

export type AttachmentTextRow = Selectable<AttachmentTextTable>;

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
export interface FileTables {
  attachmentTexts: AttachmentTextTable;
}
