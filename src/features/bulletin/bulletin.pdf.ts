/**
 * PDF of a notice, printed by Chromium (a maintained engine: its own layout, fonts
 * and PDF writer) through playwright-core. One browser, launched on first use and
 * reused; at most `concurrency` pages print at once and a few more wait; each print
 * has a deadline. When Chromium is missing or fails, the caller gets 503
 * BULLETIN_PDF_UNAVAILABLE and the HTML print view still works. Identical notices
 * (same HTML, same size) are served from a small in-memory cache by content hash.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../errors.js';
import type { BulletinSize } from './bulletin.js';

/** Chromium flags for a server: no sandbox as root, no background traffic, no GPU. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export interface PdfRendererOptions {
  /** The Chromium binary (CHROMIUM_PATH); /usr/bin/chromium by default. */
  executablePath: string;
  /** Prints running at once. */
  concurrency: number;
  /** Prints waiting beyond those; more are refused at once (503) rather than queued forever. */
  maxQueued: number;
  /** Milliseconds for one print, including the wait for a free slot. */
  timeoutMs: number;
  /** Cached PDFs (by hash of HTML and size). */
  cacheEntries: number;
}

export interface PdfRenderer {
  render(html: string, size: BulletinSize): Promise<Buffer>;
  close(): Promise<void>;
  /** Figures for the report and tests: prints made and served from cache. */
  readonly stats: { printed: number; cached: number };
}

export function defaultPdfOptions(env: NodeJS.ProcessEnv = process.env): PdfRendererOptions {
  return {
    executablePath: env.CHROMIUM_PATH || '/usr/bin/chromium',
    concurrency: Math.max(1, Number(env.BULLETIN_PDF_CONCURRENCY) || 2),
    maxQueued: 16,
    timeoutMs: Math.max(1000, Number(env.BULLETIN_PDF_TIMEOUT_MS) || 20_000),
    cacheEntries: 64,
  };
}

const unavailable = (why: string) => new AppError('BULLETIN_PDF_UNAVAILABLE', `公示栏打印版 PDF 暂时无法生成（${why}），请使用网页打印版`);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Browser = any;

export function createPdfRenderer(opts: PdfRendererOptions): PdfRenderer {
  let browser: Promise<Browser> | null = null;
  let running = 0;
  const waiting: (() => void)[] = [];
  const cache = new Map<string, Buffer>();
  const stats = { printed: 0, cached: 0 };

  async function launch(): Promise<Browser> {
    const { chromium } = await import('playwright-core');
    const b = await chromium.launch({ executablePath: opts.executablePath, args: ARGS, timeout: opts.timeoutMs });
    // A crashed browser is launched again on the next print.
    b.on('disconnected', () => {
      browser = null;
    });
    return b;
  }

  function getBrowser(): Promise<Browser> {
    if (!browser) {
      browser = launch().catch((e: unknown) => {
        browser = null;
        throw unavailable(`无法启动 Chromium：${(e as Error).message.split('\n')[0]}`);
      });
    }
    return browser;
  }

  async function slot(deadline: number): Promise<void> {
    if (running < opts.concurrency) {
      running++;
      return;
    }
    if (waiting.length >= opts.maxQueued) throw unavailable('排队的打印任务过多');
    await new Promise<void>((resolve, reject) => {
      const go = () => {
        clearTimeout(timer);
        running++;
        resolve();
      };
      const timer = setTimeout(() => {
        const i = waiting.indexOf(go);
        if (i >= 0) waiting.splice(i, 1);
        reject(unavailable('等待超时'));
      }, Math.max(0, deadline - Date.now()));
      waiting.push(go);
    });
  }

  function release() {
    running--;
    waiting.shift()?.();
  }

  async function print(html: string, size: BulletinSize, deadline: number): Promise<Buffer> {
    const b = await getBrowser();
    // No script and no network: the notice is self-contained.
    const context = await b.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      const left = () => Math.max(1, deadline - Date.now());
      await page.setContent(html, { waitUntil: 'load', timeout: left() });
      const pdf: Buffer = await page.pdf({ format: size, printBackground: true, preferCSSPageSize: true, timeout: left() } as never);
      return pdf;
    } finally {
      await context.close().catch(() => undefined);
    }
  }

  return {
    stats,
    async render(html, size) {
      const key = createHash('sha256').update(size).update('\u0000').update(html).digest('hex');
      const hit = cache.get(key);
      if (hit) {
        stats.cached++;
        return hit;
      }
      const deadline = Date.now() + opts.timeoutMs;
      await slot(deadline);
      try {
        const pdf = await Promise.race([
          print(html, size, deadline),
          new Promise<never>((_, reject) => setTimeout(() => reject(unavailable('生成超时')), Math.max(1, deadline - Date.now())).unref()),
        ]);
        stats.printed++;
        if (cache.size >= opts.cacheEntries) cache.delete(cache.keys().next().value as string);
        cache.set(key, pdf);
        return pdf;
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw unavailable((e as Error).message.split('\n')[0] ?? 'Chromium 出错');
      } finally {
        release();
      }
    },
    async close() {
      const b = browser;
      browser = null;
      if (b) await (await b.catch(() => null))?.close().catch(() => undefined);
    },
  };
}

let shared: PdfRenderer | null = null;

/** The process's renderer, made from the environment on first use. */
export function bulletinPdfRenderer(): PdfRenderer {
  return (shared ??= createPdfRenderer(defaultPdfOptions()));
}

/** Swaps the process's renderer (tests: an unavailable Chromium); returns the previous one. */
export function useBulletinPdfRenderer(r: PdfRenderer | null): PdfRenderer | null {
  const prev = shared;
  shared = r;
  return prev;
}
