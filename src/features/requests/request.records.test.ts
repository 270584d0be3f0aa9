import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, type TestApp } from '../../../test/helpers.js';
import type { Db } from '../../db/database.js';
import { withClock } from '../../db/runtime.js';
import { isAppError } from '../../errors.js';
import { chinaInstant, clockFrom } from '../../lib/clock.js';
import { actorForUsername } from '../accounts/account.service.js';
import type { Actor } from '../access/roles.js';
import { requestsCommand } from './request.cli.js';
import { remindDeadlines } from './request.reminders.js';
import * as service from './request.service.js';

const ID = '11010519491231002X';
const application = (over: Record<string, unknown> = {}) => ({
  applicant: { kind: 'natural_person', name: '赵六', idType: 'resident_id', idNumber: ID, phone: '13700137000', email: 'zhao@example.com', address: '示例市河西路 3 号' },
  infoName: '2025年全市道路维修台账',
  infoNumber: '',
  description: '请提供全部维修台账的复印件。',
  form: 'paper',
  delivery: 'post',
  ...over,
});

const LEDGER = [
  '收到日期,申请人类型,申请人,申请内容,答复日期,处理结果',
  '2025-03-03,自然人,张三,申请某项目批复文件,2025-03-20,予以公开',
  '2025-04-10,商业企业,某某科技有限公司,申请某采购合同,2025-05-06,不予公开：4',
  '2025-06-01,法律服务机构,某律师事务所,申请某执法案卷,2025-06-25,无法提供：本机关不掌握相关政府信息',
  '2025-12-29,其他,某协会,申请会议纪要,,',
].join('\r\n');

