/**
 * Issue 14, M1: access is decided from the route the router matched, not from the
 * raw URL. Every guarded office and API route, taken from the route table (so a new
 * route cannot escape), is requested anonymously under encoded spellings of its
 * path: none may answer 2xx or 5xx, and an office page is never cacheable.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setSettings } from '../src/features/settings/settings.js';
import { ENGINES, createTestApp, type TestApp } from './helpers.js';

/** Spellings of one path that a router may decode to the same route, or not. */
function variants(path: string): string[] {
  const pct = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
  const [, first = '', ...rest] = path.split('/');
  const tail = rest.length ? `/${rest.join('/')}` : '';
  const out = [
    path,
    `/${pct(first[0]!)}${first.slice(1)}${tail}`, // /%6Fffice/settings
    `/${pct(first[0]!).toLowerCase()}${first.slice(1)}${tail}`, // %6f
    `/${first}${tail.replace(/\//g, '%2F')}`, // /office%2Fsettings
    `/${first}${tail.replace(/\//g, '%2f')}`,
    `/${path}`, // //office/…
    path.replace(/\//g, '//'),
    path.toUpperCase(),
    `/${first[0]!.toUpperCase()}${first.slice(1)}${tail}`,
    `${path}.`,
    `${path};`,
    `${path};jsessionid=x`,
    `${path}/`,
    `${path}/.`,
    `/${first}/.${tail}`,
    `/x/..${path}`,
    `/${first}%2e${tail}`,
    `/${[...first].map(pct).join('')}${tail}`,
    `${path}%20`,
    `${path}%00`,
  ];
  return [...new Set(out)];
}

for (const engine of ENGINES) {
  describe(`access follows the matched route (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
    });
    after(async () => t?.close());

    test('no encoded spelling of a guarded route opens it to an anonymous visitor', async () => {
      const guarded = t.app.routeTable.filter((r) => (r.url.startsWith('/office') || r.url.startsWith('/api/')) && r.access !== 'public' && r.method !== 'OPTIONS');
      assert.ok(guarded.length > 50, `${guarded.length} guarded routes`);
      const failures: string[] = [];
      let requests = 0;
      for (const route of guarded) {
        const path = route.url.replace(/:[A-Za-z_]+/g, '1').replace(/\*/g, 'x');
        for (const url of variants(path)) {
          requests++;
          const res = await t.app.inject({
            method: route.method as 'GET',
            url,
            ...(route.method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, payload: '{}' }),
          });
          const toLogin = res.statusCode === 303 && String(res.headers.location).startsWith('/office/login');
          if ((res.statusCode >= 200 && res.statusCode < 300) || res.statusCode >= 500 || (res.statusCode >= 300 && res.statusCode < 400 && !toLogin)) {
            failures.push(`${route.method} ${url} → ${res.statusCode} ${String(res.headers.location ?? '')}`);
          }
        }
      }
      assert.ok(requests > 1000);
      assert.deepEqual(failures, []);
    });

    test('the settings page under /%6Fffice asks for a login, and is no-store for a signed-in administrator', async () => {
      const anon = await t.app.inject({ url: '/%6Fffice/settings' });
      assert.equal(anon.statusCode, 303);
      assert.match(String(anon.headers.location), /^\/office\/login/);
      const admin = await t.login('demo-admin');
      const res = await admin.get('/%6Fffice/settings');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      // The office's forms carry a CSRF token on this spelling too.
      assert.match(res.body, /name="_csrf" value="[^"]+"/);
    });

    test('an anonymous settings save is refused by the service itself, whatever route reaches it', async () => {
      await assert.rejects(setSettings(t.db, null, { siteName: '被篡改的平台' }), (e: Error & { code?: string }) => e.code === 'UNAUTHENTICATED');
      const editor = await t.login('demo-editor');
      const actor = (await import('../src/features/accounts/account.service.js')).actorForUser;
      const { findUserByUsername } = await import('../src/features/accounts/account.repository.js');
      const who = await actor(t.db, (await findUserByUsername(t.db, 'demo-editor'))!, 'session');
      await assert.rejects(setSettings(t.db, who, { siteName: '被篡改的平台' }), (e: Error & { code?: string }) => e.code === 'FORBIDDEN');
      assert.notEqual((await t.db.selectFrom('settings').select('value').where('key', '=', 'siteName').executeTakeFirst())?.value, '被篡改的平台');
      assert.ok(editor);
    });
  });
}
