import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestApp, createTestDb, ENGINES, json, type TestApp } from '../../../test/helpers.js';
import type { Db } from '../../db/database.js';
import { isAppError } from '../../errors.js';
import * as audit from '../audit/audit.service.js';
import { parseSearchRequest, search } from '../search/search.service.js';
import { restorePlan } from './backup.js';
import * as repo from './backup.repository.js';
import { backup, restore } from './backup.service.js';
import { endMaintenance, startMaintenance } from './maintenance.js';

describe('restore order', () => {
  it('puts parents first and defers self references and cycles', () => {
    const plan = restorePlan(
      ['publications', 'agencies', 'attachments', 'a', 'b'],
      [
        { table: 'publications', column: 'agency_id', references: 'agencies' },
        { table: 'publications', column: 'replaced_by_id', references: 'publications' },
        { table: 'attachments', column: 'publication_id', references: 'publications' },
        { table: 'a', column: 'b_id', references: 'b' },
        { table: 'b', column: 'a_id', references: 'a' },
      ],
    );
    assert.ok(plan.order.indexOf('agencies') < plan.order.indexOf('publications'));
    assert.ok(plan.order.indexOf('publications') < plan.order.indexOf('attachments'));
    assert.deepEqual(plan.deferred.publications, ['replaced_by_id']);
    // One side of the a↔b cycle is deferred, the other inserted after it.
    assert.equal((plan.deferred.a?.length ?? 0) + (plan.deferred.b?.length ?? 0), 1);
    assert.equal(plan.order.length, 5);
  });
});

const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), p));

