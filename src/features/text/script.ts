/**
 * Simplified/traditional conversion for display, import and search. opencc-js does
 * phrase-level conversion (承擔著 → 承担着, 頭髮 → 头发), which is why whole strings are
 * converted rather than characters. Building a converter parses its dictionaries
 * (~100 ms), so converters are built on first use and kept.
 */
import { Converter } from 'opencc-js';
import { mapHtmlText, tokenizeHtml, escapeAttr, decodeEntities } from './html.js';

/** Traditional-script standards we convert to and from. */
export const TRADITIONAL_VARIANTS = {
  tw: '繁体中文（台湾）',
  hk: '繁体中文（香港）',
  t: '繁体中文（OpenCC 标准字形）',
} as const;
export type TraditionalVariant = keyof typeof TRADITIONAL_VARIANTS;

/** What `detectScript` can conclude about a text. */
export const SCRIPTS = {
  simplified: '简体中文',
  traditional: '繁体中文',
  mixed: '简繁混排',
  none: '无法判断',
} as const;
export type Script = keyof typeof SCRIPTS;

type Convert = (text: string) => string;
const converters = new Map<string, Convert>();

function converter(from: string, to: string): Convert {
  const key = `${from}>${to}`;
  const cached = converters.get(key);
  if (cached) return cached;
  const built: Convert = Converter({ from, to });
  converters.set(key, built);
  return built;
}

/** Simplified → traditional in the given standard; `tw` and `hk` are the usual choices. */
export function toTraditional(text: string, variant: TraditionalVariant): string {
  return converter('cn', variant)(text);
}

/**
 * Traditional → simplified, phrase-aware (承擔著 → 承担着 from `tw`). Use the variant
 * the text was written in: `tw` turns the Taiwan particle 著 into 着, `hk` keeps
 * Hong Kong's 著 but knows its variants such as 衞.
 */
export function toSimplified(text: string, from: TraditionalVariant): string {
  return converter(from, 'cn')(text);
}

/**
 * Best-effort conversion of a page already known to be traditional, whatever its
 * region: Taiwan rules first (they resolve 著/着 by phrase), then Hong Kong rules for
 * the variants Taiwan's table lacks (衞 → 卫). Not for simplified input: `tw` rules
 * turn simplified 显著 into 显着.
 */
export function traditionalToSimplified(text: string): string {
  return converter('hk', 'cn')(converter('tw', 'cn')(text));
}

/**
 * Normalises any Chinese text to simplified for search, so that 政府資訊, 衞生 and 爲
 * meet their simplified forms. Uses the Hong Kong table, which covers the standard and
 * variant traditional forms and leaves simplified text as it is (checked on 3.3 million
 * characters of regulations: 3 changes). The particle 著 stays 著 here; the search
 * tokenizer folds that token itself.
 */
export function foldToSimplified(text: string): string {
  return converter('hk', 'cn')(text);
}

// Characters that s2t would change but that traditional text uses too (后 in 皇后,
// 台 in 台灣, 干 in 干擾, 里 in 公里 …). They are no evidence for simplified script.
// Derived by converting the regulation corpus with s2t/s2tw/s2hk and keeping the
// characters that survived, plus common ones the corpus lacked.
const SHARED_CHARACTERS = new Set(
  '准干秘群户台税床脱兑温征采吃游伙峰醖里后占唇皂淀几卧岩斗灶囱藴价于划佣' +
    '余范岳丰云冲叶坛历朴仆咸凶涂尸据夸挂郁辟丑党',
);

const Evidence = { Neither: 0, Traditional: 1, Simplified: 2 } as const;
type Evidence = (typeof Evidence)[keyof typeof Evidence];
const evidenceCache = new Map<string, Evidence>();

function evidenceOf(ch: string): Evidence {
  const cached = evidenceCache.get(ch);
  if (cached !== undefined) return cached;
  let e: Evidence;
  if (converter('t', 'cn')(ch) !== ch || converter('hk', 'cn')(ch) !== ch) e = Evidence.Traditional;
  else if (converter('cn', 't')(ch) !== ch && !SHARED_CHARACTERS.has(ch)) e = Evidence.Simplified;
  else e = Evidence.Neither;
  evidenceCache.set(ch, e);
  return e;
}

