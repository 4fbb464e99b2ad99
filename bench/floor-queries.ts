// The GraphQL requests the load benchmark sends, each with the one SQL statement the floor
// server answers it with. The statement builds the whole response body — `{"data":…}` exactly
// as the API serialises it, byte for byte — in PostgreSQL, so the floor's Node process only
// passes text through: the least any server on this database can do for the same answer.
//
// Compact JSON: json_build_object/json_agg put spaces and newlines between items, so objects
// come from row_to_json over a sub-select (column order = key order, no spaces) and arrays from
// string_agg(…, ','). Money is round(amount, the currency's minor units)::text (half away from
// zero, like formatMoney); other decimals trim_scale(x)::text, like Decimal#toFixed().
import type pg from 'pg';
import { isCurrencyCode, minorUnitsOf } from '../api/domain/money/currencies.js';

/** One benchmarked request: its GraphQL body and the floor's statement for it. */
export interface FloorQuery {
  /** Short name, for --queries and the table. */
  key: string;
  label: string;
  query: string;
  variables: Record<string, unknown>;
  /**
   * The floor's statement: one row with one text column `body`. Its parameters come from
   * `params(variables, today)`, today being the API's ctx.today (the date in its time zone).
   */
  sql: string;
  params(variables: Record<string, any>, today: string): unknown[];
}

const INVOICE_FIELDS = `number status issueDate dueDate daysPastDue currency total amountPaid balance disputed poNumber paymentTerms
      entity { code } customer { code name }
      lines { lineNo description quantity unitPrice amount }`;

/** The add-in's INVOICES_PAGE (addin/api/operations.ts) with each invoice's lines added. */
export const INVOICES_PAGE_WITH_LINES = /* GraphQL */ `query InvoicesPage($first: Int!, $after: String, $filter: InvoiceFilter) {
  invoices(first: $first, after: $after, filter: $filter, orderBy: DUE_DATE_ASC) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      ${INVOICE_FIELDS}
    } }
  }
}`;

export const INVOICE_BY_NUMBER = /* GraphQL */ `query InvoiceByNumber($number: String!) {
  invoice(number: $number) {
    ${INVOICE_FIELDS}
  }
}`;

export const CUSTOMERS_PAGE = /* GraphQL */ `query CustomersPage($first: Int!, $after: String) {
  customers(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id code name currency paymentTerms creditLimit deliveryChannel billingEmails portalUrl poRequired collector version
      entity { code }
    } }
  }
}`;

/**
 * The currency's minor units as a CASE over the codes in use (the floor server builds it at
 * start from the database and api/domain/money/currencies.ts). An unknown code gives NULL, so
 * the body differs from the API's and the run stops.
 */
export type MinorUnitsSql = (column: string) => string;

/** The CASE giving each currency in use its minor units, for money rounding in SQL. */
export async function minorUnitsSql(db: pg.Pool | pg.Client): Promise<MinorUnitsSql> {
  const { rows } = await db.query<{ currency: string }>(
    'SELECT currency::text AS currency FROM invoice UNION SELECT currency::text FROM customer UNION SELECT currency::text FROM entity',
  );
  const cases = rows.filter((r) => isCurrencyCode(r.currency)).map((r) => `WHEN '${r.currency}' THEN ${minorUnitsOf(r.currency)}`);
  return (column) => (cases.length > 0 ? `(CASE ${column} ${cases.join(' ')} END)` : 'NULL::int');
}

/** An invoice as the API serialises INVOICE_FIELDS: alias `i` for invoice, `$1` today. */
function invoiceNodeSql(minorUnits: MinorUnitsSql): string {
  const mu = minorUnits('i.currency');
  return `(SELECT row_to_json(x) FROM (SELECT
      i.number, i.status, i.issue_date AS "issueDate", i.due_date AS "dueDate",
      CASE WHEN i.status IN ('ISSUED', 'PARTIALLY_PAID') THEN greatest(0, $1::date - i.due_date) ELSE 0 END AS "daysPastDue",
      i.currency::text AS currency, round(i.total, ${mu})::text AS total, round(i.amount_paid, ${mu})::text AS "amountPaid",
      (CASE WHEN i.void_date <= $1::date THEN round(0, ${mu}) ELSE round(i.total - i.amount_paid, ${mu}) END)::text AS balance,
      i.disputed, i.po_number AS "poNumber", i.payment_terms AS "paymentTerms",
      (SELECT row_to_json(e) FROM (SELECT en.code FROM entity en WHERE en.id = i.entity_id) e) AS entity,
      (SELECT row_to_json(c) FROM (SELECT cu.code, cu.name FROM customer cu WHERE cu.id = i.customer_id) c) AS customer,
      (SELECT COALESCE('[' || string_agg(row_to_json(l)::text, ',' ORDER BY l."lineNo") || ']', '[]')::json
         FROM (SELECT il.line_no AS "lineNo", il.description, trim_scale(il.quantity)::text AS quantity,
                      trim_scale(il.unit_price)::text AS "unitPrice", round(il.amount, ${mu})::text AS amount
               FROM invoice_line il WHERE il.invoice_id = i.id) l) AS lines
    ) x)`;
}

