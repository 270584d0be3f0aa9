/**
 * Publications: the domain's constants, input schemas and pure rules (index
 * numbers, dates, completeness, timeliness). No database, no clock: "today" is
 * always an argument.
 */
import { z } from 'zod';
import { interpretsField } from './publication.interpretation.js';
import type { FieldErrors } from '../../errors.js';
import { isIsoDate, type IsoDate } from '../../lib/dates.js';
import { intField, optionalText, text } from '../../lib/validation.js';
import type { Calendar } from '../calendar/calendar.js';
import { type PublicationEvent, publicationClock, startEventOf } from './publication.clock.js';
import { effectiveRule, PERIOD_KINDS, PERIOD_LAWS, type PeriodRule, periodLength, periodRuleOf } from './publication.periods.js';
import { countWorkdays } from '../calendar/workdays.js';
import {
  DISCLOSURE_ATTRIBUTE_KEYS,
  DISCLOSURE_CATEGORY_KEYS,
  DOCUMENT_KIND_KEYS,
  GENRE_KEYS,
  TOPIC_KEYS,
  VALIDITY_KEYS,
  type DisclosureAttribute,
  type DisclosureCategory,
  type DocumentKind,
  type Genre,
  type Topic,
  type Validity,
} from './categories.js';

// ---------------------------------------------------------------- vocabularies

/** What the public sees of an item. */
export const PUBLIC_STATUSES = {
  none: '未发布',
  published: '公开中',
  withdrawn: '已撤回',
} as const;
export type PublicStatus = keyof typeof PUBLIC_STATUSES;

/** The outcome of the confidentiality review (保密审查) the office records. */
export const CONFIDENTIALITY_OUTCOMES = {
  cleared: { label: '不涉及国家秘密、工作秘密和敏感信息，同意公开', allowsPublishing: true },
  cleared_after_changes: { label: '经删除或处理有关内容后，同意公开', allowsPublishing: true },
  not_disclosable: { label: '涉及国家秘密或不宜公开的内容，不同意公开', allowsPublishing: false },
} as const;
export type ConfidentialityOutcome = keyof typeof CONFIDENTIALITY_OUTCOMES;
export const CONFIDENTIALITY_KEYS = Object.keys(CONFIDENTIALITY_OUTCOMES) as ConfidentialityOutcome[];

export const REVIEW_STEPS = { office_review: '办公室审核', leader_approval: '领导审批' } as const;
export const REVIEW_DECISIONS = { approved: '通过', rejected: '退回' } as const;

export const LIMITS = {
  title: 200,
  summary: 1000,
  /** Characters of HTML after sanitizing. */
  body: 1_000_000,
  documentNumber: 60,
  keyword: 20,
  keywords: 10,
  disclosureBasis: 500,
  changeNote: 500,
  comment: 2000,
  reason: 1000,
  issuers: 10,
  issuerName: 60,
  attachmentName: 120,
} as const;

// ---------------------------------------------------------------- 索引号

const TOKEN = /\{([A-Za-z]+)(?::(\d+))?\}/g;
const PATTERN_LITERAL = /^[A-Za-z0-9/\-_.]*$/;

export const DEFAULT_INDEX_PATTERN = '{agencyCode}/{yyyy}-{serial:5}';

/**
 * Problems with an index-number pattern, in Chinese; empty when it is usable. A
 * pattern needs {yyyy} because serials restart every year, and exactly one
 * {serial:N} (N = 1–10 digits) so every number is unique.
 */
