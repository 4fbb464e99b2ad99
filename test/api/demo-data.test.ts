// The demo book: the ledger's invariants hold for every row, the same inputs give the same
// rows, reports have something to show, and the API keeps working on top of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoFromDate } from '../../api/domain/dates.js';
import { dueDateFor, parsePaymentTerms } from '../../api/domain/receivables/payment-terms.js';
import { DEMO_BOOK_TABLES, seedDemoData, type SeedSummary } from '../../api/seed/demo-data.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const TODAY = '2026-11-25';
const PARAMS = { today: TODAY, baseCurrency: 'USD', invoices: 2000, seed: 7 };

/** Rows that break a rule: each query returns the offending rows, expected none. */
const VIOLATIONS: Record<string, string> = {
  'amount_paid = Σ applications + discounts': `
    SELECT i.number, i.amount_paid, s.paid FROM invoice i
    LEFT JOIN (SELECT invoice_id, sum(amount + discount) AS paid FROM payment_application GROUP BY invoice_id) s ON s.invoice_id = i.id
    WHERE i.amount_paid <> COALESCE(s.paid, 0)`,
  'nothing applied beyond the total': `SELECT number FROM invoice WHERE amount_paid > total OR amount_paid < 0 OR total <= 0`,
  'status follows amount_paid': `
    SELECT number, status FROM invoice WHERE NOT CASE status
      WHEN 'PAID' THEN amount_paid = total AND paid_date IS NOT NULL
      WHEN 'PARTIALLY_PAID' THEN amount_paid > 0 AND amount_paid < total AND paid_date IS NULL
      WHEN 'ISSUED' THEN amount_paid = 0 AND paid_date IS NULL
      WHEN 'VOID' THEN amount_paid = 0 AND void_date >= issue_date AND void_reason IS NOT NULL
      WHEN 'DRAFT' THEN amount_paid = 0 AND number IS NULL END
    OR (status <> 'VOID' AND (void_date IS NOT NULL OR void_reason IS NOT NULL))
    OR (status <> 'DRAFT' AND number IS NULL)`,
  'paid_date = last received date': `
    SELECT i.number FROM invoice i JOIN payment_application a ON a.invoice_id = i.id
    WHERE i.status = 'PAID' GROUP BY i.id HAVING i.paid_date <> max(a.received_date)`,
  'applications only on issued invoices of the payment customer and currency, received with it': `
    SELECT a.id FROM payment_application a JOIN payment p ON p.id = a.payment_id JOIN invoice i ON i.id = a.invoice_id
    WHERE a.received_date <> p.received_date OR i.customer_id <> p.customer_id OR i.currency <> p.currency
       OR i.status IN ('DRAFT', 'VOID') OR a.received_date < i.issue_date OR a.received_date > '${TODAY}'
       OR a.amount <= 0 OR a.discount < 0`,
  'unapplied = amount − Σ applications, never negative; every payment applied somewhere': `
    SELECT p.id FROM payment p LEFT JOIN (SELECT payment_id, sum(amount) AS applied, count(*) AS n FROM payment_application GROUP BY payment_id) a ON a.payment_id = p.id
    WHERE p.unapplied_amount <> p.amount - COALESCE(a.applied, 0) OR p.unapplied_amount < 0 OR COALESCE(a.n, 0) = 0`,
  'a discount only as the terms allow: 2 % of the total, within 10 days, closing the invoice': `
    SELECT i.number FROM payment_application a JOIN invoice i ON i.id = a.invoice_id
    WHERE a.discount > 0 AND NOT (i.payment_terms = '2/10 NET30' AND a.received_date - i.issue_date BETWEEN 0 AND 10
      AND a.discount = round(i.total * 0.02, CASE i.currency WHEN 'JPY' THEN 0 ELSE 2 END) AND i.status = 'PAID')`,
  'total = Σ line amounts; line amount = quantity × unit price rounded to the minor units': `
    SELECT i.number FROM invoice i JOIN invoice_line l ON l.invoice_id = i.id
    GROUP BY i.id HAVING i.total <> sum(l.amount)
      OR bool_or(l.amount <> round(l.quantity * l.unit_price, CASE i.currency WHEN 'JPY' THEN 0 ELSE 2 END))
      OR count(*) NOT BETWEEN 1 AND 4`,
  'JPY amounts are whole yen': `
    SELECT 'invoice' AS t, id FROM invoice WHERE currency = 'JPY' AND (total <> trunc(total) OR amount_paid <> trunc(amount_paid))
    UNION ALL SELECT 'line', l.id FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id WHERE i.currency = 'JPY' AND l.amount <> trunc(l.amount)
    UNION ALL SELECT 'payment', id FROM payment WHERE currency = 'JPY' AND (amount <> trunc(amount) OR unapplied_amount <> trunc(unapplied_amount))
    UNION ALL SELECT 'application', a.id FROM payment_application a JOIN payment p ON p.id = a.payment_id WHERE p.currency = 'JPY' AND (a.amount <> trunc(a.amount) OR a.discount <> trunc(a.discount))
    UNION ALL SELECT 'promise', id FROM collection_activity WHERE currency = 'JPY' AND promise_amount <> trunc(promise_amount)`,
  'other amounts have at most 2 decimals': `
    SELECT id FROM invoice WHERE total <> round(total, 2) OR amount_paid <> round(amount_paid, 2)
    UNION ALL SELECT id FROM payment WHERE amount <> round(amount, 2)`,
  'numbers run per entity without gaps in issue-date order': `
    SELECT number FROM (
      SELECT i.number, e.code, row_number() OVER (PARTITION BY i.entity_id ORDER BY i.issue_date, i.id) AS seq
      FROM invoice i JOIN entity e ON e.id = i.entity_id WHERE i.number IS NOT NULL) n
    WHERE number <> code || '-' || lpad(seq::text, 6, '0')`,
  'next_number is the next free number of each entity': `
    SELECT e.code FROM entity e LEFT JOIN invoice_sequence s ON s.entity_id = e.id
    WHERE s.next_number IS DISTINCT FROM (SELECT count(*) + 1 FROM invoice i WHERE i.entity_id = e.id AND i.number IS NOT NULL)`,
  'invoices are of their customer (entity, currency) and not issued after today': `
    SELECT i.id FROM invoice i JOIN customer c ON c.id = i.customer_id
    WHERE i.entity_id <> c.entity_id OR i.currency <> c.currency OR i.issue_date > '${TODAY}'
       OR i.issue_date < date_trunc('month', '${TODAY}'::date) - interval '23 months'`,
  'a customer requiring a PO gets one on every invoice': `
    SELECT i.id FROM invoice i JOIN customer c ON c.id = i.customer_id WHERE c.po_required AND i.po_number IS NULL`,
  'every contract has its terms as version 1': `
    SELECT k.id FROM contract k LEFT JOIN contract_version v ON v.contract_id = k.id AND v.version = 1
    WHERE v.id IS NULL OR k.version <> 1 OR v.effective_from <> k.start_date OR v.amount_per_period <> k.amount_per_period
       OR v.description <> k.description OR v.end_date IS DISTINCT FROM k.end_date`,
  'contract invoices bill their contract once per period': `
    SELECT i.id FROM invoice i JOIN contract k ON k.id = i.contract_id
    WHERE i.customer_id <> k.customer_id OR i.billing_period IS NULL OR i.total <> k.amount_per_period
       OR i.issue_date < k.start_date OR (k.end_date IS NOT NULL AND i.issue_date > k.end_date)`,
  'open disputes flag their invoice, resolved ones carry a resolution': `
    SELECT i.number FROM invoice i
    WHERE i.disputed <> EXISTS (SELECT 1 FROM dispute d WHERE d.invoice_id = i.id AND d.resolved_date IS NULL)
    UNION ALL SELECT i.number FROM dispute d JOIN invoice i ON i.id = d.invoice_id
    WHERE d.opened_date < i.issue_date OR d.opened_date > '${TODAY}' OR i.status IN ('VOID', 'DRAFT')
       OR (d.resolved_date IS NOT NULL AND (d.resolution IS NULL OR d.resolved_by IS NULL OR d.resolved_date < d.opened_date OR d.resolved_date > '${TODAY}'))`,
  'voided invoices have no payments': `
    SELECT i.number FROM invoice i JOIN payment_application a ON a.invoice_id = i.id WHERE i.status = 'VOID'`,
  'promises to pay carry date, amount, currency and their invoices of the same customer': `
    SELECT c.id FROM collection_activity c
    WHERE c.kind = 'PROMISE_TO_PAY' AND (c.promise_date IS NULL OR c.promise_amount IS NULL OR c.promise_amount <= 0
      OR c.promise_date < c.activity_date OR c.currency IS NULL
      OR NOT EXISTS (SELECT 1 FROM collection_activity_invoice l WHERE l.activity_id = c.id)
      OR EXISTS (SELECT 1 FROM collection_activity_invoice l JOIN invoice i ON i.id = l.invoice_id
                 WHERE l.activity_id = c.id AND (i.customer_id <> c.customer_id OR i.currency <> c.currency)))
    UNION ALL SELECT c.id FROM collection_activity c WHERE c.kind <> 'PROMISE_TO_PAY' AND (c.promise_date IS NOT NULL OR c.promise_amount IS NOT NULL)
    UNION ALL SELECT c.id FROM collection_activity c WHERE c.activity_date > '${TODAY}'`,
  'FX rates for EUR, GBP and JPY only, none for the base currency': `
    SELECT currency FROM fx_rate GROUP BY currency HAVING currency NOT IN ('EUR', 'GBP', 'JPY')`,
};

