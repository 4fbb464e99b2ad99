// The POST channel: a letter joins the day's print batch (the business date in the configured
// time zone); GET /print/<date>.pdf prints the batch. Called only by the outbox worker.
import { todayIn } from '../../config.js';
import { dateFromIso, type IsoDate } from '../../domain/dates.js';

/** The print batch a letter sent at `now` joins. */
export function printBatchFor(now: Date, timeZone: string): { iso: IsoDate; date: Date } {
  const iso = todayIn(timeZone, now);
  return { iso, date: dateFromIso(iso) };
}
