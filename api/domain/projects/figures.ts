// Earned value and health (PRODUCT.md, "Project figures"). Day count: calendar days; elapsed
// days = as-of date − start date (0 before the start), capped at the baseline length
// (baseline end − start). Computed unrounded; callers round at the end.
import { daysBetween, type IsoDate } from '../dates.js';
import { Money } from '../money/money.js';

export type ProjectStatus = 'PLANNED' | 'ACTIVE' | 'ON_HOLD' | 'DONE' | 'CANCELLED';

export interface ProjectFacts {
  status: ProjectStatus;
  startDate: IsoDate;
  baselineEndDate: IsoDate;
  forecastEndDate: IsoDate | null;
  actualEndDate: IsoDate | null;
  budget: Money;
  actualCost: Money;
  /** 0–100 */
  percentComplete: Money;
  /** Scores (probability × impact) of risks in status OPEN or MITIGATING. */
  openRiskScores: number[];
}

export type Rag = 'GREEN' | 'AMBER' | 'RED';

export interface ProjectFigures {
  plannedValue: Money;
  earnedValue: Money;
  actualCost: Money;
  cpi: Money | null;
  spi: Money | null;
  eac: Money | null;
  scheduleVariance: Money;
  costVariance: Money;
  /** (end − baseline end) ÷ baseline days, the end being the one healthEnd gives; null when the baseline has no length. */
  scheduleSlip: Money | null;
  /** (EAC, or the budget when EAC is null) ÷ budget − 1; null when the budget is 0. */
  costOverrun: Money | null;
  health: Rag;
}

export function projectFigures(project: ProjectFacts, asOf: IsoDate): ProjectFigures {
  const baselineDays = daysBetween(project.startDate, project.baselineEndDate);
  const elapsed = Math.min(Math.max(daysBetween(project.startDate, asOf), 0), Math.max(baselineDays, 0));
  const plannedValue = baselineDays > 0 ? project.budget.times(elapsed).div(baselineDays) : asOf >= project.baselineEndDate ? project.budget : new Money(0);
  const earnedValue = project.percentComplete.div(100).times(project.budget);
  const { actualCost, budget } = project;
  const cpi = actualCost.isZero() ? null : earnedValue.div(actualCost);
  const spi = plannedValue.isZero() ? null : earnedValue.div(plannedValue);
  const eac = cpi === null || cpi.isZero() ? null : budget.div(cpi);
  const scheduleSlip = baselineDays > 0 ? new Money(daysBetween(project.baselineEndDate, healthEnd(project))).div(baselineDays) : null;
  const costOverrun = budget.isZero() ? null : (eac ?? budget).div(budget).minus(1);
  return {
    plannedValue,
    earnedValue,
    actualCost,
    cpi,
    spi,
    eac,
    scheduleVariance: earnedValue.minus(plannedValue),
    costVariance: earnedValue.minus(actualCost),
    scheduleSlip,
    costOverrun,
    health: healthOf(scheduleSlip, costOverrun, project.openRiskScores),
  };
}

/**
 * The end the schedule slip is measured at: the actual end once the project is finished (DONE
 * with an actual end), so one finished late is not green; before that the forecast end, else
 * the baseline end.
 */
function healthEnd(project: Pick<ProjectFacts, 'status' | 'baselineEndDate' | 'forecastEndDate' | 'actualEndDate'>): IsoDate {
  const finished = project.actualEndDate !== null && project.status === 'DONE';
  if (finished) return project.actualEndDate!;
  return project.forecastEndDate ?? project.actualEndDate ?? project.baselineEndDate;
}

/** Actual end (else forecast end) − baseline end, in days; null while neither is known. */
export function scheduleVarianceDays(project: Pick<ProjectFacts, 'baselineEndDate' | 'forecastEndDate' | 'actualEndDate'>): number | null {
  const end = project.actualEndDate ?? project.forecastEndDate;
  return end === null ? null : daysBetween(project.baselineEndDate, end);
}

export function healthOf(slip: Money | null, overrun: Money | null, openRiskScores: number[]): Rag {
  const worstRisk = Math.max(0, ...openRiskScores);
  const tenPercent = new Money('0.10');
  if ((slip !== null && slip.gt(tenPercent)) || (overrun !== null && overrun.gt(tenPercent)) || worstRisk >= 15) return 'RED';
  if ((slip !== null && slip.gt(0)) || (overrun !== null && overrun.gt(0)) || worstRisk >= 10) return 'AMBER';
  return 'GREEN';
}

export function riskScore(probability: number, impact: number): number {
  return probability * impact;
}
