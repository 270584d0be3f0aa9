/**
 * Pre-publication screening of text for personal data and classification marks
 * (inspection findings R1.4, R2.1): a full ID number, mobile number or bank-card
 * number blocks publishing until a reviewer overrides it; marks such as 机密★1年 or
 * 内部资料 must never reach a public page. Detection favours precision — a checker
 * that cries wolf on every date and amount gets switched off — so numbers must pass
 * their checksums and sit outside longer digit runs, and classification words count
 * only in the forms used to mark a document, not when a text talks about 国家秘密.
 */
import { isValidOrgCode, isValidUscc, usccCheckChar } from '../../lib/codes.js';

// One implementation of the GB 32100 / GB 11714 check characters lives in lib/codes;
// re-exported so callers of the screening API find every checksum here.
export { isValidOrgCode, isValidUscc, usccCheckChar };

/** What a finding is about. */
export const FINDING_KINDS = {
  resident_id: '居民身份证号码',
  uscc: '统一社会信用代码',
  bank_card: '银行卡号',
  mobile: '手机号码',
  landline: '固定电话号码',
  email: '电子邮箱地址',
  secrecy_marking: '密级标志',
  internal_marking: '内部资料标识',
  custom_word: '自定义敏感词',
  unreadable_attachment: '附件无法读取',
} as const;
export type FindingKind = keyof typeof FINDING_KINDS;

/** How serious a finding is; `block` stops publishing until a reviewer overrides it. */
export const SEVERITIES = {
  block: '阻止发布',
  warn: '需要核实',
  info: '提示',
} as const;
export type Severity = keyof typeof SEVERITIES;

export interface Finding {
  readonly kind: FindingKind;
  /** The text as found. */
  readonly match: string;
  /** UTF-16 offsets into the screened text; `end` is exclusive. */
  readonly start: number;
  readonly end: number;
  readonly severity: Severity;
  /** Chinese name of the kind, for display. */
  readonly label: string;
  /** What to do about it, in Chinese (for personal data: the masked form). */
  readonly suggestion?: string;
}

export interface ScreenOptions {
  /** The agency's own word list (敏感词); matched case-insensitively. */
  readonly extraWords?: readonly string[];
}

// ---------------------------------------------------------------------------------
// Checksums

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

// Province-level codes of GB/T 2260, plus 71 (Taiwan), 81/82 (HK/Macau) and 83 (the
// residence permits of Taiwan residents). Foreigners' permanent residence cards (2023)
// start with 9 and a province's first digit.
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43',
  '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
  '91', '92', '93', '94', '95', '96',
]);

function isValidBirthDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The GB 11643 check character of the first 17 digits of an ID number. */
export function residentIdCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/**
 * True for an 18-character citizen ID number (GB 11643-1999) with a known province
 * code, a real birth date (1900–2099) and a correct check character (x accepted).
 */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  if (!PROVINCES.has(id.slice(0, 2)) || !isValidBirthDate(id.slice(6, 14))) return false;
  return residentIdCheckChar(id.slice(0, 17)) === id[17]!.toUpperCase();
}

/** Pre-1999 15-digit ID: province code and a 19YYMMDD birth date; it has no checksum. */
function isPlausibleOldResidentId(id: string): boolean {
  return /^\d{15}$/.test(id) && PROVINCES.has(id.slice(0, 2)) && isValidBirthDate(`19${id.slice(6, 12)}`);
}

/** Luhn (mod 10) check over the digits of `s`; separators are ignored. */
export function luhnValid(s: string): boolean {
  const digits = s.replace(/[\s-]/g, '');
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Mobile prefixes allocated for 11-digit subscriber numbers (IoT-only 140–144 excluded).
const MOBILE_PREFIX = /^1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])/;

// ---------------------------------------------------------------------------------
// Masking

/** Replaces the characters at the given positions of `s` with '*'. */
function maskPositions(s: string, positions: readonly number[]): string {
  const chars = [...s];
  for (const p of positions) chars[p] = '*';
  return chars.join('');
}

