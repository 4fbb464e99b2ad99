// Constraint violations raised by the database, recognised in one place and answered as the
// product's refusals: a unique key taken → DUPLICATE, a number too large for its column →
// OUT_OF_RANGE. The services check both before writing; these answer what gets past a check,
// such as the loser of two writers racing for one code.
import { ErrorCode, UserInputError } from '../domain/errors.js';

export interface ConstraintViolation {
  kind: 'unique' | 'range';
  /** The Prisma model written to, when Prisma knows it (not for raw SQL). */
  model: string | null;
  /** The columns of the violated unique key, as the database names them. */
  columns: string[];
}

// Prisma's error code, PostgreSQL's SQLSTATE and the driver adapter's kind for each violation.
const UNIQUE: readonly string[] = ['P2002', '23505', 'UniqueConstraintViolation'];
const RANGE: readonly string[] = ['P2020', '22003', 'ValueOutOfRange'];

/**
 * The violation behind an error, whichever layer says so: Prisma's known request error
 * (P2002/P2020 with `meta.target`, or P2010 from raw SQL) or the @prisma/adapter-pg error it
 * wraps (`meta.driverAdapterError.cause`: the SQLSTATE as `originalCode`, the adapter's `kind`
 * and the key's columns as `constraint.fields`).
 */
export function constraintViolation(error: unknown): ConstraintViolation | null {
  const layers = layersOf(error);
  const codes = layers.flatMap((layer) => [layer.code, layer.originalCode, layer.kind].filter((v): v is string => typeof v === 'string'));
  const kind = codes.some((c) => UNIQUE.includes(c)) ? 'unique' : codes.some((c) => RANGE.includes(c)) ? 'range' : null;
  if (!kind) return null;
  const model = layers.map((layer) => (layer.meta as { modelName?: unknown } | undefined)?.modelName).find((m): m is string => typeof m === 'string') ?? null;
  return { kind, model, columns: kind === 'unique' ? uniqueColumns(layers) : [] };
}

/** A refusal for a constraint violation, or null when the error is something else. */
export function refusalForViolation(error: unknown): UserInputError | null {
  const violation = constraintViolation(error);
  if (!violation) return null;
  if (violation.kind === 'range') {
    return UserInputError.of([], 'A number is too large to be stored: it is beyond the range its field holds. Give a smaller value.', ErrorCode.OUT_OF_RANGE);
  }
  const fields = violation.columns.map(camelCase);
  const what = fields.length > 0 ? fields.map(words).join(' and ') : 'key';
  const record = violation.model ? words(violation.model) : 'record';
  return UserInputError.of(fields.length === 1 ? fields : [], `Another ${record} already has this ${what}; each ${record} has its own.`, ErrorCode.DUPLICATE);
}

/**
 * Runs a write whose unique key a check has just found free. Another writer may take the key
 * between the check and the write; the loser is then refused as the check refuses: DUPLICATE
 * with the same field and message.
 */
export async function refuseIfTaken<T>(write: PromiseLike<T>, field: string[], message: string): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (constraintViolation(error)?.kind === 'unique') throw UserInputError.of(field, message, ErrorCode.DUPLICATE);
    throw error;
  }
}

type Layer = Record<string, unknown>;

/** The error, its Prisma meta's driver adapter error and every `cause` below them. */
function layersOf(error: unknown): Layer[] {
  const layers: Layer[] = [];
  const pending: unknown[] = [error];
  while (pending.length > 0 && layers.length < 10) {
    const next = pending.shift();
    if (typeof next !== 'object' || next === null || layers.includes(next as Layer)) continue;
    const layer = next as Layer;
    layers.push(layer);
    pending.push((layer.meta as Layer | undefined)?.driverAdapterError, layer.cause);
  }
  return layers;
}

function uniqueColumns(layers: Layer[]): string[] {
  for (const layer of layers) {
    const target = (layer.meta as { target?: unknown } | undefined)?.target;
    if (Array.isArray(target)) return target.map(String);
    const fields = (layer.constraint as { fields?: unknown } | undefined)?.fields;
    if (Array.isArray(fields)) return fields.map(String);
  }
  return [];
}

const camelCase = (column: string) => column.replace(/_([a-z])/g, (_m, letter: string) => letter.toUpperCase());
/** "ApiToken" → "api token", "invoiceId" → "invoice id". */
const words = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
