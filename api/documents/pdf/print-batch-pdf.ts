// The day's POST batch as one file for the print room: invoices, statements and dunning letters
// of customers served by post, each starting on a new page with the customer's address in the
// envelope window (DIN 5008 left window), so sheets go into window envelopes as printed. Pages
// are numbered per document, so a stack can be checked.
import type { IsoDate } from '../../domain/dates.js';
import type { DunningLetterDocument, InvoiceDocument, StatementDocument } from '../types.js';
import { drawDunningLetter } from './dunning-letter-pdf.js';
import { drawInvoice } from './invoice-pdf.js';
import { renderPdf, type DrawDocument } from './layout.js';
import { drawStatement } from './statement-pdf.js';

export type PrintDocument =
  | { kind: 'INVOICE'; document: InvoiceDocument }
  | { kind: 'STATEMENT'; document: StatementDocument }
  | { kind: 'DUNNING_LETTER'; document: DunningLetterDocument };

export interface PrintBatch {
  /** The batch's day: the PDF's date. */
  date: IsoDate;
  documents: PrintDocument[];
}

/** One PDF of the batch's documents, in the given order. Refuses an empty batch: it has nothing to print. */
export function renderPrintBatchPdf(batch: PrintBatch): Promise<Buffer> {
  if (batch.documents.length === 0) throw new RangeError(`The print batch of ${batch.date} is empty; a print batch needs at least one document.`);
  const draws = batch.documents.map((item): DrawDocument => {
    switch (item.kind) {
      case 'INVOICE':
        return (writer) => drawInvoice(writer, item.document);
      case 'STATEMENT':
        return (writer) => drawStatement(writer, item.document);
      case 'DUNNING_LETTER':
        return (writer) => drawDunningLetter(writer, item.document);
    }
  });
  const meta = { title: `Print batch ${batch.date}`, subject: `${batch.documents.length} document(s) to post`, author: 'Ledgerline', date: batch.date };
  return renderPdf(meta, draws);
}
