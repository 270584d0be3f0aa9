import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type IsoDate, fromDayNumber, toDayNumber } from '../../lib/dates.js';
import { CalendarError } from '../calendar/calendar.js';
import type { ClockResult } from '../calendar/clock-kit.js';
import { officialCalendar } from '../calendar/seed-data.js';
import { mailboxClock } from '../mailbox/mailbox.clock.js';
import { publicationClock } from '../publications/publication.clock.js';
import { type ClockIssueCode, type RequestEvent, requestReplyClock } from './request.clock.js';

const cal = officialCalendar();
const inPerson = (date: IsoDate): RequestEvent => ({ type: 'received', channel: 'in_person', date });
const issueCodes = (r: ClockResult<unknown>): ClockIssueCode[] => r.issues.map((i) => i.code as ClockIssueCode);

describe('request reply clock: receipt (Art. 31) and the 20 days (Art. 33)', () => {
  it('in person: 20 working days from the next day', () => {
    const r = requestReplyClock(cal, [inPerson('2026-09-15')]);
    assert.equal(r.deadline, '2026-10-19');
    assert.equal(r.state, 'running');
    assert.equal(r.derived.receiptDate, '2026-09-15');
    assert.equal(r.derived.correctionNoticeDue, '2026-09-23');
    assert.equal(r.derived.baseDeadline, '2026-10-19');
    assert.match(r.explanation[0]!, /收到申请之日为2026年9月15日：当面提交.*（第三十一条第一项）/);
    assert.ok(r.explanation.includes('答复期限届满日：2026年10月19日。'));
  });

  it('post counts from the signing day; unsigned ordinary mail from the confirmation', () => {
    const signed = requestReplyClock(cal, [{ type: 'received', channel: 'post', date: '2026-09-12', signedDate: '2026-09-15' }]);
    assert.deepEqual([signed.derived.receiptDate, signed.deadline], ['2026-09-15', '2026-10-19']);
    const ordinary = requestReplyClock(cal, [{ type: 'received', channel: 'post', date: '2026-09-12', confirmedDate: '2026-09-16' }]);
    assert.deepEqual([ordinary.derived.receiptDate, ordinary.deadline], ['2026-09-16', '2026-10-20']);
  });

  it('online and fax start only when both sides confirm', () => {
    const pending = requestReplyClock(cal, [
      { type: 'received', channel: 'online', date: '2026-09-15' },
      { type: 'replied', date: '2026-09-30' },
      { type: 'consultation_sent', date: '2026-09-17', party: 'third_party' },
    ]);
    assert.equal(pending.deadline, null);
    assert.deepEqual(issueCodes(pending), ['RECEIPT_UNCONFIRMED', 'EVENT_BEFORE_RECEIPT']);
    assert.equal(pending.state, 'met');

    const confirmed = requestReplyClock(cal, [{ type: 'received', channel: 'fax', date: '2026-09-15', confirmedDate: '2026-09-16' }]);
    assert.equal(confirmed.deadline, '2026-10-20');
    assert.match(confirmed.explanation[0]!, /双方确认之日/);
  });

  it('tracks overdue and remaining working days as of today', () => {
    const events = [inPerson('2026-09-15')];
    const mid = requestReplyClock(cal, events, { today: '2026-10-12' });
    assert.deepEqual([mid.state, mid.derived.remainingWorkdays, mid.derived.overdue], ['running', 5, false]);
    const last = requestReplyClock(cal, events, { today: '2026-10-19' });
    assert.deepEqual([last.state, last.derived.remainingWorkdays], ['running', 0]);
    const over = requestReplyClock(cal, events, { today: '2026-10-20' });
    assert.deepEqual([over.state, over.derived.overdue, over.deadline], ['overdue', true, '2026-10-19']);
  });

  it('judges the reply against the deadline', () => {
    const onTime = requestReplyClock(cal, [inPerson('2026-09-15'), { type: 'replied', date: '2026-10-19' }], { today: '2026-11-30' });
    assert.equal(onTime.state, 'met');
    const late = requestReplyClock(cal, [inPerson('2026-09-15'), { type: 'replied', date: '2026-10-21' }]);
    assert.equal(late.state, 'late');
    assert.match(late.explanation.at(-1)!, /超过期限2个工作日/);
  });

  it('reports duplicates and ignores them', () => {
    const r = requestReplyClock(cal, [
      inPerson('2026-09-15'),
      inPerson('2026-09-20'),
      { type: 'replied', date: '2026-10-01' },
      { type: 'replied', date: '2026-10-09' },
    ]);
    assert.equal(r.deadline, '2026-10-19');
    assert.deepEqual(issueCodes(r).sort(), ['DUPLICATE_RECEIPT', 'DUPLICATE_REPLY']);
  });
});

