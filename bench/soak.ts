/**
 * Soak: the real server under steady mixed load for a long stretch, watching errors and
 * memory. Run by hand (`npm run soak`); figures go to docs/benchmarks.md.
 *
 *   npm run soak                          10 minutes, 200 readers, 10 writers, SQLite
 *   SOAK_SECONDS=120 npm run soak         a shorter run
 *   SOAK_DATABASE_URL=postgres://… npm run soak   against an empty PostgreSQL database
 *
 * The server runs as its own process (`gongkai start --demo` on a fresh database), so the
 * memory sampled (RSS from /proc) is the server's alone. Readers fetch public pages, search
 * and the JSON API in a loop; writers are editors and reviewers of one agency working
 * through the API: create a draft, edit it, submit it, and the reviewer approves and
 * publishes it (a second person: four-eyes). Any 5xx, network error, or a refusal of a
 * step that should succeed counts as an error; the run exits 1 if there is one.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const READERS = Number(process.env.SOAK_READERS ?? 200);
const WRITERS = Number(process.env.SOAK_WRITERS ?? 10);
const root = path.join(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-soak-'));
const databaseUrl = process.env.SOAK_DATABASE_URL ?? `sqlite:${path.join(dir, 'soak.db')}`;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const env = (port: number) => ({
  ...process.env,
  DATABASE_URL: databaseUrl,
  DATA_DIR: path.join(dir, 'data'),
  PORT: String(port),
  HOST: '127.0.0.1',
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  LOG_LEVEL: 'warn',
  NODE_ENV: 'development',
});

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function cli(port: number, args: string[]): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, env: env(port), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gongkai ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

interface Stats {
  requests: number;
  errors: number;
  latencies: number[];
  published: number;
  firstErrors: string[];
}
const stats: Stats = { requests: 0, errors: 0, latencies: [], published: 0, firstErrors: [] };
const fail = (what: string) => {
  stats.errors++;
  if (stats.firstErrors.length < 20) stats.firstErrors.push(what);
};

interface Answer {
  status: number;
  text: string;
}

async function timed(url: string, init?: RequestInit): Promise<Answer | null> {
  const t = performance.now();
  try {
    const res = await fetch(url, init);
    const text = await res.text();
    stats.latencies.push(performance.now() - t);
    stats.requests++;
    if (res.status >= 500) fail(`${res.status} ${init?.method ?? 'GET'} ${url}`);
    return { status: res.status, text };
  } catch (e) {
    stats.requests++;
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    fail(`network ${init?.method ?? 'GET'} ${url}: ${(e as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`);
    return null;
  }
}

async function main() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  console.log(`soak: ${SECONDS} s, ${READERS} readers, ${WRITERS} writers, ${databaseUrl.startsWith('sqlite') ? 'SQLite' : 'PostgreSQL'}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}`);
  cli(port, ['migrate']);
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start', '--demo'], { cwd: root, env: env(port), stdio: ['ignore', 'ignore', 'inherit'] });
  const stop = () => server.kill('SIGTERM');
  process.on('exit', stop);
  for (let i = 0; ; i++) {
    const r = await fetch(`${base}/`).catch(() => null);
    if (r?.ok) break;
    if (i > 600) throw new Error('server did not start');
    await new Promise((res) => setTimeout(res, 500));
  }
  const editorToken = cli(port, ['token', 'create', '--user', 'sthjj-editor', '--name', 'soak']).split('\n').pop()!;
  const reviewerToken = cli(port, ['token', 'create', '--user', 'sthjj-reviewer', '--name', 'soak']).split('\n').pop()!;

  // What readers read: the public pages people open most, and every published item.
  const list = (await (await fetch(`${base}/api/v1/publications?limit=100`)).json()) as { items: { url: string }[] };
  const agencies = (await (await fetch(`${base}/api/v1/agencies`)).json()) as { items?: { slug: string }[] } | { slug: string }[];
  const slugs = (Array.isArray(agencies) ? agencies : (agencies.items ?? [])).map((a) => a.slug);
  const pages = [
    '/',
    ...slugs.flatMap((s) => [`/${s}`, `/${s}/zfxxgk`, `/${s}/zfxxgk/fdzdgknr`, `/${s}/zfxxgk/zfxxgknb`]),
    ...list.items.map((i) => new URL(i.url, base).pathname),
    '/search?q=政府信息公开',
    '/search?q=老旧小区',
    '/search?q=发改',
    '/api/v1/publications?limit=20',
    '/api/v1/search?q=预算',
    '/calendar',
    '/sitemap.xml',
  ];
  console.log(`${pages.length} distinct pages; warming up`);

  const end = Date.now() + SECONDS * 1000;
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  // Readers join over the first 20 seconds, as users do; 200 connections opened in the same
  // millisecond only measure the listen backlog.
  const reader = async (_: unknown, k: number) => {
    await new Promise((r) => setTimeout(r, (k * 20_000) / Math.max(1, READERS)));
    while (Date.now() < end) await timed(base + pages[Math.floor(rnd() * pages.length)]!);
  };
  const api = (token: string, method: string, p: string, body?: unknown) =>
    timed(base + p, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const writer = async (w: number) => {
    let n = 0;
    while (Date.now() < end) {
      n++;
      const title = `关于做好第${w}组第${n}批环境监测数据公开工作的通知`;
      const c = await api(editorToken, 'POST', '/api/v1/publications', {
        title,
        summary: '部署环境监测数据公开工作。',
        body: `<p>各有关单位：现就第${n}批环境监测数据公开有关事项通知如下。</p><p>一、按月公开监测结果。</p>`,
        writtenDate: today,
        formedDate: today,
        category: 'notices',
        topic: 'construction_environment',
        genre: 'notice',
      });
      if (!c || c.status !== 201) {
        if (c && c.status < 500) fail(`create ${c.status}`);
        continue;
      }
      const item = JSON.parse(c.text) as { id: number; version: number };
      const e = await api(editorToken, 'PATCH', `/api/v1/publications/${item.id}`, { version: item.version, summary: '部署环境监测数据按月公开工作。' });
      if (!e || e.status !== 200) {
        if (e && e.status < 500) fail(`edit ${e.status}`);
        continue;
      }
      const s = await api(editorToken, 'POST', `/api/v1/publications/${item.id}/transitions`, { action: 'submit' });
      if (!s || s.status !== 200) {
        if (s && s.status < 500) fail(`submit ${s.status}`);
        continue;
      }
      const cur = JSON.parse(s.text) as { version: number };
      const p = await api(reviewerToken, 'POST', `/api/v1/publications/${item.id}/transitions`, { action: 'approve_publish', confidentiality: 'cleared', version: cur.version });
      if (!p || p.status !== 200) {
        if (p && p.status < 500) fail(`publish ${p.status}`);
        continue;
      }
      stats.published++;
      pages.push(`/api/v1/publications/${item.id}`);
    }
  };
  const samples: { t: number; rss: number; requests: number; errors: number; lat: number[] }[] = [];
  const started = Date.now();
  let lastReq = 0;
  const sampler = setInterval(() => {
    const lat = stats.latencies.splice(0);
    samples.push({ t: (Date.now() - started) / 1000, rss: rssOf(server.pid!), requests: stats.requests - lastReq, errors: stats.errors, lat });
    lastReq = stats.requests;
  }, 10_000);
  await Promise.all([...Array.from({ length: READERS }, reader), ...Array.from({ length: WRITERS }, (_, w) => writer(w + 1))]);
  clearInterval(sampler);

  const pct = (a: number[], p: number) => (a.length ? a[Math.min(a.length - 1, Math.floor((p / 100) * a.length))]! : 0);
  console.log('\n| minute | requests/s | p50 | p95 | p99 | errors (total) | server RSS |\n|---|---|---|---|---|---|---|');
  const perMinute = new Map<number, typeof samples>();
  for (const s of samples) {
    const m = Math.floor((s.t - 0.001) / 60) + 1;
    perMinute.set(m, [...(perMinute.get(m) ?? []), s]);
  }
  for (const [m, ss] of perMinute) {
    const lat = ss.flatMap((s) => s.lat).sort((a, b) => a - b);
    const req = ss.reduce((n, s) => n + s.requests, 0);
    const secs = ss.length * 10;
    console.log(`| ${m} | ${(req / secs).toFixed(0)} | ${pct(lat, 50).toFixed(0)} ms | ${pct(lat, 95).toFixed(0)} ms | ${pct(lat, 99).toFixed(0)} ms | ${ss[ss.length - 1]!.errors} | ${(ss[ss.length - 1]!.rss / 1048576).toFixed(0)} MB |`);
  }
  const rss = samples.map((s) => s.rss);
  const early = rss.slice(Math.floor(rss.length * 0.2), Math.floor(rss.length * 0.4));
  const late = rss.slice(Math.floor(rss.length * 0.8));
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] ?? 0;
  console.log(
    `\n${stats.requests} requests, ${stats.errors} errors, ${stats.published} items written and published by ${WRITERS} writers; ` +
      `server RSS median ${(median(early) / 1048576).toFixed(0)} MB at 20–40 % of the run, ${(median(late) / 1048576).toFixed(0)} MB in the last 20 %, max ${(Math.max(...rss) / 1048576).toFixed(0)} MB`,
  );
  if (stats.firstErrors.length) console.log(`first errors:\n  ${stats.firstErrors.join('\n  ')}`);
  const exited = new Promise((r) => server.once('exit', r));
  stop();
  await exited;
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(stats.errors ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
