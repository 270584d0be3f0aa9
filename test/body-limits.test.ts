/**
 * Issue 14, M5: small bodies by default, access checked before a body is read, and
 * nesting checked before the sanitizer runs.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { bodyShapeProblem, MAX_BODY_DEPTH } from '../src/features/publications/publication.html.js';
import { chinaDateOf } from '../src/lib/dates.js';
import { ENGINES, createTestApp, json, type Client, type TestApp } from './helpers.js';

const MB = 1024 * 1024;

test('the shape check counts nesting in one pass, ignoring elements that do not nest', () => {
  assert.equal(bodyShapeProblem('<div>'.repeat(MAX_BODY_DEPTH) + 'x' + '</div>'.repeat(MAX_BODY_DEPTH)), null);
  assert.match(bodyShapeProblem('<div>'.repeat(MAX_BODY_DEPTH + 1))!, /嵌套过深/);
  assert.match(bodyShapeProblem('<span><b>'.repeat(60))!, /嵌套过深/);
  // Legacy pages leave <p>, <li> and <td> unclosed by the thousand: that is not nesting.
  assert.equal(bodyShapeProblem('<p>段落<li>条目<td>单元格<br>'.repeat(5000)), null);
  assert.equal(bodyShapeProblem('<div>a</div>'.repeat(100_000)), null);
});

const draft = (body: string) => {
  const today = chinaDateOf(new Date());
  return {
    title: `关于公布工作安排的通知 ${randomBytes(2).toString('hex')}`,
    summary: '公布工作安排。',
    body,
    writtenDate: today,
    formedDate: today,
    category: 'notices',
    topic: 'market_safety',
    genre: 'notice',
  };
};

for (const engine of ENGINES) {
  describe(`body limits (${engine})`, () => {
    let t: TestApp;
    let editor: Client;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
      editor = await t.login('demo-editor');
    });
    after(async () => t?.close());

    test('an anonymous large POST to the API or the office is refused before its body is parsed', async () => {
      // Not even valid JSON: a 401 proves the parser never ran.
      const junk = `{${'x'.repeat(3 * MB)}`;
      const api = await t.app.inject({ method: 'POST', url: '/api/v1/publications', headers: { 'content-type': 'application/json' }, payload: junk });
      assert.equal(api.statusCode, 401, api.body.slice(0, 200));
      assert.equal(json(api).error.code, 'UNAUTHENTICATED');
      const office = await t.app.inject({ method: 'POST', url: '/office/settings', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `siteName=${'x'.repeat(3 * MB)}` });
      assert.equal(office.statusCode, 401);
    });

    test('a signed-in caller gets 413 for a JSON body over 1 MB on an ordinary route', async () => {
      const res = await editor.api('POST', '/api/v1/publications/1/transitions', { action: 'submit', comment: 'x'.repeat(1.2 * MB) });
      assert.equal(res.statusCode, 413, res.body.slice(0, 200));
      assert.equal(json(res).error.code, 'PAYLOAD_TOO_LARGE');
    });

    test('a long body is still accepted where a publication is written', async () => {
      const body = `<p>${'政府信息公开工作安排。'.repeat(12)}</p>`.repeat(3000);
      assert.ok(Buffer.byteLength(JSON.stringify(draft(body))) > 1.1 * MB);
      const res = await editor.api('POST', '/api/v1/publications', draft(body));
      assert.equal(res.statusCode, 201, res.body.slice(0, 300));
    });

    test("an editor's body of nested <div>s is refused with a field message before sanitizing", async () => {
      const n = 80_000;
      const res = await editor.api('POST', '/api/v1/publications', draft('<div>'.repeat(n) + '正文' + '</div>'.repeat(n)));
      assert.equal(res.statusCode, 400, res.body.slice(0, 300));
      assert.match(json(res).error.fields.body, /嵌套过深/);
    });
  });
}
