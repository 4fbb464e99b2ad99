// Demo data for the PMO side: ~30 finance projects in every state and health (with risks,
// milestones, stakeholders, vendors, documents, status reports and escalations), two manual
// KPIs with a year of entered actuals, and KPI targets for the last 12 months and 4 quarters,
// so the scorecard is full on a fresh start. Deterministic for a given `today`.
import { addDays, addMonths, daysBetween, isoOf, parts, type IsoDate } from '../domain/dates.js';
import { periodContaining } from '../domain/kpis/periods.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Tx } from '../services/db-types.js';
import type { ProjectStatus, Raci, Rag, RiskStatus } from '../generated/prisma/enums.js';

export interface PortfolioSummary {
  projects: number;
  risks: number;
  targets: number;
}

/** Tables this part of the demo fills, children first (for resets). */
export const DEMO_PORTFOLIO_TABLES = [
  'kpi_snapshot', 'period_close', 'kpi_actual', 'kpi_target', 'escalation', 'status_report', 'project_document',
  'project_vendor', 'stakeholder', 'risk', 'milestone', 'project',
] as const;

interface ProjectPlan {
  code: string;
  name: string;
  entity: string;
  status: ProjectStatus;
  /** Start, in days from today. */
  startIn: number;
  baselineDays: number;
  /** Forecast end minus baseline end, in days. */
  slip: number;
  /** Actual cost ÷ earned value (1 = on budget). */
  costFactor: number;
  budget: number;
  risks: [number, number, RiskStatus][];
  escalate?: string;
}

// Names from a finance PMO's year: close, billing, collections, systems, controls.
const PLANS: ProjectPlan[] = [
  { code: 'FIN-001', name: 'Order-to-cash process redesign', entity: 'US01', status: 'ACTIVE', startIn: -200, baselineDays: 320, slip: 0, costFactor: 0.95, budget: 850_000, risks: [[2, 3, 'OPEN'], [3, 3, 'MITIGATING']] },
  { code: 'FIN-002', name: 'E-invoicing rollout (EU mandate)', entity: 'DE01', status: 'ACTIVE', startIn: -150, baselineDays: 240, slip: 12, costFactor: 1.04, budget: 420_000, risks: [[4, 3, 'OPEN'], [2, 2, 'OPEN']] },
  { code: 'FIN-003', name: 'Collections worklist automation', entity: 'US01', status: 'ACTIVE', startIn: -90, baselineDays: 180, slip: 30, costFactor: 1.25, budget: 260_000, risks: [[4, 4, 'OPEN']], escalate: 'CFO' },
  { code: 'FIN-004', name: 'Monthly close acceleration to day 4', entity: 'GB01', status: 'ACTIVE', startIn: -60, baselineDays: 200, slip: 0, costFactor: 1.0, budget: 310_000, risks: [[1, 2, 'OPEN']] },
  { code: 'FIN-005', name: 'Revenue recognition engine (ASC 606)', entity: 'US01', status: 'ACTIVE', startIn: -300, baselineDays: 400, slip: 5, costFactor: 0.98, budget: 1_200_000, risks: [[3, 5, 'OPEN'], [2, 4, 'MITIGATING']], escalate: 'Steering committee' },
  { code: 'FIN-006', name: 'Credit policy refresh', entity: 'JP01', status: 'ACTIVE', startIn: -40, baselineDays: 120, slip: 0, costFactor: 1.0, budget: 18_000_000, risks: [[2, 3, 'OPEN']] },
  { code: 'FIN-007', name: 'Bank statement auto-matching', entity: 'DE01', status: 'ACTIVE', startIn: -120, baselineDays: 150, slip: 8, costFactor: 1.06, budget: 190_000, risks: [[3, 4, 'OPEN']] },
  { code: 'FIN-008', name: 'Customer portal invoice delivery', entity: 'GB01', status: 'ACTIVE', startIn: -80, baselineDays: 160, slip: 0, costFactor: 1.12, budget: 150_000, risks: [[2, 2, 'CLOSED']] },
  { code: 'FIN-009', name: 'Intercompany netting', entity: 'US01', status: 'ON_HOLD', startIn: -180, baselineDays: 240, slip: 45, costFactor: 1.1, budget: 330_000, risks: [[5, 3, 'OPEN']], escalate: 'CFO' },
  { code: 'FIN-010', name: 'Dunning letter redesign', entity: 'DE01', status: 'ON_HOLD', startIn: -100, baselineDays: 90, slip: 20, costFactor: 1.0, budget: 60_000, risks: [[2, 2, 'OPEN']] },
  { code: 'FIN-011', name: 'Treasury cash forecast model', entity: 'GB01', status: 'PLANNED', startIn: 20, baselineDays: 180, slip: 0, costFactor: 1.0, budget: 280_000, risks: [[2, 3, 'OPEN']] },
  { code: 'FIN-012', name: 'Sales tax engine upgrade', entity: 'US01', status: 'PLANNED', startIn: 45, baselineDays: 210, slip: 0, costFactor: 1.0, budget: 520_000, risks: [] },
  { code: 'FIN-013', name: 'Lease accounting clean-up', entity: 'JP01', status: 'PLANNED', startIn: 60, baselineDays: 120, slip: 0, costFactor: 1.0, budget: 9_500_000, risks: [[1, 3, 'OPEN']] },
  { code: 'FIN-014', name: 'SOX control rationalisation', entity: 'US01', status: 'CANCELLED', startIn: -260, baselineDays: 180, slip: 0, costFactor: 1.0, budget: 200_000, risks: [] },
  { code: 'FIN-015', name: 'Shared service centre transition', entity: 'DE01', status: 'ACTIVE', startIn: -220, baselineDays: 365, slip: 40, costFactor: 1.18, budget: 2_400_000, risks: [[4, 5, 'OPEN'], [3, 3, 'OPEN']], escalate: 'Steering committee' },
];

