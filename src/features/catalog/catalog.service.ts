import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { AppError, conflict, notFound, staleEdit, validationError } from '../../errors.js';
import { parseInput } from '../../lib/validation.js';
import { agenciesWith, authorize } from '../access/policy.js';
import { SYSTEM_ACTOR, type Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import { isDisclosureCategory } from '../publications/categories.js';
import {
  buildTree,
  defaultColumns,
  HIDEABLE_FIXED_KEYS,
  hideInput,
  mandatoryReason,
  moveInput,
  renameInput,
  RESERVED_COLUMN_SLUGS,
  ROOT_KEY,
  versionInput,
  type Column,
  type ColumnKind,
  type ColumnTree,
} from './catalog.js';
import * as repo from './catalog.repository.js';
import type { CatalogColumnRow } from './catalog.table.js';
import { announce, nowOf } from '../../db/runtime.js';
import { contributedSeeds } from './catalog.kinds.js';
import { findAgency } from '../agencies/agency.service.js';

function toColumn(row: CatalogColumnRow): Column {
  return {
    id: row.id,
    agencyId: row.agencyId,
    key: row.key,
    parentId: row.parentId,
    kind: row.kind as ColumnKind,
    category: isDisclosureCategory(row.category) ? row.category : null,
    name: row.name,
    slug: row.slug,
    path: row.path,
    article: row.article,
    fixed: row.fixed === 1,
    hidden: row.hidden === 1,
    hiddenReason: row.hiddenReason,
    sortOrder: row.sortOrder,
    updateIntervalDays: row.updateIntervalDays,
    emptyReason: row.emptyReason,
    version: row.version,
  };
}

/** Agencies whose default columns are known to exist, per database handle, with the agency-change count they were checked at. */
const complete = new WeakMap<object, Map<number, number>>();
/**
 * Bumped whenever an agency changes (catalog.feature's listener): a new level
 * (a department become a township, say) brings its own statutory columns, so the
 * check runs again. Agency changes are rare; a spurious recheck costs one query.
 */
let agencyChanges = 0;
export function noteAgencyChange(): void {
  agencyChanges++;
}

/**
 * Creates whichever default columns an agency lacks (all of them for a new
 * agency; new vocabulary entries, or the columns of a new level, later), by the
 * agency's level: Art. 21 ¶1's list for governments and departments, ¶2's for
 * townships. Columns it already has are left as they are, visible or hidden.
 * Idempotent and safe to race: rows are keyed by (agency, key) and conflicting
 * inserts do nothing.
 */
export async function ensureColumns(db: Db, agencyId: number): Promise<void> {
  let known = complete.get(db);
  if (!known) complete.set(db, (known = new Map()));
  if (known.get(agencyId) === agencyChanges) return;
  const checkedAt = agencyChanges;
  const agency = await findAgency(db, agencyId);
  // The national structure, then the fixed columns features contribute (catalog.kinds.ts).
  const seeds = [...defaultColumns(agency?.level), ...contributedSeeds(db, agency)];
  const existing = await repo.columnKeys(db, agencyId);
  if (seeds.every((s) => existing.some((e) => e.key === s.key))) {
    known.set(agencyId, checkedAt);
    return;
  }
  await inTransaction(db, async (trx) => {
    const rows = await repo.listColumns(trx, agencyId);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const paths = new Set(rows.map((r) => r.path));
    const added: string[] = [];
    const now = nowOf(db);
    // Seeds list parents before children, so a parent's row exists when its children need it.
    for (const s of seeds) {
      if (byKey.has(s.key)) continue;
      const parent = s.parentKey ? byKey.get(s.parentKey) : undefined;
      if (s.parentKey && !parent) continue;
      let slug = s.slug;
      const base = parent ? `${parent.path}/` : '';
      for (let n = 2; paths.has(base + slug) || (await repo.findRedirectRow(trx, agencyId, base + slug)); n++) slug = `${s.slug}-${n}`;
      const row = {
        agencyId,
        key: s.key,
        parentId: parent?.id ?? null,
        kind: s.kind,
        category: s.category,
        name: s.name,
        slug,
        path: base + slug,
        article: s.article,
        fixed: s.fixed ? 1 : 0,
        hidden: s.hidden ? 1 : 0,
        hiddenReason: s.hiddenReason,
        sortOrder: s.sortOrder,
        createdAt: now,
        updatedAt: now,
      };
      const id = await repo.insertColumnIfAbsent(trx, row);
      if (id === null) continue;
      byKey.set(s.key, { ...row, id, updateIntervalDays: null, emptyReason: '', version: 1 });
      paths.add(row.path);
      added.push(s.name);
    }
    if (added.length) {
      await audit.record(trx, SYSTEM_ACTOR, {
        action: 'catalog.seed',
        entityType: 'agency',
        entityId: agencyId,
        agencyId,
        summary: `建立默认栏目 ${added.length} 个`,
        after: { columns: added },
      });
      await announce(trx, { entity: 'agency', id: agencyId, agencyId: agencyId, action: 'catalog.seed', public: true });
    }
  });
  known.set(agencyId, checkedAt);
}

/** The agency's column tree, creating the default columns on first use. */
export async function getTree(db: Db, agencyId: number): Promise<ColumnTree> {
  await ensureColumns(db, agencyId);
  return buildTree((await repo.listColumns(db, agencyId)).map(toColumn));
}

export type Resolved = { column: Column; tree: ColumnTree } | { redirectPath: string } | null;

/**
 * The column at a URL path under an agency (`zfxxgk/fdzdgknr/fgwj`), or where a
 * renamed column now lives, or null.
 */
export async function resolvePath(db: Db, agencyId: number, path: string): Promise<Resolved> {
  const tree = await getTree(db, agencyId);
  const column = tree.all.find((c) => c.path === path);
  if (column) return { column, tree };
  const redirect = await repo.findRedirect(db, agencyId, path);
  return redirect ? { redirectPath: redirect.path } : null;
}

async function loadForChange(db: Db, actor: Actor, id: number) {
  const row = await repo.findColumn(db, id);
  if (!row) throw notFound('栏目');
  authorize(actor, 'catalog.manage', { agencyId: row.agencyId });
  return toColumn(row);
}

/**
 * Hides a column that does not apply to the agency; the reason (required) is
 * shown publicly on the disclosure home and the column's own page, and audited.
 * A column the agency must publish is refused (COLUMN_MANDATORY).
 */
export async function hideColumn(db: Db, actor: Actor, id: number, raw: unknown): Promise<Column> {
  const column = await loadForChange(db, actor, id);
  const input = parseInput(hideInput, raw);
  if (column.fixed && !HIDEABLE_FIXED_KEYS.has(column.key)) {
    throw new AppError('INVALID_TRANSITION', `“${column.name}”是国家规定的栏目，不能隐藏`);
  }
  const agency = await findAgency(db, column.agencyId);
  const mandatory = agency ? mandatoryReason(column.category, agency) : null;
  if (mandatory) throw new AppError('COLUMN_MANDATORY', mandatory, { reason: mandatory });
  if (column.hidden) throw new AppError('INVALID_TRANSITION', '该栏目已隐藏');
  const row = await inTransaction(db, async (trx) => {
    const updated = await repo.updateColumn(trx, id, input.version, { hidden: 1, hiddenReason: input.reason, updatedAt: nowOf(db) });
    if (!updated) throw staleEdit();
    await audit.record(trx, actor, {
      action: 'catalog.column.hide',
      entityType: 'catalog_column',
      entityId: id,
      agencyId: column.agencyId,
      summary: `隐藏栏目“${column.name}”：${input.reason}`,
      before: { hidden: false },
      after: { hidden: true, reason: input.reason },
    });
    await announce(trx, { entity: 'catalog_column', id: id, agencyId: column.agencyId, action: 'catalog.column.hide', public: true });
    return updated;
  });
  return toColumn(row);
}

export async function showColumn(db: Db, actor: Actor, id: number, raw: unknown): Promise<Column> {
  const column = await loadForChange(db, actor, id);
  const { version } = parseInput(versionInput, raw);
  if (!column.hidden) throw new AppError('INVALID_TRANSITION', '该栏目已在显示');
  const row = await inTransaction(db, async (trx) => {
    const updated = await repo.updateColumn(trx, id, version, { hidden: 0, hiddenReason: '', updatedAt: nowOf(db) });
    if (!updated) throw staleEdit();
    await audit.record(trx, actor, {
      action: 'catalog.column.show',
      entityType: 'catalog_column',
      entityId: id,
      agencyId: column.agencyId,
      summary: `恢复显示栏目“${column.name}”`,
      before: { hidden: true, reason: column.hiddenReason },
      after: { hidden: false },
    });
    await announce(trx, { entity: 'catalog_column', id: id, agencyId: column.agencyId, action: 'catalog.column.show', public: true });
    return updated;
  });
  return toColumn(row);
}

/**
 * Renames a column, changes its URL slug and its expected update interval. The
 * national columns keep their names and URLs. A changed slug leaves a redirect
 * from the old path, so every URL ever published keeps working; an old path
 * that already redirects elsewhere cannot be taken.
 */
export async function updateColumn(db: Db, actor: Actor, id: number, raw: unknown): Promise<Column> {
  const column = await loadForChange(db, actor, id);
  const input = parseInput(renameInput, raw);
  if (column.fixed && (input.name !== column.name || input.slug !== column.slug)) {
    throw validationError({
      ...(input.name !== column.name ? { name: '国家规定的栏目名称不能修改' } : {}),
      ...(input.slug !== column.slug ? { slug: '国家规定的栏目网址不能修改' } : {}),
    });
  }
  if (input.slug !== column.slug && RESERVED_COLUMN_SLUGS.has(input.slug)) throw validationError({ slug: '该网址标识为系统保留，请换一个' });
  const parentPath = column.path.includes('/') ? column.path.slice(0, column.path.lastIndexOf('/') + 1) : '';
  const newPath = parentPath + input.slug;
  if (newPath !== column.path) {
    const clash = await repo.findColumnByPath(db, column.agencyId, newPath);
    if (clash) throw conflict('网址与其他栏目重复', { slug: `该网址已被栏目“${clash.name}”使用` });
    const redirect = await repo.findRedirectRow(db, column.agencyId, newPath);
    if (redirect && redirect.columnId !== id) throw conflict('网址曾被其他栏目使用', { slug: '该网址曾属于其他栏目，已发布的链接仍指向那里，不能再用' });
  }
  const row = await inTransaction(db, async (trx) => {
    const now = nowOf(db);
    const updated = await repo.updateColumn(trx, id, input.version, {
      name: input.name,
      slug: input.slug,
      path: newPath,
      updateIntervalDays: input.updateIntervalDays,
      ...(input.emptyReason !== undefined ? { emptyReason: input.emptyReason } : {}),
      updatedAt: now,
    });
    if (!updated) throw staleEdit();
    if (newPath !== column.path) {
      // Coming back to a former path: it is the column's own again, not a redirect.
      await repo.deleteRedirect(trx, column.agencyId, newPath);
      await repo.insertRedirect(trx, { agencyId: column.agencyId, oldPath: column.path, columnId: id, createdAt: now });
    }
    const change = audit.diff(
      { name: column.name, slug: column.slug, path: column.path, updateIntervalDays: column.updateIntervalDays, emptyReason: column.emptyReason },
      { name: input.name, slug: input.slug, path: newPath, updateIntervalDays: input.updateIntervalDays, emptyReason: input.emptyReason ?? column.emptyReason },
    );
    await audit.record(trx, actor, {
      action: 'catalog.column.update',
      entityType: 'catalog_column',
      entityId: id,
      agencyId: column.agencyId,
      summary: `修改栏目“${column.name}”：${Object.keys(change.after).join('、') || '无变化'}`,
      ...change,
    });
    await announce(trx, { entity: 'catalog_column', id: id, agencyId: column.agencyId, action: 'catalog.column.update', public: true });
    return updated;
  });
  return toColumn(row);
}

/** Moves a column one place up or down among its siblings; the national columns keep their order. */
export async function moveColumn(db: Db, actor: Actor, id: number, raw: unknown): Promise<Column> {
  const column = await loadForChange(db, actor, id);
  const input = parseInput(moveInput, raw);
  if (column.fixed) throw new AppError('INVALID_TRANSITION', `“${column.name}”的位置由国家规范确定，不能调整`);
  const tree = await getTree(db, column.agencyId);
  const siblings = (column.parentId === tree.statutoryParent.id ? tree.statutory : tree.agencyLevel).filter((c) => !c.fixed);
  const at = siblings.findIndex((c) => c.id === id);
  const to = input.direction === 'up' ? at - 1 : at + 1;
  if (at < 0 || to < 0 || to >= siblings.length) throw new AppError('INVALID_TRANSITION', input.direction === 'up' ? '已在最前' : '已在最后');
  const order = siblings.map((c) => c.id);
  [order[at], order[to]] = [order[to]!, order[at]!];
  const base = column.parentId === null ? 100 : 0;
  await inTransaction(db, async (trx) => {
    const now = nowOf(db);
    const moved = await repo.updateColumn(trx, id, input.version, { updatedAt: now });
    if (!moved) throw staleEdit();
    for (const [i, cid] of order.entries()) await repo.setSortOrder(trx, cid, base + (i + 1) * 10, now);
    await audit.record(trx, actor, {
      action: 'catalog.column.move',
      entityType: 'catalog_column',
      entityId: id,
      agencyId: column.agencyId,
      summary: `栏目“${column.name}”${input.direction === 'up' ? '上移' : '下移'}`,
      before: { order: siblings.map((c) => c.key) },
      after: { order: order.map((cid) => tree.byId.get(cid)!.key) },
    });
    await announce(trx, { entity: 'catalog_column', id: id, agencyId: column.agencyId, action: 'catalog.column.move', public: true });
  });
  return toColumn((await repo.findColumn(db, id))!);
}

export async function getColumnForOffice(db: Db, actor: Actor, id: number) {
  const row = await repo.findColumn(db, id);
  if (!row) throw notFound('栏目');
  authorize(actor, 'catalog.manage', { agencyId: row.agencyId });
  return { column: toColumn(row), redirects: await repo.listRedirects(db, id) };
}

/** Agencies whose columns the actor manages; null means all. */
export function manageableAgencyIds(actor: Actor): number[] | null {
  return agenciesWith(actor, 'catalog.manage');
}

/** Every agency's columns, for the sitemap. */
export async function listAllVisibleColumns(db: DbOrTrx): Promise<Column[]> {
  return (await repo.listAllColumns(db)).map(toColumn).filter((c) => !c.hidden);
}

export { ROOT_KEY };
