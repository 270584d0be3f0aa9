import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Migrator, sql } from 'kysely';
import { createTestApp, createTestDb, ENGINES, type TestDb } from '../../../test/helpers.js';
import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { migrations } from '../../db/migrations/index.js';
import { migrateToLatest } from '../../db/migrate.js';
import { withRuntime } from '../../db/runtime.js';
import { cutCodePoints, wellFormed } from '../../lib/unicode.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
import { auditFeature } from './audit.feature.js';
import * as audit from './audit.service.js';

const KEY = 'k'.repeat(40);
const root = path.resolve(import.meta.dirname, '../../..');

async function write(db: Db, n: number, summary = '记录'): Promise<void> {
  for (let i = 0; i < n; i++) {
    await inTransaction(db, (trx) => audit.record(trx, SYSTEM_ACTOR, { action: 'test.event', entityType: 'test', entityId: i, summary: `${summary}${i}`, after: { i } }));
  }
}

/** What someone with write access to the database can do: switch off the append-only triggers. */
async function unlock(t: TestDb): Promise<void> {
  if (t.engine === 'postgres') await sql`ALTER TABLE audit_events DISABLE TRIGGER USER`.execute(t.db);
  else {
    await sql`DROP TRIGGER audit_events_no_update`.execute(t.db);
    await sql`DROP TRIGGER audit_events_no_delete`.execute(t.db);
  }
}

const ids = async (db: Db) => (await db.selectFrom('auditEvents').select('id').orderBy('id').execute()).map((r) => r.id);

