/**
 * The annual report's use cases: building an agency-year's report from the
 * platform's records, the figures entered by hand and the narrative; turning it
 * into a catalog item that goes through the normal review workflow; keeping
 * past years' figures read from old pages or typed in; the government's report
 * summing its departments'.
 */
import { z } from 'zod';
import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { nowOf, todayOf } from '../../db/runtime.js';
import { AppError, notFound, staleEdit, validationError, type FieldErrors } from '../../errors.js';
import { optionalText, parseInput } from '../../lib/validation.js';
import { authorize, can } from '../access/policy.js';
import { SYSTEM_ACTOR, type Actor } from '../access/roles.js';
import { findAgency, findAgencyByCodeOrSlug, listAgencies, type AgencyRow } from '../agencies/agency.service.js';
import * as audit from '../audit/audit.service.js';
import { applyTransitionIn, createDraftIn, loadRow, prepareTransition, updateDraftIn } from '../publications/publication.service.js';
import { WORKFLOW } from '../publications/publication.workflow.js';
import { documentKindFigures, publishedInYear } from '../publications/publication.statistics.js';
import { publicationUrl } from '../publications/publication.query.js';
import { agencyStats } from '../requests/request.public.js';
import { appealYearCounts, feesOfYear, requestYearCounts } from '../requests/request.statistics.js';
import { balancesOf, checkFigures, emptyFigures, figuresJson, REQUEST_COLUMNS, type Check, type ReportFigures, type ReportFormat } from './annual-report.js';
import { reportBodyHtml } from './annual-report.body.js';
import { buildFigures, draftNarrative, ENTERED_CELLS, type Narrative, type ReportInputs, type YearFacts } from './annual-report.generate.js';
import * as repo from './annual-report.repository.js';
import type { AnnualReportRow } from './annual-report.table.js';
import { searchableDocument } from '../publications/publication.query.js';
import { extractProactiveTotal, parseReportPage, ReportParseError } from './annual-report.parse.js';

export const REPORT_ORIGINS = {
  platform: { label: '平台根据记录生成' },
  imported: { label: '从原网页读取' },
  typed: { label: '手工录入' },
  text: { label: '文本（无固定表格）' },
} as const;
export type ReportOrigin = keyof typeof REPORT_ORIGINS;

/** The first year of reports under the 2019 Regulation; earlier ones had no fixed tables. */
export const FIRST_TABLE_YEAR = 2019;
const MIN_YEAR = 2008;

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export interface StoredReport {
  row: AnnualReportRow;
  origin: ReportOrigin;
  format: ReportFormat;
  figures: ReportFigures | null;
  inputs: ReportInputs;
  narrative: Narrative | null;
}

function stored(row: AnnualReportRow): StoredReport {
  const narrative = parseJson<Partial<Narrative>>(row.narrativeJson, {});
  return {
    row,
    origin: row.origin as ReportOrigin,
    format: row.format as ReportFormat,
    figures: parseJson<ReportFigures | null>(row.figuresJson, null),
    inputs: parseJson<ReportInputs>(row.inputsJson, {}),
    narrative: narrative.overview !== undefined ? { overview: narrative.overview ?? '', problems: narrative.problems ?? '', other: narrative.other ?? '' } : null,
  };
}

export async function storedReport(db: DbOrTrx, agencyId: number, year: number): Promise<StoredReport | null> {
  const row = await repo.findReport(db, agencyId, year);
  return row ? stored(row) : null;
}

export function checkYear(year: number, today: string): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > Number(today.slice(0, 4))) {
    throw validationError({ year: `报告年度应为${MIN_YEAR}年至今年之间的年份` }, `报告年度“${String(year)}”无效`);
  }
}

/** An agency by id, or by its code or slug (the API's `{agency}`). */
export async function agencyByKey(db: DbOrTrx, key: string | number): Promise<AgencyRow> {
  const agency = typeof key === 'number' || /^\d+$/.test(key) ? ((await findAgency(db, Number(key))) ?? (await findAgencyByCodeOrSlug(db, String(key)))) : await findAgencyByCodeOrSlug(db, key);
  if (!agency) throw notFound('机关');
  return agency;
}

// ---------------------------------------------------------------- from the records

export interface YearFromRecords {
  figures: ReportFigures;
  facts: YearFacts;
  /** No item published, no application and no appeal counted in the year. */
  empty: boolean;
}

