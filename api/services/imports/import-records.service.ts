// importRecords (PRODUCT.md, "Importing the books"): customers, contracts, open invoices and
// payments from a CSV or XLSX export of another system. The file is read as it is parsed, a
// chunk of rows at a time: each row checked (api/import/records/, pure); then the records the
// chunk names are looked up in bulk — one query per kind of key, never one per row — and each row
// is classified CREATED, UPDATED, UNCHANGED (every imported field equal) or ERROR. A dry run
// stops there. A real run writes each chunk with set-based statements (jsonb_to_recordset), all
// in one transaction that is rolled back when any row of the file fails, and leaves one audit
// record with the counts. Imported invoices keep their source number, outside
// the gapless sequence; what the source system had already been paid is one OPENING application.
import type { Actor } from '../../domain/actor.js';
import { COLUMN_LIMITS } from '../../domain/column-limits.js';
import type { IsoDate } from '../../domain/dates.js';
import { ErrorCode, UserInputError, type UserError } from '../../domain/errors.js';
import { Money, parseAmount, ZERO } from '../../domain/money/money.js';
import { dueDateFor, parsePaymentTerms, type PaymentTerms } from '../../domain/receivables/payment-terms.js';
import { planColumns, type ImportColumnMapping } from '../../import/records/columns.js';
import { readCsvStream } from '../../import/records/read-csv.js';
import { readXlsx } from '../../import/records/read-xlsx.js';
import { refusalOf } from '../../import/records/cells.js';
import {
  RowConverter,
  type ContractRecord,
  type ConvertedRow,
  type CustomerRecord,
  type ImportRecord,
  type InvoiceRecord,
  type PaymentRecord,
} from '../../import/records/rows.js';
import type { ImportFormat, ImportKind, RowError, SheetRow, SheetStream } from '../../import/records/types.js';
import { recordAudit } from '../audit.js';
import { TX_OPTIONS, type Db, type Tx } from '../db-types.js';
import { periodErrors } from '../period-lock.js';
import { lockInvoicesByNumber, resettleInvoices, type LockedInvoice } from '../receivables/settlement.js';

export interface ImportRecordsInput {
  kind: ImportKind;
  format: ImportFormat;
  /** CSV: the text (or bytes); XLSX: base64 text, or the raw bytes (the HTTP endpoint). */
  content: string | Uint8Array;
  entityCode?: string | null;
  mapping?: ImportColumnMapping[] | null;
  dryRun?: boolean | null;
}

export interface ImportRecordsOptions {
  /** config.importMaxBytes: a larger file is refused before it is read. */
  maxBytes: number;
  /** Today's business date: imported documents may not be dated after it. */
  today: IsoDate;
  /** Rows handled at a time (default CHUNK_ROWS); tests use a few to cover a file of many chunks. */
  chunkRows?: number;
}

export type ImportRowStatus = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'ERROR';

export interface ImportRowResult {
  row: number;
  key: string | null;
  status: ImportRowStatus;
  errors: RowError[];
}

export interface ImportRecordsResult {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  columns: { header: string; field: string | null }[];
  rows: ImportRowResult[];
  userErrors: UserError[];
}

const CONTENT = ['input', 'content'];
/** Terms of a new customer whose file has no terms column (NetSuite's and Salesforce's account lists may not). */
const DEFAULT_TERMS = 'NET30';
const SHEET_NAMES: Record<ImportKind, string[]> = {
  CUSTOMERS: ['customers', 'accounts'],
  CONTRACTS: ['contracts'],
  INVOICES: ['invoices', 'open invoices'],
  PAYMENTS: ['payments', 'customer payments'],
};

/**
 * Rows converted, classified and written at a time: what a large file holds in memory at once
 * is about one chunk. Measured at 100,000 invoices: with 1,000 a chunk's objects mostly die
 * young instead of piling up in the old generation; 5,000 cost about 100 MB more peak RSS and
 * saved no time.
 */
const CHUNK_ROWS = 1_000;
/** The report of a row without errors: all such rows share this empty list. */
const NO_ERRORS: RowError[] = [];

/** A real run that found a bad row after writing earlier chunks: thrown to roll the transaction back. */
class RolledBack extends Error {
  constructor(readonly outcome: ImportRecordsResult) {
    super('The import was rolled back: a row failed.');
  }
}

/** The rows' outcomes as chunks are classified: the counts and every row's report. */
class ImportReport {
  created = 0;
  updated = 0;
  unchanged = 0;
  failed = 0;
  readonly rows: ImportRowResult[] = [];

  add(rows: ImportRowResult[]): void {
    for (const row of rows) {
      if (row.status === 'CREATED') this.created++;
      else if (row.status === 'UPDATED') this.updated++;
      else if (row.status === 'UNCHANGED') this.unchanged++;
      else this.failed++;
      this.rows.push(row);
    }
  }

  result(dryRun: boolean, columns: ImportRecordsResult['columns'], userErrors: UserError[]): ImportRecordsResult {
    const { created, updated, unchanged, failed, rows } = this;
    return { dryRun, created, updated, unchanged, failed, columns, rows, userErrors };
  }
}

/**
 * The file is read row by row (a CSV as it is parsed) and handled CHUNK_ROWS rows at a time: each
 * chunk converted, looked up, classified and, on a real run, written — all in the one
 * transaction, which is rolled back when any row fails (after earlier chunks were written).
 */
