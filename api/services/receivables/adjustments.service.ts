// The add-in's "Adjustments" dataset: credit memos and write-offs against invoices, pushed as
// one atomic batch (PRODUCT.md, "Writes from Excel are safe"). Every row is checked first —
// rows on one invoice in order, each against the balance the rows before it leave — and any
// bad row refuses all; then the rows are written in order, each as its own mutation would.
import type { Actor } from '../../domain/actor.js';
import { parseIsoDate, isoFromDate, type IsoDate } from '../../domain/dates.js';
import { ErrorCode, ErrorCollector, UserInputError, type UserError } from '../../domain/errors.js';
import { MAX_BATCH_ROWS } from '../../domain/limits.js';
import { formatMoney, type Money } from '../../domain/money/money.js';
import { LIMITS, requireText } from '../../domain/text.js';
import type { Db } from '../db-types.js';
import { runIdempotent } from '../idempotency.js';
import { creditInvoiceInTx } from './credit-memo.service.js';
import type { LockedInvoice } from './settlement.js';
import { BalanceMoves, insertWriteOffs, type WriteOffSettings } from './write-off.service.js';

export type AdjustmentKind = 'CREDIT_MEMO' | 'WRITE_OFF';

export interface AdjustmentInput {
  kind: AdjustmentKind;
  invoiceNumber: string;
  /** Required for a credit memo; a write-off without one takes the open balance. */
  amount?: string | null;
  date: string;
  reason: string;
}

/** One adjustment as written; `number` is the credit memo's number, null for a write-off. */
export interface Adjustment {
  kind: AdjustmentKind;
  invoiceNumber: string;
  number: string | null;
  amount: string;
  currency: string;
  date: IsoDate;
}

interface CheckedRow {
  index: number;
  kind: AdjustmentKind;
  invoice: LockedInvoice;
  amount: Money;
  date: IsoDate;
  reason: string;
}

export async function postAdjustments(
  prisma: Db,
  actor: Actor,
  settings: WriteOffSettings,
  input: { adjustments: AdjustmentInput[]; idempotencyKey?: string | null },
): Promise<Adjustment[]> {
  const { idempotencyKey, ...payload } = input;
  const errors = new ErrorCollector();
  if (input.adjustments.length === 0) errors.add(['adjustments'], 'Give at least one adjustment.');
  if (input.adjustments.length > MAX_BATCH_ROWS) {
    errors.add(['adjustments'], `${input.adjustments.length} adjustments given; at most ${MAX_BATCH_ROWS} per batch.`, ErrorCode.OUT_OF_RANGE);
  }
  errors.throwIfAny();
  const numbers = input.adjustments.map((row) => row.invoiceNumber.trim().toUpperCase());

  return runIdempotent(
    prisma,
    { actor, operation: 'postAdjustments', key: idempotencyKey, payload },
    async (tx) => {
      const moves = await BalanceMoves.lock(tx, actor, settings, numbers, errors);
      const checked: CheckedRow[] = [];
      for (const [index, row] of input.adjustments.entries()) {
        const at = ['adjustments', String(index)];
        const date = errors.check(() => parseIsoDate(row.date, [...at, 'date']));
        const reason = errors.check(() => requireText(row.reason, [...at, 'reason'], { max: LIMITS.reason, what: 'The reason' }));
        const invoice = moves.invoiceFor(numbers[index]!, date, { invoice: [...at, 'invoiceNumber'], date: [...at, 'date'] });
        if (!invoice) continue;
        const what = row.kind === 'CREDIT_MEMO' ? 'A credit memo amount' : 'A write-off amount';
        const amount = moves.amountFor(invoice, row.amount, [...at, 'amount'], what, row.kind === 'WRITE_OFF');
        if (!amount || !date || !reason) continue;
        if (row.kind === 'WRITE_OFF') await moves.checkWriteOffLimit(invoice, amount, date, [...at, 'amount']);
        checked.push({ index, kind: row.kind, invoice, amount, date, reason });
      }
      await moves.checkPeriods();
      errors.throwIfAny();

      const written: Adjustment[] = [];
      for (const row of checked) {
        const at = ['adjustments', String(row.index)];
        const base = { kind: row.kind, invoiceNumber: row.invoice.number, amount: formatMoney(row.amount, row.invoice.currency), currency: row.invoice.currency, date: row.date };
        if (row.kind === 'WRITE_OFF') {
          await insertWriteOffs(tx, actor, [{ invoice: row.invoice, amount: row.amount, date: row.date, reason: row.reason }]);
          written.push({ ...base, number: null });
          continue;
        }
        try {
          const memo = await creditInvoiceInTx(tx, actor, { invoiceId: row.invoice.id, date: row.date, reason: row.reason, amount: row.amount });
          written.push({ ...base, number: memo.number, date: isoFromDate(memo.date) });
        } catch (error) {
          // The checks above cover what the credit memo checks; should one still refuse, say which row.
          if (error instanceof UserInputError) throw new UserInputError(underRow(error.errors, at));
          throw error;
        }
      }
      return written;
    },
    (stored) => stored,
  );
}

/** Prefixes the fields of errors a per-row helper raised with the row's path. */
function underRow(errors: UserError[], at: string[]): UserError[] {
  return errors.map((error) => ({ ...error, field: [...at, ...error.field] }));
}
