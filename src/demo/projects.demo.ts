/**
 * The demo 发展和改革局's key projects and its work plan: three projects with valid
 * codes, stages, dated progress (one left quiet long enough to raise the alarm), a
 * published 批准结果 item with its elements linked to each, and this year's plan.
 * Dates are counted back from the handle's today, so nothing lies in the future.
 */
import type { Db } from '../db/database.js';
import { inTransaction } from '../db/database.js';
import { todayOf, withClock } from '../db/runtime.js';
import { chinaInstant, fixedClock } from '../lib/clock.js';
import { addDays, type IsoDate } from '../lib/dates.js';
import { actorForUsername } from '../features/accounts/account.service.js';
import { insertDraftIn, publishRecordedIn } from '../features/publications/publication.recording.js';
import * as projects from '../features/projects/project.service.js';
import * as plans from '../features/projects/work-plan.service.js';

const DEMO_PROJECTS = [
  {
    name: '示例市滨江路综合改造工程',
    code: '2025-330102-48-01-004217',
    owner: '示例市城市建设投资集团有限公司',
    investment: '38650.75',
    location: '示例市滨江路（人民桥至新港路段）',
    status: 'under_construction',
    start: -420,
    end: 300,
    stages: [['前期工作', -420, -300], ['征地拆迁', -300, -200], ['主体施工', -200, 120], ['竣工验收', 120, 300]] as const,
    progress: [[-380, 5, '完成可行性研究报告批复和初步设计审批。'], [-250, 18, '征收范围内 126 户签约完成。'], [-150, 40, '主体施工开工，雨污管网铺设 1.2 公里。'], [-20, 68, '道路主体结构完成，开始人行道和绿化施工。']] as const,
    approval: { title: '关于示例市滨江路综合改造工程可行性研究报告的批复', number: '示发改投资〔2025〕36号', daysAgo: 385 },
  },
  {
    name: '示例市第二人民医院新院区建设项目',
    code: '2025-330102-84-01-007730',
    owner: '示例市第二人民医院',
    investment: '126800',
    location: '示例市新城区健康路 1 号',
    status: 'under_construction',
    start: -300,
    end: 600,
    stages: [['前期工作', -300, -180], ['主体施工', -180, 420], ['设备安装', 420, 560]] as const,
    // The last entry is more than 90 days old: the dashboard alarm shows it.
    progress: [[-260, 3, '完成初步设计审批和施工图审查。'], [-120, 22, '门诊楼基础工程完成，住院楼桩基施工中。']] as const,
    approval: { title: '关于示例市第二人民医院新院区建设项目初步设计的批复', number: '示发改投资〔2025〕58号', daysAgo: 265 },
  },
  {
    name: '示例市光伏产业园标准厂房项目',
    code: '2026-330102-38-03-001254',
    owner: '示例光能科技有限公司',
    investment: '15320.5',
    location: '示例市高新区创业大道',
    status: 'preparing',
    start: -60,
    end: 420,
    stages: [['前期工作', -60, 60], ['主体施工', 60, 360]] as const,
    progress: [[-30, 2, '完成企业投资项目备案，正在办理用地手续。']] as const,
    filing: { title: '示例市光伏产业园标准厂房项目备案信息', number: '示发改备〔2026〕112号', daysAgo: 45 },
  },
];

