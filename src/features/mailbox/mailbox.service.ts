/**
 * The mailbox's use cases: writing (portal form, API, 网站纠错, staff logging a
 * supervision-phone call), routing, replying, publishing as Q&A, closing, the
 * writer's rating, tracking. Every state change writes its audit event in the same
 * transaction; a refused message writes nothing at all.
 */
import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import { inTransaction, type Db, type DbOrTrx } from '../../db/database.js';
import { announce, nowDateOf, nowOf, todayOf } from '../../db/runtime.js';
import { AppError, notFound, staleEdit, validationError, type FieldErrors } from '../../errors.js';
import { isIsoDate, type IsoDate } from '../../lib/dates.js';
import { emailText, optionalText, parseInput, phoneText, text } from '../../lib/validation.js';
import { agenciesWith, authorize, canOnAssigned } from '../access/policy.js';
import { SYSTEM_ACTOR, type Actor } from '../access/roles.js';
import { findAgency, findAgencyByCodeOrSlug, findAgencyByFormerSlug, findDepartment, type AgencyRow } from '../agencies/agency.service.js';
import * as audit from '../audit/audit.service.js';
import { getSettings } from '../settings/settings.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { countWorkdays } from '../calendar/workdays.js';
import { LETTER_KIND_KEYS, MAILBOX_KINDS, MAX_LIMIT_DAYS, mailboxClock, type MailboxKind } from './mailbox.clock.js';
import { MAILBOX_CHANNELS, MAILBOX_STATES, SITE_ERROR_TYPES, type MailboxChannel, type SiteErrorType } from './mailbox.js';
import { maskEmail, maskName, maskPersonalData, maskPhone } from './mailbox.mask.js';
import { CHALLENGE_PROBLEMS, checkChallenge, countLinks, keyedHash, networkOf, normaliseBody, spamSettings, type SpamSettings } from './mailbox.spam.js';
import * as repo from './mailbox.repository.js';
import type { MailboxRow } from './mailbox.table.js';

// ---------------------------------------------------------------- tracking codes

/** No 0/O, 1/I/L: a code read out over the phone or copied by hand survives. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** 16 characters from 31 (about 79 bits), shown as four groups after an X (信). */
export function newTrackingCode(): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `X${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}-${s.slice(12)}`;
}

export function normaliseTrackingCode(raw: string): string | null {
  const s = raw.toUpperCase().replace(/[\s\-－—_]/g, '');
  if (s.length !== 17 || s[0] !== 'X' || [...s.slice(1)].some((c) => !CODE_ALPHABET.includes(c))) return null;
  return `X${s.slice(1, 5)}-${s.slice(5, 9)}-${s.slice(9, 13)}-${s.slice(13)}`;
}

const trackingHash = (code: string) => createHash('sha256').update(`gongkai-mailbox:${code}`).digest('hex');

// ---------------------------------------------------------------- input

const kindChoice = (keys: readonly string[]) => z.enum(keys as [string, ...string[]], { message: '请选择留言类型' });

function letterInput(s: SpamSettings) {
  return z.object({
    kind: kindChoice(LETTER_KIND_KEYS),
    name: optionalText(50),
    phone: phoneText,
    email: emailText,
    subject: text(s.subjectMax, { required: true }),
    body: text(s.bodyMax, { required: true, min: s.bodyMin }),
  });
}

function siteErrorInput(s: SpamSettings) {
  return z.object({
    pageUrl: text(500, { required: true }).refine((v) => /^(https?:\/\/\S+|\/\S*)$/.test(v), '请填写出错页面的网址（以 http://、https:// 或 / 开头）'),
    errorType: z.enum(Object.keys(SITE_ERROR_TYPES) as [SiteErrorType, ...SiteErrorType[]], { message: '请选择错误类型' }),
    description: text(s.bodyMax, { required: true, min: s.bodyMin }),
    contact: optionalText(120),
  });
}

export interface WriteContext {
  channel: Exclude<MailboxChannel, 'phone'>;
  /** The writer's address, for the rate limits and the record. */
  ip: string;
  /** The platform's secret (SESSION_SECRET): signs challenges and keys the stored hashes. */
  secret: string;
  /** The form's challenge; the API has none (its body is fixed) and relies on the other checks. */
  challenge?: { token: string | undefined; solution: string | undefined } | undefined;
  /** The honeypot field as posted. */
  honeypot?: string | undefined;
  settings?: Partial<SpamSettings> | undefined;
}

