import type { Actor } from '../../domain/actor.js';
import { COLUMN_LIMITS } from '../../domain/column-limits.js';
import { ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { parseAmount, parseCurrency } from '../../domain/money/money.js';
import { parseBankAccounts } from '../../domain/receivables/bank-account.js';
import { parseBillingDetails, parseContacts, type BillingDetailsInput, type Contact, type ContactInput } from '../../domain/receivables/party-details.js';
import { formatPaymentTerms, parsePaymentTerms } from '../../domain/receivables/payment-terms.js';
import { LIMITS, optionalText, parseCode, parseEmail, requireText } from '../../domain/text.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { DeliveryChannel } from '../../generated/prisma/enums.js';
import { recordAudit } from '../audit.js';
import { refuseIfTaken } from '../db-errors.js';
import { TX_OPTIONS, type Db, type Tx } from '../db-types.js';
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
  onCreditHold?: boolean | null;
  /** The people to talk to about the account, in the order listed. */
  contacts?: ContactInput[] | null;
  /** Accounts the customer pays from: bank statement lines from them match the customer. */
  bankAccounts?: string[] | null;
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
  const collector = errors.check(() => parseCollector(input.collector));
  const contacts = parseContacts(input.contacts, errors);
  const bankAccounts = parseBankAccounts(input.bankAccounts, errors);
  const currencyGiven = input.currency ? errors.check(() => parseCurrency(input.currency!, ['currency'])) : undefined;
  const billing = parseBillingDetails(input, errors);

  return prisma.$transaction(async (tx) => {
    const entity = await errors.checkAsync(() => findEntityOrThrow(tx, input.entityCode, ['entityCode']));
    // The limit is in the customer's billing currency, which defaults to the entity's.
    const limitCurrency = input.currency ? currencyGiven : entity?.currency;
    const creditLimit = input.creditLimit && limitCurrency ? errors.check(() => parseCreditLimit(input.creditLimit!, limitCurrency)) : null;
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
        onCreditHold: input.onCreditHold ?? false,
        bankAccounts,
        ...billing,
      },
    }), ['code'], duplicate);
    await replaceContacts(tx, customer.id, contacts);
    await recordAudit(tx, actor, { action: 'createCustomer', recordType: 'Customer', recordId: customer.code, after: { ...customer, contacts } });
    return customer;
  }, TX_OPTIONS);
}


export interface UpdateCustomerInput extends BillingDetailsInput {
  code: string;
  /** The version the change was based on; another version is a conflict. */
  expectedVersion: number;
  collector?: string | null;
  /** In the customer's billing currency; null clears it. */
  creditLimit?: string | null;
  /** Null or left out: unchanged. */
  onCreditHold?: boolean | null;
  /** Replaces the whole list when given; null or [] clears it. */
  contacts?: ContactInput[] | null;
  /** Replaces the whole list when given; null or [] clears it. */
  bankAccounts?: string[] | null;
}

/** The collector: a token name or a person's name, trimmed; null when blank. */
function parseCollector(value: string | null | undefined): string | null {
  return optionalText(value, ['collector'], { max: LIMITS.name, what: 'The collector' });
}

/** A credit limit: zero or more, in the billing currency's minor units. */
function parseCreditLimit(value: string, currency: string) {
  const limit = parseAmount(value, ['creditLimit'], { currency, positive: false, below: COLUMN_LIMITS.amount, what: 'A credit limit' });
  if (limit.lt(0)) throw UserInputError.of(['creditLimit'], `A credit limit cannot be negative (got ${value}); give 0 or more, or null for no limit.`, ErrorCode.OUT_OF_RANGE);
  return limit;
}

/** Writes the customer's contacts as the whole list, in order. */
async function replaceContacts(tx: Tx, customerId: number, contacts: Contact[]): Promise<void> {
  await tx.customerContact.deleteMany({ where: { customerId } });
  if (contacts.length > 0) await tx.customerContact.createMany({ data: contacts.map((contact, position) => ({ customerId, position, ...contact })) });
}

/**
 * Changes a customer's billing address, tax id, collector, credit limit, credit hold and
 * contacts. A field left out stays as it is; null (or blank) clears it. Refused with CONFLICT
 * when the customer is no longer at `expectedVersion`.
 */
export async function updateCustomer(prisma: Db, actor: Actor, input: UpdateCustomerInput) {
  const errors = new ErrorCollector();
  const changes: Prisma.CustomerUpdateInput & Record<string, unknown> = { ...parseBillingDetails(input, errors) };
  if (input.collector !== undefined) changes.collector = errors.check(() => parseCollector(input.collector));
  if (input.onCreditHold !== undefined && input.onCreditHold !== null) changes.onCreditHold = input.onCreditHold;
  if (input.bankAccounts !== undefined) changes.bankAccounts = parseBankAccounts(input.bankAccounts, errors);
  const contacts = input.contacts !== undefined ? parseContacts(input.contacts, errors) : undefined;
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
    if (input.creditLimit !== undefined) {
      const limit = input.creditLimit === null || input.creditLimit.trim() === '' ? null : errors.check(() => parseCreditLimit(input.creditLimit!, current.currency));
      changes.creditLimit = limit === null ? null : limit?.toString();
      errors.throwIfAny();
    }
    const customer = await tx.customer.update({ where: { id: current.id }, data: { ...changes, version: { increment: 1 } } });
    const before: Record<string, unknown> = Object.fromEntries(Object.keys(changes).map((key) => [key, current[key as keyof typeof current]]));
    const after: Record<string, unknown> = { ...changes, version: customer.version };
    if (contacts !== undefined) {
      before.contacts = await tx.customerContact.findMany({ where: { customerId: current.id }, orderBy: [{ position: 'asc' }, { id: 'asc' }], select: { name: true, email: true, phone: true, role: true } });
      await replaceContacts(tx, current.id, contacts);
      after.contacts = contacts;
    }
    await recordAudit(tx, actor, { action: 'updateCustomer', recordType: 'Customer', recordId: customer.code, before, after });
    return customer;
  }, TX_OPTIONS);
}
