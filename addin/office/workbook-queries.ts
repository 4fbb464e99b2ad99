/// <reference types="office-js" />
// The queries saved in the workbook: which dataset and filters fill each Ledgerline table, so a
// reopened workbook (or a colleague's copy) refreshes each table in place. They live in the
// workbook's settings (ExcelApi 1.4, kept in the file per add-in) under one key:
//
//   "ledgerline.queries": { "version": 1, "queries": [
//     { "tableName": "llAging_DE01", "sheetName": "Aging DE01", "datasetId": "aging",
//       "filters": { "asOf": "2026-11-30", "entityCode": "DE01" },
//       "title": "Aging · DE01 · as of 2026-11-30", "pulledAt": "2026-11-30T09:12:00.000Z" } ] }
//
// Settings travel with the file: nothing secret goes in (no token, no server, no user). The
// workbook is shared, so what is read is checked entry by entry: a hand-edited or foreign entry
// is skipped and reported, and left in the setting as it was when another entry is saved.

import { OfficeLayerError } from './errors.js';
import { EXCEL_API_FLOOR, requireExcelApi } from './requirements.js';

export const QUERIES_SETTING_KEY = 'ledgerline.queries';
const FORMAT_VERSION = 1;
/** Excel.SettingCollection. */
const EXCEL_API_SETTINGS = '1.4';

export interface WorkbookQuery {
  /** The Excel table the query fills: its identity in the workbook. */
  tableName: string;
  /** The sheet the table was created on. */
  sheetName: string;
  datasetId: string;
  /** The filters the table was pulled with, by filter key. */
  filters: Record<string, string>;
  /** How the pane lists it, e.g. "Aging · DE01 · as of 2026-11-30". */
  title: string;
  /** When it was last pulled (ISO 8601). */
  pulledAt?: string;
}

export interface SavedWorkbookQuery extends WorkbookQuery {
  /** Whether the table is in the workbook now (the user may have deleted it). When it is, `sheetName` is its sheet now. */
  inWorkbook: boolean;
}

export interface WorkbookQueries {
  queries: SavedWorkbookQuery[];
  /** Entries of the setting that could not be read, each said plainly; they were skipped. */
  ignored: string[];
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/;
const MAX_TEXT = 500;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown, max = MAX_TEXT): value is string => typeof value === 'string' && value.length <= max;

/** Why a sheet name cannot be used in Excel, or null: 1–31 characters, none of [ ] : * ? / \, no apostrophe at either end. */
export function sheetNameProblem(name: string): string | null {
  if (name.trim() === '' || name.length > 31) return 'a sheet name has 1 to 31 characters';
  if (SHEET_NAME_FORBIDDEN.test(name)) return 'a sheet name cannot contain [ ] : * ? / \\';
  if (name.startsWith("'") || name.endsWith("'")) return 'a sheet name cannot begin or end with an apostrophe';
  return null;
}

/** One entry of the setting as a query, or why it is not one. Only the known fields are kept. */
export function parseWorkbookQuery(entry: unknown): WorkbookQuery | string {
  if (!isRecord(entry)) return 'not an object';
  const { tableName, sheetName, datasetId, filters, title, pulledAt } = entry;
  if (!isText(tableName) || !TABLE_NAME.test(tableName)) return 'no valid table name (letters, digits and underscores)';
  if (!isText(sheetName)) return 'no sheet name';
  const sheetProblem = sheetNameProblem(sheetName);
  if (sheetProblem) return `sheet name "${sheetName}": ${sheetProblem}`;
  if (!isText(datasetId) || !IDENTIFIER.test(datasetId)) return 'no dataset';
  if (!isRecord(filters)) return 'no filters';
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (!IDENTIFIER.test(key) || !isText(value)) return `filter "${key}" is not a text value`;
    kept[key] = value;
  }
  if (!isText(title) || title.trim() === '') return 'no title';
  if (pulledAt !== undefined && !(isText(pulledAt, 40) && !Number.isNaN(Date.parse(pulledAt)))) return 'pulledAt is not a date and time';
  return { tableName, sheetName, datasetId, filters: kept, title, ...(pulledAt === undefined ? {} : { pulledAt }) };
}

/** The raw entries of the setting's value; `problem` when the value as a whole is not ours to read. */
function entriesOf(value: unknown): { entries: unknown[]; problem?: string } {
  if (value === null || value === undefined) return { entries: [] };
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
  }
  if (isRecord(parsed) && Array.isArray(parsed.queries)) return { entries: parsed.queries };
  if (Array.isArray(parsed)) return { entries: parsed };
  return { entries: [], problem: `The workbook setting "${QUERIES_SETTING_KEY}" is not a list of tables; it was ignored.` };
}

