// Invoices month by month: contract billings and ad hoc sales, numbering, delivery, their fate.
import { Money, fromMinorUnits, roundMoney, toMinorUnits } from '../../domain/money/money.js';
import { invoiceDeliveries } from '../../domain/receivables/delivery.js';
import { invoiceNumber } from '../../domain/receivables/invoice-number.js';
import { statusAfterSettlement } from '../../domain/receivables/open-balance.js';
import type { InvoiceStatus } from '../../generated/prisma/enums.js';
import type { DemoBook } from './book.js';
import { Batch, type DeliveryRow } from './bulk-insert.js';
import { DELIVERY_FAILURES, DEMO_MONTHS, ENTITIES, VOID_REASONS, type QuantityKind } from './catalogue.js';
import { emitHistory, maybeDispute } from './collections.js';
import { poNumber } from './customers.js';
import { iso, monthPeriod, timestamp } from './days.js';
import { closePayments, emitPayments, receiptsFor } from './payments.js';
import type { CustomerPlan, PlannedInvoice, PlannedLine, Receipt } from './plans.js';
import { Random, allocate, pickCumulative } from './random.js';

/** Invoices not billed from contracts, spread over the months by business days and growth. */
export function adhocPerMonth(book: DemoBook): number[] {
  const contractTotal = book.billings.reduce((sum, month) => sum + month.length, 0);
  const weights: number[] = [];
  for (let m = 0; m < DEMO_MONTHS; m++) {
    let days = 0;
    const start = book.monthStart(m);
    const end = Math.min(book.monthStart(m + 1) - 1, book.today);
    for (let day = start; day <= end; day++) days += book.dayWeight(day);
    weights.push(days * (0.85 + (0.3 * m) / (DEMO_MONTHS - 1)));
  }
  return allocate(Math.max(0, book.options.invoices - contractTotal), weights);
}

export async function generateMonth(book: DemoBook, m: number, adhocCount: number): Promise<Batch> {
  const rng = book.rng(`month-${m}`);
  const start = book.monthStart(m);
  const end = Math.min(book.monthStart(m + 1) - 1, book.today);
  const days: number[] = [];
  for (let day = start; day <= end; day++) days.push(day);
  let cumulative = 0;
  const dayCumulative = Float64Array.from(days, (day) => (cumulative += book.dayWeight(day)));

  const planned: PlannedInvoice[] = [];
  for (const { contract, day } of book.billings[m]!) {
    const customer = book.customers[contract.customer]!;
    planned.push({
      order: planned.length,
      customer: contract.customer,
      contract,
      period: monthPeriod(day),
      issueDay: day,
      terms: contract.terms ?? customer.terms,
      po: contract.po ?? (customer.poRequired ? poNumber(customer, rng) : null),
      lines: [{ description: `${contract.lineDescription} — ${monthPeriod(day)}`, quantity: contract.quantity, unitPrice: contract.unitPrice, amountMinor: contract.amountMinor }],
      totalMinor: contract.amountMinor,
      draft: false,
    });
  }
  for (let k = 0; k < adhocCount; k++) {
    const customerIndex = pickCumulative(book.customerCumulative, rng);
    const customer = book.customers[customerIndex]!;
    const lines = adhocLines(book, customer, rng);
    planned.push({
      order: planned.length,
      customer: customerIndex,
      contract: null,
      period: null,
      issueDay: days[pickCumulative(dayCumulative, rng)]!,
      terms: customer.terms,
      po: customer.poRequired || rng.chance(0.35) ? poNumber(customer, rng) : null,
      lines,
      totalMinor: lines.reduce((sum, line) => sum + line.amountMinor, 0),
      draft: false,
    });
  }
  planned.sort((a, b) => a.issueDay - b.issueDay || a.order - b.order);

  if (m === DEMO_MONTHS - 1) {
    // A handful of drafts among the latest ad-hoc invoices: prepared, not yet issued.
    let drafts = Math.min(60, Math.max(3, Math.round(book.options.invoices / 2000)));
    for (let i = planned.length - 1; i >= 0 && drafts > 0; i--) {
      if (planned[i]!.contract === null) {
        planned[i]!.draft = true;
        drafts -= 1;
      }
    }
  }

  const batch = new Batch();
  for (let i = 0; i < planned.length; i++) {
    if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
    emitInvoice(book, planned[i]!, rng, batch);
  }
  closePayments(book, batch, rng);
  return batch;
}

