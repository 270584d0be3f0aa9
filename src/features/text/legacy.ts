/**
 * Cleaning of pages imported from an agency's old website. Old CMS pages wrap each
 * article in a header, navigation, breadcrumb, a metadata table, QR-code and print
 * widgets and a footer; some were run through traditional-script or pinyin plug-ins.
 * This module keeps the article and its metadata and drops the rest. It is pure: the
 * caller reads the file and stores the result. The body HTML is built from an
 * allow-list (tags, attributes, URL schemes), so scripts, event handlers and
 * `javascript:` links cannot pass even if a later sanitiser were skipped.
 */
import { isIsoDate, type IsoDate } from '../../lib/dates.js';
import {
  attrValue,
  decodeEntities,
  escapeAttr,
  escapeText,
  findAll,
  parseHtml,
  textContent,
  type HtmlElement,
  type HtmlNode,
} from './html.js';
import { countPinyinAnnotations, stripPinyinAnnotations } from './pinyin-annotations.js';
import { convertHtml, scriptEvidence, traditionalToSimplified } from './script.js';

/** Column kinds an imported page is sorted into; the importer maps them to columns. */
export const LEGACY_CATEGORIES = {
  annual_report: '政府信息公开工作年度报告',
  budget: '财政预决算',
  procurement: '政府采购',
  personnel: '人事信息',
  policy: '政策文件',
  notice: '通知公告',
  work_news: '工作动态',
  other: '其他',
} as const;
export type LegacyCategory = keyof typeof LEGACY_CATEGORIES;

export interface LegacyPage {
  readonly title: string;
  /** Sanitised HTML when the input was HTML, plain text (lines) otherwise. */
  readonly body: string;
  readonly bodyFormat: 'html' | 'text';
  /** The body as plain text, for screening and the search index. */
  readonly bodyText: string;
  readonly date: IsoDate | null;
  readonly issuingAgency: string | null;
  /** 文号, normalised to 〔〕 brackets: 示发改〔2021〕12号. */
  readonly documentNumber: string | null;
  /** 索引号 as printed on the old page, if any. */
  readonly indexNumber: string | null;
  /** Script of the source; the output is always simplified. */
  readonly script: 'simplified' | 'traditional';
  readonly guessedCategory: LegacyCategory;
  /** What the importer should check by hand, in Chinese. */
  readonly warnings: string[];
}

export interface LegacyOptions {
  /** Name of the imported file; its date (t20210115_….html) and words help. */
  readonly fileName?: string;
}

/**
 * Extracts title, body and metadata from an old page (HTML or plain text): strips
 * pinyin annotations, converts traditional script to simplified, removes site
 * boilerplate and unsafe markup, and finds the date, 文号, 索引号 and issuing agency.
 */
export function extractLegacyPage(input: string, options: LegacyOptions = {}): LegacyPage {
  const warnings: string[] = [];
  let source = input.replace(/^\ufeff/, '');

  const annotations = countPinyinAnnotations(source);
  if (annotations > 0) {
    source = stripPinyinAnnotations(source);
    warnings.push(`已移除拼音注音 ${annotations} 处`);
  }

  const html = looksLikeHtml(source);
  const evidence = scriptEvidence(html ? textContent(parseHtml(source)) : source);
  const traditional = evidence.traditional > 0 && evidence.traditional >= (evidence.traditional + evidence.simplified) * 0.8;
  if (traditional) {
    source = html
      ? convertHtml(source, traditionalToSimplified, { attributes: ['alt', 'title', 'content'] })
      : traditionalToSimplified(source);
    warnings.push('原页面为繁体中文，已转换为简体中文，请核对专有名词');
  } else if (evidence.traditional > 0 && evidence.simplified > 0 && evidence.traditional >= 5) {
    warnings.push('页面简繁混排，未做转换，请人工核对');
  }

  const parts = html ? fromHtml(source, warnings) : fromText(source);
  const fileName = options.fileName ?? '';

  let title = parts.title;
  if (!title) {
    const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[A-Za-z0-9]+$/, '');
    if (base && /\p{Script=Han}/u.test(base)) {
      title = base;
      warnings.push('未找到标题，已使用文件名');
    } else {
      warnings.push('未找到标题');
    }
  }

  let date = parts.date;
  if (!date) {
    const fromName = /(?:^|[^\d])t?((?:19|20)\d{2})(\d{2})(\d{2})(?:[_\-.]|$)/.exec(fileName.replace(/^.*[\\/]/, ''));
    const candidate = fromName ? `${fromName[1]}-${fromName[2]}-${fromName[3]}` : '';
    if (isIsoDate(candidate)) {
      date = candidate;
      warnings.push('发布日期取自文件名，请核对');
    } else if (parts.closingDate) {
      date = parts.closingDate;
      warnings.push('发布日期取自正文落款日期，请核对');
    } else {
      warnings.push('未找到发布日期');
    }
  }

  if (parts.bodyText.replace(/\s/g, '').length < 20) warnings.push('正文为空或过短，请核对');

  const guessedCategory = guessCategory(
    [title, parts.breadcrumb, parts.column, fileName].join(' '),
    parts.documentNumber,
  );

  return {
    title,
    body: parts.body,
    bodyFormat: html ? 'html' : 'text',
    bodyText: parts.bodyText,
    date,
    issuingAgency: parts.issuingAgency,
    documentNumber: parts.documentNumber,
    indexNumber: parts.indexNumber,
    script: traditional ? 'traditional' : 'simplified',
    guessedCategory,
    warnings,
  };
}

