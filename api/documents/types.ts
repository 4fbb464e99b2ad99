// What the document renderers (invoice PDF, UBL e-invoice, statement, dunning letter, print
// batch) take: plain records, amounts as exact decimal strings already rounded to the
// currency's minor units (as the API formats them, e.g. "1234.50"), dates as YYYY-MM-DD.
// Services load them (api/services/documents/); renderers never touch the database or the clock.
import type { IsoDate } from '../domain/dates.js';

export interface PostalAddress {
  lines: string[];
  city: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2. */
  countryCode: string | null;
}

/** The issuing entity: letterhead and remittance details. */
export interface Seller {
  code: string;
  name: string;
  legalName: string | null;
  address: PostalAddress;
  taxId: string | null;
  bankName: string | null;
  iban: string | null;
  bic: string | null;
  accountNumber: string | null;
}

export interface Buyer {
  code: string;
  name: string;
  address: PostalAddress;
  taxId: string | null;
  billingEmails: string[];
}

export interface InvoiceDocumentLine {
  lineNo: number;
  description: string;
  /** Up to 4 decimals, trailing zeros trimmed ("1", "2.5"). */
  quantity: string;
  /** Up to the currency's minor units + 2, trailing zeros trimmed. */
  unitPrice: string;
  /** Net line amount. */
  amount: string;
  /** Percentage ("20", "0"). */
  taxRate: string;
  /** UNCL5305: S, Z, E, AE, O. */
  taxCategory: string;
}

/** Tax of one category and rate: Σ net of its lines × rate ÷ 100, rounded half away from zero. */
export interface TaxSubtotal {
  category: string;
  rate: string;
  taxableAmount: string;
  taxAmount: string;
}

export interface InvoiceDocument {
  number: string;
  status: string;
  issueDate: IsoDate;
  dueDate: IsoDate;
  paymentTerms: string;
  poNumber: string | null;
  currency: string;
  seller: Seller;
  buyer: Buyer;
  lines: InvoiceDocumentLine[];
  taxes: TaxSubtotal[];
  subtotal: string;
  taxTotal: string;
  total: string;
  amountPaid: string;
  balance: string;
  /** The customer's portal link, when one is to be printed or mailed with the document. */
  portalUrl: string | null;
}

export type StatementLineKind = 'INVOICE' | 'PAYMENT' | 'CREDIT' | 'VOID' | 'DISCOUNT' | 'WRITE_OFF' | 'REFUND' | 'REVERSAL' | 'OPENING';

export interface StatementLine {
  date: IsoDate;
  kind: StatementLineKind;
  /** Invoice number, payment reference, … */
  reference: string;
  /** Signed by its effect on the balance (PRODUCT.md, Statements). */
  amount: string;
  /** Running balance after this line. */
  balance: string;
}

export interface AgingBucketAmounts {
  current: string;
  days1To30: string;
  days31To60: string;
  days61To90: string;
  over90: string;
  total: string;
}

export interface Statement {
  customer: { code: string; name: string };
  /** The customer's billing currency: every amount is in it. */
  currency: string;
  from: IsoDate;
  to: IsoDate;
  openingBalance: string;
  closingBalance: string;
  unappliedCash: string;
  lines: StatementLine[];
  aging: AgingBucketAmounts;
}

export interface StatementDocument {
  statement: Statement;
  seller: Seller;
  buyer: Buyer;
  portalUrl: string | null;
}

export interface DunningLetterDocument {
  seller: Seller;
  buyer: Buyer;
  level: number;
  asOf: IsoDate;
  subject: string;
  /** The level's body text, its variables already filled in. */
  body: string;
  currency: string;
  overdueBalance: string;
  invoices: { number: string; issueDate: IsoDate; dueDate: IsoDate; daysPastDue: number; openAmount: string }[];
  portalUrl: string | null;
}
