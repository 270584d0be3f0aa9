/**
 * Demo publications for the fictional 示例市: about four hundred items over
 * 2024–2026 in every disclosure category, generated from templates with a seeded
 * PRNG (the same database every time for the same end date). Published items are
 * written straight into the tables, as an import of an existing catalog would be:
 * revisions, index numbers, review records, attachments and one audit event each.
 * A handful of items are then taken through the real service so that every
 * office queue has work in it: drafts, a returned item, items waiting for review
 * (one with screening findings), a leader approval, a scheduled item, a revision
 * in progress, and items overdue or nearly so under Art. 26.
 */
import type { Db, DbOrTrx } from '../db/database.js';
import { inTransaction } from '../db/database.js';
import { addDays, compareDates, type IsoDate } from '../lib/dates.js';
import type { Actor, AgencyRole } from '../features/access/roles.js';
import { SYSTEM_ACTOR } from '../features/access/roles.js';
import type { Calendar } from '../features/calendar/calendar.js';
import { getCalendar } from '../features/calendar/calendar.service.js';
import { countWorkdays, isWorkday } from '../features/calendar/workdays.js';
import { type DisclosureCategory, type Genre, type Topic } from '../features/publications/categories.js';
import { periodRuleOf } from '../features/publications/publication.periods.js';
import { checkUpload, storeFile } from '../features/files/files.js';
import * as service from '../features/publications/publication.service.js';
import {
  attachRecordedIn,
  findForRecording,
  insertDraftIn,
  publishRecordedIn,
  republishRecordedIn,
  setValidityRecordedIn,
  withdrawRecordedIn,
} from '../features/publications/publication.service.js';
import { chinesePdf, minimalPng } from './files.demo.js';
import * as reportRepo from '../features/annual-reports/annual-report.repository.js';
import { fromRecords } from '../features/annual-reports/annual-report.service.js';
import { draftNarrative, type Narrative, type ReportInputs } from '../features/annual-reports/annual-report.generate.js';
import { reportBodyHtml } from '../features/annual-reports/annual-report.body.js';
import { listPublished } from '../features/publications/publication.query.js';
import { getTree, hideColumn } from '../features/catalog/catalog.service.js';
import { nowOf, todayOf, withClock } from '../db/runtime.js';
import { chinaInstant, clockFrom } from '../lib/clock.js';
import { fixedClock } from '../lib/clock.js';

export interface PublicationDemoOptions {
  /** Where attachment files go; without it the rows exist but the files do not. */
  dataDir?: string | undefined;
  /** "Today" for the demo; defaults to the China date now. */
  today?: IsoDate;
}

// ---------------------------------------------------------------- deterministic randomness

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const CN_NUM = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

// ---------------------------------------------------------------- vocabulary of the fictional city

const PROJECTS = [
  { name: '示例市城北污水处理厂提标改造工程', code: '2024-449900-46-01-000123', invest: '3.86亿元', place: '城北街道' },
  { name: '示例大道快速化改造工程', code: '2024-449900-48-01-000217', invest: '12.4亿元', place: '示例大道沿线' },
  { name: '示例市人民医院新院区建设项目', code: '2023-449900-84-01-000089', invest: '18.7亿元', place: '滨江新区' },
  { name: '滨江生态公园建设项目', code: '2025-449900-78-01-000045', invest: '2.15亿元', place: '滨江街道' },
  { name: '示例市第三中学扩建工程', code: '2025-449900-83-01-000310', invest: '1.62亿元', place: '东城区' },
  { name: '城区燃气管网更新改造项目', code: '2024-449900-45-01-000402', invest: '4.30亿元', place: '主城区' },
  { name: '示例高新区标准厂房建设项目（二期）', code: '2025-449900-47-01-000158', invest: '5.08亿元', place: '示例高新区' },
  { name: '示例市综合客运枢纽工程', code: '2023-449900-54-01-000066', invest: '9.95亿元', place: '站前片区' },
  { name: '江北片区雨污分流改造工程', code: '2026-449900-46-01-000021', invest: '2.74亿元', place: '江北街道' },
  { name: '示例市老旧小区改造项目（2026年度）', code: '2026-449900-47-01-000077', invest: '3.12亿元', place: '全市12个街道' },
] as const;

const COMPANIES = ['示例市鑫源建材有限公司', '示例市恒达化工有限公司', '示例市绿洲纸业有限公司', '示例市宏远物流有限公司', '示例市金石混凝土有限公司', '示例市佳美印染有限公司'];
const POLICY_AREAS = [
  '政府投资项目', '价格听证', '节能审查', '社会信用体系建设', '重点项目前期工作', '招标投标活动', '粮食储备', '服务业发展引导资金',
  '政府性基金预算', '行政事业单位国有资产', '政府购买服务', '财政专项资金', '建设项目环境影响评价', '排污许可', '生态环境损害赔偿', '城市道路占用挖掘',
];
const NEWS_EVENTS = [
  '召开全市重点项目建设推进会',
  '开展“营商环境提升年”走访企业活动',
  '召开党组理论学习中心组学习会议',
  '组织开展安全生产专项检查',
  '召开政务公开工作培训会',
  '赴滨江新区调研重大项目建设',
  '召开年度工作总结暨部署会议',
  '开展“5·15”政务开放日活动',
  '组织收听收看全省视频会议',
  '召开优化营商环境工作座谈会',
];
const PEOPLE = ['王建国', '李晓燕', '陈志明', '张丽华', '刘海涛', '黄文斌', '林小红', '周国强', '吴秀英', '郑伟'];

interface AgencyPlan {
  slug: string;
  abbr: string;
  /** Categories this agency publishes most, with weights. */
  focus: [DisclosureCategory, number][];
  topic: Topic;
  /** Business departments items come from (indexes into the agency's departments). */
  editors: number[];
  /** A 乡（镇）人民政府: its items speak of the town and its villages, and draw on a randomness of their own. */
  township?: boolean;
}

const PLANS: AgencyPlan[] = [
  {
    slug: 'fgj',
    abbr: '示发改',
    topic: 'economy',
    editors: [1, 2, 3, 4, 5],
    focus: [['art20_10', 16], ['art20_05', 10], ['art20_03', 8], ['art20_08', 7], ['art20_04', 6], ['art20_01', 6], ['art20_11', 3], ['art20_09', 2], ['art20_12', 2], ['art20_15', 2]],
  },
  {
    slug: 'czj',
    abbr: '示财',
    topic: 'finance',
    editors: [1, 2, 3],
    focus: [['art20_07', 16], ['art20_09', 12], ['art20_01', 6], ['art20_08', 3], ['art20_11', 5], ['art20_04', 3], ['art20_15', 2]],
  },
  {
    slug: 'sthjj',
    abbr: '示环',
    topic: 'construction_environment',
    editors: [1, 2],
    focus: [['art20_13', 14], ['art20_06', 12], ['art20_05', 8], ['art20_12', 4], ['art20_01', 4], ['art20_03', 3], ['art20_15', 2]],
  },
  {
    slug: 'zfb',
    abbr: '示府办',
    topic: 'general',
    editors: [0, 1],
    focus: [
      ['art20_01', 10], ['art20_03', 4], ['art20_11', 6], ['art20_12', 4], ['art20_14', 3], ['art21_municipal', 3], ['art21_public_service', 3],
      ['art21_public_welfare', 2], ['art21_land_expropriation', 3], ['art21_housing_expropriation', 3], ['art21_public_security', 2], ['art21_social_assistance', 3], ['art20_15', 2],
    ],
  },
  {
    slug: 'bhz',
    abbr: '滨府',
    topic: 'agriculture',
    editors: [1, 2, 3],
    township: true,
    // Art. 21 ¶2, the township's own list (房屋征收 does not arise in the town: that column is hidden with its reason).
    focus: [
      ['art21_rural_policy', 6], ['art21_farmland_irrigation', 4], ['art21_land_contract_transfer', 4], ['art21_homestead_review', 5],
      ['art21_land_expropriation', 2], ['art21_pooled_funds_labour', 3], ['art21_social_assistance', 6], ['art20_12', 2], ['art20_15', 2],
    ],
  },
];

const VILLAGES = ['滨河村', '东湾村', '柳塘村', '新桥村', '石岗村'];

/** Categories every agency carries besides its focus. */
const COMMON: [DisclosureCategory, number][] = [['work_news', 22], ['notices', 6], ['personnel', 4], ['policy_interpretation', 3], ['art20_02', 1], ['disclosure_rules', 1], ['other', 1]];

// ---------------------------------------------------------------- text templates

interface Doc {
  title: string;
  summary: string;
  body: string;
  genre: Genre;
  topic: Topic;
  documentNumber: string;
  keywords: string[];
  attachment?: 'pdf' | 'png';
  /** Last day of the period the item reports on: it cannot be formed before the period ends. */
  periodEnd?: string;
  /** The 管理办法 a normative document issues, or a 政策解读 explains (to pair them). */
  area?: string;
}

interface Ctx {
  rng: Rng;
  agency: { name: string; shortName: string };
  plan: AgencyPlan;
  year: number;
  month: number;
  /** Running number for 文号. */
  no: () => number;
}

const p = (...lines: string[]) => lines.map((l) => `<p>${l}</p>`).join('');

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function docNo(c: Ctx, kind = ''): string {
  return `${c.plan.abbr}${kind}〔${c.year}〕${c.no()}号`;
}

/**
 * A 政策解读 of 《示例市…管理办法》 in the four parts interpretations carry (背景依据, 目标任务,
 * 主要内容, 解决的问题), each a real paragraph about the measure it explains.
 */
