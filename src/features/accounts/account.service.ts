import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { AppError, conflict, forbidden, notFound, staleEdit, validationError, type FieldErrors } from '../../errors.js';
import { fieldErrorsOf, parseInput } from '../../lib/validation.js';
import { z } from 'zod';
import * as agencies from '../agencies/agency.service.js';
import * as audit from '../audit/audit.service.js';
import {
  LOGIN_POLICY,
  membershipInput,
  tokenCreateInput,
  userCreateInput,
  userUpdateInput,
  type MembershipInput,
} from './account.js';
import * as repo from './account.repository.js';
import type { UserRow } from './account.table.js';
import { needsSecondFactor } from './account.totp.js';
import { hashPassword, passwordProblems, verifyAgainstDummy, verifyPassword } from './password.js';
import { agenciesWith, authorize, can, mayTakeOverAccount, type Permission } from '../access/policy.js';
import { ADMIN_ROLES, AGENCY_ROLES, isAgencyRole, type Actor, type AdminRole, type Membership } from '../access/roles.js';
import { nowDateOf, nowOf } from '../../db/runtime.js';

const membershipsArray = z.array(membershipInput).max(50);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');
const minutesFrom = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** The actor of a named account acting through the CLI (or another door), or null when there is no such account. */
export async function actorForUsername(db: Db, username: string, via: Actor['via']): Promise<Actor | null> {
  const user = await repo.findUserByUsername(db, username);
  return user ? actorForUser(db, user, via) : null;
}

export async function actorForUser(db: Db, user: UserRow, via: Actor['via'], ip?: string): Promise<Actor> {
  const memberships: Membership[] = (await repo.membershipsOf(db, [user.id]))
    .filter((m) => isAgencyRole(m.role))
    .map((m) => ({ agencyId: m.agencyId, role: m.role as Membership['role'], departmentId: m.departmentId }));
  // One 三员 role per account: the flag (系统管理员) wins over a conflicting admin_role,
  // never adding to it, and a security or audit administrator holds no agency role.
  const adminRole = user.platformAdmin !== 1 && (user.adminRole === 'security' || user.adminRole === 'audit') ? user.adminRole : null;
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    platformAdmin: user.platformAdmin === 1,
    adminRole,
    memberships: adminRole ? [] : memberships,
    via,
    ip,
    mustChangePassword: user.mustChangePassword === 1,
  };
}

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  actor: Actor;
}

/**
 * What every refused sign-in says, whatever the reason (no such account, disabled,
 * wrong password, locked): a different answer for an account that exists would tell
 * a stranger which usernames to try. It states the lockout rule instead of a count, so
 * a person who is locked out can tell why; the audit log records the real reason.
 */
export const LOGIN_REFUSED = `用户名或密码不正确，或账号因连续 ${LOGIN_POLICY.maxFailures} 次输入错误已锁定 ${LOGIN_POLICY.lockMinutes} 分钟`;

/**
 * Checks a password and opens a session. After LOGIN_POLICY.maxFailures wrong
 * passwords in a row the account locks for lockMinutes; every attempt, right or
 * wrong, is audited.
 */
