import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError, isAppError } from '../errors.js';
import type { SessionInfo } from '../features/accounts/account.service.js';
import { can, isPermission, type Permission } from '../features/access/policy.js';
import { tokensEqual } from '../lib/crypto.js';
import { runtimeOf } from '../db/runtime.js';
import type { Actor } from '../features/access/roles.js';
import { type PortalSite, parsePrefs, type MenuLink, type PageContext } from './context.js';
import { renderForScript } from './script-render.js';
import { nowDateOf } from '../db/runtime.js';

/** Who may call a route: anyone, any signed-in person, or holders of a permission. */
export type Access = 'public' | 'authenticated' | Permission;

export interface ApiDoc {
  summary: string;
  tags?: string[];
  /** zod schemas or JSON Schema objects describing input and output. */
  body?: unknown;
  query?: unknown;
  response?: unknown;
  /** The success status when it is not 200 (201 for creation; 204 answers no body). */
  status?: number;
  description?: string;
  /**
   * The media type of a success body that is not JSON (a bulletin's `text/html` or
   * `application/pdf`). A portal route with it is documented too; its errors are the HTML error page.
   */
  produces?: string;
}

export interface RouteInfo {
  method: string;
  url: string;
  access: Access | undefined;
  doc?: ApiDoc | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    doc?: ApiDoc;
    /** A page that a person whose password must change may still open. */
    allowPasswordChangePending?: boolean;
    /** A page a session still owing its second factor may open (the 2FA pages, sign-out). */
    allowSecondFactorPending?: boolean;
  }
  interface FastifyInstance {
    deps: { config: Config; db: Db };
    routeTable: RouteInfo[];
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionInfo: SessionInfo | null;
    /** Footer facts of a public page (src/web/portal-site.ts). */
    portalSite: PortalSite | null;
  }
  interface FastifyReply {
    page(vnode: VNode, status?: number): FastifyReply;
  }
}

/** Bytes of a JSON or form body a route accepts unless it says otherwise. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
/**
 * For the routes that take a publication's body: up to 2,000,000 characters of HTML
 * before sanitizing, which URL-encoded Chinese makes about 18 MB.
 */
export const LARGE_BODY_LIMIT = 20 * 1024 * 1024;

export const SESSION_COOKIE = 'gk_sid';
export const ANON_COOKIE = 'gk_anon';
export const PREFS_COOKIE = 'gk_prefs';
export const FLASH_COOKIE = 'gk_flash';

/**
 * The path that decides access: the pattern of the route the router matched, never
 * the raw URL. The router decodes the path (`/%6Fffice/settings` matches
 * `/office/settings`), so a test on the raw URL could be walked around. Only when no
 * route matched (a 404) is the decoded path used, and then just to choose how to answer.
 */
