import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, ENGINES, json, type TestApp } from '../../../test/helpers.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
import { isCommonPassword } from './common-passwords.js';
import { passwordProblems } from './password.js';
import * as accounts from './account.service.js';
import { findUserByUsername } from './account.repository.js';

describe('password policy: common passwords', () => {
  it('refuses the usual first choices even when they pass the class rule', () => {
    for (const p of ['Password1', 'P@ssw0rd!', 'Admin@123', 'Admin@2026', 'Welcome1!', 'Qwer1234!', '1qaz@WSX', 'Woaini1314!', 'Abc@1234', 'Zhang@123']) {
      assert.ok(isCommonPassword(p), p);
      assert.match(passwordProblems(p).join(';'), /过于常见/, p);
    }
    for (const p of ['Lantern#Harbor7', 'Zq8#mT4!vL', 'Valid#Pass2026']) assert.deepEqual(passwordProblems(p), [], p);
  });
});

for (const engine of ENGINES) {
  describe(`${engine}: API tokens, forced change, lockout`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
    });
    after(() => t.close());

    const tokenFor = async (username: string, days?: number) => {
      const user = (await findUserByUsername(t.db, username))!;
      const actor = await accounts.actorForUser(t.db, user, 'cli');
      return (await accounts.createApiToken(t.db, actor, { name: '测试', ...(days ? { days } : {}) })).token;
    };
    const me = async (token: string) => {
      const c = t.anonymous();
      c.bearer = token;
      return c.api('GET', '/api/v1/me');
    };

    it('a token expires: 90 days by default, as asked with days, refused after', async () => {
      const token = await tokenFor('demo-editor');
      const row = await t.db.selectFrom('apiTokens').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
      const days = (Date.parse(row.expiresAt!) - Date.parse(row.createdAt)) / 86_400_000;
      assert.equal(days, 90);
      assert.equal((await me(token)).statusCode, 200);
      await t.db.updateTable('apiTokens').set({ expiresAt: '2000-01-01T00:00:00.000Z' }).where('id', '=', row.id).execute();
      const expired = await me(token);
      assert.equal(expired.statusCode, 401);
      assert.equal(json(expired).error.code, 'TOKEN_INVALID');
      assert.match(json(expired).error.message, /过期/);
      await tokenFor('demo-editor', 7);
      const short = await t.db.selectFrom('apiTokens').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.equal((Date.parse(short.expiresAt!) - Date.parse(short.createdAt)) / 86_400_000, 7);
      const user = (await findUserByUsername(t.db, 'demo-editor'))!;
      const actor = await accounts.actorForUser(t.db, user, 'cli');
      await assert.rejects(accounts.createApiToken(t.db, actor, { name: 'x', days: 1000 }), (e: { code?: string; fields?: Record<string, string> }) => e.code === 'VALIDATION_FAILED' && /365/.test(e.fields?.days ?? ''));
    });

    it('changing one’s password revokes one’s tokens', async () => {
      const token = await tokenFor('demo-leader');
      assert.equal((await me(token)).statusCode, 200);
      const user = (await findUserByUsername(t.db, 'demo-leader'))!;
      const actor = await accounts.actorForUser(t.db, user, 'session');
      await accounts.changeOwnPassword(t.db, actor, { current: 'demo-password', next: 'Lantern#Harbor7', confirm: 'Lantern#Harbor7' });
      const r = await me(token);
      assert.equal(r.statusCode, 401);
      assert.equal(json(r).error.code, 'TOKEN_INVALID');
    });

    it('an administrator’s reset revokes the tokens, and the forced change holds on the API', async () => {
      const token = await tokenFor('demo-reviewer');
      const session = await t.login('demo-reviewer');
      assert.equal((await session.api('GET', '/api/v1/me')).statusCode, 200);
      const user = (await findUserByUsername(t.db, 'demo-reviewer'))!;
      // 三员分立: resets are the security administrator's.
      const security = (await accounts.actorForUsername(t.db, 'demo-security', 'session'))!;
      await accounts.resetPassword(t.db, security, user.id, 'Zq8#mT4!vL');
      assert.equal((await me(token)).statusCode, 401, 'the old token is gone');
      // A token issued after the reset (say by a platform administrator) cannot walk round the change.
      const fresh = await tokenFor('demo-reviewer');
      const refused = await me(fresh);
      assert.equal(refused.statusCode, 403, refused.body);
      assert.equal(json(refused).error.code, 'PASSWORD_CHANGE_REQUIRED');
      // Nor can a session on the API.
      const again = await t.login('demo-reviewer', 'Zq8#mT4!vL');
      const viaSession = await again.api('GET', '/api/v1/me');
      assert.equal(viaSession.statusCode, 403, viaSession.body);
      assert.equal(json(viaSession).error.code, 'PASSWORD_CHANGE_REQUIRED');
    });

    it('twelve wrong passwords at once lock the account (the count is one atomic update)', async () => {
      const user = (await findUserByUsername(t.db, 'czj-admin'))!;
      assert.equal(user.lockedUntil, null);
      const results = await Promise.allSettled(Array.from({ length: 12 }, () => accounts.login(t.db, 'czj-admin', 'wrong-password', { ip: '192.0.2.1', userAgent: 'test' })));
      assert.ok(results.every((r) => r.status === 'rejected'));
      const after = (await findUserByUsername(t.db, 'czj-admin'))!;
      assert.ok(after.lockedUntil, 'locked');
      const locks = await t.db.selectFrom('auditEvents').select('id').where('action', '=', 'auth.account_locked').where('entityId', '=', String(user.id)).execute();
      assert.ok(locks.length >= 1);
      await assert.rejects(accounts.login(t.db, 'czj-admin', 'demo-password', { ip: '192.0.2.1', userAgent: 'test' }), /锁定/);
    });
  });
}