function interpretation(agency: { name: string; shortName: string }, area: string, docNumber: string, topic: Topic): Doc {
  const name = `示例市${area}管理办法`;
  const source = docNumber ? `《${name}》（${docNumber}）` : `《${name}》`;
  return {
    title: `《${name}》政策解读`,
    summary: `解读${source}的起草背景和依据、目标任务、主要内容和解决的问题。`,
    body:
      `<h2>一、起草背景和依据</h2>` +
      p(
        `近年来，本市${area}工作总体平稳，但也暴露出职责分工不够清晰、办理程序不够规范、信息公开不够及时等问题，群众和企业反映较多。原有规定制定时间较早，部分条款已不适应国家和省最新要求。`,
        `为此，${agency.name}依据有关法律、法规和规章，以及国家和省关于深化“放管服”改革、优化营商环境的部署，在调查研究、征求社会公众和有关部门意见、开展合法性审核和公平竞争审查的基础上，起草了本办法。`,
      ) +
      `<h2>二、目标任务</h2>` +
      p(`通过制定本办法，进一步厘清${area}各环节的职责边界，统一办理流程和时限，做到依据公开、过程留痕、结果可查，力争用两年左右时间实现${area}事项全流程网上办理、办理时限比法定时限平均压缩三分之一。`) +
      `<h2>三、主要内容</h2>` +
      p(
        `办法共六条，主要包括以下内容：一是明确适用范围，本市行政区域内的${area}及其监督管理均适用本办法；二是确立依法依规、公开透明、权责一致、注重实效的基本原则；`,
        `三是明确${agency.shortName}负责综合管理和监督检查，其他有关部门按职责分工配合；四是要求有关单位建立健全内部管理制度，主动公开办理依据、条件、程序和结果，接受社会监督；五是规定办法自印发之日起施行，有效期五年。`,
      ) +
      `<h2>四、解决的问题</h2>` +
      p(
        `办法重点解决三个方面的问题：一是多头管理、职责交叉，通过明确牵头部门和配合部门，避免推诿扯皮；二是程序不一、标准不明，通过统一流程和公开标准，减少自由裁量；三是过程不透明、群众办事难以查询，通过要求公开办理结果，方便群众和企业监督。`,
        `对本办法的具体执行问题，可在工作日向${agency.name}咨询，联系方式见本机关政府信息公开指南。`,
      ),
    genre: 'interpretation',
    topic,
    documentNumber: '',
    keywords: ['政策解读', area],
    area,
  };
}

