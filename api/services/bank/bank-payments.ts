// Payments made from bank statement lines, written set-based: one INSERT … SELECT FROM
// json_to_recordset for the payments, then their applications through settlement.ts
// postApplications (one statement, and the touched invoices' balances brought in line). The caller has locked the invoices
// and planned every application against the balance it read under that lock.
// payment.bank_transaction_id is unique: a line can never make two payments, whoever races.
import type { IsoDate } from '../../domain/dates.js';
import { LIMITS } from '../../domain/text.js';
import type { Money } from '../../domain/money/money.js';
import type { PlannedApplication } from '../../domain/receivables/payment-application.js';
import type { Tx } from '../db-types.js';
import { postApplications } from '../receivables/settlement.js';

export interface BankPayment {
  bankTransactionId: number;
  customerId: number;
  receivedDate: IsoDate;
  amount: Money;
  currency: string;
  reference: string | null;
  applications: readonly PlannedApplication[];
}

/** The payment's reference: the bank's entry reference, else the remittance text, cut to the column's limit. */
export function bankPaymentReference(entryRef: string | null, remittance: string | null): string | null {
  const text = (entryRef ?? remittance)?.trim();
  return text ? text.slice(0, LIMITS.reference) : null;
}

/**
 * Writes the payments and their applications; answers each line's payment id. Each set of rows
 * goes as one JSON text read by json_to_recordset (one parameter, not an array per column).
 */
export async function postBankPayments(tx: Tx, payments: readonly BankPayment[]): Promise<Map<number, number>> {
  const paymentIds = new Map<number, number>();
  if (payments.length === 0) return paymentIds;
  const unapplied = (p: BankPayment) => p.applications.reduce((left, a) => left.minus(a.amount), p.amount).toString();
  const rows = await tx.$queryRawUnsafe<{ id: number; bank_transaction_id: number }[]>(
    `INSERT INTO payment (customer_id, received_date, amount, currency, reference, unapplied_amount, bank_transaction_id)
     SELECT customer, received, amount, currency, reference, unapplied, line
     FROM json_to_recordset($1::json) AS t(customer int, received date, amount numeric, currency text, reference text, unapplied numeric, line int)
     RETURNING id, bank_transaction_id`,
    JSON.stringify(payments.map((p) => ({
      customer: p.customerId, received: p.receivedDate, amount: p.amount.toString(), currency: p.currency, reference: p.reference, unapplied: unapplied(p), line: p.bankTransactionId,
    }))),
  );
  for (const row of rows) paymentIds.set(row.bank_transaction_id, row.id);

  await postApplications(tx, payments.flatMap((p) => p.applications.map((a) => ({
    invoiceId: a.invoiceId, kind: 'PAYMENT' as const, paymentId: paymentIds.get(p.bankTransactionId)!, amount: a.amount, discount: a.discount, date: p.receivedDate,
  }))));
  return paymentIds;
}
