// The first start of a database: the demo book, the portfolio and the `installation` row that
// says "done" are written in one transaction. A start that is killed or interrupted part way
// leaves nothing behind, and the next start does the whole of it again.
import type { IsoDate } from '../../domain/dates.js';
import { seedDemoDataIn, SEED_TX_OPTIONS, type SeedSummary } from '../../seed/demo-data.js';
import { seedDemoPortfolioIn, type PortfolioSummary } from '../../seed/demo-portfolio.js';
import type { Db } from '../db-types.js';

/** Any constant: two instances starting on one new database take turns. */
const INSTALLATION_LOCK_KEY = 746_110_2027;

export interface FirstStartParams {
  demoData: boolean;
  today: IsoDate;
  baseCurrency: string;
  /** Invoices in the demo book (default: the demo book's own default). */
  demoInvoices?: number;
}

export type FirstStartResult =
  | { installed: false }
  | { installed: true; demo: (SeedSummary & PortfolioSummary) | null };

/** Completes the setup of a database that was never completely set up; otherwise does nothing. */
export async function completeFirstStart(prisma: Db, params: FirstStartParams): Promise<FirstStartResult> {
  if (await prisma.installation.findUnique({ where: { id: 1 } })) return { installed: false };
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${INSTALLATION_LOCK_KEY})`;
    if (await tx.installation.findUnique({ where: { id: 1 } })) return { installed: false };
    // A ledger loaded by other means (npm run seed, a restore) is kept as it is.
    const ledgerExists = (await tx.entity.count()) > 0;
    let demo: (SeedSummary & PortfolioSummary) | null = null;
    if (params.demoData && !ledgerExists) {
      const book = await seedDemoDataIn(tx, { today: params.today, baseCurrency: params.baseCurrency, invoices: params.demoInvoices });
      const portfolio = await seedDemoPortfolioIn(tx, { today: params.today });
      demo = { ...book, ...portfolio };
    }
    await tx.installation.create({ data: { id: 1, demoData: demo !== null } });
    return { installed: true, demo };
  }, SEED_TX_OPTIONS);
}