function generate(category: DisclosureCategory, c: Ctx): Doc {
  const { rng, agency, year } = c;
  const y = `${year}年`;
  const project = pick(rng, PROJECTS);
  const area = pick(rng, POLICY_AREAS);
  switch (category) {
    case 'art20_01': {
      const name = `示例市${area}管理办法`;
      return {
        title: `${agency.name}关于印发《${name}》的通知`,
        summary: `印发《${name}》，自印发之日起施行，有效期五年。`,
        body:
          p('各县（市、区）有关部门，局属各单位：', `现将《${name}》印发给你们，请认真贯彻执行。执行中遇到的问题，请及时向${agency.shortName}反映。`) +
          `<h2 class="align-center">${name}</h2>` +
          p(
            `第一条　为了规范${area}管理，提高行政效能，根据有关法律、法规和规章的规定，结合本市实际，制定本办法。`,
            `第二条　本市行政区域内的${area}及其监督管理，适用本办法。`,
            `第三条　${area}应当遵循依法依规、公开透明、权责一致、注重实效的原则。`,
            `第四条　${agency.shortName}负责全市${area}的综合管理和监督检查；其他有关部门按照职责分工做好相关工作。`,
            '第五条　有关单位应当建立健全内部管理制度，按照规定公开办理依据、条件、程序和结果，接受社会监督。',
            '第六条　本办法自印发之日起施行，有效期五年。',
          ),
        genre: 'measures',
        topic: c.plan.topic,
        documentNumber: docNo(c, '规'),
        keywords: [area, '管理办法', '规范性文件'],
        area,
      };
    }
    case 'art20_02':
      return {
        title: `${agency.name}机构职能（${y}更新）`,
        summary: `${agency.name}主要职责、内设机构、办公地址、办公时间、联系方式和负责人信息。`,
        body: p('一、主要职责', `${agency.name}是市人民政府工作部门，贯彻落实党中央、国务院和省委、省政府关于本领域工作的方针政策和决策部署。`, '二、内设机构', '办公室及各业务科室，具体职责见“股室设置”。', '三、办公时间', '工作日上午8:30—12:00，下午14:30—17:30。'),
        genre: 'other',
        topic: 'general',
        documentNumber: '',
        keywords: ['机构职能', '联系方式'],
      };
    case 'art20_03': {
      // “十五五” special plans are issued in 2026, the first year of the plan period; earlier years have the annual plan and its report.
      const kind = year >= 2026 ? pick(rng, ['专项规划', '年度计划', '计划执行情况']) : pick(rng, ['年度计划', '计划执行情况']);
      const title =
        kind === '专项规划'
          ? `示例市${pick(rng, ['现代服务业', '综合交通运输', '能源发展', '生态环境保护', '数字经济'])}发展“十五五”规划`
          : kind === '年度计划'
            ? `示例市${y}国民经济和社会发展计划`
            : `关于示例市${year - 1}年国民经济和社会发展计划执行情况与${y}计划草案的报告`;
      return {
        title,
        summary: `${title}，明确发展目标、主要任务和保障措施。`,
        body:
          p('一、发展基础', '“十四五”以来，全市经济运行总体平稳、稳中有进，重点领域改革取得新进展，人民生活水平持续提高。', '二、主要目标') +
          table(['指标', '单位', `${year}年目标`], [['地区生产总值增速', '%', `${(5 + rng() * 1.5).toFixed(1)}左右`], ['固定资产投资增速', '%', `${(4 + rng() * 4).toFixed(1)}`], ['城镇新增就业', '万人', `${(1.5 + rng()).toFixed(1)}`]]) +
          p('三、重点任务', '（一）扩大有效投资，加快重大项目建设。', '（二）推动产业转型升级，培育新质生产力。', '（三）持续保障和改善民生。'),
        genre: kind === '专项规划' ? 'plan' : 'report',
        topic: 'economy',
        documentNumber: kind === '专项规划' ? docNo(c) : '',
        keywords: ['规划', '国民经济和社会发展'],
        ...(kind === '计划执行情况' ? { periodEnd: `${year - 1}-12-31` } : {}),
        attachment: rng() < 0.4 ? 'pdf' : undefined as never,
      };
    }
    case 'art20_04': {
      // Cumulative figures for the months already over: January and February together (published
      // from March), the year before in full when the item comes out in January or February.
      const m = c.month - 1;
      const period = m >= 2 ? `${y}1—${m}月` : `${year - 1}年`;
      const periodEnd = m >= 2 ? addDays(`${year}-${String(m + 1).padStart(2, '0')}-01` as IsoDate, -1) : `${year - 1}-12-31`;
      return {
        periodEnd,
        title: `${period}全市${pick(rng, ['固定资产投资', '工业经济', '价格监测', '能源消费'])}运行情况`,
        summary: `${period}全市主要经济指标运行情况统计。`,
        body: p(`${period}，全市主要指标运行平稳。`) + table(['指标', '累计', '同比增长（%）'], [['规模以上工业增加值', `${int(rng, 180, 420)}亿元`, `${(rng() * 8).toFixed(1)}`], ['固定资产投资', `${int(rng, 200, 560)}亿元`, `${(rng() * 10 - 2).toFixed(1)}`], ['社会消费品零售总额', `${int(rng, 150, 380)}亿元`, `${(rng() * 7).toFixed(1)}`]]),
        genre: 'report',
        topic: 'economy',
        documentNumber: '',
        keywords: ['统计信息', '经济运行'],
      };
    }
    case 'art20_05': {
      const env = c.plan.slug === 'sthjj';
      const title = env ? `关于${project.name}环境影响报告书的批复` : `关于${project.name}项目核准的批复`;
      return {
        title,
        summary: `${env ? '环境影响评价审批' : '项目核准'}结果：${project.name}，项目代码${project.code}。`,
        body:
          p(`${project.name}建设单位：`, `你单位报来的申请材料收悉。经研究，现批复如下：`) +
          table(['审批事项', '项目名称', '项目代码', '审批结果', '批复文号'], [[env ? '建设项目环境影响评价审批' : '企业投资项目核准', project.name, project.code, '同意', '见本文文号']]) +
          p(`一、项目建设地点位于${project.place}，总投资${project.invest}。`, '二、请严格按照批复内容组织实施，依法办理其他相关手续。', '三、本批复文件自印发之日起有效期两年。'),
        genre: 'reply',
        topic: env ? 'construction_environment' : 'economy',
        documentNumber: docNo(c, env ? '审' : '许'),
        keywords: [env ? '环境影响评价' : '项目核准', '行政许可'],
      };
    }
    case 'art20_06': {
      const company = pick(rng, COMPANIES);
      return {
        title: `行政处罚决定书（${company}）`,
        summary: `${company}违反环境保护法律法规，依法作出罚款决定。`,
        body:
          p(`当事人：${company}`, `统一社会信用代码：91449900MA5${int(rng, 10000, 99999)}X（示例）`, `${y}${int(rng, 1, Math.max(1, c.month))}月，我局执法人员对当事人进行现场检查，发现其存在超标排放水污染物的环境违法行为。`) +
          p('上述行为违反了《中华人民共和国水污染防治法》第十条的规定。依据该法第八十三条，我局决定对当事人作出如下行政处罚：', `罚款人民币${int(rng, 5, 40)}万元。`, '当事人如不服本处罚决定，可在收到本决定书之日起六十日内申请行政复议，或者在六个月内依法提起行政诉讼。'),
        genre: 'decision',
        topic: 'construction_environment',
        documentNumber: docNo(c, '罚'),
        keywords: ['行政处罚', '环境执法'],
      };
    }
    case 'art20_07': {
      const kind = pick(rng, ['部门预算', '部门决算', '“三公”经费预算']);
      const yr = kind === '部门决算' ? year - 1 : year;
      const total = int(rng, 2800, 9800);
      return {
        title: `${agency.name}${yr}年${kind}公开`,
        summary: `${agency.name}${yr}年${kind}，包括收支总表、财政拨款支出表及情况说明。`,
        body:
          p(`一、${yr}年${kind}收支总体情况`, `${yr}年收入总计${total}万元，支出总计${total}万元。`) +
          table(['项目', '金额（万元）'], [['一般公共预算财政拨款', String(Math.round(total * 0.82))], ['政府性基金预算财政拨款', String(Math.round(total * 0.1))], ['其他收入', String(total - Math.round(total * 0.82) - Math.round(total * 0.1))]]) +
          p('二、“三公”经费情况说明', `因公出国（境）费0万元；公务接待费${(rng() * 6).toFixed(2)}万元；公务用车运行维护费${(rng() * 12).toFixed(2)}万元。`),
        genre: 'report',
        topic: 'finance',
        documentNumber: '',
        keywords: ['预算', '决算', '三公经费'],
        attachment: rng() < 0.7 ? 'pdf' : undefined as never,
      };
    }
    case 'art20_08':
      return {
        title: `关于${pick(rng, ['机动车停放服务', '城市供水', '管道天然气', '公办幼儿园保育教育', '殡葬服务'])}收费标准的通知`,
        summary: '调整有关收费标准，明确收费依据、标准和执行时间。',
        body: p('各有关单位：', '根据有关价格法律法规和政策规定，经成本监审和听证，现就有关收费标准通知如下：') + table(['项目', '计费单位', '标准（元）'], [['基本服务', '次', String(int(rng, 2, 10))], ['延时服务', '小时', String(int(rng, 1, 5))]]) + p('本通知自发布之日起执行，原有规定与本通知不一致的，以本通知为准。'),
        genre: 'notice',
        topic: 'market_safety',
        documentNumber: docNo(c, '价'),
        keywords: ['收费标准', '价格'],
      };
    case 'art20_09':
      return {
        title: rng() < 0.5 ? `示例市${y}政府集中采购目录及采购限额标准` : `${project.name}监理服务采购结果公告`,
        summary: '公布政府集中采购目录、限额标准或采购结果。',
        body: p('一、集中采购机构采购项目', '通用的货物、工程和服务，纳入集中采购目录。') + table(['品目', '限额标准'], [['货物类', '100万元以上'], ['服务类', '100万元以上'], ['工程类', '按招标投标法执行']]),
        genre: 'announcement',
        topic: 'finance',
        documentNumber: '',
        keywords: ['政府采购'],
      };
    case 'art20_10': {
      const stage = pick(rng, ['可行性研究报告', '初步设计', '项目建议书']);
      return {
        title: `关于${project.name}${stage}的批复`,
        summary: `批准结果信息：${project.name}（${project.code}）${stage}，总投资${project.invest}。`,
        body:
          p(`${project.name}项目单位：`, `你单位报送的${project.name}${stage}及有关材料收悉。经研究，批复如下：`) +
          table(['项目名称', '项目代码', '审批结果', '批复单位', '总投资'], [[project.name, project.code, '同意', agency.name, project.invest]]) +
          p(`一、项目建设地点：${project.place}。`, '二、建设规模及主要内容按审查意见执行。', '三、请据此抓紧开展下阶段工作，严格执行项目法人责任制、招标投标制、工程监理制和合同管理制。'),
        genre: 'reply',
        topic: 'economy',
        documentNumber: docNo(c, '投'),
        keywords: ['重大建设项目', '批准服务信息', project.name],
        attachment: rng() < 0.5 ? 'pdf' : rng() < 0.3 ? 'png' : (undefined as never),
      };
    }
    case 'art20_11':
      return {
        title: `关于做好${y}${pick(rng, ['城乡居民医疗保险参保缴费', '稳岗就业补贴发放', '困难群众基本生活保障', '义务教育招生入学', '高校毕业生就业服务'])}工作的通知`,
        summary: '部署有关民生政策的落实措施、申请条件和办理渠道。',
        body: p('各县（市、区）有关部门：', '为切实保障和改善民生，现就有关工作通知如下：', '一、明确政策范围和对象。', '二、简化办理流程，推行“一网通办”。', `三、咨询电话：0763-32${int(rng, 10000, 99999)}。`),
        genre: 'notice',
        topic: 'civil_affairs',
        documentNumber: docNo(c),
        keywords: ['民生', '社会保障'],
      };
    case 'art20_12':
      return {
        title: `${c.plan.township ? agency.name.replace('人民政府', '') : '示例市'}${pick(rng, ['突发环境事件', '防汛防旱防风', '重污染天气', '大面积停电事件', '突发地质灾害'])}应急预案（${y}修订）`,
        summary: '明确组织体系、监测预警、应急响应和保障措施。',
        body: p('1 总则', '1.1 编制目的：提高应对突发事件的能力，最大程度减少损失。', '2 组织体系', '3 监测预警', '4 应急响应', '5 后期处置', '6 保障措施'),
        genre: 'work_plan',
        topic: 'public_security',
        documentNumber: docNo(c),
        keywords: ['应急预案'],
        attachment: rng() < 0.3 ? 'pdf' : (undefined as never),
      };
    case 'art20_13': {
      const q = Math.max(1, Math.ceil(c.month / 3) - 1);
      return {
        title: `${y}第${CN_NUM[q]}季度重点排污单位监督性监测结果`,
        summary: `公布${y}第${CN_NUM[q]}季度重点排污单位监督性监测结果和超标情况处理。`,
        body: table(['单位名称', '监测项目', '结果'], COMPANIES.slice(0, 4).map((co) => [co, '化学需氧量、氨氮', rng() < 0.85 ? '达标' : '超标，已立案查处'])),
        genre: 'circular',
        topic: 'construction_environment',
        documentNumber: '',
        keywords: ['监督检查', '排污单位'],
      };
    }
    case 'art20_14':
      return {
        title: `示例市${y}考试录用公务员拟录用人员公示`,
        summary: '公示拟录用人员名单，公示期5个工作日。',
        body: p('根据公务员录用有关规定，经笔试、面试、体检和考察，现将拟录用人员名单予以公示。') + table(['职位', '姓名', '性别', '准考证号'], [['综合管理岗', pick(rng, PEOPLE), pick(rng, ['男', '女']), `4499${int(rng, 100000, 999999)}`]]) + p('公示期间，如有问题，请向市公务员主管部门反映。'),
        genre: 'announcement',
        topic: 'labour_personnel',
        documentNumber: '',
        keywords: ['公务员录用', '公示'],
      };
    case 'art20_15':
      if (c.plan.township) {
        // 村务公开: 村民委员会组织法 Art. 30 is such a law.
        return { title: `${agency.shortName}${year - 1}年度村级财务收支情况公开`, summary: `各村${year - 1}年度集体经济收入、支出和债权债务情况。`, periodEnd: `${year - 1}-12-31`, body: p('依照《中华人民共和国村民委员会组织法》第三十条，现将各村财务收支情况公开如下：') + table(['村', '收入（万元）', '支出（万元）'], VILLAGES.map((v) => [v, String(int(rng, 20, 160)), String(int(rng, 15, 150))])), genre: 'announcement', topic: 'agriculture', documentNumber: '', keywords: ['村务公开', '村级财务'] };
      }
      return {
        title: `关于${area}有关事项的公告`,
        summary: `${area}有关事项公告。`,
        body: p(`根据有关规定，现将${area}有关事项公告如下：`, '一、适用范围。', '二、办理要求。', '特此公告。'),
        genre: 'announcement',
        topic: c.plan.topic,
        documentNumber: docNo(c),
        keywords: [area],
      };
    case 'art21_municipal':
      return { title: `${project.name}施工期间交通组织的通告`, summary: '施工期间交通管制和绕行路线。', body: p(`因${project.name}施工需要，${project.place}部分路段实行交通管制。`, '请过往车辆按指示标志绕行。'), genre: 'public_notice', topic: 'construction_environment', documentNumber: docNo(c), keywords: ['市政建设'] };
    case 'art21_public_service':
      return { title: `示例市${y}基本公共服务实施标准`, summary: '公布基本公共服务项目、对象、标准和支出责任。', body: table(['服务项目', '服务对象', '服务标准'], [['基本公共教育', '适龄儿童', '免除学杂费'], ['基本医疗卫生', '城乡居民', '免费建立健康档案']]), genre: 'opinion', topic: 'health_sport', documentNumber: docNo(c), keywords: ['公共服务'] };
    case 'art21_public_welfare':
      return { title: `${y}示例市慈善项目资金使用情况公告`, summary: '公布公益慈善项目资金募集与使用情况。', body: p('现将慈善项目资金使用情况公告如下。') + table(['项目', '金额（万元）'], [['助学', String(int(rng, 20, 90))], ['助医', String(int(rng, 30, 120))]]), genre: 'announcement', topic: 'civil_affairs', documentNumber: '', keywords: ['公益事业'] };
    case 'art21_land_expropriation':
      if (c.plan.township) {
        const v = pick(rng, VILLAGES);
        return { title: `示例市人民政府征收土地预公告（${agency.shortName}${v}）`, summary: `${v}拟征收集体土地的范围、目的和补偿安置方式（转发）。`, body: p(`为了公共利益的需要，示例市人民政府拟征收${agency.shortName}${v}集体土地${int(rng, 20, 160)}亩。`, '自本公告发布之日起，在拟征收土地范围内暂停办理户口迁入、分户和新增建设。', `对征收土地有意见的，请向${agency.name}或示例市自然资源局反映。`), genre: 'announcement', topic: 'land_energy', documentNumber: '', keywords: ['土地征收', v] };
      }
      return { title: `示例市人民政府征收土地预公告（${project.place}）`, summary: `${project.name}拟征收土地的范围、目的和补偿安置方式。`, body: p(`为了公共利益的需要，因${project.name}建设，拟征收${project.place}集体土地。`, '自本公告发布之日起，在拟征收土地范围内暂停办理户口迁入、分户和新增建设。'), genre: 'announcement', topic: 'land_energy', documentNumber: docNo(c, '征'), keywords: ['土地征收'] };
    case 'art21_housing_expropriation':
      return { title: `关于${project.place}国有土地上房屋征收决定的公告`, summary: '公布房屋征收决定、补偿方案和救济途径。', body: p('根据《国有土地上房屋征收与补偿条例》，市人民政府决定对有关区域房屋实施征收。', '被征收人对征收决定不服的，可依法申请行政复议或提起行政诉讼。'), genre: 'decision', topic: 'construction_environment', documentNumber: docNo(c, '征'), keywords: ['房屋征收'] };
    case 'art21_public_security':
      return { title: `关于${y}春节期间烟花爆竹燃放管理的通告`, summary: '限定烟花爆竹燃放区域和时间。', body: p('为维护公共安全，现就烟花爆竹燃放管理有关事项通告如下。'), genre: 'public_notice', topic: 'public_security', documentNumber: docNo(c), keywords: ['治安管理'] };
    case 'art21_social_assistance':
      if (c.plan.township) {
        const m = c.month;
        return { title: `${agency.shortName}${y}${m}月城乡最低生活保障、特困人员供养对象公示`, summary: `${y}${m}月新增、停发的低保和特困供养对象名单，公示7日。`, body: p('根据《社会救助暂行办法》，经入户调查、民主评议，现将有关对象公示如下：') + table(['村（社区）', '姓名', '类别', '变动'], [[pick(rng, VILLAGES), `${pick(rng, ['王', '李', '陈', '黄'])}某某`, pick(rng, ['农村低保', '城市低保', '特困供养']), pick(rng, ['新增', '停发', '调整'])]]) + p(`公示期内如有异议，请向${agency.shortName}社会事务办公室反映。`), genre: 'announcement', topic: 'civil_affairs', documentNumber: '', keywords: ['社会救助', '最低生活保障'] };
      }
      return { title: `示例市${y}城乡最低生活保障标准调整的通知`, summary: '调整城乡低保标准。', body: table(['类别', '标准（元/人·月）'], [['城市', String(int(rng, 900, 1100))], ['农村', String(int(rng, 700, 900))]]), genre: 'notice', topic: 'civil_affairs', documentNumber: docNo(c), keywords: ['社会救助', '最低生活保障'] };
    case 'art21_rural_policy': {
      const kind = pick(rng, ['耕地地力保护补贴', '稻谷目标价格补贴', '农机购置与应用补贴']);
      return { title: `${agency.shortName}${y}${kind}发放情况公示`, summary: `${y}${kind}的发放对象、面积和金额，按村公示。`, body: p(`根据示例市农业农村局有关通知，现将${agency.shortName}${y}${kind}发放情况公示如下：`) + table(['村', '户数', '面积（亩）', '金额（元）'], VILLAGES.slice(0, 3).map((v) => [v, String(int(rng, 120, 480)), String(int(rng, 800, 3600)), String(int(rng, 60000, 380000))])) + p('公示期7日。对公示内容有异议的，请向镇农业农村办公室反映。'), genre: 'announcement', topic: 'agriculture', documentNumber: '', keywords: ['农业农村政策', kind] };
    }
    case 'art21_farmland_irrigation': {
      const v = pick(rng, VILLAGES);
      const work = pick(rng, ['灌溉渠道清淤维修工程', '山塘除险加固工程', '高标准农田建设项目', '机耕路硬化工程']);
      return { title: `${agency.shortName}${v}${work}建设情况公示`, summary: `${v}${work}的建设内容、投资、施工单位和管护责任人。`, body: table(['项目', '建设内容', '投资（万元）', '管护责任人'], [[`${v}${work}`, `${int(rng, 1, 6)}处、${int(rng, 800, 5000)}米`, String(int(rng, 30, 480)), `${v}村民委员会`]]) + p('工程建成后由村民委员会负责日常管护，镇农业农村办公室负责监督检查。'), genre: 'announcement', topic: 'agriculture', documentNumber: '', keywords: ['农田水利', work] };
    }
    case 'art21_land_contract_transfer': {
      const v = pick(rng, VILLAGES);
      return { title: `${v}土地经营权流转情况公示（${y}第${int(rng, 1, 4)}批）`, summary: `${v}农村土地经营权流转的面积、期限、价格和受让方。`, body: table(['流出方', '受让方', '面积（亩）', '期限', '价格（元/亩·年）'], [[`${v}农户${int(rng, 8, 40)}户`, pick(rng, ['示例市禾丰农业专业合作社', '滨河家庭农场', '示例市绿源农业发展有限公司']), String(int(rng, 50, 600)), `${int(rng, 3, 10)}年`, String(int(rng, 450, 900))]]) + p('流转经双方自愿协商一致，已签订书面合同并报镇农业农村办公室备案。'), genre: 'announcement', topic: 'agriculture', documentNumber: '', keywords: ['土地承包经营权', '流转'] };
    }
    case 'art21_homestead_review':
      return { title: `${agency.shortName}${y}第${int(rng, 1, 6)}批农村宅基地审批结果公示`, summary: '农村村民住宅用地申请的审核、审批结果。', body: p('依据《中华人民共和国土地管理法》第六十二条，经村民小组讨论、村民委员会审查和镇审核，现将审批结果公示如下：') + table(['村', '申请人', '用地面积（㎡）', '结果'], VILLAGES.slice(1, 4).map((v) => [v, `${pick(rng, ['王', '李', '陈', '黄', '林'])}某某`, String(int(rng, 80, 120)), '批准'])) + p('一户一宅，面积不超过本省规定的标准。'), genre: 'announcement', topic: 'land_energy', documentNumber: docNo(c, '宅'), keywords: ['宅基地', '审核'] };
    case 'art21_pooled_funds_labour': {
      const v = pick(rng, VILLAGES);
      return { title: `${v}${y}“一事一议”筹资筹劳方案公示`, summary: `${v}村内道路、水利等公益事业的筹资筹劳项目、标准和经村民会议通过情况。`, body: p(`经${v}村民代表会议讨论通过，${y}“一事一议”筹资筹劳方案如下：`) + table(['项目', '筹资标准（元/人）', '筹劳标准（工日/人）', '受益人口'], [[pick(rng, ['村内道路硬化', '灌溉渠道维修', '村庄亮化']), String(int(rng, 10, 15)), String(int(rng, 1, 3)), String(int(rng, 600, 2200))]]) + p('筹资筹劳不超过省定上限，资金专款专用，年终向村民公布使用情况。'), genre: 'announcement', topic: 'agriculture', documentNumber: '', keywords: ['筹资筹劳', '一事一议'] };
    }
    case 'disclosure_rules':
      return { title: `${agency.name}政府信息公开保密审查制度`, summary: '明确信息发布前的保密审查程序和责任。', body: p('第一条　为规范政府信息公开保密审查工作，制定本制度。', '第二条　拟公开的政府信息，承办股室初审后，由办公室进行保密审查。', '第三条　审查人对审查结论负责。'), genre: 'measures', topic: 'general', documentNumber: '', keywords: ['保密审查', '政府信息公开'] };
    case 'annual_report':
      throw new Error('annual reports are generated apart');
    case 'work_news': {
      const event = pick(rng, NEWS_EVENTS);
      return { title: `${agency.shortName}${event}`, summary: `${agency.shortName}${event}。`, body: p(`近日，${agency.shortName}${event}。${pick(rng, PEOPLE)}出席并讲话。`, '会议强调，要统一思想、压实责任，确保各项任务落到实处。'), genre: 'news', topic: c.plan.topic, documentNumber: '', keywords: ['政务动态'], attachment: rng() < 0.15 ? 'png' : (undefined as never) };
    }
    case 'personnel':
      return { title: `${agency.shortName}干部任前公示`, summary: '拟任职干部任前公示。', body: p('根据干部选拔任用有关规定，现将拟任职人员予以公示。') + table(['姓名', '拟任职务'], [[pick(rng, PEOPLE), `${pick(rng, ['办公室', '规划科', '综合科'])}科长`]]) + p('公示期为5个工作日。'), genre: 'announcement', topic: 'labour_personnel', documentNumber: '', keywords: ['人事信息', '任前公示'] };
    case 'notices':
      return { title: `关于开展${y}${area}检查的通知`, summary: `部署${y}${area}检查工作。`, body: p('各有关单位：', `为做好${area}工作，决定开展专项检查。`, '一、检查时间。', '二、检查内容。', '三、工作要求。'), genre: 'notice', topic: c.plan.topic, documentNumber: docNo(c, '函'), keywords: ['通知公告'] };
    case 'policy_interpretation':
      return interpretation(agency, area, '', c.plan.topic);
    case 'other':
    default:
      return { title: `${agency.shortName}${y}政务服务事项目录`, summary: '公布本机关政务服务事项目录。', body: p('现将本机关政务服务事项目录公布如下。'), genre: 'other', topic: 'general', documentNumber: '', keywords: ['政务服务'] };
  }
}

