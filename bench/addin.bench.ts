// The add-in's heavy paths, in process, on a benchmark dataset:
// - a pull of 50,000 invoice rows: paged through the API 1,000 at a time (yoga.fetch), mapped
//   by the invoices layout, and written by the real Office layer's writeTable into the fake
//   workbook (chunked by payload, one sync per chunk) — time, rows per second, largest sync;
// - a push of 5,000 KPI target edits: diff → checks → batch → setKpiTargets, first creating
//   the targets, then updating them on their versions.
// Prints its figures; no assertions on time. Wire it into bench/run.ts with the datasets there.
import * as officeLayer from '../addin/office/index.js';
import type { LedgerApi } from '../addin/api/client.js';
import { INVOICES_PAGE, type InvoiceNode } from '../addin/api/operations.js';
import { fetchAllPages } from '../addin/api/paging.js';
import { baselineOf, readSheet, rowKeyColumn } from '../addin/sheets/row-match.js';
import { kpiScorecardLayout } from '../addin/sheets/layouts/index.js';
import { invoiceRow, invoicesLayout } from '../addin/sheets/layouts/invoices.js';
import { batchVariables, planBatches, readOutcome } from '../addin/sheets/push.js';
import { planRefresh, stampRowKey } from '../addin/sheets/refresh-plan.js';
import type { Row } from '../addin/sheets/types.js';
import { validateEdits } from '../addin/sheets/validate.js';
import { installFakeExcel } from '../addin/in-memory-excel/index.js';
import { fromOfficeLayer } from '../addin/workflow/office-functions.js';
import type { Dataset } from './harness.js';
import { BENCH_TODAY } from './harness.js';

export interface AddinFigures {
  dataset: string;
  pull: { rows: number; fetchMs: number; writeMs: number; totalMs: number; rowsPerSecond: number; syncs: number; largestSyncBytes: number };
  /** A refresh of the same rows in a table the user sorted: written by position (before) and matched by key (now). */
  refresh: { rows: number; positionalMs: number; keyedMs: number; readAndPlanMs: number; syncs: number; largestSyncBytes: number };
  push: { edits: number; createMs: number; updateMs: number; checkMs: number };
}

const KPI_CODES = `{ kpiDefinitions { code unit } }`;
/** Months far from any real data, so the benchmark's targets never meet a user's. */
const BENCH_PERIOD_FROM = 2060;

function apiOf(data: Dataset): LedgerApi {
  return { serverUrl: 'in-process', query: (document, variables) => data.gql(document, variables), mutate: (document, variables) => data.gql(document, variables) };
}

async function benchPull(data: Dataset, rows: number): Promise<Pick<AddinFigures, 'pull' | 'refresh'>> {
  const api = apiOf(data);
  const fake = installFakeExcel({ sheets: ['Sheet1'] });
  try {
    const office = fromOfficeLayer(officeLayer);
    const started = performance.now();
    const nodes = await fetchAllPages<InvoiceNode>({ api, document: INVOICES_PAGE, variables: { filter: {} }, connection: (d) => d.invoices, limit: rows });
    const sheetRows = nodes.map(invoiceRow);
    const fetched = performance.now();
    fake.syncs.reset();
    // The table as the pane writes it: the layout's columns and the hidden row key.
    const table = { ...invoicesLayout.table, columns: [...invoicesLayout.table.columns, rowKeyColumn] };
    const stamped = sheetRows.map((row) => stampRowKey(invoicesLayout, row));
    const result = await office.writeTable(table, stamped);
    const done = performance.now();
    if (fake.table(table.tableName).rowCount !== sheetRows.length) throw new Error('the fake workbook does not hold every row written');
    const pull = {
      rows: sheetRows.length,
      fetchMs: fetched - started,
      writeMs: done - fetched,
      totalMs: done - started,
      rowsPerSecond: sheetRows.length / ((done - started) / 1000),
      syncs: result.syncs,
      largestSyncBytes: Math.max(result.largestSyncBytes, fake.syncs.largestPayloadBytes),
    };

    // The user sorts the table; a refresh by position (what the pane did before) rewrites every
    // row in server order, one matched by key writes each record onto its own row.
    fake.sortTable(table.tableName, 'Customer', true);
    let t = performance.now();
    await office.writeTable(table, stamped);
    const positionalMs = performance.now() - t;
    fake.sortTable(table.tableName, 'Customer', true);
    const sorted = fake.table(table.tableName).column('Invoice');
    fake.syncs.reset();
    t = performance.now();
    const current = await office.readTable(table);
    const plan = planRefresh(invoicesLayout, sheetRows, current, readSheet(invoicesLayout, baselineOf(invoicesLayout, stamped), current), true);
    const planned = performance.now();
    const keyed = await office.syncTable(table, plan);
    const keyedMs = performance.now() - t;
    const after = fake.table(table.tableName).column('Invoice');
    if (after.length !== sorted.length || after.some((n, i) => n !== sorted[i])) throw new Error('the keyed refresh moved rows');
    return {
      pull,
      refresh: { rows: sheetRows.length, positionalMs, keyedMs, readAndPlanMs: planned - t, syncs: fake.syncs.count, largestSyncBytes: Math.max(keyed.largestSyncBytes, fake.syncs.largestPayloadBytes) },
    };
  } finally {
    fake.uninstall();
  }
}

