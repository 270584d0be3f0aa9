/**
 * The bulletin notice of every published publication, beside its item page:
 *
 *   {item page}/bulletin        the HTML print view (A4; `?size=A3`)
 *   {item page}/bulletin.pdf    the same notice as PDF (A4; `?size=A3`), 503 without Chromium
 *
 * Optional `from`/`to` (YYYY-MM-DD) set the posting period; it runs from today for
 * DEFAULT_POSTING_DAYS days otherwise. A withdrawn or unpublished item has no notice.
 */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import { findAgencyByCodeOrSlug } from '../agencies/agency.service.js';
import { getPublicPublication, type PublicPublication } from '../publications/publication.query.js';
import type { BulletinNotice } from './bulletin.js';
import { bulletinRoutes, type BulletinSource } from './bulletin.http.js';

export function publicationNotice(pub: PublicPublication, agency: { name: string; supervisionPhone: string }, publicUrl: string): BulletinSource['notice'] {
  const subtitle = [pub.documentNumber, pub.indexNumber ? `索引号：${pub.indexNumber}` : ''].filter(Boolean).join('　');
  const sections: BulletinNotice['sections'] = [
    pub.body.trim() ? { html: pub.body } : { paragraphs: [pub.summary || pub.catalogSummary] },
    ...(pub.attachments.length ? [{ heading: '附件', paragraphs: pub.attachments.map((a) => a.name) }] : []),
  ];
  return { title: pub.title, subtitle, sections, pageUrl: publicUrl + pub.url, agency };
}

export async function bulletinPortalRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  bulletinRoutes<{ agency: string; id: string }>(app, {
    page: '/:agency/zfxxgk/content/:id',
    what: '已发布的政府信息',
    async load(req) {
      if (!/^\d{1,12}$/.test(req.params.id)) throw notFound('信息');
      const agency = await findAgencyByCodeOrSlug(db, req.params.agency);
      if (!agency || agency.slug !== req.params.agency) throw notFound('信息');
      const pub = await getPublicPublication(db, agency.slug, Number(req.params.id));
      if (!pub || pub.withdrawn) throw notFound('信息');
      const notice = publicationNotice(pub, { name: agency.name, supervisionPhone: agency.supervisionPhone }, config.publicUrl);
      return { notice, pagePath: pub.url, fileName: pub.title.slice(0, 60) };
    },
  });
  // Chromium is launched on demand and closed with the server.
  app.addHook('onClose', async () => {
    const { bulletinPdfRenderer } = await import('./bulletin.pdf.js');
    await bulletinPdfRenderer().close();
  });
}
