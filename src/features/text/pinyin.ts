/**
 * Pinyin for display (ruby annotations), for search (toneless syllables, initials).
 * The reading of a character depends on its word — 银行 yín háng, 行长 háng zhǎng,
 * 重庆 chóng qìng, 重要 zhòng yào — so text is always handed to pinyin-pro as a whole
 * run and the per-character results are mapped back, never character by character.
 *
 * pinyin-pro's own `html()` is not used: it annotates attribute values and script
 * bodies (`<a title="银行">` becomes broken markup) and nests ruby inside existing
 * ruby, and it misreads traditional text (重慶 zhòng qìng). Runs are therefore folded
 * to simplified first; opencc keeps the character count in almost every case, and
 * when it does not, characters are folded one by one.
 */
import { pinyin } from 'pinyin-pro';
import { detectScript, foldToSimplified, traditionalToSimplified } from './script.js';
import { escapeText, mapHtmlText } from './html.js';

interface Reading {
  /** The character as it appears in the input. */
  readonly char: string;
  /** Toned syllable, or '' when the character is not Chinese (or unknown). */
  readonly syllable: string;
}

const HAN = /\p{Script=Han}/u;

function readingsOf(text: string): Reading[] {
  const chars = Array.from(text);
  if (!chars.some((c) => HAN.test(c))) return chars.map((char) => ({ char, syllable: '' }));
  const script = detectScript(text);
  const simplified = script === 'traditional' || script === 'mixed' ? traditionalToSimplified(text) : foldToSimplified(text);
  let folded = Array.from(simplified);
  if (folded.length !== chars.length) folded = chars.map((c) => foldToSimplified(c));
  const items = pinyin(folded.join(''), { type: 'all' });
  if (items.length !== chars.length) {
    // pinyin-pro yields one item per code point; if that ever changes, fall back to
    // reading characters alone rather than misaligning the annotation.
    return chars.map((char, i) => ({ char, syllable: HAN.test(char) ? pinyin(folded[i]!) : '' }));
  }
  return chars.map((char, i) => ({ char, syllable: items[i]!.isZh ? items[i]!.pinyin : '' }));
}

// Words of the output: each syllable alone; runs of other characters kept together
// and split at whitespace.
function words(readings: readonly Reading[], syllable: (r: Reading) => string, other: (run: string) => string): string {
  const out: string[] = [];
  let run = '';
  const flush = () => {
    for (const w of other(run).split(/\s+/u)) if (w) out.push(w);
    run = '';
  };
  for (const r of readings) {
    if (r.syllable) {
      flush();
      out.push(syllable(r));
    } else {
      run += r.char;
    }
  }
  flush();
  return out.join(' ');
}

/**
 * Toned pinyin, one syllable per Han character, separated by spaces; other text is
 * kept, grouped into runs: `银行行长` → `yín háng háng zhǎng`, `2021年度` → `2021 nián dù`.
 * Tone sandhi of 一 and 不 is applied (一个 → yí gè), as in schoolbook ruby.
 */
export function toPinyin(text: string): string {
  return words(
    readingsOf(text),
    (r) => r.syllable,
    (run) => run,
  );
}

const TONELESS: Readonly<Record<string, string>> = Object.fromEntries(
  [...'āáǎàa', ...'ēéěèe', ...'īíǐìi', ...'ōóǒòo', ...'ūúǔùu'].map((c, i) => [c, 'aeiou'[Math.floor(i / 5)]!]),
);

function toneless(syllable: string): string {
  return syllable
    .normalize('NFC')
    .replace(/[āáǎàēéěèīíǐìōóǒòūúǔù]/g, (c) => TONELESS[c] ?? c)
    .replace(/[ǖǘǚǜü]/g, 'v')
    .replace(/[ńňǹ]/g, 'n')
    .replace(/ḿ/g, 'm')
    .replace(/\p{M}/gu, '');
}

/**
 * Toneless, lower-case pinyin for search: `绿化 重庆` → `lv hua chong qing`. ü is
 * written v, as typed on a keyboard. Letters and digits of other text are kept
 * (lower-cased); punctuation and symbols are dropped.
 */
export function toPinyinPlain(text: string): string {
  return words(
    readingsOf(text),
    (r) => toneless(r.syllable),
    (run) => plainRun(run),
  );
}

/**
 * First letters of the syllables, for abbreviation search: `年度报告` → `ndbg`,
 * `2021年度报告` → `2021ndbg`. Other letters and digits are kept, lower-cased;
 * everything else is dropped.
 */
export function toInitials(text: string): string {
  let out = '';
  for (const r of readingsOf(text)) {
    if (r.syllable) out += toneless(r.syllable).charAt(0);
    else out += plainRun(r.char).replace(/\s+/g, '');
  }
  return out;
}

function plainRun(run: string): string {
  return run
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ');
}

/**
 * Where a ruby annotation must not go: existing ruby (no nesting), text that is not
 * rendered as markup (title, textarea, option), code, and foreign content.
 */
const NO_RUBY: ReadonlySet<string> = new Set([
  'ruby', 'rt', 'rp', 'rb', 'rtc', 'title', 'textarea', 'option', 'optgroup', 'select', 'datalist',
  'script', 'style', 'template', 'code', 'kbd', 'samp', 'var', 'svg', 'math', 'head',
]);

/**
 * Annotates every Han character in the text of an HTML string with its pinyin:
 * `<ruby>字<rp>(</rp><rt>zì</rt><rp>)</rp></ruby>`. Tags, attributes, comments and
 * character references are kept exactly; nothing is annotated inside existing
 * <ruby>, <title>, <option>, <textarea>, <select>, <script>, <style>, <code> or
 * elements with `translate="no"`. The <rp> parentheses are the fallback for
 * browsers and readers without ruby support (turn off with `rp: false`).
 */
export function rubyHtml(html: string, options: { rp?: boolean } = {}): string {
  const rp = options.rp ?? true;
  const open = rp ? '<rp>(</rp><rt>' : '<rt>';
  const close = rp ? '</rt><rp>)</rp>' : '</rt>';
  return mapHtmlText(
    html,
    (text) => {
      if (!HAN.test(text)) return null;
      let out = '';
      for (const r of readingsOf(text)) {
        out += r.syllable ? `<ruby>${r.char}${open}${escapeText(r.syllable)}${close}</ruby>` : r.char;
      }
      return out;
    },
    { skip: NO_RUBY },
  );
}
