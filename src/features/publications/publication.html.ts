import sanitizeHtml from 'sanitize-html';

/**
 * The body of a publication is HTML typed or pasted in the office editor. It is
 * sanitized here on every save, whatever the browser already cleaned: only the
 * markup a government document needs survives. Alignment becomes a class, not a
 * style attribute, because the portal's CSP forbids inline styles.
 */
const ALIGN_CLASSES = ['align-left', 'align-center', 'align-right', 'align-justify'];

function alignClass(attribs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const m = /text-align\s*:\s*(left|center|right|justify)/i.exec(attribs.style ?? '') ?? /^(left|center|right|justify)$/i.exec(attribs.align ?? '');
  const cls = (attribs.class ?? '').split(/\s+/).filter((c) => ALIGN_CLASSES.includes(c));
  if (m) cls.push(`align-${m[1]!.toLowerCase()}`);
  if (cls.length) out.class = [...new Set(cls)].join(' ');
  return out;
}

const keepAlign = (tagName: string) => (_name: string, attribs: Record<string, string>) => ({
  tagName,
  attribs: alignClass(attribs),
});

/**
 * Ids a body may carry: those of the generated report tables (`rt-…`), which link
 * their numbers to their headers for screen readers. Nothing else in a body needs
 * an id, and a free id could collide with the page's own.
 */
const REPORT_ID = /^rt-[A-Za-z0-9_-]{1,80}$/;
const REPORT_CLASSES = ['report-table', 'report-table-2', 'report-table-3', 'report-table-4', 'rt-note', 'rt-title', 'rt-column', 'rt-row'];

function reportId(v: string | undefined): string | undefined {
  return v && REPORT_ID.test(v) ? v : undefined;
}

function cell(tagName: string) {
  return (_name: string, attribs: Record<string, string>) => {
    const out = alignClass(attribs);
    for (const k of ['colspan', 'rowspan']) {
      const n = Number(attribs[k]);
      if (Number.isInteger(n) && n > 1 && n <= 100) out[k] = String(n);
    }
    if (tagName === 'th' && /^(row|col|rowgroup|colgroup)$/.test(attribs.scope ?? '')) out.scope = attribs.scope!;
    const report = (attribs.class ?? '').split(/\s+/).filter((c) => REPORT_CLASSES.includes(c));
    if (report.length) out.class = [out.class, ...report].filter(Boolean).join(' ');
    if (tagName === 'th' && reportId(attribs.id)) out.id = attribs.id!;
    if (tagName === 'td') {
      const headers = (attribs.headers ?? '').split(/\s+/).filter((h) => REPORT_ID.test(h));
      if (headers.length) out.headers = headers.slice(0, 12).join(' ');
    }
    return { tagName, attribs: out };
  };
}

/** A generated report table's scrolling region stays a named, focusable div; any other div is a paragraph. */
function division(_name: string, attribs: Record<string, string>) {
  if ((attribs.class ?? '').split(/\s+/).includes('report-table-scroll')) {
    const out: Record<string, string> = { class: 'report-table-scroll', tabindex: '0', role: 'region' };
    const label = reportId(attribs['aria-labelledby']);
    if (label) out['aria-labelledby'] = label;
    return { tagName: 'div', attribs: out };
  }
  return { tagName: 'p', attribs: alignClass(attribs) };
}

