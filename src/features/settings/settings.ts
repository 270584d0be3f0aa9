import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import { announce, nowOf } from '../../db/runtime.js';

/** Platform-wide settings and their defaults. */
export const SETTINGS = {
  siteName: { label: '平台名称', default: '政府信息公开平台' },
  siteShortName: { label: '平台简称', default: '信息公开' },
  siteIdCode: { label: '平台网站标识码', default: '' },
  icp: { label: 'ICP 备案号', default: '' },
  hostedBy: { label: '主办单位', default: '' },
  // The rest of the footer the 《政府网站发展指引》 asks for (docs/decisions/0016-portal-shell.md).
  undertakenBy: { label: '承办单位', default: '' },
  psbRecord: { label: '公安机关备案号（如 粤公网安备 44010402000001号）', default: '' },
  conacUrl: { label: '党政机关网站标识查验地址', default: '' },
  contactPhone: { label: '网站联系电话', default: '' },
  contactEmail: { label: '网站联系邮箱', default: '' },
  // Whether the 20 working days an applicant has to pay an 信息处理费 are left out of the
  // reply period: the national rule is unverified (spec §3), so the platform says which it does.
  requestFeePausesClock: { label: '收费通知后至缴费期间暂停计算答复期限', default: '1' },
  requestRetentionDays: { label: '申请人个人信息保存期限（归档后天数）', default: '730' },
  mailboxRetentionDays: { label: '信箱来信人个人信息保存期限（答复或办结后天数）', default: '730' },
  // Art. 49 names the deadlines of 县级以上人民政府部门 (31 January) and of the 主管部门 for a
  // 县级以上地方人民政府 (31 March), not of 乡镇: which one townships follow is the platform's choice.
  townshipReportDue: { label: '乡镇（街道）年度报告公布期限', default: 'department' },
  // Key projects (src/features/projects): each agency may override these three.
  projectCodePattern: { label: '项目统一代码格式（Y 数字，X 数字或大写字母）', default: 'YYYY-XXXXXX-XX-XX-XXXXXX' },
  projectStaleDays: { label: '重点项目无进展提醒天数', default: '90' },
  workPlanDue: { label: '年度工作计划公开期限（月-日）', default: '03-31' },
} as const;
export type SettingKey = keyof typeof SETTINGS;
export type Settings = Record<SettingKey, string>;

// Keyed by the database adapter, so two databases in one process (tests) never share a cache.
const caches = new WeakMap<object, { at: number; value: Settings }>();

/** Settings change rarely and are read on every page: cache them for a few seconds. */
export async function getSettings(db: DbOrTrx): Promise<Settings> {
  const key = db.getExecutor().adapter;
  const cached = caches.get(key);
  if (cached && Date.now() - cached.at < 5000) return cached.value;
  const rows = await db.selectFrom('settings').selectAll().execute();
  const value = Object.fromEntries(
    (Object.keys(SETTINGS) as SettingKey[]).map((k) => [k, rows.find((r) => r.key === k)?.value ?? SETTINGS[k].default]),
  ) as Settings;
  caches.set(key, { at: Date.now(), value });
  return value;
}

/** Changes platform settings; the service checks the permission itself, whatever route calls it. */
export async function setSettings(db: Db, actor: Actor | null, values: Partial<Settings>): Promise<void> {
  authorize(actor, 'settings.manage');
  const before = await getSettings(db);
  await inTransaction(db, async (trx) => {
    const now = nowOf(db);
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) continue;
      await trx
        .insertInto('settings')
        .values({ key, value, updatedAt: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAt: now }))
        .execute();
    }
    await audit.record(trx, actor, { action: 'settings.update', entityType: 'settings', entityId: 'platform', summary: '修改平台设置', ...audit.diff(before, values) });
    await announce(trx, { entity: 'settings', id: 'platform', agencyId: null, action: 'settings.update', public: true });
  });
  caches.delete(db.getExecutor().adapter);
}
