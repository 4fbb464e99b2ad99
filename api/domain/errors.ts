// The errors services and domain rules throw, each with a stable code. They know nothing of
// GraphQL or HTTP: api/errors.ts maps them once, to a mutation payload's userErrors, to a
// query's top-level error (extensions.code) and to an HTTP status for the file endpoints.

/** Codes of userErrors in mutation payloads (the GraphQL enum ErrorCode) and of DomainError. */
export const ErrorCode = {
  INVALID: 'INVALID',
  NOT_FOUND: 'NOT_FOUND',
  DUPLICATE: 'DUPLICATE',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  CONFLICT: 'CONFLICT',
  FX_RATE_MISSING: 'FX_RATE_MISSING',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** The document's date falls in a closed period of its entity (closePeriod); reopenPeriod lifts it. */
  PERIOD_CLOSED: 'PERIOD_CLOSED',
  /** The FX rate found is older than LEDGERLINE_FX_MAX_AGE_DAYS before the as-of date. */
  FX_RATE_STALE: 'FX_RATE_STALE',
  /** The caller's role does not allow this (e.g. a write-off above the limit needs ADMIN). */
  FORBIDDEN: 'FORBIDDEN',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface UserError {
  /** Path to the offending input, e.g. ["input", "lines", "2", "quantity"]. */
  field: string[];
  message: string;
  code: ErrorCode;
}

/** Thrown by services when one or more inputs are refused; nothing has been written. */
export class UserInputError extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => `${e.field.join('.')}: ${e.message}`).join('; '));
    this.name = 'UserInputError';
  }

  static of(field: string[], message: string, code: ErrorCode = ErrorCode.INVALID): UserInputError {
    return new UserInputError([{ field, message, code }]);
  }
}

/** A failure of a query that is not the caller's input (e.g. a missing FX rate). */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Codes of a refused query argument: a code that names no record, or a malformed value. */
export type ArgumentErrorCode = typeof ErrorCode.NOT_FOUND | 'BAD_USER_INPUT';

/**
 * A query argument refused (a date that is no date, a page size over the maximum, a code that
 * names no record): the query answers one top-level error naming the argument.
 */
export class ArgumentError extends Error {
  constructor(
    readonly argument: string,
    message: string,
    readonly code: ArgumentErrorCode = 'BAD_USER_INPUT',
    /** More for the error's extensions, e.g. the maximum page size. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ArgumentError';
  }
}

/** A batch refused for invalid rows and/or version conflicts; the transaction rolls back. */
export class BatchRefused<Conflict> extends Error {
  constructor(
    readonly userErrors: UserError[],
    readonly conflicts: Conflict[],
  ) {
    super(`batch refused: ${userErrors.length} errors, ${conflicts.length} conflicts`);
    this.name = 'BatchRefused';
  }
}

/** Collects errors across a whole input so the caller hears about every problem at once. */
export class ErrorCollector {
  readonly errors: UserError[] = [];

  add(field: string[], message: string, code: ErrorCode = ErrorCode.INVALID): void {
    this.errors.push({ field, message, code });
  }

  /** Runs `fn`; a UserInputError it throws is collected instead, and undefined returned. */
  check<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      if (error instanceof UserInputError) {
        this.errors.push(...error.errors);
        return undefined;
      }
      throw error;
    }
  }

  async checkAsync<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof UserInputError) {
        this.errors.push(...error.errors);
        return undefined;
      }
      throw error;
    }
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw new UserInputError(this.errors);
  }
}
