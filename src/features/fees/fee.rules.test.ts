/** The fee lists' pure rules: which version stands on a date, dates in order, transitions, names, amounts, titles. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { announcementTitle, changeDateProblems, compareAmounts, inertCell, nameKey, parseAmount, statusOn, termsProblems, transitionProblem, upcoming, versionOn } from './fee.js';

describe('fee list rules', () => {
  test('the version standing on a date is the last to take effect by then; a later number wins a tie', () => {
    const vs = [
      { versionNo: 1, effectiveDate: '2026-01-01' },
      { versionNo: 2, effectiveDate: '2026-07-01' },
      { versionNo: 3, effectiveDate: '2026-07-01' },
    ];
    assert.equal(versionOn(vs, '2025-12-31' as never), undefined);
    assert.equal(versionOn(vs, '2026-06-30' as never)?.versionNo, 1);
    assert.equal(versionOn(vs, '2026-07-01' as never)?.versionNo, 3);
    assert.deepEqual(upcoming(vs, '2026-06-30' as never).map((v) => v.versionNo), [2, 3]);
  });

  test('dates: 成文 not after today, effective not before 成文 nor before the current version', () => {
    assert.deepEqual(changeDateProblems({ writtenDate: '2026-03-01', effectiveDate: '2026-03-01' }, '2026-03-01' as never, null), {});
    assert.match(changeDateProblems({ writtenDate: '2026-03-02', effectiveDate: '2026-03-05' }, '2026-03-01' as never, null).writtenDate!, /不能晚于今天/);
    assert.match(changeDateProblems({ writtenDate: '2026-03-01', effectiveDate: '2026-02-01' }, '2026-03-01' as never, null).effectiveDate!, /成文日期/);
    assert.match(changeDateProblems({ writtenDate: '2026-03-01', effectiveDate: '2026-03-01' }, '2026-03-01' as never, '2026-04-01' as never).effectiveDate!, /现行版本/);
    assert.ok(changeDateProblems({ writtenDate: '2026-13-01', effectiveDate: '' }, '2026-03-01' as never, null).effectiveDate);
  });

  test('validity: to not before from; long-term takes no end; an amount is a plain number with a unit', () => {
    assert.deepEqual(termsProblems({ validFrom: '2026-01-01', validTo: '', longTerm: true, amount: '', amountUnit: '' }), {});
    assert.ok(termsProblems({ validFrom: '2026-01-01', validTo: '2025-12-31', longTerm: false, amount: '', amountUnit: '' }).validTo);
    assert.ok(termsProblems({ validFrom: '2026-01-01', validTo: '2027-01-01', longTerm: true, amount: '', amountUnit: '' }).validTo);
    assert.ok(termsProblems({ validFrom: '2026-01-01', validTo: '', longTerm: true, amount: '10元', amountUnit: '元' }).amount);
    assert.ok(termsProblems({ validFrom: '2026-01-01', validTo: '', longTerm: true, amount: '10', amountUnit: '' }).amountUnit);
  });

  test('transitions: a stopped item is not amended, an abolished one may be restored', () => {
    assert.equal(transitionProblem('amend', 'active'), null);
    assert.match(transitionProblem('amend', 'stopped')!, /已停征，不能调整/);
    assert.equal(transitionProblem('abolish', 'stopped'), null);
    assert.equal(transitionProblem('restore', 'abolished'), null);
    assert.ok(transitionProblem('restore', 'active'));
    assert.ok(transitionProblem('add', 'active'));
    assert.ok(transitionProblem('stop', null));
  });

  test('names, amounts, cells and titles', () => {
    assert.equal(nameKey('居民用水价格（第一阶梯）'), nameKey('居民用水价格 (第一阶梯)'));
    assert.equal(parseAmount('0002.500'), '2.5');
    assert.equal(parseAmount('1,200'), '1200');
    assert.equal(parseAmount('-1'), null);
    assert.equal(compareAmounts('10', '9.99'), 1);
    assert.equal(compareAmounts(null, '1'), 1);
    assert.equal(inertCell('=1+1'), "'=1+1");
    assert.equal(inertCell('每件 10 元'), '每件 10 元');
    assert.equal(statusOn({ status: 'active', validTo: '2026-01-01' }, '2026-01-02' as never), '已过有效期');
    assert.equal(announcementTitle('admin_fee', 'amend', '考试考务费'), '关于调整考试考务费收费标准的公告');
    assert.equal(announcementTitle('price', 'amend', '居民生活用水价格'), '关于调整居民生活用水价格的公告');
    assert.equal(announcementTitle('admin_fee', 'stop', '房屋租赁登记备案手续费'), '关于停止征收房屋租赁登记备案手续费的公告');
  });
});
