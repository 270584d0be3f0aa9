/**
 * The one tokenizer for full-text search, shared by SQLite FTS5 (unicode61 over
 * pre-segmented text) and PostgreSQL (to_tsvector('simple', …)). Documents are
 * indexed with jieba's search mode, which adds the sub-words of long words
 * (中华人民共和国 → 中华, 人民, 共和国, …); queries are cut in normal mode and their
 * tokens AND-ed, so every query token is among the document's index tokens.
 *
 * Both sides are normalised identically: NFKC (full-width letters and digits, CJK
 * compatibility ideographs), folded to simplified script, lower-cased.
 * Intl.Segmenter is not used: its memory grows quadratically with input on Node 20.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { detectScript, foldToSimplified, traditionalToSimplified } from './script.js';

let jieba: Jieba | undefined;

// Loading the dictionary takes ~230 ms, so it happens on first use, once.
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Longest piece of text handed to jieba and opencc at once. */
const CHUNK = 2000;

const SENTENCE_END = /[。！？；!?;\n\r…]/u;
const SOFT_BREAK = /[，、,：:\s）)」』”]/u;

/**
 * Splits text into pieces of at most `max` UTF-16 units, preferring sentence ends,
 * then commas and spaces, and never cutting a surrogate pair or an ASCII word.
 * Memory stays proportional to one piece however long the text is.
 */
export function* chunkText(text: string, max = CHUNK): Generator<string> {
  let i = 0;
  const n = text.length;
  while (i < n) {
    let end = Math.min(i + max, n);
    if (end < n) end = breakBefore(text, i, end);
    yield text.slice(i, end);
    i = end;
  }
}

function breakBefore(text: string, from: number, limit: number): number {
  const floor = from + Math.floor((limit - from) / 2);
  for (const re of [SENTENCE_END, SOFT_BREAK]) {
    for (let k = limit; k > floor; k--) if (re.test(text[k - 1]!)) return k;
  }
  let k = limit;
  // Not inside an ASCII word or number, and not between the halves of a surrogate pair.
  while (k > floor && /[A-Za-z0-9]/.test(text[k - 1]!) && /[A-Za-z0-9]/.test(text[k]!)) k--;
  if (k === floor) k = limit;
  const c = text.charCodeAt(k - 1);
  if (c >= 0xd800 && c <= 0xdbff) k--;
  return k;
}

/**
 * The normal form both documents and queries are brought to before cutting. A piece
 * that is clearly traditional gets the Taiwan-first conversion, which resolves the
 * particle 著 by phrase (看著 → 看着); anything else gets the fold that leaves
 * simplified text alone.
 */
export function normalizeForSearch(text: string): string {
  const nfkc = text.normalize('NFKC');
  const simplified = detectScript(nfkc) === 'traditional' ? traditionalToSimplified(nfkc) : foldToSimplified(nfkc);
  return simplified.toLowerCase();
}

// Tokens made only of punctuation, symbols, spaces or control characters carry no
// meaning for search.
const NOISE = /^[\p{P}\p{S}\p{Z}\p{C}\s]*$/u;

// A lone 著 left by the fold (著 is also simplified, as in 著作) is most likely the
// particle; 着 is how simplified text writes it.
function finishToken(token: string): string | null {
  if (NOISE.test(token)) return null;
  return token === '著' ? '着' : token;
}

/** Index tokens one by one, for callers that stream them (see `tokensForIndex`). */
export function* iterateIndexTokens(text: string): Generator<string> {
  const jb = segmenter();
  for (const chunk of chunkText(text)) {
    for (const t of jb.cutForSearch(normalizeForSearch(chunk), true)) {
      const token = finishToken(t);
      if (token !== null) yield token;
    }
  }
}

/**
 * Tokens to index a document with: jieba search mode over the normalised text, in
 * order, repeats kept (term frequency matters to ranking), punctuation dropped.
 */
export function tokensForIndex(text: string): string[] {
  return [...iterateIndexTokens(text)];
}

/**
 * Tokens of a search query: jieba normal mode, same normalisation, repeats removed.
 * A word longer than three characters is replaced by its two- and three-character
 * parts from search mode (年度报告 → 年度, 报告): search mode indexes those parts of
 * every long word but not the long word itself when it sits inside a longer one
 * (中华人民共和国 inside 中华人民共和国政府), so only the parts are sure to match.
 */
export function tokensForQuery(text: string): string[] {
  const jb = segmenter();
  const seen = new Set<string>();
  for (const chunk of chunkText(text)) {
    for (const t of jb.cut(normalizeForSearch(chunk), true)) {
      const token = finishToken(t);
      if (token === null) continue;
      const parts = [...token].length > 3 ? jb.cutForSearch(token, true).filter((p) => p !== token && [...p].length <= 3) : [];
      if (parts.length === 0) seen.add(token);
      for (const p of parts) {
        const part = finishToken(p);
        if (part !== null) seen.add(part);
      }
    }
  }
  return [...seen];
}

/**
 * jieba's normal-mode words of `text` exactly as given (no normalisation, nothing
 * dropped): the pieces concatenate back to the input. For callers that need word
 * boundaries with offsets, such as the pinyin spans of titles in the search index.
 */
export function cutWords(text: string): string[] {
  const out: string[] = [];
  for (const chunk of chunkText(text)) out.push(...segmenter().cut(chunk, true));
  return out;
}

/**
 * jieba's dictionary words of `text` exactly as given, each with its part-of-speech
 * tag (`uj` for the particle 的, `ul` for 了, `v` for verbs, …); the words concatenate
 * back to the input. HMM guessing of unknown words is off: a guessed word has no
 * dictionary reading, so its characters are better read one by one. For the pinyin
 * ruby, whose readings depend on the word and, for particles, on the tag.
 */
export function taggedWords(text: string): { word: string; tag: string }[] {
  const out: { word: string; tag: string }[] = [];
  for (const chunk of chunkText(text)) out.push(...segmenter().tag(chunk, false));
  return out;
}

/** The index tokens joined by single spaces: the column content for FTS5 / tsvector. */
export function segmentForFts(text: string): string {
  let out = '';
  for (const t of iterateIndexTokens(text)) out += out === '' ? t : ` ${t}`;
  return out;
}
