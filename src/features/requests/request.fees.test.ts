import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  FEE_METHODS,
  FEE_METHOD_KEYS,
  FEE_STANDARD_TEXT,
  MAX_FEE_QUANTITY,
  feeBreakdown,
  feeByCount,
  feeByCountTotal,
  feeByPages,
} from './request.fees.js';

/** The rule of Art. 4 written out the slow way, application by application. */
function slowCountRate(n: number): number {
  if (n <= 10) return 0;
  if (n <= 30) return 100;
  let rate = 200;
  for (let top = 40; n > top; top += 10) rate += 100;
  return rate;
}

describe('按件计收 (Art. 4)', () => {
  it('charges the month\'s n-th application at its band', () => {
    // feeByCount(prior) is the fee for application prior + 1.
    const table: [number, number][] = [
      [0, 0],
      [9, 0], // the 10th
      [10, 100], // the 11th
      [29, 100], // the 30th
      [30, 200], // the 31st
      [39, 200], // the 40th
      [40, 300], // the 41st
      [49, 300],
      [50, 400],
      [99, 800], // the 100th: 91–100
      [100, 900],
    ];
    for (const [prior, fee] of table) assert.equal(feeByCount(prior), fee, `prior ${prior}`);
  });

  it('totals a month: 35 applications cost 3000 元 (20×100 + 5×200)', () => {
    assert.equal(feeByCountTotal(35), 3000);
    const table: [number, number][] = [
      [0, 0],
      [1, 0],
      [10, 0],
      [11, 100],
      [30, 2000],
      [31, 2200],
      [40, 4000],
      [41, 4300],
      [50, 7000],
      [60, 11000],
    ];
    for (const [n, total] of table) assert.equal(feeByCountTotal(n), total, `${n} applications`);
  });

  it('the total equals the sum of each application\'s fee, and is monotone and marginal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), (n) => {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += feeByCount(k);
        assert.equal(feeByCountTotal(n), sum);
        // Marginal: one more application adds exactly its own fee, which never falls.
        assert.equal(feeByCountTotal(n + 1) - feeByCountTotal(n), feeByCount(n));
        assert.ok(feeByCount(n + 1) >= feeByCount(n));
        assert.equal(feeByCount(n), slowCountRate(n + 1));
      }),
    );
  });

  it('stays exact for very large months', () => {
    const n = MAX_FEE_QUANTITY;
    const total = feeByCountTotal(n);
    assert.ok(Number.isSafeInteger(total));
    assert.equal(total - feeByCountTotal(n - 1), feeByCount(n - 1));
  });
});

describe('按量计收 (Art. 5)', () => {
  it('250 pages cost 4700 元 (70×10 + 100×20 + 50×40)', () => {
    assert.equal(feeByPages(250), 4700);
  });

  it('prices the band boundaries', () => {
    const table: [number, number][] = [
      [0, 0],
      [1, 0],
      [30, 0],
      [31, 10],
      [100, 700],
      [101, 720],
      [200, 2700],
      [201, 2740],
    ];
    for (const [pages, fee] of table) assert.equal(feeByPages(pages), fee, `${pages} pages`);
  });

  it('is monotone and marginal: each page costs its band\'s rate', () => {
    const rate = (page: number) => (page <= 30 ? 0 : page <= 100 ? 10 : page <= 200 ? 20 : 40);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (p) => {
        assert.equal(feeByPages(p + 1) - feeByPages(p), rate(p + 1));
      }),
    );
    let sum = 0;
    for (let p = 1; p <= 500; p++) {
      sum += rate(p);
      assert.equal(feeByPages(p), sum, `${p} pages`);
    }
  });
});

describe('input checks', () => {
  it('refuses negative, fractional and non-numeric input, naming it', () => {
    for (const v of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3' as unknown as number]) {
      assert.throws(() => feeByCount(v), /priorApplicationsThisMonth must be a non-negative integer/);
      assert.throws(() => feeByCountTotal(v), /applications must be a non-negative integer/);
      assert.throws(() => feeByPages(v), /pages must be a non-negative integer/);
      assert.throws(() => feeBreakdown('by_pages', v), /quantity must be a non-negative integer/);
      assert.throws(() => feeBreakdown('by_count', 1, v), /prior must be a non-negative integer/);
    }
    assert.throws(() => feeByPages(MAX_FEE_QUANTITY + 1), /pages must be at most/);
    assert.throws(() => feeBreakdown('by_count', MAX_FEE_QUANTITY, 1), /prior \+ quantity must be at most/);
    assert.throws(() => feeBreakdown('by_weight' as 'by_count', 1), /method must be one of by_count, by_pages/);
    assert.throws(() => feeBreakdown('by_pages', 10, 3), /prior applies only to by_count/);
  });
});

