import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { axeViolations, browserPath, newPage, signIn, startBrowserEnv, type BrowserEnv } from './browser.js';

describe('browser: foundation journeys', { skip: !browserPath && 'Chromium not installed' }, () => {
  let env: BrowserEnv;
  before(async () => {
    env = await startBrowserEnv();
  });
  after(() => env?.close());

  it('an administrator signs in, edits the disclosure guide and the portal shows it', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.base, 'demo-admin');
    assert.match(await page.textContent('h1') ?? '', /工作台/);
    const fgj = await env.t.db.selectFrom('agencies').select('id').where('slug', '=', 'fgj').executeTakeFirstOrThrow();
    await page.goto(`${env.base}/office/agencies/${fgj.id}/guide`);
    await page.getByLabel('办公时间', { exact: true }).fill('工作日 上午 9:00–12:00，下午 14:00–17:30');
    await page.getByRole('button', { name: '保存并发布' }).click();
    await page.waitForURL(/\/guide$/);
    assert.match(await page.textContent('[role=status]') ?? '', /指南已发布/);
    await page.goto(`${env.base}/fgj/zfxxgk/zfxxgkzn`);
    assert.match(await page.textContent('main') ?? '', /上午 9:00–12:00，下午 14:00–17:30/);
    await page.context().close();
  });

  it('a wrong password gets the one generic refusal, on a keyboard-only path', async () => {
    const page = await newPage(env.browser);
    await page.goto(`${env.base}/office/login`);
    await page.keyboard.press('Tab'); // skip link
    await page.getByLabel('用户名').fill('czj-leader');
    await page.getByLabel('密码').fill('not-the-password');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#login-error');
    assert.match(await page.textContent('#login-error') ?? '', /用户名或密码不正确，或账号因连续 5 次输入错误已锁定/);
    await page.context().close();
  });

  it('the text size and contrast choices persist from page to page without JavaScript', async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${env.base}/fgj`);
    await page.getByRole('link', { name: '特大' }).click();
    await page.getByRole('link', { name: '高对比度' }).click();
    await page.goto(`${env.base}/czj`);
    const cls = await page.getAttribute('html', 'class');
    assert.match(cls ?? '', /font-2/);
    assert.match(cls ?? '', /contrast-high/);
    await context.close();
  });

  it('portal pages have no WCAG 2.1 A/AA violations', async () => {
    const page = await newPage(env.browser);
    const failures: string[] = [];
    for (const path of ['/', '/fgj', '/fgj/zfxxgk/zfxxgkzn', '/czj/zfxxgk/zfxxgkzn', '/calendar', '/calendar?from=2026-09-15&days=20', '/calendar?from=2026-12-20&days=20', '/calendar?from=2026-02-30&days=-3', '/office/login', '/no-such-page']) {
      await page.goto(`${env.base}${path}`);
      for (const v of await axeViolations(page)) failures.push(`${path}: ${v}`);
    }
    // The same pages in high contrast and the largest text.
    await page.goto(`${env.base}/prefs?font=2&contrast=high&back=/fgj`);
    for (const v of await axeViolations(page)) failures.push(`/fgj (high contrast): ${v}`);
    assert.deepEqual(failures, []);
    await page.context().close();
  });

  it('office pages have no WCAG 2.1 A/AA violations', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.base, 'demo-admin');
    const fgj = await env.t.db.selectFrom('agencies').select('id').where('slug', '=', 'fgj').executeTakeFirstOrThrow();
    const failures: string[] = [];
    for (const path of ['/office', '/office/calendar', '/office/settings', '/office/agencies', `/office/agencies/${fgj.id}`, `/office/agencies/${fgj.id}/guide`, `/office/agencies/${fgj.id}/departments`, '/office/users', '/office/users/new', '/office/account', '/office/audit']) {
      await page.goto(`${env.base}${path}`);
      for (const v of await axeViolations(page)) failures.push(`${path}: ${v}`);
    }
    assert.deepEqual(failures, []);
    await page.context().close();
  });
});
