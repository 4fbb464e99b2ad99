// The outbox worker: sends the deliveries use cases queued (./outbox.ts), after their commit.
//
// A round claims due PENDING rows with a lease — attempts + 1 and next_attempt_at pushed past
// the lease, committed before anything goes out — so two workers (two server instances on one
// database) never send the same row at once, and a worker that dies mid-send leaves the row to
// be tried again when the lease runs out (an email then carries the same Message-ID). Only
// PENDING rows are claimed: a delivery recorded SENT, DELIVERED or FAILED is never sent again.
// PORTAL rows are never claimed: they wait for an analyst to upload and record the reference.
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { retryDelay } from '../domain/receivables/delivery.js';
import type { Db } from '../services/db-types.js';
import { emailChannel, type EmailChannel, type OutgoingMail, type SendOutcome } from './channels/email.js';
import { writeEdiFile } from './channels/edi.js';
import { printBatchFor } from './channels/post.js';
import { configureOutbox, messageIdDomainOf, onQueued } from './outbox.js';
import { composeMail } from './compose.js';
import { invoiceUbl } from '../services/documents/documents.service.js';

export const NO_SMTP_REASON = 'No SMTP server configured (LEDGERLINE_SMTP_URL): the email waits.';

export interface DeliveryWorkerOptions {
  prisma: Db;
  config: Config;
  /** The server's own address, for portal links when LEDGERLINE_PUBLIC_URL is unset. */
  serverUrl?: string;
  logger?: Logger;
  /** Rows claimed per round. */
  batchSize?: number;
}

export interface DeliveryWorker {
  /** One round: claims what is due and sends it; returns how many deliveries it tried. */
  runOnce(): Promise<number>;
  /** Rounds every poll interval, and soon after deliveries are queued in this process. */
  start(): void;
  /** Stops polling and waits for the round under way. */
  stop(): Promise<void>;
}

/** A claimed row, as the claim returns it. */
export interface ClaimedDelivery {
  id: number;
  kind: 'INVOICE' | 'STATEMENT' | 'DUNNING_LETTER';
  channel: 'EMAIL' | 'EDI' | 'POST';
  recipient: string;
  attempts: number;
  messageId: string | null;
  customerId: number;
  /** The invoice's number (kind INVOICE). */
  invoiceNumber: string | null;
  dunningLetterId: number | null;
  statementFrom: Date | null;
  statementTo: Date | null;
}

type Outcome = { ok: true; printBatch?: Date } | { ok: false; permanent: boolean; error: string };

const PARALLEL_SENDS = 4;

