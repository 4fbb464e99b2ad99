// Period locks (PRODUCT.md, "Period lock"): closePeriod refuses every posting dated in or before
// the closed month of its entity (or of every entity), reopenPeriod lifts it; the close
// snapshots the KPIs per reporting currency; a close racing a back-dated payment never lets the
// payment land after the snapshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';
import { tableDigest } from '../support/digest.js';

const TABLES = ['invoice', 'invoice_line', 'invoice_sequence', 'payment', 'payment_application', 'period_close', 'kpi_snapshot', 'audit_record'];
const ERRORS = 'userErrors { field message code }';
const CLOSE = `mutation($input: ClosePeriodInput!) { closePeriod(input: $input) {
  periodClose { period entityCode currency currencies lockedThrough } ${ERRORS} } }`;
const REOPEN = `mutation($input: ReopenPeriodInput!) { reopenPeriod(input: $input) {
  periodClose { period entityCode currency currencies lockedThrough } ${ERRORS} } }`;
const PAY = `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id receivedDate } ${ERRORS} } }`;
const INVOICE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id number status } ${ERRORS} } }`;
const SCORECARD = `query($period: String!, $entityCode: String, $currency: String) {
  kpiScorecard(period: $period, entityCode: $entityCode, currency: $currency) { code actual liveActual closed restated snapshotCurrency currency } }`;

function byCode(values: { code: string }[]) {
  return Object.fromEntries(values.map((v) => [v.code, v])) as Record<string, any>;
}

describe.each(testDatabases())('period locks on $name', (database) => {
  let api: TestApi;
  const invoice = async (customerCode: string, issueDate: string, amount: string, issue = true) => {
    const result = await api.ok(INVOICE, { input: { customerCode, issueDate, paymentTerms: 'NET30', issue, lines: [{ description: 'Services', quantity: '1', unitPrice: amount }] } }, api.tokens.AR);
    expect(result.createInvoice.userErrors).toEqual([]);
    return result.createInvoice.invoice as { id: string; number: string | null };
  };
  const pay = (customerCode: string, receivedDate: string, amount: string, currency = 'USD') =>
    api.ok(PAY, { input: { customerCode, receivedDate, amount, currency } }, api.tokens.AR).then((r) => r.recordPayment);
  const digest = () => tableDigest(api.db.prisma, TABLES);

  beforeAll(async () => {
    api = await startTestApi(database, { today: '2026-11-25' });
    for (const [code, currency] of [['US01', 'USD'], ['DE01', 'EUR']]) {
      await api.ok(`mutation { createEntity(input: {code: "${code}", name: "${code}", currency: "${currency}"}) { userErrors { message } } }`);
      await api.ok(`mutation { createCustomer(input: {entityCode: "${code}", code: "C-${code}", name: "Customer ${code}", paymentTerms: "NET30", deliveryChannel: POST}) { userErrors { message } } }`);
    }
    await api.ok(`mutation { setFxRate(input: {currency: "EUR", date: "2026-10-31", rate: "1.10"}) { userErrors { message } } }`);
    await api.ok(`mutation { setFxRate(input: {currency: "GBP", date: "2026-10-31", rate: "1.30"}) { userErrors { message } } }`);
  });
  afterAll(async () => api?.close());

  it('refuses documents dated in or before a closed month of the entity, and takes them again once reopened', async () => {
    const draft = await invoice('C-US01', '2026-10-20', '500.00', false);
    const toVoid = await invoice('C-US01', '2026-10-10', '300.00');
    const closed = await api.ok(CLOSE, { input: { period: '2026-10', entityCode: 'US01' } });
    expect(closed.closePeriod).toEqual({
      periodClose: { period: '2026-10', entityCode: 'US01', currency: 'USD', currencies: ['USD'], lockedThrough: '2026-10-31' },
      userErrors: [],
    });

    const before = await digest();
    const lastDay = await pay('C-US01', '2026-10-31', '100.00');
    expect(lastDay.payment).toBeNull();
    expect(lastDay.userErrors).toEqual([{ field: ['receivedDate'], code: 'PERIOD_CLOSED', message: expect.stringContaining('2026-10 is closed for US01') }]);
    // "In or before": September is locked by October's close.
    expect((await pay('C-US01', '2026-09-15', '100.00')).userErrors).toEqual([expect.objectContaining({ field: ['receivedDate'], code: 'PERIOD_CLOSED' })]);
    const issued = await api.ok(INVOICE, { input: { customerCode: 'C-US01', issueDate: '2026-10-15', lines: [{ description: 'Late', quantity: '1', unitPrice: '10.00' }] } }, api.tokens.AR);
    expect(issued.createInvoice).toMatchObject({ invoice: null, userErrors: [{ field: ['issueDate'], code: 'PERIOD_CLOSED' }] });
    const issueDraft = await api.ok(`mutation($input: IssueInvoiceInput!) { issueInvoice(input: $input) { invoice { number } ${ERRORS} } }`, { input: { id: draft.id } }, api.tokens.AR);
    expect(issueDraft.issueInvoice).toMatchObject({ invoice: null, userErrors: [{ field: ['id'], code: 'PERIOD_CLOSED' }] });
    const voidInOctober = await api.ok(`mutation($input: VoidInvoiceInput!) { voidInvoice(input: $input) { invoice { status } ${ERRORS} } }`, { input: { invoiceNumber: toVoid.number, reason: 'Duplicate', voidDate: '2026-10-30' } }, api.tokens.AR);
    expect(voidInOctober.voidInvoice).toMatchObject({ invoice: null, userErrors: [{ field: ['voidDate'], code: 'PERIOD_CLOSED' }] });
    expect(await digest()).toEqual(before);

    // The day after the lock, and another entity's October, are open.
    const voidInNovember = await api.ok(`mutation($input: VoidInvoiceInput!) { voidInvoice(input: $input) { invoice { status } ${ERRORS} } }`, { input: { invoiceNumber: toVoid.number, reason: 'Duplicate', voidDate: '2026-11-02' } }, api.tokens.AR);
    expect(voidInNovember.voidInvoice).toEqual({ invoice: { status: 'VOID' }, userErrors: [] });
    expect((await pay('C-US01', '2026-11-01', '100.00')).payment).toEqual({ id: expect.any(String), receivedDate: '2026-11-01' });
    expect((await pay('C-DE01', '2026-10-15', '200.00', 'EUR')).userErrors).toEqual([]);

    // Reopening is ADMIN's, needs a reason, and lifts the lock.
    for (const role of ['ANALYST', 'AR'] as const) {
      const forbidden = await api.gql(REOPEN, { input: { period: '2026-10', entityCode: 'US01', reason: 'Late invoice' } }, api.tokens[role]);
      expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const noReason = await api.ok(REOPEN, { input: { period: '2026-10', entityCode: 'US01', reason: ' ' } });
    expect(noReason.reopenPeriod).toMatchObject({ periodClose: null, userErrors: [{ field: ['reason'] }] });
    const reopened = await api.ok(REOPEN, { input: { period: '2026-10', entityCode: 'US01', reason: 'Late supplier credit' } });
    expect(reopened.reopenPeriod).toEqual({
      periodClose: { period: '2026-10', entityCode: 'US01', currency: 'USD', currencies: ['USD'], lockedThrough: '2026-10-31' },
      userErrors: [],
    });
    expect((await pay('C-US01', '2026-10-31', '100.00')).payment).toEqual({ id: expect.any(String), receivedDate: '2026-10-31' });
    const notClosed = await api.ok(REOPEN, { input: { period: '2026-10', entityCode: 'US01', reason: 'Again' } });
    expect(notClosed.reopenPeriod.userErrors).toEqual([expect.objectContaining({ field: ['period'], code: 'NOT_FOUND' })]);
    expect(await api.db.prisma.kpiSnapshot.count()).toBe(0); // the reopened close's snapshots went with it

    const audits = await api.db.prisma.auditRecord.findMany({ where: { action: { in: ['closePeriod', 'reopenPeriod'] } }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => [a.action, a.recordId])).toEqual([['closePeriod', '2026-10/US01'], ['reopenPeriod', '2026-10/US01']]);
    expect(audits[0]!.after).toMatchObject({ period: '2026-10', scope: 'US01', currencies: ['USD'], lockedThrough: '2026-10-31' });
    expect(audits[1]!.after).toEqual({ reason: 'Late supplier credit' });
    expect(audits[1]!.before).toMatchObject({ period: '2026-10', scope: 'US01', currencies: ['USD'], lockedThrough: '2026-10-31' });
    expect((audits[1]!.before as { snapshots: unknown[] }).snapshots).toContainEqual({ kpiCode: 'DSO', currency: 'USD', value: expect.any(String) });
  });

  it('locks every entity, and one created later, when closed for all entities', async () => {
    const closed = await api.ok(CLOSE, { input: { period: '2026-09' } });
    expect(closed.closePeriod.periodClose).toMatchObject({ period: '2026-09', entityCode: null, lockedThrough: '2026-09-30' });
    await api.ok(`mutation { createEntity(input: {code: "FR01", name: "FR01", currency: "EUR"}) { userErrors { message } } }`);
    await api.ok(`mutation { createCustomer(input: {entityCode: "FR01", code: "C-FR01", name: "Customer FR01", paymentTerms: "NET30", deliveryChannel: POST}) { userErrors { message } } }`);
    const before = await digest();
    for (const customer of ['C-US01', 'C-DE01', 'C-FR01']) {
      const refused = await pay(customer, '2026-09-30', '10.00', customer === 'C-US01' ? 'USD' : 'EUR');
      expect(refused.userErrors).toEqual([{ field: ['receivedDate'], code: 'PERIOD_CLOSED', message: expect.stringContaining('2026-09 is closed for all entities') }]);
    }
    expect(await digest()).toEqual(before);
    expect((await pay('C-FR01', '2026-10-01', '10.00', 'EUR')).userErrors).toEqual([]);
  });

  it('snapshots per reporting currency, and shows the live figure flagged closed in another one', async () => {
    // DE01's October: one €1,000 invoice, open and current at 10-31 → DSO 1,000 ÷ 1,000 × 31 = 31.
    await invoice('C-DE01', '2026-10-10', '1000.00');
    await api.ok(`mutation { createKpiDefinition(input: {code: "CSAT", name: "Customer satisfaction", unit: PERCENT, direction: HIGHER_IS_BETTER, cadence: MONTHLY}) { userErrors { message } } }`, {}, api.tokens.ANALYST);
    const actuals = `mutation($input: SetKpiActualsInput!) { setKpiActuals(input: $input) { userErrors { message } } }`;
    await api.ok(actuals, { input: { actuals: [{ kpiCode: 'CSAT', period: '2026-10', entityCode: 'DE01', value: '80' }] } }, api.tokens.ANALYST);

    const refused = await api.ok(CLOSE, { input: { period: '2026-10', entityCode: 'DE01', currencies: ['EUR', 'EURO'] } });
    expect(refused.closePeriod).toMatchObject({ periodClose: null, userErrors: [{ field: ['currencies', '1'], code: 'INVALID' }] });
    const closed = await api.ok(CLOSE, { input: { period: '2026-10', entityCode: 'DE01', currencies: ['usd', 'EUR', 'EUR'] } });
    expect(closed.closePeriod.periodClose).toEqual({ period: '2026-10', entityCode: 'DE01', currency: 'USD', currencies: ['USD', 'EUR'], lockedThrough: '2026-10-31' });
    const definitions = await api.db.prisma.kpiDefinition.count();
    expect(await api.db.prisma.kpiSnapshot.groupBy({ by: ['currency'], where: { close: { period: '2026-10', scope: 'DE01' } }, _count: true, orderBy: { currency: 'asc' } })).toEqual([
      { currency: 'EUR', _count: definitions },
      { currency: 'USD', _count: definitions },
    ]);

    // After the close the manual actual moves from 80 to 90: the snapshot keeps 80.
    await api.ok(actuals, { input: { actuals: [{ kpiCode: 'CSAT', period: '2026-10', entityCode: 'DE01', value: '90', expectedVersion: 1 }] } }, api.tokens.ANALYST);
    const eur = byCode((await api.ok(SCORECARD, { period: '2026-10', entityCode: 'DE01', currency: 'EUR' })).kpiScorecard);
    expect(eur.CSAT).toMatchObject({ actual: '80.00', liveActual: '90.00', closed: true, restated: true, snapshotCurrency: 'EUR', currency: 'EUR' });
    expect(eur.DSO).toMatchObject({ actual: '31.00', closed: true, restated: false, snapshotCurrency: 'EUR' });
    const gbp = byCode((await api.ok(SCORECARD, { period: '2026-10', entityCode: 'DE01', currency: 'GBP' })).kpiScorecard);
    expect(gbp.CSAT).toMatchObject({ actual: '90.00', liveActual: '90.00', closed: true, restated: false, snapshotCurrency: 'USD', currency: 'GBP' });
    expect(gbp.DSO).toMatchObject({ actual: '31.00', closed: true, snapshotCurrency: 'USD' });
    const open = byCode((await api.ok(SCORECARD, { period: '2026-08', entityCode: 'DE01' })).kpiScorecard);
    expect(open.DSO).toMatchObject({ closed: false, snapshotCurrency: null });
  });

  it.runIf(database.name === 'postgresql')('orders a close racing a back-dated payment: before the lock and in the snapshot, or refused', async () => {
    api.setToday('2027-06-15');
    try {
      await api.ok(`mutation { createEntity(input: {code: "RACE", name: "Race", currency: "USD"}) { userErrors { message } } }`);
      await api.ok(`mutation { createCustomer(input: {entityCode: "RACE", code: "C-RACE", name: "Racer", paymentTerms: "NET30", deliveryChannel: POST}) { userErrors { message } } }`);
      const outcomes = new Set<string>();
      for (const [period, start, end] of [['2027-01', '2027-01-01', '2027-01-31'], ['2027-02', '2027-02-01', '2027-02-28'], ['2027-03', '2027-03-01', '2027-03-31'], ['2027-04', '2027-04-01', '2027-04-30']] as const) {
        // Each month: one $1,000 invoice; a $400 payment on the month's last day races the close.
        const { number } = await invoice('C-RACE', start, '1000.00');
        const [close, payment] = await Promise.all([
          api.ok(CLOSE, { input: { period, entityCode: 'RACE' } }),
          api.ok(PAY, { input: { customerCode: 'C-RACE', receivedDate: end, amount: '400.00', currency: 'USD', applications: [{ invoiceNumber: number, amount: '400.00' }] } }, api.tokens.AR),
        ]);
        expect(close.closePeriod.userErrors).toEqual([]);
        const landed = payment.recordPayment.payment !== null;
        outcomes.add(landed ? 'landed' : 'refused');
        if (!landed) expect(payment.recordPayment.userErrors).toEqual([expect.objectContaining({ field: ['receivedDate'], code: 'PERIOD_CLOSED' })]);
        const paid = await api.db.prisma.payment.count({ where: { receivedDate: new Date(`${end}T00:00:00Z`), customer: { code: 'C-RACE' } } });
        expect(paid).toBe(landed ? 1 : 0);
        // The snapshot equals the live figure (nothing dated in the month came after it), and
        // the live figure counts the payment exactly when it landed.
        const card = byCode((await api.ok(SCORECARD, { period, entityCode: 'RACE' })).kpiScorecard);
        expect(card.DSO).toMatchObject({ closed: true, restated: false });
        expect(card.DSO.actual).toBe(card.DSO.liveActual);
        const openAtEnd = await api.ok(`query($asOf: Date!) { agingReport(asOf: $asOf, entityCode: "RACE") { total { total } } }`, { asOf: end });
        const days = Number(end.slice(8));
        const ar = Number(openAtEnd.agingReport.total.total);
        expect(card.DSO.actual).toBe(((ar * days) / 1000).toFixed(2)); // credit sales: the month's $1,000 invoice
      }
      expect(outcomes.size).toBeGreaterThan(0);

      // A close for all entities racing the creation of one: the new entity is locked either way.
      const [allClosed] = await Promise.all([
        api.ok(CLOSE, { input: { period: '2027-05' } }),
        api.ok(`mutation { createEntity(input: {code: "LATE", name: "Late", currency: "USD"}) { userErrors { message } } }`),
      ]);
      expect(allClosed.closePeriod.userErrors).toEqual([]);
      await api.ok(`mutation { createCustomer(input: {entityCode: "LATE", code: "C-LATE", name: "Late", paymentTerms: "NET30", deliveryChannel: POST}) { userErrors { message } } }`);
      expect((await pay('C-LATE', '2027-05-31', '10.00')).userErrors).toEqual([expect.objectContaining({ field: ['receivedDate'], code: 'PERIOD_CLOSED' })]);
    } finally {
      api.setToday('2026-11-25');
    }
  }, 20_000);
});
