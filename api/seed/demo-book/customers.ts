// Customers: names, codes, terms, habits (profile, pay runs, discount taking), contracts.
import { minorUnitsOf } from '../../domain/money/currencies.js';
import { fromMinorUnits } from '../../domain/money/money.js';
import type { DemoBook } from './book.js';
import { Rows, type CustomerRow, type Sql } from './bulk-insert.js';
import { billingAddressFor } from './addresses.js';
import { ADDRESS_LINE_SEPARATOR, ENTITIES, PROFILES } from './catalogue.js';
import { contractsFor } from './contracts.js';
import type { CustomerPlan } from './plans.js';
import { Random } from './random.js';

export async function insertCustomersAndContracts(book: DemoBook, db: Sql): Promise<void> {
  const rng = book.rng('customers');
  const addressRng = book.rng('addresses');
  const customerRows = new Rows<CustomerRow>(
    'customer',
    {
      id: 'int', code: 'text', name: 'text', entity_id: 'int', currency: 'text', payment_terms: 'text', credit_limit: 'numeric',
      delivery_channel: '"DeliveryChannel"', billing_emails: 'text', portal_url: 'text', po_required: 'bool', collector: 'text',
      billing_address_lines: 'text', billing_city: 'text', billing_postal_code: 'text', billing_country_code: 'text', tax_id: 'text', created_at: 'timestamptz',
    },
    { billing_emails: "string_to_array(billing_emails, ' ')", billing_address_lines: `string_to_array(billing_address_lines, '${ADDRESS_LINE_SEPARATOR}')` },
  );
  const names = new Set<string>();
  const entityChoices = ENTITIES.map((e, i) => [i, e.share] as const);
  for (let i = 0; i < book.options.customers; i++) {
    const entityIndex = i < ENTITIES.length ? i : rng.weighted(entityChoices);
    const entity = ENTITIES[entityIndex]!;
    const first = rng.pick(entity.nameFirst);
    const second = rng.pick(entity.nameSecond);
    const legal = rng.pick(entity.legal);
    let name = `${first} ${second} ${legal}`;
    for (let n = 0; names.has(name); n++) {
      const city = entity.cities[n % entity.cities.length]!;
      name = n < entity.cities.length ? `${first} ${second} ${city} ${legal}` : `${first} ${second} ${city} ${Math.floor(n / entity.cities.length) + 1} ${legal}`;
    }
    names.add(name);
    const slug = asciiSlug(name.replace(/ (Inc\.|LLC|Corp\.|Co\.|GmbH.*|AG|SE|Ltd|plc|Limited|LLP|K\.K\.|Co\., Ltd\.|Corporation)$/, ''));
    const code = `${asciiSlug(first).replaceAll('-', '').toUpperCase().slice(0, 10)}-${String(i + 1).padStart(4, '0')}`;
    const currency = rng.chance(0.08) ? rng.pick(ENTITIES.filter((e) => e !== entity)).currency : entity.currency;
    const terms = book.terms(rng.weighted(entity.terms)).canonical;
    const channel = rng.weighted(entity.channels);
    const domain = `${slug}.${entity.tld}`;
    const emails =
      channel === 'EMAIL'
        ? ['ap', 'invoices', 'accounts.payable'].slice(0, rng.int(1, 3)).map((box) => `${box}@${domain}`)
        : rng.chance(0.3) ? [`ap@${domain}`] : [];
    const portalUrl = channel === 'PORTAL' ? `https://${rng.pick(['supplier', 'invoicing', 'procurement'])}.${domain}/${rng.pick(['ariba', 'coupa', 'tungsten', 'sap-ariba'])}` : null;
    const poRequired = rng.chance(channel === 'PORTAL' || channel === 'EDI' ? 0.6 : 0.12);
    const profile = rng.weighted(PROFILES);
    const weight = 0.25 + 12 * rng.next() ** 4;
    const creditChoices = currency === 'JPY' ? [5_000_000, 10_000_000, 25_000_000, 50_000_000, 100_000_000, 250_000_000] : [25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_000_000];
    const creditUnits = creditChoices[Math.min(creditChoices.length - 1, Math.floor((weight / 12.25) * creditChoices.length + rng.next() * 2))]!;
    const customer: CustomerPlan = {
      id: i + 1,
      code,
      name,
      entity: entityIndex,
      currency,
      places: minorUnitsOf(currency),
      terms,
      profile,
      payRun: weight > 2 || rng.chance(0.25) ? rng.weighted([['FRIDAY', 2], ['MID_AND_MONTH_END', 1]] as const) : null,
      discountTaker: terms.includes('/') ? rng.pick([0.3, 0.6, 0.85]) : 0,
      channel,
      emails,
      portalUrl,
      poRequired,
      poPrefix: rng.pick(['45', 'PO-', 'PO', '2100', 'BST-']),
      collector: rng.pick(entity.collectors),
      weight,
    };
    book.customers.push(customer);
    const address = billingAddressFor(entity, name, addressRng);
    customerRows.add({
      id: customer.id,
      code,
      name,
      entity_id: entityIndex + 1,
      currency,
      payment_terms: terms,
      credit_limit: fromMinorUnits(creditUnits, 0),
      delivery_channel: channel,
      billing_emails: emails.join(' '),
      portal_url: portalUrl,
      po_required: poRequired,
      collector: customer.collector,
      billing_address_lines: address.lines.join(ADDRESS_LINE_SEPARATOR),
      billing_city: address.city,
      billing_postal_code: address.postalCode,
      billing_country_code: address.countryCode,
      tax_id: address.taxId,
      created_at: book.setupTimestamp(),
    });
  }
  let cumulative = 0;
  book.customerCumulative = Float64Array.from(book.customers, (c) => (cumulative += c.weight));
  await customerRows.insert(db);
  await contractsFor(book, rng).insert(db);
  // Each contract's terms as version 1 (billing runs read the version in force per period).
  await db.$executeRawUnsafe(`INSERT INTO contract_version (contract_id, version, effective_from, end_date, payment_terms, amount_per_period, po_number, description, created_by, created_at)
    SELECT id, 1, start_date, end_date, payment_terms, amount_per_period, po_number, description, 'demo-data', created_at FROM contract c
    WHERE NOT EXISTS (SELECT 1 FROM contract_version v WHERE v.contract_id = c.id) ORDER BY id`);
}

export function poNumber(customer: CustomerPlan, rng: Random): string {
  const digits = customer.poPrefix === '45' ? 8 : 6;
  return `${customer.poPrefix}${String(rng.int(0, 10 ** digits - 1)).padStart(digits, '0')}`;
}

function asciiSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
