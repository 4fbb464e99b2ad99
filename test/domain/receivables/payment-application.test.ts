import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../api/domain/dates.js';
import { formatMoney, Money, sumMoney, ZERO } from '../../../api/domain/money/money.js';
import {
  discountAvailable,
  openBalance,
  planApplication,
  type ApplicationPlan,
  type OpenInvoice,
  type PlanApplicationParams,
  type RequestedApplication,
} from '../../../api/domain/receivables/payment-application.js';
import { dueDateFor, parsePaymentTerms } from '../../../api/domain/receivables/payment-terms.js';
import { decimalFromMinor, refusalOf } from '../support.js';

const ACME = 1;
const GLOBEX = 2;

interface InvoiceFields {
  id?: number;
  customerId?: number;
  currency?: string;
  issueDate?: string;
  dueDate?: string;
  paymentTerms?: string;
  total?: string;
  amountPaid?: string;
  status?: OpenInvoice['status'];
}

let nextId = 1;
/** An issued USD NET30 invoice of 1000.00 for Acme, issued 2026-01-01, unless told otherwise. */
function invoice(number: string, fields: InvoiceFields = {}): OpenInvoice {
  const issueDate = fields.issueDate ?? '2026-01-01';
  const paymentTerms = fields.paymentTerms ?? 'NET30';
  return {
    id: fields.id ?? nextId++,
    number,
    customerId: fields.customerId ?? ACME,
    currency: fields.currency ?? 'USD',
    issueDate,
    dueDate: fields.dueDate ?? dueDateFor(parsePaymentTerms(paymentTerms), issueDate),
    paymentTerms,
    total: new Money(fields.total ?? '1000.00'),
    amountPaid: new Money(fields.amountPaid ?? '0'),
    status: fields.status ?? 'ISSUED',
  };
}

interface Payment {
  amount: string;
  currency?: string;
  receivedDate?: string;
  invoices: OpenInvoice[];
  applications?: RequestedApplication[];
}

function plan(payment: Payment): ApplicationPlan {
  const currency = payment.currency ?? 'USD';
  return planApplication({
    customerId: ACME,
    amount: new Money(payment.amount),
    currency,
    receivedDate: payment.receivedDate ?? '2026-01-20',
    invoices: payment.invoices,
    requested: payment.applications,
  });
}

/** The plan as an AR analyst would read it: invoice, amounts written in the currency, whether it closes. */
function readable(result: ApplicationPlan, currency = 'USD') {
  return {
    applications: result.applications.map((a) => ({
      invoice: a.invoiceNumber,
      amount: formatMoney(a.amount, currency),
      discount: formatMoney(a.discount, currency),
      settles: a.settles,
    })),
    unapplied: formatMoney(result.unapplied, currency),
  };
}

