// Which fields a request reads of each object, from its GraphQL selection, so the statement
// builds only those (a 500-row page that shows 10 of an invoice's 25 fields parses and
// collects half the JSON). Directives are ignored: a field under @skip is read anyway.
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { ModelName } from './models.js';

/** Field name → its own usage (an object's) or true (a scalar's). */
export interface Usage {
  [field: string]: Usage | true;
}

/** The usage of the rows a field returns: the node of a connection, or the field's own object. */
export function usageOf(info: GraphQLResolveInfo, path: 'node' | 'self'): Usage {
  const own = collect(info.fieldNodes.map((node) => node.selectionSet), info);
  if (path === 'self') return own;
  const edges = own.edges === true ? undefined : own.edges?.node;
  return merge(merge({}, edges === true ? undefined : edges), own.nodes === true ? undefined : own.nodes);
}

/**
 * Whether an object's usage (a field's entry in a Usage) reads any field beyond `fields`: a
 * report whose rows carry some of a record's fields reads the whole records only then.
 */
export function readsBeyond(usage: Usage | true | undefined, fields: ReadonlySet<string>): boolean {
  return usage !== undefined && usage !== true && Object.keys(usage).some((field) => !fields.has(field));
}

function collect(sets: readonly (SelectionSetNode | undefined)[], info: GraphQLResolveInfo): Usage {
  const usage: Usage = {};
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const previous = usage[name];
        usage[name] = selection.selectionSet ? merge(previous === true || previous === undefined ? {} : previous, collect([selection.selectionSet], info)) : true;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  sets.forEach(visit);
  return usage;
}

function merge(into: Usage, from: Usage | undefined): Usage {
  for (const [key, value] of Object.entries(from ?? {})) {
    const held = into[key];
    into[key] = value === true || held === undefined || held === true ? value : merge({ ...held }, value);
  }
  return into;
}

/**
 * GraphQL fields that serve from other columns than their namesake (computed, or formatted with
 * the currency); `relation:*` reads every column of that relation's rows. A field neither here
 * nor a column nor a relation makes the builder read every column (nothing is left out unknown).
 */
export const NEEDS: Partial<Record<ModelName, Record<string, string[]>>> = {
  Invoice: { balance: ['balance'], daysPastDue: ['status', 'dueDate'], lines: ['currency'], total: ['total', 'currency'], amountPaid: ['amountPaid', 'currency'] },
  Customer: { creditLimit: ['creditLimit', 'currency'] },
  Contract: { amountPerPeriod: ['amountPerPeriod', 'currency'] },
  Payment: { amount: ['amount', 'currency'], unappliedAmount: ['unappliedAmount', 'currency'] },
  PaymentApplication: { amount: ['amount', 'payment:*'], discount: ['discount', 'payment:*'] },
  CollectionActivity: { promiseAmount: ['promiseAmount', 'currency'] },
  Project: {
    budget: ['budget', 'currency'],
    actualCost: ['actualCost', 'currency'],
    budgetVariance: ['budget', 'actualCost', 'currency'],
    scheduleVarianceDays: ['baselineEndDate', 'forecastEndDate', 'actualEndDate'],
    figures: ['status', 'startDate', 'baselineEndDate', 'forecastEndDate', 'actualEndDate', 'budget', 'actualCost', 'percentComplete', 'currency', 'risks:*'],
  },
  Risk: { score: ['probability', 'impact'] },
};
