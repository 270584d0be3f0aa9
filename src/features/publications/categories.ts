/**
 * The closed vocabularies of the proactive-disclosure catalog, with their Chinese
 * labels: one source of truth for forms, API, portal columns and statistics.
 */

/**
 * Disclosure categories (公开类别). The Regulation's Art. 20 items (一)–(十五) and
 * the Art. 21 areas for county-level governments and their departments, plus the
 * categories county bureaus report on and the two first-level columns that hold
 * publications (制度, 年报).
 */
export const DISCLOSURE_CATEGORIES = {
  art20_01: { label: '行政法规、规章和规范性文件', article: '第二十条第（一）项', slug: 'fgwj', group: 'art20' },
  art20_02: { label: '机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名', article: '第二十条第（二）项', slug: 'jgzn', group: 'art20' },
  art20_03: { label: '国民经济和社会发展规划、专项规划、区域规划及相关政策', article: '第二十条第（三）项', slug: 'ghxx', group: 'art20' },
  art20_04: { label: '国民经济和社会发展统计信息', article: '第二十条第（四）项', slug: 'tjxx', group: 'art20' },
  art20_05: { label: '办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果', article: '第二十条第（五）项', slug: 'xzxk', group: 'art20' },
  art20_06: { label: '实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定', article: '第二十条第（六）项', slug: 'xzcf', group: 'art20' },
  art20_07: { label: '财政预算、决算信息', article: '第二十条第（七）项', slug: 'czyjs', group: 'art20' },
  art20_08: { label: '行政事业性收费项目及其依据、标准', article: '第二十条第（八）项', slug: 'xzsf', group: 'art20' },
  art20_09: { label: '政府集中采购项目的目录、标准及实施情况', article: '第二十条第（九）项', slug: 'zfcg', group: 'art20' },
  art20_10: { label: '重大建设项目的批准和实施情况', article: '第二十条第（十）项', slug: 'zdjsxm', group: 'art20' },
  art20_11: { label: '扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况', article: '第二十条第（十一）项', slug: 'mszc', group: 'art20' },
  art20_12: { label: '突发公共事件的应急预案、预警信息及应对情况', article: '第二十条第（十二）项', slug: 'yjgl', group: 'art20' },
  art20_13: { label: '环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况', article: '第二十条第（十三）项', slug: 'jdjc', group: 'art20' },
  art20_14: { label: '公务员招考的职位、名额、报考条件等事项以及录用结果', article: '第二十条第（十四）项', slug: 'gwyzk', group: 'art20' },
  art20_15: { label: '法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息', article: '第二十条第（十五）项', slug: 'qtxx', group: 'art20' },
  art21_municipal: { label: '市政建设', article: '第二十一条', slug: 'szjs', group: 'art21' },
  art21_public_service: { label: '公共服务', article: '第二十一条', slug: 'ggfw', group: 'art21' },
  art21_public_welfare: { label: '公益事业', article: '第二十一条', slug: 'gysy', group: 'art21' },
  art21_land_expropriation: { label: '土地征收', article: '第二十一条', slug: 'tdzs', group: 'art21' },
  art21_housing_expropriation: { label: '房屋征收', article: '第二十一条', slug: 'fwzs', group: 'art21' },
  art21_public_security: { label: '治安管理', article: '第二十一条', slug: 'zagl', group: 'art21' },
  art21_social_assistance: { label: '社会救助', article: '第二十一条', slug: 'shjz', group: 'art21' },
  // Art. 21's township list (乡（镇）人民政府); 土地征收, 房屋征收 and 社会救助 are shared with the county list above.
  art21_rural_policy: { label: '贯彻落实农业农村政策', article: '第二十一条', slug: 'nynczc', group: 'art21' },
  art21_farmland_irrigation: { label: '农田水利工程建设运营', article: '第二十一条', slug: 'ntslgc', group: 'art21' },
  art21_land_contract_transfer: { label: '农村土地承包经营权流转', article: '第二十一条', slug: 'tdcblz', group: 'art21' },
  art21_homestead_review: { label: '宅基地使用情况审核', article: '第二十一条', slug: 'zjdsh', group: 'art21' },
  art21_pooled_funds_labour: { label: '筹资筹劳', article: '第二十一条', slug: 'czcl', group: 'art21' },
  disclosure_rules: { label: '政府信息公开制度', article: '', slug: 'zfxxgkzd', group: 'rules' },
  annual_report: { label: '政府信息公开工作年度报告', article: '第四十九条', slug: 'zfxxgknb', group: 'report' },
  work_news: { label: '政务（工作）动态', article: '', slug: 'gzdt', group: 'other' },
  personnel: { label: '人事信息', article: '', slug: 'rsxx', group: 'other' },
  notices: { label: '通知公告', article: '', slug: 'tzgg', group: 'other' },
  policy_interpretation: { label: '政策解读', article: '', slug: 'zcjd', group: 'other' },
  other: { label: '其他', article: '', slug: 'qt', group: 'other' },
} as const;

