import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { officialCalendar } from '../calendar/seed-data.js';
import { mailboxAlarm, mailboxClock } from './mailbox.clock.js';

const cal = officialCalendar();

describe('mailbox clock', () => {
  it('uses the limit for the kind of letter', () => {
    const complaint = mailboxClock(cal, [{ type: 'received', date: '2026-09-15', kind: 'complaint' }]);
    assert.deepEqual([complaint.deadline, complaint.derived.limitDays], ['2026-10-12', 15]);
    assert.match(complaint.explanation[0]!, /投诉类来信.*15个工作日内答复/);
    const suggestion = mailboxClock(cal, [{ type: 'received', date: '2026-09-15', kind: 'suggestion' }]);
    assert.equal(suggestion.deadline, '2026-09-23');
  });

  it('takes configured limits and judges the reply', () => {
    const events = [
      { type: 'received', date: '2026-09-15', kind: 'complaint' },
      { type: 'replied', date: '2026-09-30' },
    ] as const;
    const r = mailboxClock(cal, events, { limits: { complaint: 10 } });
    assert.deepEqual([r.deadline, r.state], ['2026-09-29', 'late']);
    assert.equal(mailboxClock(cal, events).state, 'met');
    assert.equal(mailboxClock(cal, events.slice(0, 1), { today: '2026-10-13' }).state, 'overdue');
    assert.equal(mailboxClock(cal, []).state, 'not_started');
  });
});

describe('mailbox kinds and alarms', () => {
  it('has 领导信箱 and 网站纠错 with their defaults', () => {
    const lead = mailboxClock(cal, [{ type: 'received', date: '2026-09-15', kind: 'leader' }]);
    assert.equal(lead.derived.limitDays, 15);
    const err = mailboxClock(cal, [{ type: 'received', date: '2026-09-30', kind: 'site_error' }]);
    // 3 working days after 30 September skip the National Day week: 8, 9 and 10 October (a 调休 Saturday).
    assert.equal(err.deadline, '2026-10-10');
    assert.match(err.explanation[0]!, /网站纠错类来信/);
  });

  it('a deadline in a year without published holidays is provisional', () => {
    const r = mailboxClock(cal, [{ type: 'received', date: '2026-12-28', kind: 'complaint' }]);
    assert.equal(r.provisional, true);
  });

  it('warns before the due date and escalates at 30, 60 and 90 days unanswered', () => {
    const m = { receivedDate: '2026-09-01', dueDate: '2026-09-22', answered: false };
    assert.equal(mailboxAlarm(cal, m, '2026-09-10'), 'none');
    // Three working days ahead on the 18th (the 20th is a 调休 Sunday): not yet.
    assert.equal(mailboxAlarm(cal, m, '2026-09-18'), 'none');
    assert.equal(mailboxAlarm(cal, m, '2026-09-21'), 'due_soon');
    assert.equal(mailboxAlarm(cal, m, '2026-09-22'), 'due_soon');
    assert.equal(mailboxAlarm(cal, m, '2026-09-23'), 'overdue');
    assert.equal(mailboxAlarm(cal, m, '2026-10-01'), 'day30');
    assert.equal(mailboxAlarm(cal, m, '2026-10-31'), 'day60');
    assert.equal(mailboxAlarm(cal, m, '2026-11-30'), 'day90');
    assert.equal(mailboxAlarm(cal, { ...m, answered: true }, '2026-11-30'), 'none');
    // Thresholds are settings: 23 days after receipt passes a 20-day step.
    assert.equal(mailboxAlarm(cal, m, '2026-09-24', { warnWorkdays: 2, escalateDays: [10, 20, 30] }), 'day60');
  });
});