/** An agency-year's figures from the platform's records, with the entered figures given. */
export async function fromRecords(db: Db, agencyId: number, year: number, inputs: ReportInputs): Promise<YearFromRecords> {
  const [documents, requests, appeals, published, stats, fees] = await Promise.all([
    documentKindFigures(db, agencyId, year),
    requestYearCounts(db, agencyId, year),
    appealYearCounts(db, agencyId, year),
    publishedInYear(db, agencyId, year),
    agencyStats(db, agencyId, year),
    feesOfYear(db, agencyId, year),
  ]);
  const figures = buildFigures({ documents, inputs, requests, appeals });
  const docs = Object.values(documents).some((m) => Object.values(m).some((v) => v > 0));
  return {
    figures,
    facts: { year, figures, published, timing: { medianWorkdays: stats.medianWorkdays, onTimeShare: stats.onTimeShare }, fees },
    empty: !docs && requests.length === 0 && appeals.length === 0 && published.total === 0,
  };
}

// ---------------------------------------------------------------- the office's view of a report

export interface ReportView {
  agency: AgencyRow;
  year: number;
  stored: StoredReport | null;
  origin: ReportOrigin;
  format: ReportFormat;
  /** The figures that would be published: stored for an imported or typed report, the records' for a platform one. */
  figures: ReportFigures | null;
  /** For a platform report that was prepared: the figures then, when the records have changed since. */
  preparedFigures: ReportFigures | null;
  stale: boolean;
  inputs: ReportInputs;
  narrative: Narrative;
  narrativeIsDraft: boolean;
  checks: Check[];
  ok: boolean;
  empty: boolean;
  proactiveTotal: number | null;
  publication: { id: number; state: string; stateLabel: string; publicStatus: string; url: string | null; version: number } | null;
  revisions: { revisionNo: number; note: string; createdAt: string; createdByName: string; origin: string }[];
}

const sameFigures = (a: ReportFigures | null, b: ReportFigures | null) => JSON.stringify(a) === JSON.stringify(b);

/** The previous year's facts for the narrative's comparison: its stored figures, or the records'. */
async function previousFacts(db: Db, agencyId: number, year: number): Promise<YearFacts | null> {
  const prev = await storedReport(db, agencyId, year - 1);
  if (prev?.figures && prev.origin !== 'platform') return { year: year - 1, figures: prev.figures, published: null };
  const r = await fromRecords(db, agencyId, year - 1, prev?.inputs ?? {});
  if (r.empty && !prev) return null;
  return r.facts;
}

export async function reportView(db: Db, agencyId: number, year: number): Promise<ReportView> {
  const agency = await agencyByKey(db, agencyId);
  checkYear(year, todayOf(db));
  const s = await storedReport(db, agency.id, year);
  const origin: ReportOrigin = s?.origin ?? (year >= FIRST_TABLE_YEAR ? 'platform' : 'text');
  let figures: ReportFigures | null = s?.figures ?? null;
  let preparedFigures: ReportFigures | null = null;
  let empty = false;
  let narrative = s?.narrative ?? null;
  let narrativeIsDraft = false;
  if (origin === 'platform') {
    const live = await fromRecords(db, agency.id, year, s?.inputs ?? {});
    preparedFigures = s?.figures ?? null;
    figures = live.figures;
    empty = live.empty;
    if (!narrative) {
      narrative = draftNarrative(agency.name, live.facts, await previousFacts(db, agency.id, year));
      narrativeIsDraft = true;
    }
  }
  const checks = figures ? checkFigures(figures) : [];
  let publication: ReportView['publication'] = null;
  if (s?.row.publicationId) {
    const p = await loadRow(db, s.row.publicationId).catch(() => null);
    if (p) {
      publication = {
        id: p.id,
        state: p.state,
        stateLabel: WORKFLOW.states[p.state as keyof typeof WORKFLOW.states]?.label ?? p.state,
        publicStatus: p.publicStatus,
        url: p.publicStatus === 'published' ? publicationUrl(agency.slug, p.id) : null,
        version: p.version,
      };
    }
  }
  const revisions = s ? await repo.listRevisions(db, s.row.id) : [];
  return {
    agency,
    year,
    stored: s,
    origin,
    format: s?.format ?? (origin === 'text' ? 'free' : '2021'),
    figures,
    preparedFigures: preparedFigures && !sameFigures(preparedFigures, figures) ? preparedFigures : null,
    stale: !!preparedFigures && !sameFigures(preparedFigures, figures),
    inputs: s?.inputs ?? {},
    narrative: narrative ?? { overview: '', problems: '', other: '' },
    narrativeIsDraft,
    checks,
    ok: checks.every((c) => c.ok),
    empty,
    proactiveTotal: s?.row.proactiveTotal ?? null,
    publication,
    revisions: revisions.map((r) => ({ revisionNo: r.revisionNo, note: r.note, createdAt: r.createdAt, createdByName: r.createdByName, origin: r.origin })),
  };
}

