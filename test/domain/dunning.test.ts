// Dunning levels: NetSuite's worked example, the criteria left out, the letter rule, template
// variables, and the checks of a set of levels.
import { describe, expect, it } from 'vitest';
import {
  checkDunningLevels,
  dunningLetterLevel,
  dunningLevelFor,
  fillDunningTemplate,
  meetsLevel,
  type DunningCombine,
  type DunningLevelInput,
  type DunningLevelRule,
  type OverdueInvoice,
} from '../../api/domain/collections/dunning.js';
import { ErrorCollector } from '../../api/domain/errors.js';
import { money } from './support.js';

const rule = (level: number, minDaysOverdue: number, minInvoiceAmount: string | null, minOverdueBalance: string | null, combine: DunningCombine): DunningLevelRule => ({
  level,
  minDaysOverdue,
  minInvoiceAmount: minInvoiceAmount === null ? null : money(minInvoiceAmount),
  minOverdueBalance: minOverdueBalance === null ? null : money(minOverdueBalance),
  combine,
});
const overdue = (daysPastDue: number, openAmount: string, dunningLevel = 0): OverdueInvoice => ({ daysPastDue, openAmount: money(openAmount), dunningLevel });

describe("NetSuite's example: ten $10 invoices, each five days overdue", () => {
  const tenInvoices = Array.from({ length: 10 }, () => overdue(5, '10.00'));
  const levels = (combine: DunningCombine) => [rule(1, 1, '10', '100', combine), rule(2, 3, '30', '100', combine)];

  it('with AND the customer is at level 1: no invoice reaches $30', () => {
    expect(meetsLevel(levels('AND')[0]!, tenInvoices)).toBe(true);
    expect(meetsLevel(levels('AND')[1]!, tenInvoices)).toBe(false);
    expect(dunningLevelFor(levels('AND'), tenInvoices)).toBe(1);
  });

  it('with OR the customer is at level 2: 5 days ≥ 3 is enough', () => {
    expect(dunningLevelFor(levels('OR'), tenInvoices)).toBe(2);
  });

  it('a letter is due at that level until every invoice was dunned at it', () => {
    expect(dunningLetterLevel(levels('AND'), tenInvoices)).toBe(1);
    expect(dunningLetterLevel(levels('AND'), tenInvoices.map((i) => ({ ...i, dunningLevel: 1 })))).toBeNull();
    // One invoice dunned below the level brings a letter (listing all of them).
    expect(dunningLetterLevel(levels('OR'), [...tenInvoices.slice(1).map((i) => ({ ...i, dunningLevel: 2 })), overdue(5, '10.00', 1)])).toBe(2);
    // An invoice dunned above the customer's level now (part paid since) does not call for a lower letter.
    expect(dunningLetterLevel(levels('AND'), tenInvoices.map((i) => ({ ...i, dunningLevel: 2 })))).toBeNull();
  });
});

describe('criteria', () => {
  it('each threshold is inclusive (≥)', () => {
    const invoices = [overdue(30, '500.00'), overdue(10, '500.00')];
    expect(meetsLevel(rule(1, 30, null, null, 'AND'), invoices)).toBe(true);
    expect(meetsLevel(rule(1, 31, null, null, 'AND'), invoices)).toBe(false);
    expect(meetsLevel(rule(1, 0, '500', null, 'AND'), invoices)).toBe(true);
    expect(meetsLevel(rule(1, 0, '500.01', null, 'AND'), invoices)).toBe(false);
    expect(meetsLevel(rule(1, 0, null, '1000', 'AND'), invoices)).toBe(true);
    expect(meetsLevel(rule(1, 0, null, '1000.01', 'AND'), invoices)).toBe(false);
  });

  it('the days criterion reads the oldest invoice, the invoice criterion any single one, the balance the sum', () => {
    const invoices = [overdue(45, '5.00'), overdue(2, '80.00'), overdue(1, '20.00')];
    // 45 days (the $5 one) and $80 (another one) hold together under AND: criteria are per customer.
    expect(meetsLevel(rule(1, 45, '80', '105', 'AND'), invoices)).toBe(true);
    expect(meetsLevel(rule(1, 45, '80', '105.01', 'AND'), invoices)).toBe(false);
  });

  it('a null amount is left out; the days criterion is always there (0 days holds for any overdue invoice)', () => {
    const invoices = [overdue(3, '50.00')];
    // OR with 0 days: days ≥ 0 holds, so the level is met whatever the amount.
    expect(meetsLevel(rule(1, 0, '100', null, 'OR'), invoices)).toBe(true);
    // AND with 0 days: the amount decides.
    expect(meetsLevel(rule(1, 0, '100', null, 'AND'), invoices)).toBe(false);
    expect(meetsLevel(rule(1, 0, '50', null, 'AND'), invoices)).toBe(true);
    // AND with the amounts left out: only the days count.
    expect(meetsLevel(rule(1, 3, null, null, 'AND'), invoices)).toBe(true);
    expect(meetsLevel(rule(1, 4, null, null, 'AND'), invoices)).toBe(false);
  });

  it('no overdue invoices meet no level; a level of 0 days alone is met by any overdue invoice', () => {
    expect(dunningLevelFor([rule(1, 0, null, null, 'OR')], [])).toBe(0);
    expect(meetsLevel(rule(1, 0, null, null, 'OR'), [overdue(1, '0.01')])).toBe(true);
  });

  it('the highest level met wins, even when a middle level is not met', () => {
    const levels = [rule(1, 1, null, null, 'AND'), rule(2, 10, '1000', null, 'AND'), rule(3, 20, null, null, 'OR')];
    expect(dunningLevelFor(levels, [overdue(25, '10.00')])).toBe(3);
  });
});

