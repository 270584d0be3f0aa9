/**
 * /api/v1/standard-catalogs: an agency's standard catalog (public), its rows
 * (staff with 管理栏目), a sheet import (the XLSX as the request body), and filing a
 * publication under a row.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound, validationError } from '../../errors.js';
import { intField, parseInput } from '../../lib/validation.js';
import { findAgencyByCodeOrSlug } from '../agencies/agency.service.js';
import * as service from './standard-catalog.service.js';
import { SHEET_LIMITS } from './standard-catalog.sheet.js';
import { rowInput, timeRuleText, type CatalogRow } from './standard-catalog.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const timeRuleShape = z.union([
  z.object({ kind: z.literal('realtime') }),
  z.object({ kind: z.literal('timely') }),
  z.object({ kind: z.literal('wd_from_formed'), n: z.number().int() }),
  z.object({ kind: z.literal('wd_from_decision'), n: z.number().int() }),
  z.object({ kind: z.literal('annual_by'), date: z.string() }),
  z.object({ kind: z.literal('with_notice'), notice: z.string() }),
]);

export const rowShape = z.object({
  id: z.number().int(),
  agencyId: z.number().int(),
  domain: z.string(),
  level1: z.string(),
  level2: z.string(),
  level3: z.string(),
  elements: z.array(z.string()),
  basis: z.array(z.object({ title: z.string(), url: z.string() })),
  timeRule: timeRuleShape,
  timeRuleText: z.string().describe('公开时限，按标准目录的写法'),
  subject: z.string(),
  subjectAgencyId: z.number().int().nullable(),
  channels: z.array(z.object({ name: z.string(), required: z.boolean() })),
  audience: z.enum(['all', 'specific']),
  audienceGroup: z.string(),
  mode: z.enum(['proactive', 'on_request']),
  levels: z.array(z.enum(['county', 'township'])),
  columnKey: z.string().nullable(),
  sortOrder: z.number().int(),
  version: z.number().int(),
});

const catalogShape = z.object({
  agency: z.object({ id: z.number().int(), slug: z.string(), name: z.string() }),
  rows: z.array(rowShape),
  assigned: z.array(rowShape.extend({ ownerName: z.string() })),
});

export const rowJson = (r: CatalogRow) => ({
  id: r.id,
  agencyId: r.agencyId,
  domain: r.domain,
  level1: r.level1,
  level2: r.level2,
  level3: r.level3,
  elements: r.elements,
  basis: r.basis,
  timeRule: r.timeRule,
  timeRuleText: timeRuleText(r.timeRule),
  subject: r.subject,
  subjectAgencyId: r.subjectAgencyId,
  channels: r.channels,
  audience: r.audience,
  audienceGroup: r.audienceGroup,
  mode: r.mode,
  levels: r.levels,
  columnKey: r.columnKey,
  sortOrder: r.sortOrder,
  version: r.version,
});

const idParam = z.object({ id: intField('编号') });
const ACCESS = 'catalog.manage' as const;
const TAGS = ['标准目录'];

export async function standardCatalogApiRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: SHEET_LIMITS.maxBytes + 1024 }, (_req, body, done) => done(null, body));

  async function agencyOf(key: string) {
    const a = await findAgencyByCodeOrSlug(db, key);
    if (!a) throw notFound('机关');
    return a;
  }

  app.get<{ Params: { agency: string } }>(
    '/api/v1/standard-catalogs/:agency',
    { config: { access: 'public', doc: { summary: '机关的基层政务公开标准目录：本机关编制的事项，以及其他机关目录中公开主体为本机关的事项', tags: TAGS, response: catalogShape } } },
    async (req) => {
      const a = await agencyOf(req.params.agency);
      const c = await service.getCatalog(db, a.id);
      return { agency: { id: a.id, slug: a.slug, name: a.name }, rows: c.rows.map(rowJson), assigned: c.assigned.map((r) => ({ ...rowJson(r), ownerName: r.ownerName })) };
    },
  );

  app.post<{ Params: { agency: string } }>(
    '/api/v1/standard-catalogs/:agency/rows',
    { config: { access: ACCESS, doc: { summary: '新增标准目录事项', tags: TAGS, body: rowInput, response: rowShape, status: 201 } } },
    async (req, reply) => {
      const a = await agencyOf(req.params.agency);
      return reply.code(201).send(rowJson(await service.createRow(db, req.actor!, a.id, req.body)));
    },
  );

  app.put(
    '/api/v1/standard-catalogs/rows/:id',
    { config: { access: ACCESS, doc: { summary: '修改标准目录事项（须带 version）', tags: TAGS, body: rowInput.and(z.object({ version: z.number().int() })), response: rowShape } } },
    async (req) => rowJson(await service.updateRow(db, req.actor!, parseInput(idParam, req.params).id, req.body)),
  );

  app.delete(
    '/api/v1/standard-catalogs/rows/:id',
    { config: { access: ACCESS, doc: { summary: '删除标准目录事项（查询参数 version）', tags: TAGS, query: z.object({ version: z.number().int() }), status: 204 } } },
    async (req, reply) => {
      await service.deleteRow(db, req.actor!, parseInput(idParam, req.params).id, req.query);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { agency: string } }>(
    '/api/v1/standard-catalogs/:agency/import',
    {
      bodyLimit: SHEET_LIMITS.maxBytes + 1024,
      config: {
        access: ACCESS,
        doc: {
          summary: '导入一个领域的标准目录（请求体为 XLSX 文件，Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）。列须与标准目录一致，否则返回 422 CATALOG_COLUMNS_INVALID 并列出无法识别和缺少的列；任一行有误则整份不导入',
          description: '表格格式与 /{agency}/zfxxgk/bzml/{领域}.xlsx 导出的相同：第1行标题“××领域基层政务公开标准目录”，第2、3行为表头。已有的事项（一级、二级、三级事项相同）保留其栏目和归入的信息。',
          tags: TAGS,
          response: z.object({ domain: z.string(), added: z.number().int(), updated: z.number().int(), removed: z.number().int() }),
        },
      },
    },
    async (req) => {
      const a = await agencyOf(req.params.agency);
      if (!Buffer.isBuffer(req.body)) throw validationError({ file: `请以 ${XLSX_TYPE} 上传 XLSX 文件` });
      return service.importSheet(db, req.actor!, a.id, req.body);
    },
  );

  app.put(
    '/api/v1/standard-catalogs/links/:id',
    {
      config: {
        access: ACCESS,
        doc: {
          summary: '把一条信息（编号 id）归入本机关标准目录的一个事项（rowId），或取消归入（rowId 为 null）；归入后按该事项的公开时限计算期限',
          tags: TAGS,
          body: z.object({ rowId: z.number().int().nullable() }),
          response: z.object({ publicationId: z.number().int(), rowId: z.number().int().nullable() }),
        },
      },
    },
    async (req) => service.linkPublication(db, req.actor!, parseInput(idParam, req.params).id, req.body),
  );
}
