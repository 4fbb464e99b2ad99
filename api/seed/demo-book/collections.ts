// Disputes and collection activities: calls, emails, promises to pay (kept and broken).
import { fromMinorUnits } from '../../domain/money/money.js';
import type { ActivityKind } from '../../generated/prisma/enums.js';
import type { DemoBook } from './book.js';
import { Batch } from './bulk-insert.js';
import { AR_MANAGER, DISPUTE_REASONS, DISPUTE_RESOLUTIONS } from './catalogue.js';
import { iso, timestamp } from './days.js';
import type { CustomerPlan, PastDue, Receipt } from './plans.js';
import { Random } from './random.js';

/** An invoice ever disputed: opened a few days after issue, mostly resolved before payment. */
export function maybeDispute(book: DemoBook, invoiceId: number, customer: CustomerPlan, issueDay: number, rng: Random, batch: Batch): { open: boolean; payableFrom: number } {
  if (!rng.chance(0.025)) return { open: false, payableFrom: issueDay };
  const opened = issueDay + rng.int(2, 25);
  if (opened > book.today) return { open: false, payableFrom: issueDay };
  const resolvedDay = opened + rng.int(4, 50);
  const resolved = resolvedDay <= book.today && rng.chance(0.8);
  const reason = rng.pick(DISPUTE_REASONS);
  batch.disputes.add({
    id: ++book.ids.dispute,
    invoice_id: invoiceId,
    reason,
    opened_date: iso(opened),
    opened_by: customer.collector,
    resolved_date: resolved ? iso(resolvedDay) : null,
    resolution: resolved ? rng.pick(DISPUTE_RESOLUTIONS) : null,
    resolved_by: resolved ? rng.pick([customer.collector, AR_MANAGER]) : null,
  });
  addActivity(book, batch, { customer, kind: 'DISPUTE', day: opened, note: reason, followUp: opened + 7, invoices: [invoiceId] });
  return resolved ? { open: false, payableFrom: resolvedDay + rng.int(2, 15) } : { open: true, payableFrom: Infinity };
}

export function addActivity(
  book: DemoBook,
  batch: Batch,
  a: { customer: CustomerPlan; kind: ActivityKind; day: number; note: string; followUp?: number | null; invoices: number[]; actor?: string; promise?: { day: number; amountMinor: number } },
): void {
  const id = ++book.ids.activity;
  batch.activities.add({
    id,
    customer_id: a.customer.id,
    kind: a.kind,
    activity_date: iso(a.day),
    note: a.note,
    promise_date: a.promise ? iso(a.promise.day) : null,
    promise_amount: a.promise ? fromMinorUnits(a.promise.amountMinor, a.customer.places) : null,
    currency: a.promise ? a.customer.currency : null,
    next_follow_up: a.followUp == null ? null : iso(a.followUp),
    actor: a.actor ?? a.customer.collector,
    created_at: timestamp(a.day, 14 * 60 + (id % 180)),
  });
  for (const invoiceId of a.invoices) batch.activityInvoices.add({ activity_id: id, invoice_id: invoiceId });
}

/** The chase of an invoice that was paid late: reminder, call, perhaps a promise (kept or broken), escalation. */
export function emitHistory(book: DemoBook, invoiceId: number, number: string, customer: CustomerPlan, totalMinor: number, dueDay: number, receipts: Receipt[], rng: Random, batch: Batch): void {
  const final = receipts[receipts.length - 1]!;
  const late = final.day - dueDay;
  if (late <= 7 || !rng.chance(0.5)) return;
  const reminder = dueDay + rng.int(2, 6);
  if (reminder < final.day) {
    addActivity(book, batch, { customer, kind: 'EMAIL', day: reminder, note: `Payment reminder sent for ${number}`, followUp: reminder + 7, invoices: [invoiceId] });
  }
  const call = dueDay + rng.int(10, 18);
  if (late > 20 && call < final.day) {
    const promise = rng.chance(0.5);
    addActivity(book, batch, {
      customer,
      kind: 'CALL',
      day: call,
      note: rng.pick(['Called AP; invoice approved, waiting for the payment run', 'Left a voicemail with accounts payable', 'AP asked for a copy of the invoice; re-sent']),
      followUp: call + 7,
      invoices: [invoiceId],
    });
    if (promise) {
      const kept = final.day - call < 4 || rng.chance(0.65);
      const promiseDay = kept ? final.day + rng.int(0, 3) : call + rng.int(3, Math.min(10, final.day - call - 1));
      const paidBefore = receipts.filter((r) => r.day < call).reduce((sum, r) => sum + r.amountMinor + r.discountMinor, 0);
      addActivity(book, batch, {
        customer,
        kind: 'PROMISE_TO_PAY',
        day: call,
        note: kept ? 'Customer committed to pay in the next run' : 'Customer promised payment by the end of the week',
        followUp: promiseDay + 1,
        invoices: [invoiceId],
        promise: { day: promiseDay, amountMinor: kept ? final.amountMinor : totalMinor - paidBefore },
      });
    }
  }
  const escalation = dueDay + rng.int(45, 60);
  if (late > 60 && escalation < final.day) {
    addActivity(book, batch, { customer, kind: 'ESCALATION', day: escalation, note: `Escalated ${number} to the account manager`, followUp: escalation + 14, invoices: [invoiceId], actor: AR_MANAGER });
  }
}

