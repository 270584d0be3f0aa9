/**
 * A handful of demo mailbox messages for 示例市发展和改革局 and 滨河镇: answered and
 * published as Q&A (with personal data in the letter, masked in public), one
 * waiting, one overdue, one supervision-phone call. Dates are relative to the
 * handle's today, so the overdue one is overdue whenever the demo is loaded.
 */
import type { Db } from '../db/database.js';
import { todayOf, withClock } from '../db/runtime.js';
import { DEV_SESSION_SECRET } from '../config.js';
import { chinaInstant, fixedClock } from '../lib/clock.js';
import { addDays, type IsoDate } from '../lib/dates.js';
import { actorForUsername } from '../features/accounts/account.service.js';
import { findAgencyByCodeOrSlug } from '../features/agencies/agency.service.js';
import * as mailbox from '../features/mailbox/mailbox.service.js';

export async function seedMailbox(db: Db): Promise<number> {
  const today = todayOf(db);
  const on = (daysAgo: number, time = '10:00') => withClock(db, fixedClock(chinaInstant(addDays(today, -daysAgo) as IsoDate, time)));
  const reviewer = await actorForUsername(db, 'demo-reviewer', 'system');
  const bhzReviewer = await actorForUsername(db, 'bhz-reviewer', 'system');
  const fgj = await findAgencyByCodeOrSlug(db, 'fgj');
  if (!reviewer || !fgj) return 0;
  const ctx = (n: number) => ({ channel: 'web' as const, ip: `198.51.100.${n}`, secret: DEV_SESSION_SECRET });
  let count = 0;

  const published = await mailbox.writeLetter(
    on(40),
    {
      agency: 'fgj',
      kind: 'consultation',
      name: '陈建国',
      phone: '13912345678',
      email: 'chenjg@example.com',
      subject: '老旧小区加装电梯补贴如何申请',
      body: '我叫陈建国，住在示例市人民路18号3栋2单元501室，电话13912345678。我们小区想加装电梯，请问市里的补贴标准是多少，向哪个部门申请？',
    },
    ctx(11),
  );
  count++;
  await mailbox.assign(on(39), reviewer, published.id, { departmentId: null });
  const replied = await mailbox.reply(on(36, '15:30'), reviewer, published.id, {
    reply: '陈建国您好：既有住宅加装电梯补贴按《示例市既有住宅增设电梯财政补助办法》执行，每台补助 20 万元。请由业主代表向所在街道提出申请，街道初审后报市住房和城乡建设局。感谢您的来信。',
  });
  const preview = mailbox.maskedPreview(replied);
  await mailbox.publish(on(35), reviewer, published.id, preview);
  count++;

  const suggestion = await mailbox.writeLetter(
    on(30),
    { agency: 'fgj', kind: 'suggestion', name: '刘芳', phone: '', email: 'liufang@example.com', subject: '建议公开重点项目季度进度', body: '建议在网站上按季度公开市重点建设项目的形象进度和投资完成情况，方便群众监督。' },
    ctx(12),
  );
  const r2 = await mailbox.reply(on(27), reviewer, suggestion.id, { reply: '感谢您的建议。我局已在“重大建设项目”栏目按季度公开重点项目进展情况，今后将进一步细化投资完成数据。' });
  await mailbox.publish(on(26), reviewer, suggestion.id, mailbox.maskedPreview(r2));
  count++;

  // Overdue: a complaint 40 days old, unanswered (past its 15 working days even across a holiday week).
  await mailbox.writeLetter(
    on(40, '11:00'),
    { agency: 'fgj', kind: 'complaint', name: '赵磊', phone: '13600001111', email: '', subject: '停车收费标准未公示', body: '人民医院停车场收费标准没有在入口处公示，收费明显高于周边，请核查。' },
    ctx(13),
  );
  count++;

  // Waiting, still within the limit.
  await mailbox.writeLetter(on(1), { agency: 'fgj', kind: 'consultation', name: '', phone: '', email: '', subject: '项目备案需要哪些材料', body: '企业投资项目在线备案需要提交哪些材料？是否需要到窗口办理？' }, ctx(14));
  count++;

  // A call to the supervision phone, logged by the office.
  await mailbox.logPhoneCall(on(3), reviewer, fgj.id, { kind: 'report', name: '王先生', phone: '0763-3345678', subject: '反映某加油站价格违规', body: '来电反映滨江路某加油站油价高于政府指导价，请求查处。' });
  count++;

  const bhz = await findAgencyByCodeOrSlug(db, 'bhz');
  if (bhz && bhzReviewer) {
    const village = await mailbox.writeLetter(
      on(20),
      { agency: 'bhz', kind: 'complaint', name: '李桂兰', phone: '13812345678', email: '', subject: '村道路灯损坏', body: '滨河镇东湾村3组村道的路灯坏了一个多月，晚上出行不便，请尽快维修。' },
      ctx(15),
    );
    const r3 = await mailbox.reply(on(16), bhzReviewer, village.id, { reply: '您反映的路灯问题已转镇农业农村办公室，维修人员已于本周更换灯具，现已恢复照明。' });
    await mailbox.publish(on(15), bhzReviewer, village.id, mailbox.maskedPreview(r3));
    count++;
  }
  return count;
}
