// Each data row of an import read into the record it stands for, or its errors — every
// problem of the row, each naming the file's column. What needs the database (does the
// customer exist, which currency is the default, is the period open) is left to the service.
// A field whose column the file lacks is undefined (an existing record keeps its value); a
// blank cell is null. Pure.
import { addDays, addMonths, daysBetween, type IsoDate } from '../../domain/dates.js';
import { LIMITS, optionalText, parseCode, requireText } from '../../domain/text.js';
import { parseAddressLines, parseTaxId } from '../../domain/receivables/party-details.js';
import { MAX_BANK_ACCOUNTS, normalizeBankAccount } from '../../domain/receivables/bank-account.js';
import { UserInputError } from '../../domain/errors.js';
import type { ColumnPlan } from './columns.js';
import {
  importAmount,
  importChoice,
  importCountry,
  importCurrency,
  importDate,
  importEmails,
  importTerms,
  importWholeNumber,
  refusalOf,
} from './cells.js';
import type { ImportKind, RowError, SheetRow } from './types.js';

export const DELIVERY_CHANNELS = ['EMAIL', 'PORTAL', 'POST', 'EDI'] as const;
/** MILESTONE contracts bill project milestones, which an import cannot name: created with createContract. */
export const IMPORT_SCHEDULES = ['MONTHLY', 'QUARTERLY', 'ANNUAL'] as const;
const MAX_TERM_MONTHS = 1200;

/** Reads one row's cells by field, collecting its errors. */
export class RowCells {
  readonly errors: RowError[] = [];

  constructor(
    private readonly plan: ColumnPlan,
    private readonly sheetRow: SheetRow,
  ) {}

  has(field: string): boolean {
    return this.plan.at.has(field);
  }

  header(field: string): string | null {
    const index = this.plan.at.get(field);
    return index === undefined ? null : this.plan.columns[index]!.header;
  }

  fail(field: string | null, message: string): void {
    this.errors.push({ column: field === null ? null : this.header(field), message });
  }

  /**
   * The cell's trimmed text; undefined when the file has no such column or the cell is a
   * formula (a text starting with "=", "+", "@", or "-" outside a number column), which is
   * refused: the import takes values, never formulas.
   */
  text(field: string): string | undefined {
    const index = this.plan.at.get(field);
    if (index === undefined) return undefined;
    const text = (this.sheetRow.cells[index] ?? '').trim();
    const typedNumber = this.sheetRow.numeric?.has(index) ?? false;
    const numeric = this.plan.specs.get(field)?.numeric ?? false;
    if (!typedNumber && (/^[=+@]/.test(text) || (!numeric && text.startsWith('-')))) {
      this.fail(field, `A cell starting with '${text[0]}' is a formula; the import takes values only (paste the column as values, or remove the '${text[0]}').`);
      return undefined;
    }
    return text;
  }

  /** The field read by `read`: undefined without a column or on error (collected), null when blank. */
  value<T>(field: string, read: (text: string, typedNumber: boolean) => T): T | null | undefined {
    const text = this.text(field);
    if (text === undefined) return undefined;
    if (text === '') return null;
    try {
      return read(text, this.sheetRow.numeric?.has(this.plan.at.get(field)!) ?? false);
    } catch (error) {
      const message = refusalOf(error);
      if (message === null) throw error;
      this.fail(field, message);
      return undefined;
    }
  }

  /** A value the row cannot do without: a blank cell is an error. */
  required<T>(field: string, what: string, read: (text: string, typedNumber: boolean) => T): T | undefined {
    const value = this.value(field, read);
    if (value === null) this.fail(field, `${what} is required; this cell is blank.`);
    return value ?? undefined;
  }
}

const text = (what: string, max: number) => (value: string) => optionalText(value, [], { max, what });
const date = (value: string, typedNumber: boolean) => importDate(value, typedNumber);

