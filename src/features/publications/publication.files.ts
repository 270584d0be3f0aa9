/**
 * Attachment files: the type is read from the bytes, never from the name; files
 * are stored once per SHA-256 under DATA_DIR/attachments; and the text of PDF and
 * Office files is extracted (best effort) so screening can look inside them.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inflateRawSync, inflateSync } from 'node:zlib';
import { AppError } from '../../errors.js';

export const ATTACHMENT_TYPES = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  ofd: { mime: 'application/ofd', extensions: ['ofd'], label: 'OFD' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx', 'wps'], label: 'Word' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx', 'et'], label: 'Excel' },
  doc: { mime: 'application/msword', extensions: ['doc', 'wps'], label: 'Word 97-2003' },
  xls: { mime: 'application/vnd.ms-excel', extensions: ['xls', 'et'], label: 'Excel 97-2003' },
  png: { mime: 'image/png', extensions: ['png'], label: 'PNG 图片' },
  jpeg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG 图片' },
  gif: { mime: 'image/gif', extensions: ['gif'], label: 'GIF 图片' },
  webp: { mime: 'image/webp', extensions: ['webp'], label: 'WebP 图片' },
} as const;
export type AttachmentKind = keyof typeof ATTACHMENT_TYPES;

export const ACCEPTED_EXTENSIONS = [...new Set(Object.values(ATTACHMENT_TYPES).flatMap((t) => t.extensions))];

const startsWith = (buf: Buffer, bytes: number[] | string, at = 0) => {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return buf.length >= at + b.length && buf.subarray(at, at + b.length).equals(b);
};

/** The kind of file these bytes are, from their signature; null when not one we accept. */
export function sniffType(buf: Buffer): AttachmentKind | null {
  if (startsWith(buf, '%PDF-')) return 'pdf';
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(buf, 'GIF87a') || startsWith(buf, 'GIF89a')) return 'gif';
  if (startsWith(buf, 'RIFF') && startsWith(buf, 'WEBP', 8)) return 'webp';
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipEntries(buf).map((e) => e.name);
    if (names.includes('word/document.xml')) return 'docx';
    if (names.includes('xl/workbook.xml')) return 'xlsx';
    if (names.includes('OFD.xml')) return 'ofd';
    return null;
  }
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // OLE compound file: the directory names its streams in UTF-16LE.
    if (buf.includes(Buffer.from('WordDocument', 'utf16le'))) return 'doc';
    if (buf.includes(Buffer.from('Workbook', 'utf16le')) || buf.includes(Buffer.from('Book', 'utf16le'))) return 'xls';
    return null;
  }
  return null;
}

export function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name.trim());
  return m ? m[1]!.toLowerCase() : '';
}

/**
 * A display name safe to keep: no path, no control characters, at most `max`
 * characters, with the extension of the detected type when the name has none.
 */
export function cleanFileName(raw: string, kind: AttachmentKind, max = 120): string {
  let name = raw.split(/[\\/]/).pop() ?? '';
  name = name.replace(/[\u0000-\u001f\u007f"<>|?*:]/g, '').replace(/\s+/g, ' ').trim();
  const ext = extensionOf(name);
  const known = (ATTACHMENT_TYPES[kind].extensions as readonly string[]).includes(ext);
  if (!known) name = `${name || '附件'}.${ATTACHMENT_TYPES[kind].extensions[0]}`;
  if ([...name].length > max) {
    const e = `.${extensionOf(name)}`;
    name = [...name].slice(0, max - e.length).join('') + e;
  }
  return name;
}

export interface CheckedUpload {
  kind: AttachmentKind;
  mimeType: string;
  extension: string;
  name: string;
  sha256: string;
  size: number;
}

/**
 * Checks an upload: 415 UNSUPPORTED_MEDIA_TYPE when the content is not an accepted
 * type or does not match the name's extension (a .pdf that is really a .exe);
 * 413 PAYLOAD_TOO_LARGE over the limit; VALIDATION_FAILED when empty.
 */
export function checkUpload(bytes: Buffer, claimedName: string, maxBytes: number): CheckedUpload {
  if (bytes.length === 0) throw new AppError('VALIDATION_FAILED', '上传的文件是空的', { file: '请选择要上传的文件' });
  if (bytes.length > maxBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `文件超过大小限制（${Math.round(maxBytes / 1048576)} MB）`, { file: '文件过大' });
  }
  const kind = sniffType(bytes);
  const accepted = '可上传 PDF、OFD、Word、Excel 文件和 PNG、JPEG、GIF、WebP 图片';
  if (!kind) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `不支持这种文件，${accepted}`, { file: `文件内容不是可接受的类型。${accepted}` });
  const ext = extensionOf(claimedName);
  if (ext && !(ATTACHMENT_TYPES[kind].extensions as readonly string[]).includes(ext)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `文件内容是 ${ATTACHMENT_TYPES[kind].label}，与扩展名 .${ext} 不符`, {
      file: `文件内容是 ${ATTACHMENT_TYPES[kind].label}，与扩展名 .${ext} 不符，请确认文件是否正确`,
    });
  }
  const name = cleanFileName(claimedName, kind);
  return {
    kind,
    mimeType: ATTACHMENT_TYPES[kind].mime,
    extension: extensionOf(name),
    name,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
  };
}

