/**
 * Search: the pure rules. A reader's query is compiled here into tokens the index
 * knows (jieba, script-folded) and phrases checked on the folded text; nothing a
 * reader types ever reaches FTS5 or to_tsquery as syntax. Documents are turned
 * into the same tokens by `documentFields`. No database, no I/O.
 */
import { Converter } from 'opencc-js';
import { z } from 'zod';
import { toPinyinPlain } from '../text/pinyin.js';
import { foldToSimplified, scriptEvidence, toSimplified } from '../text/script.js';
import { chunkText, cutWords, iterateIndexTokens, normalizeForSearch, tokensForQuery } from '../text/segment.js';

export const SEARCH_LIMITS = {
  /** Characters of a query; longer queries are refused with a message. */
  queryChars: 100,
  /** Required terms after compiling; the rest of a very long query is ignored. */
  terms: 12,
  pageSize: 10,
  maxPageSize: 50,
  /** Deep pages cost the database more and help no reader. */
  maxPage: 100,
  /** Characters of text indexed per item (body plus attachments); the rest is neither indexed nor searched. */
  contentChars: 500_000,
  /** Longest token indexed: longer runs of letters or digits are noise (and PostgreSQL caps lexemes). */
  tokenChars: 60,
  /** Snippet length in characters. */
  snippetChars: 120,
} as const;

export const SEARCH_SORTS = { relevance: '按相关度', date: '按发布日期' } as const;
export type SearchSort = keyof typeof SEARCH_SORTS;

// ------------------------------------------------------------------ folding

// Brackets around a year as typed in 文号: 〔2025〕, [2025], (2025), 【2025】, ［2025］.
const YEAR_BRACKETS = /[〔[［【(（〈]\s*((?:19|20)\d{2})\s*[〕\]］】)）〉]/gu;
const WIDE_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uF900-\uFAFF\u3000\u00A0]/gu;

/**
 * The form of text that phrases are matched in and snippets are cut from:
 * simplified script, full-width letters and digits made plain, year brackets of
 * 文号 written 〔〕. Punctuation and case are kept so snippets read naturally;
 * matching lower-cases ASCII on both sides.
 */
export function foldForMatch(text: string): string {
  const plain = text.replace(WIDE_ALNUM, (c) => c.normalize('NFKC'));
  return foldToSimplified(plain).replace(YEAR_BRACKETS, '〔$1〕');
}

/** The 文号 as compared with a 文号 query: folded, no spaces, ASCII lower case. */
export function documentNumberKey(documentNumber: string): string {
  return asciiLower(foldForMatch(documentNumber)).replace(/\s+/g, '');
}

/** ASCII lower-casing only, so offsets never move (SQLite's lower() does the same). */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

let twp: ((s: string) => string) | undefined;
/** Traditional with Taiwan vocabulary → simplified: 政府資訊 → 政府信息, 軟體 → 软件. */
function taiwanToSimplified(s: string): string {
  const convert = (twp ??= Converter({ from: 'twp', to: 'cn' }));
  return convert(s);
}

// ------------------------------------------------------------------ tokens

// FTS5's unicode61 tokenizer treats everything but letters, numbers and private-use
// characters as a separator; splitting jieba's tokens the same way keeps every token
// a single FTS5 token, and the PostgreSQL lexemes identical.
const SEPARATORS = /[^\p{L}\p{N}\p{Co}]+/u;

function atomic(token: string): string[] {
  return token.split(SEPARATORS).filter((t) => t !== '' && t.length <= SEARCH_LIMITS.tokenChars);
}

/** Index tokens of a text, in order, repeats kept. */
export function indexTokens(text: string): string[] {
  const out: string[] = [];
  for (const t of iterateIndexTokens(text)) for (const a of atomic(t)) out.push(a);
  return out;
}

function queryTokens(text: string): string[] {
  return [...new Set(tokensForQuery(text).flatMap(atomic))];
}

// ------------------------------------------------------------------ bigrams

const HAN = /\p{Script=Han}+/gu;
const HAS_HAN = /\p{Script=Han}/u;

