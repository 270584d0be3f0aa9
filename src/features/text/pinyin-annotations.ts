/**
 * Legacy sites often ran their pages through a "pinyin helper" that wrote the reading
 * of some characters inline, e.g. 領(lǐng)導(dǎo). Those artefacts must go before
 * import, but plenty of legitimate parentheses follow Han characters too — （一）,
 * 条例(2019年修订), 北京(Běijīng), 了(le) — so removal is deliberately narrow: only a
 * parenthesised, lower-case, single toned syllable directly after a Han character.
 * The rule was validated in research (stack.md, "Pinyin-annotation cleaner").
 */

// Candidate: a Han character, then one or more groups of ( or （, 1–7 pinyin letters
// (incl. the pinyin-font ɑ U+0251 and ɡ U+0261, and combining tone marks), ) or ）.
// Mixed bracket widths, e.g. (lǐng）, occur in converter output, so they need not
// match. Consecutive groups are taken together so that removing 領(lǐng)(lìng) in one
// pass leaves nothing a second pass would remove (idempotence).
const PINYIN_LETTERS = '[a-zü\\u0251\\u0261āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ\\u0300\\u0301\\u0304\\u030C]{1,7}';
const PINYIN_ANNOTATION = new RegExp(`(?<=\\p{Script=Han})(?:[(（]${PINYIN_LETTERS}[)）])+`, 'gu');
const ANNOTATION_GROUP = new RegExp(`[(（](${PINYIN_LETTERS})[)）]`, 'gu');

// Initial + final, or one of the syllabic nasals. ü-finals after j/q/x/y are written
// with u, which `ue`/`un`/`uan` already cover.
const SYLLABLE =
  /^(?:(?:[bpmfdtnlgkhjqxrzcsyw]|[zcs]h)?(?:a|o|e|ai|ei|ao|ou|an|en|ang|eng|ong|er|i|ia|ie|iao|iu|ian|in|iang|ing|iong|io|u|ua|uo|uai|ui|uan|un|uang|ueng|ü|üe|üan|ün|ue)|n|ng|m|hm|hng)$/;

// Grave, acute, macron, caron. The diaeresis (U+0308) is part of ü, not a tone.
const TONE_MARK = /[\u0300\u0301\u0304\u030C]/gu;

/**
 * True when `s` is one pinyin syllable carrying exactly one tone mark, e.g. `lǐng`,
 * `lǜ`, `fɑ̄`. Toneless syllables (`le`) are rejected on purpose: without a tone the
 * text is as likely to be an abbreviation or a variable name as an annotation.
 */
export function isTonedPinyinSyllable(s: string): boolean {
  const nfd = s.replace(/\u0251/g, 'a').replace(/\u0261/g, 'g').normalize('NFD');
  const marks = nfd.match(TONE_MARK);
  if (!marks || marks.length !== 1) return false;
  return SYLLABLE.test(nfd.replace(TONE_MARK, '').normalize('NFC'));
}

/**
 * Removes inline pinyin annotations left by converters: `領(lǐng)導(dǎo)` → `領導`,
 * `網（wǎng）站` → `網站`. Keeps everything that is not a single toned syllable right
 * after a Han character: （一）, (2017), 第(2)项, 北京(Běijīng), 了(le), 单位(dān wèi).
 * Idempotent; never removes a Han character.
 */
export function stripPinyinAnnotations(text: string): string {
  return text.replace(PINYIN_ANNOTATION, (run) => stripRun(run).kept);
}

/** How many annotations `stripPinyinAnnotations` would remove (for import warnings). */
export function countPinyinAnnotations(text: string): number {
  let n = 0;
  for (const m of text.matchAll(PINYIN_ANNOTATION)) n += stripRun(m[0]).removed;
  return n;
}

// Only the leading toned groups go: once one group stays, the groups after it follow
// a parenthesis rather than a Han character and are no longer annotations.
function stripRun(run: string): { kept: string; removed: number } {
  let removed = 0;
  let kept = '';
  let stillAfterHan = true;
  for (const g of run.matchAll(ANNOTATION_GROUP)) {
    if (stillAfterHan && isTonedPinyinSyllable(g[1]!)) {
      removed++;
    } else {
      stillAfterHan = false;
      kept += g[0];
    }
  }
  return { kept, removed };
}
