/**
 * Standard catalogs' use cases: an agency's catalog (its own rows and those of
 * other agencies assigned to it), editing rows, importing a sheet, filing a
 * publication under a row, the 发改 seed, and the period rules the rows give
 * publications (contributed to publications through the registry).
 */
import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { announce, nowOf } from '../../db/runtime.js';
import { AppError, notFound, staleEdit, validationError } from '../../errors.js';
import { intField, parseInput } from '../../lib/validation.js';
import { z } from 'zod';
import { agenciesWith, authorize } from '../access/policy.js';
import { SYSTEM_ACTOR, type Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import { agencyLabels, findAgency, listAgencies } from '../agencies/agency.service.js';
import { getTree } from '../catalog/catalog.service.js';
import { getPublication } from '../publications/publication.service.js';
import type { PeriodRule } from '../publications/publication.periods.js';
import * as repo from './standard-catalog.repository.js';
import { isDevelopmentReformAgency, MAJOR_PROJECTS_DOMAIN, majorProjectRows, SUBJECT_AGENCIES } from './standard-catalog.seed.js';
import { readCatalogXlsx } from './standard-catalog.sheet.js';
import { contentOf, parseCells, periodRuleOfRow, rowInput, rowKey, sameRule, type CatalogRow, type RowContent, type RowInput, type TimeRule } from './standard-catalog.js';
import type { StandardCatalogRowRow } from './standard-catalog.table.js';

function toRow(r: StandardCatalogRowRow): CatalogRow {
  return {
    id: r.id,
    agencyId: r.agencyId,
    domain: r.domain,
    level1: r.level1,
    level2: r.level2,
    level3: r.level3,
    elements: JSON.parse(r.elementsJson) as string[],
    basis: JSON.parse(r.basisJson) as CatalogRow['basis'],
    timeRule: JSON.parse(r.timeRuleJson) as TimeRule,
    subject: r.subject,
    subjectAgencyId: r.subjectAgencyId,
    channels: JSON.parse(r.channelsJson) as CatalogRow['channels'],
    audience: r.audience as CatalogRow['audience'],
    audienceGroup: r.audienceGroup,
    mode: r.mode as CatalogRow['mode'],
    levels: JSON.parse(r.levelsJson) as CatalogRow['levels'],
    columnKey: r.columnKey,
    sortOrder: r.sortOrder,
    version: r.version,
  };
}

function columnsOf(r: RowContent) {
  return {
    level1: r.level1,
    level2: r.level2,
    level3: r.level3,
    elementsJson: JSON.stringify(r.elements),
    basisJson: JSON.stringify(r.basis),
    timeRuleJson: JSON.stringify(r.timeRule),
    subject: r.subject,
    channelsJson: JSON.stringify(r.channels),
    audience: r.audience,
    audienceGroup: r.audienceGroup,
    mode: r.mode,
    levelsJson: JSON.stringify(r.levels),
  };
}

// ---------------------------------------------------------------- the 发改 seed

/** The platform agency a 主体 names (自然资源部门 → the 自然资源局 on the platform), if exactly one matches. */
async function subjectAgencyResolver(db: DbOrTrx, ownId: number) {
  const agencies = await listAgencies(db);
  return (subject: string): number | null => {
    const pattern = SUBJECT_AGENCIES[subject];
    if (!pattern) return null;
    const hits = agencies.filter((a) => a.id !== ownId && pattern.test(a.name));
    return hits.length === 1 ? hits[0]!.id : null;
  };
}

/**
 * Gives a 发展和改革局 the 重大建设项目 catalog (requirement 10), once: the seed is
 * recorded, so rows an agency deletes stay deleted. Runs in the caller's
 * transaction when given one (the agency-created listener) or its own.
 */
export async function seedIfDue(db: DbOrTrx, agencyId: number): Promise<boolean> {
  const agency = await findAgency(db, agencyId);
  if (!agency || !isDevelopmentReformAgency(agency.name)) return false;
  if (await repo.wasSeeded(db, agencyId, MAJOR_PROJECTS_DOMAIN)) return false;
  const run = async (trx: DbOrTrx) => {
    const now = nowOf(trx);
    if (!(await repo.markSeeded(trx, agencyId, MAJOR_PROJECTS_DOMAIN, now))) return false;
    const resolve = await subjectAgencyResolver(trx, agencyId);
    const rows = majorProjectRows();
    let n = 0;
    for (const r of rows) {
      await repo.insertRow(trx, {
        agencyId,
        domain: MAJOR_PROJECTS_DOMAIN,
        ...columnsOf(r),
        subjectAgencyId: resolve(r.subject),
        columnKey: r.columnKey,
        sortOrder: (n += 10),
        createdAt: now,
        updatedAt: now,
      });
    }
    await audit.record(trx, SYSTEM_ACTOR, {
      action: 'standard_catalog.seed',
      entityType: 'agency',
      entityId: agencyId,
      agencyId,
      summary: `建立${MAJOR_PROJECTS_DOMAIN}领域标准目录（${rows.length} 个事项）`,
    });
    await announce(trx, { entity: 'standard_catalog', id: agencyId, agencyId, action: 'standard_catalog.seed', public: true });
    return true;
  };
  return db.isTransaction ? run(db) : inTransaction(db as Db, run);
}

/**
 * A new agency takes the rows already waiting for it: rows of other agencies'
 * catalogs whose 主体 names its kind (a 住建局 created after the 发改局's seed).
 */
export async function assignWaitingRows(trx: DbOrTrx, agencyId: number): Promise<void> {
  const agency = await findAgency(trx, agencyId);
  if (!agency) return;
  for (const [subject, pattern] of Object.entries(SUBJECT_AGENCIES)) {
    if (!pattern.test(agency.name)) continue;
    await repo.assignWaiting(trx, subject, agencyId);
  }
}

// ---------------------------------------------------------------- reading

export interface AgencyCatalog {
  agencyId: number;
  /** The agency's own rows, by domain in catalog order. */
  rows: CatalogRow[];
  /** Rows other agencies' catalogs assign to this agency, with the owner's name. */
  assigned: (CatalogRow & { ownerName: string })[];
  /** Names of agencies the own rows are assigned to. */
  subjectNames: Record<number, string>;
}

/** An agency's standard catalog, public (the catalog is itself published information). */
export async function getCatalog(db: Db, agencyId: number): Promise<AgencyCatalog> {
  await seedIfDue(db, agencyId);
  const all = (await repo.listRows(db, agencyId)).map(toRow);
  const rows = all.filter((r) => r.agencyId === agencyId);
  const assignedRows = all.filter((r) => r.agencyId !== agencyId);
  const labels = await agencyLabels(db, [...assignedRows.map((r) => r.agencyId), ...rows.flatMap((r) => (r.subjectAgencyId ? [r.subjectAgencyId] : []))]);
  return {
    agencyId,
    rows,
    assigned: assignedRows.map((r) => ({ ...r, ownerName: labels.get(r.agencyId)?.name ?? '' })),
    subjectNames: Object.fromEntries([...labels].map(([id, l]) => [id, l.name])),
  };
}

/** The domains of an agency's own rows, in order of first appearance. */
export const domainsOf = (rows: readonly CatalogRow[]) => [...new Set(rows.map((r) => r.domain))];

export async function getRow(db: Db, id: number): Promise<CatalogRow> {
  const row = await repo.findRow(db, id);
  if (!row) throw notFound('目录事项');
  return toRow(row);
}

/** The agencies whose catalogs the actor may edit (null: all). */
export const manageableAgencyIds = (actor: Actor) => agenciesWith(actor, 'catalog.manage');

// ---------------------------------------------------------------- editing

const versionInput = z.object({ version: intField('版本') });

/** A row from the API's JSON or from the office form's cells (`cells` set): one schema either way. */
function rowFrom(raw: unknown): RowInput {
  const r = raw as Record<string, unknown> | null;
  if (r && typeof r === 'object' && r.cells && typeof r.cells === 'object') {
    const parsed = parseCells(r.cells as Record<string, string>, String(r.domain ?? '').trim());
    if (parsed.errors) throw validationError(parsed.errors);
    return { ...parsed.row, columnKey: typeof r.columnKey === 'string' && r.columnKey.trim() ? r.columnKey.trim() : null, subjectAgencyId: r.subjectAgencyId ? Number(r.subjectAgencyId) : null };
  }
  return parseInput(rowInput, raw);
}

async function checkRefs(db: DbOrTrx, agencyId: number, input: RowInput) {
  if (input.subjectAgencyId != null) {
    if (input.subjectAgencyId === agencyId || !(await findAgency(db, input.subjectAgencyId))) throw validationError({ subjectAgencyId: '公开主体机关不存在，或就是本机关（本机关的事项无须分配）' });
  }
  if (input.columnKey) {
    const tree = await getTree(db as Db, agencyId);
    if (!tree.all.some((c) => c.key === input.columnKey)) throw validationError({ columnKey: '本机关没有这个栏目' });
  }
}

export async function createRow(db: Db, actor: Actor, agencyId: number, raw: unknown): Promise<CatalogRow> {
  authorize(actor, 'catalog.manage', { agencyId });
  const input = rowFrom(raw);
  await checkRefs(db, agencyId, input);
  const id = await inTransaction(db, async (trx) => {
    const now = nowOf(trx);
    const id = await repo.insertRow(trx, {
      agencyId,
      domain: input.domain,
      ...columnsOf(input as RowContent),
      subjectAgencyId: input.subjectAgencyId ?? null,
      columnKey: input.columnKey ?? null,
      sortOrder: (await repo.maxSortOrder(trx, agencyId, input.domain)) + 10,
      createdAt: now,
      updatedAt: now,
    });
    await audit.record(trx, actor, { action: 'standard_catalog.row.create', entityType: 'standard_catalog_row', entityId: id, agencyId, summary: `新增标准目录事项“${input.level1}/${input.level2}”`, after: input });
    await announce(trx, { entity: 'standard_catalog', id, agencyId, action: 'standard_catalog.row.create', public: true });
    return id;
  });
  return getRow(db, id);
}

export async function updateRow(db: Db, actor: Actor, id: number, raw: unknown): Promise<CatalogRow> {
  const before = await getRow(db, id);
  authorize(actor, 'catalog.manage', { agencyId: before.agencyId });
  const { version } = parseInput(versionInput, raw);
  const input = rowFrom(raw);
  await checkRefs(db, before.agencyId, input);
  await inTransaction(db, async (trx) => {
    const updated = await repo.updateRow(trx, id, version, {
      domain: input.domain,
      ...columnsOf(input as RowContent),
      subjectAgencyId: input.subjectAgencyId ?? null,
      columnKey: input.columnKey ?? null,
      updatedAt: nowOf(trx),
    });
    if (!updated) throw staleEdit();
    await audit.record(trx, actor, { action: 'standard_catalog.row.update', entityType: 'standard_catalog_row', entityId: id, agencyId: before.agencyId, summary: `修改标准目录事项“${input.level1}/${input.level2}”`, before: contentOf(before), after: input });
    await announce(trx, { entity: 'standard_catalog', id, agencyId: before.agencyId, action: 'standard_catalog.row.update', public: true });
  });
  return getRow(db, id);
}

export async function deleteRow(db: Db, actor: Actor, id: number, raw: unknown): Promise<CatalogRow> {
  const before = await getRow(db, id);
  authorize(actor, 'catalog.manage', { agencyId: before.agencyId });
  const { version } = parseInput(versionInput, raw);
  if (version !== before.version) throw staleEdit();
  await inTransaction(db, async (trx) => {
    await repo.deleteRow(trx, id);
    await audit.record(trx, actor, { action: 'standard_catalog.row.delete', entityType: 'standard_catalog_row', entityId: id, agencyId: before.agencyId, summary: `删除标准目录事项“${before.level1}/${before.level2}”`, before: contentOf(before) });
    await announce(trx, { entity: 'standard_catalog', id, agencyId: before.agencyId, action: 'standard_catalog.row.delete', public: true });
  });
  return before;
}

/**
 * Replaces one domain of an agency's catalog with an uploaded sheet, all or
 * nothing. A row whose 事项 (一级/二级/三级) is already there keeps its id, its
 * column, its assignment and the publications filed under it; rows the sheet no
 * longer has are deleted; new rows are added, in the sheet's order.
 */
export async function importSheet(db: Db, actor: Actor, agencyId: number, bytes: Buffer): Promise<{ domain: string; added: number; updated: number; removed: number }> {
  authorize(actor, 'catalog.manage', { agencyId });
  const sheet = await readCatalogXlsx(bytes);
  const keys = sheet.rows.map(rowKey);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup) throw validationError({ file: `事项“${dup.split('\u0000').filter(Boolean).join('/')}”在表格中出现了两次` }, '目录中有重复的事项，未导入任何内容');
  return inTransaction(db, async (trx) => {
    const now = nowOf(trx);
    const existing = new Map((await repo.domainRows(trx, agencyId, sheet.domain)).map((r) => [rowKey(r), r]));
    let added = 0;
    let updated = 0;
    let order = 0;
    for (const r of sheet.rows) {
      order += 10;
      const old = existing.get(rowKey(r));
      if (old) {
        existing.delete(rowKey(r));
        const ok = await repo.updateRow(trx, old.id, old.version, { ...columnsOf(r as RowContent), sortOrder: order, updatedAt: now });
        if (!ok) throw staleEdit();
        updated++;
      } else {
        await repo.insertRow(trx, { agencyId, domain: sheet.domain, ...columnsOf(r as RowContent), subjectAgencyId: null, columnKey: null, sortOrder: order, createdAt: now, updatedAt: now });
        added++;
      }
    }
    await repo.deleteRows(trx, [...existing.values()].map((r) => r.id));
    const result = { domain: sheet.domain, added, updated, removed: existing.size };
    await audit.record(trx, actor, { action: 'standard_catalog.import', entityType: 'agency', entityId: agencyId, agencyId, summary: `导入${sheet.domain}领域标准目录：新增 ${added}、更新 ${updated}、删除 ${existing.size} 个事项`, after: result });
    await announce(trx, { entity: 'standard_catalog', id: agencyId, agencyId, action: 'standard_catalog.import', public: true });
    return result;
  });
}

