// Matching a bank statement entry: invoice numbers read out of remittance text, customer names
// compared without legal suffixes, each rule on a worked example, and properties over random
// books: a match never applies more than the entry's amount, never takes a balance below zero,
// never touches another customer's invoice.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money, ZERO } from '../../api/domain/money/money.js';
import {
  customerNameKey,
  invoiceNumberTokens,
  matchBankEntry,
  normalizeCustomerName,
  settleInMemory,
  type BankEntryToMatch,
  type MatchCustomer,
  type MatchInvoice,
} from '../../api/domain/receivables/bank-matching.js';
import { openBalance } from '../../api/domain/receivables/payment-application.js';

const ACME = 1;
const GLOBEX = 2;

function invoice(id: number, fields: Partial<Omit<MatchInvoice, 'total' | 'amountPaid'>> & { total?: string; amountPaid?: string } = {}): MatchInvoice {
  return {
    id,
    number: `US01-${String(id).padStart(6, '0')}`,
    customerId: ACME,
    currency: 'USD',
    issueDate: '2026-09-01',
    dueDate: '2026-10-01',
    paymentTerms: 'NET30',
    status: 'ISSUED',
    disputed: false,
    ...fields,
    total: new Money(fields.total ?? '1000.00'),
    amountPaid: new Money(fields.amountPaid ?? '0'),
  };
}

function entry(fields: Partial<Omit<BankEntryToMatch, 'amount'>> & { amount?: string } = {}): BankEntryToMatch {
  return { currency: 'USD', bookingDate: '2026-11-20', remittance: null, references: [], counterparty: null, counterpartyAccount: null, ...fields, amount: new Money(fields.amount ?? '1000.00') };
}

const customers: MatchCustomer[] = [
  { id: ACME, name: 'Acme, Inc.', bankAccounts: ['DE89370400440532013000'] },
  { id: GLOBEX, name: 'Globex GmbH', bankAccounts: [] },
];

const simple = (result: ReturnType<typeof matchBankEntry>) => ({
  ...result,
  applications: result.applications.map((a) => ({ invoiceNumber: a.invoiceNumber, amount: a.amount.toFixed(2), discount: a.discount.toFixed(2) })),
});

describe('invoiceNumberTokens', () => {
  it('reads numbers with punctuation around them, and prefix and number written apart', () => {
    expect(invoiceNumberTokens(['Payment US01-000123; thanks', 'INV 10234, paid', '(US01-INV-000007)'])).toEqual(
      expect.arrayContaining(['US01-000123', 'INV10234', 'INV-10234', '10234', 'US01-INV-000007']),
    );
    expect(invoiceNumberTokens(['us01-000123.'])).toContain('US01-000123');
  });
  it('leaves words without digits and empty text out, and reads at most 60 tokens', () => {
    expect(invoiceNumberTokens([null, '', 'thank you very much'])).toEqual([]);
    expect(invoiceNumberTokens([Array.from({ length: 500 }, (_, i) => `A${i}`).join(' ')])).toHaveLength(60);
  });
});

describe('normalizeCustomerName', () => {
  it('ignores case, punctuation and legal suffixes', () => {
    expect(normalizeCustomerName('ACME, INC.')).toBe('acme');
    expect(normalizeCustomerName('Acme Inc')).toBe('acme');
    expect(normalizeCustomerName('Globex G.m.b.H.')).toBe('globex');
    expect(normalizeCustomerName('Société Générale S.A.')).toBe('société générale');
    expect(normalizeCustomerName('Initech Co. Ltd')).toBe('initech');
    expect(normalizeCustomerName('Inc')).toBe('inc');
    expect(customerNameKey('Acme Widgets, LLC')).toBe('acmewidgets');
    expect(customerNameKey('?')).toBeNull();
  });
});

