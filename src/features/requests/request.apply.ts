/**
 * Applying (Art. 29): online without an account (portal form and API), or
 * registered by the office for applications handed in, posted, faxed or e-mailed,
 * with the receipt date the channel's rule gives (Art. 31). Every application gets
 * a tracking code (查询码): unguessable, shown once, stored only as its hash.
 */
import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { announce, nowOf, todayOf } from '../../db/runtime.js';
import { AppError, validationError, type FieldErrors } from '../../errors.js';
import { compareDates, isIsoDate, type IsoDate } from '../../lib/dates.js';
import { emailText, optionalText, parseInput, phoneText, text } from '../../lib/validation.js';
import { authorize } from '../access/policy.js';
import { SYSTEM_ACTOR, type Actor } from '../access/roles.js';
import { findAgency, findAgencyByCodeOrSlug, type AgencyRow } from '../agencies/agency.service.js';
import * as audit from '../audit/audit.service.js';
import { foldToSimplified } from '../text/script.js';
import { APPLICANT_KINDS, DELIVERY_METHODS, ID_TYPES, INFO_FORMS, REQUEST_CHANNELS, type RequestChannel } from './request.js';
import { checkIdentity } from './request.identity.js';
import { storeDeadline } from './request.deadlines.js';
import * as repo from './request.repository.js';
import type { RequestRow } from './request.table.js';

const keys = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const choice = <T extends object>(o: T, message: string) => z.enum(keys(o), { message });

/** The applicant and what they ask for: one schema for the portal form, the API and the office. */
export const applicationInput = z
  .object({
    applicant: z.object({
      kind: choice(APPLICANT_KINDS, '请选择申请人类型'),
      name: text(100, { required: true }),
      contactName: optionalText(40),
      idType: choice(ID_TYPES, '请选择身份证明类型'),
      idNumber: text(50, { required: true }),
      phone: phoneText,
      email: emailText,
      address: optionalText(200),
    }),
    infoName: optionalText(200),
    infoNumber: optionalText(100),
    description: text(2000, { required: true, min: 4 }),
    form: choice(INFO_FORMS, '请选择所需信息的形式'),
    delivery: choice(DELIVERY_METHODS, '请选择获取信息的方式'),
  })
  .superRefine((v, ctx) => {
    const a = v.applicant;
    const id = checkIdentity(a.idType, a.idNumber);
    if (!id.ok) ctx.addIssue({ code: 'custom', path: ['applicant', 'idNumber'], message: id.message });
    if (a.kind === 'natural_person' && a.idType === 'uscc') {
      ctx.addIssue({ code: 'custom', path: ['applicant', 'idType'], message: '自然人请提供居民身份证、护照或其他身份证明' });
    }
    if (a.kind !== 'natural_person' && !a.contactName) {
      ctx.addIssue({ code: 'custom', path: ['applicant', 'contactName'], message: '法人或其他组织请填写联系人' });
    }
    if (!a.phone && !a.email && !a.address) ctx.addIssue({ code: 'custom', path: ['applicant', 'phone'], message: '请至少留一种联系方式（电话、电子邮箱或通信地址）' });
    if (v.delivery === 'email' && !a.email) ctx.addIssue({ code: 'custom', path: ['applicant', 'email'], message: '选择电子邮件获取的，请填写电子邮箱' });
    if (v.delivery === 'post' && !a.address) ctx.addIssue({ code: 'custom', path: ['applicant', 'address'], message: '选择邮寄的，请填写通信地址' });
    if (v.form === 'on_site' && v.delivery !== 'pickup') ctx.addIssue({ code: 'custom', path: ['delivery'], message: '当场阅读的，获取方式请选择“自行领取”' });
  });
export type ApplicationInput = z.infer<typeof applicationInput>;

/** What the office adds when it registers an application that did not come in online. */
export const registrationInput = z
  .object({
    channel: choice(REQUEST_CHANNELS, '请选择收到申请的渠道'),
    /** The day it was handed in, posted or sent. */
    submittedDate: z.string().refine(isIsoDate, '日期格式应为 YYYY-MM-DD'),
    /** Post: the day the office signed for it. */
    signedDate: z.preprocess((v) => (v === '' ? undefined : v), z.string().refine(isIsoDate, '日期格式应为 YYYY-MM-DD').optional()),
    /** Fax, e-mail, unsigned ordinary mail: the day the office confirmed with the applicant. */
    confirmedDate: z.preprocess((v) => (v === '' ? undefined : v), z.string().refine(isIsoDate, '日期格式应为 YYYY-MM-DD').optional()),
  })
  .superRefine((v, ctx) => {
    if (v.signedDate && v.signedDate < v.submittedDate) ctx.addIssue({ code: 'custom', path: ['signedDate'], message: '签收日期不能早于寄出日期' });
    if (v.confirmedDate && v.confirmedDate < v.submittedDate) ctx.addIssue({ code: 'custom', path: ['confirmedDate'], message: '确认日期不能早于发出日期' });
  });

// ---------------------------------------------------------------- tracking codes