// ---------------------------------------------------------------- columns filled or not applicable

/** A 行政处罚、行政强制 or licence list: the 依据、条件、程序 Art. 20(五)(六) ask for, whether or not a decision was made. */
function powersDoc(agency: { name: string }, heading: string, rows: [string, string, string][], keywords: string[]): Doc {
  return {
    title: `${agency.name}${heading}`,
    summary: `${agency.name}${heading}：事项名称、设定依据和办理（实施）程序。`,
    body: p(`现将${agency.name}${heading}公布如下，接受社会监督。`) + table(['事项名称', '设定依据', '程序'], rows),
    genre: 'other',
    topic: 'general',
    documentNumber: '',
    keywords,
  };
}

/** 部门预算 and 部门决算 with the tables and notes every budget unit publishes. */
function budgetDoc(agency: { name: string }, kind: '部门预算' | '部门决算', year: number, rng: Rng): Doc {
  const total = int(rng, 600, 4800);
  const grant = Math.round(total * 0.9);
  return {
    title: `${agency.name}${year}年${kind}公开`,
    summary: `${agency.name}${year}年${kind}：收支总表、财政拨款收支表、“三公”经费和情况说明。`,
    body:
      p(`一、${year}年${kind}收支总体情况`, `${year}年收入总计${total}万元，支出总计${total}万元。`) +
      table(['项目', '金额（万元）'], [['一般公共预算财政拨款', String(grant)], ['其他收入', String(total - grant)]]) +
      p('二、“三公”经费情况说明', `因公出国（境）费0万元；公务接待费${(rng() * 3).toFixed(2)}万元；公务用车运行维护费${(rng() * 8).toFixed(2)}万元。`, '三、名词解释'),
    genre: 'report',
    topic: 'finance',
    documentNumber: '',
    keywords: [kind, '预决算公开', '三公经费'],
    attachment: 'pdf',
  };
}

