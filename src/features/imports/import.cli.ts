import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.js';
import { parseCommandArgs, UsageError } from '../../lib/cli-args.js';
import * as accounts from '../accounts/account.service.js';
import type { Actor } from '../access/roles.js';
import { IMPORT_OUTCOMES, ImportInputError, pageSkipReason, pagesOfZip, type SourceItem } from './import.js';
import { createJob, findAgencyByCodeOrSlug, runImport } from './import.service.js';

export const IMPORT_USAGE = `用法：gongkai import --agency 机关代码或简称 [--publish] [--user 用户名] [--verbose] 路径…
  路径可以是 .html/.htm/.txt 文件、文件夹（含子文件夹）或 .zip 压缩包。
  默认导入为草稿；--publish 按页面上的原发布日期直接发布（无日期或筛查有发现的页面仍导入为草稿）。
  重复导入同一页面不会重复创建（按内容比对）。`;

/** Walks the given paths into import items; an unsafe zip refuses the whole import before anything is written. */
export function itemsOfPaths(paths: readonly string[]): SourceItem[] {
  const items: SourceItem[] = [];
  const visit = (p: string, shown: string) => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      items.push({ kind: 'skip', name: shown, reason: '文件不存在或无法读取' });
      return;
    }
    if (st.isSymbolicLink()) {
      items.push({ kind: 'skip', name: shown, reason: '符号链接，未跟随' });
    } else if (st.isDirectory()) {
      for (const child of fs.readdirSync(p).sort((a, b) => a.localeCompare(b, 'zh-CN', { numeric: true }))) visit(path.join(p, child), path.join(shown, child));
    } else if (/\.zip$/i.test(p)) {
      items.push(...pagesOfZip(fs.readFileSync(p), shown));
    } else {
      const skip = pageSkipReason(p, st.size);
      items.push(skip ? { kind: 'skip', name: shown, reason: skip } : { kind: 'page', name: shown, load: () => fs.readFileSync(p) });
    }
  };
  for (const p of paths) visit(path.resolve(p), p);
  return items;
}

const CLI_ACTOR: Actor = { userId: null, username: 'cli', displayName: '命令行导入', platformAdmin: true, memberships: [], via: 'cli' };

/** The arguments of `gongkai import`; a UsageError when they cannot be run. Checked before the database is opened. */
export function parseImportArgs(args: string[]) {
  const { values, positionals } = parseCommandArgs(
    args,
    { agency: { type: 'string' }, publish: { type: 'boolean', default: false }, user: { type: 'string' }, verbose: { type: 'boolean', default: false } },
    IMPORT_USAGE,
  );
  if (!values.agency) throw new UsageError('请用 --agency 指定机关', IMPORT_USAGE);
  if (positionals.length === 0) throw new UsageError('请给出要导入的文件、文件夹或 .zip 压缩包', IMPORT_USAGE);
  return { values: { ...values, agency: values.agency }, positionals };
}

/** `gongkai import …`: returns the exit code; arguments that cannot be run throw a UsageError. */
export async function importCommand(db: Db, args: string[], out: { log: (s: string) => void; progress: (s: string) => void } = { log: console.log, progress: (s) => process.stderr.write(s) }): Promise<number> {
  const { values, positionals } = parseImportArgs(args);
  const agency = await findAgencyByCodeOrSlug(db, values.agency);
  if (!agency) {
    out.log(`错误：没有代码或简称为“${values.agency}”的机关`);
    return 1;
  }
  let actor = CLI_ACTOR;
  if (values.user) {
    const named = await accounts.actorForUsername(db, values.user, 'cli');
    if (!named) {
      out.log(`错误：用户 ${values.user} 不存在`);
      return 1;
    }
    actor = named;
  }
  let items: SourceItem[];
  try {
    items = itemsOfPaths(positionals);
  } catch (err) {
    if (err instanceof ImportInputError) {
      out.log(`错误：${err.message}`);
      return 1;
    }
    throw err;
  }
  if (!items.some((i) => i.kind === 'page')) {
    out.log('没有找到可导入的页面（支持 .html、.htm、.shtml、.txt 文件、文件夹和 .zip 压缩包）');
    for (const i of items) if (i.kind === 'skip') out.log(`  - ${i.name}：${i.reason}`);
    return 1;
  }
  const label = positionals.map((p) => path.basename(p)).join('、');
  const job = await createJob(db, actor, { agencyId: agency.id, source: 'cli', label, mode: values.publish ? 'publish' : 'draft' });
  out.log(`导入到：${agency.name}（任务 ${job.id}，共 ${items.length} 个文件）`);
  const tty = process.stderr.isTTY;
  const done = await runImport(db, actor, job.id, items, {
    onProgress: (c) => {
      if (tty) out.progress(`\r${c.processed}/${c.total}  已导入 ${c.imported}  跳过 ${c.skipped}  失败 ${c.failed}`);
      else if (c.processed % 100 === 0 || c.processed === c.total) out.progress(`${c.processed}/${c.total}  已导入 ${c.imported}  跳过 ${c.skipped}  失败 ${c.failed}\n`);
    },
  });
  if (tty) out.progress('\n');
  const report = JSON.parse(done.reportJson) as { name: string; outcome: keyof typeof IMPORT_OUTCOMES; reason: string; publicationId: number | null; warnings: string[] }[];
  for (const r of report) {
    if (!values.verbose && (r.outcome === 'imported' || r.outcome === 'published') && !r.reason) continue;
    out.log(`  ${IMPORT_OUTCOMES[r.outcome]}  ${r.name}${r.publicationId ? ` → 信息 ${r.publicationId}` : ''}${r.reason ? `：${r.reason}` : ''}`);
    if (values.verbose) for (const w of r.warnings) out.log(`      · ${w}`);
  }
  out.log(`完成：导入 ${done.imported}，跳过 ${done.skipped}，失败 ${done.failed}${done.message ? `（${done.message}）` : ''}`);
  return done.status === 'done' && done.failed === 0 ? 0 : 1;
}
