/**
 * Pins the articles each clock's explanation cites. Every line a clock can write
 * about a period is produced here and its citations compared with the article
 * that sets that period, read against the Regulation's text (2019 revision):
 *
 *   第二十六条  主动公开：形成或者变更之日起20个工作日内；法律、法规另有规定的从其规定
 *   第三十条    补正：收到申请之日起7个工作日内一次性告知；答复期限自收到补正的申请之日起算；逾期不补正视为放弃
 *   第三十一条  收到申请的时间：（一）当面提交 （二）邮寄 （三）互联网渠道、传真
 *   第三十二条  第三方：收到征求意见书之日起15个工作日内提出意见
 *   第三十三条  第二款 20个工作日；延长经负责人同意，最长不超过20个工作日
 *              第三款 征求第三方和其他机关意见所需时间不计算在期限内
 *   第三十四条  两个以上行政机关共同制作：被征求意见机关15个工作日，逾期视为同意
 *   第四十九条  第一款 部门1月31日前；第二款 主管部门3月31日前公布本级政府的年度报告
 *
 * and, outside the Regulation, 预算法第十四条第二款 (20 days from the 批复), the
 * 双公示 requirement (7 working days from the decision) and 民法典第二百零三条
 * (a period's last day on a holiday moves to the next working day).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClockResult } from '../src/features/calendar/clock-kit.js';
import { officialCalendar } from '../src/features/calendar/seed-data.js';
import { annualReportClock } from '../src/features/catalog/annual-report.clock.js';
import { mailboxClock } from '../src/features/mailbox/mailbox.clock.js';
import { publicationClock } from '../src/features/publications/publication.clock.js';
import { periodRuleOf } from '../src/features/publications/publication.periods.js';
import { type RequestEvent, requestReplyClock } from '../src/features/requests/request.clock.js';

const cal = officialCalendar();
const ARTICLE = /(?:《[^》]+》)?第[一二三四五六七八九十百零]+条(?:第[一二三四五六七八九十]+款)?(?:第[一二三四五六七八九十]+项)?/g;

/** The citations in one line, in order. */
const cited = (line: string): string[] => line.match(ARTICLE) ?? [];

/** The citations of the one line (explanation or issue) that matches `about`. */
function citesOf(r: ClockResult<unknown>, about: RegExp): string[] {
  const lines = [...r.explanation, ...r.issues.map((i) => i.message)].filter((l) => about.test(l));
  assert.equal(lines.length, 1, `exactly one line about ${about}: ${JSON.stringify([...r.explanation, ...r.issues.map((i) => i.message)])}`);
  return cited(lines[0]!);
}

const REG = '《中华人民共和国政府信息公开条例》';

describe('publication clock citations', () => {
  it('Art. 26 for the default rule', () => {
    const r = publicationClock(cal, [{ type: 'formed', date: '2026-03-02' }]);
    assert.deepEqual(citesOf(r, /形成/), [`${REG}第二十六条`]);
    assert.deepEqual(citesOf(publicationClock(cal, []), /未起算/), [`${REG}第二十六条`]);
  });

  it('预算法 Art. 14 ¶2 for budgets, with Art. 26 deferring to it, and 民法典 Art. 203 for a holiday end', () => {
    const rule = periodRuleOf('art20_07');
    const r = publicationClock(cal, [{ type: 'approved', date: '2026-09-12' }], { rule });
    assert.deepEqual(citesOf(r, /批复/), ['《中华人民共和国预算法》第十四条第二款', `${REG}第二十六条`]);
    assert.deepEqual(citesOf(r, /顺延/), ['《中华人民共和国民法典》第二百零三条']);
    assert.deepEqual(citesOf(publicationClock(cal, [], { rule }), /批复日期/), ['《中华人民共和国预算法》第十四条第二款', `${REG}第二十六条`]);
  });

  it('双公示 (not an article) for 许可/处罚 decisions, with Art. 26 deferring to it', () => {
    const r = publicationClock(cal, [{ type: 'decided', date: '2026-03-02' }], { rule: periodRuleOf('art20_06') });
    assert.deepEqual(citesOf(r, /作出/), [`${REG}第二十六条`]);
    assert.match(r.explanation[0]!, /行政许可、行政处罚信息“双公示”要求/);
  });
});

