// Checks for free text and codes coming from outside: trimmed, bounded, well-formed.
import { ErrorCode, UserInputError } from './errors.js';

export const LIMITS = {
  code: 32,
  name: 200,
  description: 500,
  reference: 100,
  reason: 1000,
  note: 4000,
  email: 254,
  url: 2000,
} as const;

export interface TextRules {
  max: number;
  /** Refuse an empty value (default true). */
  required?: boolean;
  what: string;
}

export function requireText(value: string | null | undefined, field: string[], rules: TextRules): string {
  const text = (value ?? '').trim();
  if (text.length === 0) {
    if (rules.required === false) return '';
    throw UserInputError.of(field, `${rules.what} is required.`);
  }
  if (text.length > rules.max) {
    throw UserInputError.of(field, `${rules.what} is ${text.length} characters long; at most ${rules.max} are accepted.`, ErrorCode.OUT_OF_RANGE);
  }
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text)) {
    throw UserInputError.of(field, `${rules.what} contains control characters; use printable text.`);
  }
  return text;
}

export function optionalText(value: string | null | undefined, field: string[], rules: Omit<TextRules, 'required'>): string | null {
  const text = requireText(value, field, { ...rules, required: false });
  return text === '' ? null : text;
}

const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_.-]*$/;

/** Codes (entity, customer, project, token names) are upper case letters, digits, _ . - */
export function parseCode(value: string, field: string[], what: string, max: number = LIMITS.code): string {
  const code = requireText(value, field, { max, what }).toUpperCase();
  if (!CODE_PATTERN.test(code)) {
    throw UserInputError.of(field, `${what} "${code}" may hold only letters, digits, "_", "." and "-", starting with a letter or digit.`);
  }
  return code;
}

const EMAIL_PATTERN = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]{2,}$/;

export function parseEmail(value: string, field: string[]): string {
  const email = requireText(value, field, { max: LIMITS.email, what: 'An email address' });
  if (!EMAIL_PATTERN.test(email)) {
    throw UserInputError.of(field, `"${email.slice(0, 60)}" is not an email address (name@example.com).`);
  }
  return email;
}
