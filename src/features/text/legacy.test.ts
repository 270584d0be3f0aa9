import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { extractLegacyPage, parseChineseDate } from './legacy.js';
import { tokenizeHtml } from './html.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const ALLOWED_TAGS = new Set([
  'p', 'br', 'hr', 'strong', 'em', 'u', 'sub', 'sup', 's', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt',
  'dd', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'a', 'img', 'blockquote', 'pre', 'code',
  'figure', 'figcaption',
]);
const ALLOWED_ATTRS = new Set(['href', 'title', 'src', 'alt', 'width', 'height', 'colspan', 'rowspan', 'scope', 'start']);

/** Every tag and attribute of `html` is on the allow-list and no URL is executable. */
function assertSafe(html: string) {
  for (const t of tokenizeHtml(html)) {
    assert.notEqual(t.kind, 'comment', 'no comments');
    assert.notEqual(t.kind, 'rawtext', 'no raw-text elements');
    if (t.kind === 'start' || t.kind === 'end') assert.ok(ALLOWED_TAGS.has(t.name), `tag <${t.name}>`);
    if (t.kind === 'start') {
      for (const a of t.attrs) {
        assert.ok(ALLOWED_ATTRS.has(a.name), `attribute ${a.name}`);
        if (a.name === 'href' || a.name === 'src') assert.doesNotMatch(a.value ?? '', /^\s*(?:javascript|data|vbscript)\s*:/i);
      }
    }
  }
  assert.doesNotMatch(html, /javascript:|<script|onerror|onload|onclick/i);
}

describe('extractLegacyPage: a CMS page with every kind of boilerplate', () => {
  const page = extractLegacyPage(fixture('annual-report.html'), { fileName: 't20210115_4917654.html' });

  it('finds title, date, agency, 索引号 and category', () => {
    assert.equal(page.title, '示例市发展和改革局2020年政府信息公开工作年度报告');
    assert.equal(page.date, '2021-01-15');
    assert.equal(page.issuingAgency, '示例市发展和改革局');
    assert.equal(page.indexNumber, '11441781007012345X/2021-00042');
    assert.equal(page.documentNumber, null, 'the 文号 field is empty; 国办公开办函〔2021〕30号 is only cited');
    assert.equal(page.guessedCategory, 'annual_report');
    assert.equal(page.script, 'simplified');
    assert.equal(page.bodyFormat, 'html');
  });

  it('keeps the article with its table, image and attachment link', () => {
    assert.ok(page.body.startsWith('<p>本报告根据《中华人民共和国政府信息公开条例》'), page.body.slice(0, 40));
    assert.ok(page.body.includes('<td colspan="4">第二十条第（一）项</td>'));
    assert.ok(page.body.includes('<td rowspan="2">12</td>'));
    assert.ok(page.body.includes('<th>信息内容</th>'));
    assert.ok(page.body.includes('<img src="/images/2021/chart.png" alt="主动公开情况统计图" width="600">'));
    assert.ok(page.body.includes('<a href="/attach/2021/report.pdf">2020年年度报告表格.pdf</a>'));
    assert.ok(page.body.includes('<strong>一、总体情况</strong>'));
    assert.ok(page.bodyText.endsWith('示例市发展和改革局\n2021年1月15日'));
  });

  it('drops header, navigation, breadcrumb, metadata, widgets and footer', () => {
    for (const junk of [
      '当前位置', '首页', '政务服务', '索引号', '主题分类', '发布时间', '字体', '扫描二维码', '随身看资讯', '打印本页',
      '关闭窗口', '分享到', '上一篇', '下一篇', '2019年政府信息公开工作年度报告', '主办单位', '版权所有', 'ICP备',
      '设为首页', '搜索', '广告', '示例市人民政府门户网站',
    ]) {
      assert.ok(!page.bodyText.includes(junk), junk);
    }
    assert.ok(!page.body.includes('<h2>示例市发展和改革局2020年'), 'the heading is not repeated in the body');
  });

  it('leaves nothing executable or presentational', () => {
    assertSafe(page.body);
    assert.doesNotMatch(page.body, /style=|class=|<font|<span|&nbsp;/);
    assert.ok(page.body.includes('，下载</p>'), 'a javascript: link is reduced to its text');
    assert.ok(page.warnings.some((w) => /^已移除脚本、事件处理程序或不安全链接 \d+ 处$/.test(w)), page.warnings.join());
  });
});

