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
  /** ISO 3166-1 country of the entity and of its customers' billing addresses. */
  countryCode: string;
  letterhead: Letterhead;
  /** `cities` as an address writes them, with a postal code: same order. */
  postalTowns: (readonly [string, string])[];
  /** Streets of customers' billing addresses. */
  streets: string[];
}

/** Joins address lines in a row for the bulk insert, which splits them into text[] (no line holds it). */
export const ADDRESS_LINE_SEPARATOR = '|';

/** What the entity prints on its documents: legal details and the account customers pay into (valid check digits). */
export interface Letterhead {
  legalName: string;
  addressLines: string[];
  city: string;
  postalCode: string;
  taxId: string;
  bankName: string;
  iban: string | null;
  bic: string;
  accountNumber: string | null;
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
    countryCode: 'US',
    letterhead: {
      legalName: 'Aurora Instruments Inc.', addressLines: ['500 West Madison Street', 'Suite 2800'], city: 'Chicago, IL', postalCode: '60661',
      taxId: '36-4829175', bankName: 'JPMorgan Chase Bank, N.A.', iban: null, bic: 'CHASUS33', accountNumber: '483920175',
    },
    postalTowns: [
      ['Chicago, IL', '60601'], ['Denver, CO', '80202'], ['Austin, TX', '78701'], ['Boston, MA', '02110'], ['Seattle, WA', '98101'],
      ['Atlanta, GA', '30303'], ['Phoenix, AZ', '85004'], ['Columbus, OH', '43215'], ['Portland, OR', '97204'], ['Nashville, TN', '37203'],
    ],
    streets: ['Main Street', 'Commerce Drive', 'Industrial Parkway', 'Market Street', 'Oak Avenue', 'Technology Boulevard', 'Lakeview Road', 'Enterprise Way'],
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
    countryCode: 'DE',
    letterhead: {
      legalName: 'Aurora Instruments GmbH', addressLines: ['Friedrichstraße 68'], city: 'Berlin', postalCode: '10117',
      taxId: 'DE136458720', bankName: 'Deutsche Bank AG', iban: 'DE43100700000123456700', bic: 'DEUTDEBBXXX', accountNumber: null,
    },
    postalTowns: [
      ['Hamburg', '20095'], ['München', '80331'], ['Köln', '50667'], ['Stuttgart', '70173'], ['Leipzig', '04109'],
      ['Bremen', '28195'], ['Dresden', '01067'], ['Hannover', '30159'], ['Nürnberg', '90402'], ['Mannheim', '68159'],
    ],
    streets: ['Industriestraße', 'Hauptstraße', 'Bahnhofstraße', 'Gewerbering', 'Am Hafen', 'Schillerstraße', 'Robert-Bosch-Straße', 'Lindenallee'],
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
    countryCode: 'GB',
    letterhead: {
      legalName: 'Aurora Instruments Ltd', addressLines: ['30 Finsbury Square'], city: 'London', postalCode: 'EC2A 1AG',
      taxId: 'GB980123436', bankName: 'Barclays Bank UK PLC', iban: 'GB60BARC20000055779911', bic: 'BARCGB22', accountNumber: null,
    },
    postalTowns: [
      ['Leeds', 'LS1 4DY'], ['Bristol', 'BS1 4DJ'], ['Glasgow', 'G2 1DY'], ['Cardiff', 'CF10 1EP'], ['Manchester', 'M2 3AW'],
      ['Reading', 'RG1 1AF'], ['York', 'YO1 7HH'], ['Belfast', 'BT1 5GS'], ['Norwich', 'NR2 1NH'], ['Aberdeen', 'AB10 1YP'],
    ],
    streets: ['High Street', 'Station Road', 'Victoria Street', 'Church Lane', 'Mill Road', 'Queen Street', 'Park Road', 'King Street'],
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
    countryCode: 'JP',
    letterhead: {
      legalName: 'Aurora Instruments K.K.', addressLines: ['1-9-2 Marunouchi', 'Chiyoda-ku'], city: 'Tokyo', postalCode: '100-0005',
      taxId: 'T3010001098765', bankName: 'MUFG Bank, Ltd.', iban: null, bic: 'BOTKJPJT', accountNumber: '001-1234567',
    },
    postalTowns: [
      ['Osaka', '530-0001'], ['Yokohama', '220-0011'], ['Sendai', '980-0021'], ['Fukuoka', '810-0001'], ['Sapporo', '060-0005'],
      ['Kobe', '650-0021'], ['Kyoto', '600-8216'], ['Hiroshima', '730-0011'], ['Niigata', '950-0087'], ['Kumamoto', '860-0808'],
    ],
    streets: ['Honcho', 'Sakaemachi', 'Nishiki', 'Chuo', 'Motomachi', 'Minatomachi', 'Higashi-machi', 'Ekimae'],
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

/**
 * Failures as they are recorded: a relay's permanent answer (the worker keeps it as lastError;
 * {recipient} is the address), and the notes analysts record with recordDelivery when an EDI
 * acknowledgement rejects, a portal refuses or a letter comes back.
 */
export const DELIVERY_FAILURES: Record<DeliveryChannel, string> = {
  EMAIL: '550 5.1.1 <{recipient}>: Recipient address rejected: User unknown in virtual mailbox table',
  PORTAL: 'Portal rejected the invoice: PO number not recognised',
  POST: 'Returned to sender: addressee unknown',
  EDI: '997 rejected (AK5 R): envelope error, receiver id not recognised',
};