describe('explicit applications', () => {
  it('applies the amounts asked for and keeps the rest as unapplied cash', () => {
    const invoices = [invoice('US01-000001'), invoice('US01-000002', { total: '500.00' })];
    const result = plan({
      amount: '1500.00',
      invoices,
      applications: [
        { invoiceNumber: 'US01-000001', amount: '1000.00' },
        { invoiceNumber: 'US01-000002', amount: '300' },
      ],
    });
    expect(readable(result)).toEqual({
      applications: [
        { invoice: 'US01-000001', amount: '1000.00', discount: '0.00', settles: true },
        { invoice: 'US01-000002', amount: '300.00', discount: '0.00', settles: false },
      ],
      unapplied: '200.00',
    });
  });

  it('applies against what is still open on a partially paid invoice', () => {
    const invoices = [invoice('US01-000001', { amountPaid: '400.00', status: 'PARTIALLY_PAID' })];
    expect(openBalance(invoices[0]!).toFixed(2)).toBe('600.00');
    expect(readable(plan({ amount: '600.00', invoices, applications: [{ invoiceNumber: 'US01-000001', amount: '600.00' }] }))).toEqual({
      applications: [{ invoice: 'US01-000001', amount: '600.00', discount: '0.00', settles: true }],
      unapplied: '0.00',
    });
    const errors = refusalOf(() => plan({ amount: '600.01', invoices, applications: [{ invoiceNumber: 'US01-000001', amount: '600.01' }] }));
    expect(errors).toEqual([{ field: ['applications', '0', 'amount'], code: 'OUT_OF_RANGE', message: expect.stringContaining('600.00') }]);
  });

  it('refuses an amount above the open balance (OUT_OF_RANGE), naming the balance', () => {
    const invoices = [invoice('US01-000001'), invoice('US01-000002', { total: '500.00' })];
    const errors = refusalOf(() =>
      plan({
        amount: '2000.00',
        invoices,
        applications: [
          { invoiceNumber: 'US01-000001', amount: '100.00' },
          { invoiceNumber: 'US01-000002', amount: '500.01' },
        ],
      }),
    );
    expect(errors).toEqual([{ field: ['applications', '1', 'amount'], code: 'OUT_OF_RANGE', message: expect.stringContaining('500.00') }]);
  });

  it("refuses another customer's invoice", () => {
    const invoices = [invoice('US01-000001'), invoice('US01-000009', { customerId: GLOBEX })];
    const errors = refusalOf(() =>
      plan({
        amount: '200.00',
        invoices,
        applications: [
          { invoiceNumber: 'US01-000001', amount: '100.00' },
          { invoiceNumber: 'US01-000009', amount: '100.00' },
        ],
      }),
    );
    expect(errors).toEqual([{ field: ['applications', '1', 'invoiceNumber'], code: 'INVALID', message: expect.stringContaining('another customer') }]);
  });

  it('refuses an invoice in another currency', () => {
    const invoices = [invoice('DE01-000001', { currency: 'EUR' })];
    const errors = refusalOf(() => plan({ amount: '100.00', invoices, applications: [{ invoiceNumber: 'DE01-000001', amount: '100.00' }] }));
    expect(errors).toEqual([{ field: ['applications', '0', 'invoiceNumber'], code: 'INVALID', message: expect.stringContaining('EUR') }]);
  });

  it('refuses the same invoice listed twice (DUPLICATE on the second)', () => {
    const invoices = [invoice('US01-000001')];
    const errors = refusalOf(() =>
      plan({
        amount: '200.00',
        invoices,
        applications: [
          { invoiceNumber: 'US01-000001', amount: '100.00' },
          { invoiceNumber: 'US01-000001', amount: '100.00' },
        ],
      }),
    );
    expect(errors).toEqual([{ field: ['applications', '1', 'invoiceNumber'], code: 'DUPLICATE', message: expect.stringContaining('twice') }]);
  });

  it('refuses an invoice that does not exist (NOT_FOUND)', () => {
    const errors = refusalOf(() => plan({ amount: '100.00', invoices: [], applications: [{ invoiceNumber: 'US01-999999', amount: '100.00' }] }));
    expect(errors).toEqual([{ field: ['applications', '0', 'invoiceNumber'], code: 'NOT_FOUND', message: expect.stringContaining('US01-999999') }]);
  });

  it.each(['VOID', 'DRAFT'] as const)('refuses a %s invoice', (status) => {
    const invoices = [invoice('US01-000001', { status })];
    const errors = refusalOf(() => plan({ amount: '100.00', invoices, applications: [{ invoiceNumber: 'US01-000001', amount: '100.00' }] }));
    expect(errors).toEqual([{ field: ['applications', '0', 'invoiceNumber'], code: 'INVALID', message: expect.stringContaining(status) }]);
  });

  it('refuses applications that add up to more than the payment', () => {
    const invoices = [invoice('US01-000001'), invoice('US01-000002')];
    const errors = refusalOf(() =>
      plan({
        amount: '1000.00',
        invoices,
        applications: [
          { invoiceNumber: 'US01-000001', amount: '600.00' },
          { invoiceNumber: 'US01-000002', amount: '400.01' },
        ],
      }),
    );
    expect(errors).toEqual([{ field: ['applications'], code: 'OUT_OF_RANGE', message: expect.stringMatching(/1000\.01.*1000\.00/) }]);
  });

  it('refuses more decimals than the currency allows', () => {
    const usd = [invoice('US01-000001')];
    expect(refusalOf(() => plan({ amount: '100.00', invoices: usd, applications: [{ invoiceNumber: 'US01-000001', amount: '10.001' }] }))).toEqual([
      { field: ['applications', '0', 'amount'], code: 'INVALID', message: expect.stringContaining('at most 2') },
    ]);
    const jpy = [invoice('JP01-000001', { currency: 'JPY', total: '100000' })];
    expect(
      refusalOf(() => plan({ amount: '100', currency: 'JPY', invoices: jpy, applications: [{ invoiceNumber: 'JP01-000001', amount: '10.5' }] })),
    ).toEqual([{ field: ['applications', '0', 'amount'], code: 'INVALID', message: expect.stringContaining('at most 0') }]);
  });

  it.each(['0', '-10.00', 'ten'])('refuses an application amount of "%s"', (amount) => {
    const errors = refusalOf(() => plan({ amount: '100.00', invoices: [invoice('US01-000001')], applications: [{ invoiceNumber: 'US01-000001', amount }] }));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.field).toEqual(['applications', '0', 'amount']);
  });

  it('reports every problem of a request at once, each at its own path', () => {
    const invoices = [invoice('US01-000001'), invoice('US01-000002', { customerId: GLOBEX }), invoice('DE01-000003', { currency: 'EUR' })];
    const errors = refusalOf(() =>
      plan({
        amount: '5000.00',
        invoices,
        applications: [
          { invoiceNumber: 'US01-000001', amount: '1000.001' },
          { invoiceNumber: 'US01-000002', amount: '10.00' },
          { invoiceNumber: 'DE01-000003', amount: '10.00' },
          { invoiceNumber: 'US01-000404', amount: '10.00' },
          { invoiceNumber: 'US01-000001', amount: '10.00' },
        ],
      }),
    );
    expect(errors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['applications.0.amount', 'INVALID'],
      ['applications.1.invoiceNumber', 'INVALID'],
      ['applications.2.invoiceNumber', 'INVALID'],
      ['applications.3.invoiceNumber', 'NOT_FOUND'],
      ['applications.4.invoiceNumber', 'DUPLICATE'],
    ]);
  });

  it('puts errors under the path prefix the caller gives', () => {
    const params: PlanApplicationParams = {
      customerId: ACME,
      amount: new Money('100.00'),
      currency: 'USD',
      receivedDate: '2026-01-20',
      invoices: [invoice('US01-000001', { total: '50.00' })],
      requested: [{ invoiceNumber: 'US01-000001', amount: '60.00' }],
      field: ['input', 'applications'],
    };
    expect(refusalOf(() => planApplication(params))[0]!.field).toEqual(['input', 'applications', '0', 'amount']);
  });
});