export async function importRecords(prisma: Db, actor: Actor, input: ImportRecordsInput, options: ImportRecordsOptions): Promise<ImportRecordsResult> {
  const dryRun = input.dryRun ?? true;
  const refused = (columns: ImportRecordsResult['columns'], userErrors: UserError[]) => new ImportReport().result(dryRun, columns, userErrors);
  let plan: ReturnType<typeof planColumns>;
  let batches: AsyncIterator<SheetRow[]> | Iterator<SheetRow[]>;
  let first: SheetRow[] = [];
  try {
    const sheet = await readSheet(input, options.maxBytes);
    plan = planColumns(input.kind, sheet.header, input.mapping ?? []);
    batches = Symbol.asyncIterator in sheet.rows ? sheet.rows[Symbol.asyncIterator]() : sheet.rows[Symbol.iterator]();
    while (first.length === 0) {
      const next = await batches.next();
      if (next.done) throw UserInputError.of(CONTENT, 'The file has a header row but no data rows; nothing to import.');
      first = next.value;
    }
  } catch (error) {
    if (error instanceof UserInputError) return refused([], error.errors);
    throw error;
  }

  try {
    return await prisma.$transaction(async (tx) => {
      // Every lookup here is by key (code, number, external id) for a chunk of rows, and the
      // tables grow within this transaction faster than their statistics: without this the
      // planner scans a whole table per chunk once it has taken in a few thousand rows.
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      const entities = await entityDirectory(tx);
      const defaultEntity = input.entityCode?.trim() ? input.entityCode.trim().toUpperCase() : null;
      if (defaultEntity && !entities.byCode.has(defaultEntity)) {
        return refused(plan.columns, [{ field: ['input', 'entityCode'], code: ErrorCode.NOT_FOUND, message: `No entity with code ${defaultEntity.slice(0, 32)} exists; entities: ${[...entities.byCode.keys()].join(', ')}.` }]);
      }
      const context: ImportContext = { tx, actor, entities, defaultEntity, today: options.today, header: headerOf(plan), customers: new Map(), neverClosed: new Set() };
      const classify = IMPORTERS[input.kind](context);
      const converter = new RowConverter<ImportRecord>(input.kind, plan);
      const report = new ImportReport();
      const chunkRows = options.chunkRows ?? CHUNK_ROWS;
      let chunk: ConvertedRow<ImportRecord>[] = [];
      const handle = async () => {
        const classified = await classify(chunk);
        chunk = [];
        report.add(classified.rows);
        // Written before more rows are read: a chunk's objects are gone before they age (see CHUNK_ROWS).
        if (!dryRun && report.failed === 0) await classified.write();
      };
      for (let batch = first; ; ) {
        for (const row of batch) {
          chunk.push(converter.convert(row));
          if (chunk.length === chunkRows) await handle();
        }
        const next = await batches.next();
        if (next.done) break;
        batch = next.value;
      }
      if (chunk.length > 0) await handle();
      if (report.failed > 0) {
        if (dryRun) return report.result(dryRun, plan.columns, []);
        throw new RolledBack(report.result(dryRun, plan.columns, [{
          field: CONTENT,
          code: ErrorCode.INVALID,
          message: `${report.failed} of ${report.rows.length} rows have errors; nothing was imported — fix them and import again; run with dryRun: true to see them.`,
        }]));
      }
      const outcome = report.result(dryRun, plan.columns, []);
      if (dryRun) return outcome;
      await recordAudit(tx, actor, {
        action: 'importRecords',
        recordType: 'Import',
        recordId: input.kind,
        after: { kind: input.kind, format: input.format, entityCode: defaultEntity, rows: report.rows.length, created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged },
      });
      return outcome;
    }, TX_OPTIONS);
  } catch (error) {
    if (error instanceof RolledBack) return error.outcome;
    // Broken quoting further down a CSV is found while the rows are read.
    if (error instanceof UserInputError) return refused([], error.errors);
    throw error;
  }
}

/** The file, its rows in batches; refuses a file over the limit before reading it. */
async function readSheet(input: ImportRecordsInput, maxBytes: number): Promise<SheetStream> {
  const tooLarge = (size: number) =>
    UserInputError.of(CONTENT, `The file is ${size} bytes; at most ${maxBytes} bytes (${(maxBytes / 1048576).toFixed(1)} MiB, LEDGERLINE_IMPORT_MAX_BYTES) are accepted. Split it into smaller files.`, ErrorCode.OUT_OF_RANGE);
  const { content } = input;
  if (input.format === 'CSV') {
    const size = typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.length;
    if (size > maxBytes) throw tooLarge(size);
    return readCsvStream(content);
  }
  let bytes: Uint8Array;
  if (typeof content === 'string') {
    const base64 = content.replace(/\s/g, '');
    if (base64.length > Math.ceil(maxBytes / 3) * 4 + 4) throw tooLarge(Math.floor((base64.length * 3) / 4));
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
      throw UserInputError.of(CONTENT, 'An XLSX is sent as base64 text in content (the file\'s bytes encoded); this content is not base64. POST /import/records takes the raw bytes instead.');
    }
    bytes = Buffer.from(base64, 'base64');
  } else {
    bytes = content;
  }
  if (bytes.length > maxBytes) throw tooLarge(bytes.length);
  const table = await readXlsx(bytes, { maxUnpackedBytes: 8 * maxBytes, sheetNames: SHEET_NAMES[input.kind] });
  return { header: table.header, rows: [table.rows] };
}

interface EntityInfo {
  id: number;
  code: string;
  currency: string;
}

interface EntityDirectory {
  byCode: Map<string, EntityInfo>;
  byId: Map<number, EntityInfo>;
}

async function entityDirectory(tx: Tx): Promise<EntityDirectory> {
  const rows = await tx.entity.findMany({ select: { id: true, code: true, currency: true }, orderBy: { id: 'asc' } });
  return { byCode: new Map(rows.map((e) => [e.code, e])), byId: new Map(rows.map((e) => [e.id, e])) };
}

interface ImportContext {
  tx: Tx;
  actor: Actor;
  entities: EntityDirectory;
  defaultEntity: string | null;
  today: IsoDate;
  /** The file's header text of a field's column. */
  header: (field: string) => string | null;
  /** Customers looked up so far by code (null: no such customer). */
  customers: Map<string, CustomerRef | null>;
  /** Entities found to have no closed period (checkPeriods). */
  neverClosed: Set<number>;
}

