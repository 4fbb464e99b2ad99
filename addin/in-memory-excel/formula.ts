// A tiny formula evaluator for the fake workbook: enough for the formulas users put beside a
// pulled table (arithmetic on cells of the same sheet, structured "this row" references such
// as [@Total], and a handful of functions). Anything else evaluates to #NAME?.

import { columnIndex, shiftRowSpan } from './a1.js';

export type Scalar = string | number | boolean;

export type FormulaErrorCode = '#VALUE!' | '#DIV/0!' | '#NAME?' | '#REF!' | '#N/A' | '#NUM!';

export class FormulaError {
  constructor(readonly code: FormulaErrorCode) {}
}

export interface FormulaScope {
  /** Computed value of a cell on the same sheet ('' when blank). */
  cell(row: number, column: number): Scalar;
  /** The value of the named column in the formula's own table row. */
  thisRow(column: string, tableName: string | undefined): Scalar | FormulaError;
}

type Node =
  | { kind: 'value'; value: Scalar }
  | { kind: 'error'; code: FormulaErrorCode }
  | { kind: 'ref'; row: number; column: number }
  | { kind: 'range'; row: number; column: number; rowCount: number; columnCount: number }
  | { kind: 'thisRow'; table: string | undefined; column: string }
  | { kind: 'unary'; op: '-' | '+'; operand: Node }
  | { kind: 'percent'; operand: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'call'; name: string; args: Node[] };

type Token =
  | { type: 'num'; value: number }
  | { type: 'str'; value: string }
  | { type: 'err'; code: FormulaErrorCode }
  | { type: 'ref'; text: string }
  | { type: 'sref'; table: string | undefined; inner: string }
  | { type: 'name'; text: string }
  | { type: 'op'; text: string };

const astCache = new Map<string, Node | FormulaError>();

/** Evaluates `formula` (with its leading '='); errors come back as their Excel text, e.g. '#DIV/0!'. */
export function evaluateFormula(formula: string, scope: FormulaScope): Scalar {
  let ast = astCache.get(formula);
  if (!ast) {
    try {
      ast = new Parser(tokenize(formula.replace(/^=/, ''))).parseFormula();
    } catch {
      ast = new FormulaError('#NAME?');
    }
    if (astCache.size > 50_000) astCache.clear();
    astCache.set(formula, ast);
  }
  if (ast instanceof FormulaError) return ast.code;
  const result = evaluate(ast, scope);
  if (result instanceof FormulaError) return result.code;
  if (Array.isArray(result)) return result[0] ?? '';
  return result;
}

/**
 * Moves the relative row numbers of A1 references by `delta`, as copying a formula down or up does;
 * a reference (or range) pushed above row 1 becomes #REF!, as Excel writes it when a copied or
 * sorted formula would point off the sheet (support KB Q40401, "Errors Sorting Cells That Contain
 * References": =A1 sorted two rows up becomes =#REF!).
 */
export function shiftFormulaRows(formula: string, delta: number): string {
  if (delta === 0) return formula;
  const moved = (dollar: string, row: string): number => (dollar ? Number(row) : Number(row) + delta);
  return outsideLiterals(formula, (code) =>
    code.replace(
      /(^|[^A-Za-z0-9_.$])(\$?[A-Za-z]{1,3})(\$?)(\d+)(?::(\$?[A-Za-z]{1,3})(\$?)(\d+))?(?![A-Za-z0-9_(])/g,
      (_m, pre: string, col1: string, d1: string, row1: string, col2: string | undefined, d2: string | undefined, row2: string | undefined) => {
        const first = moved(d1, row1);
        const last = col2 === undefined ? first : moved(d2!, row2!);
        if (first < 1 || last < 1) return `${pre}#REF!`;
        return col2 === undefined ? `${pre}${col1}${d1}${first}` : `${pre}${col1}${d1}${first}:${col2}${d2}${last}`;
      },
    ),
  );
}

/**
 * A formula after the user inserts `count` whole rows at row `at` (0-based), or deletes -count rows
 * from it: references to rows at or below move (absolute ones too), a range with the insertion
 * point inside grows and one with deleted rows inside shrinks, and a reference whose rows are all
 * deleted becomes #REF!, as Excel adjusts formulas. With `columns`, only the cells of those columns
 * moved (cells inserted or deleted, shifting down or up): references wholly inside them adjust,
 * others keep their address. References qualified by a sheet name are left alone (the fake
 * evaluates only same-sheet references).
 */
export function adjustFormulaRows(formula: string, at: number, count: number, columns?: { first: number; last: number }): string {
  const inBand = (col: string) => {
    if (!columns) return true;
    const c = columnIndex(col.replace(/\$/g, ''));
    return c >= columns.first && c <= columns.last;
  };
  return outsideLiterals(formula, (code) =>
    code.replace(
      /(^|[^A-Za-z0-9_.$!])(\$?[A-Za-z]{1,3}\$?)(\d+)(?::(\$?[A-Za-z]{1,3}\$?)(\d+))?(?![A-Za-z0-9_(])/g,
      (m, pre: string, col1: string, row1: string, col2: string | undefined, row2: string | undefined) => {
        if (!inBand(col1) || (col2 !== undefined && !inBand(col2))) return m;
        const first = Number(row1) - 1;
        const span = shiftRowSpan(first, row2 === undefined ? first : Number(row2) - 1, at, count);
        if (!span) return `${pre}#REF!`;
        return col2 === undefined ? `${pre}${col1}${span[0] + 1}` : `${pre}${col1}${span[0] + 1}:${col2}${span[1] + 1}`;
      },
    ),
  );
}

/** Applies `rewrite` to the parts of a formula outside string literals and structured references. */
export function outsideLiterals(formula: string, rewrite: (code: string) => string): string {
  let out = '';
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i]!;
    if (ch === '"' || ch === '[') {
      const end = ch === '"' ? skipString(formula, i) : skipBrackets(formula, i);
      out += formula.slice(i, end);
      i = end;
    } else {
      let j = i;
      while (j < formula.length && formula[j] !== '"' && formula[j] !== '[') j++;
      out += rewrite(formula.slice(i, j));
      i = j;
    }
  }
  return out;
}

