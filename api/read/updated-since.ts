// Incremental reads: every record served by a connection carries `updatedAt`, and the
// connections take `updatedSince`, so a scheduled refresh (Power Query, a BI tool) reads only
// what changed since its last run.
import { parseIsoTimestamp } from '../domain/dates.js';
import { ArgumentError, UserInputError } from '../domain/errors.js';

export const UPDATED_AT_DESCRIPTION = 'When the record last changed: an ISO 8601 timestamp in UTC with milliseconds, e.g. "2026-11-30T09:15:02.123Z".';

export const UPDATED_SINCE_DESCRIPTION =
  'Only records changed at or after this instant (updatedAt >= updatedSince): an ISO 8601 timestamp, e.g. "2026-11-30T09:15:02.123Z" ' +
  '(a date alone or a time without an offset means UTC). Pass the largest updatedAt of the last read to refresh incrementally.';

/** Prisma's filter for `updatedSince` (none when not given); an unreadable value is refused by name. */
export function updatedSinceWhere(value: string | null | undefined, argument: string): { updatedAt?: { gte: Date } } {
  if (value === null || value === undefined) return {};
  try {
    return { updatedAt: { gte: parseIsoTimestamp(value, [argument]) } };
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    throw new ArgumentError(argument, `${argument}: ${error.errors[0]!.message}`);
  }
}
