// The EMAIL channel: hands one message to the configured SMTP relay (nodemailer). Called only
// by the outbox worker. The relay's answer decides what happens next: accepted → SENT; a 5xx →
// a permanent failure; a 4xx, or no answer at all (refused, timed out) → try again later.
import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Fixed when the delivery was queued, so a repeat after a crash carries the same one. */
  messageId: string;
  attachments: { filename: string; content: Buffer }[];
}

export type SendOutcome =
  | { ok: true; answer: string }
  | { ok: false; permanent: boolean; error: string };

export interface EmailChannel {
  send(mail: OutgoingMail): Promise<SendOutcome>;
  close(): void;
}

export function emailChannel(options: { smtpUrl: string; mailFrom: string }): EmailChannel {
  const transport: Transporter = nodemailer.createTransport({
    url: options.smtpUrl,
    pool: true,
    maxConnections: 4,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({
          from: options.mailFrom,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          attachments: mail.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: 'application/pdf' })),
        });
        // A recipient refused while others were accepted: one recipient per mail, so it is this one.
        if (info.rejected.length > 0) return { ok: false, permanent: true, error: answerOf(info.rejectedErrors?.[0]) ?? `Recipient rejected: ${mail.to}` };
        return { ok: true, answer: info.response };
      } catch (error) {
        return failureOf(error);
      }
    },
    close() {
      transport.close();
    },
  };
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * A 5xx answer to the message or its recipient is permanent. A refused login (also 5xx) is a
 * fault of our relay settings, not of the mail: it is retried like an unreachable relay.
 */
function failureOf(error: unknown): SendOutcome {
  const smtp = error as SmtpError;
  const code = smtp.responseCode;
  const answer = answerOf(smtp) ?? String(error);
  const permanent = code !== undefined && code >= 500 && code < 600 && smtp.code !== 'EAUTH';
  return { ok: false, permanent, error: answer };
}

/** The server's own words when it answered, else the connection problem. */
function answerOf(error: SmtpError | undefined): string | undefined {
  if (!error) return undefined;
  if (error.response) return error.response.trim();
  return error.message;
}
