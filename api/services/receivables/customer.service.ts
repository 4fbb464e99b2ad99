import type { Actor } from '../../domain/actor.js';
import { COLUMN_LIMITS } from '../../domain/column-limits.js';
import { ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { parseAmount, parseCurrency } from '../../domain/money/money.js';
import { parseBillingDetails, type BillingDetailsInput } from '../../domain/receivables/party-details.js';
import { formatPaymentTerms, parsePaymentTerms } from '../../domain/receivables/payment-terms.js';
import { LIMITS, optionalText, parseCode, parseEmail, requireText } from '../../domain/text.js';
import type { DeliveryChannel } from '../../generated/prisma/enums.js';
import { recordAudit } from '../audit.js';
import { refuseIfTaken } from '../db-errors.js';
import { TX_OPTIONS, type Db } from '../db-types.js';
import { findCustomerOrThrow, findEntityOrThrow } from '../lookups.js';

export interface CreateCustomerInput extends BillingDetailsInput {
  entityCode: string;
  code: string;
  name: string;
  currency?: string | null;
  paymentTerms: string;
  deliveryChannel: DeliveryChannel;
  billingEmails?: string[] | null;
  portalUrl?: string | null;
  poRequired?: boolean | null;
  creditLimit?: string | null;
  collector?: string | null;
}

export async function createCustomer(prisma: Db, actor: Actor, input: CreateCustomerInput) {
  const errors = new ErrorCollector();
  const code = errors.check(() => parseCode(input.code, ['code'], 'The customer code'));
  const name = errors.check(() => requireText(input.name, ['name'], { max: LIMITS.name, what: 'The customer name' }));
  const terms = errors.check(() => parsePaymentTerms(input.paymentTerms, ['paymentTerms']));
  const emails = (input.billingEmails ?? []).map((email, i) => errors.check(() => parseEmail(email, ['billingEmails', String(i)])));
  if (emails.length > 20) errors.add(['billingEmails'], `${emails.length} billing emails given; at most 20 are accepted.`, ErrorCode.OUT_OF_RANGE);
  if (input.deliveryChannel === 'EMAIL' && emails.length === 0) {
    errors.add(['billingEmails'], 'A customer invoiced by EMAIL needs at least one billing email.');
  }
  const portalUrl = errors.check(() => optionalText(input.portalUrl, ['portalUrl'], { max: LIMITS.url, what: 'The portal URL' }));
  if (portalUrl && !/^https?:\/\/\S+$/.test(portalUrl)) errors.add(['portalUrl'], 'The portal URL must start with https:// or http://.');
  const collector = errors.check(() => optionalText(input.collector, ['collector'], { max: LIMITS.name, what: 'The collector' }));
  const currencyGiven = input.currency ? errors.check(() => parseCurrency(input.currency!, ['currency'])) : undefined;
  const billing = parseBillingDetails(input, errors);

  return prisma.$transaction(async (tx) => {
    const entity = await errors.checkAsync(() => findEntityOrThrow(tx, input.entityCode, ['entityCode']));
    // The limit is in the customer's billing currency, which defaults to the entity's.
    const limitCurrency = input.currency ? currencyGiven : entity?.currency;
    const creditLimit = input.creditLimit && limitCurrency
      ? errors.check(() => parseAmount(input.creditLimit!, ['creditLimit'], { currency: limitCurrency, positive: false, below: COLUMN_LIMITS.amount, what: 'A credit limit' }))
      : null;
    if (creditLimit && creditLimit.lt(0)) errors.add(['creditLimit'], 'A credit limit cannot be negative.', ErrorCode.OUT_OF_RANGE);
    const duplicate = `A customer with code ${code} already exists; customer codes are unique.`;
    if (code && (await tx.customer.findUnique({ where: { code } }))) errors.add(['code'], duplicate, ErrorCode.DUPLICATE);
    errors.throwIfAny();
    const customer = await refuseIfTaken(tx.customer.create({
      data: {
        code: code!,
        name: name!,
        entityId: entity!.id,
        currency: currencyGiven ?? entity!.currency,
        paymentTerms: formatPaymentTerms(terms!),
        deliveryChannel: input.deliveryChannel,
        billingEmails: emails as string[],
        portalUrl,
        poRequired: input.poRequired ?? false,
        creditLimit: creditLimit?.toString() ?? null,
        collector,
        ...billing,
      },
    }), ['code'], duplicate);
    await recordAudit(tx, actor, { action: 'createCustomer', recordType: 'Customer', recordId: customer.code, after: customer });
    return customer;
  }, TX_OPTIONS);
}


export interface UpdateCustomerInput extends BillingDetailsInput {
  code: string;
  /** The version the change was based on; another version is a conflict. */
  expectedVersion: number;
}

/**
 * Changes a customer's billing address and tax id. A field left out stays as it is; null (or
 * blank) clears it. Refused with CONFLICT when the customer is no longer at `expectedVersion`.
 */
export async function updateCustomer(prisma: Db, actor: Actor, input: UpdateCustomerInput) {
  const errors = new ErrorCollector();
  const changes = parseBillingDetails(input, errors);
  return prisma.$transaction(async (tx) => {
    const found = await errors.checkAsync(() => findCustomerOrThrow(tx, input.code, ['code']));
    errors.throwIfAny();
    // Locked, then read: the version check and the write are one step against racing edits.
    await tx.$queryRaw`SELECT id FROM customer WHERE id = ${found!.id} FOR UPDATE`;
    const current = await tx.customer.findUniqueOrThrow({ where: { id: found!.id } });
    if (current.version !== input.expectedVersion) {
      throw UserInputError.of(
        ['expectedVersion'],
        `Customer ${current.code} is at version ${current.version}, not ${input.expectedVersion}; reload it and apply the change again.`,
        ErrorCode.CONFLICT,
      );
    }
    const customer = await tx.customer.update({ where: { id: current.id }, data: { ...changes, version: { increment: 1 } } });
    const before = Object.fromEntries(Object.keys(changes).map((key) => [key, current[key as keyof typeof current]]));
    await recordAudit(tx, actor, { action: 'updateCustomer', recordType: 'Customer', recordId: customer.code, before, after: { ...changes, version: customer.version } });
    return customer;
  }, TX_OPTIONS);
}
