import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkIdentity, isChinesePassport, maskEmail, maskIdentity, maskName, maskPhone } from './request.identity.js';
import { APPLICANT_KIND_KEYS, type IdType } from './request.js';

// An independent GB 11643 implementation, so the tests do not merely repeat the code.
function checkChar(first17: string): string {
  const weights = Array.from({ length: 17 }, (_, i) => 2 ** (17 - i) % 11);
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  return '10X98765432'[sum % 11]!;
}
const withCheck = (first17: string) => first17 + checkChar(first17);

const ok = (idType: IdType, n: string) => {
  const r = checkIdentity(idType, n);
  assert.equal(r.ok, true, `${idType} ${n}: ${r.ok ? '' : r.message}`);
  return r.ok ? r.normalised : '';
};
const bad = (idType: IdType, n: string, pattern?: RegExp) => {
  const r = checkIdentity(idType, n);
  assert.equal(r.ok, false, `${idType} ${n} should be refused`);
  if (!r.ok && pattern) assert.match(r.message, pattern, `${idType} ${n}: ${r.message}`);
  return r.ok ? '' : r.message;
};

describe('居民身份证', () => {
  it('accepts the GB 11643 example and numbers built with their check character', () => {
    assert.equal(checkChar('11010519491231002'), 'X');
    assert.equal(ok('resident_id', '11010519491231002X'), '11010519491231002X');
    for (const first17 of ['44030419900307123', '31010120000229001', '65010219991231999', '11010520991231000', '81000019000101111']) {
      const id = withCheck(first17);
      assert.equal(ok('resident_id', id), id);
    }
  });

  it('normalises a lower-case x, spaces and full-width characters', () => {
    assert.equal(ok('resident_id', '11010519491231002x'), '11010519491231002X');
    assert.equal(ok('resident_id', ' 110105 19491231 002X '), '11010519491231002X');
    assert.equal(ok('resident_id', '１１０１０５１９４９１２３１００２Ｘ'), '11010519491231002X');
  });

  it('says what is wrong', () => {
    bad('resident_id', '', /请填写居民身份证号码/);
    bad('resident_id', '   ', /请填写/);
    bad('resident_id', '1101051949123100', /应为18位，现为16位/);
    bad('resident_id', '11010519491231002XX', /应为18位，现为19位/);
    bad('resident_id', '110105491231002', /15位的旧号码/);
    bad('resident_id', '1101051949123100X2', /前17位应为数字/);
    bad('resident_id', '11010519491231002Y', /最后一位应为数字或字母X/);
    bad('resident_id', '11010519491231002Ｙ', /最后一位/);
    bad('resident_id', '11010519491231002 9', /校验位/);
    bad('resident_id', '110105194912310029', /校验位（第18位）不符/);
    bad('resident_id', withCheck('99010519491231002'), /前两位“99”不是有效的省级行政区划代码/);
  });

  it('refuses impossible birth dates, whatever the check character', () => {
    for (const birth of ['19491331', '19490230', '20230229', '19000000', '18991231', '21000101', '19490631']) {
      bad('resident_id', withCheck(`110105${birth}002`), /出生日期（第7至14位）/);
    }
    // 29 February in a leap year is a real day.
    ok('resident_id', withCheck('11010520240229002'));
    ok('resident_id', withCheck('11010520000229002'));
    bad('resident_id', withCheck('11010519000229002'), /出生日期/);
  });

  it('refuses a birth date after today when today is given', () => {
    const id = withCheck('11010520300101002');
    assert.equal(checkIdentity('resident_id', id).ok, true);
    const r = checkIdentity('resident_id', id, { today: '2026-11-26' });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.message, /晚于今天/);
    assert.equal(checkIdentity('resident_id', withCheck('11010520261126002'), { today: '2026-11-26' }).ok, true);
  });

  it('accepts every generated valid number and refuses every single-digit change of one', () => {
    const provinces = ['11', '12', '31', '44', '50', '65', '71', '81', '82', '83'];
    const first17 = fc
      .record({
        p: fc.constantFrom(...provinces),
        area: fc.integer({ min: 0, max: 9999 }),
        birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        seq: fc.integer({ min: 0, max: 999 }),
      })
      .map(({ p, area, birth, seq }) => `${p}${String(area).padStart(4, '0')}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`);
    fc.assert(
      fc.property(first17, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (f, pos, delta) => {
        const id = withCheck(f);
        const r = checkIdentity('resident_id', id.toLowerCase());
        assert.deepEqual(r, { ok: true, normalised: id });
        const changed = f.slice(0, pos) + String((Number(f[pos]) + delta) % 10) + f.slice(pos + 1) + id[17];
        assert.equal(checkIdentity('resident_id', changed).ok, false, changed);
      }),
      { numRuns: 500 },
    );
  });
});

