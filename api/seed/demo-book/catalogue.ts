// The book's fixed shape: entities, their customers' habits, price anchors, catalogue, wording.
import type { BillingSchedule, DeliveryChannel } from '../../generated/prisma/enums.js';

/** Months of invoices, ending with today's month. */
export const DEMO_MONTHS = 24;

/** Units of a currency per US dollar, as a ratio, for price lists and round figures. */
export const PER_USD: Record<string, readonly [number, number]> = {
  USD: [1, 1],
  EUR: [92, 100],
  GBP: [79, 100],
  JPY: [150, 1],
};

/** A round USD figure in another currency, in whole units of it. */
export function roundFigure(usdUnits: number, currency: string, roundTo: number): number {
  const [num, den] = PER_USD[currency]!;
  const units = (usdUnits * num - ((usdUnits * num) % den)) / den;
  return Math.max(roundTo, units - (units % roundTo));
}

/** Rough USD value of one unit of a currency: the anchors of the FX random walk (a base currency not listed is taken at 1 USD). */
export const USD_ANCHORS: Record<string, number> = {
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

export type Profile = 'PROMPT' | 'NORMAL' | 'SLOW' | 'CHRONIC';
export type PayRun = 'FRIDAY' | 'MID_AND_MONTH_END' | null;

export interface EntitySpec {
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

export const ENTITIES: EntitySpec[] = [
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

export const AR_MANAGER = 'daniel.kim';

export const PROFILES: (readonly [Profile, number])[] = [['PROMPT', 32], ['NORMAL', 36], ['SLOW', 21], ['CHRONIC', 11]];

/** Probability that an invoice of a customer with this profile is never paid (as of today). */
export const STUCK: Record<Profile, number> = { PROMPT: 0.001, NORMAL: 0.004, SLOW: 0.015, CHRONIC: 0.05 };

export type QuantityKind = 'SEATS' | 'DAYS' | 'HOURS' | 'UNITS' | 'FEW' | 'USAGE' | 'ONE';

export interface Product {
  description: string;
  /** USD list price, up to four decimals. */
  usdPrice: string;
  quantity: QuantityKind;
  /** Priced to the currency's minor units (else two decimals more). */
  roundPrice: boolean;
}

export const CATALOGUE: Product[] = [
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

export interface ContractKind {
  schedule: BillingSchedule;
  description: string;
  /** Seats × the catalogue's Enterprise seat price, or a flat fee in USD. */
  seats: boolean;
  usdFee: [number, number];
}

export const CONTRACT_KINDS: (readonly [ContractKind, number])[] = [
  [{ schedule: 'MONTHLY', description: 'Platform subscription — Enterprise', seats: true, usdFee: [0, 0] }, 30],
  [{ schedule: 'MONTHLY', description: 'Managed monitoring service', seats: false, usdFee: [1500, 12000] }, 15],
  [{ schedule: 'QUARTERLY', description: 'Maintenance and support agreement', seats: false, usdFee: [4000, 45000] }, 25],
  [{ schedule: 'ANNUAL', description: 'Software licence renewal', seats: false, usdFee: [12000, 180000] }, 15],
  [{ schedule: 'MILESTONE', description: 'Implementation project', seats: false, usdFee: [20000, 150000] }, 15],
];

export const DISPUTE_REASONS = [
  'Price does not match the purchase order',
  'Goods not received',
  'Quantity billed exceeds quantity delivered',
  'Duplicate of an earlier invoice',
  'PO number missing or wrong',
  'Service level credit requested for an outage',
  'Work not accepted yet',
];

export const DISPUTE_RESOLUTIONS = [
  'Pricing confirmed with the customer; invoice stands',
  'Proof of delivery sent; customer accepted',
  'Correct PO number added and invoice re-sent',
  'Acceptance signed off by the customer',
  'Customer withdrew the dispute',
  'Quantities reconciled with the delivery notes; invoice stands',
];

export const VOID_REASONS = [
  'Issued to the wrong customer',
  'Duplicate invoice',
  'Pricing error; reissued',
  'Order cancelled before delivery',
  'Wrong billing entity',
];

export const DELIVERY_FAILURES: Record<DeliveryChannel, string> = {
  EMAIL: '550 mailbox unavailable',
  PORTAL: 'Portal rejected the invoice: PO number not recognised',
  POST: 'Returned to sender',
  EDI: '997 rejected: envelope error',
};
