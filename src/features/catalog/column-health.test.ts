import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IsoDate } from '../../lib/dates.js';
import type { Column } from './catalog.js';
import { annualReportStatus, columnClassOf, columnHealth, siteHealth, warningDays, type ColumnStats } from './column-health.js';

let nextId = 1;
function col(category: string, extra: Partial<Column> = {}): Column {
  const id = nextId++;
  return {
    id,
    agencyId: 1,
    key: `${category}-${id}`,
    parentId: null,
    kind: 'list',
    category: category as Column['category'],
    name: category,
    slug: `c${id}`,
    path: `c${id}`,
    article: '',
    fixed: false,
    hidden: false,
    hiddenReason: '',
    sortOrder: id,
    updateIntervalDays: null,
    emptyReason: '',
    version: 1,
    ...extra,
  };
}

/** An instant at 10:00 China time on a date. */
const at = (date: string) => `${date}T02:00:00.000Z`;
const stats = (date: string | null, count = 3): ColumnStats => ({ count: date ? count : 0, lastPublishedAt: date ? at(date) : null });
const today = '2026-11-26' as IsoDate;

describe('column classes and intervals', () => {
  it('expects news every 14 days, notices and policy every 180, the rest every 365', () => {
    assert.equal(columnClassOf('work_news'), 'news');
    assert.equal(columnClassOf('notices'), 'policy');
    assert.equal(columnClassOf('art20_01'), 'policy');
    assert.equal(columnClassOf('art20_07'), 'other');
    assert.equal(columnHealth(col('work_news'), stats('2026-11-20'), today).intervalDays, 14);
    assert.equal(columnHealth(col('notices'), stats('2026-11-20'), today).intervalDays, 180);
    assert.equal(columnHealth(col('art20_07'), stats('2026-11-20'), today).intervalDays, 365);
    assert.equal(columnHealth(col('work_news', { updateIntervalDays: 7 }), stats('2026-11-20'), today).intervalDays, 7, 'per-column setting wins');
  });
});

describe('the health of one column', () => {
  it('is stale on the day after its interval, due soon within the warning window, ok before', () => {
    const news = col('work_news');
    // Published 14 days ago: the last day in time.
    assert.equal(columnHealth(news, stats('2026-11-12'), today).state, 'due_soon');
    assert.equal(columnHealth(news, stats('2026-11-12'), today).dueDate, '2026-11-26');
    assert.equal(columnHealth(news, stats('2026-11-11'), today).state, 'stale');
    assert.equal(columnHealth(news, stats('2026-11-11'), today).idleDays, 15);
    assert.equal(warningDays(14), 3);
    assert.equal(columnHealth(news, stats('2026-11-15'), today).state, 'due_soon', '11 days idle, 3 left');
    assert.equal(columnHealth(news, stats('2026-11-16'), today).state, 'ok', '10 days idle, 4 left');
  });

  it('uses the China date of the last publication', () => {
    // 2026-11-11 17:00 UTC is 2026-11-12 01:00 in China: still in time on 11-26.
    const h = columnHealth(col('work_news'), { count: 1, lastPublishedAt: '2026-11-11T17:00:00.000Z' }, today);
    assert.equal(h.lastPublishedDate, '2026-11-12');
    assert.notEqual(h.state, 'stale');
  });

  it('calls a column without items blank, and a hidden column hidden whatever its content', () => {
    assert.equal(columnHealth(col('art20_14'), stats(null), today).state, 'blank');
    assert.equal(columnHealth(col('art20_14', { hidden: true }), stats(null), today).state, 'hidden');
  });
});

