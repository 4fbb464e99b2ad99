// One table of a dataset: its filters, Pull / Refresh with progress and Cancel, what happened,
// and — for editable datasets — the pending changes, values to fix and conflicts. When the
// filters differ from those the table was pulled with, the pane offers a new table beside it.
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Text } from '@fluentui/react-components';
import { useSyncExternalStore } from 'react';
import type { FilterChoicesData } from '../api/operations.js';
import type { WorkbookQuery } from '../office/workbook-queries.js';
import type { Filters } from '../sheets/types.js';
import type { DatasetSession } from '../workflow/dataset-session.js';
import { ConfirmPushDialog } from './ConfirmPushDialog.js';
import { ConflictList } from './ConflictList.js';
import { FilterFields, missingFilters } from './FilterFields.js';
import { PendingChanges } from './PendingChanges.js';
import { PullProgress } from './PullProgress.js';
import { RefreshDialog } from './RefreshDialog.js';
import { useStyles } from './styles.js';
import { sameFilters, type TableRef } from './table-names.js';

export function useSession(session: DatasetSession) {
  return useSyncExternalStore(session.subscribe, session.getState, session.getState);
}

export function DatasetPanel({ session, table, saved, twin, filters, choices, canPush, readOnlyReason, confirming, onFiltersChange, onPull, onPullIntoNewTable, onRefreshTwin, onCloseConfirm }: {
  session: DatasetSession;
  /** The table this panel fills. */
  table: TableRef;
  /** The query saved for that table, when it has one. */
  saved: WorkbookQuery | null;
  /** Another saved table of the dataset pulled with exactly these filters. */
  twin: WorkbookQuery | null;
  filters: Filters;
  choices: FilterChoicesData | null;
  canPush: boolean;
  readOnlyReason?: string;
  /** Asking whether to keep unpushed edits before a refresh. */
  confirming: boolean;
  onFiltersChange(filters: Filters): void;
  onPull(filters: Filters, options?: { keepEdits?: boolean }): void;
  onPullIntoNewTable(filters: Filters): void;
  /** Work on the twin table instead, and refresh it. */
  onRefreshTwin(twin: WorkbookQuery): void;
  onCloseConfirm(): void;
}) {
  const styles = useStyles();
  const state = useSession(session);
  const { layout } = session;
  const busy = state.phase !== 'idle';
  const missing = missingFilters(layout, filters);
  const editable = Boolean(layout.push);
  const newFilters = saved !== null && !sameFilters(layout, saved.filters, filters);
  const disabled = busy || missing.length > 0;

  function hint(): string {
    if (missing.length > 0) return `Enter ${missing.join(' and ')}.`;
    const here = `Sheet “${table.sheetName}”, table ${table.tableName}`;
    if (twin) return `Table ${twin.tableName} holds these filters (${twin.title}): refresh it, or ${saved ? `refresh ${table.tableName} with them` : `pull them into ${table.tableName} too`}.`;
    if (newFilters) return `${table.tableName} holds ${saved!.title}: pull these filters into a new table beside it, or refresh ${table.tableName} with them.`;
    return here;
  }

  return (
    <>
      <section className={styles.card} aria-label={layout.title}>
        <Text className={styles.hint}>{layout.description}</Text>
        <FilterFields layout={layout} filters={filters} choices={choices} disabled={busy} onChange={onFiltersChange} />
        <div className={styles.actions}>
          {twin && (
            <Button appearance="primary" disabled={disabled} onClick={() => onRefreshTwin(twin)}>{`Refresh ${twin.tableName}`}</Button>
          )}
          {!twin && newFilters && (
            <Button appearance="primary" disabled={disabled} onClick={() => onPullIntoNewTable(filters)}>
              Pull into a new table
            </Button>
          )}
          <Button appearance={twin || newFilters ? 'secondary' : 'primary'} disabled={disabled} onClick={() => onPull(filters)}>
            {newFilters ? `Refresh ${table.tableName}` : state.pulled ? 'Refresh' : 'Pull into sheet'}
          </Button>
        </div>
        <Text className={styles.hint}>{hint()}</Text>
        {state.tableNote && (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>{state.tableNote}</MessageBarBody>
          </MessageBar>
        )}
        <PullProgress phase={state.phase} progress={state.progress} onCancel={() => session.cancel()} />
        {state.notice && (
          <MessageBar intent={state.notice.intent} role={state.notice.intent === 'error' ? 'alert' : 'status'} layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{state.notice.title}</MessageBarTitle>
              {state.notice.text}
            </MessageBarBody>
            <MessageBarActions
              containerAction={
                <Button appearance="transparent" size="small" aria-label="Dismiss" onClick={() => session.dismissNotice()}>
                  ✕
                </Button>
              }
            >
              {state.notice.action?.run === 'restoreHeaders' && (
                <Button disabled={busy} onClick={() => void session.restoreHeaders()}>
                  {state.notice.action.label}
                </Button>
              )}
            </MessageBarActions>
          </MessageBar>
        )}
      </section>
      {editable && state.pulled && (
        <PendingChanges
          edits={state.edits}
          problems={state.problems}
          notes={state.notes}
          busy={busy}
          pushing={state.phase === 'pushing' || state.phase === 'checking'}
          canPush={canPush}
          readOnlyReason={readOnlyReason}
          pushLabel={layout.push?.label}
          onPush={() => void session.push()}
          onCheck={() => void session.scan()}
        />
      )}
      <ConfirmPushDialog
        question={state.confirmation}
        confirmLabel={layout.push?.label ?? 'Push'}
        onConfirm={() => void session.push({ confirmed: state.confirmation?.signature })}
        onCancel={() => session.dismissConfirmation()}
      />
      {editable && <ConflictList conflicts={state.conflicts} busy={busy} onResolve={(conflicts, choice) => void session.resolve(conflicts, choice)} />}
      <RefreshDialog
        open={confirming || state.askToKeepEdits}
        count={state.edits.length + state.problems.length}
        foundInSheet={state.askToKeepEdits}
        onKeep={() => {
          onCloseConfirm();
          onPull(filters, { keepEdits: true });
        }}
        onDiscard={() => {
          onCloseConfirm();
          onPull(filters, { keepEdits: false });
        }}
        onCancel={() => {
          onCloseConfirm();
          session.dismissKeepEdits();
        }}
      />
    </>
  );
}
