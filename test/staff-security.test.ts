/**
 * 等保 2.0 level 3 controls for staff (decision 0019): the TOTP second factor, 三员分立,
 * personal data sealed at rest, audit retention and export. On every engine.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { TOTP, Secret } from 'otpauth';
import { createTestApp, ENGINES, json, type Client, type TestApp } from './helpers.js';
import type { Clock } from '../src/lib/clock.js';
import { withClock, withRuntime } from '../src/db/runtime.js';
import { DEMO_TOTP_SECRET } from '../src/demo/foundation.demo.js';
import { actorForUsername, updateUser } from '../src/features/accounts/account.service.js';
import { findUserByUsername } from '../src/features/accounts/account.repository.js';
import * as requests from '../src/features/requests/request.service.js';
import { purgeExpired } from '../src/features/requests/request.records.js';
import { findRequest } from '../src/features/requests/request.repository.js';
import * as audit from '../src/features/audit/audit.service.js';
import { Keyring } from '../src/lib/personal-data/keyring.js';
import { CIPHERS } from '../src/lib/personal-data/cipher.js';
import { resealPersonalData, checkPersonalDataKey } from '../src/db/personal-data/reseal.js';

/** A clock the test moves by hand: codes are computed for the instant it says. */
function handClock(at: string): Clock & { advance(ms: number): void } {
  let ms = Date.parse(at);
  return { now: () => new Date(ms), advance: (d) => (ms += d) };
}

const codeAt = (clock: Clock, secret = DEMO_TOTP_SECRET) =>
  new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: clock.now().getTime() });

const ID = '11010519491231002X';
const application = () => ({
  applicant: { kind: 'natural_person', name: '王小明', idType: 'resident_id', idNumber: ID, phone: '13800138000', email: 'wang@example.com', address: '示例市人民路 1 号' },
  infoName: '示例市道路改造工程立项批复',
  infoNumber: '',
  description: '请提供该批复文件全文。',
  form: 'electronic',
  delivery: 'email',
});

