import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, ENGINES, json, type TestApp } from '../../../test/helpers.js';
import { passSecondFactor } from '../../../test/helpers.js';
import { passwordProblems } from './password.js';
import { actorForUser, createUser } from './account.service.js';
import { findUserByUsername } from './account.repository.js';

describe('password policy', () => {
  it('needs eight characters from three classes and not the username', () => {
    assert.deepEqual(passwordProblems('Lantern#Harbor7'), []);
    assert.ok(passwordProblems('short1A').length > 0);
    assert.ok(passwordProblems('alllowercase').length > 0);
    assert.ok(passwordProblems('Zhangsan#2026', 'zhangsan').some((p) => p.includes('用户名')));
  });
});

for (const engine of ENGINES) {
  describe(`${engine}: accounts`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
    });
    after(() => t.close());

    it('signs in, stores a hashed session with secure cookie flags, and signs out', async () => {
      const c = t.anonymous();
      await c.get('/office/login');
      const res = await c.post('/office/login', { username: 'demo-reviewer', password: 'demo-password', next: '/office' });
      assert.equal(res.statusCode, 303);
      const cookie = res.cookies.find((x) => x.name === 'gk_sid');
      assert.ok(cookie?.httpOnly);
      assert.equal(cookie?.sameSite, 'Lax');
      const stored = await t.db.selectFrom('sessions').select('id').execute();
      assert.ok(stored.every((s) => s.id !== cookie!.value), 'only a hash of the cookie is stored');
      // A reviewer owes a second factor before the office opens (account.totp.test.ts tests the codes).
      assert.match(String(res.headers.location), /^\/office\/account\/2fa/);
      assert.match(String((await c.get('/office')).headers.location), /^\/office\/account\/2fa/);
      await passSecondFactor(t.db, c);
      const dash = await c.get('/office');
      assert.equal(dash.statusCode, 200);
      assert.match(dash.body, /工作台/);
      const out = await c.post('/office/logout');
      assert.equal(out.statusCode, 303);
      const again = await c.get('/office');
      assert.equal(again.statusCode, 303);
      assert.match(String(again.headers.location), /\/office\/login/);
    });

    it('hashes passwords with argon2id', async () => {
      const u = await t.db.selectFrom('users').select('passwordHash').where('username', '=', 'demo-editor').executeTakeFirstOrThrow();
      assert.match(u.passwordHash, /^\$argon2id\$/);
    });

    it('locks the account after five failed attempts, and says the same thing to every refused sign-in', async () => {
      const c = t.anonymous();
      await c.get('/office/login');
      const messageOf = (body: string) => /id="login-error"[^>]*>([^<]*)</.exec(body)?.[1];
      let res = await c.post('/office/login', { username: 'sthjj-leader', password: 'wrong' });
      assert.equal(res.statusCode, 401);
      const generic = messageOf(res.body);
      assert.ok(generic && generic.includes('用户名或密码不正确') && generic.includes('锁定'), res.body.slice(0, 500));
      // No account of that name: the same answer, so a stranger cannot tell which usernames exist.
      const unknown = await c.post('/office/login', { username: 'no-such-person', password: 'wrong' });
      assert.equal(unknown.statusCode, 401);
      assert.equal(messageOf(unknown.body), generic);
      for (let i = 0; i < 4; i++) res = await c.post('/office/login', { username: 'sthjj-leader', password: 'wrong' });
      assert.equal(res.statusCode, 401);
      assert.equal(messageOf(res.body), generic);
      assert.ok((await t.db.selectFrom('users').select('lockedUntil').where('username', '=', 'sthjj-leader').executeTakeFirstOrThrow()).lockedUntil, 'locked');
      // Even the right password is refused while locked, in the same words.
      res = await c.post('/office/login', { username: 'sthjj-leader', password: 'demo-password' });
      assert.equal(res.statusCode, 401);
      assert.equal(messageOf(res.body), generic);
      const events = await t.db.selectFrom('auditEvents').select('action').where('action', 'in', ['auth.account_locked', 'auth.login_locked']).execute();
      assert.ok(events.length >= 2);
      // The security administrator unlocks it (三员分立: not the system administrator).
      const admin = await t.login('demo-security');
      const user = await t.db.selectFrom('users').select('id').where('username', '=', 'sthjj-leader').executeTakeFirstOrThrow();
      assert.equal((await admin.post(`/office/users/${user.id}/unlock`)).statusCode, 303);
      await t.login('sthjj-leader');
    });

    it('refuses a form post with a forged or missing CSRF token and changes nothing', async () => {
      const admin = await t.login('demo-admin');
      const fgj = await t.db.selectFrom('agencies').selectAll().where('slug', '=', 'fgj').executeTakeFirstOrThrow();
      const forged = await admin.post(`/office/agencies/${fgj.id}`, { _csrf: 'forged-token', version: String(fgj.version), phone: '0763-9999999' });
      assert.equal(forged.statusCode, 403);
      const missing = await admin.post(`/office/agencies/${fgj.id}`, { _csrf: '', version: String(fgj.version), phone: '0763-9999999' });
      assert.equal(missing.statusCode, 403);
      const after = await t.db.selectFrom('agencies').select('phone').where('id', '=', fgj.id).executeTakeFirstOrThrow();
      assert.equal(after.phone, fgj.phone);
      // A session API call without the header is refused as well.
      const api = await admin.api('PATCH', `/api/v1/agencies/${fgj.id}`, { version: fgj.version, phone: '0763-9999999' });
      assert.equal(api.statusCode, 200, 'the client sends the header');
      admin.csrf = 'nope';
      const bad = await admin.api('PATCH', `/api/v1/agencies/${fgj.id}`, { version: fgj.version + 1, phone: '0763-8888888' });
      assert.equal(bad.statusCode, 403);
      assert.equal(json(bad).error.code, 'CSRF_INVALID');
    });

    it('issues, uses, shows last use of and revokes API tokens', async () => {
      const admin = await t.login('demo-admin');
      const page = await admin.post('/office/account/tokens', { name: '档案系统对接' });
      const token = /<code class="token">(gk_[A-Za-z0-9_-]+)<\/code>/.exec(page.body)?.[1];
      assert.ok(token, 'the token is shown once');
      const stored = await t.db.selectFrom('apiTokens').selectAll().where('name', '=', '档案系统对接').executeTakeFirstOrThrow();
      assert.notEqual(stored.tokenHash, token);
      assert.equal(stored.lastUsedAt, null);
      const api = t.anonymous();
      api.bearer = token!;
      const me = await api.api('GET', '/api/v1/me');
      assert.equal(me.statusCode, 200);
      assert.equal(json(me).username, 'demo-admin');
      assert.equal(json(me).via, 'token');
      const used = await t.db.selectFrom('apiTokens').select('lastUsedAt').where('id', '=', stored.id).executeTakeFirstOrThrow();
      assert.ok(used.lastUsedAt);
      assert.equal((await admin.post(`/office/account/tokens/${stored.id}/revoke`)).statusCode, 303);
      const after = await api.api('GET', '/api/v1/me');
      assert.equal(after.statusCode, 401);
      assert.equal(json(after).error.code, 'TOKEN_INVALID');
    });

    it('creates a person with roles, forces a password change at first sign-in', async () => {
      // An agency administrator who is not one of the 三员 (demo-admin, the system
      // administrator, opens accounts but does not assign roles: decision 0019).
      const admin = await t.login('czj-admin');
      const fgj = await t.db.selectFrom('agencies').select('id').where('slug', '=', 'czj').executeTakeFirstOrThrow();
      const dept = await t.db.selectFrom('departments').select('id').where('agencyId', '=', fgj.id).orderBy('id').executeTakeFirstOrThrow();
      const res = await admin.post('/office/users', {
        username: 'wang.price', displayName: '王价格', password: 'Initial#2026',
        [`m.${fgj.id}.department_editor`]: 'on', [`m.${fgj.id}.dept`]: String(dept.id),
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 400));
      const c = t.anonymous();
      await c.get('/office/login');
      const login = await c.post('/office/login', { username: 'wang.price', password: 'Initial#2026' });
      assert.equal(login.headers.location, '/office/account/password');
      const blocked = await c.get('/office/agencies');
      assert.equal(blocked.statusCode, 303);
      await c.get('/office/account/password');
      const weak = await c.post('/office/account/password', { current: 'Initial#2026', next: 'weak', confirm: 'weak' });
      assert.equal(weak.statusCode, 400);
      assert.match(weak.body, /至少 8 个字符/);
      const ok = await c.post('/office/account/password', { current: 'Initial#2026', next: 'Better#Pass2026', confirm: 'Better#Pass2026' });
      assert.equal(ok.statusCode, 303);
      assert.equal((await c.get('/office')).statusCode, 200);
    });

    it('rejects unknown roles, foreign departments and duplicate usernames per field', async () => {
      const admin = await t.login('demo-admin');
      const czj = await t.db.selectFrom('agencies').select('id').where('slug', '=', 'czj').executeTakeFirstOrThrow();
      const fgjDept = await t.db.selectFrom('departments').innerJoin('agencies', 'agencies.id', 'departments.agencyId').select('departments.id').where('agencies.slug', '=', 'fgj').executeTakeFirstOrThrow();
      const before = await t.db.selectFrom('users').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const res = await admin.api('POST', '/api/v1/users', {});
      assert.equal(res.statusCode, 404, 'no such API route: users are managed in the office');
      const form = await admin.post('/office/users', {
        username: 'demo-editor', displayName: '', password: 'x',
        [`m.${czj.id}.department_editor`]: 'on', [`m.${czj.id}.dept`]: String(fgjDept.id),
      });
      assert.equal(form.statusCode, 400);
      assert.match(form.body, /该用户名已被使用/);
      assert.match(form.body, /股室编辑须选择本机关的股室/);
      assert.match(form.body, /此项必填/);
      const after = await t.db.selectFrom('users').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(after.n, before.n);
    });

    it('refuses an unknown role with a field message', async () => {
      const admin = await actorForUser(t.db, (await findUserByUsername(t.db, 'demo-admin'))!, 'session');
      const czj = await t.db.selectFrom('agencies').select('id').where('slug', '=', 'czj').executeTakeFirstOrThrow();
      await assert.rejects(
        createUser(t.db, admin, { username: 'role.test', displayName: '测试', password: 'Valid#Pass2026', memberships: [{ agencyId: czj.id, role: 'superuser' }] }),
        (e: { code?: string; fields?: Record<string, string> }) => e.code === 'VALIDATION_FAILED' && e.fields?.['memberships.0.role'] === '未知角色',
      );
      assert.equal(await findUserByUsername(t.db, 'role.test'), undefined);
    });

    it('lets an agency administrator manage only people in their agency', async () => {
      const czjAdmin = await t.login('czj-admin');
      const fgjEditor = await t.db.selectFrom('users').select('id').where('username', '=', 'demo-editor').executeTakeFirstOrThrow();
      const res = await czjAdmin.get(`/office/users/${fgjEditor.id}`);
      assert.equal(res.statusCode, 404);
      const list = await czjAdmin.get('/office/users');
      assert.match(list.body, /czj-editor/);
      assert.doesNotMatch(list.body, /demo-editor/);
    });
  });
}