interface Classified {
  rows: ImportRowResult[];
  /** Writes the CREATED and UPDATED rows; called only when no row failed and not a dry run. */
  write: () => Promise<void>;
}

/** Given the import's context, classifies one chunk of rows at a time (keeping what later chunks need to know). */
type Importer = (context: ImportContext) => (rows: ConvertedRow<ImportRecord>[]) => Promise<Classified>;

function headerOf(plan: ReturnType<typeof planColumns>) {
  return (field: string) => {
    const index = plan.at.get(field);
    return index === undefined ? null : plan.columns[index]!.header;
  };
}

/** One row being classified: its errors collected under the file's headers. */
class RowOutcome<R> {
  readonly errors: RowError[];
  status: ImportRowStatus = 'UNCHANGED';

  constructor(
    readonly converted: ConvertedRow<R>,
    private readonly header: (field: string) => string | null,
  ) {
    this.errors = [...converted.errors];
  }

  fail(field: string | null, message: string): void {
    this.errors.push({ column: field === null ? null : this.header(field), message });
  }

  /** `read` run; a UserInputError it throws becomes this row's error at `field`. */
  check<T>(field: string | null, read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      const message = refusalOf(error);
      if (message === null) throw error;
      this.fail(field, message);
      return undefined;
    }
  }

  result(): ImportRowResult {
    const failed = this.errors.length > 0;
    return { row: this.converted.row, key: this.converted.key, status: failed ? 'ERROR' : this.status, errors: failed ? this.errors : NO_ERRORS };
  }
}

function outcomes<R>(context: ImportContext, rows: ConvertedRow<ImportRecord>[]) {
  return rows.map((row) => new RowOutcome<R>(row as ConvertedRow<R>, context.header));
}

/** The rows still clean, with their record. */
function clean<R>(list: RowOutcome<R>[]): { outcome: RowOutcome<R>; record: R }[] {
  return list.flatMap((outcome) => (outcome.errors.length === 0 && outcome.converted.record ? [{ outcome, record: outcome.converted.record }] : []));
}

/**
 * Rows per set-based statement: bounds the JSON text held at once (about 250 bytes a row),
 * which Prisma copies several times on its way to the database. Measured at 100,000 invoices:
 * 500 keeps those copies small; 1,000 and more raised the peak RSS with no gain in time.
 */
const WRITE_CHUNK = 500;

/**
 * Runs `write` on the records in chunks, each as JSON text that jsonb_to_recordset($1::jsonb)
 * reads back as typed rows: one statement per chunk, never one per row.
 */
async function inChunks(rows: unknown[], write: (json: string) => Promise<unknown>): Promise<void> {
  for (let at = 0; at < rows.length; at += WRITE_CHUNK) await write(JSON.stringify(rows.slice(at, at + WRITE_CHUNK)));
}

const iso = (date: Date | null) => (date === null ? null : date.toISOString().slice(0, 10));
const sameMoney = (a: { toString(): string } | null, b: Money | null) => (a === null || b === null ? a === b : new Money(a.toString()).eq(b));
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

interface CustomerRef {
  id: number;
  code: string;
  entity_id: number;
  currency: string;
  payment_terms: string;
}

/** The customers of these codes (null: none such), looked up once per import: later chunks ask only for codes not seen yet. */
async function customersByCode(context: ImportContext, codes: string[]): Promise<Map<string, CustomerRef | null>> {
  const known = context.customers;
  const asked = [...new Set(codes)].filter((code) => !known.has(code));
  if (asked.length > 0) {
    const rows = await context.tx.$queryRaw<CustomerRef[]>`
      SELECT id, code, entity_id, currency, payment_terms FROM customer WHERE code = ANY(${asked}::text[])`;
    for (const code of asked) known.set(code, null);
    for (const customer of rows) known.set(customer.code, customer);
  }
  return known;
}

/**
 * The entity a row belongs to: its Entity/Subsidiary cell, else the input's entityCode, else
 * (for records of a customer) the customer's. A row whose entity is not its customer's is refused.
 */
function checkEntity<R>(context: ImportContext, outcome: RowOutcome<R>, given: string | null | undefined, customer: CustomerRef | undefined): void {
  const code = given ?? context.defaultEntity;
  if (!code || !customer) return;
  const entity = context.entities.byCode.get(code);
  if (!entity) {
    outcome.fail(given ? 'entityCode' : null, `No entity with code ${code} exists; entities: ${[...context.entities.byCode.keys()].join(', ')}.`);
  } else if (entity.id !== customer.entity_id) {
    outcome.fail(given ? 'entityCode' : null, `Customer ${customer.code} belongs to entity ${context.entities.byId.get(customer.entity_id)?.code}, not ${code}.`);
  }
}

function noCustomer(code: string): string {
  return `No customer with code ${code} exists; import the customers first (kind CUSTOMERS), or correct the code.`;
}

/** Refuses (PERIOD_CLOSED, as a row error) rows dated in a closed period of their entity. */
async function checkPeriods<R>(context: ImportContext, dated: { outcome: RowOutcome<R>; entityId: number; date: IsoDate; field: string }[]): Promise<void> {
  const byEntity = new Map<number, typeof dated>();
  for (const item of dated) {
    const list = byEntity.get(item.entityId);
    if (list) list.push(item);
    else byEntity.set(item.entityId, [item]);
  }
  for (const [entityId, items] of byEntity) {
    if (context.neverClosed.has(entityId)) continue;
    // A posting dated at the start of time is refused only when the entity has closed books at all.
    // periodErrors holds the entity row FOR SHARE to the end of this transaction, so an entity
    // found never closed stays so, and later chunks need not ask again.
    const errors = await periodErrors(context.tx, entityId, [{ date: '0001-01-01', field: ['probe'] }, ...items.map((item, i) => ({ date: item.date, field: [String(i)] }))]);
    if (errors.length === 0) context.neverClosed.add(entityId);
    for (const error of errors.filter((e) => e.field[0] !== 'probe')) {
      const item = items[Number(error.field[0])]!;
      item.outcome.fail(item.field, error.message);
    }
  }
}

