import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { checkFigures, emptyFigures, proactiveLayout, REQUEST_COLUMNS, requestRows, REVIEW_RESULTS, type ReportFigures } from './annual-report.js';
import { decodeReportPage, extractProactiveTotal, labelKey, parseReportPage, ReportParseError, type ReportParseProblem } from './annual-report.parse.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Figures in a format: every number zero except those given (table 三 rows by printed label). */
function figures(
  format: '2021' | '2019',
  proactive: Record<string, Record<string, number | null>>,
  requests: Record<string, number[]>,
  reviewLitigation: number[],
): ReportFigures {
  const f = emptyFigures(format);
  for (const [row, values] of Object.entries(proactive)) {
    assert.ok(row in f.proactive, `table 二 row ${row}`);
    f.proactive[row] = values;
  }
  for (const [row, values] of Object.entries(requests)) {
    assert.ok(row in f.requests, `table 三 row ${row}`);
    f.requests[row] = values;
  }
  f.reviewLitigation = reviewLitigation;
  return f;
}

/** The problems a page is refused with (fails if it is not refused). */
function problemsOf(html: string): ReportParseProblem[] {
  try {
    parseReportPage(html);
  } catch (e) {
    assert.ok(e instanceof ReportParseError, String(e));
    assert.equal(e.message, e.problems.map((p) => p.message).join('；'));
    return e.problems;
  }
  assert.fail('the page was accepted');
}

const NEW = '一、本年新收政府信息公开申请数量';
const CARRIED = '二、上年结转政府信息公开申请数量';
const TOTAL = '（七）总计';
const FORWARD = '四、结转下年度继续办理';
const PARTIAL = '（二）部分公开（区分处理的，只计这一情形，不计其他情形）';

const EXPECTED_2021 = figures(
  '2021',
  {
    规章: { 本年制发件数: 0, 本年废止件数: 0, 现行有效件数: 0 },
    行政规范性文件: { 本年制发件数: 3, 本年废止件数: 1, 现行有效件数: 17 },
    行政许可: { 本年处理决定数量: 356 },
    行政处罚: { 本年处理决定数量: 89 },
    行政强制: { 本年处理决定数量: 12 },
    行政事业性收费: { '本年收费金额（单位：万元）': 12.36 },
  },
  {
    [NEW]: [38, 5, 1, 0, 2, 1, 47],
    [CARRIED]: [3, 1, 0, 0, 0, 0, 4],
    '（一）予以公开': [15, 3, 1, 0, 0, 0, 19],
    [PARTIAL]: [4, 1, 0, 0, 0, 0, 5],
    '1.属于国家秘密': [1, 0, 0, 0, 0, 0, 1],
    '4.保护第三方合法权益': [2, 0, 0, 0, 0, 0, 2],
    '5.属于三类内部事务信息': [1, 0, 0, 0, 0, 0, 1],
    '6.属于四类过程性信息': [2, 1, 0, 0, 0, 0, 3],
    '7.属于行政执法案卷': [1, 0, 0, 0, 0, 0, 1],
    '1.本机关不掌握相关政府信息': [6, 1, 0, 0, 1, 0, 8],
    '2.没有现成信息需要另行制作': [2, 0, 0, 0, 0, 0, 2],
    '3.补正后申请内容仍不明确': [1, 0, 0, 0, 0, 0, 1],
    '1.信访举报投诉类申请': [2, 0, 0, 0, 0, 0, 2],
    '2.重复申请': [1, 0, 0, 0, 0, 1, 2],
    '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请': [1, 0, 0, 0, 0, 0, 1],
    [TOTAL]: [39, 6, 1, 0, 1, 1, 48],
    [FORWARD]: [2, 0, 0, 0, 1, 0, 3],
  },
  [1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0],
);

