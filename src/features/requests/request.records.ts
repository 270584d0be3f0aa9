/**
 * The rest of an application's record: the files released to the applicant,
 * reconsideration and litigation (行政复议、行政诉讼) for the annual report's table 四,
 * the 登记台账 (CSV export and import, all or nothing), and the purge of applicants'
 * personal data once its retention period after archiving has passed.
 */
import { sealApplicant } from './request.personal.js';
import { z } from 'zod';
import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { announce, nowOf, todayOf } from '../../db/runtime.js';
import { AppError, notFound, staleEdit, validationError } from '../../errors.js';
import { compareDates, isIsoDate, type IsoDate } from '../../lib/dates.js';
import { intField, optionalText, parseInput } from '../../lib/validation.js';
import { agenciesWith, authorize } from '../access/policy.js';
import { SYSTEM_ACTOR, type Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import { checkUpload, storeFile } from '../files/files.js';
import { APPEAL_RESULTS, APPEAL_TYPES, APPLICANT_KINDS, type AppealResult, type AppealType, type ApplicantKind, type RequestOutcome } from './request.js';
import { trackingHash, newTrackingCode } from './request.apply.js';
import { maskName } from './request.identity.js';
import { formatLedgerCsv, LedgerError, MAX_APPLICANT_LENGTH, MAX_CONTENT_LENGTH, parseLedger, type AppealLedgerRow, type RequestLedgerRow } from './request.ledger.js';
import { clockSettings, loadRequest, mayRead } from './request.read.js';
import { requestReplyClock, type RequestEvent } from './request.clock.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { countWorkdays } from '../calendar/workdays.js';
import * as repo from './request.repository.js';
import type { RequestFileRow } from './request.table.js';

// ---------------------------------------------------------------- released files

/** A file released to the applicant (before the reply); the bytes are checked like any upload. */
export async function addFile(db: Db, actor: Actor, id: number, upload: { bytes: Buffer; filename: string }, files: { dataDir: string; maxUploadBytes: number }) {
  const row = await loadRequest(db, id);
  if (!mayRead(actor, row)) throw notFound('申请');
  authorize(actor, 'request.handle', { agencyId: row.agencyId, departmentId: row.departmentId });
  if (!['handling', 'registered'].includes(row.state)) throw new AppError('INVALID_TRANSITION', '只有办理中的申请可以添加提供的信息');
  const checked = checkUpload(upload.bytes, upload.filename, files.maxUploadBytes);
  storeFile(files.dataDir, checked.sha256, upload.bytes);
  return inTransaction(db, async (trx) => {
    const file = await repo.insertFile(trx, {
      requestId: id,
      sha256: checked.sha256,
      size: checked.size,
      mimeType: checked.mimeType,
      extension: checked.extension,
      name: checked.name,
      createdAt: nowOf(trx),
    });
    await audit.record(trx, actor, {
      action: 'request.file.add',
      entityType: 'request',
      entityId: id,
      agencyId: row.agencyId,
      summary: `添加提供的信息：${checked.name}`,
      after: { fileId: file.id, sha256: checked.sha256, size: checked.size },
    });
    return file;
  });
}

export async function removeFile(db: Db, actor: Actor, id: number, fileId: number) {
  const row = await loadRequest(db, id);
  if (!mayRead(actor, row)) throw notFound('申请');
  authorize(actor, 'request.handle', { agencyId: row.agencyId, departmentId: row.departmentId });
  if (!['handling', 'registered'].includes(row.state)) throw new AppError('INVALID_TRANSITION', '已答复的申请不能再删除提供的信息');
  const file = await repo.findFile(db, fileId);
  if (!file || file.requestId !== id) throw notFound('文件');
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('requestFiles').where('id', '=', fileId).execute();
    await audit.record(trx, actor, { action: 'request.file.remove', entityType: 'request', entityId: id, agencyId: row.agencyId, summary: `删除提供的信息：${file.name}` });
  });
}

/** A released file for the tracking page (only once the reply released it) or for staff. */
export async function fileFor(db: Db, who: { actor: Actor } | { trackingId: number }, fileId: number): Promise<RequestFileRow> {
  const file = await repo.findFile(db, fileId);
  if (!file) throw notFound('文件');
  const row = await loadRequest(db, file.requestId);
  if ('actor' in who) {
    if (!mayRead(who.actor, row)) throw notFound('文件');
  } else if (who.trackingId !== row.id || !(row.outcome === 'disclose' || row.outcome === 'partial')) {
    throw notFound('文件');
  }
  return file;
}

