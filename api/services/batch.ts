// Atomic, versioned batches from Excel (PRODUCT.md, "Writes from Excel are safe"): every row
// is checked and every conflict found before anything is written; one problem refuses all.
import type { UserError } from '../domain/errors.js';
import { UserInputError } from '../domain/errors.js';
import { refusalForViolation } from './db-errors.js';

/** A batch refused for invalid rows and/or version conflicts; the transaction rolls back. */
export class BatchRefused<Conflict> extends Error {
  constructor(
    readonly userErrors: UserError[],
    readonly conflicts: Conflict[],
  ) {
    super(`batch refused: ${userErrors.length} errors, ${conflicts.length} conflicts`);
    this.name = 'BatchRefused';
  }
}

export type BatchPayload<K extends string, T, C> = { [P in K]: T | null } & { conflicts: C[]; userErrors: UserError[] };

export async function toBatchPayload<K extends string, T, C>(key: K, work: () => Promise<T>): Promise<BatchPayload<K, T, C>> {
  try {
    return { [key]: await work(), conflicts: [], userErrors: [] } as BatchPayload<K, T, C>;
  } catch (error) {
    if (error instanceof BatchRefused) return { [key]: null, conflicts: error.conflicts, userErrors: error.userErrors } as BatchPayload<K, T, C>;
    const refused = error instanceof UserInputError ? error : refusalForViolation(error);
    if (refused) return { [key]: null, conflicts: [], userErrors: refused.errors } as BatchPayload<K, T, C>;
    throw error;
  }
}

/** The version rule: an edit to an existing record needs the version it was based on. */
export function versionConflict(current: { version: number } | null, expected: number | null | undefined): boolean {
  if (current === null) return expected !== null && expected !== undefined;
  return expected === null || expected === undefined || expected !== current.version;
}

export const MAX_BATCH_ROWS = 5000;
