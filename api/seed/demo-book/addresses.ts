// Customers' billing addresses and tax ids: in their entity's country, in a customer named
// after a city in that city, with tax ids whose check digits hold (German and UK VAT numbers,
// Japanese invoice registration numbers, US EINs). Drawn from their own random stream, so the
// rest of the book is the same as without them.
import type { EntitySpec } from './catalogue.js';
import type { Random } from './random.js';

export interface BillingAddress {
  lines: string[];
  city: string;
  postalCode: string;
  countryCode: string;
  taxId: string;
}

export function billingAddressFor(entity: EntitySpec, customerName: string, rng: Random): BillingAddress {
  const named = entity.cities.findIndex((city) => customerName.includes(` ${city} `));
  const [city, postalCode] = entity.postalTowns[named >= 0 ? named : rng.int(0, entity.postalTowns.length - 1)]!;
  const street = rng.pick(entity.streets);
  const lines = (() => {
    switch (entity.countryCode) {
      case 'DE':
        return [`${street} ${rng.int(1, 180)}`];
      case 'JP':
        return [`${rng.int(1, 9)}-${rng.int(1, 30)}-${rng.int(1, 20)} ${street}`, rng.pick(['Kita-ku', 'Chuo-ku', 'Naka-ku', 'Nishi-ku', 'Minami-ku'])];
      case 'US':
        return rng.chance(0.4) ? [`${rng.int(100, 9800)} ${street}`, `Suite ${rng.int(1, 40) * 100}`] : [`${rng.int(100, 9800)} ${street}`];
      default:
        return [`${rng.int(1, 240)} ${street}`];
    }
  })();
  return { lines, city, postalCode, countryCode: entity.countryCode, taxId: taxIdFor(entity.countryCode, rng) };
}

const digits = (rng: Random, count: number) => Array.from({ length: count }, (_, i) => rng.int(i === 0 ? 1 : 0, 9)).join('');

function taxIdFor(countryCode: string, rng: Random): string {
  switch (countryCode) {
    case 'DE':
      return germanVatId(digits(rng, 8));
    case 'GB':
      return ukVatNumber(digits(rng, 7));
    case 'JP':
      return japaneseRegistrationNumber(digits(rng, 12));
    default:
      return `${digits(rng, 2)}-${digits(rng, 7)}`;
  }
}

/** DE + 8 digits + the ISO 7064 MOD 11,10 check digit (DE136695976). */
export function germanVatId(base: string): string {
  let product = 10;
  for (const char of base) {
    const sum = (Number(char) + product) % 10 || 10;
    product = (2 * sum) % 11;
  }
  return `DE${base}${(11 - product) % 10}`;
}

/** GB + 7 digits + two check digits: Σ digit × (8 … 2) + check ≡ 0 (mod 97). */
export function ukVatNumber(base: string): string {
  const sum = [...base].reduce((total, char, i) => total + Number(char) * (8 - i), 0);
  return `GB${base}${String((97 - (sum % 97)) % 97).padStart(2, '0')}`;
}

/** T + the corporate number: a check digit 9 − (Σ digit × 1 or 2 from the right, mod 9), then 12 digits. */
export function japaneseRegistrationNumber(base: string): string {
  const sum = [...base].reverse().reduce((total, char, i) => total + Number(char) * (i % 2 === 0 ? 1 : 2), 0);
  return `T${9 - (sum % 9)}${base}`;
}
