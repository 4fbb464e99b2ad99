// Rows as the tables spell them, and a columnar buffer that inserts them set-based
// (INSERT … SELECT FROM unnest), so a large book streams in bounded memory.
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { ActivityKind, BillingSchedule, DeliveryChannel, DeliveryStatus, InvoiceStatus } from '../../generated/prisma/enums.js';

/** Rows per INSERT statement. */
const CHUNK_ROWS = 10_000;

export type Sql = Pick<PrismaClient, '$executeRawUnsafe' | '$queryRawUnsafe'>;

export class Rows<R extends object> {
  private readonly names: (keyof R & string)[];
  private readonly columns: unknown[][];
  private count = 0;

  /**
   * @param types the PostgreSQL type of each column's array element (e.g. `int`, `numeric`,
   *   `"InvoiceStatus"`), in insertion order
   * @param select expressions that turn an unnested value into the column (e.g. text → text[])
   * @param updatedAt the row's updated_at from its columns (default created_at where it has
   *   one), so the demo book is the same for the same seed, last changes included
   */
  constructor(
    private readonly table: string,
    private readonly types: { [K in keyof R]-?: string },
    private readonly select: Partial<Record<keyof R & string, string>> = {},
    private readonly updatedAt: string | null = 'created_at' in types ? 'created_at' : null,
  ) {
    this.names = Object.keys(types) as (keyof R & string)[];
    this.columns = this.names.map(() => []);
  }

  get length(): number {
    return this.count;
  }

  add(row: R): void {
    for (let i = 0; i < this.names.length; i++) this.columns[i]!.push(row[this.names[i]!] ?? null);
    this.count += 1;
  }

  async insert(db: Sql): Promise<void> {
    if (this.count === 0) return;
    const names = this.names.join(', ');
    const arrays = this.names.map((name, i) => `$${i + 1}::${this.types[name]}[]`).join(', ');
    const values = this.names.map((name) => this.select[name] ?? name).join(', ');
    const touched = this.updatedAt ? [', updated_at', `, ${this.updatedAt}`] : ['', ''];
    const sql = `INSERT INTO ${this.table} (${names}${touched[0]}) SELECT ${values}${touched[1]} FROM unnest(${arrays}) AS t(${names})`;
    for (let start = 0; start < this.count; start += CHUNK_ROWS) {
      const end = Math.min(start + CHUNK_ROWS, this.count);
      await db.$executeRawUnsafe(sql, ...this.columns.map((column) => column.slice(start, end)));
    }
  }
}

export interface EntityRow {
  id: number; code: string; name: string; currency: string; region: string; legal_name: string; address_lines: string; city: string; postal_code: string;
  country_code: string; tax_id: string; bank_name: string; iban: string | null; bic: string; account_number: string | null; created_at: string;
}
export interface CustomerRow {
  id: number; code: string; name: string; entity_id: number; currency: string; payment_terms: string; credit_limit: string;
  delivery_channel: DeliveryChannel; billing_emails: string; portal_url: string | null; po_required: boolean; collector: string;
  billing_address_lines: string; billing_city: string; billing_postal_code: string; billing_country_code: string; tax_id: string; created_at: string;
}
export interface ContractRow {
  id: number; number: string; customer_id: number; start_date: string; end_date: string | null; payment_terms: string | null;
  schedule: BillingSchedule; amount_per_period: string; currency: string; po_number: string | null; description: string; created_at: string;
}
export interface InvoiceRow {
  id: number; number: string | null; entity_id: number; customer_id: number; contract_id: number | null; billing_period: string | null;
  issue_date: string; due_date: string; currency: string; payment_terms: string; po_number: string | null; subtotal: string; total: string;
  amount_paid: string; paid_date: string | null; status: InvoiceStatus; disputed: boolean; void_date: string | null;
  void_reason: string | null; created_at: string;
}
export interface LineRow { id: number; invoice_id: number; line_no: number; description: string; quantity: string; unit_price: string; amount: string }
export interface DeliveryRow {
  id: number; invoice_id: number; customer_id: number; channel: DeliveryChannel; recipient: string; created_at: string; next_attempt_at: string; status: DeliveryStatus;
  attempts: number; sent_at: string | null; reference: string | null; last_error: string | null; message_id: string | null; print_batch: string | null;
}
export interface PaymentRow {
  id: number; customer_id: number; received_date: string; amount: string; currency: string; reference: string; unapplied_amount: string; created_at: string;
}
export interface ApplicationRow { id: number; payment_id: number; invoice_id: number; amount: string; discount: string; received_date: string; created_at?: null }
export interface FxRateRow { id: number; currency: string; date: string; rate: string }
export interface ActivityRow {
  id: number; customer_id: number; kind: ActivityKind; activity_date: string; note: string | null; promise_date: string | null;
  promise_amount: string | null; currency: string | null; next_follow_up: string | null; actor: string; created_at: string;
}
export interface ActivityInvoiceRow { activity_id: number; invoice_id: number }
export interface DisputeRow {
  id: number; invoice_id: number; reason: string; opened_date: string; opened_by: string; resolved_date: string | null;
  resolution: string | null; resolved_by: string | null;
}
export interface SequenceRow { entity_id: number; next_number: number }

