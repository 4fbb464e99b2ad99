// Projects (status, dates, cost, progress, earned-value figures) and their risks. Status,
// forecast and actual end, actual cost and percent complete go back through updateProjects;
// probability, impact, status and mitigation through updateRisks; both atomic and versioned.
// A row the analyst adds to either table is created by the same mutation (its `creates`).
import { PROJECTS_PAGE, RISKS, UPDATE_PROJECTS, UPDATE_RISKS, type ProjectNode, type RiskNode } from '../../api/operations.js';
import { fetchAllPages } from '../../api/paging.js';
import { toRow } from '../cells.js';
import type { AddinColumn, CreateSpec, DatasetLayout, Row, RowEdits } from '../types.js';
import { describe, isoIn, optional, scope, upper, versionIn } from './common.js';

export const PROJECT_STATUSES = ['PLANNED', 'ACTIVE', 'ON_HOLD', 'DONE', 'CANCELLED'] as const;
export const RISK_STATUSES = ['OPEN', 'MITIGATING', 'ACCEPTED', 'CLOSED'] as const;

const projectColumns: AddinColumn[] = [
  { key: 'code', header: 'Project', kind: 'text', width: 12 },
  { key: 'name', header: 'Name', kind: 'text', width: 30 },
  { key: 'entityCode', header: 'Entity', kind: 'text', width: 8 },
  { key: 'owner', header: 'Owner', kind: 'text', width: 16 },
  { key: 'status', header: 'Status', kind: 'text', width: 11, editable: true, options: PROJECT_STATUSES, versionColumn: 'version' },
  { key: 'health', header: 'Health', kind: 'text', width: 8 },
  { key: 'startDate', header: 'Start', kind: 'date', width: 11 },
  { key: 'baselineEndDate', header: 'Baseline end', kind: 'date', width: 11 },
  { key: 'forecastEndDate', header: 'Forecast end', kind: 'date', width: 11, editable: true, versionColumn: 'version' },
  { key: 'actualEndDate', header: 'Actual end', kind: 'date', width: 11, editable: true, clearable: true, versionColumn: 'version' },
  { key: 'currency', header: 'Currency', kind: 'text', width: 8 },
  { key: 'budget', header: 'Budget', kind: 'money', width: 14, currencyColumn: 'currency' },
  { key: 'actualCost', header: 'Actual cost', kind: 'money', width: 14, editable: true, min: 0, currencyColumn: 'currency', versionColumn: 'version' },
  { key: 'budgetVariance', header: 'Budget variance', kind: 'money', width: 14 },
  { key: 'percentComplete', header: '% complete', kind: 'percent', width: 10, editable: true, min: 0, max: 100, scale: 4, versionColumn: 'version' },
  { key: 'scheduleVarianceDays', header: 'Schedule variance (days)', kind: 'integer', width: 10 },
  { key: 'cpi', header: 'CPI', kind: 'decimal', numberFormat: '0.00', width: 7 },
  { key: 'spi', header: 'SPI', kind: 'decimal', numberFormat: '0.00', width: 7 },
  { key: 'version', header: 'Version', kind: 'integer', hidden: true },
];

function projectRow(p: ProjectNode): Row {
  return toRow(projectColumns, { ...p, entityCode: p.entity?.code ?? '', health: p.figures.health, cpi: p.figures.cpi, spi: p.figures.spi });
}

const PROJECT_FIELDS = ['status', 'forecastEndDate', 'actualEndDate', 'actualCost', 'percentComplete'];

/** A new row's filled cells as one create item (a blank optional cell is left out). */
function createInput(row: RowEdits): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const edit of row.edits) if (edit.value !== null && edit.value !== '') input[edit.column] = edit.value;
  return input;
}

/** The created records are the last `count` of the batch's list: changes first, then creates in order. */
function lastCreated<T>(records: T[] | null | undefined, count: number): T[] {
  return count > 0 ? (records ?? []).slice(-count) : [];
}

/** A project row added to the table: created by updateProjects with the edits (as createProject takes it). */
const projectCreates: CreateSpec = {
  listName: 'creates',
  columns: ['code', 'name', 'entityCode', 'owner', 'startDate', 'baselineEndDate', 'currency', 'budget', ...PROJECT_FIELDS],
  required: ['code', 'name', 'owner', 'startDate', 'baselineEndDate', 'currency', 'budget'],
  toInput: createInput,
  written: (payload: { projects: ProjectNode[] | null }, count) => lastCreated(payload.projects, count).map(projectRow),
};