export function validateIndexPattern(pattern: string): string[] {
  const problems: string[] = [];
  if (pattern.length === 0) return ['索引号格式不能为空'];
  if (pattern.length > 60) problems.push('索引号格式不能超过 60 个字符');
  const tokens = [...pattern.matchAll(TOKEN)];
  const literal = pattern.replace(TOKEN, '');
  if (/[{}]/.test(literal)) problems.push('花括号不成对，或占位符写法不正确（应为 {agencyCode}、{yyyy}、{mm}、{serial:5}）');
  else if (!PATTERN_LITERAL.test(literal)) problems.push('固定部分只能使用字母、数字和 / - _ .');
  for (const t of tokens) {
    const [whole, name, width] = t;
    if (name === 'serial') {
      if (width === undefined) problems.push('流水号须写明位数，例如 {serial:5}');
      else if (Number(width) < 1 || Number(width) > 10) problems.push('流水号位数应为 1 到 10');
    } else if (!['agencyCode', 'yyyy', 'mm'].includes(name!) || width !== undefined) {
      problems.push(`不认识的占位符 ${whole}`);
    }
  }
  const serials = tokens.filter((t) => t[1] === 'serial').length;
  if (serials !== 1) problems.push('索引号格式中必须有且只有一个流水号 {serial:N}');
  if (!tokens.some((t) => t[1] === 'yyyy')) problems.push('索引号格式中必须含年份 {yyyy}（流水号按年重新编排）');
  return [...new Set(problems)];
}

export interface IndexNumberParts {
  agencyCode: string;
  year: number;
  /** 1–12. */
  month: number;
  /** 1-based serial within the agency and year. */
  serial: number;
}

/**
 * Fills an index-number pattern. The serial is zero-padded to its width and never
 * truncated (serial 100000 in a 5-digit pattern gives six digits, not a clash).
 * Throws RangeError for an invalid pattern or parts.
 */
export function formatIndexNumber(pattern: string, parts: IndexNumberParts): string {
  const problems = validateIndexPattern(pattern);
  if (problems.length) throw new RangeError(problems.join('；'));
  if (!Number.isInteger(parts.year) || parts.year < 1900 || parts.year > 2999) throw new RangeError(`year out of range: ${parts.year}`);
  if (!Number.isInteger(parts.month) || parts.month < 1 || parts.month > 12) throw new RangeError(`month out of range: ${parts.month}`);
  if (!Number.isSafeInteger(parts.serial) || parts.serial < 1) throw new RangeError(`serial must be a positive integer: ${parts.serial}`);
  if (!parts.agencyCode || /[\s{}]/.test(parts.agencyCode)) throw new RangeError('agency code is empty or malformed');
  return pattern.replace(TOKEN, (_w, name: string, width?: string) => {
    if (name === 'agencyCode') return parts.agencyCode;
    if (name === 'yyyy') return String(parts.year);
    if (name === 'mm') return String(parts.month).padStart(2, '0');
    return String(parts.serial).padStart(Number(width), '0');
  });
}

// ---------------------------------------------------------------- input

const isoDateField = (label: string) =>
  z.preprocess(
    (v) => (v === '' || v === null ? undefined : typeof v === 'string' ? v.trim() : v),
    z
      .string({ message: `${label}应为日期（YYYY-MM-DD）` })
      .refine((v) => isIsoDate(v), `${label}不是有效日期，应为 YYYY-MM-DD，例：2026-03-15`)
      .optional(),
  );

/** An optional key of a closed vocabulary; '' means "not chosen yet". */
const vocab = <K extends string>(keys: readonly K[], message: string) =>
  z.preprocess((v) => (v === null || v === undefined ? '' : v), z.union([z.literal(''), z.enum(keys as [K, ...K[]], { message })], { message }));

/** Keywords from a form ("a、b, c") or JSON (["a","b"]), normalised to a '、'-joined list. */
const keywordsField = z
  .preprocess(
    (v) => {
      if (v === undefined || v === null) return [];
      if (Array.isArray(v)) return v;
      if (typeof v === 'string') return v.split(/[、,，;；\s]+/);
      return v;
    },
    z.array(z.string({ message: '关键词应为文本' }), { message: '关键词应为文本或文本列表' }),
  )
  .transform((list) => [...new Set(list.map((k) => k.trim()).filter(Boolean))])
  .pipe(
    z
      .array(z.string().max(LIMITS.keyword, `每个关键词不能超过 ${LIMITS.keyword} 个字`))
      .max(LIMITS.keywords, `关键词不能超过 ${LIMITS.keywords} 个`),
  )
  .transform((list) => list.join('、'));

const issuerItem = z.union(
  [
    intField('发布机构').transform((agencyId) => ({ agencyId, name: '' })),
    z.object({
      agencyId: intField('发布机构').optional().nullable(),
      name: optionalText(LIMITS.issuerName),
    }),
  ],
  { message: '发布机构应为机关编号或 {agencyId, name}' },
);

