// Demo data: a believable international receivables book — four entities, FX history, customers
// with contracts, 24 months of invoices ending in today's month, payments (late, partial,
// discounted, batched, over-paid), disputes and collection activities with promises to pay.
//
// Deterministic: everything comes from a seeded PRNG (mulberry32) and the `today` passed in,
// never Math.random or the clock, so the same inputs give the same rows, ids included.
// Fast: rows are built as column arrays and inserted set-based (INSERT … SELECT FROM unnest),
// one month of invoices at a time so a million-invoice book streams in bounded memory, all in
// one transaction so a failure leaves nothing behind.
import { addMonths, fromDayNumber, isValidIsoDate, parts, toDayNumber, isoOf, daysInMonth } from '../domain/dates.js';
import { minorUnitsOf } from '../domain/money/currencies.js';
import { Money, roundMoney } from '../domain/money/money.js';
import { dueDateFor, formatPaymentTerms, parsePaymentTerms, type PaymentTerms } from '../domain/receivables/payment-terms.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { ActivityKind, BillingSchedule, DeliveryChannel, DeliveryOutcome, InvoiceStatus } from '../generated/prisma/enums.js';
import { deliveryRecipient } from '../domain/receivables/delivery.js';
import { invoiceNumber } from '../services/receivables/invoice.service.js';

export const DEFAULT_DEMO_INVOICES = 20_000;
export const DEFAULT_DEMO_CUSTOMERS = 150;
export const DEFAULT_DEMO_SEED = 1;
/** Months of invoices, ending with today's month. */
export const DEMO_MONTHS = 24;

export interface SeedDemoDataParams {
  /** The business date the book ends on (YYYY-MM-DD); nothing is issued or received after it. */
  today: string;
  baseCurrency: string;
  invoices?: number;
  /** Default: 150 per 20,000 invoices, at least 150. */
  customers?: number;
  seed?: number;
  /**
   * Empty the ledger tables first (TRUNCATE … RESTART IDENTITY CASCADE, in the same transaction,
   * so a failed seed leaves the old book); API tokens, users and migrations stay.
   */
  reset?: boolean;
  /** Told about progress (one line per month of invoices inserted). */
  onProgress?: (message: string) => void;
}

export interface SeedSummary {
  entities: number;
  customers: number;
  invoices: number;
  payments: number;
  activities: number;
}

/** The number of customers a book of `invoices` invoices gets unless told otherwise (150 per 20,000). */
export function defaultCustomerCount(invoices: number): number {
  return Math.max(DEFAULT_DEMO_CUSTOMERS, Math.round((invoices * DEFAULT_DEMO_CUSTOMERS) / DEFAULT_DEMO_INVOICES));
}

/** The tables the demo book fills, children first. */
export const DEMO_BOOK_TABLES = [
  'collection_activity_invoice',
  'collection_activity',
  'dispute',
  'payment_application',
  'payment',
  'invoice_delivery',
  'invoice_line',
  'invoice',
  'invoice_sequence',
  'contract',
  'customer',
  'fx_rate',
  'entity',
] as const;

/**
 * Tables a reset empties: the demo book's, and the audit trail and idempotency keys whose rows
 * refer to records that no longer exist afterwards. API tokens, users and migrations stay.
 */
export const LEDGER_TABLES = ['audit_record', 'idempotency_key', ...DEMO_BOOK_TABLES] as const;

/** Rows per INSERT statement. */
const CHUNK_ROWS = 10_000;

type Sql = Pick<PrismaClient, '$executeRawUnsafe' | '$queryRawUnsafe'>;

/** Loads the demo book in a transaction of its own. */
export async function seedDemoData(prisma: PrismaClient, params: SeedDemoDataParams): Promise<SeedSummary> {
  return prisma.$transaction((tx) => seedDemoDataIn(tx, params), SEED_TX_OPTIONS);
}

/** A large book takes minutes; the default interactive-transaction timeout is 5 s. */
export const SEED_TX_OPTIONS = { maxWait: 60_000, timeout: 6 * 60 * 60_000 } as const;

