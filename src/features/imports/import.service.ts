/**
 * Legacy import use cases. Each page is imported in its own transaction (the
 * draft, its issuer, its content hash, its audit event and, when published, its
 * revision and search entry land together or not at all), so a failure on page
 * 4,999 keeps the 4,998 before it, says which page failed, and running the same
 * import again skips what is already there (content hash) and resumes.
 *
 * Publishing on import: the page's original 发布日期 becomes the item's 发布日期
 * (it was public since that day), and the import itself (who, when) is the audit
 * event. A page without a date, or with screening findings (ID numbers, phones,
 * secrecy marks), is imported as a draft instead and goes through review.
 */
import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { nowOf } from '../../db/runtime.js';
import { AppError, validationError } from '../../errors.js';
import { authorize, can } from '../access/policy.js';
import { agenciesWith } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import * as agencies from '../agencies/agency.service.js';
import { agencyLabels } from '../agencies/agency.service.js';
import type { AgencyRow } from '../agencies/agency.service.js';
import { insertDraftIn, publishRecordedIn } from '../publications/publication.service.js';
import { screenText } from '../text/screening.js';
import {
  chinaMidnight,
  IMPORT_LIMITS,
  IMPORT_MODES,
  IMPORT_OUTCOMES,
  ImportInputError,
  itemsOfUpload,
  preparePage,
  type ImportMode,
  type ImportReportLine,
  type PreparedPage,
  type SourceItem,
} from './import.js';
import type { ImportJobRow } from './import.table.js';

async function loadAgency(db: DbOrTrx, id: number): Promise<AgencyRow> {
  const a = await agencies.findAgency(db, id);
  if (!a) throw validationError({ agency: '机关不存在' });
  return a;
}

/** An agency by its code (统一社会信用代码) or its slug, for the CLI. */
export const findAgencyByCodeOrSlug = (db: Db, value: string) => agencies.findAgencyByCodeOrSlug(db, value);

/** Who may import into an agency, and publish on import. */
function authorizeImport(actor: Actor, agencyId: number, mode: ImportMode) {
  authorize(actor, 'import.run', { agencyId });
  if (mode === 'publish' && !actor.platformAdmin && !can(actor, 'publication.publish', { agencyId })) {
    throw new AppError('FORBIDDEN', '按原日期直接发布需要“发布信息”权限；请选择导入为草稿');
  }
}

export interface NewJob {
  agencyId: number;
  source: 'cli' | 'office';
  label: string;
  mode: ImportMode;
}

/** Opens a job (status queued) after checking the actor's rights. */
export async function createJob(db: Db, actor: Actor, job: NewJob): Promise<ImportJobRow> {
  authorizeImport(actor, job.agencyId, job.mode);
  const agency = await loadAgency(db, job.agencyId);
  const at = new Date().toISOString();
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('importJobs')
      .values({
        agencyId: job.agencyId,
        createdBy: actor.userId,
        createdByName: actor.displayName,
        source: job.source,
        label: Array.from(job.label).slice(0, 200).join(''),
        mode: job.mode,
        status: 'queued',
        createdAt: at,
        updatedAt: at,
        finishedAt: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit.record(trx, actor, {
      action: 'import.start',
      entityType: 'import_job',
      entityId: row.id,
      agencyId: job.agencyId,
      summary: `开始导入历史信息到${agency.name}：${row.label}（${IMPORT_MODES[job.mode]}）`,
      after: { label: row.label, mode: job.mode, source: job.source },
    });
    return row;
  });
}

function findingsOf(page: PreparedPage): string[] {
  const text = [page.title, page.documentNumber, page.summary, page.bodyText].join('\n');
  return screenText(text)
    .filter((f) => f.severity !== 'info')
    .map((f) => f.label);
}

const line = (name: string, outcome: ImportReportLine['outcome'], reason = '', extra: Partial<ImportReportLine> = {}): ImportReportLine => ({
  name,
  outcome,
  reason,
  publicationId: null,
  title: '',
  warnings: [],
  ...extra,
});

