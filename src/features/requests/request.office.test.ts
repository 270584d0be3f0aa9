import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, type Client, type TestApp } from '../../../test/helpers.js';
import { minimalPdf } from '../../demo/files.demo.js';
import { chinaDateOf } from '../../lib/dates.js';
import { REMEDIES } from './request.js';

/** A valid 居民身份证 number (GB 11643 example) and the same with a wrong check character. */
const ID = '11010519491231002X';
const BAD_ID = '110105194912310021';
const today = chinaDateOf(new Date());

/** A browser's multipart form post: the CSRF token travels as a form field. */
async function postFile(t: TestApp, c: Client, url: string, fields: Record<string, string>, file: { name: string; bytes: Buffer; type: string }) {
  const boundary = `----form${randomBytes(6).toString('hex')}`;
  const parts = [`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${c.csrf}\r\n`, ...Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)];
  const payload = Buffer.concat([
    ...parts.map((p) => Buffer.from(p)),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

/** Text in GBK, as Excel on Chinese Windows saves a CSV (Node encodes no GBK, so the table is built by decoding). */
function gbk(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) if (b !== 0x7f) table.set(decoder.decode(Uint8Array.of(a, b)), [a, b]);
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else bytes.push(...table.get(ch)!);
  }
  return Buffer.from(bytes);
}

const LEDGER_HEAD = '收到日期,申请人类型,申请人,申请内容,答复日期,处理结果';