/** The tables of one month (or one phase), inserted parents first. */
export class Batch {
  readonly invoices = new Rows<InvoiceRow>('invoice', {
    id: 'int', number: 'text', entity_id: 'int', customer_id: 'int', contract_id: 'int', billing_period: 'text', issue_date: 'date',
    due_date: 'date', currency: 'text', payment_terms: 'text', po_number: 'text', subtotal: 'numeric', total: 'numeric', amount_paid: 'numeric',
    paid_date: 'date', status: '"InvoiceStatus"', disputed: 'bool', void_date: 'date', void_reason: 'text', created_at: 'timestamptz',
  });
  readonly lines = new Rows<LineRow>('invoice_line', {
    id: 'int', invoice_id: 'int', line_no: 'int', description: 'text', quantity: 'numeric', unit_price: 'numeric', amount: 'numeric',
  });
  readonly deliveries = new Rows<DeliveryRow>('invoice_delivery', {
    id: 'int', invoice_id: 'int', customer_id: 'int', channel: '"DeliveryChannel"', recipient: 'text', created_at: 'timestamptz', next_attempt_at: 'timestamptz', status: '"DeliveryStatus"',
    attempts: 'int', sent_at: 'timestamptz', reference: 'text', last_error: 'text', message_id: 'text', print_batch: 'date',
  }, {}, 'GREATEST(created_at, sent_at)');
  readonly payments = new Rows<PaymentRow>('payment', {
    id: 'int', customer_id: 'int', received_date: 'date', amount: 'numeric', currency: 'text', reference: 'text',
    unapplied_amount: 'numeric', created_at: 'timestamptz',
  });
  // created_at follows the received date, so the same seed gives the same rows.
  readonly applications = new Rows<ApplicationRow>(
    'payment_application',
    { id: 'int', payment_id: 'int', invoice_id: 'int', amount: 'numeric', discount: 'numeric', received_date: 'date', created_at: 'timestamptz' },
    { created_at: "received_date::timestamp AT TIME ZONE 'UTC'" },
    null,
  );
  readonly disputes = new Rows<DisputeRow>(
    'dispute',
    { id: 'int', invoice_id: 'int', reason: 'text', opened_date: 'date', opened_by: 'text', resolved_date: 'date', resolution: 'text', resolved_by: 'text' },
    {},
    'COALESCE(resolved_date, opened_date)::timestamptz',
  );
  readonly activities = new Rows<ActivityRow>('collection_activity', {
    id: 'int', customer_id: 'int', kind: '"ActivityKind"', activity_date: 'date', note: 'text', promise_date: 'date',
    promise_amount: 'numeric', currency: 'text', next_follow_up: 'date', actor: 'text', created_at: 'timestamptz',
  });
  readonly activityInvoices = new Rows<ActivityInvoiceRow>('collection_activity_invoice', { activity_id: 'int', invoice_id: 'int' });

  async insert(db: Sql): Promise<void> {
    for (const rows of [this.invoices, this.lines, this.deliveries, this.payments, this.applications, this.disputes, this.activities, this.activityInvoices]) {
      await (rows as Rows<object>).insert(db);
    }
  }
}
