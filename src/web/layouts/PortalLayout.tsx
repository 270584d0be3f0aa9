import type { ComponentChildren } from 'preact';
import { assetUrl } from '../assets.js';
import type { PageContext } from '../context.js';
import { qrSvg } from '../qr.js';

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
  /** Scripts that only enhance a page that works without them (the item page's 打印, 关闭). */
  scripts?: string[];
  /** A class on <body> (the item page's print view). */
  bodyClass?: string | undefined;
  children: ComponentChildren;
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
          <div class="wrap toolbar-inner">
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
        </nav>
        <header class="site-header">
          <div class="wrap header-inner">
            <a class="site-name" href="/">
              {p.siteName}
            </a>
            <form class="header-search" action="/search" method="get" role="search">
              <label for="header-q" class="visually-hidden">
                搜索政府信息
              </label>
              <input id="header-q" name="q" type="search" placeholder="搜索标题、文号、全文" />
              <button type="submit">搜索</button>
            </form>
          </div>
          <nav class="main-nav" aria-label="主导航">
            <div class="wrap">
              <a href="/">首页</a>
              <a href="/#agencies">公开机关</a>
              <a href="/calendar">工作日计算</a>
              <a href="/search">信息检索</a>
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
            <div class="footer-text">
              <p>{p.siteName}</p>
              <p>
                <a href="/sitemap.xml">网站地图</a> · <a href="/office">工作人员登录</a>
              </p>
            </div>
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
