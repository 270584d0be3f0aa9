/**
 * Pinyin for display (ruby annotations), for search (toneless syllables, initials).
 * The reading of a character depends on its word — 银行 yín háng, 执行 zhí xíng,
 * 重庆 chóng qìng, 重要 zhòng yào — so text is cut into words with the project's
 * jieba segmenter and each word is read by pinyin-pro as a whole.
 *
 * Handing pinyin-pro a whole sentence is not enough: its own segmenter takes the
 * longest phrase it knows, across word boundaries, so 本行政机关 reads 本行 (běn háng)
 * and 合同执行情况 reads 行情 (zhí háng), 价格调控 reads diào and 目的的确定 reads dí.
 * jieba cuts 本/行政/机关, and each word then gets its dictionary reading. A character
 * that is a word of its own is read by its jieba tag (the particle 的 de, 了 le), see
 * pinyin-readings.ts, which also lists the words pinyin-pro itself misreads.
 *
 * pinyin-pro's own `html()` is not used: it annotates attribute values and script
 * bodies (`<a title="银行">` becomes broken markup) and nests ruby inside existing
 * ruby, and it misreads traditional text (重慶 zhòng qìng). Runs are therefore folded
 * to simplified first; opencc keeps the character count in almost every case, and
 * when it does not, characters are folded one by one.
 */
import { customPinyin, pinyin } from 'pinyin-pro';
import { detectScript, foldToSimplified, traditionalToSimplified } from './script.js';
import { escapeText, mapHtmlText } from './html.js';
import { LONE_CHARACTER_READINGS, WORD_READINGS } from './pinyin-readings.js';
import { taggedWords } from './segment.js';

// pinyin-pro is used by this module only, so its process-wide custom dictionary is ours.
customPinyin({ ...WORD_READINGS });

interface Reading {
  /** The character as it appears in the input. */
  readonly char: string;
  /** Toned syllable, or '' when the character is not Chinese (or unknown). */
  readonly syllable: string;
  /** Index of the word the character belongs to; characters of one word share it. */
  readonly word: number;
}

const HAN = /\p{Script=Han}/u;
const NUMERAL = /[第零〇一二三四五六七八九十百千万亿两]/u;
const LONE: Readonly<Record<string, string>> = LONE_CHARACTER_READINGS;

/** 1–4 by the tone mark, 0 for the neutral tone. */
function toneOf(syllable: string): number {
  const nfd = syllable.normalize('NFD');
  if (nfd.includes('\u0304')) return 1;
  if (nfd.includes('\u0301')) return 2;
  if (nfd.includes('\u030C')) return 3;
  if (nfd.includes('\u0300')) return 4;
  return 0;
}

/** The reading of a character on its own; '' for one pinyin-pro does not know. */
function readAlone(c: string): string {
  const item = pinyin(c, { type: 'all' })[0];
  return item?.isZh && item.pinyin !== c ? item.pinyin : '';
}

/** Syllables of one word, one per character ('' for a non-Chinese character). */
function readWord(word: string, tag: string, chars: readonly string[]): string[] {
  if (chars.length === 1) {
    const c = chars[0]!;
    if (!HAN.test(c)) return [''];
    return [LONE[`${c}/${tag}`] ?? LONE[c] ?? readAlone(c)];
  }
  const known = wordCache.get(word);
  if (known) return [...known];
  const items = pinyin(word, { type: 'all' });
  // pinyin-pro yields one item per code point; if that ever changes, read the
  // characters alone rather than misalign the annotation.
  const read = items.length === chars.length ? items.map((it) => (it.isZh ? it.pinyin : '')) : chars.map((c) => (HAN.test(c) ? readAlone(c) : ''));
  if (wordCache.size >= WORD_CACHE_SIZE) wordCache.clear();
  wordCache.set(word, read);
  return [...read];
}

// Words repeat across a page and across pages; reading each once halves the cost of a
// long page. Bounded: cleared when full.
const WORD_CACHE_SIZE = 20_000;
const wordCache = new Map<string, readonly string[]>();

