import { forbidden, unauthenticated } from '../../errors.js';
import { adminRoleOf, type Actor, type AdminRole, type AgencyRole } from './roles.js';

/** The 三员 roles besides 系统管理员 (who is `platform: true`). */
type OtherAdminRole = 'security' | 'audit';

/**
 * Who may do what, in one place. Each permission lists the agency roles that hold
 * it; `platform: true` also grants it to platform (= system, 系统管理员) administrators
 * on every agency; `admin` grants it to 安全管理员 / 审计管理员 (三员分立, decision 0019).
 * Routes name a permission (checked before the handler: does the actor hold it
 * anywhere?), services call `authorize` with the agency/department the action
 * touches. A test walks every route for every role against this table.
 */
export const PERMISSIONS = {
  'office.access': { roles: ['agency_admin', 'office_reviewer', 'department_editor', 'leader'], platform: true, admin: ['security', 'audit'], label: '进入办公系统' },
  'agency.create': { roles: [], platform: true, label: '新增机关' },
  'settings.manage': { roles: [], platform: true, label: '修改平台设置' },
  'agency.update': { roles: ['agency_admin'], platform: true, label: '修改机关信息' },
  'agency.guide.edit': { roles: ['agency_admin', 'office_reviewer'], platform: true, label: '编辑公开指南' },
  'department.manage': { roles: ['agency_admin'], platform: true, label: '管理股室' },
  'user.list': { roles: ['agency_admin'], platform: true, admin: ['security'], label: '查看人员名单' },
  'user.manage': { roles: ['agency_admin'], platform: true, label: '管理人员账号' },
  'user.roles': { roles: ['agency_admin'], platform: false, admin: ['security'], label: '分配角色与权限' },
  'user.security': { roles: ['agency_admin'], platform: false, admin: ['security'], label: '解锁账号、重置密码与双因素认证、撤销令牌' },
  'security.policy': { roles: [], platform: false, admin: ['security'], label: '设置密码、双因素认证与审计保存策略' },
  'audit.read': { roles: ['agency_admin'], platform: false, admin: ['audit'], label: '查看审计日志' },
  'audit.export': { roles: [], platform: false, admin: ['audit'], label: '导出与校验审计日志' },
  'calendar.manage': { roles: ['agency_admin'], platform: true, label: '维护节假日安排' },
  'publication.draft': { roles: ['department_editor', 'office_reviewer', 'agency_admin'], platform: false, label: '起草信息' },
  'publication.read': { roles: ['department_editor', 'office_reviewer', 'agency_admin', 'leader'], platform: true, label: '查看信息稿件' },
  'publication.review': { roles: ['office_reviewer'], platform: false, label: '审核信息' },
  'publication.approve': { roles: ['leader'], platform: false, label: '领导审批' },
  'publication.publish': { roles: ['office_reviewer'], platform: false, label: '发布信息' },
  'publication.waive_interpretation': { roles: ['agency_admin'], platform: false, label: '记录规章、规范性文件不同步发布解读的理由' },
  'catalog.manage': { roles: ['agency_admin', 'office_reviewer'], platform: true, label: '管理栏目' },
  'import.run': { roles: ['agency_admin', 'office_reviewer'], platform: true, label: '导入历史信息' },
  'mail.read': { roles: ['agency_admin', 'office_reviewer'], platform: true, label: '查看外发邮件' },
  'request.read': { roles: ['agency_admin', 'office_reviewer', 'department_editor', 'leader'], platform: true, label: '查看依申请公开' },
  'request.register': { roles: ['agency_admin', 'office_reviewer'], platform: true, label: '登记政府信息公开申请' },
  'request.handle': { roles: ['agency_admin', 'office_reviewer', 'department_editor'], platform: false, label: '办理政府信息公开申请' },
  'request.decide': { roles: ['agency_admin', 'office_reviewer'], platform: false, label: '答复政府信息公开申请' },
  'request.approve': { roles: ['leader', 'agency_admin'], platform: false, label: '批准延长答复期限' },
  'request.manage': { roles: ['agency_admin', 'office_reviewer'], platform: true, label: '管理告知书模板、台账与复议诉讼' },
  'report.manage': { roles: ['agency_admin', 'office_reviewer'], platform: true, label: '编制年度报告、录入历年数据' },
  'participation.manage': { roles: ['agency_admin', 'office_reviewer'], platform: false, label: '管理意见征集与听证' },
  'mailbox.read': { roles: ['agency_admin', 'office_reviewer', 'department_editor', 'leader'], platform: true, label: '查看政务信箱' },
  'mailbox.handle': { roles: ['agency_admin', 'office_reviewer', 'department_editor'], platform: true, label: '办理、答复信箱留言' },
  'mailbox.publish': { roles: ['agency_admin', 'office_reviewer'], platform: true, label: '公开信箱留言及答复' },
  'mailbox.manage': { roles: ['agency_admin'], platform: true, label: '设置信箱答复时限' },
  'project.manage': { roles: ['agency_admin', 'office_reviewer'], platform: true, label: '维护重点项目和年度工作计划' },
  'fee.manage': { roles: ['agency_admin', 'office_reviewer'], platform: false, label: '维护收费和价格清单' },
} as const satisfies Record<string, { roles: readonly AgencyRole[]; platform: boolean; admin?: readonly OtherAdminRole[]; label: string }>;

