// Every environment variable the product reads, read once, here. Pure code never reads
// the environment; it receives these values from its caller.
import { isCurrencyCode } from './domain/money/currencies.js';
import { Money } from './domain/money/money.js';

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
  /** The SMTP relay (LEDGERLINE_SMTP_URL, `smtp://user:pass@host:587` or `smtps://…:465`); null: email waits. */
  smtpUrl: string | null;
  /** The From address of mails (LEDGERLINE_MAIL_FROM); its domain also names Message-IDs. */
  mailFrom: string;
  /** Where EDI invoices are written as `<number>.xml` (LEDGERLINE_EDI_DIR). */
  ediDir: string;
  /** Whether this process runs the delivery worker (LEDGERLINE_DELIVERY_WORKER=off: another instance sends). */
  deliveryWorker: boolean;
  /** How often the worker looks for due deliveries, ms (LEDGERLINE_DELIVERY_POLL_MS). */
  deliveryPollMs: number;
  /**
   * The waits after the 1st, 2nd, … failed try, ms (LEDGERLINE_DELIVERY_RETRY_SECONDS, comma-separated
   * seconds); one try more than waits, then the delivery is FAILED.
   */
  deliveryRetryMs: number[];
  /** How long a claimed delivery is held by the worker that claimed it, ms (LEDGERLINE_DELIVERY_LEASE_SECONDS). */
  deliveryLeaseMs: number;
  /** An FX rate older than this many days before a report's as-of date is refused (LEDGERLINE_FX_MAX_AGE_DAYS) unless the query allows stale rates. */
  fxMaxAgeDays: number;
  /** Write-offs above this, in the base currency, need ADMIN (LEDGERLINE_WRITE_OFF_LIMIT, default 100). */
  writeOffLimit: Money;
  /**
   * The largest file importBankStatement / importRecords (and their POST endpoints) take, in
   * bytes of the file itself (LEDGERLINE_IMPORT_MAX_BYTES, default 32 MiB); larger ones are refused
   * before parsing. An XLSX is also refused when its unpacked parts would exceed 8× this.
   */
  importMaxBytes: number;
}

export const DEFAULT_DATABASE_URL = 'file:./data/ledgerline';
export const DEFAULT_MAIL_FROM = 'billing@localhost';
export const DEFAULT_IMPORT_MAX_BYTES = 32 * 1024 * 1024;

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
    smtpUrl: env.LEDGERLINE_SMTP_URL ? smtpUrl(env.LEDGERLINE_SMTP_URL) : null,
    mailFrom: mailFrom(env.LEDGERLINE_MAIL_FROM || DEFAULT_MAIL_FROM),
    ediDir: env.LEDGERLINE_EDI_DIR || './data/edi-outbox',
    deliveryWorker: (env.LEDGERLINE_DELIVERY_WORKER ?? 'on').toLowerCase() !== 'off',
    deliveryPollMs: wholeNumber(env, 'LEDGERLINE_DELIVERY_POLL_MS', 1000, { min: 10, max: 3_600_000 }),
    deliveryRetryMs: retrySchedule(env.LEDGERLINE_DELIVERY_RETRY_SECONDS ?? '60,300,1800,7200'),
    deliveryLeaseMs: wholeNumber(env, 'LEDGERLINE_DELIVERY_LEASE_SECONDS', 300, { min: 1, max: 86_400 }) * 1000,
    fxMaxAgeDays: wholeNumber(env, 'LEDGERLINE_FX_MAX_AGE_DAYS', 7, { min: 0, max: 36_500 }),
    writeOffLimit: writeOffLimit(env.LEDGERLINE_WRITE_OFF_LIMIT),
    importMaxBytes: wholeNumber(env, 'LEDGERLINE_IMPORT_MAX_BYTES', DEFAULT_IMPORT_MAX_BYTES, { min: 1024, max: 1024 * 1024 * 1024 }),
  };
}

/** One formatter per time zone: building one costs ~120 µs, formatting with it ~3 µs. */
const dayFormatters = new Map<string, Intl.DateTimeFormat>();
/** The last answer per time zone, for the UTC minute it was asked in: a date changes on a minute. */
const lastToday = new Map<string, { minute: number; date: string }>();

/** Today's calendar date (YYYY-MM-DD) in the configured business time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const minute = Math.floor(now.getTime() / 60_000);
  const last = lastToday.get(timeZone);
  if (last?.minute === minute) return last.date;
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, formatter);
  }
  const date = formatter.format(now);
  lastToday.set(timeZone, { minute, date });
  return date;
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

/** A non-negative amount in the base currency, e.g. "100" or "250.50". */
function writeOffLimit(text: string | undefined): Money {
  if (text === undefined || text.trim() === '') return new Money(100);
  if (!/^\d{1,15}(\.\d{1,4})?$/.test(text.trim())) {
    throw new Error(`LEDGERLINE_WRITE_OFF_LIMIT "${text}" is not an amount in the base currency (a number of at least 0, e.g. 100 or 250.50).`);
  }
  return new Money(text.trim());
}

/** An http(s) address, or an error naming the setting and what it takes. */
function httpUrl(text: string, name: string): URL {
  const url = URL.canParse(text.trim()) ? new URL(text.trim()) : null;
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
    throw new Error(`${name}: "${text}" is not an http(s) address (e.g. https://ledger.example.com).`);
  }
  return url;
}

/** An smtp:// or smtps:// relay address; the error never repeats a password. */
function smtpUrl(text: string): string {
  const url = URL.canParse(text.trim()) ? new URL(text.trim()) : null;
  if ((url?.protocol !== 'smtp:' && url?.protocol !== 'smtps:') || !url.hostname) {
    const shown = text.replace(/\/\/([^@/]*)@/, '//…@');
    throw new Error(`LEDGERLINE_SMTP_URL "${shown}" is not an SMTP relay address (smtp://user:pass@host:587, or smtps://user:pass@host:465 for TLS from the start).`);
  }
  return url.href;
}

/** An address like billing@example.com or "Billing <billing@example.com>". */
function mailFrom(text: string): string {
  if (!/^([^<>]*<)?[^\s@<>]+@[^\s@<>]+(>)?$/.test(text.trim())) {
    throw new Error(`LEDGERLINE_MAIL_FROM "${text}" is not a mail address (billing@example.com or "Billing <billing@example.com>").`);
  }
  return text.trim();
}

/** Comma-separated seconds to milliseconds, e.g. "60,300,1800,7200" (5 tries). */
function retrySchedule(text: string): number[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.length > 20 || !items.every((item) => /^\d{1,7}(\.\d{1,3})?$/.test(item))) {
    throw new Error(`LEDGERLINE_DELIVERY_RETRY_SECONDS "${text}" is not a comma-separated list of seconds (e.g. 60,300,1800,7200; at most 20).`);
  }
  return items.map((item) => Math.round(Number(item) * 1000));
}
