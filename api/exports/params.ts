// Query parameters of an export, read before anything is written: an unknown name or a bad
// value is a 400 that says what is accepted, and nothing is streamed.
import { parseIsoTimestamp } from '../domain/dates.js';
import { ArgumentError, UserInputError } from '../domain/errors.js';
import { checkDateArg } from '../services/reporting.js';

export class ExportParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
    readonly accepted: readonly string[],
  ) {
    super(message);
    this.name = 'ExportParameterError';
  }
}

/** The parameters of one request, checked against the names the dataset accepts. */
export class ExportParams {
  constructor(
    private readonly search: URLSearchParams,
    readonly accepted: readonly string[],
    readonly path: string,
  ) {
    for (const name of new Set(search.keys())) {
      if (!accepted.includes(name)) {
        throw new ExportParameterError(name, `Unknown parameter "${name.slice(0, 40)}"; ${path} accepts ${accepted.length ? accepted.join(', ') : 'no parameters'}.`, accepted);
      }
      if (search.getAll(name).length > 1) throw new ExportParameterError(name, `${name} is given more than once; give it once (lists are comma-separated).`, accepted);
    }
  }

  text(name: string): string | null {
    const value = this.search.get(name);
    return value === null || value.trim() === '' ? null : value.trim();
  }

  requiredText(name: string, example: string): string {
    const value = this.text(name);
    if (value === null) throw new ExportParameterError(name, `${name} is required for ${this.path}, e.g. ${name}=${example}.`, this.accepted);
    return value;
  }

  list(name: string): string[] {
    return (this.text(name) ?? '').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  }

  date(name: string): string | null {
    const value = this.text(name);
    return value === null ? null : checkDateArg(value, name);
  }

  bool(name: string): boolean | null {
    const value = this.text(name);
    if (value === null) return null;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new ArgumentError(name, `${name} "${value.slice(0, 20)}" is not a boolean; write true or false.`);
  }

  /** updatedSince: an ISO 8601 timestamp (a date alone means its midnight UTC). */
  timestamp(name: string): Date | null {
    const value = this.text(name);
    if (value === null) return null;
    try {
      return parseIsoTimestamp(value, [name]);
    } catch (error) {
      if (error instanceof UserInputError) throw new ArgumentError(name, `${name}: ${error.errors[0]!.message}`);
      throw error;
    }
  }
}

export function checkOneOf(values: readonly string[], allowed: readonly string[], name: string): string[] {
  const unknown = values.filter((value) => !allowed.includes(value));
  if (unknown.length > 0) throw new ArgumentError(name, `Unknown ${name} ${unknown.join(', ').slice(0, 100)}; use ${allowed.join(', ')}.`);
  return [...values];
}
