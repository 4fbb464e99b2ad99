// What the pane says: the wording of every notice a pull, a push or a settled conflict shows,
// and of the note on a conflicting cell. The workflow decides which one; this file words it.
import { displayCell } from '../sheets/cells.js';
import type { Conflict, ConflictCell } from '../sheets/push.js';

export interface Notice {
  intent: 'success' | 'info' | 'warning' | 'error';
  title: string;
  text?: string;
  /** A button on the notice: what it does (the pane wires it to the session). */
  action?: { label: string; run: 'restoreHeaders' };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const was = (n: number) => (n === 1 ? 'was' : 'were');
const quoted = (sheetName: string) => `“${sheetName}”`;

export function pulled(result: {
  refreshed: boolean;
  rows: number;
  sheetName: string;
  scope: string | undefined;
  kept: number;
  lost: number;
  added?: number;
  removed?: number;
  notRemoved?: number;
  restoredHeaders?: string[];
  ownRows?: number;
}): Notice {
  const { scope, kept, lost, added = 0, removed = 0, notRemoved = 0, restoredHeaders = [], ownRows = 0 } = result;
  const sentences = [
    scope ? `${scope[0]!.toUpperCase()}${scope.slice(1)}.` : '',
    added > 0 ? `${plural(added, 'new row')} added at the end.` : '',
    removed > 0 ? `${plural(removed, 'row')} no longer in the results ${was(removed)} removed.` : '',
    notRemoved > 0 ? `${plural(notRemoved, 'row')} no longer in the results could not be removed because the table is filtered: clear the filter and refresh.` : '',
    restoredHeaders.length > 0 ? `Header${restoredHeaders.length > 1 ? 's' : ''} ${restoredHeaders.map((h) => `“${h}”`).join(', ')} put back.` : '',
    kept > 0 ? `Your ${plural(kept, 'unpushed change')} ${was(kept)} kept.` : '',
    ownRows > 0 ? `${plural(ownRows, 'row')} of yours ${ownRows === 1 ? 'is' : 'are'} listed below, kept as you left ${ownRows === 1 ? 'it' : 'them'}.` : '',
    lost > 0 ? `${plural(lost, 'change')} to rows no longer in the dataset ${was(lost)} dropped.` : '',
  ];
  return {
    intent: lost > 0 || notRemoved > 0 ? 'warning' : 'success',
    title: `${result.refreshed ? 'Refreshed' : 'Pulled'} ${plural(result.rows, 'row')} into ${quoted(result.sheetName)}`,
    text: sentences.filter(Boolean).join(' ') || undefined,
  };
}

export function pullCancelledWhileWriting(written: number, total: number, sheetName: string): Notice {
  return { intent: 'warning', title: 'Pull cancelled', text: `${plural(written, 'row')} of ${total.toLocaleString('en-US')} written to ${quoted(sheetName)}. Refresh to get them all.` };
}

export function pullCancelledBeforeWriting(fetched: number): Notice {
  return { intent: 'info', title: 'Pull cancelled', text: fetched > 0 ? `Stopped after fetching ${plural(fetched, 'row')}; the sheet was not changed.` : 'The sheet was not changed.' };
}

export function pullFailed(datasetTitle: string, error: Error, tableName?: string): Notice {
  const code = (error as { code?: string }).code;
  if (code === 'AccessDenied' || /protected sheet/i.test(error.message)) {
    return {
      intent: 'error',
      title: `Could not pull ${datasetTitle.toLowerCase()}: the sheet is protected`,
      text: `Unprotect the sheet of ${tableName ?? 'the table'} (Review ▸ Unprotect Sheet), then refresh. Nothing was changed. (${error.message})`,
    };
  }
  return { intent: 'error', title: `Could not pull ${datasetTitle.toLowerCase()}`, text: error.message };
}

export function headerMissing(error: Error): Notice {
  return { intent: 'error', title: 'A column header was renamed or deleted', text: error.message, action: { label: 'Restore headers', run: 'restoreHeaders' } };
}

export function headersRestored(headers: string[]): Notice {
  return headers.length > 0
    ? { intent: 'success', title: `Header${headers.length > 1 ? 's' : ''} restored`, text: `${headers.map((h) => `“${h}”`).join(', ')} ${headers.length > 1 ? 'are' : 'is'} back; your changes in ${headers.length > 1 ? 'those columns' : 'that column'} are read again.` }
    : { intent: 'info', title: 'Headers checked', text: 'Every column is in place (a deleted one was added back at the end of the table).' };
}

export function editsFromBeforeThePane(found: number, sheetName: string): Notice {
  return {
    intent: 'warning',
    title: `${plural(found, 'change')} in ${quoted(sheetName)} not pushed yet`,
    text: 'Made before the pane was opened. Keep them over the server’s latest values, or discard them; they can also be pushed as they are.',
  };
}

export function sheetUnreadable(error: Error): Notice {
  return { intent: 'error', title: 'Could not read the sheet', text: error.message };
}

export const NOTHING_TO_PUSH: Notice = { intent: 'info', title: 'Nothing to push', text: 'No cell in the editable columns differs from what was pulled.' };

export const SETTLE_CONFLICTS_FIRST: Notice = { intent: 'warning', title: 'Settle the conflicts first', text: 'For each conflict, keep your value or take the server’s; then push again.' };

export const NOTHING_SELECTED: Notice = { intent: 'info', title: 'Nothing to send', text: 'No row of the table is marked to be sent.' };

export function valuesToFix(count: number): Notice {
  return { intent: 'error', title: `${plural(count, 'value')} to fix before pushing`, text: 'They are marked in the sheet and listed below. Nothing was sent.' };
}

export function rowsThatCannotBeSent(count: number): Notice {
  return { intent: 'error', title: `${plural(count, 'row')} cannot be sent as they are`, text: 'See the list below. Nothing was sent.' };
}

export function pushFailed(error: Error): Notice {
  return { intent: 'error', title: 'Push failed', text: error.message };
}

/** One notice for a push of several batches: the most serious wins; the lists below carry the details. */
export function pushed(outcome: { cells: number; created?: number; done?: string[]; batches: string[]; conflicts: number; refused: number; failure: Error | null }): Notice | null {
  const notices: Notice[] = [];
  const created = outcome.created ?? 0;
  const done = outcome.done ?? [];
  if (outcome.cells > 0 || created > 0) {
    const what = [outcome.cells > 0 ? plural(outcome.cells, 'change') : '', created > 0 ? plural(created, 'new row') : ''].filter(Boolean).join(' and ');
    notices.push({ intent: 'success', title: [`Pushed ${what}`, ...done].join('; '), text: `${outcome.batches.join(' and ')} saved; versions updated in the sheet.` });
  } else if (done.length > 0) {
    // Acts rather than cell changes (letters sent): their own words, and the sheet says what each row got.
    notices.push({ intent: 'success', title: done.join('; '), text: 'The sheet shows the result on each row.' });
  }
  if (outcome.conflicts > 0) {
    notices.push({
      intent: 'warning',
      title: `${plural(outcome.conflicts, 'row')} changed on the server since your pull`,
      text: 'Nothing in that batch was written. For each, keep your value or take the server’s, then push again.',
    });
  }
  if (outcome.refused > 0) notices.push({ intent: 'error', title: `The server refused ${plural(outcome.refused, 'value')}`, text: 'Nothing in that batch was written. Fix the values listed below and push again.' });
  if (outcome.failure) {
    notices.push({
      intent: 'error',
      title: 'Push did not complete',
      text: `${outcome.failure.message} Your changes are still pending. Pushing again resends the same batch with the same key, so nothing is applied twice.`,
    });
  }
  const order = ['error', 'warning', 'success', 'info'];
  notices.sort((a, b) => order.indexOf(a.intent) - order.indexOf(b.intent));
  const first = notices[0];
  if (first && notices.length > 1 && (outcome.cells > 0 || created > 0 || done.length > 0)) first.text = `${first.text ?? ''} (${notices.find((n) => n.intent === 'success')!.title}.)`.trim();
  return first ?? null;
}

export function settled(conflicts: Conflict[], choice: 'mine' | 'server'): Notice {
  const values = conflicts.length === 1 ? 'value' : 'values';
  const labels = conflicts.map((c) => c.label).join(', ');
  return choice === 'mine'
    ? { intent: 'info', title: `Kept your ${values} for ${labels}`, text: 'Now based on the server’s latest version: push to send.' }
    : { intent: 'info', title: `Took the server’s ${values} for ${labels}`, text: 'The sheet now shows what the server holds.' };
}

/** The note on a cell whose row changed on the server. */
export function conflictNote(cell: ConflictCell, version: number | null): string {
  return `Changed on the server: ${displayCell(cell.server, cell.kind)} (version ${version ?? 'none'}). Yours: ${displayCell(cell.mine, cell.kind)}.`;
}
