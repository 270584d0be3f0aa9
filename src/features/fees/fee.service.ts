/**
 * Price and fee lists: proposing a change (add, amend, stop, abolish, restore)
 * drafts its dated announcement in the Art. 20(八) category through the
 * publications service, so it takes the agency's review workflow like any item.
 * The change is pending until that announcement is published: a transaction
 * listener on the publication's publishing makes it the item's next version in
 * the same transaction (or refuses, and the publishing rolls back); deleting the
 * announcement's draft cancels it. Versions are appended, never rewritten, and the
 * list on any date is read from their effective dates.
 */
import { z } from 'zod';
import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { announce, nowOf, todayOf } from '../../db/runtime.js';
import { AppError, notFound, staleEdit, validationError, type FieldErrors } from '../../errors.js';
import { isIsoDate, type IsoDate } from '../../lib/dates.js';
import { fieldErrorsOf, intField, optionalText, text, urlText } from '../../lib/validation.js';
import { authorize, can } from '../access/policy.js';
import { SYSTEM_ACTOR, type Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import { createDraftIn } from '../publications/publication.drafting.js';
import { publicationHeads, publishedIdsIn } from '../publications/publication.read.js';
import {
  announcementBody,
  announcementSummary,
  announcementTitle,
  compareAmounts,
  exportRow,
  FEE_CHANGE_KINDS,
  FEE_EXPORT_COLUMNS,
  inertCell,
  FEE_LISTS,
  FEE_LIST_KEYS,
  FEE_STATUSES,
  feeCsv,
  feeListNotice,
  feeListPath,
  isFeeChangeKind,
  isFeeList,
  nameKey,
  parseAmount,
  changeDateProblems,
  termsProblems,
  transitionProblem,
  upcoming,
  versionOn,
  type FeeBasis,
  type FeeChangeKind,
  type FeeList,
  type FeeStatus,
  type FeeTerms,
  type FeeVersion,
  type NoticeContent,
} from './fee.js';
import * as repo from './fee.repository.js';
import type { FeeChangeRow, FeeItemRow } from './fee.table.js';
import { findAgency } from '../agencies/agency.service.js';

/** At most this many basis documents per item. */
export const MAX_BASIS = 10;

const dateText = z.preprocess((v) => (v == null ? '' : typeof v === 'string' ? v.trim() : v), z.string({ message: '日期应为文本（YYYY-MM-DD）' }).max(10, '日期应为 YYYY-MM-DD'));
const flag = z.preprocess((v) => v === true || v === 'true' || v === '1' || v === 'on', z.boolean());

/** What every change carries. */
export const changeBaseInput = z.object({
  kind: z.string({ message: '请选择变更类型' }).refine((v) => isFeeChangeKind(v), '请选择变更类型：新增、调整、停征、废止或恢复'),
  reason: text(1000, { required: true }),
  writtenDate: dateText,
  effectiveDate: dateText,
  documentNumber: optionalText(100),
  version: z.preprocess((v) => (v === '' || v == null ? undefined : v), intField('版本').optional()),
});

const basisItem = z.object({
  title: text(200, { required: true }),
  number: optionalText(100),
  url: urlText,
});

/** What an add or an amendment says about the item. */
export const termsInput = z.object({
  name: text(100, { required: true }),
  basis: z.array(basisItem, { message: '请至少填写一份依据文件' }).min(1, '请至少填写一份依据文件').max(MAX_BASIS, `依据文件不能超过 ${MAX_BASIS} 份`),
  standard: text(500, { required: true }),
  amount: z.preprocess((v) => (typeof v === 'number' ? String(v) : v == null ? '' : v), text(20)),
  amountUnit: optionalText(20),
  collectingUnit: text(200, { required: true }),
  validFrom: dateText,
  validTo: dateText,
  longTerm: flag,
  notes: optionalText(1000),
});

export type ChangeInput = z.infer<typeof changeBaseInput> & Partial<z.infer<typeof termsInput>>;

export function canManageFees(actor: Actor | null, agencyId: number): boolean {
  return can(actor, 'fee.manage', { agencyId });
}

const parseBasis = (json: string): FeeBasis[] => {
  try {
    const v = JSON.parse(json) as FeeBasis[];
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
};

/** A change row as a version of the rules. */
export function versionOf(c: FeeChangeRow): FeeVersion & { id: number; itemId: number; publicationId: number | null; publishedAt: string | null; state: string } {
  return {
    id: c.id,
    itemId: c.itemId,
    versionNo: c.versionNo ?? 0,
    kind: c.kind as FeeChangeKind,
    status: c.status as FeeStatus,
    name: c.name,
    basis: parseBasis(c.basis),
    standard: c.standard,
    amount: c.amount,
    amountUnit: c.amountUnit,
    collectingUnit: c.collectingUnit,
    validFrom: c.validFrom as IsoDate,
    validTo: c.validTo as IsoDate | null,
    notes: c.notes,
    effectiveDate: c.effectiveDate as IsoDate,
    writtenDate: c.writtenDate as IsoDate,
    reason: c.reason,
    publicationId: c.publicationId,
    publishedAt: c.publishedAt,
    state: c.state,
  };
}
export type VersionView = ReturnType<typeof versionOf>;

const termsOf = (v: FeeTerms): FeeTerms => ({
  name: v.name,
  basis: v.basis,
  standard: v.standard,
  amount: v.amount,
  amountUnit: v.amountUnit,
  collectingUnit: v.collectingUnit,
  validFrom: v.validFrom,
  validTo: v.validTo,
  notes: v.notes,
});

async function latestPublished(db: DbOrTrx, itemId: number): Promise<VersionView | null> {
  const rows = (await repo.changesOfItems(db, [itemId])).filter((c) => c.state === 'published');
  rows.sort((a, b) => (b.versionNo ?? 0) - (a.versionNo ?? 0));
  return rows[0] ? versionOf(rows[0]) : null;
}

/** Reads a form's or a body's basis rows: `basis` as a list, or form fields `basis.N.title` / `.number` / `.url` (blank rows dropped). */
export function basisFromForm(values: Record<string, unknown>): unknown {
  if (Array.isArray(values.basis)) return values.basis;
  const rows: { title: string; number: string; url: string }[] = [];
  for (let i = 0; i < MAX_BASIS; i++) {
    const get = (k: string) => (typeof values[`basis.${i}.${k}`] === 'string' ? (values[`basis.${i}.${k}`] as string) : '');
    const row = { title: get('title'), number: get('number'), url: get('url') };
    if (row.title.trim() || row.number.trim() || row.url.trim()) rows.push(row);
  }
  return rows.length ? rows : undefined;
}

export interface ProposeResult {
  item: FeeItemRow;
  change: FeeChangeRow;
  publicationId: number;
}

/**
 * Proposes a change to an agency's list: checks everything (reporting every field
 * at once), then in one transaction records the change as pending and drafts its
 * announcement. Nothing is written when any check fails.
 */
export async function proposeChange(db: Db, actor: Actor, agencyId: number, raw: unknown): Promise<ProposeResult> {
  authorize(actor, 'fee.manage', { agencyId });
  const body = (raw && typeof raw === 'object' ? { ...(raw as Record<string, unknown>) } : {}) as Record<string, unknown>;
  if (body.basis === undefined) body.basis = basisFromForm(body) ?? [];
  const agency = await findAgency(db, agencyId);
  if (!agency) throw notFound('机关');

  const fields: FieldErrors = {};
  const base = changeBaseInput.safeParse(body);
  if (!base.success) Object.assign(fields, fieldErrorsOf(base.error));
  const kind = isFeeChangeKind(body.kind) ? body.kind : null;
  if (!kind) throw validationError({ ...fields, kind: fields.kind ?? '请选择变更类型' });
  const def = FEE_CHANGE_KINDS[kind];
  // The item, its list, and whether this change may follow where it stands.
  let item: FeeItemRow | undefined;
  let list: FeeList;
  if (kind === 'add') {
    if (!isFeeList(body.list)) {
      fields.list = '请选择清单：行政事业性收费或政府定价';
      list = 'admin_fee';
    } else list = body.list;
  } else {
    const itemId = typeof body.itemId === 'number' ? body.itemId : typeof body.itemId === 'string' && /^\d{1,9}$/.test(body.itemId) ? Number(body.itemId) : null;
    if (itemId === null) throw validationError({ ...fields, itemId: '请指定要变更的项目' });
    item = await repo.findItem(db, itemId);
    if (!item || item.agencyId !== agencyId || item.nameKey === null) throw notFound('收费（价格）项目');
    list = item.list as FeeList;
    if (await repo.pendingOf(db, item.id))
      throw new AppError('FEE_CHANGE_PENDING', `“${item.name}”有一项变更的公告尚未发布；请先发布或删除该公告草稿，再提出新的变更`);
    if (base.success && base.data.version !== undefined && base.data.version !== item.version) throw staleEdit();
    const problem = transitionProblem(kind, (item.status || null) as FeeStatus | null);
    if (problem) throw new AppError('INVALID_TRANSITION', problem, { kind: problem });
  }
  // An amendment keeps the item's name; the form may leave it out.
  if (item && (body.name == null || body.name === '')) body.name = item.name;
  const termsParsed = def.terms ? termsInput.safeParse(body) : null;
  if (termsParsed && !termsParsed.success) Object.assign(fields, fieldErrorsOf(termsParsed.error));
  const current = item ? await latestPublished(db, item.id) : null;
  Object.assign(fields, changeDateProblems({ writtenDate: base.success ? base.data.writtenDate : (body.writtenDate as string), effectiveDate: base.success ? base.data.effectiveDate : (body.effectiveDate as string) }, todayOf(db), current?.effectiveDate ?? null));
  if (def.terms) {
    // The rules run on what was sent even when the schema refused other fields, so every problem shows at once.
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : typeof body[k] === 'number' ? String(body[k]) : '');
    const longTerm = body.longTerm === true || body.longTerm === 'true' || body.longTerm === '1' || body.longTerm === 'on';
    for (const [k, m] of Object.entries(termsProblems({ validFrom: str('validFrom'), validTo: str('validTo'), longTerm, amount: str('amount'), amountUnit: str('amountUnit') }))) fields[k] ??= m;
    const name = str('name');
    if (kind === 'add' && name) {
      const clash = await repo.findItemByName(db, agencyId, list, nameKey(name));
      if (clash) fields.name = `本机关${FEE_LISTS[list].label}清单中已有“${clash.name}”${clash.status && clash.status !== 'active' ? `（${FEE_STATUSES[clash.status as FeeStatus].label}，如需继续执行请“恢复”）` : ''}`;
    } else if (item && name && nameKey(name) !== nameKey(item.name)) {
      fields.name = `项目名称不能修改（现为“${item.name}”）；如需更名，请废止原项目后新增`;
    }
  }
  if (Object.keys(fields).length || !base.success || (termsParsed && !termsParsed.success)) throw validationError(fields);
  const input = base.data;

  const t = termsParsed?.success ? termsParsed.data : null;
  const terms: FeeTerms = t
    ? {
        name: item ? item.name : t.name,
        basis: t.basis.map((b) => ({ title: b.title, number: b.number, url: b.url })),
        standard: t.standard,
        amount: t.amount ? parseAmount(t.amount) : null,
        amountUnit: t.amount ? t.amountUnit : '',
        collectingUnit: t.collectingUnit,
        validFrom: t.validFrom as IsoDate,
        validTo: t.longTerm ? null : (t.validTo as IsoDate),
        notes: t.notes,
      }
    : termsOf(current!);

  return inTransaction(db, async (trx) => {
    const at = nowOf(trx);
    let row: FeeItemRow;
    if (kind === 'add') {
      // Checked again under the unique index: of two adds of one name, one wins.
      if (await repo.findItemByName(trx, agencyId, list, nameKey(terms.name))) throw validationError({ name: `本机关${FEE_LISTS[list].label}清单中已有“${terms.name}”` });
      row = await repo.insertItem(trx, { agencyId, list, name: terms.name, nameKey: nameKey(terms.name), createdAt: at, updatedAt: at });
    } else {
      const claimed = await repo.claimItem(trx, item!.id, item!.version, { updatedAt: at });
      if (!claimed) throw staleEdit();
      row = claimed;
    }
    const title = announcementTitle(list, kind, terms.name);
    const draft = await createDraftIn(trx, actor, {
      agencyId,
      title,
      summary: announcementSummary(list, kind, terms, input.effectiveDate as IsoDate),
      body: announcementBody({ agencyName: agency.name, list, kind, reason: input.reason, effectiveDate: input.effectiveDate as IsoDate, terms, previous: current ? termsOf(current) : null, listUrl: feeListPath(agency.slug, list) }),
      documentNumber: input.documentNumber,
      writtenDate: input.writtenDate,
      formedDate: input.writtenDate,
      category: 'art20_08',
      topic: FEE_LISTS[list].topic,
      genre: 'announcement',
      // A keyword is at most 20 characters.
      keywords: [[...terms.name].slice(0, 20).join(''), list === 'price' ? '价格' : '收费'],
    });
    const change = await repo.insertChange(trx, {
      itemId: row.id,
      agencyId,
      kind,
      state: 'pending',
      versionNo: null,
      status: def.to,
      name: terms.name,
      basis: JSON.stringify(terms.basis),
      standard: terms.standard,
      amount: terms.amount,
      amountUnit: terms.amountUnit,
      collectingUnit: terms.collectingUnit,
      validFrom: terms.validFrom,
      validTo: terms.validTo,
      notes: terms.notes,
      reason: input.reason,
      writtenDate: input.writtenDate,
      effectiveDate: input.effectiveDate,
      publicationId: draft.id,
      createdAt: at,
      createdByName: actor.displayName,
      publishedAt: null,
    });
    await audit.record(trx, actor, {
      action: `fee.${kind}`,
      entityType: 'fee_item',
      entityId: row.id,
      agencyId,
      summary: `提出${FEE_LISTS[list].label}变更（${def.label}）：${terms.name}，生效日期 ${input.effectiveDate}，公告草稿《${title}》待审核发布`,
      ...(current ? { before: { status: current.status, standard: current.standard, versionNo: current.versionNo } } : {}),
      after: { changeId: change.id, kind, status: def.to, standard: terms.standard, effectiveDate: input.effectiveDate, publicationId: draft.id },
    });
    await announce(trx, { entity: 'fee_item', id: row.id, agencyId, action: `fee.${kind}`, public: false });
    return { item: row, change, publicationId: draft.id };
  });
}

/**
 * The listener's work when an announcement is published: its pending change
 * becomes the item's next version, published now. Runs in the publishing's
 * transaction, so the list and the announcement go public together.
 */
export async function publishChangeOf(trx: DbOrTrx, publicationId: number): Promise<void> {
  const change = await repo.pendingByPublication(trx, publicationId);
  if (!change) return;
  const item = await repo.findItem(trx, change.itemId);
  if (!item) return;
  const at = nowOf(trx);
  const versionNo = item.publishedVersion + 1;
  const done = await repo.markPublished(trx, change.id, versionNo, at);
  if (!done) return;
  const claimed = await repo.claimItem(trx, item.id, item.version, { status: change.status, publishedVersion: versionNo, updatedAt: at });
  if (!claimed) throw staleEdit();
  await audit.record(trx, SYSTEM_ACTOR, {
    action: 'fee.publish',
    entityType: 'fee_item',
    entityId: item.id,
    agencyId: item.agencyId,
    summary: `随公告（信息 ${publicationId}）发布，${FEE_LISTS[item.list as FeeList]?.label ?? item.list}项目“${item.name}”第 ${versionNo} 版（${FEE_CHANGE_KINDS[change.kind as FeeChangeKind]?.label ?? change.kind}）自 ${change.effectiveDate} 起生效`,
    before: { status: item.status || null, versionNo: item.publishedVersion },
    after: { status: change.status, versionNo, effectiveDate: change.effectiveDate, changeId: change.id },
  });
  await announce(trx, { entity: 'fee_item', id: item.id, agencyId: item.agencyId, action: 'fee.publish', public: true });
}

/** When an announcement's draft is deleted: its change is cancelled, and an item never published gives its name back. */
export async function cancelChangeOf(trx: DbOrTrx, publicationId: number): Promise<void> {
  const change = await repo.pendingByPublication(trx, publicationId);
  if (!change) return;
  const item = await repo.findItem(trx, change.itemId);
  if (!item) return;
  await repo.markCancelled(trx, change.id);
  const claimed = await repo.claimItem(trx, item.id, item.version, { updatedAt: nowOf(trx), ...(item.publishedVersion === 0 ? { nameKey: null } : {}) });
  if (!claimed) throw staleEdit();
  await audit.record(trx, SYSTEM_ACTOR, {
    action: 'fee.cancel',
    entityType: 'fee_item',
    entityId: item.id,
    agencyId: item.agencyId,
    summary: `公告草稿（信息 ${publicationId}）已删除，“${item.name}”的${FEE_CHANGE_KINDS[change.kind as FeeChangeKind]?.label ?? ''}变更取消`,
    after: { changeId: change.id, state: 'cancelled' },
  });
  await announce(trx, { entity: 'fee_item', id: item.id, agencyId: item.agencyId, action: 'fee.cancel', public: false });
}

// ---------------------------------------------------------------- reading

export interface ListRow {
  item: FeeItemRow;
  /** The version standing on the date, if any. */
  current: VersionView | null;
  /** Published versions taking effect after the date. */
  upcoming: VersionView[];
  /** The pending change, if any (office only). */
  pending: VersionView | null;
  /** Every published version, newest first. */
  versions: VersionView[];
}

/** An agency's lists as they stood on `date`, with every item's versions (and, for the office, the pending changes). */
export async function listsOn(db: DbOrTrx, agencyId: number, date: IsoDate, opts: { sort?: 'order' | 'amount' | 'name' } = {}): Promise<Record<FeeList, ListRow[]>> {
  const items = await repo.listItems(db, agencyId);
  const changes = await repo.changesOfItems(
    db,
    items.map((i) => i.id),
  );
  const out = Object.fromEntries(FEE_LIST_KEYS.map((k) => [k, [] as ListRow[]])) as Record<FeeList, ListRow[]>;
  for (const item of items) {
    const mine = changes.filter((c) => c.itemId === item.id);
    const published = mine.filter((c) => c.state === 'published').map(versionOf);
    const pending = mine.find((c) => c.state === 'pending');
    if (!isFeeList(item.list)) continue;
    out[item.list].push({
      item,
      current: versionOn(published, date) ?? null,
      upcoming: upcoming(published, date),
      pending: pending ? versionOf(pending) : null,
      versions: [...published].sort((a, b) => b.versionNo - a.versionNo),
    });
  }
  if (opts.sort === 'amount') for (const k of FEE_LIST_KEYS) out[k].sort((a, b) => compareAmounts(a.current?.amount ?? null, b.current?.amount ?? null));
  if (opts.sort === 'name') for (const k of FEE_LIST_KEYS) out[k].sort((a, b) => a.item.name.localeCompare(b.item.name, 'zh-Hans-CN'));
  return out;
}

/** The public view of a list on a date: items standing then, active ones first, then those stopped or abolished. */
export function publicRows(rows: readonly ListRow[]) {
  const standing = rows.filter((r) => r.current);
  return {
    active: standing.filter((r) => r.current!.status === 'active'),
    inactive: standing.filter((r) => r.current!.status !== 'active'),
    /** Published but not yet in effect on the date, and not standing (a new item announced ahead). */
    announced: rows.filter((r) => !r.current && r.upcoming.length),
  };
}

/** One item's history: every published version, newest first, with its announcement's public address. */
export async function itemHistory(db: DbOrTrx, agencyId: number, itemId: number, opts: { staff?: boolean } = {}) {
  const item = await repo.findItem(db, itemId);
  if (!item || item.agencyId !== agencyId || item.nameKey === null) throw notFound('收费（价格）项目');
  const rows = await repo.changesOfItems(db, [itemId]);
  const versions = rows.filter((c) => c.state === 'published').map(versionOf).sort((a, b) => b.versionNo - a.versionNo);
  if (!versions.length && !opts.staff) throw notFound('收费（价格）项目');
  const heads = await publicationHeads(
    db,
    rows.map((c) => c.publicationId).filter((id): id is number => id !== null),
  );
  return {
    item,
    versions,
    changes: opts.staff ? rows.map(versionOf).sort((a, b) => b.id - a.id) : [],
    publications: new Map(heads.map((h) => [h.id, h])),
  };
}

/** The rows of an export of a list on a date: what stands then, active first. */
export async function exportRowsOn(db: DbOrTrx, agencyId: number, list: FeeList, date: IsoDate) {
  const lists = await listsOn(db, agencyId, date);
  const { active, inactive } = publicRows(lists[list]);
  return [...active, ...inactive].map((r) => exportRow(r.current!, date));
}

export async function exportCsv(db: DbOrTrx, agencyId: number, list: FeeList, date: IsoDate): Promise<string> {
  return feeCsv(await exportRowsOn(db, agencyId, list, date));
}

/** The list as a workbook: a title line, the header frozen and filterable, every cell text. */
export async function exportXlsx(db: DbOrTrx, agencyId: number, title: string, list: FeeList, date: IsoDate): Promise<Buffer> {
  const rows = await exportRowsOn(db, agencyId, list, date);
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.title = title;
  const ws = wb.addWorksheet(FEE_LISTS[list].label.replace(/[（）()]/g, ''), { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = FEE_EXPORT_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  ws.mergeCells(1, 1, 1, FEE_EXPORT_COLUMNS.length);
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  const head = ws.getRow(2);
  FEE_EXPORT_COLUMNS.forEach((c, i) => {
    head.getCell(i + 1).value = c.label;
  });
  head.font = { bold: true };
  for (const r of rows) {
    const row = ws.addRow(FEE_EXPORT_COLUMNS.map((c) => inertCell(r[c.key])));
    row.alignment = { wrapText: true, vertical: 'top' };
  }
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: FEE_EXPORT_COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const listTitle = (agencyName: string, list: FeeList, date: IsoDate) => `${agencyName}${FEE_LISTS[list].label}清单（截至${date}）`;

/** The bulletin notice of an agency's list as of a date (today by default), for the print feature. */
export async function listNotice(db: DbOrTrx, agencyId: number, list: FeeList, publicUrl: string, asOf?: IsoDate): Promise<NoticeContent> {
  const agency = await findAgency(db, agencyId);
  if (!agency) throw notFound('机关');
  const date = asOf ?? todayOf(db);
  const rows = (await listsOn(db, agencyId, date))[list].filter((r) => r.current).map((r) => r.current!);
  return feeListNotice(agency, list, rows, { publicUrl, asOf: date });
}

/** A date from a query: a valid YYYY-MM-DD, or today. */
export function dateOrToday(db: DbOrTrx, raw: unknown): IsoDate {
  return typeof raw === 'string' && isIsoDate(raw) ? (raw as IsoDate) : todayOf(db);
}

/** What a fee announcement's public page says of its item (null for other items). */
export async function publicationFeeInfo(db: DbOrTrx, publicationId: number) {
  const change = await repo.changeByPublication(db, publicationId);
  if (!change || change.state !== 'published') return null;
  const item = await repo.findItem(db, change.itemId);
  if (!item) return null;
  return { item, version: versionOf(change) };
}

/** Ids of the agency's published Art. 20(八) announcements (the API marks which changes are public). */
export const publishedAnnouncementIds = (db: DbOrTrx, agencyId: number) => publishedIdsIn(db, agencyId, 'art20_08');

/** The workflow state of pending changes' announcements, for the office list. */
export const announcementHeads = (db: DbOrTrx, ids: readonly number[]) => publicationHeads(db, ids);