interface Parts {
  title: string;
  body: string;
  bodyText: string;
  date: IsoDate | null;
  closingDate: IsoDate | null;
  issuingAgency: string | null;
  documentNumber: string | null;
  indexNumber: string | null;
  breadcrumb: string;
  column: string;
}

function looksLikeHtml(s: string): boolean {
  return /<(?:!doctype|html|head|body|div|p|table|br|span|meta|title|h[1-6]|ul|li|a)\b/i.test(s);
}

// ---------------------------------------------------------------------------------
// Metadata found in text

const DATE_NUMERIC = /((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?/;
const DATE_HANZI = /([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日/;
const HANZI_DIGIT: Readonly<Record<string, number>> = {
  〇: 0, '○': 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

function hanziNumber(s: string): number {
  // 十 = 10, 十五 = 15, 二十 = 20, 三十一 = 31
  if (!s.includes('十')) return HANZI_DIGIT[s] ?? Number.NaN;
  const [tens, ones] = s.split('十') as [string, string];
  return (tens ? (HANZI_DIGIT[tens] ?? Number.NaN) : 1) * 10 + (ones ? (HANZI_DIGIT[ones] ?? Number.NaN) : 0);
}

/** The first date in `s` (2021-01-15, 2021/1/15, 2021.01.15, 2021年1月15日, 二〇二一年一月十五日). */
export function parseChineseDate(s: string): IsoDate | null {
  const m = DATE_NUMERIC.exec(s);
  const h = DATE_HANZI.exec(s);
  if (m && (!h || m.index <= h.index)) {
    const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
    return isIsoDate(iso) ? iso : null;
  }
  if (h) {
    const year = [...h[1]!].map((c) => HANZI_DIGIT[c]).join('');
    const iso = `${year}-${String(hanziNumber(h[2]!)).padStart(2, '0')}-${String(hanziNumber(h[3]!)).padStart(2, '0')}`;
    return isIsoDate(iso) ? iso : null;
  }
  return null;
}

const SP = '[ \\t\\u3000\\u00a0]';
const DATE_LABELS = [
  ['发布日期', '发布时间', '公开日期', '公布日期', '发表时间', '更新时间'],
  ['发文日期', '成文日期', '印发日期', '生成日期'],
  ['日期', '时间'],
];

/**
 * A labelled publication date: 发布日期：2021-01-15, 发布时间：2021年1月15日. The bare
 * labels 日期/时间 are only trusted when `generic` (outside the article, where 会议时间
 * and 报名时间 cannot be mistaken for the publication date).
 */
function labelledDate(text: string, generic: boolean): IsoDate | null {
  for (const group of generic ? DATE_LABELS : DATE_LABELS.slice(0, 2)) {
    const re = new RegExp(`(?:${group.join('|')})${SP}*[:：]?${SP}*([^\\n]{6,24})`, 'g');
    for (const m of text.matchAll(re)) {
      const d = parseChineseDate(m[1]!);
      if (d) return d;
    }
  }
  return null;
}

/** The signing agency: the short line just above the 落款 date at the end of the body. */
function signatureAgency(bodyText: string): string | null {
  const lines = bodyText.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  for (let i = lines.length - 1; i >= Math.max(1, lines.length - 4); i--) {
    if (lines[i]!.length <= 16 && parseChineseDate(lines[i]!)) {
      const candidate = cleanAgency(lines[i - 1]!);
      return candidate && candidate.length <= 30 && AGENCY_SUFFIX.test(candidate) ? candidate : null;
    }
  }
  return null;
}

// A signature date on its own line near the end of a document (落款).
function closingDate(bodyText: string): IsoDate | null {
  const lines = bodyText.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  for (const line of lines.slice(-4).reverse()) {
    if (line.length <= 16) {
      const d = parseChineseDate(line);
      if (d) return d;
    }
  }
  return null;
}

// A document number: issuer abbreviation, year in any bracket, serial, 号.
const DOC_NUMBER = /([\p{Script=Han}]{1,15})\s*[〔［\[(（【]\s*((?:19|20)\d{2})\s*[〕］\])）】]\s*(\d{1,5})\s*号/u;
const DOC_NUMBER_LINE = new RegExp(`^${SP}*${DOC_NUMBER.source}${SP}*$`, 'u');
const DECREE_NUMBER_LINE = /^[ \t\u3000]*([\p{Script=Han}]{2,15}令)\s*第\s*(\d{1,5})\s*号[ \t\u3000]*$/u;

function normaliseDocNumber(m: RegExpExecArray): string {
  return `${m[1]}〔${m[2]}〕${m[3]}号`;
}

/**
 * The 文号 of the page: after a label (文号：, 发文字号：), or standing alone on a
 * line (as under the red header of an official document). Numbers cited inside a
 * sentence — （国办发〔2019〕61号） — belong to other documents and are ignored.
 */
function documentNumberOf(metaText: string, bodyLines: readonly string[]): string | null {
  const labelled = new RegExp(`(?:发文字号|文号|发文号|文件编号)${SP}*[:：]?${SP}*([^\\n]{4,40})`, 'u').exec(metaText);
  if (labelled) {
    const m = DOC_NUMBER.exec(labelled[1]!);
    if (m && m.index <= 2) return normaliseDocNumber(m);
  }
  // Alone on a line: under the red header, inside the body or just above it.
  for (const line of [...metaText.split('\n'), ...bodyLines.slice(0, 12)]) {
    const m = DOC_NUMBER_LINE.exec(line);
    if (m) return normaliseDocNumber(m);
    const d = DECREE_NUMBER_LINE.exec(line);
    if (d) return `${d[1]}第${d[2]}号`;
  }
  return null;
}

function indexNumberOf(metaText: string): string | null {
  const m = new RegExp(`索引号${SP}*[:：]?${SP}*([0-9A-Za-z][0-9A-Za-z/\\-_.]{5,60})`, 'u').exec(metaText);
  return m ? m[1]! : null;
}

// Words after which a metadata value ends.
const NEXT_LABEL =
  '(?:索引号|发布机构|发文机关|发文单位|发布单位|信息来源|来源|发布日期|发布时间|发文日期|成文日期|公开日期|日期|时间|' +
  '文号|发文字号|主题分类|分类|主题词|关键词|作者|编辑|责任编辑|浏览次数|浏览|访问量|点击数|阅读|字体|字号|【|\\[)';
const AGENCY_SUFFIX = /(?:局|委|委员会|办|办公室|厅|部|院|政府|中心|所|站|处|署|会|队|馆|庭|街道办事处|镇|乡|区|县|市|省|公司|集团)$/u;
const NOT_AGENCY = /^(?:本站|本网|本网站|原创|网站|网络|未知|无|admin|管理员|系统管理员|编辑部)$/iu;

/** The issuing agency from 发布机构/发文机关 (label alone is enough) or 来源：… */
function issuingAgencyOf(metaText: string): string | null {
  const patterns: Array<[RegExp, boolean]> = [
    [new RegExp(`(?:发布机构|发文机关|发文单位|发布单位)${SP}*[:：]?${SP}*([^\\n|｜]+?)(?=${SP}{2,}|${SP}*${NEXT_LABEL}|${SP}*$)`, 'gmu'), true],
    [new RegExp(`(?:信息来源|来源)${SP}*[:：]${SP}*([^\\n|｜]+?)(?=${SP}{2,}|${SP}*${NEXT_LABEL}|${SP}*$)`, 'gmu'), false],
  ];
  for (const [re, needsSuffix] of patterns) {
    for (const m of metaText.matchAll(re)) {
      const value = cleanAgency(m[1]!);
      if (!value) continue;
      if (needsSuffix && !AGENCY_SUFFIX.test(value)) continue;
      return value;
    }
  }
  return null;
}

function cleanAgency(raw: string): string | null {
  const v = raw.replace(/[\s\u3000\u00a0]+/g, '').replace(/[，。、；：:,;|｜]+$/u, '');
  if (v.length < 2 || v.length > 40 || NOT_AGENCY.test(v) || !/\p{Script=Han}/u.test(v)) return null;
  return v;
}

// ---------------------------------------------------------------------------------
// Categories

const CATEGORY_RULES: ReadonlyArray<[LegacyCategory, RegExp]> = [
  ['annual_report', /政府信息公开(?:工作)?(?:年度)?(?:报告|年报)|信息公开年报|政务公开工作年度报告/u],
  ['budget', /预算|决算|三公经费|财政收支/u],
  ['procurement', /采购|招标|中标|成交(?:结果|公告)|竞争性磋商|询价/u],
  ['personnel', /任免|任职|人事|招聘|录用|招录|任前公示|拟任|遴选/u],
  ['policy', /规范性文件|政策文件|政策解读|办法|规定|实施意见|实施方案|细则|条例|决定/u],
  ['notice', /通知|公告|通告|公示/u],
  ['work_news', /工作动态|动态|要闻|新闻|会议|调研|召开|举行|开展|活动|座谈|部署/u],
];

function guessCategory(haystack: string, documentNumber: string | null): LegacyCategory {
  for (const [cat, re] of CATEGORY_RULES) {
    if (cat === 'policy' && documentNumber && !/通知公告/.test(haystack)) return 'policy';
    if (re.test(haystack)) return cat;
  }
  return 'other';
}

// ---------------------------------------------------------------------------------
// Boilerplate

/**
 * Widgets and navigation text of old CMS templates. Each phrase is specific enough
 * not to open an article paragraph: bare 关闭 or 打印 only count in brackets, 上一篇
 * and 当前位置 only before a colon, space or line end.
 */
const BOILERPLATE = new RegExp(
  [
    '扫描二维码(?:随身看资讯|在手机上?(?:打开|浏览|阅读)|分享)', '扫一扫在手机上?打开当前页', '手机扫一扫', '手机版',
    '打印本页', '打印此页', '关闭窗口', '关闭本页', '[【\\[](?:打印|关闭|收藏|我要纠错|纠错)[】\\]]',
    '【?\\s*字[体号][:：]?\\s*[【\\[]?大\\s*[】\\]]?\\s*[【\\[]?中\\s*[】\\]]?\\s*[【\\[]?小\\s*[】\\]]?\\s*】?',
    '分享到(?=[:：\\s]|$)', '(?:上一篇|下一篇|上一条|下一条)(?=[:：\\s]|$)',
    '(?:当前位置|您现在的位置|您的位置|所在位置)是?\\s*[:：]', '收藏本页', '返回顶部', '加入收藏', '设为首页', '网站地图',
    '无障碍(?:浏览|阅读)', '长辈版', '浏览次数\\s*[:：]', '相关链接(?=[:：\\s]|$)',
  ]
    .map((p) => `(?:${p})`)
    .join('|'),
  'u',
);
const BOILERPLATE_START = new RegExp(`^[\\s【\\[|｜]*(?:${BOILERPLATE.source})`, 'u');
const BOILERPLATE_ALL = new RegExp(BOILERPLATE.source, 'gu');
const INLINE_BOILERPLATE =
  /【\s*字体[:：]?\s*[【[]?大\s*[】\]]?\s*[【[]?中\s*[】\]]?\s*[【[]?小\s*[】\]]?\s*】|【\s*(?:打印|关闭|关闭窗口|打印本页|我要纠错|收藏)\s*】|扫描二维码随身看资讯|字体[:：]\s*大\s*中\s*小/gu;

/** Class/id words of layout regions that never hold the article. */
const LAYOUT_WORDS = new Set([
  'nav', 'navbar', 'menu', 'header', 'head', 'top', 'topbar', 'footer', 'foot', 'bottom', 'breadcrumb', 'crumb',
  'crumbs', 'position', 'location', 'share', 'qrcode', 'qr', 'ewm', 'erweima', 'print', 'toolbar', 'sidebar', 'side',
  'aside', 'links', 'friendlink', 'copyright', 'banner', 'search', 'login', 'fontsize', 'zihao', 'dqwz', 'weizhi',
  'prev', 'next', 'pager', 'pagination', 'related', 'comment', 'comments', 'gotop', 'backtop',
]);
/** Class/id words of the article container in common CMS templates. */
const CONTENT_WORDS = new Set([
  'zoom', 'content', 'article', 'trs', 'editor', 'detail', 'zhengwen', 'wenzhang', 'ucap', 'pages', 'text', 'main',
  'body', 'con', 'nr', 'xxgk',
]);

/** Elements whose content never belongs in the body. */
const DROP = new Set([
  'script', 'style', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button',
  'select', 'textarea', 'option', 'nav', 'header', 'footer', 'aside', 'svg', 'canvas', 'map', 'template', 'link',
  'meta', 'base', 'head', 'title', 'audio', 'video', 'source', 'track', 'marquee', 'math',
]);

function classWords(el: HtmlElement): string[] {
  const raw = `${attrValue(el.attrs, 'class') ?? ''} ${attrValue(el.attrs, 'id') ?? ''}`.toLowerCase();
  return raw.split(/[\s\-_]+/).filter((w) => w !== '');
}

// A region named like layout is layout, unless it is also named like content and
// holds real prose ("article-footer" with two lines is still a footer).
const isLayout = (el: HtmlElement) =>
  el.name !== 'body' && classWords(el).some((w) => LAYOUT_WORDS.has(w)) && (!isContent(el) || proseWeight(el) < 100);
const isContent = (el: HtmlElement) => classWords(el).some((w) => CONTENT_WORDS.has(w));

// Removes matching elements from the tree in place; returns how many went.
function removeWhere(root: HtmlElement, pred: (el: HtmlElement) => boolean): number {
  let removed = 0;
  const walk = (el: HtmlElement) => {
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i]!;
      if (c.type !== 'element') continue;
      if (pred(c)) {
        el.children.splice(i, 1);
        removed++;
      } else {
        walk(c);
      }
    }
  };
  walk(root);
  return removed;
}

const hanCount = (s: string) => (s.match(/\p{Script=Han}/gu) ?? []).length;

// Han characters outside links: navigation is mostly links, an article mostly not.
function proseWeight(node: HtmlNode): number {
  if (node.type === 'text') return hanCount(decodeEntities(node.raw));
  if (node.name === 'a' || DROP.has(node.name)) return 0;
  let n = 0;
  for (const c of node.children) n += proseWeight(c);
  return n;
}

/**
 * A short element that is a widget or navigation aid: its text starts with one
 * (上一篇：…, 当前位置：…, 分享到) or is almost nothing else (【打印】【关闭】).
 * Article paragraphs that merely mention such words are longer or start otherwise.
 */
function isBoilerplateElement(el: HtmlElement): boolean {
  if (el.name === 'table' || el.name === 'tbody' || el.name === 'body') return false;
  const t = textContent(el);
  if (t.length === 0 || t.length > 120) return false;
  if (BOILERPLATE_START.test(t)) return hanCount(t) <= 80;
  return BOILERPLATE.test(t) && hanCount(t.replace(BOILERPLATE_ALL, '')) <= 8;
}

const META_LABELS = /索引号|发布机构|发文机关|发文日期|成文日期|发布日期|发布时间|文号|主题分类|信息来源|来源[:：]|有效性|公开方式|公开范围/gu;

/** A metadata table or info line: several labels, little else. */
function isMetadataBlock(el: HtmlElement): boolean {
  const t = textContent(el);
  if (t.length > 400) return false;
  const labels = new Set(t.match(META_LABELS) ?? []);
  return labels.size >= 2 || (labels.size === 1 && t.length <= 80 && /[:：]/.test(t));
}

// ---------------------------------------------------------------------------------
// HTML pages

function fromHtml(source: string, warnings: string[]): Parts {
  const root = parseHtml(source);

  const metas = new Map<string, string>();
  for (const m of findAll(root, (e) => e.name === 'meta')) {
    const name = (attrValue(m.attrs, 'name') ?? attrValue(m.attrs, 'property') ?? '').toLowerCase();
    const content = attrValue(m.attrs, 'content');
    if (name && content && !metas.has(name)) metas.set(name, content.trim());
  }
  const docTitle = findAll(root, (e) => e.name === 'title').map((e) => textContent(e))[0] ?? '';

  // Counted before anything is removed, for the import report.
  let unsafe = findAll(root, (e) => ['script', 'iframe', 'object', 'embed', 'applet', 'frame'].includes(e.name)).length;
  for (const el of findAll(root, () => true)) {
    for (const a of el.attrs) {
      if (a.name.startsWith('on')) unsafe++;
      else if ((a.name === 'href' || a.name === 'src') && !isSafeUrl(decodeEntities(a.value ?? ''))) unsafe++;
    }
  }
  if (unsafe > 0) warnings.push(`已移除脚本、事件处理程序或不安全链接 ${unsafe} 处`);

  const crumbEl =
    findAll(root, (e) => classWords(e).some((w) => CRUMB_WORDS.has(w)))[0] ??
    findAll(root, (e) => {
      const t = textContent(e);
      return t.length < 150 && CRUMB_START.test(t);
    }).at(-1);
  const breadcrumb = crumbEl ? textContent(crumbEl) : '';

  removeWhere(root, (e) => DROP.has(e.name));
  const pageText = textContent(root);
  // Headings are collected before layout regions go: some templates put the article
  // heading in a "detail-head" block.
  const headings = findAll(root, (e) => /^h[1-3]$/.test(e.name) || classWords(e).includes('title'))
    .map((e) => textContent(e).replace(/\s+/g, ' ').trim())
    .filter((t) => t.length >= 4 && t.length <= 120);
  const title = pickTitle(metas.get('articletitle') ?? '', headings, docTitle);

  removeWhere(root, isLayout);
  removeWhere(root, isBoilerplateElement);
  const container = pickContainer(root);
  removeWhere(container, isMetadataBlock);
  if (title) {
    // The platform shows the title itself; drop the body's copy of it.
    removeWhere(
      container,
      (e) => (/^h[1-6]$/.test(e.name) || classWords(e).includes('title')) && textContent(e).replace(/\s+/g, ' ').trim() === title,
    );
  }

  const body = serialize(container);
  const bodyText = textContent(parseHtml(body));
  const bodyLines = bodyText.split('\n');
  // Metadata lives outside the article: in the page's header, table and info line.
  const inBody = new Set(bodyLines);
  const metaText = joinSpacedLabels(
    pageText
      .split('\n')
      .filter((l) => !inBody.has(l))
      .join('\n'),
  );

  const pubDate = metas.get('pubdate') ?? metas.get('firstpublishedtime') ?? metas.get('publishdate') ?? '';
  return {
    title,
    body,
    bodyText,
    date: parseChineseDate(pubDate) ?? labelledDate(metaText, true) ?? labelledDate(pageText, false),
    closingDate: closingDate(bodyText),
    issuingAgency: cleanAgency(metas.get('contentsource') ?? '') ?? issuingAgencyOf(metaText) ?? signatureAgency(bodyText),
    documentNumber: documentNumberOf(metaText, bodyLines),
    indexNumber: indexNumberOf(metaText),
    breadcrumb,
    column: metas.get('columnname') ?? '',
  };
}

/** Closes up labels spaced out for alignment in metadata tables: 文　　号： → 文号：. */
function joinSpacedLabels(text: string): string {
  return text.replace(/(\p{Script=Han})[ \u3000\u00a0]+(?=(?:\p{Script=Han}[ \u3000\u00a0]*){1,3}[:：])/gu, '$1');
}

const CRUMB_WORDS = new Set(['breadcrumb', 'crumb', 'crumbs', 'position', 'location', 'dqwz', 'weizhi']);
const CRUMB_START = /^(?:当前位置|您现在的位置|您的位置|所在位置)/;

function pickTitle(articleTitle: string, headings: readonly string[], docTitle: string): string {
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  if (clean(articleTitle)) return clean(articleTitle);
  const titleText = clean(docTitle);
  // A heading that <title> repeats is the article's (the site logo is often an <h1>).
  const echoed = headings.filter((h) => titleText.includes(h)).sort((a, b) => b.length - a.length)[0];
  if (echoed) return echoed;
  const first = titleText.split(/\s*[_｜|]\s*|\s+[-—–]+\s+/)[0]?.trim() ?? '';
  if (first) return first;
  return headings[0] ?? '';
}

// The element holding most of the page's prose: the heaviest known article container
// (innermost when nested ones hold the same text) if it has a good share of it; else
// the smallest element that still holds 80 % of it.
function pickContainer(root: HtmlElement): HtmlElement {
  const body = findAll(root, (e) => e.name === 'body')[0] ?? root;
  const total = proseWeight(body);
  if (total === 0) return body;
  const known = findAll(body, (e) => e !== body && isContent(e))
    .map((e) => ({ e, w: proseWeight(e) }))
    .filter((x) => x.w >= total * 0.4)
    .sort((a, b) => b.w - a.w);
  if (known.length > 0) {
    let best = known[0]!;
    for (const k of known.slice(1)) if (k.w >= best.w * 0.95 && contains(best.e, k.e)) best = k;
    return best.e;
  }
  let current = body;
  for (;;) {
    const w = proseWeight(current);
    const next = current.children.find((c): c is HtmlElement => c.type === 'element' && proseWeight(c) >= w * 0.8);
    if (!next) return current;
    current = next;
  }
}

function contains(outer: HtmlElement, inner: HtmlElement): boolean {
  return outer !== inner && findAll(outer, (e) => e === inner).length > 0;
}

// ---------------------------------------------------------------------------------
// Serialising the body from an allow-list

const KEEP: Readonly<Record<string, readonly string[]>> = {
  p: [], br: [], hr: [], strong: [], em: [], u: [], sub: [], sup: [], s: [],
  h2: [], h3: [], h4: [], h5: [], h6: [],
  ul: [], ol: ['start'], li: [], dl: [], dt: [], dd: [],
  table: [], caption: [], thead: [], tbody: [], tfoot: [], tr: [], th: ['colspan', 'rowspan', 'scope'], td: ['colspan', 'rowspan'],
  a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'],
  blockquote: [], pre: [], code: [], figure: [], figcaption: [],
};
const RENAME: Readonly<Record<string, string>> = { b: 'strong', i: 'em', h1: 'h2', center: 'div' };
/** Containers that become <p> when they hold only inline content, else vanish. */
const BLOCKISH = new Set(['div', 'section', 'article', 'main', 'center']);
const BLOCK_CHILD = new Set([
  'p', 'div', 'table', 'ul', 'ol', 'dl', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'section', 'article',
  'figure', 'hr', 'main', 'center',
]);

/** Relative URLs and http(s), mailto, tel, ftp only; `javascript:`, `data:` and the like are refused. */
function isSafeUrl(url: string): boolean {
  // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(compact);
  return !scheme || ['http', 'https', 'mailto', 'tel', 'ftp'].includes(scheme[1]!);
}

/** Elements whose content model is phrasing: a block nested in them is unwrapped. */
const PHRASING = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'u', 's', 'sub', 'sup', 'a', 'code', 'pre', 'caption', 'dt']);

function serialize(container: HtmlElement): string {
  const out: string[] = [];

  const isBlock = (n: HtmlNode) => n.type === 'element' && (BLOCK_CHILD.has(n.name) || BLOCK_CHILD.has(RENAME[n.name] ?? ''));

  // Children of a flow container (the article, an unwrapped div): loose inline
  // content between blocks is gathered into paragraphs so no text floats bare.
  const walkFlow = (nodes: readonly HtmlNode[]) => {
    let run: HtmlNode[] = [];
    const flush = () => {
      if (run.length === 0) return;
      const mark = out.length;
      for (const n of run) walk(n, false, true);
      const inner = out.splice(mark).join('');
      if (/<img\b/.test(inner) || inner.replace(/<[^>]*>/g, '').trim() !== '') out.push(`<p>${inner}</p>`);
      run = [];
    };
    for (const n of nodes) {
      if (isBlock(n)) {
        flush();
        walk(n, false, false);
      } else {
        run.push(n);
      }
    }
    flush();
  };

  const walk = (node: HtmlNode, inPre: boolean, inPhrasing: boolean): void => {
    if (node.type === 'text') {
      let t = decodeEntities(node.raw).replace(INLINE_BOILERPLATE, '');
      if (!inPre) t = t.replace(/\u00a0/g, ' ').replace(/[ \t\r\n\f]+/g, ' ');
      out.push(escapeText(t));
      return;
    }
    if (DROP.has(node.name)) return;
    const name = RENAME[node.name] ?? node.name;
    if (BLOCKISH.has(name)) {
      if (inPhrasing) {
        for (const c of node.children) walk(c, inPre, true);
      } else if (node.children.some(isBlock)) {
        walkFlow(node.children);
      } else {
        out.push('<p>');
        for (const c of node.children) walk(c, inPre, true);
        out.push('</p>');
      }
      return;
    }
    const allowed = KEEP[name];
    if (!allowed) {
      // Unknown or presentational (span, font, o:p): keep the content only.
      for (const c of node.children) walk(c, inPre, inPhrasing);
      return;
    }
    let attrs = '';
    for (const a of node.attrs) {
      if (!allowed.includes(a.name) || a.value === null) continue;
      const value = decodeEntities(a.value).trim();
      if ((a.name === 'href' || a.name === 'src') && !isSafeUrl(value)) continue;
      if (['colspan', 'rowspan', 'start', 'width', 'height'].includes(a.name) && !/^\d{1,4}$/.test(value)) continue;
      attrs += ` ${a.name}="${escapeAttr(value)}"`;
    }
    if (name === 'img' && !/ src="/.test(attrs)) return;
    // A link whose target was unsafe or empty is just its text.
    if (name === 'a' && !/ href="(?!#")/.test(attrs)) {
      for (const c of node.children) walk(c, inPre, inPhrasing);
      return;
    }
    if (name === 'br' || name === 'hr' || name === 'img') {
      out.push(`<${name}${attrs}>`);
      return;
    }
    // A block that cannot sit inside phrasing content keeps only its content there.
    if (inPhrasing && BLOCK_CHILD.has(name)) {
      for (const c of node.children) walk(c, inPre, true);
      return;
    }
    out.push(`<${name}${attrs}>`);
    const childPhrasing = inPhrasing || PHRASING.has(name);
    if (name === 'td' || name === 'th' || name === 'li' || name === 'dd' || name === 'blockquote' || name === 'figure') {
      if (node.children.some(isBlock)) walkFlow(node.children);
      else for (const c of node.children) walk(c, inPre, childPhrasing);
    } else {
      for (const c of node.children) walk(c, inPre || name === 'pre', childPhrasing);
    }
    out.push(`</${name}>`);
  };

  walkFlow(container.children);
  return tidy(out.join(''));
}

const BLOCK_OUTPUT = new Set([
  'p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'caption', 'thead',
  'tbody', 'tfoot', 'tr', 'th', 'td', 'blockquote', 'pre', 'figure', 'figcaption',
]);

// Drops empty paragraphs and the indentation spaces old editors typed by hand.
function tidy(html: string): string {
  let s = html;
  let prev = '';
  while (prev !== s) {
    prev = s;
    s = s.replace(/<(p|li|h[2-6]|strong|em|u|span)>[\s\u3000]*(?:<br>[\s\u3000]*)*<\/\1>/g, '');
  }
  return s
    .replace(/(<(?:p|li|td|th|h[2-6]|dd|dt)(?: [^>]*)?>)[ \u3000]+/g, '$1')
    .replace(/[ \u3000]+(<\/(?:p|li|td|th|h[2-6]|dd|dt)>)/g, '$1')
    .replace(/(?:<br>\s*){3,}/g, '<br><br>')
    .replace(/(<\/(?:p|table|ul|ol|dl|h[2-6]|blockquote|pre|figure)>)(?=<)/g, '$1\n')
    .replace(/(<\/?([a-z0-9]+)[^>]*>)\s+(?=<\/?([a-z0-9]+))/g, (_m, tag: string, left: string, right: string) =>
      BLOCK_OUTPUT.has(left) || BLOCK_OUTPUT.has(right) ? `${tag}\n` : `${tag} `,
    )
    .trim();
}

// ---------------------------------------------------------------------------------
// Plain-text pages

function fromText(source: string): Parts {
  const lines = source.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/[ \t\u00a0]+$/g, ''));
  const kept: string[] = [];
  let breadcrumb = '';
  for (const line of lines) {
    const t = line.trim();
    if (/^(?:当前位置|您现在的位置|您的位置|所在位置)/.test(t)) {
      breadcrumb = t;
      continue;
    }
    const stripped = t.replace(INLINE_BOILERPLATE, '').trim();
    if (stripped === '' && t !== '') continue;
    if (t.length <= 120 && (BOILERPLATE_START.test(t) || (BOILERPLATE.test(t) && hanCount(t.replace(BOILERPLATE_ALL, '')) <= 8))) continue;
    kept.push(line.replace(INLINE_BOILERPLATE, ''));
  }
  const metaText = joinSpacedLabels(kept.join('\n'));
  const nonEmpty = kept.map((l) => l.trim()).filter((l) => l !== '');
  const titleIdx = nonEmpty.findIndex((l) => !META_LINE.test(l) && !DOC_NUMBER_LINE.test(l));
  const title = titleIdx >= 0 ? nonEmpty[titleIdx]! : '';
  const bodyLines = nonEmpty.filter((l, i) => i !== titleIdx && !META_LINE.test(l));
  const bodyText = bodyLines.join('\n');
  return {
    title,
    body: bodyText,
    bodyText,
    date: labelledDate(metaText, true),
    closingDate: closingDate(bodyText),
    issuingAgency: issuingAgencyOf(metaText) ?? signatureAgency(bodyText),
    documentNumber: documentNumberOf(metaText, nonEmpty),
    indexNumber: indexNumberOf(metaText),
    breadcrumb,
    column: '',
  };
}

const META_LINE = /^(?:索引号|发布机构|发文机关|发布日期|发布时间|发文日期|成文日期|来源|信息来源|文号|发文字号|主题分类)[ \t\u3000]*[:：]/u;