// ---------------------------------------------------------------- publications under rows

const linkInput = z.object({ rowId: z.preprocess((v) => (v === '' || v === undefined ? null : v), intField('事项编号').nullable()) });

/**
 * Files a publication under a row of its agency's catalog (own or assigned), or
 * takes it out (`rowId: null`); from then on it is judged by the row's time rule.
 */
export async function linkPublication(db: Db, actor: Actor, publicationId: number, raw: unknown): Promise<{ publicationId: number; rowId: number | null }> {
  const pub = await getPublication(db, actor, publicationId);
  authorize(actor, 'catalog.manage', { agencyId: pub.agencyId });
  const { rowId } = parseInput(linkInput, raw);
  if (rowId !== null) {
    const row = await repo.findRow(db, rowId);
    if (!row || (row.agencyId !== pub.agencyId && row.subjectAgencyId !== pub.agencyId)) throw validationError({ rowId: '该事项不在本机关的标准目录中' });
  }
  await inTransaction(db, async (trx) => {
    if (rowId === null) await repo.removeLink(trx, publicationId);
    else await repo.setLink(trx, publicationId, rowId, nowOf(trx));
    await audit.record(trx, actor, {
      action: 'standard_catalog.link',
      entityType: 'publication',
      entityId: publicationId,
      agencyId: pub.agencyId,
      summary: rowId === null ? `“${pub.title}”不再归入标准目录事项` : `“${pub.title}”归入标准目录事项 ${rowId}`,
      after: { rowId },
    });
    await announce(trx, { entity: 'publication', id: publicationId, agencyId: pub.agencyId, action: 'standard_catalog.link', public: false });
  });
  return { publicationId, rowId };
}