// ---------------------------------------------------------------- the JSON of GET /api/v1/annual-reports/{agency}/{year}

export type ReportStatus = 'published' | 'prepared' | 'records' | 'historical';

export async function reportJson(db: Db, agencyKey: string, year: number) {
  const agency = await agencyByKey(db, agencyKey);
  const v = await reportView(db, agency.id, year);
  if (!v.figures) {
    throw new AppError('NOT_FOUND', v.proactiveTotal !== null ? `${year}年度报告没有固定表格（仅有文本，主动公开${v.proactiveTotal}条）` : `没有${agency.name}${year}年度报告的表格数据`);
  }
  // The public sees what was published (a revision being prepared is not public yet); until then, what the records say now.
  const published = v.publication?.publicStatus === 'published' && v.stored ? await publishedFigures(db, v.stored.row.id) : null;
  const figures = published ?? v.figures;
  const status: ReportStatus = v.origin !== 'platform' ? 'historical' : published ? 'published' : v.stored?.figures ? 'prepared' : 'records';
  const json = figuresJson(figures);
  return {
    agency: { id: agency.id, code: agency.code, slug: agency.slug, name: agency.name },
    year,
    format: json.format,
    origin: v.origin,
    status,
    ...(v.empty && !published ? { empty: true, notice: `${year}年度平台上没有${agency.name}的公开、申请或复议诉讼记录，各项数据均为0` } : {}),
    proactive: json.proactive,
    requests: json.requests,
    reviewLitigation: json.reviewLitigation,
    checks: checkFigures(figures),
    balances: balancesOf(figures),
    publication: v.publication?.url ? { id: v.publication.id, url: v.publication.url } : null,
  };
}

// ---------------------------------------------------------------- entering figures and the narrative

const figureField = (label: string, decimals: number) =>
  z.preprocess(
    (v) => (v === '' || v == null ? null : typeof v === 'string' ? v.trim().replace(/,/g, '') : v),
    z
      .union([z.number(), z.string().regex(decimals ? /^\d+(\.\d{1,4})?$/ : /^\d+$/, decimals ? `${label}应为不小于0的数，最多4位小数` : `${label}应为不小于0的整数`).transform(Number)], {
        message: `${label}应为数字`,
      })
      .refine((n) => Number.isFinite(n) && n >= 0 && n < 1e9 && (decimals ? true : Number.isInteger(n)), decimals ? `${label}应为不小于0的数` : `${label}应为不小于0的整数`)
      .nullable(),
  );

export const inputsSchema = z.object({
  ...Object.fromEntries(
    ENTERED_CELLS.flatMap((c) => [
      [`${c.key}`, figureField(c.row, c.unit === '万元' ? 4 : 0)],
      [`${c.key}Source`, optionalText(200)],
    ]),
  ),
  version: z.preprocess((v) => (v === '' || v == null ? undefined : Number(v)), z.number().int().optional()),
}) as z.ZodType<Record<string, unknown> & { version?: number }>;

export const narrativeSchema = z.object({
  overview: optionalText(20000),
  problems: optionalText(20000),
  other: optionalText(20000),
  version: z.preprocess((v) => (v === '' || v == null ? undefined : Number(v)), z.number().int().optional()),
});

function mayManage(actor: Actor, agencyId: number) {
  authorize(actor, 'report.manage', { agencyId });
}

/** Refuses changes to a platform report while its catalog item is in review: what is reviewed must not move. */
async function editable(db: DbOrTrx, s: StoredReport | null) {
  if (!s?.row.publicationId) return;
  const p = await loadRow(db, s.row.publicationId).catch(() => null);
  if (p && ['submitted', 'pending_approval', 'approved', 'scheduled'].includes(p.state)) {
    throw new AppError('INVALID_TRANSITION', `年度报告正在审核发布中（${WORKFLOW.states[p.state as keyof typeof WORKFLOW.states]?.label ?? p.state}），请先退回再修改`);
  }
}

