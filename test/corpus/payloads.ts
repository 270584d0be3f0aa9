/**
 * The bad-input corpus's material (issue 14, point 3): curated payloads by category,
 * and the hostile files (zip bombs of every shape, polyglots, malformed multipart)
 * built in memory. Pure data and builders; test/corpus/corpus.ts turns them into
 * requests against every route.
 *
 * Every XSS payload, if it ever ran, sets `window.__gkxss` (or calls alert with
 * "gkxss"), and contains the text "gkxss", so the browser check can find every page
 * that shows one and tell whether it ran.
 */
import { makeDocx, makeOverlapBomb, makeZip } from '../../src/features/files/files.fixtures.js';

export const CATEGORIES = ['xss', 'sql', 'encoding', 'oversized', 'zipbomb', 'traversal', 'polyglot', 'multipart'] as const;
export type Category = (typeof CATEGORIES)[number];

export const MARK = 'window.__gkxss=1';

export const XSS: readonly string[] = [
  `<script>${MARK}</script>`,
  `"><script>${MARK}</script>`,
  `'><script>${MARK}</script>`,
  `</title><script>${MARK}</script>`,
  `</textarea><script>${MARK}</script>`,
  `</script><script>${MARK}</script>`,
  `</style><script>${MARK}</script>`,
  `<img src=x onerror="${MARK}">`,
  `<img src=x onerror=alert('gkxss')>`,
  `<svg onload=${MARK}>`,
  `<svg><script>${MARK}</script></svg>`,
  `" autofocus onfocus="${MARK}" x="`,
  `' autofocus onfocus='${MARK}' x='`,
  `javascript:${MARK}`,
  ` JaVaScRiPt:alert('gkxss')`,
  `java\tscript:${MARK}`,
  `data:text/html,<script>${MARK}</script>`,
  `<a href="javascript:${MARK}">gkxss</a>`,
  `<iframe srcdoc="<script>parent.__gkxss=1</script>"></iframe>`,
  `<details open ontoggle=${MARK}>gkxss</details>`,
  `<body onload=${MARK}>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${MARK}>`,
  `<style>@import 'javascript:${MARK}';</style>`,
  `<object data="javascript:${MARK}"></object>`,
  `<embed src="javascript:${MARK}">`,
  `<input onfocus=${MARK} autofocus>`,
  `<video><source onerror=${MARK}></video>`,
  `<<script>script>${MARK}<</script>/script>`,
  `<scr<script>ipt>${MARK}</scr</script>ipt>`,
  `&lt;script&gt;${MARK}&lt;/script&gt;`,
  `\\u003cscript\\u003e${MARK}\\u003c/script\\u003e`,
  `<meta http-equiv="refresh" content="0;url=javascript:${MARK}">`,
  `<base href="javascript:${MARK}//">`,
  `<form><button formaction=javascript:${MARK}>gkxss</button></form>`,
  `{{constructor.constructor('${MARK}')()}}`,
  `\${alert('gkxss')}`,
  `<!--<img src="--><img src=x onerror=${MARK}//">`,
  `<noscript><p title="</noscript><img src=x onerror=${MARK}>">`,
  `<svg><a xlink:href="javascript:${MARK}"><text x="20" y="20">gkxss</text></a></svg>`,
  `+ADw-script+AD4-${MARK}+ADw-/script+AD4-`,
  `<img src=x onerror=&#119;indow.__gkxss=1>`,
  `＜script＞${MARK}＜/script＞`,
  `<script>${MARK}</script>政府信息公开`,
  `<p style="background:url(javascript:${MARK})">gkxss</p>`,
  `<a href="&#106;avascript:${MARK}">gkxss</a>`,
];

