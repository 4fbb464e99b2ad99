// One SQL statement per read: the page (or the one record), every nested list and record the
// GraphQL query asks for, and the total count when asked, assembled as JSON in PostgreSQL.
//
// What to read comes from Pothos' plan for the request (the `query` a prismaConnection or
// prismaField resolver receives: which relations, nested how, ordered how, and the page's
// take/skip/cursor), so a query that does not ask for lines joins no lines; which scalars of
// each row come from the GraphQL selection (./usage.ts). Filters come as
// Prisma `where` objects from the same functions that checked the arguments before, so the
// same arguments are refused with the same errors.
import { sql, type RawBuilder } from 'kysely';
import type { SqlRunner } from '../db/sql-runner.js';
import { runStatement } from './db.js';
import { columnSql, MODELS, type Model, type ModelName, type Parent, type ReadParams } from './models.js';
import { NEEDS, type Usage } from './usage.js';

/** The subset of a Prisma query the read path understands (what Pothos plans, and our filters). */
export interface PlannedQuery {
  select?: Record<string, unknown>;
  include?: Record<string, unknown>;
  where?: Where;
  orderBy?: OrderBy;
  take?: number;
  skip?: number;
  cursor?: Record<string, unknown>;
}
export type Where = Record<string, unknown>;
/** Prisma's orderBy: `{ field: 'asc' | 'desc' }`, or a list of them. */
export type OrderBy = object | object[];

export interface ReadRequest extends ReadParams {
  model: ModelName;
  query: PlannedQuery;
  /** The fields the request reads of each row; without it every column is read. */
  usage?: Usage;
  /** Also count the rows the filter matches (ignoring the page). */
  count?: boolean;
}

export interface ReadResult {
  rows: Record<string, unknown>[];
  totalCount: number | null;
}

/**
 * The rows this path built, and every related row nested in them: each carries exactly the
 * relations the request's plan asked for at its position, so a relation field of such a row can
 * resolve to the row's own value (api/compiled-queries.ts) without looking the plan up again.
 */
const builtRows = new WeakSet<object>();

export function isReadRow(value: unknown): boolean {
  return typeof value === 'object' && value !== null && builtRows.has(value);
}

/** Reads the rows (and count) a request asks for, in one statement. */
export async function readRows(run: SqlRunner, request: ReadRequest): Promise<ReadResult> {
  const [result] = await runStatement<{ rows: string; total: number | null }>(run, readStatement(request));
  const rows = JSON.parse(result!.rows) as Record<string, unknown>[];
  markBuilt(rows, request.model, request.query);
  return { rows, totalCount: result!.total === null ? null : Number(result!.total) };
}

/** Marks `rows` of `name` and, down the plan's relations (each once for all rows), the rows nested in them. */
function markBuilt(rows: readonly Record<string, unknown>[], name: ModelName, query: PlannedQuery): void {
  for (const row of rows) builtRows.add(row);
  const model = MODELS[name];
  for (const [field, value] of Object.entries({ ...query.include, ...query.select })) {
    const relation = model.relations[field];
    if (!relation || !value) continue;
    const related: Record<string, unknown>[] = [];
    for (const row of rows) {
      const nested = row[field];
      if (Array.isArray(nested)) related.push(...(nested as Record<string, unknown>[]));
      else if (nested !== null && typeof nested === 'object') related.push(nested as Record<string, unknown>);
    }
    if (related.length > 0) markBuilt(related, relation.model, value === true ? {} : (value as PlannedQuery));
  }
}

/** The statement of a request (exported for tests that look at its shape). */
export function readStatement(request: ReadRequest): RawBuilder<unknown> {
  const builder = new StatementBuilder(request);
  return builder.root();
}

class StatementBuilder {
  private aliases = 0;
  constructor(private readonly request: ReadRequest) {}

  root(): RawBuilder<unknown> {
    const { model: name, query } = this.request;
    const model = MODELS[name];
    const order = orderList(model, query.orderBy);
    const take = query.take;
    const backward = take !== undefined && take < 0;
    const pageOrder = backward ? order.map(([column, direction]) => [column, direction === 'asc' ? 'desc' : 'asc'] as const) : order;
    const conditions = [this.where(model, 't', query.where ?? {})];
    if (query.cursor) conditions.push(this.cursorCondition(model, query.cursor, pageOrder));
    const page = sql`SELECT t.* FROM ${sql.table(model.table)} AS t WHERE ${sql.join(conditions, sql` AND `)}
      ${orderSql('t', pageOrder)} ${query.skip ? sql`OFFSET ${query.skip}::int` : sql``} ${take !== undefined ? sql`LIMIT ${Math.abs(take)}::int` : sql``}`;
    const rows = sql`(SELECT coalesce(json_agg(${this.object(name, 'p', query, undefined, this.request.usage)} ${orderSql('p', order)}), '[]'::json) FROM (${page}) AS p)::text`;
    const total = this.request.count
      ? sql`(SELECT count(*)::int FROM ${sql.table(model.table)} AS t WHERE ${this.where(model, 't', query.where ?? {})})`
      : sql`NULL::int`;
    return sql`SELECT ${rows} AS rows, ${total} AS total`;
  }

