import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, type Config } from './config.js';
import type { Db } from './db/database.js';
import { afterCommitSettled } from './db/runtime.js';
import { openPlatformDatabase } from './platform/open.js';
import { migrateToLatest } from './db/migrate.js';
import { demoAtStart, demoOnRequest, DemoRefused } from './demo/demo.js';
import { isAppError } from './errors.js';
import * as accounts from './features/accounts/account.service.js';
import { findUserByUsername } from './features/accounts/account.repository.js';

const HELP = `gongkai — 政府信息公开平台

用法：gongkai <命令> [选项]

  start [--demo]            迁移数据库并启动服务；带 --demo 时向空数据库加载演示数据
                            （npm start 即 start --demo；NODE_ENV=production 时从不加载）
  serve                     启动服务（数据库须已迁移到最新）
  migrate                   把数据库结构升级到最新
  demo                      加载演示数据（仅当数据库中还没有机关时；生产环境拒绝）
  user create NAME --display-name 姓名 [--platform-admin]
                            新建管理员账号，密码从标准输入读取一行
  user passwd NAME          重设密码，密码从标准输入读取一行
  token create --user NAME [--name 用途]
                            为该用户创建一个 API 令牌并打印（只显示这一次）
  import --agency 代码或简称 [--publish] 路径…
                            导入旧网站页面（.html/.txt 文件、文件夹或 .zip），默认为草稿
  requests import --agency 代码或简称 台账.csv
                            导入依申请公开登记台账或复议诉讼台账（整个文件全部导入或全部不导入）
  requests export --agency 代码或简称 [--appeals]
                            以 CSV 输出登记台账
  requests purge            清除已过保存期限的申请人个人信息
  search reindex            重建全文检索索引
  calendar import FILE [--user NAME] [--note 说明]
                            导入节假日安排（JSON 或 CSV，格式见 docs/calendar-import.md）；
                            每个年份保存为新版本，随后重新计算所有未结期限
  calendar show [YEAR] [--version N] [--json]
                            打印某一年的节假日安排（--json 输出可再导入的格式）；
                            不带年份时列出已录入的年份

配置来自环境变量：DATABASE_URL、PORT、HOST、PUBLIC_URL、DATA_DIR、SMTP_URL 等，见 .env.example。`;

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
  const db = openPlatformDatabase(config.databaseUrl, { smtpUrl: config.smtpUrl, mailFrom: config.mailFrom });
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

export async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return 0;
  }
  // A .env file in the working directory is read if present (Node's own parser).
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  switch (command) {
    case 'migrate': {
      const applied = await withDb(config, migrateToLatest);
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
        const r = await demoAtStart(db, { production: config.production, requested, dataDir: config.dataDir, log: (l) => console.log(l) });
        for (const line of r.lines) console.log(line);
      });
      const { serve } = await import('./server.js');
      await serve(config);
      return -1;
    }
    case 'serve': {
      const pending = await withDb(config, pendingMigrations);
      if (pending) {
        console.error('数据库结构不是最新，请先运行：gongkai migrate');
        return 1;
      }
      const { serve } = await import('./server.js');
      await serve(config);
      return -1;
    }
    case 'user': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { 'display-name': { type: 'string' }, 'platform-admin': { type: 'boolean', default: false } },
      });
      const username = positionals[0];
      if (!username || (sub !== 'create' && sub !== 'passwd')) {
        console.error('用法：gongkai user create NAME --display-name 姓名 [--platform-admin] | gongkai user passwd NAME');
        return 2;
      }
      const password = await readLine('新密码：');
      await withDb(config, async (db) => {
        await accounts.cliSetPassword(db, username, password, {
          ...(sub === 'create'
            ? { create: { displayName: values['display-name'] ?? username, platformAdmin: values['platform-admin'] ?? false } }
            : {}),
        });
      });
      console.log(sub === 'create' ? `已创建用户 ${username}` : `已重设 ${username} 的密码`);
      return 0;
    }
    case 'import': {
      const { importCommand } = await import('./features/imports/import.cli.js');
      return withDb(config, async (db) => importCommand(db, [sub, ...rest].filter((a): a is string => a !== undefined)));
    }
    case 'requests': {
      const { requestsCommand } = await import('./features/requests/request.cli.js');
      return withDb(config, async (db) => requestsCommand(db, [sub, ...rest].filter((a): a is string => a !== undefined)));
    }
    case 'search': {
      const { searchCommand } = await import('./features/search/search.cli.js');
      return withDb(config, async (db) => searchCommand(db, config.dataDir, [sub, ...rest].filter((a): a is string => a !== undefined)));
    }
    case 'token': {
      const { values } = parseArgs({ args: rest, options: { user: { type: 'string' }, name: { type: 'string' } } });
      if (sub !== 'create' || !values.user) {
        console.error('用法：gongkai token create --user NAME [--name 用途]');
        return 2;
      }
      const token = await withDb(config, async (db) => {
        const user = await findUserByUsername(db, values.user!);
        if (!user) throw new Error(`用户 ${values.user} 不存在`);
        const actor = await accounts.actorForUser(db, user, 'cli');
        return (await accounts.createApiToken(db, actor, { name: values.name ?? '命令行创建' })).token;
      });
      console.log(token);
      return 0;
    }
    case 'calendar': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { user: { type: 'string' }, note: { type: 'string' }, json: { type: 'boolean', default: false }, version: { type: 'string' } },
      });
      const { importCalendarFile, showCalendar } = await import('./features/calendar/calendar.cli.js');
      if (sub === 'import' && positionals[0]) {
        const lines = await withDb(config, (db) => importCalendarFile(db, positionals[0]!, { ...(values.user ? { user: values.user } : {}), ...(values.note ? { note: values.note } : {}) }));
        console.log(lines.join('\n'));
        return 0;
      }
      const year = positionals[0] === undefined ? undefined : Number(positionals[0]);
      const version = values.version === undefined ? undefined : Number(values.version);
      if (sub !== 'show' || (year !== undefined && !/^\d{4}$/.test(positionals[0]!)) || (version !== undefined && !Number.isInteger(version))) {
        console.error('用法：gongkai calendar import FILE [--user NAME] [--note 说明] | gongkai calendar show [YEAR] [--version N] [--json]');
        return 2;
      }
      console.log(await withDb(config, (db) => showCalendar(db, year, { json: values.json ?? false, ...(version !== undefined ? { version } : {}) })));
      return 0;
    }
    default:
      console.error(`未知命令：${command}\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof DemoRefused) console.error(err.message);
    else if (isAppError(err)) console.error(`错误：${err.message}${err.fields ? `\n${Object.values(err.fields).map((m) => `  - ${m}`).join('\n')}` : ''}`);
    else console.error(err);
    process.exit(1);
  },
);
