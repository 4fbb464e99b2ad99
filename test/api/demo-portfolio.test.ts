// The demo portfolio: projects in every state and health, and a full scorecard on a fresh start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../api/seed/demo-data.js';
import { seedDemoPortfolio } from '../../api/seed/demo-portfolio.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const TODAY = '2026-11-25';

describe.each(testDatabases())('demo portfolio on $name', (database) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(database, { today: TODAY });
    await seedDemoData(api.db.prisma, { today: TODAY, baseCurrency: 'USD', invoices: 3000 });
    expect(await seedDemoPortfolio(api.db.prisma, { today: TODAY })).toMatchObject({ projects: 30 });
  });
  afterAll(async () => api?.close());

  it('has projects in every state and every health', async () => {
    const { projects } = await api.ok(`{ projects(first: 100) { totalCount edges { node { code status figures { health } } } } }`);
    expect(projects.totalCount).toBe(30);
    const nodes = projects.edges.map((e: any) => e.node);
    expect(new Set(nodes.map((p: any) => p.status))).toEqual(new Set(['PLANNED', 'ACTIVE', 'ON_HOLD', 'DONE', 'CANCELLED']));
    expect(new Set(nodes.map((p: any) => p.figures.health))).toEqual(new Set(['GREEN', 'AMBER', 'RED']));
    const { escalations } = await api.ok(`{ escalations { project { code } } }`);
    expect(escalations.length).toBeGreaterThan(0);
  });

  it('fills the scorecard of the last full month with targets, values and statuses', async () => {
    const { kpiScorecard } = await api.ok(`{ kpiScorecard(period: "2026-10") { code actual target status } }`);
    const computed = kpiScorecard.filter((v: any) => !['INVOICE_ACCURACY', 'ON_TIME_INVOICING'].includes(v.code));
    for (const v of computed.filter((v: any) => !['AR_TURNOVER', 'PROJECTS_ON_TIME_PCT', 'PROJECTS_ON_BUDGET_PCT'].includes(v.code))) {
      expect(v, v.code).toMatchObject({ target: expect.any(String), actual: expect.any(String) });
      expect(['ON_TRACK', 'AT_RISK', 'OFF_TRACK']).toContain(v.status);
    }
    const manual = kpiScorecard.find((v: any) => v.code === 'INVOICE_ACCURACY');
    expect(manual).toMatchObject({ target: '98.5', actual: expect.any(String) });
    const quarter = await api.ok(`{ kpiScorecard(period: "2026-Q3") { code actual target status } }`);
    const onTime = quarter.kpiScorecard.find((v: any) => v.code === 'PROJECTS_ON_TIME_PCT');
    expect(onTime).toMatchObject({ target: '80', actual: expect.any(String) });
  });
});
