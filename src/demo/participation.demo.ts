/**
 * The demo's public participation at the 发展和改革局 (fgj): a 规范性文件 draft open
 * for comments, a closed consultation whose 采纳情况 is public and whose resulting
 * document is published, and a hearing coming up. Dated from the clock's today.
 */
import { inTransaction, type Db } from '../db/database.js';
import { todayOf, withClock } from '../db/runtime.js';
import { chinaInstant, clockFrom } from '../lib/clock.js';
import { addDays, compareDates, type IsoDate } from '../lib/dates.js';
import { actorForUsername } from '../features/accounts/account.service.js';
import { getCalendar } from '../features/calendar/calendar.service.js';
import { earliestEnd, minimumPeriodOf } from '../features/participation/participation.js';
import * as participation from '../features/participation/participation.service.js';
import { insertDraftIn, publishRecordedIn } from '../features/publications/publication.service.js';

export async function seedParticipation(platformDb: Db): Promise<void> {
  const today = todayOf(platformDb);
  const at = (d: IsoDate, time = '10:00') => withClock(platformDb, clockFrom(chinaInstant(d, time)));
  const reviewer = await actorForUsername(platformDb, 'demo-reviewer', 'cli');
  const agency = await platformDb.selectFrom('agencies').select(['id', 'name']).where('slug', '=', 'fgj').executeTakeFirst();
  if (!reviewer || !agency) return;
  const cal = await getCalendar(platformDb);

  // 1. Open: a 规范性文件 draft, comments until a little past the minimum.
  const start = addDays(today, -3);
  const minEnd = earliestEnd(cal, minimumPeriodOf('normative', false), start);
  const end = compareDates(minEnd, addDays(today, 7)) < 0 ? addDays(today, 7) : minEnd;
  const open = await participation.createConsultation(at(addDays(today, -4)), reviewer, agency.id, {
    title: '关于《示例市城区公共停车场收费管理办法（征求意见稿）》公开征求意见的公告',
    kind: 'normative',
    explanation: '为规范城区公共停车场收费行为，缓解停车难，我局起草了本办法。现向社会公开征求意见。\n本办法依据《中华人民共和国价格法》等规定起草，主要明确收费范围、收费标准制定程序和优惠措施。',
    commentMethod: '信函：示例市人民路1号市发展和改革局价格科（邮编 529000），请在信封注明“停车收费意见”；电子邮件：fgj-jgk@example.gov.cn',
    startDate: start,
    endDate: end,
    sections: [
      { heading: '第一条 目的和依据', body: '为规范城区公共停车场收费行为，维护停车者和经营者的合法权益，根据有关法律法规，制定本办法。' },
      { heading: '第二条 适用范围', body: '本办法适用于本市城区范围内政府投资建设的公共停车场。' },
      { heading: '第三条 收费标准', body: '公共停车场实行分时段收费：白天（8:00—20:00）首小时3元，其后每小时2元；夜间每次5元。' },
      { heading: '第四条 优惠措施', body: '停车不超过15分钟的免费。残疾人驾驶的机动车凭证免费停放。' },
    ],
  });
  await participation.openConsultation(at(addDays(today, -4)), reviewer, open.id);
  const sections = (await participation.getPublicConsultation(platformDb, open.id)).sections;
  const c1 = await participation.submitComment(at(addDays(today, -2)), open.id, { section: String(sections[2]!.id), name: '陈先生', contact: '13800000001', body: '建议夜间收费改为按小时计，避免短时停车也收5元。' });
  await participation.submitComment(at(addDays(today, -1)), open.id, { section: String(sections[3]!.id), body: '建议免费时长延长到30分钟，方便接送孩子。' });
  await participation.moderateComment(at(addDays(today, -1), '15:00'), reviewer, open.id, c1.id, { decision: 'approve' });

  // 2. Closed two months ago, feedback public, the resulting document published.
  const s2 = addDays(today, -75);
  const e2 = addDays(s2, 29);
  const closed = await participation.createConsultation(at(addDays(s2, -1)), reviewer, agency.id, {
    title: '关于《示例市重点建设项目管理办法（征求意见稿）》公开征求意见的公告',
    kind: 'normative',
    marketRelated: true,
    explanation: '为加强重点建设项目管理，提高投资效益，我局起草了本办法。因与项目建设单位关系密切，征求意见期为30日。',
    commentMethod: '电子邮件：fgj-tzk@example.gov.cn',
    startDate: s2,
    endDate: e2,
    sections: [
      { heading: '第一条 目的', body: '为加强重点建设项目管理，制定本办法。' },
      { heading: '第二条 项目确定', body: '重点建设项目由市发展和改革局会同有关部门每年提出，报市人民政府确定。' },
      { heading: '第三条 进度公开', body: '项目建设单位应当按季度报送进度，市发展和改革局在门户网站公开。' },
    ],
  });
  await participation.openConsultation(at(addDays(s2, -1)), reviewer, closed.id);
  const cs = (await participation.getPublicConsultation(platformDb, closed.id)).sections;
  const k1 = await participation.submitComment(at(addDays(s2, 5)), closed.id, { section: String(cs[2]!.id), name: '某建设公司', body: '建议将进度公开改为按月，并公开项目审批结果。' });
  const k2 = await participation.submitComment(at(addDays(s2, 9)), closed.id, { section: String(cs[1]!.id), body: '建议项目确定前征求所在镇街意见。' });
  const k3 = await participation.submitComment(at(addDays(s2, 12)), closed.id, { body: '推广：专业代办各类审批，联系微信 xxxxx' });
  await participation.moderateComment(at(addDays(s2, 13)), reviewer, closed.id, k1.id, { decision: 'approve' });
  await participation.moderateComment(at(addDays(s2, 13)), reviewer, closed.id, k2.id, { decision: 'approve' });
  await participation.moderateComment(at(addDays(s2, 13)), reviewer, closed.id, k3.id, { decision: 'reject', reason: 'advertising', note: '商业推广' });
  const after = addDays(e2, 8);
  await participation.publishFeedback(at(after), reviewer, closed.id, {
    received: '3', adopted: '1', partly: '1', notAdopted: '1',
    text: '第二条：采纳“项目确定前征求所在镇街意见”的建议，增加第二款。\n第三条：部分采纳。审批结果按《重大建设项目领域基层政务公开标准指引》公开；进度仍按季度公开，因项目进度按季度统计。\n另有1条意见因与本办法无关，未予采纳。',
  });
  const published = await inTransaction(at(addDays(after, 2)), async (trx) => {
    const draft = await insertDraftIn(trx, reviewer, {
      agencyId: agency.id,
      title: '示例市重点建设项目管理办法',
      summary: '规定重点建设项目的确定、管理和进度公开。',
      body: '<p>第一条 为加强重点建设项目管理，制定本办法。</p><p>第二条 重点建设项目由市发展和改革局会同有关部门每年提出，征求所在镇街意见后，报市人民政府确定。</p><p>第三条 项目建设单位应当按季度报送进度，市发展和改革局在门户网站公开。</p>',
      documentNumber: '示发改规〔2026〕3号',
      writtenDate: addDays(after, 1),
      category: 'art20_01',
      topic: 'economy',
      genre: 'measures',
      documentKind: 'normative',
      issuers: [{ agencyId: agency.id, name: agency.name }],
    });
    return draft;
  });
  await participation.linkPublication(at(addDays(after, 2)), reviewer, closed.id, { publicationId: String(published.id) });
  await inTransaction(at(addDays(after, 3)), async (trx) => {
    const row = await trx.selectFrom('publications').selectAll().where('id', '=', published.id).executeTakeFirstOrThrow();
    await publishRecordedIn(trx, reviewer, row);
  });

  // 3. A hearing three weeks ahead, announced, its materials already sent.
  const day = addDays(today, 21);
  const hearing = await participation.createHearing(at(addDays(today, -1)), reviewer, agency.id, {
    title: '示例市城区公共停车场收费标准听证会',
    consultationId: String(open.id),
    draft: '拟定城区公共停车场收费标准：白天首小时3元，其后每小时2元；夜间每次5元。\n说明：标准依据停车场建设运营成本测算，测算报告在听证会上说明。',
    hearingDate: day,
    hearingTime: '09:30',
    place: '示例市人民政府三楼第一会议室',
    selectionMethod: '听证参加人由消费者、经营者、专家学者和有关部门代表组成。消费者代表通过公开报名、随机抽取产生；经营者代表由行业协会推荐。',
    participants: '张建国（消费者代表）\n李秀英（消费者代表）\n王海涛（经营者代表，示例市停车管理有限公司）\n赵敏（专家，示例学院经济系）\n刘强（市交通运输局）',
  });
  await participation.publishHearing(at(addDays(today, -1)), reviewer, hearing.id);
  await participation.addMaterial(at(today), reviewer, hearing.id, { title: '停车收费标准定价成本监审报告', description: '随听证通知一并送达' });
}
