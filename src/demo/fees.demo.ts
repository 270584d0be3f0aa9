/**
 * The demo's price and fee lists. The 财政局 publishes the city's 行政事业性收费
 * 目录清单 (the 人民政府办公室's Art. 20(八) column points there), with the units
 * that collect each fee; the 发展和改革局 publishes the 政府定价 items it sets. Each
 * change is proposed and its announcement published on its own day, counted back
 * from the handle's today, so the lists have a history: an amended water price,
 * a raised garbage fee, a stopped fee, and a gas price announced ahead of its date.
 * The documents and numbers of 示例市 are fictional.
 */
import type { Db } from '../db/database.js';
import { inTransaction } from '../db/database.js';
import { todayOf, withClock } from '../db/runtime.js';
import { chinaInstant, fixedClock } from '../lib/clock.js';
import { addDays, type IsoDate } from '../lib/dates.js';
import { actorForUsername } from '../features/accounts/account.service.js';
import { findForRecording, publishRecordedIn } from '../features/publications/publication.recording.js';
import { proposeChange } from '../features/fees/fee.service.js';

type Step = { day: number; effective?: number; change: Record<string, unknown> };

const basis = (title: string, number: string) => ({ title, number, url: '' });

function steps(): { slug: string; user: string; items: { list: string; name: string; steps: Step[] }[] }[] {
  return [
    {
      slug: 'czj',
      user: 'czj-reviewer',
      items: [
        {
          list: 'admin_fee',
          name: '居民身份证工本费',
          steps: [
            {
              day: -900,
              change: {
                kind: 'add',
                basis: [basis('《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》', '发改价格〔2003〕2322号')],
                standard: '换领、补领每证 20 元；临时居民身份证每证 10 元；首次申领免收',
                amount: '20',
                amountUnit: '元/证',
                collectingUnit: '示例市公安局',
                validFrom: -900,
                longTerm: true,
                reason: '列入本市行政事业性收费目录清单',
              },
            },
          ],
        },
        {
          list: 'admin_fee',
          name: '城市生活垃圾处理费（居民）',
          steps: [
            {
              day: -800,
              change: {
                kind: 'add',
                basis: [basis('《示例市城市生活垃圾处理费征收管理办法》', '示政规〔2022〕3号')],
                standard: '每户每月 4 元',
                amount: '4',
                amountUnit: '元/户·月',
                collectingUnit: '示例市城市管理局',
                validFrom: -800,
                longTerm: true,
                reason: '列入本市行政事业性收费目录清单',
              },
            },
            {
              day: -130,
              effective: -100,
              change: {
                kind: 'amend',
                basis: [basis('《示例市城市生活垃圾处理费征收管理办法》', '示政规〔2022〕3号'), basis('《示例市发展和改革局 示例市财政局关于调整城市生活垃圾处理费标准的通知》', '示发改价格〔2026〕8号')],
                standard: '每户每月 5 元',
                amount: '5',
                amountUnit: '元/户·月',
                collectingUnit: '示例市城市管理局',
                validFrom: -100,
                longTerm: true,
                reason: '垃圾分类处理成本上升，经成本监审和听证，适当提高居民垃圾处理费标准',
              },
            },
          ],
        },
        {
          list: 'admin_fee',
          name: '专业技术人员职业资格考试考务费',
          steps: [
            {
              day: -600,
              change: {
                kind: 'add',
                basis: [basis('《示例省发展和改革委员会 示例省财政厅关于人事考试考务费标准的通知》', '示发改价费〔2024〕21号')],
                standard: '每人每科 40 元',
                amount: '40',
                amountUnit: '元/人·科',
                collectingUnit: '示例市人事考试中心',
                validFrom: -600,
                validTo: 1200,
                reason: '列入本市行政事业性收费目录清单',
              },
            },
          ],
        },
        {
          list: 'admin_fee',
          name: '房屋租赁登记备案手续费',
          steps: [
            {
              day: -1000,
              change: {
                kind: 'add',
                basis: [basis('《示例市房屋租赁管理办法》', '示政〔2015〕40号')],
                standard: '每件 10 元',
                amount: '10',
                amountUnit: '元/件',
                collectingUnit: '示例市住房和城乡建设局',
                validFrom: -1000,
                longTerm: true,
                reason: '列入本市行政事业性收费目录清单',
              },
            },
            { day: -200, effective: -180, change: { kind: 'stop', reason: '落实减税降费政策，房屋租赁登记备案不再收费' } },
          ],
        },
      ],
    },
    {
      slug: 'fgj',
      user: 'demo-reviewer',
      items: [
        {
          list: 'price',
          name: '居民生活用水价格（第一阶梯）',
          steps: [
            {
              day: -1000,
              change: {
                kind: 'add',
                basis: [basis('《示例省定价目录》', '示发改规〔2023〕5号'), basis('《示例市城区居民生活用水阶梯价格实施方案》', '示发改价格〔2023〕17号')],
                standard: '每立方米 2.50 元（年用水量 180 立方米以内）',
                amount: '2.5',
                amountUnit: '元/立方米',
                collectingUnit: '示例市自来水有限公司',
                validFrom: -1000,
                longTerm: true,
                reason: '实行居民生活用水阶梯价格制度',
              },
            },
            {
              day: -150,
              effective: -120,
              change: {
                kind: 'amend',
                basis: [basis('《示例省定价目录》', '示发改规〔2023〕5号'), basis('《示例市发展和改革局关于调整城区居民生活用水价格的通知》', '示发改价格〔2026〕12号')],
                standard: '每立方米 2.80 元（年用水量 180 立方米以内）',
                amount: '2.8',
                amountUnit: '元/立方米',
                collectingUnit: '示例市自来水有限公司',
                validFrom: -120,
                longTerm: true,
                reason: '供水成本监审结果和价格听证会意见，适当调整第一阶梯水价',
              },
            },
          ],
        },
        {
          list: 'price',
          name: '管道天然气居民用气价格（第一档）',
          steps: [
            {
              day: -700,
              change: {
                kind: 'add',
                basis: [basis('《示例省定价目录》', '示发改规〔2023〕5号')],
                standard: '每立方米 3.15 元',
                amount: '3.15',
                amountUnit: '元/立方米',
                collectingUnit: '示例市港城燃气有限公司',
                validFrom: -700,
                longTerm: true,
                reason: '制定居民管道天然气销售价格',
              },
            },
            {
              day: -5,
              effective: 25,
              change: {
                kind: 'amend',
                basis: [basis('《示例省定价目录》', '示发改规〔2023〕5号'), basis('《示例市发展和改革局关于建立居民用气上下游价格联动机制的通知》', '示发改价格〔2026〕31号')],
                standard: '每立方米 3.25 元',
                amount: '3.25',
                amountUnit: '元/立方米',
                collectingUnit: '示例市港城燃气有限公司',
                validFrom: 25,
                longTerm: true,
                reason: '按上下游价格联动机制，随门站价格调整居民用气价格',
              },
            },
          ],
        },
        {
          list: 'price',
          name: '城区公共停车场机动车停放服务收费（小型车）',
          steps: [
            {
              day: -400,
              change: {
                kind: 'add',
                basis: [basis('《示例市机动车停放服务收费管理办法》', '示发改规〔2025〕2号')],
                standard: '首小时 3 元，之后每小时 2 元，24 小时内最高 20 元；15 分钟内免费',
                amount: '3',
                amountUnit: '元/首小时',
                collectingUnit: '各公共停车场经营单位',
                validFrom: -400,
                validTo: 1400,
                reason: '规范城区公共停车场收费',
              },
            },
          ],
        },
      ],
    },
  ];
}

