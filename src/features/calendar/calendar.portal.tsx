import type { FastifyInstance } from 'fastify';
import { isAppError } from '../../errors.js';
import { pageContext } from '../../web/core.js';
import { getSettings } from '../settings/settings.js';
import { parseAddWorkdaysQuery, withCalendarErrors } from './calendar.input.js';
import * as service from './calendar.service.js';
import { CalculatorPage, type CalculatorResult } from './views/CalculatorPage.js';
import { addWorkdays } from './workdays.js';

/** The public deadline calculator: a GET form, so it works without JavaScript and results can be linked. */
export async function calendarPortalRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get<{ Querystring: Record<string, unknown> }>('/calendar', { config: { access: 'public' } }, async (req, reply) => {
    const [settings, overview] = await Promise.all([getSettings(db), service.listYears(db)]);
    const cal = await service.getCalendar(db);
    const latest = overview.years[overview.years.length - 1] ?? null;
    const q = req.query ?? {};
    const values = { from: typeof q.from === 'string' ? q.from : '', days: typeof q.days === 'string' ? q.days : '' };
    const base = { ctx: pageContext(req, reply), siteName: settings.siteName, cal, latest, values };
    if (q.from === undefined && q.days === undefined) return reply.page(CalculatorPage({ ...base, values: { from: '', days: '20' } }));
    let result: CalculatorResult;
    try {
      const { from, days } = parseAddWorkdaysQuery(q);
      result = { from, days, r: withCalendarErrors(() => addWorkdays(cal, from, days)) };
    } catch (e) {
      if (!isAppError(e) || e.status !== 400) throw e;
      return reply.page(CalculatorPage({ ...base, errors: e.fields ?? {}, message: e.message }), 400);
    }
    return reply.page(CalculatorPage({ ...base, result }));
  });
}
