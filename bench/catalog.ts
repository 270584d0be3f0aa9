/**
 * The disclosure catalog at scale. Run by hand:
 *
 *   node --import tsx bench/catalog.ts [N] [REQUESTS]
 *   BENCH_DATABASE_URL=postgres://user:pass@host:5432/postgres node --import tsx bench/catalog.ts [N] [REQUESTS]
 *
 * N published publications (default 100,000); REQUESTS per latency series (default 300).
 * With BENCH_DATABASE_URL a fresh database is created on that PostgreSQL server
 * (and dropped at the end); otherwise a SQLite file in a temporary folder.
 * BENCH_KEEP_DB=1 keeps the database (and prints its URL) for looking into plans.
 *
 * 1. Migrates, loads the demo foundation (示例市: four agencies, departments,
 *    people, columns; no demo publications), then writes N published items in bulk
 *    the way the service leaves them after `publish`: the publication row (state
 *    and public status published, 索引号 from the agency's default pattern with
 *    per-agency-per-year serials, revision count 1), its first revision (the
 *    snapshot the public reads), its issuer rows, the office-review record, and
 *    the serial counters. 发布日期 on working days over 2024-01-02 … 2026-11-20.
 *    No audit events (the public pages never read them). The search index is
 *    built only when its per-item path is fast enough (search has its own bench).
 * 2. Starts the production server (bench/serve-for-bench.ts → src/server.ts) in a
 *    child process on a free port, with LOG_LEVEL=silent.
 * 3. Measures (a) one publication page with ../shared/tools/page-vs-static
 *    (app vs nginx vs a bare Node server serving the same bytes); (b) p50/p95/p99
 *    of the catalog list pages and of GET /api/v1/publications, cold (distinct
 *    URLs, so the page cache misses) and hot (one URL repeated), sequential
 *    requests with Node's fetch; (c) the same for deep pages (OFFSET); then the
 *    list's own SQL (rows query and count query, timed apart in this process,
 *    with the engine's plan; on SQLite also with the file memory-mapped).
 * 4. Applies the schema change proposed in docs/benchmarks.md (PROPOSED_SCHEMA)
 *    to this database and times the same cases with the proposed queries,
 *    checking they return the same items and totals (skipped once the
 *    publications table has `public_category`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, CompiledQuery, type Insertable, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Db, Engine } from '../src/db/database.js';
import { openPlatformDatabase as openDatabase } from '../src/platform/open.js';
import type { Database } from '../src/db/schema.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { loadDemo } from '../src/demo/demo.js';
import { getCalendar } from '../src/features/calendar/calendar.service.js';
import { isWorkday } from '../src/features/calendar/workdays.js';
import { DISCLOSURE_CATEGORY_KEYS, type DisclosureCategory, type Genre, type Topic } from '../src/features/publications/categories.js';
import { DEFAULT_INDEX_PATTERN, formatIndexNumber } from '../src/features/publications/publication.js';
import { chinaYearBounds, countsByCategory, listPublished, type PublicListQuery } from '../src/features/publications/publication.query.js';
import { indexPublication, reindexAll } from '../src/features/search/search.service.js';
import { indexPrefixOf } from '../src/lib/codes.js';
import { addDays, type IsoDate } from '../src/lib/dates.js';

const N = Number(process.argv[2] ?? 100_000);
const REQUESTS = Number(process.argv[3] ?? 300);
const ADMIN_URL = process.env.BENCH_DATABASE_URL;
const ENGINE: Engine = ADMIN_URL ? 'postgres' : 'sqlite';
const PAGE_VS_STATIC = process.env.PAGE_VS_STATIC ?? '/work/shared/tools/page-vs-static';
const ROOT = path.resolve(import.meta.dirname, '..');

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// ------------------------------------------------------------------ deterministic text

let seed = 20260101;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
const p = (...lines: string[]) => lines.map((l) => `<p>${l}</p>`).join('');
const table = (head: string[], rows: string[][]) =>
  `<table><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

const PROJECTS = ['城北污水处理厂提标改造工程', '示例大道快速化改造工程', '人民医院新院区建设项目', '滨江生态公园建设项目', '第三中学扩建工程', '城区燃气管网更新改造项目', '高新区标准厂房建设项目', '综合客运枢纽工程', '江北片区雨污分流改造工程', '老旧小区改造项目'];
const AREAS = ['政府投资项目', '价格听证', '节能审查', '社会信用体系建设', '重点项目前期工作', '招标投标活动', '粮食储备', '服务业发展引导资金', '安全生产', '政务服务'];
const COMPANIES = ['示例市鑫源建材有限公司', '示例市恒达化工有限公司', '示例市绿洲纸业有限公司', '示例市宏远物流有限公司', '示例市金石混凝土有限公司'];
const EVENTS = ['召开全市重点项目建设推进会', '开展营商环境提升年走访企业活动', '召开理论学习中心组学习会议', '组织开展安全生产专项检查', '召开政务公开工作培训会', '赴滨江新区调研重大项目建设', '召开年度工作总结暨部署会议', '开展政务开放日活动'];
const PLACES = ['城北街道', '滨江新区', '东城区', '主城区', '江北街道', '高新区', '站前片区'];
const SENTENCES = [
  '各有关单位要提高思想认识，切实加强组织领导，明确责任分工，确保各项工作任务落到实处。',
  '坚持依法依规、公开透明、权责一致、注重实效的原则，不断提升行政效能和服务水平。',
  '执行中遇到的问题，请及时向本机关反映，联系电话0759-1234567。',
  '本机关将加强监督检查，对工作落实不力的单位予以通报。',
  '进一步优化办事流程，压减办理时限，推行“一网通办”“最多跑一次”。',
  '当事人如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者在六个月内依法提起行政诉讼。',
  '会议强调，要以高度的政治责任感抓好各项工作，确保全年目标任务圆满完成。',
  '现将有关事项公告如下，欢迎社会各界监督。',
];

/** Category weights: news and notices dominate, every category of the vocabulary appears. */
const WEIGHTS: [DisclosureCategory, number][] = DISCLOSURE_CATEGORY_KEYS.map((c) => [
  c,
  c === 'work_news' ? 12 : c === 'notices' ? 5 : c === 'policy_interpretation' || c === 'personnel' ? 3 : c.startsWith('art20') ? 2 : c.startsWith('art21') ? 1 : c === 'other' ? 1 : 0.3,
]);
const WEIGHT_TOTAL = WEIGHTS.reduce((s, [, w]) => s + w, 0);
function category(): DisclosureCategory {
  let x = rnd() * WEIGHT_TOTAL;
  for (const [c, w] of WEIGHTS) if ((x -= w) < 0) return c;
  return 'other';
}

