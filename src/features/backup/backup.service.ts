/**
 * `gongkai backup` and `gongkai restore`: the database and the attachment store, together
 * and consistently, on either engine.
 *
 * Consistency: every table is read inside one snapshot transaction (SQLite: one read
 * transaction in WAL mode; PostgreSQL: REPEATABLE READ, READ ONLY), then the attachment
 * store is copied. Files are written before the rows that name them and never changed
 * (content-addressed), so every file the snapshot names is already on disk.
 *
 * A restore checks the whole backup (every table file's hash, every attachment's hash)
 * before it writes anything, brings an empty database to the backup's migration, writes
 * all rows in one transaction, copies the files, migrates to the current version,
 * verifies counts and the audit chain, and rebuilds the search index.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import { engineOf, type Db } from '../../db/database.js';
import { nowOf } from '../../db/runtime.js';
import { migrateToLatest } from '../../db/migrate.js';
import { migrations } from '../../db/migrations/index.js';
import { AppError } from '../../errors.js';
import { SYSTEM_ACTOR } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import { readStored, storagePath } from '../files/files.js';
import { reindexAll } from '../search/search.service.js';
import * as repo from './backup.repository.js';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupManifest,
  decodeValue,
  encodeValue,
  isDerivedTable,
  restorePlan,
  rowsPerInsert,
} from './backup.js';

/** Sessions are not carried over: after a restore everyone signs in again. */
const SKIPPED = new Set(['sessions']);

const backedUp = (name: string) => !isDerivedTable(name) && !SKIPPED.has(name);

export interface BackupResult {
  dir: string;
  manifest: BackupManifest;
}

function sha256File(file: string): string {
  const h = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

function* storedFiles(root: string): Generator<{ sha256: string; file: string }> {
  if (!fs.existsSync(root)) return;
  for (const a of fs.readdirSync(root)) {
    if (!/^[0-9a-f]{2}$/.test(a)) continue;
    for (const b of fs.readdirSync(path.join(root, a))) {
      if (!/^[0-9a-f]{2}$/.test(b)) continue;
      for (const name of fs.readdirSync(path.join(root, a, b))) {
        if (/^[0-9a-f]{64}$/.test(name)) yield { sha256: name, file: path.join(root, a, b, name) };
      }
    }
  }
}

/** Writes a backup of `db` and the attachments under `dataDir` into the new folder `dir`. */
export async function backup(db: Db, dataDir: string, dir: string): Promise<BackupResult> {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new AppError('CONFLICT', `备份目录 ${dir} 已存在且不为空，请指定一个新目录`);
  }
  fs.mkdirSync(path.join(dir, 'tables'), { recursive: true });
  const raw = db.withoutPlugins();
  const engine = engineOf(db);
  const referenced = new Set<string>();
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: nowOf(db),
    engine,
    migrations: [],
    tables: {},
    attachments: { count: 0, bytes: 0, missing: [] },
    auditChain: { eventCount: 0, lastHash: '', verified: null },
  };
  let tx = raw.transaction();
  if (engine === 'postgres') tx = tx.setIsolationLevel('repeatable read');
  await tx.execute(async (trx) => {
    if (engine === 'postgres') await sql`SET TRANSACTION READ ONLY`.execute(trx);
    manifest.migrations = await repo.appliedMigrations(trx);
    const tables = (await repo.listTables(trx)).filter(backedUp);
    const plan = restorePlan(tables, await repo.foreignKeys(trx));
    for (const table of plan.order) {
      const cols = await repo.listColumns(trx, table);
      const names = cols.map((c) => c.name);
      const shaAt = names.indexOf('sha256');
      const file = path.join(dir, 'tables', `${table}.jsonl`);
      const fd = fs.openSync(file, 'w');
      const h = createHash('sha256');
      const write = (line: string) => {
        const b = Buffer.from(`${line}\n`, 'utf8');
        h.update(b);
        fs.writeSync(fd, b);
      };
      let rows = 0;
      try {
        write(JSON.stringify(names));
        for await (const page of repo.readRows(trx, table, names)) {
          for (const row of page) {
            if (shaAt >= 0 && table !== 'attachment_texts' && typeof row[shaAt] === 'string') referenced.add(row[shaAt] as string);
            write(JSON.stringify(row.map((v, i) => encodeValue(v, cols[i]!.json))));
            rows++;
          }
        }
      } finally {
        fs.closeSync(fd);
      }
      manifest.tables[table] = { rows, sha256: h.digest('hex'), columns: names };
    }
    const head = (await sql<{ event_count: number | string; last_hash: string }>`SELECT event_count, last_hash FROM audit_chain WHERE id = 1`.execute(trx)).rows[0];
    manifest.auditChain = { eventCount: Number(head?.event_count ?? 0), lastHash: head?.last_hash ?? '', verified: null };
  });
  const report = await audit.verifyChain(db).catch(() => null);
  manifest.auditChain.verified = report ? report.ok && report.count >= manifest.auditChain.eventCount : null;

  // The attachment store, after the snapshot: every file it names was written before it.
  const target = path.join(dir, 'attachments');
  const found = new Set<string>();
  for (const f of storedFiles(path.join(dataDir, 'attachments'))) {
    const to = path.join(target, f.sha256.slice(0, 2), f.sha256.slice(2, 4), f.sha256);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(f.file, to);
    found.add(f.sha256);
    manifest.attachments.count++;
    manifest.attachments.bytes += fs.statSync(to).size;
  }
  manifest.attachments.missing = [...referenced].filter((s) => !found.has(s)).sort();
  fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, manifest };
}

