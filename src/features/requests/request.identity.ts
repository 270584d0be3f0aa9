/**
 * The applicant's identity document (Art. 29(一): 身份证明) and how the office shows
 * personal data on screens and lists. Pure: the form, the API and the ledger import
 * call the same check, so a number valid in one place is valid everywhere, and every
 * screen masks it the same way.
 */
import { isValidUscc, usccCheckChar } from '../../lib/codes.js';
import { type IsoDate, isIsoDate } from '../../lib/dates.js';
import { isValidResidentId, maskEmail as maskEmailAddress, residentIdCheckChar } from '../text/screening.js';
import { APPLICANT_KINDS, type ApplicantKind, ID_TYPES, type IdType } from './request.js';

export type IdentityCheck = { ok: true; normalised: string } | { ok: false; message: string };

export interface IdentityOptions {
  /** The China date today; when given, a 居民身份证 born after it is refused. */
  today?: IsoDate;
}

/** What the number is called in messages. */
const NUMBER_NAMES: Record<IdType, string> = {
  resident_id: '居民身份证号码',
  uscc: '统一社会信用代码',
  passport: '护照号码',
  other: '身份证明号码',
};

// People paste numbers from Word or type them with a Chinese IME: NFKC turns full-width
// digits and letters (１１０１０５…Ｘ) into ASCII, and the spaces they group digits with go.
const compact = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

const fail = (message: string): IdentityCheck => ({ ok: false, message });

/**
 * Checks an identity document number for its type and returns it normalised (the form
 * to store and compare), or one Chinese sentence saying what is wrong.
 */
export function checkIdentity(idType: IdType, idNumber: string, options: IdentityOptions = {}): IdentityCheck {
  if (typeof idType !== 'string' || !Object.hasOwn(ID_TYPES, idType)) return fail('证件类型不正确');
  const raw = typeof idNumber === 'string' ? idNumber : '';
  const name = NUMBER_NAMES[idType];
  if (raw.trim() === '') return fail(`请填写${name}`);
  switch (idType) {
    case 'resident_id':
      return checkResidentId(compact(raw).toUpperCase(), name, options.today);
    case 'uscc':
      return checkUscc(compact(raw).toUpperCase(), name);
    case 'passport':
      return checkPassport(compact(raw).toUpperCase(), name);
    case 'other':
      return checkOther(raw, name);
  }
}

function checkResidentId(id: string, name: string, today: IsoDate | undefined): IdentityCheck {
  const len = [...id].length;
  if (len === 15 && /^\d{15}$/.test(id)) return fail(`${name}应为18位；15位的旧号码已停止使用，请填写现行的18位号码`);
  if (len !== 18) return fail(`${name}应为18位，现为${len}位`);
  if (!/^\d{17}[\dX]$/.test(id)) return fail(`${name}的前17位应为数字，最后一位应为数字或字母X`);
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isIsoDate(birth) || Number(id.slice(6, 10)) > 2099) return fail(`${name}中的出生日期（第7至14位）“${id.slice(6, 14)}”不是有效日期`);
  // The check character is not named in the message: a typo is far likelier among the
  // first 17 digits, and showing the "right" last character invites "fixing" the wrong one.
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return fail(`${name}的校验位（第18位）不符，请核对号码`);
  // What remains for the shared rule to refuse is the address code.
  if (!isValidResidentId(id)) return fail(`${name}的前两位“${id.slice(0, 2)}”不是有效的省级行政区划代码`);
  if (today && isIsoDate(today) && birth > today) return fail(`${name}中的出生日期（第7至14位）晚于今天`);
  return { ok: true, normalised: id };
}

const USCC_ALPHABET = /^[0-9A-HJ-NPQRTUWXY]+$/;

function checkUscc(code: string, name: string): IdentityCheck {
  const len = [...code].length;
  if (len !== 18) return fail(`${name}应为18位，现为${len}位`);
  if (!/^[0-9A-Z]+$/.test(code)) return fail(`${name}只能由数字和大写英文字母组成`);
  if (!USCC_ALPHABET.test(code)) return fail(`${name}不使用字母I、O、S、V、Z，请核对是否误将数字0、1、2、5写成了字母`);
  if (!/^\d{6}$/.test(code.slice(2, 8))) return fail(`${name}的第3至8位应为数字（登记管理机关行政区划码）`);
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return fail(`${name}的校验位（第18位）不符，请核对代码`);
  // Check character right but the shared rule still refuses: the embedded organisation code.
  if (!isValidUscc(code)) return fail(`${name}的第9至17位（主体标识码）校验不符，请核对代码`);
  return { ok: true, normalised: code };
}

