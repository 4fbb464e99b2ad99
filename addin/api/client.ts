// The urql client for one server and token, and the errors a connection can run into, told
// apart so the pane can say what to do: a wrong address, a refused token, no network.
import { Client, fetchExchange, type CombinedError } from '@urql/core';

export type ApiErrorKind = 'bad-url' | 'offline' | 'unreachable' | 'not-ledgerline' | 'unauthenticated' | 'forbidden' | 'graphql' | 'aborted';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    /** The server's own message, when it sent one. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isAbort(error: unknown): boolean {
  return (error instanceof ApiError && error.kind === 'aborted') || (error instanceof DOMException && error.name === 'AbortError');
}

/**
 * "localhost:4000", "https://ledger.example.com/graphql/" → "https://ledger.example.com": the
 * server's base address, the key the token is remembered under. Throws ApiError('bad-url').
 */
export function normalizeServerUrl(input: string): string {
  const text = input.trim();
  if (!text) throw new ApiError('bad-url', 'Enter the server address, e.g. https://localhost:4000.');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new ApiError('bad-url', `"${text}" is not a web address. Enter it like https://localhost:4000.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ApiError('bad-url', `"${text}" is not an http(s) address. Enter it like https://localhost:4000.`);
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/graphql$/i, '');
  return `${url.origin}${path}`;
}

export interface LedgerApi {
  /** The server's base address (normalised). */
  readonly serverUrl: string;
  query<T = any>(document: string, variables?: Record<string, unknown>, signal?: AbortSignal): Promise<T>;
  mutate<T = any>(document: string, variables?: Record<string, unknown>, signal?: AbortSignal): Promise<T>;
}

export interface ClientOptions {
  serverUrl: string;
  token: string;
  fetch?: typeof fetch;
  /** Whether the browser believes it is online (navigator.onLine); tells "no network" from "wrong address". */
  isOnline?: () => boolean;
}

export function createLedgerApi(options: ClientOptions): LedgerApi {
  const serverUrl = normalizeServerUrl(options.serverUrl);
  const isOnline = options.isOnline ?? (() => (typeof navigator === 'undefined' ? true : navigator.onLine));
  const client = new Client({
    url: `${serverUrl}/graphql`,
    exchanges: [fetchExchange],
    requestPolicy: 'network-only',
    preferGetMethod: false,
    fetch: options.fetch,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${options.token}` } }),
  });

  function run<T>(kind: 'query' | 'mutation', document: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(new ApiError('aborted', 'Cancelled.'));
      const source = kind === 'query' ? client.query(document, variables) : client.mutation(document, variables);
      let settled = false;
      // Unsubscribing makes urql abort its fetch: that is how Cancel stops a page in flight.
      const onAbort = () => {
        if (settled) return;
        settled = true;
        subscription.unsubscribe();
        reject(new ApiError('aborted', 'Cancelled.'));
      };
      const subscription = source.subscribe((result) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        queueMicrotask(() => subscription.unsubscribe());
        if (result.error) reject(describeError(result.error, serverUrl, isOnline()));
        else resolve(result.data as T);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  return {
    serverUrl,
    query: (document, variables, signal) => run('query', document, variables, signal),
    mutate: (document, variables, signal) => run('mutation', document, variables, signal),
  };
}

/** Turns urql's CombinedError into a message that says what went wrong and what to do. */
function describeError(error: CombinedError, serverUrl: string, online: boolean): ApiError {
  const codes = error.graphQLErrors.map((e) => e.extensions?.code);
  const serverMessage = error.graphQLErrors.map((e) => e.message).join(' ');
  if (codes.includes('UNAUTHENTICATED')) {
    return new ApiError('unauthenticated', 'The token was not accepted: it is unknown, expired or revoked. Ask an admin for a new token and enter it here.', serverMessage);
  }
  if (codes.includes('FORBIDDEN')) {
    return new ApiError('forbidden', `Your token may not do this: ${serverMessage}`, serverMessage);
  }
  if (error.graphQLErrors.length > 0) return new ApiError('graphql', serverMessage, serverMessage);
  const status = error.response?.status as number | undefined;
  if (typeof status === 'number' && status > 0) {
    return new ApiError('not-ledgerline', `${serverUrl} answered (HTTP ${status}) but has no Ledgerline API at /graphql. Check the address.`);
  }
  if (!online) return new ApiError('offline', 'No network connection. Connect to the network and try again.');
  const detail = error.networkError?.message;
  if (detail && /JSON|Unexpected token|not valid/i.test(detail)) {
    return new ApiError('not-ledgerline', `${serverUrl} answered, but not as a Ledgerline server. Check the address.`, detail);
  }
  return new ApiError(
    'unreachable',
    `Could not reach ${serverUrl}. Check the address, that the server is running, and that its certificate is trusted on this computer.`,
    detail,
  );
}
