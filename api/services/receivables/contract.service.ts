// Contracts and the billing run: for a month, create the invoices the contracts say are due —
// once (a second run finds each contract's invoice for the period and creates nothing). A
// period bills with the contract version in force on its first day (updateContract amends
// later periods only) and pro rata by days when the contract starts or ends inside it.
// MILESTONE contracts bill a linked project milestone once, when it is set DONE.
import type { Actor } from '../../domain/actor.js';
import { COLUMN_LIMITS } from '../../domain/column-limits.js';
import { addDays, addMonths, dateFromIso, daysBetween, isoFromDate, parseIsoDate, type IsoDate } from '../../domain/dates.js';
import { ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { Money, parseAmount, parseCurrency } from '../../domain/money/money.js';
import {
  billingPeriodIn,
  isPeriodStart,
  parseBillingMonth,
  periodCharge,
  periodStartOn,
  versionInForce,
  type BillingMonth,
} from '../../domain/receivables/billing-schedule.js';
import { dueDateFor, formatPaymentTerms, parsePaymentTerms } from '../../domain/receivables/payment-terms.js';
import { LIMITS, optionalText, parseCode, requireText } from '../../domain/text.js';
import type { Contract, ContractVersion, Customer, Invoice } from '../../generated/prisma/client.js';
import type { BillingSchedule } from '../../generated/prisma/enums.js';
import { recordAudit } from '../audit.js';
import { refuseIfTaken } from '../db-errors.js';
import { TX_OPTIONS, type Db, type Tx } from '../db-types.js';
import { findCustomerOrThrow, findEntityOrThrow, isRowId } from '../lookups.js';
import { assertPeriodsOpen } from '../period-lock.js';
import { insertInvoice } from './invoice.service.js';

export interface ContractMilestoneInput {
  milestoneId: string;
  amount: string;
}

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
  /** A MILESTONE contract's amount per project milestone, billed when the milestone is DONE. */
  milestones?: ContractMilestoneInput[] | null;
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
  const milestones = input.milestones ?? [];
  if (milestones.length > 0 && input.schedule !== 'MILESTONE') {
    errors.add(['milestones'], `Only a MILESTONE contract bills project milestones; this one is ${input.schedule}. Leave milestones out, or make the schedule MILESTONE.`);
  }

  return prisma.$transaction(async (tx) => {
    const customer = await errors.checkAsync(() => findCustomerOrThrow(tx, input.customerCode, ['customerCode']));
    const currency = currencyGiven ?? customer?.currency;
    const amount = currency ? errors.check(() => parseAmount(input.amountPerPeriod, ['amountPerPeriod'], { currency, below: COLUMN_LIMITS.amount, what: 'The amount per period' })) : undefined;
    const lines = input.schedule === 'MILESTONE' ? await checkMilestones(tx, milestones, currency, errors) : [];
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
        versions: {
          create: {
            version: 1,
            effectiveFrom: dateFromIso(startDate!),
            endDate: endDate ? dateFromIso(endDate) : null,
            paymentTerms: terms ? formatPaymentTerms(terms) : null,
            amountPerPeriod: amount!.toString(),
            poNumber,
            description: description!,
            createdBy: actor.name,
          },
        },
        milestones: { create: lines.map((line) => ({ milestoneId: line.milestoneId, amount: line.amount.toString() })) },
      },
      include: { milestones: true },
    }), ['number'], duplicate);
    await recordAudit(tx, actor, { action: 'createContract', recordType: 'Contract', recordId: contract.number, after: contract });
    return contract;
  }, TX_OPTIONS);
}