function accessPath(req: FastifyRequest): string {
  const pattern = req.routeOptions?.url;
  if (pattern) return pattern;
  const raw = req.url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export const isApi = (req: FastifyRequest) => accessPath(req).startsWith('/api/');
export const isOffice = (req: FastifyRequest) => {
  const p = accessPath(req);
  return p === '/office' || p.startsWith('/office/');
};

export function secureCookies(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

/**
 * The CSRF token for this request's forms: the session's own token when signed
 * in, otherwise an HMAC of an anonymous cookie (set here if missing) so the login
 * form and public forms are protected too.
 */
export function csrfTokenFor(req: FastifyRequest, reply: FastifyReply, secret: string): string {
  if (req.sessionInfo) return req.sessionInfo.csrfToken;
  let anon = req.cookies[ANON_COOKIE];
  if (!anon || !/^[A-Za-z0-9_-]{20,64}$/.test(anon)) {
    anon = randomBytes(24).toString('base64url');
    reply.setCookie(ANON_COOKIE, anon, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies(req) });
    req.cookies[ANON_COOKIE] = anon;
  }
  return createHmac('sha256', secret).update(`anon:${anon}`).digest('base64url');
}

function expectedCsrf(req: FastifyRequest, secret: string): string | null {
  if (req.sessionInfo) return req.sessionInfo.csrfToken;
  const anon = req.cookies[ANON_COOKIE];
  return anon ? createHmac('sha256', secret).update(`anon:${anon}`).digest('base64url') : null;
}

/**
 * The context a view needs. Public pages get no CSRF token unless they carry a
 * form, so they set no cookie and stay cacheable by a proxy.
 */
/**
 * The page's own address as its toolbar links and QR code repeat it: a very long query
 * is dropped, or a 60 KB URL becomes a page of megabytes and seconds of rendering.
 */
const MAX_PAGE_PATH = 2048;
export function pagePath(url: string): string {
  if (url.length <= MAX_PAGE_PATH) return url;
  const path = url.split('?')[0]!;
  return path.length <= MAX_PAGE_PATH ? path : '/';
}

export function pageContext(req: FastifyRequest, reply: FastifyReply, opts: { csrf?: boolean } = {}): PageContext {
  const { config } = req.server.deps;
  const flash = req.cookies[FLASH_COOKIE];
  if (flash) reply.clearCookie(FLASH_COOKIE, { path: '/' });
  let decodedFlash: string | null = null;
  if (flash) {
    try {
      decodedFlash = decodeURIComponent(flash);
    } catch {
      decodedFlash = null;
    }
  }
  return {
    path: pagePath(req.url),
    publicUrl: config.publicUrl,
    prefs: parsePrefs(req.cookies[PREFS_COOKIE]),
    actor: req.actor,
    csrfToken: isOffice(req) || opts.csrf ? csrfTokenFor(req, reply, config.sessionSecret) : undefined,
    flash: decodedFlash,
    now: nowDateOf(req.server.deps.db),
    menu: req.actor ? officeMenuFor(req.server.deps.db, req.actor) : [],
    site: req.portalSite ?? undefined,
  };
}

/** The office menu (from the feature registry) as far as this person may use it. */
function officeMenuFor(db: Db, actor: Actor): MenuLink[] {
  return runtimeOf(db)
    .registry.officeMenu.filter((m) => m.permission === 'authenticated' || (isPermission(m.permission) && can(actor, m.permission)))
    .map((m) => ({ href: m.href, label: m.label }));
}

const OWN_ORIGIN = 'http://gongkai.invalid';

/**
 * A user-supplied redirect target (`back`, `next`) as a path on this site, or
 * `fallback`. The target is resolved against the site's own origin the way a browser
 * resolves a Location header (tabs and newlines dropped, `\` read as `/`), and kept
 * only when the origin stays ours and the result cannot be read as `//host`. The URL
 * serializer percent-encodes controls and non-ASCII, so the header is always valid.
 * `within` restricts the path further (the login's `next` stays in the office).
 */
export function localTarget(raw: unknown, fallback: string, within?: RegExp): string {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.length > 2048) return fallback;
  let u: URL;
  try {
    u = new URL(raw, OWN_ORIGIN);
  } catch {
    return fallback;
  }
  if (u.origin !== OWN_ORIGIN) return fallback;
  const target = `${u.pathname}${u.search}${u.hash}`;
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
  if (within && !within.test(u.pathname)) return fallback;
  return target;
}

/** Redirect after a successful POST, with a one-time message for the next page. */
export function redirectWithFlash(reply: FastifyReply, url: string, message: string) {
  reply.setCookie(FLASH_COOKIE, encodeURIComponent(message), { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 });
  return reply.redirect(url, 303);
}

/** How the core learns who is calling: the accounts feature supplies it (src/app.ts). */
export interface Authenticator {
  /** The actor of a bearer token; throws TOKEN_INVALID for a bad one. */
  token(db: Db, bearer: string, ip: string): Promise<Actor>;
  /** The session of a cookie, or null when it is unknown or expired. */
  session(db: Db, cookie: string, ip: string): Promise<SessionInfo | null>;
}

/** Whether a parsed query, params or body holds a NUL in any string (file bytes are not strings). */
function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 32 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return false;
  if (Array.isArray(value)) return value.some((v) => hasNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v, depth + 1));
}

/**
 * Hooks shared by every route: resolve who is calling (session cookie or bearer
 * token) on the office and API, enforce the route's declared access, check CSRF
 * on every state-changing request that a browser could forge.
 */
