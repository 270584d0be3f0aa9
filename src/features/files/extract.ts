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
import { listZip, readEntry, ZipError } from './zip.js';

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
// Office files hold a few dozen parts; only the text parts are inflated, each to its
// declared size at most, and the declared sizes must add up to something sane.
const ZIP_LIMITS = { maxEntries: 5000, maxTotalBytes: 256 * 1024 * 1024 };

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

function officeText(bytes: Buffer, kind: 'docx' | 'xlsx' | 'ofd'): ExtractedText {
  const entries = listZip(bytes, ZIP_LIMITS).filter((e) => !e.directory);
  const wanted =
    kind === 'docx'
      ? /^word\/(document|footnotes|endnotes)\.xml$/
      : kind === 'xlsx'
        ? /^xl\/sharedStrings\.xml$/
        : /^Doc_\d+\/Pages\/Page_\d+\/Content\.xml$/;
  const parts = entries
    .filter((e) => wanted.test(e.name))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))
    .map((e) => {
      const xml = readEntry(bytes, e).toString('utf8');
      if (kind === 'ofd') return [...xml.matchAll(/<ofd:TextCode[^>]*>([^<]*)<\/ofd:TextCode>/g)].map((m) => decodeEntities(m[1]!)).join('');
      return xmlText(xml, kind === 'docx' ? /<\/w:p>/g : /<\/si>/g);
    });
  if (parts.length === 0) return result('failed');
  return result('ok', parts.join('\n'));
}

/** Kinds as files.ts names them (or a file extension). */
export async function extractAttachmentText(bytes: Buffer, kind: string): Promise<ExtractedText> {
  try {
    switch (kind.toLowerCase()) {
      case 'pdf':
        return await pdfText(bytes);
      case 'docx':
      case 'xlsx':
      case 'ofd':
        return officeText(bytes, kind.toLowerCase() as 'docx' | 'xlsx' | 'ofd');
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
