import type { Actor } from '../../domain/actor.js';
import { ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { parseCurrency } from '../../domain/money/money.js';
import { parseEntityDetails, type EntityDetailsInput } from '../../domain/receivables/party-details.js';
import { LIMITS, optionalText, parseCode, requireText } from '../../domain/text.js';
import { recordAudit } from '../audit.js';
import { refuseIfTaken } from '../db-errors.js';
import { TX_OPTIONS, type Db } from '../db-types.js';
import { findEntityOrThrow } from '../lookups.js';
import { lockEntitySetForCreate, refreshLockedThrough } from '../period-lock.js';

export interface CreateEntityInput extends EntityDetailsInput {
  code: string;
  name: string;
  currency: string;
  region?: string | null;
}

export async function createEntity(prisma: Db, actor: Actor, input: CreateEntityInput) {
  const errors = new ErrorCollector();
  const code = errors.check(() => parseCode(input.code, ['code'], 'The entity code', 10));
  const name = errors.check(() => requireText(input.name, ['name'], { max: LIMITS.name, what: 'The entity name' }));
  const currency = errors.check(() => parseCurrency(input.currency, ['currency']));
  const region = errors.check(() => optionalText(input.region, ['region'], { max: 100, what: 'The region' }));
  const details = parseEntityDetails(input, errors);
  errors.throwIfAny();

  return prisma.$transaction(async (tx) => {
    await lockEntitySetForCreate(tx);
    const duplicate = `An entity with code ${code} already exists; entity codes are unique.`;
    if (await tx.entity.findUnique({ where: { code: code! } })) throw UserInputError.of(['code'], duplicate, ErrorCode.DUPLICATE);
    const entity = await refuseIfTaken(
      tx.entity.create({ data: { code: code!, name: name!, currency: currency!, region: region ?? null, ...details } }),
      ['code'],
      duplicate,
    );
    await tx.invoiceSequence.create({ data: { entityId: entity.id } });
    // Closes for all entities lock the new entity's books too.
    await refreshLockedThrough(tx, [entity.id]);
    await recordAudit(tx, actor, { action: 'createEntity', recordType: 'Entity', recordId: entity.code, after: entity });
    return entity;
  }, TX_OPTIONS);
}

export interface UpdateEntityInput extends EntityDetailsInput {
  code: string;
  name?: string | null;
  region?: string | null;
}

/**
 * Changes an entity's name, region, letterhead or remittance details. A field left out stays
 * as it is; null (or blank) clears an optional one. The code and currency never change (the
 * invoices carry them).
 */
export async function updateEntity(prisma: Db, actor: Actor, input: UpdateEntityInput) {
  const errors = new ErrorCollector();
  const changes: Record<string, unknown> = {};
  if (input.name !== undefined) changes.name = errors.check(() => requireText(input.name, ['name'], { max: LIMITS.name, what: 'The entity name' }));
  if (input.region !== undefined) changes.region = errors.check(() => optionalText(input.region, ['region'], { max: 100, what: 'The region' }));
  Object.assign(changes, parseEntityDetails(input, errors));

  return prisma.$transaction(async (tx) => {
    const current = await errors.checkAsync(() => findEntityOrThrow(tx, input.code, ['code']));
    errors.throwIfAny();
    const entity = await tx.entity.update({ where: { id: current!.id }, data: changes });
    const before = Object.fromEntries(Object.keys(changes).map((key) => [key, current![key as keyof typeof current]]));
    await recordAudit(tx, actor, { action: 'updateEntity', recordType: 'Entity', recordId: entity.code, before, after: changes });
    return entity;
  }, TX_OPTIONS);
}