describe('extractLegacyPage: a traditional page with pinyin annotations', () => {
  const page = extractLegacyPage(fixture('traditional-notice.html'));

  it('cleans annotations and converts to simplified, phrase by phrase', () => {
    assert.equal(page.script, 'traditional');
    assert.equal(page.title, '示例区政府办公室关于做好2021年度政府资讯公开工作的通知');
    assert.ok(page.bodyText.includes('为进一步做好政府资讯公开工作，提高领导干部依法公开的意识'), page.bodyText);
    assert.ok(page.bodyText.includes('各单位要承担着主体责任'));
    assert.doesNotMatch(page.body, /\((?:wèi|jìn|zī|lǐng|dǎo)\)/);
    assert.ok(page.bodyText.includes('(2019年修订)'), 'ordinary parentheses stay');
    assert.ok(page.bodyText.includes('网站（一）栏目'));
    assert.ok(page.warnings.includes('已移除拼音注音 5 处'), page.warnings.join());
    assert.ok(page.warnings.some((w) => w.startsWith('原页面为繁体中文')));
  });

  it('normalises the 文号 and reads date, agency and category', () => {
    assert.equal(page.documentNumber, '示区府办〔2021〕12号');
    assert.equal(page.date, '2021-03-08');
    assert.equal(page.issuingAgency, '示例区政府办公室');
    assert.equal(page.guessedCategory, 'notice');
  });

  it('drops the print widgets, menu and footer', () => {
    for (const junk of ['打印', '关闭', '首页', '浏览次数', '版权所有', '您现在的位置']) assert.ok(!page.bodyText.includes(junk), junk);
    assertSafe(page.body);
  });
});

describe('extractLegacyPage: an old table-layout page', () => {
  const html = fixture('old-table-layout.html');

  it('finds the 文号 line, the signing agency and the date from the file name', () => {
    const page = extractLegacyPage(html, { fileName: 'zwgk/t20190412_88123.html' });
    assert.equal(page.title, '示例市人民政府办公室关于印发示例市政务公开工作要点的通知');
    assert.equal(page.documentNumber, '示政办函〔2019〕5号');
    assert.equal(page.issuingAgency, '示例市人民政府办公室');
    assert.equal(page.date, '2019-04-12');
    assert.ok(page.warnings.includes('发布日期取自文件名，请核对'));
    assert.equal(page.guessedCategory, 'policy');
  });

  it('falls back to the signature date, written in Chinese numerals', () => {
    const page = extractLegacyPage(html);
    assert.equal(page.date, '2019-04-12');
    assert.ok(page.warnings.includes('发布日期取自正文落款日期，请核对'));
  });

  it('keeps article paragraphs that merely start like a widget', () => {
    const page = extractLegacyPage(html);
    assert.ok(page.bodyText.includes('关闭违规运营的政府网站和政务新媒体账号'));
    assert.ok(!page.bodyText.includes('【打印】'));
    assert.ok(!page.bodyText.includes('通知公告'), 'the side menu is gone');
    assertSafe(page.body);
  });
});

