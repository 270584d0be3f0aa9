import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, json, type Client, type TestApp } from '../../../test/helpers.js';
import { chinaDateOf } from '../../lib/dates.js';

const today = chinaDateOf(new Date());
const complete = {
  summary: '部署年度节能监察工作。',
  body: '<p>各有关单位：现就开展节能监察有关事项通知如下。</p>',
  writtenDate: today,
  formedDate: today,
  category: 'notices',
  topic: 'economy',
  genre: 'notice',
};

for (const engine of ENGINES) {
  describe(`four-eyes review (${engine})`, () => {
    let t: TestApp;
    let editor: Client;
    let reviewer: Client;
    let admin: Client;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
      [editor, reviewer, admin] = await Promise.all([t.login('demo-editor'), t.login('demo-reviewer'), t.login('demo-admin')]);
    });
    after(async () => t?.close());

    const submitted = async (author: Client, departmentId?: number) => {
      const c = await author.api('POST', '/api/v1/publications', { title: `节能监察通知 ${Math.random().toString(36).slice(2, 7)}`, ...complete, ...(departmentId ? { departmentId } : {}) });
      assert.equal(c.statusCode, 201, c.body);
      const s = await author.api('POST', `/api/v1/publications/${json(c).id}/transitions`, { action: 'submit' });
      assert.equal(s.statusCode, 200, s.body);
      return json(s) as { id: number; version: number; agency: { id: number } };
    };
    const reviewerDept = async () => {
      const u = await t.db.selectFrom('users as u').innerJoin('memberships as m', 'm.userId', 'u.id').select(['m.agencyId']).where('u.username', '=', 'demo-reviewer').executeTakeFirstOrThrow();
      const d = await t.db.selectFrom('departments').select('id').where('agencyId', '=', u.agencyId).orderBy('id').executeTakeFirstOrThrow();
      return { agencyId: u.agencyId, departmentId: d.id };
    };

    test('a reviewer cannot approve, or approve and publish, an item they wrote; a second person can', async () => {
      const { departmentId } = await reviewerDept();
      const own = await submitted(reviewer, departmentId);
      for (const action of ['approve', 'approve_publish']) {
        const r = await reviewer.api('POST', `/api/v1/publications/${own.id}/transitions`, { action, confidentiality: 'cleared', version: own.version });
        assert.equal(r.statusCode, 403, r.body);
        assert.equal(json(r).error.code, 'OWN_WORK_REVIEW');
        assert.match(json(r).error.message, /另一人审核/);
      }
      assert.equal((await t.db.selectFrom('publications').select('state').where('id', '=', own.id).executeTakeFirstOrThrow()).state, 'submitted');
      // The office form says so on the page, without a 500.
      const page = await reviewer.post(`/office/publications/${own.id}/transition`, { action: 'approve', confidentiality: 'cleared', version: String(own.version), from: 'review' });
      assert.equal(page.statusCode, 403);
      assert.match(page.body, /不能自审自发/);
      // Someone else's item: approved and published by the reviewer.
      const other = await submitted(editor);
      const ok = await reviewer.api('POST', `/api/v1/publications/${other.id}/transitions`, { action: 'approve_publish', confidentiality: 'cleared', version: other.version });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(json(ok).state, 'published');
    });

    test('the last editor counts as well as the author: editing then approving is refused', async () => {
      const item = await submitted(editor);
      // Returned, then changed by the reviewer and resubmitted: the reviewer is now its last editor.
      const back = await reviewer.api('POST', `/api/v1/publications/${item.id}/transitions`, { action: 'reject', comment: '请修改标题', version: item.version });
      assert.equal(back.statusCode, 200, back.body);
      const row = await t.db.selectFrom('publications').select(['version', 'departmentId']).where('id', '=', item.id).executeTakeFirstOrThrow();
      const edited = await reviewer.api('PATCH', `/api/v1/publications/${item.id}`, { title: '关于开展节能监察的通知（修改）', version: row.version });
      assert.equal(edited.statusCode, 200, edited.body);
      const resubmitted = await editor.api('POST', `/api/v1/publications/${item.id}/transitions`, { action: 'submit' });
      assert.equal(resubmitted.statusCode, 200, resubmitted.body);
      const r = await reviewer.api('POST', `/api/v1/publications/${item.id}/transitions`, { action: 'approve', confidentiality: 'cleared' });
      assert.equal(json(r).error?.code, 'OWN_WORK_REVIEW', r.body);
    });

    test('an agency may switch it off in its publishing settings (on by default, kept when the field is left out)', async () => {
      const { agencyId, departmentId } = await reviewerDept();
      const agency = await t.db.selectFrom('agencies').selectAll().where('id', '=', agencyId).executeTakeFirstOrThrow();
      assert.equal(agency.fourEyesReview, 1);
      const form = await admin.get(`/office/publications/settings/${agencyId}`);
      assert.match(form.body, /name="fourEyesReview"/);
      // A form without the field leaves it on.
      const kept = await admin.post(`/office/publications/settings/${agencyId}`, { indexPattern: agency.indexPattern, version: String(agency.version) });
      assert.equal(kept.statusCode, 303, kept.body.slice(0, 300));
      const a2 = await t.db.selectFrom('agencies').selectAll().where('id', '=', agencyId).executeTakeFirstOrThrow();
      assert.equal(a2.fourEyesReview, 1);
      const off = await admin.post(`/office/publications/settings/${agencyId}`, { indexPattern: a2.indexPattern, fourEyesReview: '0', version: String(a2.version) });
      assert.equal(off.statusCode, 303, off.body.slice(0, 300));
      const own = await submitted(reviewer, departmentId);
      const r = await reviewer.api('POST', `/api/v1/publications/${own.id}/transitions`, { action: 'approve_publish', confidentiality: 'cleared', version: own.version });
      assert.equal(r.statusCode, 200, r.body);
      const audit = await t.db.selectFrom('auditEvents').select('summary').where('action', '=', 'agency.publication_settings').orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.match(audit.summary, /允许起草人自行审核发布/);
    });
  });
}