describe('automatic application, oldest due first', () => {
  const march = invoice('US01-000003', { issueDate: '2026-01-30' }); // due 2026-03-01
  const february = invoice('US01-000001', { issueDate: '2026-01-02' }); // due 2026-02-01
  const april = invoice('US01-000005', { issueDate: '2026-03-02' }); // due 2026-04-01

  it('pays the invoice due first, then the next, and leaves the newest untouched', () => {
    expect(readable(plan({ amount: '1500.00', invoices: [march, april, february] }))).toEqual({
      applications: [
        { invoice: 'US01-000001', amount: '1000.00', discount: '0.00', settles: true },
        { invoice: 'US01-000003', amount: '500.00', discount: '0.00', settles: false },
      ],
      unapplied: '0.00',
    });
  });

  it('keeps what is left after every open invoice is paid as unapplied cash', () => {
    expect(readable(plan({ amount: '3250.75', invoices: [march, april, february] }))).toEqual({
      applications: [
        { invoice: 'US01-000001', amount: '1000.00', discount: '0.00', settles: true },
        { invoice: 'US01-000003', amount: '1000.00', discount: '0.00', settles: true },
        { invoice: 'US01-000005', amount: '1000.00', discount: '0.00', settles: true },
      ],
      unapplied: '250.75',
    });
  });

  it('skips invoices of other customers, other currencies, drafts, voids and paid ones', () => {
    const invoices = [
      invoice('US01-000010', { customerId: GLOBEX, issueDate: '2025-10-01' }),
      invoice('DE01-000011', { currency: 'EUR', issueDate: '2025-10-01' }),
      invoice('US01-000012', { status: 'DRAFT', issueDate: '2025-10-01' }),
      invoice('US01-000013', { status: 'VOID', issueDate: '2025-10-01' }),
      invoice('US01-000014', { status: 'PAID', amountPaid: '1000.00', issueDate: '2025-10-01' }),
      invoice('US01-000015', { issueDate: '2025-12-01', amountPaid: '250.00', status: 'PARTIALLY_PAID' }),
    ];
    expect(readable(plan({ amount: '1000.00', invoices }))).toEqual({
      applications: [{ invoice: 'US01-000015', amount: '750.00', discount: '0.00', settles: true }],
      unapplied: '250.00',
    });
  });

  it('breaks ties on the due date by issue date, then invoice number', () => {
    const invoices = [
      invoice('US01-000022', { issueDate: '2026-01-10', dueDate: '2026-02-28' }),
      invoice('US01-000021', { issueDate: '2026-01-10', dueDate: '2026-02-28' }),
      invoice('US01-000020', { issueDate: '2026-01-20', dueDate: '2026-02-28' }),
      invoice('US01-000023', { issueDate: '2026-01-05', dueDate: '2026-02-28' }),
    ];
    expect(plan({ amount: '4000.00', invoices }).applications.map((a) => a.invoiceNumber)).toEqual([
      'US01-000023',
      'US01-000021',
      'US01-000022',
      'US01-000020',
    ]);
  });

  it('with no open invoice, the whole payment stays unapplied', () => {
    expect(readable(plan({ amount: '99.99', invoices: [] }))).toEqual({ applications: [], unapplied: '99.99' });
  });
});

