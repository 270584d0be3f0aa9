import fs from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError, notFound, validationError } from '../../errors.js';
import { intField, parseInput } from '../../lib/validation.js';
import { filesOf, readMultipartBody } from '../../web/multipart.js';
import { authorize } from '../access/policy.js';
import {
  DISCLOSURE_ATTRIBUTES,
  DISCLOSURE_CATEGORIES,
  DISCLOSURE_CATEGORY_KEYS,
  GENRES,
  GENRE_KEYS,
  TOPICS,
  TOPIC_KEYS,
  VALIDITY,
  VALIDITY_KEYS,
  type Validity,
} from './categories.js';
import { contentDisposition, storagePath } from '../files/files.js';
import { CONFIDENTIALITY_OUTCOMES, publicationCreateInput, publicationUpdateInput, transitionInput } from './publication.js';
import * as query from './publication.query.js';
import * as service from './publication.service.js';
import { WORKFLOW, WORKFLOW_STATE_KEYS, isWorkflowState, type WorkflowState } from './publication.workflow.js';
import { getAgencyBySlug } from '../agencies/agency.service.js';

const idParam = z.object({ id: intField('编号') });

const optionalInt = (label: string) => z.preprocess((v) => (v === '' || v == null ? undefined : v), intField(label).optional());

export const publicationListQuery = z.object({
  agencyId: optionalInt('机关'),
  agency: z.string().max(40).optional().describe('机关网址标识，例如 fgj'),
  category: z
    .string()
    .max(400)
    .optional()
    .describe('公开类别，可用逗号分隔多个')
    .refine((v) => !v || v.split(',').every((c) => (DISCLOSURE_CATEGORY_KEYS as string[]).includes(c.trim())), '未知的公开类别'),
  topic: z.enum(TOPIC_KEYS as [string, ...string[]], { message: '未知的主题分类' }).optional(),
  genre: z.enum(GENRE_KEYS as [string, ...string[]], { message: '未知的体裁分类' }).optional(),
  year: z.preprocess((v) => (v === '' || v == null ? undefined : v), intField('年份').pipe(z.number().min(1990, '年份不正确').max(2999, '年份不正确')).optional()),
  validity: z.enum(VALIDITY_KEYS as [Validity, ...Validity[]], { message: '未知的有效性' }).optional(),
  q: z.string().max(100, '检索词不能超过 100 个字').optional(),
  page: z.preprocess((v) => (v === '' || v == null ? 1 : v), intField('页码').pipe(z.number().min(1, '页码从 1 开始').max(100_000))),
  pageSize: z.preprocess((v) => (v === '' || v == null ? 20 : v), intField('每页条数').pipe(z.number().min(1).max(100, '每页最多 100 条'))),
  sort: z.enum(['date', 'title'], { message: '排序应为 date 或 title' }).default('date'),
  state: z
    .string()
    .max(200)
    .optional()
    .describe('工作人员：按流程状态列出稿件（逗号分隔），需登录')
    .refine((v) => !v || v.split(',').every((s) => isWorkflowState(s.trim())), '未知的流程状态'),
});

function presentListItem(i: query.PublicListItem, publicUrl: string) {
  return {
    id: i.id,
    indexNumber: i.indexNumber,
    title: i.title,
    summary: i.summary,
    catalogSummary: i.catalogSummary,
    agency: { id: i.agencyId, slug: i.agencySlug, name: i.agencyName },
    issuers: i.issuers.map((x) => x.name),
    category: i.category,
    categoryLabel: DISCLOSURE_CATEGORIES[i.category as keyof typeof DISCLOSURE_CATEGORIES]?.label ?? i.category,
    topic: i.topic,
    genre: i.genre,
    documentNumber: i.documentNumber,
    validity: i.validity,
    writtenDate: i.writtenDate,
    generatedDate: i.generatedDate,
    publishedAt: i.publishedAt,
    revisedAt: i.revisedAt,
    url: `${publicUrl}${i.url}`,
  };
}

