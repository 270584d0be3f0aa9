/**
 * Masking personal data in a message before it is published as Q&A. Rules as
 * inspections require them (inspection research §1.2 item 3): phone as
 * `138****1234`, ID number as `35*************123`, addresses only down to the
 * 乡镇/街道; names keep the surname. Staff see the masked preview and may edit it
 * before publishing; this is the first pass, not a guarantee.
 */

const HAN = '\\u4e00-\\u9fa5';

export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.length ? '*' : '';
  return chars[0] + '*'.repeat(chars.length - 1);
}

export function maskPhone(digits: string): string {
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export function maskIdNumber(id: string): string {
  return `${id.slice(0, 2)}${'*'.repeat(id.length - 5)}${id.slice(-3)}`;
}

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/** Masks IDs, phones, e-mails, addresses below the township, the given names and self-introduced names. */
export function maskPersonalData(text: string, known: { names?: readonly string[] } = {}): string {
  let out = text;
  // ID numbers first: their digits would otherwise look like phone numbers.
  out = out.replace(/(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g, (id) => maskIdNumber(id));
  out = out.replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, (e) => maskEmail(e));
  out = out.replace(/(?<!\d)(?:\+?86[-\s]?)?(1[3-9]\d)[-\s]?(\d{4})[-\s]?(\d{4})(?!\d)/g, (_m, a: string, b: string, c: string) => maskPhone(a + b + c));
  // Landlines: area code kept, the number hidden but its last two digits.
  out = out.replace(/(?<!\d)(0\d{2,3})[-\s]?(\d{5,6})(\d{2})(?!\d)/g, (_m, area: string, mid: string, end: string) => `${area}-${'*'.repeat(mid.length)}${end}`);
  // Below the 乡镇/街道: villages and groups, roads with house numbers, buildings and rooms.
  out = out.replace(new RegExp(`([${HAN}]{1,6}(?:镇|乡|街道))([${HAN}]{1,8}(?:村|社区|小区))(?:[\\d一二三四五六七八九十]+组)?`, 'g'), (_m, town: string) => `${town}***`);
  out = out.replace(new RegExp(`([${HAN}]{1,10}(?:路|街|巷|大道|弄))\\d+(?:号|弄)(?:[\\d\\-－]+(?:栋|幢|单元|室|楼|号))*`, 'g'), '$1***');
  out = out.replace(/\d+(?:栋|幢)(?:\d+单元)?(?:\d+(?:室|号))?/g, '***');
  // Self-introduced names: 我叫王小明 / 本人王小明 / 姓名：王小明.
  out = out.replace(new RegExp(`(我叫|本人|姓名[:：]\\s*)([${HAN}]{2,3})(?=[，,。\\s、；;：:]|$)`, 'g'), (_m, lead: string, name: string) => `${lead}${maskName(name)}`);
  for (const name of known.names ?? []) {
    const n = name.trim();
    if ([...n].length >= 2) out = out.split(n).join(maskName(n));
  }
  return out;
}
