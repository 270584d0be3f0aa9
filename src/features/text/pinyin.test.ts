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

describe('toPinyin reads words, not characters', () => {
  // Each of these was read wrongly when pinyin-pro was handed the whole sentence, or
  // the character alone; the second column is the reading of 《现代汉语词典》.
  const inContext: Array<[string, string]> = [
    ['合同执行情况', 'hé tong zhí xíng qíng kuàng'],
    ['全市经济运行总体平稳', 'quán shì jīng jì yùn xíng zǒng tǐ píng wěn'],
    ['本行政机关不予公开', 'běn xíng zhèng jī guān bù yǔ gōng kāi'],
    ['本行政区域内', 'běn xíng zhèng qū yù nèi'],
    ['组织实施价格调控', 'zǔ zhī shí shī jià gé tiáo kòng'],
    ['政府的信息', 'zhèng fǔ de xìn xī'],
    ['目的的确定', 'mù dì de què dìng'],
    ['重置密码', 'chóng zhì mì mǎ'],
    ['本机关已经公开了该信息', 'běn jī guān yǐ jīng gōng kāi le gāi xìn xī'],
    ['认真地做好工作', 'rèn zhēn de zuò hǎo gōng zuò'],
    ['应在二十个工作日内答复', 'yīng zài èr shí gè gōng zuò rì nèi dá fù'],
    ['应当事人要求', 'yīng dāng shì rén yāo qiú'],
    ['供公众查阅', 'gōng gōng zhòng chá yuè'],
    ['财政局局长', 'cái zhèng jú jú zhǎng'],
    ['按期还款', 'àn qī huán kuǎn'],
    ['第七十一条', 'dì qī shí yī tiáo'],
    ['不予公开', 'bù yǔ gōng kāi'],
    ['不是', 'bú shì'],
    ['一律不得', 'yí lǜ bù dé'],
    ['统一', 'tǒng yī'],
  ];
  for (const [input, expected] of inContext) {
    it(`reads ${input}`, () => assert.equal(toPinyin(input), expected));
  }

  // 多音字 as they occur in government text.
  const words: Array<[string, string]> = [
    ['执行', 'zhí xíng'],
    ['运行', 'yùn xíng'],
    ['银行', 'yín háng'],
    ['行政', 'xíng zhèng'],
    ['行业', 'háng yè'],
    ['发行', 'fā xíng'],
    ['依法行使', 'yī fǎ xíng shǐ'],
    ['重要', 'zhòng yào'],
    ['重新', 'chóng xīn'],
    ['重复', 'chóng fù'],
    ['调整', 'tiáo zhěng'],
    ['调控', 'tiáo kòng'],
    ['调解', 'tiáo jiě'],
    ['调查', 'diào chá'],
    ['调研', 'diào yán'],
    ['调度', 'diào dù'],
    ['调入', 'diào rù'],
    ['单位', 'dān wèi'],
    ['会计', 'kuài jì'],
    ['会议', 'huì yì'],
    ['还款', 'huán kuǎn'],
    ['归还', 'guī huán'],
    ['还是', 'hái shì'],
    ['长期', 'cháng qī'],
    ['部长', 'bù zhǎng'],
    ['局长', 'jú zhǎng'],
    ['处长', 'chù zhǎng'],
    ['秘书长', 'mì shū zhǎng'],
    ['增长', 'zēng zhǎng'],
    ['处理', 'chǔ lǐ'],
    ['处罚', 'chǔ fá'],
    ['处置', 'chǔ zhì'],
    ['办事处', 'bàn shì chù'],
    ['都', 'dōu'],
    ['首都', 'shǒu dū'],
    ['了解', 'liǎo jiě'],
    ['得到', 'dé dào'],
    ['目的', 'mù dì'],
    ['的确', 'dí què'],
    ['应当', 'yīng dāng'],
    ['相应', 'xiāng yìng'],
    ['给予', 'jǐ yǔ'],
    ['参与', 'cān yù'],
    ['着力', 'zhuó lì'],
    ['率先', 'shuài xiān'],
    ['出差', 'chū chāi'],
    ['差旅', 'chāi lǚ'],
    ['更正', 'gēng zhèng'],
    ['数量', 'shù liàng'],
  ];
  for (const [input, expected] of words) {
    it(`reads ${input} as ${expected}`, () => assert.equal(toPinyin(input), expected));
  }
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
  const rt = (p: string) => `<rp>(</rp><rt aria-hidden="true">${p}</rt><rp>)</rp>`;
  /** One <ruby> per word, a syllable over each of its characters. */
  const ruby = (word: string, syllables: string) => {
    const s = syllables.split(' ');
    return `<ruby>${Array.from(word).map((c, i) => `${c}${rt(s[i]!)}`).join('')}</ruby>`;
  };

  it('annotates Han characters with context-correct readings, one ruby per word', () => {
    assert.equal(rubyHtml('<p>银行行长</p>'), `<p>${ruby('银行行长', 'yín háng háng zhǎng')}</p>`);
    assert.equal(
      rubyHtml('<p>本行政机关应当执行价格调控</p>'),
      `<p>${[ruby('本', 'běn'), ruby('行政', 'xíng zhèng'), ruby('机关', 'jī guān'), ruby('应当', 'yīng dāng'), ruby('执行', 'zhí xíng'), ruby('价格', 'jià gé'), ruby('调控', 'tiáo kòng')].join('\u200B')}</p>`,
    );
  });

  it('hides the syllables from screen readers, which read the Chinese text itself', () => {
    const out = rubyHtml('<p>政府信息</p>');
    assert.equal((out.match(/<rt aria-hidden="true">/g) ?? []).length, 4);
    assert.equal((out.match(/<rt[ >]/g) ?? []).length, 4);
  });

  it('can leave out the <rp> fallback', () => {
    assert.equal(rubyHtml('重要', { rp: false }), '<ruby>重<rt aria-hidden="true">zhòng</rt>要<rt aria-hidden="true">yào</rt></ruby>');
  });

  it('keeps non-Han text, entities, tags and attributes as they are', () => {
    const html = '<a href="/重庆/" title="银行">A&amp;B 重庆</a>';
    assert.equal(rubyHtml(html), `<a href="/重庆/" title="银行">A&amp;B ${ruby('重庆', 'chóng qìng')}</a>`);
  });

  it('closes the ruby of a word at non-Han text', () => {
    assert.equal(rubyHtml('2021年度报告'), `2021${ruby('年度报告', 'nián dù bào gào')}`);
    assert.equal(rubyHtml('政府的信息'), [ruby('政府', 'zhèng fǔ'), ruby('的', 'de'), ruby('信息', 'xìn xī')].join('\u200B'));
    assert.equal(rubyHtml('银行, 重庆'), `${ruby('银行', 'yín háng')}, ${ruby('重庆', 'chóng qìng')}`);
  });

  it('does not annotate inside ruby, title, option, textarea, script, style or code', () => {
    const untouched =
      '<head><title>重庆</title><style>p:after{content:"重庆"}</style></head>' +
      '<ruby>重<rt>chóng</rt>庆<rt>qìng</rt></ruby><select><option>重要</option></select>' +
      '<textarea>重要</textarea><script>var a = "<b>重要</b>";</script><code>重要</code>' +
      '<span translate="no">重要</span>';
    assert.equal(rubyHtml(untouched), untouched);
  });

  it('produces ruby elements whose tags balance, with one <rt> per Han character', () => {
    const out = rubyHtml('<div><p>政府<b>信息</b>公开</p><table><tr><td>年度报告</td></tr></table></div>');
    const depth = new Map<string, number>();
    for (const t of tokenizeHtml(out)) {
      if (t.kind === 'start') depth.set(t.name, (depth.get(t.name) ?? 0) + 1);
      if (t.kind === 'end') depth.set(t.name, (depth.get(t.name) ?? 0) - 1);
    }
    for (const [name, d] of depth) assert.equal(d, 0, name);
    assert.equal((out.match(/<rt /g) ?? []).length, 10);
    assert.equal((out.match(/<ruby>/g) ?? []).length, 4);
  });
});
