/**
 * A small, lenient HTML tokenizer shared by the text tools (script conversion, ruby
 * annotation, legacy import). It follows the HTML tokenizer's rules where they decide
 * what is text and what is markup — quoted attribute values may contain `>`, comments
 * end at `-->`, script/style bodies are raw text — and nothing more: no entity decoding
 * of the source, no error recovery beyond "keep the bytes". Concatenating the `raw` of
 * every token always gives back the input exactly, so a transformation that rewrites
 * only text tokens cannot damage markup.
 */

/** One attribute of a start tag; `value` is the raw (undecoded) value, null if absent. */
export interface HtmlAttr {
  readonly name: string;
  readonly value: string | null;
}

export type HtmlToken =
  | { readonly kind: 'text'; readonly raw: string }
  /** Body of a raw-text or RCDATA element (script, style, title, textarea, …). */
  | { readonly kind: 'rawtext'; readonly raw: string; readonly parent: string }
  | {
      readonly kind: 'start';
      readonly raw: string;
      readonly name: string;
      readonly attrs: readonly HtmlAttr[];
      readonly selfClosing: boolean;
    }
  | { readonly kind: 'end'; readonly raw: string; readonly name: string }
  /** Comments, doctype, processing instructions, CDATA and other bogus markup. */
  | { readonly kind: 'comment'; readonly raw: string };

/** Elements whose content the HTML parser never reads as markup. */
const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);
/** Elements whose content is text with entities but no tags. */
const RCDATA_ELEMENTS = new Set(['title', 'textarea']);

/** Elements that never have content or an end tag. */
export const VOID_ELEMENTS: ReadonlySet<string> = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

const isAsciiAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;

/** Splits HTML into tokens; `tokens.map(t => t.raw).join('') === html` always holds. */
export function tokenizeHtml(html: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  const n = html.length;
  let textStart = 0;
  let i = 0;

  const flushText = (end: number) => {
    if (end > textStart) tokens.push({ kind: 'text', raw: html.slice(textStart, end) });
  };

  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const next = html.charCodeAt(lt + 1);

    if (html.startsWith('<!--', lt)) {
      const end = commentEnd(html, lt);
      flushText(lt);
      tokens.push({ kind: 'comment', raw: html.slice(lt, end) });
      i = textStart = end;
      continue;
    }
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      // Doctype, CDATA, <?xml …?> and other bogus comments: up to the first '>'.
      const end = html.startsWith('<![CDATA[', lt) ? endAfter(html, ']]>', lt + 9) : endAfter(html, '>', lt + 2);
      flushText(lt);
      tokens.push({ kind: 'comment', raw: html.slice(lt, end) });
      i = textStart = end;
      continue;
    }
    if (next === 47 /* / */) {
      const c = html.charCodeAt(lt + 2);
      if (isAsciiAlpha(c)) {
        const tag = scanTag(html, lt + 2);
        flushText(lt);
        tokens.push({ kind: 'end', raw: html.slice(lt, tag.end), name: tag.name });
        i = textStart = tag.end;
      } else if (lt + 2 < n) {
        // '</>' and '</ 3' are bogus comments in HTML, not text.
        const end = endAfter(html, '>', lt + 2);
        flushText(lt);
        tokens.push({ kind: 'comment', raw: html.slice(lt, end) });
        i = textStart = end;
      } else {
        i = lt + 1;
      }
      continue;
    }
    if (isAsciiAlpha(next)) {
      const tag = scanTag(html, lt + 1);
      flushText(lt);
      tokens.push({ kind: 'start', raw: html.slice(lt, tag.end), name: tag.name, attrs: tag.attrs, selfClosing: tag.selfClosing });
      i = textStart = tag.end;
      if (tag.closed && (RAW_TEXT_ELEMENTS.has(tag.name) || RCDATA_ELEMENTS.has(tag.name))) {
        const close = findClosingTag(html, tag.name, i);
        if (close > i) tokens.push({ kind: 'rawtext', raw: html.slice(i, close), parent: tag.name });
        i = textStart = close;
      }
      continue;
    }
    // A '<' that starts no markup ("a < b", "<3") is text.
    i = lt + 1;
  }
  flushText(n);
  return tokens;
}

