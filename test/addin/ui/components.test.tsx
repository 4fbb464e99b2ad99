// @vitest-environment jsdom
// The pending-changes list and the conflict choices, rendered with plain props.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Conflict } from '../../../addin/sheets/push.js';
import { ConflictList } from '../../../addin/ui/ConflictList.js';
import { PendingChanges } from '../../../addin/ui/PendingChanges.js';
import type { ListedProblem, PendingEdit } from '../../../addin/workflow/state.js';
import '../support/jsdom.js';

afterEach(cleanup);
const wrap = (node: ReactNode) => render(<FluentProvider theme={webLightTheme}>{node}</FluentProvider>);

const edit = (label: string, header: string, before: string, after: string): PendingEdit => ({ rowKey: label, row: 0, column: header, label, header, kind: 'text', before, after });

describe('PendingChanges', () => {
  it('counts the changes, lists each with old → new, and pushes them', () => {
    const onPush = vi.fn();
    wrap(
      <PendingChanges
        edits={[edit('PRJ-001', 'Status', 'ACTIVE', 'ON_HOLD'), edit('PRJ-002', '% complete', '30 %', '45 %'), edit('PRJ-002', 'Actual cost', '25,000.00', '26,000.50')]}
        problems={[]}
        notes={[]}
        busy={false}
        pushing={false}
        canPush
        onPush={onPush}
        onCheck={() => {}}
      />,
    );
    expect(screen.getByRole('heading', { name: '3 changes pending' })).toBeTruthy();
    const items = within(screen.getByRole('list', { name: 'Changes' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual(['PRJ-001 · StatusACTIVE → ON_HOLD', 'PRJ-002 · % complete30 % → 45 %', 'PRJ-002 · Actual cost25,000.00 → 26,000.50']);
    fireEvent.click(screen.getByRole('button', { name: 'Push 3 changes' }));
    expect(onPush).toHaveBeenCalledTimes(1);
  });

  it('lists the values to fix, and a read-only token cannot push', () => {
    const problem: ListedProblem = { rowKey: 'P1', row: 0, column: 'percentComplete', label: 'PRJ-001', header: '% complete', kind: 'percent', message: '% complete: 150 is over 100 %.' };
    wrap(
      <PendingChanges
        edits={[edit('PRJ-001', '% complete', '30 %', '150 %')]}
        problems={[problem]}
        notes={[{ rowKey: 'P2', row: 1, column: 'name', label: 'PRJ-002', header: 'Name', kind: 'text', message: 'Name is read-only here: this change won’t be pushed, and a refresh puts the server’s value back.' }]}
        busy={false}
        pushing={false}
        canPush={false}
        readOnlyReason="Your token is read-only (VIEWER): changes cannot be pushed."
        onPush={() => {}}
        onCheck={() => {}}
      />,
    );
    expect(screen.getByRole('heading', { name: '1 value or row needs fixing' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: '1 thing won’t be pushed' })).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Not pushed' })).getByRole('listitem').textContent).toContain('PRJ-002 · NameName is read-only here');
    expect(within(screen.getByRole('list', { name: 'Values to fix' })).getByRole('listitem').textContent).toBe('PRJ-001 · % complete% complete: 150 is over 100 %.');
    expect(screen.getByText('Your token is read-only (VIEWER): changes cannot be pushed.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Push 1 change' }).hasAttribute('disabled')).toBe(true);
  });

  it('says there is nothing pending and how to change something', () => {
    wrap(<PendingChanges notes={[]} edits={[]} problems={[]} busy={false} pushing={false} canPush onPush={() => {}} onCheck={() => {}} />);
    expect(screen.getByRole('heading', { name: 'No changes pending' })).toBeTruthy();
    expect(screen.getByText(/Edit the yellow columns/)).toBeTruthy();
  });
});

describe('ConflictList', () => {
  const conflict = (label: string, server: number, mine: number): Conflict => ({
    rowKey: label, row: 0, label, batch: 'KPI targets', version: 3, serverCells: { target: server, targetVersion: 3 },
    cells: [{ column: 'target', header: 'Target', kind: 'decimal', mine, server }],
  });

  it("shows the server's value and the user's, and offers keep mine or take the server's per row", () => {
    const onResolve = vi.fn();
    const a = conflict('DSO 2026-10', 35, 38);
    wrap(<ConflictList conflicts={[a]} busy={false} onResolve={onResolve} />);
    const item = screen.getByRole('listitem', { name: 'Conflict on DSO 2026-10' });
    expect(item.textContent).toContain('Server35 (version 3)');
    expect(item.textContent).toContain('Yours38');
    fireEvent.click(within(item).getByRole('button', { name: 'Keep mine' }));
    expect(onResolve).toHaveBeenLastCalledWith([a], 'mine');
    fireEvent.click(within(item).getByRole('button', { name: 'Take server’s' }));
    expect(onResolve).toHaveBeenLastCalledWith([a], 'server');
  });

  it('settles all conflicts at once when there are several', () => {
    const onResolve = vi.fn();
    const list = [conflict('DSO 2026-10', 35, 38), conflict('CEI 2026-10', 80, 85)];
    wrap(<ConflictList conflicts={list} busy={false} onResolve={onResolve} />);
    expect(screen.getByRole('heading', { name: /2 conflicts/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Take all server’s' }));
    expect(onResolve).toHaveBeenCalledWith(list, 'server');
  });
});
