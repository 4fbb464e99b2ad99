// Importing a bank statement (PRODUCT.md, "Bank statements"): the file is parsed (pure parsers in
// api/import/bank-statement/), its credit entries are matched to customers and invoices (pure
// rules in api/domain/receivables/bank-matching.ts), kept as bank_transaction rows, and the EXACT
// ones become payments at once — all in one transaction, so a refusal or a crash leaves nothing.
// The number of statements sent is the same for 10 entries as for 10,000: every read is one query
// over all entries, every write one INSERT … SELECT FROM json_to_recordset (the rows as one JSON
// text: through Prisma's raw queries one large text costs far less than an array per column).
import crypto from 'node:crypto';
import type { Actor } from '../../domain/actor.js';
import { COLUMN_LIMITS } from '../../domain/column-limits.js';
import { ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { isCurrencyCode } from '../../domain/money/currencies.js';
import { formatMoney, parseAmount, type Money } from '../../domain/money/money.js';
import { normalizeBankAccount } from '../../domain/receivables/bank-account.js';
import {
  customerNameKey,
  invoiceNumberTokens,
  matchBankEntry,
  normalizeCustomerName,
  settleInMemory,
  type BankMatchResult,
  type MatchCustomer,
  type MatchInvoice,
} from '../../domain/receivables/bank-matching.js';
import { parseBankStatement } from '../../import/bank-statement/parse.js';
import { BankFileError, type BankCsvMapping, type BankStatementFormat, type ParsedEntry, type ParsedStatement } from '../../import/bank-statement/types.js';
import { recordAudit } from '../audit.js';
import { TX_OPTIONS, type Db, type Tx } from '../db-types.js';
import { findEntityOrThrow } from '../lookups.js';
import { periodErrors } from '../period-lock.js';
import { lockInvoicesById } from '../receivables/settlement.js';
import { bankPaymentReference, postBankPayments, type BankPayment } from './bank-payments.js';

export interface ImportBankStatementInput {
  entityCode: string;
  format: BankStatementFormat;
  content: string;
  csvMapping?: BankCsvMapping | null;
}

export interface ImportedStatement {
  statement: { id: number };
  /** True: the statement was imported before (same account and statement id, or same file); nothing was added. */
  duplicate: boolean;
}

/** Errors about the file's entries listed at most; a summary says how many more there are. */
const MAX_ENTRY_ERRORS = 50;
const CONTENT = ['input', 'content'];

export async function importBankStatement(
  prisma: Db,
  actor: Actor,
  limits: { importMaxBytes: number },
  input: ImportBankStatementInput,
): Promise<ImportedStatement> {
  const bytes = Buffer.byteLength(input.content, 'utf8');
  if (bytes > limits.importMaxBytes) {
    throw UserInputError.of(CONTENT, `The file is ${bytes} bytes; at most ${limits.importMaxBytes} bytes (LEDGERLINE_IMPORT_MAX_BYTES) are accepted.`, ErrorCode.OUT_OF_RANGE);
  }
  let statement: ParsedStatement;
  try {
    statement = parseBankStatement(input.format, input.content, input.csvMapping ?? undefined);
  } catch (error) {
    if (error instanceof BankFileError) throw UserInputError.of(CONTENT, error.message);
    throw error;
  }
  const digest = crypto.createHash('sha256').update(input.content, 'utf8').digest('hex');
  return importParsedStatement(prisma, actor, { entityCode: input.entityCode, statement, digest });
}

export interface ImportParsedStatementParams {
  entityCode: string;
  statement: ParsedStatement;
  /** SHA-256 of the file's text, hex: the same file twice is a duplicate. */
  digest: string;
}

interface CheckedEntry {
  entry: ParsedEntry;
  amount: Money;
  account: string | null;
}

/** The work after parsing: checks, duplicate detection, matching and writing. */
export async function importParsedStatement(prisma: Db, actor: Actor, params: ImportParsedStatementParams): Promise<ImportedStatement> {
  const { statement, digest } = params;
  const errors = new ErrorCollector();
  const entity = await errors.checkAsync(() => findEntityOrThrow(prisma, params.entityCode, ['input', 'entityCode']));
  const entries = checkEntries(statement, errors);
  errors.throwIfAny();
  const statementRef = statement.statementRef ?? digest;

  const existing = await prisma.bankStatement.findFirst({
    where: { entityId: entity!.id, OR: [{ digest }, { account: statement.account, statementRef }] },
    select: { id: true },
  });
  if (existing) return { statement: existing, duplicate: true };

  return prisma.$transaction(async (tx) => {
    // ON CONFLICT waits for a racing import of the same statement and then yields to it.
    const [inserted] = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO bank_statement (entity_id, format, account, statement_ref, digest, currency, from_date, to_date, debit_entries, imported_by)
      VALUES (${entity!.id}, ${statement.format}::"BankStatementFormat", ${statement.account}, ${statementRef}, ${digest}, ${statement.currency},
              ${statement.fromDate}::date, ${statement.toDate}::date, ${statement.debitEntries}, ${actor.name})
      ON CONFLICT DO NOTHING
      RETURNING id`;
    if (!inserted) {
      const stored = await tx.bankStatement.findFirstOrThrow({
        where: { entityId: entity!.id, OR: [{ digest }, { account: statement.account, statementRef }] },
        select: { id: true },
      });
      return { statement: stored, duplicate: true };
    }
    const matches = await matchEntries(tx, entity!.id, entries);
    const lines = await insertTransactions(tx, inserted.id, entity!.id, entries, matches);
    const payments: BankPayment[] = [];
    entries.forEach(({ entry, amount }, i) => {
      const match = matches[i]!;
      if (match.status !== 'EXACT') return;
      payments.push({
        bankTransactionId: lines.get(entry.lineNumber)!,
        customerId: match.customerId!,
        receivedDate: entry.bookingDate,
        amount,
        currency: entry.currency,
        reference: bankPaymentReference(entry.entryRef, entry.remittance),
        applications: match.applications,
      });
    });
    const paymentIds = await postBankPayments(tx, payments);
    const count = (status: string) => matches.filter((m) => m.status === status).length;
    await recordAudit(tx, actor, {
      action: 'importBankStatement',
      recordType: 'BankStatement',
      recordId: inserted.id,
      after: {
        format: statement.format, account: statement.account, statementRef, digest, credits: entries.length, debitEntries: statement.debitEntries,
        exact: count('EXACT'), proposed: count('PROPOSED'), unmatched: count('UNMATCHED'), paymentIds: [...paymentIds.values()],
      },
    });
    return { statement: { id: inserted.id }, duplicate: false };
  }, TX_OPTIONS);
}

/** Refuses a statement without credit entries and entries a payment could not be made of. */
function checkEntries(statement: ParsedStatement, errors: ErrorCollector): CheckedEntry[] {
  if (statement.credits.length === 0) {
    errors.add(CONTENT, `The statement has no credit entries (${statement.debitEntries} debit entries, which are not cash received); a statement to import must have at least one credit.`);
    return [];
  }
  const entryErrors = new ErrorCollector();
  const entries = statement.credits.map((entry): CheckedEntry | null => {
    const where = `Entry ${entry.lineNumber}`;
    if (!isCurrencyCode(entry.currency)) {
      entryErrors.add(CONTENT, `${where}: "${entry.currency.slice(0, 10)}" is not a currency Ledgerline knows; use an ISO 4217 code such as USD, EUR, GBP, JPY.`);
      return null;
    }
    const amount = entryErrors.check(() => parseAmount(entry.amount, CONTENT, { currency: entry.currency, below: COLUMN_LIMITS.amount, what: `${where}: the amount` }));
    return amount ? { entry, amount, account: normalizeBankAccount(entry.counterpartyAccount) } : null;
  });
  errors.errors.push(...entryErrors.errors.slice(0, MAX_ENTRY_ERRORS));
  if (entryErrors.errors.length > MAX_ENTRY_ERRORS) errors.add(CONTENT, `…and ${entryErrors.errors.length - MAX_ENTRY_ERRORS} more entries refused.`);
  return entries.filter((entry): entry is CheckedEntry => entry !== null);
}

/**
 * Matches every entry, in file order. The invoices any entry names and the open invoices of
 * every customer a payer could be are locked in one statement (id order); an EXACT match settles
 * its invoices in memory, so a later entry naming them sees them paid. A booking date in a closed
 * period keeps the match but only PROPOSED: no payment can be dated there.
 */
async function matchEntries(tx: Tx, entityId: number, entries: CheckedEntry[]): Promise<BankMatchResult[]> {
  // The entity FOR SHARE before any invoice lock, in the order every posting takes them.
  const closed = await periodErrors(tx, entityId, entries.map(({ entry }, i) => ({ date: entry.bookingDate, field: [String(i)] })));
  const inClosedPeriod = new Set(closed.map((error) => Number(error.field[0])));
  const tokens = entries.map(({ entry }) => invoiceNumberTokens([entry.remittance, ...entry.references]));
  const allTokens = [...new Set(tokens.flat())];
  const named = allTokens.length === 0 ? [] : await tx.$queryRaw<{ id: number; number: string }[]>`
    SELECT id, number FROM invoice WHERE entity_id = ${entityId} AND number = ANY(${allTokens}::text[])`;

  const accounts = [...new Set(entries.map((e) => e.account).filter((a): a is string => a !== null))];
  const nameKeys = entries.map(({ entry }) => customerNameKey(entry.counterparty)).filter((k): k is string => k !== null);
  const prefixes = [...new Set(nameKeys.map((key) => key.slice(0, 2)))];
  const candidates = accounts.length + prefixes.length === 0 ? [] : await tx.$queryRaw<{ id: number; name: string; bank_accounts: string[] }[]>`
    SELECT id, name, bank_accounts FROM customer
    WHERE entity_id = ${entityId}
      AND (bank_accounts && ${accounts}::text[] OR left(lower(regexp_replace(name, '[^[:alnum:]]', '', 'g')), 2) = ANY(${prefixes}::text[]))`;
  const customers: MatchCustomer[] = candidates.map((c) => ({ id: c.id, name: c.name, bankAccounts: c.bank_accounts }));

  const open = customers.length === 0 ? [] : await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM invoice WHERE customer_id = ANY(${customers.map((c) => c.id)}::int[]) AND status IN ('ISSUED', 'PARTIALLY_PAID')`;
  const locked = await lockInvoicesById(tx, [...new Set([...named.map((i) => i.id), ...open.map((i) => i.id)])]);
  const invoices = new Map<number, MatchInvoice>(locked.filter((i) => i.entityId === entityId).map((i) => [i.id, i]));
  const byNumber = new Map([...invoices.values()].map((i) => [i.number, i]));
  const byCustomer = new Map<number, MatchInvoice[]>();
  for (const invoice of invoices.values()) {
    const list = byCustomer.get(invoice.customerId);
    if (list) list.push(invoice);
    else byCustomer.set(invoice.customerId, [invoice]);
  }
  const payersOf = payerIndex(customers);


  return entries.map(({ entry, amount, account }, i) => {
    const payer = payersOf(account, entry.counterparty);
    const match = matchBankEntry({
      entry: { amount, currency: entry.currency, bookingDate: entry.bookingDate, remittance: entry.remittance, references: entry.references, counterparty: entry.counterparty, counterpartyAccount: account },
      namedInvoices: tokens[i]!.map((token) => byNumber.get(token)).filter((invoice): invoice is MatchInvoice => invoice !== undefined),
      customers: payer,
      customerInvoices: payer.flatMap((c) => byCustomer.get(c.id) ?? []),
    });
    if (match.status !== 'EXACT') return match;
    if (inClosedPeriod.has(i)) return { ...match, status: 'PROPOSED' };
    settleInMemory(invoices, match.applications);
    return match;
  });
}

/** The customers an entry's payer could be, by account and by name (the domain decides which fits). */
function payerIndex(customers: MatchCustomer[]): (account: string | null, counterparty: string | null) => MatchCustomer[] {
  const byAccount = new Map<string, MatchCustomer[]>();
  const byName = new Map<string, MatchCustomer[]>();
  const add = (map: Map<string, MatchCustomer[]>, key: string, customer: MatchCustomer) => {
    const list = map.get(key);
    if (!list) map.set(key, [customer]);
    else if (!list.includes(customer)) list.push(customer);
  };
  for (const customer of customers) {
    for (const account of customer.bankAccounts) add(byAccount, account, customer);
    add(byName, normalizeCustomerName(customer.name), customer);
  }
  // A statement names the same few payers again and again: each name is normalized once.
  const names = new Map<string, MatchCustomer[]>();
  const byPayerName = (counterparty: string | null): MatchCustomer[] => {
    if (counterparty === null) return [];
    let found = names.get(counterparty);
    if (found === undefined) {
      const name = normalizeCustomerName(counterparty);
      found = (name ? byName.get(name) : undefined) ?? [];
      names.set(counterparty, found);
    }
    return found;
  };
  return (account, counterparty) => {
    const mine = account ? byAccount.get(account) : undefined;
    const named = byPayerName(counterparty);
    if (mine === undefined) return named;
    if (named.length === 0) return mine;
    return [...new Set([...mine, ...named])];
  };
}

/**
 * Writes the statement's lines in one statement; answers each line number's row id. The rows go
 * as one JSON text read by json_to_recordset: one parameter to send and parse, not seventeen
 * arrays of ten thousand values each.
 */
async function insertTransactions(tx: Tx, statementId: number, entityId: number, entries: CheckedEntry[], matches: BankMatchResult[]): Promise<Map<number, number>> {
  const rows = entries.map(({ entry, amount }, i) => {
    const match = matches[i]!;
    return {
      n: entry.lineNumber,
      ref: entry.entryRef,
      booked: entry.bookingDate,
      value: entry.valueDate,
      amount: amount.toString(),
      currency: entry.currency,
      payer: entry.counterparty,
      account: entry.counterpartyAccount,
      remittance: entry.remittance,
      refs: entry.references,
      status: match.status,
      customer: match.customerId,
      rule: match.rule,
      confidence: match.confidence === null ? null : match.confidence.toFixed(2),
      proposed: match.applications.map((a) => ({
        invoiceId: a.invoiceId, invoiceNumber: a.invoiceNumber, amount: formatMoney(a.amount, entry.currency), discount: formatMoney(a.discount, entry.currency),
      })),
    };
  });
  const inserted = await tx.$queryRawUnsafe<{ id: number; line_number: number }[]>(
    `INSERT INTO bank_transaction (statement_id, entity_id, line_number, entry_ref, booking_date, value_date, amount, currency, counterparty,
       counterparty_account, remittance, "references", status, customer_id, match_rule, confidence, proposed_applications)
     SELECT $1, $2, n, ref, booked, value, amount, currency, payer, account, remittance, ARRAY(SELECT json_array_elements_text(refs)),
       status::"BankTransactionStatus", customer, rule, confidence, proposed
     FROM json_to_recordset($3::json) AS t(n int, ref text, booked date, value date, amount numeric, currency text, payer text, account text,
       remittance text, refs json, status text, customer int, rule int, confidence numeric, proposed jsonb)
     RETURNING id, line_number`,
    statementId,
    entityId,
    JSON.stringify(rows),
  );
  return new Map(inserted.map((row) => [row.line_number, row.id]));
}