describe('letters’ text', () => {
  it('fills the variables, with or without spaces inside the braces', () => {
    const text = fillDunningTemplate('Dear {{customerName}}, {{ currency }} {{overdueBalance}} is overdue ({{invoiceNumbers}}). {{portalLink}}', {
      customerName: 'Acme', customerCode: 'ACME', level: '2', asOf: '2026-11-25', overdueBalance: '1234.50', currency: 'USD', invoiceNumbers: 'US01-000001, US01-000002', portalLink: 'https://x/portal/abc',
    });
    expect(text).toBe('Dear Acme, USD 1234.50 is overdue (US01-000001, US01-000002). https://x/portal/abc');
  });
});

describe('checking a set of levels', () => {
  const level = (n: number, extra: Partial<DunningLevelInput> = {}): DunningLevelInput => ({
    level: n, minDaysOverdue: n * 10, minInvoiceAmount: null, minOverdueBalance: null, combine: 'AND', subject: `Reminder ${n}`, body: 'Please pay {{overdueBalance}} {{currency}}.', ...extra,
  });
  const check = (levels: DunningLevelInput[]) => {
    const errors = new ErrorCollector();
    const parsed = checkDunningLevels(levels, 'USD', errors);
    return { parsed, errors: errors.errors };
  };

  it("accepts NetSuite's levels and parses the amounts exactly", () => {
    const { parsed, errors } = check([level(1, { minDaysOverdue: 1, minInvoiceAmount: '10', minOverdueBalance: '100' }), level(2, { minDaysOverdue: 3, minInvoiceAmount: '30', minOverdueBalance: '100' })]);
    expect(errors).toEqual([]);
    expect(parsed[1]!.minInvoiceAmount!.toFixed(2)).toBe('30.00');
  });

  it('refuses levels out of order, a gap, or not starting at 1', () => {
    expect(check([level(2)]).errors).toEqual([expect.objectContaining({ field: ['levels', '0', 'level'], message: expect.stringContaining('level 1 is expected here') })]);
    expect(check([level(1), level(3)]).errors.map((e) => e.field)).toEqual([['levels', '1', 'level']]);
    expect(check([]).errors.map((e) => e.field)).toEqual([['levels']]);
  });

  it('refuses decreasing days and lower amount thresholds on a higher level', () => {
    const { errors } = check([
      level(1, { minDaysOverdue: 30, minInvoiceAmount: '100', minOverdueBalance: '500' }),
      level(2, { minDaysOverdue: 15, minInvoiceAmount: '50', minOverdueBalance: '400' }),
    ]);
    expect(errors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['levels.1.minDaysOverdue', 'OUT_OF_RANGE'],
      ['levels.1.minInvoiceAmount', 'OUT_OF_RANGE'],
      ['levels.1.minOverdueBalance', 'OUT_OF_RANGE'],
    ]);
  });

  it('refuses two levels with the very same criteria (overlapping); takes a level of 0 days alone (any overdue invoice)', () => {
    expect(check([level(1, { minDaysOverdue: 5 }), level(2, { minDaysOverdue: 5 })]).errors.map((e) => e.field)).toEqual([['levels', '1']]);
    expect(check([level(1, { minDaysOverdue: 0 })]).errors).toEqual([]);
    // Equal days with a higher amount is a distinct, harder level.
    expect(check([level(1, { minDaysOverdue: 5 }), level(2, { minDaysOverdue: 5, minOverdueBalance: '1000' })]).errors).toEqual([]);
  });

  it('refuses amounts that are not positive or have more decimals than the base currency', () => {
    const { errors } = check([level(1, { minInvoiceAmount: '0' }), level(2, { minOverdueBalance: '10.001' })]);
    expect(errors.map((e) => e.field.join('.'))).toEqual(['levels.0.minInvoiceAmount', 'levels.1.minOverdueBalance']);
  });

  it('refuses unknown variables, blank text and negative days', () => {
    const { errors } = check([level(1, { subject: 'Hi {{firstName}}', body: ' ', minDaysOverdue: -1 })]);
    expect(errors.map((e) => e.field.join('.')).sort()).toEqual(['levels.0.body', 'levels.0.minDaysOverdue', 'levels.0.subject']);
    expect(errors.find((e) => e.field[2] === 'subject')!.message).toContain('{{customerName}}');
  });
});