function commentEnd(html: string, lt: number): number {
  // '<!-->' and '<!--->' are complete (empty) comments in HTML.
  if (html.startsWith('>', lt + 4)) return lt + 5;
  if (html.startsWith('->', lt + 4)) return lt + 6;
  return endAfter(html, '-->', lt + 4);
}

function endAfter(html: string, needle: string, from: number): number {
  const at = html.indexOf(needle, from);
  return at < 0 ? html.length : at + needle.length;
}

function findClosingTag(html: string, name: string, from: number): number {
  const lower = name.toLowerCase();
  let i = from;
  for (;;) {
    const at = html.indexOf('</', i);
    if (at < 0) return html.length;
    const candidate = html.slice(at + 2, at + 2 + lower.length).toLowerCase();
    const after = html.charCodeAt(at + 2 + lower.length);
    if (candidate === lower && (Number.isNaN(after) || isSpace(after) || after === 47 || after === 62)) return at;
    i = at + 2;
  }
}

interface ScannedTag {
  name: string;
  attrs: HtmlAttr[];
  selfClosing: boolean;
  /** False when the input ended inside the tag. */
  closed: boolean;
  end: number;
}

// Reads a tag from its name to the closing '>', honouring quoted attribute values so
// that `<a title="a>b">` is one tag.
function scanTag(html: string, from: number): ScannedTag {
  const n = html.length;
  let i = from;
  while (i < n && !isSpace(html.charCodeAt(i)) && html[i] !== '/' && html[i] !== '>') i++;
  const name = html.slice(from, i).toLowerCase();
  const attrs: HtmlAttr[] = [];
  let selfClosing = false;
  while (i < n) {
    const c = html.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === 62 /* > */) return { name, attrs, selfClosing, closed: true, end: i + 1 };
    if (c === 47 /* / */) {
      selfClosing = html.charCodeAt(i + 1) === 62;
      i++;
      continue;
    }
    selfClosing = false;
    const nameStart = i;
    i++; // the first character may be '=' (it is then part of the name)
    while (i < n) {
      const d = html.charCodeAt(i);
      if (isSpace(d) || d === 47 || d === 62 || d === 61 /* = */) break;
      i++;
    }
    const attrName = html.slice(nameStart, i).toLowerCase();
    let j = i;
    while (j < n && isSpace(html.charCodeAt(j))) j++;
    if (html.charCodeAt(j) !== 61) {
      attrs.push({ name: attrName, value: null });
      continue;
    }
    j++;
    while (j < n && isSpace(html.charCodeAt(j))) j++;
    const q = html[j];
    if (q === '"' || q === "'") {
      const close = html.indexOf(q, j + 1);
      const end = close < 0 ? n : close;
      attrs.push({ name: attrName, value: html.slice(j + 1, end) });
      i = close < 0 ? n : close + 1;
    } else {
      const vStart = j;
      while (j < n && !isSpace(html.charCodeAt(j)) && html.charCodeAt(j) !== 62) j++;
      attrs.push({ name: attrName, value: html.slice(vStart, j) });
      i = j;
    }
  }
  return { name, attrs, selfClosing, closed: false, end: n };
}

// ---------------------------------------------------------------------------------
// Entities

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ensp: '\u2002', emsp: '\u2003',
  thinsp: '\u2009', zwnj: '\u200c', zwj: '\u200d', shy: '\u00ad', ldquo: '“', rdquo: '”', lsquo: '‘',
  rsquo: '’', laquo: '«', raquo: '»', middot: '·', bull: '•', hellip: '…', mdash: '—', ndash: '–',
  times: '×', divide: '÷', plusmn: '±', deg: '°', yen: '¥', copy: '©', reg: '®', trade: '™', sect: '§',
  para: '¶', permil: '‰', prime: '′', Prime: '″', larr: '←', rarr: '→', uarr: '↑', darr: '↓',
  le: '≤', ge: '≥', ne: '≠', sup1: '¹', sup2: '²', sup3: '³', frac12: '½', frac14: '¼', frac34: '¾',
  micro: 'µ', iexcl: '¡', cent: '¢', pound: '£', euro: '€', star: '☆', starf: '★', check: '✓',
};

