/**
 * Decoding the bytes of old pages. Chinese government sites served GB2312/GBK
 * for years, and Hong Kong and Taiwan pages Big5. A byte-order mark decides;
 * then bytes that are valid UTF-8 are UTF-8 (a page re-saved as UTF-8 often
 * keeps its old `<meta charset=gb2312>`); bytes
 * that are not UTF-8 are Big5 when a `<meta charset>` says so, else GB18030 (a
 * superset of GB2312 and GBK).
 */

export const ENCODINGS = { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE', gb18030: 'GB18030/GBK', big5: 'Big5' } as const;
export type Encoding = keyof typeof ENCODINGS;

export interface Decoded {
  text: string;
  encoding: Encoding;
  /** In Chinese, for the import report. */
  warnings: string[];
}

const META_CHARSET = /<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_-]{2,20})/i;

function declared(bytes: Buffer): Encoding | null {
  const head = bytes.subarray(0, 4096).toString('latin1');
  const m = META_CHARSET.exec(head);
  if (!m) return null;
  const name = m[1]!.toLowerCase();
  if (/^(gb2312|gbk|gb18030|x-gbk|cp936|euc-cn|hz-gb-2312)$/.test(name)) return 'gb18030';
  if (/^(big5|big5-hkscs|x-x-big5|cp950)$/.test(name)) return 'big5';
  if (/^utf-?8$/.test(name)) return 'utf-8';
  return null;
}

function tryDecode(bytes: Buffer | Uint8Array, encoding: Encoding): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Decodes a page's bytes; never throws. Replacement characters are reported. */
export function decodePage(bytes: Buffer): Decoded {
  const warnings: string[] = [];
  let text: string;
  let encoding: Encoding;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8';
    text = new TextDecoder('utf-8').decode(bytes.subarray(3));
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  } else {
    const meta = declared(bytes);
    const asUtf8 = tryDecode(bytes, 'utf-8');
    if (asUtf8 !== null) {
      // Valid UTF-8 with Chinese in it is never really GBK or Big5: pages re-saved
      // as UTF-8 often keep their old <meta charset=gb2312>.
      encoding = 'utf-8';
      text = asUtf8;
      if (meta && meta !== 'utf-8' && /[^\x00-\x7f]/.test(asUtf8)) warnings.push(`页面声明为 ${ENCODINGS[meta]}，实际为 UTF-8，已按 UTF-8 读取`);
    } else if (meta === 'big5') {
      encoding = 'big5';
      text = new TextDecoder('big5').decode(bytes);
    } else {
      encoding = 'gb18030';
      text = new TextDecoder('gb18030').decode(bytes);
      if (meta !== 'gb18030') warnings.push(meta === 'utf-8' ? '页面声明为 UTF-8 但不是有效的 UTF-8，已按 GBK（GB18030）读取' : '页面不是 UTF-8 编码，已按 GBK（GB18030）读取');
    }
  }
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  if (bad > 0) warnings.push(`有 ${bad} 处无法识别的字符，已替换为 �`);
  return { text, encoding, warnings };
}
