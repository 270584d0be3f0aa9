import type { Actor } from '../features/access/roles.js';

/** Reading preferences chosen on the accessibility toolbar, kept in a cookie. */
export interface Prefs {
  /** Text size step: 0 normal, 1 large, 2 extra large. */
  font: 0 | 1 | 2;
  contrast: 'normal' | 'high';
  /** Script the portal is shown in: simplified, traditional (Taiwan or Hong Kong forms) or with pinyin. */
  script: 'hans' | 'hant' | 'hk' | 'pinyin';
}

export const DEFAULT_PREFS: Prefs = { font: 0, contrast: 'normal', script: 'hans' };

export function parsePrefs(cookie: string | undefined): Prefs {
  const prefs: Prefs = { ...DEFAULT_PREFS };
  if (!cookie) return prefs;
  for (const part of cookie.split('.')) {
    const [k, v] = part.split('-');
    if (k === 'f' && (v === '1' || v === '2')) prefs.font = Number(v) as 1 | 2;
    if (k === 'c' && v === 'h') prefs.contrast = 'high';
    if (k === 's' && (v === 'hant' || v === 'hk' || v === 'pinyin')) prefs.script = v;
  }
  return prefs;
}

export function serialisePrefs(p: Prefs): string {
  return [`f-${p.font}`, `c-${p.contrast === 'high' ? 'h' : 'n'}`, `s-${p.script}`].join('.');
}

/** What every page needs to know about the request it answers. */
export interface PageContext {
  /** Path and query of this page, for the QR code and toolbar links back here. */
  path: string;
  publicUrl: string;
  prefs: Prefs;
  actor?: Actor | null;
  csrfToken?: string;
  flash?: string | null;
  /** "Now" by the platform clock, for views that compare dates (a lock that has expired). */
  now: Date;
  /** The office menu as far as this person may use it (empty on the portal and when signed out). */
  menu: MenuLink[];
  /** Who runs the public site, for the portal footer (absent on the office and on early errors). */
  site?: PortalSite | undefined;
}

/**
 * The 《政府网站发展指引》 footer facts of a public page. An agency with its own 网站标识码
 * is its own site on the platform: its pages name it as 主办单位 and carry its code.
 */
export interface PortalSite {
  siteName: string;
  hostedBy: string;
  undertakenBy: string;
  siteIdCode: string;
  icp: string;
  psbRecord: string;
  conacUrl: string;
  /** The agency whose pages these are, when the URL names one. */
  agency?: { name: string; slug: string } | undefined;
}

export interface MenuLink {
  href: string;
  label: string;
}
