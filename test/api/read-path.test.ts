// The SQL read path answers exactly as the Prisma path it replaced: the same queries on the same
// seeded book give byte-identical JSON to the snapshots taken from the Prisma path
// (test/api/fixtures/read-path.json; READ_PATH_CAPTURE=1 rewrites them).
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney, Money } from '../../api/domain/money/money.js';
import { kysely } from '../../api/read/db.js';
import { moneySql } from '../../api/read/models.js';
import { readStatement } from '../../api/read/page.js';
import { seedDemoData } from '../../api/seed/demo-data.js';
import { seedDemoPortfolio } from '../../api/seed/demo-portfolio.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const TODAY = '2026-11-25';
const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'read-path.json');
const CAPTURE = process.env.READ_PATH_CAPTURE === '1';

const INVOICE_FIELDS = `id number status billingPeriod issueDate dueDate currency paymentTerms poNumber total amountPaid balance
  paidDate daysPastDue disputed voidDate voidReason version`;

/** name → [query, variables]; a `$cursorOf:<name>` variable takes the endCursor of an earlier answer. */
const QUERIES: [string, string, Record<string, unknown>?][] = [
  ['invoices page of 100 with customer and lines', `query($first: Int) { invoices(first: $first) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { ${INVOICE_FIELDS} customer { code name entity { code } } lines { lineNo description quantity unitPrice amount } } } } }`, { first: 100 }],
  ['invoices page of 500 with customer and lines', `query($first: Int) { invoices(first: $first) {
      pageInfo { hasNextPage endCursor }
      edges { node { number total balance dueDate customer { code name } lines { lineNo amount } } } } }`, { first: 500 }],
  ['invoices default page, no lines', `{ invoices { totalCount edges { node { number status balance daysPastDue } } } }`],
  ['invoices next page after a cursor', `query($after: String) { invoices(first: 30, after: $after) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { number } } } }`, { after: '$cursorOf:invoices page of 100 with customer and lines' }],
  ['invoices last 15 before a cursor', `query($before: String) { invoices(last: 15, before: $before) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { number issueDate } } } }`, { before: '$cursorOf:invoices page of 100 with customer and lines' }],
  ['invoices last 7', `{ invoices(last: 7, orderBy: DUE_DATE_DESC) { pageInfo { hasNextPage hasPreviousPage } edges { node { number dueDate } } } }`],
  ['invoices filtered, ordered, with everything nested', `{ invoices(first: 60, orderBy: DUE_DATE_DESC, filter: { status: [PAID, PARTIALLY_PAID], issueDateFrom: "2026-03-01", issueDateTo: "2026-10-31" }) {
      totalCount edges { node { ${INVOICE_FIELDS} entity { code name currency region } customer { id code currency creditLimit billingEmails }
        contract { number startDate endDate amountPerPeriod schedule }
        applications { receivedDate amount discount payment { id reference amount unappliedAmount customer { code } } invoice { number } }
        deliveries { channel recipient status attempts lastError sentAt reference messageId } disputes { reason openedDate openedBy resolvedDate resolution resolvedBy } } } } }`],
  ['invoices overdue of one customer', `query($customer: String) { invoices(first: 200, filter: { overdue: true, customerCode: $customer }, orderBy: TOTAL_DESC) {
      totalCount edges { node { number total balance daysPastDue disputed } } } }`, { customer: '$overdueCustomer' }],
  ['invoices not open, by number', `{ invoices(first: 40, filter: { open: false, disputed: false }, orderBy: NUMBER_ASC) { totalCount edges { node { number status voidDate voidReason balance } } } }`],
  ['invoices disputed, issue date desc', `{ invoices(first: 40, filter: { disputed: true }, orderBy: ISSUE_DATE_DESC) { totalCount edges { node { number disputes { reason openedDate } } } } }`],
  ['invoices in EUR, due range', `{ invoices(first: 40, filter: { currency: "eur", dueDateFrom: "2026-06-01", dueDateTo: "2026-12-31", entityCode: "DE01" }) { totalCount edges { node { number currency total } } } }`],
  ['invoices page too large', `{ invoices(first: 5000) { edges { node { number } } } }`],
  ['invoices unknown customer', `{ invoices(first: 5, filter: { customerCode: "NOPE" }) { edges { node { number } } } }`],
  ['invoices bad date', `{ invoices(first: 5, filter: { issueDateFrom: "2026-02-30" }) { edges { node { number } } } }`],
  ['invoices bad cursor', `{ invoices(first: 5, after: "not-a-cursor") { edges { node { number } } } }`],
  ['invoice by number with lines and payments applied', `query($number: String) { invoice(number: $number) { ${INVOICE_FIELDS} subtotal taxTotal
      customer { code name paymentTerms entity { code } } lines { lineNo description quantity unitPrice amount taxRate taxCategory }
      applications { receivedDate amount discount payment { id receivedDate amount currency reference unappliedAmount } } deliveries { channel status sentAt reference } } }`, { number: '$numberOf:paid' }],
  ['invoice by number, lower case and spaces', `query($number: String) { invoice(number: $number) { number total balance } }`, { number: '$lowerNumberOf:paid' }],
  ['invoice by id', `{ invoice(id: "3") { id number customer { code } lines { lineNo amount } } }`],
  ['invoice missing', `{ invoice(number: "XX99-000000") { number } }`],
  ['invoice bad id', `{ invoice(id: "abc") { number } }`],
  ['customers page of 100', `{ customers(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
      id code name currency paymentTerms creditLimit deliveryChannel billingEmails portalUrl poRequired collector version
      billingAddressLines billingCity billingPostalCode billingCountryCode taxId
      entity { code name legalName addressLines city postalCode countryCode taxId bankName iban bic accountNumber } } } } }`],
  ['customers searched', `{ customers(first: 20, search: "a", entityCode: "US01") { totalCount edges { node { code name } } } }`],
  ['customers second page', `query($after: String) { customers(first: 50, after: $after) { pageInfo { hasNextPage hasPreviousPage } edges { node { code } } } }`, { after: '$cursorOf:customers page of 100' }],
  ['customers with a wildcard search', `{ customers(first: 20, search: "%") { totalCount edges { node { code } } } }`],
  ['customer by code', `{ customer(code: " northwind-0001 ") { code name creditLimit entity { code } } }`],
  ['customer missing', `{ customer(code: "NOPE") { code } }`],
  ['payments page', `{ payments(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
      id receivedDate amount currency reference unappliedAmount customer { code } applications { receivedDate amount discount invoice { number total } } } } } }`],
  ['payments filtered', `{ payments(first: 100, customerCode: "MULLER-0002", receivedFrom: "2026-01-01", receivedTo: "2026-11-25") { totalCount edges { node { id amount receivedDate } } } }`],
  ['payments unapplied', `{ payments(first: 100, unappliedOnly: true) { totalCount edges { node { id amount unappliedAmount } } } }`],
  ['payments bad date', `{ payments(first: 10, receivedFrom: "yesterday") { edges { node { id } } } }`],
  ['projects page', `{ projects(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
      id code name owner sponsor scope objectives status startDate baselineEndDate forecastEndDate actualEndDate budget actualCost currency
      percentComplete budgetVariance scheduleVarianceDays version entity { code }
      figures { asOf plannedValue earnedValue actualCost cpi spi eac scheduleVariance costVariance scheduleSlipPct costOverrunPct health }
      milestones { id name dueDate completedDate status version } risks { id title probability impact score owner status }
      stakeholders { name role raci } vendors { name service contractRef contact } documents { title url addedBy }
      statusReports { reportDate rag summary author } escalations { raisedDate raisedBy escalatedTo summary status resolvedDate resolution } } } } }`],
  ['projects filtered', `{ projects(first: 10, filter: { status: [ACTIVE, ON_HOLD], search: "e" }) { totalCount edges { node { code status figures(asOf: "2026-06-30") { health cpi } } } } }`],
  ['project by code', `query($code: String!) { project(code: $code) { code name budget milestones { name dueDate } risks { title score project { code } } } }`, { code: '$projectCode' }],
  ['collection activities page', `{ collectionActivities(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
      id kind activityDate note promiseDate promiseAmount currency nextFollowUp actor version customer { code name } invoices { number balance customer { code } } } } } }`],
  ['collection activities filtered', `query($customer: String) { collectionActivities(first: 50, customerCode: $customer, kind: PROMISE_TO_PAY) { totalCount edges { node { id kind promiseAmount invoices { number } } } } }`, { customer: '$promiseCustomer' }],
  ['collection activities negative page', `{ collectionActivities(first: -1) { edges { node { id } } } }`],
];

