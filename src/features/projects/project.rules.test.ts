import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  approvalProblems,
  codeProblem,
  DEFAULT_CODE_PATTERN,
  formatInvestment,
  groupByLifecycle,
  normalizeCode,
  parseInvestment,
  patternProblem,
  planStatus,
  progressProblems,
  stageNoticeContent,
  staleness,
  sumInvestments,
} from './project.js';
import { PROJECT_LIFECYCLE, PROJECT_LIFECYCLE_ORDER } from './project.lifecycle.js';

describe('project code', () => {
  test('the default pattern takes the 24-character form and refuses others, naming the form', () => {
    assert.equal(DEFAULT_CODE_PATTERN.length, 24);
    assert.equal(codeProblem('2026-330102-48-01-000123', DEFAULT_CODE_PATTERN), null);
    for (const bad of ['2026-330102-48-01-00012', '2026330102-48-01-0001234', '2026-330102-48-01-00012a', '']) {
      const m = codeProblem(bad, DEFAULT_CODE_PATTERN);
      assert.ok(m?.includes('YYYY-XXXXXX-XX-XX-XXXXXX'), bad);
      assert.ok(m?.includes('24 位'));
    }
  });
  test('full-width digits and dashes typed in a Chinese input method are normalised', () => {
    assert.equal(normalizeCode(' ２０２６－３３０１０２－４８－０１－０００１２３ '), '2026-330102-48-01-000123');
    assert.equal(codeProblem(normalizeCode('２０２６—330102—48—01—000123'), DEFAULT_CODE_PATTERN), null);
  });
  test('a configured pattern replaces the default', () => {
    assert.equal(codeProblem('ZJ-2026-0001', 'XX-YYYY-YYYY'), null);
    assert.match(codeProblem('2026-330102-48-01-000123', 'XX-YYYY-YYYY')!, /XX-YYYY-YYYY/);
    assert.ok(patternProblem('abc'));
    assert.equal(patternProblem('YYYY-XXXXXX'), null);
  });
});

describe('investment in 万元', () => {
  test('parsed exactly, canonical, at most four decimals', () => {
    assert.equal(parseInvestment('12,500.50'), '12500.5');
    assert.equal(parseInvestment('００３８６０．２５'), '3860.25');
    assert.equal(parseInvestment('0.0001'), '0.0001');
    assert.equal(parseInvestment('1.23456'), null);
    assert.equal(parseInvestment('-5'), null);
    assert.equal(parseInvestment('1e5'), null);
  });
  test('sums are exact where floating point is not', () => {
    assert.equal(sumInvestments(['0.1', '0.2']), '0.3');
    assert.equal(sumInvestments(['999999999999.9999', '0.0001']), '1000000000000');
    assert.equal(formatInvestment('1234567.5'), '1,234,567.5');
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { maxLength: 20 }), (units) => {
        const text = units.map((u) => `${u / 10000n}.${String(u % 10000n).padStart(4, '0')}`);
        const canon = text.map((t) => parseInvestment(t)!);
        const expected = units.reduce((a, b) => a + b, 0n);
        const sum = sumInvestments(canon);
        const [i, f = ''] = sum.split('.');
        assert.equal(BigInt(i!) * 10000n + BigInt(f.padEnd(4, '0')), expected);
      }),
    );
  });
});

describe('progress entries', () => {
  test('a date after today (China date) is refused; today is fine', () => {
    assert.deepEqual(progressProblems({ date: '2026-06-15', percent: 40 }, '2026-06-15'), {});
    assert.match(progressProblems({ date: '2026-06-16', percent: 40 }, '2026-06-15').date!, /不能晚于今天（2026-06-15）/);
  });
  test('% done is an integer from 0 to 100', () => {
    assert.match(progressProblems({ date: '2026-01-01', percent: 101 }, '2026-06-15').percent!, /不能超过 100%/);
    assert.ok(progressProblems({ date: '2026-01-01', percent: -1 }, '2026-06-15').percent);
    assert.ok(progressProblems({ date: '2026-01-01', percent: 12.5 }, '2026-06-15').percent);
    assert.deepEqual(progressProblems({ date: '2026-01-01', percent: 100 }, '2026-06-15'), {});
  });
});

