/**
 * Disclosure on request at scale. Run by hand:
 *
 *   node --import tsx bench/requests.ts [N] [RUNS]
 *
 * N applications (default 100,000) in one agency of the demo platform, on SQLite in a
 * temporary folder; RUNS per latency series (default 300).
 *
 * 1. Migrates, loads the demo foundation, then writes N applications in bulk the way
 *    the service leaves them: about four in five replied (outcomes spread over the
 *    report's rows, with their handling time and timeliness kept), the rest open with
 *    a deadline, received on working days over 2024–2026, each with its receipt event.
 * 2. Times the office list (the service behind /office/requests and /api/v1/requests:
 *    open, due soon, overdue, all, first and deep pages) and the public statistics
 *    page (GET /{agency}/zfxxgk/ysqgk/stats through the app, the page cache off by
 *    distinct query strings), p50/p95/p99.
 * 3. Times a 登记台账 import of N rows through `importLedger` (parse, check, insert in
 *    one transaction) into another agency.
 */
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { nowOf } from '../src/db/runtime.js';
import { seedFoundation } from '../src/demo/foundation.demo.js';
import { actorForUsername } from '../src/features/accounts/account.service.js';
import { getCalendar } from '../src/features/calendar/calendar.service.js';
import { addWorkdays, isWorkday } from '../src/features/calendar/workdays.js';
import { APPLICANT_KIND_KEYS, REQUEST_OUTCOME_KEYS, APPLICANT_KINDS, outcomeLedgerText } from '../src/features/requests/request.js';
import { listRequests } from '../src/features/requests/request.read.js';
import { importLedger } from '../src/features/requests/request.records.js';
import { addDays, type IsoDate } from '../src/lib/dates.js';
import type { Insertable } from 'kysely';
import type { Database } from '../src/db/schema.js';
import { openPlatformDatabase } from '../src/platform/open.js';

const N = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 300);

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
function report(label: string, times: number[]) {
  const s = [...times].sort((a, b) => a - b);
  console.log(`  ${label.padEnd(58)} p50 ${pct(s, 0.5).toFixed(1).padStart(7)}  p95 ${pct(s, 0.95).toFixed(1).padStart(7)}  p99 ${pct(s, 0.99).toFixed(1).padStart(7)}  max ${s[s.length - 1]!.toFixed(1).padStart(7)} ms`);
}

let seed = 20261204;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-bench-requests-'));
const url = `sqlite:${path.join(dir, 'bench.db')}`;
const db = openPlatformDatabase(url);
await migrateToLatest(db);
await seedFoundation(db);
const fgj = await db.selectFrom('agencies').select(['id']).where('slug', '=', 'fgj').executeTakeFirstOrThrow();
const cal = await getCalendar(db);

