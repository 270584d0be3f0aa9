/**
 * Reading publications: who may see which items, and the full view of one item
 * (its metadata, files, findings, reviews, revisions and Art. 26 timeliness) for
 * the office and the staff API. The other sections of the service build on it.
 */
import type { Db, DbOrTrx } from '../../db/database.js';
import { runtimeOf, todayOf } from '../../db/runtime.js';
import type { PeriodRule } from './publication.periods.js';
import { AppError, notFound } from '../../errors.js';
import { chinaDateOf, type IsoDate } from '../../lib/dates.js';
import { can, PERMISSIONS } from '../access/policy.js';
import { type Actor } from '../access/roles.js';
import type { Calendar } from '../calendar/calendar.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { timeliness, type Timeliness } from './publication.js';
import * as repo from './publication.repository.js';
import { agencyLabels, findAgency, findDepartment } from '../agencies/agency.service.js';
import type { PublicationFindingRow, PublicationRevisionRow, PublicationReviewRow, PublicationRow } from './publication.table.js';
import { availableTransitions } from '../../lib/workflow.js';
import { isWorkflowState, WORKFLOW, type TransitionContext, type TransitionDef, type WorkflowState } from './publication.workflow.js';



/** Where attachments live and how big they may be (from Config). */
export interface FileSettings {
  dataDir: string;
  maxUploadBytes: number;
}

/** Where attachments are stored, for the use cases that read or screen them. */
export interface ServiceOptions {
  dataDir?: string;
}

/**
 * The period rules other features set for these items (a standard catalog row the
 * item is filed under, or whose column it is in), asked of the registry: the
 * monitor, the queues, the item view and the deadline source all judge an item by
 * the same rule. Items without one keep their category's (`effectiveRule`).
 */
export async function periodRulesFor(db: DbOrTrx, items: readonly { id: number; agencyId: number; category: string }[]): Promise<Map<number, PeriodRule>> {
  const out = new Map<number, PeriodRule>();
  if (items.length === 0) return out;
  for (const provide of runtimeOf(db).registry.periodRules) {
    for (const [id, rule] of await provide(db, items)) if (!out.has(id)) out.set(id, rule);
  }
  return out;
}

/** The items with the rule `periodRulesFor` found for each (null: the category's). */
export async function withPeriodRules<T extends { id: number; agencyId: number; category: string }>(db: DbOrTrx, items: readonly T[]): Promise<(T & { rule: PeriodRule | null })[]> {
  const rules = await periodRulesFor(db, items);
  return items.map((i) => ({ ...i, rule: rules.get(i.id) ?? null }));
}

/** The working-day calendar for deadlines: the live one, with the years administrators entered. */
export async function loadCalendar(db: Db): Promise<Calendar> {
  return getCalendar(db);
}


// ---------------------------------------------------------------- views

export interface IssuerView {
  agencyId: number | null;
  name: string;
}

export interface AttachmentView {
  id: number;
  name: string;
  size: number;
  mimeType: string;
  extension: string;
  sha256: string;
  /** Staff download URL (works before publication). */
  officeUrl: string;
}

export interface PublicationView extends PublicationRow {
  agencyName: string;
  agencySlug: string;
  agencyCode: string;
  requiresLeaderApproval: boolean;
  departmentName: string | null;
  issuers: IssuerView[];
  attachments: AttachmentView[];
  timeliness: Timeliness;
  findings: PublicationFindingRow[];
  openFindings: number;
  reviews: PublicationReviewRow[];
  revisions: PublicationRevisionRow[];
  /** The public URL, site-relative, once published. */
  publicUrl: string | null;
  transitionContext: TransitionContext;
  /** For a 解读: the documents it interprets (原文); for a document: its 解读. */
  interprets: LinkedItem[];
  interpretedBy: LinkedItem[];
}

/** One side of a 解读 ↔ 原文 link, as staff see it. */
export interface LinkedItem {
  id: number;
  title: string;
  state: string;
  indexNumber: string | null;
  /** The public URL once published (not withdrawn), site-relative. */
  publicUrl: string | null;
}

export const ctxOf = (row: PublicationRow, agency: { requiresLeaderApproval: number }): TransitionContext => ({
  leaderApprovalRequired: agency.requiresLeaderApproval === 1,
  everPublished: row.revisionCount > 0,
});

export function stateOf(row: PublicationRow): WorkflowState {
  if (!isWorkflowState(row.state)) throw new AppError('INTERNAL', `unknown state ${row.state}`);
  return row.state;
}

export const subjectOf = (row: PublicationRow) => ({ state: stateOf(row), agencyId: row.agencyId, departmentId: row.departmentId });

/** Open findings: not yet confirmed by a reviewer. */
export const isOpen = (f: PublicationFindingRow) => f.confirmedAt === null;

export async function agencyOf(db: DbOrTrx, agencyId: number) {
  const a = await findAgency(db, agencyId);
  if (!a) throw notFound('机关');
  return a;
}

/** Where the actor may read publications: the office list and single items obey it. */
export function readScope(actor: Actor): repo.ReadScope {
  if (actor.platformAdmin && PERMISSIONS['publication.read'].platform) return { all: true, agencies: [], departments: [] };
  const roles: readonly string[] = PERMISSIONS['publication.read'].roles;
  const agencies = new Set<number>();
  const departments: { agencyId: number; departmentId: number }[] = [];
  for (const m of actor.memberships) {
    if (!roles.includes(m.role)) continue;
    if (m.role === 'department_editor' && m.departmentId != null) departments.push({ agencyId: m.agencyId, departmentId: m.departmentId });
    else agencies.add(m.agencyId);
  }
  return { all: false, agencies: [...agencies], departments: departments.filter((d) => !agencies.has(d.agencyId)) };
}

