/**
 * Files, as every feature receives and keeps them: the type is read from the
 * bytes, never from the name; names are cleaned; files are stored once per
 * SHA-256 under DATA_DIR/attachments (a reader never sees half a file). The text
 * inside them is `extract.ts`'s, remembered per hash by `files.service.ts`.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../errors.js';
import { listZip, ZipError } from './zip.js';

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

/** Office files are zips: their directory is read with the guarded reader, and a file no reader would accept is no Office file. */
const SNIFF_ZIP_LIMITS = { maxEntries: 5000, maxTotalBytes: 512 * 1024 * 1024 };

const startsWith = (buf: Buffer, bytes: number[] | string, at = 0) => {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return buf.length >= at + b.length && buf.subarray(at, at + b.length).equals(b);
};

/** The kind of file these bytes are, from their signature; null when not one we accept. */
export function sniffType(buf: Buffer): AttachmentKind | null {
  const sniffed = sniff(buf);
  return sniffed instanceof ZipError ? null : sniffed;
}

/** As sniffType, but a zip the guarded reader refuses gives its reason. */
function sniff(buf: Buffer): AttachmentKind | ZipError | null {
  if (startsWith(buf, '%PDF-')) return 'pdf';
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(buf, 'GIF87a') || startsWith(buf, 'GIF89a')) return 'gif';
  if (startsWith(buf, 'RIFF') && startsWith(buf, 'WEBP', 8)) return 'webp';
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    let names: string[];
    try {
      names = listZip(buf, SNIFF_ZIP_LIMITS).map((e) => e.name);
    } catch (e) {
      if (e instanceof ZipError) return e;
      throw e;
    }
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
  const sniffed = sniff(bytes);
  if (sniffed instanceof ZipError) {
    // A crafted archive is named as such, not as a mere wrong type.
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `文件无法接受：${sniffed.message}`, { file: `文件无法接受：${sniffed.message}` });
  }
  const kind = sniffed;
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

/** The stored bytes of a file, or null when the file is missing. */
export function readStored(dataDir: string, sha256: string): Buffer | null {
  try {
    return fs.readFileSync(storagePath(dataDir, sha256));
  } catch {
    return null;
  }
}
