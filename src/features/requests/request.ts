/**
 * Disclosure on request (依申请公开, Regulation Arts. 27–45): the closed
 * vocabularies every part of the feature shares — the office, the portal, the API,
 * the ledger import and the annual report's table 三 — with their Chinese labels.
 */

/** Who applies: the annual report's six applicant columns. */
export const APPLICANT_KINDS = {
  natural_person: { label: '自然人', group: '自然人' },
  commercial: { label: '商业企业', group: '法人或其他组织' },
  research: { label: '科研机构', group: '法人或其他组织' },
  public_interest: { label: '社会公益组织', group: '法人或其他组织' },
  legal_service: { label: '法律服务机构', group: '法人或其他组织' },
  other_org: { label: '其他', group: '法人或其他组织' },
} as const;
export type ApplicantKind = keyof typeof APPLICANT_KINDS;
export const APPLICANT_KIND_KEYS = Object.keys(APPLICANT_KINDS) as ApplicantKind[];

/** Identity documents; 居民身份证 and 统一社会信用代码 are checked by their check characters. */
export const ID_TYPES = {
  resident_id: { label: '居民身份证' },
  uscc: { label: '统一社会信用代码' },
  passport: { label: '护照' },
  other: { label: '其他身份证明' },
} as const;
export type IdType = keyof typeof ID_TYPES;

/** The form the information is wanted in (Art. 29(三), Art. 40). */
export const INFO_FORMS = {
  paper: { label: '纸质' },
  electronic: { label: '电子数据' },
  on_site: { label: '当场阅读' },
} as const;
export type InfoForm = keyof typeof INFO_FORMS;

/** How the applicant gets it. */
export const DELIVERY_METHODS = {
  post: { label: '邮寄' },
  email: { label: '电子邮件' },
  pickup: { label: '自行领取' },
  online: { label: '在线查看' },
} as const;
export type DeliveryMethod = keyof typeof DELIVERY_METHODS;

/**
 * How an application arrived. The receipt date follows the channel (Art. 31):
 * in person the day of submission; by post the day of signing (ordinary mail: the
 * day the office confirmed with the applicant); online, by fax or e-mail the day
 * both sides confirmed.
 */
export const REQUEST_CHANNELS = {
  online: { label: '网上申请', clock: 'online' },
  in_person: { label: '当面提交', clock: 'in_person' },
  post: { label: '邮寄', clock: 'post' },
  fax: { label: '传真', clock: 'fax' },
  email: { label: '电子邮件', clock: 'online' },
} as const;
export type RequestChannel = keyof typeof REQUEST_CHANNELS;

