import type { Prisma, PrismaClient } from '../generated/prisma/client.js';

export type Tx = Prisma.TransactionClient;
export type Db = PrismaClient;

/** Interactive transactions get room for 5,000-row batches. */
export const TX_OPTIONS = { maxWait: 10_000, timeout: 120_000 } as const;
