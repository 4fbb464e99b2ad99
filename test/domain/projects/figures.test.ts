import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../api/domain/dates.js';
import { formatMoney, Money } from '../../../api/domain/money/money.js';
import { healthOf, projectFigures, riskScore, scheduleVarianceDays, type ProjectFacts, type ProjectFigures, type Rag } from '../../../api/domain/projects/figures.js';
import { amountArb, decimalFromMinor } from '../support.js';

/** The published example's project: 1 January 2026 to a baseline end of 11 April 2026 (100 days), budget 4,000. */
function project(facts: Partial<Omit<ProjectFacts, 'budget' | 'actualCost' | 'percentComplete'>> & { budget?: string; actualCost?: string; percentComplete?: string } = {}): ProjectFacts {
  return {
    status: 'ACTIVE',
    startDate: '2026-01-01',
    baselineEndDate: '2026-04-11',
    forecastEndDate: null,
    actualEndDate: null,
    openRiskScores: [],
    ...facts,
    budget: new Money(facts.budget ?? '4000.00'),
    actualCost: new Money(facts.actualCost ?? '0.00'),
    percentComplete: new Money(facts.percentComplete ?? '0'),
  };
}

/** The figures as the API shows them: money to the cent, indices to two decimals. */
function shown(figures: ProjectFigures) {
  const index = (value: Money | null) => (value === null ? null : value.toFixed(2, Money.ROUND_HALF_UP));
  const amount = (value: Money | null) => (value === null ? null : formatMoney(value, 'USD'));
  return {
    pv: amount(figures.plannedValue),
    ev: amount(figures.earnedValue),
    ac: amount(figures.actualCost),
    cpi: index(figures.cpi),
    spi: index(figures.spi),
    eac: amount(figures.eac),
    sv: amount(figures.scheduleVariance),
    cv: amount(figures.costVariance),
    health: figures.health,
  };
}

describe('the published earned-value example', () => {
  // BAC 4,000; as of 17 March 2026, 75 of the 100 baseline days have passed; 62.5 % complete; 2,800 spent.
  const figures = projectFigures(project({ percentComplete: '62.5', actualCost: '2800.00' }), '2026-03-17');

  it('PV = 4,000 × 75 ÷ 100 = 3,000 and EV = 62.5 % × 4,000 = 2,500', () => {
    expect(shown(figures)).toMatchObject({ pv: '3000.00', ev: '2500.00', ac: '2800.00' });
  });

  it('CPI = 2,500 ÷ 2,800 = 0.89, SPI = 2,500 ÷ 3,000 = 0.83, EAC = 4,000 ÷ CPI = 4,480', () => {
    expect(shown(figures)).toMatchObject({ cpi: '0.89', spi: '0.83', eac: '4480.00' });
  });

  it('schedule variance −500, cost variance −300; a 12 % overrun makes it red', () => {
    expect(shown(figures)).toMatchObject({ sv: '-500.00', cv: '-300.00', health: 'RED' });
    expect(figures.costOverrun!.toFixed()).toBe('0.12');
    expect(figures.scheduleSlip!.toFixed()).toBe('0'); // no forecast: the baseline end stands
  });

  it('EAC comes from the unrounded CPI (4,000 ÷ 0.89 would be 4,494.38)', () => {
    expect(figures.eac!.toDecimalPlaces(10).toFixed()).toBe('4480');
  });
});

describe('planned value over time', () => {
  it.each([
    ['2025-12-15', '0.00', 'before the start'],
    ['2026-01-01', '0.00', 'on the start date'],
    ['2026-01-02', '40.00', 'one day in: 1 ÷ 100 of 4,000'],
    ['2026-02-20', '2000.00', 'half-way, day 50'],
    ['2026-04-11', '4000.00', 'on the baseline end'],
    ['2026-04-12', '4000.00', 'after the baseline end: capped at the budget'],
    ['2027-06-30', '4000.00', 'long after'],
  ])('as of %s PV is %s (%s)', (asOf, pv) => {
    expect(shown(projectFigures(project({ percentComplete: '10' }), asOf)).pv).toBe(pv);
  });

  it('no PV yet means no SPI, not 0 or infinity', () => {
    const figures = projectFigures(project({ percentComplete: '5', actualCost: '100.00' }), '2025-12-15');
    expect(figures.spi).toBeNull();
    expect(shown(figures).cpi).toBe('2.00'); // 200 earned for 100 spent
  });
});

describe('divisors of zero', () => {
  it('nothing spent: no CPI and so no EAC; the overrun falls back to the budget (0)', () => {
    const figures = projectFigures(project({ percentComplete: '30' }), '2026-03-17');
    expect(figures.cpi).toBeNull();
    expect(figures.eac).toBeNull();
    expect(figures.costOverrun!.toFixed()).toBe('0');
    expect(figures.health).toBe('GREEN');
  });

  it('money spent but nothing earned: CPI 0, and EAC = budget ÷ 0 has no value', () => {
    const figures = projectFigures(project({ percentComplete: '0', actualCost: '500.00' }), '2026-03-17');
    expect(shown(figures)).toMatchObject({ cpi: '0.00', eac: null, spi: '0.00' });
  });
});