export const SQL: readonly string[] = [
  `'`, `''`, `"`, `\\`, `' OR '1'='1`, `' OR 1=1--`, `1; DROP TABLE publications;--`, `'); DELETE FROM users;--`,
  `1' UNION SELECT null,null,null--`, `' AND pg_sleep(5)--`, `1 AND randomblob(1000000000)`, `%`, `_`, `%%`, `\\%`, `%_%`, `[a-z]`,
  `$1`, `?`, `:name`, `@p1`, `-1`, `0x7fffffff`, `99999999999999999999`, `1e309`, `NaN`, `1.5`,
  // FTS5 MATCH syntax
  `"unterminated`, `a AND`, `AND`, `OR`, `NOT`, `a NOT b`, `NEAR(a b, 2)`, `NEAR(`, `NEAR/3`, `title:abc`, `{title summary}: 预算`, `- title: x`,
  `^abc`, `abc*`, `*`, `a OR b AND NOT c`, `(a`, `a)`, `"a" "b`, `+a`, `col:"x`, `a : b`, `预算 NEAR 执行`, `"政府"*`, `rowid:1`,
  // tsquery syntax
  `a & b`, `a | b`, `!a`, `a <-> b`, `a <2> b`, `a:*`, `a:AB`, `&`, `|`, `!`, `!!`, `(`, `)`, `<->`, `'a':*`, `\\:`, `a & | b`, `!(a|`,
  // regular expressions and LIKE escapes
  `.*`, `(a+)+$`, `\\`.repeat(64), `'`.repeat(200),
];

const LONE = '\ud800';
export const ENCODING: readonly string[] = [
  '\u0000', 'a\u0000b', `${LONE}`, 'a\udfffb', '\udbff\udfff', `${'😀'.repeat(60)}\ud83d`, '\ud83d预算',
  '\u202egpj.exe', '\u2066预算\u2069', '\u200f\u200e', 'abc\u202d\u202c', '\u200b\u200c\u200d\ufeff', '\ufeff预算',
  'ＡＢＣ１２３＜＞＂＇', '\u3000\u3000', '政府資訊公開條例', '預算執行', `${'e\u0301'.repeat(200)}`, 'Z\u0337\u031b\u0316a\u0338l',
  '\r\n\r\nSet-Cookie: gk=1', 'a\rb', '\t\t', '\x7f\x01\x02\x03', '\x1b[31m红', '\u2028\u2029', '\uFFFE\uFFFF', '\u{10FFFF}',
  '🀄️😀👨‍👩‍👧', '%00', '%ff%fe', '%E0%80%AF', '%C0%AE%C0%AE%2F', '&#0;', '\\x00', 'ÕþÎñ¹«¿ª', ' ', '',
];

export const TRAVERSAL: readonly string[] = [
  '../../../../etc/passwd', '..\\..\\..\\windows\\win.ini', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%2f..%2f..%2fetc%2fpasswd',
  '%252e%252e%252f', '....//....//etc/passwd', '/etc/passwd', 'file:///etc/passwd', '..%c0%af..%c0%afetc', '\\\\evil.example\\share',
  '//evil.example/x', '/\\evil.example', 'http://127.0.0.1:22/', '.', '..', '~/.ssh/id_rsa', 'C:\\boot.ini', 'data/../../x', '\u0000../x',
  '/%09/evil.example', '/%5Cevil.example', 'https://evil.example/', '/office/../office/settings',
];

/** Text forms of polyglots, for text fields (the file forms are uploads). */
export const POLYGLOT_TEXT: readonly string[] = [
  `GIF89a/*<svg onload=${MARK}>*/=1;`,
  `%PDF-1.4 <script>${MARK}</script>`,
  `PK\u0003\u0004<script>${MARK}</script>`,
];

