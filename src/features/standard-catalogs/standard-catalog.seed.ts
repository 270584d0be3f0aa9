/**
 * The 重大建设项目领域 catalog a 发展和改革局 starts from (requirement 10,
 * disclosure-structure §2.3 rows 1–19), and the eight lifecycle columns its rows
 * map to. The categories and their order come from projects/project.lifecycle.ts.
 *
 * Time rules: the sources give 批准结果 rows "20 wd; 许可/处罚 7 wd". A 批复 or
 * 核准 is a 行政许可 decision, so those rows carry the 7 working days from the
 * decision; 备案 is not a licence and keeps the 20 working days from forming, as
 * do the rows the sources give 20 wd alone (施工许可证 in the 广东 source). A row
 * can be changed in the office like any other.
 */
import { PROJECT_LIFECYCLE, PROJECT_LIFECYCLE_ORDER, type ProjectLifecycle } from '../projects/project.lifecycle.js';
import type { Channel, RowContent, TimeRule } from './standard-catalog.js';

export const MAJOR_PROJECTS_DOMAIN = '重大建设项目';

/** Whether an agency is a 发展和改革局 (or 委), by its name. */
export function isDevelopmentReformAgency(name: string): boolean {
  return /发展和改革|发展改革|发改/.test(name);
}

/** The key of the portal column of a lifecycle category, under the agency's 重大建设项目 column (art20_10). */
export const lifecycleColumnKey = (c: ProjectLifecycle) => `zdjsxm_${c}`;
export const LIFECYCLE_PARENT_KEY = 'art20_10';

/** The eight lifecycle columns, in order, as column seeds. */
export function lifecycleColumnSeeds() {
  return PROJECT_LIFECYCLE_ORDER.map((c) => ({
    key: lifecycleColumnKey(c),
    parentKey: LIFECYCLE_PARENT_KEY,
    category: null,
    name: PROJECT_LIFECYCLE[c].label,
    slug: PROJECT_LIFECYCLE[c].slug,
    article: '',
    fixed: false,
    hidden: false,
    hiddenReason: '',
    sortOrder: PROJECT_LIFECYCLE[c].order * 10,
  }));
}

/** Other agencies a row's 主体 names, recognised by their names on the platform. */
export const SUBJECT_AGENCIES: Record<string, RegExp> = {
  自然资源部门: /自然资源/,
  住房和城乡建设部门: /住房和城乡建设|住建/,
};

const BASIS = [
  { title: '《中华人民共和国政府信息公开条例》', url: '' },
  { title: '《中共中央办公厅 国务院办公厅印发〈关于全面推进政务公开工作的意见〉的通知》', url: '' },
  { title: '《国务院办公厅关于推进重大建设项目批准和实施领域政府信息公开的意见》（国办发〔2017〕94号）', url: '' },
];

const WEB: Channel = { name: '政府网站', required: true };
const PLATFORM: Channel = { name: '投资项目在线审批监管平台', required: true };
const OPTIONAL: Channel[] = [
  { name: '两微一端', required: false },
  { name: '公开查阅点', required: false },
];
const FORMED20: TimeRule = { kind: 'wd_from_formed', n: 20 };
const DECISION7: TimeRule = { kind: 'wd_from_decision', n: 7 };
const RESULT = ['审批结果', '批复时间', '批复文号', '批复单位', '项目名称', '项目统一代码'];

type SeedRow = Omit<RowContent, 'basis' | 'audience' | 'audienceGroup' | 'mode' | 'levels' | 'level1'> & { lifecycle: ProjectLifecycle };

const row = (lifecycle: ProjectLifecycle, level2: string, elements: string[], timeRule: TimeRule, subject: string, channels: Channel[] = [WEB, PLATFORM, ...OPTIONAL]): SeedRow => ({
  lifecycle,
  level2,
  level3: '',
  elements,
  timeRule,
  subject,
  channels,
});

const DRC = '发展和改革局';

