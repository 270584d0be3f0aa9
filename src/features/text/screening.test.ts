import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  isValidOrgCode,
  isValidResidentId,
  isValidUscc,
  luhnValid,
  maskBankCard,
  maskEmail,
  maskIdNumber,
  maskMobile,
  maskPersonalData,
  residentIdCheckChar,
  screenText,
  usccCheckChar,
  type FindingKind,
} from './screening.js';

const kinds = (text: string, extraWords?: string[]) =>
  screenText(text, extraWords ? { extraWords } : {}).map((f) => `${f.kind}:${f.match}`);

describe('checksums', () => {
  it('validates resident ID numbers (GB 11643)', () => {
    for (const id of ['440781199001011238', '11010519491231002X', '11010519491231002x', '452100200002291233']) {
      assert.equal(isValidResidentId(id), true, id);
    }
    for (const id of [
      '440781199001011234', // wrong check digit
      '440781199002301232', // 1990-02-30
      '990781199001011230', // no province 99
      '44078119900101123', // 17 digits
      '440781189001011230', // born 1890
    ]) {
      assert.equal(isValidResidentId(id), false, id);
    }
    assert.equal(residentIdCheckChar('11010519491231002'), 'X');
  });

  it('validates unified social credit codes and organisation codes', () => {
    assert.equal(isValidUscc('9144030059582741X1'), true);
    assert.equal(isValidUscc('9144030059582741X2'), false);
    assert.equal(usccCheckChar('9144030059582741X'), '1');
    assert.equal(isValidOrgCode('59582741X'), true);
    assert.equal(isValidOrgCode('59582741-X'), true);
    assert.equal(isValidOrgCode('59582741-5'), false);
  });

  it('checks Luhn', () => {
    assert.equal(luhnValid('6222021234567890128'), true);
    assert.equal(luhnValid('6222 0212 3456 7890 128'), true);
    assert.equal(luhnValid('6222021234567890127'), false);
    assert.equal(luhnValid('abc'), false);
  });
});

describe('maskers', () => {
  it('masks as the inspection rules require', () => {
    assert.equal(maskIdNumber('440781199001011234'), '440781********1234');
    assert.equal(maskMobile('13812341234'), '138****1234');
    assert.equal(maskMobile('+86 138-1234-1234'), '+86 138-****-1234');
    assert.equal(maskBankCard('6222021234567890128'), '6222***********0128');
    assert.equal(maskBankCard('6222 0212 3456 7890 128'), '6222 **** **** ***0 128');
    assert.equal(maskEmail('zhangsan@example.gov.cn'), 'z***@example.gov.cn');
  });

  it('masks personal data inside text and leaves the rest', () => {
    const text = '申请人张三，身份证号440781199001011238，手机13812341234，卡号6222021234567890128，邮箱zhangsan@qq.com，办公电话0750-2345678。';
    assert.equal(
      maskPersonalData(text),
      '申请人张三，身份证号440781********1238，手机138****1234，卡号6222***********0128，邮箱z***@qq.com，办公电话0750-2345678。',
    );
    assert.equal(maskPersonalData(text, ['mobile']).includes('440781199001011238'), true);
  });

  it('never changes text without findings', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789年月日号第条，。 -/〔〕') }), (s) => {
        fc.pre(screenText(s).length === 0);
        assert.equal(maskPersonalData(s), s);
      }),
      { numRuns: 500 },
    );
  });
});