// Indexes of the characters matching `re` in `s` (by UTF-16 unit; all ASCII here).
function indexesOf(s: string, re: RegExp): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) if (re.test(s[i]!)) out.push(i);
  return out;
}

/** `440781199001011234` → `440781********1234`: keeps the region code and the last four. */
export function maskIdNumber(id: string): string {
  const pos = indexesOf(id, /[0-9Xx]/);
  return maskPositions(id, pos.slice(6, Math.max(6, pos.length - 4)));
}

/** `13812341234` → `138****1234`; separators and a +86 prefix are kept. */
export function maskMobile(mobile: string): string {
  const pos = indexesOf(mobile, /\d/).slice(-11);
  return maskPositions(mobile, pos.slice(3, 7));
}

/** Keeps the first four and last four digits: `6222021234567890123` → `6222***********0123`. */
export function maskBankCard(card: string): string {
  const pos = indexesOf(card, /\d/);
  return maskPositions(card, pos.slice(4, Math.max(4, pos.length - 4)));
}

/** Keeps the first character and the domain: `zhangsan@example.gov.cn` → `z***@example.gov.cn`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return email;
  return `${email[0]}***${email.slice(at)}`;
}

const MASKERS: Partial<Record<FindingKind, (s: string) => string>> = {
  resident_id: maskIdNumber,
  bank_card: maskBankCard,
  mobile: maskMobile,
  email: maskEmail,
};

/** Kinds `maskPersonalData` masks by default (R1.4 plus e-mail addresses). */
export const MASKABLE_KINDS: readonly FindingKind[] = ['resident_id', 'bank_card', 'mobile', 'email'];

/**
 * Masks personal data in `text`: ID numbers, bank cards, mobile numbers and e-mail
 * addresses (or only the `kinds` given), using the single maskers below. Text
 * around them is unchanged.
 */
export function maskPersonalData(text: string, kinds: readonly FindingKind[] = MASKABLE_KINDS): string {
  const wanted = new Set(kinds);
  let out = '';
  let last = 0;
  for (const f of screenText(text)) {
    const mask = MASKERS[f.kind];
    if (!mask || !wanted.has(f.kind)) continue;
    out += text.slice(last, f.start) + mask(f.match);
    last = f.end;
  }
  return out + text.slice(last);
}

// ---------------------------------------------------------------------------------
// Detection

interface Candidate {
  kind: FindingKind;
  start: number;
  end: number;
  severity: Severity;
  suggestion?: string;
}

// Lower number wins when candidates overlap: an ID number is not also a bank card,
// and a mobile number inside an e-mail address is reported as the address.
const PRIORITY: Record<FindingKind, number> = {
  secrecy_marking: 0,
  resident_id: 1,
  uscc: 2,
  email: 3,
  bank_card: 4,
  mobile: 5,
  landline: 6,
  internal_marking: 7,
  custom_word: 8,
  // Never found in text: screening adds it for an attachment it could not read.
  unreadable_attachment: 9,
};

// Full-width ASCII and the ideographic space become ASCII one unit for one unit, so
// offsets into the folded text are offsets into the original.
function foldWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

const RE_ID18 = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const RE_ID15 = /(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])/g;
const ID_CONTEXT = /身份证|身份号码|证件号|公民身份/;
const RE_USCC = /(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])/g;
const RE_CARD = /(?<![0-9A-Za-z.])(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?![0-9A-Za-z]|\.\d)/g;
const RE_MOBILE = /(?<![0-9.])(?:(?:\+|00)?86[ -]?)?1\d{2}([ -]?)\d{4}\1\d{4}(?!\d|\.\d)/g;
const RE_LANDLINE = /(?<!\d)([(（]?)(0(?:10|2\d|[3-9]\d{2}))([)）]?)([ \t]*[-－—–][ \t]*|[ \t])?([2-9]\d{6,7})(?!\d)/g;
const PHONE_CONTEXT = /电话|联系|热线|传真|座机|号码|tel|fax|phone/i;
const RE_EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

