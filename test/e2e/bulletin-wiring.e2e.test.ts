/**
 * Bulletin notices printed from the pages that offer them, read back as a person
 * with a phone would: a project stage's notice is opened from the project page,
 * Chromium draws it, and a QR decoder (jsQR) reads the code from the screenshot's
 * pixels; the decoded address leads back to the project's page. The same notice as
 * Chromium's PDF is rasterised again (pdf.js, in Chromium) and its QR decoded too.
 * A consultation's and a mailbox reply's notices are checked as HTML and as PDF;
 * the HTML print views have no WCAG 2.1 A/AA violations.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import jsQRModule from 'jsqr';
import type { Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { seedProjects } from '../../src/demo/projects.demo.js';
import { createPdfRenderer, defaultPdfOptions, useBulletinPdfRenderer, type PdfRenderer } from '../../src/features/bulletin/bulletin.pdf.js';
import { chinaDateOf } from '../../src/lib/dates.js';
import { axeViolations, browserPath, newPage, startBrowserEnv, type BrowserEnv } from './browser.js';

// jsQR is CommonJS whose typings declare a default export: the function is that default.
const jsQR = (jsQRModule as unknown as { default: (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null }).default;

/** An image's RGBA pixels, as jsQR takes them. */
interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Chromium decodes the PNG (a screenshot) into pixels; nothing else reads the image. */
async function pngPixels(page: Page, png: Buffer): Promise<Pixels> {
  const r = await page.evaluate(async (b64: string) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const bytes = g.getImageData(0, 0, c.width, c.height).data;
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { width: c.width, height: c.height, b64: btoa(s) };
  }, png.toString('base64'));
  return { width: r.width, height: r.height, data: new Uint8ClampedArray(Buffer.from(r.b64, 'base64')) };
}

/** The first page of a PDF rasterised by pdf.js (unpdf's build) inside Chromium, at `scale` × 72 dpi. */
async function pdfPagePixels(page: Page, pdf: Buffer, scale: number): Promise<Pixels & { widthPt: number; heightPt: number }> {
  const pdfjs = readFileSync(fileURLToPath(import.meta.resolve('unpdf/pdfjs')));
  await page.route('http://pdf.test/**', (route) => {
    const url = route.request().url();
    if (url.endsWith('/pdfjs.mjs')) return route.fulfill({ status: 200, contentType: 'text/javascript', body: pdfjs });
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html lang="en"><title>pdf</title><body></body></html>' });
  });
  await page.goto('http://pdf.test/');
  const r = await page.evaluate(
    async ({ b64, scale }: { b64: string; scale: number }) => {
      const lib = await import('http://pdf.test/pdfjs.mjs' as string);
      const data = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const doc = await lib.getDocument({ data, isEvalSupported: false }).promise;
      const p = await doc.getPage(1);
      const [x0, y0, x1, y1] = p.view as number[];
      const viewport = p.getViewport({ scale });
      const c = document.createElement('canvas');
      c.width = Math.ceil(viewport.width);
      c.height = Math.ceil(viewport.height);
      const g = c.getContext('2d')!;
      g.fillStyle = '#fff';
      g.fillRect(0, 0, c.width, c.height);
      await p.render({ canvasContext: g, viewport, canvas: c }).promise;
      const bytes = g.getImageData(0, 0, c.width, c.height).data;
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { width: c.width, height: c.height, b64: btoa(s), widthPt: x1! - x0!, heightPt: y1! - y0! };
    },
    { b64: pdf.toString('base64'), scale },
  );
  return { width: r.width, height: r.height, widthPt: r.widthPt, heightPt: r.heightPt, data: new Uint8ClampedArray(Buffer.from(r.b64, 'base64')) };
}

const decode = (p: Pixels) => jsQR(p.data, p.width, p.height)?.data ?? null;

/** The MediaBox of a PDF's first page, in points. */
function mediaBox(pdf: Buffer): number[] {
  const m = /\/MediaBox\s*\[\s*([\d.\s-]+)\]/.exec(pdf.toString('latin1'));
  assert.ok(m, 'a MediaBox');
  return m[1]!.trim().split(/\s+/).map(Number);
}
const near = (a: number, b: number) => Math.abs(a - b) < 3;
const A4: [number, number] = [595.28, 841.89];
const A3: [number, number] = [841.89, 1190.55];