export function adhocLines(book: DemoBook, customer: CustomerPlan, rng: Random): PlannedLine[] {
  const count = rng.weighted([[1, 45], [2, 30], [3, 15], [4, 10]] as const);
  const prices = book.prices.get(customer.currency)!;
  const lines: PlannedLine[] = [];
  for (let i = 0; i < count; i++) {
    const { text: unitPrice, product } = rng.pick(prices);
    const quantity = quantityFor(product.quantity, rng);
    const amount = roundMoney(new Money(quantity).times(unitPrice), customer.currency);
    lines.push({ description: product.description, quantity, unitPrice, amountMinor: toMinorUnits(amount, customer.currency) });
  }
  return lines;
}

export function quantityFor(kind: QuantityKind, rng: Random): string {
  switch (kind) {
    case 'SEATS':
      return String(rng.int(1, 100) * 5);
    case 'DAYS':
      return rng.chance(0.2) ? `${rng.int(1, 15)}.5` : String(rng.int(1, 20));
    case 'HOURS':
      return fromMinorUnits(rng.int(2, 480) * 25, 2);
    case 'UNITS':
      return String(rng.weighted([[rng.int(1, 5), 5], [rng.int(6, 50), 3], [rng.int(51, 400), 1]] as const));
    case 'FEW':
      return String(rng.weighted([[1, 4], [rng.int(2, 4), 3], [rng.int(5, 12), 1]] as const));
    case 'USAGE':
      return fromMinorUnits(rng.int(1_000_000, 900_000_000), 4);
    case 'ONE':
      return '1';
  }
}

export function emitInvoice(book: DemoBook, plan: PlannedInvoice, rng: Random, batch: Batch): void {
  const customer = book.customers[plan.customer]!;
  const entity = ENTITIES[customer.entity]!;
  const id = ++book.ids.invoice;
  const number = plan.draft ? null : invoiceNumber(entity.code, book.nextNumber[customer.entity]!++);
  const dueDay = book.dueDay(plan.terms, plan.issueDay);
  const places = customer.places;
  plan.lines.forEach((line, i) =>
    batch.lines.add({
      id: ++book.ids.line,
      invoice_id: id,
      line_no: i + 1,
      description: line.description,
      quantity: line.quantity,
      unit_price: line.unitPrice,
      amount: fromMinorUnits(line.amountMinor, places),
    }),
  );

  let status: InvoiceStatus = plan.draft ? 'DRAFT' : 'ISSUED';
  let voidDay: number | null = null;
  let voidReason: string | null = null;
  let receipts: Receipt[] = [];
  let openDispute = false;
  if (!plan.draft) {
    emitDeliveries(book, id, customer, plan.issueDay, rng, batch);
    if (plan.contract === null && rng.chance(0.006)) {
      status = 'VOID';
      voidDay = Math.min(book.today, plan.issueDay + rng.int(0, 10));
      voidReason = rng.pick(VOID_REASONS);
    } else {
      const dispute = maybeDispute(book, id, customer, plan.issueDay, rng, batch);
      openDispute = dispute.open;
      receipts = receiptsFor(book, customer, plan, dueDay, dispute.payableFrom, rng);
    }
  }

  const paidMinor = receipts.reduce((sum, r) => sum + r.amountMinor + r.discountMinor, 0);
  const lastReceipt = receipts.reduce((last, r) => Math.max(last, r.day), -Infinity);
  if (status === 'ISSUED') status = statusAfterSettlement(new Money(fromMinorUnits(plan.totalMinor, places)), new Money(fromMinorUnits(paidMinor, places)));
  batch.invoices.add({
    id,
    number,
    entity_id: customer.entity + 1,
    customer_id: customer.id,
    contract_id: plan.contract?.id ?? null,
    billing_period: plan.period,
    issue_date: iso(plan.issueDay),
    due_date: iso(dueDay),
    currency: customer.currency,
    payment_terms: plan.terms,
    po_number: plan.po,
    subtotal: fromMinorUnits(plan.totalMinor, places),
    total: fromMinorUnits(plan.totalMinor, places),
    amount_paid: fromMinorUnits(paidMinor, places),
    paid_date: status === 'PAID' ? iso(lastReceipt) : null,
    status,
    disputed: openDispute,
    void_date: voidDay === null ? null : iso(voidDay),
    void_reason: voidReason,
    created_at: timestamp(plan.issueDay, 8 * 60 + (id % 600)),
  });
  emitPayments(book, id, customer, receipts, batch, rng);

  if (status === 'PAID') {
    emitHistory(book, id, number!, customer, plan.totalMinor, dueDay, receipts, rng, batch);
  } else if ((status === 'ISSUED' || status === 'PARTIALLY_PAID') && dueDay < book.today) {
    book.pastDue.push({
      id,
      customer: plan.customer,
      issueDay: plan.issueDay,
      dueDay,
      balanceMinor: plan.totalMinor - paidMinor,
      lastReceiptDay: lastReceipt,
      openDispute,
    });
  }
}

