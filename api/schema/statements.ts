// Customer statements: the statement of a period, and queuing the month's statements for delivery.
import { builder } from '../builder.js';
import type { StatementLine } from '../documents/types.js';
import { toPayload } from '../errors.js';
import { Money } from '../domain/money/money.js';
import { customerStatement, sendStatements, type CustomerStatement } from '../services/receivables/statement.service.js';
import { payloadType } from './common.js';
import { AgingBucketsRef } from './receivables/aging.js';

const StatementLineKindEnum = builder.enumType('StatementLineKind', {
  values: ['INVOICE', 'PAYMENT', 'CREDIT', 'VOID', 'DISCOUNT', 'WRITE_OFF', 'REFUND', 'REVERSAL', 'OPENING'] as const,
});

const StatementLineRef = builder.objectRef<StatementLine>('StatementLine').implement({
  fields: (t) => ({
    date: t.field({ type: 'Date', resolve: (line) => line.date }),
    kind: t.field({ type: StatementLineKindEnum, resolve: (line) => line.kind }),
    reference: t.exposeString('reference', {
      description: 'The invoice number (INVOICE, DISCOUNT, WRITE_OFF, VOID), the credit memo number (CREDIT), or the payment reference (PAYMENT, REVERSAL; "Payment <id>" when it has none).',
    }),
    amount: t.field({
      type: 'Decimal',
      description: 'Signed by its effect on the balance: INVOICE and REVERSAL positive; PAYMENT, CREDIT, DISCOUNT, WRITE_OFF and VOID negative.',
      resolve: (line) => line.amount,
    }),
    balance: t.field({ type: 'Decimal', description: 'The running balance after this line.', resolve: (line) => line.balance }),
  }),
});

const StatementRef = builder.objectRef<CustomerStatement>('Statement').implement({
  description:
    "A customer's statement for a period, in one currency (the billing currency unless asked otherwise): openingBalance + Σ lines.amount = closingBalance, " +
    "and closingBalance is the customer's aging total as of `to` in that currency. Invoices and payments in other currencies are not translated: " +
    'they have a statement of their own (otherCurrencies).',
  fields: (t) => ({
    customer: t.prismaField({
      type: 'Customer',
      resolve: (query, statement, _args, ctx) => ctx.prisma.customer.findUniqueOrThrow({ ...query, where: { code: statement.customer.code } }),
    }),
    currency: t.exposeString('currency'),
    from: t.field({ type: 'Date', resolve: (s) => s.from }),
    to: t.field({ type: 'Date', resolve: (s) => s.to }),
    openingBalance: t.field({ type: 'Decimal', description: 'Open balance as of the day before `from`.', resolve: (s) => s.openingBalance }),
    closingBalance: t.field({ type: 'Decimal', description: 'Open balance as of `to`.', resolve: (s) => s.closingBalance }),
    unappliedCash: t.field({ type: 'Decimal', description: 'Payments received by `to` and not applied: shown apart, never netted against the balance.', resolve: (s) => s.unappliedCash }),
    openCredit: t.field({
      type: 'Decimal',
      description: 'Credit memos dated by `to` and not applied to invoices by then: shown apart, like unapplied cash, never netted against the balance.',
      resolve: (s) => s.openCredit,
    }),
    lines: t.field({ type: [StatementLineRef], resolve: (s) => s.lines }),
    aging: t.field({
      type: AgingBucketsRef,
      description: 'The closing balance by days past due as of `to`.',
      resolve: (s) => ({
        currency: s.currency,
        buckets: {
          current: new Money(s.aging.current),
          days1To30: new Money(s.aging.days1To30),
          days31To60: new Money(s.aging.days31To60),
          days61To90: new Money(s.aging.days61To90),
          over90: new Money(s.aging.over90),
          total: new Money(s.aging.total),
        },
      }),
    }),
    otherCurrencies: t.stringList({ description: 'Other currencies the customer has invoices or payments in by `to`; ask for their statements with `currency`.', resolve: (s) => s.otherCurrencies }),
  }),
});

builder.queryField('customerStatement', (t) =>
  t.field({
    type: StatementRef,
    description: 'The statement of a customer for from–to (at most 5 years), in its billing currency unless `currency` names another.',
    args: {
      customerCode: t.arg.string({ required: true }),
      from: t.arg({ type: 'Date', required: true }),
      to: t.arg({ type: 'Date', required: true }),
      currency: t.arg.string({ required: false }),
    },
    resolve: (_root, args, ctx) => customerStatement(ctx.prisma, args),
  }),
);

const SendStatementsInput = builder.inputType('SendStatementsInput', {
  fields: (t) => ({
    asOf: t.field({ type: 'Date', description: 'Each statement covers the calendar month up to and including asOf (the 1st of its month to asOf).' }),
    entityCode: t.string({ required: false }),
    customerCodes: t.stringList({ required: false, description: 'Only these customers; default every customer (of the entity).' }),
  }),
});
const SendStatementsPayload = payloadType('SendStatementsPayload', 'statementsQueued', 'Int');
builder.mutationField('sendStatements', (t) =>
  t.field({
    type: SendStatementsPayload,
    description:
      'Queues a statement for the calendar month up to asOf to every chosen customer with activity in that month or an open balance or unapplied cash on asOf, ' +
      'by email to its billing emails (by post without one). A customer whose statement for the same period was queued before is skipped. Answers how many statements were queued.',
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: SendStatementsInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('statementsQueued', () => sendStatements(ctx.prisma, ctx.actor, input)),
  }),
);
