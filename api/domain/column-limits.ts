// The size each decimal input may take, set by the numeric(p,s) column it is stored in (which
// holds |x| < 10^(p−s)). Inputs are checked against these before a write, so a number too large
// is refused naming its field instead of failing in the database. Percent complete (0–100), KPI
// tolerance (0–1) and a payment application (at most the invoice's open balance) have business
// ranges narrower than their columns and are checked by those.
import { MAX_AMOUNT, Money } from './money/money.js';

export const COLUMN_LIMITS = {
  /**
   * Money columns are numeric(20,4); an amount stays a decade below the column, so the sums
   * stored beside it (invoice totals, amounts paid) fit too.
   */
  amount: MAX_AMOUNT,
  /** invoice_line.quantity numeric(18,4). */
  quantity: new Money('1e12'),
  /** invoice_line.unit_price numeric(24,6). */
  unitPrice: new Money('1e18'),
  /** fx_rate.rate numeric(24,10). */
  fxRate: new Money('1e12'),
  /** kpi_target.value and kpi_actual.value numeric(20,6). */
  kpiValue: new Money('1e14'),
} as const;