/**
 * Every pair of neighbouring Han characters in a text (normalised as for the index),
 * each once. Indexed beside jieba's words, so any run of two characters or more that
 * is in the text is in the index, however the segmenter cut it: jieba cuts
 * 示例市老旧小区 as 示例/市老旧/小区, and 老旧 is only a bigram.
 */
export function hanBigrams(text: string): string[] {
  const out = new Set<string>();
  for (const chunk of chunkText(text)) {
    for (const m of normalizeForSearch(chunk).matchAll(HAN)) {
      const cps = Array.from(m[0]);
      for (let i = 0; i + 2 <= cps.length; i++) out.add(cps[i]! + cps[i + 1]!);
    }
  }
  return [...out];
}

/** Index tokens of a text followed by its bigrams that are not already among them. */
function tokensWithBigrams(text: string): string[] {
  const tokens = indexTokens(text);
  const seen = new Set(tokens);
  for (const b of hanBigrams(text)) if (!seen.has(b)) tokens.push(b);
  return tokens;
}

/**
 * The bigrams a text holding `normalized` must hold: for each Han run, one every two
 * characters and the last (老旧小区 → 老旧, 小区; 发改局 → 发改, 改局); a lone Han
 * character gives none.
 */
export function coveringBigrams(normalized: string): string[] {
  const out: string[] = [];
  for (const m of normalized.matchAll(HAN)) {
    const cps = Array.from(m[0]);
    if (cps.length < 2) continue;
    for (let i = 0; i + 2 <= cps.length; i += 2) out.push(cps[i]! + cps[i + 1]!);
    if (cps.length % 2 === 1) out.push(cps[cps.length - 2]! + cps[cps.length - 1]!);
  }
  return [...new Set(out)];
}

/**
 * How the index finds a text that holds `normalized` as written: its bigrams and its
 * tokens that hold no Han character (numbers, Latin words). Falls back to its jieba
 * tokens when it has no run of two Han characters.
 */
function substringTokens(normalized: string): string[] {
  const bigrams = coveringBigrams(normalized);
  const tokens = queryTokens(normalized);
  if (bigrams.length === 0) return tokens;
  return [...bigrams, ...tokens.filter((t) => !HAS_HAN.test(t))];
}

// ------------------------------------------------------------------ pinyin spans

export interface PinyinSpan {
  /** UTF-16 offsets in the title. */
  start: number;
  end: number;
  /** Toneless syllables joined: 年度报告 → niandubaogao. */
  pinyin: string;
  /** First letters: 年度报告 → ndbg (only for two characters or more). */
  initials: string;
}

const HAN_RUN = /\p{Script=Han}+/gu;
const SPAN_PIECES = 4;
const SPAN_CHARS = 8;

/**
 * Runs of words in a title with their pinyin and initials, so `nian du bao gao`,
 * `niandubaogao` and `ndbg` find 年度报告. Spans start and end at word boundaries
 * (long words are also cut every two characters: 年度报告 → 年度|报告) and cover up
 * to four pieces and eight characters, which bounds the tokens per title.
 */
export function pinyinSpans(title: string): PinyinSpan[] {
  const spans: PinyinSpan[] = [];
  for (const m of title.matchAll(HAN_RUN)) {
    const run = m[0];
    const chars = Array.from(run);
    let syllables = toPinyinPlain(run).split(' ');
    if (syllables.length !== chars.length) syllables = chars.map((c) => toPinyinPlain(c).replace(/\s+/g, ''));
    // Piece boundaries in code points.
    const bounds = [0];
    let at = 0;
    for (const w of cutWords(run)) {
      const n = Array.from(w).length;
      if (n >= 4) for (let k = 2; k < n; k += 2) bounds.push(at + k);
      at += n;
      bounds.push(at);
    }
    // UTF-16 offset of each code point index.
    const offset: number[] = [0];
    for (const c of chars) offset.push(offset[offset.length - 1]! + c.length);
    for (let i = 0; i < bounds.length - 1; i++) {
      for (let j = i + 1; j < bounds.length && j - i <= SPAN_PIECES; j++) {
        const from = bounds[i]!;
        const to = bounds[j]!;
        if (to - from > SPAN_CHARS) break;
        const syl = syllables.slice(from, to);
        if (syl.some((s) => !/^[a-z]+$/.test(s))) continue;
        spans.push({
          start: m.index + offset[from]!,
          end: m.index + offset[to]!,
          pinyin: syl.join(''),
          initials: to - from >= 2 ? syl.map((s) => s[0]).join('') : '',
        });
      }
    }
  }
  return spans;
}

