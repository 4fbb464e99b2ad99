// Dunning through GraphQL: NetSuite's example with AND and OR, which invoices count (disputed and
// promised ones left out), sending (letter, invoice levels, activity, email queued) once, the
// customerCodes filter, base-currency balances, racing runs, and refused level sets writing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDunningLetterDocument } from '../../api/services/collections/dunning.service.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';
import { tableDigest } from '../support/digest.js';

const TODAY = '2026-11-25';
const AS_OF = '2026-11-25';
const ERRORS = 'userErrors { field message code }';
const LEVEL = 'entityCode level minDaysOverdue minInvoiceAmount minOverdueBalance combine subject body';
const SET_LEVELS = `mutation($input: SetDunningLevelsInput!) { setDunningLevels(input: $input) { dunningLevels { ${LEVEL} } ${ERRORS} } }`;
const LEVELS = `query($entityCode: String) { dunningLevels(entityCode: $entityCode) { ${LEVEL} } }`;
const RUN = `mutation($input: RunDunningInput!) { runDunning(input: $input) {
  letters { customer { code } level invoices { number } overdueBalance currency oldestDaysPastDue sent } ${ERRORS} } }`;
/** Tables a refused call must leave as they were. */
const TABLES = ['dunning_level', 'dunning_letter', 'invoice', 'collection_activity', 'collection_activity_invoice', 'invoice_delivery', 'audit_record'];

/** NetSuite's levels: 1 = 1 day, $10, $100; 2 = 3 days, $30, $100. */
const netsuiteLevels = (combine: 'AND' | 'OR') => [
  { level: 1, minDaysOverdue: 1, minInvoiceAmount: '10', minOverdueBalance: '100', combine, subject: 'Reminder for {{customerName}}', body: '{{currency}} {{overdueBalance}} is overdue: {{invoiceNumbers}}.' },
  { level: 2, minDaysOverdue: 3, minInvoiceAmount: '30', minOverdueBalance: '100', combine, subject: 'Second reminder', body: 'Please pay {{overdueBalance}} {{currency}} now. {{portalLink}}' },
];

type Letter = { customer: { code: string }; level: number; invoices: { number: string }[]; overdueBalance: string; currency: string; oldestDaysPastDue: number; sent: boolean };

