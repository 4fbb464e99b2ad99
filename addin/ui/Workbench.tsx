// After connecting: pick a dataset, pull it, edit, push. Each dataset keeps its own session
// (its pull, pending edits and conflicts) while the user moves between them.
import { Field, Select } from '@fluentui/react-components';
import { useEffect, useMemo, useRef, useState } from 'react';
import { FILTER_CHOICES, type FilterChoicesData } from '../api/operations.js';
import { LAYOUTS, layoutFor } from '../sheets/layouts/index.js';
import type { DatasetId, Filters } from '../sheets/types.js';
import { DatasetSession } from '../workflow/dataset-session.js';
import type { Connection } from './ConnectPanel.js';
import { DatasetPanel } from './DatasetPanel.js';
import { useServices } from './services.js';
import { useStyles } from './styles.js';

const CAN_PUSH = new Set(['ANALYST', 'AR', 'ADMIN']);

export function Workbench({ connection }: { connection: Connection }) {
  const styles = useStyles();
  const services = useServices();
  const [datasetId, setDatasetId] = useState<DatasetId>(LAYOUTS[0]!.id);
  const [filters, setFilters] = useState<Record<string, Filters>>(() =>
    Object.fromEntries(LAYOUTS.map((l) => [l.id, l.defaultFilters(services.today())])),
  );
  const [choices, setChoices] = useState<FilterChoicesData | null>(null);
  const sessions = useRef(new Map<DatasetId, DatasetSession>());

  const session = useMemo(() => {
    let existing = sessions.current.get(datasetId);
    if (!existing) {
      existing = new DatasetSession({ layout: layoutFor(datasetId), office: services.office, api: connection.api, today: services.today, newKey: services.newKey });
      sessions.current.set(datasetId, existing);
    }
    return existing;
  }, [datasetId, connection.api, services]);

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
      for (const s of all.values()) void s.dispose();
    };
  }, []);

  const canPush = CAN_PUSH.has(connection.me.role);
  return (
    <>
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
        key={datasetId}
        session={session}
        filters={filters[datasetId] ?? {}}
        choices={choices}
        canPush={canPush}
        readOnlyReason={canPush ? undefined : `Your token is read-only (${connection.me.role}): changes cannot be pushed.`}
        onFiltersChange={(f) => setFilters((all) => ({ ...all, [datasetId]: f }))}
      />
    </>
  );
}
