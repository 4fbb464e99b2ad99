// One dataset's life in the workbook: pull it into its table (a refresh matched by key), watch
// the sheet for edits and added rows (read against the records pulled, see sheets/row-match.ts),
// check them, push them as batch mutations, and settle conflicts. No React here: components
// subscribe to its state; tests drive it through the pane, on the in-memory Excel and a fake API.
// What the pane says lives in messages.ts, which cells are marked in marks.ts.
import type { LedgerApi } from '../api/client.js';
import { isAbort } from '../api/client.js';
import type { WriteResult } from '../office/contract.js';
import type { OfficeLayerError } from '../office/errors.js';
import { displayCell, kindOf, sameCell } from '../sheets/cells.js';
import { adoptBaseline } from '../sheets/diff.js';
import { batchSignature, batchVariables, planBatches, readOutcome, type Conflict, type PushedRow } from '../sheets/push.js';
import { planRefresh, stampRowKey, type RefreshPlan } from '../sheets/refresh-plan.js';
import { createSpecOf, identityOf, readSheet, ROW_KEY_COLUMN, ROW_KEY_HEADER, rowKeyColumn, type SheetReading } from '../sheets/row-match.js';
import { columnOf, rowKeyOf, type DatasetLayout, type DatasetTable, type Edit, type Filters, type Problem, type Row } from '../sheets/types.js';
import { validateEdits, validateNewRows } from '../sheets/validate.js';
import { markChanges, wantedMarks, type CellMarks } from './marks.js';
import * as say from './messages.js';
import type { OfficeFunctions } from './office-functions.js';
import { INITIAL_STATE, type Listed, type ListedProblem, type PendingEdit, type SessionState } from './state.js';

export interface SessionDeps {
  layout: DatasetLayout;
  /** The workbook table this session fills (a named query's sheet and table); default the layout's own. */
  table?: DatasetLayout['table'];
  office: OfficeFunctions;
  api: LedgerApi;
  today: () => string;
  newKey: () => string;
  /** Milliseconds to wait after an edit event before reading the sheet. */
  scanDelayMs?: number;
}

export class DatasetSession {
  readonly layout: DatasetLayout;
  /** The table in the workbook: the layout's columns and the hidden row-key column. */
  readonly table: DatasetTable;
  private state: SessionState = INITIAL_STATE;
  private readonly listeners = new Set<() => void>();
  /** Each record as pulled, by key: edits are what differs from it. */
  private baseline: Map<string, Row> | null = null;
  /** Records the server no longer has whose rows a refresh could not remove (a filtered table). */
  private gone = new Set<string>();
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
  /** The filters of the last pull: what the table holds (a promise covers the worklist's as-of date). */
  private filters: Filters = {};

  constructor(private readonly deps: SessionDeps) {
    this.layout = deps.layout;
    const table = deps.table ?? deps.layout.table;
    this.table = { ...table, columns: [...table.columns.filter((c) => c.key !== ROW_KEY_COLUMN), rowKeyColumn] };
  }

  getState = (): SessionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The filters the table was last pulled with. */
  get pulledFilters(): Filters {
    return this.filters;
  }

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

  /**
   * The table's rows, or [] when there is no table. A table pulled before rows carried their key
   * in the hidden row-key column: every row counts as pulled, its key the typed one.
   */
  private async readRows(): Promise<Row[]> {
    try {
      return await this.deps.office.readTable(this.table);
    } catch (error) {
      const e = error as Partial<OfficeLayerError>;
      if (e.code !== 'ColumnNotFound' || !String(e.message).includes(`"${ROW_KEY_HEADER}"`)) throw error;
      const legacy = { ...this.table, columns: this.table.columns.filter((c) => c.key !== ROW_KEY_COLUMN) };
      return (await this.deps.office.readTable(legacy)).map((row) => ({ ...row, [ROW_KEY_COLUMN]: rowKeyOf(this.layout, row) }));
    }
  }

  private async readRowsIfAny(): Promise<Row[]> {
    try {
      return await this.readRows();
    } catch (error) {
      if ((error as Partial<OfficeLayerError>).code === 'TableNotFound') return [];
      throw error;
    }
  }