export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { prisma, config } = options;
  configureOutbox({ mailFrom: config.mailFrom });
  const batchSize = options.batchSize ?? 20;
  const baseUrl = (config.publicUrl ?? new URL('/', options.serverUrl ?? 'http://localhost:4000/').href).replace(/\/+$/, '');
  const email: EmailChannel | null = config.smtpUrl ? emailChannel({ smtpUrl: config.smtpUrl, mailFrom: config.mailFrom }) : null;
  const channels = email ? ['EMAIL', 'EDI', 'POST'] : ['EDI', 'POST'];

  let timer: NodeJS.Timeout | null = null;
  let timerDue = 0;
  let running: Promise<unknown> | null = null;
  let stopped = true;
  let closed = false;
  let wakeAfterRound = false;
  let unsubscribe: (() => void) | null = null;

  async function runOnce(): Promise<number> {
    if (closed) throw new Error('The delivery worker is stopped.');
    if (!email) await markEmailWaiting();
    const claimed = await claim();
    let next = 0;
    const lanes = Array.from({ length: Math.min(PARALLEL_SENDS, claimed.length) }, async () => {
      while (next < claimed.length) {
        const delivery = claimed[next++]!;
        await settle(delivery, await attempt(delivery));
      }
    });
    await Promise.all(lanes);
    return claimed.length;
  }

  /** Without a relay, due EMAIL rows say why they wait; their tries are not used up. */
  async function markEmailWaiting(): Promise<void> {
    await prisma.$executeRaw`
      UPDATE invoice_delivery SET last_error = ${NO_SMTP_REASON}
      WHERE status = 'PENDING' AND channel = 'EMAIL' AND next_attempt_at <= now() AND last_error IS DISTINCT FROM ${NO_SMTP_REASON}`;
  }

  async function claim(): Promise<ClaimedDelivery[]> {
    const leaseSeconds = config.deliveryLeaseMs / 1000;
    const domain = messageIdDomainOf(config.mailFrom);
    return prisma.$queryRaw<ClaimedDelivery[]>`
      UPDATE invoice_delivery d
      SET next_attempt_at = now() + make_interval(secs => ${leaseSeconds}::float8), attempts = d.attempts + 1,
        -- A row queued without a Message-ID (before the outbox fixed one) gets it now, kept for every later try.
        message_id = CASE WHEN d.channel = 'EMAIL' AND d.message_id IS NULL THEN '<' || gen_random_uuid() || '@' || ${domain}::text || '>' ELSE d.message_id END
      WHERE d.id IN (
        SELECT c.id FROM invoice_delivery c
        WHERE c.status = 'PENDING' AND c.channel::text = ANY(${channels}::text[]) AND c.next_attempt_at <= now()
        ORDER BY c.next_attempt_at, c.id
        LIMIT ${batchSize}::int
        FOR UPDATE SKIP LOCKED)
      RETURNING d.id, d.kind::text AS kind, d.channel::text AS channel, d.recipient, d.attempts, d.message_id AS "messageId",
        d.customer_id AS "customerId", (SELECT i.number FROM invoice i WHERE i.id = d.invoice_id) AS "invoiceNumber",
        d.dunning_letter_id AS "dunningLetterId",
        d.statement_from AS "statementFrom", d.statement_to AS "statementTo"`;
  }

  async function attempt(delivery: ClaimedDelivery): Promise<Outcome> {
    try {
      switch (delivery.channel) {
        case 'EMAIL':
          return await sendEmail(delivery);
        case 'EDI':
          return await sendEdi(delivery);
        case 'POST':
          return { ok: true, printBatch: printBatchFor(new Date(), config.timeZone).date };
      }
    } catch (error) {
      // A document that could not be made, a disk that refused the file: tried again later.
      options.logger?.error({ err: error, deliveryId: delivery.id }, 'delivery attempt failed');
      return { ok: false, permanent: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  async function sendEmail(delivery: ClaimedDelivery): Promise<SendOutcome> {
    const composed = await composeMail(prisma, delivery, { baseUrl, now: new Date() });
    if (!composed.ok) return composed;
    const mail: OutgoingMail = { ...composed.mail, to: delivery.recipient, messageId: delivery.messageId! };
    return email!.send(mail);
  }

  async function sendEdi(delivery: ClaimedDelivery): Promise<Outcome> {
    const xml = delivery.invoiceNumber ? await invoiceUbl(prisma, delivery.invoiceNumber) : null;
    if (!xml) return { ok: false, permanent: true, error: 'EDI delivers invoices only; this delivery has no issued invoice.' };
    await writeEdiFile(config.ediDir, delivery.invoiceNumber!, xml);
    return { ok: true };
  }

  /** Records the outcome, unless someone recorded one meanwhile (the row is no longer PENDING). */
  async function settle(delivery: ClaimedDelivery, outcome: Outcome): Promise<void> {
    if (outcome.ok) {
      await prisma.$executeRaw`
        UPDATE invoice_delivery SET status = 'SENT', sent_at = now(), last_error = NULL, print_batch = ${outcome.printBatch ?? null}::date
        WHERE id = ${delivery.id} AND status = 'PENDING'`;
      return;
    }
    const delay = outcome.permanent ? null : retryDelay(delivery.attempts, config.deliveryRetryMs);
    options.logger?.warn({ deliveryId: delivery.id, channel: delivery.channel, attempts: delivery.attempts, error: outcome.error, retryInMs: delay }, 'delivery failed');
    if (delay === null) {
      await prisma.$executeRaw`
        UPDATE invoice_delivery SET status = 'FAILED', last_error = ${outcome.error}
        WHERE id = ${delivery.id} AND status = 'PENDING'`;
    } else {
      await prisma.$executeRaw`
        UPDATE invoice_delivery SET last_error = ${outcome.error}, next_attempt_at = now() + make_interval(secs => ${delay / 1000}::float8)
        WHERE id = ${delivery.id} AND status = 'PENDING'`;
    }
  }

  /** The next round in `ms`, unless one is due sooner already (a stream of wake-ups never delays it). */
  function schedule(ms: number): void {
    if (stopped) return;
    const due = Date.now() + ms;
    if (timer && timerDue <= due) return;
    if (timer) clearTimeout(timer);
    timerDue = due;
    timer = setTimeout(tick, ms);
  }

  function tick(): void {
    timer = null;
    if (stopped || running) return;
    running = runOnce()
      .catch((error: unknown) => {
        options.logger?.error({ err: error }, 'delivery round failed');
        return 0;
      })
      .then((count) => {
        running = null;
        // A full batch: more may be due at once; deliveries queued during the round: soon.
        const soon = count >= batchSize || wakeAfterRound;
        wakeAfterRound = false;
        schedule(soon ? 50 : config.deliveryPollMs);
      });
  }

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      // Queued in a transaction that commits a moment later; the regular poll catches a miss.
      unsubscribe = onQueued(() => {
        if (running) wakeAfterRound = true;
        else schedule(50);
      });
      schedule(0);
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
      closed = true;
      email?.close();
    },
  };
}
