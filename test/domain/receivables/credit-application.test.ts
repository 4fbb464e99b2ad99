import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money, sumMoney } from '../../../api/domain/money/money.js';
import { creditSplit, planCreditApplication, type CreditSource } from '../../../api/domain/receivables/credit-application.js';
import { invoiceNumber, creditMemoNumber } from '../../../api/domain/receivables/invoice-number.js';
import type { OpenInvoice } from '../../../api/domain/receivables/payment-application.js';
import { amountArb, money, refusalOf } from '../support.js';

const ACME = 1;
const MEMO: CreditSource = { label: 'credit memo US01-CM-000001', customerId: ACME, currency: 'USD', date: '2026-10-10', unapplied: money('100.00') };

let nextId = 1;
function invoice(number: string, fields: Partial<OpenInvoice> = {}): OpenInvoice {
  return {
    id: nextId++, number, customerId: ACME, currency: 'USD', issueDate: '2026-10-01', dueDate: '2026-10-31', paymentTerms: 'NET30',
    total: money('300.00'), amountPaid: money('0'), status: 'ISSUED', ...fields,
  };
}

describe('credit memo numbers', () => {
  it('carry the entity and a CM part, apart from invoice numbers', () => {
    expect(creditMemoNumber('US01', 1)).toBe('US01-CM-000001');
    expect(creditMemoNumber('DE01', 123456)).toBe('DE01-CM-123456');
    expect(invoiceNumber('US01', 1)).toBe('US01-000001');
  });
});

describe('creditSplit', () => {
  it('applies up to the open balance; the rest is open credit', () => {
    expect(creditSplit(money('200.00'), money('1000.00'))).toEqual({ applied: money('200.00'), unapplied: money('0.00') });
    expect(creditSplit(money('130.00'), money('100.00'))).toEqual({ applied: money('100.00'), unapplied: money('30.00') });
    expect(creditSplit(money('50.00'), money('0'))).toEqual({ applied: money('0'), unapplied: money('50.00') });
  });

  it('applied + unapplied = the total, and applied never exceeds the open balance (property)', () => {
    fc.assert(fc.property(amountArb(2, 1, 10_000_000), amountArb(2, 0, 10_000_000), (total, open) => {
      const split = creditSplit(new Money(total), new Money(open));
      expect(split.applied.plus(split.unapplied).eq(total)).toBe(true);
      expect(split.applied.lte(open) && split.applied.gte(0) && split.unapplied.gte(0)).toBe(true);
    }));
  });
});

describe('planCreditApplication', () => {
  const a = invoice('US01-000001');
  const paid = invoice('US01-000002', { total: money('100.00'), amountPaid: money('100.00'), status: 'PAID' });

  it('applies what is asked and leaves the rest of the source', () => {
    const plan = planCreditApplication({ source: MEMO, invoices: [a], requested: [{ invoiceNumber: a.number, amount: '60.00' }], date: '2026-10-20' });
    expect(plan).toEqual({ applications: [{ invoiceId: a.id, invoiceNumber: a.number, amount: money('60.00') }], unapplied: money('40.00') });
  });

  it('refuses more than the source holds, more than an invoice owes, a date before the source or the invoice, and each wrong invoice', () => {
    expect(refusalOf(() => planCreditApplication({ source: MEMO, invoices: [a], requested: [{ invoiceNumber: a.number, amount: '100.01' }], date: '2026-10-20' })))
      .toEqual([{ field: ['applications'], code: 'OUT_OF_RANGE', message: 'The applications add up to 100.01, more than the 100.00 USD the credit memo US01-CM-000001 has left to apply.' }]);
    expect(refusalOf(() => planCreditApplication({ source: MEMO, invoices: [paid], requested: [{ invoiceNumber: paid.number, amount: '1.00' }], date: '2026-10-20' })))
      .toEqual([{ field: ['applications', '0', 'amount'], code: 'OUT_OF_RANGE', message: '1.00 is more than the open balance of invoice US01-000002 (0.00 USD).' }]);
    const late = invoice('US01-000003', { issueDate: '2026-10-25' });
    expect(refusalOf(() => planCreditApplication({ source: MEMO, invoices: [late], requested: [{ invoiceNumber: late.number, amount: '1.00' }], date: '2026-10-09' })).map((e) => [e.field, e.code]))
      .toEqual([[['date'], 'OUT_OF_RANGE'], [['date'], 'OUT_OF_RANGE']]);
    const others = [
      invoice('US01-000004', { customerId: 2 }),
      invoice('US01-000005', { currency: 'EUR' }),
      invoice('US01-000006', { status: 'VOID' }),
      invoice('US01-000007', { status: 'DRAFT' }),
    ];
    const errors = refusalOf(() => planCreditApplication({
      source: MEMO, invoices: others, requested: [...others.map((i) => ({ invoiceNumber: i.number, amount: '1.00' })), { invoiceNumber: 'US01-999999', amount: '1.00' }, { invoiceNumber: 'US01-000004', amount: '1.00' }], date: '2026-10-20',
    }));
    expect(errors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['applications.0.invoiceNumber', 'INVALID'],
      ['applications.1.invoiceNumber', 'INVALID'],
      ['applications.2.invoiceNumber', 'INVALID'],
      ['applications.3.invoiceNumber', 'INVALID'],
      ['applications.4.invoiceNumber', 'NOT_FOUND'],
      ['applications.5.invoiceNumber', 'DUPLICATE'],
    ]);
    expect(refusalOf(() => planCreditApplication({ source: MEMO, invoices: [], requested: [], date: '2026-10-20' }))[0]!.field).toEqual(['applications']);
  });

  it('never applies more than the source holds nor more than an invoice owes (property)', () => {
    fc.assert(fc.property(amountArb(2, 0, 50_000), fc.array(fc.tuple(amountArb(2, 1, 20_000), amountArb(2, 1, 20_000)), { minLength: 1, maxLength: 6 }), (held, rows) => {
      const invoices = rows.map(([total], i) => invoice(`US01-${String(100 + i)}`, { total: new Money(total) }));
      const requested = rows.map(([, amount], i) => ({ invoiceNumber: invoices[i]!.number, amount }));
      const source = { ...MEMO, unapplied: new Money(held) };
      const total = sumMoney(requested.map((r) => new Money(r.amount)));
      const allowed = total.lte(held) && requested.every((r, i) => new Money(r.amount).lte(invoices[i]!.total));
      if (!allowed) {
        expect(refusalOf(() => planCreditApplication({ source, invoices, requested, date: '2026-10-20' }))[0]!.code).toBe('OUT_OF_RANGE');
        return;
      }
      const plan = planCreditApplication({ source, invoices, requested, date: '2026-10-20' });
      expect(sumMoney(plan.applications.map((x) => x.amount)).eq(total)).toBe(true);
      expect(plan.unapplied.eq(new Money(held).minus(total))).toBe(true);
    }), { numRuns: 200 });
  });
});
