/**
 * Issue 14, M4: TRUST_PROXY is a hop count or the proxies' addresses, never "any
 * sender": a client's own X-Forwarded-For cannot walk round the login rate limit or
 * put a forged address into the audit log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';
import { ENGINES, createTestApp, type TestApp } from './helpers.js';

test('TRUST_PROXY takes false, a hop count or addresses, and refuses true with the fix', () => {
  assert.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
  assert.equal(loadConfig({}).trustProxy, false);
  assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1);
  assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
  assert.deepEqual(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,loopback' }).trustProxy, ['127.0.0.1', '10.0.0.0/8', '::1', 'loopback']);
  for (const bad of ['true', 'yes', 'on', '10.0.0.0/33', 'proxy.example', '99']) {
    assert.throws(() => loadConfig({ TRUST_PROXY: bad }), (e: unknown) => e instanceof ConfigError && /TRUST_PROXY/.test(e.message), bad);
  }
  assert.throws(() => loadConfig({ TRUST_PROXY: 'true' }), /number of proxies/);
});

async function failedLogin(t: TestApp, xff: string, remoteAddress = '127.0.0.1') {
  const c = t.anonymous();
  await c.get('/office/login');
  return t.app.inject({
    method: 'POST',
    url: '/office/login',
    remoteAddress,
    headers: {
      cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': xff,
    },
    payload: new URLSearchParams({ _csrf: c.csrf, username: 'nobody-here', password: 'wrong-Password-1', next: '/office' }).toString(),
  });
}

const lastAuditIp = async (t: TestApp) =>
  (await t.db.selectFrom('auditEvents').select(['ip', 'action']).where('action', '=', 'auth.login_failed').orderBy('id', 'desc').executeTakeFirstOrThrow()).ip;

for (const engine of ENGINES) {
  describe(`one proxy in front (TRUST_PROXY=1, ${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { config: { trustProxy: 1 } });
    });
    after(async () => t?.close());

    test('a forged first X-Forwarded-For entry neither changes the audited address nor escapes the login rate limit', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 24; i++) {
        // The client forges an address; the proxy appends the one it saw.
        const res = await failedLogin(t, `198.51.100.${i}, 203.0.113.9`);
        statuses.push(res.statusCode);
        if (i === 0) assert.equal(await lastAuditIp(t), '203.0.113.9');
      }
      assert.ok(statuses.slice(0, 20).every((s) => s !== 429), statuses.join(','));
      assert.ok(statuses.slice(20).every((s) => s === 429), statuses.join(','));
    });
  });

  describe(`proxies named by address (TRUST_PROXY=10.0.0.0/8, ${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { config: { trustProxy: ['10.0.0.0/8'] } });
    });
    after(async () => t?.close());

    test('X-Forwarded-For is believed from the proxy only, not from a client that reaches the platform directly', async () => {
      await failedLogin(t, '198.51.100.7', '10.1.2.3');
      assert.equal(await lastAuditIp(t), '198.51.100.7');
      await failedLogin(t, '198.51.100.8', '192.0.2.44');
      assert.equal(await lastAuditIp(t), '192.0.2.44');
    });
  });
}
