import type { Generated, Insertable, Selectable } from 'kysely';

export interface MailboxMessageTable {
  id: Generated<number>;
  agencyId: number | null;
  departmentId: number | null;
  kind: string;
  channel: string;
  trackingHash: string;
  subject: string;
  body: string;
  /** Personal data: the writer's name, phone, e-mail and IP address (encrypted at rest by the security feature). */
  writerName: Generated<string>;
  writerPhone: Generated<string>;
  writerEmail: Generated<string>;
  writerIp: Generated<string>;
  ipHash: Generated<string>;
  networkHash: Generated<string>;
  bodyHash: string;
  pageUrl: Generated<string>;
  errorType: Generated<string>;
  state: string;
  submittedAt: string;
  receivedDate: string;
  limitDays: number;
  dueDate: string | null;
  dueProvisional: Generated<number>;
  replyBody: Generated<string>;
  repliedAt: string | null;
  repliedDate: string | null;
  repliedByName: Generated<string>;
  workdaysTaken: number | null;
  onTime: number | null;
  publishedAt: string | null;
  publicSubject: Generated<string>;
  publicBody: Generated<string>;
  publicReply: Generated<string>;
  rating: number | null;
  ratingComment: Generated<string>;
  ratedAt: string | null;
  closedAt: string | null;
  /** When the writer's personal fields were cleared (retention period over). */
  writerPurgedAt: string | null;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
  version: Generated<number>;
}

export interface MailboxLimitTable {
  id: Generated<number>;
  agencyId: number;
  kind: string;
  days: number;
  updatedAt: string;
}

export interface MailboxChallengeTable {
  nonce: string;
  usedAt: string;
}

export type MailboxRow = Selectable<MailboxMessageTable>;
export type NewMailboxRow = Insertable<MailboxMessageTable>;

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
export interface MailboxTables {
  mailboxMessages: MailboxMessageTable;
  mailboxLimits: MailboxLimitTable;
  mailboxChallenges: MailboxChallengeTable;
}