/**
 * Duties reserved to one of the 三员: an account holding another 三员 duty does not get
 * them through an agency role either (the system administrator who is also an agency
 * administrator does not read the audit log or assign roles).
 */
const RESERVED: Partial<Record<Permission, AdminRole>> = {
  'audit.read': 'audit',
  'audit.export': 'audit',
  'user.roles': 'security',
  'user.security': 'security',
  'security.policy': 'security',
};

function reservedToAnother(actor: Actor, permission: Permission): boolean {
  const owner = RESERVED[permission];
  const mine = adminRoleOf(actor);
  return !!owner && !!mine && mine !== owner;
}

function adminGrants(actor: Actor, permission: Permission): boolean {
  const rule = PERMISSIONS[permission] as { admin?: readonly OtherAdminRole[] };
  return !actor.platformAdmin && !!actor.adminRole && !!rule.admin?.includes(actor.adminRole);
}

export type Permission = keyof typeof PERMISSIONS;

export function isPermission(v: unknown): v is Permission {
  return typeof v === 'string' && Object.hasOwn(PERMISSIONS, v);
}

export interface Scope {
  agencyId?: number | null;
  departmentId?: number | null;
}

/**
 * Whether `actor` holds `permission`. Without a scope: anywhere at all (used by
 * routes). With an agency: in that agency. A department editor holds their
 * permissions only for their own department when a department is given.
 */
export function can(actor: Actor | null, permission: Permission, scope: Scope = {}): boolean {
  if (!actor) return false;
  if (reservedToAnother(actor, permission)) return false;
  const rule = PERMISSIONS[permission];
  if (rule.platform && actor.platformAdmin) return true;
  if (adminGrants(actor, permission)) return true;
  const roles: readonly string[] = rule.roles;
  return actor.memberships.some((m) => {
    if (!roles.includes(m.role)) return false;
    if (scope.agencyId != null && m.agencyId !== scope.agencyId) return false;
    if (m.role === 'department_editor' && scope.departmentId != null && m.departmentId !== scope.departmentId) {
      return false;
    }
    return true;
  });
}

/**
 * `can` for records routed to a department that carry a person's own words and
 * contact details (an application, a mailbox letter): a department editor holds the
 * permission only on those assigned to their own department. One assigned to no
 * department is still with the agency's office, not with every department.
 */
export function canOnAssigned(actor: Actor | null, permission: Permission, place: { agencyId: number; departmentId: number | null }): boolean {
  if (!actor) return false;
  const rule = PERMISSIONS[permission];
  if (rule.platform && actor.platformAdmin) return true;
  const roles: readonly string[] = rule.roles;
  return actor.memberships.some(
    (m) => m.agencyId === place.agencyId && roles.includes(m.role) && (m.role !== 'department_editor' || (place.departmentId !== null && m.departmentId === place.departmentId)),
  );
}

/** Throws UNAUTHENTICATED or FORBIDDEN unless `can(actor, permission, scope)`. */
export function authorize(actor: Actor | null, permission: Permission, scope: Scope = {}): asserts actor is Actor {
  if (!actor) throw unauthenticated();
  if (!can(actor, permission, scope)) {
    throw forbidden(`您没有“${PERMISSIONS[permission].label}”的权限`);
  }
}

/** The agencies in which the actor holds a permission; null means every agency. */
export function agenciesWith(actor: Actor, permission: Permission): number[] | null {
  if (reservedToAnother(actor, permission)) return [];
  const rule = PERMISSIONS[permission];
  if (rule.platform && actor.platformAdmin) return null;
  if (adminGrants(actor, permission)) return null;
  const roles: readonly string[] = rule.roles;
  return [...new Set(actor.memberships.filter((m) => roles.includes(m.role)).map((m) => m.agencyId))];
}

/**
 * Whether the actor may take over another person's account (reset their password,
 * lift their lockout, reset their second factor, revoke their tokens): the security
 * administrator for anyone who holds none of the 三员 duties; an agency administrator
 * only when, besides, every agency the person belongs to is one they manage. Nobody
 * takes over a 三员 account (their own included) through the web: otherwise the security
 * administrator could sign in as the audit administrator and read or trim the record of
 * their own actions, and an agency administrator could become a platform administrator
 * who also sits in their agency. A 三员 account is recovered on the server's command line
 * (`gongkai user passwd`), which is itself audited.
 */
export function mayTakeOverAccount(actor: Actor, target: { userId?: number; platformAdmin: boolean; adminRole?: string | null; agencyIds: readonly number[] }): boolean {
  if (target.platformAdmin || target.adminRole) return false;
  if (target.userId !== undefined && target.userId === actor.userId) return false;
  const manageable = agenciesWith(actor, 'user.security');
  if (manageable === null) return true;
  return target.agencyIds.every((id) => manageable.includes(id));
}
