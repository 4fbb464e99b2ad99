// Every environment variable the product reads, read once, here. Pure code never reads
// the environment; it receives these values from its caller.
import { isCurrencyCode } from './domain/money/currencies.js';

export interface Config {
  /** `file:<dir>` or `memory://` for embedded PGlite, `postgresql://…` for a server. */
  databaseUrl: string;
  port: number;
  tls: boolean;
  adminToken: string | undefined;
  baseCurrency: string;
  timeZone: string;
  demoData: boolean;
  /** Invoices in the demo book a new database gets (LEDGERLINE_DEMO_INVOICES); unset: the book's default. */
  demoInvoices: number | undefined;
  logLevel: string;
  /** The address users reach the server at (LEDGERLINE_PUBLIC_URL); browser pages from its origin may call the API. */
  publicUrl: string | undefined;
  /** More origins whose browser pages may call the API (LEDGERLINE_CORS_ORIGINS, comma-separated). */
  corsOrigins: string[];
  /** GraphiQL at GET /graphql in a browser (LEDGERLINE_GRAPHIQL=off removes it). */
  graphiql: boolean;
  /** Open connections at most (LEDGERLINE_MAX_CONNECTIONS); further ones are closed at once. */
  maxConnections: number;
  /** Failed authentications allowed per client address (and per secret) per minute. */
  authFailuresPerMinute: number;
  /** Ledger scans (see api/work-limit.ts) one token may ask for per minute. */
  workPerMinute: number;
  /** Behind a reverse proxy: take the client's address from the last X-Forwarded-For hop. */
  trustProxy: boolean;
}

export const DEFAULT_DATABASE_URL = 'file:./data/ledgerline';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const baseCurrency = (env.LEDGERLINE_BASE_CURRENCY ?? 'USD').toUpperCase();
  if (!isCurrencyCode(baseCurrency)) {
    throw new Error(`LEDGERLINE_BASE_CURRENCY "${baseCurrency}" is not an ISO 4217 currency code (e.g. USD, EUR).`);
  }
  const timeZone = env.LEDGERLINE_TIMEZONE ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
  } catch {
    throw new Error(`LEDGERLINE_TIMEZONE "${timeZone}" is not an IANA time zone (e.g. UTC, Europe/Berlin).`);
  }
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT "${env.PORT}" is not a port number (0–65535).`);
  }
  return {
    databaseUrl: env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    port,
    tls: (env.LEDGERLINE_TLS ?? 'on').toLowerCase() !== 'off',
    adminToken: env.LEDGERLINE_ADMIN_TOKEN || undefined,
    baseCurrency,
    timeZone,
    demoData: env.LEDGERLINE_DEMO_DATA !== '0',
    demoInvoices: wholeNumber(env, 'LEDGERLINE_DEMO_INVOICES', undefined, { min: 1, max: 10_000_000 }),
    logLevel: env.LEDGERLINE_LOG_LEVEL ?? 'info',
    publicUrl: env.LEDGERLINE_PUBLIC_URL ? httpUrl(env.LEDGERLINE_PUBLIC_URL, 'LEDGERLINE_PUBLIC_URL').href : undefined,
    corsOrigins: (env.LEDGERLINE_CORS_ORIGINS ?? '').split(',').map((text) => text.trim()).filter(Boolean).map((text) => httpUrl(text, 'LEDGERLINE_CORS_ORIGINS').origin),
    graphiql: (env.LEDGERLINE_GRAPHIQL ?? 'on').toLowerCase() !== 'off',
    maxConnections: wholeNumber(env, 'LEDGERLINE_MAX_CONNECTIONS', 256, { min: 1, max: 1_000_000 }),
    authFailuresPerMinute: wholeNumber(env, 'LEDGERLINE_AUTH_FAILURES_PER_MINUTE', 20, { min: 1, max: 1_000_000 }),
    workPerMinute: wholeNumber(env, 'LEDGERLINE_WORK_PER_MINUTE', 2400, { min: 1, max: 1_000_000_000 }),
    trustProxy: ['1', 'true', 'on'].includes((env.LEDGERLINE_TRUST_PROXY ?? '').toLowerCase()),
  };
}

/** One formatter per time zone: building one costs ~120 µs, formatting with it ~3 µs. */
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** Today's calendar date (YYYY-MM-DD) in the configured business time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter.format(now);
}

/** A whole-number setting within [min, max], or its default when unset. */
function wholeNumber<D extends number | undefined>(env: NodeJS.ProcessEnv, name: string, fallback: D, range: { min: number; max: number }): number | D {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw new Error(`${name} "${text}" is not a whole number from ${range.min} to ${range.max}.`);
  }
  return value;
}

/** An http(s) address, or an error naming the setting and what it takes. */
function httpUrl(text: string, name: string): URL {
  const url = URL.canParse(text.trim()) ? new URL(text.trim()) : null;
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
    throw new Error(`${name}: "${text}" is not an http(s) address (e.g. https://ledger.example.com).`);
  }
  return url;
}
