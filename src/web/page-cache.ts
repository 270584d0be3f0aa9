import { createHash } from 'node:crypto';
import http from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerFactory } from 'fastify';
import type { DbOrTrx } from '../db/database.js';
import type { ChangeListener } from '../db/runtime.js';
import { parsePrefs, serialisePrefs } from './context.js';
import { FLASH_COOKIE, PREFS_COOKIE } from './core.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A public page the in-process cache may keep and a proxy may cache (ETag, Last-Modified, 304). */
    pageCache?: boolean;
  }
  interface FastifyRequest {
    pageCacheState?: 'hit' | 'miss' | 'bypass';
  }
  interface FastifyInstance {
    pageCache: PageCache;
  }
}

/**
 * The content generation: every publish, revision, withdrawal, column or agency
 * change calls `bumpContentVersion()`, and every cached page of every app in this
 * process is dropped. Other processes (two app servers behind nginx) notice the
 * change within `pollMs` through the audit chain head, which every audited change
 * moves in the same transaction; entries also expire after `ttlMs`, which covers
 * pages that change with the clock alone (a scheduled item going live, a deadline
 * passing).
 */
let contentGeneration = 0;

/** Drop every cached portal page: call after any change the public can see. */
export function bumpContentVersion(): void {
  contentGeneration++;
}

/**
 * The page cache hears about content changes as a commit listener: a change the
 * public may see, once committed, drops every cached page of this process.
 * (src/platform/open.ts puts it on every platform database handle.)
 */
export const pageCacheListener: ChangeListener = {
  phase: 'commit',
  name: 'page-cache',
  handle(change) {
    if (change.public) bumpContentVersion();
  },
};

export function currentContentVersion(): number {
  return contentGeneration;
}

export interface PageCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
  ttlMs?: number;
  /** How often (at most) to read the audit chain head for changes made by other processes. */
  pollMs?: number;
  /** Cache-Control for cacheable responses. */
  cacheControl?: string;
}

interface Entry {
  status: number;
  body: Buffer;
  type: string;
  etag: string;
  lastModified: string;
  storedAt: number;
  /** Every header the response went out with (security headers included) but its length, to replay on a hit. */
  headers?: Record<string, string | number | string[]>;
  /** The same with the content length, for a full answer. */
  fullHeaders?: Record<string, string | number | string[]>;
}

const DEFAULTS: Required<PageCacheOptions> = {
  maxEntries: 5000,
  maxBytes: 64 * 1024 * 1024,
  ttlMs: 60_000,
  pollMs: 1000,
  cacheControl: 'public, max-age=60, stale-while-revalidate=300',
};

/** Whether a request's validators match: If-None-Match first (RFC 9110 §13.2.2), else If-Modified-Since. */
export function notModified(headers: FastifyRequest['headers'], etag: string, lastModified: string): boolean {
  const inm = headers['if-none-match'];
  if (typeof inm === 'string') {
    if (inm.trim() === '*') return true;
    const strip = (t: string) => t.trim().replace(/^W\//, '');
    return inm.split(',').some((t) => strip(t) === strip(etag));
  }
  const ims = headers['if-modified-since'];
  if (typeof ims === 'string') {
    const since = Date.parse(ims);
    const modified = Date.parse(lastModified);
    return Number.isFinite(since) && Number.isFinite(modified) && modified <= since;
  }
  return false;
}

/** An LRU of rendered public pages keyed by URL and reading preferences, for one app. */
export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private seenGeneration = contentGeneration;
  private seenHead: string | null = null;
  private lastPoll = 0;
  /** When this process last saw content change: the pages' Last-Modified. */
  private changedAt = new Date(Math.floor(Date.now() / 1000) * 1000).toUTCString();
  readonly options: Required<PageCacheOptions>;
  hits = 0;
  misses = 0;

  constructor(
    private readonly db: DbOrTrx,
    options: PageCacheOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  get size() {
    return this.entries.size;
  }

  clear() {
    this.entries.clear();
    this.bytes = 0;
    this.changedAt = new Date(Math.floor(Date.now() / 1000) * 1000).toUTCString();
  }

  /** Drops everything if the content changed here or (polled) in another process. */
  async sync(now = Date.now()): Promise<void> {
    if (this.seenGeneration !== contentGeneration) {
      this.seenGeneration = contentGeneration;
      this.clear();
    }
    if (now - this.lastPoll < this.options.pollMs) return;
    this.lastPoll = now;
    const row = await this.db.selectFrom('auditChain').select('lastHash').where('id', '=', 1).executeTakeFirst();
    const head = row?.lastHash ?? '';
    if (this.seenHead !== null && head !== this.seenHead) this.clear();
    this.seenHead = head;
  }

  get lastModified() {
    return this.changedAt;
  }

  get(key: string, now = Date.now()): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (now - e.storedAt > this.options.ttlMs) {
      this.delete(key);
      return undefined;
    }
    // Move to the young end of the LRU.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  set(key: string, entry: Entry) {
    if (entry.body.length > this.options.maxBytes / 8) return;
    this.delete(key);
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
    while (this.entries.size > this.options.maxEntries || this.bytes > this.options.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
  }

  /**
   * Answers a request from memory before Fastify sees it, when that is safe
   * without any asynchronous check: a GET or HEAD, no one-time cookie, this
   * process's content generation unchanged, the audit chain polled within
   * `pollMs`, and a stored page for this URL and these reading preferences.
   * Otherwise returns false and the request takes the normal path (which polls).
   */
  serveRaw(req: http.IncomingMessage, res: http.ServerResponse, now = Date.now()): boolean {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.url) return false;
    if (this.seenGeneration !== contentGeneration || now - this.lastPoll >= this.options.pollMs) return false;
    const cookie = req.headers.cookie;
    if (cookie?.includes(`${FLASH_COOKIE}=`)) return false;
    const hit = this.get(`${req.url}\n${serialisePrefs(parsePrefs(cookie ? cookieValue(cookie, PREFS_COOKIE) : undefined))}`, now);
    if (!hit?.headers) return false;
    this.hits++;
    if (notModified(req.headers, hit.etag, hit.lastModified)) {
      res.writeHead(304, hit.headers);
      res.end();
    } else {
      res.writeHead(hit.status, hit.fullHeaders);
      res.end(req.method === 'HEAD' ? undefined : hit.body);
    }
    return true;
  }

  private delete(key: string) {
    const e = this.entries.get(key);
    if (!e) return;
    this.bytes -= e.body.length;
    this.entries.delete(key);
  }
}