/** Each milestone exists and is listed once; amounts are positive in the contract currency. */
async function checkMilestones(tx: Tx, milestones: ContractMilestoneInput[], currency: string | undefined, errors: ErrorCollector) {
  const ids = milestones.map((m) => Number(m.milestoneId));
  const found = new Set((await tx.milestone.findMany({ where: { id: { in: ids.filter(isRowId) } }, select: { id: true } })).map((m) => m.id));
  const seen = new Set<number>();
  return milestones.flatMap((line, i) => {
    const at = ['milestones', String(i)];
    const id = ids[i]!;
    const amount = currency ? errors.check(() => parseAmount(line.amount, [...at, 'amount'], { currency, below: COLUMN_LIMITS.amount, what: 'A milestone amount' })) : undefined;
    if (!isRowId(id) || !found.has(id)) {
      errors.add([...at, 'milestoneId'], `No project milestone with id "${String(line.milestoneId).slice(0, 20)}" exists.`, ErrorCode.NOT_FOUND);
      return [];
    }
    if (seen.has(id)) {
      errors.add([...at, 'milestoneId'], `Milestone ${id} is listed twice; list each milestone once.`, ErrorCode.DUPLICATE);
      return [];
    }
    seen.add(id);
    return amount ? [{ milestoneId: id, amount }] : [];
  });
}

const EVERY_MONTHS = { MONTHLY: 1, QUARTERLY: 3, ANNUAL: 12 } as const;

export interface UpdateContractInput {
  number: string;
  expectedVersion: number;
  amountPerPeriod?: string | null;
  endDate?: string | null;
  paymentTerms?: string | null;
  poNumber?: string | null;
  description?: string | null;
  /** Default: the first day of the first period not yet billed (MILESTONE: `today`). */
  effectiveFrom?: string | null;
  reason?: string | null;
}

const AMENDABLE = ['amountPerPeriod', 'endDate', 'paymentTerms', 'poNumber', 'description'] as const;

/**
 * Amends a contract from a future period on: writes version + 1, effective from `effectiveFrom`,
 * and keeps the latest values on the contract row. A period already billed keeps its terms.
 */
