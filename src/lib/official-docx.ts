/**
 * What every DOCX the platform writes shares with a government document
 * (党政机关公文格式, GB/T 9704): the A4 page, its margins, the fixed 28 pt body line and
 * the body face. Titles and table sizes differ per document, so they stay with it.
 */
import { LineRuleType } from 'docx';

/** Twips (1/20 pt; 1 mm ≈ 56.7). A4, GB/T 9704 margins: top 37 mm, bottom 35 mm, inside 28 mm, outside 26 mm. */
export const PAGE = { width: 11906, height: 16838 };
export const MARGIN = { top: 2098, bottom: 1984, left: 1588, right: 1474 };
export const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
/** Fixed 28 pt line: GB/T 9704's 22 lines a page in 三号. */
export const BODY_LINE = { line: 560, lineRule: LineRuleType.EXACT };
/** 三号 (16 pt) in half-points. */
export const BODY_SIZE = 32;

// 仿宋_GB2312 is the name in every government template, but newer Windows ships only
// 仿宋 (FangSong): the font table names it as the alternative, so Word, WPS and
// LibreOffice substitute it rather than falling back to a sans-serif.
export const BODY_FONT = '仿宋_GB2312';
export const BODY_FONT_FALLBACK = '仿宋';

/** A face for every script slot, East Asian first. */
export const fontsOf = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name, hint: 'eastAsia' as const });

// XML 1.0 cannot carry C0 controls (other than tab and line breaks) or U+FFFE/FFFF; a
// pasted control character would otherwise make Word refuse the whole file. Lone
// surrogates go too: they cannot be encoded as UTF-8.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as a DOCX can carry it: no characters XML refuses, line breaks as \n. */
export const clean = (s: string) => s.replace(XML_INVALID, '').replace(/\r\n?/g, '\n');
