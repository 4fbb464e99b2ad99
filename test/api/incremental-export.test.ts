// Incremental refresh from the exports: every row carries updatedAt (the clock time of the write
// that last changed it, kept by a trigger) and `updatedSince` returns the rows written at or
// after a timestamp — voids included, as rows with status VOID, since a void is a write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { ISO_MS, parseCsv, seedBook, startExportApp, type ExportApp } from './export-fixtures.js';

describe.each(testDatabases())('incremental exports on $name', (database) => {
  let api: ExportApp;
  const rows = async (path: string) => {
    const response = await api.get(path);
    expect(response.status, path).toBe(200);
    return (await response.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>);
  };
  const dbNow = async () => (await api.app.db.prisma.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`)[0]!.now.toISOString();

  beforeAll(async () => {
    api = await startExportApp(database);
    await seedBook(api);
  });
  afterAll(async () => api?.close());

  it('every row of every dataset has updatedAt; the watermark row itself is read again (>=)', async () => {
    const invoices = await rows('/export/invoices.ndjson');
    for (const invoice of invoices) expect(invoice.updatedAt).toMatch(ISO_MS);
    const stored = await api.app.db.prisma.invoice.findMany({ select: { number: true, updatedAt: true }, orderBy: { id: 'asc' } });
    expect(invoices.map((i) => [i.number, i.updatedAt])).toEqual(stored.map((i) => [i.number, i.updatedAt.toISOString()]));

    const watermark = invoices.map((i) => i.updatedAt as string).sort().at(-1)!;
    const again = await rows(`/export/invoices.ndjson?updatedSince=${encodeURIComponent(watermark)}`);
    expect(again.map((i) => i.updatedAt)).toContain(watermark);
    expect(again.length).toBeLessThan(invoices.length);

    for (const path of ['/export/payments.ndjson', '/export/customers.ndjson', '/export/projects.ndjson', '/export/risks.ndjson', '/export/aging.ndjson?asOf=2026-11-25',
      '/export/worklist.ndjson?asOf=2026-11-25', '/export/kpi-scorecard.ndjson?period=2026-10', '/export/kpi-history.ndjson?code=DSO&from=2026-09&to=2026-10']) {
      const found = await rows(path);
      expect(found.length, path).toBeGreaterThan(0);
      for (const row of found) expect(row.updatedAt, path).toMatch(ISO_MS);
    }
    const csv = parseCsv(await (await api.get('/export/customers.csv')).text());
    expect(csv[0]!.at(-1)).toBe('updated_at');
  });

  it('after a void, a payment and a risk update, updatedSince returns exactly what changed', async () => {
    const since = await dbNow();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const voided = await api.gql(`mutation { voidInvoice(input: {invoiceNumber: "US01-000002", reason: "Sent twice", voidDate: "2026-11-20"}) { userErrors { message } } }`);
    expect(voided.voidInvoice.userErrors).toEqual([]);
    const paid = await api.gql(`mutation { recordPayment(input: {customerCode: "EVIL", receivedDate: "2026-11-26", amount: "10000", currency: "JPY", applications: [{invoiceNumber: "JP01-000001", amount: "10000"}]}) { userErrors { message } } }`);
    expect(paid.recordPayment.userErrors).toEqual([]);
    const risk = await api.gql(`mutation { updateRisks(input: {changes: [{id: "2", expectedVersion: 1, probability: 3}]}) { userErrors { message } conflicts { id } } }`);
    expect([risk.updateRisks.userErrors, risk.updateRisks.conflicts]).toEqual([[], []]);

    const changed = await rows(`/export/invoices.ndjson?updatedSince=${encodeURIComponent(since)}`);
    expect(changed.map(({ number, status, total, amountPaid, balance, voidDate, voidReason }) => ({ number, status, total, amountPaid, balance, voidDate, voidReason }))).toEqual([
      { number: 'JP01-000001', status: 'PAID', total: '10000', amountPaid: '10000', balance: '0', voidDate: null, voidReason: null },
      { number: 'US01-000002', status: 'VOID', total: '100.00', amountPaid: '0.00', balance: '0.00', voidDate: '2026-11-20', voidReason: 'Sent twice' },
    ]);
    for (const row of changed) expect(row.updatedAt >= since).toBe(true);
    expect((await rows(`/export/payments.ndjson?updatedSince=${encodeURIComponent(since)}`)).map((p) => [p.customerCode, p.amount, p.unappliedAmount])).toEqual([['EVIL', '10000', '0']]);
    expect((await rows(`/export/risks.ndjson?updatedSince=${encodeURIComponent(since)}`)).map((r) => [r.id, r.probability, r.score])).toEqual([[2, 3, 9]]);
    expect(await rows(`/export/customers.ndjson?updatedSince=${encodeURIComponent(since)}`)).toEqual([]);
    expect(await rows(`/export/projects.ndjson?updatedSince=${encodeURIComponent(since)}`)).toEqual([]);
    // Reports: the rows whose inputs changed (both customers: EVIL's payment of 11-26 is after the
    // as-of date, so it is still open then); no TOTAL row in an incremental read.
    expect((await rows(`/export/aging.ndjson?asOf=2026-11-25&updatedSince=${encodeURIComponent(since)}`)).map((r) => [r.customerCode, r.total])).toEqual([['ACME', '779.77'], ['EVIL', '65.00']]);
    expect((await rows(`/export/aging.ndjson?asOf=2026-11-30&updatedSince=${encodeURIComponent(since)}`)).map((r) => [r.customerCode, r.total])).toEqual([['ACME', '779.77']]);
    // The CSV reads the same rows; a bare date is its midnight UTC.
    const csv = parseCsv(await (await api.get(`/export/invoices.csv?status=VOID&updatedSince=${since.slice(0, 10)}`)).text());
    const column = (name: string) => csv[0]!.indexOf(name);
    expect(csv.slice(1).map((row) => [row[column('number')], row[column('status')], row[column('void_date')]])).toEqual([['US01-000002', 'VOID', '2026-11-20']]);
    expect((await rows(`/export/invoices.ndjson?updatedSince=2999-01-01T00:00:00Z`))).toEqual([]);
    // A window, as a Power BI partition reads it: since inclusive, before exclusive.
    const before = await rows(`/export/invoices.ndjson?updatedBefore=${encodeURIComponent(since)}`);
    expect(before.map((i) => i.number)).toEqual(['US01-000001']);
    // The void was written before the payment: the window up to the payment holds the void only.
    const paidAt = changed.find((i) => i.number === 'JP01-000001')!.updatedAt as string;
    expect((await rows(`/export/invoices.ndjson?updatedSince=${encodeURIComponent(since)}&updatedBefore=${encodeURIComponent(paidAt)}`)).map((i) => i.number)).toEqual(['US01-000002']);
    expect((await rows(`/export/aging.ndjson?asOf=2026-11-25&updatedBefore=${encodeURIComponent(since)}`))).toEqual([]);
  });
});
