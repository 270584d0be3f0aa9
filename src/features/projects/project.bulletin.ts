/**
 * A project stage's bulletin notice (公示栏), beside the project's page:
 *
 *   /{agency}/zdxm/{id}/stages/{stageId}/bulletin       HTML print view (A4; `?size=A3`)
 *   /{agency}/zdxm/{id}/stages/{stageId}/bulletin.pdf   the same as PDF
 *
 * The content is the projects feature's own (`stageNoticeContent`); its QR code
 * points at the project's public page, where the stage and its progress are shown.
 */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../errors.js';
import type { BulletinSource } from '../bulletin/bulletin.http.js';
import { bulletinRoutes } from '../bulletin/bulletin.http.js';
import { agencyForRequest } from '../catalog/catalog.portal.js';
import type { NoticeContent } from './project.js';
import * as service from './project.service.js';

export const stageBulletinPath = (agencySlug: string, projectId: number, stageId: number) => `/${agencySlug}/zdxm/${projectId}/stages/${stageId}`;

/** The notice of a stage: each line of the content a paragraph, under its heading. */
export function stageBulletin(content: NoticeContent, agency: { name: string; supervisionPhone: string }): BulletinSource['notice'] {
  return {
    title: content.title,
    sections: content.sections.map((s) => ({ heading: s.heading, paragraphs: s.text.split('\n').filter(Boolean) })),
    pageUrl: content.pageUrl,
    agency: { name: agency.name, supervisionPhone: agency.supervisionPhone },
  };
}

export async function projectBulletinRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  bulletinRoutes<{ agency: string; id: string; stageId: string }>(app, {
    page: '/:agency/zdxm/:id/stages/:stageId',
    what: '重点项目建设阶段',
    async load(req, reply) {
      const { id, stageId } = req.params;
      if (!/^\d{1,9}$/.test(id) || !/^\d{1,9}$/.test(stageId)) throw notFound('建设阶段');
      const agency = await agencyForRequest(db, req, reply, req.params.agency);
      if (!agency) return null;
      const content = await service.stageNotice(db, Number(id), Number(stageId), config.publicUrl);
      if (content.agencyId !== agency.id) throw notFound('项目');
      return { notice: stageBulletin(content, agency), pagePath: stageBulletinPath(agency.slug, Number(id), Number(stageId)), fileName: content.title.slice(0, 60) };
    },
  });
}
