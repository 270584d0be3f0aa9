/**
 * The mailer the runtime carries (src/db/runtime.ts): how a letter leaves the
 * platform. The composition root builds one from SMTP_URL and MAIL_FROM
 * (`createMailer`); the mail feature (src/features/mail) records every letter and
 * hands it over. Without an SMTP server the mailer is an outbox: nothing is sent,
 * the letters wait on the office's outbox page to be passed on by other means.
 *
 * The db layer imports only the types from here; nodemailer is loaded by the
 * composition root alone.
 */
import nodemailer from 'nodemailer';

/** One letter as the mailer sends it; the sender is the mailer's own (MAIL_FROM). */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string | undefined;
}

export interface Mailer {
  /** `smtp` hands letters to a server; `outbox` sends nothing. */
  readonly transport: 'smtp' | 'outbox';
  /** Resolves once the server has accepted the letter; rejects with the server's reason. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

/** Sends nothing: the mail feature keeps its letters as `held` and never calls `send`. */
export const outboxMailer: Mailer = {
  transport: 'outbox',
  async send() {
    throw new Error('No SMTP server is configured (SMTP_URL): letters are kept in the outbox');
  },
};

/** A mailer that sends through the SMTP server at `url` (`smtp://user:pass@host:587`, `smtps://…`). */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(
    {
      url,
      // A dead or silent server must fail a letter within seconds, where the office sees
      // it as failed, rather than keep a delivery (and a shutdown waiting for it) for minutes.
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    },
    { from },
  );
  return {
    transport: 'smtp',
    async send(mail) {
      const info = await transport.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        // Chinese text is a third the size in base64 that it is in quoted-printable.
        textEncoding: 'base64',
      });
      // With one recipient a refusal already rejects; this catches a server that accepts
      // the letter but not its recipient.
      if (info.rejected.length > 0) throw new Error(`收件人被拒收：${info.rejected.map(String).join(', ')}`);
      return { messageId: info.messageId };
    },
  };
}

/** The SMTP mailer when there is a server to send through; the outbox otherwise. */
export function createMailer(smtpUrl: string | null | undefined, mailFrom: string): Mailer {
  return smtpUrl ? smtpMailer(smtpUrl, mailFrom) : outboxMailer;
}
