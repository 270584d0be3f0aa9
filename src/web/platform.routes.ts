import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { nowOf } from '../db/runtime.js';
import { loadAssets } from './assets.js';
import { DEFAULT_PREFS, parsePrefs, serialisePrefs, type Prefs } from './context.js';
import { localTarget, PREFS_COOKIE, secureCookies } from './core.js';
import { buildOpenApi } from './openapi.js';

/** Platform-wide routes: health, static files, reading preferences, the API description. (The front page is the catalog's.) */
export async function platformRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;

  app.get('/healthz', { config: { access: 'public' } }, async (_req, reply) => {
    const started = performance.now();
    let database = 'ok';
    try {
      await sql`select 1`.execute(db);
    } catch {
      database = 'unavailable';
    }
    return reply.code(database === 'ok' ? 200 : 503).send({
      status: database === 'ok' ? 'ok' : 'degraded',
      database,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      time: nowOf(db),
    });
  });

  const assets = loadAssets();
  app.get<{ Params: { file: string }; Querystring: { v?: string } }>('/static/:file', { config: { access: 'public' } }, async (req, reply) => {
    const asset = assets.get(req.params.file);
    if (!asset) return reply.code(404).type('text/plain').send('not found');
    reply.type(asset.type).header('ETag', `"${asset.hash}"`);
    reply.header('Cache-Control', req.query.v === asset.hash ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    if (req.headers['if-none-match'] === `"${asset.hash}"`) return reply.code(304).send();
    return reply.send(asset.body);
  });

  app.get('/robots.txt', { config: { access: 'public' } }, async (_req, reply) =>
    reply.type('text/plain').send(`User-agent: *\nDisallow: /office\nDisallow: /prefs\nSitemap: ${config.publicUrl}/sitemap.xml\n`),
  );

  // A toolbar click: remember the choice in a cookie for a year and go back to the page.
  app.get<{ Querystring: Record<string, string> }>('/prefs', { config: { access: 'public' } }, async (req, reply) => {
    const q = req.query;
    let prefs: Prefs = parsePrefs(req.cookies[PREFS_COOKIE]);
    if (q.reset) prefs = { ...DEFAULT_PREFS };
    if (q.font === '0' || q.font === '1' || q.font === '2') prefs.font = Number(q.font) as Prefs['font'];
    if (q.contrast === 'high' || q.contrast === 'normal') prefs.contrast = q.contrast;
    if (q.script === 'hans' || q.script === 'hant' || q.script === 'hk' || q.script === 'pinyin') prefs.script = q.script;
    reply.setCookie(PREFS_COOKIE, serialisePrefs(prefs), {
      path: '/',
      maxAge: 365 * 86400,
      sameSite: 'lax',
      httpOnly: false,
      secure: secureCookies(req),
    });
    return reply.redirect(localTarget(q.back, '/'), 303);
  });

  app.get('/api/v1/openapi.json', { config: { access: 'public' } }, async () => buildOpenApi(app.routeTable, `${config.publicUrl}`));
}
