// Receipts and payments: on time, late, in instalments, with discount, batched, over-paid.
import { addMonths, daysInMonth, isoOf, parts, toDayNumber } from '../../domain/dates.js';
import { Money, fromMinorUnits, toMinorUnits } from '../../domain/money/money.js';
import { discountAvailable } from '../../domain/receivables/payment-application.js';
import type { DemoBook } from './book.js';
import { Batch } from './bulk-insert.js';
import { ENTITIES, STUCK, type PayRun, type Profile } from './catalogue.js';
import { compactDate, iso, nextBusinessDay, previousBusinessDay, timestamp, weekday } from './days.js';
import type { CustomerPlan, PlannedInvoice, Receipt } from './plans.js';
import { Random } from './random.js';

/** What the customer pays and when: on time, late, in two instalments, early with discount, or not yet. */
export function receiptsFor(book: DemoBook, customer: CustomerPlan, plan: PlannedInvoice, dueDay: number, payableFrom: number, rng: Random): Receipt[] {
  const total = plan.totalMinor;
  if (payableFrom === Infinity) return [];
  const terms = book.terms(plan.terms).parsed;
  if (terms.kind === 'DISCOUNT' && payableFrom === plan.issueDay && rng.chance(customer.discountTaker)) {
    const day = Math.max(plan.issueDay, previousBusinessDay(plan.issueDay + rng.int(1, terms.discountDays)));
    const offered = discountAvailable({ paymentTerms: plan.terms, issueDate: iso(plan.issueDay), total: new Money(fromMinorUnits(total, customer.places)), currency: customer.currency }, iso(day));
    const discount = offered === null ? 0 : toMinorUnits(offered, customer.currency);
    if (day <= book.today && discount > 0 && discount < total) return [{ day, amountMinor: total - discount, discountMinor: discount, batchable: false }];
    if (day > book.today) return [];
  }

  const stuck = rng.chance(STUCK[customer.profile]);
  let payDay = Infinity;
  if (!stuck) {
    const earliest = Math.max(plan.issueDay, payableFrom);
    const target = Math.max(earliest, dueDay + delay(customer.profile, rng));
    payDay = nextBusinessDay(target);
    if (customer.payRun) {
      // Accounts payable pays in runs: the last run before the due date when paying on time,
      // else the next run.
      const [before, after] = paymentRuns(customer.payRun, payDay);
      payDay = target <= dueDay && before >= earliest ? before : after;
    }
  }

  const receipts: Receipt[] = [];
  const instalment = stuck ? rng.chance(0.3) : rng.chance(0.06);
  let remaining = total;
  if (instalment && total >= 2) {
    const first = stuck ? plan.issueDay + rng.int(30, 150) : Math.max(plan.issueDay, payableFrom, payDay - rng.int(10, 40));
    const percent = rng.int(20, 70);
    const part = Math.max(1, (total * percent - ((total * percent) % 100)) / 100);
    const day = nextBusinessDay(first);
    if (day <= book.today && part < total && day < payDay) {
      receipts.push({ day, amountMinor: part, discountMinor: 0, batchable: false });
      remaining -= part;
    }
  }
  if (payDay <= book.today) receipts.push({ day: payDay, amountMinor: remaining, discountMinor: 0, batchable: receipts.length === 0 && customer.payRun !== null });
  return receipts;
}

/** Days after the due date a customer of this profile pays. */
export function delay(profile: Profile, rng: Random): number {
  switch (profile) {
    case 'PROMPT':
      return rng.chance(0.9) ? rng.int(-8, 0) : rng.int(1, 12);
    case 'NORMAL':
      return rng.weighted([[rng.int(-6, 3), 60], [rng.int(4, 25), 30], [rng.int(26, 60), 10]] as const);
    case 'SLOW':
      return rng.weighted([[rng.int(0, 10), 30], [rng.int(11, 45), 45], [rng.int(46, 100), 25]] as const);
    case 'CHRONIC':
      return rng.weighted([[rng.int(5, 30), 25], [rng.int(31, 90), 50], [rng.int(91, 200), 25]] as const);
  }
}

/**
 * Receipts become payments: batchable receipts of a customer on the same day share one payment
 * (within the month being generated); a few payments are rounded up, leaving unapplied cash.
 */
export function emitPayments(book: DemoBook, invoiceId: number, customer: CustomerPlan, receipts: Receipt[], batch: Batch, rng: Random): void {
  for (const receipt of receipts) {
    const key = `${customer.id}/${receipt.day}`;
    let entry = receipt.batchable ? book.sharedPayments.get(key) : undefined;
    if (!entry) {
      const id = ++book.ids.payment;
      const method = rng.pick(ENTITIES[customer.entity]!.paymentMethods);
      entry = {
        payment: {
          id,
          customer_id: customer.id,
          received_date: iso(receipt.day),
          amount: '0',
          currency: customer.currency,
          reference: `${method}-${compactDate(receipt.day)}-${String(id).padStart(6, '0')}`,
          unapplied_amount: '0',
          created_at: timestamp(receipt.day, 12 * 60 + (id % 300)),
        },
        applied: 0,
      };
      book.monthPayments.push(entry);
      if (receipt.batchable) book.sharedPayments.set(key, entry);
    }
    entry.applied += receipt.amountMinor;
    batch.applications.add({
      id: ++book.ids.application,
      payment_id: entry.payment.id,
      invoice_id: invoiceId,
      amount: fromMinorUnits(receipt.amountMinor, customer.places),
      discount: fromMinorUnits(receipt.discountMinor, customer.places),
      received_date: iso(receipt.day),
    });
  }
}

/** Writes the month's payments once all their applications are known. */
export function closePayments(book: DemoBook, batch: Batch, rng: Random): void {
  for (const { payment, applied } of book.monthPayments) {
    const customer = book.customers[payment.customer_id - 1]!;
    const scale = 10 ** customer.places;
    let unapplied = 0;
    if (rng.chance(0.02)) {
      const roundTo = (customer.currency === 'JPY' ? 10_000 : 100) * scale;
      unapplied = (roundTo - (applied % roundTo)) % roundTo || roundTo;
    }
    batch.payments.add({ ...payment, amount: fromMinorUnits(applied + unapplied, customer.places), unapplied_amount: fromMinorUnits(unapplied, customer.places) });
  }
  book.monthPayments = [];
  book.sharedPayments.clear();
}

/** The payment runs on or before and on or after a day: Fridays, or the 15th and the month end (the business day before, if need be). */
export function paymentRuns(payRun: NonNullable<PayRun>, day: number): [number, number] {
  if (payRun === 'FRIDAY') return [day - ((weekday(day) - 5 + 7) % 7), day + ((5 - weekday(day) + 7) % 7)];
  const runs: number[] = [];
  const { year, month } = parts(iso(day));
  for (const offset of [-1, 0, 1]) {
    const first = addMonths(isoOf(year, month, 1), offset);
    const { year: y, month: m } = parts(first);
    runs.push(previousBusinessDay(toDayNumber(isoOf(y, m, 15))), previousBusinessDay(toDayNumber(isoOf(y, m, daysInMonth(y, m)))));
  }
  return [Math.max(...runs.filter((run) => run <= day)), Math.min(...runs.filter((run) => run >= day))];
}