// Finished projects, spread over the last 12 months so the project KPIs have values.
for (let i = 0; i < 15; i++) {
  const late = i % 3 === 1;
  const over = i % 4 === 2;
  PLANS.push({
    code: `FIN-${String(16 + i).padStart(3, '0')}`,
    name: ['Vendor master clean-up', 'AR reporting pack', 'Close checklist tool', 'Expense policy update', 'FX exposure report', 'Billing calendar', 'Cash application rules', 'Credit memo workflow', 'KPI dashboard', 'Audit readiness', 'Chart of accounts review', 'Payment terms harmonisation', 'Invoice template refresh', 'Bad debt provisioning model', 'Customer onboarding checks'][i]!,
    entity: ['US01', 'DE01', 'GB01', 'JP01'][i % 4]!,
    status: 'DONE',
    startIn: -60 - 25 * i - 120,
    baselineDays: 110 + (i % 5) * 10,
    slip: late ? 14 + i : -(i % 3) * 3,
    costFactor: over ? 1.15 : 0.92 + (i % 4) * 0.02,
    budget: i % 4 === 3 ? 12_000_000 : 90_000 + i * 15_000,
    risks: [[1 + (i % 3), 2, 'CLOSED']],
  });
}

const CURRENCY: Record<string, string> = { US01: 'USD', DE01: 'EUR', GB01: 'GBP', JP01: 'JPY' };
const PEOPLE = ['ana.silva', 'ben.carter', 'chloe.martin', 'david.kim', 'emma.schulz', 'farid.haddad', 'grace.obi', 'hiro.tanaka'];

/** Computed-KPI targets (all entities and per entity); quarterly ones are set per quarter. */
const TARGETS: Record<string, { value: string; quarterly?: boolean }> = {
  DSO: { value: '45' },
  BEST_POSSIBLE_DSO: { value: '32' },
  ADD: { value: '12' },
  CEI: { value: '85' },
  PAST_DUE_PCT: { value: '25' },
  AR_TURNOVER: { value: '2.0', quarterly: true },
  DISPUTE_RATE: { value: '3' },
  ON_TIME_PAYMENT_RATE: { value: '70' },
  PROJECTS_ON_TIME_PCT: { value: '80', quarterly: true },
  PROJECTS_ON_BUDGET_PCT: { value: '80', quarterly: true },
};

