// Bank statements in: importBankStatement, the statement and its lines (bankStatement,
// bankTransactions) with their matches, and confirmBankMatches turning lines into payments.
import { builder } from '../builder.js';
import { ArgumentError } from '../domain/errors.js';
import { toPayload } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import { BankStatementFormat, BankTransactionStatus } from '../generated/prisma/enums.js';
import { formatMoney } from '../domain/money/money.js';
import { moneyText } from '../read/values.js';
import { UPDATED_AT_DESCRIPTION, UPDATED_SINCE_DESCRIPTION, updatedSinceWhere } from '../read/updated-since.js';
import { importBankStatement } from '../services/bank/bank-statement.service.js';
import { confirmBankMatches } from '../services/bank/confirm-bank-matches.service.js';
import type { Db } from '../services/db-types.js';
import { isRowId } from '../services/lookups.js';
import { checkPageSize, entityIdForArg } from '../services/reporting.js';
import { iso, isoOrNull, payloadType } from './common.js';
import { CustomerRef } from './receivables/customer.js';
import { PaymentApplicationInput } from './receivables/payment.js';

const BankStatementFormatEnum = builder.enumType('BankStatementFormat', { values: Object.values(BankStatementFormat) });
const BankTransactionStatusEnum = builder.enumType('BankTransactionStatus', {
  values: Object.values(BankTransactionStatus),
  description: 'EXACT: matched by rule 1 and applied at once as a payment. PROPOSED: a match waiting for confirmBankMatches. UNMATCHED: no rule fitted. CONFIRMED: turned into a payment by confirmBankMatches.',
});

