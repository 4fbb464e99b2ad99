// Which invoices a dispute may be opened on (by openDispute or a DISPUTE collection activity):
// not a void one, and not one already in dispute.
import { ErrorCode, type ErrorCollector } from '../errors.js';

export interface DisputeCandidate {
  number: string | null;
  status: string;
  /** In dispute already, or made so by an earlier row of the same batch. */
  disputed: boolean;
}

/** Collects why a dispute cannot be opened on `invoice`, if it cannot. */
export function checkDisputable(invoice: DisputeCandidate, field: string[], errors: ErrorCollector): void {
  if (invoice.status === 'VOID') errors.add(field, `Invoice ${invoice.number} is void; it cannot be disputed.`);
  if (invoice.disputed) errors.add(field, `Invoice ${invoice.number} is already in dispute.`, ErrorCode.DUPLICATE);
}
