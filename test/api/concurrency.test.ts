// Racing writers and retried requests: two payments racing for one invoice never take it
// below zero; a recordPayment retried with the same idempotency key applies once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const PAY = `mutation Pay($input: RecordPaymentInput!) {
  recordPayment(input: $input) {
    payment { id amount unappliedAmount applications { amount invoice { number } } }
    userErrors { field message code }
  }
}`;

describe.each(testDatabases())('concurrency and retries on $name', (database) => {
  let api: TestApi;
  let invoiceNumber: string;

  beforeAll(async () => {
    api = await startTestApi(database, { today: '2026-11-25' });
    await api.ok(`mutation { createEntity(input: {code: "US01", name: "US", currency: "USD"}) { userErrors { message } } }`);
    await api.ok(`mutation { createCustomer(input: {entityCode: "US01", code: "ACME", name: "Acme", paymentTerms: "NET30", deliveryChannel: POST}) { userErrors { message } } }`);
    const created = await api.ok(`mutation { createInvoice(input: {customerCode: "ACME", issueDate: "2026-11-01", lines: [{description: "Services", quantity: "1", unitPrice: "1000.00"}]}) { invoice { number } } }`);
    invoiceNumber = created.createInvoice.invoice.number;
  });
  afterAll(async () => api?.close());

  it('ten payments of 200 racing for a 1,000.00 invoice: five apply, five are refused, the balance ends at 0', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.gql(PAY, {
          input: {
            customerCode: 'ACME',
            receivedDate: '2026-11-20',
            amount: '200.00',
            currency: 'USD',
            reference: `race-${i}`,
            applications: [{ invoiceNumber, amount: '200.00' }],
          },
        }, api.tokens.AR),
      ),
    );
    const applied = results.filter((r) => r.data?.recordPayment.payment);
    const refused = results.filter((r) => r.data?.recordPayment.userErrors.length);
    expect(applied).toHaveLength(5);
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.data.recordPayment.userErrors[0]).toMatchObject({ code: 'OUT_OF_RANGE', field: ['applications', '0', 'amount'] });

    const invoice = await api.ok(`{ invoice(number: "${invoiceNumber}") { balance amountPaid status } }`);
    expect(invoice.invoice).toEqual({ balance: '0.00', amountPaid: '1000.00', status: 'PAID' });
    const sums = await api.db.prisma.$queryRaw<{ n: bigint; total: string }[]>`
      SELECT count(*) AS n, sum(amount)::text AS total FROM payment_application`;
    expect(sums[0]).toEqual({ n: 5n, total: '1000.0000' });
    expect(await api.db.prisma.payment.count()).toBe(5);
  });

  it('a retried recordPayment with the same idempotency key applies once and returns the first answer', async () => {
    const created = await api.ok(`mutation { createInvoice(input: {customerCode: "ACME", issueDate: "2026-11-02", lines: [{description: "Licence", quantity: "2", unitPrice: "250.00"}]}) { invoice { number } } }`);
    const number = created.createInvoice.invoice.number;
    const input = { customerCode: 'ACME', receivedDate: '2026-11-21', amount: '300.00', currency: 'USD', applications: [{ invoiceNumber: number, amount: '300.00' }], idempotencyKey: 'bank-file-2026-11-21-7' };
    const paymentsBefore = await api.db.prisma.payment.count();

    // Sent in parallel too: the second waits on the key row and replays the first answer.
    const [first, second] = await Promise.all([api.ok(PAY, { input }, api.tokens.AR), api.ok(PAY, { input }, api.tokens.AR)]);
    const third = await api.ok(PAY, { input }, api.tokens.AR);
    expect(first.recordPayment.userErrors).toEqual([]);
    expect(second.recordPayment).toEqual(first.recordPayment);
    expect(third.recordPayment).toEqual(first.recordPayment);
    expect(await api.db.prisma.payment.count()).toBe(paymentsBefore + 1);
    const invoice = await api.ok(`{ invoice(number: "${number}") { balance } }`);
    expect(invoice.invoice.balance).toBe('200.00');

    // Same key, different payload: refused, nothing written.
    const changed = await api.ok(PAY, { input: { ...input, amount: '301.00', applications: [{ invoiceNumber: number, amount: '301.00' }] } }, api.tokens.AR);
    expect(changed.recordPayment.payment).toBeNull();
    expect(changed.recordPayment.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['idempotencyKey'] })]);
    expect(await api.db.prisma.payment.count()).toBe(paymentsBefore + 1);

    // Keys are scoped to the token: another token may use the same key for its own request.
    const other = await api.ok(PAY, { input: { ...input, amount: '50.00', applications: [{ invoiceNumber: number, amount: '50.00' }] } }, api.tokens.ADMIN);
    expect(other.recordPayment.userErrors).toEqual([]);
    expect(await api.db.prisma.payment.count()).toBe(paymentsBefore + 2);
  });

  it('a refused call does not use up its key', async () => {
    const input = { customerCode: 'ACME', receivedDate: '2026-11-22', amount: '10.001', currency: 'USD', idempotencyKey: 'retry-after-fix' };
    const refused = await api.ok(PAY, { input }, api.tokens.AR);
    expect(refused.recordPayment.userErrors[0]).toMatchObject({ field: ['amount'], code: 'INVALID' });
    const fixed = await api.ok(PAY, { input: { ...input, amount: '10.00' } }, api.tokens.AR);
    expect(fixed.recordPayment.userErrors).toEqual([]);
    expect(fixed.recordPayment.payment.amount).toBe('10.00');
  });

  it('a failing statement inside a transaction leaves the database answering (PGlite queue health)', async () => {
    await expect(
      api.db.prisma.$transaction(async (tx) => {
        await tx.$executeRaw`UPDATE customer SET name = name WHERE code = 'ACME'`;
        await tx.$executeRaw`SELECT 1 / 0`;
      }),
    ).rejects.toThrow();
    const result = await api.ok(`{ customer(code: "ACME") { code } }`);
    expect(result.customer.code).toBe('ACME');
  });
});
