// Dunning (PRODUCT.md, "Dunning"): the levels of an entity (or the defaults), and runs that
// propose — or send — one letter per customer whose overdue invoices reach a level they were not
// dunned at yet.
//
// Overdue invoices as of D are read in one statement with the worklist's own CTEs
// (collectibleCtes: issued, in the books on D, open balance > 0, due date < D), less those in
// open dispute and those under an unbroken promise, as the worklist leaves them out; each open
// amount is translated to the base currency as of D and rounded, as the aging report does.
//
// Sending: one transaction per letter. A letter is a unit (its row, the invoices' new level, the
// DUNNING_LETTER activity and the queued email) that commits or not as a whole; a failure with
// one customer does not hold back the others, and no run keeps hundreds of customers' invoices
// locked while payments are being posted. Each transaction locks the letter's invoices and reads
// their dunning level again, so of two racing runs the second finds them at the level already
// and sends nothing; a run cut short is completed by running it again.
import { queueCustomerDocument } from '../../delivery/outbox.js';
import type { Buyer, DunningLetterDocument } from '../../documents/types.js';
import type { Actor } from '../../domain/actor.js';
import {
  checkDunningLevels,
  dunningLetterLevel,
  fillDunningTemplate,
  type DunningLevelInput,
  type DunningLevelRule,
} from '../../domain/collections/dunning.js';
import { dateFromIso, isoFromDate, parseIsoDate, type IsoDate } from '../../domain/dates.js';
import { ErrorCode, ErrorCollector } from '../../domain/errors.js';
import { MAX_BATCH_ROWS } from '../../domain/limits.js';
import { formatMoney, Money, sumMoney } from '../../domain/money/money.js';
import { Prisma, type Customer, type DunningLevel, type Invoice } from '../../generated/prisma/client.js';
import { recordAudit } from '../audit.js';
import { TX_OPTIONS, type Db, type Tx } from '../db-types.js';
import { sellerOf, buyerOf } from '../documents/invoice-document.js';
import { findEntityOrThrow, lockInvoices } from '../lookups.js';
import { openInvoicesAsOf, translationTo } from '../reporting.js';
import { missingRateError } from '../receivables/fx.service.js';
import { collectibleCtes, inOpenDisputeSql } from './worklist.service.js';

// ---------------------------------------------------------------------------------------------
// Levels

export interface SetDunningLevelsInput {
  entityCode?: string | null;
  levels: DunningLevelInput[];
}