/** How many rows of each kind the book must show at least. */
const PRESENT: Record<string, string> = {
  'PAID invoices': `SELECT count(*) FROM invoice WHERE status = 'PAID'`,
  'PAID late': `SELECT count(*) FROM invoice WHERE status = 'PAID' AND paid_date > due_date + 30`,
  'PAID on time': `SELECT count(*) FROM invoice WHERE status = 'PAID' AND paid_date <= due_date`,
  'PARTIALLY_PAID invoices': `SELECT count(*) FROM invoice WHERE status = 'PARTIALLY_PAID'`,
  'ISSUED and past due': `SELECT count(*) FROM invoice WHERE status = 'ISSUED' AND due_date < '${TODAY}'`,
  'VOID invoices': `SELECT count(*) FROM invoice WHERE status = 'VOID'`,
  'DRAFT invoices this month': `SELECT count(*) FROM invoice WHERE status = 'DRAFT' AND issue_date >= date_trunc('month', '${TODAY}'::date)`,
  'contract invoices': `SELECT count(*) FROM invoice WHERE contract_id IS NOT NULL`,
  'discounts taken': `SELECT count(*) FROM payment_application WHERE discount > 0`,
  'payments covering several invoices': `SELECT count(*) FROM (SELECT payment_id FROM payment_application GROUP BY payment_id HAVING count(*) > 1) x`,
  'payments with unapplied cash': `SELECT count(*) FROM payment WHERE unapplied_amount > 0`,
  'resolved disputes': `SELECT count(*) FROM dispute WHERE resolved_date IS NOT NULL`,
  'open disputes': `SELECT count(*) FROM dispute WHERE resolved_date IS NULL`,
  'escalations': `SELECT count(*) FROM collection_activity WHERE kind = 'ESCALATION'`,
  'calls': `SELECT count(*) FROM collection_activity WHERE kind = 'CALL'`,
  'pending promises': `SELECT count(*) FROM collection_activity WHERE kind = 'PROMISE_TO_PAY' AND promise_date >= '${TODAY}'`,
  'customers of every delivery channel': `SELECT count(DISTINCT delivery_channel) - 3 FROM customer`,
  'customers requiring a PO': `SELECT count(*) FROM customer WHERE po_required`,
  'months with invoices (24)': `SELECT count(DISTINCT date_trunc('month', issue_date)) - 23 FROM invoice`,
  'entities with invoices (4)': `SELECT count(DISTINCT entity_id) - 3 FROM invoice`,
};