describe('request reply clock: 补正 (Art. 30)', () => {
  it('stops the clock until the corrected application arrives, then runs 20 fresh days', () => {
    const waiting = requestReplyClock(
      cal,
      [inPerson('2026-09-15'), { type: 'correction_requested', date: '2026-09-18', dueDate: '2026-10-09' }],
      { today: '2026-09-30' },
    );
    assert.deepEqual([waiting.deadline, waiting.state, waiting.derived.correctionDue], [null, 'awaiting_correction', '2026-10-09']);
    assert.deepEqual(waiting.issues, []);

    const expired = requestReplyClock(
      cal,
      [inPerson('2026-09-15'), { type: 'correction_requested', date: '2026-09-18', dueDate: '2026-10-09' }],
      { today: '2026-10-12' },
    );
    assert.deepEqual(issueCodes(expired), ['CORRECTION_PERIOD_EXPIRED']);
    assert.match(expired.issues[0]!.message, /视为放弃申请/);

    const resumed = requestReplyClock(cal, [
      inPerson('2026-09-15'),
      { type: 'correction_requested', date: '2026-09-18' },
      { type: 'correction_received', date: '2026-09-28' },
    ]);
    assert.equal(resumed.deadline, '2026-10-30');
    assert.equal(resumed.derived.periodStart, '2026-09-28');
    assert.equal(resumed.derived.receiptDate, '2026-09-15');
  });

  it('warns when the notice goes out after 7 working days, not on the 7th', () => {
    const onDay7 = requestReplyClock(cal, [inPerson('2026-09-15'), { type: 'correction_requested', date: '2026-09-23' }]);
    assert.deepEqual(onDay7.issues, []);
    const late = requestReplyClock(cal, [inPerson('2026-09-15'), { type: 'correction_requested', date: '2026-09-24' }]);
    assert.deepEqual(issueCodes(late), ['CORRECTION_NOTICE_LATE']);
    assert.match(late.issues[0]!.message, /2026年9月23日/);
  });

  it('warns about a second correction request and a correction nobody asked for', () => {
    const twice = requestReplyClock(cal, [
      inPerson('2026-09-15'),
      { type: 'correction_requested', date: '2026-09-16' },
      { type: 'correction_received', date: '2026-09-21' },
      { type: 'correction_requested', date: '2026-09-22' },
    ]);
    assert.deepEqual(issueCodes(twice), ['CORRECTION_REPEATED']);
    assert.equal(twice.state, 'awaiting_correction');
    const unasked = requestReplyClock(cal, [inPerson('2026-09-15'), { type: 'correction_received', date: '2026-09-28' }]);
    assert.deepEqual(issueCodes(unasked), ['CORRECTION_WITHOUT_REQUEST']);
    assert.equal(unasked.deadline, '2026-10-30');
  });
});

