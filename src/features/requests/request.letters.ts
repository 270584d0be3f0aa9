/**
 * Letters (告知书) to applicants and consultees, from templates an agency may edit.
 * A template is a title and paragraphs with placeholders in 【】, filled from the
 * application and the decision; the letter keeps its text as issued, so changing a
 * template never changes a letter already sent.
 */
import { z } from 'zod';
import type { Db, DbOrTrx } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import { nowOf } from '../../db/runtime.js';
import { staleEdit, validationError } from '../../errors.js';
import { intField, parseInput, text } from '../../lib/validation.js';
import { authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import * as audit from '../audit/audit.service.js';
import { OUTCOME_GROUPS, REMEDIES, REQUEST_OUTCOMES, type RequestOutcome } from './request.js';
import * as repo from './request.repository.js';

export const LETTER_KINDS = {
  correction: { label: '补正申请告知书' },
  extension: { label: '延长答复期限告知书' },
  consultation: { label: '征求意见函' },
  fee: { label: '收费通知书' },
  reply: { label: '政府信息公开申请答复告知书' },
} as const;
export type LetterKind = keyof typeof LETTER_KINDS;

/** Placeholders a template may use, with what they stand for. */
export const PLACEHOLDERS = {
  机关名称: '本机关名称',
  申请人: '申请人姓名或名称',
  收到日期: '收到申请之日',
  申请内容: '申请公开的政府信息',
  编号: '申请编号',
  决定: '答复决定',
  法律依据: '决定的法律依据',
  说明: '办理人填写的说明（部分公开时写明不予公开的部分及理由）',
  补正事项: '需要补正的事项',
  补正期限: '补正期限',
  延长天数: '延长的工作日数',
  答复期限: '延长后的答复期限',
  延期理由: '延长答复期限的理由',
  收费金额: '信息处理费金额',
  收费依据: '收费标准和计算',
  缴费期限: '缴费期限',
  第三方: '被征求意见的第三方或机关',
  意见期限: '提出意见的期限',
  救济途径: '行政复议和行政诉讼的途径和期限',
  日期: '出具日期',
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;

interface TemplateText {
  title: string;
  body: string;
}

const REPLY_OPENING = '【申请人】：\n本机关于【收到日期】收到您（单位）提出的政府信息公开申请（编号：【编号】），申请获取“【申请内容】”。经审查，现答复如下：';

/** The platform's templates; an agency's own replace them key by key. */
export const DEFAULT_TEMPLATES: Record<string, TemplateText> = {
  correction: {
    title: '补正申请告知书',
    body: `【申请人】：\n本机关于【收到日期】收到您（单位）提出的政府信息公开申请（编号：【编号】）。经审查，您的申请内容不明确，根据《中华人民共和国政府信息公开条例》第三十条的规定，请您在【补正期限】前对以下事项作出补正：\n【补正事项】\n答复期限自本机关收到补正后的申请之日起计算。您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。`,
  },
  extension: {
    title: '延长答复期限告知书',
    body: `【申请人】：\n本机关于【收到日期】收到您（单位）提出的政府信息公开申请（编号：【编号】）。因【延期理由】，本机关不能在规定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经政府信息公开工作机构负责人同意，答复期限延长【延长天数】个工作日，至【答复期限】。特此告知。`,
  },
  consultation: {
    title: '征求意见函',
    body: `【第三方】：\n本机关收到政府信息公开申请，申请公开的政府信息“【申请内容】”可能涉及你方合法权益。根据《中华人民共和国政府信息公开条例》第三十二条（其他机关：第三十四条）的规定，请你方自收到本函之日起15个工作日内提出意见。逾期未提出意见的，由本机关依照条例规定决定是否公开。`,
  },
  fee: {
    title: '收费通知书',
    body: `【申请人】：\n本机关于【收到日期】收到您（单位）提出的政府信息公开申请（编号：【编号】）。您的申请数量、频次明显超过合理范围，根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关收取信息处理费【收费金额】元，计算如下：\n【收费依据】\n请您自收到本通知次日起20个工作日内（即【缴费期限】前）缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。`,
  },
  'reply.disclose': { title: '政府信息公开申请答复告知书', body: `${REPLY_OPENING}\n您申请获取的政府信息属于公开范围，现予以公开，请查收【决定】所附信息。\n【说明】\n【法律依据】。\n【救济途径】` },
  'reply.partial': {
    title: '政府信息公开申请答复告知书',
    body: `${REPLY_OPENING}\n您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。本机关向您提供可以公开的部分，不予公开的部分及理由如下：\n【说明】\n依据：【法律依据】。\n【救济途径】`,
  },
  'reply.withhold': { title: '政府信息公开申请答复告知书', body: `${REPLY_OPENING}\n您申请获取的政府信息【决定】，依法不予公开。\n【说明】\n依据：【法律依据】。\n【救济途径】` },
  'reply.unavailable': { title: '政府信息公开申请答复告知书', body: `${REPLY_OPENING}\n【决定】，本机关无法提供。\n【说明】\n依据：【法律依据】。\n【救济途径】` },
  'reply.not_processed': { title: '政府信息公开申请答复告知书', body: `${REPLY_OPENING}\n您的申请【决定】，本机关不予处理。\n【说明】\n依据：【法律依据】。\n【救济途径】` },
  'reply.other': { title: '政府信息公开申请处理告知书', body: `${REPLY_OPENING}\n【决定】。\n【说明】\n依据：【法律依据】。\n【救济途径】` },
};

export const TEMPLATE_KEYS = Object.keys(DEFAULT_TEMPLATES);

export const TEMPLATE_LABELS: Record<string, string> = {
  correction: '补正申请告知书',
  extension: '延长答复期限告知书',
  consultation: '征求意见函',
  fee: '收费通知书',
  'reply.disclose': '答复：予以公开',
  'reply.partial': '答复：部分公开',
  'reply.withhold': '答复：不予公开',
  'reply.unavailable': '答复：无法提供',
  'reply.not_processed': '答复：不予处理',
  'reply.other': '答复：其他处理',
};

/** The template key a reply with this outcome uses. */
export const replyTemplateKey = (o: RequestOutcome) => `reply.${REQUEST_OUTCOMES[o].group}`;

export type LetterVars = Partial<Record<Placeholder, string>>;

/** The phrase a reply letter uses for its decision (a row's label without its number). */
export function decisionText(o: RequestOutcome): string {
  const def = REQUEST_OUTCOMES[o];
  if (def.group === 'disclose') return '附件';
  return def.label.replace(/^\d+\./, '').replace(/^（.）/, '') || OUTCOME_GROUPS[def.group].label;
}

/** Fills a template: every 【placeholder】 it names from `vars`; a line left empty by an empty placeholder is dropped. */
export function fillTemplate(t: TemplateText, vars: LetterVars): { title: string; paragraphs: string[] } {
  const fill = (s: string) => s.replace(/【([^】]{1,8})】/g, (m, k: string) => (Object.hasOwn(PLACEHOLDERS, k) ? (vars[k as Placeholder] ?? '') : m));
  const paragraphs = t.body
    .split('\n')
    .map((line) => ({ line, filled: fill(line).trim() }))
    .filter(({ line, filled }) => filled !== '' && !(line.trim().startsWith('【') && line.trim().endsWith('】') && filled === ''))
    .map(({ filled }) => filled);
  return { title: fill(t.title).trim(), paragraphs };
}

/** The template an agency uses for a key: its own, or the platform's. */
export async function templateFor(db: DbOrTrx, agencyId: number, key: string): Promise<TemplateText & { own: boolean; version: number }> {
  const own = await repo.findTemplate(db, agencyId, key);
  if (own) return { title: own.title, body: own.body, own: true, version: own.version };
  const def = DEFAULT_TEMPLATES[key];
  if (!def) throw validationError({ key: '没有这种告知书模板' });
  return { ...def, own: false, version: 0 };
}

export const REMEDIES_TEXT = REMEDIES;

// ---------------------------------------------------------------- editing

const templateInput = z.object({
  title: text(60, { required: true }),
  body: text(5000, { required: true, min: 20 }),
  version: intField('版本'),
});

/** Unknown placeholders are refused, so a typo cannot reach an applicant as 【…】. */
function unknownPlaceholders(s: string): string[] {
  return [...s.matchAll(/【([^】]{1,12})】/g)].map((m) => m[1]!).filter((k) => !Object.hasOwn(PLACEHOLDERS, k));
}

export async function saveTemplate(db: Db, actor: Actor, agencyId: number, key: string, raw: unknown) {
  authorize(actor, 'request.manage', { agencyId });
  if (!DEFAULT_TEMPLATES[key]) throw validationError({ key: '没有这种告知书模板' });
  const input = parseInput(templateInput, raw);
  const unknown = [...unknownPlaceholders(input.title), ...unknownPlaceholders(input.body)];
  if (unknown.length) throw validationError({ body: `模板中有未知的占位符：${[...new Set(unknown)].map((u) => `【${u}】`).join('、')}` });
  if (key.startsWith('reply.') && !input.body.includes('【救济途径】')) throw validationError({ body: '答复告知书须载明救济途径：请保留【救济途径】' });
  return inTransaction(db, async (trx) => {
    const saved = await repo.saveTemplate(trx, { agencyId, key, title: input.title, body: input.body, updatedAt: nowOf(trx) }, input.version);
    if (!saved) throw staleEdit();
    await audit.record(trx, actor, {
      action: 'request.template.save',
      entityType: 'request_template',
      entityId: `${agencyId}:${key}`,
      agencyId,
      summary: `修改告知书模板：${TEMPLATE_LABELS[key] ?? key}`,
      after: { title: input.title },
    });
    return saved;
  });
}

export async function resetTemplate(db: Db, actor: Actor, agencyId: number, key: string) {
  authorize(actor, 'request.manage', { agencyId });
  await inTransaction(db, async (trx) => {
    await repo.deleteTemplate(trx, agencyId, key);
    await audit.record(trx, actor, {
      action: 'request.template.reset',
      entityType: 'request_template',
      entityId: `${agencyId}:${key}`,
      agencyId,
      summary: `告知书模板恢复为平台默认：${TEMPLATE_LABELS[key] ?? key}`,
    });
  });
}

export async function listTemplates(db: Db, actor: Actor, agencyId: number) {
  authorize(actor, 'request.manage', { agencyId });
  const own = new Map((await repo.listTemplates(db, agencyId)).map((t) => [t.key, t]));
  return TEMPLATE_KEYS.map((key) => {
    const t = own.get(key);
    return { key, label: TEMPLATE_LABELS[key] ?? key, title: t?.title ?? DEFAULT_TEMPLATES[key]!.title, body: t?.body ?? DEFAULT_TEMPLATES[key]!.body, own: !!t, version: t?.version ?? 0 };
  });
}
