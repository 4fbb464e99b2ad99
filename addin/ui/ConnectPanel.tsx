// Connect: the server address (the page's own origin by default) and a token, checked with
// `me`. The token is remembered on this computer per server, never in the workbook.
import { Button, Checkbox, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { ApiError, normalizeServerUrl, type LedgerApi } from '../api/client.js';
import { ME, type MeData } from '../api/operations.js';
import { forgetToken, lastServer, recallToken, rememberToken } from '../api/token-store.js';
import { useServices } from './services.js';
import { useStyles } from './styles.js';

export interface Connection {
  api: LedgerApi;
  serverUrl: string;
  me: MeData['me'];
}

const TITLES: Record<string, string> = {
  'bad-url': 'Check the server address',
  offline: 'No network',
  unreachable: 'Server not reachable',
  'not-ledgerline': 'Not a Ledgerline server',
  unauthenticated: 'Token not accepted',
  forbidden: 'Not allowed',
};

function initialServer(stored: string | null, fallback: string): string {
  try {
    return normalizeServerUrl(stored ?? fallback);
  } catch {
    return fallback;
  }
}

export function ConnectPanel({ onConnected, notice }: { onConnected(connection: Connection): void; notice?: string }) {
  const styles = useStyles();
  const { storage, createApi, defaultServerUrl } = useServices();
  const [server, setServer] = useState(() => initialServer(lastServer(storage), defaultServerUrl));
  const [token, setToken] = useState(() => {
    try {
      return recallToken(storage, normalizeServerUrl(server)) ?? '';
    } catch {
      return '';
    }
  });
  const [remember, setRemember] = useState(true);
  const [error, setError] = useState<{ title: string; text: string } | null>(null);
  const [missingToken, setMissingToken] = useState(false);
  const [busy, setBusy] = useState(false);
  const tried = useRef(false);

  async function connect(serverText = server, tokenText = token) {
    setError(null);
    let serverUrl: string;
    try {
      serverUrl = normalizeServerUrl(serverText);
    } catch (e) {
      setError({ title: TITLES['bad-url']!, text: (e as Error).message });
      return;
    }
    if (!tokenText.trim()) {
      setMissingToken(true);
      return;
    }
    setMissingToken(false);
    setBusy(true);
    try {
      const api = createApi({ serverUrl, token: tokenText.trim() });
      const { me } = await api.query<MeData>(ME);
      if (remember) rememberToken(storage, serverUrl, tokenText.trim());
      else forgetToken(storage, serverUrl);
      onConnected({ api, serverUrl, me });
    } catch (e) {
      const kind = e instanceof ApiError ? e.kind : 'graphql';
      if (kind === 'unauthenticated') forgetToken(storage, serverUrl);
      setError({ title: TITLES[kind] ?? 'Could not connect', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  // A token remembered for this server connects at once.
  useEffect(() => {
    if (tried.current) return;
    tried.current = true;
    if (token && !notice) void connect();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function serverChanged() {
    try {
      const remembered = recallToken(storage, normalizeServerUrl(server));
      if (remembered) setToken(remembered);
    } catch {
      // The address is checked when connecting.
    }
  }

  return (
    <form
      className={styles.card}
      aria-label="Connect to Ledgerline"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void connect();
      }}
    >
      <Text className={styles.sectionTitle} as="h2">Connect to Ledgerline</Text>
      <Text className={styles.hint}>Your token is kept on this computer for this server only — never in the workbook.</Text>
      {notice && (
        <MessageBar intent="info">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      <Field label="Server" hint="The Ledgerline address, e.g. https://localhost:4000">
        <Input value={server} onChange={(_, d) => setServer(d.value)} onBlur={serverChanged} inputMode="url" autoComplete="url" name="server" />
      </Field>
      <Field label="Token" required validationMessage={missingToken ? 'Enter your API token (it starts with llt_).' : undefined}>
        <Input type="password" value={token} onChange={(_, d) => setToken(d.value)} placeholder="llt_…" name="token" autoComplete="off" />
      </Field>
      <Checkbox checked={remember} onChange={(_, d) => setRemember(Boolean(d.checked))} label="Remember the token on this computer" />
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            <MessageBarTitle>{error.title}</MessageBarTitle>
            {error.text}
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect'}
        </Button>
        {busy && <Spinner size="tiny" aria-label="Connecting" />}
      </div>
    </form>
  );
}