/** Replaces the entity's levels (or the defaults when entityCode is null) with `levels`, checked as a whole. */
export async function setDunningLevels(prisma: Db, actor: Actor, input: SetDunningLevelsInput, baseCurrency: string): Promise<DunningLevel[]> {
  const errors = new ErrorCollector();
  const entity = input.entityCode ? await errors.checkAsync(() => findEntityOrThrow(prisma, input.entityCode!, ['entityCode'])) : null;
  const levels = checkDunningLevels(input.levels, baseCurrency, errors);
  errors.throwIfAny();
  const entityId = entity?.id ?? null;
  return prisma.$transaction(async (tx) => {
    // Two replacements of the same set wait for each other (each deletes what it read).
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('dunning_level'), ${entityId ?? 0}::int)`;
    const before = await tx.dunningLevel.findMany({ where: { entityId }, orderBy: { level: 'asc' } });
    await tx.dunningLevel.deleteMany({ where: { entityId } });
    await tx.dunningLevel.createMany({
      data: levels.map((level) => ({
        entityId,
        level: level.level,
        minDaysOverdue: level.minDaysOverdue,
        minInvoiceAmount: level.minInvoiceAmount?.toString() ?? null,
        minOverdueBalance: level.minOverdueBalance?.toString() ?? null,
        combine: level.combine,
        subject: level.subject,
        body: level.body,
      })),
    });
    const after = await tx.dunningLevel.findMany({ where: { entityId }, orderBy: { level: 'asc' } });
    await recordAudit(tx, actor, {
      action: 'setDunningLevels',
      recordType: 'DunningLevels',
      recordId: entity?.code ?? 'default',
      before: before.map(auditView),
      after: after.map(auditView),
    });
    return after;
  }, TX_OPTIONS);
}

function auditView(level: DunningLevel) {
  const { id: _id, entityId: _entityId, ...rest } = level;
  return rest;
}

/** The levels that apply to an entity: its own, else the defaults; with entityCode null, the defaults. */
export async function dunningLevels(prisma: Db, entityCode: string | null | undefined): Promise<DunningLevel[]> {
  const entity = entityCode ? await findEntityOrThrow(prisma, entityCode, ['entityCode']) : null;
  const rows = await prisma.dunningLevel.findMany({ where: { OR: [{ entityId: null }, ...(entity ? [{ entityId: entity.id }] : [])] }, orderBy: { level: 'asc' } });
  const own = rows.filter((row) => entity && row.entityId === entity.id);
  return own.length > 0 ? own : rows.filter((row) => row.entityId === null);
}

function ruleOf(level: DunningLevel): DunningLevelRule {
  return {
    level: level.level,
    minDaysOverdue: level.minDaysOverdue,
    minInvoiceAmount: level.minInvoiceAmount === null ? null : new Money(level.minInvoiceAmount.toString()),
    minOverdueBalance: level.minOverdueBalance === null ? null : new Money(level.minOverdueBalance.toString()),
    combine: level.combine,
  };
}

// ---------------------------------------------------------------------------------------------
// Runs

export interface RunDunningInput {
  asOf: string;
  entityCode?: string | null;
  dryRun?: boolean | null;
  customerCodes?: string[] | null;
}

export interface DunningLetterProposal {
  customer: Customer;
  level: number;
  /** Every overdue invoice of the customer, oldest due first. */
  invoices: Invoice[];
  /** Σ open amounts as of asOf, each translated to the base currency and rounded. */
  overdueBalance: Money;
  currency: string;
  oldestDaysPastDue: number;
  /** The letter written (not in a dry run, and not when a racing run sent it first). */
  letterId: number | null;
}

interface OverdueRow {
  id: number;
  customer_id: number;
  entity_id: number;
  dunning_level: number;
  days_past_due: number;
  currency: string;
  base_amount: string | null;
}

export async function runDunning(prisma: Db, actor: Actor, input: RunDunningInput, at: { baseCurrency: string; today: IsoDate }): Promise<DunningLetterProposal[]> {
  const errors = new ErrorCollector();
  const asOf = errors.check(() => parseIsoDate(input.asOf, ['asOf']));
  const entity = input.entityCode ? await errors.checkAsync(() => findEntityOrThrow(prisma, input.entityCode!, ['entityCode'])) : null;
  const codes = input.customerCodes?.map((code) => code.trim().toUpperCase()) ?? null;
  if (codes && codes.length > MAX_BATCH_ROWS) errors.add(['customerCodes'], `${codes.length} customer codes given; at most ${MAX_BATCH_ROWS} per run.`, ErrorCode.OUT_OF_RANGE);
  const chosen = codes ? await prisma.customer.findMany({ where: { code: { in: codes } }, select: { id: true, code: true, entityId: true } }) : null;
  if (codes && chosen) {
    const known = new Map(chosen.map((c) => [c.code, c]));
    codes.forEach((code, i) => {
      const customer = known.get(code);
      if (!customer) errors.add(['customerCodes', String(i)], `No customer with code "${code.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
      else if (entity && customer.entityId !== entity.id) errors.add(['customerCodes', String(i)], `Customer ${code} belongs to another entity than ${entity.code}.`);
    });
  }
  const allLevels = await prisma.dunningLevel.findMany({ orderBy: { level: 'asc' } });
  const defaults = allLevels.filter((level) => level.entityId === null).map(ruleOf);
  const levelsOf = (entityId: number) => {
    const own = allLevels.filter((level) => level.entityId === entityId).map(ruleOf);
    return own.length > 0 ? own : defaults;
  };
  if (allLevels.length === 0 || (entity && levelsOf(entity.id).length === 0)) {
    errors.add(['entityCode'], `No dunning levels apply${entity ? ` to ${entity.code}` : ''}: set them with setDunningLevels (for the entity, or the defaults with entityCode null).`, ErrorCode.NOT_FOUND);
  }
  errors.throwIfAny();

  const fx = await translationTo(prisma, at.baseCurrency, asOf!, at.baseCurrency);
  const rows = await prisma.$queryRaw<OverdueRow[]>(overdueInvoicesSql(fx, asOf!, entity?.id ?? null, chosen?.map((c) => c.id) ?? null));
  const missing = rows.filter((row) => row.base_amount === null).map((row) => row.currency);
  if (missing.length > 0) throw missingRateError(fx.missingRates(missing), asOf!);

  const byCustomer = new Map<number, OverdueRow[]>();
  for (const row of rows) byCustomer.set(row.customer_id, [...(byCustomer.get(row.customer_id) ?? []), row]);
  const due = [...byCustomer.values()].flatMap((overdue) => {
    const invoices = overdue.map((row) => ({ daysPastDue: row.days_past_due, openAmount: new Money(row.base_amount!), dunningLevel: row.dunning_level }));
    const level = dunningLetterLevel(levelsOf(overdue[0]!.entity_id), invoices);
    return level === null ? [] : [{ overdue, level, overdueBalance: sumMoney(invoices.map((i) => i.openAmount)) }];
  });
  if (due.length === 0) return [];

  const customers = new Map((await prisma.customer.findMany({ where: { id: { in: due.map((d) => d.overdue[0]!.customer_id) } } })).map((c) => [c.id, c]));
  const invoices = new Map((await prisma.invoice.findMany({ where: { id: { in: due.flatMap((d) => d.overdue.map((row) => row.id)) } } })).map((i) => [i.id, i]));
  const proposals = due
    .map(({ overdue, level, overdueBalance }) => ({
      customer: customers.get(overdue[0]!.customer_id)!,
      level,
      invoices: overdue.map((row) => invoices.get(row.id)!),
      overdueBalance,
      currency: at.baseCurrency,
      oldestDaysPastDue: Math.max(...overdue.map((row) => row.days_past_due)),
      letterId: null as number | null,
    }))
    .sort((a, b) => a.customer.code.localeCompare(b.customer.code));
  if (input.dryRun ?? true) return proposals;

  const sent: DunningLetterProposal[] = [];
  for (const proposal of proposals) {
    const letterId = await sendLetter(prisma, actor, proposal, { asOf: asOf!, today: at.today });
    if (letterId !== null) sent.push({ ...proposal, letterId });
  }
  return sent;
}

