/**
 * The one JSON representation of a publication. Public list items, the public
 * detail, the staff list, the staff detail and search hits are all this shape:
 * the same fact has the same name everywhere. What a view does not know is left
 * out (list rows carry no body; the public never sees workflow facts).
 *
 * Adding a field: one line in `publicFields` (or `staffFields`) below and one line
 * in `presentPublication`; the value comes from `PublicationFacts`, which the
 * query's own row types satisfy structurally, so a field added to
 * `PublicListItem` needs nothing else here.
 */
import { z } from 'zod';
import { chinaDateOf } from '../../lib/dates.js';
import {
  DISCLOSURE_ATTRIBUTES,
  DISCLOSURE_CATEGORIES,
  GENRES,
  TOPICS,
  VALIDITY,
  VALIDITY_KEYS,
  type Validity,
} from './categories.js';
import { TIMELINESS, type Timeliness } from './publication.js';
import { WORKFLOW, WORKFLOW_STATE_KEYS, type WorkflowState } from './publication.workflow.js';

const nullableString = z.string().nullable();
const keysOf = <T extends object>(o: T) => Object.keys(o) as [string, ...string[]];

const agencyRef = z.object({ id: z.number().int(), slug: z.string(), name: z.string() });
export const attachmentSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  size: z.number().int(),
  mimeType: z.string(),
  url: z.string().describe('下载地址：公众为公开地址；工作人员为办公下载地址（发布前也可下载）'),
});
const linkSchema = z.object({ id: z.number().int(), title: z.string(), url: nullableString.describe('公开页面地址；未公开为 null（仅工作人员视图会出现）') });
const revision = z.object({
  revisionNo: z.number().int(),
  publishedAt: z.string(),
  changeNote: z.string(),
  publishedBy: z.string().optional().describe('仅工作人员视图'),
});

/** What anyone may see. Fields every view has are required; detail-only ones are optional. */
const publicFields = {
  id: z.number().int(),
  indexNumber: nullableString.describe('索引号；稿件在首次发布前为 null'),
  title: z.string(),
  summary: z.string().optional().describe('内容概述'),
  agency: agencyRef.describe('所属机关'),
  issuers: z.array(z.object({ agencyId: z.number().int().nullable(), name: z.string() })).optional().describe('发布机构'),
  category: z.string().optional().describe('公开类别'),
  categoryLabel: z.string().optional(),
  topic: z.string().optional().describe('主题分类'),
  topicLabel: z.string().optional(),
  genre: z.string().optional().describe('体裁分类'),
  genreLabel: z.string().optional(),
  documentNumber: z.string().optional().describe('文号'),
  validity: z.enum(VALIDITY_KEYS as [Validity, ...Validity[]]).optional().describe('有效性'),
  validityLabel: z.string().optional(),
  validityDate: nullableString.optional().describe('失效或废止日期'),
  writtenDate: nullableString.optional().describe('成文日期'),
  formedDate: nullableString.optional().describe('生成日期（形成或变更日期，公开时限自此起算）'),
  approvedOn: nullableString.optional().describe('批复日期（部门预决算的公开时限自此起算）'),
  catalogSummary: z.string().optional().describe('政府信息公开目录所列的内容概述（《条例》第十二条）：机关填写的内容概述；未填写时为正文前 80 字'),
  generatedDate: z.string().optional().describe('生成日期（《条例》第十二条），YYYY-MM-DD：成文日期；没有成文日期的取形成或变更日期，再没有的取发布日期'),
  publishedAt: nullableString.optional().describe('首次发布时间（ISO 时间）；未发布为 null'),
  publishedOn: nullableString.optional().describe('发布日期（北京时间的日历日期）'),
  revisedAt: nullableString.optional().describe('最近一次修订发布时间；未修订为 null'),
  url: nullableString.describe('公开页面地址；未公开为 null'),
  body: z.string().optional().describe('正文（仅详情）'),
  keywords: z.array(z.string()).optional(),
  disclosureAttribute: z.enum(keysOf(DISCLOSURE_ATTRIBUTES)).optional().describe('公开属性'),
  disclosureAttributeLabel: z.string().optional(),
  replacedBy: z.object({ id: z.number().int(), title: z.string(), url: z.string() }).nullable().optional().describe('替代本件的信息'),
  replacedByUrl: nullableString.optional().describe('替代文件在平台外的地址'),
  revisionNo: z.number().int().optional().describe('所示版本的修订号（公开详情）'),
  revisions: z.array(revision).optional(),
  attachments: z.array(attachmentSchema).optional(),
  interprets: z.array(linkSchema).optional().describe('政策解读所解读的文件（原文）；公众视图只列已公开的'),
  interpretedBy: z.array(linkSchema).optional().describe('解读本文件的政策解读；公众视图只列已公开的'),
  withdrawn: z.boolean().optional().describe('已撤回（公开详情）：撤回后只保留索引号、标题与撤回说明'),
  withdrawnAt: nullableString.optional(),
  withdrawalReason: nullableString.optional(),
};