async function upsert(
  trx: DbOrTrx,
  actor: Actor,
  agencyId: number,
  year: number,
  existing: StoredReport | null,
  version: number | undefined,
  values: Partial<Pick<AnnualReportRow, 'format' | 'origin' | 'figuresJson' | 'inputsJson' | 'narrativeJson' | 'proactiveTotal' | 'sourceUrl' | 'sourceNote' | 'publicationId' | 'generatedAt'>>,
): Promise<AnnualReportRow> {
  const now = nowOf(trx);
  const by = actor.displayName ?? actor.username ?? '';
  if (!existing) {
    return repo.insertReport(trx, {
      agencyId,
      year,
      format: values.format ?? '2021',
      origin: values.origin ?? 'platform',
      figuresJson: values.figuresJson ?? null,
      proactiveTotal: values.proactiveTotal ?? null,
      publicationId: values.publicationId ?? null,
      generatedAt: values.generatedAt ?? null,
      ...(values.inputsJson !== undefined ? { inputsJson: values.inputsJson } : {}),
      ...(values.narrativeJson !== undefined ? { narrativeJson: values.narrativeJson } : {}),
      ...(values.sourceUrl !== undefined ? { sourceUrl: values.sourceUrl } : {}),
      ...(values.sourceNote !== undefined ? { sourceNote: values.sourceNote } : {}),
      createdAt: now,
      updatedAt: now,
      updatedByName: by,
    });
  }
  const next = await repo.updateReport(trx, existing.row.id, version ?? existing.row.version, { ...values, updatedAt: now, updatedByName: by });
  if (!next) throw staleEdit();
  return next;
}

/** The note of a version kept when the report was published. */
const PUBLISHED_NOTE = '发布';

/** The figures of the version last published, or null. */
async function publishedFigures(db: DbOrTrx, reportId: number): Promise<ReportFigures | null> {
  const r = await repo.lastRevisionWithNote(db, reportId, PUBLISHED_NOTE);
  return r ? parseJson<ReportFigures | null>(r.figuresJson, null) : null;
}

/** Keeps the version a report had, before it is replaced: when it was published, or is overwritten by an import. */
async function keepRevision(trx: DbOrTrx, actor: Actor | null, row: AnnualReportRow, note: string) {
  const n = await repo.lastRevisionNo(trx, row.id);
  await repo.insertRevision(trx, {
    reportId: row.id,
    revisionNo: n + 1,
    format: row.format,
    origin: row.origin,
    figuresJson: row.figuresJson,
    inputsJson: row.inputsJson,
    narrativeJson: row.narrativeJson,
    proactiveTotal: row.proactiveTotal,
    note,
    createdAt: nowOf(trx),
    createdByName: actor?.displayName ?? '系统',
  });
}

/** Saves the figures the platform does not hold (许可, 处罚, 强制, 收费), each with its source. */
export async function saveInputs(db: Db, actor: Actor, agencyId: number, year: number, raw: unknown): Promise<void> {
  mayManage(actor, agencyId);
  checkYear(year, todayOf(db));
  const input = parseInput(inputsSchema, raw);
  const inputs: ReportInputs = {};
  const fields: FieldErrors = {};
  for (const c of ENTERED_CELLS) {
    const value = (input[c.key] as number | null | undefined) ?? null;
    const source = String(input[`${c.key}Source`] ?? '').trim();
    if (value !== null && !source) fields[`${c.key}Source`] = `请注明“${c.row}”数据的来源（如：某系统导出、某股室报送）`;
    inputs[c.key] = { value, source };
  }
  if (Object.keys(fields).length) throw validationError(fields);
  await inTransaction(db, async (trx) => {
    const s = await storedReport(trx, agencyId, year);
    if (s && s.origin !== 'platform') throw new AppError('CONFLICT', '该年度报告为历年数据，请在“历年数据”中修改');
    await editable(trx, s);
    const row = await upsert(trx, actor, agencyId, year, s, input.version, { inputsJson: JSON.stringify(inputs) });
    await audit.record(trx, actor, {
      action: 'annual_report.inputs',
      entityType: 'annual_report',
      entityId: row.id,
      agencyId,
      summary: `录入${year}年度报告数据：${ENTERED_CELLS.map((c) => `${c.row}${inputs[c.key]?.value ?? '—'}`).join('、')}`,
      before: s ? { inputs: s.inputs } : {},
      after: { inputs },
    });
  });
}

