// Demo data: a believable international receivables book — four entities, FX history, customers
// with contracts, 24 months of invoices ending in today's month, payments (late, partial,
// discounted, batched, over-paid), disputes and collection activities with promises to pay.
//
// Deterministic: everything comes from a seeded PRNG (mulberry32) and the `today` passed in,
// never Math.random or the clock, so the same inputs give the same rows, ids included.
// Fast: rows are built as column arrays and inserted set-based (INSERT … SELECT FROM unnest),
// one month of invoices at a time so a million-invoice book streams in bounded memory, all in
// one transaction so a failure leaves nothing behind.
//
// This module is the entry; the generator is in demo-book/: random, days, catalogue,
// bulk-insert, plans, book (state and order), and one module per part of the book:
// reference-data (entities, FX), customers, contracts, invoices, payments, collections.
import { isValidIsoDate } from '../domain/dates.js';
import { minorUnitsOf } from '../domain/money/currencies.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { DemoBook } from './demo-book/book.js';
import type { Sql } from './demo-book/bulk-insert.js';
import { ENTITIES } from './demo-book/catalogue.js';

export const DEFAULT_DEMO_INVOICES = 20_000;
export const DEFAULT_DEMO_CUSTOMERS = 150;
export const DEFAULT_DEMO_SEED = 1;

export interface SeedDemoDataParams {
  /** The business date the book ends on (YYYY-MM-DD); nothing is issued or received after it. */
  today: string;
  baseCurrency: string;
  invoices?: number;
  /** Default: 150 per 20,000 invoices, at least 150. */
  customers?: number;
  seed?: number;
  /**
   * Empty the ledger tables first (TRUNCATE … RESTART IDENTITY CASCADE, in the same transaction,
   * so a failed seed leaves the old book); API tokens, users and migrations stay.
   */
  reset?: boolean;
  /** Told about progress (one line per month of invoices inserted). */
  onProgress?: (message: string) => void;
}

export interface SeedSummary {
  entities: number;
  customers: number;
  invoices: number;
  payments: number;
  activities: number;
}

/** The number of customers a book of `invoices` invoices gets unless told otherwise (150 per 20,000). */
export function defaultCustomerCount(invoices: number): number {
  return Math.max(DEFAULT_DEMO_CUSTOMERS, Math.round((invoices * DEFAULT_DEMO_CUSTOMERS) / DEFAULT_DEMO_INVOICES));
}

/** The tables the demo book fills, children first. */
export const DEMO_BOOK_TABLES = [
  'collection_activity_invoice',
  'collection_activity',
  'dispute',
  'payment_application',
  'payment',
  'invoice_delivery',
  'invoice_line',
  'invoice',
  'invoice_sequence',
  'contract_version',
  'contract',
  'customer',
  'fx_rate',
  'entity',
] as const;

/**
 * Tables a reset empties: the demo book's, and the audit trail and idempotency keys whose rows
 * refer to records that no longer exist afterwards. API tokens, users and migrations stay.
 */
export const LEDGER_TABLES = ['audit_record', 'idempotency_key', ...DEMO_BOOK_TABLES] as const;

/** Loads the demo book in a transaction of its own. */
export async function seedDemoData(prisma: PrismaClient, params: SeedDemoDataParams): Promise<SeedSummary> {
  return prisma.$transaction((tx) => seedDemoDataIn(tx, params), SEED_TX_OPTIONS);
}

/** A large book takes minutes; the default interactive-transaction timeout is 5 s. */
export const SEED_TX_OPTIONS = { maxWait: 60_000, timeout: 6 * 60 * 60_000 } as const;

/** Loads the demo book inside the caller's transaction (the first start adds more to it). */
export async function seedDemoDataIn(tx: Sql, params: SeedDemoDataParams): Promise<SeedSummary> {
  if (!isValidIsoDate(params.today)) throw new Error(`today "${params.today}" is not a calendar date (YYYY-MM-DD).`);
  const invoices = params.invoices ?? DEFAULT_DEMO_INVOICES;
  const customers = params.customers ?? defaultCustomerCount(invoices);
  const seed = params.seed ?? DEFAULT_DEMO_SEED;
  if (!Number.isSafeInteger(invoices) || invoices < 1) throw new Error(`invoices must be a whole number of at least 1 (got ${invoices}).`);
  if (!Number.isSafeInteger(customers) || customers < ENTITIES.length) {
    throw new Error(`customers must be a whole number of at least ${ENTITIES.length}, one per entity (got ${customers}).`);
  }
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be a whole number (got ${seed}).`);
  minorUnitsOf(params.baseCurrency); // throws for an unknown code

  if (params.reset) await tx.$executeRawUnsafe(`TRUNCATE ${LEDGER_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
  const existing = await tx.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM entity');
  if ((existing[0]?.n ?? 0) > 0) throw new Error('The database already has entities; demo data goes only into an empty ledger.');
  const generator = new DemoBook({ today: params.today, baseCurrency: params.baseCurrency, invoices, customers, seed, progress: params.onProgress });
  return generator.run(tx);
}