// ── Customers ────────────────────────────────────────────────────────────────────────────

const customersImporter: Importer = (context) => async (rows) => {
  const { tx } = context;
  const list = outcomes<CustomerRecord>(context, rows);
  const records = clean(list);
  const existing = new Map(
    (await tx.customer.findMany({ where: { code: { in: records.map((r) => r.record.code) } } })).map((c) => [c.code, c]),
  );
  const creates: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];
  const has = (field: keyof CustomerRecord) => context.header(field) !== null;

  for (const { outcome, record } of records) {
    const current = existing.get(record.code);
    const entityCode = record.entityCode ?? context.defaultEntity;
    const entity = entityCode ? context.entities.byCode.get(entityCode) : current ? context.entities.byId.get(current.entityId) : undefined;
    if (entityCode && !entity) outcome.fail(record.entityCode ? 'entityCode' : null, `No entity with code ${entityCode} exists; entities: ${[...context.entities.byCode.keys()].join(', ')}.`);
    if (!entityCode && !current) outcome.fail(null, 'A new customer needs an entity: add an Entity or Subsidiary column, or give entityCode for the whole file.');
    if (current && entity && entity.id !== current.entityId && record.entityCode) {
      outcome.fail('entityCode', `Customer ${record.code} belongs to entity ${context.entities.byId.get(current.entityId)?.code}; an import does not move a customer to another entity.`);
    }
    const currency = record.currency ?? current?.currency ?? entity?.currency;
    if (current && record.currency && record.currency !== current.currency) {
      outcome.fail('currency', `Customer ${record.code} is billed in ${current.currency}; an import does not change a customer's currency (its invoices are in it).`);
    }
    const creditLimit = record.creditLimit && currency
      ? outcome.check('creditLimit', () => parseAmount(record.creditLimit!, [], { currency, positive: false, below: COLUMN_LIMITS.amount, what: 'A credit limit' }))
      : null;
    const emails = record.billingEmails ?? (current && !has('billingEmails') ? current.billingEmails : []);
    const channel = record.deliveryChannel ?? (current && !has('deliveryChannel') ? current.deliveryChannel : current?.deliveryChannel ?? (emails.length > 0 ? 'EMAIL' : 'POST'));
    if (channel === 'EMAIL' && emails.length === 0) outcome.fail(has('billingEmails') ? 'billingEmails' : 'deliveryChannel', `Customer ${record.code} is invoiced by EMAIL and needs at least one billing email.`);
    if (outcome.errors.length > 0) continue;

    const values = {
      code: record.code,
      name: record.name,
      entity_id: entity?.id ?? current!.entityId,
      currency: currency!,
      payment_terms: record.paymentTerms ?? current?.paymentTerms ?? DEFAULT_TERMS,
      delivery_channel: channel,
      billing_emails: emails,
      credit_limit: has('creditLimit') ? (creditLimit?.toString() ?? null) : (current?.creditLimit?.toString() ?? null),
      collector: has('collector') ? (record.collector ?? null) : (current?.collector ?? null),
      billing_address_lines: has('billingAddressLines') ? (record.billingAddressLines ?? []) : (current?.billingAddressLines ?? []),
      billing_city: has('billingCity') ? (record.billingCity ?? null) : (current?.billingCity ?? null),
      billing_postal_code: has('billingPostalCode') ? (record.billingPostalCode ?? null) : (current?.billingPostalCode ?? null),
      billing_country_code: has('billingCountryCode') ? (record.billingCountryCode ?? null) : (current?.billingCountryCode ?? null),
      tax_id: has('taxId') ? (record.taxId ?? null) : (current?.taxId ?? null),
      bank_accounts: has('bankAccounts') ? (record.bankAccounts ?? []) : (current?.bankAccounts ?? []),
    };
    if (!current) {
      outcome.status = 'CREATED';
      creates.push(values);
      continue;
    }
    const same = current.name === values.name
      && current.paymentTerms === values.payment_terms
      && current.deliveryChannel === values.delivery_channel
      && sameList(current.billingEmails, values.billing_emails)
      && sameMoney(current.creditLimit, values.credit_limit === null ? null : new Money(values.credit_limit))
      && current.collector === values.collector
      && sameList(current.billingAddressLines, values.billing_address_lines)
      && current.billingCity === values.billing_city
      && current.billingPostalCode === values.billing_postal_code
      && current.billingCountryCode === values.billing_country_code
      && current.taxId === values.tax_id
      && sameList(current.bankAccounts, values.bank_accounts);
    if (!same) {
      outcome.status = 'UPDATED';
      updates.push(values);
    }
  }

  const COLUMNS = `code text, name text, entity_id int, currency text, payment_terms text, delivery_channel text, billing_emails text[],
    credit_limit numeric, collector text, billing_address_lines text[], billing_city text, billing_postal_code text,
    billing_country_code text, tax_id text, bank_accounts text[]`;
  return {
    rows: list.map((o) => o.result()),
    write: async () => {
      if (creates.length > 0) {
        await inChunks(creates, (json) => tx.$executeRawUnsafe(
          `INSERT INTO customer (code, name, entity_id, currency, payment_terms, delivery_channel, billing_emails, credit_limit, collector,
             billing_address_lines, billing_city, billing_postal_code, billing_country_code, tax_id, bank_accounts)
           SELECT code, name, entity_id, currency, payment_terms, delivery_channel::"DeliveryChannel", billing_emails, credit_limit, collector,
             billing_address_lines, billing_city, billing_postal_code, billing_country_code, tax_id, bank_accounts
           FROM jsonb_to_recordset($1::jsonb) AS s(${COLUMNS})`,
          json,
        ));
      }
      if (updates.length > 0) {
        await inChunks(updates, (json) => tx.$executeRawUnsafe(
          `UPDATE customer c SET name = s.name, payment_terms = s.payment_terms, delivery_channel = s.delivery_channel::"DeliveryChannel",
             billing_emails = s.billing_emails, credit_limit = s.credit_limit, collector = s.collector,
             billing_address_lines = s.billing_address_lines, billing_city = s.billing_city, billing_postal_code = s.billing_postal_code,
             billing_country_code = s.billing_country_code, tax_id = s.tax_id, bank_accounts = s.bank_accounts, version = c.version + 1
           FROM jsonb_to_recordset($1::jsonb) AS s(${COLUMNS})
           WHERE c.code = s.code`,
          json,
        ));
      }
    },
  };
};

