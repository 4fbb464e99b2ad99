// Dunning levels (PRODUCT.md, "Dunning"): which level a customer's overdue invoices meet, whether
// that calls for a letter, and the checks of a set of levels. Pure: overdue invoices come in
// with their open amounts already translated to the base currency as of the run's date.
//
// A level's criteria, joined by its `combine` (AND: all, OR: any):
//   days     the oldest overdue invoice's days past due ≥ minDaysOverdue (always a criterion,
//            as PRODUCT.md states it: with 0 or 1 it holds for any overdue invoice, so a level
//            of minDaysOverdue alone is met by any customer with one);
//   invoice  some overdue invoice's open amount ≥ minInvoiceAmount (null leaves it out);
//   balance  the total overdue balance ≥ minOverdueBalance (null leaves it out).
// A customer's level is the highest level met; a letter goes out when some overdue invoice was
// last dunned below that level, and lists all its overdue invoices.
import { ErrorCode, type ErrorCollector } from '../errors.js';
import { formatMoney, Money, parseAmount, sumMoney, MAX_AMOUNT } from '../money/money.js';
import { LIMITS, requireText } from '../text.js';

export type DunningCombine = 'AND' | 'OR';

export interface DunningLevelRule {
  level: number;
  minDaysOverdue: number;
  minInvoiceAmount: Money | null;
  minOverdueBalance: Money | null;
  combine: DunningCombine;
}

export interface OverdueInvoice {
  daysPastDue: number;
  /** Open amount as of the run's date, in the base currency. */
  openAmount: Money;
  /** The highest level a letter listing it was sent at (0: never dunned). */
  dunningLevel: number;
}

/** The criteria a level sets, each true or false for these invoices; a left-out criterion is absent. */
export function levelCriteria(rule: DunningLevelRule, invoices: readonly OverdueInvoice[]): boolean[] {
  const criteria: boolean[] = [];
  criteria.push(invoices.some((i) => i.daysPastDue >= rule.minDaysOverdue));
  if (rule.minInvoiceAmount !== null) criteria.push(invoices.some((i) => i.openAmount.gte(rule.minInvoiceAmount!)));
  if (rule.minOverdueBalance !== null) criteria.push(sumMoney(invoices.map((i) => i.openAmount)).gte(rule.minOverdueBalance));
  return criteria;
}

export function meetsLevel(rule: DunningLevelRule, invoices: readonly OverdueInvoice[]): boolean {
  if (invoices.length === 0) return false;
  const criteria = levelCriteria(rule, invoices);
  return rule.combine === 'AND' ? criteria.every(Boolean) : criteria.some(Boolean);
}

/** The highest level met, or 0 when none is. */
export function dunningLevelFor(levels: readonly DunningLevelRule[], invoices: readonly OverdueInvoice[]): number {
  return levels.reduce((highest, rule) => (rule.level > highest && meetsLevel(rule, invoices) ? rule.level : highest), 0);
}

/** The level a letter is due at, or null when no letter is due (no level met, or every invoice was dunned at it already). */
export function dunningLetterLevel(levels: readonly DunningLevelRule[], invoices: readonly OverdueInvoice[]): number | null {
  const level = dunningLevelFor(levels, invoices);
  if (level === 0 || !invoices.some((i) => i.dunningLevel < level)) return null;
  return level;
}

// ---------------------------------------------------------------------------------------------
// Letters' text

/** Variables a level's subject and body may carry, written {{name}}. */
export const DUNNING_TEMPLATE_VARIABLES = ['customerName', 'customerCode', 'level', 'asOf', 'overdueBalance', 'currency', 'invoiceNumbers', 'portalLink'] as const;
export type DunningTemplateVariable = (typeof DUNNING_TEMPLATE_VARIABLES)[number];

const VARIABLE = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Fills {{variable}}s in; call only on text checkDunningLevels accepted. */
export function fillDunningTemplate(text: string, values: Record<DunningTemplateVariable, string>): string {
  return text.replace(VARIABLE, (whole, name: string) => (name in values ? values[name as DunningTemplateVariable] : whole));
}

// ---------------------------------------------------------------------------------------------
// Checking a set of levels

export interface DunningLevelInput {
  level: number;
  minDaysOverdue: number;
  minInvoiceAmount?: string | null;
  minOverdueBalance?: string | null;
  combine: DunningCombine;
  subject: string;
  body: string;
}

export interface DunningLevelSetting extends DunningLevelRule {
  subject: string;
  body: string;
}

export const MAX_DUNNING_LEVELS = 10;
export const MAX_DUNNING_DAYS = 3650;
const SUBJECT_MAX = 200;

