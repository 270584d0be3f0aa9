import { existsSync } from 'node:fs';
import { loadConfig, ConfigError, type Config } from './config.js';
import type { Db } from './db/database.js';
import { isAppError } from './errors.js';
import { formatUsageError, parseCommandArgs, UsageError, wantsHelp } from './lib/cli-args.js';
// Everything that reaches the database is imported when a command needs it, so that
// `--help` and a wrong argument are answered at once.

const HELP = `gongkai — 政府信息公开平台

用法：gongkai <命令> [选项]

  start [--demo]            迁移数据库并启动服务；带 --demo 时向空数据库加载演示数据
                            （npm start 即 start --demo；NODE_ENV=production 时从不加载）
  serve                     启动服务（数据库须已迁移到最新）
  migrate                   把数据库结构升级到最新
  demo                      加载演示数据（仅当数据库中还没有机关时；生产环境拒绝）
  user create NAME [--display-name 姓名] [--platform-admin | --admin-role system|security|audit]
                            新建管理员账号（三员之一），密码从标准输入读取一行
  user passwd NAME [--reset-2fa]
                            重设密码（并可重置双因素认证），密码从标准输入读取一行；
                            三员管理员的账号只能这样恢复
  token create --user NAME [--name 用途] [--days N]
                            为该用户创建一个 API 令牌并打印（只显示这一次），
                            N 天后失效（默认 90，最长 365）
  import --agency 代码或简称 [--publish] 路径…
                            导入旧网站页面（.html/.txt 文件、文件夹或 .zip），默认为草稿
  requests import --agency 代码或简称 台账.csv
                            导入依申请公开登记台账或复议诉讼台账（整个文件全部导入或全部不导入）
  requests export --agency 代码或简称 [--appeals]
                            以 CSV 输出登记台账
  requests purge            清除已过保存期限的申请人个人信息
  search reindex            重建全文检索索引
  backup 目录               备份数据库和附件库到新目录（一致性快照，两种数据库格式相同）
  restore 目录              把备份恢复到新建的空数据库（核对校验值、行数和审计日志）
  maintenance on|off|status 维护模式：浏览照常，提交和修改返回 503
  audit verify              用 AUDIT_KEY 校验审计日志的哈希链（完整时退出码 0，被改动或截断时为 1）
  calendar import FILE [--user NAME] [--note 说明]
                            导入节假日安排（JSON 或 CSV，格式见 docs/calendar-import.md）；
                            每个年份保存为新版本，随后重新计算所有未结期限
  calendar show [YEAR] [--version N] [--json]
                            打印某一年的节假日安排（--json 输出可再导入的格式）；
                            不带年份时列出已录入的年份

gongkai help 命令 或 gongkai 命令 --help 显示该命令的用法。
配置来自环境变量：DATABASE_URL、PORT、HOST、PUBLIC_URL、DATA_DIR、SMTP_URL 等，见 .env.example。`;

const USER_USAGE = `用法：
  gongkai user create NAME [--display-name 姓名] [--platform-admin | --admin-role system|security|audit]
      新建管理员账号（显示名默认为 NAME），密码从标准输入读取一行；
      --platform-admin 即 --admin-role system（系统管理员），security 为安全管理员，audit 为审计管理员（三员分立）
  gongkai user passwd NAME [--reset-2fa]
      重设密码，密码从标准输入读取一行；--reset-2fa 同时清除双因素认证，下次登录重新绑定。
      三员管理员的账号不能在网页上重置，只能这样恢复`;

const TOKEN_USAGE = `用法：gongkai token create --user NAME [--name 用途] [--days N]
  为该用户创建一个 API 令牌并打印（只显示这一次）；N 天后失效（默认 90，最长 365）。
  修改或重设该用户的密码时，其全部令牌随即撤销`;

const AUDIT_USAGE = `用法：gongkai audit verify
  用 AUDIT_KEY 重新计算审计日志的整条哈希链，并与链头记录的条数和末条哈希比对；
  打印一行结果：完整时退出码为 0，有记录被改动、插入或删除（含末尾被截断）时为 1，并指出位置`;

const CALENDAR_USAGE = `用法：
  gongkai calendar import FILE [--user NAME] [--note 说明]
      导入节假日安排（JSON 或 CSV，格式见 docs/calendar-import.md）；
      每个年份保存为新版本，随后重新计算所有未结期限
  gongkai calendar show [YEAR] [--version N] [--json]
      打印某一年的节假日安排（--json 输出可再导入的格式）；不带年份时列出已录入的年份`;

