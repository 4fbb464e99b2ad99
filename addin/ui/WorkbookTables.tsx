// "Tables in this workbook": every table a pull made, with the dataset and filters it was
// pulled with (saved in the workbook). Selecting one brings back its dataset and filters, so the
// pane's Refresh pulls it again in place; Forget drops it from the list, the table stays.
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Text, mergeClasses } from '@fluentui/react-components';
import type { SavedWorkbookQuery } from '../office/workbook-queries.js';
import { useStyles } from './styles.js';

export function WorkbookTables({ queries, ignored, selected, busy, onSelect, onForget }: {
  queries: SavedWorkbookQuery[];
  ignored: string[];
  /** The table the pane works on now (its name, any case). */
  selected: string | null;
  busy: boolean;
  onSelect(query: SavedWorkbookQuery): void;
  onForget(query: SavedWorkbookQuery): void;
}) {
  const styles = useStyles();
  if (queries.length === 0 && ignored.length === 0) return null;
  return (
    <section className={styles.card} aria-labelledby="workbook-tables-title">
      <Text as="h2" id="workbook-tables-title" className={styles.sectionTitle}>
        Tables in this workbook
      </Text>
      {ignored.length > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{`${ignored.length} saved ${ignored.length === 1 ? 'table was' : 'tables were'} not understood and skipped`}</MessageBarTitle>
            {ignored.join(' ')}
          </MessageBarBody>
        </MessageBar>
      )}
      {queries.length > 0 && (
        <ul className={styles.list} aria-label="Tables in this workbook">
          {queries.map((q) => {
            const isSelected = selected !== null && q.tableName.toLowerCase() === selected.toLowerCase();
            return (
              <li key={q.tableName} className={mergeClasses(styles.listItem, styles.tableItem, isSelected && styles.selectedItem)} aria-label={q.title}>
                <Button appearance="transparent" size="small" className={styles.tableTitle} aria-pressed={isSelected} disabled={busy} onClick={() => onSelect(q)}>
                  {q.title}
                </Button>
                <span className={styles.muted}>
                  {q.inWorkbook ? `Sheet “${q.sheetName}” · table ${q.tableName}` : `${q.tableName} is no longer in the workbook: select it and pull to create it again on “${q.sheetName}”.`}
                </span>
                <div className={styles.actions}>
                  <Button size="small" appearance="subtle" disabled={busy} aria-label={`Forget ${q.title}`} title="Remove from this list; the table stays in the sheet" onClick={() => onForget(q)}>
                    Forget
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
