import type { VNode } from 'preact';
import { formatChinaDateTime } from '../../../lib/dates.js';
import type { PageContext } from '../../../web/context.js';
import { PortalLayout } from '../../../web/layouts/PortalLayout.js';
import type { AgencyWithDepartments } from '../../agencies/agency.service.js';
import { DISCLOSURE_ATTRIBUTES, TOPICS, VALIDITY, type Topic } from '../../publications/categories.js';
import { sanitizeBody } from '../../publications/publication.html.js';
import type { PublicLink, PublicPublication, WithdrawnNotice } from '../../publications/publication.query.js';
import type { Settings } from '../../settings/settings.js';
import { columnOfCategory, columnUrl, type ColumnTree } from '../catalog.js';
import { columnType, portalMeta } from '../catalog.meta.js';
import { columnCrumbs } from './ColumnPage.js';
import { ColumnTreeNav, pubDay, ValidityMark } from './parts.js';

function fileSize(bytes: number): string {
  if (bytes >= 1048576) return `${(bytes / 1048576).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

const FILE_KINDS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/msword': 'Word',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/vnd.ms-excel': 'Excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'image/png': 'PNG 图片',
  'image/jpeg': 'JPEG 图片',
  'application/vnd.ms-works': 'WPS',
};

/**
 * The metadata table above the body: 索引号, 主题分类, 发布机构, 成文日期, 名称, 文号,
 * 发布日期, 有效性, with the 目录's 生成日期 and 内容概述 (Art. 12) and the 公开方式.
 * A definition list laid out as a grid: two pairs per line on a desktop, one per
 * line on a phone, and 名称 and 内容概述 always a full line.
 */
export function MetadataTable({ pub }: { pub: PublicPublication }) {
  const issuers = pub.issuers.map((i) => i.name).join('、') || pub.agencyName;
  const rows: [string, string, boolean?][] = [
    ['索引号', pub.indexNumber],
    ['主题分类', Object.hasOwn(TOPICS, pub.topic) ? TOPICS[pub.topic as Topic] : pub.topic || '—'],
    ['发布机构', issuers],
    ['成文日期', pub.writtenDate || '—'],
    ['名称', pub.title, true],
    ['文号', pub.documentNumber || '—'],
    ['发布日期', pubDay(pub.publishedAt)],
    ['生成日期', pub.generatedDate || '—'],
    ['有效性', VALIDITY[pub.validity] ?? pub.validity],
    ['公开方式', DISCLOSURE_ATTRIBUTES[pub.disclosureAttribute] ?? pub.disclosureAttribute],
  ];
  if (pub.keywords.length) rows.push(['主题词', pub.keywords.join('、')]);
  if (pub.catalogSummary) rows.push(['内容概述', pub.catalogSummary, true]);
  return (
    <dl class="meta-table" aria-label="信息元数据">
      {rows.map(([label, value, wide]) => (
        <div key={label} class={wide ? 'wide' : undefined}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Links between a 政策解读 and its 原文, shown on both pages. */
function RelatedLinks({ pub }: { pub: PublicPublication }) {
  const group = (id: string, heading: string, links: PublicLink[]) =>
    links.length ? (
      <section class="related" aria-labelledby={id}>
        <h2 id={id}>{heading}</h2>
        <ul>
          {links.map((l) => (
            <li key={l.id}>
              <a href={l.url}>{l.title}</a>
            </li>
          ))}
        </ul>
      </section>
    ) : null;
  return (
    <>
      {group('h-original', '原文', pub.interprets)}
      {group('h-interpretation', '相关解读', pub.interpretedBy)}
    </>
  );
}

/**
 * 打印 and 关闭. Both are links, so they work without script: 打印 opens the print
 * view (the page as it prints, with a line saying how to print), 关闭 goes back to
 * the column. item-page.js, where scripts run, makes 打印 open the print dialog and
 * 关闭 close a tab the site opened.
 */
function ItemControls({ printHref, closeHref, bulletinHref }: { printHref: string; closeHref: string; bulletinHref: string }) {
  return (
    <p class="item-controls no-print">
      <a href={printHref} data-print="">
        打印
      </a>
      <a href={bulletinHref}>公示栏张贴版</a>
      <a href={closeHref} data-close="">
        关闭
      </a>
    </p>
  );
}

/** 上一篇 and 下一篇 within the item's column, in the column's order. */
function ItemNeighbours({ previous, next }: { previous: PublicLink | null; next: PublicLink | null }) {
  if (!previous && !next) return null;
  return (
    <nav class="item-neighbours" aria-label="上一篇和下一篇">
      <ul>
        <li>
          <span class="label">上一篇：</span>
          {previous ? (
            <a href={previous.url} rel="prev">
              {previous.title}
            </a>
          ) : (
            <span class="muted">没有了</span>
          )}
        </li>
        <li>
          <span class="label">下一篇：</span>
          {next ? (
            <a href={next.url} rel="next">
              {next.title}
            </a>
          ) : (
            <span class="muted">没有了</span>
          )}
        </li>
      </ul>
    </nav>
  );
}

export function PublicationPage(p: {
  ctx: PageContext;
  settings: Settings;
  agency: AgencyWithDepartments;
  tree: ColumnTree;
  pub: PublicPublication;
  neighbours?: { previous: PublicLink | null; next: PublicLink | null };
  /** The print view: the page as it prints, navigation left out on screen too. */
  printView?: boolean;
  /** Blocks other features add under the item (a consultation's 采纳情况). */
  addenda?: VNode[];
  /** Other features' blocks under the metadata table (registry `publicationMetaAddenda`), e.g. the key project the item belongs to. */
  metaAddenda?: VNode[];
}) {
  const { agency: a, tree: t, pub } = p;
  const column = columnOfCategory(t, pub.category);
  const crumbs = column ? [...columnCrumbs(a, t, column, true), { label: '正文' }] : [{ label: a.name, href: `/${a.slug}` }, { label: '正文' }];
  const changed = pub.validity !== 'valid';
  return (
    <PortalLayout
      ctx={p.ctx}
      siteName={p.settings.siteName}
      title={pub.title}
      crumbs={crumbs}
      canonicalPath={pub.url}
      stylesheets={[...(pub.body.includes('report-table') ? ['report-tables.css'] : []), 'portal-pages.css']}
      scripts={['item-page.js']}
      bodyClass={p.printView ? 'print-view' : undefined}
      meta={portalMeta(p.ctx, p.settings, a, {
        columnName: column?.name ?? '政府信息公开',
        columnType: column ? columnType(column) : '信息公开目录',
        articleTitle: pub.title,
        pubDate: formatChinaDateTime(pub.publishedAt),
        contentSource: pub.issuers.map((i) => i.name).join('、') || a.name,
        keywords: pub.keywords.join(',') || column?.name,
        description: pub.catalogSummary || pub.title,
        path: pub.url,
      })}
    >
      <div class="column-layout">
        <ColumnTreeNav agencySlug={a.slug} tree={t} current={column} currentKind="location" />
        <div class="column-main">
      {p.printView ? (
        <p class="print-hint no-print" role="note">
          这是本页的打印版式。请使用浏览器的“打印”命令（电脑按 Ctrl+P，苹果电脑按 ⌘+P；手机在浏览器菜单中选择“打印”或“分享”）。<a href={pub.url}>返回正文页</a>
        </p>
      ) : null}
      <ItemControls printHref={`${pub.url}?print=1`} bulletinHref={`${pub.url}/bulletin`} closeHref={column ? columnUrl(a.slug, column) : `/${a.slug}/zfxxgk`} />
      <article class="publication">
        <MetadataTable pub={pub} />
        {p.metaAddenda?.length ? p.metaAddenda : null}
        {changed ? (
          <p class={`validity-notice validity-${pub.validity}`} role="note">
            本文件{pub.validityDate ? `已于${pub.validityDate}` : '已'}
            {pub.validity === 'abolished' ? '废止' : '失效'}
            {pub.replacedBy ? (
              <>
                ，现行文件为<a href={pub.replacedBy.url}>《{pub.replacedBy.title}》</a>
              </>
            ) : pub.replacedByUrl ? (
              <>
                ，<a href={pub.replacedByUrl}>查看现行文件</a>
              </>
            ) : null}
            。以下内容仅供查阅。
          </p>
        ) : null}
        <h1>
          {pub.title}
          <ValidityMark validity={pub.validity} />
        </h1>
        {pub.documentNumber ? <p class="doc-number">{pub.documentNumber}</p> : null}
        {pub.revisedAt ? (
          <p class="revised-note">
            本文于 <time dateTime={pub.revisedAt}>{formatChinaDateTime(pub.revisedAt)}</time> 修订
            {pub.revisions[0]?.changeNote ? `：${pub.revisions[0].changeNote}` : ''}。
          </p>
        ) : null}
        {/* Sanitized when saved; sanitized again here so no other path into the table (imports, fixes by hand) can bring script to the portal. Cached pages pay this once. */}
        <div class="article-body" dangerouslySetInnerHTML={{ __html: sanitizeBody(pub.body) }} />
        {pub.attachments.length ? (
          <section class="attachments" aria-labelledby="h-att">
            <h2 id="h-att">附件</h2>
            <ul>
              {pub.attachments.map((f) => (
                <li key={f.id}>
                  <a href={f.url}>{f.name}</a>
                  <span class="muted">
                    （{FILE_KINDS[f.mimeType] ?? f.mimeType}，{fileSize(f.size)}）
                  </span>
                  {f.mimeType === 'application/pdf' ? (
                    <>
                      {' '}
                      <a class="download" href={`${f.url}?download=1`} download={f.name}>
                        下载<span class="visually-hidden">“{f.name}”</span>
                      </a>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {/* Other features' blocks under the item (registry `publicationAddenda`), e.g. a consultation's 采纳情况. */}
        {p.addenda?.length ? p.addenda : null}
        {pub.revisions.length > 1 ? (
          <details class="revisions no-print">
            <summary>修订记录（{pub.revisions.length}）</summary>
            <ol>
              {pub.revisions.map((r) => (
                <li key={r.revisionNo}>
                  {formatChinaDateTime(r.publishedAt)}
                  {r.revisionNo === 1 ? ' 首次发布' : ` 第 ${r.revisionNo - 1} 次修订`}
                  {r.changeNote ? `：${r.changeNote}` : ''}
                </li>
              ))}
            </ol>
          </details>
        ) : null}
        <RelatedLinks pub={pub} />
        {p.neighbours ? <ItemNeighbours {...p.neighbours} /> : null}
      </article>
        </div>
      </div>
    </PortalLayout>
  );
}

/**
 * A withdrawn item keeps its URL: the page says what it was and why it was
 * withdrawn. Served with 410 Gone, so search engines drop it while people who
 * follow an old link or a printed QR code still learn what happened.
 */
export function WithdrawnPage(p: { ctx: PageContext; settings: Settings; agency: AgencyWithDepartments; tree: ColumnTree; notice: WithdrawnNotice }) {
  const { agency: a, notice: n } = p;
  return (
    <PortalLayout
      ctx={p.ctx}
      siteName={p.settings.siteName}
      title={`已撤回：${n.title}`}
      crumbs={[{ label: a.name, href: `/${a.slug}` }, { label: '政府信息公开', href: `/${a.slug}/zfxxgk` }, { label: '已撤回的信息' }]}
      canonicalPath={n.url}
      meta={portalMeta(p.ctx, p.settings, a, {
        columnName: '政府信息公开',
        columnType: '信息公开目录',
        articleTitle: n.title,
        description: `该信息已于${n.at ? pubDay(n.at) : ''}撤回。`,
        path: n.url,
      })}
    >
      <article class="withdrawn">
        <h1>该信息已撤回</h1>
        <dl class="meta-table" aria-label="已撤回信息">
          <div class="wide">
            <dt>名称</dt>
            <dd>{n.title}</dd>
          </div>
          <div>
            <dt>索引号</dt>
            <dd>{n.indexNumber}</dd>
          </div>
          <div>
            <dt>撤回日期</dt>
            <dd>{n.at ? pubDay(n.at) : '—'}</dd>
          </div>
          <div class="wide">
            <dt>撤回原因</dt>
            <dd>{n.reason || '—'}</dd>
          </div>
        </dl>
        <p>
          如需了解有关情况，请查阅<a href={`/${a.slug}/zfxxgk/zfxxgkzn`}>政府信息公开指南</a>或联系{a.name}
          {a.phone ? `（电话 ${a.phone}）` : ''}。
        </p>
      </article>
    </PortalLayout>
  );
}
