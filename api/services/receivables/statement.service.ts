// A customer's statement for a period (PRODUCT.md, "Statements"): the opening balance, every
// document that moved the balance in the period with its running balance, the closing balance
// and its aging, unapplied cash apart.
//
// Balances are the aging report's own: openInvoicesAsOf (api/services/reporting.ts) summed for
// the customer, so the closing balance is the customer's aging total as of `to`. The lines are
// dated as that function counts them, so opening + Σ lines = closing for any period:
//   INVOICE   +total on the issue date;
//   PAYMENT   −Σ applied, one line per payment, on its received date (or the invoice's issue
//             date when the cash came first: the invoice only counts from then);
//   DISCOUNT  −the discount taken, per invoice, dated like the payment that took it;
//   CREDIT    −Σ a credit memo applied, one line per memo and date (issued against an invoice,
//             on the memo's date; open credit applied later, on the day applyCredit applied it);
//   WRITE_OFF −the amount written off, per invoice, on the write-off's date;
//   REVERSAL  +Σ a bounced payment's applications undone, on the reversal date;
//   VOID      −the open balance on the void date (applications after it no longer count).
// The lines come from payment_application by kind, however the rows were written. Open credit
// (credit memos not yet applied) is like unapplied cash: it is no part of the balance and is
// shown apart, as `openCredit`. A refund pays back unapplied cash and never moves the balance,
// so it has no line here.
//
// Currency: a statement is in one currency, the customer's billing currency unless `currency`
// names another. Invoices and payments of the customer in other currencies are not translated
// (a customer owes an EUR invoice in EUR, and a translated figure would move with the rate, so
// the statement would no longer add up): they are listed apart, in a statement of their own
// currency, and `otherCurrencies` names those currencies.
import { queueCustomerDocument } from '../../delivery/outbox.js';
import type { Statement, StatementLine, StatementLineKind } from '../../documents/types.js';
import type { Actor } from '../../domain/actor.js';
import { addDays, addMonths, dateFromIso, daysBetween, isoFromDate, parseIsoDate, type IsoDate } from '../../domain/dates.js';
import { ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { MAX_BATCH_ROWS } from '../../domain/limits.js';
import { formatMoney, Money, parseCurrency, ZERO } from '../../domain/money/money.js';
import type { AgingBucket } from '../../domain/receivables/aging.js';
import { Prisma, type Customer } from '../../generated/prisma/client.js';
import { recordAudit } from '../audit.js';
import { TX_OPTIONS, type Db, type Tx } from '../db-types.js';
import { findCustomerOrThrow, findEntityOrThrow } from '../lookups.js';
import { openInvoicesAsOf } from '../reporting.js';
import { agingBucketSumsSql } from './aging-buckets.sql.js';

/** The longest period one statement covers. */
export const MAX_STATEMENT_YEARS = 5;

export interface CustomerStatementParams {
  customerCode: string;
  from: IsoDate;
  to: IsoDate;
  /** Default: the customer's billing currency. */
  currency?: string | null;
}

export interface CustomerStatement extends Statement {
  /** Currencies other than `currency` the customer has invoices or payments in by `to`: each has a statement of its own. */
  otherCurrencies: string[];
  /** Credit memos dated by `to` and not applied to invoices by then: shown apart, like unapplied cash. */
  openCredit: string;
}

type BalancesRow = Record<AgingBucket | 'total', string | null> & { opening: string; unapplied: string; open_credit: string; other_currencies: string[] | null };

interface LineRow {
  date: Date;
  kind: StatementLineKind;
  reference: string;
  amount: string;
}

export async function customerStatement(prisma: Db | Tx, params: CustomerStatementParams): Promise<CustomerStatement> {
  const { from, to } = checkStatementPeriod(params.from, params.to);
  const customer = await findCustomerOrThrow(prisma, params.customerCode, ['customerCode']);
  const currency = params.currency ? parseCurrency(params.currency, ['currency']) : customer.currency;

  const [balances] = await prisma.$queryRaw<BalancesRow[]>(balancesSql(customer, currency, from, to));
  const rows = await prisma.$queryRaw<LineRow[]>(linesSql(customer, currency, from, to));

  const opening = new Money(balances!.opening);
  let running = opening;
  const lines: StatementLine[] = rows.map((row) => {
    running = running.plus(row.amount);
    return { date: isoFromDate(row.date), kind: row.kind, reference: row.reference, amount: formatMoney(row.amount, currency), balance: formatMoney(running, currency) };
  });
  const bucket = (key: AgingBucket | 'total') => formatMoney(balances![key] ?? ZERO, currency);
  const aging: Statement['aging'] = {
    current: bucket('current'),
    days1To30: bucket('days1To30'),
    days31To60: bucket('days31To60'),
    days61To90: bucket('days61To90'),
    over90: bucket('over90'),
    total: bucket('total'),
  };
  return {
    customer: { code: customer.code, name: customer.name },
    currency,
    from,
    to,
    openingBalance: formatMoney(opening, currency),
    closingBalance: aging.total,
    unappliedCash: formatMoney(balances!.unapplied, currency),
    openCredit: formatMoney(balances!.open_credit, currency),
    lines,
    aging,
    otherCurrencies: balances!.other_currencies ?? [],
  };
}

/** Checks a statement's period: two calendar dates, from ≤ to, at most MAX_STATEMENT_YEARS long. */
export function checkStatementPeriod(fromText: string, toText: string): { from: IsoDate; to: IsoDate } {
  const errors = new ErrorCollector();
  const from = errors.check(() => parseIsoDate(fromText, ['from']));
  const to = errors.check(() => parseIsoDate(toText, ['to']));
  errors.throwIfAny();
  if (daysBetween(from!, to!) < 0) {
    throw UserInputError.of(['to'], `The period ends (to ${to}) before it starts (from ${from}); to must be on or after from.`, ErrorCode.OUT_OF_RANGE);
  }
  const limit = addDays(addMonths(from!, 12 * MAX_STATEMENT_YEARS), -1);
  if (daysBetween(limit, to!) > 0) {
    throw UserInputError.of(['to'], `A statement covers at most ${MAX_STATEMENT_YEARS} years: from ${from} the latest to is ${limit} (got ${to}).`, ErrorCode.OUT_OF_RANGE);
  }
  return { from: from!, to: to! };
}

/** The customer's invoices counted as the aging report counts them on `asOf`, in `currency`. */
function customerOpenInvoices(customer: Customer, currency: string, asOf: IsoDate): Prisma.Sql {
  return Prisma.sql`SELECT o.* FROM (${openInvoicesAsOf(asOf, null)}) o WHERE o.customer_id = ${customer.id} AND o.currency = ${currency}`;
}

function balancesSql(customer: Customer, currency: string, from: IsoDate, to: IsoDate): Prisma.Sql {
  const toSql = Prisma.sql`${to}::date`;
  return Prisma.sql`
    WITH opening AS (SELECT COALESCE(sum(amount), 0) AS amount FROM (${customerOpenInvoices(customer, currency, addDays(from, -1))}) o),
    closing AS (
      SELECT ${agingBucketSumsSql(Prisma.sql`amount`, Prisma.sql`days_past_due`)}, sum(amount)::text AS total
      FROM (${customerOpenInvoices(customer, currency, to)}) o
    ),
    -- As the aging report shows it: payments received by the date and not applied.
    unapplied AS (
      SELECT COALESCE(sum(p.unapplied_amount), 0) AS amount FROM payment p
      WHERE p.customer_id = ${customer.id} AND p.currency = ${currency} AND p.received_date <= ${toSql} AND p.unapplied_amount > 0
    ),
    -- Credit memos dated by the date, less what was applied of them by then.
    open_credit AS (
      SELECT COALESCE(sum(m.total - COALESCE((SELECT sum(a.amount) FROM payment_application a
                                              WHERE a.credit_memo_id = m.id AND a.received_date <= ${toSql}), 0)), 0) AS amount
      FROM credit_memo m WHERE m.customer_id = ${customer.id} AND m.currency = ${currency} AND m.date <= ${toSql}
    ),
    others AS (
      SELECT array_agg(DISTINCT currency::text ORDER BY currency::text) AS currencies FROM (
        SELECT currency FROM invoice WHERE customer_id = ${customer.id} AND currency <> ${currency} AND status <> 'DRAFT' AND issue_date <= ${toSql}
        UNION SELECT currency FROM payment WHERE customer_id = ${customer.id} AND currency <> ${currency} AND received_date <= ${toSql}
      ) x
    )
    SELECT opening.amount::text AS opening, closing.*, unapplied.amount::text AS unapplied, open_credit.amount::text AS open_credit,
           others.currencies AS other_currencies
    FROM opening, closing, unapplied, open_credit, others`;
}

function linesSql(customer: Customer, currency: string, from: IsoDate, to: IsoDate): Prisma.Sql {
  const period = Prisma.sql`BETWEEN ${from}::date AND ${to}::date`;
  const customerInvoices = Prisma.sql`i.customer_id = ${customer.id} AND i.currency = ${currency} AND i.status <> 'DRAFT'`;
  // An application counts from its received date, or from the issue date when the cash came first,
  // and no longer once the invoice is void.
  const applications = Prisma.sql`
    SELECT a.kind, a.payment_id, a.credit_memo_id, a.write_off_id, a.amount, a.discount, i.id AS invoice_id, i.number,
           greatest(a.received_date, i.issue_date) AS date
    FROM payment_application a JOIN invoice i ON i.id = a.invoice_id
    WHERE ${customerInvoices}`;
  return Prisma.sql`
    WITH applied AS (SELECT * FROM (${applications}) x WHERE x.date ${period}
                     AND NOT EXISTS (SELECT 1 FROM invoice v WHERE v.id = x.invoice_id AND v.void_date < x.date)),
    lines AS (
      SELECT i.issue_date AS date, 1 AS ord, 'INVOICE' AS kind, i.number AS reference, i.total AS amount
      FROM invoice i WHERE ${customerInvoices} AND i.issue_date ${period}
      UNION ALL
      SELECT x.date, 2, 'PAYMENT', COALESCE(p.reference, 'Payment ' || p.id::text), -sum(x.amount)
      FROM applied x JOIN payment p ON p.id = x.payment_id
      WHERE x.kind = 'PAYMENT' AND x.amount <> 0 GROUP BY x.date, p.id, p.reference
      UNION ALL
      -- An imported invoice's part paid in the system it came from, dated its issue date.
      SELECT x.date, 2, 'OPENING', x.number, -sum(x.amount + x.discount)
      FROM applied x WHERE x.kind = 'OPENING' GROUP BY x.date, x.invoice_id, x.number
      UNION ALL
      SELECT x.date, 3, 'DISCOUNT', x.number, -sum(x.discount)
      FROM applied x WHERE x.kind NOT IN ('REVERSAL', 'OPENING') AND x.discount <> 0 GROUP BY x.date, x.invoice_id, x.number
      UNION ALL
      SELECT x.date, 4, 'CREDIT', m.number, -sum(x.amount)
      FROM applied x JOIN credit_memo m ON m.id = x.credit_memo_id
      WHERE x.kind = 'CREDIT' AND x.amount <> 0 GROUP BY x.date, m.id, m.number
      UNION ALL
      SELECT x.date, 5, 'WRITE_OFF', x.number, -sum(x.amount)
      FROM applied x WHERE x.kind = 'WRITE_OFF' AND x.amount <> 0 GROUP BY x.date, x.invoice_id, x.number
      UNION ALL
      -- Undoing applications raises the balance: the rows carry the negated amounts (and discounts).
      SELECT x.date, 6, 'REVERSAL', COALESCE(p.reference, 'Payment ' || p.id::text), -sum(x.amount + x.discount)
      FROM applied x JOIN payment p ON p.id = x.payment_id
      WHERE x.kind = 'REVERSAL' GROUP BY x.date, p.id, p.reference
      UNION ALL
      SELECT i.void_date, 7, 'VOID', i.number,
             -(i.total - COALESCE((SELECT sum(a.amount + a.discount) FROM payment_application a
                                   WHERE a.invoice_id = i.id AND a.received_date <= i.void_date), 0))
      FROM invoice i WHERE ${customerInvoices} AND i.void_date ${period}
    )
    SELECT date, kind, reference, amount::text AS amount FROM lines ORDER BY date, ord, reference`;
}

export interface SendStatementsInput {
  asOf: string;
  entityCode?: string | null;
  customerCodes?: string[] | null;
}

/** The period sendStatements covers: the calendar month up to and including `asOf`. */
export function statementPeriodFor(asOf: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: `${asOf.slice(0, 8)}01`, to: asOf };
}

