import type { Generated, Selectable } from 'kysely';

export interface UserTable {
  id: Generated<number>;
  username: string;
  displayName: string;
  email: Generated<string>;
  passwordHash: string;
  platformAdmin: Generated<number>;
  mustChangePassword: Generated<number>;
  passwordChangedAt: string;
  failedLogins: Generated<number>;
  lockedUntil: string | null;
  disabled: Generated<number>;
  lastLoginAt: string | null;
  /** 安全管理员 (`security`) or 审计管理员 (`audit`); 系统管理员 is `platformAdmin`. Never both. */
  adminRole: string | null;
  /** The TOTP secret, sealed with DATA_KEY; set at enrolment, active once `totpEnabledAt` is. */
  totpSecret: string | null;
  totpEnabledAt: string | null;
  /** The last TOTP time step accepted: a code is good once. */
  totpLastStep: number | null;
  version: Generated<number>;
  createdAt: string;
  updatedAt: string;
}

export interface MembershipTable {
  id: Generated<number>;
  userId: number;
  agencyId: number;
  role: string;
  departmentId: number | null;
  createdAt: string;
}

export interface SessionTable {
  /** sha256 of the cookie value: a stolen database does not yield live sessions. */
  id: string;
  userId: number;
  csrfToken: string;
  ip: Generated<string>;
  userAgent: Generated<string>;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  /** When this session gave its second factor (null: not yet, or not needed). */
  secondFactorAt: Generated<string | null>;
}

export interface RecoveryCodeTable {
  id: Generated<number>;
  userId: number;
  /** sha256 of the normalised code; the code itself is shown once. */
  codeHash: string;
  usedAt: string | null;
  createdAt: string;
}

export interface ApiTokenTable {
  id: Generated<number>;
  userId: number;
  name: string;
  tokenHash: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** After this instant the token is refused (90 days by default). */
  expiresAt: string | null;
}

export type UserRow = Selectable<UserTable>;
export type MembershipRow = Selectable<MembershipTable>;
export type SessionRow = Selectable<SessionTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;

/** This feature's tables, merged into the Database interface in src/db/schema.ts. */
export interface AccountTables {
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  apiTokens: ApiTokenTable;
  recoveryCodes: RecoveryCodeTable;
}
