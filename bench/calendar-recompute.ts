/**
 * How fast the platform recomputes open deadlines after a calendar change.
 * Run by hand: node --import tsx bench/calendar-recompute.ts [items]
 *
 * 1. Pure: the publication source's compute for N open items under the old and the
 *    new calendar (what `diffDeadlines` does), no I/O.
 * 2. SQLite: `saveYears` entering a (made-up) 2027 with N unpublished publications in
 *    the database — listing them, recomputing, one audit event per moved deadline,
 *    the new version row, all in one transaction.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPlatformDatabase as openDatabase } from '../src/platform/open.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Actor } from '../src/features/access/roles.js';
import { buildCalendar, type CalendarYear } from '../src/features/calendar/calendar.js';
import { saveYears } from '../src/features/calendar/calendar.service.js';
import { type OpenItem, diffDeadlines } from '../src/features/calendar/deadline-sources.js';
import { type PublicationDeadlineInput } from '../src/features/publications/publication.clock.js';
import { publicationsFeature } from '../src/features/publications/publication.feature.js';

const publicationDeadlineSource = publicationsFeature.deadlineSources![0]!;
import { OFFICIAL_YEARS } from '../src/features/calendar/seed-data.js';
import { type IsoDate, addDays } from '../src/lib/dates.js';

const N = Number(process.argv[2] ?? 100_000);

/** A made-up 2027 arrangement (NOT the official one), shaped like a real notice. */
const YEAR_2027: CalendarYear = {
  year: 2027,
  holidays: [
    { name: 'new_year', start: '2027-01-01', end: '2027-01-03' },
    { name: 'spring_festival', start: '2027-02-05', end: '2027-02-13' },
    { name: 'qingming', start: '2027-04-03', end: '2027-04-05' },
    { name: 'labour_day', start: '2027-05-01', end: '2027-05-05' },
    { name: 'dragon_boat', start: '2027-06-09', end: '2027-06-09' },
    { name: 'mid_autumn', start: '2027-09-15', end: '2027-09-15' },
    { name: 'national_day', start: '2027-10-01', end: '2027-10-07' },
  ],
  makeupWorkdays: ['2027-02-20', '2027-04-25', '2027-09-26', '2027-10-09'],
  source: { noticeNumber: '国办发明电〔2026〕99号', noticeDate: '2026-11-20', title: '国务院办公厅关于2027年部分节假日安排的通知', origin: 'import' },
};

/** Formed dates spread over the second half of 2026: those from early December on run into 2027. */
function formedDate(i: number): IsoDate {
  return addDays('2026-07-01', (i * 7919) % 184);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function pure() {
  const before = buildCalendar(OFFICIAL_YEARS);
  const after = buildCalendar([...OFFICIAL_YEARS, YEAR_2027]);
  const items: OpenItem<PublicationDeadlineInput>[] = Array.from({ length: N }, (_, i) => ({
    id: i + 1,
    agencyId: 1,
    label: `item ${i + 1}`,
    href: null,
    stored: null,
    input: { formedDate: formedDate(i) },
  }));
  diffDeadlines(publicationDeadlineSource, items.slice(0, 1000), before, after); // warm up
  const runs: number[] = [];
  let changed = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    changed = diffDeadlines(publicationDeadlineSource, items, before, after).changes.length;
    runs.push(performance.now() - t0);
  }
  const best = Math.min(...runs);
  console.log(`pure recompute: ${fmt(N)} open items (each computed under the old and the new calendar)`);
  console.log(`  best of 5: ${best.toFixed(1)} ms → ${fmt((N / best) * 1000)} items/s; ${fmt(changed)} deadlines changed`);
  return { best, changed };
}

async function sqlite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-'));
  const db = openDatabase(`sqlite:${path.join(dir, 'bench.db')}`);
  try {
    await migrateToLatest(db);
    const now = new Date().toISOString();
    const agency = await db
      .insertInto('agencies')
      .values({ slug: 'bench', code: '11440000MB0000000X', name: '基准测试局', shortName: '测试局', level: 'department', createdAt: now, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const t0 = performance.now();
    for (let i = 0; i < N; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, N - i) }, (_, j) => ({
        agencyId: agency.id,
        title: `待发布信息 ${i + j + 1}`,
        formedDate: formedDate(i + j),
        state: 'submitted',
        createdAt: now,
        updatedAt: now,
      }));
      await db.insertInto('publications').values(rows).execute();
    }
    console.log(`sqlite: inserted ${fmt(N)} unpublished publications in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const actor: Actor = { userId: null, username: 'bench', displayName: '基准测试', platformAdmin: true, memberships: [], via: 'cli' };
    const t1 = performance.now();
    const result = await saveYears(db, actor, [YEAR_2027], { origin: 'import', note: 'benchmark' });
    const ms = performance.now() - t1;
    console.log(`sqlite: saving 2027 recomputed ${fmt(N)} open deadlines, ${fmt(result.changes.length)} changed (one audit event each)`);
    console.log(`  ${(ms / 1000).toFixed(2)} s → ${fmt((N / ms) * 1000)} items/s overall; ${fmt((result.changes.length / ms) * 1000)} audited changes/s`);
    return { ms, changed: result.changes.length };
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}`);
pure();
await sqlite();
