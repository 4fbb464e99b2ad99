// KPIs from small ledgers with known answers (PRODUCT.md's worked examples), per entity and
// in total; targets as versioned, atomic batches; period close and restatement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const SCORECARD = `query($period: String!, $entityCode: String, $currency: String) {
  kpiScorecard(period: $period, entityCode: $entityCode, currency: $currency) {
    code unit direction period entityCode actual target targetVersion status closed restated liveActual } }`;

const TARGETS = `mutation($input: SetKpiTargetsInput!) { setKpiTargets(input: $input) {
  targets { kpiCode period entityCode value version }
  conflicts { kpiCode period entityCode currentValue currentVersion }
  userErrors { field message code } } }`;

function byCode(values: { code: string }[]) {
  return Object.fromEntries(values.map((v) => [v.code, v])) as Record<string, any>;
}

describe.each(testDatabases())('KPIs on $name', (database) => {
  let api: TestApi;
  const invoice = async (customer: string, issueDate: string, terms: string, amount: string) => {
    const result = await api.ok(`mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { number } userErrors { message } } }`, {
      input: { customerCode: customer, issueDate, paymentTerms: terms, lines: [{ description: 'Services', quantity: '1', unitPrice: amount }] },
    });
    expect(result.createInvoice.userErrors).toEqual([]);
    return result.createInvoice.invoice.number as string;
  };
  const pay = async (customer: string, receivedDate: string, invoiceNumber: string, amount: string, currency = 'USD') => {
    const result = await api.ok(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { userErrors { message } } }`, {
      input: { customerCode: customer, receivedDate, amount, currency, applications: [{ invoiceNumber, amount }] },
    });
    expect(result.recordPayment.userErrors).toEqual([]);
  };

  beforeAll(async () => {
    api = await startTestApi(database, { today: '2026-11-25' });
    for (const [code, currency] of [['US01', 'USD'], ['GB01', 'USD'], ['DE01', 'EUR']]) {
      await api.ok(`mutation { createEntity(input: {code: "${code}", name: "${code}", currency: "${currency}"}) { userErrors { message } } }`);
      await api.ok(`mutation { createCustomer(input: {entityCode: "${code}", code: "C-${code}", name: "Customer ${code}", paymentTerms: "NET30", deliveryChannel: POST}) { userErrors { message } } }`);
    }

    // US01, September 2026 (30 days): DSO 15,000 ÷ 10,000 × 30 = 45; best possible 4,000 ÷ 10,000 × 30 = 12.
    await invoice('C-US01', '2026-08-01', 'NET30', '11000.00'); // due 08-31, unpaid: past due at 09-30; beginning AR 11,000
    const b = await invoice('C-US01', '2026-09-05', 'NET10', '6000.00'); // due 09-15, paid late on 09-20
    await pay('C-US01', '2026-09-20', b, '6000.00');
    const c = await invoice('C-US01', '2026-09-25', 'NET30', '4000.00'); // due 10-25: current at 09-30
    await api.ok(`mutation { openDispute(input: {invoiceNumber: "${c}", reason: "Wrong PO"}) { userErrors { message } } }`);

    // GB01, Q3 2026: beginning AR 6,200; sales 10,890; ending AR 6,340 of which current 3,590 → CEI 55.93.
    const d = await invoice('C-GB01', '2026-06-01', 'NET30', '6200.00');
    await pay('C-GB01', '2026-07-15', d, '6200.00');
    const e = await invoice('C-GB01', '2026-07-10', 'NET30', '4550.00');
    await pay('C-GB01', '2026-08-09', e, '4550.00');
    await invoice('C-GB01', '2026-08-15', 'NET30', '2750.00'); // due 09-14: past due at 09-30
    await invoice('C-GB01', '2026-09-20', 'NET30', '3590.00'); // due 10-20: current
  });
  afterAll(async () => api?.close());

  it("reproduces DSO 45, best possible DSO 12 and ADD 33 for US01's September", async () => {
    const card = byCode((await api.ok(SCORECARD, { period: '2026-09', entityCode: 'US01' })).kpiScorecard);
    expect(card.DSO).toMatchObject({ actual: '45.00', unit: 'DAYS', direction: 'LOWER_IS_BETTER', period: '2026-09', entityCode: 'US01', status: 'NO_TARGET' });
    expect(card.BEST_POSSIBLE_DSO.actual).toBe('12.00');
    expect(card.ADD.actual).toBe('33.00');
    // (11,000 + 10,000 − 15,000) ÷ (11,000 + 10,000 − 4,000) × 100 = 35.294…
    expect(card.CEI.actual).toBe('35.29');
    expect(card.PAST_DUE_PCT.actual).toBe('73.33'); // 11,000 ÷ 15,000
    expect(card.AR_TURNOVER.actual).toBe('0.77'); // 10,000 ÷ ((11,000 + 15,000) ÷ 2)
    expect(card.DISPUTE_RATE.actual).toBe('50.00'); // 1 of the 2 invoices issued in September
    expect(card.ON_TIME_PAYMENT_RATE.actual).toBe('0.00'); // the one settled invoice was paid late
    expect(card.PROJECTS_ON_TIME_PCT).toMatchObject({ actual: null, status: 'NO_TARGET' }); // no project finished: no value
  });

  it("reproduces CEI 55.93 % for GB01's third quarter", async () => {
    const card = byCode((await api.ok(SCORECARD, { period: '2026-Q3', entityCode: 'GB01' })).kpiScorecard);
    expect(card.CEI.actual).toBe('55.93');
    // 92 days: DSO 6,340 ÷ 10,890 × 92 = 53.56…; best possible 3,590 ÷ 10,890 × 92 = 30.33; ADD 23.23
    expect(card.DSO.actual).toBe('53.56');
    expect(card.BEST_POSSIBLE_DSO.actual).toBe('30.33');
    expect(card.ADD.actual).toBe('23.23');
  });

  it('adds the entities up for the all-entities scorecard', async () => {
    const card = byCode((await api.ok(SCORECARD, { period: '2026-09' })).kpiScorecard);
    // Ending AR 15,000 + 6,340; sales 10,000 + 3,590; current 4,000 + 3,590; 30 days.
    expect(card.DSO).toMatchObject({ entityCode: null, actual: '47.11' }); // 21,340 ÷ 13,590 × 30 = 47.108…
    expect(card.BEST_POSSIBLE_DSO.actual).toBe('16.75'); // 7,590 ÷ 13,590 × 30 = 16.7549…
    expect(card.ADD.actual).toBe('30.35'); // 30.3532… (the unrounded difference, rounded)
  });

  it('translates into a reporting currency at period-end rates, and names a missing rate', async () => {
    const missing = await api.gql(SCORECARD, { period: '2026-09', currency: 'EUR' });
    expect(missing.errors?.[0]).toMatchObject({ extensions: { code: 'FX_RATE_MISSING' } });
    expect(missing.errors?.[0]?.message).toMatch(/EUR/);
    await api.ok(`mutation { setFxRate(input: {currency: "EUR", date: "2026-09-30", rate: "1.25"}) { userErrors { message } } }`);
    const card = byCode((await api.ok(SCORECARD, { period: '2026-09', entityCode: 'US01', currency: 'EUR' })).kpiScorecard);
    expect(card.DSO.actual).toBe('45.00'); // a ratio of amounts translated alike
  });

  it('answers a malformed period with a clear error', async () => {
    const result = await api.gql(SCORECARD, { period: '2026-13' });
    expect(result.errors?.[0]?.message).toMatch(/2026-Q4/);
    const week = await api.ok(SCORECARD, { period: '2026-W39', entityCode: 'US01' });
    expect(week.kpiScorecard.length).toBeGreaterThan(0);
  });

  describe('targets', () => {
    it('creates, updates with the version it was based on, and reports status against the target', async () => {
      const created = await api.ok(TARGETS, { input: { targets: [
        { kpiCode: 'DSO', period: '2026-09', entityCode: 'US01', value: '40' },
        { kpiCode: 'CEI', period: '2026-09', entityCode: 'US01', value: '80' },
      ] } }, api.tokens.ANALYST);
      expect(created.setKpiTargets).toEqual({
        targets: [
          { kpiCode: 'DSO', period: '2026-09', entityCode: 'US01', value: '40', version: 1 },
          { kpiCode: 'CEI', period: '2026-09', entityCode: 'US01', value: '80', version: 1 },
        ],
        conflicts: [],
        userErrors: [],
      });
      // DSO 45 against 40: above target, but within 44? no — 45 > 40 × 1.1 = 44 → OFF_TRACK.
      let card = byCode((await api.ok(SCORECARD, { period: '2026-09', entityCode: 'US01' })).kpiScorecard);
      expect(card.DSO).toMatchObject({ target: '40', targetVersion: 1, status: 'OFF_TRACK' });
      expect(card.CEI).toMatchObject({ target: '80', status: 'OFF_TRACK' });
      const updated = await api.ok(TARGETS, { input: { targets: [{ kpiCode: 'DSO', period: '2026-09', entityCode: 'US01', value: '41', expectedVersion: 1 }] } }, api.tokens.ANALYST);
      expect(updated.setKpiTargets.targets).toEqual([{ kpiCode: 'DSO', period: '2026-09', entityCode: 'US01', value: '41', version: 2 }]);
      card = byCode((await api.ok(SCORECARD, { period: '2026-09', entityCode: 'US01' })).kpiScorecard);
      expect(card.DSO).toMatchObject({ target: '41', status: 'AT_RISK' }); // 45 ≤ 41 × 1.1 = 45.1
      // Targets do not inherit between scopes or between months and quarters.
      const total = byCode((await api.ok(SCORECARD, { period: '2026-09' })).kpiScorecard);
      expect(total.DSO).toMatchObject({ target: null, status: 'NO_TARGET' });
      const quarter = byCode((await api.ok(SCORECARD, { period: '2026-Q3', entityCode: 'US01' })).kpiScorecard);
      expect(quarter.DSO.target).toBeNull();
    });

    it('refuses a stale version with the current value, and writes nothing else from that batch', async () => {
      const before = await api.db.prisma.kpiTarget.findMany({ orderBy: { id: 'asc' } });
      const stale = await api.ok(TARGETS, { input: { targets: [
        { kpiCode: 'PAST_DUE_PCT', period: '2026-09', entityCode: 'US01', value: '20' },
        { kpiCode: 'DSO', period: '2026-09', entityCode: 'US01', value: '39', expectedVersion: 1 },
        { kpiCode: 'CEI', period: '2026-09', entityCode: 'US01', value: '85' },
      ] } }, api.tokens.ANALYST);
      expect(stale.setKpiTargets).toEqual({
        targets: null,
        conflicts: [
          { kpiCode: 'DSO', period: '2026-09', entityCode: 'US01', currentValue: '41', currentVersion: 2 },
          { kpiCode: 'CEI', period: '2026-09', entityCode: 'US01', currentValue: '80', currentVersion: 1 },
        ],
        userErrors: [],
      });
      expect(await api.db.prisma.kpiTarget.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
    });

    it('refuses invalid rows by path and code, and writes nothing', async () => {
      const before = await api.db.prisma.kpiTarget.count();
      const audits = await api.db.prisma.auditRecord.count();
      const bad = await api.ok(TARGETS, { input: { targets: [
        { kpiCode: 'PAST_DUE_PCT', period: '2026-10', value: '20' },
        { kpiCode: 'NOPE', period: '2026-10', value: '1' },
        { kpiCode: 'CEI', period: '2026-10', value: '120' },
        { kpiCode: 'DSO', period: '2026-10', value: '-3' },
        { kpiCode: 'DSO', period: '2026-13', value: '30' },
        { kpiCode: 'DSO', period: '2026-11', entityCode: 'XX99', value: 'abc' },
      ] } }, api.tokens.ANALYST);
      expect(bad.setKpiTargets.targets).toBeNull();
      expect(bad.setKpiTargets.userErrors.map((e: any) => [e.field.join('.'), e.code])).toEqual([
        ['targets.1.kpiCode', 'NOT_FOUND'],
        ['targets.2.value', 'OUT_OF_RANGE'],
        ['targets.3.value', 'OUT_OF_RANGE'],
        ['targets.4.period', 'INVALID'],
        ['targets.5.entityCode', 'NOT_FOUND'],
        ['targets.5.value', 'INVALID'],
      ]);
      expect(await api.db.prisma.kpiTarget.count()).toBe(before);
      expect(await api.db.prisma.auditRecord.count()).toBe(audits);
    });

    it('treats an edit of an existing target without a version as a conflict', async () => {
      const result = await api.ok(TARGETS, { input: { targets: [{ kpiCode: 'DSO', period: '2026-09', entityCode: 'US01', value: '30' }] } }, api.tokens.ANALYST);
      expect(result.setKpiTargets.conflicts).toEqual([{ kpiCode: 'DSO', period: '2026-09', entityCode: 'US01', currentValue: '41', currentVersion: 2 }]);
    });

    it('lets exactly one of two parallel writers with the same version win', async () => {
      const push = (value: string) => api.ok(TARGETS, { input: { targets: [{ kpiCode: 'DSO', period: '2026-09', entityCode: 'US01', value, expectedVersion: 2 }] } }, api.tokens.ANALYST);
      const results = await Promise.all([push('42'), push('43')]);
      const winners = results.filter((r) => r.setKpiTargets.targets);
      const losers = results.filter((r) => r.setKpiTargets.conflicts.length);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(losers[0].setKpiTargets.conflicts[0]).toMatchObject({ currentVersion: 3, currentValue: winners[0].setKpiTargets.targets[0].value });
    });

    it('replays a retried batch with the same idempotency key without writing again', async () => {
      const input = { targets: [{ kpiCode: 'AR_TURNOVER', period: '2026-Q3', value: '2.5' }], idempotencyKey: 'sheet-push-77' };
      const first = await api.ok(TARGETS, { input }, api.tokens.ANALYST);
      const again = await api.ok(TARGETS, { input }, api.tokens.ANALYST);
      expect(again).toEqual(first);
      expect(first.setKpiTargets.targets[0]).toMatchObject({ value: '2.5', version: 1, entityCode: null });
      const reused = await api.ok(TARGETS, { input: { ...input, targets: [{ ...input.targets[0], value: '3' }] } }, api.tokens.ANALYST);
      expect(reused.setKpiTargets.userErrors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('takes 5,000 rows in one batch', async () => {
      const rows = Array.from({ length: 5000 }, (_, i) => ({ kpiCode: 'DISPUTE_RATE', period: `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, value: String(i % 100) }));
      const result = await api.ok(`mutation($input: SetKpiTargetsInput!) { setKpiTargets(input: $input) { targets { version } conflicts { kpiCode } userErrors { message } } }`, { input: { targets: rows } }, api.tokens.ANALYST);
      expect(result.setKpiTargets.userErrors).toEqual([]);
      expect(result.setKpiTargets.targets).toHaveLength(5000);
    });
  });

  describe('manual KPIs', () => {
    it('takes actuals for a manual KPI and refuses them for a computed one', async () => {
      const created = await api.ok(`mutation { createKpiDefinition(input: {code: "INVOICE_ACCURACY", name: "Invoice accuracy", unit: PERCENT, direction: HIGHER_IS_BETTER, cadence: MONTHLY}) { kpiDefinition { code source tolerance } userErrors { message } } }`, {}, api.tokens.ANALYST);
      expect(created.createKpiDefinition.kpiDefinition).toEqual({ code: 'INVOICE_ACCURACY', source: 'MANUAL', tolerance: '0.1' });
      const actuals = `mutation($input: SetKpiActualsInput!) { setKpiActuals(input: $input) { actuals { kpiCode value version } conflicts { kpiCode } userErrors { field code } } }`;
      const refused = await api.ok(actuals, { input: { actuals: [{ kpiCode: 'DSO', period: '2026-09', value: '10' }] } }, api.tokens.ANALYST);
      expect(refused.setKpiActuals.userErrors).toEqual([{ field: ['actuals', '0', 'kpiCode'], code: 'INVALID' }]);
      const ok = await api.ok(actuals, { input: { actuals: [{ kpiCode: 'INVOICE_ACCURACY', period: '2026-09', value: '97.5' }] } }, api.tokens.ANALYST);
      expect(ok.setKpiActuals.actuals).toEqual([{ kpiCode: 'INVOICE_ACCURACY', value: '97.5', version: 1 }]);
      await api.ok(TARGETS, { input: { targets: [{ kpiCode: 'INVOICE_ACCURACY', period: '2026-09', value: '99' }] } }, api.tokens.ANALYST);
      const card = byCode((await api.ok(SCORECARD, { period: '2026-09' })).kpiScorecard);
      expect(card.INVOICE_ACCURACY).toMatchObject({ actual: '97.50', target: '99', status: 'AT_RISK' });
      const noData = byCode((await api.ok(SCORECARD, { period: '2026-10' })).kpiScorecard);
      expect(noData.INVOICE_ACCURACY.status).toBe('NO_TARGET');
    });
  });

  describe('history and period close', () => {
    it('gives one value per period', async () => {
      const history = await api.ok(`{ kpiHistory(code: "DSO", from: "2026-07", to: "2026-10", entityCode: "US01") { period actual } }`);
      expect(history.kpiHistory.map((v: any) => v.period)).toEqual(['2026-07', '2026-08', '2026-09', '2026-10']);
      expect(history.kpiHistory[2].actual).toBe('45.00');
    });

    it('freezes a closed period and flags a back-dated change as restated', async () => {
      const closed = await api.ok(`mutation { closePeriod(input: {period: "2026-09", entityCode: "US01"}) { periodClose { period entityCode currency } userErrors { message } } }`);
      expect(closed.closePeriod.periodClose).toEqual({ period: '2026-09', entityCode: 'US01', currency: 'USD' });
      const again = await api.ok(`mutation { closePeriod(input: {period: "2026-09", entityCode: "US01"}) { userErrors { code } } }`);
      expect(again.closePeriod.userErrors).toEqual([{ code: 'DUPLICATE' }]);
      const forbidden = await api.gql(`mutation { closePeriod(input: {period: "2026-10"}) { userErrors { code } } }`, {}, api.tokens.ANALYST);
      expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      // The close locks September's postings: a payment received on 2026-09-28 is refused.
      const invoices = (await api.ok(`{ invoices(first: 3, filter: {customerCode: "C-US01"}) { edges { node { number issueDate } } } }`)).invoices.edges.map((e: any) => e.node);
      const refused = await api.ok(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id } userErrors { field code } } }`, {
        input: { customerCode: 'C-US01', receivedDate: '2026-09-28', amount: '5000.00', currency: 'USD', applications: [{ invoiceNumber: invoices[0].number, amount: '5000.00' }] },
      });
      expect(refused.recordPayment).toEqual({ payment: null, userErrors: [{ field: ['receivedDate'], code: 'PERIOD_CLOSED' }] });

      // A dispute is no dated posting: opened now on September's paid invoice, it moves the live
      // dispute rate from 1 of 2 (50 %) to 2 of 2 (100 %) while the snapshot keeps 50.
      const paid = invoices.find((i: any) => i.issueDate === '2026-09-05');
      await api.ok(`mutation { openDispute(input: {invoiceNumber: "${paid.number}", reason: "Wrong quantity"}) { userErrors { message } } }`, {}, api.tokens.ANALYST);
      const card = byCode((await api.ok(SCORECARD, { period: '2026-09', entityCode: 'US01' })).kpiScorecard);
      expect(card.DISPUTE_RATE).toMatchObject({ actual: '50.00', liveActual: '100.00', closed: true, restated: true });
      expect(card.DSO).toMatchObject({ actual: '45.00', liveActual: '45.00', closed: true, restated: false });
    });
  });
});