console.log(`Writing ${N.toLocaleString()} applications (SQLite, ${url})…`);
const t0 = performance.now();
const workdays: IsoDate[] = [];
for (let d = '2024-01-02' as IsoDate; d <= '2026-11-30'; d = addDays(d, 1)) if (isWorkday(cal, d).working) workdays.push(d);
const at = nowOf(db);
const BATCH = 500;
for (let i = 0; i < N; i += BATCH) {
  await db.transaction().execute(async (trx) => {
    const rows: Insertable<Database['requests']>[] = [];
    for (let j = i; j < Math.min(N, i + BATCH); j++) {
      const received = workdays[Math.floor(rnd() * workdays.length)]!;
      const due = addWorkdays(cal, received, 20, { details: false }).date;
      const replied = rnd() < 0.8 || received < '2026-10-01';
      const taken = 3 + Math.floor(rnd() * 22);
      const repliedDate = replied ? addWorkdays(cal, received, taken, { details: false }).date : null;
      const kind = APPLICANT_KIND_KEYS[Math.floor(rnd() * APPLICANT_KIND_KEYS.length)]!;
      rows.push({
        agencyId: fgj.id,
        trackingHash: `bench-${j}`,
        channel: rnd() < 0.6 ? 'online' : 'in_person',
        source: 'online',
        applicantKind: kind,
        applicantName: kind === 'natural_person' ? `申请人${j}` : `某某${APPLICANT_KINDS[kind].label}${j}`,
        idType: 'resident_id',
        idNumber: `1101051949123${String(j).padStart(5, '0')}`.slice(0, 18),
        phone: '13800138000',
        description: `申请获取第${j}号文件及其附件`,
        infoForm: 'electronic',
        delivery: 'email',
        state: replied ? 'replied' : rnd() < 0.8 ? 'handling' : 'registered',
        departmentId: null,
        handlerId: null,
        submittedAt: `${received}T02:00:00.000Z`,
        receivedDate: received,
        dueDate: due,
        outcome: replied ? REQUEST_OUTCOME_KEYS[Math.floor(rnd() * REQUEST_OUTCOME_KEYS.length)]! : null,
        repliedDate,
        workdaysTaken: replied ? taken : null,
        onTime: replied ? (repliedDate! <= due ? 1 : 0) : null,
        deliveredDate: null,
        archivedAt: null,
        withdrawnDate: null,
        repeatOf: null,
        purgeAfter: null,
        purgedAt: null,
        createdBy: null,
        createdAt: at,
        updatedAt: at,
      });
    }
    const ids = await trx.insertInto('requests').values(rows).returning('id').execute();
    await trx
      .insertInto('requestEvents')
      .values(ids.map((r, k) => ({ requestId: r.id, type: 'received', date: rows[k]!.receivedDate!, details: '{"clockChannel":"online"}', actorName: '申请人', actorId: null, createdAt: at })))
      .execute();
  });
}
console.log(`  written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const reviewer = (await actorForUsername(db, 'demo-reviewer', 'session'))!;
console.log(`\nOffice list (listRequests, ${RUNS} runs each):`);
for (const [label, q] of [
  ['待办 (open), page 1', { view: 'open' }],
  ['即将到期 (due_soon), page 1', { view: 'due_soon' }],
  ['已逾期 (overdue), page 1', { view: 'overdue' }],
  ['全部, page 1', {}],
  ['全部, page 2,000 (deep)', { page: 2000 }],
  ['全部, search “第123”', { q: '第123' }],
] as const) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await listRequests(db, reviewer, q);
    times.push(performance.now() - s);
  }
  report(label, times);
}

const config = { ...loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://bench.test', DATA_DIR: dir }) };
const app = await buildApp({ config, db }, { logger: false });
await app.ready();
console.log(`\nPublic statistics page (GET /fgj/zfxxgk/ysqgk/stats?year=…, through the app, ${RUNS} runs each):`);
for (const year of [2025, 2026]) {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    // A distinct query string each time: the in-process page cache never answers.
    const res = await app.inject({ method: 'GET', url: `/fgj/zfxxgk/ysqgk/stats?year=${year}&n=${i}` });
    times.push(performance.now() - s);
    if (res.statusCode !== 200) throw new Error(`stats page answered ${res.statusCode}`);
  }
  report(`statistics ${year}`, times);
}
await app.close();

console.log(`\n登记台账 import of ${N.toLocaleString()} rows (importLedger into another agency, one transaction):`);
const header = '收到日期,申请人类型,申请人,申请内容,答复日期,处理结果';
const lines = [header];
const past = workdays.filter((d) => d < '2026-11-01');
for (let i = 0; i < N; i++) {
  const received = past[Math.floor(rnd() * past.length)]!;
  const replied = rnd() < 0.9;
  const kind = APPLICANT_KIND_KEYS[Math.floor(rnd() * APPLICANT_KIND_KEYS.length)]!;
  const outcome = REQUEST_OUTCOME_KEYS[Math.floor(rnd() * REQUEST_OUTCOME_KEYS.length)]!;
  lines.push([received, APPLICANT_KINDS[kind].label, `申请人${i}`, `申请获取第${i}号文件`, replied ? addWorkdays(cal, received, 10, { details: false }).date : '', replied ? outcomeLedgerText(outcome) : ''].join(','));
}
const csv = lines.join('\r\n');
const czj = await db.selectFrom('agencies').select('id').where('slug', '=', 'czj').executeTakeFirstOrThrow();
const admin = (await actorForUsername(db, 'czj-admin', 'session'))!;
const s = performance.now();
const r = await importLedger(db, admin, czj.id, csv);
console.log(`  ${r.imported.toLocaleString()} rows (${(csv.length / 1048576).toFixed(1)} M characters) in ${((performance.now() - s) / 1000).toFixed(1)} s`);

await db.destroy();
fs.rmSync(dir, { recursive: true, force: true });
