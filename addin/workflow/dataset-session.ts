// One dataset's life in the workbook: pull it into its table, watch the sheet for edits
// (diffing against the values pulled), check them, push them as batch mutations, and settle
// conflicts. No React here: components subscribe to its state; tests drive it through the
// pane, on the in-memory Excel and a fake API.
// What the pane says lives in messages.ts, which cells are marked in marks.ts.
import type { LedgerApi } from '../api/client.js';
import { isAbort } from '../api/client.js';
import type { WriteResult } from '../office/contract.js';
import type { OfficeLayerError } from '../office/errors.js';
import { displayCell, kindOf, sameCell } from '../sheets/cells.js';
import { adoptBaseline, diffEdits, overlayEdits } from '../sheets/diff.js';
import { batchSignature, batchVariables, patchRows, planBatches, readOutcome, type Conflict } from '../sheets/push.js';
import { columnOf, rowKeyOf, type DatasetLayout, type Edit, type Filters, type Problem, type Row } from '../sheets/types.js';
import { validateEdits } from '../sheets/validate.js';
import { markChanges, wantedMarks, type CellMarks } from './marks.js';
import * as say from './messages.js';
import type { OfficeFunctions } from './office-functions.js';
import { INITIAL_STATE, type Listed, type ListedProblem, type PendingEdit, type SessionState } from './state.js';

export interface SessionDeps {
  layout: DatasetLayout;
  office: OfficeFunctions;
  api: LedgerApi;
  today: () => string;
  newKey: () => string;
  /** Milliseconds to wait after an edit event before reading the sheet. */
  scanDelayMs?: number;
}

export class DatasetSession {
  readonly layout: DatasetLayout;
  private state: SessionState = INITIAL_STATE;
  private readonly listeners = new Set<() => void>();
  private baseline: Row[] | null = null;
  /** Idempotency keys by payload: a retry of the same batch reuses its key. */
  private readonly keys = new Map<string, string>();
  /** Marks on the sheet now, by cell, so only changes are sent. */
  private marks: CellMarks = new Map();
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
        const sheetName = this.table.sheetName;
        const notice = signal.aborted
          ? say.pullCancelledWhileWriting(written?.rows ?? 0, sheet.length, sheetName)
          : say.pulled({ refreshed: written?.refreshed ?? false, rows: sheet.length, sheetName, scope: this.layout.describeFilters?.(filters), kept, lost });
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
            notice: say.pullCancelledWhileWriting(writing.done, writing.total, this.table.sheetName),
          });
          await this.listen().catch(() => undefined);
          await this.scanNow();
        } else if (isAbort(error) || signal.aborted) {
          this.set({ notice: say.pullCancelledBeforeWriting(fetched) });
        } else {
          this.set({ notice: say.pullFailed(this.layout.title, error as Error) });
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
    this.set({ askToKeepEdits: true, notice: say.editsFromBeforeThePane(found, this.table.sheetName) });
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
      this.set({ notice: say.sheetUnreadable(error as Error) });
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
      return sameCell(current[i]![p.column], p.value as never, kindOf(columnOf(this.layout, p.column), current[i]));
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
    return { rowKey: p.rowKey, row: p.row, column: p.column, label: row ? this.layout.rowLabel(row) : '', header: column?.header ?? '', kind: column ? kindOf(column, row) : 'text' };
  }

  private listEdit(edit: Edit, current: Row[]): PendingEdit {
    const listed = this.listed(edit, current);
    return { ...listed, before: displayCell(edit.before, listed.kind), after: displayCell(edit.after, listed.kind) };
  }

  private listProblem(problem: Problem, current: Row[]): ListedProblem {
    return { ...this.listed(problem, current), message: problem.message };
  }

  private async applyMarks(current: Row[]): Promise<void> {
    const rowIndex = new Map(current.map((row, i) => [rowKeyOf(this.layout, row), i] as const));
    const { cells, next } = markChanges(this.marks, wantedMarks(this.state), rowIndex);
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
          this.set({ notice: say.NOTHING_TO_PUSH });
          return;
        }
        const { rows, problems } = validateEdits(edits, current, this.layout);
        if (problems.length > 0 || this.state.conflicts.length > 0) {
          this.set({ notice: this.state.conflicts.length > 0 ? say.SETTLE_CONFLICTS_FIRST : say.valuesToFix(problems.length) });
          return;
        }
        this.set({ phase: 'pushing' });
        const planned = await planBatches(this.layout, rows, { api: this.deps.api, today: this.deps.today() });
        if (planned.problems.length > 0) {
          this.serverProblems = planned.problems.map((p) => ({ ...p, value: current[p.row]?.[p.column] }));
          this.showEdits(current);
          await this.applyMarks(current);
          this.set({ notice: say.rowsThatCannotBeSent(planned.problems.length) });
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

        this.set({ notice: say.pushed({ cells: pushedCells, batches: pushedBatches, conflicts: conflicts.length, refused: refused.length, failure }) });
      } catch (error) {
        this.set({ notice: say.pushFailed(error as Error) });
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
      this.set({ notice: say.settled(conflicts, choice) });
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
