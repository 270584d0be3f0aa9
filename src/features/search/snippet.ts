/**
 * Highlighted titles and snippets. Everything is HTML-escaped; the only markup
 * produced is <mark> around what matched. Matching works on the folded text the
 * index stores (see `foldForMatch`), lower-cased in ASCII only so offsets hold.
 */
import { escapeText } from '../text/html.js';
import { asciiLower, pinyinSpans, SEARCH_LIMITS, type CompiledQuery } from './search.js';

type Range = [number, number];

/** Occurrences looked for per mark: enough for the best window, bounded on huge texts. */
const MAX_HITS = 400;

function findRanges(haystack: string, marks: readonly string[], from = 0, to = haystack.length): Map<string, number[]> {
  const lower = asciiLower(haystack);
  const hits = new Map<string, number[]>();
  for (const m of marks) {
    if (!m) continue;
    const at: number[] = [];
    let i = lower.indexOf(m, from);
    while (i >= 0 && i < to && at.length < MAX_HITS) {
      at.push(i);
      i = lower.indexOf(m, i + m.length);
    }
    if (at.length) hits.set(m, at);
  }
  return hits;
}

function merge(ranges: Range[]): Range[] {
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: Range[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

function render(text: string, ranges: readonly Range[], from = 0, to = text.length): string {
  let out = '';
  let at = from;
  for (const [s0, e0] of ranges) {
    const s = Math.max(s0, from);
    const e = Math.min(e0, to);
    if (e <= s) continue;
    out += escapeText(text.slice(at, s)) + '<mark>' + escapeText(text.slice(s, e)) + '</mark>';
    at = e;
  }
  return out + escapeText(text.slice(at, to));
}

function rangesOf(hits: Map<string, number[]>): Range[] {
  const out: Range[] = [];
  for (const [m, list] of hits) for (const i of list) out.push([i, i + m.length]);
  return out;
}

/**
 * The title as HTML with the query's words marked, and the characters whose pinyin
 * or initials the query gave (ndbg marks 年度报告).
 */
export function highlightTitle(title: string, q: CompiledQuery): string {
  const ranges = rangesOf(findRanges(title, q.marks));
  if (q.pinyin.length) {
    const wanted = new Set(q.pinyin);
    for (const s of pinyinSpans(title)) if (wanted.has(s.pinyin) || wanted.has(s.initials)) ranges.push([s.start, s.end]);
  }
  return render(title, merge(ranges));
}

const SENTENCE_START = /[。！？；\n]/u;

/**
 * A window of about `SEARCH_LIMITS.snippetChars` characters of the body (content
 * from `from` on) holding as many different query words as possible, as HTML with
 * the words marked and … where text was cut. Falls back to the start of the body.
 */
export function buildSnippet(content: string, from: number, q: CompiledQuery, size: number = SEARCH_LIMITS.snippetChars): string {
  const start0 = Math.min(Math.max(0, from), content.length);
  const hits = findRanges(content, q.marks, start0);
  const positions = [...new Set([...hits.values()].flat())].sort((a, b) => a - b).slice(0, MAX_HITS);
  let start = start0;
  if (positions.length) {
    let best = -1;
    let bestStart = start0;
    for (const p of positions) {
      const s = Math.max(start0, p - Math.floor(size / 4));
      const e = s + size;
      let covered = 0;
      for (const list of hits.values()) if (list.some((i) => i >= s && i < e)) covered++;
      if (covered > best) {
        best = covered;
        bestStart = s;
      }
    }
    start = bestStart;
    // Begin at a sentence start if one is close before the first hit.
    for (let k = start; k > Math.max(start0, start - 20); k--) {
      if (SENTENCE_START.test(content[k - 1] ?? '')) {
        start = k;
        break;
      }
    }
  }
  // Never split a surrogate pair.
  if (/[\uDC00-\uDFFF]/.test(content[start] ?? '')) start++;
  let end = Math.min(content.length, start + size);
  if (/[\uDC00-\uDFFF]/.test(content[end] ?? '')) end++;
  const ranges = merge(rangesOf(hits)).filter(([s, e]) => e > start && s < end);
  const body = render(content, ranges, start, end).replace(/\s*\n\s*/g, ' ').trim();
  return (start > start0 ? '…' : '') + body + (end < content.length ? '…' : '');
}
