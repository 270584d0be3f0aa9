import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type AppealLedgerRow,
  LEDGER_KINDS,
  LedgerError,
  type LedgerProblem,
  MAX_LEDGER_ROWS,
  type RequestLedgerRow,
  formatLedgerCsv,
  parseLedger,
  parseLedgerDate,
  readCsv,
} from './request.ledger.js';
import {
  APPEAL_RESULTS,
  APPEAL_TYPES,
  APPLICANT_KIND_KEYS,
  type AppealResult,
  type AppealType,
  REQUEST_OUTCOMES,
  REQUEST_OUTCOME_KEYS,
  outcomeLedgerText,
} from './request.js';

const REQUESTS_HEADER = '收到日期,申请人类型,申请人,申请内容,答复日期,处理结果';
const APPEALS_HEADER = '类型,结果,立案日期,结案日期';

/** The problems a ledger is refused for (fails if it is accepted). */
function problemsOf(text: string): LedgerProblem[] {
  try {
    parseLedger(text);
  } catch (e) {
    assert.ok(e instanceof LedgerError, String(e));
    return e.problems;
  }
  assert.fail('the ledger should have been refused');
}

const requests = (text: string) => {
  const r = parseLedger(text);
  assert.equal(r.kind, 'requests');
  return r.kind === 'requests' ? r.rows : [];
};
const appeals = (text: string) => {
  const r = parseLedger(text);
  assert.equal(r.kind, 'appeals');
  return r.kind === 'appeals' ? r.rows : [];
};

describe('the fixed headers', () => {
  it('are exactly as agreed', () => {
    assert.equal(LEDGER_KINDS.requests.headers.join(','), REQUESTS_HEADER);
    assert.equal(LEDGER_KINDS.appeals.headers.join(','), APPEALS_HEADER);
  });
});