interface Doc {
  title: string;
  summary: string;
  body: string;
  genre: Genre;
  topic: Topic;
  documentNumber: string;
  keywords: string[];
}

function generate(cat: DisclosureCategory, agency: { name: string; shortName: string; abbr: string }, year: number, no: number): Doc {
  const area = pick(AREAS);
  const project = pick(PROJECTS);
  const docNo = (kind: string) => `${agency.abbr}${kind}〔${year}〕${no}号`;
  const filler = () => p(...Array.from({ length: int(2, 5) }, () => pick(SENTENCES)));
  if (cat === 'work_news') {
    const event = pick(EVENTS);
    return {
      title: `${agency.shortName}${event}`,
      summary: `${year}年${int(1, 12)}月${int(1, 28)}日，${agency.name}${event}。`,
      body: p(`${year}年${int(1, 12)}月${int(1, 28)}日，${agency.name}${event}，${pick(['主要负责同志出席并讲话', '班子成员参加', '各股室负责人参加'])}。`) + filler(),
      genre: 'news',
      topic: 'general',
      documentNumber: '',
      keywords: ['工作动态'],
    };
  }
  if (cat === 'notices' || cat === 'art20_08' || cat === 'art20_12' || cat === 'art21_public_service') {
    return {
      title: `${agency.name}关于${pick(['开展', '做好', '加强'])}${area}${pick(['专项检查', '有关工作', '监督管理'])}的通知`,
      summary: `部署${area}相关工作，明确工作目标、任务分工和时间安排。`,
      body: p('各有关单位：', `为做好${area}工作，现将有关事项通知如下：`, '一、工作目标', '二、主要任务', '三、工作要求') + filler(),
      genre: 'notice',
      topic: pick(['general', 'economy', 'market_safety']),
      documentNumber: docNo('函'),
      keywords: [area, '通知'],
    };
  }
  if (cat === 'art20_01' || cat === 'disclosure_rules') {
    const name = `示例市${area}管理办法`;
    return {
      title: `${agency.name}关于印发《${name}》的通知`,
      summary: `印发《${name}》，自印发之日起施行，有效期五年。`,
      body:
        p('各县（市、区）有关部门，局属各单位：', `现将《${name}》印发给你们，请认真贯彻执行。`) +
        `<h2 class="align-center">${name}</h2>` +
        p(`第一条　为了规范${area}管理，根据有关法律、法规和规章的规定，结合本市实际，制定本办法。`, `第二条　本市行政区域内的${area}及其监督管理，适用本办法。`, '第三条　本办法自印发之日起施行，有效期五年。') +
        filler(),
      genre: 'measures',
      topic: 'general',
      documentNumber: docNo('规'),
      keywords: [area, '规范性文件'],
    };
  }
  if (cat === 'art20_05' || cat === 'art20_10' || cat === 'art21_municipal') {
    const stage = pick(['可行性研究报告', '初步设计', '项目核准', '环境影响报告书']);
    const code = `${year}-449900-${int(40, 89)}-01-${String(int(1, 999)).padStart(6, '0')}`;
    return {
      title: `关于${project}${stage}的批复`,
      summary: `批准结果信息：${project}（${code}）${stage}。`,
      body:
        p(`${project}项目单位：`, `你单位报送的${stage}及有关材料收悉。经研究，批复如下：`) +
        table(['项目名称', '项目代码', '审批结果', '批复单位'], [[project, code, '同意', agency.name]]) +
        p(`一、项目建设地点：${pick(PLACES)}。`, '二、请严格按照批复内容组织实施，依法办理其他相关手续。') +
        filler(),
      genre: 'reply',
      topic: pick(['economy', 'construction_environment']),
      documentNumber: docNo('许'),
      keywords: ['批准服务信息', project],
    };
  }
  if (cat === 'art20_06' || cat === 'art20_13' || cat === 'art21_public_security') {
    const company = pick(COMPANIES);
    return {
      title: `行政处罚决定书（${company}）`,
      summary: `${company}违反有关法律法规，依法作出罚款决定。`,
      body:
        p(`当事人：${company}`, `${year}年${int(1, 12)}月，执法人员对当事人进行现场检查，发现其存在违法行为。`, `依据有关规定，决定对当事人罚款人民币${int(1, 40)}万元。`) +
        filler(),
      genre: 'decision',
      topic: pick(['market_safety', 'construction_environment', 'public_security']),
      documentNumber: docNo('罚'),
      keywords: ['行政处罚'],
    };
  }
  if (cat === 'art20_07' || cat === 'art20_09' || cat === 'art20_04' || cat === 'annual_report') {
    const kind = cat === 'annual_report' ? '政府信息公开工作年度报告' : pick(['部门预算', '部门决算', '“三公”经费预算', '统计数据', '采购结果']);
    const total = int(2800, 9800);
    return {
      title: `${agency.name}${year}年${kind}`,
      summary: `${agency.name}${year}年${kind}公开。`,
      body:
        p(`一、${year}年${kind}总体情况`, `${year}年收入总计${total}万元，支出总计${total}万元。`) +
        table(['项目', '金额（万元）'], [['一般公共预算财政拨款', String(Math.round(total * 0.82))], ['政府性基金预算财政拨款', String(Math.round(total * 0.1))], ['其他收入', String(total - Math.round(total * 0.92))]]) +
        filler(),
      genre: 'report',
      topic: 'finance',
      documentNumber: '',
      keywords: [kind],
    };
  }
  if (cat === 'personnel' || cat === 'art20_14') {
    return {
      title: `${agency.name}${year}年${pick(['公开招聘工作人员', '干部任前公示', '公务员考试录用'])}公告（第${no}号）`,
      summary: '公布有关人事信息，接受社会监督。',
      body: p('根据有关规定，现将有关情况公示如下：') + table(['姓名', '拟任职务'], [[pick(['王建国', '李晓燕', '陈志明', '张丽华']), pick(['股长', '副科长', '科员'])]]) + filler(),
      genre: 'announcement',
      topic: 'labour_personnel',
      documentNumber: '',
      keywords: ['人事信息'],
    };
  }
  if (cat === 'policy_interpretation') {
    return {
      title: `《示例市${area}管理办法》政策解读`,
      summary: `解读《示例市${area}管理办法》的起草背景、主要内容和解决的问题。`,
      body: p('一、起草背景和依据', '二、目标任务', '三、主要内容', '四、解决的问题') + filler(),
      genre: 'interpretation',
      topic: 'general',
      documentNumber: '',
      keywords: ['政策解读', area],
    };
  }
  return {
    title: `${agency.shortName}${year}年${area}${pick(['工作情况', '实施情况', '有关信息', '工作方案'])}`,
    summary: `公布${year}年${area}有关信息。`,
    body: p(`${year}年，${agency.shortName}认真做好${area}各项工作。`) + filler(),
    genre: pick(['work_plan', 'report', 'other']),
    topic: pick(['general', 'civil_affairs', 'health_sport', 'science_education']),
    documentNumber: '',
    keywords: [area],
  };
}

