/**
 * The mailbox at scale. Run by hand:
 *
 *   node --import tsx bench/mailbox.ts [N] [RUNS]
 *
 * N messages (default 100,000) in one agency of the demo platform, on SQLite in a
 * temporary folder, written in bulk the way the service leaves them (about nine in
 * ten replied, one in three of those published, the rest open with deadlines spread
 * over the departments). Then times, p50/p95 over RUNS (default 200):
 *  - the office inbox (the service behind /office/mailbox and /api/v1/mailbox):
 *    the agency's open messages overdue first, one department's, and all states;
 *  - the public Q&A list (GET /{agency}/mailbox/qa through the app), first and deep pages.
 */
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Insertable } from 'kysely';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import { seedFoundation } from '../src/demo/foundation.demo.js';
import { actorForUsername } from '../src/features/accounts/account.service.js';
import { inbox } from '../src/features/mailbox/mailbox.service.js';
import { LETTER_KIND_KEYS } from '../src/features/mailbox/mailbox.clock.js';
import { addDays, type IsoDate } from '../src/lib/dates.js';
import { openPlatformDatabase } from '../src/platform/open.js';

const N = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 200);
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
function report(label: string, times: number[]) {
  const s = [...times].sort((a, b) => a - b);
  console.log(`  ${label.padEnd(52)} p50 ${pct(s, 0.5).toFixed(1).padStart(6)}  p95 ${pct(s, 0.95).toFixed(1).padStart(6)}  max ${s[s.length - 1]!.toFixed(1).padStart(6)} ms`);
}
let seed = 20261206;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-bench-mailbox-'));
const url = `sqlite:${path.join(dir, 'bench.db')}`;
const db = openPlatformDatabase(url);
await migrateToLatest(db);
await seedFoundation(db);
const fgj = await db.selectFrom('agencies').select(['id']).where('slug', '=', 'fgj').executeTakeFirstOrThrow();
const depts = (await db.selectFrom('departments').select('id').where('agencyId', '=', fgj.id).execute()).map((d) => d.id);

const t0 = performance.now();
const now = new Date().toISOString();
const rows: Insertable<Database['mailboxMessages']>[] = [];
const flush = async () => {
  if (!rows.length) return;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('mailboxMessages').values(rows.slice(i, i + 500)).execute();
  });
  rows.length = 0;
};
for (let i = 0; i < N; i++) {
  const received = addDays('2024-01-02' as IsoDate, Math.floor(rnd() * 1060));
  const due = addDays(received, 10 + Math.floor(rnd() * 12));
  const replied = rnd() < 0.9;
  const published = replied && rnd() < 0.33;
  rows.push({
    agencyId: fgj.id,
    departmentId: rnd() < 0.8 ? depts[Math.floor(rnd() * depts.length)]! : null,
    kind: LETTER_KIND_KEYS[Math.floor(rnd() * LETTER_KIND_KEYS.length)]!,
    channel: rnd() < 0.9 ? 'web' : 'phone',
    trackingHash: `bench-${i}`,
    subject: `关于第${i}件事项的留言`,
    body: `留言正文 ${i}：请问有关事项如何办理。`,
    writerName: '张三',
    bodyHash: `h${i}`,
    state: replied ? 'replied' : 'open',
    submittedAt: `${received}T02:00:00.000Z`,
    receivedDate: received,
    limitDays: 15,
    dueDate: due,
    replyBody: replied ? '已答复。' : '',
    repliedAt: replied ? `${due}T02:00:00.000Z` : null,
    repliedDate: replied ? due : null,
    workdaysTaken: replied ? 10 : null,
    onTime: replied ? 1 : null,
    publishedAt: published ? `${due}T03:00:00.000Z` : null,
    publicSubject: published ? `关于第${i}件事项的留言` : '',
    rating: null,
    ratedAt: null,
    closedAt: null,
    createdBy: null,
    createdAt: now,
    updatedAt: now,
  });
  if (rows.length >= 10_000) await flush();
}
await flush();
await db.executeQuery({ sql: 'ANALYZE', parameters: [], query: { kind: 'RawNode' } } as never).catch(() => undefined);
console.log(`${N} messages written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const actor = (await actorForUsername(db, 'demo-reviewer', 'system'))!;
async function time(label: string, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await fn(i);
    times.push(performance.now() - s);
  }
  report(label, times);
}

console.log('office inbox (service):');
await time('open, overdue first, page 1', () => inbox(db, actor, { agencyId: fgj.id }));
await time('open, one department', (i) => inbox(db, actor, { agencyId: fgj.id, departmentId: depts[i % depts.length]! }));
await time('all states, page 20', () => inbox(db, actor, { agencyId: fgj.id, state: 'all', page: 20 }));

const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://bench.test', DATA_DIR: dir });
const app = await buildApp({ config, db }, { logger: false });
await app.ready();
console.log('public Q&A list (HTTP through the app):');
await time('GET /fgj/mailbox/qa (page 1)', async () => {
  const r = await app.inject({ method: 'GET', url: '/fgj/mailbox/qa' });
  if (r.statusCode !== 200) throw new Error(String(r.statusCode));
});
await time('GET /fgj/mailbox/qa?page=N (pages 1–500)', async (i) => {
  const r = await app.inject({ method: 'GET', url: `/fgj/mailbox/qa?page=${1 + (i % 500)}` });
  if (r.statusCode !== 200) throw new Error(String(r.statusCode));
});
await app.close();
await db.destroy();
fs.rmSync(dir, { recursive: true, force: true });
