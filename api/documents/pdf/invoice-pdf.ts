// The invoice as a PDF: letterhead, the customer's address in the envelope window, the invoice's
// facts, its lines (flowing over pages), tax per category, totals, and how to pay.
import type { InvoiceDocument, TaxSubtotal } from '../types.js';
import { CONTENT_WIDTH, isZeroAmount, renderPdf, unitPriceText, type Column, type FooterLine, type PdfWriter } from './layout.js';

const CATEGORY_LABELS: Record<string, string> = {
  S: 'standard rate',
  Z: 'zero rated',
  E: 'exempt',
  AE: 'reverse charge',
  O: 'not subject to tax',
};

const LINE_COLUMNS = (currency: string): Column[] => [
  { header: '#', width: 22 },
  { header: 'Description', width: 203 },
  { header: 'Quantity', width: 55, align: 'right' },
  { header: `Unit price (${currency})`, width: 75, align: 'right' },
  { header: 'Tax', width: 50, align: 'right' },
  { header: `Net amount (${currency})`, width: CONTENT_WIDTH - 405, align: 'right' },
];

export function renderInvoicePdf(doc: InvoiceDocument): Promise<Buffer> {
  const meta = { title: `Invoice ${doc.number}`, subject: `Invoice ${doc.number} to ${doc.buyer.name}`, author: doc.seller.legalName ?? doc.seller.name, date: doc.issueDate };
  return renderPdf(meta, [(writer) => drawInvoice(writer, doc)]);
}

/** Draws one invoice from a new page of `writer` (a print batch puts several in one file). */
export function drawInvoice(writer: PdfWriter, doc: InvoiceDocument): FooterLine {
  writer.documentHead(doc.seller, doc.buyer, { text: doc.status === 'VOID' ? 'INVOICE (VOID)' : 'INVOICE', size: 18 }, [
    ['Invoice number', doc.number],
    ['Issue date', doc.issueDate],
    ['Due date', doc.dueDate],
    ['Payment terms', doc.paymentTerms],
    ...(doc.poNumber ? [['PO number', doc.poNumber] as [string, string]] : []),
    ['Customer', doc.buyer.code],
    ...(doc.buyer.taxId ? [['Customer tax ID', doc.buyer.taxId] as [string, string]] : []),
    ['Currency', doc.currency],
  ]);

  writer.table(
    LINE_COLUMNS(doc.currency),
    doc.lines.map((line) => ({
      cells: [String(line.lineNo), line.description, line.quantity, unitPriceText(line.unitPrice, doc.currency), `${line.taxRate}% ${line.taxCategory}`, line.amount],
    })),
  );

  writer.totals([
    { label: 'Subtotal', amount: doc.subtotal },
    ...doc.taxes.map((tax) => ({ label: taxLabel(tax), amount: tax.taxAmount })),
    { label: 'Tax', amount: doc.taxTotal },
    { label: `Total ${doc.currency}`, amount: doc.total, bold: true },
    ...(isZeroAmount(doc.amountPaid)
      ? []
      : [
          { label: 'Amount paid', amount: doc.amountPaid },
          { label: `Balance due ${doc.currency}`, amount: doc.balance, bold: true },
        ]),
  ]);

  const due = isZeroAmount(doc.amountPaid) ? doc.total : doc.balance;
  writer.remittance(doc.seller, {
    instruction: doc.status === 'VOID'
      ? 'This invoice is void: nothing is to be paid on it.'
      : `Please pay ${doc.currency} ${due} by ${doc.dueDate}, quoting invoice number ${doc.number}.`,
    portalUrl: doc.portalUrl,
  });
  return (page, pages) => `${doc.seller.legalName ?? doc.seller.name} · Invoice ${doc.number} · Page ${page} of ${pages}`;
}

function taxLabel(tax: TaxSubtotal): string {
  const name = CATEGORY_LABELS[tax.category] ?? tax.category;
  return `Tax ${tax.category} ${tax.rate}% (${name}) on ${tax.taxableAmount}`;
}
