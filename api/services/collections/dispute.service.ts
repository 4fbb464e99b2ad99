// Disputes: an invoice in open dispute stays in its balance but leaves the collections worklist.
import type { Actor } from '../../domain/actor.js';
import { checkDisputable } from '../../domain/collections/disputes.js';
import { dateFromIso } from '../../domain/dates.js';
import { ErrorCollector, UserInputError } from '../../domain/errors.js';
import { LIMITS, requireText } from '../../domain/text.js';
import type { Invoice } from '../../generated/prisma/client.js';
import { recordAudit } from '../audit.js';
import { TX_OPTIONS, type Db, type Tx } from '../db-types.js';
import { findInvoiceOrThrow, lockInvoice } from '../lookups.js';

export async function openDispute(prisma: Db, actor: Actor, input: { invoiceNumber: string; reason: string }, today: string): Promise<Invoice> {
  const errors = new ErrorCollector();
  const reason = errors.check(() => requireText(input.reason, ['reason'], { max: LIMITS.reason, what: 'The reason' }));
  return prisma.$transaction(async (tx) => {
    const invoice = await errors.checkAsync(() => findInvoiceOrThrow(tx, input.invoiceNumber, ['invoiceNumber']));
    errors.throwIfAny();
    return openDisputeOn(tx, actor, invoice!.id, reason!, today, ['invoiceNumber']);
  }, TX_OPTIONS);
}

/**
 * Shared with logging a DISPUTE collection activity. The invoice is locked and read again
 * before its state is checked, so of racing writers one opens the dispute.
 */
export async function openDisputeOn(tx: Tx, actor: Actor, invoiceId: number, reason: string, date: string, field: string[]): Promise<Invoice> {
  const invoice = (await lockInvoice(tx, invoiceId))!;
  const refusals = new ErrorCollector();
  checkDisputable(invoice, field, refusals);
  refusals.throwIfAny();
  await tx.dispute.create({ data: { invoiceId: invoice.id, reason, openedDate: dateFromIso(date), openedBy: actor.name } });
  const updated = await tx.invoice.update({ where: { id: invoice.id }, data: { disputed: true, version: { increment: 1 } } });
  await recordAudit(tx, actor, {
    action: 'openDispute',
    recordType: 'Invoice',
    recordId: invoice.id,
    before: { disputed: false },
    after: { number: invoice.number, disputed: true, reason },
  });
  return updated;
}

export async function resolveDispute(prisma: Db, actor: Actor, input: { invoiceNumber: string; resolution: string }, today: string): Promise<Invoice> {
  const errors = new ErrorCollector();
  const resolution = errors.check(() => requireText(input.resolution, ['resolution'], { max: LIMITS.reason, what: 'The resolution' }));
  return prisma.$transaction(async (tx) => {
    const found = await errors.checkAsync(() => findInvoiceOrThrow(tx, input.invoiceNumber, ['invoiceNumber']));
    errors.throwIfAny();
    // Locked before the dispute is looked up: of racing resolutions, one finds it open.
    const invoice = (await lockInvoice(tx, found!.id))!;
    const open = await tx.dispute.findFirst({ where: { invoiceId: invoice.id, resolvedDate: null }, orderBy: { id: 'desc' } });
    if (!invoice.disputed || !open) {
      throw UserInputError.of(['invoiceNumber'], `Invoice ${invoice.number} has no open dispute to resolve.`);
    }
    await tx.dispute.update({ where: { id: open.id }, data: { resolvedDate: dateFromIso(today), resolution: resolution!, resolvedBy: actor.name } });
    const updated = await tx.invoice.update({ where: { id: invoice.id }, data: { disputed: false, version: { increment: 1 } } });
    await recordAudit(tx, actor, {
      action: 'resolveDispute',
      recordType: 'Invoice',
      recordId: invoice.id,
      before: { disputed: true },
      after: { number: invoice.number, disputed: false, resolution },
    });
    return updated;
  }, TX_OPTIONS);
}