describe('matchBankEntry', () => {
  it('rule 1: the named invoices of one customer, all open, paid exactly → EXACT, in full, oldest due first', () => {
    const a = invoice(1, { dueDate: '2026-10-15' });
    const b = invoice(2, { dueDate: '2026-10-01', total: '500.00', amountPaid: '200.00' });
    const result = matchBankEntry({ entry: entry({ amount: '1300.00', remittance: `${a.number} ${b.number}` }), namedInvoices: [a, b], customers: [], customerInvoices: [] });
    expect(simple(result)).toEqual({
      status: 'EXACT', customerId: ACME, rule: 1, confidence: 1,
      applications: [{ invoiceNumber: b.number, amount: '300.00', discount: '0.00' }, { invoiceNumber: a.number, amount: '1000.00', discount: '0.00' }],
    });
  });

  it('rule 2: the amount differs → PROPOSED oldest due first, the rest unapplied; a disputed or paid invoice is not EXACT', () => {
    const a = invoice(1);
    expect(simple(matchBankEntry({ entry: entry({ amount: '400.00' }), namedInvoices: [a], customers: [], customerInvoices: [] }))).toEqual({
      status: 'PROPOSED', customerId: ACME, rule: 2, confidence: 0.8, applications: [{ invoiceNumber: a.number, amount: '400.00', discount: '0.00' }],
    });
    const disputed = invoice(2, { disputed: true });
    // A disputed invoice the payer named is proposed (a person confirms), never applied as EXACT.
    const forDisputed = matchBankEntry({ entry: entry(), namedInvoices: [disputed], customers: [], customerInvoices: [] });
    expect(forDisputed).toMatchObject({ status: 'PROPOSED', rule: 2 });
    expect(forDisputed.applications.map((a) => a.invoiceNumber)).toEqual([disputed.number]);
    const paid = invoice(3, { status: 'PAID', amountPaid: '1000.00' });
    expect(matchBankEntry({ entry: entry({ amount: '0.01' }), namedInvoices: [paid], customers: [], customerInvoices: [] })).toMatchObject({ status: 'PROPOSED', rule: 2, applications: [] });
  });

  it('rule 2 takes the early-payment discount like any payment', () => {
    const a = invoice(1, { paymentTerms: '2/10 NET30', issueDate: '2026-11-15', dueDate: '2026-12-15' });
    expect(simple(matchBankEntry({ entry: entry({ amount: '980.00' }), namedInvoices: [a], customers: [], customerInvoices: [] })).applications).toEqual([
      { invoiceNumber: a.number, amount: '980.00', discount: '20.00' },
    ]);
  });

  it('named invoices of two customers, void ones and other currencies do not name a customer', () => {
    const a = invoice(1);
    const b = invoice(2, { customerId: GLOBEX });
    expect(matchBankEntry({ entry: entry({ amount: '2000.00' }), namedInvoices: [a, b], customers: [], customerInvoices: [] }).status).toBe('UNMATCHED');
    expect(matchBankEntry({ entry: entry(), namedInvoices: [invoice(3, { status: 'VOID' })], customers: [], customerInvoices: [] }).status).toBe('UNMATCHED');
    expect(matchBankEntry({ entry: entry({ currency: 'EUR' }), namedInvoices: [a], customers: [], customerInvoices: [] }).status).toBe('UNMATCHED');
  });

  it('rule 3: by account (0.7) or name (0.5), one open invoice or the oldest ones adding up', () => {
    const open = [invoice(1, { dueDate: '2026-09-01', total: '100.00' }), invoice(2, { dueDate: '2026-10-01', total: '250.00' }), invoice(3, { dueDate: '2026-11-01', total: '400.00' })];
    const byAccount = matchBankEntry({ entry: entry({ amount: '350.00', counterpartyAccount: 'DE89370400440532013000' }), namedInvoices: [], customers, customerInvoices: open });
    expect(simple(byAccount)).toMatchObject({ status: 'PROPOSED', customerId: ACME, rule: 3, confidence: 0.7, applications: [{ invoiceNumber: open[0]!.number, amount: '100.00' }, { invoiceNumber: open[1]!.number, amount: '250.00' }] });
    const byName = matchBankEntry({ entry: entry({ amount: '400.00', counterparty: 'ACME INC' }), namedInvoices: [], customers, customerInvoices: open });
    expect(simple(byName)).toMatchObject({ status: 'PROPOSED', customerId: ACME, rule: 3, confidence: 0.5, applications: [{ invoiceNumber: open[2]!.number, amount: '400.00' }] });
    // 300.00 is neither one balance nor a sum of the oldest: rule 4.
    expect(matchBankEntry({ entry: entry({ amount: '300.00', counterparty: 'Acme' }), namedInvoices: [], customers, customerInvoices: open }).status).toBe('UNMATCHED');
    // Two customers of that name: not one customer.
    const twins = [...customers, { id: 3, name: 'ACME Inc', bankAccounts: [] }];
    expect(matchBankEntry({ entry: entry({ amount: '100.00', counterparty: 'Acme' }), namedInvoices: [], customers: twins, customerInvoices: open }).status).toBe('UNMATCHED');
  });

  it('settleInMemory pays the invoices so a later entry of the statement sees them paid', () => {
    const a = invoice(1);
    const first = matchBankEntry({ entry: entry(), namedInvoices: [a], customers: [], customerInvoices: [] });
    settleInMemory(new Map([[a.id, a]]), first.applications);
    expect(a.status).toBe('PAID');
    expect(matchBankEntry({ entry: entry(), namedInvoices: [a], customers: [], customerInvoices: [] })).toMatchObject({ status: 'PROPOSED', rule: 2, applications: [] });
  });

  it('never applies more than the amount, never below zero, never to another customer’s invoice (property)', () => {
    const invoiceArb = fc.record({
      customerId: fc.constantFrom(ACME, ACME, GLOBEX),
      totalCents: fc.integer({ min: 1, max: 500_000 }),
      paidPermille: fc.oneof(fc.constant(0), fc.constant(1000), fc.integer({ min: 0, max: 1000 })),
      due: fc.integer({ min: 1, max: 28 }),
      disputed: fc.boolean(),
      currency: fc.constantFrom('USD', 'USD', 'EUR'),
      status: fc.constantFrom('ISSUED', 'ISSUED', 'VOID', 'DRAFT'),
    });
    fc.assert(
      fc.property(fc.array(invoiceArb, { minLength: 0, maxLength: 8 }), fc.integer({ min: 1, max: 2_000_000 }), fc.array(fc.nat(7), { maxLength: 4 }), fc.boolean(), (specs, cents, named, byAccount) => {
        const book = specs.map((s, i) => {
          const total = new Money(s.totalCents).div(100);
          const paid = new Money(Math.floor((s.totalCents * s.paidPermille) / 1000)).div(100);
          const status = s.status !== 'ISSUED' ? s.status : paid.eq(total) ? 'PAID' : paid.gt(0) ? 'PARTIALLY_PAID' : 'ISSUED';
          return invoice(i + 1, { customerId: s.customerId, total: total.toFixed(2), amountPaid: paid.toFixed(2), dueDate: `2026-10-${String(s.due).padStart(2, '0')}`, disputed: s.disputed, currency: s.currency, status: status as MatchInvoice['status'] });
        });
        const amount = new Money(cents).div(100);
        const result = matchBankEntry({
          entry: entry({ amount: amount.toFixed(2), counterpartyAccount: byAccount ? 'DE89370400440532013000' : null, counterparty: byAccount ? null : 'Globex' }),
          namedInvoices: named.map((n) => book[n]).filter((i): i is MatchInvoice => i !== undefined),
          customers,
          customerInvoices: book,
        });
        const applied = result.applications.reduce((sum, a) => sum.plus(a.amount), ZERO);
        expect(applied.lte(amount)).toBe(true);
        if (result.status === 'EXACT') expect(applied.eq(amount)).toBe(true);
        if (result.status === 'UNMATCHED') expect(result.applications).toEqual([]);
        for (const application of result.applications) {
          const target = book.find((i) => i.id === application.invoiceId)!;
          expect(target.customerId).toBe(result.customerId);
          expect(target.currency).toBe('USD');
          expect(application.amount.gt(0)).toBe(true);
          expect(application.amount.plus(application.discount).lte(openBalance(target))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