/** Usage of each command, for `gongkai help COMMAND` and `gongkai COMMAND --help`. */
const USAGE: Record<string, () => Promise<string> | string> = {
  start: () => '用法：gongkai start\n  迁移数据库；数据库为空时加载演示数据；启动服务（npm start 即此命令）',
  serve: () => '用法：gongkai serve\n  启动服务（数据库须已迁移到最新，否则先运行 gongkai migrate）',
  migrate: () => '用法：gongkai migrate\n  把数据库结构升级到最新',
  demo: () => '用法：gongkai demo\n  加载演示数据（仅当数据库中还没有机关时）',
  user: () => USER_USAGE,
  token: () => TOKEN_USAGE,
  import: async () => (await import('./features/imports/import.cli.js')).IMPORT_USAGE,
  requests: async () => (await import('./features/requests/request.cli.js')).REQUESTS_USAGE,
  search: async () => (await import('./features/search/search.cli.js')).SEARCH_USAGE,
  calendar: () => CALENDAR_USAGE,
  audit: () => AUDIT_USAGE,
  backup: async () => (await import('./features/backup/backup.cli.js')).BACKUP_USAGE,
  restore: async () => (await import('./features/backup/backup.cli.js')).RESTORE_USAGE,
  maintenance: async () => (await import('./features/backup/backup.cli.js')).MAINTENANCE_USAGE,
  help: () => '用法：gongkai help [命令]\n  显示全部命令，或某个命令的用法',
};

async function readLine(prompt: string): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(prompt);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function withDb<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  const { openPlatformDatabase, keyringFromConfig } = await import('./platform/open.js');
  const { afterCommitSettled } = await import('./db/runtime.js');
  const db = openPlatformDatabase(config.databaseUrl, { smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, auditKey: config.auditKey, keyring: keyringFromConfig(config) });
  try {
    return await fn(db);
  } finally {
    // A command's letters go out after their transactions commit; let them record how it went.
    await afterCommitSettled();
    await db.destroy();
  }
}

async function pendingMigrations(db: Db): Promise<boolean> {
  const { migrations } = await import('./db/migrations/index.js');
  const { Migrator } = await import('kysely');
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  return (await migrator.getMigrations()).some((m) => !m.executedAt);
}

/**
 * Seals personal data left in plaintext (an upgrade from before encryption at rest) and
 * re-seals what an older key sealed; first checks the configured key opens what is there.
 */
async function sealPersonalData(db: Db): Promise<string[]> {
  const { checkPersonalDataKey, resealPersonalData } = await import('./db/personal-data/reseal.js');
  await checkPersonalDataKey(db);
  const report = await resealPersonalData(db);
  return report.filter((r) => r.sealed > 0).map((r) => `已加密保存 ${r.table} 中的个人信息 ${r.sealed} 条`);
}

/** Reads the subcommand and its options; a UsageError for anything else. */
function subcommand<T extends string>(sub: string | undefined, allowed: readonly T[], usage: string): T {
  if (!sub) throw new UsageError(`缺少子命令（${allowed.join('、')}）`, usage);
  if (!(allowed as readonly string[]).includes(sub)) throw new UsageError(`未知的子命令“${sub}”`, usage);
  return sub as T;
}