async function pdfText(pdf: Buffer) {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  // PDF text maps some CJK glyphs to Kangxi radicals (⼯ for 工); NFKC folds them back.
  return text.normalize('NFKC').replace(/\s+/g, '');
}

describe('browser: bulletin notices of a project stage, a consultation and a mailbox reply', { skip: !browserPath && 'Chromium not installed' }, () => {
  let env: BrowserEnv;
  let previous: PdfRenderer | null = null;
  let fgj: { id: number; name: string; supervisionPhone: string };
  let projectId: number;
  const today = chinaDateOf(new Date());
  const cn = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

  before(async () => {
    previous = useBulletinPdfRenderer(createPdfRenderer({ ...defaultPdfOptions(), executablePath: browserPath }));
    env = await startBrowserEnv();
    await seedProjects(env.t.db, { dataDir: env.t.config.dataDir });
    fgj = await env.t.db.selectFrom('agencies').select(['id', 'name', 'supervisionPhone']).where('slug', '=', 'fgj').executeTakeFirstOrThrow();
    projectId = (await env.t.db.selectFrom('projects').select('id').where('agencyId', '=', fgj.id).orderBy('id').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    await env?.close();
    await useBulletinPdfRenderer(previous)?.close();
  });

  it('a project’s stage prints as a notice whose QR code decodes to the project’s page, on screen and in the PDF', async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.base}/fgj/zdxm/${projectId}`);
    const projectName = (await page.locator('h1').textContent())!.trim();
    // The person follows the page's own link for the 主体施工 stage.
    await page.getByRole('link', { name: /“主体施工”阶段公示\s*A4 打印版/ }).click();
    await page.waitForURL(/\/stages\/\d+\/bulletin$/);
    const noticePath = new URL(page.url()).pathname;
    assert.equal(await page.locator('h1').textContent(), `${projectName}（主体施工）公示`);
    assert.equal((await page.locator('.agency').textContent())?.trim(), fgj.name);
    assert.match((await page.locator('.period').textContent()) ?? '', new RegExp(`公示期：${cn(today)}至`));
    assert.match((await page.locator('footer').textContent()) ?? '', new RegExp(`监督电话：${fgj.supervisionPhone}`));
    const failures = (await axeViolations(page)).map((v) => `stage notice: ${v}`);

    // The screen as Chromium drew it: the QR is found among the rest of the notice and read.
    const shot = await page.screenshot({ fullPage: true });
    const onScreen = decode(await pngPixels(page, shot));
    const pageUrl = `${env.t.config.publicUrl}/fgj/zdxm/${projectId}`;
    assert.equal(onScreen, pageUrl, 'the QR on screen decodes to the project’s page');

    // The decoded address is the project's page (served here under the test's own origin).
    const target = await newPage(env.browser);
    const res = await target.goto(onScreen!.replace(env.t.config.publicUrl, env.base));
    assert.equal(res?.status(), 200);
    assert.equal((await target.locator('h1').textContent())?.trim(), projectName);
    assert.ok(await target.getByRole('rowheader', { name: '主体施工' }).count(), 'the page shows the stage');
    await target.context().close();

    // The PDF: A4, rasterised by pdf.js and read by the same decoder.
    const pdfRes = await env.t.anonymous().get(`${noticePath}.pdf`);
    assert.equal(pdfRes.statusCode, 200, pdfRes.body.slice(0, 200));
    assert.equal(pdfRes.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    const raster = await pdfPagePixels(page, pdfRes.rawPayload, 2);
    assert.ok(near(raster.widthPt, A4[0]) && near(raster.heightPt, A4[1]), `A4 page ${raster.widthPt}×${raster.heightPt}`);
    assert.equal(decode(raster), pageUrl, 'the QR in the PDF decodes to the project’s page');
    const text = await pdfText(pdfRes.rawPayload);
    assert.ok(text.includes(`监督电话:${fgj.supervisionPhone}`) || text.includes(`监督电话：${fgj.supervisionPhone}`), text.slice(0, 300));

    // A3 on request: the sheet changes, the code still reads.
    const a3 = await env.t.anonymous().get(`${noticePath}.pdf?size=A3`);
    const [, , w, h] = mediaBox(a3.rawPayload);
    assert.ok(near(w!, A3[0]) && near(h!, A3[1]), `A3 MediaBox ${w}×${h}`);
    assert.equal(decode(await pdfPagePixels(page, a3.rawPayload, 1.5)), pageUrl, 'the QR in the A3 PDF decodes to the page');
    await page.context().close();
    assert.deepEqual(failures, []);
  });

  it('a consultation and a published mailbox reply print with the agency, the posting dates and the 监督电话, as HTML and as A4/A3 PDF', async () => {
    const consultation = await env.t.db.selectFrom('consultations').select(['id', 'title', 'endDate']).where('agencyId', '=', fgj.id).where('state', '=', 'open').orderBy('id').executeTakeFirstOrThrow();
    const reply = await env.t.db.selectFrom('mailboxMessages').select(['id', 'publicSubject']).where('agencyId', '=', fgj.id).where('publishedAt', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
    const cases = [
      { what: 'consultation', path: `/fgj/hdcy/yjzj/${consultation.id}`, title: consultation.title, to: consultation.endDate! },
      { what: 'mailbox reply', path: `/fgj/mailbox/qa/${reply.id}`, title: reply.publicSubject, to: null },
    ];
    const failures: string[] = [];
    for (const c of cases) {
      const page = await newPage(env.browser);
      await page.goto(`${env.base}${c.path}`);
      await page.getByRole('link', { name: 'A4 打印版' }).click();
      await page.waitForURL(/\/bulletin$/);
      assert.equal((await page.locator('.agency').textContent())?.trim(), fgj.name, c.what);
      assert.equal((await page.locator('h1').textContent())?.trim(), c.title, c.what);
      const period = (await page.locator('.period').textContent()) ?? '';
      assert.ok(period.includes(`公示期：${cn(today)}至`), `${c.what}: ${period}`);
      if (c.to) assert.ok(period.endsWith(`${cn(c.to)}`), `${c.what} posted until its comments close: ${period}`);
      assert.match((await page.locator('footer').textContent()) ?? '', new RegExp(`监督电话：${fgj.supervisionPhone}`), c.what);
      assert.equal(decode(await pngPixels(page, await page.screenshot({ fullPage: true }))), `${env.t.config.publicUrl}${c.path}`, `${c.what}: QR`);
      failures.push(...(await axeViolations(page)).map((v) => `${c.what} notice: ${v}`));
      await page.goto(`${env.base}${c.path}/bulletin?size=A3`);
      failures.push(...(await axeViolations(page)).map((v) => `${c.what} A3 notice: ${v}`));
      await page.context().close();

      const anon = env.t.anonymous();
      for (const [size, box] of [['A4', A4], ['A3', A3]] as const) {
        const res = await anon.get(`${c.path}/bulletin.pdf${size === 'A3' ? '?size=A3' : ''}`);
        assert.equal(res.statusCode, 200, `${c.what} ${size}: ${res.body.slice(0, 200)}`);
        assert.equal(res.headers['content-type'], 'application/pdf');
        assert.equal(res.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-', `${c.what} ${size}`);
        const [, , w, h] = mediaBox(res.rawPayload);
        assert.ok(near(w!, box[0]) && near(h!, box[1]), `${c.what} ${size} MediaBox ${w}×${h}`);
        const text = await pdfText(res.rawPayload);
        assert.ok(text.includes(fgj.name), `${c.what} ${size}: agency in the PDF`);
        assert.ok(/监督电话[:：]/.test(text) && text.includes(fgj.supervisionPhone), `${c.what} ${size}: 监督电话 in the PDF`);
        assert.ok(text.includes(`公示期:${cn(today)}`) || text.includes(`公示期：${cn(today)}`), `${c.what} ${size}: posting dates in the PDF`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