// Classification marks (GB/T 9704: 密级和保密期限, e.g. 机密★1年). A mark is the word
// followed by ★; or after 密级：; or the word standing alone at the start of a line
// (header) or in brackets. Mid-sentence 国家秘密 / 商业秘密 / 绝密级 is prose.
const SECRECY_WORD = '(?:绝密|机密|秘密)';
const RE_SECRECY_STAR = new RegExp(
  `${SECRECY_WORD}[ \\t]*[★☆*][ \\t]*(?:长期|\\d{1,4}[ \\t]*(?:年(?:\\d{1,2}月(?:\\d{1,2}日)?)?|个月))?`,
  'g',
);
const RE_SECRECY_LABEL = new RegExp(`密级[ \\t]*[:：]?[ \\t]*${SECRECY_WORD}`, 'g');
const RE_SECRECY_LINE = new RegExp(`(?<=^[ \\t]*[【\\[（(]?)${SECRECY_WORD}(?=[】\\]）)]?[ \\t]*(?:$|[ \\t★☆]))`, 'gm');
const RE_SECRECY_BRACKETED = new RegExp(`(?<=[【\\[])${SECRECY_WORD}(?=[】\\]])`, 'g');

// 内部资料 and friends are ordinary words in regulations (内部资料性出版物, 供内部使用的
// 法规汇集), so they too count only as marks: alone at a line start, bracketed, or in
// the stock phrase 内部资料，注意保存.
const INTERNAL_WORD = '(?:内部资料|内部文件|内部使用|注意保存)';
const RE_INTERNAL_LINE = new RegExp(
  `(?<=^[ \\t]*[【\\[（(]?)${INTERNAL_WORD}(?=[】\\]）)]?[ \\t]*(?:$|[ \\t★☆，,、；;]))`,
  'gm',
);
const RE_INTERNAL_BRACKETED = new RegExp(`(?<=[【\\[（(])${INTERNAL_WORD}(?=[】\\]）)])`, 'g');
const RE_INTERNAL_PAIR = /内部(?:资料|文件)[ \t]*[，,、]?[ \t]*注意保存/g;

/**
 * Screens text for personal data and classification marks. Findings are sorted by
 * position and never overlap; when two readings compete (an 18-digit ID number is
 * also a Luhn-valid number) the more specific one wins. Offsets index the given
 * string. Full-width digits and letters are recognised.
 */
