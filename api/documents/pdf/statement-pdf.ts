// A customer's statement of account for a period: opening balance, each dated document with the
// running balance, closing balance, unapplied cash shown apart, and the aging of the closing
// balance — all in the customer's billing currency.
import type { StatementDocument, StatementLineKind } from '../types.js';
import { CONTENT_WIDTH, isZeroAmount, renderPdf, type FooterLine, type PdfWriter } from './layout.js';

const KIND_LABELS: Record<StatementLineKind, string> = {
  INVOICE: 'Invoice',
  PAYMENT: 'Payment',
  CREDIT: 'Credit',
  VOID: 'Void',
  DISCOUNT: 'Discount',
  WRITE_OFF: 'Write-off',
  REFUND: 'Refund',
  REVERSAL: 'Reversal',
  OPENING: 'Paid before import',
};

export function renderStatementPdf(doc: StatementDocument): Promise<Buffer> {
  const { statement, seller, buyer } = doc;
  const meta = { title: `Statement ${buyer.code} ${statement.from} to ${statement.to}`, subject: `Statement of account of ${buyer.name}`, author: seller.legalName ?? seller.name, date: statement.to };
  return renderPdf(meta, [(writer) => drawStatement(writer, doc)]);
}

/** Draws one statement from a new page of `writer`. */
export function drawStatement(writer: PdfWriter, doc: StatementDocument): FooterLine {
  const { statement, seller, buyer } = doc;
  const currency = statement.currency;
  writer.documentHead(seller, buyer, { text: 'STATEMENT OF ACCOUNT', size: 15 }, [
    ['Customer', buyer.code],
    ['Period', `${statement.from} to ${statement.to}`],
    ['Currency', currency],
    ['Closing balance', statement.closingBalance],
  ]);

  writer.table(
    [
      { header: 'Date', width: 70 },
      { header: 'Type', width: 70 },
      { header: 'Reference', width: CONTENT_WIDTH - 340 },
      { header: `Amount (${currency})`, width: 100, align: 'right' },
      { header: `Balance (${currency})`, width: 100, align: 'right' },
    ],
    [
      { cells: [statement.from, '', 'Opening balance', '', statement.openingBalance], bold: true },
      ...statement.lines.map((line) => ({ cells: [line.date, KIND_LABELS[line.kind] ?? line.kind, line.reference, line.amount, line.balance] })),
      { cells: [statement.to, '', 'Closing balance', '', statement.closingBalance], bold: true },
    ],
  );

  if (!isZeroAmount(statement.unappliedCash)) {
    writer.paragraph(
      `Unapplied cash (payments received and not yet applied to an invoice): ${currency} ${statement.unappliedCash}. It is not deducted from the balance above; tell us which invoices it pays.`,
      { size: 9 },
      10,
    );
  }

  writer.ensure(60);
  writer.paragraph(`Aging of the balance as of ${statement.to} (days past due)`, { bold: true, size: 10 }, 3);
  const { aging } = statement;
  writer.table(
    ['Current', '1–30', '31–60', '61–90', 'Over 90', 'Total'].map((header) => ({ header, width: CONTENT_WIDTH / 6, align: 'right' as const })),
    [{ cells: [aging.current, aging.days1To30, aging.days31To60, aging.days61To90, aging.over90, aging.total] }],
  );

  writer.remittance(seller, {
    instruction: isZeroAmount(statement.closingBalance)
      ? 'Nothing is due on this account. Thank you.'
      : `Please pay the invoices that are due, quoting their invoice numbers. Balance: ${currency} ${statement.closingBalance}.`,
    portalUrl: doc.portalUrl,
  });
  return (page, pages) => `${seller.legalName ?? seller.name} · Statement ${buyer.code} ${statement.from} to ${statement.to} · Page ${page} of ${pages}`;
}