async function benchPush(data: Dataset, edits: number): Promise<AddinFigures['push']> {
  const api = apiOf(data);
  const kpis = ((await data.gql(KPI_CODES)) as { kpiDefinitions: { code: string; unit: string }[] }).kpiDefinitions;
  const months = Math.ceil(edits / kpis.length);
  const scorecard = (target: Row[string], version: Row[string]) =>
    Array.from({ length: months }, (_, m) => {
      const period = `${BENCH_PERIOD_FROM + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      return kpis.map((k) => ({
        code: k.code, name: k.code, period, entityCode: '', unit: k.unit, direction: 'LOWER_IS_BETTER', source: 'COMPUTED',
        // A PERCENT KPI's cell holds the fraction (50 % is 0.5), as the pane writes it.
        actual: '', target: k.unit === 'PERCENT' && typeof target === 'number' ? target / 100 : target, status: 'NO_TARGET', currency: 'USD', closed: 'No', targetVersion: version, actualVersion: '',
      }));
    }).flat().slice(0, edits) as Row[];

  await data.sql.query(`DELETE FROM kpi_target WHERE period >= '${BENCH_PERIOD_FROM}'`);
  let checkMs = 0;
  const push = async (pulled: Row[], current: Row[]) => {
    const started = performance.now();
    const { rows, problems } = validateEdits(readSheet(kpiScorecardLayout, baselineOf(kpiScorecardLayout, pulled), current).edits, current, kpiScorecardLayout);
    const { batches } = await planBatches(kpiScorecardLayout, rows, { api, today: BENCH_TODAY, filters: {} });
    checkMs += performance.now() - started;
    if (problems.length > 0 || batches.length !== 1) throw new Error(`benchmark edits refused before sending: ${problems[0]?.message}`);
    const sent = performance.now();
    const answer = await api.mutate(batches[0]!.spec.document, batchVariables(batches[0]!, `bench-${crypto.randomUUID()}`));
    const outcome = readOutcome(kpiScorecardLayout, batches[0]!, answer.setKpiTargets, current);
    if (outcome.status !== 'written' || outcome.updates.length !== current.length) throw new Error(`benchmark push refused: ${JSON.stringify(answer.setKpiTargets.userErrors?.[0] ?? answer.setKpiTargets.conflicts?.[0])}`);
    return performance.now() - sent;
  };
  try {
    const createMs = await push(scorecard('', ''), scorecard(50, ''));
    const updateMs = await push(scorecard(50, 1), scorecard(55, 1));
    return { edits, createMs, updateMs, checkMs: checkMs / 2 };
  } finally {
    await data.sql.query(`DELETE FROM audit_record WHERE record_type = 'KpiTarget' AND record_id IN (SELECT id::text FROM kpi_target WHERE period >= '${BENCH_PERIOD_FROM}')`);
    await data.sql.query(`DELETE FROM kpi_target WHERE period >= '${BENCH_PERIOD_FROM}'`);
  }
}

export async function benchAddin(data: Dataset, options: { invoiceRows?: number; targetEdits?: number } = {}): Promise<AddinFigures> {
  const figures: AddinFigures = {
    dataset: data.label,
    ...(await benchPull(data, options.invoiceRows ?? 50_000)),
    push: await benchPush(data, options.targetEdits ?? 5_000),
  };
  printAddinFigures(figures);
  return figures;
}

export function printAddinFigures(f: AddinFigures): void {
  const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  console.log(`\nadd-in, ${f.dataset}`);
  console.log(
    `  pull ${n(f.pull.rows)} invoice rows: ${n(f.pull.totalMs)} ms (fetch ${n(f.pull.fetchMs)} ms + write ${n(f.pull.writeMs)} ms), ` +
      `${n(f.pull.rowsPerSecond)} rows/s, ${f.pull.syncs} syncs, largest sync ${n(f.pull.largestSyncBytes / 1024 / 1024, 2)} MB`,
  );
  console.log(
    `  refresh ${n(f.refresh.rows)} rows of a sorted table: by key ${n(f.refresh.keyedMs)} ms (read and plan ${n(f.refresh.readAndPlanMs)} ms), ` +
      `by position (before) ${n(f.refresh.positionalMs)} ms, ratio ${n(f.refresh.keyedMs / f.refresh.positionalMs, 2)}; ` +
      `${f.refresh.syncs} syncs, largest sync ${n(f.refresh.largestSyncBytes / 1024 / 1024, 2)} MB`,
  );
  console.log(
    `  push ${n(f.push.edits)} KPI target edits: create ${n(f.push.createMs)} ms, update on versions ${n(f.push.updateMs)} ms ` +
      `(diff, checks and batch ${n(f.push.checkMs)} ms before sending)`,
  );
}
