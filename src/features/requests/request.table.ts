import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface RequestTable {
  id: Generated<number>;
  agencyId: number;
  trackingHash: string;
  channel: string;
  source: string;
  applicantKind: string;
  applicantName: string;
  contactName: Generated<string>;
  idType: Generated<string>;
  idNumber: Generated<string>;
  phone: Generated<string>;
  email: Generated<string>;
  address: Generated<string>;
  infoName: Generated<string>;
  infoNumber: Generated<string>;
  description: string;
  infoForm: string;
  delivery: string;
  state: string;
  departmentId: number | null;
  handlerId: number | null;
  handlerName: Generated<string>;
  submittedAt: string;
  receivedDate: string | null;
  dueDate: string | null;
  dueProvisional: Generated<number>;
  outcome: string | null;
  outcomeNote: Generated<string>;
  repliedDate: string | null;
  workdaysTaken: number | null;
  onTime: number | null;
  deliveredDate: string | null;
  deliveryNote: Generated<string>;
  archivedAt: string | null;
  withdrawnDate: string | null;
  repeatOf: number | null;
  purgeAfter: string | null;
  purgedAt: string | null;
  /** Keyed blind indexes of the sealed personal fields looked up by equality (src/lib/personal-data). */
  nameBidx: Generated<string>;
  idNumberBidx: Generated<string>;
  phoneBidx: Generated<string>;
  emailBidx: Generated<string>;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
  version: Generated<number>;
}

export interface RequestEventTable {
  id: Generated<number>;
  requestId: number;
  type: string;
  date: string;
  details: Generated<string>;
  actorId: number | null;
  actorName: string;
  createdAt: string;
}

export interface RequestLetterTable {
  id: Generated<number>;
  requestId: number;
  kind: string;
  outcome: string | null;
  title: string;
  body: string;
  documentNumber: Generated<string>;
  addressee: string;
  issuedDate: string;
  sentVia: string;
  deliveredDate: string | null;
  toApplicant: Generated<number>;
  createdBy: number | null;
  createdAt: string;
}

export interface RequestFileTable {
  id: Generated<number>;
  requestId: number;
  sha256: string;
  size: number;
  mimeType: string;
  extension: string;
  name: string;
  createdAt: string;
}

export interface RequestTemplateTable {
  id: Generated<number>;
  agencyId: number;
  key: string;
  title: string;
  body: string;
  updatedAt: string;
  version: Generated<number>;
}

export interface RequestAppealTable {
  id: Generated<number>;
  agencyId: number;
  requestId: number | null;
  type: string;
  result: string;
  filedDate: string;
  closedDate: string | null;
  caseNumber: Generated<string>;
  note: Generated<string>;
  source: string;
  createdAt: string;
  updatedAt: string;
  version: Generated<number>;
}

export interface RequestProposalTable {
  id: Generated<number>;
  agencyId: number;
  subjectKey: string;
  subject: string;
  requestCount: number;
  status: string;
  note: Generated<string>;
  createdAt: string;
  decidedAt: string | null;
  decidedByName: Generated<string>;
}

export type RequestRow = Selectable<RequestTable>;
export type NewRequestRow = Insertable<RequestTable>;
export type RequestRowUpdate = Updateable<RequestTable>;
export type RequestEventRow = Selectable<RequestEventTable>;
export type RequestLetterRow = Selectable<RequestLetterTable>;
export type RequestFileRow = Selectable<RequestFileTable>;
export type RequestTemplateRow = Selectable<RequestTemplateTable>;
export type RequestAppealRow = Selectable<RequestAppealTable>;
export type RequestProposalRow = Selectable<RequestProposalTable>;

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
export interface RequestTables {
  requests: RequestTable;
  requestEvents: RequestEventTable;
  requestLetters: RequestLetterTable;
  requestFiles: RequestFileTable;
  requestTemplates: RequestTemplateTable;
  requestAppeals: RequestAppealTable;
  requestProposals: RequestProposalTable;
}
