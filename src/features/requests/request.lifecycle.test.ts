import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, type TestApp } from '../../../test/helpers.js';
import { withClock } from '../../db/runtime.js';
import { isAppError } from '../../errors.js';
import { chinaInstant, clockFrom } from '../../lib/clock.js';
import type { Db } from '../../db/database.js';
import { actorForUsername } from '../accounts/account.service.js';
import type { Actor } from '../access/roles.js';
import * as service from './request.service.js';
import { REQUEST_OUTCOME_KEYS, REQUEST_OUTCOMES } from './request.js';

/** A valid 居民身份证 number (GB 11643 example). */
const ID = '11010519491231002X';

const application = (over: Record<string, unknown> = {}) => ({
  applicant: { kind: 'natural_person', name: '王小明', idType: 'resident_id', idNumber: ID, phone: '13800138000', email: 'wang@example.com', address: '示例市人民路 1 号' },
  infoName: '示例市2025年城市道路改造工程立项批复',
  infoNumber: '示发改投〔2025〕12号',
  description: '请提供该批复文件全文。',
  form: 'electronic',
  delivery: 'email',
  ...over,
});

for (const engine of ENGINES) {
  describe(`requests: apply, handle within the clock, reply (${engine})`, () => {
    let t: TestApp;
    let reviewer: Actor;
    let leader: Actor;
    // The office works on fixed days in 2026, an official calendar year.
    const on = (date: string): Db => withClock(t.db, clockFrom(chinaInstant(date as never, '10:00')));

    before(async () => {
      t = await createTestApp(engine, { demo: true });
      reviewer = (await actorForUsername(t.db, 'demo-reviewer', 'session'))!;
      leader = (await actorForUsername(t.db, 'demo-leader', 'session'))!;
    });
    after(async () => t?.close());

    test('an online application gets a tracking code and the 20-working-day deadline from the day after receipt', async () => {
      const r = await service.submitOnline(on('2026-09-15'), 'fgj', application());
      assert.match(r.trackingCode, /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
      assert.equal(r.receivedDate, '2026-09-15');
      // 16 Sep … with 中秋 (25–27 Sep) and 国庆 (1–7 Oct) off and 补班 on 20 Sep and 10 Oct.
      assert.equal(r.dueDate, '2026-10-19');
      assert.equal(r.provisional, false);
      const tracked = await service.track(on('2026-09-16'), r.trackingCode.toLowerCase().replace(/-/g, ' '));
      assert.ok(tracked);
      assert.equal(tracked.stateLabel, '已登记');
      assert.equal(tracked.dueDate, '2026-10-19');
      assert.equal(JSON.stringify(tracked).includes(ID), false, 'no personal data on the tracking page');
      assert.equal(JSON.stringify(tracked).includes('13800138000'), false);
      assert.equal(await service.track(on('2026-09-16'), 'AAAA-BBBB-CCCC-DDDD'), null);
    });

    test('bad input: invalid identity numbers, missing contact, an unknown agency', async () => {
      await assert.rejects(
        service.submitOnline(on('2026-09-15'), 'fgj', application({ applicant: { ...application().applicant, idNumber: '110105194912310021' } })),
        (e: unknown) => isAppError(e) && !!e.fields?.['applicant.idNumber'],
      );
      await assert.rejects(
        service.submitOnline(on('2026-09-15'), 'fgj', application({ applicant: { kind: 'commercial', name: '某公司', idType: 'uscc', idNumber: '91350100M000100Y44', contactName: '李四', phone: '', email: '', address: '' } })),
        (e: unknown) => isAppError(e) && !!e.fields?.['applicant.idNumber'] && !!e.fields?.['applicant.phone'],
      );
      await assert.rejects(service.submitOnline(on('2026-09-15'), 'nope', application()), (e: unknown) => isAppError(e) && !!e.fields?.agency);
      const count = await t.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1, 'nothing half-written');
    });

    test('补正 once stops the clock and the correction restarts 20 working days; a second 补正 is refused', async () => {
      const r = await service.submitOnline(on('2026-09-15'), 'fgj', application({ infoName: '', infoNumber: '', description: '我要一些文件' }));
      const v0 = await service.getRequest(t.db, reviewer, r.id);
      const asked = await service.act(on('2026-09-17'), reviewer, r.id, { action: 'request_correction', comment: '请写明所需文件的名称或文号', correctionDue: '2026-09-30', version: v0.row.version });
      assert.equal(asked.row.state, 'correction');
      assert.equal(asked.clock.state, 'awaiting_correction');
      assert.equal(asked.row.dueDate, null, 'no deadline while a correction is pending');
      assert.equal(asked.letters.at(-1)?.kind, 'correction');
      assert.match(asked.letters.at(-1)!.body, /请写明所需文件的名称或文号/);
      const corrected = await service.act(on('2026-09-22'), reviewer, r.id, { action: 'receive_correction' });
      assert.equal(corrected.row.state, 'handling');
      // 20 working days from the day after 22 September: 23, 24, 28–30 Sep, 8–10 (补班), 12–16, 19–23, 26, 27 Oct.
      assert.equal(corrected.row.dueDate, '2026-10-27');
      await assert.rejects(
        service.act(on('2026-09-23'), reviewer, r.id, { action: 'request_correction', comment: '再补充', correctionDue: '2026-10-10' }),
        (e: unknown) => isAppError(e) && e.code === 'INVALID_TRANSITION' && /一次性/.test(e.message),
      );
    });

    test('a third party consulted: its 15 days from its receipt of the letter are not counted; an extension within the deadline, at most 20 days', async () => {
      const r = await service.submitOnline(on('2026-09-15'), 'fgj', application({ infoName: '某企业环评报告', infoNumber: '' }));
      await service.act(on('2026-09-15'), reviewer, r.id, { action: 'accept' });
      const consulted = await service.act(on('2026-09-17'), reviewer, r.id, { action: 'consult', party: 'third_party', consultee: '示例化工有限公司', deliveredDate: '2026-09-22' });
      const letter = consulted.letters.find((l) => l.kind === 'consultation')!;
      assert.equal(letter.toApplicant, 0);
      assert.ok(consulted.row.dueDate! > '2026-10-19');
      const answered = await service.act(on('2026-09-24'), reviewer, r.id, { action: 'record_consultation', consultation: consulted.openConsultations[0]!.eventId, consultationStep: 'answered', comment: '不同意公开' });
      assert.equal(answered.openConsultations.length, 0);
      // 17–24 September: 18, 20 (补班), 21, 22, 23, 24 = 6 working days not counted.
      assert.equal(answered.clock.derived.excludedWorkdays, 6);
      // The leader approves an extension the handler asked for.
      await assert.rejects(service.act(on('2026-09-25'), reviewer, r.id, { action: 'request_extension', days: 21, comment: '需要协调' }), (e: unknown) => isAppError(e) && !!e.fields?.days);
      await service.act(on('2026-09-28'), reviewer, r.id, { action: 'request_extension', days: 10, comment: '涉及第三方，需进一步核实' });
      await assert.rejects(service.act(on('2026-09-28'), reviewer, r.id, { action: 'approve_extension' }), (e: unknown) => isAppError(e) && e.code === 'FORBIDDEN');
      const before = (await service.getRequest(t.db, reviewer, r.id)).row.dueDate!;
      const extended = await service.act(on('2026-09-29'), leader, r.id, { action: 'approve_extension' });
      assert.ok(extended.row.dueDate! > before);
      const told = extended.letters.find((l) => l.kind === 'extension')!;
      assert.equal(told.issuedDate, '2026-09-29');
      assert.match(told.body, /延长10个工作日/);
      assert.match(told.body, /涉及第三方，需进一步核实/);
      // A second extension would pass 20 in total.
      await assert.rejects(service.act(on('2026-09-30'), reviewer, r.id, { action: 'request_extension', days: 11, comment: '再延' }), (e: unknown) => isAppError(e) && !!e.fields?.days);
    });

    test('an extension after the deadline is refused, and so is a fee notice', async () => {
      const r = await service.submitOnline(on('2026-09-15'), 'fgj', application({ infoName: '另一份文件', infoNumber: '' }));
      await service.act(on('2026-09-15'), reviewer, r.id, { action: 'accept' });
      await assert.rejects(
        service.act(on('2026-10-20'), reviewer, r.id, { action: 'request_extension', days: 5, comment: '来不及' }),
        (e: unknown) => isAppError(e) && e.code === 'INVALID_TRANSITION' && /期限已于2026-10-19届满/.test(e.message),
      );
      await assert.rejects(
        service.act(on('2026-10-20'), reviewer, r.id, { action: 'fee_notice', feeMethod: 'by_pages', pages: 250 }),
        (e: unknown) => isAppError(e) && e.code === 'INVALID_TRANSITION' && /答复期限/.test(e.message),
      );
    });

    test('handlers: a department editor takes the application to their department; a leader is no handler; post needs its signing date', async () => {
      const r = await service.submitOnline(on('2026-09-15'), 'fgj', application({ infoName: '承办测试' }));
      const editor = (await actorForUsername(t.db, 'demo-editor', 'session'))!;
      const own = editor.memberships.find((m) => m.role === 'department_editor')!.departmentId!;
      const fgj = await t.db.selectFrom('departments').select('id').where('agencyId', '=', editor.memberships[0]!.agencyId).where('id', '!=', own).executeTakeFirstOrThrow();
      await assert.rejects(service.act(on('2026-09-15'), reviewer, r.id, { action: 'accept', handlerId: editor.userId!, departmentId: fgj.id }), (e: unknown) => isAppError(e) && !!e.fields?.handlerId);
      await assert.rejects(service.act(on('2026-09-15'), reviewer, r.id, { action: 'accept', handlerId: leader.userId! }), (e: unknown) => isAppError(e) && !!e.fields?.handlerId);
      const accepted = await service.act(on('2026-09-15'), reviewer, r.id, { action: 'accept', handlerId: editor.userId! });
      assert.equal(accepted.row.departmentId, own);
      const seen = await service.getRequest(t.db, editor, r.id);
      assert.equal(seen.applicant.masked, false, 'the handler sees the applicant');
      assert.equal((await service.getRequest(t.db, reviewer, r.id)).applicant.masked, true, 'the office no longer does');
      const fgjId = editor.memberships[0]!.agencyId;
      const { registerApplication } = service;
      await assert.rejects(
        registerApplication(on('2026-09-16'), reviewer, fgjId, { ...application(), channel: 'post', submittedDate: '2026-09-10' }),
        (e: unknown) => isAppError(e) && !!e.fields?.signedDate,
      );
      const posted = await registerApplication(on('2026-09-16'), reviewer, fgjId, { ...application({ infoName: '邮寄的申请' }), channel: 'post', submittedDate: '2026-09-10', signedDate: '2026-09-14' });
      assert.equal(posted.receivedDate, '2026-09-14');
    });

    test('every decision the reply step offers is stored as its row and its letter cites its legal basis', async () => {
      const direct = REQUEST_OUTCOME_KEYS.filter((o) => o !== 'other_no_correction' && o !== 'other_fee_unpaid');
      assert.equal(direct.length, 19);
      for (const outcome of direct) {
        const r = await service.submitOnline(on('2026-09-15'), 'fgj', application({ infoName: `决定 ${outcome}`, form: 'paper', delivery: 'pickup' }));
        const v = await service.act(on('2026-09-16'), reviewer, r.id, { action: 'reply', outcome, comment: `理由：${outcome}` });
        assert.equal(v.row.outcome, outcome);
        const letter = v.letters.find((l) => l.kind === 'reply')!;
        assert.ok(letter.body.includes(REQUEST_OUTCOMES[outcome].basis), `${outcome}: ${letter.body}`);
        assert.match(letter.body, /六十日内[\s\S]*六个月内/);
      }
    });

    test('a reply: the outcome coded as the report row, its letter with the legal basis and the remedies, visible on the tracking page', async () => {
      const r = await service.submitOnline(on('2026-09-15'), 'fgj', application({ infoName: '项目概算表', infoNumber: '' }));
      await service.act(on('2026-09-16'), reviewer, r.id, { action: 'accept' });
      await assert.rejects(service.act(on('2026-09-18'), reviewer, r.id, { action: 'reply', outcome: 'partial' }), (e: unknown) => isAppError(e) && !!e.fields?.comment);
      await assert.rejects(service.act(on('2026-09-18'), reviewer, r.id, { action: 'reply', outcome: 'withhold_everything' }), (e: unknown) => isAppError(e) && !!e.fields?.outcome);
      const replied = await service.act(on('2026-09-18'), reviewer, r.id, { action: 'reply', outcome: 'unavailable_not_held', comment: '经检索，本机关未制作、获取该信息。' });
      assert.equal(replied.row.state, 'replied');
      assert.equal(replied.row.outcome, 'unavailable_not_held');
      assert.equal(replied.row.onTime, 1);
      const letter = replied.letters.find((l) => l.kind === 'reply')!;
      assert.match(letter.body, /本机关不掌握相关政府信息/);
      assert.match(letter.body, /第三十六条第四项/);
      assert.match(letter.body, /六十日内/);
      assert.match(letter.body, /六个月内/);
      const tracked = (await service.track(t.db, r.trackingCode))!;
      assert.equal(tracked.outcomeLabel, '无法提供：本机关不掌握');
      assert.ok(tracked.letters.some((l) => l.id === letter.id));
      // The letter went to the applicant's e-mail, through the outbox here.
      const mail = await t.db.selectFrom('mailMessages').select(['toAddress', 'subject']).where('relatedId', '=', String(r.id)).execute();
      assert.ok(mail.some((m) => m.toAddress === 'wang@example.com' && /答复告知书/.test(m.subject)));
      // A decision not allowed now.
      await assert.rejects(service.act(t.db, reviewer, r.id, { action: 'accept' }), (e: unknown) => isAppError(e) && e.code === 'INVALID_TRANSITION');
    });
  });
}