describe('2/10 NET30: early-payment discount', () => {
  const issueDate = '2026-01-01';
  const discounted = () => invoice('US01-000001', { issueDate, paymentTerms: '2/10 NET30', total: '1000.00' });
  const day = (n: number) => addDays(issueDate, n);

  it('offers 2 % of the total from the issue date through day 10, inclusive', () => {
    expect(discountAvailable(discounted(), day(0))?.toFixed(2)).toBe('20.00');
    expect(discountAvailable(discounted(), day(10))?.toFixed(2)).toBe('20.00');
    expect(discountAvailable(discounted(), day(11))).toBeNull();
    expect(discountAvailable(discounted(), day(-1))).toBeNull();
    expect(discountAvailable(invoice('US01-000002', { issueDate }), day(5))).toBeNull();
  });

  it('rounds the discount to the currency minor units', () => {
    const odd = invoice('US01-000003', { issueDate, paymentTerms: '2/10 NET30', total: '1234.56' });
    expect(discountAvailable(odd, day(3))?.toFixed(2)).toBe('24.69'); // 24.6912
    const yen = invoice('JP01-000001', { issueDate, paymentTerms: '2/10 NET30', total: '12345', currency: 'JPY' });
    expect(discountAvailable(yen, day(3))?.toFixed(0)).toBe('247'); // 246.9
  });

  it('paying 98 % on day 10 closes the invoice with 2 % recorded as discount', () => {
    const explicit = plan({ amount: '980.00', receivedDate: day(10), invoices: [discounted()], applications: [{ invoiceNumber: 'US01-000001', amount: '980.00' }] });
    const expected = { applications: [{ invoice: 'US01-000001', amount: '980.00', discount: '20.00', settles: true }], unapplied: '0.00' };
    expect(readable(explicit)).toEqual(expected);
    expect(readable(plan({ amount: '980.00', receivedDate: day(10), invoices: [discounted()] }))).toEqual(expected);
  });

  it('paying 98 % on day 11 leaves 2 % open', () => {
    const explicit = plan({ amount: '980.00', receivedDate: day(11), invoices: [discounted()], applications: [{ invoiceNumber: 'US01-000001', amount: '980.00' }] });
    const expected = { applications: [{ invoice: 'US01-000001', amount: '980.00', discount: '0.00', settles: false }], unapplied: '0.00' };
    expect(readable(explicit)).toEqual(expected);
    expect(readable(plan({ amount: '980.00', receivedDate: day(11), invoices: [discounted()] }))).toEqual(expected);
  });

  it('a payment that leaves anything other than exactly 2 % open takes no discount', () => {
    const result = plan({ amount: '990.00', receivedDate: day(5), invoices: [discounted()], applications: [{ invoiceNumber: 'US01-000001', amount: '990.00' }] });
    expect(readable(result).applications).toEqual([{ invoice: 'US01-000001', amount: '990.00', discount: '0.00', settles: false }]);
  });

  it('applied automatically, a full payment of 1,000.00 inside the window pays the invoice in full: 1,000.00 applied, no discount, nothing unapplied', () => {
    expect(readable(plan({ amount: '1000.00', receivedDate: day(5), invoices: [discounted()] }))).toEqual({
      applications: [{ invoice: 'US01-000001', amount: '1000.00', discount: '0.00', settles: true }],
      unapplied: '0.00',
    });
  });

  it('applied automatically, 980.00 inside the window leaves exactly the 20.00 discount open and closes the invoice', () => {
    expect(readable(plan({ amount: '980.00', receivedDate: day(10), invoices: [discounted()] }))).toEqual({
      applications: [{ invoice: 'US01-000001', amount: '980.00', discount: '20.00', settles: true }],
      unapplied: '0.00',
    });
  });

  it('applied automatically, 990.00 inside the window leaves 10.00 open: no discount', () => {
    expect(readable(plan({ amount: '990.00', receivedDate: day(5), invoices: [discounted()] }))).toEqual({
      applications: [{ invoice: 'US01-000001', amount: '990.00', discount: '0.00', settles: false }],
      unapplied: '0.00',
    });
  });

  it('applied automatically, a payment of more than the total inside the window pays it in full and keeps the rest unapplied', () => {
    expect(readable(plan({ amount: '1050.00', receivedDate: day(5), invoices: [discounted()] }))).toEqual({
      applications: [{ invoice: 'US01-000001', amount: '1000.00', discount: '0.00', settles: true }],
      unapplied: '50.00',
    });
  });

  it('applied explicitly, paying the full total within the window closes the invoice without a discount', () => {
    expect(
      readable(plan({ amount: '1000.00', receivedDate: day(5), invoices: [discounted()], applications: [{ invoiceNumber: 'US01-000001', amount: '1000.00' }] })).applications,
    ).toEqual([{ invoice: 'US01-000001', amount: '1000.00', discount: '0.00', settles: true }]);
  });

  it('applied automatically, older invoices are paid first and what is left closes the discount invoice at 98 %', () => {
    const older = invoice('US01-000000', { issueDate: '2025-12-20', total: '300.00' }); // NET30, due 2026-01-19
    expect(readable(plan({ amount: '1280.00', receivedDate: day(7), invoices: [discounted(), older] }))).toEqual({
      applications: [
        { invoice: 'US01-000000', amount: '300.00', discount: '0.00', settles: true },
        { invoice: 'US01-000001', amount: '980.00', discount: '20.00', settles: true },
      ],
      unapplied: '0.00',
    });
  });
});

