// API tokens: random secrets shown once, stored as sha256 hashes; checked on every request
// against the database (no in-memory cache, so any instance sees revocations at once).
import crypto from 'node:crypto';
import type { Actor } from '../../context.js';
import { ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { parseCode } from '../../domain/text.js';
import type { Role } from '../../generated/prisma/enums.js';
import { recordAudit } from '../audit.js';
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
  let expiresAt: Date | null = null;
  if (input.expiresAt) {
    expiresAt = new Date(input.expiresAt);
    if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(input.expiresAt) || Number.isNaN(expiresAt.getTime())) {
      errors.add(['expiresAt'], `"${input.expiresAt.slice(0, 40)}" is not an ISO 8601 date or timestamp (e.g. 2027-01-31 or 2027-01-31T18:00:00Z).`);
    } else if (expiresAt <= now) {
      errors.add(['expiresAt'], 'The expiry must be in the future.', ErrorCode.OUT_OF_RANGE);
    }
  }
  errors.throwIfAny();
  const secret = newTokenSecret();
  return prisma.$transaction(async (tx) => {
    if (await tx.apiToken.findUnique({ where: { name: name! } })) {
      throw UserInputError.of(['name'], `A token named ${name} already exists; token names are unique (revoke it first to reuse the name).`, ErrorCode.DUPLICATE);
    }
    const token = await tx.apiToken.create({
      data: { name: name!, role: input.role, tokenHash: hashToken(secret), prefix: secret.slice(0, 10), createdBy: actor.name, expiresAt },
    });
    await recordAudit(tx, actor, { action: 'createApiToken', recordType: 'ApiToken', recordId: token.name, after: { role: token.role, expiresAt } });
    return { token, secret };
  }, TX_OPTIONS);
}

export async function revokeApiToken(prisma: Db, actor: Actor, input: { name: string }, now: Date = new Date()) {
  return prisma.$transaction(async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { name: input.name.trim().toLowerCase() } });
    if (!token) throw UserInputError.of(['name'], `No token named "${input.name.slice(0, 64)}" exists.`, ErrorCode.NOT_FOUND);
    if (token.revokedAt) throw UserInputError.of(['name'], `Token ${token.name} is already revoked.`);
    // Renamed on revocation so the name can be used again for a replacement token.
    const revoked = await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: now, name: `${token.name}~revoked~${token.id}` } });
    await recordAudit(tx, actor, { action: 'revokeApiToken', recordType: 'ApiToken', recordId: token.name, after: { revokedAt: now } });
    return revoked;
  }, TX_OPTIONS);
}

/** The actor behind a bearer secret, or null when unknown, expired or revoked. */
export async function actorForSecret(prisma: Db, secret: string, adminToken: string | undefined, now: Date = new Date()): Promise<Actor | null> {
  if (adminToken && secret.length === adminToken.length && crypto.timingSafeEqual(Buffer.from(secret), Buffer.from(adminToken))) {
    return { name: 'admin-token', role: 'ADMIN', idempotencyScope: 'admin-token' };
  }
  const token = await prisma.apiToken.findUnique({ where: { tokenHash: hashToken(secret) } });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
  return { name: token.name, role: token.role, idempotencyScope: `token:${token.id}` };
}
