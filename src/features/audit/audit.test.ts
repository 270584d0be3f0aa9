import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, ENGINES, json, type TestApp } from '../../../test/helpers.js';
import { inTransaction } from '../../db/database.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
import * as audit from './audit.service.js';

for (const engine of ENGINES) {
  describe(`${engine}: audit log`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
    });
    after(() => t.close());

    it('records who changed what, with before and after, and shows it as the item history', async () => {
      const admin = await t.login('demo-admin');
      const a = await t.db.selectFrom('agencies').selectAll().where('slug', '=', 'zfb').executeTakeFirstOrThrow();
      const res = await admin.api('PATCH', `/api/v1/agencies/${a.id}`, { version: a.version, officeHours: '周一至周五 9:00–17:00' });
      assert.equal(res.statusCode, 200);
      // 三员分立: the audit administrator reads the log, the system administrator does not.
      assert.equal((await admin.get(`/office/audit?entityType=agency&entityId=${a.id}`)).statusCode, 403);
      const auditor = await t.login('demo-auditor');
      const history = await auditor.get(`/office/audit?entityType=agency&entityId=${a.id}`);
      assert.equal(history.statusCode, 200);
      assert.match(history.body, /agency\.update/);
      assert.match(history.body, /周一至周五 9:00–17:00/);
      const events = json(await auditor.api('GET', `/api/v1/audit?entityType=agency&entityId=${a.id}`)).items;
      const update = events.find((e: { action: string }) => e.action === 'agency.update');
      assert.equal(update.before.officeHours, a.officeHours);
      assert.equal(update.after.officeHours, '周一至周五 9:00–17:00');
      assert.match(update.actor.name, /demo-admin/);
    });

    it('writes nothing when the change it records is rolled back', async () => {
      const count = async () => (await t.db.selectFrom('auditEvents').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
      const before = await count();
      await assert.rejects(
        inTransaction(t.db, async (trx) => {
          await audit.record(trx, SYSTEM_ACTOR, { action: 'test.rollback', entityType: 'test', entityId: 1 });
          throw new Error('the change fails after the event was written');
        }),
      );
      assert.equal(await count(), before);
    });

    it('refuses updates and deletes of events at the database level', async () => {
      await assert.rejects(sql`UPDATE audit_events SET summary = 'tampered'`.execute(t.db), /append-only/);
      await assert.rejects(sql`DELETE FROM audit_events`.execute(t.db), /append-only/);
    });

    it('chains events by hash so that a rewritten history is detected', async () => {
      assert.equal((await audit.verifyChain(t.db)).ok, true);
      const rows = await t.db.selectFrom('auditEvents').select(['id', 'hash', 'prevHash']).orderBy('id').execute();
      for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prevHash, rows[i - 1]!.hash);
    });

    it('keeps agency administrators to their own agency and staff without the right out', async () => {
      const czjAdmin = await t.login('czj-admin');
      const czj = await t.db.selectFrom('agencies').select('id').where('slug', '=', 'czj').executeTakeFirstOrThrow();
      const items = json(await czjAdmin.api('GET', '/api/v1/audit?limit=500')).items as { agencyId: number | null }[];
      assert.ok(items.length > 0);
      assert.ok(items.every((e) => e.agencyId === czj.id));
      const editor = await t.login('demo-editor');
      assert.equal((await editor.api('GET', '/api/v1/audit')).statusCode, 403);
    });
  });
}
