// The PDF renderers, read back with unpdf: what a customer or the print room checks on the page —
// the invoice's facts and amounts, tax per category, how to pay; long and many lines flowing onto
// further pages under a repeated header; text the standard fonts cannot show replaced, not
// crashing; the address inside the envelope window; the same document giving the same bytes.
import { getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { renderDunningLetterPdf } from '../../api/documents/pdf/dunning-letter-pdf.js';
import { renderInvoicePdf } from '../../api/documents/pdf/invoice-pdf.js';
import { ENVELOPE_WINDOW, PAGE, toWinAnsi } from '../../api/documents/pdf/layout.js';
import { renderPrintBatchPdf } from '../../api/documents/pdf/print-batch-pdf.js';
import { renderStatementPdf } from '../../api/documents/pdf/statement-pdf.js';
import type { DunningLetterDocument, StatementDocument } from '../../api/documents/types.js';
import { BUYER, SELLER, line, pdfPages, pdfText, taxedInvoice, untaxedInvoice } from './fixtures.js';

/** Where a text item is drawn on a page: x from the left, y from the top of the sheet, in points. */
async function positionOf(bytes: Uint8Array, needle: string, page = 1): Promise<{ x: number; top: number }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const content = await (await pdf.getPage(page)).getTextContent();
  const item = content.items.find((i) => 'str' in i && i.str.includes(needle)) as { transform: number[] } | undefined;
  if (!item) throw new Error(`"${needle}" is not on page ${page}`);
  return { x: item.transform[4]!, top: PAGE.height - item.transform[5]! };
}

