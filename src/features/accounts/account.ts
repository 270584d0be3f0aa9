import { z } from 'zod';
import { emailText, intField, text } from '../../lib/validation.js';
import { AGENCY_ROLE_KEYS, type AgencyRole } from '../access/roles.js';

/** The 三员 choice on a person's form: none, or one of the three (decision 0019). */
export const adminRoleInput = z.enum(['', 'system', 'security', 'audit'], { message: '未知的管理员类型' });

/** Lock-out and session lifetimes after 等保 practice (R3.2); constants, one place to change. */
export const LOGIN_POLICY = {
  maxFailures: 5,
  lockMinutes: 30,
  idleMinutes: 30,
  absoluteHours: 12,
} as const;

export const usernameField = text(32, { required: true }).refine(
  (v) => /^[a-z][a-z0-9._-]{2,31}$/.test(v),
  '用户名用小写字母、数字、点、下划线或连字符，以字母开头，3–32 位',
);

export const membershipInput = z.object({
  agencyId: intField('机关'),
  role: z.enum(AGENCY_ROLE_KEYS as [AgencyRole, ...AgencyRole[]], { message: '未知角色' }),
  departmentId: z.preprocess((v) => (v === '' || v == null ? null : v), intField('股室').nullable()),
});
export type MembershipInput = z.infer<typeof membershipInput>;

export const userCreateInput = z.object({
  username: usernameField,
  displayName: text(40, { required: true }),
  email: emailText,
  password: z.string({ message: '请设置初始密码' }).min(1, '请设置初始密码'),
  platformAdmin: z.boolean().optional(),
  memberships: z.array(membershipInput).max(50).default([]),
});
export type UserCreateInput = z.infer<typeof userCreateInput>;

export const userUpdateInput = z.object({
  displayName: text(40, { required: true }),
  email: emailText,
  disabled: z.boolean().optional(),
  platformAdmin: z.boolean().optional(),
  adminRole: adminRoleInput.optional(),
  /** Left out: the person's roles stay as they are (someone who may not assign roles saves the rest). */
  memberships: z.array(membershipInput).max(50).optional(),
  version: intField('版本'),
});
export type UserUpdateInput = z.infer<typeof userUpdateInput>;

/** How long a new API token lives unless asked otherwise, and the longest it may. */
export const TOKEN_DAYS = { default: 90, max: 365 } as const;

export const tokenCreateInput = z.object({
  name: text(60, { required: true }),
  days: z.coerce
    .number({ message: '有效天数应为数字' })
    .int('有效天数应为整数')
    .min(1, '有效天数至少 1 天')
    .max(TOKEN_DAYS.max, `有效天数不能超过 ${TOKEN_DAYS.max} 天`)
    .default(TOKEN_DAYS.default),
});