export const BankStatementRef = builder.prismaObject('BankStatement', {
  description: 'A bank statement as imported (importBankStatement): its credit entries are its transactions.',
  fields: (t) => ({
    id: t.exposeID('id'),
    entity: t.relation('entity'),
    format: t.field({ type: BankStatementFormatEnum, resolve: (s) => s.format }),
    account: t.exposeString('account', { description: 'The account as the file gives it (IBAN or account number).' }),
    statementRef: t.exposeString('statementRef', { description: "The statement's own id (camt.053 Stmt/Id; BAI2 file id, group date and account); a CSV statement's is the file's SHA-256." }),
    currency: t.exposeString('currency', { nullable: true }),
    fromDate: t.field({ type: 'Date', nullable: true, resolve: (s) => isoOrNull(s.fromDate) }),
    toDate: t.field({ type: 'Date', nullable: true, resolve: (s) => isoOrNull(s.toDate) }),
    debitEntries: t.exposeInt('debitEntries', { description: 'Debit entries in the file: not cash received, so not kept.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (s) => s.createdAt }),
    transactions: t.relation('transactions', { description: 'The credit entries, in line order.', query: { orderBy: { lineNumber: 'asc' } } }),
  }),
});

interface MatchApplication {
  invoiceNumber: string;
  amount: string;
  discount: string;
}

const BankMatchApplicationRef = builder.objectRef<MatchApplication>('BankMatchApplication').implement({
  fields: (t) => ({
    invoiceNumber: t.exposeString('invoiceNumber'),
    amount: t.field({ type: 'Decimal', resolve: (a) => a.amount }),
    discount: t.field({ type: 'Decimal', description: 'Early-payment discount taken with it.', resolve: (a) => a.discount }),
  }),
});

/** A line's match is a view of the line itself (a Pothos variant), so it loads with the line's query. */
const BankMatchRef = builder.prismaObject('BankTransaction', {
  variant: 'BankMatch',
  description: 'Who paid and what the cash is (or would be) applied to.',
  fields: (t) => ({
    customer: t.field({
      type: CustomerRef,
      select: (_args, _ctx, nestedSelection) => ({ customer: nestedSelection(true) }),
      // The variant is null when the line has no customer (isNull below).
      resolve: (line) => line.customer!,
    }),
    applications: t.field({
      type: [BankMatchApplicationRef],
      description: 'PROPOSED: as proposed; EXACT and CONFIRMED: the payment’s applications.',
      select: {
        currency: true,
        status: true,
        proposedApplications: true,
        payment: { select: { applications: { where: { kind: 'PAYMENT' }, orderBy: { id: 'asc' }, select: { amount: true, discount: true, invoice: { select: { number: true } } } } } },
      },
      resolve: (line) => {
        if (line.payment) {
          return line.payment.applications.map((a) => ({ invoiceNumber: a.invoice.number ?? '', amount: moneyText(a.amount, line.currency), discount: moneyText(a.discount, line.currency) }));
        }
        return (line.proposedApplications as unknown as MatchApplication[]).map((a) => ({
          invoiceNumber: a.invoiceNumber, amount: formatMoney(a.amount, line.currency), discount: formatMoney(a.discount, line.currency),
        }));
      },
    }),
    confidence: t.float({ description: '0–1: 1 for EXACT and CONFIRMED, 0.8 for rule 2, 0.7 for an account, 0.5 for a name (rule 3).', resolve: (line) => Number(line.confidence ?? 1) }),
    rule: t.int({ description: 'The matching rule that fitted: 1, 2 or 3; 0 when confirmed by hand with a customer no rule proposed.', resolve: (line) => line.matchRule ?? 0 }),
  }),
});

export const BankTransactionRef = builder.prismaObject('BankTransaction', {
  description: 'A credit entry of a bank statement: cash received.',
  fields: (t) => ({
    id: t.exposeID('id'),
    statement: t.relation('statement'),
    lineNumber: t.exposeInt('lineNumber', { description: 'Position of the entry among the file’s entries, from 1.' }),
    entryRef: t.exposeString('entryRef', { nullable: true }),
    bookingDate: t.field({ type: 'Date', resolve: (line) => iso(line.bookingDate) }),
    valueDate: t.field({ type: 'Date', nullable: true, resolve: (line) => isoOrNull(line.valueDate) }),
    amount: t.field({ type: 'Decimal', resolve: (line) => moneyText(line.amount, line.currency) }),
    currency: t.exposeString('currency'),
    counterparty: t.exposeString('counterparty', { nullable: true }),
    counterpartyAccount: t.exposeString('counterpartyAccount', { nullable: true }),
    remittance: t.exposeString('remittance', { nullable: true }),
    references: t.exposeStringList('references'),
    status: t.field({ type: BankTransactionStatusEnum, resolve: (line) => line.status }),
    match: t.variant(BankMatchRef, { isNull: (line) => line.status === 'UNMATCHED' || line.customerId === null }),
    payment: t.relation('payment', { nullable: true, description: 'The payment made from it (EXACT and CONFIRMED).' }),
    version: t.exposeInt('version'),
    updatedAt: t.field({ type: 'DateTime', description: UPDATED_AT_DESCRIPTION, resolve: (line) => line.updatedAt }),
  }),
});

builder.queryField('bankStatement', (t) =>
  t.prismaField({
    type: 'BankStatement',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = Number(args.id);
      return isRowId(id) ? ctx.prisma.bankStatement.findUnique({ ...query, where: { id } }) : null;
    },
  }),
);

builder.queryField('bankTransactions', (t) =>
  t.prismaConnection({
    type: 'BankTransaction',
    cursor: 'id',
    description: 'Bank statement lines in id order, paged (Relay). first is at most the maximum page size (1000).',
    args: {
      status: t.arg({ type: [BankTransactionStatusEnum], required: false }),
      entityCode: t.arg.string({ required: false }),
      statementId: t.arg.id({ required: false }),
      updatedSince: t.arg({ type: 'DateTime', required: false, description: UPDATED_SINCE_DESCRIPTION }),
    },
    totalCount: async (_parent, args, ctx) => ctx.prisma.bankTransaction.count({ where: await bankTransactionWhere(ctx.prisma, args) }),
    resolve: async (query, _root, args, ctx) => {
      checkPageSize(args);
      return ctx.prisma.bankTransaction.findMany({ ...query, where: await bankTransactionWhere(ctx.prisma, args), orderBy: { id: 'asc' } });
    },
  }),
);

async function bankTransactionWhere(
  prisma: Db,
  args: { status?: BankTransactionStatus[] | null; entityCode?: string | null; statementId?: string | number | null; updatedSince?: string | null },
): Promise<Prisma.BankTransactionWhereInput> {
  const where: Prisma.BankTransactionWhereInput = {};
  if (args.status && args.status.length > 0) where.status = { in: args.status };
  const entityId = await entityIdForArg(prisma, args.entityCode);
  if (entityId !== null) where.entityId = entityId;
  if (args.statementId !== null && args.statementId !== undefined) {
    const statementId = Number(args.statementId);
    if (!isRowId(statementId)) throw new ArgumentError('statementId', `statementId ${String(args.statementId).slice(0, 20)} is not a statement id (a positive whole number).`);
    where.statementId = statementId;
  }
  const since = updatedSinceWhere(args.updatedSince, 'updatedSince');
  if (since.updatedAt) where.updatedAt = since.updatedAt;
  return where;
}

const BankCsvMappingInput = builder.inputType('BankCsvMappingInput', {
  description: 'A CSV statement’s columns by header text (matched ignoring case and surrounding spaces).',
  fields: (t) => ({
    bookingDate: t.string(),
    amount: t.string({ required: false, description: 'A signed amount column (credits positive)…' }),
    credit: t.string({ required: false, description: '…or a credit column and a debit column.' }),
    debit: t.string({ required: false }),
    currency: t.string({ required: false }),
    defaultCurrency: t.string({ required: false, description: 'The currency when there is no currency column.' }),
    valueDate: t.string({ required: false }),
    counterparty: t.string({ required: false }),
    counterpartyAccount: t.string({ required: false }),
    remittance: t.string({ required: false }),
    entryRef: t.string({ required: false }),
    account: t.string({ required: false, description: 'The statement’s account (a value, not a header); default "CSV".' }),
    dateFormat: t.string({ required: false, description: 'YYYY-MM-DD (default), DD.MM.YYYY, DD/MM/YYYY or MM/DD/YYYY.' }),
    decimalSeparator: t.string({ required: false, description: '"." (default) or ",".' }),
    delimiter: t.string({ required: false, description: '"," (default), ";" or a tab.' }),
  }),
});
const ImportBankStatementInput = builder.inputType('ImportBankStatementInput', {
  fields: (t) => ({
    entityCode: t.string(),
    format: t.field({ type: BankStatementFormatEnum }),
    content: t.string({ description: 'The file’s text.' }),
    csvMapping: t.field({ type: BankCsvMappingInput, required: false, description: 'Required for CSV.' }),
  }),
});
const ImportBankStatementPayload = payloadType('ImportBankStatementPayload', 'statement', BankStatementRef, {
  reload: (prisma, query, statement: { id: number }) => prisma.bankStatement.findUniqueOrThrow({ ...query, where: { id: statement.id } }),
  extra: (t) => ({
    duplicate: t.boolean({
      description: 'True: this statement was imported before (same account and statement id, or the same file); nothing was added and the stored statement is answered.',
      resolve: (payload: { duplicate?: boolean }) => payload.duplicate === true,
    }),
  }),
});
builder.mutationField('importBankStatement', (t) =>
  t.field({
    type: ImportBankStatementPayload,
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: ImportBankStatementInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const payload = await toPayload('imported', () => importBankStatement(ctx.prisma, ctx.actor, ctx.config, input));
      return { statement: payload.imported?.statement ?? null, duplicate: payload.imported?.duplicate ?? false, userErrors: payload.userErrors };
    },
  }),
);

