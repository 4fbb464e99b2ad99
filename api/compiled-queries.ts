// Queries run compiled (graphql-jit): a document seen again is executed by code generated for
// it, not walked field by field. A 500-invoice page completes ~25,000 fields; the generic
// executor builds an info object, a path and a promise check for each of them, the compiled
// one far less, which makes the page's execution about a third cheaper.
//
// The compiled query calls the same resolvers with the same arguments and context, so Pothos
// plans the same SQL; its data are byte-identical (the read-path tests compare both runs). Two
// differences are bridged here:
// - graphql-jit builds a new `info.path` chain for every resolver call, where graphql-js hands
//   each response position one path object; Pothos' Prisma plugin keys what a plan loaded by
//   path object (a relation's rows, then the relations under them) and memoises each path's
//   text by its object. The resolvers that record and find those plans (relations, fields with
//   a selection, and the root fields) get one interned path object per response position and
//   request, as graphql-js would give them.
// - Its errors are not quite the generic executor's (no `locations`), so any result with an
//   error is answered by running the query again through the generic executor: errors come out
//   exactly as before, and only a failed query pays twice. Mutations always run generically
//   (they write, and are never run twice).
// And one saving: on rows the read path built, relations and fields with a fixed selection
// resolve from the row itself instead of through Pothos' per-row plan lookup (servedFromBuiltRow).
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { defaultFieldResolver, getNamedType, getOperationAST, visit, type DocumentNode, type ExecutionResult, type GraphQLFieldConfig, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { mapSchema, MapperKind } from '@graphql-tools/utils';
import type { Plugin } from 'graphql-yoga';
import { perDocument } from './per-document.js';
import { isReadRow } from './read/page.js';

/** A document is compiled the second time it runs: a one-off query is not worth the compile (~3 ms). */
const RUNS_BEFORE_COMPILING = 1;

interface Compiled {
  runs: number;
  /** null: graphql-jit declined the document (it then always runs generically). */
  query?: CompiledQuery | null;
}

/** The schema copies for compiled queries, one per schema (tests build many Yoga instances). */
const copies = new WeakMap<GraphQLSchema, GraphQLSchema>();

export function compiledQueries(schema: GraphQLSchema): Plugin {
  let compiledSchema = copies.get(schema);
  if (!compiledSchema) copies.set(schema, (compiledSchema = withStablePaths(schema)));
  const jitSchema = compiledSchema;
  const compiledOf = perDocument(() => new Map<string, Compiled>());
  const entryFor = (document: DocumentNode, operationName: string) => {
    const byOperation = compiledOf(document);
    let entry = byOperation.get(operationName);
    if (!entry) byOperation.set(operationName, (entry = { runs: 0 }));
    return entry;
  };
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (args.schema !== schema || getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      if (!mayCompile(args.document)) return;
      const entry = entryFor(args.document, args.operationName ?? '');
      if (entry.runs++ < RUNS_BEFORE_COMPILING || entry.query === null) return;
      if (entry.query === undefined) {
        const compiled = compileQuery(jitSchema, args.document, args.operationName ?? undefined);
        entry.query = isCompiledQuery(compiled) ? compiled : null;
        if (!entry.query) return;
      }
      const query = entry.query;
      setExecuteFn(async (executionArgs) => {
        const result = (await query.query(executionArgs.rootValue, executionArgs.contextValue, executionArgs.variableValues ?? {})) as ExecutionResult;
        return result.errors?.length ? executeFn(executionArgs) : result;
      });
    },
  };
}

/**
 * Whether a document may be compiled. Not introspection (GraphiQL, codegen: rare, and it
 * describes the schema). Not a document with a string literal holding graphql-jit's marker
 * for dates: graphql-jit writes literal arguments into the generated code as JSON and then
 * turns every `"__MAGIC_DATE__<uuid>…"` string back into raw `new Date(…)` code, so such a
 * literal would run as code in the server (tried: it does). Variables never enter the code.
 */
const mayCompile = perDocument((document) => {
  let answer = true;
  visit(document, {
    Field: (node) => void (answer &&= node.name.value !== '__schema' && node.name.value !== '__type'),
    StringValue: (node) => void (answer &&= !node.value.includes('__MAGIC')),
  });
  return answer;
});

type Path = GraphQLResolveInfo['path'];
/** A response position's one path object in a request, holding the positions under it. */
interface StablePath extends Path {
  prev: StablePath | undefined;
  children?: Map<string | number, StablePath>;
}

