import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_ACTOR } from '../../src/features/access/roles.js';
import { importLedger } from '../../src/features/requests/request.service.js';
import { storeHistorical } from '../../src/features/annual-reports/annual-report.service.js';
import { emptyFigures } from '../../src/features/annual-reports/annual-report.js';
import { axeViolations, browserPath, newPage, signIn, startBrowserEnv, type BrowserEnv } from './browser.js';

describe('browser: annual reports', { skip: !browserPath && 'Chromium not installed' }, () => {
  let env: BrowserEnv;
  let fgj: number;
  let gov: number;
  before(async () => {
    env = await startBrowserEnv();
    const ids = await env.t.db.selectFrom('agencies').select(['id', 'slug', 'level']).execute();
    fgj = ids.find((a) => a.slug === 'fgj')!.id;
    gov = ids.find((a) => a.level === 'government')!.id;
    await importLedger(
      env.t.db,
      SYSTEM_ACTOR,
      fgj,
      ['收到日期,申请人类型,申请人,申请内容,答复日期,处理结果', '2024-03-03,自然人,张三,申请某批复,2024-03-20,予以公开', '2024-12-30,商业企业,某公司,申请某合同,,'].join('\r\n'),
    );
    const bad = emptyFigures('2021');
    bad.requests['一、本年新收政府信息公开申请数量'] = [3, 0, 0, 0, 0, 0, 3];
    await storeHistorical(env.t.db, SYSTEM_ACTOR, fgj, 2022, bad, { origin: 'typed' });
  });
  after(() => env?.close());

  it('office report pages, with failing cells marked, have no WCAG 2.1 A/AA violations', async () => {
    const page = await newPage(env.browser);
    await signIn(page, env.base, 'demo-admin');
    const failures: string[] = [];
    const cell = encodeURIComponent('三:四、结转下年度继续办理:总计');
    for (const path of [
      '/office/annual-reports',
      `/office/annual-reports/${fgj}/2024`,
      `/office/annual-reports/${fgj}/2022`,
      `/office/annual-reports/${fgj}/2024/cell?ref=${cell}`,
      `/office/annual-reports/${fgj}/2024/statistics`,
      `/office/annual-reports/${fgj}/2024/print`,
      `/office/annual-reports/${fgj}/history`,
      `/office/annual-reports/${fgj}/import`,
      `/office/annual-reports/${fgj}/2020/typed`,
      `/office/annual-reports/${gov}/2024/government`,
    ]) {
      const res = await page.goto(`${env.base}${path}`);
      assert.equal(res?.status(), 200, path);
      for (const v of await axeViolations(page)) failures.push(`${path}: ${v}`);
    }
    assert.deepEqual(failures, []);
    // The failing cells of 2022 are marked by more than colour: a frame, a sign and words.
    await page.goto(`${env.base}/office/annual-reports/${fgj}/2022`);
    assert.ok((await page.locator('td.rt-failing').count()) > 0);
    assert.match((await page.locator('td.rt-failing').first().textContent()) ?? '', /核对不一致/);
    await page.context().close();
  });

  it('the public history page with its chart has no violations, on a phone', async () => {
    const context = await env.browser.newContext({ viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    const res = await page.goto(`${env.base}/fgj/zfxxgk/zfxxgknb/history`);
    assert.equal(res?.status(), 200);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});