export interface CustomerRecord {
  code: string;
  name: string;
  entityCode?: string | null;
  currency?: string | null;
  paymentTerms?: string | null;
  deliveryChannel?: (typeof DELIVERY_CHANNELS)[number] | null;
  billingEmails?: string[] | null;
  /** Exact decimal text; checked against the customer's currency by the service. */
  creditLimit?: string | null;
  collector?: string | null;
  billingAddressLines?: string[] | null;
  billingCity?: string | null;
  billingPostalCode?: string | null;
  billingCountryCode?: string | null;
  taxId?: string | null;
  bankAccounts?: string[] | null;
}

export interface ContractRecord {
  number: string;
  customerCode: string;
  entityCode?: string | null;
  startDate: IsoDate;
  /** Null: open-ended. From "Contract Term (months)": start + months − 1 day. */
  endDate: IsoDate | null;
  schedule?: (typeof IMPORT_SCHEDULES)[number] | null;
  amountPerPeriod: string;
  currency?: string | null;
  paymentTerms?: string | null;
  description?: string | null;
  poNumber?: string | null;
}

export interface InvoiceRecord {
  externalId: string;
  number: string;
  customerCode: string;
  entityCode?: string | null;
  issueDate: IsoDate;
  dueDate?: IsoDate | null;
  paymentTerms?: string | null;
  currency?: string | null;
  amount: string;
  /** What is still open; the file's Amount when it has no such column. */
  amountRemaining: string;
  poNumber?: string | null;
  description?: string | null;
}

export interface PaymentRecord {
  externalId: string;
  customerCode: string;
  entityCode?: string | null;
  receivedDate: IsoDate;
  /** The cash that comes over: the file's Amount Remaining (unapplied there) when it has one, else Amount. */
  amount: string;
  currency?: string | null;
  reference?: string | null;
  invoiceNumber?: string | null;
}

export type ImportRecord = CustomerRecord | ContractRecord | InvoiceRecord | PaymentRecord;

export interface ConvertedRow<R> {
  row: number;
  /** The upsert key (customer code, contract number, external id) when it could be read. */
  key: string | null;
  record: R | null;
  errors: RowError[];
}

function entityOf(cells: RowCells): string | null | undefined {
  return cells.value('entityCode', (v) => parseCode(v, [], 'The entity code'));
}

function customerRow(cells: RowCells): CustomerRecord | null {
  const code = cells.required('code', 'The customer code', (v) => parseCode(v, [], 'The customer code'));
  const name = cells.required('name', 'The customer name', (v) => requireText(v, [], { max: LIMITS.name, what: 'The customer name' }));
  const record: CustomerRecord = {
    code: code ?? '',
    name: name ?? '',
    entityCode: entityOf(cells),
    currency: cells.value('currency', importCurrency),
    paymentTerms: cells.value('paymentTerms', importTerms),
    deliveryChannel: cells.value('deliveryChannel', (v) => importChoice(v, DELIVERY_CHANNELS, 'a delivery channel')),
    billingEmails: cells.value('billingEmails', importEmails),
    creditLimit: cells.value('creditLimit', importAmount),
    collector: cells.value('collector', text('The collector', LIMITS.name)),
    billingAddressLines: cells.value('billingAddressLines', (v) => parseAddressLines(v.split(/\r?\n/), [])),
    billingCity: cells.value('billingCity', text('The billing city', 100)),
    billingPostalCode: cells.value('billingPostalCode', text('The billing postal code', 20)),
    billingCountryCode: cells.value('billingCountryCode', importCountry),
    taxId: cells.value('taxId', (v) => parseTaxId(v, [])),
    bankAccounts: cells.value('bankAccounts', bankAccounts),
  };
  if (record.creditLimit?.startsWith('-')) cells.fail('creditLimit', `A credit limit cannot be negative (got ${record.creditLimit}); give 0 or more, or leave the cell blank for no limit.`);
  if (record.deliveryChannel === 'EMAIL' && cells.has('billingEmails') && !record.billingEmails?.length && !cells.errors.some((e) => e.column === cells.header('billingEmails'))) {
    cells.fail('billingEmails', 'A customer invoiced by EMAIL needs at least one billing email.');
  }
  if ((record.billingEmails?.length ?? 0) > 20) cells.fail('billingEmails', `${record.billingEmails!.length} billing emails given; at most 20 are accepted.`);
  return code && name ? record : null;
}

