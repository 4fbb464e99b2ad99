// A payer's bank account as customers' bankAccounts keep it and statement lines are compared:
// upper case, without spaces, dashes or dots (an IBAN is printed in groups of four; BAI2 and
// CSV account numbers come with separators).

import { ErrorCode, type ErrorCollector } from '../errors.js';

const SEPARATORS = /[\s\-.]/g;
const ACCOUNT = /^[A-Z0-9]{4,34}$/;

/** The compared form of an account, or null when the text holds none (4–34 letters and digits). */
export function normalizeBankAccount(text: string | null | undefined): string | null {
  if (text == null) return null;
  const account = text.toUpperCase().replace(SEPARATORS, '');
  return ACCOUNT.test(account) ? account : null;
}

export const MAX_BANK_ACCOUNTS = 20;

/** A customer's bankAccounts as given: each normalized, duplicates dropped, at most 20. */
export function parseBankAccounts(values: readonly string[] | null | undefined, errors: ErrorCollector): string[] {
  const accounts: string[] = [];
  (values ?? []).forEach((value, i) => {
    const account = normalizeBankAccount(value);
    if (account === null) {
      errors.add(['bankAccounts', String(i)], `"${String(value).slice(0, 60)}" is not a bank account: give an IBAN or account number of 4–34 letters and digits (spaces, dashes and dots are ignored).`);
    } else if (!accounts.includes(account)) {
      accounts.push(account);
    }
  });
  if (accounts.length > MAX_BANK_ACCOUNTS) errors.add(['bankAccounts'], `${accounts.length} bank accounts given; at most ${MAX_BANK_ACCOUNTS} are accepted.`, ErrorCode.OUT_OF_RANGE);
  return accounts;
}
