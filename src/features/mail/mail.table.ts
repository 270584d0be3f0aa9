import type { Generated, Selectable } from 'kysely';

/** One outgoing letter: what was sent (or held), to whom, about what, and how it went. */
export interface MailMessageTable {
  id: Generated<number>;
  /** The agency the letter is sent for; null for the platform's own letters. */
  agencyId: number | null;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  /** What the letter is about, e.g. `request` / `12`: an entity kind of the registry's `entityPages`. */
  relatedType: string | null;
  relatedId: string | null;
  /** A key of MAIL_TRANSPORTS. */
  transport: string;
  /** A key of MAIL_STATUSES. */
  status: string;
  /** The server's reason when the letter failed. */
  error: Generated<string>;
  messageId: string | null;
  createdAt: string;
  sentAt: string | null;
}

export type MailMessageRow = Selectable<MailMessageTable>;

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
export interface MailTables {
  mailMessages: MailMessageTable;
}
