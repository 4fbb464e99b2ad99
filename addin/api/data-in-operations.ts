// The operations of "Data in" the add-in sends: the bank lines still to apply (Cash to apply),
// confirming them as payments, and the import panel's importRecords / importBankStatement.
// Typed by hand from schema.graphql like operations.ts, and held to it by their own test.
import type { Decimal, IsoDate, UserError } from './operations.js';

export type BankTransactionStatus = 'EXACT' | 'PROPOSED' | 'UNMATCHED' | 'CONFIRMED';
export type BankStatementFormat = 'CAMT053' | 'BAI2' | 'CSV';
export type ImportKind = 'CUSTOMERS' | 'CONTRACTS' | 'INVOICES' | 'PAYMENTS';
export type ImportFormat = 'CSV' | 'XLSX';
export const IMPORT_KINDS: readonly ImportKind[] = ['CUSTOMERS', 'CONTRACTS', 'INVOICES', 'PAYMENTS'];
export const BANK_STATEMENT_FORMATS: readonly BankStatementFormat[] = ['CAMT053', 'BAI2', 'CSV'];

const MATCH_FIELDS = 'customer { code name } applications { invoiceNumber amount discount } confidence rule';
const TRANSACTION_FIELDS = `id lineNumber entryRef bookingDate valueDate amount currency counterparty counterpartyAccount remittance references status
  match { ${MATCH_FIELDS} }
  payment { id amount unappliedAmount }
  statement { id account statementRef entity { code } }`;

export const BANK_TRANSACTIONS_PAGE = /* GraphQL */ `query BankTransactionsPage($first: Int!, $after: String, $status: [BankTransactionStatus!], $entityCode: String) {
  bankTransactions(first: $first, after: $after, status: $status, entityCode: $entityCode) {
    pageInfo { hasNextPage endCursor }
    edges { node { ${TRANSACTION_FIELDS} } }
  }
}`;
export interface BankMatchApplication {
  invoiceNumber: string;
  amount: Decimal;
  discount: Decimal;
}
export interface BankTransactionNode {
  id: string;
  lineNumber: number;
  entryRef: string | null;
  bookingDate: IsoDate;
  valueDate: IsoDate | null;
  amount: Decimal;
  currency: string;
  counterparty: string | null;
  counterpartyAccount: string | null;
  remittance: string | null;
  references: string[];
  status: BankTransactionStatus;
  /** Null when UNMATCHED. */
  match: { customer: { code: string; name: string }; applications: BankMatchApplication[]; confidence: number; rule: number } | null;
  /** The payment made from the line (EXACT and CONFIRMED). */
  payment: { id: string; amount: Decimal; unappliedAmount: Decimal } | null;
  statement: { id: string; account: string; statementRef: string; entity: { code: string } };
}

// Turns lines into payments, all of them or none.
export const CONFIRM_BANK_MATCHES = /* GraphQL */ `mutation ConfirmBankMatches($input: ConfirmBankMatchesInput!) {
  confirmBankMatches(input: $input) {
    transactions { ${TRANSACTION_FIELDS} }
    userErrors { field message code }
  }
}`;
export interface ConfirmBankMatchesData {
  confirmBankMatches: { transactions: BankTransactionNode[] | null; userErrors: UserError[] };
}

export const IMPORT_BANK_STATEMENT = /* GraphQL */ `mutation ImportBankStatement($input: ImportBankStatementInput!) {
  importBankStatement(input: $input) {
    statement { id account statementRef currency fromDate toDate debitEntries transactions { id status amount currency } }
    duplicate
    userErrors { field message code }
  }
}`;
export interface ImportBankStatementData {
  importBankStatement: {
    statement: {
      id: string;
      account: string;
      statementRef: string;
      currency: string | null;
      fromDate: IsoDate | null;
      toDate: IsoDate | null;
      debitEntries: number;
      transactions: { id: string; status: BankTransactionStatus; amount: Decimal; currency: string }[];
    } | null;
    duplicate: boolean;
    userErrors: UserError[];
  };
}

export const IMPORT_RECORDS = /* GraphQL */ `mutation ImportRecords($input: ImportRecordsInput!) {
  importRecords(input: $input) {
    dryRun created updated unchanged failed
    columns { header field }
    rows { row key status errors { column message } }
    userErrors { field message code }
  }
}`;
export type ImportRowStatus = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'ERROR';
export interface ImportRecordsResult {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  columns: { header: string; field: string | null }[];
  rows: { row: number; key: string | null; status: ImportRowStatus; errors: { column: string | null; message: string }[] }[];
  userErrors: UserError[];
}
export interface ImportRecordsData {
  importRecords: ImportRecordsResult;
}
