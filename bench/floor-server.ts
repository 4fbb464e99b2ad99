// The floor: the least a server can do to answer the benchmark's GraphQL requests from the same
// database — plain node:http + a pg Pool, no framework, one statement per request that builds
// the whole response body in PostgreSQL (bench/floor-queries.ts). It knows only those requests,
// matched by their query text; anything else is a 404. No authentication, no validation: it is
// a yardstick for the API's Node-side cost, not a server to run.
//
// Run by the benchmark as a child process: spawnServer('floor', './floor-server.ts', { DATABASE_URL }).
import http from 'node:http';
import pg from 'pg';
import { SESSION_OPTIONS } from '../api/db/database.js';
import { floorQueries, minorUnitsSql, type FloorQuery } from './floor-queries.js';
import { reportStartFailure, serveParent } from './server-process.js';

export function floorHandler(pool: pg.Pool, queries: FloorQuery[], timeZone: string): http.RequestListener {
  const byQuery = new Map(queries.map((q) => [q.query, q]));
  const todayFormat = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const answer = (res: http.ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/graphql-response+json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let request: { query?: string; variables?: Record<string, unknown> };
      try {
        request = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(res, 400, '{"errors":[{"message":"not JSON"}]}');
      }
      const query = req.method === 'POST' && req.url === '/graphql' ? byQuery.get(request.query ?? '') : undefined;
      if (!query) return answer(res, 404, '{"errors":[{"message":"the floor answers only the benchmark\'s requests"}]}');
      pool.query<{ body: string }>(query.sql, query.params(request.variables ?? {}, todayFormat.format(new Date()))).then(
        ({ rows }) => answer(res, 200, rows[0]!.body),
        (error: Error) => answer(res, 500, JSON.stringify({ errors: [{ message: error.message }] })),
      );
    });
  };
}

async function main(): Promise<void> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString?.startsWith('postgres')) throw new Error('DATABASE_URL must be a postgresql:// URL');
  // The API's pool size on a server (api/db/database.ts), and its session options.
  const pool = new pg.Pool({ connectionString, max: 10, options: SESSION_OPTIONS });
  // Matched by query text, parameters from the request's variables: the bench's number is not needed.
  const queries = floorQueries(await minorUnitsSql(pool), '');
  const server = http.createServer({ keepAliveTimeout: 10_000 }, floorHandler(pool, queries, process.env.LEDGERLINE_TIMEZONE ?? 'UTC'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  serveParent(`http://127.0.0.1:${port}`, async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await pool.end();
  });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) await main().catch(reportStartFailure);