/** What only the agency's staff see (workflow, review and revision facts). */
const staffFields = {
  department: z.object({ id: z.number().int(), name: z.string().nullable() }).nullable().optional().describe('内设机构'),
  state: z.enum(WORKFLOW_STATE_KEYS as [WorkflowState, ...WorkflowState[]]).optional().describe('流程状态'),
  stateLabel: z.string().optional(),
  publicStatus: z.enum(['none', 'published', 'withdrawn']).optional().describe('公开状态'),
  disclosureBasis: z.string().optional(),
  documentKind: z.string().optional(),
  changeNote: z.string().optional(),
  scheduledAt: nullableString.optional(),
  submittedAt: nullableString.optional(),
  revisionCount: z.number().int().optional().describe('已发布的版本数'),
  timeliness: z
    .object({ status: z.enum(keysOf(TIMELINESS)), statusLabel: z.string(), deadline: nullableString, provisional: z.boolean(), workdaysLeft: z.number().int().nullable(), basis: z.string().describe('设定公开时限的法律依据') })
    .optional()
    .describe('公开时限'),
  openFindings: z.number().int().optional().describe('未确认的筛查结果数'),
  findings: z
    .array(
      z.object({
        id: z.number().int(),
        source: z.string(),
        kind: z.string(),
        label: z.string(),
        severity: z.string(),
        excerpt: z.string(),
        suggestion: z.string(),
        confirmedBy: nullableString,
        confirmedAt: nullableString,
      }),
    )
    .optional(),
  reviews: z
    .array(
      z.object({
        step: z.string(),
        decision: z.string(),
        confidentiality: nullableString,
        comment: z.string(),
        reviewer: z.string(),
        at: z.string(),
        revisionNo: z.number().int().nullable(),
      }),
    )
    .optional(),
  interpretationWaiver: z
    .object({ reason: z.string(), by: z.string(), at: nullableString })
    .nullable()
    .optional()
    .describe('规章、规范性文件不同步发布解读的理由（机关管理员记录）；未记录为 null'),
  version: z.number().int().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
};

/** A publication as the public sees it (list item, detail, withdrawal notice, search hit). */
export const publicPublicationSchema = z.object(publicFields);
/** A publication as anyone may see it: the public fields plus the staff-only ones. */
export const publicationSchema = z.object({ ...publicFields, ...staffFields });
/** What a row of any list carries, public or staff. */
const LIST_ROW = {
  summary: true,
  issuers: true,
  category: true,
  categoryLabel: true,
  topic: true,
  topicLabel: true,
  genre: true,
  genreLabel: true,
  documentNumber: true,
  validity: true,
  validityLabel: true,
  writtenDate: true,
  publishedAt: true,
  publishedOn: true,
  revisedAt: true,
} as const;
/** A public list row: what every published item has, required. */
export const publicationListItemSchema = publicPublicationSchema.extend({ indexNumber: z.string(), url: z.string() }).required({
  ...LIST_ROW,
  catalogSummary: true,
  generatedDate: true,
});
/** The public detail of a published item. */
export const publicationDetailSchema = publicationListItemSchema.required({
  validityDate: true,
  formedDate: true,
  body: true,
  keywords: true,
  disclosureAttribute: true,
  disclosureAttributeLabel: true,
  replacedBy: true,
  replacedByUrl: true,
  revisionNo: true,
  revisions: true,
  attachments: true,
  interprets: true,
  interpretedBy: true,
  withdrawn: true,
  withdrawnAt: true,
  withdrawalReason: true,
});
/** What stays public of a withdrawn item: which it was, when and why it was withdrawn. */
export const withdrawnNoticeSchema = publicPublicationSchema
  .pick({ id: true, indexNumber: true, title: true, agency: true, url: true, withdrawn: true, withdrawnAt: true, withdrawalReason: true })
  .required();
