// The ledger work a request asks for, counted before it runs. Most fields cost next to nothing
// (graphql-armor's cost limit bounds their number); a few scan the whole ledger once per period
// they cover. One unit is one such scan — about an agingReport on the book — so a kpiHistory
// over 60 months is 60 units. A request over the per-request limit is refused before it runs;
// each token also has a budget of units per minute, kept in the database (429 past it).
import {
  getArgumentValues,
  getNamedType,
  GraphQLError,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
  visit,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.js';
import { parsePeriod, periodRange } from './domain/kpis/periods.js';
import { MAX_HISTORY_PERIODS } from './domain/limits.js';
import { RequestErrorCode } from './errors.js';
import { spend } from './services/admin/throttle.js';
import { perDocument } from './per-document.js';

export interface WorkLimits {
  /** Units one request may ask for. */
  perRequest: number;
  /** Units one token may spend per minute. */
  perTokenPerMinute: number;
}

export const DEFAULT_WORK_LIMITS: WorkLimits = { perRequest: 240, perTokenPerMinute: 2400 };

type Args = Record<string, unknown>;

/** Fields that scan the ledger, by `Type.field`, and how many scans their arguments ask for. */
const LEDGER_SCANS: Record<string, (args: Args) => number> = {
  'Query.agingReport': () => 1,
  'Query.collectionsWorklist': () => 1,
  'Query.kpiScorecard': () => 1,
  'Query.kpiHistory': (args) => periodsAsked(args.from, args.to),
  'Query.customerStatement': () => 1,
  'Mutation.runDunning': () => 1,
  'Mutation.sendStatements': () => 1,
};

/** The periods from–to covers (the resolver refuses more than its maximum; so is the count). */
function periodsAsked(from: unknown, to: unknown): number {
  try {
    return periodRange(parsePeriod(String(from)), parsePeriod(String(to)), MAX_HISTORY_PERIODS).length;
  } catch {
    return 1; // refused by the resolver before any scan
  }
}

export interface Work {
  units: number;
  /** `alias: units` per costly field, for the refusal's message. */
  fields: { path: string; units: number }[];
}

/** The work of one operation of a validated document, given its variables. */
export function workOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Args): Work {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName)) operation ??= definition;
  }
  const work: Work = { units: 0, fields: [] };
  const root = operation ? schema.getRootType(operation.operation) : undefined;
  if (!operation || !root) return work;

  const walk = (selections: SelectionSetNode, type: GraphQLObjectType, multiplier: number, path: string) => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = type.getFields()[selection.name.value];
        if (!field) continue;
        const args = getArgumentValues(field, selection, variables);
        const at = path + (selection.alias?.value ?? selection.name.value);
        const scans = LEDGER_SCANS[`${type.name}.${field.name}`]?.(args) ?? 0;
        if (scans > 0) {
          work.units += scans * multiplier;
          work.fields.push({ path: at, units: scans * multiplier });
        }
        const inner = getNamedType(field.type);
        const pageSize = typeof args.first === 'number' ? Math.max(args.first, 1) : 1;
        if (selection.selectionSet && isObjectType(inner)) walk(selection.selectionSet, inner, multiplier * pageSize, `${at}.`);
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        if (!fragment) continue;
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
        if (isObjectType(condition)) walk(fragment.selectionSet, condition, multiplier, path);
      }
    }
  };
  walk(operation.selectionSet, root, 1, '');
  return work;
}

/** The field names that can scan the ledger: a document naming none of them asks for no scan. */
const SCANNING_FIELDS = new Set(Object.keys(LEDGER_SCANS).map((key) => key.slice(key.indexOf('.') + 1)));

/** Refuses, before execution, a request over its work limit or a token over its budget. */
export function workLimit(limits: WorkLimits): Plugin<Context> {
  const mayScan = perDocument((document) => {
    let found = false;
    visit(document, { Field: (node) => void (found ||= SCANNING_FIELDS.has(node.name.value)) });
    return found;
  });
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      if (!mayScan(args.document)) return;
      const work = workOf(args.schema, args.document, args.operationName, (args.variableValues ?? {}) as Args);
      if (work.units === 0) return;
      if (work.units > limits.perRequest) {
        const parts = work.fields.map((f) => `${f.path} ${f.units}`).join(', ');
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              `This request asks for ${work.units} scans of the ledger (${parts}); at most ${limits.perRequest} are served per request (a kpiHistory period or a report is one scan). Split it into smaller requests.`,
              { extensions: { code: RequestErrorCode.QUERY_TOO_EXPENSIVE, work: work.units, maxWork: limits.perRequest } },
            ),
          ],
        });
        return;
      }
      const context = args.contextValue as Context;
      const [state] = await spend(context.sql, [`work:${context.actor.idempotencyScope}`], work.units, { limit: limits.perTokenPerMinute, windowSeconds: 60 });
      if (state!.count > limits.perTokenPerMinute) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              `This token has used its ${limits.perTokenPerMinute} scans of the ledger for this minute; try again in ${state!.retryAfterSeconds} s.`,
              { extensions: { code: RequestErrorCode.RATE_LIMITED, http: { status: 429, headers: { 'Retry-After': String(state!.retryAfterSeconds) } } } },
            ),
          ],
        });
      }
    },
  };
}