// ------------------------------------------------------------------ documents

export interface DocumentText {
  title: string;
  documentNumber: string;
  /** Keywords (主题词), any separator. */
  keywords: string;
  summary: string;
  /** Plain text of the body. */
  bodyText: string;
  /** Plain text of each attachment that has some. */
  attachmentTexts: readonly string[];
}

export interface DocumentFields {
  /** Tokens per FTS column (PostgreSQL: per weight): jieba's words, then the Han bigrams not among them. */
  title: string[];
  docno: string[];
  keywords: string[];
  pinyin: string[];
  body: string[];
  /** Folded, ASCII-lower-cased text for phrases and snippets: title, 文号 and keywords, then the body. */
  content: string;
  /** Where the body starts in `content`. */
  snippetFrom: number;
  /** The folded heading (content up to snippetFrom) and the title's pinyin and initials: what relevance compares words with. */
  heading: string;
}

/** Everything the index stores for one item. */
export function documentFields(doc: DocumentText): DocumentFields {
  const header = foldForMatch([doc.title, doc.documentNumber, doc.keywords].join('\n')) + '\n';
  let rest = [doc.summary, doc.bodyText, ...doc.attachmentTexts].filter((s) => s.trim() !== '').join('\n');
  if (rest.length > SEARCH_LIMITS.contentChars) rest = rest.slice(0, SEARCH_LIMITS.contentChars);
  const pinyin = new Set<string>();
  for (const s of pinyinSpans(doc.title)) {
    pinyin.add(s.pinyin);
    if (s.initials) pinyin.add(s.initials);
  }
  // Lower-cased once here, so phrase checks need no lower() per candidate.
  return {
    title: tokensWithBigrams(doc.title),
    docno: tokensWithBigrams(doc.documentNumber),
    keywords: tokensWithBigrams(doc.keywords),
    pinyin: [...pinyin],
    body: tokensWithBigrams(rest),
    content: asciiLower(header + foldForMatch(rest)),
    snippetFrom: header.length,
    heading: asciiLower(header) + [...pinyin].join(' '),
  };
}

// Most positions PostgreSQL keeps per lexeme is 256; a few suffice for ranking.
const POSITIONS_PER_LEXEME = 4;
const MAX_POSITION = 16383;

/**
 * The PostgreSQL tsvector of a document as a literal (`'token':1A,7A 'other':3D`),
 * cast with `::tsvector` so the 'simple' parser never splits a token differently
 * from FTS5. Weights: A title and 文号, B pinyin and keywords, D body. With
 * `headingOnly`, the small vector of the heading alone (its own column and index,
 * so "every word in the heading" needs no detoasting of the big one).
 */
export function tsvectorLiteral(f: DocumentFields, headingOnly = false): string {
  const lexemes = new Map<string, string[]>();
  let pos = 0;
  const add = (tokens: readonly string[], weight: 'A' | 'B' | 'D') => {
    for (const t of tokens) {
      pos = Math.min(pos + 1, MAX_POSITION);
      const list = lexemes.get(t);
      if (!list) lexemes.set(t, [`${pos}${weight}`]);
      else if (list.length < POSITIONS_PER_LEXEME) list.push(`${pos}${weight}`);
    }
  };
  add(f.title, 'A');
  add(f.docno, 'A');
  add(f.pinyin, 'B');
  add(f.keywords, 'B');
  if (!headingOnly) add(f.body, 'D');
  const parts: string[] = [];
  for (const [lexeme, positions] of lexemes) parts.push(`${quoteLexeme(lexeme)}:${positions.join(',')}`);
  return parts.join(' ');
}

