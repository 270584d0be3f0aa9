/**
 * A defensive zip reader for uploaded archives of old pages and for DOCX files.
 * The archive is refused as a whole, with a message, when it is not a zip, uses
 * ZIP64, has too many entries, declares too much uncompressed data, holds a path
 * that climbs out of the archive (`../`, `/etc/…`, `C:\…`), or an entry inflates to
 * more (or less) than it declared or fails its CRC: the signs of a zip bomb or a
 * crafted archive. Nothing is ever written to disk by entry name.
 *
 * Entries whose data overlap are refused too (the "one small stream, eighty names"
 * bomb): since every entry then owns its own bytes and inflates to at most its
 * declared size, an archive can never inflate to more than the declared total.
 * `openZip` adds a budget of bytes actually inflated and a deadline, counted over
 * every read of the archive, so no caller can be made to spend unbounded memory or
 * time on one file. Nested archives are never opened.
 */
import { crc32, inflateRawSync } from 'node:zlib';

export const ZIP_PROBLEMS = {
  not_zip: '不是有效的 ZIP 压缩包',
  zip64: '不支持 ZIP64 格式（超过 4 GB 或 65535 个文件）的压缩包',
  too_many_entries: '压缩包中的文件过多',
  too_large: '压缩包解压后的总大小超过限制',
  unsafe_path: '压缩包中含有不安全的路径',
  bomb: '压缩包中的文件解压后大小与声明不符（可能是“压缩炸弹”）',
  overlap: '压缩包中有多个文件指向同一段数据（可能是“压缩炸弹”）',
  too_slow: '读取压缩包用时超过限制',
  corrupt: '压缩包已损坏',
} as const;
export type ZipProblem = keyof typeof ZIP_PROBLEMS;

export class ZipError extends Error {
  constructor(
    readonly problem: ZipProblem,
    detail = '',
  ) {
    super(detail ? `${ZIP_PROBLEMS[problem]}：${detail}` : ZIP_PROBLEMS[problem]);
  }
}

export interface ZipLimits {
  maxEntries: number;
  /** Sum of the declared uncompressed sizes. */
  maxTotalBytes: number;
}

export interface ZipReadLimits extends ZipLimits {
  /** Most bytes inflated from the archive over all reads (default: maxTotalBytes). */
  maxInflatedBytes?: number;
  /** Most milliseconds from opening to the start of any read (default 2,000). */
  maxMillis?: number;
  /** The time source for the deadline (tests pass a fake one); performance.now by default. */
  now?: () => number;
}

export interface ZipEntry {
  /** Path inside the archive, '/'-separated, decoded from UTF-8 or GB18030. */
  name: string;
  directory: boolean;
  encrypted: boolean;
  method: number;
  compressedSize: number;
  /** Declared uncompressed size. */
  size: number;
  crc: number;
  localOffset: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb = new TextDecoder('gb18030');

// Zips made on Chinese Windows store names in GBK without setting the UTF-8 flag.
function decodeName(bytes: Buffer, utf8Flag: boolean): string {
  if (utf8Flag) return bytes.toString('utf8');
  try {
    return utf8.decode(bytes);
  } catch {
    return gb.decode(bytes);
  }
}

/** Whether an entry name stays inside the archive. */
export function isSafeEntryName(name: string): boolean {
  if (name.includes('\0')) return false;
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[A-Za-z]:/.test(n)) return false;
  return !n.split('/').some((seg) => seg === '..');
}

function findEnd(buf: Buffer): number {
  const min = Math.max(0, buf.length - 65_557);
  for (let i = buf.length - 22; i >= min; i--) if (buf.readUInt32LE(i) === 0x06054b50) return i;
  return -1;
}

/**
 * Reads and checks an archive's central directory. Throws ZipError for anything
 * suspicious; the returned entries are safe to name and to `readEntry`.
 */
