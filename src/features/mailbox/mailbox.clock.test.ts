import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { officialCalendar } from '../calendar/seed-data.js';
import { mailboxClock } from './mailbox.clock.js';

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