export async function login(
  db: Db,
  username: string,
  password: string,
  client: { ip: string; userAgent: string },
): Promise<LoginResult> {
  const now = nowOf(db);
  const user = await repo.findUserByUsername(db, username.trim().toLowerCase());
  const who: Actor = { userId: user?.id ?? null, username, displayName: user?.displayName ?? username, platformAdmin: false, memberships: [], via: 'session', ip: client.ip };
  if (!user || user.disabled) {
    await verifyAgainstDummy(password);
    await inTransaction(db, (trx) =>
      audit.record(trx, who, { action: 'auth.login_failed', entityType: 'user', entityId: username.slice(0, 64), summary: '登录失败：用户名不存在或已停用' }),
    );
    throw new AppError('UNAUTHENTICATED', LOGIN_REFUSED);
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await verifyAgainstDummy(password); // the same time as a checked password
    await inTransaction(db, (trx) =>
      audit.record(trx, who, { action: 'auth.login_locked', entityType: 'user', entityId: user.id, summary: '账号锁定期间尝试登录' }),
    );
    throw new AppError('UNAUTHENTICATED', LOGIN_REFUSED);
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    const lockUntil = minutesFrom(now, LOGIN_POLICY.lockMinutes);
    await inTransaction(db, async (trx) => {
      const counted = await repo.recordFailedLogin(trx, user.id, LOGIN_POLICY.maxFailures, lockUntil);
      const locked = counted.failedLogins === 0 && counted.lockedUntil === lockUntil;
      const failures = locked ? LOGIN_POLICY.maxFailures : counted.failedLogins;
      await audit.record(trx, who, {
        action: locked ? 'auth.account_locked' : 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        summary: locked ? `连续 ${failures} 次密码错误，账号锁定 ${LOGIN_POLICY.lockMinutes} 分钟` : `密码错误（第 ${failures} 次）`,
      });
    });
    throw new AppError('UNAUTHENTICATED', LOGIN_REFUSED);
  }
  const sessionToken = newSecret();
  const csrfToken = newSecret();
  const actor = await actorForUser(db, user, 'session', client.ip);
  await inTransaction(db, async (trx) => {
    await repo.updateUser(trx, user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
    await repo.insertSession(trx, {
      id: sha256(sessionToken),
      userId: user.id,
      csrfToken,
      ip: client.ip,
      userAgent: client.userAgent.slice(0, 300),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: minutesFrom(now, LOGIN_POLICY.idleMinutes),
    });
    await audit.record(trx, actor, { action: 'auth.login', entityType: 'user', entityId: user.id, summary: '登录成功' });
  });
  return { sessionToken, csrfToken, actor };
}

export interface SessionInfo {
  id: string;
  actor: Actor;
  csrfToken: string;
}

/**
 * The session behind a cookie value, or null when it is unknown, idle too long or
 * past its absolute lifetime. Sliding expiry is written at most once a minute.
 */
export async function resolveSession(db: Db, token: string, ip: string): Promise<SessionInfo | null> {
  const id = sha256(token);
  const session = await repo.findSession(db, id);
  if (!session) return null;
  const now = nowOf(db);
  const absoluteEnd = new Date(Date.parse(session.createdAt) + LOGIN_POLICY.absoluteHours * 3_600_000).toISOString();
  if (session.expiresAt <= now || absoluteEnd <= now) {
    await repo.deleteSession(db, id);
    return null;
  }
  const user = await repo.findUser(db, session.userId);
  if (!user || user.disabled) return null;
  if (Date.parse(now) - Date.parse(session.lastSeenAt) > 60_000) {
    await repo.touchSession(db, id, now, minutesFrom(now, LOGIN_POLICY.idleMinutes));
  }
  const actor = await actorForUser(db, user, 'session', ip);
  // A password alone opens only the second-factor pages for whoever needs one (account.totp.ts).
  if (!session.secondFactorAt && needsSecondFactor(user, actor)) actor.secondFactorPending = true;
  return { id, actor, csrfToken: session.csrfToken };
}

export async function logout(db: Db, session: SessionInfo): Promise<void> {
  await inTransaction(db, async (trx) => {
    await repo.deleteSession(trx, session.id);
    await audit.record(trx, session.actor, { action: 'auth.logout', entityType: 'user', entityId: session.actor.userId ?? 0, summary: '退出登录' });
  });
}

/** `gk_` + 43 url-safe characters; only its sha256 is stored. */
const TOKEN_PREFIX = 'gk_';

export async function resolveApiToken(db: Db, bearer: string, ip: string): Promise<Actor> {
  const invalid = new AppError('TOKEN_INVALID', 'API 令牌无效或已撤销');
  if (!bearer.startsWith(TOKEN_PREFIX)) throw invalid;
  const token = await repo.findTokenByHash(db, sha256(bearer));
  if (!token || token.revokedAt) throw invalid;
  const now = nowOf(db);
  if (token.expiresAt && token.expiresAt <= now) throw new AppError('TOKEN_INVALID', `API 令牌已于 ${token.expiresAt.slice(0, 10)} 过期，请创建新的令牌`);
  const user = await repo.findUser(db, token.userId);
  if (!user || user.disabled) throw invalid;
  // The forced change holds on every door: a token does not walk round it.
  if (user.mustChangePassword) throw new AppError('PASSWORD_CHANGE_REQUIRED', '须先登录办公系统修改初始密码，才能使用 API');
  // Last use is shown to its owner; minute precision is enough and saves writes.
  if (!token.lastUsedAt || Date.parse(now) - Date.parse(token.lastUsedAt) > 60_000) await repo.markTokenUsed(db, token.id, now);
  return actorForUser(db, user, 'token', ip);
}

export async function createApiToken(db: Db, actor: Actor, raw: unknown, forUserId?: number): Promise<{ token: string; id: number }> {
  const input = parseInput(tokenCreateInput, raw);
  const userId = forUserId ?? actor.userId;
  if (userId == null) throw forbidden();
  if (userId !== actor.userId) throw forbidden('只能为自己创建 API 令牌');
  const token = TOKEN_PREFIX + newSecret();
  const now = nowDateOf(db);
  return inTransaction(db, async (trx) => {
    const row = await repo.insertToken(trx, {
      userId,
      name: input.name,
      tokenHash: sha256(token),
      prefix: token.slice(0, 10),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + input.days * 86_400_000).toISOString(),
    });
    await audit.record(trx, actor, { action: 'token.create', entityType: 'api_token', entityId: row.id, summary: `创建 API 令牌：${input.name}（${input.days} 天有效）`, after: { userId, name: input.name, prefix: row.prefix, expiresAt: row.expiresAt } });
    return { token, id: row.id };
  });
}