/** Every row of every backed-up table, as comparable text (JSON columns parsed). */
async function snapshot(db: Db, tables: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const t of tables) {
    const cols = await repo.listColumns(db, t);
    const names = cols.map((c) => c.name);
    const rows: string[] = [];
    for await (const page of repo.readRows(db.withoutPlugins(), t, names)) {
      for (const r of page) {
        rows.push(
          JSON.stringify(
            r.map((v, i) => {
              if (typeof v === 'string' && (cols[i]!.json || /_json$/.test(names[i]!)) && /^[[{]/.test(v)) {
                try {
                  return JSON.parse(v);
                } catch {
                  return v;
                }
              }
              return v;
            }),
          ),
        );
      }
    }
    out.set(t, rows.sort());
  }
  return out;
}

function storeHashes(dataDir: string): Map<string, string> {
  const out = new Map<string, string>();
  const root = path.join(dataDir, 'attachments');
  if (!fs.existsSync(root)) return out;
  for (const f of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    const file = path.join(f.parentPath, f.name);
    out.set(f.name, createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
  }
  return out;
}

for (const engine of ENGINES) {
  describe(`${engine}: backup and restore`, () => {
    let t: TestApp;
    let dir: string;
    before(async () => {
      t = await createTestApp(engine, { demo: true, demoPublications: true });
      dir = path.join(tmp('gongkai-backup-'), 'b1');
      await backup(t.db, t.config.dataDir, dir);
    });
    after(async () => {
      await t.close();
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    });

    it('writes a manifest that counts every table and the attachments', async () => {
      const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
      assert.equal(m.engine, engine);
      assert.ok(m.tables.publications.rows > 100, 'the demo catalog is in the backup');
      assert.equal(m.tables.publications.rows, await repo.countRows(t.db, 'publications'));
      assert.equal(m.tables.audit_events.rows, await repo.countRows(t.db, 'audit_events'));
      assert.equal(m.tables.sessions, undefined, 'sessions are not carried over');
      assert.equal(m.tables.search_documents, undefined, 'the search index is rebuilt, not copied');
      assert.ok(m.attachments.count > 0);
      assert.deepEqual(m.attachments.missing, []);
      assert.equal(m.auditChain.verified, true);
    });

    for (const target of ENGINES) {
      it(`restores into an empty ${target} database: same rows, files and audit chain`, async () => {
        const tdb = await createTestDb(target);
        const dataDir = tmp('gongkai-restore-');
        try {
          const r = await restore(tdb.db, dataDir, dir);
          assert.equal(r.auditVerified, true);
          const m = r.manifest;
          const tables = Object.keys(m.tables);
          const before = await snapshot(t.db, tables);
          const afterRestore = await snapshot(tdb.db, tables);
          for (const table of tables) {
            const a = before.get(table)!;
            let b = afterRestore.get(table)!;
            // The restore itself is audited: one event more, after the copied ones.
            if (table === 'audit_events') b = b.filter((row) => !row.includes('"platform.restore"'));
            if (table === 'audit_chain') continue;
            // Extracted texts are a cache: the rebuilt index adds what it had to extract.
            if (table === 'attachment_texts') {
              for (const row of a) assert.ok(b.includes(row), 'every extracted text is carried over');
              continue;
            }
            assert.equal(b.length, a.length, `${table}: row count`);
            assert.deepEqual(b, a, `${table}: rows`);
          }
          const chain = await audit.verifyChain(tdb.db);
          assert.equal(chain.ok, true, audit.describeChain(chain));
          assert.equal(chain.count, m.auditChain.eventCount + 1);

          const src = storeHashes(t.config.dataDir);
          const dst = storeHashes(dataDir);
          assert.ok(src.size > 0);
          assert.deepEqual([...dst.keys()].sort(), [...src.keys()].sort());
          for (const [name, hash] of dst) assert.equal(hash, name, `attachment ${name} content`);

          const q = parseSearchRequest({ q: '政府信息公开' });
          assert.equal((await search(tdb.db, q)).total, (await search(t.db, q)).total, 'the rebuilt index finds the same items');

          // New rows get new ids (PostgreSQL sequences moved past the restored ones).
          const maxId = Number((await tdb.db.selectFrom('auditEvents').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
          await tdb.db.transaction().execute((trx) => audit.record(trx, { userId: null, username: 'system', displayName: '系统', platformAdmin: true, memberships: [], via: 'system' }, { action: 'test.after_restore', entityType: 'x', entityId: '1' }));
          const newMax = Number((await tdb.db.selectFrom('auditEvents').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
          assert.equal(newMax, maxId + 1);

          // A second restore into the now populated database is refused.
          await assert.rejects(restore(tdb.db, dataDir, dir), (e) => isAppError(e) && e.code === 'CONFLICT');
        } finally {
          await tdb.close();
          fs.rmSync(dataDir, { recursive: true, force: true });
        }
      });
    }

    it('refuses an edited backup before writing anything', async () => {
      const bad = path.join(path.dirname(dir), 'edited');
      fs.cpSync(dir, bad, { recursive: true });
      const file = path.join(bad, 'tables', 'publications.jsonl');
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines[1] = lines[1]!.replace(/"[^"]{4,}"/, '"改动过的标题"');
      fs.writeFileSync(file, lines.join('\n'));
      const tdb = await createTestDb(engine);
      try {
        await assert.rejects(restore(tdb.db, tmp('gongkai-restore-'), bad), (e) => isAppError(e) && /publications\.jsonl/.test(e.message));
        assert.equal(await repo.countRows(tdb.db, 'agencies'), 0, 'nothing was written');
      } finally {
        await tdb.close();
      }
    });

    it('refuses a backup whose attachment was swapped', async () => {
      const bad = path.join(path.dirname(dir), 'swapped');
      fs.cpSync(dir, bad, { recursive: true });
      const one = fs.readdirSync(path.join(bad, 'attachments'), { recursive: true, withFileTypes: true }).find((f) => f.isFile())!;
      fs.writeFileSync(path.join(one.parentPath, one.name), 'not the original bytes');
      const tdb = await createTestDb(engine);
      try {
        await assert.rejects(restore(tdb.db, tmp('gongkai-restore-'), bad), (e) => isAppError(e) && /附件/.test(e.message));
        assert.equal(await repo.countRows(tdb.db, 'agencies'), 0);
      } finally {
        await tdb.close();
      }
    });

    it('refuses to write into a non-empty folder', async () => {
      await assert.rejects(backup(t.db, t.config.dataDir, dir), (e) => isAppError(e) && e.code === 'CONFLICT');
    });

    it('maintenance mode: reads go on, writes get 503 with Retry-After', async () => {
      const c = t.anonymous();
      startMaintenance(t.config.dataDir, { since: '2026-01-01T00:00:00Z', retryAfter: 120, message: '数据迁移' });
      try {
        assert.equal((await c.get('/')).statusCode, 200);
        assert.equal((await c.get('/api/v1/agencies')).statusCode, 200);
        const page = await c.post('/office/login', { username: 'x', password: 'y' });
        assert.equal(page.statusCode, 503);
        assert.equal(page.headers['retry-after'], '120');
        assert.match(page.body, /系统正在维护/);
        const api = await t.app.inject({ method: 'POST', url: '/api/v1/mailbox', payload: {} });
        assert.equal(api.statusCode, 503);
        assert.equal(api.headers['retry-after'], '120');
        assert.equal(json(api).error.code, 'MAINTENANCE');
      } finally {
        endMaintenance(t.config.dataDir);
      }
      const open = await c.post('/office/login', { username: 'x', password: 'y' });
      assert.notEqual(open.statusCode, 503);
    });
  });
}
