/**
 * The mailbox's JSON API. Writing and tracking need no account (the body of
 * `POST /api/v1/mailbox` and the tracking answer are fixed interfaces); the Q&A is
 * public; the office's work takes a token or a session like every office route.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound, validationError } from '../../errors.js';
import { findAgencyByCodeOrSlug } from '../agencies/agency.service.js';
import type { Actor } from '../access/roles.js';
import { LETTER_KIND_KEYS, MAILBOX_KINDS, type MailboxKind } from './mailbox.clock.js';
import { MAILBOX_CHANNEL_KEYS, MAILBOX_STATE_KEYS, MAILBOX_STATES, type MailboxState } from './mailbox.js';
import * as service from './mailbox.service.js';
import type { MailboxRow } from './mailbox.table.js';

const ns = z.string().nullable();

const writeBody = z.object({
  agency: z.string().describe('机关代码（统一社会信用代码）或网址标识'),
  kind: z.enum(LETTER_KIND_KEYS).describe('complaint 投诉、report 举报、consultation 咨询、suggestion 建议、leader 领导信箱'),
  name: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  subject: z.string(),
  body: z.string(),
});

const receiptShape = z.object({ id: z.number().int(), trackingCode: z.string(), dueDate: ns, provisional: z.boolean() });

const trackShape = z.object({
  kind: z.string(),
  kindLabel: z.string(),
  agency: z.object({ name: z.string(), slug: z.string() }).nullable(),
  subject: z.string(),
  status: z.enum(MAILBOX_STATE_KEYS as [string, ...string[]]),
  statusLabel: z.string(),
  receivedDate: z.string(),
  dueDate: ns,
  provisional: z.boolean(),
  reply: ns,
  repliedDate: ns,
  published: z.boolean(),
  rating: z.number().int().nullable(),
});

const qaItemShape = z.object({ id: z.number().int(), kind: z.string(), kindLabel: z.string(), subject: z.string(), receivedDate: z.string(), repliedDate: ns, publishedAt: z.string(), url: z.string() });
const qaDetailShape = qaItemShape.extend({ body: z.string(), reply: z.string() });

const officeShape = z.object({
  id: z.number().int(),
  agencyId: z.number().int().nullable(),
  departmentId: z.number().int().nullable(),
  kind: z.string(),
  channel: z.enum(MAILBOX_CHANNEL_KEYS as [string, ...string[]]),
  subject: z.string(),
  body: z.string(),
  writer: z.object({ name: z.string(), phone: z.string(), email: z.string(), masked: z.boolean(), purged: z.boolean() }).describe('来信人个人信息，仅办公可见；非承办人看到的是遮盖后的值，保存期限届满后清除'),
  pageUrl: z.string(),
  errorType: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  receivedDate: z.string(),
  dueDate: ns,
  provisional: z.boolean(),
  limitDays: z.number().int(),
  reply: z.string(),
  repliedDate: ns,
  onTime: z.boolean().nullable(),
  publishedAt: ns,
  rating: z.number().int().nullable(),
  version: z.number().int(),
});

const inboxItemShape = z.object({
  id: z.number().int(),
  agencyId: z.number().int().nullable(),
  departmentId: z.number().int().nullable(),
  kind: z.string(),
  channel: z.string(),
  subject: z.string(),
  status: z.string(),
  receivedDate: z.string(),
  dueDate: ns,
  provisional: z.boolean(),
  repliedDate: ns,
  published: z.boolean(),
  version: z.number().int(),
});

const inboxQuery = z.object({
  agencyId: z.string().optional(),
  departmentId: z.string().optional().describe('股室编号，或 none 表示未转办'),
  state: z.enum(['open', 'replied', 'closed', 'all']).optional(),
  kind: z.string().optional(),
  page: z.string().optional(),
});

function presentOffice(actor: Actor, r: MailboxRow) {
  return {
    id: r.id,
    agencyId: r.agencyId,
    departmentId: r.departmentId,
    kind: r.kind,
    channel: r.channel,
    subject: r.subject,
    body: r.body,
    writer: service.writerFor(actor, r),
    pageUrl: r.pageUrl,
    errorType: r.errorType,
    status: r.state,
    statusLabel: MAILBOX_STATES[r.state as MailboxState]?.label ?? r.state,
    receivedDate: r.receivedDate,
    dueDate: r.dueDate,
    provisional: r.dueProvisional === 1,
    limitDays: r.limitDays,
    reply: r.replyBody,
    repliedDate: r.repliedDate,
    onTime: r.onTime === null ? null : r.onTime === 1,
    publishedAt: r.publishedAt,
    rating: r.rating,
    version: r.version,
  };
}

const idOf = (raw: string) => {
  if (!/^\d{1,12}$/.test(raw)) throw notFound('留言');
  return Number(raw);
};
const optInt = (v: string | undefined, label: string) => {
  if (v === undefined || v === '') return undefined;
  if (!/^\d{1,9}$/.test(v)) throw validationError({ [label]: '应为正整数' });
  return Number(v);
};

const ERRORS_NOTE =
  '错误代码：VALIDATION_FAILED（字段有误，见 fields；含留言为空、超长、网址过多）、RATE_LIMITED（同一地址或网段留言过于频繁）、DUPLICATE_MESSAGE（相同内容已收到）。接口不要求表单的工作量证明，其余反垃圾检查相同。';

export async function mailboxApiRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const TRACK_LIMIT = { max: 30, timeWindow: '1 minute' };

  app.post(
    '/api/v1/mailbox',
    {
      config: {
        access: 'public',
        rateLimit: { max: 20, timeWindow: '10 minutes' },
        doc: { summary: '向机关政务信箱留言（无需登录）；返回查询码（只返回这一次）', description: ERRORS_NOTE, tags: ['政务信箱'], body: writeBody, status: 201, response: receiptShape },
      },
    },
    async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const r = await service.writeLetter(db, body, { channel: 'api', ip: req.ip, secret: config.sessionSecret });
      return reply.code(201).header('Cache-Control', 'no-store').send({ id: r.id, trackingCode: r.trackingCode, dueDate: r.dueDate, provisional: r.provisional });
    },
  );

  app.get<{ Params: { trackingCode: string } }>(
    '/api/v1/mailbox/track/:trackingCode',
    { config: { access: 'public', rateLimit: TRACK_LIMIT, doc: { summary: '凭查询码查询留言的办理状态、答复期限和答复（不含个人信息）', tags: ['政务信箱'], response: trackShape } } },
    async (req, reply) => {
      const v = await service.track(db, req.params.trackingCode);
      if (!v) throw notFound('留言');
      reply.header('Cache-Control', 'no-store');
      return v;
    },
  );

  async function agencyOf(key: string) {
    const agency = await findAgencyByCodeOrSlug(db, key);
    if (!agency) throw notFound('机关');
    return agency;
  }
  const qaUrl = (slug: string, id: number) => `${config.publicUrl}/${slug}/mailbox/qa/${id}`;

  app.get<{ Params: { agency: string }; Querystring: { page?: string } }>(
    '/api/v1/mailbox/qa/:agency',
    {
      config: {
        access: 'public',
        doc: {
          summary: '机关的留言选登（已公开的留言和答复，个人信息已隐去），新的在前',
          tags: ['政务信箱'],
          query: z.object({ page: z.string().optional() }),
          response: z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(qaItemShape) }),
        },
      },
    },
    async (req) => {
      const agency = await agencyOf(req.params.agency);
      const r = await service.publishedList(db, agency.id, optInt(req.query.page, 'page') ?? 1);
      return {
        total: r.total,
        page: r.page,
        pageSize: r.pageSize,
        items: r.items.map((i) => ({
          id: i.id,
          kind: i.kind,
          kindLabel: MAILBOX_KINDS[i.kind as MailboxKind]?.label ?? i.kind,
          subject: i.publicSubject,
          receivedDate: i.receivedDate,
          repliedDate: i.repliedDate,
          publishedAt: i.publishedAt!,
          url: qaUrl(agency.slug, i.id),
        })),
      };
    },
  );

  app.get<{ Params: { agency: string; id: string } }>(
    '/api/v1/mailbox/qa/:agency/:id',
    { config: { access: 'public', doc: { summary: '一条留言选登：留言和答复（个人信息已隐去）', tags: ['政务信箱'], response: qaDetailShape } } },
    async (req) => {
      const agency = await agencyOf(req.params.agency);
      const i = await service.publishedItem(db, agency.id, idOf(req.params.id));
      return { id: i.id, kind: i.kind, kindLabel: i.kindLabel, subject: i.subject, body: i.body, reply: i.reply, receivedDate: i.receivedDate, repliedDate: i.repliedDate, publishedAt: i.publishedAt!, url: qaUrl(agency.slug, i.id) };
    },
  );

  // ---------------------------------------------------------------- office

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/api/v1/mailbox',
    {
      config: {
        access: 'mailbox.read',
        doc: {
          summary: '信箱待办（办公）：逾期的在前，按答复期限排序；不含来信人个人信息',
          tags: ['政务信箱'],
          query: inboxQuery,
          response: z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(inboxItemShape) }),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const state = q.state && ['open', 'replied', 'closed', 'all'].includes(q.state) ? (q.state as 'open') : undefined;
      const r = await service.inbox(db, req.actor!, {
        agencyId: optInt(q.agencyId, 'agencyId'),
        departmentId: q.departmentId === 'none' ? 'none' : optInt(q.departmentId, 'departmentId'),
        state,
        kind: q.kind || undefined,
        page: optInt(q.page, 'page'),
      });
      return {
        total: r.total,
        page: r.page,
        pageSize: r.pageSize,
        items: r.items.map((i) => ({
          id: i.id,
          agencyId: i.agencyId,
          departmentId: i.departmentId,
          kind: i.kind,
          channel: i.channel,
          subject: i.subject,
          status: i.state,
          receivedDate: i.receivedDate,
          dueDate: i.dueDate,
          provisional: i.dueProvisional === 1,
          repliedDate: i.repliedDate,
          published: i.publishedAt !== null,
          version: i.version,
        })),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/mailbox/:id',
    { config: { access: 'mailbox.read', doc: { summary: '一件留言（办公），含来信人联系方式', tags: ['政务信箱'], response: officeShape } } },
    async (req) => presentOffice(req.actor!, await service.getMessage(db, req.actor!, idOf(req.params.id))),
  );

  app.post(
    '/api/v1/mailbox/phone',
    {
      config: {
        access: 'mailbox.handle',
        doc: {
          summary: '登记监督电话来电（办公），按留言计算答复期限',
          tags: ['政务信箱'],
          body: z.object({ agency: z.string(), kind: z.enum(LETTER_KIND_KEYS), receivedDate: z.string().optional(), name: z.string().optional(), phone: z.string().optional(), subject: z.string(), body: z.string(), departmentId: z.number().int().optional() }),
          status: 201,
          response: receiptShape,
        },
      },
    },
    async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const agency = typeof body.agency === 'string' ? await findAgencyByCodeOrSlug(db, body.agency) : undefined;
      if (!agency) throw validationError({ agency: '没有这个机关' });
      const r = await service.logPhoneCall(db, req.actor!, agency.id, body);
      return reply.code(201).send({ id: r.id, trackingCode: r.trackingCode, dueDate: r.dueDate, provisional: r.provisional });
    },
  );

  const actions = {
    assign: { fn: service.assign, summary: '转办到股室（办公）：{departmentId|null, version?}', body: z.object({ departmentId: z.number().int().nullable(), version: z.number().int().optional() }) },
    reply: { fn: service.reply, summary: '答复留言（办公）：{reply, version?}', body: z.object({ reply: z.string(), version: z.number().int().optional() }) },
    publish: {
      fn: service.publish,
      summary: '公开为留言选登（办公）：{subject, body, reply, version?}，公开前会再次隐去个人信息',
      body: z.object({ subject: z.string(), body: z.string(), reply: z.string(), version: z.number().int().optional() }),
    },
    close: { fn: service.close, summary: '办结留言（办公）：{reason?, version?}；未答复即办结须说明理由', body: z.object({ reason: z.string().optional(), version: z.number().int().optional() }) },
  } as const;

  for (const [name, a] of Object.entries(actions)) {
    app.post<{ Params: { id: string } }>(
      `/api/v1/mailbox/:id/${name}`,
      { config: { access: name === 'publish' ? 'mailbox.publish' : 'mailbox.handle', doc: { summary: a.summary, tags: ['政务信箱'], body: a.body, response: officeShape } } },
      async (req) => presentOffice(req.actor!, await a.fn(db, req.actor!, idOf(req.params.id), req.body)),
    );
  }
}
