/**
 * Outgoing mail, pure: the closed vocabularies of a letter's transport and status,
 * and the check every letter passes before it is recorded.
 */
import { validationError, type FieldErrors } from '../../errors.js';
import { hasLineBreak, isMailAddress } from '../../lib/email.js';

export const MAIL_TRANSPORTS = {
  smtp: { label: '邮件服务器' },
  outbox: { label: '仅存档（未配置邮件服务器）' },
} as const;
export type MailTransport = keyof typeof MAIL_TRANSPORTS;

/** `tone` is the badge's class in the office. */
export const MAIL_STATUSES = {
  queued: { label: '待发送', tone: '' },
  sent: { label: '已发送', tone: 'ok' },
  failed: { label: '发送失败', tone: 'danger' },
  held: { label: '未发出', tone: 'warn' },
} as const;
export type MailStatus = keyof typeof MAIL_STATUSES;

export function isMailStatus(v: unknown): v is MailStatus {
  return typeof v === 'string' && Object.hasOwn(MAIL_STATUSES, v);
}

export const MAIL_LIMITS = { subject: 300, body: 1_000_000, relatedId: 80 } as const;

/** A letter as a use case asks for it. */
export interface MailInput {
  /** One address, e.g. the applicant's. */
  to: string;
  subject: string;
  /** The plain-text body: always there, and what the office reads. */
  text: string;
  html?: string | null | undefined;
  /** The agency the letter is sent for (who in the office may read it); none for the platform's own. */
  agencyId?: number | null | undefined;
  /** What the letter is about, e.g. `{ type: 'request', id: 12 }`. */
  related?: { type: string; id: string | number } | null | undefined;
}

export interface CheckedMail {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  agencyId: number | null;
  related: { type: string; id: string } | null;
}

/**
 * Refuses a letter that cannot be sent as asked: a line break in the recipient or the
 * subject (it would add headers of its own: header injection), something that is not
 * one address, an empty subject or body. The caller's input schema should have caught
 * these already; this is the last line, and it throws before anything is recorded.
 */
export function checkMail(input: MailInput): CheckedMail {
  const errors: FieldErrors = {};
  const to = input.to.trim();
  const subject = input.subject.trim();
  if (hasLineBreak(input.to)) errors.to = '收件地址不能包含换行';
  else if (!isMailAddress(to)) errors.to = '收件地址格式不正确，应为一个电子邮箱地址，例：name@example.gov.cn';
  if (hasLineBreak(input.subject)) errors.subject = '邮件主题不能包含换行';
  else if (subject === '') errors.subject = '邮件主题不能为空';
  else if (subject.length > MAIL_LIMITS.subject) errors.subject = `邮件主题不能超过 ${MAIL_LIMITS.subject} 个字`;
  if (input.text.trim() === '') errors.text = '邮件正文不能为空';
  else if (input.text.length > MAIL_LIMITS.body || (input.html?.length ?? 0) > MAIL_LIMITS.body) errors.text = '邮件正文过长';
  const related = input.related ? { type: input.related.type, id: String(input.related.id) } : null;
  if (related && (!/^[a-z][a-z0-9_]{0,39}$/.test(related.type) || related.id === '' || related.id.length > MAIL_LIMITS.relatedId)) {
    errors.related = '相关事项无效';
  }
  if (Object.keys(errors).length) throw validationError(errors, '邮件无法发送：请检查收件地址、主题和正文');
  return { to, subject, text: input.text, html: input.html || null, agencyId: input.agencyId ?? null, related };
}

/** The error text kept on a failed letter: the server's reason, without a stack. */
export function failureText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}