// ------------------------------------------------------------------ database

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!ADMIN_URL) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-catalog-'));
    return { url: `sqlite:${path.join(dir, 'bench.db')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `gk_bench_catalog_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const ABBR: Record<string, string> = { fgj: '示发改', czj: '示财', sthjj: '示环', zfb: '示府办' };

async function bulkLoad(db: Db, n: number): Promise<void> {
  const cal = await getCalendar(db);
  const agencies = await db.selectFrom('agencies').select(['id', 'slug', 'code', 'name', 'shortName']).orderBy('id').execute();
  const depts = await db.selectFrom('departments').select(['id', 'agencyId']).execute();
  const reviewers = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.userId')
    .select(['m.agencyId', 'u.id', 'u.displayName'])
    .where('m.role', '=', 'office_reviewer')
    .execute();
  const editors = await db.selectFrom('memberships').select(['agencyId', 'userId']).where('role', '=', 'department_editor').execute();
  const A = agencies.map((a) => ({
    ...a,
    abbr: ABBR[a.slug] ?? a.shortName,
    depts: depts.filter((d) => d.agencyId === a.id).map((d) => d.id),
    reviewer: reviewers.find((r) => r.agencyId === a.id) ?? { id: null, displayName: '办公室' },
    editor: editors.find((e) => e.agencyId === a.id)?.userId ?? null,
  }));

  // Working days over the span, then N 发布日期 sorted oldest first (ids grow with time, as in life).
  const days: IsoDate[] = [];
  for (let d: IsoDate = '2024-01-02'; d <= '2026-11-20'; d = addDays(d, 1)) if (isWorkday(cal, d).working) days.push(d);
  const plan = Array.from({ length: n }, () => ({ day: days[Math.floor(rnd() * days.length)]!, minute: int(9 * 60, 17 * 60 + 30), agency: Math.floor(rnd() * A.length) }));
  plan.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.minute - b.minute));

  const maxPub = Number((await db.selectFrom('publications').select(sql<number>`coalesce(max(id), 0)`.as('m')).executeTakeFirstOrThrow()).m);
  const maxRev = Number((await db.selectFrom('publicationRevisions').select(sql<number>`coalesce(max(id), 0)`.as('m')).executeTakeFirstOrThrow()).m);
  const serials = new Map<string, number>();
  for (const r of await db.selectFrom('publicationSerials').selectAll().execute()) serials.set(`${r.agencyId}-${r.year}`, r.lastSerial);

  const STATEMENT = 400; // rows per INSERT (SQLite allows 32,766 bound values; a publication has ~38)
  const TRANSACTION = 4000;
  for (let start = 0; start < n; start += TRANSACTION) {
    const pubs: Insertable<Database['publications']>[] = [];
    const revs: Insertable<Database['publicationRevisions']>[] = [];
    const issuers: Insertable<Database['publicationIssuers']>[] = [];
    const reviews: Insertable<Database['publicationReviews']>[] = [];
    for (let i = start; i < Math.min(n, start + TRANSACTION); i++) {
      const it = plan[i]!;
      const a = A[it.agency]!;
      const year = Number(it.day.slice(0, 4));
      const key = `${a.id}-${year}`;
      const serial = (serials.get(key) ?? 0) + 1;
      serials.set(key, serial);
      const indexNumber = formatIndexNumber(DEFAULT_INDEX_PATTERN, { agencyCode: indexPrefixOf(a.code), year, month: Number(it.day.slice(5, 7)), serial });
      const cat = category();
      const d = generate(cat, a, year, serial);
      const publishedAt = new Date(`${it.day}T${String(Math.floor(it.minute / 60)).padStart(2, '0')}:${String(it.minute % 60).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}+08:00`).toISOString();
      const submittedAt = new Date(Date.parse(publishedAt) - int(1, 72) * 3_600_000).toISOString();
      const createdAt = new Date(Date.parse(submittedAt) - int(1, 96) * 3_600_000).toISOString();
      const formedDate = addDays(it.day, -int(1, 14));
      // About one in twelve normative documents and plans is no longer in force.
      const lapsed = (cat === 'art20_01' || cat === 'art20_03') && rnd() < 0.08;
      const validity = lapsed ? (cat === 'art20_01' ? 'abolished' : 'expired') : 'valid';
      const id = maxPub + i + 1;
      const revisionId = maxRev + i + 1;
      const issuerList = [{ agencyId: a.id, name: a.name }];
      if (rnd() < 0.05) {
        const other = A[(it.agency + 1) % A.length]!;
        issuerList.push({ agencyId: other.id, name: other.name });
      }
      const common = {
        title: d.title,
        summary: d.summary,
        body: d.body,
        documentNumber: d.documentNumber,
        writtenDate: formedDate,
        formedDate,
        category: cat,
        topic: d.topic,
        genre: d.genre,
        keywords: d.keywords.join('、'),
        disclosureAttribute: 'proactive',
        disclosureBasis: '',
        changeNote: '',
      };
      pubs.push({
        id,
        agencyId: a.id,
        departmentId: a.depts.length ? a.depts[Math.floor(rnd() * a.depts.length)]! : null,
        state: 'published',
        publicStatus: 'published',
        indexNumber,
        currentRevisionId: revisionId,
        revisionCount: 1,
        ...common,
        validity,
        validityDate: lapsed ? addDays(it.day, int(200, 600)) : null,
        replacedById: null,
        replacedByUrl: '',
        scheduledAt: null,
        submittedAt,
        firstPublishedAt: publishedAt,
        lastPublishedAt: publishedAt,
        withdrawnAt: null,
        withdrawalReason: '',
        createdBy: a.editor,
        updatedBy: a.editor,
        version: 5,
        createdAt,
        updatedAt: publishedAt,
      });
      revs.push({
        id: revisionId,
        publicationId: id,
        revisionNo: 1,
        agencyId: a.id,
        indexNumber,
        ...common,
        issuersJson: JSON.stringify(issuerList),
        publishedAt,
        publishedBy: a.reviewer.id,
        publishedByName: a.reviewer.displayName,
      });
      issuerList.forEach((x, position) => issuers.push({ publicationId: id, position, agencyId: x.agencyId, name: x.name }));
      reviews.push({
        publicationId: id,
        revisionNo: 1,
        step: 'office_review',
        decision: 'approved',
        confidentiality: 'cleared',
        comment: '经保密审查，同意公开',
        reviewerId: a.reviewer.id,
        reviewerName: a.reviewer.displayName,
        reviewerRole: '办公室审核',
        createdAt: publishedAt,
      });
    }
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < pubs.length; i += STATEMENT) await trx.insertInto('publications').values(pubs.slice(i, i + STATEMENT)).execute();
      for (let i = 0; i < revs.length; i += STATEMENT) await trx.insertInto('publicationRevisions').values(revs.slice(i, i + STATEMENT)).execute();
      for (let i = 0; i < issuers.length; i += STATEMENT * 4) await trx.insertInto('publicationIssuers').values(issuers.slice(i, i + STATEMENT * 4)).execute();
      for (let i = 0; i < reviews.length; i += STATEMENT * 2) await trx.insertInto('publicationReviews').values(reviews.slice(i, i + STATEMENT * 2)).execute();
    });
    if ((start / TRANSACTION) % 5 === 4) process.stdout.write(`  … ${fmt(start + pubs.length)}\n`);
  }
  await db.transaction().execute(async (trx) => {
    for (const [key, last] of serials) {
      const [agencyId, year] = key.split('-').map(Number) as [number, number];
      await trx
        .insertInto('publicationSerials')
        .values({ agencyId, year, lastSerial: last })
        .onConflict((oc) => oc.columns(['agencyId', 'year']).doUpdateSet({ lastSerial: last }))
        .execute();
    }
  });
  if (ENGINE === 'postgres') {
    // Explicit ids: move the sequences past them, as the service's inserts would have.
    for (const t of ['publications', 'publication_revisions']) await sql`select setval(pg_get_serial_sequence(${t}, 'id'), (select max(id) from ${sql.table(t)}))`.execute(db);
  }
}

