// Tokens are remembered per user on this machine (localStorage), keyed by server address —
// never in the workbook, which travels when it is shared.

/** The part of Storage the store uses (localStorage, or a Map-backed fake in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const TOKEN_PREFIX = 'ledgerline.token:';
const LAST_SERVER = 'ledgerline.lastServer';

export function recallToken(store: KeyValueStore, serverUrl: string): string | null {
  return store.getItem(TOKEN_PREFIX + serverUrl);
}

export function rememberToken(store: KeyValueStore, serverUrl: string, token: string): void {
  store.setItem(TOKEN_PREFIX + serverUrl, token);
  store.setItem(LAST_SERVER, serverUrl);
}

export function forgetToken(store: KeyValueStore, serverUrl: string): void {
  store.removeItem(TOKEN_PREFIX + serverUrl);
}

export function lastServer(store: KeyValueStore): string | null {
  return store.getItem(LAST_SERVER);
}

/** localStorage when the browser allows it, else a store that forgets on close. */
export function browserStore(): KeyValueStore {
  try {
    const probe = '__ledgerline_probe__';
    window.localStorage.setItem(probe, '1');
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch {
    const memory = new Map<string, string>();
    return { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => void memory.set(k, v), removeItem: (k) => void memory.delete(k) };
  }
}
