// todayIn: the business date in a time zone, remembered for the minute it was asked in. The
// cache must never give yesterday's date a moment after midnight, in any zone.
import { describe, expect, it } from 'vitest';
import { todayIn } from '../../api/config.js';

describe('todayIn', () => {
  it('turns the date at local midnight, to the millisecond, whatever was asked the minute before', () => {
    const at = (iso: string) => new Date(iso);
    // New York is UTC−5 in December: midnight there is 05:00Z.
    expect(todayIn('America/New_York', at('2026-12-01T04:59:00.000Z'))).toBe('2026-11-30');
    expect(todayIn('America/New_York', at('2026-12-01T04:59:59.999Z'))).toBe('2026-11-30');
    expect(todayIn('America/New_York', at('2026-12-01T05:00:00.000Z'))).toBe('2026-12-01');
    // Back to a minute asked before: still that minute's date.
    expect(todayIn('America/New_York', at('2026-12-01T04:59:30.000Z'))).toBe('2026-11-30');
    // Half-hour and +14 zones turn on whole minutes too.
    expect(todayIn('Asia/Kolkata', at('2026-11-30T18:29:59.000Z'))).toBe('2026-11-30');
    expect(todayIn('Asia/Kolkata', at('2026-11-30T18:30:00.000Z'))).toBe('2026-12-01');
    expect(todayIn('Pacific/Kiritimati', at('2026-11-30T09:59:59.000Z'))).toBe('2026-11-30');
    expect(todayIn('Pacific/Kiritimati', at('2026-11-30T10:00:00.000Z'))).toBe('2026-12-01');
    // Each zone has its own answer for the same minute.
    expect(todayIn('UTC', at('2026-11-30T23:59:00.000Z'))).toBe('2026-11-30');
    expect(todayIn('Asia/Tokyo', at('2026-11-30T23:59:00.000Z'))).toBe('2026-12-01');
  });
});
