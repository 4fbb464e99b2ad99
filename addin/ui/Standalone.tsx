// Shown instead of the pane when there is no workbook to work on: the page was opened in a
// browser outside Excel, or this Excel is older than the requirement set the pane needs.
import { FluentProvider, Link, MessageBar, MessageBarBody, MessageBarTitle, webLightTheme } from '@fluentui/react-components';
import { PaneHeader } from './PaneHeader.js';
import { useStyles } from './styles.js';

export function Standalone({ reason }: { reason: 'not-excel' | 'old-excel' }) {
  const styles = useStyles();
  return (
    <FluentProvider theme={webLightTheme}>
      <div className={styles.pane}>
        <PaneHeader />
        <main className={styles.body}>
          {reason === 'not-excel' ? (
            <MessageBar intent="info" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>Open Ledgerline from Excel</MessageBarTitle>
                This is the Excel task pane. Sideload <code>manifest.xml</code> in Excel (see the README) and open it from the
                Ledgerline button on the Home tab. To try it in this browser on an in-memory workbook, open{' '}
                <Link href="?host=fake">the demo</Link>.
              </MessageBarBody>
            </MessageBar>
          ) : (
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>This Excel is too old for Ledgerline</MessageBarTitle>
                The pane needs the Excel JavaScript API 1.7 or later (Excel 2019, Microsoft 365, Excel on the web or Excel
                2016 for Mac with updates).
              </MessageBarBody>
            </MessageBar>
          )}
        </main>
      </div>
    </FluentProvider>
  );
}
