import { z } from 'zod';
import { agencyCodeKind, normaliseAgencyCode } from '../../lib/codes.js';
import { emailText, intField, optionalText, phoneText, text, urlText } from '../../lib/validation.js';

export const AGENCY_LEVELS = {
  government: { label: '人民政府' },
  department: { label: '政府工作部门' },
  township: { label: '乡镇（街道）' },
} as const;
export type AgencyLevel = keyof typeof AGENCY_LEVELS;

/** Top-level URL segments an agency slug may not take, because the platform uses them. */
export const RESERVED_SLUGS = new Set([
  'office', 'api', 'static', 'calendar', 'search', 'healthz', 'prefs', 'sitemap.xml', 'robots.txt',
  'favicon.ico', 'feed', 'feeds', 'agencies', 'about', 'help', 'login', 'logout', 'files', 'a', 'requests',
  'mailbox', 'zfxxgk',
  // The portal shell's pages (src/web/portal-paths.ts).
  'sitemap', 'contact', 'zcwj', 'ysqgk', 'nb', 'feed.xml', 'jiucuo',
]);

export const agencyInput = z.object({
  name: text(60, { required: true, min: 2 }),
  shortName: text(20, { required: true }),
  slug: text(32, { required: true })
    .transform((v) => v.toLowerCase())
    .refine((v) => /^[a-z][a-z0-9-]{1,31}$/.test(v), '网址标识只能用小写字母、数字和连字符，以字母开头，2–32 位')
    .refine((v) => !RESERVED_SLUGS.has(v), '该网址标识为系统保留，请换一个'),
  code: text(20, { required: true })
    .transform(normaliseAgencyCode)
    .refine((v) => agencyCodeKind(v) !== null, '代码校验位不正确：应为 18 位统一社会信用代码或 9 位组织机构代码'),
  level: z.enum(Object.keys(AGENCY_LEVELS) as [AgencyLevel, ...AgencyLevel[]], { message: '请选择机关类型' }),
  // A form sends '1'/'0', the API true/false; left out, a new agency is one (the column default).
  budgetUnit: z.preprocess(
    (v) => (v === '' || v == null ? undefined : v === true || v === '1' || v === 1 ? 1 : v === false || v === '0' || v === 0 ? 0 : v),
    z.union([z.literal(0), z.literal(1)], { message: '请选择是否为预算单位' }).optional(),
  ),
  siteIdCode: optionalText(10).refine(
    (v) => v === '' || /^[0-9A-Za-z]{10}$/.test(v),
    '政府网站标识码应为 10 位字母或数字，例：1304000009',
  ),
  address: optionalText(200),
  postcode: optionalText(6).refine((v) => v === '' || /^\d{6}$/.test(v), '邮政编码应为 6 位数字'),
  officeHours: optionalText(200),
  phone: phoneText,
  fax: phoneText,
  email: emailText,
  website: urlText,
  supervisionPhone: phoneText,
  functions: optionalText(5000),
  headName: optionalText(50),
  sortOrder: z.preprocess((v) => (v === '' || v == null ? 0 : v), intField('排序')).optional(),
});
export type AgencyInput = z.infer<typeof agencyInput>;

/** Same fields, each optional, plus the version the editor started from. */
export const agencyUpdateInput = agencyInput.partial().extend({ version: intField('版本') });
export type AgencyUpdateInput = z.infer<typeof agencyUpdateInput>;

export const departmentInput = z.object({
  name: text(40, { required: true }),
  duties: optionalText(2000),
  phone: phoneText,
  sortOrder: z.preprocess((v) => (v === '' || v == null ? 0 : v), intField('排序')).optional(),
});
export type DepartmentInput = z.infer<typeof departmentInput>;

/**
 * The disclosure guide (政府信息公开指南). Regulation Art. 12 requires the first
 * nine fields; the last three are what citizens need to apply and to complain.
 */
export const GUIDE_FIELDS = {
  classification: { label: '信息分类', art12: true, long: true, hint: '本机关主动公开信息的分类，例如按主题、体裁分类' },
  arrangement: { label: '编排体系', art12: true, long: true, hint: '目录如何编排：索引号、名称、内容概述、生成日期等' },
  howToObtain: { label: '获取方式', art12: true, long: true, hint: '主动公开信息的查阅途径：网站、公报、查阅点等' },
  officeName: { label: '政府信息公开工作机构名称', art12: true, long: false, hint: '例：示例市发展和改革局办公室' },
  officeAddress: { label: '办公地址', art12: true, long: false, hint: '' },
  officeHours: { label: '办公时间', art12: true, long: false, hint: '例：工作日 上午 8:30–12:00，下午 14:30–17:30' },
  officePhone: { label: '联系电话', art12: true, long: false, hint: '' },
  officeFax: { label: '传真号码', art12: true, long: false, hint: '' },
  internetContact: { label: '互联网联系方式', art12: true, long: false, hint: '电子邮箱或网上申请地址' },
  requestChannels: { label: '依申请公开的受理渠道', art12: false, long: true, hint: '当面、邮寄、网上、传真等渠道及要求' },
  requestForm: { label: '申请表获取方式', art12: false, long: false, hint: '申请表下载地址或领取地点' },
  supervision: { label: '监督和救济方式', art12: false, long: true, hint: '投诉举报、行政复议、行政诉讼的途径' },
} as const;
export type GuideKey = keyof typeof GUIDE_FIELDS;
export type GuideFields = Record<GuideKey, string>;
export const GUIDE_KEYS = Object.keys(GUIDE_FIELDS) as GuideKey[];

export const guideInput = z.object(
  Object.fromEntries(GUIDE_KEYS.map((k) => [k, optionalText(GUIDE_FIELDS[k].long ? 5000 : 300)])) as Record<
    GuideKey,
    ReturnType<typeof optionalText>
  >,
);

export function parseGuide(json: string | null | undefined): GuideFields {
  let raw: Record<string, unknown> = {};
  try {
    raw = json ? (JSON.parse(json) as Record<string, unknown>) : {};
  } catch {
    raw = {};
  }
  return Object.fromEntries(GUIDE_KEYS.map((k) => [k, typeof raw[k] === 'string' ? raw[k] : ''])) as GuideFields;
}

/**
 * Fields that block publishing. Every field is needed: Art. 12 lists the first
 * nine and the platform requires the request channel, form and supervision too
 * (disclosure-structure §5 requirement 4).
 */
export function missingGuideFields(guide: GuideFields): GuideKey[] {
  return GUIDE_KEYS.filter((k) => guide[k].trim() === '');
}

/** A guide pre-filled from the agency's contact details, so an administrator starts from something. */
export function defaultGuide(a: {
  name: string;
  address: string;
  officeHours: string;
  phone: string;
  fax: string;
  email: string;
  supervisionPhone: string;
}): GuideFields {
  return {
    classification: '',
    arrangement: '',
    howToObtain: '',
    officeName: `${a.name}办公室`,
    officeAddress: a.address,
    officeHours: a.officeHours,
    officePhone: a.phone,
    officeFax: a.fax,
    internetContact: a.email,
    requestChannels: '',
    requestForm: '',
    supervision: a.supervisionPhone ? `监督电话：${a.supervisionPhone}` : '',
  };
}