// ── Contracts ────────────────────────────────────────────────────────────────────────────

interface ExistingContract {
  id: number;
  number: string;
  customer_id: number;
  start_date: Date;
  end_date: Date | null;
  payment_terms: string | null;
  schedule: string;
  amount_per_period: string;
  currency: string;
  po_number: string | null;
  description: string;
  invoices: number;
  versions: number;
}

const contractsImporter: Importer = (context) => async (rows) => {
  const { tx } = context;
  const list = outcomes<ContractRecord>(context, rows);
  const records = clean(list);
  const customers = await customersByCode(context, records.map((r) => r.record.customerCode));
  const existing = new Map((await tx.$queryRaw<ExistingContract[]>`
    SELECT c.id, c.number, c.customer_id, c.start_date, c.end_date, c.payment_terms, c.schedule::text AS schedule,
      c.amount_per_period::text AS amount_per_period, c.currency, c.po_number, c.description,
      (SELECT count(*)::int FROM invoice i WHERE i.contract_id = c.id) AS invoices,
      (SELECT count(*)::int FROM contract_version v WHERE v.contract_id = c.id) AS versions
    FROM contract c WHERE c.number = ANY(${records.map((r) => r.record.number)}::text[])`).map((c) => [c.number, c]));
  const creates: Record<string, unknown>[] = [];
  const updates: Record<string, unknown>[] = [];

  for (const { outcome, record } of records) {
    const customer = customers.get(record.customerCode) ?? undefined;
    if (!customer) outcome.fail('customerCode', noCustomer(record.customerCode));
    checkEntity(context, outcome, record.entityCode, customer);
    const current = existing.get(record.number);
    const currency = record.currency ?? current?.currency ?? customer?.currency;
    const amount = currency ? outcome.check('amountPerPeriod', () => parseAmount(record.amountPerPeriod, [], { currency, below: COLUMN_LIMITS.amount, what: 'The amount per period' })) : undefined;
    if (outcome.errors.length > 0 || !customer || !amount) continue;
    const values = {
      number: record.number,
      customer_id: customer.id,
      start_date: record.startDate,
      end_date: record.endDate,
      payment_terms: record.paymentTerms !== undefined ? record.paymentTerms : (current?.payment_terms ?? null),
      schedule: record.schedule ?? current?.schedule ?? 'MONTHLY',
      amount_per_period: amount.toString(),
      currency: currency!,
      po_number: record.poNumber !== undefined ? record.poNumber : (current?.po_number ?? null),
      description: record.description ?? current?.description ?? `Contract ${record.number}`,
    };
    if (!current) {
      outcome.status = 'CREATED';
      creates.push(values);
      continue;
    }
    const same = current.customer_id === values.customer_id
      && iso(current.start_date) === values.start_date
      && iso(current.end_date) === values.end_date
      && current.payment_terms === values.payment_terms
      && current.schedule === values.schedule
      && new Money(current.amount_per_period).eq(amount)
      && current.currency === values.currency
      && current.po_number === values.po_number
      && current.description === values.description;
    if (same) continue;
    if (current.schedule === 'MILESTONE') {
      outcome.fail(null, `Contract ${record.number} bills project milestones; change it with updateContract, not by import.`);
    } else if (current.invoices > 0 || current.versions > 1) {
      outcome.fail(null, `Contract ${record.number} differs from the file but has ${current.invoices > 0 ? `billed ${current.invoices} invoice(s)` : 'been amended'}; an import changes only contracts not yet billed — amend it with updateContract (its billed periods stay as they were).`);
    } else {
      outcome.status = 'UPDATED';
      updates.push({ ...values, id: current.id });
    }
  }

  const COLUMNS = `number text, customer_id int, start_date date, end_date date, payment_terms text, schedule text,
    amount_per_period numeric, currency text, po_number text, description text`;
  return {
    rows: list.map((o) => o.result()),
    write: async () => {
      if (creates.length > 0) {
        await inChunks(creates, (json) => tx.$executeRawUnsafe(
          `WITH s AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS s(${COLUMNS})),
           ins AS (
             INSERT INTO contract (number, customer_id, start_date, end_date, payment_terms, schedule, amount_per_period, currency, po_number, description)
             SELECT number, customer_id, start_date, end_date, payment_terms, schedule::"BillingSchedule", amount_per_period, currency, po_number, description FROM s
             RETURNING id, number)
           INSERT INTO contract_version (contract_id, version, effective_from, end_date, payment_terms, amount_per_period, po_number, description, created_by)
           SELECT ins.id, 1, s.start_date, s.end_date, s.payment_terms, s.amount_per_period, s.po_number, s.description, $2 FROM ins JOIN s USING (number)`,
          json,
          context.actor.name,
        ));
      }
      if (updates.length > 0) {
        const source = `jsonb_to_recordset($1::jsonb) AS s(id int, ${COLUMNS})`;
        await inChunks(updates, (json) => tx.$executeRawUnsafe(
          `UPDATE contract c SET customer_id = s.customer_id, start_date = s.start_date, end_date = s.end_date, payment_terms = s.payment_terms,
             schedule = s.schedule::"BillingSchedule", amount_per_period = s.amount_per_period, currency = s.currency, po_number = s.po_number,
             description = s.description, version = c.version + 1
           FROM ${source} WHERE c.id = s.id`,
          json,
        ));
        await inChunks(updates, (json) => tx.$executeRawUnsafe(
          `UPDATE contract_version v SET effective_from = s.start_date, end_date = s.end_date, payment_terms = s.payment_terms,
             amount_per_period = s.amount_per_period, po_number = s.po_number, description = s.description
           FROM ${source} WHERE v.contract_id = s.id AND v.version = 1`,
          json,
        ));
      }
    },
  };
};