/** A seeded generator (mulberry32): the same seed, the same corpus. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(list: T[], random: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

const MB = 1024 * 1024;
const memo = new Map<string, Buffer>();
const once = (key: string, make: () => Buffer) => () => {
  let b = memo.get(key);
  if (!b) memo.set(key, (b = make()));
  return b;
};

export interface HostileFile {
  label: string;
  filename: string;
  contentType: string;
  bytes: () => Buffer;
}

const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const docxParts = () => makeDocx(['x']);

/** Zip bombs and broken archives, named as each reader would take them. */
export const ZIP_BOMBS: readonly HostileFile[] = [
  { label: 'overlap bomb: 80 xlsx entries over one 20 MB stream', filename: '统计表.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes: once('ov-xlsx', () => makeOverlapBomb(['xl/workbook.xml', ...Array.from({ length: 80 }, () => 'xl/sharedStrings.xml')], 20 * MB)) },
  { label: 'overlap bomb: docx', filename: '通知.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: once('ov-docx', () => makeOverlapBomb(['[Content_Types].xml', ...Array.from({ length: 60 }, () => 'word/document.xml')], 20 * MB)) },
  { label: 'overlap bomb: ofd pages', filename: '文件.ofd', contentType: 'application/ofd', bytes: once('ov-ofd', () => makeOverlapBomb(['OFD.xml', ...Array.from({ length: 40 }, (_, i) => `Doc_0/Pages/Page_${i}/Content.xml`)], 20 * MB)) },
  { label: 'overlap bomb: import archive', filename: 'old-site.zip', contentType: 'application/zip', bytes: once('ov-zip', () => makeOverlapBomb(Array.from({ length: 80 }, (_, i) => `page${i}.html`), 4 * MB)) },
  { label: 'one honest entry of 33 MB of XML (past the inflate budget)', filename: '数据.docx', contentType: 'application/octet-stream', bytes: once('big-docx', () => makeZip([{ name: '[Content_Types].xml', data: '<x/>' }, { name: 'word/document.xml', data: Buffer.alloc(33 * MB, ' ') }])) },
  { label: '6000 entries', filename: '多.xlsx', contentType: 'application/octet-stream', bytes: once('many', () => makeZip(Array.from({ length: 6000 }, (_, i) => ({ name: `xl/p${i}.xml`, data: '', method: 0 as const })))) },
  { label: 'a docx whose document part is itself a bomb', filename: '嵌套.docx', contentType: 'application/octet-stream', bytes: once('nested', () => makeZip([{ name: 'word/document.xml', data: makeOverlapBomb(Array.from({ length: 50 }, () => 'word/document.xml'), 20 * MB), method: 0 }])) },
  { label: 'declared size lies (says 1 byte, inflates to 8 MB)', filename: '谎报.docx', contentType: 'application/octet-stream', bytes: once('lie', () => makeZip([{ name: '[Content_Types].xml', data: '<x/>' }, { name: 'word/document.xml', data: Buffer.alloc(8 * MB, 'a'), declaredSize: 1 }])) },
  { label: 'traversal entry names', filename: 'evil.zip', contentType: 'application/zip', bytes: once('trav', () => makeZip([{ name: '../../../../tmp/gk-evil.html', data: '<p>x</p>' }, { name: '/etc/gk-evil.html', data: '<p>x</p>' }, { name: '..\\..\\gk.html', data: '<p>x</p>' }])) },
  { label: 'truncated archive (central directory cut)', filename: '截断.docx', contentType: 'application/octet-stream', bytes: once('cut', () => docxParts().subarray(0, Math.floor(docxParts().length * 0.7))) },
  { label: 'end record only', filename: '空.xlsx', contentType: 'application/octet-stream', bytes: once('eocd', () => makeZip([])) },
  { label: 'xlsx bomb named .pdf', filename: '伪装.pdf', contentType: 'application/pdf', bytes: once('ov-pdf', () => makeOverlapBomb(['xl/workbook.xml', ...Array.from({ length: 80 }, () => 'xl/sharedStrings.xml')], 20 * MB)) },
];

export const POLYGLOT_FILES: readonly HostileFile[] = [
  { label: 'GIF/HTML', filename: 'pic.gif', contentType: 'image/gif', bytes: () => Buffer.from(`GIF89a\x01\x00\x01\x00\x00\x00\x00;/*<html><svg onload=${MARK}><script>${MARK}</script>*/`, 'latin1') },
  { label: 'GIF/HTML named .html', filename: 'gkxss.html', contentType: 'text/html', bytes: () => Buffer.from(`GIF89a/*<script>${MARK}</script>*/`, 'latin1') },
  { label: 'PDF/JS (OpenAction JavaScript)', filename: 'doc.pdf', contentType: 'application/pdf', bytes: () => Buffer.from(`%PDF-1.4\n%<script>${MARK}</script>\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction<</S/JavaScript/JS(app.alert('gkxss'))>>>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`, 'latin1') },
  { label: 'HTML sent as PDF', filename: 'page.pdf', contentType: 'application/pdf', bytes: () => Buffer.from(`<!doctype html><script>${MARK}</script>`) },
  { label: 'SVG with script', filename: 'logo.svg', contentType: 'image/svg+xml', bytes: () => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="${MARK}"><script>${MARK}</script></svg>`) },
  { label: 'JPEG header + HTML', filename: 'photo.jpg', contentType: 'image/jpeg', bytes: () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`<script>${MARK}</script>`)]) },
  { label: 'PNG magic + script', filename: 'a.png', contentType: 'image/png', bytes: () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`<script>${MARK}</script>`)]) },
  { label: 'PDF with XSS in its file name', filename: `<img src=x onerror=${MARK}>.pdf`, contentType: 'application/pdf', bytes: () => pdf },
  { label: 'ZIP/HTML', filename: 'both.html', contentType: 'text/html', bytes: () => Buffer.concat([makeZip([{ name: 'a.txt', data: 'a' }]), Buffer.from(`<script>${MARK}</script>`)]) },
];

/** File names for an honest PDF: traversal, controls, bidi tricks, length. */
export const HOSTILE_FILENAMES: readonly string[] = [
  '../../../../etc/passwd.pdf', '..\\..\\..\\boot.pdf', '/etc/passwd', '%2e%2e%2fa.pdf', 'a.pdf\u0000.html', '\u202efdp.exe', 'a\r\nContent-Type: text/html.pdf',
  `${'长'.repeat(300)}.pdf`, `${'😀'.repeat(56)}\ud83d.pdf`, '.pdf', 'CON.pdf', 'a"b.pdf', "a'b;.pdf", '', '政府資訊.pdf',
];

export const PDF = pdf;

export interface MultipartShape {
  label: string;
  /** The request's content type and body, given the field names to use and the CSRF token. */
  build(csrf: string): { contentType: string; body: Buffer };
}

const CRLF = '\r\n';
const part = (boundary: string, headers: string, body: string | Buffer) =>
  Buffer.concat([Buffer.from(`--${boundary}${CRLF}${headers}${CRLF}${CRLF}`), Buffer.isBuffer(body) ? body : Buffer.from(body), Buffer.from(CRLF)]);
const csrfPart = (b: string, csrf: string) => part(b, 'Content-Disposition: form-data; name="_csrf"', csrf);
const filePart = (b: string, name = 'a.pdf', field = 'file') => part(b, `Content-Disposition: form-data; name="${field}"; filename="${name}"${CRLF}Content-Type: application/pdf`, pdf);
const end = (b: string) => Buffer.from(`--${b}--${CRLF}`);

export const MULTIPART: readonly MultipartShape[] = [
  { label: 'truncated in the file', build: (c) => ({ contentType: 'multipart/form-data; boundary=gkB', body: Buffer.concat([csrfPart('gkB', c), filePart('gkB').subarray(0, 120)]) }) },
  { label: 'truncated in the headers', build: (c) => ({ contentType: 'multipart/form-data; boundary=gkB', body: Buffer.concat([csrfPart('gkB', c), Buffer.from('--gkB\r\nContent-Disposition: form-da')]) }) },
  { label: 'no closing boundary', build: (c) => ({ contentType: 'multipart/form-data; boundary=gkB', body: Buffer.concat([csrfPart('gkB', c), filePart('gkB')]) }) },
  { label: 'missing boundary parameter', build: (c) => ({ contentType: 'multipart/form-data', body: Buffer.concat([csrfPart('gkB', c), filePart('gkB'), end('gkB')]) }) },
  { label: 'boundary mismatch', build: (c) => ({ contentType: 'multipart/form-data; boundary=other', body: Buffer.concat([csrfPart('gkB', c), filePart('gkB'), end('gkB')]) }) },
  { label: 'duplicate field names', build: (c) => ({ contentType: 'multipart/form-data; boundary=gkB', body: Buffer.concat([csrfPart('gkB', c), csrfPart('gkB', c), filePart('gkB'), filePart('gkB', 'b.pdf'), part('gkB', 'Content-Disposition: form-data; name="title"', 'a'), part('gkB', 'Content-Disposition: form-data; name="title"', 'b'), end('gkB')]) }) },
  { label: 'huge part header (100 KB file name)', build: (c) => ({ contentType: 'multipart/form-data; boundary=gkB', body: Buffer.concat([csrfPart('gkB', c), filePart('gkB', `${'a'.repeat(100_000)}.pdf`), end('gkB')]) }) },
  { label: 'huge header block (2000 headers)', build: (c) => ({ contentType: 'multipart/form-data; boundary=gkB', body: Buffer.concat([csrfPart('gkB', c), part('gkB', `Content-Disposition: form-data; name="file"; filename="a.pdf"${`${CRLF}X-Pad: ${'x'.repeat(50)}`.repeat(2000)}`, pdf), end('gkB')]) }) },
  { label: 'no blank line after the headers', build: (c) => ({ contentType: 'multipart/form-data; boundary=gkB', body: Buffer.concat([csrfPart('gkB', c), Buffer.from(`--gkB${CRLF}Content-Disposition: form-data; name="file"; filename="a.pdf"${CRLF}%PDF-1.4${CRLF}`), end('gkB')]) }) },
  { label: 'LF line endings only', build: (c) => ({ contentType: 'multipart/form-data; boundary=gkB', body: Buffer.from(`--gkB\nContent-Disposition: form-data; name="_csrf"\n\n${c}\n--gkB\nContent-Disposition: form-data; name="file"; filename="a.pdf"\n\n%PDF-1.4\n--gkB--\n`) }) },
  { label: 'thirty files (over the file cap)', build: (c) => ({ contentType: 'multipart/form-data; boundary=gkB', body: Buffer.concat([csrfPart('gkB', c), ...Array.from({ length: 30 }, (_, i) => filePart('gkB', `f${i}.pdf`)), end('gkB')]) }) },
  { label: 'three hundred fields (over the field cap)', build: (c) => ({ contentType: 'multipart/form-data; boundary=gkB', body: Buffer.concat([csrfPart('gkB', c), ...Array.from({ length: 300 }, (_, i) => part('gkB', `Content-Disposition: form-data; name="f${i}"`, 'x')), end('gkB')]) }) },
  { label: 'empty body', build: () => ({ contentType: 'multipart/form-data; boundary=gkB', body: Buffer.alloc(0) }) },
  { label: 'RFC 5987 file name with bad bytes', build: (c) => ({ contentType: 'multipart/form-data; boundary=gkB', body: Buffer.concat([csrfPart('gkB', c), part('gkB', `Content-Disposition: form-data; name="file"; filename*=UTF-8''%ff%fe%c0%af.pdf${CRLF}Content-Type: application/pdf`, pdf), end('gkB')]) }) },
  { label: 'a part with no name', build: (c) => ({ contentType: 'multipart/form-data; boundary=gkB', body: Buffer.concat([csrfPart('gkB', c), part('gkB', 'Content-Disposition: form-data', 'x'), part('gkB', 'Content-Type: text/plain', 'y'), end('gkB')]) }) },
  { label: 'multipart/mixed nested in a part', build: (c) => ({ contentType: 'multipart/form-data; boundary=gkB', body: Buffer.concat([csrfPart('gkB', c), part('gkB', `Content-Disposition: form-data; name="file"${CRLF}Content-Type: multipart/mixed; boundary=in`, `--in${CRLF}Content-Disposition: file; filename="a.pdf"${CRLF}${CRLF}%PDF${CRLF}--in--`), end('gkB')]) }) },
  { label: 'a 200-character quoted boundary', build: (c) => { const b = 'q'.repeat(200); return { contentType: `multipart/form-data; boundary="${b}"`, body: Buffer.concat([csrfPart(b, c), filePart(b), end(b)]) }; } },
  { label: 'NUL in a field name and value', build: (c) => ({ contentType: 'multipart/form-data; boundary=gkB', body: Buffer.concat([csrfPart('gkB', c), part('gkB', 'Content-Disposition: form-data; name="ti\u0000tle"', 'a\u0000b'), end('gkB')]) }) },
];