const MANUAL_KPIS = [
  { code: 'INVOICE_ACCURACY', name: 'Invoice accuracy', description: 'Invoices issued without a credit note or reissue ÷ invoices issued × 100', target: '98.5', base: 97.2 },
  { code: 'ON_TIME_INVOICING', name: 'On-time invoicing', description: 'Invoices issued within 2 business days of the billing trigger ÷ invoices due × 100', target: '95', base: 93.5 },
];

export async function seedDemoPortfolio(prisma: PrismaClient, params: { today: IsoDate; reset?: boolean }): Promise<PortfolioSummary> {
  return prisma.$transaction((tx) => seedDemoPortfolioIn(tx, params), { maxWait: 60_000, timeout: 600_000 });
}

/** Loads the portfolio inside the caller's transaction (the first start adds it to the book's). */
export async function seedDemoPortfolioIn(tx: Tx, params: { today: IsoDate; reset?: boolean }): Promise<PortfolioSummary> {
  const today = params.today;
  if (params.reset) await tx.$executeRawUnsafe(`TRUNCATE ${DEMO_PORTFOLIO_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
  const entities = new Map((await tx.entity.findMany()).map((e) => [e.code, e.id]));
  let risks = 0;
  for (const [index, plan] of PLANS.entries()) {
    const start = addDays(today, plan.startIn);
    const baselineEnd = addDays(start, plan.baselineDays);
    const forecastEnd = addDays(baselineEnd, plan.slip);
    const elapsed = Math.min(Math.max(daysBetween(start, today), 0), daysBetween(start, forecastEnd));
    const pct = plan.status === 'DONE' ? 100 : plan.status === 'PLANNED' ? 0 : Math.round((elapsed / daysBetween(start, forecastEnd)) * 1000) / 10;
    const minor = CURRENCY[plan.entity] === 'JPY' ? 0 : 2;
    const actualCost = ((plan.budget * pct) / 100) * plan.costFactor;
    const owner = PEOPLE[index % PEOPLE.length]!;
    const project = await tx.project.create({
      data: {
        code: plan.code,
        name: plan.name,
        entityId: entities.get(plan.entity) ?? null,
        owner,
        sponsor: ['CFO', 'VP Finance', 'Controller', 'Treasurer'][index % 4],
        scope: `${plan.name}: process, systems and controls in scope for ${plan.entity}.`,
        objectives: 'Deliver on time and within budget; measurable improvement in the related KPI.',
        status: plan.status,
        startDate: new Date(`${start}T00:00:00Z`),
        baselineEndDate: new Date(`${baselineEnd}T00:00:00Z`),
        forecastEndDate: new Date(`${forecastEnd}T00:00:00Z`),
        actualEndDate: plan.status === 'DONE' ? new Date(`${forecastEnd}T00:00:00Z`) : null,
        budget: plan.budget.toFixed(minor),
        actualCost: actualCost.toFixed(minor),
        currency: CURRENCY[plan.entity]!,
        percentComplete: pct.toFixed(1),
        milestones: {
          create: [0.25, 0.6, 1].map((share, m) => {
            const due = addDays(start, Math.round(plan.baselineDays * share));
            const done = plan.status === 'DONE' || due < today;
            return {
              name: ['Design signed off', 'Build complete', 'Go-live'][m]!,
              dueDate: new Date(`${due}T00:00:00Z`),
              status: done && plan.status !== 'PLANNED' ? ('DONE' as const) : ('PLANNED' as const),
              completedDate: done && plan.status !== 'PLANNED' ? new Date(`${addDays(due, plan.slip > 0 ? Math.min(plan.slip, 10) : 0)}T00:00:00Z`) : null,
            };
          }),
        },
        risks: {
          create: plan.risks.map(([probability, impact, status], r) => ({
            title: ['Key resource availability', 'Vendor delivery slips', 'Data quality in legacy system', 'Scope creep from business units', 'Regulatory change'][(index + r) % 5]!,
            probability,
            impact,
            status,
            owner: PEOPLE[(index + r + 1) % PEOPLE.length]!,
            mitigation: status === 'OPEN' ? null : 'Backup resource named; weekly vendor checkpoint.',
          })),
        },
        stakeholders: {
          create: [
            { name: PEOPLE[(index + 2) % PEOPLE.length]!, role: 'Process owner', raci: 'ACCOUNTABLE' as Raci },
            { name: owner, role: 'Project manager', raci: 'RESPONSIBLE' as Raci },
            { name: 'Internal audit', role: 'Controls review', raci: 'CONSULTED' as Raci },
            { name: 'Regional controllers', role: 'Users', raci: 'INFORMED' as Raci },
          ],
        },
        vendors: index % 2 === 0 ? { create: [{ name: ['Northwind Consulting', 'Contoso Systems', 'Fabrikam Advisory'][index % 3]!, service: 'Implementation partner', contractRef: `PO-${4500 + index}` }] } : undefined,
        documents: { create: [{ title: 'Project charter', url: `https://intranet.example.com/pmo/${plan.code.toLowerCase()}/charter.pdf`, addedBy: owner }] },
        statusReports:
          plan.status === 'PLANNED'
            ? undefined
            : {
                create: [2, 1].map((back) => ({
                  reportDate: new Date(`${addDays(today, -14 * back)}T00:00:00Z`),
                  rag: (plan.slip > 20 || plan.costFactor > 1.1 ? 'RED' : plan.slip > 0 || plan.costFactor > 1 ? 'AMBER' : 'GREEN') as Rag,
                  summary: plan.slip > 0 ? 'Behind baseline; recovery plan in review.' : 'On track.',
                  author: owner,
                })),
              },
        escalations: plan.escalate
          ? { create: [{ raisedDate: new Date(`${addDays(today, -9)}T00:00:00Z`), raisedBy: owner, escalatedTo: plan.escalate, summary: `Decision needed on ${plan.name.toLowerCase()}: budget and timeline.` }] }
          : undefined,
      },
    });
    risks += plan.risks.length;
    void project;
  }

  const definitions = new Map((await tx.kpiDefinition.findMany()).map((d) => [d.code, d.id]));
  for (const manual of MANUAL_KPIS) {
    if (!definitions.has(manual.code)) {
      const created = await tx.kpiDefinition.create({
        data: { code: manual.code, name: manual.name, description: manual.description, unit: 'PERCENT', direction: 'HIGHER_IS_BETTER', cadence: 'MONTHLY', source: 'MANUAL' },
      });
      definitions.set(manual.code, created.id);
    }
  }

  const { year, month } = parts(today);
  const months = Array.from({ length: 12 }, (_, i) => addMonths(isoOf(year, month, 1), -11 + i).slice(0, 7));
  const quarters = [...new Set(Array.from({ length: 12 }, (_, i) => periodContaining(addMonths(isoOf(year, month, 1), -11 + i), 'QUARTER').code))];
  const scopes = ['*', ...entities.keys()];
  const targets: { kpiId: number; period: string; scope: string; value: string; updatedBy: string }[] = [];
  for (const [code, target] of Object.entries(TARGETS)) {
    for (const period of target.quarterly ? quarters : months) {
      for (const scope of scopes) targets.push({ kpiId: definitions.get(code)!, period, scope, value: target.value, updatedBy: 'demo' });
    }
  }
  for (const manual of MANUAL_KPIS) {
    for (const period of months) targets.push({ kpiId: definitions.get(manual.code)!, period, scope: '*', value: manual.target, updatedBy: 'demo' });
  }
  await tx.kpiTarget.createMany({ data: targets });
  await tx.kpiActual.createMany({
    data: MANUAL_KPIS.flatMap((manual, k) =>
      months.slice(0, -1).map((period, i) => ({
        kpiId: definitions.get(manual.code)!,
        period,
        scope: '*',
        value: (manual.base + ((i * 7 + k * 3) % 12) / 10).toFixed(1),
        updatedBy: 'demo',
      })),
    ),
  });
  return { projects: PLANS.length, risks, targets: targets.length };
}