/** Publication ids filed under each of these rows. */
export async function linkedPublications(db: DbOrTrx, rowIds: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const l of await repo.linksOfRows(db, rowIds)) out.set(l.rowId, [...(out.get(l.rowId) ?? []), l.publicationId]);
  return out;
}

// ---------------------------------------------------------------- clocks (requirement 9)

/**
 * The period rules the catalogs give items. A publication filed under a row takes
 * the row's rule. Otherwise, when the agency's rows map to the column of the item's
 * category and all of them that set a countable period agree on it, the item takes
 * that; rows that disagree leave the category's rule, and the office is told to
 * file the items under their rows. Rules with no period of their own (实时, 及时…)
 * give nothing: the category's rule stays the upper bound.
 */
export async function periodRulesOf(db: DbOrTrx, items: readonly { id: number; agencyId: number; category: string }[]): Promise<Map<number, PeriodRule>> {
  const out = new Map<number, PeriodRule>();
  const links = await repo.linksOf(db, items.map((i) => i.id));
  const linkedRows = new Map((await repo.findRows(db, [...new Set(links.map((l) => l.rowId))])).map((r) => [r.id, toRow(r)]));
  for (const l of links) {
    const row = linkedRows.get(l.rowId);
    const rule = row ? periodRuleOfRow(row.timeRule) : null;
    if (rule) out.set(l.publicationId, rule);
  }
  const rest = items.filter((i) => !links.some((l) => l.publicationId === i.id));
  if (rest.length === 0) return out;
  const agencyIds = [...new Set(rest.map((i) => i.agencyId))];
  const mapped = (await repo.listRowsOfAgencies(db, agencyIds)).map(toRow);
  if (mapped.length === 0) return out;
  for (const agencyId of new Set(mapped.map((r) => r.agencyId))) {
    const tree = await getTree(db as Db, agencyId);
    const categoryOfKey = new Map(tree.all.map((c) => [c.key, c.category]));
    const byCategory = new Map<string, PeriodRule[]>();
    for (const r of mapped.filter((m) => m.agencyId === agencyId)) {
      const category = r.columnKey ? categoryOfKey.get(r.columnKey) : null;
      const rule = periodRuleOfRow(r.timeRule);
      if (category && rule) byCategory.set(category, [...(byCategory.get(category) ?? []), rule]);
    }
    for (const i of rest.filter((x) => x.agencyId === agencyId)) {
      const rules = byCategory.get(i.category);
      if (rules && rules.every((r) => sameRule(r, rules[0]!))) out.set(i.id, rules[0]!);
    }
  }
  return out;
}

/** Rows mapped to columns of the same category whose periods disagree (the office warns about them). */
export async function ambiguousColumns(db: Db, agencyId: number): Promise<string[]> {
  const rows = (await repo.listRowsOfAgencies(db, [agencyId])).map(toRow);
  if (rows.length === 0) return [];
  const tree = await getTree(db, agencyId);
  const byCategory = new Map<string, { name: string; rules: PeriodRule[] }>();
  for (const r of rows) {
    const col = tree.all.find((c) => c.key === r.columnKey);
    const rule = periodRuleOfRow(r.timeRule);
    if (!col?.category || !rule) continue;
    const e = byCategory.get(col.category) ?? { name: col.name, rules: [] };
    e.rules.push(rule);
    byCategory.set(col.category, e);
  }
  return [...byCategory.values()].filter((e) => !e.rules.every((r) => sameRule(r, e.rules[0]!))).map((e) => e.name);
}

export const noSuchAgency = () => new AppError('NOT_FOUND', '机关不存在');
