import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, json, type TestApp } from '../../../test/helpers.js';

const ID = '11010519491231002X';

const apiBody = (over: Record<string, unknown> = {}) => ({
  agency: 'fgj',
  applicant: { kind: 'legal_service', name: '示例律师事务所', contactName: '李律师', idType: 'uscc', idNumber: '91350100M000100Y43', phone: '0763-3219000', email: 'law@example.com', address: '示例市人民路 9 号' },
  infoName: '示例市2025年重点建设项目计划',
  infoNumber: '',
  description: '请提供计划全文及附表。',
  form: 'electronic',
  delivery: 'email',
  ...over,
});

for (const engine of ENGINES) {
  describe(`requests on the portal and the API (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
    });
    after(async () => t?.close());

    test('the 依申请公开 column offers the online form, tracking, the paper form and the fee standard', async () => {
      const page = await t.anonymous().get('/fgj/zfxxgk/ysqgk');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /href="\/fgj\/zfxxgk\/ysqgk\/apply"/);
      assert.match(page.body, /href="\/requests\/track"/);
      assert.match(page.body, /便于行政机关查询的其他特征性描述/);
      assert.match(page.body, /按件计收|按量计收/);
      const guide = await t.anonymous().get('/fgj/zfxxgk/zfxxgkzn');
      assert.match(guide.body, /信息处理费收费标准/);
      assert.match(guide.body, /依申请公开工作流程图/);
      const paper = await t.anonymous().get('/fgj/zfxxgk/ysqgk/form');
      assert.equal(paper.statusCode, 200);
      assert.match(paper.body, /政府信息公开申请表/);
    });

    test('a citizen applies through the form without JavaScript; bad input comes back with a message per field and saves nothing', async () => {
      const c = t.anonymous();
      const form = await c.get('/fgj/zfxxgk/ysqgk/apply');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /第二十九条/);
      const fields = {
        'applicant.kind': 'natural_person',
        'applicant.name': '张三',
        'applicant.idType': 'resident_id',
        'applicant.idNumber': '110105194912310021',
        'applicant.phone': '13912345678',
        'applicant.email': '',
        'applicant.address': '',
        infoName: '老旧小区改造计划',
        infoNumber: '',
        description: '请提供2026年老旧小区改造计划',
        form: 'paper',
        delivery: 'pickup',
        website: '',
      };
      const bad = await c.post('/fgj/zfxxgk/ysqgk/apply', fields);
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="f-applicant-idNumber-error"/);
      assert.match(bad.body, /value="张三"/, 'what was typed stays');
      const before = await t.db.selectFrom('requests').select('id').execute();
      const ok = await c.post('/fgj/zfxxgk/ysqgk/apply', { ...fields, 'applicant.idNumber': ID });
      assert.equal(ok.statusCode, 201, ok.body.slice(0, 500));
      const code = /class="code">([2-9A-Z-]{19})</.exec(ok.body)?.[1];
      assert.ok(code, 'the receipt shows the tracking code');
      assert.equal((await t.db.selectFrom('requests').select('id').execute()).length, before.length + 1);
      // A robot that fills the hidden field gets nothing stored.
      const robot = await c.post('/fgj/zfxxgk/ysqgk/apply', { ...fields, 'applicant.idNumber': ID, website: 'http://spam.example' });
      assert.equal(robot.statusCode, 400);
      assert.equal((await t.db.selectFrom('requests').select('id').execute()).length, before.length + 1);

      const tracked = await c.get(`/requests/track/${code}`);
      assert.equal(tracked.statusCode, 200);
      assert.equal(tracked.headers['cache-control'], 'no-store');
      assert.match(tracked.body, /已登记/);
      assert.doesNotMatch(tracked.body, new RegExp(ID));
      assert.doesNotMatch(tracked.body, /13912345678/);
      const wrong = await c.get('/requests/track/AAAA-BBBB-CCCC-DDDD');
      assert.equal(wrong.statusCode, 404);
    });

    test('API: POST /api/v1/requests answers 201 with the tracking code and deadline; GET …/track/{code}; the outcomes vocabulary', async () => {
      const c = t.anonymous();
      const res = await c.api('POST', '/api/v1/requests', apiBody());
      assert.equal(res.statusCode, 201, res.body);
      const r = json(res);
      assert.deepEqual(Object.keys(r).sort(), ['dueDate', 'id', 'provisional', 'receivedDate', 'status', 'trackingCode']);
      assert.equal(r.status, 'registered');
      assert.equal(typeof r.provisional, 'boolean');
      const tr = await c.api('GET', `/api/v1/requests/track/${r.trackingCode}`);
      assert.equal(tr.statusCode, 200);
      assert.equal(json(tr).status, 'registered');
      assert.equal(json(tr).dueDate, r.dueDate);
      assert.doesNotMatch(tr.body, /law@example\.com|91350100M000100Y43|0763-3219000/);
      assert.equal((await c.api('GET', '/api/v1/requests/track/AAAA-BBBB-CCCC-DDDD')).statusCode, 404);
      const bad = await c.api('POST', '/api/v1/requests', apiBody({ applicant: { ...apiBody().applicant, idNumber: '91350100M000100Y44' } }));
      assert.equal(bad.statusCode, 400);
      assert.equal(json(bad).error.code, 'VALIDATION_FAILED');
      assert.ok(json(bad).error.fields['applicant.idNumber']);
      const outcomes = json(await c.api('GET', '/api/v1/requests/outcomes')).outcomes as { key: string; label: string; group: string }[];
      // Table 三's 22 result rows are these 21 and （七）总计.
      assert.equal(outcomes.length, 21);
      assert.ok(outcomes.some((o) => o.key === 'withhold_process' && o.label === '6.属于四类过程性信息'));
    });

    test('the office reads the application through the API with personal data masked until it is assigned', async () => {
      const r = json(await t.anonymous().api('POST', '/api/v1/requests', apiBody({ infoName: '另一份计划' })));
      const reviewer = await t.login('demo-reviewer');
      const v = json(await reviewer.api('GET', `/api/v1/requests/${r.id}`));
      assert.equal(v.applicant.masked, false, 'the office that registers it sees it until a handler is assigned');
      const accepted = await reviewer.api('POST', `/api/v1/requests/${r.id}/actions`, { action: 'accept', version: v.version });
      assert.equal(accepted.statusCode, 200, accepted.body);
      const other = await t.login('czj-reviewer');
      assert.equal((await other.api('GET', `/api/v1/requests/${r.id}`)).statusCode, 404);
      assert.equal((await t.anonymous().api('GET', `/api/v1/requests/${r.id}`)).statusCode, 401);
    });
  });
}
