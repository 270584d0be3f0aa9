/**
 * Issue 14, L4 and the headers: NUL bytes and truncated uploads are the sender's
 * fault (400, never 500), staff API answers are never kept by a shared cache, and
 * browsers behind TLS are told to stay on https.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, json, type Client, type TestApp } from './helpers.js';

for (const engine of ENGINES) {
  describe(`bad input and private answers (${engine})`, () => {
    let t: TestApp;
    let editor: Client;
    before(async () => {
      t = await createTestApp(engine, { demo: true, config: { trustProxy: ['127.0.0.1'] } });
      editor = await t.login('demo-editor');
    });
    after(async () => t?.close());

    test('a NUL anywhere in a query or a body is a 400, anonymous or not', async () => {
      for (const url of ['/search?q=%00', '/search?q=a%00b', '/api/v1/publications?q=%00', '/prefs?back=/%00']) {
        const res = await t.app.inject({ url });
        assert.ok(res.statusCode === 400 || res.statusCode === 401, `${url} → ${res.statusCode}`);
      }
      assert.equal((await t.app.inject({ url: '/search?q=a%00b' })).statusCode, 400);
      const res = await editor.api('POST', '/api/v1/publications', { title: `标题\u0000${randomBytes(2).toString('hex')}` });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(json(res).error.code, 'VALIDATION_FAILED');
      const form = await t.anonymous().get('/office/login');
      assert.equal(form.statusCode, 200);
    });

    test('a multipart upload cut short is a 400', async () => {
      const id = json(await editor.api('POST', '/api/v1/publications', { title: `截断上传 ${randomBytes(2).toString('hex')}` })).id as number;
      const boundary = `----gk${randomBytes(8).toString('hex')}`;
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
        Buffer.from('%PDF-1.4\n'.repeat(100)),
      ]);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/publications/${id}/attachments`,
        headers: { cookie: [...editor.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-csrf-token': editor.csrf },
        payload,
      });
      assert.equal(res.statusCode, 400, res.body);
    });

    test('staff API answers are private and vary on the credentials; anonymous ones are not marked so', async () => {
      const staff = await editor.api('GET', '/api/v1/publications');
      assert.equal(staff.statusCode, 200);
      assert.equal(staff.headers['cache-control'], 'private, no-store');
      assert.match(String(staff.headers.vary), /Authorization/);
      assert.match(String(staff.headers.vary), /Cookie/);
      const anon = await t.app.inject({ url: '/api/v1/categories' });
      assert.notEqual(anon.headers['cache-control'], 'private, no-store');
    });

    test('HSTS is sent behind TLS (through the trusted proxy) and not over plain http', async () => {
      // (Browsers ignore the header over http anyway; a page cached from an https answer may carry it.)
      const plain = await t.app.inject({ url: '/robots.txt' });
      assert.equal(plain.headers['strict-transport-security'], undefined);
      const tls = await t.app.inject({ url: '/office/login', headers: { 'x-forwarded-proto': 'https' } });
      assert.match(String(tls.headers['strict-transport-security']), /max-age=\d{7,}/);
    });
  });
}
