// One dataset's life in the workbook: pull it into its table, watch the sheet for edits
// (diffing against the values pulled), check them, push them as batch mutations, and settle
// conflicts. No React here: components subscribe to its state; tests drive it with fakes.
import type { LedgerApi } from '../api/client.js';
import { isAbort } from '../api/client.js';
import type { CellMark, ColumnKind, MarkedCell, WriteResult } from '../office/contract.js';
import { displayCell } from '../sheets/cells.js';
import { adoptBaseline, diffEdits, overlayEdits } from '../sheets/diff.js';
import type { OfficeLayerError } from '../office/errors.js';
import { batchSignature, batchVariables, patchRows, planBatches, readOutcome, type Conflict } from '../sheets/push.js';
import { columnOf, rowKeyOf, type DatasetLayout, type Edit, type Filters, type Problem, type Row } from '../sheets/types.js';
import { sameCell } from '../sheets/cells.js';
import { validateEdits } from '../sheets/validate.js';
import type { OfficeFunctions } from './office-functions.js';

export type Phase = 'idle' | 'fetching' | 'writing' | 'checking' | 'pushing';

export interface Notice {
  intent: 'success' | 'info' | 'warning' | 'error';
  title: string;
  text?: string;
}

/** An edit or a problem as the pane lists it. */
export interface Listed {
  rowKey: string;
  row: number;
  column: string;
  label: string;
  header: string;
  kind: ColumnKind;
}
export interface PendingEdit extends Listed {
  before: string;
  after: string;
}
export interface ListedProblem extends Listed {
  message: string;
}

export interface SessionState {
  phase: Phase;
  progress: { done: number; total: number | null } | null;
  /** Whether the pane knows what the table was pulled as (its own pull, or one found in the sheet): edits are diffed against it. */
  pulled: boolean;
  rowCount: number;
  edits: PendingEdit[];
  problems: ListedProblem[];
  conflicts: Conflict[];
  notice: Notice | null;
  lastWrite: WriteResult | null;
  /**
   * A refresh found edits in a table pulled before the pane was opened: the pane asks whether
   * to keep them before anything is written (the edits are listed and can be pushed as they are).
   */
  askToKeepEdits: boolean;
}

export interface SessionDeps {
  layout: DatasetLayout;
  office: OfficeFunctions;
  api: LedgerApi;
  today: () => string;
  newKey: () => string;
  /** Milliseconds to wait after an edit event before reading the sheet. */
  scanDelayMs?: number;
}

const INITIAL: SessionState = {
  phase: 'idle',
  progress: null,
  pulled: false,
  rowCount: 0,
  edits: [],
  problems: [],
  conflicts: [],
  notice: null,
  lastWrite: null,
  askToKeepEdits: false,
};

