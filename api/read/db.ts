// Kysely for the read path: a "cold" instance that only compiles (PostgreSQL dialect, no
// driver of its own); the compiled statement runs on the database's SqlRunner
// (api/db/sql-runner.ts: a pg pool on a PostgreSQL server, Prisma's raw query on embedded
// PGlite), which reports each statement to the same onQuery hook tests count statements with.
//
// The table types are written here by hand rather than generated (prisma-kysely): a second
// generator in prisma/schema.prisma would run on every `prisma generate` for the few tables the
// read path needs; the read-path tests compare its output with Prisma's byte for byte, so a
// column these types get wrong fails there. Columns are the database's snake_case names.
import type { SqlRunner } from '../db/sql-runner.js';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type RawBuilder } from 'kysely';

type Numeric = string;
type DateColumn = Date;

interface EntityTable {
  id: number; code: string; name: string; currency: string; region: string | null; legal_name: string | null; address_lines: string[]; city: string | null;
  postal_code: string | null; country_code: string | null; tax_id: string | null; bank_name: string | null; iban: string | null; bic: string | null;
  account_number: string | null; updated_at: Date;
}
interface CustomerTable {
  id: number; code: string; name: string; entity_id: number; currency: string; payment_terms: string; credit_limit: Numeric | null;
  delivery_channel: string; billing_emails: string[]; portal_url: string | null; po_required: boolean; collector: string | null;
  on_credit_hold: boolean; billing_address_lines: string[]; billing_city: string | null; billing_postal_code: string | null; billing_country_code: string | null;
  tax_id: string | null; version: number; updated_at: Date;
}
interface CustomerContactTable { id: number; customer_id: number; position: number; name: string; email: string | null; phone: string | null; role: string | null }
interface ContractTable {
  id: number; number: string; customer_id: number; start_date: DateColumn; end_date: DateColumn | null; payment_terms: string | null; schedule: string;
  amount_per_period: Numeric; currency: string; po_number: string | null; description: string; version: number; updated_at: Date;
}
interface InvoiceTable {
  id: number; number: string | null; entity_id: number; customer_id: number; contract_id: number | null; billing_period: string | null;
  issue_date: DateColumn; due_date: DateColumn; currency: string; payment_terms: string; po_number: string | null; subtotal: Numeric; tax_total: Numeric; total: Numeric; amount_paid: Numeric;
  paid_date: DateColumn | null; status: string; disputed: boolean; void_date: DateColumn | null; void_reason: string | null; version: number; updated_at: Date;
}
interface InvoiceLineTable { id: number; invoice_id: number; line_no: number; description: string; quantity: Numeric; unit_price: Numeric; amount: Numeric; tax_rate: Numeric; tax_category: string }
interface InvoiceDeliveryTable {
  id: number; kind: string; customer_id: number; invoice_id: number | null; dunning_letter_id: number | null; statement_from: DateColumn | null; statement_to: DateColumn | null;
  channel: string; recipient: string; status: string; attempts: number; last_error: string | null; next_attempt_at: Date; sent_at: Date | null;
  reference: string | null; message_id: string | null; print_batch: DateColumn | null; created_at: Date; updated_at: Date;
}
interface PaymentTable {
  id: number; customer_id: number; received_date: DateColumn; amount: Numeric; currency: string; reference: string | null; unapplied_amount: Numeric;
  reversed_date: DateColumn | null; reversal_reason: string | null; version: number; updated_at: Date;
}
interface RefundTable {
  id: number; payment_id: number; date: DateColumn; amount: Numeric; currency: string; reference: string; created_by: string; created_at: Date;
}
interface PaymentApplicationTable {
  id: number; kind: string; payment_id: number | null; credit_memo_id: number | null; write_off_id: number | null; invoice_id: number; amount: Numeric; discount: Numeric; received_date: DateColumn }