/**
 * The invoice's deliveries as the code paths leave them: the worker's SENT (an email accepted by
 * the relay, with its Message-ID; an EDI file written; a letter in the day's print batch), a
 * relay's 5xx answer (FAILED) followed by a resend, and what analysts record with
 * recordDelivery (DELIVERED with a portal upload id or an EDI acknowledgement; FAILED with
 * their note). Today's deliveries wait for the worker — except emails: a freshly started demo
 * server must not mail the demo customers, so its emails went out already.
 */
export function emitDeliveries(book: DemoBook, invoiceId: number, customer: CustomerPlan, issueDay: number, rng: Random, batch: Batch): void {
  // The month's stream draws what it always drew, so the rest of the book stays as it was;
  // the details come from a stream of the invoice's own.
  const minute = rng.int(7 * 60, 18 * 60);
  const own = new Random(book.options.seed, `delivery-${invoiceId}`);
  const at = (day: number, minutes: number, seconds = 0) => stamp(day, minutes, seconds);
  const created = at(issueDay, minute);
  const add = (row: Partial<DeliveryRow> & Pick<DeliveryRow, 'channel' | 'recipient' | 'status' | 'created_at'>) =>
    batch.deliveries.add({
      id: ++book.ids.delivery, invoice_id: invoiceId, customer_id: customer.id, next_attempt_at: row.created_at,
      attempts: 0, sent_at: null, reference: null, last_error: null, message_id: null, print_batch: null, ...row,
    });
  // Called in the argument of the add() that takes the next id: the id keeps Message-IDs unique
  // (streams of different invoices can start alike in a book of a million).
  const messageId = () => `<${hex(own, 8)}-${hex(own, 4)}-4${hex(own, 3)}-${'89ab'[own.int(0, 3)]}${hex(own, 3)}-${hex(own, 12)}.${book.ids.delivery + 1}@localhost>`;
  const planned = invoiceDeliveries({ code: customer.code, name: customer.name, deliveryChannel: customer.channel, billingEmails: customer.emails, portalUrl: customer.portalUrl });

  if (issueDay >= book.today) {
    for (const { channel, recipient } of planned) {
      if (channel === 'EMAIL') add({ channel, recipient, status: 'SENT', created_at: created, attempts: 1, sent_at: at(issueDay, minute, own.int(2, 9)), message_id: messageId() });
      else add({ channel, recipient, status: 'PENDING', created_at: created });
    }
    return;
  }
  const failed = rng.chance(0.03);
  const resendMinute = failed && issueDay + 1 <= book.today ? rng.int(8 * 60, 17 * 60) : null;
  const resendDay = issueDay + 1;
  const ageDays = book.today - issueDay;

  for (const [k, { channel, recipient }] of planned.entries()) {
    const fails = failed && k === 0;
    switch (channel) {
      case 'EMAIL': {
        if (fails) {
          add({ channel, recipient, status: 'FAILED', created_at: created, attempts: 1, message_id: messageId(), last_error: DELIVERY_FAILURES.EMAIL.replace('{recipient}', recipient) });
          if (resendMinute !== null) {
            const corrected = `accounts.payable@${recipient.slice(recipient.indexOf('@') + 1)}`;
            add({ channel, recipient: corrected, status: 'SENT', created_at: at(resendDay, resendMinute), attempts: 1, sent_at: at(resendDay, resendMinute, own.int(2, 9)), message_id: messageId() });
          }
        } else {
          // Now and then the relay greylisted the first try (451) and took the second.
          const attempts = own.chance(0.04) ? 2 : 1;
          add({ channel, recipient, status: 'SENT', created_at: created, attempts, sent_at: at(issueDay, minute + (attempts - 1), own.int(2, 9)), message_id: messageId() });
        }
        break;
      }
      case 'EDI': {
        const sent = at(issueDay, minute, own.int(1, 3));
        if (fails) {
          add({ channel, recipient, status: 'FAILED', created_at: created, attempts: 1, sent_at: sent, reference: ediAcknowledgement(own), last_error: DELIVERY_FAILURES.EDI });
          if (resendMinute !== null) {
            add({ channel, recipient, status: 'DELIVERED', created_at: at(resendDay, resendMinute), attempts: 1, sent_at: at(resendDay, resendMinute, own.int(1, 3)), reference: ediAcknowledgement(own) });
          }
        } else if (ageDays >= 2 && !own.chance(0.05)) {
          // Acknowledged, and recorded; a few acknowledgements were never recorded.
          add({ channel, recipient, status: 'DELIVERED', created_at: created, attempts: 1, sent_at: sent, reference: ediAcknowledgement(own) });
        } else {
          add({ channel, recipient, status: 'SENT', created_at: created, attempts: 1, sent_at: sent });
        }
        break;
      }
      case 'POST': {
        add({ channel, recipient, status: fails ? 'FAILED' : 'SENT', created_at: created, attempts: 1, sent_at: at(issueDay, minute, own.int(1, 3)), print_batch: iso(issueDay),
          ...(fails ? { reference: `RTS-${String(own.int(1, 99999)).padStart(5, '0')}`, last_error: DELIVERY_FAILURES.POST } : {}) });
        if (fails && resendMinute !== null) {
          add({ channel, recipient, status: 'SENT', created_at: at(resendDay, resendMinute), attempts: 1, sent_at: at(resendDay, resendMinute, own.int(1, 3)), print_batch: iso(resendDay) });
        }
        break;
      }
      case 'PORTAL': {
        // Uploaded by an analyst within a week; the recent ones, and a small backlog, are still to do.
        const uploadDay = issueDay + own.int(0, 6);
        if (uploadDay >= book.today || own.chance(0.01)) {
          add({ channel, recipient, status: 'PENDING', created_at: created });
        } else if (fails) {
          add({ channel, recipient, status: 'FAILED', created_at: created, reference: portalUpload(own), last_error: DELIVERY_FAILURES.PORTAL });
          if (uploadDay + 1 < book.today) {
            add({ channel, recipient, status: 'DELIVERED', created_at: at(uploadDay, own.int(8 * 60, 17 * 60)), sent_at: at(uploadDay + 1, own.int(8 * 60, 17 * 60)), reference: portalUpload(own) });
          }
        } else {
          add({ channel, recipient, status: 'DELIVERED', created_at: created, sent_at: at(uploadDay, own.int(8 * 60, 17 * 60)), reference: portalUpload(own) });
        }
        break;
      }
    }
  }
}

const stamp = (day: number, minutes: number, seconds: number) =>
  `${iso(day)} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:${String(seconds).padStart(2, '0')}+00`;

function hex(rng: Random, digits: number): string {
  let text = '';
  for (let i = 0; i < digits; i++) text += rng.int(0, 15).toString(16);
  return text;
}

/** A functional acknowledgement's interchange control number, as an analyst records it. */
const ediAcknowledgement = (rng: Random) => `997-${String(rng.int(1, 999_999_999)).padStart(9, '0')}`;

/** A supplier portal's upload id, as an analyst records it. */
const portalUpload = (rng: Random) => `UPL-${String(rng.int(1, 99_999_999)).padStart(8, '0')}`;
