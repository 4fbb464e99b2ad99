// Atomic, versioned batches from Excel (PRODUCT.md, "Writes from Excel are safe"): every row
// is checked and every conflict found before anything is written; one problem refuses all
// (BatchRefused, in api/domain/errors.ts).

/** The version rule: an edit to an existing record needs the version it was based on. */
export function versionConflict(current: { version: number } | null, expected: number | null | undefined): boolean {
  if (current === null) return expected !== null && expected !== undefined;
  return expected === null || expected === undefined || expected !== current.version;
}
