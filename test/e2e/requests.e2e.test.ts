/**
 * The lawyer's and the office's journeys for a request (journeys 5 and 8): apply
 * online on a phone without an account, track it, receive a 补正 notice, get the
 * reply letter on the tracking page and by e-mail (through a real SMTP server
 * started here).
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { axeViolations, browserPath, newPage, signIn, startBrowserEnv, type BrowserEnv } from './browser.js';

interface Received {
  to: string[];
  data: string;
}

function startSmtp(): Promise<{ server: SMTPServer; port: number; mail: Received[] }> {
  const mail: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mail.push({ to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.server.address() as AddressInfo).port, mail })));
}

/** Subject lines as nodemailer encodes them (RFC 2047 base64 words), decoded. */
function subjectOf(raw: string): string {
  const line = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
  return line.replace(/\r?\n[ \t]/g, ' ').replace(/=\?utf-8\?B\?([^?]+)\?=\s*/gi, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
}

describe('browser: applying, 补正, reply, tracking and e-mail', { skip: !browserPath && 'Chromium not installed' }, () => {
  let env: BrowserEnv;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  before(async () => {
    smtp = await startSmtp();
    env = await startBrowserEnv({ platform: { smtpUrl: `smtp://127.0.0.1:${smtp.port}` } });
  });
  after(async () => {
    await env?.close();
    await new Promise<void>((r) => smtp?.server.close(() => r()));
  });

  it('a lawyer applies on a phone and tracks it; the office asks for 补正, then replies; the letter is on the tracking page and in the mailbox', async () => {
    // A phone; axe needs JavaScript in the page (the form itself works without it: request.portal.test.ts).
    const phone = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
    const citizen = await phone.newPage();
    await citizen.goto(`${env.base}/fgj/zfxxgk/ysqgk`);
    await citizen.getByRole('link', { name: '在线申请' }).click();
    await citizen.waitForURL(/\/ysqgk\/apply$/);
    assert.deepEqual(await axeViolations(citizen), [], 'apply form');
    await citizen.getByLabel('申请人类型').selectOption('legal_service');
    await citizen.getByLabel('申请人姓名或名称').fill('示例律师事务所');
    await citizen.getByLabel('联系人（法人或其他组织填写）').fill('李律师');
    await citizen.getByLabel('身份证明类型').selectOption('uscc');
    await citizen.getByLabel('身份证明号码').fill('91350100M000100Y43');
    await citizen.getByLabel('电子邮箱').fill('lawyer@example.com');
    await citizen.getByLabel('所需信息的内容描述').fill('请提供关于示例大道快速化改造工程的全部批复文件');
    await citizen.getByLabel('所需信息的形式').selectOption('electronic');
    await citizen.getByLabel('获取信息的方式').selectOption('email');
    await citizen.getByRole('button', { name: '提交申请' }).click();
    await citizen.getByRole('heading', { name: '申请已提交' }).waitFor();
    assert.deepEqual(await axeViolations(citizen), [], 'receipt');
    const code = (await citizen.locator('.tracking-code .code').innerText()).trim();
    assert.match(code, /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);

    await citizen.goto(`${env.base}/requests/track`);
    await citizen.getByLabel('查询码').fill(code.toLowerCase());
    await citizen.getByRole('button', { name: '查询' }).click();
    await citizen.getByRole('heading', { name: '政府信息公开申请办理进度' }).waitFor();
    assert.match(await citizen.locator('.request-track .facts').innerText(), /已登记/);
    assert.deepEqual(await axeViolations(citizen), [], 'tracking page');

    // The office asks for 补正.
    const office = await newPage(env.browser);
    await signIn(office, env.base, 'demo-reviewer');
    await office.goto(`${env.base}/office/requests`);
    await office.getByRole('link', { name: /示例大道快速化改造工程/ }).first().click();
    await office.waitForURL(/\/office\/requests\/\d+$/);
    assert.deepEqual(await axeViolations(office), [], 'office detail');
    const ask = office.locator('#act-request_correction');
    await office.locator('summary', { hasText: '告知补正' }).click();
    await ask.getByLabel('补正期限').fill('2099-12-31');
    await ask.getByLabel('补正事项').fill('请写明所需批复文件的文号或作出年份');
    await ask.getByRole('button', { name: '告知补正' }).click();
    await office.waitForURL(/\/office\/requests\/\d+$/);
    assert.match(await office.locator('main').innerText(), /待补正/);

    await citizen.goto(`${env.base}/requests/track/${code}`);
    assert.match(await citizen.locator('.request-track').innerText(), /补正申请告知书[\s\S]*请写明所需批复文件的文号或作出年份/);

    // The correction arrives; the office replies.
    await office.locator('summary', { hasText: '收到补正' }).click();
    await office.locator('#act-receive_correction').getByRole('button', { name: '收到补正' }).click();
    await office.waitForURL(/\/office\/requests\/\d+$/);
    await office.locator('summary', { hasText: /^答复$/ }).click();
    const reply = office.locator('#act-reply');
    await reply.getByLabel('答复决定').selectOption('unavailable_not_held');
    await reply.getByLabel('说明').fill('经检索，本机关未制作、获取该批复文件，建议向示例市住房和城乡建设局咨询。');
    await reply.getByRole('button', { name: '答复' }).click();
    await office.waitForURL(/\/office\/requests\/\d+$/);
    assert.match(await office.locator('main').innerText(), /已答复/);

    await citizen.goto(`${env.base}/requests/track/${code}`);
    const page = await citizen.locator('.request-track').innerText();
    assert.match(page, /已答复/);
    assert.match(page, /政府信息公开申请答复告知书/);
    assert.match(page, /本机关不掌握相关政府信息/);
    assert.match(page, /六个月内/);

    // Both letters went out by e-mail through the SMTP server.
    const deadline = Date.now() + 10_000;
    while (smtp.mail.filter((m) => m.to.includes('lawyer@example.com')).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const subjects = smtp.mail.filter((m) => m.to.includes('lawyer@example.com')).map((m) => subjectOf(m.data));
    assert.ok(subjects.some((s) => /补正申请告知书/.test(s)), subjects.join(' | '));
    assert.ok(subjects.some((s) => /答复告知书/.test(s)), subjects.join(' | '));
    await phone.close();
  });
});
