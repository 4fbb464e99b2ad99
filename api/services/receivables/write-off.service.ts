// Write-offs (PRODUCT.md, "Write-off"): the open balance of an invoice (or part of it) given up,
// a WriteOff document plus a WRITE_OFF application dated the write-off's date. A batch is
// atomic: every row is checked against the balance it would find (rows on one invoice run
// against the balance the rows before them leave), and one bad row refuses all.
// Above LEDGERLINE_WRITE_OFF_LIMIT (in the base currency, at the rate of the write-off's date)
// only an ADMIN may write off.
import { hasRole, type Actor } from '../../domain/actor.js';
import { dateFromIso, parseIsoDate, type IsoDate } from '../../domain/dates.js';
import { ErrorCode, ErrorCollector } from '../../domain/errors.js';
import { MAX_BATCH_ROWS } from '../../domain/limits.js';
import { translate } from '../../domain/money/fx.js';
import { Money, formatMoney, parseAmount } from '../../domain/money/money.js';
import { openBalance } from '../../domain/receivables/payment-application.js';
import { LIMITS, requireText } from '../../domain/text.js';
import type { WriteOff } from '../../generated/prisma/client.js';
import { recordAudit } from '../audit.js';
import type { Db, Tx } from '../db-types.js';
import { runIdempotent } from '../idempotency.js';
import { periodErrors, type DatedPosting } from '../period-lock.js';
import { ratesAsOf } from './fx.service.js';
import { lockInvoicesByNumber, postApplications, type LockedInvoice } from './settlement.js';

/** The settings a write-off is checked against (from api/config.ts). */
export interface WriteOffSettings {
  baseCurrency: string;
  /** Above this, in the base currency, a write-off needs ADMIN. */
  writeOffLimit: Money;
}

/**
 * The invoices of a batch of balance moves, locked, with the open balance each has left after
 * the rows checked so far. Shared by writeOffInvoices and postAdjustments.
 */
export class BalanceMoves {
  private readonly open = new Map<number, Money>();
  private readonly rates = new Map<IsoDate, Map<string, Money>>();
  private readonly postings = new Map<number, DatedPosting[]>();

  private constructor(
    private readonly tx: Tx,
    private readonly actor: Actor,
    private readonly settings: WriteOffSettings,
    private readonly invoices: Map<string, LockedInvoice>,
    readonly errors: ErrorCollector,
  ) {}

  /** Locks the named invoices (in id order, as every balance move does) before any balance is read. */
  static async lock(tx: Tx, actor: Actor, settings: WriteOffSettings, numbers: string[], errors: ErrorCollector): Promise<BalanceMoves> {
    const locked = await lockInvoicesByNumber(tx, [...new Set(numbers)]);
    return new BalanceMoves(tx, actor, settings, new Map(locked.map((invoice) => [invoice.number, invoice])), errors);
  }