/** Accounts separated by ";", "," or line breaks, each normalised like customers' bankAccounts. */
function bankAccounts(value: string): string[] {
  const accounts: string[] = [];
  for (const part of value.split(/[;,\n]/).map((p) => p.trim()).filter((p) => p !== '')) {
    const account = normalizeBankAccount(part);
    if (account === null) throw UserInputError.of([], `"${part.slice(0, 60)}" is not a bank account: give IBANs or account numbers of 4–34 letters and digits, separated by ";" (spaces, dashes and dots are ignored).`);
    if (!accounts.includes(account)) accounts.push(account);
  }
  if (accounts.length > MAX_BANK_ACCOUNTS) throw UserInputError.of([], `${accounts.length} bank accounts given; at most ${MAX_BANK_ACCOUNTS} are accepted.`);
  return accounts;
}

function contractRow(cells: RowCells): ContractRecord | null {
  const number = cells.required('number', 'The contract number', (v) => parseCode(v, [], 'The contract number'));
  const customerCode = cells.required('customerCode', 'The customer code', (v) => parseCode(v, [], 'The customer code'));
  const startDate = cells.required('startDate', 'The start date', date);
  let endDate = cells.value('endDate', date);
  const months = cells.value('termMonths', (v) => importWholeNumber(v, 'a term in months', MAX_TERM_MONTHS));
  if (months && startDate) {
    const fromTerm = addDays(addMonths(startDate, months), -1);
    if (endDate && endDate !== fromTerm) cells.fail('endDate', `The end date ${endDate} does not agree with the term of ${months} months from ${startDate} (which ends ${fromTerm}); give one of them, or make them agree.`);
    endDate = fromTerm;
  }
  if (startDate && endDate && daysBetween(startDate, endDate) < 0) cells.fail('endDate', `The end date ${endDate} is before the start date ${startDate}.`);
  const amountPerPeriod = cells.required('amountPerPeriod', 'The amount per period', importAmount);
  const record: ContractRecord = {
    number: number ?? '',
    customerCode: customerCode ?? '',
    entityCode: entityOf(cells),
    startDate: startDate ?? '',
    endDate: endDate ?? null,
    schedule: cells.value('schedule', (v) => importChoice(v, IMPORT_SCHEDULES, 'a billing schedule for an import (MILESTONE contracts are created with createContract)')),
    amountPerPeriod: amountPerPeriod ?? '',
    currency: cells.value('currency', importCurrency),
    paymentTerms: cells.value('paymentTerms', importTerms),
    description: cells.value('description', text('The description', LIMITS.description)),
    poNumber: cells.value('poNumber', text('The PO number', LIMITS.reference)),
  };
  return number && customerCode && startDate && amountPerPeriod ? record : null;
}

function invoiceRow(cells: RowCells): InvoiceRecord | null {
  const number = cells.required('number', 'The invoice number', (v) => parseCode(v, [], 'The invoice number', 50));
  const externalId = cells.value('externalId', text('The external id', LIMITS.reference)) ?? number;
  const customerCode = cells.required('customerCode', 'The customer code', (v) => parseCode(v, [], 'The customer code'));
  const issueDate = cells.required('issueDate', 'The invoice date', date);
  const dueDate = cells.value('dueDate', date);
  if (issueDate && dueDate && daysBetween(issueDate, dueDate) < 0) cells.fail('dueDate', `The due date ${dueDate} is before the invoice date ${issueDate}.`);
  const amount = cells.required('amount', 'The amount', importAmount);
  const remaining = cells.has('amountRemaining') ? cells.required('amountRemaining', 'The amount remaining', importAmount) : amount;
  const record: InvoiceRecord = {
    externalId: externalId ?? '',
    number: number ?? '',
    customerCode: customerCode ?? '',
    entityCode: entityOf(cells),
    issueDate: issueDate ?? '',
    dueDate,
    paymentTerms: cells.value('paymentTerms', importTerms),
    currency: cells.value('currency', importCurrency),
    amount: amount ?? '',
    amountRemaining: remaining ?? '',
    poNumber: cells.value('poNumber', text('The PO number', LIMITS.reference)),
    description: cells.value('description', text('The description', LIMITS.description)),
  };
  return number && externalId && customerCode && issueDate && amount && remaining ? record : null;
}

