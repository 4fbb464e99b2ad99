// One cell's text read as a value of a field, the way the source systems write them: dates
// ISO or US M/D/YYYY (NetSuite) or an Excel serial (XLSX number cells), amounts "1,234.50" or
// "(1,234.50)" with an optional currency symbol, NetSuite terms ("Net 30", "2% 10 Net 30",
// "Due on receipt"), country names. Each throws a UserInputError whose message says what is
// accepted. Pure.
import { addDays, isValidIsoDate, isoOf, type IsoDate } from '../../domain/dates.js';
import { UserInputError } from '../../domain/errors.js';
import { parseCurrency } from '../../domain/money/money.js';
import { isCountryCode } from '../../domain/receivables/party-details.js';
import { formatPaymentTerms, parsePaymentTerms } from '../../domain/receivables/payment-terms.js';
import { parseEmail } from '../../domain/text.js';

const FIELD: string[] = [];
const refuse = (message: string): never => {
  throw UserInputError.of(FIELD, message);
};
const shown = (text: string) => `"${text.slice(0, 40)}"`;

/** Excel's day 0 in the 1900 date system (serial 1 = 1900-01-01, with Excel's fictitious 1900-02-29 at 60). */
const EXCEL_EPOCH = '1899-12-30';

/** An Excel date serial (whole days; a time of day is dropped) → YYYY-MM-DD. */
export function excelSerialDate(serial: number): IsoDate {
  const days = Math.floor(serial);
  return days < 61 ? addDays('1899-12-31', days) : addDays(EXCEL_EPOCH, days);
}

/**
 * A date: YYYY-MM-DD, or M/D/YYYY as NetSuite exports for US accounts (a time after it is
 * dropped), or — for a number cell of an XLSX — an Excel serial. D/M/YYYY is never guessed.
 */
export function importDate(text: string, excelSerial = false): IsoDate {
  return excelSerial ? serialDates(text) : textDates(text);
}

/**
 * A reading kept per distinct cell text (a file repeats its dates and terms row after row);
 * refusals are not kept. At most 10,000 texts are held.
 */
function remembered<T>(read: (text: string) => T): (text: string) => T {
  const seen = new Map<string, T>();
  return (text) => {
    let value = seen.get(text);
    if (value === undefined) {
      value = read(text);
      if (seen.size >= 10_000) seen.clear();
      seen.set(text, value);
    }
    return value;
  };
}

const textDates = remembered((text) => readDate(text, false));
const serialDates = remembered((text) => readDate(text, true));

function readDate(text: string, excelSerial: boolean): IsoDate {
  const value = text.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/.exec(value);
  if (iso && isValidIsoDate(iso[1]!)) return iso[1]!;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AaPp][Mm])?)?$/.exec(value);
  if (us) {
    const date = isoOf(Number(us[3]), Number(us[1]), Number(us[2]));
    if (isValidIsoDate(date)) return date;
  }
  if (excelSerial && /^\d{1,7}(\.\d+)?$/.test(value)) {
    const serial = Number(value);
    if (serial >= 1 && serial <= 2_958_465) {
      const date = excelSerialDate(serial);
      if (isValidIsoDate(date)) return date;
    }
  }
  return refuse(`${shown(value)} is not a date; write YYYY-MM-DD (2026-09-01) or M/D/YYYY as NetSuite exports US dates (9/1/2026)${excelSerial ? ', or use a date cell' : ''}.`);
}

const CURRENCY_SIGNS = /^[$€£¥]|[$€£¥]$/g;

/**
 * An amount as an exact decimal string ("-1234.50"): thousands separators "," in groups of
 * three, a leading "$", "€", "£" or "¥" and accounting parentheses for negatives are
 * accepted; a decimal comma ("1.234,50") is refused rather than guessed.
 */
export function importAmount(text: string): string {
  let value = text.trim().replace(/\s/g, '');
  let negative = false;
  const parens = /^\((.*)\)$/.exec(value);
  if (parens) {
    negative = true;
    value = parens[1]!;
  }
  if (value.startsWith('-')) {
    negative = !negative;
    value = value.slice(1);
  }
  value = value.replace(CURRENCY_SIGNS, '');
  if (value.startsWith('-') && !negative) {
    negative = true;
    value = value.slice(1);
  }
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(value)) {
    return refuse(`${shown(text.trim())} is not an amount; write digits with a decimal point, e.g. 1250.00 or 1,250.00 ((1,250.00) or -1250.00 for a negative amount).`);
  }
  const plain = value.replace(/,/g, '');
  return negative && !/^0+(\.0+)?$/.test(plain) ? `-${plain}` : plain;
}

