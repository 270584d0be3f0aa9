/**
 * Bulletin-board notices of published items: the HTML print view and Chromium's PDF.
 * The PDF is checked as a PDF (header, MediaBox of A4 and A3, its text); the QR code
 * is checked in the rendered notice: Chromium draws the HTML, the QR's pixels are
 * read back module by module and must equal the QR matrix of the item's URL (and not
 * that of another URL). Decoding with a QR decoder (jsQR) is bulletin-wiring.e2e.test.ts's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import QRCode from 'qrcode';
import { extractText, getDocumentProxy } from 'unpdf';
import { createPdfRenderer, defaultPdfOptions, useBulletinPdfRenderer } from '../../src/features/bulletin/bulletin.pdf.js';
import { insertPublished } from '../publication-fixture.js';
import { browserPath, newPage, startBrowserEnv, type BrowserEnv } from './browser.js';
import { listAgencies } from '../../src/features/agencies/agency.service.js';

/** The MediaBox of a PDF's first page, in points. */
function mediaBox(pdf: Buffer): number[] {
  const m = /\/MediaBox\s*\[\s*([\d.\s-]+)\]/.exec(pdf.toString('latin1'));
  assert.ok(m, 'a MediaBox');
  return m[1]!.trim().split(/\s+/).map(Number);
}

const near = (a: number, b: number) => Math.abs(a - b) < 3;

describe('bulletin notices', { skip: !browserPath && 'Chromium not installed' }, () => {
  let env: BrowserEnv;
  let itemUrl: string;
  let agencySlug: string;

  before(async () => {
    useBulletinPdfRenderer(createPdfRenderer({ ...defaultPdfOptions(), executablePath: browserPath }));
    env = await startBrowserEnv();
    const first = (await listAgencies(env.t.db))[0]!;
    agencySlug = first.slug;
    const id = await insertPublished(env.t.db, { agencyId: first.id, title: '关于某道路改造工程施工的公告', category: 'art20_10', publishedAt: '2026-03-02T02:00:00Z', body: '<p>施工期间请绕行。</p>' });
    itemUrl = `/${agencySlug}/zfxxgk/content/${id}`;
  });
  after(async () => {
    await env?.close();
    (useBulletinPdfRenderer(null) as { close(): Promise<void> } | null)?.close();
  });

  it('prints an A4 PDF by default and an A3 one on ?size=A3, with the agency, the title, the 监督电话 and the URL', async () => {
    const anon = env.t.anonymous();
    const a4 = await anon.get(`${itemUrl}/bulletin.pdf`);
    assert.equal(a4.statusCode, 200, a4.body.slice(0, 300));
    assert.equal(a4.headers['content-type'], 'application/pdf');
    assert.equal(a4.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    const [, , w4, h4] = mediaBox(a4.rawPayload);
    assert.ok(near(w4!, 595.28) && near(h4!, 841.89), `A4 MediaBox ${w4}×${h4}`);
    const a3 = await anon.get(`${itemUrl}/bulletin.pdf?size=A3`);
    const [, , w3, h3] = mediaBox(a3.rawPayload);
    assert.ok(near(w3!, 841.89) && near(h3!, 1190.55), `A3 MediaBox ${w3}×${h3}`);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(a4.rawPayload)), { mergePages: true });
    // PDF text maps some CJK glyphs to Kangxi radicals (⼯ for 工); NFKC folds them back.
    const flat = text.normalize('NFKC').replace(/\s+/g, '');
    assert.match(flat, /关于某道路改造工程施工的公告/);
    assert.match(flat, /监督电话/);
    assert.ok(flat.includes(`http://gk.test${itemUrl}`.replace(/\s+/g, '')), 'the page URL is printed under the QR code');
  });

  it('answers 400 for a paper size other than A4 or A3, 404 for an item that does not exist', async () => {
    const anon = env.t.anonymous();
    const bad = await anon.get(`${itemUrl}/bulletin.pdf?size=A5`);
    assert.equal(bad.statusCode, 400);
    assert.equal((await anon.get(`${itemUrl}/bulletin?size=letter`)).statusCode, 400);
    assert.equal((await anon.get(`/${agencySlug}/zfxxgk/content/99999999/bulletin.pdf`)).statusCode, 404);
  });

  it('draws a QR code whose modules are exactly those of the item’s URL', async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.base}${itemUrl}/bulletin`);
    const url = `http://gk.test${itemUrl}`;
    const matrix = (text: string) => {
      const q = QRCode.create(text, { errorCorrectionLevel: 'M' });
      return { size: q.modules.size, data: Array.from(q.modules.data as Uint8Array) };
    };
    const want = matrix(url);
    // Chromium rasterises the drawn SVG; the centre of every module is read back as dark or light.
    const read: number[] = await page.evaluate(async (n: number) => {
      const svg = document.querySelector('footer .qr svg')!;
      const img = new Image();
      img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
      await img.decode();
      const dim = n + 4; // the SVG's 2-module margin on each side
      const scale = 8;
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = dim * scale;
      const g = canvas.getContext('2d')!;
      g.drawImage(img, 0, 0, canvas.width, canvas.height);
      const px = g.getImageData(0, 0, canvas.width, canvas.height).data;
      const out: number[] = [];
      for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
        const cx = (x + 2) * scale + scale / 2;
        const cy = (y + 2) * scale + scale / 2;
        out.push(px[(cy * canvas.width + cx) * 4]! < 128 ? 1 : 0);
      }
      return out;
    }, want.size);
    assert.deepEqual(read, want.data, 'the drawn QR is the URL’s');
    const other = matrix(`${url}0`);
    assert.notDeepEqual(read, other.data);
    await page.context().close();
  });

  it('answers 503 with a stable code when Chromium cannot start, while the HTML print view still works', async () => {
    const prev = useBulletinPdfRenderer(createPdfRenderer({ ...defaultPdfOptions(), executablePath: '/nonexistent/chromium', timeoutMs: 5000 }));
    try {
      const anon = env.t.anonymous();
      const res = await anon.get(`${itemUrl}/bulletin.pdf?size=A3`);
      assert.equal(res.statusCode, 503);
      assert.match(res.body, /BULLETIN_PDF_UNAVAILABLE|暂时无法生成/);
      const html = await anon.get(`${itemUrl}/bulletin?size=A3`);
      assert.equal(html.statusCode, 200);
      assert.match(html.body, /@page \{ size: A3/);
      assert.match(html.body, /监督电话：0763-/);
    } finally {
      await useBulletinPdfRenderer(prev)?.close();
    }
  });

  it('serves a repeated notice from the cache without printing again', async () => {
    const r = createPdfRenderer({ ...defaultPdfOptions(), executablePath: browserPath });
    try {
      const html = '<!doctype html><html lang="zh-CN"><body><p>测试</p></body></html>';
      const a = await r.render(html, 'A4');
      const b = await r.render(html, 'A4');
      assert.equal(a, b);
      assert.deepEqual(r.stats, { printed: 1, cached: 1 });
    } finally {
      await r.close();
    }
  });
});