function quoteLexeme(t: string): string {
  return `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

// ------------------------------------------------------------------ queries

export const QUERY_PROBLEMS = {
  empty: '请输入检索词',
  too_long: `检索词过长，请不要超过 ${SEARCH_LIMITS.queryChars} 个字`,
  no_terms: '检索词中没有可以检索的文字或数字（只有标点、符号或检索语法），请换一个检索词',
} as const;
export type QueryProblem = keyof typeof QUERY_PROBLEMS;

export interface CompiledQuery {
  /**
   * Required terms: every clause must match; a clause matches when one of its
   * alternatives does; an alternative matches when all its tokens do.
   */
  clauses: string[][][];
  /**
   * Folded, ASCII-lower-cased strings the folded content must contain: each entry is
   * satisfied by any one of its readings (a traditional phrase has two or three).
   */
  phrases: string[][];
  /**
   * Trigrams of the phrases whose readings all have three characters or more, shaped
   * like `clauses` (SQLite's trigram index finds their candidates); empty when there
   * are none.
   */
  grams: string[][][];
  /**
   * The same phrases as bigrams and other tokens, as required clauses: how PostgreSQL
   * (no trigram index) finds their candidates. SQLite uses `grams` instead.
   */
  phraseClauses: string[][][];
  /** The phrases that are 文号: items whose own 文号 contains one rank first. */
  documentNumbers: string[];
  /** What to mark in titles and snippets (tokens and phrases), longest first. */
  marks: string[];
  /** Letter strings that may be pinyin or initials of a title span. */
  pinyin: string[];
  /**
   * The reader's own words (not letters), folded, each with its other readings
   * (traditional vocabulary, abbreviations): a title that holds every one of them as
   * written ranks above one that only holds their pieces (年度报告 before
   * 2026年度…研究报告).
   */
  titleWords: string[][];
}

export type CompileResult = { ok: true; query: CompiledQuery } | { ok: false; problem: QueryProblem; message: string };

/** An abbreviation and its full form (发改 → 发展和改革): a query holding either also looks for the other. */
export interface Synonym {
  term: string;
  expansion: string;
}

const QUOTED = /"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』/gu;
// A 文号: optional issuer code, year in any bracket, serial, 号.
const DOC_NUMBER = /([\p{Script=Han}A-Za-z]{0,8})\s*[〔[［【(（〈]\s*((?:19|20)\d{2})\s*[〕\]］】)）〉]\s*第?\s*(\d{1,6})\s*号/gu;
const OPERATORS = new Set(['AND', 'OR', 'NOT', 'NEAR']);
// Particles that match nearly every document; dropped when the query has other words.
const STOP = new Set([...'的了和与及或在是对于之等为其把被就也都而并由从将以向']);
/** Most readings of one word or phrase (script readings times abbreviations). */
const MAX_READINGS = 6;

function problem(p: QueryProblem): CompileResult {
  return { ok: false, problem: p, message: QUERY_PROBLEMS[p] };
}

/**
 * The simplified readings of a piece of text, folded for matching: as it is (the fold
 * the index uses), and when it holds traditional characters also the plain
 * character conversion (t → cn: 執行 → 执行, 建立 → 建立) and the Taiwan-vocabulary one
 * (twp → cn: 執行 → 运行, 資訊 → 信息). A phrase copied from a mainland text printed in
 * traditional script needs the first; one written in Taiwan, the second.
 */
export function scriptReadings(text: string): string[] {
  const out = [foldForMatch(text)];
  if (scriptEvidence(text).traditional > 0) out.push(foldForMatch(toSimplified(text, 't')), foldForMatch(taiwanToSimplified(text)));
  return [...new Set(out.map((r) => asciiLower(r).replace(/\s+/g, ' ').trim()).filter((r) => r !== ''))];
}

/** Each reading with every abbreviation it holds replaced by its full form, and back. */
export function synonymReadings(readings: readonly string[], synonyms: readonly Synonym[]): string[] {
  const out = new Set(readings);
  for (const r of readings) {
    for (const { term, expansion } of synonyms) {
      if (out.size >= MAX_READINGS) break;
      if (r.includes(expansion)) out.add(r.split(expansion).join(term));
      else if (r.includes(term)) out.add(r.split(term).join(expansion));
    }
  }
  return [...out].slice(0, MAX_READINGS);
}

const cpLength = (s: string) => Array.from(s).length;

/**
 * Compiles what a reader typed. Each word (text between spaces) is one required
 * clause, met by its jieba words or by the word itself as a substring (its bigrams),
 * in any of its readings: traditional as plain and as Taiwan vocabulary, and with the
 * office's abbreviations (发改 ↔ 发展和改革). "Quoted phrases" (also “”「」) must
 * appear as written, in one of their script readings; a 文号 in any bracket style is
 * a phrase; a run of Latin words also matches title pinyin or initials joined
 * (nian du → niandu). Quotes, *, -, parentheses, AND/OR/NOT/NEAR and other syntax are
 * plain text.
 */
export function compileQuery(raw: string, synonyms: readonly Synonym[] = []): CompileResult {
  // Only letters and digits are made narrow: full-width punctuation must stay as the
  // text has it, or “重视信息，坚持公开” would never match its own words.
  const input = raw.replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(WIDE_ALNUM, (c) => c.normalize('NFKC')).replace(/＂/g, '"').trim();
  if (input === '') return problem('empty');
  if (Array.from(input).length > SEARCH_LIMITS.queryChars) return problem('too_long');

  const clauses = new Map<string, string[][]>();
  const clauseKey = (alts: string[][]) => alts.map((a) => [...a].sort().join(' ')).sort().join('|');
  const addClause = (alternatives: string[][], to = clauses) => {
    // An alternative that needs everything another one needs, and more, finds nothing new.
    const sets = alternatives.filter((a) => a.length > 0).map((a) => new Set(a));
    const alts = sets
      .filter((a, i) => !sets.some((b, j) => j !== i && (b.size < a.size || (b.size === a.size && j < i)) && [...b].every((t) => a.has(t))))
      .map((a) => [...a]);
    if (alts.length === 0) return;
    const key = clauseKey(alts);
    if (!to.has(key)) to.set(key, alts);
  };
  const phrases = new Map<string, string[]>();
  const marks = new Set<string>();
  const pinyin = new Set<string>();

  const documentNumbers = new Set<string>();
  const grams = new Map<string, string[][]>();
  const phraseClauses = new Map<string, string[][]>();
  const addPhrase = (text: string, isDocumentNumber = false) => {
    const readings = scriptReadings(text).filter((r) => queryTokens(r).length > 0);
    if (readings.length === 0) return;
    const candidates = readings.map(substringTokens);
    if (readings.every((r) => phraseGrams(r).length > 0)) {
      const own = readings.map(phraseGrams);
      addClause(own, grams);
      addClause(candidates, phraseClauses);
      phrases.set(readings.join('|'), readings);
    } else {
      addClause(candidates);
      // A phrase that is one token is that token; the content check would only repeat it.
      if (readings.some((r, i) => candidates[i]!.length !== 1 || candidates[i]![0] !== r)) phrases.set(readings.join('|'), readings);
    }
    if (isDocumentNumber) documentNumbers.add(readings[0]!);
    for (const r of readings) marks.add(r);
  };

  let free = input.replace(QUOTED, (_m, ...groups: (string | undefined)[]) => {
    const inner = groups.slice(0, 4).find((g) => g !== undefined) ?? '';
    if (inner.trim()) addPhrase(inner.trim());
    return ' ';
  });
  free = free.replace(DOC_NUMBER, (_m, prefix: string, year: string, serial: string) => {
    // Issuer codes are two to four characters (国发, 示发改, 京政办发); a longer run
    // holds other words too (关于示发改), which stay ordinary words.
    const code = prefix.length <= 4 ? prefix : prefix.slice(-3);
    addPhrase(`${code}〔${year}〕${serial}号`, true);
    return ` ${prefix.slice(0, prefix.length - code.length)} `;
  });

  // Free words: punctuation and syntax become spaces; runs of Latin words stay together.
  const chunks = free
    .replace(/[^\p{L}\p{N}\p{M}\p{Co}]+/gu, ' ')
    .split(' ')
    .filter((c) => c !== '' && !OPERATORS.has(c));
  let letters: string[] = [];
  const flushLetters = () => {
    if (letters.length === 0) return;
    const words = letters.map((w) => w.toLowerCase()).filter((w) => w.length <= SEARCH_LIMITS.tokenChars);
    const joined = words.join('');
    for (const w of words) marks.add(w);
    pinyin.add(joined);
    if (words.length === 1) addClause([words]);
    else if (joined.length <= SEARCH_LIMITS.tokenChars) addClause([words, [joined]]);
    else addClause([words]);
    letters = [];
  };
  const titleWords = new Map<string, string[]>();
  const addWord = (word: string) => {
    const readings = synonymReadings(scriptReadings(word), synonyms);
    const alternatives: string[][] = [];
    for (const r of readings) {
      const tokens = queryTokens(r);
      const words = tokens.filter((t) => !STOP.has(t));
      alternatives.push(words.length > 0 ? words : tokens);
      // The word as a substring: its bigrams, whatever jieba made of it here or in the text.
      if (cpLength(r) >= 2) alternatives.push(substringTokens(r));
      for (const t of tokens) marks.add(t);
      marks.add(r);
    }
    addClause(alternatives);
    const whole = readings.filter((r) => cpLength(r) >= 2);
    if (whole.length > 0) titleWords.set(whole.join('|'), whole);
  };
  for (const c of chunks) {
    if (/^[A-Za-z]+$/.test(c)) letters.push(c);
    else {
      flushLetters();
      addWord(c);
    }
  }
  flushLetters();

  let list = [...clauses.values()];
  const isStop = (c: string[][]) => c.length === 1 && c[0]!.length === 1 && STOP.has(c[0]![0]!);
  if (list.some((c) => !isStop(c)) || grams.size > 0) list = list.filter((c) => !isStop(c));
  if (list.length === 0 && grams.size === 0) return problem('no_terms');
  let fromPhrases = [...phraseClauses.entries()].filter(([k]) => !clauses.has(k)).map(([, c]) => c);
  if (list.length > 0 || fromPhrases.some((c) => !isStop(c))) fromPhrases = fromPhrases.filter((c) => !isStop(c));
  return {
    ok: true,
    query: {
      clauses: list.slice(0, SEARCH_LIMITS.terms),
      phrases: [...phrases.values()],
      grams: limitGrams([...grams.values()]),
      phraseClauses: fromPhrases.slice(0, SEARCH_LIMITS.terms),
      documentNumbers: [...documentNumbers],
      titleWords: [...titleWords.values()].slice(0, SEARCH_LIMITS.terms),
      marks: [...marks].filter((m) => m !== '').sort((a, b) => b.length - a.length),
      pinyin: [...pinyin],
    },
  };
}

/** What a query that is nothing but an identifier names: the item's 索引号, or its whole 文号. */
export type Identifier = { kind: 'index_number'; value: string } | { kind: 'document_number'; key: string };

// 索引号: the agency's code, a slash, the year and the serial (11449900D000000133/2026-00041).
const INDEX_NUMBER = /^[0-9A-Za-z]{4,40}\/(?:19|20)\d{2}-\d{1,8}$/;
// A whole 文号, issuer code included, nothing else (示发改〔2026〕12号, 示发改[2026]12号).
const WHOLE_DOC_NUMBER = /^[\p{Script=Han}A-Za-z]{1,12}\s*[〔[［【(（〈]\s*(?:19|20)\d{2}\s*[〕\]］】)）〉]\s*第?\s*\d{1,6}\s*号$/u;

/**
 * The identifier a query is, if it is exactly one: such a query goes straight to its
 * item (when exactly one public item has it) instead of listing matches.
 */
export function identifierOf(raw: string): Identifier | null {
  const q = raw.replace(WIDE_ALNUM, (c) => c.normalize('NFKC')).replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  if (INDEX_NUMBER.test(q)) return { kind: 'index_number', value: q };
  if (WHOLE_DOC_NUMBER.test(q)) return { kind: 'document_number', key: documentNumberKey(q) };
  return null;
}

/** Keeps the first trigrams of each reading, about MAX_GRAMS over all phrases (the text check stays exact). */
function limitGrams(groups: string[][][]): string[][][] {
  return groups.map((alts) => alts.map((g) => g.slice(0, Math.max(3, Math.floor(MAX_GRAMS / groups.length)))));
}

/** Most trigrams a query looks up: beyond a dozen spread over the phrases, more only cost. */
const MAX_GRAMS = 12;

/**
 * The trigrams (of code points) a text holding `phrase` must hold: one every three
 * characters and the last, so together they cover the phrase. Empty for phrases of
 * fewer than three characters, which the trigram index cannot find.
 */
export function phraseGrams(phrase: string): string[] {
  const cps = Array.from(phrase);
  if (cps.length < 3) return [];
  const starts: number[] = [];
  for (let i = 0; i + 3 <= cps.length; i += 3) starts.push(i);
  if (starts[starts.length - 1] !== cps.length - 3) starts.push(cps.length - 3);
  let picked = starts;
  if (starts.length > MAX_GRAMS) {
    // Long phrases: spread the lookups evenly, the first and the last kept.
    picked = Array.from({ length: MAX_GRAMS }, (_, k) => starts[Math.round((k * (starts.length - 1)) / (MAX_GRAMS - 1))]!);
  }
  return [...new Set(picked.map((i) => cps.slice(i, i + 3).join('')))];
}

const ftsString = (t: string) => `"${t.replace(/"/g, '""')}"`;

