/**
 * How a route answers with a notice, for every feature: build a `BulletinNotice`,
 * then `sendBulletin(reply, notice, {format, size, links})`. The HTML print view is
 * the notice page itself; the PDF is Chromium's print of the same HTML.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { render } from 'preact-render-to-string';
import { z } from 'zod';
import { todayOf } from '../../db/runtime.js';
import { printOptions, type BulletinNotice, type BulletinSize, type PostingPeriod } from './bulletin.js';
import { bulletinPdfRenderer } from './bulletin.pdf.js';
import { BulletinPage } from './views/BulletinPage.js';
import { contentDisposition } from '../files/files.js';

export function bulletinHtml(notice: BulletinNotice, size: BulletinSize, printLinks?: { a4: string; a3: string; pdf: string }): string {
  return `<!doctype html>${render(BulletinPage({ notice, size, printLinks }))}`;
}

/** Where a page's notice lives: `{page}/bulletin` (HTML) and `{page}/bulletin.pdf`. */
export function bulletinLinks(pagePath: string, size: BulletinSize = 'A4') {
  const q = size === 'A3' ? '?size=A3' : '';
  return { html: `${pagePath}/bulletin${q}`, pdf: `${pagePath}/bulletin.pdf${q}`, a4: `${pagePath}/bulletin`, a3: `${pagePath}/bulletin?size=A3` };
}

export async function sendBulletin(reply: FastifyReply, notice: BulletinNotice, o: { format: 'html' | 'pdf'; size: BulletinSize; pagePath: string; fileName: string }) {
  const links = bulletinLinks(o.pagePath, o.size);
  if (o.format === 'html') {
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(bulletinHtml(notice, o.size, { a4: links.a4, a3: links.a3, pdf: links.pdf }));
  }
  // The PDF carries no toolbar: the same notice as printed from the browser.
  const pdf = await bulletinPdfRenderer().render(bulletinHtml(notice, o.size), o.size);
  return reply
    .type('application/pdf')
    .header('Cache-Control', 'no-store')
    .header('Content-Disposition', contentDisposition(`${o.fileName}（公示栏${o.size}）.pdf`, 'inline'))
    .send(pdf);
}

/** What a page's loader gives: the notice without its dates, where the page is, the PDF's name. */
export interface BulletinSource {
  notice: Omit<BulletinNotice, 'postedFrom' | 'postedTo'>;
  /** The page's path (`/fgj/zdxm/3`): the notice lives at `{pagePath}/bulletin`. */
  pagePath: string;
  fileName: string;
  /** The page's own posting period, used when the request names no dates. */
  posting?: PostingPeriod | null | undefined;
}

/** The print options as the OpenAPI document shows them (parsed by `printOptions`). */
export const bulletinQueryDoc = z.object({
  size: z.enum(['A4', 'A3']).optional().describe('纸张：A4（默认）或 A3；其他值返回 400'),
  from: z.string().optional().describe('公示开始日期 YYYY-MM-DD，默认今天（或页面自身的公示期）'),
  to: z.string().optional().describe('公示结束日期 YYYY-MM-DD，默认开始后 7 天（或页面自身的公示期）'),
});

/**
 * Registers a public page's notice: `{page}/bulletin` (HTML print view) and
 * `{page}/bulletin.pdf`, both in the OpenAPI document. `load` answers the page's
 * content, throws 404 for what is not public, or returns null when it has already
 * replied (a moved agency's redirect). Bad print options answer 400.
 */
export function bulletinRoutes<P extends Record<string, string>>(
  app: FastifyInstance,
  o: { page: string; what: string; tags?: string[]; load: (req: FastifyRequest<{ Params: P }>, reply: FastifyReply) => Promise<BulletinSource | null> },
) {
  const { db } = app.deps;
  for (const format of ['html', 'pdf'] as const) {
    const doc = {
      summary: format === 'pdf' ? `${o.what}的公示栏公告 PDF（Chromium 生成，A4 或 A3，含二维码、公示期和监督电话）` : `${o.what}的公示栏公告打印版网页（A4 或 A3 打印样式）`,
      tags: o.tags ?? ['公示栏打印'],
      query: bulletinQueryDoc,
      produces: format === 'pdf' ? 'application/pdf' : 'text/html',
    };
    app.get<{ Params: P; Querystring: Record<string, string> }>(`${o.page}/bulletin${format === 'pdf' ? '.pdf' : ''}`, { config: { access: 'public', doc } }, async (req, reply) => {
      const src = await o.load(req, reply);
      if (!src) return reply;
      const p = printOptions(req.query, todayOf(db), src.posting);
      return sendBulletin(reply, { ...src.notice, postedFrom: p.postedFrom, postedTo: p.postedTo }, { format, size: p.size, pagePath: src.pagePath, fileName: src.fileName });
    });
  }
}
