import assert from 'node:assert/strict';
import { SYSTEM_ACTOR } from '../access/roles.js';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createStaff, createTestApp, json, type Client, type TestApp, uploadFile } from '../../../test/helpers.js';
import { chinaDateOf } from '../../lib/dates.js';
import { makeChinesePdf, makeDocx } from '../files/files.fixtures.js';
import { parseSearchRequest, search } from './search.service.js';

const today = chinaDateOf(new Date());


const complete = {
  summary: '部署全市安全生产大检查工作。',
  body: '<p>各有关单位：现就开展安全生产大检查有关事项通知如下。</p>',
  writtenDate: today,
  formedDate: today,
  category: 'notices',
  topic: 'market_safety',
  genre: 'notice',
};

for (const engine of ENGINES) {
  describe(`search follows the publishing workflow (${engine})`, () => {
    let t: TestApp;
    let editor: Client;
    let reviewer: Client;

    before(async () => {
      t = await createTestApp(engine, { demo: true });
      [editor, reviewer] = await Promise.all([t.login('demo-editor'), t.login('demo-reviewer')]);
    });
    after(async () => t?.close());

    const found = async (q: string, extra: Record<string, unknown> = {}) =>
      (await search(t.db, parseSearchRequest({ q, ...extra }))).items.map((i) => i.id);

    async function act(c: Client, id: number, body: Record<string, unknown>) {
      const res = await c.api('POST', `/api/v1/publications/${id}/transitions`, body);
      assert.equal(res.statusCode, 200, res.body);
      return json(res);
    }

    test('publish, revise, withdraw and 有效性 keep the index in step; attachment text is searched and screened', async () => {
      const title = `关于开展汛期安全生产大检查的通知 ${randomBytes(2).toString('hex')}`;
      const created = await editor.api('POST', '/api/v1/publications', { title, ...complete });
      assert.equal(created.statusCode, 201, created.body);
      const id = json(created).id as number;
      const pdf = makeChinesePdf(['附件：防汛物资储备清单', '联系人手机：13912345678']);
      assert.equal((await uploadFile(t, editor, `/api/v1/publications/${id}/attachments`, '防汛物资储备清单.pdf', pdf, true)).statusCode, 201);
      const docx = makeDocx(['附件二：堤防巡查责任表', '巡查人员按网格分片负责']);
      assert.equal((await uploadFile(t, editor, `/api/v1/publications/${id}/attachments`, '堤防巡查责任表.docx', docx, true)).statusCode, 201);

      assert.deepEqual(await found('汛期安全生产'), [], 'a draft is not searchable');
      const submitted = await act(editor, id, { action: 'submit' });
      // The phone number inside the PDF (CID font) is found by screening.
      const findings = (submitted.findings ?? []) as { source: string; kind: string; id: number }[];
      const fromPdf = findings.filter((f) => f.source.includes('防汛物资储备清单.pdf'));
      assert.ok(fromPdf.some((f) => f.kind === 'mobile'), JSON.stringify(findings));
      // An edit during review screens again, attachments included: the finding must not vanish.
      const inReview = json(await editor.api('GET', `/api/v1/publications/${id}`));
      // By a second reviewer: the one who changed it cannot approve it (four eyes).
      const reviewerAgency = await t.db.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.userId').select('m.agencyId').where('u.username', '=', 'demo-reviewer').executeTakeFirstOrThrow();
      await createStaff(t.db, { username: 'second.reviewer', displayName: '另一审核员', password: 'Valid#Pass2026', memberships: [{ agencyId: reviewerAgency.agencyId, role: 'office_reviewer' }] });
      await t.db.updateTable('users').set({ mustChangePassword: 0 }).where('username', '=', 'second.reviewer').execute();
      const second = await t.login('second.reviewer', 'Valid#Pass2026');
      const edit = await second.api('PATCH', `/api/v1/publications/${id}`, { summary: '审核中修改了内容概述', version: inReview.version });
      assert.equal(edit.statusCode, 200, edit.body);
      {
        const after = json(await reviewer.api('GET', `/api/v1/publications/${id}`));
        const again = (after.findings ?? json(edit).findings ?? []) as { source: string; kind: string }[];
        assert.ok(again.some((f) => f.source.includes('防汛物资储备清单.pdf') && f.kind === 'mobile'), JSON.stringify(again));
      }
      const current = json(await reviewer.api('GET', `/api/v1/publications/${id}`));
      findings.splice(0, findings.length, ...((current.findings ?? findings) as typeof findings));
      await act(reviewer, id, { action: 'approve', confidentiality: 'cleared', comment: '同意', confirmFindings: findings.map((f) => f.id) });
      await act(reviewer, id, { action: 'publish' });

      assert.deepEqual(await found('汛期安全生产'), [id]);
      assert.deepEqual(await found('防汛物资储备'), [id], 'PDF text');
      assert.deepEqual(await found('堤防巡查'), [id], 'DOCX text');

      // A revision in progress does not change what the public (and the index) sees.
      await act(editor, id, { action: 'revise' });
      const row = await t.db.selectFrom('publications').select('version').where('id', '=', id).executeTakeFirstOrThrow();
      const patched = await editor.api('PATCH', `/api/v1/publications/${id}`, { title: '改过的标题：防汛抗旱工作安排', version: row.version });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.deepEqual(await found('防汛抗旱工作安排'), []);
      assert.deepEqual(await found('汛期安全生产'), [id]);
      await act(editor, id, { action: 'cancel_revision' });

      await act(reviewer, id, { action: 'set_validity', validity: 'abolished', validityDate: today, comment: '已废止' });
      assert.deepEqual(await found('汛期安全生产', { validity: 'abolished' }), [id]);
      assert.deepEqual(await found('汛期安全生产', { validity: 'valid' }), []);

      await act(reviewer, id, { action: 'withdraw', comment: '内容有误' });
      assert.deepEqual(await found('汛期安全生产'), []);
      assert.deepEqual(await found('防汛物资储备'), []);
    });
  });
}
