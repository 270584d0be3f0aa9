/**
 * The 政府信息公开目录 (Art. 12) of one agency-year at scale. Run by hand:
 *
 *   node --import tsx bench/directory.ts [N] [RUNS]
 *
 * On SQLite in a temporary folder, with the demo foundation: N items (default
 * 2,000) published by 示例市发展和改革局 in 2025 through the recording path (one in
 * five without a 内容概述, so the 目录 reads the start of its body), each body about
 * 2,000 characters. Then times, RUNS times each (default 10), with the page cache
 * off: the printable page, the CSV and the XLSX of /fgj/zfxxgk/ml/2025, and one
 * catalog list page (20 rows) with the 目录 fields.
 */
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { inTransaction, type Db } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { withClock } from '../src/db/runtime.js';
import { seedFoundation } from '../src/demo/foundation.demo.js';
import { SYSTEM_ACTOR } from '../src/features/access/roles.js';
import { getAgencyBySlug } from '../src/features/agencies/agency.service.js';
import { insertDraftIn, publishRecordedIn } from '../src/features/publications/publication.service.js';
import { fixedClock } from '../src/lib/clock.js';
import type { IsoDate } from '../src/lib/dates.js';
import { openPlatformDatabase } from '../src/platform/open.js';

const N = Number(process.argv[2] ?? 2_000);
const RUNS = Number(process.argv[3] ?? 10);

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
async function time(label: string, fn: () => Promise<{ bytes: number }>) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    bytes = (await fn()).bytes;
    times.push(performance.now() - t);
  }
  const s = times.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(40)} p50 ${pct(s, 0.5).toFixed(0).padStart(6)}  max ${s[s.length - 1]!.toFixed(0).padStart(6)} ms  ${(bytes / 1024).toFixed(0).padStart(6)} KB`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-bench-directory-'));
const url = `sqlite:${path.join(dir, 'bench.db')}`;
const db = openPlatformDatabase(url);
await migrateToLatest(db);
await seedFoundation(db);
const agency = (await getAgencyBySlug(db, 'fgj'))!;

const paragraph = '为进一步规范项目管理，提高资金使用效益，根据有关规定，结合本市实际，现就有关事项通知如下。';
const body = `<p>${paragraph.repeat(Math.ceil(2000 / paragraph.length))}</p>`;
const started = performance.now();
for (let i = 0; i < N; i += 200) {
  await inTransaction(db, async (trx) => {
    for (let j = i; j < Math.min(N, i + 200); j++) {
      const day = (j * 364) / N;
      const instant = new Date(Date.UTC(2025, 0, 1, 2) + Math.floor(day) * 86_400_000 + (j % 600) * 1000).toISOString();
      const on = withClock(trx as unknown as Db, fixedClock(instant));
      const draft = await insertDraftIn(on, SYSTEM_ACTOR, {
        agencyId: agency.id,
        title: `示例市发展和改革局关于第${j + 1}批项目的通知`,
        summary: j % 5 === 0 ? '' : `公布第${j + 1}批项目的名称、投资额和建设内容。`,
        body,
        documentNumber: `示发改〔2025〕${j + 1}号`,
        writtenDate: instant.slice(0, 10) as IsoDate,
        formedDate: instant.slice(0, 10) as IsoDate,
        category: 'art20_10',
        topic: 'economy',
        genre: 'notice',
        issuers: [{ agencyId: agency.id, name: agency.name }],
      });
      await publishRecordedIn(on, SYSTEM_ACTOR, draft);
    }
  });
}
console.log(`directory bench: ${N} items of one agency in 2025 on SQLite, written in ${((performance.now() - started) / 1000).toFixed(1)} s; ${os.cpus()[0]?.model ?? ''}, nproc ${os.cpus().length}, Node ${process.version}`);

const config = { ...loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://bench.test', DATA_DIR: dir }) };
const app = await buildApp({ config, db }, { logger: false });
await app.ready();
const get = async (u: string) => {
  app.pageCache.clear();
  const res = await app.inject({ method: 'GET', url: u });
  if (res.statusCode !== 200) throw new Error(`${u}: ${res.statusCode}`);
  return { bytes: res.rawPayload.length };
};
await time('/fgj/zfxxgk/ml/2025 (HTML)', () => get('/fgj/zfxxgk/ml/2025'));
await time('/fgj/zfxxgk/ml/2025.csv', () => get('/fgj/zfxxgk/ml/2025.csv'));
await time('/fgj/zfxxgk/ml/2025.xlsx', () => get('/fgj/zfxxgk/ml/2025.xlsx'));
await time('list page /fgj/zfxxgk/fdzdgknr/zdjsxm', () => get('/fgj/zfxxgk/fdzdgknr/zdjsxm'));
await app.close();
await db.destroy();
fs.rmSync(dir, { recursive: true, force: true });
