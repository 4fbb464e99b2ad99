// Matching a bank statement's credit entry to a customer and invoices (PRODUCT.md, "Bank
// statements"): the first rule that fits, within the statement's entity and the entry's currency.
//   1. the remittance names invoices of one customer, all open and not in dispute, and the amount
//      is their total open balance → EXACT, applied in full (confidence 1);
//   2. it names invoices of one customer but the amount differs (or one is paid or disputed) →
//      PROPOSED, applied to them oldest due first, the rest unapplied (confidence 0.8);
//   3. the payer's account is one customer's (0.7), or else its name is one customer's (0.5), and
//      the amount is one open invoice's balance or the total of its oldest open invoices → PROPOSED;
//   4. otherwise UNMATCHED.
// Pure: the caller finds the invoices the entry names, the customers its payer could be and
// their open invoices, and keeps balances current between entries of one statement.
import type { IsoDate } from '../dates.js';
import { ZERO, type Money } from '../money/money.js';
import { openBalance, planApplication, type OpenInvoice, type PlannedApplication } from './payment-application.js';

export interface BankEntryToMatch {
  amount: Money;
  currency: string;
  bookingDate: IsoDate;
  remittance: string | null;
  references: readonly string[];
  counterparty: string | null;
  /** normalizeBankAccount of the payer's account (null: none). */
  counterpartyAccount: string | null;
}

export interface MatchInvoice extends OpenInvoice {
  disputed: boolean;
}

export interface MatchCustomer {
  id: number;
  name: string;
  /** Normalized (normalizeBankAccount). */
  bankAccounts: readonly string[];
}

export interface MatchBankEntryParams {
  entry: BankEntryToMatch;
  /** Invoices of the statement's entity whose numbers the entry names (invoiceNumberTokens). */
  namedInvoices: readonly MatchInvoice[];
  /** The entity's customers that could be the payer (by account or name); others are ignored. */
  customers: readonly MatchCustomer[];
  /** Those customers' invoices (open ones are used; others are ignored). */
  customerInvoices: readonly MatchInvoice[];
}

export type BankMatchStatus = 'EXACT' | 'PROPOSED' | 'UNMATCHED';

export interface BankMatchResult {
  status: BankMatchStatus;
  customerId: number | null;
  /** 1, 2 or 3; null when UNMATCHED. */
  rule: 1 | 2 | 3 | null;
  /** 0–1; null when UNMATCHED. */
  confidence: number | null;
  applications: PlannedApplication[];
}

export const CONFIDENCE = { 1: 1, 2: 0.8, ACCOUNT: 0.7, NAME: 0.5 } as const;

const UNMATCHED: BankMatchResult = { status: 'UNMATCHED', customerId: null, rule: null, confidence: null, applications: [] };

/** At most this many candidate tokens are read from one entry (a hostile file's long text is cut). */
export const MAX_TOKENS_PER_ENTRY = 60;
const MIN_TOKEN = 3;
const MAX_TOKEN = 40;

/**
 * The upper-cased words of the remittance text and references that could be invoice numbers:
 * each word without the punctuation around it ("US01-000123;" → "US01-000123"), and each pair of
 * neighbouring words joined as written apart ("INV 10234," → "INV10234", "INV-10234").
 */
export function invoiceNumberTokens(texts: readonly (string | null | undefined)[]): string[] {
  const tokens = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    const words = text
      .slice(0, 2_000)
      .toUpperCase()
      .split(/[\s,;:()[\]{}<>"'`|/\\+*!?=&#]+/)
      .map((word) => word.replace(/^[^A-Z0-9]+|[^A-Z0-9]+$/g, ''))
      .filter((word) => word.length > 0);
    for (let i = 0; i < words.length; i++) {
      add(tokens, words[i]!);
      if (i + 1 < words.length && /^[A-Z]+$/.test(words[i]!) && /^[0-9][A-Z0-9-]*$/.test(words[i + 1]!)) {
        add(tokens, words[i]! + words[i + 1]!);
        add(tokens, `${words[i]!}-${words[i + 1]!}`);
      }
      if (tokens.size >= MAX_TOKENS_PER_ENTRY) return [...tokens].slice(0, MAX_TOKENS_PER_ENTRY);
    }
  }
  return [...tokens];
}

function add(tokens: Set<string>, token: string): void {
  if (token.length >= MIN_TOKEN && token.length <= MAX_TOKEN && /[0-9]/.test(token)) tokens.add(token);
}

const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'plc', 'corp', 'corporation', 'co', 'company',
  'gmbh', 'ag', 'kg', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'oy', 'ab', 'as', 'aps', 'pty', 'pte', 'kk', 'sl', 'sro', 'sp', 'zoo',
]);

