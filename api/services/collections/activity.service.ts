// Logging collection activities (calls, emails, notes, promises to pay, disputes, escalations)
// as one atomic batch: every row is checked, any error writes nothing.
//
// A promise to pay names its invoices, or (from the worklist) the worklist's date `asOf`: the
// server then picks the customer's invoices past due as of that date in the promise's currency
// (default the billing currency), leaving out those in open dispute or under an unbroken
// promise, and refuses an amount above what they owe (api/domain/collections/promise-cover.ts).
import type { Actor } from '../../domain/actor.js';
import { checkDisputable } from '../../domain/collections/disputes.js';
import { coverPromise } from '../../domain/collections/promise-cover.js';
import { COLUMN_LIMITS } from '../../domain/column-limits.js';
import { dateFromIso, daysBetween, parseIsoDate } from '../../domain/dates.js';
import { ErrorCode, ErrorCollector } from '../../domain/errors.js';
import { MAX_BATCH_ROWS } from '../../domain/limits.js';
import { Money, parseAmount, parseCurrency } from '../../domain/money/money.js';
import { LIMITS, optionalText } from '../../domain/text.js';
import type { CollectionActivity, Invoice } from '../../generated/prisma/client.js';
import type { ActivityKind } from '../../generated/prisma/enums.js';
import { recordAudit } from '../audit.js';
import type { Db } from '../db-types.js';
import { runIdempotent } from '../idempotency.js';
import { lockInvoices } from '../lookups.js';
import { openDisputeOn } from './dispute.service.js';
import { promiseCandidates } from './promise-cover.service.js';

export interface ActivityInput {
  customerCode: string;
  invoiceNumbers?: string[] | null;
  kind: ActivityKind;
  note?: string | null;
  activityDate?: string | null;
  promiseDate?: string | null;
  promiseAmount?: string | null;
  nextFollowUp?: string | null;
  /** PROMISE_TO_PAY without invoiceNumbers: the promise covers the invoices past due as of this date. */
  asOf?: string | null;
  /** PROMISE_TO_PAY: the promise's currency (default: the billing currency with asOf, the invoices' with invoiceNumbers). */
  currency?: string | null;
}

