// The task pane: connect, then work with datasets. Everything from outside (Office, the API,
// storage) comes through ServicesProvider, so the pane runs against fakes in tests.
import { Button, FluentProvider, webLightTheme } from '@fluentui/react-components';
import { useState } from 'react';
import { forgetToken } from '../api/token-store.js';
import { ConnectPanel, type Connection } from './ConnectPanel.js';
import { PaneHeader } from './PaneHeader.js';
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
      <PaneHeader subtitle={connection ? `${connection.me.name} · ${connection.me.role} · ${host}` : 'Not connected'}>
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
      </PaneHeader>
      <main className={styles.body}>
        {connection ? <Workbench connection={connection} /> : <ConnectPanel notice={signedOut} onConnected={setConnection} />}
      </main>
      <footer className={styles.footer}>Edits are checked before sending; each push is one atomic batch.</footer>
    </div>
  );
}
