import type { FastifyInstance } from 'fastify';
import { isAppError } from '../../errors.js';
import { chinaDateOf } from '../../lib/dates.js';
import { pageContext } from '../../web/core.js';
import { listAgencies } from '../agencies/agency.service.js';
import { getSettings } from '../settings/settings.js';
import { parseSearchRequest, search, type SearchRequest, type SearchResult } from './search.service.js';
import { SearchPage } from './views/SearchPage.js';
import { todayOf } from '../../db/runtime.js';

/** Years offered by the year filter: this year back to 2008, when the Regulation took effect. */
function filterYears(today: string): number[] {
  const now = Number(today.slice(0, 4));
  const years: number[] = [];
  for (let y = now; y >= 2008; y--) years.push(y);
  return years;
}

/** `/search`: the public search page. Bad input gives a message on the page, never an error page. */
export async function searchPortalRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get('/search', { config: { access: 'public' } }, async (req, reply) => {
    const raw = (req.query ?? {}) as Record<string, unknown>;
    const [settings, agencies] = await Promise.all([getSettings(db), listAgencies(db)]);
    const base = {
      ctx: pageContext(req, reply),
      siteName: settings.siteName,
      agencies: agencies.map((a) => ({ slug: a.slug, name: a.name })),
      years: filterYears(todayOf(db)),
    };
    // A first visit (no parameters): the form alone.
    if (Object.keys(raw).length === 0) return reply.page(SearchPage({ ...base, request: null, result: null }));
    let request: SearchRequest;
    try {
      request = parseSearchRequest(raw);
    } catch (e) {
      if (!isAppError(e) || e.status !== 400) throw e;
      const message = `检索条件有误：${Object.values(e.fields ?? {}).join('；') || e.message}`;
      return reply.page(SearchPage({ ...base, request: null, result: null, message }), 400);
    }
    const result: SearchResult = await search(db, request);
    // A 索引号 or a whole 文号 that names one item: its page, not a list of one.
    if (result.exact && result.items[0]) return reply.redirect(result.items[0].url, 303);
    return reply.page(SearchPage({ ...base, request, result, message: result.problem?.message }));
  });
}