describe('health: schedule slip over a 100-day baseline ending 2026-04-11', () => {
  it.each([
    ['2026-04-22', 11, 'RED'],
    ['2026-04-21', 10, 'AMBER'], // exactly 10 % is not red
    ['2026-04-12', 1, 'AMBER'],
    ['2026-04-11', 0, 'GREEN'], // exactly 0 is not amber
    ['2026-03-01', -41, 'GREEN'],
  ] as const)('forecast end %s (%i days late) is %s', (forecastEndDate, days, health) => {
    const figures = projectFigures(project({ forecastEndDate, percentComplete: '50', actualCost: '2000.00' }), '2026-03-17');
    expect(figures.scheduleSlip!.times(100).toFixed()).toBe(String(days));
    expect(figures.health).toBe(health);
  });

  it('a finished project without a forecast is judged by its actual end', () => {
    const figures = projectFigures(project({ actualEndDate: '2026-04-25', percentComplete: '100', actualCost: '4000.00' }), '2026-05-01');
    expect(figures.scheduleSlip!.toFixed()).toBe('0.14');
    expect(figures.health).toBe('RED');
  });

  // Finished on 2026-07-10, 90 days after the baseline end, with the forecast left at the baseline.
  const finished = { startDate: '2026-01-01', forecastEndDate: '2026-04-11', percentComplete: '100', actualCost: '4000.00' } as const;

  it('a project finished 90 days late is red, whatever its stale forecast says', () => {
    const figures = projectFigures(project({ ...finished, status: 'DONE', actualEndDate: '2026-07-10' }), '2026-08-01');
    expect(figures.scheduleSlip!.toFixed()).toBe('0.9'); // 90 ÷ 100
    expect(figures.health).toBe('RED');
  });

  it('a project finished on time stays green', () => {
    const figures = projectFigures(project({ ...finished, status: 'DONE', actualEndDate: '2026-04-11' }), '2026-08-01');
    expect(figures.scheduleSlip!.toFixed()).toBe('0');
    expect(figures.health).toBe('GREEN');
  });

  it('a project finished early is judged by its actual end too, and stays green', () => {
    const figures = projectFigures(project({ ...finished, status: 'DONE', actualEndDate: '2026-04-01' }), '2026-08-01');
    expect(figures.scheduleSlip!.toFixed()).toBe('-0.1');
    expect(figures.health).toBe('GREEN');
  });

  it('the schedule variance in days agrees: +90 for the late one, 0 on time, null with no end known', () => {
    expect(scheduleVarianceDays(project({ ...finished, actualEndDate: '2026-07-10' }))).toBe(90);
    expect(scheduleVarianceDays(project({ ...finished, actualEndDate: '2026-04-11' }))).toBe(0);
    expect(scheduleVarianceDays(project({ forecastEndDate: '2026-04-16' }))).toBe(5);
    expect(scheduleVarianceDays(project())).toBeNull();
  });

  it('an actual end on a project not DONE (e.g. cancelled) leaves the forecast to decide', () => {
    const figures = projectFigures(project({ ...finished, status: 'CANCELLED', actualEndDate: '2026-07-10' }), '2026-08-01');
    expect(figures.scheduleSlip!.toFixed()).toBe('0');
    expect(figures.health).toBe('GREEN');
  });
});

describe('health: cost overrun on a budget of 1,000 at 50 % complete (EV 500)', () => {
  it.each([
    ['551.00', '1102.00', 'RED'],
    ['550.00', '1100.00', 'AMBER'], // exactly 10 % is not red
    ['500.05', '1000.10', 'AMBER'],
    ['500.00', '1000.00', 'GREEN'], // exactly 0 is not amber
    ['400.00', '800.00', 'GREEN'],
  ] as const)('spent %s: EAC %s, %s', (actualCost, eac, health) => {
    const figures = projectFigures(project({ budget: '1000.00', percentComplete: '50', actualCost }), '2026-02-20');
    expect(shown(figures)).toMatchObject({ eac, health });
  });
});

describe('health: open risks (probability × impact)', () => {
  it.each([
    [3, 5, 15, 'RED'],
    [5, 5, 25, 'RED'],
    [2, 7, 14, 'AMBER'],
    [2, 5, 10, 'AMBER'],
    [3, 3, 9, 'GREEN'],
    [1, 1, 1, 'GREEN'],
  ] as const)('probability %i × impact %i = %i: %s', (probability, impact, score, health) => {
    expect(riskScore(probability, impact)).toBe(score);
    expect(healthOf(new Money(0), new Money(0), [score])).toBe(health);
    expect(projectFigures(project({ openRiskScores: [riskScore(probability, impact)] }), '2026-03-17').health).toBe(health);
  });

  it('the worst open risk counts', () => {
    expect(healthOf(new Money(0), new Money(0), [4, 16, 9])).toBe('RED');
    expect(healthOf(new Money(0), new Money(0), [4, 12, 9])).toBe('AMBER');
    expect(healthOf(new Money(0), new Money(0), [])).toBe('GREEN');
  });

  it('no slip or overrun figure (no baseline length, no budget) leaves the risks to decide', () => {
    expect(healthOf(null, null, [])).toBe('GREEN');
    expect(healthOf(null, null, [10])).toBe('AMBER');
  });
});