// ── Invoices ─────────────────────────────────────────────────────────────────────────────

interface ExistingInvoice {
  id: number;
  external_id: string;
  number: string | null;
  customer_id: number;
  entity_id: number;
  issue_date: Date;
  due_date: Date;
  payment_terms: string;
  currency: string;
  po_number: string | null;
  total: string;
  amount_paid: string;
  status: string;
  imported: boolean;
  description: string | null;
  /** Applications other than the OPENING one: made in Ledgerline since the import. */
  moves: number;
}

const invoicesImporter: Importer = (context) => {
  /** Each invoice number's row in the file: a number names one invoice. */
  const numberRows = new Map<string, number>();
  const termsOf = new Map<string, PaymentTerms>();
  return async (rows) => {
    const { tx } = context;
    const list = outcomes<InvoiceRecord>(context, rows);
    const records = clean(list);
    const customers = await customersByCode(context, records.map((r) => r.record.customerCode));
    // One query: the invoices of these external ids, and those holding these numbers.
    const found = await tx.$queryRaw<ExistingInvoice[]>`
      SELECT i.id, i.external_id, i.number, i.customer_id, i.entity_id, i.issue_date, i.due_date, i.payment_terms, i.currency, i.po_number,
        i.total::text AS total, i.amount_paid::text AS amount_paid, i.status::text AS status, i.imported,
        (SELECT l.description FROM invoice_line l WHERE l.invoice_id = i.id ORDER BY l.line_no LIMIT 1) AS description,
        (SELECT count(*)::int FROM payment_application a WHERE a.invoice_id = i.id AND a.kind <> 'OPENING') AS moves
      FROM invoice i
      WHERE i.external_id = ANY(${records.map((r) => r.record.externalId)}::text[]) OR i.number = ANY(${records.map((r) => r.record.number)}::text[])`;
    const existing = new Map(found.map((i) => [i.external_id, i]));
    const numbersTaken = new Map(found.map((i) => [i.number, i.external_id]));
    const creates: Record<string, unknown>[] = [];
    const updates: Record<string, unknown>[] = [];
    const dated: Parameters<typeof checkPeriods<InvoiceRecord>>[1] = [];

    for (const { outcome, record } of records) {
      const customer = customers.get(record.customerCode) ?? undefined;
      if (!customer) outcome.fail('customerCode', noCustomer(record.customerCode));
      checkEntity(context, outcome, record.entityCode, customer);
      const currency = record.currency ?? customer?.currency;
      const amount = currency ? outcome.check('amount', () => parseAmount(record.amount, [], { currency, below: COLUMN_LIMITS.amount, what: 'The amount' })) : undefined;
      const remaining = currency
        ? outcome.check(context.header('amountRemaining') ? 'amountRemaining' : 'amount', () => parseAmount(record.amountRemaining, [], { currency, positive: false, below: COLUMN_LIMITS.amount, what: 'The amount remaining' }))
        : undefined;
      if (amount && remaining && (remaining.lte(0) || remaining.gt(amount))) {
        outcome.fail('amountRemaining', `The amount remaining ${record.amountRemaining} must be more than 0 and at most the amount ${record.amount}: only open invoices are imported (leave paid ones out of the export).`);
      }
      if (record.issueDate > context.today) outcome.fail('issueDate', `The invoice date ${record.issueDate} is after today (${context.today}); an imported invoice has been issued already.`);
      const terms = record.paymentTerms ?? customer?.payment_terms;
      const current = existing.get(record.externalId);
      const holder = numbersTaken.get(record.number);
      const firstRow = numberRows.get(record.number);
      if (firstRow !== undefined) {
        outcome.fail('number', `Invoice number ${record.number} is also on row ${firstRow}; a file may hold each invoice number once.`);
      } else {
        numberRows.set(record.number, outcome.converted.row);
        if (holder !== undefined && holder !== record.externalId) {
          outcome.fail('number', `Invoice number ${record.number} is taken by another invoice${holder ? ` (external id ${holder})` : ''}; invoice numbers are unique.`);
        }
      }
      if (outcome.errors.length > 0 || !customer || !amount || !remaining || !terms) continue;
      if (!termsOf.has(terms)) termsOf.set(terms, parsePaymentTerms(terms));
      const dueDate = record.dueDate ?? dueDateFor(termsOf.get(terms)!, record.issueDate);
      const values = {
        external_id: record.externalId,
        number: record.number,
        entity_id: customer.entity_id,
        customer_id: customer.id,
        issue_date: record.issueDate,
        due_date: dueDate,
        currency: currency!,
        payment_terms: terms,
        po_number: record.poNumber ?? null,
        total: amount.toString(),
        paid: amount.minus(remaining).toString(),
        description: record.description ?? `Imported invoice ${record.number}`,
      };
      if (!current) {
        outcome.status = 'CREATED';
        creates.push(values);
        dated.push({ outcome, entityId: customer.entity_id, date: record.issueDate, field: 'issueDate' });
        continue;
      }
      const same = current.number === values.number
        && current.customer_id === values.customer_id
        && iso(current.issue_date) === values.issue_date
        && iso(current.due_date) === values.due_date
        && current.payment_terms === values.payment_terms
        && current.currency === values.currency
        && current.po_number === values.po_number
        && new Money(current.total).eq(amount)
        && new Money(current.amount_paid).eq(amount.minus(remaining))
        && current.description === values.description;
      if (same) continue;
      if (!current.imported) {
        outcome.fail('externalId', `Invoice ${current.number} with external id ${record.externalId} was made in Ledgerline, not imported; an import does not change it.`);
      } else if (current.moves > 0 || current.status === 'VOID') {
        outcome.fail(null, `Imported invoice ${current.number} differs from the file, but ${current.status === 'VOID' ? 'it has been voided' : 'payments, credits or write-offs have been applied to it in Ledgerline since it was imported'}; an import changes it only while nothing has happened to it here — record the change in Ledgerline instead.`);
      } else {
        outcome.status = 'UPDATED';
        updates.push({ ...values, id: current.id });
        dated.push({ outcome, entityId: customer.entity_id, date: record.issueDate, field: 'issueDate' });
      }
    }
    await checkPeriods(context, dated);

    const COLUMNS = `external_id text, number text, entity_id int, customer_id int, issue_date date, due_date date, currency text,
      payment_terms text, po_number text, total numeric, paid numeric, description text`;
    return {
      rows: list.map((o) => o.result()),
      write: async () => {
        if (creates.length > 0) {
          // Each row takes its invoice id from the sequence first, so the lines and openings need no join back.
          await inChunks(creates, (json) => tx.$executeRawUnsafe(
            `WITH s AS MATERIALIZED (
               SELECT nextval(pg_get_serial_sequence('invoice', 'id')) AS id, * FROM jsonb_to_recordset($1::jsonb) AS s(${COLUMNS})),
             ins AS (
               INSERT INTO invoice (id, number, entity_id, customer_id, issue_date, due_date, currency, payment_terms, po_number,
                 subtotal, tax_total, total, amount_paid, status, external_id, imported)
               SELECT id, number, entity_id, customer_id, issue_date, due_date, currency, payment_terms, po_number,
                 total, 0, total, paid, (CASE WHEN paid > 0 THEN 'PARTIALLY_PAID' ELSE 'ISSUED' END)::"InvoiceStatus", external_id, true
               FROM s),
             lines AS (
               INSERT INTO invoice_line (invoice_id, line_no, description, quantity, unit_price, amount)
               SELECT id, 1, description, 1, total, total FROM s)
             INSERT INTO payment_application (kind, invoice_id, amount, discount, received_date)
             SELECT 'OPENING', id, paid, 0, issue_date FROM s WHERE paid > 0`,
            json,
          ));
        }
        if (updates.length > 0) {
          const source = `jsonb_to_recordset($1::jsonb) AS s(id int, ${COLUMNS})`;
          await inChunks(updates, (json) => tx.$executeRawUnsafe(
            `UPDATE invoice i SET number = s.number, entity_id = s.entity_id, customer_id = s.customer_id, issue_date = s.issue_date,
               due_date = s.due_date, currency = s.currency, payment_terms = s.payment_terms, po_number = s.po_number,
               subtotal = s.total, tax_total = 0, total = s.total, amount_paid = s.paid, paid_date = NULL,
               status = (CASE WHEN s.paid > 0 THEN 'PARTIALLY_PAID' ELSE 'ISSUED' END)::"InvoiceStatus", version = i.version + 1
             FROM ${source} WHERE i.id = s.id`,
            json,
          ));
          await inChunks(updates, (json) => tx.$executeRawUnsafe(
            `UPDATE invoice_line l SET description = s.description, quantity = 1, unit_price = s.total, amount = s.total
             FROM ${source} WHERE l.invoice_id = s.id AND l.line_no = 1`,
            json,
          ));
          await inChunks(updates, (json) => tx.$executeRawUnsafe(
            `WITH gone AS (DELETE FROM payment_application a USING ${source} WHERE a.invoice_id = s.id AND a.kind = 'OPENING')
             INSERT INTO payment_application (kind, invoice_id, amount, discount, received_date)
             SELECT 'OPENING', s.id, s.paid, 0, s.issue_date FROM ${source} WHERE s.paid > 0`,
            json,
          ));
        }
      },
    };
  };
};

