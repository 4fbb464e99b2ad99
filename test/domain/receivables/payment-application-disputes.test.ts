// Automatic application and open disputes (PRODUCT.md, "Auto-application"): cash never lands
// on an invoice in open dispute; the invoices around it are paid oldest due first as usual.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../api/domain/dates.js';
import { formatMoney, Money, sumMoney } from '../../../api/domain/money/money.js';
import { openBalance, planApplication, type ApplicationPlan, type OpenInvoice } from '../../../api/domain/receivables/payment-application.js';
import { dueDateFor, parsePaymentTerms } from '../../../api/domain/receivables/payment-terms.js';
import { decimalFromMinor } from '../support.js';

const ACME = 1;

/** An issued USD invoice for Acme. */
function invoice(id: number, fields: { issueDate: string; total?: string; amountPaid?: string; paymentTerms?: string; disputed?: boolean }): OpenInvoice {
  const paymentTerms = fields.paymentTerms ?? 'NET30';
  const total = new Money(fields.total ?? '1000.00');
  const amountPaid = new Money(fields.amountPaid ?? '0');
  return {
    id,
    number: `US01-${String(id).padStart(6, '0')}`,
    customerId: ACME,
    currency: 'USD',
    issueDate: fields.issueDate,
    dueDate: dueDateFor(parsePaymentTerms(paymentTerms), fields.issueDate),
    paymentTerms,
    total,
    amountPaid,
    status: amountPaid.isZero() ? 'ISSUED' : amountPaid.gte(total) ? 'PAID' : 'PARTIALLY_PAID',
    disputed: fields.disputed ?? false,
  };
}

function autoApply(amount: string, invoices: OpenInvoice[], receivedDate = '2026-03-15'): ApplicationPlan {
  return planApplication({ customerId: ACME, amount: new Money(amount), currency: 'USD', receivedDate, invoices });
}

const readable = (plan: ApplicationPlan) => ({
  applications: plan.applications.map((a) => [a.invoiceNumber, formatMoney(a.amount, 'USD'), formatMoney(a.discount, 'USD')]),
  unapplied: formatMoney(plan.unapplied, 'USD'),
});

describe('automatic application skips invoices in open dispute', () => {
  it('auto-application never puts cash on an invoice in open dispute: the oldest (disputed) is passed over for the next', () => {
    const disputedOldest = invoice(1, { issueDate: '2026-01-01', disputed: true }); // due 2026-01-31
    const next = invoice(2, { issueDate: '2026-01-15', total: '400.00' }); // due 2026-02-14
    const newest = invoice(3, { issueDate: '2026-02-01', total: '500.00' }); // due 2026-03-03
    expect(readable(autoApply('600.00', [disputedOldest, next, newest]))).toEqual({
      applications: [
        ['US01-000002', '400.00', '0.00'],
        ['US01-000003', '200.00', '0.00'],
      ],
      unapplied: '0.00',
    });
  });

  it('when every open invoice is disputed, the whole payment stays unapplied cash', () => {
    const only = invoice(1, { issueDate: '2026-01-01', disputed: true });
    expect(readable(autoApply('250.00', [only]))).toEqual({ applications: [], unapplied: '250.00' });
  });

  it('an explicit application may still pay a disputed invoice (the user chose it)', () => {
    const disputed = invoice(1, { issueDate: '2026-01-01', disputed: true });
    const plan = planApplication({
      customerId: ACME,
      amount: new Money('100.00'),
      currency: 'USD',
      receivedDate: '2026-03-15',
      invoices: [disputed],
      requested: [{ invoiceNumber: 'US01-000001', amount: '100.00' }],
    });
    expect(readable(plan)).toEqual({ applications: [['US01-000001', '100.00', '0.00']], unapplied: '0.00' });
  });
});

describe('automatic application properties', () => {
  const START = '2026-01-01';
  const ledgerArb = fc.array(
    fc.record({
      issueOffset: fc.integer({ min: 0, max: 80 }),
      paymentTerms: fc.constantFrom('NET30', '2/10 NET30', 'EOM', '1/15 NET45'),
      totalCents: fc.integer({ min: 1, max: 2_000_000 }),
      paidPermille: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 })),
      disputed: fc.boolean(),
    }),
    { maxLength: 10 },
  ).map((rows) =>
    rows.map((r, index) =>
      invoice(index + 1, {
        issueDate: addDays(START, r.issueOffset),
        paymentTerms: r.paymentTerms,
        total: decimalFromMinor(r.totalCents, 2),
        amountPaid: decimalFromMinor(Math.floor((r.totalCents * r.paidPermille) / 1000), 2),
        disputed: r.disputed,
      }),
    ),
  );
  const paymentArb = fc.integer({ min: 1, max: 10_000_000 }).map((cents) => decimalFromMinor(cents, 2));
  const receivedArb = fc.integer({ min: 0, max: 100 }).map((n) => addDays(START, n));

  it('never applies more than the payment, never takes a balance below zero, never touches a disputed invoice', () => {
    fc.assert(
      fc.property(ledgerArb, paymentArb, receivedArb, (invoices, payment, receivedDate) => {
        const plan = autoApply(payment, invoices, receivedDate);
        const byId = new Map(invoices.map((inv) => [inv.id, inv]));
        const applied = sumMoney(plan.applications.map((a) => a.amount));
        expect(applied.lte(new Money(payment))).toBe(true);
        expect(applied.plus(plan.unapplied).eq(new Money(payment))).toBe(true);
        expect(plan.unapplied.gte(0)).toBe(true);
        for (const application of plan.applications) {
          const inv = byId.get(application.invoiceId)!;
          expect(inv.disputed).toBe(false);
          expect(application.amount.gt(0)).toBe(true);
          expect(application.amount.plus(application.discount).lte(openBalance(inv))).toBe(true);
        }
        // Cash is left over only once every undisputed open invoice is closed.
        if (plan.unapplied.gt(0)) {
          const settled = new Set(plan.applications.filter((a) => a.settles).map((a) => a.invoiceId));
          for (const inv of invoices.filter((i) => !i.disputed && openBalance(i).gt(0))) expect(settled.has(inv.id)).toBe(true);
        }
      }),
    );
  });
});