export const projectsLayout: DatasetLayout = {
  id: 'projects',
  title: 'Projects',
  description: 'Strategic projects with budget, progress and health. Edit status, forecast and actual end, actual cost and % complete; add a row to create a project.',
  table: { sheetName: 'Projects', tableName: 'llProjects', columns: projectColumns },
  keyColumns: ['code'],
  filters: [{ key: 'entityCode' }, { key: 'search' }],
  defaultFilters: () => ({ entityCode: '', search: '' }),
  describeFilters: (f) => describe([scope(f), optional(f.search) && `matching "${optional(f.search)}"`]),
  rowLabel: (row) => String(row.code),
  async pull(filters, context) {
    const nodes = await fetchAllPages<ProjectNode>({
      api: context.api,
      document: PROJECTS_PAGE,
      variables: { filter: { entityCode: upper(filters.entityCode), search: optional(filters.search) } },
      connection: (data) => data.projects,
      signal: context.signal,
      onPage: context.onFetched,
    });
    return nodes.map(projectRow);
  },
  push: {
    batches: [
      {
        name: 'Projects',
        field: 'updateProjects',
        listName: 'changes',
        document: UPDATE_PROJECTS,
        columns: PROJECT_FIELDS,
        toInput(row: RowEdits) {
          const input: Record<string, unknown> = { code: String(row.current.code), expectedVersion: versionIn(row.current.version) };
          // An empty string clears the actual end (the API's way to say "no date").
          for (const edit of row.edits) input[edit.column] = edit.value ?? '';
          return input;
        },
        written: (payload: { projects: ProjectNode[] | null }) => (payload.projects ?? []).map((p) => ({ rowKey: p.code, cells: projectRow(p) })),
        conflicts: (payload: { conflicts: { code: string; currentVersion: number; project: ProjectNode }[] }) =>
          payload.conflicts.map((c) => ({ rowKey: c.code, cells: projectRow(c.project), version: c.currentVersion })),
        creates: projectCreates,
      },
    ],
    validateRow(row) {
      const status = row.edits.find((e) => e.column === 'status')?.value ?? row.current.status;
      const endEdit = row.edits.find((e) => e.column === 'actualEndDate');
      const actualEnd = endEdit ? endEdit.value : isoIn(row.current.actualEndDate);
      if (status === 'DONE' && !actualEnd) {
        return [{ column: endEdit ? 'actualEndDate' : 'status', message: `${row.current.code}: setting status DONE needs an actual end date.` }];
      }
      return [];
    },
  },
};

const riskColumns: AddinColumn[] = [
  { key: 'projectCode', header: 'Project', kind: 'text', width: 12 },
  { key: 'title', header: 'Risk', kind: 'text', width: 34 },
  { key: 'owner', header: 'Owner', kind: 'text', width: 16 },
  { key: 'probability', header: 'Probability (1–5)', kind: 'integer', width: 10, editable: true, min: 1, max: 5, versionColumn: 'version' },
  { key: 'impact', header: 'Impact (1–5)', kind: 'integer', width: 10, editable: true, min: 1, max: 5, versionColumn: 'version' },
  { key: 'score', header: 'Score', kind: 'integer', width: 7 },
  { key: 'status', header: 'Status', kind: 'text', width: 12, editable: true, options: RISK_STATUSES, versionColumn: 'version' },
  { key: 'mitigation', header: 'Mitigation', kind: 'text', width: 40, editable: true, clearable: true, versionColumn: 'version' },
  { key: 'id', header: 'Risk id', kind: 'text', hidden: true },
  { key: 'version', header: 'Version', kind: 'integer', hidden: true },
];

function riskRow(r: RiskNode): Row {
  return toRow(riskColumns, { ...r, projectCode: r.project.code });
}

/** A risk row added to the table: created by updateRisks with the edits; the server assigns its id. */
const riskCreates: CreateSpec = {
  listName: 'creates',
  columns: ['projectCode', 'title', 'owner', 'probability', 'impact', 'status', 'mitigation'],
  required: ['projectCode', 'title', 'owner', 'probability', 'impact'],
  toInput: createInput,
  written: (payload: { risks: RiskNode[] | null }, count) => lastCreated(payload.risks, count).map(riskRow),
};

export const risksLayout: DatasetLayout = {
  id: 'risks',
  title: 'Project risks',
  description: 'Risks across projects, highest score first. Edit probability, impact, status and mitigation; add a row to create a risk.',
  table: { sheetName: 'Risks', tableName: 'llRisks', columns: riskColumns },
  keyColumns: ['id'],
  filters: [{ key: 'projectCode' }, { key: 'openOnly' }],
  defaultFilters: () => ({ projectCode: '', openOnly: 'true' }),
  describeFilters: (f) => describe([optional(f.projectCode) ? `project ${upper(f.projectCode)}` : 'all projects', f.openOnly === 'true' && 'open only']),
  rowLabel: (row) => `${row.projectCode} · ${row.title}`,
  async pull(filters, context) {
    const data = await context.api.query<{ risks: RiskNode[] }>(RISKS, { projectCode: upper(filters.projectCode), openOnly: filters.openOnly === 'true' }, context.signal);
    context.onFetched?.(data.risks.length, data.risks.length);
    return data.risks.map(riskRow);
  },
  push: {
    batches: [
      {
        name: 'Risks',
        field: 'updateRisks',
        listName: 'changes',
        document: UPDATE_RISKS,
        columns: ['probability', 'impact', 'status', 'mitigation'],
        toInput(row: RowEdits) {
          const input: Record<string, unknown> = { id: String(row.current.id), expectedVersion: versionIn(row.current.version) };
          for (const edit of row.edits) input[edit.column] = edit.value ?? '';
          return input;
        },
        written: (payload: { risks: RiskNode[] | null }) => (payload.risks ?? []).map((r) => ({ rowKey: r.id, cells: riskRow(r) })),
        conflicts: (payload: { conflicts: { id: string; currentVersion: number; risk: RiskNode }[] }) =>
          payload.conflicts.map((c) => ({ rowKey: c.id, cells: riskRow(c.risk), version: c.currentVersion })),
        creates: riskCreates,
      },
    ],
  },
};