export const OUTCOME_GROUPS = {
  disclose: { label: '（一）予以公开' },
  partial: { label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）' },
  withhold: { label: '（三）不予公开' },
  unavailable: { label: '（四）无法提供' },
  not_processed: { label: '（五）不予处理' },
  other: { label: '（六）其他处理' },
} as const;
export type OutcomeGroup = keyof typeof OUTCOME_GROUPS;

interface OutcomeDef {
  group: OutcomeGroup;
  /** The row number within its group in table 三 (0 for the single-row groups). */
  row: number;
  /** The row's label exactly as the 2021 table prints it. */
  label: string;
  /** A short name for lists and buttons. */
  short: string;
  /** The legal basis the reply letter cites. */
  basis: string;
}

/**
 * Decisions, coded exactly as the result rows of table 三 of the annual report
 * (国办公开办函〔2021〕30号), each with the legal basis its letter cites.
 */
export const REQUEST_OUTCOMES = {
  disclose: { group: 'disclose', row: 0, label: '（一）予以公开', short: '予以公开', basis: '《中华人民共和国政府信息公开条例》第三十六条第一项、第二项' },
  partial: {
    group: 'partial',
    row: 0,
    label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    short: '部分公开',
    basis: '《中华人民共和国政府信息公开条例》第三十七条',
  },
  withhold_state_secret: { group: 'withhold', row: 1, label: '1.属于国家秘密', short: '不予公开：国家秘密', basis: '《中华人民共和国政府信息公开条例》第十四条、第三十六条第三项' },
  withhold_law_forbids: {
    group: 'withhold',
    row: 2,
    label: '2.其他法律行政法规禁止公开',
    short: '不予公开：法律行政法规禁止公开',
    basis: '《中华人民共和国政府信息公开条例》第十四条、第三十六条第三项',
  },
  withhold_three_safety: {
    group: 'withhold',
    row: 3,
    label: '3.危及“三安全一稳定”',
    short: '不予公开：危及“三安全一稳定”',
    basis: '《中华人民共和国政府信息公开条例》第十四条、第三十六条第三项',
  },
  withhold_third_party: {
    group: 'withhold',
    row: 4,
    label: '4.保护第三方合法权益',
    short: '不予公开：保护第三方合法权益',
    basis: '《中华人民共和国政府信息公开条例》第十五条、第三十六条第三项',
  },
  withhold_internal: {
    group: 'withhold',
    row: 5,
    label: '5.属于三类内部事务信息',
    short: '不予公开：内部事务信息',
    basis: '《中华人民共和国政府信息公开条例》第十六条第一款、第三十六条第三项',
  },
  withhold_process: {
    group: 'withhold',
    row: 6,
    label: '6.属于四类过程性信息',
    short: '不予公开：过程性信息',
    basis: '《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第三项',
  },
  withhold_enforcement_file: {
    group: 'withhold',
    row: 7,
    label: '7.属于行政执法案卷',
    short: '不予公开：行政执法案卷',
    basis: '《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第三项',
  },
  withhold_query: { group: 'withhold', row: 8, label: '8.属于行政查询事项', short: '不予公开：行政查询事项', basis: '《中华人民共和国政府信息公开条例》第三十六条第七项' },
  unavailable_not_held: {
    group: 'unavailable',
    row: 1,
    label: '1.本机关不掌握相关政府信息',
    short: '无法提供：本机关不掌握',
    basis: '《中华人民共和国政府信息公开条例》第三十六条第四项、第五项',
  },
  unavailable_needs_creation: {
    group: 'unavailable',
    row: 2,
    label: '2.没有现成信息需要另行制作',
    short: '无法提供：需另行制作',
    basis: '《中华人民共和国政府信息公开条例》第三十八条',
  },
  unavailable_unclear: {
    group: 'unavailable',
    row: 3,
    label: '3.补正后申请内容仍不明确',
    short: '无法提供：补正后仍不明确',
    basis: '《中华人民共和国政府信息公开条例》第三十条',
  },
  not_processed_petition: {
    group: 'not_processed',
    row: 1,
    label: '1.信访举报投诉类申请',
    short: '不予处理：信访举报投诉类',
    basis: '《中华人民共和国政府信息公开条例》第三十九条第一款',
  },
  not_processed_repeat: { group: 'not_processed', row: 2, label: '2.重复申请', short: '不予处理：重复申请', basis: '《中华人民共和国政府信息公开条例》第三十六条第六项' },
  not_processed_publication: {
    group: 'not_processed',
    row: 3,
    label: '3.要求提供公开出版物',
    short: '不予处理：公开出版物',
    basis: '《中华人民共和国政府信息公开条例》第三十九条第二款',
  },
  not_processed_excessive: {
    group: 'not_processed',
    row: 4,
    label: '4.无正当理由大量反复申请',
    short: '不予处理：无正当理由大量反复申请',
    basis: '《中华人民共和国政府信息公开条例》第三十五条',
  },
  not_processed_confirmation: {
    group: 'not_processed',
    row: 5,
    label: '5.要求行政机关确认或重新出具已获取信息',
    short: '不予处理：要求确认或重新出具',
    basis: '《中华人民共和国政府信息公开条例》第三十九条',
  },
  other_no_correction: {
    group: 'other',
    row: 1,
    label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    short: '其他处理：逾期不补正',
    basis: '《中华人民共和国政府信息公开条例》第三十条',
  },
  other_fee_unpaid: {
    group: 'other',
    row: 2,
    label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    short: '其他处理：逾期未缴费',
    basis: '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）',
  },
  other: { group: 'other', row: 3, label: '3.其他', short: '其他处理：其他', basis: '《中华人民共和国政府信息公开条例》' },
} as const satisfies Record<string, OutcomeDef>;
export type RequestOutcome = keyof typeof REQUEST_OUTCOMES;
export const REQUEST_OUTCOME_KEYS = Object.keys(REQUEST_OUTCOMES) as RequestOutcome[];
export const isRequestOutcome = (v: unknown): v is RequestOutcome => typeof v === 'string' && Object.hasOwn(REQUEST_OUTCOMES, v);

/** The outcome a ledger's 处理结果 names: `予以公开`, `部分公开`, `不予公开：5`, `无法提供：本机关不掌握相关政府信息`, … */
export function outcomeFromLedger(text: string): RequestOutcome | null {
  const t = text.trim().replace(/\s+/g, '').replace(/:/g, '：');
  if (t === '予以公开' || t === '（一）予以公开') return 'disclose';
  if (t === '部分公开' || t.startsWith('（二）部分公开') || t.startsWith('部分公开（')) return 'partial';
  const m = /^(?:（([三四五六])）)?(不予公开|无法提供|不予处理|其他处理)(?:：(.+))?$/.exec(t);
  if (!m) return null;
  const group = ({ 不予公开: 'withhold', 无法提供: 'unavailable', 不予处理: 'not_processed', 其他处理: 'other' } as const)[m[2] as '不予公开'];
  // A printed prefix must be the group's own: （三）无法提供 is a typo, not a row.
  if (m[1] && ({ 三: 'withhold', 四: 'unavailable', 五: 'not_processed', 六: 'other' } as const)[m[1] as '三'] !== group) return null;
  const rest = m[3] ?? '';
  if (!rest) return null;
  const strip = (s: string) => s.replace(/^\d+[.．、]/, '').replace(/[“”"]/g, '').replace(/[、，,]/g, '');
  for (const key of REQUEST_OUTCOME_KEYS) {
    const o = REQUEST_OUTCOMES[key];
    if (o.group !== group) continue;
    if (/^\d+$/.test(rest) ? Number(rest) === o.row : strip(o.label) === strip(rest)) return key;
  }
  return null;
}

/** The ledger's 处理结果 text for an outcome, as the report table prints it: `不予公开：5`. */
export function outcomeLedgerText(o: RequestOutcome): string {
  const def = REQUEST_OUTCOMES[o];
  if (def.group === 'disclose') return '予以公开';
  if (def.group === 'partial') return '部分公开';
  return `${OUTCOME_GROUPS[def.group].label.replace(/^（.）/, '')}：${def.row}`;
}

/**
 * Remedies every reply letter states (Art. 51; 行政复议法 Art. 20, 行政诉讼法 Art. 46).
 * Which organ hears a reconsideration depends on the agency (since the 2023 revision
 * of the 行政复议法 mostly the 本级人民政府, for vertically managed bodies their
 * superior): the platform says "依法" and an agency names its organ in its templates.
 */
export const REMEDIES =
  '如对本答复不服，可以在收到本告知书之日起六十日内依法申请行政复议，也可以在收到本告知书之日起六个月内依法向人民法院提起行政诉讼。';

/** Kinds of appeal against a decision, as table 四 of the annual report groups them. */
export const APPEAL_TYPES = {
  reconsideration: { label: '行政复议' },
  litigation_direct: { label: '未经复议直接起诉' },
  litigation_after_reconsideration: { label: '复议后起诉' },
} as const;
export type AppealType = keyof typeof APPEAL_TYPES;

export const APPEAL_RESULTS = {
  upheld: { label: '结果维持', ledger: '维持' },
  corrected: { label: '结果纠正', ledger: '纠正' },
  other: { label: '其他结果', ledger: '其他' },
  pending: { label: '尚未审结', ledger: '尚未审结' },
} as const;
export type AppealResult = keyof typeof APPEAL_RESULTS;
