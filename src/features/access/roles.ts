/**
 * Roles a person holds within an agency. Platform administration is a flag on the
 * user, not an agency role, because it spans every agency on the platform.
 */
export const AGENCY_ROLES = {
  agency_admin: { label: '机关管理员', needsDepartment: false },
  office_reviewer: { label: '办公室审核', needsDepartment: false },
  department_editor: { label: '股室编辑', needsDepartment: true },
  leader: { label: '分管领导（审批）', needsDepartment: false },
} as const;

export type AgencyRole = keyof typeof AGENCY_ROLES;
export const AGENCY_ROLE_KEYS = Object.keys(AGENCY_ROLES) as AgencyRole[];
export const PLATFORM_ADMIN_LABEL = '平台管理员';

/**
 * 三员分立 (等保 2.0): three platform administrators whose work does not overlap.
 * 系统管理员 is the `platformAdmin` flag (what 平台管理员 always was: agencies, staff
 * accounts, settings); the other two are `users.admin_role`. One account holds at most
 * one of them.
 */
export const ADMIN_ROLES = {
  system: { label: '系统管理员', duties: '机关、人员账号与平台设置' },
  security: { label: '安全管理员', duties: '角色与权限分配、密码与双因素策略、解锁、撤销令牌' },
  audit: { label: '审计管理员', duties: '查阅、导出与校验审计日志' },
} as const;
export type AdminRole = keyof typeof ADMIN_ROLES;
export const ADMIN_ROLE_KEYS = Object.keys(ADMIN_ROLES) as AdminRole[];
export const isAdminRole = (v: unknown): v is AdminRole => typeof v === 'string' && Object.hasOwn(ADMIN_ROLES, v);

/** The 三员 role of an actor: system from the flag, the others from `adminRole`. */
export function adminRoleOf(actor: Pick<Actor, 'platformAdmin' | 'adminRole'>): AdminRole | null {
  if (actor.platformAdmin) return 'system';
  return actor.adminRole ?? null;
}

export function isAgencyRole(v: unknown): v is AgencyRole {
  return typeof v === 'string' && Object.hasOwn(AGENCY_ROLES, v);
}

export interface Membership {
  agencyId: number;
  role: AgencyRole;
  departmentId: number | null;
}

/** Who is acting: a signed-in person, an API token's owner, the CLI or the system itself. */
export interface Actor {
  userId: number | null;
  username: string;
  displayName: string;
  platformAdmin: boolean;
  /** 安全管理员 or 审计管理员 (三员分立); 系统管理员 is `platformAdmin`. */
  adminRole?: 'security' | 'audit' | null;
  /** Signed in with a password only, while a second factor is required (the session may reach only the 2FA pages). */
  secondFactorPending?: boolean;
  memberships: Membership[];
  via: 'session' | 'token' | 'cli' | 'system';
  ip?: string;
  mustChangePassword?: boolean;
}

export const SYSTEM_ACTOR: Actor = {
  userId: null,
  username: 'system',
  displayName: '系统',
  platformAdmin: true,
  memberships: [],
  via: 'system',
};

/** A short role description for audit records: the roles this actor holds. */
export function actorRoleLabel(actor: Actor, agencyId?: number | null): string {
  const roles: string[] = actor.memberships
    .filter((m) => agencyId == null || m.agencyId === agencyId)
    .map((m) => AGENCY_ROLES[m.role].label);
  const admin = adminRoleOf(actor);
  if (admin) roles.unshift(ADMIN_ROLES[admin].label);
  return [...new Set(roles)].join('、');
}