describe('extractLegacyPage: plain text', () => {
  const text = [
    '当前位置：首页 > 政务公开 > 工作动态',
    '示例市召开2021年政务公开工作会议',
    '发布日期：2021年1月15日  来源：示例市政务公开办公室',
    '【字体：大 中 小】',
    '1月14日，示例市召开2021年政务公开工作会议，部署全年重点任务。',
    '会议要求，各单位要提高政务公开质量。',
    '打印本页 关闭窗口',
    '上一篇：示例市开展政府开放日活动',
  ].join('\n');

  it('takes the first line as title and drops metadata and widget lines', () => {
    const page = extractLegacyPage(text);
    assert.equal(page.bodyFormat, 'text');
    assert.equal(page.title, '示例市召开2021年政务公开工作会议');
    assert.equal(page.body, '1月14日，示例市召开2021年政务公开工作会议，部署全年重点任务。\n会议要求，各单位要提高政务公开质量。');
    assert.equal(page.date, '2021-01-15');
    assert.equal(page.issuingAgency, '示例市政务公开办公室');
    assert.equal(page.guessedCategory, 'work_news');
    assert.deepEqual(page.warnings, []);
  });

  it('warns when it finds no title, date or body', () => {
    const page = extractLegacyPage('', { fileName: 'untitled.txt' });
    assert.deepEqual(page.warnings, ['未找到标题', '未找到发布日期', '正文为空或过短，请核对']);
    assert.equal(extractLegacyPage('', { fileName: '/imports/政务公开指南.txt' }).title, '政务公开指南');
  });
});

describe('extractLegacyPage: hostile markup', () => {
  it('removes scripts, handlers and executable URLs in every spelling', () => {
    const html =
      '<html><body><div id="zoom"><p>正文第一段内容比较长，用来确定正文区域的位置，不会被当作导航。</p>' +
      '<a href="JaVaScRiPt:alert(1)">一</a><a href="java&#x09;script:alert(1)">二</a><a href=" javascript:alert(1)">三</a>' +
      '<a href="vbscript:x">四</a><img src="data:image/svg+xml;base64,PHN2Zz4=" alt="图"><img src=x onerror=alert(1)>' +
      '<svg onload="alert(1)"><text>五</text></svg><iframe src="https://evil.example/"></iframe>' +
      '<object data="x.swf"></object><form action="/x"><input value="六"></form><math><mi>七</mi></math>' +
      '<p style="background:url(javascript:alert(1))" onmouseover="x()">第二段</p><!-- <script>alert(1)</script> -->' +
      '<a href="https://www.gov.cn/" title="中国政府网" target="_blank" rel="noopener">中国政府网</a></div></body></html>';
    const page = extractLegacyPage(html);
    assertSafe(page.body);
    assert.ok(page.body.includes('<a href="https://www.gov.cn/" title="中国政府网">中国政府网</a>'));
    assert.ok(!page.body.includes('data:'), 'data: image dropped');
    assert.ok(page.body.includes('<p>一二三四<img src="x"></p>'), 'loose inline content is wrapped, links reduced to text');
    assert.ok(page.body.includes('<p>第二段</p>'));
    for (const gone of ['五', '六', '七', 'evil']) assert.ok(!page.body.includes(gone), gone);
  });

  it('yields allow-listed markup for any mixture of dangerous fragments', () => {
    const fragment = fc.constantFrom(
      '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:x">链接</a>', '<p>政府信息公开</p>',
      '<div onclick="x">工作</div>', '<style>p{}</style>', '<iframe src=//x>', '<svg><script>x</script></svg>', '<!--',
      '-->', '<p', '>', '"', "'", '<table><tr><td>表格</td>', '</div>', '<textarea>', '&lt;script&gt;', '<a href=\'data:text/html,x\'>',
      '<title>标题</title>', '<noscript><p>x</p></noscript>', '<base href="javascript:x">', '<meta http-equiv="refresh" content="0;url=javascript:x">',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 20 }), (parts) => {
        assertSafe(extractLegacyPage(`<html><body>${parts.join('')}</body></html>`).body);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseChineseDate', () => {
  const cases: Array<[string, string | null]> = [
    ['2021-01-15', '2021-01-15'],
    ['发布时间：2021/1/5 10:30', '2021-01-05'],
    ['2021.01.15', '2021-01-15'],
    ['2021年1月15日', '2021-01-15'],
    ['二〇二一年一月十五日', '2021-01-15'],
    ['二〇一九年十二月三十一日', '2019-12-31'],
    ['2021-02-30', null],
    ['无日期', null],
    ['国办发〔2019〕61号', null],
  ];
  for (const [input, expected] of cases) it(`reads ${input}`, () => assert.equal(parseChineseDate(input), expected));
});
