/**
 * The staff journey the README promises, with the demo accounts, through the
 * office's own forms: 股室 → 办公室 → 领导 → 办公室发布, with an unsaved change at
 * submission, a screening finding confirmed at review, and no dead end on the way.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, type Client, type TestApp } from '../../test/helpers.js';
import { chinaDateOf } from '../lib/dates.js';
import { minimalPng } from './files.demo.js';

const today = chinaDateOf(new Date());

/** The edit form's fields as a browser sends them. */
const fields = (extra: Record<string, string>) => ({
  title: '关于示例市节能监察结果的公示',
  summary: '公布年度节能监察结果。',
  body: '<p>现将节能监察结果公示如下。</p>',
  writtenDate: today,
  formedDate: today,
  category: 'notices',
  topic: 'economy',
  genre: 'notice',
  disclosureAttribute: 'proactive',
  documentKind: 'other',
  issuerAgencies: '',
  ...extra,
});

async function multipart(t: TestApp, c: Client, url: string, form: Record<string, string>, file: { name: string; bytes: Buffer }) {
  const boundary = `----gk${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries({ _csrf: c.csrf, ...form })) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(chunks),
  });
}

for (const engine of ENGINES) {
  describe(`the README staff journey with the demo accounts (${engine})`, () => {
    let t: TestApp;
    let editor: Client;
    let reviewer: Client;
    let leader: Client;
    before(async () => {
      t = await createTestApp(engine, { demo: true, demoPublications: true });
      [editor, reviewer, leader] = await Promise.all([t.login('demo-editor'), t.login('demo-reviewer'), t.login('demo-leader')]);
    });
    after(async () => t?.close());

    const row = (id: number) => t.db.selectFrom('publications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const agencyId = async () => (await t.db.selectFrom('agencies').select(['id', 'requiresLeaderApproval']).where('slug', '=', 'fgj').executeTakeFirstOrThrow());

    test('股室 → 办公室 → 领导 → 发布, with no dead end', async () => {
      const fgj = await agencyId();
      assert.equal(fgj.requiresLeaderApproval, 1, 'the demo 发展和改革局 requires leader approval');

      // The editor drafts, with a mobile number in the body: saving screens it and the checklist says so.
      await editor.get('/office/publications/new');
      const created = await editor.post('/office/publications', fields({ agencyId: String(fgj.id), issuerAgencies: String(fgj.id), body: '<p>联系人：张某某，手机 13912345678。</p>' }));
      assert.equal(created.statusCode, 303, created.body);
      const id = Number(/\/office\/publications\/(\d+)/.exec(String(created.headers.location))![1]);
      let page = await editor.get(`/office/publications/${id}`);
      assert.match(page.body, /内容筛查发现 1 项/);
      assert.doesNotMatch(page.body, /可以提交审核<\/p>/);
      // The side panel's 提交审核 belongs to the edit form: it sends what is typed.
      assert.match(page.body, /<button type="submit" form="edit-form" name="intent" value="submit">/);
      assert.doesNotMatch(page.body, /name="action" value="submit"/);

      // The upload keeps an unsaved edit: the upload button sends the form's fields and saves them first.
      let version = String((await row(id)).version);
      const up = await multipart(t, editor, `/office/publications/${id}/attachments`, fields({ version, issuerAgencies: String(fgj.id), body: '<p>联系人：张某某，手机 13912345678。</p>', summary: '上传前未保存的概述。', attachmentName: '位置示意图' }), { name: 'map.png', bytes: minimalPng() });
      assert.equal(up.statusCode, 303, up.body);
      assert.equal((await row(id)).summary, '上传前未保存的概述。');

      // Deleting an attachment keeps an unsaved edit too: its button belongs to the edit form.
      page = await editor.get(`/office/publications/${id}`);
      const del = /formaction="(\/office\/publications\/\d+\/attachments\/\d+\/delete)"/.exec(page.body);
      assert.ok(del, 'the delete button is a button of the edit form');
      assert.match(page.body, /<button[^>]*form="edit-form"[^>]*formaction="\/office\/publications\/\d+\/attachments\/\d+\/delete"/);
      version = String((await row(id)).version);
      const removed = await editor.post(del[1]!, fields({ version, issuerAgencies: String(fgj.id), body: '<p>联系人：张某某，手机 13912345678。</p>', summary: '删除附件前未保存的概述。' }));
      assert.equal(removed.statusCode, 303, removed.body.slice(0, 500));
      assert.equal((await row(id)).summary, '删除附件前未保存的概述。');
      assert.equal((await t.db.selectFrom('publicationAttachments').select('id').where('publicationId', '=', id).execute()).length, 0);
      const again = await multipart(t, editor, `/office/publications/${id}/attachments`, fields({ version: String((await row(id)).version), issuerAgencies: String(fgj.id), body: '<p>联系人：张某某，手机 13912345678。</p>', summary: '上传前未保存的概述。', attachmentName: '位置示意图' }), { name: 'map.png', bytes: minimalPng() });
      assert.equal(again.statusCode, 303, again.body);

      // An unsaved change at submission is saved with it.
      version = String((await row(id)).version);
      const submitted = await editor.post(`/office/publications/${id}`, fields({ version, issuerAgencies: String(fgj.id), title: '关于示例市2026年节能监察结果的公示', body: '<p>联系人：张某某，手机 13912345678。</p>', summary: '上传前未保存的概述。', intent: 'submit' }));
      assert.equal(submitted.statusCode, 303, submitted.body);
      let r = await row(id);
      assert.equal(r.state, 'submitted');
      assert.equal(r.title, '关于示例市2026年节能监察结果的公示');

      // Until the office decides, the editor can take it back (audited), and submit again.
      page = await editor.get(`/office/publications/${id}`);
      assert.match(page.body, /撤回提交/);
      const back = await editor.post(`/office/publications/${id}/transition`, { action: 'withdraw_submission', version: String(r.version) });
      assert.equal(back.statusCode, 303, back.body);
      assert.equal((await row(id)).state, 'draft');
      const events = await t.db.selectFrom('auditEvents').select('action').where('entityType', '=', 'publication').where('entityId', '=', String(id)).execute();
      assert.ok(events.some((e) => e.action === 'publication.withdraw_submission'));
      r = await row(id);
      assert.equal((await editor.post(`/office/publications/${id}/transition`, { action: 'submit', version: String(r.version) })).statusCode, 303);

      // The reviewer: approval is refused while the finding is unconfirmed, and the finding is on the review form.
      page = await reviewer.get(`/office/publications/${id}/review`);
      assert.match(page.body, /id="review-form"/);
      const findingId = /name="confirmFindings" value="(\d+)" id="finding-\d+" form="review-form"/.exec(page.body)?.[1];
      assert.ok(findingId, 'the finding is confirmable on the review form');
      r = await row(id);
      const refused = await reviewer.post(`/office/publications/${id}/transition`, { action: 'approve', confidentiality: 'cleared', version: String(r.version), from: 'review' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /筛查结果未确认/);
      assert.match(refused.body, /id="review-form"/, 'the refusal shows the review form again');
      const approved = await reviewer.post(`/office/publications/${id}/transition`, { action: 'approve', confidentiality: 'cleared', version: String(r.version), from: 'review', confirmFindings: findingId, comment: '已核实，号码为公开的咨询电话' });
      assert.equal(approved.statusCode, 303, approved.body);
      assert.equal((await row(id)).state, 'pending_approval');

      // The leader: one 审批 action, under a tab named 审批.
      page = await leader.get(`/office/publications/${id}`);
      assert.match(page.body, /<a href="\/office\/publications\/\d+\/review">审批<\/a>/);
      assert.equal((page.body.match(/审批同意/g) ?? []).length, 0, 'no second approval button on the item page');
      assert.equal((page.body.match(/class="button" href="\/office\/publications\/\d+\/review">审批</g) ?? []).length, 1);
      page = await leader.get(`/office/publications/${id}/review`);
      assert.equal((page.body.match(/name="action" value="approve"/g) ?? []).length, 1);
      r = await row(id);
      assert.equal((await leader.post(`/office/publications/${id}/transition`, { action: 'approve', version: String(r.version), from: 'review', comment: '同意' })).statusCode, 303);
      assert.equal((await row(id)).state, 'approved');

      // 待发布: nothing left to confirm, and the reviewer publishes.
      page = await reviewer.get(`/office/publications/${id}/review`);
      assert.doesNotMatch(page.body, /form="review-form"/, 'no control points to a form that is not on the page');
      r = await row(id);
      const published = await reviewer.post(`/office/publications/${id}/transition`, { action: 'publish', version: String(r.version), from: 'review' });
      assert.equal(published.statusCode, 303, published.body);
      assert.equal((await row(id)).state, 'published');
    });

    test('a finding still open at 待发布 is confirmable from the page shown there', async () => {
      const fgj = await agencyId();
      await editor.get('/office/publications/new');
      const created = await editor.post('/office/publications', fields({ agencyId: String(fgj.id), issuerAgencies: String(fgj.id), body: '<p>手机 13912345678。</p>' }));
      const id = Number(/\/office\/publications\/(\d+)/.exec(String(created.headers.location))![1]);
      let r = await row(id);
      await editor.post(`/office/publications/${id}/transition`, { action: 'submit', version: String(r.version) });
      const ids = (await t.db.selectFrom('publicationFindings').select('id').where('publicationId', '=', id).execute()).map((f) => String(f.id));
      r = await row(id);
      await reviewer.post(`/office/publications/${id}/transition`, { action: 'approve', confidentiality: 'cleared', version: String(r.version), from: 'review', confirmFindings: ids });
      r = await row(id);
      await leader.post(`/office/publications/${id}/transition`, { action: 'approve', version: String(r.version), from: 'review' });
      assert.equal((await row(id)).state, 'approved');
      // Data from before the rule: an unconfirmed finding at 待发布.
      await t.db.updateTable('publicationFindings').set({ confirmedAt: null, confirmedBy: null, confirmedByName: null }).where('publicationId', '=', id).execute();
      r = await row(id);
      const refused = await reviewer.post(`/office/publications/${id}/transition`, { action: 'publish', version: String(r.version), from: 'review' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /action="\/office\/publications\/\d+\/findings"/, 'the refusal page offers the confirmation');
      const page = await reviewer.get(`/office/publications/${id}/review`);
      const form = /<form method="post" action="\/office\/publications\/\d+\/findings"[\s\S]*?<\/form>/.exec(page.body)?.[0] ?? '';
      assert.match(form, /name="confirmFindings"/, 'the checkboxes sit inside the confirmation form');
      assert.equal((await reviewer.post(`/office/publications/${id}/findings`, { confirmFindings: ids, from: 'review' })).statusCode, 303);
      r = await row(id);
      assert.equal((await reviewer.post(`/office/publications/${id}/transition`, { action: 'publish', version: String(r.version), from: 'review' })).statusCode, 303);
      assert.equal((await row(id)).state, 'published');

      // Withdrawal asks for confirmation and says the reason is public.
      const item = await reviewer.get(`/office/publications/${id}`);
      assert.match(item.body, /将向公众公开/);
      r = await row(id);
      const unconfirmed = await reviewer.post(`/office/publications/${id}/transition`, { action: 'withdraw', comment: '发布栏目有误', version: String(r.version) });
      assert.equal(unconfirmed.statusCode, 400);
      assert.equal((await row(id)).state, 'published');
      assert.equal((await reviewer.post(`/office/publications/${id}/transition`, { action: 'withdraw', comment: '发布栏目有误', confirmWithdraw: '1', version: String(r.version) })).statusCode, 303);
      assert.equal((await row(id)).state, 'withdrawn');
    });
  });
}