export async function updateContract(prisma: Db, actor: Actor, input: UpdateContractInput, today: IsoDate) {
  const errors = new ErrorCollector();
  const given = (key: (typeof AMENDABLE)[number]) => input[key] !== undefined && input[key] !== null;
  if (!AMENDABLE.some(given)) errors.add(['input'], `Nothing to change; give at least one of ${AMENDABLE.join(', ')}.`);
  const endDate = given('endDate') ? errors.check(() => parseIsoDate(input.endDate!, ['endDate'])) : undefined;
  const terms = given('paymentTerms') ? errors.check(() => parsePaymentTerms(input.paymentTerms!, ['paymentTerms'])) : undefined;
  const poNumber = given('poNumber') ? errors.check(() => optionalText(input.poNumber, ['poNumber'], { max: LIMITS.reference, what: 'The PO number' })) : undefined;
  const description = given('description') ? errors.check(() => requireText(input.description, ['description'], { max: LIMITS.description, what: 'The description' })) : undefined;
  const effectiveGiven = input.effectiveFrom ? errors.check(() => parseIsoDate(input.effectiveFrom!, ['effectiveFrom'])) : undefined;
  const reason = errors.check(() => optionalText(input.reason, ['reason'], { max: LIMITS.description, what: 'The reason' }));

  return prisma.$transaction(async (tx) => {
    // The row lock orders an amendment against a billing run of the same contract.
    const [locked] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM contract WHERE number = ${String(input.number).trim().toUpperCase()} FOR UPDATE`;
    if (!locked) throw UserInputError.of(['number'], `No contract numbered "${String(input.number).slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
    const contract = await tx.contract.findUniqueOrThrow({ where: { id: locked.id }, include: { customer: true } });
    if (contract.version !== input.expectedVersion) {
      throw UserInputError.of(['expectedVersion'], `Contract ${contract.number} is at version ${contract.version}, not ${input.expectedVersion}; reload it and try again.`, ErrorCode.CONFLICT);
    }
    const amount = given('amountPerPeriod')
      ? errors.check(() => parseAmount(input.amountPerPeriod!, ['amountPerPeriod'], { currency: contract.currency, below: COLUMN_LIMITS.amount, what: 'The amount per period' }))
      : undefined;
    const billed = await lastBilled(tx, contract);
    const startDate = isoFromDate(contract.startDate);
    const schedule = { schedule: contract.schedule, startDate };
    const effectiveFrom = effectiveGiven ?? (billed ? addDays(billed.through, 1) : contract.schedule === 'MILESTONE' ? today : periodStartOn(schedule, startDate));
    if (effectiveGiven) {
      if (billed && effectiveGiven <= billed.through) {
        errors.add(['effectiveFrom'], `${effectiveGiven} falls in or before ${billed.what}, already billed (invoice ${billed.invoice}); an amendment takes effect from ${addDays(billed.through, 1)} on.`, ErrorCode.OUT_OF_RANGE);
      } else if (effectiveGiven < periodStartOn(schedule, startDate)) {
        errors.add(['effectiveFrom'], `${effectiveGiven} is before the contract starts (${startDate}).`, ErrorCode.OUT_OF_RANGE);
      } else if (contract.schedule !== 'MILESTONE' && !isPeriodStart(schedule, effectiveGiven)) {
        const next = addMonths(periodStartOn(schedule, effectiveGiven), EVERY_MONTHS[contract.schedule]);
        errors.add(['effectiveFrom'], `${effectiveGiven} is not the first day of a billing period of this ${contract.schedule} contract; give a period's first day, e.g. ${next}.`);
      }
    }
    if (endDate && (endDate < startDate || endDate < addDays(effectiveFrom, -1))) {
      const earliest = startDate > addDays(effectiveFrom, -1) ? startDate : addDays(effectiveFrom, -1);
      errors.add(['endDate'], `The end date ${endDate} is before ${earliest}: an amendment effective from ${effectiveFrom} cannot end the contract earlier.`, ErrorCode.OUT_OF_RANGE);
    }
    if (poNumber === null && contract.customer.poRequired) errors.add(['poNumber'], `Customer ${contract.customer.code} requires a PO number on every invoice; the PO cannot be cleared.`);
    errors.throwIfAny();

    const next = {
      amountPerPeriod: amount ? amount.toString() : contract.amountPerPeriod.toString(),
      endDate: endDate !== undefined ? dateFromIso(endDate) : contract.endDate,
      paymentTerms: terms ? formatPaymentTerms(terms) : contract.paymentTerms,
      poNumber: poNumber !== undefined ? poNumber : contract.poNumber,
      description: description ?? contract.description,
    };
    const version = contract.version + 1;
    await tx.contractVersion.create({ data: { contractId: contract.id, version, effectiveFrom: dateFromIso(effectiveFrom), ...next, reason, createdBy: actor.name } });
    const updated = await tx.contract.update({ where: { id: contract.id }, data: { ...next, version } });
    const { customer: _customer, ...before } = contract;
    await recordAudit(tx, actor, { action: 'updateContract', recordType: 'Contract', recordId: contract.number, before, after: { ...updated, effectiveFrom, reason } });
    return updated;
  }, TX_OPTIONS);
}

/** The last day already billed and what billed it, or null when nothing has been billed yet. */
async function lastBilled(tx: Tx, contract: Contract): Promise<{ through: IsoDate; what: string; invoice: string } | null> {
  if (contract.schedule === 'MILESTONE') {
    const last = await tx.invoice.findFirst({ where: { contractId: contract.id, status: { not: 'DRAFT' } }, orderBy: { issueDate: 'desc' } });
    return last ? { through: isoFromDate(last.issueDate), what: `the milestone billed on ${isoFromDate(last.issueDate)}`, invoice: last.number ?? String(last.id) } : null;
  }
  const last = await tx.invoice.findFirst({ where: { contractId: contract.id, billingPeriod: { not: null } }, orderBy: { billingPeriod: 'desc' } });
  if (!last) return null;
  const first = `${last.billingPeriod}-01`;
  return { through: addDays(addMonths(first, EVERY_MONTHS[contract.schedule]), -1), what: `the period ${last.billingPeriod}`, invoice: last.number ?? String(last.id) };
}

