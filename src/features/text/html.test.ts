import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  attrValue,
  decodeEntities,
  findAll,
  mapHtmlText,
  parseHtml,
  splitEntities,
  textContent,
  tokenizeHtml,
  type HtmlElement,
} from './html.js';

const htmlish = fc
  .array(
    fc.constantFrom(
      '<', '>', '/', '!', '-', '"', "'", '=', ' ', 'a', 'p', 'div', 'script', 'style', 'title', '<!--', '-->',
      '</', '&amp;', '&', '#', '政', '府', '\n', 'x="y>z"', '<br/>', '<?', '<![CDATA[', ']]>',
    ),
    { maxLength: 60 },
  )
  .map((a) => a.join(''));

describe('tokenizeHtml', () => {
  it('round-trips any input exactly', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), htmlish), (s) => {
        assert.equal(
          tokenizeHtml(s)
            .map((t) => t.raw)
            .join(''),
          s,
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps a quoted > inside one tag', () => {
    const t = tokenizeHtml('<a title="a>b" href=\'/x?a>1\'>链接</a>');
    assert.deepEqual(
      t.map((x) => x.kind),
      ['start', 'text', 'end'],
    );
    const start = t[0]!;
    assert.ok(start.kind === 'start');
    assert.equal(attrValue(start.attrs, 'title'), 'a>b');
    assert.equal(attrValue(start.attrs, 'href'), '/x?a>1');
    assert.equal(t[1]!.raw, '链接');
  });

  it('treats script and style bodies as raw text up to their own end tag', () => {
    const t = tokenizeHtml('<script>if (a<b) document.write("</div>")</SCRIPT >正文');
    assert.deepEqual(
      t.map((x) => x.kind),
      ['start', 'rawtext', 'end', 'text'],
    );
    assert.equal(t[1]!.raw, 'if (a<b) document.write("</div>")');
    assert.equal(t[3]!.raw, '正文');
  });

  it('recognises comments, including the short forms', () => {
    const kinds = (s: string) => tokenizeHtml(s).map((x) => `${x.kind}:${x.raw}`);
    assert.deepEqual(kinds('a<!-- <p>不是正文</p> -->b'), ['text:a', 'comment:<!-- <p>不是正文</p> -->', 'text:b']);
    assert.deepEqual(kinds('<!-->x'), ['comment:<!-->', 'text:x']);
    assert.deepEqual(kinds('<!DOCTYPE html>x'), ['comment:<!DOCTYPE html>', 'text:x']);
    assert.deepEqual(kinds('a < b and 1<2'), ['text:a < b and 1<2']);
  });

  it('lower-cases names and parses unquoted and bare attributes', () => {
    const [t] = tokenizeHtml('<INPUT Type=checkbox CHECKED data-x = "1">');
    assert.ok(t && t.kind === 'start');
    assert.equal(t.name, 'input');
    assert.deepEqual(t.attrs, [
      { name: 'type', value: 'checkbox' },
      { name: 'checked', value: null },
      { name: 'data-x', value: '1' },
    ]);
  });

  it('keeps an unterminated tag as markup, not text', () => {
    const t = tokenizeHtml('正文<a href="x');
    assert.deepEqual(
      t.map((x) => x.kind),
      ['text', 'start'],
    );
  });
});

describe('entities', () => {
  it('decodes numeric and common named references and leaves unknown ones', () => {
    assert.equal(decodeEntities('&#25919;&#x5E9C;&nbsp;&ldquo;公开&rdquo;&amp;&unknown;'), '政府\u00a0“公开”&&unknown;');
  });
  it('splits text around references', () => {
    assert.deepEqual(splitEntities('a&amp;b&#20013;'), [
      { entity: false, text: 'a' },
      { entity: true, text: '&amp;' },
      { entity: false, text: 'b' },
      { entity: true, text: '&#20013;' },
    ]);
  });
});

describe('mapHtmlText', () => {
  it('is the identity when the rewrite keeps everything', () => {
    fc.assert(
      fc.property(htmlish, (s) => {
        assert.equal(
          mapHtmlText(s, () => null),
          s,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('never changes markup, whatever the rewrite does to text', () => {
    fc.assert(
      fc.property(htmlish, (s) => {
        const out = mapHtmlText(s, (t) => t.toUpperCase().replace(/</g, '&lt;'));
        const markup = (h: string) =>
          tokenizeHtml(h)
            .filter((t) => t.kind !== 'text')
            .map((t) => t.raw);
        assert.deepEqual(markup(out), markup(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('skips listed elements and translate="no", and reports open elements', () => {
    const seen: string[] = [];
    const out = mapHtmlText(
      '<p>甲<code>乙</code><span translate="no">丙<b>丁</b></span><b>戊</b></p>',
      (t, open) => {
        seen.push(`${t}@${open.join('>')}`);
        return `[${t}]`;
      },
      { skip: new Set(['code']) },
    );
    assert.equal(out, '<p>[甲]<code>乙</code><span translate="no">丙<b>丁</b></span><b>[戊]</b></p>');
    assert.deepEqual(seen, ['甲@p', '戊@p>b']);
  });

  it('rewrites RCDATA only when asked', () => {
    const html = '<title>标题</title><script>var a="脚本";</script>';
    assert.equal(
      mapHtmlText(html, (t) => `[${t}]`, { rawText: new Set(['title']) }),
      '<title>[标题]</title><script>var a="脚本";</script>',
    );
    assert.equal(
      mapHtmlText(html, (t) => `[${t}]`),
      html,
    );
  });
});

describe('parseHtml and textContent', () => {
  it('closes implied elements', () => {
    const root = parseHtml('<ul><li>一<li>二</ul><table><tr><td>甲<td>乙<tr><td>丙</table><p>段一<p>段二');
    const names = (el: HtmlElement) => findAll(el, () => true).map((e) => e.name);
    assert.deepEqual(names(root), ['#root', 'ul', 'li', 'li', 'table', 'tr', 'td', 'td', 'tr', 'td', 'p', 'p']);
    assert.equal(textContent(root), '一\n二\n甲 乙\n丙\n段一\n段二');
  });

  it('ignores script and style in text and decodes entities', () => {
    const root = parseHtml('<div>发布&nbsp;日期<script>x()</script><style>p{}</style><br>第二行</div>');
    assert.equal(textContent(root), '发布 日期\n第二行');
  });
});