describe('screenText: personal data', () => {
  it('finds IDs, credit codes, mobiles, landlines, cards and e-mails', () => {
    assert.deepEqual(
      kinds(
        '身份证：440781199001011238；信用代码9144030059582741X1；手机 138-1234-1234；' +
          '电话：(0755)82345678、010-87654321；联系电话075582345678；银行卡 6222 0212 3456 7890 128；' +
          '邮箱 gongkai@example.gov.cn',
      ),
      [
        'resident_id:440781199001011238',
        'uscc:9144030059582741X1',
        'mobile:138-1234-1234',
        'landline:(0755)82345678',
        'landline:010-87654321',
        'landline:075582345678',
        'bank_card:6222 0212 3456 7890 128',
        'email:gongkai@example.gov.cn',
      ],
    );
  });

  it('reports overlapping readings once, as the most specific kind', () => {
    // A valid ID number also passes Luhn? Either way it must be one finding.
    const f = screenText('号码440781199001011238');
    assert.equal(f.length, 1);
    assert.equal(f[0]!.kind, 'resident_id');
    assert.equal(f[0]!.severity, 'block');
    assert.equal(f[0]!.label, '居民身份证号码');
    assert.equal(f[0]!.suggestion, '建议遮盖为 440781********1238');
    // A mobile number as a mailbox name is an e-mail address, flagged for checking.
    const e = screenText('13812341234@139.com');
    assert.deepEqual(
      e.map((x) => [x.kind, x.severity]),
      [['email', 'warn']],
    );
  });

  it('gives offsets into the original text, full-width digits included', () => {
    const text = '电话：１３８１２３４１２３４。';
    const [f] = screenText(text);
    assert.ok(f);
    assert.equal(f.kind, 'mobile');
    assert.equal(text.slice(f.start, f.end), '１３８１２３４１２３４');
    assert.equal(f.match, '１３８１２３４１２３４');
  });

  it('accepts 15-digit IDs only when the text says they are ID numbers', () => {
    assert.deepEqual(kinds('身份证号码：440781900101123'), ['resident_id:440781900101123']);
    assert.deepEqual(kinds('注册号440781900101123'), []);
  });

  it('stays quiet on ordinary numbers', () => {
    const ordinary = [
      '2026年1月1日（20260101）起施行',
      '合计金额1234567.89元，其中12345678901.23元为专项资金',
      '国办发〔2019〕61号',
      '索引号：11441781007XXXXXXX/2026-00042',
      '索引号：114417810070123456/2026-00042',
      '流水号123813812341234999',
      '编号20261381234123400',
      '第13812341234567号',
      '订单1381234123',
      '邮编529500，传真号见附件',
      '国际标准书号 978-7-5097-1234-5',
      '统计代码 62220212345678901285',
      '2019-2020-2021-2022年度',
      '1.3812341234',
      '页码 0101 2345678',
    ];
    for (const text of ordinary) assert.deepEqual(kinds(text), [], text);
  });

  it('requires an area code form or a phone word for landlines', () => {
    assert.deepEqual(kinds('数量075582345678件'), []);
    assert.deepEqual(kinds('热线075582345678'), ['landline:075582345678']);
    assert.deepEqual(kinds('咨询（0755-2345678）'), ['landline:0755-2345678']);
    assert.deepEqual(kinds('010-1234567'), [], '010 numbers have 8 digits');
  });

  it('finds a mobile number hidden anywhere in random text, and only there', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'年月日的了，。 abc') }), fc.string({ unit: fc.constantFrom(...'年月日的，。 ') }), (a, b) => {
        const text = `${a}13912345678${b}`;
        const f = screenText(text);
        assert.deepEqual(
          f.map((x) => [x.kind, x.start]),
          [['mobile', a.length]],
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('screenText: classification marks', () => {
  it('recognises marks in their document forms', () => {
    assert.deepEqual(kinds('机密★1年\n秘密★\n绝密★长期\n密级：秘密\n秘密 ★ 6个月'), [
      'secrecy_marking:机密★1年',
      'secrecy_marking:秘密★',
      'secrecy_marking:绝密★长期',
      'secrecy_marking:密级：秘密',
      'secrecy_marking:秘密 ★ 6个月',
    ]);
    assert.deepEqual(kinds('  机密\n关于做好年度报告工作的通知'), ['secrecy_marking:机密']);
    assert.deepEqual(kinds('【机密】关于……'), ['secrecy_marking:机密']);
  });

  it('ignores the words in prose', () => {
    for (const text of [
      '行政机关不得公开涉及国家秘密的政府信息。',
      '涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开。',
      '绝密级国家秘密载体管理还应当遵守下列规定',
      '秘密事项的确定应当依法进行。',
      '（五）禁止将绝密级国家秘密载体携带出境',
      '企业接受委托印刷内部资料性出版物的，必须验证批准文件',
      '专业人员编印供内部使用的法规汇集',
      '请注意保存好收据',
    ]) {
      assert.deepEqual(kinds(text), [], text);
    }
  });

  it('recognises internal-use marks', () => {
    assert.deepEqual(kinds('内部资料 注意保存\n正文'), ['internal_marking:内部资料 注意保存']);
    assert.deepEqual(kinds('内部文件\n正文'), ['internal_marking:内部文件']);
    assert.deepEqual(kinds('本通知（内部使用）'), ['internal_marking:内部使用']);
    assert.deepEqual(kinds('内部资料，注意保存'), ['internal_marking:内部资料，注意保存']);
  });

  const regulation = '/work/shared/data/laws/行政法规/政府信息公开条例(2019-04-03).md';
  it('finds no classification mark in the Regulation on the Disclosure of Government Information', {
    skip: !existsSync(regulation) && 'regulation corpus absent (/work/shared/data/laws)',
  }, () => {
    const text = readFileSync(regulation, 'utf8');
    assert.ok(text.includes('国家秘密') && text.includes('商业秘密'));
    assert.deepEqual(screenText(text), []);
  });
});

describe('screenText: agency word list', () => {
  it('matches extra words case-insensitively, longest first', () => {
    assert.deepEqual(kinds('关于 ABC 项目与abc项目的内部文件汇编', ['abc', '文件汇编', '文件']), [
      'custom_word:ABC',
      'custom_word:abc',
      'custom_word:文件汇编',
    ]);
  });
  it('treats regex characters in words literally', () => {
    assert.deepEqual(kinds('a.b 与 axb', ['a.b']), ['custom_word:a.b']);
    assert.deepEqual(kinds('任何文本', ['', '  ']), []);
  });
});

describe('screenText: findings are ordered and disjoint', () => {
  it('holds for random mixtures of numbers and marks', () => {
    const piece = fc.constantFrom(
      '440781199001011238', '13812341234', '6222021234567890128', '9144030059582741X1', 'a@b.cn', '机密★1年',
      '010-87654321', '，', '\n', '号', ' ', '2026', '内部资料', '注意保存',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        const f = screenText(text, { extraWords: ['号'] });
        for (let i = 0; i < f.length; i++) {
          assert.equal(text.slice(f[i]!.start, f[i]!.end), f[i]!.match);
          if (i > 0) assert.ok(f[i - 1]!.end <= f[i]!.start, 'disjoint and sorted');
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('screenText over the 684 administrative regulations', () => {
  const dir = '/work/shared/data/laws/行政法规';
  const present = existsSync(dir);
  it('finds no ID, bank-card or mobile number and no classification mark', {
    skip: !present && `corpus absent: ${dir} (not part of the repository)`,
  }, () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
    assert.ok(files.length >= 600, `expected the full corpus, found ${files.length} files`);
    const hits: string[] = [];
    const strict = new Set<FindingKind>(['resident_id', 'bank_card', 'mobile', 'secrecy_marking']);
    let internal = 0;
    for (const f of files) {
      for (const x of screenText(readFileSync(join(dir, f), 'utf8'))) {
        if (strict.has(x.kind)) hits.push(`${f}: ${x.kind} ${x.match}`);
        if (x.kind === 'internal_marking') internal++;
      }
    }
    assert.deepEqual(hits, []);
    assert.ok(internal <= 2, `internal-use marks in regulations: ${internal}`);
  });
});