/** A second handle on the same database that records the SQL it runs. */
function capturingDb(url: string): { db: Db; sqlite: SQLite.Database | undefined; log: CompiledQuery[]; destroy: () => Promise<void> } {
  const log: CompiledQuery[] = [];
  const sqlite = url.startsWith('sqlite:') ? new SQLite(url.slice('sqlite:'.length), { readonly: true }) : undefined;
  const dialect = sqlite ? new SqliteDialect({ database: sqlite }) : new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) });
  const db = new Kysely<Database>({
    dialect,
    plugins: [new CamelCasePlugin()],
    log: (e) => {
      if (e.level === 'query') log.push(e.query);
    },
  });
  return { db, sqlite, log, destroy: () => db.destroy() };
}

// ------------------------------------------------------------------ the proposal

/**
 * The schema change proposed for the public lists: the category and topic of the
 * published revision on the publication row, and the agency index extended so
 * that counts and the skipped rows of OFFSET never touch the wide rows. `id`
 * comes right after the date so the index also gives ORDER BY date DESC, id DESC.
 */
const PROPOSED_SCHEMA = [
  "alter table publications add column public_category text not null default ''",
  "alter table publications add column public_topic text not null default ''",
  `update publications set
     public_category = coalesce((select r.category from publication_revisions r where r.id = publications.current_revision_id), ''),
     public_topic = coalesce((select r.topic from publication_revisions r where r.id = publications.current_revision_id), '')
   where current_revision_id is not null`,
  'drop index publications_agency_public',
  'create index publications_agency_public on publications (agency_id, public_status, first_published_at, id, public_category, public_topic, validity)',
  'drop index publications_public',
  'create index publications_public on publications (public_status, first_published_at, id)',
];

