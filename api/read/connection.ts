// The resolver side of the read path: connections and lookups keep Pothos' planning (the
// `query` it hands a prismaConnection / prismaField resolver says what the request selects,
// and Pothos pages, makes cursors and maps nested fields as before); the rows come from one
// SQL statement (./page.ts) instead of Prisma's client.
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { Context } from '../context.js';
import type { ModelName } from './models.js';
import { readRows, type PlannedQuery } from './page.js';
import { usageOf } from './usage.js';

/** Counts read with a page, by the connection field's path, for its totalCount resolver. */
const counts = new WeakMap<GraphQLResolveInfo['path'], number>();

/**
 * A connection's page (Pothos' take/skip/cursor in `query`), and its total count in the same
 * statement when the request selects totalCount.
 */
export async function readPage<T>(ctx: Context, info: GraphQLResolveInfo, model: ModelName, query: PlannedQuery): Promise<T[]> {
  const count = info.fieldNodes.some((node) => selects(node.selectionSet, 'totalCount', info));
  const result = await readRows(ctx.sql, { model, query, count, today: ctx.today, usage: usageOf(info, 'node') });
  if (result.totalCount !== null) counts.set(info.path, result.totalCount);
  return result.rows as T[];
}

/** The total count read with the page of this connection field, if it was. */
export function countReadWithPage(info: GraphQLResolveInfo): number | undefined {
  return counts.get(info.path);
}

/** One record (or null) by a unique filter. */
export async function readOne<T>(ctx: Context, info: GraphQLResolveInfo, model: ModelName, query: PlannedQuery): Promise<T | null> {
  const result = await readRows(ctx.sql, { model, query: { ...query, take: 1 }, today: ctx.today, usage: usageOf(info, 'self') });
  return (result.rows[0] as T | undefined) ?? null;
}

function selects(set: SelectionSetNode | undefined, field: string, info: GraphQLResolveInfo): boolean {
  return (set?.selections ?? []).some((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value === field;
    if (selection.kind === Kind.INLINE_FRAGMENT) return selects(selection.selectionSet, field, info);
    return selects(info.fragments[selection.name.value]?.selectionSet, field, info);
  });
}
