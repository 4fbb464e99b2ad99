// Builds the mail of a claimed EMAIL delivery: its words (./messages.ts), its PDF, and a fresh
// portal link for the customer. Reads the database; sends nothing.
import { isoFromDate } from '../domain/dates.js';
import { loadDunningLetterDocument } from '../services/collections/dunning.service.js';
import { issuePortalLink } from '../services/collections/portal.service.js';
import { renderInvoicePdf } from '../documents/pdf/invoice-pdf.js';
import { dunningLetterPdf, statementPdf } from '../services/documents/documents.service.js';
import { loadInvoiceDocument } from '../services/documents/invoice-document.js';
import { TX_OPTIONS, type Db } from '../services/db-types.js';
import type { OutgoingMail } from './channels/email.js';
import { dunningMail, invoiceMail, statementMail } from './messages.js';

export type ComposeResult =
  | { ok: true; mail: Omit<OutgoingMail, 'to' | 'messageId'> }
  | { ok: false; permanent: true; error: string };

export interface ComposeDelivery {
  kind: 'INVOICE' | 'STATEMENT' | 'DUNNING_LETTER';
  customerId: number;
  invoiceNumber: string | null;
  dunningLetterId: number | null;
  statementFrom: Date | null;
  statementTo: Date | null;
}

const PORTAL_LINK_DAYS = 30;

export async function composeMail(prisma: Db, delivery: ComposeDelivery, options: { baseUrl: string; now: Date }): Promise<ComposeResult> {
  const portal = (customerId: number) =>
    prisma.$transaction(
      (tx) => issuePortalLink(tx, { customerId, createdBy: 'outbox', expiresInDays: PORTAL_LINK_DAYS, baseUrl: options.baseUrl, now: options.now }),
      TX_OPTIONS,
    );
  if (delivery.kind === 'INVOICE') {
    // The document is loaded once, for the words and the PDF (what invoicePdf renders).
    const doc = delivery.invoiceNumber ? await loadInvoiceDocument(prisma, delivery.invoiceNumber) : null;
    if (!doc) return { ok: false, permanent: true, error: 'The invoice of this delivery is not issued; there is no document to send.' };
    const link = await portal(delivery.customerId);
    const pdf = await renderInvoicePdf({ ...doc, portalUrl: link.url });
    const words = invoiceMail({
      invoiceNumber: doc.number,
      sellerName: doc.seller.legalName ?? doc.seller.name,
      customerName: doc.buyer.name,
      total: doc.total,
      currency: doc.currency,
      dueDate: doc.dueDate,
      portalUrl: link.url,
      portalExpiresAt: link.expiresAt.toISOString(),
    });
    return { ok: true, mail: { ...words, attachments: [{ filename: `${doc.number}.pdf`, content: pdf }] } };
  }

  const customer = await prisma.customer.findUniqueOrThrow({
    where: { id: delivery.customerId },
    select: { id: true, code: true, name: true, entity: { select: { name: true, legalName: true } } },
  });
  const sellerName = customer.entity.legalName ?? customer.entity.name;
  switch (delivery.kind) {
    case 'STATEMENT': {
      if (!delivery.statementFrom || !delivery.statementTo) return { ok: false, permanent: true, error: 'This statement delivery has no period.' };
      const from = isoFromDate(delivery.statementFrom);
      const to = isoFromDate(delivery.statementTo);
      const link = await portal(customer.id);
      const pdf = await statementPdf(prisma, customer.code, from, to, { portalUrl: link.url });
      const words = statementMail({ sellerName, customerName: customer.name, from, to, portalUrl: link.url });
      return { ok: true, mail: { ...words, attachments: [{ filename: `statement-${customer.code}-${to}.pdf`, content: pdf }] } };
    }
    case 'DUNNING_LETTER': {
      if (delivery.dunningLetterId === null) return { ok: false, permanent: true, error: 'This dunning delivery names no letter.' };
      const link = await portal(customer.id);
      // The level's subject and body with their {{variables}} filled in, as the PDF prints them.
      const letter = await loadDunningLetterDocument(prisma, delivery.dunningLetterId, link.url);
      const pdf = await dunningLetterPdf(prisma, delivery.dunningLetterId, { portalUrl: link.url });
      if (!letter || !pdf) return { ok: false, permanent: true, error: 'The dunning letter of this delivery no longer exists.' };
      const words = dunningMail({
        sellerName,
        customerName: customer.name,
        subject: letter.subject,
        body: letter.body,
        overdueBalance: letter.overdueBalance,
        currency: letter.currency,
        invoiceNumbers: letter.invoices.map((invoice) => invoice.number),
        portalUrl: link.url,
      });
      return { ok: true, mail: { ...words, attachments: [{ filename: `reminder-${customer.code}-${letter.asOf}.pdf`, content: pdf }] } };
    }
  }
}
