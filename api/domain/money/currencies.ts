// ISO 4217 active currency codes and their minor units (number of decimals).

const ZERO_DECIMALS = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const THREE_DECIMALS = 'BHD IQD JOD KWD LYD OMR TND';
const FOUR_DECIMALS = 'CLF UYW';
const TWO_DECIMALS = `AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD
  BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD
  FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK
  LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR
  NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC
  SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG`;

const MINOR_UNITS: ReadonlyMap<string, number> = new Map([
  ...ZERO_DECIMALS.split(/\s+/).map((c) => [c, 0] as const),
  ...TWO_DECIMALS.split(/\s+/).map((c) => [c, 2] as const),
  ...THREE_DECIMALS.split(/\s+/).map((c) => [c, 3] as const),
  ...FOUR_DECIMALS.split(/\s+/).map((c) => [c, 4] as const),
]);

export function isCurrencyCode(code: string): boolean {
  return MINOR_UNITS.has(code);
}

/** Decimals of the currency's minor unit (USD 2, JPY 0, KWD 3). Throws for unknown codes. */
export function minorUnitsOf(code: string): number {
  const units = MINOR_UNITS.get(code);
  if (units === undefined) throw new Error(`Unknown currency ${code}`);
  return units;
}