describe('request reply clock: consultations (Arts. 32–34)', () => {
  it('leaves out the working days after the letter through the answer day', () => {
    const r = requestReplyClock(cal, [
      inPerson('2026-09-15'),
      { type: 'consultation_sent', date: '2026-09-17', party: 'third_party' },
      { type: 'consultation_answered', date: '2026-09-24' },
    ]);
    assert.equal(r.deadline, '2026-10-27');
    assert.equal(r.derived.excludedWorkdays, 6);
    assert.deepEqual(r.derived.consultations, [
      { party: 'third_party', sent: '2026-09-17', delivered: null, answered: '2026-09-24', due: '2026-10-14', excludedWorkdays: 6 },
    ]);
    assert.ok(r.explanation.some((l) => /其间6个工作日不计入答复期限（第三十三条第三款）/.test(l)));
  });

  it('the third party’s 15 working days run from its receipt of the letter, days after it was sent (Art. 32)', () => {
    // Posted on 17 September, signed for on 22 September: the 15 days run from 22 September.
    const sentOnly = requestReplyClock(cal, [inPerson('2026-09-15'), { type: 'consultation_sent', date: '2026-09-17', party: 'third_party' }]);
    const delivered = requestReplyClock(cal, [
      inPerson('2026-09-15'),
      { type: 'consultation_sent', date: '2026-09-17', party: 'third_party', deliveredDate: '2026-09-22' },
    ]);
    assert.equal(sentOnly.derived.consultations[0]!.due, '2026-10-14');
    // 23, 24, 28, 29, 30 September (中秋 25–27), then 8, 9, 10 (补班), 12–16, 19, 20 October (国庆 1–7).
    assert.equal(delivered.derived.consultations[0]!.due, '2026-10-20');
    assert.equal(delivered.derived.consultations[0]!.delivered, '2026-09-22');
    // The pause runs from the sending to the end of the third party's period: four working days longer.
    assert.equal(delivered.derived.excludedWorkdays, sentOnly.derived.excludedWorkdays + 4);
    assert.ok(delivered.deadline! > sentOnly.deadline!);
    assert.match(delivered.explanation.find((l) => /征求意见函/.test(l))!, /2026年9月22日送达，第三方的15个工作日自送达之日起算至2026年10月20日（第三十二条）/);
    // Recording the delivery later, as its own event, gives the same result.
    const later = requestReplyClock(cal, [
      inPerson('2026-09-15'),
      { type: 'consultation_sent', date: '2026-09-17', party: 'third_party' },
      { type: 'consultation_delivered', date: '2026-09-22', party: 'third_party' },
    ]);
    assert.equal(later.deadline, delivered.deadline);
  });

  it('another agency consulted on joint information: Art. 34, and silence means consent', () => {
    const r = requestReplyClock(cal, [inPerson('2026-09-15'), { type: 'consultation_sent', date: '2026-09-17', party: 'agency' }], { today: '2026-09-21' });
    const line = r.explanation.find((l) => /征求意见函/.test(l))!;
    assert.match(line, /（第三十四条）/);
    assert.doesNotMatch(line, /第三十二条/);
    assert.match(line, /视为同意公开/);
  });

  it('without an answer, assumes the consultee’s full 15 working days; paused meanwhile', () => {
    const events = [inPerson('2026-09-15'), { type: 'consultation_sent', date: '2026-09-17', party: 'agency' } as const];
    const r = requestReplyClock(cal, events, { today: '2026-09-30' });
    assert.equal(r.deadline, '2026-11-09');
    assert.equal(r.state, 'paused');
    assert.equal(r.derived.remainingWorkdays, 18);
    assert.equal(r.derived.excludedWorkdays, 15);
    assert.match(r.explanation.find((l) => /征求意见/.test(l))!, /提前答复的，答复期限相应提前/);
    const resumed = requestReplyClock(cal, events, { today: '2026-10-15' });
    assert.equal(resumed.state, 'running');
  });

  it('caps a late answer at the consultee’s 15 working days', () => {
    const r = requestReplyClock(cal, [
      inPerson('2026-09-15'),
      { type: 'consultation_sent', date: '2026-09-17', party: 'third_party' },
      { type: 'consultation_answered', date: '2026-10-20' },
    ]);
    assert.equal(r.deadline, '2026-11-09');
    assert.ok(r.explanation.some((l) => /才答复/.test(l)));
  });

  it('counts overlapping consultations once', () => {
    const r = requestReplyClock(cal, [
      inPerson('2026-09-15'),
      { type: 'consultation_sent', date: '2026-09-17', party: 'third_party', id: 'a' },
      { type: 'consultation_sent', date: '2026-09-21', party: 'agency', id: 'b' },
      { type: 'consultation_answered', date: '2026-09-29', id: 'b' },
      { type: 'consultation_answered', date: '2026-09-24', id: 'a' },
    ]);
    assert.equal(r.deadline, '2026-10-29');
    assert.equal(r.derived.excludedWorkdays, 8);
    assert.deepEqual(
      r.derived.consultations.map((c) => [c.party, c.answered, c.excludedWorkdays]),
      [
        ['third_party', '2026-09-24', 6],
        ['agency', '2026-09-29', 5],
      ],
    );
  });

  it('flags answers that match no letter or precede it', () => {
    const r = requestReplyClock(cal, [
      inPerson('2026-09-15'),
      { type: 'consultation_answered', date: '2026-09-16', party: 'agency' },
      { type: 'consultation_sent', date: '2026-09-17', party: 'third_party', id: 'x' },
      { type: 'consultation_answered', date: '2026-09-16', id: 'x' },
    ]);
    assert.deepEqual(issueCodes(r).sort(), ['ANSWER_WITHOUT_CONSULTATION', 'ANSWER_WITHOUT_CONSULTATION']);
  });
});

