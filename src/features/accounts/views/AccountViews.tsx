import type { FieldErrors } from '../../../errors.js';
import { formatChinaDateTime } from '../../../lib/dates.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary, Field } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import type { ApiTokenRow } from '../account.table.js';
import { PASSWORD_POLICY } from '../password.js';

export function LoginPage(p: { ctx: PageContext; username?: string; message?: string; next?: string }) {
  return (
    <OfficeLayout ctx={p.ctx} title="登录">
      <section class="login">
        <h1>工作人员登录</h1>
        {p.message ? (
          <div class="alert alert-error" role="alert" id="login-error">
            {p.message}
          </div>
        ) : null}
        <form method="post" action="/office/login" novalidate>
          <Csrf token={p.ctx.csrfToken} />
          <input type="hidden" name="next" value={p.next ?? '/office'} />
          <div class="field">
            <label for="f-username">用户名</label>
            <input id="f-username" name="username" type="text" autoComplete="username" value={p.username ?? ''} required aria-describedby={p.message ? 'login-error' : undefined} />
          </div>
          <div class="field">
            <label for="f-password">密码</label>
            <input id="f-password" name="password" type="password" autoComplete="current-password" required />
          </div>
          <button type="submit">登录</button>
        </form>
        <p class="muted">忘记密码请联系本机关管理员重置。连续 5 次输错密码，账号将锁定 30 分钟。</p>
      </section>
    </OfficeLayout>
  );
}

export function AccountPage(p: {
  ctx: PageContext;
  tokens: ApiTokenRow[];
  newToken?: string;
  errors?: FieldErrors;
  message?: string;
  forced?: boolean;
}) {
  return (
    <OfficeLayout ctx={p.ctx} title="我的账号">
      <h1>我的账号</h1>
      {p.forced ? (
        <div class="alert alert-warning" role="alert">
          您的密码由管理员设置或已过期，请先修改密码再继续使用。
        </div>
      ) : null}
      <section aria-labelledby="pw-h" class="panel">
        <h2 id="pw-h">修改密码</h2>
        <ErrorSummary errors={p.errors} message={p.message} />
        <form method="post" action="/office/account/password" novalidate>
          <Csrf token={p.ctx.csrfToken} />
          <Field name="current" label="当前密码" type="password" autoComplete="current-password" errors={p.errors} required />
          <Field
            name="next"
            label="新密码"
            type="password"
            autoComplete="new-password"
            hint={`至少 ${PASSWORD_POLICY.minLength} 位，包含大写字母、小写字母、数字、符号中的至少三类`}
            errors={p.errors}
            required
          />
          <Field name="confirm" label="再次输入新密码" type="password" autoComplete="new-password" errors={p.errors} required />
          <button type="submit">修改密码</button>
        </form>
      </section>
      {p.forced ? null : (
        <section aria-labelledby="tokens-h" class="panel">
          <h2 id="tokens-h">API 令牌</h2>
          <p>令牌代表您本人调用 API（请求头 <code>Authorization: Bearer 令牌</code>），权限与您的角色相同。令牌只在创建时显示一次。</p>
          {p.newToken ? (
            <div class="alert alert-success" role="status">
              <p>新令牌（请立即复制保存，离开本页后无法再次查看）：</p>
              <p>
                <code class="token">{p.newToken}</code>
              </p>
            </div>
          ) : null}
          <table class="table">
            <caption class="visually-hidden">我的 API 令牌</caption>
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">开头</th>
                <th scope="col">创建时间</th>
                <th scope="col">最近使用</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {p.tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{formatChinaDateTime(t.createdAt)}</td>
                  <td>{t.lastUsedAt ? formatChinaDateTime(t.lastUsedAt) : '从未使用'}</td>
                  <td>
                    {t.revokedAt ? (
                      `已撤销（${formatChinaDateTime(t.revokedAt)}）`
                    ) : (
                      <form method="post" action={`/office/account/tokens/${t.id}/revoke`} class="inline">
                        <Csrf token={p.ctx.csrfToken} />
                        <button type="submit" class="danger small">
                          撤销
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <form method="post" action="/office/account/tokens" class="inline-form" novalidate>
            <Csrf token={p.ctx.csrfToken} />
            <Field name="name" label="新令牌用途" hint="例如：档案系统对接" maxLength={60} />
            <button type="submit">创建令牌</button>
          </form>
        </section>
      )}
    </OfficeLayout>
  );
}
