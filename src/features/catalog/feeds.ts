/**
 * Atom 1.0 feeds (RFC 4287) and sitemaps (sitemaps.org 0.9) as plain strings.
 * Every text goes through `xmlText`, which escapes markup and drops the control
 * characters XML 1.0 forbids, so a title pasted from Word cannot break a feed.
 */

// XML 1.0 allows #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(s: string): string {
  return s
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export interface FeedEntry {
  title: string;
  /** Absolute URL of the entry's page; also its id. */
  url: string;
  published: string;
  updated: string;
  authors: string[];
  summary: string;
  category?: { term: string; label: string } | undefined;
}

export interface Feed {
  title: string;
  subtitle?: string;
  /** Absolute URL of the HTML page the feed mirrors. */
  pageUrl: string;
  /** Absolute URL of the feed itself. */
  selfUrl: string;
  author: string;
  /** Used when there are no entries. */
  fallbackUpdated: string;
  entries: FeedEntry[];
}

export function atomFeed(f: Feed): string {
  const updated = f.entries.reduce((max, e) => (e.updated > max ? e.updated : max), '') || f.fallbackUpdated;
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  <title>${xmlText(f.title)}</title>`,
  ];
  if (f.subtitle) out.push(`  <subtitle>${xmlText(f.subtitle)}</subtitle>`);
  out.push(
    `  <id>${xmlText(f.pageUrl)}</id>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(f.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(f.pageUrl)}"/>`,
    `  <updated>${xmlText(updated)}</updated>`,
    `  <author><name>${xmlText(f.author)}</name></author>`,
    '  <generator>Gongkai</generator>',
  );
  for (const e of f.entries) {
    out.push(
      '  <entry>',
      `    <title>${xmlText(e.title)}</title>`,
      `    <id>${xmlText(e.url)}</id>`,
      `    <link rel="alternate" type="text/html" href="${xmlText(e.url)}"/>`,
      `    <published>${xmlText(e.published)}</published>`,
      `    <updated>${xmlText(e.updated)}</updated>`,
    );
    for (const a of e.authors.length ? e.authors : [f.author]) out.push(`    <author><name>${xmlText(a)}</name></author>`);
    if (e.category) out.push(`    <category term="${xmlText(e.category.term)}" label="${xmlText(e.category.label)}"/>`);
    if (e.summary) out.push(`    <summary>${xmlText(e.summary)}</summary>`);
    out.push('  </entry>');
  }
  out.push('</feed>', '');
  return out.join('\n');
}

/** The sitemap protocol's limit per file; above it a sitemap index points at parts. */
export const SITEMAP_LIMIT = 50_000;

export interface SitemapUrl {
  loc: string;
  lastmod?: string | undefined;
}

export function sitemapUrlset(urls: SitemapUrl[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'];
  for (const u of urls) {
    out.push(`  <url><loc>${xmlText(u.loc)}</loc>${u.lastmod ? `<lastmod>${xmlText(u.lastmod)}</lastmod>` : ''}</url>`);
  }
  out.push('</urlset>', '');
  return out.join('\n');
}

export function sitemapIndex(locs: string[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'];
  for (const loc of locs) out.push(`  <sitemap><loc>${xmlText(loc)}</loc></sitemap>`);
  out.push('</sitemapindex>', '');
  return out.join('\n');
}