describe('request reply clock: extensions (Art. 33 ¶2)', () => {
  const base = [inPerson('2026-09-15')];

  it('adds approved working days after the original deadline', () => {
    const r = requestReplyClock(cal, [...base, { type: 'extension', date: '2026-10-12', days: 10, approver: '李主任' }]);
    assert.equal(r.deadline, '2026-11-02');
    assert.equal(r.derived.baseDeadline, '2026-10-19');
    assert.equal(r.derived.extensionDays, 10);
    assert.ok(r.explanation.includes('2026年10月12日经李主任同意，延长答复期限10个工作日（第三十三条第二款）。'));
  });

  it('allows two extensions up to 20 in total, within the deadline then in force', () => {
    const r = requestReplyClock(cal, [
      ...base,
      { type: 'extension', date: '2026-10-12', days: 10, approver: '李主任' },
      { type: 'extension', date: '2026-11-02', days: 10, approver: '李主任' },
    ]);
    assert.equal(r.deadline, '2026-11-16');
    assert.deepEqual(r.issues, []);
  });

  it('rejects more than 20 days, alone or in total', () => {
    const one = requestReplyClock(cal, [...base, { type: 'extension', date: '2026-10-12', days: 21, approver: '李主任' }]);
    assert.deepEqual([one.deadline, issueCodes(one)], ['2026-10-19', ['EXTENSION_EXCEEDS_LIMIT']]);
    assert.equal(one.issues[0]!.severity, 'error');
    const two = requestReplyClock(cal, [
      ...base,
      { type: 'extension', date: '2026-10-12', days: 15, approver: '李主任' },
      { type: 'extension', date: '2026-10-30', days: 10, approver: '李主任' },
    ]);
    assert.deepEqual([two.deadline, issueCodes(two)], ['2026-11-09', ['EXTENSION_EXCEEDS_LIMIT']]);
    assert.match(two.issues[0]!.message, /累计25个工作日/);
  });

  it('rejects an extension decided after the deadline, unapproved, or not a positive whole number', () => {
    const cases: [RequestEvent, ClockIssueCode][] = [
      [{ type: 'extension', date: '2026-10-20', days: 10, approver: '李主任' }, 'EXTENSION_OUTSIDE_PERIOD'],
      [{ type: 'extension', date: '2026-10-12', days: 10, approver: ' ' }, 'EXTENSION_NOT_APPROVED'],
      [{ type: 'extension', date: '2026-10-12', days: 0, approver: '李主任' }, 'EXTENSION_INVALID'],
      [{ type: 'extension', date: '2026-10-12', days: 2.5, approver: '李主任' }, 'EXTENSION_INVALID'],
    ];
    for (const [ext, code] of cases) {
      const r = requestReplyClock(cal, [...base, ext]);
      assert.deepEqual([r.deadline, issueCodes(r)], ['2026-10-19', [code]], code);
    }
  });
});

