// Invoice numbers (PRODUCT.md, "Invoices in the books"): the entity's code and its sequence,
// unique across the system and without gaps per entity; a draft has none until issued.

/** The number an invoice of entity `entityCode` gets at issue, e.g. US01-000123. */
export function invoiceNumber(entityCode: string, sequence: number): string {
  return `${entityCode}-${String(sequence).padStart(6, '0')}`;
}

/** The number a credit memo of entity `entityCode` gets, e.g. US01-CM-000001 (its own gapless sequence). */
export function creditMemoNumber(entityCode: string, sequence: number): string {
  return `${entityCode}-CM-${String(sequence).padStart(6, '0')}`;
}
