import type { Actor } from '../../context.js';
import { ErrorCode, ErrorCollector } from '../../domain/errors.js';
import { parseAmount, parseCurrency } from '../../domain/money/money.js';
import { formatPaymentTerms, parsePaymentTerms } from '../../domain/receivables/payment-terms.js';
import { LIMITS, optionalText, parseCode, parseEmail, requireText } from '../../domain/text.js';
import type { DeliveryChannel } from '../../generated/prisma/enums.js';
import { recordAudit } from '../audit.js';
import { TX_OPTIONS, type Db } from '../db-types.js';
import { findEntityOrThrow } from '../lookups.js';

export interface CreateCustomerInput {
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
  const code = errors.check(() => parseCode(input.code, ['input', 'code'], 'The customer code'));
  const name = errors.check(() => requireText(input.name, ['input', 'name'], { max: LIMITS.name, what: 'The customer name' }));
  const terms = errors.check(() => parsePaymentTerms(input.paymentTerms, ['input', 'paymentTerms']));
  const emails = (input.billingEmails ?? []).map((email, i) => errors.check(() => parseEmail(email, ['input', 'billingEmails', String(i)])));
  if (emails.length > 20) errors.add(['input', 'billingEmails'], `${emails.length} billing emails given; at most 20 are accepted.`, ErrorCode.OUT_OF_RANGE);
  if (input.deliveryChannel === 'EMAIL' && emails.length === 0) {
    errors.add(['input', 'billingEmails'], 'A customer invoiced by EMAIL needs at least one billing email.');
  }
  const portalUrl = errors.check(() => optionalText(input.portalUrl, ['input', 'portalUrl'], { max: LIMITS.url, what: 'The portal URL' }));
  if (portalUrl && !/^https?:\/\/\S+$/.test(portalUrl)) errors.add(['input', 'portalUrl'], 'The portal URL must start with https:// or http://.');
  const collector = errors.check(() => optionalText(input.collector, ['input', 'collector'], { max: LIMITS.name, what: 'The collector' }));
  const currencyGiven = input.currency ? errors.check(() => parseCurrency(input.currency!, ['input', 'currency'])) : undefined;
  const creditLimit = input.creditLimit
    ? errors.check(() => parseAmount(input.creditLimit!, ['input', 'creditLimit'], { currency: currencyGiven ?? 'USD', positive: false, what: 'A credit limit' }))
    : null;
  if (creditLimit && creditLimit.lt(0)) errors.add(['input', 'creditLimit'], 'A credit limit cannot be negative.', ErrorCode.OUT_OF_RANGE);

  return prisma.$transaction(async (tx) => {
    const entity = await errors.checkAsync(() => findEntityOrThrow(tx, input.entityCode, ['input', 'entityCode']));
    if (code && (await tx.customer.findUnique({ where: { code } }))) {
      errors.add(['input', 'code'], `A customer with code ${code} already exists; customer codes are unique.`, ErrorCode.DUPLICATE);
    }
    errors.throwIfAny();
    const customer = await tx.customer.create({
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
      },
    });
    await recordAudit(tx, actor, { action: 'createCustomer', recordType: 'Customer', recordId: customer.code, after: customer });
    return customer;
  }, TX_OPTIONS);
}