/** An FTS5 expression of required clauses (shaped like `CompiledQuery.clauses`). */
function clausesMatch(clauses: readonly string[][][]): string {
  return clauses
    .map((alts) => {
      const parts = alts.map((a) => (a.length === 1 ? ftsString(a[0]!) : `(${a.map(ftsString).join(' AND ')})`));
      return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
    })
    .join(' AND ');
}

/** The MATCH expression for search_grams: every phrase's trigrams (in one of its readings), optionally in the heading column only. */
export function gramsMatch(q: CompiledQuery, headingOnly = false): string {
  const expr = clausesMatch(q.grams);
  return headingOnly ? `{head} : (${expr})` : expr;
}

/** FTS5 columns that hold what a reader sees first: title, 文号, keywords and the title's pinyin. */
export const HEADING_COLUMNS = ['title', 'docno', 'keywords', 'pinyin'] as const;

/**
 * The FTS5 MATCH expression of a compiled query: only quoted tokens, AND, OR and
 * parentheses, optionally restricted to the heading columns.
 */
export function ftsMatch(q: CompiledQuery, headingOnly = false): string {
  const expr = clausesMatch(q.clauses);
  return headingOnly ? `{${HEADING_COLUMNS.join(' ')}} : (${expr})` : expr;
}

/** The PostgreSQL tsquery of a compiled query, as a literal for `::tsquery`. */
export function tsqueryLiteral(q: CompiledQuery): string {
  const lex = (t: string) => quoteLexeme(t);
  return [...q.clauses, ...q.phraseClauses]
    .map((alts) => {
      const parts = alts.map((a) => (a.length === 1 ? lex(a[0]!) : `(${a.map(lex).join(' & ')})`));
      return parts.length === 1 ? parts[0]! : `(${parts.join(' | ')})`;
    })
    .join(' & ');
}

