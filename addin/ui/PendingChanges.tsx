// "N changes pending": the edited cells and added rows found by reading the sheet against the
// pull, the values and rows that need fixing first, what will not be pushed (read-only edits,
// rows this dataset does not create, rows removed from the sheet), and the Push button.
import { Button, CounterBadge, Spinner, Text } from '@fluentui/react-components';
import { mergeClasses } from '@fluentui/react-components';
import type { ListedProblem, PendingEdit } from '../workflow/state.js';
import { useStyles } from './styles.js';

const SHOWN = 50;

export function PendingChanges({ edits, problems, notes, busy, pushing, canPush, readOnlyReason, pushLabel, onPush, onCheck }: {
  edits: PendingEdit[];
  problems: ListedProblem[];
  notes: ListedProblem[];
  busy: boolean;
  pushing: boolean;
  canPush: boolean;
  readOnlyReason?: string;
  /** A push that acts on the table as it stands (send the letters): its button, enabled with no edits too. */
  pushLabel?: string;
  onPush(): void;
  onCheck(): void;
}) {
  const styles = useStyles();
  const count = edits.length;
  return (
    <section className={styles.card} aria-label="Pending changes">
      <div className={styles.sectionTitle}>
        <CounterBadge count={count} showZero appearance={count > 0 ? 'filled' : 'ghost'} color={count > 0 ? 'important' : 'informative'} />
        <Text as="h2" weight="semibold">
          {count === 0 ? 'No changes pending' : `${count.toLocaleString('en-US')} ${count === 1 ? 'change' : 'changes'} pending`}
        </Text>
      </div>
      {count === 0 && <Text className={styles.hint}>Edit the yellow columns in the sheet — typing or pasting — and the changes show here.</Text>}
      {count > 0 && (
        <ul className={styles.list} aria-label="Changes">
          {edits.slice(0, SHOWN).map((e) => (
            <li key={`${e.rowKey}:${e.column}`} className={styles.listItem}>
              <span className={styles.itemLabel}>{`${e.label} · ${e.header}`}</span>
              {e.column === '' ? (
                <span>{e.after}</span>
              ) : (
                <span>
                  <span className={styles.muted}>{e.before}</span> → <strong>{e.after}</strong>
                </span>
              )}
            </li>
          ))}
          {edits.length > SHOWN && <li className={styles.hint}>{`…and ${(edits.length - SHOWN).toLocaleString('en-US')} more`}</li>}
        </ul>
      )}
      <ProblemList title={(n) => `${n} ${n === 1 ? 'value or row needs' : 'values or rows need'} fixing`} label="Values to fix" items={problems} />
      <ProblemList title={(n) => `${n} ${n === 1 ? 'thing' : 'things'} won’t be pushed`} label="Not pushed" items={notes} />
      {readOnlyReason && <Text className={styles.hint}>{readOnlyReason}</Text>}
      <div className={styles.actions}>
        <Button appearance="primary" disabled={!canPush || busy || (count === 0 && !pushLabel)} onClick={onPush}>
          {pushing ? 'Pushing…' : pushLabel ? `${pushLabel}…` : count > 0 ? `Push ${count.toLocaleString('en-US')} ${count === 1 ? 'change' : 'changes'}` : 'Push'}
        </Button>
        <Button disabled={busy} onClick={onCheck}>
          Check sheet
        </Button>
        {pushing && <Spinner size="tiny" aria-label="Pushing" />}
      </div>
    </section>
  );
}

/** Orange items with their row, column and reason: values and rows to fix, or what is not pushed. */
function ProblemList({ title, label, items }: { title(count: number): string; label: string; items: ListedProblem[] }) {
  const styles = useStyles();
  if (items.length === 0) return null;
  return (
    <>
      <Text weight="semibold" role="heading" aria-level={3}>
        {title(items.length)}
      </Text>
      <ul className={styles.list} aria-label={label}>
        {items.slice(0, SHOWN).map((p, i) => (
          <li key={`${p.rowKey}:${p.column}:${i}`} className={mergeClasses(styles.listItem, styles.problemItem)}>
            {p.label && <span className={styles.itemLabel}>{p.header ? `${p.label} · ${p.header}` : p.label}</span>}
            <span>{p.message}</span>
          </li>
        ))}
        {items.length > SHOWN && <li className={styles.hint}>{`…and ${(items.length - SHOWN).toLocaleString('en-US')} more`}</li>}
      </ul>
    </>
  );
}