/** The fields as the chain hashes them, read back from the row. */
async function fieldsOf(db: Db, id: number) {
  const { id: _id, hash: _h, prevHash: _p, ...fields } = await db.selectFrom('auditEvents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return fields;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function gongkai(env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

describe('unicode helpers', () => {
  it('replaces lone surrogates and cuts by code points', () => {
    assert.equal(wellFormed('a\ud800b\udc00c😀'), 'a\ufffdb\ufffdc😀');
    const name = `${'甲'.repeat(111)}😀尾`;
    // A cut at 112 UTF-16 units splits the emoji; 112 code points keep it whole.
    assert.equal(wellFormed(name.slice(0, 112)), `${'甲'.repeat(111)}\ufffd`);
    assert.equal(cutCodePoints(name, 112), `${'甲'.repeat(111)}😀`);
  });
});

for (const engine of ENGINES) {
  describe(`${engine}: keyed, anchored audit chain`, () => {
    let t: TestDb;
    before(async () => {
      t = await createTestDb(engine, { auditKey: KEY });
      await write(t.db, 6);
    });
    after(() => t.close());

    it('verifies an untouched log, with its count and last hash', async () => {
      const r = await audit.verifyChain(t.db);
      assert.equal(r.ok, true, audit.describeChain(r));
      assert.equal(r.count, 6);
      const last = await t.db.selectFrom('auditEvents').select('hash').orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.equal(r.lastHash, last.hash);
      assert.match(audit.describeChain(r), /完整：共 6 条/);
    });

    it('is keyed: the same log does not verify under another key', async () => {
      const other = withRuntime(t.db, { auditKey: 'x'.repeat(40) });
      const r = await audit.verifyChain(other);
      assert.equal(r.problem?.kind, 'edited');
      assert.equal(r.problem.kind === 'edited' && r.problem.position, 1);
    });

    it('hashes and stores the same text when an attachment name or summary carries a lone surrogate', async () => {
      const u = await createTestDb(engine, { auditKey: KEY });
      try {
        const name = `${'甲'.repeat(111)}😀尾.pdf`.slice(0, 112);
        await inTransaction(u.db, (trx) => audit.record(trx, SYSTEM_ACTOR, { action: 'test.name', entityType: 'test', entityId: '\ud83d', summary: name, before: { ['\udc00k']: name }, after: { name: [name] } }));
        const r = await audit.verifyChain(u.db);
        assert.equal(r.ok, true, audit.describeChain(r));
        const row = await u.db.selectFrom('auditEvents').selectAll().executeTakeFirstOrThrow();
        assert.ok(row.summary.endsWith('\ufffd'));
      } finally {
        await u.close();
      }
    });
  });

  describe(`${engine}: a forged, edited or truncated audit log is detected`, () => {
    let t: TestDb;
    const fresh = async () => {
      t = await createTestDb(engine, { auditKey: KEY });
      await write(t.db, 5);
      await unlock(t);
      return ids(t.db);
    };
    after(() => t?.close());

    it('an edited event (hash left as it was)', async () => {
      const [, , third] = await fresh();
      await t.db.updateTable('auditEvents').set({ summary: '改过的' }).where('id', '=', third!).execute();
      const r = await audit.verifyChain(t.db);
      assert.deepEqual(r.problem, { kind: 'edited', id: third, position: 3 });
      assert.match(audit.describeChain(r), /第 3 条/);
      await t.close();
    });

    it('a forged event re-hashed and re-chained without the key', async () => {
      const all = await fresh();
      // The attacker rewrites event 4 and re-seals it and every later one, as the old unkeyed chain allowed.
      let prev = (await t.db.selectFrom('auditEvents').select('hash').where('id', '=', all[2]!).executeTakeFirstOrThrow()).hash;
      await t.db.updateTable('auditEvents').set({ summary: '伪造' }).where('id', '=', all[3]!).execute();
      for (const id of all.slice(3)) {
        const hash = createHash('sha256').update(prev).update('\n').update(canonical(await fieldsOf(t.db, id))).digest('hex');
        await t.db.updateTable('auditEvents').set({ prevHash: prev, hash }).where('id', '=', id).execute();
        prev = hash;
      }
      await t.db.updateTable('auditChain').set({ lastHash: prev }).where('id', '=', 1).execute();
      assert.deepEqual((await audit.verifyChain(t.db)).problem, { kind: 'edited', id: all[3], position: 4 });
      // With the key it would pass: the check is the key, not the shape.
      let p2 = (await t.db.selectFrom('auditEvents').select('hash').where('id', '=', all[2]!).executeTakeFirstOrThrow()).hash;
      for (const id of all.slice(3)) {
        const hash = createHmac('sha256', KEY).update('gongkai-audit-v2\n').update(p2).update('\n').update(canonical(await fieldsOf(t.db, id))).digest('hex');
        await t.db.updateTable('auditEvents').set({ prevHash: p2, hash }).where('id', '=', id).execute();
        p2 = hash;
      }
      await t.db.updateTable('auditChain').set({ lastHash: p2 }).where('id', '=', 1).execute();
      assert.equal((await audit.verifyChain(t.db)).ok, true);
      await t.close();
    });

    it('an event removed from the middle', async () => {
      const all = await fresh();
      await t.db.deleteFrom('auditEvents').where('id', '=', all[1]!).execute();
      assert.deepEqual((await audit.verifyChain(t.db)).problem, { kind: 'unlinked', id: all[2], position: 2 });
      await t.close();
    });

    it('the newest events removed (the tail is anchored by count and last hash)', async () => {
      const all = await fresh();
      await t.db.deleteFrom('auditEvents').where('id', '>=', all[3]!).execute();
      const r = await audit.verifyChain(t.db);
      assert.deepEqual(r.problem, { kind: 'truncated', count: 3, expected: 5 });
      assert.match(audit.describeChain(r), /截断/);
      // Even with the count adjusted, the last hash no longer matches the anchor.
      await t.db.updateTable('auditChain').set({ eventCount: 3 }).where('id', '=', 1).execute();
      assert.equal((await audit.verifyChain(t.db)).problem?.kind, 'truncated');
      await t.close();
    });

    it('gongkai audit verify: exit 0 and one line when whole, exit 1 saying where when not', async () => {
      const all = await fresh();
      const env = { ...process.env, DATABASE_URL: t.url, AUDIT_KEY: KEY, NODE_ENV: 'development', GONGKAI_DEBUG: '' };
      const ok = await gongkai(env, ['audit', 'verify']);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout.trim(), /^审计日志完整：共 5 条/);
      assert.equal(ok.stdout.trim().split('\n').length, 1);
      const wrongKey = await gongkai({ ...env, AUDIT_KEY: 'y'.repeat(40) }, ['audit', 'verify']);
      assert.equal(wrongKey.code, 1);
      await t.db.deleteFrom('auditEvents').where('id', '=', all[4]!).execute();
      const cut = await gongkai(env, ['audit', 'verify']);
      assert.equal(cut.code, 1);
      assert.match(cut.stdout.trim(), /^审计日志已被截断/);
      await t.close();
    });
  });

  describe(`${engine}: upgrading a log written before the key`, () => {
    let t: TestDb;
    before(async () => {
      t = await createTestDb(engine, { auditKey: KEY });
    });
    after(() => t.close());

    it('keeps old events verifiable unkeyed, keys new ones, and still catches an edit of an old one', async () => {
      const migrator = new Migrator({ db: t.db, provider: { getMigrations: async () => migrations } });
      const down = await migrator.migrateTo('2026_12_05_0300_budget_unit');
      assert.equal(down.error, undefined);
      // Two events as the old code wrote them: unkeyed SHA-256.
      let prev = '0'.repeat(64);
      for (const i of [1, 2]) {
        const fields = { at: '2026-12-01T00:00:00.000Z', actorUserId: null, actorName: '系统', actorRole: '', ip: '', action: 'old.event', entityType: 'test', entityId: String(i), agencyId: null, summary: `旧${i}`, beforeJson: null, afterJson: null };
        const hash = createHash('sha256').update(prev).update('\n').update(canonical(fields)).digest('hex');
        await t.db.insertInto('auditEvents').values({ ...fields, prevHash: prev, hash }).execute();
        await t.db.updateTable('auditChain').set({ lastHash: hash }).where('id', '=', 1).execute();
        prev = hash;
      }
      await migrateToLatest(t.db);
      await write(t.db, 2, '新');
      const r = await audit.verifyChain(t.db);
      assert.equal(r.ok, true, audit.describeChain(r));
      assert.equal(r.legacyCount, 2);
      assert.equal(r.count, 4);
      assert.match(audit.describeChain(r), /前 2 条为启用密钥前/);
      await unlock(t);
      const [first] = await ids(t.db);
      await t.db.updateTable('auditEvents').set({ summary: '改' }).where('id', '=', first!).execute();
      assert.equal((await audit.verifyChain(t.db)).problem?.kind, 'edited');
    });
  });

  describe(`${engine}: the nightly self-check`, () => {
    it('runs at most once a day and shows its outcome on the office audit page', async () => {
      const t = await createTestApp(engine, { demo: true });
      try {
        // 三员分立: the audit administrator reads the log.
        const admin = await t.login('demo-auditor');
        assert.match((await admin.get('/office/audit')).body, /尚未进行自动校验/);
        const job = auditFeature.jobs![0]!;
        assert.match((await job.run(t.db)) ?? '', /完整/);
        assert.equal(await job.run(t.db), undefined, 'a second tick the same day does nothing');
        const page = (await admin.get('/office/audit')).body;
        assert.match(page, /最近一次自动校验（[^）]+）：通过/);
        // A broken chain: the job fails loudly and the page says so.
        await unlock(t);
        const [first] = await ids(t.db);
        await t.db.updateTable('auditEvents').set({ summary: '改' }).where('id', '=', first!).execute();
        await t.db.updateTable('auditChain').set({ checkedAt: '2000-01-01T00:00:00.000Z' }).where('id', '=', 1).execute();
        await assert.rejects(job.run(t.db), /已被改动/);
        assert.match((await admin.get('/office/audit')).body, /未通过。审计日志已被改动：第 1 条/);
      } finally {
        await t.close();
      }
    });
  });
}