// ------------------------------------------------------------------ ranking

/** What relevance looks at for one match. */
export interface RankFacts {
  /** Sorts like the 发布日期: larger is newer. */
  key: number;
  title: string;
  /** `DocumentFields.heading`. */
  heading: string;
  documentNumberKey: string;
}

/**
 * Whether `word` occurs in `title` starting and ending at jieba's word boundaries
 * (小区 in 老旧小区改造, not in 大小区别), the title folded as the heading holds it.
 */
function holdsWholeWord(title: string, word: string, cuts: () => Set<number>): boolean {
  for (let i = title.indexOf(word); i >= 0; i = title.indexOf(word, i + 1)) {
    const b = cuts();
    if (b.has(i) && b.has(i + word.length)) return true;
  }
  return false;
}

function boundaries(text: string): Set<number> {
  const out = new Set([0]);
  let at = 0;
  for (const w of cutWords(text)) out.add((at += w.length));
  return out;
}

/**
 * Relevance order of at most a thousand matches, in tiers: an item whose own 文号
 * is the one asked for; titles holding every word as typed as whole words, then as
 * typed inside other words (before titles holding only its pieces); the phrases in
 * the heading (title, 文号, keywords); every word in the heading (or the title's
 * pinyin); how many of the words the heading holds; then newest first. A word's other
 * readings (traditional, abbreviations) count as the word. No bm25 / ts_rank: with
 * column-level detail bm25 only adds "shorter first" to this, and its document
 * frequencies cost a walk of every query word's whole posting list (decision 0006).
 * Pure, so both engines order alike.
 */
