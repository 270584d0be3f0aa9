import type { Db } from '../db/database.js';
import { seedFoundation } from './foundation.demo.js';
import { seedPublications } from './publications.demo.js';
import { seedParticipation } from './participation.demo.js';
import { seedMailbox } from './mailbox.demo.js';
import { seedProjects } from './projects.demo.js';
import { seedFees } from './fees.demo.js';

export interface DemoResult {
  loaded: boolean;
  message: string;
}

/** True when the platform has no agency yet. */
export async function isEmpty(db: Db): Promise<boolean> {
  return !(await db.selectFrom('agencies').select('id').limit(1).executeTakeFirst());
}

/**
 * Loads the fictional 示例市 platform. Refuses to touch a database that already
 * has agencies, so it can never mix demo accounts into real data.
 */
export async function loadDemo(db: Db, log: (line: string) => void = () => {}, opts: { dataDir?: string; publications?: boolean } = {}): Promise<DemoResult> {
  if (!(await isEmpty(db))) return { loaded: false, message: '数据库中已有机关，未加载演示数据' };
  log('加载演示数据：机关、股室、人员…');
  await seedFoundation(db);
  await seedMailbox(db);
  if (opts.publications !== false) {
    log('加载演示数据：政府信息（2024—2026 年）…');
    const pubs = await seedPublications(db, { dataDir: opts.dataDir });
    log(`  已发布 ${pubs.published} 条，流程中 ${pubs.inWorkflow} 条`);
    log(`加载演示数据：重点项目 ${await seedProjects(db, { dataDir: opts.dataDir })} 个`);
    log(`加载演示数据：收费和价格项目 ${await seedFees(db)} 个`);
  }
  await seedParticipation(db);
  return { loaded: true, message: '演示数据已加载' };
}

/** How to make the first administrator of a platform started without the demo. */
export const FIRST_ADMIN_HINT =
  '数据库中还没有任何机关和账号。请先创建三员（系统、安全、审计管理员，密码从标准输入读取一行）：\n' +
  '  gongkai user create admin --display-name 系统管理员 --platform-admin\n' +
  '  gongkai user create security --display-name 安全管理员 --admin-role security\n' +
  '  gongkai user create auditor --display-name 审计管理员 --admin-role audit\n' +
  '然后由系统管理员登录 /office 新建机关和人员账号，由安全管理员分配角色。';

export class DemoRefused extends Error {}

/**
 * What `gongkai start` does about the demo. The demo (with its platform administrator
 * `demo-admin` / `demo-password`) is loaded only when asked for (`--demo`, which
 * `npm start` passes), only into an empty database, and never in production: a
 * fresh production install must not open with a known password. Without the demo,
 * an empty platform prints how to create its first administrator.
 */
export async function demoAtStart(
  db: Db,
  opts: { production: boolean; requested: boolean; dataDir?: string; log?: (line: string) => void; publications?: boolean },
): Promise<{ loaded: boolean; lines: string[] }> {
  const lines: string[] = [];
  // `npm start` asks for the demo; in production it is not loaded, and start goes on.
  if (opts.requested && opts.production) lines.push('NODE_ENV=production：不加载演示数据（演示账号的密码是公开的）。');
  const empty = await isEmpty(db);
  if (opts.requested && !opts.production && empty) {
    const r = await loadDemo(db, opts.log, { ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }), ...(opts.publications === false ? { publications: false } : {}) });
    return { loaded: true, lines: [`${r.message}。演示账号：demo-admin / demo-editor / demo-reviewer / demo-leader，密码 demo-password`] };
  }
  if (empty && !(await db.selectFrom('users').select('id').limit(1).executeTakeFirst())) lines.push(FIRST_ADMIN_HINT);
  return { loaded: false, lines };
}

/** `gongkai demo`: refused in production for the same reason. */
export async function demoOnRequest(db: Db, opts: { production: boolean; dataDir?: string; log?: (line: string) => void }): Promise<DemoResult> {
  if (opts.production) throw new DemoRefused('NODE_ENV=production 时不加载演示数据（演示账号的密码是公开的）。');
  return loadDemo(db, opts.log, opts.dataDir === undefined ? {} : { dataDir: opts.dataDir });
}
