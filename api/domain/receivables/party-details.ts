// Letterhead, billing address and remittance details of entities and customers, and the people
// collectors talk to at a customer: checked as they come in, stored as documents print them
// (codes upper case, IBAN without spaces).
import { ErrorCode, UserInputError, type ErrorCollector } from '../errors.js';
import { LIMITS, optionalText, parseEmail, requireText } from '../text.js';

/** Lengths of the parties' details (UBL and bank formats bound most of them). */
export const PARTY_LIMITS = {
  legalName: 200,
  addressLine: 200,
  /** Street, additional street, one more line: what UBL's PostalAddress holds. */
  addressLines: 3,
  city: 100,
  postalCode: 20,
  taxId: 50,
  bankName: 200,
  /** ISO 13616: at most 34 characters. */
  iban: 34,
  accountNumber: 34,
} as const;

// ISO 3166-1 alpha-2, officially assigned codes (249). Intl.DisplayNames would also accept
// codes that are not countries (EU, UN, ZZ) or are reserved (UK), so the list is spelt out.
const COUNTRY_CODES: ReadonlySet<string> = new Set(
  `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
  CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
  GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
  KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT
  MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
  SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
  UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`.split(/\s+/),
);

export function isCountryCode(code: string): boolean {
  return COUNTRY_CODES.has(code);
}

/** An ISO 3166-1 alpha-2 country code ("de" → "DE"), or null when blank. */
export function parseCountryCode(value: string | null | undefined, field: string[]): string | null {
  const text = optionalText(value, field, { max: 10, what: 'The country code' });
  if (text === null) return null;
  const code = text.toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || !isCountryCode(code)) {
    throw UserInputError.of(field, `"${text}" is not an ISO 3166-1 alpha-2 country code; use two letters such as US, DE, GB, FR, JP.`);
  }
  return code;
}

/** Up to PARTY_LIMITS.addressLines lines, each trimmed; blank lines are dropped. */
export function parseAddressLines(values: readonly string[] | null | undefined, field: string[]): string[] {
  const lines = (values ?? []).flatMap((value, i) => {
    const line = optionalText(value, [...field, String(i)], { max: PARTY_LIMITS.addressLine, what: 'An address line' });
    return line === null ? [] : [line];
  });
  if (lines.length > PARTY_LIMITS.addressLines) {
    throw UserInputError.of(field, `${lines.length} address lines given; at most ${PARTY_LIMITS.addressLines} are accepted (city, postal code and country have their own fields).`, ErrorCode.OUT_OF_RANGE);
  }
  return lines;
}

/**
 * An IBAN (ISO 13616) in its electronic form, upper case without spaces ("DE89 3704 0044 0532
 * 0130 00" → "DE89370400440532013000"): a country code, two check digits that make the number
 * ≡ 1 (mod 97), then up to 30 letters and digits. Null when blank.
 */
export function parseIban(value: string | null | undefined, field: string[]): string | null {
  const text = optionalText(value, field, { max: 50, what: 'The IBAN' });
  if (text === null) return null;
  const iban = text.replace(/[\s-]/g, '').toUpperCase();
  const example = 'e.g. DE89 3704 0044 0532 0130 00';
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) {
    throw UserInputError.of(field, `"${text.slice(0, 50)}" is not an IBAN: two letters, two check digits, then 11 to 30 letters and digits (${example}).`);
  }
  if (!isCountryCode(iban.slice(0, 2))) {
    throw UserInputError.of(field, `The IBAN starts with "${iban.slice(0, 2)}", which is not an ISO 3166-1 country code (${example}).`);
  }
  if (ibanRemainder(iban) !== 1) {
    throw UserInputError.of(field, `The IBAN ${iban} fails its check digits (ISO 13616 mod 97); check it for a typing error.`);
  }
  return iban;
}