/**
 * Items added so that every column an agency keeps is filled truthfully: the
 * budget units' 部门预算 (each spring) and 部门决算 (each summer), the powers lists
 * of the bureaus that enforce, the statistics that agencies issue. The finance
 * bureau's own 预决算 come from its plan.
 */
function extraItems(agencies: DemoAgencyRow[], cal: Calendar, end: IsoDate, rng: Rng): Item[] {
  const out: Item[] = [];
  const idx = (slug: string) => agencies.findIndex((a) => a.slug === slug);
  const add = (slug: string, category: DisclosureCategory, date: string, doc: Doc) => {
    const agencyIdx = idx(slug);
    const publishedOn = workdayOnOrBefore(cal, date as IsoDate);
    if (agencyIdx >= 0 && publishedOn <= end) out.push({ agencyIdx, category, publishedOn, doc, rng });
  };
  for (const [n, slug] of ['fgj', 'sthjj', 'zfb', 'bhz'].entries()) {
    const a = agencies[idx(slug)];
    if (!a) continue;
    for (const y of [2024, 2025, 2026]) {
      add(slug, 'art20_07', `${y}-03-${String(4 + n * 2).padStart(2, '0')}`, budgetDoc(a, '部门预算', y, rng));
      add(slug, 'art20_07', `${y}-08-${String(12 + n * 2).padStart(2, '0')}`, budgetDoc(a, '部门决算', y - 1, rng));
    }
  }
  const fgj = agencies[idx('fgj')];
  if (fgj) {
    add('fgj', 'art20_06', '2024-04-15', powersDoc(fgj, '行政处罚、行政强制事项清单', [
      ['对未按规定进行节能审查或者节能审查未通过擅自开工建设的处罚', '《固定资产投资项目节能审查办法》', '立案、调查取证、告知、听取陈述申辩（听证）、决定、送达'],
      ['对招标投标活动中违法行为的处罚', '《中华人民共和国招标投标法》', '立案、调查取证、告知、听取陈述申辩（听证）、决定、送达'],
    ], ['行政处罚', '权责清单']));
  }
  const czj = agencies[idx('czj')];
  if (czj) {
    add('czj', 'art20_05', '2024-05-20', powersDoc(czj, '代理记账资格审批办事指南', [
      ['代理记账资格审批', '《中华人民共和国会计法》第三十六条，《代理记账管理办法》', '申请、受理、审查、决定（10个工作日内）、颁发许可证书'],
    ], ['行政许可', '代理记账']));
    add('czj', 'art20_06', '2024-04-16', powersDoc(czj, '行政处罚、行政强制事项清单', [
      ['对违反会计法行为的处罚', '《中华人民共和国会计法》第四十二条', '立案、调查取证、告知、听取陈述申辩（听证）、决定、送达'],
      ['对政府采购当事人违法行为的处罚', '《中华人民共和国政府采购法》第七十一条至第七十七条', '立案、调查取证、告知、听取陈述申辩（听证）、决定、送达'],
    ], ['行政处罚', '权责清单']));
  }
  for (const y of [2024, 2025]) {
    const sthjj = agencies[idx('sthjj')];
    if (sthjj) {
      add('sthjj', 'art20_04', `${y}-06-18`, {
        title: `示例市${y - 1}年生态环境统计年报`,
        summary: `${y - 1}年全市工业源、生活源污染物排放和治理情况统计。`,
        body: table(['指标', '单位', '数值'], [['化学需氧量排放量', '吨', String(int(rng, 8000, 16000))], ['氨氮排放量', '吨', String(int(rng, 600, 1800))], ['二氧化硫排放量', '吨', String(int(rng, 2000, 7000))]]),
        genre: 'report', topic: 'construction_environment', documentNumber: '', keywords: ['生态环境统计', '统计信息'],
      });
    }
  }
  for (const y of [2024, 2025, 2026]) {
    const zfb = agencies[idx('zfb')];
    if (zfb) {
      add('zfb', 'art20_04', `${y}-03-20`, {
        title: `示例市${y - 1}年国民经济和社会发展统计公报`,
        summary: `${y - 1}年全市经济社会发展主要指标。`,
        body: table(['指标', `${y - 1}年`, '比上年增长（%）'], [['地区生产总值（亿元）', String(int(rng, 2100, 2600)), (4 + rng() * 2).toFixed(1)], ['常住人口（万人）', String(int(rng, 260, 270)), '—'], ['居民人均可支配收入（元）', String(int(rng, 36000, 42000)), (4 + rng() * 2).toFixed(1)]]),
        genre: 'bulletin', topic: 'economy', documentNumber: '', keywords: ['统计公报', '国民经济和社会发展'],
      });
    }
  }
  return out;
}

const NOT_ANSWERED_HERE = {
  recruitment: '公务员考试录用由市公务员主管部门统一组织并公开，本机关不单独招考',
  inspection: '本机关不承担环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查职责',
  procurement: '政府集中采购目录和标准由市财政局公开，本机关无集中采购项目实施情况需单独公开',
  projects: '重大建设项目的批准和实施情况由市发展和改革局等审批部门公开',
};
const CITY_ART21_ELSEWHERE: Partial<Record<DisclosureCategory, string>> = {
  art21_municipal: '市政建设信息由市人民政府及市住房和城乡建设局公开',
  art21_public_service: '基本公共服务实施标准由市人民政府统一公开',
  art21_public_welfare: '本机关不承担公益事业管理职责',
  art21_land_expropriation: '土地征收信息由市人民政府公开',
  art21_housing_expropriation: '房屋征收信息由市人民政府公开',
  art21_public_security: '本机关不承担治安管理职责',
  art21_social_assistance: '社会救助政策和实施情况由市人民政府及市民政局公开',
};

/**
 * Statutory columns that do not apply to a demo agency, with the reason its
 * administrator gives (shown to the public as 本栏目不适用). Every other column
 * the agency keeps has items, so no agency has a blank column.
 */
export const DEMO_NOT_APPLICABLE: Record<string, Partial<Record<DisclosureCategory, string>>> = {
  fgj: { art20_13: NOT_ANSWERED_HERE.inspection, art20_14: NOT_ANSWERED_HERE.recruitment, ...CITY_ART21_ELSEWHERE },
  czj: {
    art20_03: '国民经济和社会发展规划由市发展和改革局公开',
    art20_10: NOT_ANSWERED_HERE.projects,
    art20_12: '本机关未牵头制定专项应急预案',
    art20_13: NOT_ANSWERED_HERE.inspection,
    art20_14: NOT_ANSWERED_HERE.recruitment,
    ...CITY_ART21_ELSEWHERE,
  },
  sthjj: {
    art20_08: '本机关无行政事业性收费项目',
    art20_09: NOT_ANSWERED_HERE.procurement,
    art20_10: '本机关不审批重大建设项目；建设项目环境影响评价审批结果在“行政许可”栏目公开',
    art20_11: '本机关不承担扶贫、教育、医疗、社会保障、促进就业等方面的职责',
    art20_14: NOT_ANSWERED_HERE.recruitment,
    ...CITY_ART21_ELSEWHERE,
  },
  zfb: {
    art20_05: '行政许可和其他对外管理服务事项由各审批部门在本部门栏目公开',
    art20_06: '本级人民政府不直接实施行政处罚、行政强制，各执法部门在本部门栏目公开',
    art20_08: '行政事业性收费目录清单由市财政局、市发展和改革局公开',
    art20_09: NOT_ANSWERED_HERE.procurement,
    art20_10: NOT_ANSWERED_HERE.projects,
    art20_13: '监督检查情况由市生态环境局等监管部门在本部门栏目公开',
  },
  bhz: {
    art20_01: '本镇未制发行政规范性文件',
    art20_03: '本镇不单独编制国民经济和社会发展规划，执行示例市规划',
    art20_04: '统计信息由示例市统计局统一发布',
    art20_05: '本镇无行政许可事项；宅基地审核情况见“宅基地使用情况审核”栏目',
    art20_06: '本镇未实施行政处罚、行政强制',
    art20_08: '本镇无行政事业性收费项目',
    art20_09: '本镇无政府集中采购项目',
    art20_10: '本镇无重大建设项目审批权限',
    art20_11: '扶贫、教育、医疗、社会保障、促进就业政策由示例市有关部门公开；本镇的社会救助信息见“社会救助”栏目',
    art20_13: '监督检查情况由示例市有关监管部门公开',
    art20_14: NOT_ANSWERED_HERE.recruitment,
    art21_housing_expropriation: '本镇辖区内无国有土地上房屋征收项目；集体土地上的房屋补偿随土地征收信息公开',
  },
};

// ---------------------------------------------------------------- dates