describe('approval-result elements (requirement 11)', () => {
  const base = { lifecycle: 'approval_result', approvalKind: 'approval', approvalResult: '同意', decidedOn: '2026-03-02', documentNumber: '示发改投资〔2026〕12号', decidingUnit: '示例市发展和改革局', projectName: '某项目', projectCode: '2026-330102-48-01-000123' };
  test('an approval needs 审批结果, 批复时间, 批复文号, 批复单位, 项目名称 and 项目统一代码', () => {
    assert.deepEqual(approvalProblems(base, DEFAULT_CODE_PATTERN, '2026-06-01'), {});
    const empty = approvalProblems({ ...base, approvalResult: '', decidedOn: null, documentNumber: '', decidingUnit: '', projectName: '', projectCode: '' }, DEFAULT_CODE_PATTERN, '2026-06-01');
    assert.deepEqual(Object.values(empty), ['请填写审批结果', '请填写批复时间', '请填写批复文号', '请填写批复单位', '请填写项目名称', '请填写项目统一代码']);
  });
  test('a filing needs 备案号, 备案时间, 备案单位, 项目名称 and 项目统一代码, and no 审批结果', () => {
    const filing = { ...base, approvalKind: 'filing', approvalResult: '' };
    assert.deepEqual(approvalProblems(filing, DEFAULT_CODE_PATTERN, '2026-06-01'), {});
    assert.deepEqual(Object.values(approvalProblems({ ...filing, documentNumber: '', decidedOn: null, decidingUnit: '' }, DEFAULT_CODE_PATTERN, '2026-06-01')), ['请填写备案时间', '请填写备案号', '请填写备案单位']);
  });
  test('the code must fit the pattern; the date cannot be ahead; other categories need nothing', () => {
    assert.match(approvalProblems({ ...base, projectCode: '12345' }, DEFAULT_CODE_PATTERN, '2026-06-01').projectCode!, /YYYY-XXXXXX-XX-XX-XXXXXX/);
    assert.ok(approvalProblems({ ...base, decidedOn: '2026-06-02' }, DEFAULT_CODE_PATTERN, '2026-06-01').decidedOn);
    assert.ok(approvalProblems({ ...base, approvalKind: '' }, DEFAULT_CODE_PATTERN, '2026-06-01').approvalKind);
    assert.deepEqual(approvalProblems({ ...base, lifecycle: 'tendering', projectCode: '' }, DEFAULT_CODE_PATTERN, '2026-06-01'), {});
  });
});

describe('grouping, alarms and the notice', () => {
  test('items group by the eight categories in lifecycle order, empty ones kept', () => {
    const groups = groupByLifecycle([{ lifecycle: 'completion', id: 1 }, { lifecycle: 'approval_result', id: 2 }]);
    assert.deepEqual(groups.map((g) => g.label), PROJECT_LIFECYCLE_ORDER.map((k) => PROJECT_LIFECYCLE[k].label));
    assert.equal(groups[0]!.label, '批准服务信息');
    assert.equal(groups[7]!.label, '竣工有关信息');
    assert.deepEqual(groups[1]!.items.map((i) => i.id), [2]);
    assert.equal(groups[2]!.items.length, 0);
  });
  test('a project alarms on the day the interval since its last entry (or registration) is reached', () => {
    const p = { status: 'under_construction', lastEntryDate: '2026-01-01', registeredOn: '2025-06-01' as const };
    assert.equal(staleness(p, '2026-03-31', 90).stale, false);
    assert.equal(staleness(p, '2026-04-01', 90).stale, true);
    assert.equal(staleness(p, '2026-04-01', 90).dueOn, '2026-04-01');
    assert.equal(staleness({ ...p, lastEntryDate: null }, '2025-08-30', 90).stale, true);
    assert.equal(staleness({ ...p, status: 'completed' }, '2027-01-01', 90).stale, false);
  });
  test('the plan is reminded 30 days ahead, overdue after its due date, quiet once published', () => {
    assert.equal(planStatus('2026-02-28', '03-31', false).state, 'ok');
    assert.equal(planStatus('2026-03-01', '03-31', false).state, 'upcoming');
    assert.equal(planStatus('2026-03-31', '03-31', false).state, 'upcoming');
    assert.equal(planStatus('2026-04-01', '03-31', false).state, 'overdue');
    assert.equal(planStatus('2026-04-01', '03-31', true).state, 'ok');
    assert.equal(planStatus('2026-04-01', '02-29', false).dueDate, '2026-03-01');
  });
  test("a stage's notice names the project, the stage's dates and its latest entry, and links the page", () => {
    const n = stageNoticeContent(
      { id: 7, agencyId: 3, name: '滨江路改造工程', code: '2026-330102-48-01-000123', owner: '示例市城投公司', investment: '12500.5', location: '滨江路', plannedStart: '2026-01-01', plannedEnd: '2027-06-30', status: 'under_construction' },
      { name: '主体施工', plannedStart: '2026-03-01', plannedEnd: '2026-12-31', actualStart: '2026-03-10', actualEnd: null, description: '' },
      [
        { entryDate: '2026-04-01', percent: 20, body: '路基完成' },
        { entryDate: '2026-05-01', percent: 35, body: '管网铺设过半' },
      ],
      { publicUrl: 'https://gk.example', agencySlug: 'fgj' },
    );
    assert.equal(n.pageUrl, 'https://gk.example/fgj/zdxm/7');
    assert.equal(n.agencyId, 3);
    assert.match(n.title, /滨江路改造工程（主体施工）/);
    assert.match(n.sections[0]!.text, /12,500.5 万元/);
    assert.match(n.sections[1]!.text, /实际时间：2026-03-10 至 —/);
    assert.match(n.sections[2]!.text, /2026-05-01，项目完成 35%/);
  });
});