export async function saveNarrative(db: Db, actor: Actor, agencyId: number, year: number, raw: unknown): Promise<void> {
  mayManage(actor, agencyId);
  checkYear(year, todayOf(db));
  const input = parseInput(narrativeSchema, raw);
  await inTransaction(db, async (trx) => {
    const s = await storedReport(trx, agencyId, year);
    if (s && s.origin !== 'platform') throw new AppError('CONFLICT', '该年度报告为历年数据，不能编写正文');
    await editable(trx, s);
    const narrative: Narrative = { overview: input.overview, problems: input.problems, other: input.other };
    const row = await upsert(trx, actor, agencyId, year, s, input.version, { narrativeJson: JSON.stringify(narrative) });
    await audit.record(trx, actor, {
      action: 'annual_report.narrative',
      entityType: 'annual_report',
      entityId: row.id,
      agencyId,
      summary: `编写${year}年度报告正文`,
      after: { length: narrative.overview.length + narrative.problems.length + narrative.other.length },
    });
  });
}

export const reportTitle = (agencyName: string, year: number) => `${agencyName}${year}年政府信息公开工作年度报告`;

/**
 * Freezes the report as it stands (the records' figures, the entered ones, the
 * narrative) and writes it into its catalog item: a new draft the first time, the
 * working copy while it is being drafted, a revision once published (the published
 * version stays public until the new one is). The item then goes through the
 * normal review; publishing is refused while the figures do not reconcile.
 */
export async function prepareForPublication(db: Db, actor: Actor, agencyId: number, year: number): Promise<{ publicationId: number; ok: boolean }> {
  mayManage(actor, agencyId);
  const v = await reportView(db, agencyId, year);
  if (v.origin !== 'platform' || !v.figures) throw new AppError('CONFLICT', '该年度报告为历年数据，不由平台生成');
  if (year >= Number(todayOf(db).slice(0, 4))) throw validationError({ year: '年度结束后才能生成该年度报告' }, `${year}年度尚未结束`);
  const figures = v.figures;
  const narrative = v.narrative;
  const html = reportBodyHtml(year, figures, narrative);
  const title = reportTitle(v.agency.name, year);
  const today = todayOf(db);
  const fields = {
    title,
    summary: `${v.agency.name}${year}年度政府信息公开工作情况，包括主动公开、依申请公开、行政复议和行政诉讼等情况及存在的问题和改进措施。`,
    body: html,
    category: 'annual_report',
    topic: 'general',
    genre: 'report',
    writtenDate: today,
    formedDate: today,
    disclosureAttribute: 'proactive',
    documentKind: 'other',
    keywords: '政府信息公开、年度报告',
  };
  return inTransaction(db, async (trx) => {
    const s = await storedReport(trx, agencyId, year);
    await editable(trx, s);
    let publicationId = s?.row.publicationId ?? null;
    let existing = publicationId ? await loadRow(trx, publicationId).catch(() => null) : null;
    if (existing && (existing.state === 'withdrawn' || existing.state === 'discarded')) existing = null;
    if (!existing) {
      const created = await createDraftIn(trx, actor, { ...fields, agencyId, issuers: [String(agencyId)] });
      publicationId = created.id;
    } else {
      if (existing.state === 'published') {
        const prepared = await prepareTransition(trx, actor, existing.id, { action: 'revise', comment: '更新年度报告' });
        existing = await applyTransitionIn(trx, actor, prepared);
        // The 成文日期 stays the original's; the 变更日期 is today.
        const { writtenDate: _kept, ...revised } = fields;
        await updateDraftIn(trx, actor, existing.id, { ...revised, changeNote: '根据最新数据更新年度报告', version: existing.version });
      } else {
        await updateDraftIn(trx, actor, existing.id, { ...fields, version: existing.version });
      }
    }
    const row = await upsert(trx, actor, agencyId, year, s, undefined, {
      origin: 'platform',
      format: '2021',
      figuresJson: JSON.stringify(figures),
      narrativeJson: JSON.stringify(narrative),
      publicationId,
      generatedAt: nowOf(trx),
    });
    await audit.record(trx, actor, {
      action: 'annual_report.prepare',
      entityType: 'annual_report',
      entityId: row.id,
      agencyId,
      summary: `生成${year}年度报告发布稿${checkFigures(figures).every((c) => c.ok) ? '' : '（核对未通过）'}`,
      after: { publicationId, totals: REQUEST_COLUMNS.map((c, i) => `${c}${figures.requests['（七）总计']?.[i] ?? 0}`).join('、') },
    });
    return { publicationId: publicationId!, ok: checkFigures(figures).every((c) => c.ok) };
  });
}