function paymentRow(cells: RowCells): PaymentRecord | null {
  const externalId = cells.required('externalId', 'The external id', text('The external id', LIMITS.reference));
  const customerCode = cells.required('customerCode', 'The customer code', (v) => parseCode(v, [], 'The customer code'));
  const receivedDate = cells.required('receivedDate', 'The payment date', date);
  const amount = cells.required('amount', 'The amount', importAmount);
  const remaining = cells.has('amountRemaining') ? cells.required('amountRemaining', 'The amount remaining', importAmount) : amount;
  if (remaining !== undefined && cells.has('amountRemaining') && /^0+(\.0+)?$/.test(remaining)) {
    cells.fail('amountRemaining', 'Nothing of this payment is left unapplied in the source system (amount remaining 0), so there is no cash to bring over; leave fully applied payments out of the file.');
  }
  const record: PaymentRecord = {
    externalId: externalId ?? '',
    customerCode: customerCode ?? '',
    entityCode: entityOf(cells),
    receivedDate: receivedDate ?? '',
    amount: remaining ?? '',
    currency: cells.value('currency', importCurrency),
    reference: cells.value('reference', text('The reference', LIMITS.reference)),
    invoiceNumber: cells.value('invoiceNumber', (v) => parseCode(v, [], 'The invoice number', 50)),
  };
  return externalId && customerCode && receivedDate && amount && remaining ? record : null;
}

const CONVERTERS: Record<ImportKind, (cells: RowCells) => ImportRecord | null> = {
  CUSTOMERS: customerRow,
  CONTRACTS: contractRow,
  INVOICES: invoiceRow,
  PAYMENTS: paymentRow,
};

export function keyOf(kind: ImportKind, record: ImportRecord): string {
  if (kind === 'CUSTOMERS') return (record as CustomerRecord).code;
  if (kind === 'CONTRACTS') return (record as ContractRecord).number;
  return (record as InvoiceRecord | PaymentRecord).externalId;
}

/**
 * Converts rows one at a time (as a CSV is parsed), refusing the same key twice in the file on
 * its second row (an upsert key names one record). Keeps only the keys seen.
 */
export class RowConverter<R extends ImportRecord> {
  private readonly firstRowOf = new Map<string, number>();
  private readonly keyField: string;

  constructor(
    private readonly kind: ImportKind,
    private readonly plan: ColumnPlan,
  ) {
    this.keyField = kind === 'CUSTOMERS' ? 'code' : kind === 'CONTRACTS' ? 'number' : plan.at.has('externalId') ? 'externalId' : 'number';
  }

  convert(sheetRow: SheetRow): ConvertedRow<R> {
    const cells = new RowCells(this.plan, sheetRow);
    const record = CONVERTERS[this.kind](cells) as R | null;
    const key = record ? keyOf(this.kind, record) : null;
    if (key !== null) {
      const first = this.firstRowOf.get(key);
      const what = this.keyField === 'externalId' ? 'external id' : this.keyField === 'code' ? 'customer code' : 'number';
      if (first !== undefined) cells.fail(this.keyField, `${key} is also on row ${first}; a file may hold each ${what} once.`);
      else this.firstRowOf.set(key, sheetRow.row);
    }
    return { row: sheetRow.row, key, record: cells.errors.length === 0 ? record : null, errors: cells.errors };
  }
}

/** Every row converted (RowConverter over a whole table). */
export function convertRows<R extends ImportRecord>(kind: ImportKind, plan: ColumnPlan, rows: readonly SheetRow[]): ConvertedRow<R>[] {
  const converter = new RowConverter<R>(kind, plan);
  return rows.map((row) => converter.convert(row));
}
