import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { seedPublications } from '../../src/demo/publications.demo.js';
import { axeViolations, browserPath, startBrowserEnv, type BrowserEnv } from './browser.js';

const SIZES = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

async function pageAt(browser: Browser, size: (typeof SIZES)[number], javaScriptEnabled = false): Promise<Page> {
  // No JavaScript: the portal's shell must work without it (axe alone needs it to run).
  const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, javaScriptEnabled });
  return context.newPage();
}

/** The top of the first element matching `selector`, in CSS pixels from the top of the page. */
async function topOf(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox();
  assert.ok(box, `${selector} is rendered on ${page.url()}`);
  return box.y;
}

describe('browser: the portal shell (footer, site map, navigation, first screen)', { skip: !browserPath && 'Chromium not installed' }, () => {
  let env: BrowserEnv;
  let itemPath = '';
  before(async () => {
    env = await startBrowserEnv();
    await seedPublications(env.t.db, { dataDir: env.t.config.dataDir });
    const page = await pageAt(env.browser, SIZES[0]);
    await page.goto(`${env.base}/fgj/zfxxgk/fdzdgknr/fgwj`);
    itemPath = (await page.locator('.catalog-list > li a.item-title').first().getAttribute('href')) ?? '';
    assert.match(itemPath, /^\/fgj\/zfxxgk\/content\/\d+$/);
    await page.context().close();
  });
  after(() => env?.close());

  for (const size of SIZES) {
    describe(`at ${size.width}×${size.height}`, () => {
      it('the footer names 主办单位, 承办单位, 网站标识码 and the record numbers, with the links the 指引 asks for', async () => {
        const page = await pageAt(env.browser, size);
        await page.goto(`${env.base}/`);
        const footer = page.locator('footer.site-footer');
        const text = await footer.innerText();
        for (const s of ['主办单位', '示例市人民政府办公室', '承办单位', '示例市政务服务数据管理局', '网站标识码', '4499000001', '粤ICP备99000001号-1', '粤公网安备 44990002000001号']) {
          assert.ok(text.includes(s), `${s} in the footer`);
        }
        assert.equal(await footer.getByRole('link', { name: '粤ICP备99000001号-1' }).getAttribute('href'), 'https://beian.miit.gov.cn/');
        assert.equal(await footer.getByRole('link', { name: /粤公网安备/ }).getAttribute('href'), 'https://beian.mps.gov.cn/#/query/webSearch?code=44990002000001');
        assert.match((await footer.getByRole('link', { name: /党政机关/ }).getAttribute('href')) ?? '', /^https:\/\/bszs\.conac\.cn\//);
        assert.equal(await footer.getByRole('link', { name: '网站地图' }).getAttribute('href'), '/sitemap');
        assert.equal(await footer.getByRole('link', { name: '联系我们' }).getAttribute('href'), '/contact');
        assert.equal(await footer.getByRole('link', { name: '网站纠错' }).getAttribute('href'), '/jiucuo?url=%2F');

        // An agency with its own 标识码 is its own site: it is named as 主办单位, with its code; 纠错 carries the page's address.
        await page.goto(`${env.base}${itemPath}`);
        const agencyFooter = await footer.innerText();
        assert.match(agencyFooter, /主办单位：?\s*示例市发展和改革局/);
        assert.match(agencyFooter, /4499000002/);
        assert.equal(await footer.getByRole('link', { name: '网站纠错' }).getAttribute('href'), `/jiucuo?url=${encodeURIComponent(itemPath)}`);
        assert.equal(await footer.getByRole('link', { name: '联系我们' }).getAttribute('href'), '/contact#fgj');
        await page.context().close();
      });

      it('the main navigation has 政策文件, 依申请公开 and 年报, and the home page one search box and two lists with feeds', async () => {
        const page = await pageAt(env.browser, size);
        await page.goto(`${env.base}/`);
        const nav = page.getByRole('navigation', { name: '主导航' });
        for (const [label, href] of [['政策文件', '/zcwj'], ['依申请公开', '/ysqgk'], ['年报', '/nb'], ['信息检索', '/search']]) {
          assert.equal(await nav.getByRole('link', { name: label, exact: true }).getAttribute('href'), href, label);
        }
        assert.equal(await page.locator('input[type=search]').count(), 1, 'one search box');
        for (const [heading, feed] of [['最新信息', '/feed.xml'], ['政策文件', '/zcwj/feed.xml']] as const) {
          const section = page.locator('section', { has: page.getByRole('heading', { name: heading }) });
          assert.ok((await section.locator('.catalog-list > li').count()) >= 3, `${heading} lists items`);
          assert.equal(await section.getByRole('link', { name: /订阅/ }).getAttribute('href'), feed);
        }
        for (const feed of ['/feed.xml', '/zcwj/feed.xml']) {
          const res = await page.request.get(`${env.base}${feed}`);
          assert.equal(res.status(), 200);
          assert.match(res.headers()['content-type'] ?? '', /application\/atom\+xml/);
          assert.match(await res.text(), /<entry>/);
        }
        // The hubs the navigation opens.
        await page.goto(`${env.base}/zcwj`);
        assert.ok((await page.locator('.catalog-list > li').count()) >= 10);
        assert.match(await page.locator('.catalog-list').innerText(), /规〔20\d\d〕\d+号/);
        await page.goto(`${env.base}/ysqgk`);
        assert.equal(await page.getByRole('link', { name: '向示例市发展和改革局在线申请' }).getAttribute('href'), '/fgj/zfxxgk/ysqgk/apply');
        await page.goto(`${env.base}/nb`);
        assert.match(await page.locator('main').innerText(), /示例市发展和改革局\d{4}年政府信息公开工作年度报告/);
        await page.context().close();
      });

      it('the HTML site map lists every agency with its column tree, beside the XML one', async () => {
        const page = await pageAt(env.browser, size);
        await page.goto(`${env.base}/sitemap`);
        assert.equal(await page.locator('h1').innerText(), '网站地图');
        assert.equal(await page.getByRole('link', { name: 'XML 网站地图' }).getAttribute('href'), '/sitemap.xml');
        const agencies = await env.t.db.selectFrom('agencies').select(['name', 'slug']).execute();
        for (const a of agencies) assert.equal(await page.getByRole('link', { name: a.name, exact: true }).first().getAttribute('href'), `/${a.slug}`);
        const fgj = page.locator('.site-map > li', { has: page.locator('#map-fgj') });
        for (const href of ['/fgj/zfxxgk', '/fgj/zfxxgk/zfxxgkzn', '/fgj/zfxxgk/fdzdgknr', '/fgj/zfxxgk/fdzdgknr/fgwj', '/fgj/zfxxgk/zfxxgknb', '/fgj/zfxxgk/ysqgk']) {
          assert.equal(await fgj.locator(`a[href="${href}"]`).count(), 1, href);
        }
        await page.goto(`${env.base}/contact`);
        assert.match(await page.locator('#fgj').innerText(), /办公地址/);
        await page.context().close();
      });

      it('the first list item, the first search result and an item title are on the first screen', async () => {
        const page = await pageAt(env.browser, size);
        const cases: [string, string][] = [
          ['/fgj/zfxxgk/fdzdgknr/fgwj', '.catalog-list > li'],
          [`/search?q=${encodeURIComponent('管理办法')}`, '.search-results > li'],
          [itemPath, 'main h1'],
        ];
        for (const [path, selector] of cases) {
          await page.goto(`${env.base}${path}`);
          const top = await topOf(page, selector);
          assert.ok(top + 40 < size.height, `${path}: ${selector} starts at ${top}px, below the first screen of ${size.height}px`);
        }
        // The search placeholder is shown whole in the header's box.
        await page.goto(`${env.base}/fgj`);
        const fits = await page.locator('#header-q').evaluate((el: HTMLInputElement) => {
          const ctx = document.createElement('canvas').getContext('2d');
          const style = getComputedStyle(el);
          // Without a canvas (no script runs in the page, but evaluate does), a CJK glyph is one em.
          const textWidth = ctx ? (ctx.font = `${style.fontSize} ${style.fontFamily}`, ctx.measureText(el.placeholder).width) : el.placeholder.length * parseFloat(style.fontSize);
          return el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) >= textWidth;
        });
        assert.ok(fits, 'the placeholder fits');
        if (size.name === 'phone') {
          // On a phone the filters and the reading toolbar are folded, each one row.
          await page.goto(`${env.base}/fgj/zfxxgk/fdzdgknr/fgwj`);
          assert.equal(await page.locator('details.filter-fold').getAttribute('open'), null);
          assert.equal(await page.locator('form.filters').isVisible(), false);
          assert.ok(((await page.locator('nav.toolbar').boundingBox())?.height ?? 99) <= 48, 'toolbar is one row');
          await page.locator('details.filter-fold > summary').click();
          assert.equal(await page.locator('form.filters').isVisible(), true);
        } else {
          await page.goto(`${env.base}/fgj/zfxxgk/fdzdgknr/fgwj`);
          assert.equal(await page.locator('form.filters').isVisible(), true);
          assert.equal(await page.getByRole('link', { name: '特大' }).isVisible(), true);
        }
        await page.context().close();
      });

      it('the workflow chart reads at this width', async () => {
        const page = await pageAt(env.browser, size);
        await page.goto(`${env.base}/fgj/zfxxgk/zfxxgkzn`);
        const chart = page.locator('figure.workflow-chart').first();
        const shown = size.name === 'phone' ? chart.locator('svg.wf-narrow') : chart.locator('svg.wf-wide');
        const hidden = size.name === 'phone' ? chart.locator('svg.wf-wide') : chart.locator('svg.wf-narrow');
        assert.equal(await shown.isVisible(), true);
        assert.equal(await hidden.isVisible(), false);
        const { scale, fontSize, tall } = await shown.evaluate((svg: SVGSVGElement) => {
          const box = svg.getBoundingClientRect();
          const sizes = Array.from(svg.querySelectorAll('text')).map((t) => Number(t.getAttribute('font-size')));
          return { scale: box.width / svg.viewBox.baseVal.width, fontSize: Math.min(...sizes), tall: box.height > box.width };
        });
        assert.ok(fontSize * scale >= 12, `smallest text ${(fontSize * scale).toFixed(1)}px`);
        if (size.name === 'phone') assert.ok(tall, 'vertical on a phone');
        await page.context().close();
      });

      it('every shell page has no WCAG 2.1 A/AA violations', async () => {
        const page = await pageAt(env.browser, size, true);
        const failures: string[] = [];
        const paths = ['/', '/fgj', '/sitemap', '/contact', '/zcwj', '/ysqgk', '/nb', '/calendar', '/calendar?from=2026-09-15&days=20', '/fgj/zfxxgk/fdzdgknr/fgwj', `/search?q=${encodeURIComponent('管理办法')}`, itemPath, '/fgj/zfxxgk/zfxxgkzn'];
        for (const path of paths) {
          await page.goto(`${env.base}${path}`);
          for (const v of await axeViolations(page)) failures.push(`${path}: ${v}`);
        }
        assert.deepEqual(failures, []);
        await page.context().close();
      });
    });
  }
});
