import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINES, createTestApp, json, type TestApp } from '../../../test/helpers.js';
import { inTransaction, type Db } from '../../db/database.js';
import { withClock } from '../../db/runtime.js';
import { isAppError, type ErrorCode } from '../../errors.js';
import { chinaInstant, clockFrom } from '../../lib/clock.js';
import type { IsoDate } from '../../lib/dates.js';
import { actorForUsername } from '../accounts/account.service.js';
import type { Actor } from '../access/roles.js';
import { officialCalendar } from '../calendar/seed-data.js';
import { insertDraftIn, publishRecordedIn } from '../publications/publication.service.js';
import { checkPeriod, earliestEnd, materialDeadline, parseSections, phaseOf, sectionsText } from './participation.js';
import * as service from './participation.service.js';

const cal = officialCalendar();
const on = (t: TestApp, date: string): Db => withClock(t.db, clockFrom(chinaInstant(date as IsoDate, '10:00')));

async function rejects(p: Promise<unknown>, code: ErrorCode, field?: string): Promise<Record<string, string>> {
  try {
    await p;
  } catch (e) {
    assert.ok(isAppError(e), String(e));
    assert.equal(e.code, code, e.message);
    if (field) assert.ok(e.fields?.[field], `no message for ${field}: ${JSON.stringify(e.fields)}`);
    return e.fields ?? {};
  }
  assert.fail(`expected ${code}`);
}

describe('participation rules', () => {
  test('minimum periods by kind: 30 days for 重大行政决策 and 规章, 7 working days for 规范性文件, 30 days when market-related', () => {
    // 1 to 30 November counts 30 days, both ends included.
    assert.equal(checkPeriod(cal, 'major_decision', false, '2026-11-01', '2026-11-30').short, false);
    assert.equal(checkPeriod(cal, 'major_decision', false, '2026-11-01', '2026-11-29').short, true);
    assert.equal(checkPeriod(cal, 'rule', false, '2026-11-01', '2026-11-29').length, 29);
    // 7 working days skip the National Day holiday and count the 调休 Saturday 10 October.
    assert.equal(earliestEnd(cal, { unit: 'workdays', count: 7 }, '2026-09-28'), '2026-10-12');
    const short = checkPeriod(cal, 'normative', false, '2026-09-28', '2026-10-09');
    assert.deepEqual([short.length, short.short], [5, true]);
    assert.equal(checkPeriod(cal, 'normative', false, '2026-09-28', '2026-10-12').short, false);
    // Market-related: 30 days whatever the kind.
    assert.equal(checkPeriod(cal, 'normative', true, '2026-11-02', '2026-11-10').short, true);
    assert.equal(checkPeriod(cal, 'normative', true, '2026-11-02', '2026-12-01').short, false);
    // 其他 follows the 规范性文件 rule.
    assert.equal(checkPeriod(cal, 'other', false, '2026-11-02', '2026-11-10').short, false);
    assert.equal(checkPeriod(cal, 'other', false, '2026-11-02', '2026-11-09').short, true);
  });

  test('comments are taken from the start to the end date, both included', () => {
    const c = { state: 'open', startDate: '2026-11-02', endDate: '2026-11-10' };
    assert.equal(phaseOf(c, '2026-11-01'), 'upcoming');
    assert.equal(phaseOf(c, '2026-11-02'), 'accepting');
    assert.equal(phaseOf(c, '2026-11-10'), 'accepting');
    assert.equal(phaseOf(c, '2026-11-11'), 'ended');
    assert.equal(phaseOf({ ...c, state: 'closed' }, '2026-11-05'), 'ended');
    assert.equal(phaseOf({ ...c, state: 'draft' }, '2026-11-05'), 'draft');
  });

  test('sections from the office text box and back', () => {
    const s = parseSections('前言文字\n## 第一条 目的\n为了规范。\n\n## 第二条 范围\n本办法适用于全县。');
    assert.deepEqual(s.map((x) => x.heading), ['总则', '第一条 目的', '第二条 范围']);
    assert.equal(s[2]!.body, '本办法适用于全县。');
    assert.deepEqual(parseSections(sectionsText(s)), s);
  });

  test('hearing materials: the last day is 7 days before the hearing', () => {
    assert.equal(materialDeadline('2026-12-20'), '2026-12-13');
  });
});

const DRAFT = {
  title: '关于《示例市居民生活垃圾分类管理办法（征求意见稿）》公开征求意见的公告',
  kind: 'normative',
  explanation: '为推进垃圾分类，起草了本办法。',
  commentMethod: '电子邮件：fgj@example.gov.cn',
  sections: '## 第一条 目的\n为了推进生活垃圾分类，制定本办法。\n## 第二条 范围\n本办法适用于示例市城区。',
};

