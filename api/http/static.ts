// The task pane's built files (addin/dist), served read-only. A path is resolved inside that
// folder and nothing outside it is ever opened, whatever dots or encoded slashes it carries.
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PROJECT_ROOT } from '../paths.js';

export const ADDIN_DIST = path.join(PROJECT_ROOT, 'addin', 'dist');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.map': 'application/json',
};

/** `decodedPath` is the request's path, percent-decoded and free of NUL (the boundary checks both). */
export async function serveStatic(decodedPath: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end(`${req.method} is not served here; files take GET. The API is at /graphql.`);
    return;
  }
  const relative = decodedPath === '/' ? 'index.html' : decodedPath.replace(/^\/+/, '');
  const file = path.resolve(ADDIN_DIST, relative);
  const stat = file.startsWith(ADDIN_DIST + path.sep) ? await fs.promises.stat(file).catch(() => null) : null;
  if (!stat?.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found. The API is at /graphql.');
    return;
  }
  res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': stat.size });
  if (req.method === 'HEAD') return void res.end();
  // pipeline rejects on a read error or a client gone mid-file; the boundary handles both.
  await pipeline(fs.createReadStream(file), res);
}