// ---------------------------------------------------------------- the gate on publishing

/**
 * Called in the transaction of every publication transition: a report's catalog
 * item may be submitted and published only with figures that reconcile; when it
 * is published, the version published is kept.
 */
export async function guardReportPublication(trx: DbOrTrx, publicationId: number, action: string): Promise<void> {
  const row = await repo.findByPublication(trx, publicationId);
  if (!row) return;
  const s = stored(row);
  const gated = ['publication.submit', 'publication.approve', 'publication.publish', 'publication.publish_due', 'publication.schedule'];
  if (gated.includes(action) && s.figures) {
    const failing = checkFigures(s.figures).filter((c) => !c.ok);
    if (failing.length) {
      throw new AppError('REPORT_NOT_RECONCILED', `年度报告有${failing.length}项核对未通过，不能提交或发布：${failing.slice(0, 3).map((c) => c.message).join('；')}${failing.length > 3 ? '……' : ''}`, undefined, {
        checks: failing,
      });
    }
  }
  if (action === 'publication.publish' || action === 'publication.publish_due') await keepRevision(trx, null, row, PUBLISHED_NOTE);
}

// ---------------------------------------------------------------- past years

export const historicalSchema = z.object({
  sourceUrl: optionalText(500),
  sourceNote: optionalText(500),
  version: z.preprocess((v) => (v === '' || v == null ? undefined : Number(v)), z.number().int().optional()),
});

/**
 * Stores figures read from an old page or typed in as an agency-year's report.
 * The figures are kept as printed, mismatches and all: the checks show them. A
 * report the platform generated is not overwritten; an earlier historical one is
 * kept as a revision.
 */
export async function storeHistorical(
  db: Db,
  actor: Actor,
  agencyId: number,
  year: number,
  figures: ReportFigures | null,
  meta: { origin: 'imported' | 'typed' | 'text'; proactiveTotal?: number | null; sourceUrl?: string; sourceNote?: string; version?: number },
): Promise<AnnualReportRow> {
  mayManage(actor, agencyId);
  checkYear(year, todayOf(db));
  return inTransaction(db, (trx) => storeHistoricalIn(trx, actor, agencyId, year, figures, meta));
}

export async function storeHistoricalIn(
  trx: DbOrTrx,
  actor: Actor,
  agencyId: number,
  year: number,
  figures: ReportFigures | null,
  meta: { origin: 'imported' | 'typed' | 'text'; proactiveTotal?: number | null; sourceUrl?: string; sourceNote?: string; version?: number },
): Promise<AnnualReportRow> {
  const s = await storedReport(trx, agencyId, year);
  if (s?.origin === 'platform' && (s.row.publicationId || s.figures)) {
    throw new AppError('CONFLICT', `${year}年度报告由平台生成，不能用历年数据覆盖`);
  }
  if (s) await keepRevision(trx, actor, s.row, meta.origin === 'typed' ? '被手工录入的数据替换' : '被导入的数据替换');
  const row = await upsert(trx, actor, agencyId, year, s, meta.version, {
    origin: meta.origin,
    format: figures?.format ?? 'free',
    figuresJson: figures ? JSON.stringify(figures) : null,
    proactiveTotal: meta.proactiveTotal ?? null,
    sourceUrl: meta.sourceUrl ?? '',
    sourceNote: meta.sourceNote ?? '',
  });
  const failing = figures ? checkFigures(figures).filter((c) => !c.ok).length : 0;
  await audit.record(trx, actor, {
    action: 'annual_report.historical',
    entityType: 'annual_report',
    entityId: row.id,
    agencyId,
    summary: `${REPORT_ORIGINS[meta.origin].label}：${year}年度${figures ? `（${figures.format}年格式${failing ? `，原报告有${failing}项核对不一致` : ''}）` : meta.proactiveTotal != null ? `（主动公开${meta.proactiveTotal}条）` : ''}`,
    after: { year, origin: meta.origin, sourceUrl: meta.sourceUrl ?? '' },
  });
  return row;
}

