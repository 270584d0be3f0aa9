/**
 * Search at scale. Run by hand:
 *
 *   node --import tsx bench/search.ts sqlite 100000
 *   pg_virtualenv -o fsync=off -i '--locale=C.UTF-8' node --import tsx bench/search.ts postgres 100000
 *
 * 1. Generates N synthetic published items (titles and bodies sampled from the
 *    sentences of the regulations corpus, 文号 on a fifth of them, dates over
 *    2010–2026, four agencies) and writes them straight into the tables in bulk.
 * 2. Index throughput: `indexPublication` (the real per-item path, as publishing
 *    calls it) on a sample, then the whole collection in batches of one
 *    transaction (documentFields + the same upsert).
 * 3. Search latency: the service's `search` (query compile, FTS/tsvector query,
 *    count, snippets) for a mix of queries, each repeated; p50/p95 overall and
 *    per query.
 * 4. Import throughput: `runImport` over generated HTML pages.
 *
 * The corpus is /work/shared/data/laws/行政法规 when present, else the test
 * excerpts in src/features/search/fixtures/laws.
 *
 * BENCH_DB keeps the database (a SQLite file path, or a postgres:// URL of an existing,
 * empty database): the first run builds it there, later runs migrate it (new
 * migrations apply, as on an upgrade) and only measure the queries. A
 * 1,000,000-item build takes 40 minutes on SQLite and longer on PostgreSQL.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestDb } from '../test/helpers.js';
import type { Db } from '../src/db/database.js';
import { openPlatformDatabase as openDatabase } from '../src/platform/open.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedFoundation } from '../src/demo/foundation.demo.js';
import { SYSTEM_ACTOR } from '../src/features/access/roles.js';
import { createJob, runImport } from '../src/features/imports/import.service.js';
import type { SourceItem } from '../src/features/imports/import.js';
import { paragraphs } from '../src/features/search/search.fixtures.js';
import * as repo from '../src/features/search/search.repository.js';
import { chinaYearOf, indexPublication, parseSearchRequest, search } from '../src/features/search/search.service.js';
import { documentFields, documentNumberKey, type DocumentFields, type DocumentText } from '../src/features/search/search.js';

const engine = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const N = Number(process.argv[3] ?? 100_000);
const REPEAT = Number(process.argv[4] ?? 15);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);

// ------------------------------------------------------------------ corpus

function sentences(): string[] {
  const big = '/work/shared/data/laws/行政法规';
  const dir = existsSync(big) ? big : path.join(import.meta.dirname, '..', 'src', 'features', 'search', 'fixtures', 'laws');
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const text = readFileSync(path.join(dir, f), 'utf8').replace(/^#.*$/gm, '').replace(/<!--.*?-->/gs, '');
    for (const s of text.split(/(?<=[。；])/u)) {
      const t = s.replace(/\s+/g, '').replace(/^第[一二三四五六七八九十百零]+条/u, '');
      if (t.length >= 12 && t.length <= 120) out.push(t);
    }
  }
  return out;
}

// mulberry32: a deterministic generator, so runs are comparable.
let seed = 42;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;

const GENRES = ['通知', '公告', '意见', '办法', '规定', '方案', '报告', '批复', '通报', '决定'];
const CATEGORIES = ['art20_01', 'art20_05', 'art20_06', 'art20_07', 'art20_09', 'notices', 'work_news', 'personnel', 'annual_report', 'other'];
const TOPICS = ['general', 'economy', 'finance', 'agriculture', 'market_safety', 'construction_environment', 'health_sport', 'civil_affairs'];
const CODES = ['示发改', '示财', '示环', '示府办', '示政发', '示人社'];

interface Doc {
  agencyId: number;
  title: string;
  text: string;
  documentNumber: string;
  category: string;
  topic: string;
  publishedAt: string;
}

function makeDoc(pool: string[], agencies: readonly { id: number; name: string }[], i: number): Doc {
  const agency = pick(agencies);
  const year = 2010 + Math.floor(rnd() * 17);
  const month = 1 + Math.floor(rnd() * 12);
  const day = 1 + Math.floor(rnd() * 28);
  const at = new Date(Date.UTC(year, month - 1, day, 1 + Math.floor(rnd() * 9))).toISOString();
  const category = pick(CATEGORIES);
  const stem = pick(pool).replace(/[，。；、：“”《》（）()]/gu, '').slice(0, 6 + Math.floor(rnd() * 14));
  const title = category === 'annual_report' ? `${agency.name}${year}年政府信息公开工作年度报告` : `关于${stem}的${pick(GENRES)}`;
  const count = 5 + Math.floor(rnd() * 12);
  const body: string[] = [];
  for (let k = 0; k < count; k++) body.push(pick(pool));
  const documentNumber = i % 5 === 0 ? `${pick(CODES)}〔${year}〕${1 + Math.floor(rnd() * 120)}号` : '';
  return { agencyId: agency.id, title, text: body.join(rnd() < 0.3 ? '\n' : ''), documentNumber, category, topic: pick(TOPICS), publishedAt: at };
}

// ------------------------------------------------------------------ load

async function insertBatch(db: Db, docs: Doc[], offset: number): Promise<number[]> {
  const rows = docs.map((d, k) => ({
    agencyId: d.agencyId,
    departmentId: null,
    state: 'published',
    publicStatus: 'published',
    indexNumber: `BENCH/${d.publishedAt.slice(0, 4)}-${offset + k}`,
    currentRevisionId: null,
    revisionCount: 1,
    title: d.title,
    summary: '',
    body: paragraphs(d.text),
    documentNumber: d.documentNumber,
    category: d.category,
    topic: d.topic,
    genre: 'notice',
    keywords: '',
    disclosureAttribute: 'proactive',
    disclosureBasis: '',
    writtenDate: d.publishedAt.slice(0, 10),
    formedDate: d.publishedAt.slice(0, 10),
    validity: 'valid',
    validityDate: null,
    replacedById: null,
    scheduledAt: null,
    submittedAt: d.publishedAt,
    firstPublishedAt: d.publishedAt,
    lastPublishedAt: d.publishedAt,
    withdrawnAt: null,
    createdBy: null,
    updatedBy: null,
    createdAt: d.publishedAt,
    updatedAt: d.publishedAt,
  }));
  return db.transaction().execute(async (trx) => {
    const ids: number[] = [];
    // SQLite allows 32,766 bound parameters per statement.
    for (let i = 0; i < rows.length; i += 200) {
      const inserted = await trx.insertInto('publications').values(rows.slice(i, i + 200)).returning('id').execute();
      ids.push(...inserted.map((r) => r.id));
    }
    const revs = rows.map((r, k) => ({
      publicationId: ids[k]!,
      revisionNo: 1,
      agencyId: r.agencyId,
      indexNumber: r.indexNumber,
      title: r.title,
      summary: '',
      body: r.body,
      documentNumber: r.documentNumber,
      writtenDate: r.writtenDate,
      formedDate: r.formedDate,
      category: r.category,
      topic: r.topic,
      genre: 'notice',
      keywords: '',
      disclosureAttribute: 'proactive',
      disclosureBasis: '',
      issuersJson: '[]',
      publishedAt: r.firstPublishedAt,
      publishedBy: null,
      publishedByName: 'bench',
    }));
    for (let i = 0; i < revs.length; i += 200) await trx.insertInto('publicationRevisions').values(revs.slice(i, i + 200)).execute();
    await sql`UPDATE publications SET current_revision_id = (SELECT r.id FROM publication_revisions r WHERE r.publication_id = publications.id AND r.revision_no = 1)
      WHERE id >= ${ids[0]!} AND id <= ${ids[ids.length - 1]!}`.execute(trx);
    return ids;
  });
}

// Tokenizing is the costly part of indexing; the bench spreads it over one worker per core.
// One worker: the main thread's writes and the worker's tokenizing then share the two cores (more workers only contend).
const workers = Array.from({ length: Number(process.env.BENCH_WORKERS ?? 1) }, () => new Worker(new URL('./search-worker.mjs', import.meta.url)));
let nextJob = 0;
function fieldsOf(docs: Doc[]): Promise<DocumentFields[]> {
  const texts: DocumentText[] = docs.map((d) => ({ title: d.title, documentNumber: d.documentNumber, keywords: '', summary: '', bodyText: d.text, attachmentTexts: [] }));
  if (workers.length === 0) return Promise.resolve(texts.map((t) => documentFields(t)));
  const per = Math.ceil(texts.length / workers.length);
  return Promise.all(
    workers.map(
      (w, k) =>
        new Promise<DocumentFields[]>((resolve) => {
          const id = ++nextJob;
          const onMessage = (m: { id: number; fields: DocumentFields[] }) => {
            if (m.id !== id) return;
            w.off('message', onMessage);
            resolve(m.fields);
          };
          w.on('message', onMessage);
          w.postMessage({ id, docs: texts.slice(k * per, (k + 1) * per) });
        }),
    ),
  ).then((parts) => parts.flat());
}

async function indexBatch(db: Db, docs: Doc[], ids: number[], fields: DocumentFields[]): Promise<void> {
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (let k = 0; k < docs.length; k++) {
      const d = docs[k]!;
      await repo.upsertDocument(
        trx,
        {
          publicationId: ids[k]!,
          agencyId: d.agencyId,
          category: d.category,
          topic: d.topic,
          validity: 'valid',
          year: chinaYearOf(d.publishedAt),
          publishedAt: d.publishedAt,
          title: d.title,
          documentNumber: d.documentNumber,
          documentNumberKey: documentNumberKey(d.documentNumber),
          snippetFrom: fields[k]!.snippetFrom,
          indexedAt: now,
        },
        fields[k]!,
      );
    }
  });
}

// ------------------------------------------------------------------ measure

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function main() {
  const started = Date.now();
  const keep = process.env.BENCH_DB;
  let reuse = keep !== undefined && engine === 'sqlite' && existsSync(keep);
  const tdb = keep
    ? await (async () => {
        const kept = openDatabase(engine === 'sqlite' ? `sqlite:${keep}` : keep);
        const t = performance.now();
        const applied = await migrateToLatest(kept);
        if (applied.length) console.log(`migrated ${keep}: ${applied.join(', ')} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
        return { db: kept, close: () => kept.destroy() };
      })()
    : await createTestDb(engine);
  const db = tdb.db;
  if (keep && engine === 'postgres') reuse = (await repo.countIndexed(db)) > 0;
  if (reuse) {
    const agencies = await db.selectFrom('agencies').select(['id', 'name', 'slug']).execute();
    const n = await repo.countIndexed(db);
    console.log(`reusing ${keep}: ${n} indexed items`);
    if (n < N) {
      // Resume a build that was stopped: a 1,000,000-item build runs for hours on a small machine.
      seed = 42 + n; // a fresh stretch of the generator, not a replay of the first items
      // A stopped build may have written a batch's rows but not its index entries.
      const orphans = sql`SELECT id FROM publications WHERE index_number LIKE 'BENCH/%' AND id NOT IN (SELECT publication_id FROM search_documents)`;
      await sql`UPDATE publications SET current_revision_id = NULL WHERE id IN (${orphans})`.execute(db);
      await sql`DELETE FROM publication_revisions WHERE publication_id IN (${orphans})`.execute(db);
      await sql`DELETE FROM publications WHERE id IN (${orphans})`.execute(db);
      await bulkPragmas(db);
      await bulkBuild(db, agencies, sentences(), n);
      await finishBuild(db);
    }
    await measure(db, agencies);
    await tdb.close();
    for (const w of workers) await w.terminate();
    return;
  }
  // Bulk load only: no fsync, and a 64 MB page cache for FTS5's segment merges.
  // Both are reset before queries are measured, which run with the app's settings.
  await bulkPragmas(db);
  await seedFoundation(db);
  const agencies = await db.selectFrom('agencies').select(['id', 'name', 'slug']).execute();
  const pool = sentences();
  console.log(`engine ${engine}, ${N} items, ${pool.length} corpus sentences, ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}`);

  // Per-item indexing (the publishing path) on a sample first.
  const sampleDocs = Array.from({ length: 2000 }, (_, i) => makeDoc(pool, agencies, i));
  const sampleIds = await insertBatch(db, sampleDocs, 0);
  let t0 = performance.now();
  for (const id of sampleIds) await db.transaction().execute((trx) => indexPublication(trx, id));
  const perItem = performance.now() - t0;
  console.log(`indexPublication, one transaction per item: ${(sampleIds.length / (perItem / 1000)).toFixed(0)} items/s (${ms(perItem / sampleIds.length)} each)`);

  await bulkBuild(db, agencies, pool, sampleIds.length);
  await finishBuild(db);

  await measure(db, agencies);

  // Import throughput: generated pages through the whole import path (cleaner, draft, hash, audit).
  const pages: SourceItem[] = Array.from({ length: 1000 }, (_, i) => {
    const d = makeDoc(pool, agencies, i);
    const html = `<html><head><meta charset="utf-8"><title>${d.title}</title></head><body><div class="nav">首页 | 政务公开</div><h1>${d.title}</h1><p>发布日期：${d.publishedAt.slice(0, 10)}</p><div id="content">${paragraphs(d.text)}</div><div class="foot">扫描二维码随身看资讯</div></body></html>`;
    return { kind: 'page', name: `p${i}.html`, load: () => Buffer.from(html) };
  });
  const job = await createJob(db, SYSTEM_ACTOR, { agencyId: agencies[0]!.id, source: 'cli', label: 'bench', mode: 'draft' });
  t0 = performance.now();
  const result = await runImport(db, SYSTEM_ACTOR, job.id, pages);
  const importMs = performance.now() - t0;
  const reasons = new Map<string, number>();
  for (const r of JSON.parse(result.reportJson) as { outcome: string }[]) if (r.outcome !== 'imported') reasons.set(r.outcome, (reasons.get(r.outcome) ?? 0) + 1);
  if (reasons.size) console.log('not imported:', [...reasons].map(([k, n]) => `${n} × ${k}`).join('; '));
  console.log(`import: ${result.imported} pages as drafts in ${(importMs / 1000).toFixed(1)} s → ${(result.imported / (importMs / 1000)).toFixed(0)} pages/s`);
  console.log(`total bench time ${((Date.now() - started) / 1000).toFixed(0)} s`);
  await tdb.close();
  for (const w of workers) await w.terminate();
}

async function bulkPragmas(db: Db): Promise<void> {
  if (engine !== 'sqlite') return;
  await sql`PRAGMA synchronous = OFF`.execute(db);
  await sql.raw(`PRAGMA cache_size = -${Number(process.env.BENCH_CACHE_MB ?? 64) * 1024}`).execute(db);
  // Fewer, larger FTS5 merges while loading (merge work grows with log base crisismerge);
  // the final 'optimize' merges everything into one segment per table anyway.
  for (const t of ['search_fts', 'search_grams']) {
    await sql.raw(`INSERT INTO ${t}(${t}, rank) VALUES ('automerge', 0)`).execute(db);
    await sql.raw(`INSERT INTO ${t}(${t}, rank) VALUES ('crisismerge', 64)`).execute(db);
  }
}

async function finishBuild(db: Db): Promise<void> {
  if (engine === 'postgres') await sql`ANALYZE`.execute(db);
  else {
    const t = performance.now();
    await sql`INSERT INTO search_fts(search_fts) VALUES ('optimize')`.execute(db);
    await sql`INSERT INTO search_grams(search_grams) VALUES ('optimize')`.execute(db);
    console.log(`FTS5 optimize: ${((performance.now() - t) / 1000).toFixed(0)} s`);
    for (const tb of ['search_fts', 'search_grams']) {
      await sql.raw(`INSERT INTO ${tb}(${tb}, rank) VALUES ('automerge', 4)`).execute(db);
      await sql.raw(`INSERT INTO ${tb}(${tb}, rank) VALUES ('crisismerge', 16)`).execute(db);
    }
    await sql`PRAGMA synchronous = NORMAL`.execute(db);
    await sql`PRAGMA cache_size = -2000`.execute(db);
  }
}

/** Writes items `from`..N-1 in batches, tokenizing the next batch while this one is written. */
async function bulkBuild(db: Db, agencies: readonly { id: number; name: string }[], pool: string[], from: number): Promise<void> {
  let loadMs = 0;
  let indexMs = 0;
  let chars = 0;
  let t0 = 0;
  const makeBatch = (done: number) => Array.from({ length: Math.min(BATCH, N - done) }, (_, i) => makeDoc(pool, agencies, done + i));
  let done = from;
  let docs = done < N ? makeBatch(done) : [];
  let pending = docs.length ? fieldsOf(docs) : null;
  const bulkStart = performance.now();
  let lap = performance.now();
  let batches = 0;
  while (pending) {
    for (const d of docs) chars += d.title.length + d.text.length;
    t0 = performance.now();
    const ids = await insertBatch(db, docs, done);
    loadMs += performance.now() - t0;
    const fields = await pending;
    const current = docs;
    done += current.length;
    docs = done < N ? makeBatch(done) : [];
    pending = docs.length ? fieldsOf(docs) : null;
    t0 = performance.now();
    await indexBatch(db, current, ids, fields);
    indexMs += performance.now() - t0;
    if (++batches % 10 === 0) {
      const rate = (10 * BATCH) / ((performance.now() - lap) / 1000);
      lap = performance.now();
      process.stderr.write(`${done}/${N} (${rate.toFixed(0)} items/s)\n`);
    }
  }
  const bulkMs = performance.now() - bulkStart;
  const bulk = N - from;
  console.log(
    `bulk: ${bulk} items in ${(bulkMs / 1000).toFixed(0)} s → ${(bulk / (bulkMs / 1000)).toFixed(0)} items/s end to end ` +
      `(tokenizing in ${workers.length} workers overlapped with writing; rows: ${(loadMs / 1000).toFixed(0)} s, index writes: ${(indexMs / 1000).toFixed(0)} s; ${(chars / Math.max(1, bulk)) | 0} characters per item)`,
  );
}

