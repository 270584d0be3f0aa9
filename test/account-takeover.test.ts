/**
 * Found by the authorization matrix: an agency administrator could reset the password
 * of a platform administrator who also holds a role in their agency (and then sign in
 * as them), or of a person who also works for another agency. Only a platform
 * administrator may take over such an account; since 三员分立 (decision 0019), that is the
 * security administrator, not the system administrator.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cliSetPassword } from '../src/features/accounts/account.service.js';
import { findUserByUsername } from '../src/features/accounts/account.repository.js';
import { verifyPassword } from '../src/features/accounts/password.js';
import { ENGINES, createTestApp, type TestApp } from './helpers.js';

const PASSWORD = 'Takeover#Test2026';

for (const engine of ENGINES) {
  describe(`taking over an account (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
      const czj = (await t.db.selectFrom('agencies').select('id').where('slug', '=', 'czj').executeTakeFirstOrThrow()).id;
      const sthjj = (await t.db.selectFrom('agencies').select('id').where('slug', '=', 'sthjj').executeTakeFirstOrThrow()).id;
      for (const name of ['czj-admin', 'czj-editor']) await cliSetPassword(t.db, name, PASSWORD, {});
      await cliSetPassword(t.db, 'root2', PASSWORD, { create: { displayName: '平台管理员', platformAdmin: true } });
      await cliSetPassword(t.db, 'security2', PASSWORD, { create: { displayName: '安全管理员', platformAdmin: false, adminRole: 'security' } });
      await cliSetPassword(t.db, 'czj-platform', PASSWORD, { create: { displayName: '兼任平台管理员', platformAdmin: true } });
      await cliSetPassword(t.db, 'two-agencies', PASSWORD, { create: { displayName: '两机关审核', platformAdmin: false } });
      const now = new Date().toISOString();
      const id = async (n: string) => (await findUserByUsername(t.db, n))!.id;
      await t.db.insertInto('memberships').values({ userId: await id('czj-platform'), agencyId: czj, role: 'office_reviewer', departmentId: null, createdAt: now }).execute();
      await t.db.insertInto('memberships').values({ userId: await id('two-agencies'), agencyId: czj, role: 'office_reviewer', departmentId: null, createdAt: now }).execute();
      await t.db.insertInto('memberships').values({ userId: await id('two-agencies'), agencyId: sthjj, role: 'agency_admin', departmentId: null, createdAt: now }).execute();
    });
    after(async () => t?.close());

    test('an agency administrator cannot reset the password of a platform administrator or of someone in another agency', async () => {
      const admin = await t.login('czj-admin', PASSWORD);
      for (const name of ['czj-platform', 'two-agencies']) {
        const user = (await findUserByUsername(t.db, name))!;
        const page = await admin.get(`/office/users/${user.id}`);
        assert.equal(page.statusCode, 200, 'still listed and visible to the agency administrator');
        const res = await admin.post(`/office/users/${user.id}/password`, { password: 'Xq7#mW2p!Lz9', confirm: 'Xq7#mW2p!Lz9' });
        assert.equal(res.statusCode, 403, `${name}: ${res.statusCode}`);
        assert.ok(await verifyPassword((await findUserByUsername(t.db, name))!.passwordHash, PASSWORD), `${name}'s password unchanged`);
        assert.equal((await admin.post(`/office/users/${user.id}/unlock`, {})).statusCode, 403);
      }
      // Their own staff stay theirs to manage.
      const editor = (await findUserByUsername(t.db, 'czj-editor'))!;
      const own = await admin.post(`/office/users/${editor.id}/password`, { password: 'Xq7#mW2p!Lz9', confirm: 'Xq7#mW2p!Lz9' });
      assert.ok(own.statusCode < 400, `${own.statusCode}`);
      assert.ok(await verifyPassword((await findUserByUsername(t.db, 'czj-editor'))!.passwordHash, 'Xq7#mW2p!Lz9'));
    });

    test('the security administrator takes over anyone without a 三员 duty, across agencies; nobody takes over a 三员 account through the web', async () => {
      const root = await t.login('root2', PASSWORD);
      const security = await t.login('security2', PASSWORD);
      const reset = (c: typeof root, name: string) => findUserByUsername(t.db, name).then((u) => c.post(`/office/users/${u!.id}/password`, { password: 'Xq7#mW2p!Lz9', confirm: 'Xq7#mW2p!Lz9' }));
      // Someone in two agencies: beyond an agency administrator, within the security administrator's duty.
      assert.equal((await reset(root, 'two-agencies')).statusCode, 403, 'not the system administrator');
      const ok = await reset(security, 'two-agencies');
      assert.ok(ok.statusCode < 400, `${ok.statusCode}`);
      assert.ok(await verifyPassword((await findUserByUsername(t.db, 'two-agencies'))!.passwordHash, 'Xq7#mW2p!Lz9'));
      // 三员 accounts, the security administrator's own included: refused, password unchanged.
      for (const name of ['czj-platform', 'root2', 'demo-auditor', 'security2']) {
        const before = (await findUserByUsername(t.db, name))!.passwordHash;
        const res = await reset(security, name);
        assert.equal(res.statusCode, 403, `${name}: ${res.statusCode}`);
        assert.equal((await findUserByUsername(t.db, name))!.passwordHash, before, `${name}'s password unchanged`);
        const user = (await findUserByUsername(t.db, name))!;
        assert.equal((await security.post(`/office/users/${user.id}/2fa/reset`, {})).statusCode, 403, `${name}: no 2FA reset either`);
      }
    });

    test('a 三员 account is recovered on the command line, second factor included, and audited', async () => {
      await t.db.updateTable('users').set({ totpSecret: 'pd1:placeholder', totpEnabledAt: new Date().toISOString() }).where('username', '=', 'demo-auditor').execute();
      await cliSetPassword(t.db, 'demo-auditor', 'Recover#Audit2026', { resetSecondFactor: true });
      const user = (await findUserByUsername(t.db, 'demo-auditor'))!;
      assert.ok(await verifyPassword(user.passwordHash, 'Recover#Audit2026'));
      assert.equal(user.totpSecret, null);
      const events = await t.db.selectFrom('auditEvents').select('action').where('entityType', '=', 'user').where('entityId', '=', String(user.id)).execute();
      assert.ok(events.some((e) => e.action === 'user.2fa_reset'));
    });
  });
}
