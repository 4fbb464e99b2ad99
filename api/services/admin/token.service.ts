// API tokens: random secrets shown once, stored as sha256 hashes; checked on every request
// against the database by authenticate.ts (no cache, so any instance sees revocations at once).
import crypto from 'node:crypto';
import type { Actor } from '../../domain/actor.js';
import { parseIsoTimestamp } from '../../domain/dates.js';
import { ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { parseCode } from '../../domain/text.js';
import type { Role } from '../../generated/prisma/enums.js';
import { recordAudit } from '../audit.js';
import { forgetAuthentications } from './authenticate.js';
import { refuseIfTaken } from '../db-errors.js';
import { TX_OPTIONS, type Db } from '../db-types.js';

const TOKEN_PREFIX = 'llt_';

export function hashToken(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

export function newTokenSecret(): string {
  return TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
}

export interface CreateApiTokenInput {
  name: string;
  role: Role;
  expiresAt?: string | null;
}

export async function createApiToken(prisma: Db, actor: Actor, input: CreateApiTokenInput, now: Date = new Date()) {
  const errors = new ErrorCollector();
  const name = errors.check(() => parseCode(input.name, ['name'], 'The token name', 64))?.toLowerCase();
  const expiresAt = input.expiresAt ? errors.check(() => parseIsoTimestamp(input.expiresAt!, ['expiresAt'])) ?? null : null;
  if (expiresAt && expiresAt <= now) errors.add(['expiresAt'], 'The expiry must be in the future.', ErrorCode.OUT_OF_RANGE);
  errors.throwIfAny();
  const secret = newTokenSecret();
  return prisma.$transaction(async (tx) => {
    const duplicate = `A token named ${name} already exists; token names are unique (revoke it first to reuse the name).`;
    if (await tx.apiToken.findUnique({ where: { name: name! } })) throw UserInputError.of(['name'], duplicate, ErrorCode.DUPLICATE);
    const token = await refuseIfTaken(tx.apiToken.create({
      data: { name: name!, role: input.role, tokenHash: hashToken(secret), prefix: secret.slice(0, 10), createdBy: actor.name, expiresAt },
    }), ['name'], duplicate);
    await recordAudit(tx, actor, { action: 'createApiToken', recordType: 'ApiToken', recordId: token.name, after: { role: token.role, expiresAt } });
    return { token, secret };
  }, TX_OPTIONS);
}

export async function revokeApiToken(prisma: Db, actor: Actor, input: { name: string }, now: Date = new Date()) {
  const revoked = await prisma.$transaction(async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { name: input.name.trim().toLowerCase() } });
    if (!token) throw UserInputError.of(['name'], `No token named "${input.name.slice(0, 64)}" exists.`, ErrorCode.NOT_FOUND);
    // Renamed on revocation so the name can be used again for a replacement token. The update
    // is conditional: of racing revocations, one revokes it and the others find it revoked.
    const { count } = await tx.apiToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { revokedAt: now, name: `${token.name}~revoked~${token.id}` } });
    if (count === 0) throw UserInputError.of(['name'], `Token ${token.name} is already revoked.`);
    await recordAudit(tx, actor, { action: 'revokeApiToken', recordType: 'ApiToken', recordId: token.name, after: { revokedAt: now } });
    return tx.apiToken.findUniqueOrThrow({ where: { id: token.id } });
  }, TX_OPTIONS);
  // After the commit: a request authenticated in between looks the token up again and finds it revoked.
  forgetAuthentications();
  return revoked;
}
