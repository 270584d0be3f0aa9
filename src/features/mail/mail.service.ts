/**
 * Outgoing mail: every letter the platform sends is recorded in `mail_messages`
 * first, then handed to the mailer the runtime carries (src/platform/mailer.ts).
 *
 * - With an SMTP server the letter goes out and its row says `sent` (with the
 *   server's Message-ID and the time by the runtime clock) or `failed` (with the
 *   server's reason). A failure is never thrown: the letter is on record, the
 *   office sees it failed on /office/mail, and the use case that wrote it stands.
 * - Without one (the outbox) nothing is sent: the row says `held`, for the office
 *   to read and pass on by other means.
 *
 * Talking to a mail server takes time and may hang, so it never happens inside a
 * database transaction: a use case that writes a letter in its transaction calls
 * `queueMail(trx, …)`, which records the row with everything else and hands the
 * letter to the server only once the transaction has committed (`afterCommit`,
 * src/db/runtime.ts); if the transaction rolls back there is neither a row nor a
 * letter. `sendMail(db, …)` is for work outside a transaction and waits for the
 * server's answer.
 */
import type { Db, DbOrTrx } from '../../db/database.js';
import { afterCommit, nowOf, runtimeOf } from '../../db/runtime.js';
import { forbidden, notFound } from '../../errors.js';
import { agenciesWith, authorize } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import { agencyLabels } from '../agencies/agency.service.js';
import { checkMail, failureText, type CheckedMail, type MailInput, type MailStatus } from './mail.js';
import * as repo from './mail.repository.js';
import type { MailMessageRow } from './mail.table.js';

export type { MailInput, MailStatus };

export interface MailOutcome {
  id: number;
  status: MailStatus;
  messageId: string | null;
  /** The server's reason when `failed`; empty otherwise. */
  error: string;
}

async function record(db: DbOrTrx, mail: CheckedMail): Promise<{ id: number; status: MailStatus }> {
  const { transport } = runtimeOf(db).mailer;
  const status: MailStatus = transport === 'outbox' ? 'held' : 'queued';
  const id = await repo.insertMessage(db, {
    agencyId: mail.agencyId,
    toAddress: mail.to,
    subject: mail.subject,
    textBody: mail.text,
    htmlBody: mail.html,
    relatedType: mail.related?.type ?? null,
    relatedId: mail.related?.id ?? null,
    transport,
    status,
    messageId: null,
    createdAt: nowOf(db),
    sentAt: null,
  });
  return { id, status };
}

/** Hands a recorded letter to the mailer and records how it went; never throws for the server's sake. */
async function deliver(db: Db, id: number, mail: CheckedMail): Promise<MailOutcome> {
  let outcome: { status: MailStatus; error: string; messageId: string | null; sentAt: string | null };
  try {
    const { messageId } = await runtimeOf(db).mailer.send({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? undefined });
    outcome = { status: 'sent', error: '', messageId, sentAt: nowOf(db) };
  } catch (e) {
    outcome = { status: 'failed', error: failureText(e), messageId: null, sentAt: null };
  }
  await repo.setOutcome(db, id, outcome);
  return { id, status: outcome.status, messageId: outcome.messageId, error: outcome.error };
}

/**
 * Records a letter and sends it now, waiting for the server: `sent`, `failed` or,
 * without SMTP, `held`. Throws only for a letter that cannot be sent as asked
 * (VALIDATION_FAILED: a bad address, a line break in a header), before recording it.
 * Inside a transaction use `queueMail`.
 */
export async function sendMail(db: Db, input: MailInput): Promise<MailOutcome> {
  if (db.isTransaction) throw new Error('sendMail waits for the mail server: call it outside a transaction, or queueMail(trx, …) inside one');
  const mail = checkMail(input);
  const { id, status } = await record(db, mail);
  if (status === 'held') return { id, status, messageId: null, error: '' };
  return deliver(db, id, mail);
}

/**
 * Records a letter in the caller's transaction (opened by `inTransaction`) and
 * sends it once that commits; nothing is recorded or sent if it rolls back. The
 * answer is the row as recorded: `queued` (sent in the background, the row updated
 * to `sent` or `failed`) or, without SMTP, `held`.
 */
export async function queueMail(trx: DbOrTrx, input: MailInput): Promise<{ id: number; status: MailStatus }> {
  const mail = checkMail(input);
  const recorded = await record(trx, mail);
  if (recorded.status === 'queued') afterCommit(trx, (db) => deliver(db, recorded.id, mail).then(() => undefined));
  return recorded;
}

/** The letters about one record (e.g. a request), oldest first: for that record's own page, which authorizes. */
export async function mailAbout(db: DbOrTrx, related: { type: string; id: string | number }) {
  return repo.listMessagesAbout(db, related.type, String(related.id));
}

// ---------------------------------------------------------------- the office's outbox

/** How letters leave this platform: `outbox` when no SMTP server is configured. */
export const mailTransport = (db: DbOrTrx) => runtimeOf(db).mailer.transport;

export interface RelatedLink {
  label: string;
  /** The record's office page, when its feature registered one. */
  href: string | null;
}

function relatedLink(db: DbOrTrx, type: string | null, id: string | null): RelatedLink | null {
  if (!type || !id) return null;
  const page = runtimeOf(db).registry.entityPages.find((p) => p.entity === type);
  return page ? { label: `${page.label} ${id}`, href: page.href(id) } : { label: `${type} ${id}`, href: null };
}

/** The agencies whose letters the person reads; null: all of them and the platform's own. */
const readableAgencies = (actor: Actor) => agenciesWith(actor, 'mail.read');

/** Outgoing letters the person may read, newest first. */
export async function listOutgoing(db: DbOrTrx, actor: Actor, q: { status?: MailStatus | undefined; beforeId?: number | undefined; limit: number }) {
  authorize(actor, 'mail.read');
  const rows = await repo.listMessages(db, { agencyIds: readableAgencies(actor), ...q });
  const names = await agencyLabels(db, rows.flatMap((r) => (r.agencyId === null ? [] : [r.agencyId])));
  return rows.map((r) => ({
    ...r,
    agencyName: r.agencyId === null ? '' : (names.get(r.agencyId)?.name ?? ''),
    related: relatedLink(db, r.relatedType, r.relatedId),
  }));
}

export type OutgoingListRow = Awaited<ReturnType<typeof listOutgoing>>[number];

export interface MailView extends MailMessageRow {
  agencyName: string;
  related: RelatedLink | null;
}

/** One letter with its body, if the person may read it (the platform's own letters: platform administrators only). */
export async function getOutgoing(db: DbOrTrx, actor: Actor, id: number): Promise<MailView> {
  authorize(actor, 'mail.read');
  const row = await repo.findMessage(db, id);
  if (!row) throw notFound('邮件');
  const agencies = readableAgencies(actor);
  if (agencies !== null && (row.agencyId === null || !agencies.includes(row.agencyId))) throw forbidden('您没有查看这封邮件的权限');
  const agency = row.agencyId === null ? undefined : (await agencyLabels(db, [row.agencyId])).get(row.agencyId);
  return { ...row, agencyName: agency?.name ?? '', related: relatedLink(db, row.relatedType, row.relatedId) };
}