const cellId = (rowKey: string, column: string) => `${rowKey}\u0000${column}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export class DatasetSession {
  readonly layout: DatasetLayout;
  private state: SessionState = INITIAL;
  private readonly listeners = new Set<() => void>();
  private baseline: Row[] | null = null;
  /** Idempotency keys by payload: a retry of the same batch reuses its key. */
  private readonly keys = new Map<string, string>();
  /** Marks on the sheet now, by cell, so only changes are sent. */
  private marks = new Map<string, { mark: CellMark; note?: string }>();
  /** Values the server refused at the last push, until the cell changes. */
  private serverProblems: (Problem & { value: unknown })[] = [];
  private controller: AbortController | null = null;
  private unlisten: (() => void | Promise<void>) | null = null;
  private ownWrites = 0;
  private scanTimer: ReturnType<typeof setTimeout> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: SessionDeps) {
    this.layout = deps.layout;
  }

  getState = (): SessionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Runs sheet work one job at a time (a scan never interleaves with a push or a write). */
  private serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private get table() {
    return this.layout.table;
  }

  /** Pulls the dataset into its table (refreshing in place). keepEdits: put unpushed edits back. */
  pull(filters: Filters, options: { keepEdits?: boolean } = {}): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    this.set({ phase: 'fetching', progress: { done: 0, total: null }, notice: null, askToKeepEdits: false });
    return this.serial(async () => {
      let fetched = 0;
      let written: WriteResult | null = null;
      /** Once writing starts, the sheet holds the new rows written so far (the Office layer trims the rest on cancel). */
      let writing: { baseline: Row[]; total: number; done: number } | null = null;
      try {
        const fresh = await this.layout.pull(filters, {
          api: this.deps.api,
          signal,
          onFetched: (done, total) => {
            fetched = done;
            this.set({ progress: { done, total } });
          },
        });
        fetched = fresh.length;
        if (!this.baseline && this.layout.push && (await this.adoptEarlierPull(fresh, options))) return;
        let sheet = fresh;
        let baseline = fresh;
        let kept = 0;
        let lost = 0;
        if (options.keepEdits && this.baseline) {
          const current = await this.deps.office.readTable(this.table);
          ({ sheet, baseline, kept, lost } = overlayEdits(this.layout, fresh, current, diffEdits(this.baseline, current, this.layout)));
        }
        if (signal.aborted) throw new DOMException('Cancelled', 'AbortError');
        this.set({ phase: 'writing', progress: { done: 0, total: sheet.length } });
        writing = { baseline, total: sheet.length, done: 0 };
        this.ownWrites += 1;
        try {
          written = await this.deps.office.writeTable(this.table, sheet, {
            signal,
            onProgress: (done, total) => {
              writing!.done = done;
              this.set({ progress: { done, total } });
            },
          });
          if (this.layout.chart && sheet.length > 0 && !signal.aborted) await this.deps.office.addOrUpdateChart(this.table, this.layout.chart);
        } finally {
          this.ownWrites -= 1;
        }
        // The baseline is every row fetched; a cancelled write leaves fewer in the sheet, and
        // rows missing from the sheet simply have no edits.
        this.baseline = baseline;
        this.serverProblems = [];
        this.set({ pulled: true, rowCount: sheet.length, conflicts: [], lastWrite: written });
        await this.listen();
        const where = `“${this.table.sheetName}”`;
        const scope = this.layout.describeFilters?.(filters);
        let notice: Notice;
        if (signal.aborted) {
          notice = { intent: 'warning', title: 'Pull cancelled', text: `${plural(written?.rows ?? 0, 'row')} of ${sheet.length.toLocaleString('en-US')} written to ${where}. Refresh to get them all.` };
        } else {
          const keptText = kept > 0 ? ` Your ${plural(kept, 'unpushed change')} ${kept === 1 ? 'was' : 'were'} kept.` : '';
          const lostText = lost > 0 ? ` ${plural(lost, 'change')} to rows no longer in the dataset ${lost === 1 ? 'was' : 'were'} dropped.` : '';
          notice = {
            intent: lost > 0 ? 'warning' : 'success',
            title: `${written?.refreshed ? 'Refreshed' : 'Pulled'} ${plural(sheet.length, 'row')} into ${where}`,
            text: `${scope ? `${scope[0]!.toUpperCase()}${scope.slice(1)}.` : ''}${keptText}${lostText}`.trim() || undefined,
          };
        }
        await this.scanNow();
        // Shown with the pane idle again, so the notice and the enabled buttons arrive together.
        this.set({ notice, phase: 'idle', progress: null });
      } catch (error) {
        if ((isAbort(error) || signal.aborted) && writing) {
          // Cancelled while writing: the table holds the first rows of the new pull.
          this.baseline = writing.baseline;
          this.set({
            pulled: true,
            rowCount: writing.done,
            conflicts: [],
            notice: { intent: 'warning', title: 'Pull cancelled', text: `${plural(writing.done, 'row')} of ${writing.total.toLocaleString('en-US')} written to “${this.table.sheetName}”. Refresh to get them all.` },
          });
          await this.listen().catch(() => undefined);
          await this.scanNow();
        } else if (isAbort(error) || signal.aborted) {
          this.set({ notice: { intent: 'info', title: 'Pull cancelled', text: fetched > 0 ? `Stopped after fetching ${plural(fetched, 'row')}; the sheet was not changed.` : 'The sheet was not changed.' } });
        } else {
          this.set({ notice: { intent: 'error', title: `Could not pull ${this.layout.title.toLowerCase()}`, text: (error as Error).message } });
        }
      } finally {
        if (this.controller === controller) this.controller = null;
        this.set({ phase: 'idle', progress: null });
      }
    });
  }

  cancel(): void {
    this.controller?.abort();
  }

  /**
   * The table is in the workbook from before this pane (reopened, or the workbook saved and
   * opened again): take its baseline from the server's rows of the same versions, so edits made
   * back then are seen. True when there are some and the user has not said whether to keep
   * them: then nothing is written and the pane asks.
   */
  private async adoptEarlierPull(fresh: Row[], options: { keepEdits?: boolean }): Promise<boolean> {
    let current: Row[];
    try {
      current = await this.deps.office.readTable(this.table);
    } catch (error) {
      if ((error as Partial<OfficeLayerError>).code === 'TableNotFound') return false;
      throw error;
    }
    if (current.length === 0) return false;
    this.baseline = adoptBaseline(this.layout, fresh, current);
    const found = diffEdits(this.baseline, current, this.layout).length;
    if (found === 0 || options.keepEdits !== undefined) return false;
    this.set({ pulled: true, rowCount: current.length, conflicts: [] });
    await this.listen();
    await this.scanNow();
    this.set({
      askToKeepEdits: true,
      notice: {
        intent: 'warning',
        title: `${plural(found, 'change')} in “${this.table.sheetName}” not pushed yet`,
        text: 'Made before the pane was opened. Keep them over the server’s latest values, or discard them; they can also be pushed as they are.',
      },
    });
    return true;
  }

  /** The user closed the keep-or-discard question without refreshing: the edits stay pending. */
  dismissKeepEdits(): void {
    this.set({ askToKeepEdits: false });
  }

  private async listen(): Promise<void> {
    if (this.unlisten || !this.layout.push) return;
    this.unlisten = await this.deps.office.onTableEdited(this.table, () => {
      if (this.ownWrites > 0) return;
      this.scheduleScan();
    });
  }

  private scheduleScan(): void {
    if (this.scanTimer) clearTimeout(this.scanTimer);
    this.scanTimer = setTimeout(() => {
      this.scanTimer = null;
      void this.scan();
    }, this.deps.scanDelayMs ?? 250);
  }

  /** Reads the sheet and lists the edits, checking each value as it stands. */
  scan(): Promise<void> {
    return this.serial(async () => void (await this.scanNow()));
  }

  private async scanNow(): Promise<Row[] | null> {
    if (!this.baseline || !this.layout.push) return null;
    try {
      const current = await this.deps.office.readTable(this.table);
      this.showEdits(current);
      await this.applyMarks(current);
      return current;
    } catch (error) {
      this.set({ notice: { intent: 'error', title: 'Could not read the sheet', text: (error as Error).message } });
      return null;
    }
  }

  private showEdits(current: Row[]): void {
    const edits = diffEdits(this.baseline!, current, this.layout);
    const { problems } = validateEdits(edits, current, this.layout);
    const rowIndex = new Map(current.map((row, i) => [rowKeyOf(this.layout, row), i] as const));
    // A refused value stays listed until the cell changes.
    this.serverProblems = this.serverProblems.filter((p) => {
      const i = rowIndex.get(p.rowKey);
      if (i === undefined) return p.rowKey === '';
      p.row = i;
      return sameCell(current[i]![p.column], p.value as never, columnOf(this.layout, p.column).kind);
    });
    const conflicts = this.state.conflicts.map((c) => ({ ...c, row: rowIndex.get(c.rowKey) ?? c.row }));
    this.set({
      edits: edits.map((e) => this.listEdit(e, current)),
      problems: [...problems, ...this.serverProblems].map((p) => this.listProblem(p, current)),
      conflicts,
    });
  }

  private listed(p: { rowKey: string; row: number; column: string }, current: Row[]): Listed {
    const column = p.column ? columnOf(this.layout, p.column) : null;
    const row = current[p.row];
    return { rowKey: p.rowKey, row: p.row, column: p.column, label: row ? this.layout.rowLabel(row) : '', header: column?.header ?? '', kind: column?.kind ?? 'text' };
  }

  private listEdit(edit: Edit, current: Row[]): PendingEdit {
    const listed = this.listed(edit, current);
    return { ...listed, before: displayCell(edit.before, listed.kind), after: displayCell(edit.after, listed.kind) };
  }

  private listProblem(problem: Problem, current: Row[]): ListedProblem {
    return { ...this.listed(problem, current), message: problem.message };
  }

  /** Conflict beats invalid beats pending; cells no longer in any list are cleared. */
  private async applyMarks(current: Row[]): Promise<void> {
    const wanted = new Map<string, { mark: CellMark; note?: string }>();
    for (const edit of this.state.edits) wanted.set(cellId(edit.rowKey, edit.column), { mark: 'pending' });
    for (const problem of this.state.problems) if (problem.column) wanted.set(cellId(problem.rowKey, problem.column), { mark: 'invalid', note: problem.message });
    for (const conflict of this.state.conflicts) {
      for (const cell of conflict.cells) {
        wanted.set(cellId(conflict.rowKey, cell.column), {
          mark: 'conflict',
          note: `Changed on the server: ${displayCell(cell.server, cell.kind)} (version ${conflict.version ?? 'none'}). Yours: ${displayCell(cell.mine, cell.kind)}.`,
        });
      }
    }
    const rowIndex = new Map(current.map((row, i) => [rowKeyOf(this.layout, row), i] as const));
    const cells: MarkedCell[] = [];
    const next = new Map<string, { mark: CellMark; note?: string }>();
    for (const [id, want] of wanted) {
      const [rowKey, column] = id.split('\u0000') as [string, string];
      const row = rowIndex.get(rowKey);
      if (row === undefined) continue;
      next.set(id, want);
      const had = this.marks.get(id);
      if (!had || had.mark !== want.mark || had.note !== want.note) cells.push({ row, column, mark: want.mark, ...(want.note ? { note: want.note } : {}) });
    }
    for (const id of this.marks.keys()) {
      if (next.has(id)) continue;
      const [rowKey, column] = id.split('\u0000') as [string, string];
      const row = rowIndex.get(rowKey);
      if (row !== undefined) cells.push({ row, column, mark: 'none' });
    }
    this.marks = next;
    if (cells.length > 0) await this.deps.office.markCells(this.table, cells);
  }

  /** Checks the edits, then sends each batch; versions come back into the sheet, or conflicts are listed. */
  push(): Promise<void> {
    this.set({ phase: 'checking', notice: null });
    return this.serial(async () => {
      try {
        const current = await this.scanNow();
        if (!current) return;
        const edits = diffEdits(this.baseline!, current, this.layout);
        if (edits.length === 0) {
          this.set({ notice: { intent: 'info', title: 'Nothing to push', text: 'No cell in the editable columns differs from what was pulled.' } });
          return;
        }
        const { rows, problems } = validateEdits(edits, current, this.layout);
        if (problems.length > 0 || this.state.conflicts.length > 0) {
          this.set({
            notice: this.state.conflicts.length > 0
              ? { intent: 'warning', title: 'Settle the conflicts first', text: 'For each conflict, keep your value or take the server’s; then push again.' }
              : { intent: 'error', title: `${plural(problems.length, 'value')} to fix before pushing`, text: 'They are marked in the sheet and listed below. Nothing was sent.' },
          });
          return;
        }
        this.set({ phase: 'pushing' });
        const planned = await planBatches(this.layout, rows, { api: this.deps.api, today: this.deps.today() });
        if (planned.problems.length > 0) {
          this.serverProblems = planned.problems.map((p) => ({ ...p, value: current[p.row]?.[p.column] }));
          this.showEdits(current);
          await this.applyMarks(current);
          this.set({ notice: { intent: 'error', title: `${plural(planned.problems.length, 'row')} cannot be sent as they are`, text: 'See the list below. Nothing was sent.' } });
          return;
        }

        const updates: { rowKey: string; cells: Row }[] = [];
        const conflicts: Conflict[] = [];
        const refused: Problem[] = [];
        const pushedBatches: string[] = [];
        let pushedCells = 0;
        let failure: Error | null = null;
        for (const batch of planned.batches) {
          const signature = batchSignature(batch);
          const key = this.keys.get(signature) ?? this.deps.newKey();
          this.keys.set(signature, key);
          let data: Record<string, unknown>;
          try {
            data = await this.deps.api.mutate(batch.spec.document, batchVariables(batch, key));
          } catch (error) {
            failure = error as Error;
            break;
          }
          const outcome = readOutcome(this.layout, batch, data[batch.spec.field], current);
          if (outcome.status === 'written') {
            this.keys.delete(signature);
            updates.push(...outcome.updates);
            pushedBatches.push(batch.spec.name);
            pushedCells += batch.items.reduce((n, item) => n + item.columns.length, 0);
          } else {
            conflicts.push(...outcome.conflicts);
            refused.push(...outcome.problems);
          }
        }

        if (updates.length > 0) {
          // The pushed values (as the server now holds them) become the baseline, and their
          // new versions go into the sheet so the next push is based on them.
          this.baseline = patchRows(this.layout, this.baseline!, updates);
          await this.writeSheet(patchRows(this.layout, current, updates));
        }
        this.serverProblems = refused.map((p) => ({ ...p, value: current[p.row]?.[p.column] }));
        this.set({ conflicts });
        await this.scanNow();

        const notices: Notice[] = [];
        if (pushedCells > 0) notices.push({ intent: 'success', title: `Pushed ${plural(pushedCells, 'change')}`, text: `${pushedBatches.join(' and ')} saved; versions updated in the sheet.` });
        if (conflicts.length > 0) {
          notices.push({
            intent: 'warning',
            title: `${plural(conflicts.length, 'row')} changed on the server since your pull`,
            text: 'Nothing in that batch was written. For each, keep your value or take the server’s, then push again.',
          });
        }
        if (refused.length > 0) notices.push({ intent: 'error', title: `The server refused ${plural(refused.length, 'value')}`, text: 'Nothing in that batch was written. Fix the values listed below and push again.' });
        if (failure) {
          notices.push({
            intent: 'error',
            title: 'Push did not complete',
            text: `${failure.message} Your changes are still pending. Pushing again resends the same batch with the same key, so nothing is applied twice.`,
          });
        }
        // The most serious notice wins; the lists below carry the details.
        const order = ['error', 'warning', 'success', 'info'];
        notices.sort((a, b) => order.indexOf(a.intent) - order.indexOf(b.intent));
        const first = notices[0];
        if (first && notices.length > 1 && pushedCells > 0) first.text = `${first.text ?? ''} (${notices.find((n) => n.intent === 'success')!.title}.)`.trim();
        this.set({ notice: first ?? null });
      } catch (error) {
        this.set({ notice: { intent: 'error', title: 'Push failed', text: (error as Error).message } });
      } finally {
        this.set({ phase: 'idle' });
      }
    });
  }

  /** Keep mine: rebase my value on the server's version. Take theirs: write the server's value into the cell. */
  resolve(conflicts: Conflict[], choice: 'mine' | 'server'): Promise<void> {
    return this.serial(async () => {
      const current = await this.deps.office.readTable(this.table);
      const sheetPatches = conflicts.map((c) => {
        const cells = { ...c.serverCells };
        if (choice === 'mine') for (const cell of c.cells) delete cells[cell.column];
        return { rowKey: c.rowKey, cells };
      });
      this.baseline = patchRows(this.layout, this.baseline!, conflicts.map((c) => ({ rowKey: c.rowKey, cells: c.serverCells })));
      const settled = new Set(conflicts.map((c) => `${c.batch}|${c.rowKey}`));
      this.set({ conflicts: this.state.conflicts.filter((c) => !settled.has(`${c.batch}|${c.rowKey}`)) });
      await this.writeSheet(patchRows(this.layout, current, sheetPatches));
      await this.scanNow();
      const labels = conflicts.map((c) => c.label).join(', ');
      this.set({
        notice: choice === 'mine'
          ? { intent: 'info', title: `Kept your ${conflicts.length === 1 ? 'value' : 'values'} for ${labels}`, text: 'Now based on the server’s latest version: push to send.' }
          : { intent: 'info', title: `Took the server’s ${conflicts.length === 1 ? 'value' : 'values'} for ${labels}`, text: 'The sheet now shows what the server holds.' },
      });
    });
  }

  private async writeSheet(rows: Row[]): Promise<void> {
    this.ownWrites += 1;
    try {
      const result = await this.deps.office.writeTable(this.table, rows);
      this.set({ lastWrite: result });
    } finally {
      this.ownWrites -= 1;
    }
  }

  dismissNotice(): void {
    this.set({ notice: null });
  }

  async dispose(): Promise<void> {
    this.controller?.abort();
    if (this.scanTimer) clearTimeout(this.scanTimer);
    await this.unlisten?.();
    this.unlisten = null;
  }
}