export type DisclosureCategory = keyof typeof DISCLOSURE_CATEGORIES;
export const DISCLOSURE_CATEGORY_KEYS = Object.keys(DISCLOSURE_CATEGORIES) as DisclosureCategory[];
export const isDisclosureCategory = (v: unknown): v is DisclosureCategory =>
  typeof v === 'string' && Object.hasOwn(DISCLOSURE_CATEGORIES, v);

/** 主题分类: the subject classification used by the national government portal's catalog. */
export const TOPICS = {
  general: '综合政务',
  economy: '国民经济管理、国有资产监管',
  finance: '财政、金融、审计',
  land_energy: '国土资源、能源',
  agriculture: '农业、林业、水利',
  industry_transport: '工业、交通',
  commerce: '商贸、海关、旅游',
  market_safety: '市场监管、安全生产监管',
  construction_environment: '城乡建设、环境保护',
  science_education: '科技、教育',
  culture: '文化、广电、新闻出版',
  health_sport: '卫生、体育',
  population: '人口与计划生育、妇女儿童工作',
  labour_personnel: '劳动、人事、监察',
  public_security: '公安、安全、司法',
  civil_affairs: '民政、扶贫、救灾',
  ethnic_religion: '民族、宗教',
  foreign_affairs: '对外事务',
  hk_macao_taiwan: '港澳台侨工作',
  defence: '国防',
  other: '其他',
} as const;
export type Topic = keyof typeof TOPICS;
export const TOPIC_KEYS = Object.keys(TOPICS) as Topic[];

/** 体裁分类: the document genres of 《党政机关公文处理工作条例》 plus the common non-公文 forms. */
export const GENRES = {
  order: '命令（令）',
  decision: '决定',
  announcement: '公告',
  public_notice: '通告',
  opinion: '意见',
  notice: '通知',
  circular: '通报',
  report: '报告',
  reply: '批复',
  letter: '函',
  minutes: '纪要',
  bulletin: '公报',
  resolution: '决议',
  plan: '规划',
  work_plan: '计划、方案',
  measures: '办法、规定、细则',
  news: '动态、新闻',
  interpretation: '解读',
  other: '其他',
} as const;
export type Genre = keyof typeof GENRES;
export const GENRE_KEYS = Object.keys(GENRES) as Genre[];

/** 有效性: marked on the document itself when it expires or is repealed (政府网站发展指引 §三(一)). */
export const VALIDITY = {
  valid: '有效',
  expired: '失效',
  abolished: '废止',
} as const;
export type Validity = keyof typeof VALIDITY;
export const VALIDITY_KEYS = Object.keys(VALIDITY) as Validity[];

/**
 * What kind of document an item is, for the annual report's table 二 (第二十条第（一）项):
 * 规章 and 行政规范性文件 are counted (made, abolished, in force); the rest are not.
 */
export const DOCUMENT_KINDS = {
  other: '其他',
  regulation: '规章',
  normative: '行政规范性文件',
} as const;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;
export const DOCUMENT_KIND_KEYS = Object.keys(DOCUMENT_KINDS) as DocumentKind[];

/** 公开属性, set when a document is drafted (国办发〔2016〕80号); the last two need a legal basis. */
export const DISCLOSURE_ATTRIBUTES = {
  proactive: '主动公开',
  on_request: '依申请公开',
  not_disclosed: '不予公开',
} as const;
export type DisclosureAttribute = keyof typeof DISCLOSURE_ATTRIBUTES;
export const DISCLOSURE_ATTRIBUTE_KEYS = Object.keys(DISCLOSURE_ATTRIBUTES) as DisclosureAttribute[];