function presentPublic(p: query.PublicPublication | query.WithdrawnNotice, publicUrl: string) {
  if (p.withdrawn) {
    return { id: p.id, withdrawn: true, title: p.title, indexNumber: p.indexNumber, reason: p.reason, withdrawnAt: p.at, agency: { id: p.agencyId, slug: p.agencySlug, name: p.agencyName }, url: `${publicUrl}${p.url}` };
  }
  return {
    ...presentListItem(p, publicUrl),
    withdrawn: false,
    body: p.body,
    formedDate: p.formedDate,
    keywords: p.keywords,
    disclosureAttribute: p.disclosureAttribute,
    validityDate: p.validityDate,
    replacedBy: p.replacedBy ? { ...p.replacedBy, url: `${publicUrl}${p.replacedBy.url}` } : null,
    replacedByUrl: p.replacedByUrl || null,
    revisionNo: p.revisionNo,
    revisions: p.revisions,
    attachments: p.attachments.map((a) => ({ ...a, url: `${publicUrl}${a.url}` })),
  };
}

/** The staff view of an item: the working copy with its workflow state, plus what the public sees. */
export function presentStaff(v: service.PublicationView, publicUrl: string) {
  return {
    id: v.id,
    agency: { id: v.agencyId, slug: v.agencySlug, name: v.agencyName },
    department: v.departmentId ? { id: v.departmentId, name: v.departmentName } : null,
    state: v.state,
    stateLabel: WORKFLOW.states[v.state as WorkflowState]?.label ?? v.state,
    publicStatus: v.publicStatus,
    indexNumber: v.indexNumber,
    title: v.title,
    summary: v.summary,
    body: v.body,
    documentNumber: v.documentNumber,
    writtenDate: v.writtenDate,
    formedDate: v.formedDate,
    category: v.category,
    topic: v.topic,
    genre: v.genre,
    keywords: v.keywords ? v.keywords.split('、') : [],
    disclosureAttribute: v.disclosureAttribute,
    disclosureBasis: v.disclosureBasis,
    documentKind: v.documentKind,
    changeNote: v.changeNote,
    issuers: v.issuers,
    attachments: v.attachments.map((a) => ({ id: a.id, name: a.name, size: a.size, mimeType: a.mimeType, url: `${publicUrl}${a.officeUrl}` })),
    validity: v.validity,
    validityDate: v.validityDate,
    replacedById: v.replacedById,
    replacedByUrl: v.replacedByUrl || null,
    scheduledAt: v.scheduledAt,
    submittedAt: v.submittedAt,
    publishedAt: v.firstPublishedAt,
    revisedAt: v.revisionCount > 1 ? v.lastPublishedAt : null,
    revisionCount: v.revisionCount,
    withdrawnAt: v.withdrawnAt,
    withdrawalReason: v.withdrawalReason || null,
    timeliness: { status: v.timeliness.status, deadline: v.timeliness.deadline, provisional: v.timeliness.provisional, workdaysLeft: v.timeliness.workdaysLeft },
    findings: v.findings.map((f) => ({
      id: f.id,
      source: f.sourceLabel,
      kind: f.kind,
      label: f.label,
      severity: f.severity,
      excerpt: f.excerpt,
      suggestion: f.suggestion,
      confirmedBy: f.confirmedByName,
      confirmedAt: f.confirmedAt,
    })),
    reviews: v.reviews.map((r) => ({
      step: r.step,
      decision: r.decision,
      confidentiality: r.confidentiality || null,
      comment: r.comment,
      reviewer: r.reviewerName,
      at: r.createdAt,
      revisionNo: r.revisionNo,
    })),
    revisions: v.revisions.map((r) => ({ revisionNo: r.revisionNo, publishedAt: r.publishedAt, publishedBy: r.publishedByName, changeNote: r.changeNote })),
    url: v.publicUrl ? `${publicUrl}${v.publicUrl}` : null,
    version: v.version,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

const listItemShape = z.object({
  id: z.number(),
  indexNumber: z.string(),
  title: z.string(),
  // The public list's 目录 fields (Art. 12); a staff list by `state` does not carry them.
  summary: z.string().optional().describe('内容概述（机关填写的；未填写时为空）'),
  catalogSummary: z.string().optional().describe('政府信息公开目录所列的内容概述（《条例》第十二条）：机关填写的内容概述；未填写时为正文前 80 字'),
  agency: z.object({ id: z.number(), slug: z.string(), name: z.string() }),
  category: z.string(),
  writtenDate: z.string().optional().describe('成文日期，YYYY-MM-DD'),
  generatedDate: z.string().optional().describe('生成日期（《条例》第十二条），YYYY-MM-DD：成文日期；没有成文日期的取形成或变更日期，再没有的取发布日期'),
  publishedAt: z.string(),
  url: z.string(),
});

/** Sends a stored attachment with its real type and a Content-Disposition that keeps Chinese names. */
export function sendAttachment(reply: FastifyReply, dataDir: string, file: { sha256: string; mimeType: string; size: number; name: string }, cache: string) {
  const p = storagePath(dataDir, file.sha256);
  if (!fs.existsSync(p)) throw notFound('附件文件');
  return reply
    .type(file.mimeType)
    .header('Content-Length', String(file.size))
    .header('Content-Disposition', contentDisposition(file.name))
    .header('Content-Security-Policy', "default-src 'none'; sandbox")
    .header('Cache-Control', cache)
    .header('ETag', `"${file.sha256}"`)
    .send(fs.createReadStream(p));
}

export async function publicationApiRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const files = { dataDir: config.dataDir, maxUploadBytes: config.maxUploadBytes };

  app.get(
    '/api/v1/categories',
    { config: { access: 'public', doc: { summary: '公开类别、主题分类、体裁分类、有效性、公开属性等词表', tags: ['信息公开'] } } },
    async () => ({
      categories: DISCLOSURE_CATEGORY_KEYS.map((key) => ({ key, ...DISCLOSURE_CATEGORIES[key] })),
      topics: Object.entries(TOPICS).map(([key, label]) => ({ key, label })),
      genres: Object.entries(GENRES).map(([key, label]) => ({ key, label })),
      validity: Object.entries(VALIDITY).map(([key, label]) => ({ key, label })),
      disclosureAttributes: Object.entries(DISCLOSURE_ATTRIBUTES).map(([key, label]) => ({ key, label })),
      confidentialityOutcomes: Object.entries(CONFIDENTIALITY_OUTCOMES).map(([key, v]) => ({ key, label: v.label })),
      workflowStates: WORKFLOW_STATE_KEYS.map((key) => ({ key, label: WORKFLOW.states[key].label })),
    }),
  );

  app.get(
    '/api/v1/workflow',
    { config: { access: 'public', doc: { summary: '信息发布审核流程（状态与操作）', tags: ['信息公开'] } } },
    async () => ({
      initial: WORKFLOW.initial,
      states: WORKFLOW_STATE_KEYS.map((key) => ({ key, label: WORKFLOW.states[key].label, description: WORKFLOW.states[key].description })),
      transitions: WORKFLOW.transitions.map((t) => ({ action: t.action, label: t.label, from: t.from, to: t.to, permission: t.permission, commentRequired: t.comment === 'required', guard: t.guard ?? null })),
    }),
  );

  app.get(
    '/api/v1/publications',
    {
      config: {
        access: 'public',
        doc: {
          summary: '已发布信息列表（可按机关、类别、主题、年份、有效性筛选，分页）；登录后带 state 可列出本机关稿件',
          tags: ['信息公开'],
          query: publicationListQuery,
          response: z.object({ items: z.array(listItemShape), total: z.number() }),
        },
      },
    },
    async (req) => {
      const q = parseInput(publicationListQuery, req.query);
      let agencyId = q.agencyId;
      if (q.agency) {
        const a = await getAgencyBySlug(db, q.agency);
        if (!a) throw validationError({ agency: '没有这个机关' });
        agencyId = a.id;
      }
      if (q.state) {
        authorize(req.actor, 'publication.read');
        const r = await service.listForOffice(db, req.actor, {
          agencyId,
          states: q.state.split(',').map((s) => s.trim()) as WorkflowState[],
          category: q.category,
          q: q.q,
          page: q.page,
          pageSize: q.pageSize,
        });
        return {
          items: r.items.map((i) => ({
            id: i.id,
            indexNumber: i.indexNumber,
            title: i.title,
            agency: { id: i.agencyId, slug: i.agencySlug, name: i.agencyName },
            department: i.departmentName,
            category: i.category,
            state: i.state,
            publishedAt: i.firstPublishedAt,
            updatedAt: i.updatedAt,
            url: `${config.publicUrl}/api/v1/publications/${i.id}`,
          })),
          total: r.total,
        };
      }
      const r = await query.listPublished(db, {
        agencyId,
        categories: q.category ? q.category.split(',').map((c) => c.trim()) : undefined,
        topic: q.topic,
        genre: q.genre,
        year: q.year,
        validity: q.validity,
        q: q.q,
        page: q.page,
        pageSize: q.pageSize,
        sort: q.sort,
      });
      return { items: r.items.map((i) => presentListItem(i, config.publicUrl)), total: r.total };
    },
  );

  app.get(
    '/api/v1/publications/:id',
    { config: { access: 'public', doc: { summary: '信息详情（正文与全部元数据）；工作人员可查看本机关稿件', tags: ['信息公开'] } } },
    async (req) => {
      const { id } = parseInput(idParam, req.params);
      if (req.actor && (await service.canRead(db, req.actor, id))) {
        return presentStaff(await service.getPublication(db, req.actor, id), config.publicUrl);
      }
      const pub = await query.getPublicPublicationById(db, id);
      if (!pub) throw notFound('信息');
      return presentPublic(pub, config.publicUrl);
    },
  );

  app.post(
    '/api/v1/publications',
    { config: { access: 'publication.draft', doc: { summary: '新建信息草稿', tags: ['信息公开'], body: publicationCreateInput } } },
    async (req, reply) => {
      const v = await service.createDraft(db, req.actor!, req.body);
      return reply.code(201).send(presentStaff(v, config.publicUrl));
    },
  );

  app.patch(
    '/api/v1/publications/:id',
    {
      config: {
        access: 'publication.read',
        doc: { summary: '修改信息稿件（须带 version；草稿、退回修改由编辑修改，待审核由办公室修改）', tags: ['信息公开'], body: publicationUpdateInput },
      },
    },
    async (req) => {
      const { id } = parseInput(idParam, req.params);
      return presentStaff(await service.updateDraft(db, req.actor!, id, req.body), config.publicUrl);
    },
  );

  app.post(
    '/api/v1/publications/:id/save-and-submit',
    {
      config: {
        access: 'publication.draft',
        doc: {
          summary: '保存并提交审核（一个事务：提交不成功时修改也不保存）',
          description: '请求体同“修改信息稿件”（须带 version），可另带 comment 作为提交说明。',
          tags: ['信息公开'],
          body: publicationUpdateInput.extend({ comment: z.string().max(2000).optional() }),
        },
      },
    },
    async (req) => {
      const { id } = parseInput(idParam, req.params);
      return presentStaff(await service.saveAndSubmit(db, req.actor!, id, req.body, { dataDir: config.dataDir }), config.publicUrl);
    },
  );

  app.post(
    '/api/v1/publications/:id/transitions',
    {
      config: {
        access: 'publication.read',
        doc: {
          summary: '流程操作：submit、approve、reject、publish、schedule、unschedule、revise、cancel_revision、discard、withdraw、set_validity，以及 approve_publish（审核通过并发布，一个事务）',
          description:
            '办公室审核通过（approve）须带 confidentiality（保密审查结论）；reject 与 withdraw 须带 comment；schedule 须带 scheduledAt；set_validity 须带 validity（失效、废止另须 validityDate）。confirmFindings 可同时确认筛查结果。',
          tags: ['信息公开'],
          body: transitionInput.extend({ confirmFindings: z.array(z.number().int()).optional() }),
        },
      },
    },
    async (req) => {
      const { id } = parseInput(idParam, req.params);
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (body.action === 'approve_publish') {
        return presentStaff(await service.approveAndPublish(db, req.actor!, id, { ...body, action: 'approve' }, { dataDir: config.dataDir }), config.publicUrl);
      }
      return presentStaff(await service.transition(db, req.actor!, id, req.body, { dataDir: config.dataDir }), config.publicUrl);
    },
  );

  app.post(
    '/api/v1/publications/:id/findings/confirm',
    {
      config: {
        access: 'publication.review',
        doc: { summary: '确认筛查结果（审核人逐项确认后方可发布）', tags: ['信息公开'], body: z.object({ ids: z.array(z.number().int()), note: z.string().max(2000).optional() }) },
      },
    },
    async (req) => {
      const { id } = parseInput(idParam, req.params);
      const body = parseInput(z.object({ ids: z.array(intField('筛查结果')).min(1, '请选择要确认的筛查结果').max(500), note: z.string().max(2000).optional() }), req.body);
      await service.confirmFindings(db, req.actor!, id, body.ids, body.note ?? '');
      return presentStaff(await service.getPublication(db, req.actor!, id), config.publicUrl);
    },
  );

  app.post(
    '/api/v1/publications/:id/attachments',
    {
      preValidation: readMultipartBody,
      config: {
        access: 'publication.read',
        doc: {
          summary: '上传附件（multipart/form-data，字段 file，可选 name）：PDF、OFD、Word、Excel、图片；类型按文件内容判断',
          tags: ['信息公开'],
        },
      },
    },
    async (req, reply) => {
      const { id } = parseInput(idParam, req.params);
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传，文件字段名为 file');
      const file = filesOf(req.body).find((f) => f.fieldname === 'file');
      if (!file) throw validationError({ file: '请选择要上传的文件' });
      const name = (req.body as Record<string, unknown>).name;
      const a = await service.addAttachment(db, files, req.actor!, id, { bytes: file.bytes, filename: file.filename, name: typeof name === 'string' ? name : undefined });
      return reply.code(201).send({ ...a, url: `${config.publicUrl}${a.officeUrl}` });
    },
  );

  app.delete(
    '/api/v1/publications/:id/attachments/:attachmentId',
    { config: { access: 'publication.read', doc: { summary: '从稿件中删除附件', tags: ['信息公开'] } } },
    async (req, reply) => {
      const { id, attachmentId } = parseInput(idParam.extend({ attachmentId: intField('附件编号') }), req.params);
      await service.removeAttachment(db, req.actor!, id, attachmentId, { dataDir: config.dataDir });
      return reply.code(204).send();
    },
  );

  // Public download of an attachment of a published item.
  app.get('/files/:id', { config: { access: 'public' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const file = await query.publicAttachment(db, id);
    if (!file) throw notFound('附件');
    if (req.headers['if-none-match'] === `"${file.sha256}"`) return reply.code(304).send();
    return sendAttachment(reply, config.dataDir, file, 'public, max-age=300');
  });

  // Staff download, before publication too.
  app.get('/office/attachments/:id', { config: { access: 'publication.read' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const file = await service.attachmentForStaff(db, req.actor!, id);
    return sendAttachment(reply, config.dataDir, file, 'private, no-store');
  });
}