/** §2.3 rows 1–19, in order. */
export const MAJOR_PROJECT_ROWS: readonly SeedRow[] = [
  row('approval_service', '办事指南', ['申报材料清单', '批准流程', '办理时限', '受理机构联系方式', '申报要求'], { kind: 'realtime' }, '相关审批部门'),
  row('approval_service', '办理过程', ['事项名称', '事项办理部门', '办理进展'], { kind: 'timely' }, '相关审批部门'),
  row('approval_service', '咨询监督', ['咨询电话', '监督投诉电话'], { kind: 'realtime' }, '相关审批部门'),
  row('approval_result', '政府投资项目建议书审批', RESULT, DECISION7, DRC),
  row('approval_result', '政府投资项目可行性研究报告审批', RESULT, DECISION7, DRC),
  row('approval_result', '政府投资项目初步设计审批', RESULT, DECISION7, DRC),
  row('approval_result', '企业投资项目核准', ['核准结果', '核准时间', '核准文号', '核准单位', '项目名称', '项目统一代码'], DECISION7, DRC),
  row('approval_result', '企业投资项目备案', ['备案号', '备案时间', '备案单位', '项目名称', '项目统一代码'], FORMED20, DRC),
  row('approval_result', '政府投资项目概算、可行性研究报告批复变更（调整）', ['审批结果', '批复时间', '批复单位', '批复文号', '项目名称', '项目统一代码'], DECISION7, '相关审批部门'),
  row('approval_result', '依法必须招标项目的招标范围、招标方式和招标组织形式核准', ['批复结果', '批复时间', '批复文号', '批复单位', '项目名称', '项目统一代码'], DECISION7, '相关审批部门'),
  row('approval_result', '节能审查、选址意见书、建设用地规划许可、建设工程规划许可、环境影响评价审批、取水许可、水土保持方案审批、洪水影响评价审批', RESULT, DECISION7, '相关审批部门'),
  row('approval_result', '建设项目用地（用海）预审', ['预审结果', '批复时间', '批复文号', '项目名称', '项目统一代码'], DECISION7, '自然资源部门'),
  row('approval_result', '建筑工程施工许可证核发', ['审核结果', '建筑工程施工许可证号', '施工许可日期', '发证机关', '项目名称', '项目统一代码'], FORMED20, '住房和城乡建设部门'),
  row('tendering', '招标投标', ['招标公告', '中标候选人公示', '中标结果公示', '合同订立及备案情况', '招标投标违法处罚信息'], FORMED20, '招标人及其招标代理机构或相关行政监督部门', [WEB, { name: '招投标公共服务平台', required: true }, { name: '公共资源交易平台', required: false }]),
  row('land_acquisition', '征收土地信息', ['征地告知书以及履行征地报批前程序的相关证明材料', '建设项目用地呈报说明书', '农用地转用方案', '补充耕地方案', '征收土地方案', '供地方案', '征地批后实施中征地公告', '征地补偿安置方案公告'], FORMED20, '辖区政府和相关审批部门', [WEB, { name: '社区/企事业单位/村公示栏（电子屏）', required: true }, { name: '公开查阅点', required: false }]),
  row('design_change', '重大设计变更', ['设计变更管理依据', '审批单位', '项目变更时间', '变更原因', '变更内容'], FORMED20, '相关审批部门'),
  row('construction', '施工管理服务', ['施工图审查机构', '审查人员', '审查结果', '审查时限', '项目法人单位及其主要负责人信息', '设计单位', '施工单位', '监理单位及其主要负责人', '项目负责人信息', '资质情况'], FORMED20, '住房和城乡建设部门', [WEB, { name: '入户/现场', required: false }]),
  row('quality_safety', '质量安全监督', ['质量安全监督机构及其联系方式'], FORMED20, '住房和城乡建设部门', [WEB, { name: '入户/现场', required: false }]),
  row('completion', '竣工验收', ['竣工验收时间', '工程质量验收结果', '竣工验收备案'], FORMED20, '住房和城乡建设部门', [WEB, { name: '入户/现场', required: false }]),
];

/** The rows as catalog content, with the column each maps to. */
export function majorProjectRows(): (RowContent & { columnKey: string })[] {
  return MAJOR_PROJECT_ROWS.map(({ lifecycle, ...r }) => ({
    ...r,
    level1: PROJECT_LIFECYCLE[lifecycle].label,
    basis: BASIS,
    audience: 'all',
    audienceGroup: '',
    mode: 'proactive',
    levels: ['county'],
    columnKey: lifecycleColumnKey(lifecycle),
  }));
}