// ---------------------------------------------------------------- appeals

const dateText = (label: string) => z.string({ message: `请填写${label}` }).refine(isIsoDate, `${label}格式应为 YYYY-MM-DD`);
const key = <T extends object>(o: T, message: string) => z.enum(Object.keys(o) as [keyof T & string, ...(keyof T & string)[]], { message });

export const appealInput = z
  .object({
    type: key(APPEAL_TYPES, '请选择类型'),
    result: key(APPEAL_RESULTS, '请选择结果'),
    filedDate: dateText('立案日期'),
    closedDate: z.preprocess((v) => (v === '' || v == null ? null : v), dateText('结案日期').nullable()),
    requestId: z.preprocess((v) => (v === '' || v == null ? null : v), intField('申请编号').nullable()),
    caseNumber: optionalText(100),
    note: optionalText(1000),
    version: z.preprocess((v) => (v === '' || v == null ? undefined : v), intField('版本').optional()),
  })
  .superRefine((v, ctx) => {
    if (v.closedDate && v.closedDate < v.filedDate) ctx.addIssue({ code: 'custom', path: ['closedDate'], message: '结案日期不能早于立案日期' });
    if (!v.closedDate && v.result !== 'pending') ctx.addIssue({ code: 'custom', path: ['closedDate'], message: '已有结果的，请填写结案日期' });
    if (v.closedDate && v.result === 'pending') ctx.addIssue({ code: 'custom', path: ['result'], message: '已结案的，请选择结果' });
  });

export async function saveAppeal(db: Db, actor: Actor, agencyId: number, raw: unknown, appealId?: number) {
  authorize(actor, 'request.manage', { agencyId });
  const input = parseInput(appealInput, raw);
  const today = todayOf(db);
  if (compareDates(input.filedDate as IsoDate, today) > 0) throw validationError({ filedDate: '日期不能晚于今天' });
  if (input.closedDate && compareDates(input.closedDate as IsoDate, today) > 0) throw validationError({ closedDate: '日期不能晚于今天' });
  if (input.requestId !== null) {
    const r = await repo.findRequest(db, input.requestId);
    if (!r || r.agencyId !== agencyId) throw validationError({ requestId: '本机关没有这个申请编号' });
  }
  return inTransaction(db, async (trx) => {
    const now = nowOf(trx);
    const values = {
      type: input.type,
      result: input.result,
      filedDate: input.filedDate,
      closedDate: input.closedDate,
      requestId: input.requestId,
      caseNumber: input.caseNumber,
      note: input.note,
      updatedAt: now,
    };
    let saved;
    if (appealId === undefined) {
      saved = await repo.insertAppeal(trx, { agencyId, source: 'office', createdAt: now, ...values });
    } else {
      const existing = await repo.findAppeal(trx, appealId);
      if (!existing || existing.agencyId !== agencyId) throw notFound('复议诉讼记录');
      saved = await repo.updateAppeal(trx, appealId, input.version ?? existing.version, values);
      if (!saved) throw staleEdit();
    }
    await audit.record(trx, actor, {
      action: appealId === undefined ? 'request.appeal.create' : 'request.appeal.update',
      entityType: 'request_appeal',
      entityId: saved.id,
      agencyId,
      summary: `${APPEAL_TYPES[input.type].label}：${APPEAL_RESULTS[input.result].label}${input.requestId ? `（申请编号 ${input.requestId}）` : ''}`,
      after: values,
    });
    return saved;
  });
}

/** Appeals of the agencies whose registers the person keeps (not a department editor's). */
export async function listAppealsFor(db: Db, actor: Actor, opts: { requestId?: number } = {}) {
  authorize(actor, 'request.manage');
  return repo.listAppeals(db, agenciesWith(actor, 'request.manage'), opts);
}

// ---------------------------------------------------------------- the ledger

export interface LedgerImportResult {
  kind: 'requests' | 'appeals';
  imported: number;
}

/**
 * Imports a 登记台账 (requests or appeals, told apart by the header) into an agency,
 * all rows or none. Imported applications are history: replied ones are closed
 * with their outcome, the others are open and run their clock from the receipt.
 */