/**
 * Queues a statement (STATEMENT deliveries through the outbox) for the calendar month up to
 * `asOf` to each chosen customer that had activity in its billing currency in that period
 * (an invoice issued or voided, a payment, credit or write-off applied) or has an open balance,
 * unapplied cash or open credit on `asOf`. A customer whose statement for the same period was queued already is skipped, so a
 * repeated run queues nothing new; the chosen customers are locked first, so two racing runs
 * cannot both queue one. Returns how many statements were queued.
 */
export async function sendStatements(prisma: Db, actor: Actor, input: SendStatementsInput): Promise<number> {
  const errors = new ErrorCollector();
  const asOf = errors.check(() => parseIsoDate(input.asOf, ['asOf']));
  const codes = input.customerCodes?.map((code) => code.trim().toUpperCase()) ?? null;
  if (codes && codes.length > MAX_BATCH_ROWS) errors.add(['customerCodes'], `${codes.length} customer codes given; at most ${MAX_BATCH_ROWS} per run.`, ErrorCode.OUT_OF_RANGE);
  const entity = input.entityCode ? await errors.checkAsync(() => findEntityOrThrow(prisma, input.entityCode!, ['entityCode'])) : null;
  const chosen = codes ? await prisma.customer.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } }) : null;
  if (codes && chosen) {
    const known = new Set(chosen.map((c) => c.code));
    codes.forEach((code, i) => {
      if (!known.has(code)) errors.add(['customerCodes', String(i)], `No customer with code "${code.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
    });
  }
  errors.throwIfAny();
  const { from, to } = statementPeriodFor(asOf!);
  const scope = { entityId: entity?.id ?? null, customerIds: chosen?.map((c) => c.id) ?? null };

  return prisma.$transaction(async (tx) => {
    const candidates = await tx.$queryRaw<{ id: number }[]>(statementCustomersSql(scope, from, to));
    if (candidates.length === 0) return 0;
    const ids = candidates.map((row) => row.id);
    await tx.$queryRaw`SELECT id FROM customer WHERE id = ANY(${ids}::int[]) ORDER BY id FOR UPDATE`;
    // Read again under the locks: a racing run that queued some of them has committed by now.
    const due = await tx.$queryRaw<{ id: number }[]>(statementCustomersSql({ ...scope, customerIds: ids }, from, to));
    const customers = await tx.customer.findMany({ where: { id: { in: due.map((row) => row.id) } }, orderBy: { code: 'asc' } });
    for (const customer of customers) {
      await queueCustomerDocument(tx, { kind: 'STATEMENT', customer, statementFrom: dateFromIso(from), statementTo: dateFromIso(to) });
    }
    await recordAudit(tx, actor, customers.map((customer) => ({
      action: 'sendStatements',
      recordType: 'Customer',
      recordId: customer.id,
      after: { statement: { customerCode: customer.code, from, to } },
    })));
    return customers.length;
  }, TX_OPTIONS);
}

/** Customers (in scope) due a statement for from–to that none was queued for yet. */
function statementCustomersSql(scope: { entityId: number | null; customerIds: number[] | null }, from: IsoDate, to: IsoDate): Prisma.Sql {
  const period = Prisma.sql`BETWEEN ${from}::date AND ${to}::date`;
  const filters = [
    ...(scope.entityId === null ? [] : [Prisma.sql`c.entity_id = ${scope.entityId}`]),
    ...(scope.customerIds === null ? [] : [Prisma.sql`c.id = ANY(${scope.customerIds}::int[])`]),
  ];
  return Prisma.sql`
    WITH open AS (SELECT customer_id, currency FROM (${openInvoicesAsOf(to, scope.entityId)}) o WHERE o.amount > 0)
    SELECT c.id FROM customer c
    WHERE ${filters.length > 0 ? Prisma.join(filters, ' AND ') : Prisma.sql`true`}
      AND (EXISTS (SELECT 1 FROM open o WHERE o.customer_id = c.id AND o.currency = c.currency)
        OR EXISTS (SELECT 1 FROM payment p WHERE p.customer_id = c.id AND p.currency = c.currency AND p.received_date <= ${to}::date AND p.unapplied_amount > 0)
        OR EXISTS (SELECT 1 FROM credit_memo m WHERE m.customer_id = c.id AND m.currency = c.currency AND m.date <= ${to}::date AND m.unapplied_amount > 0)
        OR EXISTS (SELECT 1 FROM invoice i WHERE i.customer_id = c.id AND i.currency = c.currency AND i.status <> 'DRAFT'
                     AND (i.issue_date ${period} OR i.void_date ${period}))
        OR EXISTS (SELECT 1 FROM payment_application a JOIN invoice i ON i.id = a.invoice_id
                   WHERE i.customer_id = c.id AND i.currency = c.currency AND a.received_date ${period}))
      AND NOT EXISTS (SELECT 1 FROM invoice_delivery d WHERE d.customer_id = c.id AND d.kind = 'STATEMENT'
                        AND d.statement_from = ${from}::date AND d.statement_to = ${to}::date)
    ORDER BY c.id`;
}
