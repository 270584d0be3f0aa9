import type { FieldErrors } from '../../../errors.js';
import type { PageContext } from '../../../web/context.js';
import { Csrf, ErrorSummary, Field } from '../../../web/components/forms.js';
import { OfficeLayout } from '../../../web/layouts/OfficeLayout.js';
import { qrSvg } from '../../../web/qr.js';

/** Enrolment: scan the QR (or type the key) into an authenticator app, then confirm one code. */
/** A way out for someone held at the second factor (the office menu is not shown yet). */
function SignOut(p: { csrf: string | undefined }) {
  return (
    <form method="post" action="/office/logout">
      <Csrf token={p.csrf} />
      <button type="submit" class="secondary">
        退出登录
      </button>
    </form>
  );
}

export function TwoFactorSetupPage(p: { ctx: PageContext; secret: string; uri: string; required: boolean; errors?: FieldErrors; message?: string }) {
  const grouped = p.secret.replace(/(.{4})/g, '$1 ').trim();
  return (
    <OfficeLayout ctx={p.ctx} title="绑定双因素认证">
      <h1>绑定双因素认证</h1>
      {p.required ? (
        <div class="alert alert-warning" role="alert">
          您的角色须使用双因素认证（等保 2.0 三级要求）：绑定后才能继续使用办公系统。
        </div>
      ) : null}
      <ErrorSummary errors={p.errors} message={p.message} />
      <ol>
        <li>在手机上安装支持 TOTP 的身份验证器应用（如 FreeOTP、Microsoft Authenticator、Google 身份验证器）。</li>
        <li>
          用应用扫描下面的二维码；无法扫描时，选择“手动输入密钥”，输入：
          <p>
            <code id="totp-secret">{grouped}</code>
          </p>
          （基于时间，6 位数字，每 30 秒更新）
        </li>
        <li>输入应用显示的 6 位验证码，完成绑定。</li>
      </ol>
      <div class="totp-qr" dangerouslySetInnerHTML={{ __html: qrSvg(p.uri, '双因素认证绑定二维码（内容即上方密钥）') }} />
      <form method="post" action="/office/account/2fa/setup" novalidate>
        <Csrf token={p.ctx.csrfToken} />
        <Field name="code" label="6 位验证码" errors={p.errors} required maxLength={6} autoComplete="one-time-code" inputMode="numeric" />
        <button type="submit">完成绑定</button>
      </form>
      <SignOut csrf={p.ctx.csrfToken} />
    </OfficeLayout>
  );
}

/** The recovery codes, shown once right after enrolment. */
export function RecoveryCodesPage(p: { ctx: PageContext; codes: string[] }) {
  return (
    <OfficeLayout ctx={p.ctx} title="恢复码">
      <h1>双因素认证已启用</h1>
      <div class="alert alert-warning" role="alert">
        请立即抄下或打印以下恢复码并妥善保管。手机丢失时，每个恢复码可代替验证码使用一次。本页关闭后不再显示。
      </div>
      <ul class="recovery-codes">
        {p.codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <p>
        <a href="/office">进入工作台</a>
      </p>
    </OfficeLayout>
  );
}

/** After the password: the code from the app, or a recovery code. */
export function TwoFactorChallengePage(p: { ctx: PageContext; errors?: FieldErrors; message?: string; next?: string }) {
  return (
    <OfficeLayout ctx={p.ctx} title="双因素认证">
      <section class="login">
        <h1>双因素认证</h1>
        <ErrorSummary errors={p.errors} message={p.message} />
        <form method="post" action="/office/account/2fa" novalidate>
          <Csrf token={p.ctx.csrfToken} />
          <input type="hidden" name="next" value={p.next ?? '/office'} />
          <Field name="code" label="验证码" hint="身份验证器应用显示的 6 位数字；手机丢失时可输入一个恢复码" errors={p.errors} required maxLength={11} autoComplete="one-time-code" />
          <button type="submit">验证</button>
        </form>
        <p class="muted">连续 5 次验证失败，账号将锁定 30 分钟。手机和恢复码都丢失时，请联系安全管理员重置双因素认证。</p>
        <SignOut csrf={p.ctx.csrfToken} />
      </section>
    </OfficeLayout>
  );
}
