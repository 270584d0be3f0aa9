import type { FieldErrors } from '../../../errors.js';
import { formatChinaDateTime } from '../../../lib/dates.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary, Field } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import type { AgencyWithDepartments } from '../../agencies/agency.service.js';
import type { MembershipRow, UserRow } from '../account.table.js';
import { ADMIN_ROLES, ADMIN_ROLE_KEYS, AGENCY_ROLES, AGENCY_ROLE_KEYS } from '../../access/roles.js';
import { can } from '../../access/policy.js';

function rolesText(ms: MembershipRow[], agencies: AgencyWithDepartments[]): string {
  return ms
    .map((m) => {
      const a = agencies.find((x) => x.id === m.agencyId);
      const d = a?.departments.find((x) => x.id === m.departmentId);
      const role = AGENCY_ROLES[m.role as keyof typeof AGENCY_ROLES]?.label ?? m.role;
      return `${a?.shortName ?? '?'}·${role}${d ? `（${d.name}）` : ''}`;
    })
    .join('；');
}

export function UserList(p: { ctx: PageContext; users: { user: UserRow; memberships: MembershipRow[] }[]; agencies: AgencyWithDepartments[] }) {
  const now = p.ctx.now.toISOString();
  return (
    <OfficeLayout ctx={p.ctx} title="人员与角色">
      <h1>人员与角色</h1>
      <p>
        <a class="button" href="/office/users/new">
          新增人员
        </a>
      </p>
      <table class="table">
        <caption class="visually-hidden">人员列表</caption>
        <thead>
          <tr>
            <th scope="col">姓名</th>
            <th scope="col">用户名</th>
            <th scope="col">角色</th>
            <th scope="col">状态</th>
            <th scope="col">最近登录</th>
          </tr>
        </thead>
        <tbody>
          {p.users.map(({ user, memberships }) => (
            <tr key={user.id}>
              <td>
                <a href={`/office/users/${user.id}`}>{user.displayName}</a>
              </td>
              <td>
                <code>{user.username}</code>
              </td>
              <td>
                {user.platformAdmin ? `${ADMIN_ROLES.system.label}；` : user.adminRole === 'security' || user.adminRole === 'audit' ? `${ADMIN_ROLES[user.adminRole].label}；` : ''}
                {rolesText(memberships, p.agencies)}
              </td>
              <td>{user.disabled ? '已停用' : user.lockedUntil && user.lockedUntil > now ? '已锁定' : '正常'}</td>
              <td>{user.lastLoginAt ? formatChinaDateTime(user.lastLoginAt) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </OfficeLayout>
  );
}

export interface UserFormValues {
  username?: string;
  displayName?: string;
  email?: string;
  disabled?: boolean;
  platformAdmin?: boolean;
  adminRole?: string;
  version?: number;
  memberships: { agencyId: number; role: string; departmentId: number | null }[];
}

export function UserForm(p: {
  ctx: PageContext;
  user?: UserRow;
  agencies: AgencyWithDepartments[];
  values: UserFormValues;
  errors?: FieldErrors;
  message?: string;
}) {
  const editing = !!p.user;
  const v = p.values;
  const has = (agencyId: number, role: string) => v.memberships.some((m) => m.agencyId === agencyId && m.role === role);
  const deptOf = (agencyId: number) => v.memberships.find((m) => m.agencyId === agencyId && m.role === 'department_editor')?.departmentId ?? null;
  const now = p.ctx.now.toISOString();
  const actor = p.ctx.actor;
  // Each part of the form is shown to whoever may change it (三员分立, decision 0019).
  const editsAccount = !editing || (actor ? can(actor, 'user.manage') : false);
  const assignsRoles = actor ? can(actor, 'user.roles') : false;
  const assignsAdmin = !!actor && actor.adminRole === 'security' && !actor.platformAdmin && editing && p.user!.id !== actor.userId;
  const security = actor ? can(actor, 'user.security') : false;
  const adminNow = v.adminRole ?? (v.platformAdmin ? 'system' : '');
  return (
    <OfficeLayout ctx={p.ctx} title={editing ? `人员：${p.user!.displayName}` : '新增人员'}>
      <h1>{editing ? `人员：${p.user!.displayName}` : '新增人员'}</h1>
      <ErrorSummary errors={p.errors} message={p.message} />
      <form method="post" action={editing ? `/office/users/${p.user!.id}` : '/office/users'} novalidate>
        <Csrf token={p.ctx.csrfToken} />
        {editing ? <input type="hidden" name="version" value={String(v.version ?? p.user!.version)} /> : null}
        {editing ? (
          <p>
            用户名：<code>{p.user!.username}</code>
          </p>
        ) : (
          <Field name="username" label="用户名" hint="登录用，小写字母开头，3–32 位" value={v.username} errors={p.errors} required maxLength={32} autoComplete="off" />
        )}
        {editsAccount ? (
          <>
            <Field name="displayName" label="姓名" value={v.displayName} errors={p.errors} required maxLength={40} />
            <Field name="email" label="电子邮箱" type="email" value={v.email} errors={p.errors} maxLength={120} />
          </>
        ) : (
          <>
            <input type="hidden" name="displayName" value={v.displayName ?? ''} />
            <input type="hidden" name="email" value={v.email ?? ''} />
            <p>姓名：{v.displayName}</p>
          </>
        )}
        {!editing ? (
          <Field name="password" label="初始密码" type="password" hint="本人首次登录时须修改；至少 8 位，含三类字符" errors={p.errors} required autoComplete="new-password" />
        ) : null}
        {assignsAdmin ? (
          <div class="field">
            <label for="f-adminRole">管理员身份（三员分立，一人只能担任其一）</label>
            <select id="f-adminRole" name="adminRole" aria-describedby={p.errors?.adminRole ? 'f-adminRole-error' : undefined}>
              <option value="" selected={adminNow === ''}>
                无
              </option>
              {ADMIN_ROLE_KEYS.map((k) => (
                <option key={k} value={k} selected={adminNow === k}>
                  {ADMIN_ROLES[k].label}：{ADMIN_ROLES[k].duties}
                </option>
              ))}
            </select>
            {p.errors?.adminRole ? (
              <p class="error-text" id="f-adminRole-error">
                {p.errors.adminRole}
              </p>
            ) : null}
          </div>
        ) : editing && adminNow ? (
          <p>管理员身份：{ADMIN_ROLES[adminNow as keyof typeof ADMIN_ROLES]?.label}</p>
        ) : null}
        {p.errors?.platformAdmin ? <p class="error-text">{p.errors.platformAdmin}</p> : null}
        {editing && editsAccount ? (
          <div class="field checkbox">
            <input id="f-disabled" type="checkbox" name="disabled" value="on" checked={!!v.disabled} />
            <label for="f-disabled">停用此账号（停用后无法登录，现有会话立即失效）</label>
            {p.errors?.disabled ? <p class="error-text">{p.errors.disabled}</p> : null}
          </div>
        ) : null}
        {assignsRoles ? <input type="hidden" name="rolesShown" value="1" /> : null}
        {!assignsRoles ? (
          p.errors?.memberships ? <p class="error-text">{p.errors.memberships}</p> : editing ? null : <p>角色由安全管理员在账号建立后分配。</p>
        ) : (
        <fieldset id="f-memberships">
          <legend>角色</legend>
          {p.errors?.memberships ? <p class="error-text">{p.errors.memberships}</p> : null}
          {p.agencies.map((a) => (
            <fieldset key={a.id} class="role-group">
              <legend>{a.name}</legend>
              {AGENCY_ROLE_KEYS.map((role) => (
                <div class="field checkbox" key={role}>
                  <input id={`m-${a.id}-${role}`} type="checkbox" name={`m.${a.id}.${role}`} value="on" checked={has(a.id, role)} />
                  <label for={`m-${a.id}-${role}`}>{AGENCY_ROLES[role].label}</label>
                </div>
              ))}
              <div class="field">
                <label for={`m-${a.id}-dept`}>股室编辑所在股室</label>
                <select id={`m-${a.id}-dept`} name={`m.${a.id}.dept`}>
                  <option value="">（不是股室编辑）</option>
                  {a.departments.map((d) => (
                    <option key={d.id} value={String(d.id)} selected={deptOf(a.id) === d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </div>
            </fieldset>
          ))}
          {Object.entries(p.errors ?? {})
            .filter(([k]) => k.startsWith('memberships.'))
            .map(([k, msg]) => (
              <p key={k} class="error-text">
                {msg}
              </p>
            ))}
        </fieldset>
        )}
        <button type="submit">{editing ? '保存' : '创建'}</button>
      </form>
      {editing && security ? (
        <section class="panel" aria-labelledby="reset-h">
          <h2 id="reset-h">密码、双因素认证与锁定</h2>
          <p>双因素认证：{p.user!.totpEnabledAt ? `已启用（${formatChinaDateTime(p.user!.totpEnabledAt)}）` : '未启用'}</p>
          {p.user!.totpSecret ? (
            <form method="post" action={`/office/users/${p.user!.id}/2fa/reset`}>
              <Csrf token={p.ctx.csrfToken} />
              <button type="submit" class="secondary">
                重置双因素认证（本人丢失手机时使用，须重新绑定）
              </button>
            </form>
          ) : null}
          {p.user!.lockedUntil && p.user!.lockedUntil > now ? (
            <form method="post" action={`/office/users/${p.user!.id}/unlock`}>
              <Csrf token={p.ctx.csrfToken} />
              <p>该账号因多次密码错误已锁定至 {formatChinaDateTime(p.user!.lockedUntil)}。</p>
              <button type="submit">解除锁定</button>
            </form>
          ) : null}
          <form method="post" action={`/office/users/${p.user!.id}/password`} novalidate>
            <Csrf token={p.ctx.csrfToken} />
            <Field name="password" label="设置新密码" type="password" hint="本人下次登录时须修改" errors={p.errors} autoComplete="new-password" />
            <button type="submit" class="secondary">
              重置密码
            </button>
          </form>

        </section>
      ) : null}
    </OfficeLayout>
  );
}
