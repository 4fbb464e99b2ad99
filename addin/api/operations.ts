// The operations the add-in sends, typed by hand from schema.graphql (the API contract).
// Money and other decimals arrive as strings ("1234.50"), dates as "YYYY-MM-DD".

export type Role = 'VIEWER' | 'ANALYST' | 'AR' | 'ADMIN';
export type Decimal = string;
export type IsoDate = string;

export interface UserError {
  field: string[];
  message: string;
  code: string;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<T> {
  totalCount?: number;
  pageInfo: PageInfo;
  edges: { node: T }[];
}

export const ME = /* GraphQL */ `query Me { me { name role } }`;
export interface MeData {
  me: { name: string; role: Role };
}

/** What the filter pickers offer: entities and KPI definitions. */
export const FILTER_CHOICES = /* GraphQL */ `query FilterChoices {
  entities { code name currency }
  kpiDefinitions { code name unit source cadence }
}`;
export interface FilterChoicesData {
  entities: { code: string; name: string; currency: string }[];
  kpiDefinitions: { code: string; name: string; unit: string; source: 'COMPUTED' | 'MANUAL'; cadence: string }[];
}

export const INVOICES_PAGE = /* GraphQL */ `query InvoicesPage($first: Int!, $after: String, $filter: InvoiceFilter) {
  invoices(first: $first, after: $after, filter: $filter, orderBy: DUE_DATE_ASC) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      number status issueDate dueDate daysPastDue currency total amountPaid balance disputed poNumber paymentTerms
      entity { code } customer { code name }
    } }
  }
}`;
export interface InvoiceNode {
  number: string | null;
  status: string;
  issueDate: IsoDate;
  dueDate: IsoDate;
  daysPastDue: number;
  currency: string;
  total: Decimal;
  amountPaid: Decimal;
  balance: Decimal;
  disputed: boolean;
  poNumber: string | null;
  paymentTerms: string;
  entity: { code: string };
  customer: { code: string; name: string };
}

const BUCKETS = 'current days1To30 days31To60 days61To90 over90 total';
export const AGING_REPORT = /* GraphQL */ `query AgingReport($asOf: Date!, $entityCode: String, $currency: String) {
  agingReport(asOf: $asOf, entityCode: $entityCode, currency: $currency) {
    asOf currency
    total { ${BUCKETS} }
    customers { customer { code name entity { code } } buckets { ${BUCKETS} } }
  }
}`;
export interface AgingBuckets {
  current: Decimal;
  days1To30: Decimal;
  days31To60: Decimal;
  days61To90: Decimal;
  over90: Decimal;
  total: Decimal;
}
export interface AgingReportData {
  agingReport: {
    asOf: IsoDate;
    currency: string;
    total: AgingBuckets;
    customers: { customer: { code: string; name: string; entity: { code: string } }; buckets: AgingBuckets }[];
  };
}

export const COLLECTIONS_WORKLIST = /* GraphQL */ `query CollectionsWorklist($asOf: Date!, $entityCode: String, $collector: String, $includeSnoozed: Boolean) {
  collectionsWorklist(asOf: $asOf, entityCode: $entityCode, collector: $collector, includeSnoozed: $includeSnoozed) {
    customer { code name currency entity { code } }
    currency pastDue oldestDaysPastDue brokenPromises lastActivity lastActivityKind nextFollowUp priority
    billingCurrency pastDueInBillingCurrency pastDueInOtherCurrencies { currency amount }
    collector creditLimit overCreditLimit onCreditHold openDisputes snoozedUntil
  }
}`;
export interface WorklistItem {
  customer: { code: string; name: string; currency: string; entity: { code: string } };
  currency: string;
  pastDue: Decimal;
  oldestDaysPastDue: number;
  brokenPromises: number;
  lastActivity: IsoDate | null;
  lastActivityKind: string | null;
  nextFollowUp: IsoDate | null;
  priority: Decimal;
  /** The customer's billing currency: pastDueInBillingCurrency's and a promise's. */
  billingCurrency: string;
  /** The counted past-due invoices in the billing currency, untranslated. */
  pastDueInBillingCurrency: Decimal;
  /** The counted past-due invoices in other currencies, per currency, untranslated. */
  pastDueInOtherCurrencies: { currency: string; amount: Decimal }[];
  /** The customer's collector (a token name or a person's name). */
  collector: string | null;
  /** In the customer's billing currency; null: no limit set. */
  creditLimit: Decimal | null;
  /** Total open balance above the credit limit. */
  overCreditLimit: boolean;
  onCreditHold: boolean;
  openDisputes: number;
  /** The next follow-up when it is after the as-of date (listed only with includeSnoozed). */
  snoozedUntil: IsoDate | null;
}

const PROJECT_FIELDS = `code name owner status startDate baselineEndDate forecastEndDate actualEndDate budget actualCost currency
  percentComplete budgetVariance scheduleVarianceDays version entity { code } figures { cpi spi health }`;
export const PROJECTS_PAGE = /* GraphQL */ `query ProjectsPage($first: Int!, $after: String, $filter: ProjectFilter) {
  projects(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ${PROJECT_FIELDS} } }
  }
}`;
export interface ProjectNode {
  code: string;
  name: string;
  owner: string;
  status: string;
  startDate: IsoDate;
  baselineEndDate: IsoDate;
  forecastEndDate: IsoDate | null;
  actualEndDate: IsoDate | null;
  budget: Decimal;
  actualCost: Decimal;
  currency: string;
  percentComplete: Decimal;
  budgetVariance: Decimal;
  scheduleVarianceDays: number | null;
  version: number;
  entity: { code: string } | null;
  figures: { cpi: Decimal | null; spi: Decimal | null; health: string };
}

const RISK_FIELDS = 'id title owner probability impact score status mitigation version project { code name }';
export const RISKS = /* GraphQL */ `query Risks($projectCode: String, $openOnly: Boolean) {
  risks(projectCode: $projectCode, openOnly: $openOnly) { ${RISK_FIELDS} }
}`;
export interface RiskNode {
  id: string;
  title: string;
  owner: string;
  probability: number;
  impact: number;
  score: number;
  status: string;
  mitigation: string | null;
  version: number;
  project: { code: string; name: string };
}

const KPI_VALUE_FIELDS = 'code name unit direction source period entityCode currency actual actualVersion target targetVersion status closed';
export const KPI_SCORECARD = /* GraphQL */ `query KpiScorecard($period: String!, $entityCode: String, $currency: String) {
  kpiScorecard(period: $period, entityCode: $entityCode, currency: $currency) { ${KPI_VALUE_FIELDS} snapshotCurrency }
}`;
export const KPI_HISTORY = /* GraphQL */ `query KpiHistory($code: String!, $from: String!, $to: String!, $entityCode: String, $currency: String) {
  kpiHistory(code: $code, from: $from, to: $to, entityCode: $entityCode, currency: $currency) { ${KPI_VALUE_FIELDS} }
}`;
export interface KpiValue {
  code: string;
  name: string;
  unit: 'DAYS' | 'PERCENT' | 'RATIO' | 'CURRENCY' | 'COUNT';
  direction: string;
  source: 'COMPUTED' | 'MANUAL';
  period: string;
  entityCode: string | null;
  currency: string;
  actual: Decimal | null;
  actualVersion: number | null;
  target: Decimal | null;
  targetVersion: number | null;
  status: string;
  closed: boolean;
  /** Scorecard only: the currency of the close snapshot (null while the period is open). */
  snapshotCurrency?: string | null;
}

// Batch mutations: atomic, versioned; one $input each.
export const SET_KPI_TARGETS = /* GraphQL */ `mutation SetKpiTargets($input: SetKpiTargetsInput!) {
  setKpiTargets(input: $input) {
    targets { kpiCode period entityCode value version kpi { name unit direction source } }
    conflicts { kpiCode period entityCode currentValue currentVersion }
    userErrors { field message code }
  }
}`;
export const SET_KPI_ACTUALS = /* GraphQL */ `mutation SetKpiActuals($input: SetKpiActualsInput!) {
  setKpiActuals(input: $input) {
    actuals { kpiCode period entityCode value version }
    conflicts { kpiCode period entityCode currentValue currentVersion }
    userErrors { field message code }
  }
}`;
export interface KpiRecord {
  kpiCode: string;
  period: string;
  entityCode: string | null;
  value: Decimal;
  version: number;
  /** Selected for targets: a target created from a row the analyst added fills the row's KPI cells. */
  kpi?: { name: string; unit: KpiValue['unit']; direction: string; source: KpiValue['source'] };
}
export interface KpiConflict {
  kpiCode: string;
  period: string;
  entityCode: string | null;
  currentValue: Decimal | null;
  currentVersion: number | null;
}

export const UPDATE_PROJECTS = /* GraphQL */ `mutation UpdateProjects($input: UpdateProjectsInput!) {
  updateProjects(input: $input) {
    projects { ${PROJECT_FIELDS} }
    conflicts { code currentVersion project { ${PROJECT_FIELDS} } }
    userErrors { field message code }
  }
}`;
export const UPDATE_RISKS = /* GraphQL */ `mutation UpdateRisks($input: UpdateRisksInput!) {
  updateRisks(input: $input) {
    risks { ${RISK_FIELDS} }
    conflicts { id currentVersion risk { ${RISK_FIELDS} } }
    userErrors { field message code }
  }
}`;
export const LOG_COLLECTION_ACTIVITIES = /* GraphQL */ `mutation LogCollectionActivities($input: LogCollectionActivitiesInput!) {
  logCollectionActivities(input: $input) {
    collectionActivities { id kind activityDate note promiseDate promiseAmount currency nextFollowUp customer { code } invoices { number } }
    userErrors { field message code }
  }
}`;
export interface CollectionActivityRecord {
  id: string;
  kind: string;
  activityDate: IsoDate;
  note: string | null;
  promiseDate: IsoDate | null;
  promiseAmount: Decimal | null;
  currency: string | null;
  nextFollowUp: IsoDate | null;
  customer: { code: string };
  invoices: { number: string }[];
}

export type DeliveryChannel = 'EMAIL' | 'PORTAL' | 'POST' | 'EDI';
export type DeliveryStatus = 'PENDING' | 'SENT' | 'DELIVERED' | 'FAILED';
export const DELIVERY_CHANNELS: readonly DeliveryChannel[] = ['EMAIL', 'PORTAL', 'POST', 'EDI'];
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['PENDING', 'SENT', 'DELIVERED', 'FAILED'];

const DELIVERY_FIELDS = `id kind channel recipient status attempts lastError sentAt reference messageId createdAt
  invoice { number customer { code name } } customer { code name }`;
export const DELIVERIES_PAGE = /* GraphQL */ `query DeliveriesPage($first: Int!, $after: String, $status: DeliveryStatus, $channel: DeliveryChannel) {
  deliveries(first: $first, after: $after, status: $status, channel: $channel) {
    pageInfo { hasNextPage endCursor }
    edges { node { ${DELIVERY_FIELDS} } }
  }
}`;
export interface DeliveryNode {
  id: string;
  /** What is delivered: INVOICE, DUNNING_LETTER, STATEMENT. */
  kind: string;
  channel: DeliveryChannel;
  recipient: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  /** DateTime, ISO with time and zone. */
  sentAt: string | null;
  reference: string | null;
  messageId: string | null;
  createdAt: string;
  invoice: { number: string | null; customer: { code: string; name: string } } | null;
  customer: { code: string; name: string };
}

// One record per call: a portal upload, a posted letter or an EDI acknowledgement confirmed.
export const RECORD_DELIVERY = /* GraphQL */ `mutation RecordDelivery($input: RecordDeliveryInput!) {
  recordDelivery(input: $input) {
    delivery { ${DELIVERY_FIELDS} }
    userErrors { field message code }
  }
}`;

// Dry run: the letters a run would send (the proposal); otherwise sends them and records them.
export const RUN_DUNNING = /* GraphQL */ `mutation RunDunning($input: RunDunningInput!) {
  runDunning(input: $input) {
    letters { customer { code name } level invoices { number } overdueBalance currency oldestDaysPastDue }
    userErrors { field message code }
  }
}`;
export interface DunningLetter {
  customer: { code: string; name: string };
  level: number;
  invoices: { number: string }[];
  /** In the base currency (`currency`), translated as of the run's date. */
  overdueBalance: Decimal;
  currency: string;
  oldestDaysPastDue: number;
}
export interface RunDunningData {
  runDunning: { letters: DunningLetter[] | null; userErrors: UserError[] };
}

export type AdjustmentKind = 'CREDIT_MEMO' | 'WRITE_OFF';
export const ADJUSTMENT_KINDS: readonly AdjustmentKind[] = ['CREDIT_MEMO', 'WRITE_OFF'];

// Credit memos and write-offs on invoices, posted as one atomic batch.
export const POST_ADJUSTMENTS = /* GraphQL */ `mutation PostAdjustments($input: PostAdjustmentsInput!) {
  postAdjustments(input: $input) {
    adjustments { kind invoiceNumber number amount currency date }
    userErrors { field message code }
  }
}`;
export interface AdjustmentRecord {
  kind: AdjustmentKind;
  invoiceNumber: string;
  /** The credit memo's number; null for a write-off. */
  number: string | null;
  amount: Decimal;
  currency: string;
  date: IsoDate;
}
export interface PostAdjustmentsData {
  postAdjustments: { adjustments: AdjustmentRecord[] | null; userErrors: UserError[] };
}