describe('parseLedger: the application ledger', () => {
  it('reads rows, open and answered, and normalises dates', () => {
    const rows = requests(
      [
        REQUESTS_HEADER,
        '2026-01-05,自然人,张三,某路段改造工程的立项批复,2026-01-20,予以公开',
        '2026/2/3,商业企业,某某有限公司,2025年度招标文件,2026年2月28日,部分公开',
        '2026年3月1日,法律服务机构,某某律师事务所,行政处罚决定书,2026-3-2,不予公开：5',
        '2026-03-10,社会公益组织,某基金会,资金使用情况,2026-04-01,无法提供：本机关不掌握相关政府信息',
        '2026-03-11,科研机构,某研究院,统计数据,,',
        '2026-03-12,其他,某村民委员会,土地征收方案,2026-03-12,其他处理：2',
      ].join('\n'),
    );
    assert.deepEqual(rows, [
      { line: 2, receivedDate: '2026-01-05', applicantKind: 'natural_person', applicant: '张三', content: '某路段改造工程的立项批复', repliedDate: '2026-01-20', outcome: 'disclose' },
      { line: 3, receivedDate: '2026-02-03', applicantKind: 'commercial', applicant: '某某有限公司', content: '2025年度招标文件', repliedDate: '2026-02-28', outcome: 'partial' },
      { line: 4, receivedDate: '2026-03-01', applicantKind: 'legal_service', applicant: '某某律师事务所', content: '行政处罚决定书', repliedDate: '2026-03-02', outcome: 'withhold_internal' },
      { line: 5, receivedDate: '2026-03-10', applicantKind: 'public_interest', applicant: '某基金会', content: '资金使用情况', repliedDate: '2026-04-01', outcome: 'unavailable_not_held' },
      { line: 6, receivedDate: '2026-03-11', applicantKind: 'research', applicant: '某研究院', content: '统计数据', repliedDate: null, outcome: null },
      { line: 7, receivedDate: '2026-03-12', applicantKind: 'other_org', applicant: '某村民委员会', content: '土地征收方案', repliedDate: '2026-03-12', outcome: 'other_fee_unpaid' },
    ]);
  });

  it('tolerates a BOM, CRLF, spaces around fields, blank and trailing lines, and empty trailing cells', () => {
    const rows = requests(
      `\uFEFF ${REQUESTS_HEADER.replace(/,/g, ' , ')} ,,\r\n\r\n  2026-01-05 , 自然人 ,  张三 , 内容 , 2026-01-06 , 予以公开 ,,\r\n,,,,,\r\n2026-01-07,自然人,李四,内容二,,\r\n\r\n\r\n`,
    );
    assert.deepEqual(
      rows.map((r) => [r.line, r.applicant, r.repliedDate, r.outcome]),
      [
        [3, '张三', '2026-01-06', 'disclose'],
        [5, '李四', null, null],
      ],
    );
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, counting rows as a spreadsheet does', () => {
    const rows = requests(
      [
        REQUESTS_HEADER,
        '2026-01-05,自然人,"张三","关于""三安全一稳定""的文件，包括：\r\n1. 通知,\n2. 方案",2026-01-20,"不予公开：3"',
        '2026-01-06,自然人,  "李四"  ,"a,b",,',
        '2026-01-07,自然人,王五,"引号""后"面的字,,',
      ].join('\r\n'),
    );
    assert.deepEqual(
      rows.map((r) => [r.line, r.applicant, r.content, r.outcome]),
      [
        [2, '张三', '关于"三安全一稳定"的文件，包括：\n1. 通知,\n2. 方案', 'withhold_three_safety'],
        [3, '李四', 'a,b', null],
        [4, '王五', '引号"后面的字', null],
      ],
    );
  });

  it('reads every way of writing an outcome that the report table prints', () => {
    const cases: [string, string][] = [
      ['予以公开', 'disclose'],
      ['（一）予以公开', 'disclose'],
      ['部分公开', 'partial'],
      ['部分公开（区分处理的，只计这一情形，不计其他情形）', 'partial'],
      ['不予公开：1', 'withhold_state_secret'],
      ['不予公开:8', 'withhold_query'],
      ['（三）不予公开：1.属于国家秘密', 'withhold_state_secret'],
      ['不予公开：危及"三安全一稳定"', 'withhold_three_safety'],
      ['无法提供：2', 'unavailable_needs_creation'],
      ['不予处理：重复申请', 'not_processed_repeat'],
      ['其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', 'other_no_correction'],
      ['其他处理：3', 'other'],
      // Full-width digits, as a Chinese IME types them, and the office's short names.
      ['不予公开：５', 'withhold_internal'],
      ['不予公开：国家秘密', 'withhold_state_secret'],
      ['无法提供：本机关不掌握', 'unavailable_not_held'],
      ['其他处理: 逾期未缴费', 'other_fee_unpaid'],
    ];
    const text = [REQUESTS_HEADER, ...cases.map(([o]) => `2026-01-05,自然人,张三,内容,2026-01-06,"${o.replace(/"/g, '""')}"`)].join('\n');
    assert.deepEqual(
      requests(text).map((r) => r.outcome),
      cases.map(([, key]) => key),
    );
  });

  it('every outcome is read from its short name', () => {
    const text = [REQUESTS_HEADER, ...REQUEST_OUTCOME_KEYS.map((o) => `2026-01-05,自然人,张三,内容,2026-01-06,"${REQUEST_OUTCOMES[o].short.replace(/"/g, '""')}"`)].join('\n');
    assert.deepEqual(
      requests(text).map((r) => r.outcome),
      REQUEST_OUTCOME_KEYS,
    );
  });

  it('every outcome survives its ledger text', () => {
    const text = [REQUESTS_HEADER, ...REQUEST_OUTCOME_KEYS.map((o) => `2026-01-05,自然人,张三,内容,2026-01-06,${outcomeLedgerText(o)}`)].join('\n');
    assert.deepEqual(
      requests(text).map((r) => r.outcome),
      REQUEST_OUTCOME_KEYS,
    );
  });

  it('reports every problem at once, by row and column', () => {
    const problems = problemsOf(
      [
        REQUESTS_HEADER,
        '2026-01-05,自然人,张三,内容,2026-01-20,予以公开', // fine
        '2026-02-30,个人,张三,内容,2026-01-20,予以公开',
        '2026-01-05,自然人,,,2026-01-04,不予公开：9',
        '20260105,自然人,张三,内容,,予以公开',
        '2026-01-05,自然人,张三,内容,2026-01-06,',
        '2026-01-05,自然人,张三,内容,2026-01-06,不予公开',
        ',,张三,内容,明天,予以公开',
        '2026-01-05,自然人,张三,内容,2026-01-06,予以公开,多余',
        '2026-01-05,自然人,张三',
        '2026-01-05,自然人,"张三,内容,2026-01-06,予以公开', // unclosed quote: swallows the rest
        '2026-01-05,自然人,张三,内容,2026-01-06,予以公开',
      ].join('\n'),
    );
    const brief = problems.map((p) => [p.line, p.field]);
    assert.deepEqual(brief, [
      [3, '收到日期'],
      [3, '申请人类型'],
      [4, '申请人'],
      [4, '申请内容'],
      [4, '答复日期'],
      [4, '处理结果'],
      [5, '收到日期'],
      [5, '处理结果'],
      [6, '处理结果'],
      [7, '处理结果'],
      [8, '收到日期'],
      [8, '申请人类型'],
      [8, '答复日期'],
      [9, null],
      [10, null],
      [11, null],
    ]);
    const msg = (line: number, field: string | null) => problems.find((p) => p.line === line && p.field === field)!.message;
    assert.equal(msg(3, '收到日期'), '“2026-02-30”不是实际存在的日期');
    assert.match(msg(3, '申请人类型'), /申请人类型“个人”不正确，应为“自然人”、“商业企业”、“科研机构”、“社会公益组织”、“法律服务机构”或“其他”/);
    assert.equal(msg(4, '答复日期'), '答复日期2026-01-04早于收到日期2026-01-05');
    assert.match(msg(4, '处理结果'), /处理结果“不予公开：9”无法识别/);
    assert.match(msg(5, '收到日期'), /“20260105”不是有效日期，应写作2026-09-15/);
    assert.match(msg(5, '处理结果'), /答复日期为空表示尚未办结，处理结果应留空/);
    assert.equal(msg(6, '处理结果'), '已填写答复日期，请填写处理结果');
    assert.match(msg(7, '处理结果'), /缺少具体情形.*“不予公开：1”/);
    assert.equal(msg(8, '收到日期'), '请填写收到日期');
    assert.equal(msg(8, '申请人类型'), '请填写申请人类型');
    assert.match(msg(9, null), /本行有7列，多于表头的6列（多出的内容：“多余”）/);
    assert.match(msg(10, null), /本行只有3列，少于表头的6列/);
    assert.match(msg(11, null), /引号没有闭合/);
  });

  it('accepts a row that lost the commas of its empty last cells, as some Excel versions write them', () => {
    const rows = requests(`${REQUESTS_HEADER}\n2026-01-05,自然人,张三,内容\n2026-01-05,自然人,张三,内容,`);
    assert.deepEqual(
      rows.map((r) => [r.repliedDate, r.outcome]),
      [
        [null, null],
        [null, null],
      ],
    );
  });

  it('refuses overlong names and contents', () => {
    const problems = problemsOf(`${REQUESTS_HEADER}\n2026-01-05,自然人,${'张'.repeat(201)},${'字'.repeat(10_001)},,`);
    assert.deepEqual(
      problems.map((p) => p.field),
      ['申请人', '申请内容'],
    );
  });

  it('refuses more than 200,000 rows', () => {
    const row = '2026-01-05,自然人,张三,内容,2026-01-06,予以公开\n';
    const ok = requests(REQUESTS_HEADER + '\n' + row.repeat(MAX_LEDGER_ROWS));
    assert.equal(ok.length, MAX_LEDGER_ROWS);
    assert.equal(ok.at(-1)!.line, MAX_LEDGER_ROWS + 1);
    const problems = problemsOf(REQUESTS_HEADER + '\n' + row.repeat(MAX_LEDGER_ROWS + 1));
    assert.deepEqual(problems, [{ line: MAX_LEDGER_ROWS + 2, field: null, message: '台账超过200000行，请分成多个文件导入' }]);
  });
});

