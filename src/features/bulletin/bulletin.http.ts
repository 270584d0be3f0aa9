/**
 * How a route answers with a notice, for every feature: build a `BulletinNotice`,
 * then `sendBulletin(reply, notice, {format, size, links})`. The HTML print view is
 * the notice page itself; the PDF is Chromium's print of the same HTML.
 */
import type { FastifyReply } from 'fastify';
import { render } from 'preact-render-to-string';
import type { BulletinNotice, BulletinSize } from './bulletin.js';
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