export async function importLedger(db: Db, actor: Actor, agencyId: number, text: string): Promise<LedgerImportResult> {
  authorize(actor, 'request.manage', { agencyId });
  let parsed;
  try {
    parsed = parseLedger(text);
  } catch (e) {
    if (e instanceof LedgerError) {
      const fields: Record<string, string> = {};
      for (const p of e.problems.slice(0, 50)) fields[`line${p.line}${p.field ? `.${p.field}` : ''}`] = `第 ${p.line} 行${p.field ? `“${p.field}”` : ''}：${p.message}`;
      throw new AppError('VALIDATION_FAILED', `台账有 ${e.problems.length} 处问题，未导入任何一行`, fields, { problems: e.problems.slice(0, 500) });
    }
    throw e;
  }
  const today = todayOf(db);
  const future = parsed.rows.find((r) =>
    parsed.kind === 'requests'
      ? (r as RequestLedgerRow).receivedDate > today || ((r as RequestLedgerRow).repliedDate ?? '') > today
      : (r as AppealLedgerRow).filedDate > today || ((r as AppealLedgerRow).closedDate ?? '') > today,
  );
  if (future) throw new AppError('VALIDATION_FAILED', `第 ${future.line} 行的日期晚于今天，未导入任何一行`, { [`line${future.line}`]: '日期不能晚于今天' });
  const at = nowOf(db);
  await inTransaction(db, async (trx) => {
    if (parsed.kind === 'requests') {
      await importRequestRows(trx, actor, agencyId, parsed.rows, at);
    } else {
      for (const r of parsed.rows) {
        await repo.insertAppeal(trx, {
          agencyId,
          requestId: null,
          type: r.type,
          result: r.result,
          filedDate: r.filedDate,
          closedDate: r.closedDate,
          source: 'ledger',
          createdAt: at,
          updatedAt: at,
        });
      }
    }
    await audit.record(trx, actor, {
      action: 'request.ledger.import',
      entityType: 'agency',
      entityId: agencyId,
      agencyId,
      summary: `导入${parsed.kind === 'requests' ? '依申请公开登记台账' : '行政复议、行政诉讼台账'} ${parsed.rows.length} 行`,
      after: { kind: parsed.kind, rows: parsed.rows.length },
    });
    await announce(trx, { entity: 'request', id: null, agencyId, action: 'request.ledger.import', public: false });
  });
  return { kind: parsed.kind, imported: parsed.rows.length };
}

/**
 * Writes imported applications in batches: their receipt and reply events, and the
 * deadline, handling time and timeliness the reply clock gives for those events,
 * computed here once instead of read back row by row (100,000 rows import in seconds).
 */
async function importRequestRows(trx: DbOrTrx, actor: Actor, agencyId: number, rows: readonly RequestLedgerRow[], at: string) {
  const cal = await getCalendar(trx as Db);
  const { feePausesReplyClock } = await clockSettings(trx);
  const BATCH = 200;
  for (let i = 0; i < rows.length; i += BATCH) {
    const slice = rows.slice(i, i + BATCH);
    const computed = slice.map((r) => {
      const events: RequestEvent[] = [{ type: 'received', channel: 'in_person', date: r.receivedDate }];
      if (r.repliedDate) events.push({ type: 'replied', date: r.repliedDate });
      const clock = requestReplyClock(cal, events, { feePausesReplyClock });
      const workdaysTaken = r.repliedDate ? countWorkdays(cal, r.receivedDate, r.repliedDate, { details: false }).count : null;
      return { clock, workdaysTaken };
    });
    const inserted = await trx
      .insertInto('requests')
      .values(
        slice.map((r, k) => sealApplicant(trx, {
          agencyId,
          trackingHash: trackingHash(newTrackingCode()),
          channel: 'in_person',
          source: 'ledger',
          applicantKind: r.applicantKind,
          applicantName: r.applicant,
          description: r.content,
          infoForm: 'paper',
          delivery: 'pickup',
          state: r.repliedDate ? 'replied' : 'handling',
          departmentId: null,
          handlerId: null,
          submittedAt: `${r.receivedDate}T00:00:00.000Z`,
          receivedDate: r.receivedDate,
          dueDate: computed[k]!.clock.deadline,
          dueProvisional: computed[k]!.clock.provisional ? 1 : 0,
          outcome: r.outcome,
          repliedDate: r.repliedDate,
          workdaysTaken: computed[k]!.workdaysTaken,
          onTime: r.repliedDate && computed[k]!.clock.deadline ? (r.repliedDate <= computed[k]!.clock.deadline! ? 1 : 0) : null,
          deliveredDate: null,
          archivedAt: null,
          withdrawnDate: null,
          repeatOf: null,
          purgeAfter: null,
          purgedAt: null,
          createdBy: actor.userId,
          createdAt: at,
          updatedAt: at,
        }),
        ),
      )
      .returning('id')
      .execute();
    const events = slice.flatMap((r, k) => {
      const requestId = inserted[k]!.id;
      const base = { requestId, actorId: actor.userId, actorName: actor.displayName, createdAt: at };
      const out = [{ ...base, type: 'received', date: r.receivedDate, details: JSON.stringify({ channel: 'in_person', clockChannel: 'in_person', source: 'ledger' }) }];
      if (r.repliedDate) out.push({ ...base, type: 'replied', date: r.repliedDate, details: JSON.stringify({ outcome: r.outcome, source: 'ledger' }) });
      return out;
    });
    await trx.insertInto('requestEvents').values(events).execute();
  }
}