/** Editors read their own department's items (and those filed under no department); the others their agency's. */
export function mayRead(actor: Actor, row: PublicationRow): boolean {
  return can(actor, 'publication.read', { agencyId: row.agencyId, departmentId: row.departmentId });
}

export async function loadRow(db: DbOrTrx, id: number): Promise<PublicationRow> {
  const row = await repo.findPublication(db, id);
  if (!row || row.state === 'discarded') throw notFound('信息');
  return row;
}

export async function viewOf(db: Db, row: PublicationRow, today: IsoDate = todayOf(db)): Promise<PublicationView> {
  const agency = await agencyOf(db, row.agencyId);
  const [issuers, attachments, findings, reviews, revisions, department, cal, links] = await Promise.all([
    repo.listIssuers(db, [row.id]),
    repo.listAttachments(db, row.id),
    repo.listFindings(db, row.id),
    repo.listReviews(db, row.id),
    repo.listRevisions(db, row.id),
    row.departmentId ? findDepartment(db, row.departmentId) : Promise.resolve(undefined),
    loadCalendar(db),
    repo.interpretationLinks(db, row.id),
  ]);
  const rule = (await periodRulesFor(db, [row])).get(row.id) ?? null;
  const slugs = await agencyLabels(db, [...links.interprets, ...links.interpretedBy].map((l) => l.agencyId));
  const linked = (l: (typeof links.interprets)[number]): LinkedItem => ({
    id: l.id,
    title: l.title,
    state: l.state,
    indexNumber: l.indexNumber,
    publicUrl: l.publicStatus === 'published' ? `/${slugs.get(l.agencyId)?.slug ?? ''}/zfxxgk/content/${l.id}` : null,
  });
  // The working copy is being prepared until it is published; a published one is judged by its publication date.
  const working = row.state !== 'published' && row.state !== 'withdrawn';
  const current = revisions[0];
  const t = timeliness(
    cal,
    working || !current
      ? { category: row.category, rule, formedDate: row.formedDate, writtenDate: row.writtenDate, approvedOn: row.approvedOn, publishedDate: null }
      : { category: current.category, rule, formedDate: current.formedDate, writtenDate: current.writtenDate, approvedOn: current.approvedOn, publishedDate: chinaDateOf(new Date(current.publishedAt)) },
    today,
  );
  return {
    ...row,
    agencyName: agency.name,
    agencySlug: agency.slug,
    agencyCode: agency.code,
    requiresLeaderApproval: agency.requiresLeaderApproval === 1,
    departmentName: department?.name ?? null,
    issuers: issuers.map((i) => ({ agencyId: i.agencyId, name: i.name })),
    attachments: attachments.map((f) => ({
      id: f.id,
      name: f.name,
      size: f.size,
      mimeType: f.mimeType,
      extension: f.extension,
      sha256: f.sha256,
      officeUrl: `/office/attachments/${f.id}`,
    })),
    timeliness: t,
    findings,
    openFindings: findings.filter(isOpen).length,
    reviews,
    revisions,
    publicUrl: row.publicStatus === 'none' ? null : `/${agency.slug}/zfxxgk/content/${row.id}`,
    transitionContext: ctxOf(row, agency),
    interprets: links.interprets.map(linked),
    interpretedBy: links.interpretedBy.map(linked),
  };
}

/** One item for the office or the staff API. */
export async function getPublication(db: Db, actor: Actor, id: number): Promise<PublicationView> {
  const row = await loadRow(db, id);
  if (!mayRead(actor, row)) throw new AppError('FORBIDDEN', '您没有查看此信息的权限');
  return viewOf(db, row, todayOf(db));
}

/** 发布机构 of several items at once, for list views. */
export async function issuersOf(db: Db, ids: number[]): Promise<Map<number, IssuerView[]>> {
  const out = new Map<number, IssuerView[]>();
  for (const i of await repo.listIssuers(db, ids)) {
    const list = out.get(i.publicationId) ?? [];
    list.push({ agencyId: i.agencyId, name: i.name });
    out.set(i.publicationId, list);
  }
  return out;
}

/** Whether the actor may read this item (no error): the API uses it to choose the staff or public view. */
export async function canRead(db: Db, actor: Actor | null, id: number): Promise<boolean> {
  if (!actor) return false;
  const row = await repo.findPublication(db, id);
  return !!row && row.state !== 'discarded' && mayRead(actor, row);
}

export function actionsFor(actor: Actor, view: PublicationView): TransitionDef[] {
  return availableTransitions(WORKFLOW, actor, subjectOf(view), view.transitionContext);
}

/**
 * For other features that list items they link to (a project's documents, a fee change's
 * announcement): the heads of those items, no access check (the caller has one).
 */
export const publicationHeads = (db: DbOrTrx, ids: readonly number[]) => repo.heads(db, ids);

/** An agency's published items of one category, by id (the fee list marks which announcements are public). */
export const publishedIdsIn = (db: DbOrTrx, agencyId: number, category: string) => repo.publishedIdsIn(db, agencyId, category);