  /** A row as a JSON object: the scalars the request reads (all, when unknown) and the relations the plan asks for. */
  private object(name: ModelName, alias: string, query: PlannedQuery, parent?: Parent, usage?: Usage): RawBuilder<unknown> {
    const model = MODELS[name];
    const wanted = wantedFields(name, model, usage);
    const pairs: RawBuilder<unknown>[] = [];
    for (const [field, spec] of Object.entries(model.columns)) {
      if (!wanted || wanted.columns.has(field)) pairs.push(sql.lit(field), columnSql(spec, alias, this.request, parent));
    }
    const nested = { ...query.include, ...query.select };
    for (const [field, value] of Object.entries(nested)) {
      const relation = model.relations[field];
      if (!relation || !value) continue;
      const childUsage = !wanted || wanted.whole.has(field) ? undefined : usage?.[field] === true ? undefined : (usage?.[field] as Usage | undefined);
      pairs.push(sql.lit(field), this.relation(relation, { model: name, alias }, value === true ? {} : (value as PlannedQuery), childUsage));
    }
    return sql`json_build_object(${sql.join(pairs)})`;
  }

  private relation(relation: Model['relations'][string], parent: Parent, query: PlannedQuery, usage: Usage | undefined): RawBuilder<unknown> {
    // A link row (an activity's invoices) carries its invoice: the usage is the invoice's.
    if (relation.model === 'CollectionActivityInvoice' && usage) usage = { activityId: true, invoiceId: true, invoice: usage };
    const model = MODELS[relation.model];
    const alias = `r${++this.aliases}`;
    const join = sql`${sql.ref(`${alias}.${relation.to}`)} = ${sql.ref(`${parent.alias}.${relation.from}`)}`;
    const from = sql`FROM ${sql.table(model.table)} AS ${sql.id(alias)}`;
    if (relation.kind === 'one') return sql`(SELECT ${this.object(relation.model, alias, query, parent, usage)} ${from} WHERE ${join})`;
    const where = this.where(model, alias, query.where ?? {});
    // Prisma's default order for a list is the primary key's; the types ask for theirs.
    const order = orderList(model, query.orderBy);
    const limit = query.take !== undefined ? sql`LIMIT ${Math.abs(query.take)}::int` : sql``;
    if (query.take !== undefined) {
      return sql`(SELECT coalesce(json_agg(${this.object(relation.model, alias, query, parent, usage)} ${orderSql(alias, order)}), '[]'::json)
        FROM (SELECT ${sql.id(alias)}.* ${from} WHERE ${join} AND ${where} ${orderSql(alias, order)} ${limit}) AS ${sql.id(alias)})`;
    }
    return sql`(SELECT coalesce(json_agg(${this.object(relation.model, alias, query, parent, usage)} ${orderSql(alias, order)}), '[]'::json) ${from} WHERE ${join} AND ${where})`;
  }

  /** Prisma's cursor: the rows from the cursor's row on, in the page's order (the row itself skipped by `skip`). */
  private cursorCondition(model: Model, cursor: Record<string, unknown>, order: (readonly [string, 'asc' | 'desc'])[]): RawBuilder<unknown> {
    const cursorRow = sql`(SELECT c.* FROM ${sql.table(model.table)} AS c WHERE ${this.where(model, 'c', cursor)})`;
    const at = (column: string) => sql`(SELECT ${sql.ref(`c.${column}`)} FROM ${cursorRow} AS c)`;
    const alternatives = order.map(([column, direction], index) => {
      const equal = order.slice(0, index).map(([before]) => sql`${sql.ref(`t.${before}`)} = ${at(before)}`);
      const last = index === order.length - 1;
      const op = direction === 'asc' ? (last ? sql`>=` : sql`>`) : last ? sql`<=` : sql`<`;
      return sql.join([...equal, sql`${sql.ref(`t.${column}`)} ${op} ${at(column)}`], sql` AND `);
    });
    return sql`EXISTS (SELECT 1 FROM ${cursorRow} AS c) AND ((${sql.join(alternatives, sql`) OR (`)}))`;
  }

