/**
 * The one reader of the text inside files, for the search index, for screening
 * and for imports alike (remembered per hash by files.service.ts): text-based
 * PDF (pdf.js through unpdf, which reads CID fonts through their ToUnicode maps,
 * as Chinese PDFs need), DOCX, XLSX and OFD (their XML, read with the defensive
 * zip reader). Scanned PDFs have no text layer and report `empty`; old binary
 * .doc/.xls are `unsupported`. Never throws.
 */
import { Worker } from 'node:worker_threads';
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

/**
 * PDF text is read in a worker thread: pdf.js parses in the thread that calls it, and a
 * crafted file (a page tree of millions of nodes, a content stream that loops) would
 * otherwise hold the server's event loop. Bounds, past any of which the worker is
 * terminated and the file is `failed` with the reason: a deadline; a V8 heap limit; and,
 * because pdf.js decodes streams into typed arrays outside that heap (a 300 KB file can
 * inflate to gigabytes), the process's resident memory watched from this thread. One
 * worker at a time (`concurrency`), so that budget is the worker's and uploads queue.
 * The worker's code is plain JavaScript here (no loader needed, the same from src/ and
 * dist/).
 */
export const PDF_LIMITS = { maxMillis: 30_000, maxHeapMb: 512, maxMemoryMb: 768, concurrency: 1 };

let pdfRunning = 0;
const pdfQueue: (() => void)[] = [];

async function pdfSlot<T>(concurrency: number, run: () => Promise<T>): Promise<T> {
  while (pdfRunning >= concurrency) await new Promise<void>((resolve) => pdfQueue.push(resolve));
  pdfRunning++;
  try {
    return await run();
  } finally {
    pdfRunning--;
    pdfQueue.shift()?.();
  }
}

const PDF_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { getDocumentProxy } = await import(workerData.unpdf);
  const doc = await getDocumentProxy(workerData.bytes, { verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false });
  try {
    const parts = [];
    let length = 0;
    const pages = Math.min(doc.numPages, workerData.maxPages);
    for (let i = 1; i <= pages && length < workerData.maxChars; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\\n' : '');
      parts.push(text);
      length += text.length;
      page.cleanup();
    }
    parentPort.postMessage({ text: parts.join('\\n') });
  } finally {
    await doc.destroy();
  }
})().catch((e) => parentPort.postMessage({ error: String(e && e.message || e) }));
`;

function pdfText(bytes: Buffer, limits: typeof PDF_LIMITS): Promise<ExtractedText> {
  return pdfSlot(limits.concurrency, () => pdfInWorker(bytes, limits));
}

function pdfInWorker(bytes: Buffer, limits: typeof PDF_LIMITS): Promise<ExtractedText> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: ExtractedText) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watch);
      void worker.terminate();
      resolve(r);
    };
    // A copy the worker owns (moved, not copied again): pdf.js may detach what it is given.
    const copy = new Uint8Array(bytes);
    const baseline = process.memoryUsage.rss();
    const worker = new Worker(PDF_WORKER, {
      eval: true,
      execArgv: [],
      workerData: { unpdf: import.meta.resolve('unpdf'), bytes: copy, maxPages: MAX_PAGES, maxChars: MAX_TEXT_CHARS },
      transferList: [copy.buffer],
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb },
    });
    const timer = setTimeout(() => done(result('failed', '', `${ATTACHMENT_TEXT_STATUSES.failed}：读取超过 ${Math.round(limits.maxMillis / 1000)} 秒，已停止`)), limits.maxMillis);
    const tooMuchMemory = () => done(result('failed', '', `${ATTACHMENT_TEXT_STATUSES.failed}：读取所需内存超过 ${limits.maxMemoryMb} MB，已停止`));
    const watch = setInterval(() => {
      if (process.memoryUsage.rss() - baseline > limits.maxMemoryMb * 1024 * 1024) tooMuchMemory();
    }, 20);
    worker.once('message', (m: { text?: string; error?: string }) => done(m.error !== undefined ? result('failed') : result('ok', m.text ?? '')));
    worker.once('error', (e: Error & { code?: string }) => (e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooMuchMemory() : done(result('failed'))));
    worker.once('exit', () => done(result('failed')));
  });
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
 * of Office archives (tests tighten the deadline with a fake clock), `pdf` the PDF worker.
 */
export async function extractAttachmentText(bytes: Buffer, kind: string, limits: ZipReadLimits = EXTRACT_ZIP_LIMITS, pdf: typeof PDF_LIMITS = PDF_LIMITS): Promise<ExtractedText> {
  try {
    switch (kind.toLowerCase()) {
      case 'pdf':
        return await pdfText(bytes, pdf);
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