/** Decodes numeric and the common named character references; unknown names stay. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));?/g, (m, dec, hex, name) => {
    if (dec !== undefined || hex !== undefined) {
      const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex, 16);
      if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(cp);
    }
    return NAMED_ENTITIES[name as string] ?? m;
  });
}

/** Escapes text for an HTML text node. */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes text for a double-quoted attribute value. */
export function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Splits raw text into pieces that are character references and pieces that are not. */
export function splitEntities(raw: string): Array<{ entity: boolean; text: string }> {
  const out: Array<{ entity: boolean; text: string }> = [];
  let last = 0;
  for (const m of raw.matchAll(/&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?/g)) {
    if (m.index > last) out.push({ entity: false, text: raw.slice(last, m.index) });
    out.push({ entity: true, text: m[0] });
    last = m.index + m[0].length;
  }
  if (last < raw.length) out.push({ entity: false, text: raw.slice(last) });
  return out;
}

/** Value of an attribute (decoded), or undefined when absent. */
export function attrValue(attrs: readonly HtmlAttr[], name: string): string | undefined {
  const a = attrs.find((x) => x.name === name);
  return a ? decodeEntities(a.value ?? '') : undefined;
}

// ---------------------------------------------------------------------------------
// Walking text with element context

/**
 * Rewrites the text of an HTML string, leaving every tag, attribute, comment and
 * character reference byte-for-byte intact. `rewrite` sees each maximal run of text
 * between markup (entities excluded) together with the names of the open elements;
 * returning null keeps the run. Content of elements in `skip` (and of any element
 * with `translate="no"`) is never passed to `rewrite`.
 *
 * Nesting is tracked leniently: an end tag closes the nearest open element of that
 * name, stray end tags are ignored, and void elements never open.
 */
export function mapHtmlText(
  html: string,
  rewrite: (text: string, open: readonly string[]) => string | null,
  options: { skip?: ReadonlySet<string>; rawText?: ReadonlySet<string> } = {},
): string {
  const skip = options.skip ?? new Set<string>();
  const rewriteRaw = options.rawText ?? new Set<string>();
  const open: string[] = [];
  // Depth in `open` at which a skipped region began; -1 when outside any.
  let skipFrom = -1;
  let out = '';

  for (const t of tokenizeHtml(html)) {
    switch (t.kind) {
      case 'start': {
        out += t.raw;
        if (VOID_ELEMENTS.has(t.name)) break;
        if (t.selfClosing && !RAW_TEXT_ELEMENTS.has(t.name) && !RCDATA_ELEMENTS.has(t.name) && isForeign(open)) break;
        open.push(t.name);
        if (skipFrom < 0 && (skip.has(t.name) || attrValue(t.attrs, 'translate')?.toLowerCase() === 'no')) {
          skipFrom = open.length - 1;
        }
        break;
      }
      case 'end': {
        out += t.raw;
        const at = open.lastIndexOf(t.name);
        if (at >= 0) {
          open.length = at;
          if (skipFrom >= at) skipFrom = -1;
        }
        break;
      }
      case 'rawtext': {
        // Raw-text content is text only for RCDATA elements (title, textarea) or when
        // the caller asks; script and style bodies are code.
        if (skipFrom < 0 && rewriteRaw.has(t.parent) && !skip.has(t.parent)) out += rewritePieces(t.raw, open, rewrite);
        else out += t.raw;
        break;
      }
      case 'text':
        out += skipFrom < 0 ? rewritePieces(t.raw, open, rewrite) : t.raw;
        break;
      case 'comment':
        out += t.raw;
        break;
    }
  }
  return out;
}

function rewritePieces(
  raw: string,
  open: readonly string[],
  rewrite: (text: string, open: readonly string[]) => string | null,
): string {
  let out = '';
  for (const p of splitEntities(raw)) {
    if (p.entity) out += p.text;
    else out += rewrite(p.text, open) ?? p.text;
  }
  return out;
}

// `<path/>` closes itself only inside SVG or MathML; in HTML the slash is ignored.
function isForeign(open: readonly string[]): boolean {
  return open.includes('svg') || open.includes('math');
}

// ---------------------------------------------------------------------------------
// A lenient tree, for the import cleaner

export interface HtmlElement {
  readonly type: 'element';
  readonly name: string;
  readonly attrs: readonly HtmlAttr[];
  readonly children: HtmlNode[];
}
/** Text as written in the source (entities not decoded). */
export interface HtmlText {
  readonly type: 'text';
  readonly raw: string;
}
export type HtmlNode = HtmlElement | HtmlText;

