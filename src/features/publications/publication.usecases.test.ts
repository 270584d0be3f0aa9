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
  describe(`use cases that chain workflow steps in one transaction (${engine})`, () => {
    let t: TestApp;
    let editor: Client;
    let reviewer: Client;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
      [editor, reviewer] = await Promise.all([t.login('demo-editor'), t.login('demo-reviewer')]);
    });
    after(async () => t?.close());

    const state = async (id: number) => (await t.db.selectFrom('publications').select(['state', 'title', 'version']).where('id', '=', id).executeTakeFirstOrThrow());

    test('save and submit: a refused submission saves nothing; an accepted one saves and submits', async () => {
      const created = json(await editor.api('POST', '/api/v1/publications', { title: '关于节能监察的通知', ...complete, summary: '' }));
      const id = created.id as number;
      // The summary is still empty: the submission is refused, and the new title is not kept either.
      const refused = await editor.api('POST', `/api/v1/publications/${id}/save-and-submit`, { title: '关于开展节能监察的通知', version: created.version });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.ok(json(refused).error.fields.summary, refused.body);
      assert.deepEqual({ ...(await state(id)), version: undefined }, { state: 'draft', title: '关于节能监察的通知', version: undefined });
      const ok = await editor.api('POST', `/api/v1/publications/${id}/save-and-submit`, {
        title: '关于开展节能监察的通知',
        summary: '部署年度节能监察工作。',
        version: created.version,
      });
      assert.equal(ok.statusCode, 200, ok.body);
      const now = await state(id);
      assert.equal(now.state, 'submitted');
      assert.equal(now.title, '关于开展节能监察的通知');
      const events = await t.db.selectFrom('auditEvents').select('action').where('entityType', '=', 'publication').where('entityId', '=', String(id)).orderBy('id').execute();
      assert.deepEqual(events.map((e) => e.action), ['publication.create', 'publication.update', 'publication.submit']);
    });

    test('approve and publish: both or neither, from the office form and the API alike', async () => {
      const draft = async (body: string) => {
        const c = json(await editor.api('POST', '/api/v1/publications', { title: `节能监察结果公示 ${Math.random().toString(36).slice(2, 6)}`, ...complete, body }));
        const s = await editor.api('POST', `/api/v1/publications/${c.id}/transitions`, { action: 'submit' });
        assert.equal(s.statusCode, 200, s.body);
        return json(s) as { id: number; version: number; findings: { id: number }[] };
      };
      // A blocking screening finding not confirmed: publishing is refused, so the approval is not kept.
      const flagged = await draft('<p>联系人：张某某，手机 13912345678。</p>');
      assert.ok(flagged.findings.length > 0);
      const refused = await reviewer.api('POST', `/api/v1/publications/${flagged.id}/transitions`, { action: 'approve_publish', confidentiality: 'cleared', version: flagged.version });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.equal((await state(flagged.id)).state, 'submitted');
      assert.equal(
        (await t.db.selectFrom('publicationReviews').select('id').where('publicationId', '=', flagged.id).execute()).length,
        0,
        'no review decision is left behind',
      );
      // Confirmed in the same request: approved and published in one go.
      const done = await reviewer.api('POST', `/api/v1/publications/${flagged.id}/transitions`, {
        action: 'approve_publish',
        confidentiality: 'cleared',
        confirmFindings: flagged.findings.map((f) => f.id),
        version: flagged.version,
      });
      assert.equal(done.statusCode, 200, done.body);
      assert.equal(json(done).state, 'published');
      assert.ok(json(done).indexNumber);
    });
  });
}