/** An image source we serve ourselves: an inline raster image or one of our attachment URLs. */
export function isAllowedImageSrc(src: string): boolean {
  return /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$/i.test(src) || /^\/files\/\d+(\/[^\s"'<>]*)?$/.test(src);
}

/** A link target: http(s), mailto, or a path on this site. */
export function isAllowedHref(href: string): boolean {
  return /^(https?:\/\/|mailto:)/i.test(href) || (/^\/(?!\/)/.test(href) && !/[\s<>"']/.test(href)) || /^#[\w-]+$/.test(href);
}

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'h2', 'h3', 'h4', 'strong', 'em', 'u', 'ol', 'ul', 'li', 'table', 'caption', 'thead', 'tbody', 'tfoot',
    'tr', 'th', 'td', 'a', 'img', 'blockquote', 'sup', 'sub', 'span', 'hr', 'div',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'width', 'height'],
    th: ['colspan', 'rowspan', 'scope', 'class', 'id'],
    td: ['colspan', 'rowspan', 'class', 'headers'],
    table: ['class'],
    caption: ['id'],
    div: ['class', 'tabindex', 'role', 'aria-labelledby'],
    ol: ['start'],
    p: ['class'],
    h2: ['class'],
    h3: ['class'],
    h4: ['class'],
  },
  allowedClasses: {
    p: ALIGN_CLASSES,
    h2: ALIGN_CLASSES,
    h3: ALIGN_CLASSES,
    h4: ALIGN_CLASSES,
    td: [...ALIGN_CLASSES, ...REPORT_CLASSES],
    th: [...ALIGN_CLASSES, ...REPORT_CLASSES],
    table: REPORT_CLASSES,
    div: ['report-table-scroll'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['data'] },
  allowProtocolRelative: false,
  allowedStyles: {},
  transformTags: {
    // The page title is the h1; headings inside the body start at h2.
    h1: keepAlign('h2'),
    h2: keepAlign('h2'),
    h3: keepAlign('h3'),
    h4: keepAlign('h4'),
    h5: keepAlign('h4'),
    h6: keepAlign('h4'),
    p: keepAlign('p'),
    div: division,
    caption: (_name, attribs) => ({ tagName: 'caption', attribs: (reportId(attribs.id) ? { id: attribs.id! } : {}) as Record<string, string> }),
    b: 'strong',
    i: 'em',
    td: cell('td'),
    th: cell('th'),
  },
  exclusiveFilter: (frame) => {
    if (frame.tag === 'img') return !isAllowedImageSrc(frame.attribs.src ?? '');
    return false;
  },
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'xml', 'template', 'iframe', 'object', 'svg', 'math'],
};

/** The deepest nesting a body may have: real documents, tables in tables included, stay far below. */
export const MAX_BODY_DEPTH = 100;
/** Characters of HTML accepted before sanitizing (twice what may be stored after it). */
export const MAX_RAW_BODY = 2_000_000;
// Elements that close themselves (void) or are closed by their next sibling: they do not nest.
const NO_NESTING = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option']);

/**
 * Why a body cannot be sanitized quickly, or null: the sanitizer's time grows faster
 * than the input with nesting (a megabyte of nested <div>s takes seconds), so depth
 * and size are checked first, in one linear pass, before the sanitizer sees it.
 */
export function bodyShapeProblem(html: string): string | null {
  if (html.length > MAX_RAW_BODY) return `正文过长（不能超过 ${MAX_RAW_BODY} 个字符）`;
  let depth = 0;
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(\/?)>/g)) {
    const name = m[2]!.toLowerCase();
    if (NO_NESTING.has(name) || m[3]) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (++depth > MAX_BODY_DEPTH) return `正文的标签嵌套过深（超过 ${MAX_BODY_DEPTH} 层），请简化格式后再保存`;
  }
  return null;
}

/** Sanitizes a body for storage: scripts, event handlers, styles and unsafe links are removed. */
export function sanitizeBody(html: string): string {
  const clean = sanitizeHtml(html, {
    ...OPTIONS,
    transformTags: {
      ...OPTIONS.transformTags,
      a: (_name, attribs) => {
        const href = (attribs.href ?? '').trim();
        const out: Record<string, string> = {};
        if (href && isAllowedHref(href)) out.href = href;
        if (attribs.title) out.title = attribs.title;
        return { tagName: 'a', attribs: out };
      },
    },
  });
  // Word leaves paragraphs holding only a non-breaking space between blocks.
  return clean
    .replace(/<p>(\s|&nbsp;|\u00a0)*<\/p>/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The readable text of a body, for screening and search. */
export function bodyText(html: string): string {
  return sanitizeHtml(html.replace(/<(br|\/p|\/h[1-6]|\/li|\/tr|\/td|\/th|\/div)\b[^>]*>/gi, (m) => `${m}\n`), {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: OPTIONS.nonTextTags!,
  })
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
