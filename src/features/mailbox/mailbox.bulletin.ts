/**
 * The bulletin notice (公示栏) of a published mailbox reply, beside its Q&A page:
 * `/{agency}/mailbox/qa/{id}/bulletin(.pdf)`. Only the published, masked text is
 * printed (the same as the page); an unpublished message has no notice (404).
 */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import { chineseDate } from '../bulletin/bulletin.js';
import { bulletinRoutes, type BulletinSource } from '../bulletin/bulletin.http.js';
import { agencyForRequest } from '../catalog/catalog.portal.js';
import * as service from './mailbox.service.js';

export const qaPath = (agencySlug: string, id: number) => `/${agencySlug}/mailbox/qa/${id}`;

const paras = (text: string) => text.split(/\n+/).map((s) => s.trim()).filter(Boolean);

export function qaBulletin(item: Awaited<ReturnType<typeof service.publishedItem>>, agency: { name: string; slug: string; supervisionPhone: string }, publicUrl: string): BulletinSource['notice'] {
  return {
    title: item.subject,
    subtitle: `政务信箱${item.kindLabel}留言答复　留言日期：${chineseDate(item.receivedDate)}${item.repliedDate ? `　答复日期：${chineseDate(item.repliedDate)}` : ''}`,
    sections: [
      { heading: '留言内容', paragraphs: paras(item.body) },
      { heading: '答复内容', paragraphs: paras(item.reply) },
      { heading: '答复单位', paragraphs: [agency.name] },
    ],
    pageUrl: publicUrl + qaPath(agency.slug, item.id),
    agency: { name: agency.name, supervisionPhone: agency.supervisionPhone },
  };
}

export async function mailboxBulletinRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  bulletinRoutes<{ agency: string; id: string }>(app, {
    page: '/:agency/mailbox/qa/:id',
    what: '政务信箱公开答复',
    async load(req, reply) {
      if (!/^\d{1,12}$/.test(req.params.id)) throw notFound('留言');
      const agency = await agencyForRequest(db, req, reply, req.params.agency);
      if (!agency) return null;
      const item = await service.publishedItem(db, agency.id, Number(req.params.id));
      return { notice: qaBulletin(item, agency, config.publicUrl), pagePath: qaPath(agency.slug, item.id), fileName: item.subject.slice(0, 60) };
    },
  });
}
