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

    test('the security administrator can; the system administrator cannot', async () => {
      const user = (await findUserByUsername(t.db, 'czj-platform'))!;
      const root = await t.login('root2', PASSWORD);
      assert.equal((await root.post(`/office/users/${user.id}/password`, { password: 'Xq7#mW2p!Lz9', confirm: 'Xq7#mW2p!Lz9' })).statusCode, 403);
      assert.ok(await verifyPassword((await findUserByUsername(t.db, 'czj-platform'))!.passwordHash, PASSWORD));
      const security = await t.login('security2', PASSWORD);
      const res = await security.post(`/office/users/${user.id}/password`, { password: 'Xq7#mW2p!Lz9', confirm: 'Xq7#mW2p!Lz9' });
      assert.ok(res.statusCode < 400, `${res.statusCode}`);
      assert.ok(await verifyPassword((await findUserByUsername(t.db, 'czj-platform'))!.passwordHash, 'Xq7#mW2p!Lz9'));
    });
  });
}
