// Billing schedules (PRODUCT.md, "Billing schedules"): pro rata periods at a contract's start
// and end, dry runs that preview exactly what the real run issues, milestone billing when a
// project milestone is set DONE (once), amendments of future periods only, and period locks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';
import { tableDigest } from '../support/digest.js';

const ERRORS = 'userErrors { field message code }';
const CREATE = `mutation($input: CreateContractInput!) { createContract(input: $input) {
  contract { number version milestones { milestone { id name status } amount invoice { number } } versions { version effectiveFrom amountPerPeriod } } ${ERRORS} } }`;
const RUN = `mutation($input: RunBillingInput!) { runBilling(input: $input) {
  invoices { number issueDate dueDate total customer { code } contract { number } lines { description amount } }
  preview { contractNumber customer { code name } issueDate dueDate currency amount description proRata daysCovered daysInPeriod }
  ${ERRORS} } }`;
const UPDATE = `mutation($input: UpdateContractInput!) { updateContract(input: $input) {
  contract { number version amountPerPeriod versions { version effectiveFrom amountPerPeriod endDate paymentTerms poNumber description reason createdBy } } ${ERRORS} } }`;
const MILESTONE = `mutation($input: UpdateMilestoneInput!) { updateMilestone(input: $input) { milestone { id status version } ${ERRORS} } }`;
const WRITTEN = ['invoice', 'invoice_line', 'invoice_sequence', 'contract', 'contract_version', 'contract_milestone', 'milestone', 'audit_record'];

