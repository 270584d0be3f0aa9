/**
 * The rules of public participation, without I/O: the closed vocabularies, the
 * minimum comment periods, when a consultation takes comments, and the timing of
 * hearing materials. Spec: disclosure-structure.md §3 (《重大行政决策程序暂行条例》
 * Arts. 15–18, the 法治政府 index item 24 for 规章 and 规范性文件).
 */
import { addDays, compareDates, type IsoDate } from '../../lib/dates.js';
import type { Calendar } from '../calendar/calendar.js';
import { addWorkdays, countWorkdays } from '../calendar/workdays.js';

/**
 * What is consulted on, and its default minimum period. 其他 (a plan, a work
 * programme) has no statutory minimum; it takes the smallest statutory one, 7
 * working days, or 30 days when market-related, like a 规范性文件 (docs/decisions/0013).
 */
export const CONSULTATION_KINDS = {
  major_decision: { label: '重大行政决策', minimum: { unit: 'days', count: 30 } },
  rule: { label: '规章', minimum: { unit: 'days', count: 30 } },
  normative: { label: '规范性文件', minimum: { unit: 'workdays', count: 7 } },
  other: { label: '其他', minimum: { unit: 'workdays', count: 7 } },
} as const satisfies Record<string, { label: string; minimum: MinimumPeriod }>;
export type ConsultationKind = keyof typeof CONSULTATION_KINDS;
export const CONSULTATION_KIND_KEYS = Object.keys(CONSULTATION_KINDS) as [ConsultationKind, ...ConsultationKind[]];

export interface MinimumPeriod {
  unit: 'days' | 'workdays';
  count: number;
}

/** A market-related draft (closely tied to market actors) needs 30 days, whatever its kind. */
const MARKET_MINIMUM: MinimumPeriod = { unit: 'days', count: 30 };

export const CONSULTATION_STATES = {
  draft: { label: '草稿' },
  open: { label: '已发布' },
  closed: { label: '已结束' },
} as const;
export type ConsultationState = keyof typeof CONSULTATION_STATES;

/** Where a consultation stands for the public on a given day. */
export const CONSULTATION_PHASES = {
  draft: { label: '未发布' },
  upcoming: { label: '即将开始' },
  accepting: { label: '征集中' },
  ended: { label: '已截止' },
} as const;
export type ConsultationPhase = keyof typeof CONSULTATION_PHASES;

export const COMMENT_STATUSES = {
  pending: { label: '待审核' },
  approved: { label: '已公开' },
  rejected: { label: '不予公开' },
} as const;
export type CommentStatus = keyof typeof COMMENT_STATUSES;

/** Why a comment is not shown; the moderator adds a sentence of their own. */
export const REJECT_REASONS = {
  off_topic: { label: '与征集内容无关' },
  abusive: { label: '含侮辱、攻击性内容' },
  privacy: { label: '含他人个人信息' },
  advertising: { label: '广告或垃圾信息' },
  duplicate: { label: '重复提交' },
  unlawful: { label: '含违反法律法规的内容' },
} as const;
export type RejectReason = keyof typeof REJECT_REASONS;
export const REJECT_REASON_KEYS = Object.keys(REJECT_REASONS) as [RejectReason, ...RejectReason[]];

export const HEARING_STATES = {
  draft: { label: '草稿' },
  published: { label: '已公告' },
} as const;
export type HearingState = keyof typeof HEARING_STATES;

/** Materials reach hearing participants at least this many days before the hearing (Art. 17). */
export const MATERIAL_LEAD_DAYS = 7;
/** Working days after comments close within which the 采纳情况 is expected; later, the dashboard alarms. */
export const FEEDBACK_ALARM_WORKDAYS = 15;

export const COMMENT_LIMITS = { body: 2000, name: 40, contact: 100 } as const;

export function minimumPeriodOf(kind: ConsultationKind, marketRelated: boolean): MinimumPeriod {
  return marketRelated ? MARKET_MINIMUM : CONSULTATION_KINDS[kind].minimum;
}

export function describePeriod(p: MinimumPeriod): string {
  return p.unit === 'days' ? `${p.count}日` : `${p.count}个工作日`;
}

/**
 * The period's length in its unit, start and end days both counted: "1月1日至1月30日"
 * is 30 days. Working days are counted by the calendar (holidays skipped, 调休 counted).
 */
export function periodLength(cal: Calendar, unit: MinimumPeriod['unit'], start: IsoDate, end: IsoDate): { count: number; provisional: boolean } {
  if (compareDates(end, start) < 0) return { count: 0, provisional: false };
  if (unit === 'days') return { count: Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000) + 1, provisional: false };
  const r = countWorkdays(cal, addDays(start, -1), end, { details: false });
  return { count: r.count, provisional: r.provisional };
}

/** The earliest end date that meets the minimum from `start`. */
export function earliestEnd(cal: Calendar, p: MinimumPeriod, start: IsoDate): IsoDate {
  return p.unit === 'days' ? addDays(start, p.count - 1) : addWorkdays(cal, addDays(start, -1), p.count, { details: false }).date;
}

export interface PeriodCheck {
  minimum: MinimumPeriod;
  length: number;
  short: boolean;
  earliestEnd: IsoDate;
  provisional: boolean;
}

export function checkPeriod(cal: Calendar, kind: ConsultationKind, marketRelated: boolean, start: IsoDate, end: IsoDate): PeriodCheck {
  const minimum = minimumPeriodOf(kind, marketRelated);
  const { count, provisional } = periodLength(cal, minimum.unit, start, end);
  return { minimum, length: count, short: count < minimum.count, earliestEnd: earliestEnd(cal, minimum, start), provisional };
}

/** Comments are taken from the start date to the end date, both included, China dates. */
export function phaseOf(c: { state: string; startDate: string | null; endDate: string | null }, today: IsoDate): ConsultationPhase {
  if (c.state === 'draft' || !c.startDate || !c.endDate) return 'draft';
  if (c.state === 'closed' || compareDates(today, c.endDate) > 0) return 'ended';
  if (compareDates(today, c.startDate) < 0) return 'upcoming';
  return 'accepting';
}

/** The last day on which materials may reach participants: 7 days before the hearing day. */
export function materialDeadline(hearingDate: IsoDate): IsoDate {
  return addDays(hearingDate, -MATERIAL_LEAD_DAYS);
}

export interface Section {
  heading: string;
  body: string;
}

/**
 * The draft as sections, from the office's one text box: a line starting with
 * `## ` begins a section and is its heading; text before the first heading is a
 * section headed 总则 only if there is any.
 */
export function parseSections(text: string): Section[] {
  const out: Section[] = [];
  let current: { heading: string; lines: string[] } | null = null;
  const preamble: string[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const m = /^\s*##\s*(.*)$/.exec(raw);
    if (m) {
      if (current) out.push({ heading: current.heading, body: current.lines.join('\n').trim() });
      current = { heading: (m[1] ?? '').trim(), lines: [] };
    } else if (current) current.lines.push(raw);
    else preamble.push(raw);
  }
  if (current) out.push({ heading: current.heading, body: current.lines.join('\n').trim() });
  const pre = preamble.join('\n').trim();
  if (pre) out.unshift({ heading: '总则', body: pre });
  return out;
}

/** The sections back as the office's text box shows them. */
export function sectionsText(sections: readonly Section[]): string {
  return sections.map((s) => `## ${s.heading}\n${s.body}`).join('\n\n');
}
