// The UBL 2.1 / Peppol BIS 3.0 invoice: valid against the OASIS UBL 2.1 schema for taxed,
// untaxed, yen and hostile-text invoices, with the Peppol identifiers and the amounts of the
// invoice; a broken document is refused by the same check (so these tests can fail).
import { describe, expect, it } from 'vitest';
import { PEPPOL_CUSTOMIZATION_ID, PEPPOL_PROFILE_ID, renderInvoiceUbl } from '../../api/documents/ubl/invoice-ubl.js';
import { BUYER, line, taxedInvoice, ublSchemaErrors, untaxedInvoice } from './fixtures.js';

/** The text of every element with this local name, in document order. */
function values(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<cbc:${name}(?: [^>]*)?>([^<]*)</cbc:${name}>`, 'g'))].map((match) => match[1]!);
}

describe('renderInvoiceUbl', () => {
  it('a taxed multi-line invoice: valid UBL 2.1 with the Peppol identifiers, parties, payment means, tax and totals', async () => {
    const xml = renderInvoiceUbl(taxedInvoice());
    expect(await ublSchemaErrors(xml)).toEqual([]);
    expect(values(xml, 'CustomizationID')).toEqual([PEPPOL_CUSTOMIZATION_ID]);
    expect(PEPPOL_CUSTOMIZATION_ID).toBe('urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0');
    expect(values(xml, 'ProfileID')).toEqual(['urn:fdc:peppol.eu:2017:poacc:billing:01:1.0']);
    expect(PEPPOL_PROFILE_ID).toBe('urn:fdc:peppol.eu:2017:poacc:billing:01:1.0');
    expect(xml).toContain('<cbc:ID>DE01-000042</cbc:ID>');
    expect(values(xml, 'IssueDate')).toEqual(['2026-11-02']);
    expect(values(xml, 'DueDate')).toEqual(['2026-12-02']);
    expect(values(xml, 'InvoiceTypeCode')).toEqual(['380']);
    expect(values(xml, 'DocumentCurrencyCode')).toEqual(['EUR']);
    expect(values(xml, 'BuyerReference')).toEqual(['PO-7781']);
    expect(xml).toMatch(/<cac:OrderReference>\s*<cbc:ID>PO-7781<\/cbc:ID>/);
    expect(values(xml, 'RegistrationName')).toEqual(['Ledgerline Deutschland GmbH', 'Acme Handels AG']);
    expect(values(xml, 'CompanyID')).toEqual(['DE123456789', 'DE987654321']);
    expect(values(xml, 'IdentificationCode')).toEqual(['DE', 'DE']);
    expect(values(xml, 'StreetName')).toEqual(['Friedrichstraße 68', 'Hauptstraße 1']);
    expect(values(xml, 'EndpointID')).toEqual(['ap@acme.example']);
    // SEPA credit transfer to the IBAN (spaces removed), BIC as the branch.
    expect(values(xml, 'PaymentMeansCode')).toEqual(['58']);
    expect(xml).toMatch(/<cac:PayeeFinancialAccount>\s*<cbc:ID>DE89370400440532013000<\/cbc:ID>\s*<cbc:Name>Ledgerline Deutschland GmbH<\/cbc:Name>\s*<cac:FinancialInstitutionBranch>\s*<cbc:ID>COBADEFFXXX<\/cbc:ID>/);
    // Tax: one subtotal, S at 19 %.
    expect(xml).toMatch(/<cac:TaxTotal>\s*<cbc:TaxAmount currencyID="EUR">234.56<\/cbc:TaxAmount>\s*<cac:TaxSubtotal>\s*<cbc:TaxableAmount currencyID="EUR">1234.50<\/cbc:TaxableAmount>\s*<cbc:TaxAmount currencyID="EUR">234.56<\/cbc:TaxAmount>\s*<cac:TaxCategory>\s*<cbc:ID>S<\/cbc:ID>\s*<cbc:Percent>19<\/cbc:Percent>\s*<cac:TaxScheme>\s*<cbc:ID>VAT<\/cbc:ID>/);
    expect(values(xml, 'LineExtensionAmount')).toEqual(['1234.50', '1000.00', '234.50']);
    expect(values(xml, 'TaxExclusiveAmount')).toEqual(['1234.50']);
    expect(values(xml, 'TaxInclusiveAmount')).toEqual(['1469.06']);
    // PayableAmount is the total (PRODUCT.md), whatever has been paid since.
    expect(values(xml, 'PayableAmount')).toEqual(['1469.06']);
    expect(xml).not.toContain('PrepaidAmount');
    expect(values(xml, 'InvoicedQuantity')).toEqual(['2', '1']);
    expect(xml).toContain('<cbc:InvoicedQuantity unitCode="C62">2</cbc:InvoicedQuantity>');
    expect(values(xml, 'PriceAmount')).toEqual(['500', '234.5']);
    expect([...xml.matchAll(/<cac:Item>\s*<cbc:Name>([^<]*)</g)].map((match) => match[1])).toEqual(['Consulting, line 1', 'Travel expenses']);
    expect(values(xml, 'Name')).toContain('Ledgerline Germany');
    // Every amount carries its currency.
    const amounts = [...xml.matchAll(/<cbc:(\w+Amount)( [^>]*)?>/g)];
    expect(amounts.length).toBe(11);
    for (const match of amounts) expect(match[2]).toBe(' currencyID="EUR"');
  });

  it('an untaxed invoice without addresses, bank or PO: still valid; category O without a rate, no payment means', async () => {
    const xml = renderInvoiceUbl(untaxedInvoice());
    expect(await ublSchemaErrors(xml)).toEqual([]);
    expect(xml).not.toContain('PostalAddress');
    expect(xml).not.toContain('PaymentMeans');
    expect(xml).not.toContain('PartyTaxScheme');
    expect(xml).not.toContain('OrderReference');
    expect(xml).not.toContain('<cbc:Percent>');
    expect(values(xml, 'BuyerReference')).toEqual(['SMALL']);
    expect(values(xml, 'TaxExemptionReasonCode')).toEqual(['VATEX-EU-O']);
    expect(values(xml, 'RegistrationName')).toEqual(['United States', 'Small Co']);
    expect(values(xml, 'PayableAmount')).toEqual(['1230.02']);
    expect(values(xml, 'TaxAmount')).toEqual(['0.00', '0.00']);
  });

  it('an account number without IBAN: payment means 30 with the account', async () => {
    const base = untaxedInvoice();
    const xml = renderInvoiceUbl({ ...base, seller: { ...base.seller, accountNumber: '026009593 1234567', bankName: 'Bank of Somewhere' } });
    expect(await ublSchemaErrors(xml)).toEqual([]);
    expect(values(xml, 'PaymentMeansCode')).toEqual(['30']);
    expect(xml).toMatch(/<cac:PayeeFinancialAccount>\s*<cbc:ID>0260095931234567<\/cbc:ID>/);
  });

  it('names with & < > " \' and text XML cannot carry: escaped, still valid, read back as written', async () => {
    const hostile = 'A & B <Ltd> "quoted" \'single\' ]]>';
    const xml = renderInvoiceUbl(
      taxedInvoice({
        buyer: { ...BUYER, name: hostile, address: { lines: ['<script>alert(1)</script>', 'x & y', 'third line', 'fourth'], city: 'Zürich & Co', postalCode: '8001', countryCode: 'ch' } },
        poNumber: 'PO<1>&2',
        lines: [line(1, { description: `Bell \u0007 and ${hostile} 😀 東京 \uD83D` }), line(2)],
      }),
    );
    expect(await ublSchemaErrors(xml)).toEqual([]);
    expect(xml).toContain('<cbc:RegistrationName>A &amp; B &lt;Ltd&gt; &quot;quoted&quot; &apos;single&apos; ]]&gt;</cbc:RegistrationName>');
    expect(values(xml, 'BuyerReference')).toEqual(['PO&lt;1&gt;&amp;2']);
    expect(values(xml, 'Line')).toEqual(['third line, fourth']);
    expect(values(xml, 'IdentificationCode')).toEqual(['DE', 'CH']);
    expect(xml).toContain('<cbc:Name>Bell \uFFFD and A &amp; B');
    // A lone surrogate (half an emoji) cannot be written in UTF-8: replaced too.
    expect(xml).toContain('😀 東京 \uFFFD</cbc:Name>');
  });

  it('a yen invoice: amounts without decimals, currencyID JPY, valid', async () => {
    const xml = renderInvoiceUbl(
      untaxedInvoice({
        number: 'JP01-000001',
        currency: 'JPY',
        lines: [line(1, { description: 'Licence', quantity: '3', unitPrice: '3333.33', amount: '10000', taxRate: '10', taxCategory: 'S' })],
        taxes: [{ category: 'S', rate: '10', taxableAmount: '10000', taxAmount: '1000' }],
        subtotal: '10000',
        taxTotal: '1000',
        total: '11000',
        amountPaid: '0',
        balance: '11000',
      }),
    );
    expect(await ublSchemaErrors(xml)).toEqual([]);
    expect(values(xml, 'DocumentCurrencyCode')).toEqual(['JPY']);
    expect(xml).toContain('<cbc:PayableAmount currencyID="JPY">11000</cbc:PayableAmount>');
    expect(xml).toContain('<cbc:TaxAmount currencyID="JPY">1000</cbc:TaxAmount>');
    expect(xml).not.toContain('currencyID="USD"');
  });

  it('the schema check fails a broken document: elements out of order, a missing currencyID, an unknown element', async () => {
    const xml = renderInvoiceUbl(taxedInvoice());
    const swapped = xml.replace(/(<cbc:IssueDate>[^<]*<\/cbc:IssueDate>)\s*(<cbc:DueDate>[^<]*<\/cbc:DueDate>)/, '$2$1');
    expect(swapped).not.toBe(xml);
    expect((await ublSchemaErrors(swapped)).join('\n')).toMatch(/DueDate.*This element is not expected/);
    const noCurrency = xml.replace('<cbc:PayableAmount currencyID="EUR">', '<cbc:PayableAmount>');
    expect((await ublSchemaErrors(noCurrency)).join('\n')).toMatch(/currencyID.*is required/);
    const unknown = xml.replace('<cbc:InvoiceTypeCode>', '<cbc:Surprise>1</cbc:Surprise><cbc:InvoiceTypeCode>');
    expect(await ublSchemaErrors(unknown)).not.toEqual([]);
  });

  it('is deterministic: the same invoice gives the same text', () => {
    expect(renderInvoiceUbl(taxedInvoice())).toBe(renderInvoiceUbl(taxedInvoice()));
  });
});