/** Every year an agency has a report or records for, newest first, with its headline figures. */
export async function historyOf(db: Db, agencyId: number) {
  const rows = await repo.listReports(db, agencyId);
  const publishedIds = new Set<number>();
  for (const r of rows) {
    if (!r.publicationId) continue;
    const p = await loadRow(db, r.publicationId).catch(() => null);
    if (p?.publicStatus === 'published') publishedIds.add(r.publicationId);
  }
  return rows.map((row) => {
    const s = stored(row);
    const f = s.figures;
    const total = (label: string) => f?.requests[label]?.[6] ?? null;
    return {
      year: row.year,
      origin: s.origin,
      format: s.format,
      /** A catalog item was drafted from it. */
      prepared: !!row.publicationId,
      /** Its catalog item is public. */
      published: row.publicationId !== null && publishedIds.has(row.publicationId),
      proactiveTotal: row.proactiveTotal,
      received: f ? total(f.format === '2021' || f.format === '2019' ? '一、本年新收政府信息公开申请数量' : '') : null,
      closed: f ? total('（七）总计') : null,
      reconsiderations: f ? (f.reviewLitigation[4] ?? null) : null,
      litigations: f ? (f.reviewLitigation[9] ?? 0) + (f.reviewLitigation[14] ?? 0) : null,
      failing: f ? checkFigures(f).filter((c) => !c.ok).length : 0,
      sourceUrl: row.sourceUrl,
    };
  });
}

// ---------------------------------------------------------------- the government's report

export interface DepartmentPart {
  agency: { id: number; name: string; slug: string; level: string };
  /** Where its figures come from: its stored report, or the records when it has none yet. */
  source: 'report' | 'records' | 'none';
  origin: ReportOrigin | null;
  published: boolean;
  ok: boolean;
  failing: number;
  /** Its figures are in another format and are not summed. */
  excluded: boolean;
}

function addFigures(into: ReportFigures, f: ReportFigures) {
  for (const [row, cols] of Object.entries(f.proactive)) {
    const target = (into.proactive[row] ??= {});
    for (const [col, v] of Object.entries(cols)) {
      if (v === null || v === undefined) continue;
      target[col] = Math.round(((target[col] ?? 0) + v) * 10000) / 10000;
    }
  }
  for (const [row, vals] of Object.entries(f.requests)) {
    const target = (into.requests[row] ??= [0, 0, 0, 0, 0, 0, 0]);
    vals.forEach((v, i) => (target[i] = (target[i] ?? 0) + (v ?? 0)));
  }
  f.reviewLitigation.forEach((v, i) => (into.reviewLitigation[i] = (into.reviewLitigation[i] ?? 0) + (v ?? 0)));
}

/**
 * The government's report (Art. 49: the 主管部门 publishes it by 31 March): its
 * own figures plus every department's and township's on the platform — each
 * department's stored report where it has one, its records otherwise — with each
 * one's check status shown. A department whose own report does not reconcile is
 * still summed (its figures are what it published) and flagged.
 */
export async function governmentFigures(db: Db, governmentId: number, year: number): Promise<{ figures: ReportFigures; own: DepartmentPart; departments: DepartmentPart[] }> {
  const gov = await agencyByKey(db, governmentId);
  const all = await listAgencies(db);
  const format = '2021';
  const total = emptyFigures(format);
  for (const row of Object.values(total.proactive)) for (const k of Object.keys(row)) row[k] = null;
  const part = async (a: AgencyRow): Promise<{ part: DepartmentPart; figures: ReportFigures | null }> => {
    const s = await storedReport(db, a.id, year);
    let figures = s?.origin === 'platform' ? null : (s?.figures ?? null);
    let source: DepartmentPart['source'] = figures ? 'report' : 'none';
    if (!figures && (s?.origin === 'platform' || !s)) {
      const live = await fromRecords(db, a.id, year, s?.inputs ?? {});
      const published = s?.figures && s.row.publicationId ? s.figures : null;
      figures = published ?? live.figures;
      source = published ? 'report' : live.empty ? 'none' : 'records';
    }
    const checks = figures ? checkFigures(figures) : [];
    return {
      figures,
      part: {
        agency: { id: a.id, name: a.name, slug: a.slug, level: a.level },
        source,
        origin: s?.origin ?? null,
        published: !!s?.row.publicationId,
        ok: checks.every((c) => c.ok),
        failing: checks.filter((c) => !c.ok).length,
        excluded: !!figures && figures.format !== format,
      },
    };
  };
  const own = await part(gov);
  if (own.figures && !own.part.excluded) addFigures(total, own.figures);
  const departments: DepartmentPart[] = [];
  for (const a of all) {
    if (a.id === gov.id || a.level === 'government') continue;
    const p = await part(a);
    if (p.figures && !p.part.excluded) addFigures(total, p.figures);
    departments.push(p.part);
  }
  return { figures: total, own: own.part, departments };
}

