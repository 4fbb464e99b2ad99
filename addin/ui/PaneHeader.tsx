// The pane's header bar: the Ledgerline mark, a line under it, and actions on the right.
import { Text } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useStyles } from './styles.js';

export function PaneHeader({ subtitle, children }: { subtitle?: string; children?: ReactNode }) {
  const styles = useStyles();
  return (
    <header className={styles.header}>
      <img className={styles.brandMark} src="./assets/icon-32.png" alt="" width={28} height={28} />
      <div className={styles.headerText}>
        <Text weight="semibold" size={400}>
          Ledgerline
        </Text>
        {subtitle !== undefined && (
          <span className={styles.headerSub} aria-label="Connection">
            {subtitle}
          </span>
        )}
      </div>
      {children}
    </header>
  );
}
