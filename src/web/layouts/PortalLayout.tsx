import type { ComponentChildren } from 'preact';
import { assetUrl } from '../assets.js';
import type { PageContext } from '../context.js';
import { qrSvg } from '../qr.js';
import { ICP_URL, psbUrl } from '../portal-site.js';

export interface Crumb {
  label: string;
  href?: string;
}

export interface PortalLayoutProps {
  ctx: PageContext;
  siteName: string;
  title: string;
  /** Government-site metadata tags (SiteName, ColumnName, ArticleTitle, PubDate, …). */
  meta?: Record<string, string>;
  crumbs?: Crumb[];
  /** Feeds to advertise in <head>. */
  feeds?: { title: string; href: string }[];
  canonicalPath?: string;
  /** Extra stylesheets for pages that need them (the annual report's tables). */
  stylesheets?: string[];
  /** Off on pages that carry their own search form (home, search), so a page has one search box. */
  headerSearch?: boolean;
  /** Scripts that only enhance a page that works without them (the item page's 打印, 关闭). */
  scripts?: string[];
  /** A class on <body> (the item page's print view). */
  bodyClass?: string | undefined;
  children: ComponentChildren;
}

/** The main navigation: platform-wide entries (the agencies' own columns are under 公开机关). */
export const MAIN_NAV = [
  { href: '/', label: '首页' },
  { href: '/#agencies', label: '公开机关' },
  { href: '/zcwj', label: '政策文件' },
  { href: '/ysqgk', label: '依申请公开' },
  { href: '/nb', label: '年报' },
  { href: '/search', label: '信息检索' },
  { href: '/calendar', label: '工作日计算' },
] as const;

