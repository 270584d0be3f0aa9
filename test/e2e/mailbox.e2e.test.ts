/**
 * Journey 6: a villager complains through the mailbox without JavaScript, staff
 * reply and publish the exchange, and the public Q&A shows it with the name and
 * phone masked. The form's slow no-JavaScript path is passed by moving the
 * injected clock, not by waiting.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Clock } from '../../src/lib/clock.js';
import { axeViolations, browserPath, newPage, signIn, startBrowserEnv, type BrowserEnv } from './browser.js';

class ManualClock implements Clock {
  private offset = 0;
  now() {
    return new Date(Date.now() + this.offset);
  }
  advance(seconds: number) {
    this.offset += seconds * 1000;
  }
}

describe('browser: mailbox letter, reply, masked Q&A', { skip: !browserPath && 'Chromium not installed' }, () => {
  let env: BrowserEnv;
  const clock = new ManualClock();

  before(async () => {
    env = await startBrowserEnv({ platform: { clock } });
  });
  after(async () => env?.close());

  it('a citizen writes without JavaScript; staff reply and publish; the public sees it masked; axe finds nothing', async () => {
    const citizen = await newPage(env.browser, { javaScriptEnabled: false });
    await citizen.goto(`${env.base}/bhz`);
    await citizen.getByRole('link', { name: '我要留言' }).click();
    await citizen.getByLabel('留言类型').selectOption('complaint');
    await citizen.getByLabel('标题').fill('村口垃圾长期无人清运');
    await citizen.getByLabel('留言内容').fill('我叫周秀英，住滨河镇西塘村5组，电话13512345678。村口垃圾点一个月没人清运，气味很大。');
    await citizen.getByLabel('姓名').fill('周秀英');
    await citizen.getByLabel('联系电话').fill('13512345678');
    // Without JavaScript the challenge must age before it is accepted (the robot-speed check).
    clock.advance(30);
    await citizen.getByRole('button', { name: '提交留言' }).click();
    await citizen.getByRole('heading', { name: '留言已提交' }).waitFor();
    const code = (await citizen.locator('.tracking-code .code').textContent())!.trim();
    assert.match(code, /^X[2-9A-Z]{4}-/);

    const staff = await newPage(env.browser);
    await signIn(staff, env.base, 'bhz-reviewer');
    await staff.goto(`${env.base}/office/mailbox`);
    await staff.getByRole('link', { name: '村口垃圾长期无人清运' }).click();
    assert.deepEqual(await axeViolations(staff), []);
    await staff.getByLabel('答复内容').fill('周秀英您好：已安排环卫人员当日清运，并增加每周清运次数。');
    await staff.getByRole('button', { name: '提交答复' }).click();
    await staff.getByText('已答复，来信人可凭查询码查看').waitFor();
    // The masked preview is what gets published.
    const preview = await staff.getByLabel('公开的留言内容').inputValue();
    assert.doesNotMatch(preview, /13512345678|周秀英|西塘村/);
    await staff.getByRole('button', { name: '公开', exact: true }).click();
    await staff.getByText('已公开为留言选登').waitFor();

    await citizen.goto(`${env.base}/mailbox/track/${code}`);
    await citizen.getByText('已安排环卫人员当日清运').waitFor();

    const reader = await newPage(env.browser);
    await reader.goto(`${env.base}/bhz/mailbox/qa`);
    assert.deepEqual(await axeViolations(reader), []);
    await reader.getByRole('link', { name: '村口垃圾长期无人清运' }).click();
    const text = await reader.locator('main').textContent();
    assert.match(text!, /135\*\*\*\*5678/);
    assert.doesNotMatch(text!, /13512345678|周秀英|西塘村/);
    assert.deepEqual(await axeViolations(reader), []);

    // The form itself with JavaScript (the proof of work runs) and the 网站纠错 form.
    await reader.goto(`${env.base}/bhz/mailbox`);
    await reader.getByText('校验已完成，可以提交。').waitFor();
    assert.deepEqual(await axeViolations(reader), []);
    await reader.goto(`${env.base}/jiucuo?url=${encodeURIComponent(`${env.base}/bhz`)}`);
    assert.equal(await reader.getByLabel('出错页面网址').inputValue(), `${env.base}/bhz`);
    assert.deepEqual(await axeViolations(reader), []);
  });
});