export interface RunBillingInput {
  period: string;
  entityCode?: string | null;
  /** Default: the first day of the period. */
  issueDate?: string | null;
  /** Answer what the run would issue, writing nothing. */
  dryRun?: boolean | null;
}

/** An invoice a billing run issues (or, in a dry run, would issue). */
export interface BillingPreviewLine {
  contractNumber: string;
  customer: Customer;
  issueDate: IsoDate;
  dueDate: IsoDate;
  currency: string;
  amount: Money;
  description: string;
  proRata: boolean;
  daysCovered: number;
  daysInPeriod: number;
}

interface PlannedInvoice {
  line: BillingPreviewLine;
  contract: Contract;
  version: ContractVersion;
}

/**
 * Creates and issues the period's contract invoices (none in a dry run); returns those created
 * and the preview of each, computed the same way for a dry run and a real one.
 */
export async function runBilling(prisma: Db, actor: Actor, input: RunBillingInput): Promise<{ invoices: Invoice[]; preview: BillingPreviewLine[] }> {
  const errors = new ErrorCollector();
  const month = errors.check(() => parseBillingMonth(input.period, ['period']));
  const issueDate = input.issueDate ? errors.check(() => parseIsoDate(input.issueDate!, ['issueDate'])) : month?.first;
  if (month && issueDate && (issueDate < month.first || issueDate > month.last)) {
    errors.add(['issueDate'], `The issue date ${issueDate} is outside the period ${month.period}.`, ErrorCode.OUT_OF_RANGE);
  }
  errors.throwIfAny();

  return prisma.$transaction(async (tx) => {
    const entityId = input.entityCode ? (await findEntityOrThrow(tx, input.entityCode, ['entityCode'])).id : undefined;
    const planned = await planBilling(tx, month!, issueDate!, entityId);
    // A dry run answers what the real run would, a closed period included.
    for (const billedEntity of new Set(planned.map((p) => p.line.customer.entityId))) {
      await assertPeriodsOpen(tx, billedEntity, [{ date: issueDate!, field: ['issueDate'] }]);
    }
    const preview = planned.map((p) => p.line);
    if (input.dryRun) return { invoices: [], preview };
    const invoices: Invoice[] = [];
    for (const { line, contract, version } of planned) {
      invoices.push(
        await insertInvoice(tx, actor, line.customer, {
          issueDate: line.issueDate,
          currency: line.currency,
          terms: parsePaymentTerms(version.paymentTerms ?? line.customer.paymentTerms),
          poNumber: version.poNumber,
          lines: [{ description: line.description, quantity: new Money(1), unitPrice: line.amount, amount: line.amount }],
          issue: true,
          contractId: contract.id,
          billingPeriod: month!.period,
        }),
      );
    }
    return { invoices, preview };
  }, TX_OPTIONS);
}

