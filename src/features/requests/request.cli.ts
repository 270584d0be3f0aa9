import fs from 'node:fs';
import type { Db } from '../../db/database.js';
import { isAppError } from '../../errors.js';
import { formatUsageError, parseCommandArgs, UsageError, wantsHelp } from '../../lib/cli-args.js';
import type { Actor } from '../access/roles.js';
import { actorForUsername } from '../accounts/account.service.js';
import { findAgencyByCodeOrSlug } from '../agencies/agency.service.js';
import { decodePage } from '../files/charset.js';
import { exportLedger, importLedger, purgeExpired } from './request.records.js';

export const REQUESTS_USAGE = `用法：
  gongkai requests import --agency 机关代码或简称 [--user 用户名] 台账.csv
      导入依申请公开登记台账（表头：收到日期,申请人类型,申请人,申请内容,答复日期,处理结果）
      或行政复议、行政诉讼台账（表头：类型,结果,立案日期,结案日期）；有任何一行出错则整个文件都不导入
  gongkai requests export --agency 机关代码或简称 [--appeals]
      把登记台账（或复议诉讼台账）以 CSV 输出到标准输出
  gongkai requests purge
      清除已过保存期限的申请人个人信息（每次清除都记入审计日志）`;

const CLI_ACTOR: Actor = { userId: null, username: 'cli', displayName: '命令行', platformAdmin: true, memberships: [], via: 'cli' };

const REQUEST_SUBCOMMANDS = ['import', 'export', 'purge'] as const;

/**
 * The arguments of `gongkai requests …`, checked before the database is opened:
 * `{ help: true }` for `--help`/`-h`/`help`, a UsageError when they cannot be run.
 */
export function parseRequestsArgs(args: string[]) {
  const [sub, ...rest] = args;
  if (sub === 'help' || wantsHelp(args)) return { help: true as const };
  if (!sub) throw new UsageError('缺少子命令（import、export 或 purge）', REQUESTS_USAGE);
  if (!(REQUEST_SUBCOMMANDS as readonly string[]).includes(sub)) throw new UsageError(`未知的子命令“${sub}”`, REQUESTS_USAGE);
  const { values, positionals } = parseCommandArgs(
    rest,
    { agency: { type: 'string' }, user: { type: 'string' }, appeals: { type: 'boolean', default: false } },
    REQUESTS_USAGE,
    sub === 'import' ? 1 : 0,
  );
  if (sub !== 'purge' && !values.agency) throw new UsageError('请用 --agency 指定机关', REQUESTS_USAGE);
  if (sub === 'import' && positionals.length === 0) throw new UsageError('请给出一个 CSV 文件', REQUESTS_USAGE);
  return { help: false as const, sub: sub as (typeof REQUEST_SUBCOMMANDS)[number], values, positionals };
}

/** `gongkai requests …`: returns the exit code (2, with the usage on `err`, for arguments that cannot be run). */
export async function requestsCommand(db: Db, args: string[], out: { log: (s: string) => void; err: (s: string) => void } = { log: console.log, err: console.error }): Promise<number> {
  let parsed;
  try {
    parsed = parseRequestsArgs(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    out.err(formatUsageError(e));
    return 2;
  }
  if (parsed.help) {
    out.log(REQUESTS_USAGE);
    return 0;
  }
  const { sub, values, positionals } = parsed;
  let actor = CLI_ACTOR;
  if (values.user) {
    const named = await actorForUsername(db, values.user, 'cli');
    if (!named) {
      out.err(`错误：用户 ${values.user} 不存在`);
      return 1;
    }
    actor = named;
  }
  if (sub === 'purge') {
    out.log(`已清除 ${await purgeExpired(db, actor)} 件申请的个人信息`);
    return 0;
  }
  const agency = await findAgencyByCodeOrSlug(db, values.agency!);
  if (!agency) {
    out.err(`错误：没有代码或简称为“${values.agency}”的机关`);
    return 1;
  }
  if (sub === 'export') {
    process.stdout.write(await exportLedger(db, actor, agency.id, values.appeals ? 'appeals' : 'requests'));
    return 0;
  }
  const file = positionals[0]!;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    out.err(`错误：无法读取 ${file}`);
    return 1;
  }
  try {
    const r = await importLedger(db, actor, agency.id, decodePage(bytes).text);
    out.log(`已导入${agency.name}的${r.kind === 'requests' ? '依申请公开登记台账' : '行政复议、行政诉讼台账'} ${r.imported} 行`);
    return 0;
  } catch (e) {
    if (!isAppError(e)) throw e;
    out.err(`错误：${e.message}`);
    const problems = (e.details as { problems?: { line: number; field: string | null; message: string }[] } | undefined)?.problems ?? [];
    for (const p of problems.slice(0, 100)) out.err(`  第 ${p.line} 行${p.field ? `“${p.field}”` : ''}：${p.message}`);
    if (problems.length > 100) out.err(`  ……共 ${problems.length} 处`);
    return 1;
  }
}