export function listZip(buf: Buffer, limits: ZipLimits): ZipEntry[] {
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) {
    // An empty archive is only an end record; anything else without a local header is not a zip.
    if (!(buf.length >= 22 && buf.readUInt32LE(0) === 0x06054b50)) throw new ZipError('not_zip');
  }
  const end = findEnd(buf);
  if (end < 0) throw new ZipError('not_zip');
  const count = buf.readUInt16LE(end + 10);
  const cdSize = buf.readUInt32LE(end + 12);
  const cdOffset = buf.readUInt32LE(end + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new ZipError('zip64');
  if (count > limits.maxEntries) throw new ZipError('too_many_entries', `${count} 个，最多 ${limits.maxEntries} 个`);
  if (cdOffset + cdSize > end) throw new ZipError('corrupt', '目录位置不正确');
  const entries: ZipEntry[] = [];
  let total = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > end || buf.readUInt32LE(p) !== 0x02014b50) throw new ZipError('corrupt', '目录记录不完整');
    const flags = buf.readUInt16LE(p + 8);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    if (p + 46 + nameLen > end) throw new ZipError('corrupt', '文件名越界');
    const name = decodeName(buf.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0);
    const entry: ZipEntry = {
      name: name.replace(/\\/g, '/'),
      directory: name.endsWith('/') || name.endsWith('\\'),
      encrypted: (flags & 0x1) !== 0,
      method: buf.readUInt16LE(p + 10),
      crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
    };
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff || entry.localOffset === 0xffffffff) throw new ZipError('zip64');
    if (!isSafeEntryName(name)) throw new ZipError('unsafe_path', name);
    total += entry.size;
    if (total > limits.maxTotalBytes) {
      throw new ZipError('too_large', `超过 ${Math.round(limits.maxTotalBytes / 1048576)} MB`);
    }
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  refuseOverlaps(buf, entries, cdOffset);
  return entries;
}

/** Each entry's local header and data must lie before the directory and apart from every other entry's. */
function refuseOverlaps(buf: Buffer, entries: readonly ZipEntry[], cdOffset: number): void {
  const spans = entries.map((e) => {
    const p = e.localOffset;
    if (p + 30 > cdOffset || buf.readUInt32LE(p) !== 0x04034b50) throw new ZipError('corrupt', `${e.name} 的文件头缺失`);
    const end = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28) + e.compressedSize;
    if (end > cdOffset) throw new ZipError('corrupt', `${e.name} 的数据不完整`);
    return { start: p, end, name: e.name };
  });
  spans.sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.start < spans[i - 1]!.end) throw new ZipError('overlap', spans[i]!.name);
  }
}

export interface ZipArchive {
  readonly entries: readonly ZipEntry[];
  /** The bytes of one entry, counted against the archive's budget and deadline. */
  read(entry: ZipEntry): Buffer;
}

/**
 * The one bounded way to read entries: lists the archive (as `listZip`), then each
 * read is refused with `too_large` once the bytes inflated so far plus the entry's
 * declared size pass the budget, and with `too_slow` once the deadline has passed.
 * Inflating is synchronous, so the deadline is checked before each entry; the budget
 * bounds the time one entry can take.
 */
export function openZip(buf: Buffer, limits: ZipReadLimits): ZipArchive {
  const now = limits.now ?? (() => performance.now());
  const started = now();
  const entries = listZip(buf, limits);
  const budget = limits.maxInflatedBytes ?? limits.maxTotalBytes;
  const maxMillis = limits.maxMillis ?? 2000;
  let inflated = 0;
  return {
    entries,
    read(e) {
      if (now() - started > maxMillis) throw new ZipError('too_slow', `超过 ${maxMillis / 1000} 秒`);
      if (inflated + e.size > budget) throw new ZipError('too_large', `超过 ${Math.round(budget / 1048576)} MB`);
      const out = readEntry(buf, e);
      inflated += out.length;
      return out;
    },
  };
}

/**
 * The bytes of one entry, inflated to at most its declared size; a stream that
 * would inflate further, or ends short, or fails its CRC throws ZipError. Stored
 * and deflated entries only (method 0 and 8), no encryption: other entries throw
 * with problem 'corrupt' and a detail naming the method.
 */
export function readEntry(buf: Buffer, e: ZipEntry): Buffer {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw new ZipError('corrupt', `${e.name} 的文件头缺失`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  if (start + e.compressedSize > buf.length) throw new ZipError('corrupt', `${e.name} 的数据不完整`);
  if (e.encrypted) throw new ZipError('corrupt', `${e.name} 已加密`);
  const data = buf.subarray(start, start + e.compressedSize);
  let out: Buffer;
  if (e.method === 0) {
    out = data;
  } else if (e.method === 8) {
    try {
      // One byte of room: a stream that fills it inflates beyond its declared size.
      out = inflateRawSync(data, { maxOutputLength: e.size + 1 });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new ZipError('bomb', e.name);
      throw new ZipError('corrupt', `${e.name} 无法解压`);
    }
  } else {
    throw new ZipError('corrupt', `${e.name} 使用了不支持的压缩方式（${e.method}）`);
  }
  if (out.length !== e.size) throw new ZipError('bomb', e.name);
  if (crc32(out) >>> 0 !== e.crc >>> 0) throw new ZipError('corrupt', `${e.name} 校验失败`);
  return out;
}