/** A China-time instant on a working day, during office hours. */
function officeInstant(rng: Rng, date: IsoDate): string {
  const minutes = 9 * 60 + int(rng, 0, 8 * 60);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return new Date(`${date}T${hh}:${mm}:${String(int(rng, 0, 59)).padStart(2, '0')}+08:00`).toISOString();
}

function workdayOnOrBefore(cal: Calendar, d: IsoDate): IsoDate {
  let x = d;
  while (!isWorkday(cal, x).working) x = addDays(x, -1);
  return x;
}

/** The working day `n` working days before `d`. */
function workdaysBefore(cal: Calendar, d: IsoDate, n: number): IsoDate {
  let x = d;
  while (countWorkdays(cal, x, d, { details: false }).count < n) x = addDays(x, -1);
  return x;
}

// ---------------------------------------------------------------- writing

interface Item {
  agencyIdx: number;
  category: DisclosureCategory;
  publishedOn: IsoDate;
  doc: Doc;
  /** 成文/形成日期, set by `settleDates` once every item is chosen. */
  formedDate?: IsoDate;
  /** The year of an annual report the annual-reports feature writes from the records so far. */
  generatedReport?: number;
  /**
   * Randomness for recording it (lag, time of day, revision): items added after the
   * first catalog (the township's, the budget units' 预决算) draw on their own, so the
   * city's items come out as they always have.
   */
  rng?: Rng;
}

interface DemoAgencyRow {
  id: number;
  slug: string;
  code: string;
  name: string;
  shortName: string;
  departments: { id: number; name: string }[];
  reviewerName: string;
  reviewerId: number | null;
}

async function demoActors(db: DbOrTrx, agencyId: number): Promise<Record<AgencyRole, Actor>> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.userId')
    .select(['u.id', 'u.username', 'u.displayName', 'u.platformAdmin', 'm.role', 'm.departmentId'])
    .where('m.agencyId', '=', agencyId)
    .execute();
  const out: Partial<Record<AgencyRole, Actor>> = {};
  for (const r of rows) {
    out[r.role as AgencyRole] ??= {
      userId: r.id,
      username: r.username,
      displayName: r.displayName,
      platformAdmin: false,
      memberships: [{ agencyId, role: r.role as AgencyRole, departmentId: r.departmentId }],
      via: 'cli',
    };
  }
  return out as Record<AgencyRole, Actor>;
}

/** Picks a category from weighted choices. */
function weighted(rng: Rng, choices: [DisclosureCategory, number][]): DisclosureCategory {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let x = rng() * total;
  for (const [c, w] of choices) {
    x -= w;
    if (x < 0) return c;
  }
  return choices[choices.length - 1]![0];
}

/**
 * Each item's 成文/形成日期 and its 文号. Most items go out well within their period (20
 * working days of being formed, or the shorter period another law sets for budgets and
 * 许可/处罚 decisions); about one in twenty-five is late. An item is never formed before the
 * period it reports on has ended. Then the 文号 of each agency, 发文字号 and year run 1, 2, 3 …
 * in the order the documents were formed, as a 发文登记 numbers them.
 */
function settleDates(items: Item[], cal: Calendar, rng: Rng): void {
  for (const item of items) {
    const rule = periodRuleOf(item.category);
    const lag = rng() < 0.04 ? int(rng, 22, 30) : int(rng, 1, rule.kind === 'wd_from_formed' ? 12 : 5);
    let formed = workdaysBefore(cal, item.publishedOn, lag);
    const periodEnd = item.doc.periodEnd as IsoDate | undefined;
    if (periodEnd && formed <= periodEnd) {
      formed = addDays(periodEnd, 1);
      while (!isWorkday(cal, formed).working) formed = addDays(formed, 1);
      if (formed > item.publishedOn) formed = item.publishedOn;
    }
    item.formedDate = formed;
  }
  const numbered = items.filter((i) => /〔\d{4}〕\d+号$/.test(i.doc.documentNumber));
  numbered.sort((a, b) => compareDates(a.formedDate!, b.formedDate!) || compareDates(a.publishedOn, b.publishedOn) || a.agencyIdx - b.agencyIdx);
  const next = new Map<string, number>();
  for (const item of numbered) {
    const m = /^(.*)〔(\d{4})〕\d+号$/.exec(item.doc.documentNumber)!;
    // The year in a 文号 is the year the document was issued.
    const year = item.formedDate!.slice(0, 4);
    const key = `${item.agencyIdx}|${m[1]}|${year}`;
    const n = (next.get(key) ?? 0) + 1;
    next.set(key, n);
    item.doc = { ...item.doc, documentNumber: `${m[1]}〔${year}〕${n}号` };
  }
}

/**
 * A 政策解读 explains a 管理办法 the same agency has issued, on or before the day it is
 * published, one interpretation per 办法; one with nothing left to explain is left out.
 */
function pairInterpretations(items: Item[], agencies: DemoAgencyRow[]): void {
  const explained = new Set<string>();
  const drop = new Set<Item>();
  for (const item of items) {
    if (item.category !== 'policy_interpretation') continue;
    const sources = items.filter((x) => x.agencyIdx === item.agencyIdx && x.category === 'art20_01' && x.doc.area && x.publishedOn <= item.publishedOn);
    const source = sources.reverse().find((x) => !explained.has(`${x.agencyIdx}|${x.doc.area}`));
    const agency = agencies[item.agencyIdx]!;
    if (source) {
      explained.add(`${source.agencyIdx}|${source.doc.area}`);
      item.doc = { ...interpretation(agency, source.doc.area!, source.doc.documentNumber, item.doc.topic), attachment: item.doc.attachment as never };
    } else if (explained.has(`${item.agencyIdx}|${item.doc.area}`) || items.some((x) => x.agencyIdx === item.agencyIdx && x.category === 'art20_01' && x.doc.area === item.doc.area)) {
      drop.add(item);
    } else {
      explained.add(`${item.agencyIdx}|${item.doc.area}`);
    }
  }
  for (let i = items.length - 1; i >= 0; i--) if (drop.has(items[i]!)) items.splice(i, 1);
}

/** What the development bureau's office enters for the figures the platform does not hold, with their sources. */
const REPORT_INPUTS = (licensing: number, penalties: number): ReportInputs => ({
  licensing: { value: licensing, source: '投资审批科报送（投资项目在线审批监管平台导出）' },
  penalties: { value: penalties, source: '政策法规科报送（行政执法信息平台导出）' },
  enforcement: { value: 0, source: '政策法规科报送：本年未实施行政强制' },
  fees: { value: 0, source: '财务室报送：本机关不收取行政事业性收费' },
});

/** The parts of the narrative the records cannot write, as the bureau's office wrote them. */
const REPORT_PROSE: [RegExp, string][] = [
  [/（三）人大代表建议和政协提案办理结果公开情况。【请填写】/, '（三）人大代表建议和政协提案办理结果公开情况。本年承办市人大代表建议和政协提案共12件，均已按期办结，办理复文已按规定公开。'],
  [/（四）(\d{4})年度政务公开工作要点落实情况。【请填写】/, '（四）$1年度政务公开工作要点落实情况。已按照全市政务公开工作要点的分工逐项落实，相关信息在本机关政府信息公开专栏公开。'],
  [/【请补充本年度信息管理工作】/, '全年对现行有效的规范性文件逐件标注有效性，对已废止、失效的文件在原发布页面作出提示；建立信息发布前“股室初审、办公室审核、分管领导审批”三级审核机制，未发现泄密和侵犯个人隐私情况。'],
  [/【请补充本年度平台建设情况】/, '按照全市统一的政府信息公开目录体系调整栏目设置，对空白栏目说明原因，页面提供繁体、拼音、大字和高对比度阅读模式。'],
  [/【请补充培训、考核、社会评议等情况】/, '全年组织政务公开业务培训2次，参训80余人次；将政务公开工作纳入股室年度考核，并在门户网站开设意见征集入口接受社会评议。'],
  [/【请填写\d{4}年度报告所列问题的整改情况】/, '针对上年度报告指出的部分栏目更新不及时问题，已明确每个栏目的责任股室和更新时限，并每季度开展一次自查。'],
  [/【请填写】/, '一是部分政策解读形式较为单一，图解、问答等形式运用不够；二是重大建设项目批准和实施信息的公开还不够全面。'],
  [/【请填写】/, '下一步，将丰富政策解读形式，推行文件与解读同步起草、同步审签、同步发布；按照项目全生命周期梳理重大建设项目信息公开要点，逐项落实公开责任。'],
];

/**
 * An annual report as the annual-reports feature writes it: the year's figures from the
 * records recorded so far (the catalog's items; the entered 许可、处罚 counts taken from the
 * same records), the narrative drafted from them with last year's beside them, and the
 * prompts it leaves filled in. Returns the body, and the row the feature keeps for the year.
 */
async function generatedReport(db: Db, agency: { id: number; name: string }, year: number) {
  const count = async (category: DisclosureCategory) =>
    (await listPublished(db, { agencyId: agency.id, categories: [category], year, page: 1, pageSize: 1, sort: 'date' })).total;
  const inputs = REPORT_INPUTS(await count('art20_05'), await count('art20_06'));
  const now = await fromRecords(db, agency.id, year, inputs);
  const before = await fromRecords(db, agency.id, year - 1, REPORT_INPUTS(0, 0));
  const draft = draftNarrative(agency.name, now.facts, before.facts);
  const fill = (text: string) => REPORT_PROSE.reduce((t, [re, prose]) => t.replace(re, prose), text);
  const narrative: Narrative = { overview: fill(draft.overview), problems: fill(draft.problems), other: fill(draft.other) };
  return {
    body: reportBodyHtml(year, now.figures, narrative),
    summary: `${agency.name}${year}年度政府信息公开工作情况，包括主动公开、依申请公开、行政复议和行政诉讼等情况及存在的问题和改进措施。`,
    row: { format: '2021', origin: 'platform', figuresJson: JSON.stringify(now.figures), inputsJson: JSON.stringify(inputs), narrativeJson: JSON.stringify(narrative), proactiveTotal: null },
  };
}

