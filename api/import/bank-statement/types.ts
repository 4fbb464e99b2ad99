// What every bank statement parser returns (camt.053, BAI2, CSV): plain records, amounts as
// exact decimal strings, dates as YYYY-MM-DD. The parsers are pure: text in, this out, or a
// BankFileError saying what is wrong with the file and where.

export type BankStatementFormat = 'CAMT053' | 'BAI2' | 'CSV';

export interface ParsedStatement {
  format: BankStatementFormat;
  /** The account as the file gives it (IBAN, or BAI2/CSV account number), trimmed. */
  account: string;
  /** The statement's own id (camt.053 Stmt/Id; BAI2 file id + group as-of date + account). Null: none in the file (CSV). */
  statementRef: string | null;
  /** The account's currency where the file states it (camt.053 Acct/Ccy, BAI2 group/account currency). */
  currency: string | null;
  fromDate: string | null;
  toDate: string | null;
  /** Credit entries only (cash received), in file order. */
  credits: ParsedEntry[];
  /** Debit entries seen and left out (not cash received; camt.053 reversals count here whichever their direction). */
  debitEntries: number;
}

export interface ParsedEntry {
  /**
   * Position among the file's entries (credits and debits), from 1. A camt.053 batch split into its
   * transactions takes one position each; entries that are neither (BAI2 type codes outside
   * 100–699, camt.053 entries not booked, CSV rows of amount zero) take none.
   */
  lineNumber: number;
  /** The bank's reference for the entry (camt.053 AcctSvcrRef, else NtryRef; BAI2 bank reference). */
  entryRef: string | null;
  bookingDate: string;
  valueDate: string | null;
  /** Positive, with at most the currency's minor-unit decimals, e.g. "1250.00". */
  amount: string;
  currency: string;
  /** The payer's name (camt.053 RltdPties/Dbtr/Nm or UltmtDbtr). */
  counterparty: string | null;
  /** The payer's account (camt.053 RltdPties/DbtrAcct/Id/IBAN or Othr/Id), as given. */
  counterpartyAccount: string | null;
  /** Unstructured remittance (camt.053 RmtInf/Ustrd lines joined by a space; BAI2 88 text), as given. */
  remittance: string | null;
  /** Structured references: camt.053 RmtInf/Strd/RfrdDocInf/Nb and CdtrRefInf/Ref, EndToEndId unless NOTPROVIDED; BAI2 customer reference. */
  references: string[];
}

/** A CSV statement's columns, by header text (matched ignoring case and surrounding spaces). */
export interface BankCsvMapping {
  bookingDate: string;
  /** A signed amount column (credits positive)… */
  amount?: string | null;
  /** …or a credit column and a debit column. */
  credit?: string | null;
  debit?: string | null;
  currency?: string | null;
  /** The currency when there is no currency column. */
  defaultCurrency?: string | null;
  valueDate?: string | null;
  counterparty?: string | null;
  counterpartyAccount?: string | null;
  remittance?: string | null;
  entryRef?: string | null;
  /** The statement's account (a value, not a header); default "CSV". */
  account?: string | null;
  /** YYYY-MM-DD (default), DD.MM.YYYY, DD/MM/YYYY or MM/DD/YYYY. */
  dateFormat?: string | null;
  /** "." (default) or ",": the decimal separator of amounts. */
  decimalSeparator?: string | null;
  /** "," (default), ";" or "\t". */
  delimiter?: string | null;
}

/** The file cannot be read as a statement of its format; nothing was written. */
export class BankFileError extends Error {
  constructor(
    message: string,
    /** Where in the file, e.g. "Ntry 3" or "line 12"; null for the whole file. */
    readonly location: string | null = null,
  ) {
    super(location ? `${location}: ${message}` : message);
    this.name = 'BankFileError';
  }
}