describe('parseReportPage: a 2021-format report that reconciles', () => {
  const page = fixture('report-2021.html');
  const parsed = parseReportPage(page);

  it('reads every cell of the three tables as printed', () => {
    assert.deepEqual(parsed.figures, EXPECTED_2021);
    // Every row of the format is there, 7 numbers each, and 15 in table 四.
    assert.deepEqual(Object.keys(parsed.figures.requests), requestRows('2021').map((r) => r.label));
    for (const v of Object.values(parsed.figures.requests)) assert.equal(v.length, 7);
    assert.equal(parsed.figures.reviewLitigation.length, 15);
  });

  it('detects the format, the year and the agency, with nothing to warn about', () => {
    assert.equal(parsed.format, '2021');
    assert.equal(parsed.figures.format, '2021');
    assert.equal(parsed.year, 2022);
    assert.equal(parsed.agencyName, '示例市生态环境局');
    assert.deepEqual(parsed.warnings, []);
  });

  it('passes every cross-check', () => {
    const failed = checkFigures(parsed.figures).filter((c) => !c.ok);
    assert.deepEqual(failed, []);
  });

  it('is not misled by the navigation, metadata and layout tables around the report, nor by markup inside scripts', () => {
    assert.match(page, /class="nav"/);
    assert.match(page, /class="xxgk_table"/);
    assert.match(page, /document\.write\('<table/);
    // The report's tables sit inside a layout table's cell.
    assert.match(page, /<td valign="top" class="content">/);
  });
});

describe('parseReportPage: printed labels and numbers vary from site to site', () => {
  const page = fixture('report-2021.html');
  const variants: Array<[string, (html: string) => string]> = [
    ['half-width parentheses', (h) => h.replace('（一）予以公开', '(一)予以公开').replace('第二十条第（一）项', '第二十条第(一)项')],
    ['部分公开 with its note', (h) => h.replace('<span>（二）部分公开</span>', `<span>${PARTIAL}</span>`)],
    ['部分公开 with a half-width note', (h) => h.replace('<span>（二）部分公开</span>', '<span>（二）部分公开(区分处理的,只计这一情形,不计其他情形)</span>')],
    ['curly quotes and a full-width full stop', (h) => h.replace('3.危及"三安全一稳定"', '3．危及“三安全一稳定”')],
    ['、 in the 其他处理 label', (h) => h.replace('1.申请人无正当理由逾期不补正，', '1、申请人无正当理由逾期不补正、')],
    ['规范性文件 for 行政规范性文件', (h) => h.replace('<span>行政规范性文件</span>', '<span>规范性文件</span>')],
    ['a label split over lines and spans', (h) => h.replace('<span>一、本年新收政府信息公开申请数量</span>', '<span>一、本年新收</span><span>政府信息公开</span><br>\n<span>申请数量</span>')],
    ['spaces in a label', (h) => h.replace('（七）总　计', '(七) 总 计').replace('<span>社会公益组织</span>', '<span>社会公益&nbsp;组织</span>')],
    ['an amount without its unit note', (h) => h.replace('本年收费金额（单位：万元）', '本年收费金额(万元)')],
    ['full-width digits and padding', (h) => h.replace('<p align="center">47</p>', '<p align="center">&nbsp;４７&nbsp;</p>').replace('<p align="center">38</p>', '<p align="center">　38　</p>')],
    ['zeros left empty', (h) => h.replaceAll('<p align="center">0</p>', '<p align="center"></p>')],
    ['zeros as &nbsp;', (h) => h.replaceAll('<p align="center">0</p>', '<p align="center">&nbsp;</p>')],
    ['th for header cells, thead', (h) => h.replace('<td colspan="7" width="440"><p align="center"><span>申请人情况</span></p></td>', '<th colspan="7">申请人情况</th>')],
    [
      'table 二 split into two tables',
      (h) => h.replace('<tr>\n              <td colspan="4" style="background:#DEEAF6"><p align="center"><span>第二十条第（六）项', '</tbody></table>\n<p>（续）</p>\n<table border="1"><tbody><tr>\n              <td colspan="4" style="background:#DEEAF6"><p align="center"><span>第二十条第（六）项'),
    ],
    ['a caption row above table 三', (h) => h.replace('<td colspan="3" rowspan="3" width="200">', '<td colspan="10">表3 收到和处理政府信息公开申请情况</td></tr><tr><td colspan="3" rowspan="3" width="200">')],
  ];
  for (const [name, change] of variants) {
    it(name, () => {
      const html = change(page);
      assert.notEqual(html, page, 'the variant changes the page');
      const parsed = parseReportPage(html);
      assert.deepEqual(parsed.figures, EXPECTED_2021);
      assert.deepEqual(parsed.warnings, []);
    });
  }

  it('dashes are read as 0, and said', () => {
    const html = page.replace('<td><p align="center">2</p></td><td><p align="center">0</p></td><td><p align="center">0</p></td><td><p align="center">0</p></td><td><p align="center">0</p></td><td><p align="center">0</p></td><td><p align="center">2</p></td>', '<td><p align="center">2</p></td><td><p align="center">—</p></td><td><p align="center">-</p></td><td><p align="center">/</p></td><td><p align="center">－－</p></td><td><p align="center">无</p></td><td><p align="center">2</p></td>');
    assert.notEqual(html, page);
    const parsed = parseReportPage(html);
    assert.deepEqual(parsed.figures, EXPECTED_2021);
    assert.equal(parsed.warnings.length, 1);
    assert.equal(
      parsed.warnings[0],
      '表三有5处数字写作横线、斜线或“无”，已按0计：“4.保护第三方合法权益”行“商业企业”列为“—”，“4.保护第三方合法权益”行“科研机构”列为“-”，“4.保护第三方合法权益”行“社会公益组织”列为“/”等',
    );
  });

  it('without table 二, its figures are null, and said', () => {
    const html = page.replace(/<table border="1"[^>]*>\s*<tbody>\s*<tr style="height:27pt">[\s\S]*?<\/table>/, '');
    assert.notEqual(html, page);
    const parsed = parseReportPage(html);
    assert.deepEqual(parsed.figures.requests, EXPECTED_2021.requests);
    assert.deepEqual(parsed.figures.reviewLitigation, EXPECTED_2021.reviewLitigation);
    for (const values of Object.values(parsed.figures.proactive)) for (const v of Object.values(values)) assert.equal(v, null);
    assert.deepEqual(parsed.warnings, ['未找到表二（主动公开政府信息情况），其数字记为空']);
  });

  it('a page nested thousands of elements deep (unclosed tags) is read, not a stack overflow', () => {
    const deep = page.replace('<div class="top-bar">', `${'<div><span>'.repeat(6000)}<div class="top-bar">`);
    assert.deepEqual(parseReportPage(deep).figures, EXPECTED_2021);
    const tables = page.replace('<div class="top-bar">', `${'<table><tr><td>'.repeat(3000)}<div class="top-bar">`);
    assert.deepEqual(parseReportPage(tables).figures, EXPECTED_2021);
  });

  it('finds the tables by their content, in any order on the page', () => {
    const tables = [...page.matchAll(/<table border="1"[\s\S]*?<\/table>/g)].map((m) => m[0]);
    assert.equal(tables.length, 3);
    let html = page;
    for (const t of tables) html = html.replace(t, '');
    html = html.replace('<p style="text-indent: 2em;"><strong>五、', `${tables[2]}${tables[0]}${tables[1]}<p style="text-indent: 2em;"><strong>五、`);
    assert.deepEqual(parseReportPage(html).figures, EXPECTED_2021);
  });
});

describe('parseReportPage: a 2021-format report whose figures do not reconcile', () => {
  const parsed = parseReportPage(fixture('report-2021-mismatch.html'));

  it('returns the figures as printed (table 三 split over two tables, a caption, dashes for zeros)', () => {
    const expected = figures(
      '2021',
      {
        规章: { 本年制发件数: 0, 本年废止件数: 0, 现行有效件数: 0 },
        行政规范性文件: { 本年制发件数: 1, 本年废止件数: 0, 现行有效件数: 9 },
        行政许可: { 本年处理决定数量: 1024 },
        行政处罚: { 本年处理决定数量: 0 },
        行政强制: { 本年处理决定数量: 0 },
        行政事业性收费: { '本年收费金额（单位：万元）': 0.8 },
      },
      {
        // Printed 23 in 总计: the six columns make 24.
        [NEW]: [20, 3, 0, 0, 1, 0, 23],
        [CARRIED]: [1, 0, 0, 0, 0, 0, 1],
        '（一）予以公开': [8, 2, 0, 0, 1, 0, 11],
        [PARTIAL]: [2, 0, 0, 0, 0, 0, 2],
        '4.保护第三方合法权益': [1, 0, 0, 0, 0, 0, 1],
        '6.属于四类过程性信息': [1, 0, 0, 0, 0, 0, 1],
        '1.本机关不掌握相关政府信息': [4, 1, 0, 0, 0, 0, 5],
        '3.补正后申请内容仍不明确': [1, 0, 0, 0, 0, 0, 1],
        '1.信访举报投诉类申请': [2, 0, 0, 0, 0, 0, 2],
        '3.其他': [1, 0, 0, 0, 0, 0, 1],
        [TOTAL]: [20, 3, 0, 0, 1, 0, 24],
        [FORWARD]: [1, 0, 0, 0, 0, 0, 1],
      },
      // 行政复议: printed 总计 2 for one 结果纠正.
      [0, 1, 0, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
    );
    assert.deepEqual(parsed.figures, expected);
    assert.equal(parsed.format, '2021');
    assert.equal(parsed.year, 2023);
    assert.equal(parsed.agencyName, '示例县交通运输局');
  });

  it('checkFigures reports exactly the printed mismatches', () => {
    const failed = checkFigures(parsed.figures).filter((c) => !c.ok);
    assert.deepEqual(
      failed.map((c) => c.cells),
      [
        // 总计 column: 一 + 二 = 24, （七） + 四 = 25.
        [`三:${NEW}:总计`, `三:${CARRIED}:总计`, `三:${TOTAL}:总计`, `三:${FORWARD}:总计`],
        // Row 一: the six applicant columns make 24, 总计 says 23.
        REQUEST_COLUMNS.map((c) => `三:${NEW}:${c}`),
        // 行政复议: 0 + 1 + 0 + 0 ≠ 2.
        REVIEW_RESULTS.map((r) => `四:行政复议:${r}`),
      ],
    );
    assert.match(failed[0]!.message, /为24.*为25，不相等/);
  });

  it('warns where dashes stood for zeros, per table', () => {
    assert.deepEqual(
      parsed.warnings.map((w) => w.slice(0, w.indexOf('：'))),
      ['表二有4处数字写作横线、斜线或“无”，已按0计', '表三有3处数字写作横线、斜线或“无”，已按0计'],
    );
  });
});

describe('parseReportPage: a 2019-format report', () => {
  const parsed = parseReportPage(fixture('report-2019.html'));

  it('is detected as 2019, with its year in characters and its agency', () => {
    assert.equal(parsed.format, '2019');
    assert.equal(parsed.year, 2020);
    assert.equal(parsed.agencyName, '示例区人力资源和社会保障局');
    assert.deepEqual(parsed.warnings, []);
  });

  it('reads the 2019 table 二 (five blocks, signed changes, amounts) and （六）其他处理 as one row', () => {
    const expected = figures(
      '2019',
      {
        规章: { 本年新制作数量: 0, 本年新公开数量: 0, 对外公开总数量: 0 },
        规范性文件: { 本年新制作数量: 2, 本年新公开数量: 2, 对外公开总数量: 15 },
        行政许可: { 上一年项目数量: 12, '本年增/减': -1, 处理决定数量: 230 },
        其他对外管理服务事项: { 上一年项目数量: 5, '本年增/减': 2, 处理决定数量: 1024 },
        行政处罚: { 上一年项目数量: 3, '本年增/减': 0, 处理决定数量: 18 },
        行政强制: { 上一年项目数量: 1, '本年增/减': 0, 处理决定数量: 0 },
        行政事业性收费: { 上一年项目数量: 2, '本年增/减': 0 },
        政府集中采购: { 采购项目数量: 6, 采购总金额: 123.45 },
      },
      {
        [NEW]: [10, 2, 0, 1, 0, 0, 13],
        '（一）予以公开': [5, 1, 0, 1, 0, 0, 7],
        [PARTIAL]: [1, 0, 0, 0, 0, 0, 1],
        '5.属于三类内部事务信息': [1, 0, 0, 0, 0, 0, 1],
        '1.本机关不掌握相关政府信息': [1, 1, 0, 0, 0, 0, 2],
        '（六）其他处理': [1, 0, 0, 0, 0, 0, 1],
        [TOTAL]: [9, 2, 0, 1, 0, 0, 12],
        [FORWARD]: [1, 0, 0, 0, 0, 0, 1],
      },
      [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    assert.deepEqual(parsed.figures, expected);
    assert.deepEqual(Object.keys(parsed.figures.requests), requestRows('2019').map((r) => r.label));
    assert.deepEqual(checkFigures(parsed.figures).filter((c) => !c.ok), []);
  });

  it('says so when a report year and its format disagree', () => {
    const html = fixture('report-2019.html').replaceAll('二〇二〇年', '二〇二一年').replaceAll('2020年', '2021年');
    const p = parseReportPage(html);
    assert.equal(p.year, 2021);
    assert.equal(p.format, '2019');
    assert.deepEqual(p.warnings, ['报告年度为2021年，表格却是2019年格式（2019、2020年度用2019年格式，2021年度起用2021年格式）']);
  });
});

describe('parseReportPage: the year and the agency', () => {
  const page = fixture('report-2021.html');
  const TITLE = '示例市生态环境局2022年政府信息公开工作年度报告';
  const withTitle = (title: string) => page.replaceAll(TITLE, title);
  const cases: Array<[string, number | null, string | null]> = [
    ['示例县教育局2022年度政府信息公开工作年度报告', 2022, '示例县教育局'],
    ['示例县教育局二〇二二年政府信息公开工作年度报告', 2022, '示例县教育局'],
    ['示例县教育局二O二二年度政府信息公开工作年度报告', 2022, '示例县教育局'],
    ['示例县教育局２０２２年政务公开工作年度报告', 2022, '示例县教育局'],
    ['示例县教育局关于2022年政府信息公开工作年度报告', 2022, '示例县教育局'],
    ['2022年政府信息公开工作年度报告', 2022, null],
  ];
  for (const [title, year, agency] of cases) {
    it(title, () => {
      const p = parseReportPage(withTitle(title));
      assert.equal(p.year, year);
      assert.equal(p.agencyName, agency);
    });
  }

  it('a site name before the title is not the agency', () => {
    const html = page.replace(/<meta name="ArticleTitle"[^>]*>/, '').replace(/<h2 class="article-title">[^<]*<\/h2>/, '').replace(/<title>[^<]*<\/title>/, `<title>示例市人民政府门户网站 - ${TITLE}</title>`);
    const p = parseReportPage(html);
    assert.equal(p.year, 2022);
    assert.equal(p.agencyName, '示例市生态环境局');
  });

  it('without a year in the title, the statistics period gives it', () => {
    const p = parseReportPage(withTitle('年度报告'));
    assert.equal(p.year, 2022);
    assert.equal(p.agencyName, null);
  });

  it('without any, the year is null (links to other years’ reports do not count)', () => {
    const html = withTitle('年度报告').replace('本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。', '');
    assert.match(html, /2021年政府信息公开工作年度报告<\/a>/);
    const p = parseReportPage(html);
    assert.equal(p.year, null);
    assert.deepEqual(p.warnings, ['未找到报告年度']);
  });
});

describe('parseReportPage: pages it refuses', () => {
  const page = fixture('report-2021.html');

  it('a page that is not a report', () => {
    assert.deepEqual(problemsOf(fixture('not-a-report.html')), [{ row: null, column: null, message: '未找到年度报告的表格' }]);
    assert.deepEqual(problemsOf('<html><body><p>政府信息公开</p></body></html>'), [{ row: null, column: null, message: '未找到年度报告的表格' }]);
    assert.deepEqual(problemsOf(''), [{ row: null, column: null, message: '未找到年度报告的表格' }]);
  });

  it('a free-form report from before 2019 (no tables to read)', () => {
    assert.deepEqual(problemsOf(fixture('report-free-2017.html')), [{ row: null, column: null, message: '未找到年度报告的表格' }]);
  });

  it('missing rows of table 三, each named by its printed label', () => {
    const html = page
      .replace(/<tr>\s*<td><p><span>2\.重复申请<\/span>[\s\S]*?<\/tr>/, '')
      .replace('<td rowspan="5"><p align="center"><span>（五）不予处理', '<td rowspan="4"><p align="center"><span>（五）不予处理')
      .replace(/<tr>\s*<td colspan="3"><p><span>四、结转下年度继续办理[\s\S]*?<\/tr>/, '');
    assert.deepEqual(problemsOf(html), [
      { row: '2.重复申请', column: null, message: '表三缺少“2.重复申请”行' },
      { row: FORWARD, column: null, message: `表三缺少“${FORWARD}”行` },
    ]);
  });

  it('a missing row even when a stray rowspan shifts the next rows', () => {
    const html = page.replace(/<tr>\s*<td><p><span>2\.重复申请<\/span>[\s\S]*?<\/tr>/, '');
    assert.deepEqual(problemsOf(html), [{ row: '2.重复申请', column: null, message: '表三缺少“2.重复申请”行' }]);
  });

  it('text in a number cell, named by row and column and quoted', () => {
    const html = page
      .replace('<td><p align="center">15</p></td><td><p align="center">3</p></td>', '<td><p align="center">15</p></td><td><p align="center">见附件</p></td>')
      .replace('<td colspan="3"><p align="center"><span>356</span></p></td>', '<td colspan="3"><p align="center"><span>356项</span></p></td>');
    assert.deepEqual(problemsOf(html), [
      { row: '（一）予以公开', column: '商业企业', message: '表三“（一）予以公开”行“商业企业”列应为数字，却是“见附件”' },
      { row: '行政许可', column: '本年处理决定数量', message: '表二“行政许可”行“本年处理决定数量”列应为数字，却是“356项”' },
    ]);
  });

  it('a decimal where table 三 counts applications', () => {
    const html = page.replace('<p align="center">38</p>', '<p align="center">38.5</p>');
    assert.deepEqual(problemsOf(html), [
      { row: NEW, column: '自然人', message: `表三“${NEW}”行“自然人”列应为数字，却是“38.5”` },
    ]);
  });

  it('a report without table 四', () => {
    const html = page.replace(/<table border="1"[^>]*>\s*<tbody>\s*<tr>\s*<td colspan="5"><p align="center"><span>行政复议[\s\S]*?<\/table>/, '');
    assert.deepEqual(problemsOf(html), [{ row: null, column: null, message: '未找到年度报告的表格：表四（政府信息公开行政复议、行政诉讼情况）' }]);
  });

  it('a page over 5 MB', () => {
    const big = `<html><body>${'<p>政府信息公开</p>'.repeat(400_000)}</body></html>`;
    assert.ok(Buffer.byteLength(big) > 5 * 1024 * 1024);
    assert.deepEqual(problemsOf(big), [{ row: null, column: null, message: '页面超过 5 MB，不是一篇年度报告' }]);
    assert.throws(() => decodeReportPage(Buffer.alloc(5 * 1024 * 1024 + 1, 0x20)), ReportParseError);
  });
});

// ---------------------------------------------------------------- bytes

/**
 * A GBK encoder for the test: Node decodes GBK but cannot encode it, so the reverse
 * map is built by decoding every two-byte sequence once.
 */
function gbkEncoder(): (s: string) => Buffer {
  const map = new Map<string, [number, number]>();
  const decoder = new TextDecoder('gbk');
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.of(a, b));
      if (ch.length === 1 && ch !== '\ufffd' && !map.has(ch)) map.set(ch, [a, b]);
    }
  }
  return (s) => {
    const out: number[] = [];
    for (const ch of s) {
      const code = ch.codePointAt(0)!;
      if (code < 0x80) out.push(code);
      else {
        const pair = map.get(ch);
        assert.ok(pair, `no GBK code for ${ch} (U+${code.toString(16)})`);
        out.push(...pair);
      }
    }
    return Buffer.from(out);
  };
}

describe('decodeReportPage', () => {
  const toGbk = gbkEncoder();
  const isUtf8 = (b: Buffer) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b);
      return true;
    } catch {
      return false;
    }
  };

  it('a GBK page declared by http-equiv is decoded and parsed like the UTF-8 one', () => {
    const text = fixture('report-2021.html').replace('charset=utf-8', 'charset=gbk');
    const bytes = toGbk(text);
    assert.equal(isUtf8(bytes), false, 'the bytes really are not UTF-8');
    assert.equal(decodeReportPage(bytes), text);
    assert.deepEqual(parseReportPage(decodeReportPage(bytes)), parseReportPage(fixture('report-2021.html')));
  });

  it('a GB2312 page declared by <meta charset>, and one declaring nothing', () => {
    const text = fixture('report-2021-mismatch.html').replace('<meta charset="utf-8">', '<meta charset="gb2312">');
    assert.equal(decodeReportPage(toGbk(text)), text);
    const bare = fixture('report-2021-mismatch.html').replace('<meta charset="utf-8">', '');
    assert.equal(decodeReportPage(toGbk(bare)), bare);
    assert.deepEqual(parseReportPage(decodeReportPage(toGbk(bare))).figures, parseReportPage(fixture('report-2021-mismatch.html')).figures);
  });

  it('UTF-8, with or without a BOM, even when the page still declares gb2312', () => {
    const text = fixture('report-2019.html');
    assert.match(text, /charset=gb2312/);
    assert.equal(decodeReportPage(Buffer.from(text, 'utf8')), text);
    assert.equal(decodeReportPage(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])), text);
  });
});