export function rankMatches<T extends RankFacts>(rows: readonly T[], q: CompiledQuery): T[] {
  const clauses = [...q.clauses, ...q.phraseClauses];
  const score = (r: T): number[] => {
    // The folded title: the heading's first line.
    const title = r.heading.slice(0, Math.max(0, r.heading.indexOf('\n')));
    const held = clauses.filter((alts) => alts.some((a) => a.every((t) => r.heading.includes(t)))).length;
    const inTitle = q.titleWords.length > 0 && q.titleWords.every((alts) => alts.some((w) => title.includes(w)));
    let whole = false;
    if (inTitle) {
      // Jieba only for titles that hold every word: at most the thousand ranked here.
      let cut: Set<number> | undefined;
      const cuts = () => (cut ??= boundaries(title));
      whole = q.titleWords.every((alts) => alts.some((w) => holdsWholeWord(title, w, cuts)));
    }
    return [
      q.documentNumbers.some((k) => r.documentNumberKey.includes(k)) ? 0 : 1,
      whole ? 0 : 1,
      inTitle ? 0 : 1,
      q.phrases.length > 0 && q.phrases.every((alts) => alts.some((p) => r.heading.includes(p))) ? 0 : 1,
      clauses.length > 0 && held === clauses.length ? 0 : 1,
      -held,
      -r.key,
    ];
  };
  const scored = rows.map((r) => ({ r, s: score(r) }));
  scored.sort((a, b) => {
    for (let i = 0; i < a.s.length; i++) if (a.s[i] !== b.s[i]) return a.s[i]! - b.s[i]!;
    return 0;
  });
  return scored.map((x) => x.r);
}

