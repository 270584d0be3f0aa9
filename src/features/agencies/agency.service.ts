import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { AppError, conflict, notFound, staleEdit, validationError, type FieldErrors } from '../../errors.js';
import { parseInput } from '../../lib/validation.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import {
  agencyInput,
  agencyUpdateInput,
  defaultGuide,
  departmentInput,
  guideInput,
  GUIDE_FIELDS,
  missingGuideFields,
  parseGuide,
  type GuideFields,
} from './agency.js';
import * as repo from './agency.repository.js';
import type { AgencyRow, DepartmentRow } from './agency.table.js';

export type { AgencyRow, DepartmentRow };
import { announce, nowOf } from '../../db/runtime.js';

export interface Agency extends Omit<AgencyRow, 'guideDraft' | 'guidePublished'> {
  guideDraft: GuideFields;
  guidePublished: GuideFields | null;
}
export interface AgencyWithDepartments extends Agency {
  departments: DepartmentRow[];
}

function toAgency(row: AgencyRow): Agency {
  return {
    ...row,
    guideDraft: parseGuide(row.guideDraft),
    guidePublished: row.guidePublished ? parseGuide(row.guidePublished) : null,
  };
}

const UNIQUE_LABELS = { slug: '该网址标识已被其他机关使用', code: '该代码已被其他机关使用', name: '已有同名机关' } as const;

async function assertUnique(db: Db, values: { slug?: string; code?: string; name?: string }, exceptId?: number) {
  const clashes = await repo.findClashes(db, values, exceptId);
  if (clashes.length) {
    const fields: FieldErrors = {};
    for (const c of clashes) fields[c] = UNIQUE_LABELS[c];
    throw conflict('与已有机关重复', fields);
  }
}

/** Every agency (or those with the given ids), without departments, in display order. */
export function listAgencies(db: DbOrTrx, ids?: number[] | null) {
  return repo.listAgencies(db, ids);
}

/** Every agency with its departments, for the portal and the public API. */
export async function listAgenciesWithDepartments(db: Db, ids?: number[] | null): Promise<AgencyWithDepartments[]> {
  const agencies = await repo.listAgencies(db, ids);
  const departments = await repo.listDepartments(
    db,
    agencies.map((a) => a.id),
  );
  return agencies.map((a) => ({ ...toAgency(a), departments: departments.filter((d) => d.agencyId === a.id) }));
}

/** The agencies an office user may administer (all of them for a platform administrator). */
export async function listAgenciesFor(db: Db, actor: Actor) {
  authorize(actor, 'office.access');
  const ids = actor.platformAdmin ? null : [...new Set(actor.memberships.map((m) => m.agencyId))];
  return listAgenciesWithDepartments(db, ids);
}

