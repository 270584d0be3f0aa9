/**
 * The second factor (等保 2.0 level 3: two factors, one of them cryptographic): TOTP
 * codes (RFC 6238, 30-second steps, 6 digits, SHA-1 as every authenticator app
 * expects) through the maintained `otpauth` library, and one-time recovery codes.
 *
 * Required for anyone who reviews, approves or administers: office reviewers, leaders,
 * agency administrators and the three platform administrators (三员). Anyone else who
 * enrols is asked for it too. After the password, such a session reaches only the 2FA
 * pages until a code is given (src/web/core.ts). "Now" is the injected clock, so tests
 * compute codes for the instant they set.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { nowDateOf, nowOf } from '../../db/runtime.js';
import { AppError, conflict, forbidden, validationError } from '../../errors.js';
import { openPersonal, sealPersonal, type PersonalFields } from '../../db/personal-data/fields.js';
import { adminRoleOf, type Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import { LOGIN_POLICY } from './account.js';
import * as repo from './account.repository.js';
import type { UserRow } from './account.table.js';

/** The TOTP secret is sealed like personal data (same keyring, re-sealed on key rotation). */
export const TOTP_SECRET_FIELD: PersonalFields<UserRow> = { table: 'users', fields: ['totpSecret'] };

export const TOTP_POLICY = { period: 30, digits: 6, window: 1, recoveryCodes: 10 } as const;

/** Roles whose holders must use a second factor: whoever reviews, approves or administers. */
const ROLES_NEEDING_2FA = new Set(['office_reviewer', 'leader', 'agency_admin']);

export function roleRequiresSecondFactor(actor: Pick<Actor, 'platformAdmin' | 'adminRole' | 'memberships'>): boolean {
  return adminRoleOf(actor) !== null || actor.memberships.some((m) => ROLES_NEEDING_2FA.has(m.role));
}

/** Whether this person is asked for a code after the password: their role needs it, or they enrolled. */
export function needsSecondFactor(user: Pick<UserRow, 'totpEnabledAt'>, actor: Pick<Actor, 'platformAdmin' | 'adminRole' | 'memberships'>): boolean {
  return user.totpEnabledAt !== null || roleRequiresSecondFactor(actor);
}

const totpOf = (secret: string, label: string) =>
  new TOTP({ issuer: '政府信息公开平台', label, algorithm: 'SHA1', digits: TOTP_POLICY.digits, period: TOTP_POLICY.period, secret: Secret.fromBase32(secret) });

const hashRecovery = (code: string) => createHash('sha256').update(`gongkai-recovery\n${normaliseRecovery(code)}`).digest('hex');
const normaliseRecovery = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A recovery code: 10 characters of an unambiguous alphabet, shown as xxxxx-xxxxx. */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

async function userOf(db: Db, actor: Actor): Promise<UserRow> {
  if (actor.userId == null) throw forbidden();
  const user = await repo.findUser(db, actor.userId);
  if (!user) throw forbidden();
  return user;
}

export interface Enrollment {
  /** Base32 key for typing into an app by hand. */
  secret: string;
  /** otpauth:// URI, for the QR code. */
  uri: string;
}

/**
 * Starts (or shows again) enrolment: a new secret is kept, sealed, until a code from it
 * is confirmed. Reloading the page shows the same secret, so a scanned QR stays valid.
 */
export async function startEnrollment(db: Db, actor: Actor): Promise<Enrollment> {
  const user = await userOf(db, actor);
  if (user.totpEnabledAt) throw conflict('已启用双因素认证；如需更换手机，请联系安全管理员重置');
  let secret = user.totpSecret ? openPersonal(db, TOTP_SECRET_FIELD, { totpSecret: user.totpSecret }).totpSecret : null;
  if (!secret) {
    secret = new Secret({ size: 20 }).base32;
    await repo.updateUser(db, user.id, sealPersonal(db, TOTP_SECRET_FIELD, { totpSecret: secret }));
  }
  return { secret, uri: totpOf(secret, user.username).toString() };
}

/** The time step a code belongs to (within the window), or null when it matches none. */
function stepOf(db: Db, secret: string, username: string, code: string): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const at = nowDateOf(db).getTime();
  const delta = totpOf(secret, username).validate({ token, timestamp: at, window: TOTP_POLICY.window });
  if (delta === null) return null;
  return Math.floor(at / 1000 / TOTP_POLICY.period) + delta;
}

/**
 * Confirms enrolment with a first code: 2FA is active from now, this session counts as
 * having given it, and the recovery codes are returned (shown once, stored hashed).
 */
export async function confirmEnrollment(db: Db, actor: Actor, sessionId: string | undefined, code: string): Promise<string[]> {
  const user = await userOf(db, actor);
  if (user.totpEnabledAt) throw conflict('已启用双因素认证');
  if (!user.totpSecret) throw validationError({ code: '请先打开绑定页面获取密钥' });
  const secret = openPersonal(db, TOTP_SECRET_FIELD, { totpSecret: user.totpSecret }).totpSecret!;
  const step = stepOf(db, secret, user.username, code);
  if (step === null) {
    await countFailure(db, user, actor, '绑定时验证码错误');
    throw validationError({ code: '验证码不正确，请核对手机上显示的 6 位数字（注意手机时间须准确）' });
  }
  const codes = Array.from({ length: TOTP_POLICY.recoveryCodes }, newRecoveryCode);
  const now = nowOf(db);
  await inTransaction(db, async (trx) => {
    await repo.updateUser(trx, user.id, { totpEnabledAt: now, totpLastStep: step, failedLogins: 0 });
    await repo.replaceRecoveryCodes(trx, user.id, codes.map(hashRecovery), now);
    if (sessionId) await repo.markSecondFactor(trx, sessionId, now);
    await audit.record(trx, actor, { action: 'auth.2fa_enroll', entityType: 'user', entityId: user.id, summary: '绑定双因素认证（TOTP）' });
  });
  return codes;
}

