import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * A publication (主动公开信息) with its working copy. What the public sees is the
 * revision `currentRevisionId` points to, while `publicStatus` is 'published';
 * the working copy may meanwhile be a new revision going through review.
 */
export interface PublicationTable {
  id: Generated<number>;
  agencyId: number;
  departmentId: number | null;
  /** Workflow state of the working copy: a key of WORKFLOW.states. */
  state: Generated<string>;
  /** 'none' (never published) | 'published' | 'withdrawn'. */
  publicStatus: Generated<string>;
  /** 索引号: given at first publication, never changed. */
  indexNumber: string | null;
  currentRevisionId: number | null;
  /** Category and topic of the current revision, kept by a database trigger for fast public lists. */
  publicCategory: Generated<string>;
  publicTopic: Generated<string>;
  /** Number of published revisions. */
  revisionCount: Generated<number>;
  title: string;
  summary: Generated<string>;
  /** Sanitized HTML. */
  body: Generated<string>;
  documentNumber: Generated<string>;
  /** 成文日期, YYYY-MM-DD. */
  writtenDate: string | null;
  /** The day the information was formed or changed (Art. 26 clock), YYYY-MM-DD. */
  formedDate: string | null;
  /** 批复日期 of a budget or final accounts (预算法 Art. 14 clock), YYYY-MM-DD. */
  approvedOn: string | null;
  category: Generated<string>;
  topic: Generated<string>;
  genre: Generated<string>;
  /** Keywords (主题词) joined by '、'. */
  keywords: Generated<string>;
  disclosureAttribute: Generated<string>;
  disclosureBasis: Generated<string>;
  documentKind: Generated<string>;
  /** 修订说明 of the revision being prepared. */
  changeNote: Generated<string>;
  validity: Generated<string>;
  validityDate: string | null;
  replacedById: number | null;
  replacedByUrl: Generated<string>;
  scheduledAt: string | null;
  submittedAt: string | null;
  /** 发布日期: stamped at the first publication, never editable. */
  firstPublishedAt: string | null;
  /** When the current revision was published. */
  lastPublishedAt: string | null;
  withdrawnAt: string | null;
  withdrawalReason: Generated<string>;
  createdBy: number | null;
  updatedBy: number | null;
  /** The last person who changed the working copy's content (not a workflow step): four-eyes review. */
  editedBy: number | null;
  /** Why a 规章 or 规范性文件 may be published without a linked 解读 (requirement 16), recorded by an administrator; '' when none. */
  interpretationWaiver: Generated<string>;
  interpretationWaiverBy: Generated<string>;
  interpretationWaiverAt: string | null;
  version: Generated<number>;
  createdAt: string;
  updatedAt: string;
}

/** A 政策解读 (`interpretationId`) and a document it interprets (its 原文, `documentId`). */
export interface PublicationInterpretationTable {
  id: Generated<number>;
  interpretationId: number;
  documentId: number;
  position: Generated<number>;
  createdAt: string;
}

export interface PublicationRevisionTable {
  id: Generated<number>;
  publicationId: number;
  revisionNo: number;
  agencyId: number;
  indexNumber: string;
  title: string;
  summary: string;
  body: string;
  documentNumber: string;
  writtenDate: string;
  formedDate: string;
  approvedOn: string | null;
  category: string;
  topic: string;
  genre: string;
  keywords: string;
  disclosureAttribute: string;
  disclosureBasis: string;
  documentKind: Generated<string>;
  /** JSON: [{agencyId: number|null, name: string}] as published. */
  issuersJson: string;
  changeNote: Generated<string>;
  publishedAt: string;
  publishedBy: number | null;
  publishedByName: string;
}

export interface PublicationIssuerTable {
  id: Generated<number>;
  publicationId: number;
  position: number;
  agencyId: number | null;
  name: string;
}

export interface PublicationSerialTable {
  agencyId: number;
  year: number;
  lastSerial: number;
}

export interface AttachmentTable {
  id: Generated<number>;
  agencyId: number;
  sha256: string;
  size: number;
  mimeType: string;
  extension: string;
  originalName: string;
  uploadedBy: number | null;
  createdAt: string;
}

export interface PublicationAttachmentTable {
  id: Generated<number>;
  publicationId: number;
  attachmentId: number;
  position: number;
  name: string;
}

export interface RevisionAttachmentTable {
  id: Generated<number>;
  revisionId: number;
  attachmentId: number;
  position: number;
  name: string;
}

export interface PublicationReviewTable {
  id: Generated<number>;
  publicationId: number;
  /** The revision under review (revisionCount + 1 at the time). */
  revisionNo: number;
  /** 'office_review' | 'leader_approval'. */
  step: string;
  /** 'approved' | 'rejected'. */
  decision: string;
  /** 保密审查 outcome (office review only): a key of CONFIDENTIALITY_OUTCOMES. */
  confidentiality: Generated<string>;
  comment: Generated<string>;
  reviewerId: number | null;
  reviewerName: string;
  reviewerRole: Generated<string>;
  createdAt: string;
}

export interface PublicationFindingTable {
  id: Generated<number>;
  publicationId: number;
  /** Stable across re-screening, so a confirmation survives an unrelated edit. */
  fingerprint: string;
  /** 'title' | 'summary' | 'body' | 'documentNumber' | `attachment:${id}`. */
  source: string;
  sourceLabel: string;
  kind: string;
  severity: string;
  label: string;
  /** The finding in context, with personal data masked. */
  excerpt: string;
  suggestion: Generated<string>;
  screenedAt: string;
  confirmedBy: number | null;
  confirmedByName: string | null;
  confirmedAt: string | null;
  confirmationNote: Generated<string>;
}

export type PublicationRow = Selectable<PublicationTable>;
export type NewPublicationRow = Insertable<PublicationTable>;
export type PublicationRowUpdate = Updateable<PublicationTable>;
export type PublicationRevisionRow = Selectable<PublicationRevisionTable>;
export type PublicationIssuerRow = Selectable<PublicationIssuerTable>;
export type AttachmentRow = Selectable<AttachmentTable>;
export type PublicationReviewRow = Selectable<PublicationReviewTable>;
export type PublicationFindingRow = Selectable<PublicationFindingTable>;

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
export interface PublicationTables {
  publications: PublicationTable;
  publicationRevisions: PublicationRevisionTable;
  publicationIssuers: PublicationIssuerTable;
  publicationSerials: PublicationSerialTable;
  attachments: AttachmentTable;
  publicationAttachments: PublicationAttachmentTable;
  revisionAttachments: RevisionAttachmentTable;
  publicationReviews: PublicationReviewTable;
  publicationFindings: PublicationFindingTable;
  publicationInterpretations: PublicationInterpretationTable;
}
