// Creating, issuing and voiding invoices. Numbers are given at issue, per entity and without
// gaps: the entity's sequence row is incremented under its row lock in the issuing transaction.
import type { Actor } from '../../domain/actor.js';
import { COLUMN_LIMITS } from '../../domain/column-limits.js';
import { daysBetween, isoFromDate, parseIsoDate, dateFromIso, type IsoDate } from '../../domain/dates.js';
import { ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { MAX_LINES } from '../../domain/limits.js';
import { MAX_AMOUNT, Money, ZERO, parseAmount, parseCurrency, roundMoney } from '../../domain/money/money.js';
import { dueDateFor, formatPaymentTerms, parsePaymentTerms, type PaymentTerms } from '../../domain/receivables/payment-terms.js';
import { invoiceNumber } from '../../domain/receivables/invoice-number.js';
import { invoiceTaxes, parseLineTax, type LineTax } from '../../domain/receivables/tax.js';
import { LIMITS, optionalText, requireText } from '../../domain/text.js';
import type { Customer, Invoice } from '../../generated/prisma/client.js';
import { queueInvoiceDeliveries } from '../../delivery/outbox.js';
import { recordAudit } from '../audit.js';
import { assertPeriodsOpen } from '../period-lock.js';
import { TX_OPTIONS, type Db, type Tx } from '../db-types.js';
import { findCustomerOrThrow, findInvoiceOrThrow, isRowId, lockInvoice } from '../lookups.js';

export interface InvoiceLineInput {
  description: string;
  quantity: string;
  unitPrice: string;
  /** Percent, default 0 (PRODUCT.md, Tax). */
  taxRate?: string | null;
  /** UNCL5305 code; default O when the rate is 0, S otherwise. */
  taxCategory?: string | null;
}

export interface CreateInvoiceInput {
  customerCode: string;
  issueDate: string;
  currency?: string | null;
  paymentTerms?: string | null;
  poNumber?: string | null;
  lines: InvoiceLineInput[];
  issue?: boolean | null;
}

export async function createInvoice(prisma: Db, actor: Actor, input: CreateInvoiceInput): Promise<Invoice> {
  const errors = new ErrorCollector();
  const issueDate = errors.check(() => parseIsoDate(input.issueDate, ['issueDate']));
  const currencyGiven = input.currency ? errors.check(() => parseCurrency(input.currency!, ['currency'])) : undefined;
  const termsGiven = input.paymentTerms ? errors.check(() => parsePaymentTerms(input.paymentTerms!, ['paymentTerms'])) : undefined;
  const poNumber = errors.check(() => optionalText(input.poNumber, ['poNumber'], { max: LIMITS.reference, what: 'The PO number' }));
  if (input.lines.length === 0) errors.add(['lines'], 'An invoice needs at least one line.');
  if (input.lines.length > MAX_LINES) errors.add(['lines'], `${input.lines.length} lines given; at most ${MAX_LINES} are accepted.`, ErrorCode.OUT_OF_RANGE);

  return prisma.$transaction(async (tx) => {
    const customer = await errors.checkAsync(() => findCustomerOrThrow(tx, input.customerCode, ['customerCode']));
    const currency = currencyGiven ?? customer?.currency;
    const lines = currency ? priceLines(input.lines, currency, errors) : [];
    if (currency && totalsOf(lines, currency).total.gte(MAX_AMOUNT)) {
      errors.add(['lines'], `The invoice total is too large; it must be below ${MAX_AMOUNT.toFixed()}.`, ErrorCode.OUT_OF_RANGE);
    }
    const issue = input.issue ?? true;
    if (customer && issue && customer.poRequired && !poNumber) {
      errors.add(['poNumber'], `Customer ${customer.code} requires a PO number on every invoice.`);
    }
    errors.throwIfAny();
    if (issue) await assertPeriodsOpen(tx, customer!.entityId, [{ date: issueDate!, field: ['issueDate'] }]);

    return insertInvoice(tx, actor, customer!, {
      issueDate: issueDate!,
      currency: currency!,
      terms: termsGiven ?? parsePaymentTerms(customer!.paymentTerms),
      poNumber: poNumber ?? null,
      lines,
      issue,
    });
  }, TX_OPTIONS);
}

export interface NewInvoice {
  issueDate: IsoDate;
  currency: string;
  terms: PaymentTerms;
  poNumber: string | null;
  lines: PricedLine[];
  issue: boolean;
  contractId?: number;
  billingPeriod?: string;
}

/** Writes a checked invoice (total = Σ rounded line amounts + Σ tax per category and rate), issuing it when asked. */
export async function insertInvoice(tx: Tx, actor: Actor, customer: Customer, params: NewInvoice): Promise<Invoice> {
  const { subtotal, taxTotal, total } = totalsOf(params.lines, params.currency);
  const invoice = await tx.invoice.create({
    data: {
      entityId: customer.entityId,
      customerId: customer.id,
      contractId: params.contractId ?? null,
      billingPeriod: params.billingPeriod ?? null,
      issueDate: dateFromIso(params.issueDate),
      dueDate: dateFromIso(dueDateFor(params.terms, params.issueDate)),
      currency: params.currency,
      paymentTerms: formatPaymentTerms(params.terms),
      poNumber: params.poNumber,
      subtotal: subtotal.toString(),
      taxTotal: taxTotal.toString(),
      total: total.toString(),
      status: 'DRAFT',
      lines: {
        create: params.lines.map((line, index) => ({
          lineNo: index + 1,
          description: line.description,
          quantity: line.quantity.toString(),
          unitPrice: line.unitPrice.toString(),
          amount: line.amount.toString(),
          taxRate: (line.tax ?? NO_TAX).rate.toString(),
          taxCategory: (line.tax ?? NO_TAX).category,
        })),
      },
    },
  });
  await recordAudit(tx, actor, { action: 'createInvoice', recordType: 'Invoice', recordId: invoice.id, after: invoice });
  return params.issue ? issueDraft(tx, actor, invoice, customer) : invoice;
}

export interface PricedLine {
  description: string;
  quantity: Money;
  unitPrice: Money;
  amount: Money;
  /** Default: no tax (rate 0, category O). */
  tax?: LineTax;
}

const NO_TAX: LineTax = { rate: ZERO, category: 'O' };

/** Subtotal, tax per category and rate, and total of priced lines (credit memos share it). */
export function totalsOf(lines: PricedLine[], currency: string) {
  return invoiceTaxes(lines.map((line) => ({ amount: line.amount, taxRate: (line.tax ?? NO_TAX).rate, taxCategory: (line.tax ?? NO_TAX).category })), currency);
}

/** Validates lines; each line total is rounded to the currency's minor units. Credit memo lines share it. */
export function priceLines(lines: InvoiceLineInput[], currency: string, errors: ErrorCollector): PricedLine[] {
  return lines.flatMap((line, i) => {
    const at = ['lines', String(i)];
    const description = errors.check(() => requireText(line.description, [...at, 'description'], { max: LIMITS.description, what: 'A line description' }));
    const quantity = errors.check(() => parseAmount(line.quantity, [...at, 'quantity'], { decimals: 4, below: COLUMN_LIMITS.quantity, what: 'A quantity' }));
    const unitPrice = errors.check(() => parseAmount(line.unitPrice, [...at, 'unitPrice'], { currency, extraDecimals: 2, below: COLUMN_LIMITS.unitPrice, what: 'A unit price' }));
    const tax = errors.check(() => parseLineTax({ taxRate: line.taxRate, taxCategory: line.taxCategory, field: at }));
    if (description === undefined || !quantity || !unitPrice || !tax) return [];
    const amount = roundMoney(quantity.times(unitPrice), currency);
    if (amount.gte(MAX_AMOUNT)) {
      errors.add([...at, 'unitPrice'], `The line total ${amount.toFixed()} is too large; a line total must be below ${MAX_AMOUNT.toFixed()}.`, ErrorCode.OUT_OF_RANGE);
      return [];
    }
    return [{ description, quantity, unitPrice, amount, tax }];
  });
}

export async function issueInvoice(prisma: Db, actor: Actor, input: { id: string }): Promise<Invoice> {
  const id = Number(input.id);
  return prisma.$transaction(async (tx) => {
    // Locked before the status is checked: of racing issues of one draft, one numbers it.
    const invoice = isRowId(id) ? await lockInvoice(tx, id) : null;
    if (!invoice) throw UserInputError.of(['id'], `No invoice with id "${String(input.id).slice(0, 20)}" exists.`, ErrorCode.NOT_FOUND);
    if (invoice.status !== 'DRAFT') {
      throw UserInputError.of(['id'], `Invoice ${invoice.number} is already ${invoice.status}; only a DRAFT can be issued.`);
    }
    const customer = await tx.customer.findUniqueOrThrow({ where: { id: invoice.customerId } });
    if (customer.poRequired && !invoice.poNumber) {
      throw UserInputError.of(['id'], `Customer ${customer.code} requires a PO number on every invoice; this draft has none.`);
    }
    // The draft's issue date is what the lock looks at; the input names the draft by id.
    await assertPeriodsOpen(tx, invoice.entityId, [{ date: isoFromDate(invoice.issueDate), field: ['id'] }]);
    return issueDraft(tx, actor, invoice, customer);
  }, TX_OPTIONS);
}

/** Gives the draft the entity's next number and records the delivery the customer requires. */
async function issueDraft(tx: Tx, actor: Actor, draft: Invoice, customer: Customer): Promise<Invoice> {
  const [sequence] = await tx.$queryRaw<{ number: number; code: string }[]>`
    UPDATE invoice_sequence s SET next_number = s.next_number + 1
    FROM entity e WHERE e.id = s.entity_id AND s.entity_id = ${draft.entityId}
    RETURNING s.next_number - 1 AS number, e.code`;
  const number = invoiceNumber(sequence!.code, sequence!.number);
  const invoice = await tx.invoice.update({
    where: { id: draft.id },
    data: { number, status: 'ISSUED', version: { increment: 1 } },
  });
  await queueInvoiceDeliveries(tx, { id: invoice.id, number }, customer);
  await recordAudit(tx, actor, {
    action: 'issueInvoice',
    recordType: 'Invoice',
    recordId: invoice.id,
    before: { status: draft.status, number: null },
    after: { status: invoice.status, number },
  });
  return invoice;
}

export interface VoidInvoiceInput {
  invoiceNumber: string;
  reason: string;
  voidDate?: string | null;
}

export async function voidInvoice(prisma: Db, actor: Actor, input: VoidInvoiceInput, today: string): Promise<Invoice> {
  const errors = new ErrorCollector();
  const reason = errors.check(() => requireText(input.reason, ['reason'], { max: LIMITS.reason, what: 'The reason' }));
  const voidDate = input.voidDate ? errors.check(() => parseIsoDate(input.voidDate!, ['voidDate'])) : today;
  return prisma.$transaction(async (tx) => {
    const found = await errors.checkAsync(() => findInvoiceOrThrow(tx, input.invoiceNumber, ['invoiceNumber']));
    errors.throwIfAny();
    const current = (await lockInvoice(tx, found!.id))!;
    if (current.status === 'VOID') throw UserInputError.of(['invoiceNumber'], `Invoice ${current.number} is already void.`);
    const applications = await tx.paymentApplication.count({ where: { invoiceId: current.id } });
    if (applications > 0) {
      throw UserInputError.of(['invoiceNumber'], `Invoice ${current.number} has payments, credits or write-offs applied; only an invoice with nothing applied can be voided (issue a credit memo instead).`);
    }
    const issueDate = isoFromDate(current.issueDate);
    if (daysBetween(issueDate, voidDate!) < 0) {
      throw UserInputError.of(['voidDate'], `The void date ${voidDate} is before the issue date ${issueDate}; it must be on or after it.`, ErrorCode.OUT_OF_RANGE);
    }
    await assertPeriodsOpen(tx, current.entityId, [{ date: voidDate!, field: ['voidDate'] }]);
    const voided = await tx.invoice.update({
      where: { id: current.id },
      data: { status: 'VOID', voidDate: dateFromIso(voidDate!), voidReason: reason!, version: { increment: 1 } },
    });
    await recordAudit(tx, actor, {
      action: 'voidInvoice',
      recordType: 'Invoice',
      recordId: current.id,
      before: { status: current.status },
      after: { number: current.number, status: 'VOID', voidDate, voidReason: reason },
    });
    return voided;
  }, TX_OPTIONS);
}
