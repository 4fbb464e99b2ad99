// The progress of a pull: rows fetched from the server, then rows written to the sheet.
import { Button, ProgressBar } from '@fluentui/react-components';
import type { Phase } from '../workflow/state.js';
import { useStyles } from './styles.js';

export function PullProgress({ phase, progress, onCancel }: { phase: Phase; progress: { done: number; total: number | null } | null; onCancel(): void }) {
  const styles = useStyles();
  if (phase !== 'fetching' && phase !== 'writing') return null;
  const done = progress?.done ?? 0;
  const total = progress?.total ?? null;
  const stage = phase === 'fetching' ? 'Fetching rows' : 'Writing to the sheet';
  const counts = total !== null ? `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows` : `${done.toLocaleString('en-US')} rows`;
  return (
    <div role="status" aria-live="polite" aria-label="Pull progress">
      <div className={styles.progressText}>
        <span>{stage}…</span>
        <span>{counts}</span>
      </div>
      <ProgressBar value={total ? Math.min(done / total, 1) : undefined} thickness="large" aria-label={`${stage}: ${counts}`} />
      <div className={styles.actions} style={{ marginTop: 6 }}>
        <Button size="small" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
