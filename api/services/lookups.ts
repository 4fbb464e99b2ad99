// Finders that turn a code from the outside into a record, or a NOT_FOUND userError.
import { ErrorCode, UserInputError } from '../domain/errors.js';
import type { Db, Tx } from './db-types.js';

export async function findEntityOrThrow(tx: Tx | Db, code: string, field: string[]) {
  const entity = await tx.entity.findUnique({ where: { code: code.trim().toUpperCase() } });
  if (!entity) throw UserInputError.of(field, `No entity with code "${code.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
  return entity;
}

export async function findCustomerOrThrow(tx: Tx, code: string, field: string[]) {
  const customer = await tx.customer.findUnique({ where: { code: code.trim().toUpperCase() } });
  if (!customer) throw UserInputError.of(field, `No customer with code "${code.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
  return customer;
}

export async function findInvoiceOrThrow(tx: Tx, number: string, field: string[]) {
  const invoice = await tx.invoice.findUnique({ where: { number: number.trim().toUpperCase() } });
  if (!invoice) throw UserInputError.of(field, `No issued invoice numbered "${number.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
  return invoice;
}