/** The text of a demo attachment: the item's summary and body as plain paragraphs. */
function attachmentText(d: Doc): string[] {
  const text = d.body
    .replace(/<\/(p|h2|tr)>/g, '\n')
    .replace(/<\/t[dh]>/g, '　')
    .replace(/<[^>]+>/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return [d.summary, ...text];
}

export interface PublicationDemoResult {
  published: number;
  inWorkflow: number;
}

export async function seedPublications(platformDb: Db, opts: PublicationDemoOptions = {}): Promise<PublicationDemoResult> {
  // The demo's "today" is the clock's today for everything seeded, so a fixed day
  // gives the same catalog (and a schedule two days ahead stays ahead) whenever it runs.
  const db = opts.today ? withClock(platformDb, clockFrom(chinaInstant(opts.today, '10:00'))) : platformDb;
  const rng = mulberry32(20240101);
  const cal = await getCalendar(db);
  const today = todayOf(db);
  const start: IsoDate = '2024-01-02';
  // Published items stop a week before today, so the newest work sits in the queues.
  const end = workdayOnOrBefore(cal, compareDates(addDays(today, -7), '2026-11-20') < 0 ? addDays(today, -7) : '2026-11-20');
  const span = Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000);

  const agencies: DemoAgencyRow[] = [];
  for (const plan of PLANS) {
    const a = await db.selectFrom('agencies').select(['id', 'slug', 'code', 'name', 'shortName']).where('slug', '=', plan.slug).executeTakeFirstOrThrow();
    const departments = await db.selectFrom('departments').select(['id', 'name']).where('agencyId', '=', a.id).orderBy('sortOrder').execute();
    const reviewer = await db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.userId')
      .select(['u.id', 'u.displayName'])
      .where('m.agencyId', '=', a.id)
      .where('m.role', '=', 'office_reviewer')
      .executeTakeFirst();
    agencies.push({ ...a, departments, reviewerName: reviewer?.displayName ?? '办公室', reviewerId: reviewer?.id ?? null });
  }

  // 1. Choose every item: category, publication day, text.
  const items: Item[] = [];
  const counters = new Map<string, number>();
  const perAgency = [118, 96, 92, 104, 70];
  const extraRng = mulberry32(20261205);
  for (const [ai, plan] of PLANS.entries()) {
    const agency = agencies[ai]!;
    const r = plan.township ? extraRng : rng;
    const titles = new Set<string>();
    const choices: [DisclosureCategory, number][] = [...plan.focus, ...COMMON];
    // Every category the agency carries appears at least once.
    const cats: DisclosureCategory[] = choices.map(([c]) => c);
    while (cats.length < perAgency[ai]!) cats.push(weighted(r, choices));
    for (const category of cats) {
      // The environment bureau lets its news column go quiet in the last weeks: column health has something to show.
      const spanFor = plan.slug === 'sthjj' && category === 'work_news' ? span - 45 : span;
      const publishedOn = workdayOnOrBefore(cal, addDays(start, Math.floor(r() * spanFor)));
      const year = Number(publishedOn.slice(0, 4));
      const key = `${plan.slug}-${year}`;
      const ctx: Ctx = {
        rng: r,
        agency,
        plan,
        year,
        month: Number(publishedOn.slice(5, 7)),
        no: () => {
          const n = (counters.get(key) ?? 0) + 1;
          counters.set(key, n);
          return n;
        },
      };
      // No item twice: a title the agency has already used is drawn again, and left out if it keeps coming back.
      let doc = generate(category, ctx);
      for (let tries = 0; titles.has(doc.title) && tries < 6; tries++) doc = generate(category, ctx);
      if (titles.has(doc.title)) continue;
      titles.add(doc.title);
      items.push({ agencyIdx: ai, category, publishedOn, doc, ...(plan.township ? { rng: r } : {}) });
    }
    // One annual report per year, published in the second half of January (before the 31 January deadline).
    for (const y of [2023, 2024, 2025]) {
      const on = workdayOnOrBefore(cal, `${y + 1}-01-${String(int(r, 15, 28)).padStart(2, '0')}` as IsoDate);
      if (on > end) continue;
      items.push({
        agencyIdx: ai,
        category: 'annual_report',
        publishedOn: on,
        // The development bureau's report on the last complete year is generated by the annual-reports feature.
        ...(plan.slug === 'fgj' && y === Number(today.slice(0, 4)) - 1 ? { generatedReport: y } : {}),
        doc: {
          title: `${agency.name}${y}年政府信息公开工作年度报告`,
          summary: `${agency.name}${y}年政府信息公开工作情况：主动公开、依申请公开、复议诉讼、存在问题及改进情况。`,
          body:
            p(`本报告根据《中华人民共和国政府信息公开条例》第五十条和国办公开办函〔2021〕30号要求编制。`, '一、总体情况', `${y}年，${agency.shortName}深入贯彻落实《条例》，主动公开政府信息${int(r, 80, 260)}条。`, '二、主动公开政府信息情况') +
            table(['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'], [['规章', '0', '0', '0'], ['行政规范性文件', String(int(r, 0, 6)), String(int(r, 0, 2)), String(int(r, 5, 30))]]) +
            p('三、收到和处理政府信息公开申请情况', `本年新收政府信息公开申请${int(r, 3, 40)}件，均在法定期限内答复。`, '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项'),
          genre: 'report',
          topic: 'general',
          documentNumber: '',
          keywords: ['年度报告', '政府信息公开'],
          attachment: 'pdf',
          periodEnd: `${y}-12-31`,
        },
        ...(plan.township ? { rng: r } : {}),
      });
    }
  }
  items.push(...extraItems(agencies, cal, end, extraRng));
  items.sort((a, b) => compareDates(a.publishedOn, b.publishedOn) || a.agencyIdx - b.agencyIdx);
  settleDates(items, cal, mulberry32(20261206));
  pairInterpretations(items, agencies);

  // 2. Record them, oldest first, through the publications service's recording path: the
  // same revision snapshot, index-number allocation (in publication order), audit event
  // and search indexing as an item the office publishes, each dated its own day.
  const published: { id: number; agencyIdx: number; category: DisclosureCategory; publishedOn: IsoDate; revisionId: number; title: string; departmentId: number | null }[] = [];
  const reviewers = await Promise.all(agencies.map((a) => demoActors(db, a.id)));
  await inTransaction(db, async (trx) => {
    for (const item of items) {
      const agency = agencies[item.agencyIdx]!;
      const r = item.rng ?? rng;
      const plan = PLANS[item.agencyIdx]!;
      const reviewer = reviewers[item.agencyIdx]!.office_reviewer;
      // Most items go out well within their period (20 working days of being formed, or the
      // shorter period another law sets for budgets and 许可/处罚 decisions); about one in twenty-five is late.
      const rule = periodRuleOf(item.category);
      const formedDate = item.formedDate!;
      const publishedAt = officeInstant(r, item.publishedOn);
      const dept = agency.departments[pick(r, plan.editors)] ?? agency.departments[0];
      const revised = item.category !== 'annual_report' && r() < 0.06;
      const revisedOn = revised ? workdayOnOrBefore(cal, addDays(item.publishedOn, int(r, 3, 40))) : null;
      const revisedAt = revisedOn && revisedOn <= end ? officeInstant(r, revisedOn) : null;
      let d = item.doc;
      const on0 = withClock(trx as unknown as Db, fixedClock(publishedAt));
      const generated = item.generatedReport ? await generatedReport(on0, agency, item.generatedReport) : null;
      if (generated) d = { ...d, body: generated.body, summary: generated.summary, attachment: undefined as never };
      const issuers = [{ agencyId: agency.id, name: agency.name }];
      if (item.category === 'art20_01' && agency.slug === 'zfb' && r() < 0.3) issuers.push({ agencyId: agencies[0]!.id, name: agencies[0]!.name });
      const on = withClock(trx as unknown as Db, fixedClock(publishedAt));
      const draft = await insertDraftIn(on, reviewer, {
        agencyId: agency.id,
        departmentId: dept?.id ?? null,
        title: d.title,
        summary: d.summary,
        body: revisedAt ? d.body.replace('</p>', '（原稿）</p>') : d.body,
        documentNumber: d.documentNumber,
        writtenDate: formedDate,
        formedDate,
        approvedOn: rule.kind === 'days_from_approval' ? formedDate : null,
        category: item.category,
        topic: d.topic,
        genre: d.genre,
        keywords: d.keywords.join('、'),
        documentKind: item.category === 'art20_01' ? 'normative' : 'other',
        issuers,
      });
      if (generated) {
        const now = nowOf(on);
        await reportRepo.insertReport(on, {
          ...generated.row,
          agencyId: agency.id,
          year: item.generatedReport!,
          publicationId: draft.id,
          generatedAt: now,
          createdAt: now,
          updatedAt: now,
          updatedByName: reviewer.displayName ?? '',
        });
      }
      if (d.attachment) {
        const bytes =
          d.attachment === 'pdf'
            ? chinesePdf(d.title, [...attachmentText(d), `${agency.name}`, `${item.formedDate!.slice(0, 4)}年${Number(item.formedDate!.slice(5, 7))}月${Number(item.formedDate!.slice(8, 10))}日`])
            : minimalPng(96, 48, [int(r, 20, 200), int(r, 20, 200), int(r, 20, 200)]);
        const name = d.attachment === 'pdf' ? `${d.title.slice(0, 40)}.pdf` : `${d.title.slice(0, 20)}（现场图片）.png`;
        const checked = checkUpload(bytes, name, Number.MAX_SAFE_INTEGER);
        if (opts.dataDir) storeFile(opts.dataDir, checked.sha256, bytes);
        await attachRecordedIn(on, reviewer, draft, checked);
      }
      let row = await publishRecordedIn(on, reviewer, draft, {
        review: { reviewer, reviewerRole: '办公室审核', confidentiality: 'cleared', comment: '经保密审查，同意公开' },
      });
      if (revisedAt) {
        const change = pick(r, ['更正附件中的数据', '更正文号', '补充联系方式', '修改个别文字表述']);
        row = await republishRecordedIn(on, reviewer, row, { body: d.body, changeNote: change }, new Date(revisedAt));
      }
      published.push({ id: row.id, agencyIdx: item.agencyIdx, category: item.category, publishedOn: item.publishedOn, revisionId: row.currentRevisionId!, title: d.title, departmentId: dept?.id ?? null });
    }

    // 3. 有效性: older normative documents are abolished by newer ones of the same agency, older plans expire.
    const current = async (id: number) => (await findForRecording(trx, id))!;
    for (const ai of PLANS.keys()) {
      const docs = published.filter((x) => x.agencyIdx === ai && x.category === 'art20_01');
      for (let i = 0; i + 2 < docs.length; i += 3) {
        const old = docs[i]!;
        const replacement = docs[docs.length - 1 - (i % 2)]!;
        if (replacement.id === old.id || replacement.publishedOn <= old.publishedOn) continue;
        await setValidityRecordedIn(trx, SYSTEM_ACTOR, await current(old.id), {
          validity: 'abolished',
          date: replacement.publishedOn,
          replacedById: replacement.id,
          note: `演示数据：标注废止，由“${replacement.title}”替代`,
        });
      }
      for (const plan of published.filter((x) => x.agencyIdx === ai && x.category === 'art20_03' && x.publishedOn < '2025-01-01').slice(0, 2)) {
        await setValidityRecordedIn(trx, SYSTEM_ACTOR, await current(plan.id), { validity: 'expired', date: '2025-12-31', note: '演示数据：规划期满失效' });
      }
    }
    // A few withdrawals, with reasons.
    const reasons = ['信息中含有未经脱敏的个人信息，撤回后处理', '文件已被上级部门要求暂缓执行', '内容与已发布信息重复', '发布栏目有误，已在正确栏目重新发布'];
    for (const [i, x] of published.filter((x) => !PLANS[x.agencyIdx]!.township && (x.category === 'notices' || x.category === 'art20_15')).slice(0, 4).entries()) {
      const at = officeInstant(rng, workdayOnOrBefore(cal, addDays(x.publishedOn, 2)));
      await withdrawRecordedIn(trx, SYSTEM_ACTOR, await current(x.id), reasons[i]!, new Date(at));
    }
  });

  // 4. Work in progress, through the real service, so every queue has something in it.
  const fgj = agencies[0]!;
  const czj = agencies[1]!;
  const actors = await demoActors(db, fgj.id);
  const czjActors = await demoActors(db, czj.id);
  // Both bureaus ask for leader approval, so the path a newcomer walks with the demo-… accounts is 股室 → 办公室 → 领导.
  await db.updateTable('agencies').set({ requiresLeaderApproval: 1 }).where('id', 'in', [fgj.id, czj.id]).execute();
  const files = opts.dataDir ? { dataDir: opts.dataDir } : {};
  let inWorkflow = 0;
  const draft = async (actor: Actor, raw: Record<string, unknown>) => {
    inWorkflow++;
    return service.createDraft(db, actor, raw);
  };
  // Work in progress takes the 文号 after the last one issued this year.
  let draftNo = Math.max(0, ...items.map((i) => new RegExp(`^示发改投〔${today.slice(0, 4)}〕(\\d+)号$`).exec(i.doc.documentNumber)).map((m) => (m ? Number(m[1]) : 0)));
  const base = (project: (typeof PROJECTS)[number], formed: IsoDate | null) => ({
    title: `关于${project.name}初步设计的批复`,
    summary: `批准结果信息：${project.name}（${project.code}）初步设计，总投资${project.invest}。`,
    body: p(`${project.name}项目单位：`, '你单位报送的初步设计及概算收悉。经审查，原则同意。') + table(['项目名称', '项目代码', '审批结果'], [[project.name, project.code, '同意']]),
    documentNumber: `示发改投〔${today.slice(0, 4)}〕${++draftNo}号`,
    writtenDate: formed,
    formedDate: formed,
    category: 'art20_10',
    topic: 'economy',
    genre: 'reply',
    keywords: ['重大建设项目', '初步设计'],
  });
  const editor = actors.department_editor;
  const reviewer = actors.office_reviewer;
  // Drafts: one overdue already, one nearly due, one without its dates.
  await draft(editor, base(PROJECTS[8], workdaysBefore(cal, today, 26)));
  await draft(editor, base(PROJECTS[9], workdaysBefore(cal, today, 17)));
  await draft(editor, { title: '关于开展2026年度节能审查专项检查的通知（草稿）', category: 'notices', topic: 'economy', genre: 'notice', body: p('各有关单位：', '为加强节能审查事中事后监管……') });
  // Returned to the editor with the reviewer's comment.
  const returned = await draft(editor, base(PROJECTS[4], workdaysBefore(cal, today, 8)));
  await service.transition(db, editor, returned.id, { action: 'submit' }, files);
  await service.transition(db, reviewer, returned.id, { action: 'reject', comment: '批复文号与发文登记不一致，请核对后重新提交；附件缺少概算表。' }, files);
  // Waiting for the office: one carries personal data the screening finds.
  const waiting = await draft(editor, base(PROJECTS[6], workdaysBefore(cal, today, 3)));
  await service.transition(db, editor, waiting.id, { action: 'submit', comment: '请审核' }, files);
  const withData = await draft(editor, {
    ...base(PROJECTS[1], workdaysBefore(cal, today, 19)),
    title: '示例大道快速化改造工程征收补偿公示',
    category: 'art20_10',
    body: p('现将示例大道快速化改造工程涉及房屋征收补偿情况公示如下：') + table(['被征收人', '身份证号码', '联系电话', '补偿金额（元）'], [['张某某', '11010519491231002X', '13812345678', '356,200']]) + p('内部资料，注意保存。'),
  });
  await service.transition(db, editor, withData.id, { action: 'submit' }, files);
  // Approved, waiting to be published; and one scheduled. Written by the agency's
  // administrator, so that the reviewer approves someone else's work (four eyes).
  const writer = actors.agency_admin;
  const ready = await draft(writer, { ...base(PROJECTS[5], workdaysBefore(cal, today, 5)), departmentId: fgj.departments[2]?.id });
  await service.transition(db, writer, ready.id, { action: 'submit' }, files);
  await service.transition(db, reviewer, ready.id, { action: 'approve', confidentiality: 'cleared', comment: '同意公开' }, files);
  await service.transition(db, actors.leader, ready.id, { action: 'approve', comment: '同意' }, files);
  const scheduled = await draft(writer, { ...base(PROJECTS[7], workdaysBefore(cal, today, 4)), title: '示例市综合客运枢纽工程建设进展情况', category: 'work_news', genre: 'news', departmentId: fgj.departments[2]?.id });
  await service.transition(db, writer, scheduled.id, { action: 'submit' }, files);
  await service.transition(db, reviewer, scheduled.id, { action: 'approve', confidentiality: 'cleared' }, files);
  await service.transition(db, actors.leader, scheduled.id, { action: 'approve' }, files);
  const when = new Date(`${addDays(today, 2)}T09:00:00+08:00`);
  await service.transition(db, reviewer, scheduled.id, { action: 'schedule', scheduledAt: when.toISOString() }, files);
  // Passed by the office, waiting for the development bureau's leader (demo-leader).
  const forLeader = await draft(editor, { ...base(PROJECTS[3], workdaysBefore(cal, today, 6)), title: `关于${PROJECTS[3].name}可行性研究报告的批复` });
  await service.transition(db, editor, forLeader.id, { action: 'submit' }, files);
  await service.transition(db, reviewer, forLeader.id, { action: 'approve', confidentiality: 'cleared', comment: '请领导审批' }, files);
  // A revision in progress: the public keeps seeing the published version.
  const toRevise = published.find((x) => x.agencyIdx === 0 && x.category === 'art20_10' && x.departmentId === editor.memberships[0]?.departmentId);
  if (toRevise) {
    const v = await service.transition(db, editor, toRevise.id, { action: 'revise' }, files);
    await service.updateDraft(db, editor, toRevise.id, { formedDate: workdaysBefore(cal, today, 2), changeNote: '更正项目总投资额', version: v.version });
    inWorkflow++;
  }
  // The finance bureau asks for leader approval: one item waits for the leader.
  const budget = await draft(czjActors.department_editor, {
    title: `示例市财政局${today.slice(0, 4)}年部门预算调整情况说明`,
    summary: '部门预算调整的原因、金额和资金用途。',
    body: p('根据市人大常委会批准的预算调整方案，现将部门预算调整情况说明如下。'),
    writtenDate: workdaysBefore(cal, today, 6),
    formedDate: workdaysBefore(cal, today, 6),
    approvedOn: workdaysBefore(cal, today, 6),
    category: 'art20_07',
    topic: 'finance',
    genre: 'report',
  });
  await service.transition(db, czjActors.department_editor, budget.id, { action: 'submit' }, files);
  await service.transition(db, czjActors.office_reviewer, budget.id, { action: 'approve', confidentiality: 'cleared', comment: '请领导审批' }, files);

  // 5. Columns that do not apply: each agency's administrator hides them with the reason the public sees.
  for (const a of agencies) {
    const admin = (await demoActors(db, a.id)).agency_admin;
    const tree = await getTree(db, a.id);
    for (const [category, reason] of Object.entries(DEMO_NOT_APPLICABLE[a.slug] ?? {})) {
      const column = tree.statutory.find((c) => c.category === category);
      if (column && !column.hidden) await hideColumn(db, admin, column.id, { reason, version: column.version });
    }
  }

  return { published: published.length, inWorkflow };
}