describe('parseLedger: the appeals ledger', () => {
  it('reads cases, open and closed', () => {
    const rows = appeals(
      [
        APPEALS_HEADER,
        '行政复议,维持,2026-01-05,2026-03-01',
        '未经复议直接起诉,纠正,2026/1/6,2026年6月1日',
        '复议后起诉,其他,2026-01-07,2026-01-07',
        '行政复议,尚未审结,2026-02-01,',
        '行政复议,,2026-02-02,',
        '行政复议,结果维持,2026-02-03,2026-02-04',
        '复议后起诉,,2026-02-05',
      ].join('\r\n'),
    );
    assert.deepEqual(rows, [
      { line: 2, type: 'reconsideration', result: 'upheld', filedDate: '2026-01-05', closedDate: '2026-03-01' },
      { line: 3, type: 'litigation_direct', result: 'corrected', filedDate: '2026-01-06', closedDate: '2026-06-01' },
      { line: 4, type: 'litigation_after_reconsideration', result: 'other', filedDate: '2026-01-07', closedDate: '2026-01-07' },
      { line: 5, type: 'reconsideration', result: 'pending', filedDate: '2026-02-01', closedDate: null },
      { line: 6, type: 'reconsideration', result: 'pending', filedDate: '2026-02-02', closedDate: null },
      { line: 7, type: 'reconsideration', result: 'upheld', filedDate: '2026-02-03', closedDate: '2026-02-04' },
      { line: 8, type: 'litigation_after_reconsideration', result: 'pending', filedDate: '2026-02-05', closedDate: null },
    ]);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(
      [
        APPEALS_HEADER,
        '行政诉讼,维持,2026-01-05,2026-03-01',
        '行政复议,撤销,2026-01-05,2026-03-01',
        '行政复议,维持,2026-03-05,2026-03-01',
        '行政复议,维持,2026-03-05,',
        '行政复议,尚未审结,2026-03-05,2026-03-06',
        '行政复议,,2026-03-05,2026-03-06',
        '行政复议,维持,,2026-13-01',
        '行政复议',
      ].join('\n'),
    );
    assert.deepEqual(
      problems.map((p) => [p.line, p.field]),
      [
        [2, '类型'],
        [3, '结果'],
        [4, '结案日期'],
        [5, '结果'],
        [6, '结果'],
        [7, '结果'],
        [8, '立案日期'],
        [8, '结案日期'],
        [9, null],
      ],
    );
    assert.match(problems[0]!.message, /类型“行政诉讼”不正确，应为“行政复议”、“未经复议直接起诉”或“复议后起诉”/);
    assert.equal(problems[2]!.message, '结案日期2026-03-01早于立案日期2026-03-05');
    assert.match(problems[3]!.message, /结案日期为空表示尚未审结/);
  });
});

