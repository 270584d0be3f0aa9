import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliSetPassword } from '../src/features/accounts/account.service.js';
import { can, isPermission } from '../src/features/access/policy.js';
import type { Actor } from '../src/features/access/roles.js';
import { actorForUser } from '../src/features/accounts/account.service.js';
import { findUserByUsername } from '../src/features/accounts/account.repository.js';
import { createTestApp, ENGINES, type Client, type TestApp } from './helpers.js';

/**
 * Walks every office and API route as an anonymous visitor and as a person in
 * each role, and checks that the door opens exactly when the policy table says
 * it should. Ids in paths point at nothing, so an allowed call ends in 404 or a
 * validation error, never in a change.
 */
const PEOPLE = ['platform-root', 'czj-admin', 'czj-reviewer', 'czj-editor', 'czj-leader'] as const;

for (const engine of ENGINES) {
  describe(`${engine}: authorization of every route`, () => {
    let t: TestApp;
    const clients = new Map<string, Client>();
    const actors = new Map<string, Actor>();

    before(async () => {
      t = await createTestApp(engine, { demo: true });
      await cliSetPassword(t.db, 'platform-root', 'Root#Pass2026', { create: { displayName: '平台管理员', platformAdmin: true } });
      for (const name of PEOPLE) {
        clients.set(name, await t.login(name, name === 'platform-root' ? 'Root#Pass2026' : 'demo-password'));
        actors.set(name, await actorForUser(t.db, (await findUserByUsername(t.db, name))!, 'session'));
      }
    });
    after(() => t.close());

    it('every office and API route declares who may use it', () => {
      const guarded = t.app.routeTable.filter((r) => r.url.startsWith('/office') || r.url.startsWith('/api/'));
      assert.ok(guarded.length > 20, `found ${guarded.length} routes`);
      const undeclared = guarded.filter((r) => r.access === undefined || (r.access !== 'public' && r.access !== 'authenticated' && !isPermission(r.access)));
      assert.deepEqual(undeclared.map((r) => `${r.method} ${r.url}`), []);
    });

    it('allows and denies each route exactly as the policy says', async () => {
      const routes = t.app.routeTable.filter((r) => (r.url.startsWith('/office') || r.url.startsWith('/api/')) && r.method !== 'HEAD' && r.method !== 'OPTIONS');
      const failures: string[] = [];
      for (const route of routes) {
        // Logging in and out would change who the client is; those are tested on their own.
        if (route.url === '/office/login' || route.url === '/office/logout') continue;
        const url = route.url.replace(/:[A-Za-z_]+/g, '999999');
        for (const who of ['anonymous', ...PEOPLE]) {
          const actor = who === 'anonymous' ? null : actors.get(who)!;
          const client = who === 'anonymous' ? t.anonymous() : clients.get(who)!;
          if (who === 'anonymous') await client.get('/office/login');
          const access = route.access!;
          const expected = access === 'public' ? true : access === 'authenticated' ? actor !== null : isPermission(access) && can(actor, access);
          const res =
            route.method === 'GET'
              ? await client.get(url)
              : url.startsWith('/api/')
                ? await client.api(route.method as 'POST', url, {})
                : await client.post(url, {});
          const toLogin = res.statusCode === 303 && String(res.headers.location).startsWith('/office/login');
          const denied = res.statusCode === 401 || res.statusCode === 403 || toLogin;
          if (res.statusCode >= 500) failures.push(`${who} ${route.method} ${url}: ${res.statusCode}`);
          else if (expected && denied && access !== 'public') failures.push(`${who} ${route.method} ${url}: expected allowed, got ${res.statusCode}`);
          else if (expected && access === 'public' && res.statusCode === 403) failures.push(`${who} ${route.method} ${url}: public route answered 403`);
          else if (!expected && !denied) failures.push(`${who} ${route.method} ${url}: expected denied, got ${res.statusCode}`);
        }
      }
      assert.deepEqual(failures, []);
    });
  });
}
