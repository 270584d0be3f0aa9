import { BODY_HEAD_CHARS, catalogSummary, generatedDate } from './publication.directory.js';
import fs from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError, notFound, validationError } from '../../errors.js';
import { intField, parseInput } from '../../lib/validation.js';
import { filesOf, readMultipartBody } from '../../web/multipart.js';
import { LARGE_BODY_LIMIT } from '../../web/core.js';
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
import type { Db } from '../../db/database.js';
import {
  attachmentSchema,
  presentAttachment,
  presentPublication,
  publicationDetailSchema,
  publicationListItemSchema,
  staffListItemSchema,
  staffPublicationSchema,
  withdrawnNoticeSchema,
} from './publication.representation.js';

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

/** The staff view of an item: the working copy with its workflow state, in the one publication representation. */
export async function presentStaff(db: Db, v: service.PublicationView, publicUrl: string) {
  const replacedBy = v.replacedById ? (await query.publicListItemsByIds(db, [v.replacedById]))[0] : undefined;
  return presentPublication(
    {
      ...v,
      url: v.publicUrl,
      keywords: v.keywords ? v.keywords.split('、') : [],
      publishedAt: v.firstPublishedAt,
      revisedAt: v.revisionCount > 1 ? v.lastPublishedAt : null,
      replacedBy: replacedBy ? { id: replacedBy.id, title: replacedBy.title, url: replacedBy.url } : null,
      attachments: v.attachments.map((a) => ({ ...a, url: a.officeUrl })),
      revisions: v.revisions.map((r) => ({ revisionNo: r.revisionNo, publishedAt: r.publishedAt, changeNote: r.changeNote, publishedBy: r.publishedByName })),
      withdrawn: v.publicStatus === 'withdrawn',
      interprets: v.interprets.map((l) => ({ id: l.id, title: l.title, url: l.publicUrl })),
      interpretedBy: v.interpretedBy.map((l) => ({ id: l.id, title: l.title, url: l.publicUrl })),
      // The 目录 fields (Art. 12) as the portal will show them once published.
      catalogSummary: catalogSummary(v.summary, v.body.slice(0, BODY_HEAD_CHARS)).text,
      generatedDate: generatedDate({ writtenDate: v.writtenDate, formedDate: v.formedDate, publishedAt: v.firstPublishedAt }),
      staff: { ...v, department: v.departmentId ? { id: v.departmentId, name: v.departmentName } : null },
    },
    publicUrl,
  );
}

/** The public view of an item, or its withdrawal notice. */
function presentPublic(p: query.PublicPublication | query.WithdrawnNotice, publicUrl: string) {
  if (p.withdrawn) {
    const { reason, at, ...rest } = p;
    return presentPublication({ ...rest, withdrawnAt: at, withdrawalReason: reason }, publicUrl);
  }
  return presentPublication({ ...p, withdrawnAt: null, withdrawalReason: null }, publicUrl);
}

const keyLabel = z.object({ key: z.string(), label: z.string() });
const vocabulariesShape = z.object({
  categories: z.array(z.object({ key: z.string(), label: z.string(), article: z.string(), slug: z.string(), group: z.string() })),
  topics: z.array(keyLabel),
  genres: z.array(keyLabel),
  validity: z.array(keyLabel),
  disclosureAttributes: z.array(keyLabel),
  confidentialityOutcomes: z.array(keyLabel),
  workflowStates: z.array(keyLabel),
});
const workflowShape = z.object({
  initial: z.string(),
  states: z.array(z.object({ key: z.string(), label: z.string(), description: z.string() })),
  transitions: z.array(
    z.object({ action: z.string(), label: z.string(), from: z.array(z.string()), to: z.string(), permission: z.string(), commentRequired: z.boolean(), guard: z.string().nullable() }),
  ),
});