function overdueInvoicesSql(fx: Awaited<ReturnType<typeof translationTo>>, asOf: IsoDate, entityId: number | null, customerIds: number[] | null): Prisma.Sql {
  const customerFilter = customerIds === null ? Prisma.empty : Prisma.sql`AND d.customer_id = ANY(${customerIds}::int[])`;
  return Prisma.sql`
    WITH ${fx.ratesCte},
    ${collectibleCtes(asOf, { entityId })}
    SELECT d.id, d.customer_id, c.entity_id, i.dunning_level, d.days_past_due, d.currency::text AS currency,
           (${fx.translate(Prisma.sql`d.amount`, Prisma.sql`d.currency`)})::text AS base_amount
    FROM past_due d JOIN invoice i ON i.id = d.id JOIN customer c ON c.id = d.customer_id
    WHERE NOT EXISTS (SELECT 1 FROM pending x WHERE x.invoice_id = d.id)
      AND NOT ${inOpenDisputeSql(Prisma.sql`d.id`, asOf)}
      ${customerFilter}
    ORDER BY d.customer_id, d.due_date, i.number`;
}

/**
 * Writes one letter in its own transaction: locks its invoices, and sends nothing when none of
 * them is below the level any more (a racing run sent it). Returns the letter's id, or null.
 */