// ---------------------------------------------------------------- free-form reports

describe('extractProactiveTotal', () => {
  const cases: Array<[string, { year: number | null; total: number | null }]> = [
    ['2016年，我局全年共主动公开政府信息1234条，其中规范性文件12件。', { year: 2016, total: 1234 }],
    ['本机关2017年度主动公开各类政府信息3,456条（件），均通过门户网站发布。', { year: 2017, total: 3456 }],
    ['2015年共发布信息 789 条。', { year: 2015, total: 789 }],
    ['全年主动公开政府信息１２３４条。', { year: null, total: 1234 }],
    ['二〇一八年，全区主动公开政府信息，共计2,001条。', { year: 2018, total: 2001 }],
    ['2014年通过门户网站主动公开政府信息326条。', { year: 2014, total: 326 }],
    // A total first, then its parts: the total.
    ['全年共主动公开信息500条，其中通过门户网站主动公开信息400条，通过政务微博发布信息100条。', { year: null, total: 500 }],
    // No total stated.
    ['2014年，我局认真贯彻落实条例，受理依申请公开政府信息12件。', { year: 2014, total: null }],
    ['全年召开会议12次，印发通知3件，发布会2场。', { year: null, total: null }],
    ['其中通过门户网站主动公开信息100条。', { year: null, total: null }],
    ['全年主动公开政府信息1200余条。', { year: null, total: null }],
    ['全年主动公开政府信息约1200条。', { year: null, total: null }],
    ['主动公开信息，印发文件12件。', { year: null, total: null }],
    // One figure per channel and no total: not added up.
    ['通过网站主动公开信息100条，通过微博主动公开信息50条。', { year: null, total: null }],
    ['', { year: null, total: null }],
  ];
  for (const [text, expected] of cases) {
    it(text || '(empty)', () => assert.deepEqual(extractProactiveTotal(text), expected));
  }

  it('a whole free-form report page', () => {
    assert.deepEqual(extractProactiveTotal(fixture('report-free-2017.html')), { year: 2017, total: 1208 });
  });

  it('a page that states no total', () => {
    assert.deepEqual(extractProactiveTotal(fixture('not-a-report.html')), { year: null, total: null });
  });
});

