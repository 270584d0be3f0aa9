/**
 * A consultation opens, takes comments, closes and publishes its feedback: the
 * office drafts and opens it, a citizen on a phone comments on one section
 * without an account, the office moderates, and after the end date (the clock
 * moved on) writes the 采纳情况, which the public page then shows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Clock } from '../../src/lib/clock.js';
import { axeViolations, browserPath, newPage, signIn, startBrowserEnv, type BrowserEnv } from './browser.js';

describe('browser: a consultation opens, takes comments, closes and publishes its feedback', { skip: !browserPath && 'Chromium not installed' }, () => {
  let env: BrowserEnv;
  let ms = Date.parse('2026-11-02T09:00:00+08:00');
  const clock: Clock = { now: () => new Date(ms) };

  before(async () => {
    env = await startBrowserEnv({ platform: { clock } });
  });
  after(async () => env?.close());

  it('office opens it, a citizen comments on a section, the office moderates, closes by date and publishes the feedback', async () => {
    const office = await newPage(env.browser);
    await signIn(office, env.base, 'demo-reviewer');
    await office.goto(`${env.base}/office/participation`);
    await office.getByRole('link', { name: '新建意见征集' }).click();
    await office.getByLabel('标题').fill('关于《示例市户外广告设置管理办法（征求意见稿）》公开征求意见的公告');
    await office.getByLabel('征集类别').selectOption('normative');
    await office.getByLabel('起草说明').fill('为规范户外广告设置，起草本办法。');
    await office.getByLabel('草案正文').fill('## 第一条 目的\n为规范户外广告设置，制定本办法。\n## 第二条 设置规划\n户外广告设置应当符合专项规划。');
    await office.getByLabel('意见反馈方式').fill('电子邮件：fgj@example.gov.cn');
    await office.getByLabel('征集开始日期').fill('2026-11-02');
    await office.getByLabel('征集截止日期').fill('2026-11-16');
    await office.getByRole('button', { name: '保存草稿' }).click();
    await office.waitForURL(/\/office\/participation\/consultations\/\d+$/);
    assert.deepEqual(await axeViolations(office), [], 'office draft page');
    await office.getByRole('button', { name: '发布意见征集' }).click();
    await office.waitForURL(/\/office\/participation\/consultations\/\d+$/);
    assert.match(await office.locator('main').innerText(), /已发布（征集中）/);
    const officeUrl = office.url();

    // A citizen on a phone, no account.
    const phone = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
    const citizen = await phone.newPage();
    await citizen.goto(`${env.base}/fgj/hdcy`);
    assert.deepEqual(await axeViolations(citizen), [], 'list page');
    await citizen.getByRole('link', { name: /户外广告设置管理办法/ }).click();
    await citizen.getByRole('heading', { name: /户外广告设置管理办法/ }).waitFor();
    assert.deepEqual(await axeViolations(citizen), [], 'consultation page');
    await citizen.getByRole('link', { name: '对“第二条 设置规划”提意见' }).click();
    assert.equal(await citizen.getByLabel('意见针对').inputValue().then((v) => v !== 'general'), true);
    await citizen.getByLabel('意见内容').fill('建议在专项规划中明确历史街区禁止设置大型广告牌。');
    await citizen.getByLabel('姓名或称呼（选填）').fill('周女士');
    await citizen.getByLabel('联系方式（选填）').fill('13600000000');
    await citizen.getByRole('button', { name: '提交意见' }).click();
    await citizen.getByText('您的意见已提交，经审核后公开显示').waitFor();
    assert.doesNotMatch(await citizen.locator('main').innerText(), /历史街区禁止/, 'not shown before moderation');

    // The office approves it.
    await office.goto(officeUrl);
    assert.match(await office.locator('main').innerText(), /13600000000/);
    await office.getByRole('button', { name: '公开', exact: true }).click();
    await office.waitForURL(/\/office\/participation\/consultations\/\d+/);
    assert.match(await office.locator('main').innerText(), /已公开 1/);

    // After the end date the form is gone and the office writes the 采纳情况.
    ms = Date.parse('2026-11-17T09:00:00+08:00');
    await citizen.reload();
    assert.match(await citizen.locator('#comment-form').innerText(), /已于2026年11月16日截止/);
    await signIn(office, env.base, 'demo-reviewer');
    await office.goto(officeUrl);
    await office.getByLabel('收到意见数').fill('1');
    await office.getByLabel('采纳', { exact: true }).fill('1');
    await office.getByLabel('部分采纳').fill('0');
    await office.getByLabel('未采纳').fill('0');
    await office.getByLabel('采纳情况说明').fill('第二条：采纳关于历史街区的意见，增加“历史文化街区内不得设置大型户外广告”。');
    await office.getByRole('button', { name: '公布采纳情况' }).click();
    await office.waitForURL(/\/office\/participation\/consultations\/\d+/);
    assert.match(await office.locator('main').innerText(), /已结束/);

    await citizen.reload();
    await citizen.locator('#s-2 summary', { hasText: '对本节的意见（1）' }).click();
    const text = await citizen.locator('main').innerText();
    assert.match(text, /意见采纳情况/);
    assert.match(text, /共收到意见 1 条，其中采纳 1 条/);
    assert.match(text, /历史文化街区内不得设置大型户外广告/);
    assert.match(text, /周女士/);
    assert.doesNotMatch(text, /13600000000/);
    assert.deepEqual(await axeViolations(citizen), [], 'consultation page with feedback');
    await citizen.goto(`${env.base}/fgj/hdcy`);
    assert.match(await citizen.locator('main').innerText(), /已结束的意见征集[\s\S]*户外广告设置管理办法[\s\S]*已公布采纳情况/);
    // The demo's hearing notice: participants and the materials, dated.
    await citizen.getByRole('link', { name: /听证会$/ }).first().click();
    await citizen.getByRole('heading', { name: '听证参加人名单' }).waitFor();
    assert.match(await citizen.locator('main').innerText(), /遴选办法[\s\S]*张建国（消费者代表）[\s\S]*定价成本监审报告（2026-11-02 \d\d:\d\d 送达）/);
    assert.deepEqual(await axeViolations(citizen), [], 'hearing page');
    await phone.close();
  });
});
