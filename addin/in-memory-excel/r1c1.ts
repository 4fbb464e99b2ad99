// R1C1 notation for Range.formulasR1C1 (ExcelApi 1.2,
// https://learn.microsoft.com/en-us/javascript/api/excel/excel.range#excel-excel-range-formulasr1c1-member):
// R2C3 is absolute, R[1]C[-2] is relative to the formula's own cell, a bare R or C means the same
// row or column. Only A1 cell and range references are rewritten; structured references, strings
// and names are left as they are.
import { columnIndex, columnLetters } from './a1.js';
import { outsideLiterals } from './formula.js';

function part(axis: 'R' | 'C', dollar: string, ref: number, own: number): string {
  if (dollar) return `${axis}${ref + 1}`;
  return ref === own ? axis : `${axis}[${ref - own}]`;
}

/** The formula of the cell at (row, column), 0-based, written in R1C1 notation. */
export function toR1C1(formula: string, row: number, column: number): string {
  if (!formula.startsWith('=')) return formula;
  return outsideLiterals(formula, (code) =>
    code.replace(/(^|[^A-Za-z0-9_.$!])(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(])/g, (_m, pre: string, dc: string, col: string, dr: string, r: string) =>
      `${pre}${part('R', dr, Number(r) - 1, row)}${part('C', dc, columnIndex(col), column)}`,
    ),
  );
}

function a1Part(text: string | undefined, own: number): { index: number; absolute: boolean } {
  if (text === undefined || text === '') return { index: own, absolute: false };
  if (text.startsWith('[')) return { index: own + Number(text.slice(1, -1)), absolute: false };
  return { index: Number(text) - 1, absolute: true };
}

/**
 * Splits an R1C1 formula into code and literals: strings, and structured references ("[@Total]",
 * "Table1[Amount]") which stay as they are; a bracket right after R or C is a relative offset
 * ("R[1]C[-2]") and belongs to the code.
 */
function outsideR1C1Literals(formula: string, rewrite: (code: string) => string): string {
  let out = '';
  let code = '';
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < formula.length && !(formula[j] === '"' && formula[j + 1] !== '"')) j += formula[j] === '"' ? 2 : 1;
      out += rewrite(code) + formula.slice(i, j + 1);
      code = '';
      i = j + 1;
    } else if (ch === '[' && !/(?:^|[^A-Za-z0-9_.$!])R(?:\[-?\d+\]|\d+)?C?$/i.test(code)) {
      let depth = 0;
      let j = i;
      for (; j < formula.length; j++) {
        if (formula[j] === '[') depth++;
        else if (formula[j] === ']' && --depth === 0) break;
      }
      out += rewrite(code) + formula.slice(i, j + 1);
      code = '';
      i = j + 1;
    } else {
      code += ch;
      i++;
    }
  }
  return out + rewrite(code);
}

/** An R1C1 formula entered at (row, column), 0-based, written in A1 notation. */
export function fromR1C1(formula: string, row: number, column: number): string {
  if (!formula.startsWith('=')) return formula;
  return outsideR1C1Literals(formula, (code) =>
    code.replace(/(^|[^A-Za-z0-9_.$!])R(\[-?\d+\]|\d+)?C(\[-?\d+\]|\d+)?(?![A-Za-z0-9_(])/gi, (_m, pre: string, r?: string, c?: string) => {
      const rr = a1Part(r, row);
      const cc = a1Part(c, column);
      if (rr.index < 0 || cc.index < 0) return `${pre}#REF!`;
      return `${pre}${cc.absolute ? '$' : ''}${columnLetters(cc.index)}${rr.absolute ? '$' : ''}${rr.index + 1}`;
    }),
  );
}