/** Sends a stored attachment with its real type and a Content-Disposition that keeps Chinese names. */
export function sendAttachment(
  reply: FastifyReply,
  dataDir: string,
  file: { sha256: string; mimeType: string; size: number; name: string },
  cache: string,
  disposition: 'attachment' | 'inline' = 'attachment',
) {
  const p = storagePath(dataDir, file.sha256);
  if (!fs.existsSync(p)) throw notFound('附件文件');
  return reply
    .type(file.mimeType)
    .header('Content-Length', String(file.size))
    .header('Content-Disposition', contentDisposition(safeFileName(file.name), disposition))
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "default-src 'none'; sandbox")
    .header('Cache-Control', cache)
    .header('ETag', `"${file.sha256}"`)
    .send(fs.createReadStream(p));
}

/** A name a browser may save under: no path separators, control or reserved characters. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').replace(/^\.+/, '').trim();
  return cleaned || 'file';
}

/**
 * Types a browser shows itself: sent inline so a phone previews a PDF rather than
 * only saving it. The type is the one found from the file's bytes at upload, and
 * the answer carries nosniff and a sandboxing CSP, so "inline" cannot run anything.
 */
export const INLINE_TYPES: ReadonlySet<string> = new Set(['application/pdf', 'image/png', 'image/jpeg']);

