// Cell conversions: Excel serial dates ↔ ISO, decimals shown as numbers but pushed as exact
// decimal text, blanks written as '' (never null, which would leave stale values on refresh).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cellToDecimalString,
  cellToIsoDate,
  cellToPercentString,
  displayCell,
  isoToSerial,
  numberToDecimalString,
  padDecimal,
  sameCell,
  shiftDecimal,
  serialToIso,
  textToDecimalString,
  toCell,
  toRow,
} from '../../../addin/sheets/cells.js';

describe('Excel serial dates', () => {
  it('matches the serial numbers Excel shows', () => {
    expect(isoToSerial('1900-03-01')).toBe(61); // after Excel's phantom 1900-02-29
    expect(isoToSerial('2025-01-01')).toBe(45658);
    expect(isoToSerial('2026-11-25')).toBe(46351);
    expect(serialToIso(45658)).toBe('2025-01-01');
    expect(serialToIso(46351.75)).toBe('2026-11-25'); // a time of day is dropped
  });

  it('refuses dates that do not exist', () => {
    expect(() => isoToSerial('2026-02-29')).toThrow(/not a calendar date/);
    expect(() => isoToSerial('25/11/2026')).toThrow(/YYYY-MM-DD/);
  });

  it('round-trips every date from 1900-03-01 to 9999-12-31', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-03-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(serialToIso(isoToSerial(iso))).toBe(iso);
      }),
    );
  });

  it('reads a date cell as a serial number or unambiguous ISO text, nothing else', () => {
    expect(cellToIsoDate(46351)).toBe('2026-11-25');
    expect(cellToIsoDate(' 2026-12-31 ')).toBe('2026-12-31');
    expect(cellToIsoDate('12/31/2026')).toBeNull();
    expect(cellToIsoDate('2026-13-01')).toBeNull();
    expect(cellToIsoDate(-3)).toBeNull();
  });
});

describe('decimals', () => {
  it('shows API decimals as numbers and blanks as empty strings', () => {
    expect(toCell('1234.50', 'money')).toBe(1234.5);
    expect(toCell('1234', 'money')).toBe(1234);
    expect(toCell(null, 'money')).toBe('');
    expect(toCell(null, 'date')).toBe('');
    expect(toCell('2026-11-25', 'date')).toBe(46351);
    expect(toCell(true, 'text')).toBe('Yes');
    expect(toRow([{ key: 'a', kind: 'money' }, { key: 'b', kind: 'text' }], { a: '10.00', b: null })).toEqual({ a: 10, b: '' });
  });

  it('writes an edited number as the decimal a person typed, without float noise', () => {
    expect(numberToDecimalString(1234.56)).toBe('1234.56');
    expect(numberToDecimalString(0.1 + 0.2)).toBe('0.3');
    expect(numberToDecimalString(3.3000000000000003)).toBe('3.3');
    expect(numberToDecimalString(1e21)).toBe('1000000000000000000000');
    expect(numberToDecimalString(1e-7)).toBe('0.0000001');
    expect(numberToDecimalString(-0.5)).toBe('-0.5');
    expect(numberToDecimalString(123456789012.34)).toBe('123456789012.34');
    expect(numberToDecimalString(-0)).toBe('0');
  });

  it('keeps every amount with up to 15 significant digits exact', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), fc.integer({ min: 0, max: 2 }), (units, places) => {
        const text = places === 0 ? units.toString() : (Number(units) / 10 ** places).toFixed(places);
        const expected = textToDecimalString(text)!;
        expect(numberToDecimalString(Number(text))).toBe(expected);
      }),
    );
  });

  it('reads numbers typed or pasted as text', () => {
    expect(textToDecimalString('1,234.50')).toBe('1234.5');
    expect(textToDecimalString(' 45 ')).toBe('45');
    expect(textToDecimalString('-0')).toBe('0');
    expect(textToDecimalString('.5')).toBe('0.5');
    expect(textToDecimalString('abc')).toBeNull();
    expect(textToDecimalString('1,2345')).toBeNull();
    expect(cellToDecimalString(true)).toBeNull();
    expect(padDecimal('1300', 2)).toBe('1300.00');
    expect(padDecimal('1300.5', 2)).toBe('1300.50');
    expect(padDecimal('1300', 0)).toBe('1300');
  });

  it('treats the same value in another form as unchanged', () => {
    expect(sameCell('40', 40, 'decimal')).toBe(true);
    expect(sameCell('', undefined, 'money')).toBe(true);
    expect(sameCell('2026-11-25', 46351, 'date')).toBe(true);
    expect(sameCell(40, 40.5, 'decimal')).toBe(false);
    expect(sameCell('', 0, 'money')).toBe(false);
    expect(sameCell('abc', 40, 'integer')).toBe(false);
  });

  it('displays values the way the pane lists them', () => {
    expect(displayCell(1234.5, 'money')).toBe('1,234.50');
    expect(displayCell(46351, 'date')).toBe('2026-11-25');
    expect(displayCell('', 'text')).toBe('(blank)');
    expect(displayCell(0.45, 'percent')).toBe('45%');
    expect(displayCell(0.145, 'percent')).toBe('14.5%');
  });
});

describe('percentages', () => {
  it('are percentage cells: the API\'s 0–100 value is the fraction in the cell, and back, exactly', () => {
    expect(toCell('45', 'percent')).toBe(0.45);
    expect(toCell('62.5', 'percent')).toBe(0.625);
    expect(toCell('100', 'percent')).toBe(1);
    expect(toCell('0.01', 'percent')).toBe(0.0001);
    expect(cellToPercentString(0.45)).toBe('45');
    expect(cellToPercentString(0.145)).toBe('14.5'); // 0.145 * 100 is 14.499999999999998 in floats
    expect(cellToPercentString(0.07)).toBe('7'); // 0.07 * 100 is 7.000000000000001
    expect(cellToPercentString(-0.005)).toBe('-0.5');
    expect(cellToPercentString('45%')).toBe('45'); // text that stayed text reads as it shows
    expect(cellToPercentString('most')).toBeNull();
  });

  it('moves the decimal point in the text', () => {
    expect(shiftDecimal('45', -2)).toBe('0.45');
    expect(shiftDecimal('0.145', 2)).toBe('14.5');
    expect(shiftDecimal('1', 2)).toBe('100');
    expect(shiftDecimal('-3.5', -2)).toBe('-0.035');
    expect(shiftDecimal('0', 2)).toBe('0');
  });

  it('round-trips every percentage with up to 4 decimals from 0 to 100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (tenThousandths) => {
        const percent = numberToDecimalString(tenThousandths / 10_000);
        expect(cellToPercentString(toCell(percent, 'percent') as number)).toBe(percent);
      }),
    );
  });

  it('count as unchanged in any form that shows the same percentage', () => {
    expect(sameCell(0.45, '45%', 'percent')).toBe(true);
    expect(sameCell(0.145, 0.14500000000000002, 'percent')).toBe(true);
    expect(sameCell(0.45, 0.46, 'percent')).toBe(false);
  });
});
