// Racing writers: every state transition re-checks its precondition under a row lock, and a
// writer that loses a race for a unique code is refused like the check before it would refuse
// it — never an internal error. PGlite runs transactions one at a time, so the races are real
// only on the PostgreSQL server; the answers must be the same on both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type GraphQLResponse, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const ERRORS = 'userErrors { field message code }';
const CREATE_INVOICE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id number status } ${ERRORS} } }`;
const ISSUE = `mutation($input: IssueInvoiceInput!) { issueInvoice(input: $input) { invoice { id number status } ${ERRORS} } }`;
const OPEN_DISPUTE = `mutation($input: OpenDisputeInput!) { openDispute(input: $input) { invoice { number disputed } ${ERRORS} } }`;
const RESOLVE_DISPUTE = `mutation($input: ResolveDisputeInput!) { resolveDispute(input: $input) { invoice { number disputed } ${ERRORS} } }`;
const LOG_ACTIVITIES = `mutation($input: LogCollectionActivitiesInput!) { logCollectionActivities(input: $input) { collectionActivities { id } ${ERRORS} } }`;

type UserError = { field: string[]; message: string; code: string };

/** Sends `count` requests at once; every answer must be a payload (no GraphQL error). */
async function inParallel(api: TestApi, count: number, send: (i: number) => Promise<GraphQLResponse>, name: string) {
  const responses = await Promise.all(Array.from({ length: count }, (_, i) => send(i)));
  for (const response of responses) expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const payloads = responses.map((r) => r.data[name] as Record<string, unknown> & { userErrors: UserError[] });
  return {
    won: payloads.filter((p) => p.userErrors.length === 0),
    lost: payloads.filter((p) => p.userErrors.length > 0).map((p) => p.userErrors),
  };
}

describe.each(testDatabases())('racing writers on $name', (database) => {
  let api: TestApi;

  const nextNumber = async () => (await api.db.prisma.invoiceSequence.findFirstOrThrow({ where: { entity: { code: 'US01' } } })).nextNumber;
  const draft = async (issueDate = '2026-11-10') => {
    const created = await api.ok(CREATE_INVOICE, { input: { customerCode: 'ACME', issueDate, issue: false, lines: [{ description: 'Services', quantity: '1', unitPrice: '100.00' }] } });
    expect(created.createInvoice.userErrors).toEqual([]);
    return created.createInvoice.invoice as { id: string };
  };
  const issued = async () => {
    const created = await api.ok(CREATE_INVOICE, { input: { customerCode: 'ACME', issueDate: '2026-11-10', lines: [{ description: 'Services', quantity: '1', unitPrice: '100.00' }] } });
    return created.createInvoice.invoice.number as string;
  };

  beforeAll(async () => {
    api = await startTestApi(database, { today: '2026-11-25' });
    await api.ok(`mutation { createEntity(input: {code: "US01", name: "US", currency: "USD"}) { userErrors { message } } }`);
    await api.ok(`mutation { createCustomer(input: {entityCode: "US01", code: "ACME", name: "Acme", paymentTerms: "NET30", deliveryChannel: POST}) { userErrors { message } } }`);
  });
  afterAll(async () => api?.close());

  describe('issuing', () => {
    it('twenty parallel issues of one draft: one number, the sequence one higher, one delivery, one audit record', async () => {
      const { id } = await draft();
      const before = await nextNumber();
      const { won, lost } = await inParallel(api, 20, () => api.gql(ISSUE, { input: { id } }, api.tokens.AR), 'issueInvoice');

      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      const number = (won[0]!.invoice as { number: string }).number;
      expect(number).toBe(`US01-${String(before).padStart(6, '0')}`);
      for (const errors of lost) expect(errors).toEqual([{ field: ['id'], code: 'INVALID', message: `Invoice ${number} is already ISSUED; only a DRAFT can be issued.` }]);

      expect(await nextNumber()).toBe(before + 1);
      const invoice = await api.db.prisma.invoice.findUniqueOrThrow({ where: { id: Number(id) } });
      expect(invoice).toMatchObject({ number, status: 'ISSUED', version: 2 });
      expect(await api.db.prisma.invoiceDelivery.count({ where: { invoiceId: Number(id) } })).toBe(1);
      expect(await api.db.prisma.auditRecord.count({ where: { action: 'issueInvoice', recordId: id } })).toBe(1);
    });

    it('twenty drafts of one entity, each issued twice at once, take twenty consecutive numbers without a gap', async () => {
      const drafts: { id: string }[] = [];
      for (let i = 0; i < 20; i += 1) drafts.push(await draft());
      const before = await nextNumber();
      const { won, lost } = await inParallel(api, 40, (i) => api.gql(ISSUE, { input: { id: drafts[i % 20]!.id } }, api.tokens.AR), 'issueInvoice');

      expect(won).toHaveLength(20);
      expect(lost).toHaveLength(20);
      const numbers = won.map((p) => (p.invoice as { number: string }).number).sort();
      expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `US01-${String(before + i).padStart(6, '0')}`));
      expect(await nextNumber()).toBe(before + 20);
      const stored = await api.db.prisma.invoice.findMany({ where: { id: { in: drafts.map((d) => Number(d.id)) } }, select: { number: true } });
      expect(stored.map((i) => i.number).sort()).toEqual(numbers);
    });
  });

  describe('disputes', () => {
    const openDisputes = (invoiceNumber: string) => api.db.prisma.dispute.count({ where: { invoice: { number: invoiceNumber }, resolvedDate: null } });
    const disputed = async (invoiceNumber: string) => (await api.db.prisma.invoice.findUniqueOrThrow({ where: { number: invoiceNumber } })).disputed;

    it('ten parallel openDispute on one invoice open one dispute; the other nine are DUPLICATE', async () => {
      const number = await issued();
      const { won, lost } = await inParallel(api, 10, (i) => api.gql(OPEN_DISPUTE, { input: { invoiceNumber: number, reason: `wrong price ${i}` } }, api.tokens.AR), 'openDispute');

      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(9);
      for (const errors of lost) expect(errors).toEqual([{ field: ['invoiceNumber'], code: 'DUPLICATE', message: `Invoice ${number} is already in dispute.` }]);
      expect(await openDisputes(number)).toBe(1);
      expect(await api.db.prisma.auditRecord.count({ where: { action: 'openDispute', after: { path: ['number'], equals: number } } })).toBe(1);

      // Resolving it leaves no open dispute behind the cleared flag.
      const resolved = await api.ok(RESOLVE_DISPUTE, { input: { invoiceNumber: number, resolution: 'price confirmed' } }, api.tokens.AR);
      expect(resolved.resolveDispute).toEqual({ invoice: { number, disputed: false }, userErrors: [] });
      expect(await openDisputes(number)).toBe(0);
      expect(await disputed(number)).toBe(false);
    });

    it('ten parallel resolveDispute of one dispute: one resolves it, nine find nothing open', async () => {
      const number = await issued();
      await api.ok(OPEN_DISPUTE, { input: { invoiceNumber: number, reason: 'wrong quantity' } }, api.tokens.AR);
      const { won, lost } = await inParallel(api, 10, (i) => api.gql(RESOLVE_DISPUTE, { input: { invoiceNumber: number, resolution: `credited ${i}` } }, api.tokens.AR), 'resolveDispute');

      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(9);
      for (const errors of lost) expect(errors).toEqual([{ field: ['invoiceNumber'], code: 'INVALID', message: `Invoice ${number} has no open dispute to resolve.` }]);
      const disputes = await api.db.prisma.dispute.findMany({ where: { invoice: { number } } });
      expect(disputes).toHaveLength(1);
      expect(disputes[0]!.resolvedDate).not.toBeNull();
      expect(await disputed(number)).toBe(false);
      expect(await api.db.prisma.auditRecord.count({ where: { action: 'resolveDispute', after: { path: ['number'], equals: number } } })).toBe(1);
    });

    it('DISPUTE activities racing openDispute on one invoice open one dispute', async () => {
      const number = await issued();
      const activity = (i: number) => api.gql(LOG_ACTIVITIES, { input: { activities: [{ customerCode: 'ACME', kind: 'DISPUTE', invoiceNumbers: [number], note: `disputed on the phone ${i}` }] } }, api.tokens.AR);
      const open = (i: number) => api.gql(OPEN_DISPUTE, { input: { invoiceNumber: number, reason: `wrong price ${i}` } }, api.tokens.AR);
      const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? activity(i) : open(i))));
      for (const response of responses) expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      const errors = responses.map((r) => (r.data.logCollectionActivities ?? r.data.openDispute).userErrors as UserError[]);

      expect(errors.filter((e) => e.length === 0)).toHaveLength(1);
      for (const refused of errors.filter((e) => e.length > 0)) expect(refused).toEqual([expect.objectContaining({ code: 'DUPLICATE', message: expect.stringContaining('already in dispute') })]);
      expect(await openDisputes(number)).toBe(1);
      expect(await disputed(number)).toBe(true);
    });
  });

  describe('ten parallel creates of one code: one succeeds, nine are DUPLICATE naming the field', () => {
    const creates = [
      {
        name: 'createCustomer',
        field: 'code',
        message: 'A customer with code RACER already exists; customer codes are unique.',
        document: `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { code } ${ERRORS} } }`,
        input: { entityCode: 'US01', code: 'RACER', name: 'Racer Inc', paymentTerms: 'NET30', deliveryChannel: 'POST' },
        count: () => api.db.prisma.customer.count({ where: { code: 'RACER' } }),
      },
      {
        name: 'createEntity',
        field: 'code',
        message: 'An entity with code RC01 already exists; entity codes are unique.',
        document: `mutation($input: CreateEntityInput!) { createEntity(input: $input) { entity { code } ${ERRORS} } }`,
        input: { code: 'RC01', name: 'Racer Ltd', currency: 'GBP' },
        count: () => api.db.prisma.entity.count({ where: { code: 'RC01' } }),
      },
      {
        name: 'createProject',
        field: 'code',
        message: 'A project with code PRJ-RACE already exists.',
        document: `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { code } ${ERRORS} } }`,
        input: { code: 'PRJ-RACE', name: 'Race', owner: 'Dana', startDate: '2026-01-01', baselineEndDate: '2026-12-31', budget: '1000.00', currency: 'USD' },
        count: () => api.db.prisma.project.count({ where: { code: 'PRJ-RACE' } }),
      },
      {
        name: 'createApiToken',
        field: 'name',
        message: 'A token named powerbi already exists; token names are unique (revoke it first to reuse the name).',
        document: `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token ${ERRORS} } }`,
        input: { name: 'powerbi', role: 'VIEWER' },
        count: () => api.db.prisma.apiToken.count({ where: { name: 'powerbi' } }),
      },
      {
        name: 'createKpiDefinition',
        field: 'code',
        message: 'A KPI with code RACE_KPI already exists.',
        document: `mutation($input: CreateKpiDefinitionInput!) { createKpiDefinition(input: $input) { kpiDefinition { code } ${ERRORS} } }`,
        input: { code: 'RACE_KPI', name: 'Race KPI', unit: 'COUNT', direction: 'HIGHER_IS_BETTER', cadence: 'MONTHLY' },
        count: () => api.db.prisma.kpiDefinition.count({ where: { code: 'RACE_KPI' } }),
      },
      {
        name: 'createContract',
        field: 'number',
        message: 'A contract numbered C-RACE already exists.',
        document: `mutation($input: CreateContractInput!) { createContract(input: $input) { contract { number } ${ERRORS} } }`,
        input: { customerCode: 'ACME', number: 'C-RACE', description: 'Support', startDate: '2026-01-01', schedule: 'MONTHLY', amountPerPeriod: '100.00' },
        count: () => api.db.prisma.contract.count({ where: { number: 'C-RACE' } }),
      },
    ];

    it.each(creates)('$name', async ({ name, field, message, document, input, count }) => {
      const audits = await api.db.prisma.auditRecord.count({ where: { action: name } });
      const { won, lost } = await inParallel(api, 10, () => api.gql(document, { input }), name);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(9);
      for (const errors of lost) expect(errors).toEqual([{ field: [field], code: 'DUPLICATE', message }]);
      expect(await count()).toBe(1);
      expect(await api.db.prisma.auditRecord.count({ where: { action: name } })).toBe(audits + 1);
    });
  });
});
