// Contracts and the billing run: for a month, create the invoices the contracts say are due —
// once (a second run finds each contract's invoice for the period and creates nothing).
import type { Actor } from '../../domain/actor.js';
import { COLUMN_LIMITS } from '../../domain/column-limits.js';
import { dateFromIso, daysBetween, isoFromDate, parseIsoDate } from '../../domain/dates.js';
import { ErrorCode, ErrorCollector } from '../../domain/errors.js';
import { Money, parseAmount, parseCurrency } from '../../domain/money/money.js';
import { billsInMonth, parseBillingMonth } from '../../domain/receivables/billing-schedule.js';
import { formatPaymentTerms, parsePaymentTerms } from '../../domain/receivables/payment-terms.js';
import { LIMITS, optionalText, parseCode, requireText } from '../../domain/text.js';
import type { Invoice } from '../../generated/prisma/client.js';
import type { BillingSchedule } from '../../generated/prisma/enums.js';
import { recordAudit } from '../audit.js';
import { refuseIfTaken } from '../db-errors.js';
import { TX_OPTIONS, type Db } from '../db-types.js';
import { findCustomerOrThrow, findEntityOrThrow } from '../lookups.js';
import { insertInvoice } from './invoice.service.js';

export interface CreateContractInput {
  customerCode: string;
  number: string;
  description: string;
  startDate: string;
  endDate?: string | null;
  paymentTerms?: string | null;
  schedule: BillingSchedule;
  amountPerPeriod: string;
  currency?: string | null;
  poNumber?: string | null;
}

export async function createContract(prisma: Db, actor: Actor, input: CreateContractInput) {
  const errors = new ErrorCollector();
  const number = errors.check(() => parseCode(input.number, ['number'], 'The contract number'));
  const description = errors.check(() => requireText(input.description, ['description'], { max: LIMITS.description, what: 'The description' }));
  const startDate = errors.check(() => parseIsoDate(input.startDate, ['startDate']));
  const endDate = input.endDate ? errors.check(() => parseIsoDate(input.endDate!, ['endDate'])) : null;
  if (startDate && endDate && daysBetween(startDate, endDate) < 0) {
    errors.add(['endDate'], `The end date ${endDate} is before the start date ${startDate}.`, ErrorCode.OUT_OF_RANGE);
  }
  const terms = input.paymentTerms ? errors.check(() => parsePaymentTerms(input.paymentTerms!, ['paymentTerms'])) : null;
  const poNumber = errors.check(() => optionalText(input.poNumber, ['poNumber'], { max: LIMITS.reference, what: 'The PO number' }));
  const currencyGiven = input.currency ? errors.check(() => parseCurrency(input.currency!, ['currency'])) : undefined;

  return prisma.$transaction(async (tx) => {
    const customer = await errors.checkAsync(() => findCustomerOrThrow(tx, input.customerCode, ['customerCode']));
    const currency = currencyGiven ?? customer?.currency;
    const amount = currency ? errors.check(() => parseAmount(input.amountPerPeriod, ['amountPerPeriod'], { currency, below: COLUMN_LIMITS.amount, what: 'The amount per period' })) : undefined;
    if (customer?.poRequired && !poNumber) errors.add(['poNumber'], `Customer ${customer.code} requires a PO number on every invoice; give the contract's PO.`);
    const duplicate = `A contract numbered ${number} already exists.`;
    if (number && (await tx.contract.findUnique({ where: { number } }))) errors.add(['number'], duplicate, ErrorCode.DUPLICATE);
    errors.throwIfAny();
    const contract = await refuseIfTaken(tx.contract.create({
      data: {
        number: number!,
        customerId: customer!.id,
        description: description!,
        startDate: dateFromIso(startDate!),
        endDate: endDate ? dateFromIso(endDate) : null,
        paymentTerms: terms ? formatPaymentTerms(terms) : null,
        schedule: input.schedule,
        amountPerPeriod: amount!.toString(),
        currency: currency!,
        poNumber,
      },
    }), ['number'], duplicate);
    await recordAudit(tx, actor, { action: 'createContract', recordType: 'Contract', recordId: contract.number, after: contract });
    return contract;
  }, TX_OPTIONS);
}

export interface RunBillingInput {
  period: string;
  entityCode?: string | null;
  /** Default: the first day of the period. */
  issueDate?: string | null;
}

/** Creates and issues the period's contract invoices; returns those created by this run. */
export async function runBilling(prisma: Db, actor: Actor, input: RunBillingInput): Promise<Invoice[]> {
  const errors = new ErrorCollector();
  const month = errors.check(() => parseBillingMonth(input.period, ['period']));
  const issueDate = input.issueDate ? errors.check(() => parseIsoDate(input.issueDate!, ['issueDate'])) : month?.first;
  if (month && issueDate && (issueDate < month.first || issueDate > month.last)) {
    errors.add(['issueDate'], `The issue date ${issueDate} is outside the period ${month.period}.`, ErrorCode.OUT_OF_RANGE);
  }
  errors.throwIfAny();

  return prisma.$transaction(async (tx) => {
    const entityId = input.entityCode ? (await findEntityOrThrow(tx, input.entityCode, ['entityCode'])).id : undefined;
    // Contracts are locked so two runs of the same period cannot both bill one.
    const locked = await tx.$queryRaw<{ id: number }[]>`
      SELECT c.id FROM contract c JOIN customer cu ON cu.id = c.customer_id
      WHERE c.schedule <> 'MILESTONE' AND c.start_date <= ${month!.last}::date
        AND (c.end_date IS NULL OR c.end_date >= ${month!.first}::date)
        AND (${entityId ?? null}::int IS NULL OR cu.entity_id = ${entityId ?? null}::int)
      ORDER BY c.id FOR UPDATE OF c`;
    const contracts = await tx.contract.findMany({
      where: { id: { in: locked.map((row) => row.id) }, invoices: { none: { billingPeriod: month!.period } } },
      include: { customer: true },
      orderBy: { id: 'asc' },
    });
    const created: Invoice[] = [];
    for (const contract of contracts) {
      const schedule = { schedule: contract.schedule, startDate: isoFromDate(contract.startDate), endDate: contract.endDate ? isoFromDate(contract.endDate) : null };
      if (!billsInMonth(schedule, month!)) continue;
      const amount = new Money(contract.amountPerPeriod.toString());
      created.push(
        await insertInvoice(tx, actor, contract.customer, {
          issueDate: issueDate!,
          currency: contract.currency,
          terms: parsePaymentTerms(contract.paymentTerms ?? contract.customer.paymentTerms),
          poNumber: contract.poNumber,
          lines: [{ description: `${contract.description} — ${month!.period}`, quantity: new Money(1), unitPrice: amount, amount }],
          issue: true,
          contractId: contract.id,
          billingPeriod: month!.period,
        }),
      );
    }
    return created;
  }, TX_OPTIONS);
}
