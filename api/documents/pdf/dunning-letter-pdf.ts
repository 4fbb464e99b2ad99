// A dunning letter: the level's subject and body (already filled in), the overdue invoices with
// their days past due and open amounts, the overdue balance, and how to pay.
import type { DunningLetterDocument } from '../types.js';
import { CONTENT_WIDTH, renderPdf, type FooterLine, type PdfWriter } from './layout.js';

export function renderDunningLetterPdf(doc: DunningLetterDocument): Promise<Buffer> {
  const meta = { title: doc.subject, subject: `Payment reminder (level ${doc.level}) to ${doc.buyer.name}`, author: doc.seller.legalName ?? doc.seller.name, date: doc.asOf };
  return renderPdf(meta, [(writer) => drawDunningLetter(writer, doc)]);
}

/** Draws one dunning letter from a new page of `writer`. */
export function drawDunningLetter(writer: PdfWriter, doc: DunningLetterDocument): FooterLine {
  const { seller, buyer } = doc;
  writer.documentHead(seller, buyer, { text: 'PAYMENT REMINDER', size: 15 }, [
    ['Date', doc.asOf],
    ['Customer', buyer.code],
    ['Reminder level', String(doc.level)],
    ['Overdue balance', `${doc.currency} ${doc.overdueBalance}`],
  ]);

  writer.paragraph(doc.subject, { bold: true, size: 11 }, 8);
  for (const paragraph of doc.body.split(/\n\s*\n/)) writer.paragraph(paragraph.trim(), { size: 10 }, 8);
  writer.y += 4;

  writer.table(
    [
      { header: 'Invoice', width: CONTENT_WIDTH - 345 },
      { header: 'Issue date', width: 75 },
      { header: 'Due date', width: 75 },
      { header: 'Days past due', width: 80, align: 'right' },
      { header: `Open (${doc.currency})`, width: 115, align: 'right' },
    ],
    [
      ...doc.invoices.map((invoice) => ({ cells: [invoice.number, invoice.issueDate, invoice.dueDate, String(invoice.daysPastDue), invoice.openAmount] })),
      { cells: ['Overdue balance', '', '', '', doc.overdueBalance], bold: true },
    ],
  );

  writer.remittance(seller, {
    instruction: `Please pay ${doc.currency} ${doc.overdueBalance} now, quoting the invoice numbers above. If you have paid in the meantime, thank you, and please disregard this letter.`,
    portalUrl: doc.portalUrl,
  });
  return (page, pages) => `${seller.legalName ?? seller.name} · Payment reminder ${buyer.code} ${doc.asOf} · Page ${page} of ${pages}`;
}
