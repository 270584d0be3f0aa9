/**
 * Spam defence of the mailbox without a third-party captcha, as pure functions:
 * the thresholds, the network of an address, the normalised body for duplicate
 * detection, the link count, and the form's proof-of-work challenge.
 *
 * The challenge is an HMAC-signed token with the instant it was issued. A browser
 * with JavaScript finds a counter whose SHA-256 with the token has `bits` leading
 * zero bits (a second or so); the server checks it with one hash. Without
 * JavaScript the token itself is the slower path: it is accepted only once it is
 * `minAgeUnsolvedSeconds` old, which a person writing a letter passes without
 * noticing and a robot posting at once does not. Each token is spent once.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { foldToSimplified } from '../text/script.js';

export interface SpamSettings {
  /** Messages from one address within the window. */
  perAddress: { max: number; windowMinutes: number };
  /** Messages from one network (/24 IPv4, /48 IPv6) within the window. */
  perNetwork: { max: number; windowMinutes: number };
  /** The same normalised body to the same agency within this many hours is a duplicate. */
  duplicateWindowHours: number;
  /** Links (http://, https://, www.) allowed in subject and body together. */
  maxLinks: number;
  subjectMax: number;
  bodyMin: number;
  bodyMax: number;
  /** Proof of work: leading zero bits of SHA-256(token:solution). */
  powBits: number;
  /** A token with a valid solution must be at least this old (a robot replaying at machine speed). */
  minAgeSolvedSeconds: number;
  /** A token without a solution (no JavaScript) must be at least this old. */
  minAgeUnsolvedSeconds: number;
  /** Tokens expire after this many minutes. */
  maxAgeMinutes: number;
}

export const DEFAULT_SPAM_SETTINGS: SpamSettings = {
  perAddress: { max: 3, windowMinutes: 60 },
  perNetwork: { max: 10, windowMinutes: 60 },
  duplicateWindowHours: 72,
  maxLinks: 2,
  subjectMax: 100,
  bodyMin: 5,
  bodyMax: 5000,
  powBits: 14,
  minAgeSolvedSeconds: 2,
  minAgeUnsolvedSeconds: 20,
  maxAgeMinutes: 180,
};

export function spamSettings(over: Partial<SpamSettings> = {}): SpamSettings {
  return { ...DEFAULT_SPAM_SETTINGS, ...over };
}

// ---------------------------------------------------------------- addresses

/** The network an address belongs to for rate limits: /24 for IPv4, /48 for IPv6. */
export function networkOf(ip: string): string {
  const s = ip.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  const v4 = mapped ? mapped[1]! : s;
  const m4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v4);
  if (m4) return `${m4[1]}.${m4[2]}.${m4[3]}.0/24`;
  if (s.includes(':')) {
    const [head = '', tail = ''] = s.split('::');
    const h = head ? head.split(':') : [];
    const t = s.includes('::') && tail ? tail.split(':') : [];
    const groups = s.includes('::') ? [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
    return `${groups
      .slice(0, 3)
      .map((g) => (Number.parseInt(g || '0', 16) || 0).toString(16))
      .join(':')}::/48`;
  }
  return s;
}

/** A keyed hash, so stored hashes of addresses cannot be reversed by trying all 2³² of them. */
export function keyedHash(key: string, purpose: string, value: string): string {
  return createHmac('sha256', key).update(`gongkai-mailbox:${purpose}\n`).update(value).digest('hex').slice(0, 40);
}

// ---------------------------------------------------------------- content

/** A body as compared for duplicates: simplified script, lower case, no spaces or punctuation. */
export function normaliseBody(body: string): string {
  return foldToSimplified(body.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

export function countLinks(text: string): number {
  return (text.match(/https?:\/\/|www\./gi) ?? []).length;
}

// ---------------------------------------------------------------- proof of work

export interface Challenge {
  token: string;
  bits: number;
}

const b64 = (b: Buffer) => b.toString('base64url');
const sign = (key: string, payload: string) => b64(createHmac('sha256', key).update(`gongkai-mailbox-challenge\n${payload}`).digest()).slice(0, 32);

/** A fresh challenge issued at `nowMs`. */
export function issueChallenge(key: string, nowMs: number, bits: number, nonce = b64(randomBytes(12))): Challenge {
  const payload = `v1.${nowMs}.${nonce}.${bits}`;
  return { token: `${payload}.${sign(key, payload)}`, bits };
}

/** Leading zero bits of a hash. */
export function leadingZeroBits(hash: Buffer): number {
  let n = 0;
  for (const byte of hash) {
    if (byte === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(byte) - 24;
  }
  return n;
}

export function powHash(token: string, solution: string): Buffer {
  return createHash('sha256').update(`${token}:${solution}`).digest();
}

/** Finds a solution (for tests and the API documentation; browsers run mailbox-pow.js). */
export function solveChallenge(token: string, bits: number): string {
  for (let i = 0; ; i++) if (leadingZeroBits(powHash(token, String(i))) >= bits) return String(i);
}

export const CHALLENGE_PROBLEMS = {
  missing: '表单缺少校验信息，请刷新页面后重新填写提交',
  invalid: '表单校验信息无效，请刷新页面后重新提交',
  expired: '表单已过期，请刷新页面后重新提交',
  too_fast: '提交过快。为防止自动程序批量提交，请稍候 20 秒左右再点击“提交”（已填写的内容已保留）',
  replayed: '该表单已经提交过，请勿重复提交；如需再次留言，请重新打开留言页面',
} as const;
export type ChallengeProblem = keyof typeof CHALLENGE_PROBLEMS;

export type ChallengeCheck = { ok: true; nonce: string; solved: boolean; issuedMs: number } | { ok: false; problem: ChallengeProblem; issuedMs?: number };

/** Whether a posted challenge lets the message in (replays are checked against the store by the service). */
export function checkChallenge(key: string, token: string | undefined, solution: string | undefined, nowMs: number, s: SpamSettings): ChallengeCheck {
  if (!token) return { ok: false, problem: 'missing' };
  const m = /^(v1\.(\d{1,15})\.([A-Za-z0-9_-]{8,40})\.(\d{1,2}))\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return { ok: false, problem: 'invalid' };
  const expected = Buffer.from(sign(key, m[1]!));
  const got = Buffer.from(m[5]!);
  if (expected.length !== got.length || !timingSafeEqual(expected, got)) return { ok: false, problem: 'invalid' };
  const issuedMs = Number(m[2]);
  const bits = Number(m[4]);
  const age = (nowMs - issuedMs) / 1000;
  if (age > s.maxAgeMinutes * 60 || age < -5) return { ok: false, problem: 'expired', issuedMs };
  const solved = !!solution && /^\d{1,12}$/.test(solution) && leadingZeroBits(powHash(token, solution)) >= bits;
  if (age < (solved ? s.minAgeSolvedSeconds : s.minAgeUnsolvedSeconds)) return { ok: false, problem: 'too_fast', issuedMs };
  return { ok: true, nonce: m[3]!, solved, issuedMs };
}