describe('统一社会信用代码', () => {
  it('accepts real codes, normalising case and spaces', () => {
    assert.equal(ok('uscc', '91350100M000100Y43'), '91350100M000100Y43');
    assert.equal(ok('uscc', '9135 0100 m000 100y 43'), '91350100M000100Y43');
    assert.equal(ok('uscc', '11441700007280420y'), '11441700007280420Y');
    assert.equal(ok('uscc', '１１３４１７０２４８６３４４５１５Ｈ'), '11341702486344515H');
  });

  it('says what is wrong', () => {
    bad('uscc', '', /请填写统一社会信用代码/);
    bad('uscc', '9135010OM000100Y4', /应为18位，现为17位/);
    bad('uscc', '91350100M000100Y4-', /只能由数字和大写英文字母组成/);
    bad('uscc', '91350100M000100YO3', /不使用字母I、O、S、V、Z/);
    bad('uscc', '9135A100M000100Y43', /第3至8位应为数字/);
    bad('uscc', '91350100M000100Y44', /校验位（第18位）不符/);
  });

  it('refuses a code whose embedded organisation code fails even with the right last character', () => {
    // 91350100M000100Y4 with its organisation code's check character changed, and the
    // credit code's own check character recomputed.
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const first17 = '91350100M000100Y5';
    const sum = [...first17].reduce((acc, ch, i) => acc + alphabet.indexOf(ch) * weights[i]!, 0);
    const code = first17 + alphabet[(31 - (sum % 31)) % 31];
    bad('uscc', code, /第9至17位/);
  });
});

describe('护照', () => {
  it('accepts Chinese and foreign passport numbers', () => {
    for (const n of ['E12345678', 'G12345678', 'EA1234567', 'EB7654321', 'C01X00T47', '123456789', 'X1234', 'AB12345678901234567Z']) {
      assert.equal(ok('passport', n), n);
    }
    assert.equal(ok('passport', ' ea 123 4567 '), 'EA1234567');
    assert.equal(ok('passport', 'ｅ１２３４５６７８'), 'E12345678');
  });

  it('tells Chinese formats apart', () => {
    for (const n of ['E12345678', 'G12345678', 'EA1234567', 'ez1234567']) assert.equal(isChinesePassport(n), true, n);
    for (const n of ['E1234567', 'G123456789', 'EA12345678', 'P12345678', 'C01X00T47']) assert.equal(isChinesePassport(n), false, n);
  });

  it('says what is wrong', () => {
    bad('passport', '', /请填写护照号码/);
    bad('passport', 'E123', /过短：应为5至20位字母或数字，现为4位/);
    bad('passport', 'A'.repeat(21), /过长.*现为21位/);
    bad('passport', 'E1234-5678', /只能由英文字母和数字组成/);
    bad('passport', '护照E12345678', /只能由英文字母和数字组成/);
  });
});

describe('其他身份证明', () => {
  it('accepts 4 to 50 visible characters, with spaces collapsed', () => {
    assert.equal(ok('other', '港澳居民来往内地通行证 H12345678'), '港澳居民来往内地通行证 H12345678');
    assert.equal(ok('other', '  军官证   字第 1234 号 '), '军官证 字第 1234 号');
    assert.equal(ok('other', 'ABCD'), 'ABCD');
    assert.equal(ok('other', '证'.repeat(50)), '证'.repeat(50));
    // A character outside the BMP is one character, not two.
    assert.equal(ok('other', '𠀀𠀁𠀂𠀃'), '𠀀𠀁𠀂𠀃');
  });

  it('says what is wrong', () => {
    bad('other', '', /请填写身份证明号码/);
    bad('other', 'A B C', /过短：应为4至50个字符，现为3个/);
    bad('other', '证'.repeat(51), /过长.*现为51个/);
    bad('other', 'ABCD\u0000', /控制字符/);
    bad('other', 'AB\u200bCD', /控制字符/);
  });
});