describe('labelKey', () => {
  it('keeps wording and drops spacing, punctuation and width', () => {
    assert.equal(labelKey('（二）部分公开'), labelKey('(二) 部分公开'));
    assert.equal(labelKey('3.危及“三安全一稳定”'), labelKey('3．危及"三安全一稳定"'));
    assert.equal(labelKey('1.申请人无正当理由逾期不补正、行政机关'), labelKey('1、申请人无正当理由逾期不补正，行政机关'));
    assert.equal(labelKey('总\u3000计'), '总计');
    assert.notEqual(labelKey('3.其他'), labelKey('其他'));
    assert.notEqual(labelKey('规范性文件'), labelKey('行政规范性文件'));
  });
});

// ---------------------------------------------------------------- any figures, printed as sites print them

interface Style {
  zero: string;
  fullWidth: boolean;
  halfWidthParens: boolean;
  dropNote: boolean;
  spacedLabels: boolean;
  thousands: boolean;
}

const FULL_DIGITS = '０１２３４５６７８９';

function printNumber(n: number, s: Style): string {
  if (n === 0) return s.zero;
  let t = String(Math.abs(n));
  if (s.thousands && Number.isInteger(n)) t = t.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (s.fullWidth) t = t.replace(/\d/g, (d) => FULL_DIGITS[Number(d)]!);
  return (n < 0 ? '-' : '') + t;
}