const BankMatchInput = builder.inputType('BankMatchInput', {
  fields: (t) => ({
    transactionId: t.id(),
    customerCode: t.string(),
    applications: t.field({
      type: [PaymentApplicationInput],
      required: false,
      description: 'Omit to take the proposal (when it is for this customer), else the oldest open invoices first.',
    }),
  }),
});
const ConfirmBankMatchesInput = builder.inputType('ConfirmBankMatchesInput', {
  fields: (t) => ({
    matches: t.field({ type: [BankMatchInput], description: 'At most 5,000.' }),
    idempotencyKey: t.string({ required: false }),
  }),
});
const ConfirmBankMatchesPayload = payloadType('ConfirmBankMatchesPayload', 'transactions', BankTransactionRef, {
  list: true,
  reload: async (prisma, query, rows: { id: number }[]) => {
    const found = await prisma.bankTransaction.findMany({ ...query, where: { id: { in: rows.map((row) => row.id) } } });
    const byId = new Map(found.map((line) => [line.id, line]));
    return rows.map((row) => byId.get(row.id));
  },
});
builder.mutationField('confirmBankMatches', (t) =>
  t.field({
    type: ConfirmBankMatchesPayload,
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: ConfirmBankMatchesInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const payload = await toPayload('confirmed', () => confirmBankMatches(ctx.prisma, ctx.actor, input));
      return { transactions: payload.confirmed?.transactionIds.map((id) => ({ id })) ?? null, userErrors: payload.userErrors };
    },
  }),
);
