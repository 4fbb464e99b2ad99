// Moving invoice balances: every payment, credit, write-off and reversal is a dated row of
// payment_application (see prisma/schema.prisma), and an invoice's amount_paid, status and
// paid_date follow from its rows. The invoices are locked FOR UPDATE (in id order, so writers
// touching several cannot deadlock) before their balances are read, so racing writers can never
// take a balance below zero.
import { isoFromDate, type IsoDate } from '../../domain/dates.js';
import { Money } from '../../domain/money/money.js';
import type { OpenInvoice } from '../../domain/receivables/payment-application.js';
import type { Payment } from '../../generated/prisma/client.js';
import type { ApplicationKind } from '../../generated/prisma/enums.js';
import { ErrorCode, UserInputError } from '../../domain/errors.js';
import { isRowId } from '../lookups.js';
import type { Tx } from '../db-types.js';

interface LockedInvoiceRow {
  id: number;
  number: string;
  customer_id: number;
  entity_id: number;
  currency: string;
  issue_date: Date;
  due_date: Date;
  payment_terms: string;
  total: string;
  amount_paid: string;
  status: OpenInvoice['status'];
  disputed: boolean;
}

/** An invoice as locked for a balance move: the domain's OpenInvoice plus its entity and dispute flag. */
export interface LockedInvoice extends OpenInvoice {
  entityId: number;
  disputed: boolean;
}

const LOCKED_COLUMNS = `id, number, customer_id, entity_id, currency, issue_date, due_date, payment_terms,
  total::text AS total, amount_paid::text AS amount_paid, status::text AS status, disputed`;

function toLockedInvoice(row: LockedInvoiceRow): LockedInvoice {
  return {
    id: row.id,
    number: row.number,
    customerId: row.customer_id,
    entityId: row.entity_id,
    currency: row.currency,
    issueDate: isoFromDate(row.issue_date),
    dueDate: isoFromDate(row.due_date),
    paymentTerms: row.payment_terms,
    total: new Money(row.total),
    amountPaid: new Money(row.amount_paid),
    status: row.status,
    disputed: row.disputed,
  };
}

/**
 * Locks a payment FOR UPDATE (before its invoices: the order every payment writer keeps) and
 * reads it with its customer's entity; NOT_FOUND at `paymentId` when there is none.
 */
export async function lockPaymentOrThrow(tx: Tx, id: number): Promise<Payment & { entityId: number }> {
  const [locked] = isRowId(id)
    ? await tx.$queryRaw<{ entity_id: number }[]>`
        SELECT c.entity_id FROM payment p JOIN customer c ON c.id = p.customer_id WHERE p.id = ${id} FOR UPDATE OF p`
    : [];
  if (!locked) throw UserInputError.of(['paymentId'], `No payment with id ${String(id).slice(0, 20)} exists.`, ErrorCode.NOT_FOUND);
  return { ...(await tx.payment.findUniqueOrThrow({ where: { id } })), entityId: locked.entity_id };
}

/** Locks the invoices with these numbers (issued ones have numbers) and reads them as they are now. */
export async function lockInvoicesByNumber(tx: Tx, numbers: string[]): Promise<LockedInvoice[]> {
  if (numbers.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<LockedInvoiceRow[]>(
    `SELECT ${LOCKED_COLUMNS} FROM invoice WHERE number = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    numbers,
  );
  return rows.map(toLockedInvoice);
}

/** Locks the invoices with these ids and reads them as they are now. */
export async function lockInvoicesById(tx: Tx, ids: number[]): Promise<LockedInvoice[]> {
  if (ids.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<LockedInvoiceRow[]>(`SELECT ${LOCKED_COLUMNS} FROM invoice WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`, ids);
  return rows.map(toLockedInvoice);
}

/** Locks a customer's open (issued, partly paid) invoices in one currency, for automatic application. */
export async function lockOpenInvoices(tx: Tx, customerId: number, currency: string): Promise<LockedInvoice[]> {
  const rows = await tx.$queryRawUnsafe<LockedInvoiceRow[]>(
    `SELECT ${LOCKED_COLUMNS} FROM invoice
     WHERE customer_id = $1 AND currency = $2 AND status IN ('ISSUED', 'PARTIALLY_PAID')
     ORDER BY id FOR UPDATE`,
    customerId,
    currency,
  );
  return rows.map(toLockedInvoice);
}

/** One dated move of an invoice's balance; exactly one source id fits its kind. */
export interface ApplicationRow {
  invoiceId: number;
  kind: ApplicationKind;
  /** PAYMENT and REVERSAL. */
  paymentId?: number;
  /** CREDIT. */
  creditMemoId?: number;
  /** WRITE_OFF. */
  writeOffId?: number;
  /** Negative for a REVERSAL. */
  amount: Money;
  discount?: Money;
  /** The date it counts from. */
  date: IsoDate;
}

/**
 * Writes the rows (one statement however many: the rows go as one JSON parameter), then brings
 * each touched invoice's amount_paid, status and paid_date in line with all of its rows. The
 * caller has locked the invoices (lock… above) and checked every amount against the open
 * balance it read under that lock.
 */
export async function postApplications(tx: Tx, rows: readonly ApplicationRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO payment_application (kind, payment_id, credit_memo_id, write_off_id, invoice_id, amount, discount, received_date)
     SELECT kind::"ApplicationKind", payment, credit_memo, write_off, invoice, amount, discount, received
     FROM json_to_recordset($1::json)
       AS t(kind text, payment int, credit_memo int, write_off int, invoice int, amount numeric, discount numeric, received date)`,
    JSON.stringify(rows.map((row) => ({
      kind: row.kind,
      payment: row.paymentId ?? null,
      credit_memo: row.creditMemoId ?? null,
      write_off: row.writeOffId ?? null,
      invoice: row.invoiceId,
      amount: row.amount.toString(),
      discount: (row.discount ?? new Money(0)).toString(),
      received: row.date,
    }))),
  );
  await resettleInvoices(tx, [...new Set(rows.map((row) => row.invoiceId))]);
}

/**
 * amount_paid = Σ (amount + discount) of the invoice's rows; ISSUED when nothing is settled,
 * PAID when the total is, else PARTIALLY_PAID; paid_date = the latest row's date while PAID.
 * Void and draft invoices are left as they are.
 */
export async function resettleInvoices(tx: Tx, invoiceIds: number[]): Promise<void> {
  if (invoiceIds.length === 0) return;
  await tx.$executeRaw`
    UPDATE invoice i SET
      amount_paid = s.settled,
      status = (CASE WHEN s.settled <= 0 THEN 'ISSUED' WHEN s.settled >= i.total THEN 'PAID' ELSE 'PARTIALLY_PAID' END)::"InvoiceStatus",
      paid_date = CASE WHEN s.settled >= i.total THEN s.last_date END,
      version = i.version + 1
    FROM (
      SELECT invoice_id, sum(amount + discount) AS settled, max(received_date) AS last_date
      FROM payment_application WHERE invoice_id = ANY(${invoiceIds}::int[]) GROUP BY invoice_id
    ) s
    WHERE i.id = s.invoice_id AND i.status NOT IN ('VOID', 'DRAFT')`;
}
