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
  if (actor.platformAdmin) roles.unshift(PLATFORM_ADMIN_LABEL);
  return [...new Set(roles)].join('、');
}
