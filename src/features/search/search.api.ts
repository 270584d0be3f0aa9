import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { validationError } from '../../errors.js';
import { publicListItemsByIds } from '../publications/publication.query.js';
import { presentPublication, publicationListItemSchema } from '../publications/publication.representation.js';
import { searchInput } from './search.js';
import { parseSearchRequest, search, type SearchItem } from './search.service.js';

/** A hit is the publication's public list item (the same names as `/api/v1/publications`) with the highlighted title and snippet. */
const itemShape = publicationListItemSchema.extend({
  titleHtml: z.string().describe('标题 HTML：已转义，命中处以 <mark> 标出'),
  snippet: z.string().describe('摘要 HTML：已转义，命中处以 <mark> 标出，截断处为 …'),
  agencySlug: z.string().describe('已弃用：同 agency.slug（保留给按旧文档编写的程序）'),
});

/** `GET /api/v1/search`: the same search as the portal page, as JSON. */
export async function searchApiRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;

  /** The hits in the publication representation; a hit whose item has just left the public catalog is dropped. */
  async function present(hits: SearchItem[]) {
    const items = new Map((await publicListItemsByIds(db, hits.map((h) => h.id))).map((i) => [i.id, i]));
    return hits.flatMap((h) => {
      const item = items.get(h.id);
      return item ? [{ ...presentPublication(item, config.publicUrl), titleHtml: h.titleHtml, snippet: h.snippet, agencySlug: item.agencySlug }] : [];
    });
  }

  app.get(
    '/api/v1/search',
    {
      config: {
        access: 'public',
        doc: {
          summary: '检索已公开的政府信息（标题、摘要、正文、文号、关键词、附件文字）',
          description:
            '多个词同时出现（AND）；任意两个以上连续汉字均可查到；简称与全称互通（如“发改”与“发展和改革”）；输入完整的索引号或文号时只返回该条信息；用双引号查短语；文号的括号可写作〔〕、[]、()；标题可用拼音或首字母检索；简体、繁体互通。' +
            '检索词为空、过长（超过 100 字）或只有标点时返回 VALIDATION_FAILED，fields.q 说明原因。' +
            '每条结果与信息列表（/api/v1/publications）的条目同名同义，另有 titleHtml 与 snippet。',
          tags: ['检索'],
          query: searchInput,
          response: z.object({
            items: z.array(itemShape),
            total: z.number().int().describe('命中条数；totalCapped 为 true 时表示“超过”此数'),
            totalCapped: z.boolean(),
            phraseScanLimited: z.boolean().describe('为 true 时，带引号的短语只在最新的 10000 条候选信息（文号，或同时有其他检索词时，为 2000 条）中查找；文号本身所在的信息总会列出'),
            order: z.enum(['relevance', 'heading_then_date', 'date']).describe('排序方式：相关度；命中过多时为“标题命中优先、再按日期”；按日期'),
            exact: z.boolean().describe('为 true 时，检索词恰为一条信息的索引号或完整文号，items 只含这一条（不受筛选条件限制）'),
            page: z.number().int(),
            pageSize: z.number().int(),
          }),
        },
      },
    },
    async (req) => {
      const request = parseSearchRequest(req.query);
      const result = await search(db, request);
      if (result.problem) throw validationError({ q: result.problem.message }, result.problem.message);
      return { items: await present(result.items), total: result.total, totalCapped: result.totalCapped, phraseScanLimited: result.phraseScanLimited, order: result.order, exact: result.exact, page: request.page, pageSize: request.pageSize };
    },
  );
}
