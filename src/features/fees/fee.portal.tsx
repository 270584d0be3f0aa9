/**
 * The public pages of price and fee lists, under the agency's 政府信息公开:
 *   /{agency}/zfxxgk/sfxm                    both lists on a date (?date=, ?sort=)
 *   /{agency}/zfxxgk/sfxm/{id}               one item's versions
 *   /{agency}/zfxxgk/sfxm/{list}.csv|.xlsx   a list on a date, for download
 * Not page-cached: the list changes by itself when an effective date arrives.
 */
import type { FastifyInstance } from 'fastify';
import { todayOf } from '../../db/runtime.js';
import { notFound } from '../../errors.js';
import { pageContext } from '../../web/core.js';
import { agencyForRequest } from '../catalog/catalog.portal.js';
import { contentDisposition } from '../files/files.js';
import { getSettings } from '../settings/settings.js';
import { isFeeList } from './fee.js';
import * as service from './fee.service.js';
import { FeeItemPage, FeeListPage } from './views/FeePortal.js';

const SORTS = new Set(['order', 'name', 'amount']);

export async function feePortalRoutes(app: FastifyInstance) {
  const { db } = app.deps;
  const PORTAL = { access: 'public' as const };

  app.get<{ Params: { agency: string }; Querystring: { date?: string; sort?: string } }>('/:agency/zfxxgk/sfxm', { config: PORTAL }, async (req, reply) => {
    const agency = await agencyForRequest(db, req, reply, req.params.agency);
    if (!agency) return reply;
    const date = service.dateOrToday(db, req.query.date);
    const sort = SORTS.has(req.query.sort ?? '') ? (req.query.sort as 'order' | 'name' | 'amount') : 'order';
    const [settings, lists] = await Promise.all([getSettings(db), service.listsOn(db, agency.id, date, { sort })]);
    return reply.page(FeeListPage({ ctx: pageContext(req, reply), settings, agency, lists, date, today: todayOf(db), sort }));
  });

  app.get<{ Params: { agency: string; file: string }; Querystring: { date?: string } }>('/:agency/zfxxgk/sfxm/:file', { config: PORTAL }, async (req, reply) => {
    const file = req.params.file;
    const item = /^\d{1,9}$/.test(file) ? Number(file) : null;
    const exp = /^([a-z_]+)\.(csv|xlsx)$/.exec(file);
    if (item === null && !(exp && isFeeList(exp[1]))) throw notFound('收费（价格）项目');
    const agency = await agencyForRequest(db, req, reply, req.params.agency);
    if (!agency) return reply;
    if (item !== null) {
      const h = await service.itemHistory(db, agency.id, item);
      return reply.page(FeeItemPage({ ctx: pageContext(req, reply), settings: await getSettings(db), agency, h, today: todayOf(db) }));
    }
    const list = exp![1] as 'admin_fee' | 'price';
    const date = service.dateOrToday(db, req.query.date);
    const title = service.listTitle(agency.name, list, date);
    if (exp![2] === 'csv') return reply.type('text/csv; charset=utf-8').header('Content-Disposition', contentDisposition(`${title}.csv`)).send(await service.exportCsv(db, agency.id, list, date));
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', contentDisposition(`${title}.xlsx`))
      .send(await service.exportXlsx(db, agency.id, title, list, date));
  });
}
