// Invoices month by month: contract billings and ad hoc sales, numbering, delivery, their fate.
import { Money, fromMinorUnits, roundMoney, toMinorUnits } from '../../domain/money/money.js';
import { deliveryRecipient } from '../../domain/receivables/delivery.js';
import { invoiceNumber } from '../../domain/receivables/invoice-number.js';
import { statusAfterSettlement } from '../../domain/receivables/open-balance.js';
import type { DeliveryStatus, InvoiceStatus } from '../../generated/prisma/enums.js';
import type { DemoBook } from './book.js';
import { Batch } from './bulk-insert.js';
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

export function emitDeliveries(book: DemoBook, invoiceId: number, customer: CustomerPlan, issueDay: number, rng: Random, batch: Batch): void {
  const recipient = recipientFor(customer);
  const at = timestamp(issueDay, rng.int(7 * 60, 18 * 60));
  const add = (status: DeliveryStatus, when: string, detail: string | null) =>
    batch.deliveries.add({
      id: ++book.ids.delivery, invoice_id: invoiceId, customer_id: customer.id, channel: customer.channel, recipient, created_at: when, next_attempt_at: when, status,
      attempts: status === 'PENDING' ? 0 : 1, sent_at: status === 'DELIVERED' ? when : null,
      reference: status === 'DELIVERED' ? detail : null, last_error: status === 'FAILED' ? detail : null,
    });
  if (issueDay >= book.today) return add('PENDING', at, null);
  if (rng.chance(0.03)) {
    add('FAILED', at, DELIVERY_FAILURES[customer.channel]);
    if (issueDay + 1 <= book.today) add('DELIVERED', timestamp(issueDay + 1, rng.int(8 * 60, 17 * 60)), 'Re-sent after correction');
    return;
  }
  add('DELIVERED', at, customer.channel === 'EDI' ? '997 accepted' : null);
}

function recipientFor(customer: CustomerPlan): string {
  return deliveryRecipient({ code: customer.code, name: customer.name, deliveryChannel: customer.channel, billingEmails: customer.emails, portalUrl: customer.portalUrl ?? null });
}