/**
 * Checks a whole set of levels, collecting every problem: numbered 1, 2, … in order; amounts positive in the base currency's minor units; and each level
 * no easier than the one below: minDaysOverdue non-decreasing, an amount threshold set on both
 * not below the lower one's, and not the very same criteria (the lower level could never be the
 * highest met). Returns the parsed levels (meaningful only when nothing was collected).
 */
export function checkDunningLevels(levels: readonly DunningLevelInput[], baseCurrency: string, errors: ErrorCollector): DunningLevelSetting[] {
  if (levels.length === 0) errors.add(['levels'], 'Give at least one level (level 1).');
  if (levels.length > MAX_DUNNING_LEVELS) errors.add(['levels'], `${levels.length} levels given; at most ${MAX_DUNNING_LEVELS}.`, ErrorCode.OUT_OF_RANGE);
  const parsed = levels.map((input, index) => {
    const at = ['levels', String(index)];
    if (input.level !== index + 1) {
      errors.add([...at, 'level'], `Levels are numbered 1, 2, … in order; level ${index + 1} is expected here, not ${input.level}.`);
    }
    if (!Number.isInteger(input.minDaysOverdue) || input.minDaysOverdue < 0 || input.minDaysOverdue > MAX_DUNNING_DAYS) {
      errors.add([...at, 'minDaysOverdue'], `minDaysOverdue is a whole number of days from 0 to ${MAX_DUNNING_DAYS}; got ${input.minDaysOverdue}.`, ErrorCode.OUT_OF_RANGE);
    }
    const amount = (value: string | null | undefined, name: string) =>
      value === null || value === undefined ? null : errors.check(() => parseAmount(value, [...at, name], { currency: baseCurrency, below: MAX_AMOUNT, what: `${name} (${baseCurrency})` })) ?? null;
    const minInvoiceAmount = amount(input.minInvoiceAmount, 'minInvoiceAmount');
    const minOverdueBalance = amount(input.minOverdueBalance, 'minOverdueBalance');
    if (input.combine !== 'AND' && input.combine !== 'OR') errors.add([...at, 'combine'], `combine is AND or OR; got ${String(input.combine)}.`);
    const subject = errors.check(() => requireText(input.subject, [...at, 'subject'], { max: SUBJECT_MAX, what: 'The subject' })) ?? '';
    const body = errors.check(() => requireText(input.body, [...at, 'body'], { max: LIMITS.note, what: 'The body' })) ?? '';
    for (const [name, text] of [['subject', subject], ['body', body]] as const) {
      const unknown = [...text.matchAll(VARIABLE)].map((match) => match[1]!).filter((v) => !(DUNNING_TEMPLATE_VARIABLES as readonly string[]).includes(v));
      if (unknown.length > 0) {
        errors.add([...at, name], `{{${unknown[0]}}} is not a variable; the ${name} may use ${DUNNING_TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', ')}.`);
      }
    }
    return { level: input.level, minDaysOverdue: input.minDaysOverdue, minInvoiceAmount, minOverdueBalance, combine: input.combine, subject, body };
  });

  for (let i = 1; i < parsed.length; i += 1) {
    const [lower, higher] = [parsed[i - 1]!, parsed[i]!];
    const at = ['levels', String(i)];
    if (higher.minDaysOverdue < lower.minDaysOverdue) {
      errors.add([...at, 'minDaysOverdue'], `Level ${i + 1} asks ${higher.minDaysOverdue} days overdue, fewer than level ${i} (${lower.minDaysOverdue}); minDaysOverdue may not decrease from one level to the next.`, ErrorCode.OUT_OF_RANGE);
    }
    for (const name of ['minInvoiceAmount', 'minOverdueBalance'] as const) {
      const [below, above] = [lower[name], higher[name]];
      if (below !== null && above !== null && above.lt(below)) {
        errors.add([...at, name], `Level ${i + 1}'s ${name} ${formatMoney(above, baseCurrency)} is below level ${i}'s ${formatMoney(below, baseCurrency)}; a higher level may not ask less.`, ErrorCode.OUT_OF_RANGE);
      }
    }
    const same = (a: Money | null, b: Money | null) => (a === null ? b === null : b !== null && a.eq(b));
    if (higher.combine === lower.combine && higher.minDaysOverdue === lower.minDaysOverdue
      && same(higher.minInvoiceAmount, lower.minInvoiceAmount) && same(higher.minOverdueBalance, lower.minOverdueBalance)) {
      errors.add(at, `Level ${i + 1} has the same criteria as level ${i}, so level ${i} could never be reached; make level ${i + 1} ask more.`);
    }
  }
  return parsed;
}
