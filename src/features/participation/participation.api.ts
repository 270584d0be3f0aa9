/**
 * The JSON API of consultations and hearings. Reading and commenting need no
 * account; the office's work takes a token (or a session) like every office route.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { forbidden, notFound } from '../../errors.js';
import { intField, parseInput } from '../../lib/validation.js';
import { findAgencyByCodeOrSlug } from '../agencies/agency.service.js';
import { publicationUrl } from '../catalog/catalog.js';
import { CONSULTATION_KIND_KEYS, CONSULTATION_KINDS, CONSULTATION_PHASES, describePeriod, minimumPeriodOf, REJECT_REASON_KEYS, type ConsultationKind } from './participation.js';
import { COMMENT_RATE_LIMIT } from './participation.portal.js';
import * as service from './participation.service.js';
import type { ConsultationRow, HearingMaterialRow, HearingRow } from './participation.table.js';
import { consultationUrl, hearingUrl } from './views/ParticipationPortalViews.js';

const TAG = ['意见征集与听证'];
const ns = z.string().nullable();
const idParam = z.object({ id: intField('编号') });
const phases = Object.keys(CONSULTATION_PHASES) as [string, ...string[]];

const consultationBody = z.object({
  agencyId: z.number().int().optional().describe('机关编号（新建时必填）'),
  title: z.string(),
  kind: z.enum(CONSULTATION_KIND_KEYS),
  marketRelated: z.boolean().optional(),
  explanation: z.string().optional().describe('起草说明'),
  commentMethod: z.string().optional().describe('意见反馈方式'),
  startDate: z.string().nullable().optional(),
  endDate: z.string().nullable().optional(),
  shortReason: z.string().optional().describe('缩短征集期的理由（公开）'),
  sections: z.array(z.object({ heading: z.string(), body: z.string() })).optional(),
  version: z.number().int().optional().describe('修改时必填'),
});

const staffConsultation = z.object({
  id: z.number().int(),
  agencyId: z.number().int(),
  title: z.string(),
  kind: z.string(),
  marketRelated: z.boolean(),
  state: z.string(),
  startDate: ns,
  endDate: ns,
  shortReason: z.string(),
  publicationId: z.number().int().nullable(),
  feedbackPublished: z.boolean(),
  version: z.number().int(),
});

const feedbackShape = z.object({ received: z.number().int(), adopted: z.number().int(), partly: z.number().int(), notAdopted: z.number().int(), text: z.string(), publishedAt: z.string() });

const summaryShape = {
  id: z.number().int(),
  agency: z.object({ name: z.string(), slug: z.string() }),
  title: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  marketRelated: z.boolean(),
  phase: z.enum(phases).describe('upcoming 即将开始、accepting 征集中、ended 已截止'),
  startDate: ns,
  endDate: ns,
  feedbackPublished: z.boolean(),
  url: z.string(),
};

const publicConsultation = z.object({
  ...summaryShape,
  minimumPeriod: z.string(),
  shortPeriodReason: ns.describe('征集期短于最短期限时的理由'),
  explanation: z.string(),
  commentMethod: z.string(),
  sections: z.array(z.object({ id: z.number().int(), position: z.number().int(), heading: z.string(), body: z.string(), anchor: z.string() })),
  comments: z.array(z.object({ id: z.number().int(), sectionId: z.number().int().nullable(), name: z.string(), body: z.string(), createdAt: z.string() })),
  feedback: feedbackShape.nullable(),
  publication: z.object({ id: z.number().int(), title: z.string(), url: z.string() }).nullable(),
});

const staffComment = z.object({
  id: z.number().int(),
  sectionId: z.number().int().nullable(),
  name: z.string(),
  contact: z.string(),
  body: z.string(),
  status: z.string(),
  rejectReason: ns,
  moderationNote: z.string(),
  createdAt: z.string(),
  moderatedAt: ns,
});

const hearingBody = z.object({
  agencyId: z.number().int().optional().describe('机关编号（新建时必填）'),
  title: z.string(),
  consultationId: z.number().int().nullable().optional(),
  draft: z.string().optional(),
  hearingDate: z.string().nullable().optional(),
  hearingTime: z.string().optional().describe('如 09:30'),
  place: z.string().optional(),
  selectionMethod: z.string().optional().describe('听证参加人遴选办法'),
  participants: z.string().optional().describe('听证参加人名单，每行一人'),
  version: z.number().int().optional().describe('修改时必填'),
});

const materialShape = z.object({ id: z.number().int(), title: z.string(), description: z.string(), sentAt: z.string() });

const staffHearing = z.object({
  id: z.number().int(),
  agencyId: z.number().int(),
  title: z.string(),
  state: z.string(),
  hearingDate: ns,
  hearingTime: z.string(),
  place: z.string(),
  version: z.number().int(),
});

const publicHearing = z.object({
  id: z.number().int(),
  agency: z.object({ name: z.string(), slug: z.string() }),
  title: z.string(),
  draft: z.string(),
  hearingDate: ns,
  hearingTime: z.string(),
  place: z.string(),
  selectionMethod: z.string(),
  participants: z.array(z.string()),
  materials: z.array(materialShape),
  consultationId: z.number().int().nullable(),
  url: z.string(),
});

const staffOf = (r: ConsultationRow) => ({
  id: r.id, agencyId: r.agencyId, title: r.title, kind: r.kind, marketRelated: r.marketRelated === 1, state: r.state, startDate: r.startDate, endDate: r.endDate,
  shortReason: r.shortReason, publicationId: r.publicationId, feedbackPublished: r.feedbackPublishedAt !== null, version: r.version,
});
const staffHearingOf = (h: HearingRow) => ({ id: h.id, agencyId: h.agencyId, title: h.title, state: h.state, hearingDate: h.hearingDate, hearingTime: h.hearingTime, place: h.place, version: h.version });
const materialOf = (m: HearingMaterialRow) => ({ id: m.id, title: m.title, description: m.description, sentAt: m.sentAt });

export async function participationApiRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const abs = (path: string) => `${config.publicUrl}${path}`;
  const kindLabel = (k: string) => CONSULTATION_KINDS[k as ConsultationKind]?.label ?? k;

  // ---------------------------------------------------------------- public

  app.get<{ Querystring: { agency?: string } }>(
    '/api/v1/consultations',
    { config: { access: 'public', doc: { summary: '意见征集列表（正在征集的在前）', tags: TAG, query: z.object({ agency: z.string().optional().describe('机关网址标识或统一社会信用代码') }), response: z.object({ items: z.array(z.object(summaryShape)) }) } } },
    async (req) => {
      let agencyId: number | null = null;
      if (req.query.agency) {
        const a = await findAgencyByCodeOrSlug(db, req.query.agency);
        if (!a) throw notFound('机关');
        agencyId = a.id;
      }
      const items = await service.listPublicConsultations(db, agencyId);
      return {
        items: items.map(({ row, phase, agency }) => ({
          id: row.id, agency: { name: agency.name, slug: agency.slug }, title: row.title, kind: row.kind, kindLabel: kindLabel(row.kind), marketRelated: row.marketRelated === 1,
          phase, startDate: row.startDate, endDate: row.endDate, feedbackPublished: row.feedbackPublishedAt !== null, url: abs(consultationUrl(agency.slug, row.id)),
        })),
      };
    },
  );

  app.get('/api/v1/consultations/:id', { config: { access: 'public', doc: { summary: '意见征集详情：草案章节、已公开的意见、采纳情况', tags: TAG, response: publicConsultation } } }, async (req) => {
    const { id } = parseInput(idParam, req.params);
    const c = await service.getPublicConsultation(db, id);
    const r = c.row;
    return {
      id: r.id, agency: { name: c.agency.name, slug: c.agency.slug }, title: r.title, kind: r.kind, kindLabel: kindLabel(r.kind), marketRelated: r.marketRelated === 1,
      phase: c.phase, startDate: r.startDate, endDate: r.endDate, feedbackPublished: r.feedbackPublishedAt !== null, url: abs(consultationUrl(c.agency.slug, r.id)),
      minimumPeriod: describePeriod(minimumPeriodOf(r.kind as ConsultationKind, r.marketRelated === 1)),
      shortPeriodReason: c.period?.short ? r.shortReason : null,
      explanation: r.explanation,
      commentMethod: r.commentMethod,
      sections: c.sections.map((s) => ({ ...s, anchor: `s-${s.position}` })),
      comments: c.comments,
      feedback: r.feedbackPublishedAt
        ? { received: r.feedbackReceived ?? 0, adopted: r.feedbackAdopted ?? 0, partly: r.feedbackPartly ?? 0, notAdopted: r.feedbackNotAdopted ?? 0, text: r.feedbackText, publishedAt: r.feedbackPublishedAt }
        : null,
      publication: c.publication?.published ? { id: c.publication.id, title: c.publication.title, url: abs(publicationUrl(c.agency.slug, c.publication.id)) } : null,
    };
  });

  app.post(
    '/api/v1/consultations/:id/comments',
    {
      bodyLimit: 64 * 1024,
      config: {
        access: 'public',
        rateLimit: COMMENT_RATE_LIMIT,
        doc: {
          summary: '提交意见（无需登录）；经审核后公开。征集期外提交返回 CONSULTATION_CLOSED',
          tags: TAG,
          body: z.object({
            section: z.number().int().nullable().optional().describe('章节编号；不填为对草案整体的意见'),
            name: z.string().optional().describe('署名，公开显示，可用化名'),
            contact: z.string().optional().describe('联系方式，不公开'),
            body: z.string(),
          }),
          status: 201,
          response: z.object({ id: z.number().int(), status: z.enum(['pending']) }),
        },
      },
    },
    async (req, reply) => {
      const { id } = parseInput(idParam, req.params);
      const body = (req.body ?? {}) as Record<string, unknown>;
      // The honeypot of the form, if a robot sends it here too.
      if (typeof body.website === 'string' && body.website) return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: '请求无效' } });
      return reply.code(201).header('Cache-Control', 'no-store').send(await service.submitComment(db, id, body));
    },
  );

  app.get('/api/v1/hearings/:id', { config: { access: 'public', doc: { summary: '听证会公告：草案、时间地点、遴选办法、参加人名单、送达材料', tags: TAG, response: publicHearing } } }, async (req) => {
    const { id } = parseInput(idParam, req.params);
    const h = await service.getPublicHearing(db, id);
    const r = h.row;
    return {
      id: r.id, agency: { name: h.agency.name, slug: h.agency.slug }, title: r.title, draft: r.draft, hearingDate: r.hearingDate, hearingTime: r.hearingTime, place: r.place,
      selectionMethod: r.selectionMethod, participants: h.participants, materials: h.materials.map(materialOf), consultationId: h.consultation?.id ?? null, url: abs(hearingUrl(h.agency.slug, r.id)),
    };
  });

  // ---------------------------------------------------------------- office

  const MANAGE = 'participation.manage' as const;
  const staffDoc = (summary: string, body?: unknown, status?: number) => ({ summary, tags: TAG, response: staffConsultation, ...(body ? { body } : {}), ...(status ? { status } : {}) });

  app.post('/api/v1/consultations', { config: { access: MANAGE, doc: staffDoc('新建意见征集草稿', consultationBody, 201) } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { agencyId } = parseInput(z.object({ agencyId: intField('机关编号') }), body);
    return reply.code(201).send(staffOf(await service.createConsultation(db, req.actor!, agencyId, body)));
  });

  app.patch('/api/v1/consultations/:id', { config: { access: MANAGE, doc: staffDoc('修改意见征集草稿（发布前）', consultationBody) } }, async (req) =>
    staffOf(await service.updateConsultation(db, req.actor!, parseInput(idParam, req.params).id, req.body)),
  );

  app.post('/api/v1/consultations/:id/open', { config: { access: MANAGE, doc: staffDoc('发布意见征集（检查草案、说明、反馈方式、期限及缩短理由）') } }, async (req) =>
    staffOf(await service.openConsultation(db, req.actor!, parseInput(idParam, req.params).id, req.body ?? {})),
  );

  app.post('/api/v1/consultations/:id/close', { config: { access: MANAGE, doc: staffDoc('结束意见征集（截止日期之后）') } }, async (req) =>
    staffOf(await service.closeConsultation(db, req.actor!, parseInput(idParam, req.params).id)),
  );

  app.get('/api/v1/consultations/:id/comments', { config: { access: MANAGE, doc: { summary: '收到的全部意见（含待审核和联系方式）', tags: TAG, response: z.object({ items: z.array(staffComment) }) } } }, async (req) => {
    const c = await service.getConsultationForOffice(db, req.actor!, parseInput(idParam, req.params).id);
    // The route's permission holds in the consultation's agency, not merely somewhere.
    if (!c.mayManage) throw forbidden('您没有管理该机关意见征集的权限');
    return {
      items: c.comments.map((x) => ({
        id: x.id, sectionId: x.sectionId, name: x.authorName, contact: x.contact, body: x.body, status: x.status, rejectReason: x.rejectReason, moderationNote: x.moderationNote,
        createdAt: x.createdAt, moderatedAt: x.moderatedAt,
      })),
    };
  });

  app.post(
    '/api/v1/consultations/:id/comments/:commentId/moderation',
    {
      config: {
        access: MANAGE,
        doc: {
          summary: '审核意见：公开，或不予公开（须选理由）',
          tags: TAG,
          body: z.object({ decision: z.enum(['approve', 'reject']), reason: z.enum(REJECT_REASON_KEYS).optional(), note: z.string().optional() }),
          response: z.object({ id: z.number().int(), status: z.string(), rejectReason: ns }),
        },
      },
    },
    async (req) => {
      const { id, commentId } = parseInput(z.object({ id: intField('编号'), commentId: intField('意见编号') }), req.params);
      const c = await service.moderateComment(db, req.actor!, id, commentId, req.body);
      return { id: c.id, status: c.status, rejectReason: c.rejectReason };
    },
  );

  app.put(
    '/api/v1/consultations/:id/feedback',
    {
      config: {
        access: MANAGE,
        doc: staffDoc('公布（或更正）意见采纳情况（征集截止后）', z.object({ received: z.number().int(), adopted: z.number().int(), partly: z.number().int(), notAdopted: z.number().int(), text: z.string() })),
      },
    },
    async (req) => staffOf(await service.publishFeedback(db, req.actor!, parseInput(idParam, req.params).id, req.body)),
  );

  app.put(
    '/api/v1/consultations/:id/publication',
    { config: { access: MANAGE, doc: staffDoc('关联形成的决策或文件（该信息须在采纳情况公布后才能发布）', z.object({ publicationId: z.number().int().nullable() })) } },
    async (req) => staffOf(await service.linkPublication(db, req.actor!, parseInput(idParam, req.params).id, req.body)),
  );

  const hearingDoc = (summary: string, body?: unknown, status?: number) => ({ summary, tags: TAG, response: staffHearing, ...(body ? { body } : {}), ...(status ? { status } : {}) });

  app.post('/api/v1/hearings', { config: { access: MANAGE, doc: hearingDoc('新建听证会草稿', hearingBody, 201) } }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { agencyId } = parseInput(z.object({ agencyId: intField('机关编号') }), body);
    return reply.code(201).send(staffHearingOf(await service.createHearing(db, req.actor!, agencyId, body)));
  });

  app.patch('/api/v1/hearings/:id', { config: { access: MANAGE, doc: hearingDoc('修改听证会草稿（发布前）', hearingBody) } }, async (req) =>
    staffHearingOf(await service.updateHearing(db, req.actor!, parseInput(idParam, req.params).id, req.body)),
  );

  app.post('/api/v1/hearings/:id/publish', { config: { access: MANAGE, doc: hearingDoc('发布听证公告（须在听证日之前）') } }, async (req) =>
    staffHearingOf(await service.publishHearing(db, req.actor!, parseInput(idParam, req.params).id)),
  );

  app.post(
    '/api/v1/hearings/:id/materials',
    {
      config: {
        access: MANAGE,
        doc: { summary: '登记向听证参加人送达材料（时间由系统记录；听证会前不足七日的返回 HEARING_MATERIAL_LATE）', tags: TAG, body: z.object({ title: z.string(), description: z.string().optional() }), status: 201, response: materialShape },
      },
    },
    async (req, reply) => reply.code(201).send(materialOf(await service.addMaterial(db, req.actor!, parseInput(idParam, req.params).id, req.body))),
  );
}
