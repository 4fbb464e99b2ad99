// The server as the add-in's unit tests see it: an API answering from a handler per operation.
// (The workbook side is the in-memory Excel, addin/in-memory-excel.)
import { vi } from 'vitest';
import type { LedgerApi } from '../../../addin/api/client.js';

export type Handler = (variables: Record<string, any>, signal?: AbortSignal) => unknown;

/** An API whose answers come from handlers keyed by operation name (`query Name`/`mutation Name`). */
export function fakeApi(handlers: Record<string, Handler>): LedgerApi & { calls: { operation: string; variables: Record<string, any> }[] } {
  const calls: { operation: string; variables: Record<string, any> }[] = [];
  const run = vi.fn(async (document: string, variables: Record<string, any> = {}, signal?: AbortSignal) => {
    const operation = /(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? 'anonymous';
    calls.push({ operation, variables });
    const handler = handlers[operation];
    if (!handler) throw new Error(`fake API: no handler for ${operation}`);
    return handler(variables, signal);
  });
  return { serverUrl: 'https://ledger.test', query: run as never, mutate: run as never, calls };
}