/**
 * Collectors' work on today's past-due invoices: reminders, calls, notes, escalations with
 * follow-up dates, and promises to pay — some broken (date passed, nothing received), some
 * still pending (date on or after today).
 */
export function generateCollections(book: DemoBook, batch: Batch): void {
  const rng = book.rng('collections');
  const byCustomer = new Map<number, PastDue[]>();
  for (const item of book.pastDue) {
    if (item.openDispute) continue;
    const list = byCustomer.get(item.customer) ?? [];
    list.push(item);
    byCustomer.set(item.customer, list);
  }
  const today = book.today;
  let broken = 0;
  let fallback: { customer: CustomerPlan; item: PastDue } | null = null;
  for (const [index, items] of [...byCustomer.entries()].sort((a, b) => a[0] - b[0])) {
    const customer = book.customers[index]!;
    items.sort((a, b) => a.dueDay - b.dueDay || a.id - b.id);
    for (const item of items.slice(0, 5)) {
      const reminder = item.dueDay + rng.int(2, 6);
      if (reminder <= today) addActivity(book, batch, { customer, kind: 'EMAIL', day: reminder, note: 'Payment reminder sent', followUp: reminder + 10, invoices: [item.id] });
      const call = item.dueDay + rng.int(12, 20);
      if (call <= today) {
        addActivity(book, batch, {
          customer,
          kind: 'CALL',
          day: call,
          note: rng.pick(['Called AP; no answer', 'AP says the invoice is in approval', 'Spoke to the controller; payment run delayed']),
          followUp: call + rng.int(5, 10),
          invoices: [item.id],
        });
      }
      const escalation = item.dueDay + rng.int(45, 60);
      if (escalation <= today) {
        addActivity(book, batch, { customer, kind: 'ESCALATION', day: escalation, note: 'Escalated to the account manager; credit hold considered', followUp: escalation + 14, invoices: [item.id], actor: AR_MANAGER });
      }
      const note = item.dueDay + rng.int(91, 120);
      if (note <= today) {
        addActivity(book, batch, { customer, kind: 'NOTE', day: note, note: rng.pick(['Final demand letter sent', 'Account put on credit hold', 'Referred for collection agency review']), followUp: note + 14, invoices: [item.id] });
      }
    }
    if (items.length > 5) {
      const day = Math.max(items[0]!.dueDay + 1, today - rng.int(0, 20));
      if (day <= today) {
        addActivity(book, batch, { customer, kind: 'EMAIL', day, note: 'Statement of account sent', followUp: day + 7, invoices: items.filter((i) => i.issueDay <= day).map((i) => i.id) });
      }
    }

    const target = items[0]!;
    const firstDay = Math.max(target.dueDay + 1, target.lastReceiptDay + 1);
    if (fallback === null && firstDay <= today - 2) fallback = { customer, item: target };
    if (!rng.chance(0.4)) continue;
    if (rng.chance(0.55) && firstDay <= today - 2) {
      brokenPromise(book, batch, customer, target, firstDay, rng);
      broken += 1;
    } else {
      const day = Math.max(firstDay, today - rng.int(0, 10));
      if (day > today) continue;
      addActivity(book, batch, {
        customer,
        kind: 'PROMISE_TO_PAY',
        day,
        note: 'Customer promised payment',
        followUp: day + rng.int(3, 14),
        invoices: [target.id],
        promise: { day: today + rng.int(0, 21), amountMinor: target.balanceMinor },
      });
    }
  }
  // The worklist shows broken promises first; make sure a small book still has one.
  if (broken === 0 && fallback) brokenPromise(book, batch, fallback.customer, fallback.item, Math.max(fallback.item.dueDay + 1, fallback.item.lastReceiptDay + 1), rng);
}

export function brokenPromise(book: DemoBook, batch: Batch, customer: CustomerPlan, item: PastDue, firstDay: number, rng: Random): void {
  const day = firstDay + Math.floor(rng.next() * (book.today - 1 - firstDay));
  const promiseDay = day + rng.int(1, Math.max(1, Math.min(14, book.today - 1 - day)));
  addActivity(book, batch, {
    customer,
    kind: 'PROMISE_TO_PAY',
    day,
    note: 'Customer promised payment; not received',
    followUp: promiseDay + 1,
    invoices: [item.id],
    promise: { day: promiseDay, amountMinor: item.balanceMinor },
  });
}
