import type { ComponentChildren } from 'preact';
import { actorRoleLabel } from '../../features/access/roles.js';
import { assetUrl } from '../assets.js';
import type { PageContext } from '../context.js';
import { Csrf } from '../components/forms.js';

export interface OfficeLayoutProps {
  ctx: PageContext;
  title: string;
  children: ComponentChildren;
  /** Extra scripts for rich pages (the editor); the office works without them. */
  scripts?: string[];
  /** Extra stylesheets for pages that need them (the annual report's tables). */
  stylesheets?: string[];
  /** Reload the page every N seconds (progress pages that work without JavaScript). */
  refreshSeconds?: number | undefined;
}

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
        {(p.stylesheets ?? []).map((s) => (
          <link key={s} rel="stylesheet" href={assetUrl(s)} />
        ))}
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
                {[{ href: '/office', label: '工作台' }, ...ctx.menu].map((m) => (
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