export function registerCore(app: FastifyInstance, auth: Authenticator): void {
  const { db, config } = app.deps;
  app.decorate('routeTable', [] as RouteInfo[]);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionInfo', null);
  app.decorateReply('page', function (this: FastifyReply, vnode: VNode, status = 200) {
    let html = `<!doctype html>${render(vnode)}`;
    // Public pages follow the reader's script choice; the office is always simplified.
    if (!isOffice(this.request)) html = renderForScript(html, parsePrefs(this.request.cookies[PREFS_COOKIE]).script);
    return this.code(status).type('text/html; charset=utf-8').send(html);
  });

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      app.routeTable.push({ method, url: route.url, access: route.config?.access, doc: route.config?.doc });
    }
  });

  // Who is calling and whether they may, decided before the body is read: a stranger's
  // large POST to the office or the API is refused without being parsed.
  app.addHook('onRequest', async (req, reply) => {
    if (!isApi(req) && !isOffice(req)) return undefined;
    const header = req.headers.authorization;
    if (header && /^Bearer\s+/i.test(header)) {
      req.actor = await auth.token(db, header.replace(/^Bearer\s+/i, '').trim(), req.ip);
    } else {
      const sid = req.cookies[SESSION_COOKIE];
      if (sid) {
        req.sessionInfo = await auth.session(db, sid, req.ip);
        req.actor = req.sessionInfo?.actor ?? null;
      }
    }
    if (req.is404) return undefined;
    const access = req.routeOptions.config?.access;
    if (access === undefined) throw new AppError('INTERNAL', `route ${req.routeOptions.url} declares no access rule`);
    if (access !== 'public') {
      if (!req.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
      if (isPermission(access) && !can(req.actor, access)) throw new AppError('FORBIDDEN', '您没有执行此操作的权限');
      if (req.actor.mustChangePassword && !req.routeOptions.config?.allowPasswordChangePending) {
        // Every door: the office sends the person to the form, the API answers with a code.
        if (isApi(req)) throw new AppError('PASSWORD_CHANGE_REQUIRED', '须先修改初始密码（办公系统“修改密码”），才能使用 API');
        return reply.redirect('/office/account/password', 303);
      }
      const cfg = req.routeOptions.config;
      if (req.actor.secondFactorPending && !cfg?.allowSecondFactorPending && !(req.actor.mustChangePassword && cfg?.allowPasswordChangePending)) {
        // After the password, a reviewer, leader or administrator gives the second factor
        // before any other office page or staff API call (decision 0019).
        if (isApi(req)) throw new AppError('SECOND_FACTOR_REQUIRED', '须先在办公系统完成双因素认证，才能使用 API');
        return reply.redirect('/office/account/2fa', 303);
      }
    }
    return undefined;
  });

  app.addHook('preHandler', async (req) => {
    if (req.is404) return undefined;
    // PostgreSQL cannot store U+0000 in text; no field has a use for it. Refused here, for
    // every route, rather than as a 500 from the database.
    if (hasNul(req.query) || hasNul(req.params) || hasNul(req.body)) throw new AppError('VALIDATION_FAILED', '输入中含有不允许的空字符（U+0000）');
    if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method) && req.actor?.via !== 'token') {
      const expected = expectedCsrf(req, config.sessionSecret);
      const body = req.body as Record<string, unknown> | undefined;
      const sent = (req.headers['x-csrf-token'] as string | undefined) ?? (typeof body?._csrf === 'string' ? body._csrf : undefined);
      if (!expected || !sent || !tokensEqual(expected, sent)) {
        // Anonymous API calls carry no cookie a browser could forge; everything else must match.
        if (!(isApi(req) && !req.sessionInfo)) throw new AppError('CSRF_INVALID', '表单已过期或来源不明，请刷新页面后重新提交');
      }
    }
    return undefined;
  });

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'strict-origin-when-cross-origin');
    reply.header('X-Frame-Options', 'SAMEORIGIN');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) {
      reply.header(
        'Content-Security-Policy',
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
      );
      if (isOffice(req)) reply.header('Cache-Control', 'no-store');
    }
    // What a signed-in person (or a token) is shown is theirs: never kept by a shared cache.
    if (isApi(req) && (req.actor || req.headers.authorization || req.cookies[SESSION_COOKIE])) {
      reply.header('Cache-Control', 'private, no-store');
      reply.header('Vary', 'Authorization, Cookie');
    }
    // Behind TLS (directly or through a trusted proxy), browsers are told to stay on https.
    if (req.protocol === 'https') reply.header('Strict-Transport-Security', 'max-age=31536000');
    return payload;
  });
}

/** Maps any thrown error to an AppError; 5xx details go to the log, never to the client. */
export function toAppError(err: unknown, req: FastifyRequest): AppError {
  if (isAppError(err)) return err;
  const e = err as { statusCode?: number; code?: string; validation?: unknown; message?: string };
  const status = e.statusCode ?? 500;
  if (status === 413 || e.code === 'FST_REQ_FILE_TOO_LARGE' || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.code === 'FST_FILES_LIMIT' || e.code === 'FST_PARTS_LIMIT') {
    return new AppError('PAYLOAD_TOO_LARGE', `上传内容超过大小限制（${Math.round(req.server.deps.config.maxUploadBytes / 1048576)} MB）`);
  }
  if (status === 429) return new AppError('RATE_LIMITED', '操作过于频繁，请稍后再试');
  // PostgreSQL refusing a character (U+0000 and the like) is bad input, not a fault.
  if (e.code === '22021' || e.code === '22P05') return new AppError('VALIDATION_FAILED', '输入中含有不允许的字符');
  // A number past an integer column's range (a version or an id list the schema lets through) is bad input too.
  if (e.code === '22003') return new AppError('VALIDATION_FAILED', '输入的数值超出范围');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型');
  if (status === 404) return new AppError('NOT_FOUND', '页面不存在');
  if (e.validation || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code?.startsWith('FST_ERR_CTP') || (status >= 400 && status < 500)) {
    return new AppError('VALIDATION_FAILED', '请求格式不正确');
  }
  req.log.error({ err }, 'unhandled error');
  return new AppError('INTERNAL', '服务器内部错误，请稍后再试；问题已记录');
}