  /** The issued invoice a row names, dated no earlier than its issue; undefined (error collected) otherwise. */
  invoiceFor(number: string, date: IsoDate | undefined, at: { invoice: string[]; date: string[] }): LockedInvoice | undefined {
    const invoice = this.invoices.get(number);
    if (!invoice) {
      this.errors.add(at.invoice, `No issued invoice numbered "${number.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
      return undefined;
    }
    if (invoice.status === 'VOID' || invoice.status === 'DRAFT') {
      this.errors.add(at.invoice, `Invoice ${invoice.number} is ${invoice.status}; only an issued invoice's balance can be adjusted.`);
      return undefined;
    }
    if (date && date < invoice.issueDate) {
      this.errors.add(at.date, `${date} is before invoice ${invoice.number} was issued (${invoice.issueDate}); date it on or after the issue date.`, ErrorCode.OUT_OF_RANGE);
      return undefined;
    }
    if (date) this.postingOn(invoice.entityId, { date, field: at.date });
    return invoice;
  }

  /** What is still open on the invoice after the rows checked so far. */
  openOf(invoice: LockedInvoice): Money {
    return this.open.get(invoice.id) ?? openBalance(invoice);
  }

  /**
   * The amount a row moves: `raw` (> 0, the currency's decimals, at most what is open), or the
   * whole open balance when `raw` is absent and `optional`. Counts it against the running balance.
   */
  amountFor(invoice: LockedInvoice, raw: string | null | undefined, field: string[], what: string, optional: boolean): Money | undefined {
    const open = this.openOf(invoice);
    if (raw === null || raw === undefined || raw === '') {
      if (!optional) {
        this.errors.add(field, `${what} is required: greater than zero and at most the open balance of invoice ${invoice.number} (${formatMoney(open, invoice.currency)} ${invoice.currency}).`);
        return undefined;
      }
      if (open.lte(0)) {
        this.errors.add(field, `Invoice ${invoice.number} has nothing open (${formatMoney(open, invoice.currency)} ${invoice.currency}); there is nothing to write off.`, ErrorCode.OUT_OF_RANGE);
        return undefined;
      }
      this.open.set(invoice.id, new Money(0));
      return open;
    }
    const amount = this.errors.check(() => parseAmount(raw, field, { currency: invoice.currency, what }));
    if (!amount) return undefined;
    if (amount.gt(open)) {
      this.errors.add(field, `${formatMoney(amount, invoice.currency)} is more than the open balance of invoice ${invoice.number} (${formatMoney(open, invoice.currency)} ${invoice.currency}); at most that can be taken off.`, ErrorCode.OUT_OF_RANGE);
      return undefined;
    }
    this.open.set(invoice.id, open.minus(amount));
    return amount;
  }

  /** A write-off above the limit (translated into the base currency as of its date) needs ADMIN. */
  async checkWriteOffLimit(invoice: LockedInvoice, amount: Money, date: IsoDate, field: string[]): Promise<void> {
    if (hasRole(this.actor, 'ADMIN')) return;
    const { baseCurrency, writeOffLimit } = this.settings;
    let rates = this.rates.get(date);
    if (!rates && invoice.currency !== baseCurrency) {
      rates = await ratesAsOf(this.tx, date, baseCurrency);
      this.rates.set(date, rates);
    }
    const inBase = translate(amount, invoice.currency, baseCurrency, rates ?? new Map());
    if (inBase === null) {
      this.errors.add(field, `No FX rate for ${invoice.currency} on or before ${date}, so the write-off cannot be checked against the limit of ${formatMoney(writeOffLimit, baseCurrency)} ${baseCurrency}; set one with setFxRate.`, ErrorCode.FX_RATE_MISSING);
      return;
    }
    if (inBase.gt(writeOffLimit)) {
      const shown = invoice.currency === baseCurrency ? '' : ` (${formatMoney(inBase, baseCurrency)} ${baseCurrency} at the rate of ${date})`;
      this.errors.add(
        field,
        `A write-off of ${formatMoney(amount, invoice.currency)} ${invoice.currency}${shown} is above the write-off limit of ${formatMoney(writeOffLimit, baseCurrency)} ${baseCurrency}; only an ADMIN may write off more.`,
        ErrorCode.FORBIDDEN,
      );
    }
  }

  /** Collects PERIOD_CLOSED for every row dated in a closed period of its invoice's entity. */
  async checkPeriods(): Promise<void> {
    for (const [entityId, postings] of this.postings) this.errors.errors.push(...(await periodErrors(this.tx, entityId, postings)));
  }

  private postingOn(entityId: number, posting: DatedPosting): void {
    const list = this.postings.get(entityId) ?? [];
    // One error per date field: every row of writeOffInvoices shares the input's date.
    if (list.some((p) => p.date === posting.date && p.field.join('.') === posting.field.join('.'))) return;
    list.push(posting);
    this.postings.set(entityId, list);
  }
}

export interface NewWriteOff {
  invoice: LockedInvoice;
  amount: Money;
  date: IsoDate;
  reason: string;
}

/** Writes the write-offs and their WRITE_OFF applications (the invoices locked and checked), audited. */
export async function insertWriteOffs(tx: Tx, actor: Actor, rows: NewWriteOff[]): Promise<WriteOff[]> {
  if (rows.length === 0) return [];
  // INSERT … RETURNING answers in the order of the rows given.
  const written = await tx.writeOff.createManyAndReturn({
    data: rows.map((row) => ({
      invoiceId: row.invoice.id,
      date: dateFromIso(row.date),
      amount: row.amount.toString(),
      currency: row.invoice.currency,
      reason: row.reason,
      createdBy: actor.name,
    })),
  });
  await postApplications(tx, written.map((writeOff, index) => ({
    invoiceId: writeOff.invoiceId,
    kind: 'WRITE_OFF' as const,
    writeOffId: writeOff.id,
    amount: rows[index]!.amount,
    date: rows[index]!.date,
  })));
  await recordAudit(tx, actor, written.map((writeOff, index) => ({
    action: 'writeOffInvoice',
    recordType: 'WriteOff',
    recordId: writeOff.id,
    after: { ...writeOff, invoiceNumber: rows[index]!.invoice.number },
  })));
  return written;
}

export interface WriteOffInvoicesInput {
  invoices: { invoiceNumber: string; amount?: string | null }[];
  date: string;
  reason: string;
  idempotencyKey?: string | null;
}

export async function writeOffInvoices(prisma: Db, actor: Actor, settings: WriteOffSettings, input: WriteOffInvoicesInput): Promise<WriteOff[]> {
  const { idempotencyKey, ...payload } = input;
  const errors = new ErrorCollector();
  const date = errors.check(() => parseIsoDate(input.date, ['date']));
  const reason = errors.check(() => requireText(input.reason, ['reason'], { max: LIMITS.reason, what: 'The reason' }));
  if (input.invoices.length === 0) errors.add(['invoices'], 'Name at least one invoice to write off.');
  if (input.invoices.length > MAX_BATCH_ROWS) {
    errors.add(['invoices'], `${input.invoices.length} invoices given; at most ${MAX_BATCH_ROWS} per batch.`, ErrorCode.OUT_OF_RANGE);
  }
  errors.throwIfAny();
  const numbers = input.invoices.map((row) => row.invoiceNumber.trim().toUpperCase());

  return runIdempotent(
    prisma,
    { actor, operation: 'writeOffInvoices', key: idempotencyKey, payload },
    async (tx) => {
      const moves = await BalanceMoves.lock(tx, actor, settings, numbers, errors);
      const rows: NewWriteOff[] = [];
      for (const [index, row] of input.invoices.entries()) {
        const at = ['invoices', String(index)];
        const invoice = moves.invoiceFor(numbers[index]!, date, { invoice: [...at, 'invoiceNumber'], date: ['date'] });
        if (!invoice) continue;
        const amount = moves.amountFor(invoice, row.amount, [...at, 'amount'], 'A write-off amount', true);
        if (!amount) continue;
        await moves.checkWriteOffLimit(invoice, amount, date!, [...at, 'amount']);
        rows.push({ invoice, amount, date: date!, reason: reason! });
      }
      await moves.checkPeriods();
      errors.throwIfAny();
      const written = await insertWriteOffs(tx, actor, rows);
      return { writeOffIds: written.map((w) => w.id) };
    },
    (stored, tx) => tx.writeOff.findMany({ where: { id: { in: stored.writeOffIds } }, orderBy: { id: 'asc' } }),
  );
}
