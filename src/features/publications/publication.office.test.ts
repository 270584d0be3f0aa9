import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, type Client, type TestApp } from '../../../test/helpers.js';
import { minimalPdf } from '../../demo/files.demo.js';
import { chinaDateOf } from '../../lib/dates.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
import { getPublicPublication } from './publication.query.js';
import * as service from './publication.service.js';

const today = chinaDateOf(new Date());

/** A browser's multipart form post: the CSRF token travels as a form field, not a header. */
async function postFile(t: TestApp, c: Client, url: string, filename: string, bytes: Buffer, csrf = c.csrf) {
  const boundary = `----form${randomBytes(6).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

const idFrom = (location: unknown) => Number(/\/office\/publications\/(\d+)/.exec(String(location))?.[1]);

for (const engine of ENGINES) {
  describe(`publications office (${engine})`, () => {
    let t: TestApp;
    let editor: Client;
    let reviewer: Client;
    let fgj: number;

    before(async () => {
      t = await createTestApp(engine, { demo: true });
      editor = await t.login('demo-editor');
      reviewer = await t.login('demo-reviewer');
      fgj = (await t.db.selectFrom('agencies').select('id').where('slug', '=', 'fgj').executeTakeFirstOrThrow()).id;
    });
    after(async () => t.close());

    test('journey 7 and 8 in the office: draft, see the deadline and what is missing, attach, submit, review, publish', async () => {
      const form = await editor.get('/office/publications/new');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<textarea[^>]*name="body"[^>]*data-editor="rich"/, 'a plain textarea works without JavaScript');
      assert.match(form.body, /\/static\/editor\.js/);

      const title = `关于下达2026年第一批市级预算内基建投资计划的通知 ${randomBytes(2).toString('hex')}`;
      const created = await editor.post('/office/publications', {
        agencyId: String(fgj),
        title,
        category: 'art20_10',
        issuerAgencies: [String(fgj), '2'],
        issuerOther: '示例省发展和改革委员会',
        body: '<p style="mso-margin-top-alt:auto" class="MsoNormal">现将计划下达给你们<o:p></o:p></p><script>x()</script>',
      });
      assert.equal(created.statusCode, 303, created.body.slice(0, 500));
      const id = idFrom(created.headers.location);
      const v0 = await service.getPublication(t.db, SYSTEM_ACTOR, id);
      assert.deepEqual(v0.issuers.map((i) => i.name), ['示例市发展和改革局', '示例市财政局', '示例省发展和改革委员会']);
      assert.equal(v0.body, '<p>现将计划下达给你们</p>');

      const page = await editor.get(`/office/publications/${id}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /提交前检查/);
      assert.match(page.body, /缺少起算日期/);
      for (const missing of ['内容概述', '成文日期', '形成或变更日期', '主题分类', '体裁分类']) assert.ok(page.body.includes(missing), missing);

      // Save with the dates: the page now shows the deadline.
      const saved = await editor.post(`/office/publications/${id}`, {
        version: String(v0.version),
        title,
        summary: '下达第一批市级预算内基本建设投资计划。',
        documentNumber: '示发改投〔2026〕12号',
        writtenDate: today,
        formedDate: today,
        category: 'art20_10',
        topic: 'economy',
        genre: 'notice',
        keywords: '投资计划、基本建设',
        disclosureAttribute: 'proactive',
        disclosureBasis: '',
        issuerAgencies: String(fgj),
        issuerOther: '',
        body: v0.body,
        intent: 'save',
      });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 800));
      const page2 = await editor.get(`/office/publications/${id}`);
      assert.match(page2.body, /期限内（期限 \d{4}-\d{2}-\d{2}，剩 \d+ 个工作日）/);
      assert.match(page2.body, /各项已填写完整/);

      // Attach the PDF through the office form (CSRF in the multipart body).
      const v1 = await service.getPublication(t.db, SYSTEM_ACTOR, id);
      const forged = await postFile(t, editor, `/office/publications/${id}/attachments`, 'x.pdf', minimalPdf(['x']), 'forged-token');
      assert.equal(forged.statusCode, 403);
      const up = await postFile(t, editor, `/office/publications/${id}/attachments`, '投资计划表.pdf', minimalPdf(['Plan table']));
      assert.equal(up.statusCode, 303, up.body.slice(0, 500));
      const bad = await postFile(t, editor, `/office/publications/${id}/attachments`, '投资计划表.pdf', Buffer.from('<html>not a pdf</html>'));
      assert.equal(bad.statusCode, 415);
      assert.match(bad.body, /不支持这种文件|不符/);
      assert.equal((await service.getPublication(t.db, SYSTEM_ACTOR, id)).attachments.length, 1);

      // Submit from the form.
      const sub = await editor.post(`/office/publications/${id}`, {
        version: String(v1.version),
        title,
        summary: '下达第一批市级预算内基本建设投资计划。',
        documentNumber: '示发改投〔2026〕12号',
        writtenDate: today,
        formedDate: today,
        category: 'art20_10',
        topic: 'economy',
        genre: 'notice',
        keywords: '投资计划、基本建设',
        disclosureAttribute: 'proactive',
        issuerAgencies: String(fgj),
        body: v0.body,
        intent: 'submit',
      });
      assert.equal(sub.statusCode, 303, sub.body.slice(0, 800));
      assert.equal((await service.getPublication(t.db, SYSTEM_ACTOR, id)).state, 'submitted');

      // The reviewer's queue, the review page, a refusal without the outcome, then approve and publish.
      const list = await reviewer.get('/office/publications?state=submitted');
      assert.ok(list.body.includes(title));
      assert.match(list.body, /待审核 <span class="badge warn">\d+<\/span>/);
      const review = await reviewer.get(`/office/publications/${id}/review`);
      assert.equal(review.statusCode, 200);
      assert.match(review.body, /保密审查结论/);
      assert.match(review.body, /审核通过并发布/);
      const v2 = await service.getPublication(t.db, SYSTEM_ACTOR, id);
      const refused = await reviewer.post(`/office/publications/${id}/transition`, { action: 'approve', version: String(v2.version), from: 'review' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /请填写保密审查结论/);
      const done = await reviewer.post(`/office/publications/${id}/transition`, {
        action: 'approve_publish',
        confidentiality: 'cleared',
        comment: '同意公开',
        version: String(v2.version),
        from: 'review',
      });
      assert.equal(done.statusCode, 303, done.body.slice(0, 800));
      const pub = await getPublicPublication(t.db, 'fgj', id);
      assert.ok(pub && !pub.withdrawn);
      assert.equal(pub.attachments[0]?.name, '投资计划表.pdf');
      const after = await reviewer.get(`/office/publications/${id}`);
      assert.match(after.body, /已发布/);
      assert.match(after.body, /查看门户页面/);
      const history = await reviewer.get(`/office/publications/${id}/history`);
      assert.match(history.body, /审核通过/);
      assert.match(history.body, /发布日期由系统记录/);
    });

    test('a rejection shows the comment to the editor; withdraw and 有效性 forms work', async () => {
      const officeActor = { userId: null, username: 'test', displayName: '测试', platformAdmin: false, via: 'system' as const, memberships: [{ agencyId: fgj, role: 'office_reviewer' as const, departmentId: null }] };
      const d = await service.createDraft(t.db, officeActor, { title: '测试退回', summary: 's', body: '<p>b</p>', writtenDate: today, formedDate: today, category: 'work_news', topic: 'general', genre: 'news' });
      const v = await service.getPublication(t.db, SYSTEM_ACTOR, d.id);
      assert.equal((await editor.post(`/office/publications/${d.id}/transition`, { action: 'submit', version: String(v.version) })).statusCode, 303);
      const v2 = await service.getPublication(t.db, SYSTEM_ACTOR, d.id);
      const noComment = await reviewer.post(`/office/publications/${d.id}/transition`, { action: 'reject', version: String(v2.version), from: 'review' });
      assert.equal(noComment.statusCode, 400);
      assert.equal((await reviewer.post(`/office/publications/${d.id}/transition`, { action: 'reject', comment: '请补充附件', version: String(v2.version), from: 'review' })).statusCode, 303);
      const page = await editor.get(`/office/publications/${d.id}`);
      assert.match(page.body, /退回意见/);
      assert.match(page.body, /请补充附件/);
    });

    test('user text is escaped on office pages', async () => {
      const res = await editor.post('/office/publications', { agencyId: String(fgj), title: '<script>alert(1)</script>标题', summary: '"><img src=x onerror=alert(1)>' });
      const id = idFrom(res.headers.location);
      const page = await editor.get(`/office/publications/${id}`);
      assert.ok(!page.body.includes('<script>alert(1)</script>'));
      assert.ok(page.body.includes('&lt;script>alert(1)&lt;/script>标题'));
      assert.ok(!page.body.includes('<img src=x onerror'));
    });

    test('settings: the index pattern is validated and previewed', async () => {
      const admin = await t.login('demo-admin');
      const form = await admin.get(`/office/publications/settings/${fgj}`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /示例：<code>[0-9A-Z]{18}\/\d{4}-00042<\/code>/);
      const agency = await t.db.selectFrom('agencies').selectAll().where('id', '=', fgj).executeTakeFirstOrThrow();
      const bad = await admin.post(`/office/publications/settings/${fgj}`, { indexPattern: '{agencyCode}/{serial:5}', version: String(agency.version) });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /年份/);
      assert.equal((await editor.get(`/office/publications/settings/${fgj}`)).statusCode, 403);
      const ok = await admin.post(`/office/publications/settings/${fgj}`, { indexPattern: '{agencyCode}/{yyyy}{mm}-{serial:4}', version: String(agency.version) });
      assert.equal(ok.statusCode, 303);
      const again = await t.db.selectFrom('agencies').selectAll().where('id', '=', fgj).executeTakeFirstOrThrow();
      assert.equal(again.indexPattern, '{agencyCode}/{yyyy}{mm}-{serial:4}');
      // Put it back for the other tests.
      await admin.post(`/office/publications/settings/${fgj}`, { indexPattern: agency.indexPattern, version: String(again.version) });
    });
  });
}
