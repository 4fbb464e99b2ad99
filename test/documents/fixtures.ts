// Documents as the loading services hand them to the renderers, for the pure renderer tests,
// and the two checks those tests make: text out of a PDF (unpdf) and a UBL invoice against the
// OASIS UBL 2.1 schema (xmllint-wasm, with the XSD files of test/fixtures/ubl-2.1).
import fs from 'node:fs';
import path from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { validateXML, memoryPages } from 'xmllint-wasm';
import type { Buyer, InvoiceDocument, InvoiceDocumentLine, Seller } from '../../api/documents/types.js';

export const SELLER: Seller = {
  code: 'DE01',
  name: 'Ledgerline Germany',
  legalName: 'Ledgerline Deutschland GmbH',
  address: { lines: ['Friedrichstraße 68', '3. OG'], city: 'Berlin', postalCode: '10117', countryCode: 'DE' },
  taxId: 'DE123456789',
  bankName: 'Berliner Bank',
  iban: 'DE89 3704 0044 0532 0130 00',
  bic: 'COBADEFFXXX',
  accountNumber: null,
};

export const BUYER: Buyer = {
  code: 'ACME',
  name: 'Acme Handels AG',
  address: { lines: ['Hauptstraße 1'], city: 'München', postalCode: '80331', countryCode: 'DE' },
  taxId: 'DE987654321',
  billingEmails: ['ap@acme.example'],
};

export function line(lineNo: number, overrides: Partial<InvoiceDocumentLine> = {}): InvoiceDocumentLine {
  return { lineNo, description: `Consulting, line ${lineNo}`, quantity: '2', unitPrice: '500', amount: '1000.00', taxRate: '19', taxCategory: 'S', ...overrides };
}

/** A taxed two-line invoice: 1000.00 + 234.50 net at 19 % → tax 234.56, total 1469.06, 469.06 paid. */
export function taxedInvoice(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  return {
    number: 'DE01-000042',
    status: 'PARTIALLY_PAID',
    issueDate: '2026-11-02',
    dueDate: '2026-12-02',
    paymentTerms: 'NET30',
    poNumber: 'PO-7781',
    currency: 'EUR',
    seller: SELLER,
    buyer: BUYER,
    lines: [line(1), line(2, { description: 'Travel expenses', quantity: '1', unitPrice: '234.5', amount: '234.50' })],
    taxes: [{ category: 'S', rate: '19', taxableAmount: '1234.50', taxAmount: '234.56' }],
    subtotal: '1234.50',
    taxTotal: '234.56',
    total: '1469.06',
    amountPaid: '469.06',
    balance: '1000.00',
    portalUrl: 'https://ar.example.com/portal/abc123',
    ...overrides,
  };
}

/** No tax, no address, no bank, no PO: what a US entity's first invoice may look like. */
export function untaxedInvoice(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  const bare = { lines: [], city: null, postalCode: null, countryCode: null };
  return {
    number: 'US01-000001',
    status: 'ISSUED',
    issueDate: '2026-10-15',
    dueDate: '2026-11-14',
    paymentTerms: 'NET30',
    poNumber: null,
    currency: 'USD',
    seller: { code: 'US01', name: 'United States', legalName: null, address: bare, taxId: null, bankName: null, iban: null, bic: null, accountNumber: null },
    buyer: { code: 'SMALL', name: 'Small Co', address: bare, taxId: null, billingEmails: [] },
    lines: [line(1, { description: 'Support', quantity: '3', unitPrice: '410.005', amount: '1230.02', taxRate: '0', taxCategory: 'O' })],
    taxes: [{ category: 'O', rate: '0', taxableAmount: '1230.02', taxAmount: '0.00' }],
    subtotal: '1230.02',
    taxTotal: '0.00',
    total: '1230.02',
    amountPaid: '0.00',
    balance: '1230.02',
    portalUrl: null,
    ...overrides,
  };
}

/** The PDF's text, pages joined. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text;
}

/** The PDF's text page by page. */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: false });
  return text;
}

const UBL_DIR = path.resolve(import.meta.dirname, '../fixtures/ubl-2.1');
const MAIN_XSD = 'maindoc/UBL-Invoice-2.1.xsd';
let schemaFiles: { fileName: string; contents: string }[] | undefined;

/** Validates a UBL invoice against UBL-Invoice-2.1.xsd; returns the validator's error messages. */
export async function ublSchemaErrors(xml: string): Promise<string[]> {
  schemaFiles ??= [MAIN_XSD, ...fs.readdirSync(path.join(UBL_DIR, 'common')).map((name) => `common/${name}`)].map((fileName) => ({
    fileName,
    contents: fs.readFileSync(path.join(UBL_DIR, fileName), 'utf8'),
  }));
  const [main, ...imported] = schemaFiles;
  const result = await validateXML({
    xml: [{ fileName: 'invoice.xml', contents: xml }],
    schema: [main!],
    preload: imported,
    maxMemoryPages: memoryPages.GiB,
  });
  return result.errors.map((error) => error.message);
}