describe('parseLedger: the file as a whole', () => {
  it('refuses an unknown header, naming both that it knows', () => {
    const problems = problemsOf('日期,申请人,内容\n2026-01-05,张三,内容');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.line, 1);
    assert.match(problems[0]!.message, /无法识别的表头“日期,申请人,内容”/);
    assert.ok(problems[0]!.message.includes(REQUESTS_HEADER) && problems[0]!.message.includes(APPEALS_HEADER));
    // A header that is nearly right is still wrong: the names are fixed.
    assert.equal(problemsOf('收到日期,申请人类别,申请人,申请内容,答复日期,处理结果').length, 1);
    assert.equal(problemsOf(`${APPEALS_HEADER},备注`).length, 1);
  });

  it('refuses an empty file and reads a header without rows', () => {
    for (const empty of ['', '\uFEFF', '\r\n\r\n', ' , ,\n']) assert.match(problemsOf(empty)[0]!.message, /台账是空的/);
    assert.deepEqual(parseLedger(`${APPEALS_HEADER}\r\n`), { kind: 'appeals', rows: [] });
    assert.deepEqual(parseLedger(REQUESTS_HEADER), { kind: 'requests', rows: [] });
  });

  it('LedgerError says how many problems and the first ones', () => {
    try {
      parseLedger(`${APPEALS_HEADER}\n行政诉讼,维持,2026-01-05,2026-03-01`);
      assert.fail('refused');
    } catch (e) {
      assert.ok(e instanceof LedgerError);
      assert.match(e.message, /^台账有1处问题：第2行“类型”：类型“行政诉讼”不正确/);
    }
  });
});

