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

function cell(tagName: string) {
  return (_name: string, attribs: Record<string, string>) => {
    const out = alignClass(attribs);
    for (const k of ['colspan', 'rowspan']) {
      const n = Number(attribs[k]);
      if (Number.isInteger(n) && n > 1 && n <= 100) out[k] = String(n);
    }
    if (tagName === 'th' && /^(row|col|rowgroup|colgroup)$/.test(attribs.scope ?? '')) out.scope = attribs.scope!;
    return { tagName, attribs: out };
  };
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
    'tr', 'th', 'td', 'a', 'img', 'blockquote', 'sup', 'sub', 'span', 'hr',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'width', 'height'],
    th: ['colspan', 'rowspan', 'scope', 'class'],
    td: ['colspan', 'rowspan', 'class'],
    ol: ['start'],
    p: ['class'],
    h2: ['class'],
    h3: ['class'],
    h4: ['class'],
  },
  allowedClasses: { p: ALIGN_CLASSES, h2: ALIGN_CLASSES, h3: ALIGN_CLASSES, h4: ALIGN_CLASSES, td: ALIGN_CLASSES, th: ALIGN_CLASSES },
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
    div: keepAlign('p'),
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
