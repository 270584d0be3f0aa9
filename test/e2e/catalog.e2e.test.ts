import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chinaDateOf } from '../../src/lib/dates.js';
import { bumpContentVersion } from '../../src/web/page-cache.js';
import { createEmptyAgency, insertPublished } from '../publication-fixture.js';
import { axeViolations, browserPath, newPage, startBrowserEnv, type BrowserEnv } from './browser.js';

describe('browser: the disclosure catalog', { skip: !browserPath && 'Chromium not installed' }, () => {
  let env: BrowserEnv;
  const ids: Record<string, number> = {};
  const year = Number(chinaDateOf(new Date()).slice(0, 4));

  before(async () => {
    env = await startBrowserEnv();
    const db = env.t.db;
    // A fresh agency, so counts are exactly the items made here.
    const fgj = await createEmptyAgency(db, 'tsj', '示例市测试局');
    for (let i = 0; i < 23; i++) {
      ids[`doc${i}`] = await insertPublished(db, {
        agencyId: fgj,
        title: `示例市发展和改革局关于做好第${i + 1}批重点项目前期工作的通知`,
        category: 'art20_01',
        topic: 'economy',
        validity: i === 2 ? 'abolished' : 'valid',
        validityDate: i === 2 ? `${year}-06-01` : null,
        publishedAt: `${year - (i % 2)}-03-${String(1 + i).padStart(2, '0')}T02:00:00.000Z`,
        documentNumber: `示发改〔${year}〕${i + 1}号`,
      });
    }
    ids.plan = await insertPublished(db, {
      agencyId: fgj,
      title: '示例市国民经济和社会发展第十五个五年规划纲要',
      category: 'art20_03',
      publishedAt: `${year}-02-01T02:00:00.000Z`,
      revisedAt: `${year}-02-03T02:00:00.000Z`,
      documentNumber: '示府〔2026〕3号',
      keywords: '规划、纲要',
      body: '<p>为全面贯彻落实党中央、国务院决策部署，编制本规划纲要。</p><h2>一、发展基础</h2><p>“十四五”时期，全市经济总量稳步增长。</p><table><thead><tr><th>指标</th><th>目标</th></tr></thead><tbody><tr><td>地区生产总值增速</td><td>6%左右</td></tr></tbody></table>',
      attachment: { name: '规划纲要全文.pdf', mimeType: 'application/pdf', size: 1048576 },
    });
    ids.report = await insertPublished(db, {
      agencyId: fgj,
      title: `示例市发展和改革局${year - 1}年政府信息公开工作年度报告`,
      category: 'annual_report',
      publishedAt: `${year}-01-20T02:00:00.000Z`,
    });
    ids.withdrawn = await insertPublished(db, {
      agencyId: fgj,
      title: '关于调整停车收费标准的通知',
      category: 'art20_08',
      publishedAt: `${year}-01-05T02:00:00.000Z`,
      withdrawn: { at: `${year}-01-08T02:00:00.000Z`, reason: '标准尚未经听证，撤回后重新发布' },
    });
    bumpContentVersion();
  });
  after(() => env?.close());

  const pages = () => [
    ['agency home', '/tsj'],
    ['disclosure home', '/tsj/zfxxgk'],
    ['statutory content', '/tsj/zfxxgk/fdzdgknr'],
    ['list page', '/tsj/zfxxgk/fdzdgknr/fgwj'],
    ['list page, filtered, page 2', '/tsj/zfxxgk/fdzdgknr/fgwj?topic=economy&page=2'],
    ['publication page', `/tsj/zfxxgk/content/${ids.plan}`],
    ['abolished publication', `/tsj/zfxxgk/content/${ids.doc2}`],
    ['withdrawn notice', `/tsj/zfxxgk/content/${ids.withdrawn}`],
    ['guide with workflow chart', '/tsj/zfxxgk/zfxxgkzn'],
    ['annual reports', '/tsj/zfxxgk/zfxxgknb'],
    ['how to apply', '/tsj/zfxxgk/ysqgk'],
    ['agency-level column', '/tsj/gzdt'],
  ];

  it('finds no WCAG 2.1 A/AA violations on the catalog pages', async () => {
    const page = await newPage(env.browser);
    const found: string[] = [];
    for (const [name, path] of pages()) {
      const res = await page.goto(`${env.base}${path}`);
      assert.ok(res && [200, 410].includes(res.status()), `${name}: ${res?.status()}`);
      found.push(...(await axeViolations(page)).map((v) => `${name}: ${v}`));
    }
    assert.deepEqual(found, []);
    await page.context().close();
  });

  it('finds none on the demo agency’s pages, with the demo platform’s own content', async () => {
    const db = env.t.db;
    const demo = await db
      .selectFrom('publications')
      .innerJoin('agencies', 'agencies.id', 'publications.agencyId')
      .select(['publications.id'])
      .where('agencies.slug', '=', 'fgj')
      .where('publications.publicStatus', '=', 'published')
      .orderBy('publications.id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const page = await newPage(env.browser);
    const found: string[] = [];
    for (const path of ['/', '/fgj', '/fgj/zfxxgk', '/fgj/zfxxgk/fdzdgknr', ...(demo ? [`/fgj/zfxxgk/content/${demo.id}`] : [])]) {
      const res = await page.goto(`${env.base}${path}`);
      assert.equal(res?.status(), 200, path);
      found.push(...(await axeViolations(page)).map((v) => `${path}: ${v}`));
    }
    assert.deepEqual(found, []);
    await page.context().close();
  });

  it('finds none with high contrast and the largest text either', async () => {
    const page = await newPage(env.browser);
    const url = new URL(env.base);
    await page.context().addCookies([{ name: 'gk_prefs', value: 'f-2.c-h.s-hans', domain: url.hostname, path: '/' }]);
    const found: string[] = [];
    for (const [name, path] of pages().filter(([n]) => ['disclosure home', 'list page', 'publication page'].includes(n!))) {
      await page.goto(`${env.base}${path}`);
      found.push(...(await axeViolations(page)).map((v) => `${name}: ${v}`));
    }
    assert.deepEqual(found, []);
    await page.context().close();
  });

  it('on a phone the metadata table folds to one pair per line above the body, and nothing scrolls sideways', async () => {
    const context = await env.browser.newContext({ viewport: { width: 375, height: 740 }, javaScriptEnabled: true });
    const page = await context.newPage();
    await page.goto(`${env.base}/tsj/zfxxgk/content/${ids.plan}`);
    const layout = await page.evaluate(() => {
      const table = document.querySelector('.meta-table')!;
      const cells = Array.from(table.children).map((c) => c.getBoundingClientRect());
      return {
        columns: getComputedStyle(table).gridTemplateColumns.split(' ').length,
        sameLeft: cells.every((r) => Math.abs(r.left - cells[0]!.left) < 1),
        tableAboveBody: table.getBoundingClientRect().bottom <= document.querySelector('.article-body')!.getBoundingClientRect().top,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
      };
    });
    assert.equal(layout.columns, 1);
    assert.ok(layout.sameLeft);
    assert.ok(layout.tableAboveBody);
    assert.ok(layout.overflow <= 0, `page is ${layout.overflow}px wider than the phone`);
    await page.setViewportSize({ width: 1200, height: 800 });
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.meta-table')!).gridTemplateColumns.split(' ').length), 2);
    await context.close();
  });

  it('filters and pages with JavaScript off, through the GET form', async () => {
    const page = await newPage(env.browser, { javaScriptEnabled: false });
    await page.goto(`${env.base}/tsj/zfxxgk/fdzdgknr/fgwj`);
    await page.getByLabel('有效性').selectOption('abolished');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/validity=abolished/);
    assert.equal(await page.locator('.catalog-list > li').count(), 1);
    await page.goto(`${env.base}/tsj/zfxxgk/fdzdgknr/fgwj`);
    await page.getByRole('link', { name: '下一页' }).click();
    await page.waitForURL(/page=2/);
    assert.equal(await page.locator('.catalog-list > li').count(), 3);
    await page.context().close();
  });

  it('feeds and the sitemap parse in the browser’s own XML parser', async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.base}/tsj`);
    for (const path of ['/tsj/zfxxgk/feed.xml', '/tsj/zfxxgk/fdzdgknr/fgwj/feed.xml', '/sitemap.xml']) {
      const result = await page.evaluate(async (p) => {
        const text = await (await fetch(p)).text();
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        return { error: doc.getElementsByTagName('parsererror').length, root: doc.documentElement.localName, entries: doc.getElementsByTagName('entry').length };
      }, path);
      assert.equal(result.error, 0, path);
      assert.ok(['feed', 'urlset'].includes(result.root), path);
      if (path.endsWith('fgwj/feed.xml')) assert.equal(result.entries, 23);
    }
    await page.context().close();
  });
});
