import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { chunkText, normalizeForSearch, segmentForFts, tokensForIndex, tokensForQuery } from './segment.js';

const REGULATION = '/work/shared/data/laws/行政法规/政府信息公开条例(2019-04-03).md';
const SAMPLE =
  '第一条 为了保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度，建设法治政府，' +
  '充分发挥政府信息对人民群众生产、生活和经济社会活动的服务作用，制定本条例。\n' +
  '第二条 本条例所称政府信息，是指行政机关在履行行政管理职能过程中制作或者获取的，以一定形式记录、保存的信息。';
const corpus = existsSync(REGULATION) ? readFileSync(REGULATION, 'utf8') : SAMPLE;

describe('tokensForIndex', () => {
  it('indexes words and their search-mode parts', () => {
    const t = tokensForIndex('国务院办公厅关于行政复议的通知；长江大桥，重庆市');
    for (const w of ['国务院', '办公厅', '国务院办公厅', '行政复议', '复议', '长江大桥', '大桥', '重庆', '重庆市']) {
      assert.ok(t.includes(w), w);
    }
  });

  it('drops punctuation and whitespace tokens', () => {
    const t = tokensForIndex('“政府信息”，（公开）！  \n— 2021 ');
    assert.deepEqual(t, ['政府', '信息', '公开', '2021']);
  });

  it('folds width, case and script', () => {
    assert.deepEqual(tokensForIndex('ＡＢＣ Report'), ['abc', 'report']);
    assert.deepEqual(tokensForIndex('政府資訊公開'), tokensForIndex('政府资讯公开'));
    assert.deepEqual(tokensForIndex('他承擔著責任'), tokensForIndex('他承担着责任'));
    assert.deepEqual(tokensForIndex('衞生'), tokensForIndex('卫生'));
  });

  it('keeps repeats for term frequency', () => {
    assert.deepEqual(tokensForIndex('公开，公开'), ['公开', '公开']);
  });
});

describe('tokensForQuery', () => {
  it('cuts in normal mode and removes repeats', () => {
    assert.deepEqual(tokensForQuery('政府信息公开 重庆 重庆'), ['政府', '信息', '公开', '重庆']);
  });

  it('reduces long words to parts that also match inside longer words', () => {
    const q = tokensForQuery('中华人民共和国');
    const index = new Set(tokensForIndex('中华人民共和国政府信息公开条例'));
    assert.ok(q.length > 1);
    for (const t of q) assert.ok(index.has(t), t);
  });

  it('only yields tokens the same sentence was indexed with', () => {
    const sentences = corpus.split(/[。；\n]/).filter((s) => s.trim() !== '');
    assert.ok(sentences.length > 5);
    for (const s of sentences) {
      const index = new Set(tokensForIndex(s));
      const missing = tokensForQuery(s).filter((t) => !index.has(t));
      assert.deepEqual(missing, [], s);
    }
  });

  it('matches traditional documents from simplified queries', () => {
    const index = new Set(tokensForIndex('政府資訊公開工作年度報告'));
    for (const t of tokensForQuery('资讯公开年度报告')) assert.ok(index.has(t), t);
  });
});

describe('segmentForFts', () => {
  it('joins the index tokens with single spaces', () => {
    assert.equal(segmentForFts('信息公开。'), tokensForIndex('信息公开。').join(' '));
    assert.equal(segmentForFts(''), '');
    assert.doesNotMatch(segmentForFts(corpus), /\s{2}|^\s|\s$/);
  });

  it('handles a megabyte of text with flat memory', () => {
    let big = '';
    while (big.length < 1_000_000) big += corpus;
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    const out = segmentForFts(big);
    const ms = performance.now() - started;
    const grewMb = (process.memoryUsage().heapUsed - before) / 1e6;
    assert.ok(out.length > big.length / 2, 'produced tokens for the whole input');
    assert.ok(out.endsWith(segmentForFts(corpus.slice(-200)).split(' ').at(-1)!), 'reached the end');
    assert.ok(ms < 20_000, `took ${Math.round(ms)} ms`);
    assert.ok(grewMb < 300, `heap grew ${Math.round(grewMb)} MB`);
  });
});

describe('chunkText', () => {
  it('splits into bounded pieces that join back to the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('政', '府', '。', '，', 'a', 'b', '1', ' ', '\n', '𠀀', '😀') }), fc.integer({ min: 4, max: 50 }), (s, max) => {
        const pieces = [...chunkText(s, max)];
        assert.equal(pieces.join(''), s);
        for (const p of pieces) {
          assert.ok(p.length > 0 && p.length <= max);
          const last = p.charCodeAt(p.length - 1);
          assert.ok(!(last >= 0xd800 && last <= 0xdbff), 'no split surrogate pair');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('prefers sentence ends', () => {
    assert.deepEqual([...chunkText('第一句话说完。第二，句。第三', 8)], ['第一句话说完。', '第二，句。第三']);
    assert.deepEqual([...chunkText('第一句话，说完了没有呢', 8)], ['第一句话，', '说完了没有呢']);
  });

  it('does not cut inside an ASCII word when it can avoid it', () => {
    assert.deepEqual([...chunkText('政府信息公开政府信息公开openGov', 16)], ['政府信息公开政府信息公开', 'openGov']);
    assert.deepEqual([...chunkText('政府信息公开 openGovernment', 12)], ['政府信息公开 ', 'openGovernme', 'nt']);
  });
});

describe('normalizeForSearch', () => {
  it('applies NFKC, script folding and lower case', () => {
    assert.equal(normalizeForSearch('ＧＯＶ 政府資訊 ①'), 'gov 政府资讯 1');
  });
});
