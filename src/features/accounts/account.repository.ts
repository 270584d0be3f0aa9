import type { DbOrTrx } from '../../db/database.js';
import type { UserTable } from './account.table.js';
import { sql, type Insertable, type Updateable } from 'kysely';

export function findUserByUsername(db: DbOrTrx, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUser(db: DbOrTrx, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listUsers(db: DbOrTrx, agencyIds: number[] | null) {
  let q = db.selectFrom('users').selectAll().orderBy('username');
  if (agencyIds) {
    q = q.where('id', 'in', (sub) =>
      sub.selectFrom('memberships').select('userId').where('agencyId', 'in', agencyIds.length ? agencyIds : [-1]),
    );
  }
  return q.execute();
}

export function insertUser(db: DbOrTrx, row: Insertable<UserTable>) {
  return db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateUser(db: DbOrTrx, id: number, patch: Updateable<UserTable>) {
  return db.updateTable('users').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function updateUserVersioned(db: DbOrTrx, id: number, version: number, patch: Updateable<UserTable>) {
  return db
    .updateTable('users')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export function membershipsOf(db: DbOrTrx, userIds: number[]) {
  if (!userIds.length) return Promise.resolve([]);
  return db.selectFrom('memberships').selectAll().where('userId', 'in', userIds).orderBy('id').execute();
}

export function insertMembership(
  db: DbOrTrx,
  row: { userId: number; agencyId: number; role: string; departmentId: number | null; createdAt: string },
) {
  return db.insertInto('memberships').values(row).returningAll().executeTakeFirstOrThrow();
}

export function deleteMembershipsIn(db: DbOrTrx, userId: number, agencyIds: number[] | null) {
  let q = db.deleteFrom('memberships').where('userId', '=', userId);
  if (agencyIds) q = q.where('agencyId', 'in', agencyIds.length ? agencyIds : [-1]);
  return q.execute();
}

export function insertSession(db: DbOrTrx, row: {
  id: string; userId: number; csrfToken: string; ip: string; userAgent: string;
  createdAt: string; lastSeenAt: string; expiresAt: string;
}) {
  return db.insertInto('sessions').values(row).execute();
}

export function findSession(db: DbOrTrx, id: string) {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function touchSession(db: DbOrTrx, id: string, lastSeenAt: string, expiresAt: string) {
  return db.updateTable('sessions').set({ lastSeenAt, expiresAt }).where('id', '=', id).execute();
}

export function deleteSession(db: DbOrTrx, id: string) {
  return db.deleteFrom('sessions').where('id', '=', id).execute();
}

export function deleteSessionsOf(db: DbOrTrx, userId: number, exceptId?: string) {
  let q = db.deleteFrom('sessions').where('userId', '=', userId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.execute();
}

export function deleteExpiredSessions(db: DbOrTrx, now: string) {
  return db.deleteFrom('sessions').where('expiresAt', '<', now).execute();
}

export function insertToken(db: DbOrTrx, row: { userId: number; name: string; tokenHash: string; prefix: string; createdAt: string; expiresAt: string }) {
  return db.insertInto('apiTokens').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findTokenByHash(db: DbOrTrx, tokenHash: string) {
  return db.selectFrom('apiTokens').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
}

export function findToken(db: DbOrTrx, id: number) {
  return db.selectFrom('apiTokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listTokens(db: DbOrTrx, userId: number) {
  return db.selectFrom('apiTokens').selectAll().where('userId', '=', userId).orderBy('id', 'desc').execute();
}

export function markTokenUsed(db: DbOrTrx, id: number, at: string) {
  return db.updateTable('apiTokens').set({ lastUsedAt: at }).where('id', '=', id).execute();
}

export function revokeToken(db: DbOrTrx, id: number, at: string) {
  return db.updateTable('apiTokens').set({ revokedAt: at }).where('id', '=', id).where('revokedAt', 'is', null).execute();
}

export async function departmentHasMembers(db: DbOrTrx, departmentId: number): Promise<boolean> {
  return !!(await db.selectFrom('memberships').select('id').where('departmentId', '=', departmentId).executeTakeFirst());
}

/** Revokes every live token of a person (their password changed: whoever knew the old one may hold a token). */
export function revokeTokensOf(db: DbOrTrx, userId: number, at: string) {
  return db.updateTable('apiTokens').set({ revokedAt: at }).where('userId', '=', userId).where('revokedAt', 'is', null).executeTakeFirst();
}

/**
 * Counts a wrong password in one statement, so parallel attempts cannot each read the
 * same count: the attempt that reaches `max` sets the lock and restarts the count.
 */
export function recordFailedLogin(db: DbOrTrx, userId: number, max: number, lockUntil: string) {
  return db
    .updateTable('users')
    .set({
      failedLogins: sql<number>`CASE WHEN failed_logins + 1 >= ${max} THEN 0 ELSE failed_logins + 1 END`,
      lockedUntil: sql<string | null>`CASE WHEN failed_logins + 1 >= ${max} THEN ${lockUntil} ELSE locked_until END`,
    })
    .where('id', '=', userId)
    .returning(['failedLogins', 'lockedUntil'])
    .executeTakeFirstOrThrow();
}

export function markSecondFactor(db: DbOrTrx, sessionId: string, at: string) {
  return db.updateTable('sessions').set({ secondFactorAt: at }).where('id', '=', sessionId).execute();
}

/** Moves the last accepted TOTP step forward; false when `step` was already used (a replay). */
export async function advanceTotpStep(db: DbOrTrx, userId: number, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totpLastStep: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totpLastStep', 'is', null), eb('totpLastStep', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function replaceRecoveryCodes(db: DbOrTrx, userId: number, hashes: string[], at: string) {
  await db.deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
  if (hashes.length) await db.insertInto('recoveryCodes').values(hashes.map((codeHash) => ({ userId, codeHash, createdAt: at }))).execute();
}

/** Marks an unused recovery code used, in one statement; false when there is none such. */
export async function useRecoveryCode(db: DbOrTrx, userId: number, codeHash: string, at: string): Promise<boolean> {
  const r = await db.updateTable('recoveryCodes').set({ usedAt: at }).where('userId', '=', userId).where('codeHash', '=', codeHash).where('usedAt', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) >= 1;
}

export async function countRecoveryCodes(db: DbOrTrx, userId: number): Promise<number> {
  const r = await db.selectFrom('recoveryCodes').select((eb) => eb.fn.countAll<number>().as('n')).where('userId', '=', userId).where('usedAt', 'is', null).executeTakeFirst();
  return Number(r?.n ?? 0);
}