/** Name, short name and URL slug of the given agencies (others' lists show them beside their items). */
export async function agencyLabels(db: DbOrTrx, ids: readonly number[]): Promise<Map<number, { id: number; name: string; shortName: string; slug: string; code: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await repo.agencyLabels(db, [...new Set(ids)]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** Names of the given departments, by id. */
export async function departmentNames(db: DbOrTrx, ids: readonly (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((i): i is number => i !== null))];
  if (wanted.length === 0) return new Map();
  return new Map((await repo.departmentNames(db, wanted)).map((d) => [d.id, d.name]));
}

/** An agency row by id, or undefined: the lookup other features make instead of reading the table. */
export async function findAgency(db: DbOrTrx, id: number): Promise<AgencyRow | undefined> {
  return repo.findAgency(db, id);
}

/** The agency a code (统一社会信用代码) or URL slug names, or undefined. */
export async function findAgencyByCodeOrSlug(db: DbOrTrx, key: string): Promise<AgencyRow | undefined> {
  return repo.findAgencyByCodeOrSlug(db, key);
}

/** The agency whose former slug this was, for a permanent redirect of its old URLs. */
export async function findAgencyByFormerSlug(db: DbOrTrx, slug: string): Promise<{ id: number; slug: string } | undefined> {
  return repo.findAgencySlugRedirect(db, slug);
}

export async function getAgency(db: Db, id: number): Promise<AgencyWithDepartments> {
  const row = await repo.findAgency(db, id);
  if (!row) throw notFound('机关');
  return { ...toAgency(row), departments: await repo.listDepartments(db, [id]) };
}

export async function getAgencyBySlug(db: Db, slug: string): Promise<AgencyWithDepartments | null> {
  const row = await repo.findAgencyBySlug(db, slug);
  if (!row) return null;
  return { ...toAgency(row), departments: await repo.listDepartments(db, [row.id]) };
}

export async function createAgency(db: Db, actor: Actor, raw: unknown): Promise<Agency> {
  authorize(actor, 'agency.create');
  const input = parseInput(agencyInput, raw);
  await assertUnique(db, input);
  return inTransaction(db, async (trx) => {
    const now = nowOf(db);
    const row = await repo.insertAgency(trx, {
      ...input,
      siteIdCode: input.siteIdCode || null,
      sortOrder: input.sortOrder ?? 0,
      guideDraft: JSON.stringify(defaultGuide(input)),
      createdAt: now,
      updatedAt: now,
    });
    await audit.record(trx, actor, {
      action: 'agency.create',
      entityType: 'agency',
      entityId: row.id,
      agencyId: row.id,
      summary: `新增机关：${row.name}`,
      after: input,
    });
    await announce(trx, { entity: 'agency', id: row.id, agencyId: row.id, action: 'agency.create', public: true });
    return toAgency(row);
  });
}

export async function updateAgency(db: Db, actor: Actor, id: number, raw: unknown): Promise<Agency> {
  const existing = await repo.findAgency(db, id);
  if (!existing) throw notFound('机关');
  authorize(actor, 'agency.update', { agencyId: id });
  const { version, ...patch } = parseInput(agencyUpdateInput, raw);
  if (patch.code !== undefined && patch.code !== existing.code && !actor.platformAdmin) {
    throw validationError({ code: '机关代码只能由平台管理员修改' });
  }
  await assertUnique(db, patch, id);
  const slugChanged = patch.slug !== undefined && patch.slug !== existing.slug;
  if (slugChanged && (await repo.isFormerSlugOfOther(db, patch.slug!, id))) {
    throw conflict('网址标识曾被其他机关使用', { slug: '该网址标识曾属于其他机关，已发布的链接仍指向那里，不能再用' });
  }
  return inTransaction(db, async (trx) => {
    const values = {
      ...patch,
      ...(patch.siteIdCode !== undefined ? { siteIdCode: patch.siteIdCode || null } : {}),
      updatedAt: nowOf(db),
    };
    const row = await repo.updateAgency(trx, id, version, values);
    if (!row) throw staleEdit();
    // Published URLs never change: the old slug keeps redirecting here.
    if (slugChanged) await repo.recordAgencySlugChange(trx, id, existing.slug, row.slug, values.updatedAt);
    const change = audit.diff(existing as unknown as Record<string, unknown>, patch);
    await audit.record(trx, actor, {
      action: 'agency.update',
      entityType: 'agency',
      entityId: id,
      agencyId: id,
      summary: `修改机关信息：${Object.keys(change.after).join('、') || '无变化'}`,
      ...change,
    });
    await announce(trx, { entity: 'agency', id: id, agencyId: id, action: 'agency.update', public: true });
    return toAgency(row);
  });
}

/**
 * Writes an agency's publishing settings (its 索引号 pattern, whether its leader
 * approves) inside the caller's transaction: publications validates, authorizes
 * and audits them, agencies keeps them. Undefined when the version is stale.
 */
export async function writePublishingSettingsIn(
  trx: DbOrTrx,
  agencyId: number,
  version: number,
  settings: { indexPattern: string; requiresLeaderApproval: boolean; fourEyesReview: boolean },
): Promise<AgencyRow | undefined> {
  const row = await repo.updateAgency(trx, agencyId, version, {
    indexPattern: settings.indexPattern,
    requiresLeaderApproval: settings.requiresLeaderApproval ? 1 : 0,
    fourEyesReview: settings.fourEyesReview ? 1 : 0,
    updatedAt: nowOf(trx),
  });
  if (row) await announce(trx, { entity: 'agency', id: agencyId, agencyId, action: 'agency.publication_settings', public: true });
  return row;
}

export interface GuideSaveResult {
  agency: Agency;
  published: boolean;
}

/**
 * Saves the guide draft and, when `publish` is set, publishes it. Publishing is
 * refused while any required field is empty; the draft is still saved so no
 * typing is lost.
 */
export async function saveGuide(
  db: Db,
  actor: Actor,
  agencyId: number,
  raw: unknown,
  opts: { publish: boolean; version: number },
): Promise<GuideSaveResult> {
  const existing = await repo.findAgency(db, agencyId);
  if (!existing) throw notFound('机关');
  authorize(actor, 'agency.guide.edit', { agencyId });
  const guide = parseInput(guideInput, raw) as GuideFields;
  const missing = opts.publish ? missingGuideFields(guide) : [];
  const saved = await inTransaction(db, async (trx) => {
    const now = nowOf(db);
    const publishNow = opts.publish && missing.length === 0;
    const row = await repo.updateAgency(trx, agencyId, opts.version, {
      guideDraft: JSON.stringify(guide),
      ...(publishNow ? { guidePublished: JSON.stringify(guide), guidePublishedAt: now } : {}),
      updatedAt: now,
    });
    if (!row) throw staleEdit();
    const change = audit.diff(parseGuide(existing.guideDraft), guide);
    await audit.record(trx, actor, {
      action: publishNow ? 'agency.guide.publish' : 'agency.guide.save',
      entityType: 'agency',
      entityId: agencyId,
      agencyId,
      summary: publishNow ? '发布政府信息公开指南' : '保存政府信息公开指南草稿',
      ...change,
    });
    await announce(trx, { entity: 'agency', id: agencyId, agencyId, action: publishNow ? 'agency.guide.publish' : 'agency.guide.save', public: publishNow });
    return row;
  });
  if (missing.length) {
    const fields: FieldErrors = {};
    for (const k of missing) fields[k] = `发布前必须填写“${GUIDE_FIELDS[k].label}”`;
    throw new AppError('VALIDATION_FAILED', `草稿已保存，但还有 ${missing.length} 项必填内容为空，暂不能发布`, fields, { draftSaved: true });
  }
  return { agency: toAgency(saved), published: opts.publish };
}

export async function addDepartment(db: Db, actor: Actor, agencyId: number, raw: unknown): Promise<DepartmentRow> {
  if (!(await repo.findAgency(db, agencyId))) throw notFound('机关');
  authorize(actor, 'department.manage', { agencyId });
  const input = parseInput(departmentInput, raw);
  if (await repo.findDepartmentByName(db, agencyId, input.name)) {
    throw conflict('股室重名', { name: '本机关已有同名股室' });
  }
  return inTransaction(db, async (trx) => {
    const row = await repo.insertDepartment(trx, {
      agencyId,
      ...input,
      sortOrder: input.sortOrder ?? 0,
      createdAt: nowOf(db),
    });
    await audit.record(trx, actor, {
      action: 'department.create',
      entityType: 'department',
      entityId: row.id,
      agencyId,
      summary: `新增股室：${row.name}`,
      after: input,
    });
    await announce(trx, { entity: 'department', id: row.id, agencyId: agencyId, action: 'department.create', public: true });
    return row;
  });
}

export async function updateDepartment(db: Db, actor: Actor, departmentId: number, raw: unknown) {
  const existing = await repo.findDepartment(db, departmentId);
  if (!existing) throw notFound('股室');
  authorize(actor, 'department.manage', { agencyId: existing.agencyId });
  const input = parseInput(departmentInput, raw);
  const clash = await repo.findDepartmentByName(db, existing.agencyId, input.name);
  if (clash && clash.id !== departmentId) throw conflict('股室重名', { name: '本机关已有同名股室' });
  return inTransaction(db, async (trx) => {
    const row = await repo.updateDepartment(trx, departmentId, { ...input, sortOrder: input.sortOrder ?? existing.sortOrder });
    await audit.record(trx, actor, {
      action: 'department.update',
      entityType: 'department',
      entityId: departmentId,
      agencyId: existing.agencyId,
      summary: `修改股室：${row.name}`,
      ...audit.diff(existing as unknown as Record<string, unknown>, input),
    });
    await announce(trx, { entity: 'department', id: departmentId, agencyId: existing.agencyId, action: 'department.update', public: true });
    return row;
  });
}

export async function removeDepartment(db: Db, actor: Actor, departmentId: number) {
  const existing = await repo.findDepartment(db, departmentId);
  if (!existing) throw notFound('股室');
  authorize(actor, 'department.manage', { agencyId: existing.agencyId });
  await inTransaction(db, async (trx) => {
    // Listeners may refuse: accounts does while people still work in the department.
    await announce(trx, { entity: 'department', id: departmentId, agencyId: existing.agencyId, action: 'department.delete', public: true });
    await repo.deleteDepartment(trx, departmentId);
    await audit.record(trx, actor, {
      action: 'department.delete',
      entityType: 'department',
      entityId: departmentId,
      agencyId: existing.agencyId,
      summary: `删除股室：${existing.name}`,
      before: existing,
    });
  });
}

export function findDepartment(db: DbOrTrx, id: number) {
  return repo.findDepartment(db, id);
}
