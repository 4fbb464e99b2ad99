// The token check of the plain HTTP routes (exports, documents): the same rules as GraphQL's
// (api/services/admin/authenticate.ts), answered as JSON with the header a client needs.
import type http from 'node:http';
import { clientAddress } from '../client-address.js';
import type { Config } from '../config.js';
import type { Actor } from '../domain/actor.js';
import { authenticate, authenticationOptions } from '../services/admin/authenticate.js';
import type { Db } from '../services/db-types.js';

/** Answers with a JSON body; once a response has started, only cutting the connection tells the client it failed. */
export function answerJson(res: http.ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** The caller, or null when the request was refused (401, or 429 with Retry-After) and answered here. */
export async function authenticateRequest(prisma: Db, config: Config, req: http.IncomingMessage, res: http.ServerResponse): Promise<Actor | null> {
  const auth = await authenticate(prisma, {
    authorization: req.headers.authorization ?? null,
    clientAddress: clientAddress(req.socket, req.headers['x-forwarded-for']?.toString() ?? null, config.trustProxy),
  }, authenticationOptions(config));
  if (!auth.refusal) return auth.actor;
  const headers: Record<string, string> = auth.refusal.code === 'RATE_LIMITED' ? { 'retry-after': String(auth.refusal.retryAfterSeconds) } : { 'www-authenticate': 'Bearer' };
  answerJson(res, auth.refusal.status, { error: `${auth.refusal.code}: ${auth.refusal.message}`, code: auth.refusal.code }, headers);
  return null;
}
