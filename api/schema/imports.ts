// Importing the books (PRODUCT.md, "Importing the books"): customers, contracts, open invoices
// and payments from another system's CSV or XLSX export. The resolver only calls the service.
import { builder } from '../builder.js';
import type { ImportRecordsResult, ImportRowResult } from '../services/imports/import-records.service.js';
import { importRecords } from '../services/imports/import-records.service.js';
import type { RowError } from '../import/records/types.js';
import { UserErrorRef } from './common.js';

const ImportKindEnum = builder.enumType('ImportKind', { values: ['CUSTOMERS', 'CONTRACTS', 'INVOICES', 'PAYMENTS'] as const });
const ImportFormatEnum = builder.enumType('ImportFormat', { values: ['CSV', 'XLSX'] as const });
const ImportRowStatusEnum = builder.enumType('ImportRowStatus', {
  values: ['CREATED', 'UPDATED', 'UNCHANGED', 'ERROR'] as const,
  description: 'What the import did with a row (on a dry run: what it would do).',
});

const ImportColumnInput = builder.inputType('ImportColumnInput', {
  description: 'A mapping entry: the file\'s header → the field it holds.',
  fields: (t) => ({ header: t.string(), field: t.string() }),
});

const ImportRecordsInput = builder.inputType('ImportRecordsInput', {
  fields: (t) => ({
    kind: t.field({ type: ImportKindEnum }),
    format: t.field({ type: ImportFormatEnum }),
    content: t.string({ description: 'CSV: the file\'s text; XLSX: the file\'s bytes in base64.' }),
    entityCode: t.string({ required: false, description: 'The entity of rows without an Entity/Subsidiary column.' }),
    mapping: t.field({ type: [ImportColumnInput], required: false, description: 'Columns read as these fields, over the recognised headers.' }),
    dryRun: t.boolean({ required: false, defaultValue: true, description: 'True (default): check and report, write nothing.' }),
  }),
});

const ImportRowErrorRef = builder.objectRef<RowError>('ImportRowError').implement({
  fields: (t) => ({
    column: t.exposeString('column', { nullable: true, description: 'The file\'s header text; null: the row as a whole.' }),
    message: t.exposeString('message'),
  }),
});

const ImportRowRef = builder.objectRef<ImportRowResult>('ImportRow').implement({
  fields: (t) => ({
    row: t.exposeInt('row', { description: 'As a spreadsheet numbers it: the header is row 1, the first data row 2.' }),
    key: t.exposeString('key', { nullable: true, description: 'The customer code, contract number or external id.' }),
    status: t.field({ type: ImportRowStatusEnum, resolve: (row) => row.status }),
    errors: t.field({ type: [ImportRowErrorRef], resolve: (row) => row.errors }),
  }),
});

const ImportColumnRef = builder.objectRef<{ header: string; field: string | null }>('ImportColumn').implement({
  fields: (t) => ({
    header: t.exposeString('header'),
    field: t.exposeString('field', { nullable: true, description: 'The field read from the column; null: ignored.' }),
  }),
});

const ImportRecordsPayload = builder.objectRef<ImportRecordsResult>('ImportRecordsPayload').implement({
  fields: (t) => ({
    dryRun: t.exposeBoolean('dryRun'),
    created: t.exposeInt('created'),
    updated: t.exposeInt('updated'),
    unchanged: t.exposeInt('unchanged'),
    failed: t.exposeInt('failed'),
    columns: t.field({ type: [ImportColumnRef], resolve: (payload) => payload.columns }),
    rows: t.field({
      type: [ImportRowRef],
      args: { onlyErrors: t.arg.boolean({ required: false, defaultValue: false }) },
      resolve: (payload, args) => (args.onlyErrors ? payload.rows.filter((row) => row.status === 'ERROR') : payload.rows),
    }),
    userErrors: t.field({
      type: [UserErrorRef],
      description: 'File-level refusals (not a CSV/XLSX, too large, a zip bomb, a required column missing …) and, with dryRun false, one summary error when any row failed.',
      resolve: (payload) => payload.userErrors,
    }),
  }),
});

builder.mutationField('importRecords', (t) =>
  t.field({
    type: ImportRecordsPayload,
    authScopes: { role: 'AR' },
    description: 'Customers, contracts, open invoices or payments from a CSV or XLSX export; all or nothing, dry run by default.',
    args: { input: t.arg({ type: ImportRecordsInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      importRecords(ctx.prisma, ctx.actor, { ...input, dryRun: input.dryRun ?? true }, { maxBytes: ctx.config.importMaxBytes, today: ctx.today }),
  }),
);
