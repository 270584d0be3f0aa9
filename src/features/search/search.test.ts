import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileQuery, ftsMatch, gramsMatch, phraseGrams, rankMatches, tsqueryLiteral } from './search.js';

describe('phraseGrams', () => {
  it('covers a phrase with trigrams, one every three characters and the last', () => {
    assert.deepEqual(phraseGrams('政府信息公开'), ['政府信', '息公开']);
    assert.deepEqual(phraseGrams('应当自收到申请之日起'), ['应当自', '收到申', '请之日', '之日起']);
    assert.deepEqual(phraseGrams('〔2025〕12号'), ['〔20', '25〕', '12号']);
    assert.deepEqual(phraseGrams('公开'), []);
    assert.deepEqual(phraseGrams('𠀀𠀁𠀂'), ['𠀀𠀁𠀂'], 'code points, not UTF-16 units');
  });

  it('every trigram is in the phrase, every character is in a trigram, and there are at most twelve', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 3, maxLength: 200 }), (phrase) => {
        const cps = Array.from(phrase);
        const grams = phraseGrams(phrase);
        assert.ok(grams.length >= 1 && grams.length <= 12);
        for (const g of grams) {
          assert.equal(Array.from(g).length, 3);
          assert.ok(phrase.includes(g));
        }
        if (cps.length <= 36) {
          // Short enough to be covered whole: each position lies in a picked trigram.
          const covered = new Array(cps.length).fill(false);
          for (let i = 0; i + 3 <= cps.length; i++) if (grams.includes(cps.slice(i, i + 3).join(''))) covered.fill(true, i, i + 3);
          assert.ok(covered.every(Boolean));
        }
      }),
    );
  });
});

describe('compileQuery with phrases', () => {
  it('finds long phrases by trigrams and keeps their words for PostgreSQL', () => {
    const r = compileQuery('"政府信息公开"');
    assert.ok(r.ok);
    assert.deepEqual(r.query.clauses, []);
    assert.deepEqual(r.query.phrases, [['政府信息公开']]);
    assert.deepEqual(r.query.grams, [[['政府信', '息公开']]]);
    assert.deepEqual(r.query.phraseClauses, [[['政府', '信息', '公开']]]);
    assert.equal(gramsMatch(r.query), '("政府信" AND "息公开")');
    assert.equal(gramsMatch(r.query, true), '{head} : (("政府信" AND "息公开"))');
    assert.match(tsqueryLiteral(r.query), /'政府'/);
  });

  it('keeps two-character phrases and free words on the word index', () => {
    const r = compileQuery('"复议" 许可');
    assert.ok(r.ok);
    assert.deepEqual(r.query.grams, []);
    assert.equal(ftsMatch(r.query), '"复议" AND "许可"');
  });

  it('mixes words and phrases, and a 文号 is a phrase of its own', () => {
    const r = compileQuery('价格 示发改[2025]12号');
    assert.ok(r.ok);
    assert.deepEqual(r.query.documentNumbers, ['示发改〔2025〕12号']);
    assert.ok(r.query.grams.flat(2).includes('示发改'));
    assert.equal(ftsMatch(r.query), '"价格"');
  });

  it('a phrase of stop characters alone is still searchable', () => {
    const r = compileQuery('"的的的"');
    assert.ok(r.ok);
    assert.deepEqual(r.query.grams, [[['的的的']]]);
    assert.ok(tsqueryLiteral(r.query).length > 0);
  });
});

describe('rankMatches', () => {
  const row = (key: number, title: string, heading: string, documentNumberKey = '') => ({ key, title, heading, documentNumberKey });

  it('orders by own 文号, title words, phrases in the heading, heading words, then newest', () => {
    const r = compileQuery('价格 监督');
    assert.ok(r.ok);
    const rows = [
      row(9, '其他通知', '其他通知\n\n\n'),
      row(5, '价格工作通知', '价格工作通知\n\n\n'),
      row(3, '价格监督检查', '价格监督检查\n\n\n'),
      row(7, '关于监督的通知', '关于监督的通知\n\n价格\n'),
      row(8, '更新的其他通知', '更新的其他通知\n\n\n'),
    ];
    const keys = rankMatches(rows, r.query).map((x) => x.key);
    // Titles holding both words as typed first (3), then both in the heading (7), then one word (5), then none, newest first.
    assert.deepEqual(keys, [3, 7, 5, 9, 8]);
  });

  it('puts the item whose own 文号 it is first, and a phrase in the heading before one in the text', () => {
    const r = compileQuery('"监督检查工作" 示发改〔2025〕12号');
    assert.ok(r.ok);
    const keys = rankMatches(
      [
        row(30, '引用文件', '引用文件\n\n\n'),
        row(20, '监督检查工作方案', '监督检查工作方案\n\n\n'),
        row(10, '本文件', '本文件\n示发改〔2025〕12号\n\n', '示发改〔2025〕12号'),
      ],
      r.query,
    ).map((x) => x.key);
    assert.deepEqual(keys, [10, 20, 30]);
  });

  it('uses the title pinyin kept in the heading', () => {
    const r = compileQuery('ndbg');
    assert.ok(r.ok);
    const keys = rankMatches([row(2, '新闻', '新闻\n\n\nxin wen xw'), row(1, '年度报告', '年度报告\n\n\nniandubaogao ndbg')], r.query).map((x) => x.key);
    assert.deepEqual(keys, [1, 2]);
  });
});
