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
  logLevel: string;
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
    logLevel: env.LEDGERLINE_LOG_LEVEL ?? 'info',
  };
}

/** Today's calendar date (YYYY-MM-DD) in the configured business time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
