// Projects: earned value against the published example, health, the versioned atomic batch
// of edits, risks and the heat map, escalations, and the project KPIs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const CREATE = `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { code version status forecastEndDate } userErrors { field message code } } }`;
const UPDATE = `mutation($input: UpdateProjectsInput!) { updateProjects(input: $input) {
  projects { code version status actualEndDate actualCost percentComplete }
  conflicts { code currentVersion project { code version actualCost } }
  userErrors { field message code } } }`;

describe.each(testDatabases())('projects on $name', (database) => {
  let api: TestApi;
  const create = async (code: string, extra: Record<string, unknown> = {}) => {
    const result = await api.ok(CREATE, { input: { code, name: `Project ${code}`, owner: 'ana.silva', startDate: '2026-01-01', baselineEndDate: '2026-04-11', budget: '4000.00', currency: 'USD', ...extra } }, api.tokens.ANALYST);
    expect(result.createProject.userErrors).toEqual([]);
    return result.createProject.project;
  };

  beforeAll(async () => {
    api = await startTestApi(database, { today: '2026-03-17' });
    await api.ok(`mutation { createEntity(input: {code: "US01", name: "US", currency: "USD"}) { userErrors { message } } }`);
  });
  afterAll(async () => api?.close());

  it('reproduces the earned-value example: CPI 0.89, SPI 0.83, EAC 4,480', async () => {
    // Budget 4,000 over a 100-day baseline; on day 75 PV = 3,000. 62.5 % complete → EV 2,500; AC 2,800.
    const project = await create('EV-1', { entityCode: 'US01' });
    expect(project).toEqual({ code: 'EV-1', version: 1, status: 'PLANNED', forecastEndDate: '2026-04-11' });
    const updated = await api.ok(UPDATE, { input: { changes: [{ code: 'EV-1', expectedVersion: 1, status: 'ACTIVE', percentComplete: '62.5', actualCost: '2800.00' }] } }, api.tokens.ANALYST);
    expect(updated.updateProjects.projects).toEqual([{ code: 'EV-1', version: 2, status: 'ACTIVE', actualEndDate: null, actualCost: '2800.00', percentComplete: '62.5' }]);
    const { project: read } = await api.ok(`{ project(code: "EV-1") { figures(asOf: "2026-03-17") {
      plannedValue earnedValue actualCost cpi spi eac scheduleVariance costVariance scheduleSlipPct costOverrunPct health } } }`);
    expect(read.figures).toEqual({
      plannedValue: '3000.00', earnedValue: '2500.00', actualCost: '2800.00', cpi: '0.89', spi: '0.83', eac: '4480.00',
      scheduleVariance: '-500.00', costVariance: '-300.00', scheduleSlipPct: '0.00', costOverrunPct: '12.00',
      health: 'RED', // EAC 4,480 overruns the budget by 12 % > 10 %
    });
  });

  it('grades health by slip, overrun and open risk scores', async () => {
    await create('H-GREEN');
    await create('H-AMBER');
    await create('H-RISK');
    const change = await api.ok(UPDATE, { input: { changes: [
      { code: 'H-AMBER', expectedVersion: 1, forecastEndDate: '2026-04-16' }, // 5 days late on 100: slip 5 %
    ] } }, api.tokens.ANALYST);
    expect(change.updateProjects.userErrors).toEqual([]);
    const risk = await api.ok(`mutation { createRisk(input: {projectCode: "H-RISK", title: "Key vendor insolvent", probability: 3, impact: 5, owner: "cfo"}) { risk { id score status version } userErrors { message } } }`, {}, api.tokens.ANALYST);
    expect(risk.createRisk.risk).toMatchObject({ score: 15, status: 'OPEN', version: 1 });
    const health = async (code: string) => (await api.ok(`{ project(code: "${code}") { figures { health } } }`)).project.figures.health;
    expect(await health('H-GREEN')).toBe('GREEN');
    expect(await health('H-AMBER')).toBe('AMBER');
    expect(await health('H-RISK')).toBe('RED');
    // Mitigation brings the score to 12 (amber); closing it leaves green.
    const riskId = risk.createRisk.risk.id;
    const risks = `mutation($input: UpdateRisksInput!) { updateRisks(input: $input) { risks { id probability impact score status version } conflicts { id currentVersion } userErrors { field code } } }`;
    const mitigated = await api.ok(risks, { input: { changes: [{ id: riskId, expectedVersion: 1, probability: 3, impact: 4, status: 'MITIGATING' }] } }, api.tokens.ANALYST);
    expect(mitigated.updateRisks.risks).toEqual([{ id: riskId, probability: 3, impact: 4, score: 12, status: 'MITIGATING', version: 2 }]);
    expect(await health('H-RISK')).toBe('AMBER');
    const stale = await api.ok(risks, { input: { changes: [{ id: riskId, expectedVersion: 1, status: 'CLOSED' }] } }, api.tokens.ANALYST);
    expect(stale.updateRisks).toEqual({ risks: null, conflicts: [{ id: riskId, currentVersion: 2 }], userErrors: [] });
    const outOfRange = await api.ok(risks, { input: { changes: [{ id: riskId, expectedVersion: 2, probability: 6 }] } }, api.tokens.ANALYST);
    expect(outOfRange.updateRisks.userErrors).toEqual([{ field: ['changes', '0', 'probability'], code: 'OUT_OF_RANGE' }]);
    await api.ok(risks, { input: { changes: [{ id: riskId, expectedVersion: 2, status: 'CLOSED' }] } }, api.tokens.ANALYST);
    expect(await health('H-RISK')).toBe('GREEN');
  });

  it('judges a finished project by its actual end: 90 days late is red, on time stays green', async () => {
    // A 100-day baseline a year before the others, so these stay out of their KPI periods.
    const lastYear = { startDate: '2025-01-01', baselineEndDate: '2025-04-11' };
    await create('H-LATE', lastYear);
    await create('H-ONTIME', lastYear);
    const done = { status: 'DONE', percentComplete: '100', actualCost: '4000.00', expectedVersion: 1 };
    const finished = await api.ok(UPDATE, { input: { changes: [
      { code: 'H-LATE', ...done, actualEndDate: '2025-07-10' }, // the forecast stays at the baseline end
      { code: 'H-ONTIME', ...done, actualEndDate: '2025-04-11' },
    ] } }, api.tokens.ANALYST);
    expect(finished.updateProjects.userErrors).toEqual([]);
    const read = async (code: string) => (await api.ok(`{ project(code: "${code}") { forecastEndDate scheduleVarianceDays figures(asOf: "2026-08-01") { scheduleSlipPct health } } }`)).project;
    expect(await read('H-LATE')).toEqual({ forecastEndDate: '2025-04-11', scheduleVarianceDays: 90, figures: { scheduleSlipPct: '90.00', health: 'RED' } });
    expect(await read('H-ONTIME')).toEqual({ forecastEndDate: '2025-04-11', scheduleVarianceDays: 0, figures: { scheduleSlipPct: '0.00', health: 'GREEN' } });
  });

  it('refuses the whole batch when one change conflicts or is invalid, writing nothing', async () => {
    await create('B-1');
    await create('B-2');
    const before = await api.db.prisma.project.findMany({ orderBy: { id: 'asc' } });
    const conflict = await api.ok(UPDATE, { input: { changes: [
      { code: 'B-1', expectedVersion: 1, actualCost: '100.00' },
      { code: 'B-2', expectedVersion: 7, actualCost: '200.00' },
    ] } }, api.tokens.ANALYST);
    expect(conflict.updateProjects).toEqual({
      projects: null,
      conflicts: [{ code: 'B-2', currentVersion: 1, project: { code: 'B-2', version: 1, actualCost: '0.00' } }],
      userErrors: [],
    });
    const invalid = await api.ok(UPDATE, { input: { changes: [
      { code: 'B-1', expectedVersion: 1, status: 'DONE' },
      { code: 'B-2', expectedVersion: 1, percentComplete: '101' },
      { code: 'NOPE', expectedVersion: 1, actualCost: '1.00' },
      { code: 'B-1', expectedVersion: 1, actualCost: '1.001' },
    ] } }, api.tokens.ANALYST);
    expect(invalid.updateProjects.userErrors.map((e: any) => [e.field.join('.'), e.code])).toEqual([
      ['changes.0.actualEndDate', 'INVALID'], // DONE needs an actual end date
      ['changes.1.percentComplete', 'OUT_OF_RANGE'],
      ['changes.2.code', 'NOT_FOUND'],
      ['changes.3.code', 'DUPLICATE'],
    ]);
    const missingVersion = await api.ok(UPDATE, { input: { changes: [{ code: 'B-1', actualCost: '5.00' }] } }, api.tokens.ANALYST);
    expect(missingVersion.updateProjects.conflicts).toEqual([expect.objectContaining({ code: 'B-1', currentVersion: 1 })]);
    expect(await api.db.prisma.project.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('finishes projects and counts them in the project KPIs of their period', async () => {
    await create('F-ONTIME', { budget: '1000.00' });
    await create('F-LATE', { budget: '1000.00' });
    const done = await api.ok(UPDATE, { input: { changes: [
      { code: 'F-ONTIME', expectedVersion: 1, status: 'DONE', actualEndDate: '2026-04-10', actualCost: '1200.00', percentComplete: '100' },
      { code: 'F-LATE', expectedVersion: 1, status: 'DONE', actualEndDate: '2026-05-02', actualCost: '900.00', percentComplete: '100' },
    ] } }, api.tokens.ANALYST);
    expect(done.updateProjects.userErrors).toEqual([]);
    const card = Object.fromEntries((await api.ok(`{ kpiScorecard(period: "2026-Q2") { code actual } }`)).kpiScorecard.map((v: any) => [v.code, v.actual]));
    expect(card.PROJECTS_ON_TIME_PCT).toBe('50.00'); // F-ONTIME by its baseline end, F-LATE after
    expect(card.PROJECTS_ON_BUDGET_PCT).toBe('50.00'); // F-LATE within budget, F-ONTIME over
    const april = Object.fromEntries((await api.ok(`{ kpiScorecard(period: "2026-04") { code actual } }`)).kpiScorecard.map((v: any) => [v.code, v.actual]));
    expect(april.PROJECTS_ON_TIME_PCT).toBe('100.00');
  });

  it('counts open risks per probability × impact cell and lists escalations for management', async () => {
    await api.ok(`mutation { createRisk(input: {projectCode: "B-1", title: "Data migration slips", probability: 4, impact: 4, owner: "pm"}) { userErrors { message } } }`, {}, api.tokens.ANALYST);
    await api.ok(`mutation { createRisk(input: {projectCode: "B-2", title: "Audit finding", probability: 4, impact: 4, owner: "pm", status: MITIGATING}) { userErrors { message } } }`, {}, api.tokens.ANALYST);
    await api.ok(`mutation { createRisk(input: {projectCode: "B-2", title: "Old risk", probability: 1, impact: 1, owner: "pm", status: CLOSED}) { userErrors { message } } }`, {}, api.tokens.ANALYST);
    const map = (await api.ok(`{ riskHeatMap { probability impact count } }`)).riskHeatMap;
    expect(map).toHaveLength(25);
    expect(map.find((c: any) => c.probability === 4 && c.impact === 4).count).toBe(2);
    expect(map.find((c: any) => c.probability === 1 && c.impact === 1).count).toBe(0);
    const raised = await api.ok(`mutation { raiseEscalation(input: {projectCode: "B-1", escalatedTo: "CFO", summary: "Budget decision needed"}) { escalation { id status raisedDate project { code } } userErrors { message } } }`, {}, api.tokens.ANALYST);
    expect(raised.raiseEscalation.escalation).toMatchObject({ status: 'OPEN', raisedDate: '2026-03-17', project: { code: 'B-1' } });
    expect((await api.ok(`{ escalations { summary } }`)).escalations).toEqual([{ summary: 'Budget decision needed' }]);
    await api.ok(`mutation { resolveEscalation(input: {id: "${raised.raiseEscalation.escalation.id}", resolution: "Approved"}) { userErrors { message } } }`, {}, api.tokens.ANALYST);
    expect((await api.ok(`{ escalations { summary } }`)).escalations).toEqual([]);
  });

  it('keeps milestones, stakeholders, vendors, documents and status reports with the project', async () => {
    const add = (mutation: string, input: string) => api.ok(`mutation { ${mutation}(input: {projectCode: "B-1", ${input}}) { userErrors { field message } } }`, {}, api.tokens.ANALYST);
    expect((await add('addMilestone', 'name: "Design signed off", dueDate: "2026-02-15"')).addMilestone.userErrors).toEqual([]);
    expect((await add('addStakeholder', 'name: "Jane Roe", role: "Controller", raci: ACCOUNTABLE')).addStakeholder.userErrors).toEqual([]);
    expect((await add('addProjectVendor', 'name: "Acme Consulting", service: "Implementation"')).addProjectVendor.userErrors).toEqual([]);
    expect((await add('addProjectDocument', 'title: "Charter", url: "https://intranet.example.com/charter.pdf"')).addProjectDocument.userErrors).toEqual([]);
    expect((await add('addProjectDocument', 'title: "Bad", url: "javascript:alert(1)"')).addProjectDocument.userErrors[0].field).toEqual(['url']);
    expect((await add('addStatusReport', 'rag: AMBER, summary: "Testing behind"')).addStatusReport.userErrors).toEqual([]);
    const { project } = await api.ok(`{ project(code: "B-1") { milestones { name status } stakeholders { name raci } vendors { name } documents { title } statusReports { rag reportDate } } }`);
    expect(project).toEqual({
      milestones: [{ name: 'Design signed off', status: 'PLANNED' }],
      stakeholders: [{ name: 'Jane Roe', raci: 'ACCOUNTABLE' }],
      vendors: [{ name: 'Acme Consulting' }],
      documents: [{ title: 'Charter' }],
      statusReports: [{ rag: 'AMBER', reportDate: '2026-03-17' }],
    });
  });

  it('pages projects with figures without a query per row', async () => {
    const page = `query($first: Int!) { projects(first: $first) { totalCount edges { node { code figures { health cpi } risks { score } entity { code } } } } }`;
    const small = await api.countQueries(() => api.ok(page, { first: 2 }));
    const large = await api.countQueries(() => api.ok(page, { first: 100 }));
    expect(large).toBe(small);
  });
});
