// Collections depth (PRODUCT.md, "Collections depth"): customers' collector, contacts, credit
// limit and credit hold; the worklist cut to a collector, without snoozed customers, with the
// credit limit against the total open balance and the open dispute count; structured disputes,
// and resolving one with a credit memo in the same transaction.
//
// Worked example (today 2026-12-01, US01 in USD, NET30; EUR at 1.1005 USD from 2026-11-30):
//   ANA1  collector "Ana", limit 1,000.00: 800.00 due 10-31 (past due) + 400.00 due 12-20 → 1,200.00 open → over
//   ANA2  collector "ANA", limit 1,500.00: the same                                      → 1,200.00 open → not over
//   BEN1  collector "Ben", no limit:       the same                                      → never over
//   SNOOZ collector "Ben": 500.00 past due, next follow-up 2026-12-05 → left out as of 12-01, listed as of 12-05
//   FXCO  limit 940.26: 500.00 past due + EUR 400.05 current (× 1.1005 = 440.255025 → 440.26) → 940.26 open → not over;
//         limit 940.25 → over
//   DISP  D1 500.00 and D2 300.00, both past due; D1 disputed (PRICING, 150.00, owner Carla)
//         → openDisputes 1, pastDue 300.00; resolved with a credit memo of 150.00 → D1 open 350.00, pastDue 650.00
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportParams } from '../../api/exports/params.js';
import { worklist as worklistExport } from '../../api/exports/report-datasets.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';
import { tableDigest } from '../support/digest.js';

const ERRORS = 'userErrors { field message code }';
const CONTACTS = 'contacts { name email phone role }';
const CUSTOMER = `code version collector creditLimit onCreditHold ${CONTACTS}`;
const WORKLIST = `query($asOf: Date!, $collector: String, $includeSnoozed: Boolean) {
  collectionsWorklist(asOf: $asOf, collector: $collector, includeSnoozed: $includeSnoozed) {
    customer { code } pastDue nextFollowUp collector creditLimit overCreditLimit onCreditHold openDisputes snoozedUntil } }`;
const DISPUTES = 'disputes { reason reasonCode amount owner resolvedDate resolution creditMemo { number total } }';
const OPEN_DISPUTE = `mutation($input: OpenDisputeInput!) { openDispute(input: $input) { invoice { number balance disputed ${DISPUTES} } ${ERRORS} } }`;
const RESOLVE_DISPUTE = `mutation($input: ResolveDisputeInput!) { resolveDispute(input: $input) { invoice { number balance disputed ${DISPUTES} } ${ERRORS} } }`;
const TABLES = ['customer', 'customer_contact', 'invoice', 'dispute', 'credit_memo', 'credit_memo_line', 'payment_application', 'invoice_sequence', 'audit_record'] as const;

interface Item {
  customer: { code: string };
  pastDue: string;
  snoozedUntil: string | null;
  [field: string]: unknown;
}