describe('parseLedgerDate', () => {
  it('normalises the accepted forms', () => {
    const cases: [string, string | null][] = [
      ['2026-09-15', '2026-09-15'],
      ['2026-9-5', '2026-09-05'],
      ['2026/9/15', '2026-09-15'],
      ['2026/09/05', '2026-09-05'],
      ['2026年9月15日', '2026-09-15'],
      ['2026 年 9 月 15 日', '2026-09-15'],
      ['２０２６年９月１５日', '2026-09-15'],
      ['2026/9/15 0:00', '2026-09-15'],
      ['2026-09-15 00:00:00', '2026-09-15'],
      ['2024-02-29', '2024-02-29'],
      ['2026-02-29', null],
      ['2026-13-01', null],
      ['20260915', null],
      ['2026.9.15', null],
      ['15/9/2026', null],
      ['', null],
    ];
    for (const [text, iso] of cases) assert.equal(parseLedgerDate(text), iso, text);
  });
});

describe('readCsv', () => {
  const read = (text: string) => {
    const out: [number, string[]][] = [];
    const problem = readCsv(text, (r) => void out.push([r.line, r.fields]));
    return { out, problem };
  };

  it('follows RFC 4180 and reads leniently around it', () => {
    assert.deepEqual(read('a,b\r\n"c,1","d""2"\r\n').out, [
      [1, ['a', 'b']],
      [2, ['c,1', 'd"2']],
    ]);
    assert.deepEqual(read('"x\r\ny",z\nw').out, [
      [1, ['x\ny', 'z']],
      [2, ['w']],
    ]);
    assert.deepEqual(read('a,\n,\n\n').out, [
      [1, ['a', '']],
      [2, ['', '']],
      [3, ['']],
    ]);
    assert.deepEqual(read('a\rb').out, [
      [1, ['a']],
      [2, ['b']],
    ]);
    assert.deepEqual(read('').out, []);
    assert.deepEqual(read('a,"b').problem, { line: 1, field: null, message: '引号没有闭合（从本行开始的单元格缺少结束的英文双引号）' });
  });
});