// Which open elements a start tag implicitly closes, and where the search stops.
const CLOSES_P = new Set([
  'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'ul',
]);
const IMPLIED_END: Readonly<Record<string, { close: readonly string[]; stopAt: readonly string[] }>> = {
  li: { close: ['li'], stopAt: ['ul', 'ol', 'table'] },
  dt: { close: ['dt', 'dd'], stopAt: ['dl', 'table'] },
  dd: { close: ['dt', 'dd'], stopAt: ['dl', 'table'] },
  tr: { close: ['tr', 'td', 'th'], stopAt: ['table', 'tbody', 'thead', 'tfoot'] },
  td: { close: ['td', 'th'], stopAt: ['tr', 'table'] },
  th: { close: ['td', 'th'], stopAt: ['tr', 'table'] },
  tbody: { close: ['tbody', 'thead', 'tfoot', 'tr', 'td', 'th'], stopAt: ['table'] },
  thead: { close: ['tbody', 'thead', 'tfoot', 'tr', 'td', 'th'], stopAt: ['table'] },
  tfoot: { close: ['tbody', 'thead', 'tfoot', 'tr', 'td', 'th'], stopAt: ['table'] },
  option: { close: ['option'], stopAt: ['select', 'datalist'] },
};

/** Parses HTML into a forgiving tree rooted at a synthetic `#root` element. */
export function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { type: 'element', name: '#root', attrs: [], children: [] };
  const stack: HtmlElement[] = [root];
  const top = () => stack[stack.length - 1]!;

  const closeImplied = (name: string) => {
    if (CLOSES_P.has(name) && top().name === 'p') stack.pop();
    const rule = IMPLIED_END[name];
    if (!rule) return;
    for (let k = stack.length - 1; k > 0; k--) {
      const n = stack[k]!.name;
      if (rule.stopAt.includes(n)) return;
      if (rule.close.includes(n)) {
        stack.length = k;
        return;
      }
    }
  };

  for (const t of tokenizeHtml(html)) {
    if (t.kind === 'text' || t.kind === 'rawtext') {
      top().children.push({ type: 'text', raw: t.raw });
    } else if (t.kind === 'start') {
      closeImplied(t.name);
      const el: HtmlElement = { type: 'element', name: t.name, attrs: t.attrs, children: [] };
      top().children.push(el);
      if (!VOID_ELEMENTS.has(t.name) && !(t.selfClosing && isForeign(stack.map((e) => e.name)))) stack.push(el);
    } else if (t.kind === 'end') {
      for (let k = stack.length - 1; k > 0; k--) {
        if (stack[k]!.name === t.name) {
          stack.length = k;
          break;
        }
      }
    }
  }
  return root;
}

const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr',
  'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul',
  'title', 'head',
]);
const NO_TEXT_ELEMENTS = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math']);

/**
 * The readable text of a node: entities decoded, block elements on their own lines,
 * table cells separated by a space, script/style ignored.
 */
export function textContent(node: HtmlNode): string {
  const parts: string[] = [];
  const walk = (n: HtmlNode) => {
    if (n.type === 'text') {
      parts.push(decodeEntities(n.raw).replace(/[ \t\r\n\f]+/g, ' '));
      return;
    }
    if (NO_TEXT_ELEMENTS.has(n.name)) return;
    if (n.name === 'br') {
      parts.push('\n');
      return;
    }
    const block = BLOCK_ELEMENTS.has(n.name);
    if (block) parts.push('\n');
    if (n.name === 'td' || n.name === 'th') parts.push(' ');
    for (const c of n.children) walk(c);
    if (block) parts.push('\n');
  };
  walk(node);
  return parts
    .join('')
    .split('\n')
    .map((l) => l.replace(/\u00a0/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
}

/** Depth-first list of elements under `node` (itself included) matching `pred`. */
export function findAll(node: HtmlElement, pred: (el: HtmlElement) => boolean): HtmlElement[] {
  const out: HtmlElement[] = [];
  const walk = (el: HtmlElement) => {
    if (pred(el)) out.push(el);
    for (const c of el.children) if (c.type === 'element') walk(c);
  };
  walk(node);
  return out;
}