describe('feeBreakdown: the fee notice', () => {
  it('explains one application that falls in the 200 元 band', () => {
    const b = feeBreakdown('by_count', 1, 34);
    assert.equal(b.amount, 200);
    assert.deepEqual(b.lines, [{ from: 35, to: 35, rate: 200, count: 1, subtotal: 200 }]);
    assert.equal(b.explanation[0], '收费依据：《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）第四条，按件计收。');
    assert.match(b.explanation[1]!, /^收费标准：同一申请人一个自然月内累计申请10件以下（含10件）的，不收费/);
    assert.equal(b.explanation[2], '申请人本自然月内此前已提出34件申请，本次1件为本月第35件。');
    assert.equal(b.explanation[3], '第35件：按200元/件计，1件，200元。');
    assert.equal(b.explanation.at(-1), '合计：200元。');
  });

  it('splits a month of 35 applications at the bands', () => {
    const b = feeBreakdown('by_count', 35);
    assert.equal(b.amount, 3000);
    assert.deepEqual(b.lines, [
      { from: 1, to: 10, rate: 0, count: 10, subtotal: 0 },
      { from: 11, to: 30, rate: 100, count: 20, subtotal: 2000 },
      { from: 31, to: 35, rate: 200, count: 5, subtotal: 1000 },
    ]);
    assert.deepEqual(b.explanation.slice(2), [
      '申请人本自然月内此前已提出0件申请，本次35件为本月第1—35件。',
      '第1—10件：免费。',
      '第11—30件：按100元/件计，20件，2000元。',
      '第31—35件：按200元/件计，5件，1000元。',
      '合计：3000元。',
    ]);
  });

  it('explains 250 pages', () => {
    const b = feeBreakdown('by_pages', 250);
    assert.equal(b.method, 'by_pages');
    assert.equal(b.amount, 4700);
    assert.deepEqual(
      b.lines.map((l) => [l.from, l.to, l.rate, l.count, l.subtotal]),
      [
        [1, 30, 0, 30, 0],
        [31, 100, 10, 70, 700],
        [101, 200, 20, 100, 2000],
        [201, 250, 40, 50, 2000],
      ],
    );
    assert.equal(b.explanation[0], '收费依据：《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）第五条，按量计收。');
    assert.ok(b.explanation.includes('本次申请提供的政府信息共250页。'));
    assert.ok(b.explanation.includes('第201—250页：按40元/页计，50页，2000元。'));
    assert.equal(b.explanation.at(-1), '合计：4700元。');
  });

  it('says so when nothing is due', () => {
    for (const b of [feeBreakdown('by_count', 1, 3), feeBreakdown('by_pages', 30), feeBreakdown('by_pages', 0), feeBreakdown('by_count', 0, 50)]) {
      assert.equal(b.amount, 0);
      assert.equal(b.explanation.at(-1), '合计：不收取信息处理费。');
    }
    assert.deepEqual(feeBreakdown('by_count', 0, 50).lines, []);
  });

  it('agrees with the totals; its lines are contiguous and each sums right', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), (prior, quantity) => {
        const c = feeBreakdown('by_count', quantity, prior);
        assert.equal(c.amount, feeByCountTotal(prior + quantity) - feeByCountTotal(prior));
        const p = feeBreakdown('by_pages', quantity);
        assert.equal(p.amount, feeByPages(quantity));
        for (const [b, first] of [
          [c, prior + 1],
          [p, 1],
        ] as const) {
          let next = first;
          for (const l of b.lines) {
            assert.equal(l.from, next);
            assert.equal(l.count, l.to - l.from + 1);
            assert.equal(l.subtotal, l.rate * l.count);
            next = l.to + 1;
          }
          assert.equal(next - first, quantity);
          assert.equal(b.lines.reduce((s, l) => s + l.subtotal, 0), b.amount);
        }
      }),
    );
  });
});

describe('the published standard', () => {
  it('labels both methods with their legal basis', () => {
    assert.deepEqual(FEE_METHOD_KEYS, ['by_count', 'by_pages']);
    assert.equal(FEE_METHODS.by_count.label, '按件计收');
    assert.equal(FEE_METHODS.by_pages.label, '按量计收');
    assert.match(FEE_METHODS.by_count.basis, /国办函〔2020〕109号）第四条$/);
    assert.match(FEE_METHODS.by_pages.basis, /国办函〔2020〕109号）第五条$/);
  });

  it('states both standards and that only one applies', () => {
    const text = FEE_STANDARD_TEXT.join('\n');
    for (const phrase of ['第四十二条', '超额累进', '不同时适用', '10件以下（含10件）的，不收费', '100元/件', '30页以下（含30页）的，不收费', '10元/页', '20元/页', '40元/页', '收费通知']) {
      assert.ok(text.includes(phrase), phrase);
    }
  });
});