describe('formatLedgerCsv', () => {
  it('writes the header, a BOM, CRLF, and quotes only where needed', () => {
    const rows: RequestLedgerRow[] = [
      { receivedDate: '2026-01-05', applicantKind: 'natural_person', applicant: '张三', content: '关于"改造",含逗号\n两行', repliedDate: '2026-01-20', outcome: 'withhold_internal' },
      { receivedDate: '2026-01-06', applicantKind: 'commercial', applicant: '=HYPERLINK("http://x")', content: '-5℃', repliedDate: null, outcome: null },
    ];
    assert.equal(
      formatLedgerCsv('requests', rows),
      '\uFEFF收到日期,申请人类型,申请人,申请内容,答复日期,处理结果\r\n' +
        '2026-01-05,自然人,张三,"关于""改造"",含逗号\n两行",2026-01-20,不予公开：5\r\n' +
        `2026-01-06,商业企业,"'=HYPERLINK(""http://x"")",'-5℃,,\r\n`,
    );
    assert.deepEqual(
      parseLedger(formatLedgerCsv('requests', rows)).rows.map(({ line: _, ...r }) => r),
      rows,
    );
    const appealRows: AppealLedgerRow[] = [
      { type: 'litigation_after_reconsideration', result: 'pending', filedDate: '2026-02-01', closedDate: null },
      { type: 'reconsideration', result: 'corrected', filedDate: '2026-02-01', closedDate: '2026-04-30' },
    ];
    assert.equal(formatLedgerCsv('appeals', appealRows), '\uFEFF类型,结果,立案日期,结案日期\r\n复议后起诉,尚未审结,2026-02-01,\r\n行政复议,纠正,2026-02-01,2026-04-30\r\n');
    assert.equal(formatLedgerCsv('appeals', []), '\uFEFF类型,结果,立案日期,结案日期\r\n');
  });

  // Text as typed: CSV's own characters, quotes, formula starters, line breaks, CJK and
  // astral characters. Parsing trims cells and reads a CRLF inside a cell as LF, so the
  // generated text is trimmed and has no CR.
  const cellChar = fc.constantFrom(',', '"', "'", '\n', ' ', '\t', '=', '+', '-', '@', '张', '三', 'a', '1', '；', '“', '𠀀', '\u3000');
  const cellText = (max: number) =>
    fc
      .tuple(fc.constantFrom('', "'", "''", '=', '-', '@', '+'), fc.array(fc.oneof(cellChar, fc.string({ maxLength: 3 })), { maxLength: 12 }))
      .map(([head, parts]) => (head + parts.join('')).replace(/\r/g, '').trim())
      .filter((s) => s !== '' && [...s].length <= max);
  const date = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

  const requestRow = fc
    .record({
      receivedDate: date,
      applicantKind: fc.constantFrom(...APPLICANT_KIND_KEYS),
      applicant: cellText(200),
      content: cellText(10_000),
      replied: fc.option(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.constantFrom(...REQUEST_OUTCOME_KEYS)), { nil: null }),
    })
    .map(({ replied, ...r }): RequestLedgerRow => {
      const repliedDate = replied ? new Date(Date.parse(r.receivedDate) + replied[0] * 86_400_000).toISOString().slice(0, 10) : null;
      return { ...r, repliedDate, outcome: replied ? replied[1] : null };
    });

  const appealRow = fc
    .record({
      type: fc.constantFrom(...(Object.keys(APPEAL_TYPES) as AppealType[])),
      filedDate: date,
      closed: fc.option(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.constantFrom<AppealResult>('upheld', 'corrected', 'other')), { nil: null }),
    })
    .map(({ closed, ...r }): AppealLedgerRow => ({
      ...r,
      result: closed ? closed[1] : 'pending',
      closedDate: closed ? new Date(Date.parse(r.filedDate) + closed[0] * 86_400_000).toISOString().slice(0, 10) : null,
    }));

  it('parseLedger reads back exactly what formatLedgerCsv wrote (applications)', () => {
    fc.assert(
      fc.property(fc.array(requestRow, { maxLength: 20 }), (rows) => {
        const parsed = parseLedger(formatLedgerCsv('requests', rows));
        assert.equal(parsed.kind, 'requests');
        assert.deepEqual(
          parsed.rows.map(({ line: _, ...r }) => r),
          rows,
        );
        assert.deepEqual(
          parsed.rows.map((r) => r.line),
          rows.map((_, i) => i + 2),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('parseLedger reads back exactly what formatLedgerCsv wrote (appeals)', () => {
    assert.deepEqual(Object.keys(APPEAL_RESULTS), ['upheld', 'corrected', 'other', 'pending']);
    fc.assert(
      fc.property(fc.array(appealRow, { maxLength: 20 }), (rows) => {
        const parsed = parseLedger(formatLedgerCsv('appeals', rows));
        assert.equal(parsed.kind, 'appeals');
        assert.deepEqual(
          parsed.rows.map(({ line: _, ...r }) => r),
          rows,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('parseLedger never throws anything but a LedgerError', () => {
    const noise = fc.array(fc.oneof(fc.constantFrom(REQUESTS_HEADER, APPEALS_HEADER, '\n', '\r\n', ',', '"', '2026-01-05', '自然人', '予以公开', '行政复议'), fc.string({ maxLength: 5 })), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(noise, (parts) => {
        try {
          parseLedger(parts.join(''));
        } catch (e) {
          assert.ok(e instanceof LedgerError, String(e));
          assert.ok(e.problems.length > 0);
          for (const p of e.problems) assert.ok(p.line >= 1 && p.message.length > 0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
