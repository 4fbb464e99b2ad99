// What components get from outside: the Office layer, the API factory, storage, the clock.
// main.tsx provides the real ones; tests provide fakes.
import { createContext, useContext, type ReactNode } from 'react';
import type { ClientOptions, LedgerApi } from '../api/client.js';
import type { KeyValueStore } from '../api/token-store.js';
import type { OfficeFunctions } from '../workflow/office-functions.js';

export interface AddinServices {
  office: OfficeFunctions;
  createApi(options: ClientOptions): LedgerApi;
  storage: KeyValueStore;
  /** The server the pane offers first: the page's own origin. */
  defaultServerUrl: string;
  /** Today's calendar date, YYYY-MM-DD. */
  today(): string;
  /** A fresh idempotency key. */
  newKey(): string;
}

const ServicesContext = createContext<AddinServices | null>(null);

export function ServicesProvider({ services, children }: { services: AddinServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): AddinServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices needs a <ServicesProvider>.');
  return services;
}

/** The local calendar date as YYYY-MM-DD. */
export function localToday(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** A random idempotency key (UUID v4); getRandomValues where randomUUID needs a secure context. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
