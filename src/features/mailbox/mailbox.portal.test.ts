import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Clock } from '../../lib/clock.js';
import { ENGINES, createTestApp, json, type TestApp } from '../../../test/helpers.js';
import { solveChallenge } from './mailbox.spam.js';

/** A clock the test moves by hand: the challenge's age without sleeping. */
class ManualClock implements Clock {
  constructor(private ms: number) {}
  now() {
    return new Date(this.ms);
  }
  advance(seconds: number) {
    this.ms += seconds * 1000;
  }
}

const challengeOf = (html: string) => /name="challenge" value="([^"]+)"/.exec(html)?.[1] ?? '';
const count = async (t: TestApp) => Number((await t.db.selectFrom('mailboxMessages').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

for (const engine of ENGINES) {
  describe(`mailbox on the portal, the office and the API (${engine})`, () => {
    let t: TestApp;
    const clock = new ManualClock(Date.parse('2026-09-15T02:00:00Z'));
    before(async () => {
      t = await createTestApp(engine, { demo: true, platform: { clock } });
    });
    after(async () => t?.close());

    const letter = (over: Record<string, string> = {}) => ({ kind: 'complaint', subject: '路灯损坏', body: '人民路路灯坏了一周，请维修。', name: '张三丰', phone: '13912345678', email: '', website: '', ...over });

    test('a citizen writes without JavaScript: the form waits for the slow path, then gives a tracking code; staff reply and publish; the Q&A is masked', async () => {
      const c = t.anonymous();
      const home = await c.get('/fgj');
      assert.match(home.body, /href="\/fgj\/mailbox"/);
      const form = await c.get('/fgj/mailbox');
      assert.equal(form.statusCode, 200);
      const token = challengeOf(form.body);
      assert.ok(token);
      const before = await count(t);
      // Straight away and unsolved: refused, the form comes back with the text kept, nothing stored.
      const fast = await c.post('/fgj/mailbox', { ...letter(), challenge: token, pow: '' });
      assert.equal(fast.statusCode, 400);
      assert.match(fast.body, /提交过快/);
      assert.match(fast.body, /人民路路灯坏了一周/);
      assert.equal(await count(t), before);
      clock.advance(25);
      const ok = await c.post('/fgj/mailbox', { ...letter({ body: '人民路路灯坏了一周，请维修。我叫张三丰，电话13912345678。' }), challenge: challengeOf(fast.body), pow: '' });
      assert.equal(ok.statusCode, 201, ok.body.slice(0, 500));
      const code = /class="code">([^<]+)</.exec(ok.body)?.[1];
      assert.ok(code);
      // Replaying the spent challenge is refused.
      clock.advance(30);
      const replay = await c.post('/fgj/mailbox', { ...letter({ body: '另一件事：人民路井盖缺失。' }), challenge: challengeOf(fast.body), pow: '' });
      assert.equal(replay.statusCode, 400);
      assert.match(replay.body, /已经提交过/);

      const tracked = json(await c.get(`/api/v1/mailbox/track/${code}`));
      assert.equal(tracked.status, 'open');
      assert.equal(tracked.dueDate, '2026-10-12');
      assert.doesNotMatch(JSON.stringify(tracked), /13912345678|张三丰/);

      const staff = await t.login('demo-reviewer');
      const inbox = await staff.get('/office/mailbox');
      assert.equal(inbox.statusCode, 200);
      const id = Number(/href="\/office\/mailbox\/(\d+)">路灯损坏</.exec(inbox.body)?.[1]);
      assert.ok(id);
      await staff.get(`/office/mailbox/${id}`);
      const replied = await staff.post(`/office/mailbox/${id}/reply`, { reply: '张三丰您好，已安排维修。' });
      assert.equal(replied.statusCode, 303);
      const detail = await staff.get(`/office/mailbox/${id}`);
      assert.match(detail.body, /我叫张\*\*/);
      assert.match(detail.body, /139\*\*\*\*5678/);
      const v = /name="version" value="(\d+)"/.exec(detail.body)?.[1] ?? '';
      const pub = await staff.post(`/office/mailbox/${id}/publish`, {
        version: v,
        subject: '路灯损坏',
        body: '人民路路灯坏了一周，请维修。我叫张三丰，电话13912345678。',
        reply: '张三丰您好，已安排维修。',
      });
      assert.equal(pub.statusCode, 303, pub.body.slice(0, 300));
      const list = await c.get('/fgj/mailbox/qa');
      assert.match(list.body, /路灯损坏/);
      const item = await c.get(`/fgj/mailbox/qa/${id}`);
      assert.equal(item.statusCode, 200);
      assert.doesNotMatch(item.body, /13912345678|张三丰/);
      assert.match(item.body, /139\*\*\*\*5678/);

      // The writer rates the reply once.
      const track = await c.get(`/mailbox/track/${code}`);
      assert.match(track.body, /已安排维修/);
      const rated = await c.post(`/mailbox/track/${code}/rate`, { rating: '5', comment: '' });
      assert.equal(rated.statusCode, 303);
      const again = await c.post(`/mailbox/track/${code}/rate`, { rating: '1', comment: '' });
      assert.equal(again.statusCode, 409);
    });

    test('the office dashboard raises the alarm for the overdue demo complaint; statistics download as CSV', async () => {
      const staff = await t.login('demo-reviewer');
      const dash = await staff.get('/office');
      assert.match(dash.body, /政务信箱（待答复/);
      assert.match(dash.body, /停车收费标准未公示/);
      assert.match(dash.body, /已超过答复期限|超过30天未答复/);
      const csv = await staff.get('/office/mailbox/stats.csv?year=2026');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      assert.match(csv.body, /投诉,\d+/);
      const editor = await t.login('demo-editor');
      assert.equal((await editor.post('/office/mailbox/limits?agency=1', { complaint: '5' })).statusCode, 403);
    });

    test('网站纠错: the address is prefilled, a robot filling the honeypot is turned away and nothing is stored', async () => {
      const c = t.anonymous();
      const form = await c.get('/jiucuo?url=' + encodeURIComponent('http://gk.test/fgj/zfxxgk'));
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /value="http:\/\/gk.test\/fgj\/zfxxgk"/);
      const before = await count(t);
      clock.advance(30);
      const bot = await c.post('/jiucuo', { pageUrl: '/fgj', errorType: 'typo', description: '错别字一处。', contact: '', website: 'http://spam.example', challenge: challengeOf(form.body), pow: '' });
      assert.equal(bot.statusCode, 422);
      assert.equal(await count(t), before);
      const ok = await c.post('/jiucuo', { pageUrl: 'http://gk.test/fgj/zfxxgk', errorType: 'typo', description: '“拔款”应为“拨款”。', contact: '', website: '', challenge: challengeOf(bot.body), pow: '' });
      assert.equal(ok.statusCode, 201, ok.body.slice(0, 300));
      assert.match(ok.body, /示例市发展和改革局已收到您的网站纠错信息/);
    });
  });
}
