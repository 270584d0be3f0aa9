import type { ComponentChildren } from 'preact';
import { can } from '../../features/accounts/policy.js';
import { actorRoleLabel } from '../../features/accounts/roles.js';
import { assetUrl } from '../assets.js';
import type { PageContext } from '../context.js';
import { Csrf } from '../components/forms.js';

export interface OfficeLayoutProps {
  ctx: PageContext;
  title: string;
  children: ComponentChildren;
  /** Extra scripts for rich pages (the editor); the office works without them. */
  scripts?: string[];
  /** Reload the page every N seconds (progress pages that work without JavaScript). */
  refreshSeconds?: number | undefined;
}

/** Links in the office menu, each shown only to those who may use it. */
const MENU = [
  { href: '/office', label: '工作台', show: () => true },
  { href: '/office/publications', label: '信息发布', show: (c: PageContext) => can(c.actor ?? null, 'publication.read') },
  { href: '/office/catalog', label: '栏目管理', show: (c: PageContext) => can(c.actor ?? null, 'catalog.manage') },
  { href: '/office/agencies', label: '机关与股室', show: (c: PageContext) => can(c.actor ?? null, 'office.access') },
  { href: '/office/users', label: '人员与角色', show: (c: PageContext) => can(c.actor ?? null, 'user.manage') },
  { href: '/office/imports', label: '历史信息导入', show: (c: PageContext) => can(c.actor ?? null, 'import.run') },
  { href: '/office/calendar', label: '节假日安排', show: (c: PageContext) => can(c.actor ?? null, 'calendar.manage') },
  { href: '/office/audit', label: '审计日志', show: (c: PageContext) => can(c.actor ?? null, 'audit.read') },
  { href: '/office/settings', label: '平台设置', show: (c: PageContext) => can(c.actor ?? null, 'settings.manage') },
];

export function OfficeLayout(p: OfficeLayoutProps) {
  const { ctx } = p;
  const actor = ctx.actor;
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        {p.refreshSeconds ? <meta http-equiv="refresh" content={String(p.refreshSeconds)} /> : null}
        <title>{`${p.title} - 政务公开办公系统`}</title>
        <link rel="stylesheet" href={assetUrl('office.css')} />
        {(p.scripts ?? []).map((s) => (
          <script key={s} src={assetUrl(s)} defer />
        ))}
      </head>
      <body class="office">
        <a class="skip-link" href="#main">
          跳到主要内容
        </a>
        <header class="office-header">
          <a class="office-brand" href="/office">
            政务公开办公系统
          </a>
          {actor ? (
            <div class="office-user">
              <span>
                {actor.displayName}
                <small>（{actorRoleLabel(actor) || '无角色'}）</small>
              </span>
              <a href="/office/account">我的账号</a>
              <form method="post" action="/office/logout" class="inline">
                <Csrf token={ctx.csrfToken} />
                <button type="submit" class="link-button">
                  退出
                </button>
              </form>
            </div>
          ) : null}
        </header>
        <div class="office-body">
          {actor ? (
            <nav class="office-nav" aria-label="办公系统菜单">
              <ul>
                {MENU.filter((m) => m.show(ctx)).map((m) => (
                  <li key={m.href}>
                    <a href={m.href} aria-current={ctx.path === m.href || (m.href !== '/office' && ctx.path.startsWith(m.href)) ? 'page' : undefined}>
                      {m.label}
                    </a>
                  </li>
                ))}
                <li>
                  <a href="/">查看门户</a>
                </li>
              </ul>
            </nav>
          ) : null}
          <main id="main" class="office-main" tabIndex={-1}>
            {ctx.flash ? (
              <div class="alert alert-success" role="status">
                {ctx.flash}
              </div>
            ) : null}
            {p.children}
          </main>
        </div>
      </body>
    </html>
  );
}
