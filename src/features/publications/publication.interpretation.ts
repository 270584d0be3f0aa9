/**
 * 政策解读 and the documents they interpret (原文), disclosure-structure §3 and §5
 * requirement 16:
 * - a 解读 names one or more 原文; both pages link to each other;
 * - publishing a 规章 or 行政规范性文件 without a linked 解读 is refused until an
 *   agency administrator records why none is needed (audited);
 * - a linked 解读 still unpublished 3 working days after its document was
 *   published is overdue (国办发〔2016〕19号: 解读材料 within 3 working days).
 */
import { z } from 'zod';
import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { announce, nowOf, todayOf } from '../../db/runtime.js';
import { staleEdit, validationError } from '../../errors.js';
import { chinaDateOf, type IsoDate } from '../../lib/dates.js';
import { intField, parseInput, text } from '../../lib/validation.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import type { Calendar } from '../calendar/calendar.js';
import { deadlineAfter } from '../calendar/clock-kit.js';
import type { DeadlineSource } from '../calendar/deadline-sources.js';
import { DOCUMENT_KINDS } from './categories.js';
import * as repo from './publication.repository.js';
import type { PublicationRow } from './publication.table.js';

/** 国办发〔2016〕19号: the 解读材料 go online within 3 working days after the document. */
export const INTERPRETATION_WORKDAYS = 3;
export const MAX_INTERPRETED = 10;

/** What a 解读 covers (《政府网站发展指引》), then the service facts for a 办事 policy: the new-解读 form's headings. */
export const INTERPRETATION_SECTIONS = ['背景依据', '目标任务', '主要内容', '解决的问题'] as const;
export const INTERPRETATION_SERVICE_SECTIONS = ['办理单位', '办理条件', '所需材料', '办理程序', '办理时限'] as const;

/** The body a new 解读 starts from: one heading per section, with a line saying what goes there. */
export function interpretationTemplate(): string {
  const hint: Record<string, string> = {
    背景依据: '为什么制定本文件，依据哪些法律法规和上级文件。',
    目标任务: '本文件要达到的目标和完成的任务。',
    主要内容: '本文件的主要条款和措施，用通俗的话说明，不照抄原文。',
    解决的问题: '本文件解决哪些实际问题，对群众和企业有什么影响。',
  };
  const main = INTERPRETATION_SECTIONS.map((s, i) => `<h2>${'一二三四'[i]}、${s}</h2><p>${hint[s]}</p>`).join('');
  const service = `<h2>五、办事指引（涉及办事服务的填写，不涉及的删除本节）</h2><ul>${INTERPRETATION_SERVICE_SECTIONS.map((s) => `<li>${s}：</li>`).join('')}</ul>`;
  return main + service;
}

/** A 政策解读: filed under the 政策解读 column, or of the 解读 genre. */
export function isInterpretation(p: { category: string; genre: string }): boolean {
  return p.category === 'policy_interpretation' || p.genre === 'interpretation';
}

/** 规章 and 行政规范性文件 must come with a 解读. */
export function needsInterpretation(p: { documentKind: string }): boolean {
  return p.documentKind === 'regulation' || p.documentKind === 'normative';
}

/**
 * The 原文 field of the edit form and the API: references one per line (or a JSON
 * array), each an item's 编号 or its 索引号; empty clears the links.
 */
export const interpretsField = z.preprocess(
  (v) => {
    if (typeof v === 'string') return v.split(/[\n,，;；、\s]+/).map((s) => s.trim()).filter(Boolean);
    if (Array.isArray(v)) return v.map((x) => (typeof x === 'number' ? String(x) : x));
    return v;
  },
  z
    .array(z.string({ message: '原文应为编号或索引号' }).max(80, '编号或索引号过长'), { message: '原文应为列表' })
    .max(MAX_INTERPRETED, `一篇解读最多关联 ${MAX_INTERPRETED} 个原文`),
);

/**
 * Resolves references to the documents a 解读 interprets; refusals name the
 * reference. Any agency's document may be interpreted (a department may explain
 * its government's 规范性文件), but not a 解读 or the item itself.
 */
export async function resolveInterpreted(db: DbOrTrx, row: Pick<PublicationRow, 'id' | 'category' | 'genre'>, refs: readonly string[]): Promise<number[]> {
  if (refs.length && !isInterpretation(row)) {
    throw validationError({ interprets: '只有政策解读（公开类别为“政策解读”或体裁为“解读”）才能关联原文' });
  }
  const ids: number[] = [];
  for (const ref of refs) {
    const found = /^\d{1,12}$/.test(ref) ? await repo.findPublication(db, Number(ref)) : await repo.findByIndexNumber(db, ref);
    if (!found || found.state === 'discarded') throw validationError({ interprets: `找不到编号或索引号为“${ref}”的信息` });
    if (found.id === row.id) throw validationError({ interprets: '解读不能关联自己' });
    if (isInterpretation(found)) throw validationError({ interprets: `“${found.title}”本身是解读，不能作为原文` });
    if (!ids.includes(found.id)) ids.push(found.id);
  }
  return ids;
}

