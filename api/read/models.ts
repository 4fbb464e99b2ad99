// What the read path knows of each model it serves: its table, how each scalar comes out of
// SQL already in the form the GraphQL types serve, and how its relations join. Keys are
// Prisma's field names, the names Pothos' planned query and the GraphQL types use.
import { sql, type RawBuilder } from 'kysely';
import type { Table } from './db.js';

/**
 * How a column becomes a JSON value. Dates come out as "YYYY-MM-DD" (PostgreSQL writes dates in
 * JSON in ISO 8601 whatever the session's DateStyle; to_char would cost ~6 µs a value),
 * timestamps as ISO 8601 with milliseconds in UTC (what Date#toISOString writes), money rounded
 * half away from zero to its currency's minor units (PostgreSQL's numeric round, exact),
 * `trimmed` decimals without trailing zeros (what Decimal#toFixed() writes), `numeric` as the
 * column's own text.
 */
export type Column =
  | { kind: 'plain'; column: string }
  | { kind: 'date'; column: string }
  | { kind: 'timestamp'; column: string }
  | { kind: 'numeric'; column: string }
  | { kind: 'trimmed'; column: string }
  | { kind: 'money'; column: string; currency: (alias: string, parent?: Parent) => RawBuilder<unknown> }
  | { kind: 'computed'; value: (alias: string, params: ReadParams) => RawBuilder<unknown> };

/** A relation: `one` joins the parent's `from` to the child's `to`; `many` likewise, listed. */
export interface Relation {
  model: ModelName;
  kind: 'one' | 'many';
  from: string;
  to: string;
}

export interface Model {
  table: Table;
  /** Columns by Prisma field name; `where` and `orderBy` use the same names. */
  columns: Record<string, Column>;
  relations: Record<string, Relation>;
}

/** The row a nested row is read under (a line's invoice, an application's payment). */
export interface Parent {
  model: ModelName;
  alias: string;
}

export interface ReadParams {
  /** Today's business date: the open balance depends on it. */
  today: string;
}

const ZERO_DECIMALS = ['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'];
const THREE_DECIMALS = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'];
const FOUR_DECIMALS = ['CLF', 'UYW'];

/**
 * The currencies whose minor units are not 2, as a JSON constant in the statement (a lookup in
 * it measured quicker than a CASE over the lists, and the same for every currency).
 */
const NOT_TWO = sql.lit(JSON.stringify(Object.fromEntries([
  ...ZERO_DECIMALS.map((code) => [code, 0]),
  ...THREE_DECIMALS.map((code) => [code, 3]),
  ...FOUR_DECIMALS.map((code) => [code, 4]),
])));

/** A currency's minor units in SQL (as api/domain/money/currencies.ts has them). */
function minorUnits(currency: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`coalesce((${NOT_TWO}::jsonb ->> ${currency}::text)::int, 2)`;
}

/** `amount` as money in `currency`: "1234.50", JPY "1234"; PostgreSQL's numeric has no −0. */
export function moneySql(amount: RawBuilder<unknown>, currency: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`round(${amount}, ${minorUnits(currency)})::text`;
}

/** Column references, built once per alias and column (kysely parses and freezes each; they never change). */
const refs = new Map<string, RawBuilder<unknown>>();
const col = (alias: string, column: string) => {
  const name = `${alias}.${column}`;
  let ref = refs.get(name);
  if (!ref) refs.set(name, (ref = sql.ref(name)));
  return ref;
};
const ownCurrency = (alias: string) => col(alias, 'currency');

const plain = (column: string): Column => ({ kind: 'plain', column });
const date = (column: string): Column => ({ kind: 'date', column });
const timestamp = (column: string): Column => ({ kind: 'timestamp', column });
const money = (column: string, currency: (alias: string, parent?: Parent) => RawBuilder<unknown> = ownCurrency): Column => ({ kind: 'money', column, currency });

