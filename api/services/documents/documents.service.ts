// The documents as files: loads the plain records (invoice-document.ts, the statement and dunning
// services) and hands them to the pure renderers (api/documents/). Called by the file routes
// (api/http/documents.ts), the outbox worker and the customer portal.
import { renderDunningLetterPdf } from '../../documents/pdf/dunning-letter-pdf.js';
import { renderInvoicePdf } from '../../documents/pdf/invoice-pdf.js';
import { renderPrintBatchPdf, type PrintDocument } from '../../documents/pdf/print-batch-pdf.js';
import { renderStatementPdf } from '../../documents/pdf/statement-pdf.js';
import type { InvoiceDocument, StatementDocument } from '../../documents/types.js';
import { renderInvoiceUbl } from '../../documents/ubl/invoice-ubl.js';
import { dateFromIso, isoFromDate, type IsoDate } from '../../domain/dates.js';
import { loadDunningLetterDocument } from '../collections/dunning.service.js';
import type { Db, Tx } from '../db-types.js';
import { customerStatement } from '../receivables/statement.service.js';
import { buyerOf, loadInvoiceDocument, sellerOf } from './invoice-document.js';

export interface DocumentOptions {
  /** The customer's portal link, printed with the payment details when given. */
  portalUrl?: string | null;
}

/** The invoice's PDF, or null when no issued invoice has that number (a draft has none). */
export async function invoicePdf(prisma: Db | Tx, number: string, options: DocumentOptions = {}): Promise<Buffer | null> {
  const doc = await loadInvoiceDocument(prisma, number);
  return doc ? renderInvoicePdf({ ...doc, portalUrl: options.portalUrl ?? null }) : null;
}

/** The invoice as a UBL 2.1 / Peppol BIS 3.0 e-invoice, or null when no issued invoice has that number. */
export async function invoiceUbl(prisma: Db | Tx, number: string): Promise<string | null> {
  const doc = await loadInvoiceDocument(prisma, number);
  return doc ? renderInvoiceUbl(doc) : null;
}

/**
 * The customer's statement for the period as a PDF. Refuses (UserInputError) an unknown customer
 * (NOT_FOUND) and a period that is not two dates from ≤ to, as customerStatement does.
 */
export async function statementPdf(prisma: Db | Tx, customerCode: string, from: IsoDate, to: IsoDate, options: DocumentOptions = {}): Promise<Buffer> {
  return renderStatementPdf(await loadStatementDocument(prisma, customerCode, from, to, options.portalUrl ?? null));
}

async function loadStatementDocument(prisma: Db | Tx, customerCode: string, from: IsoDate, to: IsoDate, portalUrl: string | null): Promise<StatementDocument> {
  const statement = await customerStatement(prisma, { customerCode, from, to });
  const customer = await prisma.customer.findUniqueOrThrow({ where: { code: statement.customer.code }, include: { entity: true } });
  return { statement, seller: sellerOf(customer.entity), buyer: buyerOf(customer), portalUrl };
}

/** A recorded dunning letter as a PDF, or null when no letter has that id. */
export async function dunningLetterPdf(prisma: Db | Tx, letterId: number, options: DocumentOptions = {}): Promise<Buffer | null> {
  const doc = await loadDunningLetterDocument(prisma, letterId, options.portalUrl ?? null);
  return doc ? renderDunningLetterPdf(doc) : null;
}

/**
 * The print batch of `date`: every POST delivery the worker put in that day's batch, in delivery
 * id order (the order they were queued) — invoices, statements and dunning letters, one
 * document each, so a letter sent twice is printed twice. Null for a day with no batch: there is
 * nothing to print, and the route answers 404 rather than a blank page.
 */
export async function printBatchPdf(prisma: Db | Tx, date: IsoDate): Promise<Buffer | null> {
  const deliveries = await prisma.invoiceDelivery.findMany({
    where: { channel: 'POST', printBatch: dateFromIso(date) },
    orderBy: { id: 'asc' },
    select: { kind: true, invoice: { select: { number: true } }, dunningLetterId: true, statementFrom: true, statementTo: true, customer: { select: { code: true } } },
  });
  const invoices = new Map<string, InvoiceDocument | null>();
  const documents: PrintDocument[] = [];
  for (const delivery of deliveries) {
    const document = await printDocument(prisma, delivery, invoices);
    if (document) documents.push(document);
  }
  return documents.length === 0 ? null : renderPrintBatchPdf({ date, documents });
}

interface PrintDelivery {
  kind: 'INVOICE' | 'STATEMENT' | 'DUNNING_LETTER';
  invoice: { number: string | null } | null;
  dunningLetterId: number | null;
  statementFrom: Date | null;
  statementTo: Date | null;
  customer: { code: string };
}

/** The document of one POST delivery; null when it no longer exists (a letter removed, a period missing). */
async function printDocument(prisma: Db | Tx, delivery: PrintDelivery, invoices: Map<string, InvoiceDocument | null>): Promise<PrintDocument | null> {
  switch (delivery.kind) {
    case 'INVOICE': {
      const number = delivery.invoice?.number;
      if (!number) return null;
      if (!invoices.has(number)) invoices.set(number, await loadInvoiceDocument(prisma, number));
      const document = invoices.get(number);
      return document ? { kind: 'INVOICE', document } : null;
    }
    case 'STATEMENT': {
      if (!delivery.statementFrom || !delivery.statementTo) return null;
      const document = await loadStatementDocument(prisma, delivery.customer.code, isoFromDate(delivery.statementFrom), isoFromDate(delivery.statementTo), null);
      return { kind: 'STATEMENT', document };
    }
    case 'DUNNING_LETTER': {
      const document = delivery.dunningLetterId === null ? null : await loadDunningLetterDocument(prisma, delivery.dunningLetterId, null);
      return document ? { kind: 'DUNNING_LETTER', document } : null;
    }
  }
}