describe('request reply clock citations', () => {
  const receivedBy = (e: RequestEvent) => requestReplyClock(cal, [e]);

  it('Art. 31 items for the day of receipt, Art. 33 ¶2 for the 20 working days', () => {
    assert.deepEqual(citesOf(receivedBy({ type: 'received', channel: 'in_person', date: '2026-03-02' }), /收到申请之日为/), ['第三十一条第一项']);
    assert.deepEqual(citesOf(receivedBy({ type: 'received', channel: 'post', date: '2026-03-02', signedDate: '2026-03-03' }), /收到申请之日为/), ['第三十一条第二项']);
    assert.deepEqual(citesOf(receivedBy({ type: 'received', channel: 'post', date: '2026-03-02', confirmedDate: '2026-03-03' }), /收到申请之日为/), ['第三十一条第二项']);
    assert.deepEqual(citesOf(receivedBy({ type: 'received', channel: 'online', date: '2026-03-02', confirmedDate: '2026-03-02' }), /收到申请之日为/), ['第三十一条第三项']);
    assert.deepEqual(citesOf(receivedBy({ type: 'received', channel: 'fax', date: '2026-03-02', confirmedDate: '2026-03-02' }), /收到申请之日为/), ['第三十一条第三项']);
    assert.deepEqual(citesOf(receivedBy({ type: 'received', channel: 'in_person', date: '2026-03-02' }), /答复期限为20个工作日/), ['第三十三条第二款']);
  });

  it('Art. 30 for 补正: the notice, a late or repeated notice, and an expired correction period', () => {
    const r = requestReplyClock(
      cal,
      [
        { type: 'received', channel: 'in_person', date: '2026-03-02' },
        { type: 'correction_requested', date: '2026-03-20', dueDate: '2026-03-27' },
        { type: 'correction_requested', date: '2026-03-23', dueDate: '2026-03-30' },
      ],
      { today: '2026-04-10' },
    );
    assert.deepEqual(citesOf(r, /2026年3月20日发出补正通知/), ['第三十条']);
    assert.deepEqual(citesOf(r, /晚于收到申请后7个工作日/), ['第三十条']);
    assert.deepEqual(citesOf(r, /一次性告知/), ['第三十条']);
    assert.deepEqual(citesOf(r, /视为放弃申请/), ['第三十条']);
  });

  it('Art. 32 for a third party and Art. 34 for another agency, each with Art. 33 ¶3 for the time left out', () => {
    const consult = (party: 'third_party' | 'agency', answered: boolean) =>
      requestReplyClock(cal, [
        { type: 'received', channel: 'in_person', date: '2026-03-02' },
        { type: 'consultation_sent', date: '2026-03-04', party, deliveredDate: '2026-03-05' },
        ...(answered ? [{ type: 'consultation_answered', date: '2026-03-10', party } as const] : []),
      ]);
    for (const answered of [true, false]) {
      assert.deepEqual(citesOf(consult('third_party', answered), /征求意见函/), ['第三十二条', '第三十三条第三款']);
      assert.deepEqual(citesOf(consult('agency', answered), /征求意见函/), ['第三十四条', '第三十三条第三款']);
    }
  });

  it('Art. 33 ¶2 for an extension, and for refusing one without approval or beyond 20 working days', () => {
    const r = requestReplyClock(cal, [
      { type: 'received', channel: 'in_person', date: '2026-03-02' },
      { type: 'extension', date: '2026-03-20', days: 15, approver: '办公室主任' },
      { type: 'extension', date: '2026-03-23', days: 3, approver: '' },
      { type: 'extension', date: '2026-03-24', days: 10, approver: '办公室主任' },
    ]);
    assert.deepEqual(citesOf(r, /同意，延长答复期限/), ['第三十三条第二款']);
    assert.deepEqual(citesOf(r, /没有记录同意的负责人/), ['第三十三条第二款']);
    assert.deepEqual(citesOf(r, /超过最长20个工作日/), ['第三十三条第二款']);
  });

  it('the fee pause is a platform setting and cites no article', () => {
    const r = requestReplyClock(cal, [
      { type: 'received', channel: 'in_person', date: '2026-03-02' },
      { type: 'fee_notice_received', date: '2026-03-04' },
    ]);
    assert.deepEqual(citesOf(r, /收费通知/), []);
  });
});

describe('annual report clock citations', () => {
  it('Art. 49 ¶1 for departments, ¶2 (the 主管部门) for a government', () => {
    const dept = annualReportClock(2025, 'department', []);
    assert.deepEqual(cited(dept.explanation[0]!), ['第四十九条第一款']);
    assert.match(dept.explanation[0]!, /^县级以上人民政府部门应于每年1月31日前/);
    const gov = annualReportClock(2025, 'government', []);
    assert.deepEqual(cited(gov.explanation[0]!), ['第四十九条第二款']);
    assert.match(gov.explanation[0]!, /^县级以上地方人民政府的政府信息公开工作主管部门应于每年3月31日前向社会公布本级政府/);
  });
});

describe('mailbox clock', () => {
  it('cites no article of the Regulation: its period is the platform’s own setting', () => {
    for (const kind of ['consultation', 'complaint'] as const) {
      const r = mailboxClock(cal, [{ type: 'received', date: '2026-03-02', kind }]);
      assert.ok(r.explanation.length > 0);
      for (const line of r.explanation) assert.deepEqual(cited(line), [], line);
    }
  });
});