// ── Payments ─────────────────────────────────────────────────────────────────────────────

interface ExistingPayment {
  id: number;
  external_id: string;
  customer_id: number;
  received_date: Date;
  amount: string;
  currency: string;
  reference: string | null;
  reversed: boolean;
  /** Invoice numbers its applications went to, and whether it was refunded. */
  applied_to: string[];
  moves: number;
}

const paymentsImporter: Importer = (context) => {
  // Locked as first named: the balances read then, less what earlier rows applied, are the ones applications are checked against.
  const invoices = new Map<string, LockedInvoice>();
  const open = new Map<number, Money>();
  return async (rows) => {
    const { tx } = context;
    const list = outcomes<PaymentRecord>(context, rows);
    const records = clean(list);
    const customers = await customersByCode(context, records.map((r) => r.record.customerCode));
    const existing = new Map((await tx.$queryRaw<ExistingPayment[]>`
      SELECT p.id, p.external_id, p.customer_id, p.received_date, p.amount::text AS amount, p.currency, p.reference,
        p.reversed_date IS NOT NULL AS reversed,
        coalesce((SELECT array_agg(i.number ORDER BY a.id) FROM payment_application a JOIN invoice i ON i.id = a.invoice_id WHERE a.payment_id = p.id), '{}') AS applied_to,
        (SELECT count(*)::int FROM payment_application a WHERE a.payment_id = p.id) + (SELECT count(*)::int FROM refund r WHERE r.payment_id = p.id) AS moves
      FROM payment p WHERE p.external_id = ANY(${records.map((r) => r.record.externalId)}::text[])`).map((p) => [p.external_id, p]));
    const invoiceNumbers = [...new Set(records.flatMap((r) => (r.record.invoiceNumber && !invoices.has(r.record.invoiceNumber) ? [r.record.invoiceNumber] : [])))];
    for (const invoice of await lockInvoicesByNumber(tx, invoiceNumbers)) {
      invoices.set(invoice.number, invoice);
      open.set(invoice.id, invoice.total.minus(invoice.amountPaid));
    }
    const creates: Record<string, unknown>[] = [];
    const updates: Record<string, unknown>[] = [];
    const applications: { external_id: string; invoice_id: number; amount: string; received_date: string }[] = [];
    const dated: Parameters<typeof checkPeriods<PaymentRecord>>[1] = [];

    for (const { outcome, record } of records) {
      const customer = customers.get(record.customerCode) ?? undefined;
      if (!customer) outcome.fail('customerCode', noCustomer(record.customerCode));
      checkEntity(context, outcome, record.entityCode, customer);
      const currency = record.currency ?? customer?.currency;
      const amountField = context.header('amountRemaining') ? 'amountRemaining' : 'amount';
      const amount = currency ? outcome.check(amountField, () => parseAmount(record.amount, [], { currency, below: COLUMN_LIMITS.amount, what: amountField === 'amount' ? 'The payment amount' : 'The amount remaining (the cash not yet applied in the source system)' })) : undefined;
      if (record.receivedDate > context.today) outcome.fail('receivedDate', `The payment date ${record.receivedDate} is after today (${context.today}).`);
      const invoice = record.invoiceNumber ? invoices.get(record.invoiceNumber) : undefined;
      if (record.invoiceNumber && customer) {
        if (!invoice) outcome.fail('invoiceNumber', `No invoice numbered ${record.invoiceNumber} exists; import the open invoices first (kind INVOICES).`);
        else if (invoice.customerId !== customer.id) outcome.fail('invoiceNumber', `Invoice ${invoice.number} is not customer ${customer.code}'s.`);
        else if (invoice.currency !== currency) outcome.fail('invoiceNumber', `Invoice ${invoice.number} is in ${invoice.currency}, the payment in ${currency}; a payment applies to invoices of its currency.`);
        else if (invoice.status !== 'ISSUED' && invoice.status !== 'PARTIALLY_PAID') outcome.fail('invoiceNumber', `Invoice ${invoice.number} is ${invoice.status.toLowerCase().replace('_', ' ')}, not open; leave the cell blank to keep the payment unapplied.`);
      }
      if (outcome.errors.length > 0 || !customer || !amount) continue;
      const values = {
        external_id: record.externalId,
        customer_id: customer.id,
        received_date: record.receivedDate,
        amount: amount.toString(),
        currency: currency!,
        reference: record.reference ?? null,
      };
      const current = existing.get(record.externalId);
      if (current) {
        const same = current.customer_id === values.customer_id
          && iso(current.received_date) === values.received_date
          && new Money(current.amount).eq(amount)
          && current.currency === values.currency
          && (context.header('reference') === null || current.reference === values.reference)
          && (!record.invoiceNumber || current.applied_to.includes(record.invoiceNumber));
        if (same) continue;
        if (current.moves > 0 || current.reversed) {
          outcome.fail(null, `Payment ${record.externalId} differs from the file, but it has been applied, refunded or reversed in Ledgerline since it was imported; an import changes it only while nothing has happened to it here.`);
          continue;
        }
      }
      const balance = invoice ? (open.get(invoice.id) ?? ZERO) : ZERO;
      const applied = Money.min(balance, amount);
      if (invoice && applied.gt(0)) {
        open.set(invoice.id, balance.minus(applied));
        applications.push({ external_id: record.externalId, invoice_id: invoice.id, amount: applied.toString(), received_date: record.receivedDate });
      }
      const row = { ...values, unapplied: amount.minus(applied).toString() };
      if (current) {
        outcome.status = 'UPDATED';
        updates.push({ ...row, id: current.id });
      } else {
        outcome.status = 'CREATED';
        creates.push(row);
      }
      dated.push({ outcome, entityId: customer.entity_id, date: record.receivedDate, field: 'receivedDate' });
    }
    await checkPeriods(context, dated);

    const COLUMNS = 'external_id text, customer_id int, received_date date, amount numeric, currency text, reference text, unapplied numeric';
    return {
      rows: list.map((o) => o.result()),
      write: async () => {
        if (creates.length > 0) {
          await inChunks(creates, (json) => tx.$executeRawUnsafe(
            `INSERT INTO payment (external_id, customer_id, received_date, amount, currency, reference, unapplied_amount)
             SELECT external_id, customer_id, received_date, amount, currency, reference, unapplied FROM jsonb_to_recordset($1::jsonb) AS s(${COLUMNS})`,
            json,
          ));
        }
        if (updates.length > 0) {
          await inChunks(updates, (json) => tx.$executeRawUnsafe(
            `UPDATE payment p SET customer_id = s.customer_id, received_date = s.received_date, amount = s.amount, currency = s.currency,
               reference = s.reference, unapplied_amount = s.unapplied, version = p.version + 1
             FROM jsonb_to_recordset($1::jsonb) AS s(id int, ${COLUMNS}) WHERE p.id = s.id`,
            json,
          ));
        }
        if (applications.length > 0) {
          await inChunks(applications, (json) => tx.$executeRawUnsafe(
            `INSERT INTO payment_application (kind, payment_id, invoice_id, amount, discount, received_date)
             SELECT 'PAYMENT', p.id, s.invoice_id, s.amount, 0, s.received_date
             FROM jsonb_to_recordset($1::jsonb) AS s(external_id text, invoice_id int, amount numeric, received_date date)
             JOIN payment p ON p.external_id = s.external_id`,
            json,
          ));
          await resettleInvoices(tx, [...new Set(applications.map((a) => a.invoice_id))]);
        }
      },
    };
  };
};

const IMPORTERS: Record<ImportKind, Importer> = {
  CUSTOMERS: customersImporter,
  CONTRACTS: contractsImporter,
  INVOICES: invoicesImporter,
  PAYMENTS: paymentsImporter,
};