for (const engine of ENGINES) {
  describe(`consultations and hearings (${engine})`, () => {
    let t: TestApp;
    let reviewer: Actor;
    let editor: Actor;
    let agencyId: number;

    before(async () => {
      t = await createTestApp(engine, { demo: true });
      reviewer = (await actorForUsername(t.db, 'demo-reviewer', 'session'))!;
      editor = (await actorForUsername(t.db, 'demo-editor', 'session'))!;
      agencyId = reviewer.memberships[0]!.agencyId;
    });
    after(async () => t?.close());

    test('opening needs every part; a short period needs a public reason; nothing is opened half-way', async () => {
      const db = on(t, '2026-09-25');
      const bare = await service.createConsultation(db, reviewer, agencyId, { title: '空白草稿', kind: 'rule' });
      const fields = await rejects(service.openConsultation(db, reviewer, bare.id), 'VALIDATION_FAILED');
      assert.deepEqual(Object.keys(fields).sort(), ['commentMethod', 'endDate', 'explanation', 'sections', 'startDate']);
      assert.equal((await service.getConsultationForOffice(db, reviewer, bare.id)).row.state, 'draft');

      const c = await service.createConsultation(db, reviewer, agencyId, { ...DRAFT, startDate: '2026-09-28', endDate: '2026-10-09' });
      await rejects(service.openConsultation(db, reviewer, c.id), 'VALIDATION_FAILED', 'shortReason');
      const edited = await service.updateConsultation(db, reviewer, c.id, { ...DRAFT, startDate: '2026-09-28', endDate: '2026-10-09', shortReason: '上级要求于十月中旬前出台', version: c.version });
      const opened = await service.openConsultation(db, reviewer, c.id);
      assert.equal(opened.state, 'open');
      assert.ok(edited.version < opened.version);
      // The reason is public; the text no longer changes once open.
      const pub = await service.getPublicConsultation(db, c.id);
      assert.equal(pub.period?.short, true);
      assert.equal(pub.row.shortReason, '上级要求于十月中旬前出台');
      await rejects(service.updateConsultation(db, reviewer, c.id, { ...DRAFT, version: opened.version }), 'INVALID_TRANSITION');
      // An editor holds no participation permission.
      await rejects(service.createConsultation(db, editor, agencyId, DRAFT), 'FORBIDDEN');
      const events = await t.db.selectFrom('auditEvents').select('action').where('entityType', '=', 'consultation').where('entityId', '=', String(c.id)).execute();
      assert.deepEqual(events.map((e) => e.action), ['consultation.create', 'consultation.update', 'consultation.open']);
    });

    test('comments close at the end date; moderation decides what the public sees; contacts never shown', async () => {
      const db = on(t, '2026-11-01');
      const c = await service.createConsultation(db, reviewer, agencyId, { ...DRAFT, startDate: '2026-11-02', endDate: '2026-11-10' });
      await service.openConsultation(db, reviewer, c.id);
      const sections = (await service.getPublicConsultation(db, c.id)).sections;
      await rejects(service.submitComment(db, c.id, { body: '开始之前的意见内容' }), 'CONSULTATION_CLOSED');
      const day1 = on(t, '2026-11-02');
      const a = await service.submitComment(day1, c.id, { section: String(sections[0]!.id), name: '李四', contact: '13900000000', body: '建议明确厨余垃圾的收运时间。' });
      const b = await service.submitComment(day1, c.id, { body: '广告：加微信领红包，点击链接' });
      await rejects(service.submitComment(day1, c.id, { body: '短' }), 'VALIDATION_FAILED', 'body');
      await rejects(service.submitComment(day1, c.id, { body: 'x'.repeat(2001) }), 'VALIDATION_FAILED', 'body');
      await rejects(service.submitComment(day1, c.id, { body: '对不存在章节的意见', section: '999999' }), 'VALIDATION_FAILED', 'section');
      assert.equal((await service.submitComment(on(t, '2026-11-10'), c.id, { body: '最后一天的意见也收到。' })).status, 'pending');
      await rejects(service.submitComment(on(t, '2026-11-11'), c.id, { body: '截止之后的意见内容' }), 'CONSULTATION_CLOSED');

      assert.equal((await service.getPublicConsultation(day1, c.id)).comments.length, 0, 'nothing shown before moderation');
      await rejects(service.moderateComment(day1, reviewer, c.id, b.id, { decision: 'reject' }), 'VALIDATION_FAILED', 'reason');
      await service.moderateComment(day1, reviewer, c.id, a.id, { decision: 'approve' });
      const rejected = await service.moderateComment(day1, reviewer, c.id, b.id, { decision: 'reject', reason: 'advertising', note: '含推广链接' });
      assert.deepEqual([rejected.status, rejected.rejectReason, rejected.moderationNote], ['rejected', 'advertising', '含推广链接']);
      await rejects(service.moderateComment(day1, reviewer, c.id, b.id, { decision: 'approve' }), 'INVALID_TRANSITION');
      const pub = await service.getPublicConsultation(day1, c.id);
      assert.deepEqual(pub.comments.map((x) => [x.name, x.sectionId]), [['李四', sections[0]!.id]]);
      assert.ok(!JSON.stringify(pub.comments).includes('13900000000'));
      const reasons = await t.db.selectFrom('auditEvents').select(['action', 'summary']).where('action', '=', 'consultation.comment_reject').execute();
      assert.ok(reasons.some((r) => r.summary?.includes('广告或垃圾信息') && r.summary.includes('含推广链接')));
    });

    test('the 采纳情况 comes after the close, adds up, and gates the linked document', async () => {
      const db = on(t, '2026-11-01');
      const c = await service.createConsultation(db, reviewer, agencyId, { ...DRAFT, title: '关于某办法的意见征集', startDate: '2026-11-02', endDate: '2026-11-10' });
      await service.openConsultation(db, reviewer, c.id);
      await service.submitComment(on(t, '2026-11-03'), c.id, { body: '建议增加过渡期的规定。' });
      const doc = await inTransaction(db, (trx) =>
        insertDraftIn(trx, reviewer, { agencyId, title: '示例市居民生活垃圾分类管理办法', category: 'art20_01', issuers: [{ agencyId, name: '示例市发展和改革局' }] }),
      );
      await service.linkPublication(db, reviewer, c.id, { publicationId: String(doc.id) });

      const during = on(t, '2026-11-05');
      const feedback = { received: '1', adopted: '1', partly: '0', notAdopted: '0', text: '采纳关于过渡期的意见，增加第十条。' };
      await rejects(service.publishFeedback(during, reviewer, c.id, feedback), 'INVALID_TRANSITION');
      await rejects(service.closeConsultation(during, reviewer, c.id), 'INVALID_TRANSITION');

      // Publishing the linked document is refused, and nothing of the attempt stays.
      const later = on(t, '2026-11-12');
      const publish = () => inTransaction(later, async (trx) => publishRecordedIn(trx, reviewer, (await trx.selectFrom('publications').selectAll().where('id', '=', doc.id).executeTakeFirstOrThrow())));
      await rejects(publish(), 'FEEDBACK_REQUIRED');
      assert.equal((await t.db.selectFrom('publications').select('publicStatus').where('id', '=', doc.id).executeTakeFirstOrThrow()).publicStatus, 'none');

      const alarms = await service.feedbackAlarms(on(t, '2026-12-10'), reviewer);
      assert.deepEqual(alarms.filter((a) => a.id === c.id).map((a) => [a.dueDate, a.overdue]), [['2026-12-01', true]]);

      await rejects(service.publishFeedback(later, reviewer, c.id, { ...feedback, adopted: '0' }), 'VALIDATION_FAILED', 'received');
      await rejects(service.publishFeedback(later, reviewer, c.id, { ...feedback, received: '0', adopted: '0' }), 'VALIDATION_FAILED', 'received');
      await rejects(service.publishFeedback(later, reviewer, c.id, { ...feedback, text: '' }), 'VALIDATION_FAILED', 'text');
      const done = await service.publishFeedback(later, reviewer, c.id, feedback);
      assert.deepEqual([done.state, done.feedbackAdopted, done.feedbackPublishedAt !== null], ['closed', 1, true]);
      assert.equal((await service.feedbackAlarms(on(t, '2026-12-10'), reviewer)).some((a) => a.id === c.id), false);

      await publish();
      assert.equal((await t.db.selectFrom('publications').select('publicStatus').where('id', '=', doc.id).executeTakeFirstOrThrow()).publicStatus, 'published');
      assert.equal((await service.feedbackForPublication(t.db, doc.id)).length, 1);
    });

    test('hearings: published before the day with every part; materials at least 7 days ahead', async () => {
      const db = on(t, '2026-12-01');
      const h = await service.createHearing(db, reviewer, agencyId, { title: '示例市管道天然气价格调整听证会', hearingDate: '2026-12-20', hearingTime: '09:30' });
      const fields = await rejects(service.publishHearing(db, reviewer, h.id), 'VALIDATION_FAILED');
      assert.deepEqual(Object.keys(fields).sort(), ['draft', 'participants', 'place', 'selectionMethod']);
      const full = await service.updateHearing(db, reviewer, h.id, {
        title: h.title, hearingDate: '2026-12-20', hearingTime: '09:30', version: h.version,
        draft: '调价方案及说明', place: '市政府三楼会议室', selectionMethod: '自愿报名、随机抽取', participants: '张三（消费者）\n李四（经营者）',
      });
      await rejects(service.publishHearing(on(t, '2026-12-20'), reviewer, h.id), 'VALIDATION_FAILED', 'hearingDate');
      assert.equal((await service.publishHearing(db, reviewer, h.id)).state, 'published');
      assert.ok(full.version > h.version);

      const sent = await service.addMaterial(on(t, '2026-12-13'), reviewer, h.id, { title: '调价方案全文' });
      assert.equal(sent.sentOn, '2026-12-13');
      await rejects(service.addMaterial(on(t, '2026-12-14'), reviewer, h.id, { title: '补充材料' }), 'HEARING_MATERIAL_LATE');
      const pub = await service.getPublicHearing(db, h.id);
      assert.deepEqual(pub.materials.map((m) => m.title), ['调价方案全文']);
      assert.deepEqual(pub.participants, ['张三（消费者）', '李四（经营者）']);
    });
  });
}
