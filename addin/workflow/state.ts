// What the pane shows of one dataset's workflow: components render this state and nothing else.
import type { ColumnKind, WriteResult } from '../office/contract.js';
import type { Conflict } from '../sheets/push.js';
import type { Notice } from './messages.js';

export type Phase = 'idle' | 'fetching' | 'writing' | 'checking' | 'pushing';

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
  /** Values and rows to fix before pushing (invalid values, duplicate or overwritten keys). */
  problems: ListedProblem[];
  /** What will not be pushed, said once: read-only edits, rows this dataset cannot create, rows removed from the sheet. */
  notes: ListedProblem[];
  conflicts: Conflict[];
  notice: Notice | null;
  /** What stays in view about the rows pulled, beside the notices (e.g. "2026-10 is closed for US01"). */
  tableNote: string | null;
  lastWrite: WriteResult | null;
  /**
   * A refresh found edits in a table pulled before the pane was opened: the pane asks whether
   * to keep them before anything is written (the edits are listed and can be pushed as they are).
   */
  askToKeepEdits: boolean;
  /**
   * A push that cannot be taken back (it sends mail) waits for the user's yes: what to ask, and
   * the push it is about (pushing again with this `signature` sends exactly that).
   */
  confirmation: { title: string; text: string; signature: string } | null;
}

export const INITIAL_STATE: SessionState = {
  phase: 'idle',
  progress: null,
  pulled: false,
  rowCount: 0,
  edits: [],
  problems: [],
  notes: [],
  conflicts: [],
  notice: null,
  tableNote: null,
  lastWrite: null,
  askToKeepEdits: false,
  confirmation: null,
};