  /** The rows for a refresh: a renamed or deleted layout header is put back first (never a second column beside it). */
  private async readRowsRestoringHeaders(): Promise<{ current: Row[]; restoredHeaders: string[] }> {
    try {
      return { current: await this.readRowsIfAny(), restoredHeaders: [] };
    } catch (error) {
      if ((error as Partial<OfficeLayerError>).code !== 'ColumnNotFound') throw error;
    }
    this.ownWrites += 1;
    try {
      const { restoredHeaders } = await this.deps.office.syncTable(this.table, { rows: [], append: [], remove: [] });
      return { current: await this.readRowsIfAny(), restoredHeaders };
    } finally {
      this.ownWrites -= 1;
    }
  }

  private reading(current: Row[]): SheetReading {
    return readSheet(this.layout, this.baseline ?? new Map(), current, this.gone);
  }

  /**
   * Pulls the dataset into its table: a refresh writes each record onto its own row (sort and
   * filter kept), adds new ones, removes gone ones. keepEdits false: the sheet becomes the
   * server's rows (unpushed edits and added rows discarded); otherwise they are kept.
   */
  pull(filters: Filters, options: { keepEdits?: boolean } = {}): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    this.set({ phase: 'fetching', progress: { done: 0, total: null }, notice: null, askToKeepEdits: false });
    return this.serial(async () => {
      let fetched = 0;
      let writing: { plan: RefreshPlan; current: Row[]; reading: SheetReading; done: number } | null = null;
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
        if (signal.aborted) throw new DOMException('Cancelled', 'AbortError');
        const { current, restoredHeaders } = await this.readRowsRestoringHeaders();
        if (!this.baseline && current.length > 0) {
          this.baseline = adoptBaseline(this.layout, fresh, current);
          if (this.layout.push && (await this.askAboutEarlierEdits(current, options))) return;
        }
        const reading = this.reading(current);
        const plan = planRefresh(this.layout, fresh, current, reading, options.keepEdits !== false);
        if (signal.aborted) throw new DOMException('Cancelled', 'AbortError');
        const total = plan.rows.filter(Boolean).length + plan.append.length;
        this.set({ phase: 'writing', progress: { done: 0, total } });
        writing = { plan, current, reading, done: 0 };
        this.ownWrites += 1;
        let written: WriteResult & { notRemoved: number[]; restoredHeaders: string[] };
        try {
          written = await this.deps.office.syncTable(this.table, plan, {
            signal,
            onProgress: (done, all) => {
              writing!.done = done;
              this.set({ progress: { done, total: all } });
            },
          });
          const rowCount = current.length + plan.append.length - plan.remove.length;
          if (this.layout.chart && rowCount > 0 && !signal.aborted) await this.deps.office.addOrUpdateChart(this.table, this.layout.chart);
        } finally {
          this.ownWrites -= 1;
        }
        this.filters = filters;
        this.baseline = plan.baseline;
        this.gone = new Set(written.notRemoved.map((i) => identityOf(this.layout, current[i]!)).filter((key) => !plan.baseline.has(key)));
        this.serverProblems = [];
        this.set({ pulled: true, conflicts: [], lastWrite: written, tableNote: this.layout.pullNote?.(fresh, filters) ?? null });
        await this.listen();
        const after = await this.scanNow();
        const notice = say.pulled({
          refreshed: written.refreshed,
          rows: fresh.length,
          sheetName: this.table.sheetName,
          scope: this.layout.describeFilters?.(filters),
          kept: plan.kept,
          lost: plan.lost,
          added: written.refreshed ? plan.added : 0,
          removed: plan.removed - written.notRemoved.length,
          notRemoved: this.gone.size,
          restoredHeaders: [...restoredHeaders, ...written.restoredHeaders],
          ownRows: after ? this.state.edits.filter((e) => e.column === '').length + this.state.problems.length : 0,
        });
        // Shown with the pane idle again, so the notice and the enabled buttons arrive together.
        this.set({ notice, phase: 'idle', progress: null });
      } catch (error) {
        if ((isAbort(error) || signal.aborted) && writing) {
          // Cancelled while writing: the rows written so far hold the new records, the rest the old.
          this.baseline = baselineAfterCancel(writing.plan, writing.reading, this.baseline ?? new Map(), writing.done);
          this.set({ pulled: true, conflicts: [], notice: say.pullCancelledWhileWriting(writing.done, writing.plan.rows.filter(Boolean).length + writing.plan.append.length, this.table.sheetName) });
          await this.listen().catch(() => undefined);
          await this.scanNow();
        } else if (isAbort(error) || signal.aborted) {
          this.set({ notice: say.pullCancelledBeforeWriting(fetched) });
        } else {
          this.set({ notice: say.pullFailed(this.layout.title, error as Error, this.table.tableName) });
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
   * opened again) and holds changes not pushed: true when the user has not said whether to keep
   * them. Then nothing is written and the pane asks.
   */
  private async askAboutEarlierEdits(current: Row[], options: { keepEdits?: boolean }): Promise<boolean> {
    const reading = this.reading(current);
    const found = reading.edits.length + reading.newRows.length;
    if (found === 0 || options.keepEdits !== undefined) return false;
    this.set({ pulled: true, conflicts: [] });
    await this.listen();
    await this.scanNow();
    this.set({ askToKeepEdits: true, notice: say.editsFromBeforeThePane(found, this.table.sheetName) });
    return true;
  }

  /** The user closed the keep-or-discard question without refreshing: the edits stay pending. */
  dismissKeepEdits(): void {
    this.set({ askToKeepEdits: false });
  }

  /** Puts renamed layout headers back (and re-adds deleted layout columns), then reads the sheet again. */
  restoreHeaders(): Promise<void> {
    return this.serial(async () => {
      this.ownWrites += 1;
      try {
        const result = await this.deps.office.syncTable(this.table, { rows: [], append: [], remove: [] });
        this.set({ notice: say.headersRestored(result.restoredHeaders) });
      } catch (error) {
        this.set({ notice: say.sheetUnreadable(error as Error) });
        return;
      } finally {
        this.ownWrites -= 1;
      }
      await this.scanNow();
    });
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

  /** Reads the sheet and lists the changes, checking each value as it stands. */
  scan(): Promise<void> {
    return this.serial(async () => void (await this.scanNow()));
  }

  private async scanNow(): Promise<{ current: Row[]; reading: SheetReading } | null> {
    if (!this.baseline || !this.layout.push) return null;
    try {
      const current = await this.readRows();
      const reading = this.reading(current);
      this.showChanges(current, reading);
      await this.applyMarks(reading);
      return { current, reading };
    } catch (error) {
      const e = error as Partial<OfficeLayerError>;
      this.set({ notice: e.code === 'ColumnNotFound' ? say.headerMissing(error as Error) : say.sheetUnreadable(error as Error) });
      return null;
    }
  }

  private showChanges(current: Row[], reading: SheetReading): void {
    const creates = createSpecOf(this.layout);
    const { problems } = validateEdits(reading.edits, current, this.layout);
    const newRows = creates ? validateNewRows(reading.newRows, current, this.layout, creates) : { rows: [], problems: [] };
    const rowIndex = rowIndexOf(reading);
    // A refused value stays listed until the cell changes.
    this.serverProblems = this.serverProblems.filter((p) => {
      const i = rowIndex.get(p.rowKey);
      if (i === undefined) return p.rowKey === '';
      p.row = i;
      return sameCell(current[i]![p.column], p.value as never, kindOf(columnOf(this.layout, p.column), current[i]));
    });
    const conflicts = this.state.conflicts.map((c) => ({ ...c, row: rowIndex.get(c.rowKey) ?? c.row }));
    this.set({
      rowCount: current.length,
      edits: [...reading.edits.map((e) => this.listEdit(e, current)), ...reading.newRows.map((r) => this.listNewRow(r, current))],
      problems: [...reading.problems, ...problems, ...newRows.problems, ...this.serverProblems].map((p) => this.listProblem(p, current)),
      notes: reading.notes.map((p) => this.listProblem(p, current)),
      conflicts,
    });
  }

  private listed(p: { rowKey: string; row: number; column: string }, current: Row[]): Listed {
    const column = p.column ? columnOf(this.layout, p.column) : null;
    const row = p.row >= 0 ? current[p.row] : undefined;
    return { rowKey: p.rowKey, row: p.row, column: p.column, label: row ? this.layout.rowLabel(row) : '', header: column?.header ?? '', kind: column ? kindOf(column, row) : 'text' };
  }

  private listEdit(edit: Edit, current: Row[]): PendingEdit {
    const listed = this.listed(edit, current);
    return { ...listed, before: displayCell(edit.before, listed.kind), after: displayCell(edit.after, listed.kind) };
  }

  private listNewRow(row: { rowKey: string; row: number }, current: Row[]): PendingEdit {
    return { rowKey: row.rowKey, row: row.row, column: '', label: this.layout.rowLabel(current[row.row]!), header: 'New row', kind: 'text', before: '', after: 'created on push' };
  }

  private listProblem(problem: Problem, current: Row[]): ListedProblem {
    const listed = this.listed(problem, current);
    return { ...listed, label: problem.rowKey.startsWith('#') ? `Table row ${problem.row + 1}` : listed.label, message: problem.message };
  }

  private async applyMarks(reading: SheetReading): Promise<void> {
    const { cells, next } = markChanges(this.marks, wantedMarks(this.state), rowIndexOf(reading));
    this.marks = next;
    if (cells.length > 0) await this.deps.office.markCells(this.table, cells);
  }

  /**
   * Checks the changes, then sends each batch; versions come back into the sheet, or conflicts are
   * listed. A batch that cannot be taken back (it sends mail) is only sent with `confirmed` set to
   * the signature of the push the user said yes to; otherwise the pane is asked to confirm it.
   */
  push(options: { confirmed?: string } = {}): Promise<void> {
    this.set({ phase: 'checking', notice: null, confirmation: null });
    return this.serial(async () => {
      try {
        const scanned = await this.scanNow();
        if (!scanned) return;
        const { current, reading } = scanned;
        const creates = createSpecOf(this.layout);
        const actsOnTable = this.layout.push?.batches.some((b) => b.sends === 'table') ?? false;
        if (reading.edits.length === 0 && reading.newRows.length === 0 && !actsOnTable) {
          this.set({ notice: reading.problems.length > 0 ? say.valuesToFix(reading.problems.length) : say.NOTHING_TO_PUSH });
          return;
        }
        const { rows, problems } = validateEdits(reading.edits, current, this.layout);
        const added = creates ? validateNewRows(reading.newRows, current, this.layout, creates) : { rows: [], problems: [] };
        const blocking = reading.problems.length + problems.length + added.problems.length;
        if (blocking > 0 || this.state.conflicts.length > 0) {
          this.set({ notice: this.state.conflicts.length > 0 ? say.SETTLE_CONFLICTS_FIRST : say.valuesToFix(blocking) });
          return;
        }
        this.set({ phase: 'pushing' });
        // A 'table' batch sees every row of a pulled record, edited or not.
        const edited = new Map(rows.map((r) => [r.rowKey, r] as const));
        const table = [...reading.rowOf].map(([rowKey, row]) => edited.get(rowKey) ?? { rowKey, row, current: current[row]!, edits: [] });
        const planned = await planBatches(this.layout, rows, { api: this.deps.api, today: this.deps.today(), filters: this.filters }, added.rows, table);
        if (planned.problems.length > 0) {
          this.serverProblems = planned.problems.map((p) => ({ ...p, value: current[p.row]?.[p.column] }));
          this.showChanges(current, reading);
          await this.applyMarks(reading);
          this.set({ notice: say.rowsThatCannotBeSent(planned.problems.length) });
          return;
        }
        if (planned.batches.length === 0 && actsOnTable) {
          this.set({ notice: say.NOTHING_SELECTED });
          return;
        }
        const asking = planned.batches.filter((b) => b.spec.confirm);
        const asked = JSON.stringify(asking.map(batchSignature));
        if (asking.length > 0 && options.confirmed !== asked) {
          // Asked again when the sheet changed since the question (the answer was about other rows).
          const [first] = asking;
          this.set({ confirmation: { ...first!.spec.confirm!(first!.items, (rowKey) => this.baseline?.get(rowKey)), signature: asked } });
          return;
        }

        const updates: PushedRow[] = [];
        const conflicts: Conflict[] = [];
        const refused: Problem[] = [];
        const pushedBatches: string[] = [];
        const done: string[] = [];
        let pushedCells = 0;
        let createdRows = 0;
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
            if (!pushedBatches.includes(batch.spec.name)) pushedBatches.push(batch.spec.name);
            if (batch.spec.done) {
              done.push(batch.spec.done(data[batch.spec.field]));
              continue;
            }
            for (const item of batch.items) {
              if (item.create) createdRows += 1;
              else pushedCells += item.columns.length;
            }
          } else {
            conflicts.push(...outcome.conflicts);
            refused.push(...outcome.problems);
          }
        }

        if (updates.length > 0) await this.writeBack(current, updates);
        this.serverProblems = refused.map((p) => ({ ...p, value: current[p.row]?.[p.column] }));
        this.set({ conflicts });
        await this.scanNow();

        this.set({ notice: say.pushed({ cells: pushedCells, created: createdRows, done, batches: pushedBatches, conflicts: conflicts.length, refused: refused.length, failure }) });
      } catch (error) {
        this.set({ notice: say.pushFailed(error as Error) });
      } finally {
        this.set({ phase: 'idle' });
      }
    });
  }

  /**
   * The pushed values (as the server now holds them) become the baseline, and their new versions
   * (a created row: its key and version) go into the sheet, so the next push is based on them.
   */
  private async writeBack(current: Row[], updates: PushedRow[]): Promise<void> {
    const rows: (Row | null)[] = current.map(() => null);
    for (const update of updates) {
      const now = rows[update.row] ?? current[update.row];
      if (!now) continue;
      let row = { ...now, ...update.cells };
      if (update.created) row = stampRowKey(this.layout, row);
      rows[update.row] = row;
      const key = update.created ? rowKeyOf(this.layout, row) : update.rowKey;
      this.baseline!.set(key, { ...(this.baseline!.get(key) ?? row), ...update.cells, [ROW_KEY_COLUMN]: key });
    }
    await this.writeRows(rows);
  }

  /** Keep mine: rebase my value on the server's version. Take theirs: write the server's value into the cell. */
  resolve(conflicts: Conflict[], choice: 'mine' | 'server'): Promise<void> {
    return this.serial(async () => {
      const current = await this.readRows();
      const reading = this.reading(current);
      const rows: (Row | null)[] = current.map(() => null);
      for (const conflict of conflicts) {
        const base = this.baseline!.get(conflict.rowKey);
        if (base) this.baseline!.set(conflict.rowKey, { ...base, ...conflict.serverCells });
        const at = reading.rowOf.get(conflict.rowKey);
        if (at === undefined) continue;
        const cells = { ...conflict.serverCells };
        if (choice === 'mine') for (const cell of conflict.cells) delete cells[cell.column];
        rows[at] = { ...current[at]!, ...cells };
      }
      const settled = new Set(conflicts.map((c) => `${c.batch}|${c.rowKey}`));
      this.set({ conflicts: this.state.conflicts.filter((c) => !settled.has(`${c.batch}|${c.rowKey}`)) });
      await this.writeRows(rows);
      await this.scanNow();
      this.set({ notice: say.settled(conflicts, choice) });
    });
  }

  /** Writes the rows given over their sheet rows (null: left alone). */
  private async writeRows(rows: (Row | null)[]): Promise<void> {
    if (!rows.some(Boolean)) return;
    this.ownWrites += 1;
    try {
      const result = await this.deps.office.syncTable(this.table, { rows, append: [], remove: [] });
      this.set({ lastWrite: result });
    } finally {
      this.ownWrites -= 1;
    }
  }

  /** The user said no to a push that asked first: nothing was sent, the changes stay pending. */
  dismissConfirmation(): void {
    this.set({ confirmation: null });
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

/** The sheet row of every key the lists use: records, and the analyst's own rows by `#<row>` or typed key. */
function rowIndexOf(reading: SheetReading): Map<string, number> {
  const index = new Map<string, number>();
  reading.keyOfRow.forEach((key, i) => {
    if (!index.has(key)) index.set(key, i);
    index.set(`#${i}`, i);
  });
  for (const [key, i] of reading.rowOf) index.set(key, i);
  return index;
}

/**
 * After a refresh cancelled part way: the office layer wrote, in order, the plan's rows in place
 * (ascending) and then the appended ones. Those records are as pulled now; the others as before.
 */
function baselineAfterCancel(plan: RefreshPlan, reading: SheetReading, before: Map<string, Row>, done: number): Map<string, Row> {
  const order: string[] = [];
  const keyAt = new Map<number, string>();
  for (const [key, i] of reading.rowOf) keyAt.set(i, key);
  plan.rows.forEach((row, i) => {
    if (row) order.push(String(row[ROW_KEY_COLUMN] ?? keyAt.get(i) ?? ''));
  });
  for (const row of plan.append) order.push(String(row[ROW_KEY_COLUMN]));
  const appendedFrom = order.length - plan.append.length;
  const baseline = new Map(before);
  order.forEach((key, k) => {
    const base = plan.baseline.get(key);
    if (k < done && base) baseline.set(key, base);
    else if (k >= appendedFrom) baseline.delete(key);
  });
  return baseline;
}