export interface RestoreResult {
  manifest: BackupManifest;
  tables: number;
  rows: number;
  attachments: number;
  migrated: string[];
  reindexed: number;
  auditVerified: boolean;
}

function readManifest(dir: string): BackupManifest {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) throw new AppError('VALIDATION_FAILED', `${dir} 不是 Gongkai 备份（缺少 manifest.json）`);
  let m: BackupManifest;
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest;
  } catch {
    throw new AppError('VALIDATION_FAILED', 'manifest.json 无法解析');
  }
  if (m.format !== BACKUP_FORMAT || m.version !== BACKUP_VERSION) throw new AppError('VALIDATION_FAILED', `不支持的备份格式：${String(m.format)} v${String(m.version)}`);
  return m;
}

/** Every table file and attachment must match the manifest before anything is written. */
function checkBackup(dir: string, m: BackupManifest): void {
  const known = new Set(Object.keys(migrations));
  const unknown = m.migrations.filter((n) => !known.has(n));
  if (unknown.length) throw new AppError('VALIDATION_FAILED', `备份来自更新的版本（未知的迁移：${unknown.join('、')}），请先升级 Gongkai`);
  for (const [table, t] of Object.entries(m.tables)) {
    const file = path.join(dir, 'tables', `${table}.jsonl`);
    if (!fs.existsSync(file)) throw new AppError('VALIDATION_FAILED', `备份缺少数据表文件 ${table}.jsonl`);
    if (sha256File(file) !== t.sha256) throw new AppError('VALIDATION_FAILED', `数据表文件 ${table}.jsonl 与清单的校验值不符，备份已被改动或损坏`);
  }
  let count = 0;
  for (const f of storedFiles(path.join(dir, 'attachments'))) {
    if (sha256File(f.file) !== f.sha256) throw new AppError('VALIDATION_FAILED', `附件 ${f.sha256} 的内容与文件名（SHA-256）不符，备份已损坏`);
    count++;
  }
  if (count !== m.attachments.count) throw new AppError('VALIDATION_FAILED', `备份中附件数为 ${count}，清单记为 ${m.attachments.count}`);
}

function* tableLines(file: string): Generator<unknown[]> {
  const text = fs.readFileSync(file, 'utf8');
  let start = text.indexOf('\n') + 1;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    start = end < 0 ? text.length : end + 1;
    if (line) yield JSON.parse(line) as unknown[];
  }
}

/**
 * Restores the backup in `dir` into `db` (which must hold no platform yet) and its
 * attachments into `dataDir`.
 */
