import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config, TrustProxy } from './config.js';
import type { Db } from './db/database.js';
import { AppError } from './errors.js';
import { getSettings } from './features/settings/settings.js';
import { resolveApiToken, resolveSession } from './features/accounts/account.service.js';
import { runtimeOf } from './db/runtime.js';
import { DEFAULT_BODY_LIMIT, registerCore, isApi, isOffice, pageContext, toAppError } from './web/core.js';
import { createFrontDoor, registerPageCache } from './web/page-cache.js';
import { platformRoutes } from './web/platform.routes.js';
import { registerPortalSite } from './features/portal/portal-site.js';
import { ErrorPage } from './web/views/ErrorPage.js';
import { ensurePlatform } from './platform/open.js';
import { registerMaintenance } from './features/backup/maintenance.js';

export interface AppDeps {
  config: Config;
  db: Db;
}

export interface BuildOptions {
  /** Pino logging; tests turn it off. */
  logger?: boolean;
}

/**
 * Fastify's option for TRUST_PROXY. A hop count becomes a function of the hop index
 * (0 is the socket's peer): Fastify itself treats a bare number as "trust none".
 * A hop count is only sound when the platform cannot be reached past its proxies
 * (HOST=127.0.0.1 or a firewall); addresses/CIDR ranges check who the peer is.
 */
export function trustProxyOption(tp: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof tp === 'number') return (_address, hop) => hop < tp;
  return tp;
}

/** Builds the whole application (not listening): used by the server, the CLI and tests. */
export async function buildApp(given: AppDeps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const deps: AppDeps = { ...given, db: ensurePlatform(given.db) };
  const { config } = deps;
  // Hot portal pages are answered from memory before routing (src/web/page-cache.ts).
  const frontDoor = createFrontDoor();
  const app = Fastify({
    serverFactory: frontDoor.serverFactory,
    logger: options.logger === false ? false : { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    trustProxy: trustProxyOption(config.trustProxy),
    // Small by default; the few routes that take a long text raise it (LARGE_BODY_LIMIT).
    // Uploads are multipart, limited by MAX_UPLOAD_MB in the multipart plugin.
    bodyLimit: DEFAULT_BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  app.decorate('deps', deps);

  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(formbody, { bodyLimit: DEFAULT_BODY_LIMIT });
  await app.register(multipart, { limits: { fileSize: config.maxUploadBytes, files: 20, fields: 200 } });
  await app.register(rateLimit, { global: false });
  registerCore(app, { token: resolveApiToken, session: resolveSession });
  registerPageCache(app, {}, frontDoor);
  registerMaintenance(app, config.dataDir);
  registerPortalSite(app);

  app.setErrorHandler(async (err, req, reply) => {
    const appErr = toAppError(err, req);
    if (isApi(req)) return reply.code(appErr.status).send(appErr.toJSON());
    if (appErr.code === 'UNAUTHENTICATED' && isOffice(req) && req.method === 'GET') {
      return reply.redirect(`/office/login?next=${encodeURIComponent(req.url)}`, 303);
    }
    const settings = await getSettings(deps.db).catch(() => ({ siteName: '政府信息公开平台' }));
    return reply.page(
      ErrorPage({ ctx: pageContext(req, reply), status: appErr.status, message: appErr.message, office: isOffice(req), siteName: settings.siteName }),
      appErr.status,
    );
  });
  app.setNotFoundHandler(async (req) => {
    throw new AppError('NOT_FOUND', isApi(req) ? `没有这个接口：${req.method} ${req.url.split('?')[0]}` : '您访问的页面不存在或已被移除');
  });

  await app.register(platformRoutes);
  // Every feature's routes from the registry the database handle carries; catch-all
  // portal paths last.
  const { features } = runtimeOf(deps.db).registry;
  for (const f of features) for (const routes of f.routes ?? []) await app.register(routes);
  for (const f of features) for (const routes of f.lateRoutes ?? []) await app.register(routes);
  return app;
}
