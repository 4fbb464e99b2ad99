// Which column of the file holds which field, per kind of record. Headers are recognised
// ignoring case, spaces, "/" and punctuation: the API's own field names ("paymentTerms"),
// NetSuite saved-search headers ("Internal ID", "Document Number", "Amount Remaining",
// "PO/Check Number") and Salesforce report headers ("Account Name", "Billing Street",
// "Contract Term (months)"). An explicit mapping [{header, field}] wins over recognition.
// Headers that name no field are listed as ignored; a required field without a column refuses
// the file, naming the headers accepted for it. Pure.
import { ErrorCode, UserInputError, type UserError } from '../../domain/errors.js';
import type { ImportKind } from './types.js';

export interface FieldSpec {
  field: string;
  required?: boolean;
  /** Numbers: a cell starting with "-" is a negative number here, not a formula. */
  numeric?: boolean;
  /** Headers recognised, as written in the sources (compared normalised). */
  headers: string[];
}

const entity: FieldSpec = { field: 'entityCode', headers: ['entityCode', 'Entity', 'Subsidiary'] };
const currency: FieldSpec = { field: 'currency', headers: ['currency', 'Currency', 'Currency Code', 'Account Currency'] };
const paymentTerms: FieldSpec = { field: 'paymentTerms', headers: ['paymentTerms', 'Terms', 'Payment Terms'] };
const customer: FieldSpec = { field: 'customerCode', required: true, headers: ['customerCode', 'customer', 'Customer', 'Account Number', 'Customer ID', 'Customer Code'] };

export const IMPORT_FIELDS: Record<ImportKind, FieldSpec[]> = {
  CUSTOMERS: [
    { field: 'code', required: true, headers: ['code', 'customerCode', 'Account Number', 'Customer ID', 'ID', 'Customer Code', 'Customer Number'] },
    { field: 'name', required: true, headers: ['name', 'Account Name', 'Company Name', 'Customer Name', 'Name'] },
    entity,
    currency,
    paymentTerms,
    { field: 'deliveryChannel', headers: ['deliveryChannel', 'Delivery Channel', 'Invoice Delivery'] },
    { field: 'billingEmails', headers: ['billingEmails', 'billingEmail', 'Billing Email', 'Email', 'Invoice Email'] },
    { field: 'creditLimit', numeric: true, headers: ['creditLimit', 'Credit Limit'] },
    { field: 'collector', headers: ['collector', 'Collector', 'Account Owner', 'Sales Rep'] },
    { field: 'billingAddressLines', headers: ['billingAddressLines', 'billingStreet', 'Billing Street', 'Billing Address 1', 'Address'] },
    { field: 'billingCity', headers: ['billingCity', 'Billing City', 'City'] },
    { field: 'billingPostalCode', headers: ['billingPostalCode', 'Billing Zip/Postal Code', 'Billing Postal Code', 'Billing Zip', 'Zip', 'Postal Code'] },
    { field: 'billingCountryCode', headers: ['billingCountryCode', 'billingCountry', 'Billing Country', 'Country'] },
    { field: 'taxId', headers: ['taxId', 'Tax ID', 'Tax Number', 'VAT Number', 'Tax Reg. Number'] },
    { field: 'bankAccounts', headers: ['bankAccounts', 'Bank Account', 'Bank Accounts', 'IBAN'] },
  ],
  CONTRACTS: [
    { field: 'number', required: true, headers: ['number', 'contractNumber', 'Contract Number', 'Contract ID'] },
    customer,
    { field: 'startDate', required: true, headers: ['startDate', 'Contract Start Date', 'Start Date'] },
    { field: 'endDate', headers: ['endDate', 'Contract End Date', 'End Date'] },
    { field: 'termMonths', numeric: true, headers: ['termMonths', 'Contract Term (months)', 'Contract Term', 'Term (months)'] },
    { field: 'schedule', headers: ['schedule', 'Billing Frequency', 'Billing Schedule'] },
    { field: 'amountPerPeriod', required: true, numeric: true, headers: ['amountPerPeriod', 'Amount Per Period', 'Monthly Amount', 'Period Amount', 'Amount'] },
    currency,
    paymentTerms,
    { field: 'description', headers: ['description', 'Description', 'Contract Name'] },
    { field: 'poNumber', headers: ['poNumber', 'PO Number', 'Customer PO', 'PO/Check Number'] },
    entity,
  ],
  INVOICES: [
    { field: 'externalId', headers: ['externalId', 'Internal ID', 'External ID'] },
    { field: 'number', required: true, headers: ['number', 'invoiceNumber', 'Document Number', 'Invoice Number'] },
    customer,
    { field: 'issueDate', required: true, headers: ['issueDate', 'Date', 'Invoice Date', 'Transaction Date'] },
    { field: 'dueDate', headers: ['dueDate', 'Due Date'] },
    paymentTerms,
    currency,
    { field: 'amount', required: true, numeric: true, headers: ['amount', 'total', 'Amount', 'Amount (Gross)', 'Total'] },
    { field: 'amountRemaining', numeric: true, headers: ['amountRemaining', 'Amount Remaining', 'Amount Due', 'Open Balance', 'balance'] },
    { field: 'poNumber', headers: ['poNumber', 'PO/Check Number', 'PO Number'] },
    { field: 'description', headers: ['description', 'Memo', 'Description'] },
    entity,
  ],
  PAYMENTS: [
    { field: 'externalId', required: true, headers: ['externalId', 'Internal ID', 'External ID'] },
    customer,
    { field: 'receivedDate', required: true, headers: ['receivedDate', 'Date', 'Payment Date', 'Received Date'] },
    { field: 'amount', required: true, numeric: true, headers: ['amount', 'Amount', 'Payment Amount'] },
    { field: 'amountRemaining', numeric: true, headers: ['amountRemaining', 'Amount Remaining', 'Unapplied', 'Unapplied Amount'] },
    currency,
    { field: 'reference', headers: ['reference', 'PO/Check Number', 'Check Number', 'Reference', 'Memo'] },
    { field: 'invoiceNumber', headers: ['invoiceNumber', 'Applied To', 'Invoice Number', 'Invoice'] },
    entity,
  ],
};