export async function publicationApiRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const files = { dataDir: config.dataDir, maxUploadBytes: config.maxUploadBytes };

  app.get(
    '/api/v1/categories',
    { config: { access: 'public', doc: { summary: '公开类别、主题分类、体裁分类、有效性、公开属性等词表', tags: ['信息公开'], response: vocabulariesShape } } },
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
    { config: { access: 'public', doc: { summary: '信息发布审核流程（状态与操作）', tags: ['信息公开'], response: workflowShape } } },
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
          response: z.object({ items: z.array(z.union([publicationListItemSchema, staffListItemSchema])).describe('公开列表为已发布信息；带 state 时为本机关稿件（含流程字段）'), total: z.number().int() }),
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
        const issuers = await service.issuersOf(db, r.items.map((i) => i.id));
        return {
          items: r.items.map((i) =>
            presentPublication(
              {
                ...i,
                url: i.publicStatus === 'none' ? null : query.publicationUrl(i.agencySlug, i.id),
                issuers: issuers.get(i.id) ?? [],
                publishedAt: i.firstPublishedAt,
                revisedAt: i.revisionCount > 1 ? i.lastPublishedAt : null,
                staff: { ...i, department: i.departmentId ? { id: i.departmentId, name: i.departmentName } : null },
              },
              config.publicUrl,
            ),
          ),
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
      return { items: r.items.map((i) => presentPublication(i, config.publicUrl)), total: r.total };
    },
  );

  app.get(
    '/api/v1/publications/:id',
    { config: { access: 'public', doc: {
          summary: '信息详情（正文与全部元数据）；工作人员可查看本机关稿件',
          tags: ['信息公开'],
          response: z.union([publicationDetailSchema, withdrawnNoticeSchema, staffPublicationSchema]),
        } } },
    async (req) => {
      const { id } = parseInput(idParam, req.params);
      if (req.actor && (await service.canRead(db, req.actor, id))) {
        return presentStaff(db, await service.getPublication(db, req.actor, id), config.publicUrl);
      }
      const pub = await query.getPublicPublicationById(db, id);
      if (!pub) throw notFound('信息');
      return presentPublic(pub, config.publicUrl);
    },
  );

  app.post(
    '/api/v1/publications',
    { bodyLimit: LARGE_BODY_LIMIT, config: { access: 'publication.draft', doc: { summary: '新建信息草稿', tags: ['信息公开'], body: publicationCreateInput, status: 201, response: staffPublicationSchema } } },
    async (req, reply) => {
      const v = await service.createDraft(db, req.actor!, req.body);
      return reply.code(201).send(await presentStaff(db, v, config.publicUrl));
    },
  );

  app.patch(
    '/api/v1/publications/:id',
    {
      bodyLimit: LARGE_BODY_LIMIT,
      config: {
        access: 'publication.read',
        doc: { summary: '修改信息稿件（须带 version；草稿、退回修改由编辑修改，待审核由办公室修改）', tags: ['信息公开'], body: publicationUpdateInput, response: staffPublicationSchema },
      },
    },
    async (req) => {
      const { id } = parseInput(idParam, req.params);
      return presentStaff(db, await service.updateDraft(db, req.actor!, id, req.body), config.publicUrl);
    },
  );

  app.post(
    '/api/v1/publications/:id/save-and-submit',
    {
      bodyLimit: LARGE_BODY_LIMIT,
      config: {
        access: 'publication.draft',
        doc: {
          summary: '保存并提交审核（一个事务：提交不成功时修改也不保存）',
          description: '请求体同“修改信息稿件”（须带 version），可另带 comment 作为提交说明。',
          tags: ['信息公开'],
          body: publicationUpdateInput.extend({ comment: z.string().max(2000).optional() }),
          response: staffPublicationSchema,
        },
      },
    },
    async (req) => {
      const { id } = parseInput(idParam, req.params);
      return presentStaff(db, await service.saveAndSubmit(db, req.actor!, id, req.body, { dataDir: config.dataDir }), config.publicUrl);
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
          response: staffPublicationSchema,
        },
      },
    },
    async (req) => {
      const { id } = parseInput(idParam, req.params);
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (body.action === 'approve_publish') {
        return presentStaff(db, await service.approveAndPublish(db, req.actor!, id, { ...body, action: 'approve' }, { dataDir: config.dataDir }), config.publicUrl);
      }
      return presentStaff(db, await service.transition(db, req.actor!, id, req.body, { dataDir: config.dataDir }), config.publicUrl);
    },
  );

  app.post(
    '/api/v1/publications/:id/findings/confirm',
    {
      config: {
        access: 'publication.review',
        doc: { summary: '确认筛查结果（审核人逐项确认后方可发布）', tags: ['信息公开'], body: z.object({ ids: z.array(z.number().int()), note: z.string().max(2000).optional() }), response: staffPublicationSchema },
      },
    },
    async (req) => {
      const { id } = parseInput(idParam, req.params);
      const body = parseInput(z.object({ ids: z.array(intField('筛查结果')).min(1, '请选择要确认的筛查结果').max(500), note: z.string().max(2000).optional() }), req.body);
      await service.confirmFindings(db, req.actor!, id, body.ids, body.note ?? '');
      return presentStaff(db, await service.getPublication(db, req.actor!, id), config.publicUrl);
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
          status: 201,
          response: attachmentSchema,
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
      return reply.code(201).send(presentAttachment({ ...a, url: a.officeUrl }, config.publicUrl));
    },
  );

  app.delete(
    '/api/v1/publications/:id/attachments/:attachmentId',
    { config: { access: 'publication.read', doc: { summary: '从稿件中删除附件', tags: ['信息公开'], status: 204 } } },
    async (req, reply) => {
      const { id, attachmentId } = parseInput(idParam.extend({ attachmentId: intField('附件编号') }), req.params);
      await service.removeAttachment(db, req.actor!, id, attachmentId, { dataDir: config.dataDir });
      return reply.code(204).send();
    },
  );

  // Public download of an attachment of a published item.
  // PDFs and pictures open in the browser; `?download=1` (the item page's 下载 link) saves them.
  app.get<{ Querystring: { download?: string } }>('/files/:id', { config: { access: 'public' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const file = await query.publicAttachment(db, id);
    if (!file) throw notFound('附件');
    const inline = INLINE_TYPES.has(file.mimeType) && req.query.download === undefined;
    if (req.headers['if-none-match'] === `"${file.sha256}"`) return reply.code(304).send();
    return sendAttachment(reply, config.dataDir, file, 'public, max-age=300', inline ? 'inline' : 'attachment');
  });

  // Staff download, before publication too.
  app.get('/office/attachments/:id', { config: { access: 'publication.read' } }, async (req, reply) => {
    const { id } = parseInput(idParam, req.params);
    const file = await service.attachmentForStaff(db, req.actor!, id);
    return sendAttachment(reply, config.dataDir, file, 'private, no-store');
  });
}