for (const engine of ENGINES) {
  describe(`requests in the office (${engine})`, () => {
    let t: TestApp;
    let reviewer: Client;
    let editor: Client;
    let leader: Client;
    let outsider: Client;
    let fgj: number;
    let editorId: number;
    let editorDepartment: number;

    const registration = (over: Record<string, string> = {}) => ({
      agencyId: String(fgj),
      channel: 'in_person',
      submittedDate: today,
      'applicant.kind': 'natural_person',
      'applicant.name': '王小明',
      'applicant.contactName': '',
      'applicant.idType': 'resident_id',
      'applicant.idNumber': ID,
      'applicant.phone': '13800138000',
      'applicant.email': '',
      'applicant.address': '示例市人民路 1 号',
      infoName: `示例市城市道路改造工程立项批复 ${randomBytes(2).toString('hex')}`,
      infoNumber: '',
      description: '请提供该批复文件全文。',
      form: 'paper',
      delivery: 'pickup',
      ...over,
    });
    const count = async () => Number((await t.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    /** Registers through the form and returns the new application's number. */
    async function register(over: Record<string, string> = {}) {
      await reviewer.get('/office/requests/new');
      const res = await reviewer.post('/office/requests/new', registration(over));
      assert.equal(res.statusCode, 200, res.body.slice(0, 800));
      return Number(/href="\/office\/requests\/(\d+)"/.exec(res.body)![1]);
    }

    /** Takes a step through the detail page's form, with the version the page showed. */
    async function act(c: Client, id: number, form: Record<string, string>) {
      const page = await c.get(`/office/requests/${id}`);
      assert.equal(page.statusCode, 200);
      const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
      return c.post(`/office/requests/${id}/act`, { version, ...form });
    }

    before(async () => {
      t = await createTestApp(engine, { demo: true });
      reviewer = await t.login('demo-reviewer');
      editor = await t.login('demo-editor');
      leader = await t.login('demo-leader');
      outsider = await t.login('czj-reviewer');
      fgj = (await t.db.selectFrom('agencies').select('id').where('slug', '=', 'fgj').executeTakeFirstOrThrow()).id;
      const m = await t.db
        .selectFrom('users')
        .innerJoin('memberships', 'memberships.userId', 'users.id')
        .select(['users.id', 'memberships.departmentId'])
        .where('users.username', '=', 'demo-editor')
        .executeTakeFirstOrThrow();
      editorId = m.id;
      editorDepartment = m.departmentId!;
    });
    after(async () => t?.close());

    test('registering an application handed in: a wrong ID number comes back with its message; then the receipt with the tracking code', async () => {
      const form = await reviewer.get('/office/requests/new');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /name="applicant\.idNumber"/);
      assert.match(form.body, /第三十一条/);
      const before = await count();
      const bad = await reviewer.post('/office/requests/new', registration({ 'applicant.idNumber': BAD_ID, infoName: '立项批复' }));
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="f-applicant-idNumber-error"/);
      assert.match(bad.body, /href="#f-applicant-idNumber"/);
      assert.match(bad.body, /value="立项批复"/, 'what was typed comes back');
      assert.equal(await count(), before, 'nothing saved');

      const ok = await reviewer.post('/office/requests/new', registration({ infoName: '示例市2026年城市道路改造工程立项批复' }));
      assert.equal(ok.statusCode, 200, ok.body.slice(0, 800));
      assert.match(ok.body, /[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}/);
      assert.match(ok.body, /data-print/);
      const id = Number(/href="\/office\/requests\/(\d+)"/.exec(ok.body)![1]);
      assert.equal(await count(), before + 1);

      const list = await reviewer.get('/office/requests');
      assert.equal(list.statusCode, 200);
      assert.ok(list.body.includes(`href="/office/requests/${id}"`));
      assert.ok(list.body.includes('王**'), 'the list masks the name');
      assert.ok(!list.body.includes('王小明'));
      assert.ok((await reviewer.get('/office/requests?view=all&q=%E7%AB%8B%E9%A1%B9')).body.includes(`/office/requests/${id}"`));
      assert.ok(!(await reviewer.get('/office/requests?view=mine')).body.includes(`/office/requests/${id}"`));
    });

    test('the applicant unmasked for the office until a handler is assigned, then for the handler alone; another agency sees nothing', async () => {
      const id = await register();
      const first = await reviewer.get(`/office/requests/${id}`);
      assert.ok(first.body.includes(ID), 'the registering office sees the ID number');
      assert.ok(!first.body.includes('个人信息已隐去'));
      assert.equal((await outsider.get(`/office/requests/${id}`)).statusCode, 404);
      assert.equal((await editor.get(`/office/requests/${id}`)).statusCode, 404, 'not yet assigned to the editor’s department');

      // A stale version is refused and the form comes back.
      const stale = await reviewer.post(`/office/requests/${id}/act`, { action: 'accept', version: '999', departmentId: String(editorDepartment) });
      assert.equal(stale.statusCode, 409);
      assert.match(stale.body, /已被他人修改/);

      const accepted = await act(reviewer, id, { action: 'accept', departmentId: String(editorDepartment), handlerId: String(editorId), comment: '' });
      assert.equal(accepted.statusCode, 303, accepted.body.slice(0, 500));
      const mine = await editor.get(`/office/requests/${id}`);
      assert.equal(mine.statusCode, 200);
      assert.ok(mine.body.includes(ID), 'the handler sees it');
      const masked = await reviewer.get(`/office/requests/${id}`);
      assert.ok(!masked.body.includes(ID));
      assert.match(masked.body, /个人信息已隐去，仅承办人可见/);
      assert.ok(!(await leader.get(`/office/requests/${id}`)).body.includes(ID));
      assert.equal((await outsider.get(`/office/requests/${id}`)).statusCode, 404);
      assert.equal((await outsider.post(`/office/requests/${id}/act`, { action: 'reply', outcome: 'disclose' })).statusCode, 404);
      assert.ok((await editor.get('/office/requests?view=mine')).body.includes(`/office/requests/${id}"`));
    });

    test('a reply through its form: a missing reason re-renders the form; then the letter prints with the remedies and downloads as DOCX', async () => {
      const id = await register();
      assert.equal((await act(reviewer, id, { action: 'accept', departmentId: String(editorDepartment), handlerId: '' })).statusCode, 303);
      const missing = await act(reviewer, id, { action: 'reply', outcome: 'partial', comment: '' });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /id="f-reply-comment-error"/);
      assert.match(missing.body, /<option value="partial" selected/);
      assert.match(missing.body, /<optgroup label="（三）不予公开">/);
      const replied = await act(reviewer, id, { action: 'reply', outcome: 'unavailable_not_held', comment: '经检索，本机关未制作、获取该信息。' });
      assert.equal(replied.statusCode, 303, replied.body.slice(0, 500));
      const page = await reviewer.get(`/office/requests/${id}`);
      assert.match(page.body, /已答复/);
      const letterId = Number(new RegExp(`/office/requests/${id}/letters/(\\d+)"`).exec(page.body)![1]);
      const print = await reviewer.get(`/office/requests/${id}/letters/${letterId}`);
      assert.equal(print.statusCode, 200);
      assert.ok(print.body.includes(REMEDIES));
      assert.match(print.body, /示例市发展和改革局/);
      assert.match(print.body, /class="letter-addressee">王小明：/);
      const docx = await reviewer.get(`/office/requests/${id}/letters/${letterId}.docx`);
      assert.equal(docx.statusCode, 200);
      assert.ok(docx.rawPayload.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])));
      assert.match(String(docx.headers['content-disposition']), /filename\*=UTF-8''/);
      assert.equal((await outsider.get(`/office/requests/${id}/letters/${letterId}.docx`)).statusCode, 404);
    });

    test('released files: upload, download, delete, while the application is being handled', async () => {
      const id = await register();
      assert.equal((await act(reviewer, id, { action: 'accept', departmentId: String(editorDepartment), handlerId: String(editorId) })).statusCode, 303);
      await editor.get(`/office/requests/${id}`);
      const up = await postFile(t, editor, `/office/requests/${id}/files`, {}, { name: '批复.pdf', bytes: minimalPdf(['批复全文']), type: 'application/pdf' });
      assert.equal(up.statusCode, 303, up.body.slice(0, 500));
      const page = await editor.get(`/office/requests/${id}`);
      const fileId = Number(/\/office\/requests\/files\/(\d+)"/.exec(page.body)![1]);
      const download = await editor.get(`/office/requests/files/${fileId}`);
      assert.equal(download.statusCode, 200);
      assert.equal(download.headers['content-type'], 'application/pdf');
      assert.equal((await outsider.get(`/office/requests/files/${fileId}`)).statusCode, 404);
      const wrong = await postFile(t, editor, `/office/requests/${id}/files`, {}, { name: '批复.pdf', bytes: Buffer.from('MZ not a pdf'), type: 'application/pdf' });
      assert.equal(wrong.statusCode, 415);
      assert.match(wrong.body, /id="f-file-error"/);
      await editor.get(`/office/requests/${id}`);
      assert.equal((await editor.post(`/office/requests/${id}/files/${fileId}/delete`)).statusCode, 303);
      assert.ok(!(await editor.get(`/office/requests/${id}`)).body.includes(`/office/requests/files/${fileId}"`));
    });

    test('an extension the handler asks for waits on the leader’s dashboard; the leader approves it through the form', async () => {
      const id = await register();
      assert.equal((await act(reviewer, id, { action: 'accept', departmentId: String(editorDepartment), handlerId: String(editorId) })).statusCode, 303);
      assert.equal((await act(editor, id, { action: 'request_extension', days: '5', comment: '' })).statusCode, 400, 'the reason is required');
      assert.equal((await act(editor, id, { action: 'request_extension', days: '5', comment: '需协调多个股室' })).statusCode, 303);
      const dash = await leader.get('/office');
      assert.match(dash.body, /待批准的延期申请/);
      assert.ok(dash.body.includes(`/office/requests/${id}#act-h`));
      const approved = await act(leader, id, { action: 'approve_extension' });
      assert.equal(approved.statusCode, 303, approved.body.slice(0, 500));
      assert.match((await reviewer.get(`/office/requests/${id}`)).body, /延长答复期限告知书/);
      assert.ok(!(await leader.get('/office')).body.includes(`/office/requests/${id}#act-h`));
      const reviewerDash = await reviewer.get('/office');
      assert.match(reviewerDash.body, /依申请公开/);
      assert.match(reviewerDash.body, /\/office\/requests\?view=overdue/);
    });

    test('an edited template shows in the next letter; a template with an unknown placeholder is refused', async () => {
      const page = await reviewer.get('/office/requests/templates');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /【补正期限】/);
      const unknown = await reviewer.post('/office/requests/templates', { agencyId: String(fgj), key: 'correction', version: '0', intent: 'save', title: '补正通知', body: '【申请人】：\n您的申请内容不明确，请在期限内补正以下事项：【补正事宜】' });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /未知的占位符/);
      const saved = await reviewer.post('/office/requests/templates', {
        agencyId: String(fgj),
        key: 'correction',
        version: '0',
        intent: 'save',
        title: '补正申请告知书',
        body: '【申请人】：\n本局已收到您的申请（编号：【编号】），请于【补正期限】前补正以下事项：\n【补正事项】\n本局特别提示：逾期不补正视为放弃。',
      });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));
      assert.match((await reviewer.get('/office/requests/templates')).body, /本机关模板/);
      const id = await register({ infoName: '', description: '我要一些文件' });
      const due = chinaDateOf(new Date(Date.now() + 20 * 86_400_000));
      const asked = await act(reviewer, id, { action: 'request_correction', correctionDue: due, comment: '请写明文件名称或文号' });
      assert.equal(asked.statusCode, 303, asked.body.slice(0, 800));
      const detail = await reviewer.get(`/office/requests/${id}`);
      const letterId = Number(new RegExp(`/office/requests/${id}/letters/(\\d+)"`).exec(detail.body)![1]);
      const letter = await reviewer.get(`/office/requests/${id}/letters/${letterId}`);
      assert.match(letter.body, /本局特别提示/);
      assert.match(letter.body, /请写明文件名称或文号/);
      assert.equal((await reviewer.post('/office/requests/templates', { agencyId: String(fgj), key: 'correction', intent: 'reset' })).statusCode, 303);
      assert.doesNotMatch((await reviewer.get('/office/requests/templates')).body, /本机关模板/);
    });

    test('the ledger: a file with one bad row imports nothing and names the line; a GBK file imports; the export is a CSV', async () => {
      const page = await reviewer.get('/office/requests/ledger');
      assert.equal(page.statusCode, 200);
      const before = await count();
      const bad = `\uFEFF${LEDGER_HEAD}\r\n2025-03-02,自然人,张三,某项目批复,2025-03-10,予以公开\r\n2025-13-45,自然人,李四,某项目概算,,\r\n`;
      const refused = await postFile(t, reviewer, '/office/requests/ledger', { agencyId: String(fgj) }, { name: '台账.csv', bytes: Buffer.from(bad), type: 'text/csv' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /第 3 行“收到日期”/);
      assert.equal(await count(), before, 'nothing imported');
      const xlsx = await postFile(t, reviewer, '/office/requests/ledger', { agencyId: String(fgj) }, { name: '台账.xlsx', bytes: Buffer.from('PK'), type: 'application/octet-stream' });
      assert.equal(xlsx.statusCode, 400);
      assert.match(xlsx.body, /另存为/);

      const good = `${LEDGER_HEAD}\r\n2025-03-02,自然人,张三,某项目批复,2025-03-10,予以公开\r\n2025-04-08,商业企业,某某公司,某项目概算,,\r\n`;
      await reviewer.get('/office/requests/ledger');
      const imported = await postFile(t, reviewer, '/office/requests/ledger', { agencyId: String(fgj) }, { name: '台账.csv', bytes: gbk(good), type: 'text/csv' });
      assert.equal(imported.statusCode, 303, imported.body.slice(0, 800));
      assert.equal(await count(), before + 2);

      const csv = await reviewer.get(`/office/requests/ledger/requests.csv?agency=${fgj}`);
      assert.equal(csv.statusCode, 200);
      assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
      assert.match(String(csv.headers['content-disposition']), /filename\*=UTF-8''/);
      assert.ok(csv.body.startsWith(`\uFEFF${LEDGER_HEAD}`));
      assert.ok(csv.body.includes('某某公司'));
      assert.equal((await outsider.get(`/office/requests/ledger/requests.csv?agency=${fgj}`)).statusCode, 404);
      assert.equal((await editor.get('/office/requests/ledger')).statusCode, 403);
    });

    test('appeals: a closed case needs its date; a record is added and edited', async () => {
      await reviewer.get('/office/requests/appeals');
      const bad = await reviewer.post('/office/requests/appeals', { agencyId: String(fgj), type: 'reconsideration', result: 'upheld', filedDate: today, closedDate: '', requestId: '', caseNumber: '', note: '' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="f-closedDate-error"/);
      const added = await reviewer.post('/office/requests/appeals', { agencyId: String(fgj), type: 'reconsideration', result: 'pending', filedDate: today, closedDate: '', requestId: '', caseNumber: '示复〔2026〕7号', note: '' });
      assert.equal(added.statusCode, 303, added.body.slice(0, 500));
      const list = await reviewer.get('/office/requests/appeals');
      assert.match(list.body, /示复〔2026〕7号/);
      const appealId = Number(/appeals\?edit=(\d+)/.exec(list.body)![1]);
      const form = await reviewer.get(`/office/requests/appeals?edit=${appealId}`);
      const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
      const edited = await reviewer.post(`/office/requests/appeals/${appealId}`, { version, type: 'reconsideration', result: 'upheld', filedDate: today, closedDate: today, requestId: '', caseNumber: '示复〔2026〕7号', note: '维持原答复' });
      assert.equal(edited.statusCode, 303, edited.body.slice(0, 500));
      assert.match((await reviewer.get('/office/requests/appeals')).body, /维持原答复/);
      assert.equal((await outsider.post(`/office/requests/appeals/${appealId}`, { version, type: 'reconsideration', result: 'pending', filedDate: today })).statusCode, 404);
    });

    test('Art. 44: information two applicants asked for is proposed; dismissing needs a reason; the decision is recorded', async () => {
      const infoNumber = `示发改投〔2026〕${100 + Math.floor(Math.random() * 800)}号`;
      await register({ infoNumber });
      await register({ infoNumber, 'applicant.name': '李四', 'applicant.idType': 'passport', 'applicant.idNumber': 'E12345678' });
      const page = await reviewer.get('/office/requests/proposals');
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(infoNumber));
      const proposalId = Number(/action="\/office\/requests\/proposals\/(\d+)"/.exec(page.body)![1]);
      const noReason = await reviewer.post(`/office/requests/proposals/${proposalId}`, { decision: 'dismissed', note: '' });
      assert.equal(noReason.statusCode, 400);
      assert.match(noReason.body, new RegExp(`id="f-p-${proposalId}-note-error"`));
      assert.equal((await leader.post(`/office/requests/proposals/${proposalId}`, { decision: 'accepted', note: '' })).statusCode, 403);
      const accepted = await reviewer.post(`/office/requests/proposals/${proposalId}`, { decision: 'accepted', note: '纳入主动公开目录' });
      assert.equal(accepted.statusCode, 303);
      const after = await reviewer.get('/office/requests/proposals');
      assert.match(after.body, /已采纳，转为主动公开/);
      assert.ok(!after.body.includes(`/office/requests/proposals/${proposalId}"`));
      assert.equal((await reviewer.post(`/office/requests/proposals/${proposalId}`, { decision: 'dismissed', note: '再议' })).statusCode, 409);
      const audited = await t.db.selectFrom('auditEvents').select('action').where('entityType', '=', 'request_proposal').where('entityId', '=', String(proposalId)).execute();
      assert.deepEqual(
        audited.map((a) => a.action),
        ['request.proposal.accept'],
      );
      assert.ok(!(await outsider.get('/office/requests/proposals')).body.includes(infoNumber));
    });
  });
}
