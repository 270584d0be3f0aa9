import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rubyHtml, toInitials, toPinyin, toPinyinPlain } from './pinyin.js';
import { tokenizeHtml } from './html.js';

describe('toPinyin', () => {
  const cases: Array<[string, string]> = [
    ['银行行长', 'yín háng háng zhǎng'],
    ['重庆', 'chóng qìng'],
    ['重要', 'zhòng yào'],
    ['了解', 'liǎo jiě'],
    ['年度报告', 'nián dù bào gào'],
    ['政府信息公开', 'zhèng fǔ xìn xī gōng kāi'],
    ['2021年度报告', '2021 nián dù bào gào'],
    ['ABC 银行', 'ABC yín háng'],
    ['', ''],
  ];
  for (const [input, expected] of cases) {
    it(`reads ${input || '(empty)'}`, () => assert.equal(toPinyin(input), expected));
  }

  it('reads traditional text as its simplified equivalent', () => {
    assert.equal(toPinyin('重慶銀行行長'), 'chóng qìng yín háng háng zhǎng');
  });
});

describe('toPinyinPlain', () => {
  it('drops tones, writes ü as v, lower-cases and drops punctuation', () => {
    assert.equal(toPinyinPlain('绿化、重庆'), 'lv hua chong qing');
    assert.equal(toPinyinPlain('女性'), 'nv xing');
    assert.equal(toPinyinPlain('ＡＢＣ银行（2021）'), 'abc yin hang 2021');
  });
});

describe('toInitials', () => {
  it('takes the first letter of each syllable', () => {
    assert.equal(toInitials('年度报告'), 'ndbg');
    assert.equal(toInitials('重庆市'), 'cqs');
    assert.equal(toInitials('2021年度报告（草案）'), '2021ndbgca');
  });
});

describe('rubyHtml', () => {
  const ruby = (c: string, p: string) => `<ruby>${c}<rp>(</rp><rt>${p}</rt><rp>)</rp></ruby>`;

  it('annotates Han characters with context-correct readings', () => {
    assert.equal(
      rubyHtml('<p>银行行长</p>'),
      `<p>${ruby('银', 'yín')}${ruby('行', 'háng')}${ruby('行', 'háng')}${ruby('长', 'zhǎng')}</p>`,
    );
  });

  it('can leave out the <rp> fallback', () => {
    assert.equal(rubyHtml('重要', { rp: false }), '<ruby>重<rt>zhòng</rt></ruby><ruby>要<rt>yào</rt></ruby>');
  });

  it('keeps non-Han text, entities, tags and attributes as they are', () => {
    const html = '<a href="/重庆/" title="银行">A&amp;B 重庆</a>';
    assert.equal(rubyHtml(html), `<a href="/重庆/" title="银行">A&amp;B ${ruby('重', 'chóng')}${ruby('庆', 'qìng')}</a>`);
  });

  it('does not annotate inside ruby, title, option, textarea, script, style or code', () => {
    const untouched =
      '<head><title>重庆</title><style>p:after{content:"重庆"}</style></head>' +
      '<ruby>重<rt>chóng</rt>庆<rt>qìng</rt></ruby><select><option>重要</option></select>' +
      '<textarea>重要</textarea><script>var a = "<b>重要</b>";</script><code>重要</code>' +
      '<span translate="no">重要</span>';
    assert.equal(rubyHtml(untouched), untouched);
  });

  it('produces ruby elements whose tags balance', () => {
    const out = rubyHtml('<div><p>政府<b>信息</b>公开</p><table><tr><td>年度报告</td></tr></table></div>');
    const depth = new Map<string, number>();
    for (const t of tokenizeHtml(out)) {
      if (t.kind === 'start') depth.set(t.name, (depth.get(t.name) ?? 0) + 1);
      if (t.kind === 'end') depth.set(t.name, (depth.get(t.name) ?? 0) - 1);
    }
    for (const [name, d] of depth) assert.equal(d, 0, name);
    assert.equal((out.match(/<ruby>/g) ?? []).length, 10);
  });
});