describe.each(testDatabases())('billing schedules on $name', (database) => {
  let api: TestApi;
  const milestoneIds: Record<string, string> = {};
  const create = (input: Record<string, unknown>) => api.ok(CREATE, { input: { customerCode: 'ACME', description: 'Managed service', ...input } }, api.tokens.AR);
  const run = (input: Record<string, unknown>) => api.ok(RUN, { input }, api.tokens.AR);
  const amounts = (result: any) => result.runBilling.invoices.map((i: any) => [i.contract.number, i.total]);

  beforeAll(async () => {
    api = await startTestApi(database, { today: '2026-11-25' });
    await api.ok(`mutation { createEntity(input: {code: "US01", name: "US", currency: "USD"}) { ${ERRORS} } }`);
    await api.ok(`mutation { createCustomer(input: {entityCode: "US01", code: "ACME", name: "Acme Corp", paymentTerms: "NET30", deliveryChannel: PORTAL}) { ${ERRORS} } }`);
    await api.ok(`mutation { createCustomer(input: {entityCode: "US01", code: "GLOBEX", name: "Globex LLC", paymentTerms: "EOM", deliveryChannel: PORTAL}) { ${ERRORS} } }`);
    await api.ok(`mutation { createProject(input: {code: "IMPL", name: "Implementation", owner: "Dana", startDate: "2026-09-01", baselineEndDate: "2027-03-31", budget: "100000", currency: "USD"}) { ${ERRORS} } }`);
    for (const name of ['Design signed off', 'Go-live', 'Hypercare']) {
      const added = await api.ok(`mutation($input: AddMilestoneInput!) { addMilestone(input: $input) { milestone { id } ${ERRORS} } }`, { input: { projectCode: 'IMPL', name, dueDate: '2026-12-15' } });
      milestoneIds[name] = added.addMilestone.milestone.id;
    }
    const pr = await create({ number: 'C-PR', schedule: 'MONTHLY', amountPerPeriod: '3100.00', startDate: '2026-10-17', endDate: '2026-12-10' });
    expect(pr.createContract).toEqual({ contract: { number: 'C-PR', version: 1, milestones: [], versions: [{ version: 1, effectiveFrom: '2026-10-17', amountPerPeriod: '3100.00' }] }, userErrors: [] });
    const up = await create({ customerCode: 'GLOBEX', number: 'C-UP', schedule: 'MONTHLY', amountPerPeriod: '2000.00', startDate: '2026-11-01', description: 'Hosting' });
    expect(up.createContract.userErrors).toEqual([]);
  });
  afterAll(async () => api?.close());

  it('bills a $3,100.00 monthly contract from 2026-10-17 pro rata: 15 of 31 days = 1500.00', async () => {
    const october = await run({ period: '2026-10' });
    expect(october.runBilling.userErrors).toEqual([]);
    expect(october.runBilling.invoices).toEqual([
      { number: 'US01-000001', issueDate: '2026-10-01', dueDate: '2026-10-31', total: '1500.00', customer: { code: 'ACME' }, contract: { number: 'C-PR' }, lines: [{ description: 'Managed service — 2026-10 (15 of 31 days)', amount: '1500.00' }] },
    ]);
    expect(october.runBilling.preview).toEqual([
      { contractNumber: 'C-PR', customer: { code: 'ACME', name: 'Acme Corp' }, issueDate: '2026-10-01', dueDate: '2026-10-31', currency: 'USD', amount: '1500.00', description: 'Managed service — 2026-10 (15 of 31 days)', proRata: true, daysCovered: 15, daysInPeriod: 31 },
    ]);
  });

  it('previews November in a dry run without writing anything, then issues exactly that', async () => {
    const before = await tableDigest(api.db.prisma, WRITTEN);
    const dry = await run({ period: '2026-11', dryRun: true });
    expect(dry.runBilling).toEqual({
      invoices: [],
      preview: [
        { contractNumber: 'C-PR', customer: { code: 'ACME', name: 'Acme Corp' }, issueDate: '2026-11-01', dueDate: '2026-12-01', currency: 'USD', amount: '3100.00', description: 'Managed service — 2026-11', proRata: false, daysCovered: 30, daysInPeriod: 30 },
        { contractNumber: 'C-UP', customer: { code: 'GLOBEX', name: 'Globex LLC' }, issueDate: '2026-11-01', dueDate: '2026-11-30', currency: 'USD', amount: '2000.00', description: 'Hosting — 2026-11', proRata: false, daysCovered: 30, daysInPeriod: 30 },
      ],
      userErrors: [],
    });
    expect(await tableDigest(api.db.prisma, WRITTEN)).toEqual(before);

    const real = await run({ period: '2026-11' });
    expect(real.runBilling.preview).toEqual(dry.runBilling.preview);
    expect(real.runBilling.invoices.map((i: any) => [i.contract.number, i.customer.code, i.total, i.issueDate, i.dueDate])).toEqual(
      dry.runBilling.preview.map((p: any) => [p.contractNumber, p.customer.code, p.amount, p.issueDate, p.dueDate]),
    );
    expect(real.runBilling.invoices.map((i: any) => i.number)).toEqual(['US01-000002', 'US01-000003']);
    // Billed: a dry run now previews nothing.
    expect((await run({ period: '2026-11', dryRun: true })).runBilling.preview).toEqual([]);
  });

  it('bills the end inside December pro rata: 3100 × 10/31 = 1000.00', async () => {
    const december = await run({ period: '2026-12' });
    expect(amounts(december)).toEqual([['C-PR', '1000.00'], ['C-UP', '2000.00']]);
    expect(december.runBilling.preview[0]).toMatchObject({ proRata: true, daysCovered: 10, daysInPeriod: 31 });
  });

  it('amends from 2027-01 on: January bills the new amount, the billed December keeps its own', async () => {
    const stale = { number: 'C-UP', expectedVersion: 2, amountPerPeriod: '2500.00' };
    const before = await tableDigest(api.db.prisma, WRITTEN);
    const conflict = await api.ok(UPDATE, { input: stale }, api.tokens.AR);
    expect(conflict.updateContract).toEqual({ contract: null, userErrors: [{ field: ['expectedVersion'], message: expect.stringContaining('at version 1'), code: 'CONFLICT' }] });
    const billed = await api.ok(UPDATE, { input: { ...stale, expectedVersion: 1, effectiveFrom: '2026-12-01' } }, api.tokens.AR);
    expect(billed.updateContract.userErrors).toEqual([{ field: ['effectiveFrom'], message: expect.stringContaining('2026-12, already billed'), code: 'OUT_OF_RANGE' }]);
    const midPeriod = await api.ok(UPDATE, { input: { ...stale, expectedVersion: 1, effectiveFrom: '2027-01-15' } }, api.tokens.AR);
    expect(midPeriod.updateContract.userErrors).toEqual([{ field: ['effectiveFrom'], message: expect.stringContaining('2027-02-01'), code: 'INVALID' }]);
    const early = await api.ok(UPDATE, { input: { ...stale, expectedVersion: 1, endDate: '2026-12-15' } }, api.tokens.AR);
    expect(early.updateContract.userErrors).toEqual([{ field: ['endDate'], message: expect.stringContaining('effective from 2027-01-01'), code: 'OUT_OF_RANGE' }]);
    const viewer = await api.gql(UPDATE, { input: { ...stale, expectedVersion: 1 } }, api.tokens.VIEWER);
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await tableDigest(api.db.prisma, WRITTEN)).toEqual(before);

    const amended = await api.ok(UPDATE, { input: { ...stale, expectedVersion: 1, reason: 'Price increase' } }, api.tokens.AR);
    expect(amended.updateContract).toEqual({
      contract: {
        number: 'C-UP',
        version: 2,
        amountPerPeriod: '2500.00',
        versions: [
          { version: 1, effectiveFrom: '2026-11-01', amountPerPeriod: '2000.00', endDate: null, paymentTerms: null, poNumber: null, description: 'Hosting', reason: null, createdBy: 'test-ar' },
          { version: 2, effectiveFrom: '2027-01-01', amountPerPeriod: '2500.00', endDate: null, paymentTerms: null, poNumber: null, description: 'Hosting', reason: 'Price increase', createdBy: 'test-ar' },
        ],
      },
      userErrors: [],
    });
    const audit = await api.db.prisma.auditRecord.findFirst({ where: { action: 'updateContract', recordId: 'C-UP' } });
    expect(audit).not.toBeNull();

    // A re-run of December creates nothing and the December invoice still says 2000.00.
    expect((await run({ period: '2026-12' })).runBilling.invoices).toEqual([]);
    const december = await api.db.prisma.invoice.findFirstOrThrow({ where: { billingPeriod: '2026-12', contract: { number: 'C-UP' } } });
    expect(december.total.toFixed(2)).toBe('2000.00');
    expect(amounts(await run({ period: '2027-01' }))).toEqual([['C-UP', '2500.00']]);
  });

  it('bills each linked milestone once, when it is set DONE', async () => {
    const design = milestoneIds['Design signed off']!;
    const golive = milestoneIds['Go-live']!;
    const created = await create({
      number: 'C-MS', schedule: 'MILESTONE', amountPerPeriod: '1.00', startDate: '2026-09-01', description: 'Implementation', poNumber: 'PO-77',
      milestones: [{ milestoneId: design, amount: '5000.00' }, { milestoneId: golive, amount: '7500.50' }],
    });
    expect(created.createContract.contract.milestones).toEqual([
      { milestone: { id: design, name: 'Design signed off', status: 'PLANNED' }, amount: '5000.00', invoice: null },
      { milestone: { id: golive, name: 'Go-live', status: 'PLANNED' }, amount: '7500.50', invoice: null },
    ]);
    const invoices = () => api.db.prisma.invoice.findMany({ where: { contract: { number: 'C-MS' } }, include: { lines: true }, orderBy: { id: 'asc' } });

    const done = await api.ok(MILESTONE, { input: { id: design, expectedVersion: 1, status: 'DONE', completedDate: '2026-11-20' } }, api.tokens.ANALYST);
    expect(done.updateMilestone.userErrors).toEqual([]);
    let billed = await invoices();
    expect(billed.map((i) => [i.number, i.issueDate.toISOString().slice(0, 10), i.total.toFixed(2), i.status, i.poNumber, i.lines[0]!.description])).toEqual([
      ['US01-000007', '2026-11-20', '5000.00', 'ISSUED', 'PO-77', 'Implementation — Design signed off'],
    ]);

    // Set DONE again (and changed back and forth): never a second invoice.
    await api.ok(MILESTONE, { input: { id: design, expectedVersion: 2, status: 'PLANNED' } }, api.tokens.ANALYST);
    await api.ok(MILESTONE, { input: { id: design, expectedVersion: 3, status: 'DONE', completedDate: '2026-11-22' } }, api.tokens.ANALYST);
    expect(await invoices()).toHaveLength(1);

    await api.ok(MILESTONE, { input: { id: golive, expectedVersion: 1, status: 'DONE', completedDate: '2026-11-24' } }, api.tokens.ANALYST);
    billed = await invoices();
    expect(billed.map((i) => [i.number, i.total.toFixed(2), i.lines[0]!.description])).toEqual([
      ['US01-000007', '5000.00', 'Implementation — Design signed off'],
      ['US01-000008', '7500.50', 'Implementation — Go-live'],
    ]);
    const contract = await api.ok(`{ contracts(customerCode: "ACME") { number milestones { milestoneId milestone { name status } amount invoice { number } } } }`);
    expect(contract.contracts.find((c: any) => c.number === 'C-MS').milestones).toEqual([
      { milestoneId: design, milestone: { name: 'Design signed off', status: 'DONE' }, amount: '5000.00', invoice: { number: 'US01-000007' } },
      { milestoneId: golive, milestone: { name: 'Go-live', status: 'DONE' }, amount: '7500.50', invoice: { number: 'US01-000008' } },
    ]);
    // Milestone contracts are not billed by runs.
    expect((await run({ period: '2026-11', dryRun: true })).runBilling.preview).toEqual([]);
  });

  it('refuses milestones on other schedules, unknown or repeated milestones, and non-positive amounts, writing nothing', async () => {
    const before = await tableDigest(api.db.prisma, WRITTEN);
    const hypercare = milestoneIds['Hypercare']!;
    const monthly = await create({ number: 'C-BAD1', schedule: 'MONTHLY', amountPerPeriod: '10.00', startDate: '2026-11-01', milestones: [{ milestoneId: hypercare, amount: '10.00' }] });
    expect(monthly.createContract.userErrors).toEqual([{ field: ['milestones'], message: expect.stringContaining('Only a MILESTONE contract'), code: 'INVALID' }]);
    const bad = await create({
      number: 'C-BAD2', schedule: 'MILESTONE', amountPerPeriod: '10.00', startDate: '2026-11-01',
      milestones: [{ milestoneId: hypercare, amount: '10.00' }, { milestoneId: hypercare, amount: '20.00' }, { milestoneId: '999999', amount: '5.00' }, { milestoneId: milestoneIds['Go-live'], amount: '0' }],
    });
    expect(bad.createContract.userErrors.map((e: any) => [e.field.join('.'), e.code])).toEqual([
      ['milestones.1.milestoneId', 'DUPLICATE'],
      ['milestones.2.milestoneId', 'NOT_FOUND'],
      ['milestones.3.amount', 'OUT_OF_RANGE'],
    ]);
    expect(await tableDigest(api.db.prisma, WRITTEN)).toEqual(before);
  });

  it('refuses a run or a milestone dated in a closed period with PERIOD_CLOSED, writing nothing', async () => {
    await create({ number: 'C-LOCK', schedule: 'MILESTONE', amountPerPeriod: '1.00', startDate: '2026-09-01', milestones: [{ milestoneId: milestoneIds['Hypercare']!, amount: '900.00' }] });
    await create({ number: 'C-SEP', schedule: 'MONTHLY', amountPerPeriod: '300.00', startDate: '2026-09-01' });
    const closed = await api.ok(`mutation { closePeriod(input: {period: "2026-10", entityCode: "US01"}) { ${ERRORS} } }`);
    expect(closed.closePeriod.userErrors).toEqual([]);
    const before = await tableDigest(api.db.prisma, WRITTEN);
    for (const dryRun of [false, true]) {
      const refused = await run({ period: '2026-10', dryRun });
      expect(refused.runBilling).toMatchObject({ invoices: null, userErrors: [{ field: ['issueDate'], code: 'PERIOD_CLOSED', message: expect.stringContaining('2026-10') }] });
    }
    const milestone = await api.ok(MILESTONE, { input: { id: milestoneIds['Hypercare'], expectedVersion: 1, status: 'DONE', completedDate: '2026-10-30' } }, api.tokens.ANALYST);
    expect(milestone.updateMilestone.userErrors).toEqual([{ field: ['completedDate'], code: 'PERIOD_CLOSED', message: expect.stringContaining('2026-10') }]);
    expect(await tableDigest(api.db.prisma, WRITTEN)).toEqual(before);
    // November is open: C-SEP bills it (it never billed October, which stays closed).
    expect(amounts(await run({ period: '2026-11' }))).toEqual([['C-SEP', '300.00']]);
  });
});
