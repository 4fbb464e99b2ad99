// Which contracts bill in a month: a billing run for a period creates each due invoice once.
import { daysInMonth, isoOf, parts, type IsoDate } from '../dates.js';
import { UserInputError } from '../errors.js';

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
