// Finders that turn a code from the outside into a record, or a NOT_FOUND userError.
import { ErrorCode, UserInputError } from '../domain/errors.js';
import type { Invoice } from '../generated/prisma/client.js';
import type { Db, Tx } from './db-types.js';

export async function findEntityOrThrow(tx: Tx | Db, code: string, field: string[]) {
  const entity = await tx.entity.findUnique({ where: { code: code.trim().toUpperCase() } });
  if (!entity) throw UserInputError.of(field, `No entity with code "${code.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
  return entity;
}

export async function findCustomerOrThrow(tx: Tx | Db, code: string, field: string[]) {
  const customer = await tx.customer.findUnique({ where: { code: code.trim().toUpperCase() } });
  if (!customer) throw UserInputError.of(field, `No customer with code "${code.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
  return customer;
}

export async function findInvoiceOrThrow(tx: Tx, number: string, field: string[]) {
  const invoice = await tx.invoice.findUnique({ where: { number: number.trim().toUpperCase() } });
  if (!invoice) throw UserInputError.of(field, `No issued invoice numbered "${number.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
  return invoice;
}

/** Ids are PostgreSQL integers; anything else names no row (and must not reach a query). */
export function isRowId(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= 2_147_483_647;
}

/**
 * Locks invoices until the transaction ends and reads them as they are now. A state transition
 * (issue, void, dispute) checks its precondition on this read, so a racing writer of the same
 * invoice waits and then sees the outcome. Locks are taken in id order, so two writers locking
 * several invoices cannot deadlock.
 */
export async function lockInvoices(tx: Tx, ids: number[]): Promise<Invoice[]> {
  if (ids.length === 0) return [];
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM invoice WHERE id = ANY(${ids}::int[]) ORDER BY id FOR UPDATE`;
  return tx.invoice.findMany({ where: { id: { in: locked.map((row) => row.id) } }, orderBy: { id: 'asc' } });
}

export async function lockInvoice(tx: Tx, id: number): Promise<Invoice | null> {
  const [invoice] = await lockInvoices(tx, [id]);
  return invoice ?? null;
}
