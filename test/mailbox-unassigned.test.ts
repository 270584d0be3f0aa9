/**
 * Found by the authorization matrix: a letter nobody has routed to a department yet
 * (every letter arrives so) could be opened, answered and closed by any department
 * editor of the agency by its number, with the writer's name, phone and e-mail, while
 * the inbox rightly lists to an editor only their own department's letters. Like an
 * application, a letter is an editor's once it is assigned to their department.
 * The office dashboard counted and listed them to the editor too. And the inbox of
 * someone who is an editor in one agency and holds a wider role in another listed every
 * letter of both (the wider role lifted the department filter).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cliSetPassword } from '../src/features/accounts/account.service.js';
import { SYSTEM_ACTOR } from '../src/features/access/roles.js';
import { logPhoneCall } from '../src/features/mailbox/mailbox.service.js';
import { findUserByUsername } from '../src/features/accounts/account.repository.js';
import { ENGINES, createTestApp, json, type TestApp } from './helpers.js';

const PASSWORD = 'Unassigned#Test2026';

for (const engine of ENGINES) {
  describe(`a letter not yet assigned to a department (${engine})`, () => {
    let t: TestApp;
    let czj: number;
    let dept: number;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
      czj = (await t.db.selectFrom('agencies').select('id').where('slug', '=', 'czj').executeTakeFirstOrThrow()).id;
      const m = await t.db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.userId').select('memberships.departmentId').where('users.username', '=', 'czj-editor').executeTakeFirstOrThrow();
      dept = m.departmentId!;
      for (const name of ['czj-editor', 'czj-reviewer']) await cliSetPassword(t.db, name, PASSWORD, {});
    });
    after(async () => t?.close());

    test('is the office’s: a department editor can neither open nor handle it until it is assigned to their department', async () => {
      const r = await logPhoneCall(t.db, SYSTEM_ACTOR, czj, { kind: 'complaint', subject: '噪声投诉', body: '夜间施工噪声扰民。', name: '李四', phone: '13912345678' });
      const editor = await t.login('czj-editor', PASSWORD);
      const list = json(await editor.api('GET', '/api/v1/mailbox')) as { items: { id: number }[] };
      assert.ok(!list.items.some((i) => i.id === r.id), 'not in the editor’s inbox');
      const api = await editor.api('GET', `/api/v1/mailbox/${r.id}`);
      assert.equal(api.statusCode, 404, api.body);
      assert.ok(!api.body.includes('13912345678'));
      const page = await editor.get(`/office/mailbox/${r.id}`);
      assert.equal(page.statusCode, 404);
      assert.ok(!page.body.includes('13912345678'));
      // Nor does the office's dashboard count or list it among the editor's letters awaiting a reply.
      const waiting = await t.db.selectFrom('mailboxMessages').select('id').where('agencyId', '=', czj).where('departmentId', '=', dept).where('state', '=', 'open').execute();
      const home = await editor.get('/office');
      assert.equal(home.statusCode, 200);
      if (waiting.length) assert.match(home.body, new RegExp(`政务信箱（待答复 ${waiting.length} 件`));
      else assert.ok(!home.body.includes('政务信箱（待答复'), 'no mailbox section without letters of their own');
      const close = await editor.api('POST', `/api/v1/mailbox/${r.id}/close`, { reason: '重复来信' });
      assert.equal(close.statusCode, 404, close.body);
      assert.equal((await t.db.selectFrom('mailboxMessages').select('state').where('id', '=', r.id).executeTakeFirstOrThrow()).state, 'open');

      // The office routes it to the editor's department: now it is theirs.
      const reviewer = await t.login('czj-reviewer', PASSWORD);
      const assign = await reviewer.api('POST', `/api/v1/mailbox/${r.id}/assign`, { departmentId: dept });
      assert.equal(assign.statusCode, 200, assign.body);
      const mine = await editor.api('GET', `/api/v1/mailbox/${r.id}`);
      assert.equal(mine.statusCode, 200, mine.body);
      assert.ok(mine.body.includes('13912345678'));
    });

    test('an editor here and a reviewer elsewhere: the inbox lists here only their own department’s letters', async () => {
      const sthjj = (await t.db.selectFrom('agencies').select('id').where('slug', '=', 'sthjj').executeTakeFirstOrThrow()).id;
      const otherDept = (await t.db.selectFrom('departments').select('id').where('agencyId', '=', czj).where('id', '!=', dept).executeTakeFirstOrThrow()).id;
      await cliSetPassword(t.db, 'two-hats', PASSWORD, { create: { displayName: '兼任两机关', platformAdmin: false } });
      const userId = (await findUserByUsername(t.db, 'two-hats'))!.id;
      const now = new Date().toISOString();
      await t.db.insertInto('memberships').values({ userId, agencyId: czj, role: 'department_editor', departmentId: dept, createdAt: now }).execute();
      await t.db.insertInto('memberships').values({ userId, agencyId: sthjj, role: 'office_reviewer', departmentId: null, createdAt: now }).execute();
      const call = (agencyId: number, departmentId?: number) => logPhoneCall(t.db, SYSTEM_ACTOR, agencyId, { kind: 'consultation', subject: '咨询', body: `办理时间？${Math.random()}`, ...(departmentId ? { departmentId } : {}) });
      const mine = await call(czj, dept);
      const elsewhere = await call(czj, otherDept);
      const unassigned = await call(czj);
      const there = await call(sthjj);
      const c = await t.login('two-hats', PASSWORD);
      for (const url of ['/api/v1/mailbox', `/api/v1/mailbox?agencyId=${czj}`]) {
        const res = await c.api('GET', url);
        assert.equal(res.statusCode, 200, res.body);
        const ids = (json(res) as { items: { id: number }[] }).items.map((i) => i.id);
        assert.ok(ids.includes(mine.id), url);
        assert.ok(!ids.includes(elsewhere.id), `${url}: another department's letter`);
        assert.ok(!ids.includes(unassigned.id), `${url}: an unassigned letter`);
        if (url === '/api/v1/mailbox') assert.ok(ids.includes(there.id), 'the other agency, where they are the reviewer');
      }
    });
  });
}