/** Seeds the demo lists; returns the number of items. */
export async function seedFees(db: Db): Promise<number> {
  const today = todayOf(db);
  const at = (days: number): IsoDate => addDays(today, days);
  let count = 0;
  for (const agency of steps()) {
    const a = await db.selectFrom('agencies').select('id').where('slug', '=', agency.slug).executeTakeFirst();
    const actor = await actorForUsername(db, agency.user, 'cli');
    if (!a || !actor) continue;
    for (const item of agency.items) {
      let itemId: number | null = null;
      for (const s of item.steps) {
        const on = withClock(db, fixedClock(chinaInstant(at(s.day), '09:30')));
        const c = s.change;
        const dated = (k: string) => (typeof c[k] === 'number' ? { [k]: at(c[k] as number) } : {});
        const row = itemId === null ? null : await db.selectFrom('feeItems').select('version').where('id', '=', itemId).executeTakeFirstOrThrow();
        const r = await proposeChange(on, actor, a.id, {
          ...c,
          ...dated('validFrom'),
          ...dated('validTo'),
          ...(itemId === null ? { list: item.list, name: item.name } : { itemId, version: row!.version }),
          writtenDate: at(s.day),
          effectiveDate: at(s.effective ?? s.day),
        });
        itemId = r.item.id;
        await inTransaction(on, async (trx) => publishRecordedIn(trx, actor, (await findForRecording(trx, r.publicationId))!));
      }
      count++;
    }
  }
  return count;
}