export function screenText(text: string, options: ScreenOptions = {}): Finding[] {
  const s = foldWidth(text);
  const found: Candidate[] = [];
  const add = (c: Candidate) => found.push(c);

  for (const m of s.matchAll(RE_ID18)) {
    if (isValidResidentId(m[0])) {
      add({ kind: 'resident_id', start: m.index, end: m.index + 18, severity: 'block', suggestion: maskSuggestion(maskIdNumber(m[0])) });
    }
  }
  for (const m of s.matchAll(RE_ID15)) {
    // Without a checksum a 15-digit number is only an ID when the text says so.
    if (isPlausibleOldResidentId(m[0]) && ID_CONTEXT.test(s.slice(Math.max(0, m.index - 12), m.index))) {
      add({ kind: 'resident_id', start: m.index, end: m.index + 15, severity: 'block', suggestion: maskSuggestion(maskIdNumber(m[0])) });
    }
  }
  for (const m of s.matchAll(RE_USCC)) {
    // An agency code opening a 索引号 (…/2026-00042) is the agency's own public code.
    if (isValidUscc(m[0]) && !/^[/-]\d/.test(s.slice(m.index + 18, m.index + 20))) {
      add({ kind: 'uscc', start: m.index, end: m.index + 18, severity: 'info', suggestion: '统一社会信用代码是公开信息；如属个体工商户等自然人主体，请核实是否需要公开' });
    }
  }
  for (const m of s.matchAll(RE_EMAIL)) {
    const local = m[0].slice(0, m[0].indexOf('@'));
    // A numeric local part is a QQ or mobile number: personal, not an office mailbox.
    const personal = /^\d{5,}$/.test(local);
    add({
      kind: 'email',
      start: m.index,
      end: m.index + m[0].length,
      severity: personal ? 'warn' : 'info',
      suggestion: maskSuggestion(maskEmail(m[0])),
    });
  }
  for (const m of s.matchAll(RE_CARD)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length < 16 || digits.length > 19 || !/^[3-69]/.test(digits) || !luhnValid(digits)) continue;
    add({ kind: 'bank_card', start: m.index, end: m.index + m[0].length, severity: 'block', suggestion: maskSuggestion(maskBankCard(m[0])) });
  }
  for (const m of s.matchAll(RE_MOBILE)) {
    const national = m[0].replace(/\D/g, '').slice(-11);
    if (!MOBILE_PREFIX.test(national)) continue;
    add({ kind: 'mobile', start: m.index, end: m.index + m[0].length, severity: 'block', suggestion: maskSuggestion(maskMobile(m[0])) });
  }
  for (const m of s.matchAll(RE_LANDLINE)) {
    const open = m[1] ?? '';
    const area = m[2] ?? '';
    const close = m[3] ?? '';
    const sep = m[4] ?? '';
    const local = m[5] ?? '';
    if (area.length === 3 && local.length !== 8) continue; // 010 and 02x have 8-digit locals
    const bracketed = open !== '' && close !== '';
    // "(010-12345678)": the parenthesis belongs to the sentence, not to the number.
    if (open !== '' && close === '' && sep === '') continue;
    const start = open !== '' && close === '' ? m.index + open.length : m.index;
    const separated = bracketed || sep !== '';
    if (!separated && !PHONE_CONTEXT.test(s.slice(Math.max(0, start - 15), start))) continue;
    add({ kind: 'landline', start, end: m.index + m[0].length, severity: 'info', suggestion: '如为个人电话，请删除或遮盖；单位办公电话可以公开' });
  }
  const secrecyAdvice = '涉密信息不得公开，请核实定密情况并撤下该内容';
  for (const re of [RE_SECRECY_STAR, RE_SECRECY_LABEL, RE_SECRECY_LINE, RE_SECRECY_BRACKETED]) {
    for (const m of s.matchAll(re)) {
      add({ kind: 'secrecy_marking', start: m.index, end: m.index + m[0].length, severity: 'block', suggestion: secrecyAdvice });
    }
  }
  const internalAdvice = '标注为内部资料的材料一般不予公开，请核实';
  for (const re of [RE_INTERNAL_PAIR, RE_INTERNAL_LINE, RE_INTERNAL_BRACKETED]) {
    for (const m of s.matchAll(re)) {
      add({ kind: 'internal_marking', start: m.index, end: m.index + m[0].length, severity: 'warn', suggestion: internalAdvice });
    }
  }
  const words = wordPattern(options.extraWords);
  if (words) {
    for (const m of s.matchAll(words)) {
      add({ kind: 'custom_word', start: m.index, end: m.index + m[0].length, severity: 'warn', suggestion: '命中本单位敏感词表，请核实用语' });
    }
  }

  return resolveOverlaps(found, s.length).map((c) => ({
    kind: c.kind,
    match: text.slice(c.start, c.end),
    start: c.start,
    end: c.end,
    severity: c.severity,
    label: FINDING_KINDS[c.kind],
    ...(c.suggestion !== undefined ? { suggestion: c.suggestion } : {}),
  }));
}

function maskSuggestion(masked: string): string {
  return `建议遮盖为 ${masked}`;
}

// Longest words first so that an alternation prefers 内部文件汇编 over 内部文件.
function wordPattern(words: readonly string[] | undefined): RegExp | null {
  const list = [...new Set((words ?? []).map((w) => foldWidth(w.trim())).filter((w) => w !== ''))];
  if (list.length === 0) return null;
  list.sort((a, b) => b.length - a.length);
  return new RegExp(list.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'giu');
}

// Keeps the best candidate wherever candidates overlap: by priority, then the earlier
// and longer one. Linear in the covered length, so a huge text stays cheap.
function resolveOverlaps(candidates: Candidate[], length: number): Candidate[] {
  candidates.sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || a.start - b.start || b.end - a.end);
  const taken = new Uint8Array(length);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    let free = true;
    for (let i = c.start; i < c.end; i++) {
      if (taken[i]) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    taken.fill(1, c.start, c.end);
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}
