import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, json, type TestApp } from '../../../test/helpers.js';
import type { Clock } from '../../lib/clock.js';

/** A clock the test moves: the platform's "today" for every request. */
function movableClock(at: string) {
  let ms = Date.parse(at);
  const clock: Clock = { now: () => new Date(ms) };
  return { clock, set: (iso: string) => void (ms = Date.parse(iso)) };
}

const FORM = {
  title: '关于《示例市停车收费管理办法（征求意见稿）》公开征求意见的公告',
  kind: 'normative',
  explanation: '为规范停车收费，起草本办法。',
  commentMethod: '信函：示例市人民路1号',
  sections: '## 第一条 目的\n为规范停车收费秩序，制定本办法。\n## 第二条 收费标准\n按时段收费。',
  startDate: '2026-11-02',
  endDate: '2026-11-10',
};

for (const engine of ENGINES) {
  describe(`participation over HTTP (${engine})`, () => {
    let t: TestApp;
    const time = movableClock('2026-11-02T09:00:00+08:00');

    before(async () => {
      t = await createTestApp(engine, { demo: true, platform: { clock: time.clock } });
    });
    after(async () => t?.close());

    test('office form: per-field errors, then open; the public comments without an account; closed by date; the API gives a stable code', async () => {
      time.set('2026-11-02T09:00:00+08:00');
      const office = await t.login('demo-reviewer');
      const form = await office.get('/office/participation/consultations/new');
      const agencyId = /name="agencyId" value="(\d+)"/.exec(form.body)![1]!;
      const bad = await office.post('/office/participation/consultations/new', { ...FORM, agencyId, title: '', kind: 'nope' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /此项必填/);
      assert.match(bad.body, /请选择征集类别/);
      const created = await office.post('/office/participation/consultations/new', { ...FORM, agencyId, endDate: '2026-11-05' });
      assert.equal(created.statusCode, 303);
      const path = String(created.headers.location);
      const id = Number(/(\d+)$/.exec(path)![1]);
      await office.get(path);
      const refused = await office.post(`${path}/open`, {});
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /缩短期限须说明理由/);
      const page = await office.get(path);
      const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
      assert.equal((await office.post(path, { ...FORM, version })).statusCode, 303);
      assert.equal((await office.post(`${path}/open`, {})).statusCode, 303);

      const anon = t.anonymous();
      const list = await anon.get('/fgj/hdcy');
      assert.match(list.body, /停车收费管理办法/);
      const pubPage = await anon.get(`/fgj/hdcy/yjzj/${id}`);
      assert.equal(pubPage.statusCode, 200);
      assert.match(pubPage.body, /id="s-2"/);
      const sectionId = /<option value="(\d+)">第二条 收费标准/.exec(pubPage.body)![1]!;
      const robot = await anon.post(`/fgj/hdcy/yjzj/${id}/comments`, { body: '机器人填写的意见内容', website: 'http://spam.example' });
      assert.equal(robot.statusCode, 400);
      const empty = await anon.post(`/fgj/hdcy/yjzj/${id}/comments`, { body: '' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /此项必填|至少 5 个字/);
      const sent = await anon.post(`/fgj/hdcy/yjzj/${id}/comments`, { section: sectionId, body: '建议夜间免费停车。', name: '王五', contact: 'wang@example.com' });
      assert.equal(sent.statusCode, 303);
      assert.match((await anon.get(String(sent.headers.location))).body, /意见已提交/);
      const comments = json(await office.api('GET', `/api/v1/consultations/${id}/comments`));
      assert.deepEqual(comments.items.map((c: { body: string; sectionId: number }) => [c.body, c.sectionId]), [['建议夜间免费停车。', Number(sectionId)]]);

      // The day after the end date: the form is gone, a late post is refused with its reason.
      time.set('2026-11-11T08:00:00+08:00');
      const closedPage = await anon.get(`/fgj/hdcy/yjzj/${id}`);
      assert.match(closedPage.body, /已于2026年11月10日截止/);
      const late = await anon.post(`/fgj/hdcy/yjzj/${id}/comments`, { body: '截止后的意见内容' });
      assert.equal(late.statusCode, 409);
      assert.match(late.body, /截止，不再接受意见/);
      const api = await t.anonymous().api('POST', `/api/v1/consultations/${id}/comments`, { body: '截止后的意见内容' });
      assert.equal(api.statusCode, 409);
      assert.equal(json(api).error.code, 'CONSULTATION_CLOSED');
      const stored = await t.db.selectFrom('consultationComments').select('id').where('consultationId', '=', id).execute();
      assert.equal(stored.length, 1, 'neither the robot, the empty nor the late comment was stored');
    });

    test('a flood of comments from one address is turned away', async () => {
      time.set('2026-11-03T09:00:00+08:00');
      // The first test's consultation is past; open a fresh one through the API.
      const office = await t.login('demo-reviewer');
      const agencyId = (await t.db.selectFrom('agencies').select('id').where('slug', '=', 'fgj').executeTakeFirstOrThrow()).id;
      const draft = json(await office.api('POST', '/api/v1/consultations', { agencyId, ...FORM, sections: [{ heading: '第一条', body: '正文。' }], startDate: '2026-11-03', endDate: '2026-11-20' }));
      assert.equal(json(await office.api('POST', `/api/v1/consultations/${draft.id}/open`, {})).state, 'open');
      const anon = t.anonymous();
      const codes: number[] = [];
      for (let i = 0; i < 12; i++) codes.push((await anon.api('POST', `/api/v1/consultations/${draft.id}/comments`, { body: `第${i}条重复意见内容` })).statusCode);
      // Ten per address in ten minutes (the first test's late API call from the same address counts too).
      const accepted = codes.filter((c) => c === 201).length;
      assert.ok(accepted >= 9 && accepted <= 10, codes.join(','));
      assert.deepEqual(codes.slice(accepted), Array(12 - accepted).fill(429));
      const stored = await t.db.selectFrom('consultationComments').select('id').where('consultationId', '=', draft.id).execute();
      assert.equal(stored.length, accepted);
    });

    test('the demo: list with open consultations first, closed ones with feedback, the hearing; a late material is refused on the office page', async () => {
      time.set('2026-11-02T09:00:00+08:00');
      const anon = t.anonymous();
      const list = (await anon.get('/fgj/hdcy')).body;
      const open = list.indexOf('城区公共停车场收费管理办法');
      const closed = list.indexOf('重点建设项目管理办法');
      assert.ok(open > 0 && closed > open, 'open before closed');
      assert.match(list, /重点建设项目管理办法[^<]*<\/a>[\s\S]*?已公布采纳情况/);
      const hearingId = Number(/\/fgj\/hdcy\/tzh\/(\d+)/.exec(list)![1]);
      const hearing = await anon.get(`/fgj/hdcy/tzh/${hearingId}`);
      assert.match(hearing.body, /张建国（消费者代表）/);
      assert.match(hearing.body, /定价成本监审报告/);
      // The closed consultation's document shows its feedback on its own page.
      const doc = await t.db.selectFrom('publications').select('id').where('title', '=', '示例市重点建设项目管理办法').executeTakeFirstOrThrow();
      assert.match((await anon.get(`/fgj/zfxxgk/content/${doc.id}`)).body, /意见采纳情况[\s\S]*共收到意见 3 条/);

      // Six days before the hearing (21 days after the demo's today): too late for materials.
      time.set('2026-11-17T09:00:00+08:00');
      const office = await t.login('demo-reviewer');
      await office.get(`/office/participation/hearings/${hearingId}`);
      const late = await office.post(`/office/participation/hearings/${hearingId}/materials`, { materialTitle: '补充材料' });
      assert.equal(late.statusCode, 409);
      assert.match(late.body, /材料须在2026年11月16日（含）之前送达/);
      const stored = await t.db.selectFrom('hearingMaterials').select('title').where('hearingId', '=', hearingId).execute();
      assert.deepEqual(stored.map((m) => m.title), ['停车收费标准定价成本监审报告']);
    });

    test('the linked document is refused at 发布 until the feedback is public, then shows it', async () => {
      time.set('2026-11-02T09:00:00+08:00');
      const editor = await t.login('demo-editor');
      let reviewer = await t.login('demo-reviewer');
      const agencyId = (await t.db.selectFrom('agencies').select('id').where('slug', '=', 'fgj').executeTakeFirstOrThrow()).id;
      const c = json(await reviewer.api('POST', '/api/v1/consultations', { agencyId, ...FORM, title: '关于停车办法的意见征集', sections: [{ heading: '第一条', body: '正文。' }] }));
      await reviewer.api('POST', `/api/v1/consultations/${c.id}/open`, {});
      const fields = { summary: '示例市停车收费管理办法。', body: '<p>第一条 为规范停车收费秩序，制定本办法。</p>', documentNumber: '示发改规〔2026〕9号', writtenDate: '2026-11-02', formedDate: '2026-11-02', category: 'art20_01', topic: 'economy', genre: 'measures' };
      const draft = json(await editor.api('POST', '/api/v1/publications', { title: '示例市停车收费管理办法' }));
      assert.equal((await reviewer.api('PUT', `/api/v1/consultations/${c.id}/publication`, { publicationId: draft.id })).statusCode, 200);
      const full = json(await editor.get(`/api/v1/publications/${draft.id}`));
      const submitted = await editor.api('POST', `/api/v1/publications/${draft.id}/save-and-submit`, { ...fields, version: full.version });
      assert.ok(submitted.statusCode < 300, submitted.body);
      const findings = json(submitted).findings as { id: number }[];
      if (findings.length) await reviewer.api('POST', `/api/v1/publications/${draft.id}/findings/confirm`, { ids: findings.map((f) => f.id) });
      const approved = await reviewer.api('POST', `/api/v1/publications/${draft.id}/transitions`, { action: 'approve', confidentiality: 'cleared' });
      assert.ok(approved.statusCode < 300, approved.body);

      time.set('2026-11-12T09:00:00+08:00');
      // Ten days on, the morning's session is long gone: sign in again.
      reviewer = await t.login('demo-reviewer');
      const refused = await reviewer.api('POST', `/api/v1/publications/${draft.id}/transitions`, { action: 'publish' });
      assert.equal(refused.statusCode, 409);
      assert.equal(json(refused).error.code, 'FEEDBACK_REQUIRED');
      assert.equal(json(await reviewer.get(`/api/v1/publications/${draft.id}`)).state, 'approved');

      const fb = await reviewer.api('PUT', `/api/v1/consultations/${c.id}/feedback`, { received: 3, adopted: 1, partly: 1, notAdopted: 1, text: '采纳夜间免费的建议；未采纳取消收费的意见，理由是与上位法不符。' });
      assert.equal(fb.statusCode, 200, fb.body);
      const published = await reviewer.api('POST', `/api/v1/publications/${draft.id}/transitions`, { action: 'publish' });
      assert.ok(published.statusCode < 300, published.body);
      const page = await t.anonymous().get(`/fgj/zfxxgk/content/${draft.id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /意见采纳情况/);
      assert.match(page.body, /共收到意见 3 条，其中采纳 1 条，部分采纳 1 条，未采纳 1 条/);
      const consultation = json(await t.anonymous().get(`/api/v1/consultations/${c.id}`));
      assert.equal(consultation.feedback.adopted, 1);
      assert.equal(consultation.publication.id, draft.id);
    });
  });
}