interface DisputeTable {
  id: number; invoice_id: number; reason: string; reason_code: string; amount: Numeric | null; owner: string | null; opened_date: DateColumn; opened_by: string;
  resolved_date: DateColumn | null; resolution: string | null; resolved_by: string | null; credit_memo_id: number | null; updated_at: Date;
}
interface CreditMemoTable {
  id: number; number: string; entity_id: number; customer_id: number; invoice_id: number | null; date: DateColumn; currency: string; reason: string; subtotal: Numeric;
  tax_total: Numeric; total: Numeric; unapplied_amount: Numeric; created_by: string; version: number; created_at: Date; updated_at: Date;
}
interface CreditMemoLineTable {
  id: number; credit_memo_id: number; line_no: number; description: string; quantity: Numeric; unit_price: Numeric; amount: Numeric; tax_rate: Numeric; tax_category: string;
}
interface CollectionActivityTable {
  id: number; customer_id: number; kind: string; activity_date: DateColumn; note: string | null; promise_date: DateColumn | null; promise_amount: Numeric | null;
  currency: string | null; next_follow_up: DateColumn | null; actor: string; version: number; updated_at: Date;
}
interface CollectionActivityInvoiceTable { activity_id: number; invoice_id: number }
interface ProjectTable {
  id: number; code: string; name: string; entity_id: number | null; owner: string; sponsor: string | null; scope: string | null; objectives: string | null; status: string;
  start_date: DateColumn; baseline_end_date: DateColumn; forecast_end_date: DateColumn | null; actual_end_date: DateColumn | null; budget: Numeric; actual_cost: Numeric;
  currency: string; percent_complete: Numeric; version: number; updated_at: Date;
}
interface MilestoneTable { id: number; project_id: number; name: string; due_date: DateColumn; completed_date: DateColumn | null; status: string; version: number }
interface RiskTable {
  id: number; project_id: number; title: string; description: string | null; probability: number; impact: number; owner: string; mitigation: string | null; status: string; version: number;
}
interface StakeholderTable { id: number; project_id: number; name: string; role: string; raci: string }
interface ProjectVendorTable { id: number; project_id: number; name: string; service: string; contract_ref: string | null; contact: string | null }
interface ProjectDocumentTable { id: number; project_id: number; title: string; url: string; added_by: string; added_at: Date }
interface StatusReportTable { id: number; project_id: number; report_date: DateColumn; rag: string; summary: string; author: string }
interface EscalationTable {
  id: number; project_id: number; raised_date: DateColumn; raised_by: string; escalated_to: string; summary: string; status: string; resolved_date: DateColumn | null;
  resolution: string | null; version: number;
}

export interface DB {
  entity: EntityTable;
  customer: CustomerTable;
  customer_contact: CustomerContactTable;
  contract: ContractTable;
  invoice: InvoiceTable;
  invoice_line: InvoiceLineTable;
  invoice_delivery: InvoiceDeliveryTable;
  payment: PaymentTable;
  payment_application: PaymentApplicationTable;
  refund: RefundTable;
  dispute: DisputeTable;
  credit_memo: CreditMemoTable;
  credit_memo_line: CreditMemoLineTable;
  collection_activity: CollectionActivityTable;
  collection_activity_invoice: CollectionActivityInvoiceTable;
  project: ProjectTable;
  milestone: MilestoneTable;
  risk: RiskTable;
  stakeholder: StakeholderTable;
  project_vendor: ProjectVendorTable;
  project_document: ProjectDocumentTable;
  status_report: StatusReportTable;
  escalation: EscalationTable;
}

export type Table = keyof DB;

/** Compiles only: `.compile()` gives the SQL and its parameters; nothing connects. */
export const kysely = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Compiles a statement and runs it on the app's database handle, as one statement. */
export async function runStatement<Row>(run: SqlRunner, statement: RawBuilder<unknown>): Promise<Row[]> {
  const compiled = statement.compile(kysely);
  return run<Row>(compiled.sql, compiled.parameters);
}
