import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { agencyCodeKind, isValidOrgCode, isValidUscc, orgCodeCheckChar, usccCheckChar } from './codes.js';

describe('agency codes', () => {
  it('accepts real published codes', () => {
    // 国务院办公厅's organisation code (index numbers on gov.cn start with it) and agency credit codes from government sites.
    assert.equal(isValidOrgCode('00001434-9'), true);
    assert.equal(isValidOrgCode('000014349'), true);
    assert.equal(isValidUscc('11441700007280420Y'), true);
    assert.equal(isValidUscc('11341702486344515H'), true);
    assert.equal(isValidUscc('91350100M000100Y43'), true);
  });

  it('rejects a code whose check character is wrong', () => {
    assert.equal(isValidUscc('11441700007280420X'), false);
    assert.equal(isValidOrgCode('00001434-8'), false);
    assert.equal(agencyCodeKind('123456789012345678'), null);
  });

  it('rejects malformed codes', () => {
    for (const bad of ['', '1144170000728042', '11441700007280420YY', '1144170000728042OY', 'abcdefghijklmnopqr', '00001434--9']) {
      assert.equal(agencyCodeKind(bad), null, bad);
    }
  });

  it('detects every single-character change of a valid credit code', () => {
    const code = '11441700007280420Y';
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let i = 0; i < code.length; i++) {
      for (const ch of alphabet) {
        if (ch === code[i]) continue;
        const changed = code.slice(0, i) + ch + code.slice(i + 1);
        assert.equal(isValidUscc(changed), false, changed);
      }
    }
  });

  it('generated check characters always validate', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Z]{8}$/), fc.stringMatching(/^[19][1-9]\d{6}$/), (body, head) => {
        const org = body + orgCodeCheckChar(body)!;
        assert.equal(isValidOrgCode(org), true);
        const first17 = head + org;
        if (/[IOSVZ]/.test(first17)) return;
        assert.equal(isValidUscc(first17 + usccCheckChar(first17)!), true);
      }),
      { numRuns: 500 },
    );
  });
});