/**
 * Checks the second factor of a signed-in session: a TOTP code (each time step is
 * accepted once, so a code seen over someone's shoulder cannot be replayed) or an
 * unused recovery code. Wrong codes count towards the same lock as wrong passwords.
 */
export async function verifySecondFactor(db: Db, actor: Actor, sessionId: string, code: string): Promise<{ recoveryUsed: boolean; recoveryLeft: number }> {
  const user = await userOf(db, actor);
  const now = nowOf(db);
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new AppError('ACCOUNT_LOCKED', '连续多次验证失败，账号已临时锁定，请稍后再试或联系安全管理员解锁');
  }
  if (!user.totpEnabledAt || !user.totpSecret) throw conflict('尚未绑定双因素认证');
  const trimmed = code.trim();
  if (/^[a-z0-9]{5}-?[a-z0-9]{5}$/i.test(trimmed)) {
    const used = await inTransaction(db, async (trx) => {
      const ok = await repo.useRecoveryCode(trx, user.id, hashRecovery(trimmed), now);
      if (!ok) return false;
      await repo.markSecondFactor(trx, sessionId, now);
      await repo.updateUser(trx, user.id, { failedLogins: 0 });
      await audit.record(trx, actor, { action: 'auth.2fa_recovery', entityType: 'user', entityId: user.id, summary: '使用恢复码完成双因素认证' });
      return true;
    });
    if (!used) {
      await countFailure(db, user, actor, '恢复码无效或已使用');
      throw validationError({ code: '恢复码无效或已使用过' });
    }
    return { recoveryUsed: true, recoveryLeft: await repo.countRecoveryCodes(db, user.id) };
  }
  const secret = openPersonal(db, TOTP_SECRET_FIELD, { totpSecret: user.totpSecret }).totpSecret!;
  const step = stepOf(db, secret, user.username, trimmed);
  if (step === null) {
    await countFailure(db, user, actor, '验证码错误');
    throw validationError({ code: '验证码不正确' });
  }
  const accepted = await inTransaction(db, async (trx) => {
    // Atomic: of two requests with the same code, one moves the step and the other finds it moved.
    if (!(await repo.advanceTotpStep(trx, user.id, step))) return false;
    await repo.markSecondFactor(trx, sessionId, now);
    await repo.updateUser(trx, user.id, { failedLogins: 0 });
    await audit.record(trx, actor, { action: 'auth.2fa', entityType: 'user', entityId: user.id, summary: '双因素认证通过' });
    return true;
  });
  if (!accepted) {
    await countFailure(db, user, actor, '验证码重复使用');
    throw validationError({ code: '该验证码已经使用过，请等待手机上出现新的验证码' });
  }
  return { recoveryUsed: false, recoveryLeft: -1 };
}

async function countFailure(db: Db, user: UserRow, actor: Actor, why: string): Promise<void> {
  const lockUntil = new Date(nowDateOf(db).getTime() + LOGIN_POLICY.lockMinutes * 60_000).toISOString();
  const locked = await inTransaction(db, async (trx) => {
    const counted = await repo.recordFailedLogin(trx, user.id, LOGIN_POLICY.maxFailures, lockUntil);
    const locked = counted.failedLogins === 0 && counted.lockedUntil === lockUntil;
    if (locked) await repo.deleteSessionsOf(trx, user.id);
    await audit.record(trx, actor, {
      action: locked ? 'auth.account_locked' : 'auth.2fa_failed',
      entityType: 'user',
      entityId: user.id,
      summary: locked ? `双因素认证连续 ${LOGIN_POLICY.maxFailures} 次失败，账号锁定 ${LOGIN_POLICY.lockMinutes} 分钟` : `双因素认证失败：${why}`,
    });
    return locked;
  });
  if (locked) throw new AppError('ACCOUNT_LOCKED', `连续 ${LOGIN_POLICY.maxFailures} 次验证失败，账号已锁定 ${LOGIN_POLICY.lockMinutes} 分钟，请重新登录`);
}

/**
 * The security administrator (or the person's agency administrator) removes someone's
 * second factor, e.g. a lost phone: they enrol again at their next sign-in. Their
 * sessions end; the reset is audited.
 */
export async function resetSecondFactor(db: Db, actor: Actor, userId: number, getUser: (userId: number) => Promise<{ user: UserRow }>): Promise<void> {
  const { user } = await getUser(userId);
  if (userId === actor.userId) throw forbidden('不能重置自己的双因素认证，请由其他安全管理员操作');
  await inTransaction(db, async (trx) => {
    await repo.updateUser(trx, userId, { totpSecret: null, totpEnabledAt: null, totpLastStep: null });
    await repo.replaceRecoveryCodes(trx, userId, [], nowOf(db));
    await repo.deleteSessionsOf(trx, userId);
    await audit.record(trx, actor, { action: 'user.2fa_reset', entityType: 'user', entityId: userId, summary: `重置双因素认证：${user.username}` });
  });
}
