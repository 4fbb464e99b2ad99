// Loads an issued invoice into the plain record the renderers take (api/documents/types.ts):
// one query for the invoice with its entity, customer and lines; amounts formatted as the API
// serialises them; tax subtotals from the stored lines.
import type { Buyer, InvoiceDocument, Seller } from '../../documents/types.js';
import { isoFromDate } from '../../domain/dates.js';
import { formatMoney } from '../../domain/money/money.js';
import { invoiceTaxes } from '../../domain/receivables/tax.js';
import type { Customer, Entity } from '../../generated/prisma/client.js';
import type { Db, Tx } from '../db-types.js';

/** The entity as the letterhead and remittance block print it. */
export function sellerOf(entity: Entity): Seller {
  return {
    code: entity.code,
    name: entity.name,
    legalName: entity.legalName,
    address: { lines: entity.addressLines, city: entity.city, postalCode: entity.postalCode, countryCode: entity.countryCode },
    taxId: entity.taxId,
    bankName: entity.bankName,
    iban: entity.iban,
    bic: entity.bic,
    accountNumber: entity.accountNumber,
  };
}

/** The customer as the address block prints it. */
export function buyerOf(customer: Customer): Buyer {
  return {
    code: customer.code,
    name: customer.name,
    address: {
      lines: customer.billingAddressLines,
      city: customer.billingCity,
      postalCode: customer.billingPostalCode,
      countryCode: customer.billingCountryCode,
    },
    taxId: customer.taxId,
    billingEmails: customer.billingEmails,
  };
}

/**
 * The invoice numbered `invoiceNumber` (ISSUED, PARTIALLY_PAID, PAID or VOID), or null when no
 * issued invoice has that number (a draft has none). `portalUrl` is left null for the caller.
 */
export async function loadInvoiceDocument(prisma: Db | Tx, invoiceNumber: string): Promise<InvoiceDocument | null> {
  const number = invoiceNumber.trim().toUpperCase();
  if (number === '') return null;
  const invoice = await prisma.invoice.findUnique({
    where: { number },
    include: { entity: true, customer: true, lines: { orderBy: { lineNo: 'asc' } } },
  });
  if (!invoice || invoice.status === 'DRAFT') return null;
  const currency = invoice.currency;
  const { taxes } = invoiceTaxes(invoice.lines, currency);
  const balance = invoice.status === 'VOID' ? 0 : invoice.total.minus(invoice.amountPaid);
  return {
    number,
    status: invoice.status,
    issueDate: isoFromDate(invoice.issueDate),
    dueDate: isoFromDate(invoice.dueDate),
    paymentTerms: invoice.paymentTerms,
    poNumber: invoice.poNumber,
    currency,
    seller: sellerOf(invoice.entity),
    buyer: buyerOf(invoice.customer),
    lines: invoice.lines.map((line) => ({
      lineNo: line.lineNo,
      description: line.description,
      quantity: line.quantity.toFixed(),
      unitPrice: line.unitPrice.toFixed(),
      amount: formatMoney(line.amount, currency),
      taxRate: line.taxRate.toFixed(),
      taxCategory: line.taxCategory,
    })),
    taxes,
    subtotal: formatMoney(invoice.subtotal, currency),
    taxTotal: formatMoney(invoice.taxTotal, currency),
    total: formatMoney(invoice.total, currency),
    amountPaid: formatMoney(invoice.amountPaid, currency),
    balance: formatMoney(balance, currency),
    portalUrl: null,
  };
}