/** A name as compared with a payer's: lower case, letters and digits only, legal suffixes ("Inc", "GmbH", "S.A.") dropped. */
export function normalizeCustomerName(name: string | null | undefined): string {
  if (!name) return '';
  const words = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[.'’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  return words.join(' ');
}

/** The name's compact key ("acme widgets" → "acmewidgets"): a customer's name, squeezed the same way, starts with it. */
export function customerNameKey(name: string | null | undefined): string | null {
  const key = normalizeCustomerName(name).replace(/ /g, '');
  return key.length >= 2 ? key : null;
}

const isOpen = (invoice: MatchInvoice) => (invoice.status === 'ISSUED' || invoice.status === 'PARTIALLY_PAID') && openBalance(invoice).gt(0);
const isIssued = (invoice: MatchInvoice) => invoice.status !== 'DRAFT' && invoice.status !== 'VOID';
const byDueDate = (a: MatchInvoice, b: MatchInvoice) =>
  a.dueDate.localeCompare(b.dueDate) || a.issueDate.localeCompare(b.issueDate) || a.number.localeCompare(b.number);

/** The first rule that fits the entry; see the file's head. */
export function matchBankEntry(params: MatchBankEntryParams): BankMatchResult {
  return byNamedInvoices(params) ?? byCounterparty(params) ?? UNMATCHED;
}

function byNamedInvoices({ entry, namedInvoices }: MatchBankEntryParams): BankMatchResult | null {
  const named = uniqueById(namedInvoices.filter((invoice) => isIssued(invoice) && invoice.currency === entry.currency));
  const customers = new Set(named.map((invoice) => invoice.customerId));
  if (customers.size !== 1) return null;
  const customerId = named[0]!.customerId;
  const total = named.reduce((sum, invoice) => sum.plus(openBalance(invoice)), ZERO);
  if (named.every((invoice) => isOpen(invoice) && !invoice.disputed) && total.eq(entry.amount)) {
    const applications = [...named].sort(byDueDate).map((invoice): PlannedApplication => ({
      invoiceId: invoice.id, invoiceNumber: invoice.number, amount: openBalance(invoice), discount: ZERO, settles: true,
    }));
    return { status: 'EXACT', customerId, rule: 1, confidence: CONFIDENCE[1], applications };
  }
  // The payer named these invoices, so the proposal names them too, a disputed one included (as an
  // explicit application may); a person confirms it. Only EXACT, applied unseen, keeps clear of disputes.
  const chosen = named.map((invoice) => (invoice.disputed ? { ...invoice, disputed: false } : invoice));
  const plan = planApplication({ customerId, amount: entry.amount, currency: entry.currency, receivedDate: entry.bookingDate, invoices: chosen });
  return { status: 'PROPOSED', customerId, rule: 2, confidence: CONFIDENCE[2], applications: plan.applications };
}

function byCounterparty({ entry, customers, customerInvoices }: MatchBankEntryParams): BankMatchResult | null {
  const byAccount = entry.counterpartyAccount ? customers.filter((c) => c.bankAccounts.includes(entry.counterpartyAccount!)) : [];
  const name = normalizeCustomerName(entry.counterparty);
  const byName = byAccount.length === 0 && name !== '' ? customers.filter((c) => normalizeCustomerName(c.name) === name) : [];
  const found = byAccount.length > 0 ? byAccount : byName;
  if (found.length !== 1) return null;
  const customerId = found[0]!.id;
  const confidence = byAccount.length > 0 ? CONFIDENCE.ACCOUNT : CONFIDENCE.NAME;
  const open = uniqueById(customerInvoices.filter((i) => i.customerId === customerId && i.currency === entry.currency && isOpen(i) && !i.disputed)).sort(byDueDate);
  const whole = (invoice: MatchInvoice): PlannedApplication => ({ invoiceId: invoice.id, invoiceNumber: invoice.number, amount: openBalance(invoice), discount: ZERO, settles: true });

  const single = open.find((invoice) => openBalance(invoice).eq(entry.amount));
  if (single) return { status: 'PROPOSED', customerId, rule: 3, confidence, applications: [whole(single)] };
  let sum = ZERO;
  for (let count = 1; count <= open.length; count++) {
    sum = sum.plus(openBalance(open[count - 1]!));
    if (sum.eq(entry.amount)) return { status: 'PROPOSED', customerId, rule: 3, confidence, applications: open.slice(0, count).map(whole) };
    if (sum.gt(entry.amount)) break;
  }
  return null;
}

function uniqueById<T extends { id: number }>(invoices: readonly T[]): T[] {
  const seen = new Map<number, T>();
  for (const invoice of invoices) seen.set(invoice.id, invoice);
  return [...seen.values()];
}

/** What a matched entry's applications do to its invoices: the caller applies this to its copies after an EXACT match. */
export function settleInMemory(invoices: ReadonlyMap<number, MatchInvoice>, applications: readonly PlannedApplication[]): void {
  for (const application of applications) {
    const invoice = invoices.get(application.invoiceId);
    if (!invoice) continue;
    invoice.amountPaid = invoice.amountPaid.plus(application.amount).plus(application.discount);
    invoice.status = invoice.amountPaid.gte(invoice.total) ? 'PAID' : 'PARTIALLY_PAID';
  }
}
