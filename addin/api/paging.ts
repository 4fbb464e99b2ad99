// Pages through a Relay connection `first` rows at a time with `after`, reporting progress.
import type { LedgerApi } from './client.js';
import type { Connection } from './operations.js';

/** The API's maximum page size, and what the add-in asks for. */
export const PAGE_SIZE = 1000;

export interface PagingOptions<T> {
  api: LedgerApi;
  document: string;
  variables: Record<string, unknown>;
  connection: (data: any) => Connection<T>;
  signal?: AbortSignal;
  onPage?: (fetched: number, total: number | null) => void;
  pageSize?: number;
  /** Stop once this many rows are in (benchmarks take a fixed number). */
  limit?: number;
}

export async function fetchAllPages<T>(options: PagingOptions<T>): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  for (;;) {
    const data = await options.api.query(options.document, { ...options.variables, first: options.pageSize ?? PAGE_SIZE, after }, options.signal);
    const page = options.connection(data);
    for (const edge of page.edges) nodes.push(edge.node);
    if (options.limit !== undefined && nodes.length >= options.limit) nodes.length = options.limit;
    options.onPage?.(nodes.length, options.limit !== undefined ? Math.min(options.limit, page.totalCount ?? options.limit) : (page.totalCount ?? null));
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor || nodes.length === options.limit) return nodes;
    after = page.pageInfo.endCursor;
  }
}
