import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTestApp, createTestDb, ENGINES, type TestApp, type TestDb } from '../../test/helpers.js';
import { SYSTEM_ACTOR } from '../features/access/roles.js';
import * as audit from '../features/audit/audit.service.js';
import { bumpContentVersion, currentContentVersion, notModified, PageCache } from './page-cache.js';

const entry = (body: string, storedAt = Date.now()) => ({
  status: 200,
  body: Buffer.from(body),
  type: 'text/html; charset=utf-8',
  etag: `"${body}"`,
  lastModified: 'Thu, 26 Nov 2026 10:00:00 GMT',
  storedAt,
});

describe('conditional requests', () => {
  const etag = '"abc"';
  const lm = 'Thu, 26 Nov 2026 10:00:00 GMT';
  it('match on If-None-Match (list, weak or *) before If-Modified-Since', () => {
    assert.equal(notModified({ 'if-none-match': '"abc"' }, etag, lm), true);
    assert.equal(notModified({ 'if-none-match': '"x", W/"abc"' }, etag, lm), true);
    assert.equal(notModified({ 'if-none-match': '*' }, etag, lm), true);
    assert.equal(notModified({ 'if-none-match': '"x"', 'if-modified-since': lm }, etag, lm), false, 'a failed ETag check is not rescued by the date');
  });
  it('match on If-Modified-Since at or after Last-Modified', () => {
    assert.equal(notModified({ 'if-modified-since': lm }, etag, lm), true);
    assert.equal(notModified({ 'if-modified-since': 'Thu, 26 Nov 2026 09:59:59 GMT' }, etag, lm), false);
    assert.equal(notModified({ 'if-modified-since': 'not a date' }, etag, lm), false);
    assert.equal(notModified({}, etag, lm), false);
  });
});

