// After connecting: the tables this workbook remembers, then a dataset to pull, edit and push.
// Each table keeps its own session (its pull, pending edits and conflicts) while the user moves
// between them, and each pull is saved in the workbook with its filters, so a reopened workbook
// refreshes every table in place. A dataset's first table takes the layout's own names.
import { Button, Field, MessageBar, MessageBarActions, MessageBarBody, Select } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { FILTER_CHOICES, type FilterChoicesData, type Role } from '../api/operations.js';
import type { SavedWorkbookQuery, WorkbookQuery } from '../office/workbook-queries.js';
import { LAYOUTS, layoutFor } from '../sheets/layouts/index.js';
import type { DatasetId, DatasetLayout, Filters } from '../sheets/types.js';
import { DatasetSession } from '../workflow/dataset-session.js';
import type { Connection } from './ConnectPanel.js';
import { DatasetPanel, useSession } from './DatasetPanel.js';
import { ImportPanel } from './ImportPanel.js';
import { useServices } from './services.js';
import { useStyles } from './styles.js';
import { formFilters, newTableNames, queryTitle, sameFilters, savedFilters, type TableRef } from './table-names.js';
import { useWorkbookQueries } from './use-workbook-queries.js';
import { WorkbookTables } from './WorkbookTables.js';

/** Roles in order, each including the ones before it. */
const ROLES: readonly Role[] = ['VIEWER', 'ANALYST', 'AR', 'ADMIN'];

/** Excel table names are unique in a workbook, whatever their case. */
const keyOf = (tableName: string) => tableName.toLowerCase();
const findQuery = (queries: readonly SavedWorkbookQuery[], tableName: string) => queries.find((q) => keyOf(q.tableName) === keyOf(tableName)) ?? null;
const refOf = (table: TableRef): TableRef => ({ sheetName: table.sheetName, tableName: table.tableName });
const filtersOf = (query: WorkbookQuery): Filters => formFilters(layoutFor(query.datasetId as DatasetId), query.filters);

