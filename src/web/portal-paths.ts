/**
 * The platform-wide pages of the portal shell: what the main navigation's entries and the
 * footer's links open. One source of truth for their paths and for what 政策文件 holds.
 */

/** 政策文件: the Regulation's Art. 20 (一) 行政法规、规章和规范性文件, across every agency. */
export const POLICY_CATEGORIES = ['art20_01'] as const;

export const PORTAL_PATHS = {
  siteMap: '/sitemap',
  contact: '/contact',
  policies: '/zcwj',
  requests: '/ysqgk',
  reports: '/nb',
  latestFeed: '/feed.xml',
  policiesFeed: '/zcwj/feed.xml',
  errorReport: '/jiucuo',
} as const;

/** First path segments these pages take, which no agency slug may use. */
export const PORTAL_RESERVED_SEGMENTS = ['sitemap', 'contact', 'zcwj', 'ysqgk', 'nb', 'feed.xml', 'jiucuo'] as const;