/** Which main-navigation entry a path belongs to (the agency pages are under 公开机关). */
function currentNav(path: string): string | null {
  const p = path.split(/[?#]/)[0] ?? '/';
  if (p === '/') return '/';
  const hit = MAIN_NAV.find((n) => n.href !== '/' && !n.href.startsWith('/#') && (p === n.href || p.startsWith(`${n.href}/`)));
  return hit?.href ?? null;
}

/** Script switch labels name their own script and must not be converted with the page. */
const NO_TRANSLATE = { translate: 'no' } as Record<string, string>;

/** Toolbar link that flips one preference and comes back to this page. */
function prefHref(ctx: PageContext, change: string): string {
  return `/prefs?${change}&back=${encodeURIComponent(ctx.path)}`;
}

/**
 * The public page frame: skip link, accessibility toolbar (works without
 * JavaScript: each control is a link that sets a cookie and returns here), header,
 * breadcrumbs, the page, and a footer with this page's QR code.
 */
export function PortalLayout(p: PortalLayoutProps) {
  const { ctx } = p;
  const htmlClass = [`font-${ctx.prefs.font}`, ctx.prefs.contrast === 'high' ? 'contrast-high' : '', ctx.prefs.script === 'pinyin' ? 'pinyin' : ''].filter(Boolean).join(' ');
  const pageUrl = ctx.publicUrl + (p.canonicalPath ?? ctx.path);
  const lang = ctx.prefs.script === 'hant' ? 'zh-Hant-TW' : ctx.prefs.script === 'hk' ? 'zh-Hant-HK' : 'zh-CN';
  return (
    <html lang={lang} class={htmlClass}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${p.title} - ${p.siteName}`}</title>
        {Object.entries({ SiteName: p.siteName, ...(p.meta ?? {}) }).map(([name, content]) => (
          <meta key={name} name={name} content={content} />
        ))}
        <link rel="canonical" href={pageUrl} />
        <link rel="stylesheet" href={assetUrl('portal.css')} />
        {(p.stylesheets ?? []).map((s) => (
          <link key={s} rel="stylesheet" href={assetUrl(s)} />
        ))}
        {(p.feeds ?? []).map((f) => (
          <link key={f.href} rel="alternate" type="application/atom+xml" title={f.title} href={f.href} />
        ))}
        {(p.scripts ?? []).map((s) => (
          <script key={s} src={assetUrl(s)} defer />
        ))}
      </head>
      <body class={p.bodyClass}>
        <a class="skip-link" href="#main">
          跳到主要内容
        </a>
        <nav class="toolbar" aria-label="无障碍工具条">
          {/* One row on a phone: the choices fold behind a summary; on wider screens they are all shown. */}
          <details class="wrap toolbar-fold fold-wide">
            <summary>
              阅读辅助<span class="toolbar-summary-hint">：字号 · 高对比度 · 繁體 · 拼音</span>
            </summary>
            <div class="toolbar-inner">
            <span class="toolbar-group" role="group" aria-label="文字大小">
              <span class="toolbar-label" aria-hidden="true">字号</span>
              <a href={prefHref(ctx, 'font=0')} aria-current={ctx.prefs.font === 0 ? 'true' : undefined}>标准</a>
              <a href={prefHref(ctx, 'font=1')} aria-current={ctx.prefs.font === 1 ? 'true' : undefined}>大</a>
              <a href={prefHref(ctx, 'font=2')} aria-current={ctx.prefs.font === 2 ? 'true' : undefined}>特大</a>
            </span>
            <span class="toolbar-group" role="group" aria-label="配色">
              <a href={prefHref(ctx, `contrast=${ctx.prefs.contrast === 'high' ? 'normal' : 'high'}`)} aria-current={ctx.prefs.contrast === 'high' ? 'true' : undefined}>
                高对比度
                <span class="visually-hidden">{ctx.prefs.contrast === 'high' ? '（已开启，点击关闭）' : '（点击开启）'}</span>
              </a>
            </span>
            <span class="toolbar-group" role="group" aria-label="文字">
              <a href={prefHref(ctx, 'script=hans')} aria-current={ctx.prefs.script === 'hans' ? 'true' : undefined} lang="zh-CN" {...NO_TRANSLATE}>简体</a>
              <a href={prefHref(ctx, 'script=hant')} aria-current={ctx.prefs.script === 'hant' ? 'true' : undefined} lang="zh-Hant-TW" {...NO_TRANSLATE}>繁體</a>
              <a href={prefHref(ctx, 'script=hk')} aria-current={ctx.prefs.script === 'hk' ? 'true' : undefined} lang="zh-Hant-HK" {...NO_TRANSLATE}>港澳繁體</a>
              <a href={prefHref(ctx, 'script=pinyin')} aria-current={ctx.prefs.script === 'pinyin' ? 'true' : undefined}>拼音</a>
            </span>
            <a href={prefHref(ctx, 'reset=1')}>重置</a>
            </div>
          </details>
        </nav>
        <header class="site-header">
          <div class="wrap header-inner">
            <a class="site-name" href="/">
              {p.siteName}
            </a>
            {p.headerSearch === false ? null : (
              <form class="header-search" action="/search" method="get" role="search">
                <label for="header-q" class="visually-hidden">
                  搜索政府信息
                </label>
                <input id="header-q" name="q" type="search" placeholder="搜索标题、文号、全文" />
                <button type="submit">搜索</button>
              </form>
            )}
          </div>
          <nav class="main-nav" aria-label="主导航">
            <div class="wrap">
              {MAIN_NAV.map((n) => (
                <a key={n.href} href={n.href} aria-current={currentNav(ctx.path) === n.href ? 'page' : undefined}>
                  {n.label}
                </a>
              ))}
            </div>
          </nav>
        </header>
        {p.crumbs && p.crumbs.length ? (
          <nav class="wrap crumbs" aria-label="当前位置">
            <ol>
              <li>
                <a href="/">首页</a>
              </li>
              {p.crumbs.map((c, i) => (
                <li key={i}>{c.href ? <a href={c.href}>{c.label}</a> : <span aria-current="page">{c.label}</span>}</li>
              ))}
            </ol>
          </nav>
        ) : null}
        <main id="main" class="wrap main" tabIndex={-1}>
          {p.children}
        </main>
        <footer class="site-footer">
          <div class="wrap footer-inner">
            <SiteFooterText ctx={ctx} siteName={p.siteName} />
            <figure class="qr">
              <div dangerouslySetInnerHTML={{ __html: qrSvg(pageUrl, `本页二维码：${pageUrl}`) }} />
              <figcaption>扫描二维码随身看资讯</figcaption>
            </figure>
          </div>
        </footer>
      </body>
    </html>
  );
}

/**
 * The footer the 《政府网站发展指引》 asks for: links to the site map, 联系我们 and the
 * error-report form (with this page's address), then 主办单位, 承办单位, 网站标识码 and the
 * ICP and 公安机关 record numbers linked to where they can be checked, and the 党政机关 mark.
 */
function SiteFooterText({ ctx, siteName }: { ctx: PageContext; siteName: string }) {
  const s = ctx.site;
  return (
    <div class="footer-text">
      <ul class="footer-links">
        <li>
          <a href="/sitemap">网站地图</a>
        </li>
        <li>
          <a href={s?.agency ? `/contact#${s.agency.slug}` : '/contact'}>联系我们</a>
        </li>
        <li>
          <a href={`/jiucuo?url=${encodeURIComponent(ctx.path)}`}>网站纠错</a>
        </li>
        <li>
          <a href="/office">工作人员登录</a>
        </li>
      </ul>
      <dl class="footer-facts">
        <div>
          <dt>主办单位</dt>
          <dd>{s?.hostedBy || siteName}</dd>
        </div>
        {s?.undertakenBy ? (
          <div>
            <dt>承办单位</dt>
            <dd>{s.undertakenBy}</dd>
          </div>
        ) : null}
        {s?.siteIdCode ? (
          <div>
            <dt>网站标识码</dt>
            <dd>{s.siteIdCode}</dd>
          </div>
        ) : null}
        {s?.icp ? (
          <div>
            <dt>ICP 备案号</dt>
            <dd>
              <a href={ICP_URL} rel="noopener">
                {s.icp}
              </a>
            </dd>
          </div>
        ) : null}
        {s?.psbRecord ? (
          <div>
            <dt>公安机关备案号</dt>
            <dd>
              <a href={psbUrl(s.psbRecord)} rel="noopener">
                {s.psbRecord}
              </a>
            </dd>
          </div>
        ) : null}
      </dl>
      {s?.conacUrl ? (
        <a class="conac-mark" href={s.conacUrl} rel="noopener">
          <svg aria-hidden="true" width="22" height="22" viewBox="0 0 22 22">
            <circle cx="11" cy="11" r="10" fill="#c8161d" />
            <path d="M11 4.5l1.9 4.2 4.6.4-3.5 3 1.1 4.5L11 14.2l-4.1 2.4 1.1-4.5-3.5-3 4.6-.4z" fill="#ffd700" />
          </svg>
          <span>党政机关</span>
          <span class="visually-hidden">网站标识（查验）</span>
        </a>
      ) : null}
    </div>
  );
}