export interface Receipt {
  id: number;
  trackingCode: string;
  kind: MailboxKind;
  dueDate: IsoDate | null;
  provisional: boolean;
  agency: { name: string; slug: string } | null;
}

async function agencyByKey(db: DbOrTrx, key: unknown): Promise<AgencyRow> {
  const agency = typeof key === 'string' && key.trim() ? await findAgencyByCodeOrSlug(db, key.trim()) : undefined;
  if (!agency) throw validationError({ agency: '没有这个机关，请填写机关代码或网址标识' });
  return agency;
}

/** The reply limit of a kind at an agency: its own setting, else the platform default. */
export async function limitFor(db: DbOrTrx, agencyId: number | null, kind: MailboxKind): Promise<number> {
  if (agencyId === null) return MAILBOX_KINDS[kind].days;
  return (await repo.limitsOf(db, agencyId)).get(kind) ?? MAILBOX_KINDS[kind].days;
}

export async function agencyLimits(db: DbOrTrx, agencyId: number): Promise<Record<MailboxKind, number>> {
  const own = await repo.limitsOf(db, agencyId);
  return Object.fromEntries(Object.entries(MAILBOX_KINDS).map(([k, v]) => [k, own.get(k) ?? v.days])) as Record<MailboxKind, number>;
}

/** The spam checks that need the store; throws before anything is written. */
async function screen(trx: DbOrTrx, ctx: WriteContext, s: SpamSettings, agencyId: number | null, bodyHash: string): Promise<{ ipHash: string; networkHash: string; nonce: string | null }> {
  const now = nowDateOf(trx);
  const ipHash = keyedHash(ctx.secret, 'ip', ctx.ip);
  const networkHash = keyedHash(ctx.secret, 'net', networkOf(ctx.ip));
  const since = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  if ((await repo.countSince(trx, 'ipHash', ipHash, since(s.perAddress.windowMinutes))) >= s.perAddress.max) {
    throw new AppError('RATE_LIMITED', `同一网络地址${s.perAddress.windowMinutes}分钟内最多留言${s.perAddress.max}次，请稍后再试`, undefined, { reason: 'address' });
  }
  if ((await repo.countSince(trx, 'networkHash', networkHash, since(s.perNetwork.windowMinutes))) >= s.perNetwork.max) {
    throw new AppError('RATE_LIMITED', `同一网段${s.perNetwork.windowMinutes}分钟内留言过多，请稍后再试`, undefined, { reason: 'network' });
  }
  let nonce: string | null = null;
  if (ctx.challenge) {
    const c = checkChallenge(ctx.secret, ctx.challenge.token, ctx.challenge.solution, now.getTime(), s);
    if (!c.ok) throw new AppError('CHALLENGE_FAILED', CHALLENGE_PROBLEMS[c.problem], undefined, { problem: c.problem });
    if (await repo.challengeUsed(trx, c.nonce)) throw new AppError('CHALLENGE_FAILED', CHALLENGE_PROBLEMS.replayed, undefined, { problem: 'replayed' });
    nonce = c.nonce;
  }
  const dup = await repo.findDuplicate(trx, agencyId, bodyHash, since(s.duplicateWindowHours * 60));
  if (dup) throw new AppError('DUPLICATE_MESSAGE', '相同内容的留言已经收到，正在办理中，请勿重复提交；可凭查询码查询办理进度');
  return { ipHash, networkHash, nonce };
}

interface Draft {
  agency: AgencyRow | null;
  kind: MailboxKind;
  channel: MailboxChannel;
  subject: string;
  body: string;
  writer: { name: string; phone: string; email: string; ip: string };
  pageUrl?: string;
  errorType?: string;
  receivedDate: IsoDate;
  departmentId?: number | null;
}

