import fs from 'node:fs';
import type { Db } from '../../db/database.js';
import { parseCommandArgs, UsageError } from '../../lib/cli-args.js';
import { storagePath } from '../files/files.js';
import { countIndexed } from './search.repository.js';
import { reindexAll } from './search.service.js';

export const SEARCH_USAGE = '用法：gongkai search reindex   重建全文检索索引（提取尚未提取的附件文字）';

function storedFile(dataDir: string, sha256: string): Buffer | null {
  const p = storagePath(dataDir, sha256);
  return fs.existsSync(p) ? fs.readFileSync(p) : null;
}

/** The arguments of `gongkai search …`; a UsageError when they cannot be run. Checked before the database is opened. */
export function parseSearchArgs(args: string[]): { sub: 'reindex' } {
  const [sub, ...rest] = args;
  if (sub !== 'reindex') throw new UsageError(sub ? `未知的子命令“${sub}”` : '缺少子命令（reindex）', SEARCH_USAGE);
  parseCommandArgs(rest, {}, SEARCH_USAGE, 0);
  return { sub };
}

/** `gongkai search …`: returns the exit code; arguments that cannot be run throw a UsageError. */
export async function searchCommand(db: Db, dataDir: string, args: string[], log: (s: string) => void = console.log): Promise<number> {
  parseSearchArgs(args);
  const tty = process.stderr.isTTY;
  const r = await reindexAll(db, {
    readAttachment: (sha) => storedFile(dataDir, sha),
    progress: (done, total) => {
      if (tty) process.stderr.write(`\r已索引 ${done}/${total}`);
    },
  });
  if (tty) process.stderr.write('\n');
  log(`已重建索引：${r.indexed} 条已发布信息${r.removed ? `，移除 ${r.removed} 条不再公开的信息` : ''}；索引中共 ${await countIndexed(db)} 条`);
  return 0;
}
