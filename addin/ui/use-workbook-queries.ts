// The tables this workbook remembers (its saved queries), read when the pane opens and again
// after each change. Entries of a dataset this pane does not offer are skipped and said so.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SavedWorkbookQuery, WorkbookQuery } from '../office/workbook-queries.js';
import { LAYOUTS } from '../sheets/layouts/index.js';
import type { OfficeFunctions } from '../workflow/office-functions.js';

export interface WorkbookQueriesState {
  /** null until the first read. */
  queries: SavedWorkbookQuery[] | null;
  ignored: string[];
  /** Reading or writing the setting failed. */
  error: string | null;
}

export function useWorkbookQueries(office: OfficeFunctions) {
  const [state, setState] = useState<WorkbookQueriesState>({ queries: null, ignored: [], error: null });
  const live = useRef(true);

  const reload = useCallback(async (): Promise<SavedWorkbookQuery[] | null> => {
    try {
      const read = await office.readWorkbookQueries();
      const known = read.queries.filter((q) => LAYOUTS.some((l) => l.id === q.datasetId));
      const unknown = read.queries.filter((q) => !known.includes(q)).map((q) => `Saved table ${q.tableName}: dataset "${q.datasetId}" is not one this pane offers.`);
      if (live.current) setState({ queries: known, ignored: [...read.ignored, ...unknown], error: null });
      return known;
    } catch (error) {
      if (live.current) setState((s) => ({ ...s, queries: s.queries ?? [], error: `Could not read the tables saved in this workbook: ${(error as Error).message}` }));
      return null;
    }
  }, [office]);

  useEffect(() => {
    live.current = true;
    void reload();
    return () => {
      live.current = false;
    };
  }, [reload]);

  const save = useCallback(async (query: WorkbookQuery) => {
    try {
      await office.saveWorkbookQuery(query);
    } catch (error) {
      if (live.current) setState((s) => ({ ...s, error: `The table was pulled, but its filters could not be saved in the workbook: ${(error as Error).message}` }));
      return;
    }
    await reload();
  }, [office, reload]);

  const forget = useCallback(async (tableName: string) => {
    try {
      await office.forgetWorkbookQuery(tableName);
    } catch (error) {
      if (live.current) setState((s) => ({ ...s, error: `Could not forget ${tableName}: ${(error as Error).message}` }));
      return;
    }
    await reload();
  }, [office, reload]);

  const dismissError = useCallback(() => setState((s) => ({ ...s, error: null })), []);

  return { ...state, reload, save, forget, dismissError };
}
