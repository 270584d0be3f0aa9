/**
 * Issue 14, H2: no demo administrator in production. `gongkai start` loads the demo
 * only when asked (`--demo`, what `npm start` passes), only into an empty database,
 * and never with NODE_ENV=production.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../src/config.js';
import { demoAtStart, demoOnRequest, DemoRefused, FIRST_ADMIN_HINT } from '../src/demo/demo.js';
import { ENGINES, createTestDb, type TestDb } from './helpers.js';

const demoAdmin = (t: TestDb) => t.db.selectFrom('users').select('id').where('username', '=', 'demo-admin').executeTakeFirst();

test('NODE_ENV=production is what the config calls production', () => {
  const secret = 'x'.repeat(32);
  assert.equal(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret, AUDIT_KEY: secret, DATA_KEY: secret }).production, true);
  assert.equal(loadConfig({}).production, false);
});

for (const engine of ENGINES) {
  describe(`the demo at start (${engine})`, () => {
    let t: TestDb;
    before(async () => {
      t = await createTestDb(engine);
    });
    after(async () => t?.close());

    test('a fresh production install has no demo-admin, even when npm start asks for the demo, and says how to make the first admin', async () => {
      const r = await demoAtStart(t.db, { production: true, requested: true, publications: false });
      assert.equal(r.loaded, false);
      assert.equal(await demoAdmin(t), undefined);
      assert.ok(r.lines.includes(FIRST_ADMIN_HINT), r.lines.join('\n'));
      assert.match(FIRST_ADMIN_HINT, /gongkai user create \S+ .*--platform-admin/);
      await assert.rejects(demoOnRequest(t.db, { production: true }), DemoRefused);
      assert.equal(await demoAdmin(t), undefined);
    });

    test('without --demo nothing is loaded in development either', async () => {
      const r = await demoAtStart(t.db, { production: false, requested: false });
      assert.equal(r.loaded, false);
      assert.equal(await demoAdmin(t), undefined);
    });

    test('npm start in development (--demo) loads it into the empty database, once', async () => {
      const r = await demoAtStart(t.db, { production: false, requested: true, publications: false });
      assert.equal(r.loaded, true);
      assert.ok(await demoAdmin(t));
      const again = await demoAtStart(t.db, { production: false, requested: true, publications: false });
      assert.equal(again.loaded, false);
      assert.deepEqual(again.lines, []);
    });
  });
}
