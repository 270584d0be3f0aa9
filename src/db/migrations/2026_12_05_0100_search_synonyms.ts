import type { Kysely } from 'kysely';
import { withId } from './_helpers.js';

/*
 * Abbreviations and synonyms the office keeps for search (发改 → 发展和改革): a query
 * holding either form also looks for the other. Seeded with abbreviations common in
 * government texts; the office edits the list. Also an index on the folded 文号, so a
 * query that is exactly a 文号 finds its item without scanning.
 *
 * The index itself gained Han bigrams beside jieba's words in the same release; the
 * tokens are made in the application, so an existing index is brought up to date by
 * `gongkai search reindex` (until then, items keep being found by their words).
 */
const SEED: readonly [string, string][] = [
  ['发改', '发展和改革'],
  ['发改委', '发展和改革委员会'],
  ['年报', '年度报告'],
  ['人社', '人力资源和社会保障'],
  ['住建', '住房和城乡建设'],
  ['市场监管', '市场监督管理'],
  ['卫健', '卫生健康'],
  ['自然资源', '自然资源和规划'],
  ['环保', '环境保护'],
  ['工信', '工业和信息化'],
  ['医保', '医疗保障'],
  ['退役军人', '退役军人事务'],
  ['网信', '网络安全和信息化'],
  ['文旅', '文化和旅游'],
  ['文广旅', '文化广电旅游'],
  ['教体', '教育和体育'],
  ['民宗', '民族宗教'],
  ['政数', '政务服务和数据管理'],
  ['城管', '城市管理'],
  ['安监', '安全生产监督管理'],
  ['食药监', '食品药品监督管理'],
  ['编办', '机构编制委员会办公室'],
  ['国资委', '国有资产监督管理委员会'],
  ['残联', '残疾人联合会'],
  ['公积金', '住房公积金'],
  ['政务公开', '政府信息公开'],
  ['一般公共预算', '公共财政预算'],
  ['三公经费', '因公出国（境）费、公务用车购置及运行费、公务接待费'],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('search_synonyms'))
    .addColumn('term', 'text', (c) => c.notNull().unique())
    .addColumn('expansion', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  const now = new Date().toISOString();
  await db
    .insertInto('search_synonyms')
    .values(SEED.map(([term, expansion]) => ({ term, expansion, created_at: now, updated_at: now })))
    .execute();
  await db.schema.createIndex('search_documents_number_key').on('search_documents').column('document_number_key').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('search_documents_number_key').ifExists().execute();
  await db.schema.dropTable('search_synonyms').ifExists().execute();
}
