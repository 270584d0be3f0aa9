import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import type { Db, Engine } from '../src/db/database.js';
import { openPlatformDatabase, type PlatformOptions } from '../src/platform/open.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { loadDemo } from '../src/demo/demo.js';
import { createUser } from '../src/features/accounts/account.service.js';
import type { Actor } from '../src/features/access/roles.js';

/** Engines to run database tests on; `npm test` sets this from what the machine has. */
export const ENGINES: Engine[] = (process.env.GONGKAI_TEST_ENGINES ?? (process.env.PGHOST || process.env.TEST_DATABASE_URL ? 'sqlite,postgres' : 'sqlite'))
  .split(',')
  .filter((e): e is Engine => e === 'sqlite' || e === 'postgres');

function adminUrl(): string {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  const user = encodeURIComponent(process.env.PGUSER ?? 'postgres');
  const pass = process.env.PGPASSWORD ? `:${encodeURIComponent(process.env.PGPASSWORD)}` : '';
  const host = process.env.PGHOST ?? 'localhost';
  const port = process.env.PGPORT ?? '5432';
  // A socket directory goes in the query string; pg understands host=/path.
  return host.startsWith('/')
    ? `postgres://${user}${pass}@localhost:${port}/${process.env.PGDATABASE ?? 'postgres'}?host=${encodeURIComponent(host)}`
    : `postgres://${user}${pass}@${host}:${port}/${process.env.PGDATABASE ?? 'postgres'}`;
}

export interface TestDb {
  engine: Engine;
  db: Db;
  url: string;
  close(): Promise<void>;
}

/** A fresh, migrated database of the given engine, dropped again by `close()`. */
export async function createTestDb(engine: Engine, platform: PlatformOptions = {}): Promise<TestDb> {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-test-'));
    const url = `sqlite:${path.join(dir, 'test.db')}`;
    const db = openPlatformDatabase(url, platform);
    await migrateToLatest(db);
    return {
      engine, db, url,
      async close() {
        await db.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `gk_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  // C.UTF-8 character classes make pg_trgm and text search treat Han characters as letters.
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
  await admin.end();
  const base = new URL(adminUrl());
  base.pathname = `/${name}`;
  const url = base.toString();
  const db = openPlatformDatabase(url, { ...platform, poolSize: 5 });
  await migrateToLatest(db);
  return {
    engine, db, url,
    async close() {
      await db.destroy();
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      // pg's pool.end() resolves before its sockets have closed; forcing the drop at once
      // would kill those closing connections and surface as an uncaught error. Wait for
      // them to go (a moment), forcing only as a last resort.
      for (let attempt = 0; ; attempt++) {
        const left = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (left.rows[0].n === 0 || attempt >= 40) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function testConfig(url: string, overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://gk.test', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-data-')) }),
    ...overrides,
  };
}

export interface TestApp extends TestDb {
  app: FastifyInstance;
  config: Config;
  /** Signs in through the real login form and returns a browser-like client. */
  login(username: string, password?: string): Promise<Client>;
  anonymous(): Client;
}

/** The whole app on a fresh database, optionally with the demo platform loaded. */
export async function createTestApp(
  engine: Engine,
  /** `demoPublications` adds the generated catalog (about 400 items); most tests want only the accounts. */
  opts: { demo?: boolean; demoPublications?: boolean; config?: Partial<Config>; platform?: PlatformOptions } = {},
): Promise<TestApp> {
  const tdb = await createTestDb(engine, opts.platform);
  const config = testConfig(tdb.url, opts.config);
  if (opts.demo) await loadDemo(tdb.db, () => {}, { dataDir: config.dataDir, publications: opts.demoPublications ?? false });
  const app = await buildApp({ config, db: tdb.db }, { logger: false });
  await app.ready();
  return {
    ...tdb,
    app,
    config,
    anonymous: () => new Client(app),
    async login(username, password = 'demo-password') {
      const c = new Client(app);
      await c.get('/office/login');
      const res = await c.post('/office/login', { username, password, next: '/office' });
      assert.equal(res.statusCode, 303, `login as ${username} failed: ${res.statusCode} ${res.body.slice(0, 300)}`);
      await passSecondFactor(tdb.db, c);
      await c.get('/office/account');
      return c;
    },
    async close() {
      await app.close();
      await tdb.close();
    },
  };
}

/**
 * Marks a signed-in client's session as having given its second factor, straight in
 * the database: most tests are about something else, and a real code per sign-in would
 * collide with replay protection under a fixed clock. The 2FA flows themselves are
 * tested through the pages (src/features/accounts/account.totp.test.ts).
 */
export async function passSecondFactor(db: Db, c: Client): Promise<void> {
  const sid = c.cookies.get('gk_sid');
  if (!sid) return;
  const id = createHash('sha256').update(sid).digest('hex');
  await db.updateTable('sessions').set({ secondFactorAt: new Date().toISOString() }).where('id', '=', id).execute();
}

/** A cookie jar and CSRF token around `app.inject`, behaving like a browser. */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';
  bearer = '';
  /** The address requests come from (default: light-my-request's 127.0.0.1). */
  ip = '';
  constructor(private readonly app: FastifyInstance) {}

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /name="_csrf" value="([^"]*)"/.exec(res.body);
    if (m?.[1]) this.csrf = m[1];
    return res;
  }

  private from() {
    return this.ip ? { remoteAddress: this.ip } : {};
  }

  private headers(extra: Record<string, string> = {}) {
    const h: Record<string, string> = { ...extra };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    return h;
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: this.headers(headers), ...this.from() }));
  }

  /** A form post; `_csrf` is added unless given. */
  async post(url: string, form: Record<string, string | string[]> = {}) {
    const body = new URLSearchParams();
    if (!('_csrf' in form)) body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
        payload: body.toString(),
        ...this.from(),
      }),
    );
  }

  /** A JSON API call; with a session the CSRF header is sent like a browser script would. */
  async api(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, json?: unknown) {
    const headers = this.headers(json === undefined ? {} : { 'content-type': 'application/json' });
    if (this.csrf && !this.bearer) headers['x-csrf-token'] = this.csrf;
    return this.remember(await this.app.inject({ method, url, headers, ...(json === undefined ? {} : { payload: JSON.stringify(json) }), ...this.from() }));
  }
}

/** The JSON body of a response, typed loosely for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = (res: LightMyRequestResponse): any => JSON.parse(res.body);

/**
 * Uploads one file as multipart/form-data, signed in as `c` (cookies and CSRF header);
 * `csrfField` also sends the token as a form field, as the office's upload form does.
 */
export function uploadFile(t: TestApp, c: Client, url: string, filename: string, bytes: Buffer, csrfField = false) {
  const boundary = `----gk${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    ...(csrfField ? [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${c.csrf}\r\n`)] : []),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-csrf-token': c.csrf },
    payload,
  });
}

/**
 * Opens a staff account with its roles as the administrator of the agencies it joins
 * would: under 三员分立 the platform's system administrator opens accounts but may not
 * give roles, while an agency administrator does both within their agency.
 */
export async function createStaff(db: Db, input: { username: string; displayName: string; password: string; memberships: { agencyId: number; role: string; departmentId?: number | null }[] }) {
  const agencyAdmin: Actor = {
    userId: null,
    username: 'test-agency-admin',
    displayName: '机关管理员（测试）',
    platformAdmin: false,
    memberships: [...new Set(input.memberships.map((m) => m.agencyId))].map((agencyId) => ({ agencyId, role: 'agency_admin', departmentId: null })),
    via: 'system',
  };
  return createUser(db, agencyAdmin, input);
}