describe('payment application properties', () => {
  const RECEIVED_FROM = '2026-01-01';
  const termsArb = fc.constantFrom('NET30', 'NET0', 'EOM', '2/10 NET30', '1.5/15 NET45', 'MFI15');

  /** An invoice with total and amount paid in whole cents; mostly Acme's USD invoices, some that must be skipped. */
  const invoiceArb = fc
    .record({
      customerId: fc.constantFrom(ACME, ACME, ACME, GLOBEX),
      currency: fc.constantFrom('USD', 'USD', 'USD', 'EUR'),
      issueOffset: fc.integer({ min: -90, max: 60 }),
      paymentTerms: termsArb,
      totalCents: fc.integer({ min: 1, max: 5_000_000 }),
      paidPermille: fc.oneof(fc.constant(0), fc.constant(1000), fc.integer({ min: 0, max: 1000 })),
      issued: fc.constantFrom(true, true, true, true, false),
      voided: fc.boolean(),
    })
    .map((r): InvoiceFields => {
      const paidCents = r.issued ? Math.floor((r.totalCents * r.paidPermille) / 1000) : 0;
      const status: OpenInvoice['status'] = !r.issued
        ? r.voided ? 'VOID' : 'DRAFT'
        : paidCents === 0 ? 'ISSUED' : paidCents === r.totalCents ? 'PAID' : 'PARTIALLY_PAID';
      return {
        customerId: r.customerId,
        currency: r.currency,
        issueDate: addDays(RECEIVED_FROM, r.issueOffset),
        paymentTerms: r.paymentTerms,
        total: decimalFromMinor(r.totalCents, 2),
        amountPaid: decimalFromMinor(paidCents, 2),
        status,
      };
    });

  const ledgerArb = fc
    .array(invoiceArb, { maxLength: 12 })
    .map((fields) => fields.map((f, index) => invoice(`US01-${String(index + 1).padStart(6, '0')}`, { ...f, id: index + 1 })));
  const receivedDateArb = fc.integer({ min: 0, max: 90 }).map((n) => addDays(RECEIVED_FROM, n));
  const paymentArb = fc.integer({ min: 1, max: 20_000_000 }).map((cents) => decimalFromMinor(cents, 2));

  const eligible = (inv: OpenInvoice) =>
    inv.customerId === ACME && inv.currency === 'USD' && (inv.status === 'ISSUED' || inv.status === 'PARTIALLY_PAID') && openBalance(inv).gt(0);

  function expectSoundPlan(result: ApplicationPlan, payment: string, invoices: OpenInvoice[], receivedDate: string) {
    const byId = new Map(invoices.map((inv) => [inv.id, inv]));
    const ids = result.applications.map((a) => a.invoiceId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const application of result.applications) {
      const inv = byId.get(application.invoiceId)!;
      const open = openBalance(inv);
      expect(application.amount.gt(0)).toBe(true);
      expect(application.discount.gte(0)).toBe(true);
      // never below zero
      expect(application.amount.plus(application.discount).lte(open)).toBe(true);
      expect(application.settles).toBe(application.amount.plus(application.discount).eq(open));
      if (application.discount.gt(0)) expect(application.discount.eq(discountAvailable(inv, receivedDate) ?? ZERO)).toBe(true);
    }
    expect(result.unapplied.gte(0)).toBe(true);
    const applied = sumMoney(result.applications.map((a) => a.amount));
    expect(applied.plus(result.unapplied).eq(new Money(payment))).toBe(true);
  }

  it('oldest due first: never above an open balance, every cent accounted for, unapplied never negative', () => {
    fc.assert(
      fc.property(ledgerArb, paymentArb, receivedDateArb, (invoices, payment, receivedDate) => {
        const result = plan({ amount: payment, receivedDate, invoices });
        expectSoundPlan(result, payment, invoices, receivedDate);
        for (const application of result.applications) expect(eligible(invoices.find((inv) => inv.id === application.invoiceId)!)).toBe(true);
      }),
    );
  });

  it('oldest due first never leaves an older invoice open while paying a newer one', () => {
    fc.assert(
      fc.property(ledgerArb, paymentArb, receivedDateArb, (invoices, payment, receivedDate) => {
        const result = plan({ amount: payment, receivedDate, invoices });
        const settled = new Set(result.applications.filter((a) => a.settles).map((a) => a.invoiceId));
        // every application but the last closes its invoice (in full or with the discount)
        result.applications.slice(0, -1).forEach((a) => expect(a.settles).toBe(true));
        for (const application of result.applications) {
          const paid = invoices.find((inv) => inv.id === application.invoiceId)!;
          for (const older of invoices.filter((inv) => eligible(inv) && inv.dueDate < paid.dueDate)) {
            expect(settled.has(older.id)).toBe(true);
          }
        }
        // cash is left unapplied only when every open invoice has been closed
        if (result.unapplied.gt(0)) {
          for (const inv of invoices.filter(eligible)) expect(settled.has(inv.id)).toBe(true);
        }
      }),
    );
  });

  it('explicit applications: accepted exactly when each fits its open balance and together they fit the payment', () => {
    const requestArb = ledgerArb
      .map((invoices) => invoices.filter(eligible))
      .filter((invoices) => invoices.length > 0)
      .chain((invoices) =>
        fc.tuple(
          fc.constant(invoices),
          fc.subarray(invoices, { minLength: 1 }).chain((chosen) =>
            fc.tuple(
              ...chosen.map((inv) => {
                const openCents = Number(openBalance(inv).times(100).toFixed(0));
                return fc
                  .oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: openCents }) }, { weight: 1, arbitrary: fc.integer({ min: openCents + 1, max: openCents + 1000 }) })
                  .map((cents) => ({ invoiceNumber: inv.number, amount: decimalFromMinor(cents, 2) }));
              }),
            ),
          ),
        ),
      );
    fc.assert(
      fc.property(requestArb, paymentArb, receivedDateArb, ([invoices, requested], payment, receivedDate) => {
        const tooLarge = requested
          .map((request, index) => ({ index, fits: new Money(request.amount).lte(openBalance(invoices.find((inv) => inv.number === request.invoiceNumber)!)) }))
          .filter((r) => !r.fits)
          .map((r) => `applications.${r.index}.amount`);
        const sum = sumMoney(requested.map((r) => new Money(r.amount)));
        const attempt = () => plan({ amount: payment, receivedDate, invoices, applications: requested });
        if (tooLarge.length > 0) {
          const errors = refusalOf(attempt);
          expect(errors.map((e) => e.field.join('.'))).toEqual(tooLarge);
          expect(errors.every((e) => e.code === 'OUT_OF_RANGE')).toBe(true);
        } else if (sum.gt(new Money(payment))) {
          expect(refusalOf(attempt)).toEqual([{ field: ['applications'], code: 'OUT_OF_RANGE', message: expect.any(String) }]);
        } else {
          const result = attempt();
          expectSoundPlan(result, payment, invoices, receivedDate);
          expect(result.applications.map((a) => [a.invoiceNumber, a.amount.toFixed(2)])).toEqual(
            requested.map((r) => [r.invoiceNumber, new Money(r.amount).toFixed(2)]),
          );
        }
      }),
    );
  });
});