async function checksum(api: TestApi): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const table of DEMO_BOOK_TABLES) {
    const [row] = await api.db.prisma.$queryRawUnsafe<{ sum: string | null; n: number }[]>(
      `SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS sum, count(*)::int AS n FROM ${table} t`,
    );
    sums[table] = `${row!.n}:${row!.sum}`;
  }
  return sums;
}

describe.each(testDatabases())('demo data on $name', (database) => {
  let api: TestApi;
  let summary: SeedSummary;
  beforeAll(async () => {
    api = await startTestApi(database, { today: TODAY });
    summary = await seedDemoData(api.db.prisma, PARAMS);
  });
  afterAll(async () => api?.close());

  it('reports what it wrote', async () => {
    expect(summary).toMatchObject({ entities: 4, customers: 150, invoices: 2000 });
    const [counts] = await api.db.prisma.$queryRawUnsafe<Record<string, number>[]>(`
      SELECT (SELECT count(*)::int FROM entity) AS entities, (SELECT count(*)::int FROM customer) AS customers,
             (SELECT count(*)::int FROM invoice) AS invoices, (SELECT count(*)::int FROM payment) AS payments,
             (SELECT count(*)::int FROM collection_activity) AS activities`);
    expect(counts).toEqual(summary);
  });

  it.each(Object.entries(VIOLATIONS))('holds: %s', async (_, sql) => {
    const rows = await api.db.prisma.$queryRawUnsafe<unknown[]>(`${sql} LIMIT 5`.replace(/\s+/g, ' '));
    expect(rows).toEqual([]);
  });

  it.each(Object.entries(PRESENT))('has %s', async (_, sql) => {
    const [row] = await api.db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT (${sql})::int AS n`);
    expect(row!.n).toBeGreaterThan(0);
  });

  it('gives every invoice the due date its terms give', async () => {
    const invoices = await api.db.prisma.invoice.findMany({ select: { number: true, issueDate: true, dueDate: true, paymentTerms: true } });
    const wrong = invoices.filter((i) => dueDateFor(parsePaymentTerms(i.paymentTerms), isoFromDate(i.issueDate)) !== isoFromDate(i.dueDate));
    expect(invoices.length).toBe(2000);
    expect(wrong).toEqual([]);
    const terms = new Set(invoices.map((i) => i.paymentTerms));
    for (const form of ['NET15', 'NET30', 'NET45', 'NET60', 'EOM', 'EOM30', '2/10 NET30', 'MFI15', 'DUE_ON_RECEIPT']) expect(terms).toContain(form);
  });

  it('keeps FX history: weekdays from before the first invoice to today, near the usual levels', async () => {
    const rows = await api.db.prisma.$queryRawUnsafe<{ currency: string; first: Date; last: Date; lo: string; hi: string }[]>(`
      SELECT currency, min(date) AS first, max(date) AS last, min(rate)::text AS lo, max(rate)::text AS hi
      FROM fx_rate GROUP BY currency ORDER BY currency`);
    expect(rows.map((r) => r.currency)).toEqual(['EUR', 'GBP', 'JPY']);
    const [firstInvoice] = await api.db.prisma.$queryRawUnsafe<{ d: Date }[]>('SELECT min(issue_date) AS d FROM invoice');
    const levels: Record<string, [number, number]> = { EUR: [0.95, 1.2], GBP: [1.1, 1.45], JPY: [0.0058, 0.0077] };
    for (const row of rows) {
      expect(row.first.getTime()).toBeLessThan(firstInvoice!.d.getTime());
      expect(isoFromDate(row.last)).toBe(TODAY);
      expect(Number(row.lo)).toBeGreaterThan(levels[row.currency]![0]);
      expect(Number(row.hi)).toBeLessThan(levels[row.currency]![1]);
    }
  });

  it('ages into every bucket as of today', async () => {
    const data = await api.ok(`{ agingReport(asOf: "${TODAY}") { currency total { current days1To30 days31To60 days61To90 over90 total } customers { customer { code } } } }`);
    const total = data.agingReport.total;
    for (const bucket of ['current', 'days1To30', 'days31To60', 'days61To90', 'over90']) expect(Number(total[bucket])).toBeGreaterThan(0);
    expect(data.agingReport.customers.length).toBeGreaterThan(10);
  });

  it('fills the collections worklist, broken promises first', async () => {
    const data = await api.ok(`{ collectionsWorklist(asOf: "${TODAY}") { customer { code } pastDue oldestDaysPastDue brokenPromises lastActivity nextFollowUp priority } }`);
    const items = data.collectionsWorklist as { brokenPromises: number; lastActivity: string | null; nextFollowUp: string | null }[];
    expect(items.length).toBeGreaterThan(5);
    expect(items[0]!.brokenPromises).toBeGreaterThan(0);
    expect(items.filter((i) => i.lastActivity !== null && i.nextFollowUp !== null).length).toBeGreaterThan(0);
  });

  it('gives the same rows for the same inputs, and others for another seed', async () => {
    const first = await checksum(api);
    await seedDemoData(api.db.prisma, { ...PARAMS, reset: true });
    expect(await checksum(api)).toEqual(first);
    await seedDemoData(api.db.prisma, { ...PARAMS, seed: 8, reset: true });
    expect((await checksum(api)).invoice).not.toEqual(first.invoice);
    await seedDemoData(api.db.prisma, { ...PARAMS, reset: true });
    expect(await checksum(api)).toEqual(first);
  });

  it('refuses to seed over an existing book without reset', async () => {
    await expect(seedDemoData(api.db.prisma, PARAMS)).rejects.toThrow(/already has entities/);
    const [row] = await api.db.prisma.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM invoice');
    expect(row!.n).toBe(2000);
  });

  it('leaves the API able to issue an invoice and record a payment', async () => {
    const [customer] = await api.db.prisma.$queryRawUnsafe<{ code: string; entity: string; currency: string; next: number }[]>(`
      SELECT c.code, e.code AS entity, c.currency, s.next_number AS next FROM customer c
      JOIN entity e ON e.id = c.entity_id JOIN invoice_sequence s ON s.entity_id = e.id
      WHERE e.code = 'DE01' AND c.currency = 'EUR' ORDER BY c.id LIMIT 1`);
    const created = await api.ok(
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { number total status } userErrors { field message code } } }`,
      { input: { customerCode: customer!.code, issueDate: TODAY, poNumber: 'PO-TEST-1', lines: [{ description: 'Test line', quantity: '3', unitPrice: '100.005' }] } },
    );
    expect(created.createInvoice).toEqual({
      invoice: { number: `DE01-${String(customer!.next).padStart(6, '0')}`, total: '300.02', status: 'ISSUED' },
      userErrors: [],
    });
    const paid = await api.ok(
      `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { amount unappliedAmount applications { amount invoice { number status } } } userErrors { field message code } } }`,
      { input: { customerCode: customer!.code, receivedDate: TODAY, amount: '300.02', currency: 'EUR', applications: [{ invoiceNumber: created.createInvoice.invoice.number, amount: '300.02' }] } },
    );
    expect(paid.recordPayment.userErrors).toEqual([]);
    expect(paid.recordPayment.payment.applications).toEqual([{ amount: '300.02', invoice: { number: created.createInvoice.invoice.number, status: 'PAID' } }]);
    const activity = await api.ok(
      `mutation($input: LogCollectionActivitiesInput!) { logCollectionActivities(input: $input) { userErrors { field message code } } }`,
      { input: { activities: [{ customerCode: customer!.code, kind: 'NOTE', note: 'after seeding' }] } },
    );
    expect(activity.logCollectionActivities.userErrors).toEqual([]);
  });
});
