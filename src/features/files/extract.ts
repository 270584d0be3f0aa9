/**
 * The one reader of the text inside files, for the search index, for screening
 * and for imports alike (remembered per hash by files.service.ts): text-based
 * PDF (pdf.js through unpdf, which reads CID fonts through their ToUnicode maps,
 * as Chinese PDFs need), DOCX, XLSX and OFD (their XML, read with the defensive
 * zip reader). Scanned PDFs have no text layer and report `empty`; old binary
 * .doc/.xls are `unsupported`. Never throws.
 */
import { decodeEntities, parseHtml, textContent } from '../text/html.js';
import { decodePage } from './charset.js';
import { openZip, ZipError, type ZipReadLimits } from './zip.js';

/** The most text kept of one file (characters): enough for search and screening, bounded for memory. */
export const MAX_TEXT_CHARS = 500_000;

export const ATTACHMENT_TEXT_STATUSES = {
  ok: '已提取文字',
  empty: '没有文字层（可能是扫描件），未能提取文字',
  unsupported: '该格式暂不能提取文字',
  failed: '文件无法读取，未能提取文字',
} as const;
export type AttachmentTextStatus = keyof typeof ATTACHMENT_TEXT_STATUSES;

export interface ExtractedText {
  status: AttachmentTextStatus;
  text: string;
  message: string;
}

const MAX_PAGES = 2000;
// Office files hold a few dozen parts (images included, which are listed but never
// inflated). Only the text parts are inflated, through the bounded reader: 32 MB of
// XML in all is far more than the 500,000 characters kept, and takes a fraction of
// a second; past the budget or the deadline (a backstop for a loaded machine) the
// file is `failed`, with the reason.
export const EXTRACT_ZIP_LIMITS = { maxEntries: 5000, maxTotalBytes: 1024 * 1024 * 1024, maxInflatedBytes: 32 * 1024 * 1024, maxMillis: 5000 };

function result(status: AttachmentTextStatus, text = '', message: string = ATTACHMENT_TEXT_STATUSES[status]): ExtractedText {
  const clipped = text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
  if (status === 'ok' && clipped.replace(/\s/g, '') === '') return { status: 'empty', text: '', message: ATTACHMENT_TEXT_STATUSES.empty };
  return { status, text: clipped, message };
}

async function pdfText(bytes: Buffer): Promise<ExtractedText> {
  const { getDocumentProxy } = await import('unpdf');
  // pdf.js may detach the buffer it is given: hand it a copy.
  const doc = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false });
  try {
    const parts: string[] = [];
    let length = 0;
    const pages = Math.min(doc.numPages, MAX_PAGES);
    for (let i = 1; i <= pages && length < MAX_TEXT_CHARS; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
      }
      parts.push(text);
      length += text.length;
      page.cleanup();
    }
    return result('ok', parts.join('\n'));
  } finally {
    await doc.destroy();
  }
}

function xmlText(xml: string, paragraph: RegExp): string {
  return decodeEntities(
    xml
      .replace(paragraph, '\n')
      .replace(/<w:tab\/>|<\/c>|<\/a:t>/g, ' ')
      .replace(/<w:br\/>|<w:cr\/>/g, '\n')
      .replace(/<[^>]+>/g, ''),
  );
}

function officeText(bytes: Buffer, kind: 'docx' | 'xlsx' | 'ofd', limits: ZipReadLimits): ExtractedText {
  const zip = openZip(bytes, limits);
  const entries = zip.entries.filter((e) => !e.directory);
  const wanted =
    kind === 'docx'
      ? /^word\/(document|footnotes|endnotes)\.xml$/
      : kind === 'xlsx'
        ? /^xl\/sharedStrings\.xml$/
        : /^Doc_\d+\/Pages\/Page_\d+\/Content\.xml$/;
  const parts: string[] = [];
  let length = 0;
  const sorted = entries.filter((e) => wanted.test(e.name)).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  // Parts past the text kept are not read at all.
  for (const e of sorted) {
    if (length >= MAX_TEXT_CHARS) break;
    const xml = zip.read(e).toString('utf8');
    const text =
      kind === 'ofd'
        ? [...xml.matchAll(/<ofd:TextCode[^>]*>([^<]*)<\/ofd:TextCode>/g)].map((m) => decodeEntities(m[1]!)).join('')
        : xmlText(xml, kind === 'docx' ? /<\/w:p>/g : /<\/si>/g);
    parts.push(text);
    length += text.length;
  }
  if (sorted.length === 0) return result('failed');
  return result('ok', parts.join('\n'));
}

/**
 * Kinds as files.ts names them (or a file extension). `limits` bounds the reading
 * of Office archives (tests tighten the deadline with a fake clock).
 */
export async function extractAttachmentText(bytes: Buffer, kind: string, limits: ZipReadLimits = EXTRACT_ZIP_LIMITS): Promise<ExtractedText> {
  try {
    switch (kind.toLowerCase()) {
      case 'pdf':
        return await pdfText(bytes);
      case 'docx':
      case 'xlsx':
      case 'ofd':
        return officeText(bytes, kind.toLowerCase() as 'docx' | 'xlsx' | 'ofd', limits);
      case 'txt':
        return result('ok', decodePage(bytes).text);
      case 'html':
      case 'htm':
        return result('ok', textContent(parseHtml(decodePage(bytes).text)));
      default:
        return result('unsupported');
    }
  } catch (err) {
    return result('failed', '', err instanceof ZipError ? `${ATTACHMENT_TEXT_STATUSES.failed}：${err.message}` : ATTACHMENT_TEXT_STATUSES.failed);
  }
}
