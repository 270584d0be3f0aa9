import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createStaff, createTestApp, json, uploadFile, type Client, type TestApp } from '../../../test/helpers.js';
import { createEmptyAgency, insertPublished } from '../../../test/publication-fixture.js';
import { fixedClock } from '../../lib/clock.js';
import { withClock } from '../../db/runtime.js';
import type { Db } from '../../db/database.js';
import { chinaDateOf, type IsoDate } from '../../lib/dates.js';
import { bumpContentVersion } from '../../web/page-cache.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
import { addDepartment } from '../agencies/agency.service.js';
import { getCalendar } from '../calendar/calendar.service.js';
import { awaitingInterpretation, interpretationDue, interpretationTemplate, INTERPRETATION_SECTIONS } from './publication.interpretation.js';

const today = chinaDateOf(new Date());
const PASSWORD = 'Valid#Pass2026';
const complete = {
  summary: '规范本县政府投资项目管理。',
  body: '<p>第一条 为规范政府投资项目管理，制定本办法。</p>',
  writtenDate: today,
  formedDate: today,
  category: 'art20_01',
  topic: 'economy',
  genre: 'measures',
};

/** A minimal PDF: enough for the upload check to recognise it by its bytes. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

for (const engine of ENGINES) {
  describe(`政策解读 and 原文 (${engine})`, () => {
    let t: TestApp;
    let agencyId: number;
    let editor: Client;
    let reviewer: Client;
    let admin: Client;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
      agencyId = await createEmptyAgency(t.db, 'jdj', '示例县解读测试局');
      const dept = await addDepartment(t.db, SYSTEM_ACTOR, agencyId, { name: '综合股' });
      const users = [
        ['jd.editor', 'department_editor', dept.id],
        ['jd.reviewer', 'office_reviewer', null],
        ['jd.admin', 'agency_admin', null],
      ] as const;
      for (const [username, role, departmentId] of users) {
        await createStaff(t.db, { username, displayName: username, password: PASSWORD, memberships: [{ agencyId, role, departmentId }] });
      }
      await t.db.updateTable('users').set({ mustChangePassword: 0 }).where('username', 'like', 'jd.%').execute();
      [editor, reviewer, admin] = await Promise.all([t.login('jd.editor', PASSWORD), t.login('jd.reviewer', PASSWORD), t.login('jd.admin', PASSWORD)]);
    });
    after(async () => t?.close());

    const draft = async (fields: Record<string, unknown>) => {
      const c = await editor.api('POST', '/api/v1/publications', { ...complete, ...fields });
      assert.equal(c.statusCode, 201, c.body);
      return json(c) as { id: number; version: number };
    };
    const step = async (c: Client, id: number, body: Record<string, unknown>) => c.api('POST', `/api/v1/publications/${id}/transitions`, body);
    const submitAndApprove = async (id: number) => {
      assert.equal((await step(editor, id, { action: 'submit' })).statusCode, 200);
      // Whatever screening found (a PDF without text, say) is confirmed in the same step, as a reviewer does.
      const open = (json(await reviewer.api('GET', `/api/v1/publications/${id}`)).findings as { id: number; confirmedAt: string | null }[]).filter((f) => !f.confirmedAt).map((f) => f.id);
      const r = await step(reviewer, id, { action: 'approve', confidentiality: 'cleared', ...(open.length ? { confirmFindings: open } : {}) });
      assert.equal(r.statusCode, 200, r.body);
    };

    test('a 规范性文件 without a linked 解读 cannot be published; a linked 解读 (even a draft) lets it through', async () => {
      const doc = await draft({ title: '示例县政府投资项目管理办法', documentKind: 'normative' });
      await submitAndApprove(doc.id);
      const refused = await step(reviewer, doc.id, { action: 'publish' });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.equal(json(refused).error.code, 'VALIDATION_FAILED');
      assert.match(json(refused).error.fields.interpretation, /应同步发布政策解读/);
      // Scheduling is refused the same way.
      const sched = await step(reviewer, doc.id, { action: 'schedule', scheduledAt: new Date(Date.now() + 86_400_000).toISOString() });
      assert.match(json(sched).error?.fields?.interpretation ?? '', /政策解读/);

      // Only a 解读 may name 原文.
      const notJd = await editor.api('POST', '/api/v1/publications', { ...complete, title: '普通通知', category: 'notices', genre: 'notice', interprets: [doc.id] });
      assert.equal(notJd.statusCode, 400);
      assert.match(json(notJd).error.fields.interprets, /只有政策解读/);
      const missing = await editor.api('POST', '/api/v1/publications', { ...complete, title: '解读', category: 'policy_interpretation', genre: 'interpretation', interprets: ['999999'] });
      assert.match(json(missing).error.fields.interprets, /找不到/);

      const jd = await draft({ title: '《示例县政府投资项目管理办法》政策解读', category: 'policy_interpretation', genre: 'interpretation', body: interpretationTemplate(), interprets: [String(doc.id)] });
      const staff = json(await reviewer.api('GET', `/api/v1/publications/${doc.id}`));
      assert.deepEqual(staff.interpretedBy.map((l: { id: number }) => l.id), [jd.id]);
      assert.equal(staff.interpretedBy[0].url, null, 'an unpublished 解读 has no public URL');
      assert.equal(staff.interpretationWaiver, null);
      const ok = await step(reviewer, doc.id, { action: 'publish' });
      assert.equal(ok.statusCode, 200, ok.body);

      // Publishing the 解读 links both public pages, and the public API carries the relation.
      await submitAndApprove(jd.id);
      assert.equal((await step(reviewer, jd.id, { action: 'publish' })).statusCode, 200);
      bumpContentVersion();
      const anon = t.anonymous();
      const docPage = await anon.get(`/jdj/zfxxgk/content/${doc.id}`);
      assert.match(docPage.body, new RegExp(`<h2 id="h-interpretation">相关解读</h2><ul><li><a href="/jdj/zfxxgk/content/${jd.id}">`));
      const jdPage = await anon.get(`/jdj/zfxxgk/content/${jd.id}`);
      assert.match(jdPage.body, new RegExp(`<h2 id="h-original">原文</h2><ul><li><a href="/jdj/zfxxgk/content/${doc.id}">示例县政府投资项目管理办法</a>`));
      for (const h of INTERPRETATION_SECTIONS) assert.ok(jdPage.body.includes(h), `the template's heading ${h}`);
      const pub = json(await anon.get(`/api/v1/publications/${jd.id}`));
      assert.deepEqual(pub.interprets.map((l: { id: number }) => l.id), [doc.id]);
      assert.match(pub.interprets[0].url, new RegExp(`/jdj/zfxxgk/content/${doc.id}$`));
    });

    test('an agency administrator may record why a 规章 needs no 解读 (audited); the reviewer may not; then it publishes', async () => {
      const doc = await draft({ title: '示例县某规章', documentKind: 'regulation' });
      await submitAndApprove(doc.id);
      const row = await t.db.selectFrom('publications').select('version').where('id', '=', doc.id).executeTakeFirstOrThrow();
      const page = await admin.get(`/office/publications/${doc.id}`);
      assert.match(page.body, /记录理由，允许不附解读发布/);
      assert.doesNotMatch((await reviewer.get(`/office/publications/${doc.id}`)).body, /记录理由，允许不附解读发布/);
      const byReviewer = await reviewer.post(`/office/publications/${doc.id}/interpretation-waiver`, { reason: '内容简单无需解读', version: String(row.version) });
      assert.equal(byReviewer.statusCode, 403);
      const empty = await admin.post(`/office/publications/${doc.id}/interpretation-waiver`, { reason: '', version: String(row.version) });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /error-text|请填写|不能少于/);
      const done = await admin.post(`/office/publications/${doc.id}/interpretation-waiver`, { reason: '本规章仅修改个别文字，无需另行解读', version: String(row.version) });
      assert.equal(done.statusCode, 303, done.body);
      const ev = await t.db.selectFrom('auditEvents').select(['summary', 'actorName']).where('action', '=', 'publication.interpretation_waived').where('entityId', '=', String(doc.id)).executeTakeFirst();
      assert.ok(ev, 'the waiver is in the audit log');
      assert.match(ev.summary, /仅修改个别文字/);
      const ok = await step(reviewer, doc.id, { action: 'publish' });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(json(ok).interpretationWaiver.reason, '本规章仅修改个别文字，无需另行解读');
    });

    test('a linked 解读 unpublished 3 working days after its document is overdue', async () => {
      const cal = await getCalendar(t.db);
      // Friday 2026-11-20: Mon 23, Tue 24, Wed 25 are the three working days.
      assert.deepEqual(interpretationDue(cal, '2026-11-20' as IsoDate, '2026-11-25' as IsoDate), { deadline: '2026-11-25', provisional: false, overdue: false });
      assert.equal(interpretationDue(cal, '2026-11-20' as IsoDate, '2026-11-26' as IsoDate).overdue, true);
      // 2026-09-30 (before the National Day holiday): the days off are not counted.
      assert.equal(interpretationDue(cal, '2026-09-30' as IsoDate, '2026-10-08' as IsoDate).deadline > '2026-10-08', true);

      const doc = await insertPublished(t.db, { agencyId, title: '逾期测试规范性文件', category: 'art20_01', documentKind: 'normative', publishedAt: '2026-11-20T02:00:00.000Z' });
      const jd = await draft({ title: '逾期测试解读', category: 'policy_interpretation', genre: 'interpretation', interprets: [String(doc)] });
      const on = (d: string) => withClock(t.db as Db, fixedClock(`${d}T04:00:00.000Z`));
      const mine = (list: Awaited<ReturnType<typeof awaitingInterpretation>>) => list.find((i) => i.id === doc);
      assert.equal(mine(await awaitingInterpretation(on('2026-11-25'), cal, [agencyId]))?.due.overdue, false);
      const late = mine(await awaitingInterpretation(on('2026-11-26'), cal, [agencyId]));
      assert.equal(late?.due.overdue, true);
      assert.equal(late?.due.deadline, '2026-11-25');
      // The dashboard shows it to the office.
      const dash = await reviewer.get('/office');
      assert.match(dash.body, /政策解读待发布/);
      assert.match(dash.body, /逾期测试规范性文件/);
      // Once the 解读 is published, nothing is owed.
      await submitAndApprove(jd.id);
      assert.equal((await step(reviewer, jd.id, { action: 'publish' })).statusCode, 200);
      assert.equal(mine(await awaitingInterpretation(on('2026-11-26'), cal, [agencyId])), undefined);
    });

    test('the office form edits a 解读\'s 原文, and a new 解读 starts from the template linked to its document', async () => {
      const doc = await draft({ title: '表单测试文件' });
      const form = await editor.get(`/office/publications/new?interprets=${doc.id}`);
      assert.match(form.body, /name="interprets"[^>]*>\s*/);
      assert.ok(form.body.includes(`>${doc.id}</textarea>`), 'the 原文 field is pre-filled');
      for (const h of INTERPRETATION_SECTIONS) assert.ok(form.body.includes(h));
      const jd = await draft({ title: '表单测试解读', category: 'policy_interpretation', genre: 'interpretation' });
      const v = await t.db.selectFrom('publications').select('version').where('id', '=', jd.id).executeTakeFirstOrThrow();
      const saved = await editor.post(`/office/publications/${jd.id}`, { ...complete, title: '表单测试解读', category: 'policy_interpretation', genre: 'interpretation', interprets: String(doc.id), intent: 'save', version: String(v.version), issuerAgencies: String(agencyId) });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));
      const links = await t.db.selectFrom('publicationInterpretations').select('documentId').where('interpretationId', '=', jd.id).execute();
      assert.deepEqual(links.map((l) => l.documentId), [doc.id]);
    });

    test('PDFs open inline with nosniff and a safe name; the item page offers a separate download', async () => {
      const item = await draft({ title: '附件测试通知', category: 'notices', genre: 'notice' });
      const up = await uploadFile(t, editor, `/api/v1/publications/${item.id}/attachments`, '实施方案/附件1.pdf', PDF);
      assert.equal(up.statusCode, 201, up.body);
      await submitAndApprove(item.id);
      assert.equal((await step(reviewer, item.id, { action: 'publish' })).statusCode, 200);
      bumpContentVersion();
      const anon = t.anonymous();
      const page = await anon.get(`/jdj/zfxxgk/content/${item.id}`);
      const href = /<a href="(\/files\/\d+)">[^<]*附件1\.pdf<\/a>/.exec(page.body)?.[1];
      assert.ok(href, page.body.slice(0, 200));
      assert.ok(page.body.includes(`href="${href}?download=1"`));
      const inline = await anon.get(href);
      assert.equal(inline.statusCode, 200);
      assert.equal(inline.headers['content-type'], 'application/pdf');
      assert.equal(inline.headers['x-content-type-options'], 'nosniff');
      assert.match(String(inline.headers['content-disposition']), /^inline; filename="[^"/\\]*"; filename\*=UTF-8''/);
      assert.doesNotMatch(String(inline.headers['content-disposition']), /%2F/i, 'no path separator in the name');
      const download = await anon.get(`${href}?download=1`);
      assert.match(String(download.headers['content-disposition']), /^attachment;/);
    });
  });
}
