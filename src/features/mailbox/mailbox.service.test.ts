import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { withClock } from '../../db/runtime.js';
import { isAppError } from '../../errors.js';
import { fixedClock } from '../../lib/clock.js';
import { ENGINES, createTestApp, type TestApp } from '../../../test/helpers.js';
import { actorForUsername } from '../accounts/account.service.js';
import { findAgencyByCodeOrSlug } from '../agencies/agency.service.js';
import { recomputeOpenDeadlines } from '../calendar/deadline-sources.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
import { getSettings } from '../settings/settings.js';
import * as service from './mailbox.service.js';
import { mailboxDeadlineSource } from './mailbox.deadlines.js';
import { issueChallenge, solveChallenge } from './mailbox.spam.js';
import { mailboxStats, statsCsv } from './mailbox.statistics.js';

const SECRET = 'service-test-secret';
const at = (db: Db, iso: string) => withClock(db, fixedClock(iso));
const letter = (over: Record<string, unknown> = {}) => ({ agency: 'fgj', kind: 'consultation', subject: '咨询备案材料', body: '企业投资项目备案需要哪些材料？', name: '', phone: '', email: '', ...over });

async function expectCode(p: Promise<unknown>, code: string, field?: string) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isAppError(e), String(e));
    assert.equal(e.code, code, e.message);
    if (field) assert.ok(e.fields?.[field], JSON.stringify(e.fields));
    return true;
  });
}