/** A row of the staff list: the list fields with the workflow ones. */
export const staffListItemSchema = publicationSchema.required({
  ...LIST_ROW,
  formedDate: true,
  department: true,
  state: true,
  stateLabel: true,
  publicStatus: true,
  scheduledAt: true,
  submittedAt: true,
  revisionCount: true,
  openFindings: true,
  updatedAt: true,
});
/** The staff detail: every field but the public detail's revision number (staff see `revisionCount` and the list of revisions). */
export const staffPublicationSchema = publicationSchema.omit({ revisionNo: true }).required();
export const STAFF_ONLY_FIELDS = Object.keys(staffFields) as (keyof typeof staffFields)[];

export type PublicationJson = z.output<typeof publicationSchema>;

/** The facts a view of a publication may know. The query's row types fit it as they are. */
export interface PublicationFacts {
  id: number;
  agencyId: number;
  agencySlug: string;
  agencyName: string;
  indexNumber: string | null;
  title: string;
  /** Site-relative public URL, or null before publication. */
  url: string | null;
  summary?: string;
  issuers?: { agencyId: number | null; name: string }[];
  category?: string;
  topic?: string;
  genre?: string;
  documentNumber?: string;
  validity?: string;
  validityDate?: string | null;
  writtenDate?: string | null;
  formedDate?: string | null;
  approvedOn?: string | null;
  catalogSummary?: string;
  generatedDate?: string;
  publishedAt?: string | null;
  revisedAt?: string | null;
  body?: string;
  keywords?: string[];
  disclosureAttribute?: string;
  replacedBy?: { id: number; title: string; url: string } | null;
  replacedByUrl?: string | null;
  revisionNo?: number;
  revisions?: { revisionNo: number; publishedAt: string; changeNote: string; publishedBy?: string }[];
  /** Site-relative download URLs. */
  attachments?: { id: number; name: string; size: number; mimeType: string; url: string }[];
  interprets?: { id: number; title: string; url: string | null }[];
  interpretedBy?: { id: number; title: string; url: string | null }[];
  withdrawn?: boolean;
  withdrawnAt?: string | null;
  withdrawalReason?: string | null;
  staff?: StaffFacts;
}

export interface StaffFacts {
  department: { id: number; name: string | null } | null;
  state: string;
  publicStatus: string;
  disclosureBasis?: string;
  documentKind?: string;
  changeNote?: string;
  scheduledAt: string | null;
  submittedAt: string | null;
  revisionCount: number;
  timeliness?: Timeliness;
  openFindings?: number;
  findings?: { id: number; sourceLabel: string; kind: string; label: string; severity: string; excerpt: string; suggestion: string; confirmedByName: string | null; confirmedAt: string | null }[];
  reviews?: { step: string; decision: string; confidentiality: string; comment: string; reviewerName: string; createdAt: string; revisionNo: number | null }[];
  interpretationWaiver?: string;
  interpretationWaiverBy?: string;
  interpretationWaiverAt?: string | null;
  version?: number;
  createdAt?: string;
  updatedAt: string;
}

const labelOf = (table: Record<string, string | { label: string }>, key: string | undefined): string | undefined => {
  if (key === undefined) return undefined;
  const v = Object.hasOwn(table, key) ? table[key] : undefined;
  return v === undefined ? key : typeof v === 'string' ? v : v.label;
};

/** Drops the keys a view does not know, so optional fields are absent rather than undefined. */
function known<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