// 一 and 不 standing alone change tone before the next syllable (一 yí/yì, 不 bú),
// once the next word's reading is known; 一 inside a numeral (第一, 十一) keeps yī.
function applySandhi(chars: readonly string[], syllables: string[], lone: readonly boolean[]): void {
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '一' && i > 0 && NUMERAL.test(chars[i - 1]!) && syllables[i]) {
      syllables[i] = 'yī';
      continue;
    }
    if (!lone[i] || (c !== '一' && c !== '不')) continue;
    const next = syllables[i + 1] ? toneOf(syllables[i + 1]!) : -1;
    if (c === '不') syllables[i] = next === 4 ? 'bú' : 'bù';
    else if (next === 4) syllables[i] = 'yí';
    else if (next >= 1) syllables[i] = 'yì';
    else syllables[i] = 'yī';
  }
}

function readingsOf(text: string): Reading[] {
  const chars = Array.from(text);
  if (!chars.some((c) => HAN.test(c))) return chars.map((char, i) => ({ char, syllable: '', word: i }));
  const script = detectScript(text);
  const simplified = script === 'traditional' || script === 'mixed' ? traditionalToSimplified(text) : foldToSimplified(text);
  let folded = Array.from(simplified);
  if (folded.length !== chars.length) folded = chars.map((c) => foldToSimplified(c));
  const syllables: string[] = [];
  const words: number[] = [];
  const lone: boolean[] = [];
  const pieces = taggedWords(folded.join(''));
  for (const [w, { word, tag }] of pieces.entries()) {
    const wc = Array.from(word);
    syllables.push(...readWord(word, tag, wc));
    for (let k = 0; k < wc.length; k++) {
      words.push(w);
      lone.push(wc.length === 1);
    }
  }
  if (syllables.length !== chars.length) {
    // The segmenter returned pieces that do not add up to the input: read alone.
    return chars.map((char, i) => ({ char, syllable: HAN.test(folded[i]!) ? readAlone(folded[i]!) : '', word: i }));
  }
  applySandhi(folded, syllables, lone);
  return chars.map((char, i) => ({ char, syllable: syllables[i]!, word: words[i]! }));
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

/** Between two words: a line may break there (see `rubyHtml`). */
const WORD_BREAK = '\u200B';

/**
 * Annotates every Han character in the text of an HTML string with its pinyin, one
 * <ruby> per word with a syllable over each character:
 * `<ruby>执<rp>(</rp><rt aria-hidden="true">zhí</rt><rp>)</rp>行<rp>(</rp><rt aria-hidden="true">xíng</rt><rp>)</rp></ruby>\u200B<ruby>…`.
 *
 * One ruby per word lets the stylesheet space words apart, as pinyin is written, and
 * keep a word on one line (`white-space: nowrap`), while each character keeps its own
 * syllable. Chromium does not break a line between two <ruby> elements, so a zero-width
 * space stands between two words; not <wbr>, which Chromium turns into a space in the
 * accessible text (a heading would be read 执行 价格 instead of 执行价格). The <rt> is hidden from screen readers: they
 * read the Chinese text as on any other page (their speech engines pronounce it from
 * the characters), instead of each character followed by a Latin syllable spoken with
 * a Chinese voice. The <rp> parentheses are the fallback for browsers and text
 * extraction without ruby support (turn off with `rp: false`).
 *
 * Tags, attributes, comments and character references are kept exactly; nothing is
 * annotated inside existing <ruby>, <title>, <option>, <textarea>, <select>,
 * <script>, <style>, <code> or elements with `translate="no"`.
 */
export function rubyHtml(html: string, options: { rp?: boolean } = {}): string {
  const rp = options.rp ?? true;
  const open = rp ? '<rp>(</rp><rt aria-hidden="true">' : '<rt aria-hidden="true">';
  const close = rp ? '</rt><rp>)</rp>' : '</rt>';
  return mapHtmlText(
    html,
    (text) => {
      if (!HAN.test(text)) return null;
      let out = '';
      let word = -1;
      for (const r of readingsOf(text)) {
        if (!r.syllable) {
          if (word >= 0) out += '</ruby>';
          word = -1;
          out += r.char;
          continue;
        }
        if (r.word !== word) out += `${word >= 0 ? `</ruby>${WORD_BREAK}` : ''}<ruby>`;
        word = r.word;
        out += `${r.char}${open}${escapeText(r.syllable)}${close}`;
      }
      if (word >= 0) out += '</ruby>';
      return out;
    },
    { skip: NO_RUBY },
  );
}