/** Whether the person may see the office pages of a report. */
export const mayReadReports = (actor: Actor | null, agencyId: number) => !!actor && (can(actor, 'report.manage', { agencyId }) || can(actor, 'publication.read', { agencyId }));

// ---------------------------------------------------------------- kept versions and stored figures

export async function revisionOf(db: Db, agencyId: number, year: number, revisionNo: number) {
  const s = await storedReport(db, agencyId, year);
  if (!s || !Number.isInteger(revisionNo)) return null;
  const r = await repo.findRevision(db, s.row.id, revisionNo);
  if (!r) return null;
  const figures = parseJson<ReportFigures | null>(r.figuresJson, null);
  if (!figures) return null;
  const n = parseJson<Partial<Narrative>>(r.narrativeJson, {});
  return {
    revisionNo: r.revisionNo,
    note: r.note,
    createdAt: r.createdAt,
    figures,
    narrative: n.overview !== undefined ? { overview: n.overview ?? '', problems: n.problems ?? '', other: n.other ?? '' } : null,
  };
}

const figuresShape = z.object({
  format: z.enum(['2021', '2019']),
  proactive: z.record(z.string().max(100), z.record(z.string().max(100), z.number().finite().nullable())),
  requests: z.record(z.string().max(200), z.array(z.number().int().min(0).max(1e9)).length(7)),
  reviewLitigation: z.array(z.number().int().min(0).max(1e9)).length(15),
});

/** Figures sent back by a form (the import's preview), checked against the layout of their format. */
export function figuresFromJson(text: string): ReportFigures {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw validationError({ figures: '表格数据无法读取，请重新读取网页' });
  }
  const r = figuresShape.safeParse(raw);
  if (!r.success) throw validationError({ figures: '表格数据不完整，请重新读取网页' });
  const f = r.data as ReportFigures;
  const expected = emptyFigures(f.format);
  const missing = Object.keys(expected.requests).filter((label) => !f.requests[label]);
  if (missing.length) throw validationError({ figures: `表格缺少“${missing[0]}”行，请重新读取网页` });
  return f;
}

// ---------------------------------------------------------------- reports that arrive as catalog items

/**
 * When an annual report is published as an ordinary catalog item (the legacy
 * import brings an agency's old reports in this way), its figures are read into
 * the report of its year, if that year has none yet: tables in the 2021 or 2019
 * format as figures, a free-form report as its stated proactive total. A page
 * that cannot be read is left as it is; the import of the item itself never fails
 * because of this.
 */
export async function importPublishedReport(trx: DbOrTrx, publicationId: number): Promise<void> {
  if (await repo.findByPublication(trx, publicationId)) return;
  const doc = await searchableDocument(trx, publicationId);
  if (!doc || doc.category !== 'annual_report') return;
  let figures: ReportFigures | null = null;
  let year: number | null = null;
  let total: number | null = null;
  try {
    const parsed = parseReportPage(doc.body);
    figures = parsed.figures;
    year = parsed.year;
  } catch (e) {
    if (!(e instanceof ReportParseError)) return;
    const free = extractProactiveTotal(`${doc.title}\n${doc.body}`);
    year = free.year ?? titleYear(doc.title);
    total = free.total;
    // From 2019 on a report has the fixed tables: one whose tables cannot be read is not
    // reduced to a total, it stays a catalog item for the office to import by hand.
    if (total === null || year === null || year >= FIRST_TABLE_YEAR) return;
  }
  year ??= titleYear(doc.title);
  if (!year || year < MIN_YEAR || year > Number(todayOf(trx).slice(0, 4))) return;
  if (await repo.findReport(trx, doc.agencyId, year)) return;
  await storeHistoricalIn(trx, SYSTEM_ACTOR, doc.agencyId, year, figures, {
    origin: figures ? 'imported' : 'text',
    proactiveTotal: total,
    sourceNote: `读取自目录信息“${doc.title.slice(0, 200)}”（编号 ${publicationId}）`,
  });
}

const titleYear = (title: string) => {
  const m = /((?:19|20)\d{2})\s*年度?/.exec(title);
  return m ? Number(m[1]) : null;
};
