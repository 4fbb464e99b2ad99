import type { Actor } from '../../domain/actor.js';
import { ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { parseCurrency } from '../../domain/money/money.js';
import { LIMITS, optionalText, parseCode, requireText } from '../../domain/text.js';
import { recordAudit } from '../audit.js';
import { refuseIfTaken } from '../db-errors.js';
import { TX_OPTIONS, type Db } from '../db-types.js';

export interface CreateEntityInput {
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
  errors.throwIfAny();

  return prisma.$transaction(async (tx) => {
    const duplicate = `An entity with code ${code} already exists; entity codes are unique.`;
    if (await tx.entity.findUnique({ where: { code: code! } })) throw UserInputError.of(['code'], duplicate, ErrorCode.DUPLICATE);
    const entity = await refuseIfTaken(tx.entity.create({ data: { code: code!, name: name!, currency: currency!, region: region ?? null } }), ['code'], duplicate);
    await tx.invoiceSequence.create({ data: { entityId: entity.id } });
    await recordAudit(tx, actor, { action: 'createEntity', recordType: 'Entity', recordId: entity.code, after: entity });
    return entity;
  }, TX_OPTIONS);
}