describe('request reply clock: fees', () => {
  const events: RequestEvent[] = [
    inPerson('2026-03-02'),
    { type: 'fee_notice_received', date: '2026-03-10' },
    { type: 'fee_paid', date: '2026-03-17' },
  ];

  it('pauses from the notice through payment by default', () => {
    const r = requestReplyClock(cal, events);
    assert.equal(r.derived.feePaymentDue, '2026-04-08');
    assert.equal(r.derived.excludedWorkdays, 5);
    assert.equal(r.deadline, '2026-04-07');
    assert.ok(r.explanation.some((l) => /本平台设置：缴费期间暂停计算/.test(l)));
  });

  it('keeps running when the setting is off', () => {
    const r = requestReplyClock(cal, events, { feePausesReplyClock: false });
    assert.deepEqual([r.deadline, r.derived.excludedWorkdays], ['2026-03-30', 0]);
  });

  it('caps the pause at the payment window and treats non-payment as abandonment', () => {
    const unpaid = events.slice(0, 2);
    assert.equal(requestReplyClock(cal, unpaid).deadline, '2026-04-28');
    const r = requestReplyClock(cal, unpaid, { today: '2026-04-09' });
    assert.equal(r.state, 'abandoned');
    assert.deepEqual(issueCodes(r), ['FEE_UNPAID']);
  });

  it('warns about late payment and a payment without notice', () => {
    const late = requestReplyClock(cal, [...events.slice(0, 2), { type: 'fee_paid', date: '2026-04-10' }]);
    assert.deepEqual(issueCodes(late), ['FEE_PAID_LATE']);
    assert.equal(late.deadline, '2026-04-28');
    const stray = requestReplyClock(cal, [inPerson('2026-03-02'), { type: 'fee_paid', date: '2026-03-17' }]);
    assert.deepEqual([stray.deadline, issueCodes(stray)], ['2026-03-30', ['FEE_PAID_WITHOUT_NOTICE']]);
  });
});

describe('request reply clock: 补正, then a consultation, then an extension', () => {
  const events: RequestEvent[] = [
    inPerson('2026-09-01'),
    { type: 'correction_requested', date: '2026-09-03' },
    { type: 'correction_received', date: '2026-09-08' },
    { type: 'consultation_sent', date: '2026-09-10', party: 'third_party' },
    { type: 'consultation_answered', date: '2026-09-17' },
    { type: 'extension', date: '2026-10-16', days: 20, approver: '王主任' },
  ];

  it('restarts at the corrected receipt, skips the consultation, then extends', () => {
    const r = requestReplyClock(cal, events, { today: '2026-11-02' });
    assert.equal(r.derived.periodStart, '2026-09-08');
    assert.equal(r.derived.excludedWorkdays, 5);
    assert.equal(r.derived.baseDeadline, '2026-10-19');
    assert.equal(r.derived.extensionDays, 20);
    assert.equal(r.deadline, '2026-11-16');
    assert.equal(r.state, 'running');
    assert.equal(r.derived.remainingWorkdays, 10);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(r.explanation.slice(0, 4), [
      '收到申请之日为2026年9月1日：当面提交，以提交之日为收到申请之日（第三十一条第一项）。',
      '答复期限为20个工作日，自收到申请之日的次日起算（当日不计入）（第三十三条第二款）。',
      '2026年9月3日发出补正通知；答复期限停止计算，自收到补正后的申请之日重新起算（第三十条）。',
      '2026年9月8日收到补正后的申请，答复期限重新计算20个工作日。',
    ]);
  });

  it('gives the same result in any order', () => {
    const expected = requestReplyClock(cal, events, { today: '2026-11-02' });
    assert.deepEqual(requestReplyClock(cal, [...events].reverse(), { today: '2026-11-02' }), expected);
  });
});

