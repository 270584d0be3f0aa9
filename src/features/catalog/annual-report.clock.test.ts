import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CalendarError } from '../calendar/calendar.js';
import { annualReportClock } from './annual-report.clock.js';


describe('annual report clock (Art. 49)', () => {
  it('is due on 31 January for departments, even on a Saturday', () => {
    const r = annualReportClock(2025, 'department', []);
    assert.equal(r.deadline, '2026-01-31');
    assert.equal(r.provisional, false);
    assert.match(r.explanation[0]!, /遇节假日不顺延/);
    assert.equal(annualReportClock(2025, 'department', [{ type: 'published', date: '2026-01-31' }]).state, 'met');
    assert.equal(annualReportClock(2025, 'department', [{ type: 'published', date: '2026-02-01' }]).state, 'late');
    assert.equal(annualReportClock(2025, 'department', [], { today: '2026-02-01' }).state, 'overdue');
  });

  it('is due on 31 March for a government, and ignores publication before the year ends', () => {
    assert.equal(annualReportClock(2025, 'government', []).deadline, '2026-03-31');
    const r = annualReportClock(2025, 'government', [{ type: 'published', date: '2025-12-30' }], { today: '2026-01-05' });
    assert.deepEqual([r.derived.publishedDate, r.state], [null, 'running']);
  });

  it('rejects a nonsense report year', () => {
    assert.throws(() => annualReportClock(25, 'department', []), CalendarError);
  });
});
