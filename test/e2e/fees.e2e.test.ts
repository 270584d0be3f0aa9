import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedFees } from '../../src/demo/fees.demo.js';
import { axeViolations, browserPath, newPage, startBrowserEnv, type BrowserEnv } from './browser.js';

describe('browser: price and fee lists', { skip: !browserPath && 'Chromium not installed' }, () => {
  let env: BrowserEnv;
  before(async () => {
    env = await startBrowserEnv();
    await seedFees(env.t.db);
  });
  after(() => env?.close());

  it('the public list renders as a table, an earlier date shows the earlier price, and axe finds nothing', async () => {
    const page = await newPage(env.browser);
    const res = await page.goto(`${env.base}/fgj/zfxxgk/sfxm`);
    assert.equal(res?.status(), 200);
    const table = page.locator('table.data-table').first();
    assert.match((await table.locator('caption').textContent()) ?? '', /政府定价/);
    assert.match((await table.textContent()) ?? '', /每立方米 2.80 元/);
    const failures = (await axeViolations(page)).map((v) => `list: ${v}`);
    const earlier = (await page.locator('#f-date').inputValue()).replace(/^(\d{4})/, (y) => String(Number(y) - 2));
    await page.fill('#f-date', earlier);
    await page.click('button:has-text("查看")');
    assert.match((await page.locator('[role=status]').first().textContent()) ?? '', new RegExp(earlier));
    assert.match((await page.locator('table.data-table').first().textContent()) ?? '', /每立方米 2.50 元/);
    await page.click('a:has-text("共 2 版")');
    assert.match((await page.locator('h1').textContent()) ?? '', /居民生活用水价格/);
    failures.push(...(await axeViolations(page)).map((v) => `item: ${v}`));
    await page.goto(`${env.base}/czj/zfxxgk/sfxm`);
    failures.push(...(await axeViolations(page)).map((v) => `czj: ${v}`));
    assert.deepEqual(failures, []);
    await page.context().close();
  });
});