export async function logCollectionActivities(
  prisma: Db,
  actor: Actor,
  input: { activities: ActivityInput[]; idempotencyKey?: string | null },
  today: string,
): Promise<CollectionActivity[]> {
  const { idempotencyKey, ...payload } = input;
  const errors = new ErrorCollector();
  if (input.activities.length === 0) errors.add(['activities'], 'Give at least one activity.');
  if (input.activities.length > MAX_BATCH_ROWS) {
    errors.add(['activities'], `${input.activities.length} activities given; at most ${MAX_BATCH_ROWS} per batch.`, ErrorCode.OUT_OF_RANGE);
  }
  errors.throwIfAny();

  return runIdempotent(
    prisma,
    { actor, operation: 'logCollectionActivities', key: idempotencyKey, payload },
    async (tx) => {
      const customerCodes = [...new Set(input.activities.map((a) => a.customerCode.trim().toUpperCase()))];
      const invoiceNumbers = [...new Set(input.activities.flatMap((a) => a.invoiceNumbers ?? []).map((n) => n.trim().toUpperCase()))];
      const customers = new Map((await tx.customer.findMany({ where: { code: { in: customerCodes } } })).map((c) => [c.code, c]));
      const found = await tx.invoice.findMany({ where: { number: { in: invoiceNumbers } } });
      // Invoices a DISPUTE row changes are locked first, so the checks below read their state
      // after any racing dispute has been written.
      const disputedNumbers = new Set(input.activities.filter((a) => a.kind === 'DISPUTE').flatMap((a) => a.invoiceNumbers ?? []).map((n) => n.trim().toUpperCase()));
      const locked = await lockInvoices(tx, found.filter((i) => disputedNumbers.has(i.number!)).map((i) => i.id));
      const invoices = new Map([...found, ...locked].map((i) => [i.number!, i] as const));

      const disputedInBatch = new Set<number>();
      const rows = input.activities.map((activity, index) => {
        const at = ['activities', String(index)];
        const customer = customers.get(activity.customerCode.trim().toUpperCase());
        if (!customer) errors.add([...at, 'customerCode'], `No customer with code "${activity.customerCode.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
        const linked: Invoice[] = [];
        (activity.invoiceNumbers ?? []).forEach((raw, i) => {
          const invoice = invoices.get(raw.trim().toUpperCase());
          if (!invoice) errors.add([...at, 'invoiceNumbers', String(i)], `No issued invoice numbered "${raw.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
          else if (linked.includes(invoice)) {
            errors.add([...at, 'invoiceNumbers', String(i)], `Invoice ${invoice.number} is listed twice; name each invoice once.`, ErrorCode.DUPLICATE);
          } else if (customer && invoice.customerId !== customer.id) {
            errors.add([...at, 'invoiceNumbers', String(i)], `Invoice ${invoice.number} belongs to another customer than ${customer.code}.`);
          } else linked.push(invoice);
        });
        const note = errors.check(() => optionalText(activity.note, [...at, 'note'], { max: LIMITS.note, what: 'The note' }));
        const activityDate = activity.activityDate ? errors.check(() => parseIsoDate(activity.activityDate!, [...at, 'activityDate'])) : today;
        const nextFollowUp = activity.nextFollowUp ? errors.check(() => parseIsoDate(activity.nextFollowUp!, [...at, 'nextFollowUp'])) : null;
        let promiseDate: string | null | undefined = null;
        let promiseAmount: string | null = null;
        let currency: string | null = null;
        let cover: { asOf: string } | null = null;
        if (activity.kind === 'PROMISE_TO_PAY') {
          const named = (activity.invoiceNumbers ?? []).length > 0;
          const requested = activity.currency ? errors.check(() => parseCurrency(activity.currency!, [...at, 'currency'])) ?? null : null;
          if (named && activity.asOf) {
            errors.add([...at, 'asOf'], 'Give either invoiceNumbers or asOf, not both: with asOf the promise covers the invoices past due on that date.');
          } else if (!named && !activity.asOf) {
            errors.add([...at, 'invoiceNumbers'], 'A promise to pay names the invoice(s) it covers, or the worklist date (asOf) whose past-due invoices it covers.');
          }
          if (!named && activity.asOf) {
            const asOf = errors.check(() => parseIsoDate(activity.asOf!, [...at, 'asOf']));
            if (asOf && activityDate && daysBetween(activityDate, asOf) > 0) {
              errors.add([...at, 'asOf'], `asOf ${asOf} is after the day the promise is made (${activityDate}); a promise covers invoices already past due. Name invoices not yet due with invoiceNumbers.`, ErrorCode.OUT_OF_RANGE);
            } else if (asOf && customer) cover = { asOf };
            currency = requested ?? customer?.currency ?? null;
          } else {
            const currencies = [...new Set(linked.map((i) => i.currency))];
            if (currencies.length > 1) errors.add([...at, 'invoiceNumbers'], `A promise covers invoices of one currency; these are in ${currencies.join(', ')}.`);
            else if (requested && currencies[0] && currencies[0] !== requested) {
              errors.add([...at, 'currency'], `The promise is in ${requested} but its invoices are in ${currencies[0]}; a promise is in its invoices' currency.`);
            }
            currency = currencies[0] ?? null;
          }
          if (!activity.promiseDate) errors.add([...at, 'promiseDate'], 'A promise to pay needs a promise date.');
          else promiseDate = errors.check(() => parseIsoDate(activity.promiseDate!, [...at, 'promiseDate']));
          // Only against a date given with it: a promise logged today may be dated in the past
          // (recorded after the fact).
          if (promiseDate && activity.activityDate && activityDate && daysBetween(activityDate, promiseDate) < 0) {
            errors.add([...at, 'promiseDate'], `The promise date ${promiseDate} is before the day the promise was made (${activityDate}).`, ErrorCode.OUT_OF_RANGE);
          }
          if (!activity.promiseAmount) errors.add([...at, 'promiseAmount'], 'A promise to pay needs an amount.');
          else if (currency) {
            promiseAmount = errors.check(() => parseAmount(activity.promiseAmount!, [...at, 'promiseAmount'], { currency: currency!, below: COLUMN_LIMITS.amount, what: 'A promised amount' }))?.toString() ?? null;
          }
        } else if (activity.promiseDate || activity.promiseAmount || activity.asOf || activity.currency) {
          errors.add([...at, 'kind'], 'A promise date, amount, asOf or currency goes only with kind PROMISE_TO_PAY.');
        }
        if (activity.kind === 'DISPUTE') {
          if (linked.length === 0 && (activity.invoiceNumbers ?? []).length === 0) errors.add([...at, 'invoiceNumbers'], 'A dispute names the invoice(s) disputed.');
          if (!note) errors.add([...at, 'note'], 'A dispute needs a note giving its reason.');
          for (const invoice of linked) {
            // A dispute opened by an earlier row of this batch counts too.
            checkDisputable({ ...invoice, disputed: invoice.disputed || disputedInBatch.has(invoice.id) }, [...at, 'invoiceNumbers'], errors);
            disputedInBatch.add(invoice.id);
          }
        }
        return { customer, linked, covered: [] as number[], cover, kind: activity.kind, note, activityDate, nextFollowUp, promiseDate, promiseAmount, currency, at };
      });
      // Promises made against the worklist's date: the server picks their invoices. An invoice
      // an earlier row of this batch promised counts as under a promise for the later rows.
      const promisedInBatch = new Set<number>();
      for (const row of rows) {
        if (!row.cover || !row.currency || !row.activityDate) continue;
        const candidates = await promiseCandidates(tx, { customerId: row.customer!.id, asOf: row.cover.asOf, madeOn: row.activityDate });
        const covered = coverPromise(
          {
            customerCode: row.customer!.code,
            currency: row.currency,
            asOf: row.cover.asOf,
            amount: row.promiseAmount ? new Money(row.promiseAmount) : null,
            candidates: candidates.map((c) => ({ ...c, underPromise: c.underPromise || promisedInBatch.has(c.id) })),
          },
          [...row.at, 'promiseAmount'],
          errors,
        );
        for (const invoice of covered?.invoices ?? []) {
          row.covered.push(invoice.id);
          promisedInBatch.add(invoice.id);
        }
      }
      errors.throwIfAny();

      const created: number[] = [];
      for (const row of rows) {
        const activity = await tx.collectionActivity.create({
          data: {
            customerId: row.customer!.id,
            kind: row.kind,
            activityDate: dateFromIso(row.activityDate!),
            note: row.note ?? null,
            promiseDate: row.promiseDate ? dateFromIso(row.promiseDate) : null,
            promiseAmount: row.promiseAmount,
            currency: row.currency,
            nextFollowUp: row.nextFollowUp ? dateFromIso(row.nextFollowUp) : null,
            actor: actor.name,
            invoices: { create: [...row.linked.map((invoice) => invoice.id), ...row.covered].map((invoiceId) => ({ invoiceId })) },
          },
        });
        if (row.kind === 'DISPUTE') {
          for (const invoice of row.linked) {
            // As openDispute without the structured details: reason code OTHER, the whole open balance.
            await openDisputeOn(tx, actor, invoice.id, { reason: row.note! }, row.activityDate!, [...row.at, 'invoiceNumbers']);
          }
        }
        created.push(activity.id);
      }
      await recordAudit(
        tx,
        actor,
        created.map((id, i) => ({ action: 'logCollectionActivity', recordType: 'CollectionActivity', recordId: id, after: input.activities[i] })),
      );
      return { ids: created };
    },
    (stored, tx) => tx.collectionActivity.findMany({ where: { id: { in: stored.ids } }, orderBy: { id: 'asc' } }),
  );
}
