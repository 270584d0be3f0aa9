/**
 * What the bad-input corpus (test/bad-input-corpus.test.ts) found, each pinned on its own:
 * - an integer past the 32-bit column range (a sort order, a version, an agency filter)
 *   reached PostgreSQL and came back as a 500;
 * - a long query string was repeated in every toolbar link and the QR code of the page,
 *   so a 60 KB URL made an anonymous visitor's page 2.9 MB and cost seconds to render.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { toAppError, pagePath } from '../src/web/core.js';
import { ENGINES, createTestApp, json, type Client, type TestApp } from './helpers.js';

test('a database "number out of range" is bad input, not a fault', () => {
  const req = { log: { error() {} }, server: { deps: { config: { maxUploadBytes: 1 } } } } as unknown as FastifyRequest;
  const e = toAppError(Object.assign(new Error('value "-9007199254740991" is out of range for type integer'), { code: '22003' }), req);
  assert.equal(e.code, 'VALIDATION_FAILED');
  assert.equal(e.status, 400);
});

test('a page keeps its own address only while it is short', () => {
  assert.equal(pagePath('/search?q=预算'), '/search?q=预算');
  assert.equal(pagePath(`/search?q=${'a'.repeat(5000)}`), '/search');
  assert.equal(pagePath(`/${'a'.repeat(5000)}`), '/');
});

for (const engine of ENGINES) {
  describe(`what the corpus found (${engine})`, () => {
    let t: TestApp;
    let admin: Client;
    let reviewer: Client;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
      admin = await t.login('demo-admin');
      reviewer = await t.login('demo-reviewer');
    });
    after(async () => t?.close());

    test('integers past the column range are a 400 with the field named', async () => {
      const fgj = await t.db.selectFrom('agencies').select('id').where('slug', '=', 'fgj').executeTakeFirstOrThrow();
      const dept = await t.db.selectFrom('departments').select(['id', 'name']).where('agencyId', '=', fgj.id).orderBy('id').executeTakeFirstOrThrow();
      for (const sortOrder of [-9007199254740991, 2147483648]) {
        const res = await admin.api('PATCH', `/api/v1/departments/${dept.id}`, { name: dept.name, sortOrder });
        assert.equal(res.statusCode, 400, res.body);
        assert.match(json(res).error.fields.sortOrder, /超出范围/);
      }
      const list = await reviewer.api('GET', '/api/v1/requests?agencyId=9007199254740991');
      assert.equal(list.statusCode, 400, list.body);
      const page = await reviewer.api('GET', '/api/v1/requests?page=2147483648');
      assert.equal(page.statusCode, 400, page.body);
      // Within range still works.
      assert.equal((await admin.api('PATCH', `/api/v1/departments/${dept.id}`, { name: dept.name, sortOrder: 3 })).statusCode, 200);
    });

    test('a 60 KB query does not make a page of megabytes', async () => {
      const plain = await t.app.inject({ url: '/calendar' });
      const long = await t.app.inject({ url: `/calendar?q=${encodeURIComponent('长'.repeat(20_000))}` });
      assert.equal(long.statusCode, 200);
      assert.ok(long.body.length < plain.body.length + 10_000, `${long.body.length} bytes against ${plain.body.length}`);
      // A short query is still carried back by the toolbar.
      const short = await t.app.inject({ url: '/calendar?y=2026' });
      assert.match(short.body, /back=%2Fcalendar%3Fy%3D2026|back=\/calendar\?y=2026|calendar%3Fy%3D2026/);
    });
  });
}
