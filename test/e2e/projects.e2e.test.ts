import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actorForUsername } from '../../src/features/accounts/account.service.js';
import { createProject, addStage } from '../../src/features/projects/project.service.js';
import { chinaDateOf } from '../../src/lib/dates.js';
import { axeViolations, browserPath, newPage, signIn, startBrowserEnv, type BrowserEnv } from './browser.js';

describe('browser: key projects', { skip: !browserPath && 'Chromium not installed' }, () => {
  let env: BrowserEnv;
  let projectId: number;
  before(async () => {
    env = await startBrowserEnv();
    const reviewer = (await actorForUsername(env.t.db, 'demo-reviewer', 'cli'))!;
    const fgj = (await env.t.db.selectFrom('agencies').select('id').where('slug', '=', 'fgj').executeTakeFirstOrThrow()).id;
    const p = await createProject(env.t.db, reviewer, fgj, {
      name: '示例市滨江路综合改造工程',
      code: '2026-330102-48-01-000321',
      owner: '示例市城市建设投资有限公司',
      investment: '12500.5',
      plannedStart: '2026-01-15',
      plannedEnd: '2027-06-30',
      status: 'under_construction',
    });
    await addStage(env.t.db, reviewer, p.id, { name: '主体施工', plannedStart: '2026-03-01', plannedEnd: '2026-12-31' });
    projectId = p.id;
  });
  after(() => env?.close());

  it('staff add a progress entry; the public timeline shows it; no WCAG 2.1 A/AA violations', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.base, 'demo-reviewer');
    await page.goto(`${env.base}/office/projects/${projectId}`);
    const failures = (await axeViolations(page)).map((v) => `office: ${v}`);
    const today = chinaDateOf(new Date());
    await page.fill('#f-date', today);
    await page.fill('#f-percent', '101');
    await page.fill('#f-body', '雨污管网铺设完成 1.2 公里');
    await page.click('button:has-text("登记进展")');
    assert.match((await page.locator('#error-summary').textContent()) ?? '', /不能超过 100%/);
    failures.push(...(await axeViolations(page)).map((v) => `office error: ${v}`));
    await page.fill('#f-percent', '35');
    await page.click('button:has-text("登记进展")');
    assert.match((await page.locator('[role=status]').textContent()) ?? '', /已登记/);
    await page.context().close();

    const pub = await newPage(env.browser);
    const res = await pub.goto(`${env.base}/fgj/zdxm/${projectId}`);
    assert.equal(res?.status(), 200);
    assert.match((await pub.locator('ol.timeline').textContent()) ?? '', /雨污管网铺设完成 1.2 公里/);
    assert.match((await pub.locator('ol.timeline').textContent()) ?? '', /35%/);
    assert.equal(await pub.locator('section h3').count(), 8);
    failures.push(...(await axeViolations(pub)).map((v) => `public: ${v}`));
    await pub.goto(`${env.base}/fgj/zdxm`);
    failures.push(...(await axeViolations(pub)).map((v) => `list: ${v}`));
    assert.deepEqual(failures, []);
    await pub.context().close();
  });
});
