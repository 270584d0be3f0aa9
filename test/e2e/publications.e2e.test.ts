import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { minimalPdf } from '../../src/demo/files.demo.js';
import { seedPublications } from '../../src/demo/publications.demo.js';
import { chinaDateOf } from '../../src/lib/dates.js';
import { axeViolations, browserPath, newPage, signIn, startBrowserEnv, type BrowserEnv } from './browser.js';

/** What Word puts on the clipboard for a heading, a styled paragraph, a list and a table. */
const WORD_HTML = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=Generator content="Microsoft Word 15"><style>p.MsoNormal{mso-style-parent:"";}</style></head>
<body lang=ZH-CN><!--StartFragment--><h1 align=center style="text-align:center"><span style="font-family:黑体">关于做好项目申报工作的通知</span></h1>
<p class=MsoNormal style="text-indent:2em"><span style="font-family:仿宋_GB2312;mso-bidi-font-family:宋体">各县（市、区）发展改革局：<o:p></o:p></span></p>
<p class=MsoListParagraph style="mso-list:l0 level1 lfo1"><span style="mso-list:Ignore">1.<span style="font:7.0pt">&nbsp;</span></span><b>申报范围</b>：市级重点项目。<o:p></o:p></p>
<p class=MsoListParagraph style="mso-list:l0 level1 lfo1"><span style="mso-list:Ignore">2.</span>申报时间：即日起。<o:p></o:p></p>
<table class=MsoTableGrid border=1 style="border-collapse:collapse;mso-yfti-tbllook:1184"><tr><td width=200 style="width:150pt"><p class=MsoNormal>项目名称<o:p></o:p></p></td><td colspan=2><p class=MsoNormal>投资额<o:p></o:p></p></td></tr></table>
<p class=MsoNormal><font color=red onclick="alert(1)">请按时报送。</font></p><!--EndFragment--></body></html>`;

describe('browser: drafting, review and publishing', { skip: !browserPath && 'Chromium not installed' }, () => {
  let env: BrowserEnv;
  const shots = process.env.GONGKAI_SCREENSHOTS || '';

  before(async () => {
    env = await startBrowserEnv();
  });
  after(() => env?.close());

  it('an editor pastes from Word, attaches a PDF and submits; a reviewer publishes; the portal shows it with its metadata and QR code', async () => {
    const today = chinaDateOf(new Date());
    const title = '关于做好2026年市级重点项目申报工作的通知';
    const editor = await newPage(env.browser);
    await signIn(editor, env.base, 'demo-editor');
    await editor.goto(`${env.base}/office/publications/new`);
    assert.deepEqual(await axeViolations(editor), [], 'new-draft form');
    await editor.getByLabel('名称（标题）').fill(title);

    // The editor replaces the textarea; a paste from Word comes out clean.
    const area = editor.locator('.rich-area');
    await area.click();
    await editor.evaluate((html) => {
      const dt = new DataTransfer();
      dt.setData('text/html', html);
      dt.setData('text/plain', 'ignored');
      document.querySelector('.rich-area')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, WORD_HTML);
    const pasted = await area.innerHTML();
    assert.doesNotMatch(pasted, /mso|Mso|<o:p|<font|style=|onclick|<span|<!--|class="MsoNormal"|font-family/);
    assert.match(pasted, /<h2 class="align-center">关于做好项目申报工作的通知<\/h2>/);
    assert.match(pasted, /<ul><li><strong>申报范围<\/strong>：市级重点项目。<\/li><li>申报时间：即日起。<\/li><\/ul>/);
    assert.match(pasted, /<table><tbody><tr><td><p>项目名称<\/p><\/td><td colspan="2"><p>投资额<\/p><\/td><\/tr><\/tbody><\/table>/);
    assert.match(pasted, /请按时报送。/);
    await editor.getByRole('button', { name: '保存草稿' }).click();
    await editor.waitForURL(/\/office\/publications\/\d+$/);
    const id = Number(/(\d+)$/.exec(editor.url())![1]);

    // Before submitting the page lists what is missing; fill it in.
    await assert.doesNotReject(editor.getByRole('heading', { name: '提交前检查' }).waitFor());
    assert.match(await editor.locator('.missing-list').innerText(), /成文日期/);
    await editor.getByLabel('内容概述').fill('部署2026年市级重点项目申报工作，明确申报范围和时间。');
    await editor.getByLabel('文号').fill('示发改投〔2026〕21号');
    await editor.getByLabel('成文日期').fill(today);
    await editor.getByLabel('形成日期').fill(today);
    await editor.getByLabel('公开类别（栏目）').selectOption('art20_10');
    await editor.getByLabel('主题分类').selectOption('economy');
    await editor.getByLabel('体裁分类').selectOption('notice');
    await editor.getByRole('button', { name: '保存', exact: true }).click();
    await editor.waitForURL(/\/office\/publications\/\d+$/);
    assert.match(await editor.locator('.pub-side').innerText(), /期限内（期限 \d{4}-\d{2}-\d{2}，剩 \d+ 个工作日）/);
    assert.match(await editor.locator('.pub-side').innerText(), /各项已填写完整/);
    assert.match(await editor.locator('.rich-area').innerHTML(), /<table>/, 'the table survived saving');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-e2e-'));
    const pdf = path.join(dir, '附件：2026年市级重点项目申报表.pdf');
    fs.writeFileSync(pdf, minimalPdf(['Application form 2026']));
    await editor.getByLabel('上传附件').setInputFiles(pdf);
    await editor.getByRole('button', { name: '保存并上传', exact: true }).click();
    await editor.waitForURL(/\/office\/publications\/\d+$/);
    assert.match(await editor.locator('.attachment-list').innerText(), /附件：2026年市级重点项目申报表\.pdf/);
    assert.deepEqual(await axeViolations(editor), [], 'edit page');
    if (shots) await editor.screenshot({ path: path.join(shots, 'edit.png'), fullPage: true });
    // The side panel's button belongs to the edit form, so an unsaved change goes with the submission.
    await editor.getByLabel('内容概述').fill('部署2026年市级重点项目申报工作，明确申报范围、条件和时间。');
    await editor.getByRole('complementary', { name: '状态与操作' }).getByRole('button', { name: '保存并提交审核' }).click();
    await editor.waitForURL(/\/office\/publications\/\d+$/);
    assert.match(await editor.locator('.pub-status').innerText(), /待办公室审核/);
    assert.match(await editor.locator('main').innerText(), /明确申报范围、条件和时间/, 'the unsaved summary was saved with the submission');

    // The reviewer reads, records the confidentiality review and publishes.
    const reviewer = await newPage(env.browser);
    await signIn(reviewer, env.base, 'demo-reviewer');
    await reviewer.goto(`${env.base}/office/publications?state=submitted`);
    await reviewer.getByRole('link', { name: title }).click();
    await reviewer.getByRole('link', { name: '审核（含保密审查）' }).click();
    await reviewer.waitForURL(/\/review$/);
    assert.deepEqual(await axeViolations(reviewer), [], 'review page');
    if (shots) await reviewer.screenshot({ path: path.join(shots, 'review.png'), fullPage: true });
    await reviewer.getByLabel('不涉及国家秘密、工作秘密和敏感信息，同意公开').check();
    await reviewer.getByRole('textbox', { name: '意见' }).fill('经保密审查，同意公开');
    await reviewer.getByRole('button', { name: '审核通过并发布' }).click();
    await reviewer.waitForURL(new RegExp(`/office/publications/${id}$`));
    assert.match(await reviewer.locator('.pub-status').innerText(), /已发布/);
    const indexNumber = (await reviewer.locator('.pub-status code').innerText()).trim();
    assert.match(indexNumber, /^[0-9A-Z]{18}\/\d{4}-\d{5}$/);

    // The public page, without JavaScript: metadata table, body, attachment, QR code.
    const citizen = await newPage(env.browser, { javaScriptEnabled: false });
    const res = await citizen.goto(`${env.base}/fgj/zfxxgk/content/${id}`);
    assert.equal(res?.status(), 200);
    const meta = await citizen.locator('.meta-table').innerText();
    for (const s of ['索引号', indexNumber, '示发改投〔2026〕21号', '示例市发展和改革局', '有效']) assert.ok(meta.includes(s), `${s} in ${meta}`);
    assert.match(await citizen.locator('main').innerText(), /项目名称/);
    assert.ok(await citizen.getByRole('link', { name: /附件：2026年市级重点项目申报表/ }).count());
    assert.ok(await citizen.locator('figure.qr svg').count());
    assert.match(await citizen.locator('figure.qr').innerText(), /扫描二维码随身看资讯/);
    if (shots) await citizen.screenshot({ path: path.join(shots, 'portal.png'), fullPage: true });
  });

  it('with the demo catalog loaded, the dashboard, lists and a screened item have no WCAG 2.1 A/AA violations', async () => {
    await seedPublications(env.t.db, { dataDir: env.t.config.dataDir });
    const withFindings = await env.t.db.selectFrom('publications').select('id').where('title', '=', '示例大道快速化改造工程征收补偿公示').executeTakeFirstOrThrow();
    const page = await newPage(env.browser);
    await signIn(page, env.base, 'demo-reviewer');
    for (const p of ['/office', '/office/publications', '/office/publications?deadline=1', '/office/publications?findings=1', `/office/publications/${withFindings.id}/review`]) {
      await page.goto(`${env.base}${p}`);
      assert.deepEqual(await axeViolations(page), [], p);
      if (shots) await page.screenshot({ path: path.join(shots, `${p.replace(/\W+/g, '_')}.png`), fullPage: true });
    }
  });
});
