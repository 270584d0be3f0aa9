/**
 * The annual report at scale. Run by hand:
 *
 *   node --import tsx bench/annual-reports.ts [N] [DEPARTMENTS] [RUNS]
 *
 * On SQLite in a temporary folder, with the demo foundation:
 * 1. N applications (default 100,000) received in 2025 by one agency, and N/10 received
 *    late in 2024 (some carried into 2025), with their outcomes and
 *    handling times, plus appeals; times the 2025 report built from the records
 *    (every count behind tables 二, 三 and 四, the narrative's facts and the checks,
 *    `reportView`) and the public JSON (GET /api/v1/annual-reports/fgj/2025).
 *    Target: under 1 s.
 * 2. DEPARTMENTS agencies (default 50) with 2,000 applications each, summed by a
 *    government's report (`governmentFigures`), RUNS times (default 10).
 */
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Insertable } from 'kysely';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { nowOf } from '../src/db/runtime.js';
import type { Database } from '../src/db/schema.js';
import { seedFoundation } from '../src/demo/foundation.demo.js';
import { SYSTEM_ACTOR } from '../src/features/access/roles.js';
import { createAgency } from '../src/features/agencies/agency.service.js';
import { APPLICANT_KIND_KEYS, REQUEST_OUTCOME_KEYS } from '../src/features/requests/request.js';
import { governmentFigures, reportView } from '../src/features/annual-reports/annual-report.service.js';
import { checkFigures } from '../src/features/annual-reports/annual-report.js';
import { orgCodeCheckChar, usccCheckChar } from '../src/lib/codes.js';
import { addDays, type IsoDate } from '../src/lib/dates.js';
import { openPlatformDatabase } from '../src/platform/open.js';

const N = Number(process.argv[2] ?? 100_000);
const DEPARTMENTS = Number(process.argv[3] ?? 50);
const RUNS = Number(process.argv[4] ?? 10);

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
function report(label: string, times: number[]) {
  const s = [...times].sort((a, b) => a - b);
  console.log(`  ${label.padEnd(58)} p50 ${pct(s, 0.5).toFixed(1).padStart(8)}  p95 ${pct(s, 0.95).toFixed(1).padStart(8)}  max ${s[s.length - 1]!.toFixed(1).padStart(8)} ms`);
}
async function time(label: string, runs: number, fn: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  report(label, times);
}

let seed = 20261204;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-bench-reports-'));
const url = `sqlite:${path.join(dir, 'bench.db')}`;
const db = openPlatformDatabase(url);
await migrateToLatest(db);
await seedFoundation(db);
const at = nowOf(db);

