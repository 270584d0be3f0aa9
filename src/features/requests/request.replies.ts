/**
 * Issuing letters: fills the agency's template for the letter kind (a reply: its
 * outcome's), records the letter as issued, and e-mails it to an applicant who gave
 * an e-mail address (through the mail feature: SMTP, or the office's outbox).
 */
import type { DbOrTrx } from '../../db/database.js';
import { nowOf } from '../../db/runtime.js';
import { formatChineseDate, type IsoDate } from '../../lib/dates.js';
import type { Actor } from '../access/roles.js';
import { findAgency } from '../agencies/agency.service.js';
import { queueMail } from '../mail/mail.service.js';
import { REMEDIES, REQUEST_OUTCOMES, type RequestOutcome } from './request.js';
import { decisionText, fillTemplate, LETTER_KINDS, replyTemplateKey, templateFor, type LetterKind, type LetterVars } from './request.letters.js';
import type { Letter } from './request.docx.js';
import * as repo from './request.repository.js';
import type { RequestLetterRow, RequestRow } from './request.table.js';

/** What the application asked for, in one phrase. */
export function askedFor(row: Pick<RequestRow, 'infoName' | 'infoNumber' | 'description'>): string {
  const parts = [row.infoName, row.infoNumber].filter(Boolean);
  return parts.length ? parts.join('，') : [...row.description].slice(0, 80).join('') + (row.description.length > 80 ? '……' : '');
}

export async function issueLetter(
  trx: DbOrTrx,
  actor: Actor,
  row: RequestRow,
  kind: LetterKind,
  date: IsoDate,
  vars: LetterVars,
  opts: { toApplicant?: boolean; addressee?: string; related?: number } = {},
): Promise<RequestLetterRow> {
  const agency = await findAgency(trx, row.agencyId);
  const outcome = kind === 'reply' ? (row.outcome as RequestOutcome) : null;
  const key = outcome ? replyTemplateKey(outcome) : kind;
  const template = await templateFor(trx, row.agencyId, key);
  const all: LetterVars = {
    机关名称: agency?.name ?? '',
    申请人: row.applicantName,
    收到日期: row.receivedDate ? formatChineseDate(row.receivedDate as IsoDate) : formatChineseDate(row.submittedAt.slice(0, 10) as IsoDate),
    申请内容: askedFor(row),
    编号: String(row.id),
    日期: formatChineseDate(date),
    救济途径: REMEDIES,
    ...(outcome ? { 决定: decisionText(outcome), 法律依据: REQUEST_OUTCOMES[outcome].basis } : {}),
    ...vars,
  };
  const filled = fillTemplate(template, all);
  const toApplicant = opts.toApplicant ?? true;
  let addressee = opts.addressee ?? row.applicantName;
  // A template opens with its salutation (【申请人】：): kept as the letter's addressee, which
  // every rendering lays out itself, not as a paragraph.
  const first = filled.paragraphs[0] ?? '';
  if (/[：:]$/.test(first) && [...first].length <= 80 && !/[。；]/.test(first)) {
    addressee = first.replace(/[：:]$/, '').trim() || addressee;
    filled.paragraphs.shift();
  }
  const sentVia = toApplicant ? (row.email && (row.delivery === 'email' || row.delivery === 'online' || kind !== 'reply') ? 'email' : row.delivery === 'post' ? 'post' : 'in_person') : 'post';
  const letter = await repo.insertLetter(trx, {
    requestId: row.id,
    kind,
    outcome,
    title: filled.title || LETTER_KINDS[kind].label,
    body: filled.paragraphs.join('\n'),
    documentNumber: '',
    addressee,
    issuedDate: date,
    sentVia,
    deliveredDate: sentVia === 'email' ? date : null,
    toApplicant: toApplicant ? 1 : 0,
    createdBy: actor.userId,
    createdAt: nowOf(trx),
  });
  if (toApplicant && row.email && sentVia === 'email') {
    await queueMail(trx, {
      to: row.email,
      subject: `${filled.title}（${agency?.name ?? ''}，申请编号 ${row.id}）`,
      text: [`${filled.title}`, '', `${addressee}：`, ...filled.paragraphs, '', agency?.name ?? '', formatChineseDate(date), '', '可凭查询码在门户“依申请公开”栏目查询办理进度和全部告知书。'].join('\n'),
      agencyId: row.agencyId,
      related: { type: 'request', id: String(row.id) },
    });
  }
  return letter;
}

/** A stored letter in the shape the print view and the DOCX take. */
export function letterOf(l: RequestLetterRow, agencyName: string): Letter {
  return {
    title: l.title,
    addressee: l.addressee,
    paragraphs: l.body.split('\n').filter((s) => s.trim() !== ''),
    signature: agencyName,
    date: l.issuedDate,
    ...(l.documentNumber ? { documentNumber: l.documentNumber } : {}),
  };
}