function skipString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '"') {
      if (text[i + 1] === '"') i += 2;
      else return i + 1;
    } else i++;
  }
  return i;
}

function skipBrackets(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === "'") {
      i++;
      continue;
    }
    if (text[i] === '[') depth++;
    else if (text[i] === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error('Unbalanced brackets');
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"') {
      const end = skipString(text, i);
      tokens.push({ type: 'str', value: text.slice(i + 1, end - 1).replace(/""/g, '"') });
      i = end;
      continue;
    }
    if (ch === '[') {
      const end = skipBrackets(text, i);
      tokens.push({ type: 'sref', table: undefined, inner: text.slice(i + 1, end - 1) });
      i = end;
      continue;
    }
    if (text.startsWith('#REF!', i)) {
      // What a reference becomes once the rows it named are deleted.
      tokens.push({ type: 'err', code: '#REF!' });
      i += 5;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      tokens.push({ type: 'num', value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const ref = /^\$?[A-Za-z]{1,3}\$?\d+(:\$?[A-Za-z]{1,3}\$?\d+)?(?![A-Za-z0-9_(])/.exec(text.slice(i));
    if (ref) {
      tokens.push({ type: 'ref', text: ref[0] });
      i += ref[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i));
    if (name) {
      i += name[0].length;
      if (text[i] === '[') {
        const end = skipBrackets(text, i);
        tokens.push({ type: 'sref', table: name[0], inner: text.slice(i + 1, end - 1) });
        i = end;
      } else tokens.push({ type: 'name', text: name[0] });
      continue;
    }
    const op = /^(<=|>=|<>|[-+*/^&%=<>(),])/.exec(text.slice(i));
    if (op) {
      tokens.push({ type: 'op', text: op[0] });
      i += op[0].length;
      continue;
    }
    throw new Error(`Unexpected "${ch}" in formula`);
  }
  return tokens;
}

function cellOf(text: string): { row: number; column: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(text)!;
  let column = 0;
  for (const c of m[1]!.toUpperCase()) column = column * 26 + (c.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, column: column - 1 };
}

/** "[@Total]", "[@[Unit price]]", "[[#This Row],[Total]]" or "[Total]" (implicit intersection). */
function thisRowColumn(inner: string): string {
  let text = inner.trim();
  if (text.startsWith('@')) text = text.slice(1).trim();
  const thisRow = /^\[#This Row\]\s*,\s*/i.exec(text);
  if (thisRow) text = text.slice(thisRow[0].length);
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (text.includes('[') || text.startsWith('#')) throw new Error(`Unsupported structured reference [${inner}]`);
  return text.replace(/'(.)/g, '$1');
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parseFormula(): Node {
    const node = this.comparison();
    if (this.pos !== this.tokens.length) throw new Error('Trailing tokens');
    return node;
  }

  private peekOp(): string | undefined {
    const t = this.tokens[this.pos];
    return t?.type === 'op' ? t.text : undefined;
  }

  private comparison(): Node {
    let left = this.concat();
    for (let op = this.peekOp(); op && ['=', '<>', '<', '>', '<=', '>='].includes(op); op = this.peekOp()) {
      this.pos++;
      left = { kind: 'binary', op, left, right: this.concat() };
    }
    return left;
  }

  private concat(): Node {
    let left = this.additive();
    while (this.peekOp() === '&') {
      this.pos++;
      left = { kind: 'binary', op: '&', left, right: this.additive() };
    }
    return left;
  }

  private additive(): Node {
    let left = this.multiplicative();
    for (let op = this.peekOp(); op === '+' || op === '-'; op = this.peekOp()) {
      this.pos++;
      left = { kind: 'binary', op, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Node {
    let left = this.power();
    for (let op = this.peekOp(); op === '*' || op === '/'; op = this.peekOp()) {
      this.pos++;
      left = { kind: 'binary', op, left, right: this.power() };
    }
    return left;
  }

  private power(): Node {
    let left = this.unary();
    while (this.peekOp() === '^') {
      this.pos++;
      left = { kind: 'binary', op: '^', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    const op = this.peekOp();
    if (op === '-' || op === '+') {
      this.pos++;
      return { kind: 'unary', op, operand: this.unary() };
    }
    let node = this.primary();
    while (this.peekOp() === '%') {
      this.pos++;
      node = { kind: 'percent', operand: node };
    }
    return node;
  }

  private primary(): Node {
    const t = this.tokens[this.pos++];
    if (!t) throw new Error('Unexpected end of formula');
    switch (t.type) {
      case 'num':
        return { kind: 'value', value: t.value };
      case 'str':
        return { kind: 'value', value: t.value };
      case 'err':
        return { kind: 'error', code: t.code };
      case 'sref':
        return { kind: 'thisRow', table: t.table, column: thisRowColumn(t.inner) };
      case 'ref': {
        const [a, b] = t.text.split(':');
        const start = cellOf(a!);
        if (!b) return { kind: 'ref', ...start };
        const end = cellOf(b);
        return {
          kind: 'range',
          row: Math.min(start.row, end.row),
          column: Math.min(start.column, end.column),
          rowCount: Math.abs(end.row - start.row) + 1,
          columnCount: Math.abs(end.column - start.column) + 1,
        };
      }
      case 'name': {
        const upper = t.text.toUpperCase();
        if (this.peekOp() === '(') {
          this.pos++;
          const args: Node[] = [];
          if (this.peekOp() !== ')') {
            args.push(this.comparison());
            while (this.peekOp() === ',') {
              this.pos++;
              args.push(this.comparison());
            }
          }
          if (this.peekOp() !== ')') throw new Error('Missing )');
          this.pos++;
          return { kind: 'call', name: upper, args };
        }
        if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'value', value: upper === 'TRUE' };
        throw new Error(`Unknown name ${t.text}`);
      }
      case 'op':
        if (t.text === '(') {
          const inner = this.comparison();
          if (this.peekOp() !== ')') throw new Error('Missing )');
          this.pos++;
          return inner;
        }
        throw new Error(`Unexpected ${t.text}`);
    }
  }
}

type Value = Scalar | FormulaError | Scalar[];

function evaluate(node: Node, scope: FormulaScope): Value {
  switch (node.kind) {
    case 'value':
      return node.value;
    case 'error':
      return new FormulaError(node.code);
    case 'ref':
      return scope.cell(node.row, node.column);
    case 'range': {
      const values: Scalar[] = [];
      for (let r = 0; r < node.rowCount; r++) {
        for (let c = 0; c < node.columnCount; c++) values.push(scope.cell(node.row + r, node.column + c));
      }
      return values;
    }
    case 'thisRow':
      return scope.thisRow(node.column, node.table);
    case 'unary': {
      const v = toNumber(scalarOf(evaluate(node.operand, scope)));
      if (v instanceof FormulaError) return v;
      return node.op === '-' ? -v : v;
    }
    case 'percent': {
      const v = toNumber(scalarOf(evaluate(node.operand, scope)));
      return v instanceof FormulaError ? v : v / 100;
    }
    case 'binary':
      return binary(node.op, scalarOf(evaluate(node.left, scope)), scalarOf(evaluate(node.right, scope)));
    case 'call':
      return call(node.name, node.args, scope);
  }
}

function scalarOf(v: Value): Scalar | FormulaError {
  if (Array.isArray(v)) return v.length === 1 ? v[0]! : new FormulaError('#VALUE!');
  return v;
}

function isErrorText(v: Scalar): boolean {
  return typeof v === 'string' && /^#(VALUE!|DIV\/0!|NAME\?|REF!|N\/A|NUM!)$/.test(v);
}

function toNumber(v: Scalar | FormulaError): number | FormulaError {
  if (v instanceof FormulaError) return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === '') return 0;
  if (isErrorText(v)) return new FormulaError(v as FormulaErrorCode);
  const n = Number(v.trim());
  return v.trim() !== '' && Number.isFinite(n) ? n : new FormulaError('#VALUE!');
}

function toText(v: Scalar): string {
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

function binary(op: string, a: Scalar | FormulaError, b: Scalar | FormulaError): Value {
  if (a instanceof FormulaError) return a;
  if (b instanceof FormulaError) return b;
  if (isErrorText(a)) return new FormulaError(a as FormulaErrorCode);
  if (isErrorText(b)) return new FormulaError(b as FormulaErrorCode);
  if (op === '&') return toText(a) + toText(b);
  if (['=', '<>', '<', '>', '<=', '>='].includes(op)) {
    const cmp = compare(a, b);
    switch (op) {
      case '=':
        return cmp === 0;
      case '<>':
        return cmp !== 0;
      case '<':
        return cmp < 0;
      case '>':
        return cmp > 0;
      case '<=':
        return cmp <= 0;
      default:
        return cmp >= 0;
    }
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (x instanceof FormulaError) return x;
  if (y instanceof FormulaError) return y;
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return y === 0 ? new FormulaError('#DIV/0!') : x / y;
    case '^':
      return x ** y;
    default:
      return new FormulaError('#VALUE!');
  }
}

function compare(a: Scalar, b: Scalar): number {
  const rank = (v: Scalar) => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2);
  const na = a === '' && typeof b === 'number' ? 0 : a;
  const nb = b === '' && typeof a === 'number' ? 0 : b;
  if (rank(na) !== rank(nb)) return rank(na) - rank(nb);
  if (typeof na === 'string' && typeof nb === 'string') {
    const x = na.toLowerCase();
    const y = nb.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Number(na) - Number(nb);
}

function numbersOf(args: Node[], scope: FormulaScope): number[] | FormulaError {
  const out: number[] = [];
  for (const arg of args) {
    const v = evaluate(arg, scope);
    if (v instanceof FormulaError) return v;
    if (Array.isArray(v)) {
      for (const item of v) {
        if (isErrorText(item)) return new FormulaError(item as FormulaErrorCode);
        if (typeof item === 'number') out.push(item);
      }
    } else {
      const n = toNumber(v);
      if (n instanceof FormulaError) return n;
      out.push(n);
    }
  }
  return out;
}

function call(name: string, args: Node[], scope: FormulaScope): Value {
  switch (name) {
    case 'SUM':
    case 'MIN':
    case 'MAX':
    case 'AVERAGE': {
      const nums = numbersOf(args, scope);
      if (nums instanceof FormulaError) return nums;
      if (name === 'SUM') return nums.reduce((s, n) => s + n, 0);
      if (nums.length === 0) return name === 'AVERAGE' ? new FormulaError('#DIV/0!') : 0;
      if (name === 'MIN') return Math.min(...nums);
      if (name === 'MAX') return Math.max(...nums);
      return nums.reduce((s, n) => s + n, 0) / nums.length;
    }
    case 'ABS': {
      const v = toNumber(scalarOf(evaluate(args[0] ?? { kind: 'value', value: '' }, scope)));
      return v instanceof FormulaError ? v : Math.abs(v);
    }
    case 'ROUND': {
      const v = toNumber(scalarOf(evaluate(args[0] ?? { kind: 'value', value: '' }, scope)));
      const d = toNumber(scalarOf(evaluate(args[1] ?? { kind: 'value', value: 0 }, scope)));
      if (v instanceof FormulaError) return v;
      if (d instanceof FormulaError) return d;
      const f = 10 ** Math.trunc(d);
      return (Math.sign(v) * Math.round(Math.abs(v) * f + 1e-9)) / f;
    }
    case 'IF': {
      const cond = scalarOf(evaluate(args[0] ?? { kind: 'value', value: false }, scope));
      if (cond instanceof FormulaError) return cond;
      const truthy = typeof cond === 'string' ? cond !== '' && cond.toUpperCase() !== 'FALSE' : Boolean(cond);
      const branch = truthy ? args[1] : args[2];
      return branch ? evaluate(branch, scope) : truthy;
    }
    case 'IFERROR': {
      const v = scalarOf(evaluate(args[0] ?? { kind: 'value', value: '' }, scope));
      if (v instanceof FormulaError || (typeof v === 'string' && isErrorText(v))) {
        return args[1] ? evaluate(args[1], scope) : '';
      }
      return v;
    }
    default:
      return new FormulaError('#NAME?');
  }
}
