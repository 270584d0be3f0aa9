import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  convertHtml,
  detectScript,
  foldToSimplified,
  scriptEvidence,
  toSimplified,
  toTraditional,
  traditionalToSimplified,
} from './script.js';
import { tokenizeHtml } from './html.js';

const REPORT = '政府信息公开工作年度报告，确保了局信息公开工作的全面、及时、规范与安全。';
const REGULATION = '/work/shared/data/laws/行政法规/政府信息公开条例(2019-04-03).md';

describe('toTraditional / toSimplified', () => {
  it('converts to each traditional standard', () => {
    assert.equal(toTraditional(REPORT, 'tw'), '政府信息公開工作年度報告，確保了局信息公開工作的全面、及時、規範與安全。');
    assert.equal(toTraditional(REPORT, 'hk'), '政府信息公開工作年度報告，確保了局信息公開工作的全面、及時、規範與安全。');
    assert.equal(toTraditional('头发 干燥 干部 后来 皇后', 'tw'), '頭髮 乾燥 幹部 後來 皇后');
    assert.equal(toTraditional('群众', 't'), '羣衆');
    assert.equal(toTraditional('群众', 'tw'), '群眾');
  });

  it('is phrase-aware from traditional', () => {
    assert.equal(toSimplified('承擔著', 'tw'), '承担着');
    assert.equal(toSimplified('顯著', 'tw'), '显著');
    assert.equal(toSimplified('頭髮乾燥的幹部', 'hk'), '头发干燥的干部');
    assert.equal(toSimplified('衞生', 'hk'), '卫生');
  });

  it('round-trips simplified text through Taiwan and Hong Kong script', () => {
    for (const v of ['tw', 'hk'] as const) assert.equal(toSimplified(toTraditional(REPORT, v), v), REPORT);
  });

  it('converts mixed-region traditional with traditionalToSimplified', () => {
    assert.equal(traditionalToSimplified('承擔著衞生與顯著責任'), '承担着卫生与显著责任');
  });
});

describe('foldToSimplified', () => {
  it('folds traditional and regional variants', () => {
    assert.equal(foldToSimplified('政府資訊公開'), '政府资讯公开');
    assert.equal(foldToSimplified('衞生 衛生 爲 為 裡 裏 臺灣'), '卫生 卫生 为 为 里 里 台湾');
  });

  it('leaves simplified text alone', () => {
    const text = existsSync(REGULATION) ? readFileSync(REGULATION, 'utf8') : REPORT;
    assert.equal(foldToSimplified(text), text);
    assert.equal(foldToSimplified('显著 著作 承担着 皇后 里面 一只'), '显著 著作 承担着 皇后 里面 一只');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'政府資訊公開衞生爲顯著承擔著头发頭髮乾干后後里裡台臺 ') }), (s) => {
        const once = foldToSimplified(s);
        assert.equal(foldToSimplified(once), once);
      }),
      { numRuns: 500 },
    );
  });
});

describe('detectScript', () => {
  it('recognises simplified, traditional, mixed and none', () => {
    assert.equal(detectScript(REPORT), 'simplified');
    assert.equal(detectScript(toTraditional(REPORT, 'tw')), 'traditional');
    assert.equal(detectScript(toTraditional(REPORT, 'hk')), 'traditional');
    assert.equal(detectScript('人民公社'), 'none');
    assert.equal(detectScript('Annual report 2021'), 'none');
    assert.equal(detectScript(''), 'none');
    assert.equal(detectScript('政府信息公开 政府資訊公開'), 'mixed');
  });

  it('does not count characters traditional text shares with simplified', () => {
    // 台, 后 and 里 are changed by s2t but are normal in Taiwan text.
    assert.deepEqual(scriptEvidence('台后里'), { traditional: 0, simplified: 0 });
    assert.equal(detectScript('臺灣的皇后在公里之外發表談話'), 'traditional');
  });

  it('classifies the Regulation in both scripts', { skip: !existsSync(REGULATION) && 'regulation corpus absent' }, () => {
    const text = readFileSync(REGULATION, 'utf8');
    assert.equal(detectScript(text), 'simplified');
    assert.equal(detectScript(toTraditional(text, 'tw')), 'traditional');
    assert.equal(detectScript(toTraditional(text, 'hk')), 'traditional');
  });
});

describe('convertHtml', () => {
  const page =
    '<!DOCTYPE html><html><head><title>政府資訊公開</title><style>.a:after{content:"資訊"}</style>' +
    '<script>var t = "資訊<p>";</script></head><body>' +
    '<a href="/資訊/index.html" title="資訊公開">資訊公開</a><!-- 資訊 -->' +
    '<table class="資訊"><tr><td>年度報告&nbsp;&ldquo;資訊&rdquo;</td></tr></table>' +
    '<code>資訊</code><pre>資訊\n公開</pre><img alt="頭髮" src="a.png"></body></html>';
  const simp = (t: string) => toSimplified(t, 'tw');

  it('converts text nodes, <title> and <pre> only', () => {
    const out = convertHtml(page, simp);
    assert.equal(
      out,
      '<!DOCTYPE html><html><head><title>政府资讯公开</title><style>.a:after{content:"資訊"}</style>' +
        '<script>var t = "資訊<p>";</script></head><body>' +
        '<a href="/資訊/index.html" title="資訊公開">资讯公开</a><!-- 資訊 -->' +
        '<table class="資訊"><tr><td>年度报告&nbsp;&ldquo;资讯&rdquo;</td></tr></table>' +
        '<code>資訊</code><pre>资讯\n公开</pre><img alt="頭髮" src="a.png"></body></html>',
    );
  });

  it('converts listed attributes and nothing else in the tag', () => {
    const out = convertHtml(page, simp, { attributes: ['title', 'alt'] });
    assert.ok(out.includes('<a href="/資訊/index.html" title="资讯公开">资讯公开</a>'));
    assert.ok(out.includes('<img alt="头发" src="a.png">'));
    assert.ok(out.includes('<table class="資訊">'));
  });

  it('keeps every tag byte-for-byte for any text rewrite', () => {
    const markup = (h: string) =>
      tokenizeHtml(h)
        .filter((t) => t.kind !== 'text' && !(t.kind === 'rawtext' && t.parent === 'title'))
        .map((t) => t.raw);
    assert.deepEqual(markup(convertHtml(page, (t) => t.replace(/./gu, 'X'))), markup(page));
  });
});