export function Workbench({ connection }: { connection: Connection }) {
  const styles = useStyles();
  const services = useServices();
  const workbook = useWorkbookQueries(services.office);
  const queries = workbook.queries ?? [];
  const [datasetId, setDatasetId] = useState<DatasetId>(LAYOUTS[0]!.id);
  const [filters, setFilters] = useState<Record<string, Filters>>(() =>
    Object.fromEntries(LAYOUTS.map((l) => [l.id, l.defaultFilters(services.today())])),
  );
  /** The table each dataset works on now (default: the layout's own). */
  const [current, setCurrent] = useState<Partial<Record<DatasetId, TableRef>>>({});
  /** The table whose refresh waits for the keep-or-discard answer. */
  const [confirming, setConfirming] = useState<string | null>(null);
  const [, setSessionsChanged] = useState(0);
  const [choices, setChoices] = useState<FilterChoicesData | null>(null);
  const sessions = useRef(new Map<string, { session: DatasetSession; table: TableRef }>());

  function sessionFor(layout: DatasetLayout, table: TableRef): DatasetSession {
    let entry = sessions.current.get(keyOf(table.tableName));
    if (!entry) {
      const session = new DatasetSession({
        layout,
        table: { ...layout.table, ...refOf(table) },
        office: services.office,
        api: connection.api,
        today: services.today,
        newKey: services.newKey,
      });
      entry = { session, table: refOf(table) };
      sessions.current.set(keyOf(table.tableName), entry);
    }
    return entry.session;
  }

  const layout = layoutFor(datasetId);
  const table = current[datasetId] ?? refOf(layout.table);
  const session = sessionFor(layout, table);
  const state = useSession(session);
  const saved = findQuery(queries, table.tableName);
  const formNow = filters[datasetId] ?? {};
  const twin = queries.find((q) => q.datasetId === layout.id && keyOf(q.tableName) !== keyOf(table.tableName) && sameFilters(layout, q.filters, formNow)) ?? null;

  // Reopened: each dataset's own table starts from the filters it was pulled with.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || workbook.queries === null) return;
    restored.current = true;
    const found = workbook.queries;
    setFilters((all) => {
      const next = { ...all };
      for (const l of LAYOUTS) {
        const q = findQuery(found, l.table.tableName);
        if (q?.datasetId === l.id) next[l.id] = formFilters(l, q.filters);
      }
      return next;
    });
  }, [workbook.queries]);

  useEffect(() => {
    let live = true;
    connection.api
      .query<FilterChoicesData>(FILTER_CHOICES)
      .then((data) => {
        if (!live) return;
        setChoices(data);
        // The KPI picker starts on a KPI the server has.
        setFilters((f) => {
          const history = f.kpiHistory ?? {};
          if (data.kpiDefinitions.length === 0 || data.kpiDefinitions.some((k) => k.code === history.kpiCode)) return f;
          return { ...f, kpiHistory: { ...history, kpiCode: data.kpiDefinitions[0]!.code } };
        });
      })
      .catch(() => live && setChoices(null));
    return () => {
      live = false;
    };
  }, [connection.api]);

  useEffect(() => {
    const all = sessions.current;
    return () => {
      for (const { session } of all.values()) void session.dispose();
    };
  }, []);

  /** Works on `query`'s table: its dataset, its filters. */
  function select(query: WorkbookQuery): DatasetLayout {
    const l = layoutFor(query.datasetId as DatasetId);
    setDatasetId(l.id);
    setCurrent((c) => ({ ...c, [l.id]: refOf(query) }));
    setFilters((all) => ({ ...all, [l.id]: filtersOf(query) }));
    return l;
  }

  /** Works on the other table that holds these filters, and refreshes it there. */
  function refreshTwin(query: WorkbookQuery): void {
    requestPull(select(query), refOf(query), filtersOf(query));
  }

  /** A refresh over unpushed edits asks first (the panel's dialog answers through `pull`). */
  function requestPull(l: DatasetLayout, ref: TableRef, f: Filters): void {
    const pending = sessionFor(l, ref).getState();
    if (pending.edits.length + pending.problems.length > 0) setConfirming(keyOf(ref.tableName));
    else void pull(l, ref, f);
  }

  /** Pulls into the table, then saves its query in the workbook once rows were written. */
  async function pull(l: DatasetLayout, ref: TableRef, f: Filters, options: { keepEdits?: boolean } = {}): Promise<void> {
    // A table the user deleted is made again by a new session: the old one watches a sheet that may be gone.
    const latest = await workbook.reload();
    const entry = sessions.current.get(keyOf(ref.tableName));
    if (entry && latest && findQuery(latest, ref.tableName)?.inWorkbook === false) {
      void entry.session.dispose();
      sessions.current.delete(keyOf(ref.tableName));
      setSessionsChanged((n) => n + 1);
    }
    const target = sessionFor(l, ref);
    let wrote = false;
    const stop = target.subscribe(() => {
      if (target.getState().phase === 'writing') wrote = true;
    });
    try {
      await target.pull(f, options);
    } finally {
      stop();
    }
    // Written, even in part (a cancel while writing): the table now holds these filters.
    if (!wrote || !target.getState().pulled) return;
    await workbook.save({
      tableName: ref.tableName,
      sheetName: ref.sheetName,
      datasetId: l.id,
      filters: savedFilters(l, f),
      title: queryTitle(l, f),
      pulledAt: new Date().toISOString(),
    });
  }

  async function pullIntoNewTable(l: DatasetLayout, f: Filters): Promise<void> {
    const ours = [...sessions.current.values()].map((e) => e.table);
    let names: { sheetNames: string[]; tableNames: string[] };
    try {
      names = await services.office.readWorkbookNames();
    } catch {
      // Then the names are made unique among the tables we know; a clash left fails the pull, which says so.
      names = { sheetNames: queries.map((q) => q.sheetName), tableNames: queries.map((q) => q.tableName) };
    }
    const ref = newTableNames(l, f, saved ? formFilters(l, saved.filters) : null, {
      sheetNames: [...names.sheetNames, ...ours.map((t) => t.sheetName)],
      tableNames: [...names.tableNames, ...ours.map((t) => t.tableName)],
    });
    setCurrent((c) => ({ ...c, [l.id]: ref }));
    await pull(l, ref, f);
  }

  /** After a bank statement was imported: its lines to apply, refreshed in "Cash to apply". */
  function showCashToApply(): void {
    const l = layoutFor('cashToApply');
    setDatasetId(l.id);
    requestPull(l, current[l.id] ?? refOf(l.table), filters[l.id] ?? l.defaultFilters(services.today()));
  }

  // A dataset whose push needs more than an analyst (posting adjustments: AR) says so before anything is sent.
  const needed = layout.push?.role ?? 'ANALYST';
  const canPush = ROLES.indexOf(connection.me.role) >= ROLES.indexOf(needed);
  const readOnlyReason = canPush
    ? undefined
    : connection.me.role === 'VIEWER'
      ? `Your token is read-only (${connection.me.role}): changes cannot be pushed.`
      : `${layout.title}: pushing needs an ${needed} token (yours is ${connection.me.role}).`;
  const canImport = ROLES.indexOf(connection.me.role) >= ROLES.indexOf('AR');
  return (
    <>
      {workbook.error && (
        <MessageBar intent="error" role="alert" layout="multiline">
          <MessageBarBody>{workbook.error}</MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button appearance="transparent" size="small" aria-label="Dismiss" onClick={workbook.dismissError}>
                ✕
              </Button>
            }
          />
        </MessageBar>
      )}
      <WorkbookTables
        queries={queries}
        ignored={workbook.ignored}
        selected={saved ? table.tableName : null}
        busy={state.phase !== 'idle'}
        onSelect={select}
        onForget={(q) => void workbook.forget(q.tableName)}
      />
      <Field label="Dataset" className={styles.card}>
        <Select value={datasetId} onChange={(_, d) => setDatasetId(d.value as DatasetId)} aria-label="Dataset">
          {LAYOUTS.map((l) => (
            <option key={l.id} value={l.id}>
              {l.title}
            </option>
          ))}
        </Select>
      </Field>
      <DatasetPanel
        key={keyOf(table.tableName)}
        session={session}
        table={table}
        saved={saved}
        twin={twin}
        filters={formNow}
        choices={choices}
        canPush={canPush}
        readOnlyReason={readOnlyReason}
        confirming={confirming === keyOf(table.tableName)}
        onFiltersChange={(f) => setFilters((all) => ({ ...all, [datasetId]: f }))}
        onPull={(f, options) => (options ? void pull(layout, table, f, options) : requestPull(layout, table, f))}
        onPullIntoNewTable={(f) => void pullIntoNewTable(layout, f)}
        onRefreshTwin={refreshTwin}
        onCloseConfirm={() => setConfirming(null)}
      />
      <ImportPanel
        api={connection.api}
        canImport={canImport}
        readOnlyReason={canImport ? undefined : `Importing needs an AR token (yours is ${connection.me.role}).`}
        choices={choices}
        onStatementImported={showCashToApply}
      />
    </>
  );
}