describe.each(testDatabases())('dunning on $name', (database) => {
  let api: TestApi;
  const numbers: Record<string, string[]> = {};

  async function write(name: string, inputType: string, input: Record<string, unknown>, result: string, token = api.tokens.AR) {
    const data = await api.ok(`mutation($input: ${inputType}!) { ${name}(input: $input) { ${result} ${ERRORS} } }`, { input }, token);
    expect(data[name].userErrors, `${name} ${JSON.stringify(input)}`).toEqual([]);
    return data[name];
  }
  async function run(input: Record<string, unknown>): Promise<Letter[]> {
    const payload = (await api.ok(RUN, { input }, api.tokens.AR)).runDunning;
    expect(payload.userErrors).toEqual([]);
    return payload.letters;
  }
  const setLevels = async (input: Record<string, unknown>) => (await api.ok(SET_LEVELS, { input }, api.tokens.AR)).setDunningLevels;
  const summary = (letters: Letter[]) => letters.map((l) => [l.customer.code, l.level, l.invoices.map((i) => i.number), l.overdueBalance]);

  const snapshot = () => tableDigest(api.db.prisma, TABLES);

  beforeAll(async () => {
    api = await startTestApi(database, { today: TODAY });
    await write('createEntity', 'CreateEntityInput', { code: 'US01', name: 'Ledgerline Inc.', currency: 'USD' }, 'entity { code }', api.tokens.ADMIN);
    await write('createEntity', 'CreateEntityInput', { code: 'DE01', name: 'Ledgerline GmbH', currency: 'EUR' }, 'entity { code }', api.tokens.ADMIN);
    const customer = (entityCode: string, code: string) =>
      write('createCustomer', 'CreateCustomerInput', { entityCode, code, name: `${code} Corp`, paymentTerms: 'NET30', deliveryChannel: 'EMAIL', billingEmails: [`ap@${code.toLowerCase()}.example`] }, 'customer { code }');
    const invoices = async (code: string, issueDate: string, amounts: string[]) => {
      for (const amount of amounts) {
        const { invoice } = await write('createInvoice', 'CreateInvoiceInput', { customerCode: code, issueDate, lines: [{ description: 'Services', quantity: '1', unitPrice: amount }] }, 'invoice { number }');
        numbers[code] = [...(numbers[code] ?? []), invoice.number];
      }
    };
    for (const code of ['TENNER', 'MIXED', 'ALLDISP', 'RACE']) await customer('US01', code);
    await customer('DE01', 'BERLIN');
    // Issued 2026-10-21 on NET30: due 2026-11-20, five days overdue on 2026-11-25.
    await invoices('TENNER', '2026-10-21', Array.from({ length: 10 }, () => '10.00'));
    // MIXED: one disputed, one under a promise, one plain (all 40 days overdue), one not yet due.
    await invoices('MIXED', '2026-09-16', ['500.00', '400.00', '300.00']);
    await invoices('MIXED', '2026-11-10', ['900.00']);
    await write('openDispute', 'OpenDisputeInput', { invoiceNumber: numbers.MIXED![0], reason: 'Wrong price' }, 'invoice { number }', api.tokens.ANALYST);
    await write('logCollectionActivities', 'LogCollectionActivitiesInput', {
      activities: [{ customerCode: 'MIXED', kind: 'PROMISE_TO_PAY', invoiceNumbers: [numbers.MIXED![1]], promiseDate: '2026-12-05', promiseAmount: '400.00' }],
    }, 'collectionActivities { id }', api.tokens.ANALYST);
    await invoices('ALLDISP', '2026-09-16', ['700.00']);
    await write('openDispute', 'OpenDisputeInput', { invoiceNumber: numbers.ALLDISP![0], reason: 'Not received' }, 'invoice { number }', api.tokens.ANALYST);
    // BERLIN: €200 in DE01, 40 days overdue; EUR at 1.10 USD.
    await invoices('BERLIN', '2026-09-16', ['200.00']);
    await write('setFxRate', 'SetFxRateInput', { currency: 'EUR', date: '2026-11-01', rate: '1.10' }, 'fxRate { rate }');
  });
  afterAll(async () => api?.close());

  it('refuses a run before any level is set, and level sets that are not 1..n, overlapping, decreasing or without a criterion — writing nothing', async () => {
    const before = await snapshot();
    const noLevels = (await api.ok(RUN, { input: { asOf: AS_OF } }, api.tokens.AR)).runDunning;
    expect(noLevels).toEqual({ letters: null, userErrors: [{ field: ['entityCode'], code: 'NOT_FOUND', message: expect.stringContaining('setDunningLevels') }] });

    const refused = async (input: Record<string, unknown>) => {
      const payload = await setLevels(input);
      expect(payload.dunningLevels).toBeNull();
      expect(await snapshot()).toEqual(before);
      return payload.userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code]);
    };
    const [one, two] = netsuiteLevels('AND');
    expect(await refused({ levels: [two] })).toEqual([['levels.0.level', 'INVALID']]);
    expect(await refused({ levels: [one, { ...two, level: 3 }] })).toEqual([['levels.1.level', 'INVALID']]);
    expect(await refused({ levels: [one, { ...two, minDaysOverdue: 0 }] })).toEqual([['levels.1.minDaysOverdue', 'OUT_OF_RANGE']]);
    expect(await refused({ levels: [one, { ...two, minInvoiceAmount: '5' }] })).toEqual([['levels.1.minInvoiceAmount', 'OUT_OF_RANGE']]);
    expect(await refused({ levels: [one, { ...one, level: 2 }] })).toEqual([['levels.1', 'INVALID']]);
    expect(await refused({ levels: [{ ...one, minDaysOverdue: -1 }] })).toEqual([['levels.0.minDaysOverdue', 'OUT_OF_RANGE']]);
    expect(await refused({ levels: [{ ...one, body: 'Dear {{firstName}}' }] })).toEqual([['levels.0.body', 'INVALID']]);
    expect(await refused({ levels: [one, two], entityCode: 'ZZ01' })).toEqual([['entityCode', 'NOT_FOUND']]);
    expect(await refused({ levels: [] })).toEqual([['levels', 'INVALID']]);

    const forbidden = await api.gql(SET_LEVELS, { input: { levels: [one] } }, api.tokens.ANALYST);
    expect(forbidden.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await api.gql(RUN, { input: { asOf: AS_OF } }, api.tokens.ANALYST)).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(await snapshot()).toEqual(before);
  });

  it("NetSuite's example: ten $10 invoices five days overdue are at level 1 with AND, level 2 with OR", async () => {
    const set = await setLevels({ levels: netsuiteLevels('AND') });
    expect(set.userErrors).toEqual([]);
    expect(set.dunningLevels.map((l: { level: number; minInvoiceAmount: string; entityCode: string | null }) => [l.level, l.minInvoiceAmount, l.entityCode])).toEqual([[1, '10.00', null], [2, '30.00', null]]);
    const and = await run({ asOf: AS_OF, customerCodes: ['TENNER'] });
    expect(and).toEqual([{ customer: { code: 'TENNER' }, level: 1, invoices: numbers.TENNER!.map((number) => ({ number })), overdueBalance: '100.00', currency: 'USD', oldestDaysPastDue: 5, sent: false }]);

    // An entity's own levels take the place of the defaults for its customers.
    expect((await setLevels({ entityCode: 'US01', levels: netsuiteLevels('OR') })).userErrors).toEqual([]);
    expect((await api.ok(LEVELS, { entityCode: 'US01' })).dunningLevels.map((l: { entityCode: string; combine: string }) => [l.entityCode, l.combine])).toEqual([['US01', 'OR'], ['US01', 'OR']]);
    expect((await api.ok(LEVELS, { entityCode: 'DE01' })).dunningLevels.map((l: { entityCode: string | null; combine: string }) => [l.entityCode, l.combine])).toEqual([[null, 'AND'], [null, 'AND']]);
    expect((await api.ok(LEVELS, {})).dunningLevels).toHaveLength(2);
    const or = await run({ asOf: AS_OF, customerCodes: ['TENNER'] });
    expect(summary(or)).toEqual([['TENNER', 2, numbers.TENNER, '100.00']]);
  });

  it('leaves out invoices in open dispute, under an unbroken promise or not yet due; translates to the base currency as of the date', async () => {
    const letters = await run({ asOf: AS_OF });
    // ALLDISP's only overdue invoice is disputed: no letter. MIXED: only its plain invoice (40 days, $300).
    expect(summary(letters)).toEqual([
      ['BERLIN', 2, numbers.BERLIN, '220.00'],
      ['MIXED', 2, [numbers.MIXED![2]], '300.00'],
      ['TENNER', 2, numbers.TENNER, '100.00'],
    ]);
    expect(letters.every((l) => !l.sent)).toBe(true);
    // customerCodes restricts the run to the customers the collector kept.
    expect(summary(await run({ asOf: AS_OF, customerCodes: ['mixed', 'ALLDISP'] }))).toEqual([['MIXED', 2, [numbers.MIXED![2]], '300.00']]);
    expect(summary(await run({ asOf: AS_OF, entityCode: 'DE01' }))).toEqual([['BERLIN', 2, numbers.BERLIN, '220.00']]);
    const unknown = (await api.ok(RUN, { input: { asOf: AS_OF, customerCodes: ['TENNER', 'NOBODY'] } }, api.tokens.AR)).runDunning;
    expect(unknown.userErrors).toEqual([{ field: ['customerCodes', '1'], code: 'NOT_FOUND', message: expect.stringContaining('NOBODY') }]);
  });

  it('sending records the letter, sets the invoices to its level, logs a DUNNING_LETTER activity and queues the email; a second run sends nothing', async () => {
    // A dry run (the default) writes nothing.
    const before = await snapshot();
    await run({ asOf: AS_OF, customerCodes: ['TENNER', 'MIXED'] });
    expect(await snapshot()).toEqual(before);

    const sent = await run({ asOf: AS_OF, customerCodes: ['TENNER', 'MIXED'], dryRun: false });
    expect(sent.map((l) => [l.customer.code, l.level, l.sent])).toEqual([['MIXED', 2, true], ['TENNER', 2, true]]);
    const letters = await api.db.prisma.dunningLetter.findMany({ include: { customer: true, deliveries: true }, orderBy: { id: 'asc' } });
    expect(letters.map((l) => [l.customer.code, l.level, l.invoiceNumbers, l.overdueBalance.toFixed(2), l.currency, l.asOf.toISOString().slice(0, 10), l.deliveries.map((d) => [d.kind, d.channel, d.recipient, d.status])])).toEqual([
      ['MIXED', 2, [numbers.MIXED![2]], '300.00', 'USD', AS_OF, [['DUNNING_LETTER', 'EMAIL', 'ap@mixed.example', 'PENDING']]],
      ['TENNER', 2, numbers.TENNER, '100.00', 'USD', AS_OF, [['DUNNING_LETTER', 'EMAIL', 'ap@tenner.example', 'PENDING']]],
    ]);
    const levels = await api.db.prisma.invoice.findMany({ where: { customer: { code: { in: ['TENNER', 'MIXED'] } } }, select: { number: true, dunningLevel: true }, orderBy: { number: 'asc' } });
    const dunned = new Set([...numbers.TENNER!, numbers.MIXED![2]]);
    expect(levels.map((i) => [i.number, i.dunningLevel])).toEqual(levels.map((i) => [i.number, dunned.has(i.number!) ? 2 : 0]));
    const activities = await api.db.prisma.collectionActivity.findMany({ where: { kind: 'DUNNING_LETTER' }, include: { customer: true, invoices: { include: { invoice: true } } }, orderBy: { id: 'asc' } });
    expect(activities.map((a) => [a.customer.code, a.invoices.map((link) => link.invoice.number).sort(), a.actor])).toEqual([
      ['MIXED', [numbers.MIXED![2]], 'test-ar'],
      ['TENNER', [...numbers.TENNER!].sort(), 'test-ar'],
    ]);
    expect(letters.map((l) => l.activityId)).toEqual(activities.map((a) => a.id));

    // The letter as the renderer and the mail take it: the level's text with its variables filled in.
    const document = await loadDunningLetterDocument(api.db.prisma, letters[1]!.id, 'https://ledger.example/portal/abc');
    expect(document).toMatchObject({
      level: 2,
      asOf: AS_OF,
      subject: 'Second reminder',
      body: 'Please pay 100.00 USD now. https://ledger.example/portal/abc',
      currency: 'USD',
      overdueBalance: '100.00',
      buyer: { code: 'TENNER', name: 'TENNER Corp' },
      portalUrl: 'https://ledger.example/portal/abc',
    });
    expect(document!.invoices.map((i) => [i.number, i.dueDate, i.daysPastDue, i.openAmount])).toEqual(numbers.TENNER!.map((number) => [number, '2026-11-20', 5, '10.00']));

    const after = await snapshot();
    expect(await run({ asOf: AS_OF, customerCodes: ['TENNER', 'MIXED'], dryRun: false })).toEqual([]);
    expect(await run({ asOf: AS_OF, customerCodes: ['TENNER', 'MIXED'] })).toEqual([]);
    expect(await snapshot()).toEqual(after);
  });

  it('a customer reaching a higher level, or a new overdue invoice below the level, gets a new letter listing all its overdue invoices', async () => {
    // Back to AND for US01: TENNER is at level 1 now, but its invoices were dunned at 2: nothing.
    expect((await setLevels({ entityCode: 'US01', levels: netsuiteLevels('AND') })).userErrors).toEqual([]);
    expect(await run({ asOf: AS_OF, customerCodes: ['TENNER'] })).toEqual([]);
    // The promise on MIXED's second invoice is broken after 2026-12-05: it counts again, at level 0.
    const later = await run({ asOf: '2026-12-07', customerCodes: ['MIXED'] });
    expect(summary(later)).toEqual([['MIXED', 2, [numbers.MIXED![1], numbers.MIXED![2]], '700.00']]);
  });

  it.runIf(database.name === 'postgresql')('racing runs send each letter once', async () => {
    const invoice = await write('createInvoice', 'CreateInvoiceInput', { customerCode: 'RACE', issueDate: '2026-09-01', lines: [{ description: 'Services', quantity: '1', unitPrice: '250' }] }, 'invoice { number }');
    const runs = await Promise.all(Array.from({ length: 4 }, () => run({ asOf: AS_OF, customerCodes: ['RACE'], dryRun: false })));
    expect(runs.flat().map((l) => [l.customer.code, l.level, l.invoices.map((i) => i.number)])).toEqual([['RACE', 2, [invoice.invoice.number]]]);
    expect(await api.db.prisma.dunningLetter.count({ where: { customer: { code: 'RACE' } } })).toBe(1);
    expect(await api.db.prisma.invoiceDelivery.count({ where: { kind: 'DUNNING_LETTER', customer: { code: 'RACE' } } })).toBe(1);
  });
});
