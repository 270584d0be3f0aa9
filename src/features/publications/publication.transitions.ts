/**
 * The workflow's transitions, the one publishing path, and scheduled publishing.
 * The workflow definition decides what is allowed, the policy table who may do it.
 */
import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { announce, nowDateOf, todayOf } from '../../db/runtime.js';
import { AppError, staleEdit, validationError, type FieldErrors } from '../../errors.js';
import { indexPrefixOf } from '../../lib/codes.js';
import { chinaDateOf, type IsoDate } from '../../lib/dates.js';
import { intField, parseInput } from '../../lib/validation.js';
import { z } from 'zod';
import { authorize } from '../access/policy.js';
import { SYSTEM_ACTOR, actorRoleLabel, type Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import {
  CONFIDENTIALITY_OUTCOMES,
  dateProblems,
  missingForSubmit,
  formatIndexNumber,
  parseScheduleTime,
  transitionInput,
  validateIndexPattern,
  type TransitionInput,
  type WorkingCopy,
} from './publication.js';
import * as repo from './publication.repository.js';
import type { PublicationRow } from './publication.table.js';
import { checkTransition } from '../../lib/workflow.js';
import { WORKFLOW, type TransitionDef } from './publication.workflow.js';

import { agencyOf, ctxOf, isOpen, loadRow, mayRead, subjectOf, viewOf, type PublicationView, type ServiceOptions } from './publication.read.js';
import { confirmIn, screen } from './publication.screening.js';
import { updateDraftIn } from './publication.drafting.js';
import { interpretationProblem } from './publication.interpretation.js';

// ---------------------------------------------------------------- transitions

export function reviewerName(actor: Actor) {
  return actor.displayName;
}

/** The index number for a first publication: the agency's pattern, its next serial this year. */
export async function allocateIndexNumber(trx: DbOrTrx, agency: { id: number; code: string; indexPattern: string }, publishedOn: IsoDate): Promise<string> {
  const year = Number(publishedOn.slice(0, 4));
  const month = Number(publishedOn.slice(5, 7));
  const pattern = validateIndexPattern(agency.indexPattern).length ? '{agencyCode}/{yyyy}-{serial:5}' : agency.indexPattern;
  // A pattern changed mid-year can meet numbers already given: skip to the next free one.
  for (let tries = 0; tries < 1000; tries++) {
    const serial = await repo.nextSerial(trx, agency.id, year);
    const n = formatIndexNumber(pattern, { agencyCode: indexPrefixOf(agency.code), year, month, serial });
    if (!(await repo.indexNumberTaken(trx, n))) return n;
  }
  throw new AppError('CONFLICT', '无法生成不重复的索引号，请检查本机关的索引号格式');
}

/**
 * The published snapshot of a working copy: what the public sees for this revision.
 * Missing 成文/形成 dates default to the publication day.
 */
export function revisionSnapshot(
  row: PublicationRow,
  s: { revisionNo: number; indexNumber: string; date: IsoDate; issuers: readonly { agencyId: number | null; name: string }[]; publishedAt: string; actor: Actor },
) {
  return {
    publicationId: row.id,
    revisionNo: s.revisionNo,
    agencyId: row.agencyId,
    indexNumber: s.indexNumber,
    title: row.title,
    summary: row.summary,
    body: row.body,
    documentNumber: row.documentNumber,
    writtenDate: row.writtenDate ?? s.date,
    formedDate: row.formedDate ?? s.date,
    approvedOn: row.approvedOn,
    category: row.category,
    topic: row.topic,
    genre: row.genre,
    keywords: row.keywords,
    disclosureAttribute: row.disclosureAttribute,
    disclosureBasis: row.disclosureBasis,
    documentKind: row.documentKind,
    issuersJson: JSON.stringify(s.issuers.map((i) => ({ agencyId: i.agencyId, name: i.name }))),
    changeNote: s.revisionNo > 1 ? row.changeNote : '',
    publishedAt: s.publishedAt,
    publishedBy: s.actor.userId,
    publishedByName: s.actor.displayName,
  };
}

/** Publishes the working copy as a new revision; the caller has already claimed the row. */
export async function publishIn(trx: DbOrTrx, actor: Actor, row: PublicationRow, now: Date): Promise<PublicationRow> {
  const agency = await agencyOf(trx, row.agencyId);
  const at = now.toISOString();
  const today = chinaDateOf(now);
  if (row.formedDate && row.formedDate > today) throw validationError({ formedDate: '形成或变更日期晚于发布日期' });
  if (row.writtenDate && row.writtenDate > today) throw validationError({ writtenDate: '成文日期晚于发布日期' });
  if (row.approvedOn && row.approvedOn > today) throw validationError({ approvedOn: '批复日期晚于发布日期' });
  const indexNumber = row.indexNumber ?? (await allocateIndexNumber(trx, agency, today));
  const issuers = await repo.listIssuers(trx, [row.id]);
  const revisionNo = row.revisionCount + 1;
  const revision = await repo.insertRevision(
    trx,
    revisionSnapshot(row, { revisionNo, indexNumber, date: today, issuers, publishedAt: at, actor }),
  );
  await repo.copyAttachmentsToRevision(trx, row.id, revision.id);
  const updated = await trx
    .updateTable('publications')
    .set({
      indexNumber,
      publicStatus: 'published',
      currentRevisionId: revision.id,
      revisionCount: revisionNo,
      firstPublishedAt: row.firstPublishedAt ?? at,
      lastPublishedAt: at,
      scheduledAt: null,
      changeNote: '',
    })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit.record(trx, actor, {
    action: 'publication.published',
    entityType: 'publication',
    entityId: row.id,
    agencyId: row.agencyId,
    summary: `${revisionNo > 1 ? `发布第 ${revisionNo} 版` : '发布'}：${row.title}（索引号 ${indexNumber}，发布日期由系统记录为 ${at}）`,
    after: { indexNumber, revisionNo, revisionId: revision.id, publishedAt: at, category: row.category },
  });
  return updated;
}

/** What must hold before publishing or scheduling: every finding confirmed, and a proactive item. */
export async function assertPublishable(trx: DbOrTrx, row: PublicationRow) {
  const fields: FieldErrors = {};
  if (row.disclosureAttribute !== 'proactive') fields.disclosureAttribute = '只有“主动公开”的信息才能发布到政府信息公开目录';
  const open = (await repo.listFindings(trx, row.id)).filter(isOpen);
  if (open.length) fields.confirmFindings = `尚有 ${open.length} 项筛查结果未经审核人确认，确认后才能发布`;
  const interpretation = await interpretationProblem(trx, row);
  if (interpretation) fields.interpretation = interpretation;
  if (Object.keys(fields).length) throw validationError(fields, '暂不能发布');
}

/** How many findings would stay unconfirmed once `confirming` are confirmed. */
async function unconfirmedAfter(db: DbOrTrx, id: number, confirming: readonly number[] = []): Promise<number> {
  return (await repo.listFindings(db, id)).filter((f) => isOpen(f) && !confirming.includes(f.id)).length;
}

/** Transitions the public sees: cached portal pages must go. */
const PUBLIC_ACTIONS = new Set(['publish', 'publish_due', 'withdraw', 'set_validity']);

export function requireComment(t: TransitionDef, input: TransitionInput) {
  if (t.comment === 'required' && !input.comment) {
    throw validationError({ comment: t.action === 'withdraw' ? '撤回必须说明理由' : '请填写意见，告知编辑需要修改的地方' });
  }
}

/** The steps a second person must take: approving (review or leader approval) and publishing. */
const SECOND_PERSON_ACTIONS: ReadonlySet<string> = new Set(['approve', 'publish', 'schedule']);

/**
 * Four eyes (先审查后发布 by someone else): where the agency keeps it on (the
 * default), the item's author and its last content editor cannot approve, publish or
 * schedule it themselves. Returning it (reject) stays open to them.
 */
export function checkFourEyes(actor: Actor, row: Pick<PublicationRow, 'createdBy' | 'editedBy'>, agency: { fourEyesReview: number }, action: string): void {
  if (!SECOND_PERSON_ACTIONS.has(action) || agency.fourEyesReview !== 1 || actor.via === 'system' || actor.userId == null) return;
  const own = actor.userId === row.editedBy ? '最后修改' : actor.userId === row.createdBy ? '起草' : null;
  if (own) {
    throw new AppError('OWN_WORK_REVIEW', `此信息由您${own}，按本机关的审核规定须由另一人审核和发布（不能自审自发）`);
  }
}

/**
 * Applies a workflow transition: `{action, comment, version?, …}` with the extra
 * fields some actions need (confidentiality outcome, schedule time, validity).
 */
export async function transition(db: Db, actor: Actor, id: number, raw: unknown, opts: ServiceOptions = {}): Promise<PublicationView> {
  const prepared = await prepareTransition(db, actor, id, raw);
  const updated = await inTransaction(db, (trx) => applyTransitionIn(trx, actor, prepared, opts));
  return viewOf(db, updated, prepared.today);
}

const transitionRequest = transitionInput.extend({ confirmFindings: z.array(intField('筛查结果')).max(500).optional() });

/** A transition checked and ready to apply: everything decided before the transaction. */
export interface PreparedTransition {
  id: number;
  input: z.infer<typeof transitionRequest>;
  row: PublicationRow;
  t: TransitionDef;
  now: Date;
  today: IsoDate;
  extra: Record<string, unknown>;
}

/**
 * Checks a transition against the item as `db` sees it (a transaction, when a use
 * case chains steps): refusals come here, before anything is written.
 */
export async function prepareTransition(db: DbOrTrx, actor: Actor, id: number, raw: unknown): Promise<PreparedTransition> {
  const input = parseInput(transitionRequest, raw);
  const row = await loadRow(db, id);
  if (!mayRead(actor, row) && actor.via !== 'system') throw new AppError('FORBIDDEN', '您没有查看此信息的权限');
  const agency = await agencyOf(db, row.agencyId);
  const t = checkTransition(WORKFLOW, actor, subjectOf(row), input.action, ctxOf(row, agency));
  requireComment(t, input);
  checkFourEyes(actor, row, agency, t.action);
  if (input.version !== undefined && input.version !== row.version) throw staleEdit();
  const now = nowDateOf(db);
  const at = now.toISOString();
  const today = chinaDateOf(now);

  // Checks that need no transaction come first, so a refusal writes nothing.
  const extra: Record<string, unknown> = {};
  if (t.action === 'submit') {
    const issuers = await repo.listIssuers(db, [id]);
    const attachments = await repo.listAttachments(db, id);
    const fields = { ...missingForSubmit(row as WorkingCopy, { issuerCount: issuers.length, attachmentCount: attachments.length }), ...dateProblems(row, today) };
    if (Object.keys(fields).length) throw validationError(fields, `还有 ${Object.keys(fields).length} 项需要填写或更正，暂不能提交`);
  }
  if (t.records === 'office_review' && t.action === 'approve') {
    if (!input.confidentiality) throw validationError({ confidentiality: '请填写保密审查结论' });
    if (!CONFIDENTIALITY_OUTCOMES[input.confidentiality].allowsPublishing) {
      throw validationError({ confidentiality: '保密审查结论为不同意公开时，只能退回' });
    }
    // Nothing unconfirmed is carried into 待发布 (where no one could act on it): the
    // reviewer confirms each finding in this same step, or returns the item.
    const left = await unconfirmedAfter(db, id, input.confirmFindings);
    if (left) {
      throw validationError(
        { confirmFindings: `尚有 ${left} 项筛查结果未确认：请逐项核实后勾选“确认”，再审核通过；需要修改的，请退回修改` },
        '筛查结果未全部确认，暂不能审核通过',
      );
    }
  }
  if (t.action === 'schedule') {
    const when = input.scheduledAt ? parseScheduleTime(input.scheduledAt) : null;
    if (!when) throw validationError({ scheduledAt: '请填写定时发布的日期和时间，例：2026-12-01T09:00' });
    if (when <= at) throw validationError({ scheduledAt: '定时发布时间应晚于现在' });
    if (new Date(when).getTime() - now.getTime() > 366 * 86_400_000) throw validationError({ scheduledAt: '定时发布时间不能超过一年' });
    extra.scheduledAt = when;
  }
  if (t.action === 'set_validity') {
    const fields: FieldErrors = {};
    if (!input.validity) fields.validity = '请选择有效性';
    else if (input.validity !== 'valid') {
      if (!input.validityDate) fields.validityDate = '请填写失效或废止的日期';
      else if (input.validityDate > today) fields.validityDate = `日期不能晚于今天（${today}）`;
    }
    if (input.replacedById !== undefined) {
      if (input.replacedById === id) fields.replacedById = '替代文件不能是本文件';
      else {
        const other = await repo.findPublication(db, input.replacedById);
        if (!other || other.publicStatus !== 'published') fields.replacedById = '替代文件应为已发布的信息';
      }
    }
    if (Object.keys(fields).length) throw validationError(fields);
  }

  return { id, input, row, t, now, today, extra };
}

/** Applies a prepared transition inside the caller's transaction; returns the updated row. */
export async function applyTransitionIn(trx: DbOrTrx, actor: Actor, p: PreparedTransition, opts: ServiceOptions = {}): Promise<PublicationRow> {
  const { id, input, row, t, now, extra } = p;
  const at = now.toISOString();
  if (input.confirmFindings?.length) {
    authorize(actor, 'publication.review', { agencyId: row.agencyId, departmentId: row.departmentId });
    await confirmIn(trx, actor, row, input.confirmFindings, input.comment, now);
  }
  const patch: Record<string, unknown> = { state: t.to, updatedAt: at, updatedBy: actor.userId ?? row.updatedBy };
  switch (t.action) {
    case 'submit':
      patch.submittedAt = at;
      break;
    case 'withdraw_submission':
      patch.submittedAt = null;
      break;
    case 'schedule':
      await assertPublishable(trx, row);
      patch.scheduledAt = extra.scheduledAt;
      break;
    case 'unschedule':
      patch.scheduledAt = null;
      break;
    case 'publish':
      await assertPublishable(trx, row);
      break;
    case 'reject':
      patch.scheduledAt = null;
      break;
    case 'revise':
      // Whoever opens the revision is its editor, for four-eyes review.
      patch.editedBy = actor.userId ?? row.editedBy;
      // The revision runs its own Art. 26 clock from the day of the change.
      patch.formedDate = null;
      patch.changeNote = '';
      patch.submittedAt = null;
      break;
    case 'withdraw':
      patch.publicStatus = 'withdrawn';
      patch.withdrawnAt = at;
      patch.withdrawalReason = input.comment;
      break;
    case 'set_validity':
      patch.validity = input.validity;
      patch.validityDate = input.validity === 'valid' ? null : input.validityDate;
      patch.replacedById = input.replacedById ?? null;
      patch.replacedByUrl = input.replacedByUrl;
      break;
  }
  // Claim the row first: of two concurrent transitions (or two schedulers) only one proceeds.
  let next = await repo.updatePublication(trx, id, row.version, patch);
  if (!next) throw staleEdit();
  if (t.action === 'cancel_revision') next = await restoreFromCurrentRevision(trx, next);
  if (t.action === 'submit') await screen(trx, next, now, opts.dataDir);
  if (t.records) {
    await repo.insertReview(trx, {
      publicationId: id,
      revisionNo: row.revisionCount + 1,
      step: t.records,
      decision: t.action === 'approve' ? 'approved' : 'rejected',
      confidentiality: t.records === 'office_review' ? (input.confidentiality ?? '') : '',
      comment: input.comment,
      reviewerId: actor.userId,
      reviewerName: reviewerName(actor),
      reviewerRole: actorRoleLabel(actor, row.agencyId),
      createdAt: at,
    });
  }
  await audit.record(trx, actor, {
    action: `publication.${t.action}`,
    entityType: 'publication',
    entityId: id,
    agencyId: row.agencyId,
    summary: `${t.label}：${row.title}${input.comment ? `（意见：${input.comment}）` : ''}`,
    before: { state: row.state, ...(t.action === 'set_validity' ? { validity: row.validity, validityDate: row.validityDate } : {}) },
    after: {
      state: t.to,
      ...(input.comment ? { comment: input.comment } : {}),
      ...(t.records === 'office_review' && input.confidentiality ? { confidentiality: input.confidentiality } : {}),
      ...(extra.scheduledAt ? { scheduledAt: extra.scheduledAt } : {}),
      ...(t.action === 'set_validity' ? { validity: input.validity, validityDate: patch.validityDate, replacedById: patch.replacedById, replacedByUrl: input.replacedByUrl } : {}),
    },
  });
  if (t.to === 'published' && (t.action === 'publish' || t.action === 'publish_due')) next = await publishIn(trx, actor, next, now);
  // Listeners follow what the public sees in this same transaction (the search index) or after it (the page cache).
  await announce(trx, { entity: 'publication', id, agencyId: row.agencyId, action: `publication.${t.action}`, public: PUBLIC_ACTIONS.has(t.action) });
  return next;
}

/**
 * The office reviewer's "审核通过并发布": the approval and the publication in one
 * transaction, so either both happen or neither (an agency that requires leader
 * approval cannot take this path: the approval leads to the leader, not to 待发布).
 */
export async function approveAndPublish(db: Db, actor: Actor, id: number, raw: unknown, opts: ServiceOptions = {}): Promise<PublicationView> {
  const approve = await prepareTransition(db, actor, id, { ...(raw as Record<string, unknown>), action: 'approve' });
  const updated = await inTransaction(db, async (trx) => {
    const approved = await applyTransitionIn(trx, actor, approve, opts);
    const publish = await prepareTransition(trx, actor, id, { action: 'publish', version: approved.version });
    return applyTransitionIn(trx, actor, publish, opts);
  });
  return viewOf(db, updated, approve.today);
}

/** Abandoning a revision: the working copy goes back to what the public sees. */
export async function restoreFromCurrentRevision(trx: DbOrTrx, row: PublicationRow): Promise<PublicationRow> {
  if (!row.currentRevisionId) return row;
  const rev = await repo.findRevision(trx, row.currentRevisionId);
  if (!rev) return row;
  const restored = await trx
    .updateTable('publications')
    .set({
      title: rev.title,
      summary: rev.summary,
      body: rev.body,
      documentNumber: rev.documentNumber,
      writtenDate: rev.writtenDate,
      formedDate: rev.formedDate,
      approvedOn: rev.approvedOn,
      category: rev.category,
      topic: rev.topic,
      genre: rev.genre,
      keywords: rev.keywords,
      disclosureAttribute: rev.disclosureAttribute,
      disclosureBasis: rev.disclosureBasis,
      documentKind: rev.documentKind,
      changeNote: '',
      submittedAt: null,
    })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const issuers = JSON.parse(rev.issuersJson) as { agencyId: number | null; name: string }[];
  await repo.replaceIssuers(trx, row.id, issuers);
  const atts = await repo.listRevisionAttachments(trx, rev.id);
  await repo.replaceAttachmentLinks(trx, row.id, atts.map((a) => ({ attachmentId: a.attachmentId, name: a.name })));
  await repo.replaceFindings(trx, row.id, []);
  return restored;
}

/**
 * Publishes every scheduled item whose time has come, as the system. Safe to run
 * from several processes at once: each item is claimed by its version.
 */
export async function publishDue(db: Db): Promise<number[]> {
  const now = nowDateOf(db);
  const due = await repo.dueScheduled(db, now.toISOString());
  const done: number[] = [];
  for (const d of due) {
    try {
      await transition(db, SYSTEM_ACTOR, d.id, { action: 'publish_due', version: d.version });
      done.push(d.id);
    } catch (e) {
      // Another process got there first, or the item changed meanwhile: nothing to do.
      if (!(e instanceof AppError && (e.code === 'STALE_EDIT' || e.code === 'INVALID_TRANSITION'))) throw e;
    }
  }
  return done;
}

/**
 * The editor's "保存并提交": the edit and the submission in one transaction. When
 * the submission is refused (a required field is empty), nothing is saved and the
 * refusal names the fields, so the form can show what was typed with its messages.
 */
export async function saveAndSubmit(db: Db, actor: Actor, id: number, raw: unknown, opts: ServiceOptions = {}): Promise<PublicationView> {
  const { comment, ...edit } = (raw ?? {}) as Record<string, unknown>;
  const updated = await inTransaction(db, async (trx) => {
    const saved = await updateDraftIn(trx, actor, id, edit);
    const submit = await prepareTransition(trx, actor, id, { action: 'submit', version: saved.version, ...(comment !== undefined ? { comment } : {}) });
    return applyTransitionIn(trx, actor, submit, opts);
  });
  return viewOf(db, updated, todayOf(db));
}