describe('equivalent event lists give equal results', () => {
  const day = fc.integer({ min: toDayNumber('2026-08-20'), max: toDayNumber('2027-01-31') }).map(fromDayNumber);
  const maybeDay = fc.option(day, { nil: undefined });
  const strip = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  const event: fc.Arbitrary<RequestEvent> = fc.oneof(
    fc
      .record({
        type: fc.constant('received' as const),
        channel: fc.constantFrom('in_person', 'post', 'online', 'fax' as const),
        date: day,
        signedDate: maybeDay,
        confirmedDate: maybeDay,
      })
      .map(strip),
    fc.record({ type: fc.constant('correction_requested' as const), date: day, dueDate: maybeDay }).map(strip),
    fc.record({ type: fc.constant('correction_received' as const), date: day }),
    fc
      .record({
        type: fc.constant('consultation_sent' as const),
        date: day,
        party: fc.constantFrom('third_party', 'agency' as const),
        id: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
      })
      .map(strip),
    fc
      .record({
        type: fc.constant('consultation_answered' as const),
        date: day,
        id: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
        party: fc.option(fc.constantFrom('third_party', 'agency' as const), { nil: undefined }),
      })
      .map(strip),
    fc.record({
      type: fc.constant('extension' as const),
      date: day,
      days: fc.integer({ min: -1, max: 25 }),
      approver: fc.constantFrom('', '李主任', '王主任'),
    }),
    fc.record({ type: fc.constant('fee_notice_received' as const), date: day }),
    fc.record({ type: fc.constant('fee_paid' as const), date: day }),
    fc.record({ type: fc.constant('replied' as const), date: day }),
  );
  const withReceipt = fc
    .tuple(day, fc.array(event, { maxLength: 12 }))
    .map(([d, rest]): RequestEvent[] => [{ type: 'received', channel: 'in_person', date: d }, ...rest]);
  const permuted = withReceipt.chain((events) =>
    fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length })),
  );

  it('request clock: permutations change nothing, explanation included', () => {
    fc.assert(
      fc.property(permuted, fc.option(day, { nil: undefined }), fc.boolean(), ([a, b], today, feePauses) => {
        const opts = { ...(today ? { today } : {}), feePausesReplyClock: feePauses };
        assert.deepEqual(requestReplyClock(cal, b, opts), requestReplyClock(cal, a, opts));
      }),
      { numRuns: 500 },
    );
  });

  it('request clock: the deadline never depends on today', () => {
    fc.assert(
      fc.property(withReceipt, day, (events, today) => {
        assert.equal(requestReplyClock(cal, events, { today }).deadline, requestReplyClock(cal, events).deadline);
      }),
      { numRuns: 300 },
    );
  });

  it('publication clock: permutations change nothing', () => {
    const pubEvent = fc.record({ type: fc.constantFrom('formed', 'changed', 'published' as const), date: day });
    fc.assert(
      fc.property(
        fc.array(pubEvent, { maxLength: 8 }).chain((e) => fc.tuple(fc.constant(e), fc.shuffledSubarray(e, { minLength: e.length, maxLength: e.length }))),
        ([a, b]) => {
          assert.deepEqual(publicationClock(cal, b, { today: '2026-11-01' }), publicationClock(cal, a, { today: '2026-11-01' }));
        },
      ),
      { numRuns: 300 },
    );
  });
});
