/**
 * The JSON API of price and fee lists: the public reads without an account (an
 * agency's lists on a date with every item's published versions, the bulletin
 * notice of a list), and the office's one write with a token: proposing a change,
 * which drafts its announcement for the review workflow.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../errors.js';
import { intField, parseInput } from '../../lib/validation.js';
import { getAgencyBySlug } from '../agencies/agency.service.js';
import { FEE_CHANGE_KIND_KEYS, FEE_CHANGE_STATES, FEE_LISTS, FEE_LIST_KEYS, FEE_STATUSES, feeItemPath, statusOn, type FeeList } from './fee.js';
import * as service from './fee.service.js';

const basisShape = z.object({ title: z.string(), number: z.string().describe('文号'), url: z.string() });
const versionShape = z.object({
  versionNo: z.number().int(),
  kind: z.enum(FEE_CHANGE_KIND_KEYS as [string, ...string[]]),
  status: z.enum(Object.keys(FEE_STATUSES) as [string, ...string[]]),
  name: z.string(),
  basis: z.array(basisShape),
  standard: z.string().describe('标准原文，如“每立方米 2.80 元”'),
  amount: z.string().nullable().describe('金额（十进制文本），仅用于排序'),
  amountUnit: z.string(),
  collectingUnit: z.string().describe('收费（执行）单位'),
  validFrom: z.string(),
  validTo: z.string().nullable().describe('null 为长期有效'),
  notes: z.string(),
  reason: z.string(),
  writtenDate: z.string().describe('成文日期'),
  effectiveDate: z.string().describe('生效日期'),
  publishedAt: z.string().nullable(),
  announcementUrl: z.string().nullable().describe('变更公告的公开网址'),
});
const itemShape = z.object({
  id: z.number().int(),
  name: z.string(),
  url: z.string(),
  statusLabel: z.string().describe('在所查日期的状态（有效、已停征、已废止、已过有效期）'),
  current: versionShape.describe('在所查日期执行的版本'),
  upcoming: z.array(versionShape).describe('已公布、尚未生效的版本'),
  versions: z.array(versionShape).describe('全部已公布版本，新的在前'),
});
const listsShape = z.object({
  agency: z.object({ id: z.number().int(), slug: z.string(), name: z.string() }),
  date: z.string().describe('清单所对应的日期'),
  lists: z.array(z.object({ key: z.enum(FEE_LIST_KEYS as [string, ...string[]]), label: z.string(), items: z.array(itemShape), announced: z.array(itemShape.omit({ current: true, statusLabel: true })) })),
});
const noticeShape = z.object({ title: z.string(), sections: z.array(z.object({ heading: z.string(), text: z.string() })), pageUrl: z.string(), agencyId: z.number().int() });
const changeBody = z.object({
  agencyId: z.number().int(),
  kind: z.enum(FEE_CHANGE_KIND_KEYS as [string, ...string[]]),
  list: z.enum(FEE_LIST_KEYS as [string, ...string[]]).optional().describe('新增时必填'),
  itemId: z.number().int().optional().describe('调整、停征、废止、恢复时必填'),
  version: z.number().int().optional().describe('项目的 version，防止覆盖他人的变更'),
  reason: z.string(),
  writtenDate: z.string().describe('成文日期，不晚于今天'),
  effectiveDate: z.string().describe('生效日期，不早于成文日期和现行版本的生效日期'),
  documentNumber: z.string().optional().describe('公告文号'),
  name: z.string().optional().describe('项目名称（新增时必填，调整时不可更改）'),
  basis: z.array(z.object({ title: z.string(), number: z.string().optional(), url: z.string().optional() })).optional(),
  standard: z.string().optional(),
  amount: z.string().optional(),
  amountUnit: z.string().optional(),
  collectingUnit: z.string().optional(),
  validFrom: z.string().optional(),
  validTo: z.string().optional(),
  longTerm: z.boolean().optional().describe('长期有效（不填截止日期）'),
  notes: z.string().optional(),
});
const changeResult = z.object({
  itemId: z.number().int(),
  changeId: z.number().int(),
  itemVersion: z.number().int(),
  state: z.enum(Object.keys(FEE_CHANGE_STATES) as [string, ...string[]]),
  publicationId: z.number().int().describe('变更公告（草稿）的信息编号，经审核发布后变更生效'),
});

export async function feeApiRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const TAG = ['收费和价格'];

  async function agencyBySlug(slug: string) {
    const a = await getAgencyBySlug(db, slug);
    if (!a) throw notFound('机关');
    return a;
  }

  app.get(
    '/api/v1/fees/:agency',
    {
      config: {
        access: 'public',
        doc: {
          summary: '机关的行政事业性收费和政府定价清单（某日执行的版本，含每个项目的全部已公布版本）',
          tags: TAG,
          query: z.object({ date: z.string().optional().describe('YYYY-MM-DD，默认今天') }),
          response: listsShape,
        },
      },
    },
    async (req) => {
      const { agency } = parseInput(z.object({ agency: z.string().max(64) }), req.params);
      const a = await agencyBySlug(agency);
      const date = service.dateOrToday(db, (req.query as { date?: unknown }).date);
      const lists = await service.listsOn(db, a.id, date);
      const pubs = new Set(await service.publishedAnnouncementIds(db, a.id));
      const v = (x: service.VersionView) => ({
        versionNo: x.versionNo,
        kind: x.kind,
        status: x.status,
        name: x.name,
        basis: x.basis,
        standard: x.standard,
        amount: x.amount,
        amountUnit: x.amountUnit,
        collectingUnit: x.collectingUnit,
        validFrom: x.validFrom,
        validTo: x.validTo,
        notes: x.notes,
        reason: x.reason,
        writtenDate: x.writtenDate,
        effectiveDate: x.effectiveDate,
        publishedAt: x.publishedAt,
        announcementUrl: x.publicationId && pubs.has(x.publicationId) ? `/${a.slug}/zfxxgk/content/${x.publicationId}` : null,
      });
      return {
        agency: { id: a.id, slug: a.slug, name: a.name },
        date,
        lists: FEE_LIST_KEYS.map((key: FeeList) => {
          const rows = lists[key];
          return {
            key,
            label: FEE_LISTS[key].label,
            items: rows
              .filter((r) => r.current)
              .map((r) => ({ id: r.item.id, name: r.item.name, url: feeItemPath(a.slug, r.item.id), statusLabel: statusOn(r.current!, date), current: v(r.current!), upcoming: r.upcoming.map(v), versions: r.versions.map(v) })),
            announced: rows.filter((r) => !r.current && r.upcoming.length).map((r) => ({ id: r.item.id, name: r.item.name, url: feeItemPath(a.slug, r.item.id), upcoming: r.upcoming.map(v), versions: r.versions.map(v) })),
          };
        }),
      };
    },
  );

  app.get(
    '/api/v1/fees/:agency/notice',
    {
      config: {
        access: 'public',
        doc: {
          summary: '某清单的公示栏公告内容（标题、每个现行项目一节、清单页面网址），供打印',
          tags: TAG,
          query: z.object({ list: z.enum(FEE_LIST_KEYS as [string, ...string[]]).describe('admin_fee 行政事业性收费；price 政府定价'), date: z.string().optional() }),
          response: noticeShape,
        },
      },
    },
    async (req) => {
      const { agency } = parseInput(z.object({ agency: z.string().max(64) }), req.params);
      const q = parseInput(z.object({ list: z.enum(FEE_LIST_KEYS as [FeeList, ...FeeList[]], { message: '请指定清单：admin_fee 或 price' }), date: z.string().optional() }), req.query);
      const a = await agencyBySlug(agency);
      return service.listNotice(db, a.id, q.list, config.publicUrl, service.dateOrToday(db, q.date));
    },
  );

  app.post(
    '/api/v1/fees/changes',
    {
      config: {
        access: 'fee.manage',
        doc: {
          summary: '提出收费或价格项目的变更（新增、调整、停征、废止、恢复）：起草变更公告，公告经审核发布后变更生效',
          description:
            '变更在其公告（第二十条第（八）项类别的信息）发布时生效，成为该项目的新版本；删除公告草稿则变更取消。一个项目同时只能有一项待发布的变更（FEE_CHANGE_PENDING）。已停征或已废止的项目不能调整（INVALID_TRANSITION）；version 不符为 STALE_EDIT。',
          tags: TAG,
          status: 201,
          body: changeBody,
          response: changeResult,
        },
      },
    },
    async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const { agencyId } = parseInput(z.object({ agencyId: intField('机关') }), body);
      const r = await service.proposeChange(db, req.actor!, agencyId, body);
      return reply.code(201).send({ itemId: r.item.id, changeId: r.change.id, itemVersion: r.item.version, state: r.change.state, publicationId: r.publicationId });
    },
  );
}