export async function revokeApiToken(db: Db, actor: Actor, tokenId: number): Promise<void> {
  const token = await repo.findToken(db, tokenId);
  if (!token) throw notFound('令牌');
  // Someone else's token: the security administrator's duty (an agency administrator's for their agency's people).
  if (token.userId !== actor.userId) await userToTakeOver(db, actor, token.userId);
  if (token.revokedAt) return;
  await inTransaction(db, async (trx) => {
    await repo.revokeToken(trx, tokenId, nowOf(db));
    await audit.record(trx, actor, { action: 'token.revoke', entityType: 'api_token', entityId: tokenId, summary: `撤销 API 令牌：${token.name}` });
  });
}

export const listApiTokens = (db: Db, actor: Actor) => (actor.userId ? repo.listTokens(db, actor.userId) : Promise.resolve([]));

/**
 * Checks memberships an administrator wants to grant: the agency exists and is
 * theirs to manage, the role is known, and an editor has a department of that agency.
 */
async function checkMemberships(db: Db, actor: Actor, memberships: MembershipInput[]): Promise<FieldErrors> {
  const manageable = agenciesWith(actor, 'user.roles');
  const fields: FieldErrors = {};
  for (const [i, m] of memberships.entries()) {
    const agency = await agencies.findAgency(db, m.agencyId);
    if (!agency) fields[`memberships.${i}.agencyId`] = '机关不存在';
    else if (manageable && !manageable.includes(m.agencyId)) fields[`memberships.${i}.agencyId`] = '您不能为该机关分配角色';
    if (AGENCY_ROLES[m.role].needsDepartment) {
      const dept = m.departmentId ? await agencies.findDepartment(db, m.departmentId) : undefined;
      if (!dept || dept.agencyId !== m.agencyId) fields[`memberships.${i}.departmentId`] = '股室编辑须选择本机关的股室';
    } else if (m.departmentId != null) {
      m.departmentId = null;
    }
  }
  return fields;
}