/** 发布机构: agency ids (from a form's checkboxes or JSON) or {agencyId?, name} for bodies not on the platform. */
export const issuersField = z.preprocess(
  (v) => {
    if (typeof v === 'string') return v.trim() === '' ? [] : v.split(',').map((s) => s.trim());
    return v;
  },
  z.array(issuerItem, { message: '发布机构应为列表' }).max(LIMITS.issuers, `发布机构不能超过 ${LIMITS.issuers} 个`),
);

/**
 * Every field of the working copy. Creating a draft needs only a title; the rest
 * must be complete before submitting (`missingForSubmit`). The same schema serves
 * the office form and the API.
 */
export const publicationFields = {
  title: text(LIMITS.title, { required: true }),
  summary: optionalText(LIMITS.summary),
  body: z.preprocess((v) => (v == null ? '' : v), z.string({ message: '正文应为文本' }).max(LIMITS.body * 2, '正文过长')),
  documentNumber: optionalText(LIMITS.documentNumber),
  writtenDate: isoDateField('成文日期'),
  formedDate: isoDateField('形成或变更日期'),
  /** 批复日期 of a budget or final accounts: 预算法 Art. 14's 20 days run from it. */
  approvedOn: isoDateField('批复日期'),
  category: vocab(DISCLOSURE_CATEGORY_KEYS, '请从列表中选择公开类别'),
  topic: vocab(TOPIC_KEYS, '请从列表中选择主题分类'),
  genre: vocab(GENRE_KEYS, '请从列表中选择体裁分类'),
  keywords: keywordsField,
  disclosureAttribute: z.preprocess(
    (v) => (v === '' || v == null ? 'proactive' : v),
    z.enum(DISCLOSURE_ATTRIBUTE_KEYS as [DisclosureAttribute, ...DisclosureAttribute[]], { message: '请选择公开属性' }),
  ),
  disclosureBasis: optionalText(LIMITS.disclosureBasis),
  documentKind: z.preprocess(
    (v) => (v === '' || v == null ? 'other' : v),
    z.enum(DOCUMENT_KIND_KEYS as [DocumentKind, ...DocumentKind[]], { message: '请选择文件类型' }),
  ),
  changeNote: optionalText(LIMITS.changeNote),
  issuers: issuersField.optional(),
  /** For a 政策解读: the documents it interprets (原文), by 编号 or 索引号. */
  interprets: interpretsField.optional(),
  departmentId: z.preprocess((v) => (v === '' ? null : v), intField('股室').nullable().optional()),
};

export const publicationCreateInput = z.object({
  ...publicationFields,
  agencyId: intField('机关').optional(),
});
export type PublicationCreateInput = z.infer<typeof publicationCreateInput>;

export const publicationUpdateInput = z
  .object(publicationFields)
  .partial()
  .extend({ version: intField('版本') });
export type PublicationUpdateInput = z.infer<typeof publicationUpdateInput>;

export const transitionInput = z.object({
  action: z.string({ message: '请指定操作' }).min(1, '请指定操作').max(40),
  comment: optionalText(LIMITS.comment),
  version: intField('版本').optional(),
  /** For approve by the office: the confidentiality-review outcome. */
  confidentiality: z
    .preprocess((v) => (v === '' || v == null ? undefined : v), z.enum(CONFIDENTIALITY_KEYS as [ConfidentialityOutcome, ...ConfidentialityOutcome[]], { message: '请选择保密审查结论' }).optional()),
  /** For schedule: when to publish, an ISO instant or `YYYY-MM-DDTHH:mm` in China time. */
  scheduledAt: z.preprocess((v) => (v === '' || v == null ? undefined : v), z.string().max(40).optional()),
  /** For set_validity. */
  validity: z.preprocess((v) => (v === '' || v == null ? undefined : v), z.enum(VALIDITY_KEYS as [Validity, ...Validity[]], { message: '请选择有效性' }).optional()),
  validityDate: isoDateField('有效性变更日期'),
  replacedById: z.preprocess((v) => (v === '' || v == null ? undefined : v), intField('替代文件编号').optional()),
  replacedByUrl: z.preprocess(
    (v) => (v == null ? '' : v),
    text(300).refine((v) => v === '' || /^(https?:\/\/\S+|\/\S*)$/.test(v), '替代文件链接应以 http://、https:// 或 / 开头'),
  ),
});
export type TransitionInput = z.infer<typeof transitionInput>;