/**
 * A copy of the schema for compiled queries whose planning fields see one path object per
 * response position per request (interned under the context, which is per request).
 */
function withStablePaths(schema: GraphQLSchema): GraphQLSchema {
  const roots = new WeakMap<object, Map<string | number, StablePath>>();
  const intern = (context: object, path: Path): StablePath => {
    const prev = path.prev && intern(context, path.prev);
    let children = prev ? prev.children : roots.get(context);
    if (!children) {
      children = new Map();
      if (prev) prev.children = children;
      else roots.set(context, children);
    }
    let stable = children.get(path.key);
    if (!stable) children.set(path.key, (stable = { prev, key: path.key, typename: path.typename }));
    return stable;
  };
  const stablePaths = (resolve: GraphQLFieldResolver<unknown, object>): GraphQLFieldResolver<unknown, object> =>
    (parent, args, context, info) => {
      (info as { path: Path }).path = intern(context, info.path);
      return resolve(parent, args, context, info);
    };
  const queryType = schema.getQueryType()?.name;
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, _name, typeName) => {
      // A relation or a field with a selection of its own has a function or an object here. An
      // exposed column has `true`: it finds its plan by the path's text, so it needs no interning
      // (and interning every column of every row would cost more than it saves).
      const selects = typeof field.extensions?.pothosPrismaSelect;
      const plans = typeName === queryType || selects === 'function' || selects === 'object';
      if (!plans) return field;
      const resolve = stablePaths(field.resolve ?? defaultFieldResolver);
      const fromRow = builtRowResolver(schema, typeName, field);
      return { ...field, resolve: fromRow === null ? resolve : servedFromBuiltRow(fromRow, resolve) };
    },
  });
}

/**
 * On a row the read path built (api/read/page.ts), a relation or a field with a selection of its
 * own resolves from the row: the row was built from this request's plan, which asked for exactly
 * that data at that position. Pothos' lookup of the plan for each such field of each row (a path
 * text and map entries) was a third of the CPU of a customers page with its entities. Any other
 * parent, or a row without the data, goes through Pothos as before (its fallback loads the data).
 */
function servedFromBuiltRow(fromRow: BuiltRowResolver, resolve: GraphQLFieldResolver<unknown, object>): GraphQLFieldResolver<unknown, object> {
  return (parent, args, context, info) => {
    if (isReadRow(parent) && fromRow.carries(parent as Record<string, unknown>)) return fromRow.resolve(parent, args, context, info);
    return resolve(parent, args, context, info);
  };
}

interface BuiltRowResolver {
  /** The row holds what the field reads. */
  carries(row: Record<string, unknown>): boolean;
  resolve: GraphQLFieldResolver<unknown, object>;
}

/**
 * How a field resolves from a built row, or null: a plain relation (t.relation: the row's value)
 * or a field with a fixed selection (its own resolver, given the row), with no auth scopes on the
 * field or its type (their checks live in the wrapped resolver this steps around). A selection
 * built per request (a function) is left to Pothos.
 */
function builtRowResolver(schema: GraphQLSchema, typeName: string, field: GraphQLFieldConfig<unknown, object>): BuiltRowResolver | null {
  const scoped = (extensions: Readonly<Record<string, unknown>> | null | undefined) => {
    const options = extensions?.pothosOptions as Record<string, unknown> | undefined;
    return options?.authScopes !== undefined || options?.grantScopes !== undefined;
  };
  if (scoped(field.extensions) || scoped(schema.getType(typeName)?.extensions)) return null;
  // A relation's onNull answers a missing row its own way; Pothos keeps those.
  if ((field.extensions?.pothosOptions as { onNull?: unknown } | undefined)?.onNull !== undefined) return null;
  const relation = field.extensions?.pothosPrismaRelationField as { name?: unknown } | undefined;
  if (relation) {
    const name = relation.name;
    // A connection over a relation resolves to a connection object, not the row's list.
    if (typeof name !== 'string' || !getNamedType(field.type).extensions?.pothosPrismaModel) return null;
    return { carries: (row) => row[name] !== undefined, resolve: (row) => (row as Record<string, unknown>)[name] };
  }
  const select = field.extensions?.pothosPrismaSelect;
  const own = (field.extensions?.pothosOptions as { resolve?: unknown } | undefined)?.resolve;
  if (typeof select !== 'object' || select === null || typeof own !== 'function') return null;
  const keys = Object.keys(select);
  return { carries: (row) => keys.every((key) => row[key] !== undefined), resolve: own as GraphQLFieldResolver<unknown, object> };
}