describe('renderInvoicePdf', () => {
  it('shows the letterhead, the customer, the invoice facts, lines, tax per category, totals, what was paid and how to pay', async () => {
    const text = await pdfText(await renderInvoicePdf(taxedInvoice()));
    for (const expected of [
      'Ledgerline Deutschland GmbH', 'Friedrichstraße 68', '10117 Berlin', 'Tax ID: DE123456789',
      'Acme Handels AG', 'Hauptstraße 1', '80331 München',
      'Invoice number DE01-000042', 'Issue date 2026-11-02', 'Due date 2026-12-02', 'Payment terms NET30', 'PO number PO-7781', 'Customer tax ID DE987654321',
      '1 Consulting, line 1 2 500.00 19% S 1000.00', '2 Travel expenses 1 234.50 19% S 234.50',
      'Subtotal 1234.50', 'Tax S 19% (standard rate) on 1234.50 234.56', 'Tax 234.56', 'Total EUR 1469.06', 'Amount paid 469.06', 'Balance due EUR 1000.00',
      'Please pay EUR 1000.00 by 2026-12-02, quoting invoice number DE01-000042.',
      'Bank: Berliner Bank', 'IBAN: DE89 3704 0044 0532 0130 00', 'BIC: COBADEFFXXX',
      'https://ar.example.com/portal/abc123', 'Invoice DE01-000042 · Page 1 of 1',
    ]) expect(text).toContain(expected);
  });

  it('an unpaid untaxed invoice: no paid or balance lines, the account holder when there is no bank, no portal link', async () => {
    const text = await pdfText(await renderInvoicePdf(untaxedInvoice()));
    expect(text).toContain('Total USD 1230.02');
    expect(text).toContain('Tax O 0% (not subject to tax) on 1230.02 0.00');
    expect(text).toContain('1 Support 3 410.005 0% O 1230.02');
    expect(text).toContain('Please pay USD 1230.02 by 2026-11-14');
    expect(text).toContain('Account holder: United States');
    expect(text).not.toContain('Amount paid');
    expect(text).not.toContain('Balance due');
    expect(text).not.toContain('IBAN');
    expect(text).not.toContain('online');
  });

  it('a void invoice says so and asks for nothing', async () => {
    const text = await pdfText(await renderInvoicePdf(untaxedInvoice({ status: 'VOID', balance: '0.00' })));
    expect(text).toContain('INVOICE (VOID)');
    expect(text).toContain('This invoice is void: nothing is to be paid on it.');
    expect(text).not.toContain('Please pay');
  });

  it('the same invoice gives the same bytes and text; the document date is the issue date, not the clock', async () => {
    const [a, b] = [await renderInvoicePdf(taxedInvoice()), await renderInvoicePdf(taxedInvoice())];
    expect(a.equals(b)).toBe(true);
    expect(await pdfText(a)).toBe(await pdfText(b));
    const pdf = await getDocumentProxy(new Uint8Array(a));
    const { info } = (await pdf.getMetadata()) as unknown as { info: { CreationDate: string; ModDate: string; Title: string } };
    expect(info.CreationDate).toMatch(/^D:20261102000000/);
    expect(info.ModDate).toMatch(/^D:20261102000000/);
    expect(info.Title).toBe('Invoice DE01-000042');
    // Another invoice, other bytes.
    expect(a.equals(await renderInvoicePdf(taxedInvoice({ number: 'DE01-000043' })))).toBe(false);
  });

  it('the customer’s address sits inside the envelope window (DIN 5008: 20 mm from the left, 45 mm from the top, 85 × 45 mm)', async () => {
    const bytes = await renderInvoicePdf(taxedInvoice());
    for (const needle of ['Acme Handels AG', 'Hauptstraße 1', '80331 München']) {
      const { x, top } = await positionOf(bytes, needle);
      expect(x).toBeGreaterThanOrEqual(ENVELOPE_WINDOW.x);
      expect(x).toBeLessThan(ENVELOPE_WINDOW.x + ENVELOPE_WINDOW.width);
      expect(top).toBeGreaterThan(ENVELOPE_WINDOW.y);
      expect(top).toBeLessThan(ENVELOPE_WINDOW.y + ENVELOPE_WINDOW.height);
    }
    // The letterhead stays above the window.
    expect((await positionOf(bytes, 'Tax ID: DE123456789')).top).toBeLessThan(ENVELOPE_WINDOW.y);
  });

  it('text outside WinAnsi (Polish ł, Japanese, emoji) becomes "?" instead of failing; accents and € stay', async () => {
    expect(toWinAnsi('Łódź ł 東京 😀 € – “x” Ä\tb\u0001')).toBe('?ód? ? ?? ? € – “x” Ä b?');
    expect(toWinAnsi('two\nlines')).toBe('two\nlines');
    expect(toWinAnsi(null)).toBe('');
    const doc = taxedInvoice({
      buyer: { ...BUYER, name: 'Łódź Trading 東京 😀', address: { lines: ['ul. Piłsudskiego 1'], city: 'Łódź', postalCode: '90-001', countryCode: 'PL' } },
      lines: [line(1, { description: 'Emoji 🚀 and kanji 請求書, price in € and “quotes”' })],
    });
    const text = await pdfText(await renderInvoicePdf(doc));
    expect(text).toContain('?ód? Trading ?? ?');
    expect(text).toContain('ul. Pi?sudskiego 1');
    expect(text).toContain('Emoji ? and kanji ???, price in € and “quotes”');
  });

  it('long descriptions wrap; 80 lines flow onto further pages, the table header on each, every line and the totals present', async () => {
    const long = 'A very long description of professional services rendered during the month, including workshops, reviews and follow-up calls. '.repeat(3).trim();
    const lines = Array.from({ length: 80 }, (_, i) => line(i + 1, { description: i % 10 === 0 ? `${long} #${i + 1}` : `Item number ${i + 1}` }));
    const bytes = await renderInvoicePdf(taxedInvoice({ lines }));
    const pages = await pdfPages(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((page, i) => {
      if (i < pages.length - 1 || page.includes('Item number')) expect(page).toContain('# Description Quantity Unit price (EUR) Tax Net amount (EUR)');
      expect(page).toContain(`Invoice DE01-000042 · Page ${i + 1} of ${pages.length}`);
    });
    const all = pages.join('\n');
    for (let n = 1; n <= 80; n++) expect(all).toMatch(new RegExp(n % 10 === 1 ? `#${n}\\b` : `Item number ${n}\\b`));
    // The long description wrapped onto several lines of its cell, none of it lost.
    expect(all.replace(/\s+/g, ' ')).toContain(`${long} #1 2 500.00 19% S 1000.00`.replace(/\s+/g, ' '));
    expect(pages.at(-1)).toContain('Total EUR 1469.06');
  });
});

const STATEMENT: StatementDocument = {
  seller: SELLER,
  buyer: BUYER,
  portalUrl: 'https://ar.example.com/portal/abc123',
  statement: {
    customer: { code: 'ACME', name: 'Acme Handels AG' },
    currency: 'EUR',
    from: '2026-10-01',
    to: '2026-10-31',
    openingBalance: '500.00',
    closingBalance: '1469.06',
    unappliedCash: '25.00',
    lines: [
      { date: '2026-10-02', kind: 'INVOICE', reference: 'DE01-000042', amount: '1469.06', balance: '1969.06' },
      { date: '2026-10-20', kind: 'PAYMENT', reference: 'WIRE 778', amount: '-500.00', balance: '1469.06' },
    ],
    aging: { current: '1469.06', days1To30: '0.00', days31To60: '0.00', days61To90: '0.00', over90: '0.00', total: '1469.06' },
  },
};

describe('renderStatementPdf', () => {
  it('opening balance, each line with its running balance, closing balance, unapplied cash apart, aging', async () => {
    const text = await pdfText(await renderStatementPdf(STATEMENT));
    for (const expected of [
      'STATEMENT OF ACCOUNT', 'Period 2026-10-01 to 2026-10-31', 'Acme Handels AG',
      '2026-10-01 Opening balance 500.00',
      '2026-10-02 Invoice DE01-000042 1469.06 1969.06',
      '2026-10-20 Payment WIRE 778 -500.00 1469.06',
      '2026-10-31 Closing balance 1469.06',
      'Unapplied cash (payments received and not yet applied to an invoice): EUR 25.00',
      'Aging of the balance as of 2026-10-31',
      'Current 1–30 31–60 61–90 Over 90 Total', '1469.06 0.00 0.00 0.00 0.00 1469.06',
      'https://ar.example.com/portal/abc123',
    ]) expect(text).toContain(expected);
  });

  it('no unapplied cash line when there is none; nothing due on a settled account', async () => {
    const settled = { ...STATEMENT, statement: { ...STATEMENT.statement, unappliedCash: '0.00', closingBalance: '0.00', lines: [] } };
    const text = await pdfText(await renderStatementPdf(settled));
    expect(text).not.toContain('Unapplied cash');
    expect(text).toContain('Nothing is due on this account.');
  });
});

const LETTER: DunningLetterDocument = {
  seller: SELLER,
  buyer: BUYER,
  level: 2,
  asOf: '2026-12-20',
  subject: 'Second reminder: DE01-000042 is overdue',
  body: 'Dear Acme Handels AG,\n\nour records show 2 invoices past due.\n\nKind regards',
  currency: 'EUR',
  overdueBalance: '1469.06',
  invoices: [
    { number: 'DE01-000040', issueDate: '2026-10-01', dueDate: '2026-10-31', daysPastDue: 50, openAmount: '469.06' },
    { number: 'DE01-000042', issueDate: '2026-11-02', dueDate: '2026-12-02', daysPastDue: 18, openAmount: '1000.00' },
  ],
  portalUrl: null,
};

describe('renderDunningLetterPdf', () => {
  it('the level’s subject and body, the overdue invoices with days past due and open amounts, the overdue balance', async () => {
    const bytes = await renderDunningLetterPdf(LETTER);
    const text = await pdfText(bytes);
    for (const expected of [
      'PAYMENT REMINDER', 'Reminder level 2', 'Overdue balance EUR 1469.06',
      'Second reminder: DE01-000042 is overdue', 'Dear Acme Handels AG,', 'our records show 2 invoices past due.',
      'DE01-000040 2026-10-01 2026-10-31 50 469.06', 'DE01-000042 2026-11-02 2026-12-02 18 1000.00', 'Overdue balance 1469.06',
      'Please pay EUR 1469.06 now',
    ]) expect(text).toContain(expected);
    expect((await positionOf(bytes, 'Acme Handels AG')).top).toBeGreaterThan(ENVELOPE_WINDOW.y);
  });
});

describe('renderPrintBatchPdf', () => {
  it('one file: each document from its own page with its address in the window, pages numbered per document', async () => {
    const many = Array.from({ length: 60 }, (_, i) => line(i + 2, { description: `Row ${i + 2}` }));
    const long = untaxedInvoice({ lines: [...untaxedInvoice().lines, ...many] });
    const bytes = await renderPrintBatchPdf({
      date: '2026-11-25',
      documents: [
        { kind: 'INVOICE', document: taxedInvoice() },
        { kind: 'INVOICE', document: long },
        { kind: 'STATEMENT', document: STATEMENT },
        { kind: 'DUNNING_LETTER', document: LETTER },
      ],
    });
    const pages = await pdfPages(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(5);
    expect(pages[0]).toMatch(/^Ledgerline Deutschland GmbH/);
    expect(pages[0]).toContain('Invoice DE01-000042 · Page 1 of 1');
    const longPages = pages.filter((page) => page.includes('Invoice US01-000001 · Page'));
    expect(longPages.length).toBeGreaterThanOrEqual(2);
    expect(longPages[0]).toMatch(/^United States/);
    longPages.forEach((page, i) => expect(page).toContain(`Invoice US01-000001 · Page ${i + 1} of ${longPages.length}`));
    expect(pages.at(-2)).toMatch(/^Ledgerline Deutschland GmbH[\s\S]*STATEMENT OF ACCOUNT/);
    expect(pages.at(-2)).toContain('Statement ACME 2026-10-01 to 2026-10-31 · Page 1 of 1');
    expect(pages.at(-1)).toMatch(/^Ledgerline Deutschland GmbH[\s\S]*PAYMENT REMINDER/);
    expect(pages.at(-1)).toContain('Payment reminder ACME 2026-12-20 · Page 1 of 1');
    expect(pages).toHaveLength(1 + longPages.length + 2);
    // Every first page has its customer in the envelope window.
    for (const [needle, page] of [['Acme Handels AG', 1], ['Small Co', 2], ['Acme Handels AG', pages.length - 1], ['Acme Handels AG', pages.length]] as const) {
      const { x, top } = await positionOf(bytes, needle, page);
      expect(x).toBeGreaterThanOrEqual(ENVELOPE_WINDOW.x);
      expect(top).toBeGreaterThan(ENVELOPE_WINDOW.y);
      expect(top).toBeLessThan(ENVELOPE_WINDOW.y + ENVELOPE_WINDOW.height);
    }
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { info } = (await pdf.getMetadata()) as unknown as { info: { CreationDate: string; Title: string } };
    expect(info.CreationDate).toMatch(/^D:20261125000000/);
    expect(info.Title).toBe('Print batch 2026-11-25');
  });

  it('refuses an empty batch', () => {
    expect(() => renderPrintBatchPdf({ date: '2026-11-25', documents: [] })).toThrow('The print batch of 2026-11-25 is empty; a print batch needs at least one document.');
  });
});