async function sendLetter(prisma: Db, actor: Actor, proposal: DunningLetterProposal, at: { asOf: IsoDate; today: IsoDate }): Promise<number | null> {
  const ids = proposal.invoices.map((invoice) => invoice.id);
  const numbers = proposal.invoices.map((invoice) => invoice.number!);
  return prisma.$transaction(async (tx) => {
    const locked = await lockInvoices(tx, ids);
    if (!locked.some((invoice) => invoice.dunningLevel < proposal.level)) return null;
    const activity = await tx.collectionActivity.create({
      data: {
        customerId: proposal.customer.id,
        kind: 'DUNNING_LETTER',
        activityDate: dateFromIso(at.today),
        note: `Dunning letter, level ${proposal.level}, as of ${at.asOf}: ${numbers.join(', ')}; overdue ${proposal.currency} ${formatMoney(proposal.overdueBalance, proposal.currency)}.`.slice(0, 4000),
        actor: actor.name,
        invoices: { create: ids.map((invoiceId) => ({ invoiceId })) },
      },
    });
    const letter = await tx.dunningLetter.create({
      data: {
        customerId: proposal.customer.id,
        level: proposal.level,
        asOf: dateFromIso(at.asOf),
        overdueBalance: proposal.overdueBalance.toString(),
        currency: proposal.currency,
        invoiceNumbers: numbers,
        activityId: activity.id,
        createdBy: actor.name,
      },
    });
    await tx.$executeRaw`UPDATE invoice SET dunning_level = GREATEST(dunning_level, ${proposal.level}::int), updated_at = now() WHERE id = ANY(${ids}::int[])`;
    await queueCustomerDocument(tx, { kind: 'DUNNING_LETTER', customer: proposal.customer, dunningLetterId: letter.id });
    await recordAudit(tx, actor, {
      action: 'runDunning',
      recordType: 'DunningLetter',
      recordId: letter.id,
      after: { customerCode: proposal.customer.code, level: proposal.level, asOf: at.asOf, invoiceNumbers: numbers, overdueBalance: letter.overdueBalance },
    });
    return letter.id;
  }, TX_OPTIONS);
}

// ---------------------------------------------------------------------------------------------
// The letter as a document

/**
 * A sent letter as the renderer takes it: the level's subject and body (the entity's levels,
 * else the defaults, as they are now) with their variables filled in, and each listed invoice's
 * open amount as of the letter's date in its own currency (the balance too when they share one;
 * else the base-currency balance of the run). Null when no letter has that id.
 */
export async function loadDunningLetterDocument(prisma: Db | Tx, letterId: number, portalUrl: string | null): Promise<DunningLetterDocument | null> {
  const letter = await prisma.dunningLetter.findUnique({ where: { id: letterId }, include: { customer: { include: { entity: true } } } });
  if (!letter) return null;
  const { customer } = letter;
  const asOf = isoFromDate(letter.asOf);
  const levels = await prisma.dunningLevel.findMany({ where: { level: letter.level, OR: [{ entityId: customer.entityId }, { entityId: null }] } });
  const level = levels.find((l) => l.entityId === customer.entityId) ?? levels.find((l) => l.entityId === null);
  const rows = await prisma.$queryRaw<{ number: string; issue_date: Date; due_date: Date; days_past_due: number; currency: string; amount: string }[]>(Prisma.sql`
    SELECT i.number, i.issue_date, i.due_date, o.days_past_due, o.currency::text AS currency, o.amount::text AS amount
    FROM (${openInvoicesAsOf(asOf, null)}) o JOIN invoice i ON i.id = o.id
    WHERE i.number = ANY(${letter.invoiceNumbers}::text[])
    ORDER BY i.due_date, i.number`);
  // A letter over invoices of one currency states the balance in it (what the customer pays);
  // over several, the base-currency balance the run computed.
  const currencies = [...new Set(rows.map((row) => row.currency))];
  const currency = currencies.length === 1 ? currencies[0]! : letter.currency;
  const overdueBalance = currencies.length === 1 ? formatMoney(sumMoney(rows.map((row) => new Money(row.amount))), currency) : formatMoney(letter.overdueBalance, letter.currency);
  const values = {
    customerName: customer.name,
    customerCode: customer.code,
    level: String(letter.level),
    asOf,
    overdueBalance,
    currency,
    invoiceNumbers: letter.invoiceNumbers.join(', '),
    portalLink: portalUrl ?? '',
  };
  const buyer: Buyer = buyerOf(customer);
  return {
    seller: sellerOf(customer.entity),
    buyer,
    level: letter.level,
    asOf,
    subject: fillDunningTemplate(level?.subject ?? `Overdue invoices — reminder ${letter.level}`, values),
    body: fillDunningTemplate(level?.body ?? 'Our records show the invoices below as overdue. Please arrange payment.', values),
    currency,
    overdueBalance,
    invoices: rows.map((row) => ({
      number: row.number,
      issueDate: isoFromDate(row.issue_date),
      dueDate: isoFromDate(row.due_date),
      daysPastDue: row.days_past_due,
      openAmount: formatMoney(row.amount, row.currency),
    })),
    portalUrl,
  };
}
