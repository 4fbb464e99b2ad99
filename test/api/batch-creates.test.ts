// Rows added in Excel travel as creates in the same atomic batch as the edits of existing rows:
// updateProjects and updateRisks take `creates`, setKpiTargets creates a target given no
// expectedVersion. All written or nothing; a retry with the same key creates nothing twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const PROJECTS = `mutation($input: UpdateProjectsInput!) { updateProjects(input: $input) {
  projects { code name version status entity { code } startDate baselineEndDate forecastEndDate actualEndDate budget actualCost currency percentComplete }
  conflicts { code currentVersion }
  userErrors { field message code } } }`;

const RISKS = `mutation($input: UpdateRisksInput!) { updateRisks(input: $input) {
  risks { id title owner probability impact score status mitigation version project { code } }
  conflicts { id currentVersion }
  userErrors { field message code } } }`;

const TARGETS = `mutation($input: SetKpiTargetsInput!) { setKpiTargets(input: $input) {
  targets { kpiCode period entityCode value version }
  conflicts { kpiCode period entityCode currentValue currentVersion }
  userErrors { field message code } } }`;

const newProject = (code: string, extra: Record<string, unknown> = {}) => ({
  code, name: `Project ${code}`, entityCode: 'US01', owner: 'ana.silva', startDate: '2026-01-01', baselineEndDate: '2026-04-11', budget: '4000.00', currency: 'USD', ...extra,
});

describe.each(testDatabases())('creates in the batch mutations on $name', (database) => {
  let api: TestApi;
  const projectRows = () => api.db.prisma.project.findMany({ orderBy: { id: 'asc' } });
  const riskRows = () => api.db.prisma.risk.findMany({ orderBy: { id: 'asc' } });
  const audits = (action: string) => api.db.prisma.auditRecord.count({ where: { action } });

  beforeAll(async () => {
    api = await startTestApi(database, { today: '2026-03-17' });
    await api.ok(`mutation { createEntity(input: {code: "US01", name: "US", currency: "USD"}) { userErrors { message } } }`);
    await api.ok(`mutation { createEntity(input: {code: "JP01", name: "JP", currency: "JPY"}) { userErrors { message } } }`);
    const first = await api.ok(`mutation($input: CreateProjectInput!) { createProject(input: $input) { project { code version } userErrors { message } } }`, { input: newProject('P-1') }, api.tokens.ANALYST);
    expect(first.createProject).toEqual({ project: { code: 'P-1', version: 1 }, userErrors: [] });
  });
  afterAll(async () => api?.close());

  describe('updateProjects', () => {
    it('writes one change and two creates atomically, listing the changed project first, then the created in order', async () => {
      const batch = {
        changes: [{ code: 'P-1', expectedVersion: 1, status: 'ACTIVE', percentComplete: '25' }],
        creates: [
          newProject('p-new-b', { budget: '1250.50' }),
          newProject('P-NEW-A', { entityCode: 'JP01', currency: 'JPY', budget: '500000', status: 'ACTIVE', forecastEndDate: '2026-05-01', actualCost: '1000', percentComplete: '12.5' }),
        ],
        idempotencyKey: 'projects-1',
      };
      const result = await api.ok(PROJECTS, { input: batch }, api.tokens.ANALYST);
      expect(result.updateProjects).toEqual({
        projects: [
          { code: 'P-1', name: 'Project P-1', version: 2, status: 'ACTIVE', entity: { code: 'US01' }, startDate: '2026-01-01', baselineEndDate: '2026-04-11', forecastEndDate: '2026-04-11', actualEndDate: null, budget: '4000.00', actualCost: '0.00', currency: 'USD', percentComplete: '25' },
          // The code is upper-cased; the forecast end starts at the baseline end.
          { code: 'P-NEW-B', name: 'Project p-new-b', version: 1, status: 'PLANNED', entity: { code: 'US01' }, startDate: '2026-01-01', baselineEndDate: '2026-04-11', forecastEndDate: '2026-04-11', actualEndDate: null, budget: '1250.50', actualCost: '0.00', currency: 'USD', percentComplete: '0' },
          { code: 'P-NEW-A', name: 'Project P-NEW-A', version: 1, status: 'ACTIVE', entity: { code: 'JP01' }, startDate: '2026-01-01', baselineEndDate: '2026-04-11', forecastEndDate: '2026-05-01', actualEndDate: null, budget: '500000', actualCost: '1000', currency: 'JPY', percentComplete: '12.5' },
        ],
        conflicts: [],
        userErrors: [],
      });
      expect((await projectRows()).map((p) => [p.code, p.version])).toEqual([['P-1', 2], ['P-NEW-B', 1], ['P-NEW-A', 1]]);

      // A retry with the same key answers the same and creates nothing twice.
      const auditsBefore = await audits('updateProjects');
      const retry = await api.ok(PROJECTS, { input: batch }, api.tokens.ANALYST);
      expect(retry).toEqual(result);
      expect(await projectRows()).toHaveLength(3);
      expect(await audits('updateProjects')).toBe(auditsBefore);
      // The same key with other creates is refused, and writes nothing.
      const reused = await api.ok(PROJECTS, { input: { ...batch, creates: [newProject('P-OTHER')] } }, api.tokens.ANALYST);
      expect(reused.updateProjects).toMatchObject({ projects: null, userErrors: [{ field: ['idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED' }] });
      expect(await projectRows()).toHaveLength(3);
    });

    it('writes nothing when the second create is invalid, naming its field under creates', async () => {
      const before = await projectRows();
      const refused = await api.ok(PROJECTS, { input: {
        changes: [{ code: 'P-1', expectedVersion: 2, actualCost: '100.00' }],
        creates: [newProject('P-OK'), newProject('P-BAD', { budget: '-5', baselineEndDate: '2025-12-31' })],
        idempotencyKey: 'projects-2',
      } }, api.tokens.ANALYST);
      expect(refused.updateProjects.projects).toBeNull();
      expect(refused.updateProjects.userErrors.map((e: any) => [e.field, e.code])).toEqual([
        [['creates', '1', 'baselineEndDate'], 'OUT_OF_RANGE'],
        [['creates', '1', 'budget'], 'OUT_OF_RANGE'],
      ]);
      expect(await projectRows()).toEqual(before);

      // A refused call does not use up its key: the corrected batch goes through with it.
      const corrected = await api.ok(PROJECTS, { input: {
        changes: [{ code: 'P-1', expectedVersion: 2, actualCost: '100.00' }],
        creates: [newProject('P-OK'), newProject('P-FIXED')],
        idempotencyKey: 'projects-2',
      } }, api.tokens.ANALYST);
      expect(corrected.updateProjects.userErrors).toEqual([]);
      expect(corrected.updateProjects.projects.map((p: any) => [p.code, p.version])).toEqual([['P-1', 3], ['P-OK', 1], ['P-FIXED', 1]]);
    });

    it('refuses a code already taken or given twice, and a conflict in the changes, writing nothing', async () => {
      const before = await projectRows();
      const duplicates = await api.ok(PROJECTS, { input: {
        creates: [newProject('P-1'), newProject('P-TWICE'), newProject('p-twice'), newProject('P-NOENTITY', { entityCode: 'XX99' })],
      } }, api.tokens.ANALYST);
      expect(duplicates.updateProjects.userErrors.map((e: any) => [e.field.join('.'), e.code])).toEqual([
        ['creates.0.code', 'DUPLICATE'],
        ['creates.2.code', 'DUPLICATE'],
        ['creates.3.entityCode', 'NOT_FOUND'],
      ]);
      const conflict = await api.ok(PROJECTS, { input: {
        changes: [{ code: 'P-1', expectedVersion: 1, status: 'ON_HOLD' }],
        creates: [newProject('P-LATE')],
      } }, api.tokens.ANALYST);
      expect(conflict.updateProjects).toEqual({ projects: null, conflicts: [{ code: 'P-1', currentVersion: 3 }], userErrors: [] });
      const done = await api.ok(PROJECTS, { input: { creates: [newProject('P-DONE', { status: 'DONE' })] } }, api.tokens.ANALYST);
      expect(done.updateProjects.userErrors.map((e: any) => [e.field.join('.'), e.code])).toEqual([['creates.0.actualEndDate', 'INVALID']]);
      const empty = await api.ok(PROJECTS, { input: { changes: [], creates: [] } }, api.tokens.ANALYST);
      expect(empty.updateProjects.userErrors.map((e: any) => e.field)).toEqual([['changes']]);
      expect(await projectRows()).toEqual(before);
    });

    it('takes the new optional fields in createProject too', async () => {
      const result = await api.ok(`mutation($input: CreateProjectInput!) { createProject(input: $input) { project { code status actualEndDate percentComplete } userErrors { field code } } }`,
        { input: newProject('P-SOLO', { status: 'DONE', actualEndDate: '2026-03-01', percentComplete: '100' }) }, api.tokens.ANALYST);
      expect(result.createProject).toEqual({ project: { code: 'P-SOLO', status: 'DONE', actualEndDate: '2026-03-01', percentComplete: '100' }, userErrors: [] });
    });
    it('ten pushes racing to create the same code: one creates it, nine are refused DUPLICATE, one row and one audit', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => api.ok(PROJECTS, { input: { creates: [newProject('P-RACE')], idempotencyKey: `race-${i}` } }, api.tokens.ANALYST)),
      );
      const created = results.filter((r) => r.updateProjects.userErrors.length === 0);
      expect(created).toHaveLength(1);
      expect(results.filter((r) => r.updateProjects.userErrors[0]?.code === 'DUPLICATE')).toHaveLength(9);
      expect((await projectRows()).filter((p) => p.code === 'P-RACE')).toHaveLength(1);
      expect(await api.db.prisma.auditRecord.count({ where: { recordType: 'Project', recordId: 'P-RACE' } })).toBe(1);
    });
  });

  describe('updateRisks', () => {
    let riskId: string;
    beforeAll(async () => {
      const risk = await api.ok(`mutation { createRisk(input: {projectCode: "P-1", title: "Vendor late", probability: 2, impact: 3, owner: "pm"}) { risk { id } userErrors { message } } }`, {}, api.tokens.ANALYST);
      riskId = risk.createRisk.risk.id;
    });

    it('writes one change and two creates atomically; a retry creates nothing twice', async () => {
      const batch = {
        changes: [{ id: riskId, expectedVersion: 1, probability: 4, status: 'MITIGATING' }],
        creates: [
          { projectCode: 'p-1', title: 'Key person leaves', probability: 3, impact: 5, owner: 'cfo', mitigation: 'Deputy named' },
          { projectCode: 'P-NEW-A', title: 'FX swing', probability: 2, impact: 2, owner: 'treasury', status: 'ACCEPTED' },
        ],
        idempotencyKey: 'risks-1',
      };
      const result = await api.ok(RISKS, { input: batch }, api.tokens.ANALYST);
      expect(result.updateRisks.userErrors).toEqual([]);
      const [changed, first, second] = result.updateRisks.risks;
      expect(result.updateRisks.risks).toHaveLength(3);
      expect(changed).toEqual({ id: riskId, title: 'Vendor late', owner: 'pm', probability: 4, impact: 3, score: 12, status: 'MITIGATING', mitigation: null, version: 2, project: { code: 'P-1' } });
      expect(first).toEqual({ id: expect.any(String), title: 'Key person leaves', owner: 'cfo', probability: 3, impact: 5, score: 15, status: 'OPEN', mitigation: 'Deputy named', version: 1, project: { code: 'P-1' } });
      expect(second).toEqual({ id: expect.any(String), title: 'FX swing', owner: 'treasury', probability: 2, impact: 2, score: 4, status: 'ACCEPTED', mitigation: null, version: 1, project: { code: 'P-NEW-A' } });
      expect(await riskRows()).toHaveLength(3);

      const retry = await api.ok(RISKS, { input: batch }, api.tokens.ANALYST);
      expect(retry).toEqual(result);
      expect(await riskRows()).toHaveLength(3);
    });

    it('writes nothing when the second create is invalid', async () => {
      const before = await riskRows();
      const refused = await api.ok(RISKS, { input: {
        changes: [{ id: riskId, expectedVersion: 2, impact: 1 }],
        creates: [
          { projectCode: 'P-1', title: 'Fine', probability: 1, impact: 1, owner: 'pm' },
          { projectCode: 'NOPE', title: 'Bad', probability: 6, impact: 1, owner: 'pm' },
        ],
      } }, api.tokens.ANALYST);
      expect(refused.updateRisks.risks).toBeNull();
      expect(refused.updateRisks.userErrors.map((e: any) => [e.field, e.code])).toEqual([[['creates', '1', 'probability'], 'OUT_OF_RANGE']]);
      const missingProject = await api.ok(RISKS, { input: { creates: [{ projectCode: 'P-1', title: 'Fine', probability: 1, impact: 1, owner: 'pm' }, { projectCode: 'NOPE', title: 'Bad', probability: 1, impact: 1, owner: 'pm' }] } }, api.tokens.ANALYST);
      expect(missingProject.updateRisks.userErrors.map((e: any) => [e.field, e.code])).toEqual([[['creates', '1', 'projectCode'], 'NOT_FOUND']]);
      expect(await riskRows()).toEqual(before);
    });
  });

  describe('setKpiTargets', () => {
    it('creates a target for a period that has none, atomically with the edit of an existing one', async () => {
      const first = await api.ok(TARGETS, { input: { targets: [{ kpiCode: 'DSO', period: '2026-02', entityCode: 'US01', value: '40' }] } }, api.tokens.ANALYST);
      expect(first.setKpiTargets.userErrors).toEqual([]);
      expect(await api.db.prisma.kpiTarget.count({ where: { period: '2026-01' } })).toBe(0);
      const batch = { targets: [
        { kpiCode: 'DSO', period: '2026-02', entityCode: 'US01', value: '38', expectedVersion: 1 },
        { kpiCode: 'cei', period: '2026-01', entityCode: 'us01', value: '85' }, // no target in 2026-01 yet
        { kpiCode: 'DSO', period: '2026-01', entityCode: null, value: '42' },
      ], idempotencyKey: 'targets-1' };
      const result = await api.ok(TARGETS, { input: batch }, api.tokens.ANALYST);
      // The created targets come after the edited one, in the order they were sent.
      expect(result.setKpiTargets).toEqual({
        targets: [
          { kpiCode: 'DSO', period: '2026-02', entityCode: 'US01', value: '38', version: 2 },
          { kpiCode: 'CEI', period: '2026-01', entityCode: 'US01', value: '85', version: 1 },
          { kpiCode: 'DSO', period: '2026-01', entityCode: null, value: '42', version: 1 },
        ],
        conflicts: [],
        userErrors: [],
      });
      expect(await api.ok(TARGETS, { input: batch }, api.tokens.ANALYST)).toEqual(result);
      expect(await api.db.prisma.kpiTarget.count({ where: { period: '2026-01' } })).toBe(2);
    });

    it('writes nothing when a new target is invalid', async () => {
      const before = await api.db.prisma.kpiTarget.findMany({ orderBy: { id: 'asc' } });
      const refused = await api.ok(TARGETS, { input: { targets: [
        { kpiCode: 'DSO', period: '2026-02', entityCode: 'US01', value: '37', expectedVersion: 2 },
        { kpiCode: 'PAST_DUE_PCT', period: '2026-03', entityCode: 'US01', value: '120' },
      ] } }, api.tokens.ANALYST);
      expect(refused.setKpiTargets.targets).toBeNull();
      expect(refused.setKpiTargets.userErrors.map((e: any) => [e.field, e.code])).toEqual([[['targets', '1', 'value'], 'OUT_OF_RANGE']]);
      expect(await api.db.prisma.kpiTarget.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
    });
  });
});
