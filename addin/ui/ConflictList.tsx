// Rows someone else changed since the pull: the server's value beside the user's, and the
// choice — keep mine (push again on the server's new version) or take the server's.
import { Button, Text, mergeClasses } from '@fluentui/react-components';
import { displayCell } from '../sheets/cells.js';
import type { Conflict } from '../sheets/push.js';
import { useStyles } from './styles.js';

export function ConflictList({ conflicts, busy, onResolve }: { conflicts: Conflict[]; busy: boolean; onResolve(conflicts: Conflict[], choice: 'mine' | 'server'): void }) {
  const styles = useStyles();
  if (conflicts.length === 0) return null;
  return (
    <section className={styles.card} aria-label="Conflicts">
      <Text as="h2" className={styles.sectionTitle}>
        {`${conflicts.length} ${conflicts.length === 1 ? 'conflict' : 'conflicts'} — changed on the server since your pull`}
      </Text>
      <Text className={styles.hint}>Nothing in the batch was written. Decide for each row, then push again.</Text>
      {conflicts.length > 1 && (
        <div className={styles.actions}>
          <Button size="small" disabled={busy} onClick={() => onResolve(conflicts, 'mine')}>
            Keep all mine
          </Button>
          <Button size="small" disabled={busy} onClick={() => onResolve(conflicts, 'server')}>
            Take all server’s
          </Button>
        </div>
      )}
      <ul className={styles.list} aria-label="Conflicting rows">
        {conflicts.map((c) => (
          <li key={`${c.batch}|${c.rowKey}`} className={mergeClasses(styles.listItem, styles.conflictItem)} aria-label={`Conflict on ${c.label}`}>
            <span className={styles.itemLabel}>{`${c.label} · ${c.batch}`}</span>
            {c.cells.map((cell) => (
              <div key={cell.column}>
                <div className={styles.muted}>{cell.header}</div>
                <div className={styles.values}>
                  <span>Server</span>
                  <span className={styles.server}>{`${displayCell(cell.server, cell.kind)}${c.version !== null ? ` (version ${c.version})` : ''}`}</span>
                  <span>Yours</span>
                  <span className={styles.mine}>{displayCell(cell.mine, cell.kind)}</span>
                </div>
              </div>
            ))}
            <div className={styles.actions}>
              <Button size="small" appearance="primary" disabled={busy} onClick={() => onResolve([c], 'mine')}>
                Keep mine
              </Button>
              <Button size="small" disabled={busy} onClick={() => onResolve([c], 'server')}>
                Take server’s
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