/** Loads the demo book inside the caller's transaction (the first start adds more to it). */
export async function seedDemoDataIn(tx: Sql, params: SeedDemoDataParams): Promise<SeedSummary> {
  if (!isValidIsoDate(params.today)) throw new Error(`today "${params.today}" is not a calendar date (YYYY-MM-DD).`);
  const invoices = params.invoices ?? DEFAULT_DEMO_INVOICES;
  const customers = params.customers ?? defaultCustomerCount(invoices);
  const seed = params.seed ?? DEFAULT_DEMO_SEED;
  if (!Number.isSafeInteger(invoices) || invoices < 1) throw new Error(`invoices must be a whole number of at least 1 (got ${invoices}).`);
  if (!Number.isSafeInteger(customers) || customers < ENTITIES.length) {
    throw new Error(`customers must be a whole number of at least ${ENTITIES.length}, one per entity (got ${customers}).`);
  }
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be a whole number (got ${seed}).`);
  minorUnitsOf(params.baseCurrency); // throws for an unknown code

  if (params.reset) await tx.$executeRawUnsafe(`TRUNCATE ${LEDGER_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
  const existing = await tx.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM entity');
  if ((existing[0]?.n ?? 0) > 0) throw new Error('The database already has entities; demo data goes only into an empty ledger.');
  const generator = new DemoBook({ today: params.today, baseCurrency: params.baseCurrency, invoices, customers, seed, progress: params.onProgress });
  return generator.run(tx);
}

// ---------------------------------------------------------------------------------------------
// Randomness: mulberry32, with an independent stream per purpose so one part changing does not
// reshuffle the others.

class Random {
  private state: number;

  constructor(seed: number, label: string) {
    this.state = hashSeed(`${seed}/${label}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, w]) => sum + w, 0);
    let x = this.next() * total;
    for (const [value, weight] of choices) {
      if (x < weight) return value;
      x -= weight;
    }
    return choices[choices.length - 1]![0];
  }
}

function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Index into a cumulative weight array for a uniform draw. */
function pickCumulative(cumulative: Float64Array, rng: Random): number {
  const x = rng.next() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Splits `total` over weights so the parts are whole and add up exactly (largest remainder). */
function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]![1]]! += 1;
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Dates are day numbers (days since 1970-01-01) inside the generator; ISO strings at the edges.

const isoCache = new Map<number, string>();
function iso(day: number): string {
  let text = isoCache.get(day);
  if (text === undefined) {
    text = fromDayNumber(day);
    isoCache.set(day, text);
  }
  return text;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The day itself on Monday–Friday, else the Monday after. */
function nextBusinessDay(day: number): number {
  const wd = weekday(day);
  return wd === 6 ? day + 2 : wd === 0 ? day + 1 : day;
}

/** The day itself on Monday–Friday, else the Friday before. */
function previousBusinessDay(day: number): number {
  const wd = weekday(day);
  return wd === 6 ? day - 1 : wd === 0 ? day - 2 : day;
}

function monthPeriod(day: number): string {
  return iso(day).slice(0, 7);
}

function compactDate(day: number): string {
  return iso(day).replaceAll('-', '');
}

function timestamp(day: number, minutes: number): string {
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${iso(day)} ${hh}:${mm}:00+00`;
}

// ---------------------------------------------------------------------------------------------
// Money inside the generator is whole minor units (safe integers); line amounts are priced and
// rounded through the money module; amounts leave as exact decimal strings.

function scaleOf(currency: string): number {
  return 10 ** minorUnitsOf(currency);
}

/** Whole minor units → "1234.50" (JPY "1234"). */
function fromMinor(minor: number, places: number): string {
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

/** An exact Money value that is whole in the currency's minor units → minor units. */
function toMinor(amount: Money, currency: string): number {
  return Number(amount.times(scaleOf(currency)).toFixed(0));
}

/** Units of a currency per US dollar, as a ratio, for price lists and round figures. */
const PER_USD: Record<string, readonly [number, number]> = {
  USD: [1, 1],
  EUR: [92, 100],
  GBP: [79, 100],
  JPY: [150, 1],
};

/** A round USD figure in another currency, in whole units of it. */
function roundFigure(usdUnits: number, currency: string, roundTo: number): number {
  const [num, den] = PER_USD[currency]!;
  const units = (usdUnits * num - ((usdUnits * num) % den)) / den;
  return Math.max(roundTo, units - (units % roundTo));
}

/** Rough USD value of one unit of a currency: the anchors of the FX random walk (a base currency not listed is taken at 1 USD). */
const USD_ANCHORS: Record<string, number> = {
  USD: 1,
  EUR: 1.08,
  GBP: 1.27,
  JPY: 0.0067,
  CHF: 1.12,
  CAD: 0.74,
  AUD: 0.66,
  NZD: 0.61,
  CNY: 0.14,
  HKD: 0.128,
  SGD: 0.74,
  INR: 0.012,
  KRW: 0.00074,
  SEK: 0.095,
  NOK: 0.093,
  DKK: 0.145,
  PLN: 0.25,
  MXN: 0.055,
  BRL: 0.19,
  ZAR: 0.054,
};

// ---------------------------------------------------------------------------------------------
// The book's fixed shape: entities, their customers' habits, catalogue, wording.

type Profile = 'PROMPT' | 'NORMAL' | 'SLOW' | 'CHRONIC';
type PayRun = 'FRIDAY' | 'MID_AND_MONTH_END' | null;

interface EntitySpec {
  code: string;
  name: string;
  currency: string;
  region: string;
  share: number;
  collectors: string[];
  terms: (readonly [string, number])[];
  channels: (readonly [DeliveryChannel, number])[];
  paymentMethods: string[];
  nameFirst: string[];
  nameSecond: string[];
  legal: string[];
  /** Told apart by city when a name repeats. */
  cities: string[];
  tld: string;
}

const ENTITIES: EntitySpec[] = [
  {
    code: 'US01',
    name: 'Aurora Instruments Inc.',
    currency: 'USD',
    region: 'Americas',
    share: 0.45,
    collectors: ['maria.lopez', 'james.chen', 'priya.nair'],
    terms: [['NET30', 34], ['NET45', 12], ['NET60', 10], ['NET15', 8], ['EOM', 5], ['EOM30', 6], ['2/10 NET30', 12], ['MFI15', 5], ['DUE_ON_RECEIPT', 8]],
    channels: [['EMAIL', 50], ['PORTAL', 25], ['POST', 7], ['EDI', 18]],
    paymentMethods: ['ACH', 'ACH', 'WIRE', 'CHECK'],
    nameFirst: ['Northwind', 'Bluewater', 'Summit', 'Redwood', 'Granite', 'Pioneer', 'Lakeshore', 'Ironbridge', 'Keystone', 'Silverline', 'Cascade', 'Prairie', 'Harbor', 'Liberty', 'Evergreen', 'Frontier', 'Beacon', 'Canyon', 'Sterling', 'Atlas'],
    nameSecond: ['Logistics', 'Health Systems', 'Manufacturing', 'Energy', 'Foods', 'Semiconductors', 'Retail Group', 'Aerospace', 'Biotech', 'Utilities', 'Labs', 'Industries', 'Networks', 'Motors', 'Pharma'],
    legal: ['Inc.', 'LLC', 'Corp.', 'Co.'],
    cities: ['Chicago', 'Denver', 'Austin', 'Boston', 'Seattle', 'Atlanta', 'Phoenix', 'Columbus', 'Portland', 'Nashville'],
    tld: 'example.com',
  },
  {
    code: 'DE01',
    name: 'Aurora Instruments GmbH',
    currency: 'EUR',
    region: 'EMEA',
    share: 0.25,
    collectors: ['anna.schmidt', 'lukas.weber'],
    terms: [['NET30', 35], ['2/10 NET30', 25], ['NET45', 8], ['NET60', 8], ['NET15', 8], ['EOM30', 6], ['DUE_ON_RECEIPT', 5], ['EOM', 5]],
    channels: [['EMAIL', 45], ['PORTAL', 20], ['POST', 20], ['EDI', 15]],
    paymentMethods: ['SEPA'],
    nameFirst: ['Müller', 'Rheintal', 'Schwarzwald', 'Nordstern', 'Alpen', 'Hanse', 'Bergmann', 'Elbe', 'Kessler', 'Sonnenberg', 'Weserland', 'Falken', 'Isar', 'Lindner', 'Brückner'],
    nameSecond: ['Maschinenbau', 'Automotive', 'Chemie', 'Logistik', 'Medizintechnik', 'Energie', 'Präzisionstechnik', 'Handel', 'Elektronik', 'Anlagenbau'],
    legal: ['GmbH', 'AG', 'GmbH & Co. KG', 'SE'],
    cities: ['Hamburg', 'München', 'Köln', 'Stuttgart', 'Leipzig', 'Bremen', 'Dresden', 'Hannover', 'Nürnberg', 'Mannheim'],
    tld: 'example.de',
  },
  {
    code: 'GB01',
    name: 'Aurora Instruments Ltd',
    currency: 'GBP',
    region: 'EMEA',
    share: 0.18,
    collectors: ['tom.baker', 'sophie.martin'],
    terms: [['NET30', 40], ['EOM30', 15], ['NET60', 10], ['NET45', 8], ['NET15', 7], ['2/10 NET30', 6], ['EOM', 6], ['DUE_ON_RECEIPT', 8]],
    channels: [['EMAIL', 55], ['PORTAL', 25], ['POST', 8], ['EDI', 12]],
    paymentMethods: ['BACS', 'BACS', 'FPS', 'CHAPS'],
    nameFirst: ['Thames', 'Pennine', 'Highland', 'Cotswold', 'Kingsway', 'Albion', 'Mersey', 'Windsor', 'Clyde', 'Severn', 'Hartley', 'Ashford', 'Regent', 'Brunel'],
    nameSecond: ['Logistics', 'Engineering', 'Water', 'Rail', 'Healthcare', 'Distribution', 'Energy', 'Foods', 'Telecom', 'Building Services'],
    legal: ['Ltd', 'plc', 'Limited', 'LLP'],
    cities: ['Leeds', 'Bristol', 'Glasgow', 'Cardiff', 'Manchester', 'Reading', 'York', 'Belfast', 'Norwich', 'Aberdeen'],
    tld: 'example.co.uk',
  },
  {
    code: 'JP01',
    name: 'Aurora Instruments K.K.',
    currency: 'JPY',
    region: 'APAC',
    share: 0.12,
    collectors: ['yuki.tanaka', 'kenji.sato'],
    terms: [['EOM30', 40], ['MFI15', 15], ['NET30', 20], ['NET60', 10], ['EOM', 10], ['DUE_ON_RECEIPT', 5]],
    channels: [['EMAIL', 35], ['PORTAL', 15], ['POST', 35], ['EDI', 15]],
    paymentMethods: ['FURIKOMI'],
    nameFirst: ['Sakura', 'Fuji', 'Hikari', 'Kawasaki', 'Nagoya', 'Tokai', 'Midori', 'Yamato', 'Asahi', 'Hokuto', 'Kansai', 'Shinsei'],
    nameSecond: ['Electronics', 'Precision', 'Trading', 'Chemical', 'Heavy Industries', 'Systems', 'Medical', 'Logistics'],
    legal: ['K.K.', 'Co., Ltd.', 'Corporation'],
    cities: ['Osaka', 'Yokohama', 'Sendai', 'Fukuoka', 'Sapporo', 'Kobe', 'Kyoto', 'Hiroshima', 'Niigata', 'Kumamoto'],
    tld: 'example.jp',
  },
];

const AR_MANAGER = 'daniel.kim';

const PROFILES: (readonly [Profile, number])[] = [['PROMPT', 32], ['NORMAL', 36], ['SLOW', 21], ['CHRONIC', 11]];

/** Probability that an invoice of a customer with this profile is never paid (as of today). */
const STUCK: Record<Profile, number> = { PROMPT: 0.001, NORMAL: 0.004, SLOW: 0.015, CHRONIC: 0.05 };

type QuantityKind = 'SEATS' | 'DAYS' | 'HOURS' | 'UNITS' | 'FEW' | 'USAGE' | 'ONE';

interface Product {
  description: string;
  /** USD list price, up to four decimals. */
  usdPrice: string;
  quantity: QuantityKind;
  /** Priced to the currency's minor units (else two decimals more). */
  roundPrice: boolean;
}

const CATALOGUE: Product[] = [
  { description: 'Platform subscription — Standard seats', usdPrice: '45.00', quantity: 'SEATS', roundPrice: true },
  { description: 'Platform subscription — Enterprise seats', usdPrice: '89.50', quantity: 'SEATS', roundPrice: true },
  { description: 'Professional services — consultant day', usdPrice: '1450.00', quantity: 'DAYS', roundPrice: true },
  { description: 'Professional services — engineer hours', usdPrice: '185.00', quantity: 'HOURS', roundPrice: true },
  { description: 'Premium support plan', usdPrice: '2400.00', quantity: 'ONE', roundPrice: true },
  { description: 'Training — on-site session', usdPrice: '3200.00', quantity: 'FEW', roundPrice: true },
  { description: 'Sensor module SX-200', usdPrice: '312.75', quantity: 'UNITS', roundPrice: true },
  { description: 'Gateway appliance G4', usdPrice: '4875.00', quantity: 'FEW', roundPrice: true },
  { description: 'Calibration kit CK-7', usdPrice: '129.99', quantity: 'UNITS', roundPrice: true },
  { description: 'Cloud usage — compute hours', usdPrice: '0.1275', quantity: 'USAGE', roundPrice: false },
  { description: 'Data transfer — GB', usdPrice: '0.0855', quantity: 'USAGE', roundPrice: false },
  { description: 'Sensor telemetry — thousand events', usdPrice: '0.4125', quantity: 'USAGE', roundPrice: false },
  { description: 'Freight and handling', usdPrice: '185.00', quantity: 'ONE', roundPrice: true },
];

interface ContractKind {
  schedule: BillingSchedule;
  description: string;
  /** Seats × the catalogue's Enterprise seat price, or a flat fee in USD. */
  seats: boolean;
  usdFee: [number, number];
}

const CONTRACT_KINDS: (readonly [ContractKind, number])[] = [
  [{ schedule: 'MONTHLY', description: 'Platform subscription — Enterprise', seats: true, usdFee: [0, 0] }, 30],
  [{ schedule: 'MONTHLY', description: 'Managed monitoring service', seats: false, usdFee: [1500, 12000] }, 15],
  [{ schedule: 'QUARTERLY', description: 'Maintenance and support agreement', seats: false, usdFee: [4000, 45000] }, 25],
  [{ schedule: 'ANNUAL', description: 'Software licence renewal', seats: false, usdFee: [12000, 180000] }, 15],
  [{ schedule: 'MILESTONE', description: 'Implementation project', seats: false, usdFee: [20000, 150000] }, 15],
];

const DISPUTE_REASONS = [
  'Price does not match the purchase order',
  'Goods not received',
  'Quantity billed exceeds quantity delivered',
  'Duplicate of an earlier invoice',
  'PO number missing or wrong',
  'Service level credit requested for an outage',
  'Work not accepted yet',
];

const DISPUTE_RESOLUTIONS = [
  'Pricing confirmed with the customer; invoice stands',
  'Proof of delivery sent; customer accepted',
  'Correct PO number added and invoice re-sent',
  'Acceptance signed off by the customer',
  'Customer withdrew the dispute',
  'Quantities reconciled with the delivery notes; invoice stands',
];

const VOID_REASONS = [
  'Issued to the wrong customer',
  'Duplicate invoice',
  'Pricing error; reissued',
  'Order cancelled before delivery',
  'Wrong billing entity',
];

const DELIVERY_FAILURES: Record<DeliveryChannel, string> = {
  EMAIL: '550 mailbox unavailable',
  PORTAL: 'Portal rejected the invoice: PO number not recognised',
  POST: 'Returned to sender',
  EDI: '997 rejected: envelope error',
};

// ---------------------------------------------------------------------------------------------
// Rows as the tables spell them, and a columnar buffer that inserts them with unnest.

class Rows<R extends object> {
  private readonly names: (keyof R & string)[];
  private readonly columns: unknown[][];
  private count = 0;

  /**
   * @param types the PostgreSQL type of each column's array element (e.g. `int`, `numeric`,
   *   `"InvoiceStatus"`), in insertion order
   * @param select expressions that turn an unnested value into the column (e.g. text → text[])
   */
  constructor(
    private readonly table: string,
    private readonly types: { [K in keyof R]-?: string },
    private readonly select: Partial<Record<keyof R & string, string>> = {},
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
    const sql = `INSERT INTO ${this.table} (${names}) SELECT ${values} FROM unnest(${arrays}) AS t(${names})`;
    for (let start = 0; start < this.count; start += CHUNK_ROWS) {
      const end = Math.min(start + CHUNK_ROWS, this.count);
      await db.$executeRawUnsafe(sql, ...this.columns.map((column) => column.slice(start, end)));
    }
  }
}

interface EntityRow { id: number; code: string; name: string; currency: string; region: string; created_at: string }
interface CustomerRow {
  id: number; code: string; name: string; entity_id: number; currency: string; payment_terms: string; credit_limit: string;
  delivery_channel: DeliveryChannel; billing_emails: string; portal_url: string | null; po_required: boolean; collector: string; created_at: string;
}
interface ContractRow {
  id: number; number: string; customer_id: number; start_date: string; end_date: string | null; payment_terms: string | null;
  schedule: BillingSchedule; amount_per_period: string; currency: string; po_number: string | null; description: string; created_at: string;
}
interface InvoiceRow {
  id: number; number: string | null; entity_id: number; customer_id: number; contract_id: number | null; billing_period: string | null;
  issue_date: string; due_date: string; currency: string; payment_terms: string; po_number: string | null; total: string;
  amount_paid: string; paid_date: string | null; status: InvoiceStatus; disputed: boolean; void_date: string | null;
  void_reason: string | null; created_at: string;
}
interface LineRow { id: number; invoice_id: number; line_no: number; description: string; quantity: string; unit_price: string; amount: string }
interface DeliveryRow { id: number; invoice_id: number; channel: DeliveryChannel; recipient: string; at: string; outcome: DeliveryOutcome; detail: string | null }
interface PaymentRow {
  id: number; customer_id: number; received_date: string; amount: string; currency: string; reference: string; unapplied_amount: string; created_at: string;
}
interface ApplicationRow { id: number; payment_id: number; invoice_id: number; amount: string; discount: string; received_date: string }
interface FxRateRow { id: number; currency: string; date: string; rate: string }
interface ActivityRow {
  id: number; customer_id: number; kind: ActivityKind; activity_date: string; note: string | null; promise_date: string | null;
  promise_amount: string | null; currency: string | null; next_follow_up: string | null; actor: string; created_at: string;
}
interface ActivityInvoiceRow { activity_id: number; invoice_id: number }
interface DisputeRow {
  id: number; invoice_id: number; reason: string; opened_date: string; opened_by: string; resolved_date: string | null;
  resolution: string | null; resolved_by: string | null;
}
interface SequenceRow { entity_id: number; next_number: number }

/** The tables of one month (or one phase), inserted parents first. */
class Batch {
  readonly invoices = new Rows<InvoiceRow>('invoice', {
    id: 'int', number: 'text', entity_id: 'int', customer_id: 'int', contract_id: 'int', billing_period: 'text', issue_date: 'date',
    due_date: 'date', currency: 'text', payment_terms: 'text', po_number: 'text', total: 'numeric', amount_paid: 'numeric',
    paid_date: 'date', status: '"InvoiceStatus"', disputed: 'bool', void_date: 'date', void_reason: 'text', created_at: 'timestamptz',
  });
  readonly lines = new Rows<LineRow>('invoice_line', {
    id: 'int', invoice_id: 'int', line_no: 'int', description: 'text', quantity: 'numeric', unit_price: 'numeric', amount: 'numeric',
  });
  readonly deliveries = new Rows<DeliveryRow>('invoice_delivery', {
    id: 'int', invoice_id: 'int', channel: '"DeliveryChannel"', recipient: 'text', at: 'timestamptz', outcome: '"DeliveryOutcome"', detail: 'text',
  });
  readonly payments = new Rows<PaymentRow>('payment', {
    id: 'int', customer_id: 'int', received_date: 'date', amount: 'numeric', currency: 'text', reference: 'text',
    unapplied_amount: 'numeric', created_at: 'timestamptz',
  });
  readonly applications = new Rows<ApplicationRow>('payment_application', {
    id: 'int', payment_id: 'int', invoice_id: 'int', amount: 'numeric', discount: 'numeric', received_date: 'date',
  });
  readonly disputes = new Rows<DisputeRow>('dispute', {
    id: 'int', invoice_id: 'int', reason: 'text', opened_date: 'date', opened_by: 'text', resolved_date: 'date', resolution: 'text', resolved_by: 'text',
  });
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

// ---------------------------------------------------------------------------------------------
// The generator.

interface CustomerPlan {
  id: number;
  code: string;
  name: string;
  entity: number;
  currency: string;
  places: number;
  terms: string;
  profile: Profile;
  payRun: PayRun;
  discountTaker: number;
  channel: DeliveryChannel;
  emails: string[];
  portalUrl: string | null;
  poRequired: boolean;
  poPrefix: string;
  collector: string;
  weight: number;
}

interface ContractPlan {
  id: number;
  customer: number;
  number: string;
  terms: string | null;
  po: string | null;
  lineDescription: string;
  quantity: string;
  unitPrice: string;
  amountMinor: number;
}

interface PlannedLine {
  description: string;
  quantity: string;
  unitPrice: string;
  amountMinor: number;
}

interface PlannedInvoice {
  order: number;
  customer: number;
  contract: ContractPlan | null;
  period: string | null;
  issueDay: number;
  terms: string;
  po: string | null;
  lines: PlannedLine[];
  totalMinor: number;
  draft: boolean;
}

/** A receipt against one invoice, before receipts are grouped into payments. */
interface Receipt {
  day: number;
  amountMinor: number;
  discountMinor: number;
  /** May share a payment with other invoices of the customer received the same day. */
  batchable: boolean;
}

/** An invoice still open and past due today: the collectors' work. */
interface PastDue {
  id: number;
  customer: number;
  issueDay: number;
  dueDay: number;
  balanceMinor: number;
  lastReceiptDay: number;
  openDispute: boolean;
}

interface GeneratorOptions {
  today: string;
  baseCurrency: string;
  invoices: number;
  customers: number;
  seed: number;
  progress?: (message: string) => void;
}

class DemoBook {
  private readonly today: number;
  /** First day of the first of the 24 months. */
  private readonly windowStart: number;
  private readonly customers: CustomerPlan[] = [];
  private readonly contracts: ContractPlan[] = [];
  /** Per month of the window: the contract billings falling in it. */
  private readonly billings: { contract: ContractPlan; day: number }[][] = [];
  private readonly pastDue: PastDue[] = [];
  private readonly termsCache = new Map<string, { parsed: PaymentTerms; canonical: string; index: number }>();
  private readonly dueCache = new Map<number, number>();
  private readonly prices = new Map<string, { text: string; product: Product }[]>();
  private readonly nextNumber: number[] = ENTITIES.map(() => 1);
  private readonly ids = { invoice: 0, line: 0, delivery: 0, payment: 0, application: 0, dispute: 0, activity: 0 };
  private customerCumulative = new Float64Array(0);

  constructor(private readonly options: GeneratorOptions) {
    this.today = toDayNumber(options.today);
    const { year, month } = parts(options.today);
    this.windowStart = toDayNumber(addMonths(isoOf(year, month, 1), -(DEMO_MONTHS - 1)));
    for (const currency of Object.keys(PER_USD)) {
      this.prices.set(
        currency,
        CATALOGUE.map((product) => {
          const [num, den] = PER_USD[currency]!;
          const places = minorUnitsOf(currency) + (product.roundPrice ? 0 : 2);
          return { text: new Money(product.usdPrice).times(num).div(den).toDecimalPlaces(places, Money.ROUND_HALF_UP).toFixed(places), product };
        }),
      );
    }
  }

  private rng(label: string): Random {
    return new Random(this.options.seed, label);
  }

  async run(db: Sql): Promise<SeedSummary> {
    const setup = new Batch();
    await this.insertEntities(db);
    await this.insertFxRates(db);
    await this.insertCustomersAndContracts(db);

    const adhoc = this.adhocPerMonth();
    let pending: Promise<void> = Promise.resolve();
    let invoiceCount = 0;
    for (let m = 0; m < DEMO_MONTHS; m++) {
      // Generating a month overlaps with the database inserting the one before (generation
      // yields now and then so the insert's statements keep going).
      const batch = await this.generateMonth(m, adhoc[m]!);
      invoiceCount += batch.invoices.length;
      const message = `${monthPeriod(this.monthStart(m))}: ${batch.invoices.length} invoices (${invoiceCount} so far)`;
      await pending;
      pending = batch.insert(db).then(() => this.options.progress?.(message));
      pending.catch(() => undefined); // handled: the next `await pending` rethrows it
    }
    await pending;

    this.generateCollections(setup);
    await setup.insert(db);
    await this.finish(db);
    return {
      entities: ENTITIES.length,
      customers: this.customers.length,
      invoices: invoiceCount,
      payments: this.ids.payment,
      activities: this.ids.activity,
    };
  }

  // --- entities, FX, customers, contracts --------------------------------------------------

  private setupTimestamp(): string {
    return timestamp(this.windowStart - 120, 9 * 60);
  }

  private async insertEntities(db: Sql): Promise<void> {
    const rows = new Rows<EntityRow>('entity', { id: 'int', code: 'text', name: 'text', currency: 'text', region: 'text', created_at: 'timestamptz' });
    ENTITIES.forEach((entity, i) =>
      rows.add({ id: i + 1, code: entity.code, name: entity.name, currency: entity.currency, region: entity.region, created_at: this.setupTimestamp() }),
    );
    await rows.insert(db);
  }

  /**
   * Weekday rates from three months before the window to today for each book currency but the
   * base: a mean-reverting random walk around the anchors, in units of the base per one unit.
   */
  private async insertFxRates(db: Sql): Promise<void> {
    const rng = this.rng('fx');
    const base = this.options.baseCurrency;
    const walked = [...new Set([...ENTITIES.map((e) => e.currency), base])].filter((c) => c !== 'USD');
    const quoted = ENTITIES.map((e) => e.currency).filter((c) => c !== base);
    const usdValue = new Map(walked.map((c) => [c, USD_ANCHORS[c] ?? 1]));
    usdValue.set('USD', 1);
    const rows = new Rows<FxRateRow>('fx_rate', { id: 'int', currency: 'text', date: 'date', rate: 'numeric' });
    const start = toDayNumber(addMonths(iso(this.windowStart), -3));
    let id = 0;
    for (let day = start; day <= this.today; day++) {
      const wd = weekday(day);
      if (wd === 0 || wd === 6) continue;
      for (const currency of walked) {
        const anchor = USD_ANCHORS[currency] ?? 1;
        const value = usdValue.get(currency)!;
        usdValue.set(currency, value * (1 + (rng.next() - 0.5) * 0.012 + (0.006 * (anchor - value)) / anchor));
      }
      for (const currency of quoted) {
        const rate = usdValue.get(currency)! / usdValue.get(base)!;
        rows.add({ id: ++id, currency, date: iso(day), rate: Number(rate.toPrecision(6)).toFixed(10) });
      }
    }
    await rows.insert(db);
  }

  private async insertCustomersAndContracts(db: Sql): Promise<void> {
    const rng = this.rng('customers');
    const customerRows = new Rows<CustomerRow>(
      'customer',
      {
        id: 'int', code: 'text', name: 'text', entity_id: 'int', currency: 'text', payment_terms: 'text', credit_limit: 'numeric',
        delivery_channel: '"DeliveryChannel"', billing_emails: 'text', portal_url: 'text', po_required: 'bool', collector: 'text', created_at: 'timestamptz',
      },
      { billing_emails: "string_to_array(billing_emails, ' ')" },
    );
    const names = new Set<string>();
    const entityChoices = ENTITIES.map((e, i) => [i, e.share] as const);
    for (let i = 0; i < this.options.customers; i++) {
      const entityIndex = i < ENTITIES.length ? i : rng.weighted(entityChoices);
      const entity = ENTITIES[entityIndex]!;
      const first = rng.pick(entity.nameFirst);
      const second = rng.pick(entity.nameSecond);
      const legal = rng.pick(entity.legal);
      let name = `${first} ${second} ${legal}`;
      for (let n = 0; names.has(name); n++) {
        const city = entity.cities[n % entity.cities.length]!;
        name = n < entity.cities.length ? `${first} ${second} ${city} ${legal}` : `${first} ${second} ${city} ${Math.floor(n / entity.cities.length) + 1} ${legal}`;
      }
      names.add(name);
      const slug = asciiSlug(name.replace(/ (Inc\.|LLC|Corp\.|Co\.|GmbH.*|AG|SE|Ltd|plc|Limited|LLP|K\.K\.|Co\., Ltd\.|Corporation)$/, ''));
      const code = `${asciiSlug(first).replaceAll('-', '').toUpperCase().slice(0, 10)}-${String(i + 1).padStart(4, '0')}`;
      const currency = rng.chance(0.08) ? rng.pick(ENTITIES.filter((e) => e !== entity)).currency : entity.currency;
      const terms = this.terms(rng.weighted(entity.terms)).canonical;
      const channel = rng.weighted(entity.channels);
      const domain = `${slug}.${entity.tld}`;
      const emails =
        channel === 'EMAIL'
          ? ['ap', 'invoices', 'accounts.payable'].slice(0, rng.int(1, 3)).map((box) => `${box}@${domain}`)
          : rng.chance(0.3) ? [`ap@${domain}`] : [];
      const portalUrl = channel === 'PORTAL' ? `https://${rng.pick(['supplier', 'invoicing', 'procurement'])}.${domain}/${rng.pick(['ariba', 'coupa', 'tungsten', 'sap-ariba'])}` : null;
      const poRequired = rng.chance(channel === 'PORTAL' || channel === 'EDI' ? 0.6 : 0.12);
      const profile = rng.weighted(PROFILES);
      const weight = 0.25 + 12 * rng.next() ** 4;
      const creditChoices = currency === 'JPY' ? [5_000_000, 10_000_000, 25_000_000, 50_000_000, 100_000_000, 250_000_000] : [25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_000_000];
      const creditUnits = creditChoices[Math.min(creditChoices.length - 1, Math.floor((weight / 12.25) * creditChoices.length + rng.next() * 2))]!;
      const customer: CustomerPlan = {
        id: i + 1,
        code,
        name,
        entity: entityIndex,
        currency,
        places: minorUnitsOf(currency),
        terms,
        profile,
        payRun: weight > 2 || rng.chance(0.25) ? rng.weighted([['FRIDAY', 2], ['MID_AND_MONTH_END', 1]] as const) : null,
        discountTaker: terms.includes('/') ? rng.pick([0.3, 0.6, 0.85]) : 0,
        channel,
        emails,
        portalUrl,
        poRequired,
        poPrefix: rng.pick(['45', 'PO-', 'PO', '2100', 'BST-']),
        collector: rng.pick(entity.collectors),
        weight,
      };
      this.customers.push(customer);
      customerRows.add({
        id: customer.id,
        code,
        name,
        entity_id: entityIndex + 1,
        currency,
        payment_terms: terms,
        credit_limit: fromMinor(creditUnits, 0),
        delivery_channel: channel,
        billing_emails: emails.join(' '),
        portal_url: portalUrl,
        po_required: poRequired,
        collector: customer.collector,
        created_at: this.setupTimestamp(),
      });
    }
    let cumulative = 0;
    this.customerCumulative = Float64Array.from(this.customers, (c) => (cumulative += c.weight));
    await customerRows.insert(db);
    await this.contractsFor(rng).insert(db);
  }

  /**
   * A few contracts per customer. Those that would bill in the window are kept there while a
   * budget of ~30 % of the invoices lasts; the rest ran out before the window began.
   */
  private contractsFor(rng: Random): Rows<ContractRow> {
    const rows = new Rows<ContractRow>('contract', {
      id: 'int', number: 'text', customer_id: 'int', start_date: 'date', end_date: 'date', payment_terms: 'text', schedule: '"BillingSchedule"',
      amount_per_period: 'numeric', currency: 'text', po_number: 'text', description: 'text', created_at: 'timestamptz',
    });
    for (let m = 0; m < DEMO_MONTHS; m++) this.billings.push([]);
    let budget = Math.floor(this.options.invoices * 0.3);
    for (const customer of this.customers) {
      const count = rng.weighted([[1, 45], [2, 40], [3, 15]] as const);
      for (let k = 0; k < count; k++) {
        const kind = rng.weighted(CONTRACT_KINDS);
        const id = this.contracts.length + 1;
        const currency = customer.currency;
        let quantity = '1';
        let unitPrice: string;
        let amountMinor: number;
        if (kind.seats) {
          quantity = String(rng.int(2, 60) * 5);
          unitPrice = this.prices.get(currency)![1]!.text;
          amountMinor = toMinor(roundMoney(new Money(quantity).times(unitPrice), currency), currency);
        } else {
          const units = roundFigure(rng.int(kind.usdFee[0] / 100, kind.usdFee[1] / 100) * 100, currency, currency === 'JPY' ? 10_000 : 50);
          amountMinor = units * scaleOf(currency);
          unitPrice = fromMinor(amountMinor, customer.places);
        }
        const months = rng.pick([12, 24, 36]);
        const evergreen = kind.schedule !== 'MILESTONE' && rng.chance(0.3);
        let start = toDayNumber(addMonths(iso(this.windowStart), -rng.int(0, 30)));
        let end: number | null = evergreen ? null : toDayNumber(addMonths(iso(start), months)) - 1;
        let dates = this.billingDays(kind.schedule, start, end, rng);
        if (dates.length > budget) {
          // A contract that ran its course before the window.
          start = toDayNumber(addMonths(iso(this.windowStart), -rng.int(40, 60)));
          end = toDayNumber(addMonths(iso(start), months)) - 1;
          dates = [];
        }
        budget -= dates.length;
        const terms = rng.chance(0.25) ? this.terms(rng.weighted(ENTITIES[customer.entity]!.terms)).canonical : null;
        const entityCode = ENTITIES[customer.entity]!.code;
        const contract: ContractPlan = {
          id,
          customer: customer.id - 1,
          number: `CTR-${entityCode}-${String(id).padStart(5, '0')}`,
          terms,
          po: customer.poRequired || rng.chance(0.4) ? this.poNumber(customer, rng) : null,
          lineDescription: kind.seats ? `${kind.description} (${quantity} seats)` : kind.description,
          quantity,
          unitPrice,
          amountMinor,
        };
        this.contracts.push(contract);
        for (const day of dates) this.billings[this.monthIndex(day)]!.push({ contract, day });
        rows.add({
          id,
          number: contract.number,
          customer_id: customer.id,
          start_date: iso(start),
          end_date: end === null ? null : iso(end),
          payment_terms: terms,
          schedule: kind.schedule,
          amount_per_period: fromMinor(amountMinor, customer.places),
          currency,
          po_number: contract.po,
          description: kind.seats ? `${kind.description}, ${quantity} seats` : kind.description,
          created_at: timestamp(start - 14, 10 * 60),
        });
      }
    }
    return rows;
  }

  /** Billing days inside the window and up to today: the first of each period's month. */
  private billingDays(schedule: BillingSchedule, start: number, end: number | null, rng: Random): number[] {
    const days: number[] = [];
    const inWindow = (day: number) => day >= this.windowStart && day <= this.today && day >= start && (end === null || day <= end);
    if (schedule === 'MILESTONE') {
      let day = start + rng.int(30, 90);
      for (let k = rng.int(2, 4); k > 0; k--, day += rng.int(45, 120)) {
        if (inWindow(day)) days.push(day);
      }
      return days;
    }
    const step = schedule === 'MONTHLY' ? 1 : schedule === 'QUARTERLY' ? 3 : 12;
    for (let k = 0; ; k += step) {
      const day = toDayNumber(addMonths(iso(start), k));
      if (day > this.today || (end !== null && day > end)) break;
      if (inWindow(day)) days.push(day);
    }
    return days;
  }

  private poNumber(customer: CustomerPlan, rng: Random): string {
    const digits = customer.poPrefix === '45' ? 8 : 6;
    return `${customer.poPrefix}${String(rng.int(0, 10 ** digits - 1)).padStart(digits, '0')}`;
  }

  private terms(text: string): { parsed: PaymentTerms; canonical: string; index: number } {
    let cached = this.termsCache.get(text);
    if (!cached) {
      const parsed = parsePaymentTerms(text);
      cached = { parsed, canonical: formatPaymentTerms(parsed), index: this.termsCache.size };
      this.termsCache.set(text, cached);
    }
    return cached;
  }

  private dueDay(terms: string, issueDay: number): number {
    const { parsed, index } = this.terms(terms);
    const key = index * 1_000_000 + issueDay;
    let due = this.dueCache.get(key);
    if (due === undefined) {
      due = toDayNumber(dueDateFor(parsed, iso(issueDay)));
      this.dueCache.set(key, due);
    }
    return due;
  }

  // --- months --------------------------------------------------------------------------------

  private monthStart(m: number): number {
    return toDayNumber(addMonths(iso(this.windowStart), m));
  }

  private monthIndex(day: number): number {
    const a = parts(iso(this.windowStart));
    const b = parts(iso(day));
    return (b.year - a.year) * 12 + (b.month - a.month);
  }

  private dayWeight(day: number): number {
    const wd = weekday(day);
    return wd === 0 ? 0.02 : wd === 6 ? 0.05 : 1;
  }

  /** Invoices not billed from contracts, spread over the months by business days and growth. */
  private adhocPerMonth(): number[] {
    const contractTotal = this.billings.reduce((sum, month) => sum + month.length, 0);
    const weights: number[] = [];
    for (let m = 0; m < DEMO_MONTHS; m++) {
      let days = 0;
      const start = this.monthStart(m);
      const end = Math.min(this.monthStart(m + 1) - 1, this.today);
      for (let day = start; day <= end; day++) days += this.dayWeight(day);
      weights.push(days * (0.85 + (0.3 * m) / (DEMO_MONTHS - 1)));
    }
    return allocate(Math.max(0, this.options.invoices - contractTotal), weights);
  }

  private async generateMonth(m: number, adhocCount: number): Promise<Batch> {
    const rng = this.rng(`month-${m}`);
    const start = this.monthStart(m);
    const end = Math.min(this.monthStart(m + 1) - 1, this.today);
    const days: number[] = [];
    for (let day = start; day <= end; day++) days.push(day);
    let cumulative = 0;
    const dayCumulative = Float64Array.from(days, (day) => (cumulative += this.dayWeight(day)));

    const planned: PlannedInvoice[] = [];
    for (const { contract, day } of this.billings[m]!) {
      const customer = this.customers[contract.customer]!;
      planned.push({
        order: planned.length,
        customer: contract.customer,
        contract,
        period: monthPeriod(day),
        issueDay: day,
        terms: contract.terms ?? customer.terms,
        po: contract.po ?? (customer.poRequired ? this.poNumber(customer, rng) : null),
        lines: [{ description: `${contract.lineDescription} — ${monthPeriod(day)}`, quantity: contract.quantity, unitPrice: contract.unitPrice, amountMinor: contract.amountMinor }],
        totalMinor: contract.amountMinor,
        draft: false,
      });
    }
    for (let k = 0; k < adhocCount; k++) {
      const customerIndex = pickCumulative(this.customerCumulative, rng);
      const customer = this.customers[customerIndex]!;
      const lines = this.adhocLines(customer, rng);
      planned.push({
        order: planned.length,
        customer: customerIndex,
        contract: null,
        period: null,
        issueDay: days[pickCumulative(dayCumulative, rng)]!,
        terms: customer.terms,
        po: customer.poRequired || rng.chance(0.35) ? this.poNumber(customer, rng) : null,
        lines,
        totalMinor: lines.reduce((sum, line) => sum + line.amountMinor, 0),
        draft: false,
      });
    }
    planned.sort((a, b) => a.issueDay - b.issueDay || a.order - b.order);

    if (m === DEMO_MONTHS - 1) {
      // A handful of drafts among the latest ad-hoc invoices: prepared, not yet issued.
      let drafts = Math.min(60, Math.max(3, Math.round(this.options.invoices / 2000)));
      for (let i = planned.length - 1; i >= 0 && drafts > 0; i--) {
        if (planned[i]!.contract === null) {
          planned[i]!.draft = true;
          drafts -= 1;
        }
      }
    }

    const batch = new Batch();
    for (let i = 0; i < planned.length; i++) {
      if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
      this.emitInvoice(planned[i]!, rng, batch);
    }
    this.closePayments(batch, rng);
    return batch;
  }

  private adhocLines(customer: CustomerPlan, rng: Random): PlannedLine[] {
    const count = rng.weighted([[1, 45], [2, 30], [3, 15], [4, 10]] as const);
    const prices = this.prices.get(customer.currency)!;
    const lines: PlannedLine[] = [];
    for (let i = 0; i < count; i++) {
      const { text: unitPrice, product } = rng.pick(prices);
      const quantity = this.quantity(product.quantity, rng);
      const amount = roundMoney(new Money(quantity).times(unitPrice), customer.currency);
      lines.push({ description: product.description, quantity, unitPrice, amountMinor: toMinor(amount, customer.currency) });
    }
    return lines;
  }

  private quantity(kind: QuantityKind, rng: Random): string {
    switch (kind) {
      case 'SEATS':
        return String(rng.int(1, 100) * 5);
      case 'DAYS':
        return rng.chance(0.2) ? `${rng.int(1, 15)}.5` : String(rng.int(1, 20));
      case 'HOURS':
        return fromMinor(rng.int(2, 480) * 25, 2);
      case 'UNITS':
        return String(rng.weighted([[rng.int(1, 5), 5], [rng.int(6, 50), 3], [rng.int(51, 400), 1]] as const));
      case 'FEW':
        return String(rng.weighted([[1, 4], [rng.int(2, 4), 3], [rng.int(5, 12), 1]] as const));
      case 'USAGE':
        return fromMinor(rng.int(1_000_000, 900_000_000), 4);
      case 'ONE':
        return '1';
    }
  }

  // --- one invoice: numbering, delivery, its fate (void, dispute, receipts) -------------------

  private emitInvoice(plan: PlannedInvoice, rng: Random, batch: Batch): void {
    const customer = this.customers[plan.customer]!;
    const entity = ENTITIES[customer.entity]!;
    const id = ++this.ids.invoice;
    const number = plan.draft ? null : invoiceNumber(entity.code, this.nextNumber[customer.entity]!++);
    const dueDay = this.dueDay(plan.terms, plan.issueDay);
    const places = customer.places;
    plan.lines.forEach((line, i) =>
      batch.lines.add({
        id: ++this.ids.line,
        invoice_id: id,
        line_no: i + 1,
        description: line.description,
        quantity: line.quantity,
        unit_price: line.unitPrice,
        amount: fromMinor(line.amountMinor, places),
      }),
    );

    let status: InvoiceStatus = plan.draft ? 'DRAFT' : 'ISSUED';
    let voidDay: number | null = null;
    let voidReason: string | null = null;
    let receipts: Receipt[] = [];
    let openDispute = false;
    if (!plan.draft) {
      this.emitDeliveries(id, customer, plan.issueDay, rng, batch);
      if (plan.contract === null && rng.chance(0.006)) {
        status = 'VOID';
        voidDay = Math.min(this.today, plan.issueDay + rng.int(0, 10));
        voidReason = rng.pick(VOID_REASONS);
      } else {
        const dispute = this.maybeDispute(id, customer, plan.issueDay, rng, batch);
        openDispute = dispute.open;
        receipts = this.receiptsFor(customer, plan, dueDay, dispute.payableFrom, rng);
      }
    }

    const paidMinor = receipts.reduce((sum, r) => sum + r.amountMinor + r.discountMinor, 0);
    const lastReceipt = receipts.reduce((last, r) => Math.max(last, r.day), -Infinity);
    if (status === 'ISSUED' && paidMinor > 0) status = paidMinor === plan.totalMinor ? 'PAID' : 'PARTIALLY_PAID';
    batch.invoices.add({
      id,
      number,
      entity_id: customer.entity + 1,
      customer_id: customer.id,
      contract_id: plan.contract?.id ?? null,
      billing_period: plan.period,
      issue_date: iso(plan.issueDay),
      due_date: iso(dueDay),
      currency: customer.currency,
      payment_terms: plan.terms,
      po_number: plan.po,
      total: fromMinor(plan.totalMinor, places),
      amount_paid: fromMinor(paidMinor, places),
      paid_date: status === 'PAID' ? iso(lastReceipt) : null,
      status,
      disputed: openDispute,
      void_date: voidDay === null ? null : iso(voidDay),
      void_reason: voidReason,
      created_at: timestamp(plan.issueDay, 8 * 60 + (id % 600)),
    });
    this.emitPayments(id, customer, receipts, batch, rng);

    if (status === 'PAID') {
      this.emitHistory(id, number!, customer, plan.totalMinor, dueDay, receipts, rng, batch);
    } else if ((status === 'ISSUED' || status === 'PARTIALLY_PAID') && dueDay < this.today) {
      this.pastDue.push({
        id,
        customer: plan.customer,
        issueDay: plan.issueDay,
        dueDay,
        balanceMinor: plan.totalMinor - paidMinor,
        lastReceiptDay: lastReceipt,
        openDispute,
      });
    }
  }

  private emitDeliveries(invoiceId: number, customer: CustomerPlan, issueDay: number, rng: Random, batch: Batch): void {
    const recipient = recipientFor(customer);
    const at = timestamp(issueDay, rng.int(7 * 60, 18 * 60));
    const add = (outcome: DeliveryOutcome, when: string, detail: string | null) =>
      batch.deliveries.add({ id: ++this.ids.delivery, invoice_id: invoiceId, channel: customer.channel, recipient, at: when, outcome, detail });
    if (issueDay >= this.today) return add('PENDING', at, null);
    if (rng.chance(0.03)) {
      add('FAILED', at, DELIVERY_FAILURES[customer.channel]);
      if (issueDay + 1 <= this.today) add('DELIVERED', timestamp(issueDay + 1, rng.int(8 * 60, 17 * 60)), 'Re-sent after correction');
      return;
    }
    add('DELIVERED', at, customer.channel === 'EDI' ? '997 accepted' : null);
  }

  /** An invoice ever disputed: opened a few days after issue, mostly resolved before payment. */
  private maybeDispute(invoiceId: number, customer: CustomerPlan, issueDay: number, rng: Random, batch: Batch): { open: boolean; payableFrom: number } {
    if (!rng.chance(0.025)) return { open: false, payableFrom: issueDay };
    const opened = issueDay + rng.int(2, 25);
    if (opened > this.today) return { open: false, payableFrom: issueDay };
    const resolvedDay = opened + rng.int(4, 50);
    const resolved = resolvedDay <= this.today && rng.chance(0.8);
    const reason = rng.pick(DISPUTE_REASONS);
    batch.disputes.add({
      id: ++this.ids.dispute,
      invoice_id: invoiceId,
      reason,
      opened_date: iso(opened),
      opened_by: customer.collector,
      resolved_date: resolved ? iso(resolvedDay) : null,
      resolution: resolved ? rng.pick(DISPUTE_RESOLUTIONS) : null,
      resolved_by: resolved ? rng.pick([customer.collector, AR_MANAGER]) : null,
    });
    this.addActivity(batch, { customer, kind: 'DISPUTE', day: opened, note: reason, followUp: opened + 7, invoices: [invoiceId] });
    return resolved ? { open: false, payableFrom: resolvedDay + rng.int(2, 15) } : { open: true, payableFrom: Infinity };
  }

  /** What the customer pays and when: on time, late, in two instalments, early with discount, or not yet. */
  private receiptsFor(customer: CustomerPlan, plan: PlannedInvoice, dueDay: number, payableFrom: number, rng: Random): Receipt[] {
    const total = plan.totalMinor;
    if (payableFrom === Infinity) return [];
    const terms = this.terms(plan.terms).parsed;
    if (terms.kind === 'DISCOUNT' && payableFrom === plan.issueDay && rng.chance(customer.discountTaker)) {
      const day = Math.max(plan.issueDay, previousBusinessDay(plan.issueDay + rng.int(1, terms.discountDays)));
      const discount = toMinor(roundMoney(new Money(fromMinor(total, customer.places)).times(terms.discountPercent).div(100), customer.currency), customer.currency);
      if (day <= this.today && discount > 0 && discount < total) return [{ day, amountMinor: total - discount, discountMinor: discount, batchable: false }];
      if (day > this.today) return [];
    }

    const stuck = rng.chance(STUCK[customer.profile]);
    let payDay = Infinity;
    if (!stuck) {
      const earliest = Math.max(plan.issueDay, payableFrom);
      const target = Math.max(earliest, dueDay + this.delay(customer.profile, rng));
      payDay = nextBusinessDay(target);
      if (customer.payRun) {
        // Accounts payable pays in runs: the last run before the due date when paying on time,
        // else the next run.
        const [before, after] = paymentRuns(customer.payRun, payDay);
        payDay = target <= dueDay && before >= earliest ? before : after;
      }
    }

    const receipts: Receipt[] = [];
    const instalment = stuck ? rng.chance(0.3) : rng.chance(0.06);
    let remaining = total;
    if (instalment && total >= 2) {
      const first = stuck ? plan.issueDay + rng.int(30, 150) : Math.max(plan.issueDay, payableFrom, payDay - rng.int(10, 40));
      const percent = rng.int(20, 70);
      const part = Math.max(1, (total * percent - ((total * percent) % 100)) / 100);
      const day = nextBusinessDay(first);
      if (day <= this.today && part < total && day < payDay) {
        receipts.push({ day, amountMinor: part, discountMinor: 0, batchable: false });
        remaining -= part;
      }
    }
    if (payDay <= this.today) receipts.push({ day: payDay, amountMinor: remaining, discountMinor: 0, batchable: receipts.length === 0 && customer.payRun !== null });
    return receipts;
  }

  /** Days after the due date a customer of this profile pays. */
  private delay(profile: Profile, rng: Random): number {
    switch (profile) {
      case 'PROMPT':
        return rng.chance(0.9) ? rng.int(-8, 0) : rng.int(1, 12);
      case 'NORMAL':
        return rng.weighted([[rng.int(-6, 3), 60], [rng.int(4, 25), 30], [rng.int(26, 60), 10]] as const);
      case 'SLOW':
        return rng.weighted([[rng.int(0, 10), 30], [rng.int(11, 45), 45], [rng.int(46, 100), 25]] as const);
      case 'CHRONIC':
        return rng.weighted([[rng.int(5, 30), 25], [rng.int(31, 90), 50], [rng.int(91, 200), 25]] as const);
    }
  }

  /**
   * Receipts become payments: batchable receipts of a customer on the same day share one payment
   * (within the month being generated); a few payments are rounded up, leaving unapplied cash.
   */
  private monthPayments: { payment: PaymentRow; applied: number }[] = [];
  private readonly sharedPayments = new Map<string, { payment: PaymentRow; applied: number }>();

  private emitPayments(invoiceId: number, customer: CustomerPlan, receipts: Receipt[], batch: Batch, rng: Random): void {
    for (const receipt of receipts) {
      const key = `${customer.id}/${receipt.day}`;
      let entry = receipt.batchable ? this.sharedPayments.get(key) : undefined;
      if (!entry) {
        const id = ++this.ids.payment;
        const method = rng.pick(ENTITIES[customer.entity]!.paymentMethods);
        entry = {
          payment: {
            id,
            customer_id: customer.id,
            received_date: iso(receipt.day),
            amount: '0',
            currency: customer.currency,
            reference: `${method}-${compactDate(receipt.day)}-${String(id).padStart(6, '0')}`,
            unapplied_amount: '0',
            created_at: timestamp(receipt.day, 12 * 60 + (id % 300)),
          },
          applied: 0,
        };
        this.monthPayments.push(entry);
        if (receipt.batchable) this.sharedPayments.set(key, entry);
      }
      entry.applied += receipt.amountMinor;
      batch.applications.add({
        id: ++this.ids.application,
        payment_id: entry.payment.id,
        invoice_id: invoiceId,
        amount: fromMinor(receipt.amountMinor, customer.places),
        discount: fromMinor(receipt.discountMinor, customer.places),
        received_date: iso(receipt.day),
      });
    }
  }

  /** Writes the month's payments once all their applications are known. */
  private closePayments(batch: Batch, rng: Random): void {
    for (const { payment, applied } of this.monthPayments) {
      const customer = this.customers[payment.customer_id - 1]!;
      const scale = scaleOf(customer.currency);
      let unapplied = 0;
      if (rng.chance(0.02)) {
        const roundTo = (customer.currency === 'JPY' ? 10_000 : 100) * scale;
        unapplied = (roundTo - (applied % roundTo)) % roundTo || roundTo;
      }
      batch.payments.add({ ...payment, amount: fromMinor(applied + unapplied, customer.places), unapplied_amount: fromMinor(unapplied, customer.places) });
    }
    this.monthPayments = [];
    this.sharedPayments.clear();
  }

  // --- collection activities -------------------------------------------------------------------

  private addActivity(
    batch: Batch,
    a: { customer: CustomerPlan; kind: ActivityKind; day: number; note: string; followUp?: number | null; invoices: number[]; actor?: string; promise?: { day: number; amountMinor: number } },
  ): void {
    const id = ++this.ids.activity;
    batch.activities.add({
      id,
      customer_id: a.customer.id,
      kind: a.kind,
      activity_date: iso(a.day),
      note: a.note,
      promise_date: a.promise ? iso(a.promise.day) : null,
      promise_amount: a.promise ? fromMinor(a.promise.amountMinor, a.customer.places) : null,
      currency: a.promise ? a.customer.currency : null,
      next_follow_up: a.followUp == null ? null : iso(a.followUp),
      actor: a.actor ?? a.customer.collector,
      created_at: timestamp(a.day, 14 * 60 + (id % 180)),
    });
    for (const invoiceId of a.invoices) batch.activityInvoices.add({ activity_id: id, invoice_id: invoiceId });
  }

  /** The chase of an invoice that was paid late: reminder, call, perhaps a promise (kept or broken), escalation. */
  private emitHistory(invoiceId: number, number: string, customer: CustomerPlan, totalMinor: number, dueDay: number, receipts: Receipt[], rng: Random, batch: Batch): void {
    const final = receipts[receipts.length - 1]!;
    const late = final.day - dueDay;
    if (late <= 7 || !rng.chance(0.5)) return;
    const reminder = dueDay + rng.int(2, 6);
    if (reminder < final.day) {
      this.addActivity(batch, { customer, kind: 'EMAIL', day: reminder, note: `Payment reminder sent for ${number}`, followUp: reminder + 7, invoices: [invoiceId] });
    }
    const call = dueDay + rng.int(10, 18);
    if (late > 20 && call < final.day) {
      const promise = rng.chance(0.5);
      this.addActivity(batch, {
        customer,
        kind: 'CALL',
        day: call,
        note: rng.pick(['Called AP; invoice approved, waiting for the payment run', 'Left a voicemail with accounts payable', 'AP asked for a copy of the invoice; re-sent']),
        followUp: call + 7,
        invoices: [invoiceId],
      });
      if (promise) {
        const kept = final.day - call < 4 || rng.chance(0.65);
        const promiseDay = kept ? final.day + rng.int(0, 3) : call + rng.int(3, Math.min(10, final.day - call - 1));
        const paidBefore = receipts.filter((r) => r.day < call).reduce((sum, r) => sum + r.amountMinor + r.discountMinor, 0);
        this.addActivity(batch, {
          customer,
          kind: 'PROMISE_TO_PAY',
          day: call,
          note: kept ? 'Customer committed to pay in the next run' : 'Customer promised payment by the end of the week',
          followUp: promiseDay + 1,
          invoices: [invoiceId],
          promise: { day: promiseDay, amountMinor: kept ? final.amountMinor : totalMinor - paidBefore },
        });
      }
    }
    const escalation = dueDay + rng.int(45, 60);
    if (late > 60 && escalation < final.day) {
      this.addActivity(batch, { customer, kind: 'ESCALATION', day: escalation, note: `Escalated ${number} to the account manager`, followUp: escalation + 14, invoices: [invoiceId], actor: AR_MANAGER });
    }
  }

  /**
   * Collectors' work on today's past-due invoices: reminders, calls, notes, escalations with
   * follow-up dates, and promises to pay — some broken (date passed, nothing received), some
   * still pending (date on or after today).
   */
  private generateCollections(batch: Batch): void {
    const rng = this.rng('collections');
    const byCustomer = new Map<number, PastDue[]>();
    for (const item of this.pastDue) {
      if (item.openDispute) continue;
      const list = byCustomer.get(item.customer) ?? [];
      list.push(item);
      byCustomer.set(item.customer, list);
    }
    const today = this.today;
    let broken = 0;
    let fallback: { customer: CustomerPlan; item: PastDue } | null = null;
    for (const [index, items] of [...byCustomer.entries()].sort((a, b) => a[0] - b[0])) {
      const customer = this.customers[index]!;
      items.sort((a, b) => a.dueDay - b.dueDay || a.id - b.id);
      for (const item of items.slice(0, 5)) {
        const reminder = item.dueDay + rng.int(2, 6);
        if (reminder <= today) this.addActivity(batch, { customer, kind: 'EMAIL', day: reminder, note: 'Payment reminder sent', followUp: reminder + 10, invoices: [item.id] });
        const call = item.dueDay + rng.int(12, 20);
        if (call <= today) {
          this.addActivity(batch, {
            customer,
            kind: 'CALL',
            day: call,
            note: rng.pick(['Called AP; no answer', 'AP says the invoice is in approval', 'Spoke to the controller; payment run delayed']),
            followUp: call + rng.int(5, 10),
            invoices: [item.id],
          });
        }
        const escalation = item.dueDay + rng.int(45, 60);
        if (escalation <= today) {
          this.addActivity(batch, { customer, kind: 'ESCALATION', day: escalation, note: 'Escalated to the account manager; credit hold considered', followUp: escalation + 14, invoices: [item.id], actor: AR_MANAGER });
        }
        const note = item.dueDay + rng.int(91, 120);
        if (note <= today) {
          this.addActivity(batch, { customer, kind: 'NOTE', day: note, note: rng.pick(['Final demand letter sent', 'Account put on credit hold', 'Referred for collection agency review']), followUp: note + 14, invoices: [item.id] });
        }
      }
      if (items.length > 5) {
        const day = Math.max(items[0]!.dueDay + 1, today - rng.int(0, 20));
        if (day <= today) {
          this.addActivity(batch, { customer, kind: 'EMAIL', day, note: 'Statement of account sent', followUp: day + 7, invoices: items.filter((i) => i.issueDay <= day).map((i) => i.id) });
        }
      }

      const target = items[0]!;
      const firstDay = Math.max(target.dueDay + 1, target.lastReceiptDay + 1);
      if (fallback === null && firstDay <= today - 2) fallback = { customer, item: target };
      if (!rng.chance(0.4)) continue;
      if (rng.chance(0.55) && firstDay <= today - 2) {
        this.brokenPromise(batch, customer, target, firstDay, rng);
        broken += 1;
      } else {
        const day = Math.max(firstDay, today - rng.int(0, 10));
        if (day > today) continue;
        this.addActivity(batch, {
          customer,
          kind: 'PROMISE_TO_PAY',
          day,
          note: 'Customer promised payment',
          followUp: day + rng.int(3, 14),
          invoices: [target.id],
          promise: { day: today + rng.int(0, 21), amountMinor: target.balanceMinor },
        });
      }
    }
    // The worklist shows broken promises first; make sure a small book still has one.
    if (broken === 0 && fallback) this.brokenPromise(batch, fallback.customer, fallback.item, Math.max(fallback.item.dueDay + 1, fallback.item.lastReceiptDay + 1), rng);
  }

  private brokenPromise(batch: Batch, customer: CustomerPlan, item: PastDue, firstDay: number, rng: Random): void {
    const day = firstDay + Math.floor(rng.next() * (this.today - 1 - firstDay));
    const promiseDay = day + rng.int(1, Math.max(1, Math.min(14, this.today - 1 - day)));
    this.addActivity(batch, {
      customer,
      kind: 'PROMISE_TO_PAY',
      day,
      note: 'Customer promised payment; not received',
      followUp: promiseDay + 1,
      invoices: [item.id],
      promise: { day: promiseDay, amountMinor: item.balanceMinor },
    });
  }

  // --- sequences ---------------------------------------------------------------------------------

  private async finish(db: Sql): Promise<void> {
    const sequences = new Rows<SequenceRow>('invoice_sequence', { entity_id: 'int', next_number: 'int' });
    ENTITIES.forEach((_, i) => sequences.add({ entity_id: i + 1, next_number: this.nextNumber[i]! }));
    await sequences.insert(db);
    for (const table of ['entity', 'customer', 'contract', 'invoice', 'invoice_line', 'invoice_delivery', 'payment', 'payment_application', 'fx_rate', 'collection_activity', 'dispute']) {
      await db.$queryRawUnsafe(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), COALESCE(max(id), 0) + 1, false) FROM ${table}`);
    }
  }
}

/** The payment runs on or before and on or after a day: Fridays, or the 15th and the month end (the business day before, if need be). */
function paymentRuns(payRun: NonNullable<PayRun>, day: number): [number, number] {
  if (payRun === 'FRIDAY') return [day - ((weekday(day) - 5 + 7) % 7), day + ((5 - weekday(day) + 7) % 7)];
  const runs: number[] = [];
  const { year, month } = parts(iso(day));
  for (const offset of [-1, 0, 1]) {
    const first = addMonths(isoOf(year, month, 1), offset);
    const { year: y, month: m } = parts(first);
    runs.push(previousBusinessDay(toDayNumber(isoOf(y, m, 15))), previousBusinessDay(toDayNumber(isoOf(y, m, daysInMonth(y, m)))));
  }
  return [Math.max(...runs.filter((run) => run <= day)), Math.min(...runs.filter((run) => run >= day))];
}

function recipientFor(customer: CustomerPlan): string {
  return deliveryRecipient({ code: customer.code, name: customer.name, deliveryChannel: customer.channel, billingEmails: customer.emails, portalUrl: customer.portalUrl ?? null });
}

function asciiSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