describe.each(testDatabases())('read path on $name', (database) => {
  let api: TestApi;
  const expected: Record<string, string> = CAPTURE ? {} : JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
  const answers: Record<string, string> = {};
  const facts: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApi(database, { today: TODAY });
    await seedDemoData(api.db.prisma, { today: TODAY, baseCurrency: 'USD', invoices: 800, seed: 7 });
    await seedDemoPortfolio(api.db.prisma, { today: TODAY });
    const [paid] = await api.db.prisma.$queryRawUnsafe<{ number: string }[]>(
      `SELECT i.number FROM invoice i WHERE i.status = 'PAID' AND EXISTS (SELECT 1 FROM payment_application a WHERE a.invoice_id = i.id AND a.discount > 0) ORDER BY i.id LIMIT 1`);
    const [project] = await api.db.prisma.$queryRawUnsafe<{ code: string }[]>(`SELECT code FROM project ORDER BY code LIMIT 1`);
    facts['$numberOf:paid'] = paid!.number;
    facts['$lowerNumberOf:paid'] = ` ${paid!.number.toLowerCase()} `;
    facts['$projectCode'] = project!.code;
    const [overdue] = await api.db.prisma.$queryRawUnsafe<{ code: string }[]>(
      `SELECT c.code FROM customer c JOIN invoice i ON i.customer_id = c.id WHERE i.status IN ('ISSUED', 'PARTIALLY_PAID') AND i.due_date < DATE '${TODAY}' GROUP BY c.code ORDER BY count(*) DESC, c.code LIMIT 1`);
    const [promise] = await api.db.prisma.$queryRawUnsafe<{ code: string }[]>(
      `SELECT c.code FROM customer c JOIN collection_activity a ON a.customer_id = c.id WHERE a.kind = 'PROMISE_TO_PAY' GROUP BY c.code ORDER BY count(*) DESC, c.code LIMIT 1`);
    facts['$overdueCustomer'] = overdue!.code;
    facts['$promiseCustomer'] = promise!.code;
  });
  afterAll(async () => {
    if (CAPTURE && database.name === 'pglite') fs.writeFileSync(FIXTURE, `${JSON.stringify(answers, null, 1)}\n`);
    await api?.close();
  });

  it('formats money in SQL exactly as the money module does, in every kind of currency', async () => {
    const amounts = ['0', '-0.001', '0.005', '-0.005', '2.675', '1234.5', '1234.56789', '-1234.4449', '0.0005', '99999999.9999'];
    const currencies = ['USD', 'JPY', 'BHD', 'CLF', 'EUR', 'KRW'];
    const cases = amounts.flatMap((amount) => currencies.map((currency) => ({ amount, currency })));
    const query = sql<{ formatted: string }>`SELECT ${moneySql(sql`c.amount::numeric`, sql`c.currency::char(3)`)} AS formatted
      FROM unnest(${cases.map((c) => c.amount)}::text[], ${cases.map((c) => c.currency)}::text[]) WITH ORDINALITY AS c(amount, currency, n) ORDER BY c.n`.compile(kysely);
    const rows = await api.db.prisma.$queryRawUnsafe<{ formatted: string }[]>(query.sql, ...query.parameters);
    expect(rows.map((row) => row.formatted)).toEqual(cases.map((c) => formatMoney(c.amount, c.currency)));
  });

  it('writes decimals and dates in SQL as the Prisma records were written', async () => {
    const values = ['1.5000', '100.0000', '0.0000', '0.000100', '-2.250000', '12345678.123456'];
    const query = sql<{ text: string }>`SELECT trim_scale(v::numeric)::text AS text FROM unnest(${values}::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n`.compile(kysely);
    const rows = await api.db.prisma.$queryRawUnsafe<{ text: string }[]>(query.sql, ...query.parameters);
    expect(rows.map((row) => row.text)).toEqual(values.map((value) => new Money(value).toFixed()));
    // Dates in JSON are ISO 8601 whatever the session's DateStyle.
    const [, [dated]] = await api.db.prisma.$transaction([
      api.db.prisma.$executeRawUnsafe(`SET LOCAL DateStyle = 'SQL, DMY'`),
      api.db.prisma.$queryRawUnsafe<{ json: string }[]>(`SELECT json_build_object('d', v, 'text', v::text)::text AS json FROM (VALUES (DATE '2026-03-31')) AS t(v)`),
    ]);
    expect(JSON.parse(dated!.json)).toEqual({ d: '2026-03-31', text: '31/03/2026' });
  });

  it('reads only the lists a query asks for', () => {
    const statement = (include: Record<string, unknown>) =>
      readStatement({ model: 'Invoice', today: TODAY, query: { include, take: 11, skip: 0, orderBy: [{ issueDate: 'asc' }, { id: 'asc' }] } }).compile(kysely).sql;
    expect(statement({ customer: true })).not.toContain('"invoice_line"');
    expect(statement({ customer: true })).toContain('"customer"');
    expect(statement({ lines: { orderBy: { lineNo: 'asc' } } })).toContain('"invoice_line"');
    expect(statement({ lines: { orderBy: { lineNo: 'asc' } } })).not.toContain('"customer"');
  });

  it.each(QUERIES)('%s', async (name, query, variables = {}) => {
    const resolved = Object.fromEntries(Object.entries(variables).map(([key, value]) => {
      if (typeof value !== 'string' || !value.startsWith('$')) return [key, value];
      if (value.startsWith('$cursorOf:')) return [key, (JSON.parse(answers[value.slice('$cursorOf:'.length)]!) as any).data[Object.keys((JSON.parse(answers[value.slice('$cursorOf:'.length)]!) as any).data)[0]!].pageInfo.endCursor];
      return [key, facts[value]];
    }));
    // Twice: a document runs through the generic executor first, compiled after (api/compiled-queries.ts).
    for (const run of ['first', 'compiled']) {
      let response: unknown;
      const statements = await api.countQueries(async () => (response = await api.gql(query, resolved)));
      if (process.env.READ_PATH_STATEMENTS === '1') console.log(`STATEMENTS ${statements} ${name} (${run})`);
      const answer = JSON.stringify(response);
      answers[name] = answer;
      if (!CAPTURE) expect(answer, run).toBe(expected[name]);
      // Each query asks something that has an answer: rows, or the error it is meant to show.
      expect(answer.length).toBeGreaterThan(30);
      // The token check, one statement for the page or record with everything nested in it, and
      // one to find the id of a customer or entity named in a filter.
      expect(statements, run).toBeLessThanOrEqual(2 + (/customerCode|entityCode/.test(query) ? 1 : 0));
    }
  });
});
