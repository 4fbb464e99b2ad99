// Confirming bank statement lines as payments (PRODUCT.md, "Bank statements"): each match names a
// line and the customer who paid; its applications are given, or the line's proposal (when it
// was proposed for that customer), or oldest due first. Atomic: the lines are locked FOR UPDATE
// in id order, everything is checked and every problem listed with its index path before
// anything is written; then one payment per line (payment.bank_transaction_id is unique, so a
// line is applied at most once whoever races), and the lines become CONFIRMED.
import type { Actor } from '../../domain/actor.js';
import { isoFromDate } from '../../domain/dates.js';
import { ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { MAX_APPLICATIONS, MAX_BATCH_ROWS } from '../../domain/limits.js';
import { Money } from '../../domain/money/money.js';
import { settleInMemory, type MatchInvoice } from '../../domain/receivables/bank-matching.js';
import { planApplication, type PlannedApplication, type RequestedApplication } from '../../domain/receivables/payment-application.js';
import { recordAudit } from '../audit.js';
import type { Db } from '../db-types.js';
import { runIdempotent } from '../idempotency.js';
import { isRowId } from '../lookups.js';
import { periodErrors } from '../period-lock.js';
import { lockInvoicesById } from '../receivables/settlement.js';
import { bankPaymentReference, postBankPayments, type BankPayment } from './bank-payments.js';

export interface BankMatchInput {
  transactionId: string | number;
  customerCode: string;
  applications?: RequestedApplication[] | null;
}

export interface ConfirmBankMatchesInput {
  matches: BankMatchInput[];
  idempotencyKey?: string | null;
}

/** The confirmed lines' ids, in the order of the matches. */
export interface ConfirmedLines {
  transactionIds: number[];
}

interface LockedLine {
  id: number;
  entity_id: number;
  status: 'EXACT' | 'PROPOSED' | 'UNMATCHED' | 'CONFIRMED';
  customer_id: number | null;
  match_rule: number | null;
  booking_date: Date;
  amount: string;
  currency: string;
  entry_ref: string | null;
  remittance: string | null;
  proposed_applications: { invoiceNumber: string; amount: string }[];
}

export async function confirmBankMatches(prisma: Db, actor: Actor, input: ConfirmBankMatchesInput): Promise<ConfirmedLines> {
  const { idempotencyKey, ...payload } = input;
  const at = (i: number, ...rest: string[]) => ['input', 'matches', String(i), ...rest];
  if (input.matches.length === 0) throw UserInputError.of(['input', 'matches'], 'Give at least one match: { transactionId, customerCode, applications? }.');
  if (input.matches.length > MAX_BATCH_ROWS) {
    throw UserInputError.of(['input', 'matches'], `${input.matches.length} matches given; at most ${MAX_BATCH_ROWS} are accepted per call.`, ErrorCode.OUT_OF_RANGE);
  }
  const errors = new ErrorCollector();
  const seen = new Map<number, number>();
  const matches = input.matches.map((match, i) => {
    const id = Number(match.transactionId);
    if (!isRowId(id)) errors.add(at(i, 'transactionId'), `No bank transaction with id ${String(match.transactionId).slice(0, 20)} exists.`, ErrorCode.NOT_FOUND);
    else if (seen.has(id)) errors.add(at(i, 'transactionId'), `Bank transaction ${id} is listed twice (also at ${seen.get(id)}); confirm each line once.`, ErrorCode.DUPLICATE);
    else seen.set(id, i);
    if ((match.applications?.length ?? 0) > MAX_APPLICATIONS) errors.add(at(i, 'applications'), `At most ${MAX_APPLICATIONS} applications per payment.`, ErrorCode.OUT_OF_RANGE);
    const applications = match.applications?.map((a) => ({ ...a, invoiceNumber: a.invoiceNumber.trim().toUpperCase() })) ?? null;
    return { id, customerCode: match.customerCode.trim().toUpperCase(), applications };
  });
  errors.throwIfAny();

  return runIdempotent(
    prisma,
    { actor, operation: 'confirmBankMatches', key: idempotencyKey, payload },
    async (tx): Promise<ConfirmedLines> => {
      const locked = await tx.$queryRaw<LockedLine[]>`
        SELECT id, entity_id, status::text AS status, customer_id, match_rule, booking_date, amount::text AS amount, currency,
               entry_ref, remittance, proposed_applications
        FROM bank_transaction WHERE id = ANY(${matches.map((m) => m.id)}::int[]) ORDER BY id FOR UPDATE`;
      const lines = new Map(locked.map((line) => [line.id, line]));
      const settled = locked.filter((line) => line.status === 'EXACT' || line.status === 'CONFIRMED').map((line) => line.id);
      const paymentOf = new Map(
        (settled.length === 0 ? [] : await tx.payment.findMany({ where: { bankTransactionId: { in: settled } }, select: { id: true, bankTransactionId: true } }))
          .map((p) => [p.bankTransactionId!, p.id]),
      );
      const customers = new Map(
        (await tx.customer.findMany({ where: { code: { in: [...new Set(matches.map((m) => m.customerCode))] } }, select: { id: true, code: true, entityId: true } }))
          .map((c) => [c.code, c]),
      );

      const planned = matches.map((match, i) => {
        const line = lines.get(match.id);
        const customer = customers.get(match.customerCode);
        if (!line) errors.add(at(i, 'transactionId'), `No bank transaction with id ${match.id} exists.`, ErrorCode.NOT_FOUND);
        else if (line.status === 'EXACT' || line.status === 'CONFIRMED') {
          errors.add(at(i, 'transactionId'), `Bank transaction ${line.id} is ${line.status} already: it was applied as payment ${paymentOf.get(line.id) ?? '(unknown)'}; a line is applied at most once.`, ErrorCode.CONFLICT);
        }
        if (!customer) errors.add(at(i, 'customerCode'), `No customer with code "${match.customerCode.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
        else if (line && customer.entityId !== line.entity_id) {
          errors.add(at(i, 'customerCode'), `Customer ${customer.code} belongs to another entity than bank transaction ${line.id}'s statement; confirm a line with a customer of its entity.`);
        }
        const proposal = line && customer && line.status === 'PROPOSED' && line.customer_id === customer.id && line.proposed_applications.length > 0
          ? line.proposed_applications.map((a) => ({ invoiceNumber: a.invoiceNumber, amount: a.amount }))
          : null;
        return { index: i, line, customer, requested: match.applications && match.applications.length > 0 ? match.applications : proposal };
      });

      for (const [entityId, group] of groupBy(planned.filter((p) => p.line), (p) => p.line!.entity_id)) {
        const postings = group.map((p) => ({ date: isoFromDate(p.line!.booking_date), field: at(p.index, 'transactionId') }));
        errors.errors.push(...(await periodErrors(tx, entityId, postings)));
      }
      if (!errors.ok) throw new UserInputError(errors.errors);

      const numbers = [...new Set(planned.flatMap((p) => p.requested?.map((a) => a.invoiceNumber) ?? []))];
      const automatic = [...new Set(planned.filter((p) => !p.requested).map((p) => p.customer!.id))];
      const ids = await tx.$queryRaw<{ id: number }[]>`
        SELECT id FROM invoice
        WHERE number = ANY(${numbers}::text[]) OR (customer_id = ANY(${automatic}::int[]) AND status IN ('ISSUED', 'PARTIALLY_PAID'))`;
      const invoices = new Map<number, MatchInvoice>((await lockInvoicesById(tx, ids.map((row) => row.id))).map((i) => [i.id, i]));
      const byNumber = new Map([...invoices.values()].map((i) => [i.number, i]));

      const payments: BankPayment[] = [];
      planned.forEach(({ line, customer, requested }, i) => {
        const amount = new Money(line!.amount);
        const receivedDate = isoFromDate(line!.booking_date);
        const candidates = requested
          ? requested.map((a) => byNumber.get(a.invoiceNumber)).filter((invoice): invoice is MatchInvoice => invoice !== undefined)
          : [...invoices.values()].filter((invoice) => invoice.customerId === customer!.id);
        const plan = errors.check(() => planApplication({
          customerId: customer!.id, amount, currency: line!.currency, receivedDate, invoices: candidates, requested, field: at(i, 'applications'),
        }));
        if (!plan) return;
        settleInMemory(invoices, plan.applications);
        payments.push({
          bankTransactionId: line!.id, customerId: customer!.id, receivedDate, amount, currency: line!.currency,
          reference: bankPaymentReference(line!.entry_ref, line!.remittance), applications: plan.applications,
        });
      });
      errors.throwIfAny();

      const paymentIds = await postBankPayments(tx, payments);
      // The rule that proposed the customer stays; a customer chosen by hand is rule 0.
      const rules = planned.map(({ line, customer }) => (line!.status === 'PROPOSED' && line!.customer_id === customer!.id ? line!.match_rule ?? 0 : 0));
      await tx.$executeRaw`
        UPDATE bank_transaction b SET status = 'CONFIRMED', customer_id = t.customer_id, match_rule = t.rule, confidence = 1,
          version = b.version + 1, updated_at = now()
        FROM unnest(${planned.map((p) => p.line!.id)}::int[], ${planned.map((p) => p.customer!.id)}::int[], ${rules}::int[]) AS t(id, customer_id, rule)
        WHERE b.id = t.id`;
      await recordAudit(tx, actor, payments.map((payment) => ({
        action: 'confirmBankMatches',
        recordType: 'BankTransaction',
        recordId: payment.bankTransactionId,
        after: { status: 'CONFIRMED', customerId: payment.customerId, paymentId: paymentIds.get(payment.bankTransactionId), applications: payment.applications.map(applicationJson) },
      })));
      return { transactionIds: planned.map((p) => p.line!.id) };
    },
    (stored) => stored,
  );
}

const applicationJson = (a: PlannedApplication) => ({ invoiceNumber: a.invoiceNumber, amount: a.amount.toString(), discount: a.discount.toString() });

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