/** A header compared: lower case, letters and digits only ("PO/Check Number" → "pochecknumber"). */
export function normalizeHeader(header: string): string {
  return header.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]/g, '');
}

export interface ImportColumnMapping {
  header: string;
  field: string;
}

export interface ColumnPlan {
  /** Every header of the file and the field it was read as (null: ignored). */
  columns: { header: string; field: string | null }[];
  /** Field → index of its column. */
  at: Map<string, number>;
  specs: Map<string, FieldSpec>;
}

/** Decides which column holds which field; refuses (all problems at once) a bad mapping or a missing required field. */
export function planColumns(kind: ImportKind, header: readonly string[], mapping: readonly ImportColumnMapping[] = []): ColumnPlan {
  const specs = IMPORT_FIELDS[kind];
  const byField = new Map(specs.map((s) => [s.field.toLowerCase(), s]));
  const errors: UserError[] = [];
  const explicit = new Map<string, FieldSpec>();
  mapping.forEach((entry, i) => {
    const spec = byField.get(String(entry.field).trim().toLowerCase());
    if (!spec) {
      errors.push({ field: ['input', 'mapping', String(i), 'field'], code: ErrorCode.INVALID, message: `"${String(entry.field).slice(0, 40)}" is not a field of ${kind.toLowerCase()}; accepted: ${specs.map((s) => s.field).join(', ')}.` });
    } else if (!header.some((h) => normalizeHeader(h) === normalizeHeader(entry.header))) {
      errors.push({ field: ['input', 'mapping', String(i), 'header'], code: ErrorCode.NOT_FOUND, message: `The file has no column "${String(entry.header).slice(0, 60)}"; its headers are: ${header.join(', ').slice(0, 500)}.` });
    } else {
      explicit.set(normalizeHeader(entry.header), spec);
    }
  });
  const recognised = new Map<string, FieldSpec>();
  for (const spec of specs) for (const h of spec.headers) if (!recognised.has(normalizeHeader(h))) recognised.set(normalizeHeader(h), spec);
  const at = new Map<string, number>();
  const mappedFields = new Set([...explicit.values()].map((s) => s.field));
  const columns = header.map((h, index) => {
    const key = normalizeHeader(h);
    let spec = explicit.get(key);
    // A field given an explicit column is not also taken from a recognised header.
    if (!spec && key !== '') {
      const guess = recognised.get(key);
      if (guess && !mappedFields.has(guess.field)) spec = guess;
    }
    if (!spec || at.has(spec.field)) return { header: h, field: null };
    at.set(spec.field, index);
    return { header: h, field: spec.field };
  });
  for (const spec of specs) {
    if (spec.required && !at.has(spec.field)) {
      errors.push({
        field: ['input', 'content'],
        code: ErrorCode.INVALID,
        message: `No column holds ${spec.field}, which ${kind.toLowerCase()} need; name a column ${spec.headers.map((h) => `"${h}"`).join(' or ')}, or map one with mapping: [{header, field: "${spec.field}"}].`,
      });
    }
  }
  if (errors.length > 0) throw new UserInputError(errors);
  return { columns, at, specs: new Map(specs.map((s) => [s.field, s])) };
}