/** The IBAN's mod-97 remainder (1 for a valid one): country and check digits moved to the end, letters as 10–35. */
export function ibanRemainder(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const digits = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/** A BIC (ISO 9362): bank (4 letters), country (2), location (2), optional branch (3); null when blank. */
export function parseBic(value: string | null | undefined, field: string[]): string | null {
  const text = optionalText(value, field, { max: 20, what: 'The BIC' });
  if (text === null) return null;
  const bic = text.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic) || !isCountryCode(bic.slice(4, 6))) {
    throw UserInputError.of(field, `"${text.slice(0, 20)}" is not a BIC: 8 or 11 characters, a 4-letter bank code, the country code, 2 location characters and an optional 3-character branch (e.g. DEUTDEFF or DEUTDEFF500).`);
  }
  return bic;
}

/** A tax id (VAT number, EIN …) as written, letters upper-cased; null when blank. */
export function parseTaxId(value: string | null | undefined, field: string[]): string | null {
  const text = optionalText(value, field, { max: PARTY_LIMITS.taxId, what: 'The tax id' });
  if (text === null) return null;
  if (!/^[A-Za-z0-9][A-Za-z0-9 .\-/]*$/.test(text)) {
    throw UserInputError.of(field, `The tax id "${text}" may hold only letters, digits, spaces, ".", "-" and "/" (e.g. DE123456789 or 12-3456789).`);
  }
  return text.toUpperCase();
}

/** A domestic bank account number (where there is no IBAN, e.g. in the US); null when blank. */
export function parseAccountNumber(value: string | null | undefined, field: string[]): string | null {
  const text = optionalText(value, field, { max: PARTY_LIMITS.accountNumber, what: 'The account number' });
  if (text === null) return null;
  if (!/^[A-Za-z0-9][A-Za-z0-9 \-]*$/.test(text)) {
    throw UserInputError.of(field, `The account number "${text}" may hold only letters, digits, spaces and "-".`);
  }
  return text;
}

/** An entity's letterhead and remittance details as inputs give them; undefined leaves a field as it is. */
export interface EntityDetailsInput {
  legalName?: string | null;
  addressLines?: string[] | null;
  city?: string | null;
  postalCode?: string | null;
  countryCode?: string | null;
  taxId?: string | null;
  bankName?: string | null;
  iban?: string | null;
  bic?: string | null;
  accountNumber?: string | null;
}

export interface EntityDetails {
  legalName: string | null;
  addressLines: string[];
  city: string | null;
  postalCode: string | null;
  countryCode: string | null;
  taxId: string | null;
  bankName: string | null;
  iban: string | null;
  bic: string | null;
  accountNumber: string | null;
}

/** The given details, checked; errors are collected under their field names. Null or blank clears a field. */
export function parseEntityDetails(input: EntityDetailsInput, errors: ErrorCollector): Partial<EntityDetails> {
  const given = <K extends keyof EntityDetailsInput>(key: K) => input[key] !== undefined;
  const details: Partial<EntityDetails> = {};
  const text = (key: 'legalName' | 'city' | 'postalCode' | 'bankName', what: string, max: number) => {
    if (given(key)) details[key] = errors.check(() => optionalText(input[key], [key], { max, what }));
  };
  text('legalName', 'The legal name', PARTY_LIMITS.legalName);
  text('city', 'The city', PARTY_LIMITS.city);
  text('postalCode', 'The postal code', PARTY_LIMITS.postalCode);
  text('bankName', 'The bank name', PARTY_LIMITS.bankName);
  if (given('addressLines')) details.addressLines = errors.check(() => parseAddressLines(input.addressLines, ['addressLines']));
  if (given('countryCode')) details.countryCode = errors.check(() => parseCountryCode(input.countryCode, ['countryCode']));
  if (given('taxId')) details.taxId = errors.check(() => parseTaxId(input.taxId, ['taxId']));
  if (given('iban')) details.iban = errors.check(() => parseIban(input.iban, ['iban']));
  if (given('bic')) details.bic = errors.check(() => parseBic(input.bic, ['bic']));
  if (given('accountNumber')) details.accountNumber = errors.check(() => parseAccountNumber(input.accountNumber, ['accountNumber']));
  return details;
}

