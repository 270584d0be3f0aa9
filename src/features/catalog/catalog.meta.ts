import type { PageContext } from '../../web/context.js';
import type { Settings } from '../settings/settings.js';
import { COLUMN_KINDS, type Column } from './catalog.js';

/**
 * The `<meta>` tags Chinese government pages carry (disclosure-rules §4.3):
 * site-level SiteName/SiteDomain/SiteIDCode, column-level ColumnName/ColumnType,
 * article-level ArticleTitle/PubDate/ContentSource/Keywords/Description, and Url.
 * SiteName itself is added by the layout.
 */
export interface MetaFields {
  columnName: string;
  columnType?: string | undefined;
  articleTitle?: string | undefined;
  /** `YYYY-MM-DD HH:mm` China time. */
  pubDate?: string | undefined;
  contentSource?: string | undefined;
  keywords?: string | undefined;
  description?: string | undefined;
  /** Site-relative path of the page's canonical URL. */
  path: string;
}

export function siteDomain(publicUrl: string): string {
  try {
    return new URL(publicUrl).host;
  } catch {
    return '';
  }
}

export function portalMeta(
  ctx: PageContext,
  settings: Settings,
  agency: { name: string; siteIdCode: string | null } | null,
  f: MetaFields,
): Record<string, string> {
  const meta: Record<string, string> = {
    SiteDomain: siteDomain(ctx.publicUrl),
    SiteIDCode: agency?.siteIdCode || settings.siteIdCode,
    ColumnName: f.columnName,
    ColumnType: f.columnType ?? '',
    ArticleTitle: f.articleTitle ?? '',
    PubDate: f.pubDate ?? '',
    ContentSource: f.contentSource ?? agency?.name ?? settings.siteName,
    Keywords: f.keywords ?? f.columnName,
    Description: (f.description ?? '').replace(/\s+/g, ' ').slice(0, 200),
    Url: ctx.publicUrl + f.path,
  };
  return Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== ''));
}

export function columnType(column: Pick<Column, 'kind'>): string {
  return (COLUMN_KINDS as Record<string, { columnType: string }>)[column.kind]?.columnType ?? '信息公开目录';
}