for (const engine of ENGINES) {
  describe(`${engine}: the in-process page cache`, () => {
    let tdb: TestDb;
    before(async () => {
      tdb = await createTestDb(engine);
    });
    after(() => tdb.close());

    it('evicts the least recently used entry past its size limits', () => {
      const cache = new PageCache(tdb.db, { maxEntries: 2 });
      cache.set('a', entry('a'));
      cache.set('b', entry('b'));
      assert.ok(cache.get('a'), 'a is now the most recent');
      cache.set('c', entry('c'));
      assert.equal(cache.get('b'), undefined);
      assert.ok(cache.get('a'));
      assert.ok(cache.get('c'));
      const small = new PageCache(tdb.db, { maxBytes: 80 });
      small.set('x', entry('x'.repeat(9)));
      small.set('y', entry('y'.repeat(9)));
      assert.equal(small.size, 2);
      small.set('z', entry('z'.repeat(60)));
      assert.equal(small.get('z'), undefined, 'a page larger than an eighth of the cache is not kept');
    });

    it('expires entries after their time to live', () => {
      const cache = new PageCache(tdb.db, { ttlMs: 1000 });
      cache.set('a', entry('a', 10_000));
      assert.ok(cache.get('a', 10_900));
      assert.equal(cache.get('a', 11_001), undefined);
    });

    it('drops everything when content changes in this process', async () => {
      const cache = new PageCache(tdb.db);
      await cache.sync();
      cache.set('a', entry('a'));
      const v = currentContentVersion();
      bumpContentVersion();
      assert.equal(currentContentVersion(), v + 1);
      await cache.sync();
      assert.equal(cache.size, 0);
    });

    it('drops everything when another process records a change (the audit chain head moves)', async () => {
      const cache = new PageCache(tdb.db, { pollMs: 1000 });
      await cache.sync(1_000_000);
      cache.set('a', entry('a'));
      await audit.record(tdb.db, SYSTEM_ACTOR, { action: 'test.change', entityType: 'test', entityId: 1 });
      await cache.sync(1_000_500);
      assert.equal(cache.size, 1, 'not polled again within pollMs');
      await cache.sync(1_001_001);
      assert.equal(cache.size, 0);
    });
  });

  describe(`${engine}: cacheable responses`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
    });
    after(() => t.close());

    it('never stores or marks public a response that sets a cookie (a one-time message)', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/fgj', headers: { cookie: 'gk_flash=%E5%B7%B2%E4%BF%9D%E5%AD%98' } });
      assert.equal(res.statusCode, 200);
      assert.ok(res.headers['set-cookie'], 'the flash cookie is cleared');
      assert.doesNotMatch(String(res.headers['cache-control'] ?? ''), /public/);
      const plain = await t.app.inject({ method: 'GET', url: '/fgj' });
      assert.match(String(plain.headers['cache-control']), /public/);
      assert.equal(plain.headers['set-cookie'], undefined);
    });

    it('answers a hit with the same status, body and headers as the miss that stored it', async () => {
      const miss = await t.app.inject({ method: 'GET', url: '/fgj/zfxxgk/zfxxgkzn' });
      const hits = t.app.pageCache.hits;
      const hit = await t.app.inject({ method: 'GET', url: '/fgj/zfxxgk/zfxxgkzn' });
      assert.equal(t.app.pageCache.hits, hits + 1);
      assert.equal(hit.statusCode, 200);
      assert.equal(hit.body, miss.body);
      for (const h of ['content-type', 'content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'etag', 'last-modified', 'cache-control', 'vary']) {
        assert.equal(hit.headers[h], miss.headers[h], h);
      }
      assert.equal(Number(hit.headers['content-length']), Buffer.byteLength(miss.body));
      const notModified = await t.app.inject({ method: 'GET', url: '/fgj/zfxxgk/zfxxgkzn', headers: { 'if-none-match': String(miss.headers.etag) } });
      assert.equal(notModified.statusCode, 304);
      assert.equal(notModified.body, '');
      assert.equal(notModified.headers.etag, miss.headers.etag);
    });

    it('serves HEAD from the same entry as GET', async () => {
      const get = await t.app.inject({ method: 'GET', url: '/fgj/zfxxgk' });
      const head = await t.app.inject({ method: 'HEAD', url: '/fgj/zfxxgk' });
      assert.equal(head.statusCode, 200);
      assert.equal(head.headers.etag, get.headers.etag);
      assert.equal(head.body, '');
    });

    it('answers hot pages on a real socket before routing, with the same headers, and steps aside when it must', async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      const first = await fetch(`${base}/fgj/zfxxgk/ysqgk`);
      const firstBody = await first.text();
      const hits = t.app.pageCache.hits;
      const second = await fetch(`${base}/fgj/zfxxgk/ysqgk`);
      assert.equal(await second.text(), firstBody);
      assert.equal(t.app.pageCache.hits, hits + 1);
      for (const h of ['content-type', 'content-security-policy', 'x-frame-options', 'etag', 'cache-control', 'vary', 'content-length']) {
        assert.equal(second.headers.get(h), first.headers.get(h), h);
      }
      const conditional = await fetch(`${base}/fgj/zfxxgk/ysqgk`, { headers: { 'if-none-match': first.headers.get('etag')! } });
      assert.equal(conditional.status, 304);
      const large = await fetch(`${base}/fgj/zfxxgk/ysqgk`, { headers: { cookie: 'other=1; gk_prefs=f-2.c-n.s-hans' } });
      assert.match(await large.text(), /class="font-2"/, 'reading preferences pick another entry');
      const flash = await fetch(`${base}/fgj/zfxxgk/ysqgk`, { headers: { cookie: 'gk_flash=x' } });
      assert.ok(flash.headers.get('set-cookie'), 'a one-time message goes the normal way');
      bumpContentVersion();
      const missesBefore = t.app.pageCache.misses;
      await fetch(`${base}/fgj/zfxxgk/ysqgk`);
      assert.equal(t.app.pageCache.misses, missesBefore + 1, 'after a change the page is rendered again');
    });

    it('caches 404s never', async () => {
      const misses = t.app.pageCache.misses;
      await t.app.inject({ method: 'GET', url: '/fgj/no-such-column' });
      await t.app.inject({ method: 'GET', url: '/fgj/no-such-column' });
      assert.equal(t.app.pageCache.misses, misses + 2);
    });
  });
}
