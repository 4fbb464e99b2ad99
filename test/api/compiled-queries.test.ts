// Queries run compiled from their second run on (api/compiled-queries.ts): the answers, the
// errors and the statements must be exactly what the generic executor gives.
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledQueries } from '../../api/compiled-queries.js';
import { schema } from '../../api/schema/index.js';
import { seedDemoData } from '../../api/seed/demo-data.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const TODAY = '2026-11-25';

// Relations inside relations inside a list: what Pothos plans by response path.
const NESTED = `query Nested($first: Int!) { invoices(first: $first, filter: { status: [PAID, PARTIALLY_PAID] }, orderBy: NUMBER_ASC) {
  totalCount edges { cursor node { number total balance contract { number } customer { code entity { code } contacts { name } }
    lines { lineNo amount } applications { amount discount payment { id amount reference customer { code name } applications { amount invoice { number } } } invoice { number } } } } } }`;

describe.each(testDatabases())('compiled queries on $name', (database) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(database, { today: TODAY });
    await seedDemoData(api.db.prisma, { today: TODAY, baseCurrency: 'USD', invoices: 300, seed: 11 });
  });
  afterAll(async () => api?.close());

  it('answers a query with relations nested in lists byte for byte, in the same statements, every run', async () => {
    const runs: { answer: string; statements: number }[] = [];
    for (let run = 0; run < 3; run++) {
      let answer = '';
      const statements = await api.countQueries(async () => (answer = JSON.stringify(await api.gql(NESTED, { first: 40 }))));
      runs.push({ answer, statements });
    }
    const first = JSON.parse(runs[0]!.answer);
    expect(first.errors).toBeUndefined();
    expect(first.data.invoices.edges).toHaveLength(40);
    expect(first.data.invoices.edges.some((e: any) => e.node.applications.some((a: any) => a.payment.applications.length > 0))).toBe(true);
    // The token check and the page's one statement, compiled or not.
    expect(runs.map((r) => r.statements)).toEqual([2, 2, 2]);
    expect(runs[1]!.answer).toBe(runs[0]!.answer);
    expect(runs[2]!.answer).toBe(runs[0]!.answer);
  });

  it('loads the relations of records that did not come from the read path as before, compiled or not', async () => {
    // The worklist's customers are Prisma records (the query asks for more than code and name), not
    // rows the read path built: their entity and contacts are Pothos' to load, in one statement each.
    const query = `{ collectionsWorklist(asOf: "${TODAY}") { customer { code currency entity { code currency } contacts { name } } pastDue } }`;
    const runs: { answer: string; statements: number }[] = [];
    for (let run = 0; run < 3; run++) {
      let answer = '';
      const statements = await api.countQueries(async () => (answer = JSON.stringify(await api.gql(query))));
      runs.push({ answer, statements });
    }
    const items = JSON.parse(runs[0]!.answer).data.collectionsWorklist;
    expect(items.length).toBeGreaterThan(1);
    const entities = await api.db.prisma.customer.findMany({ where: { code: { in: items.map((i: any) => i.customer.code) } }, select: { code: true, entity: { select: { code: true, currency: true } } } });
    const entityOf = new Map(entities.map((c) => [c.code, c.entity]));
    for (const item of items) expect(item.customer.entity).toEqual(entityOf.get(item.customer.code));
    // The generic first run batches Pothos' loads one statement less well (7 against 6 here); never more when compiled.
    expect(runs[2]!.statements).toBe(runs[1]!.statements);
    expect(runs[1]!.statements).toBeLessThanOrEqual(runs[0]!.statements);
    expect(runs[1]!.answer).toBe(runs[0]!.answer);
    expect(runs[2]!.answer).toBe(runs[0]!.answer);
  });

  it('answers a failing query with the same errors, locations and all, every run', async () => {
    const refused = `{ invoices(first: 5, filter: { issueDateFrom: "2026-02-30" }) { edges { node { number } } } }`;
    const forbidden = `{ apiTokens { name } }`;
    for (const [query, token] of [[refused, undefined], [forbidden, api.tokens.VIEWER]] as const) {
      const answers = [];
      for (let run = 0; run < 3; run++) answers.push(JSON.stringify(await api.gql(query, {}, token)));
      expect(JSON.parse(answers[0]!).errors[0].locations).toBeDefined();
      expect(answers[1]).toBe(answers[0]);
      expect(answers[2]).toBe(answers[0]);
    }
  });

  it('never runs a string literal as code: graphql-jit turns its date marker into raw code, so such a document stays generic', async () => {
    // Closes the object literal graphql-jit writes the arguments into, then runs an assignment.
    const payload = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d0)}}&&(globalThis.ledgerlinePwned=1)&&{a:{b:(0';
    const query = `{ invoices(first: 1, filter: { customerCode: ${JSON.stringify(payload)} }) { edges { node { number } } } }`;
    const answers = [];
    for (let run = 0; run < 3; run++) answers.push(JSON.stringify(await api.gql(query)));
    expect((globalThis as { ledgerlinePwned?: number }).ledgerlinePwned).toBeUndefined();
    expect(JSON.parse(answers[0]!).errors[0].message).toMatch(/customer/i);
    expect(answers[2]).toBe(answers[0]);
  });

  it('answers a bad variable with the same error every run', async () => {
    const answers = [];
    for (let run = 0; run < 3; run++) answers.push(JSON.stringify(await api.gql(NESTED, { first: 'ten' })));
    expect(JSON.parse(answers[0]!).errors[0].message).toContain('$first');
    expect(answers[1]).toBe(answers[0]);
    expect(answers[2]).toBe(answers[0]);
  });
});

describe('when a document is compiled', () => {
  /** Runs the plugin's execute hook on one parsed document; true when it swapped in a compiled query. */
  const runner = (plugin: ReturnType<typeof compiledQueries>, source: string) => {
    const document = parse(source);
    return () => {
      let compiled = false;
      (plugin.onExecute as (payload: unknown) => void)({
        args: { schema, document, operationName: undefined, variableValues: {}, contextValue: {} },
        executeFn: () => null,
        setExecuteFn: () => void (compiled = true),
      });
      return compiled;
    };
  };

  it('compiles a query on its second run, never a mutation, an introspection or a literal with the date marker', () => {
    const plugin = compiledQueries(schema);
    for (const [source, expected] of [
      ['{ invoices(first: 1) { edges { node { number } } } }', [false, true, true]],
      ['mutation { revokeApiToken(id: "1") { token { id } } }', [false, false, false]],
      ['{ __schema { queryType { name } } }', [false, false, false]],
      ['{ customer(code: "__MAGIC_DATE__x") { code } }', [false, false, false]],
      ['{ customer(code: "NORTHWIND-0001") { code } }', [false, true, true]],
    ] as const) {
      const run = runner(plugin, source);
      expect([run(), run(), run()], source).toEqual(expected);
    }
  });
});