/** Where a file with this hash lives under the data folder. */
export function storagePath(dataDir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('bad hash');
  return path.join(dataDir, 'attachments', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Stores the bytes once (write to a temporary name, then rename, so a reader never sees half a file). */
export function storeFile(dataDir: string, sha256: string, bytes: Buffer): string {
  const target = storagePath(dataDir, sha256);
  if (fs.existsSync(target)) return target;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, target);
  return target;
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback for old
 * clients and the real (Chinese) name per RFC 6266/5987 for the rest.
 */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

// ---------------------------------------------------------------- text extraction for screening

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The entries of a zip archive from its central directory; [] when it is not readable. */
export function zipEntries(buf: Buffer): ZipEntry[] {
  const min = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return [];
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let i = 0; i < count && p + 46 <= buf.length; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) break;
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    out.push({
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      name: buf.subarray(p + 46, p + 46 + nameLen).toString('utf8'),
      localOffset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const MAX_EXTRACT = 20 * 1024 * 1024;

function zipRead(buf: Buffer, e: ZipEntry): Buffer | null {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) return null;
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  try {
    if (e.method === 0) return data;
    // maxOutputLength guards against zip bombs.
    if (e.method === 8) return inflateRawSync(data, { maxOutputLength: MAX_EXTRACT });
  } catch {
    return null;
  }
  return null;
}

const decodeXmlText = (xml: string) =>
  xml
    .replace(/<\/(w:p|a:p|text:p|row|si)>/g, '\n')
    .replace(/<w:tab\/>|<\/c>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');

function officeText(buf: Buffer): string {
  const wanted = /^(word\/(document|header\d*|footer\d*|footnotes)\.xml|xl\/sharedStrings\.xml|xl\/worksheets\/sheet\d+\.xml|Doc_\d+\/Pages\/Page_\d+\/Content\.xml)$/;
  return zipEntries(buf)
    .filter((e) => wanted.test(e.name))
    .map((e) => zipRead(buf, e))
    .filter((b): b is Buffer => !!b)
    .map((b) => decodeXmlText(b.toString('utf8')))
    .join('\n');
}

function pdfString(raw: string): string {
  return raw.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_m, c: string) =>
    /^[0-7]+$/.test(c) ? String.fromCharCode(parseInt(c, 8)) : ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[c] ?? c,
  );
}

/**
 * Text shown by a PDF's content streams, where fonts use plain encodings. Text in
 * CID fonts without a ToUnicode lookup cannot be read this way; screening of such
 * PDFs is a known gap, and the reviewer reads the file.
 */
function pdfText(buf: Buffer): string {
  const src = buf.toString('latin1');
  const out: string[] = [];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  let budget = MAX_EXTRACT;
  while ((m = re.exec(src)) && budget > 0) {
    const start = m.index + m[0].length;
    const end = src.indexOf('endstream', start);
    if (end < 0) break;
    const dict = src.slice(Math.max(0, m.index - 300), m.index);
    let data: Buffer = buf.subarray(start, end);
    if (/\/FlateDecode/.test(dict.slice(dict.lastIndexOf('<<')))) {
      try {
        data = inflateSync(data, { maxOutputLength: budget });
      } catch {
        continue;
      }
    }
    budget -= data.length;
    const content = data.toString('latin1');
    for (const t of content.matchAll(/\((?:\\.|[^\\)])*\)\s*(?:Tj|'|")|\[(?:[^\]]*)\]\s*TJ/g)) {
      const strings = [...t[0].matchAll(/\(((?:\\.|[^\\)])*)\)/g)].map((s) => pdfString(s[1]!));
      out.push(strings.join(''));
    }
    re.lastIndex = end;
  }
  return out.join('\n');
}

/** The text of an attachment for screening; '' for images and unreadable files. */
export function extractText(kind: AttachmentKind, bytes: Buffer): string {
  try {
    if (kind === 'docx' || kind === 'xlsx' || kind === 'ofd') return officeText(bytes);
    if (kind === 'pdf') return pdfText(bytes);
  } catch {
    return '';
  }
  return '';
}
