// Constraint violations from the database, as Prisma and the driver adapter really raise them
// on each database, map to DUPLICATE / OUT_OF_RANGE with the field the constraint names; any
// other error is left alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../api/domain/errors.js';
import { constraintViolation, refusalForViolation, refuseIfTaken } from '../../api/services/db-errors.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

async function errorOf(write: () => Promise<unknown>): Promise<unknown> {
  try {
    await write();
  } catch (error) {
    return error;
  }
  throw new Error('expected the write to fail');
}

describe.each(testDatabases())('database constraint violations on $name', (database) => {
  let api: TestApi;
  const entity = { code: 'US01', name: 'US', currency: 'USD' };

  beforeAll(async () => {
    api = await startTestApi(database);
    await api.db.prisma.entity.create({ data: entity });
  });
  afterAll(async () => api?.close());

  it('a unique key taken through a Prisma write is DUPLICATE naming the field', async () => {
    const error = await errorOf(() => api.db.prisma.entity.create({ data: entity }));
    expect(constraintViolation(error)).toEqual({ kind: 'unique', model: 'Entity', columns: ['code'] });
    expect(refusalForViolation(error)?.errors).toEqual([{ field: ['code'], code: 'DUPLICATE', message: 'Another entity already has this code; each entity has its own.' }]);
  });

  it('a unique key taken through raw SQL inside a transaction is DUPLICATE too', async () => {
    const error = await errorOf(() => api.db.prisma.$transaction((tx) => tx.$executeRaw`INSERT INTO entity (code, name, currency) VALUES ('US01', 'US', 'USD')`));
    expect(refusalForViolation(error)?.errors).toEqual([{ field: ['code'], code: 'DUPLICATE', message: 'Another record already has this code; each record has its own.' }]);
  });

  it('a number beyond its column, through Prisma or raw SQL, is OUT_OF_RANGE', async () => {
    const prismaWrite = await errorOf(() => api.db.prisma.customer.create({
      data: { code: 'BIG', name: 'Big', entityId: 1, currency: 'USD', paymentTerms: 'NET30', deliveryChannel: 'POST', creditLimit: '99999999999999999' },
    }));
    const raw = await errorOf(() => api.db.prisma.$queryRaw`SELECT '999999999999999'::numeric(20,6)`);
    for (const error of [prismaWrite, raw]) {
      expect(constraintViolation(error)?.kind).toBe('range');
      expect(refusalForViolation(error)?.errors).toEqual([{ field: [], code: 'OUT_OF_RANGE', message: expect.stringContaining('too large') }]);
    }
  });

  it('other errors are not violations', async () => {
    const error = await errorOf(() => api.db.prisma.$queryRaw`SELECT 1 / 0`);
    expect(constraintViolation(error)).toBeNull();
    expect(refusalForViolation(new Error('boom'))).toBeNull();
  });

  it('refuseIfTaken answers a taken key as the check before it does, and passes other errors on', async () => {
    const refused = await errorOf(() => refuseIfTaken(api.db.prisma.entity.create({ data: entity }), ['code'], 'An entity with code US01 already exists.'));
    expect(refused).toBeInstanceOf(UserInputError);
    expect((refused as UserInputError).errors).toEqual([{ field: ['code'], code: 'DUPLICATE', message: 'An entity with code US01 already exists.' }]);
    const other = await errorOf(() => refuseIfTaken(api.db.prisma.$queryRaw`SELECT 1 / 0`, ['code'], 'unused'));
    expect(other).not.toBeInstanceOf(UserInputError);
  });
});
