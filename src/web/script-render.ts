import { createHash } from 'node:crypto';
import { rubyHtml } from '../features/text/pinyin.js';
import { convertHtml, toTraditional } from '../features/text/script.js';
import type { Prefs } from './context.js';

/** Attributes people read (alt text, tooltips, labels, placeholders) are converted too. */
const READ_ATTRIBUTES = ['alt', 'title', 'aria-label', 'placeholder'] as const;
const MAX_ENTRIES = 2000;
const cache = new Map<string, string>();

function convert(html: string, script: Prefs['script']): string {
  switch (script) {
    case 'hant':
      return convertHtml(html, (t) => toTraditional(t, 'tw'), { attributes: READ_ATTRIBUTES });
    case 'hk':
      return convertHtml(html, (t) => toTraditional(t, 'hk'), { attributes: READ_ATTRIBUTES });
    case 'pinyin':
      return rubyHtml(html);
    default:
      return html;
  }
}

/**
 * A rendered portal page in the reader's chosen script. Pages are stored in
 * simplified Chinese; traditional (Taiwan or Hong Kong forms) and pinyin ruby are
 * produced from the finished HTML, so every page and every feature gets them with
 * the same URL. Conversions are memoised by content: a hot page is converted once.
 */
export function renderForScript(html: string, script: Prefs['script']): string {
  if (script === 'hans') return html;
  const key = `${script}:${createHash('sha1').update(html).digest('base64')}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Refresh recency: Map iteration order is insertion order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const out = convert(html, script);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, out);
  return out;
}
