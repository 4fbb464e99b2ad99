// Which contracts bill in a month: a billing run for a period creates each due invoice once.
import { addDays, addMonths, daysBetween, daysInMonth, isoOf, parts, type IsoDate } from '../dates.js';
import { UserInputError } from '../errors.js';
import { Money, roundMoney } from '../money/money.js';

export type BillingScheduleKind = 'MONTHLY' | 'QUARTERLY' | 'ANNUAL' | 'MILESTONE';

export interface BillingMonth {
  period: string;
  year: number;
  month: number;
  first: IsoDate;
  last: IsoDate;
}

/** A billing period is a month, "2026-10". */
export function parseBillingMonth(value: string, field: string[]): BillingMonth {
  const match = /^(\d{4})-(\d{2})$/.exec(String(value).trim());
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12 || year < 1900 || year > 2999) {
    throw UserInputError.of(field, `"${String(value).slice(0, 20)}" is not a billing month; write YYYY-MM, e.g. 2026-10.`);
  }
  return { period: match[0], year, month, first: isoOf(year, month, 1), last: isoOf(year, month, daysInMonth(year, month)) };
}

const EVERY: Record<Exclude<BillingScheduleKind, 'MILESTONE'>, number> = { MONTHLY: 1, QUARTERLY: 3, ANNUAL: 12 };

export interface ScheduledContract {
  schedule: BillingScheduleKind;
  startDate: IsoDate;
  endDate: IsoDate | null;
}

/**
 * True when the contract bills in this month: it runs during the month, and the month is a
 * whole number of billing intervals after its start month. Milestones are billed by hand.
 */
export function billsInMonth(contract: ScheduledContract, month: BillingMonth): boolean {
  if (contract.schedule === 'MILESTONE') return false;
  if (contract.startDate > month.last) return false;
  if (contract.endDate !== null && contract.endDate < month.first) return false;
  const start = parts(contract.startDate);
  const elapsed = (month.year - start.year) * 12 + (month.month - start.month);
  return elapsed >= 0 && elapsed % EVERY[contract.schedule] === 0;
}

export interface DateSpan {
  first: IsoDate;
  last: IsoDate;
}

/**
 * The billing period that starts in `month`, or null when the contract does not bill then.
 * Periods are whole months, quarters or years anchored on the first day of the start month
 * (billsInMonth), so a quarterly contract starting 2026-01-17 has the periods Jan 1–Mar 31,
 * Apr 1–Jun 30, …; its first one is covered from Jan 17 only.
 */
export function billingPeriodIn(contract: ScheduledContract, month: BillingMonth): DateSpan | null {
  if (!billsInMonth(contract, month)) return null;
  const every = EVERY[contract.schedule as Exclude<BillingScheduleKind, 'MILESTONE'>];
  return { first: month.first, last: addDays(addMonths(month.first, every), -1) };
}

/** The first day of the period that contains `date`, for a contract billing on a schedule. */
export function periodStartOn(contract: Pick<ScheduledContract, 'schedule' | 'startDate'>, date: IsoDate): IsoDate {
  if (contract.schedule === 'MILESTONE') return date;
  const every = EVERY[contract.schedule];
  const start = parts(contract.startDate);
  const at = parts(date);
  const elapsed = (at.year - start.year) * 12 + (at.month - start.month);
  return addMonths(isoOf(start.year, start.month, 1), Math.floor(elapsed / every) * every);
}

/** True when `date` is the first day of one of the contract's billing periods. */
export function isPeriodStart(contract: Pick<ScheduledContract, 'schedule' | 'startDate'>, date: IsoDate): boolean {
  return contract.schedule !== 'MILESTONE' && periodStartOn(contract, date) === date;
}

export interface ProRataParams {
  amountPerPeriod: Money;
  currency: string;
  period: DateSpan;
  /** The days the contract runs: its start and its end (null: open-ended). */
  startDate: IsoDate;
  endDate: IsoDate | null;
}

export interface PeriodCharge {
  amount: Money;
  proRata: boolean;
  daysCovered: number;
  daysInPeriod: number;
}

/**
 * What a period bills: the full amount when the contract runs the whole period, else
 * amount × days covered ÷ days in the period, rounded to the currency's minor units (half away
 * from zero). $3,100.00 from Oct 17 of a 31-day October: 3100 × 15 ÷ 31 = 1500.00.
 */
export function periodCharge(params: ProRataParams): PeriodCharge {
  const { period } = params;
  const from = params.startDate > period.first ? params.startDate : period.first;
  const to = params.endDate !== null && params.endDate < period.last ? params.endDate : period.last;
  const daysInPeriod = daysBetween(period.first, period.last) + 1;
  const daysCovered = Math.max(0, daysBetween(from, to) + 1);
  if (daysCovered === daysInPeriod) return { amount: roundMoney(params.amountPerPeriod, params.currency), proRata: false, daysCovered, daysInPeriod };
  const amount = roundMoney(new Money(params.amountPerPeriod).times(daysCovered).dividedBy(daysInPeriod), params.currency);
  return { amount, proRata: true, daysCovered, daysInPeriod };
}

export interface DatedVersion {
  version: number;
  effectiveFrom: IsoDate;
}

/**
 * The contract version a period bills with: the latest whose effectiveFrom is on or before the
 * period's first day — or the contract's start, for a first period that begins before it.
 */
export function versionInForce<V extends DatedVersion>(versions: V[], periodFirst: IsoDate, startDate: IsoDate): V | undefined {
  const on = periodFirst > startDate ? periodFirst : startDate;
  let chosen: V | undefined;
  for (const v of versions) {
    if (v.effectiveFrom <= on && (!chosen || v.version > chosen.version)) chosen = v;
  }
  return chosen ?? versions.reduce<V | undefined>((first, v) => (!first || v.version < first.version ? v : first), undefined);
}
