// One dataset: its filters, Pull / Refresh with progress and Cancel, what happened, and —
// for editable datasets — the pending changes, values to fix and conflicts.
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Text } from '@fluentui/react-components';
import { useState, useSyncExternalStore } from 'react';
import type { FilterChoicesData } from '../api/operations.js';
import type { Filters } from '../sheets/types.js';
import type { DatasetSession } from '../workflow/dataset-session.js';
import { ConflictList } from './ConflictList.js';
import { FilterFields, missingFilters } from './FilterFields.js';
import { PendingChanges } from './PendingChanges.js';
import { PullProgress } from './PullProgress.js';
import { RefreshDialog } from './RefreshDialog.js';
import { useStyles } from './styles.js';

function useSession(session: DatasetSession) {
  return useSyncExternalStore(session.subscribe, session.getState, session.getState);
}

export function DatasetPanel({ session, filters, choices, canPush, readOnlyReason, onFiltersChange }: {
  session: DatasetSession;
  filters: Filters;
  choices: FilterChoicesData | null;
  canPush: boolean;
  readOnlyReason?: string;
  onFiltersChange(filters: Filters): void;
}) {
  const styles = useStyles();
  const state = useSession(session);
  const [confirming, setConfirming] = useState(false);
  const { layout } = session;
  const busy = state.phase !== 'idle';
  const missing = missingFilters(layout, filters);
  const editable = Boolean(layout.push);

  const pull = () => {
    if (state.edits.length > 0) setConfirming(true);
    else void session.pull(filters);
  };

  return (
    <>
      <section className={styles.card} aria-label={layout.title}>
        <Text className={styles.hint}>{layout.description}</Text>
        <FilterFields layout={layout} filters={filters} choices={choices} disabled={busy} onChange={onFiltersChange} />
        <div className={styles.actions}>
          <Button appearance="primary" disabled={busy || missing.length > 0} onClick={pull}>
            {state.pulled ? 'Refresh' : 'Pull into sheet'}
          </Button>
          <Text className={styles.hint}>
            {missing.length > 0 ? `Enter ${missing.join(' and ')}.` : `Sheet “${layout.table.sheetName}”, table ${layout.table.tableName}`}
          </Text>
        </div>
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
            />
          </MessageBar>
        )}
      </section>
      {editable && state.pulled && (
        <PendingChanges
          edits={state.edits}
          problems={state.problems}
          busy={busy}
          pushing={state.phase === 'pushing' || state.phase === 'checking'}
          canPush={canPush}
          readOnlyReason={readOnlyReason}
          onPush={() => void session.push()}
          onCheck={() => void session.scan()}
        />
      )}
      {editable && <ConflictList conflicts={state.conflicts} busy={busy} onResolve={(conflicts, choice) => void session.resolve(conflicts, choice)} />}
      <RefreshDialog
        open={confirming || state.askToKeepEdits}
        count={state.edits.length}
        foundInSheet={state.askToKeepEdits}
        onKeep={() => {
          setConfirming(false);
          void session.pull(filters, { keepEdits: true });
        }}
        onDiscard={() => {
          setConfirming(false);
          void session.pull(filters, { keepEdits: false });
        }}
        onCancel={() => {
          setConfirming(false);
          session.dismissKeepEdits();
        }}
      />
    </>
  );
}