export async function createUser(db: Db, actor: Actor, raw: unknown) {
  authorize(actor, 'user.manage');
  // Collect every problem at once (shape, roles, password, uniqueness) so the form shows them together.
  const parsed = userCreateInput.safeParse(raw ?? {});
  const fields: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  const r = (raw ?? {}) as { username?: unknown; memberships?: unknown };
  if (typeof r.username === 'string' && (await repo.findUserByUsername(db, r.username.trim()))) fields.username = '该用户名已被使用';
  if (!parsed.success) {
    const ms = membershipsArray.safeParse(r.memberships);
    if (ms.success) Object.assign(fields, await checkMemberships(db, actor, ms.data), fields);
    throw validationError(fields);
  }
  const input = parsed.data;
  Object.assign(fields, await checkMemberships(db, actor, input.memberships));
  const problems = passwordProblems(input.password, input.username);
  if (problems.length) fields.password = `密码${problems.join('；')}`;
  // 三员分立: the system administrator opens accounts; roles and 三员 duties are the
  // security administrator's to give. An agency administrator does both in their agency.
  const assignsRoles = can(actor, 'user.roles');
  if (input.platformAdmin) fields.platformAdmin = '管理员身份由安全管理员在账号建立后授予';
  if (!assignsRoles && input.memberships.length) fields.memberships = '角色由安全管理员分配；请先建立账号';
  if (assignsRoles && input.memberships.length === 0) fields.memberships = '请至少分配一个角色';
  if (Object.keys(fields).length) throw validationError(fields);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, async (trx) => {
    const now = nowOf(db);
    const user = await repo.insertUser(trx, {
      username: input.username,
      displayName: input.displayName,
      email: input.email,
      passwordHash,
      platformAdmin: 0,
      // Someone else chose this password: the person changes it at first sign-in.
      mustChangePassword: 1,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    for (const m of input.memberships) await repo.insertMembership(trx, { userId: user.id, ...m, createdAt: now });
    await audit.record(trx, actor, {
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      agencyId: input.memberships[0]?.agencyId ?? null,
      summary: `新增人员：${user.displayName}（${user.username}）`,
      after: { username: user.username, displayName: user.displayName, memberships: input.memberships },
    });
    return user;
  });
}

/** A user and their memberships, if the actor holds `permission` over them (an agency administrator: people of their agency). */
export async function getUserForAdmin(db: Db, actor: Actor, userId: number, permission: Permission = 'user.list') {
  authorize(actor, permission);
  const user = await repo.findUser(db, userId);
  if (!user) throw notFound('人员');
  const memberships = await repo.membershipsOf(db, [userId]);
  const manageable = agenciesWith(actor, permission);
  if (manageable && !memberships.some((m) => manageable.includes(m.agencyId))) throw notFound('人员');
  return { user, memberships };
}

export async function listUsersFor(db: Db, actor: Actor) {
  authorize(actor, 'user.list');
  const manageable = agenciesWith(actor, 'user.list');
  const users = await repo.listUsers(db, manageable);
  const memberships = await repo.membershipsOf(db, users.map((u) => u.id));
  return users.map((u) => ({ user: u, memberships: memberships.filter((m) => m.userId === u.id) }));
}

/**
 * Updates a person: name, e-mail and status (who holds `user.manage`), roles (who holds
 * `user.roles`) and the 三员 duty (the security administrator only, never their own).
 * What the actor may not change is kept as it is. An agency administrator replaces only
 * the memberships in their own agencies; others stay as they are.
 */
export async function updateUser(db: Db, actor: Actor, userId: number, raw: unknown) {
  const { user, memberships: before } = await getUserForAdmin(db, actor, userId);
  const input = parseInput(userUpdateInput, raw);
  const editsAccount = can(actor, 'user.manage');
  const assignsRoles = can(actor, 'user.roles') && input.memberships !== undefined;
  const manageable = agenciesWith(actor, 'user.roles');
  const fields = assignsRoles ? await checkMemberships(db, actor, input.memberships!) : {};
  const adminBefore: AdminRole | '' = user.platformAdmin === 1 ? 'system' : user.adminRole === 'security' || user.adminRole === 'audit' ? user.adminRole : '';
  // Legacy form field: platformAdmin true/false maps to the system duty.
  const asked = input.adminRole ?? (input.platformAdmin === undefined ? undefined : input.platformAdmin ? 'system' : adminBefore === 'system' ? '' : adminBefore);
  const adminAfter = asked === undefined ? adminBefore : asked;
  if (adminAfter !== adminBefore) {
    if (actor.adminRole !== 'security' || actor.platformAdmin) fields.adminRole = '管理员身份（系统、安全、审计管理员）只能由安全管理员授予或取消';
    else if (userId === actor.userId) fields.adminRole = '不能更改自己的管理员身份';
  }
  const kept = manageable ? before.filter((m) => !manageable.includes(m.agencyId)) : [];
  const membershipsAfter = assignsRoles ? [...kept, ...input.memberships!] : before;
  if ((adminAfter === 'security' || adminAfter === 'audit') && membershipsAfter.length) {
    fields.adminRole = `${ADMIN_ROLES[adminAfter].label}不承担机关业务角色，请先取消其机关角色`;
  }
  if (!editsAccount && !assignsRoles && adminAfter === adminBefore) throw forbidden('您没有修改该人员的权限');
  if (userId === actor.userId && input.disabled && editsAccount) fields.disabled = '不能停用自己的账号';
  if (Object.keys(fields).length) throw validationError(fields);
  return inTransaction(db, async (trx) => {
    const now = nowOf(db);
    const row = await repo.updateUserVersioned(trx, userId, input.version, {
      ...(editsAccount
        ? { displayName: input.displayName, email: input.email, ...(input.disabled !== undefined ? { disabled: input.disabled ? 1 : 0 } : {}) }
        : {}),
      ...(adminAfter !== adminBefore ? { platformAdmin: adminAfter === 'system' ? 1 : 0, adminRole: adminAfter === 'security' || adminAfter === 'audit' ? adminAfter : null } : {}),
      updatedAt: now,
    });
    if (!row) throw staleEdit();
    if (assignsRoles) {
      await repo.deleteMembershipsIn(trx, userId, manageable);
      for (const m of input.memberships!) await repo.insertMembership(trx, { userId, ...m, createdAt: now });
    }
    // Whoever loses or gains a duty signs in again under the new one.
    if ((editsAccount && input.disabled) || adminAfter !== adminBefore) await repo.deleteSessionsOf(trx, userId);
    const shape = (ms: { agencyId: number; role: string; departmentId: number | null }[]) =>
      ms.map((m) => ({ agencyId: m.agencyId, role: m.role, departmentId: m.departmentId }));
    await audit.record(trx, actor, {
      action: adminAfter !== adminBefore ? 'user.admin_role' : 'user.update',
      entityType: 'user',
      entityId: userId,
      agencyId: input.memberships?.[0]?.agencyId ?? before[0]?.agencyId ?? null,
      summary: adminAfter !== adminBefore ? `修改管理员身份：${row.username}（${adminBefore ? ADMIN_ROLES[adminBefore].label : '无'} → ${adminAfter ? ADMIN_ROLES[adminAfter].label : '无'}）` : `修改人员：${row.displayName}（${row.username}）`,
      before: { displayName: user.displayName, email: user.email, disabled: user.disabled === 1, adminRole: adminBefore, memberships: shape(before) },
      after: { displayName: row.displayName, email: row.email, disabled: row.disabled === 1, adminRole: adminAfter, memberships: shape(membershipsAfter) },
    });
    return row;
  });
}

/** The person, when the actor may take over their account (policy.ts mayTakeOverAccount). */
export async function userToTakeOver(db: Db, actor: Actor, userId: number) {
  const found = await getUserForAdmin(db, actor, userId, 'user.security');
  if (!mayTakeOverAccount(actor, { userId: found.user.id, platformAdmin: found.user.platformAdmin === 1, adminRole: found.user.adminRole ?? null, agencyIds: found.memberships.map((m) => m.agencyId) })) {
    throw forbidden(
      found.user.platformAdmin === 1 || found.user.adminRole
        ? '三员管理员的账号不能在网页上重置，请在服务器上用 gongkai user passwd 处理'
        : found.user.id === actor.userId
          ? '请在“我的账号”中修改自己的密码'
          : '此人还在其他机关任职，只能由安全管理员重置密码或解除锁定',
    );
  }
  return found;
}

/** An administrator sets a new password; the person must change it at next sign-in. */
export async function resetPassword(db: Db, actor: Actor, userId: number, password: string) {
  const { user } = await userToTakeOver(db, actor, userId);
  const problems = passwordProblems(password, user.username);
  if (problems.length) throw validationError({ password: `密码${problems.join('；')}` });
  const passwordHash = await hashPassword(password);
  await inTransaction(db, async (trx) => {
    await repo.updateUser(trx, userId, {
      passwordHash,
      mustChangePassword: 1,
      passwordChangedAt: nowOf(db),
      failedLogins: 0,
      lockedUntil: null,
    });
    await repo.deleteSessionsOf(trx, userId);
    await repo.revokeTokensOf(trx, userId, nowOf(db));
    await audit.record(trx, actor, { action: 'user.password_reset', entityType: 'user', entityId: userId, summary: `重置密码：${user.username}` });
  });
}

export async function unlockUser(db: Db, actor: Actor, userId: number) {
  const { user } = await userToTakeOver(db, actor, userId);
  await inTransaction(db, async (trx) => {
    await repo.updateUser(trx, userId, { failedLogins: 0, lockedUntil: null });
    await audit.record(trx, actor, { action: 'user.unlock', entityType: 'user', entityId: userId, summary: `解除锁定：${user.username}` });
  });
}

export async function changeOwnPassword(
  db: Db,
  actor: Actor,
  input: { current: string; next: string; confirm: string },
  keepSessionId?: string,
) {
  if (actor.userId == null) throw forbidden();
  const user = await repo.findUser(db, actor.userId);
  if (!user) throw notFound('人员');
  const fields: FieldErrors = {};
  if (!(await verifyPassword(user.passwordHash, input.current ?? ''))) fields.current = '当前密码不正确';
  const problems = passwordProblems(input.next ?? '', user.username);
  if (problems.length) fields.next = `新密码${problems.join('；')}`;
  else if (input.next === input.current) fields.next = '新密码不能与当前密码相同';
  if (input.next !== input.confirm) fields.confirm = '两次输入的新密码不一致';
  if (Object.keys(fields).length) throw validationError(fields);
  const passwordHash = await hashPassword(input.next);
  await inTransaction(db, async (trx) => {
    await repo.updateUser(trx, user.id, { passwordHash, mustChangePassword: 0, passwordChangedAt: nowOf(db) });
    // Other sessions may belong to whoever knew the old password.
    await repo.deleteSessionsOf(trx, user.id, keepSessionId);
    await repo.revokeTokensOf(trx, user.id, nowOf(db));
    await audit.record(trx, actor, { action: 'user.password_change', entityType: 'user', entityId: user.id, summary: '修改本人密码' });
  });
}

/**
 * Creates or updates an account from the command line (no policy exemptions: the
 * CLI is for real administrators). Demo data uses `seedUser` instead.
 */
export async function cliSetPassword(db: Db, username: string, password: string, opts: { create?: { displayName: string; platformAdmin: boolean; adminRole?: 'security' | 'audit' }; resetSecondFactor?: boolean }) {
  const existing = await repo.findUserByUsername(db, username);
  const problems = passwordProblems(password, username);
  if (problems.length) throw validationError({ password: `密码${problems.join('；')}` });
  const passwordHash = await hashPassword(password);
  const cli: Actor = { userId: null, username: 'cli', displayName: '命令行', platformAdmin: true, memberships: [], via: 'cli' };
  return inTransaction(db, async (trx) => {
    const now = nowOf(db);
    if (existing) {
      if (opts.create) throw conflict(`用户 ${username} 已存在`);
      await repo.updateUser(trx, existing.id, { passwordHash, passwordChangedAt: now, failedLogins: 0, lockedUntil: null, mustChangePassword: 0 });
      await repo.revokeTokensOf(trx, existing.id, now);
      await repo.deleteSessionsOf(trx, existing.id);
      await audit.record(trx, cli, { action: 'user.password_reset', entityType: 'user', entityId: existing.id, summary: `命令行重置密码：${username}` });
      if (opts.resetSecondFactor) {
        // The way back for a 三员 member who lost their authenticator and recovery codes (the web refuses to take over their account).
        await repo.updateUser(trx, existing.id, { totpSecret: null, totpEnabledAt: null, totpLastStep: null });
        await repo.replaceRecoveryCodes(trx, existing.id, [], now);
        await audit.record(trx, cli, { action: 'user.2fa_reset', entityType: 'user', entityId: existing.id, summary: `命令行重置双因素认证：${username}` });
      }
      return existing;
    }
    if (!opts.create) throw notFound(`用户 ${username}`);
    const user = await repo.insertUser(trx, {
      username,
      displayName: opts.create.displayName,
      passwordHash,
      platformAdmin: opts.create.platformAdmin && !opts.create.adminRole ? 1 : 0,
      adminRole: opts.create.adminRole ?? null,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await audit.record(trx, cli, { action: 'user.create', entityType: 'user', entityId: user.id, summary: `命令行新增人员：${username}`, after: { username, adminRole: opts.create.adminRole ?? (opts.create.platformAdmin ? 'system' : '') } });
    return user;
  });
}

/** Constant-time comparison for CSRF tokens. */
export { tokensEqual } from '../../lib/crypto.js';

/** The people working in an agency (active accounts), with their roles there: for choosing a handler. */
export async function agencyStaff(db: DbOrTrx, agencyId: number): Promise<{ userId: number; displayName: string; email: string; role: string; departmentId: number | null }[]> {
  const users = (await repo.listUsers(db, [agencyId])).filter((u) => !u.disabled);
  const memberships = await repo.membershipsOf(
    db,
    users.map((u) => u.id),
  );
  return memberships
    .filter((m) => m.agencyId === agencyId)
    .map((m) => {
      const u = users.find((x) => x.id === m.userId)!;
      return { userId: m.userId, displayName: u.displayName, email: u.email, role: m.role, departmentId: m.departmentId };
    });
}