const absolute = (publicUrl: string, u: string | null | undefined) => (u == null ? u : /^https?:\/\//.test(u) ? u : `${publicUrl}${u}`);

/** A file of an item, as listed in its `attachments` and as answered on upload. */
export function presentAttachment(a: { id: number; name: string; size: number; mimeType: string; url: string }, publicUrl: string): z.output<typeof attachmentSchema> {
  return { id: a.id, name: a.name, size: a.size, mimeType: a.mimeType, url: absolute(publicUrl, a.url)! };
}

/** The JSON of a publication; `publicUrl` makes its links absolute. */
export function presentPublication(p: PublicationFacts, publicUrl: string): PublicationJson {
  const s = p.staff;
  return known({
    id: p.id,
    indexNumber: p.indexNumber,
    title: p.title,
    summary: p.summary,
    agency: { id: p.agencyId, slug: p.agencySlug, name: p.agencyName },
    issuers: p.issuers?.map((i) => ({ agencyId: i.agencyId, name: i.name })),
    category: p.category,
    categoryLabel: labelOf(DISCLOSURE_CATEGORIES, p.category),
    topic: p.topic,
    topicLabel: labelOf(TOPICS, p.topic),
    genre: p.genre,
    genreLabel: labelOf(GENRES, p.genre),
    documentNumber: p.documentNumber,
    validity: p.validity as Validity | undefined,
    validityLabel: labelOf(VALIDITY, p.validity),
    validityDate: p.validityDate,
    writtenDate: p.writtenDate,
    formedDate: p.formedDate,
    approvedOn: p.approvedOn,
    catalogSummary: p.catalogSummary,
    generatedDate: p.generatedDate,
    publishedAt: p.publishedAt === undefined ? undefined : p.publishedAt || null,
    publishedOn: p.publishedAt === undefined ? undefined : p.publishedAt ? chinaDateOf(new Date(p.publishedAt)) : null,
    revisedAt: p.revisedAt,
    url: absolute(publicUrl, p.url) ?? null,
    body: p.body,
    keywords: p.keywords,
    disclosureAttribute: p.disclosureAttribute,
    disclosureAttributeLabel: labelOf(DISCLOSURE_ATTRIBUTES, p.disclosureAttribute),
    replacedBy: p.replacedBy === undefined ? undefined : p.replacedBy && { ...p.replacedBy, url: absolute(publicUrl, p.replacedBy.url)! },
    replacedByUrl: p.replacedByUrl === undefined ? undefined : p.replacedByUrl || null,
    revisionNo: p.revisionNo,
    revisions: p.revisions?.map((r) => known({ revisionNo: r.revisionNo, publishedAt: r.publishedAt, changeNote: r.changeNote, publishedBy: r.publishedBy })),
    attachments: p.attachments?.map((a) => presentAttachment(a, publicUrl)),
    interprets: p.interprets?.map((l) => ({ id: l.id, title: l.title, url: absolute(publicUrl, l.url) ?? null })),
    interpretedBy: p.interpretedBy?.map((l) => ({ id: l.id, title: l.title, url: absolute(publicUrl, l.url) ?? null })),
    withdrawn: p.withdrawn,
    withdrawnAt: p.withdrawnAt,
    withdrawalReason: p.withdrawalReason === undefined ? undefined : p.withdrawalReason || null,
    // Staff only.
    department: s?.department,
    state: s?.state as WorkflowState | undefined,
    stateLabel: s ? (labelOf(WORKFLOW.states, s.state) ?? s.state) : undefined,
    publicStatus: s?.publicStatus as PublicationJson['publicStatus'],
    disclosureBasis: s?.disclosureBasis,
    documentKind: s?.documentKind,
    changeNote: s?.changeNote,
    scheduledAt: s?.scheduledAt,
    submittedAt: s?.submittedAt,
    revisionCount: s?.revisionCount,
    timeliness: s?.timeliness && {
      status: s.timeliness.status,
      statusLabel: TIMELINESS[s.timeliness.status].label,
      deadline: s.timeliness.deadline,
      provisional: s.timeliness.provisional,
      workdaysLeft: s.timeliness.workdaysLeft,
      basis: s.timeliness.basis,
    },
    openFindings: s?.openFindings,
    findings: s?.findings?.map((f) => ({
      id: f.id,
      source: f.sourceLabel,
      kind: f.kind,
      label: f.label,
      severity: f.severity,
      excerpt: f.excerpt,
      suggestion: f.suggestion,
      confirmedBy: f.confirmedByName,
      confirmedAt: f.confirmedAt,
    })),
    reviews: s?.reviews?.map((r) => ({
      step: r.step,
      decision: r.decision,
      confidentiality: r.confidentiality || null,
      comment: r.comment,
      reviewer: r.reviewerName,
      at: r.createdAt,
      revisionNo: r.revisionNo,
    })),
    interpretationWaiver:
      s?.interpretationWaiver === undefined
        ? undefined
        : s.interpretationWaiver
          ? { reason: s.interpretationWaiver, by: s.interpretationWaiverBy ?? '', at: s.interpretationWaiverAt ?? null }
          : null,
    version: s?.version,
    createdAt: s?.createdAt,
    updatedAt: s?.updatedAt,
  });
}