/** listPublished (date order, no genre or text filter) over the proposed schema. */
function proposedSql(f: PublicListQuery) {
  const where = (t: string) => {
    const c = (col: string) => sql.ref(`${t}.${col}`);
    const w = [sql`${c('public_status')} = ${'published'}`];
    if (f.agencyId !== undefined) w.push(sql`${c('agency_id')} = ${f.agencyId}`);
    if (f.categories?.length) w.push(sql`${c('public_category')} in (${sql.join([...f.categories])})`);
    if (f.topic) w.push(sql`${c('public_topic')} = ${f.topic}`);
    if (f.validity) w.push(sql`${c('validity')} = ${f.validity}`);
    if (f.year !== undefined) {
      const { from, to } = chinaYearBounds(f.year);
      w.push(sql`${c('first_published_at')} >= ${from}`, sql`${c('first_published_at')} < ${to}`);
    }
    return sql.join(w, sql` and `);
  };
  const rows = sql`select p.id, p.agency_id, a.slug as agency_slug, a.name as agency_name, r.index_number, r.title, r.summary, r.document_number,
      r.category, r.topic, r.genre, p.validity, r.written_date, p.first_published_at, p.last_published_at, p.revision_count, r.issuers_json
    from publications p
    inner join publication_revisions r on r.id = p.current_revision_id
    inner join agencies a on a.id = p.agency_id
    where p.id in (select q.id from publications q where ${where('q')} order by q.first_published_at desc, q.id desc limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize})
    order by p.first_published_at desc, p.id desc`;
  const count = sql`select count(*) as n from publications q where ${where('q')}`;
  return { rows, count };
}

