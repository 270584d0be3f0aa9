import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskPersonalData } from './mailbox.mask.js';
import { checkChallenge, countLinks, issueChallenge, leadingZeroBits, networkOf, normaliseBody, solveChallenge, spamSettings } from './mailbox.spam.js';

const KEY = 'test-secret';
const T0 = Date.parse('2026-09-15T02:00:00Z');
const s = spamSettings({ powBits: 8 });

describe('mailbox spam rules', () => {
  it('groups addresses by /24 and /48 networks', () => {
    assert.equal(networkOf('203.0.113.7'), '203.0.113.0/24');
    assert.equal(networkOf('::ffff:203.0.113.99'), '203.0.113.0/24');
    assert.equal(networkOf('2001:db8:abcd:12::1'), '2001:db8:abcd::/48');
    assert.equal(networkOf('2001:db8::1'), '2001:db8:0::/48');
    assert.notEqual(networkOf('2001:db8:abce::1'), networkOf('2001:db8:abcd::1'));
  });

  it('normalises bodies for duplicates: case, spaces, punctuation, traditional script', () => {
    assert.equal(normaliseBody('路燈壞了， 請維修!'), normaliseBody('路灯坏了请维修'));
    assert.notEqual(normaliseBody('路灯坏了'), normaliseBody('路灯修好了'));
  });

  it('counts links', () => {
    assert.equal(countLinks('见 http://a.cn 和 https://b.cn 以及 www.c.cn'), 3);
    assert.equal(countLinks('没有链接'), 0);
  });

  it('accepts a solved challenge quickly, an unsolved one only on the slow path', () => {
    const c = issueChallenge(KEY, T0, s.powBits);
    const solution = solveChallenge(c.token, c.bits);
    assert.ok(checkChallenge(KEY, c.token, solution, T0 + 3_000, s).ok);
    assert.deepEqual(checkChallenge(KEY, c.token, solution, T0 + 500, s), { ok: false, problem: 'too_fast', issuedMs: T0 });
    assert.equal((checkChallenge(KEY, c.token, '', T0 + 3_000, s) as { problem: string }).problem, 'too_fast');
    const slow = checkChallenge(KEY, c.token, '', T0 + 21_000, s);
    assert.ok(slow.ok && !slow.solved);
    // A wrong solution counts as none: the slow path still applies.
    const wrong = [...Array(50).keys()].map(String).find((x) => leadingZeroBits(Buffer.from([0])) && x !== solution && !checkChallenge(KEY, c.token, x, T0 + 3_000, s).ok);
    assert.ok(wrong !== undefined);
  });

  it('refuses missing, forged, tampered and expired challenges', () => {
    const c = issueChallenge(KEY, T0, s.powBits);
    assert.equal((checkChallenge(KEY, undefined, undefined, T0, s) as { problem: string }).problem, 'missing');
    assert.equal((checkChallenge('other-key', c.token, '', T0 + 60_000, s) as { problem: string }).problem, 'invalid');
    const easier = c.token.replace(/\.8\./, '.1.');
    assert.equal((checkChallenge(KEY, easier, '0', T0 + 60_000, s) as { problem: string }).problem, 'invalid');
    assert.equal((checkChallenge(KEY, c.token, '', T0 + 181 * 60_000, s) as { problem: string }).problem, 'expired');
  });

  it('counts leading zero bits', () => {
    assert.equal(leadingZeroBits(Buffer.from([0, 0x0f, 0xff])), 12);
    assert.equal(leadingZeroBits(Buffer.from([0x80])), 0);
  });
});

describe('masking personal data for the public Q&A', () => {
  it('masks phones, ID numbers, e-mails, addresses below the township and names', () => {
    const text =
      '我叫王小明，身份证号350102199001011234，手机13812341234，座机0763-3345678，邮箱wangxm@example.com，住滨河镇东湾村3组，另有房子在人民路18号3栋2单元501室。王小明敬上';
    const out = maskPersonalData(text, { names: ['王小明'] });
    for (const leak of ['小明', '350102199001011234', '13812341234', '3345678', 'wangxm', '东湾村', '18号', '501']) assert.ok(!out.includes(leak), `${leak} in ${out}`);
    assert.match(out, /35\*{13}234/);
    assert.match(out, /138\*\*\*\*1234/);
    assert.match(out, /滨河镇\*\*\*/);
    assert.match(out, /人民路\*\*\*/);
    assert.match(out, /w\*\*\*@example\.com/);
    assert.match(out, /我叫王\*\*/);
  });

  it('leaves ordinary text alone', () => {
    const text = '请问2026年老旧小区改造计划何时公布？预计投资3000万元。';
    assert.equal(maskPersonalData(text), text);
  });
});