/** Imports one page in one transaction; never throws (a failure is a report line). */
async function importPage(db: Db, actor: Actor, job: ImportJobRow, agency: AgencyRow, name: string, load: () => Buffer): Promise<ImportReportLine> {
  let prepared: ReturnType<typeof preparePage>;
  try {
    prepared = preparePage(name, load());
  } catch {
    return line(name, 'failed', '文件无法读取或解析');
  }
  if (!prepared.ok) return line(name, 'skipped', prepared.reason);
  const page = prepared.page;
  const base = { title: page.title, warnings: page.warnings };
  const duplicate = () =>
    db
      .selectFrom('importPages')
      .select(['publicationId'])
      .where('agencyId', '=', agency.id)
      .where('contentHash', '=', page.contentHash)
      .executeTakeFirst();
  const before = await duplicate();
  if (before) return line(name, 'duplicate', `与已导入的页面内容相同${before.publicationId ? `（信息编号 ${before.publicationId}）` : ''}`, { ...base, publicationId: before.publicationId });

  let publishReason = '';
  let publish = job.mode === 'publish';
  if (publish && !page.date) {
    publish = false;
    publishReason = '未找到原发布日期，已作为草稿导入';
  }
  if (publish) {
    const findings = findingsOf(page);
    if (findings.length) {
      publish = false;
      publishReason = `筛查发现需要核实的内容（${[...new Set(findings)].join('、')}），已作为草稿导入，请审核后发布`;
    }
  }
  const now = nowOf(db);
  try {
    return await inTransaction(db, async (trx) => {
      const created = await insertDraftIn(trx, actor, {
        agencyId: agency.id,
        title: page.title,
        summary: page.summary,
        body: page.body,
        documentNumber: page.documentNumber,
        writtenDate: page.date,
        formedDate: page.date,
        category: page.category,
        issuers: [{ agencyId: agency.id, name: agency.name }],
      });
      let indexNumber: string | null = null;
      if (publish) indexNumber = (await publishRecordedIn(trx, actor, created, { at: new Date(chinaMidnight(page.date!)) })).indexNumber;
      await trx
        .insertInto('importPages')
        .values({ agencyId: agency.id, contentHash: page.contentHash, publicationId: created.id, jobId: job.id, sourceName: Array.from(name).slice(0, 300).join(''), createdAt: now })
        .execute();
      await audit.record(trx, actor, {
        action: 'publication.import',
        entityType: 'publication',
        entityId: created.id,
        agencyId: agency.id,
        summary: publish
          ? `导入并发布历史信息：${page.title}（发布日期取原页面日期 ${page.date}，索引号 ${indexNumber}；导入时间即本记录时间）`
          : `导入历史信息为草稿：${page.title}`,
        after: { source: name, jobId: job.id, contentHash: page.contentHash, originalDate: page.date, documentNumber: page.documentNumber, category: page.category, published: publish, indexNumber, warnings: page.warnings },
      });
      return line(name, publish ? 'published' : 'imported', publishReason, { ...base, publicationId: created.id });
    });
  } catch {
    // Another import may have taken the same page meanwhile (unique hash).
    const now2 = await duplicate().catch(() => undefined);
    if (now2) return line(name, 'duplicate', '与同时导入的页面内容相同', { ...base, publicationId: now2.publicationId });
    return line(name, 'failed', '保存时出错，此页面未导入', base);
  }
}

const running = new Map<number, Promise<ImportJobRow>>();

/** Resolves when a background import has finished (tests, CLI). */
export function waitForImport(jobId: number): Promise<ImportJobRow | undefined> {
  return running.get(jobId) ?? Promise.resolve(undefined);
}

export interface RunOptions {
  /** Called after each item (CLI progress line). */
  onProgress?: (job: { processed: number; total: number; imported: number; skipped: number; failed: number }) => void;
}

/**
 * Runs a job over its items, updating the job row after every item and writing
 * the report at the end. Yields to the event loop between pages so the server
 * stays responsive during a large office import.
 */