/** The invoices a run of `month` would issue: one per contract due and not yet billed for it. */
async function planBilling(tx: Tx, month: BillingMonth, issueDate: IsoDate, entityId: number | undefined): Promise<PlannedInvoice[]> {
  // Contracts are locked so two runs of the same period cannot both bill one. A contract whose
  // latest end date is before the month may still bill it under an earlier version's end date.
  const locked = await tx.$queryRaw<{ id: number }[]>`
    SELECT c.id FROM contract c JOIN customer cu ON cu.id = c.customer_id
    WHERE c.schedule <> 'MILESTONE' AND c.start_date <= ${month.last}::date
      AND (c.end_date IS NULL OR c.end_date >= ${month.first}::date OR EXISTS (
        SELECT 1 FROM contract_version v WHERE v.contract_id = c.id AND (v.end_date IS NULL OR v.end_date >= ${month.first}::date)))
      AND (${entityId ?? null}::int IS NULL OR cu.entity_id = ${entityId ?? null}::int)
    ORDER BY c.id FOR UPDATE OF c`;
  const contracts = await tx.contract.findMany({
    where: { id: { in: locked.map((row) => row.id) }, invoices: { none: { billingPeriod: month.period } } },
    include: { customer: true, versions: true },
    orderBy: { id: 'asc' },
  });
  return contracts.flatMap((contract) => {
    const startDate = isoFromDate(contract.startDate);
    const period = billingPeriodIn({ schedule: contract.schedule, startDate, endDate: null }, month);
    if (!period) return [];
    const dated = contract.versions.map((v) => ({ ...v, effectiveFrom: isoFromDate(v.effectiveFrom) }));
    const inForce = versionInForce(dated, period.first, startDate);
    // A contract written before versions existed bills with its own (latest) terms.
    const version = inForce ? contract.versions.find((v) => v.id === inForce.id)! : versionOfRow(contract);
    const charge = periodCharge({
      amountPerPeriod: new Money(version.amountPerPeriod.toString()),
      currency: contract.currency,
      period,
      startDate,
      endDate: version.endDate ? isoFromDate(version.endDate) : null,
    });
    if (charge.amount.lte(0)) return [];
    const terms = parsePaymentTerms(version.paymentTerms ?? contract.customer.paymentTerms);
    const days = charge.proRata ? ` (${charge.daysCovered} of ${charge.daysInPeriod} days)` : '';
    const line: BillingPreviewLine = {
      contractNumber: contract.number,
      customer: contract.customer,
      issueDate,
      dueDate: dueDateFor(terms, issueDate),
      currency: contract.currency,
      description: `${version.description} — ${month.period}${days}`,
      ...charge,
    };
    return [{ line, contract, version }];
  });
}

function versionOfRow(contract: Contract): ContractVersion {
  return {
    id: 0,
    contractId: contract.id,
    version: contract.version,
    effectiveFrom: contract.startDate,
    endDate: contract.endDate,
    paymentTerms: contract.paymentTerms,
    amountPerPeriod: contract.amountPerPeriod,
    poNumber: contract.poNumber,
    description: contract.description,
    reason: null,
    createdBy: 'system',
    createdAt: contract.createdAt,
  };
}

/**
 * Bills the MILESTONE contract lines of a milestone just set DONE, in the caller's transaction:
 * one issued invoice per contract line not billed yet, dated `date`. The line's invoice is set
 * once (unique), so a milestone set DONE again never bills twice.
 */
export async function billMilestoneDone(tx: Tx, actor: Actor, milestoneId: number, date: IsoDate): Promise<Invoice[]> {
  const lines = await tx.contractMilestone.findMany({
    where: { milestoneId, invoiceId: null },
    include: { milestone: true, contract: { include: { customer: true, versions: true } } },
    orderBy: { id: 'asc' },
  });
  const invoices: Invoice[] = [];
  for (const line of lines) {
    const { contract } = line;
    await assertPeriodsOpen(tx, contract.customer.entityId, [{ date, field: ['completedDate'] }]);
    const dated = contract.versions.map((v) => ({ ...v, effectiveFrom: isoFromDate(v.effectiveFrom) }));
    const inForce = versionInForce(dated, date, isoFromDate(contract.startDate));
    const version = inForce ? contract.versions.find((v) => v.id === inForce.id)! : versionOfRow(contract);
    const amount = new Money(line.amount.toString());
    const invoice = await insertInvoice(tx, actor, contract.customer, {
      issueDate: date,
      currency: contract.currency,
      terms: parsePaymentTerms(version.paymentTerms ?? contract.customer.paymentTerms),
      poNumber: version.poNumber,
      lines: [{ description: `${version.description} — ${line.milestone.name}`, quantity: new Money(1), unitPrice: amount, amount }],
      issue: true,
      contractId: contract.id,
    });
    await tx.contractMilestone.update({ where: { id: line.id }, data: { invoiceId: invoice.id } });
    await recordAudit(tx, actor, { action: 'billMilestone', recordType: 'ContractMilestone', recordId: line.id, before: { invoiceId: null }, after: { invoiceId: invoice.id, invoiceNumber: invoice.number, amount: line.amount.toString() } });
    invoices.push(invoice);
  }
  return invoices;
}