function printLabel(label: string, s: Style): string {
  let t = label;
  if (s.dropNote) t = t.replace(/（区分处理的.*）$/, '');
  if (s.halfWidthParens) t = t.replace(/（/g, '(').replace(/）/g, ')');
  if (s.spacedLabels && t.length > 4) t = `${t.slice(0, 2)}&nbsp;<span>${t.slice(2, 4)}</span>\n${t.slice(4)}`;
  return t;
}

function printPage(f: ReportFigures, year: number, s: Style): string {
  const td = (content: string, attrs = '') => `<td${attrs}><p style="text-align:center">${content}</p></td>`;
  let two = '';
  for (const b of proactiveLayout(f.format)) {
    const last = b.columns.length === 4 ? '' : ` colspan="${5 - b.columns.length}"`;
    const cells = (xs: string[]) => xs.map((x, i) => td(x, i === xs.length - 1 ? last : '')).join('');
    two += `<tr>${td(printLabel(b.title, s), ' colspan="4"')}</tr><tr>${cells(b.columns.map((c) => printLabel(c, s)))}</tr>`;
    for (const r of b.rows) two += `<tr>${cells([printLabel(r, s), ...b.columns.slice(1).map((c) => printNumber(f.proactive[r]![c]!, s))])}</tr>`;
  }
  const rows = requestRows(f.format);
  const spanned = rows.filter((r) => r.group).length;
  let three =
    `<tr>${td('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', ' colspan="3" rowspan="3"')}${td('申请人情况', ' colspan="7"')}</tr>` +
    `<tr>${td('自然人', ' rowspan="2"')}${td('法人或其他组织', ' colspan="5"')}${td('总计', ' rowspan="2"')}</tr>` +
    `<tr>${REQUEST_COLUMNS.slice(1, 6).map((c) => td(c)).join('')}</tr>`;
  let seenResults = false;
  let group = '';
  for (const r of rows) {
    let head = '';
    if (!r.group) head = td(printLabel(r.label, s), ' colspan="3"');
    else {
      if (!seenResults) head += td('三、本年度办理结果', ` rowspan="${spanned}"`);
      seenResults = true;
      if (r.group === '三、本年度办理结果') head += td(printLabel(r.label, s), ' colspan="2"');
      else {
        if (r.group !== group) head += td(printLabel(r.group, s), ` rowspan="${rows.filter((x) => x.group === r.group).length}"`);
        head += td(printLabel(r.label, s));
      }
      group = r.group;
    }
    three += `<tr>${head}${f.requests[r.label]!.map((n) => td(printNumber(n, s))).join('')}</tr>`;
  }
  const four =
    `<tr>${td('行政复议', ' colspan="5"')}${td('行政诉讼', ' colspan="10"')}</tr>` +
    `<tr>${REVIEW_RESULTS.map((r) => td(r, ' rowspan="2"')).join('')}${td('未经复议直接起诉', ' colspan="5"')}${td('复议后起诉', ' colspan="5"')}</tr>` +
    `<tr>${[...REVIEW_RESULTS, ...REVIEW_RESULTS].map((r) => td(r)).join('')}</tr>` +
    `<tr>${f.reviewLitigation.map((n) => td(printNumber(n, s))).join('')}</tr>`;
  const title = `示例县统计局${year}年政府信息公开工作年度报告`;
  return (
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body>` +
    `<table class="nav"><tr><td><a href="/">首页</a></td><td><a href="/zwgk/">政务公开</a></td></tr></table>` +
    `<h1>${title}</h1><p>二、主动公开政府信息情况</p><table border="1">${two}</table>` +
    `<p>三、收到和处理政府信息公开申请情况</p><table border="1">${three}</table>` +
    `<p>四、政府信息公开行政复议、行政诉讼情况</p><table border="1">${four}</table></body></html>`
  );
}

const arbitraryReport = fc.constantFrom<'2021' | '2019'>('2021', '2019').chain((format) => {
  const proactive: Record<string, fc.Arbitrary<Record<string, number>>> = {};
  for (const b of proactiveLayout(format)) {
    for (const r of b.rows) {
      proactive[r] = fc.record(
        Object.fromEntries(
          b.columns.slice(1).map((c) => [
            c,
            c.includes('金额') ? fc.nat(1_000_000).map((n) => n / 100) : c.includes('增/减') ? fc.integer({ min: -50, max: 50 }) : fc.nat(20_000),
          ]),
        ),
      );
    }
  }
  const rows = requestRows(format);
  return fc.record({
    year: format === '2021' ? fc.integer({ min: 2021, max: 2035 }) : fc.constantFrom(2019, 2020),
    figures: fc.record({
      format: fc.constant(format),
      proactive: fc.record(proactive),
      requests: fc
        .array(fc.array(fc.nat(3000), { minLength: 7, maxLength: 7 }), { minLength: rows.length, maxLength: rows.length })
        .map((vs) => Object.fromEntries(rows.map((r, i) => [r.label, vs[i]!]))),
      reviewLitigation: fc.array(fc.nat(50), { minLength: 15, maxLength: 15 }),
    }),
    style: fc.record({
      zero: fc.constantFrom('0', '', '&nbsp;', '　', '０'),
      fullWidth: fc.boolean(),
      halfWidthParens: fc.boolean(),
      dropNote: fc.boolean(),
      spacedLabels: fc.boolean(),
      thousands: fc.boolean(),
    }),
  });
});

describe('parseReportPage: any figures, printed in any of the usual ways, read back the same', () => {
  it('round-trips', () => {
    fc.assert(
      fc.property(arbitraryReport, ({ year, figures: f, style }) => {
        const parsed = parseReportPage(printPage(f as ReportFigures, year, style));
        // fast-check's records have no prototype; the parser's objects are plain.
        assert.deepEqual(parsed.figures, JSON.parse(JSON.stringify(f)));
        assert.equal(parsed.format, f.format);
        assert.equal(parsed.year, year);
        assert.equal(parsed.agencyName, '示例县统计局');
        assert.deepEqual(parsed.warnings, []);
      }),
      { numRuns: 150 },
    );
  });
});
