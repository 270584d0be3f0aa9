import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, ENGINES, json, type TestApp } from '../../../test/helpers.js';
import { usccCheckChar, orgCodeCheckChar } from '../../lib/codes.js';

function validCode(n: number): string {
  const body = `T${String(n).padStart(7, '0')}`;
  const first17 = `11449900${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
}

const countAgencies = async (t: TestApp) => (await t.db.selectFrom('agencies').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
const countEvents = async (t: TestApp) => (await t.db.selectFrom('auditEvents').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

for (const engine of ENGINES) {
  describe(`${engine}: agencies`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(engine, { demo: true });
    });
    after(() => t.close());

    it('lists agencies with their departments in the public API', async () => {
      const res = await t.anonymous().get('/api/v1/agencies');
      assert.equal(res.statusCode, 200);
      const body = json(res);
      assert.ok(body.items.length >= 3);
      const drb = body.items.find((a: { name: string }) => a.name === '示例市发展和改革局');
      assert.ok(drb, 'the Development and Reform Bureau is listed');
      for (const key of ['id', 'code', 'name', 'shortName', 'departments']) assert.ok(key in drb, key);
      assert.ok(drb.departments.some((d: { name: string }) => d.name === '投资科'));
    });

    it('creates an agency through the office form and shows it on the portal', async () => {
      const admin = await t.login('demo-admin');
      const code = validCode(1);
      const res = await admin.post('/office/agencies', {
        name: '示例市统计局', shortName: '市统计局', slug: 'tjj', code, level: 'department',
        supervisionPhone: '0763-3219999', address: '示例市人民路 1 号',
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      const home = await t.anonymous().get('/tjj');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /示例市统计局/);
      assert.match(home.body, /0763-3219999/);
      const events = await t.db.selectFrom('auditEvents').selectAll().where('action', '=', 'agency.create').where('summary', 'like', '%统计局%').execute();
      assert.equal(events.length, 1);
    });

    it('re-renders the form with a message per field and writes nothing on bad input', async () => {
      const admin = await t.login('demo-admin');
      const before = await countAgencies(t);
      const res = await admin.post('/office/agencies', {
        name: '局'.repeat(61), shortName: '', slug: 'Bad Slug', code: '11441700007280420X', level: 'ministry', email: 'not-an-email',
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /不能超过 60 个字/);
      assert.match(res.body, /校验位不正确/);
      assert.match(res.body, /网址标识只能用小写字母/);
      assert.match(res.body, /请选择机关类型/);
      assert.match(res.body, /电子邮箱格式不正确/);
      // What the person typed survives the round trip.
      assert.match(res.body, /value="Bad Slug"/);
      assert.equal(await countAgencies(t), before);
    });

    it('refuses a duplicate code with a field message and a stable API code', async () => {
      const admin = await t.login('demo-admin');
      const existing = json(await t.anonymous().get('/api/v1/agencies')).items[0];
      const res = await admin.api('POST', '/api/v1/agencies', { name: '重复机关', shortName: '重复', slug: 'dup', code: existing.code, level: 'department' });
      assert.equal(res.statusCode, 409);
      const err = json(res).error;
      assert.equal(err.code, 'CONFLICT');
      assert.ok(err.fields.code);
    });

    it('rejects wrong types in the API with VALIDATION_FAILED', async () => {
      const admin = await t.login('demo-admin');
      const res = await admin.api('POST', '/api/v1/agencies', { name: 123, shortName: [], slug: null, code: {}, level: 'department' });
      assert.equal(res.statusCode, 400);
      assert.equal(json(res).error.code, 'VALIDATION_FAILED');
      assert.ok(json(res).error.fields.name);
    });

    it('detects a stale edit and keeps the newer change', async () => {
      const admin = await t.login('demo-admin');
      const a = json(await t.anonymous().get('/api/v1/agencies')).items.find((x: { slug: string }) => x.slug === 'czj');
      const first = await admin.api('PATCH', `/api/v1/agencies/${a.id}`, { version: a.version, phone: '0763-1111111' });
      assert.equal(first.statusCode, 200);
      const second = await admin.api('PATCH', `/api/v1/agencies/${a.id}`, { version: a.version, phone: '0763-2222222' });
      assert.equal(second.statusCode, 409);
      assert.equal(json(second).error.code, 'STALE_EDIT');
      const now = json(await t.anonymous().get(`/api/v1/agencies/${a.id}`));
      assert.equal(now.phone, '0763-1111111');
    });

    it('escapes markup typed into agency fields on every page', async () => {
      const admin = await t.login('demo-admin');
      const a = json(await t.anonymous().get('/api/v1/agencies')).items.find((x: { slug: string }) => x.slug === 'sthjj');
      const res = await admin.api('PATCH', `/api/v1/agencies/${a.id}`, { version: a.version, functions: '<script>alert(1)</script><img src=x onerror=alert(2)>' });
      assert.equal(res.statusCode, 200);
      const page = await t.anonymous().get('/sthjj');
      assert.doesNotMatch(page.body, /<script>alert/);
      assert.doesNotMatch(page.body, /<img src=x/);
      assert.match(page.body, /&lt;script>alert\(1\)&lt;\/script>/);
    });

    it('will not publish a guide with empty Art. 12 fields but keeps the draft', async () => {
      const admin = await t.login('demo-admin');
      const a = json(await t.anonymous().get('/api/v1/agencies')).items.find((x: { slug: string }) => x.slug === 'czj');
      const res = await admin.post(`/office/agencies/${a.id}/guide`, {
        version: String(a.version), intent: 'publish', classification: '按主题分类', arrangement: '', howToObtain: '',
        officeName: '示例市财政局办公室', officeAddress: '人民路', officeHours: '工作日', officePhone: '0763-3210002',
        officeFax: '', internetContact: '', requestChannels: '', requestForm: '', supervision: '',
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /发布前必须填写“编排体系”/);
      assert.match(res.body, /value="示例市财政局办公室"/);
      const after = json(await t.anonymous().get(`/api/v1/agencies/${a.id}`));
      assert.equal(after.guide, null, 'nothing published');
      const row = await t.db.selectFrom('agencies').select('guideDraft').where('id', '=', a.id).executeTakeFirstOrThrow();
      assert.match(row.guideDraft, /按主题分类/, 'the draft was saved');
    });

    it('publishes a complete guide to the portal', async () => {
      const admin = await t.login('demo-admin');
      const a = json(await t.anonymous().get('/api/v1/agencies')).items.find((x: { slug: string }) => x.slug === 'czj');
      const fields = {
        classification: '按条例第二十条分类', arrangement: '按索引号编排', howToObtain: '平台查阅下载', officeName: '示例市财政局办公室',
        officeAddress: '人民路 88 号', officeHours: '工作日 8:30–17:30', officePhone: '0763-3210002', officeFax: '0763-3210009',
        internetContact: 'czj@example.gov.cn', requestChannels: '当面、邮寄、网上', requestForm: '平台下载', supervision: '向市政府办公室投诉',
      };
      const res = await admin.api('PUT', `/api/v1/agencies/${a.id}/guide`, { ...fields, publish: true, version: a.version });
      assert.equal(res.statusCode, 200, res.body);
      const page = await t.anonymous().get('/czj/zfxxgk/zfxxgkzn');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /按条例第二十条分类/);
      assert.match(page.body, /czj@example.gov.cn/);
    });

    it('manages departments and refuses to delete one that still has editors', async () => {
      const admin = await t.login('demo-admin');
      const a = json(await t.anonymous().get('/api/v1/agencies')).items.find((x: { slug: string }) => x.slug === 'fgj');
      const created = await admin.api('POST', `/api/v1/agencies/${a.id}/departments`, { name: '法规科', duties: '法制审核' });
      assert.equal(created.statusCode, 201);
      const dup = await admin.api('POST', `/api/v1/agencies/${a.id}/departments`, { name: '法规科' });
      assert.equal(json(dup).error.code, 'CONFLICT');
      const editorDept = await t.db.selectFrom('memberships').select('departmentId').where('role', '=', 'department_editor').where('agencyId', '=', a.id).executeTakeFirstOrThrow();
      const del = await admin.api('DELETE', `/api/v1/departments/${editorDept.departmentId}`);
      assert.equal(del.statusCode, 409);
      const ok = await admin.api('DELETE', `/api/v1/departments/${json(created).id}`);
      assert.equal(ok.statusCode, 204);
    });

    it('an agency administrator cannot edit another agency', async () => {
      const czjAdmin = await t.login('czj-admin');
      const fgj = json(await t.anonymous().get('/api/v1/agencies')).items.find((x: { slug: string }) => x.slug === 'fgj');
      const before = await countEvents(t);
      const res = await czjAdmin.api('PATCH', `/api/v1/agencies/${fgj.id}`, { version: fgj.version, phone: '0763-0000000' });
      assert.equal(res.statusCode, 403);
      assert.equal(json(res).error.code, 'FORBIDDEN');
      assert.equal(await countEvents(t), before);
    });

    it('answers unknown API paths and pages with stable errors', async () => {
      const api = await t.anonymous().get('/api/v1/nothing-here');
      assert.equal(api.statusCode, 404);
      assert.equal(json(api).error.code, 'NOT_FOUND');
      const page = await t.anonymous().get('/no-such-agency');
      assert.equal(page.statusCode, 404);
      assert.match(page.body, /页面不存在|不存在/);
    });
  });
}