/** A customer's billing address and tax id as inputs give them; undefined leaves a field as it is. */
export interface BillingDetailsInput {
  billingAddressLines?: string[] | null;
  billingCity?: string | null;
  billingPostalCode?: string | null;
  billingCountryCode?: string | null;
  taxId?: string | null;
}

export interface BillingDetails {
  billingAddressLines: string[];
  billingCity: string | null;
  billingPostalCode: string | null;
  billingCountryCode: string | null;
  taxId: string | null;
}

export function parseBillingDetails(input: BillingDetailsInput, errors: ErrorCollector): Partial<BillingDetails> {
  const details: Partial<BillingDetails> = {};
  if (input.billingAddressLines !== undefined) details.billingAddressLines = errors.check(() => parseAddressLines(input.billingAddressLines, ['billingAddressLines']));
  if (input.billingCity !== undefined) details.billingCity = errors.check(() => optionalText(input.billingCity, ['billingCity'], { max: PARTY_LIMITS.city, what: 'The billing city' }));
  if (input.billingPostalCode !== undefined) {
    details.billingPostalCode = errors.check(() => optionalText(input.billingPostalCode, ['billingPostalCode'], { max: PARTY_LIMITS.postalCode, what: 'The billing postal code' }));
  }
  if (input.billingCountryCode !== undefined) details.billingCountryCode = errors.check(() => parseCountryCode(input.billingCountryCode, ['billingCountryCode']));
  if (input.taxId !== undefined) details.taxId = errors.check(() => parseTaxId(input.taxId, ['taxId']));
  return details;
}

/** A person to talk to at a customer about its account, as inputs give it. */
export interface ContactInput {
  name: string;
  email?: string | null;
  phone?: string | null;
  role?: string | null;
}

export interface Contact {
  name: string;
  email: string | null;
  phone: string | null;
  role: string | null;
}

export const CONTACT_LIMITS = {
  /** A customer's contacts: the people collectors call, not an address book. */
  contacts: 20,
  phone: 50,
  role: 100,
} as const;

/**
 * A customer's contacts, checked, in the order given (which is the order they are listed in);
 * errors are collected under ["contacts", i, field]. Null or an empty list means no contacts.
 */
export function parseContacts(values: readonly ContactInput[] | null | undefined, errors: ErrorCollector): Contact[] {
  const list = values ?? [];
  if (list.length > CONTACT_LIMITS.contacts) {
    errors.add(['contacts'], `${list.length} contacts given; at most ${CONTACT_LIMITS.contacts} are accepted.`, ErrorCode.OUT_OF_RANGE);
  }
  return list.map((value, i) => {
    const at = (field: string) => ['contacts', String(i), field];
    const email = errors.check(() => optionalText(value.email, at('email'), { max: LIMITS.email, what: 'The email address' }));
    return {
      name: errors.check(() => requireText(value.name, at('name'), { max: LIMITS.name, what: "The contact's name" })) ?? '',
      email: email === null || email === undefined ? null : errors.check(() => parseEmail(email, at('email'))) ?? null,
      phone: errors.check(() => parsePhone(value.phone, at('phone'))) ?? null,
      role: errors.check(() => optionalText(value.role, at('role'), { max: CONTACT_LIMITS.role, what: 'The role' })) ?? null,
    };
  });
}

/** A phone number as written ("+49 30 1234-567", "(555) 010-2000 x12"); null when blank. */
export function parsePhone(value: string | null | undefined, field: string[]): string | null {
  const text = optionalText(value, field, { max: CONTACT_LIMITS.phone, what: 'The phone number' });
  if (text === null) return null;
  if (!/^\+?[0-9 ()./-]*[0-9][0-9 ()./-]*(\s*(x|ext\.?)\s*[0-9]+)?$/i.test(text)) {
    throw UserInputError.of(field, `"${text}" is not a phone number: digits, spaces, "+", "(", ")", "-", "." and "/", optionally an extension (e.g. +49 30 1234-567 or (555) 010-2000 x12).`);
  }
  return text;
}
