// The parties' details documents print (PRODUCT.md, "Documents, delivery, dunning and
// statements"): an entity's letterhead and remittance details, a customer's billing address and
// tax id. Set on create, changed by updateEntity / updateCustomer, read back through the
// Prisma path and the SQL read path alike; bad IBANs, countries and the like refused with
// nothing written. And the demo book's parties carry them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCollector } from '../../api/domain/errors.js';
import { ibanRemainder, parseBic, parseCountryCode, parseEntityDetails, parseIban } from '../../api/domain/receivables/party-details.js';
import { germanVatId, japaneseRegistrationNumber, ukVatNumber } from '../../api/seed/demo-book/addresses.js';
import { seedDemoData } from '../../api/seed/demo-data.js';
import { loadInvoiceDocument } from '../../api/services/documents/invoice-document.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';
import { tableDigest } from '../support/digest.js';

const TODAY = '2026-11-25';
const ERRORS = 'userErrors { field message code }';
const ENTITY = 'code name region legalName addressLines city postalCode countryCode taxId bankName iban bic accountNumber';
const CUSTOMER = 'code name version billingAddressLines billingCity billingPostalCode billingCountryCode taxId';

const MUTATIONS = {
  createEntity: `mutation($input: CreateEntityInput!) { createEntity(input: $input) { entity { ${ENTITY} } ${ERRORS} } }`,
  updateEntity: `mutation($input: UpdateEntityInput!) { updateEntity(input: $input) { entity { ${ENTITY} } ${ERRORS} } }`,
  createCustomer: `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { ${CUSTOMER} } ${ERRORS} } }`,
  updateCustomer: `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { customer { ${CUSTOMER} } ${ERRORS} } }`,
} as const;
type MutationName = keyof typeof MUTATIONS;
const RESULT: Record<MutationName, 'entity' | 'customer'> = { createEntity: 'entity', updateEntity: 'entity', createCustomer: 'customer', updateCustomer: 'customer' };

const TABLES = ['entity', 'invoice_sequence', 'customer', 'audit_record'] as const;

const LETTERHEAD = {
  legalName: 'Aurora Instruments GmbH',
  addressLines: ['Friedrichstraße 68', ' 3. OG '],
  city: 'Berlin',
  postalCode: '10117',
  countryCode: 'de',
  taxId: 'de136458720',
  bankName: 'Deutsche Bank AG',
  iban: 'de43 1007 0000 0123 4567 00',
  bic: 'deutdebbxxx',
};