describe('project figure properties', () => {
  const RANK: Record<Rag, number> = { GREEN: 0, AMBER: 1, RED: 2 };
  const percentArb = fc.integer({ min: 0, max: 10_000 }).map((hundredths) => decimalFromMinor(hundredths, 2));

  it('PV stays between 0 and the budget and never falls as time passes', () => {
    fc.assert(
      fc.property(amountArb(2, 0, 1e11), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: -100, max: 2500 }), fc.integer({ min: 0, max: 100 }), (budget, baselineDays, offset, step) => {
        const facts = project({ budget, baselineEndDate: addDays('2026-01-01', baselineDays) });
        const earlier = projectFigures(facts, addDays('2026-01-01', offset)).plannedValue;
        const later = projectFigures(facts, addDays('2026-01-01', offset + step)).plannedValue;
        expect(earlier.gte(0) && later.lte(budget)).toBe(true);
        expect(later.gte(earlier)).toBe(true);
        if (offset >= baselineDays) expect(earlier.toFixed()).toBe(new Money(budget).toFixed());
      }),
    );
  });

  it('EV = percent complete × budget ÷ 100, and EAC = budget × AC ÷ EV to the cent', () => {
    fc.assert(
      fc.property(amountArb(2, 1, 1e11), percentArb, amountArb(2, 0, 1e11), (budget, percentComplete, actualCost) => {
        const figures = projectFigures(project({ budget, percentComplete, actualCost }), '2026-03-17');
        expect(figures.earnedValue.toFixed()).toBe(new Money(budget).times(percentComplete).div(100).toFixed());
        const ev = figures.earnedValue;
        if (new Money(actualCost).isZero() || ev.isZero()) expect(figures.eac).toBeNull();
        else expect(formatMoney(figures.eac!, 'USD')).toBe(formatMoney(new Money(budget).times(actualCost).div(ev), 'USD'));
      }),
    );
  });

  it('health follows the published rule, worked in whole days and cents', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: -200, max: 400 }),
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 0, max: 3e9 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })), { maxLength: 5 }),
        (baselineDays, lateDays, budgetCents, eacCents, risks) => {
          const scores = risks.map(([probability, impact]) => riskScore(probability, impact));
          const worst = Math.max(0, ...scores);
          const overrunCents = eacCents - budgetCents;
          const expected: Rag =
            lateDays * 10 > baselineDays || overrunCents * 10 > budgetCents || worst >= 15
              ? 'RED'
              : lateDays > 0 || overrunCents > 0 || worst >= 10
                ? 'AMBER'
                : 'GREEN';
          const slip = new Money(lateDays).div(baselineDays);
          const overrun = new Money(decimalFromMinor(eacCents, 2)).div(decimalFromMinor(budgetCents, 2)).minus(1);
          expect(healthOf(slip, overrun, scores)).toBe(expected);
        },
      ),
    );
  });

  it('exactly 10 % late or over budget is amber, never red', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 1e8 }), (tenthOfBaseline, tenthOfBudgetCents) => {
        const slip = new Money(tenthOfBaseline).div(tenthOfBaseline * 10);
        const overrun = new Money(decimalFromMinor(tenthOfBudgetCents * 11, 2)).div(decimalFromMinor(tenthOfBudgetCents * 10, 2)).minus(1);
        expect(healthOf(slip, new Money(0), [])).toBe('AMBER');
        expect(healthOf(new Money(0), overrun, [])).toBe('AMBER');
        expect(healthOf(slip, overrun, [14])).toBe('AMBER');
      }),
    );
  });

  it('an extra open risk or a later forecast never makes a project healthier', () => {
    fc.assert(
      fc.property(percentArb, amountArb(2, 0, 1e8), fc.integer({ min: -50, max: 200 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 25 }), (percentComplete, actualCost, late, more, score) => {
        const base = { budget: '4000.00', percentComplete, actualCost };
        const health = (facts: Parameters<typeof project>[0]) => RANK[projectFigures(project(facts), '2026-03-17').health];
        const before = health({ ...base, forecastEndDate: addDays('2026-04-11', late) });
        expect(health({ ...base, forecastEndDate: addDays('2026-04-11', late + more) })).toBeGreaterThanOrEqual(before);
        expect(health({ ...base, forecastEndDate: addDays('2026-04-11', late), openRiskScores: [score] })).toBeGreaterThanOrEqual(before);
      }),
    );
  });
});