export async function seedProjects(db: Db, opts: { dataDir?: string | undefined } = {}): Promise<number> {
  const agency = await db.selectFrom('agencies').select(['id', 'name']).where('slug', '=', 'fgj').executeTakeFirst();
  const reviewer = await actorForUsername(db, 'demo-reviewer', 'cli');
  if (!agency || !reviewer) return 0;
  const today = todayOf(db);
  const at = (days: number): IsoDate => addDays(today, days);
  const onDay = (days: number) => withClock(db, fixedClock(chinaInstant(at(Math.min(days, 0)), '10:00')));
  const files = { dataDir: opts.dataDir ?? '', maxUploadBytes: Number.MAX_SAFE_INTEGER };
  for (const d of DEMO_PROJECTS) {
    const first = onDay(d.start);
    const p = await projects.createProject(first, reviewer, agency.id, { ...d, plannedStart: at(d.start), plannedEnd: at(d.end) });
    for (const [name, s, e] of d.stages) {
      // Recorded as of today: actual dates only for what has happened.
      await projects.addStage(db, reviewer, p.id, { name, plannedStart: at(s), plannedEnd: at(e), ...(s + 5 <= 0 ? { actualStart: at(s + 5) } : {}), ...(e + 3 <= 0 ? { actualEnd: at(e + 3) } : {}) });
    }
    const stages = await db.selectFrom('projectStages').select(['id', 'plannedStart']).where('projectId', '=', p.id).orderBy('sortOrder').execute();
    for (const [day, percent, body] of d.progress) {
      const stage = [...stages].reverse().find((s) => s.plannedStart! <= at(day));
      await projects.addProgress(onDay(day), files, reviewer, p.id, { date: at(day), percent, body, ...(stage ? { stageId: stage.id } : {}) });
    }
    type Doc = { title: string; number: string; daysAgo: number };
    const own = d as { approval?: Doc; filing?: Doc };
    const approval = (own.approval ?? own.filing)!;
    const kind = own.approval ? 'approval' : 'filing';
    const when = onDay(-approval.daysAgo);
    const draft = await inTransaction(when, (trx) =>
      insertDraftIn(trx, reviewer, {
        agencyId: agency.id,
        title: approval.title,
        summary: `${kind === 'approval' ? '批复' : '备案'}${d.name}。`,
        body: `<p>${d.owner}：</p><p>${kind === 'approval' ? `你单位报送的${d.name}有关材料收悉。经研究，原则同意。` : `${d.name}已在投资项目在线审批监管平台完成备案。`}</p>`,
        documentNumber: kind === 'approval' ? approval.number : '',
        writtenDate: at(-approval.daysAgo),
        formedDate: at(-approval.daysAgo),
        category: 'art20_03',
        topic: 'economy',
        genre: kind === 'approval' ? 'reply' : 'notice',
        keywords: `${d.name.slice(3, 9)}、${kind === 'approval' ? '批复' : '备案'}`,
        issuers: [{ agencyId: agency.id, name: agency.name }],
      }),
    );
    await projects.linkPublication(when, reviewer, p.id, { publicationId: draft.id, lifecycle: 'approval_result', approvalKind: kind });
    await projects.saveApprovalElements(when, reviewer, draft.id, {
      approvalKind: kind,
      approvalResult: kind === 'approval' ? '同意' : '',
      decidedOn: at(-approval.daysAgo),
      documentNumber: approval.number,
      decidingUnit: agency.name,
      projectName: d.name,
      projectCode: d.code,
    });
    const row = await when.selectFrom('publications').selectAll().where('id', '=', draft.id).executeTakeFirstOrThrow();
    await inTransaction(when, (trx) => publishRecordedIn(trx, reviewer, row));
  }
  const year = Number(today.slice(0, 4));
  const planDay = withClock(db, fixedClock(chinaInstant(`${year}-02-20` <= today ? (`${year}-02-20` as IsoDate) : today, '10:00')));
  const plan = await plans.savePlan(planDay, reviewer, agency.id, year, { title: `${agency.name}${year}年工作要点`, intro: '围绕稳增长、调结构、抓项目，确定本年度重点工作目标如下。' });
  for (const [text, responsible] of [['全年固定资产投资增长 6% 以上', '投资科'], ['滨江路综合改造工程主体完工', '投资科'], ['新开工重点项目 20 个以上', '发展规划科']]) {
    await plans.addTarget(planDay, reviewer, plan.id, { text, responsible });
  }
  await plans.publishPlan(planDay, reviewer, plan.id);
  return DEMO_PROJECTS.length;
}
