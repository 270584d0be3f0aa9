/**
 * The JSON API of disclosure on request. Applying and tracking need no account;
 * the office's work takes a session or a token like every office route.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound, validationError } from '../../errors.js';
import { intField, parseInput } from '../../lib/validation.js';
import { findAgencyByCodeOrSlug } from '../agencies/agency.service.js';
import {
  APPEAL_RESULTS,
  APPEAL_TYPES,
  APPLICANT_KINDS,
  DELIVERY_METHODS,
  ID_TYPES,
  INFO_FORMS,
  OUTCOME_GROUPS,
  REQUEST_CHANNELS,
  REQUEST_OUTCOME_KEYS,
  REQUEST_OUTCOMES,
} from './request.js';
import { registerApplication, submitOnline } from './request.apply.js';
import { act } from './request.handling.js';
import { getRequest, listRequests, type RequestView } from './request.read.js';
import { agencyStats, currentYear, track } from './request.public.js';
import { REQUEST_STATE_KEYS, REQUEST_STATES } from './request.workflow.js';

const idParam = z.object({ id: intField('编号') });
const keysOf = <T extends object>(o: T) => Object.keys(o) as [string, ...string[]];

const applicationBody = z.object({
  agency: z.string().describe('机关代码（统一社会信用代码）或网址标识'),
  applicant: z.object({
    kind: z.enum(keysOf(APPLICANT_KINDS)),
    name: z.string(),
    contactName: z.string().optional(),
    idType: z.enum(keysOf(ID_TYPES)),
    idNumber: z.string(),
    phone: z.string().optional(),
    email: z.string().optional(),
    address: z.string().optional(),
  }),
  infoName: z.string().optional(),
  infoNumber: z.string().optional(),
  description: z.string(),
  form: z.enum(keysOf(INFO_FORMS)),
  delivery: z.enum(keysOf(DELIVERY_METHODS)),
});

const receiptShape = z.object({
  id: z.number(),
  trackingCode: z.string(),
  status: z.string(),
  receivedDate: z.string().nullable(),
  dueDate: z.string().nullable(),
  provisional: z.boolean(),
});

const ns = z.string().nullable();
const keyLabel = z.object({ key: z.string(), label: z.string() });
const statusShape = { status: z.enum(REQUEST_STATE_KEYS as [string, ...string[]]).describe('办理状态'), statusLabel: z.string() };
const letterShape = { id: z.number().int(), kind: z.string(), title: z.string(), issuedDate: z.string(), text: z.string() };
const fileShape = { id: z.number().int(), name: z.string(), size: z.number().int(), mimeType: z.string() };
const outcomeShape = { outcome: z.enum(REQUEST_OUTCOME_KEYS as [string, ...string[]]).nullable(), outcomeLabel: ns };

const trackShape = z.object({
  id: z.number().int(),
  agency: z.object({ name: z.string(), slug: z.string() }),
  ...statusShape,
  askedFor: z.string(),
  submittedDate: z.string(),
  receivedDate: ns,
  dueDate: ns,
  provisional: z.boolean(),
  ...outcomeShape,
  repliedDate: ns,
  explanation: z.array(z.string()),
  letters: z.array(z.object(letterShape)),
  files: z.array(z.object({ ...fileShape, url: z.string() })),
});

const requestShape = z.object({
  id: z.number().int(),
  agency: z.object({ id: z.number().int(), name: z.string(), slug: z.string() }),
  ...statusShape,
  channel: z.string(),
  source: z.string(),
  applicant: z.object({
    kind: z.string(),
    name: z.string(),
    contactName: z.string(),
    idType: z.string(),
    idNumber: z.string(),
    phone: z.string(),
    email: z.string(),
    address: z.string(),
    masked: z.boolean().describe('为 true 时个人信息已部分隐去'),
  }),
  infoName: z.string(),
  infoNumber: z.string(),
  description: z.string(),
  form: z.string(),
  delivery: z.string(),
  departmentId: z.number().int().nullable(),
  departmentName: ns,
  handlerId: z.number().int().nullable(),
  handlerName: z.string(),
  receivedDate: ns,
  dueDate: ns,
  provisional: z.boolean(),
  clock: z.object({
    state: z.string(),
    deadline: ns,
    explanation: z.array(z.string()),
    issues: z.array(z.object({ code: z.string(), severity: z.enum(['error', 'warning']), message: z.string() })),
  }),
  ...outcomeShape,
  outcomeNote: z.string(),
  repliedDate: ns,
  repeatOf: z.number().int().nullable(),
  events: z.array(z.object({ id: z.number().int(), type: z.string(), date: z.string(), actor: z.string() })),
  letters: z.array(z.object({ ...letterShape, sentVia: z.string(), toApplicant: z.boolean() })),
  files: z.array(z.object(fileShape)),
  pendingExtension: z.object({ eventId: z.number().int(), days: z.number(), reason: z.string(), requestedBy: z.string() }).nullable(),
  actions: z.array(z.object({ action: z.string(), label: z.string(), to: z.string(), commentRequired: z.boolean() })),
  version: z.number().int(),
});

const listItemShape = z.object({
  id: z.number().int(),
  agency: z.object({ id: z.number().int(), name: z.string(), slug: z.string() }),
  ...statusShape,
  channel: z.string(),
  applicant: z.object({ kind: z.string(), kindLabel: z.string(), name: z.string().describe('已隐去部分') }),
  infoName: z.string(),
  description: z.string(),
  departmentId: z.number().int().nullable(),
  handlerName: z.string(),
  submittedAt: z.string(),
  receivedDate: ns,
  dueDate: ns,
  provisional: z.boolean(),
  overdue: z.boolean(),
  ...outcomeShape,
  repliedDate: ns,
  purgedAt: ns.describe('个人信息已按保存期限删除的时间'),
  version: z.number().int(),
});

const vocabulariesShape = z.object(
  Object.fromEntries(['applicantKinds', 'idTypes', 'forms', 'deliveries', 'channels', 'states', 'appealTypes', 'appealResults'].map((k) => [k, z.array(keyLabel)])),
);

const statsShape = z.object({
  agency: z.object({ code: z.string(), slug: z.string(), name: z.string() }),
  year: z.number().int(),
  received: z.number().int(),
  replied: z.number().int(),
  open: z.number().int(),
  byOutcome: z.array(z.object({ key: z.string(), label: z.string(), group: z.string(), count: z.number().int() })),
  medianWorkdays: z.number().nullable(),
  onTimeShare: z.number().nullable(),
});

const outcomeLabelOf = (o: string | null) => (o && Object.hasOwn(REQUEST_OUTCOMES, o) ? REQUEST_OUTCOMES[o as keyof typeof REQUEST_OUTCOMES].short : null);

/** The staff representation of one application. */
export function presentRequest(v: RequestView) {
  const r = v.row;
  return {
    id: r.id,
    agency: v.agency,
    status: r.state,
    statusLabel: v.stateLabel,
    channel: r.channel,
    source: r.source,
    applicant: { kind: r.applicantKind, ...v.applicant },
    infoName: r.infoName,
    infoNumber: r.infoNumber,
    description: r.description,
    form: r.infoForm,
    delivery: r.delivery,
    departmentId: r.departmentId,
    departmentName: v.departmentName,
    handlerId: r.handlerId,
    handlerName: r.handlerName,
    receivedDate: r.receivedDate,
    dueDate: r.dueDate,
    provisional: r.dueProvisional === 1,
    clock: { state: v.clock.state, deadline: v.clock.deadline, explanation: v.clock.explanation, issues: v.clock.issues },
    outcome: r.outcome,
    outcomeLabel: outcomeLabelOf(r.outcome),
    outcomeNote: r.outcomeNote,
    repliedDate: r.repliedDate,
    repeatOf: r.repeatOf,
    events: v.events.map((e) => ({ id: e.id, type: e.type, date: e.date, actor: e.actorName })),
    letters: v.letters.map((l) => ({ id: l.id, kind: l.kind, title: l.title, issuedDate: l.issuedDate, sentVia: l.sentVia, toApplicant: l.toApplicant === 1, text: l.body })),
    files: v.files.map((f) => ({ id: f.id, name: f.name, size: f.size, mimeType: f.mimeType })),
    pendingExtension: v.pendingExtension,
    actions: v.actions.map((t) => ({ action: t.action, label: t.label, to: t.to, commentRequired: t.comment === 'required' })),
    version: r.version,
  };
}

