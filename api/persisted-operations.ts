// Named GraphQL operations a BI tool can run over GET, without a body:
//   GET /graphql?documentId=agingReport&variables={"asOf":"2026-11-30"}
//   Authorization: Bearer <token>
// (Power BI's Web.Contents and Excel's Power Query send GET with headers but no POST body
// without a custom connector.) The documents are committed here and validated against the
// schema by a test; arbitrary documents still work over POST, as before. Only queries: GET never
// runs a mutation.

/** An invoice as the named invoice queries give it. */
const INVOICE_NODE = `id number status entity { code } customer { code name } issueDate dueDate currency paymentTerms poNumber
  total amountPaid balance daysPastDue disputed paidDate voidDate voidReason version updatedAt`;

export const PERSISTED_OPERATIONS = {
  invoicesPage: /* GraphQL */ `
    query invoicesPage($filter: InvoiceFilter, $first: Int = 1000, $after: String) {
      invoices(filter: $filter, first: $first, after: $after, orderBy: ISSUE_DATE_ASC) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { ${INVOICE_NODE} } }
      }
    }`,
  invoicesSince: /* GraphQL */ `
    query invoicesSince($since: DateTime!, $first: Int = 1000, $after: String) {
      invoices(filter: { updatedSince: $since }, first: $first, after: $after, orderBy: NUMBER_ASC) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { ${INVOICE_NODE} } }
      }
    }`,
  paymentsPage: /* GraphQL */ `
    query paymentsPage($customerCode: String, $receivedFrom: Date, $receivedTo: Date, $unappliedOnly: Boolean, $updatedSince: DateTime, $first: Int = 1000, $after: String) {
      payments(customerCode: $customerCode, receivedFrom: $receivedFrom, receivedTo: $receivedTo, unappliedOnly: $unappliedOnly, updatedSince: $updatedSince, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id customer { code name } receivedDate amount currency reference unappliedAmount updatedAt } }
      }
    }`,
  customersPage: /* GraphQL */ `
    query customersPage($entityCode: String, $search: String, $updatedSince: DateTime, $first: Int = 1000, $after: String) {
      customers(entityCode: $entityCode, search: $search, updatedSince: $updatedSince, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { code name entity { code } currency paymentTerms creditLimit deliveryChannel billingEmails portalUrl poRequired collector version updatedAt } }
      }
    }`,
  agingReport: /* GraphQL */ `
    query agingReport($asOf: Date!, $entityCode: String, $currency: String) {
      agingReport(asOf: $asOf, entityCode: $entityCode, currency: $currency) {
        asOf currency unappliedCash
        total { current days1To30 days31To60 days61To90 over90 total }
        customers { customer { code name } unappliedCash buckets { current days1To30 days31To60 days61To90 over90 total } }
      }
    }`,
  collectionsWorklist: /* GraphQL */ `
    query collectionsWorklist($asOf: Date!, $entityCode: String, $first: Int) {
      collectionsWorklist(asOf: $asOf, entityCode: $entityCode, first: $first) {
        customer { code name } currency pastDue oldestDaysPastDue brokenPromises lastActivity lastActivityKind nextFollowUp priority
        billingCurrency pastDueInBillingCurrency pastDueInOtherCurrencies { currency amount }
      }
    }`,
  kpiScorecard: /* GraphQL */ `
    query kpiScorecard($period: String!, $entityCode: String, $currency: String) {
      kpiScorecard(period: $period, entityCode: $entityCode, currency: $currency) {
        code name unit direction source period entityCode currency actual liveActual target tolerance status closed restated
      }
    }`,
  kpiHistory: /* GraphQL */ `
    query kpiHistory($code: String!, $from: String!, $to: String!, $entityCode: String, $currency: String) {
      kpiHistory(code: $code, from: $from, to: $to, entityCode: $entityCode, currency: $currency) {
        code name unit period entityCode currency actual target status closed
      }
    }`,
  projectsPage: /* GraphQL */ `
    query projectsPage($filter: ProjectFilter, $first: Int = 1000, $after: String) {
      projects(filter: $filter, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node {
          code name entity { code } owner sponsor status startDate baselineEndDate forecastEndDate actualEndDate
          budget actualCost currency percentComplete budgetVariance scheduleVarianceDays version updatedAt
        } }
      }
    }`,
  risks: /* GraphQL */ `
    query risks($projectCode: String, $openOnly: Boolean) {
      risks(projectCode: $projectCode, openOnly: $openOnly) {
        id project { code } title description probability impact score owner mitigation status version
      }
    }`,
} as const satisfies Record<string, string>;

export type PersistedOperationId = keyof typeof PERSISTED_OPERATIONS;

export function persistedOperation(id: string): string | null {
  return Object.hasOwn(PERSISTED_OPERATIONS, id) ? PERSISTED_OPERATIONS[id as PersistedOperationId] : null;
}

/**
 * The operation's id: `documentId` in the URL (GET) or body (POST), as the GraphQL-over-HTTP
 * persisted documents draft names it; Apollo's `extensions.persistedQuery.sha256Hash` is not used
 * (these are named, not hashed).
 */
export function persistedOperationId(params: { documentId?: unknown }, request: Request): string | null {
  if (typeof params.documentId === 'string') return params.documentId;
  const query = request.url.indexOf('?');
  if (query < 0) return null;
  return new URLSearchParams(request.url.slice(query + 1)).get('documentId');
}