describe.each(testDatabases())('collections depth on $name', (database) => {
  let api: TestApi;
  const n = { D1: '', D2: '' };

  const snapshot = () => tableDigest(api.db.prisma, TABLES);
  const customer = async (input: Record<string, unknown>, token = api.tokens.AR) =>
    (await api.ok(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { ${CUSTOMER} } ${ERRORS} } }`, {
      input: { entityCode: 'US01', name: `${input.code} Inc.`, paymentTerms: 'NET30', deliveryChannel: 'POST', ...input },
    }, token)).createCustomer;
  const updateCustomer = async (input: Record<string, unknown>) =>
    (await api.ok(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { ${CUSTOMER} } ${ERRORS} } }`, { input }, api.tokens.AR)).updateCustomer;
  const invoice = async (customerCode: string, issueDate: string, amount: string, currency?: string) => {
    const created = await api.ok(
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { number } ${ERRORS} } }`,
      { input: { customerCode, issueDate, ...(currency ? { currency } : {}), lines: [{ description: 'Services', quantity: '1', unitPrice: amount }] } },
      api.tokens.AR,
    );
    expect(created.createInvoice.userErrors).toEqual([]);
    return created.createInvoice.invoice.number as string;
  };
  const worklist = async (asOf: string, args: { collector?: string; includeSnoozed?: boolean } = {}) =>
    (await api.ok(WORKLIST, { asOf, ...args })).collectionsWorklist as Item[];
  const item = async (asOf: string, code: string, args: { collector?: string; includeSnoozed?: boolean } = {}) =>
    (await worklist(asOf, args)).find((i) => i.customer.code === code);
  const disputesOf = async (number: string) =>
    (await api.ok(`query($number: String!) { invoice(number: $number) { number balance ${DISPUTES} } }`, { number })).invoice;

  beforeAll(async () => {
    api = await startTestApi(database, { today: '2026-12-01' });
    await api.ok(`mutation { createEntity(input: {code: "US01", name: "US", currency: "USD"}) { ${ERRORS} } }`);
    await api.ok(`mutation { setFxRate(input: {currency: "EUR", date: "2026-11-30", rate: "1.1005"}) { ${ERRORS} } }`, {}, api.tokens.AR);
    for (const [code, collector, creditLimit] of [['ANA1', 'Ana', '1000.00'], ['ANA2', 'ANA', '1500.00'], ['BEN1', ' Ben ', null]] as const) {
      expect((await customer({ code, collector, creditLimit })).userErrors).toEqual([]);
      await invoice(code, '2026-10-01', '800.00'); // due 10-31
      await invoice(code, '2026-11-20', '400.00'); // due 12-20
    }
    expect((await customer({ code: 'SNOOZ', collector: 'Ben' })).userErrors).toEqual([]);
    await invoice('SNOOZ', '2026-10-01', '500.00');
    const logged = await api.ok(`mutation($input: LogCollectionActivitiesInput!) { logCollectionActivities(input: $input) { ${ERRORS} } }`, {
      input: { activities: [{ customerCode: 'SNOOZ', kind: 'CALL', note: 'Controller away until Friday', nextFollowUp: '2026-12-05' }] },
    }, api.tokens.ANALYST);
    expect(logged.logCollectionActivities.userErrors).toEqual([]);
    expect((await customer({ code: 'FXCO', creditLimit: '940.26' })).userErrors).toEqual([]);
    await invoice('FXCO', '2026-10-01', '500.00');
    await invoice('FXCO', '2026-11-20', '400.05', 'EUR');
    expect((await customer({ code: 'DISP' })).userErrors).toEqual([]);
    n.D1 = await invoice('DISP', '2026-10-01', '500.00');
    n.D2 = await invoice('DISP', '2026-10-01', '300.00');
  });
  afterAll(async () => api?.close());

  it('lists only the named collector\'s customers, matching the name case-insensitively, in one statement whatever the count', async () => {
    const codes = async (collector?: string) => (await worklist('2026-12-01', { collector })).map((i) => i.customer.code);
    expect(await codes('ana')).toEqual(['ANA1', 'ANA2']);
    expect(await codes(' ANA ')).toEqual(['ANA1', 'ANA2']);
    expect(await codes('Ben')).toEqual(['BEN1']); // SNOOZ is Ben's too, but snoozed
    expect(await codes('Nobody')).toEqual([]);
    expect(await codes()).toEqual(['ANA1', 'ANA2', 'BEN1', 'DISP', 'FXCO']);
    expect((await item('2026-12-01', 'BEN1'))!.collector).toBe('Ben'); // stored trimmed
    const one = await api.countQueries(() => worklist('2026-12-01', { collector: 'Ben' }));
    const all = await api.countQueries(() => worklist('2026-12-01'));
    expect(all).toBe(one);
    // A fixed few: the token check, the token's work budget, the FX rates, the worklist (its rows carry what it shows of customers).
    expect(all).toBe(4);
    const blank = await api.gql(WORKLIST, { asOf: '2026-12-01', collector: '  ' });
    expect(blank.errors?.[0]?.message).toMatch(/collector must be a collector's name/);
  });

  it('leaves out a customer snoozed until after the date, lists it with includeSnoozed, and again from that date', async () => {
    expect(await item('2026-12-01', 'SNOOZ')).toBeUndefined();
    expect(await item('2026-12-04', 'SNOOZ')).toBeUndefined();
    expect(await item('2026-12-01', 'SNOOZ', { includeSnoozed: true })).toMatchObject({ pastDue: '500.00', nextFollowUp: '2026-12-05', snoozedUntil: '2026-12-05' });
    expect(await item('2026-12-05', 'SNOOZ')).toMatchObject({ pastDue: '500.00', nextFollowUp: '2026-12-05', snoozedUntil: null });
    // Not snoozed: no snoozedUntil, with or without includeSnoozed.
    expect(await item('2026-12-01', 'ANA1', { includeSnoozed: true })).toMatchObject({ snoozedUntil: null });
  });

  it('compares the credit limit with the total open balance, not-yet-due and foreign invoices included', async () => {
    const list = await worklist('2026-12-01');
    const pick = (code: string) => {
      const { collector, creditLimit, overCreditLimit, onCreditHold, pastDue } = list.find((i) => i.customer.code === code)!;
      return { pastDue, collector, creditLimit, overCreditLimit, onCreditHold };
    };
    expect(pick('ANA1')).toEqual({ pastDue: '800.00', collector: 'Ana', creditLimit: '1000.00', overCreditLimit: true, onCreditHold: false });
    expect(pick('ANA2')).toEqual({ pastDue: '800.00', collector: 'ANA', creditLimit: '1500.00', overCreditLimit: false, onCreditHold: false });
    expect(pick('BEN1')).toEqual({ pastDue: '800.00', collector: 'Ben', creditLimit: null, overCreditLimit: false, onCreditHold: false });
    // 500.00 + EUR 400.05 × 1.1005 = 500.00 + 440.26 (440.255025, rounded half away) = 940.26: at the limit, not over.
    expect(pick('FXCO')).toEqual({ pastDue: '500.00', collector: null, creditLimit: '940.26', overCreditLimit: false, onCreditHold: false });
    // The worklist export carries the same columns, and takes the collector filter.
    const search = new URLSearchParams({ asOf: '2026-12-01', collector: 'ANA' });
    const exported = await worklistExport.load(api.db.prisma, new ExportParams(search, worklistExport.parameters, '/export/worklist.csv'), { today: '2026-12-01', config: api.config });
    const column = (name: string) => exported.columns.indexOf(name);
    expect(exported.rows.map((row) => ['customer_code', 'collector', 'credit_limit', 'over_credit_limit', 'on_credit_hold', 'open_disputes', 'snoozed_until'].map((name) => row[column(name)])))
      .toEqual([['ANA1', 'Ana', '1000.00', true, false, 0, null], ['ANA2', 'ANA', '1500.00', false, false, 0, null]]);

    const version = (await api.ok(`{ customer(code: "FXCO") { version } }`)).customer.version;
    const updated = await updateCustomer({ code: 'FXCO', expectedVersion: version, creditLimit: '940.25', onCreditHold: true, collector: 'Ana' });
    expect(updated.userErrors).toEqual([]);
    expect(updated.customer).toMatchObject({ creditLimit: '940.25', onCreditHold: true, collector: 'Ana' });
    expect(await item('2026-12-01', 'FXCO', { collector: 'ana' })).toMatchObject({ creditLimit: '940.25', overCreditLimit: true, onCreditHold: true });

    // A negative limit, or one with more decimals than USD has, is refused; nothing written.
    const before = await snapshot();
    const refused = await updateCustomer({ code: 'FXCO', expectedVersion: version + 1, creditLimit: '-1.00' });
    expect(refused).toEqual({ customer: null, userErrors: [{ field: ['creditLimit'], code: 'OUT_OF_RANGE', message: 'A credit limit cannot be negative (got -1.00); give 0 or more, or null for no limit.' }] });
    const cents = await updateCustomer({ code: 'FXCO', expectedVersion: version + 1, creditLimit: '10.001' });
    expect(cents.userErrors).toEqual([{ field: ['creditLimit'], code: 'INVALID', message: 'A credit limit in USD takes at most 2 decimals; 10.001 has 3.' }]);
    expect(await snapshot()).toEqual(before);
  });

  it('opens a structured dispute: reason code, amount and owner; the worklist counts it and leaves the invoice out', async () => {
    const opened = (await api.ok(OPEN_DISPUTE, { input: { invoiceNumber: n.D1, reason: 'Unit price above the quote', reasonCode: 'PRICING', amount: '150', owner: 'Carla' } }, api.tokens.ANALYST)).openDispute;
    expect(opened.userErrors).toEqual([]);
    expect(opened.invoice).toEqual({
      number: n.D1, balance: '500.00', disputed: true,
      disputes: [{ reason: 'Unit price above the quote', reasonCode: 'PRICING', amount: '150.00', owner: 'Carla', resolvedDate: null, resolution: null, creditMemo: null }],
    });
    // The read path serves the same.
    expect(await disputesOf(n.D1)).toEqual({ number: n.D1, balance: '500.00', disputes: opened.invoice.disputes });
    expect(await item('2026-12-01', 'DISP')).toMatchObject({ pastDue: '300.00', openDisputes: 1 });
    const audit = await api.db.prisma.auditRecord.findMany({ where: { action: 'openDispute' } });
    expect(audit.map((a) => a.after)).toEqual([{ number: n.D1, disputed: true, reason: 'Unit price above the quote', reasonCode: 'PRICING', amount: '150.00', owner: 'Carla' }]);

    // More than D2's open balance of 300.00: refused, nothing written.
    const before = await snapshot();
    const refused = (await api.ok(OPEN_DISPUTE, { input: { invoiceNumber: n.D2, reason: 'Short delivery', reasonCode: 'QUANTITY', amount: '300.01' } }, api.tokens.ANALYST)).openDispute;
    expect(refused).toEqual({
      invoice: null,
      userErrors: [{
        field: ['amount'], code: 'OUT_OF_RANGE',
        message: `The disputed amount USD 300.01 is more than the open balance of invoice ${n.D2}, USD 300.00; dispute at most the open balance (or leave amount out to dispute all of it).`,
      }],
    });
    const zero = (await api.ok(OPEN_DISPUTE, { input: { invoiceNumber: n.D2, reason: 'Short delivery', amount: '0' } }, api.tokens.ANALYST)).openDispute;
    expect(zero.userErrors).toEqual([{ field: ['amount'], code: 'OUT_OF_RANGE', message: 'The disputed amount must be greater than zero (got 0).' }]);
    expect(await snapshot()).toEqual(before);
  });

  it('resolves a dispute with a credit memo for the disputed amount, in one transaction; ANALYST may not issue it', async () => {
    const input = { invoiceNumber: n.D1, resolution: 'Price corrected to the quote', creditMemo: true };
    const before = await snapshot();
    const forbidden = (await api.ok(RESOLVE_DISPUTE, { input }, api.tokens.ANALYST)).resolveDispute;
    expect(forbidden.invoice).toBeNull();
    expect(forbidden.userErrors).toEqual([{ field: ['creditMemo'], code: 'FORBIDDEN', message: expect.stringContaining('needs the AR role') }]);
    expect(await snapshot()).toEqual(before);

    const resolved = (await api.ok(RESOLVE_DISPUTE, { input }, api.tokens.AR)).resolveDispute;
    expect(resolved.userErrors).toEqual([]);
    expect(resolved.invoice).toEqual({
      number: n.D1, balance: '350.00', disputed: false,
      disputes: [{
        reason: 'Unit price above the quote', reasonCode: 'PRICING', amount: '150.00', owner: 'Carla', resolvedDate: '2026-12-01',
        resolution: 'Price corrected to the quote', creditMemo: { number: 'US01-CM-000001', total: '150.00' },
      }],
    });
    expect(await disputesOf(n.D1)).toEqual({ number: n.D1, balance: '350.00', disputes: resolved.invoice.disputes });
    const memo = (await api.ok(`{ creditMemo(number: "US01-CM-000001") { date total unappliedAmount invoice { number } } }`)).creditMemo;
    expect(memo).toEqual({ date: '2026-12-01', total: '150.00', unappliedAmount: '0.00', invoice: { number: n.D1 } });
    expect(await item('2026-12-01', 'DISP')).toMatchObject({ pastDue: '650.00', openDisputes: 0 });
    const audit = await api.db.prisma.auditRecord.findMany({ where: { action: 'resolveDispute' } });
    expect(audit.map((a) => a.after)).toEqual([expect.objectContaining({ number: n.D1, creditMemo: 'US01-CM-000001', creditAmount: '150.00' })]);
  });

  it('credits the whole open balance for a dispute without an amount; a closed period refuses the credit and leaves the dispute open', async () => {
    // Logged as a DISPUTE activity, as before: reason code OTHER, no amount.
    const logged = await api.ok(`mutation($input: LogCollectionActivitiesInput!) { logCollectionActivities(input: $input) { ${ERRORS} } }`, {
      input: { activities: [{ customerCode: 'DISP', kind: 'DISPUTE', invoiceNumbers: [n.D2], note: 'Never received' }] },
    }, api.tokens.ANALYST);
    expect(logged.logCollectionActivities.userErrors).toEqual([]);
    expect((await disputesOf(n.D2)).disputes).toEqual([{ reason: 'Never received', reasonCode: 'OTHER', amount: null, owner: null, resolvedDate: null, resolution: null, creditMemo: null }]);

    const closed = await api.ok(`mutation { closePeriod(input: {period: "2026-11", entityCode: "US01"}) { ${ERRORS} } }`);
    expect(closed.closePeriod.userErrors).toEqual([]);
    const before = await snapshot();
    const refused = (await api.ok(RESOLVE_DISPUTE, { input: { invoiceNumber: n.D2, resolution: 'Goods not delivered', creditMemo: true, creditMemoDate: '2026-11-30' } }, api.tokens.AR)).resolveDispute;
    expect(refused.invoice).toBeNull();
    expect(refused.userErrors).toEqual([{ field: ['creditMemoDate'], code: 'PERIOD_CLOSED', message: expect.stringContaining('2026-11-30 is in a closed period') }]);
    expect(await snapshot()).toEqual(before);

    const resolved = (await api.ok(RESOLVE_DISPUTE, { input: { invoiceNumber: n.D2, resolution: 'Goods not delivered', creditMemo: true } }, api.tokens.AR)).resolveDispute;
    expect(resolved.userErrors).toEqual([]);
    expect(resolved.invoice).toMatchObject({ balance: '0.00', disputed: false, disputes: [{ reasonCode: 'OTHER', amount: null, creditMemo: { number: 'US01-CM-000002', total: '300.00' } }] });
  });

  it('keeps contacts in order through createCustomer and updateCustomer; a bad email is refused with nothing written', async () => {
    const contacts = [
      { name: ' Maria Lopez ', email: 'maria.lopez@example.com', phone: '+1 (555) 010-2000 x12', role: 'Accounts payable' },
      { name: 'Tom Reyes', email: null, phone: null, role: null },
    ];
    const created = await customer({ code: 'CONTACTS', collector: 'Ana', creditLimit: '2500', onCreditHold: true, contacts });
    expect(created).toEqual({
      customer: {
        code: 'CONTACTS', version: 1, collector: 'Ana', creditLimit: '2500.00', onCreditHold: true,
        contacts: [{ ...contacts[0], name: 'Maria Lopez' }, contacts[1]],
      },
      userErrors: [],
    });
    // The SQL read path (customer, customers) and Prisma's agree.
    const read = async () => (await api.ok(`{ customer(code: "CONTACTS") { ${CUSTOMER} } customers(search: "CONTACTS") { edges { node { ${CUSTOMER} } } } }`));
    const first = await read();
    expect(first.customer).toEqual(created.customer);
    expect(first.customers.edges[0].node).toEqual(created.customer);

    const updated = await updateCustomer({ code: 'CONTACTS', expectedVersion: 1, contacts: [{ name: 'Ada Park', email: 'ada@example.com', role: 'Controller' }], onCreditHold: false });
    expect(updated).toEqual({
      customer: { code: 'CONTACTS', version: 2, collector: 'Ana', creditLimit: '2500.00', onCreditHold: false, contacts: [{ name: 'Ada Park', email: 'ada@example.com', phone: null, role: 'Controller' }] },
      userErrors: [],
    });
    expect((await read()).customer).toEqual(updated.customer);
    // Left out: unchanged; null: cleared.
    const cleared = await updateCustomer({ code: 'CONTACTS', expectedVersion: 2, collector: null, creditLimit: null });
    expect(cleared.customer).toMatchObject({ version: 3, collector: null, creditLimit: null, onCreditHold: false, contacts: updated.customer.contacts });

    const before = await snapshot();
    const refused = await updateCustomer({ code: 'CONTACTS', expectedVersion: 3, contacts: [{ name: 'Bad Mail', email: 'not-an-email' }, { name: ' ', phone: 'call me' }] });
    expect(refused).toEqual({
      customer: null,
      userErrors: [
        { field: ['contacts', '0', 'email'], code: 'INVALID', message: '"not-an-email" is not an email address (name@example.com).' },
        { field: ['contacts', '1', 'name'], code: 'INVALID', message: "The contact's name is required." },
        { field: ['contacts', '1', 'phone'], code: 'INVALID', message: expect.stringContaining('"call me" is not a phone number') },
      ],
    });
    const createRefused = await customer({ code: 'BADMAIL', contacts: [{ name: 'X', email: 'x@' }] });
    expect(createRefused.userErrors).toEqual([{ field: ['contacts', '0', 'email'], code: 'INVALID', message: '"x@" is not an email address (name@example.com).' }]);
    expect(await snapshot()).toEqual(before);
    const audit = await api.db.prisma.auditRecord.findMany({ where: { action: 'updateCustomer', recordId: 'CONTACTS' }, orderBy: { id: 'asc' } });
    expect(audit[0]!.after).toMatchObject({ onCreditHold: false, contacts: [{ name: 'Ada Park', email: 'ada@example.com', phone: null, role: 'Controller' }] });
  });

  // Last: it adds a customer the tests above do not expect.
  it('totals open balances against credit limits only for a query that shows overCreditLimit, and reads whole customers only when asked', async () => {
    const FIGURES = 'pastDue oldestDaysPastDue brokenPromises lastActivity nextFollowUp priority pastDueInBillingCurrency openDisputes';
    const lean = async () => (await api.ok(`{ collectionsWorklist(asOf: "2026-12-01") { customer { code name } ${FIGURES} } }`)).collectionsWorklist as Item[];
    const full = async () =>
      (await api.ok(`{ collectionsWorklist(asOf: "2026-12-01") { customer { code name currency paymentTerms creditLimit contacts { name } } ${FIGURES} overCreditLimit } }`))
        .collectionsWorklist as Item[];
    const strip = (items: Item[]) => items.map(({ customer, overCreditLimit: _, ...figures }) => ({ code: customer.code, name: (customer as { name?: string }).name, ...figures }));
    const fullList = await full();
    expect(strip(await lean())).toEqual(strip(fullList));
    expect(fullList.find((i) => i.customer.code === 'ANA1')).toMatchObject({
      customer: { code: 'ANA1', name: 'ANA1 Inc.', currency: 'USD', paymentTerms: 'NET30', creditLimit: '1000.00', contacts: [] },
      pastDue: '800.00', overCreditLimit: true,
    });
    // Without it, the statement reads no customer record and no invoice that is not past due.
    expect(await api.countQueries(lean)).toBe(4);

    // GBPC owes 100.00 past due and GBP 50.00 not yet due, and GBP has no rate: its past due needs none,
    // its total against the limit does. Asked for, that is an error naming GBP, never a silent 1.0.
    const reopened = await api.ok(`mutation { reopenPeriod(input: {period: "2026-11", entityCode: "US01", reason: "GBPC's invoices"}) { ${ERRORS} } }`);
    expect(reopened.reopenPeriod.userErrors).toEqual([]);
    expect((await customer({ code: 'GBPC', creditLimit: '5000' })).userErrors).toEqual([]);
    await invoice('GBPC', '2026-10-01', '100.00');
    await invoice('GBPC', '2026-11-20', '50.00', 'GBP');
    expect((await lean()).find((i) => i.customer.code === 'GBPC')).toMatchObject({ pastDue: '100.00', oldestDaysPastDue: 31 });
    const refused = await api.gql(`{ collectionsWorklist(asOf: "2026-12-01") { customer { code } overCreditLimit } }`);
    expect(refused.data).toBeNull();
    expect(refused.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^No FX rate for GBP on or before 2026-12-01/), extensions: expect.objectContaining({ code: 'FX_RATE_MISSING' }) })]);
  });
});
