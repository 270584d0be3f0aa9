import type { Generated, Selectable } from 'kysely';

/** A public consultation (意见征集) on a draft, with its 采纳情况 once written. */
export interface ConsultationTable {
  id: Generated<number>;
  agencyId: number;
  title: string;
  /** A key of CONSULTATION_KINDS. */
  kind: string;
  marketRelated: number;
  /** 起草说明: why the draft, what it changes. */
  explanation: string;
  /** How to comment besides the platform's form (post, e-mail, phone). */
  commentMethod: string;
  startDate: string | null;
  endDate: string | null;
  /** Why the period is shorter than the minimum; shown publicly. */
  shortReason: string;
  /** A key of CONSULTATION_STATES. */
  state: string;
  openedAt: string | null;
  closedAt: string | null;
  /** The decision or document the consultation led to: it may be published only after the feedback. */
  publicationId: number | null;
  feedbackReceived: number | null;
  feedbackAdopted: number | null;
  feedbackPartly: number | null;
  feedbackNotAdopted: number | null;
  /** 采纳情况说明: what was adopted, and why the rest was not. */
  feedbackText: string;
  feedbackPublishedAt: string | null;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ConsultationSectionTable {
  id: Generated<number>;
  consultationId: number;
  /** 1-based, the anchor `#s-<position>` on the public page. */
  position: number;
  heading: string;
  body: string;
}

export interface ConsultationCommentTable {
  id: Generated<number>;
  consultationId: number;
  /** Null: a comment on the draft as a whole. */
  sectionId: number | null;
  authorName: string;
  /** Never shown publicly. */
  contact: string;
  body: string;
  /** A key of COMMENT_STATUSES. */
  status: string;
  /** A key of REJECT_REASONS, for rejected comments. */
  rejectReason: string | null;
  moderationNote: string;
  moderatedBy: number | null;
  moderatedAt: string | null;
  createdAt: string;
}

/** A hearing (听证会), announced with its draft, time, place, 遴选办法 and participants. */
export interface HearingTable {
  id: Generated<number>;
  agencyId: number;
  consultationId: number | null;
  title: string;
  /** The draft and its 说明 as heard. */
  draft: string;
  hearingDate: string | null;
  /** The time of day, e.g. 09:30. */
  hearingTime: string;
  place: string;
  selectionMethod: string;
  /** One participant per line. */
  participants: string;
  /** A key of HEARING_STATES. */
  state: string;
  publishedAt: string | null;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Materials sent to the participants; the timestamp is the platform clock's when recorded. */
export interface HearingMaterialTable {
  id: Generated<number>;
  hearingId: number;
  title: string;
  description: string;
  sentAt: string;
  sentOn: string;
  createdBy: number | null;
}

export type ConsultationRow = Selectable<ConsultationTable>;
export type ConsultationSectionRow = Selectable<ConsultationSectionTable>;
export type ConsultationCommentRow = Selectable<ConsultationCommentTable>;
export type HearingRow = Selectable<HearingTable>;
export type HearingMaterialRow = Selectable<HearingMaterialTable>;

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
export interface ParticipationTables {
  consultations: ConsultationTable;
  consultationSections: ConsultationSectionTable;
  consultationComments: ConsultationCommentTable;
  hearings: HearingTable;
  hearingMaterials: HearingMaterialTable;
}