async function measure(db: Db, agencies: { id: number; name: string; slug: string }[]): Promise<void> {
  const agencySlug = agencies[0]!.slug;
  const sample = await db.selectFrom('searchDocuments as d').innerJoin('publications as p', 'p.id', 'd.publicationId').select(['p.indexNumber', 'd.documentNumber']).where('d.documentNumber', '!=', '').orderBy('d.publicationId').offset(500).limit(1).executeTakeFirstOrThrow();
  const exactIndexNumber = sample.indexNumber ?? '';
  const exactDocumentNumber = sample.documentNumber.replace('〔', '[').replace('〕', ']');
  const queries: { label: string; params: Record<string, unknown> }[] = [
    { label: '复议 (two characters)', params: { q: '复议' } },
    { label: '许可', params: { q: '许可' } },
    { label: '登记 管理', params: { q: '登记 管理' } },
    { label: '行政处罚 程序 听证', params: { q: '行政处罚 程序 听证' } },
    { label: '"政府信息公开" (phrase)', params: { q: '"政府信息公开"' } },
    { label: '"应当自收到申请之日起" (phrase)', params: { q: '"应当自收到申请之日起"' } },
    { label: '申请 "政府信息公开" (word and phrase)', params: { q: '申请 "政府信息公开"' } },
    { label: '〔2023〕15号 (文号)', params: { q: '〔2023〕15号' } },
    { label: '示发改[2019]7号', params: { q: '示发改[2019]7号' } },
    { label: '資訊公開 (traditional)', params: { q: '資訊公開' } },
    { label: 'ndbg (initials)', params: { q: 'ndbg' } },
    { label: 'nian du bao gao (pinyin)', params: { q: 'nian du bao gao' } },
    { label: '环境保护 + year 2020', params: { q: '环境保护', year: 2020 } },
    { label: '安全生产 + agency', params: { q: '安全生产', agency: agencySlug } },
    { label: '管理 sorted by date', params: { q: '管理', sort: 'date' } },
    { label: '的 (stop word only)', params: { q: '的' } },
    { label: '专利代理机构 page 5', params: { q: '专利代理机构', page: 5 } },
    { label: '无此词汇组合 (no hit)', params: { q: '量子纠缠 区块链' } },
    // Recall (issue 12): runs that cross jieba's words, abbreviations, traditional phrases, identifiers.
    { label: '人民政 (crosses words: bigrams)', params: { q: '人民政' } },
    { label: '申请之日 (crosses words)', params: { q: '申请之日' } },
    { label: '请之 (two characters, not a word)', params: { q: '请之' } },
    { label: '发改局 (abbreviation)', params: { q: '发改局' } },
    { label: '年报 (abbreviation)', params: { q: '年报' } },
    { label: '"執行" (traditional phrase, two readings)', params: { q: '"執行"' } },
    { label: '"應當自收到申請之日起" (traditional phrase)', params: { q: '"應當自收到申請之日起"' } },
    { label: '索引号 (exact: goes to the item)', params: { q: exactIndexNumber } },
    { label: '文号 whole (exact lookup; shared ones list)', params: { q: exactDocumentNumber } },
  ];
  const all: number[] = [];
  const rows: string[] = [];
  for (const q of queries) {
    const req = parseSearchRequest(q.params);
    const first = await search(db, req); // warm-up
    const times: number[] = [];
    for (let r = 0; r < REPEAT; r++) {
      const s = performance.now();
      await search(db, req);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    rows.push(`| ${q.label} | ${first.total} | ${ms(pct(times, 50))} | ${ms(pct(times, 95))} |`);
  }
  all.sort((a, b) => a - b);
  console.log(`\n| query | hits | p50 | p95 |\n|---|---|---|---|\n${rows.join('\n')}`);
  console.log(`\nall queries (${all.length} runs): p50 ${ms(pct(all, 50))}, p95 ${ms(pct(all, 95))}, max ${ms(all[all.length - 1]!)}`);

  if (engine === 'sqlite') {
    const size = await sql<{ n: number }>`SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()`.execute(db);
    console.log(`database file: ${(Number(size.rows[0]?.n ?? 0) / 1048576).toFixed(0)} MB`);
  } else {
    const size = await sql<{ n: string }>`SELECT pg_size_pretty(pg_total_relation_size('search_documents')) AS n`.execute(db);
    console.log(`search_documents with tsvector and GIN: ${size.rows[0]?.n}`);
  }

}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