/**
 * A schedule time typed in an office form (`2026-12-01T09:30`, China wall time)
 * or sent as an ISO instant; null when it is neither.
 */
export function parseScheduleTime(raw: string): string | null {
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})$/.exec(raw.trim());
  if (local) {
    if (!isIsoDate(local[1]) || Number(local[2]) > 23 || Number(local[3]) > 59) return null;
    const d = new Date(`${local[1]}T${local[2]}:${local[3]}:00+08:00`);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw.trim())) return null;
  const d = new Date(raw.trim());
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

// ---------------------------------------------------------------- rules

export interface WorkingCopy {
  title: string;
  summary: string;
  body: string;
  documentNumber: string;
  writtenDate: string | null;
  formedDate: string | null;
  approvedOn?: string | null | undefined;
  category: string;
  topic: string;
  genre: string;
  disclosureAttribute: string;
  disclosureBasis: string;
}

/**
 * Date rules that hold at every save: 成文日期 and the formed/changed date cannot
 * lie in the future (a document cannot be signed tomorrow, and a future 形成日期
 * would push the Art. 26 clock).
 */
export function dateProblems(
  p: { writtenDate?: string | null | undefined; formedDate?: string | null | undefined; approvedOn?: string | null | undefined },
  today: IsoDate,
): FieldErrors {
  const fields: FieldErrors = {};
  if (p.writtenDate && p.writtenDate > today) fields.writtenDate = `成文日期不能晚于今天（${today}）`;
  if (p.formedDate && p.formedDate > today) fields.formedDate = `形成或变更日期不能晚于今天（${today}）`;
  if (p.approvedOn && p.approvedOn > today) fields.approvedOn = `批复日期不能晚于今天（${today}）`;
  return fields;
}

/** Whether the category's period runs from the 批复, so the form asks for 批复日期. */
export function needsApprovalDate(category: string | null | undefined): boolean {
  return periodRuleOf(category).kind === 'days_from_approval';
}

/** Non-proactive items must state their legal basis (disclosure-structure §5 req. 17). */
export function basisProblems(p: { disclosureAttribute: string; disclosureBasis: string }): FieldErrors {
  return p.disclosureAttribute !== 'proactive' && p.disclosureBasis.trim() === ''
    ? { disclosureBasis: '公开属性为“依申请公开”或“不予公开”的，必须填写依据' }
    : {};
}

/**
 * What must be filled in before an item can be submitted, per field in Chinese:
 * the office sees the same list next to the form while drafting (journey 7).
 */
export function missingForSubmit(p: WorkingCopy, extra: { issuerCount: number; attachmentCount: number }): FieldErrors {
  const fields: FieldErrors = {};
  const need = (key: string, label: string, ok: boolean) => {
    if (!ok) fields[key] = `提交前须填写${label}`;
  };
  need('title', '名称', p.title.trim() !== '');
  need('summary', '内容概述', p.summary.trim() !== '');
  need('body', '正文或上传附件', p.body.trim() !== '' || extra.attachmentCount > 0);
  need('category', '公开类别', p.category !== '');
  need('topic', '主题分类', p.topic !== '');
  need('genre', '体裁分类', p.genre !== '');
  const rule = periodRuleOf(p.category);
  need('writtenDate', rule.kind === 'wd_from_decision' ? `成文日期（即作出决定之日，用于计算${periodLength(rule)}的公开期限）` : '成文日期', !!p.writtenDate);
  need('formedDate', rule.kind === 'wd_from_formed' ? `形成或变更日期（用于计算${periodLength(rule)}的公开期限）` : '形成或变更日期', !!p.formedDate);
  if (rule.kind === 'days_from_approval') need('approvedOn', `批复日期（${PERIOD_LAWS[rule.law].short}：批复后${periodLength(rule)}内公开）`, !!p.approvedOn);
  need('issuers', '发布机构', extra.issuerCount > 0);
  Object.assign(fields, basisProblems(p));
  return fields;
}