for (const engine of ENGINES) {
  describe(`requests: fees, closing, privacy, reminders, the ledger (${engine})`, () => {
    let t: TestApp;
    let reviewer: Actor;
    const on = (date: string): Db => withClock(t.db, clockFrom(chinaInstant(date as never, '10:00')));
    before(async () => {
      t = await createTestApp(engine, { demo: true });
      reviewer = (await actorForUsername(t.db, 'demo-reviewer', 'session'))!;
    });
    after(async () => t?.close());

    test('a fee notice for 250 pages asks 4700 元, pauses the clock until paid, and unpaid after 20 working days closes as 其他处理 2', async () => {
      const r = await service.submitOnline(on('2026-09-01'), 'fgj', application());
      await service.act(on('2026-09-01'), reviewer, r.id, { action: 'accept' });
      const noticed = await service.act(on('2026-09-03'), reviewer, r.id, { action: 'fee_notice', feeMethod: 'by_pages', pages: 250, receivedDate: '2026-09-04' });
      assert.equal(noticed.row.state, 'awaiting_fee');
      const letter = noticed.letters.find((l) => l.kind === 'fee')!;
      assert.match(letter.body, /4700元/);
      assert.match(letter.body, /70页.*10元|10元.*70页/s);
      // The payment window runs 20 working days from the day after receipt of the notice.
      assert.equal(noticed.clock.derived.feePaymentDue, '2026-10-09');
      assert.equal(noticed.clock.state, 'running', 'the notice reaches the applicant tomorrow');
      assert.equal((await service.getRequest(on('2026-09-10'), reviewer, r.id)).clock.state, 'paused');
      await assert.rejects(service.act(on('2026-10-09'), reviewer, r.id, { action: 'close_unpaid' }), (e: unknown) => isAppError(e) && e.code === 'INVALID_TRANSITION');
      const closed = await service.act(on('2026-10-12'), reviewer, r.id, { action: 'close_unpaid' });
      assert.equal(closed.row.outcome, 'other_fee_unpaid');
      assert.match(closed.letters.at(-1)!.body, /收费通知要求缴纳费用|国办函〔2020〕109号/);
    });

    test('a fee notice after the deadline is refused; a second notice is refused; paying after the window is refused', async () => {
      const r = await service.submitOnline(on('2026-09-01'), 'fgj', application({ infoName: '另一批台账' }));
      await service.act(on('2026-09-01'), reviewer, r.id, { action: 'accept' });
      await service.act(on('2026-09-03'), reviewer, r.id, { action: 'fee_notice', feeMethod: 'by_pages', pages: 31, receivedDate: '2026-09-03' });
      await assert.rejects(service.act(on('2026-09-04'), reviewer, r.id, { action: 'fee_paid', date: '2026-10-30' }), (e: unknown) => isAppError(e) && !!e.fields?.date);
      await assert.rejects(service.act(on('2026-10-30'), reviewer, r.id, { action: 'fee_paid' }), (e: unknown) => isAppError(e) && /缴费期限/.test(e.message));
      const paid = await service.act(on('2026-09-10'), reviewer, r.id, { action: 'fee_paid' });
      assert.equal(paid.row.state, 'handling');
    });

    test('withdrawal counts as 其他处理 3; archiving sets the purge date; the purge clears personal data and is audited', async () => {
      const r = await service.submitOnline(on('2026-03-02'), 'fgj', application({ infoName: '撤回的申请' }));
      const w = await service.act(on('2026-03-03'), reviewer, r.id, { action: 'withdraw', comment: '申请人电话告知不再需要' });
      assert.equal(w.row.state, 'withdrawn');
      assert.equal(w.row.outcome, 'other');
      const archived = await service.act(on('2026-03-04'), reviewer, r.id, { action: 'archive' });
      assert.equal(archived.row.purgeAfter, '2028-03-03');
      assert.equal(await service.purgeExpired(on('2028-03-02')), 0);
      assert.ok((await service.purgeExpired(on('2028-03-03'))) >= 1);
      const row = await t.db.selectFrom('requests').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
      assert.equal(row.idNumber, '');
      assert.equal(row.phone, '');
      assert.equal(row.email, '');
      assert.equal(row.applicantName, '（已清除）');
      assert.equal(row.outcome, 'other', 'statistics keep the outcome');
      const ev = await t.db.selectFrom('auditEvents').select('action').where('entityType', '=', 'request').where('entityId', '=', String(r.id)).execute();
      assert.ok(ev.some((e) => e.action === 'request.purge'));
    });

    test('reminders go to the handler once a day when the deadline is near', async () => {
      const r = await service.submitOnline(on('2026-09-15'), 'fgj', application({ infoName: '提醒测试' }));
      const editor = await actorForUsername(t.db, 'demo-editor', 'session');
      await t.db.updateTable('users').set({ email: 'editor@example.com' }).where('id', '=', editor!.userId!).execute();
      await service.act(on('2026-09-15'), reviewer, r.id, { action: 'accept', handlerId: editor!.userId! });
      const count = async () => (await t.db.selectFrom('mailMessages').select('id').where('toAddress', '=', 'editor@example.com').execute()).length;
      await remindDeadlines(on('2026-09-16'));
      assert.equal(await count(), 0, 'not yet: the deadline is 19 October');
      assert.ok((await remindDeadlines(on('2026-10-14'))) >= 1);
      assert.equal(await count(), 1);
      await remindDeadlines(on('2026-10-14'));
      assert.equal(await count(), 1, 'once a day');
    });

    test('the ledger imports all rows or none, from the CLI and the service; an export imports again', async () => {
      const czj = await t.db.selectFrom('agencies').select(['id', 'code']).where('slug', '=', 'czj').executeTakeFirstOrThrow();
      const admin = (await actorForUsername(t.db, 'czj-admin', 'session'))!;
      const bad = `${LEDGER}\r\n2025-07-01,个体户,王五,申请某文件,2025-07-10,予以公开\r\n2025-08-01,自然人,赵七,申请某文件,2025-07-01,予以公开`;
      await assert.rejects(service.importLedger(t.db, admin, czj.id, bad), (e: unknown) => {
        if (!isAppError(e)) return false;
        const problems = (e.details as { problems: { line: number; field: string | null }[] }).problems;
        return problems.some((p) => p.line === 6 && p.field === '申请人类型') && problems.some((p) => p.line === 7);
      });
      assert.equal((await t.db.selectFrom('requests').select('id').where('agencyId', '=', czj.id).execute()).length, 0, 'nothing half-imported');

      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-ledger-'));
      const file = path.join(dir, '台账.csv');
      fs.writeFileSync(file, `\uFEFF${LEDGER}`);
      const lines: string[] = [];
      const code = await requestsCommand(t.db, ['import', '--agency', czj.code, file], { log: (s) => lines.push(s), err: (s) => lines.push(s) });
      assert.equal(code, 0, lines.join('\n'));
      assert.match(lines.join('\n'), /4 行/);
      const rows = await t.db.selectFrom('requests').select(['state', 'outcome', 'receivedDate', 'repliedDate']).where('agencyId', '=', czj.id).orderBy('id').execute();
      assert.deepEqual(
        rows.map((r) => r.outcome),
        ['disclose', 'withhold_third_party', 'unavailable_not_held', null],
      );
      assert.equal(rows[3]!.state, 'handling', 'an empty 答复日期 means still open');

      const csv = await service.exportLedger(t.db, admin, czj.id, 'requests');
      assert.ok(csv.startsWith('\uFEFF收到日期,申请人类型,申请人,申请内容,答复日期,处理结果\r\n'));
      assert.match(csv, /张\*/, 'a person’s name is masked in an export');
      assert.doesNotMatch(csv, /张三/);
      assert.match(csv, /某某科技有限公司/, 'an organisation’s name stays whole');
      const zfb = await t.db.selectFrom('agencies').select('id').where('slug', '=', 'zfb').executeTakeFirstOrThrow();
      const zfbAdmin = (await actorForUsername(t.db, 'zfb-admin', 'session'))!;
      assert.deepEqual(await service.importLedger(t.db, zfbAdmin, zfb.id, csv.slice(1)), { kind: 'requests', imported: 4 });

      const appeals = '类型,结果,立案日期,结案日期\n行政复议,维持,2025-05-10,2025-07-01\n复议后起诉,尚未审结,2025-09-01,';
      assert.deepEqual(await service.importLedger(t.db, admin, czj.id, appeals), { kind: 'appeals', imported: 2 });
      const usage: string[] = [];
      assert.equal(await requestsCommand(t.db, ['import', file], { log: (s) => usage.push(s), err: (s) => usage.push(s) }), 2);
      assert.match(usage.join('\n'), /--agency/);
    });

    test('appeals: a closing before the filing and a result without a closing date are refused', async () => {
      const fgj = await t.db.selectFrom('agencies').select('id').where('slug', '=', 'fgj').executeTakeFirstOrThrow();
      await assert.rejects(
        service.saveAppeal(t.db, reviewer, fgj.id, { type: 'reconsideration', result: 'upheld', filedDate: '2026-05-10', closedDate: '2026-05-01' }),
        (e: unknown) => isAppError(e) && !!e.fields?.closedDate,
      );
      await assert.rejects(
        service.saveAppeal(t.db, reviewer, fgj.id, { type: 'reconsideration', result: 'corrected', filedDate: '2026-05-10', closedDate: '' }),
        (e: unknown) => isAppError(e) && !!e.fields?.closedDate,
      );
      const ok = await service.saveAppeal(t.db, reviewer, fgj.id, { type: 'litigation_direct', result: 'pending', filedDate: '2026-05-10', closedDate: '' });
      assert.equal(ok.result, 'pending');
    });
  });
}
