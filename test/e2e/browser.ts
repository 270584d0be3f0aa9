import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { PlatformOptions } from '../../src/platform/open.js';
import { createHash } from 'node:crypto';
import type { Db } from '../../src/db/database.js';
import { createTestApp, type TestApp } from '../helpers.js';

/** The database of the environment last started, for `signIn` to pass the second factor (see passSecondFactor in ../helpers.ts). */
let envDb: Db | undefined;

/** Chromium flags for a closed network: no background calls home, no sandbox as root. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export const browserPath = process.env.GONGKAI_TEST_BROWSER || '';

export interface BrowserEnv {
  t: TestApp;
  browser: Browser;
  base: string;
  close(): Promise<void>;
}

/** The demo platform served on a real port, and Debian's Chromium driven by playwright-core. */
export async function startBrowserEnv(opts: { platform?: PlatformOptions } = {}): Promise<BrowserEnv> {
  const t = await createTestApp('sqlite', { demo: true, ...(opts.platform ? { platform: opts.platform } : {}) });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  envDb = t.db;
  const browser = await chromium.launch({ executablePath: browserPath, args: ARGS });
  return {
    t, browser, base,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

/** WCAG 2.1 A and AA violations on the page, as readable lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** A page in its own browser context (axe needs a context it can inject into). */
export async function newPage(browser: Browser, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext(options);
  return context.newPage();
}

export async function signIn(page: Page, base: string, username: string, password = 'demo-password') {
  await page.goto(`${base}/office/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/office(\/|$)/);
  // Reviewers, leaders and administrators owe a second factor: given straight in the
  // database here (a real code per sign-in would meet replay protection within 30 s).
  if (/\/office\/account\/2fa/.test(page.url()) && envDb) {
    const sid = (await page.context().cookies()).find((c) => c.name === 'gk_sid')?.value;
    if (sid) {
      const id = createHash('sha256').update(sid).digest('hex');
      await envDb.updateTable('sessions').set({ secondFactorAt: new Date().toISOString() }).where('id', '=', id).execute();
      const next = new URL(page.url()).searchParams.get('next') ?? '/office';
      await page.goto(`${base}${next}`);
    }
  }
}