// ------------------------------------------------------------------ input

const optionalString = (max: number) =>
  z.preprocess((v) => (v == null ? '' : Array.isArray(v) ? v[0] : v), z.string({ message: '应为文本' }).max(max, `不能超过 ${max} 个字符`)).transform((v) => v.trim());

const optionalInt = (label: string, min: number, max: number) =>
  z.preprocess(
    (v) => {
      const x = Array.isArray(v) ? v[0] : v;
      return x === '' || x == null ? undefined : typeof x === 'string' ? Number(x) : x;
    },
    z.number({ message: `${label}应为数字` }).int(`${label}应为整数`).min(min, `${label}不能小于 ${min}`).max(max, `${label}不能大于 ${max}`).optional(),
  );

/**
 * Search parameters as the portal form and the API send them. The query itself is
 * length-checked by `compileQuery` (with a message, not a validation error), so
 * the schema only refuses absurd input.
 */
export const searchInput = z.object({
  q: optionalString(2000),
  /** Agency slug. */
  agency: optionalString(60),
  category: optionalString(60),
  topic: optionalString(60),
  year: optionalInt('年份', 1949, 2200),
  validity: optionalString(20),
  sort: z.preprocess((v) => (v === '' || v == null ? undefined : Array.isArray(v) ? v[0] : v), z.enum(['relevance', 'date'], { message: '排序方式应为 relevance 或 date' }).optional()),
  page: optionalInt('页码', 1, SEARCH_LIMITS.maxPage),
  pageSize: optionalInt('每页条数', 1, SEARCH_LIMITS.maxPageSize),
});
export type SearchInput = z.infer<typeof searchInput>;
