// What a promise to pay logged against the worklist (asOf, no invoice numbers) may cover: the
// customer's invoices past due as of the worklist's date, read with the worklist's own SQL
// (collectibleCtes), so the promise covers what the collector saw counted there.
import type { PromiseCandidate } from '../../domain/collections/promise-cover.js';
import { Money } from '../../domain/money/money.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { Tx } from '../db-types.js';
import { lockInvoices } from '../lookups.js';
import { collectibleCtes, inOpenDisputeSql } from './worklist.service.js';

export interface PromiseCandidatesParams {
  customerId: number;
  /** The worklist's date: which invoices are past due, disputed or under a promise. */
  asOf: string;
  /** The day the promise is made: what the invoices still owe (not before asOf). */
  madeOn: string;
}

interface CandidateRow {
  id: number;
  number: string;
  currency: string;
  open_now: string;
  in_dispute: boolean;
  under_promise: boolean;
}

function candidatesSql({ customerId, asOf, madeOn }: PromiseCandidatesParams): Prisma.Sql {
  const madeOnSql = Prisma.sql`${madeOn}::date`;
  return Prisma.sql`
    WITH ${collectibleCtes(asOf, { customerId })}
    SELECT d.id, i.number, d.currency::text AS currency,
           (CASE WHEN i.void_date IS NOT NULL AND i.void_date <= ${madeOnSql} THEN 0
                 ELSE i.total - COALESCE((SELECT sum(a.amount + a.discount) FROM payment_application a
                                          WHERE a.invoice_id = i.id AND a.received_date <= ${madeOnSql}), 0) END)::text AS open_now,
           ${inOpenDisputeSql(Prisma.sql`d.id`, asOf)} AS in_dispute,
           EXISTS (SELECT 1 FROM pending x WHERE x.invoice_id = d.id) AS under_promise
    FROM past_due d JOIN invoice i ON i.id = d.id
    ORDER BY d.due_date, i.number`;
}

/**
 * The customer's invoices past due as of `asOf` (any currency, oldest due first), each with
 * what it owes on `madeOn` and whether it is in open dispute or under an unbroken promise. The
 * invoices are locked first and read again, so a dispute or another promise being written on
 * them at the same time either shows here or waits for this transaction.
 */
export async function promiseCandidates(tx: Tx, params: PromiseCandidatesParams): Promise<PromiseCandidate[]> {
  const first = await tx.$queryRaw<CandidateRow[]>(candidatesSql(params));
  if (first.length === 0) return [];
  await lockInvoices(tx, first.map((row) => row.id));
  const rows = await tx.$queryRaw<CandidateRow[]>(candidatesSql(params));
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    currency: row.currency,
    openNow: new Money(row.open_now),
    inDispute: row.in_dispute,
    underPromise: row.under_promise,
  }));
}