/** No 0/O, 1/I/L: a code read out over the phone or copied by hand survives. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A new tracking code: 16 characters from 31 (about 79 bits), shown as four groups. */
export function newTrackingCode(): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}-${s.slice(12)}`;
}

/** The code as typed (any case, spaces, with or without dashes) in its canonical form, or null. */
export function normaliseTrackingCode(raw: string): string | null {
  const s = raw.toUpperCase().replace(/[\s\-－—_]/g, '');
  if (s.length !== 16 || [...s].some((c) => !CODE_ALPHABET.includes(c))) return null;
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}-${s.slice(12)}`;
}

export const trackingHash = (code: string) => createHash('sha256').update(`gongkai-request:${code}`).digest('hex');

// ---------------------------------------------------------------- subjects (Arts. 35, 44)

/** What an application asks for, normalised: its 文号 if given, else its name, else its description's start. */
export function subjectKey(a: { infoName: string; infoNumber: string; description: string }): string {
  const norm = (s: string) =>
    foldToSimplified(s)
      .toLowerCase()
      .replace(/[〔［【(（[]/g, '[')
      .replace(/[〕］】)）\]]/g, ']')
      .replace(/[\s，。、；：“”"'‘’《》<>！？!?,.;:]/g, '');
  if (a.infoNumber.trim()) return `no:${norm(a.infoNumber)}`;
  if (a.infoName.trim()) return `name:${norm(a.infoName)}`;
  return `text:${[...norm(a.description)].slice(0, 40).join('')}`;
}

// ---------------------------------------------------------------- submitting

export interface Receipt {
  id: number;
  trackingCode: string;
  state: string;
  receivedDate: IsoDate | null;
  dueDate: IsoDate | null;
  provisional: boolean;
  agency: AgencyRow;
}

interface Arrival {
  channel: RequestChannel;
  source: 'online' | 'office';
  submittedAt: string;
  /** The receipt event's dates for the clock. */
  received: { date: IsoDate; signedDate?: IsoDate; confirmedDate?: IsoDate };
}

async function create(db: Db, actor: Actor, agency: AgencyRow, input: ApplicationInput, arrival: Arrival): Promise<Receipt> {
  const code = newTrackingCode();
  const now = nowOf(db);
  const a = input.applicant;
  const id = checkIdentity(a.idType, a.idNumber);
  const row = await inTransaction(db, async (trx) => {
    const history = await repo.applicantHistory(trx, agency.id, { idNumber: id.ok ? id.normalised : a.idNumber, applicantName: a.name, phone: a.phone, email: a.email });
    const key = subjectKey(input);
    const repeat = history.find((h) => subjectKey({ infoName: h.infoName, infoNumber: h.infoNumber, description: h.description }) === key);
    const created = await repo.insertRequest(trx, {
      agencyId: agency.id,
      trackingHash: trackingHash(code),
      channel: arrival.channel,
      source: arrival.source,
      applicantKind: a.kind,
      applicantName: a.name,
      contactName: a.contactName,
      idType: a.idType,
      idNumber: id.ok ? id.normalised : a.idNumber,
      phone: a.phone,
      email: a.email,
      address: a.address,
      infoName: input.infoName,
      infoNumber: input.infoNumber,
      description: input.description,
      infoForm: input.form,
      delivery: input.delivery,
      state: 'registered',
      departmentId: null,
      handlerId: null,
      submittedAt: arrival.submittedAt,
      receivedDate: null,
      dueDate: null,
      outcome: null,
      repliedDate: null,
      deliveredDate: null,
      archivedAt: null,
      withdrawnDate: null,
      repeatOf: repeat?.id ?? null,
      purgeAfter: null,
      purgedAt: null,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    const clockChannel = REQUEST_CHANNELS[arrival.channel].clock;
    await repo.insertEvent(trx, {
      requestId: created.id,
      type: 'received',
      date: arrival.received.date,
      details: JSON.stringify({ channel: arrival.channel, clockChannel, ...arrival.received }),
      actorId: actor.userId,
      actorName: actor.userId ? actor.displayName : '申请人',
      createdAt: now,
    });
    if (repeat) {
      await repo.insertEvent(trx, {
        requestId: created.id,
        type: 'note',
        date: arrival.received.date,
        details: JSON.stringify({ flag: 'repeat', repeatOf: repeat.id, text: `同一申请人曾就相同信息提出申请（编号 ${repeat.id}），可能属于重复申请（第三十五条、第三十六条第六项）` }),
        actorId: null,
        actorName: '系统',
        createdAt: now,
      });
    }
    await proposeIfAskedOften(trx, agency.id, key, input, created.id, now);
    const stored = await storeDeadline(trx, created);
    await audit.record(trx, actor, {
      action: arrival.source === 'online' ? 'request.submit' : 'request.register',
      entityType: 'request',
      entityId: created.id,
      agencyId: agency.id,
      summary: `${arrival.source === 'online' ? '收到网上申请' : `登记${REQUEST_CHANNELS[arrival.channel].label}申请`}（编号 ${created.id}）`,
      after: { channel: arrival.channel, applicantKind: a.kind, form: input.form, delivery: input.delivery, repeatOf: repeat?.id ?? null },
    });
    await announce(trx, { entity: 'request', id: created.id, agencyId: agency.id, action: 'request.create', public: false });
    return stored;
  });
  return { id: row.id, trackingCode: code, state: row.state, receivedDate: row.receivedDate as IsoDate | null, dueDate: row.dueDate as IsoDate | null, provisional: row.dueProvisional === 1, agency };
}

/** Art. 44: information several applicants ask for is proposed for proactive disclosure, once. */
async function proposeIfAskedOften(trx: DbOrTrx, agencyId: number, key: string, input: ApplicationInput, requestId: number, now: string) {
  const since = new Date(Date.parse(now) - 365 * 86_400_000).toISOString();
  const same = (await repo.recentSubjects(trx, agencyId, since)).filter((r) => r.id !== requestId && subjectKey(r) === key);
  const applicants = new Set([...same.map((r) => r.idNumber || r.applicantName), input.applicant.idNumber || input.applicant.name]);
  if (applicants.size < 2) return;
  const subject = input.infoNumber || input.infoName || [...input.description].slice(0, 60).join('');
  await repo.recordProposal(trx, { agencyId, subjectKey: key, subject, requestCount: same.length + 1, createdAt: now });
}

async function agencyByKey(db: Db, key: unknown): Promise<AgencyRow> {
  const agency = typeof key === 'string' && key.trim() ? await findAgencyByCodeOrSlug(db, key) : undefined;
  if (!agency) throw validationError({ agency: '没有这个机关，请填写机关代码或网址标识' });
  return agency;
}

/**
 * An application made online (portal form or API), without an account. It counts
 * as received the day it is submitted: the platform's receipt, with its tracking
 * code, is both sides' confirmation (Art. 31(三)).
 */
export async function submitOnline(db: Db, agencyKey: unknown, raw: unknown): Promise<Receipt> {
  const agency = await agencyByKey(db, agencyKey);
  const input = parseInput(applicationInput, raw);
  const today = todayOf(db);
  return create(db, SYSTEM_ACTOR, agency, input, {
    channel: 'online',
    source: 'online',
    submittedAt: nowOf(db),
    received: { date: today, confirmedDate: today },
  });
}

/** An application the office registers: handed in, posted, faxed or e-mailed (Art. 31 decides its receipt date). */
export async function registerApplication(db: Db, actor: Actor, agencyId: number, raw: unknown): Promise<Receipt> {
  authorize(actor, 'request.register', { agencyId });
  const agency = await findAgency(db, agencyId);
  if (!agency) throw new AppError('NOT_FOUND', '机关不存在');
  const body = (raw ?? {}) as Record<string, unknown>;
  const fields: FieldErrors = {};
  let input: ApplicationInput | undefined;
  let arrival: z.infer<typeof registrationInput> | undefined;
  try {
    input = parseInput(applicationInput, body);
  } catch (e) {
    if (e instanceof AppError && e.fields) Object.assign(fields, e.fields);
    else throw e;
  }
  try {
    arrival = parseInput(registrationInput, body);
  } catch (e) {
    if (e instanceof AppError && e.fields) Object.assign(fields, e.fields);
    else throw e;
  }
  const today = todayOf(db);
  if (arrival) {
    for (const k of ['submittedDate', 'signedDate', 'confirmedDate'] as const) {
      const d = arrival[k];
      if (d && compareDates(d as IsoDate, today) > 0) fields[k] = '日期不能晚于今天';
    }
    if (arrival.channel === 'online') fields.channel = '网上申请由申请人在门户提交，无需登记';
  }
  if (Object.keys(fields).length || !input || !arrival) throw validationError(fields);
  // Post needs the day the office signed for it, or (ordinary mail) confirmed it with the applicant.
  if (arrival.channel === 'post' && !arrival.signedDate && !arrival.confirmedDate) {
    throw validationError({ signedDate: '邮寄的申请，请填写签收日期；平常信函请填写与申请人确认的日期（第三十一条第二项）' });
  }
  const received: Arrival['received'] = { date: arrival.submittedDate as IsoDate };
  if (arrival.channel === 'post' && arrival.signedDate) received.signedDate = arrival.signedDate as IsoDate;
  if (arrival.confirmedDate) received.confirmedDate = arrival.confirmedDate as IsoDate;
  // Handed in: received that day; faxed or e-mailed: the day both sides confirm it,
  // by default the day the office registers it (and so confirms it).
  if ((arrival.channel === 'email' || arrival.channel === 'fax') && !received.confirmedDate) received.confirmedDate = today;
  return create(db, actor, agency, input, {
    channel: arrival.channel,
    source: 'office',
    submittedAt: nowOf(db),
    received,
  });
}

/** The application a tracking code names, or null (a wrong or guessed code). */
export async function findByTrackingCode(db: DbOrTrx, raw: string): Promise<RequestRow | null> {
  const code = normaliseTrackingCode(raw);
  if (!code) return null;
  return (await repo.findByTrackingHash(db, trackingHash(code))) ?? null;
}