/** Replaces a 解读's 原文 inside the caller's transaction, with an audit event when they change. */
export async function replaceInterpretedIn(trx: DbOrTrx, actor: Actor, row: PublicationRow, refs: readonly string[]): Promise<void> {
  const ids = await resolveInterpreted(trx, row, refs);
  const before = (await repo.interpretationLinks(trx, row.id)).interprets.map((l) => l.id);
  if (before.length === ids.length && before.every((id, i) => id === ids[i])) return;
  await repo.replaceInterpreted(trx, row.id, ids, nowOf(trx));
  await audit.record(trx, actor, {
    action: 'publication.interprets',
    entityType: 'publication',
    entityId: row.id,
    agencyId: row.agencyId,
    summary: `设置解读“${row.title}”的原文：${ids.length ? ids.map((id) => `#${id}`).join('、') : '无'}`,
    before: { interprets: before },
    after: { interprets: ids },
  });
  // The 原文's public page lists its 解读, so its cached copy must go too.
  await announce(trx, { entity: 'publication', id: row.id, agencyId: row.agencyId, action: 'publication.interprets', public: true });
}

/**
 * Requirement 16's guard, run where publishing and scheduling are checked: a 规章
 * or 规范性文件 needs a linked 解读 (not discarded or withdrawn; it may still be in
 * preparation, the overdue rule chases it), or an administrator's recorded reason.
 */
export async function interpretationProblem(db: DbOrTrx, row: PublicationRow): Promise<string | null> {
  if (!needsInterpretation(row) || row.interpretationWaiver) return null;
  const links = (await repo.interpretationLinks(db, row.id)).interpretedBy.filter((l) => l.state !== 'withdrawn');
  if (links.length) return null;
  const kind = DOCUMENT_KINDS[row.documentKind as keyof typeof DOCUMENT_KINDS] ?? row.documentKind;
  return `本件为${kind}，应同步发布政策解读：请先起草解读并关联本文件；确实无需解读的，由机关管理员记录理由后方可发布`;
}

export const waiverInput = z.object({
  reason: text(300, { required: true, min: 4 }),
  version: intField('版本'),
});

/**
 * An agency administrator's recorded reason to publish a 规章 or 规范性文件 without
 * a 解读. The administrator, not the reviewer who publishes, decides: the waiver is
 * a second person's judgement on a rule meant to bind the publisher.
 */
export async function waiveInterpretation(db: Db, actor: Actor, id: number, raw: unknown): Promise<PublicationRow> {
  const input = parseInput(waiverInput, raw);
  return inTransaction(db, async (trx) => {
    const row = await repo.findPublication(trx, id);
    if (!row || row.state === 'discarded') throw validationError({ reason: '找不到该信息' });
    authorize(actor, 'publication.waive_interpretation', { agencyId: row.agencyId });
    if (!needsInterpretation(row)) throw validationError({ reason: '只有规章、行政规范性文件需要记录不发布解读的理由' });
    const at = nowOf(trx);
    const next = await repo.updatePublication(trx, id, input.version, {
      interpretationWaiver: input.reason,
      interpretationWaiverBy: actor.displayName,
      interpretationWaiverAt: at,
      updatedAt: at,
    });
    if (!next) throw staleEdit();
    await audit.record(trx, actor, {
      action: 'publication.interpretation_waived',
      entityType: 'publication',
      entityId: id,
      agencyId: row.agencyId,
      summary: `记录“${row.title}”不同步发布解读的理由：${input.reason}`,
      before: { interpretationWaiver: row.interpretationWaiver },
      after: { interpretationWaiver: input.reason },
    });
    return next;
  });
}

// ---------------------------------------------------------------- the 3-working-day rule

export interface InterpretationDue {
  deadline: IsoDate;
  provisional: boolean;
  overdue: boolean;
  /** Working days left until the deadline is passed (0 on the last day); negative when overdue. */
}

/** Pure: when a document's 解读 is due, and whether it is overdue on `today`. */
export function interpretationDue(cal: Calendar, documentPublishedOn: IsoDate, today: IsoDate): InterpretationDue {
  const d = deadlineAfter(cal, documentPublishedOn, INTERPRETATION_WORKDAYS);
  return { deadline: d.date, provisional: d.provisional, overdue: today > d.date };
}

export interface AwaitingInterpretation {
  id: number;
  agencyId: number;
  departmentId: number | null;
  title: string;
  publishedOn: IsoDate;
  due: InterpretationDue;
}

/** Published 规章/规范性文件 whose linked 解读 is not yet published, with their due dates. */
export async function awaitingInterpretation(db: Db, cal: Calendar, agencies: readonly number[] | null): Promise<AwaitingInterpretation[]> {
  const today = todayOf(db);
  const rows = await repo.listAwaitingInterpretation(db);
  return rows
    .filter((r) => agencies === null || agencies.includes(r.agencyId))
    .map((r) => {
      const publishedOn = chinaDateOf(new Date(r.firstPublishedAt ?? nowOf(db)));
      return { id: r.id, agencyId: r.agencyId, departmentId: r.departmentId, title: r.title, publishedOn, due: interpretationDue(cal, publishedOn, today) };
    });
}

/** The calendar recomputes these when a holiday year changes; they are computed on the fly, so nothing is stored. */
export const interpretationDeadlineSource: DeadlineSource<{ publishedOn: IsoDate }> = {
  key: 'publication.interpretation',
  label: '政策解读发布期限',
  entityType: 'publication',
  async listOpen(db) {
    return (await repo.listAwaitingInterpretation(db)).map((r) => ({
      id: r.id,
      agencyId: r.agencyId,
      label: r.title,
      href: `/office/publications/${r.id}`,
      stored: null,
      input: { publishedOn: chinaDateOf(new Date(r.firstPublishedAt ?? 0)) },
    }));
  },
  compute(cal, input) {
    const d = deadlineAfter(cal, input.publishedOn, INTERPRETATION_WORKDAYS);
    return { deadline: d.date, provisional: d.provisional };
  },
};