/**
 * Runs one command line and returns its exit code (-1: a server keeps running).
 * Arguments are checked before the configuration is read or the database opened, so
 * `--help` and a mistyped option work anywhere.
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    const topic = command === 'help' && !wantsHelp(args) ? args[0] : command === 'help' ? 'help' : undefined;
    if (topic === undefined) {
      console.log(HELP);
      return 0;
    }
    const usage = USAGE[topic];
    if (!usage) throw new UsageError(`未知命令“${topic}”`, HELP);
    console.log(await usage());
    return 0;
  }
  const usageOf = USAGE[command];
  if (!usageOf) throw new UsageError(`未知命令“${command}”`, HELP);
  if (wantsHelp(args) || (args[0] === 'help' && command !== 'help')) {
    console.log(await usageOf());
    return 0;
  }
  const [sub, ...rest] = args;
  // Check the arguments before anything is opened.
  switch (command) {
    case 'start':
      parseCommandArgs(args, { demo: { type: 'boolean' } }, await usageOf(), 0);
      break;
    case 'serve':
    case 'migrate':
    case 'demo':
      parseCommandArgs(args, {}, await usageOf(), 0);
      break;
    case 'import':
      (await import('./features/imports/import.cli.js')).parseImportArgs(args);
      break;
    case 'requests':
      (await import('./features/requests/request.cli.js')).parseRequestsArgs(args);
      break;
    case 'search':
      (await import('./features/search/search.cli.js')).parseSearchArgs(args);
      break;
    case 'audit':
      subcommand(sub, ['verify'] as const, AUDIT_USAGE);
      parseCommandArgs(rest, {}, AUDIT_USAGE, 0);
      break;
    case 'backup':
    case 'restore': {
      const b = await import('./features/backup/backup.cli.js');
      b.parseBackupArgs(args, command === 'backup' ? b.BACKUP_USAGE : b.RESTORE_USAGE);
      break;
    }
    case 'maintenance': {
      const b = await import('./features/backup/backup.cli.js');
      subcommand(sub, ['on', 'off', 'status'] as const, b.MAINTENANCE_USAGE);
      break;
    }
  }
  const { migrateToLatest } = await import('./db/migrate.js');
  const { demoAtStart, demoOnRequest } = await import('./demo/demo.js');
  const accounts = await import('./features/accounts/account.service.js');
  const { findUserByUsername } = await import('./features/accounts/account.repository.js');
  // A .env file in the working directory is read if present (Node's own parser).
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  switch (command) {
    case 'migrate': {
      const applied = await withDb(config, async (db) => {
        const names = await migrateToLatest(db);
        for (const line of await sealPersonalData(db)) console.log(line);
        return names;
      });
      console.log(applied.length ? `已执行迁移：\n  ${applied.join('\n  ')}` : '数据库结构已是最新');
      return 0;
    }
    case 'demo': {
      const result = await withDb(config, async (db) => {
        await migrateToLatest(db);
        return demoOnRequest(db, { production: config.production, dataDir: config.dataDir, log: (l) => console.log(l) });
      });
      console.log(result.message);
      return 0;
    }
    case 'start': {
      // The demo only when asked for (`npm start` passes --demo); never in production.
      const requested = [sub, ...rest].includes('--demo');
      await withDb(config, async (db) => {
        const applied = await migrateToLatest(db);
        if (applied.length) console.log(`已执行迁移 ${applied.length} 个`);
        for (const line of await sealPersonalData(db)) console.log(line);
        const r = await demoAtStart(db, { production: config.production, requested, dataDir: config.dataDir, log: (l) => console.log(l) });
        for (const line of r.lines) console.log(line);
      });
      const { serve } = await import('./server.js');
      await serve(config);
      return -1;
    }
    case 'serve': {
      const pending = await withDb(config, async (db) => {
        if (await pendingMigrations(db)) return true;
        // A wrong DATA_KEY stops here, with the key named, not on the first applicant shown.
        const { checkPersonalDataKey } = await import('./db/personal-data/reseal.js');
        await checkPersonalDataKey(db);
        return false;
      });
      if (pending) {
        console.error('数据库结构不是最新，请先运行：gongkai migrate');
        return 1;
      }
      const { serve } = await import('./server.js');
      await serve(config);
      return -1;
    }
    case 'user': {
      const action = subcommand(sub, ['create', 'passwd'] as const, USER_USAGE);
      const { values, positionals } =
        action === 'create'
          ? parseCommandArgs(rest, { 'display-name': { type: 'string' }, 'platform-admin': { type: 'boolean', default: false }, 'admin-role': { type: 'string' } }, USER_USAGE, 1)
          : (parseCommandArgs(rest, { 'reset-2fa': { type: 'boolean', default: false } }, USER_USAGE, 1) as { values: { 'display-name'?: string; 'platform-admin'?: boolean; 'admin-role'?: string; 'reset-2fa'?: boolean }; positionals: string[] });
      const username = positionals[0];
      if (!username) throw new UsageError('请给出用户名', USER_USAGE);
      const adminRole = values['admin-role'] ?? (values['platform-admin'] ? 'system' : undefined);
      if (adminRole !== undefined && !['system', 'security', 'audit'].includes(adminRole)) throw new UsageError(`管理员类型应为 system、security 或 audit，而不是“${adminRole}”`, USER_USAGE);
      if (values['admin-role'] && values['platform-admin'] && adminRole !== 'system') throw new UsageError('一个账号只能担任三员之一', USER_USAGE);
      const password = await readLine('新密码：');
      await withDb(config, async (db) => {
        await accounts.cliSetPassword(db, username, password, {
          ...(action === 'create'
            ? { create: { displayName: values['display-name'] ?? username, platformAdmin: adminRole === 'system', ...(adminRole === 'security' || adminRole === 'audit' ? { adminRole } : {}) } }
            : { resetSecondFactor: (values as { 'reset-2fa'?: boolean })['reset-2fa'] === true }),
        });
      });
      console.log(action === 'create' ? `已创建用户 ${username}` : `已重设 ${username} 的密码${(values as { 'reset-2fa'?: boolean })['reset-2fa'] ? '，并清除了双因素认证' : ''}`);
      return 0;
    }
    case 'import': {
      const { importCommand } = await import('./features/imports/import.cli.js');
      return withDb(config, async (db) => importCommand(db, args));
    }
    case 'requests': {
      const { requestsCommand } = await import('./features/requests/request.cli.js');
      return withDb(config, async (db) => requestsCommand(db, args));
    }
    case 'search': {
      const { searchCommand } = await import('./features/search/search.cli.js');
      return withDb(config, async (db) => searchCommand(db, config.dataDir, args));
    }
    case 'token': {
      subcommand(sub, ['create'] as const, TOKEN_USAGE);
      const { values } = parseCommandArgs(rest, { user: { type: 'string' }, name: { type: 'string' }, days: { type: 'string' } }, TOKEN_USAGE, 0);
      if (!values.user) throw new UsageError('请用 --user 指定用户', TOKEN_USAGE);
      if (values.days !== undefined && !/^[1-9]\d{0,2}$/.test(values.days)) throw new UsageError(`有效天数应为 1–365 的整数，而不是“${values.days}”`, TOKEN_USAGE);
      const username = values.user;
      const token = await withDb(config, async (db) => {
        const user = await findUserByUsername(db, username);
        if (!user) throw new Error(`用户 ${username} 不存在`);
        const actor = await accounts.actorForUser(db, user, 'cli');
        return (await accounts.createApiToken(db, actor, { name: values.name ?? '命令行创建', ...(values.days ? { days: values.days } : {}) })).token;
      });
      console.log(token);
      return 0;
    }
    case 'audit': {
      if (config.developmentSecrets.includes('AUDIT_KEY')) console.error('注意：未设置 AUDIT_KEY，使用开发用的固定密钥校验');
      const { verifyChain, describeChain } = await import('./features/audit/audit.service.js');
      const report = await withDb(config, verifyChain);
      console.log(describeChain(report));
      return report.ok ? 0 : 1;
    }
    case 'calendar': {
      const action = subcommand(sub, ['import', 'show'] as const, CALENDAR_USAGE);
      const { importCalendarFile, showCalendar } = await import('./features/calendar/calendar.cli.js');
      if (action === 'import') {
        const { values, positionals } = parseCommandArgs(rest, { user: { type: 'string' }, note: { type: 'string' } }, CALENDAR_USAGE, 1);
        const file = positionals[0];
        if (!file) throw new UsageError('请给出要导入的文件', CALENDAR_USAGE);
        const { user, note } = values;
        const lines = await withDb(config, (db) => importCalendarFile(db, file, { ...(user ? { user } : {}), ...(note ? { note } : {}) }));
        console.log(lines.join('\n'));
        return 0;
      }
      const { values, positionals } = parseCommandArgs(rest, { json: { type: 'boolean', default: false }, version: { type: 'string' } }, CALENDAR_USAGE, 1);
      const yearArg = positionals[0];
      if (yearArg !== undefined && !/^\d{4}$/.test(yearArg)) throw new UsageError(`年份应为四位数字，而不是“${yearArg}”`, CALENDAR_USAGE);
      if (values.version !== undefined && !/^[1-9]\d*$/.test(values.version)) throw new UsageError(`版本号应为正整数，而不是“${values.version}”`, CALENDAR_USAGE);
      const year = yearArg === undefined ? undefined : Number(yearArg);
      const version = values.version === undefined ? undefined : Number(values.version);
      console.log(await withDb(config, (db) => showCalendar(db, year, { json: values.json, ...(version !== undefined ? { version } : {}) })));
      return 0;
    }
    case 'backup':
    case 'restore': {
      const b = await import('./features/backup/backup.cli.js');
      const dir = b.parseBackupArgs(args, command === 'backup' ? b.BACKUP_USAGE : b.RESTORE_USAGE);
      if (command === 'restore' && config.developmentSecrets.includes('AUDIT_KEY')) console.error('注意：未设置 AUDIT_KEY，使用开发用的固定密钥校验审计日志');
      return withDb(config, (db) => (command === 'backup' ? b.backupCommand(db, config.dataDir, dir) : b.restoreCommand(db, config.dataDir, dir)));
    }
    case 'maintenance': {
      const b = await import('./features/backup/backup.cli.js');
      return b.maintenanceCommand(config.dataDir, args, new Date());
    }
    default:
      throw new UsageError(`未知命令“${command}”`, HELP);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    // One line (and the usage for a wrong argument); the stack only when asked for.
    if (err instanceof UsageError) {
      console.error(formatUsageError(err));
      process.exit(2);
    }
    // DemoRefused is matched by name: importing the demo module here would load it for `--help` too.
    if (err instanceof ConfigError || (err instanceof Error && err.name === 'DemoRefused')) console.error(err.message);
    else if (isAppError(err)) console.error(`错误：${err.message}${err.fields ? `\n${Object.values(err.fields).map((m) => `  - ${m}`).join('\n')}` : ''}`);
    else if (process.env.GONGKAI_DEBUG) console.error(err);
    else console.error(`错误：${err instanceof Error ? err.message : String(err)}（设置 GONGKAI_DEBUG=1 可显示详细信息）`);
    process.exit(1);
  },
);
