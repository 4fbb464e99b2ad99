// Invoice numbers (PRODUCT.md, "Invoices in the books"): the entity's code and its sequence,
// unique across the system and without gaps per entity; a draft has none until issued.

/** The number an invoice of entity `entityCode` gets at issue, e.g. US01-000123. */
export function invoiceNumber(entityCode: string, sequence: number): string {
  return `${entityCode}-${String(sequence).padStart(6, '0')}`;
}