describe('site alarms (2019 检查指标)', () => {
  it('fires at 5 stale news/policy columns, not at 4', () => {
    const cols = [col('work_news'), col('notices'), col('policy_interpretation'), col('art20_01'), col('work_news')];
    const s = new Map(cols.map((c) => [c.category!, stats('2025-01-01')]));
    const four = siteHealth(cols.slice(0, 4), s, today);
    assert.equal(four.counts.stale, 4);
    assert.equal(four.alarms.stale, false);
    assert.equal(four.warnings.stale, true, 'one short of the veto line');
    // The fifth column shares a category with the first: health is by column, not by category.
    const five = siteHealth(cols, s, today);
    assert.equal(five.counts.stale, 5);
    assert.equal(five.alarms.stale, true);
  });

  it('counts long-idle other columns apart, alarming at 10', () => {
    const cols = Array.from({ length: 10 }, () => col('art20_07'));
    const s = new Map([['art20_07', stats('2024-06-01')]]);
    const h = siteHealth(cols, s, today);
    assert.equal(h.counts.longIdle, 10);
    assert.equal(h.counts.stale, 0);
    assert.equal(h.alarms.longIdle, true);
    assert.equal(siteHealth(cols.slice(1), s, today).alarms.longIdle, false);
  });

  it('fires at 5 blank columns and ignores hidden ones and pages that list nothing', () => {
    const blank = ['art20_10', 'art20_12', 'art20_13', 'art20_14', 'art21_municipal'].map((c) => col(c));
    const hidden = col('art21_public_security', { hidden: true, hiddenReason: '不承担治安管理职能' });
    const guide = col('x', { kind: 'guide', category: null });
    const h = siteHealth([...blank, hidden, guide], new Map(), today);
    assert.equal(h.counts.blank, 5);
    assert.equal(h.alarms.blank, true);
    assert.equal(h.columns.length, 6, 'the guide page is not monitored');
    assert.equal(siteHealth([...blank.slice(1), hidden], new Map(), today).alarms.blank, false);
  });

  it('takes thresholds as a setting', () => {
    const cols = [col('work_news'), col('notices')];
    const s = new Map(cols.map((c) => [c.category!, stats('2025-01-01')]));
    assert.equal(siteHealth(cols, s, today, { stale: 2, longIdle: 10, blank: 5 }).alarms.stale, true);
  });
});

describe('annual report alert (Art. 49)', () => {
  it('for a department: nothing in December, upcoming in January, due on 31 January, overdue from 1 February', () => {
    assert.equal(annualReportStatus('department', [2024], '2025-12-20' as IsoDate).state, 'ok', '2024 is in; 2025 is not due yet');
    assert.equal(annualReportStatus('department', [2024], '2026-01-05' as IsoDate).state, 'upcoming');
    assert.equal(annualReportStatus('department', [], '2025-12-20' as IsoDate).state, 'overdue', 'the 2024 report is still missing');
    const due = annualReportStatus('department', [], '2026-01-31' as IsoDate);
    assert.equal(due.state, 'due_today');
    assert.equal(due.reportYear, 2025);
    assert.equal(due.dueDate, '2026-01-31');
    assert.match(due.message, /2025年度/);
    assert.equal(annualReportStatus('department', [], '2026-02-01' as IsoDate).state, 'overdue');
    assert.equal(annualReportStatus('township', [], '2026-02-01' as IsoDate).state, 'overdue', 'townships follow the department date');
  });

  it('for a government the date is 31 March', () => {
    assert.equal(annualReportStatus('government', [], '2026-02-01' as IsoDate).state, 'ok', 'not yet near for a government');
    assert.equal(annualReportStatus('government', [], '2026-03-05' as IsoDate).state, 'upcoming');
    assert.equal(annualReportStatus('government', [], '2026-03-31' as IsoDate).state, 'due_today');
    assert.equal(annualReportStatus('government', [], '2026-04-01' as IsoDate).state, 'overdue');
  });

  it('is quiet once last year’s report is published, and a report for another year does not count', () => {
    assert.equal(annualReportStatus('department', [2025], '2026-03-01' as IsoDate).state, 'ok');
    assert.equal(annualReportStatus('department', [2024, 2026], '2026-03-01' as IsoDate).state, 'overdue');
  });
});