const sameTable = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The setting's value read as queries: valid entries, and what was skipped and why. Pure, for tests. */
export function parseQueriesSetting(value: unknown): { queries: WorkbookQuery[]; ignored: string[] } {
  const { entries, problem } = entriesOf(value);
  const queries: WorkbookQuery[] = [];
  const ignored: string[] = problem ? [problem] : [];
  entries.forEach((entry, i) => {
    const parsed = parseWorkbookQuery(entry);
    const named = isRecord(entry) && typeof entry.tableName === 'string' ? ` (${entry.tableName.slice(0, 40)})` : '';
    if (typeof parsed === 'string') ignored.push(`Saved table ${i + 1}${named}: ${parsed}.`);
    else if (queries.some((q) => sameTable(q.tableName, parsed.tableName))) ignored.push(`Saved table ${i + 1}${named}: listed twice; the first is used.`);
    else queries.push(parsed);
  });
  return { queries, ignored };
}

function queryOrThrow(query: WorkbookQuery): WorkbookQuery {
  const parsed = parseWorkbookQuery(query);
  if (typeof parsed === 'string') throw new OfficeLayerError('InvalidLayout', `Cannot save the query of table ${query.tableName}: ${parsed}.`);
  return parsed;
}

async function loadSettingValue(context: Excel.RequestContext): Promise<unknown> {
  const setting = context.workbook.settings.getItemOrNullObject(QUERIES_SETTING_KEY);
  setting.load('value');
  await context.sync();
  return setting.isNullObject ? null : setting.value;
}

/** Writes the whole list back (a setting holds one value). A value that was not ours to read is replaced. */
function storeSetting(context: Excel.RequestContext, entries: unknown[]): void {
  context.workbook.settings.add(QUERIES_SETTING_KEY, { version: FORMAT_VERSION, queries: entries });
}

/** The saved queries, whether each table is still in the workbook and on which sheet (three syncs at most). */
export async function readWorkbookQueries(): Promise<WorkbookQueries> {
  requireExcelApi(EXCEL_API_SETTINGS, 'Saved tables');
  return Excel.run(async (context) => {
    const { queries, ignored } = parseQueriesSetting(await loadSettingValue(context));
    if (queries.length === 0) return { queries: [], ignored };
    const tables = queries.map((q) => context.workbook.tables.getItemOrNullObject(q.tableName));
    await context.sync();
    const sheets = tables.map((table) => (table.isNullObject ? null : table.worksheet.load('name')));
    if (sheets.some((sheet) => sheet !== null)) await context.sync();
    return {
      queries: queries.map((q, i) => ({ ...q, sheetName: sheets[i]?.name ?? q.sheetName, inWorkbook: sheets[i] !== null })),
      ignored,
    };
  });
}

/** Saves a query in place of any entry of the same table; other entries (even unreadable ones) stay as they are. */
export async function saveWorkbookQuery(query: WorkbookQuery): Promise<void> {
  const clean = queryOrThrow(query);
  requireExcelApi(EXCEL_API_SETTINGS, 'Saving a table’s query');
  await Excel.run(async (context) => {
    const { entries } = entriesOf(await loadSettingValue(context));
    const isThisTable = (e: unknown) => isRecord(e) && typeof e.tableName === 'string' && sameTable(e.tableName, clean.tableName);
    const at = entries.findIndex(isThisTable);
    const others = entries.filter((e) => !isThisTable(e));
    if (at >= 0) others.splice(at, 0, clean);
    else others.push(clean);
    storeSetting(context, others);
    await context.sync();
  });
}

/** Removes the table's query from the workbook (the table itself stays). */
export async function forgetWorkbookQuery(tableName: string): Promise<void> {
  requireExcelApi(EXCEL_API_SETTINGS, 'Forgetting a saved table');
  await Excel.run(async (context) => {
    const { entries } = entriesOf(await loadSettingValue(context));
    const kept = entries.filter((e) => !(isRecord(e) && typeof e.tableName === 'string' && sameTable(e.tableName, tableName)));
    if (kept.length === entries.length) return;
    storeSetting(context, kept);
    await context.sync();
  });
}

/** The sheet and table names taken in the workbook, so a new table's names can be made unique (one sync). */
export async function readWorkbookNames(): Promise<{ sheetNames: string[]; tableNames: string[] }> {
  requireExcelApi(EXCEL_API_FLOOR, 'Naming a new table');
  return Excel.run(async (context) => {
    const sheets = context.workbook.worksheets.load('items/name');
    const tables = context.workbook.tables.load('items/name');
    await context.sync();
    return { sheetNames: sheets.items.map((s) => s.name), tableNames: tables.items.map((t) => t.name) };
  });
}
