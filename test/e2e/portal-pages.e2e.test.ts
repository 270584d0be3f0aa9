import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeFile } from '../../src/features/files/files.js';
import { bumpContentVersion } from '../../src/web/page-cache.js';
import { createEmptyAgency, insertPublished } from '../publication-fixture.js';
import { axeViolations, browserPath, newPage, startBrowserEnv, type BrowserEnv } from './browser.js';

const SIZES = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe('browser: column and item pages', { skip: !browserPath && 'Chromium not installed' }, () => {
  let env: BrowserEnv;
  const ids: Record<string, number> = {};

  before(async () => {
    env = await startBrowserEnv();
    const db = env.t.db;
    const agencyId = await createEmptyAgency(db, 'ppj', '示例县栏目测试局');
    for (let i = 1; i <= 3; i++) {
      ids[`doc${i}`] = await insertPublished(db, {
        agencyId,
        title: `示例县第${i}号规范性文件`,
        category: 'art20_01',
        documentKind: 'normative',
        publishedAt: `2026-0${i}-10T02:00:00.000Z`,
        documentNumber: `示发〔2026〕${i}号`,
      });
    }
    ids.jd = await insertPublished(db, { agencyId, title: '《示例县第2号规范性文件》政策解读', category: 'policy_interpretation', genre: 'interpretation', publishedAt: '2026-02-11T02:00:00.000Z' });
    await db.insertInto('publicationInterpretations').values({ interpretationId: ids.jd, documentId: ids.doc2!, position: 0, createdAt: '2026-02-11T02:00:00.000Z' }).execute();
    ids.pdf = await insertPublished(db, {
      agencyId,
      title: '示例县通知（附PDF）',
      category: 'notices',
      publishedAt: '2026-03-01T02:00:00.000Z',
      attachment: { name: '实施方案.pdf', mimeType: 'application/pdf', size: PDF.length },
    });
    const att = await db
      .selectFrom('publicationAttachments as pa')
      .innerJoin('attachments as a', 'a.id', 'pa.attachmentId')
      .select(['a.sha256'])
      .where('pa.publicationId', '=', ids.pdf)
      .executeTakeFirstOrThrow();
    storeFile(env.t.config.dataDir, att.sha256, PDF);
    // 行政事业性收费 stays empty, with the reason the agency recorded.
    await env.t.anonymous().get('/ppj/zfxxgk');
    await db.updateTable('catalogColumns').set({ emptyReason: '本局不收取行政事业性收费' }).where('agencyId', '=', agencyId).where('key', '=', 'art20_08').execute();
    bumpContentVersion();
  });
  after(() => env?.close());

  for (const size of SIZES) {
    it(`${size.name}: the 栏目 tree marks the column and shows a leaf's siblings; axe finds nothing`, async () => {
      const page = await newPage(env.browser);
      page.setDefaultTimeout(15_000);
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${env.base}/ppj/zfxxgk/fdzdgknr/fgwj`);
      const nav = page.getByRole('navigation', { name: '栏目导航' });
      if (size.name === 'phone') {
        // Folded to one line on a phone, opened without script.
        assert.equal(await nav.getByRole('link', { name: '机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名' }).isVisible(), false);
        await nav.locator('summary').click();
      }
      const current = nav.locator('a[aria-current]');
      assert.equal(await current.count(), 1);
      assert.equal(await current.textContent(), '行政法规、规章和规范性文件');
      assert.equal(await current.getAttribute('aria-current'), 'page');
      // Siblings of the leaf column, and the first-level columns.
      for (const name of ['机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名', '财政预算、决算信息', '政府信息公开指南', '政府信息公开年报']) {
        assert.ok(await nav.getByRole('link', { name, exact: true }).isVisible(), `${name} is visible`);
      }
      assert.deepEqual(await axeViolations(page), []);
      await page.context().close();
    });

    it(`${size.name}: an empty statutory column says so, with its reason, and offers no filters, count or feed`, async () => {
      const page = await newPage(env.browser);
      page.setDefaultTimeout(15_000);
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${env.base}/ppj/zfxxgk/fdzdgknr/xzsf`);
      const main = page.locator('main');
      assert.ok(await main.getByText('本机关暂无此类信息。').isVisible());
      assert.ok(await main.getByText('说明：本局不收取行政事业性收费').isVisible());
      assert.equal(await page.locator('form.filters').count(), 0);
      assert.equal(await main.getByText(/共 0 条/).count(), 0);
      assert.equal(await page.locator('a[href$="feed.xml"], link[type="application/atom+xml"]').count(), 0);
      assert.deepEqual(await axeViolations(page), []);
      await page.context().close();
    });

    it(`${size.name}: the item page has 打印/关闭, 上一篇/下一篇 in column order, 解读 ↔ 原文 both ways; print keeps the metadata and QR code`, async () => {
      const page = await newPage(env.browser);
      page.setDefaultTimeout(15_000);
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${env.base}/ppj/zfxxgk/content/${ids.doc2}`);
      const controls = page.locator('.item-controls');
      assert.ok(await controls.getByRole('link', { name: '打印' }).isVisible());
      assert.equal(await controls.getByRole('link', { name: '关闭' }).getAttribute('href'), '/ppj/zfxxgk/fdzdgknr/fgwj');
      const around = page.getByRole('navigation', { name: '上一篇和下一篇' });
      // The column lists newest first: 上一篇 is the newer item, 下一篇 the older.
      assert.equal(await around.locator('a[rel="prev"]').textContent(), '示例县第3号规范性文件');
      assert.equal(await around.locator('a[rel="next"]').textContent(), '示例县第1号规范性文件');
      assert.equal(await page.locator('nav[aria-label="栏目导航"] a[aria-current="location"]').textContent(), '行政法规、规章和规范性文件');
      await page.getByRole('link', { name: '《示例县第2号规范性文件》政策解读' }).click();
      await page.waitForURL(`**/content/${ids.jd}`);
      await page.getByRole('link', { name: '示例县第2号规范性文件', exact: true }).click();
      await page.waitForURL(`**/content/${ids.doc2}`);
      assert.deepEqual(await axeViolations(page), []);

      await page.emulateMedia({ media: 'print' });
      assert.ok(await page.locator('dl.meta-table').isVisible(), 'metadata table printed');
      assert.ok(await page.locator('.site-footer .qr svg').isVisible(), 'QR code printed');
      for (const sel of ['.main-nav', '.toolbar', '.crumbs', 'nav[aria-label="栏目导航"]', '.item-controls', 'nav[aria-label="上一篇和下一篇"]']) {
        assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} hidden in print`);
      }
      await page.emulateMedia({ media: 'screen' });

      // Without script, 打印 opens the print view: navigation gone on screen too, a line on how to print.
      const noJs = await newPage(env.browser, { javaScriptEnabled: false });
      noJs.setDefaultTimeout(15_000);
      await noJs.setViewportSize({ width: size.width, height: size.height });
      await noJs.goto(`${env.base}/ppj/zfxxgk/content/${ids.doc2}`);
      await noJs.getByRole('link', { name: '打印' }).click();
      await noJs.waitForURL(/print=1/);
      assert.ok(await noJs.getByText(/这是本页的打印版式/).isVisible());
      assert.equal(await noJs.locator('.main-nav').isVisible(), false);
      assert.ok(await noJs.locator('dl.meta-table').isVisible());
      const printUrl = noJs.url();
      await noJs.context().close();
      // axe runs as script, so the print view is scanned in the page that has it.
      await page.goto(printUrl);
      assert.deepEqual(await axeViolations(page), []);
      await page.context().close();
    });

    it(`${size.name}: a PDF opens inline (type, nosniff, safe name) and a separate link downloads it`, async () => {
      const page = await newPage(env.browser);
      page.setDefaultTimeout(15_000);
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${env.base}/ppj/zfxxgk/content/${ids.pdf}`);
      const open = page.getByRole('link', { name: '实施方案.pdf', exact: true });
      const href = (await open.getAttribute('href'))!;
      const download = page.locator('.attachments a.download');
      assert.equal(await download.getAttribute('href'), `${href}?download=1`);
      assert.ok(await download.isVisible());
      const inline = await page.request.get(env.base + href);
      assert.equal(inline.headers()['content-type'], 'application/pdf');
      assert.equal(inline.headers()['x-content-type-options'], 'nosniff');
      assert.match(inline.headers()['content-disposition']!, /^inline; filename="_+\.pdf"; filename\*=UTF-8''%E5%AE%9E/);
      const saved = await page.request.get(`${env.base}${href}?download=1`);
      assert.match(saved.headers()['content-disposition']!, /^attachment;/);
      assert.deepEqual(await axeViolations(page), []);
      await page.context().close();
    });
  }
});