/** Pothos' prisma cursor for an integer id: base64("GPC:N:<id>"). */
const cursorSql = (id: string) => `translate(encode(convert_to('GPC:N:' || ${id}, 'UTF8'), 'base64'), E'\\n', '')`;

/**
 * A Relay connection body: `rows` is a query of (id, n = position, node json) with `first` + 1
 * rows; `first` is the placeholder of the page size.
 */
function connectionSql(field: string, countSql: string, rows: string, first: string): string {
  return `WITH page AS (${rows}), shown AS (SELECT * FROM page ORDER BY n LIMIT ${first})
SELECT '{"data":{"${field}":{"totalCount":' || (${countSql}) ||
  ',"pageInfo":{"hasNextPage":' || ((SELECT count(*) FROM page) > ${first})::text ||
  ',"endCursor":' || COALESCE((SELECT to_json(${cursorSql('id')})::text FROM shown ORDER BY n DESC LIMIT 1), 'null') ||
  '},"edges":[' || COALESCE((SELECT string_agg('{"node":' || node::text || '}', ',' ORDER BY n) FROM shown), '') || ']}}}' AS body`;
}

/** The benchmark's requests; `invoiceNumber` is the one the by-number request asks for. */
export function floorQueries(minorUnits: MinorUnitsSql, invoiceNumber: string): FloorQuery[] {
  const invoicesPage = (first: number): FloorQuery => ({
    key: `invoices${first}`,
    label: `invoices page of ${first} + customer + lines`,
    query: INVOICES_PAGE_WITH_LINES,
    variables: { first, filter: {} },
    sql: connectionSql(
      'invoices',
      'SELECT count(*) FROM invoice',
      `SELECT i.id, row_number() OVER (ORDER BY i.due_date, i.id) AS n, ${invoiceNodeSql(minorUnits)} AS node
       FROM (SELECT * FROM invoice ORDER BY due_date, id LIMIT $2 + 1) i`,
      '$2',
    ),
    params: (v, today) => [today, v.first],
  });
  const cmu = minorUnits('cu.currency');
  return [
    invoicesPage(100),
    invoicesPage(500),
    {
      key: 'invoice',
      label: 'one invoice by number + customer + lines',
      query: INVOICE_BY_NUMBER,
      variables: { number: invoiceNumber },
      sql: `SELECT '{"data":{"invoice":' || COALESCE((SELECT ${invoiceNodeSql(minorUnits)}::text FROM invoice i WHERE i.number = upper(trim($2))), 'null') || '}}' AS body`,
      params: (v, today) => [today, v.number],
    },
    {
      key: 'customers',
      label: 'customers page of 100',
      query: CUSTOMERS_PAGE,
      variables: { first: 100 },
      sql: connectionSql(
        'customers',
        'SELECT count(*) FROM customer',
        `SELECT cu.id, row_number() OVER (ORDER BY cu.code) AS n, (SELECT row_to_json(x) FROM (SELECT
            cu.id::text AS id, cu.code, cu.name, cu.currency::text AS currency, cu.payment_terms AS "paymentTerms",
            round(cu.credit_limit, ${cmu})::text AS "creditLimit", cu.delivery_channel AS "deliveryChannel",
            COALESCE(array_to_json(cu.billing_emails), '[]') AS "billingEmails", cu.portal_url AS "portalUrl",
            cu.po_required AS "poRequired", cu.collector, cu.version,
            (SELECT row_to_json(e) FROM (SELECT en.code FROM entity en WHERE en.id = cu.entity_id) e) AS entity) x) AS node
         FROM (SELECT * FROM customer ORDER BY code LIMIT $1 + 1) cu`,
        '$1',
      ),
      params: (v) => [v.first],
    },
  ];
}
