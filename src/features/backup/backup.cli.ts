/** `gongkai backup`, `gongkai restore` and `gongkai maintenance`. */
import type { Db } from '../../db/database.js';
import { parseCommandArgs, UsageError } from '../../lib/cli-args.js';
import { backup, restore } from './backup.service.js';
import { DEFAULT_RETRY_AFTER, endMaintenance, readMaintenance, startMaintenance } from './maintenance.js';

export const BACKUP_USAGE = `用法：gongkai backup 目录
  把数据库（全部数据表，检索索引除外）和附件库备份到一个新的空目录：
  一次一致性快照，附清单（每张表的行数和 SHA-256、附件数、审计日志链头）。
  SQLite 和 PostgreSQL 的备份格式相同，可以互相恢复。`;

export const RESTORE_USAGE = `用法：gongkai restore 目录
  把备份恢复到 DATABASE_URL 指向的新建空数据库和 DATA_DIR：先核对全部文件的校验值，
  再在一个事务中写入，迁移到当前版本，核对行数和审计日志哈希链（须使用备份时的 AUDIT_KEY），
  最后重建检索索引。目标数据库中已有机关或账号时拒绝恢复。`;

export const MAINTENANCE_USAGE = `用法：gongkai maintenance on [--retry-after 秒] [--message 说明]
       gongkai maintenance off
       gongkai maintenance status
  维护模式下门户和办公系统照常浏览，所有提交和修改返回 503 并带 Retry-After（默认 ${DEFAULT_RETRY_AFTER} 秒）。`;

export function parseBackupArgs(args: string[], usage: string): string {
  const { positionals } = parseCommandArgs(args, {}, usage, 1);
  if (!positionals[0]) throw new UsageError('请给出备份目录', usage);
  return positionals[0];
}

export async function backupCommand(db: Db, dataDir: string, dir: string, log: (s: string) => void = console.log): Promise<number> {
  const { manifest } = await backup(db, dataDir, dir);
  const rows = Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0);
  log(`已备份到 ${dir}：${Object.keys(manifest.tables).length} 张表 ${rows} 行，${manifest.attachments.count} 个附件（${(manifest.attachments.bytes / 1048576).toFixed(1)} MB）`);
  log(`审计日志 ${manifest.auditChain.eventCount} 条，${manifest.auditChain.verified ? '哈希链校验通过' : manifest.auditChain.verified === false ? '哈希链校验未通过（请运行 gongkai audit verify）' : '未校验'}`);
  if (manifest.attachments.missing.length) log(`注意：数据库引用的 ${manifest.attachments.missing.length} 个附件在附件库中缺失，已记入清单`);
  return 0;
}

export async function restoreCommand(db: Db, dataDir: string, dir: string, log: (s: string) => void = console.log): Promise<number> {
  const r = await restore(db, dataDir, dir, log);
  log(`已从 ${dir} 恢复：${r.tables} 张表 ${r.rows} 行，${r.attachments} 个附件；检索索引重建 ${r.reindexed} 条`);
  log(r.auditVerified ? '审计日志哈希链校验通过' : '注意：审计日志哈希链未能校验（备份时即未通过，或 AUDIT_KEY 不同）');
  if (r.migrated.length) log(`已执行迁移 ${r.migrated.length} 个：${r.migrated.join('、')}`);
  return 0;
}

export function maintenanceCommand(dataDir: string, args: string[], now: Date, log: (s: string) => void = console.log): number {
  const [sub, ...rest] = args;
  if (sub === 'on') {
    const { values } = parseCommandArgs(rest, { 'retry-after': { type: 'string' }, message: { type: 'string' } }, MAINTENANCE_USAGE, 0);
    const ra = values['retry-after'];
    if (ra !== undefined && !/^[1-9]\d{0,5}$/.test(ra)) throw new UsageError(`--retry-after 应为正整数秒，而不是“${ra}”`, MAINTENANCE_USAGE);
    startMaintenance(dataDir, { since: now.toISOString(), retryAfter: ra ? Number(ra) : DEFAULT_RETRY_AFTER, message: values.message ?? '' });
    log('维护模式已开启：浏览照常，提交和修改暂停');
    return 0;
  }
  if (sub === 'off') {
    parseCommandArgs(rest, {}, MAINTENANCE_USAGE, 0);
    log(endMaintenance(dataDir) ? '维护模式已关闭' : '当前不在维护模式');
    return 0;
  }
  if (sub === 'status') {
    const s = readMaintenance(dataDir);
    log(s ? `维护模式开启中（自 ${s.since || '未知时间'}，Retry-After ${s.retryAfter} 秒）${s.message ? `：${s.message}` : ''}` : '未处于维护模式');
    return 0;
  }
  throw new UsageError(sub ? `未知的子命令“${sub}”` : '缺少子命令（on、off、status）', MAINTENANCE_USAGE);
}