/** The agency's register as a 登记台账 CSV (no personal data beyond the applicant's name, as the ledger has it). */
export async function exportLedger(db: Db, actor: Actor, agencyId: number, kind: 'requests' | 'appeals'): Promise<string> {
  authorize(actor, 'request.manage', { agencyId });
  if (kind === 'appeals') {
    const rows = await repo.listAppeals(db, [agencyId], { limit: 1_000_000 });
    return formatLedgerCsv(
      'appeals',
      rows.map((a) => ({ type: a.type as AppealType, result: a.result as AppealResult, filedDate: a.filedDate as IsoDate, closedDate: a.closedDate as IsoDate | null })),
    );
  }
  const rows = await repo.requestsInAgency(db, agencyId);
  return formatLedgerCsv(
    'requests',
    rows
      .filter((r) => r.receivedDate)
      .map((r) => ({
        receivedDate: r.receivedDate as IsoDate,
        applicantKind: (Object.hasOwn(APPLICANT_KINDS, r.applicantKind) ? r.applicantKind : 'other_org') as ApplicantKind,
        // An export carries no personal data: a person's name masked (张**), an organisation's whole.
        applicant: [...(r.purgedAt ? '（已清除）' : maskName(r.applicantKind as ApplicantKind, r.applicantName))].slice(0, MAX_APPLICANT_LENGTH).join(''),
        // The ledger's caps, so an exported ledger always imports again.
        content: [...([r.infoName, r.infoNumber, r.description].filter(Boolean).join('；') || '（未填写）')].slice(0, MAX_CONTENT_LENGTH).join(''),
        repliedDate: r.outcome ? (r.repliedDate as IsoDate | null) : null,
        outcome: r.repliedDate ? (r.outcome as RequestOutcome | null) : null,
      }))
      .map((r) => (r.repliedDate && r.outcome ? r : { ...r, repliedDate: null, outcome: null })),
  );
}

// ---------------------------------------------------------------- privacy

/**
 * Purges the personal data of applications whose retention period after archiving
 * has passed: identity number, contact details and the applicant's name (kept as
 * its kind only). Each purge is audited; statistics, which never held personal
 * data, are unchanged.
 */
export async function purgeExpired(db: Db, actor: Actor = SYSTEM_ACTOR): Promise<number> {
  const today = todayOf(db);
  let done = 0;
  for (;;) {
    const due = await repo.dueForPurge(db, today);
    if (due.length === 0) return done;
    for (const d of due) {
      await inTransaction(db, async (trx) => {
        const purged = await repo.purgePersonal(trx, d.id, d.version, nowOf(trx));
        if (!purged) return;
        await audit.record(trx, actor, {
          action: 'request.purge',
          entityType: 'request',
          entityId: d.id,
          agencyId: d.agencyId,
          summary: `申请编号 ${d.id}：个人信息保存期限届满，已清除申请人姓名、身份证明和联系方式`,
        });
        done++;
      });
    }
  }
}
