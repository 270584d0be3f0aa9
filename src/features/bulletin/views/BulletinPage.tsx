import { qrSvg } from '../../../web/qr.js';
import { BULLETIN_SIZES, chineseDate, type BulletinNotice, type BulletinSize } from '../bulletin.js';

/**
 * The notice as one self-contained HTML document: inline CSS and an inline SVG QR
 * code, no script, no external request, so the browser prints it and Chromium
 * turns it into a PDF without touching the network. `@page` sets the sheet; the
 * screen view shows the sheet's outline and a print button only for screens.
 */
export function BulletinPage(p: { notice: BulletinNotice; size: BulletinSize; printLinks?: { a4: string; a3: string; pdf: string } | undefined }) {
  const { notice: n, size } = p;
  const s = BULLETIN_SIZES[size];
  const css = `
@page { size: ${size}; margin: 18mm 16mm; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; color: #000; background: #fff; }
body { margin: 0; font-size: ${s.baseFontPt}pt; line-height: 1.6; }
.sheet { max-width: ${s.widthMm}mm; margin: 0 auto; padding: 0; }
@media screen { body { background: #eee; padding: 1rem; } .sheet { background: #fff; padding: 18mm 16mm; min-height: ${s.heightMm}mm; box-shadow: 0 0 4px #999; } }
@media print { .screen-only { display: none !important; } }
.agency { text-align: center; font-size: 1.2em; letter-spacing: .2em; margin: 0 0 .4em; }
h1 { text-align: center; font-size: 1.8em; line-height: 1.3; margin: 0 0 .3em; }
.subtitle { text-align: center; margin: 0 0 1em; }
.period { text-align: center; font-weight: bold; border: 1px solid #000; padding: .3em; margin: 0 0 1em; }
section h2 { font-size: 1.2em; margin: 1em 0 .3em; }
section p { margin: .3em 0; text-indent: 2em; }
.body img { max-width: 100%; }
.body table { border-collapse: collapse; width: 100%; }
.body td, .body th { border: 1px solid #000; padding: .2em .4em; }
footer { margin-top: 1.5em; border-top: 2px solid #000; padding-top: .6em; display: flex; gap: 1em; align-items: center; break-inside: avoid; }
footer .qr svg { width: ${size === 'A3' ? 46 : 36}mm; height: ${size === 'A3' ? 46 : 36}mm; display: block; }
footer .contact { flex: 1; }
footer .contact p { margin: .2em 0; }
.url { word-break: break-all; font-size: .8em; }
.toolbar { margin: 0 auto 1rem; max-width: ${s.widthMm}mm; display: flex; gap: 1rem; }
.toolbar a { color: #0645ad; }
`;
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`公示：${n.title} - ${n.agency.name}`}</title>
        <meta name="robots" content="noindex" />
        <style dangerouslySetInnerHTML={{ __html: css }} />
      </head>
      <body>
        {p.printLinks ? (
          <nav class="toolbar screen-only" aria-label="打印选项">
            <a href={p.printLinks.a4}>A4 版</a>
            <a href={p.printLinks.a3}>A3 版</a>
            <a href={p.printLinks.pdf}>下载 PDF（{size}）</a>
            <span>使用浏览器的“打印”即可按 {size} 纸张打印本页。</span>
          </nav>
        ) : null}
        <main class="sheet">
          <p class="agency">{n.agency.name}</p>
          <h1>{n.title}</h1>
          {n.subtitle ? <p class="subtitle">{n.subtitle}</p> : null}
          <p class="period">
            公示期：{chineseDate(n.postedFrom)}至{chineseDate(n.postedTo)}
          </p>
          {n.sections.map((sec, i) => (
            <section key={i}>
              {sec.heading ? <h2>{sec.heading}</h2> : null}
              {(sec.paragraphs ?? []).map((t, j) => (
                <p key={j}>{t}</p>
              ))}
              {sec.html ? <div class="body" dangerouslySetInnerHTML={{ __html: sec.html }} /> : null}
            </section>
          ))}
          <footer>
            <div class="qr" dangerouslySetInnerHTML={{ __html: qrSvg(n.pageUrl, '扫码查看网上原文') }} />
            <div class="contact">
              <p>扫描二维码查看网上原文</p>
              <p class="url">{n.pageUrl}</p>
              <p>
                <strong>监督电话：{n.agency.supervisionPhone || '（未设置）'}</strong>
              </p>
              <p>{n.agency.name}</p>
            </div>
          </footer>
        </main>
      </body>
    </html>
  );
}
