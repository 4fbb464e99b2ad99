// Which web origins may call this server from a browser: its own, LEDGERLINE_PUBLIC_URL's, and
// those listed in LEDGERLINE_CORS_ORIGINS. Any other origin gets no CORS headers, so a page
// elsewhere cannot read answers even with a token the browser holds.
import type { Config } from '../config.js';

export const CORS_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'];
export const CORS_REQUEST_HEADERS = ['authorization', 'content-type', 'accept'];
/** Readable by the calling page: the throttle's wait and an export's file name. */
export const CORS_EXPOSED_HEADERS = ['retry-after', 'content-disposition'];
const PREFLIGHT_MAX_AGE_SECONDS = 600;

export interface OriginPolicy {
  /** `ownOrigin`: the origin the request was addressed to (scheme and Host). */
  allows(origin: string, ownOrigin: string): boolean;
}

export function originPolicy(config: Pick<Config, 'publicUrl' | 'corsOrigins'>): OriginPolicy {
  const listed = new Set(config.corsOrigins);
  if (config.publicUrl) listed.add(new URL(config.publicUrl).origin);
  return { allows: (origin, ownOrigin) => origin === ownOrigin || listed.has(origin) };
}

/** Headers for an actual (not preflight) request from an allowed origin. */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-expose-headers': CORS_EXPOSED_HEADERS.join(', '),
  };
}

/** Headers answering a preflight from an allowed origin. */
export function preflightHeaders(origin: string): Record<string, string> {
  return {
    ...corsHeaders(origin),
    'access-control-allow-methods': CORS_METHODS.join(', '),
    'access-control-allow-headers': CORS_REQUEST_HEADERS.join(', '),
    'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
  };
}

/** Yoga's `cors` option with the same policy, for requests that reach Yoga without the boundary (yoga.fetch). */
export function yogaCors(config: Pick<Config, 'publicUrl' | 'corsOrigins'>) {
  const policy = originPolicy(config);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || !policy.allows(origin, new URL(request.url).origin)) return false as const;
    return { origin: [origin], credentials: true, methods: CORS_METHODS, allowedHeaders: CORS_REQUEST_HEADERS, exposedHeaders: CORS_EXPOSED_HEADERS };
  };
}
