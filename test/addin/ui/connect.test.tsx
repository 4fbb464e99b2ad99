// @vitest-environment jsdom
// Connecting: the page's origin by default, the token remembered per server on this computer,
// and plain messages for a wrong address, a refused token and no network.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type ClientOptions, type LedgerApi } from '../../../addin/api/client.js';
import type { KeyValueStore } from '../../../addin/api/token-store.js';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import * as officeLayer from '../../../addin/office/index.js';
import { App } from '../../../addin/ui/App.js';
import type { AddinServices } from '../../../addin/ui/services.js';
import { fromOfficeLayer } from '../../../addin/workflow/office-functions.js';
import { fakeApi } from '../support/fake-api.js';
import '../support/jsdom.js';

let workbook: FakeWorkbook;
beforeEach(() => {
  workbook = installFakeExcel();
});
afterEach(() => {
  cleanup();
  workbook.uninstall();
});

function memoryStore(initial: Record<string, string> = {}): KeyValueStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

function renderPane(createApi: (options: ClientOptions) => LedgerApi, storage = memoryStore()) {
  const services: AddinServices = {
    office: fromOfficeLayer(officeLayer),
    createApi: vi.fn(createApi),
    storage,
    defaultServerUrl: 'https://localhost:4000',
    today: () => '2026-11-25',
    newKey: () => 'key',
  };
  render(<App services={services} />);
  return services;
}

const refusing = (error: ApiError) => () => ({ serverUrl: 'x', query: async () => Promise.reject(error), mutate: async () => Promise.reject(error) });
const accepting = () =>
  fakeApi({
    Me: () => ({ me: { name: 'maria', role: 'ANALYST' } }),
    FilterChoices: () => ({ entities: [{ code: 'US01', name: 'United States', currency: 'USD' }], kpiDefinitions: [{ code: 'DSO', name: 'Days sales outstanding', unit: 'DAYS', source: 'COMPUTED', cadence: 'MONTHLY' }] }),
  });

function connectWith(server: string | null, token: string) {
  if (server !== null) fireEvent.change(screen.getByRole('textbox', { name: /server/i }), { target: { value: server } });
  fireEvent.change(screen.getByLabelText(/^Token/), { target: { value: token } });
  fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
}

describe('connecting', () => {
  it("offers the page's own origin and remembers the token per server, not in the workbook", async () => {
    const storage = memoryStore();
    const services = renderPane(accepting, storage);
    expect(screen.getByRole('textbox', { name: /server/i })).toHaveProperty('value', 'https://localhost:4000');
    connectWith(null, ' llt_secret ');
    expect(await screen.findByText('maria · ANALYST · localhost:4000')).toBeTruthy();
    expect(services.createApi).toHaveBeenCalledWith({ serverUrl: 'https://localhost:4000', token: 'llt_secret' });
    expect(storage.data.get('ledgerline.token:https://localhost:4000')).toBe('llt_secret');
    expect(await screen.findByRole('combobox', { name: 'Dataset' })).toBeTruthy();
  });

  it('connects at once with a token remembered for the server, and Disconnect forgets it', async () => {
    const storage = memoryStore({ 'ledgerline.lastServer': 'https://ledger.example.com', 'ledgerline.token:https://ledger.example.com': 'llt_saved' });
    const services = renderPane(accepting, storage);
    expect(await screen.findByText('maria · ANALYST · ledger.example.com')).toBeTruthy();
    expect(services.createApi).toHaveBeenCalledWith({ serverUrl: 'https://ledger.example.com', token: 'llt_saved' });
    fireEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
    expect(await screen.findByText(/token was removed from this computer/)).toBeTruthy();
    expect(storage.data.has('ledgerline.token:https://ledger.example.com')).toBe(false);
  });

  it('says when the address is not a web address, without calling anything', async () => {
    const services = renderPane(accepting);
    connectWith('ftp://files.example.com', 'llt_x');
    expect((await screen.findByRole('alert')).textContent).toContain('Check the server address');
    expect(screen.getByRole('alert').textContent).toContain('is not an http(s) address');
    expect(services.createApi).not.toHaveBeenCalled();
  });

  it('explains a token the server refused (UNAUTHENTICATED) and forgets it', async () => {
    const storage = memoryStore({ 'ledgerline.token:https://localhost:4000': 'llt_old' });
    renderPane(refusing(new ApiError('unauthenticated', 'The token was not accepted: it is unknown, expired or revoked. Ask an admin for a new token and enter it here.')), storage);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Token not accepted');
    expect(alert.textContent).toContain('unknown, expired or revoked');
    expect(storage.data.has('ledgerline.token:https://localhost:4000')).toBe(false);
    expect(screen.getByText('Not connected')).toBeTruthy();
  });

  it('tells no network from a server that cannot be reached or is not Ledgerline', async () => {
    renderPane(refusing(new ApiError('offline', 'No network connection. Connect to the network and try again.')));
    connectWith(null, 'llt_x');
    expect((await screen.findByRole('alert')).textContent).toBe('No networkNo network connection. Connect to the network and try again.');
    cleanup();
    renderPane(refusing(new ApiError('not-ledgerline', 'https://example.com answered (HTTP 404) but has no Ledgerline API at /graphql. Check the address.')));
    connectWith('example.com', 'llt_x');
    expect((await screen.findByRole('alert')).textContent).toContain('Not a Ledgerline server');
  });

  it('asks for a token before connecting', async () => {
    const services = renderPane(accepting);
    connectWith(null, '');
    expect(await screen.findByText('Enter your API token (it starts with llt_).')).toBeTruthy();
    expect(services.createApi).not.toHaveBeenCalled();
  });
});
