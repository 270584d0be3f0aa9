import type { Db } from '../db/database.js';
import { seedFoundation } from './foundation.demo.js';
import { seedPublications } from './publications.demo.js';

export interface DemoResult {
  loaded: boolean;
  message: string;
}

/** True when the platform has no agency yet: `npm start` loads the demo then. */
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
  if (opts.publications !== false) {
    log('加载演示数据：政府信息（2024—2026 年）…');
    const pubs = await seedPublications(db, { dataDir: opts.dataDir });
    log(`  已发布 ${pubs.published} 条，流程中 ${pubs.inWorkflow} 条`);
  }
  return { loaded: true, message: '演示数据已加载' };
}