export async function requestApiRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const TRACK_LIMIT = { max: 30, timeWindow: '1 minute' };

  app.post(
    '/api/v1/requests',
    {
      config: {
        access: 'public',
        rateLimit: { max: 20, timeWindow: '10 minutes' },
        doc: {
          summary: '提出政府信息公开申请（无需登录）；返回查询码（只返回这一次）',
          tags: ['依申请公开'],
          body: applicationBody,
          status: 201,
          response: receiptShape,
        },
      },
    },
    async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const r = await submitOnline(db, body.agency, body);
      return reply
        .code(201)
        .header('Cache-Control', 'no-store')
        .send({ id: r.id, trackingCode: r.trackingCode, status: r.state, receivedDate: r.receivedDate, dueDate: r.dueDate, provisional: r.provisional });
    },
  );

  app.get<{ Params: { trackingCode: string } }>(
    '/api/v1/requests/track/:trackingCode',
    { config: { access: 'public', rateLimit: TRACK_LIMIT, doc: { summary: '凭查询码查询办理进度、答复期限和告知书（不含个人信息）', tags: ['依申请公开'], response: trackShape } } },
    async (req, reply) => {
      const v = await track(db, req.params.trackingCode);
      if (!v) throw notFound('申请');
      reply.header('Cache-Control', 'no-store');
      return {
        id: v.id,
        agency: v.agency,
        status: v.state,
        statusLabel: v.stateLabel,
        askedFor: v.askedFor,
        submittedDate: v.submittedDate,
        receivedDate: v.receivedDate,
        dueDate: v.dueDate,
        provisional: v.provisional,
        outcome: v.outcome,
        outcomeLabel: v.outcomeLabel,
        repliedDate: v.repliedDate,
        explanation: v.explanation,
        letters: v.letters.map((l) => ({ id: l.id, kind: l.kind, title: l.title, issuedDate: l.issuedDate, text: l.body })),
        files: v.files.map((f) => ({ ...f, url: `${config.publicUrl}/requests/track/${req.params.trackingCode.toUpperCase()}/files/${f.id}` })),
      };
    },
  );

  app.get(
    '/api/v1/requests/outcomes',
    {
      config: {
        access: 'public',
        doc: {
          summary: '答复决定的封闭词表，按年度报告表三的行编码，含法律依据',
          tags: ['依申请公开'],
          response: z.object({
            outcomes: z.array(z.object({ key: z.string(), group: z.string(), groupLabel: z.string(), row: z.number().int().describe('年度报告表三的行'), label: z.string(), short: z.string(), basis: z.string() })),
          }),
        },
      },
    },
    async () => ({
      outcomes: REQUEST_OUTCOME_KEYS.map((key) => {
        const o = REQUEST_OUTCOMES[key];
        return { key, group: o.group, groupLabel: OUTCOME_GROUPS[o.group].label, row: o.row, label: o.label, short: o.short, basis: o.basis };
      }),
    }),
  );

  app.get(
    '/api/v1/requests/vocabularies',
    { config: { access: 'public', doc: { summary: '申请人类型、身份证明、信息形式、获取方式、收到渠道、办理状态、复议诉讼等词表', tags: ['依申请公开'], response: vocabulariesShape } } },
    async () => {
      const list = (o: Record<string, { label: string }>) => Object.entries(o).map(([key, v]) => ({ key, label: v.label }));
      return {
        applicantKinds: list(APPLICANT_KINDS),
        idTypes: list(ID_TYPES),
        forms: list(INFO_FORMS),
        deliveries: list(DELIVERY_METHODS),
        channels: list(REQUEST_CHANNELS),
        states: REQUEST_STATE_KEYS.map((key) => ({ key, label: REQUEST_STATES[key].label })),
        appealTypes: list(APPEAL_TYPES),
        appealResults: list(APPEAL_RESULTS),
      };
    },
  );

  app.get<{ Params: { agency: string }; Querystring: { year?: string } }>(
    '/api/v1/requests/stats/:agency',
    { config: { access: 'public', doc: { summary: '某机关某年度依申请公开统计：按结果计数、办理用时中位数、按期答复比例', tags: ['依申请公开'], response: statsShape } } },
    async (req) => {
      const agency = await findAgencyByCodeOrSlug(db, req.params.agency);
      if (!agency) throw notFound('机关');
      const year = req.query.year ? Number(req.query.year) : currentYear(db);
      if (!Number.isInteger(year) || year < 2008 || year > currentYear(db)) throw validationError({ year: '年份无效' });
      return { agency: { code: agency.code, slug: agency.slug, name: agency.name }, ...(await agencyStats(db, agency.id, year)) };
    },
  );

  // ---------------------------------------------------------------- office

  const listQuery = z.object({
    agencyId: z.preprocess((v) => (v === '' || v == null ? undefined : v), intField('机关').optional()),
    view: z.enum(['open', 'due_soon', 'overdue', 'mine', 'all']).optional(),
    q: z.string().max(100).optional(),
    page: z.preprocess((v) => (v === '' || v == null ? undefined : v), intField('页码').optional()),
  });

  app.get(
    '/api/v1/requests',
    {
      config: {
        access: 'request.read',
        doc: {
          summary: '申请列表（办公）：办理中的在前，期限近的在前；申请人姓名已隐去',
          tags: ['依申请公开'],
          query: listQuery,
          response: z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(listItemShape) }),
        },
      },
    },
    async (req) => {
      const q = parseInput(listQuery, req.query);
      const r = await listRequests(db, req.actor!, { agencyId: q.agencyId, view: q.view === 'all' ? undefined : q.view, q: q.q, page: q.page });
      return {
        total: r.total,
        page: r.page,
        pageSize: r.pageSize,
        items: r.items.map((i) => ({
          id: i.id,
          agency: { id: i.agencyId, name: i.agencyName, slug: i.agencySlug },
          status: i.state,
          statusLabel: i.stateLabel,
          channel: i.channel,
          applicant: { kind: i.applicantKind, kindLabel: i.kindLabel, name: i.applicantName },
          infoName: i.infoName,
          description: i.description,
          departmentId: i.departmentId,
          handlerName: i.handlerName,
          submittedAt: i.submittedAt,
          receivedDate: i.receivedDate,
          dueDate: i.dueDate,
          provisional: i.dueProvisional === 1,
          overdue: i.overdue,
          outcome: i.outcome,
          outcomeLabel: outcomeLabelOf(i.outcome),
          repliedDate: i.repliedDate,
          purgedAt: i.purgedAt,
          version: i.version,
        })),
      };
    },
  );

  app.get('/api/v1/requests/:id', { config: { access: 'request.read', doc: { summary: '一件申请的全部办理记录（办公）', tags: ['依申请公开'], response: requestShape } } }, async (req) => {
    const { id } = parseInput(idParam, req.params);
    return presentRequest(await getRequest(db, req.actor!, id));
  });

  app.post(
    '/api/v1/requests/register',
    {
      config: {
        access: 'request.register',
        doc: {
          summary: '登记当面、邮寄、传真或电子邮件收到的申请（办公）',
          description: '请求体同提出申请，另加 channel（in_person/post/fax/email）、submittedDate，邮寄另有 signedDate，传真、电子邮件、平常信函另有 confirmedDate。',
          tags: ['依申请公开'],
          status: 201,
          response: receiptShape,
        },
      },
    },
    async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const agency = typeof body.agency === 'string' ? await findAgencyByCodeOrSlug(db, body.agency) : undefined;
      if (!agency) throw validationError({ agency: '没有这个机关' });
      const r = await registerApplication(db, req.actor!, agency.id, body);
      return reply.code(201).send({ id: r.id, trackingCode: r.trackingCode, status: r.state, receivedDate: r.receivedDate, dueDate: r.dueDate, provisional: r.provisional });
    },
  );

  app.post(
    '/api/v1/requests/:id/actions',
    {
      config: {
        access: 'request.read',
        doc: {
          summary: '办理操作（办公）：accept、assign、request_correction、receive_correction、consult、record_consultation、request_extension、approve_extension、refuse_extension、fee_notice、fee_paid、close_unpaid、close_uncorrected、reply、record_delivery、archive、withdraw',
          tags: ['依申请公开'],
          response: requestShape,
        },
      },
    },
    async (req) => {
      const { id } = parseInput(idParam, req.params);
      return presentRequest(await act(db, req.actor!, id, req.body, { dataDir: config.dataDir }));
    },
  );
}