/** The SQL of one column's JSON value. */
export function columnSql(spec: Column, alias: string, params: ReadParams, parent?: Parent): RawBuilder<unknown> {
  switch (spec.kind) {
    case 'plain':
      return col(alias, spec.column);
    case 'date':
      return col(alias, spec.column);
    case 'timestamp':
      return sql`to_char(${col(alias, spec.column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'numeric':
      return sql`${col(alias, spec.column)}::text`;
    case 'trimmed':
      return sql`trim_scale(${col(alias, spec.column)})::text`;
    case 'money':
      return moneySql(col(alias, spec.column), spec.currency(alias, parent));
    case 'computed':
      return spec.value(alias, params);
  }
}

export type ModelName =
  | 'Entity' | 'Customer' | 'CustomerContact' | 'Contract' | 'Invoice' | 'InvoiceLine' | 'InvoiceDelivery' | 'Dispute' | 'CreditMemo' | 'CreditMemoLine' | 'Payment' | 'Refund' | 'PaymentApplication'
  | 'CollectionActivity' | 'CollectionActivityInvoice' | 'Project' | 'Milestone' | 'Risk' | 'Stakeholder' | 'ProjectVendor'
  | 'ProjectDocument' | 'StatusReport' | 'Escalation';

const updatedAt = timestamp('updated_at');
/** An application's amounts are in its invoice's currency (a payment's or credit memo's is the same). */
const applicationCurrency = (alias: string, parent?: Parent) =>
  parent?.model === 'Payment' || parent?.model === 'Invoice' ? ownCurrency(parent.alias) : sql`(SELECT i.currency FROM invoice i WHERE i.id = ${col(alias, 'invoice_id')})`;

export const MODELS: Record<ModelName, Model> = {
  Entity: {
    table: 'entity',
    columns: {
      id: plain('id'), code: plain('code'), name: plain('name'), currency: plain('currency'), region: plain('region'), legalName: plain('legal_name'),
      addressLines: plain('address_lines'), city: plain('city'), postalCode: plain('postal_code'), countryCode: plain('country_code'), taxId: plain('tax_id'),
      bankName: plain('bank_name'), iban: plain('iban'), bic: plain('bic'), accountNumber: plain('account_number'), updatedAt,
    },
    relations: {},
  },
  Customer: {
    table: 'customer',
    columns: {
      id: plain('id'), code: plain('code'), name: plain('name'), entityId: plain('entity_id'), currency: plain('currency'), paymentTerms: plain('payment_terms'),
      creditLimit: money('credit_limit'), deliveryChannel: plain('delivery_channel'), billingEmails: plain('billing_emails'), portalUrl: plain('portal_url'),
      poRequired: plain('po_required'), collector: plain('collector'), onCreditHold: plain('on_credit_hold'), billingAddressLines: plain('billing_address_lines'), billingCity: plain('billing_city'),
      billingPostalCode: plain('billing_postal_code'), billingCountryCode: plain('billing_country_code'), taxId: plain('tax_id'), bankAccounts: plain('bank_accounts'), version: plain('version'), updatedAt,
    },
    relations: {
      entity: { model: 'Entity', kind: 'one', from: 'entity_id', to: 'id' },
      contacts: { model: 'CustomerContact', kind: 'many', from: 'id', to: 'customer_id' },
    },
  },
  CustomerContact: {
    table: 'customer_contact',
    columns: {
      id: plain('id'), customerId: plain('customer_id'), position: plain('position'), name: plain('name'), email: plain('email'), phone: plain('phone'), role: plain('role'),
    },
    relations: {},
  },
  Contract: {
    table: 'contract',
    columns: {
      id: plain('id'), number: plain('number'), customerId: plain('customer_id'), startDate: date('start_date'), endDate: date('end_date'),
      paymentTerms: plain('payment_terms'), schedule: plain('schedule'), amountPerPeriod: { kind: 'numeric', column: 'amount_per_period' },
      currency: plain('currency'), poNumber: plain('po_number'), description: plain('description'), version: plain('version'), updatedAt,
    },
    relations: { customer: { model: 'Customer', kind: 'one', from: 'customer_id', to: 'id' } },
  },
  Invoice: {
    table: 'invoice',
    columns: {
      id: plain('id'), number: plain('number'), entityId: plain('entity_id'), customerId: plain('customer_id'), contractId: plain('contract_id'),
      billingPeriod: plain('billing_period'), issueDate: date('issue_date'), dueDate: date('due_date'), currency: plain('currency'),
      paymentTerms: plain('payment_terms'), poNumber: plain('po_number'), subtotal: money('subtotal'), taxTotal: money('tax_total'), total: money('total'), amountPaid: money('amount_paid'), paidDate: date('paid_date'),
      status: plain('status'), disputed: plain('disputed'), voidDate: date('void_date'), voidReason: plain('void_reason'),
      externalId: plain('external_id'), imported: plain('imported'), version: plain('version'), updatedAt,
      // The open balance today: nothing once void (from its void date), else total − paid.
      balance: {
        kind: 'computed',
        value: (alias, params) => moneySql(
          sql`CASE WHEN ${col(alias, 'void_date')} <= ${params.today}::date THEN 0::numeric ELSE ${col(alias, 'total')} - ${col(alias, 'amount_paid')} END`,
          ownCurrency(alias),
        ),
      },
    },
    relations: {
      entity: { model: 'Entity', kind: 'one', from: 'entity_id', to: 'id' },
      customer: { model: 'Customer', kind: 'one', from: 'customer_id', to: 'id' },
      contract: { model: 'Contract', kind: 'one', from: 'contract_id', to: 'id' },
      lines: { model: 'InvoiceLine', kind: 'many', from: 'id', to: 'invoice_id' },
      applications: { model: 'PaymentApplication', kind: 'many', from: 'id', to: 'invoice_id' },
      deliveries: { model: 'InvoiceDelivery', kind: 'many', from: 'id', to: 'invoice_id' },
      disputes: { model: 'Dispute', kind: 'many', from: 'id', to: 'invoice_id' },
    },
  },
  InvoiceLine: {
    table: 'invoice_line',
    columns: {
      id: plain('id'), invoiceId: plain('invoice_id'), lineNo: plain('line_no'), description: plain('description'),
      quantity: { kind: 'trimmed', column: 'quantity' }, unitPrice: { kind: 'trimmed', column: 'unit_price' },
      taxRate: { kind: 'trimmed', column: 'tax_rate' }, taxCategory: plain('tax_category'),
      amount: money('amount', (alias, parent) => parent?.model === 'Invoice' ? ownCurrency(parent.alias) : sql`(SELECT i.currency FROM invoice i WHERE i.id = ${col(alias, 'invoice_id')})`),
    },
    relations: {},
  },
  InvoiceDelivery: {
    table: 'invoice_delivery',
    columns: {
      id: plain('id'), kind: plain('kind'), customerId: plain('customer_id'), invoiceId: plain('invoice_id'), dunningLetterId: plain('dunning_letter_id'),
      statementFrom: date('statement_from'), statementTo: date('statement_to'), channel: plain('channel'), recipient: plain('recipient'), status: plain('status'),
      attempts: plain('attempts'), lastError: plain('last_error'), nextAttemptAt: timestamp('next_attempt_at'), sentAt: timestamp('sent_at'),
      reference: plain('reference'), messageId: plain('message_id'), printBatch: date('print_batch'), createdAt: timestamp('created_at'), updatedAt,
    },
    relations: {
      customer: { model: 'Customer', kind: 'one', from: 'customer_id', to: 'id' },
      invoice: { model: 'Invoice', kind: 'one', from: 'invoice_id', to: 'id' },
    },
  },
  Dispute: {
    table: 'dispute',
    columns: {
      id: plain('id'), invoiceId: plain('invoice_id'), reason: plain('reason'), reasonCode: plain('reason_code'), owner: plain('owner'),
      // In its invoice's currency.
      amount: money('amount', (alias, parent) => parent?.model === 'Invoice' ? ownCurrency(parent.alias) : sql`(SELECT i.currency FROM invoice i WHERE i.id = ${col(alias, 'invoice_id')})`),
      openedDate: date('opened_date'), openedBy: plain('opened_by'), resolvedDate: date('resolved_date'), resolution: plain('resolution'), resolvedBy: plain('resolved_by'),
      creditMemoId: plain('credit_memo_id'), updatedAt,
    },
    relations: {
      invoice: { model: 'Invoice', kind: 'one', from: 'invoice_id', to: 'id' },
      creditMemo: { model: 'CreditMemo', kind: 'one', from: 'credit_memo_id', to: 'id' },
    },
  },
  CreditMemo: {
    table: 'credit_memo',
    columns: {
      id: plain('id'), number: plain('number'), entityId: plain('entity_id'), customerId: plain('customer_id'), invoiceId: plain('invoice_id'), date: date('date'),
      currency: plain('currency'), reason: plain('reason'), subtotal: money('subtotal'), taxTotal: money('tax_total'), total: money('total'),
      unappliedAmount: money('unapplied_amount'), createdBy: plain('created_by'), createdAt: timestamp('created_at'), version: plain('version'), updatedAt,
    },
    relations: {
      entity: { model: 'Entity', kind: 'one', from: 'entity_id', to: 'id' },
      customer: { model: 'Customer', kind: 'one', from: 'customer_id', to: 'id' },
      invoice: { model: 'Invoice', kind: 'one', from: 'invoice_id', to: 'id' },
      applications: { model: 'PaymentApplication', kind: 'many', from: 'id', to: 'credit_memo_id' },
      lines: { model: 'CreditMemoLine', kind: 'many', from: 'id', to: 'credit_memo_id' },
    },
  },
  CreditMemoLine: {
    table: 'credit_memo_line',
    columns: {
      id: plain('id'), creditMemoId: plain('credit_memo_id'), lineNo: plain('line_no'), description: plain('description'),
      quantity: { kind: 'trimmed', column: 'quantity' }, unitPrice: { kind: 'trimmed', column: 'unit_price' },
      taxRate: { kind: 'trimmed', column: 'tax_rate' }, taxCategory: plain('tax_category'),
      amount: money('amount', (alias, parent) => parent?.model === 'CreditMemo' ? ownCurrency(parent.alias) : sql`(SELECT m.currency FROM credit_memo m WHERE m.id = ${col(alias, 'credit_memo_id')})`),
    },
    relations: {},
  },
  Payment: {
    table: 'payment',
    columns: {
      id: plain('id'), customerId: plain('customer_id'), receivedDate: date('received_date'), amount: money('amount'), currency: plain('currency'),
      reference: plain('reference'), unappliedAmount: money('unapplied_amount'), reversedDate: date('reversed_date'), reversalReason: plain('reversal_reason'),
      externalId: plain('external_id'), bankTransactionId: plain('bank_transaction_id'), version: plain('version'), updatedAt,
    },
    relations: {
      customer: { model: 'Customer', kind: 'one', from: 'customer_id', to: 'id' },
      applications: { model: 'PaymentApplication', kind: 'many', from: 'id', to: 'payment_id' },
      refunds: { model: 'Refund', kind: 'many', from: 'id', to: 'payment_id' },
    },
  },
  Refund: {
    table: 'refund',
    columns: {
      id: plain('id'), paymentId: plain('payment_id'), date: date('date'), amount: money('amount'), currency: plain('currency'), reference: plain('reference'),
      createdBy: plain('created_by'), createdAt: timestamp('created_at'),
    },
    relations: { payment: { model: 'Payment', kind: 'one', from: 'payment_id', to: 'id' } },
  },
  PaymentApplication: {
    table: 'payment_application',
    columns: {
      id: plain('id'), kind: plain('kind'), paymentId: plain('payment_id'), creditMemoId: plain('credit_memo_id'), writeOffId: plain('write_off_id'),
      invoiceId: plain('invoice_id'), receivedDate: date('received_date'),
      amount: money('amount', applicationCurrency),
      discount: money('discount', applicationCurrency),
    },
    relations: {
      invoice: { model: 'Invoice', kind: 'one', from: 'invoice_id', to: 'id' },
      payment: { model: 'Payment', kind: 'one', from: 'payment_id', to: 'id' },
      creditMemo: { model: 'CreditMemo', kind: 'one', from: 'credit_memo_id', to: 'id' },
    },
  },
  CollectionActivity: {
    table: 'collection_activity',
    columns: {
      id: plain('id'), customerId: plain('customer_id'), kind: plain('kind'), activityDate: date('activity_date'), note: plain('note'),
      promiseDate: date('promise_date'), promiseAmount: money('promise_amount'), currency: plain('currency'), nextFollowUp: date('next_follow_up'),
      actor: plain('actor'), version: plain('version'), updatedAt,
    },
    relations: {
      customer: { model: 'Customer', kind: 'one', from: 'customer_id', to: 'id' },
      invoices: { model: 'CollectionActivityInvoice', kind: 'many', from: 'id', to: 'activity_id' },
    },
  },
  CollectionActivityInvoice: {
    table: 'collection_activity_invoice',
    columns: { activityId: plain('activity_id'), invoiceId: plain('invoice_id') },
    relations: { invoice: { model: 'Invoice', kind: 'one', from: 'invoice_id', to: 'id' } },
  },
  Project: {
    table: 'project',
    columns: {
      id: plain('id'), code: plain('code'), name: plain('name'), entityId: plain('entity_id'), owner: plain('owner'), sponsor: plain('sponsor'),
      scope: plain('scope'), objectives: plain('objectives'), status: plain('status'), startDate: date('start_date'), baselineEndDate: date('baseline_end_date'),
      forecastEndDate: date('forecast_end_date'), actualEndDate: date('actual_end_date'),
      // Unrounded: the earned-value figures compute with the exact amounts, then format.
      budget: { kind: 'numeric', column: 'budget' }, actualCost: { kind: 'numeric', column: 'actual_cost' }, currency: plain('currency'),
      percentComplete: { kind: 'numeric', column: 'percent_complete' }, version: plain('version'), updatedAt,
    },
    relations: {
      entity: { model: 'Entity', kind: 'one', from: 'entity_id', to: 'id' },
      milestones: { model: 'Milestone', kind: 'many', from: 'id', to: 'project_id' },
      risks: { model: 'Risk', kind: 'many', from: 'id', to: 'project_id' },
      stakeholders: { model: 'Stakeholder', kind: 'many', from: 'id', to: 'project_id' },
      vendors: { model: 'ProjectVendor', kind: 'many', from: 'id', to: 'project_id' },
      documents: { model: 'ProjectDocument', kind: 'many', from: 'id', to: 'project_id' },
      statusReports: { model: 'StatusReport', kind: 'many', from: 'id', to: 'project_id' },
      escalations: { model: 'Escalation', kind: 'many', from: 'id', to: 'project_id' },
    },
  },
  Milestone: {
    table: 'milestone',
    columns: {
      id: plain('id'), projectId: plain('project_id'), name: plain('name'), dueDate: date('due_date'), completedDate: date('completed_date'),
      status: plain('status'), version: plain('version'),
    },
    relations: { project: { model: 'Project', kind: 'one', from: 'project_id', to: 'id' } },
  },
  Risk: {
    table: 'risk',
    columns: {
      id: plain('id'), projectId: plain('project_id'), title: plain('title'), description: plain('description'), probability: plain('probability'),
      impact: plain('impact'), owner: plain('owner'), mitigation: plain('mitigation'), status: plain('status'), version: plain('version'),
    },
    relations: { project: { model: 'Project', kind: 'one', from: 'project_id', to: 'id' } },
  },
  Stakeholder: {
    table: 'stakeholder',
    columns: { id: plain('id'), projectId: plain('project_id'), name: plain('name'), role: plain('role'), raci: plain('raci') },
    relations: {},
  },
  ProjectVendor: {
    table: 'project_vendor',
    columns: {
      id: plain('id'), projectId: plain('project_id'), name: plain('name'), service: plain('service'), contractRef: plain('contract_ref'), contact: plain('contact'),
    },
    relations: {},
  },
  ProjectDocument: {
    table: 'project_document',
    columns: { id: plain('id'), projectId: plain('project_id'), title: plain('title'), url: plain('url'), addedBy: plain('added_by'), addedAt: timestamp('added_at') },
    relations: {},
  },
  StatusReport: {
    table: 'status_report',
    columns: { id: plain('id'), projectId: plain('project_id'), reportDate: date('report_date'), rag: plain('rag'), summary: plain('summary'), author: plain('author') },
    relations: {},
  },
  Escalation: {
    table: 'escalation',
    columns: {
      id: plain('id'), projectId: plain('project_id'), raisedDate: date('raised_date'), raisedBy: plain('raised_by'), escalatedTo: plain('escalated_to'),
      summary: plain('summary'), status: plain('status'), resolvedDate: date('resolved_date'), resolution: plain('resolution'), version: plain('version'),
    },
    relations: { project: { model: 'Project', kind: 'one', from: 'project_id', to: 'id' } },
  },
};
