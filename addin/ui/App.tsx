// The task pane: connect, then work with datasets. Everything from outside (Office, the API,
// storage) comes through ServicesProvider, so the pane runs against fakes in tests.
import { Button, FluentProvider, Text, webLightTheme } from '@fluentui/react-components';
import { useState } from 'react';
import { forgetToken } from '../api/token-store.js';
import { ConnectPanel, type Connection } from './ConnectPanel.js';
import { ServicesProvider, useServices, type AddinServices } from './services.js';
import { useStyles } from './styles.js';
import { Workbench } from './Workbench.js';

export function App({ services }: { services: AddinServices }) {
  return (
    <ServicesProvider services={services}>
      <FluentProvider theme={webLightTheme}>
        <Pane />
      </FluentProvider>
    </ServicesProvider>
  );
}

function Pane() {
  const styles = useStyles();
  const { storage } = useServices();
  const [connection, setConnection] = useState<Connection | null>(null);
  const [signedOut, setSignedOut] = useState<string | undefined>();
  const host = connection ? new URL(connection.serverUrl).host : null;

  return (
    <div className={styles.pane}>
      <header className={styles.header}>
        <img className={styles.brandMark} src="./assets/icon-32.png" alt="" width={28} height={28} />
        <div className={styles.headerText}>
          <Text weight="semibold" size={400}>
            Ledgerline
          </Text>
          <span className={styles.headerSub} aria-label="Connection">
            {connection ? `${connection.me.name} · ${connection.me.role} · ${host}` : 'Not connected'}
          </span>
        </div>
        {connection && (
          <Button
            size="small"
            appearance="transparent"
            style={{ color: 'inherit' }}
            onClick={() => {
              forgetToken(storage, connection.serverUrl);
              setConnection(null);
              setSignedOut('Disconnected; the token was removed from this computer.');
            }}
          >
            Disconnect
          </Button>
        )}
      </header>
      <main className={styles.body}>
        {connection ? <Workbench connection={connection} /> : <ConnectPanel notice={signedOut} onConnected={setConnection} />}
      </main>
      <footer className={styles.footer}>Edits are checked before sending; each push is one atomic batch.</footer>
    </div>
  );
}