  /** Prisma's `where`, for the operators our filters use. */
  private where(model: Model, alias: string, where: Where): RawBuilder<unknown> {
    const parts: RawBuilder<unknown>[] = [];
    for (const [key, value] of Object.entries(where)) {
      if (value === undefined) continue;
      if (key === 'AND' || key === 'OR') {
        const list = (Array.isArray(value) ? value : [value]).map((item) => sql`(${this.where(model, alias, item as Where)})`);
        if (list.length > 0) parts.push(sql`(${sql.join(list, key === 'AND' ? sql` AND ` : sql` OR `)})`);
        else if (key === 'OR') parts.push(sql`FALSE`);
        continue;
      }
      if (key === 'NOT') {
        const list = (Array.isArray(value) ? value : [value]).map((item) => sql`NOT (${this.where(model, alias, item as Where)})`);
        parts.push(...list);
        continue;
      }
      const spec = model.columns[key];
      if (!spec || spec.kind === 'computed') throw new Error(`The read path cannot filter ${model.table} on ${key}.`);
      const column = sql.ref(`${alias}.${spec.column}`);
      const isFilter = value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value);
      const filter = (isFilter ? value : { equals: value }) as Record<string, unknown>;
      const insensitive = filter.mode === 'insensitive';
      for (const [op, operand] of Object.entries(filter)) {
        if (op === 'mode' || operand === undefined) continue;
        const text = (item: unknown) => (typeof item === 'string' ? sql`${column}::text` : column);
        switch (op) {
          case 'equals':
            if (operand === null) parts.push(sql`${column} IS NULL`);
            else parts.push(insensitive ? sql`${column} ILIKE ${operand}` : sql`${text(operand)} = ${param(spec.kind, operand)}`);
            break;
          case 'in': {
            const items = operand as unknown[];
            parts.push(items.length === 0 ? sql`FALSE` : sql`${text(items[0])} IN (${sql.join(items.map((item) => param(spec.kind, item)))})`);
            break;
          }
          case 'gt':
          case 'gte':
          case 'lt':
          case 'lte':
            parts.push(sql`${text(operand)} ${sql.raw({ gt: '>', gte: '>=', lt: '<', lte: '<=' }[op])} ${param(spec.kind, operand)}`);
            break;
          case 'contains':
            // The argument comes escaped for LIKE (checkMatchArg), as Prisma's contains takes it.
            parts.push(sql`${column} ${insensitive ? sql`ILIKE` : sql`LIKE`} '%' || ${operand}::text || '%'`);
            break;
          default:
            throw new Error(`The read path does not know the filter ${op} (on ${model.table}.${key}).`);
        }
      }
    }
    return parts.length > 0 ? sql.join(parts, sql` AND `) : sql`TRUE`;
  }
}

/**
 * The columns of a row a usage reads (always its id, which cursors and Pothos key rows by), and
 * the relations whose rows are read whole; null: every column (no usage, or a field unknown here).
 */
function wantedFields(name: ModelName, model: Model, usage: Usage | undefined): { columns: Set<string>; whole: Set<string> } | null {
  if (!usage) return null;
  // A link row without an id of its own (an activity's invoice) keeps its two keys.
  const columns = new Set<string>('id' in model.columns ? ['id'] : Object.keys(model.columns));
  const whole = new Set<string>();
  for (const field of Object.keys(usage)) {
    const needs = NEEDS[name]?.[field];
    if (needs) {
      for (const need of needs) {
        if (need.endsWith(':*')) whole.add(need.slice(0, -2));
        else columns.add(need);
      }
    } else if (field in model.columns) columns.add(field);
    else if (!(field in model.relations) && field !== '__typename') return null;
  }
  return { columns, whole };
}

/** A filter value as a typed parameter: dates and timestamps by their ISO text. */
function param(kind: string, value: unknown): RawBuilder<unknown> {
  if (value instanceof Date) return kind === 'date' ? sql`${value.toISOString().slice(0, 10)}::date` : sql`${value.toISOString()}::timestamptz`;
  if (typeof value === 'number') return Number.isInteger(value) ? sql`${value}::int8` : sql`${String(value)}::numeric`;
  if (typeof value === 'boolean') return sql`${value}::boolean`;
  if (typeof value === 'string' && (kind === 'numeric' || kind === 'money' || kind === 'trimmed')) return sql`${value}::numeric`;
  return sql`${value}::text`;
}

function orderList(model: Model, orderBy: OrderBy | undefined): (readonly [string, 'asc' | 'desc'])[] {
  const items = orderBy === undefined ? [] : Array.isArray(orderBy) ? orderBy : [orderBy];
  const list = items.flatMap((item) => Object.entries(item) as [string, unknown][]).map(([field, direction]) => {
    if (direction !== 'asc' && direction !== 'desc') throw new Error(`The read path orders by asc or desc only (${model.table}.${field}).`);
    const spec = model.columns[field];
    if (!spec || spec.kind === 'computed') throw new Error(`The read path cannot order ${model.table} by ${field}.`);
    return [spec.column, direction] as const;
  });
  if (list.length > 0) return list;
  return 'id' in model.columns ? [['id', 'asc'] as const] : Object.values(model.columns).slice(0, 2).map((spec) => [(spec as { column: string }).column, 'asc'] as const);
}

function orderSql(alias: string, order: (readonly [string, 'asc' | 'desc'])[]): RawBuilder<unknown> {
  if (order.length === 0) return sql``;
  return sql`ORDER BY ${sql.join(order.map(([column, direction]) => sql`${sql.ref(`${alias}.${column}`)} ${direction === 'asc' ? sql`ASC` : sql`DESC`}`))}`;
}
