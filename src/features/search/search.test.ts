import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileQuery, coveringBigrams, documentFields, ftsMatch, gramsMatch, hanBigrams, identifierOf, phraseGrams, rankMatches, scriptReadings, synonymReadings, tsqueryLiteral } from './search.js';

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

describe('recall: bigrams, readings, identifiers', () => {
  it('indexes every Han bigram beside the words, once', () => {
    const f = documentFields({ title: '示例市老旧小区改造', documentNumber: '', keywords: '', summary: '', bodyText: '老旧小区，老旧小区', attachmentTexts: [] });
    for (const b of ['老旧', '旧小', '市老', '区改']) assert.ok(f.title.includes(b), b);
    assert.equal(f.body.filter((t) => t === '旧小').length, 1);
    // Folded as the index folds (character by character here, as for any text).
    assert.deepEqual(hanBigrams('政府資訊'), ['政府', '府资', '资讯']);
    assert.deepEqual(coveringBigrams('老旧小区'), ['老旧', '小区']);
    assert.deepEqual(coveringBigrams('发改局'), ['发改', '改局']);
    assert.deepEqual(coveringBigrams('局'), []);
  });

  it('a word matches its jieba words or its bigrams', () => {
    const r = compileQuery('老旧');
    assert.ok(r.ok);
    assert.equal(ftsMatch(r.query), '"老旧"');
    const s = compileQuery('市老旧小区');
    assert.ok(s.ok);
    // jieba's words as the text has them (市老旧/小区), or the bigrams of whatever else holds the run.
    assert.deepEqual(s.query.clauses, [[['市老旧', '小区'], ['市老', '旧小', '小区']]]);
  });

  it('reads traditional text plainly and with Taiwan vocabulary', () => {
    assert.deepEqual(scriptReadings('執行'), ['执行', '运行']);
    assert.deepEqual(scriptReadings('建立'), ['建立']);
    const r = compileQuery('"執行"');
    assert.ok(r.ok);
    assert.deepEqual(r.query.clauses, [[['执行'], ['运行']]]);
  });

  it('expands abbreviations both ways', () => {
    const list = [{ term: '发改', expansion: '发展和改革' }];
    assert.deepEqual(synonymReadings(['发改局'], list), ['发改局', '发展和改革局']);
    assert.deepEqual(synonymReadings(['发展和改革局'], list), ['发展和改革局', '发改局']);
    assert.deepEqual(synonymReadings(['财政局'], list), ['财政局']);
  });

  it('knows an exact 索引号 or whole 文号, and nothing less', () => {
    assert.deepEqual(identifierOf(' 11449900D000000133/2026-00041 '), { kind: 'index_number', value: '11449900D000000133/2026-00041' });
    for (const q of ['示发改〔2026〕12号', '示发改[2026]12号', '示发改(2026)12号', '示发改（2026）12号']) assert.deepEqual(identifierOf(q), { kind: 'document_number', key: '示发改〔2026〕12号' }, q);
    for (const q of ['〔2026〕12号', '关于 示发改〔2026〕12号', '11449900D000000133/2026', '老旧小区']) assert.equal(identifierOf(q), null, q);
  });
});