/** A whole number (months of a term): "12" or "12.0". */
export function importWholeNumber(text: string, what: string, max: number): number {
  const value = text.trim();
  const n = /^\d{1,6}(\.0+)?$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) return refuse(`${shown(value)} is not ${what}; write a whole number from 1 to ${max}.`);
  return n;
}

/**
 * Payment terms in Ledgerline's form (NET30, 2/10 NET30, DUE_ON_RECEIPT …) from what the
 * file says, NetSuite's names included: "Net 30" → NET30, "Due on receipt" → DUE_ON_RECEIPT,
 * "2% 10 Net 30" → 2/10 NET30, "End of Month" → EOM.
 */
export function importTerms(text: string): string {
  return terms(text);
}

const terms = remembered((text) => {
  const value = text.trim().replace(/\s+/g, ' ');
  const netsuiteDiscount = /^(\d{1,2}(?:\.\d{1,2})?) ?% ?(\d{1,3}),? ?net ?(\d{1,3})$/i.exec(value);
  let canonical = value;
  if (netsuiteDiscount) canonical = `${netsuiteDiscount[1]}/${netsuiteDiscount[2]} NET${netsuiteDiscount[3]}`;
  else if (/^due (on|upon) receipt$/i.test(value)) canonical = 'DUE_ON_RECEIPT';
  else if (/^end of month$/i.test(value)) canonical = 'EOM';
  return formatPaymentTerms(parsePaymentTerms(canonical, FIELD));
});

export function importCurrency(text: string): string {
  return parseCurrency(text, FIELD);
}

/** Emails separated by ";" or "," (as Salesforce and NetSuite join them), each checked. */
export function importEmails(text: string): string[] {
  return text.split(/[;,]/).map((e) => e.trim()).filter((e) => e !== '').map((e) => parseEmail(e, FIELD));
}

const COUNTRY_ALIASES: Record<string, string> = {
  usa: 'US', us: 'US', unitedstatesofamerica: 'US', america: 'US', uk: 'GB', greatbritain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB',
  northernireland: 'GB', holland: 'NL', thenetherlands: 'NL', southkorea: 'KR', korea: 'KR', russia: 'RU', czechia: 'CZ', czechrepublic: 'CZ',
  turkey: 'TR', turkiye: 'TR', uae: 'AE', vietnam: 'VN', hongkong: 'HK', macau: 'MO', taiwan: 'TW', ivorycoast: 'CI', swaziland: 'SZ',
};
let countryNames: Map<string, string> | null = null;
const countryKey = (name: string) => name.normalize('NFKD').toLowerCase().replace(/[^a-z]/g, '');

/** English country names (CLDR, via Intl) → ISO 3166-1 alpha-2. */
function countryByName(): Map<string, string> {
  if (countryNames) return countryNames;
  const names = new Map<string, string>(Object.entries(COUNTRY_ALIASES));
  const display = new Intl.DisplayNames(['en'], { type: 'region' });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (!isCountryCode(code)) continue;
      const name = display.of(code);
      if (name && name !== code && !names.has(countryKey(name))) names.set(countryKey(name), code);
    }
  }
  countryNames = names;
  return names;
}

/** A country as an ISO 3166-1 alpha-2 code, from the code itself or the country's English name. */
export function importCountry(text: string): string {
  const value = text.trim();
  if (/^[A-Za-z]{2}$/.test(value) && isCountryCode(value.toUpperCase())) return value.toUpperCase();
  const code = countryByName().get(countryKey(value));
  return code ?? refuse(`${shown(value)} is not a country this import knows; write its ISO 3166-1 two-letter code (US, DE, GB, FR …) or its English name (United States, Germany …).`);
}

export function importChoice<T extends string>(text: string, choices: readonly T[], what: string): T {
  const value = text.trim().toUpperCase().replace(/[\s-]+/g, '_');
  const found = choices.find((c) => c === value);
  return found ?? refuse(`${shown(text.trim())} is not ${what}; accepted: ${choices.join(', ')}.`);
}

/** The message of a value refused, or null: for collecting a row's problems. */
export function refusalOf(error: unknown): string | null {
  return error instanceof UserInputError ? error.errors.map((e) => e.message).join(' ') : null;
}