async function createMessage(db: Db, actor: Actor, d: Draft, ctx: WriteContext | null): Promise<Receipt> {
  const code = newTrackingCode();
  const now = nowOf(db);
  const s = spamSettings(ctx?.settings);
  const bodyHash = keyedHash(ctx?.secret ?? 'phone', 'body', normaliseBody(d.body));
  const agencyId = d.agency?.id ?? null;
  const row = await inTransaction(db, async (trx) => {
    const checks = ctx ? await screen(trx, ctx, s, agencyId, bodyHash) : { ipHash: '', networkHash: '', nonce: null };
    const limitDays = await limitFor(trx, agencyId, d.kind);
    const cal = await getCalendar(trx as Db);
    const clock = mailboxClock(cal, [{ type: 'received', date: d.receivedDate, kind: d.kind }], { limits: { [d.kind]: limitDays } });
    const created = await repo.insertMessage(trx, {
      agencyId,
      departmentId: d.departmentId ?? null,
      kind: d.kind,
      channel: d.channel,
      trackingHash: trackingHash(code),
      subject: d.subject,
      body: d.body,
      writerName: d.writer.name,
      writerPhone: d.writer.phone,
      writerEmail: d.writer.email,
      writerIp: d.writer.ip,
      ipHash: checks.ipHash,
      networkHash: checks.networkHash,
      bodyHash,
      pageUrl: d.pageUrl ?? '',
      errorType: d.errorType ?? '',
      state: 'open',
      submittedAt: now,
      receivedDate: d.receivedDate,
      limitDays,
      dueDate: clock.deadline,
      dueProvisional: clock.provisional ? 1 : 0,
      repliedAt: null,
      repliedDate: null,
      workdaysTaken: null,
      onTime: null,
      publishedAt: null,
      rating: null,
      ratedAt: null,
      closedAt: null,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    if (checks.nonce) await repo.spendChallenge(trx, checks.nonce, now);
    await audit.record(trx, actor, {
      action: d.channel === 'phone' ? 'mailbox.phone_log' : 'mailbox.receive',
      entityType: 'mailbox',
      entityId: created.id,
      agencyId,
      summary: `${d.channel === 'phone' ? '登记监督电话' : `收到${MAILBOX_CHANNELS[d.channel].label}`}：${MAILBOX_KINDS[d.kind].label}（编号 ${created.id}），答复期限 ${clock.deadline ?? '—'}`,
      after: { kind: d.kind, channel: d.channel, dueDate: clock.deadline, provisional: clock.provisional, limitDays },
    });
    await announce(trx, { entity: 'mailbox', id: created.id, agencyId, action: 'mailbox.create', public: false });
    return created;
  });
  return {
    id: row.id,
    trackingCode: code,
    kind: d.kind,
    dueDate: row.dueDate as IsoDate | null,
    provisional: row.dueProvisional === 1,
    agency: d.agency ? { name: d.agency.name, slug: d.agency.slug } : null,
  };
}

function refuseHoneypot(ctx: WriteContext) {
  // A form robot fills every field, the hidden one too.
  if (ctx.honeypot) throw new AppError('SPAM_SUSPECTED', '提交未被接受。如您是正常留言，请清空浏览器自动填写的内容后重试');
}

function refuseLinks(s: SpamSettings, fields: Record<string, string>) {
  const total = Object.values(fields).reduce((n, v) => n + countLinks(v), 0);
  if (total > s.maxLinks) throw validationError({ [Object.keys(fields).at(-1)!]: `留言中的网址不能超过 ${s.maxLinks} 个` }, '留言中网址过多，疑似广告信息');
}

/** A letter to an agency's mailbox, from the portal form (with its challenge) or the API. */
export async function writeLetter(db: Db, raw: unknown, ctx: WriteContext): Promise<Receipt> {
  const s = spamSettings(ctx.settings);
  refuseHoneypot(ctx);
  const body = (raw ?? {}) as Record<string, unknown>;
  const fields: FieldErrors = {};
  let agency: AgencyRow | undefined;
  try {
    agency = await agencyByKey(db, body.agency);
  } catch (e) {
    if (e instanceof AppError && e.fields) Object.assign(fields, e.fields);
    else throw e;
  }
  const parsed = letterInput(s).safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fields[issue.path.join('.') || '_'] ??= issue.code === 'invalid_type' && issue.input === undefined ? '此项必填' : issue.message;
  }
  if (Object.keys(fields).length || !parsed.success || !agency) throw validationError(fields);
  const input = parsed.data;
  refuseLinks(s, { subject: input.subject, body: input.body });
  return createMessage(
    db,
    SYSTEM_ACTOR,
    {
      agency,
      kind: input.kind as MailboxKind,
      channel: ctx.channel,
      subject: input.subject,
      body: input.body,
      writer: { name: input.name, phone: input.phone, email: input.email, ip: ctx.ip },
      receivedDate: todayOf(db),
    },
    ctx,
  );
}

/** The agency owning a page: the first path segment is its slug (or a former one); else none (the platform). */
export async function agencyOfPage(db: DbOrTrx, pageUrl: string, publicUrl: string): Promise<AgencyRow | null> {
  let path = pageUrl;
  if (/^https?:\/\//i.test(pageUrl)) {
    try {
      const u = new URL(pageUrl);
      const ours = new URL(publicUrl);
      if (u.host !== ours.host) return null;
      path = u.pathname;
    } catch {
      return null;
    }
  }
  const slug = decodeURIComponent(path.split(/[?#]/)[0]!.split('/')[1] ?? '');
  if (!/^[a-z0-9-]{1,60}$/.test(slug)) return null;
  const agency = await findAgencyByCodeOrSlug(db, slug);
  if (agency && agency.slug === slug) return agency;
  const moved = await findAgencyByFormerSlug(db, slug);
  return moved ? ((await findAgency(db, moved.id)) ?? null) : null;
}

/** A 网站纠错 report: routed to the agency that owns the page, else to the platform administrators. */
export async function reportSiteError(db: Db, raw: unknown, ctx: WriteContext & { publicUrl: string }): Promise<Receipt> {
  const s = spamSettings(ctx.settings);
  refuseHoneypot(ctx);
  const input = parseInput(siteErrorInput(s), raw);
  refuseLinks(s, { description: input.description });
  const agency = await agencyOfPage(db, input.pageUrl, ctx.publicUrl);
  const contact = input.contact;
  const isEmail = /@/.test(contact);
  return createMessage(
    db,
    SYSTEM_ACTOR,
    {
      agency,
      kind: 'site_error',
      channel: ctx.channel,
      subject: `网站纠错：${SITE_ERROR_TYPES[input.errorType].label}`,
      body: input.description,
      writer: { name: '', phone: isEmail ? '' : contact, email: isEmail ? contact : '', ip: ctx.ip },
      pageUrl: input.pageUrl,
      errorType: input.errorType,
      receivedDate: todayOf(db),
    },
    ctx,
  );
}

const phoneInput = z.object({
  kind: kindChoice(LETTER_KIND_KEYS),
  receivedDate: z.preprocess((v) => (v === '' || v == null ? undefined : v), z.string().refine(isIsoDate, '日期格式应为 YYYY-MM-DD').optional()),
  name: optionalText(50),
  phone: phoneText,
  subject: text(100, { required: true }),
  body: text(5000, { required: true, min: 2 }),
  departmentId: z.preprocess((v) => (v === '' || v == null ? undefined : Number(v)), z.number().int().positive().optional()),
});

/** A call to the supervision phone, logged by staff as a message (channel = phone). */
export async function logPhoneCall(db: Db, actor: Actor, agencyId: number, raw: unknown): Promise<Receipt> {
  authorize(actor, 'mailbox.handle', { agencyId });
  const agency = await findAgency(db, agencyId);
  if (!agency) throw notFound('机关');
  const input = parseInput(phoneInput, raw);
  const today = todayOf(db);
  const receivedDate = (input.receivedDate ?? today) as IsoDate;
  if (receivedDate > today) throw validationError({ receivedDate: '来电日期不能晚于今天' });
  if (input.departmentId !== undefined) {
    const dept = await findDepartment(db, input.departmentId);
    if (!dept || dept.agencyId !== agencyId) throw validationError({ departmentId: '没有这个股室' });
  }
  return createMessage(
    db,
    actor,
    {
      agency,
      kind: input.kind as MailboxKind,
      channel: 'phone',
      subject: input.subject,
      body: input.body,
      writer: { name: input.name, phone: input.phone, email: '', ip: '' },
      receivedDate,
      departmentId: input.departmentId ?? null,
    },
    null,
  );
}

// ---------------------------------------------------------------- office

/** Whether the actor may act on the message with this permission. */
export function mayAct(actor: Actor, row: Pick<MailboxRow, 'agencyId' | 'departmentId'>, permission: 'mailbox.read' | 'mailbox.handle' | 'mailbox.publish'): boolean {
  // Messages no agency owns are the platform administrators'. A letter reaches a department
  // editor only once it is assigned to their department, as the inbox lists it.
  if (row.agencyId === null) return actor.platformAdmin;
  return canOnAssigned(actor, permission, { agencyId: row.agencyId, departmentId: row.departmentId });
}

/**
 * The writer as this person may see them: whoever may handle the letter (its assigned
 * department, the office, the agency administrator; the platform's administrators for
 * letters no agency owns) sees the contact details; a leader reading along, or the system
 * administrator looking at an agency's letter, sees them masked; after the retention
 * period nobody sees them (they are gone).
 */
export function writerFor(actor: Actor, row: MailboxRow): { name: string; phone: string; email: string; masked: boolean; purged: boolean } {
  const purged = row.writerPurgedAt !== null;
  if (!purged && mayAct(actor, row, 'mailbox.handle') && (row.agencyId === null || !actor.platformAdmin)) {
    return { name: row.writerName, phone: row.writerPhone, email: row.writerEmail, masked: false, purged };
  }
  const digits = row.writerPhone.replace(/\D/g, '');
  return {
    name: row.writerName ? maskName(row.writerName) : '',
    phone: digits.length >= 7 ? maskPhone(digits) : row.writerPhone ? '****' : '',
    email: row.writerEmail ? maskEmail(row.writerEmail) : '',
    masked: true,
    purged,
  };
}

/**
 * Clears the writer's name, phone, e-mail and IP address of letters answered or closed
 * longer ago than the retention setting (mailboxRetentionDays). The letter, the reply and
 * the published masked copy stay; each clearing is audited.
 */
export async function purgeExpiredWriters(db: Db, actor: Actor = SYSTEM_ACTOR): Promise<number> {
  const days = Number((await getSettings(db)).mailboxRetentionDays) || 730;
  const cutoff = new Date(Date.parse(nowOf(db)) - days * 86_400_000).toISOString();
  let done = 0;
  for (;;) {
    const due = await repo.dueForWriterPurge(db, cutoff, 200);
    if (due.length === 0) return done;
    for (const d of due) {
      await inTransaction(db, async (trx) => {
        if (!(await repo.purgeWriter(trx, d.id, d.version, nowOf(trx)))) return;
        await audit.record(trx, actor, { action: 'mailbox.purge', entityType: 'mailbox', entityId: d.id, agencyId: d.agencyId, summary: `留言 ${d.id}：个人信息保存期限届满，已清除来信人姓名、联系方式和 IP 地址` });
        done++;
      });
    }
  }
}

export async function getMessage(db: DbOrTrx, actor: Actor, id: number): Promise<MailboxRow> {
  const row = await repo.findMessage(db, id);
  if (!row || !mayAct(actor, row, 'mailbox.read')) throw notFound('留言');
  return row;
}

async function change(
  db: Db,
  actor: Actor,
  id: number,
  version: number | undefined,
  permission: 'mailbox.handle' | 'mailbox.publish',
  fn: (row: MailboxRow, trx: DbOrTrx) => Promise<{ set: Partial<MailboxRow>; action: string; summary: string; after?: unknown; isPublic?: boolean }>,
): Promise<MailboxRow> {
  return inTransaction(db, async (trx) => {
    const row = await repo.findMessage(trx, id);
    if (!row || !mayAct(actor, row, 'mailbox.read')) throw notFound('留言');
    if (!mayAct(actor, row, permission)) throw new AppError('FORBIDDEN', '您没有办理这件留言的权限');
    if (version !== undefined && version !== row.version) throw staleEdit();
    const c = await fn(row, trx);
    const updated = await repo.updateMessage(trx, id, row.version, { ...c.set, updatedAt: nowOf(trx) });
    if (!updated) throw staleEdit();
    await audit.record(trx, actor, { action: c.action, entityType: 'mailbox', entityId: id, agencyId: row.agencyId, summary: c.summary, after: c.after });
    await announce(trx, { entity: 'mailbox', id, agencyId: row.agencyId, action: c.action, public: !!c.isPublic });
    return updated;
  });
}

const versionOf = (raw: unknown) => {
  const v = (raw as Record<string, unknown> | null)?.version;
  return v === undefined || v === '' ? undefined : Number(v);
};

/** Routes the message to a department of its agency (or back to the agency's office with none). */
export async function assign(db: Db, actor: Actor, id: number, raw: unknown): Promise<MailboxRow> {
  const body = (raw ?? {}) as Record<string, unknown>;
  const deptRaw = body.departmentId;
  const departmentId = deptRaw === '' || deptRaw == null ? null : Number(deptRaw);
  return change(db, actor, id, versionOf(raw), 'mailbox.handle', async (row, trx) => {
    if (row.state !== 'open') throw new AppError('INVALID_TRANSITION', '已答复或已办结的留言不能再转办');
    let name = '机关办公室';
    if (departmentId !== null) {
      const dept = Number.isInteger(departmentId) ? await findDepartment(trx, departmentId) : undefined;
      if (!dept || dept.agencyId !== row.agencyId) throw validationError({ departmentId: '没有这个股室' });
      name = dept.name;
    }
    return { set: { departmentId }, action: 'mailbox.assign', summary: `留言 ${id} 转办至${name}`, after: { departmentId } };
  });
}

/** The reply; stops the clock and records whether it was in time. */
export async function reply(db: Db, actor: Actor, id: number, raw: unknown): Promise<MailboxRow> {
  const input = parseInput(z.object({ reply: text(10000, { required: true, min: 2 }) }), raw);
  return change(db, actor, id, versionOf(raw), 'mailbox.handle', async (row, trx) => {
    if (row.state === 'closed') throw new AppError('INVALID_TRANSITION', '已办结的留言不能再答复');
    const today = todayOf(db);
    const cal = await getCalendar(trx as Db);
    const workdaysTaken = countWorkdays(cal, row.receivedDate as IsoDate, today, { details: false }).count;
    const onTime = row.dueDate ? (today <= row.dueDate ? 1 : 0) : null;
    return {
      set: { state: 'replied', replyBody: input.reply, repliedAt: nowOf(db), repliedDate: today, repliedByName: actor.displayName, workdaysTaken, onTime },
      action: 'mailbox.reply',
      summary: `答复留言 ${id}${onTime === 0 ? '（超过答复期限）' : ''}`,
      after: { repliedDate: today, onTime: onTime === 1, workdaysTaken },
    };
  });
}

/** What publishing would show: the masked preview staff check and may edit. */
export function maskedPreview(row: MailboxRow): { subject: string; body: string; reply: string } {
  const names = [row.writerName].filter(Boolean);
  return {
    subject: maskPersonalData(row.subject, { names }),
    body: maskPersonalData(row.body, { names }),
    reply: maskPersonalData(row.replyBody, { names }),
  };
}

/**
 * Publishes the exchange as Q&A with the texts as approved (the preview, possibly
 * edited); they are masked once more, so a number typed back in does not get out.
 */
export async function publish(db: Db, actor: Actor, id: number, raw: unknown): Promise<MailboxRow> {
  const input = parseInput(z.object({ subject: text(200, { required: true }), body: text(10000, { required: true }), reply: text(10000, { required: true }) }), raw);
  return change(db, actor, id, versionOf(raw), 'mailbox.publish', async (row) => {
    if (row.state === 'open' || !row.replyBody) throw new AppError('INVALID_TRANSITION', '留言答复后才能公开');
    if (row.agencyId === null) throw new AppError('INVALID_TRANSITION', '平台网站纠错不在机关信箱中公开');
    // Masking needs the writer's name; once it is cleared, a name left in the text could go out.
    if (row.writerPurgedAt) throw new AppError('INVALID_TRANSITION', '来信人信息已按保存期限清除，无法核对是否已隐去其姓名，不能再公开');
    const names = [row.writerName].filter(Boolean);
    return {
      set: {
        publishedAt: nowOf(db),
        publicSubject: maskPersonalData(input.subject, { names }),
        publicBody: maskPersonalData(input.body, { names }),
        publicReply: maskPersonalData(input.reply, { names }),
      },
      action: 'mailbox.publish',
      summary: `公开留言 ${id} 及答复（个人信息已隐去）`,
      isPublic: true,
    };
  });
}

export async function unpublish(db: Db, actor: Actor, id: number, raw: unknown): Promise<MailboxRow> {
  return change(db, actor, id, versionOf(raw), 'mailbox.publish', async (row) => {
    if (!row.publishedAt) throw new AppError('INVALID_TRANSITION', '该留言未公开');
    return { set: { publishedAt: null }, action: 'mailbox.unpublish', summary: `撤下公开的留言 ${id}`, isPublic: true };
  });
}

/** Closes a replied message; an unanswered one only with a reason (spam, abuse, withdrawn by the writer). */
export async function close(db: Db, actor: Actor, id: number, raw: unknown): Promise<MailboxRow> {
  const input = parseInput(z.object({ reason: optionalText(500) }), raw);
  return change(db, actor, id, versionOf(raw), 'mailbox.handle', async (row) => {
    if (row.state === 'closed') throw new AppError('INVALID_TRANSITION', '该留言已办结');
    if (row.state === 'open' && !input.reason) throw validationError({ reason: '未答复的留言办结，须说明理由（如广告、重复、来信人撤回）' });
    return {
      set: { state: 'closed', closedAt: nowOf(db) },
      action: 'mailbox.close',
      summary: `办结留言 ${id}${input.reason ? `：${input.reason}` : ''}`,
      after: { reason: input.reason, answered: row.state === 'replied' },
    };
  });
}

const limitsInput = z.record(z.string(), z.unknown());

/** An agency's reply limits per kind, in working days. */
export async function setLimits(db: Db, actor: Actor, agencyId: number, raw: unknown): Promise<Record<MailboxKind, number>> {
  authorize(actor, 'mailbox.manage', { agencyId });
  const body = parseInput(limitsInput, raw);
  const fields: FieldErrors = {};
  const next: Partial<Record<MailboxKind, number>> = {};
  for (const kind of Object.keys(MAILBOX_KINDS) as MailboxKind[]) {
    const v = body[kind];
    if (v === undefined || v === '') continue;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT_DAYS) fields[kind] = `应为 1 至 ${MAX_LIMIT_DAYS} 的整数（工作日）`;
    else next[kind] = n;
  }
  if (Object.keys(fields).length) throw validationError(fields);
  const before = await agencyLimits(db, agencyId);
  await inTransaction(db, async (trx) => {
    const now = nowOf(trx);
    for (const [kind, days] of Object.entries(next)) await repo.upsertLimit(trx, agencyId, kind, days, now);
    await audit.record(trx, actor, { action: 'mailbox.limits', entityType: 'agency', entityId: agencyId, agencyId, summary: '修改信箱答复时限', before, after: next });
  });
  return agencyLimits(db, agencyId);
}

export async function inbox(
  db: Db,
  actor: Actor,
  q: { agencyId?: number | undefined; departmentId?: number | 'none' | undefined; state?: 'open' | 'replied' | 'closed' | 'all' | undefined; kind?: string | undefined; page?: number | undefined },
) {
  authorize(actor, 'mailbox.read');
  const agencyIds = agenciesWith(actor, 'mailbox.read');
  if (q.agencyId !== undefined && agencyIds !== null && !agencyIds.includes(q.agencyId)) throw new AppError('FORBIDDEN', '您没有查看该机关信箱的权限');
  // In an agency where they hold no wider role, a department editor sees the letters assigned
  // to their own department (as `mayAct` lets them open), whatever roles they hold elsewhere.
  const wideIn = new Set(actor.memberships.filter((m) => m.role !== 'department_editor').map((m) => m.agencyId));
  const departments = actor.platformAdmin
    ? undefined
    : actor.memberships.filter((m) => m.role === 'department_editor' && !wideIn.has(m.agencyId)).map((m) => ({ agencyId: m.agencyId, departmentId: m.departmentId ?? -1 }));
  const page = Math.max(1, q.page ?? 1);
  const r = await repo.listInbox(db, {
    agencyIds,
    platform: actor.platformAdmin,
    agencyId: q.agencyId,
    departmentId: q.departmentId,
    editorDepartments: departments,
    state: q.state,
    kind: q.kind,
    page,
    pageSize: 50,
  });
  return { ...r, page, pageSize: 50 };
}

// ---------------------------------------------------------------- public

export interface TrackView {
  kind: MailboxKind;
  kindLabel: string;
  agency: { name: string; slug: string } | null;
  subject: string;
  status: string;
  statusLabel: string;
  receivedDate: string;
  dueDate: string | null;
  provisional: boolean;
  reply: string | null;
  repliedDate: string | null;
  published: boolean;
  rating: number | null;
}

export async function findByCode(db: DbOrTrx, raw: string): Promise<MailboxRow | null> {
  const code = normaliseTrackingCode(raw);
  if (!code) return null;
  return (await repo.findByTrackingHash(db, trackingHash(code))) ?? null;
}

/** What the tracking code shows: the status, the due date and the reply, never personal data. */
export async function track(db: DbOrTrx, raw: string): Promise<TrackView | null> {
  const row = await findByCode(db, raw);
  if (!row) return null;
  const agency = row.agencyId === null ? null : await findAgency(db, row.agencyId);
  return {
    kind: row.kind as MailboxKind,
    kindLabel: MAILBOX_KINDS[row.kind as MailboxKind]?.label ?? row.kind,
    agency: agency ? { name: agency.name, slug: agency.slug } : null,
    subject: row.subject,
    status: row.state,
    statusLabel: MAILBOX_STATES[row.state as keyof typeof MAILBOX_STATES]?.label ?? row.state,
    receivedDate: row.receivedDate,
    dueDate: row.dueDate,
    provisional: row.dueProvisional === 1,
    reply: row.replyBody || null,
    repliedDate: row.repliedDate,
    published: row.publishedAt !== null,
    rating: row.rating,
  };
}

/** The writer's rating of the reply, once, with the tracking code. */
export async function rate(db: Db, raw: string, input: unknown): Promise<void> {
  const v = parseInput(z.object({ rating: z.preprocess((x) => (x === '' || x == null ? undefined : Number(x)), z.number({ message: '请选择评价' }).int().min(1, '请选择评价').max(5, '请选择评价')), comment: optionalText(500) }), input);
  await inTransaction(db, async (trx) => {
    const row = await findByCode(trx, raw);
    if (!row) throw notFound('留言');
    if (!row.replyBody) throw new AppError('INVALID_TRANSITION', '留言答复后才能评价');
    if (row.rating !== null) throw new AppError('INVALID_TRANSITION', '您已评价过这次答复');
    const updated = await repo.updateMessage(trx, row.id, row.version, { rating: v.rating, ratingComment: v.comment, ratedAt: nowOf(trx), updatedAt: nowOf(trx) });
    if (!updated) throw staleEdit();
    await audit.record(trx, SYSTEM_ACTOR, { action: 'mailbox.rate', entityType: 'mailbox', entityId: row.id, agencyId: row.agencyId, summary: `来信人评价留言 ${row.id} 的答复：${v.rating} 分`, after: { rating: v.rating } });
  });
}

export async function publishedList(db: DbOrTrx, agencyId: number, page = 1, pageSize = 20) {
  const p = Math.max(1, Math.min(page, 10_000));
  const r = await repo.listPublished(db, agencyId, p, pageSize);
  return { ...r, page: p, pageSize };
}

export async function publishedItem(db: DbOrTrx, agencyId: number, id: number) {
  const row = await repo.findMessage(db, id);
  if (!row || row.agencyId !== agencyId || !row.publishedAt) throw notFound('留言');
  return {
    id: row.id,
    kind: row.kind as MailboxKind,
    kindLabel: MAILBOX_KINDS[row.kind as MailboxKind]?.label ?? row.kind,
    subject: row.publicSubject,
    body: row.publicBody,
    reply: row.publicReply,
    receivedDate: row.receivedDate,
    repliedDate: row.repliedDate,
    publishedAt: row.publishedAt,
  };
}

/** The writer's name as staff lists show it (masked unless they open the message). */
export const writerLabel = (row: Pick<MailboxRow, 'writerName'>) => (row.writerName ? maskName(row.writerName) : '匿名');