export async function runImport(db: Db, actor: Actor, jobId: number, items: readonly SourceItem[], opts: RunOptions = {}): Promise<ImportJobRow> {
  const task = (async () => {
    const job = await db.selectFrom('importJobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
    const agency = await loadAgency(db, job.agencyId);
    const report: ImportReportLine[] = [];
    const counts = { processed: 0, total: items.length, imported: 0, skipped: 0, failed: 0 };
    // Job timestamps are the job's heartbeat, read against the process clock to find a stalled job: wall time, not the platform clock.
    await db.updateTable('importJobs').set({ status: 'running', total: items.length, updatedAt: new Date().toISOString() }).where('id', '=', jobId).execute();
    try {
      for (const item of items.slice(0, IMPORT_LIMITS.pages)) {
        const r = item.kind === 'skip' ? line(item.name, 'skipped', item.reason) : await importPage(db, actor, job, agency, item.name, item.load);
        report.push(r);
        counts.processed++;
        if (r.outcome === 'imported' || r.outcome === 'published') counts.imported++;
        else if (r.outcome === 'failed') counts.failed++;
        else counts.skipped++;
        await db
          .updateTable('importJobs')
          .set({ processed: counts.processed, imported: counts.imported, skipped: counts.skipped, failed: counts.failed, updatedAt: new Date().toISOString() })
          .where('id', '=', jobId)
          .execute();
        opts.onProgress?.(counts);
        await new Promise((resolve) => setImmediate(resolve));
      }
      for (const item of items.slice(IMPORT_LIMITS.pages)) report.push(line(item.name, 'skipped', `超过单次导入上限 ${IMPORT_LIMITS.pages} 个页面，请分批导入`));
      counts.skipped += Math.max(0, items.length - IMPORT_LIMITS.pages);
      return await finish(db, actor, jobId, job.agencyId, 'done', report, counts, '');
    } catch (err) {
      return await finish(db, actor, jobId, job.agencyId, 'failed', report, counts, `导入中断：${err instanceof Error ? err.message : String(err)}`);
    }
  })();
  running.set(jobId, task);
  try {
    return await task;
  } finally {
    running.delete(jobId);
  }
}

async function finish(
  db: Db,
  actor: Actor,
  jobId: number,
  agencyId: number,
  status: 'done' | 'failed',
  report: ImportReportLine[],
  counts: { processed: number; imported: number; skipped: number; failed: number },
  message: string,
): Promise<ImportJobRow> {
  const at = new Date().toISOString();
  return inTransaction(db, async (trx) => {
    const row = await trx
      .updateTable('importJobs')
      .set({ status, ...counts, reportJson: JSON.stringify(report), message, updatedAt: at, finishedAt: at })
      .where('id', '=', jobId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit.record(trx, actor, {
      action: 'import.finish',
      entityType: 'import_job',
      entityId: jobId,
      agencyId,
      summary: `历史信息导入${status === 'done' ? '完成' : '中断'}：导入 ${counts.imported}，跳过 ${counts.skipped}，失败 ${counts.failed}${message ? `；${message}` : ''}`,
      after: counts,
    });
    return row;
  });
}

/**
 * The office upload: checks the file (an unsafe archive is refused with its
 * reason before anything is written), opens a job and runs it in the
 * background. Returns the job; its page shows progress.
 */
export async function startUploadImport(db: Db, actor: Actor, agencyId: number, mode: ImportMode, upload: { filename: string; bytes: Buffer }): Promise<ImportJobRow> {
  authorizeImport(actor, agencyId, mode);
  let items: SourceItem[];
  try {
    items = itemsOfUpload(upload.filename, upload.bytes);
  } catch (err) {
    if (err instanceof ImportInputError) throw validationError({ file: err.message }, err.message);
    throw err;
  }
  if (!items.some((i) => i.kind === 'page')) {
    const reasons = [...new Set(items.map((i) => (i.kind === 'skip' ? i.reason : '')))].filter(Boolean).join('；');
    throw validationError({ file: `没有可导入的页面${reasons ? `：${reasons}` : ''}` }, '没有可导入的页面');
  }
  const job = await createJob(db, actor, { agencyId, source: 'office', label: upload.filename, mode });
  void runImport(db, actor, job.id, items).catch(() => undefined);
  return job;
}

/** Import jobs the actor may see, newest first. */
export async function listJobs(db: Db, actor: Actor, limit = 50) {
  const agencies = agenciesWith(actor, 'import.run');
  let q = db
    .selectFrom('importJobs as j')
    .select(['j.id', 'j.agencyId', 'j.label', 'j.mode', 'j.status', 'j.total', 'j.processed', 'j.imported', 'j.skipped', 'j.failed', 'j.createdByName', 'j.createdAt', 'j.finishedAt', 'j.updatedAt'])
    .orderBy('j.id', 'desc')
    .limit(limit);
  if (agencies !== null) q = q.where('j.agencyId', 'in', agencies.length ? agencies : [-1]);
  const rows = await q.execute();
  const names = await agencyLabels(db, rows.map((r) => r.agencyId));
  return rows.map((r) => ({ ...r, agencyName: names.get(r.agencyId)?.name ?? '' }));
}

export interface JobView extends ImportJobRow {
  agencyName: string;
  report: ImportReportLine[];
  /** Still marked running but silent for a long time: the process stopped. */
  stalled: boolean;
}

const STALL_MS = 10 * 60 * 1000;

/** One job with its report, if the actor may see it. */
export async function getJob(db: Db, actor: Actor, id: number): Promise<JobView> {
  const row = await db.selectFrom('importJobs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '导入任务不存在');
  authorize(actor, 'import.run', { agencyId: row.agencyId });
  const agency = await loadAgency(db, row.agencyId);
  let report: ImportReportLine[] = [];
  try {
    report = JSON.parse(row.reportJson) as ImportReportLine[];
  } catch {
    report = [];
  }
  const stalled = (row.status === 'running' || row.status === 'queued') && !running.has(row.id) && Date.now() - new Date(row.updatedAt).getTime() > STALL_MS;
  return { ...row, agencyName: agency.name, report, stalled };
}

export { IMPORT_OUTCOMES };