function cookieValue(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * A Node server that lets the page cache answer hot pages before Fastify's
 * routing and hooks run (the rest goes to Fastify as usual). Pass `serverFactory`
 * to Fastify and `attach` the cache once it exists.
 */
export function createFrontDoor() {
  let cache: PageCache | undefined;
  const serverFactory: FastifyServerFactory = (handler) =>
    http.createServer((req, res) => {
      if (cache?.serveRaw(req, res)) return;
      handler(req, res);
    });
  return {
    serverFactory,
    attach(c: PageCache) {
      cache = c;
    },
  };
}

/** Cache key: the URL and the reading preferences the page was rendered with (font, contrast, script). */
export function cacheKey(req: FastifyRequest): string {
  return `${req.url}\n${serialisePrefs(parsePrefs(req.cookies[PREFS_COOKIE]))}`;
}

function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

function setValidators(reply: FastifyReply, cache: PageCache, e: Pick<Entry, 'etag' | 'lastModified'>) {
  reply.header('ETag', e.etag);
  reply.header('Last-Modified', e.lastModified);
  reply.header('Cache-Control', cache.options.cacheControl);
  // Pages differ by the reading-preference cookie; proxies keyed on the whole Cookie header stay correct.
  reply.header('Vary', 'Cookie');
}

/**
 * Serves routes marked `config.pageCache` from memory when it can, stores what
 * they render, and answers conditional requests with 304. A response that sets a
 * cookie (a one-time flash message) is never stored or marked public.
 */
export function registerPageCache(app: FastifyInstance, options: PageCacheOptions = {}, frontDoor?: { attach(c: PageCache): void }): PageCache {
  const cache = new PageCache(app.deps.db, options);
  app.decorate('pageCache', cache);
  frontDoor?.attach(cache);

  app.addHook('onRequest', async (req, reply) => {
    if (!req.routeOptions.config?.pageCache || (req.method !== 'GET' && req.method !== 'HEAD')) return;
    if (req.cookies[FLASH_COOKIE]) {
      req.pageCacheState = 'bypass';
      return;
    }
    await cache.sync();
    const hit = cache.get(cacheKey(req));
    if (!hit) {
      cache.misses++;
      req.pageCacheState = 'miss';
      return;
    }
    cache.hits++;
    req.pageCacheState = 'hit';
    const unchanged = notModified(req.headers, hit.etag, hit.lastModified);
    if (hit.headers) {
      // A hot page costs almost nothing: the stored bytes and headers go straight to the socket.
      reply.hijack();
      reply.raw.writeHead(unchanged ? 304 : hit.status, unchanged ? hit.headers : hit.fullHeaders);
      reply.raw.end(unchanged || req.method === 'HEAD' ? undefined : hit.body);
      return reply;
    }
    setValidators(reply, cache, hit);
    if (unchanged) return reply.code(304).send();
    return reply.code(hit.status).type(hit.type).send(hit.body);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (req.pageCacheState !== 'miss') return payload;
    const status = reply.statusCode;
    if (status !== 200 && status !== 410) return payload;
    if (reply.getHeader('set-cookie')) {
      reply.header('Cache-Control', 'private, no-store');
      return payload;
    }
    const body = typeof payload === 'string' ? Buffer.from(payload) : Buffer.isBuffer(payload) ? payload : null;
    if (!body) return payload;
    const entry: Entry = {
      status,
      body,
      type: String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'),
      etag: etagOf(body),
      lastModified: String(reply.getHeader('last-modified') ?? cache.lastModified),
      storedAt: Date.now(),
    };
    setValidators(reply, cache, entry);
    const headers: Record<string, string | number | string[]> = {};
    for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined && k !== 'set-cookie' && k !== 'content-length') headers[k] = v;
    entry.headers = headers;
    entry.fullHeaders = { ...headers, 'content-length': body.length };
    cache.set(cacheKey(req), entry);
    if (notModified(req.headers, entry.etag, entry.lastModified)) {
      reply.code(304);
      return null;
    }
    return payload;
  });
  return cache;
}