const daysOf = (from: string, to: string) => {
  const out: IsoDate[] = [];
  for (let d = from as IsoDate; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};
const YEAR = daysOf('2025-01-01', '2025-12-31');
const LATE_2024 = daysOf('2024-10-01', '2024-12-31');

async function writeRequests(agencyId: number, n: number, tag: string, days: IsoDate[] = YEAR) {
  for (let i = 0; i < n; i += 500) {
    const rows: Insertable<Database['requests']>[] = [];
    for (let j = i; j < Math.min(n, i + 500); j++) {
      const received = days[Math.floor(rnd() * days.length)]!;
      const taken = Math.floor(rnd() * 40);
      const repliedDate = rnd() < 0.9 ? addDays(received, taken) : null;
      rows.push({
        agencyId,
        trackingHash: `${tag}-${j}`,
        channel: 'online',
        source: 'ledger',
        applicantKind: APPLICANT_KIND_KEYS[Math.floor(rnd() * APPLICANT_KIND_KEYS.length)]!,
        applicantName: `申请人${j}`,
        description: `申请获取第${j}号文件`,
        infoForm: 'electronic',
        delivery: 'email',
        state: repliedDate ? 'replied' : 'handling',
        departmentId: null,
        handlerId: null,
        submittedAt: `${received}T02:00:00.000Z`,
        receivedDate: received,
        dueDate: null,
        outcome: repliedDate ? REQUEST_OUTCOME_KEYS[Math.floor(rnd() * REQUEST_OUTCOME_KEYS.length)]! : null,
        repliedDate,
        workdaysTaken: repliedDate ? Math.round(taken * 0.7) : null,
        onTime: repliedDate ? (taken <= 28 ? 1 : 0) : null,
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
    await db.insertInto('requests').values(rows).execute();
  }
  const appeals = Math.max(1, Math.floor(n / 500));
  for (let k = 0; k < appeals; k++) {
    const filed = days[Math.floor(rnd() * days.length)]!;
    const closed = rnd() < 0.7 ? addDays(filed, 30 + Math.floor(rnd() * 200)) : null;
    await db
      .insertInto('requestAppeals')
      .values({
        agencyId,
        requestId: null,
        type: (['reconsideration', 'litigation_direct', 'litigation_after_reconsideration'] as const)[k % 3]!,
        result: closed ? (['upheld', 'corrected', 'other'] as const)[k % 3]! : 'pending',
        filedDate: filed,
        closedDate: closed,
        source: 'ledger',
        createdAt: at,
        updatedAt: at,
      })
      .execute();
  }
}

const fgj = await db.selectFrom('agencies').select(['id']).where('slug', '=', 'fgj').executeTakeFirstOrThrow();
console.log(`Writing ${N.toLocaleString()} applications of 2025 and ${Math.round(N / 10).toLocaleString()} of late 2024 into one agency (SQLite, ${url})…`);
let t0 = performance.now();
await writeRequests(fgj.id, N, 'fgj');
// Some received late in 2024, a part of them still open on 1 January: 二、上年结转.
await writeRequests(fgj.id, Math.round(N / 10), 'fgj-2024', LATE_2024);
console.log(`  written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const v = await reportView(db, fgj.id, 2025);
const counted = (v.figures!.requests['一、本年新收政府信息公开申请数量']![6] ?? 0) + (v.figures!.requests['二、上年结转政府信息公开申请数量']![6] ?? 0);
console.log(`\n2025 report of one agency: ${counted.toLocaleString()} applications counted, checks ${checkFigures(v.figures!).every((c) => c.ok) ? 'all pass' : 'FAIL'}`);
await time('reportView (records → tables, narrative draft, checks)', RUNS, () => reportView(db, fgj.id, 2025));

const config = { ...loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://bench.test', DATA_DIR: dir }) };
const app = await buildApp({ config, db }, { logger: false });
await app.ready();
await time('GET /api/v1/annual-reports/fgj/2025', RUNS, async () => {
  const res = await app.inject({ method: 'GET', url: '/api/v1/annual-reports/fgj/2025' });
  if (res.statusCode !== 200) throw new Error(res.body);
});
await app.close();

console.log(`\nWriting ${DEPARTMENTS} departments with 2,000 applications each…`);
t0 = performance.now();
const gov = await createAgency(db, SYSTEM_ACTOR, agencyInput(0, 'government'));
for (let k = 1; k <= DEPARTMENTS; k++) {
  const a = await createAgency(db, SYSTEM_ACTOR, agencyInput(k, 'department'));
  await writeRequests(a.id, 2000, `d${k}`);
}
console.log(`  written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const g = await governmentFigures(db, gov.id, 2025);
console.log(`  ${g.departments.length} agencies summed, checks ${checkFigures(g.figures).every((c) => c.ok) ? 'all pass' : 'FAIL'}`);
await time(`governmentFigures over ${g.departments.length} agencies`, RUNS, () => governmentFigures(db, gov.id, 2025));

await db.destroy();
fs.rmSync(dir, { recursive: true, force: true });

function agencyInput(k: number, level: 'government' | 'department') {
  const body = `B${String(k).padStart(7, '0')}`;
  const first17 = `11449900${body}${orgCodeCheckChar(body)!}`;
  return {
    name: level === 'government' ? '示例县人民政府' : `示例县第${k}局`,
    shortName: level === 'government' ? '县政府' : `第${k}局`,
    slug: level === 'government' ? 'benchgov' : `bench${k}`,
    code: first17 + usccCheckChar(first17)!,
    level,
    phone: '0763-3219999',
    supervisionPhone: '0763-3219998',
    address: '示例县人民路 1 号',
  };
}