const HAN_CHAR = /\p{Script=Han}/u;

/**
 * Guesses the script of a text by counting characters that exist only in traditional
 * (t→s would change them) against characters only in simplified (s→t would change
 * them, minus forms both scripts use). ≥ 80 % one way decides; otherwise `mixed`.
 * `none` means no evidence: no Han characters, or only ones both scripts share
 * (人民公社).
 */
export function detectScript(text: string): Script {
  const { traditional, simplified } = scriptEvidence(text);
  const total = traditional + simplified;
  if (total === 0) return 'none';
  if (traditional >= total * 0.8) return 'traditional';
  if (simplified >= total * 0.8) return 'simplified';
  return 'mixed';
}

/** The counts behind `detectScript`, for callers that want their own threshold. */
export function scriptEvidence(text: string): { traditional: number; simplified: number } {
  let traditional = 0;
  let simplified = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x2e80 || !HAN_CHAR.test(ch)) continue;
    const e = evidenceOf(ch);
    if (e === Evidence.Traditional) traditional++;
    else if (e === Evidence.Simplified) simplified++;
  }
  return { traditional, simplified };
}

/**
 * Elements whose text is not prose. <pre> is converted: on government pages it holds
 * pre-formatted notices, not code.
 */
const NOT_PROSE: ReadonlySet<string> = new Set(['script', 'style', 'code', 'kbd', 'samp', 'var', 'svg', 'math']);
const RCDATA: ReadonlySet<string> = new Set(['title', 'textarea']);

/**
 * Applies `fn` to the text of an HTML document and nothing else: tags, attributes,
 * URLs, comments and character references stay byte-for-byte, as do the contents of
 * script, style, code, kbd, samp, var, svg, math and anything marked `translate="no"`.
 * <title>, <textarea> and <pre> text is converted. Attribute values are converted
 * only for the names listed in `options.attributes` (e.g. `['alt', 'title']`); their
 * values are then re-escaped.
 */
export function convertHtml(
  html: string,
  fn: (text: string) => string,
  options: { attributes?: readonly string[] } = {},
): string {
  const body = mapHtmlText(html, (t) => fn(t), { skip: NOT_PROSE, rawText: RCDATA });
  const names = options.attributes;
  if (!names || names.length === 0) return body;
  return convertAttributes(body, fn, new Set(names.map((n) => n.toLowerCase())));
}

// Rewrites selected attribute values inside start tags. Each start tag is rebuilt only
// when one of its listed attributes actually changes, so untouched tags keep their
// original spelling.
function convertAttributes(html: string, fn: (text: string) => string, names: ReadonlySet<string>): string {
  let out = '';
  let inSkipped = 0;
  for (const t of tokenizeHtml(html)) {
    if (t.kind === 'start' && NOT_PROSE.has(t.name)) inSkipped++;
    if (t.kind === 'end' && NOT_PROSE.has(t.name) && inSkipped > 0) inSkipped--;
    if (t.kind !== 'start' || inSkipped > 0 || !t.attrs.some((a) => names.has(a.name) && a.value)) {
      out += t.raw;
      continue;
    }
    let changed = false;
    const attrs = t.attrs.map((a) => {
      if (!names.has(a.name) || a.value === null) return a;
      const decoded = decodeEntities(a.value);
      const converted = fn(decoded);
      if (converted === decoded) return a;
      changed = true;
      return { name: a.name, value: escapeAttr(converted) };
    });
    if (!changed) {
      out += t.raw;
      continue;
    }
    const rebuilt = attrs.map((a) => (a.value === null ? ` ${a.name}` : ` ${a.name}="${quoteSafe(a.value)}"`)).join('');
    out += `<${t.name}${rebuilt}${t.selfClosing ? ' /' : ''}>`;
  }
  return out;
}

// Values kept from the source may have been single-quoted or unquoted; inside double
// quotes only a bare '"' would break out.
function quoteSafe(raw: string): string {
  return raw.replace(/"/g, '&quot;');
}