function checkPassport(no: string, name: string): IdentityCheck {
  // Foreign passports vary too much to check beyond their alphabet and length (ICAO 9303
  // allows up to 9 characters in the MRZ, but longer national numbers exist).
  if (!/^[0-9A-Z]+$/.test(no)) return fail(`${name}只能由英文字母和数字组成`);
  const len = no.length;
  if (len < 5) return fail(`${name}过短：应为5至20位字母或数字，现为${len}位`);
  if (len > 20) return fail(`${name}过长：应为5至20位字母或数字，现为${len}位`);
  return { ok: true, normalised: no };
}

/**
 * The formats of the People's Republic of China's ordinary passports: G + 8 digits
 * (issued until 2012), E + 8 digits (electronic, from 2012) and, once the E series
 * ran out, E + a letter + 7 digits (EA1234567, EB…).
 */
export function isChinesePassport(no: string): boolean {
  return /^(?:[EG]\d{8}|E[A-Z]\d{7})$/.test(compact(no).toUpperCase());
}

function checkOther(raw: string, name: string): IdentityCheck {
  const text = raw.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (/\p{C}/u.test(text)) return fail(`${name}含有不可见的控制字符，请重新输入`);
  const visible = [...text.replace(/ /g, '')].length;
  if (visible < 4) return fail(`${name}过短：应为4至50个字符，现为${visible}个`);
  const len = [...text].length;
  if (len > 50) return fail(`${name}过长：应为4至50个字符，现为${len}个`);
  return { ok: true, normalised: text };
}

// ---------------------------------------------------------------------------------
// Masking for office screens and lists: enough left to tell two applicants apart and
// to read a number back on the telephone, not enough to reuse it.

/**
 * Keeps `head` leading and `tail` trailing characters and replaces the rest with one
 * `*` each, so the masked form shows the real length as Chinese systems do. Shorter
 * strings keep less (a quarter at each end), so that at least a third is always hidden.
 */
function maskMiddle(s: string, head: number, tail: number): string {
  const chars = [...s];
  const n = chars.length;
  if (n === 0) return '';
  if (n - head - tail < Math.ceil(n / 3)) {
    head = Math.min(head, Math.floor(n / 4));
    tail = Math.min(tail, Math.floor(n / 4));
  }
  return chars.slice(0, head).join('') + '*'.repeat(n - head - tail) + chars.slice(n - tail).join('');
}

/**
 * The identity number for display: 居民身份证 and 统一社会信用代码 keep the first 6
 * (the address or registration code) and the last 4 (`110105********002X`); passports
 * and other documents keep the first 3 and the last 4.
 */
export function maskIdentity(idType: IdType, idNumber: string): string {
  const checked = checkIdentity(idType, idNumber);
  const s = checked.ok ? checked.normalised : compact(typeof idNumber === 'string' ? idNumber : '');
  return idType === 'resident_id' || idType === 'uscc' ? maskMiddle(s, 6, 4) : maskMiddle(s, 3, 4);
}

/**
 * A telephone number for display: a mobile keeps its first 3 and last 4 digits
 * (`138****5678`), a landline its area code and last 4 (`010-****5678`); anything
 * else keeps only its last 4 digits.
 */
export function maskPhone(phone: string): string {
  const s = compact(typeof phone === 'string' ? phone : '');
  if (s === '') return '';
  const digits = s.replace(/\D/g, '');
  const mobile = /^(?:86)?(1\d{10})$/.exec(digits);
  if (mobile) return `${mobile[1]!.slice(0, 3)}****${mobile[1]!.slice(-4)}`;
  // Area codes: 010 and 02x have three digits, all others four; local numbers 7 or 8.
  const area = /^0(?:10|2\d)/.test(digits) ? 3 : 4;
  const local = digits.length - area;
  if (digits.startsWith('0') && local >= 7 && local <= 8) return `${digits.slice(0, area)}-${'*'.repeat(local - 4)}${digits.slice(-4)}`;
  return digits.length > 4 ? `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}` : '*'.repeat(Math.max(digits.length, 1));
}

/** An e-mail address for display: `z***@example.com`; not an address: masked like any text. */
export function maskEmail(email: string): string {
  const s = (typeof email === 'string' ? email : '').trim();
  if (s === '') return '';
  return s.lastIndexOf('@') > 0 ? maskEmailAddress(s) : maskMiddle(s, 1, 0);
}

/**
 * The applicant's name for display: a natural person keeps the first character
 * (`张**` for 张三丰); an organisation's name is public and stays whole.
 */
export function maskName(kind: ApplicantKind, name: string): string {
  const s = (typeof name === 'string' ? name : '').trim().replace(/\s+/g, ' ');
  if (kind !== 'natural_person' && Object.hasOwn(APPLICANT_KINDS, kind)) return s;
  const chars = [...s];
  if (chars.length === 0) return '';
  // A Latin-script name keeps its initial only: its length would give it away.
  if (/[A-Za-z]/.test(s)) return `${chars[0]}***`;
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