// ------------------------------------------------------------------ the server

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(url: string, dataDir: string): Promise<{ base: string; child: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'serve-for-bench.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(32).toString('hex'),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exited = false;
  const done = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 12_000);
    await done;
    clearTimeout(t);
  };
  for (let i = 0; ; i++) {
    if (exited) throw new Error('the server exited before answering');
    try {
      const r = await fetch(`${base}/api/v1/categories`);
      await r.arrayBuffer();
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (i > 300) {
      await stop();
      throw new Error('the server did not answer within 30 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, child, stop };
}

// ------------------------------------------------------------------ measuring

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  bytes: number;
}

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

async function series(base: string, urls: string[]): Promise<Stats> {
  const times: number[] = [];
  let bytes = 0;
  for (const u of urls) {
    const t0 = performance.now();
    const r = await fetch(base + u);
    const b = await r.arrayBuffer();
    times.push(performance.now() - t0);
    if (r.status !== 200) throw new Error(`${u} answered ${r.status}`);
    bytes += b.byteLength;
  }
  times.sort((a, b) => a - b);
  return { n: urls.length, p50: pct(times, 0.5), p95: pct(times, 0.95), p99: pct(times, 0.99), max: times[times.length - 1]!, bytes: bytes / urls.length };
}

function shuffled<T>(list: T[]): T[] {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const ms = (x: number) => x.toFixed(1);

// ------------------------------------------------------------------ main

const machine = {
  cpus: os.cpus().length,
  nproc: spawnSync('nproc').stdout?.toString().trim() ?? String(os.cpus().length),
  model: (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'cpu').trim(),
  node: process.version,
  date: new Date().toISOString().slice(0, 10),
};
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`catalog bench: ${fmt(N)} publications on ${ENGINE}; ${machine.model}, nproc ${machine.nproc}, Node ${machine.node}, ${machine.date}; load average ${load()}`);

const { url, drop } = await freshDatabase();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-data-'));
let server: Awaited<ReturnType<typeof startServer>> | undefined;
const db = openDatabase(url);
try {
  // ---------------------------------------------------------------- 1. load
  const t0 = performance.now();
  await migrateToLatest(db);
  await loadDemo(db, () => {}, { publications: false, dataDir });
  const tFoundation = performance.now() - t0;
  const t1 = performance.now();
  await bulkLoad(db, N);
  const tLoad = performance.now() - t1;
  console.log(`load: migrations + demo foundation ${sec(tFoundation)}; ${fmt(N)} published items (publication, revision, issuers, review) in ${sec(tLoad)} → ${fmt((N / tLoad) * 1000)} items/s`);
  if (ENGINE === 'postgres') {
    // Autovacuum would analyze the new tables within a minute; do it now.
    const ta = performance.now();
    await sql`analyze`.execute(db);
    console.log(`  analyze: ${sec(performance.now() - ta)}`);
  }

  // Search index: only when the per-item path (the one publishing uses) is quick enough at this size.
  const sampleIds = (await db.selectFrom('publications').select('id').orderBy('id').limit(500).execute()).map((r) => r.id);
  const ts = performance.now();
  await db.transaction().execute(async (trx) => {
    for (const id of sampleIds) await indexPublication(trx, id);
  });
  const perItem = (performance.now() - ts) / sampleIds.length;
  const estimate = perItem * N;
  let searchNote: string;
  if (estimate < 90_000) {
    const tr = performance.now();
    const r = await reindexAll(db);
    searchNote = `search index built with reindexAll: ${fmt(r.indexed)} items in ${sec(performance.now() - tr)}`;
  } else {
    searchNote = `search index NOT built: indexPublication takes ${perItem.toFixed(2)} ms/item here (~${sec(estimate)} for ${fmt(N)}); only the first ${sampleIds.length} items are indexed (search has its own bench)`;
  }
  console.log(searchNote);

  // ---------------------------------------------------------------- 2. serve
  if (ENGINE === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(db);
  server = await startServer(url, dataDir);
  const { base } = server;
  const agencies = await db.selectFrom('agencies').select(['id', 'slug']).orderBy('id').execute();
  for (const a of agencies) await (await fetch(`${base}/${a.slug}/zfxxgk`)).arrayBuffer(); // columns exist, the tree is read
  const columns = await db
    .selectFrom('catalogColumns')
    .select(['agencyId', 'path', 'kind', 'category'])
    .where('hidden', '=', 0)
    .where('kind', 'in', ['list', 'statutory'])
    .orderBy('id')
    .execute();
  const slugOf = new Map(agencies.map((a) => [a.id, a.slug]));
  const statutoryCount = await db
    .selectFrom('publications')
    .select(sql<number>`count(*)`.as('n'))
    .where('agencyId', '=', agencies[0]!.id)
    .where('category', 'like', 'art2%')
    .executeTakeFirstOrThrow();
  console.log(`serving on ${base} (child pid ${server.child.pid}); ${agencies[0]!.slug} has ${fmt(Number(statutoryCount.n))} items in 法定主动公开内容`);

  // ---------------------------------------------------------------- 3a. publication page
  const mid = await db
    .selectFrom('publications as p')
    .innerJoin('agencies as a', 'a.id', 'p.agencyId')
    .select(['p.id', 'a.slug'])
    .where('p.id', '=', Math.ceil(N / 2))
    .executeTakeFirstOrThrow();
  const pageUrl = `/${mid.slug}/zfxxgk/content/${mid.id}`;
  const cold = await series(base, [pageUrl]);
  console.log(`\n(a) publication page ${pageUrl} (load average ${load()}): first request (renders, QR code, stores in the page cache) ${ms(cold.p50)} ms, ${fmt(cold.bytes)} bytes`);
  // Asynchronously: a blocked event loop would leave fetch's idle sockets to the server's keep-alive timeout.
  const pvsOut = await new Promise<string>((resolve) => {
    let out = '';
    const c = spawn('bash', [PAGE_VS_STATIC, base + pageUrl, '5', '50'], { stdio: ['ignore', 'pipe', 'pipe'] });
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr.on('data', (d: Buffer) => (out += d.toString()));
    c.on('close', () => resolve(out.trim()));
  });
  console.log(pvsOut.replace(/^/gm, '    '));
  const num = (re: RegExp) => Number(pvsOut.match(re)?.[1] ?? NaN);
  const rates = {
    bytes: num(/page bytes: (\d+)/),
    nginx: num(/static \(nginx, 1 worker\): (\d+)/),
    bare: num(/bare node \(same bytes from memory\): (\d+)/),
    app: num(/^app: (\d+)/m),
  };

  // ---------------------------------------------------------------- 3b/3c. lists
  const statutory = columns.filter((c) => c.kind === 'statutory');
  const listCols = columns.filter((c) => c.kind === 'list');
  const filterSets = ['', '?year=2025', '?year=2024', '?topic=economy', '?validity=valid', '?page=2', '?page=3', '?year=2026&page=2', '?sort=title'];
  const colUrl = (c: { agencyId: number; path: string }) => `/${slugOf.get(c.agencyId)}/${c.path}`;
  const coldMixed = shuffled(columns.flatMap((c) => filterSets.map((f) => colUrl(c) + f))).slice(0, REQUESTS);
  const coldStatutory = shuffled(
    statutory.flatMap((c) => [...filterSets, ...[4, 5, 6, 7, 8, 9, 10].map((pg) => `?page=${pg}`), ...[2024, 2025, 2026].flatMap((y) => [3, 4, 5].map((pg) => `?year=${y}&page=${pg}`))].map((f) => colUrl(c) + f)),
  ).slice(0, REQUESTS);
  const hotUrl = colUrl(statutory[0]!);
  const DEEP = Math.max(2, Math.round(REQUESTS / 3)); // deep pages are slow: fewer requests keep the run under ten minutes
  const deepPortalCold = shuffled(statutory.flatMap((c) => Array.from({ length: 60 }, (_, k) => `${colUrl(c)}?page=${370 + k}`))).slice(0, DEEP);
  const deepPortalHot = `${colUrl(statutory[0]!)}?page=400`;
  const apiFilters: string[] = [];
  for (const ag of ['', ...agencies.map((a) => `&agency=${a.slug}`)])
    for (const cat of ['', '&category=work_news', '&category=art20_05', '&category=notices'])
      for (const y of ['', '&year=2024', '&year=2025', '&year=2026'])
        for (const pg of [1, 2, 3, 4]) apiFilters.push(`/api/v1/publications?page=${pg}${ag}${cat}${y}`);
  const apiCold = shuffled(apiFilters).slice(0, REQUESTS);
  const apiHot = '/api/v1/publications?page=1';
  const deepApi = (first: number) => shuffled(Array.from({ length: DEEP }, (_, k) => `/api/v1/publications?page=${first + k}`));
  const rep = (u: string, n = REQUESTS) => Array.from({ length: n }, () => u);

  const results: [string, Stats][] = [];
  const run = async (label: string, urls: string[]) => {
    const s = await series(base, urls);
    results.push([label, s]);
    console.log(`  ${label.padEnd(64)} p50 ${ms(s.p50).padStart(6)}  p95 ${ms(s.p95).padStart(6)}  p99 ${ms(s.p99).padStart(6)}  max ${ms(s.max).padStart(6)} ms  (${fmt(s.bytes)} B)`);
  };
  console.log(`\n(b) list latency, ${REQUESTS} sequential requests each (fetch, keep-alive), ms:`);
  await run(`catalog list, cold: ${coldMixed.length} distinct column/filter/page URLs`, coldMixed);
  await run(`catalog list, cold: 法定主动公开内容 (22 categories), distinct URLs`, coldStatutory);
  await run(`catalog list, hot: ${hotUrl}`, rep(hotUrl));
  await run('API list, cold: distinct agency/category/year/page', apiCold);
  await run(`API list, hot: ${apiHot}`, rep(apiHot));
  console.log(`\n(c) deep pages (20 per page), ${DEEP} sequential requests each, ms:`);
  await run('catalog list, cold: 法定主动公开内容 pages 370–429', deepPortalCold);
  await run(`catalog list, hot: ${deepPortalHot}`, rep(deepPortalHot, DEEP));
  await run(`API list, cold: pages ${400 - Math.floor(DEEP / 2)}–${400 - Math.floor(DEEP / 2) + DEEP - 1} (offset ~8,000)`, deepApi(400 - Math.floor(DEEP / 2)));
  await run('API list, hot: ?page=400', rep('/api/v1/publications?page=400', DEEP));
  const lastPage = Math.floor(N / 20);
  await run(`API list, cold: the last ${DEEP} pages (offset up to ${fmt(N - 20)})`, deepApi(lastPage - DEEP + 1));
  await run(`API list, hot: ?page=${lastPage} (the last)`, rep(`/api/v1/publications?page=${lastPage}`, DEEP));

  await server.stop();
  server = undefined;

  // ---------------------------------------------------------------- the SQL behind the lists
  console.log('\nthe list SQL (listPublished: the rows query and the count query, timed apart in this process; median of 15):');
  const cap = capturingDb(url);
  const fgj = agencies[0]!;
  const statCats = (await db.selectFrom('catalogColumns').select('category').where('agencyId', '=', fgj.id).where('kind', '=', 'list').where('path', 'like', 'zfxxgk/fdzdgknr/%').where('hidden', '=', 0).execute()).map((r) => r.category!);
  const cases: [string, PublicListQuery][] = [
    ['portal 法定主动公开内容 page 1', { agencyId: fgj.id, categories: statCats, page: 1, pageSize: 20, sort: 'date' }],
    ['portal 工作动态 page 1', { agencyId: fgj.id, categories: ['work_news'], page: 1, pageSize: 20, sort: 'date' }],
    ['portal 法定主动公开内容 year=2025 topic=economy', { agencyId: fgj.id, categories: statCats, year: 2025, topic: 'economy', page: 1, pageSize: 20, sort: 'date' }],
    ['portal 法定主动公开内容 sort=title', { agencyId: fgj.id, categories: statCats, page: 1, pageSize: 20, sort: 'title' }],
    ['portal 法定主动公开内容 page 400', { agencyId: fgj.id, categories: statCats, page: 400, pageSize: 20, sort: 'date' }],
    ['API all page 1', { page: 1, pageSize: 20, sort: 'date' }],
    [`API all page ${lastPage}`, { page: lastPage, pageSize: 20, sort: 'date' }],
  ];
  const timeQuery = async (q: CompiledQuery) => {
    const t: number[] = [];
    for (let i = 0; i < 15; i++) {
      const s = performance.now();
      await cap.db.executeQuery(CompiledQuery.raw(q.sql, [...q.parameters]));
      t.push(performance.now() - s);
    }
    t.sort((a, b) => a - b);
    return t[7]!;
  };
  const plans: string[] = [];
  const explain = async (label: string, q: CompiledQuery) => {
    const rows =
      ENGINE === 'sqlite'
        ? (await cap.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]))).rows.map((r) => r.detail)
        : (await cap.db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain (analyze, buffers) ${q.sql}`, [...q.parameters]))).rows.map((r) => r['QUERY PLAN']);
    plans.push(`  ${label}\n${rows.map((r) => `      ${r}`).join('\n')}`);
  };
  const captured: { label: string; rows: CompiledQuery; count: CompiledQuery; rowsMs: number; countMs: number; mmapRowsMs?: number; mmapCountMs?: number; ids: number[]; total: number }[] = [];
  for (const [label, query] of cases) {
    cap.log.length = 0;
    const result = await listPublished(cap.db, query);
    const [rowsQ, countQ] = cap.log;
    const c = { label, rows: rowsQ!, count: countQ!, rowsMs: await timeQuery(rowsQ!), countMs: await timeQuery(countQ!), ids: result.items.map((i) => i.id), total: result.total };
    captured.push(c);
    console.log(`  ${label.padEnd(50)} rows ${ms(c.rowsMs).padStart(6)} ms   count ${ms(c.countMs).padStart(6)} ms`);
    await explain(`${label}: rows`, c.rows);
    await explain(`${label}: count`, c.count);
  }
  cap.log.length = 0;
  await countsByCategory(cap.db, fgj.id);
  const countsQ = cap.log[0]!;
  const countsMs = await timeQuery(countsQ);
  console.log(`  ${'countsByCategory (法定主动公开内容 pages, agency home)'.padEnd(50)} ${ms(countsMs).padStart(6)} ms`);
  await explain('countsByCategory', countsQ);
  let countsMmapMs: number | undefined;
  if (cap.sqlite) {
    // The same queries with the database memory-mapped: SQLite's own page cache is 2 MB by default.
    cap.sqlite.pragma('mmap_size = 1073741824');
    console.log('  with PRAGMA mmap_size = 1 GiB on this connection:');
    for (const c of captured) {
      c.mmapRowsMs = await timeQuery(c.rows);
      c.mmapCountMs = await timeQuery(c.count);
      console.log(`    ${c.label.padEnd(48)} rows ${ms(c.mmapRowsMs).padStart(6)} ms   count ${ms(c.mmapCountMs).padStart(6)} ms`);
    }
    countsMmapMs = await timeQuery(countsQ);
    console.log(`    ${'countsByCategory'.padEnd(48)} ${ms(countsMmapMs).padStart(6)} ms`);
    cap.sqlite.pragma('mmap_size = 0');
  }
  console.log(`\nplans (${ENGINE === 'sqlite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN (ANALYZE, BUFFERS)'}):`);
  console.log(plans.join('\n'));
  console.log(`\nthe rows query of the first case:\n  ${captured[0]!.rows.sql}  -- ${JSON.stringify(captured[0]!.rows.parameters)}`);

  // ---------------------------------------------------------------- a proposal, measured on this database
  // The published category and topic copied onto the publication row (set where currentRevisionId is set),
  // one covering index in list order, counts without joins, and pages that join the wide rows for 20 ids only.
  const proposed: { label: string; rowsMs: number; countMs: number }[] = [];
  let proposedCountsMs = NaN;
  const hasColumn = (await db.introspection.getTables()).find((t) => t.name === 'publications')?.columns.some((c) => c.name === 'public_category');
  if (!hasColumn) {
    plans.length = 0;
    const tp = performance.now();
    for (const statement of PROPOSED_SCHEMA) await sql.raw(statement).execute(db);
    if (ENGINE === 'postgres') await sql`vacuum analyze publications`.execute(db);
    console.log(`\nproposal (schema change applied to this database in ${sec(performance.now() - tp)}; same cases, median of 15):`);
    for (const [label, query] of cases) {
      if (query.sort !== 'date') continue;
      const { rows, count } = proposedSql(query);
      const rowsQ = rows.compile(cap.db);
      const countQ = count.compile(cap.db);
      const p = { label, rowsMs: await timeQuery(rowsQ), countMs: await timeQuery(countQ) };
      proposed.push(p);
      // The same answer as listPublished gave before the change?
      const now = captured.find((c) => c.label === label)!;
      const ids = (await cap.db.executeQuery<{ id: number }>(rowsQ)).rows.map((r) => Number(r.id));
      const total = Number((await cap.db.executeQuery<{ n: number }>(countQ)).rows[0]?.n);
      const same = ids.join() === now.ids.join() && total === now.total;
      console.log(`  ${label.padEnd(50)} rows ${ms(p.rowsMs).padStart(6)} ms   count ${ms(p.countMs).padStart(6)} ms   ${same ? 'same items and total' : `DIFFERENT (total ${total} vs ${now.total})`}`);
      await explain(`${label}: rows`, rowsQ);
      await explain(`${label}: count`, countQ);
    }
    const cq = sql`select p.public_category as category, count(*) as n from publications p where p.public_status = ${'published'} and p.agency_id = ${fgj.id} group by p.public_category`.compile(cap.db);
    proposedCountsMs = await timeQuery(cq);
    console.log(`  ${'countsByCategory'.padEnd(50)} ${ms(proposedCountsMs).padStart(6)} ms`);
    await explain('countsByCategory', cq);
    console.log('  plans:');
    console.log(plans.join('\n'));
  }
  await cap.destroy();

  // ---------------------------------------------------------------- summary (for docs/benchmarks.md)
  console.log(`\nload average at the end: ${load()}`);
  console.log(`\nsummary (${ENGINE}, ${fmt(N)} items; ${machine.model}, nproc ${machine.nproc}, Node ${machine.node}, ${machine.date}):`);
  console.log(`| publication page ${pageUrl} (${fmt(rates.bytes)} B) | app ${fmt(rates.app)} req/s | bare node ${fmt(rates.bare)} req/s | nginx ${fmt(rates.nginx)} req/s | app/bare-node ${(rates.app / rates.bare).toFixed(3)} | app/nginx ${(rates.app / rates.nginx).toFixed(3)} |`);
  for (const [label, s] of results) console.log(`| ${label} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} |`);
  console.log('| SQL case | rows now | count now | rows, mmap | count, mmap | rows, proposal | count, proposal |');
  for (const c of captured) {
    const p = proposed.find((x) => x.label === c.label);
    const o = (x: number | undefined) => (x === undefined ? '–' : ms(x));
    console.log(`| ${c.label} | ${ms(c.rowsMs)} | ${ms(c.countMs)} | ${o(c.mmapRowsMs)} | ${o(c.mmapCountMs)} | ${o(p?.rowsMs)} | ${o(p?.countMs)} |`);
  }
  console.log(`| countsByCategory | ${ms(countsMs)} | | ${countsMmapMs === undefined ? '–' : ms(countsMmapMs)} | | ${ms(proposedCountsMs)} | |`);
} finally {
  if (server) await server.stop();
  await db.destroy();
  if (process.env.BENCH_KEEP_DB) console.log(`kept the database: ${url}`);
  else await drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