// ---------------------------------------------------------------- timeliness (Art. 26 and the periods other laws set)

export const TIMELINESS = {
  no_date: { label: '缺少起算日期', urgent: false },
  on_track: { label: '期限内', urgent: false },
  due_soon: { label: '即将到期', urgent: true },
  overdue: { label: '已逾期', urgent: true },
  met: { label: '按期公开', urgent: false },
  late: { label: '逾期公开', urgent: false },
} as const;
export type TimelinessStatus = keyof typeof TIMELINESS;

/** Working days left at which an item counts as due soon. */
export const DUE_SOON_WORKDAYS = 5;

export interface Timeliness {
  status: TimelinessStatus;
  /** Last day to publish under the category's period rule, or null without its start date. */
  deadline: IsoDate | null;
  /** The deadline relies on a year the calendar does not cover (weekday rule). */
  provisional: boolean;
  /** Working days from today to the deadline; negative when overdue; null once published or without a date. */
  workdaysLeft: number | null;
  /** The law that sets the period, e.g. 《中华人民共和国预算法》第十四条第二款. */
  basis: string;
  explanation: string[];
}

/**
 * The publication clock of one item under its category's period rule: its deadline
 * and whether it is overdue or due within DUE_SOON_WORKDAYS working days, judged on
 * `today`. Without the date the rule runs from, the status is `no_date` and the
 * explanation names the missing field and the law.
 */
export function timeliness(
  cal: Calendar,
  p: { category?: string | null | undefined; rule?: PeriodRule | null | undefined; formedDate: string | null; writtenDate?: string | null | undefined; approvedOn?: string | null | undefined; publishedDate?: string | null | undefined },
  today: IsoDate,
  soonDays = DUE_SOON_WORKDAYS,
): Timeliness {
  // A rule the agency's standard catalog sets for the item comes before its category's.
  const rule = effectiveRule(p);
  const basis = PERIOD_LAWS[rule.law].citation;
  const start = startEventOf(rule, p);
  const events: PublicationEvent[] = start ? [start] : [];
  if (p.publishedDate && isIsoDate(p.publishedDate)) events.push({ type: 'published', date: p.publishedDate });
  const clock = publicationClock(cal, events, { today, rule });
  if (!start || clock.deadline === null) {
    return { status: 'no_date', deadline: null, provisional: false, workdaysLeft: null, basis, explanation: clock.explanation };
  }
  const deadline = clock.deadline;
  if (clock.state === 'met' || clock.state === 'late') {
    return { status: clock.state, deadline, provisional: clock.provisional, workdaysLeft: null, basis, explanation: clock.explanation };
  }
  const left = today <= deadline ? countWorkdays(cal, today, deadline, { details: false }).count : -countWorkdays(cal, deadline, today, { details: false }).count;
  const status: TimelinessStatus = today > deadline ? 'overdue' : left <= soonDays ? 'due_soon' : 'on_track';
  return { status, deadline, provisional: clock.provisional, workdaysLeft: left, basis, explanation: clock.explanation };
}

/** The start-date field a category's rule needs, for hints: 形成或变更日期, 批复日期 or 成文日期. */
export function periodDateLabel(category: string | null | undefined): string {
  return PERIOD_KINDS[periodRuleOf(category).kind].dateLabel;
}

// ---------------------------------------------------------------- narrowing helpers

export const asCategory = (v: string) => v as DisclosureCategory;
export const asTopic = (v: string) => v as Topic;
export const asGenre = (v: string) => v as Genre;

/**
 * The columns of a new item that the workflow fills later (index number, revisions,
 * dates of each step) and who wrote it: one place for a draft and a recorded item.
 */
export function newItemBookkeeping(userId: number | null, at: string) {
  return {
    indexNumber: null,
    currentRevisionId: null,
    validityDate: null,
    replacedById: null,
    scheduledAt: null,
    submittedAt: null,
    firstPublishedAt: null,
    lastPublishedAt: null,
    withdrawnAt: null,
    createdBy: userId,
    updatedBy: userId,
    editedBy: userId,
    createdAt: at,
    updatedAt: at,
  } as const;
}
