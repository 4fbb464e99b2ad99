// Types shared by the area files: user errors, mutation payloads, enums and page-size checks.
import { queryFromInfo } from '@pothos/plugin-prisma';
import { GraphQLError } from 'graphql';
import type { PrismaClient } from '../generated/prisma/client.js';
import { builder, MAX_PAGE_SIZE } from '../builder.js';
import { ErrorCode, UserInputError, type UserError } from '../domain/errors.js';
import { isoFromDate } from '../domain/dates.js';
import { formatMoney } from '../domain/money/money.js';
import { refusalForViolation } from '../services/db-errors.js';
import { ActivityKind, DeliveryChannel, DeliveryOutcome, InvoiceStatus, Role, BillingSchedule } from '../generated/prisma/enums.js';

export const ErrorCodeEnum = builder.enumType('ErrorCode', { values: Object.values(ErrorCode) });
export const RoleEnum = builder.enumType('Role', { values: Object.values(Role) });
export const DeliveryChannelEnum = builder.enumType('DeliveryChannel', { values: Object.values(DeliveryChannel) });
export const DeliveryOutcomeEnum = builder.enumType('DeliveryOutcome', { values: Object.values(DeliveryOutcome) });
export const InvoiceStatusEnum = builder.enumType('InvoiceStatus', { values: Object.values(InvoiceStatus) });
export const ActivityKindEnum = builder.enumType('ActivityKind', { values: Object.values(ActivityKind) });
export const BillingScheduleEnum = builder.enumType('BillingSchedule', { values: Object.values(BillingSchedule) });

export const UserErrorRef = builder.objectRef<UserError>('UserError').implement({
  description: 'Why an input was refused. Nothing was written when a payload carries userErrors.',
  fields: (t) => ({
    field: t.exposeStringList('field', { description: 'Path to the input, e.g. ["input", "lines", "2", "quantity"].' }),
    message: t.exposeString('message'),
    code: t.field({ type: ErrorCodeEnum, resolve: (error) => error.code }),
  }),
});

export type Payload<K extends string, T> = { [P in K]: T | null } & { userErrors: UserError[] };

/**
 * Runs a mutation's service; refused input becomes userErrors next to a null result, and so
 * does a constraint the database enforced (a unique code taken by a racing writer).
 */
export async function toPayload<K extends string, T>(key: K, work: () => Promise<T>): Promise<Payload<K, T>> {
  try {
    return { [key]: await work(), userErrors: [] } as Payload<K, T>;
  } catch (error) {
    const refused = error instanceof UserInputError ? error : refusalForViolation(error);
    if (refused) return { [key]: null, userErrors: refused.errors } as Payload<K, T>;
    throw error;
  }
}

/**
 * A mutation payload type `{ <key>: <type>, userErrors }`. The result type is passed loosely
 * (a Pothos ref), so this one helper serves every mutation.
 */
export interface PayloadOptions {
  list?: boolean;
  extra?: (t: any) => Record<string, unknown>;
  /**
   * Re-reads the written record(s) after the transaction with the client's whole selection
   * (relations included) in one query, instead of one query per relation.
   */
  reload?: (prisma: PrismaClient, query: Record<string, unknown>, result: any) => Promise<unknown>;
}

export function payloadType(name: string, key: string, type: unknown, options: PayloadOptions = {}) {
  return builder.objectRef<Record<string, unknown> & { userErrors: UserError[] }>(name).implement({
    fields: (t) => ({
      [key]: t.field({
        type: (options.list ? [type] : type) as never,
        nullable: true,
        resolve: (payload, _args, context, info) => {
          const result = payload[key];
          if (result === null || result === undefined || !options.reload) return result as never;
          return options.reload(context.prisma, queryFromInfo({ context, info }), result) as never;
        },
      }),
      ...(options.extra ? (options.extra(t) as object) : {}),
      userErrors: t.field({ type: [UserErrorRef], resolve: (payload) => payload.userErrors }),
    }),
  });
}

export function checkPageSize(args: { first?: number | null; last?: number | null }): void {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value !== null && value !== undefined && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`${name} must be from 0 to ${MAX_PAGE_SIZE} (the maximum page size); got ${value}. Page through larger sets with after.`, {
        extensions: { code: 'BAD_USER_INPUT', argument: name, maxPageSize: MAX_PAGE_SIZE },
      });
    }
  }
}

export const iso = (date: Date) => isoFromDate(date);
export const isoOrNull = (date: Date | null) => (date ? isoFromDate(date) : null);
export const money = (amount: { toString(): string }, currency: string) => formatMoney(amount, currency);

/** Reloaders for payload results, by id(s). */
export const reload = {
  invoice: (prisma: PrismaClient, query: object, invoice: { id: number }) => prisma.invoice.findUniqueOrThrow({ ...query, where: { id: invoice.id } }),
  payment: (prisma: PrismaClient, query: object, payment: { id: number }) => prisma.payment.findUniqueOrThrow({ ...query, where: { id: payment.id } }),
  invoices: (prisma: PrismaClient, query: object, rows: { id: number }[]) =>
    prisma.invoice.findMany({ ...query, where: { id: { in: rows.map((row) => row.id) } }, orderBy: { id: 'asc' } }),
  contract: (prisma: PrismaClient, query: object, contract: { id: number }) => prisma.contract.findUniqueOrThrow({ ...query, where: { id: contract.id } }),
  customer: (prisma: PrismaClient, query: object, customer: { id: number }) => prisma.customer.findUniqueOrThrow({ ...query, where: { id: customer.id } }),
  collectionActivities: (prisma: PrismaClient, query: object, rows: { id: number }[]) =>
    prisma.collectionActivity.findMany({ ...query, where: { id: { in: rows.map((row) => row.id) } }, orderBy: { id: 'asc' } }),
};
