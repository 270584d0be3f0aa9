import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  countPinyinAnnotations,
  isTonedPinyinSyllable,
  stripPinyinAnnotations,
} from './pinyin-annotations.js';

describe('stripPinyinAnnotations', () => {
  const removed: Array<[string, string]> = [
    ['領(lǐng)導(dǎo)', '領導'],
    ['網(wǎng)站', '網站'],
    ['發(fā)展', '發展'],
    ['重(zhòng)要', '重要'],
    ['银行(háng)行(háng)长(zhǎng)', '银行行长'],
    ['绿(lǜ)化', '绿化'],
    ['領（lǐng）導（dǎo）', '領導'],
    ['領(lǐng）導', '領導'],
    ['發(fɑ̄)展', '發展'],
    ['發(fa\u0304)展', '發展'],
    ['莊(zhuāng)', '莊'],
    ['嗯(ńg)', '嗯'],
    ['領(lǐng)(lìng)導', '領導'],
    ['政府信息公開(kāi)工作年度報(bào)告', '政府信息公開工作年度報告'],
  ];
  for (const [input, expected] of removed) {
    it(`removes the annotation in ${input}`, () => {
      assert.equal(stripPinyinAnnotations(input), expected);
    });
  }

  const kept = [
    '（一）',
    '第一章（一）总则',
    '(2017)',
    '条例(2019年修订)',
    '第(2)项',
    '附件(a)',
    '北京(Běijīng)',
    '了(le)',
    '单位(dān wèi)',
    'word(lǐng)',
    '函数(max)',
    '编号(ISO)',
    '计算(xiàngfǎ)',
    '发(xyz)',
    '办法(试行)',
    '数量(件)',
    '发(fā',
    '領(le)(dǎo)',
  ];
  for (const input of kept) {
    it(`keeps ${input}`, () => {
      assert.equal(stripPinyinAnnotations(input), input);
    });
  }

  it('counts what it removes', () => {
    assert.equal(countPinyinAnnotations('領(lǐng)導(dǎo)，北京(Běijīng)，了(le)'), 2);
    assert.equal(countPinyinAnnotations('（一）总则'), 0);
  });
});

describe('isTonedPinyinSyllable', () => {
  it('accepts one toned syllable and rejects the rest', () => {
    for (const s of ['lǐng', 'ā', 'lǜ', 'zhuàng', 'ér', 'ḿ', 'hng\u0300']) {
      assert.equal(isTonedPinyinSyllable(s), true, s);
    }
    for (const s of ['le', 'ling', 'lǐnglǐng', 'xiàngfǎ', 'bǐà', 'max', 'lǐx', 'ü']) {
      assert.equal(isTonedPinyinSyllable(s), false, s);
    }
  });
});

// Alphabet chosen to provoke the cleaner: Han characters, both bracket widths,
// pinyin letters with and without tones, digits and spaces.
const unit = fc.constantFrom(
  '領', '導', '发', '了', '（', '）', '(', ')', 'l', 'i', 'n', 'g', 'ǐ', 'á', 'a', 'e', 'zh', '2', ' ', 'A', '\u0304',
);
const messyText = fc.array(unit, { maxLength: 40 }).map((a) => a.join(''));
const HAN = /\p{Script=Han}/gu;
const hanOnly = (s: string) => (s.match(HAN) ?? []).join('');

describe('stripPinyinAnnotations properties', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(messyText, (s) => {
        const once = stripPinyinAnnotations(s);
        assert.equal(stripPinyinAnnotations(once), once);
      }),
      { numRuns: 2000 },
    );
  });

  it('never drops a Han character', () => {
    fc.assert(
      fc.property(messyText, (s) => {
        assert.equal(hanOnly(stripPinyinAnnotations(s)), hanOnly(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves text unchanged when no Han character is followed by a parenthesis', () => {
    fc.assert(
      fc.property(messyText, (s) => {
        fc.pre(!/\p{Script=Han}[(（]/u.test(s));
        assert.equal(stripPinyinAnnotations(s), s);
      }),
      { numRuns: 2000 },
    );
  });

  it('undoes an annotation inserted after any Han character', () => {
    fc.assert(
      fc.property(messyText, fc.nat(), fc.constantFrom('(lǐng)', '（dǎo）', '(wǎng)', '(fɑ̄)'), (s, at, ann) => {
        const hanIndexes = [...s.matchAll(HAN)].map((m) => m.index! + m[0].length);
        fc.pre(hanIndexes.length > 0);
        const i = hanIndexes[at % hanIndexes.length]!;
        const annotated = s.slice(0, i) + ann + s.slice(i);
        assert.equal(stripPinyinAnnotations(annotated), stripPinyinAnnotations(s));
      }),
      { numRuns: 2000 },
    );
  });
});