describe('checkIdentity on input from outside', () => {
  it('refuses an unknown type and a non-string number', () => {
    assert.deepEqual(checkIdentity('driving_licence' as IdType, '12345'), { ok: false, message: '证件类型不正确' });
    assert.equal(checkIdentity('resident_id', undefined as unknown as string).ok, false);
    assert.equal(checkIdentity('passport', 12345678 as unknown as string).ok, false);
  });

  it('never throws and a normalised number checks again to itself', () => {
    fc.assert(
      fc.property(fc.constantFrom<IdType>('resident_id', 'uscc', 'passport', 'other'), fc.string({ maxLength: 60 }), (t, s) => {
        const r = checkIdentity(t, s);
        if (r.ok) assert.deepEqual(checkIdentity(t, r.normalised), r);
        else assert.ok(r.message.length > 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('masking', () => {
  it('masks identity numbers as Chinese systems do', () => {
    assert.equal(maskIdentity('resident_id', '11010519491231002X'), '110105********002X');
    assert.equal(maskIdentity('resident_id', '11010519491231002x'), '110105********002X');
    assert.equal(maskIdentity('uscc', '91350100M000100Y43'), '913501********0Y43');
    assert.equal(maskIdentity('passport', 'AB1234567890'), 'AB1*****7890');
    assert.equal(maskIdentity('passport', 'E12345678'), 'E1*****78');
    assert.equal(maskIdentity('other', 'X1234'), 'X***4');
    assert.equal(maskIdentity('resident_id', ''), '');
    // Even an invalid number is masked, never shown whole.
    assert.equal(maskIdentity('resident_id', '110105194912310029'), '110105********0029');
  });

  it('keeps the length and the last characters, and hides at least a third', () => {
    fc.assert(
      fc.property(fc.constantFrom<IdType>('passport', 'other'), fc.stringMatching(/^[A-Z0-9]{4,20}$/), (t, s) => {
        const m = maskIdentity(t, s);
        assert.equal(m.length, s.length);
        assert.ok([...m].filter((c) => c === '*').length >= Math.ceil(s.length / 3), `${s} → ${m}`);
        assert.equal(m.at(-1), s.at(-1));
      }),
    );
  });

  it('masks telephone numbers', () => {
    assert.equal(maskPhone('13812345678'), '138****5678');
    assert.equal(maskPhone('138 1234 5678'), '138****5678');
    assert.equal(maskPhone('+86 138-1234-5678'), '138****5678');
    assert.equal(maskPhone('010-12345678'), '010-****5678');
    assert.equal(maskPhone('(0755)2345678'), '0755-***5678');
    assert.equal(maskPhone('02087654321'), '020-****4321');
    assert.equal(maskPhone('12345'), '*2345');
    assert.equal(maskPhone('123'), '***');
    assert.equal(maskPhone(''), '');
  });

  it('masks e-mail addresses', () => {
    assert.equal(maskEmail('zhangsan@example.com'), 'z***@example.com');
    assert.equal(maskEmail(' zhangsan@example.gov.cn '), 'z***@example.gov.cn');
    assert.equal(maskEmail(''), '');
    assert.ok(!maskEmail('zhangsan').includes('zhangsan'));
  });

  it('masks a natural person but not an organisation', () => {
    assert.equal(maskName('natural_person', '张三丰'), '张**');
    assert.equal(maskName('natural_person', '张三'), '张*');
    assert.equal(maskName('natural_person', '欧阳娜娜'), '欧***');
    assert.equal(maskName('natural_person', '𠀀三'), '𠀀*');
    assert.equal(maskName('natural_person', 'John Smith'), 'J***');
    assert.equal(maskName('natural_person', '张'), '张*');
    assert.equal(maskName('natural_person', ''), '');
    for (const kind of APPLICANT_KIND_KEYS.filter((k) => k !== 'natural_person')) {
      assert.equal(maskName(kind, ' 某某律师事务所 '), '某某律师事务所');
    }
  });
});
