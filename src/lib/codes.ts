/**
 * Check characters of the two codes an agency can be registered under. Both are
 * pure functions so forms, the API, import and screening agree on what is valid.
 */

/** GB 32100-2015 alphabet: digits and capitals without I, O, S, V, Z. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The 18th character of a unified social credit code, from its first 17; null if they are malformed. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

/** 统一社会信用代码: 18 characters, digits 3–8 a region code, the 9–17 an organisation code, last a check. */
export function isValidUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  if (!isValidOrgCode(code.slice(8, 17))) return false;
  return usccCheckChar(code.slice(0, 17)) === code[17];
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The check character of a GB 11714 organisation code body (8 digits or capitals). */
export function orgCodeCheckChar(body: string): string | null {
  if (!/^[0-9A-Z]{8}$/.test(body)) return null;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number.parseInt(body[i]!, 36) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** 组织机构代码: 8 characters, an optional hyphen, a check character (e.g. 00001434-9). */
export function isValidOrgCode(code: string): boolean {
  const m = /^([0-9A-Z]{8})-?([0-9X])$/.exec(code);
  return !!m && orgCodeCheckChar(m[1]!) === m[2];
}

/** Normalises an agency code as typed: trims, upper-cases, drops spaces. */
export function normaliseAgencyCode(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** Which kind of agency code this is, or null when neither checksum holds. */
export function agencyCodeKind(code: string): 'uscc' | 'org' | null {
  if (isValidUscc(code)) return 'uscc';
  if (isValidOrgCode(code)) return 'org';
  return null;
}

/**
 * The 索引号 prefix form of an agency code: the organisation code without its hyphen
 * (as on gov.cn, 000014349) or the full 18-character credit code.
 */
export function indexPrefixOf(code: string): string {
  return code.replace('-', '');
}
