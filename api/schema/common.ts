// Types shared by the area files: user errors, mutation payload types and enums.
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { PrismaClient } from '../generated/prisma/client.js';
import { builder } from '../builder.js';
import { ErrorCode, type UserError } from '../domain/errors.js';
import { isoFromDate } from '../domain/dates.js';
import { formatMoney } from '../domain/money/money.js';
import { ActivityKind, DeliveryChannel, DeliveryStatus, InvoiceStatus, Role, BillingSchedule } from '../generated/prisma/enums.js';

const ErrorCodeEnum = builder.enumType('ErrorCode', { values: Object.values(ErrorCode) });
export const RoleEnum = builder.enumType('Role', { values: Object.values(Role) });
export const DeliveryChannelEnum = builder.enumType('DeliveryChannel', { values: Object.values(DeliveryChannel) });
export const DeliveryStatusEnum = builder.enumType('DeliveryStatus', { values: Object.values(DeliveryStatus) });
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

// A row of the SQL read path (api/read/) carries its dates as "YYYY-MM-DD" already.
export const iso = (date: Date | string) => (typeof date === 'string' ? date : isoFromDate(date));
export const isoOrNull = (date: Date | string | null) => (date === null ? null : iso(date));
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