describe.each(testDatabases())('parties on $name', (database) => {
  let api: TestApi;

  const snapshot = () => tableDigest(api.db.prisma, TABLES);

  async function accepted(name: MutationName, input: Record<string, unknown>, token = api.tokens.ADMIN) {
    const payload = (await api.ok(MUTATIONS[name], { input }, token))[name];
    expect(payload.userErrors).toEqual([]);
    return payload[RESULT[name]];
  }

  async function refused(name: MutationName, input: Record<string, unknown>) {
    const before = await snapshot();
    const payload = (await api.ok(MUTATIONS[name], { input }))[name];
    expect(payload[RESULT[name]]).toBeNull();
    expect(await snapshot()).toEqual(before);
    return payload.userErrors as { field: string[]; message: string; code: string }[];
  }

  beforeAll(async () => {
    api = await startTestApi(database, { today: TODAY });
  });
  afterAll(async () => api?.close());

  it('createEntity stores the letterhead as documents print it: codes upper case, the IBAN without spaces', async () => {
    const entity = await accepted('createEntity', { code: 'DE01', name: 'Aurora Germany', currency: 'EUR', region: 'EMEA', ...LETTERHEAD });
    expect(entity).toEqual({
      code: 'DE01', name: 'Aurora Germany', region: 'EMEA', legalName: 'Aurora Instruments GmbH', addressLines: ['Friedrichstraße 68', '3. OG'],
      city: 'Berlin', postalCode: '10117', countryCode: 'DE', taxId: 'DE136458720', bankName: 'Deutsche Bank AG', iban: 'DE43100700000123456700',
      bic: 'DEUTDEBBXXX', accountNumber: null,
    });
    expect((await api.ok(`{ entities { ${ENTITY} } }`)).entities).toEqual([entity]);
    // Without the details, an entity has none (as before).
    const bare = await accepted('createEntity', { code: 'US01', name: 'Aurora US', currency: 'USD' });
    expect(bare).toMatchObject({ legalName: null, addressLines: [], countryCode: null, iban: null, accountNumber: null });
  });

  it('updateEntity changes what it is given, clears what is null, and is audited; only ADMIN may', async () => {
    const updated = await accepted('updateEntity', { code: 'us01', legalName: 'Aurora Instruments Inc.', addressLines: ['500 West Madison Street', 'Suite 2800'],
      city: 'Chicago, IL', postalCode: '60661', countryCode: 'US', taxId: '36-4829175', bankName: 'JPMorgan Chase Bank, N.A.', bic: 'CHASUS33', accountNumber: '483920175' });
    expect(updated).toMatchObject({ code: 'US01', name: 'Aurora US', legalName: 'Aurora Instruments Inc.', countryCode: 'US', accountNumber: '483920175', iban: null });
    const cleared = await accepted('updateEntity', { code: 'US01', bic: null, name: 'Aurora Instruments (US)' });
    expect(cleared).toMatchObject({ name: 'Aurora Instruments (US)', bic: null, bankName: 'JPMorgan Chase Bank, N.A.', city: 'Chicago, IL' });
    const audit = await api.db.prisma.auditRecord.findFirstOrThrow({ where: { action: 'updateEntity' }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ recordType: 'Entity', recordId: 'US01', before: { bic: 'CHASUS33', name: 'Aurora US' }, after: { bic: null, name: 'Aurora Instruments (US)' } });
    const forbidden = await api.gql(MUTATIONS.updateEntity, { input: { code: 'US01', iban: null } }, api.tokens.AR);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it.each([
    ['an IBAN whose check digits fail', 'createEntity', { iban: 'DE44 1007 0000 0123 4567 00' }, ['iban'], /fails its check digits \(ISO 13616 mod 97\)/],
    ['an IBAN of no country', 'createEntity', { iban: 'XX43100700000123456700' }, ['iban'], /not an ISO 3166-1 country code/],
    ['an IBAN too short', 'createEntity', { iban: 'DE43 1007' }, ['iban'], /two letters, two check digits, then 11 to 30/],
    ['UK, which is not ISO 3166', 'createEntity', { countryCode: 'UK' }, ['countryCode'], /not an ISO 3166-1 alpha-2 country code; use two letters such as US, DE, GB/],
    ['a three-letter country', 'createEntity', { countryCode: 'DEU' }, ['countryCode'], /not an ISO 3166-1 alpha-2/],
    ['a BIC of 9 characters', 'createEntity', { bic: 'DEUTDEBBX' }, ['bic'], /8 or 11 characters/],
    ['four address lines', 'createEntity', { addressLines: ['a', 'b', 'c', 'd'] }, ['addressLines'], /at most 3/],
    ['an address line too long', 'createEntity', { addressLines: ['x'.repeat(201)] }, ['addressLines', '0'], /at most 200/],
    ['a tax id with symbols', 'createEntity', { taxId: 'DE#1' }, ['taxId'], /only letters, digits/],
    ['a postal code too long', 'createEntity', { postalCode: '1'.repeat(21) }, ['postalCode'], /at most 20/],
  ] as const)('createEntity refuses %s and writes nothing', async (_name, mutation, fields, field, message) => {
    const errors = await refused(mutation, { code: 'FR01', name: 'Aurora France', currency: 'EUR', ...fields });
    expect(errors).toEqual([{ field, code: expect.stringMatching(/INVALID|OUT_OF_RANGE/), message: expect.stringMatching(message) }]);
  });

  it('updateEntity refuses bad details and unknown entities, naming each, and writes nothing', async () => {
    const errors = await refused('updateEntity', { code: 'DE01', iban: 'DE00 1007 0000 0123 4567 00', countryCode: 'ZZ', name: ' ' });
    expect(errors.map((e) => e.field)).toEqual([['name'], ['countryCode'], ['iban']]);
    expect(await refused('updateEntity', { code: 'NOPE', city: 'Paris' })).toEqual([{ field: ['code'], code: 'NOT_FOUND', message: expect.stringContaining('NOPE') }]);
  });

  it('createCustomer and updateCustomer: the billing address and tax id, versioned; both read paths agree', async () => {
    const customer = await accepted('createCustomer', {
      entityCode: 'DE01', code: 'MULLER', name: 'Müller Maschinenbau GmbH', paymentTerms: 'NET30', deliveryChannel: 'POST',
      billingAddressLines: ['Industriestraße 12'], billingCity: 'Hamburg', billingPostalCode: '20095', billingCountryCode: 'de', taxId: 'DE811503259',
    }, api.tokens.AR);
    expect(customer).toEqual({
      code: 'MULLER', name: 'Müller Maschinenbau GmbH', version: 1, billingAddressLines: ['Industriestraße 12'], billingCity: 'Hamburg',
      billingPostalCode: '20095', billingCountryCode: 'DE', taxId: 'DE811503259',
    });
    expect((await api.ok(`{ customer(code: "muller") { ${CUSTOMER} } }`)).customer).toEqual(customer);

    const moved = await accepted('updateCustomer', { code: 'MULLER', expectedVersion: 1, billingAddressLines: ['Rue de Rivoli 1'], billingCity: 'Paris',
      billingPostalCode: '75001', billingCountryCode: 'FR', taxId: null }, api.tokens.AR);
    expect(moved).toEqual({ ...customer, version: 2, billingAddressLines: ['Rue de Rivoli 1'], billingCity: 'Paris', billingPostalCode: '75001', billingCountryCode: 'FR', taxId: null });
    const page = await api.ok(`{ customers(first: 10) { edges { node { ${CUSTOMER} } } } }`);
    expect(page.customers.edges.map((e: any) => e.node)).toEqual([moved]);
    const audit = await api.db.prisma.auditRecord.findFirstOrThrow({ where: { action: 'updateCustomer' } });
    expect(audit).toMatchObject({ recordId: 'MULLER', before: { billingCity: 'Hamburg', taxId: 'DE811503259' }, after: { billingCity: 'Paris', taxId: null, version: 2 } });
  });

  it('updateCustomer refuses a stale version (CONFLICT), a bad country and an unknown customer, writing nothing', async () => {
    expect(await refused('updateCustomer', { code: 'MULLER', expectedVersion: 1, billingCity: 'Lyon' })).toEqual([
      { field: ['expectedVersion'], code: 'CONFLICT', message: expect.stringContaining('at version 2, not 1') },
    ]);
    expect(await refused('updateCustomer', { code: 'MULLER', expectedVersion: 2, billingCountryCode: 'France', billingAddressLines: ['1', '2', '3', '4'] })).toEqual([
      { field: ['billingAddressLines'], code: 'OUT_OF_RANGE', message: expect.stringContaining('at most 3') },
      { field: ['billingCountryCode'], code: 'INVALID', message: expect.stringContaining('"France" is not an ISO 3166-1 alpha-2 country code') },
    ]);
    expect(await refused('updateCustomer', { code: 'NOBODY', expectedVersion: 1 })).toEqual([{ field: ['code'], code: 'NOT_FOUND', message: expect.stringContaining('NOBODY') }]);
    const viewer = await api.gql(MUTATIONS.updateCustomer, { input: { code: 'MULLER', expectedVersion: 2, billingCity: 'Lyon' } }, api.tokens.ANALYST);
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('createCustomer refuses a bad billing country with the other checks, writing nothing', async () => {
    const errors = await refused('createCustomer', { entityCode: 'DE01', code: 'BAD', name: 'Bad', paymentTerms: 'NET30', deliveryChannel: 'POST', billingCountryCode: 'EU' });
    expect(errors).toEqual([{ field: ['billingCountryCode'], code: 'INVALID', message: expect.stringContaining('"EU" is not an ISO 3166-1') }]);
  });

  it('the invoice document carries both parties', async () => {
    await api.ok(`mutation { createInvoice(input: { customerCode: "MULLER", issueDate: "2026-11-02", lines: [{ description: "Gauge", quantity: "2", unitPrice: "50", taxRate: "19" }] }) { ${ERRORS} } }`);
    const doc = await loadInvoiceDocument(api.db.prisma, 'DE01-000001');
    expect(doc!.seller).toEqual({
      code: 'DE01', name: 'Aurora Germany', legalName: 'Aurora Instruments GmbH',
      address: { lines: ['Friedrichstraße 68', '3. OG'], city: 'Berlin', postalCode: '10117', countryCode: 'DE' },
      taxId: 'DE136458720', bankName: 'Deutsche Bank AG', iban: 'DE43100700000123456700', bic: 'DEUTDEBBXXX', accountNumber: null,
    });
    expect(doc!.buyer).toEqual({
      code: 'MULLER', name: 'Müller Maschinenbau GmbH', address: { lines: ['Rue de Rivoli 1'], city: 'Paris', postalCode: '75001', countryCode: 'FR' }, taxId: null, billingEmails: [],
    });
    expect(doc).toMatchObject({ subtotal: '100.00', taxTotal: '19.00', total: '119.00' });
  });
});

describe('party details, pure', () => {
  it('IBAN check digits: the published example DE89 3704 0044 0532 0130 00 and GB82 WEST 1234 5698 7654 32', () => {
    expect(parseIban('DE89 3704 0044 0532 0130 00', ['iban'])).toBe('DE89370400440532013000');
    expect(parseIban('gb82-west-1234-5698-7654-32', ['iban'])).toBe('GB82WEST12345698765432');
    expect(ibanRemainder('GB82WEST12345698765432')).toBe(1);
    expect(ibanRemainder('GB83WEST12345698765432')).not.toBe(1);
    expect(parseIban('  ', ['iban'])).toBeNull();
  });

  it('country codes and BICs', () => {
    expect(parseCountryCode(' gb ', ['c'])).toBe('GB');
    expect(() => parseCountryCode('ZZ', ['c'])).toThrow(/not an ISO 3166-1/);
    expect(parseBic('BOTK JPJT', ['bic'])).toBe('BOTKJPJT');
    expect(() => parseBic('BOTKZZJT', ['bic'])).toThrow(/not a BIC/);
  });

  it('the demo book’s tax ids carry valid check digits: DE136695976 (BZSt example), GB + mod 97, T + corporate number', () => {
    expect(germanVatId('13669597')).toBe('DE136695976');
    expect(ukVatNumber('9801234')).toBe('GB980123436'); // 9·8+8·7+0·6+1·5+2·4+3·3+4·2 = 158; 158 + 36 = 194 = 2 × 97
    expect(japaneseRegistrationNumber('010001098765')).toBe('T3010001098765');
  });

  it('parseEntityDetails reads only the fields given', () => {
    const errors = new ErrorCollector();
    expect(parseEntityDetails({ city: ' Berlin ', bic: null }, errors)).toEqual({ city: 'Berlin', bic: null });
    expect(errors.ok).toBe(true);
  });
});

describe.each(testDatabases())('the demo book’s parties on $name', (database) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(database, { today: TODAY });
    await seedDemoData(api.db.prisma, { today: TODAY, baseCurrency: 'USD', invoices: 120, seed: 7 });
  });
  afterAll(async () => api?.close());

  it('every entity has a letterhead whose IBAN or account and BIC pass the API’s own checks', async () => {
    const entities = (await api.ok(`{ entities { ${ENTITY} } }`)).entities as Record<string, any>[];
    expect(entities.map((e) => [e.code, e.countryCode])).toEqual([['DE01', 'DE'], ['GB01', 'GB'], ['JP01', 'JP'], ['US01', 'US']]);
    for (const entity of entities) {
      expect(entity.legalName).toBeTruthy();
      expect(entity.addressLines.length).toBeGreaterThan(0);
      expect(entity.city && entity.postalCode && entity.taxId && entity.bankName && entity.bic).toBeTruthy();
      expect(entity.iban ?? entity.accountNumber).toBeTruthy();
      if (entity.iban) expect(parseIban(entity.iban, ['iban'])).toBe(entity.iban);
      expect(parseBic(entity.bic, ['bic'])).toBe(entity.bic);
    }
    expect(entities.find((e) => e.code === 'DE01')!.taxId).toMatch(/^DE\d{9}$/);
  });

  it('every customer has a billing address in its entity’s country and a tax id; the same seed gives the same rows', async () => {
    const rows = await api.db.prisma.$queryRawUnsafe<{ code: string; lines: string[]; city: string; postal: string; country: string; tax: string; entity: string }[]>(`
      SELECT c.code, c.billing_address_lines AS lines, c.billing_city AS city, c.billing_postal_code AS postal, c.billing_country_code AS country,
             c.tax_id AS tax, e.country_code AS entity
      FROM customer c JOIN entity e ON e.id = c.entity_id ORDER BY c.id`);
    expect(rows.length).toBeGreaterThan(4);
    for (const row of rows) {
      expect(row.lines.length).toBeGreaterThan(0);
      expect(row.city && row.postal && row.tax).toBeTruthy();
      expect(row.country).toBe(row.entity);
    }
    // The read path serves them, and they make it to the document.
    const first = rows.find((r) => r.country === 'DE')!;
    const read = (await api.ok(`{ customer(code: "${first.code}") { billingAddressLines billingCity billingPostalCode billingCountryCode taxId } }`)).customer;
    expect(read).toEqual({ billingAddressLines: first.lines, billingCity: first.city, billingPostalCode: first.postal, billingCountryCode: 'DE', taxId: first.tax });
    expect(first.tax).toMatch(/^DE\d{9}$/);

    const again = await startTestApi(database, { today: TODAY });
    try {
      await seedDemoData(again.db.prisma, { today: TODAY, baseCurrency: 'USD', invoices: 120, seed: 7 });
      const digest = `SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) AS d FROM (SELECT id, code, billing_address_lines, billing_city, billing_postal_code, billing_country_code, tax_id FROM customer
        UNION ALL SELECT id, code, address_lines, city, postal_code, country_code, tax_id FROM entity) t`;
      const [a] = await api.db.prisma.$queryRawUnsafe<{ d: string }[]>(digest);
      const [b] = await again.db.prisma.$queryRawUnsafe<{ d: string }[]>(digest);
      expect(b!.d).toBe(a!.d);
    } finally {
      await again.close();
    }
  });

  it('a demo invoice loads as a document with both parties', async () => {
    const [invoice] = await api.db.prisma.$queryRawUnsafe<{ number: string }[]>(`SELECT number FROM invoice WHERE number LIKE 'GB01-%' ORDER BY id LIMIT 1`);
    const doc = await loadInvoiceDocument(api.db.prisma, invoice!.number);
    expect(doc!.seller).toMatchObject({ legalName: 'Aurora Instruments Ltd', address: { countryCode: 'GB' }, iban: expect.stringMatching(/^GB\d{2}BARC/) });
    expect(doc!.buyer.address.countryCode).toBe('GB');
    expect(doc!.buyer.taxId).toMatch(/^GB\d{9}$/);
    expect(doc!.taxes.map((t) => t.category)).toEqual(['O']);
    expect(doc!.total).toBe(doc!.subtotal);
  });
});