export async function restore(db: Db, dataDir: string, dir: string, log: (line: string) => void = () => {}): Promise<RestoreResult> {
  const m = readManifest(dir);
  checkBackup(dir, m);
  log(`备份已核对：${Object.keys(m.tables).length} 张表，${m.attachments.count} 个附件`);

  const applied = await repo.appliedMigrations(db);
  if (applied.some((n, i) => m.migrations[i] !== n)) {
    throw new AppError('CONFLICT', '目标数据库已迁移到与备份不同的版本，请恢复到一个新建的空数据库');
  }
  const tablesNow = await repo.listTables(db);
  for (const t of ['agencies', 'users']) {
    if (tablesNow.includes(t) && (await repo.countRows(db, t)) > 0) {
      throw new AppError('CONFLICT', '目标数据库中已有机关或账号，恢复只能写入新建的空数据库');
    }
  }
  if (m.migrations.length) {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const r = await migrator.migrateTo(m.migrations[m.migrations.length - 1]!);
    if (r.error) throw r.error instanceof Error ? r.error : new Error(String(r.error));
  }

  const raw = db.withoutPlugins();
  const present = await repo.listTables(db);
  const order = Object.keys(m.tables);
  const missing = order.filter((t) => !present.includes(t));
  if (missing.length) throw new AppError('VALIDATION_FAILED', `目标数据库缺少数据表：${missing.join('、')}`);
  for (const t of order) {
    const cols = (await repo.listColumns(db, t)).map((c) => c.name);
    const want = m.tables[t]!.columns;
    if (cols.length !== want.length || want.some((c) => !cols.includes(c))) {
      throw new AppError('VALIDATION_FAILED', `数据表 ${t} 的字段与备份不一致（备份：${want.join(',')}；数据库：${cols.join(',')}）`);
    }
  }
  const plan = restorePlan(order, await repo.foreignKeys(db));
  let rows = 0;
  await raw.transaction().execute(async (trx) => {
    // Seed rows that migrations wrote (calendar, synonyms, the chain head) give way to the backup's.
    for (const t of [...plan.order].reverse()) await repo.deleteAll(trx, t);
    for (const t of plan.order) {
      const spec = m.tables[t]!;
      const cols = spec.columns;
      const deferred = (plan.deferred[t] ?? []).filter((c) => cols.includes(c));
      const deferAt = deferred.map((c) => cols.indexOf(c));
      const idAt = cols.indexOf('id');
      const later: { id: unknown; col: string; value: unknown }[] = [];
      const per = rowsPerInsert(cols.length);
      let batch: unknown[][] = [];
      let n = 0;
      for (const line of tableLines(path.join(dir, 'tables', `${t}.jsonl`))) {
        const values = line.map(decodeValue);
        for (let k = 0; k < deferAt.length; k++) {
          const at = deferAt[k]!;
          if (values[at] !== null && idAt >= 0) {
            later.push({ id: values[idAt], col: deferred[k]!, value: values[at] });
            values[at] = null;
          }
        }
        batch.push(values);
        n++;
        if (batch.length >= per) {
          await repo.insertRows(trx, t, cols, batch);
          batch = [];
        }
      }
      await repo.insertRows(trx, t, cols, batch);
      for (const u of later) await repo.setColumnById(trx, t, u.col, u.id, u.value);
      const counted = await repo.countRows(trx, t);
      if (n !== spec.rows || counted !== spec.rows) {
        throw new AppError('VALIDATION_FAILED', `数据表 ${t} 恢复后有 ${counted} 行，清单记为 ${spec.rows} 行`);
      }
      rows += n;
    }
    const withId = [];
    for (const t of plan.order) if (m.tables[t]!.columns.includes('id')) withId.push(t);
    await repo.resetSequences(trx, withId);
  });
  log(`已写入 ${rows} 行`);

  let attachments = 0;
  for (const f of storedFiles(path.join(dir, 'attachments'))) {
    const to = storagePath(dataDir, f.sha256);
    if (!fs.existsSync(to)) {
      fs.mkdirSync(path.dirname(to), { recursive: true });
      const tmp = `${to}.restore.tmp`;
      fs.copyFileSync(f.file, tmp);
      fs.renameSync(tmp, to);
    }
    attachments++;
  }
  log(`已恢复 ${attachments} 个附件`);

  const migrated = await migrateToLatest(db);
  const chain = await audit.verifyChain(db);
  const headMatches = chain.count === m.auditChain.eventCount && chain.lastHash === m.auditChain.lastHash;
  if (m.auditChain.verified && !(chain.ok && headMatches)) {
    throw new AppError('CONFLICT', `恢复后审计日志校验未通过（${audit.describeChain(chain)}）：请确认 AUDIT_KEY 与备份时相同`);
  }
  const { indexed } = await reindexAll(db, { readAttachment: (sha) => readStored(dataDir, sha) });
  await db.transaction().execute((trx) =>
    audit.record(trx, SYSTEM_ACTOR, {
      action: 'platform.restore',
      entityType: 'platform',
      entityId: 'platform',
      summary: `从备份（${m.createdAt}，${m.engine}）恢复：${order.length} 张表 ${rows} 行，${attachments} 个附件`,
    }),
  );
  return { manifest: m, tables: order.length, rows, attachments, migrated, reindexed: indexed, auditVerified: chain.ok && headMatches };
}
