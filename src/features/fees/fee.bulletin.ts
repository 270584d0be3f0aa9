/**
 * The bulletin notice (公示栏) of a price or fee list as in force on a date:
 * `/{agency}/zfxxgk/sfxm/bulletin(.pdf)?list=admin_fee|price[&date=]`. The lists are
 * posted at service halls; the notice prints the items in force, with the QR code to
 * the list page.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.js';
import { bulletinRoutes } from '../bulletin/bulletin.http.js';
import { agencyForRequest } from '../catalog/catalog.portal.js';
import { FEE_LISTS, type FeeList } from './fee.js';
import * as service from './fee.service.js';

const isFeeList = (v: unknown): v is FeeList => typeof v === 'string' && Object.hasOwn(FEE_LISTS, v);

export async function feeBulletinRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  bulletinRoutes<{ agency: string }>(app, {
    page: '/:agency/zfxxgk/sfxm',
    what: '收费和价格清单',
    async load(req, reply) {
      const q = (req.query ?? {}) as Record<string, unknown>;
      const list = q.list ?? 'admin_fee';
      if (!isFeeList(list)) throw new AppError('VALIDATION_FAILED', '清单只能是 admin_fee（行政事业性收费）或 price（政府定价）', { list: '清单只能是 admin_fee 或 price' });
      const agency = await agencyForRequest(db, req, reply, req.params.agency);
      if (!agency) return null;
      const n = await service.listNotice(db, agency.id, list, config.publicUrl, service.dateOrToday(db, q.date));
      return {
        notice: {
          title: n.title,
          sections: n.sections.map((s) => ({ heading: s.heading, paragraphs: s.text.split(/\n+/).filter(Boolean) })),
          pageUrl: n.pageUrl,
          agency: { name: agency.name, supervisionPhone: agency.supervisionPhone },
        },
        pagePath: `/${agency.slug}/zfxxgk/sfxm`,
        fileName: n.title.slice(0, 60),
      };
    },
  });
}
