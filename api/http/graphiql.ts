// GraphiQL served from the @graphql-yoga/render-graphiql package: its script, styles and editor
// workers are inside the page, so nothing is fetched from a CDN and the page works offline.
// Its one inline script is allowed by its hash, never by 'unsafe-inline'.
import crypto from 'node:crypto';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

export const GRAPHIQL_OPTIONS: GraphiQLOptions = {
  title: 'Ledgerline GraphQL',
  headers: JSON.stringify({ Authorization: 'Bearer <paste your token>' }),
  defaultQuery: 'query { me { name role } }',
};

export interface GraphiQLPage {
  html: string;
  csp: string;
}

let page: GraphiQLPage | undefined;

/** Rendered once (about 9 MB): the page and the hash of its script are fixed for a build. */
export function graphiqlPage(): GraphiQLPage {
  if (page) return page;
  const html = renderGraphiQL(GRAPHIQL_OPTIONS);
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(([, body]) => `'sha256-${crypto.createHash('sha256').update(body!).digest('base64')}'`);
  page = {
    html,
    csp: [
      "default-src 'self'",
      `script-src ${scripts.join(' ')}`,
      // The editor's language workers are created from blob: URLs made by that script.
      "worker-src blob:",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      // A page that runs operations with the token typed into it is never framed.
      "frame-ancestors 'none'",
    ].join('; '),
  };
  return page;
}