for (const engine of ENGINES) {
  describe(`${engine}: staff security`, () => {
    let t: TestApp;
    const clock = handClock('2026-09-15T02:00:00.000Z');

    before(async () => {
      t = await createTestApp(engine, { demo: true, platform: { clock } });
    });
    after(() => t.close());

    /** Password only: the session that still owes its second factor. */
    async function passwordOnly(username: string): Promise<{ c: Client; location: string }> {
      const c = t.anonymous();
      await c.get('/office/login');
      const res = await c.post('/office/login', { username, password: 'demo-password', next: '/office' });
      assert.equal(res.statusCode, 303);
      // The page the browser lands on carries the session's CSRF token.
      await c.get(String(res.headers.location));
      return { c, location: String(res.headers.location) };
    }

    describe('second factor', () => {
      it('holds a reviewer at the code page, on the office and the API, until a valid code', async () => {
        const { c, location } = await passwordOnly('demo-reviewer');
        assert.match(location, /^\/office\/account\/2fa\?next=/);
        assert.match(String((await c.get('/office/publications')).headers.location), /^\/office\/account\/2fa/);
        const api = await c.api('GET', '/api/v1/me');
        assert.equal(api.statusCode, 403);
        assert.equal(json(api).error.code, 'SECOND_FACTOR_REQUIRED');
        const page = await c.get('/office/account/2fa');
        assert.match(page.body, /双因素认证/);
        const wrong = await c.post('/office/account/2fa', { code: '000000' === codeAt(clock) ? '111111' : '000000' });
        assert.equal(wrong.statusCode, 400);
        const ok = await c.post('/office/account/2fa', { code: codeAt(clock), next: '/office' });
        assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
        assert.equal((await c.get('/office')).statusCode, 200);
        assert.equal((await c.api('GET', '/api/v1/me')).statusCode, 200);
        const events = await t.db.selectFrom('auditEvents').select('action').where('action', 'in', ['auth.2fa', 'auth.2fa_failed']).execute();
        assert.ok(events.some((e) => e.action === 'auth.2fa') && events.some((e) => e.action === 'auth.2fa_failed'));
      });

      it('refuses the same code twice within its window, and takes the next one', async () => {
        clock.advance(60_000);
        const first = await passwordOnly('demo-leader');
        const code = codeAt(clock);
        assert.equal((await first.c.post('/office/account/2fa', { code })).statusCode, 303);
        const second = await passwordOnly('demo-leader');
        const replay = await second.c.post('/office/account/2fa', { code });
        assert.equal(replay.statusCode, 400);
        assert.match(replay.body, /已经使用过/);
        assert.equal((await second.c.get('/office')).statusCode, 303, 'still held');
        clock.advance(30_000);
        assert.equal((await second.c.post('/office/account/2fa', { code: codeAt(clock) })).statusCode, 303);
        assert.equal((await second.c.get('/office')).statusCode, 200);
      });

      it('a department editor is not asked; an API token is not challenged', async () => {
        const { c, location } = await passwordOnly('demo-editor');
        assert.equal(location, '/office');
        assert.equal((await c.get('/office')).statusCode, 200);
      });

      it('locks the account after five wrong codes, like passwords', async () => {
        clock.advance(60_000);
        const { c } = await passwordOnly('sthjj-leader');
        let res;
        for (let i = 0; i < 5; i++) res = await c.post('/office/account/2fa', { code: codeAt(clock) === '123456' ? '654321' : '123456' });
        assert.equal(res!.statusCode, 423);
        assert.equal((await c.get('/office')).statusCode, 303, 'the session is gone');
        const again = t.anonymous();
        await again.get('/office/login');
        // Locked: the password alone no longer signs in (the generic refusal, decision 0019).
        assert.equal((await again.post('/office/login', { username: 'sthjj-leader', password: 'demo-password' })).statusCode, 401);
      });

      it('an administrator’s reset (audited) makes the person enrol again: QR and key, a first code, one-time recovery codes', async () => {
        clock.advance(60_000);
        const security = await t.login('demo-security');
        const leader = (await findUserByUsername(t.db, 'czj-leader'))!;
        assert.equal((await security.post(`/office/users/${leader.id}/2fa/reset`)).statusCode, 303);
        const reset = await t.db.selectFrom('auditEvents').select('actorName').where('action', '=', 'user.2fa_reset').where('entityId', '=', String(leader.id)).executeTakeFirst();
        assert.match(reset?.actorName ?? '', /demo-security/);

        const { c } = await passwordOnly('czj-leader');
        const setup = await c.get('/office/account/2fa');
        assert.match(setup.body, /<svg[^>]+role="img"/, 'a QR code');
        const secret = /<code id="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(setup.body)![1]!.replace(/ /g, '');
        const stored = (await findUserByUsername(t.db, 'czj-leader'))!.totpSecret!;
        assert.ok(stored.startsWith('pd1:') && !stored.includes(secret), 'the secret is sealed at rest');
        assert.equal((await c.post('/office/account/2fa/setup', { code: '000000' === codeAt(clock, secret) ? '111111' : '000000' })).statusCode, 400);
        const done = await c.post('/office/account/2fa/setup', { code: codeAt(clock, secret) });
        assert.equal(done.statusCode, 200);
        const codes = [...done.body.matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g)].map((m) => m[1]!);
        assert.equal(codes.length, 10);
        assert.equal((await c.get('/office')).statusCode, 200, 'the enrolling session counts as verified');
        const hashes = await t.db.selectFrom('recoveryCodes').select('codeHash').where('userId', '=', leader.id).execute();
        assert.ok(hashes.every((h) => !codes.includes(h.codeHash)), 'only hashes are stored');

        const other = await passwordOnly('czj-leader');
        assert.equal((await other.c.post('/office/account/2fa', { code: codes[0]!.toUpperCase() })).statusCode, 303);
        assert.equal((await other.c.get('/office')).statusCode, 200);
        const third = await passwordOnly('czj-leader');
        const reused = await third.c.post('/office/account/2fa', { code: codes[0]! });
        assert.equal(reused.statusCode, 400);
        assert.match(reused.body, /恢复码无效或已使用/);
      });
    });

    describe('三员分立', () => {
      const matrix: [string, string, number][] = [
        // system administrator: accounts, agencies, settings; not the log, not unlocking
        ['demo-admin', '/office/settings', 200],
        ['demo-admin', '/office/audit', 403],
        ['demo-admin', '/office/audit/retention', 403],
        // security administrator: people and roles, policy; not settings, not the log
        ['demo-security', '/office/users', 200],
        ['demo-security', '/office/audit/retention', 200],
        ['demo-security', '/office/settings', 403],
        ['demo-security', '/office/audit', 403],
        ['demo-security', '/office/users/new', 403],
        // audit administrator: the log and nothing else
        ['demo-auditor', '/office/audit', 200],
        ['demo-auditor', '/office/users', 403],
        ['demo-auditor', '/office/settings', 403],
        ['demo-auditor', '/office/audit/retention', 403],
        ['demo-auditor', '/office/publications', 403],
      ];
      it('each of the three reaches its own pages and none of the others’', async () => {
        const clients = new Map<string, Client>();
        for (const [who, path, status] of matrix) {
          if (!clients.has(who)) clients.set(who, await t.login(who));
          assert.equal((await clients.get(who)!.get(path)).statusCode, status, `${who} ${path}`);
        }
      });

      it('the system administrator cannot unlock, reset or assign; the auditor cannot export-and-purge via policy', async () => {
        const system = await t.login('demo-admin');
        const target = (await findUserByUsername(t.db, 'czj-editor'))!;
        assert.equal((await system.post(`/office/users/${target.id}/unlock`)).statusCode, 403);
        assert.equal((await system.post(`/office/users/${target.id}/password`, { password: 'Lantern#Harbor7' })).statusCode, 403);
        const auditor = await t.login('demo-auditor');
        assert.equal((await auditor.post('/office/audit/retention', { auditRetentionDays: '400' })).statusCode, 403);
      });

      it('only the security administrator grants a 三员 duty, never to themself, one per account, and not to someone with agency roles', async () => {
        const security = (await actorForUsername(t.db, 'demo-security', 'session'))!;
        const system = (await actorForUsername(t.db, 'demo-admin', 'session'))!;
        const me = (await findUserByUsername(t.db, 'demo-security'))!;
        await assert.rejects(updateUser(t.db, security, me.id, { displayName: me.displayName, email: me.email, adminRole: 'audit', version: me.version }), (e: { fields?: Record<string, string> }) => /自己/.test(e.fields?.adminRole ?? ''));
        const editor = (await findUserByUsername(t.db, 'czj-editor'))!;
        await assert.rejects(updateUser(t.db, system, editor.id, { displayName: editor.displayName, email: editor.email, adminRole: 'security', version: editor.version }), (e: { fields?: Record<string, string> }) => /安全管理员/.test(e.fields?.adminRole ?? ''));
        await assert.rejects(updateUser(t.db, security, editor.id, { displayName: editor.displayName, email: editor.email, adminRole: 'audit', version: editor.version }), (e: { fields?: Record<string, string> }) => /业务角色/.test(e.fields?.adminRole ?? ''));
        // Roles removed first, then the duty: the account becomes an auditor, and only that.
        await updateUser(t.db, security, editor.id, { displayName: editor.displayName, email: editor.email, memberships: [], version: editor.version });
        const bare = (await findUserByUsername(t.db, 'czj-editor'))!;
        await updateUser(t.db, security, editor.id, { displayName: bare.displayName, email: bare.email, adminRole: 'audit', version: bare.version });
        const now = (await findUserByUsername(t.db, 'czj-editor'))!;
        assert.equal(now.adminRole, 'audit');
        assert.equal(now.platformAdmin, 0);
        const ev = await t.db.selectFrom('auditEvents').select('action').where('action', '=', 'user.admin_role').where('entityId', '=', String(editor.id)).execute();
        assert.equal(ev.length, 1);
      });
    });

    describe('personal data at rest', () => {
      let requestId: number;
      it('the database holds no applicant field in plaintext; the office reads it back; lookups go through blind indexes', async () => {
        const r = await requests.submitOnline(withClock(t.db, clock), 'fgj', application());
        requestId = r.id;
        const raw = await sql<Record<string, string>>`SELECT applicant_name, contact_name, id_number, phone, email, address, id_number_bidx FROM requests WHERE id = ${r.id}`.execute(t.db);
        const row = raw.rows[0]!;
        const text = JSON.stringify(row);
        for (const plain of ['王小明', ID, '13800138000', 'wang@example.com', '人民路']) assert.ok(!text.includes(plain), `${plain} is not stored in clear`);
        // (Result columns come back camelCased by the query layer, raw SQL included.)
        for (const c of ['applicantName', 'idNumber', 'phone', 'email', 'address']) assert.match(row[c]!, /^pd1:[0-9a-f]{8}:a256gcm:/, c);
        assert.match(row.idNumberBidx!, /^[0-9a-f]{32}$/);
        // A second application by the same person is recognised (history by blind index).
        const again = await requests.submitOnline(withClock(t.db, clock), 'fgj', application());
        const reviewer = await t.login('demo-reviewer');
        const page = await reviewer.get(`/office/requests/${again.id}`);
        assert.equal(page.statusCode, 200);
        assert.ok(page.body.includes(ID), 'the registering office sees it unmasked');
        assert.match(page.body, new RegExp(`/office/requests/${r.id}`), 'the earlier application is linked');
        const admin = await t.login('demo-admin');
        const masked = await admin.get(`/office/requests/${again.id}`);
        assert.ok(!masked.body.includes(ID) && !masked.body.includes('13800138000'), 'masked for the system administrator');
      });

      it('a wrong key fails clearly, naming the key; the start-up step seals plaintext left by an older version', async () => {
        const wrong = withRuntime(t.db, { keyring: new Keyring({ key: 'another-key-another-key-another-key!!' }) });
        await assert.rejects(checkPersonalDataKey(wrong), /DATA_KEY/);
        await assert.rejects(findRequest(wrong, requestId), /密钥 [0-9a-f]{8}.*DATA_KEY/);
        await sql`UPDATE requests SET phone = '13900000000', phone_bidx = '' WHERE id = ${requestId}`.execute(t.db);
        const report = (await resealPersonalData(t.db)).find((r) => r.table === 'requests');
        assert.equal(report?.sealed, 1);
        const raw = await sql<{ phone: string; phoneBidx: string }>`SELECT phone, phone_bidx FROM requests WHERE id = ${requestId}`.execute(t.db);
        assert.match(raw.rows[0]!.phone, /^pd1:/);
        assert.notEqual(raw.rows[0]!.phoneBidx, '');
        assert.ok((await resealPersonalData(t.db)).every((r) => r.sealed === 0), 'idempotent');
      });

      it('the purge after the retention period leaves neither plaintext nor ciphertext', async () => {
        await sql`UPDATE requests SET purge_after = '2026-01-01' WHERE id = ${requestId}`.execute(t.db);
        assert.ok((await purgeExpired(withClock(t.db, clock))) >= 1);
        const raw = await sql<Record<string, string>>`SELECT applicant_name, id_number, phone, email, address, id_number_bidx, name_bidx FROM requests WHERE id = ${requestId}`.execute(t.db);
        assert.deepEqual(raw.rows[0], { applicantName: '（已清除）', idNumber: '', phone: '', email: '', address: '', idNumberBidx: '', nameBidx: '' });
      });

      it('SM4 (where OpenSSL has it) and AES seal and open; a changed byte is refused', () => {
        for (const name of ['aes', 'sm4'] as const) {
          if (!CIPHERS[name].available()) continue;
          const ring = new Keyring({ key: 'k'.repeat(40), cipher: name });
          const sealed = ring.seal('requests.phone', '13800138000');
          assert.equal(ring.open('requests.phone', sealed), '13800138000');
          assert.throws(() => ring.open('requests.email', sealed), /校验失败/, 'bound to its column');
          const body = sealed.split(':')[3]!;
          const flipped = `${sealed.slice(0, sealed.length - body.length)}${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`;
          assert.throws(() => ring.open('requests.phone', flipped), /校验失败|过短/);
        }
      });
    });

    describe('audit retention and export', () => {
      it('the export (CSV and JSON of a date range) is the audit administrator’s and is itself audited', async () => {
        const auditor = await t.login('demo-auditor');
        const csv = await auditor.post('/office/audit/export', { from: '2026-01-01', to: '2026-12-31', format: 'csv' });
        assert.equal(csv.statusCode, 200);
        assert.match(String(csv.headers['content-type']), /text\/csv/);
        assert.match(csv.body, /^\ufeffid,at,actorUserId/);
        const api = await auditor.api('GET', '/api/v1/audit/export?from=2026-01-01&to=2026-12-31&format=json');
        assert.equal(api.statusCode, 200);
        assert.ok(json(api).events.length > 0);
        const exports = await t.db.selectFrom('auditEvents').select('action').where('action', '=', 'audit.export').execute();
        assert.equal(exports.length, 2);
        const reviewer = await t.login('demo-reviewer');
        assert.equal((await reviewer.post('/office/audit/export', { from: '2026-01-01', to: '2026-12-31' })).statusCode, 403);
      });

      it('retention cannot go below 180 days; the purge removes only older events and the chain still verifies; a moved anchor is caught', async () => {
        const security = (await actorForUsername(t.db, 'demo-security', 'session'))!;
        const names180 = (e: { fields?: Record<string, string> }) => Object.values(e.fields ?? {}).some((m) => m.includes('180'));
        await assert.rejects(audit.setAuditRetentionDays(t.db, security, 179), names180);
        await assert.rejects(audit.purgeAuditLog(t.db, undefined, { days: 90 }), names180);
        const before = await audit.verifyChain(t.db);
        assert.ok(before.ok);
        // Half a year and a day later, everything so far is past retention, except what is written then.
        const later = handClock('2027-03-20T02:00:00.000Z');
        const db = withClock(t.db, later);
        await audit.setAuditRetentionDays(db, security, 180);
        const removed = await audit.purgeAuditLog(db);
        assert.ok(removed > 0 && removed === before.count, `${removed} of ${before.count}`);
        const report = await audit.verifyChain(t.db);
        assert.ok(report.ok, audit.describeChain(report));
        assert.equal(report.purgedCount, removed);
        await assert.rejects(sql`DELETE FROM audit_events`.execute(t.db), /append-only/, 'the guard still refuses other deletes');
        await sql`UPDATE audit_chain SET purged_count = purged_count - 1`.execute(t.db);
        const moved = await audit.verifyChain(t.db);
        assert.equal(moved.ok, false);
        await sql`UPDATE audit_chain SET purged_count = purged_count + 1`.execute(t.db);
        assert.ok((await audit.verifyChain(t.db)).ok);
      });
    });
  });
}