for (const engine of ENGINES) {
  describe(`mailbox service rules (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
    });
    after(async () => t?.close());

    const counts = async () => {
      const n = async (table: 'mailboxMessages' | 'mailboxChallenges' | 'auditEvents') =>
        Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      return { messages: await n('mailboxMessages'), challenges: await n('mailboxChallenges'), audit: await n('auditEvents') };
    };

    test('bad input is refused with a stable code and writes nothing', async () => {
      const db = at(t.db, '2026-09-15T02:00:00Z');
      const ctx = (ip: string, over: Partial<service.WriteContext> = {}): service.WriteContext => ({ channel: 'api', ip, secret: SECRET, ...over });
      const before = await counts();
      await expectCode(service.writeLetter(db, letter({ body: '' }), ctx('203.0.113.1')), 'VALIDATION_FAILED', 'body');
      await expectCode(service.writeLetter(db, letter({ subject: '   ' }), ctx('203.0.113.1')), 'VALIDATION_FAILED', 'subject');
      await expectCode(service.writeLetter(db, letter({ body: '长'.repeat(5001) }), ctx('203.0.113.1')), 'VALIDATION_FAILED', 'body');
      await expectCode(service.writeLetter(db, letter({ kind: 'site_error' }), ctx('203.0.113.1')), 'VALIDATION_FAILED', 'kind');
      await expectCode(service.writeLetter(db, letter({ agency: 'nope' }), ctx('203.0.113.1')), 'VALIDATION_FAILED', 'agency');
      await expectCode(service.writeLetter(db, letter({ body: '优惠 http://a.cn http://b.cn http://c.cn' }), ctx('203.0.113.1')), 'VALIDATION_FAILED', 'body');
      await expectCode(service.writeLetter(db, letter(), ctx('203.0.113.1', { honeypot: 'http://spam' })), 'SPAM_SUSPECTED');
      // The form's challenge: missing, forged, fresh and unsolved.
      const form = (challenge: { token: string | undefined; solution: string | undefined }) => ctx('203.0.113.1', { channel: 'web', challenge });
      await expectCode(service.writeLetter(db, letter(), form({ token: undefined, solution: undefined })), 'CHALLENGE_FAILED');
      await expectCode(service.writeLetter(db, letter(), form({ token: 'v1.1.abcdefgh.8.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', solution: '1' })), 'CHALLENGE_FAILED');
      const fresh = issueChallenge(SECRET, Date.parse('2026-09-15T02:00:00Z'), 14);
      await expectCode(service.writeLetter(db, letter(), form({ token: fresh.token, solution: '' })), 'CHALLENGE_FAILED');
      assert.deepEqual(await counts(), before);
    });

    test('the writer’s name, phone, e-mail and address are sealed at rest and read back in the office', async () => {
      const db = at(t.db, '2026-09-16T02:00:00Z');
      const receipt = await service.writeLetter(db, letter({ subject: '封存测试', body: '请问封存测试的办理地点？', name: '李封存', phone: '13912345678', email: 'li.seal@example.com' }), { channel: 'api', ip: '198.51.100.77', secret: SECRET });
      const raw = await sql<Record<string, string>>`SELECT writer_name, writer_phone, writer_email, writer_ip FROM mailbox_messages WHERE id = ${receipt.id}`.execute(t.db);
      const row = raw.rows[0]!;
      for (const plain of ['李封存', '13912345678', 'li.seal@example.com', '198.51.100.77']) assert.ok(!JSON.stringify(row).includes(plain), `${plain} is not stored in clear`);
      for (const c of ['writerName', 'writerPhone', 'writerEmail', 'writerIp']) assert.match(row[c]!, /^pd1:/, c);
      const reviewer = await actorForUsername(t.db, 'demo-reviewer', 'system');
      const opened = await service.getMessage(t.db, reviewer!, receipt.id);
      assert.equal(opened.writerName, '李封存');
      assert.equal(opened.writerPhone, '13912345678');
      assert.equal(opened.writerIp, '198.51.100.77');
      // Unmasked for whoever handles it; masked for a leader reading along and for the system administrator.
      assert.deepEqual(service.writerFor(reviewer!, opened), { name: '李封存', phone: '13912345678', email: 'li.seal@example.com', masked: false, purged: false });
      for (const name of ['demo-leader', 'demo-admin']) {
        const w = service.writerFor((await actorForUsername(t.db, name, 'system'))!, opened);
        assert.deepEqual(w, { name: '李**', phone: '139****5678', email: 'l***@example.com', masked: true, purged: false }, name);
      }
      const page = await (await t.login('demo-leader')).get(`/office/mailbox/${receipt.id}`);
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes('13912345678') && page.body.includes('139****5678'), 'the leader sees the phone masked');
    });

    test('after the retention period the writer’s details are cleared, audited, and the letter stays', async () => {
      const db = at(t.db, '2026-09-17T02:00:00Z');
      const receipt = await service.writeLetter(db, letter({ subject: '保存期限测试', body: '保存期限测试的来信内容。', name: '赵期限', phone: '13700001111', email: 'zhao@example.com' }), { channel: 'api', ip: '198.51.100.78', secret: SECRET });
      const reviewer = (await actorForUsername(t.db, 'demo-reviewer', 'system'))!;
      await service.reply(at(t.db, '2026-09-18T02:00:00Z'), reviewer, receipt.id, { reply: '已答复：请携带材料到政务服务中心办理。' });
      const { mailboxRetentionDays } = await getSettings(t.db);
      assert.equal(mailboxRetentionDays, '730');
      // A day before the end of the period: nothing happens.
      assert.equal(await service.purgeExpiredWriters(at(t.db, '2028-09-16T02:00:00Z')), 0);
      assert.equal((await service.getMessage(t.db, reviewer, receipt.id)).writerName, '赵期限');
      assert.ok((await service.purgeExpiredWriters(at(t.db, '2028-09-19T02:00:00Z'))) >= 1);
      const after = await service.getMessage(t.db, reviewer, receipt.id);
      assert.deepEqual([after.writerName, after.writerPhone, after.writerEmail, after.writerIp], ['', '', '', '']);
      assert.ok(after.writerPurgedAt);
      assert.equal(after.body, '保存期限测试的来信内容。');
      assert.equal(service.writerFor(reviewer, after).purged, true);
      const raw = await sql<Record<string, string>>`SELECT writer_name, writer_phone FROM mailbox_messages WHERE id = ${receipt.id}`.execute(t.db);
      assert.deepEqual(Object.values(raw.rows[0]!), ['', ''], 'no ciphertext left either');
      const events = await t.db.selectFrom('auditEvents').select('action').where('entityType', '=', 'mailbox').where('entityId', '=', String(receipt.id)).execute();
      assert.ok(events.some((e) => e.action === 'mailbox.purge'));
      assert.equal(await service.purgeExpiredWriters(at(t.db, '2028-09-20T02:00:00Z')), 0, 'once');
      // Without the name, masking cannot be checked: publishing is refused.
      await expectCode(service.publish(t.db, reviewer, receipt.id, { subject: '保存期限测试', body: '赵期限的来信', reply: '已答复', version: String(after.version) }), 'INVALID_TRANSITION');
    });

    test('a solved challenge is spent once; a replay is refused and writes nothing', async () => {
      const issued = Date.parse('2026-09-15T03:00:00Z');
      const c = issueChallenge(SECRET, issued, 8);
      const solution = solveChallenge(c.token, 8);
      const db = at(t.db, '2026-09-15T03:00:05Z');
      const ctx: service.WriteContext = { channel: 'web', ip: '203.0.113.50', secret: SECRET, challenge: { token: c.token, solution } };
      const r = await service.writeLetter(db, letter({ body: '第一封：请问项目备案流程。' }), ctx);
      assert.match(r.trackingCode, /^X[2-9A-Z]{4}-/);
      const before = await counts();
      await expectCode(service.writeLetter(db, letter({ body: '第二封：请问核准流程。' }), ctx), 'CHALLENGE_FAILED');
      assert.deepEqual(await counts(), before);
    });

    test('floods from one address and one network are rate-limited; duplicates are refused', async () => {
      const db = at(t.db, '2026-09-16T02:00:00Z');
      const settings = { perAddress: { max: 2, windowMinutes: 60 }, perNetwork: { max: 3, windowMinutes: 60 } };
      const send = (ip: string, body: string, dbx = db) => service.writeLetter(dbx, letter({ body }), { channel: 'api', ip, secret: SECRET, settings });
      await send('198.18.7.1', '洪水一号：请问事项一。');
      await send('198.18.7.1', '洪水二号：请问事项二。');
      const before = await counts();
      await expectCode(send('198.18.7.1', '洪水三号：请问事项三。'), 'RATE_LIMITED');
      // Another address in the same /24: the network allows one more, then stops.
      await send('198.18.7.2', '洪水四号：请问事项四。');
      await expectCode(send('198.18.7.3', '洪水五号：请问事项五。'), 'RATE_LIMITED');
      assert.equal((await counts()).messages, before.messages + 1);
      // An hour later (the injected clock, no sleeping) the address may write again.
      await send('198.18.7.1', '洪水六号：请问事项六。', at(t.db, '2026-09-16T03:01:00Z'));
      // The same body again (other spacing and punctuation, another address) is a duplicate within the window.
      await expectCode(send('192.0.2.9', '洪水六号 请问事项六', at(t.db, '2026-09-16T05:00:00Z')), 'DUPLICATE_MESSAGE');
      // …but not to another agency, nor after the window.
      await service.writeLetter(at(t.db, '2026-09-16T05:00:00Z'), letter({ agency: 'czj', body: '洪水六号：请问事项六。' }), { channel: 'api', ip: '192.0.2.9', secret: SECRET });
      await send('192.0.2.10', '洪水六号：请问事项六。', at(t.db, '2026-09-20T05:00:00Z'));
    });

    test('the reply limit is the agency setting per kind, computed by the calendar', async () => {
      const admin = (await actorForUsername(t.db, 'demo-admin', 'system'))!;
      const fgj = (await findAgencyByCodeOrSlug(t.db, 'fgj'))!;
      const db = at(t.db, '2026-09-15T02:00:00Z');
      const base = await service.writeLetter(db, letter({ kind: 'complaint', body: '投诉：期限按默认。' }), { channel: 'api', ip: '100.64.0.1', secret: SECRET });
      assert.deepEqual([base.dueDate, base.provisional], ['2026-10-12', false]);
      await expectCode(service.setLimits(t.db, admin, fgj.id, { complaint: '0' }), 'VALIDATION_FAILED', 'complaint');
      const editor = (await actorForUsername(t.db, 'demo-editor', 'system'))!;
      await expectCode(service.setLimits(t.db, editor, fgj.id, { complaint: '10' }), 'FORBIDDEN');
      await service.setLimits(t.db, admin, fgj.id, { complaint: '10' });
      const set = await service.writeLetter(db, letter({ kind: 'complaint', body: '投诉：期限按机关设置。' }), { channel: 'api', ip: '100.64.0.2', secret: SECRET });
      assert.equal(set.dueDate, '2026-09-29');
      // Other agencies keep the default.
      const czj = await service.writeLetter(db, letter({ agency: 'czj', kind: 'complaint', body: '投诉：财政局。' }), { channel: 'api', ip: '100.64.0.3', secret: SECRET });
      assert.equal(czj.dueDate, '2026-10-12');
      // Late December: the deadline runs into a year without published holidays.
      const dec = await service.writeLetter(at(t.db, '2026-12-28T02:00:00Z'), letter({ kind: 'complaint', body: '投诉：年底来信。' }), { channel: 'api', ip: '100.64.0.4', secret: SECRET });
      assert.equal(dec.provisional, true);
      // The calendar's recomputation source sees the open messages and agrees with what is stored.
      const cal = await getCalendar(t.db);
      const items = await mailboxDeadlineSource.listOpen(t.db);
      const mine = items.find((i) => i.id === set.id)!;
      assert.deepEqual(mailboxDeadlineSource.compute(cal, mine.input), { deadline: '2026-09-29', provisional: false });
      assert.deepEqual(await recomputeOpenDeadlines(t.db, [mailboxDeadlineSource as never], cal, cal, SYSTEM_ACTOR, '测试'), []);
    });

    test('网站纠错 goes to the agency owning the page, else to the platform, with a 3-working-day clock', async () => {
      const db = at(t.db, '2026-09-15T02:00:00Z');
      const ctx = (ip: string) => ({ channel: 'web' as const, ip, secret: SECRET, publicUrl: 'http://gk.test' });
      const own = await service.reportSiteError(db, { pageUrl: 'http://gk.test/fgj/zfxxgk/fdzdgknr', errorType: 'typo', description: '“拔款”应为“拨款”。', contact: '' }, ctx('100.65.0.1'));
      assert.equal(own.agency?.slug, 'fgj');
      assert.equal(own.dueDate, '2026-09-18');
      const platform = await service.reportSiteError(db, { pageUrl: '/search?q=x', errorType: 'broken_link', description: '搜索页的帮助链接打不开。', contact: 'a@example.com' }, ctx('100.65.0.2'));
      assert.equal(platform.agency, null);
      const foreign = await service.reportSiteError(db, { pageUrl: 'https://elsewhere.example/fgj', errorType: 'other', description: '别的网站的页面。', contact: '' }, ctx('100.65.0.3'));
      assert.equal(foreign.agency, null);
      await expectCode(service.reportSiteError(db, { pageUrl: 'javascript:alert(1)', errorType: 'typo', description: '坏网址。' }, ctx('100.65.0.4')), 'VALIDATION_FAILED', 'pageUrl');
      await expectCode(service.reportSiteError(db, { pageUrl: '/fgj', errorType: 'nope', description: '坏类型。' }, ctx('100.65.0.4')), 'VALIDATION_FAILED', 'errorType');
      // Only platform administrators see and handle the platform's reports.
      const reviewer = (await actorForUsername(t.db, 'demo-reviewer', 'system'))!;
      await expectCode(service.getMessage(t.db, reviewer, platform.id), 'NOT_FOUND');
      const admin = (await actorForUsername(t.db, 'demo-admin', 'system'))!;
      assert.equal((await service.getMessage(t.db, admin, platform.id)).pageUrl, '/search?q=x');
    });

    test('staff: phone log, department inbox with overdue first, reply, publish masked, close; every change audited', async () => {
      const reviewer = (await actorForUsername(t.db, 'demo-reviewer', 'system'))!;
      const editor = (await actorForUsername(t.db, 'demo-editor', 'system'))!;
      const fgj = (await findAgencyByCodeOrSlug(t.db, 'fgj'))!;
      const dept = await t.db.selectFrom('departments').select(['id', 'name']).where('agencyId', '=', fgj.id).where('id', '=', editor.memberships[0]!.departmentId!).executeTakeFirstOrThrow();
      const db = at(t.db, '2026-09-15T02:00:00Z');
      await expectCode(service.logPhoneCall(db, reviewer, fgj.id, { kind: 'report', subject: '', body: '来电' }), 'VALIDATION_FAILED', 'subject');
      await expectCode(service.logPhoneCall(db, reviewer, fgj.id, { kind: 'report', subject: '未来', body: '来电内容', receivedDate: '2026-09-20' }), 'VALIDATION_FAILED', 'receivedDate');
      const call = await service.logPhoneCall(db, reviewer, fgj.id, { kind: 'report', name: '孙先生', phone: '13700001111', subject: '加油站价格', body: '反映价格违规，电话13700001111。', receivedDate: '2026-08-03' });
      const row = await service.getMessage(t.db, reviewer, call.id);
      assert.equal(row.channel, 'phone');
      // The editor sees nothing until it is routed to their department.
      const later = at(t.db, '2026-09-15T03:00:00Z');
      assert.ok(!(await service.inbox(later, editor, {})).items.some((i) => i.id === call.id));
      await service.assign(later, reviewer, call.id, { departmentId: String(dept.id) });
      const inbox = await service.inbox(later, editor, {});
      assert.equal(inbox.items[0]!.id, call.id, 'the overdue call comes first');
      assert.ok(inbox.items.every((i) => i.departmentId === dept.id));
      await expectCode(service.publish(later, reviewer, call.id, { subject: 'x', body: 'y', reply: 'z' }), 'INVALID_TRANSITION');
      await expectCode(service.close(later, reviewer, call.id, {}), 'VALIDATION_FAILED', 'reason');
      const replied = await service.reply(later, editor, call.id, { reply: '孙先生：经查属实，已立案处理。' });
      assert.equal(replied.onTime, 0);
      await expectCode(service.publish(later, editor, call.id, service.maskedPreview(replied)), 'FORBIDDEN');
      await expectCode(service.publish(later, reviewer, call.id, { ...service.maskedPreview(replied), version: 1 }), 'STALE_EDIT');
      const pub = await service.publish(later, reviewer, call.id, { subject: '加油站价格', body: '反映价格违规，电话13700001111。', reply: '孙先生：经查属实。' });
      assert.match(pub.publicBody, /137\*\*\*\*1111/);
      const item = await service.publishedItem(t.db, fgj.id, call.id);
      assert.doesNotMatch(JSON.stringify(item), /13700001111/);
      await service.close(later, reviewer, call.id, {});
      const actions = await t.db.selectFrom('auditEvents').select('action').where('entityType', '=', 'mailbox').where('entityId', '=', String(call.id)).orderBy('id').execute();
      assert.deepEqual(actions.map((a) => a.action), ['mailbox.phone_log', 'mailbox.assign', 'mailbox.reply', 'mailbox.publish', 'mailbox.close']);

      const stats = await mailboxStats(later, fgj.id, '2026-01-01', '2026-12-31');
      const report = stats.byKind.find((k) => k.kind === 'report')!;
      assert.ok(report.late >= 1 && report.published >= 1);
      assert.match(statsCsv(stats), /^\uFEFF类型,收到/);
    });
  });
}
