import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { publicationClock } from './publication.clock.js';
import { officialCalendar } from '../calendar/seed-data.js';
import { CalendarError } from '../calendar/calendar.js';

const cal = officialCalendar();

describe('publication clock (Art. 26)', () => {
  it('runs 20 working days from formation', () => {
    const r = publicationClock(cal, [{ type: 'formed', date: '2026-09-15' }]);
    assert.equal(r.deadline, '2026-10-19');
    assert.equal(r.state, 'running');
    assert.equal(r.provisional, false);
    assert.match(r.explanation[0]!, /2026年9月15日形成.*20个工作日内公开（《中华人民共和国政府信息公开条例》第二十六条）/);
    assert.ok(r.explanation.some((l) => /国庆节/.test(l)));
  });

  it('counts the day of formation as day 1 under the same-day rule', () => {
    const r = publicationClock(cal, [{ type: 'formed', date: '2026-09-15' }], { startDay: 'same_day' });
    assert.equal(r.deadline, '2026-10-16');
  });

  it('restarts at the latest change; an earlier publication does not cover it', () => {
    const events = [
      { type: 'formed', date: '2026-09-01' },
      { type: 'published', date: '2026-09-10' },
      { type: 'changed', date: '2026-09-15' },
    ] as const;
    const r = publicationClock(cal, events, { today: '2026-10-20' });
    assert.equal(r.derived.startDate, '2026-09-15');
    assert.equal(r.derived.publishedDate, null);
    assert.equal(r.deadline, '2026-10-19');
    assert.equal(r.state, 'overdue');
    assert.equal(r.derived.overdue, true);
    assert.match(r.explanation[0]!, /变更/);
  });

  it('is met on the deadline and late a day after', () => {
    const formed = { type: 'formed', date: '2026-09-15' } as const;
    assert.equal(publicationClock(cal, [formed, { type: 'published', date: '2026-10-19' }]).state, 'met');
    assert.equal(publicationClock(cal, [formed, { type: 'published', date: '2026-10-20' }]).state, 'late');
  });

  it('has not started without a formation, and is provisional into 2027', () => {
    assert.equal(publicationClock(cal, []).state, 'not_started');
    const r = publicationClock(cal, [{ type: 'formed', date: '2026-12-15' }]);
    // 元旦 2027 is a statutory holiday even before the 2027 notice is entered.
    assert.deepEqual([r.deadline, r.provisional], ['2027-01-13', true]);
    assert.ok(r.explanation.some((l) => /2027年1月1日（元旦，暂按法定节假日推算）/.test(l)));
    assert.ok(r.explanation.some((l) => /2027年的节假日安排未录入.*调休安排尚未公布，按法定节假日推算/.test(l)));
  });

  it('rejects a malformed event date', () => {
    assert.throws(
      () => publicationClock(cal, [{ type: 'formed', date: '2026-09-31' }]),
      (e: unknown) => e instanceof CalendarError && e.code === 'INVALID_DATE',
    );
  });
});
